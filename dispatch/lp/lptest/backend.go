package lptest

import (
	"errors"
	"fmt"
	"math"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// Backend is an [lp.Backend] that solves with [Solve] (gonum's dense
// simplex). It keeps no basis, so every Solve is cold, and it does not
// compute reduced costs nor row duals (Result.ReducedCost and
// Result.RowDual are all NaN). It solves no
// integer columns: a Problem that marks any is refused at Load with an
// error wrapping [lp.ErrNoIntegers]. For tests on tiny problems only.
type Backend struct{}

// Name returns "gonum".
func (Backend) Name() string { return "gonum" }

// NewSolver returns a new oracle instance.
func (Backend) NewSolver() (lp.Solver, error) { return &Solver{solve: Solve}, nil }

// IPMBackend is an [lp.Backend] like [Backend] that solves with
// [SolveIPM] (a dense interior point) instead of gonum's simplex: it
// decides the degenerate LPs that gonum's simplex leaves undecided. Its
// Result.X is optimal but interior to the optimal face, not a vertex.
type IPMBackend struct{}

// Name returns "ipm".
func (IPMBackend) Name() string { return "ipm" }

// NewSolver returns a new oracle instance.
func (IPMBackend) NewSolver() (lp.Solver, error) { return &Solver{solve: SolveIPM}, nil }

// Solver holds a copy of the loaded problem and applies changes to it.
type Solver struct {
	solve  func(*lp.Problem) ([]float64, float64, error)
	p      *lp.Problem
	closed bool
	res    lp.Result
}

var (
	_ lp.Backend     = Backend{}
	_ lp.Backend     = IPMBackend{}
	_ lp.Solver      = (*Solver)(nil)
	_ lp.CoeffSetter = (*Solver)(nil)
)

// Load keeps a checked copy of p.
func (s *Solver) Load(p *lp.Problem) error {
	if s.closed {
		return lp.ErrClosed
	}
	if err := p.Check(); err != nil {
		return fmt.Errorf("lptest: load: %w", err)
	}
	if p.IsMIP() {
		// gonum's simplex has no branch and bound: refuse rather than
		// return the relaxation as if it were the answer.
		return fmt.Errorf("lptest: load: %w: the problem marks integer columns (Problem.Integer)", lp.ErrNoIntegers)
	}
	s.p = p.Clone()
	return nil
}

func (s *Solver) cols(first, n int) error {
	switch {
	case s.closed:
		return lp.ErrClosed
	case s.p == nil:
		return lp.ErrNotLoaded
	case first < 0 || first+n > s.p.NumCols:
		return fmt.Errorf("lptest: columns %d..%d outside [0, %d): %w", first, first+n-1, s.p.NumCols, lp.ErrShape)
	}
	return nil
}

// SetColBounds changes the bounds of columns first…; Solve checks them.
func (s *Solver) SetColBounds(first int, lo, hi []float64) error {
	if len(lo) != len(hi) {
		return fmt.Errorf("lptest: len(lo) = %d, len(hi) = %d: %w", len(lo), len(hi), lp.ErrShape)
	}
	if err := s.cols(first, len(lo)); err != nil {
		return err
	}
	copy(s.p.ColLo[first:], lo)
	copy(s.p.ColHi[first:], hi)
	return nil
}

// SetCosts changes the costs of columns first….
func (s *Solver) SetCosts(first int, c []float64) error {
	if err := s.cols(first, len(c)); err != nil {
		return err
	}
	copy(s.p.Cost[first:], c)
	return nil
}

// SetCoeff changes the entry of row and column col of the loaded problem
// to v (an entry the problem holds: changing the structure is an error).
func (s *Solver) SetCoeff(row, col int, v float64) error {
	if err := s.cols(col, 1); err != nil {
		return err
	}
	if row < 0 || row >= s.p.NumRows() || v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("lptest: SetCoeff(%d, %d, %v): %w", row, col, v, lp.ErrShape)
	}
	for k := s.p.Start[row]; k < s.p.Start[row+1]; k++ {
		if s.p.Index[k] == col {
			s.p.Value[k] = v
			return nil
		}
	}
	return fmt.Errorf("lptest: SetCoeff: row %d has no entry in column %d: %w", row, col, lp.ErrShape)
}

// Solve runs [Solve] (or [SolveIPM] for an [IPMBackend]) on the current
// problem.
func (s *Solver) Solve() (*lp.Result, error) {
	if err := s.cols(0, 0); err != nil {
		return nil, err
	}
	x, obj, err := s.solve(s.p)
	r := &s.res
	n := s.p.NumCols
	r.X, r.ReducedCost = make([]float64, n), make([]float64, n)
	for j := range r.ReducedCost {
		r.ReducedCost[j] = math.NaN()
	}
	r.RowDual = make([]float64, s.p.NumRows())
	for i := range r.RowDual {
		r.RowDual[i] = math.NaN()
	}
	copy(r.X, x)
	r.Objective, r.Iterations = obj, 0
	r.Status = StatusOf(err)
	return r, err
}

// Close marks the instance closed; it is safe to call twice.
func (s *Solver) Close() error {
	s.closed, s.p = true, nil
	return nil
}

// StatusOf maps an outcome error to its lp.Status.
func StatusOf(err error) lp.Status {
	switch {
	case err == nil:
		return lp.StatusOptimal
	case errors.Is(err, lp.ErrInfeasible):
		return lp.StatusInfeasible
	case errors.Is(err, lp.ErrUnbounded):
		return lp.StatusUnbounded
	case errors.Is(err, lp.ErrTimeLimit):
		return lp.StatusTimeLimit
	case errors.Is(err, lp.ErrIterationLimit):
		return lp.StatusIterationLimit
	}
	return lp.StatusError
}
