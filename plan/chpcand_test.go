package plan_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// chpDay is n hourly steps of a park on a coal-heavy grid (1.0
// kgCO2e/kWh at price a kWh, no export): 100 kW of electricity and 90
// kW_th of heat all day, a gas boiler (η 0.9, 180 kW_th) on gas at 0.03
// USD/kWh (LHV), no PV sun, no wind, no battery, and a gas CHP of
// capacity 0 (η_el 0.35, η_th 0.45: 9/7 kW_th per kW) to extend; USD at
// 5 % a year.
func chpDay(t *testing.T, n int, price float64, econ *model.CHPEconomics) (*model.Park, *model.SeriesSet) {
	t.Helper()
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 100), pvPerKWp: make([]float64, n), carbon: flat(n, 1.0),
		price: flat(n, price), importKW: 1000, exportKW: 0, noWind: true, noBattery: true}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0.05), CHP: econ}
	f.heat = &heatSide{loadKWTh: flat(n, 90), gasPricePerKWh: 0.03}
	p, set := f.build(t)
	p.CHP = []model.CHP{{Name: "engine", CapacityKW: 0, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas"}}
	require.NoError(t, p.ValidateWith(set))
	return p, set
}

// TestHandCHPDay: a CHP candidate (2,800 USD/kW over 20 years at 5 %:
// 224.7 USD a year) against a grid at 0.05 USD/kWh: a kWh from it saves
// 0.05 of grid and 9/7 × 0.03/0.9 = 0.0429 of boiler gas but burns
// 0.03/0.35 = 0.0857 of gas, 0.0071 a kWh, 62.6 USD a kW-year: the
// cheapest design adds none. Low-carbon (emissions 30 % below the
// all-grid baseline) forces it, and its size follows from the arithmetic.
func TestHandCHPDay(t *testing.T) {
	econ := &model.CHPEconomics{CapitalPerKW: ptr(2800), FixedOMPerKWYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKW: 500}
	p, set := chpDay(t, 24, 0.05, econ)
	m := newModel(t, p, set, plan.DefaultOptions())

	cheap, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Zero(t, cheap.Added(plan.TechCHP), "62.6 USD saved a year is less than 224.7 of CHP")

	// With x kW of CHP running all day, per hour (kgCO2e)
	//   R = (100 − x)·1.0 + f_gas·x/0.35 + f_gas·(90 − 9x/7)/0.9 = a − b·x
	// against the baseline B = 100·1.0 + f_gas·90/0.9 (the grid and the
	// boiler): low-carbon wants R ≤ g·0.7·B, so x = (a − 0.7·g·B)/b.
	gas, _ := p.Fuel("natural_gas")
	fg := gas.KgCO2ePerKWhLHV
	require.InDelta(t, 0.2, fg, 0.01, "gas ≈ 0.2 kg/kWh against a grid of 1.0")
	g := 1 - 1e-6
	a := 100 + fg*90/0.9
	b := 1 - fg/0.35 + fg*(9.0/7)/0.9
	base := 100 + fg*90/0.9
	x := (a - 0.7*g*base) / b
	require.Greater(t, x, 0.0)
	require.Less(t, x*9/7, 90.0, "its heat fits in the heat load")

	d, err := m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	assert.Equal(t, dispatch.LowCarbon, d.Stage)
	assert.InDelta(t, x, d.Added(plan.TechCHP), 1e-4)
	assert.InDelta(t, x, d.Park.CHP[0].CapacityKW, 1e-4, "the design park has the CHP")
	assert.InDelta(t, 0.3, d.Report.StageBasis.ReductionVsBaseline, 1e-5, "at the reduction's limit")
	require.Len(t, d.Additions, 1)
	add := d.Additions[0]
	assert.Equal(t, plan.TechCHP, add.Tech)
	assert.Equal(t, "engine", add.Asset)
	assert.Equal(t, "kW", add.Unit)
	assert.InDelta(t, x*2800*crf(0.05, 20), add.CapitalPerYear, 1e-3)
	// A year: the CHP, its gas and the boiler's, the grid for the rest.
	fuel := 8760 * (x/0.35 + (90-x*9/7)/0.9) * 0.03
	assert.InDelta(t, fuel, d.FuelCostPerYear, 1e-2)
	assert.InDelta(t, x*2800*crf(0.05, 20)+fuel+8760*(100-x)*0.05, d.TotalCostPerYear, 1e-2)

	// The design re-runs through the dispatch to the same stage.
	prof, err := model.Resolve(d.Park, set)
	require.NoError(t, err)
	cfg := dispatch.DefaultConfig()
	cfg.Objective = dispatch.Cost
	cfg.Ledger = plan.DefaultOptions().Ledger.WithMarket(d.Park.Market)
	res, err := dispatch.PerfectForesight(d.Park, prof, cfg)
	require.NoError(t, err)
	assert.Equal(t, dispatch.LowCarbon, res.Report.Stage)
}

// TestCHPWholeUnits: with unit_kw 20 the low-carbon CHP of
// TestHandCHPDay (≈ 50.4 kW) becomes the next whole number of 20 kW
// engines, and the count is reported.
func TestCHPWholeUnits(t *testing.T) {
	econ := &model.CHPEconomics{CapitalPerKW: ptr(2800), FixedOMPerKWYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKW: 500, UnitKW: 20}
	p, set := chpDay(t, 24, 0.05, econ)
	gas, _ := p.Fuel("natural_gas")
	fg := gas.KgCO2ePerKWhLHV
	x := (100 + fg*100 - 0.7*(1-1e-6)*(100+fg*100)) / (1 - fg/0.35 + fg*(9.0/7)/0.9)
	units := math.Ceil(x / 20)
	require.Less(t, units*20*9/7, 90.0)
	m := newModel(t, p, set, plan.DefaultOptions())
	d, err := m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	assert.Equal(t, dispatch.LowCarbon, d.Stage)
	assert.InDelta(t, units*20, d.Added(plan.TechCHP), 1e-6)
	require.Len(t, d.Additions, 1)
	assert.Equal(t, int(units), d.Additions[0].Units)
	assert.Equal(t, 20.0, d.Additions[0].UnitSize)
}

// fuelBoilerDay: a heat load of 40 kW_th with a 110 kW_th peak at hour
// 18, a gas boiler of 60 kW_th today with the economics' fuel boiler
// candidate (1,000 USD/kW_th, 10 a year, 20 years at 5 %), electricity
// from the grid only, and heat bought (100 kW_th at 0.05 USD/kWh_th)
// when purchased is set.
func fuelBoilerDay(t *testing.T, purchased bool) (*model.Park, *model.SeriesSet) {
	t.Helper()
	const n = 24
	heat := flat(n, 40)
	heat[18] = 110
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 100), pvPerKWp: make([]float64, n), carbon: flat(n, 0.5),
		price: flat(n, 0.1), importKW: 1000, exportKW: 0, noWind: true, noBattery: true}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0.05),
		FuelBoiler: &model.FuelBoilerEconomics{CapitalPerKWTh: ptr(1000), FixedOMPerKWThYear: ptr(10), LifetimeYears: ptr(20), MaxTotalKWTh: 300}}
	f.heat = &heatSide{loadKWTh: heat, gasPricePerKWh: 0.03, boilerKWTh: 60}
	if purchased {
		f.heat.purchased = &model.PurchasedHeat{Name: "steam", LimitKWTh: 100, PricePerKWhTh: 0.05}
	}
	return f.build(t)
}

// TestFuelBoilerOnlyWhenHeatIsShort: a new kW_th of fuel boiler costs
// 1000 × CRF(5 %, 20) + 10 = 90.2 USD a year and saves at most one hour
// a day. With heat to buy (0.05 a kWh_th, 18.25 a year for that hour) the
// cheapest design buys the peak and adds no boiler; without it the peak
// would go unserved (at the value of lost load), so the boiler grows by
// exactly peak − today, 110 − 60 = 50 kW_th.
func TestFuelBoilerOnlyWhenHeatIsShort(t *testing.T) {
	p, set := fuelBoilerDay(t, true)
	d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.InDelta(t, 0, d.Added(plan.TechFuelBoiler), 1e-6, "heat bought serves the peak")
	assert.InDelta(t, 365*50*0.05, d.PurchasedHeatCostPerYear, 1e-6, "50 kWh_th bought a day")

	p, set = fuelBoilerDay(t, false)
	d, err = newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.InDelta(t, 50, d.Added(plan.TechFuelBoiler), 1e-6)
	assert.InDelta(t, 110, d.Park.FuelBoilers[0].CapacityKWTh, 1e-6)
	require.Len(t, d.Additions, 1)
	add := d.Additions[0]
	assert.Equal(t, plan.Addition{Tech: plan.TechFuelBoiler, Asset: "boiler", Unit: "kW_th", Existing: 60, Added: add.Added, Total: add.Total,
		Investment: add.Investment, CapitalPerYear: add.CapitalPerYear, FixedOMPerYear: add.FixedOMPerYear}, add)
	assert.InDelta(t, 50*1000, add.Investment, 1e-3)
	assert.InDelta(t, 50*1000*crf(0.05, 20), add.CapitalPerYear, 1e-3)
	assert.InDelta(t, 50*10, add.FixedOMPerYear, 1e-3)
	require.NotNil(t, d.Report.Heat)
	assert.InDelta(t, 0, d.Report.Heat.UnservedKWhTh, 1e-6)
	// Gas for the whole heat load: (23 × 40 + 110)/0.9 kWh a day.
	assert.InDelta(t, 365*(23*40+110)/0.9*0.03, d.FuelCostPerYear, 1e-3)
}

// CHP and fuel boiler candidates with nothing in the park to extend are
// input errors naming their keys.
func TestCHPAndFuelBoilerCandidatesWithoutAnAsset(t *testing.T) {
	econ := &model.CHPEconomics{CapitalPerKW: ptr(2800), MaxTotalKW: 500}
	p, set := chpDay(t, 4, 0.05, econ)
	p.CHP = nil
	p.Economics.FuelBoiler = &model.FuelBoilerEconomics{MaxTotalKWTh: 900}
	p.FuelBoilers = nil
	p.PurchasedHeat = []model.PurchasedHeat{{Name: "steam", LimitKWTh: 100}}
	_, err := plan.New(p, set, plan.DefaultOptions())
	require.Error(t, err)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	var fields []string
	for _, e := range flatten(err) {
		var ie *plan.InputError
		if errors.As(e, &ie) {
			fields = append(fields, ie.Field)
		}
	}
	assert.ElementsMatch(t, []string{"economics.chp.max_total_kw", "economics.fuel_boiler.max_total_kw_th"}, fields, "%v", err)
}

// flatten lists the errors joined in err (through any wrapping).
func flatten(err error) []error {
	var ie *plan.InputError
	if errors.As(err, &ie) && error(ie) == err {
		return []error{err}
	}
	if w, ok := err.(interface{ Unwrap() error }); ok {
		return flatten(w.Unwrap())
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// TestCHPCandidatesAgainstOracle: on a small CHP day with both a CHP and
// a fuel boiler candidate (the boiler short of the heat load), HiGHS and
// the interior-point oracle (lptest.IPMBackend) find the same cost for
// every stage, or both find it out of reach.
func TestCHPCandidatesAgainstOracle(t *testing.T) {
	econ := &model.CHPEconomics{CapitalPerKW: ptr(2800), FixedOMPerKWYear: ptr(20), LifetimeYears: ptr(20), MaxTotalKW: 500}
	p, set := chpDay(t, 6, 0.05, econ)
	p.FuelBoilers[0].CapacityKWTh = 40
	p.Economics.FuelBoiler = &model.FuelBoilerEconomics{CapitalPerKWTh: ptr(1000), FixedOMPerKWThYear: ptr(10), LifetimeYears: ptr(20),
		MaxTotalKWTh: 300}
	require.NoError(t, p.ValidateWith(set))
	opt := plan.DefaultOptions()
	hm := newModel(t, p, set, opt)
	oopt := opt
	oopt.Backend = lptest.IPMBackend{}
	om := newModel(t, p, set, oopt)
	compared := 0
	for _, st := range append([]dispatch.Stage{dispatch.Conventional}, plan.RoadmapStages()...) {
		hd, herr := hm.Plan(st)
		od, oerr := om.Plan(st)
		require.NotErrorIs(t, oerr, lptest.ErrOracle, "%s", st)
		if herr != nil || oerr != nil {
			assert.ErrorIs(t, herr, plan.ErrUnreachable, "%s", st)
			assert.ErrorIs(t, oerr, plan.ErrUnreachable, "%s", st)
			continue
		}
		compared++
		assert.InDelta(t, od.TotalCostPerYear, hd.TotalCostPerYear, 1e-6*math.Abs(od.TotalCostPerYear)+1e-6, "%s", st)
		assert.NoError(t, hd.Schedule.Check(hd.Park), "%s", st)
		if st == dispatch.Conventional {
			assert.Greater(t, hd.Added(plan.TechFuelBoiler)+hd.Added(plan.TechCHP)*9/7, 49.0, "the heat load's 90 kW_th is met")
		}
		if st == dispatch.LowCarbon {
			assert.Greater(t, hd.Added(plan.TechCHP), 1.0, "low-carbon needs the CHP")
		}
	}
	assert.GreaterOrEqual(t, compared, 2)
}

// TestCHPVariableOMPlan: chpDay with the grid at 0.08 a kWh. A kWh from
// the CHP saves 0.08 of grid and 9/7 × 0.03/0.9 = 0.0429 of boiler gas
// and burns 0.03/0.35 = 0.0857 of gas: 0.0371 a kWh, 325 a kW-year
// against 224.7 of capital, so without a variable O&M the cheapest design
// builds all the CHP its heat can take (90 kW_th × 7/9 = 70 kW: the heat
// has no dump). REopt's gas engine's 0.0195 a kWh leaves 0.0176 (155 a
// kW-year): the cheapest design builds none, and low-carbon only the x
// kW the stage forces (TestHandCHPDay's arithmetic), paying x × 8,760 ×
// 0.0195 a year of O&M.
func TestCHPVariableOMPlan(t *testing.T) {
	const price, vom = 0.08, 0.0195
	annual := 2800 * crf(0.05, 20) // USD per kW-year
	saving := price + 9.0/7*0.03/0.9 - 0.03/0.35
	require.Greater(t, saving*8760, annual, "without O&M a kW of CHP pays")
	require.Less(t, (saving-vom)*8760, annual, "with O&M it does not")
	heatKW := 90 * 7.0 / 9

	econ := func() *model.CHPEconomics {
		return &model.CHPEconomics{CapitalPerKW: ptr(2800), FixedOMPerKWYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKW: 500}
	}
	p, set := chpDay(t, 24, price, econ())
	m := newModel(t, p, set, plan.DefaultOptions())
	for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon} {
		d, err := m.Plan(st)
		require.NoError(t, err)
		assert.InDelta(t, heatKW, d.Added(plan.TechCHP), 1e-4, "%s without O&M: as much as the heat takes", st)
		assert.Zero(t, d.CHPVariableOMCostPerYear)
	}

	p, set = chpDay(t, 24, price, econ())
	p.CHP[0].VariableOMPerKWh = vom
	require.NoError(t, p.ValidateWith(set))
	m = newModel(t, p, set, plan.DefaultOptions())
	cheap, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Zero(t, cheap.Added(plan.TechCHP), "no longer worth building")

	gas, _ := p.Fuel("natural_gas")
	fg := gas.KgCO2ePerKWhLHV
	g := 1 - 1e-6
	x := (100 + fg*100 - 0.7*g*(100+fg*100)) / (1 - fg/0.35 + fg*(9.0/7)/0.9)
	require.Less(t, x, heatKW)
	d, err := m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	assert.Equal(t, dispatch.LowCarbon, d.Stage)
	assert.InDelta(t, x, d.Added(plan.TechCHP), 1e-4, "only what the stage forces")
	assert.InDelta(t, 8760*x*vom, d.CHPVariableOMCostPerYear, 1e-2)
	fuel := 8760 * (x/0.35 + (90-x*9/7)/0.9) * 0.03
	assert.InDelta(t, fuel, d.FuelCostPerYear, 1e-2)
	assert.InDelta(t, fuel+8760*(100-x)*price+8760*x*vom, d.EnergyCostPerYear, 1e-2)
	assert.InDelta(t, x*annual+fuel+8760*(100-x)*price+8760*x*vom, d.TotalCostPerYear, 1e-2)
}
