package benchmarks

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stepOutput is the shape of `go test ./dispatch/ -run '^$' -bench
// '^BenchmarkStep$' -benchmem` output (figures made up so that the
// target check has one met and one missed): header, one line per leaf
// benchmark with its GOMAXPROCS suffix, custom metrics between ns/op and
// B/op, PASS and ok.
const stepOutput = `goos: linux
goarch: amd64
pkg: github.com/zeropark/zeropark/dispatch
cpu: AMD EPYC
BenchmarkStep/horizon=24/cold-2         	    1000	   1670000 ns/op	         1.670 ms/step	   52000 B/op	     310 allocs/op
BenchmarkStep/horizon=24-2              	    1000	    470000 ns/op	         0.2814 hot/cold	         0.4700 ms/step	     160 B/op	       4 allocs/op
BenchmarkStep/horizon=96/cold-2         	    1000	   4800000 ns/op	         4.800 ms/step	  180000 B/op	     330 allocs/op
BenchmarkStep/horizon=96-2              	    1000	   2500000 ns/op	         0.5208 hot/cold	         2.500 ms/step	     160 B/op	       4 allocs/op
PASS
ok  	github.com/zeropark/zeropark/dispatch	12.345s
`

func TestParseBench(t *testing.T) {
	res, err := ParseBench(stepOutput)
	require.NoError(t, err)
	require.Len(t, res, 4)
	names := make([]string, len(res))
	for i, r := range res {
		names[i] = r.Name
		assert.Equal(t, int64(1000), r.N)
	}
	assert.Equal(t, []string{"BenchmarkStep/horizon=24/cold", "BenchmarkStep/horizon=24", "BenchmarkStep/horizon=96/cold", "BenchmarkStep/horizon=96"}, names)
	assert.Equal(t, []Metric{{470000, "ns/op"}, {0.2814, "hot/cold"}, {0.47, "ms/step"}, {160, "B/op"}, {4, "allocs/op"}}, res[1].Metrics)
	v, ok := res[3].Metric("hot/cold")
	assert.True(t, ok)
	assert.InDelta(t, 0.5208, v, 1e-12)
	_, ok = res[0].Metric("hot/cold")
	assert.False(t, ok, "the cold run reports no ratio")
}

// A result whose name and figures other output came between (a server's
// log, b.Log lines) is joined; log lines are not results.
func TestParseBenchSplitLine(t *testing.T) {
	out := "goos: linux\nBenchmarkServeLoad-2   \t2026/12/01 10:00:00 INFO serving addr=127.0.0.1:4321\n" +
		"2026/12/01 10:00:01 INFO step took 3ms\n" +
		"       1\t60012345678 ns/op\t         3.100 get-p99-ms\t     4.2 post-p99-ms\t 2.9 step-p99-ms\t  5000 B/op\t 40 allocs/op\n" +
		"--- BENCH: BenchmarkServeLoad-2\n    load_test.go:296: GOMAXPROCS 2, 50 clients\n" +
		"PASS\nok  \tgithub.com/zeropark/zeropark/serve\t61.2s\n"
	res, err := ParseBench(out)
	require.NoError(t, err)
	require.Len(t, res, 1)
	assert.Equal(t, "BenchmarkServeLoad", res[0].Name)
	assert.Equal(t, int64(1), res[0].N)
	v, ok := res[0].Metric("post-p99-ms")
	assert.True(t, ok)
	assert.InDelta(t, 4.2, v, 1e-12)
}

func TestParseBenchErrors(t *testing.T) {
	for _, c := range []struct {
		name, out string
		want      error
		says      string
	}{
		{"benchmark fails", "goos: linux\nBenchmarkStep/horizon=24-2   \t--- FAIL: BenchmarkStep/horizon=24-2\n" +
			"    bench_test.go:160: dispatch: step 0: infeasible\nFAIL\nexit status 1\nFAIL\tgithub.com/zeropark/zeropark/dispatch\t0.5s\n",
			ErrBenchFailed, "--- FAIL: BenchmarkStep/horizon=24-2"},
		{"pattern matches nothing", "PASS\nok  \tgithub.com/zeropark/zeropark/model\t0.027s\n", ErrNoBenchResults, "matched no benchmark"},
		{"empty output", "", ErrNoBenchResults, "matched no benchmark"},
		{"all skipped", "goos: linux\n--- SKIP: BenchmarkRoadmap\n    bench_test.go:88: PLAN_DEMO not set\nPASS\nok  \tx\t0.1s\n",
			ErrNoBenchResults, "BenchmarkRoadmap"},
		{"build fails", "# github.com/zeropark/zeropark/plan [github.com/zeropark/zeropark/plan.test]\n" +
			"plan/bench_test.go:12:2: undefined: foo\nFAIL\tgithub.com/zeropark/zeropark/plan [build failed]\n", ErrBenchFailed, "build failed"},
		{"panic", "BenchmarkYear/perfect-2   \tpanic: runtime error: index out of range\n", ErrBenchFailed, "panic: runtime error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseBench(c.out)
			require.Error(t, err)
			assert.ErrorIs(t, err, c.want)
			assert.Contains(t, err.Error(), c.says)
		})
	}
}

func TestParseBenchMalformedLine(t *testing.T) {
	out := "goos: linux\nBenchmarkA-2\t10\t100 ns/op\nBenchmarkB-2\t10\t12.5 ns/op\t7\nPASS\n"
	_, err := ParseBench(out)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrBenchLine)
	var le *BenchLineError
	require.True(t, errors.As(err, &le))
	assert.Equal(t, 3, le.Line)
	assert.Contains(t, le.Text, "BenchmarkB-2")
}

func TestReadable(t *testing.T) {
	for _, c := range []struct {
		unit  string
		vals  []float64
		shown string
		div   float64
	}{
		{"ns/op", []float64{470000, 1670000}, "ms/op", 1e6},
		{"ns/op", []float64{3.9e9}, "s/op", 1e9},
		{"ns/op", []float64{22000}, "µs/op", 1e3},
		{"ns/op", []float64{1400}, "ns/op", 1},
		{"ns/call", []float64{-2.2e4}, "µs/call", 1e3},
		{"B/op", []float64{213000}, "kB/op", 1e3},
		{"B/op", []float64{6742966}, "MB/op", 1e6},
		{"B/op", []float64{160}, "B/op", 1},
		{"ms/step", []float64{4800}, "ms/step", 1},
		{"heat/elec", []float64{1.4}, "heat/elec", 1},
	} {
		got := readable(c.unit, c.vals)
		assert.Equal(t, c.shown, got.shown, "%s %v", c.unit, c.vals)
		assert.Equal(t, c.div, got.div, "%s %v", c.unit, c.vals)
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{
		8760: "8760", 4: "4", 1670.4: "1670", 47.26: "47.3", 1.674: "1.67", 0.4704: "0.470", 0.04704: "0.0470",
		0.0001234: "0.000123", -2.5: "-2.50",
	} {
		assert.Equal(t, want, num(v), "%v", v)
	}
}

func TestGoBenchCommand(t *testing.T) {
	g := GoBench{Package: "./serve/", Bench: "^BenchmarkServeLoad$", Benchtime: "1x", Flags: []string{"-serve.duration", "60s"}}
	assert.Equal(t, "go test ./serve/ -run '^$' -bench '^BenchmarkServeLoad$' -benchmem -timeout 60m -benchtime 1x -serve.duration 60s", g.Command())
}

// benchFuncs are the names of the Benchmark functions in the _test.go
// files of the package directory dir.
func benchFuncs(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	re := regexp.MustCompile(`(?m)^func (Benchmark\w*)\(b \*testing\.B\)`)
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			out = append(out, m[1])
		}
	}
	return out
}

// matches says whether go test -bench pattern runs benchmark name (a
// slash-separated path): each level's expression must match its element.
func matches(pattern, name string) bool {
	ps, ns := strings.Split(pattern, "/"), strings.Split(name, "/")
	for i, p := range ps {
		if i >= len(ns) {
			return true
		}
		if !regexp.MustCompile(p).MatchString(ns[i]) {
			return false
		}
	}
	return true
}

// Every entry's package exists and its -bench pattern runs at least one of
// its Benchmark functions; IDs are unique; every figure a target reads is
// of an entry on the list, of a benchmark that entry's pattern runs: a
// renamed benchmark or sub-benchmark shows here, not after a long run.
func TestGoBenchesRunWhatExists(t *testing.T) {
	list := GoBenches()
	ids := map[string]GoBench{}
	for _, g := range list {
		require.NotContains(t, ids, g.ID, "duplicate ID")
		ids[g.ID] = g
		assert.Regexp(t, `^[a-z0-9-]+$`, g.ID)
		assert.NotEmpty(t, g.About, g.ID)
		dir := filepath.Join(repoRoot, g.Package)
		fns := benchFuncs(t, dir)
		assert.True(t, slices.ContainsFunc(fns, func(f string) bool { return matches(g.Bench, f) }),
			"%s: -bench %q runs none of %v in %s", g.ID, g.Bench, fns, dir)
	}
	for _, g := range list {
		for _, tg := range g.Targets {
			var asked int
			get := func(id, bench, unit string) (float64, error) {
				asked++
				e, ok := ids[id]
				if assert.True(t, ok, "%s: target %q reads entry %q, not on the list", g.ID, tg.Text, id) {
					assert.True(t, matches(e.Bench, bench), "%s: target %q reads %s, which -bench %q does not run", g.ID, tg.Text, bench, e.Bench)
					top, _, _ := strings.Cut(bench, "/")
					assert.Contains(t, benchFuncs(t, filepath.Join(repoRoot, e.Package)), top)
				}
				assert.NotEmpty(t, unit)
				return 1, nil
			}
			_, err := tg.Figure(get)
			if v := (voidReading{}); !errors.As(err, &v) { // a void reading (every figure 1 here) is an answer
				require.NoError(t, err)
			}
			assert.Positive(t, asked, "%s: target %q reads no figure", g.ID, tg.Text)
		}
	}
}

func TestRenderGoBenchEntry(t *testing.T) {
	res, err := ParseBench(stepOutput)
	require.NoError(t, err)
	g := GoBenches()[0]
	require.Equal(t, "dispatch-step", g.ID)
	run := GoBenchRun{Bench: g, Machine: Machine{CPU: "Test CPU", Cores: 2, GoVersion: "go1.x", OS: "linux", Arch: "amd64", LoadAvg: -1, Build: "zeropark (devel) abc go1.x"},
		Results: res}
	text := RenderGoBenchEntry(run, LookupIn([]GoBenchRun{run}))
	s, ok := Section(text, GoBenchTag("dispatch-step"))
	require.True(t, ok, text)
	assert.Contains(t, s, "Test CPU, 2 cores")
	assert.Contains(t, s, "Code: `zeropark (devel) abc go1.x`")
	assert.Contains(t, s, "Command: `go test ./dispatch/ -run '^$' -bench '^BenchmarkStep$' -benchmem -timeout 60m -benchtime 1000x`")
	// Six units and four benchmarks: one row per benchmark, ns/op in ms
	// (the largest is 4.8e6 ns).
	assert.Contains(t, s, "| benchmark | iterations | ms/op | ms/step | kB/op | allocs/op | hot/cold |")
	assert.Contains(t, s, "| BenchmarkStep/horizon=24 | 1000 | 0.470 | 0.470 | 0.160 | 4 | 0.281 |")
	assert.Contains(t, s, "| BenchmarkStep/horizon=24/cold | 1000 | 1.67 | 1.67 | 52 | 310 | – |")
	// Step(24) 0.47 ms ≤ 1 ms; Step(96) 2.5 ms > 2 ms.
	assert.Contains(t, s, "| Step(24) hot ≤ 1 ms | 0.470 ms/step | met |")
	assert.Contains(t, s, "| Step(96) hot ≤ 2 ms | 2.50 ms/step | **not met** |")
}

// With more units than benchmarks (and more than six), the table turns:
// one column per benchmark, one row per unit.
func TestRenderGoBenchEntryTransposed(t *testing.T) {
	out := "BenchmarkServeLoad-2\t1\t60012345678 ns/op\t0.9 get-p50-ms\t3.1 get-p99-ms\t1.2 post-p50-ms\t4.2 post-p99-ms\t2.9 step-p99-ms\t5000 B/op\t40 allocs/op\n"
	res, err := ParseBench(out)
	require.NoError(t, err)
	i := slices.IndexFunc(GoBenches(), func(g GoBench) bool { return g.ID == "serve-load" })
	require.GreaterOrEqual(t, i, 0)
	run := GoBenchRun{Bench: GoBenches()[i], Machine: Machine{CPU: "x", LoadAvg: -1}, Results: res}
	s := RenderGoBenchEntry(run, LookupIn([]GoBenchRun{run}))
	assert.Contains(t, s, "| figure | BenchmarkServeLoad |\n|---|--:|\n| iterations | 1 |\n| s/op | 60.0 |\n")
	assert.Contains(t, s, "| post-p99-ms | 4.20 |")
	// 4.2 − 2.9 = 1.3 ms over the Step's p99 ≤ 2; GET p99 3.1 ≤ 5.
	assert.Contains(t, s, "| POST /measurements p99 ≤ Step p99 + 2 ms | 1.30 ms over Step p99 | met |")
	assert.Contains(t, s, "| GET /plan p99 ≤ 5 ms at 50 clients | 3.10 ms | met |")
}

// A regeneration of some entries keeps the others' text; entries never
// measured say so with their command; a target reading an entry not run
// says so.
func TestRenderGoBenchKeepsOthers(t *testing.T) {
	list := GoBenches()[:3]
	res, err := ParseBench(stepOutput)
	require.NoError(t, err)
	old := "intro\n" + beginMarker(GoBenchTag(list[1].ID)) + "\nthe old step-heat table\n" + endMarker(GoBenchTag(list[1].ID)) + "\n"
	heatOut := "BenchmarkStepHeat/horizon=96/elec-2\t100\t1300000 ns/op\t1.3 ms/step\nBenchmarkStepHeat/horizon=96/heat-2\t100\t2000000 ns/op\t1.54 heat/elec\t2.0 ms/step\n"
	heat, err := ParseBench(heatOut)
	require.NoError(t, err)
	m := Machine{CPU: "x", LoadAvg: -1}
	s := RenderGoBench(list, []GoBenchRun{{Bench: list[0], Machine: m, Results: res}}, old)
	for _, g := range list {
		_, ok := Section(s, GoBenchTag(g.ID))
		assert.True(t, ok, g.ID)
	}
	assert.Contains(t, s, "the old step-heat table")
	body, _ := Section(s, GoBenchTag(list[2].ID))
	assert.Contains(t, body, "Not measured yet: `"+list[2].Command()+"`")

	// The forecaster target reads dispatch-step: not run here.
	i := slices.IndexFunc(GoBenches(), func(g GoBench) bool { return g.ID == "forecast-default" })
	fc := GoBenchRun{Bench: GoBenches()[i], Machine: m, Results: []BenchResult{{Name: "BenchmarkDefaultPerCall/series=load", N: 1, Metrics: []Metric{{22000, "ns/op"}}}}}
	s = RenderGoBenchEntry(fc, LookupIn([]GoBenchRun{fc}))
	assert.Contains(t, s, "not measured: entry dispatch-step not run in this regeneration")
	// With it: 0.022 ms / 0.47 ms = 0.0468.
	both := []GoBenchRun{fc, {Bench: list[0], Machine: m, Results: res}, {Bench: list[1], Machine: m, Results: heat}}
	s = RenderGoBenchEntry(fc, LookupIn(both))
	assert.Contains(t, s, "| 0.0468 × Step(24) | met |")
	s = RenderGoBenchEntry(both[2], LookupIn(both))
	assert.Contains(t, s, "| StepHeat(96) ≤ 2 × Step(96) | 1.54 × elec | met |")
}

func TestSection(t *testing.T) {
	doc := "a\n<!-- x:begin -->\nbody\n<!-- x:end -->\nz"
	s, ok := Section(doc, "x")
	assert.True(t, ok)
	assert.Equal(t, "body\n", s)
	_, ok = Section(doc, "y")
	assert.False(t, ok)
	_, ok = Section("<!-- x:end --><!-- x:begin -->", "x")
	assert.False(t, ok)
}

// plan-weeks12's readings that leave out the designs missing their stage
// over the full year are void (not met, with the reason) when any does,
// and read as measured when none does.
func TestWeeks12ReadingsVoidWhenADesignMisses(t *testing.T) {
	i := slices.IndexFunc(GoBenches(), func(g GoBench) bool { return g.ID == "plan-weeks12" })
	require.GreaterOrEqual(t, i, 0)
	render := func(missed string) string {
		out := "BenchmarkRoadmapWeeks12-2\t1\t2000000000 ns/op\t4.1 cost-err-%\t1.5 design-on-year-err-%\t" + missed +
			" missed-on-year\t1.2 priced-err-%\n"
		res, err := ParseBench(out)
		require.NoError(t, err)
		run := GoBenchRun{Bench: GoBenches()[i], Machine: Machine{CPU: "x", LoadAvg: -1}, Results: res}
		return RenderGoBenchEntry(run, LookupIn([]GoBenchRun{run}))
	}
	s := render("0")
	assert.Contains(t, s, "(the reduced design's full-year cost against the full year's optimum) | 1.50 % | met |")
	assert.Contains(t, s, "(the reduced model's price of its design against that design's full-year cost) | 1.20 % | met |")
	s = render("1")
	assert.Contains(t, s, "(the reduced design's full-year cost against the full year's optimum) | – | **not met**: 1 stage(s) without a design")
	assert.Contains(t, s, "(the reduced model's price of its design against that design's full-year cost) | – | **not met**: 1 stage(s)")
	assert.Contains(t, s, "(the reduced optimum against the full year's optimum) | 4.10 % | **not met** |", "the strict reading stands")
}

// A reading that rounds to the limit it misses gets the digits that show
// it misses; one that meets it, or is far from it, prints as num does.
func TestTargetReading(t *testing.T) {
	at := Target{Limit: 1.7, AtLeast: true}
	assert.Equal(t, "1.696", at.reading(1.6962))
	assert.Equal(t, "1.70", at.reading(1.7), "the limit itself meets it")
	assert.Equal(t, "1.70", at.reading(1.7012))
	assert.Equal(t, "1.50", at.reading(1.5))
	most := Target{Limit: 2}
	assert.Equal(t, "2.004", most.reading(2.0041))
	assert.Equal(t, "4.14", most.reading(4.14))
}
