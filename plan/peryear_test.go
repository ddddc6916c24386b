package plan_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// repeated is s's rows n times over, on one time axis from s.Start (a
// week twice is two weeks of the same days).
func repeated(s *model.SeriesSet, n int) *model.SeriesSet {
	out := &model.SeriesSet{Start: s.Start, Step: s.Step, Len: n * s.Len, Names: append([]string(nil), s.Names...),
		Columns: make(map[string][]float64, len(s.Columns))}
	for name, v := range s.Columns {
		for range n {
			out.Columns[name] = append(out.Columns[name], v...)
		}
	}
	return out
}

// rotated is s's rows from row k on, then its first k rows, on s's time
// axis (a year that starts in July, as a ring of the same days).
func rotated(s *model.SeriesSet, k int) *model.SeriesSet {
	out := &model.SeriesSet{Start: s.Start, Step: s.Step, Len: s.Len, Names: append([]string(nil), s.Names...),
		Columns: make(map[string][]float64, len(s.Columns))}
	for name, v := range s.Columns {
		out.Columns[name] = append(append([]float64(nil), v[k:]...), v[:k]...)
	}
	return out
}

// The figures a year do not depend on how the period is laid out: a week
// of the Texas demo with a demand charge, planned as it is, repeated
// twice (two weeks of the same days, as a two-year series is two years),
// started three days later (as a year from July, cyclic storage making
// the period a ring) and held at 15-minute steps costs the same a year at
// every stage. Twice and rotated keep the week's LP optimum a year
// exactly — twice the week is the week's schedule twice (no cheaper: the
// mean of the two halves is a schedule of the week), within one calendar
// month, whose share doubles as the period does —, within 1e-6 for the
// solver; a held quarter hour can do what its hour did, and a battery's
// self-discharge (1e-4 an hour) then compounds over quarter hours, within
// 1e-4. A figure scaled by months, days or steps instead of 8760 h / the
// period's hours, or a month's peak counted once per week, would show.
func TestPerYearOverLongerFinerAndRotatedSeries(t *testing.T) {
	park, set := loadDemo(t)
	park.Grid.DemandChargePerKWMonth = 15
	week := set.Slice(0, 168)
	quarter, err := model.ResampleSet(week, 15*time.Minute, nil)
	require.NoError(t, err)
	series := map[string]*model.SeriesSet{"twice": repeated(week, 2), "rotated": rotated(week, 72), "15 min": quarter}

	stages := []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon}
	solve := func(s *model.SeriesSet) []*plan.Design {
		m := newModel(t, park, s, demoOptions())
		var out []*plan.Design
		for _, st := range stages {
			d, err := m.Plan(st)
			require.NoError(t, err, "%v", st)
			out = append(out, d)
		}
		return out
	}
	ref := solve(week)
	require.Positive(t, ref[0].DemandChargePerYear)
	require.Positive(t, ref[2].Added(plan.TechPV)+ref[2].Added(plan.TechWind), "near-zero builds")
	for name, s := range series {
		got := solve(s)
		for i, st := range stages {
			r, d := ref[i], got[i]
			tol := 1e-6
			if name == "15 min" {
				tol = 1e-4
			}
			assert.InDelta(t, r.TotalCostPerYear, d.TotalCostPerYear, tol*r.TotalCostPerYear, "%s %v total", name, st)
			assert.InDelta(t, r.DemandChargePerYear, d.DemandChargePerYear, tol*r.TotalCostPerYear, "%s %v demand charge", name, st)
			assert.InDelta(t, r.ResidualTCO2ePerYear, d.ResidualTCO2ePerYear, 1e-4*r.ResidualTCO2ePerYear+1e-6, "%s %v residual", name, st)
			assert.Equal(t, r.Stage, d.Stage, "%s %v", name, st)
		}
		assert.InDelta(t, s.Step.Hours()*float64(s.Len)/8760, got[0].Years, 1e-12, name)
	}
}

// A period that ends in another month than it starts in pays each
// month's highest import once, on the month's share of the period: the
// demo's 25 January to 8 February (7 days of each, 336 h) pays 15 USD/kW ×
// (January's peak × 7/31 + February's × 7/28), × 8760/336 a year, from the
// design's own schedule.
func TestDemandChargeOfMonthsSplitByThePeriod(t *testing.T) {
	park, set := loadDemo(t)
	park.Grid.DemandChargePerKWMonth = 15
	from := 24 * 24 // 25 January 00:00
	s := set.Slice(from, from+336)
	m := newModel(t, park, s, demoOptions())
	for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.NearZeroCarbon} {
		d, err := m.Plan(st)
		require.NoError(t, err)
		var jan, feb float64
		for k, x := range d.Schedule.ImportKW {
			if d.Schedule.Start.Add(time.Duration(k)*d.Schedule.Step).Month() == time.January {
				jan = math.Max(jan, x)
			} else {
				feb = math.Max(feb, x)
			}
		}
		require.Positive(t, jan)
		require.Positive(t, feb)
		want := 15 * (jan*7/31 + feb*7/28) * 8760 / 336
		assert.InDelta(t, want, d.DemandChargePerYear, 1e-6*want, "%v", st)
	}
}
