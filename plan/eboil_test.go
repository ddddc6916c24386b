package plan_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// eboilerDay is one hourly day: 100 kW of electricity and 90 kW_th of
// heat all day, a gas boiler (η 0.9) at gasPrice a kWh (LHV), a 400 kW
// turbine at a steady 50 % (200 kW: 100 kW of surplus that cannot be
// exported, so it is free), a grid at price a kWh and 0.5 kgCO2e/kWh, and
// the electric boilers eb; economics in USD at 5 % a year, no other
// candidate.
func eboilerDay(t *testing.T, price, gasPrice float64, eb []model.ElectricBoiler, econ *model.ElectricBoilerEconomics) (*model.Park, *model.SeriesSet) {
	t.Helper()
	const n = 24
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 100), pvPerKWp: make([]float64, n),
		windKW: 400, windPerKW: flat(n, 0.5), carbon: flat(n, 0.5), price: flat(n, price),
		importKW: 1000, exportKW: 0, noBattery: true}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0.05), ElectricBoiler: econ}
	f.heat = &heatSide{loadKWTh: flat(n, 90), gasPricePerKWh: gasPrice, eb: eb}
	return f.build(t)
}

// crf is the capital recovery factor by its definition, r(1+r)^n /
// ((1+r)^n − 1), with the power as a product (not model's expm1 form).
func crf(r float64, years int) float64 {
	g := 1.0
	for range years {
		g *= 1 + r
	}
	return r * g / (g - 1)
}

// TestHandElectricBoilerDay: an electric boiler candidate (η 0.99, 2,000
// USD/kW_th over 20 years at 5 %: 160.49 USD a year, plus 5 USD of fixed
// O&M) against gas at 0.01 USD/kWh (0.0111 per kWh_th, 97.3 USD per kW_th
// a year of gas saved even on free electricity): the cheapest design keeps
// the gas boiler; near-zero-carbon forces electrification, and the boiler
// is sized where the core row holds.
func TestHandElectricBoilerDay(t *testing.T) {
	econ := &model.ElectricBoilerEconomics{CapitalPerKWTh: ptr(2000), FixedOMPerKWThYear: ptr(5), LifetimeYears: ptr(20), MaxTotalKWTh: 200}
	p, set := eboilerDay(t, 0.10, 0.01, []model.ElectricBoiler{{Name: "eb", CapacityKWTh: 0, Efficiency: 0.99}}, econ)
	m := newModel(t, p, set, plan.DefaultOptions())

	cheap, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Zero(t, cheap.Added(plan.TechElectricBoiler), "97.3 USD of gas saved a year is less than 165.5 of boiler")

	// Near-zero-carbon: carbon per unit energy ≤ 0.2 tCO2/tce (× g = 1 −
	// 1e-6). With h kW_th from the electric boiler, all of it on the
	// turbine's surplus (h/0.99 ≤ 100 kW: no import), per hour
	//   R = (90 − h)/0.9·f_gas                                  (kgCO2e)
	//   E = (100 + h/0.99)·0.1229 + (90 − h)/0.9·k_gas          (kgce)
	// (the turbine's electricity consumed counts as energy), and
	// R − 0.2·g·E = a + b·h is linear in h: the boiler is sized at −a/b.
	gas, _ := p.Fuel("natural_gas")
	g := 1 - 1e-6
	a := 90/0.9*gas.KgCO2ePerKWhLHV - 0.2*g*(100*0.1229+90/0.9*gas.KgcePerKWhLHV)
	b := -gas.KgCO2ePerKWhLHV/0.9 - 0.2*g*(0.1229/0.99-gas.KgcePerKWhLHV/0.9)
	h := -a / b
	require.Greater(t, h, 0.0)
	require.Less(t, h, 90.0)
	require.Less(t, h/0.99, 100.0, "the surplus covers the boiler")
	d, err := m.Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err)
	assert.Equal(t, dispatch.NearZeroCarbon, d.Stage)
	assert.InDelta(t, h, d.Added(plan.TechElectricBoiler), 1e-4)
	assert.InDelta(t, 0.2, d.Report.StageBasis.CarbonPerTce, 1e-5, "at the core row's limit")
	assert.InDelta(t, h, d.Park.ElectricBoilers[0].CapacityKWTh, 1e-4, "the design park has the boiler")
	assert.Zero(t, d.ImportCostPerYear, "the boiler runs on the turbine's surplus")

	// Its annuity: 2000 × CRF(5 %, 20 y) = 160.49 USD per kW_th a year,
	// fixed O&M 5.
	require.Len(t, d.Additions, 1)
	add := d.Additions[0]
	assert.Equal(t, plan.Addition{Tech: plan.TechElectricBoiler, Asset: "eb", Unit: "kW_th", Existing: 0, Added: add.Added, Total: add.Added,
		Investment: add.Investment, CapitalPerYear: add.CapitalPerYear, FixedOMPerYear: add.FixedOMPerYear}, add)
	assert.InDelta(t, h*2000, add.Investment, 1e-3)
	assert.InDelta(t, 160.49, 2000*crf(0.05, 20), 0.005)
	assert.InDelta(t, h*2000*crf(0.05, 20), add.CapitalPerYear, 1e-3)
	assert.InDelta(t, h*5, add.FixedOMPerYear, 1e-3)
	// Cost a year: the boiler, the gas for the rest (no import).
	fuel := 8760 * (90 - h) / 0.9 * 0.01
	assert.InDelta(t, fuel, d.FuelCostPerYear, 1e-3)
	assert.InDelta(t, h*(2000*crf(0.05, 20)+5)+fuel, d.TotalCostPerYear, 1e-3)

	// The design re-runs through the dispatch to the same stage.
	prof, err := model.Resolve(d.Park, set)
	require.NoError(t, err)
	cfg := dispatch.DefaultConfig()
	cfg.Objective = dispatch.Cost
	cfg.Ledger = plan.DefaultOptions().Ledger.WithMarket(d.Park.Market)
	res, err := dispatch.PerfectForesight(d.Park, prof, cfg)
	require.NoError(t, err)
	assert.Equal(t, dispatch.NearZeroCarbon, res.Report.Stage)
	assert.InDelta(t, fuel, res.Report.Heat.FuelCost*365, 1e-3, "the dispatch burns the gas the plan did")
}

// With two electric boilers each is a candidate of its own (as heat pumps
// are) within the one bound: on paid electricity (0.02 USD/kWh against gas
// at 0.04: 0.0202 a kWh_th at η 0.99, 0.0222 at η 0.9, 0.0444 from gas)
// a boiler pays for itself (0.0242 USD per kWh_th saved × 8760 h = 212 a
// year against 165.5). The existing 10 kW_th of the less efficient one is
// sunk and runs (0.0222 a kWh_th, 194.7 a kW_th-year, less than 165.5 +
// 0.0202 × 8760 = 342.5 for a new kW_th); the cheapest design adds the
// rest of the heat load, 80 kW_th, all to the more efficient one.
func TestElectricBoilersShareTheBound(t *testing.T) {
	econ := &model.ElectricBoilerEconomics{CapitalPerKWTh: ptr(2000), FixedOMPerKWThYear: ptr(5), LifetimeYears: ptr(20), MaxTotalKWTh: 200}
	p, set := eboilerDay(t, 0.02, 0.04, []model.ElectricBoiler{{Name: "poor", CapacityKWTh: 10, Efficiency: 0.9},
		{Name: "good", CapacityKWTh: 0, Efficiency: 0.99}}, econ)
	// No free surplus: the turbine serves the load only.
	p.Wind[0].CapacityKW = 200
	require.NoError(t, p.ValidateWith(set))
	m := newModel(t, p, set, plan.DefaultOptions())
	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.Len(t, d.Additions, 2)
	assert.Equal(t, "poor", d.Additions[0].Asset)
	assert.Equal(t, 10.0, d.Additions[0].Existing)
	assert.InDelta(t, 0, d.Additions[0].Added, 1e-6)
	assert.Equal(t, "good", d.Additions[1].Asset)
	assert.InDelta(t, 80, d.Additions[1].Added, 1e-6)
	assert.InDelta(t, 80, d.Added(plan.TechElectricBoiler), 1e-6)
	assert.InDelta(t, 80, d.Park.ElectricBoilers[1].CapacityKWTh, 1e-6)
	assert.Equal(t, 10.0, d.Park.ElectricBoilers[0].CapacityKWTh)
	assert.Zero(t, d.FuelCostPerYear)
	// Cost a year: the boiler added, and 80/0.99 + 10/0.9 kW more
	// imported all day.
	assert.InDelta(t, 80*(2000*crf(0.05, 20)+5)+8760*(80/0.99+10/0.9)*0.02, d.TotalCostPerYear, 1e-3)
}

// An electric boiler candidate with no electric boiler in the park to
// take its efficiency from is an input error naming the key, as for heat
// pumps.
func TestElectricBoilerCandidateWithoutAnElectricBoiler(t *testing.T) {
	econ := &model.ElectricBoilerEconomics{CapitalPerKWTh: ptr(2000), MaxTotalKWTh: 200}
	p, set := eboilerDay(t, 0.10, 0.01, nil, econ)
	_, err := plan.New(p, set, plan.DefaultOptions())
	require.Error(t, err)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	var ie *plan.InputError
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, "economics.electric_boiler.max_total_kw_th", ie.Field)
	assert.Equal(t, "the park has no electric boiler to take the efficiency of added electric boilers from: add one with capacity_kw_th 0 and its efficiency", ie.Reason)
}
