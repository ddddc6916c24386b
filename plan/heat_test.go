package plan_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// TestHeatParkOverPeriodsRefused: a park with heat is planned over the
// full series only; over representative periods it is refused with an
// error naming the park and its heat side, unwrapping to ErrUnsupported
// and ErrInvalid (exit code 2).
func TestHeatParkOverPeriodsRefused(t *testing.T) {
	f := &fixture{n: 24 * 7, step: hourStep, noWind: true, noBattery: true, importKW: 1000}
	f.loadKW, f.pvPerKWp, f.carbon, f.price = flat(f.n, 100), flat(f.n, 0.2), flat(f.n, 0.5), flat(f.n, 0.1)
	f.econ = &model.Economics{Currency: "USD", PV: &model.PVEconomics{MaxTotalKWp: 500}}
	f.heat = &heatSide{loadKWTh: flat(f.n, 90), gasPricePerKWh: 0.04}
	p, set := f.build(t)
	opt := plan.DefaultOptions()
	opt.Periods = 3
	_, err := plan.New(p, set, opt)
	require.Error(t, err)
	assert.ErrorIs(t, err, plan.ErrUnsupported)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	assert.ErrorIs(t, err, model.ErrInvalid)
	var ie *plan.InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, `park "fixture"`, ie.Field)
	assert.Contains(t, err.Error(), "1 heat loads and 1 fuel boilers")
	assert.Contains(t, err.Error(), "full series only")
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
