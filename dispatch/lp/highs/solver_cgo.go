//go:build cgo && (linux || darwin) && (amd64 || arm64)

package highs

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	gohighs "github.com/bartolsthoorn/gohighs/highs"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// Available reports whether this build links HiGHS.
const Available = true

// Solver is one HiGHS instance holding one model. It is not safe for
// concurrent use; use one Solver per goroutine.
type Solver struct {
	h       *gohighs.Solver
	fast    *direct // nil: use the portable gohighs calls
	numCols int
	numRows int
	// integer marks the loaded model's integer columns (Load,
	// SetIntegrality; nil for none) and mip says any is: a MIP's solves
	// have no duals.
	integer []bool
	mip     bool
	loaded  bool
	closed  bool
	res     lp.Result // returned by Solve; X, ReducedCost and RowDual reused
}

// NewSolver creates a HiGHS instance with options o (zero fields mean the
// defaults of [Options]).
func NewSolver(o Options) (*Solver, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	h, err := gohighs.NewSolver()
	if err != nil {
		return nil, fmt.Errorf("highs: %w: %w", lp.ErrSolver, err)
	}
	set := []error{
		h.SetBoolOption("output_flag", o.Output),
		h.SetBoolOption("log_to_console", o.Output),
		h.SetIntOption("threads", o.Threads),
		h.SetStringOption("solver", o.Method),
		h.SetFloatOption("mip_rel_gap", o.MIPGap),
	}
	if o.TimeLimitSeconds > 0 {
		set = append(set, h.SetFloatOption("time_limit", o.TimeLimitSeconds))
	}
	for _, name := range slices.Sorted(maps.Keys(o.Extra)) {
		set = append(set, setOption(h, name, o.Extra[name]))
	}
	if err := errors.Join(set...); err != nil {
		h.Close()
		return nil, fmt.Errorf("highs: setting options: %w: %w", ErrInvalidOptions, err)
	}
	return &Solver{h: h, fast: newDirect(h)}, nil
}

// SetOption sets HiGHS option name to v (a bool, int, float64 or string,
// as in [Options.Extra]) for the solves that follow; the model and its
// basis are kept. An unknown name or a value of the wrong type is an error
// wrapping [ErrInvalidOptions].
func (s *Solver) SetOption(name string, v any) error {
	if err := s.usable(); err != nil {
		return err
	}
	if err := checkOption(name, v); err != nil {
		return err
	}
	return setOption(s.h, name, v)
}

// setOption applies one checked option by its Go type; an int given for
// a float option is retried as a float.
func setOption(h *gohighs.Solver, name string, v any) error {
	var err error
	switch x := v.(type) {
	case bool:
		err = h.SetBoolOption(name, x)
	case int:
		if err = h.SetIntOption(name, x); err != nil && h.SetFloatOption(name, float64(x)) == nil {
			err = nil
		}
	case float64:
		err = h.SetFloatOption(name, x)
	case string:
		err = h.SetStringOption(name, x)
	}
	if err != nil {
		return fmt.Errorf("highs: option %q = %v: %w: %w", name, v, ErrInvalidOptions, err)
	}
	return nil
}

// SetMethod changes the instance's method (HiGHS's "solver" option, one
// of the Method constants) for the solves that follow. The model and its
// basis are kept: switching to MethodSimplex after an interior-point solve
// with crossover lets later solves hot-start from the basis crossover
// found, which interior point itself cannot do (it clears the basis).
func (s *Solver) SetMethod(method string) error {
	if err := s.usable(); err != nil {
		return err
	}
	if err := (Options{Method: method}).Validate(); err != nil {
		return err
	}
	if method == "" {
		method = MethodSimplex
	}
	if err := s.h.SetStringOption("solver", method); err != nil {
		return fmt.Errorf("highs: SetMethod(%q): %w: %w", method, lp.ErrSolver, err)
	}
	return nil
}

// ClearBasis drops the instance's solution and basis, keeping the model
// and options: the next Solve starts cold, with presolve, as the first
// did. A hot start pays off when the new optimum is near the old one; when
// it is far, a cold interior-point solve of the presolved model can be
// faster than dual simplex from the old basis on the full one.
func (s *Solver) ClearBasis() error {
	if err := s.usable(); err != nil {
		return err
	}
	if err := s.h.ClearSolver(); err != nil {
		return fmt.Errorf("highs: ClearBasis: %w: %w", lp.ErrSolver, err)
	}
	return nil
}

// Basis returns the simplex basis HiGHS holds for the loaded model (after
// a solve, or one put back by SetBasis), for a later SetBasis. It needs
// the direct C path (see direct_cgo.go); without it, or with no basis,
// the error wraps lp.ErrSolver.
func (s *Solver) Basis() (*Basis, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	if !s.loaded {
		return nil, fmt.Errorf("highs: Basis: %w", lp.ErrNotLoaded)
	}
	b := &Basis{col: make([]int32, s.numCols), row: make([]int32, s.numRows)}
	if s.fast == nil || !s.fast.getBasis(b) {
		return nil, fmt.Errorf("highs: Basis: %w: no basis to read", lp.ErrSolver)
	}
	return b, nil
}

// SetBasis puts back basis b (from Basis, on the same loaded model) and
// drops what HiGHS's simplex kept of earlier solves (its factorisation,
// edge weights and the simplex options it copied when it first set up):
// the next Solve hot-starts from b, with a simplex set up afresh under the
// options in force then. HiGHS reads some simplex options, the dual edge
// weight strategy among them, only when it sets up, so SetBasis is how a
// hot start changes them.
func (s *Solver) SetBasis(b *Basis) error {
	if err := s.usable(); err != nil {
		return err
	}
	if !s.loaded {
		return fmt.Errorf("highs: SetBasis: %w", lp.ErrNotLoaded)
	}
	if b == nil || len(b.col) != s.numCols || len(b.row) != s.numRows {
		return fmt.Errorf("highs: SetBasis: %w: the basis is not of the loaded model", lp.ErrShape)
	}
	if s.fast == nil || !s.fast.setBasis(b) {
		return fmt.Errorf("highs: SetBasis: %w: HiGHS refused the basis", lp.ErrSolver)
	}
	return nil
}

func (s *Solver) usable() error {
	if s == nil || s.closed {
		return lp.ErrClosed
	}
	return nil
}

// Load passes p to HiGHS (row-wise), replacing any previous model and
// dropping its basis. p is checked first; a malformed p returns the
// [lp.Problem.Check] error and leaves the previous model in place.
func (s *Solver) Load(p *lp.Problem) error {
	if err := s.usable(); err != nil {
		return err
	}
	if err := p.Check(); err != nil {
		return fmt.Errorf("highs: load: %w", err)
	}
	start := p.Start
	if len(start) == 0 {
		start = []int{0}
	}
	var integrality []gohighs.VariableType
	if p.IsMIP() {
		integrality = varTypes(p.Integer)
	}
	err := s.h.PassModel(p.NumCols, p.NumRows(), p.Cost, p.ColLo, p.ColHi,
		p.RowLo, p.RowHi, start, p.Index, p.Value, integrality, false, 0)
	if err != nil {
		s.loaded = false
		return fmt.Errorf("highs: load: %w: %w", lp.ErrSolver, err)
	}
	s.numCols, s.numRows, s.loaded, s.mip = p.NumCols, p.NumRows(), true, integrality != nil
	s.integer = nil
	if s.mip {
		s.integer = append([]bool(nil), p.Integer...)
	}
	return nil
}

// varTypes is integer as HiGHS's variable types.
func varTypes(integer []bool) []gohighs.VariableType {
	out := make([]gohighs.VariableType, len(integer))
	for i, v := range integer {
		if v {
			out[i] = gohighs.Integer
		}
	}
	return out
}

// SetIntegrality marks columns first..first+len(integer)-1 of the loaded
// model integer (true) or continuous (false), for the solves that follow
// ([lp.IntegralitySetter]). With any column integer a Solve is HiGHS's
// branch and cut, to the relative gap [Options.MIPGap]: it has no duals
// (Result.ReducedCost is NaN) and leaves no basis to hot-start from. A
// column made integer must have whole bounds ([lp.WholeBound]): the
// caller's to ensure, as the solver does not keep the bounds.
func (s *Solver) SetIntegrality(first int, integer []bool) error {
	if err := s.checkRange("SetIntegrality", first, len(integer)); err != nil {
		return err
	}
	for i, t := range varTypes(integer) {
		if err := s.h.SetColIntegrality(first+i, t); err != nil {
			return fmt.Errorf("highs: SetIntegrality: column %d: %w: %w", first+i, lp.ErrSolver, err)
		}
	}
	if s.integer == nil {
		s.integer = make([]bool, s.numCols)
	}
	copy(s.integer[first:], integer)
	s.mip = slices.Contains(s.integer, true)
	return nil
}

// checkRange validates a change to columns first..first+n-1.
func (s *Solver) checkRange(op string, first, n int) error {
	return s.checkSpan(op, "column", first, n, s.numCols)
}

// checkSpan validates a change to the loaded model's items (what: "column"
// or "row") first..first+n-1 of size.
func (s *Solver) checkSpan(op, what string, first, n, size int) error {
	if err := s.usable(); err != nil {
		return err
	}
	if !s.loaded {
		return fmt.Errorf("highs: %s: %w", op, lp.ErrNotLoaded)
	}
	if first < 0 || first+n > size {
		return fmt.Errorf("highs: %s: %ss %d..%d outside [0, %d): %w", op, what, first, first+n-1, size, lp.ErrShape)
	}
	return nil
}

// checkBounds validates the bounds lo[i] ≤ hi[i] of a change to the
// loaded model's items (what: "column" or "row") first.., as
// [lp.Problem.Check] does: same lengths, no NaN, lo < +Inf, hi > −Inf.
func (s *Solver) checkBounds(op, what string, first int, lo, hi []float64, size int) error {
	if len(lo) != len(hi) {
		return fmt.Errorf("highs: %s: len(lo) = %d, len(hi) = %d: %w", op, len(lo), len(hi), lp.ErrShape)
	}
	if err := s.checkSpan(op, what, first, len(lo), size); err != nil {
		return err
	}
	for i := range lo {
		l, h := lo[i], hi[i]
		if math.IsNaN(l) || math.IsNaN(h) || math.IsInf(l, 1) || math.IsInf(h, -1) || l > h {
			return fmt.Errorf("highs: %s: %s %d: bounds [%v, %v]: %w", op, what, first+i, l, h, lp.ErrShape)
		}
	}
	return nil
}

// SetColBounds sets lo[i] ≤ x[first+i] ≤ hi[i]. Bounds are checked as in
// [lp.Problem.Check] before any is applied (an integer column's whole).
func (s *Solver) SetColBounds(first int, lo, hi []float64) error {
	if err := s.checkBounds("SetColBounds", "column", first, lo, hi, s.numCols); err != nil {
		return err
	}
	if s.mip { // no integer column (the usual LP, or one set continuous again): nothing to check
		for i := range lo {
			if s.integer[first+i] && !(lp.WholeBound(lo[i]) && lp.WholeBound(hi[i])) {
				return fmt.Errorf("highs: SetColBounds: integer column %d: bounds [%v, %v] must be whole (lp.WholeBound): %w",
					first+i, lo[i], hi[i], lp.ErrShape)
			}
		}
	}
	if s.fast != nil && s.fast.setBounds(first, lo, hi) {
		return nil
	}
	for i := range lo {
		if err := s.h.SetColBounds(first+i, lo[i], hi[i]); err != nil {
			return fmt.Errorf("highs: SetColBounds: column %d: %w: %w", first+i, lp.ErrSolver, err)
		}
	}
	return nil
}

// SetRowBounds sets lo[i] ≤ row first+i ≤ hi[i], keeping the basis: a
// row whose logical is nonbasic moves to the new bound it sat at (to 0
// when the row becomes free). Bounds are checked as in [lp.Problem.Check]
// before any is applied.
func (s *Solver) SetRowBounds(first int, lo, hi []float64) error {
	if err := s.checkBounds("SetRowBounds", "row", first, lo, hi, s.numRows); err != nil {
		return err
	}
	// gohighs has no call for row bounds: the direct path only.
	if s.fast == nil {
		return fmt.Errorf("highs: SetRowBounds: %w: the direct HiGHS calls could not be verified", lp.ErrUnavailable)
	}
	if !s.fast.setRowBounds(first, lo, hi) {
		return fmt.Errorf("highs: SetRowBounds: rows %d..%d: %w", first, first+len(lo)-1, lp.ErrSolver)
	}
	return nil
}

// SetCosts sets the objective coefficients of columns first..first+len(c)-1.
// Costs must be finite.
func (s *Solver) SetCosts(first int, c []float64) error {
	if err := s.checkRange("SetCosts", first, len(c)); err != nil {
		return err
	}
	for i, v := range c {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("highs: SetCosts: column %d: cost %v: %w", first+i, v, lp.ErrShape)
		}
	}
	if s.fast != nil && s.fast.setCosts(first, c) {
		return nil
	}
	if first == 0 {
		// One call for the range 0..len(c)-1, the only range gohighs offers.
		if err := s.h.SetColCosts(c); err != nil {
			return fmt.Errorf("highs: SetCosts: %w: %w", lp.ErrSolver, err)
		}
		return nil
	}
	for i, v := range c {
		if err := s.h.SetColCost(first+i, v); err != nil {
			return fmt.Errorf("highs: SetCosts: column %d: %w: %w", first+i, lp.ErrSolver, err)
		}
	}
	return nil
}

// SetCoeff sets the matrix coefficient of row and col to v ([lp.CoeffSetter]):
// an entry the loaded model holds, changed in place so that the next Solve
// starts from the basis HiGHS kept (it refactors it). v must be finite and
// not 0 (a 0 would remove the entry from the model's structure). It needs
// the direct HiGHS calls; without them it returns an error wrapping
// [lp.ErrUnavailable] and the caller loads the model again instead.
func (s *Solver) SetCoeff(row, col int, v float64) error {
	if err := s.checkRange("SetCoeff", col, 1); err != nil {
		return err
	}
	if row < 0 || row >= s.numRows {
		return fmt.Errorf("highs: SetCoeff: row %d outside [0, %d): %w", row, s.numRows, lp.ErrShape)
	}
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("highs: SetCoeff: row %d column %d: coefficient %v: want finite and not 0: %w", row, col, v, lp.ErrShape)
	}
	if s.fast == nil {
		return fmt.Errorf("highs: SetCoeff: %w: the direct HiGHS calls could not be verified", lp.ErrUnavailable)
	}
	if !s.fast.setCoeff(row, col, v) {
		return fmt.Errorf("highs: SetCoeff: row %d column %d: %w", row, col, lp.ErrSolver)
	}
	return nil
}

// Solve runs HiGHS on the current model, from the last basis when there is
// one. The returned Result is owned by s and overwritten by the next Solve.
// Outcomes map as: Optimal (and an empty model) → StatusOptimal;
// Infeasible and UnboundedOrInfeasible → StatusInfeasible, lp.ErrInfeasible;
// Unbounded → StatusUnbounded, lp.ErrUnbounded; TimeLimit →
// StatusTimeLimit, lp.ErrTimeLimit (X holds HiGHS's last point);
// IterationLimit → StatusIterationLimit, lp.ErrIterationLimit (the basis
// reached is kept); ObjectiveBound → StatusObjectiveBound,
// lp.ErrObjectiveBound (dual simplex passed the objective_bound option set
// by SetOption; the basis reached is kept); anything else → StatusError,
// lp.ErrSolver.
func (s *Solver) Solve() (*lp.Result, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	if !s.loaded {
		return nil, fmt.Errorf("highs: solve: %w", lp.ErrNotLoaded)
	}
	r := &s.res
	r.Status, r.Objective, r.Iterations = lp.StatusError, math.NaN(), 0
	r.X = resize(r.X, s.numCols)
	r.ReducedCost = resize(r.ReducedCost, s.numCols)
	r.RowDual = resize(r.RowDual, s.numRows)

	if s.fast != nil {
		status, ok, obj, iters := s.fast.run(r.X, r.ReducedCost, r.RowDual)
		if !ok {
			return r, fmt.Errorf("highs: solve: %w: run failed", lp.ErrSolver)
		}
		r.Objective, r.Iterations = obj, max(iters, 0)
		s.noDuals(r)
		return r, settleStatus(r, gohighs.ModelStatus(status))
	}
	sol, err := s.h.Run()
	if err != nil {
		return r, fmt.Errorf("highs: solve: %w: %w", lp.ErrSolver, err)
	}
	if it, err := s.h.GetIntInfo("simplex_iteration_count"); err == nil {
		r.Iterations = it
	}
	copy(r.X, sol.ColValues)
	copy(r.ReducedCost, sol.ColDuals)
	copy(r.RowDual, sol.RowDuals)
	r.Objective = sol.Objective
	s.noDuals(r)
	return r, settleStatus(r, sol.Status)
}

// DualsFor implements [lp.BasisDuals]: the row duals HiGHS's basis gives
// costs c (length the model's columns), through its transposed basis
// solve (BTRAN). Refused for a mixed-integer model, before any solve, and
// without the direct calls (then HiGHS's instance is out of reach).
func (s *Solver) DualsFor(c []float64) ([]float64, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	switch {
	case !s.loaded:
		return nil, fmt.Errorf("highs: duals for costs: %w", lp.ErrNotLoaded)
	case s.mip:
		return nil, fmt.Errorf("highs: duals for costs: %w: a mixed-integer model has no basis duals", lp.ErrSolver)
	case len(c) != s.numCols:
		return nil, fmt.Errorf("highs: duals for costs: %d costs for %d columns", len(c), s.numCols)
	case s.fast == nil:
		return nil, fmt.Errorf("highs: duals for costs: %w: HiGHS's instance is out of reach", lp.ErrSolver)
	}
	y := make([]float64, s.numRows)
	if !s.fast.btran(c, y) {
		return nil, fmt.Errorf("highs: duals for costs: %w: no basis", lp.ErrSolver)
	}
	return y, nil
}

// noDuals sets a MIP's reduced costs and row duals to NaN: HiGHS reports
// zeros, which would read as a degenerate optimum's.
func (s *Solver) noDuals(r *lp.Result) {
	if !s.mip {
		return
	}
	for i := range r.ReducedCost {
		r.ReducedCost[i] = math.NaN()
	}
	for i := range r.RowDual {
		r.RowDual[i] = math.NaN()
	}
}

// settleStatus sets r.Status from st and returns the solve's error (nil
// when optimal).
func settleStatus(r *lp.Result, st gohighs.ModelStatus) error {
	var want error
	r.Status, want = statusOf(st)
	if want == nil {
		return nil
	}
	return fmt.Errorf("highs: solve: model status %s: %w", st, want)
}

// statusOf maps a HiGHS model status to the lp status and, when not
// optimal, the lp sentinel the error wraps.
func statusOf(st gohighs.ModelStatus) (lp.Status, error) {
	switch st {
	case gohighs.ModelStatusOptimal, gohighs.ModelStatusModelEmpty:
		return lp.StatusOptimal, nil
	case gohighs.ModelStatusInfeasible, gohighs.ModelStatusUnboundedOrInfeasible:
		return lp.StatusInfeasible, lp.ErrInfeasible
	case gohighs.ModelStatusUnbounded:
		return lp.StatusUnbounded, lp.ErrUnbounded
	case gohighs.ModelStatusTimeLimit:
		return lp.StatusTimeLimit, lp.ErrTimeLimit
	case gohighs.ModelStatusIterationLimit:
		return lp.StatusIterationLimit, lp.ErrIterationLimit
	case gohighs.ModelStatusObjectiveBound:
		return lp.StatusObjectiveBound, lp.ErrObjectiveBound
	}
	return lp.StatusError, lp.ErrSolver
}

// Close releases the HiGHS instance. Later calls return lp.ErrClosed;
// closing again is a no-op.
func (s *Solver) Close() error {
	if s == nil || s.closed {
		return nil
	}
	s.closed, s.loaded = true, false
	s.h.Close()
	s.h = nil
	return nil
}

func resize(v []float64, n int) []float64 {
	if cap(v) < n {
		return make([]float64, n)
	}
	v = v[:n]
	clear(v)
	return v
}
