package plan_test

import (
	"math"
	"math/rand/v2"
	"testing"

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

// TestFixedCapacitiesArePerfectForesight: one formulation, two entry
// points. With every capacity fixed (no candidate) and stored energy
// valued at the end as PerfectForesight values it, the plan's dispatch is
// the dispatch package's cost-optimal perfect foresight: the same cost,
// and without a demand charge (which the plan prices by monthly peak
// columns, the dispatch by its running-peak chain: the same optimum,
// another LP) the same schedule.
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
		opt := plan.DefaultOptions()
		opt.Storage = plan.Valued
		m := newModel(t, p, set, opt)
		got, err := m.Today()
		require.NoError(t, err, "seed %d", seed)

		prof, err := model.Resolve(p, set)
		require.NoError(t, err)
		cfg := dispatch.DefaultConfig()
		cfg.Objective = dispatch.Cost
		want, err := dispatch.PerfectForesight(p, prof, cfg)
		require.NoError(t, err)

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
