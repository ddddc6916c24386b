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

// TestEveryPeriodItsOwnRepresentative: with as many representative days
// as the week has days, each stands for itself, and Kotzur's storage
// linking reproduces the full series exactly when the battery does not
// self-discharge (its simplified limits are then exact); with
// self-discharge they are conservative, so the reduced model costs no
// less. Its schedule, the representatives expanded onto the calendar,
// obeys the park's physics across the days.
func TestEveryPeriodItsOwnRepresentative(t *testing.T) {
	for _, sd := range []float64{0, 2e-3} {
		p, set := calmWeek(t, sd)
		opt := plan.DefaultOptions()
		full := newModel(t, p, set, opt)
		opt.Periods, opt.PeriodLength = 7, 24*time.Hour
		reduced := newModel(t, p, set, opt)
		require.NotNil(t, reduced.Reduction())
		assert.Equal(t, []int{1, 1, 1, 1, 1, 1, 1}, reduced.Reduction().Weights)
		for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.NearZeroCarbon} {
			fd, err := full.Plan(st)
			require.NoError(t, err)
			rd, err := reduced.Plan(st)
			require.NoError(t, err)
			require.NoError(t, rd.Schedule.Check(rd.Park), "sd %g %s", sd, st)
			if sd == 0 {
				assert.InDelta(t, fd.TotalCostPerYear, rd.TotalCostPerYear, 1e-6*fd.TotalCostPerYear, "sd %g %s", sd, st)
			} else {
				assert.GreaterOrEqual(t, rd.TotalCostPerYear, fd.TotalCostPerYear*(1-1e-6), "sd %g %s", sd, st)
				assert.InDelta(t, fd.TotalCostPerYear, rd.TotalCostPerYear, 0.02*fd.TotalCostPerYear, "sd %g %s", sd, st)
			}
		}
	}
}

// calmWeek is a week of hourly data with a demand charge, its wind
// halved so that storage moves energy across days, and the battery
// losing sd of its content an hour.
func calmWeek(t *testing.T, sd float64) (*model.Park, *model.SeriesSet) {
	rng := rand.New(rand.NewPCG(4, 4))
	f := randomFixture(rng, 168)
	f.selfDischargePerH = sd
	f.demandPerKWMonth = 3
	for i := range f.n {
		f.windPerKW[i] *= 0.5
	}
	return f.build(t)
}

// TestReducedAgainstFull: over typical days of a fortnight the reduced
// model's design, evaluated on the full series (capacities fixed,
// operation and purchases re-optimised), reaches its stage or says why
// not, and the report's cost error is the difference of the two.
func TestReducedAgainstFull(t *testing.T) {
	p, set := warmFixture(t) // a fortnight, a slowly self-discharging battery
	opt := warmOptions(0)
	full := newModel(t, p, set, opt)
	opt.Periods, opt.PeriodLength = 5, 24*time.Hour
	reduced := newModel(t, p, set, opt)
	red := reduced.Reduction()
	require.NotNil(t, red)
	assert.Equal(t, 14, sum(red.Weights))
	assert.Contains(t, red.Kinds, "extreme", "the peak-load day is kept")
	require.NotEmpty(t, red.Errors)
	for _, e := range red.Errors {
		assert.InDelta(t, 0, e.TotalRelError, 1e-5, "%s: rescaled totals match", e.Name)
	}
	for _, st := range plan.RoadmapStages() {
		rd, err := reduced.Plan(st)
		require.NoError(t, err, "%s", st)
		ev, err := full.Evaluate(rd)
		if err != nil {
			require.ErrorIs(t, err, plan.ErrUnreachable, "%s", st)
			t.Logf("%s: the reduced model's design does not reach the stage on the full series: %v", st, err)
			continue
		}
		best, err := full.Plan(st)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, ev.TotalCostPerYear, best.TotalCostPerYear*(1-1e-9), "%s: no design beats the full optimum", st)
		for i, a := range ev.Additions {
			assert.Equal(t, rd.Additions[i].Added, a.Added, "%s: capacities kept", st)
		}
		t.Logf("%s: reduced %.0f, evaluated on the full series %.0f (%+.2f %%), full optimum %.0f", st,
			rd.TotalCostPerYear, ev.TotalCostPerYear, 100*(rd.TotalCostPerYear/ev.TotalCostPerYear-1), best.TotalCostPerYear)
	}
}

func sum(v []int) int {
	s := 0
	for _, x := range v {
		s += x
	}
	return s
}

// TestReducedDesignCostsAreItsSchedules: over representative days the
// design's energy cost and wear are the ledger's of the expanded
// schedule, and agree with a sum by hand over that schedule (import
// less export at each interval's price, throughput × wear cost) scaled
// to a year; import cost less export revenue is the energy cost (no
// heat here).
func TestReducedDesignCostsAreItsSchedules(t *testing.T) {
	p, set := calmWeek(t, 0)
	require.NotEmpty(t, p.Batteries)
	for b := range p.Batteries {
		p.Batteries[b].WearCostPerKWh = 0.002 * float64(b+1)
	}
	opt := plan.DefaultOptions()
	opt.Periods, opt.PeriodLength = 3, 24*time.Hour
	m := newModel(t, p, set, opt)
	require.NotNil(t, m.Reduction())
	for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.NearZeroCarbon} {
		d, err := m.Plan(st)
		require.NoError(t, err)
		s, h := d.Schedule, d.Schedule.Step.Hours()
		perYear := 8760 / (float64(s.Len) * h)
		energy, wear := 0.0, 0.0
		for i := range s.Len {
			energy += (s.ImportKW[i]*s.ImportPricePerKWh[i] - s.ExportKW[i]*s.ExportPricePerKWh[i]) * h
			for b, bat := range d.Park.Batteries {
				wear += bat.WearCostPerKWh * (s.ChargeKW[b][i] + s.DischargeKW[b][i]) * h
			}
		}
		if st == dispatch.NearZeroCarbon {
			require.Positive(t, wear, "%s: the battery cycles, so the wear is checked", st)
		}
		tol := 1e-9 * (math.Abs(energy) + wear + 1) * perYear
		assert.InDelta(t, energy*perYear, d.EnergyCostPerYear, tol, "%s", st)
		assert.InDelta(t, wear*perYear, d.WearCostPerYear, tol, "%s", st)
		assert.InDelta(t, d.EnergyCostPerYear, d.ImportCostPerYear-d.ExportRevenuePerYear, tol, "%s", st)
	}
}
