package plan

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/model"
)

// Model is a park's capacity-expansion LP, built once and kept with its
// solver instance: every question asked of it (today's park, each stage,
// each frontier point) changes column bounds or costs only, so each solve
// after the first hot-starts simplex from the last basis. A Model is
// not safe for concurrent use.
type Model struct {
	opt    Options
	in     *input
	park   *model.Park // in.park
	set    *model.SeriesSet
	ccosts *model.CapacityCosts
	cands  []candidate
	// stores are the park's storages in the order of
	// dispatch.EndValues (listStores), set by build.
	stores []store
	segs   []segment
	cal    *calendar
	red    *Reduction // nil for the full series
	reps   bool
	// nPeriods is N, the number of calendar periods (representative
	// periods only).
	nPeriods  int
	monthOf   []int // calendar month of each step
	months    int
	stepHours float64
	// annual turns a period figure into a yearly one: 8760 h / the
	// period's hours.
	annual float64
	k      constants
	col    columns
	// builtBy, when not 0, is the year of the pathway milestone that
	// built the park (Pathway): the errors name its capacity "built by"
	// that year rather than "today's".
	builtBy int

	// prog reports Options.Progress and Options.Working; shared with
	// forks.
	prog *progress
	// inst numbers the solver instance for Options.Working: 0, a fork of
	// concurrently its list's index.
	inst int

	prob           *lp.Problem
	baseLo, baseHi []float64 // the bounds every question starts from
	cost           []float64 // the plan's objective

	solver  lp.Solver
	backend lp.Backend // makes solver, and a fork's (plan.go)
	// method is the HiGHS method of cold solves ("" for another backend);
	// lastRank is the rank of the stage asked last (−1 before any).
	method   string
	lastRank int
	// last is the question asked last; primal is whether the solver is
	// set to hot-start primal simplex (else dual).
	last   question
	primal bool
	// oneRowFallbacks counts solveOneRow's fallbacks to primal simplex;
	// warmPath is the start warmNearZero gave near-zero (warmNone…).
	oneRowFallbacks, warmPath int
	// flatSolves counts solveFlat's solves, flatFallbacks those that hit
	// flatIterations.
	flatSolves, flatFallbacks int
	// concave: some step has export paying more than import, so a
	// question's solve is priced again by the regimes it chose (reprice);
	// regimeSolves counts those solves.
	concave      bool
	regimeSolves int
	repriced     bool // m.cost holds prices reprice set, not the guess's

	loaded   bool
	integral bool        // the solver holds the unit counts integer (units.go)
	relaxed  bool        // the unit counts are continuous in every question: a warm start's Model (warmNearZero)
	node     *bbNode     // the branch-and-bound node being solved (units.go), nil outside one
	search   *UnitSearch // the last question's branch and bound, for its design (units.go); nil when none
	// nodeBases are the optimal bases of the last branch and bound's
	// nodes by their bounds (bbNode.key), kept when it asked near-zero
	// for zero-carbon's (units.go) until another question is asked; nil
	// otherwise.
	nodeBases    map[string]*highs.Basis
	nodeBasesFor question
	curLo, curHi []float64 // bounds the solver holds
	curCost      []float64 // costs the solver holds
	lo, hi       []float64
	solves       int
	solveTime    time.Duration
	// instances is the most solver instances concurrently ran at once.
	instances int
	// The solves of forks (plan.go), added when they finish.
	forkSolves int
	forkTime   time.Duration
}

// New checks the park, its economics and its series, and builds the
// capacity-expansion LP: over the full series, or over opt.Periods
// representative periods. The series must be the park's, with
// weather-driven availability already derived (physics.Derive), as for
// [model.Resolve]: derived again after a PV array's or turbine's weather
// settings are edited in place, or New refuses the column
// ([model.ErrStale]). The park needs an economics object
// ([model.Park.CapacityCosts]); a candidate technology needs an asset of
// its kind to extend (add one of capacity 0). Errors unwrap to
// [ErrInvalid] or [model.ErrInvalid] for bad input, [model.ErrStale] for
// a stale derived column, [dispatch.ErrTooLarge]
// for an LP beyond [dispatch.MaxLPBytes] (use Options.Periods), and
// [dispatch.ErrMemory] for one that would not fit.
//
// New reads p and set once: the Model keeps a copy of the park (its
// economics included) and builds its LP from the series' values as they
// are then, so editing the park or the series afterwards changes nothing
// the Model answers, and nothing says so. To vary a cost or a capacity,
// edit the park and build a new Model for each value.
func New(p *model.Park, set *model.SeriesSet, opt Options) (*Model, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	in, err := prepare(p, set)
	if err != nil {
		return nil, err
	}
	if opt.RequireCleanShare {
		opt.Ledger.RequireCleanShare = true
	}
	m := &Model{opt: opt, in: in, park: in.park, set: set, ccosts: in.costs, cands: in.cands, stepHours: in.prof.Step.Hours()}
	if opt.Periods > 0 || opt.Slices > 0 {
		m.reps = true
		if opt.Slices > 0 {
			m.segs, m.cal, m.red, err = in.sliceSegments(&m.opt)
		} else {
			m.segs, m.cal, m.red, err = in.repSegments(&m.opt)
		}
		if err != nil {
			return nil, err
		}
		m.nPeriods = 0
		for _, s := range m.segs {
			m.nPeriods += len(s.members)
		}
	} else {
		m.segs, m.cal = in.fullSegments()
	}
	m.monthOf, m.months = monthIndex(m.cal.start, m.cal.step, m.cal.n)
	m.annual = 8760 / (float64(m.cal.n) * m.stepHours)
	if err := m.constants(); err != nil {
		return nil, err
	}
	if err := m.checkSize(); err != nil {
		return nil, err
	}
	if err := m.build(); err != nil {
		return nil, err
	}
	backend := opt.Backend
	m.lastRank = -1
	if backend == nil {
		m.method = opt.Method
		if m.method == "" {
			m.method = DefaultMethod
		}
		backend = highs.New(highs.Options{Method: m.method, MIPGap: opt.MIPGap})
	}
	m.backend = backend
	if opt.Progress != nil || opt.Working != nil {
		m.prog = &progress{fn: opt.Progress, work: opt.Working}
	}
	if m.solver, err = backend.NewSolver(); err != nil {
		return nil, fmt.Errorf("plan: %s solver: %w", backend.Name(), err)
	}
	if err := m.checkUnitsSolver(); err != nil {
		m.Close()
		return nil, err
	}
	n := m.prob.NumCols
	m.curLo, m.curHi, m.curCost = make([]float64, n), make([]float64, n), make([]float64, n)
	m.lo, m.hi = make([]float64, n), make([]float64, n)
	return m, nil
}

// Close releases the solver instance.
func (m *Model) Close() error {
	if m == nil || m.solver == nil {
		return nil
	}
	return m.solver.Close()
}

// constants sums the period totals that do not depend on the plan: the
// load, the heat load and the baseline as the ledger defines them (its
// report on an empty schedule of each segment: the baseline depends on
// the loads, signals and boilers only, none of which a plan changes),
// weighted, and the batteries' minimum content.
func (m *Model) constants() error {
	for _, s := range m.segs {
		empty, err := dispatch.NewSchedule(m.park, s.prof)
		if err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		r, err := dispatch.Account(m.park, empty, m.opt.Ledger)
		if err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		m.k.loadKWh += r.Energy.Load * s.weight
		m.k.baselineKg += r.BaselineKgCO2e * s.weight
		if r.Heat != nil {
			m.k.heatLoadKWhTh += r.Heat.LoadKWhTh * s.weight
		}
	}
	for _, bat := range m.park.Batteries {
		m.k.minKWh += bat.MinSoCKWh()
	}
	return nil
}

// checkSize refuses an LP beyond dispatch.MaxLPBytes or the memory left,
// before it is built: the dispatch's size over all segments' steps, plus
// the plan's rows (at most 2 + 2 per battery and one per PV array and
// turbine per step, 2 or 3 non-zeros each).
func (m *Model) checkSize() error {
	steps := 0
	for _, s := range m.segs {
		steps += s.prof.Len
	}
	size := dispatch.EstimateLP(m.park, steps)
	per := int64(2 + 2*len(m.park.Batteries) + len(m.park.PV) + len(m.park.Wind) + len(m.park.HeatPumps) + len(m.park.ElectricBoilers) + len(m.park.CHP) + len(m.park.FuelBoilers) + 3*len(m.park.ThermalStorage))
	nz := size.NonZeros + int64(steps)*(3*per+int64(len(m.park.PV)+len(m.park.Wind)+4))
	bytes := nz * dispatch.LPBytesPerNonZero
	if bytes > dispatch.MaxLPBytes {
		return fmt.Errorf("%w: the plan over %d steps is an LP of about %d non-zeros, %d MiB to build and solve (limit %d MiB): "+
			"use representative periods (Options.Periods), a coarser series step or a shorter period",
			dispatch.ErrTooLarge, steps, nz, bytes>>20, dispatch.MaxLPBytes>>20)
	}
	return dispatch.Footprint{SolverBytes: bytes}.Check()
}

// Reduction describes the representative periods the Model was built
// on; nil for the full series.
func (m *Model) Reduction() *Reduction { return m.red }

// question is what one solve asks: which rows are on, which capacities
// are free, and what is minimised.
type question struct {
	stage dispatch.Stage
	// low picks the low-carbon variant: lowReduction (emissions against
	// the baseline) or lowRenewable (renewable share of the electricity used).
	low int
	// band picks, for near-zero and zero-carbon on a split Model
	// (Model.split), the core row: bandAny, the core row at
	// Model.carbonPerTceMax, which holds on either side of the large-park
	// line, or bandBelow, the default band's limit with the consumption
	// held below the line.
	band int
	// today fixes every added capacity at 0.
	today bool
	// fixed, when set, fixes the added capacities at these values (one
	// per candidate).
	fixed []float64
	// pin, when set, holds the added capacities at these values through
	// the pin rows (pinRows), the capacity columns left free.
	pin []float64
	// atLeast, when set, bounds each added capacity from below (one per
	// candidate, capped at the candidate's bound; with whole units at the
	// whole units that fit, and the count bounded below too: setBounds):
	// a staged roadmap's stage building on the design before it
	// (Options.Staged). The bounds are set per question (setBounds starts
	// from baseLo), so the next question has them back.
	atLeast []float64
	// gate limits unserved load to the ledger's tolerance.
	gate bool
	// shed, when set, bounds unserved load and heat below the gate: the
	// frontier's questions (Model.Frontier), which buy carbon by building
	// and operating, never by leaving load unserved.
	shed *shedCap
	// epsilon bounds the residual (period tCO2e, negative rates as 0);
	// NaN for none.
	epsilon float64
	// objective replaces the plan's cost by another (diagnostics): nil
	// for cost.
	objective []float64
	// far marks a question whose optimum lies far from any other
	// question's (Model.leastResidual with the capacities free): it
	// starts cold whatever was asked before (coldFor).
	far bool
	// again marks the last question asked again with its objective
	// moved (Dinkelbach's later rounds, minRatio): it hot-starts even
	// with every capacity held (coldFor).
	again bool
}

// held reports whether q holds every added capacity: at 0 (today's
// park), fixed, or pinned.
func (q question) held() bool { return q.today || q.fixed != nil || q.pin != nil }

// plain reports whether q asks a stage's cheapest design and nothing
// else: the plan's cost, every capacity free (no lower bound from a
// staged roadmap either: the hot starts that rely on plain questions,
// solveOneRow and the node bases kept for zero-carbon, assume the last
// optimum is feasible under the same capacity bounds), no bound on the
// residual.
func (q question) plain() bool {
	return q.objective == nil && !q.held() && q.atLeast == nil && math.IsNaN(q.epsilon)
}

// coldFor reports whether question q should start cold (see solve): with
// every capacity fixed, when the core indicator's row switches on (the
// optimum moves far from any lower stage's: on the full year a cold
// interior-point solve of the presolved LP beat dual simplex from the old
// basis by more than half; package documentation, "Solver"), and for a
// far question (the least residual: on the greensboro-heat demo's full
// year 6.7 s cold in a diagnosis, against 341 s by dual and 16 s by primal
// simplex from the least unserved load's basis, and 77 s by dual simplex
// from low-carbon's as the frontier's first question after the roadmap).
// With every capacity fixed presolve removes the capacity rows, and the
// cold solve of what is left, a dispatch LP, is quicker than any hot
// start, another objective's too: evaluating the greensboro demo's
// 12-week near-zero design over its full year (it misses the stage), the
// diagnosis's least unserved load took 82,758 dual iterations, 67 s, hot
// from the infeasible evaluation, and its least residual 10,710, 9 s;
// started cold, that plan (`zeropark plan --demo greensboro --periods 12
// --period-length 168h --no-check`, which evaluates both designs) went
// from 150 s to 19 s with the same output. Only Dinkelbach's later rounds
// (again) stay hot.
func (m *Model) coldFor(q question) bool {
	near := dispatch.NearZeroCarbon.Rank()
	if m.prob.NumCols < coldMinColumns {
		return false
	}
	if q.far {
		return true
	}
	if q.held() {
		return !q.again
	}
	if q.objective != nil {
		return false
	}
	return q.stage.Rank() >= near && m.lastRank < near
}

// coldMethod is the HiGHS method of a cold solve of question q: dual
// simplex when every capacity is fixed or pinned (today's park, a design's
// evaluation, the warm start), where presolve leaves a dispatch LP that
// dual simplex solves quicker than interior point — on the Texas demo's
// full year with the capacities pinned at the 12-typical-week near-zero
// design 1.0 s against 4.5 s, today's park 0.9 s against 1.4–1.6 s —
// else Options.Method.
func (m *Model) coldMethod(q question) string {
	if q.held() {
		return highs.MethodSimplex
	}
	return m.method
}

// coldMinColumns: below this size a cold start gains nothing worth its
// presolve (the test parks re-solve in milliseconds either way). On the
// demo over 84 typical days (20,793 columns) the cold near-zero solve took
// 4.6 s, dual simplex from the low-carbon basis 12.8 s.
const coldMinColumns = 5000

const (
	lowReduction = iota
	lowRenewable
)

const (
	bandAny = iota
	bandBelow
)

// setBounds writes the bounds of question q into m.lo, m.hi.
func (m *Model) setBounds(q question) {
	lo, hi, c := m.lo, m.hi, &m.col
	copy(lo, m.baseLo)
	copy(hi, m.baseHi)
	switch {
	case q.today:
		for _, col := range c.add {
			hi[col] = 0
		}
	case q.fixed != nil:
		for i, col := range c.add {
			lo[col], hi[col] = q.fixed[i], q.fixed[i]
		}
	case q.pin != nil:
		for _, col := range c.pin {
			lo[col], hi[col] = 0, 0
		}
	}
	if q.atLeast != nil {
		for i, col := range c.add {
			v := math.Min(q.atLeast[i], hi[col])
			if n := c.unit[i]; n >= 0 {
				// Whole units: the count at least the fewest units that
				// hold v (to wholeTol: a design's additions are whole up
				// to rounding), at most those that fit in the room, and
				// the addition no more than that count's (a room of 650
				// kWp in blocks of 100 holds 6: a bound of 650 would be
				// infeasible).
				size := m.unitSize(i)
				k := math.Min(math.Max(0, math.Ceil(v/size-wholeTol)), hi[n])
				lo[n] = math.Max(lo[n], k)
				v = math.Min(v, k*size)
			}
			lo[col] = math.Max(lo[col], v)
		}
	}
	g := m.opt.limitFactor()
	led := &m.opt.Ledger
	rank := q.stage.Rank()
	if q.gate || rank >= dispatch.LowCarbon.Rank() {
		hi[c.unsE] = led.UnservedToleranceShare * g * m.k.loadKWh
		if c.unsH >= 0 {
			// The ledger's gate takes the larger of the two shares.
			hi[c.unsH] = led.UnservedToleranceShare * g * m.k.heatLoadKWhTh
		}
	}
	if q.shed != nil {
		hi[c.unsE] = math.Min(hi[c.unsE], q.shed.kWh)
		if c.unsH >= 0 {
			hi[c.unsH] = math.Min(hi[c.unsH], q.shed.kWhTh)
		}
	}
	resid := math.Inf(1)
	if !math.IsNaN(q.epsilon) {
		resid = q.epsilon
	}
	// Low-carbon's reduction row is low-carbon's alone: the ledger grants
	// near-zero on its own indicators, without low-carbon's (package
	// documentation, "Stage rows").
	if rank == dispatch.LowCarbon.Rank() && q.low == lowReduction {
		resid = math.Min(resid, (1-led.LowCarbonReductionMin)*g*m.k.baselineKg/1000)
	}
	hi[c.resid] = resid
	if rank == dispatch.LowCarbon.Rank() && q.low == lowRenewable {
		hi[c.sRen] = 0
	}
	if rank >= dispatch.NearZeroCarbon.Rank() {
		if q.band == bandBelow && c.sCoreBelow >= 0 {
			hi[c.sCoreBelow] = 0
			hi[c.sCons] = m.consumptionCeilingKgce()
		} else {
			hi[c.sCore] = 0
		}
		if led.RequireCleanShare {
			hi[c.sClean] = 0
			if c.sCleanHeat >= 0 {
				hi[c.sCleanHeat] = 0
			}
			hi[c.certs] = lp.Inf
		}
	}
	if rank >= dispatch.ZeroCarbon.Rank() {
		hi[c.sZero] = 0
		hi[c.offsets] = lp.Inf
	}
	m.node.bound(c.unit, lo, hi) // a branch-and-bound node's unit counts (units.go)
}

// solve answers question q: the optimal x (owned by the solver, valid
// until the next solve).
func (m *Model) solve(q question) (*lp.Result, error) {
	if m.node == nil {
		m.search = nil
		if m.branchFor(q) {
			return m.branchAndBound(q) // whole units: LPs of the nodes, through solve (units.go)
		}
		m.nodeBases, m.nodeBasesFor = nil, question{} // kept only from near-zero's search to zero-carbon's
	}
	m.setBounds(q)
	if m.repriced {
		// Every question starts from the guess's prices, so that its
		// design does not depend on the questions asked before it
		// (reprice finds a local optimum from where it starts).
		for k := range m.segs {
			m.segs[k].blk.ResetRegimes()
		}
		clear(m.cost)
		if err := m.costs(m.cost); err != nil {
			return nil, err
		}
		m.repriced = false
	}
	cost := m.cost
	if q.objective != nil {
		cost = q.objective
	}
	if err := m.push(cost); err != nil {
		return nil, err
	}
	if err := m.pinAt(q.pin); err != nil {
		return nil, err
	}
	if err := m.setIntegrality(m.mipFor(q) && m.opt.HiGHSMIP); err != nil {
		return nil, err
	}
	ms, tunable := m.solver.(highs.MethodSetter)
	cold := m.solves == 0
	tunable = tunable && m.method != ""
	switch {
	case cold && tunable && m.coldMethod(q) != m.method:
		if err := ms.SetMethod(m.coldMethod(q)); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
	case !cold && tunable && m.coldFor(q) && (m.node == nil || m.node.root()):
		// Start cold: presolve and the cold method.
		if err := errors.Join(ms.ClearBasis(), ms.SetMethod(m.coldMethod(q))); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		cold = true
	}
	hot := hotDual
	if !cold {
		hot = m.hotStart(q)
	}
	if err := m.setPrimal(hot == hotPrimal); err != nil {
		return nil, err
	}
	if q.objective == nil {
		m.lastRank = q.stage.Rank()
	}
	m.last = q
	start := time.Now()
	var r *lp.Result
	var err error
	switch hot {
	case hotOneRow:
		var from *highs.Basis
		if m.node != nil {
			from = m.node.start
		}
		r, err = m.solveOneRow(from)
	case hotFlat:
		r, err = m.solveFlat()
	default:
		r, err = m.solver.Solve()
	}
	m.solveTime += time.Since(start)
	m.solves++
	if cold && tunable {
		// Later questions hot-start simplex from this solve's basis
		// (interior point cannot: it clears the basis).
		if e := ms.SetMethod(highs.MethodSimplex); e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		return r, fmt.Errorf("plan: %w", err)
	}
	if m.concave && q.objective == nil {
		return m.reprice(r)
	}
	return r, nil
}

// reprice prices again the steps where export pays more than import by
// the regime the solution r chose (dispatch.Block.Reprice) and solves
// again by primal simplex from r's basis (a change of costs keeps it
// feasible), until no regime changes or after regimeRounds solves.
// Each round's objective is a tangent above the true concave cost that
// touches it at the last solution, so the design's true cost never rises
// (dispatch's documentation, "Where export pays more"). The prices stay
// in m.cost until the next question, which starts from the guess again.
func (m *Model) reprice(r *lp.Result) (*lp.Result, error) {
	for range regimeRounds {
		changed := 0
		for k := range m.segs {
			changed += m.segs[k].blk.Reprice(r.X)
		}
		if changed == 0 {
			break
		}
		m.repriced = true
		clear(m.cost)
		if err := m.costs(m.cost); err != nil {
			return nil, err
		}
		if err := errors.Join(m.push(m.cost), m.setPrimal(true)); err != nil {
			return nil, err
		}
		start := time.Now()
		r2, err := m.solver.Solve()
		m.solveTime += time.Since(start)
		m.solves++
		m.regimeSolves++
		if err != nil {
			return r2, fmt.Errorf("plan: priced again by regime: %w", err)
		}
		r = r2
	}
	return r, nil
}

// regimeRounds caps reprice's solves after a question's own; a variable
// so that a test can switch them off.
var regimeRounds = 8

// hotMethod is how a question hot-starts from the last basis (hotStart).
type hotMethod int

const (
	hotDual   hotMethod = iota // dual simplex
	hotPrimal                  // primal simplex
	hotOneRow                  // solveOneRow: one dual pivot, primal as fallback
	hotFlat                    // solveFlat: dual simplex without cost perturbation
)

// hotStart says how question q, asked after m.last, hot-starts: primal
// rather than dual simplex where the last optimum is feasible for q and
// only prices move it:
//   - zero-carbon right after near-zero-carbon, both with every capacity
//     free: near-zero's optimum with offsets bought for its residual is
//     feasible for zero-carbon, and only the offsets' price moves it. On
//     the Texas demo's full year primal simplex took 1.0 s (307
//     iterations) where dual simplex took 25.9 s (3,344). A solver whose
//     basis can be put back (HiGHS) takes solveOneRow instead: one dual
//     pivot on a simplex set up afresh, primal simplex as its fallback.
//   - a stage right after the same stage with its capacities pinned
//     (warmNearZero): the pinned optimum is feasible once the pins are
//     free, and only the pin columns' reduced costs (the capacities'
//     marginal values less their annual cost) are wrong. Near-zero took
//     6,299 primal iterations, 16 s, where dual simplex (which first
//     repairs those four reduced costs) took 7,479, 22 s.
//
// Every other hot start stays with dual simplex, measured too: the
// frontier's points walking up from the least residual (each loosening
// the residual's bound, so the last optimum stays feasible) took 21–49 s
// each by primal simplex, 5–18 s by dual.
func (m *Model) hotStart(q question) hotMethod {
	p := m.last
	plain := question.plain
	switch {
	case m.node != nil && m.node.start != nil:
		return hotOneRow // zero-carbon's node from near-zero's node of the same bounds (units.go)
	case m.solves == 0 || !plain(q) || q.gate != p.gate:
		return hotDual
	case m.mipFor(q) && !(m.node != nil && m.node.root() && p.pin != nil):
		// Whole units: a node hot-starts dual simplex from the basis its
		// search holds or puts back (units.go), the root from a warm
		// start's pins as a continuous plan does.
		return hotDual
	case p.pin != nil && p.objective == nil && math.IsNaN(p.epsilon):
		if q.stage == p.stage && q.low == p.low && q.band == p.band {
			return hotPrimal
		}
		if _, ok := m.solver.(basisSolver); ok && m.reps {
			return hotFlat
		}
		return hotDual
	case plain(p) && q.stage == dispatch.ZeroCarbon && p.stage == dispatch.NearZeroCarbon && q.band == p.band:
		if _, ok := m.solver.(basisSolver); ok {
			return hotOneRow
		}
		return hotPrimal
	}
	return hotDual
}

// solveOneRow solves zero-carbon right after near-zero-carbon (hotStart's
// first case) on a basisSolver. Near-zero's optimum violates one row of zero-carbon's, the
// residual against the offsets, and is otherwise optimal: when buying
// offsets is the cheapest way to cover the residual, one pivot of dual
// simplex (the offsets in, that row's slack out) reaches zero-carbon's
// optimum. HiGHS's defaults do not take it: its dual simplex sets up
// steepest-edge weights for every row first (on the greensboro demo's
// full year after a cold near-zero, 14 s before its single iteration),
// and its cost perturbation turns the one pivot into thousands (on the
// Texas demo 2,754 iterations, 8.7 s, with Devex pricing). So the basis is
// put back with a simplex set up afresh (HiGHS reads the edge weight
// strategy only then) under Devex pricing and without perturbation, and
// dual simplex takes one iteration on both demos, where primal simplex
// took 350 (1.3 s, Texas, warm start) and 3,582 (13.5 s, greensboro, cold
// near-zero). If it has not finished within oneRowIterations (the
// offsets' price is above what building would cost, so the design moves,
// or it stalls without perturbation) the basis is put back once more and
// primal simplex solves it as before. Devex stays the instance's pricing
// until its next cold solve or SetBasis; the options are restored. The
// basis put back is from, when set (a zero-carbon node's start: near-zero's
// optimal basis of the node of the same bounds, units.go), else the one
// the solver holds.
func (m *Model) solveOneRow(from *highs.Basis) (*lp.Result, error) {
	s := m.solver.(basisSolver) // hotStart checked
	b, err := from, error(nil)
	if b == nil {
		b, err = s.Basis()
	}
	if err != nil { // no basis to put back: primal simplex from the one held
		m.oneRowFallbacks++
		if err := m.setPrimal(true); err != nil {
			return nil, err
		}
		return m.solver.Solve()
	}
	err = errors.Join(s.SetOption(optDualEdgeWeight, edgeWeightDevex), s.SetOption(optCostPerturbation, 0.0),
		s.SetOption(optIterationLimit, oneRowIterations), s.SetBasis(b))
	var r *lp.Result
	if err == nil {
		r, err = m.solver.Solve()
	}
	if e := defaultOptions(s); e != nil {
		return nil, fmt.Errorf("plan: %w", e)
	}
	if err == nil || (!errors.Is(err, lp.ErrIterationLimit) && r != nil) {
		return r, err // optimal, or the solver's own answer (infeasible…)
	}
	// The iteration limit, or an option or the basis refused: primal
	// simplex from near-zero's basis, as without solveOneRow.
	m.oneRowFallbacks++
	if err := s.SetBasis(b); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	if err := m.setPrimal(true); err != nil {
		return nil, err
	}
	return m.solver.Solve()
}

// solveFlat solves a question by dual simplex without HiGHS's cost
// perturbation: the hot start of near-zero-carbon over representative
// periods or chronological slices from low-carbon's pinned optimum
// (warmNearZero's second pinning, hotStart). The perturbation keeps dual simplex off degenerate
// vertices at the price of a cleanup once it is removed; on that start it
// cost time and no iterations: Texas's 12 typical weeks took 3,361 and
// 3,371 iterations with and without it, near-zero 1.80–1.86 s against
// 1.51–1.59 s (four runs each, in turn); 84 typical days 5.3 and 5.2 s
// against 4.6 and 4.5 s (the whole roadmap), greensboro's 12 weeks 0.89
// and 0.99 s against 0.79 and 0.78 s; 2,016 slices within the noise
// (2.88 and 2.79 s against 2.77 and 3.02 s). On the full year (greensboro,
// whose near-zero takes this start too) it was slower, 15.3–15.7 s
// against 17.3–18.1 s, so full-series Models keep the perturbation
// (BenchmarkRoadmapWeeks12, BenchmarkRoadmapDays, BenchmarkGreensboro by
// hand, 2026-12-01). Without perturbation dual simplex can stall on a
// degenerate LP, so after flatIterations iterations the perturbation is
// put back and the solve goes on from where it stopped.
func (m *Model) solveFlat() (*lp.Result, error) {
	s := m.solver.(basisSolver) // hotStart checked
	if err := errors.Join(s.SetOption(optCostPerturbation, 0.0), s.SetOption(optIterationLimit, flatIterations)); err != nil {
		return nil, fmt.Errorf("plan: %w", errors.Join(err, defaultOptions(s)))
	}
	m.flatSolves++
	r, err := m.solver.Solve()
	if e := defaultOptions(s); e != nil {
		return nil, fmt.Errorf("plan: %w", e)
	}
	if !errors.Is(err, lp.ErrIterationLimit) {
		return r, err
	}
	m.flatFallbacks++
	return m.solver.Solve()
}

// flatIterations caps solveFlat's unperturbed dual simplex (its starts
// took 1,500–6,000 iterations on the demos); a variable so that a test can
// force the fallback.
var flatIterations = 50000

// defaultOptions puts back HiGHS's defaults for the options solveOneRow
// and solveFlat change (solveFlat leaves the edge weights at their
// default, so setting them again changes nothing).
func defaultOptions(s basisSolver) error {
	return errors.Join(s.SetOption(optDualEdgeWeight, edgeWeightChoose), s.SetOption(optCostPerturbation, 1.0),
		s.SetOption(optIterationLimit, iterationLimitNone))
}

// basisSolver is a solver whose basis can be saved and put back, and
// whose options can be set between solves (*highs.Solver).
type basisSolver interface {
	Basis() (*highs.Basis, error)
	SetBasis(b *highs.Basis) error
	SetOption(name string, v any) error
}

// HiGHS's options and values for solveOneRow and solveFlat (HighsOptions.h): the
// defaults are Choose (−1), a multiplier of 1 and no limit (kHighsIInf).
const (
	optDualEdgeWeight   = "simplex_dual_edge_weight_strategy"
	optCostPerturbation = "dual_simplex_cost_perturbation_multiplier"
	optIterationLimit   = "simplex_iteration_limit"
	edgeWeightChoose    = -1
	edgeWeightDevex     = 1
	iterationLimitNone  = math.MaxInt32
)

// oneRowIterations caps solveOneRow's dual simplex; a variable so that a
// test can force the fallback.
var oneRowIterations = 1000

// pinAt sets the pin rows (pinRows) to hold the added capacities at pin;
// nil leaves them as they are (vacuous while the pin columns are free).
func (m *Model) pinAt(pin []float64) error {
	if pin == nil {
		return nil
	}
	rs, ok := m.solver.(interface {
		SetRowBounds(first int, lo, hi []float64) error
	})
	if !ok || m.col.pin == nil || len(pin) != len(m.col.pin) {
		return fmt.Errorf("plan: %s solver: cannot pin the capacities", m.backend.Name())
	}
	if err := rs.SetRowBounds(m.col.pinRow, pin, pin); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	return nil
}

// setPrimal sets HiGHS's simplex strategy to primal (4) or dual (1, its
// default) when it differs from the solver's; a no-op for another
// backend.
func (m *Model) setPrimal(primal bool) error {
	s, ok := m.solver.(interface{ SetOption(string, any) error })
	if !ok || primal == m.primal {
		return nil
	}
	strategy := simplexDual
	if primal {
		strategy = simplexPrimal
	}
	if err := s.SetOption("simplex_strategy", strategy); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	m.primal = primal
	return nil
}

// HiGHS's simplex_strategy values.
const (
	simplexDual   = 1
	simplexPrimal = 4
)

// push sends the bounds and costs that differ from what the solver holds
// (everything at the first solve).
func (m *Model) push(cost []float64) error {
	if !m.loaded {
		copy(m.prob.ColLo, m.lo)
		copy(m.prob.ColHi, m.hi)
		copy(m.prob.Cost, cost)
		if err := m.solver.Load(m.prob); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		copy(m.curLo, m.lo)
		copy(m.curHi, m.hi)
		copy(m.curCost, cost)
		m.loaded = true
		return nil
	}
	first, last := span(m.curLo, m.lo, m.curHi, m.hi)
	if first >= 0 {
		if err := m.solver.SetColBounds(first, m.lo[first:last+1], m.hi[first:last+1]); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		copy(m.curLo[first:last+1], m.lo[first:last+1])
		copy(m.curHi[first:last+1], m.hi[first:last+1])
	}
	first, last = span(m.curCost, cost, nil, nil)
	if first >= 0 {
		if err := m.solver.SetCosts(first, cost[first:last+1]); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		copy(m.curCost[first:last+1], cost[first:last+1])
	}
	return nil
}

// span is the first and last index where a differs from b (or c from d,
// when given); −1, −1 when none.
func span(a, b, c, d []float64) (first, last int) {
	first, last = -1, -1
	for i := range a {
		if a[i] != b[i] || (c != nil && c[i] != d[i]) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last
}

// SolveStats are the Model's solves so far: how many and their wall time.
type SolveStats struct {
	Solves  int
	Seconds float64
	Columns int
	Rows    int
	// Instances is the most solver instances that ran at once on this
	// Model so far: Options.Solvers resolved for a roadmap or a frontier
	// (Model.solvers, Model.frontierSolvers), 1 before either.
	Instances int
}

// Stats reports the Model's solves so far and the LP's size.
func (m *Model) Stats() SolveStats {
	return SolveStats{Solves: m.solves + m.forkSolves, Seconds: (m.solveTime + m.forkTime).Seconds(),
		Columns: m.prob.NumCols, Rows: m.prob.NumRows(), Instances: max(1, m.instances)}
}

// addSolves counts the solves of r, a Model m ran beside its own (a fork,
// the warm start's reduced Model), and of r's own such Models, in m's
// Stats.
func (m *Model) addSolves(r *Model) {
	m.forkSolves += r.solves + r.forkSolves
	m.forkTime += r.solveTime + r.forkTime
}

// infeasible reports whether err is the solver's infeasible outcome.
func infeasible(err error) bool { return errors.Is(err, lp.ErrInfeasible) }

// progress counts a roadmap's or frontier's solves for Options.Progress.
type progress struct {
	mu          sync.Mutex
	fn          func(done, total int)
	work        func(instance int, what string)
	done, total int
}

// working reports what m's instance works on now (Options.Working; a
// no-op without it).
func (m *Model) working(what string) {
	if p := m.prog; p != nil && p.work != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.work(m.inst, what)
	}
}

// startProgress reports that total solves are to come (a no-op without
// Options.Progress).
func (m *Model) startProgress(total int) {
	if p := m.prog; p != nil && p.fn != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.done, p.total = 0, total
		p.fn(0, total)
	}
}

// tick reports one more solve done: to Options.Working, m's instance
// idle, then to Options.Progress the count.
func (m *Model) tick() {
	if p := m.prog; p != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.work != nil {
			p.work(m.inst, "") // the question counted is done
		}
		if p.fn != nil {
			p.done = min(p.done+1, p.total)
			p.fn(p.done, p.total)
		}
	}
}

// endProgress reports the whole job done (the stages after one out of
// reach are never solved).
func (m *Model) endProgress() {
	if p := m.prog; p != nil && p.fn != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.done < p.total {
			p.done = p.total
			p.fn(p.done, p.total)
		}
	}
}
