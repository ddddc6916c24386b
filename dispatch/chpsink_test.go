package dispatch

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// TestPerfectForesightCHPWithoutASink: a CHP (100 kW, η_el 0.35, η_th
// 0.49: 1.4 kW_th per kW) is the only heat source for 70 kW_th over four
// hours, so it must run at 50 kW to serve the heat; the load is 20 kW
// and the grid exports nothing: 30 kW a hour, 120 kWh in all, need a
// home. The battery (200 kWh, 400 kW, η 0.95 each way, from 100 kWh, at
// most 180) can take 80 kWh of stored energy, 80/0.95 = 84.21 kWh at the
// bus. The LP took the rest, 35.79 kWh, by charging and discharging at
// once (361 kW in, 331 kW out in one hour), serving all the heat; a
// battery does one or the other, so no park can do that. A plan that can
// be carried out turns the CHP down by those 35.79 kWh, and 35.79 × 1.4 =
// 50.11 kWh_th of heat goes unserved, whenever it is turned down.
// Without realise, perfect foresight reported all the heat served,
// 451 kWh charged and 331 discharged (wear on 782 kWh of throughput),
// 40 kWh of battery losses and a schedule Check refuses.
func TestPerfectForesightCHPWithoutASink(t *testing.T) {
	p, pr := chpSinkPark(t)
	n := pr.Len
	require.Equal(t, 4, n, "the hand figures are of four hours")
	room := (0.9 - 0.5) * 200 / 0.95 // kWh the battery takes at the bus
	for _, obj := range []Objective{CarbonFirst, Cost} {
		t.Run(obj.String(), func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Objective = obj
			r, err := PerfectForesight(p, pr, cfg)
			require.NoError(t, err)
			s := r.Schedule
			require.NoError(t, s.Check(p), "a schedule the park can carry out")
			e := r.Report.Energy
			assert.Zero(t, e.AtOnceIntervals)
			assert.InDelta(t, room, e.Charge, 1e-6)
			assert.Zero(t, e.Discharge)
			assert.InDelta(t, room*(1-0.95), e.BatteryLosses, 1e-6)
			assert.InDelta(t, 180, s.FinalSoCKWh(0), 1e-6, "the battery ends full")
			chpKWh := 0.0
			for i := 0; i < n; i++ {
				chpKWh += s.CHPKW[0][i]
			}
			assert.InDelta(t, 4*20+room, chpKWh, 1e-6, "the CHP makes the load and what the battery takes")
			assert.InDelta(t, (120-room)*1.4, r.Report.Heat.UnservedKWhTh, 1e-6)
			assert.InDelta(t, 4*70, r.Report.Heat.UnservedKWhTh+chpKWh*1.4, 1e-6, "heat served + unserved = heat load")
		})
	}
}

// TestPerfectForesightCHPWithoutASinkCostMakeUp: TestPerfectForesightCHPWithoutASink's
// park under the Cost objective, with two heat sources the LP leaves idle
// because both are dearer than burning the CHP's electricity in the
// battery's round trip: an oil boiler (0.30 per kWh of fuel, η 0.9: 0.333
// per kWh_th, 0.3 kgCO2e per kWh of fuel) and heat bought (0.50 per kWh_th,
// 0.05 kgCO2e). When realise brings the CHP down, its heat is made up in
// the plan's objective: by the boiler, the cheaper in money (the dearer in
// carbon), not by the heat bought. Each has more room than the 50.1 kWh_th
// to make up, so none goes unserved.
func TestPerfectForesightCHPWithoutASinkCostMakeUp(t *testing.T) {
	const n = 4
	oilKg, oilKgce, bought := 0.3, 0.123, 0.05
	p := &model.Park{Name: "chp", Loads: []model.Load{{Name: "l", Column: "l"}},
		HeatLoads: []model.HeatLoad{{Name: "h", Column: "h"}}, Grid: grid(1000, 0),
		Batteries:     []model.Battery{battery("b", 200, 400)},
		CHP:           []model.CHP{{Name: "chp", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.49, Fuel: "natural_gas"}},
		FuelBoilers:   []model.FuelBoiler{{Name: "oil", CapacityKWTh: 100, EfficiencyLHV: 0.9, Fuel: "oil"}},
		PurchasedHeat: []model.PurchasedHeat{{Name: "district", LimitKWTh: 100, PricePerKWhTh: 0.5, KgCO2ePerKWhTh: &bought}},
		Fuels: []model.Fuel{{Name: "natural_gas", PricePerKWhLHV: 0.02},
			{Name: "oil", KgCO2ePerKWhLHV: &oilKg, KgcePerKWhLHV: &oilKgce, PricePerKWhLHV: 0.3}}}
	p.Batteries[0].WearCostPerKWh = 0.01
	require.NoError(t, p.Validate())
	pr := withHeat(p, profiles(p, [][]float64{constant(n, 20)}, nil, nil, constant(n, 0.5)), [][]float64{constant(n, 70)}, nil)
	cfg := DefaultConfig()
	cfg.Objective = Cost
	r, err := PerfectForesight(p, pr, cfg)
	require.NoError(t, err)
	s := r.Schedule
	require.NoError(t, s.Check(p))
	var chpKWh, oilKWhTh, boughtKWhTh float64
	for i := 0; i < n; i++ {
		chpKWh += s.CHPKW[0][i]
		oilKWhTh += s.FuelBoilerKWTh[0][i]
		boughtKWhTh += s.PurchasedHeatKWTh[0][i]
	}
	require.Less(t, chpKWh, 4*20+120-1e-3, "the CHP came down (else this test tests nothing)")
	assert.Zero(t, r.Report.Energy.AtOnceIntervals)
	assert.InDelta(t, 0, r.Report.Heat.UnservedKWhTh, 1e-6)
	assert.InDelta(t, 4*70-chpKWh*1.4, oilKWhTh, 1e-6, "the cheaper source makes up the CHP's heat")
	assert.InDelta(t, 0, boughtKWhTh, 1e-6, "the heat bought is dearer")
}

// TestRealiseThreshold: realise settles from the first interval where a
// battery charges and discharges at once by more than Check's tolerance
// (checkTolKW, 1e-6 kW). LP noise of 1e-9 kW each way leaves the
// schedule bit for bit as it was; 1 kW each way is settled, netted at the
// bus, and the schedule passes Check (it does not before).
func TestRealiseThreshold(t *testing.T) {
	const n = 6
	p := &model.Park{Name: "pv", Loads: []model.Load{{Name: "l", Column: "l"}},
		PV: []model.PVArray{{Name: "pv", CapacityKWp: 100, AvailabilityColumn: "pv"}}, Grid: grid(1000, 1000),
		Batteries: []model.Battery{battery("b", 200, 100)}}
	require.NoError(t, p.Validate())
	pv := []float64{0, 0.2, 0.8, 0.9, 0.3, 0}
	pr := profiles(p, [][]float64{constant(n, 40)}, [][]float64{pv}, nil, []float64{0.6, 0.5, 0.2, 0.2, 0.4, 0.7})
	r, err := PerfectForesight(p, pr, DefaultConfig())
	require.NoError(t, err)
	require.NoError(t, r.Schedule.Check(p))
	for _, c := range []struct {
		name   string
		bothKW float64
		moves  bool
	}{{"noise", 1e-9, false}, {"real", 1, true}} {
		t.Run(c.name, func(t *testing.T) {
			plan := &Plan{Schedule: *r.Schedule.Clone()}
			plan.ChargeKW[0][2] += c.bothKW
			plan.DischargeKW[0][2] += c.bothKW
			s := r.Schedule.Clone()
			s.ChargeKW[0][2], s.DischargeKW[0][2] = plan.ChargeKW[0][2], plan.DischargeKW[0][2]
			if c.moves {
				require.Error(t, s.Check(p), "the plan charges and discharges at once")
			}
			before := s.Clone()
			realise(p, s, plan)
			if !c.moves {
				assert.Equal(t, before, s, "bit for bit")
				return
			}
			assert.NotEqual(t, before.ChargeKW[0][2], s.ChargeKW[0][2])
			assert.LessOrEqual(t, math.Min(s.ChargeKW[0][2], s.DischargeKW[0][2]), checkTolKW)
			assert.NoError(t, s.Check(p))
			assert.Equal(t, before.ImportKW[:2], s.ImportKW[:2], "the intervals before are the LP's")
		})
	}
}
