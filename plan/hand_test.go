package plan_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// pvDay is the hand case: one day, a flat load of 100 kW, PV only (today
// 0 kWp) that gives 0.5 kW per kWp from 08:00 to 16:00 and nothing
// otherwise, no export, a constant import price and carbon factor 0.5
// kgCO2e/kWh. PV costs 1000 USD/kWp, 10 USD/kWp a year, lives 20 years at
// a discount rate of 0: 1000/20 + 10 = 60 USD per kWp a year, or 60/365 =
// 0.16438 USD per kWp over the day (the period is 1/365 of a year).
func pvDay(tb testing.TB, price float64) (*model.Park, *model.SeriesSet) {
	return pvDayAt(tb, price, time.Hour)
}

// pvDayAt is pvDay at another step (one that divides an hour).
func pvDayAt(tb testing.TB, price float64, step time.Duration) (*model.Park, *model.SeriesSet) {
	n := int(24 * time.Hour / step)
	f := &fixture{n: n, step: step, loadKW: flat(n, 100), pvPerKWp: make([]float64, n),
		carbon: flat(n, 0.5), price: flat(n, price), importKW: 1000, exportKW: 0, noWind: true, noBattery: true}
	for i := int(8 * time.Hour / step); i < int(16*time.Hour/step); i++ {
		f.pvPerKWp[i] = 0.5
	}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		PV: &model.PVEconomics{CapitalPerKWp: ptr(1000), FixedOMPerKWpYear: ptr(10), LifetimeYears: ptr(20), MaxTotalKWp: 1000}}
	f.pvKWp = 0
	return f.build(tb)
}

func newModel(tb testing.TB, p *model.Park, set *model.SeriesSet, opt plan.Options) *plan.Model {
	tb.Helper()
	m, err := plan.New(p, set, opt)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = m.Close() })
	return m
}

// TestHandPVDay checks the planned PV against the arithmetic.
func TestHandPVDay(t *testing.T) {
	t.Run("PV pays for itself", func(t *testing.T) {
		// At 0.10 USD/kWh a kWp saves 8 h × 0.5 kW × 0.10 = 0.40 USD a day
		// while the daytime import lasts, more than its 0.164: build until
		// PV covers the load, 0.5·A = 100 kW, A = 200 kWp (more would be
		// curtailed). Cost a year: 60 × 200 + 365 × 16 h × 100 kW × 0.10 =
		// 12,000 + 58,400 = 70,400 USD.
		p, set := pvDay(t, 0.10)
		m := newModel(t, p, set, plan.DefaultOptions())
		d, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, 200, d.Added(plan.TechPV), 1e-6)
		assert.InDelta(t, 12000, d.CapitalPerYear+d.FixedOMPerYear, 1e-3)
		assert.InDelta(t, 58400, d.EnergyCostPerYear, 1e-3)
		assert.InDelta(t, 70400, d.TotalCostPerYear, 1e-3)
		assert.InDelta(t, 200, d.Park.PV[0].CapacityKWp, 1e-6, "the design park has the PV")
		assert.InDelta(t, 365.0/365, d.Years*365, 1e-12)
	})
	t.Run("the same at 15-minute steps", func(t *testing.T) {
		// Energy is power × Δt and the year 8760 h: the step must not
		// change the answer.
		p, set := pvDayAt(t, 0.10, 15*time.Minute)
		m := newModel(t, p, set, plan.DefaultOptions())
		d, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, 200, d.Added(plan.TechPV), 1e-6)
		assert.InDelta(t, 70400, d.TotalCostPerYear, 1e-3)
	})
	t.Run("low-carbon forces PV", func(t *testing.T) {
		// At 0.01 USD/kWh a kWp saves 0.04 USD a day, less than it costs:
		// with no target nothing is built. Low-carbon asks for emissions
		// 30 % below the baseline (or a renewable share of 30 %, the same
		// here): import ≤ 0.7 × 2400 kWh = 1680 kWh a day, of which the
		// night takes 1600, so the day may import 80 kWh: 8 × (100 − 0.5·A)
		// ≤ 80, A ≥ 180 kWp; with the plan's safety of 1e-6 on the limit,
		// 1680·(1 − 1e-6), A = 180 + 1680e-6/4 = 180.00042. Cost a year:
		// 60 × 180 + 365 × 1680 × 0.01 = 10,800 + 6,132 = 16,932 USD.
		p, set := pvDay(t, 0.01)
		m := newModel(t, p, set, plan.DefaultOptions())
		free, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.Zero(t, free.Added(plan.TechPV))
		d, err := m.Plan(dispatch.LowCarbon)
		require.NoError(t, err)
		assert.InDelta(t, 180.00042, d.Added(plan.TechPV), 1e-7)
		assert.InDelta(t, 16932, d.TotalCostPerYear, 0.1)
		assert.Equal(t, dispatch.LowCarbon, d.Stage)
		assert.InDelta(t, 0.30, d.Report.StageBasis.ReductionVsBaseline, 1e-5)
	})
	t.Run("low-carbon out of reach both ways", func(t *testing.T) {
		// With at most 50 kWp the day imports at least 8 × (100 − 25) =
		// 600 kWh, 2200 kWh in all: emissions 8.3 % below the baseline
		// (1 − 2200/2400), a renewable share of 200/2400. The gate lets
		// 2.4 kWh (less the safety) go unserved, which both best values
		// take: the import falls to 2200 − 2.4 and the served load to
		// 2400 − 2.4.
		p, set := pvDay(t, 0.10)
		p.Economics.PV.MaxTotalKWp = 50
		m := newModel(t, p, set, plan.DefaultOptions())
		_, err := m.Plan(dispatch.LowCarbon)
		var ue *plan.UnreachableError
		require.True(t, errors.As(err, &ue), "%v", err)
		assert.Equal(t, "the reduction of emissions against the business-as-usual baseline", ue.Indicator)
		uns := 2.4 * (1 - 1e-6)
		assert.InDelta(t, 100*(1-(2200-uns)/2400), ue.Best, 1e-6)
		assert.InDelta(t, 30, ue.Threshold, 1e-12)
		require.Len(t, ue.Also, 1)
		// Renewable share: (served − import) / served = 200 / (2400 − 2.4).
		assert.Contains(t, ue.Also[0], "renewable share of the electricity used")
		assert.Contains(t, ue.Also[0], fmt.Sprintf("at best %.3g %%", 100*200/(2400-uns)))
		assert.Contains(t, err.Error(), "PV up to 50 kWp (its bound)")
	})
	t.Run("near-zero is out of reach", func(t *testing.T) {
		// Without storage the night's 1600 kWh come from the grid whatever
		// the PV: at best 0.5 × 1600 = 800 kgCO2e over a consumption of
		// 2400 kWh × 0.1229 kgce/kWh = 294.96 kgce, 2.712 tCO2/tce. The
		// ledger's unserved tolerance lets 0.1 % of the load (2.4 kWh, less
		// the safety of 1e-6) go unserved at night, which the best value
		// takes: (800 − 0.5·2.4) / (0.1229 × (2400 − 2.4)) = 2.7109.
		p, set := pvDay(t, 0.10)
		m := newModel(t, p, set, plan.DefaultOptions())
		_, err := m.Plan(dispatch.NearZeroCarbon)
		require.ErrorIs(t, err, plan.ErrUnreachable)
		var ue *plan.UnreachableError
		require.True(t, errors.As(err, &ue))
		assert.Equal(t, "carbon per unit energy", ue.Indicator)
		uns := 2.4 * (1 - 1e-6)
		assert.InDelta(t, (800-0.5*uns)/(0.1229*(2400-uns)), ue.Best, 1e-5)
		assert.InDelta(t, 0.20*(1-0), ue.Threshold, 1e-12)
		assert.True(t, ue.AtMost)
		assert.Contains(t, err.Error(), "PV up to 1,000 kWp")
		assert.Contains(t, err.Error(), "carbon per unit energy is at best 2.71 tCO2/tce against ≤ 0.2 tCO2/tce")
	})
}

// TestHandPooledPV: PV arrays on one availability column are one
// candidate, named by the first, the others listed as pooled; Existing
// and Total cover the pool. The day of TestHandPVDay needs 200 kWp in all
// (0.5 kW/kWp × A = 100 kW of load); today's 60 + 40 kWp on the second
// and third array leave 100 kWp to add, which the design park puts on the
// first.
func TestHandPooledPV(t *testing.T) {
	p, set := pvDay(t, 0.10)
	p.PV = append(p.PV,
		model.PVArray{Name: "pv2", CapacityKWp: 60, AvailabilityColumn: "pv_kw_per_kwp"},
		model.PVArray{Name: "pv3", CapacityKWp: 40, AvailabilityColumn: "pv_kw_per_kwp"})
	require.NoError(t, p.ValidateWith(set))
	m := newModel(t, p, set, plan.DefaultOptions())
	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.Len(t, d.Additions, 1, "one candidate for the pool")
	a := d.Additions[0]
	assert.Equal(t, "pv", a.Asset)
	assert.Equal(t, []string{"pv2", "pv3"}, a.Pooled)
	assert.InDelta(t, 100, a.Existing, 1e-9, "today's capacity of the pool")
	assert.InDelta(t, 100, a.Added, 1e-6)
	assert.InDelta(t, 200, a.Total, 1e-6)
	var parkKWp float64
	for _, pv := range d.Park.PV {
		parkKWp += pv.CapacityKWp
	}
	assert.InDelta(t, a.Total, parkKWp, 1e-6, "Total is the design park's PV")
	assert.InDelta(t, 100, d.Park.PV[0].CapacityKWp, 1e-6, "the first array takes what is added")
}

// TestHandInvestmentAndPayback: on pvDay at 0.10 USD/kWh the low-carbon
// design adds 200 kWp (TestHandPVDay), 200 × 1000 = 200,000 USD up front;
// today's park (no PV) buys 365 × 2400 kWh × 0.10 = 87,600 USD a year,
// the design 58,400 and pays 200 × 10 = 2,000 of O&M: it saves 27,200 a
// year and pays back in 200,000 / 27,200 = 7.3529 years. At 0.01 USD/kWh
// the design (180.00042 kWp, 180,000.42 USD) imports 1680·(1 − 1e-6) kWh
// a day for today's 2400 and saves 365 × 0.01 × (2400 − 1680·(1 − 1e-6))
// − 1,800.0042 = 828.0019 a year: 217.4 years. At 0.001 USD/kWh it saves
// 262.8 − 1,800.0042 < 0 a year: it never pays back.
func TestHandInvestmentAndPayback(t *testing.T) {
	roadmap := func(price float64) (*plan.Roadmap, *model.Park) {
		p, set := pvDay(t, price)
		rm, err := newModel(t, p, set, plan.DefaultOptions()).Roadmap()
		require.NoError(t, err)
		require.NotNil(t, rm.Stages[0])
		return rm, p
	}
	rm, _ := roadmap(0.10)
	d := rm.Stages[0]
	assert.InDelta(t, 200000, d.Investment, 1e-2)
	assert.InDelta(t, 200000, d.Additions[0].Investment, 1e-2)
	assert.InDelta(t, 10000, d.CapitalPerYear, 1e-3, "the annuity of the investment (20 years at 0 %)")
	require.NotNil(t, d.SimplePaybackYears)
	assert.InDelta(t, 200000.0/27200, *d.SimplePaybackYears, 1e-6)
	assert.Zero(t, rm.Today.Investment)
	assert.Nil(t, rm.Today.SimplePaybackYears)

	rm, p := roadmap(0.01)
	d = rm.Stages[0]
	assert.InDelta(t, 180000.42, d.Investment, 1e-2)
	saved := 365*0.01*(2400-1680*(1-1e-6)) - 1800.0042
	require.NotNil(t, d.SimplePaybackYears)
	assert.InDelta(t, 180000.42/saved, *d.SimplePaybackYears, 1e-3)
	c, err := plan.CostOfAdding(p, d.Park)
	require.NoError(t, err)
	assert.InDelta(t, d.Investment, c.Investment, 1e-6, "CostOfAdding prices a swept design as the plan does")

	rm, _ = roadmap(0.001)
	assert.Nil(t, rm.Stages[0].SimplePaybackYears, "saves less than its O&M")
}

// TestHandIncentiveAndNPV: the low-carbon design of pvDay at 0.10 USD/kWh
// (200 kWp, 200,000 USD, saving 27,200 a year: TestHandInvestmentAndPayback)
// valued over REopt's 25 years. At 0 % the PV (20 years) is bought at 0
// and 20, three quarters of its second life left at 25: NPV = 25 × 27,200
// − 2 × 200,000 + 0.75 × 200,000 = 430,000, paid back when the savings
// reach 200,000, 200,000 / 27,200 = 7.3529 years as the simple payback.
// A 30 % incentive keeps the investment and the saving, brings back
// 60,000, annualises 140,000 (7,000 a year over 20 years): NPV = 680,000 −
// 280,000 + 105,000 = 505,000, payback 140,000 / 27,200 = 5.1471 years.
// At 5 % the annuity 1000 × CRF(5 %, 20) + 10 = 90.24 a kWp-year is
// still below the 146 a kWp saves, so the design is the same, and NPV =
// 27,200·(1 − 1.05^−25)/0.05 − 200,000·(1 + 1.05^−20) + 150,000·1.05^−25.
func TestHandIncentiveAndNPV(t *testing.T) {
	roadmap := func(edit func(e *model.Economics)) *plan.Design {
		p, set := pvDay(t, 0.10)
		edit(p.Economics)
		require.NoError(t, p.ValidateWith(set))
		rm, err := newModel(t, p, set, plan.DefaultOptions()).Roadmap()
		require.NoError(t, err)
		require.NotNil(t, rm.Stages[0])
		assert.Nil(t, rm.Today.NetPresentValue, "today's park is the reference")
		return rm.Stages[0]
	}
	d := roadmap(func(*model.Economics) {})
	assert.InDelta(t, 200, d.Added(plan.TechPV), 1e-6)
	assert.Zero(t, d.Incentives)
	require.NotNil(t, d.NetPresentValue)
	assert.InDelta(t, 430000, *d.NetPresentValue, 0.1)
	require.NotNil(t, d.DiscountedPaybackYears)
	assert.InDelta(t, 200000.0/27200, *d.DiscountedPaybackYears, 1e-6)

	d = roadmap(func(e *model.Economics) { e.PV.CapitalIncentiveFraction = 0.3 })
	assert.InDelta(t, 200, d.Added(plan.TechPV), 1e-6)
	assert.InDelta(t, 200000, d.Investment, 1e-2, "gross: what must be financed")
	assert.InDelta(t, 60000, d.Incentives, 1e-2)
	assert.InDelta(t, 60000, d.Additions[0].Incentives, 1e-2)
	assert.InDelta(t, 7000, d.CapitalPerYear, 1e-3)
	require.NotNil(t, d.SimplePaybackYears)
	assert.InDelta(t, 140000.0/27200, *d.SimplePaybackYears, 1e-6)
	require.NotNil(t, d.NetPresentValue)
	assert.InDelta(t, 505000, *d.NetPresentValue, 0.1)
	require.NotNil(t, d.DiscountedPaybackYears)
	assert.InDelta(t, 140000.0/27200, *d.DiscountedPaybackYears, 1e-6)

	d = roadmap(func(e *model.Economics) { e.DiscountRatePerYear = ptr(0.05) })
	assert.InDelta(t, 200, d.Added(plan.TechPV), 1e-6)
	want := 27200*(1-math.Pow(1.05, -25))/0.05 - 200000*(1+math.Pow(1.05, -20)) + 150000*math.Pow(1.05, -25)
	require.NotNil(t, d.NetPresentValue)
	assert.InDelta(t, want, *d.NetPresentValue, 0.5)

	// Over 10 years, half the PV's one life is left at the end: 272,000 −
	// 200,000 + 100,000.
	d = roadmap(func(e *model.Economics) { n := 10; e.DiscountRatePerYear = ptr(0); e.AnalysisYears = &n })
	require.NotNil(t, d.NetPresentValue)
	assert.InDelta(t, 172000, *d.NetPresentValue, 0.1)
}

// TestHandNegativePrice: an hour at a negative import price is credited
// in the design's energy cost, at its price, and the design's warnings
// say so, since the plan's objective counts it as 0. TestHandPVDay's day
// with hour 0 at −0.05 USD/kWh: the 200 kWp design is unchanged (PV does
// not run at night), and the energy cost a year falls by 365 × 100 kWh ×
// 0.15 = 5,475 USD, to 52,925.
func TestHandNegativePrice(t *testing.T) {
	p, set := pvDay(t, 0.10)
	set.Columns["price"][0] = -0.05
	d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.InDelta(t, 200, d.Added(plan.TechPV), 1e-6)
	assert.InDelta(t, 58400-5475, d.EnergyCostPerYear, 1e-3)
	assert.Equal(t, 1, d.Report.NegativeImportPriceIntervals)
	assert.Equal(t, []string{"1 interval(s) of the period at a negative import price: the energy cost credits the 36,500 kWh a year imported in them at it, " +
		"while the plan counted those prices as 0 (it is not paid to import)"}, d.Warnings)
}
