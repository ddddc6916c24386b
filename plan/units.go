package plan

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
)

// Whole units (package documentation, "Whole units"): a candidate whose
// technology has a unit size (model.TechCosts.UnitSize: economics.wind.
// unit_kw, …) adds size × n for a whole n ≥ 0, an integer column of its
// own tied to its addition by add − size·n = 0. A battery whose energy and
// power both have a unit size adds whole blocks: one n for both rows.

// unitSize is the size of one whole unit of candidate i (its Unit), 0
// when it adds any amount.
func (m *Model) unitSize(i int) float64 {
	return techCosts(m.ccosts, m.cands[i].tech).UnitSize
}

// hasUnits reports whether any candidate adds whole units: the plan's
// questions with the capacities free are then mixed-integer programs.
func (m *Model) hasUnits() bool {
	for i := range m.cands {
		if m.unitSize(i) > 0 {
			return true
		}
	}
	return false
}

// UnitKeys names the economics keys (economics.wind.unit_kw, …) that
// make the plan buy whole units of a candidate, "" when it buys every
// candidate in any amount: with whole units the plan is a mixed-integer
// program, whose designs have no shadow prices
// (Design.ShadowCarbonPricePerTCO2e).
func (m *Model) UnitKeys() string { return m.unitKeys() }

// unitKeys names the economics keys that make the plan a MIP, for
// messages.
func (m *Model) unitKeys() string {
	var keys []string
	seen := map[Tech]bool{}
	for i, cd := range m.cands {
		if m.unitSize(i) > 0 && !seen[cd.tech] {
			seen[cd.tech] = true
			keys = append(keys, cd.tech.unitKey())
		}
	}
	return strings.Join(keys, ", ")
}

// unitKey is the economics key of the technology's unit size.
func (t Tech) unitKey() string {
	k := t.key() // economics.<tech>.max_total_<unit>
	return strings.Replace(k, ".max_total_", ".unit_", 1)
}

// maxUnits is the most whole units of candidate i that fit in its
// technology's room (whole, as an integer column's bound must be).
func (m *Model) maxUnits(i int) float64 {
	size := m.unitSize(i)
	room := techCosts(m.ccosts, m.cands[i].tech).MaxAdded()
	return math.Floor(room/size + 1e-9)
}

// blockPartner is, for a battery power candidate whose energy candidate
// (the same battery) also has a unit size, that energy candidate's index:
// the two share one count of blocks. −1 otherwise.
func (m *Model) blockPartner(i int) int {
	cd := m.cands[i]
	if cd.tech != TechBatteryPower || m.unitSize(i) == 0 {
		return -1
	}
	if e := m.candOf(TechBatteryEnergy, cd.asset); e >= 0 && m.unitSize(e) > 0 {
		return e
	}
	return -1
}

// addUnitColumns adds the integer count n of each candidate with a unit
// size, in [0, maxUnits] (a block's: the fewer of its two).
func (m *Model) addUnitColumns(b *lp.Builder) {
	c := &m.col
	c.unit = make([]int, len(m.cands))
	for i := range m.cands {
		c.unit[i] = -1
		if m.unitSize(i) == 0 || m.blockPartner(i) >= 0 {
			continue
		}
		c.unit[i] = b.AddCol(0, m.maxUnits(i), 0)
		if m.opt.HiGHSMIP {
			b.SetInteger(c.unit[i])
		}
	}
	for i := range m.cands {
		if e := m.blockPartner(i); e >= 0 {
			c.unit[i] = c.unit[e]
			hi := &b.Problem().ColHi[c.unit[e]]
			*hi = math.Min(*hi, m.maxUnits(i))
		}
	}
}

// unitRows write add − size·n = 0 for each candidate with a unit size.
func (m *Model) unitRows(b *lp.Builder) {
	for i, n := range m.col.unit {
		if n < 0 {
			continue
		}
		b.StartRow()
		b.Add(m.col.add[i], 1)
		b.Add(n, -m.unitSize(i))
		b.EndRow(0, 0)
	}
}

// branchFor reports whether question q is solved by the plan's branch and
// bound (units.go): whole units, not by HiGHS's MIP.
func (m *Model) branchFor(q question) bool { return m.mipFor(q) && !m.opt.HiGHSMIP }

// mipFor reports whether question q is solved with whole units: every
// question with the capacities free (the stages, the frontier's points
// and its least residual, the diagnoses of a stage out of reach), so that
// what it reports is what whole units reach. With every capacity held
// (today's park, an evaluation, a warm start's pins) the counts follow
// from the additions, and the LP is solved as one.
func (m *Model) mipFor(q question) bool { return m.hasUnits() && !q.held() && !m.relaxed }

// setIntegrality makes the count columns integer (mip) or continuous on
// the solver, when they are not already.
func (m *Model) setIntegrality(mip bool) error {
	if !m.hasUnits() || mip == m.integral {
		return nil
	}
	is, ok := m.solver.(lp.IntegralitySetter)
	if !ok {
		return m.noIntegers()
	}
	for i, n := range m.col.unit {
		if n < 0 || m.blockPartner(i) >= 0 {
			continue
		}
		if err := is.SetIntegrality(n, []bool{mip}); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
	}
	m.integral = mip
	return nil
}

// checkUnitsSolver refuses, when the plan has whole units, a backend that
// solves no integer columns (the gonum oracle): the relaxation is not the
// answer.
func (m *Model) checkUnitsSolver() error {
	if !m.hasUnits() || !m.opt.HiGHSMIP {
		return nil
	}
	if _, ok := m.solver.(lp.IntegralitySetter); !ok {
		return m.noIntegers()
	}
	return nil
}

func (m *Model) noIntegers() error {
	return fmt.Errorf("plan: %s solver: %w: whole units (%s) make the plan a mixed-integer program; use HiGHS",
		m.backend.Name(), lp.ErrNoIntegers, m.unitKeys())
}

// wholeUnits returns candidate i's addition v as whole units: the
// count, and v rounded to it (v itself when the candidate adds any
// amount, count 0).
func (m *Model) wholeUnits(i int, v float64) (count int, added float64) {
	size := m.unitSize(i)
	if size == 0 {
		return 0, v
	}
	n := math.Round(v / size)
	return int(n), n * size
}

// isWhole reports whether a count of units n is whole to the tolerance
// of a design read back from a file (1e-6 of n, and 1e-6 below one unit):
// the check of an evaluated design and [CheckWholeUnits] share it.
func isWhole(n float64) bool { return math.Abs(n-math.Round(n)) <= 1e-6*math.Max(1, n) }

// checkWhole reports an addition of a design to evaluate that is not a
// whole number of its candidate's units.
func (m *Model) checkWhole(i int, a Addition) error {
	size := m.unitSize(i)
	if size == 0 {
		return nil
	}
	if n := a.Added / size; !isWhole(n) {
		return inputErr("design.Additions["+a.Asset+"].Added", a.Added,
			fmt.Sprintf("must be whole units of %g %s (%s): %.4g units", size, a.Unit, m.cands[i].tech.unitKey(), n))
	}
	return nil
}

// UnitSearch is how the plan's branch and bound found a design with whole
// units (package documentation, "Whole units"): how close to the best
// whole design its cost is proven to be.
type UnitSearch struct {
	// MIPGapAsked is the relative gap the search stopped at
	// (Options.MIPGap; its 0 as highs.DefaultMIPGap).
	MIPGapAsked float64
	// MIPGapReached is (cost − bound) / |cost|, the design's LP objective
	// against the least any whole design could cost: the smallest
	// relaxation among the nodes left unexplored because they were within
	// the gap of the design (the design's own cost when none was, and the
	// design is then optimal: 0). It is at most MIPGapAsked.
	MIPGapReached float64
	// Nodes is the number of LPs solved, the root's included.
	Nodes int
	// CutOff counts the nodes whose LP stopped before its optimum, its
	// dual simplex's bound on it already above the best design's cost (on
	// HiGHS: lp.ErrObjectiveBound): pruned, and no part of the gap.
	CutOff int
	// Iterations is the simplex iterations of the nodes' LPs (an interior
	// point root's crossover not included).
	Iterations int
	// StoppedAtGap is set when a node was left unexplored for lying within
	// the gap only: a whole design up to MIPGapReached cheaper may exist.
	StoppedAtGap bool
}

// bbNode is a node of the branch and bound: bounds on the unit counts
// (one pair per candidate, as Model.col.unit; −Inf and +Inf where the
// base bounds hold).
type bbNode struct {
	lo, hi []float64
	// parentCost is the parent's relaxation's objective, no more than
	// this node's: −Inf at the root.
	parentCost float64
	depth      int
	// start, when set, is the basis the node starts from, by one dual
	// pivot (solveOneRow): near-zero-carbon's optimal basis of the node
	// of the same bounds, for zero-carbon's (Model.nodeBases).
	start *highs.Basis
	// parentBasis, when set, is the optimal basis of the node's parent,
	// put back before its LP (prepareNode): the second child of a node,
	// solved after the first child's subtree.
	parentBasis *highs.Basis
}

// root reports whether n is the root: the only node that may start cold
// (coldFor) or from a warm start's pins (hotStart); every other
// hot-starts from the node before it or from its start.
func (n *bbNode) root() bool { return math.IsInf(n.parentCost, -1) }

// key names n's bounds, for Model.nodeBases.
func (n *bbNode) key() string { return fmt.Sprint(n.lo, n.hi) }

// bound writes n's bounds on the counts, whose columns are cols
// (Model.col.unit), into lo, hi; a nil n (no branch and bound under way)
// leaves them.
func (n *bbNode) bound(cols []int, lo, hi []float64) {
	if n == nil {
		return
	}
	for i, col := range cols {
		if col < 0 {
			continue
		}
		lo[col] = math.Max(lo[col], n.lo[i])
		hi[col] = math.Min(hi[col], n.hi[i])
	}
}

// maxNodeBases caps Model.nodeBases and the open nodes that keep their
// parent's basis (bbNode.parentBasis): a basis holds a status per column
// and row (on the Texas demo's full year 87,622 and 56,078, 0.6 MB), and
// a search's first nodes are those zero-carbon's revisits first.
const maxNodeBases = 32

// zeroAfter reports whether q, zero-carbon, asks what p, near-zero, asked
// but for zero-carbon's rows: both plain, with the same gate and no
// shedding bound.
func (p question) zeroAfter(q question) bool {
	return p.stage == dispatch.NearZeroCarbon && q.stage == dispatch.ZeroCarbon && p.plain() && q.plain() &&
		p.gate == q.gate && p.band == q.band && p.shed == nil && q.shed == nil
}

// wholeTol is how far from a whole number a count may be and count as
// whole: the solver's feasibility tolerance is 1e-7.
const wholeTol = 1e-6

// branchAndBound solves question q with whole units: the LP relaxation
// first (the counts continuous), then, depth first, the two children of
// the count furthest from a whole number (n ≤ ⌊v⌋ and n ≥ ⌈v⌉, the nearer
// first), pruning a node whose relaxation — or, before its LP, whose
// parent's — costs no less than the best whole design found less the gap
// (Options.MIPGap, relative). Every node is an LP that differs from the
// one before it in the bounds of a few count columns, so it hot-starts by
// dual simplex: a plan has few candidates, each with a few units of room,
// so the tree stays small. On HiGHS (prepareNode; package documentation,
// "Whole units", for the measurements) a node starts
//   - the first child, from its parent's optimal basis, the one the
//     solver holds;
//   - the second child, solved after the first child's subtree, from its
//     parent's basis put back (bbNode.parentBasis): its count is basic
//     there, so the basis stays dual feasible and dual simplex climbs
//     from the parent's cost, where the last basis of the other subtree
//     has that count at the far bound;
//   - zero-carbon's nodes, from near-zero's optimal basis of the node of
//     the same bounds, by one dual pivot (Model.nodeBases, solveOneRow);
//
// and, once a whole design is found, a node's dual simplex stops as soon
// as its dual objective, a lower bound on the node's relaxation, passes
// that design's cost (lp.ErrObjectiveBound: cut off, counted in
// UnitSearch.CutOff).
//
// It returns the best whole design's solution (a copy) or an error
// wrapping lp.ErrInfeasible when no whole units reach q.
func (m *Model) branchAndBound(q question) (res *lp.Result, err error) {
	gap := m.opt.MIPGap
	if gap == 0 {
		gap = highs.DefaultMIPGap // Options.MIPGap's 0, as HiGHS's MIP reads it
	}
	cols := m.col.unit
	root := &bbNode{lo: make([]float64, len(cols)), hi: make([]float64, len(cols)), parentCost: math.Inf(-1)}
	for i := range cols {
		root.lo[i], root.hi[i] = math.Inf(-1), math.Inf(1)
	}
	defer func() { m.node = nil }()
	var best *lp.Result
	var firstErr error
	search := &UnitSearch{MIPGapAsked: gap}
	// bound is the least relaxation of a node pruned within the gap of
	// an incumbent (but below it): the search's proof reaches no lower.
	bound := math.Inf(1)
	// pruned: no whole design below a node whose relaxation costs this
	// much is better than the best by more than the gap.
	pruned := func(cost float64) bool {
		if best == nil || cost < best.Objective-gap*math.Abs(best.Objective) {
			return false
		}
		bound = math.Min(bound, cost)
		return true
	}
	bs, onHiGHS := m.solver.(basisSolver)
	if onHiGHS {
		defer func() { // the search's own: no other question stops at a bound
			if e := defaultCutOff(bs); e != nil && err == nil {
				res, err = nil, fmt.Errorf("plan: %w", e)
			}
		}()
	}
	// Zero-carbon's nodes start from near-zero's optimal bases of the
	// same bounds; a near-zero search keeps its own for zero-carbon's.
	from := m.nodeBases
	if !m.nodeBasesFor.zeroAfter(q) {
		from = nil
	}
	m.nodeBases, m.nodeBasesFor = nil, question{}
	if onHiGHS && q.stage == dispatch.NearZeroCarbon && q.plain() {
		m.nodeBases, m.nodeBasesFor = map[string]*highs.Basis{}, q
	}
	trace := func(n *bbNode, what string, r *lp.Result, d time.Duration) {
		if bbTrace != nil {
			bbTrace(m.traceEvent(q, n, what, r, best, d))
		}
	}
	stack := []*bbNode{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if pruned(n.parentCost) {
			trace(n, "parent", nil, 0)
			continue // an incumbent found since its parent was solved: no LP needed
		}
		n.start = from[n.key()]
		if onHiGHS {
			if err := m.prepareNode(bs, n, best); err != nil {
				return nil, err
			}
		}
		m.node = n
		search.Nodes++
		t0 := time.Now()
		r, err := m.solve(q)
		dt := time.Since(t0)
		if r != nil {
			search.Iterations += r.Iterations
		}
		if infeasible(err) {
			trace(n, "infeasible", nil, dt)
			if n.root() {
				firstErr = err
			}
			continue
		}
		if errors.Is(err, lp.ErrObjectiveBound) {
			trace(n, "cutoff", r, dt)
			search.CutOff++
			continue // its relaxation costs more than the incumbent: no part of the gap
		}
		if err != nil {
			return nil, err
		}
		if m.nodeBases != nil && len(m.nodeBases) < maxNodeBases {
			b, err := bs.Basis()
			if err != nil {
				return nil, fmt.Errorf("plan: %w", err)
			}
			m.nodeBases[n.key()] = b
		}
		if pruned(r.Objective) {
			trace(n, "pruned", r, dt)
			continue
		}
		i, v := m.mostFractional(r.X, cols)
		if i < 0 {
			trace(n, "incumbent", r, dt)
			best = &lp.Result{Status: r.Status, Objective: r.Objective, X: slices.Clone(r.X), Iterations: r.Iterations}
			continue
		}
		trace(n, "branch", r, dt)
		down, up := n.child(r.Objective), n.child(r.Objective)
		down.hi[i], up.lo[i] = math.Floor(v), math.Ceil(v)
		first, second := down, up
		if v-math.Floor(v) >= 0.5 {
			first, second = up, down
		}
		if onHiGHS && len(stack) < maxNodeBases {
			// The second child is solved after the first's subtree: from
			// this basis, not from the last of that subtree.
			if second.parentBasis, err = bs.Basis(); err != nil {
				return nil, fmt.Errorf("plan: %w", err)
			}
		}
		stack = append(stack, second, first) // the nearer child last on the stack: first explored
	}
	if best == nil {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, fmt.Errorf("plan: %w: no whole units (%s) reach %s", lp.ErrInfeasible, m.unitKeys(), stageName(q))
	}
	best.ReducedCost = make([]float64, len(best.X))
	for i := range best.ReducedCost {
		best.ReducedCost[i] = math.NaN() // a node's duals are not the MIP's
	}
	best.RowDual = make([]float64, m.prob.NumRows())
	for i := range best.RowDual {
		best.RowDual[i] = math.NaN()
	}
	if bound < best.Objective {
		search.StoppedAtGap = true
		search.MIPGapReached = (best.Objective - bound) / math.Max(math.Abs(best.Objective), 1e-12)
	}
	m.search = search
	return best, nil
}

// prepareNode sets HiGHS up for node n of a search whose best whole
// design so far is best (nil before the first):
//
//   - the cut-off: with best found, dual simplex stops once its dual
//     objective passes best's cost (HiGHS's objective_bound), and runs
//     without cost perturbation. HiGHS stops only when the dual objective
//     of the unperturbed costs passes the bound, and with the
//     perturbation on that is often −∞: one column with no upper bound
//     whose unperturbed reduced cost is a hair below 0 (within the dual
//     tolerance) is enough. On Texas over 2,016 slices near-zero's node
//     n_wind ≥ 2 then ran to its optimum, 2,213 iterations, where without
//     the perturbation it stopped after 548 (from the last basis, both).
//     The bound is best's own cost, not less the gap: a node cut off
//     costs more than the design and is no part of the gap reached.
//   - a basis put back: the parent's (n.parentBasis), or the one held
//     when the last solve was primal simplex (the root from a warm start's
//     pins, warmNearZero): dual simplex would first compute a steepest-
//     edge weight for every row, which on the full year took longer than
//     the node's iterations, so the basis is put back under Devex pricing,
//     which needs none. HiGHS reads the pricing when it sets the simplex
//     up afresh, at the next solve, and keeps it until it sets it up
//     again (the option itself is put back when the search ends,
//     defaultCutOff), as after solveOneRow.
func (m *Model) prepareNode(bs basisSolver, n *bbNode, best *lp.Result) error {
	if best != nil {
		if err := errors.Join(bs.SetOption(optObjectiveBound, best.Objective), bs.SetOption(optCostPerturbation, 0.0)); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
	}
	if n.root() || n.start != nil || (!m.primal && n.parentBasis == nil) {
		return nil
	}
	b, err := n.parentBasis, error(nil)
	if b == nil {
		b, err = bs.Basis()
	}
	if err == nil {
		err = errors.Join(bs.SetOption(optDualEdgeWeight, edgeWeightDevex), bs.SetBasis(b))
	}
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	return nil
}

// defaultCutOff puts back the options prepareNode sets: no objective
// bound, HiGHS's cost perturbation and pricing.
func defaultCutOff(s basisSolver) error {
	return errors.Join(s.SetOption(optObjectiveBound, objectiveBoundNone), s.SetOption(optCostPerturbation, 1.0),
		s.SetOption(optDualEdgeWeight, edgeWeightChoose))
}

// child is a copy of n's bounds, not the root, below a relaxation that
// cost cost.
func (n *bbNode) child(cost float64) *bbNode {
	return &bbNode{lo: slices.Clone(n.lo), hi: slices.Clone(n.hi), parentCost: cost, depth: n.depth + 1}
}

// HiGHS's objective_bound option (HighsOptions.h): dual simplex stops
// once its dual objective passes it; objectiveBoundNone lifts it (HiGHS's
// default is +Inf, which highs.Solver.SetOption refuses: no dual objective
// reaches the largest float either).
const (
	optObjectiveBound  = "objective_bound"
	objectiveBoundNone = math.MaxFloat64
)

// bbTrace, when set (a test's instrument: TestUnitsTrace), receives each
// node of every branch and bound.
var bbTrace func(bbEvent)

// bbEvent is one node of a branch and bound, for bbTrace.
type bbEvent struct {
	Stage      dispatch.Stage
	Low, Depth int
	// What became of the node: "parent" (pruned by its parent's
	// relaxation, no LP), "infeasible", "cutoff" (its LP stopped at the
	// incumbent's cost), "pruned" (by its relaxation), "incumbent" or
	// "branch".
	What string
	// Cost is the node's LP objective (NaN without one; after "cutoff"
	// that of the point dual simplex stopped at, which is no solution);
	// Parent its parent's; Incumbent the best whole design's before it
	// (NaN: none yet).
	Cost, Parent, Incumbent float64
	Iterations              int
	Seconds                 float64
	// Counts are the node's unit counts (a block's once), nil without an
	// LP.
	Counts []float64
}

// traceEvent is node n of the search for q, for bbTrace.
func (m *Model) traceEvent(q question, n *bbNode, what string, r, best *lp.Result, d time.Duration) bbEvent {
	ev := bbEvent{Stage: q.stage, Low: q.low, Depth: n.depth, What: what, Cost: math.NaN(), Parent: n.parentCost,
		Incumbent: math.NaN(), Seconds: d.Seconds()}
	if r != nil {
		ev.Cost, ev.Iterations = r.Objective, r.Iterations
		for i, col := range m.col.unit {
			if col >= 0 && m.blockPartner(i) < 0 {
				ev.Counts = append(ev.Counts, r.X[col])
			}
		}
	}
	if best != nil {
		ev.Incumbent = best.Objective
	}
	return ev
}

// mostFractional is the candidate whose count in x is furthest from a
// whole number (beyond wholeTol) and that count; −1 when all are whole.
func (m *Model) mostFractional(x []float64, cols []int) (int, float64) {
	at, worst, val := -1, wholeTol, 0.0
	for i, col := range cols {
		if col < 0 || m.blockPartner(i) >= 0 {
			continue
		}
		v := x[col]
		if d := math.Abs(v - math.Round(v)); d > worst {
			at, worst, val = i, d, v
		}
	}
	return at, val
}

// stageName names q's target for messages.
func stageName(q question) string {
	if q.stage == "" {
		return "the question asked"
	}
	return string(q.stage)
}
