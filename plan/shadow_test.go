package plan_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// cleanNightDay is pvDay at 0.01 USD/kWh with the grid at 0.25
// kgCO2e/kWh outside 08:00–16:00: the baseline is 800 × 0.5 + 1,600 ×
// 0.25 = 800 kgCO2e a day, low-carbon's limit 560, so the day may emit
// 160 kg, import 320 kWh: 8 × (100 − 0.5·A) ≤ 320, A ≥ 120 kWp (with
// the plan's safety of 1e-6 on the limit, (800 − 560·(1 − 1e-6))/2 =
// 120.00028). The renewable share's variant needs the import within 0.7
// × 2,400 kWh (A ≥ 180 kWp), dearer: the design is the emissions row's.
func cleanNightDay(tb testing.TB) (*model.Park, *model.SeriesSet) {
	return pvDayFactor(tb, 0.01, 0.5, 0.25)
}

// pvDayFactor is pvDay at price USD/kWh with the grid at day kgCO2e/kWh
// from 08:00 to 16:00 and night outside.
func pvDayFactor(tb testing.TB, price, day, night float64) (*model.Park, *model.SeriesSet) {
	f := &fixture{n: 24, step: hourStep, loadKW: flat(24, 100), pvPerKWp: make([]float64, 24),
		carbon: flat(24, night), price: flat(24, price), importKW: 1000, exportKW: 0, noWind: true, noBattery: true}
	for i := 8; i < 16; i++ {
		f.pvPerKWp[i], f.carbon[i] = 0.5, day
	}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		PV: &model.PVEconomics{CapitalPerKWp: ptr(1000), FixedOMPerKWpYear: ptr(10), LifetimeYears: ptr(20), MaxTotalKWp: 1000}}
	return f.build(tb)
}

// TestShadowCarbonPriceHand: on cleanNightDay low-carbon builds 120 kWp
// of PV. One tCO2e a year more allowed is 1000/0.5 = 2,000 kWh a year
// more import in the day, which 2,000/1,460 kWp less PV lets through (a
// kWp saves 8 h × 0.5 kW × 365 = 1,460 kWh a year): 60 USD a year saved
// per kWp, less the 2,000 kWh at 0.01 USD, so (60 − 1,460 × 0.01) / 0.73
// = 62.19 USD per tCO2e by the ledger's money. The LP's derivative, its
// tie-breaks (1e-4 a kWh imported, 5e-5 a kWh of PV taken; package
// dispatch) included, is (60 − 1,460 × 0.01015) / 0.73 = 61.89: the
// price takes their share of the dual out (planner's QA, 2026-12-04: on
// a 0.04 kgCO2e/kWh grid the gap was 3.75 USD per tCO2e). Today's park and the cheapest design with no target
// have no carbon row: nil. With PV paying for itself (0.10 USD/kWh) the
// cheapest design is below the limit and the row does not bind: a real
// 0.
func TestShadowCarbonPriceHand(t *testing.T) {
	want := (60 - 1460*0.01) / 0.73
	assert.InDelta(t, 62.1918, want, 1e-4)
	p, set := cleanNightDay(t)
	m := newModel(t, p, set, plan.DefaultOptions())
	d, err := m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	assert.InDelta(t, 120.00028, d.Added(plan.TechPV), 1e-7)
	require.NotNil(t, d.ShadowCarbonPricePerTCO2e)
	assert.InDelta(t, want, *d.ShadowCarbonPricePerTCO2e, 1e-6*want)
	assert.Nil(t, d.ShadowCleanSharePricePerMWh, "low-carbon has no clean-share row")
	today, err := m.Today()
	require.NoError(t, err)
	assert.Nil(t, today.ShadowCarbonPricePerTCO2e, "today's park has no carbon row")
	free, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Nil(t, free.ShadowCarbonPricePerTCO2e, "no target, no carbon row")

	// pvDay: the renewable share's variant is as cheap as the emissions
	// row's (a flat factor makes them one limit) and is kept: it has no
	// carbon row, and its price is a real 0.
	p, set = pvDay(t, 0.01)
	d, err = newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	require.NotNil(t, d.ShadowCarbonPricePerTCO2e)
	assert.Zero(t, *d.ShadowCarbonPricePerTCO2e)

	// At 0.10 USD/kWh PV pays for itself up to 200 kWp, below the limit.
	p, set = pvDay(t, 0.10)
	d, err = newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	require.NotNil(t, d.ShadowCarbonPricePerTCO2e)
	assert.Zero(t, *d.ShadowCarbonPricePerTCO2e)
	assert.False(t, math.Signbit(*d.ShadowCarbonPricePerTCO2e), "0, not −0")
}

// TestShadowCarbonPriceFiniteDifferences: on random weeks with every
// technology a candidate, each stage's shadow carbon price lies between
// the one-sided slopes of the LP's optimum re-solved with δ tCO2e a year
// more and less residual allowed in every stage row
// (plan.StageObjective: R's definition row at ∓δ), each on a Model of its
// own, solved cold. Where the two slopes agree to well within 1 % the
// price must equal them, so a price 1 % off fails. The roadmap's own
// price (near-zero and zero-carbon: the same question) is the one read
// by the hook at δ = 0. Low-carbon is solved by its emissions row
// (Plan may keep the renewable share's variant, priced 0).
func TestShadowCarbonPriceFiniteDifferences(t *testing.T) {
	smooth := 0
	for seed := uint64(1); seed <= 3; seed++ {
		p, set, opt := weekPark(t, seed)
		rm, err := newModel(t, p, set, opt).Roadmap()
		require.NoError(t, err)
		for i, st := range plan.RoadmapStages() {
			obj, price, err := plan.StageObjective(newModel(t, p, set, opt), st, 0)
			require.NoError(t, err, "seed %d %s", seed, st)
			require.NotNil(t, price, "seed %d %s", seed, st)
			v := *price
			assert.GreaterOrEqual(t, v, 0.0, "seed %d %s: a looser limit never costs", seed, st)
			if d := rm.Stages[i]; st != dispatch.LowCarbon {
				require.NotNil(t, d.ShadowCarbonPricePerTCO2e, "seed %d %s", seed, st)
				assert.InDelta(t, v, *d.ShadowCarbonPricePerTCO2e, 1e-6*v+1e-9, "seed %d %s: the roadmap's price", seed, st)
			}
			// δ: 0.1 % of the stage's residual a year, at least 1e-3 t.
			delta := math.Max(1e-3, 1e-3*rm.Stages[i].ResidualTCO2ePerYear)
			loose, _, err := plan.StageObjective(newModel(t, p, set, opt), st, delta)
			require.NoError(t, err)
			tight, _, err := plan.StageObjective(newModel(t, p, set, opt), st, -delta)
			require.NoError(t, err)
			left, right := (obj-loose)/delta, (tight-obj)/delta // loosening saves, tightening costs
			tol := 1e-6*v + 1e-7*math.Abs(obj)/delta
			t.Logf("seed %d %s: price %.6g, slopes %.6g and %.6g (δ %.3g t a year)", seed, st, v, left, right, delta)
			assert.LessOrEqual(t, left, v+tol, "seed %d %s: loosening saves more than the price", seed, st)
			assert.GreaterOrEqual(t, right, v-tol, "seed %d %s: tightening costs less than the price", seed, st)
			if v > 0 && right-left+2*tol < 0.01*v {
				smooth++
				assert.InDelta(t, (left+right)/2, v, (right-left)/2+tol, "seed %d %s: the price is the derivative", seed, st)
			}
		}
	}
	assert.GreaterOrEqual(t, smooth, 4, "too few stages off a kink to compare the price with a derivative")
}

// TestShadowCarbonPriceOffsets: zero-carbon's price sums its rows on R:
// the offsets row's (the offset price / g, g the limit factor: R ≤
// g·(held + bought)) and the rows of the stages below it. On pvDay at
// 0.10 USD/kWh with the grid at 0.01 kgCO2e/kWh the cheapest design (200
// kWp, PV pays for itself) is already low-carbon (the night's 1,600 kWh
// imported at 0.005 kg/kWh, 8 kgCO2e, half the baseline's 800 × 0.01 +
// 16) and near-zero (8 kgCO2e over 2,400 × 0.1229 kgce: 0.027
// tCO2/tce), so only the offsets row binds:
// the price is the offset price / g, at margin 0 and 0.1. On the random
// weeks, whose near-zero row binds, it is at least that.
func TestShadowCarbonPriceOffsets(t *testing.T) {
	for _, margin := range []float64{0, 0.1} {
		p, set := pvDayFactor(t, 0.10, 0.01, 0.005)
		opt := plan.DefaultOptions()
		opt.Margin = margin
		opt.Ledger.OffsetPricePerTCO2e = 20
		d, err := newModel(t, p, set, opt).Plan(dispatch.ZeroCarbon)
		require.NoError(t, err)
		assert.InDelta(t, 200, d.Added(plan.TechPV), 1e-6)
		require.Positive(t, d.OffsetsBoughtTCO2ePerYear)
		require.NotNil(t, d.ShadowCarbonPricePerTCO2e)
		g := plan.LimitFactor(opt)
		assert.InDelta(t, (1-margin)*(1-1e-6), g, 1e-15)
		assert.InDelta(t, 20/g, *d.ShadowCarbonPricePerTCO2e, 1e-9, "margin %g", margin)
	}
	for seed := uint64(1); seed <= 3; seed++ {
		p, set, opt := weekPark(t, seed)
		m := newModel(t, p, set, opt)
		near, err := m.Plan(dispatch.NearZeroCarbon)
		require.NoError(t, err)
		zero, err := m.Plan(dispatch.ZeroCarbon)
		require.NoError(t, err)
		require.Positive(t, zero.OffsetsBoughtTCO2ePerYear, "seed %d", seed)
		require.NotNil(t, zero.ShadowCarbonPricePerTCO2e)
		require.NotNil(t, near.ShadowCarbonPricePerTCO2e)
		offset := opt.Ledger.OffsetPricePerTCO2e / plan.LimitFactor(opt)
		assert.Greater(t, *near.ShadowCarbonPricePerTCO2e, offset, "seed %d: near-zero's row binds", seed)
		assert.GreaterOrEqual(t, *zero.ShadowCarbonPricePerTCO2e, offset, "seed %d", seed)
		if opt.Ledger.RequireCleanShare {
			require.NotNil(t, zero.ShadowCleanSharePricePerMWh, "seed %d", seed)
			assert.GreaterOrEqual(t, *zero.ShadowCleanSharePricePerMWh, 0.0)
			if zero.CertificatesBoughtMWhPerYear > 0 {
				assert.InDelta(t, opt.Ledger.CertificatePricePerMWh, *zero.ShadowCleanSharePricePerMWh, 1e-6,
					"seed %d: certificates bought price the clean share", seed)
			}
			t.Logf("seed %d: clean share %.6g per MWh, certificates bought %.4g MWh a year", seed, *zero.ShadowCleanSharePricePerMWh, zero.CertificatesBoughtMWhPerYear)
		} else {
			assert.Nil(t, zero.ShadowCleanSharePricePerMWh, "seed %d: the clean share is not required", seed)
		}
	}
}

// TestShadowCleanSharePriceHand: the day of TestShadowCarbonPriceOffsets
// with the clean share required (≥ 90 %): with 200 kWp the night's 1,600
// kWh come from the grid against the 240 allowed (10 % of 2,400 kWh), PV
// beyond 200 kWp is curtailed, so near-zero buys certificates for the
// rest, and a MWh more of non-clean energy allowed saves one
// certificate: the price is the certificate price, 6 USD per MWh. Its
// carbon rows do not bind: a carbon price of 0.
func TestShadowCleanSharePriceHand(t *testing.T) {
	p, set := pvDayFactor(t, 0.10, 0.01, 0.005)
	opt := plan.DefaultOptions()
	opt.Ledger.RequireCleanShare = true
	opt.Ledger.CertificatePricePerMWh = 6
	d, err := newModel(t, p, set, opt).Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err)
	assert.InDelta(t, 200, d.Added(plan.TechPV), 1e-6)
	assert.InDelta(t, 365*(1600-0.1*2400)/1000, d.CertificatesBoughtMWhPerYear, 1e-3)
	require.NotNil(t, d.ShadowCleanSharePricePerMWh)
	assert.InDelta(t, 6, *d.ShadowCleanSharePricePerMWh, 1e-9)
	require.NotNil(t, d.ShadowCarbonPricePerTCO2e)
	assert.Zero(t, *d.ShadowCarbonPricePerTCO2e)
}

// TestShadowCarbonPriceUndefined: no dual, no price — whole units (a
// mixed-integer program, by the plan's branch and bound or HiGHS's), a
// solver that gives no duals and the interior-point oracle (duals NaN)
// leave the design's prices nil, never 0; the same park in any amount on
// HiGHS has one, so the cases are not vacuous.
func TestShadowCarbonPriceUndefined(t *testing.T) {
	day := func(tb testing.TB) (*model.Park, *model.SeriesSet) { return cleanNightDay(tb) }
	for _, tc := range []struct {
		name string
		edit func(o *plan.Options)
		park func(testing.TB) (*model.Park, *model.SeriesSet)
	}{
		{"whole turbines, branch and bound", func(*plan.Options) {}, wholeTurbines},
		{"whole turbines, HiGHS's MIP", func(o *plan.Options) { o.HiGHSMIP = true }, wholeTurbines},
		{"a solver without duals", func(o *plan.Options) { o.Backend = noDuals{} }, day},
		{"the interior-point oracle (duals NaN)", func(o *plan.Options) { o.Backend = lptest.IPMBackend{} }, day},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, set := tc.park(t)
			opt := plan.DefaultOptions()
			opt.Ledger.RequireCleanShare = true
			tc.edit(&opt)
			d, err := newModel(t, p, set, opt).Plan(dispatch.LowCarbon)
			require.NoError(t, err)
			assert.Nil(t, d.ShadowCarbonPricePerTCO2e)
			assert.Nil(t, d.ShadowCleanSharePricePerMWh)
		})
	}
	for _, park := range []func(testing.TB) (*model.Park, *model.SeriesSet){windAnyAmount, day} {
		p, set := park(t)
		d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.LowCarbon)
		require.NoError(t, err)
		assert.NotNil(t, d.ShadowCarbonPricePerTCO2e)
	}
}

// TestShadowCarbonPriceParts: the price is the sum of the stage rows'
// parts (R's reduced cost is 0 = −(y_R + 1000·y_core + y_zero) less its
// bound's dual), each read independently from a slack's reduced cost: at
// low-carbon its emissions row's alone, at near-zero the core row's (the
// emissions row no longer binds), at zero-carbon the offsets row's — the
// offset price / g, as its offsets are bought — plus the core row's,
// which there is near-zero's part less about the offset price (a tonne
// the core row keeps out is a tonne not to offset), so that zero-carbon's
// price comes out close to near-zero's (the design is near-zero's, plus
// offsets).
func TestShadowCarbonPriceParts(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		p, set, opt := weekPark(t, seed)
		offset := opt.Ledger.OffsetPricePerTCO2e / plan.LimitFactor(opt)
		parts := map[dispatch.Stage][4]float64{}
		for _, st := range plan.RoadmapStages() {
			price, low, core, zero, err := plan.ShadowParts(newModel(t, p, set, opt), st)
			require.NoError(t, err, "seed %d %s", seed, st)
			assert.InDelta(t, price, low+core+zero, 1e-6*price, "seed %d %s: %.6g = %.6g + %.6g + %.6g", seed, st, price, low, core, zero)
			parts[st] = [4]float64{price, low, core, zero}
			t.Logf("seed %d %s: %.6g = low-carbon %.6g + core %.6g + offsets %.6g", seed, st, price, low, core, zero)
		}
		lc, nz, zc := parts[dispatch.LowCarbon], parts[dispatch.NearZeroCarbon], parts[dispatch.ZeroCarbon]
		assert.Positive(t, lc[1], "seed %d: low-carbon's row binds", seed)
		assert.Zero(t, lc[2]+lc[3], "seed %d: low-carbon has no other row", seed)
		assert.Positive(t, nz[2], "seed %d: near-zero's core row binds", seed)
		assert.Zero(t, nz[3], "seed %d: near-zero has no offsets row", seed)
		assert.InDelta(t, offset, zc[3], 1e-9*offset, "seed %d: offsets bought price the offsets row", seed)
		assert.InDelta(t, nz[0], zc[0], 1e-3*nz[0], "seed %d: zero-carbon's price is near-zero's, within 0.1 %%", seed)
	}
}

// TestShadowCarbonPriceAtZeroResidual: where the cheapest design emits
// nothing (wind at 1 kW per kW all week, cheaper than the grid, built to
// the load; PV a candidate beside it) the residual sits at its floor 0, no stage row binds and the
// price is a real 0. Read from the residual row's dual alone it came out
// at −76.4 USD per tCO2e on every stage (planner's QA, 2026-12-05): that
// dual then carries the floor's price, which is no carbon limit's.
func TestShadowCarbonPriceAtZeroResidual(t *testing.T) {
	n := 168
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 100), pvPerKWp: flat(n, 0), windPerKW: flat(n, 1),
		carbon: flat(n, 0.5), price: flat(n, 0.10), importKW: 1000, exportKW: 0, noBattery: true}
	for i := range f.pvPerKWp {
		if h := i % 24; h >= 8 && h < 16 {
			f.pvPerKWp[i] = 0.5
		}
	}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0.05),
		PV:   &model.PVEconomics{CapitalPerKWp: ptr(1000), FixedOMPerKWpYear: ptr(10), LifetimeYears: ptr(20), MaxTotalKWp: 1000},
		Wind: &model.WindEconomics{CapitalPerKW: ptr(1000), FixedOMPerKWYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKW: 100}}
	p, set := f.build(t)
	rm, err := newModel(t, p, set, plan.DefaultOptions()).Roadmap()
	require.NoError(t, err)
	for i, d := range rm.Stages {
		require.NotNil(t, d, "stage %d", i)
		assert.InDelta(t, 100, d.Added(plan.TechWind), 1e-6, "stage %d", i)
		require.NotNil(t, d.ShadowCarbonPricePerTCO2e, "stage %d", i)
		assert.Zero(t, *d.ShadowCarbonPricePerTCO2e, "stage %d: nothing binds", i)
	}
	// PV and a lossless battery that cover the load all week, cheaper
	// than the grid: the frontier's bounds (a few 1e-6 tCO2e a year) do
	// not bind either, and its marginal cost read −5.42 USD per tCO2e
	// from R's floor (as `zeropark plan frontier` solves it: after the
	// roadmap, on the same solver).
	f.windPerKW, f.noBattery, f.batKWh, f.batKW = flat(n, 0), false, 0, 0
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0.05),
		PV: &model.PVEconomics{CapitalPerKWp: ptr(1000), FixedOMPerKWpYear: ptr(10), LifetimeYears: ptr(20), MaxTotalKWp: 1000},
		Battery: &model.BatteryEconomics{CapitalPerKWh: ptr(100), CapitalPerKW: ptr(0), FixedOMPerKWhYear: ptr(0), FixedOMPerKWYear: ptr(0),
			LifetimeYears: ptr(10), MaxTotalKWh: 5000, MaxTotalKW: 1000}}
	p, set = f.build(t)
	b := &p.Batteries[0]
	b.ChargeEfficiency, b.DischargeEfficiency, b.MinSoCFraction, b.MaxSoCFraction, b.InitialSoCFraction = 1, 1, 0, 1, 0
	mf := newModel(t, p, set, plan.DefaultOptions())
	_, err = mf.Roadmap()
	require.NoError(t, err)
	fr, err := mf.Frontier(6)
	require.NoError(t, err)
	priced := 0
	for i, pt := range fr.Points {
		if pt.MarginalCostPerTCO2e != nil {
			assert.Zero(t, *pt.MarginalCostPerTCO2e, "frontier point %d", i)
			priced++
		}
	}
	require.Positive(t, priced, "the frontier's inner points have a marginal cost to check")
}
