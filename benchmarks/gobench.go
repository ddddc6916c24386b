package benchmarks

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Errors of a `go test -bench` run's output (ParseBench).
var (
	// ErrBenchFailed: the output reports a failure (--- FAIL, FAIL, a
	// panic) or the build did not compile.
	ErrBenchFailed = errors.New("benchmarks: go test -bench failed")
	// ErrNoBenchResults: the output holds no benchmark result line (the
	// -bench pattern matched nothing, or every benchmark was skipped).
	ErrNoBenchResults = errors.New("benchmarks: no benchmark results")
	// ErrBenchLine: a result line whose figures do not parse.
	ErrBenchLine = errors.New("benchmarks: malformed benchmark line")
)

// GoBench is one `go test -bench` run of the generated Go-benchmark
// section ("gobench") of BENCHMARKS.md. GoBenches lists them.
type GoBench struct {
	// ID names the entry: its sub-section markers, -gobench-filter.
	ID string
	// Package is the package's directory, relative to the repository
	// root, as go test takes it ("./dispatch/").
	Package string
	// Bench is the -bench regular expression.
	Bench string
	// Benchtime is -benchtime ("" for go test's default, 1s).
	Benchtime string
	// Flags are further flags for the test binary, after the package.
	Flags []string
	// About says what the entry measures and the reference its ratios are
	// taken against, in a sentence or two of markdown.
	About string
	// Targets are the issues' targets this entry's figures answer.
	Targets []Target
}

// Args are go test's arguments for the entry (after "go"): one benchmark
// run, no tests, allocation figures, and a timeout that only a hang
// reaches (the longest entries take minutes).
func (g GoBench) Args() []string {
	a := []string{"test", g.Package, "-run", "^$", "-bench", g.Bench, "-benchmem", "-timeout", "60m"}
	if g.Benchtime != "" {
		a = append(a, "-benchtime", g.Benchtime)
	}
	return append(a, g.Flags...)
}

// Command is the entry's command line as a shell would take it.
func (g GoBench) Command() string {
	args := g.Args()
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return "go " + strings.Join(q, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Lookup returns the figure of unit reported by benchmark bench (its name
// without the -GOMAXPROCS suffix) of entry id, measured in this
// regeneration; an error when it was not.
type Lookup func(id, bench, unit string) (float64, error)

// Target is one of the issues' performance targets, checked on figures of
// the same regeneration.
type Target struct {
	// Text is the target as the issue puts it.
	Text string
	// Unit is the unit Figure returns, for the reader.
	Unit string
	// Limit bounds Figure: at most Limit, or at least when AtLeast.
	Limit   float64
	AtLeast bool
	// Figure computes the figure checked from the measured ones.
	Figure func(get Lookup) (float64, error)
}

// Met says whether v meets the target.
func (t Target) Met(v float64) bool {
	if t.AtLeast {
		return v >= t.Limit
	}
	return v <= t.Limit
}

// reading is v as the targets table prints it: as num does, with more
// digits where the number printed would meet the target and v does not,
// or the other way round (1.696 against at least 1.7 is not "1.70 × not
// met").
func (t Target) reading(v float64) string {
	s := num(v)
	for d := 3; d <= 9; d++ {
		if p, err := strconv.ParseFloat(s, 64); err != nil || t.Met(p) == t.Met(v) {
			break
		}
		s = strconv.FormatFloat(v, 'f', d, 64)
	}
	return s
}

// fig is the figure of unit reported by bench of entry id, times scale.
func fig(id, bench, unit string, scale float64) func(Lookup) (float64, error) {
	return func(get Lookup) (float64, error) {
		v, err := get(id, bench, unit)
		return v * scale, err
	}
}

// diff is a − b.
func diff(a, b func(Lookup) (float64, error)) func(Lookup) (float64, error) {
	return func(get Lookup) (float64, error) {
		x, err := a(get)
		if err != nil {
			return 0, err
		}
		y, err := b(get)
		return x - y, err
	}
}

// ratio is a / b.
func ratio(a, b func(Lookup) (float64, error)) func(Lookup) (float64, error) {
	return func(get Lookup) (float64, error) {
		x, err := a(get)
		if err != nil {
			return 0, err
		}
		y, err := b(get)
		return x / y, err
	}
}

// absOf is |a|.
func absOf(a func(Lookup) (float64, error)) func(Lookup) (float64, error) {
	return func(get Lookup) (float64, error) {
		x, err := a(get)
		return math.Abs(x), err
	}
}

// voidReading is a target's figure that cannot be read: the target is
// not met, whichever way its limit points, and the table says why.
type voidReading struct{ why string }

func (v voidReading) Error() string { return v.why }

// unlessMissed is a, void (never met) when bench of entry id reports
// designs that miss their stage over the full year (missed-on-year > 0):
// readings that leave those designs out cannot meet a target.
func unlessMissed(id, bench string, a func(Lookup) (float64, error)) func(Lookup) (float64, error) {
	return func(get Lookup) (float64, error) {
		m, err := get(id, bench, "missed-on-year")
		if err != nil {
			return 0, err
		}
		if m > 0 {
			return 0, voidReading{fmt.Sprintf("%g stage(s) without a design that holds over the full year (missed-on-year), which this reading leaves out", m)}
		}
		return a(get)
	}
}

// nsToS and nsToMS scale ns/op.
const (
	nsToS  = 1e-9
	nsToMS = 1e-6
)

// GoBenches is the list of Go benchmark runs the gobench section of
// BENCHMARKS.md is generated from, in the order they run and appear.
// Each runs in its own `go test` process, one after another, so that runs
// do not share the machine with each other and peak-RSS figures belong to
// one benchmark.
func GoBenches() []GoBench {
	return []GoBench{
		{ID: "dispatch-step", Package: "./dispatch/", Bench: "^BenchmarkStep$", Benchtime: "1000x",
			About: "One rolling-horizon `Dispatcher.Step` of the bench park (1 PV, 1 wind, 1 battery, 3 loads, hourly), window moved one hour: " +
				"hot (one kept HiGHS instance, warm basis) against cold (a new instance each step) in the same run (hot/cold).",
			Targets: []Target{
				{Text: "Step(24) hot ≤ 1 ms", Unit: "ms/step", Limit: 1, Figure: fig("dispatch-step", "BenchmarkStep/horizon=24", "ms/step", 1)},
				{Text: "Step(96) hot ≤ 2 ms", Unit: "ms/step", Limit: 2, Figure: fig("dispatch-step", "BenchmarkStep/horizon=96", "ms/step", 1)},
			}},
		{ID: "dispatch-step-heat", Package: "./dispatch/", Bench: "^BenchmarkStepHeat$", Benchtime: "1000x",
			About: "The hot 96-step Step on the bench park with heat (a heat pump whose COP changes every step, a hot-water store) " +
				"against the electricity-only park in the same run (heat/elec).",
			Targets: []Target{
				{Text: "StepHeat(96) ≤ 2 × Step(96)", Unit: "× elec", Limit: 2, Figure: fig("dispatch-step-heat", "BenchmarkStepHeat/horizon=96/heat", "heat/elec", 1)},
			}},
		{ID: "dispatch-step-cost", Package: "./dispatch/", Bench: "^BenchmarkStepCost$", Benchtime: "1000x",
			About: "The hot 24-step Step under the Cost objective with a demand charge and a carbon price (one pass, three more columns, two more rows); " +
				"compare with dispatch-step's horizon=24 (two passes)."},
		{ID: "dispatch-year", Package: "./dispatch/", Bench: "^BenchmarkYear$", Benchtime: "2x",
			About: "A year of the bench park, hourly: the rolling horizon with perfect information (mpc-perfect: 8,760 hot-started steps, two passes each; " +
				"no forecasters) and perfect foresight (one LP of about 70,000 columns); solve-s is the time inside HiGHS.",
			Targets: []Target{
				{Text: "Year mpc ≤ 8 s", Unit: "s", Limit: 8, Figure: fig("dispatch-year", "BenchmarkYear/mpc-perfect", "ns/op", nsToS)},
				{Text: "Year perfect ≤ 1.5 s", Unit: "s", Limit: 1.5, Figure: fig("dispatch-year", "BenchmarkYear/perfect", "ns/op", nsToS)},
			}},
		{ID: "dispatch-year-heat", Package: "./dispatch/", Bench: "^BenchmarkYearHeat$", Benchtime: "1x",
			About: "A year of the rolling horizon (perfect information) on the bench park with heat against the electricity-only park in the same run (heat/elec).",
			Targets: []Target{
				{Text: "YearHeat ≤ 2 × Year", Unit: "× elec", Limit: 2, Figure: fig("dispatch-year-heat", "BenchmarkYearHeat/heat", "heat/elec", 1)},
			}},
		{ID: "dispatch-attribute", Package: "./dispatch/", Bench: "^BenchmarkAttribute$", Benchtime: "2s",
			About: "Sharing a year's perfect-foresight schedule of the bench park (3 tenants, 1 battery) among its tenants, per-interval shares included, " +
				"against the ledger (`Account`) on the same schedule as the reference."},
		{ID: "highs-solve", Package: "./dispatch/lp/highs/", Bench: "^BenchmarkSolve$",
			About: "Random storage LPs through the HiGHS binding: cold (load and solve) against hot (bounds and costs changed, warm basis)."},
		{ID: "live-controller", Package: "./live/", Bench: "^BenchmarkController$", Benchtime: "2000x",
			About: "Each interval of the Texas demo at 15 minutes (96-step horizon) run three ways in the same iteration: `Step` alone, " +
				"`dispatch.Rolling` with the default forecasters, and the `live.Controller` (controller/rolling is package live's own overhead; " +
				"controller/step adds forecasting and settlement).",
			Targets: []Target{
				{Text: "controller overhead ≤ 10 % at 96 steps (controller/rolling)", Unit: "×", Limit: 1.10,
					Figure: fig("live-controller", "BenchmarkController/horizon=96", "controller/rolling", 1)},
			}},
		{ID: "forecast-default", Package: "./forecast/", Bench: "^BenchmarkDefaultPerCall$",
			About: "One call of each default forecaster of the Texas demo as the dispatch makes it (hourly, H = 24, history grown by an hour, refits amortised).",
			Targets: []Target{
				{Text: "load forecaster per call ≤ 10 % of a 24-step Step (dispatch-step, same regeneration)", Unit: "× Step(24)", Limit: 0.10,
					Figure: ratio(fig("forecast-default", "BenchmarkDefaultPerCall/series=load", "ns/op", nsToMS),
						fig("dispatch-step", "BenchmarkStep/horizon=24", "ms/step", 1))},
				{Text: "wind forecaster per call ≤ 10 % of a 24-step Step (dispatch-step, same regeneration)", Unit: "× Step(24)", Limit: 0.10,
					Figure: ratio(fig("forecast-default", "BenchmarkDefaultPerCall/series=wind", "ns/op", nsToMS),
						fig("dispatch-step", "BenchmarkStep/horizon=24", "ms/step", 1))},
			}},
		{ID: "forecast-methods", Package: "./forecast/", Bench: "^BenchmarkForecast$", Benchtime: "1x",
			About: "Each forecasting method backtested over a year of the Texas demo (a 24 h forecast every hour, fits included); ns/call is one forecast."},
		{ID: "physics", Package: "./forecast/physics/", Bench: ".",
			About: "PV availability of a year of Greensboro weather (sun position, plane of array, cell temperature) and the sun position alone."},
		{ID: "model-series-csv", Package: "./model/", Bench: "^BenchmarkReadSeriesCSV$",
			About: "Reading a year of hourly series (8,760 rows, 15 columns) from CSV."},
		{ID: "model-resolve", Package: "./model/", Bench: "^(BenchmarkResolve|BenchmarkResolvedFromClone)$",
			About: "Resolving the heat test park's profiles over its short series (model.Resolve), and the deep copy of what it read that it keeps to tell a park changed since (Profiles.ChangedSince)."},
		{ID: "plots-week", Package: "./plots/", Bench: "^BenchmarkDispatchWeek$",
			About: "Rendering the four-panel dispatch week figure as PNG (1200 × 900) and SVG."},
		{ID: "periods-aggregate", Package: "./plan/periods/", Bench: "^BenchmarkAggregate$",
			About: "The demo year (8 series) reduced to 12 representative weeks and 12 days, with the mean NRMSE of the reduction."},
		{ID: "plan-roadmap-ipm", Package: "./plan/", Bench: "^BenchmarkRoadmap$/^method=ipm$/^solvers=auto$/^warm=true$", Benchtime: "1x",
			About: "The full-year hourly roadmap of the Texas demo (today, both low-carbon variants, near-zero, zero-carbon) as `zeropark plan` " +
				"solves it by default: two solver instances on two cores (Options.Solvers = 0), today and low-carbon on one; on the other " +
				"near-zero sized over 12 typical weeks, the full year solved cold by interior point with the capacities pinned at that design, " +
				"near-zero hot-started by primal simplex from there and zero-carbon by primal simplex from near-zero's basis; " +
				"s/solve sums the solver's time over the instances.",
			Targets: []Target{
				{Text: "full-year roadmap ≤ 30 s", Unit: "s", Limit: 30, Figure: fig("plan-roadmap-ipm", "BenchmarkRoadmap/method=ipm/solvers=auto/warm=true", "ns/op", nsToS)},
			}},
		{ID: "plan-roadmap-one-solver", Package: "./plan/", Bench: "^BenchmarkRoadmap$/^method=ipm$/^solvers=1$/^warm=true$", Benchtime: "1x",
			About: "The same roadmap on one solver instance (Options.Solvers = 1), every question in turn: the reference for plan-roadmap-ipm."},
		{ID: "plan-roadmap-cold", Package: "./plan/", Bench: "^BenchmarkRoadmap$/^method=ipm$/^solvers=1$/^warm=false$", Benchtime: "1x",
			About: "The roadmap on one instance with near-zero solved cold by interior point (Options.NoWarmStart): the reference for plan-roadmap-one-solver."},
		{ID: "plan-roadmap-simplex", Package: "./plan/", Bench: "^BenchmarkRoadmap$/^method=simplex$/^solvers=1$/^warm=true$", Benchtime: "1x",
			About: "The roadmap on one instance with dual simplex for the cold solves, against plan-roadmap-one-solver (a separate process minutes apart: compare with care)."},
		{ID: "plan-weeks12", Package: "./plan/", Bench: "^BenchmarkRoadmapWeeks12$", Benchtime: "1x",
			About: "The roadmap over 12 representative weeks; cost-err-% is the worst stage's total cost against the full year's optimum " +
				"(solved once more in the same process as the reference). Two more readings of the error, after the timer: each stage's " +
				"design evaluated over the full year (capacities fixed, plan.Model.EvaluateUndiagnosed): design-on-year-err-% is the worst " +
				"stage's full-year cost of the reduced design against the full year's optimum, priced-err-% the reduced model's total " +
				"against that design's own full-year cost (the report's \"cost error\" column); missed-on-year counts the stages with no design " +
				"that holds over the full year (out of reach on the reduction where the full year reaches them, or a design the full year " +
				"refuses its stage: left out of both readings; any voids their targets below).",
			Targets: []Target{
				{Text: "12 representative weeks ≤ 3 s", Unit: "s", Limit: 3, Figure: fig("plan-weeks12", "BenchmarkRoadmapWeeks12", "ns/op", nsToS)},
				{Text: "12 representative weeks ≤ 2 % cost error (the reduced optimum against the full year's optimum)", Unit: "%", Limit: 2, Figure: absOf(fig("plan-weeks12", "BenchmarkRoadmapWeeks12", "cost-err-%", 1))},
				{Text: "12 representative weeks ≤ 2 % cost error (the reduced design's full-year cost against the full year's optimum)", Unit: "%", Limit: 2, Figure: unlessMissed("plan-weeks12", "BenchmarkRoadmapWeeks12", absOf(fig("plan-weeks12", "BenchmarkRoadmapWeeks12", "design-on-year-err-%", 1)))},
				{Text: "12 representative weeks ≤ 2 % cost error (the reduced model's price of its design against that design's full-year cost)", Unit: "%", Limit: 2, Figure: unlessMissed("plan-weeks12", "BenchmarkRoadmapWeeks12", absOf(fig("plan-weeks12", "BenchmarkRoadmapWeeks12", "priced-err-%", 1)))},
			}},
		{ID: "plan-slices", Package: "./plan/", Bench: "^BenchmarkRoadmapSlices$", Benchtime: "1x",
			About: "The roadmap over the full year cut into 1,512 and 2,016 chronological slices (Options.Slices, --slices; 2,016 are as many " +
				"LP steps as 12 weeks); cost-err-% is the worst stage's total cost against the full year's optimum (solved once in the same " +
				"process), x-weeks12 the wall time over the 12-week roadmap's, timed just before in the same process.",
			Targets: []Target{
				{Text: "2,016 chronological slices (12 weeks' LP steps) ≤ 3 s", Unit: "s", Limit: 3, Figure: fig("plan-slices", "BenchmarkRoadmapSlices/slices=2016", "ns/op", nsToS)},
				{Text: "2,016 chronological slices ≤ 2 % cost error", Unit: "%", Limit: 2, Figure: absOf(fig("plan-slices", "BenchmarkRoadmapSlices/slices=2016", "cost-err-%", 1))},
				{Text: "1,512 chronological slices ≤ 3 s", Unit: "s", Limit: 3, Figure: fig("plan-slices", "BenchmarkRoadmapSlices/slices=1512", "ns/op", nsToS)},
				{Text: "1,512 chronological slices ≤ 2 % cost error", Unit: "%", Limit: 2, Figure: absOf(fig("plan-slices", "BenchmarkRoadmapSlices/slices=1512", "cost-err-%", 1))},
			}},
		{ID: "plan-days", Package: "./plan/", Bench: "^BenchmarkRoadmapDays$", Benchtime: "1x",
			About: "The roadmap over 12 to 84 typical days (the default period length; 84 days are as many steps as 12 weeks) and each one's " +
				"worst stage cost error against the full year's optimum (solved once in the same process).",
			Targets: []Target{
				{Text: "12 typical days ≤ 3 s", Unit: "s", Limit: 3, Figure: fig("plan-days", "BenchmarkRoadmapDays/days=12", "ns/op", nsToS)},
				{Text: "12 typical days ≤ 2 % cost error", Unit: "%", Limit: 2, Figure: absOf(fig("plan-days", "BenchmarkRoadmapDays/days=12", "cost-err-%", 1))},
				{Text: "84 typical days ≤ 3 s", Unit: "s", Limit: 3, Figure: fig("plan-days", "BenchmarkRoadmapDays/days=84", "ns/op", nsToS)},
				{Text: "84 typical days ≤ 2 % cost error", Unit: "%", Limit: 2, Figure: absOf(fig("plan-days", "BenchmarkRoadmapDays/days=84", "cost-err-%", 1))},
			}},
		{ID: "plan-greensboro", Package: "./plan/", Bench: "^BenchmarkGreensboro$", Benchtime: "1x",
			About: "A second park, the greensboro demo (poor solar, the grid's marginal carbon factor hour by hour): its full-year roadmap, " +
				"then 12 representative weeks, 36 and 84 typical days and 2,016 chronological slices with the worst stage's cost error against that full year " +
				"and missed-on-year, counted as plan-weeks12 counts it. No targets: the issue's are on the Texas demo."},
		{ID: "plan-units", Package: "./plan/", Bench: "^BenchmarkRoadmapUnits$/^(weeks=12|slices=2016)$", Benchtime: "1x",
			About: "The roadmap of the Texas demo with its economics bought in whole units (2,000 kW turbines; battery blocks of 2,500 kWh with 1,250 kW) by the plan's " +
				"branch and bound (plan/doc.go, \"Whole units\"), one solver instance, over 12 typical weeks and 2,016 chronological slices; " +
				"weeks=12/highs-mip is the same 12 weeks by HiGHS's own branch and cut (Options.HiGHSMIP), the reference. " +
				"The full year (sub-benchmark full, a minute or two) is not in the suite: plan/doc.go has it by hand."},
		{ID: "plan-frontier11", Package: "./plan/", Bench: "^BenchmarkFrontier11$/^solvers=1$", Benchtime: "1x",
			About: "The full-year cost–carbon frontier of 11 points on one kept solver instance (13 solves: today's park and the least residual too), " +
				"against cold solves in the same process: x-one-solve is its wall time over one cold solve of the cheapest design (no residual bound, " +
				"the easiest point); then each of the 11 points is solved cold in a Model of its own (its cost checked against the warm point's): " +
				"x-mean-cold is the wall time over the mean of those solves, cold/warm their sum over the wall time.",
			Targets: []Target{
				{Text: "frontier of 11 points ≤ 3 × one solve (one solve: the cheapest design's cold solve)", Unit: "× one solve", Limit: 3,
					Figure: fig("plan-frontier11", "BenchmarkFrontier11/solvers=1", "x-one-solve", 1)},
				{Text: "frontier of 11 points ≤ 3 × one solve (one solve: the mean cold solve of its points)", Unit: "× one solve", Limit: 3,
					Figure: fig("plan-frontier11", "BenchmarkFrontier11/solvers=1", "x-mean-cold", 1)},
			}},
		{ID: "plan-frontier11-weeks12", Package: "./plan/", Bench: "^BenchmarkFrontier11Weeks12$", Benchtime: "1x",
			About: "The same frontier of 11 points on one instance over 12 representative weeks (--periods 12 --period-length 168h), the " +
				"frontier a planner screens with: x-one-solve is its wall time over one cold solve of the same reduced model's cheapest design, " +
				"x-mean-cold over the mean cold solve of its points, each over the same weeks. A third reading of the issue's frontier target, " +
				"beside plan-frontier11's two on the full year. Then each point's design measured over the full year at its own bound, as " +
				"`zeropark plan frontier --periods` does after the frontier: full-eval-s (the full-year model's build and the 11 solves, " +
				"every capacity fixed; a point that misses its bound two more, its least residual and cheapest operation: scenario.FrontierFullSeries, what the command runs), x-frontier (that over the frontier's wall time), held (points whose design keeps its bound over the " +
				"year) and worst-held-cost-error (the largest |cost error| among those, a fraction).",
			Targets: []Target{
				{Text: "frontier of 11 points ≤ 3 × one solve, over 12 representative weeks (one solve: the same weeks' cheapest design, cold)", Unit: "× one solve", Limit: 3,
					Figure: fig("plan-frontier11-weeks12", "BenchmarkFrontier11Weeks12", "x-one-solve", 1)},
			}},
		{ID: "scenario-checks", Package: "./scenario/", Bench: "^BenchmarkRoadmapChecks$", Benchtime: "3x",
			About: "A roadmap's three designs re-run through the dispatch as `zeropark plan` checks them (Scenario.CheckOperation: " +
				"perfect foresight and the rolling horizon each), over four weeks of the Texas demo: reuse=true as the command runs, " +
				"the zero-carbon design (near-zero's plus the offsets it buys) judged on near-zero's runs with its own ledger; " +
				"reuse=false runs every design, the reference."},
		{ID: "plan-margin-auto", Package: "./cmd/zeropark/", Bench: "^BenchmarkPlanMarginAuto$", Benchtime: "1x",
			About: "`zeropark plan --slices 2016 --margin auto` on the Texas demo (the search for the least margin at which each stage's " +
				"design holds in operation: a roadmap and its checks each round), against `zeropark plan --slices 2016` timed just before " +
				"in the same process: x-plan is the search's wall time over the plain plan's, rounds the roadmaps it planned, " +
				"near-zero-margin the margin near-zero's design was kept at."},
		{ID: "sweep-scaling", Package: "./sweep/", Bench: "^BenchmarkSweepScaling$", Benchtime: "5x",
			About: "The issue's sweep (battery 0–8 MWh × PV 1–5 MWp, 45 scenarios, one demo week each, mpc) on 1 and 2 workers, alternating; " +
				"pair-speedup is the reference: two processes running the 1-worker sweep at once (what the machine gives two independent jobs).",
			Targets: []Target{
				{Text: "sweep on 2 workers ≥ 1.7 × one", Unit: "×", Limit: 1.7, AtLeast: true, Figure: fig("sweep-scaling", "BenchmarkSweepScaling", "speedup", 1)},
			}},
		{ID: "serve-load", Package: "./serve/", Bench: "^BenchmarkServeLoad$", Benchtime: "1x", Flags: []string{"-serve.duration", "60s"},
			About: "50 clients on loopback for 60 s, half GET /plan, half POST /measurements, while the Controller steps five times a second; " +
				"the Step times are the server's own in the same run.",
			Targets: []Target{
				{Text: "POST /measurements p99 ≤ Step p99 + 2 ms", Unit: "ms over Step p99", Limit: 2,
					Figure: diff(fig("serve-load", "BenchmarkServeLoad", "post-p99-ms", 1), fig("serve-load", "BenchmarkServeLoad", "step-p99-ms", 1))},
				{Text: "GET /plan p99 ≤ 5 ms at 50 clients", Unit: "ms", Limit: 5, Figure: fig("serve-load", "BenchmarkServeLoad", "get-p99-ms", 1)},
			}},
	}
}

// Metric is one figure of a benchmark result line.
type Metric struct {
	Value float64
	Unit  string
}

// BenchResult is one result line of `go test -bench`.
type BenchResult struct {
	// Name is the benchmark's name without the -GOMAXPROCS suffix.
	Name string
	// N is the number of iterations.
	N int64
	// Metrics in the order printed: ns/op, then the custom metrics, then
	// B/op and allocs/op.
	Metrics []Metric
}

// Metric returns the figure of unit, and whether there is one.
func (r BenchResult) Metric(unit string) (float64, bool) {
	for _, m := range r.Metrics {
		if m.Unit == unit {
			return m.Value, true
		}
	}
	return 0, false
}

// BenchLineError is a result line whose figures do not parse.
type BenchLineError struct {
	Line int    // 1-based line number in the output
	Text string // the line
	Err  error  // ErrBenchLine
}

func (e *BenchLineError) Error() string {
	return fmt.Sprintf("%v: output line %d %q: want NAME ITERATIONS followed by VALUE UNIT pairs", e.Err, e.Line, e.Text)
}

func (e *BenchLineError) Unwrap() error { return e.Err }

var (
	procsSuffix = regexp.MustCompile(`-\d+$`)
	failLine    = regexp.MustCompile(`^(\s*--- FAIL: |FAIL\b|# )|(^|\t)panic: |--- FAIL: `)
)

// ParseBench reads the combined output of one `go test -bench` run and
// returns its result lines in order. Lines that are not results (the
// goos/pkg/cpu header, b.Log output, PASS, ok) are skipped; a result whose
// name and figures were split by other output between them is joined. An
// output reporting a failure (--- FAIL, FAIL, a panic, a build error)
// is an error wrapping ErrBenchFailed that quotes the failure; one with no
// result at all wraps ErrNoBenchResults (naming any skipped benchmark),
// never an empty list.
func ParseBench(out string) ([]BenchResult, error) {
	var (
		res      []BenchResult
		failures []string
		skips    []string
		pending  string // a benchmark name whose figures have not come yet
	)
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		trim := strings.TrimSpace(line)
		switch {
		case failLine.MatchString(line):
			failures = append(failures, trim)
			continue
		case strings.HasPrefix(trim, "--- SKIP: "):
			skips = append(skips, strings.TrimPrefix(trim, "--- SKIP: "))
			continue
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		name := ""
		switch {
		case strings.HasPrefix(f[0], "Benchmark"):
			name, f = f[0], f[1:]
			if len(f) == 0 || !isInt(f[0]) {
				// go test prints the name before running the benchmark and
				// the figures after it: what the benchmark printed
				// meanwhile comes between.
				pending = name
				continue
			}
		case pending != "" && isInt(f[0]):
			name = pending
		default:
			continue
		}
		pending = ""
		r, err := resultOf(name, f)
		if err != nil {
			return nil, &BenchLineError{Line: ln, Text: line, Err: ErrBenchLine}
		}
		res = append(res, r)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(failures) > 0 {
		return res, fmt.Errorf("%w: %s", ErrBenchFailed, strings.Join(failures, "; "))
	}
	if len(res) == 0 {
		if len(skips) > 0 {
			return nil, fmt.Errorf("%w: skipped: %s", ErrNoBenchResults, strings.Join(skips, "; "))
		}
		return nil, fmt.Errorf("%w: the -bench pattern matched no benchmark", ErrNoBenchResults)
	}
	return res, nil
}

func isInt(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// resultOf parses "N v1 u1 v2 u2 …" for benchmark name.
func resultOf(name string, f []string) (BenchResult, error) {
	n, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return BenchResult{}, err
	}
	f = f[1:]
	if len(f) == 0 || len(f)%2 != 0 {
		return BenchResult{}, errors.New("odd figures")
	}
	r := BenchResult{Name: procsSuffix.ReplaceAllString(name, ""), N: n}
	for i := 0; i < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return BenchResult{}, err
		}
		r.Metrics = append(r.Metrics, Metric{Value: v, Unit: f[i+1]})
	}
	return r, nil
}

// GoBenchRun is one entry measured: its results, the machine and how long
// the go test command took (compilation included).
type GoBenchRun struct {
	Bench   GoBench
	Machine Machine
	Took    time.Duration
	Results []BenchResult
}

// column is a unit shown in readable form: a large ns figure in ms or s,
// bytes in kB or MB.
type column struct {
	unit, shown string
	div         float64 // shown = figure / div
}

// readable chooses how to show unit given the figures of it.
func readable(unit string, vals []float64) column {
	top := 0.0
	for _, v := range vals {
		top = max(top, math.Abs(v))
	}
	c := column{unit: unit, shown: unit, div: 1}
	switch {
	case strings.HasPrefix(unit, "ns/"):
		per := strings.TrimPrefix(unit, "ns/")
		switch {
		case top >= 1e9:
			c.shown, c.div = "s/"+per, 1e9
		case top >= 1e6:
			c.shown, c.div = "ms/"+per, 1e6
		case top >= 1e4:
			c.shown, c.div = "µs/"+per, 1e3
		}
	case strings.HasPrefix(unit, "B/"):
		per := strings.TrimPrefix(unit, "B/")
		switch {
		case top >= 1e6:
			c.shown, c.div = "MB/"+per, 1e6
		case top >= 1e4:
			c.shown, c.div = "kB/"+per, 1e3
		}
	}
	return c
}

// num formats v with three or so significant digits, never in e-notation
// for the figures benchmarks report.
func num(v float64) string {
	a := math.Abs(v)
	switch {
	case v == math.Trunc(v) && a < 1e15:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case a >= 0.001:
		return strconv.FormatFloat(v, 'f', 3+int(math.Max(0, -math.Floor(math.Log10(a))-1)), 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

// GoBenchTag is the marker tag of an entry's sub-section inside the gobench
// section.
func GoBenchTag(id string) string { return "gobench/" + id }

// RenderGoBenchEntry renders one measured entry between its own markers:
// heading, what it measures, machine, command, the figures (one row per
// benchmark; one row per unit when there are more units than benchmarks
// and more than six) and its targets. get looks up figures of this
// regeneration for the targets (other entries' included).
func RenderGoBenchEntry(r GoBenchRun, get Lookup) string {
	var sb strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&sb, format, a...) }
	g := r.Bench
	w("%s\n### %s\n\n%s\n\nMeasured on %s.%s Command: `%s` (%s, compilation included).\n\n",
		beginMarker(GoBenchTag(g.ID)), g.ID, g.About, r.Machine, r.Machine.code(), g.Command(), r.Took.Round(time.Second))
	var units []string
	for _, b := range r.Results {
		for _, m := range b.Metrics {
			if !slices.Contains(units, m.Unit) {
				units = append(units, m.Unit)
			}
		}
	}
	cols := make([]column, len(units))
	for i, u := range units {
		var vals []float64
		for _, b := range r.Results {
			if v, ok := b.Metric(u); ok {
				vals = append(vals, v)
			}
		}
		cols[i] = readable(u, vals)
	}
	cell := func(b BenchResult, c column) string {
		if v, ok := b.Metric(c.unit); ok {
			return num(v / c.div)
		}
		return "–"
	}
	if len(units) > 6 && len(units) > len(r.Results) {
		w("| figure |")
		for _, b := range r.Results {
			w(" %s |", b.Name)
		}
		w("\n|---|%s\n| iterations |", strings.Repeat("--:|", len(r.Results)))
		for _, b := range r.Results {
			w(" %d |", b.N)
		}
		w("\n")
		for _, c := range cols {
			w("| %s |", c.shown)
			for _, b := range r.Results {
				w(" %s |", cell(b, c))
			}
			w("\n")
		}
	} else {
		w("| benchmark | iterations |")
		for _, c := range cols {
			w(" %s |", c.shown)
		}
		w("\n|---|--:|%s\n", strings.Repeat("--:|", len(cols)))
		for _, b := range r.Results {
			w("| %s | %d |", b.Name, b.N)
			for _, c := range cols {
				w(" %s |", cell(b, c))
			}
			w("\n")
		}
	}
	if len(g.Targets) > 0 {
		w("\n| target (issues) | measured | |\n|---|--:|---|\n")
		for _, t := range g.Targets {
			v, err := t.Figure(get)
			var void voidReading
			switch {
			case errors.As(err, &void):
				w("| %s | – | **not met**: %v |\n", t.Text, void)
			case err != nil:
				w("| %s | – | not measured: %v |\n", t.Text, err)
			case t.Met(v):
				w("| %s | %s %s | met |\n", t.Text, t.reading(v), t.Unit)
			default:
				w("| %s | %s %s | **not met** |\n", t.Text, t.reading(v), t.Unit)
			}
		}
	}
	w("%s\n", endMarker(GoBenchTag(g.ID)))
	return sb.String()
}

// LookupIn looks figures up in runs (by entry ID, benchmark name and unit).
func LookupIn(runs []GoBenchRun) Lookup {
	return func(id, bench, unit string) (float64, error) {
		i := slices.IndexFunc(runs, func(r GoBenchRun) bool { return r.Bench.ID == id })
		if i < 0 {
			return 0, fmt.Errorf("entry %s not run in this regeneration", id)
		}
		j := slices.IndexFunc(runs[i].Results, func(b BenchResult) bool { return b.Name == bench })
		if j < 0 {
			return 0, fmt.Errorf("no %s in entry %s", bench, id)
		}
		v, ok := runs[i].Results[j].Metric(unit)
		if !ok {
			return 0, fmt.Errorf("%s reports no %s", bench, unit)
		}
		return v, nil
	}
}

// Section returns the text between the markers of tag in doc (what
// ReplaceSection would replace), and whether doc has that section once.
func Section(doc, tag string) (string, bool) {
	b, e := beginMarker(tag), endMarker(tag)
	if strings.Count(doc, b) != 1 || strings.Count(doc, e) != 1 {
		return "", false
	}
	i, j := strings.Index(doc, b)+len(b), strings.Index(doc, e)
	if j < i {
		return "", false
	}
	return strings.TrimPrefix(doc[i:j], "\n"), true
}

// RenderGoBench renders the gobench section from every entry of list, in
// list order: the entries of runs freshly rendered, the others as old
// (the section's current text, for a regeneration of some entries with
// -gobench-filter) has them, or a line saying they were not measured yet.
func RenderGoBench(list []GoBench, runs []GoBenchRun, old string) string {
	var sb strings.Builder
	sb.WriteString("Each entry is one `go test -bench` run of its own, run one after another; each gives its machine, " +
		"its command and when it ran. Ratios are taken against a reference measured in the same process, or, where " +
		"a target names another entry, in the same regeneration.\n\n")
	get := LookupIn(runs)
	for _, g := range list {
		if i := slices.IndexFunc(runs, func(r GoBenchRun) bool { return r.Bench.ID == g.ID }); i >= 0 {
			sb.WriteString(RenderGoBenchEntry(runs[i], get))
		} else if body, ok := Section(old, GoBenchTag(g.ID)); ok {
			sb.WriteString(beginMarker(GoBenchTag(g.ID)) + "\n" + body + endMarker(GoBenchTag(g.ID)) + "\n")
		} else {
			fmt.Fprintf(&sb, "%s\n### %s\n\n%s\n\nNot measured yet: `%s`.\n%s\n", beginMarker(GoBenchTag(g.ID)), g.ID, g.About,
				g.Command(), endMarker(GoBenchTag(g.ID)))
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
