package periods

import (
	"math"
	"slices"
)

// norm is a series' min–max normalisation: x ↦ (x − lo)/(hi − lo), written
// with halves so that no difference of two finite float64 overflows.
type norm struct {
	lo, hi, half float64 // half = (hi − lo)/2; 0 for a constant series
	weight       float64
}

func (m norm) to(x float64) float64 {
	if m.half == 0 {
		return 0 // a constant series tells periods nothing apart (sklearn's MinMaxScaler gives 0 too)
	}
	return (x/2 - m.lo/2) / m.half
}

// from maps u ∈ [0, 1] back, clamped so that rounding cannot leave [lo, hi].
func (m norm) from(u float64) float64 { return min(m.hi, max(m.lo, m.lo+u*m.half+u*m.half)) }

func normalisers(series []Series) []norm {
	out := make([]norm, len(series))
	for s, ser := range series {
		lo, hi := slices.Min(ser.Values), slices.Max(ser.Values)
		w := ser.Weight
		if w == 0 {
			w = 1
		}
		out[s] = norm{lo: lo, hi: hi, half: hi/2 - lo/2, weight: w}
	}
	return out
}

// features returns one vector per listed period: for every series s and
// step t, weight_s · normalised value, at index s·T + t (tsam's layout).
func features(series []Series, norms []norm, periods []int, tp int) [][]float64 {
	buf := make([]float64, len(periods)*len(series)*tp)
	out := make([][]float64, len(periods))
	for i, p := range periods {
		v := buf[i*len(series)*tp : (i+1)*len(series)*tp]
		for s, ser := range series {
			m := norms[s]
			for t, x := range ser.Values[p*tp : (p+1)*tp] {
				v[s*tp+t] = m.weight * m.to(x)
			}
		}
		out[i] = v
	}
	return out
}

// keptPeriods returns the distinct full periods that cfg keeps, sorted.
// PeakMax and PeakMin look at every step: a peak in the remainder keeps
// nothing more, since the remainder is kept as it is. MeanMax and MeanMin
// compare full periods only (a shorter period's mean is not comparable).
func keptPeriods(series []Series, cfg Config, nFull int) []int {
	tp := cfg.PeriodSteps
	var keep []int
	add := func(p int) {
		if p < nFull && !slices.Contains(keep, p) {
			keep = append(keep, p)
		}
	}
	for _, e := range cfg.Extremes {
		i := slices.IndexFunc(series, func(s Series) bool { return s.Name == e.Series })
		v := series[i].Values
		switch e.Kind {
		case PeakMax:
			add(argBest(v, func(a, b float64) bool { return a > b }) / tp)
		case PeakMin:
			add(argBest(v, func(a, b float64) bool { return a < b }) / tp)
		case MeanMax, MeanMin:
			sums := make([]float64, nFull)
			for p := range sums {
				for _, x := range v[p*tp : (p+1)*tp] {
					sums[p] += x
				}
			}
			if e.Kind == MeanMax {
				add(argBest(sums, func(a, b float64) bool { return a > b }))
			} else {
				add(argBest(sums, func(a, b float64) bool { return a < b }))
			}
		}
	}
	for _, p := range cfg.KeepPeriods {
		add(p)
	}
	slices.Sort(keep)
	return keep
}

// argBest is the first index whose value is better than every earlier one.
func argBest(v []float64, better func(a, b float64) bool) int {
	best := 0
	for i, x := range v {
		if better(x, v[best]) {
			best = i
		}
	}
	return best
}

// Rescaling, after tsam's _rescaleClusterPeriods: at most maxRescaleRounds
// rounds, stopping when the relative difference is below rescaleTol.
const (
	maxRescaleRounds = 20
	rescaleTol       = 1e-6
)

// rescale scales, series by series and in normalised units u ∈ [0, 1], the
// typical representatives so that Σ_k Weight_k Σ_t u_{k,t} equals the sum of
// u over the original periods they stand for; values are clipped to [0, 1]
// after each round, which is why it may take more than one. Extremes and
// the remainder are copies of their own period and are left alone.
func (a *Aggregation) rescale(series []Series, norms []norm) {
	w := make([]float64, len(a.Reps))
	for k, r := range a.Reps {
		w[k] = float64(r.Weight)
	}
	for s, ser := range series {
		m := norms[s]
		if m.half == 0 {
			continue
		}
		target := 0.0
		for i, k := range a.Sigma {
			if a.Reps[k].Kind == KindTypical {
				for _, x := range ser.Values[i*a.PeriodSteps : (i+1)*a.PeriodSteps] {
					target += m.to(x)
				}
			}
		}
		u := make([][]float64, len(a.Reps)) // normalised typical values
		for k, r := range a.Reps {
			if r.Kind == KindTypical {
				u[k] = make([]float64, r.Steps)
				for t, x := range r.Values[s] {
					u[k][t] = m.to(x)
				}
			}
		}
		if !scaleToSum(u, w, target) {
			continue // keep the exact copies
		}
		for k, uk := range u {
			for t, x := range uk {
				a.Reps[k].Values[s][t] = m.from(x)
			}
		}
	}
}

// scaleToSum scales the normalised values u by one factor a round,
// clipping them to [0, 1], until Σ_k w[k] Σ_t u[k][t] is within rescaleTol
// (relative) of target, for at most maxRescaleRounds rounds; it reports
// whether it changed u. A sum of 0 cannot be scaled.
func scaleToSum(u [][]float64, w []float64, target float64) bool {
	changed := false
	for range maxRescaleRounds {
		c := 0.0
		for k := range u {
			for _, x := range u[k] {
				c += w[k] * x
			}
		}
		if c == 0 || math.Abs(target-c) <= rescaleTol*target {
			break
		}
		f := target / c
		changed = true
		for k := range u {
			for t, x := range u[k] {
				u[k][t] = min(1, max(0, f*x))
			}
		}
	}
	return changed
}

// clusterMembers lists, for every typical representative k, the original
// periods it stands for (nil for the others).
func (a *Aggregation) clusterMembers() [][]int {
	out := make([][]int, len(a.Reps))
	for i, k := range a.Sigma {
		if a.Reps[k].Kind == KindTypical {
			out[k] = append(out[k], i)
		}
	}
	return out
}

// centroids replaces every typical representative's values by the mean,
// step by step, of the periods it stands for.
func (a *Aggregation) centroids(series []Series) {
	members := a.clusterMembers()
	for k, ms := range members {
		if len(ms) == 0 {
			continue
		}
		for s, ser := range series {
			v := a.Reps[k].Values[s]
			clear(v)
			for _, i := range ms {
				for t, x := range ser.Values[i*a.PeriodSteps : (i+1)*a.PeriodSteps] {
					v[t] += x
				}
			}
			for t := range v {
				v[t] /= float64(len(ms))
			}
		}
	}
}

// rescaleClusters scales, series by series and in normalised units u ∈
// [0, 1], each typical representative so that its sum times its weight
// equals the sum of u over its own cluster's periods; values are clipped
// to [0, 1] after each round (at most maxRescaleRounds, relative
// tolerance rescaleTol). A representative whose values are all at the
// series' minimum cannot be scaled and is left as it is.
func (a *Aggregation) rescaleClusters(series []Series, norms []norm) {
	for k, ms := range a.clusterMembers() {
		a.rescaleCluster(k, ms, series, norms)
	}
}

// rescaleCluster is rescaleClusters for typical representative k, whose
// cluster holds the original periods ms (none: left alone).
func (a *Aggregation) rescaleCluster(k int, ms []int, series []Series, norms []norm) {
	if len(ms) == 0 {
		return
	}
	for s, ser := range series {
		m := norms[s]
		if m.half == 0 {
			continue
		}
		target := 0.0
		for _, i := range ms {
			for _, x := range ser.Values[i*a.PeriodSteps : (i+1)*a.PeriodSteps] {
				target += m.to(x)
			}
		}
		target /= float64(len(ms))
		v := a.Reps[k].Values[s]
		u := make([]float64, len(v))
		for t, x := range v {
			u[t] = m.to(x)
		}
		if scaleToSum([][]float64{u}, []float64{1}, target) {
			for t, x := range u {
				v[t] = m.from(x)
			}
		}
	}
}
