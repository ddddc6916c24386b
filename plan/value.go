package plan

import (
	"cmp"
	"math"
	"slices"
)

// outlay is one addition in a design's cash flow against today's park:
// its capital net of incentives, paid at purchase (t = 0) and again, at
// the same real cost, at the end of each lifetime that ends within the
// analysis period.
type outlay struct {
	capital  float64 // net of incentives, in the park's currency
	lifetime float64 // years, > 0
}

// presentValue values a design against today's park over years N at
// discount rate r (a fraction per year): saving S a year, at the end of
// each year t = 1…N, against outlays i of net capital K_i and lifetime
// L_i, each bought at t = 0 and again at t = L_i, 2L_i, … while < N, the
// part of its last life left at N credited back at its straight-line
// value (salvage_i = K_i × (t_last + L_i − N) / L_i):
//
//	NPV = S·Σ_{t=1..N} (1+r)^−t − Σ_i (K_i·Σ_k (1+r)^−k·L_i − salvage_i·(1+r)^−N)
//
// payback is the discounted payback: the first time the cumulative
// discounted cash flow — −Σ K_i at 0, each year's discounted saving
// accruing evenly over its year (linear interpolation within the year),
// each replacement taken off when it falls — reaches 0. The salvage is
// not cash before N and does not count towards it. nil when it does not
// within N years, when S ≤ 0, or when nothing is invested (Σ K_i = 0):
// nothing to pay back, as for the simple payback.
//
// With r = 0 and every L_i = N, NPV = S·N − Σ K_i; with every L_i = N,
// NPV = (S − Σ K_i·CRF(r, N))·Σ_{t=1..N} (1+r)^−t, the equivalent annual
// cost of the capital (TestPresentValue…).
func presentValue(saving float64, outlays []outlay, rate float64, years int) (npv float64, payback *float64) {
	n := float64(years)
	disc := func(t float64) float64 { return math.Pow(1+rate, -t) }
	// A purchase at k·L counts while it falls before N, short of N by
	// more than rounding (L = 25/3 and N = 25: three lives, not four).
	before := func(t float64) bool { return t < n*(1-1e-12) }

	var repl []replacement
	invested := 0.0
	for _, o := range outlays {
		if !(o.capital > 0) || !(o.lifetime > 0) {
			continue
		}
		invested += o.capital
		npv -= o.capital
		last := 0.0
		for k := 1; before(float64(k) * o.lifetime); k++ {
			t := float64(k) * o.lifetime
			pv := o.capital * disc(t)
			npv -= pv
			repl = append(repl, replacement{t, pv})
			last = t
		}
		if left := (last + o.lifetime - n) / o.lifetime; left > 0 {
			npv += o.capital * left * disc(n)
		}
	}
	for t := 1; t <= years; t++ {
		npv += saving * disc(float64(t))
	}
	if !(invested > 0) || !(saving > 0) {
		return npv, nil
	}

	// The cumulative discounted cash flow, year by year: within year t
	// (from t−1 to t) it rises by the year's discounted saving spread
	// evenly, and falls by each replacement in (t−1, t] when it comes.
	slices.SortStableFunc(repl, func(a, b replacement) int { return cmp.Compare(a.t, b.t) })
	cum, e := -invested, 0
	for t := 1; t <= years; t++ {
		rise := saving * disc(float64(t)) // a year
		at := float64(t - 1)
		for {
			next := float64(t)
			due := e < len(repl) && repl[e].t <= next
			if due {
				next = repl[e].t
			}
			if cum+rise*(next-at) >= 0 {
				v := at + -cum/rise
				return npv, &v
			}
			cum += rise * (next - at)
			at = next
			if !due {
				break
			}
			cum -= repl[e].pv
			e++
		}
	}
	return npv, nil
}

// replacement is an addition bought again at t (years), at discounted
// cost pv.
type replacement struct{ t, pv float64 }
