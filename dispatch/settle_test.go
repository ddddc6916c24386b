package dispatch

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// settleCase builds a one-interval plan and the actual interval, runs
// settle and returns the settled schedule. Battery: 1,000 kWh, 200 kW,
// η 0.95/0.95, SoC 500 kWh; one PV array; 1 h step.
func settleCase(t *testing.T, planned func(*Plan), actualLoad, actualPV, carbon, lambda float64) (*model.Park, *Schedule) {
	t.Helper()
	p := &model.Park{
		Name:      "settle",
		Loads:     []model.Load{{Name: "l", Column: "l"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 500, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{battery("b", 1000, 200)},
		Grid:      grid(1000, 300),
	}
	p.Batteries[0].MinSoCFraction, p.Batteries[0].MaxSoCFraction = 0, 1
	plan := &Plan{Schedule: *newSchedule(p, 1), SoCValueKgCO2ePerKWh: []float64{lambda}}
	plan.Step = time.Hour
	planned(plan)
	s := newSchedule(p, 1)
	s.Start, s.Step = t0, time.Hour
	s.InitialSoCKWh[0] = 500
	s.LoadKW[0], s.PVAvailKW[0][0] = actualLoad, actualPV
	s.DispatchKgCO2ePerKWh[0], s.AccountingKgCO2ePerKWh[0] = carbon, carbon
	settle(p, s, 0, plan, newSettleScratch(p))
	require.NoError(t, s.Check(p))
	return p, s
}

func TestSettleKeepsAPerfectPlan(t *testing.T) {
	// Planned: PV 100 of 100, discharge 50, import 150 for a 300 kW load.
	_, s := settleCase(t, func(pl *Plan) {
		pl.PVKW[0][0], pl.DischargeKW[0][0], pl.ImportKW[0] = 100, 50, 150
	}, 300, 100, 0.5, 0.4)
	assert.InDelta(t, 150, s.ImportKW[0], 1e-9)
	assert.InDelta(t, 50, s.DischargeKW[0][0], 1e-9)
	assert.InDelta(t, 0, s.ChargeKW[0][0], 1e-9)
	// soc = 500 − 50/0.95.
	assert.InDelta(t, 500-50/0.95, s.SoCKWh[0][0], 1e-9)
}

func TestSettleDeficitTakesTheCheaperLever(t *testing.T) {
	plan := func(pl *Plan) { pl.PVKW[0][0], pl.ImportKW[0] = 100, 100 }
	// 100 kW more load than forecast. Stored energy worth λ = 0.3 per
	// kWh: discharging costs 0.3/0.95 = 0.316 per kWh delivered, import
	// 0.8: the battery covers it.
	_, s := settleCase(t, plan, 300, 100, 0.8, 0.3)
	assert.InDelta(t, 100, s.ImportKW[0], 1e-9)
	assert.InDelta(t, 100, s.DischargeKW[0][0], 1e-9)
	// Stored energy worth more (λ = 0.6 → 0.63 per kWh delivered) than
	// import at 0.5: the grid covers it.
	_, s = settleCase(t, plan, 300, 100, 0.5, 0.6)
	assert.InDelta(t, 200, s.ImportKW[0], 1e-9)
	assert.InDelta(t, 0, s.DischargeKW[0][0], 1e-9)
}

func TestSettleSurplusIsStoredBeforeExported(t *testing.T) {
	// Forecast PV 100, actual 400 for a 200 kW load: 200 kW more than
	// planned. The battery takes its 200 kW before anything is exported;
	// the plan's 100 kW of import is dropped first.
	_, s := settleCase(t, func(pl *Plan) { pl.PVKW[0][0], pl.ImportKW[0] = 100, 100 }, 200, 400, 0.5, 0.4)
	assert.InDelta(t, 0, s.ImportKW[0], 1e-9)
	assert.InDelta(t, 200, s.ChargeKW[0][0], 1e-9)
	assert.InDelta(t, 0, s.ExportKW[0], 1e-9)
	// Twice the surplus: battery full power, the rest exported (limit 300).
	_, s = settleCase(t, func(pl *Plan) { pl.PVKW[0][0], pl.ImportKW[0] = 100, 100 }, 100, 500, 0.5, 0.4)
	assert.InDelta(t, 200, s.ChargeKW[0][0], 1e-9)
	assert.InDelta(t, 200, s.ExportKW[0], 1e-9)
	assert.InDelta(t, 0, s.CurtailedKW[0], 1e-9)
}

func TestSettleShedsLoadOnlyAsLastResort(t *testing.T) {
	// Import limit 1,000 kW; load 1,400 kW against a forecast of 600:
	// import to the limit, the battery's 200 kW, 100 kW unserved.
	_, s := settleCase(t, func(pl *Plan) { pl.ImportKW[0] = 600 }, 1400, 100, 0.5, 0.9)
	assert.InDelta(t, 1000, s.ImportKW[0], 1e-9)
	assert.InDelta(t, 200, s.DischargeKW[0][0], 1e-9)
	assert.InDelta(t, 100, s.UnservedKW[0], 1e-9)
}

// chpSettleCase settles one hour of a park whose CHP's electricity
// nothing can take: 20 kW of load, a grid that exports at most 10 kW, no
// battery or renewables, 70 kW_th of heat load, and a gas CHP of 100 kW
// at η_el 0.35, η_th 0.49 (1.4 kW_th per kW) running at 50 kW for the
// heat (planned, or ranked first by the idle and self-consumption rules).
// heatSide adds the other heat sources; mode is "settled" (settle),
// "skipped" (settleIdle) or "self-consumption" (the baseline's rule).
func chpSettleCase(t *testing.T, heatSide func(*model.Park), mode string) (*model.Park, *Schedule) {
	t.Helper()
	p := &model.Park{Name: "chp", Loads: []model.Load{{Name: "l", Column: "l"}},
		HeatLoads: []model.HeatLoad{{Name: "h", Column: "h"}}, Grid: grid(1000, 10),
		CHP: []model.CHP{{Name: "chp", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.49, Fuel: "natural_gas"}}}
	heatSide(p)
	s := newSchedule(p, 1)
	s.Start, s.Step = t0, time.Hour
	s.LoadKW[0], s.HeatLoadKWTh[0] = 20, 70
	s.DispatchKgCO2ePerKWh[0], s.AccountingKgCO2ePerKWh[0] = 0.5, 0.5
	for j, u := range p.HeatPumps {
		s.HeatPumpCOP[j][0] = u.COP
	}
	sc := newSettleScratch(p)
	switch mode {
	case "skipped":
		settleIdle(p, s, 0, sc)
		return p, s
	case "self-consumption":
		pr := withHeat(p, profiles(p, [][]float64{{20}}, nil, nil, []float64{0.5}), [][]float64{{70}}, nil)
		res, err := SelfConsumption(p, pr, DefaultConfig())
		require.NoError(t, err)
		return p, res.Schedule
	}
	// Planned for a load of 50 kW: the CHP's 50 kW serve it, its 70 kW_th
	// the heat load.
	plan := &Plan{Schedule: *newSchedule(p, 1)}
	plan.Step = time.Hour
	plan.CHPKW[0][0] = 50
	settle(p, s, 0, plan, sc)
	return p, s
}

// CHP electricity that the load, the export limit and curtailment cannot
// take comes off the CHP (its heat with it, 1.4 kW_th per kW); the heat
// it no longer makes comes from the other heat sources in settlement's
// order, else goes unserved. Without it, settle exported the surplus
// beyond the limit, and settleIdle and the self-consumption rule left a
// power balance error. By hand:
// the surplus is 50 − 20 − 10 (export) = 20 kW.
func TestSettleCHPElectricityNothingCanTake(t *testing.T) {
	kgPerKWhGas := 56100.0 / (1e9 / 3600) // IPCC 2006 natural gas, kgCO2 per kWh of LHV
	// With a heat pump at COP 3 (ranked before the CHP's replacement by
	// carbon: 0.5/3 per kWh_th), a kW less of CHP and 1.4 kW_th more from
	// the pump take 1 + 1.4/3 kW off the surplus: x = 20/(1 + 1.4/3).
	x := 20 / (1 + 1.4/3)
	for _, tc := range []struct {
		name      string
		heatSide  func(*model.Park)
		chpKW     float64 // settled CHP electricity
		otherKWTh float64 // heat from the other source
		unserved  float64 // kW_th
	}{
		{"CHP alone: the heat goes unserved", func(*model.Park) {}, 30, 0, 28},
		{"a gas boiler makes the heat", func(p *model.Park) {
			p.FuelBoilers = []model.FuelBoiler{{Name: "boiler", CapacityKWTh: 200, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
		}, 30, 28, 0},
		{"a heat pump makes the heat and draws some of the surplus", func(p *model.Park) {
			p.HeatPumps = []model.HeatPump{{Name: "hp", CapacityKWTh: 200, COP: 3}}
		}, 50 - x, 1.4 * x, 0},
	} {
		for _, mode := range []string{"settled", "skipped", "self-consumption"} {
			t.Run(tc.name+", "+mode, func(t *testing.T) {
				p, s := chpSettleCase(t, tc.heatSide, mode)
				require.NoError(t, s.Check(p), "the settled interval obeys the park's physics")
				assert.InDelta(t, 10, s.ExportKW[0], 1e-9, "export at its limit, not beyond")
				assert.InDelta(t, 0, s.ImportKW[0], 1e-9)
				assert.InDelta(t, tc.chpKW, s.CHPKW[0][0], 1e-9)
				assert.InDelta(t, 1.4*tc.chpKW, s.CHPKWTh[0][0], 1e-9)
				assert.InDelta(t, tc.unserved, s.UnservedHeatKWTh[0], 1e-9)
				other, fuelKW := 0.0, tc.chpKW/0.35 // kW of gas (LHV)
				for f := range p.FuelBoilers {
					other += s.FuelBoilerKWTh[f][0]
					fuelKW += s.FuelBoilerKWTh[f][0] / 0.9
				}
				for j := range p.HeatPumps {
					other += s.HeatPumpKWTh[j][0]
					assert.InDelta(t, 20+s.HeatPumpKW[j][0]+10, s.CHPKW[0][0], 1e-9, "the CHP serves the load, the pump and the export")
				}
				assert.InDelta(t, tc.otherKWTh, other, 1e-9)
				assert.InDelta(t, fuelKW*kgPerKWhGas, s.FuelKgCO2e[0], 1e-9, "the fuel actually burnt")
			})
		}
	}
}

// Heat a plan left unserved because its forecasts gave the CHP's
// electricity no home is served when the actual interval gives it one.
// The chpSettleCase park behind a grid that exports nothing: the plan,
// for a load of 20 kW, runs the CHP at 20 kW (28 kW_th) and leaves 42 of
// the 70 kW_th unserved; the actual load is 60 kW, so the CHP can make all
// the heat (50 kW, 70 kW_th) and the grid the remaining 10 kW. Without it,
// settlement kept the plan's unserved heat (only a heat surplus reduced
// it) and imported 40 kW: on zeropark serve with a CHP-only park, 914
// kWh_th went unserved in an hour while 593 kW of PV ran that the CHP
// could have displaced.
func TestSettleServesHeatThePlanLeftUnserved(t *testing.T) {
	p := &model.Park{Name: "chp", Loads: []model.Load{{Name: "l", Column: "l"}},
		HeatLoads: []model.HeatLoad{{Name: "h", Column: "h"}}, Grid: grid(1000, 0),
		CHP: []model.CHP{{Name: "chp", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.49, Fuel: "natural_gas"}}}
	plan := &Plan{Schedule: *newSchedule(p, 1)}
	plan.Step = time.Hour
	plan.CHPKW[0][0], plan.CHPKWTh[0][0], plan.UnservedHeatKWTh[0] = 20, 28, 42
	s := newSchedule(p, 1)
	s.Start, s.Step = t0, time.Hour
	s.LoadKW[0], s.HeatLoadKWTh[0] = 60, 70
	s.DispatchKgCO2ePerKWh[0], s.AccountingKgCO2ePerKWh[0] = 0.5, 0.5
	settle(p, s, 0, plan, newSettleScratch(p))
	require.NoError(t, s.Check(p))
	assert.InDelta(t, 0, s.UnservedHeatKWTh[0], 1e-9)
	assert.InDelta(t, 70/1.4, s.CHPKW[0][0], 1e-9)
	assert.InDelta(t, 70, s.CHPKWTh[0][0], 1e-9)
	assert.InDelta(t, 60-70/1.4, s.ImportKW[0], 1e-9)
	assert.InDelta(t, 0, s.ExportKW[0], 1e-9)
}

// A plan may charge and discharge a battery at once (the LP burns energy
// in the round trip's losses when nothing else takes it, e.g. a CHP's
// electricity behind a grid that exports nothing); a battery cannot, so
// settlement nets the two at the bus before the balance. Without it the
// pair was settled as planned (two flows at once) or, cut by a surplus,
// left a charge the full battery could no longer take out of the power
// balance. The settleCase park (1,000 kWh, 200 kW, η 0.95 each way, export
// limit 300 kW).
func TestSettleNetsASimultaneousChargeAndDischarge(t *testing.T) {
	for _, tc := range []struct {
		name             string
		socKWh           float64
		load, pv, imp    float64 // kW, actual = planned
		wantCh, wantExp  float64 // kW
		wantImp, wantSoC float64
	}{
		// PV 100 + import 250 + discharge 100 − charge 150 = load 300:
		// netted to a 50 kW charge, the bus unchanged.
		{"half full", 500, 300, 100, 250, 50, 0, 250, 500 + 0.95*50},
		// PV 200 + discharge 100 − charge 200 = load 100: netted to a
		// 100 kW charge, of which the battery, 50 kWh from full, takes
		// 50/0.95 kW; the rest is exported.
		{"nearly full", 950, 100, 200, 0, 50 / 0.95, 100 - 50/0.95, 0, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &model.Park{Name: "settle", Loads: []model.Load{{Name: "l", Column: "l"}},
				PV:        []model.PVArray{{Name: "pv", CapacityKWp: 500, AvailabilityColumn: "pv"}},
				Batteries: []model.Battery{battery("b", 1000, 200)}, Grid: grid(1000, 300)}
			p.Batteries[0].MinSoCFraction, p.Batteries[0].MaxSoCFraction = 0, 1
			plan := &Plan{Schedule: *newSchedule(p, 1)}
			plan.Step = time.Hour
			plan.PVKW[0][0], plan.ImportKW[0] = tc.pv, tc.imp
			// Discharge 100 kW and charge what balances the plan.
			plan.ChargeKW[0][0], plan.DischargeKW[0][0] = tc.pv+tc.imp+100-tc.load, 100
			s := newSchedule(p, 1)
			s.Start, s.Step = t0, time.Hour
			s.InitialSoCKWh[0] = tc.socKWh
			s.LoadKW[0], s.PVAvailKW[0][0] = tc.load, tc.pv
			s.DispatchKgCO2ePerKWh[0], s.AccountingKgCO2ePerKWh[0] = 0.5, 0.5
			settle(p, s, 0, plan, newSettleScratch(p))
			require.NoError(t, s.Check(p))
			assert.InDelta(t, tc.wantCh, s.ChargeKW[0][0], 1e-9)
			assert.Zero(t, s.DischargeKW[0][0])
			assert.InDelta(t, tc.wantExp, s.ExportKW[0], 1e-9)
			assert.InDelta(t, tc.wantImp, s.ImportKW[0], 1e-9)
			assert.InDelta(t, tc.wantSoC, s.SoCKWh[0][0], 1e-9)
		})
	}
}

// NetSetpoint by hand: 100 kWh battery, minimum 10 kWh, η 0.95 each way,
// self-discharge 1 % an hour on the energy above the minimum, from 50 kWh
// over one hour: idle 10 + 40 × 0.99 = 49.6 kWh.
func TestNetSetpoint(t *testing.T) {
	bat := model.Battery{Name: "b", EnergyKWh: 100, MinSoCFraction: 0.1, MaxSoCFraction: 1, ChargeEfficiency: 0.95,
		DischargeEfficiency: 0.95, SelfDischargePerHour: 0.01, MaxChargeKW: 50, MaxDischargeKW: 50}
	for _, c := range []struct {
		name                     string
		ch, dis                  float64
		wantCh, wantDis, wantEnd float64
	}{
		{"more charge", 30, 20, 10, 0, 49.6 + 0.95*10},
		{"more discharge", 5, 20, 0, 15, 49.6 - 15/0.95},
		{"one flow", 0, 20, 0, 20, 49.6 - 20/0.95},
		{"even", 20, 20, 0, 0, 49.6},
	} {
		ch, dis, end := NetSetpoint(bat, 50, c.ch, c.dis, time.Hour)
		assert.InDelta(t, c.wantCh, ch, 1e-12, c.name)
		assert.InDelta(t, c.wantDis, dis, 1e-12, c.name)
		assert.InDelta(t, c.wantEnd, end, 1e-12, c.name)
	}
	// Near full the net flow keeps less in losses than the plan's two, so
	// it may pass the maximum where the plan did not: from 99 kWh (idle
	// 10 + 89 × 0.99 = 98.11) the plan's 20 in, 17 out ends at 98.11 + 19
	// − 17.894… = 99.215 kWh, the net 3 kW in at 100.96. Settlement trims
	// the charge to the room, (100 − 98.11) / 0.95 kW, ending at 100 kWh;
	// the setpoint does the same.
	ch, dis, end := NetSetpoint(bat, 99, 20, 17, time.Hour)
	assert.InDelta(t, (100-98.11)/0.95, ch, 1e-9)
	assert.Zero(t, dis)
	assert.InDelta(t, 100, end, 1e-9)
	p := &model.Park{Name: "b", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(1000, 0), Batteries: []model.Battery{bat}}
	plan := &Plan{Schedule: *newSchedule(p, 1)}
	plan.Step = time.Hour
	plan.ChargeKW[0][0], plan.DischargeKW[0][0], plan.ImportKW[0] = 20, 17, 3
	s := newSchedule(p, 1)
	s.Start, s.Step = t0, time.Hour
	s.InitialSoCKWh[0] = 99
	s.DispatchKgCO2ePerKWh[0], s.AccountingKgCO2ePerKWh[0] = 0.5, 0.5
	sc := newSettleScratch(p)
	sc.endSoCKWh[0] = math.NaN() // not measured
	settle(p, s, 0, plan, sc)
	assert.InDelta(t, ch, s.ChargeKW[0][0], 1e-9, "settlement carries out the setpoint")
	assert.InDelta(t, end, s.SoCKWh[0][0], 1e-9)
	assert.InDelta(t, ch, s.ImportKW[0], 1e-9, "the grid gives the battery what it takes")
}
