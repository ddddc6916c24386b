package plan_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// costMetric is the dispatch's Cost objective on a schedule, tie-breaks
// aside: energy cost (negative import prices as 0) + demand charge +
// battery wear + value of lost load × unserved − the study-end value of
// the energy left in the batteries.
func costMetric(t *testing.T, p *model.Park, prof *model.Profiles, s *dispatch.Schedule, cfg dispatch.Config) float64 {
	t.Helper()
	h := s.Step.Hours()
	rep, aerr := dispatch.Account(p, s, cfg.Ledger)
	require.NoError(t, aerr)
	c := rep.DemandChargeCost
	for i := range s.Len {
		c += (math.Max(s.ImportPricePerKWh[i], 0)*s.ImportKW[i] - s.ExportPricePerKWh[i]*s.ExportKW[i]) * h
		c += cfg.ValueOfLostLoadPerKWh * s.UnservedKW[i] * h
		for b, bat := range p.Batteries {
			c += bat.WearCostPerKWh * (s.ChargeKW[b][i] + s.DischargeKW[b][i]) * h
		}
	}
	end, err := dispatch.EndValues(p, prof, &cfg)
	require.NoError(t, err)
	for b := range p.Batteries {
		c -= end[b] * s.FinalSoCKWh(b)
	}
	return c
}

// costOptimal is dispatch's cost-optimal perfect foresight on park p over
// set: the profiles, the Config it ran with (Objective Cost) and its
// result, the other entry point the plan's fixed-capacity dispatch is
// checked against.
func costOptimal(t *testing.T, p *model.Park, set *model.SeriesSet) (*model.Profiles, dispatch.Config, *dispatch.Result) {
	t.Helper()
	prof, err := model.Resolve(p, set)
	require.NoError(t, err)
	cfg := dispatch.DefaultConfig()
	cfg.Objective = dispatch.Cost
	want, err := dispatch.PerfectForesight(p, prof, cfg)
	require.NoError(t, err)
	return prof, cfg, want
}

// TestFixedCapacitiesArePerfectForesight: one formulation, two entry
// points. With every capacity fixed (no candidate) and stored energy
// valued at the end as PerfectForesight values it, the plan's dispatch is
// the dispatch package's cost-optimal perfect foresight: the same cost,
// and without a demand charge (which the plan prices by monthly peak
// columns, the dispatch by its running-peak chain: the same optimum,
// another LP) the same schedule. The parks with a demand charge start
// on 30 March at noon, so their series covers March and April each in
// part: both entry points charge each month's peak on its share.
func TestFixedCapacitiesArePerfectForesight(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewPCG(seed, 77))
		f := randomFixture(rng, 48+rng.IntN(48))
		f.pvKWp, f.windKW, f.batKWh, f.batKW = 300, 200, 600, 150
		f.selfDischargePerH = 1e-3
		if seed%2 == 0 {
			f.demandPerKWMonth = 12
		}
		f.secondBattery = seed%3 == 0
		f.econ = &model.Economics{Currency: "USD"} // nothing may be added
		p, set := f.build(t)
		if f.demandPerKWMonth > 0 {
			set.Start = time.Date(2023, 3, 30, 12, 0, 0, 0, t0.Location())
		}
		opt := plan.DefaultOptions()
		opt.Storage = plan.Valued
		m := newModel(t, p, set, opt)
		got, err := m.Today()
		require.NoError(t, err, "seed %d", seed)
		if f.demandPerKWMonth > 0 {
			require.Len(t, got.Report.MonthlyPeakImportKW, 2, "seed %d", seed)
			assert.InDelta(t, 36.0/744, got.Report.MonthlyPeakImportKW[0].Share, 1e-15, "seed %d: 36 h of March", seed)
			assert.InDelta(t, float64(f.n-36)/720, got.Report.MonthlyPeakImportKW[1].Share, 1e-15, "seed %d: the rest in April", seed)
		}

		prof, cfg, want := costOptimal(t, p, set)

		wc, gc := costMetric(t, p, prof, want.Schedule, cfg), costMetric(t, p, prof, got.Schedule, cfg)
		assert.InDelta(t, wc, gc, 1e-7*math.Abs(wc), "seed %d: cost", seed)
		assert.InDelta(t, want.Report.EnergyCost, got.Report.EnergyCost, 1e-4*math.Abs(wc)+1e-6, "seed %d: energy cost", seed)
		assert.InDelta(t, want.Report.DemandChargeCost, got.Report.DemandChargeCost, 1e-4*math.Abs(wc)+1e-6, "seed %d: demand charge", seed)
		require.NoError(t, got.Schedule.Check(p), "seed %d", seed)
		if f.demandPerKWMonth == 0 {
			for i := range prof.Len {
				assert.InDelta(t, want.Schedule.ImportKW[i], got.Schedule.ImportKW[i], 1e-6, "seed %d: import %d", seed, i)
				assert.InDelta(t, want.Schedule.SoCKWh[0][i], got.Schedule.SoCKWh[0][i], 1e-6, "seed %d: state of charge %d", seed, i)
			}
		}
	}
}

// QA's case: a park importing a flat 450 kW (no PV, no battery, nothing
// to add) over five days, 30 January to 3 February 2024, hourly, at 10
// per kW-month. The period covers 48 h of January's 744 (2/31) and 72 h
// of February's 696 (3/29), so today's demand charge per year is
//
//	10 × 450 × (2/31 + 3/29) × 8760/120 = 4,500 × 0.16797 × 73 = 55,178,
//
// 12.3 months' worth of the peak, where charging both months whole made
// it 10 × 450 × 2 × 73 = 657,000.
func TestTodayDemandChargePartialMonths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	f := randomFixture(rng, 120)
	f.noWind, f.noBattery, f.pvKWp = true, true, 100
	f.demandPerKWMonth = 10
	for i := range f.loadKW {
		f.loadKW[i], f.pvPerKWp[i] = 450, 0
	}
	f.econ = &model.Economics{Currency: "USD"} // nothing may be added
	p, set := f.build(t)
	set.Start = time.Date(2024, 1, 30, 0, 0, 0, 0, time.UTC)
	d, err := newModel(t, p, set, plan.DefaultOptions()).Today()
	require.NoError(t, err)
	want := 10 * 450 * (2.0/31 + 3.0/29) * 8760 / 120
	assert.InDelta(t, want, d.DemandChargePerYear, 1e-6)
	assert.InDelta(t, 10*450*(2.0/31+3.0/29), d.Report.DemandChargeCost, 1e-9)
	assert.Less(t, d.DemandChargePerYear, 10*450*12.5, "about a year of monthly peaks")
}

// The plan's LP prices a month's peak at the rate × the month's share of
// the calendar, as dispatch's perfect foresight and the ledger do.
//
// A battery of 200 kWh, 100 kW (half full, nothing may be added) with a
// wear of 1 per kWh through it, a load of 100 kW but 300 kW at hour 12,
// price 0.1 throughout, a demand charge of 20 per kW-month. Over one June
// day (24 h of 720: share 1/30) a kW shaved saves 20/30 = 0.67 of demand
// charge and 0.1 of energy but costs at least 1 of wear: neither entry
// point shaves, import at hour 12 is 300 kW. Over all of June (share 1)
// the kW saves 20: both shave.
func TestFixedCapacitiesPriceTheMonthsShare(t *testing.T) {
	for _, n := range []int{24, 720} {
		rng := rand.New(rand.NewPCG(3, 4))
		f := randomFixture(rng, n)
		f.noWind, f.pvKWp, f.batKWh, f.batKW, f.wearPerKWh = true, 100, 200, 100, 1
		f.demandPerKWMonth = 20
		for i := range f.loadKW {
			f.loadKW[i], f.pvPerKWp[i], f.price[i] = 100, 0, 0.1
		}
		f.loadKW[12] = 300
		f.econ = &model.Economics{Currency: "USD"}
		p, set := f.build(t)
		set.Start = time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
		opt := plan.DefaultOptions()
		opt.Storage = plan.Valued
		got, err := newModel(t, p, set, opt).Today()
		require.NoError(t, err, "%d h", n)
		prof, cfg, want := costOptimal(t, p, set)
		if n == 24 {
			assert.InDelta(t, 300, got.Schedule.ImportKW[12], 1e-6, "plan, one day")
			assert.InDelta(t, 300, want.Schedule.ImportKW[12], 1e-6, "dispatch, one day")
			assert.InDelta(t, 300*20.0/30, got.Report.DemandChargeCost, 1e-6)
		} else {
			assert.Less(t, got.Schedule.ImportKW[12], 250.0, "plan, all June")
			assert.Less(t, want.Schedule.ImportKW[12], 250.0, "dispatch, all June")
		}
		wc, gc := costMetric(t, p, prof, want.Schedule, cfg), costMetric(t, p, prof, got.Schedule, cfg)
		assert.InDelta(t, wc, gc, 1e-7*math.Abs(wc), "%d h: cost", n)
	}
}
