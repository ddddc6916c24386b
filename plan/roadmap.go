package plan

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
)

// Roadmap is the cheapest design for each stage of the path low-carbon →
// near-zero-carbon → zero-carbon, against today's park.
type Roadmap struct {
	// Today is today's park, nothing added: the reference.
	Today *Design
	// Stages holds the designs for low-carbon, near-zero-carbon and
	// zero-carbon, in that order, each the cheapest reaching at least its
	// stage (low-carbon's may be near-zero's design, Target
	// near-zero-carbon: Model.Roadmap). Two entries with the same Target
	// are the same design (callers reuse one's checks for the other);
	// Unreachable[i] holds the error of a stage out of reach (an
	// [*UnreachableError]; its design is nil, and so are those of the
	// stages after it from near-zero on: low-carbon out of reach does not
	// stop the road).
	Stages      []*Design
	Unreachable []error
	// Reduction describes the representative periods the roadmap was
	// solved over (nil: the full series).
	Reduction *Reduction
	// Warnings collects today's and the stages' Design.Warnings, each
	// after the name of its design ("today", "low-carbon", …): a schedule
	// settled so that a battery can run it, a stage that falls below
	// its target for it, today's park leaving more load or heat
	// unserved than the ledger tolerates, and a low-carbon entry that is
	// near-zero's design. That entry lists only the warning saying so,
	// which ends "(its other warnings are near-zero-carbon's, listed
	// under it)": near-zero's own are listed once, under
	// "near-zero-carbon" (the entry's Design.Warnings hold them all).
	Warnings []string
}

// RoadmapStages are the stages a roadmap solves, in order.
func RoadmapStages() []dispatch.Stage {
	return []dispatch.Stage{dispatch.LowCarbon, dispatch.NearZeroCarbon, dispatch.ZeroCarbon}
}

// RoadmapSolves is the number of solves Options.Progress counts for a
// roadmap: today's park and each of RoadmapStages, and when staged
// (Options.Staged) each stage's after low-carbon once more: its staged
// step, a solve again with lower bounds where its design does not hold
// the one before it, else none, counted at once (Model.stage). A staged
// roadmap's total is thus its most, announced up front: a user watching
// sees the count climb to it and never fall back.
func RoadmapSolves(staged bool) int {
	n := 1 + len(RoadmapStages())
	if staged {
		n += len(RoadmapStages()) - 1
	}
	return n
}

// FrontierSolves is the number of solves Options.Progress counts for a
// frontier of points points: the least residual, each point and today's
// park.
func FrontierSolves(points int) int { return points + 2 }

// Roadmap solves today's park and the cheapest design of each stage, and
// prices each design's avoided carbon against today's. A stage out of
// reach has its error kept in Unreachable and the roadmap is returned
// without an error; any other failure is returned. Near-zero out of reach
// stops the road there (zero-carbon's Unreachable is near-zero's error);
// low-carbon out of reach does not (near-zero does not need its rows, and
// near-zero's design may then be low-carbon's entry: higherForLow).
//
// On one solver instance the questions follow one another:
// today, low-carbon, near-zero-carbon (cold, or on a large Model hot from
// a design over 12 typical weeks or days: see Options.NoWarmStart),
// zero-carbon (one dual pivot from near-zero's basis, solveOneRow). With two
// (Options.Solvers; by default on a large Model and two cores) one solves
// today and low-carbon while the other solves
// near-zero and zero-carbon; the road is cut afterwards at the first
// stage from near-zero on out of reach (zero-carbon needs near-zero's
// indicators; near-zero does not need low-carbon's), so the answers are
// those of solving in turn (package documentation, "Solver").
//
// Each entry is the cheapest design reaching at least its stage, as the
// ledger ranks it: zero-carbon's rows include near-zero's, and where
// near-zero's design is the cheaper way to low-carbon (behind a very
// clean grid, where near-zero does not imply low-carbon's rows; package
// documentation, "Stage rows") low-carbon's entry is near-zero's design,
// its Warnings saying so (higherForLow). So the LP's costs never fall
// along the road. A design whose schedule was settled
// (Design.AtOnceIntervals) is costed on the settled schedule, and
// between the low-carbon variants the one reaching its target is kept
// even when dearer ([better]): with such a design (Roadmap.Warnings not
// empty) a later stage may cost less.
//
// With Options.Staged each stage from near-zero on adds at least the
// design before it (a stage whose independent design does not is solved
// again with those lower bounds), low-carbon's entry is its own design
// (no higherForLow) and each design has its StepInvestment (package
// documentation, "Staged roadmap").
func (m *Model) Roadmap() (*Roadmap, error) {
	stages := RoadmapStages()
	var today *Design
	var todayErr error
	designs := make([]*Design, len(stages))
	errs := make([]error, len(stages))
	plan := func(m *Model, i int) error {
		m.working(string(stages[i]))
		designs[i], errs[i] = m.Plan(stages[i])
		m.tick()
		if stages[i] == dispatch.LowCarbon && errors.Is(errs[i], ErrUnreachable) {
			return nil // near-zero does not need low-carbon's rows: go on (Roadmap reads errs)
		}
		return errs[i]
	}
	todayStep := func(m *Model) error {
		m.working("today's park")
		today, todayErr = m.Today()
		m.tick()
		return todayErr
	}
	m.startProgress(RoadmapSolves(m.opt.Staged))
	defer m.endProgress()
	if err := m.concurrently(m.roadmapLists(plan, todayStep)...); err != nil {
		return nil, err
	}
	if todayErr != nil {
		return nil, todayErr
	}
	if m.opt.Staged {
		m.stage(designs, errs)
	}
	rm := &Roadmap{Today: today, Reduction: m.red}
	var stop error
	for i, st := range stages {
		d, err := designs[i], errs[i]
		if stop != nil {
			d, err = nil, stop
		}
		switch {
		case stop != nil:
		case errors.Is(err, ErrUnreachable):
			if st != dispatch.LowCarbon {
				stop = err // the stages above near-zero need its indicators
			}
			d = nil
		case err != nil:
			return nil, fmt.Errorf("plan: %s: %w", st, err)
		default:
			d.CostPerTCO2eAvoided = avoidedCost(today, d)
			m.againstToday(today, d)
		}
		rm.Stages = append(rm.Stages, d)
		rm.Unreachable = append(rm.Unreachable, err)
	}
	if m.opt.Staged {
		stepInvestments(rm.Stages)
	} else if d := m.higherForLow(rm.Stages[0], rm.Unreachable[0], rm.Stages[1]); d != nil {
		rm.Stages[0], rm.Unreachable[0] = d, nil
	}
	rm.Warnings = roadmapWarnings(today, rm.Stages)
	return rm, nil
}

// stage turns the independent roadmap (designs, errs: each stage's
// cheapest design on its own) into a staged one (Options.Staged): from
// near-zero on, a design that does not add at least what the stage before
// it adds, candidate by candidate, is solved again with those lower
// bounds. A design that already does is the staged optimum as it is: the
// staged question only narrows the independent one's feasible set, and
// the independent optimum lies in it. So a nested roadmap (the demos')
// costs nothing more than the independent one, warm starts and two
// instances included, and only the stages that break the nesting are
// solved again, on m's instance. A stage out of reach on its own is out
// of reach with lower bounds too; a stage after one out of reach keeps
// its design from today's park (stepInvestments says so). Each stage
// after low-carbon ticks Options.Progress once, solved again or not
// (RoadmapSolves).
func (m *Model) stage(designs []*Design, errs []error) {
	for i := 1; i < len(designs); i++ {
		prev, d := designs[i-1], designs[i]
		if prev == nil || d == nil || errs[i] != nil || contains(d, prev) {
			m.tick()
			continue
		}
		at := make([]float64, len(prev.Additions))
		for j, a := range prev.Additions {
			at[j] = a.Added
		}
		m.working(fmt.Sprintf("%s, on %s's design", RoadmapStages()[i], RoadmapStages()[i-1]))
		designs[i], errs[i] = m.planAtLeast(RoadmapStages()[i], at)
		m.tick()
	}
}

// contains reports whether d adds at least what prev adds of every
// candidate (to the solver's tolerance, 1e-6 relative).
func contains(d, prev *Design) bool {
	for j, a := range prev.Additions {
		if d.Additions[j].Added < a.Added-1e-6*math.Max(1, a.Added) {
			return false
		}
	}
	return true
}

// stepInvestments sets each staged design's StepInvestment: its
// Investment less the stage before it's (low-carbon's: less today's,
// nothing). A stage after one out of reach was solved from today's park:
// its step is its whole Investment, and a warning says so.
func stepInvestments(stages []*Design) {
	var prev *Design
	for i, d := range stages {
		if d == nil {
			prev = nil
			continue
		}
		step := d.Investment
		if prev != nil {
			step -= prev.Investment
			// Additions nest to the solver's tolerance (contains): a
			// difference within it is nothing bought, not −7e-9.
			if math.Abs(step) <= 1e-6*math.Max(1, d.Investment) {
				step = 0
			}
		} else if i > 0 {
			d.Warnings = append(d.Warnings, fmt.Sprintf("staged roadmap: %s is out of reach, so this design is solved from today's park, with nothing to build on",
				RoadmapStages()[i-1]))
		}
		d.StepInvestment = &step
		prev = d
	}
}

// higherForLow is near-zero's design near as low-carbon's entry of the
// roadmap, when it is the cheaper way to reach at least low-carbon: the
// ledger grants near-zero on its own indicators (the core indicator, and
// the clean share where required) without low-carbon's, so near-zero's
// rows do not include low-carbon's, and behind a grid clean enough
// near-zero's design can cost less than low, or low can be out of reach
// (lowErr) while near is not. nil: low stays. The entry is a copy of near
// (its Target near-zero-carbon, what it was planned for and what the
// operation and full-series checks judge it against) with a warning that
// says so; low's own design, dearer or out of reach, is dropped. Near is
// taken only where the ledger grants it near-zero or better: then always
// where low is out of reach or its settled schedule falls below
// low-carbon (better), and over a low that reaches low-carbon only where
// it costs less (low on a tie) and misses low-carbon's own limits as the
// plan sizes them (lowLimitsMet): a near within them is a design
// low-carbon's LP had, and its lower total can only come from what the
// LP's objective counts and the total does not (the end credit of Valued
// storage, the dispatch's tie-breaks), not from a cheaper way to the
// stage. (A near within them where low is out of reach is possible: the
// LP's residual is never below the ledger's, and its renewable row is
// conservative.)
func (m *Model) higherForLow(low *Design, lowErr error, near *Design) *Design {
	if near == nil || !near.Stage.Reaches(dispatch.NearZeroCarbon) {
		return nil
	}
	led := &m.opt.Ledger
	var why string
	switch {
	case low == nil && errors.Is(lowErr, ErrUnreachable):
		why = fmt.Sprintf("low-carbon's own rows are out of reach (%s)", strings.TrimPrefix(lowErr.Error(), "plan: "))
	case low == nil:
		return nil
	case !low.Stage.Reaches(dispatch.LowCarbon):
		why = fmt.Sprintf("low-carbon's own design, settled, is %s", low.Stage)
	case near.PricedCostPerYear() < low.PricedCostPerYear() && !m.lowLimitsMet(near):
		cur := ""
		if m.ccosts != nil && m.ccosts.Currency != "" {
			cur = " " + m.ccosts.Currency
		}
		more := "costs"
		if m.opt.CarbonPricePerTCO2e > 0 {
			more = "costs, with its carbon at the carbon price,"
		}
		why = fmt.Sprintf("low-carbon's own design %s %s%s a year more", more, formatQty(low.PricedCostPerYear()-near.PricedCostPerYear()), cur)
	default:
		return nil
	}
	own := "the core indicator"
	if led.RequireCleanShare {
		own = "the core indicator and the clean share"
	}
	d := *near
	d.Warnings = append([]string{fmt.Sprintf("near-zero-carbon's design, the cheapest reaching at least low-carbon: the ledger grants it %s on %s, "+
		"without low-carbon's %g %% reduction against the baseline or %g %% renewable share; %s",
		near.Stage, own, 100*led.LowCarbonReductionMin, 100*led.LowCarbonRenewableShareMin, why)}, near.Warnings...)
	return &d
}

// lowLimitsMet reports whether d's ledger meets one of low-carbon's own
// limits as the plan's rows hold them, tightened by Options.Margin: the
// reduction against the baseline or the renewable share of the served
// load.
func (m *Model) lowLimitsMet(d *Design) bool {
	led, mg := &m.opt.Ledger, 1-m.opt.Margin
	return d.Report.StageBasis.ReductionVsBaseline >= 1-(1-led.LowCarbonReductionMin)*mg ||
		d.Report.RenewableShare >= 1-(1-led.LowCarbonRenewableShareMin)*mg
}

// roadmapWarnings are Roadmap.Warnings: today's, then those of the
// designs of RoadmapStages (stages), each after its name; an entry that
// is another stage's design (low-carbon's that is near-zero's) lists only
// its first warning, the one saying so, its others being that stage's.
func roadmapWarnings(today *Design, stages []*Design) []string {
	out := designWarnings("today", today)
	for i, d := range stages {
		name := string(RoadmapStages()[i])
		if d != nil && string(d.Target) != name && len(d.Warnings) > 1 {
			out = append(out, name+": "+d.Warnings[0]+" (its other warnings are "+string(d.Target)+"'s, listed under it)")
			continue
		}
		out = append(out, designWarnings(name, d)...)
	}
	return out
}

// designWarnings are d's warnings, each after name (none: d nil).
func designWarnings(name string, d *Design) []string {
	var out []string
	if d != nil {
		for _, w := range d.Warnings {
			out = append(out, name+": "+w)
		}
	}
	return out
}

// roadmapLists orders the roadmap's solves: today and low-carbon (hot
// from today's basis) on one instance; near-zero (cold) and zero-carbon
// (hot from near-zero's basis, solveOneRow) on the other, or after them on
// the same one. plan(m, i) plans stage i of RoadmapStages on m. A stage
// that fails (out of reach or otherwise; plan lets low-carbon out of
// reach pass, as near-zero does not need its rows) ends its list: the
// road stops there, and the stages after it need its indicators.
func (m *Model) roadmapLists(plan func(m *Model, i int) error, today func(m *Model) error) []func(*Model) error {
	chain := func(steps ...func(*Model) error) func(*Model) error {
		return func(m *Model) error {
			for _, step := range steps {
				if step(m) != nil {
					break // Roadmap reads each step's error
				}
			}
			return nil
		}
	}
	stage := func(i int) func(*Model) error { return func(m *Model) error { return plan(m, i) } }
	warm := func(m *Model) error { m.warmNearZero(); return nil }
	if m.solvers() == 1 {
		return []func(*Model) error{chain(today, stage(0), warm, stage(1), stage(2))}
	}
	return []func(*Model) error{chain(today, stage(0)), chain(warm, stage(1), stage(2))}
}

// The warm start of near-zero (warmNearZero): on full-series Models of
// at least warmMinColumns columns over warmPeriods typical periods of
// warmLength; on Models over representative periods of at least
// warmRepsMinColumns columns (12 typical weeks, 84 typical days) over
// warmRepsPeriods of warmRepsLength; on Models over chronological slices
// of as many columns over half as many slices (warmSlicesDivisor).
// Variables so that a test can force it on a small park.
var (
	warmPeriods        = 12
	warmLength         = 7 * 24 * time.Hour
	warmMinColumns     = 50000
	warmRepsPeriods    = 12
	warmRepsLength     = 24 * time.Hour
	warmRepsMinColumns = 15000
)

// warmSlicesDivisor: a Model over K ≥ warmSlicesMin slices warm-starts
// from K/2, which warm-starts from K/4 in turn while that is at least
// warmSlicesMin, and so on. Texas's roadmap over 2,016 slices, in turn in
// one hour: 3.1 and 3.4 s from 1,008 slices, 4.1 and 4.2 s from 672, 4.4
// and 4.4 s from 12 typical days (whose design is further from the
// slices' own); cold interior point 4.7 s. Pinning near-zero's rows from
// the 1,008 slices' design was infeasible, and sized 3 or 6 % inside the
// limits so that the pins held, the primal hot start took 3.3 s against
// the dual's 1.5 s after low-carbon's pins. Nested, later the same day,
// against the 12-week roadmap timed just before in the same process
// (x-weeks12): the chain down to 504 slices 1.00 and 1.02, down to 252
// 0.95 and 1.00 (2.6–2.7 s), down to 126 1.19 and 1.10 (the 1,008
// slices' own near-zero took 1.16 s warm from 504 against 1.54 s cold).
// All by hand, 2026-12-01: BenchmarkRoadmapSlices (slices=2016; its
// x-weeks12 metric) with this constant, warmSlicesMin or the warm Model
// changed for each run; no option reruns the alternatives.
const warmSlicesDivisor = 2

// warmSlicesMin is the fewest slices that warm-start (a variable so that
// a test can force it on a small park).
var warmSlicesMin = 500

// warmFrom is the options of the Model warmNearZero sizes near-zero over
// for a Model of ncols columns (so far), and whether m gets the warm start
// at all (then it is pinnable: pinRows): on HiGHS, with candidates,
// without Options.NoWarmStart, and large enough. A full series' warm Model
// (12 weeks) warm-starts in turn from typical days, a sliced one from
// fewer slices; a representative periods' warm Model never does. With
// whole units the warm start is the branch and bound's root's (the
// relaxation: warmNearZero), but not HiGHS's own MIP's, which starts from
// no basis.
func (m *Model) warmFrom(ncols int) (ro Options, ok bool) {
	if m.opt.NoWarmStart || m.opt.Backend != nil || len(m.cands) == 0 || (m.hasUnits() && m.opt.HiGHSMIP) { // HiGHS's MIP starts from no basis
		return ro, false
	}
	ro = m.opt
	ro.Solvers, ro.NoWarmStart = 1, m.reps
	ro.Progress, ro.Working = nil, nil // m reports its warm start (warmNearZero)
	switch {
	case m.opt.Slices > 0:
		// Nested: K/2 slices warm-start from K/4 in turn, while at least
		// warmSlicesMin (warmSlicesDivisor).
		ro.Slices, ro.NoWarmStart = m.opt.Slices/warmSlicesDivisor, false
		return ro, m.opt.Slices >= warmSlicesMin
	case m.reps:
		ro.Periods, ro.PeriodLength = warmRepsPeriods, warmRepsLength
		return ro, ncols >= warmRepsMinColumns
	}
	ro.Periods, ro.PeriodLength = warmPeriods, warmLength
	return ro, ncols >= warmMinColumns
}

// warmNearZero leaves on m's solver a basis close to near-zero-carbon's
// optimum, so that the roadmap's near-zero solve hot-starts from it
// instead of starting cold: it sizes near-zero over warmPeriods typical
// weeks (a Model of its own, a few seconds, which warm-starts from
// typical days in turn when it is large enough) and solves m with the
// capacities pinned at that design (pinRows: a cold solve of the
// presolved LP, which leaves a basis of the whole LP with the capacity
// columns basic). That basis is feasible for near-zero with the pins
// free, and near-zero hot-starts primal simplex from it (hotStart). On
// the Texas demo's full year near-zero then took 16 s after 9 s of warm
// start, against 67–81 s cold, the same optimum (package documentation,
// "Solver").
//
// A design that misses near-zero over the full series (the pinned solve
// is infeasible) is pinned under low-carbon's rows instead, and near-zero
// hot-starts dual simplex from that optimum: its basis is dual feasible
// for near-zero up to the four pins' reduced costs, and primal
// infeasible in near-zero's rows. On the greensboro demo, whose 12 weeks
// size two thirds of the year's wind, near-zero then took 7,871
// iterations, 17.6 s, against 33.5 s cold by interior point; on the Texas
// demo, whose pinned year reaches near-zero, 29 s against 16–18 s by primal
// simplex from the near-zero pins, so the low-carbon pins stay the second
// choice. Anything else that fails (a series too short for the periods,
// a design infeasible even for low-carbon) leaves near-zero to start
// cold, as without it; the answers do not depend on it, only the time.
//
// A Model over representative periods (12 typical weeks: near-zero 4.3 s
// cold by interior point) warm-starts from 12 typical days and pins
// under low-carbon's rows straight away: on the Texas demo the designs of
// 12, 24 and 36 typical days, sized 5, 10 and 15 % inside the limits too,
// all missed near-zero over the weeks. Near-zero then took 3,361 dual
// iterations, 2.3 s, after 0.35 s for the days and 0.4 s for the pinned
// solve: the 12-week roadmap took 3.2 s against 4.7–4.8 s cold, run one
// after the other (2.4–3.0 s on two instances, against 4.4–4.8 s). On
// the greensboro demo's 12 weeks, 1.5 s against 3.0–3.1 s cold. The
// number of days matters through the design they give: from 16 days
// Texas took 1.7–1.9 s but greensboro 2.8–2.9 s, from 8 days 2.5–2.8 and
// 1.7 s; 12 stays. Devex pricing for near-zero's hot start after the
// low-carbon pins took 6,462 iterations, 4.3 s, against steepest edge's
// 3,361, 2.3 s (12 weeks, Texas).
//
// A Model over chronological slices warm-starts from half as many slices
// (warmSlicesDivisor), pinned under low-carbon's rows too. The full
// year's warm start stays on 12 weeks: from 2,016 (1,008) slices'
// design, which reaches near-zero over the year and is nearer its
// optimum, the Texas roadmap took 45 (32) s against 25 (23) s, run in
// turn (plan-roadmap-ipm's benchmark, by hand on code not kept,
// 2026-12-01).
//
// With whole units the warm Models solve near-zero's relaxation (the
// counts continuous: Model.relaxed), and the pins start the root of m's
// branch and bound, the relaxation too, as above; its nodes follow
// (units.go; package documentation, "Whole units", for what it saves).
//
// m.warmPath records which start near-zero got.
func (m *Model) warmNearZero() {
	near := dispatch.NearZeroCarbon
	if m.col.pin == nil { // not pinnable (warmFrom)
		return
	}
	ro, _ := m.warmFrom(m.prob.NumCols) // it may warm-start in turn (warmFrom)
	m.working(fmt.Sprintf("%s's warm start over %s", near, reducedWords(ro)))
	r, err := New(m.park, m.set, ro)
	if err != nil {
		return
	}
	defer r.Close()
	r.relaxed = true // with whole units, near-zero's relaxation: the root of m's branch and bound
	r.warmNearZero()
	res, err := r.solve(question{stage: near, epsilon: math.NaN()})
	m.addSolves(r)
	if err != nil {
		return
	}
	pin := r.additions(res.X)
	if !m.reps {
		if _, err := m.solve(question{stage: near, pin: pin, epsilon: math.NaN()}); err == nil {
			m.warmPath = warmPinned
			return
		}
	}
	if _, err := m.solve(question{stage: dispatch.LowCarbon, pin: pin, epsilon: math.NaN()}); err != nil {
		m.lastRank = -1 // near-zero starts cold (coldFor)
		return
	}
	// Near-zero hot-starts from this basis, not cold as after low-carbon's
	// own optimum (coldFor).
	m.lastRank = near.Rank()
	m.warmPath = warmPinnedLow
}

// reducedWords names the reduction of o: "12 typical weeks", "1,008
// chronological slices".
func reducedWords(o Options) string {
	switch {
	case o.Slices > 0:
		return fmt.Sprintf("%s chronological slices", formatQty(float64(o.Slices)))
	case o.PeriodLength == 7*24*time.Hour:
		return fmt.Sprintf("%d typical weeks", o.Periods)
	case o.PeriodLength == 24*time.Hour:
		return fmt.Sprintf("%d typical days", o.Periods)
	}
	return fmt.Sprintf("%d typical periods of %v", o.Periods, o.PeriodLength)
}

// Which start warmNearZero gave near-zero (Model.warmPath).
const (
	warmNone      = iota // cold
	warmPinned           // near-zero's rows, capacities pinned: primal simplex
	warmPinnedLow        // low-carbon's rows, capacities pinned: dual simplex
)

// pinnable reports whether a Model of ncols columns (so far) gets pin
// rows (pinRows): one warmNearZero warm-starts (warmFrom; on HiGHS, whose
// SetRowBounds moves the rows' bounds).
func (m *Model) pinnable(ncols int) bool {
	_, ok := m.warmFrom(ncols)
	return ok
}

// againstToday sets d's figures against today's park, all of one saving
// a year, (today's operating cost + fixed O&M) − (d's): its
// [Design.SimplePaybackYears], (Investment − Incentives) / saving, and
// its NetPresentValue and DiscountedPaybackYears over the economics'
// analysis years at their discount rate ([presentValue]), each addition
// an outlay of its net capital and its technology's lifetime.
func (m *Model) againstToday(today, d *Design) {
	todays := today.OperatingCostPerYear + today.FixedOMPerYear
	saved := todays - (d.OperatingCostPerYear + d.FixedOMPerYear)
	if math.Abs(saved) <= 1e-9*math.Max(1, math.Abs(todays)) {
		// The solver's digits, not a saving (QA s38 F6: a design adding
		// nothing, operated as today's park at 7e-10 CNY a year more, had
		// an NPV of −0.0000000089), as avoidedCost treats its tonnes.
		saved = 0
	}
	if net := d.Investment - d.Incentives; net > 0 && saved > 0 {
		v := net / saved
		d.SimplePaybackYears = &v
	}
	if m.ccosts == nil || m.ccosts.AnalysisYears < 1 {
		return
	}
	var outlays []outlay
	for _, a := range d.Additions {
		if a.Added > 0 {
			outlays = append(outlays, outlay{capital: a.Investment - a.Incentives, lifetime: techCosts(m.ccosts, a.Tech).LifetimeYears})
		}
	}
	npv, payback := presentValue(saved, outlays, m.ccosts.DiscountRatePerYear, m.ccosts.AnalysisYears)
	d.NetPresentValue, d.DiscountedPaybackYears = &npv, payback
}

// avoidedCost is (d's total − today's) / (today's net residual − d's),
// per tCO2e a year; nil when d avoids nothing.
func avoidedCost(today, d *Design) *float64 {
	avoided := today.NetResidualTCO2ePerYear - d.NetResidualTCO2ePerYear
	if !(avoided > 1e-9*math.Max(1, math.Abs(today.NetResidualTCO2ePerYear))) {
		return nil
	}
	v := (d.TotalCostPerYear - today.TotalCostPerYear) / avoided
	return &v
}
