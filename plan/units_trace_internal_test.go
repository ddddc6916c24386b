package plan

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/forecast/physics"
)

func TestTraceUnits(t *testing.T) {
	mode := os.Getenv("UNITS_TRACE")
	if mode == "" {
		t.Skip()
	}
	park, set, err := demo.Load(demo.Default)
	if err != nil {
		t.Fatal(err)
	}
	if err := physics.Derive(park, set); err != nil {
		t.Fatal(err)
	}
	park.Economics.Wind.UnitKW = 2000
	park.Economics.Battery.UnitKWh, park.Economics.Battery.UnitKW = 2500, 1250
	opt := DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e = 15
	opt.Ledger.CertificatePricePerMWh = 5
	opt.Solvers = 1
	switch mode {
	case "weeks":
		opt.Periods, opt.PeriodLength = 12, 7*24*time.Hour
	case "slices":
		opt.Slices = 2016
	case "full":
	default:
		n, _ := strconv.Atoi(mode)
		opt.Slices = n
	}
	bbTrace = func(e bbEvent) {
		fmt.Printf("TRACE %-18s low=%d d=%d %-10s cost=%.2f parent=%.2f inc=%.2f it=%d s=%.2f counts=%.3f\n",
			e.Stage, e.Low, e.Depth, e.What, e.Cost, e.Parent, e.Incumbent, e.Iterations, e.Seconds, e.Counts)
	}
	defer func() { bbTrace = nil }()
	if os.Getenv("UNITS_DEBUG") != "" {
		bbDebug = func(m *Model, n *bbNode, inc bool) {
			bs := m.solver.(basisSolver)
			on := inc && n.depth == 2
			bs.SetOption("output_flag", on)
			bs.SetOption("log_to_console", on)
			if on {
				bs.SetOption("log_dev_level", 1)
			}
		}
		defer func() { bbDebug = nil }()
	}
	t0 := time.Now()
	m, err := New(park, set, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	rm, err := m.Roadmap()
	if err != nil {
		t.Fatal(err)
	}
	st := m.Stats()
	fmt.Printf("RESULT %s wall=%.1fs solves=%d solver=%.1fs cols=%d\n", mode, time.Since(t0).Seconds(), st.Solves, st.Seconds, st.Columns)
	for i, d := range rm.Stages {
		u := d.UnitSearch
		var adds []string
		for _, a := range d.Additions {
			adds = append(adds, fmt.Sprintf("%s=%g(%d)", a.Tech, a.Added, a.Units))
		}
		fmt.Printf("STAGE %s cost=%.2f s=%.1f nodes=%d cutoff=%d iters=%d gap=%.2g stopped=%v %v\n", RoadmapStages()[i], d.TotalCostPerYear, d.SolveSeconds, u.Nodes, u.CutOff, u.Iterations, u.MIPGapReached, u.StoppedAtGap, adds)
	}
	fmt.Printf("RCFIX %+v\n", rcStats)
}
