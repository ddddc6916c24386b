package dispatch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
	"github.com/zeropark/zeropark/model"
)

// dumpDay is a summer day short of power: 500 kW of load all day behind a
// grid that imports at most 300 kW and exports nothing, no heat load
// (heatKWTh all day) and a gas CHP of 150 kW (η_el 0.35, η_th 0.45: 9/7
// kW_th per kW) with a heat dump of dumpKWTh (0: none); boilers from
// heatSide (nil: none).
func dumpDay(dumpKWTh, heatKWTh float64, heatSide func(p *model.Park)) (*model.Park, *model.Profiles) {
	const n = 24
	p := &model.Park{Name: "summer", Loads: []model.Load{{Name: "plant", Column: "l"}},
		HeatLoads: []model.HeatLoad{{Name: "plant heat", Column: "h"}}, Grid: grid(300, 0),
		CHP: []model.CHP{{Name: "engine", CapacityKW: 150, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas",
			HeatDumpKWTh: dumpKWTh}},
		Fuels: []model.Fuel{{Name: "natural_gas", PricePerKWhLHV: 0.03}}}
	if heatSide != nil {
		heatSide(p)
	}
	if err := p.Validate(); err != nil {
		panic(err)
	}
	pr := profiles(p, [][]float64{constant(n, 500)}, nil, nil, nil)
	return p, withHeat(p, pr, [][]float64{constant(n, heatKWTh)}, nil)
}

// TestHeatDumpHandDay: on dumpDay the grid leaves 200 kW of the load
// short every hour. Without a dump the CHP cannot run (no heat load, no
// store: its heat has nowhere to go), so 200 × 24 = 4,800 kWh go unserved
// — the answer before dumps existed. With a dump of 250 kW_th (more than
// the 150 × 9/7 = 192.9 kW_th it makes) it runs flat out for its
// electricity: unserved load drops by exactly what it can make, 150 × 24
// = 3,600 kWh, to 1,200 kWh; all its heat is dumped (4,628.6 kWh_th) and
// its fuel, 150/0.35 × 24 = 10,285.7 kWh of gas, is burnt and counted at
// the gas's factor. A dump of 90 kW_th lets it run at 90 × 7/9 = 70 kW:
// 130 × 24 = 3,120 kWh unserved. Under both objectives, planned whole
// (perfect foresight) and rolling (perfect information, settled).
func TestHeatDumpHandDay(t *testing.T) {
	kgPerKWhGas := gas(t).KgCO2ePerKWhLHV
	for _, c := range []struct {
		dump, chpKW float64
	}{{0, 0}, {250, 150}, {90, 70}} {
		p, pr := dumpDay(c.dump, 0, nil)
		for _, obj := range []Objective{CarbonFirst, Cost} {
			for _, pol := range []Policy{Perfect, PerfectInformation} {
				name := fmt.Sprintf("dump %g %s %s", c.dump, obj, pol)
				cfg := DefaultConfig()
				cfg.Objective = obj
				cfg.Horizon = 6 * time.Hour
				r, err := runPolicy(pol, p, pr, cfg)
				require.NoError(t, err, name)
				s := r.Schedule
				require.NoError(t, s.Check(p), name)
				rep := r.Report
				assert.InDelta(t, (200-c.chpKW)*24, rep.Energy.Unserved, 1e-6, name)
				assert.InDelta(t, c.chpKW*24, rep.Heat.CHPElectricityKWh, 1e-6, name)
				assert.InDelta(t, c.chpKW*9/7*24, rep.Heat.CHPKWhTh, 1e-6, name)
				assert.InDelta(t, c.chpKW*9/7*24, rep.Heat.CHPDumpedKWhTh, 1e-6, "%s: no heat load: all the heat is dumped", name)
				assert.InDelta(t, c.chpKW/0.35*24, rep.Heat.Fuels[0].KWhLHV, 1e-6, name)
				assert.InDelta(t, c.chpKW/0.35*24*kgPerKWhGas, rep.Heat.FuelKgCO2e, 1e-6, name)
				assert.InDelta(t, 300*24*0.5+c.chpKW/0.35*24*kgPerKWhGas, rep.ResidualKgCO2e, 1e-6, name)
				assert.Zero(t, rep.Heat.ServedKWhTh, name)
				// The waste-heat indicator stays not assessed, and says what
				// was dumped.
				wh := rep.StageBasis.Guiding[wasteHeatIndicator]
				assert.Equal(t, "余热/余冷/余压综合利用率", wh.Term, name)
				assert.Nil(t, wh.Value, name)
				if c.dump == 0 {
					assert.Empty(t, wh.Note, name)
				} else {
					assert.Equal(t, fmt.Sprintf("the CHP units' heat dumps rejected %.1f MWh_th of the heat they made (not used)", c.chpKW*9/7*24/1000), wh.Note, name)
				}
				if c.dump == 0 {
					assert.Empty(t, s.CHPDumpKWTh, "%s: no dump, no dump rows", name)
					continue
				}
				for i := 0; i < s.Len; i++ {
					assert.InDelta(t, s.CHPKWTh[0][i], s.CHPDumpKWTh[0][i], 1e-6, "%s interval %d", name, i)
				}
			}
		}
	}
}

// TestHeatDumpOnlyWhatTheLoadCannotTake: dumpDay with 60 kW_th of heat
// load and a gas boiler (200 kW_th, η 0.9) beside the CHP with a 250
// kW_th dump. The CHP still runs flat out for the grid's shortfall; its
// 192.9 kW_th serve the heat load and the dump rejects only the rest,
// 192.9 − 60 = 132.9 kW_th: the boiler stays off (its gas would be burnt
// for heat the CHP already makes), under both objectives. Without the
// dump the CHP is capped by the heat load: 60 × 7/9 = 46.7 kW. With the
// gas free (price 0, no carbon price) the boiler's heat costs nothing
// under Cost, nor in CarbonFirst's second pass: only the dump's
// tie-break (tieDump) keeps the LP from dumping all the CHP's heat and
// burning gas in the boiler for the heat load.
func TestHeatDumpOnlyWhatTheLoadCannotTake(t *testing.T) {
	boiler := func(p *model.Park) {
		p.FuelBoilers = []model.FuelBoiler{{Name: "boiler", CapacityKWTh: 200, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	}
	for _, c := range []struct{ dump, gasPrice float64 }{{0, 0.03}, {250, 0.03}, {250, 0}} {
		dump := c.dump
		p, pr := dumpDay(dump, 60, boiler)
		p.Fuels[0].PricePerKWhLHV = c.gasPrice
		chpKW := 150.0
		if dump == 0 {
			chpKW = 60 * 7.0 / 9
		}
		for _, obj := range []Objective{CarbonFirst, Cost} {
			cfg := DefaultConfig()
			cfg.Objective = obj
			r, err := PerfectForesight(p, pr, cfg)
			require.NoError(t, err)
			name := fmt.Sprintf("dump %g gas at %g %s", dump, c.gasPrice, obj)
			require.NoError(t, r.Schedule.Check(p), name)
			h := r.Report.Heat
			assert.InDelta(t, (200-chpKW)*24, r.Report.Energy.Unserved, 1e-6, name)
			assert.InDelta(t, 0, h.FuelBoilerKWhTh, 1e-6, "%s: the boiler stays off", name)
			assert.InDelta(t, 60*24, h.ServedKWhTh, 1e-6, name)
			assert.InDelta(t, (chpKW*9/7-60)*24, h.CHPDumpedKWhTh, 1e-6, name)
		}
	}
}

// TestHeatDumpFillsAStoreFirst: dumpDay with 60 kW_th of heat load and a
// thermal store (2,000 kWh_th, 200 kW_th each way, empty, no loss) as
// the only other heat asset. Stored heat has no value at the end of the
// period here (no source but the CHP to value it by), so filling the
// store and dumping cost the same in every objective but for the dump's
// tie-break: with it the store takes 2,000 kWh_th of the (192.9 − 60) ×
// 24 = 3,188.6 kWh_th the load leaves and the dump rejects 1,188.6; a
// Block with the tie-break zeroed dumps all 3,188.6 (HiGHS 1.x's choice,
// as measured when the tie-break was added).
func TestHeatDumpFillsAStoreFirst(t *testing.T) {
	p, pr := dumpDay(250, 60, func(p *model.Park) {
		p.ThermalStorage = []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 2000, MaxChargeKWTh: 200, MaxDischargeKWTh: 200, MaxSoCFraction: 1}}
	})
	pr = withHeat(p, pr, pr.HeatLoadKWTh, nil)
	left := (150*9.0/7 - 60) * 24
	for _, obj := range []Objective{CarbonFirst, Cost} {
		cfg := DefaultConfig()
		cfg.Objective = obj
		r, err := PerfectForesight(p, pr, cfg)
		require.NoError(t, err)
		require.NoError(t, r.Schedule.Check(p), obj)
		assert.InDelta(t, 2000, r.Schedule.FinalHeatSoCKWhTh(0), 1e-6, "%s: the store ends full", obj)
		assert.InDelta(t, left-2000, r.Report.Heat.CHPDumpedKWhTh, 1e-6, obj)
	}
}

// dumpParks are random heat parks (randomHeatPark) whose CHP, added when
// the park has none, has a heat dump of 20–150 % of its heat: drawn from
// a second stream, so that the parks are randomHeatPark's own.
func dumpPark(seed uint64, n, maxAssets int) (*model.Park, *model.Profiles) {
	rng := rand.New(rand.NewPCG(seed, 53))
	p, pr := randomHeatPark(rng, n, maxAssets)
	more := rand.New(rand.NewPCG(seed, 54))
	if len(p.CHP) == 0 {
		p.CHP = []model.CHP{{Name: "chp", CapacityKW: 20 + 180*more.Float64(), ElectricEfficiencyLHV: 0.3 + 0.1*more.Float64(),
			ThermalEfficiencyLHV: 0.4 + 0.1*more.Float64(), Fuel: "natural_gas"}}
	}
	p.CHP[0].HeatDumpKWTh = p.CHP[0].CapacityKWTh() * (0.2 + 1.3*more.Float64())
	// A grid that cannot carry the whole load now and then: the dump
	// earns its keep.
	peak := 0.0
	for t := 0; t < pr.Len; t++ {
		peak = math.Max(peak, pr.TotalLoadKW(t))
	}
	p.Grid.ImportLimitKW = peak * (0.5 + 0.6*more.Float64())
	if err := p.Validate(); err != nil {
		panic(err)
	}
	return p, pr
}

// Random heat parks with a CHP that can dump heat, under every policy:
// the physics (Check: both balances with the dump, dump ≤ its capacity and
// the CHP's heat, fuel = electricity / η_el), the ledger's identities
// (checkHeatLedger: heat made − dumped + discharge = served + charge,
// carbon conserved through attribution) and perfect foresight ≤ every
// policy. The LP's schedules (perfect foresight, and the rolling horizon
// settled against perfect information) never dump heat while something
// else makes heat or heat goes unserved: dumped heat would have served
// that heat for nothing.
func TestHeatDumpRandomParks(t *testing.T) {
	dumped := 0
	for seed := uint64(1); seed <= 40; seed++ {
		p, pr := dumpPark(seed, 12+int(seed%13), 3)
		for _, obj := range []Objective{CarbonFirst, Cost} {
			cfg := DefaultConfig()
			cfg.Objective = obj
			cfg.Horizon = time.Duration(4+seed%7) * time.Hour
			res := runAll(t, p, pr, cfg)
			pen := cfg.UnservedPenaltyKgCO2ePerKWh
			tol := 1e-6 * (1 + res[GridOnlyPolicy].Report.BaselineKgCO2e)
			for pol, r := range res {
				msg := fmt.Sprintf("seed %d %s %s", seed, obj, pol)
				checkHeatLedger(t, p, pr, r, msg)
				if obj == CarbonFirst {
					require.LessOrEqual(t, heatMetric(res[Perfect], pen), heatMetric(r, pen)+tol, "%s: perfect foresight beaten", msg)
				}
				if pol != Perfect && pol != PerfectInformation {
					continue
				}
				s := r.Schedule
				for i := 0; i < s.Len; i++ {
					d := s.DumpedKWTh(i)
					if d <= 1e-6 {
						continue
					}
					dumped++
					other := sumAt(i, s.HeatPumpKWTh, s.ElectricBoilerKWTh, s.FuelBoilerKWTh, s.PurchasedHeatKWTh)
					assert.LessOrEqual(t, other+s.UnservedHeatKWTh[i], 1e-5, "%s interval %d: %g kW_th dumped while %g made elsewhere, %g unserved",
						msg, i, d, other, s.UnservedHeatKWTh[i])
				}
			}
		}
	}
	t.Logf("%d intervals dumped heat", dumped)
	assert.Positive(t, dumped, "the parks exercise the dump")
}

// The rolling horizon settled against persistence forecasts: a heat load
// above its forecast takes the heat the plan dumps before any source
// makes more or any heat goes short, and a surplus sheds the other
// sources before the dump takes it, so no settled interval dumps heat
// while another source makes heat or heat goes unserved; both balances,
// the limits and the ledger hold. Skipped intervals (no plan) do not
// dump.
func TestHeatDumpSettlementWithForecastErrors(t *testing.T) {
	dumped := 0
	for seed := uint64(1); seed <= 30; seed++ {
		p, pr := dumpPark(seed, 24+int(seed%24), 2)
		msg := fmt.Sprintf("seed %d", seed)
		cfg := DefaultConfig()
		cfg.Horizon = 8 * time.Hour
		cfg.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
		for _, pol := range []Policy{RollingHorizon, SelfConsumptionPolicy} {
			r, err := RunPolicy(pol, p, pr, cfg)
			require.NoError(t, err, msg)
			s := r.Schedule
			require.NoError(t, s.Check(p), "%s %s", msg, pol)
			checkHeatLedger(t, p, pr, r, msg+" "+string(pol))
			for i := 0; i < s.Len; i++ {
				if s.DumpedKWTh(i) > 1e-6 {
					dumped++
					other := sumAt(i, s.HeatPumpKWTh, s.ElectricBoilerKWTh, s.FuelBoilerKWTh, s.PurchasedHeatKWTh)
					assert.LessOrEqual(t, other+s.UnservedHeatKWTh[i], 1e-6, "%s %s interval %d dumps while %g kW_th are made elsewhere, %g unserved",
						msg, pol, i, other, s.UnservedHeatKWTh[i])
				}
			}
		}
		ro, err := NewRolling(p, pr.Step, DefaultConfig())
		require.NoError(t, err)
		for i := 0; i < pr.Len; i++ {
			one, err := ro.Skip(pr, i)
			require.NoError(t, err, msg)
			require.NoError(t, one.Check(p), "%s skipped interval %d", msg, i)
			assert.Zero(t, one.DumpedKWTh(0), "%s skipped interval %d", msg, i)
		}
		require.NoError(t, ro.Close())
	}
	assert.Positive(t, dumped)
}

// fixedForecast forecasts v for every step.
type fixedForecast struct{ v float64 }

func (f fixedForecast) Forecast(_ model.Series, out []float64) error {
	for i := range out {
		out[i] = f.v
	}
	return nil
}

// TestHeatDumpSettlesHeatSurprises: dumpDay with a gas boiler (200
// kW_th), the rolling horizon settled against heat loads its forecasts
// missed (all else forecast perfectly). The plans run the CHP flat out
// (150 kW, 192.9 kW_th) for the grid's shortfall whatever the heat.
//   - Heat load 100 kW_th, forecast 0: each plan dumps all 192.9 kW_th;
//     settled, the load takes 100 of them from the dump, the boiler stays
//     off and no heat goes short: 92.9 kW_th dumped.
//   - Heat load 0, forecast 100: each plan serves 100 from the CHP and
//     dumps 92.9; settled, the 100 kW_th nobody takes go to the dump, not
//     off the CHP: it keeps its 150 kW and the load short by 50 kW only,
//     as planned (turning the CHP down would have left 77.8 kW more short
//     behind the full grid).
func TestHeatDumpSettlesHeatSurprises(t *testing.T) {
	heat := 150 * 9.0 / 7
	boiler := func(p *model.Park) {
		p.FuelBoilers = []model.FuelBoiler{{Name: "boiler", CapacityKWTh: 200, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	}
	for _, c := range []struct{ actual, forecast float64 }{{100, 0}, {0, 100}} {
		p, pr := dumpDay(250, c.actual, boiler)
		for _, obj := range []Objective{CarbonFirst, Cost} {
			name := fmt.Sprintf("heat %g forecast %g %s", c.actual, c.forecast, obj)
			r, _ := runSurprised(t, p, pr, obj, name, func(f *model.ForecastSet) { f.Heat[0] = fixedForecast{c.forecast} })
			s := r.Schedule
			for i := 0; i < s.Len; i++ {
				assert.InDelta(t, 150, s.CHPKW[0][i], 1e-6, "%s interval %d", name, i)
				assert.InDelta(t, heat-c.actual, s.CHPDumpKWTh[0][i], 1e-6, "%s interval %d", name, i)
				assert.InDelta(t, 0, s.FuelBoilerKWTh[0][i], 1e-6, "%s interval %d", name, i)
				assert.InDelta(t, 0, s.UnservedHeatKWTh[i], 1e-6, "%s interval %d", name, i)
				assert.InDelta(t, 50, s.UnservedKW[i], 1e-6, "%s interval %d", name, i)
			}
		}
	}
}

// runSurprised runs p over pr by a rolling horizon of 6 h under obj, every
// forecast right (oracle) but what surprise sets, and requires the run and
// its schedule's check to pass (name labels the failure); it returns the
// result and the config, for a second policy on the same forecasts.
func runSurprised(t *testing.T, p *model.Park, pr *model.Profiles, obj Objective, name string, surprise func(*model.ForecastSet)) (*Result, Config) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Objective = obj
	cfg.Horizon = 6 * time.Hour
	cfg.Forecasts = allOf(p, pr, func(a []float64) model.Forecaster { return oracle{a} })
	surprise(cfg.Forecasts)
	r, err := RunPolicy(RollingHorizon, p, pr, cfg)
	require.NoError(t, err, name)
	require.NoError(t, r.Schedule.Check(p), name)
	return r, cfg
}

// TestHeatDumpShedsCHPElectricity: dumpDay with 60 kW_th of heat load
// (forecast right) and a gas boiler, whose electric load is 100 kW where
// the forecasts said 500. Each plan runs the CHP flat out (150 kW) beside
// 300 kW of import, serving the heat load from the CHP and dumping 132.9
// kW_th. Settled, import falls to 0 and 50 kW of the CHP's electricity
// have no home (export 0): the CHP comes down to 100 kW, and the 64.3
// kW_th it no longer makes come off its dump (to 100 × 9/7 − 60 = 68.6
// kW_th), not off the heat load: the boiler stays off, no heat goes short.
func TestHeatDumpShedsCHPElectricity(t *testing.T) {
	p, pr := dumpDay(250, 60, func(p *model.Park) {
		p.FuelBoilers = []model.FuelBoiler{{Name: "boiler", CapacityKWTh: 200, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	})
	pr.LoadKW[0] = constant(pr.Len, 100)
	for _, obj := range []Objective{CarbonFirst, Cost} {
		r, _ := runSurprised(t, p, pr, obj, obj.String(), func(f *model.ForecastSet) { f.Load[0] = fixedForecast{500} })
		s := r.Schedule
		for i := 0; i < s.Len; i++ {
			assert.InDelta(t, 100, s.CHPKW[0][i], 1e-6, "%s interval %d", obj, i)
			assert.InDelta(t, 100*9.0/7-60, s.CHPDumpKWTh[0][i], 1e-6, "%s interval %d", obj, i)
			assert.InDelta(t, 0, s.FuelBoilerKWTh[0][i], 1e-6, "%s interval %d", obj, i)
			assert.InDelta(t, 0, s.UnservedHeatKWTh[i]+s.UnservedKW[i]+s.ImportKW[i], 1e-6, "%s interval %d", obj, i)
		}
	}
}

// HiGHS against the dense oracles (lptest's simplex on short parks, its
// interior point on longer ones) on random parks with a heat dump: the
// same optimum of what the LP minimises, perfect foresight and the
// rolling horizon's LPs alike.
func TestHeatDumpHighsAgainstOracles(t *testing.T) {
	for _, tc := range []struct {
		backend                     lp.Backend
		minSteps, moreSteps, assets int
	}{
		{lptest.Backend{}, 4, 3, 1},
		{lptest.IPMBackend{}, 10, 8, 2},
	} {
		for seed := uint64(1); seed <= 8; seed++ {
			p, pr := dumpPark(seed, tc.minSteps+int(seed)%tc.moreSteps, tc.assets)
			heatAgainstOracle(t, tc.backend, p, pr, fmt.Sprintf("seed %d", seed))
		}
	}
}

// The dump's tie-break (tieDump per kWh_th, second pass and Cost) does
// not move answers: a Block of a dumping park solved under Cost with the
// dump columns' costs and again with them zeroed reaches the same
// optimum less the tie-break's Σ τ·dump·Δt, and the same fuel, import,
// unserved load and heat. The tie-break is what keeps the LP from
// dumping heat a store could take: across the parks it is paid on no
// more than the heat dumped.
func TestHeatDumpTieBreakDoesNotMoveAnswers(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		p, pr := dumpPark(seed, 24, 2)
		cfg := DefaultConfig()
		cfg.Objective = Cost
		solve := func(tie bool) (*Schedule, float64) {
			var b lp.Builder
			k, err := NewBlock(&b, p, pr, BlockOptions{})
			require.NoError(t, err)
			prob, err := b.Build()
			require.NoError(t, err)
			k.Bounds(prob.ColLo, prob.ColHi)
			k.Costs(prob.Cost, &cfg, 1)
			for t := 0; t < pr.Len; t++ {
				if c := k.CHPDump(t, 0); !tie {
					prob.Cost[c] = 0
				}
			}
			s, err := highs.Backend{}.NewSolver()
			require.NoError(t, err)
			defer s.Close()
			require.NoError(t, s.Load(prob))
			r, err := s.Solve()
			require.NoError(t, err)
			got, err := NewSchedule(p, pr)
			require.NoError(t, err)
			require.NoError(t, k.Extract(r.X, got, 0, 0, pr.Len, nil))
			require.NoError(t, got.Check(p))
			return got, r.Objective
		}
		with, objWith := solve(true)
		without, objWithout := solve(false)
		msg := fmt.Sprintf("seed %d", seed)
		tie := 0.0
		for i := 0; i < with.Len; i++ {
			tie += tieDump * with.DumpedKWTh(i) * with.Step.Hours()
		}
		scale := 1e-6 * math.Max(1, math.Abs(objWith))
		assert.InDelta(t, objWith-tie, objWithout, scale, "%s: the optimum moves by the tie-break alone", msg)
		rw, ro := mustAccount(t, p, with, DefaultLedgerConfig()), mustAccount(t, p, without, DefaultLedgerConfig())
		assert.InDelta(t, rw.Energy.Unserved, ro.Energy.Unserved, 1e-4, msg)
		assert.InDelta(t, rw.Heat.UnservedKWhTh, ro.Heat.UnservedKWhTh, 1e-4, msg)
		assert.InDelta(t, rw.Heat.FuelKgCO2e+rw.Heat.PurchasedHeatKgCO2e, ro.Heat.FuelKgCO2e+ro.Heat.PurchasedHeatKgCO2e, 1e-4*(1+rw.Heat.FuelKgCO2e), msg)
		assert.LessOrEqual(t, rw.Heat.CHPDumpedKWhTh, ro.Heat.CHPDumpedKWhTh+1e-6, "%s: the tie-break never dumps more", msg)
	}
}

// The estimate is the LP the layout builds with heat dumps (two columns,
// one row and four non-zeros a step for each CHP with one), and a CHP
// without a dump adds nothing: the layout of a park without one is the
// one it had before dumps.
func TestEstimateLPMatchesBuildWithHeatDump(t *testing.T) {
	for _, dumps := range [][]float64{{0}, {100}, {0, 50}, {80, 50, 0}} {
		p := &model.Park{Name: "x", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(1000, 0),
			HeatLoads:   []model.HeatLoad{{Name: "h", Column: "h"}},
			FuelBoilers: []model.FuelBoiler{{Name: "fb", CapacityKWTh: 10, EfficiencyLHV: 0.9, Fuel: "natural_gas"}},
			ThermalStorage: []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 100, MaxChargeKWTh: 10, MaxDischargeKWTh: 10,
				MaxSoCFraction: 1, InitialSoCFraction: 0.5}}}
		for i, d := range dumps {
			p.CHP = append(p.CHP, model.CHP{Name: fmt.Sprintf("chp%d", i), CapacityKW: 10, ElectricEfficiencyLHV: 0.35,
				ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas", HeatDumpKWTh: d})
		}
		require.NoError(t, p.Validate())
		const h = 7
		l := newLayout(p, h, 1, false)
		prob, err := l.build(p)
		require.NoError(t, err)
		got := EstimateLP(p, h)
		assert.Equal(t, int64(prob.NumCols), got.Columns, "%v", dumps)
		assert.Equal(t, int64(prob.NumRows()), got.Rows, "%v", dumps)
		assert.Equal(t, int64(len(prob.Value)), got.NonZeros, "%v", dumps)
		p.CHP = p.CHP[:0]
		for i := range dumps {
			p.CHP = append(p.CHP, model.CHP{Name: fmt.Sprintf("chp%d", i), CapacityKW: 10, ElectricEfficiencyLHV: 0.35,
				ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas"})
		}
		none := newLayout(p, h, 1, false)
		n := 0
		for _, d := range dumps {
			if d > 0 {
				n++
			}
		}
		assert.Equal(t, none.block+2*n, l.block, "%v: two columns a step per dump", dumps)
		assert.Equal(t, none.rowsPerStep()+n, l.rowsPerStep(), "%v: a row a step per dump", dumps)
		assert.Equal(t, none.heatRow(3)-none.balanceRow(3), l.heatRow(3)-l.balanceRow(3), "%v: the heat balance stays where it was in its step", dumps)
	}
}

// TestHeatDumpsTakeTheSurplusBeforeACHPComesDown: dumpDay with two gas
// CHPs of 100 kW each (128.6 kW_th), engine's dump 200 kW_th and engine
// b's 30, behind the grid's 300 kW of the 500 kW load, and a heat load of
// 50 kW_th all day forecast at 150. Each plan runs both flat out (200
// kW), serving 150 kW_th and dumping 107.1. Settled, 100 kW_th have no
// taker: the dumps take what they can — engine's all its 128.6 kW_th,
// engine b's its 30 — and only the rest, 257.1 − 50 − 158.6 = 48.6 kW_th,
// brings a CHP down (the later, engine b: by 37.8 kW, to 62.2 kW with its
// 80 kW_th serving 50 and dumping 30), as perfect foresight does: 37.8 kW
// of the load short an hour. Filling and cutting one unit at a time cut
// engine b to 23.3 kW (76.7 kW short) while engine's dump had 71.4 kW_th
// of room.
func TestHeatDumpsTakeTheSurplusBeforeACHPComesDown(t *testing.T) {
	p, pr := dumpDay(200, 50, nil)
	p.CHP[0].CapacityKW = 100
	b := p.CHP[0]
	b.Name, b.HeatDumpKWTh = "engine b", 30
	p.CHP = append(p.CHP, b)
	require.NoError(t, p.Validate())
	heat := 100 * 9.0 / 7
	short := (2*heat - 50 - heat - 30) * 7 / 9 // kW of engine b's electricity the dumps cannot keep
	assert.InDelta(t, 37.78, short, 0.01)
	for _, obj := range []Objective{CarbonFirst, Cost} {
		r, cfg := runSurprised(t, p, pr, obj, obj.String(), func(f *model.ForecastSet) { f.Heat[0] = fixedForecast{150} })
		s := r.Schedule
		checkHeatLedger(t, p, pr, r, obj.String())
		for i := 0; i < s.Len; i++ {
			assert.InDelta(t, 100, s.CHPKW[0][i], 1e-6, "%s interval %d", obj, i)
			assert.InDelta(t, heat, s.CHPDumpKWTh[0][i], 1e-6, "%s interval %d", obj, i)
			assert.InDelta(t, 100-short, s.CHPKW[1][i], 1e-6, "%s interval %d", obj, i)
			assert.InDelta(t, 30, s.CHPDumpKWTh[1][i], 1e-6, "%s interval %d", obj, i)
			assert.InDelta(t, short, s.UnservedKW[i], 1e-6, "%s interval %d", obj, i)
			assert.InDelta(t, 0, s.UnservedHeatKWTh[i], 1e-6, "%s interval %d", obj, i)
		}
		pf, err := RunPolicy(Perfect, p, pr, cfg)
		require.NoError(t, err, obj)
		assert.InDelta(t, pf.Report.Energy.Unserved, r.Report.Energy.Unserved, 1e-6, "%s: as short as perfect foresight", obj)
	}
}
