package plan

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/forecast/physics"
)

// TestUnitsTrace prints every node of the branch and bound of
// BenchmarkRoadmapUnits's roadmap (the Texas demo, the park file's
// economics, 2,000 kW turbines and 2,500 kWh / 1,250 kW battery blocks,
// one instance): what became of it, its LP's cost, simplex iterations and
// seconds, and its counts (package documentation, "Whole units"). It is
// an instrument, run by hand: PLAN_UNITS_TRACE=weeks (12 typical weeks),
// slices (2,016) or full (the year, minutes), with -v.
func TestUnitsTrace(t *testing.T) {
	over := os.Getenv("PLAN_UNITS_TRACE")
	if over == "" {
		t.Skip("set PLAN_UNITS_TRACE=weeks, slices or full")
	}
	park, set, err := demo.Load(demo.Default)
	require.NoError(t, err)
	require.NoError(t, physics.Derive(park, set))
	park.Economics.Wind.UnitKW = 2000
	park.Economics.Battery.UnitKWh, park.Economics.Battery.UnitKW = 2500, 1250
	opt := DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e, opt.Ledger.CertificatePricePerMWh = 15, 5 // the README's, as demoOptions
	opt.Solvers = 1
	switch over {
	case "weeks":
		opt.Periods, opt.PeriodLength = 12, 7*24*time.Hour
	case "slices":
		opt.Slices = 2016
	case "full":
	default:
		t.Fatalf("PLAN_UNITS_TRACE=%q: want weeks, slices or full", over)
	}
	var nodes []bbEvent
	bbTrace = func(e bbEvent) { nodes = append(nodes, e) }
	defer func() { bbTrace = nil }()
	t0 := time.Now()
	m, err := New(park, set, opt)
	require.NoError(t, err)
	defer m.Close()
	rm, err := m.Roadmap()
	require.NoError(t, err)
	wall := time.Since(t0)
	require.NotEmpty(t, nodes, "the roadmap's stages are searches")
	var b strings.Builder
	fmt.Fprintf(&b, "%-17s %3s %5s %-10s %12s %12s %7s %7s  %s\n", "stage", "low", "depth", "node", "cost", "incumbent", "iters", "s", "counts")
	for _, e := range nodes {
		fmt.Fprintf(&b, "%-17s %3d %5d %-10s %12.0f %12.0f %7d %7.2f  %.3f\n", e.Stage, e.Low, e.Depth, e.What, e.Cost, e.Incumbent, e.Iterations, e.Seconds, e.Counts)
	}
	st := m.Stats()
	fmt.Fprintf(&b, "%s: %.1f s wall, %d solves, %.1f s in the solver, %d columns, warm start %d\n", over, wall.Seconds(), st.Solves, st.Seconds, st.Columns, m.warmPath)
	for i, d := range rm.Stages {
		u := d.UnitSearch
		fmt.Fprintf(&b, "%-17s %12.0f USD/yr %6.1f s  %d nodes, %d cut off, %d iterations, gap %.2g\n",
			RoadmapStages()[i], d.TotalCostPerYear, d.SolveSeconds, u.Nodes, u.CutOff, u.Iterations, u.MIPGapReached)
	}
	t.Log("\n" + b.String())
}
