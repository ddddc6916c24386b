// Package lptest holds helpers for testing LP backends and the models built
// on them: two independent dense oracles, each usable as an [lp.Backend],
// and seeded random LPs whose feasibility is known by construction.
//
//   - [Solve] / [Backend]: gonum's simplex, through a conversion to standard
//     form. It gives a vertex, but leaves degenerate LPs whose standard form
//     is not of full row rank undecided ([ErrOracle]).
//   - [SolveIPM] / [IPMBackend]: a primal–dual interior point (Mehrotra's
//     predictor–corrector) that decides those too, to ~1e-9 relative, and
//     proves infeasibility and unboundedness with auxiliary LPs. Its point
//     is optimal but interior to the optimal face, not a vertex.
//
// Both are dense (normal matrices of rows², a few hundred rows at most);
// use them on tiny problems in tests only. Neither is in the product's
// import graph.
package lptest

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	glp "gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// ErrOracle is returned when gonum's simplex cannot decide a problem
// (singular basis, over-determined standard form, numerical trouble); tests
// skip such instances and count them.
var ErrOracle = errors.New("lptest: oracle could not solve")

// feasTol is the slack allowed when a row without variables is checked
// against its bounds, in the row's units.
const feasTol = 1e-9

// colMap says how x_j is recovered from the standard-form variables y:
// x_j = off + sign·y[pos] − (free ? y[neg] : 0); pos < 0 means x_j = off.
type colMap struct {
	off      float64
	sign     float64
	pos, neg int
}

// newColMap is the shift and sign of a column x ∈ [lo, hi], its y columns
// not yet placed (pos, neg −1): fixed (sign 0, x = lo), shifted from a
// finite lower bound (x = lo + y), mirrored from an upper bound alone
// (x = hi − y), or free (x = y⁺ − y⁻). [ToStandardForm] and the interior
// point's box form both start from it.
func newColMap(lo, hi float64) colMap {
	m := colMap{pos: -1, neg: -1}
	switch {
	case lo == hi:
		m.off = lo
	case !math.IsInf(lo, -1):
		m.off, m.sign = lo, 1
	case !math.IsInf(hi, 1):
		m.off, m.sign = hi, -1
	default:
		m.sign = 1
	}
	return m
}

// StandardForm is p rewritten as
//
//	minimise Cᵀy + Offset  subject to  A y = B, y ≥ 0
//
// by shifting finite lower bounds to 0 (x = l + y), mirroring columns with
// only an upper bound (x = u − y), splitting free columns (x = y⁺ − y⁻),
// adding a row y + s = u − l per finite upper bound, and a slack per finite
// side of every inequality row (a ranged row gives two rows). Rows left with
// no variable are checked against their bounds and dropped.
type StandardForm struct {
	C      []float64
	A      *mat.Dense // nil when no rows remain
	B      []float64
	Offset float64

	cols []colMap
	// unboundedRay is set when a variable in no row can lower the objective
	// without limit; the problem is then unbounded if it is feasible.
	unboundedRay bool
}

// ToStandardForm converts p, which must pass [lp.Problem.Check]. It returns
// an error wrapping lp.ErrInfeasible when a row without variables cannot
// meet its bounds.
func ToStandardForm(p *lp.Problem) (*StandardForm, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	n := p.NumCols
	inRow := make([]bool, n)
	for k, j := range p.Index {
		if p.Value[k] != 0 {
			inRow[j] = true
		}
	}
	sf := &StandardForm{cols: make([]colMap, n)}
	var c []float64
	newVar := func(cost float64) int { c = append(c, cost); return len(c) - 1 }
	type boundRow struct {
		y   int
		rhs float64
	}
	var bounds []boundRow
	for j := 0; j < n; j++ {
		lo, hi, cj := p.ColLo[j], p.ColHi[j], p.Cost[j]
		m := newColMap(lo, hi)
		sf.Offset += cj * m.off
		if m.sign != 0 {
			free := math.IsInf(lo, -1) && math.IsInf(hi, 1)
			if !inRow[j] && !(!math.IsInf(lo, -1) && !math.IsInf(hi, 1)) {
				// No row and at most one finite bound: y sits at 0 unless
				// moving it away lowers the cost, which is a ray.
				if m.sign*cj < 0 || (free && cj != 0) {
					sf.unboundedRay = true
				}
				m.sign = 0
			} else {
				m.pos = newVar(m.sign * cj)
				if free {
					m.neg = newVar(-cj)
				}
				if !math.IsInf(lo, -1) && !math.IsInf(hi, 1) {
					bounds = append(bounds, boundRow{y: m.pos, rhs: hi - lo})
				}
			}
		}
		sf.cols[j] = m
	}

	// Rows: coefficient lists in y, right-hand side shifted by the offsets.
	type row struct {
		coef  map[int]float64
		rhs   float64
		slack float64 // 0 for equality, +1 for ≤, −1 for ≥
	}
	var rows []row
	for r := 0; r < p.NumRows(); r++ {
		coef, shift := rowInY(p, sf.cols, r)
		lo, hi := p.RowLo[r]-shift, p.RowHi[r]-shift
		if len(coef) == 0 {
			if lo > feasTol || hi < -feasTol {
				return nil, fmt.Errorf("lptest: row %d has no variable and needs %v ≤ 0 ≤ %v: %w", r, lo, hi, lp.ErrInfeasible)
			}
			continue
		}
		switch {
		case lo == hi:
			rows = append(rows, row{coef, lo, 0})
		default:
			if !math.IsInf(lo, -1) {
				rows = append(rows, row{coef, lo, -1})
			}
			if !math.IsInf(hi, 1) {
				rows = append(rows, row{coef, hi, 1})
			}
		}
	}
	for _, b := range bounds {
		rows = append(rows, row{map[int]float64{b.y: 1}, b.rhs, 1})
	}
	slackOf := make([]int, len(rows))
	for i, r := range rows {
		slackOf[i] = -1
		if r.slack != 0 {
			slackOf[i] = newVar(0)
		}
	}
	sf.C = c
	sf.B = make([]float64, len(rows))
	if len(rows) > 0 && len(c) > 0 {
		sf.A = mat.NewDense(len(rows), len(c), nil)
		for i, r := range rows {
			for y, v := range r.coef {
				sf.A.Set(i, y, v)
			}
			if slackOf[i] >= 0 {
				sf.A.Set(i, slackOf[i], r.slack)
			}
			sf.B[i] = r.rhs
		}
	}
	return sf, nil
}

// rowInY is row r of p in the variables y of the column maps cols: its
// nonzero coefficients by y, and shift = Σ a_rj·off_j, which the row's
// bounds lose ([ToStandardForm] and the interior point's box form).
func rowInY(p *lp.Problem, cols []colMap, r int) (coef map[int]float64, shift float64) {
	coef = map[int]float64{}
	for k := p.Start[r]; k < p.Start[r+1]; k++ {
		m, v := cols[p.Index[k]], p.Value[k]
		shift += v * m.off
		if m.pos >= 0 {
			coef[m.pos] += v * m.sign
		}
		if m.neg >= 0 {
			coef[m.neg] -= v
		}
	}
	for y, v := range coef {
		if v == 0 {
			delete(coef, y)
		}
	}
	return coef, shift
}

// X maps a standard-form point y back to the columns of the original problem.
func (sf *StandardForm) X(y []float64) []float64 {
	x := make([]float64, len(sf.cols))
	for j, m := range sf.cols {
		x[j] = m.off
		if m.pos >= 0 {
			x[j] += m.sign * y[m.pos]
		}
		if m.neg >= 0 {
			x[j] -= y[m.neg]
		}
	}
	return x
}

// Solve solves p with gonum's simplex (tolerance 1e-10) and returns the
// optimal x and cᵀx. Errors unwrap to lp.ErrInfeasible, lp.ErrUnbounded, a
// Check error (lp.ErrShape), or ErrOracle when gonum cannot decide.
func Solve(p *lp.Problem) (x []float64, obj float64, err error) {
	sf, err := ToStandardForm(p)
	if err != nil {
		return nil, math.NaN(), err
	}
	var y []float64
	if sf.A == nil {
		// No rows left: every remaining y is bounded below only by 0 and
		// only bound rows could cap it, and there are none.
		for _, cj := range sf.C {
			if cj < 0 {
				return nil, math.Inf(-1), fmt.Errorf("lptest: %w", lp.ErrUnbounded)
			}
		}
		y = make([]float64, len(sf.C))
	} else {
		rows, cols := sf.A.Dims()
		if rows > cols {
			return nil, math.NaN(), fmt.Errorf("%w: standard form has %d rows > %d columns", ErrOracle, rows, cols)
		}
		y, err = simplex(sf)
		switch {
		case errors.Is(err, glp.ErrInfeasible):
			return nil, math.NaN(), fmt.Errorf("lptest: gonum: %w", lp.ErrInfeasible)
		case errors.Is(err, glp.ErrUnbounded):
			return nil, math.Inf(-1), fmt.Errorf("lptest: gonum: %w", lp.ErrUnbounded)
		case err != nil:
			return nil, math.NaN(), fmt.Errorf("%w: gonum: %w", ErrOracle, err)
		}
	}
	if sf.unboundedRay {
		return nil, math.Inf(-1), fmt.Errorf("lptest: column outside every row: %w", lp.ErrUnbounded)
	}
	x = sf.X(y)
	return x, p.Objective(x), nil
}

// simplex calls gonum, turning its panics on shape misuse into errors.
func simplex(sf *StandardForm) (y []float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	_, y, err = glp.Simplex(sf.C, sf.A, sf.B, 1e-10, nil)
	return y, err
}
