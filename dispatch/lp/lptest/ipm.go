package lptest

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// The interior-point oracle ([SolveIPM]) exists because gonum's dense
// simplex leaves most plan LPs with heat undecided: its phase 1 builds
// bases with condition numbers of 1e16–1e18 on degenerate standard forms
// that are not of full row rank. A primal–dual interior point method
// never forms a basis: degeneracy and dependent rows only make the normal
// matrix A·Θ·Aᵀ singular, which a small regularisation absorbs. It gives
// the optimal value to ~1e-9 relative (see [iterate.residuals] for an
// optimum near 0), not a vertex.

// ipmTol is the relative accuracy at which the interior point stops:
// primal and dual residuals relative to the size of their data, and the
// duality gap relative to the objective, in the scaled problem.
const ipmTol = 1e-9

// gapFloor is the absolute duality gap, in the scaled problem (costs of
// size ≤ 1), accepted when the optimum is 0 or nearly: the relative gap
// alone would ask for more digits than the arithmetic holds.
const gapFloor = 1e-13

// ipmStall is how many iterations the interior point goes on, once an
// iterate has met the fallback test (see [iterate.residuals]), looking
// for one that meets the strict test; then it returns the best iterate.
// Near the optimum Mehrotra's method gains digits every iteration, so
// five without the strict test met means the arithmetic has run out.
const ipmStall = 5

// ipmMaxIter caps the iterations; Mehrotra's method takes 20–60 on the
// LPs of these tests, so hitting the cap means the solve failed.
const ipmMaxIter = 300

// decideTol is the threshold, in the scaled problem (right-hand side of
// size ≤ 1), above which phase 1's least total violation proves the
// problem infeasible, and below −decideTol the ray test's least cost
// proves it unbounded.
const decideTol = 1e-7

// boxForm is p rewritten as
//
//	minimise cᵀy + off  subject to  A y = b,  0 ≤ y ≤ u  (u_j may be +Inf)
//
// Columns are shifted and mirrored as in [StandardForm] (free columns are
// split), but a finite upper bound stays a bound (no extra row), and every
// inequality row r gets a slack column s_r = aᵣᵀx whose bounds are the
// row's, so every row becomes an equality.
type boxForm struct {
	a       *mat.Dense // m×n, nil when m = 0
	b, c, u []float64
	off     float64
	cols    []colMap
}

// colTransform maps a column x ∈ [lo, hi] with cost cj to y ≥ 0 as in
// ToStandardForm, appending its y columns to bf.
func (bf *boxForm) colTransform(lo, hi, cj float64) colMap {
	m := newColMap(lo, hi)
	add := func(cost, ub float64) int {
		bf.c = append(bf.c, cost)
		bf.u = append(bf.u, ub)
		return len(bf.c) - 1
	}
	if m.sign != 0 {
		// y's bound is hi − lo: finite for a shifted column with both
		// bounds, +Inf for a mirrored or free one.
		m.pos = add(m.sign*cj, hi-lo)
	}
	if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
		m.neg = add(-cj, math.Inf(1))
	}
	bf.off += cj * m.off
	return m
}

// toBoxForm converts p, which must pass [lp.Problem.Check]. It returns an
// error wrapping lp.ErrInfeasible when a row without variables cannot
// meet its bounds.
func toBoxForm(p *lp.Problem) (*boxForm, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	bf := &boxForm{cols: make([]colMap, p.NumCols)}
	for j := range p.NumCols {
		bf.cols[j] = bf.colTransform(p.ColLo[j], p.ColHi[j], p.Cost[j])
	}
	type row struct {
		coef map[int]float64
		rhs  float64
	}
	var rows []row
	for r := range p.NumRows() {
		coef, shift := rowInY(p, bf.cols, r)
		lo, hi := p.RowLo[r]-shift, p.RowHi[r]-shift
		switch {
		case len(coef) == 0:
			if lo > feasTol || hi < -feasTol {
				return nil, fmt.Errorf("lptest: row %d has no variable and needs %v ≤ 0 ≤ %v: %w", r, lo, hi, lp.ErrInfeasible)
			}
			continue
		case math.IsInf(lo, -1) && math.IsInf(hi, 1):
			continue // a free row constrains nothing
		case lo == hi:
			rows = append(rows, row{coef, lo})
			continue
		}
		// aᵀy − s = 0 with s ∈ [lo, hi]: s = off + sign·y_s.
		s := bf.colTransform(lo, hi, 0)
		coef[s.pos] = -s.sign
		rows = append(rows, row{coef, s.off})
	}
	if len(rows) > 0 && len(bf.c) > 0 {
		bf.a = mat.NewDense(len(rows), len(bf.c), nil)
		bf.b = make([]float64, len(rows))
		for i, r := range rows {
			for y, v := range r.coef {
				bf.a.Set(i, y, v)
			}
			bf.b[i] = r.rhs
		}
	}
	return bf, nil
}

// x maps y back to the columns of the original problem.
func (bf *boxForm) x(y []float64) []float64 {
	return (&StandardForm{cols: bf.cols}).X(y)
}

// scaled is a box form after equilibration: Â = R·A·S (Ruiz: rows and
// columns divided by the square root of their largest entry, ten rounds),
// then the right-hand side and the bounds divided by beta and the costs
// by gamma, so that entries, ‖b̂‖∞ and ‖ĉ‖∞ are all about 1. A solution ŷ
// of the scaled problem gives y_j = beta·S_j·ŷ_j.
type scaled struct {
	a           *mat.Dense
	b, c, u     []float64
	colScale    []float64
	beta, gamma float64
}

func scale(bf *boxForm) *scaled {
	m, n := bf.a.Dims()
	a := mat.DenseCopyOf(bf.a)
	rs, cs := ones(m), ones(n)
	for range 10 {
		for i := range m {
			if mx := maxAbs(a.RawRowView(i)); mx > 0 {
				f := 1 / math.Sqrt(mx)
				rs[i] *= f
				for j := range n {
					a.Set(i, j, a.At(i, j)*f)
				}
			}
		}
		for j := range n {
			mx := 0.0
			for i := range m {
				mx = math.Max(mx, math.Abs(a.At(i, j)))
			}
			if mx > 0 {
				f := 1 / math.Sqrt(mx)
				cs[j] *= f
				for i := range m {
					a.Set(i, j, a.At(i, j)*f)
				}
			}
		}
	}
	s := &scaled{a: a, b: make([]float64, m), c: make([]float64, n), u: make([]float64, n), colScale: cs}
	for i := range m {
		s.b[i] = bf.b[i] * rs[i]
	}
	for j := range n {
		s.c[j] = bf.c[j] * cs[j]
		s.u[j] = bf.u[j] / cs[j]
	}
	s.beta, s.gamma = math.Max(1, maxAbs(s.b)), math.Max(1, maxAbs(s.c))
	for i := range s.b {
		s.b[i] /= s.beta
	}
	for j := range n {
		s.c[j] /= s.gamma
		s.u[j] /= s.beta
	}
	return s
}

// y maps a scaled solution back to the box form.
func (s *scaled) y(yh []float64) []float64 {
	y := make([]float64, len(yh))
	for j, v := range yh {
		y[j] = v * s.colScale[j] * s.beta
	}
	return y
}

// SolveIPM solves p with a dense primal–dual interior point method
// (Mehrotra's predictor–corrector, normal equations A·Θ·Aᵀ factored by
// Cholesky with a small regularisation, after Ruiz equilibration) and
// returns x and cᵀx. It is independent of HiGHS and of gonum's simplex,
// and it decides degenerate LPs whose standard form is not of full row
// rank, where [Solve] fails.
//
// x is an optimal point, interior to the optimal face and not a vertex;
// its objective is accurate to ~1e-9 relative or, when the optimum is
// near 0, to ~1e-9 of the largest cost times the largest right-hand side
// (after equilibration: the scaled problem's unit of objective). When
// the interior point does not converge, SolveIPM decides with two
// auxiliary LPs that are feasible and bounded by construction: phase 1 (least total violation of the rows) proves
// infeasibility, and a ray test (least cost of a direction d with A·d = 0
// in the box [0, 1] on the columns without an upper bound) proves
// unboundedness. Errors unwrap to lp.ErrInfeasible, lp.ErrUnbounded, a
// Check error (lp.ErrShape), or ErrOracle when it cannot decide.
func SolveIPM(p *lp.Problem) (x []float64, obj float64, err error) {
	bf, err := toBoxForm(p)
	if err != nil {
		return nil, math.NaN(), err
	}
	var y []float64
	if bf.a == nil {
		// No rows: each y_j sits at 0 or, when its cost is negative, at
		// its upper bound.
		y = make([]float64, len(bf.c))
		for j, cj := range bf.c {
			if cj < 0 {
				if math.IsInf(bf.u[j], 1) {
					return nil, math.Inf(-1), fmt.Errorf("lptest: ipm: column ray without rows: %w", lp.ErrUnbounded)
				}
				y[j] = bf.u[j]
			}
		}
	} else {
		y, err = solveScaled(scale(bf))
		if err != nil {
			return nil, math.NaN(), err
		}
	}
	x = bf.x(y)
	// The answer must satisfy p itself, not only the scaled problem.
	if v := p.MaxViolation(x); v > 1e-6*(1+maxAbsFinite(p.RowLo, p.RowHi)) {
		return nil, math.NaN(), fmt.Errorf("%w: ipm: the point violates the problem by %g", ErrOracle, v)
	}
	return x, p.Objective(x), nil
}

// solveScaled runs the interior point on s and, when it fails, decides
// infeasibility or unboundedness.
func solveScaled(s *scaled) ([]float64, error) {
	if yh, ok := ipm(s.a, s.b, s.c, s.u); ok {
		return s.y(yh), nil
	}
	m, n := s.a.Dims()
	// Phase 1: minimise Σ(p+q) with A ŷ + p − q = b̂, ŷ in its box.
	a1 := mat.NewDense(m, n+2*m, nil)
	a1.Slice(0, m, 0, n).(*mat.Dense).Copy(s.a)
	c1 := make([]float64, n+2*m)
	u1 := append(append([]float64(nil), s.u...), make([]float64, 2*m)...)
	for i := range m {
		a1.Set(i, n+i, 1)
		a1.Set(i, n+m+i, -1)
		c1[n+i], c1[n+m+i] = 1, 1
		u1[n+i], u1[n+m+i] = math.Inf(1), math.Inf(1)
	}
	z1, ok := ipm(a1, s.b, c1, u1)
	if !ok {
		return nil, fmt.Errorf("%w: ipm: phase 1 did not converge", ErrOracle)
	}
	if viol := dot(c1, z1); viol > decideTol {
		return nil, fmt.Errorf("lptest: ipm: phase 1 leaves rows violated by %g in total (scaled): %w", viol, lp.ErrInfeasible)
	}
	// Ray test: minimise ĉᵀd with Â d = 0, d_j ∈ [0, 1] on the columns
	// without an upper bound (the others are 0 along a ray).
	var ray []int
	for j, uj := range s.u {
		if math.IsInf(uj, 1) {
			ray = append(ray, j)
		}
	}
	if len(ray) > 0 {
		ar := mat.NewDense(m, len(ray), nil)
		cr, ur := make([]float64, len(ray)), make([]float64, len(ray))
		for k, j := range ray {
			for i := range m {
				ar.Set(i, k, s.a.At(i, j))
			}
			cr[k], ur[k] = s.c[j], 1
		}
		d, ok := ipm(ar, make([]float64, m), cr, ur)
		if ok && dot(cr, d) < -decideTol {
			return nil, fmt.Errorf("lptest: ipm: ray of cost %g (scaled): %w", dot(cr, d), lp.ErrUnbounded)
		}
	}
	return nil, fmt.Errorf("%w: ipm: feasible and bounded, but the interior point did not converge", ErrOracle)
}

// ipm solves min cᵀx s.t. A x = b, 0 ≤ x ≤ u (u_j = +Inf for no bound)
// by Mehrotra's predictor–corrector from an infeasible start. It reports
// ok only for a primal–dual pair that certifies the optimum: the primal
// and dual residuals below ipmTol relative to the data, and the duality
// gap below ipmTol relative to the objective (the strict test) or, when
// the arithmetic cannot give that, relative to max(1, |pobj|, |dobj|)
// (the fallback test; see [iterate.residuals]). It returns at once on
// the strict test; otherwise it keeps the iterate that met the fallback
// test best and returns it after ipmStall iterations without a better
// one, or when the iterates diverge, turn NaN or cannot be factored.
func ipm(a *mat.Dense, b, c, u []float64) (x []float64, ok bool) {
	st := newIterate(a, b, c, u)
	nw := newNewton(a)
	var best []float64
	bestMerit, stall := math.Inf(1), 0
	for range ipmMaxIter {
		xz, t := st.residuals()
		switch {
		case t.lost:
			return best, best != nil
		case t.done:
			return st.x, true
		case t.merit <= 1 && t.merit < bestMerit:
			best, bestMerit, stall = append(best[:0], st.x...), t.merit, 0
		case best != nil:
			stall++
		}
		if stall >= ipmStall || !st.step(nw, xz) {
			break
		}
	}
	return best, best != nil
}

// iterate is the interior point's state: the primal x (and w = u − x on
// the bounded columns), the duals y, z ≥ 0 (of x ≥ 0) and v ≥ 0 (of x ≤ u),
// and the residuals of the current point.
type iterate struct {
	a                   *mat.Dense
	b, c, u             []float64
	fin                 []bool // u_j finite
	nc                  int    // complementarity pairs
	normB, normC, normU float64
	x, z, w, v, y       []float64
	rp, rd, ru, theta   []float64
}

func newIterate(a *mat.Dense, b, c, u []float64) *iterate {
	m, n := a.Dims()
	st := &iterate{a: a, b: b, c: c, u: u, fin: make([]bool, n), nc: n,
		normB: maxAbs(b), normC: maxAbs(c), normU: maxAbsFinite(u),
		x: make([]float64, n), z: make([]float64, n), w: make([]float64, n), v: make([]float64, n), y: make([]float64, m),
		rp: make([]float64, m), rd: make([]float64, n), ru: make([]float64, n), theta: make([]float64, n)}
	// Start at x = 1 (or mid-box), z = v = 1: the data are scaled to 1.
	for j := range n {
		st.fin[j] = !math.IsInf(u[j], 1)
		st.x[j], st.z[j] = 1, 1
		if st.fin[j] {
			st.nc++
			st.x[j] = math.Min(1, u[j]/2)
			st.w[j], st.v[j] = u[j]-st.x[j], 1
		}
	}
	return st
}

// test is the verdict of [iterate.residuals] on the current point.
type test struct {
	// done: the strict test, the duality gap relative to the objective.
	done bool
	// merit is the largest of the residuals and of the duality gap, each
	// over its tolerance, the gap's being ipmTol·max(1, |pobj|, |dobj|):
	// the fallback test is merit ≤ 1, and the lower the better.
	merit float64
	// lost: the point diverges (an infeasible or unbounded LP) or its
	// arithmetic has failed (NaN, or complementarity underflowed to 0).
	lost bool
}

// residuals sets rp = b − A x, ru = u − x − w, rd = c − Aᵀy − z + v and
// returns xᵀz + wᵀv and the tests on the point.
//
// The gap of the fallback test is measured against max(1, |pobj|, |dobj|)
// in the scaled problem, where ‖b̂‖∞ and ‖ĉ‖∞ are 1 (or less): there a
// unit of objective is a unit column at unit cost, and the residual tests
// already allow moving x̂ by ~ipmTol, which moves the objective by
// ~ipmTol·‖ŷ‖ (duals of the data's size). A gap test against |pobj|
// alone asks for more when the optimum is near 0 than the residuals can
// hold: the heat LPs in testdata reach residuals of 1e-13 and a gap of
// 2e-11 against an objective of 9e-4, and then lose primal feasibility
// (1e-10 to 1e-9) as complementarity goes to 0. Unscaled, the fallback
// gap is ipmTol·β·γ·max(1, …) (β, γ of [scaled]), not ipmTol·max(1, …):
// 1 in the unscaled problem is one of its units (a kgCO2e), arbitrary
// against the data (in those heat LPs it is 1/(β·γ) ≈ 3e-5 scaled, which
// would leave the gap test as strict as against |pobj|).
func (st *iterate) residuals() (xz float64, t test) {
	mulVec(st.a, st.x, st.rp, false)
	for i := range st.rp {
		st.rp[i] = st.b[i] - st.rp[i]
	}
	mulVec(st.a, st.y, st.rd, true)
	// When the optimal duals are huge (a primal with no strictly feasible
	// point), rd cannot drop below the rounding of Aᵀy.
	rdNoise := 1e-13 * maxAbs(st.rd)
	var pobj, dobj float64
	for j := range st.x {
		st.rd[j] = st.c[j] - st.rd[j] - st.z[j] + st.v[j]
		xz += st.x[j] * st.z[j]
		pobj += st.c[j] * st.x[j]
		st.ru[j] = 0
		if st.fin[j] {
			st.ru[j] = st.u[j] - st.x[j] - st.w[j]
			xz += st.w[j] * st.v[j]
			dobj -= st.u[j] * st.v[j]
		}
	}
	dobj += dot(st.b, st.y)
	gap := math.Abs(pobj - dobj)
	feas := math.Max(math.Max(maxAbs(st.rp)/(ipmTol*(1+st.normB)), maxAbs(st.ru)/(ipmTol*(1+st.normU))),
		maxAbs(st.rd)/(ipmTol*(1+st.normC)+rdNoise))
	t.done = feas <= 1 && gap <= ipmTol*math.Max(math.Abs(pobj), math.Abs(dobj))+gapFloor
	t.merit = math.Max(feas, gap/(ipmTol*math.Max(1, math.Max(math.Abs(pobj), math.Abs(dobj)))))
	// Complementarity that underflows to 0 makes σ = 0/0 in the next step.
	t.lost = maxAbs(st.x) > 1e12 || maxAbs(st.y) > 1e12 || math.IsNaN(pobj) || math.IsNaN(dobj) ||
		math.IsNaN(t.merit) || !(xz > 0) || math.IsInf(xz, 0)
	if t.lost {
		t.done, t.merit = false, math.Inf(1)
	}
	return xz, t
}

// step takes one predictor–corrector step; false when the normal matrix
// cannot be factored.
func (st *iterate) step(nw *newton, xz float64) bool {
	x, z, w, v, fin := st.x, st.z, st.w, st.v, st.fin
	mu := xz / float64(st.nc)
	for j := range x {
		d := z[j] / x[j]
		if fin[j] {
			d += v[j] / w[j]
		}
		st.theta[j] = 1 / d
	}
	if !nw.factor(st.theta) {
		return false
	}
	// Predictor: the affine direction (σ = 0).
	n := len(x)
	rxz, rwv := make([]float64, n), make([]float64, n)
	for j := range n {
		rxz[j] = -x[j] * z[j]
		rwv[j] = -w[j] * v[j]
	}
	da := nw.solve(st, rxz, rwv)
	ap, ad := da.steps(st)
	var xzAff float64
	for j := range n {
		xzAff += (x[j] + ap*da.x[j]) * (z[j] + ad*da.z[j])
		if fin[j] {
			xzAff += (w[j] + ap*da.w[j]) * (v[j] + ad*da.v[j])
		}
	}
	sigma := math.Pow(xzAff/xz, 3)
	// Corrector: centring plus the second-order term.
	for j := range n {
		rxz[j] = sigma*mu - x[j]*z[j] - da.x[j]*da.z[j]
		if fin[j] {
			rwv[j] = sigma*mu - w[j]*v[j] - da.w[j]*da.v[j]
		}
	}
	d := nw.solve(st, rxz, rwv)
	ap, ad = d.steps(st)
	ap, ad = math.Min(1, 0.995*ap), math.Min(1, 0.995*ad)
	for j := range n {
		x[j] += ap * d.x[j]
		z[j] += ad * d.z[j]
		if fin[j] {
			w[j] += ap * d.w[j]
			v[j] += ad * d.v[j]
		}
	}
	for i := range st.y {
		st.y[i] += ad * d.y[i]
	}
	return true
}

// newton solves the Newton systems of one iteration through the normal
// equations A·Θ·Aᵀ dy = rhs.
type newton struct {
	a *mat.Dense
	m int
	// mat is A·Θ·Aᵀ (row-major m×m); l its Cholesky factor (lower, in
	// place of a copy); skip marks the pivots dropped as dependent.
	mat, l []float64
	skip   []bool
}

func newNewton(a *mat.Dense) *newton {
	m, _ := a.Dims()
	return &newton{a: a, m: m, mat: make([]float64, m*m), l: make([]float64, m*m), skip: make([]bool, m)}
}

// pivotTol is the relative size below which a Cholesky pivot of A·Θ·Aᵀ
// counts as zero: its row is (numerically) a combination of earlier rows
// for this Θ, so its component of dy is set to 0 (as LIPSOL and PCx do)
// instead of regularising the whole matrix, which would spoil the
// direction when Θ spans many orders of magnitude.
const pivotTol = 1e-14

// factor forms A·Θ·Aᵀ and its Cholesky factor, dropping dependent pivots.
func (nw *newton) factor(theta []float64) bool {
	m, n := nw.a.Dims()
	for i := range m {
		ri := nw.a.RawRowView(i)
		for k := i; k < m; k++ {
			rk := nw.a.RawRowView(k)
			var s float64
			for j := range n {
				if ri[j] != 0 && rk[j] != 0 {
					s += ri[j] * theta[j] * rk[j]
				}
			}
			nw.mat[i*m+k], nw.mat[k*m+i] = s, s
		}
	}
	l := nw.l
	copy(l, nw.mat)
	for k := range m {
		d := l[k*m+k]
		for j := range k {
			d -= l[k*m+j] * l[k*m+j]
		}
		nw.skip[k] = !(d > pivotTol*nw.mat[k*m+k])
		if nw.skip[k] {
			l[k*m+k] = 1
			for i := k + 1; i < m; i++ {
				l[i*m+k] = 0
			}
			continue
		}
		d = math.Sqrt(d)
		l[k*m+k] = d
		for i := k + 1; i < m; i++ {
			s := l[i*m+k]
			for j := range k {
				s -= l[i*m+j] * l[k*m+j]
			}
			l[i*m+k] = s / d
		}
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return false
		}
	}
	return true
}

// cholSolve solves L·Lᵀ·x = r in place, with x_k = 0 for dropped pivots.
func (nw *newton) cholSolve(r []float64) {
	m, l := nw.m, nw.l
	for k := range m {
		if nw.skip[k] {
			r[k] = 0
			continue
		}
		s := r[k]
		for j := range k {
			s -= l[k*m+j] * r[j]
		}
		r[k] = s / l[k*m+k]
	}
	for k := m - 1; k >= 0; k-- {
		if nw.skip[k] {
			r[k] = 0
			continue
		}
		s := r[k]
		for i := k + 1; i < m; i++ {
			s -= l[i*m+k] * r[i]
		}
		r[k] = s / l[k*m+k]
	}
}

type direction struct{ x, y, z, w, v []float64 }

// solve returns the Newton direction for the residuals rp, rd, ru and the
// complementarity right-hand sides rxz (for x∘z) and rwv (for w∘v).
func (nw *newton) solve(st *iterate, rxz, rwv []float64) direction {
	x, z, w, v, fin, theta, rp, rd, ru := st.x, st.z, st.w, st.v, st.fin, st.theta, st.rp, st.rd, st.ru
	n := len(x)
	// r = rd − rxz/x + (rwv − v∘ru)/w; dx = Θ(Aᵀdy − r); A·Θ·Aᵀ dy = rp + A·Θ·r.
	r, tr := make([]float64, n), make([]float64, n)
	for j := range n {
		r[j] = rd[j] - rxz[j]/x[j]
		if fin[j] {
			r[j] += (rwv[j] - v[j]*ru[j]) / w[j]
		}
		tr[j] = theta[j] * r[j]
	}
	rhs := make([]float64, nw.m)
	mulVec(nw.a, tr, rhs, false)
	for i := range rhs {
		rhs[i] += rp[i]
	}
	dy := append([]float64(nil), rhs...)
	nw.cholSolve(dy)
	// Iterative refinement against A·Θ·Aᵀ itself.
	res := make([]float64, nw.m)
	for range 2 {
		for i := range nw.m {
			res[i] = rhs[i]
			for k := range nw.m {
				res[i] -= nw.mat[i*nw.m+k] * dy[k]
			}
		}
		nw.cholSolve(res)
		for i := range dy {
			dy[i] += res[i]
		}
	}
	d := direction{x: make([]float64, n), y: dy, z: make([]float64, n), w: make([]float64, n), v: make([]float64, n)}
	aty := make([]float64, n)
	mulVec(nw.a, d.y, aty, true)
	for j := range n {
		d.x[j] = theta[j] * (aty[j] - r[j])
		d.z[j] = (rxz[j] - z[j]*d.x[j]) / x[j]
		if fin[j] {
			d.w[j] = ru[j] - d.x[j]
			d.v[j] = (rwv[j] - v[j]*d.w[j]) / w[j]
		}
	}
	return d
}

// steps returns the largest primal and dual step lengths (capped at 1)
// that keep x, w and z, v non-negative.
func (d direction) steps(st *iterate) (ap, ad float64) {
	x, z, w, v, fin := st.x, st.z, st.w, st.v, st.fin
	ap, ad = 1, 1
	ratio := func(a *float64, val, dv float64) {
		if dv < 0 {
			*a = math.Min(*a, -val/dv)
		}
	}
	for j := range x {
		ratio(&ap, x[j], d.x[j])
		ratio(&ad, z[j], d.z[j])
		if fin[j] {
			ratio(&ap, w[j], d.w[j])
			ratio(&ad, v[j], d.v[j])
		}
	}
	return ap, ad
}

// mulVec sets out = A·in, or Aᵀ·in when trans.
func mulVec(a *mat.Dense, in, out []float64, trans bool) {
	m, n := a.Dims()
	for k := range out {
		out[k] = 0
	}
	for i := range m {
		row := a.RawRowView(i)
		for j := range n {
			if row[j] == 0 {
				continue
			}
			if trans {
				out[j] += row[j] * in[i]
			} else {
				out[i] += row[j] * in[j]
			}
		}
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func ones(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

func maxAbs(s []float64) float64 {
	var mx float64
	for _, v := range s {
		mx = math.Max(mx, math.Abs(v))
	}
	return mx
}

// maxAbsFinite is the largest finite |v| over the slices.
func maxAbsFinite(ss ...[]float64) float64 {
	var mx float64
	for _, s := range ss {
		for _, v := range s {
			if !math.IsInf(v, 0) {
				mx = math.Max(mx, math.Abs(v))
			}
		}
	}
	return mx
}
