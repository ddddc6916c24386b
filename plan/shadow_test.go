package plan_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
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
	f := &fixture{n: 24, step: hourStep, loadKW: flat(24, 100), pvPerKWp: make([]float64, 24),
		carbon: flat(24, 0.25), price: flat(24, 0.01), importKW: 1000, exportKW: 0, noWind: true, noBattery: true}
	for i := 8; i < 16; i++ {
		f.pvPerKWp[i], f.carbon[i] = 0.5, 0.5
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
// = 62.19 USD per tCO2e by the ledger's money, and with the LP's
// tie-breaks (1e-4 a kWh imported, 5e-5 a kWh of PV taken; package
// dispatch) (60 − 1,460 × 0.01015) / 0.73 = 61.89, the LP's derivative
// and so the dual. Today's park and the cheapest design with no target
// have no carbon row: nil. With PV paying for itself (0.10 USD/kWh) the
// cheapest design is below the limit and the row does not bind: a real
// 0.
func TestShadowCarbonPriceHand(t *testing.T) {
	want := (60 - 1460*(0.01+1e-4+5e-5)) / 0.73
	assert.InDelta(t, 61.8918, want, 1e-4)
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
