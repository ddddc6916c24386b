package plan

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// Hand arithmetic at r = 0, where discounting is nothing and every figure
// is a sum of whole numbers.
func TestPresentValueNoDiscounting(t *testing.T) {
	// 10,000 once, saving 1,000 a year for 25 years: 25,000 − 10,000,
	// paid back after 10 years.
	npv, pb := presentValue(1000, []outlay{{10000, 25}}, 0, 25)
	assert.Equal(t, 15000.0, npv)
	require.NotNil(t, pb)
	assert.Equal(t, 10.0, *pb)

	// A 10-year life in 25 years: bought at 0, 10 and 20, half the last
	// life left at 25 worth 5,000: 25,000 − 30,000 + 5,000 = 0.
	npv, _ = presentValue(1000, []outlay{{10000, 10}}, 0, 25)
	assert.Equal(t, 0.0, npv)

	// Three lives of 25/3 years fill 25 years: no fourth purchase at
	// 25 − rounding, no salvage: 25 × 1,000 − 3 × 3,000.
	npv, _ = presentValue(1000, []outlay{{3000, 25.0 / 3}}, 0, 25)
	assert.InDelta(t, 16000, npv, 1e-9)

	// Two additions, one replaced every 5 years: −5,000 at 0; after five
	// years of 900 −500, then −1,000 with the replacement; −100 after
	// year 6, 0 a ninth into year 7 (without the replacement it would be
	// 5,000 / 900 = 5.56 years). NPV = 25 × 900 − 4,500 − 5 × 500 (bought
	// at 0, 5, 10, 15, 20; the last life ends at 25: no salvage).
	npv, pb = presentValue(900, []outlay{{500, 5}, {4500, 25}}, 0, 25)
	assert.InDelta(t, 22500-4500-2500, npv, 1e-9)
	require.NotNil(t, pb)
	assert.InDelta(t, 6+1.0/9, *pb, 1e-12)

	// Paid back at the very end: 25,000 of savings for 25,000.
	_, pb = presentValue(1000, []outlay{{25000, 25}}, 0, 25)
	require.NotNil(t, pb)
	assert.Equal(t, 25.0, *pb)
	// Not within the period: nil, the NPV negative.
	npv, pb = presentValue(1000, []outlay{{30000, 25}}, 0, 25)
	assert.Equal(t, -5000.0, npv)
	assert.Nil(t, pb)
}

// One technology living the period at 5 %: NPV is the annuity's present
// value less the capital, the closed form S·(1 − 1.05^−N)/0.05 − K; the
// payback falls in year 15, where the discounted savings of 14 years,
// 1,000 × 9.898641 (1.05^14 = 1.979932), leave 101.36 of 10,000 to
// repay out of year 15's 1,000 / 1.05^15 = 481.02: 14.2107 years.
func TestPresentValueClosedForm(t *testing.T) {
	npv, pb := presentValue(1000, []outlay{{10000, 25}}, 0.05, 25)
	assert.InDelta(t, 1000*(1-math.Pow(1.05, -25))/0.05-10000, npv, 1e-8)
	assert.InDelta(t, 4093.945, npv, 1e-3)
	require.NotNil(t, pb)
	pvf14 := (1 - math.Pow(1.05, -14)) / 0.05
	assert.InDelta(t, 14+(10000-1000*pvf14)/(1000*math.Pow(1.05, -15)), *pb, 1e-9)
	assert.InDelta(t, 14.2107, *pb, 1e-4)

	// A 20-year life in 25 years, nothing saved: bought at 0 and 20, three
	// quarters of the second life left at 25.
	npv, pb = presentValue(0, []outlay{{10000, 20}}, 0.05, 25)
	assert.InDelta(t, -10000-10000*math.Pow(1.05, -20)+7500*math.Pow(1.05, -25), npv, 1e-8)
	assert.Nil(t, pb, "nothing saved: never paid back")
}

// Nothing invested: no payback (as the simple payback), the NPV the
// savings' present value; a saving lost: no payback.
func TestPresentValueNothingToPayBack(t *testing.T) {
	npv, pb := presentValue(100, nil, 0.05, 10)
	assert.InDelta(t, 100*(1-math.Pow(1.05, -10))/0.05, npv, 1e-9)
	assert.Nil(t, pb)
	npv, pb = presentValue(-100, []outlay{{1000, 10}}, 0, 10)
	assert.Equal(t, -2000.0, npv)
	assert.Nil(t, pb)
}

// With every lifetime the period and no salvage, the NPV is the
// equivalent annual cost identity: (S − Σ K_i·CRF(r, N))·PVF(r, N), the
// PVF in closed form, (1 − (1+r)^−N)/r.
func TestPresentValueEquivalentAnnualCost(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	for range 500 {
		years := 1 + rng.IntN(100)
		rate := 0.0
		if rng.IntN(5) > 0 {
			rate = 0.2 * rng.Float64()
		}
		saving := 1e5 * (rng.Float64() - 0.2)
		var outs []outlay
		sumK := 0.0
		for range 1 + rng.IntN(6) {
			k := 1e6 * rng.Float64()
			outs = append(outs, outlay{k, float64(years)})
			sumK += k
		}
		pvf := float64(years)
		if rate > 0 {
			pvf = (1 - math.Pow(1+rate, -float64(years))) / rate
		}
		want := (saving - sumK*model.CapitalRecoveryFactor(rate, float64(years))) * pvf
		npv, pb := presentValue(saving, outs, rate, years)
		assert.InDelta(t, want, npv, 1e-9*(math.Abs(saving)*pvf+sumK), "r %g N %d", rate, years)
		// It pays back within the period exactly when the NPV is ≥ 0
		// (one purchase each, so the cumulative only rises): in the
		// first year y whose discounted savings to date, S·PVF(r, y),
		// reach Σ K, by the part of year y's saving the rest needs.
		if npv < -1e-9*sumK {
			assert.Nil(t, pb, "r %g N %d NPV %g", rate, years, npv)
			continue
		}
		if !(npv > 1e-9*sumK) {
			continue // too close to call
		}
		require.NotNil(t, pb, "r %g N %d NPV %g", rate, years, npv)
		pvfTo := func(y int) float64 {
			if rate == 0 {
				return float64(y)
			}
			return (1 - math.Pow(1+rate, -float64(y))) / rate
		}
		y := 1
		for saving*pvfTo(y) < sumK {
			y++
		}
		wantPB := float64(y-1) + (sumK-saving*pvfTo(y-1))/(saving*math.Pow(1+rate, -float64(y)))
		assert.InDelta(t, wantPB, *pb, 1e-6, "r %g N %d", rate, years)
	}
}

// A design whose costs a year equal today's to the solver's digits saves
// nothing and is worth exactly 0 (QA s38 F6: roadmap.csv's npv read
// −0.0000000089 for a design adding nothing, its operating cost
// 39,542.94934311265 against today's 39,542.94934311195); a saving of a
// currency unit still counts.
func TestAgainstTodaySolverDigits(t *testing.T) {
	m := &Model{ccosts: &model.CapacityCosts{DiscountRatePerYear: 0.06, AnalysisYears: 25}}
	today := &Design{OperatingCostPerYear: 39542.94934311195}
	d := &Design{OperatingCostPerYear: 39542.94934311265}
	m.againstToday(today, d)
	require.NotNil(t, d.NetPresentValue)
	assert.Equal(t, 0.0, *d.NetPresentValue)
	d = &Design{OperatingCostPerYear: 39541.94934311195}
	m.againstToday(today, d)
	require.NotNil(t, d.NetPresentValue)
	assert.InDelta(t, (1-math.Pow(1.06, -25))/0.06, *d.NetPresentValue, 1e-6)
}
