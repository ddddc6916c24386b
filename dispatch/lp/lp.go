// Package lp holds the linear programs zeropark solves and the interface its
// solver backends implement.
//
// A Problem is
//
//	minimise    cᵀx
//	subject to  L ≤ A x ≤ U   (row bounds; L = U for an equality)
//	            l ≤ x ≤ u     (column bounds; ±Inf allowed)
//
// with A sparse in compressed-row form. A Solver keeps the model it was given
// and re-solves it after changes to column bounds and costs, starting from the
// previous basis (a hot start); that is how the rolling-horizon dispatch
// re-uses one model every interval.
//
// Outcomes that depend on the data are returned as errors that unwrap to the
// sentinels below; a malformed Problem (shape mismatch) is reported by
// [Problem.Check] as an error too, never a panic.
//
// [Builder] assembles a Problem row by row; [Problem.Objective] and
// [Problem.MaxViolation] evaluate a candidate x, which is how tests check a
// backend's answer independently of the backend.
package lp

import (
	"errors"
	"math"
	"slices"
)

// Sentinel outcomes of a solve.
var (
	ErrInfeasible = errors.New("lp: problem is infeasible")
	ErrUnbounded  = errors.New("lp: problem is unbounded")
	ErrTimeLimit  = errors.New("lp: time limit reached")
	// ErrIterationLimit: the solve stopped at an iteration limit the
	// caller set (package highs: the simplex_iteration_limit option).
	ErrIterationLimit = errors.New("lp: iteration limit reached")
	// ErrObjectiveBound: dual simplex stopped once its dual objective, a
	// lower bound on the optimum, exceeded the objective bound the caller
	// set (package highs: the objective_bound option): the optimum lies
	// above that bound, and X is not a solution.
	ErrObjectiveBound = errors.New("lp: objective bound reached")
	ErrUnavailable    = errors.New("lp: solver backend unavailable")
	ErrNotLoaded      = errors.New("lp: no problem loaded")
	ErrShape          = errors.New("lp: malformed problem")
	ErrSolver         = errors.New("lp: solver failed")
	// ErrClosed is returned by a Solver used after Close.
	ErrClosed = errors.New("lp: solver is closed")
	// ErrNoIntegers is returned by a backend that solves LPs only when a
	// Problem marks integer columns ([Problem.Integer]).
	ErrNoIntegers = errors.New("lp: backend solves no integer columns")
)

// Inf is the bound that does not bind.
var Inf = math.Inf(1)

// Problem is a sparse LP in the form given in the package comment.
type Problem struct {
	NumCols int
	Cost    []float64 // c, length NumCols
	ColLo   []float64 // l, length NumCols
	ColHi   []float64 // u, length NumCols
	RowLo   []float64 // L, one per row
	RowHi   []float64 // U, one per row
	// A in compressed-row form: row r has entries
	// Index[Start[r]:Start[r+1]] with values Value[…].
	Start []int // length NumRows+1
	Index []int
	Value []float64
	// Integer, when not nil (length NumCols), marks the columns that must
	// take whole values: with any marked the Problem is a mixed-integer
	// program, which has no duals and no basis (Result.ReducedCost is NaN,
	// and a re-solve does not hot-start). A backend that cannot solve one
	// refuses it at Load with an error wrapping [ErrNoIntegers].
	Integer []bool
}

// IsMIP reports whether p marks an integer column.
func (p *Problem) IsMIP() bool { return slices.Contains(p.Integer, true) }

// NumRows is the number of constraint rows.
func (p *Problem) NumRows() int { return len(p.RowLo) }

// Status is the outcome of a solve.
type Status int

// Statuses of a solve.
const (
	StatusUnknown Status = iota
	StatusOptimal
	StatusInfeasible
	StatusUnbounded
	StatusTimeLimit
	StatusError
	StatusIterationLimit
	StatusObjectiveBound
)

// Result is what a solve returns. X, ReducedCost and RowDual belong to
// the solver and are valid until its next Solve.
//
// RowDual is y, one per row, in the convention of ReducedCost (d = c −
// Aᵀy): y[r] is the rate at which the optimal objective changes as row
// r's binding bound moves, ∂(cᵀx*)/∂U[r] (or ∂/∂L[r]), so for a
// minimisation y[r] ≤ 0 at an upper bound that binds, ≥ 0 at a lower
// bound, and for an equality row the objective's slope in its right-hand
// side (TestRowDualSign). Like ReducedCost it is NaN where a solve has no
// duals (a mixed-integer program; a backend that computes none).
type Result struct {
	Status      Status
	Objective   float64
	X           []float64 // primal values, length NumCols
	ReducedCost []float64 // d = c − Aᵀy, length NumCols
	RowDual     []float64 // y, length NumRows
	Iterations  int
}

// Solver is one solver instance holding one model.
type Solver interface {
	// Load replaces the model. The solver may keep references to p's
	// slices only during the call.
	Load(p *Problem) error
	// SetColBounds changes the bounds of columns first..first+len(lo)-1.
	SetColBounds(first int, lo, hi []float64) error
	// SetCosts changes the costs of columns first..first+len(c)-1.
	SetCosts(first int, c []float64) error
	// Solve solves the current model, hot-starting from the last basis
	// when there is one. A non-optimal outcome returns the Result with its
	// Status and an error that unwraps to the matching sentinel.
	Solve() (*Result, error)
	// Close releases the instance; it is safe to call twice.
	Close() error
}

// CoeffSetter is implemented by a [Solver] that can change one
// coefficient of the loaded model's matrix in place: A[row][col] = v, an
// entry the loaded model already holds (v ≠ 0). The next Solve starts
// from the basis the solver kept, as after a bounds or cost change
// (package highs does this through HiGHS's changeCoeff, which keeps the
// basis and refactors it). The dispatch needs it only for a heat pump
// whose COP changes from interval to interval; a Solver without it gets
// the model loaded again instead (a cold solve).
type CoeffSetter interface {
	SetCoeff(row, col int, v float64) error
}

// BasisDuals is implemented by a [Solver] that can price another cost
// vector at the basis of its last solve: DualsFor returns the row duals y
// with Bᵀy = c_B (B the basis matrix, c_B the entries of c, of length
// NumCols, at the basic columns, 0 at a basic row), the duals that basis
// would have had under costs c (the reduced costs are then c − Aᵀy).
// Duals are linear in the costs at a fixed basis, so a caller whose
// objective is a sum (a cost and its tie-breaks) reads each part's share
// of the duals. The slice is freshly allocated. It fails when the solver
// holds no basis (nothing solved yet, a mixed-integer solve).
type BasisDuals interface {
	DualsFor(c []float64) (rowDual []float64, err error)
}

// IntegralitySetter is implemented by a [Solver] that solves
// mixed-integer programs and can mark the loaded model's columns
// first..first+len(integer)-1 integer (true) or continuous (false) between
// solves, the model and its other data kept: a caller can solve the LP
// relaxation of a model (for a basis or reduced costs) and the MIP itself
// without loading it twice.
type IntegralitySetter interface {
	SetIntegrality(first int, integer []bool) error
}

// Backend makes solver instances.
type Backend interface {
	Name() string
	NewSolver() (Solver, error)
}
