package plan_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"

	"github.com/zeropark/zeropark/benchmarks"
	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/scenario"
)

// The benchmarks plan the Texas demo park over its full year (8760 hourly
// steps) with the test economics (demoEconomics). They only run with
// -bench; run them one at a time, once each, for the figures in
// BENCHMARKS.md (package documentation, "Solver"):
//
//	go test ./plan/ -run '^$' -bench 'BenchmarkRoadmap$/method=ipm/solvers=auto' -benchtime 1x
//	go test ./plan/ -run '^$' -bench 'BenchmarkRoadmapDays$|BenchmarkRoadmapWeeks12$' -benchtime 1x
//	go test ./plan/ -run '^$' -bench 'BenchmarkFrontier11$/solvers=1' -benchtime 1x
//
// Metrics: ns/op (wall time), s/solve (solver time per LP solve, summed
// over the instances), solves, each stage's total cost a year and solve
// time, peak-RSS-MB (the process's peak resident memory so far, HiGHS
// included: run one benchmark per process for a clean figure, or read
// /usr/bin/time -v's maximum resident set size) and, with representative
// periods, cost-err-% (each stage's total cost against the full year's
// optimum, solved once per process; the largest in absolute value).

// peakRSSMB is the process's peak resident set size so far, MB (NaN
// where getrusage(2) is not to be had: the test builds on every system).
func peakRSSMB() float64 {
	kb := benchmarks.PeakRSSKB()
	if kb <= 0 {
		return math.NaN()
	}
	return float64(kb) / 1024
}

// benchRoadmap plans the demo's roadmap once per iteration.
func benchRoadmap(b *testing.B, opt plan.Options) *plan.Roadmap {
	park, set := loadDemo(b)
	return benchRoadmapOf(b, park, set, opt)
}

// benchRoadmapOf plans park's roadmap over set once per iteration.
func benchRoadmapOf(b *testing.B, park *model.Park, set *model.SeriesSet, opt plan.Options) *plan.Roadmap {
	var rm *plan.Roadmap
	var st plan.SolveStats
	b.ResetTimer()
	for range b.N {
		m, err := plan.New(park, set, opt)
		require.NoError(b, err)
		rm, err = m.Roadmap()
		require.NoError(b, err)
		st = m.Stats()
		m.Close()
	}
	b.StopTimer()
	b.ReportMetric(st.Seconds/float64(st.Solves), "s/solve")
	b.ReportMetric(float64(st.Solves), "solves")
	b.ReportMetric(float64(st.Instances), "instances")
	b.ReportMetric(float64(st.Columns), "columns")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	b.ReportMetric(rm.Today.SolveSeconds, "today-s")
	for i, d := range rm.Stages {
		if d != nil {
			name := strings.ReplaceAll(string(plan.RoadmapStages()[i]), "-carbon", "")
			b.ReportMetric(d.TotalCostPerYear, name+"-USD/yr")
			b.ReportMetric(d.SolveSeconds, name+"-s")
		}
	}
	return rm
}

// fullYear is the demo's full-year roadmap, solved once per process (the
// reference of the reduced models' cost error).
var fullYear = sync.OnceValues(func() (*plan.Roadmap, error) {
	park, set, err := demoInputs()
	if err != nil {
		return nil, err
	}
	m, err := plan.New(park, set, demoOptions())
	if err != nil {
		return nil, err
	}
	defer m.Close()
	return m.Roadmap()
})

// BenchmarkRoadmap is the full-year hourly roadmap of the demo park: today's
// park, both low-carbon variants, near-zero and zero-carbon. Sub-benchmarks
// compare the default (solvers=auto: Options.Solvers = 0, two instances on
// two cores) with one instance, HiGHS's methods for the cold solves, and
// near-zero warm-started from 12 typical weeks (the default) or cold
// (Options.NoWarmStart). ns/op is wall time; s/solve sums solver time over
// the instances.
func BenchmarkRoadmap(b *testing.B) {
	for _, c := range []struct {
		method  string
		solvers int
		warm    bool
	}{{highs.MethodIPM, 0, true}, {highs.MethodIPM, 1, true}, {highs.MethodIPM, 1, false}, {highs.MethodSimplex, 1, true}} {
		solvers := "auto"
		if c.solvers > 0 {
			solvers = fmt.Sprint(c.solvers)
		}
		b.Run(fmt.Sprintf("method=%s/solvers=%s/warm=%t", c.method, solvers, c.warm), func(b *testing.B) {
			opt := demoOptions()
			opt.Method, opt.Solvers, opt.NoWarmStart = c.method, c.solvers, !c.warm
			benchRoadmap(b, opt)
		})
	}
}

// BenchmarkRoadmapWeeks12 is the roadmap over 12 representative weeks, and
// its cost error against the full year's optimum (BenchmarkRoadmap's).
func BenchmarkRoadmapWeeks12(b *testing.B) {
	benchReduced(b, 12, 7*24*time.Hour)
}

// BenchmarkRoadmapDays is the roadmap over K typical days (the default
// period length; 84 days are as many steps as 12 weeks), and its cost
// error against the full year's optimum.
func BenchmarkRoadmapDays(b *testing.B) {
	for _, k := range []int{12, 24, 36, 48, 84} {
		b.Run(fmt.Sprintf("days=%d", k), func(b *testing.B) { benchReduced(b, k, 24*time.Hour) })
	}
}

// BenchmarkRoadmapSlices is the roadmap over the full year cut into K
// chronological slices (Options.Slices; 2,016 are as many LP steps as 12
// weeks), its worst cost error against the full year's optimum, and
// x-weeks12: its wall time over that of the 12-week roadmap, timed once
// in the same process just before (a ratio that holds on a shared,
// noisy machine).
func BenchmarkRoadmapSlices(b *testing.B) {
	park, set := loadDemo(b)
	weeks := demoOptions()
	weeks.Periods, weeks.PeriodLength = 12, 7*24*time.Hour
	start := time.Now()
	m, err := plan.New(park, set, weeks)
	require.NoError(b, err)
	_, err = m.Roadmap()
	require.NoError(b, err)
	m.Close()
	weeksS := time.Since(start).Seconds()
	for _, k := range []int{1512, 2016} {
		b.Run(fmt.Sprintf("slices=%d", k), func(b *testing.B) {
			opt := demoOptions()
			opt.Slices = k
			start := time.Now()
			rm := benchRoadmapOf(b, park, set, opt)
			b.ReportMetric(time.Since(start).Seconds()/float64(b.N)/weeksS, "x-weeks12")
			reportYearError(b, rm)
		})
	}
}

// benchReduced is the roadmap over k representative periods of the given
// length, and its worst cost error against the full year.
func benchReduced(b *testing.B, k int, length time.Duration) {
	opt := demoOptions()
	opt.Periods, opt.PeriodLength = k, length
	rm := benchRoadmap(b, opt)
	reportYearError(b, rm)
	reportDesignsOnYear(b, rm)
}

// reportDesignsOnYear reports designsOnYear's readings of rm against the
// demo's full year (fullYear), on a Model of the full year built after
// the timer. Skipped with PLAN_BENCH_NO_REFERENCE.
func reportDesignsOnYear(b *testing.B, rm *plan.Roadmap) {
	if os.Getenv("PLAN_BENCH_NO_REFERENCE") != "" {
		return
	}
	full, err := fullYear()
	require.NoError(b, err)
	park, set, err := demoInputs()
	require.NoError(b, err)
	m, err := plan.New(park, set, demoOptions())
	require.NoError(b, err)
	defer m.Close()
	onYear, priced, missed := designsOnYear(b, rm, full, m)
	b.ReportMetric(onYear, "design-on-year-err-%")
	b.ReportMetric(priced, "priced-err-%")
	b.ReportMetric(float64(missed), "missed-on-year")
}

// designsOnYear evaluates each of rm's stage designs (a reduced model's)
// over the full series on ev (capacities fixed:
// [plan.Model.EvaluateUndiagnosed]), full being that series' optimum, and
// gives two more readings of the reduction's error, beside cost-err-%:
// onYear, the worst stage's full-series cost of the reduced design against
// the full optimum (what the planner pays for trusting the reduction), and
// priced, the worst stage's total as the reduced model prices its design
// against that design's full-series cost (the report's "cost error"
// column), both in % (the largest in absolute value); and missed, the
// stages for which the reduced model has no design that holds over the
// full series: out of reach on the reduction where the full series reaches
// them, or a design whose stage the full series refuses (left out of both
// readings, which it voids in BENCHMARKS.md's targets).
func designsOnYear(b *testing.B, rm, full *plan.Roadmap, ev *plan.Model) (onYear, priced float64, missed int) {
	for i, d := range rm.Stages {
		if d == nil {
			if full.Stages[i] != nil {
				missed++
			}
			continue
		}
		e, err := ev.EvaluateUndiagnosed(d)
		if errors.Is(err, plan.ErrUnreachable) {
			missed++
			continue
		}
		require.NoError(b, err)
		if full.Stages[i] == nil {
			continue // no optimum to compare with
		}
		worse(&onYear, 100*(e.TotalCostPerYear/full.Stages[i].TotalCostPerYear-1))
		worse(&priced, 100*(d.TotalCostPerYear/e.TotalCostPerYear-1))
	}
	return onYear, priced, missed
}

// worse sets *w to e when e is the larger in absolute value.
func worse(w *float64, e float64) {
	if math.Abs(e) > math.Abs(*w) {
		*w = e
	}
}

// reportYearError reports rm's cost-err-% against the demo's full year
// (fullYear), unless PLAN_BENCH_NO_REFERENCE is set.
func reportYearError(b *testing.B, rm *plan.Roadmap) {
	if os.Getenv("PLAN_BENCH_NO_REFERENCE") != "" {
		return
	}
	full, err := fullYear()
	require.NoError(b, err)
	reportCostError(b, rm, full)
}

// reportCostError reports cost-err-%: the largest relative difference, in
// absolute value, between a stage's total cost in rm and in full (the
// full series' optimum), over the stages both reach.
func reportCostError(b *testing.B, rm, full *plan.Roadmap) {
	worst := 0.0
	for i, d := range rm.Stages {
		if d == nil || full.Stages[i] == nil {
			continue
		}
		worse(&worst, 100*(d.TotalCostPerYear/full.Stages[i].TotalCostPerYear-1))
	}
	b.ReportMetric(worst, "cost-err-%")
}

// BenchmarkGreensboro plans the greensboro demo (poor solar, the grid's
// marginal carbon factor hour by hour; its park file's economics, REopt's
// defaults, and the test prices): the full year (full), then 12
// representative weeks, 36 and 84 typical days and 2,016 chronological
// slices with cost-err-% against the full year's optimum (solved by full,
// or here on the evaluating Model when full is not run) and
// missed-on-year, the stages without a design that holds over the full
// year (designsOnYear, as plan-weeks12 counts them). A second
// park for the representative periods' error and for the warm starts that
// do not pin near-zero (package documentation).
func BenchmarkGreensboro(b *testing.B) {
	park, set, err := demo.Load("greensboro")
	require.NoError(b, err)
	require.NoError(b, physics.Derive(park, set))
	var full *plan.Roadmap
	var ev *plan.Model // the full series, evaluating the reduced designs
	b.Cleanup(func() {
		if ev != nil {
			ev.Close()
		}
	})
	evaluator := func(b *testing.B) *plan.Model {
		if ev == nil {
			ev, err = plan.New(park, set, demoOptions())
			require.NoError(b, err)
		}
		return ev
	}
	reference := func(b *testing.B) *plan.Roadmap {
		if full == nil {
			full, err = evaluator(b).Roadmap()
			require.NoError(b, err)
		}
		return full
	}
	b.Run("full", func(b *testing.B) { full = benchRoadmapOf(b, park, set, demoOptions()) })
	for _, c := range []struct {
		name            string
		periods, slices int
		length          time.Duration
	}{{"weeks=12", 12, 0, 7 * 24 * time.Hour}, {"days=36", 36, 0, 24 * time.Hour}, {"days=84", 84, 0, 24 * time.Hour},
		{"slices=2016", 0, 2016, plan.DefaultPeriodLength}} {
		b.Run(c.name, func(b *testing.B) {
			opt := demoOptions()
			opt.Periods, opt.Slices, opt.PeriodLength = c.periods, c.slices, c.length
			rm := benchRoadmapOf(b, park, set, opt)
			reportCostError(b, rm, reference(b))
			_, _, missed := designsOnYear(b, rm, reference(b), evaluator(b))
			b.ReportMetric(float64(missed), "missed-on-year")
		})
	}
}

// BenchmarkFrontier11 is the full-year cost–carbon frontier of 11 points
// (after today's park, the cheapest design and the least residual), on one
// solver instance and on two (Options.Solvers). x-one-solve is its wall
// time over that of one cold solve of the cheapest design (in a Model of
// its own, timed in the same process just before); on one instance each
// point is then solved cold too (coldPoints: x-mean-cold, cold/warm).
func BenchmarkFrontier11(b *testing.B) {
	for _, n := range []int{2, 1} {
		b.Run(fmt.Sprintf("solvers=%d", n), func(b *testing.B) { benchFrontier(b, n, 0, 0) })
	}
}

// BenchmarkFrontier11Weeks12 is BenchmarkFrontier11 on one instance over
// 12 representative weeks: the frontier a planner screens with, its
// x-one-solve against one cold solve of the same reduced model's cheapest
// design, and each point solved cold over the same weeks.
func BenchmarkFrontier11Weeks12(b *testing.B) {
	benchFrontier(b, 1, 12, 7*24*time.Hour)
}

// benchFrontier measures the frontier of 11 points on solvers instances,
// over periods representative periods of length (0: the full series).
func benchFrontier(b *testing.B, solvers, periods int, length time.Duration) {
	park, set := loadDemo(b)
	opt := demoOptions()
	opt.Solvers = solvers
	if periods > 0 {
		opt.Periods, opt.PeriodLength = periods, length
	}
	one, err := plan.New(park, set, opt)
	require.NoError(b, err)
	start := time.Now()
	_, err = one.Plan("conventional")
	oneSolve := time.Since(start).Seconds()
	require.NoError(b, err)
	one.Close()
	var st plan.SolveStats
	var f *plan.Frontier
	b.ResetTimer()
	start = time.Now()
	for range b.N {
		m, err := plan.New(park, set, opt)
		require.NoError(b, err)
		f, err = m.Frontier(11)
		require.NoError(b, err)
		st = m.Stats()
		m.Close()
	}
	b.StopTimer()
	// One line (go test keeps only the first ten lines of a benchmark's log).
	var pts []string
	for i, pt := range f.Points {
		pts = append(pts, fmt.Sprintf("%d: ≤ %.1f t, %.0f USD, %s, %.2f s", i, pt.EpsilonTCO2ePerYear,
			pt.Design.TotalCostPerYear, pt.Design.Stage, pt.Design.SolveSeconds))
	}
	b.Logf("the frontier's points (residual bound a year, total cost a year, stage, warm solve): %s", strings.Join(pts, "; "))
	b.Logf("today's park: solved in %.2f s", f.Today.SolveSeconds)
	wall := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(st.Seconds, "solver-s")
	b.ReportMetric(oneSolve, "one-solve-s")
	b.ReportMetric(wall/oneSolve, "x-one-solve")
	b.ReportMetric(st.Seconds/float64(st.Solves), "s/solve")
	b.ReportMetric(float64(st.Solves), "solves")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	if solvers == 1 {
		coldPoints(b, f, opt, wall)
	}
	if periods > 0 {
		fullPoints(b, f, opt, wall)
	}
}

// fullPoints measures each of frontier f's points (traced over
// representative periods) over the full series at its own bound, as
// `zeropark plan frontier --periods` does (scenario.FrontierFullSeries:
// plan.Model.EvaluatePoint, point 0 with no bound, and for a point that
// misses its bound its least residual and cheapest operation), and
// reports full-eval-s (the model's build and those solves, one after the
// other), x-frontier (that over the frontier's wall seconds), held
// (points whose design keeps its bound over the full series) and the
// worst |cost error| of those.
func fullPoints(b *testing.B, f *plan.Frontier, opt plan.Options, wall float64) {
	park, set := loadDemo(b)
	opt.Periods, opt.Slices = 0, 0
	start := time.Now()
	full, err := plan.New(park, set, opt)
	require.NoError(b, err)
	defer full.Close()
	fs, err := scenario.FrontierFullSeries(full, f, nil)
	require.NoError(b, err)
	s := time.Since(start).Seconds()
	held, worst := 0, 0.0
	for _, p := range fs {
		if p.Unreachable == "" {
			held++
		}
		if p.CostError != nil {
			worst = math.Max(worst, math.Abs(*p.CostError))
		}
	}
	b.ReportMetric(s, "full-eval-s")
	b.ReportMetric(s/wall, "x-frontier")
	b.ReportMetric(float64(held), "held")
	b.ReportMetric(worst, "worst-held-cost-error")
}

// coldPoints solves each of frontier f's points cold, in a Model of its
// own, and reports what the warm-started frontier (wall seconds) saved:
// cold-mean-s and cold-median-s (one cold solve of a point), x-mean-cold
// (wall over cold-mean-s) and cold/warm (the cold solves' sum over wall).
// Each cold point, on a Model built with the frontier's options opt,
// must cost what its warm point cost.
func coldPoints(b *testing.B, f *plan.Frontier, opt plan.Options, wall float64) {
	park, set := loadDemo(b)
	secs := make([]float64, len(f.Points))
	for i, pt := range f.Points {
		m, err := plan.New(park, set, opt)
		require.NoError(b, err)
		eps := pt.EpsilonTCO2ePerYear
		if i == 0 {
			eps = math.NaN() // the cheapest design: no bound, as Frontier asks it
		}
		start := time.Now()
		d, err := plan.SolvePoint(m, eps)
		secs[i] = time.Since(start).Seconds()
		m.Close()
		require.NoError(b, err)
		require.InEpsilon(b, pt.Design.TotalCostPerYear, d.TotalCostPerYear, 1e-5, "point %d", i)
	}
	b.Logf("cold solve of each point, s: %.2f", secs)
	sum := floats.Sum(secs)
	mean := sum / float64(len(secs))
	sorted := slices.Clone(secs)
	slices.Sort(sorted)
	b.ReportMetric(mean, "cold-mean-s")
	b.ReportMetric(stat.Quantile(0.5, stat.Empirical, sorted, nil), "cold-median-s")
	b.ReportMetric(wall/mean, "x-mean-cold")
	b.ReportMetric(sum/wall, "cold/warm")
}
