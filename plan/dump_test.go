package plan_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// dumpCHPDay is 24 hourly steps of a park with 100 kW of electricity
// and only 10 kW_th of heat all day, a grid at price USD/kWh (1.0
// kgCO2e/kWh, no export), a gas boiler (η 0.9) on gas at 0.03 USD/kWh
// (LHV), and a gas CHP of capacity 0 (η_el 0.35, η_th 0.45: 9/7 kW_th
// per kW) to extend at 2,800 USD/kW over 20 years at 5 %, with a heat
// dump of dumpKWTh (0: none).
func dumpCHPDay(t *testing.T, dumpKWTh, price float64) (*model.Park, *model.SeriesSet) {
	t.Helper()
	const n = 24
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 100), pvPerKWp: make([]float64, n), carbon: flat(n, 1.0),
		price: flat(n, price), importKW: 1000, exportKW: 0, noWind: true, noBattery: true}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0.05),
		CHP: &model.CHPEconomics{CapitalPerKW: ptr(2800), FixedOMPerKWYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKW: 500}}
	f.heat = &heatSide{loadKWTh: flat(n, 10), gasPricePerKWh: 0.03}
	p, set := f.build(t)
	p.CHP = []model.CHP{{Name: "engine", CapacityKW: 0, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas",
		HeatDumpKWTh: dumpKWTh}}
	require.NoError(t, p.ValidateWith(set))
	return p, set
}

// TestHandCHPCandidateWithADump: on dumpCHPDay a kWh of CHP electricity
// costs 0.03/0.35 = 0.0857 USD of gas against 0.20 from the grid, 1,001
// USD a kW-year saved against 224.7 of capital: the cheapest design
// builds all the CHP its heat lets it run. Without a dump that is the
// heat load's, 10 × 7/9 = 7.78 kW (the old cap). With a 100 kW_th dump
// it is (10 + 100) × 7/9 = 85.56 kW, running flat out, its heat serving
// the heat load (the boiler off) and the dump rejecting 100 kW_th; with a
// 200 kW_th dump the electric load caps it, at 100 kW. With the grid at
// 0.05 USD/kWh (62.6 USD a kW-year lost, TestHandCHPDay) a dump builds
// nothing. Each design park, written back, runs under the dispatch to
// the same CHP output and dumped heat.
func TestHandCHPCandidateWithADump(t *testing.T) {
	capPerYear := 2800 * crf(0.05, 20)
	for _, c := range []struct {
		dump, price, chpKW float64
	}{{0, 0.20, 70.0 / 9}, {100, 0.20, 110 * 7.0 / 9}, {200, 0.20, 100}, {200, 0.05, 0}} {
		p, set := dumpCHPDay(t, c.dump, c.price)
		m := newModel(t, p, set, plan.DefaultOptions())
		d, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		x := c.chpKW
		assert.InDelta(t, x, d.Added(plan.TechCHP), 1e-4, "dump %g price %g", c.dump, c.price)
		if x == 0 {
			continue
		}
		dumped := x*9/7 - 10 // kW_th, every hour
		// A year: the CHP's capital and gas, the grid for the rest; the
		// boiler never runs.
		fuel := 8760 * x / 0.35 * 0.03
		assert.InDelta(t, fuel, d.FuelCostPerYear, 1e-2, "dump %g", c.dump)
		assert.InDelta(t, x*capPerYear+fuel+8760*(100-x)*c.price, d.TotalCostPerYear, 1e-2, "dump %g", c.dump)
		require.NotNil(t, d.Report.Heat)
		assert.InDelta(t, dumped*24, d.Report.Heat.CHPDumpedKWhTh, 1e-4, "dump %g", c.dump)
		assert.InDelta(t, 0, d.Report.Heat.FuelBoilerKWhTh, 1e-4, "dump %g: the CHP's heat serves the load", c.dump)
		assert.Equal(t, c.dump, d.Park.CHP[0].HeatDumpKWTh, "the design park keeps its dump")

		// The design park runs: the same CHP output, the same heat dumped.
		prof, err := model.Resolve(d.Park, set)
		require.NoError(t, err)
		cfg := dispatch.DefaultConfig()
		cfg.Objective = dispatch.Cost
		cfg.Ledger = plan.DefaultOptions().Ledger.WithMarket(d.Park.Market)
		res, err := dispatch.PerfectForesight(d.Park, prof, cfg)
		require.NoError(t, err)
		require.NoError(t, res.Schedule.Check(d.Park))
		assert.InDelta(t, x*24, res.Report.Heat.CHPElectricityKWh, 1e-4, "dump %g", c.dump)
		assert.InDelta(t, dumped*24, res.Report.Heat.CHPDumpedKWhTh, 1e-4, "dump %g", c.dump)
	}
}

// TestHeatDumpAgainstOracle is TestHeatAgainstOracle with the fixture's
// CHP a candidate (up to 200 kW more, 2,800 USD/kW) burning biomass (0.02
// USD/kWh, no carbon) with a heat dump of 150 kW_th: HiGHS and the interior-point oracle find the same cost for
// every stage, over the full series and over representative periods, with
// the dump's columns and rows in the LPs compared. Some design dumps heat.
func TestHeatDumpAgainstOracle(t *testing.T) {
	stages := append([]dispatch.Stage{dispatch.Conventional}, plan.RoadmapStages()...)
	var tally oracleTally
	dumped := false
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, 17))
		reps := seed%2 == 0
		n := 4
		if reps {
			n = 12
		}
		p, set := heatOracleFixture(t, rng, n, false)
		p.CHP[0].HeatDumpKWTh, p.CHP[0].Fuel = 150, "biomass"
		p.Fuels = append(p.Fuels, model.Fuel{Name: "biomass", PricePerKWhLHV: 0.02})
		p.Economics.CHP = &model.CHPEconomics{CapitalPerKW: ptr(2800), MaxTotalKW: 200}
		require.NoError(t, p.ValidateWith(set))
		set.Start = time.Date(2023, 3, 31, 22, 0, 0, 0, t0.Location())
		hm, om := oracleModels(t, p, set, reps, 3*time.Hour)
		for _, st := range stages {
			hd := tally.compare(t, hm, om, st, fmt.Sprintf("seed %d %s (reps %v)", seed, st, reps))
			if hd != nil && hd.Report.Heat.CHPDumpedKWhTh > 1e-6 {
				dumped = true
			}
		}
	}
	t.Logf("%d compared, %d out of reach for both, %d undecided by the oracle", tally.compared, tally.unreachable, tally.undecided)
	assert.Zero(t, tally.undecided, "the oracle decides every case")
	assert.GreaterOrEqual(t, tally.compared, 12)
	assert.True(t, dumped, "some design dumps heat")
}
