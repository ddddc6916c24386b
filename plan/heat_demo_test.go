package plan_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/plan"
)

// TestHeatDemoReduction measures the reduced model's cost error on the
// greensboro-heat demo (a heat pump, electric and gas boilers, a
// hot-water store, a battery; PV, battery, heat pump and store
// candidates) over its first PLAN_HOURS hours (default 672, four weeks)
// with PLAN_PERIODS typical days (default "4,7,10"): for today's park
// and each roadmap stage, the reduced design's cost, the same design
// evaluated over the full series (plan.Model.Evaluate) and the full
// series' own optimum. It asserts only what must hold whatever the error
// — no design beats the full optimum, the evaluation keeps the
// capacities — and logs the figures (run with -v; set PLAN_DEMO=1).
func TestHeatDemoReduction(t *testing.T) {
	if os.Getenv("PLAN_DEMO") == "" {
		t.Skip("set PLAN_DEMO=1: plans the greensboro-heat demo over weeks, full series and reduced")
	}
	hours, ks := 672, []int{4, 7, 10}
	if v := os.Getenv("PLAN_HOURS"); v != "" {
		var err error
		hours, err = strconv.Atoi(v)
		require.NoError(t, err)
	}
	if v := os.Getenv("PLAN_PERIODS"); v != "" {
		ks = nil
		for _, f := range strings.Split(v, ",") {
			k, err := strconv.Atoi(f)
			require.NoError(t, err)
			ks = append(ks, k)
		}
	}
	park, set, err := demo.Load("greensboro-heat")
	require.NoError(t, err)
	require.NoError(t, physics.Derive(park, set))
	set = set.Slice(0, int(time.Duration(hours)*time.Hour/set.Step))
	opt := demoOptions()
	start := time.Now()
	full := newModel(t, park, set, opt)
	best := map[dispatch.Stage]*plan.Design{}
	stages := append([]dispatch.Stage{dispatch.Conventional}, plan.RoadmapStages()...)
	for _, st := range stages {
		d, err := full.Plan(st)
		if err != nil {
			require.ErrorIs(t, err, plan.ErrUnreachable, "%s", st)
			continue
		}
		best[st] = d
	}
	t.Logf("full series, %d h: %.1f s", hours, time.Since(start).Seconds())
	for _, k := range ks {
		o := opt
		o.Periods = k
		start := time.Now()
		m := newModel(t, park, set, o)
		for _, st := range stages {
			rd, err := m.Plan(st)
			if err != nil {
				require.ErrorIs(t, err, plan.ErrUnreachable, "K %d %s", k, st)
				t.Logf("K %2d %-17s out of reach (full series: %v)", k, st, best[st] != nil)
				continue
			}
			ev, err := full.Evaluate(rd)
			if err != nil {
				require.ErrorIs(t, err, plan.ErrUnreachable, "K %d %s", k, st)
				t.Logf("K %2d %-17s the reduced design does not reach the stage over the full series", k, st)
				continue
			}
			for i, a := range ev.Additions {
				assert.Equal(t, rd.Additions[i].Added, a.Added, "K %d %s: capacities kept", k, st)
			}
			fb := best[st]
			require.NotNil(t, fb, "K %d %s: a design reaching it over the full series exists (the evaluation)", k, st)
			assert.GreaterOrEqual(t, ev.TotalCostPerYear, fb.TotalCostPerYear*(1-1e-6), "K %d %s: no design beats the full optimum", k, st)
			t.Logf("K %2d %-17s reduced %10.0f, evaluated %10.0f (cost error %+.2f %%), full optimum %10.0f (design %+.2f %%); "+
				"+PV %5.0f kWp, +battery %5.0f kWh, +heat pump %5.0f kW_th, +store %5.0f kWh_th (full: %5.0f, %5.0f, %5.0f, %5.0f)",
				k, st, rd.TotalCostPerYear, ev.TotalCostPerYear, 100*(rd.TotalCostPerYear/ev.TotalCostPerYear-1),
				fb.TotalCostPerYear, 100*(ev.TotalCostPerYear/fb.TotalCostPerYear-1),
				rd.Added(plan.TechPV), rd.Added(plan.TechBatteryEnergy), rd.Added(plan.TechHeatPump), rd.Added(plan.TechThermalStorage),
				fb.Added(plan.TechPV), fb.Added(plan.TechBatteryEnergy), fb.Added(plan.TechHeatPump), fb.Added(plan.TechThermalStorage))
		}
		t.Logf("K %2d: %.1f s (evaluations included)", k, time.Since(start).Seconds())
	}
}
