//go:build cgo && (linux || darwin) && (amd64 || arm64)

package highs

import (
	"errors"
	"fmt"
	"math"

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
	loaded  bool
	closed  bool
	res     lp.Result // returned by Solve; X and ReducedCost reused
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
	}
	if o.TimeLimitSeconds > 0 {
		set = append(set, h.SetFloatOption("time_limit", o.TimeLimitSeconds))
	}
	if err := errors.Join(set...); err != nil {
		h.Close()
		return nil, fmt.Errorf("highs: setting options: %w: %w", ErrInvalidOptions, err)
	}
	return &Solver{h: h, fast: newDirect(h)}, nil
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
	err := s.h.PassModel(p.NumCols, p.NumRows(), p.Cost, p.ColLo, p.ColHi,
		p.RowLo, p.RowHi, start, p.Index, p.Value, nil, false, 0)
	if err != nil {
		s.loaded = false
		return fmt.Errorf("highs: load: %w: %w", lp.ErrSolver, err)
	}
	s.numCols, s.loaded = p.NumCols, true
	return nil
}

// checkRange validates a change to columns first..first+n-1.
func (s *Solver) checkRange(op string, first, n int) error {
	if err := s.usable(); err != nil {
		return err
	}
	if !s.loaded {
		return fmt.Errorf("highs: %s: %w", op, lp.ErrNotLoaded)
	}
	if first < 0 || first+n > s.numCols {
		return fmt.Errorf("highs: %s: columns %d..%d outside [0, %d): %w", op, first, first+n-1, s.numCols, lp.ErrShape)
	}
	return nil
}

// SetColBounds sets lo[i] ≤ x[first+i] ≤ hi[i]. Bounds are checked as in
// [lp.Problem.Check] before any is applied.
func (s *Solver) SetColBounds(first int, lo, hi []float64) error {
	if len(lo) != len(hi) {
		return fmt.Errorf("highs: SetColBounds: len(lo) = %d, len(hi) = %d: %w", len(lo), len(hi), lp.ErrShape)
	}
	if err := s.checkRange("SetColBounds", first, len(lo)); err != nil {
		return err
	}
	for i := range lo {
		l, h := lo[i], hi[i]
		if math.IsNaN(l) || math.IsNaN(h) || math.IsInf(l, 1) || math.IsInf(h, -1) || l > h {
			return fmt.Errorf("highs: SetColBounds: column %d: bounds [%v, %v]: %w", first+i, l, h, lp.ErrShape)
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

// Solve runs HiGHS on the current model, from the last basis when there is
// one. The returned Result is owned by s and overwritten by the next Solve.
// Outcomes map as: Optimal (and an empty model) → StatusOptimal;
// Infeasible and UnboundedOrInfeasible → StatusInfeasible, lp.ErrInfeasible;
// Unbounded → StatusUnbounded, lp.ErrUnbounded; TimeLimit →
// StatusTimeLimit, lp.ErrTimeLimit (X holds HiGHS's last point); anything
// else → StatusError, lp.ErrSolver.
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

	if s.fast != nil {
		status, ok, obj, iters := s.fast.run(r.X, r.ReducedCost)
		if !ok {
			return r, fmt.Errorf("highs: solve: %w: run failed", lp.ErrSolver)
		}
		r.Objective, r.Iterations = obj, max(iters, 0)
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
	r.Objective = sol.Objective
	return r, settleStatus(r, sol.Status)
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
