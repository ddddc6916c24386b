package plan_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// TestHeatParkOverPeriods: a park with heat is planned over
// representative periods too (it was refused while the heat series were
// not aggregated): the heat load is clustered and rescaled like the
// electric load, so its weighted total over the representative days is
// the week's, and the reduction's errors name it; the design's schedule
// over the calendar obeys the park's physics, and evaluated over the full
// series it costs at least the full series' optimum.
func TestHeatParkOverPeriods(t *testing.T) {
	f := &fixture{n: 24 * 7, step: hourStep, noWind: true, noBattery: true, importKW: 1000}
	f.loadKW, f.pvPerKWp, f.carbon, f.price = flat(f.n, 100), flat(f.n, 0.2), flat(f.n, 0.5), flat(f.n, 0.1)
	heat := make([]float64, f.n)
	for i := range heat {
		day, h := i/24, i%24
		heat[i] = 60 + 10*float64(day) + 30*math.Cos(2*math.Pi*float64(h)/24)
	}
	f.econ = &model.Economics{Currency: "USD", PV: &model.PVEconomics{MaxTotalKWp: 500}}
	f.heat = &heatSide{loadKWTh: heat, gasPricePerKWh: 0.04}
	p, set := f.build(t)
	opt := plan.DefaultOptions()
	full := newModel(t, p, set, opt)
	opt.Periods = 3
	m := newModel(t, p, set, opt)
	red := m.Reduction()
	require.NotNil(t, red)
	var names []string
	for _, e := range red.Errors {
		names = append(names, e.Name)
		if e.Name == "heat_load_kw_th" {
			assert.InDelta(t, 0, e.TotalRelError, 1e-5, "the heat load's energy is kept")
			want := 0.0
			for _, v := range heat {
				want += v
			}
			assert.InDelta(t, want, e.Total, 1e-9*want)
		}
	}
	assert.Contains(t, names, "heat_load_kw_th")
	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.NoError(t, d.Schedule.Check(d.Park))
	served := 0.0
	for i := range d.Schedule.Len {
		served += d.Schedule.HeatLoadKWTh[i]
	}
	assert.InDelta(t, red.Errors[slices.Index(names, "heat_load_kw_th")].TotalAggregated, served, 1e-6*served,
		"the schedule's heat load is the representatives' expanded")
	ev, err := full.Evaluate(d)
	require.NoError(t, err)
	best, err := full.Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, ev.TotalCostPerYear, best.TotalCostPerYear*(1-1e-9))
	assert.Positive(t, ev.FuelCostPerYear, "the boiler burns gas over the full series")
}

// heatCostMetric is costMetric with the heat side: fuel and heat bought
// at their prices (negative as 0), unserved heat at the value of lost
// load, and the study-end value of the heat left in the stores.
func heatCostMetric(t *testing.T, p *model.Park, prof *model.Profiles, s *dispatch.Schedule, cfg dispatch.Config) float64 {
	t.Helper()
	c := costMetric(t, p, prof, s, cfg)
	h := s.Step.Hours()
	for i := range s.Len {
		for f, b := range p.FuelBoilers {
			fu, _ := p.Fuel(b.Fuel)
			c += math.Max(fu.PricePerKWhLHV, 0) * s.FuelBoilerFuelKW[f][i] * h
		}
		for k := range p.PurchasedHeat {
			c += math.Max(s.PurchasedHeatPricePerKWhTh[k][i], 0) * s.PurchasedHeatKWTh[k][i] * h
		}
		c += cfg.ValueOfLostLoadPerKWh * s.UnservedHeatKWTh[i] * h
	}
	end, err := dispatch.EndValues(p, prof, &cfg)
	require.NoError(t, err)
	for q := range p.ThermalStorage {
		c -= end[len(p.Batteries)+q] * s.FinalHeatSoCKWhTh(q)
	}
	return c
}

// TestHeatFixedCapacitiesArePerfectForesight: on parks with heat (a gas
// boiler, a heat pump whose COP varies per step, a thermal store with a
// standing loss, heat bought at a price that varies), with every capacity
// fixed and stored energy valued at the end, the plan's dispatch costs
// what dispatch.PerfectForesight's does under the Cost objective: the
// Block's heat columns, rows and prices are the dispatch's own.
func TestHeatFixedCapacitiesArePerfectForesight(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, 91))
		f := randomFixture(rng, 48+rng.IntN(24))
		f.pvKWp, f.windKW, f.batKWh, f.batKW = 300, 200, 600, 150
		f.econ = &model.Economics{Currency: "USD"} // nothing may be added
		heat := make([]float64, f.n)
		for i := range heat {
			heat[i] = 150 + 80*math.Cos(2*math.Pi*float64(i%24)/24) + 20*rng.Float64()
		}
		ph := 0.2 + 0.1*rng.Float64()
		f.heat = &heatSide{loadKWTh: heat, gasPricePerKWh: 0.03 + 0.03*rng.Float64(), boilerKWTh: 150,
			hp: &model.HeatPump{Name: "hp", CapacityKWTh: 120,
				COPModel: &model.COPModel{Kind: model.StaffellAir, TempColumn: "temp_c", SinkTempC: 45}},
			store:     &model.ThermalStorage{Name: "tank", EnergyKWhTh: 500, MaxChargeKWTh: 150, MaxDischargeKWTh: 150, MinSoCFraction: 0.05, MaxSoCFraction: 0.95, InitialSoCFraction: 0.4, StandingLossPerHour: 0.01},
			purchased: &model.PurchasedHeat{Name: "district", LimitKWTh: 100, PricePerKWhTh: ph}}
		if seed%2 == 0 {
			f.demandPerKWMonth = 10
		}
		// The heat pump's COP varies per step with the outdoor temperature.
		f.tempC = make([]float64, f.n)
		for i := range f.tempC {
			f.tempC[i] = -5 + 15*rng.Float64()
		}
		p, set := f.build(t)
		prof, err := model.Resolve(p, set)
		require.NoError(t, err)
		require.NotEqual(t, prof.HeatPumpCOP[0][0], prof.HeatPumpCOP[0][1], "the COP varies")
		opt := plan.DefaultOptions()
		opt.Storage = plan.Valued
		m := newModel(t, p, set, opt)
		got, err := m.Today()
		require.NoError(t, err, "seed %d", seed)

		cfg := dispatch.DefaultConfig()
		cfg.Objective = dispatch.Cost
		want, err := dispatch.PerfectForesight(p, prof, cfg)
		require.NoError(t, err)
		wc, gc := heatCostMetric(t, p, prof, want.Schedule, cfg), heatCostMetric(t, p, prof, got.Schedule, cfg)
		assert.InDelta(t, wc, gc, 1e-7*math.Abs(wc), "seed %d: cost", seed)
		assert.InDelta(t, want.Report.EnergyCost, got.Report.EnergyCost, 1e-4*math.Abs(wc), "seed %d: energy cost", seed)
		assert.InDelta(t, want.Report.Heat.FuelCost, got.Report.Heat.FuelCost, 1e-4*math.Abs(wc), "seed %d: fuel cost", seed)
		require.NoError(t, got.Schedule.Check(p), "seed %d", seed)
		assert.InDelta(t, got.Report.EnergyCost*8760/(float64(f.n)), got.EnergyCostPerYear, 1e-6*math.Abs(wc)*365, "seed %d: the design's energy cost is the ledger's, fuel and heat included", seed)
	}
}

// TestHandHeatPumpDay: one day, 100 kW of electricity and 90 kW_th of
// heat all day, a gas boiler today (η 0.9), a heat pump candidate at COP 3
// that costs 365 USD/kW_th over 10 years at a discount rate of 0 (36.5
// USD per kW_th a year), a grid at 0.10 USD/kWh.
func TestHandHeatPumpDay(t *testing.T) {
	hp := &model.HeatPump{Name: "hp", COP: 3}
	econ := func(p *model.Park) {
		p.Economics.PV = nil
		p.Economics.HeatPump = &model.HeatPumpEconomics{CapitalPerKWTh: ptr(365), FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(10), MaxTotalKWTh: 500}
	}
	t.Run("cheaper than gas", func(t *testing.T) {
		// A kWh_th costs 0.10/3 = 0.0333 USD from the pump, 0.04/0.9 =
		// 0.0444 from gas: 0.0111 × 24 h × 365 = 97.3 USD per kW_th a year
		// saved, more than 36.5: the pump takes the whole heat load, 90
		// kW_th. Cost a year: 36.5 × 90 + 365 × 24 × (100 + 90/3) × 0.10.
		p, set := heatDay(t, 0.5, 0.10, 0.04, hp)
		econ(p)
		m := newModel(t, p, set, plan.DefaultOptions())
		d, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, 90, d.Added(plan.TechHeatPump), 1e-6)
		assert.InDelta(t, 36.5*90+365*24*130*0.10, d.TotalCostPerYear, 1e-4)
		assert.Zero(t, d.FuelCostPerYear)
		assert.InDelta(t, 90, d.Park.HeatPumps[0].CapacityKWTh, 1e-6)
	})
	t.Run("near-zero on a clean grid", func(t *testing.T) {
		// Gas at 0.02 USD/kWh (0.0222 per kWh_th) beats the pump's
		// 0.0333: the cheapest design keeps the boiler. Near-zero-carbon
		// needs carbon per unit energy ≤ 0.2 tCO2/tce (× g = 1 − 1e-6):
		// with h kW_th from the pump, per hour
		//   R = (100 + h/3)·f_grid + (90 − h)/0.9·f_gas            (kgCO2e)
		//   E = (100 + h/3)·0.1229 + (90 − h)/0.9·k_gas            (kgce)
		// and R = 0.2·g·E is linear in h. The pump is sized at that h.
		const fGrid = 0.01
		p, set := heatDay(t, fGrid, 0.10, 0.02, hp)
		econ(p)
		gas, _ := p.Fuel("natural_gas")
		g := 1 - 1e-6
		// R − 0.2·g·E = a + b·h.
		a := 100*fGrid + 90/0.9*gas.KgCO2ePerKWhLHV - 0.2*g*(100*0.1229+90/0.9*gas.KgcePerKWhLHV)
		b := fGrid/3 - gas.KgCO2ePerKWhLHV/0.9 - 0.2*g*(0.1229/3-gas.KgcePerKWhLHV/0.9)
		h := -a / b
		require.Greater(t, h, 0.0)
		require.Less(t, h, 90.0)
		m := newModel(t, p, set, plan.DefaultOptions())
		cheap, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.Zero(t, cheap.Added(plan.TechHeatPump))
		d, err := m.Plan(dispatch.NearZeroCarbon)
		require.NoError(t, err)
		assert.InDelta(t, h, d.Added(plan.TechHeatPump), 1e-4)
		assert.Equal(t, dispatch.NearZeroCarbon, d.Stage)
		// The ledger's figure is the row's: at the limit.
		assert.InDelta(t, 0.2, d.Report.StageBasis.CarbonPerTce, 1e-5)
		// Cost a year: the pump, its electricity, the gas for the rest.
		want := 36.5*h + 365*24*((100+h/3)*0.10+(90-h)/0.9*0.02)
		assert.InDelta(t, want, d.TotalCostPerYear, 1e-3)
		assert.InDelta(t, 365*24*(90-h)/0.9*0.02, d.FuelCostPerYear, 1e-3)
	})
}

// A heat pump candidate with no heat pump in the park to take its COP
// from is an input error that says so in one clear sentence.
func TestHeatPumpCandidateWithoutAHeatPump(t *testing.T) {
	p, set := heatDay(t, 0.5, 0.10, 0.04, nil)
	p.Economics.HeatPump = &model.HeatPumpEconomics{CapitalPerKWTh: ptr(365), FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(10), MaxTotalKWTh: 500}
	_, err := plan.New(p, set, plan.DefaultOptions())
	require.Error(t, err)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	var ie *plan.InputError
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, "economics.heat_pump.max_total_kw_th", ie.Field)
	assert.Equal(t, "the park has no heat pump to take the COP of added heat pumps from: add one with capacity_kw_th 0 and its cop or cop_model", ie.Reason)
}

// A stage out of reach because heat goes short names the heat: 90 kW_th
// all day against a 50 kW_th boiler and a heat pump candidate of at most
// 20 kW_th leaves 20 kW_th, 22 % of the heat load, unserved at best,
// above the 0.1 % every stage above conventional allows.
func TestUnreachableForHeat(t *testing.T) {
	p, set := heatDay(t, 0.5, 0.10, 0.04, &model.HeatPump{Name: "hp", COP: 3})
	p.FuelBoilers[0].CapacityKWTh = 50
	p.Economics.HeatPump = &model.HeatPumpEconomics{CapitalPerKWTh: ptr(365), FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(10), MaxTotalKWTh: 20}
	require.NoError(t, p.Validate())
	m := newModel(t, p, set, plan.DefaultOptions())
	_, err := m.Plan(dispatch.LowCarbon)
	var ue *plan.UnreachableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "unserved heat", ue.Indicator, "%v", err)
	assert.Equal(t, "% of the heat load", ue.Unit)
	assert.InDelta(t, 100*20.0/90, ue.Best, 1e-4, "the least unserved heat: 90 − 50 − 20 kW_th of 90")
	// The threshold with its unit: "≤ 0.1" alone reads as a fraction, 10 %
	// (QA N, session 37).
	assert.Contains(t, err.Error(), "unserved heat is at best 22.2 % of the heat load against ≤ 0.1 %")
}

// Near-zero out of reach on a park with heat says which side binds, the
// grid import's carbon or the heat side's (fuel burnt, heat bought), each
// side's least carbon per unit energy alone worked by hand on heatDay: a
// day of 100 kW of electricity (PV up to 1,000 kWp at 0.5 kW/kWp from 8 to
// 16 h covers it then, 800 kWh; no export, no battery) and 90 kW_th of
// heat, a gas boiler at η 0.9 (100 kWh of gas an hour for all of it). The
// gate lets u = 0.001 × (1 − 1e-6) of each load go unserved. With E kWh of
// electricity consumed and F kWh of gas, a side's ratio is its carbon over
// 0.1229·E + k_gas·F (kgce):
//   - the heat side alone, N = f_gas·F: sheds all the heat it may and
//     keeps all the electricity, (1 − u)·2400·f_gas / (0.1229·2400 +
//     (1 − u)·2400·k_gas);
//   - the grid import alone, N = f·(1600 − 2400·u) (the night's import,
//     shed as far as allowed, since f/0.1229 is above the ratio), over
//     0.1229·2400·(1 − u) + 2400·k_gas: all the heat from gas, which adds
//     consumption and no grid carbon (a heat pump on the day's surplus PV
//     would add 0.1229 kgce and save 3/0.9·0.1229 of gas).
func TestUnreachableNamesTheSide(t *testing.T) {
	gas := func(p *model.Park) model.ResolvedFuel { f, _ := p.Fuel("natural_gas"); return f }
	u := dispatch.DefaultUnservedToleranceShare * (1 - 1e-6)
	gridAlone := func(f, kgas float64) float64 {
		return f * (1600 - 2400*u) / (0.1229*2400*(1-u) + 2400*kgas)
	}
	t.Run("heat binds", func(t *testing.T) {
		// A clean grid (0.01 kg/kWh) and no heat pump: the gas stays.
		p, set := heatDay(t, 0.01, 0.10, 0.04, nil)
		g := gas(p)
		ue, s := nearZeroSides(t, p, set)
		heatAlone := (1 - u) * 2400 * g.KgCO2ePerKWhLHV / (0.1229*2400 + (1-u)*2400*g.KgcePerKWhLHV)
		assert.InDelta(t, heatAlone, s.HeatBestTCO2PerTce, 1e-5, "about 0.2020/(0.1229 + 0.1230) = 0.82")
		assert.InDelta(t, gridAlone(0.01, g.KgcePerKWhLHV), s.GridBestTCO2PerTce, 1e-5)
		assert.True(t, s.HeatBinds())
		assert.False(t, s.GridBinds())
		// The split adds up to the best, which no side alone beats.
		assert.InDelta(t, ue.Best, s.GridTCO2PerTceAtBest+s.HeatTCO2PerTceAtBest, 1e-9)
		assert.GreaterOrEqual(t, ue.Best, s.HeatBestTCO2PerTce-1e-6)
		assert.Equal(t, ue.Threshold, s.ThresholdTCO2PerTce)
		assert.Contains(t, ue.Error(), "the heat side binds: within these bounds heat pumps and electric boilers cannot take enough of the heat")
	})
	t.Run("grid binds", func(t *testing.T) {
		// A heat pump up to 500 kW_th can take all the heat off gas
		// (the heat side alone: 0), but the night's import at 0.5
		// kg/kWh keeps the stage out of reach.
		p, set := heatDay(t, 0.5, 0.10, 0.04, &model.HeatPump{Name: "hp", COP: 3})
		p.Economics.HeatPump = &model.HeatPumpEconomics{CapitalPerKWTh: ptr(365), FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(10), MaxTotalKWTh: 500}
		g := gas(p)
		ue, s := nearZeroSides(t, p, set)
		assert.Zero(t, s.HeatBestTCO2PerTce)
		assert.InDelta(t, gridAlone(0.5, g.KgcePerKWhLHV), s.GridBestTCO2PerTce, 1e-5, "about 0.5·1597.6/(294.7 + 295.2) = 1.35")
		assert.True(t, s.GridBinds())
		assert.False(t, s.HeatBinds())
		assert.InDelta(t, ue.Best, s.GridTCO2PerTceAtBest+s.HeatTCO2PerTceAtBest, 1e-9)
		assert.GreaterOrEqual(t, ue.Best, s.GridBestTCO2PerTce-1e-6)
		assert.Contains(t, ue.Error(), "at best 1.35 (grid import) and 0 (heat side): the grid import binds, not the heat side")
	})
	t.Run("no heat, no split", func(t *testing.T) {
		// An electric-only park out of reach names no sides.
		p, set := heatDay(t, 0.5, 0.10, 0.04, nil)
		p.HeatLoads, p.FuelBoilers, p.Fuels = nil, nil, nil
		require.NoError(t, p.Validate())
		m := newModel(t, p, set, plan.DefaultOptions())
		_, err := m.Plan(dispatch.NearZeroCarbon)
		var ue *plan.UnreachableError
		require.ErrorAs(t, err, &ue)
		assert.Nil(t, ue.Sides)
		assert.NotContains(t, err.Error(), "heat side")
	})
}

// nearZeroSides plans near-zero-carbon on p, which must be out of reach
// with its sides split: the error and its Sides.
func nearZeroSides(t *testing.T, p *model.Park, set *model.SeriesSet) (*plan.UnreachableError, *plan.CarbonSides) {
	t.Helper()
	_, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.NearZeroCarbon)
	var ue *plan.UnreachableError
	require.ErrorAs(t, err, &ue)
	require.NotNil(t, ue.Sides, "%v", err)
	return ue, ue.Sides
}

// pumpDay is TestLargeParkCountsHeat's day (a grid at 0.01 kgCO2e/kWh, a
// gas boiler, a heat-pump candidate at COP 3 and 365 USD/kW_th) with its
// gas, the rows' 1 − 1e-6 and pump(θ), the heat pump by hand whose
// operation meets carbon per unit energy θ·g exactly.
func pumpDay(t *testing.T) (*model.Park, *model.SeriesSet, model.ResolvedFuel, float64, func(theta float64) float64) {
	t.Helper()
	const fGrid = 0.01
	hp := &model.HeatPump{Name: "hp", COP: 3}
	p, set := heatDay(t, fGrid, 0.10, 0.02, hp)
	p.Economics.PV = nil
	p.Economics.HeatPump = &model.HeatPumpEconomics{CapitalPerKWTh: ptr(365), FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(10), MaxTotalKWTh: 500}
	gas, _ := p.Fuel("natural_gas")
	g := 1 - 1e-6
	pump := func(theta float64) float64 {
		a := 100*fGrid + 90/0.9*gas.KgCO2ePerKWhLHV - theta*g*(100*0.1229+90/0.9*gas.KgcePerKWhLHV)
		b := fGrid/3 - gas.KgCO2ePerKWhLHV/0.9 - theta*g*(0.1229/3-gas.KgcePerKWhLHV/0.9)
		return -a / b
	}
	return p, set, gas, g, pump
}

// TestLargeParkCountsHeat: the core indicator's larger limit (0.30
// tCO2/tce from LargeParkTcePerYear up) is the plan's wherever every
// operation the stage rows allow consumes that much, heat included. On
// TestHandHeatPumpDay's clean-grid day (100 kW of electricity, 90 kW_th
// of heat, gas boiler η 0.9, a heat pump candidate at COP 3) the least
// consumption is the heat pump serving all the heat, with 0.1 % of each
// load unserved: (1 − 0.001·g)·0.1229·(100 + 90/3) kgce an hour, 139.82
// tce a year; the electricity alone is 107.7. With the line at 120 tce
// the plan now sizes near-zero at 0.30, as the ledger judges it (before,
// it counted the electric load alone and sized at 0.20: a design safe but
// dearer); with the line at 139.9, which an operation could stay below,
// it keeps 0.20. The pump's size follows from R = θ·g·E as in
// TestHandHeatPumpDay.
func TestLargeParkCountsHeat(t *testing.T) {
	p, set, _, g, pump := pumpDay(t)
	floor := (1 - 0.001*g) * 0.1229 * (100 + 90.0/3) * 8760 / 1000
	require.InDelta(t, 139.82, floor, 0.005)
	plan1 := func(line float64) *plan.Design {
		opt := plan.DefaultOptions()
		opt.Ledger.LargeParkTcePerYear = line
		d, err := newModel(t, p, set, opt).Plan(dispatch.NearZeroCarbon)
		require.NoError(t, err)
		require.Equal(t, dispatch.NearZeroCarbon, d.Stage)
		return d
	}
	strict := plan1(dispatch.DefaultLargeParkTcePerYear)
	assert.InDelta(t, pump(0.2), strict.Added(plan.TechHeatPump), 1e-4)
	assert.Equal(t, 0.2, strict.Report.StageBasis.CarbonPerTceMax)

	large := plan1(120)
	assert.Equal(t, 0.3, large.Report.StageBasis.CarbonPerTceMax, "the ledger's limit")
	assert.InDelta(t, 0.3, large.Report.StageBasis.CarbonPerTce, 1e-5, "sized at the ledger's limit")
	assert.InDelta(t, pump(0.3), large.Added(plan.TechHeatPump), 1e-4)
	assert.Less(t, large.Added(plan.TechHeatPump), strict.Added(plan.TechHeatPump))
	assert.Less(t, large.TotalCostPerYear, strict.TotalCostPerYear)

	edge := plan1(139.9)
	assert.InDelta(t, 0.2, edge.Report.StageBasis.CarbonPerTce, 1e-5, "an operation could consume less than 139.9 tce a year: the stricter limit")
	assert.Equal(t, 0.3, edge.Report.StageBasis.CarbonPerTceMax, "while this one, mostly gas, consumes more")
	require.Len(t, edge.Warnings, 1)
	assert.Equal(t, "sized against 0.2 tCO2/tce, the limit below 139.9 tce a year: an operation within the plan's rows could consume 139.8 tce a year; "+
		"this design's consumes 147.8, which the ledger judges against 0.3 tCO2/tce, so it holds near-zero-carbon with room to spare", edge.Warnings[0])
	assert.Empty(t, large.Warnings)
	assert.Empty(t, strict.Warnings)
}

// TestStricterLargeParkLimit: with the large parks' core limit the
// stricter (carbon_tco2_per_tce_max_large 0.2 below carbon_tco2_per_tce_max
// 0.3), near-zero is solved in two bands and the cheaper kept: the core
// row at 0.2, which holds on either side of the line, and 0.3 with the
// consumption held at g × the line (QA R A3, session 37: the plan sized
// at 0.3, its design crossed the line, the ledger judged it at 0.2 and
// the plan failed, "the ledger does not grant the planned stage").
// TestLargeParkCountsHeat's day: 100 kW of electricity and 90 kW_th of
// heat a day, a gas boiler (η 0.9) and a heat-pump candidate (COP 3,
// 36.5 USD/kW_th a year, dearer to run than the gas): the cheapest design
// is the smallest pump P meeting the rows. Consumption a year is
// E(P) = 8.76·(0.1229·(100 + P/3) + c_gas·(90 − P)/0.9) tce, falling by
// 0.838 tce per kW_th: 155.18 at pump(0.3) = 71.84 kW_th, 147.83 at
// pump(0.2) = 80.61.
//   - line 150: pump(0.3) crosses it; below it needs E(P) ≤ g·150,
//     P = 78.02 < 80.61: the band below is kept, judged at 0.3.
//   - line 145: below it needs P = 83.99 > 80.61: the core row at 0.2 is
//     kept, its design across the line, judged at 0.2, where it binds.
func TestStricterLargeParkLimit(t *testing.T) {
	p, set, gas, g, pump := pumpDay(t)
	tce := func(hpKWTh float64) float64 {
		return 8.76 * (0.1229*(100+hpKWTh/3) + gas.KgcePerKWhLHV*(90-hpKWTh)/0.9)
	}
	below := func(line float64) float64 { // E(P) = g·line
		return (tce(0) - g*line) / (tce(0) - tce(1))
	}
	require.InDelta(t, 71.84, pump(0.3), 0.005)
	require.InDelta(t, 155.18, tce(pump(0.3)), 0.005)
	require.InDelta(t, 80.61, pump(0.2), 0.005)
	require.InDelta(t, 147.83, tce(pump(0.2)), 0.005)
	require.InDelta(t, 78.02, below(150), 0.005)
	require.InDelta(t, 83.99, below(145), 0.005)
	plan1 := func(line float64) *plan.Design {
		opt := plan.DefaultOptions()
		opt.Ledger.CarbonPerTceMax, opt.Ledger.CarbonPerTceMaxLarge, opt.Ledger.LargeParkTcePerYear = 0.3, 0.2, line
		d, err := newModel(t, p, set, opt).Plan(dispatch.NearZeroCarbon)
		require.NoError(t, err, "line %g", line)
		require.Equal(t, dispatch.NearZeroCarbon, d.Stage, "line %g", line)
		return d
	}
	d := plan1(150)
	b := d.Report.StageBasis
	// It holds only while it stays below the line, and says so (QA Z4,
	// session 38: nothing told a reader, and its shadow carbon price, the
	// core row slack, read 0).
	require.Len(t, d.Warnings, 1)
	assert.Contains(t, d.Warnings[0], "held below the large-park line: it consumes 150.0 tce a year, at large_park_tce_per_year (150.0)")
	assert.Contains(t, d.Warnings[0], "the large parks' 0.2 tCO2/tce applies")
	assert.Contains(t, d.Warnings[0], "what binds is the consumption held below the line")
	assert.InDelta(t, below(150), d.Added(plan.TechHeatPump), 1e-4)
	assert.InDelta(t, g*150, b.ConsumptionTcePerYear, 1e-6, "held below the line")
	assert.Equal(t, 0.3, b.CarbonPerTceMax, "judged by the default band's limit")
	assert.Less(t, b.CarbonPerTce, 0.3)
	assert.Greater(t, b.CarbonPerTce, 0.2)

	d = plan1(145)
	b = d.Report.StageBasis
	assert.Empty(t, d.Warnings, "across the line, at its own limit")
	assert.InDelta(t, pump(0.2), d.Added(plan.TechHeatPump), 1e-4)
	assert.InDelta(t, tce(pump(0.2)), b.ConsumptionTcePerYear, 1e-4)
	assert.Equal(t, 0.2, b.CarbonPerTceMax, "across the line: the large parks' limit")
	assert.InDelta(t, 0.2, b.CarbonPerTce, 1e-5, "where it binds")

	// A line under every operation's consumption (the floor, 139.8): the
	// large parks' limit alone, exact.
	d = plan1(130)
	assert.Empty(t, d.Warnings)
	assert.InDelta(t, pump(0.2), d.Added(plan.TechHeatPump), 1e-4)
	assert.Equal(t, 0.2, d.Report.StageBasis.CarbonPerTceMax)
	// A line over pump(0.3)'s consumption: the default band's limit.
	d = plan1(160)
	// Below the line by 3 %, not held there: the first half of the
	// warning alone.
	require.Len(t, d.Warnings, 1)
	assert.True(t, strings.HasPrefix(d.Warnings[0], "below the large-park line: it consumes 155.2 tce a year, 3.0 % below large_park_tce_per_year (160.0)"), d.Warnings[0])
	assert.NotContains(t, d.Warnings[0], "shadow")
	assert.InDelta(t, pump(0.3), d.Added(plan.TechHeatPump), 1e-4)
	assert.Equal(t, 0.3, d.Report.StageBasis.CarbonPerTceMax)

	// Out of reach on a grid at 0.9 kgCO2e/kWh (TestUnreachableNamesTheLargeParkLimit's
	// day): the best carbon per unit energy burns the gas, about 215 tce
	// a year, and is said against the limit of that consumption.
	dirty, dset := heatDay(t, 0.9, 0.10, 0.02, &model.HeatPump{Name: "hp", COP: 3})
	dirty.Economics.PV, dirty.Economics.HeatPump = nil, p.Economics.HeatPump
	for _, c := range []struct{ line, limit float64 }{{180, 0.2}, {250, 0.3}} {
		opt := plan.DefaultOptions()
		opt.Ledger.CarbonPerTceMax, opt.Ledger.CarbonPerTceMaxLarge, opt.Ledger.LargeParkTcePerYear = 0.3, 0.2, c.line
		_, err := newModel(t, dirty, dset, opt).Plan(dispatch.NearZeroCarbon)
		var ue *plan.UnreachableError
		require.True(t, errors.As(err, &ue), "line %g: %v", c.line, err)
		assert.Equal(t, "carbon per unit energy", ue.Indicator, "line %g", c.line)
		assert.InDelta(t, c.limit, ue.Threshold, 1e-9, "line %g", c.line)
		assert.Greater(t, ue.Best, 0.3, "line %g", c.line)
		assert.Zero(t, ue.BestTcePerYear, "line %g: the default band's note is not given", c.line)
	}
}

// A stage out of reach under the stricter core limit says so when its
// best operation crosses the large-park line (QA, 2026-12-04: a park the
// ledger judged at 0.30 was said "at best 1.47 against ≤ 0.2" with no
// word of the larger limit). TestLargeParkCountsHeat's day on a grid at
// 0.9 kgCO2e/kWh: the heat pump could bring consumption to 139.8 tce a
// year, under a line at 180, while the best carbon per unit energy burns
// the gas, about 215 tce a year, over it.
func TestUnreachableNamesTheLargeParkLimit(t *testing.T) {
	p, set := heatDay(t, 0.9, 0.10, 0.02, &model.HeatPump{Name: "hp", COP: 3})
	p.Economics.PV = nil
	p.Economics.HeatPump = &model.HeatPumpEconomics{CapitalPerKWTh: ptr(365), FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(10), MaxTotalKWTh: 500}
	opt := plan.DefaultOptions()
	opt.Ledger.LargeParkTcePerYear = 180
	_, err := newModel(t, p, set, opt).Plan(dispatch.NearZeroCarbon)
	var ue *plan.UnreachableError
	require.True(t, errors.As(err, &ue), "%v", err)
	assert.Equal(t, "carbon per unit energy", ue.Indicator)
	assert.InDelta(t, 0.2, ue.Threshold, 1e-5)
	assert.InDelta(t, 0.3, ue.LargeParkThreshold, 1e-5)
	assert.Equal(t, 180.0, ue.LargeParkLineTcePerYear)
	assert.Greater(t, ue.BestTcePerYear, 180.0)
	assert.Contains(t, err.Error(), "the limit under 180.0 tce a year")
	assert.Contains(t, err.Error(), "where the ledger's limit is ≤ 0.3)")
	assert.NotContains(t, err.Error(), "which it meets")

	// Under the default line the note is not given.
	_, err = newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.NearZeroCarbon)
	require.True(t, errors.As(err, &ue), "%v", err)
	assert.Zero(t, ue.BestTcePerYear)
	assert.NotContains(t, err.Error(), "the limit under")
}

// TestConsumptionFloor: the floor under the large-park line, by hand, on
// one day of 100 kW of electricity (0.1229 kgce/kWh): the loads less the
// 0.1 % × g they may leave unserved; less, with Valued storage, the
// battery's span (0.8 × 1,000 kWh) it may draw down; with heat (90 kW_th,
// a gas boiler η 0.9, c = the fuel's kgce per kWh / 0.9) a thermal
// store's span at c; and 0 when a CHP burns a fuel counted at less than
// 0.1229 × η_el kgce a kWh, whose heat lowers consumption.
func TestConsumptionFloor(t *testing.T) {
	g := 1 - 1e-6
	served := 1 - 0.001*g
	f := &fixture{n: 24, step: hourStep, loadKW: flat(24, 100), pvPerKWp: flat(24, 0.2), carbon: flat(24, 0.5),
		price: flat(24, 0.1), importKW: 1000, noWind: true, batKWh: 1000, batKW: 200}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		PV: &model.PVEconomics{CapitalPerKWp: ptr(1000), FixedOMPerKWpYear: ptr(10), LifetimeYears: ptr(20), MaxTotalKWp: 1000}}
	p, set := f.build(t)
	floor := func(p *model.Park, storage plan.StorageEnd) float64 {
		opt := plan.DefaultOptions()
		opt.Storage = storage
		return plan.ConsumptionFloorTce(newModel(t, p, set, opt))
	}
	elec := served * 0.1229 * 2400 / 1000
	assert.InDelta(t, elec, floor(p, plan.Cyclic), 1e-12)
	assert.InDelta(t, elec-0.1229*0.8*1000/1000, floor(p, plan.Valued), 1e-12)

	hp, hset := heatDay(t, 0.5, 0.1, 0.04, nil)
	set = hset
	gas, _ := hp.Fuel("natural_gas")
	c := gas.KgcePerKWhLHV / 0.9
	both := elec + served*c*2160/1000
	assert.InDelta(t, both, floor(hp, plan.Cyclic), 1e-12)
	hp.ThermalStorage = []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 500, MaxChargeKWTh: 100, MaxDischargeKWTh: 100,
		MinSoCFraction: 0, MaxSoCFraction: 1, InitialSoCFraction: 0.5}}
	require.NoError(t, hp.ValidateWith(set))
	assert.InDelta(t, both-c*500/1000, floor(hp, plan.Valued), 1e-12)
	hp.ThermalStorage = nil

	// A CHP whose fuel counts at less than 0.1229 × η_el a kWh: its heat
	// lowers consumption, (0.01 − 0.1229 × 0.4) / 0.45 a kWh_th, but only
	// as much as it can make — 50 kW × 0.45 / 0.4 × 24 h = 1,350 kWh_th;
	// the boiler makes the rest. (Before, any such CHP made the floor 0.)
	hp.Fuels = append(hp.Fuels, model.Fuel{Name: "cheap_count", KgCO2ePerKWhLHV: ptr(0.2), KgcePerKWhLHV: ptr(0.01)})
	hp.CHP = []model.CHP{{Name: "chp", CapacityKW: 50, ElectricEfficiencyLHV: 0.4, ThermalEfficiencyLHV: 0.45, Fuel: "cheap_count"}}
	require.NoError(t, hp.ValidateWith(set))
	chpHeat, cCHP := 50*0.45/0.4*24, (0.01-0.1229*0.4)/0.45
	assert.InDelta(t, elec+(cCHP*chpHeat+c*(served*2160-chpHeat))/1000, floor(hp, plan.Cyclic), 1e-12)
	// A CHP that could make all of the heat: the floor falls by its c.
	hp.CHP[0].CapacityKW = 1000
	assert.InDelta(t, math.Max(0, elec+cCHP*served*2160/1000), floor(hp, plan.Cyclic), 1e-12)
}

// TestConsumptionFloorCapacities: a heat source serves no more than its
// capacity makes over the period (its technology's bound where it is a
// candidate), the cheapest first; before, the best source took all of
// the heat, so that a 10 kW_th heat pump stood for a heat load of a
// million tce and the plan judged at 0.20 tCO2/tce a stage the ledger
// grants at 0.30 (QA, 2026-12-04). By hand on heatDay: 90 kW_th for 24 h,
// a heat pump of 10 kW_th at COP 3 (c = 0.1229 / 3), the gas boiler the
// rest.
func TestConsumptionFloorCapacities(t *testing.T) {
	served := 1 - 0.001*(1-1e-6)
	p, set := heatDay(t, 0.5, 0.1, 0.04, &model.HeatPump{Name: "hp", CapacityKWTh: 10, COP: 3})
	floor := func() float64 { return plan.ConsumptionFloorTce(newModel(t, p, set, plan.DefaultOptions())) }
	gas, _ := p.Fuel("natural_gas")
	cGas, cHP := gas.KgcePerKWhLHV/0.9, 0.1229/3
	elec := served * 0.1229 * 2400
	heat := served * 2160
	assert.InDelta(t, (elec+cHP*240+cGas*(heat-240))/1000, floor(), 1e-12)

	// A candidate up to 30 kW_th in all: 720 kWh_th at the heat pump's c.
	p.Economics.HeatPump = &model.HeatPumpEconomics{CapitalPerKWTh: ptr(1000), FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKWTh: 30}
	require.NoError(t, p.ValidateWith(set))
	assert.InDelta(t, (elec+cHP*720+cGas*(heat-720))/1000, floor(), 1e-12)
}

// The low-carbon row's renewable share is of the electricity used, the
// heat pump's draw with the load's, as the ledger counts it (2026-12-04;
// it was of the served load alone). One day: 100 kW of load and 90 kW_th
// of heat from a heat pump at COP 3 (the gas boiler taken out), so 130 kW
// used all day; PV candidates at 0.5 kW/kWp for 8 hours, no export, no
// battery, power at 0.01 USD/kWh (PV does not pay for itself). The ledger
// here asks a reduction of 99 % against the baseline, beyond reach, so
// low-carbon is reached by its renewable share, 30 % of 130 × 24 kWh from
// PV, 0.5 × P × 8 = 936 kWh, P = 234 kWp. Counted over the served load it
// was 180 kWp, which the ledger ranks conventional (23 %).
func TestLowCarbonRenewableShareCountsHeatPumps(t *testing.T) {
	p, set := heatDay(t, 0.5, 0.01, 0.04, &model.HeatPump{Name: "hp", CapacityKWTh: 200, COP: 3})
	p.FuelBoilers = nil
	opt := plan.DefaultOptions()
	opt.Ledger.LowCarbonReductionMin = 0.99
	m := newModel(t, p, set, opt)
	d, err := m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	g := 1 - 1e-6 // the stage rows' limit factor
	want := (1 - (1-0.3)*g) * 130 * 24 / (0.5 * 8)
	assert.InDelta(t, want, d.Added(plan.TechPV), 1e-4)
	assert.Equal(t, dispatch.LowCarbon, d.Stage)
	assert.InDelta(t, 30*24, d.Report.Energy.ToHeat, 1e-6)
	assert.InDelta(t, 0.3, d.Report.RenewableShare, 1e-5)
	assert.Less(t, d.Report.StageBasis.ReductionVsBaseline, 0.99)
}

// TestCleanShareCertificatesOnlyCoverImport: certificates make clean
// only the grid import (the ledger counts min(certificates, import)), so
// a park whose gas is beyond the non-clean allowance must electrify its
// heat, not buy certificates past its import. One day of TestHandHeatPumpDay
// (100 kW of electricity, 90 kW_th of heat, gas at 0.02 USD/kWh cheaper
// than the pump), the clean share required at 90 % and certificates at 1
// USD/MWh; the core indicator out of the way (10 tCO2/tce). With h kW_th
// from the pump and every kWh imported made clean, the gas is the only
// energy that is not clean: (1 − q)·(90 − h)/0.9·k_gas/k = q·(100 + h/3),
// q = 0.1·g, sizes the pump, and the certificates bought are the import.
// Before the second clean-share row the plan kept the boiler and bought
// certificates for the gas too, and the ledger refused the stage it had
// planned (QA, session 37).
func TestCleanShareCertificatesOnlyCoverImport(t *testing.T) {
	p, set := heatDay(t, 0.5, 0.10, 0.02, &model.HeatPump{Name: "hp", COP: 3})
	p.Economics.PV = nil
	p.Economics.HeatPump = &model.HeatPumpEconomics{CapitalPerKWTh: ptr(365), FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(10), MaxTotalKWTh: 500}
	opt := plan.DefaultOptions()
	opt.Ledger.RequireCleanShare = true
	opt.Ledger.CarbonPerTceMax, opt.Ledger.CarbonPerTceMaxLarge = 10, 10
	opt.Ledger.CertificatePricePerMWh = 1
	m := newModel(t, p, set, opt)
	d, err := m.Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err)
	assert.Equal(t, dispatch.NearZeroCarbon, d.Stage)

	gas, _ := p.Fuel("natural_gas")
	g := 1 - 1e-6
	q := 0.1 * g
	a := (1 - q) * gas.KgcePerKWhLHV / (0.9 * opt.Ledger.KgcePerKWh)
	h := (90*a - 100*q) / (a + q/3)
	require.Greater(t, h, 0.0)
	require.Less(t, h, 90.0)
	assert.InDelta(t, h, d.Added(plan.TechHeatPump), 1e-4)
	importMWh := 365 * 24 * (100 + h/3) / 1000
	assert.InDelta(t, importMWh, d.CertificatesBoughtMWhPerYear, 1e-4*importMWh, "certificates for the import alone")
	assert.GreaterOrEqual(t, d.Report.StageBasis.CleanShare, 0.9*(1-1e-6))

	// The clean share's price, both rows binding: a MWh a year more
	// allowed loosens both, and with the certificates still the import
	// (the first row then as tight as before) it is the pump's alone. A
	// kW_th less of it saves 36.5 of capital, 8760 × 0.10/3 of
	// electricity and 8760/3/1000 MWh of certificates at 1, and costs
	// 8760 × 0.02/0.9 of gas; it moves the second row by
	// 8760 × ((1 − q)·k_gas/(0.9·k) + q/3) kWh. (The rows' duals apart,
	// 1 and the rest: loosening the second alone asks a certificate more.)
	perKWTh := 36.5 + 8760*0.10/3 + 8760.0/3/1000 - 8760*0.02/0.9
	want := 1000 * perKWTh / (8760 * ((1-q)*gas.KgcePerKWhLHV/(0.9*opt.Ledger.KgcePerKWh) + q/3))
	require.NotNil(t, d.ShadowCleanSharePricePerMWh)
	assert.InDelta(t, want, *d.ShadowCleanSharePricePerMWh, 1e-3*want)
}
