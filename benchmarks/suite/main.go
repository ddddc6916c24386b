// Command suite runs zeropark's scenario suite and scaling series and
// regenerates the generated sections of benchmarks/BENCHMARKS.md. From the
// repository root:
//
//	go run ./benchmarks/suite                 # everything (several minutes)
//	go run ./benchmarks/suite -hours 168 -scaling=false -gobench=false -out /tmp/quick.md
//	                                          # a quick check on one week, written aside
//	go run ./benchmarks/suite -scaling=false  # the suite only
//	go run ./benchmarks/suite -gobench-only   # the Go benchmarks only
//	go run ./benchmarks/suite -gobench-only -gobench-filter '^dispatch-step$' -gobench-benchtime 100x
//
// Every park of the manifest is dispatched under every policy, one run at
// a time, each in a fresh child process of this program (-isolate, the
// default) so that the run time is measured with the machine to itself and
// the peak resident set (getrusage) belongs to that run alone. Run time is
// the wall time of the dispatch call only: loading the files and deriving
// PV and wind availability from the weather are not counted.
//
// Policies are those of dispatch.Policies: grid, self, mpc (the rolling
// horizon planning with the default forecasters of package forecast),
// mpc-perfect (the rolling horizon with perfect information) and perfect
// foresight.
//
// The scaling series times an annual rolling-horizon run (perfect
// information, no forecasters) of a base park
// split into 1, 10 and 100 assets of each kind (benchmarks.Split) at a
// 24-step horizon, and the undivided split (1 per kind) at horizons of
// 24, 96 and 168 steps. A point whose one-week probe predicts more than
// -scale-budget for the year is run on a shorter period and extrapolated
// linearly; the table says so.
//
// The Go benchmarks (-gobench, on by default) are the `go test -bench`
// runs listed in benchmarks.GoBenches, each in its own go test process,
// one after another, after the suite and the scaling series; their output
// is parsed (benchmarks.ParseBench) into one table per entry with the
// machine, the command and the issues' targets checked on the figures.
// -gobench-filter runs only the entries whose ID matches and keeps the
// others as the document has them. An entry that fails keeps its old text;
// the others are written, and the program then exits 1 naming it.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/benchmarks"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/atomicfile"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/scenario"
)

type options struct {
	manifest, root, out string
	hours               int
	suite, scaling      bool
	gobench             bool
	gobenchOnly         bool
	gobenchFilter       string
	gobenchBenchtime    string
	isolate             bool
	parks, policies     string
	scaleBase           string
	scaleAssets         string
	scaleHorizons       string
	scaleBudget         time.Duration
	child               string
}

func main() {
	var o options
	flag.StringVar(&o.manifest, "manifest", "benchmarks/suite.json", "suite manifest (JSON array of {name, park, series, description})")
	flag.StringVar(&o.root, "root", ".", "repository root: manifest paths are relative to it")
	flag.StringVar(&o.out, "out", "benchmarks/BENCHMARKS.md", "markdown file whose generated sections are rewritten")
	flag.IntVar(&o.hours, "hours", 0, "run only the first N intervals, hours on the hourly demo data (0: the whole period)")
	flag.BoolVar(&o.suite, "suite", true, "run the scenario suite")
	flag.BoolVar(&o.scaling, "scaling", true, "run the scaling series")
	flag.BoolVar(&o.gobench, "gobench", true, "run the Go benchmarks (go test -bench; the list is benchmarks.GoBenches)")
	flag.BoolVar(&o.gobenchOnly, "gobench-only", false, "run only the Go benchmarks (-suite=false -scaling=false)")
	flag.StringVar(&o.gobenchFilter, "gobench-filter", "", "run only the Go benchmark entries whose ID matches this regular expression; the others keep their text")
	flag.StringVar(&o.gobenchBenchtime, "gobench-benchtime", "", "override every Go benchmark entry's -benchtime (a quick check, e.g. 10x)")
	flag.BoolVar(&o.isolate, "isolate", true, "run each measurement in its own child process")
	flag.StringVar(&o.parks, "parks", "", "comma-separated manifest names to run (default all)")
	flag.StringVar(&o.policies, "policies", "", "comma-separated policies (default grid,self,mpc,mpc-perfect,perfect)")
	flag.StringVar(&o.scaleBase, "scale-base", "", "manifest park the scaling series splits (default: the embedded texas2012 demo)")
	flag.StringVar(&o.scaleAssets, "scale-assets", "1,10,100", "assets of each kind in the scaling series")
	flag.StringVar(&o.scaleHorizons, "scale-horizons", "24,96,168", "horizons (steps) in the scaling series")
	flag.DurationVar(&o.scaleBudget, "scale-budget", 3*time.Minute, "longest annual scaling run; longer ones are measured shorter and extrapolated")
	flag.StringVar(&o.child, "child", "", "internal: run one measurement and print it as JSON")
	flag.Parse()
	if o.gobenchOnly {
		o.suite, o.scaling, o.gobench = false, false, true
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "suite:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.child != "" {
		return runChild(o)
	}
	pols, err := parsePolicies(o.policies)
	if err != nil {
		return err
	}
	gobenches, err := selectGoBenches(o)
	if err != nil {
		return err
	}
	m := thisMachine(o.root)
	command := "go run ./benchmarks/suite"
	if len(os.Args) > 1 {
		command += " " + strings.Join(os.Args[1:], " ")
	}
	var suiteText, scalingText string
	if o.suite {
		res, err := runSuite(o, pols)
		if err != nil {
			return err
		}
		suiteText = benchmarks.RenderSuite(m, command, o.hours, res)
	}
	if o.scaling {
		pts, base, err := runScaling(o)
		if err != nil {
			return err
		}
		scalingText = benchmarks.RenderScaling(m, command, base, pts)
	}
	var goRuns []benchmarks.GoBenchRun
	var goErr error
	if o.gobench {
		goRuns, goErr = runGoBenches(o, gobenches)
	}
	// Read the document only now, after the runs (minutes), so edits made
	// to its hand-written parts meanwhile are kept.
	doc, err := os.ReadFile(o.out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		doc = []byte(header)
	case err != nil:
		return err
	}
	text := string(doc)
	if o.suite {
		if text, err = benchmarks.ReplaceSection(text, "suite", suiteText); err != nil {
			return err
		}
	}
	if o.scaling {
		if text, err = benchmarks.ReplaceSection(text, "scaling", scalingText); err != nil {
			return err
		}
	}
	if o.gobench {
		old, _ := benchmarks.Section(text, "gobench")
		if text, err = benchmarks.ReplaceSection(text, "gobench", benchmarks.RenderGoBench(benchmarks.GoBenches(), goRuns, old)); err != nil {
			return err
		}
	}
	if err := atomicfile.WriteFile(o.out, []byte(text)); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "suite: wrote", o.out)
	return goErr
}

// thisMachine is benchmarks.ThisMachine with the code's revision read from
// git when the binary carries none (go run does not stamp it).
func thisMachine(root string) benchmarks.Machine {
	m := benchmarks.ThisMachine()
	in := buildinfo.Read()
	if in.Revision != "" {
		return m
	}
	rev, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		return m
	}
	in.Revision = strings.TrimSpace(string(rev))
	st, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output()
	in.Modified = err != nil || len(bytes.TrimSpace(st)) > 0
	m.Build = in.String()
	return m
}

// selectGoBenches is the Go benchmark entries -gobench-filter selects, with
// -gobench-benchtime applied.
func selectGoBenches(o options) ([]benchmarks.GoBench, error) {
	if !o.gobench {
		return nil, nil
	}
	re, err := regexp.Compile(o.gobenchFilter)
	if err != nil {
		return nil, fmt.Errorf("-gobench-filter: %w", err)
	}
	var out []benchmarks.GoBench
	var ids []string
	for _, g := range benchmarks.GoBenches() {
		ids = append(ids, g.ID)
		if re.MatchString(g.ID) {
			if o.gobenchBenchtime != "" {
				g.Benchtime = o.gobenchBenchtime
			}
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-gobench-filter %q matches no entry (entries: %s)", o.gobenchFilter, strings.Join(ids, ", "))
	}
	return out, nil
}

// runGoBenches runs each entry's go test in the repository root, one after
// another, echoing its output and progress to stderr. An entry that fails
// is left out of the runs and named in the error; the others go on.
func runGoBenches(o options, gs []benchmarks.GoBench) ([]benchmarks.GoBenchRun, error) {
	var runs []benchmarks.GoBenchRun
	var errs []error
	start := time.Now()
	for i, g := range gs {
		fmt.Fprintf(os.Stderr, "gobench: [%d/%d] %s: %s (%s elapsed)\n", i+1, len(gs), g.ID, g.Command(), time.Since(start).Round(time.Second))
		m := thisMachine(o.root)
		cmd := exec.Command("go", g.Args()...)
		cmd.Dir = o.root
		var out bytes.Buffer
		cmd.Stdout = io.MultiWriter(&out, os.Stderr)
		cmd.Stderr = cmd.Stdout
		t0 := time.Now()
		runErr := cmd.Run()
		took := time.Since(t0)
		res, err := benchmarks.ParseBench(out.String())
		if err == nil && runErr != nil {
			err = fmt.Errorf("%w: %v", benchmarks.ErrBenchFailed, runErr)
		}
		if err != nil {
			err = fmt.Errorf("gobench %s (%s): %w", g.ID, g.Command(), err)
			fmt.Fprintln(os.Stderr, err)
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(os.Stderr, "gobench: [%d/%d] %s: %d results in %s\n", i+1, len(gs), g.ID, len(res), took.Round(time.Second))
		runs = append(runs, benchmarks.GoBenchRun{Bench: g, Machine: m, Took: took, Results: res})
	}
	fmt.Fprintf(os.Stderr, "gobench: %d of %d entries measured in %s\n", len(runs), len(gs), time.Since(start).Round(time.Second))
	return runs, errors.Join(errs...)
}

func parsePolicies(s string) ([]dispatch.Policy, error) {
	if s == "" {
		return dispatch.Policies().Names(), nil
	}
	var out []dispatch.Policy
	for f := range strings.SplitSeq(s, ",") {
		p, err := dispatch.Policies().Parse(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("-policies: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}

func selected(es []benchmarks.Entry, names string) ([]benchmarks.Entry, error) {
	if names == "" {
		return es, nil
	}
	var out []benchmarks.Entry
	for n := range strings.SplitSeq(names, ",") {
		i := slices.IndexFunc(es, func(e benchmarks.Entry) bool { return e.Name == strings.TrimSpace(n) })
		if i < 0 {
			return nil, fmt.Errorf("-parks: no park %q in the manifest", n)
		}
		out = append(out, es[i])
	}
	return out, nil
}

func runSuite(o options, pols []dispatch.Policy) ([]benchmarks.ParkResult, error) {
	all, err := benchmarks.LoadManifest(o.manifest)
	if err != nil {
		return nil, err
	}
	es, err := selected(all, o.parks)
	if err != nil {
		return nil, err
	}
	var res []benchmarks.ParkResult
	for _, e := range es {
		s, err := e.Load(o.root)
		if err != nil {
			return nil, err
		}
		s = benchmarks.Head(s, o.hours)
		pr := benchmarks.ParkResult{Entry: e, Facts: benchmarks.ParkFacts(s)}
		for _, pol := range pols {
			var row benchmarks.Row
			if o.isolate {
				var c suiteChild
				if err := spawn(o, fmt.Sprintf("suite:%s:%s", e.Name, pol), &c); err != nil {
					return nil, err
				}
				row = benchmarks.Row{Park: e.Name, Policy: pol, Report: c.Report, Wall: time.Duration(c.WallNS), CPU: time.Duration(c.CPUNS), PeakRSSKB: c.PeakRSSKB}
			} else {
				rows, err := benchmarks.Run(s, e.Config(s.Profiles.Len, s.Profiles.Step), []dispatch.Policy{pol})
				if err != nil {
					return nil, err
				}
				row = rows[0]
			}
			fmt.Fprintf(os.Stderr, "suite: %-22s %-8s adjusted residual %10.1f tCO2e  stage %-16s %7.2f s (CPU %.2f s)\n",
				e.Name, pol, row.Report.AdjustedResidualKgCO2e/1000, row.Report.Stage, row.Wall.Seconds(), row.CPU.Seconds())
			pr.Rows = append(pr.Rows, row)
		}
		res = append(res, pr)
	}
	return res, nil
}

// scaleBase loads the park the scaling series splits.
func scaleBase(o options) (*scenario.Scenario, string, error) {
	if o.scaleBase == "" {
		s, err := scenario.Demo("texas2012")
		if err != nil {
			return nil, "", err
		}
		f := benchmarks.ParkFacts(s)
		return s, fmt.Sprintf("the embedded texas2012 demo (%d loads, %s kWp PV, %s kW wind, %s kWh / %s kW battery), split by benchmarks.Split",
			len(s.Park.Loads), thousands(f.PVKWp), thousands(f.WindKW), thousands(f.BatteryKWh), thousands(f.BatteryKW)), nil
	}
	es, err := benchmarks.LoadManifest(o.manifest)
	if err != nil {
		return nil, "", err
	}
	es, err = selected(es, o.scaleBase)
	if err != nil {
		return nil, "", err
	}
	s, err := es[0].Load(o.root)
	return s, "manifest park " + es[0].Name + ", split by benchmarks.Split", err
}

// thousands formats v rounded, with commas between groups of three digits.
func thousands(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func ints(flagName, s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s: %q is not a positive integer", flagName, f)
		}
		out = append(out, n)
	}
	return out, nil
}

func runScaling(o options) ([]benchmarks.ScalePoint, string, error) {
	assets, err := ints("-scale-assets", o.scaleAssets)
	if err != nil {
		return nil, "", err
	}
	horizons, err := ints("-scale-horizons", o.scaleHorizons)
	if err != nil {
		return nil, "", err
	}
	_, desc, err := scaleBase(o)
	if err != nil {
		return nil, "", err
	}
	type point struct{ n, h int }
	var todo []point
	for _, n := range assets {
		todo = append(todo, point{n, 24})
	}
	for _, h := range horizons {
		if !slices.Contains(todo, point{1, h}) {
			todo = append(todo, point{1, h})
		}
	}
	year := 8760
	if o.hours > 0 {
		year = min(year, o.hours)
	}
	var pts []benchmarks.ScalePoint
	for _, p := range todo {
		steps := year
		if o.scaleBudget > 0 && year > 168 {
			probe, err := measure(o, p.n, p.h, 168)
			if err != nil {
				return nil, "", err
			}
			perStep := probe.Wall.Seconds() / float64(probe.Steps)
			if est := perStep * float64(year); est > o.scaleBudget.Seconds() {
				steps = max(168, int(o.scaleBudget.Seconds()/perStep)/24*24)
				fmt.Fprintf(os.Stderr, "scaling: n=%d h=%d: a year would take ≈ %.0f s; measuring %d steps\n", p.n, p.h, est, steps)
			}
		}
		sp, err := measure(o, p.n, p.h, steps)
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(os.Stderr, "scaling: n=%-3d h=%-3d steps %4d wall %7.2f s (annual %7.1f s) residual %.1f tCO2e\n",
			p.n, p.h, sp.Steps, sp.Wall.Seconds(), sp.AnnualS(), sp.ResidualKgCO2e/1000)
		pts = append(pts, sp)
	}
	return pts, desc, nil
}

// measure runs one scaling point, in a child process when isolating.
func measure(o options, n, h, steps int) (benchmarks.ScalePoint, error) {
	if o.isolate {
		var sp benchmarks.ScalePoint
		err := spawn(o, fmt.Sprintf("scale:%d:%d:%d", n, h, steps), &sp)
		return sp, err
	}
	return scalePoint(o, n, h, steps)
}

func scalePoint(o options, n, h, steps int) (benchmarks.ScalePoint, error) {
	base, _, err := scaleBase(o)
	if err != nil {
		return benchmarks.ScalePoint{}, err
	}
	s, err := benchmarks.Split(base, n)
	if err != nil {
		return benchmarks.ScalePoint{}, err
	}
	s = benchmarks.Head(s, steps)
	cfg := dispatch.DefaultConfig()
	cfg.Horizon = time.Duration(h) * s.Profiles.Step
	// Perfect information (no forecasters): the series measures the LP
	// and its settlement, not the forecasting methods.
	cpu, start := benchmarks.ProcessCPU(), time.Now()
	r, err := dispatch.RunPolicy(dispatch.PerfectInformation, s.Park, s.Profiles, cfg)
	wall, cpu := time.Since(start), benchmarks.ProcessCPU()-cpu
	if err != nil {
		return benchmarks.ScalePoint{}, err
	}
	return benchmarks.ScalePoint{PerKind: n, HorizonSteps: h, Steps: s.Profiles.Len, Wall: wall, CPU: cpu,
		SolveS: r.Report.Solve.TotalS, P50MS: r.Report.Solve.P50MS, PeakRSSKB: benchmarks.PeakRSSKB(),
		ResidualKgCO2e: r.Report.ResidualKgCO2e}, nil
}

// suiteChild is what a suite child prints.
type suiteChild struct {
	Report    dispatch.Report `json:"report"`
	WallNS    int64           `json:"wall_ns"`
	CPUNS     int64           `json:"cpu_ns"`
	PeakRSSKB int64           `json:"peak_rss_kb"`
}

// spawn runs this program with -child spec (and the options that matter)
// and decodes the JSON it prints into v.
func spawn(o options, spec string, v any) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	args := []string{"-child", spec, "-manifest", o.manifest, "-root", o.root,
		"-hours", strconv.Itoa(o.hours), "-scale-base", o.scaleBase}
	cmd := exec.Command(exe, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("child %s: %w", spec, err)
	}
	if err := json.Unmarshal(out.Bytes(), v); err != nil {
		return fmt.Errorf("child %s: reading its output: %w", spec, err)
	}
	return nil
}

func runChild(o options) error {
	parts := strings.Split(o.child, ":")
	var v any
	switch {
	case len(parts) == 3 && parts[0] == "suite":
		es, err := benchmarks.LoadManifest(o.manifest)
		if err != nil {
			return err
		}
		if es, err = selected(es, parts[1]); err != nil {
			return err
		}
		pols, err := parsePolicies(parts[2])
		if err != nil {
			return err
		}
		s, err := es[0].Load(o.root)
		if err != nil {
			return err
		}
		s = benchmarks.Head(s, o.hours)
		rows, err := benchmarks.Run(s, es[0].Config(s.Profiles.Len, s.Profiles.Step), pols)
		if err != nil {
			return err
		}
		v = suiteChild{Report: rows[0].Report, WallNS: int64(rows[0].Wall), CPUNS: int64(rows[0].CPU), PeakRSSKB: benchmarks.PeakRSSKB()}
	case len(parts) == 4 && parts[0] == "scale":
		var n [3]int
		for i := range n {
			var err error
			if n[i], err = strconv.Atoi(parts[i+1]); err != nil {
				return fmt.Errorf("-child %q: %w", o.child, err)
			}
		}
		sp, err := scalePoint(o, n[0], n[1], n[2])
		if err != nil {
			return err
		}
		v = sp
	default:
		return fmt.Errorf("-child %q: want suite:PARK:POLICY or scale:N:HORIZON:STEPS", o.child)
	}
	return json.NewEncoder(os.Stdout).Encode(v)
}

const header = `# zeropark benchmarks

Measured figures of the scenario suite and the scaling series, on the real data in the
repository (demo/data: Texas Panhandle 2012 and Greensboro NC TMY3 weather, eight DOE reference
tenant loads, EPA AVERT 2023 marginal CO2 rates), and of the packages' Go benchmarks. The sections
between the marker comments are regenerated by the command that measures them, from the
repository root:

    go run ./benchmarks/suite                 # the suite, the scaling series and the Go benchmarks
    go run ./benchmarks/suite -gobench-only   # the Go benchmarks (go test -bench) alone

(` + "`-hours 168 -scaling=false -gobench=false -out /tmp/quick.md`" + ` for a quick check of the suite on one week, written aside: without ` + "`-out`" + `, ` + "`-hours`" + ` and ` + "`-parks`" + ` rewrite these sections with partial data; ` + "`-scaling=false`" + ` to skip the scaling
series, ` + "`-gobench=false`" + ` the Go benchmarks). Text outside the markers is kept as it is. The parks are listed in benchmarks/suite.json and
live in benchmarks/parks/.

## Scenario suite

Each park under five policies: grid-only (business as usual: every kWh from the grid),
self-consumption (rule-based: renewables first, battery from surplus only), the rolling horizon
(the LP every hour over the next 24 h, first hour committed) planning with forecasts (mpc: the
default forecasters of package forecast) and with perfect information (mpc-perfect), and perfect
foresight (one LP over the year: the lower bound). Residual = location-based emissions of the grid import with
the park's accounting factor; adjusted residual adds the value of stored energy drawn down over
the period, so policies ending with different states of charge compare fairly; offsets = the
residual less offsets held (tCO2e); certificates = residual grid import (MWh). tCO2/tce is the
core indicator the stage is judged on (≤ 0.20) and the clean share (≥ 90 %) is reported beside it,
both over the consumption as GB/T 2589 defines it (import + renewable − export); the renewable
share is that of the electricity used, traced through the batteries. Run time is the
wall time of the dispatch call alone, one run at a time in its own process; peak RSS is that
process's maximum resident set (getrusage), data loading included.

<!-- suite:begin -->
<!-- suite:end -->

## Scaling series

Wall time of an annual rolling-horizon run (perfect information, so the LP and not the
forecasting is measured) against the number of assets and the horizon.

<!-- scaling:begin -->
<!-- scaling:end -->

## Go benchmarks

The ` + "`go test -bench`" + ` runs listed in benchmarks/gobench.go (GoBenches), with the issues' targets.

<!-- gobench:begin -->
<!-- gobench:end -->
`
