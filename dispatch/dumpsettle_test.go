package dispatch

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// dumpSettlePark is one hour behind a grid that imports at most 300 kW
// and exports nothing, with gas CHP units of capKW each (η_el 0.35, η_th
// 0.45: 9/7 kW_th per kW) whose heat dumps are dumps (0: none), and the
// heat side heatSide adds (nil: none).
func dumpSettlePark(t *testing.T, capKW float64, dumps []float64, heatSide func(*model.Park)) *model.Park {
	t.Helper()
	p := &model.Park{Name: "dumpset", Loads: []model.Load{{Name: "l", Column: "l"}},
		HeatLoads: []model.HeatLoad{{Name: "h", Column: "h"}}, Grid: grid(300, 0),
		Fuels: []model.Fuel{{Name: "natural_gas", PricePerKWhLHV: 0.03}}}
	for i, d := range dumps {
		p.CHP = append(p.CHP, model.CHP{Name: fmt.Sprintf("engine %d", i), CapacityKW: capKW, ElectricEfficiencyLHV: 0.35,
			ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas", HeatDumpKWTh: d})
	}
	if heatSide != nil {
		heatSide(p)
	}
	require.NoError(t, p.Validate())
	return p
}

// settleOne settles the one interval of p against the actual electric and
// heat loads from plan (its interval 0, filled by planned), and checks the
// settled interval's physics.
func settleOne(t *testing.T, p *model.Park, planned func(*Plan), loadKW, heatKWTh float64, socKWh ...float64) *Schedule {
	t.Helper()
	plan := &Plan{Schedule: *newSchedule(p, 1)}
	plan.Step = time.Hour
	plan.ImportKW[0] = 300
	planned(plan)
	s := newSchedule(p, 1)
	s.Start, s.Step = t0, time.Hour
	s.LoadKW[0], s.HeatLoadKWTh[0] = loadKW, heatKWTh
	s.DispatchKgCO2ePerKWh[0], s.AccountingKgCO2ePerKWh[0] = 0.5, 0.5
	for j, u := range p.HeatPumps {
		s.HeatPumpCOP[j][0] = u.COP
	}
	copy(s.InitialSoCKWh, socKWh)
	settle(p, s, 0, plan, newSettleScratch(p))
	require.NoError(t, s.Check(p))
	assert.InDelta(t, 0, s.BalanceErrorKW(0), 1e-9, "power balance")
	assert.InDelta(t, 0, s.HeatBalanceErrorKWTh(0), 1e-9, "heat balance")
	return s
}

// An electric load above its forecast raises a CHP with a heat dump for
// its electricity once the import (at its 300 kW limit) and the battery
// can give no more. The plan, for 400 kW of load, imports 300 and runs a
// 150 kW CHP at 100 kW (128.6 kW_th); the actual load is 500 kW. By hand:
//   - no heat load, dump 250 kW_th: the CHP rises to its 150 kW, all its
//     192.9 kW_th dumped; 500 − 300 − 150 = 50 kW short (was 100: the
//     settlement kept the CHP heat-led at 100 kW);
//   - dump 150 kW_th: it rises until the dump is full, 150 × 7/9 = 116.7
//     kW; 83.3 kW short;
//   - a heat load of 100 kW_th, 60 of them planned from a heat pump (COP
//     3, 20 kW) and 40 from the CHP, which dumps 88.6: 60 of the dumped
//     kW_th take the place of the pump's (displaceConverters: its 20 kW
//     freed, 100 kW short), then the CHP rises its 50 kW, all their heat
//     dumped (to 92.9 = 192.9 − 100): 150 kW, the pump off, 50 kW short
//     (was 120);
//   - no heat load and an empty thermal store that the plan leaves idle
//     (30 kW_th of charge): the store takes the first 30 kW_th of the
//     rise, the dump the other 34.3 (to 162.9);
//   - a battery that can discharge the 100 kW: the CHP stays at 100 kW
//     (the battery is ranked before it).
//
// The fuel counted is the fuel burnt: CHP kW / 0.35 of gas.
func TestSettleRaisesADumpingCHPForAnElectricityDeficit(t *testing.T) {
	kgPerKWhGas := gas(t).KgCO2ePerKWhLHV
	heat := 100 * 9.0 / 7
	hp := func(p *model.Park) { p.HeatPumps = []model.HeatPump{{Name: "hp", CapacityKWTh: 200, COP: 3}} }
	for _, tc := range []struct {
		name          string
		dump, heatKWh float64
		heatSide      func(*model.Park)
		planned       func(*Plan)
		chpKW, dumped float64
		unserved      float64
		check         func(t *testing.T, s *Schedule)
	}{
		{"all its heat to the dump", 250, 0, nil, func(pl *Plan) { pl.CHPDumpKWTh[0][0] = heat }, 150, 150 * 9.0 / 7, 50, nil},
		{"up to the dump's capacity", 150, 0, nil, func(pl *Plan) { pl.CHPDumpKWTh[0][0] = heat }, 150 * 7.0 / 9, 150, 500 - 300 - 150*7.0/9, nil},
		{"its heat displaces a heat pump's first", 250, 100, hp, func(pl *Plan) {
			pl.CHPDumpKWTh[0][0] = heat - 40
			pl.HeatPumpKWTh[0][0] = 60
		}, 150, 150*9.0/7 - 100, 50, func(t *testing.T, s *Schedule) {
			assert.InDelta(t, 0, s.HeatPumpKWTh[0][0], 1e-9)
			assert.InDelta(t, 0, s.HeatPumpKW[0][0], 1e-9, "the pump's electricity follows its heat")
		}},
		{"its heat fills a store before the dump", 250, 0, func(p *model.Park) {
			p.ThermalStorage = []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 1000, MaxChargeKWTh: 30, MaxDischargeKWTh: 30, MaxSoCFraction: 1}}
		}, func(pl *Plan) { pl.CHPDumpKWTh[0][0] = heat }, 150, heat + 50*9.0/7 - 30, 50, func(t *testing.T, s *Schedule) {
			assert.InDelta(t, 30, s.HeatChargeKWTh[0][0], 1e-9)
			assert.InDelta(t, 30, s.HeatSoCKWhTh[0][0], 1e-9)
		}},
		{"a battery first", 250, 0, func(p *model.Park) {
			p.Batteries = []model.Battery{battery("b", 1000, 200)}
		}, func(pl *Plan) { pl.CHPDumpKWTh[0][0] = heat }, 100, heat, 0, func(t *testing.T, s *Schedule) {
			assert.InDelta(t, 100, s.DischargeKW[0][0], 1e-9)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := dumpSettlePark(t, 150, []float64{tc.dump}, tc.heatSide)
			s := settleOne(t, p, func(pl *Plan) {
				pl.CHPKW[0][0], pl.CHPKWTh[0][0] = 100, heat
				tc.planned(pl)
			}, 500, tc.heatKWh, 500)
			assert.InDelta(t, tc.chpKW, s.CHPKW[0][0], 1e-9)
			assert.InDelta(t, tc.dumped, s.CHPDumpKWTh[0][0], 1e-9)
			assert.InDelta(t, tc.unserved, s.UnservedKW[0], 1e-9)
			assert.InDelta(t, 300, s.ImportKW[0], 1e-9, "import at its limit, not beyond")
			assert.InDelta(t, 0, s.UnservedHeatKWTh[0], 1e-9)
			assert.InDelta(t, tc.chpKW/0.35, s.CHPFuelKW[0][0], 1e-9, "the fuel burnt")
			assert.InDelta(t, tc.chpKW/0.35*kgPerKWhGas, s.FuelKgCO2e[0], 1e-9, "its carbon")
			if tc.check != nil {
				tc.check(t, s)
			}
		})
	}
	// Without a dump the CHP stays heat-led: no heat load, nothing to take
	// its heat, so the plan's 100 kW cannot be settled (its 128.6 kW_th
	// have no home) and it comes down to 0; 200 kW short.
	p := dumpSettlePark(t, 150, []float64{0}, nil)
	s := settleOne(t, p, func(pl *Plan) { pl.CHPKW[0][0], pl.CHPKWTh[0][0] = 100, heat }, 500, 0)
	assert.InDelta(t, 0, s.CHPKW[0][0], 1e-9)
	assert.InDelta(t, 200, s.UnservedKW[0], 1e-9)
}

// A heat surplus in a park where one CHP has a dump and another has none:
// the dump takes the heat before any CHP's electricity is cut. Two 100 kW
// units (128.6 kW_th each) run flat out beside 300 kW of import for a
// 500 kW load; the plan, for 150 kW_th of heat load, delivers all of unit
// 0's heat (no dump) and 21.4 kW_th of unit 1's, whose dump (250 kW_th)
// rejects 107.1. The actual heat load is 130 kW_th: 20 kW_th too many.
// Unit 1 dumps them (to 127.1 kW_th), both keep their 100 kW and no load
// goes short. Before, unit 0 (no dump, the later of two equal units in
// the shedding order but the only one cut among the sources) came down
// by 20 × 7/9 = 15.6 kW, left short, while unit 1's dump had room: a
// dumping unit rejecting more of its own heat made room for unit 0's.
// With a store that can take 5 kW_th the store takes them first (the
// dump 15). Without any dump, settlement is as it was: the plan then
// runs unit 1 at 16.7 kW for its 21.4 kW_th (83.3 kW short) and the
// surplus cuts it, the later of two equal units, by 15.6 kW, to 1.1 kW
// (98.9 kW short).
func TestHeatDumpMakesRoomForACHPWithoutOne(t *testing.T) {
	heat := 100 * 9.0 / 7
	store := func(p *model.Park) {
		p.ThermalStorage = []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 1000, MaxChargeKWTh: 5, MaxDischargeKWTh: 5, MaxSoCFraction: 1}}
	}
	for _, tc := range []struct {
		name                string
		dump                float64
		heatSide            func(*model.Park)
		chp1, dumped, short float64
	}{
		{"the dump takes the surplus", 250, nil, 100, heat - 150 + heat + 20, 0},
		{"a store before the dump", 250, store, 100, heat - 150 + heat + 15, 0},
		{"no dump: a CHP comes down", 0, nil, 150*7.0/9 - 100 - 20*7.0/9, 0, 500 - 300 - 100 - (150*7.0/9 - 100 - 20*7.0/9)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := dumpSettlePark(t, 100, []float64{0, tc.dump}, tc.heatSide)
			s := settleOne(t, p, func(pl *Plan) {
				for c := range p.CHP {
					pl.CHPKW[c][0], pl.CHPKWTh[c][0] = 100, heat
				}
				if tc.dump > 0 {
					pl.CHPDumpKWTh[1][0] = 2*heat - 150
				} else {
					pl.CHPKW[1][0], pl.CHPKWTh[1][0] = 150*7.0/9-100, 150-heat
				}
			}, 500, 130)
			assert.InDelta(t, 100, s.CHPKW[0][0], 1e-9)
			assert.InDelta(t, tc.chp1, s.CHPKW[1][0], 1e-9)
			assert.InDelta(t, tc.short, s.UnservedKW[0], 1e-9)
			assert.InDelta(t, 0, s.UnservedHeatKWTh[0], 1e-9)
			if tc.dump > 0 {
				assert.InDelta(t, tc.dumped, s.CHPDumpKWTh[1][0], 1e-9)
			}
			if tc.heatSide != nil {
				assert.InDelta(t, 5, s.HeatChargeKWTh[0][0], 1e-9)
			}
		})
	}
}

// Random parks with a dumping CHP behind a grid that cannot always carry
// the load (dumpPark), the rolling horizon settled against persistence
// forecasts under both objectives: both balances, the limits and the
// ledger's identities hold (Check, checkHeatLedger), and no settled
// interval leaves load unserved while a CHP with a dump could make more
// electricity (below its capacity) and its dump could take the heat
// (below min(capacity, heat made)) — unless the converters' electricity
// is what the grid cannot carry (shedConverters then serves their heat
// from the dumped heat first).
func TestHeatDumpCoversElectricityDeficitsOnRandomParks(t *testing.T) {
	short := 0
	for seed := uint64(1); seed <= 30; seed++ {
		p, pr := dumpPark(seed, 24+int(seed%24), 2)
		for _, obj := range []Objective{CarbonFirst, Cost} {
			msg := fmt.Sprintf("seed %d %s", seed, obj)
			cfg := DefaultConfig()
			cfg.Objective = obj
			cfg.Horizon = 8 * time.Hour
			cfg.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
			r, err := RunPolicy(RollingHorizon, p, pr, cfg)
			require.NoError(t, err, msg)
			s := r.Schedule
			require.NoError(t, s.Check(p), msg)
			checkHeatLedger(t, p, pr, r, msg)
			for i := 0; i < s.Len; i++ {
				if s.UnservedKW[i] <= 1e-6 || s.UnservedKW[i] > s.LoadKW[i] {
					continue
				}
				short++
				for c, u := range p.CHP {
					if !u.HasHeatDump() {
						continue
					}
					headroom := u.CapacityKW - s.CHPKW[c][i]
					room := math.Min(u.HeatDumpKWTh, s.CHPKWTh[c][i]) - s.CHPDumpKWTh[c][i]
					assert.False(t, headroom > 1e-6 && room > 1e-6, "%s interval %d: %g kW short while %s could make %g kW more and its dump take %g kW_th",
						msg, i, s.UnservedKW[i], u.Name, headroom, room)
				}
			}
		}
	}
	t.Logf("%d intervals short of power", short)
	assert.Positive(t, short, "the parks exercise the deficit")
}
