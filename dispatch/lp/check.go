package lp

import (
	"errors"
	"fmt"
	"math"
)

// maxShapeErrors caps how many problems Check lists before summarising the
// rest, so a badly built 70k-column model does not yield a 70k-line error.
const maxShapeErrors = 10

// ShapeError says which array of a Problem is malformed, where, and why. It
// unwraps to [ErrShape].
type ShapeError struct {
	Array  string  // field name: "Cost", "ColLo", "Start", "Index", …
	Index  int     // position in Array; -1 when the length itself is wrong
	Value  float64 // offending value (or length, for a length mismatch)
	Reason string
}

func (e *ShapeError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("lp: malformed problem: %s has length %v: %s", e.Array, e.Value, e.Reason)
	}
	return fmt.Sprintf("lp: malformed problem: %s[%d] = %v: %s", e.Array, e.Index, e.Value, e.Reason)
}

// Unwrap returns [ErrShape].
func (e *ShapeError) Unwrap() error { return ErrShape }

// shapeErrs collects ShapeErrors up to maxShapeErrors and counts the rest.
type shapeErrs struct {
	errs []error
	more int
}

func (s *shapeErrs) add(array string, index int, value float64, reason string) {
	if len(s.errs) >= maxShapeErrors {
		s.more++
		return
	}
	s.errs = append(s.errs, &ShapeError{Array: array, Index: index, Value: value, Reason: reason})
}

func (s *shapeErrs) err() error {
	if s.more > 0 {
		s.errs = append(s.errs, fmt.Errorf("%w: %d more problems not listed", ErrShape, s.more))
	}
	return errors.Join(s.errs...)
}

// Check reports every way p is malformed (up to ten, then a count), joined
// with [errors.Join]; each error unwraps to [ErrShape] and, except for the
// final count, is a [*ShapeError] naming the array, index and value.
//
// A well-formed Problem has len(Cost) = len(ColLo) = len(ColHi) = NumCols,
// len(Integer) = 0 or NumCols, len(RowHi) = len(RowLo), len(Start) = NumRows+1 (or 0 when there are no
// rows), Start[0] = 0, Start non-decreasing, Start[NumRows] = len(Index) =
// len(Value), every Index in [0, NumCols) and not repeated within a row,
// finite costs and coefficients, bounds that are not NaN with lo ≤ hi,
// lo < +Inf and hi > −Inf, and whole bounds on integer columns
// ([WholeBound]). An infeasible but well-formed Problem passes.
func (p *Problem) Check() error {
	var s shapeErrs
	if p == nil {
		s.add("Problem", -1, 0, "nil problem")
		return s.err()
	}
	if p.NumCols < 0 {
		s.add("NumCols", -1, float64(p.NumCols), "negative number of columns")
		return s.err()
	}
	lenOK := true
	for _, a := range []struct {
		name string
		v    []float64
	}{{"Cost", p.Cost}, {"ColLo", p.ColLo}, {"ColHi", p.ColHi}} {
		if len(a.v) != p.NumCols {
			s.add(a.name, -1, float64(len(a.v)), fmt.Sprintf("want NumCols = %d", p.NumCols))
			lenOK = false
		}
	}
	if len(p.RowHi) != len(p.RowLo) {
		s.add("RowHi", -1, float64(len(p.RowHi)), fmt.Sprintf("want len(RowLo) = %d", len(p.RowLo)))
		lenOK = false
	}
	m := len(p.RowLo)
	if !(len(p.Start) == m+1 || (m == 0 && len(p.Start) == 0)) {
		s.add("Start", -1, float64(len(p.Start)), fmt.Sprintf("want NumRows+1 = %d", m+1))
		lenOK = false
	}
	if p.Integer != nil && len(p.Integer) != p.NumCols {
		s.add("Integer", -1, float64(len(p.Integer)), fmt.Sprintf("want nil or NumCols = %d", p.NumCols))
		lenOK = false
	}
	if len(p.Value) != len(p.Index) {
		s.add("Value", -1, float64(len(p.Value)), fmt.Sprintf("want len(Index) = %d", len(p.Index)))
		lenOK = false
	}
	if !lenOK {
		// Element checks would index out of range or repeat the same news.
		return s.err()
	}

	for j, c := range p.Cost {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			s.add("Cost", j, c, "cost must be finite")
		}
	}
	checkBounds(&s, "ColLo", "ColHi", p.ColLo, p.ColHi)
	const notWhole = "an integer column's bound must be a whole number (or infinite)"
	for j, integer := range p.Integer {
		if integer && !WholeBound(p.ColLo[j]) {
			s.add("ColLo", j, p.ColLo[j], notWhole)
		}
		if integer && !WholeBound(p.ColHi[j]) {
			s.add("ColHi", j, p.ColHi[j], notWhole)
		}
	}
	checkBounds(&s, "RowLo", "RowHi", p.RowLo, p.RowHi)

	if len(p.Start) == 0 {
		if len(p.Index) != 0 {
			s.add("Index", -1, float64(len(p.Index)), "entries given but no rows")
		}
		return s.err()
	}
	if p.Start[0] != 0 {
		s.add("Start", 0, float64(p.Start[0]), "first row must start at 0")
	}
	if p.Start[m] != len(p.Index) {
		s.add("Start", m, float64(p.Start[m]), fmt.Sprintf("last entry must equal len(Index) = %d", len(p.Index)))
	}
	for r := 0; r < m; r++ {
		if p.Start[r+1] < p.Start[r] {
			s.add("Start", r+1, float64(p.Start[r+1]), fmt.Sprintf("decreases from %d", p.Start[r]))
		}
	}
	if s.errs != nil {
		return s.err()
	}

	// seen[j] = r+1 when column j already occurs in row r.
	seen := make([]int, p.NumCols)
	for r := 0; r < m; r++ {
		for k := p.Start[r]; k < p.Start[r+1]; k++ {
			j, v := p.Index[k], p.Value[k]
			switch {
			case j < 0 || j >= p.NumCols:
				s.add("Index", k, float64(j), fmt.Sprintf("row %d: column outside [0, %d)", r, p.NumCols))
				continue
			case seen[j] == r+1:
				s.add("Index", k, float64(j), fmt.Sprintf("row %d: column repeated", r))
			}
			seen[j] = r + 1
			if math.IsNaN(v) || math.IsInf(v, 0) {
				s.add("Value", k, v, fmt.Sprintf("row %d, column %d: coefficient must be finite", r, j))
			}
		}
	}
	return s.err()
}

// WholeBound reports whether v may bound an integer column: a whole
// number or infinite. HiGHS 1.12's MIP presolve is not to be trusted with
// a fractional bound on an integer column: on seeded random problems it
// returned a worse optimum than the one that exists, and called a
// feasible problem infeasible (TestMIPAgainstEnumeration, with the bounds
// left fractional); with the bounds rounded inwards it agrees with an
// enumeration. So a Problem's integer columns have whole bounds.
func WholeBound(v float64) bool { return math.IsInf(v, 0) || v == math.Trunc(v) }

func checkBounds(s *shapeErrs, loName, hiName string, lo, hi []float64) {
	for i := range lo {
		l, h := lo[i], hi[i]
		switch {
		case math.IsNaN(l):
			s.add(loName, i, l, "bound is not a number")
		case math.IsInf(l, 1):
			s.add(loName, i, l, "lower bound is +Inf")
		}
		switch {
		case math.IsNaN(h):
			s.add(hiName, i, h, "bound is not a number")
		case math.IsInf(h, -1):
			s.add(hiName, i, h, "upper bound is -Inf")
		}
		if l > h {
			s.add(loName, i, l, fmt.Sprintf("lower bound above %s[%d] = %v", hiName, i, h))
		}
	}
}

// Objective returns cᵀx. It returns NaN when len(x) ≠ NumCols.
func (p *Problem) Objective(x []float64) float64 {
	if len(x) != p.NumCols || len(p.Cost) != p.NumCols {
		return math.NaN()
	}
	var f float64
	for j, c := range p.Cost {
		f += c * x[j]
	}
	return f
}

// MaxViolation returns the largest amount by which x breaks a column bound
// (max(l−x, x−u)) or a row bound (max(L−Ax, Ax−U)), in the units of that
// bound; 0 for a feasible x. It returns +Inf when x has the wrong length,
// contains NaN, or p is malformed enough that Ax cannot be formed.
func (p *Problem) MaxViolation(x []float64) float64 {
	if len(x) != p.NumCols || len(p.ColLo) != p.NumCols || len(p.ColHi) != p.NumCols ||
		len(p.RowHi) != len(p.RowLo) || (len(p.RowLo) > 0 && len(p.Start) != len(p.RowLo)+1) {
		return math.Inf(1)
	}
	var worst float64
	for j, v := range x {
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		worst = math.Max(worst, math.Max(p.ColLo[j]-v, v-p.ColHi[j]))
	}
	for r := range p.RowLo {
		lo, hi := p.Start[r], p.Start[r+1]
		if lo < 0 || hi < lo || hi > len(p.Index) || hi > len(p.Value) {
			return math.Inf(1)
		}
		var ax float64
		for k := lo; k < hi; k++ {
			j := p.Index[k]
			if j < 0 || j >= len(x) {
				return math.Inf(1)
			}
			ax += p.Value[k] * x[j]
		}
		worst = math.Max(worst, math.Max(p.RowLo[r]-ax, ax-p.RowHi[r]))
	}
	return worst
}

// Clone returns a deep copy of p, so one copy can be changed while the other
// stays loaded in a solver or used as a reference.
func (p *Problem) Clone() *Problem {
	c := func(v []float64) []float64 { return append([]float64(nil), v...) }
	return &Problem{
		NumCols: p.NumCols,
		Cost:    c(p.Cost), ColLo: c(p.ColLo), ColHi: c(p.ColHi),
		RowLo: c(p.RowLo), RowHi: c(p.RowHi),
		Start:   append([]int(nil), p.Start...),
		Index:   append([]int(nil), p.Index...),
		Value:   c(p.Value),
		Integer: append([]bool(nil), p.Integer...),
	}
}

// String returns the status name, e.g. "optimal".
func (s Status) String() string {
	switch s {
	case StatusUnknown:
		return "unknown"
	case StatusOptimal:
		return "optimal"
	case StatusInfeasible:
		return "infeasible"
	case StatusUnbounded:
		return "unbounded"
	case StatusTimeLimit:
		return "time limit"
	case StatusError:
		return "error"
	case StatusIterationLimit:
		return "iteration limit"
	case StatusObjectiveBound:
		return "objective bound"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}
