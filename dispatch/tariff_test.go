package dispatch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp/lptest"
	"github.com/zeropark/zeropark/model"
)

// The expected numbers in these tests are worked out by hand in the
// comments; they are not read off a run.

// A grid-only park over two calendar months, each in part: the demand
// charge is the rate × each month's highest import × the share of the
// month the period covers, whatever the policy.
//
// Hourly from 29 June 22:00 to 2 July 02:00 (+08:00, 52 h); load 100 kW,
// 150 kW at 30 June 12:00, 200 kW at 1 July 12:00, 120 kW on 2 July 00:00.
// Peaks: June 150, July 200. Shares: June 26 h of 720, July 26 h of 744.
// At 10 per kW-month: 10 × 150 × 26/720 + 10 × 200 × 26/744
// = 54.1667 + 69.8925 = 124.0591 (it was 3,500, the two whole months,
// before the charge was prorated).
func TestHandDemandChargeTwoMonths(t *testing.T) {
	p := &model.Park{Name: "two months", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(model.Unlimited, 0)}
	p.Grid.DemandChargePerKWMonth = 10
	cst := time.FixedZone("", 8*3600)
	start := time.Date(2023, 6, 29, 22, 0, 0, 0, cst)
	n := 52
	load := constant(n, 100)
	at := func(d, h int) int {
		return int(time.Date(2023, time.Month(6+d/100), d%100, h, 0, 0, 0, cst).Sub(start) / time.Hour)
	}
	load[at(30, 12)] = 150
	load[at(101, 12)] = 200
	load[at(102, 0)] = 120
	pr := profiles(p, [][]float64{load}, nil, nil, nil)
	pr.Start = start
	for _, obj := range []Objective{CarbonFirst, Cost} {
		cfg := DefaultConfig()
		cfg.Objective = obj
		cfg.Horizon = 6 * time.Hour
		for pol, res := range runAll(t, p, pr, cfg) {
			r := res.Report
			assert.InDelta(t, 1500*26.0/720+2000*26.0/744, r.DemandChargeCost, 1e-6, "%s %s", obj, pol)
			require.Len(t, r.MonthlyPeakImportKW, 2, "%s %s", obj, pol)
			assert.Equal(t, MonthPeak{Month: "2023-06", PeakImportKW: 150, Share: 26.0 / 720, Charge: 1500 * (26.0 / 720)}, r.MonthlyPeakImportKW[0])
			assert.InDelta(t, 200, r.MonthlyPeakImportKW[1].PeakImportKW, 1e-9)
			assert.InDelta(t, 26.0/744, r.MonthlyPeakImportKW[1].Share, 1e-15)
			assert.Equal(t, "2023-07", r.MonthlyPeakImportKW[1].Month)
			want := obj
			if pol == GridOnlyPolicy || pol == SelfConsumptionPolicy {
				want = CarbonFirst // a rule ranks by carbon whatever the objective
			}
			assert.Equal(t, want, r.Objective, "%s %s", obj, pol)
		}
	}
	// Without a demand charge there is none, and no month list.
	p.Grid.DemandChargePerKWMonth = 0
	r := runAll(t, p, pr, DefaultConfig())[Perfect].Report
	assert.Zero(t, r.DemandChargeCost)
	assert.Nil(t, r.MonthlyPeakImportKW)
}

// A battery shaves the peak when the demand charge pays for it, in both
// objectives (the carbon-first second pass sees it too).
//
// Load 100 kW for 24 h except 300 kW at hour 12; constant carbon 0.5 and
// price 0.1. Battery 200 kWh, 100 kW, η 0.95/0.95, SoC in [0, 1], starting
// at 100 kWh; demand charge 20 per kW-month.
// Carbon first: a kWh discharged saves 0.5 kg and the 1/0.95 kWh it
// takes from store is worth 0.95 × 0.5 / 0.95 — a tie, so the second pass
// may discharge what is stored, where the demand charge says: 100 kWh ×
// 0.95 = 95 kW at hour 12, peak 205 kW. Recharging from the grid would
// cost carbon, so it stops there.
// Cost: recharging 5/0.95 kWh at 0.1 to shave 5 kW more saves 5 × 20 ×
// 1/30 (the day is 24 h of June's 720, the month's share): it discharges
// 100 kW at hour 12, peak 200 kW. The charge is peak × 20/30.
func TestHandPeakShaving(t *testing.T) {
	bat := model.Battery{Name: "b", EnergyKWh: 200, MaxChargeKW: 100, MaxDischargeKW: 100,
		ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MaxSoCFraction: 1, InitialSoCFraction: 0.5}
	p := &model.Park{Name: "shave", Loads: []model.Load{{Name: "l", Column: "l"}},
		Batteries: []model.Battery{bat}, Grid: grid(model.Unlimited, 0)}
	p.Grid.DemandChargePerKWMonth = 20
	n := 24
	load := constant(n, 100)
	load[12] = 300
	pr := profiles(p, [][]float64{load}, nil, nil, nil)
	for i := range pr.ImportPricePerKWh {
		pr.ImportPricePerKWh[i] = 0.1
	}
	for obj, want := range map[Objective]float64{CarbonFirst: 205, Cost: 200} {
		cfg := DefaultConfig()
		cfg.Objective = obj
		res, err := PerfectForesight(p, pr, cfg)
		require.NoError(t, err)
		checkInvariants(t, p, res.Schedule)
		r := res.Report
		assert.InDelta(t, want, res.Schedule.ImportKW[12], 1e-6, obj)
		assert.InDelta(t, want*20/30, r.DemandChargeCost, 1e-6, obj)
		// The peak of the plan is the ledger's.
		peak := 0.0
		for _, v := range res.Schedule.ImportKW {
			peak = math.Max(peak, v)
		}
		assert.InDelta(t, peak*20/30, r.DemandChargeCost, 1e-9, obj)
		// The rolling horizon sees the whole day from the first step and
		// carries the running peak: the same peak.
		rh, err := Run(p, pr, cfg)
		require.NoError(t, err)
		checkInvariants(t, p, rh.Schedule)
		assert.InDelta(t, want*20/30, rh.Report.DemandChargeCost, 1e-6, obj)
	}
}

// The rolling horizon carries the month's running peak from interval to
// interval, so what no longer raises it is free.
//
// Two days of 100 kW, 300 kW at hour 6 of day 1; battery 50 kWh, 100 kW,
// η 1, full; demand charge 20 per kW-month; price 0.3 on day 1, 0.02 in
// hours 24–27 and 0.5 after; a 3-hour look-ahead. Day 1: the battery
// shaves the spike to 250 kW, the month's peak, and is empty after it
// (refilling at 0.3 for a store valued at 0.3 gains nothing). Day 2: from
// hour 26 the look-ahead sees the dear hours; charging 50 kWh at up to
// 100 kW keeps import at or below 200 kW, under the running peak, so it is
// free of demand charge — were the peak forgotten, raising import from
// 100 to 150 kW would cost 50 × 20 × 48/720 (two days of June's 30: the
// month's share) = 66.7, far more than 50 kWh × 0.48 = 24 saves. The
// charge is 250 × 20 × 48/720.
func TestRollingHorizonCarriesTheRunningPeak(t *testing.T) {
	p := &model.Park{Name: "running", Loads: []model.Load{{Name: "l", Column: "l"}},
		Batteries: []model.Battery{{Name: "b", EnergyKWh: 50, MaxChargeKW: 100, MaxDischargeKW: 100,
			ChargeEfficiency: 1, DischargeEfficiency: 1, MaxSoCFraction: 1, InitialSoCFraction: 1}},
		Grid: grid(model.Unlimited, 0)}
	p.Grid.DemandChargePerKWMonth = 20
	n := 48
	load := constant(n, 100)
	load[6] = 300
	pr := profiles(p, [][]float64{load}, nil, nil, nil)
	for i := range pr.ImportPricePerKWh {
		switch {
		case i < 24:
			pr.ImportPricePerKWh[i] = 0.3
		case i < 28:
			pr.ImportPricePerKWh[i] = 0.02
		default:
			pr.ImportPricePerKWh[i] = 0.5
		}
	}
	cfg := DefaultConfig()
	cfg.Objective = Cost
	cfg.Horizon = 3 * time.Hour
	res, err := Run(p, pr, cfg)
	require.NoError(t, err)
	checkInvariants(t, p, res.Schedule)
	assert.InDelta(t, 250*20*48.0/720, res.Report.DemandChargeCost, 1e-6)
	assert.InDelta(t, 250, res.Schedule.ImportKW[6], 1e-6)
	charged := 0.0
	for h := 24; h < 28; h++ {
		charged += res.Schedule.ChargeKW[0][h]
	}
	assert.InDelta(t, 50, charged, 1e-6, "charged under the running peak")
}

// costMetric is the Cost objective without its tie-breaks, evaluated on a
// schedule: energy cost (negative import prices as 0) + carbon price ×
// dispatch carbon + value of lost load × unserved + wear + demand charge
// − the study-end value of the energy left.
func costMetric(p *model.Park, res *Result, pr *model.Profiles, cfg Config) float64 {
	s, h := res.Schedule, res.Schedule.Step.Hours()
	c := res.Report.DemandChargeCost
	for t := 0; t < s.Len; t++ {
		c += (math.Max(s.ImportPricePerKWh[t], 0)*s.ImportKW[t] - s.ExportPricePerKWh[t]*s.ExportKW[t]) * h
		c += cfg.CarbonPricePerTCO2e / 1000 * math.Max(s.DispatchKgCO2ePerKWh[t], 0) * s.ImportKW[t] * h
		c += cfg.ValueOfLostLoadPerKWh * s.UnservedKW[t] * h
		for b, bat := range p.Batteries {
			c += bat.WearCostPerKWh * (s.ChargeKW[b][t] + s.DischargeKW[b][t]) * h
		}
	}
	end := studyEndValues(p, pr, &cfg)
	for b := range p.Batteries {
		c -= end[b] * s.FinalSoCKWh(b)
	}
	return c
}

// adjustedDispatchCarbon is the import carbon under the dispatch signal
// (negative rates as 0) less the ledger's storage value of the energy
// left: the quantity the carbon price multiplies in the Cost objective.
func adjustedDispatchCarbon(p *model.Park, res *Result, pr *model.Profiles, cfg Config) float64 {
	v := ledgerStorageValues(p, pr, cfg.Ledger)
	c := res.Schedule.DispatchCarbonKgCO2e()
	for b := range p.Batteries {
		c -= v[b] * res.Schedule.FinalSoCKWh(b)
	}
	return c
}

// As the carbon price rises the Cost dispatch emits no more (exactly, for
// optimal solutions of a parametric LP: the storage-adjusted carbon is
// non-increasing in the price), and never less than carbon first, which
// minimises it. Seeded random parks, with and without a demand charge.
func TestPropertyCarbonPriceMovesTowardsCarbonFirst(t *testing.T) {
	prices := []float64{0, 5, 20, 50, 100, 300, 1000, 5000}
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		p, pr := randomPark(rng, 12+rng.IntN(25), 3, seed%4 == 0)
		if seed%2 == 0 {
			p.Grid.DemandChargePerKWMonth = 5 + 20*rng.Float64()
		}
		p.Grid.ImportLimitKW = model.Unlimited // no unserved load: carbon and cost compare alone
		cf, err := PerfectForesight(p, pr, DefaultConfig())
		require.NoError(t, err)
		base := DefaultConfig()
		floor := adjustedDispatchCarbon(p, cf, pr, base)
		prev := math.Inf(1)
		for _, price := range prices {
			cfg := DefaultConfig()
			cfg.Objective = Cost
			cfg.CarbonPricePerTCO2e = price
			res, err := PerfectForesight(p, pr, cfg)
			require.NoError(t, err, "seed %d price %g", seed, price)
			checkInvariants(t, p, res.Schedule)
			c := adjustedDispatchCarbon(p, res, pr, cfg)
			tol := 1e-6 * (1 + math.Abs(c))
			msg := fmt.Sprintf("seed %d price %g", seed, price)
			require.LessOrEqual(t, c, prev+tol, msg)
			require.GreaterOrEqual(t, c, floor-tol, msg+": below carbon first")
			prev = c
		}
	}
}

// HiGHS against the interior-point oracle (lptest.IPMBackend) on tiny
// Cost-mode perfect foresight over a month boundary, with a demand charge
// and a carbon price: the optimal objectives agree, and the ledger's
// demand charge is the plan's monthly peaks × the rate × each month's
// share (June: 2 h of 720; July: the rest of the hours, of 744). The
// demand charge's change of peak where a month starts is a free column:
// the oracle takes it as it is (gonum's simplex, the oracle before, split
// it in two and could report the pair's zero-cost ray as unboundedness,
// so the test capped it at −1e6 kW).
func TestHighsAgainstOracleCost(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 23))
		p, pr := randomPark(rng, 4+rng.IntN(4), 1, false)
		p.Grid.DemandChargePerKWMonth = 2 + 10*rng.Float64()
		pr.Start = time.Date(2023, 6, 30, 22, 0, 0, 0, time.UTC) // July starts at step 2
		cfg := DefaultConfig()
		cfg.Objective = Cost
		cfg.CarbonPricePerTCO2e = 100 * rng.Float64()
		obj := map[string]float64{}
		for _, backend := range []string{"highs", "ipm"} {
			c := cfg
			if backend == "ipm" {
				c.Backend = lptest.IPMBackend{}
			}
			d, err := newDispatcher(p, pr.Step, pr.Len, c)
			require.NoError(t, err)
			d.endValue = studyEndValues(p, pr, &c)
			plan, err := d.Step(InitialState(p), pr)
			require.NoError(t, err, "seed %d %s", seed, backend)
			require.NoError(t, plan.Check(p))
			obj[backend] = dot(d.cost1, d.x1)
			res, err := PerfectForesight(p, pr, c)
			require.NoError(t, err)
			june, july := 0.0, 0.0
			for i, v := range res.Schedule.ImportKW {
				if i < 2 {
					june = math.Max(june, v)
				} else {
					july = math.Max(july, v)
				}
			}
			want := (june*2/720 + july*float64(pr.Len-2)/744) * p.Grid.DemandChargePerKWMonth
			assert.InDelta(t, want, res.Report.DemandChargeCost, 1e-9, "seed %d", seed)
			d.Close()
		}
		assert.InDelta(t, obj["ipm"], obj["highs"], 1e-6*math.Max(1, math.Abs(obj["ipm"])), "seed %d", seed)
	}
}

// The Cost objective on a schedule (costMetric) is what perfect foresight
// minimises: no other policy does better, up to the tie-breaks.
func TestPerfectForesightMinimisesCost(t *testing.T) {
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 31))
		p, pr := randomPark(rng, 12+rng.IntN(20), 3, false)
		if seed%2 == 1 {
			p.Grid.DemandChargePerKWMonth = 10 * rng.Float64()
		}
		cfg := DefaultConfig()
		cfg.Objective = Cost
		cfg.CarbonPricePerTCO2e = 60 * rng.Float64()
		cfg.Horizon = time.Duration(4+rng.IntN(9)) * time.Hour
		pf, err := PerfectForesight(p, pr, cfg)
		require.NoError(t, err)
		best := costMetric(p, pf, pr, cfg)
		// The tie-breaks are worth at most 2e-4 per kWh through a battery
		// or the grid connection.
		e := pf.Report.Energy
		tol := 1e-6*(1+math.Abs(best)) + 2*tieThroughput*(e.Charge+e.Discharge+e.Import+e.Export+e.Renewable)
		for _, pol := range []Policy{PerfectInformation, SelfConsumptionPolicy, GridOnlyPolicy} {
			r, err := RunPolicy(pol, p, pr, cfg)
			require.NoError(t, err)
			checkInvariants(t, p, r.Schedule)
			require.LessOrEqual(t, best, costMetric(p, r, pr, cfg)+tol, "seed %d: perfect foresight beaten by %s", seed, pol)
		}
	}
}

func TestConfigObjective(t *testing.T) {
	cfg := DefaultConfig()
	assert.Equal(t, CarbonFirst, cfg.EffectiveObjective())
	cfg.CarbonPricePerTCO2e = 50
	assert.Equal(t, Cost, cfg.EffectiveObjective(), "a carbon price implies Cost")
	for _, bad := range []func(c *Config){
		func(c *Config) { c.CarbonPricePerTCO2e = -1 },
		func(c *Config) { c.CarbonPricePerTCO2e = math.NaN() },
		func(c *Config) { c.ValueOfLostLoadPerKWh = 0 },
		func(c *Config) { c.Objective = Objective(7) },
	} {
		c := DefaultConfig()
		bad(&c)
		assert.ErrorIs(t, c.Validate(), ErrConfig)
	}
	for _, s := range []string{"carbon", "cost"} {
		o, err := ParseObjective(s)
		require.NoError(t, err)
		assert.Equal(t, s, o.String())
	}
	_, err := ParseObjective("money")
	assert.ErrorIs(t, err, ErrConfig)
}

// With a demand charge, carbon first's second pass still keeps the first
// pass's carbon, and pays no more demand charge and energy cost than the
// first pass's own choice.
func TestSecondPassKeepsCarbonWithDemandCharge(t *testing.T) {
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 17))
		p, pr := randomPark(rng, 24, 3, seed%2 == 0)
		p.Grid.DemandChargePerKWMonth = 20 * rng.Float64()
		one := DefaultConfig()
		one.SinglePass = true
		a, err := PerfectForesight(p, pr, one)
		require.NoError(t, err)
		b, err := PerfectForesight(p, pr, DefaultConfig())
		require.NoError(t, err)
		checkInvariants(t, p, b.Schedule)
		pen := one.UnservedPenaltyKgCO2ePerKWh
		first := func(r *Result) float64 { return r.Schedule.DispatchCarbonKgCO2e() + pen*r.Report.UnservedKWh }
		va, vb := first(a), first(b)
		require.LessOrEqual(t, vb, va+1e-6*math.Max(1, va), "seed %d", seed)
		bill := func(r *Result) float64 { return r.Report.EnergyCost + r.Report.DemandChargeCost }
		assert.LessOrEqual(t, bill(b), bill(a)+1e-6*math.Max(1, math.Abs(bill(a)))+1e-3, "seed %d", seed)
	}
}

// Where export pays more than import (a valley tariff under a flat
// feed-in price), an interval where the park imports is priced at its
// import price, not at the midpoint of the two (doc.go, "Where export
// pays more than import"): the midpoint made a valley kWh look dearer
// than it is and lost an arbitrage.
//
// Two hours of 100 kW; import 0.25 then 0.30, export 0.35 then 0.10
// (limit 1,000 kW); a battery of 200 kWh, 100 kW, η 0.95 each way,
// starting empty. A kWh charged at 0.25 gives 0.9025 kWh in hour 2,
// saving 0.9025 × 0.30 = 0.271 > 0.25: charge 100 kW, discharge 95 × 0.95
// = 90.25 kW. Left stored it would be worth 0.9025 × the mean import price
// 0.275 = 0.248 < 0.25, so the end credit does not drive it. Energy cost:
// 200 × 0.25 + (100 − 90.25) × 0.30 = 52.925, against 55 without the
// battery. At the midpoint (0.30 for a valley kWh) 0.271 < 0.30 and the
// battery stayed idle.
func TestHandValleyBelowFeedIn(t *testing.T) {
	bat := model.Battery{Name: "b", EnergyKWh: 200, MaxChargeKW: 100, MaxDischargeKW: 100,
		ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MaxSoCFraction: 1}
	p := &model.Park{Name: "valley", Loads: []model.Load{{Name: "l", Column: "l"}},
		Batteries: []model.Battery{bat}, Grid: grid(model.Unlimited, 1000)}
	res := costForesight(t, p, profiles(p, [][]float64{constant(2, 100)}, nil, nil, nil), []float64{0.25, 0.30}, []float64{0.35, 0.10})
	s := res.Schedule
	assert.InDelta(t, 100, s.ChargeKW[0][0], 1e-6)
	assert.InDelta(t, 90.25, s.DischargeKW[0][1], 1e-6)
	assert.InDelta(t, 0, s.ExportKW[0]+s.ExportKW[1], 1e-9, "nothing exported: the valley hour imports")
	assert.InDelta(t, 52.925, res.Report.EnergyCost, 1e-6)
}

// TestHandRegimeReadFromSolve: the guess from the data prices step 0
// (PV 120 kW over a 100 kW load, import 0.10 below feed-in 0.35) as
// exporting, so import there costs the LP 0.35 a kWh, and the first solve
// charges only the 50 kWh worth 0.50 at step 1 (20 from the surplus, 30
// imported): its net import is +30, the importing regime. Priced again
// at import 0.10, charging all 200 kWh also pays for step 2's 150 kWh at
// 0.30 (and beats the end-of-period value, 1 × the mean import price
// 0.23). By hand: step 0 imports 100 − 120 + 200 = 180 kWh at 0.10, 18;
// steps 1 and 2 import nothing; step 3 fills the battery again at 0.02
// for the end value, 4: 22 in all. The guess's plan would have paid
// 30 × 0.10 + 150 × 0.30 + 4 = 52 (the code before 2026-12-04 did).
func TestHandRegimeReadFromSolve(t *testing.T) {
	bat := model.Battery{Name: "b", EnergyKWh: 200, MaxChargeKW: 200, MaxDischargeKW: 200,
		ChargeEfficiency: 1, DischargeEfficiency: 1, MaxSoCFraction: 1}
	p := &model.Park{Name: "regime", Loads: []model.Load{{Name: "l", Column: "l"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 200, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{bat}, Grid: grid(model.Unlimited, 1000)}
	res := costForesight(t, p, profiles(p, [][]float64{{100, 50, 150, 0}}, [][]float64{{120, 0, 0, 0}}, nil, nil),
		[]float64{0.10, 0.50, 0.30, 0.02}, []float64{0.35, 0.05, 0.05, 0})
	s := res.Schedule
	assert.InDelta(t, 200, s.ChargeKW[0][0], 1e-6)
	assert.InDelta(t, 180, s.ImportKW[0], 1e-6)
	assert.InDelta(t, 50, s.DischargeKW[0][1], 1e-6)
	assert.InDelta(t, 150, s.DischargeKW[0][2], 1e-6)
	assert.InDelta(t, 0, s.ImportKW[1]+s.ImportKW[2], 1e-6)
	assert.InDelta(t, 200, s.ChargeKW[0][3], 1e-6)
	assert.InDelta(t, 22, res.Report.EnergyCost, 1e-6)
}

// costForesight is PerfectForesight under the Cost objective of park p
// over pr with these import and export prices per step, its invariants
// checked.
func costForesight(t *testing.T, p *model.Park, pr *model.Profiles, importPrice, exportPrice []float64) *Result {
	t.Helper()
	copy(pr.ImportPricePerKWh, importPrice)
	copy(pr.ExportPricePerKWh, exportPrice)
	cfg := DefaultConfig()
	cfg.Objective = Cost
	res, err := PerfectForesight(p, pr, cfg)
	require.NoError(t, err)
	checkInvariants(t, p, res.Schedule)
	return res
}
