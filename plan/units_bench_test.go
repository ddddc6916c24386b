package plan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/plan"
)

// BenchmarkRoadmapUnits is the roadmap of the Texas demo with its park
// file's economics bought in whole units — 2,000 kW turbines and battery
// blocks of 2,500 kWh with 1,250 kW — by the plan's branch and bound
// (package documentation, "Whole units", where the figures are), over 12
// typical weeks, 2,016 slices and the full year, on one solver instance.
// highs-mip runs the 12 weeks by HiGHS's own branch and cut instead.
// Beside benchRoadmapOf's metrics, each stage's search: its nodes (LPs),
// those cut off at the incumbent's cost and its simplex iterations
// (Design.UnitSearch; low-carbon's is the variant kept's).
func BenchmarkRoadmapUnits(b *testing.B) {
	park, set, err := demo.Load(demo.Default)
	require.NoError(b, err)
	require.NoError(b, physics.Derive(park, set))
	park.Economics.Wind.UnitKW = 2000
	park.Economics.Battery.UnitKWh, park.Economics.Battery.UnitKW = 2500, 1250
	weeks := func(o *plan.Options) { o.Periods, o.PeriodLength = 12, 7*24*time.Hour }
	for _, c := range []struct {
		name string
		edit func(o *plan.Options)
	}{
		{"weeks=12", weeks},
		{"slices=2016", func(o *plan.Options) { o.Slices = 2016 }},
		{"full", func(*plan.Options) {}},
		{"weeks=12/highs-mip", func(o *plan.Options) { weeks(o); o.HiGHSMIP = true }},
	} {
		b.Run(c.name, func(b *testing.B) {
			opt := demoOptions()
			opt.Solvers = 1
			c.edit(&opt)
			rm := benchRoadmapOf(b, park, set, opt)
			for i, d := range rm.Stages {
				if d == nil || d.UnitSearch == nil {
					continue // HiGHS's MIP: no search of the plan's
				}
				name := strings.ReplaceAll(string(plan.RoadmapStages()[i]), "-carbon", "")
				b.ReportMetric(float64(d.UnitSearch.Nodes), name+"-nodes")
				b.ReportMetric(float64(d.UnitSearch.CutOff), name+"-cutoff")
				b.ReportMetric(float64(d.UnitSearch.Iterations), name+"-iters")
			}
		})
	}
}
