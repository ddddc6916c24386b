package benchmarks_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/zeropark/zeropark/benchmarks"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

func ExampleReadManifest() {
	es, err := benchmarks.ReadManifest(strings.NewReader(`[
	  {"name": "office", "park": "benchmarks/parks/office_park_tx.park.json",
	   "series": "demo/data/texas_panhandle_2012.csv", "description": "offices and PV",
	   "offsets_held_tco2e": 100}
	]`), "suite.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	e := es[0]
	cfg := e.Config(168, time.Hour) // one week: 168/8760 of the annual holdings
	fmt.Printf("%s: %s on %s, offsets held for the week %.2f tCO2e\n", e.Name, e.Park, e.Series, cfg.Ledger.OffsetsHeldTCO2e)

	_, err = benchmarks.ReadManifest(strings.NewReader(`[{"name": "x", "park": "p.json"}]`), "suite.json")
	fmt.Println(err)
	// Output:
	// office: benchmarks/parks/office_park_tx.park.json on demo/data/texas_panhandle_2012.csv, offsets held for the week 1.92 tCO2e
	// benchmarks: invalid manifest: suite.json: entry 0 ("x"): series = "": must name a series CSV file
}

func ExampleReplaceSection() {
	doc := "# Results\n<!-- suite:begin -->\nold table\n<!-- suite:end -->\nNotes stay.\n"
	out, err := benchmarks.ReplaceSection(doc, "suite", "| new | table |\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(out)
	// Output:
	// # Results
	// <!-- suite:begin -->
	// | new | table |
	// <!-- suite:end -->
	// Notes stay.
}

func ExampleSplit() {
	base, err := scenario.Demo("texas2012")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := benchmarks.Split(base, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := s.Park
	fmt.Println(len(p.Loads), len(p.PV), len(p.Wind), len(p.Batteries))
	fmt.Printf("each array %.0f kWp, each battery %.0f kWh\n", p.PV[0].CapacityKWp, p.Batteries[0].EnergyKWh)
	// Output:
	// 10 10 10 10
	// each array 150 kWp, each battery 400 kWh
}

func ExampleRun() {
	s, err := scenario.Demo("texas2012")
	if err != nil {
		fmt.Println(err)
		return
	}
	day := benchmarks.Head(s, 24)
	rows, err := benchmarks.Run(day, dispatch.DefaultConfig(), dispatch.Policies().Names())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Println(r.Policy, r.Report.Steps)
	}
	fmt.Println("order:", benchmarks.CheckOrder(rows))
	// Output:
	// grid 24
	// self 24
	// mpc 24
	// mpc-perfect 24
	// perfect 24
	// order: <nil>
}

func ExampleParkFacts() {
	s, err := scenario.Demo("texas2012")
	if err != nil {
		fmt.Println(err)
		return
	}
	f := benchmarks.ParkFacts(s)
	fmt.Printf("load %.0f MWh, peak %.0f kW, PV %.0f kWp, wind %.0f kW, battery %.0f kWh\n",
		f.LoadMWh, f.PeakLoadKW, f.PVKWp, f.WindKW, f.BatteryKWh)
	// Output:
	// load 13921 MWh, peak 3785 kW, PV 1500 kWp, wind 1500 kW, battery 4000 kWh
}

func ExampleRenderScaling() {
	m := benchmarks.Machine{CPU: "example CPU", Cores: 2, GoVersion: "go1.26", OS: "linux", Arch: "amd64",
		Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), LoadAvg: 0.5}
	out := benchmarks.RenderScaling(m, "go run ./benchmarks/suite", "demo",
		[]benchmarks.ScalePoint{{PerKind: 1, HorizonSteps: 24, Steps: 8760, Wall: 5 * time.Second}})
	fmt.Println(strings.Split(out, "\n")[0])
	// Output:
	// Measured on example CPU, 2 cores (runtime.NumCPU), go1.26 linux/amd64, 2025-01-01 00:00 UTC, load average 0.50 at the start.
}

func ExampleLoadManifest() {
	es, err := benchmarks.LoadManifest("suite.json") // run from benchmarks/
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := es[0].Load("..") // paths are relative to the repository root
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(es), "parks; first:", s.Name, s.Profiles.Len, "steps")
	// Output:
	// 7 parks; first: office_park_tx 8760 steps
}

func ExampleThisMachine() {
	m := benchmarks.ThisMachine()
	fmt.Println(m.Cores == runtime.NumCPU(), m.GoVersion == runtime.Version(), benchmarks.PeakRSSKB() > 0 || runtime.GOOS != "linux")
	// Output:
	// true true true
}

func ExampleParseBench() {
	out := `goos: linux
pkg: github.com/zeropark/zeropark/dispatch
BenchmarkStep/horizon=24-2   	    1000	    470000 ns/op	         0.2814 hot/cold	         0.4700 ms/step	     160 B/op	       4 allocs/op
PASS
`
	res, err := benchmarks.ParseBench(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res[0]
	hot, _ := r.Metric("ms/step")
	ratio, _ := r.Metric("hot/cold")
	fmt.Printf("%s: %d iterations, %.2f ms/step, hot/cold %.2f\n", r.Name, r.N, hot, ratio)

	_, err = benchmarks.ParseBench("PASS\nok  \tgithub.com/zeropark/zeropark/dispatch\t0.4s\n")
	fmt.Println(errors.Is(err, benchmarks.ErrNoBenchResults))
	// Output:
	// BenchmarkStep/horizon=24: 1000 iterations, 0.47 ms/step, hot/cold 0.28
	// true
}

func ExampleGoBenches() {
	for _, g := range benchmarks.GoBenches()[:2] {
		fmt.Println(g.ID+":", g.Command())
	}
	// Output:
	// dispatch-step: go test ./dispatch/ -run '^$' -bench '^BenchmarkStep$' -benchmem -timeout 60m -benchtime 1000x
	// dispatch-step-heat: go test ./dispatch/ -run '^$' -bench '^BenchmarkStepHeat$' -benchmem -timeout 60m -benchtime 1000x
}
