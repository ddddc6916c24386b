//go:build cgo && (linux || darwin) && (amd64 || arm64)

package highs_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
)

var inf = math.Inf(1)

func newSolver(t testing.TB) *highs.Solver {
	t.Helper()
	s, err := highs.NewSolver(highs.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func solve(t testing.TB, p *lp.Problem) (*lp.Result, error) {
	t.Helper()
	s := newSolver(t)
	require.NoError(t, s.Load(p))
	return s.Solve()
}

// relClose reports |a−b| ≤ tol·max(1, |a|, |b|).
func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestAgainstGonum compares HiGHS with gonum's simplex on seeded random
// LPs, feasible by construction, and on infeasible variants of them. An
// LP gonum's simplex cannot decide goes to the interior-point oracle
// (lptest.SolveIPM); every LP must be decided.
func TestAgainstGonum(t *testing.T) {
	const n = 400
	cfg := lptest.RandomConfig{MinCols: 2, MaxCols: 8, MinRows: 1, MaxRows: 6}
	s := newSolver(t) // one instance re-loaded each time: Load must reset
	var ipm, infeasible, moved int
	for seed := uint64(1); seed <= n; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		p, x0 := lptest.Random(rng, cfg)
		require.Zero(t, p.MaxViolation(x0), "seed %d: x0 must be feasible", seed)
		wantInfeasible := seed%4 == 0
		if wantInfeasible {
			p = lptest.MakeInfeasible(rng, p)
			infeasible++
		}

		gx, gobj, gerr := lptest.Solve(p)
		if errors.Is(gerr, lptest.ErrOracle) {
			ipm++
			t.Logf("seed %d: gonum undecided (%v): the interior point decides", seed, gerr)
			gx, gobj, gerr = lptest.SolveIPM(p)
		}
		require.NotErrorIs(t, gerr, lptest.ErrOracle, "seed %d: both oracles undecided", seed)
		require.NoError(t, s.Load(p), "seed %d", seed)
		res, err := s.Solve()
		if wantInfeasible {
			assert.ErrorIs(t, gerr, lp.ErrInfeasible, "seed %d: gonum", seed)
			assert.ErrorIs(t, err, lp.ErrInfeasible, "seed %d: highs", seed)
			assert.Equal(t, lp.StatusInfeasible, res.Status, "seed %d", seed)
			continue
		}
		require.NoError(t, gerr, "seed %d: gonum", seed)
		require.NoError(t, err, "seed %d: highs", seed)
		assert.Equal(t, lp.StatusOptimal, res.Status)
		assert.True(t, relClose(res.Objective, gobj, 1e-6),
			"seed %d: highs %v vs gonum %v", seed, res.Objective, gobj)
		assert.InDelta(t, p.Objective(res.X), res.Objective, 1e-9*math.Max(1, math.Abs(gobj)), "seed %d", seed)
		assert.LessOrEqual(t, p.MaxViolation(res.X), 1e-7, "seed %d: highs x", seed)
		assert.LessOrEqual(t, p.MaxViolation(gx), 1e-6, "seed %d: gonum x", seed)
		if res.Objective < p.Objective(x0)-1e-6 {
			moved++
		}
	}
	t.Logf("%d instances (%d infeasible), %d decided by the interior point", n, infeasible, ipm)
	// The generator must make LPs whose optimum is not simply x0.
	assert.Greater(t, moved, (n-infeasible)/2, "optimum left x0 in only %d instances", moved)
}

// TestKnownOutcomes covers the status and sentinel of each outcome.
func TestKnownOutcomes(t *testing.T) {
	tests := []struct {
		name    string
		p       lp.Problem
		status  lp.Status
		err     error
		wantObj float64
	}{{
		name: "optimal",
		// min x + y s.t. x + 2y ≥ 4, x,y ∈ [0,10] → x=0, y=2.
		p: lp.Problem{NumCols: 2, Cost: []float64{1, 1}, ColLo: []float64{0, 0}, ColHi: []float64{10, 10},
			RowLo: []float64{4}, RowHi: []float64{inf}, Start: []int{0, 2}, Index: []int{0, 1}, Value: []float64{1, 2}},
		status: lp.StatusOptimal, wantObj: 2,
	}, {
		name: "unbounded",
		// min −x − y s.t. x − y ≤ 1, x,y ≥ 0.
		p: lp.Problem{NumCols: 2, Cost: []float64{-1, -1}, ColLo: []float64{0, 0}, ColHi: []float64{inf, inf},
			RowLo: []float64{-inf}, RowHi: []float64{1}, Start: []int{0, 2}, Index: []int{0, 1}, Value: []float64{1, -1}},
		status: lp.StatusUnbounded, err: lp.ErrUnbounded,
	}, {
		name:   "unbounded without rows",
		p:      lp.Problem{NumCols: 1, Cost: []float64{-1}, ColLo: []float64{0}, ColHi: []float64{inf}},
		status: lp.StatusUnbounded, err: lp.ErrUnbounded,
	}, {
		name: "infeasible",
		// x + y ≥ 5 with x,y ∈ [0,2].
		p: lp.Problem{NumCols: 2, Cost: []float64{1, 1}, ColLo: []float64{0, 0}, ColHi: []float64{2, 2},
			RowLo: []float64{5}, RowHi: []float64{inf}, Start: []int{0, 2}, Index: []int{0, 1}, Value: []float64{1, 1}},
		status: lp.StatusInfeasible, err: lp.ErrInfeasible,
	}, {
		name:   "bounds only",
		p:      lp.Problem{NumCols: 2, Cost: []float64{1, -2}, ColLo: []float64{-1, 0}, ColHi: []float64{1, 3}},
		status: lp.StatusOptimal, wantObj: -7,
	}, {
		name:   "empty",
		p:      lp.Problem{},
		status: lp.StatusOptimal, wantObj: 0,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := solve(t, &tt.p)
			require.NotNil(t, res)
			assert.Equal(t, tt.status, res.Status, "status %s", res.Status)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.InDelta(t, tt.wantObj, res.Objective, 1e-9)
			assert.Len(t, res.X, tt.p.NumCols)
			assert.LessOrEqual(t, tt.p.MaxViolation(res.X), 1e-9)
			// The oracle agrees.
			_, obj, err := lptest.Solve(&tt.p)
			require.NoError(t, err)
			assert.InDelta(t, obj, res.Objective, 1e-9)
		})
	}
}

// TestReducedCosts checks d = c − Aᵀy worked out by hand.
func TestReducedCosts(t *testing.T) {
	t.Run("lower bound", func(t *testing.T) {
		// min x1 + 2 x2 s.t. x1 + x2 ≥ 1, x ≥ 0. Optimum x = (1, 0), row
		// dual y = 1, so d = (1−1, 2−1) = (0, 1).
		p := lp.Problem{NumCols: 2, Cost: []float64{1, 2}, ColLo: []float64{0, 0}, ColHi: []float64{inf, inf},
			RowLo: []float64{1}, RowHi: []float64{inf}, Start: []int{0, 2}, Index: []int{0, 1}, Value: []float64{1, 1}}
		res, err := solve(t, &p)
		require.NoError(t, err)
		assert.InDeltaSlice(t, []float64{1, 0}, res.X, 1e-9)
		assert.InDeltaSlice(t, []float64{0, 1}, res.ReducedCost, 1e-9)
		assert.InDeltaSlice(t, []float64{1}, res.RowDual, 1e-9)
	})
	t.Run("upper bound", func(t *testing.T) {
		// min −2 x1 − x2 s.t. x1 + x2 ≤ 4, x1 ∈ [0,2], x2 ∈ [0,3]. Optimum
		// x = (2, 2) with the row binding, y = −1 (x2 basic gives
		// −1 − y = 0), so d = (−2+1, −1+1) = (−1, 0): x1 held at its upper
		// bound, where a negative reduced cost says raising it would pay.
		p := lp.Problem{NumCols: 2, Cost: []float64{-2, -1}, ColLo: []float64{0, 0}, ColHi: []float64{2, 3},
			RowLo: []float64{-inf}, RowHi: []float64{4}, Start: []int{0, 2}, Index: []int{0, 1}, Value: []float64{1, 1}}
		res, err := solve(t, &p)
		require.NoError(t, err)
		assert.InDelta(t, -6, res.Objective, 1e-9)
		assert.InDeltaSlice(t, []float64{2, 2}, res.X, 1e-9)
		assert.InDeltaSlice(t, []float64{-1, 0}, res.ReducedCost, 1e-9)
		assert.InDeltaSlice(t, []float64{-1}, res.RowDual, 1e-9)
	})
}

// TestRowDualSign: Result.RowDual is the optimal objective's slope in a
// row's right-hand side, checked against re-solves with the bound moved
// (an equality row, both ways, and an inequality that binds) on a small
// LP worked out by hand:
//
//	min 3 x1 + 5 x2   s.t.  x1 + x2 = b (row 0),  x1 ≤ 2 (row 1),  x ≥ 0.
//
// At b = 4: x = (2, 2), cost 16; one more unit of b costs 5 (x2), so
// y0 = 5; one more unit of row 1's bound saves 5 − 3 = 2, so y1 = −2.
func TestRowDualSign(t *testing.T) {
	p := func(b, cap1 float64) *lp.Problem {
		return &lp.Problem{NumCols: 2, Cost: []float64{3, 5}, ColLo: []float64{0, 0}, ColHi: []float64{inf, inf},
			RowLo: []float64{b, -inf}, RowHi: []float64{b, cap1}, Start: []int{0, 2, 3}, Index: []int{0, 1, 0}, Value: []float64{1, 1, 1}}
	}
	obj := func(b, cap1 float64) float64 {
		res, err := solve(t, p(b, cap1))
		require.NoError(t, err)
		return res.Objective
	}
	res, err := solve(t, p(4, 2))
	require.NoError(t, err)
	assert.InDelta(t, 16, res.Objective, 1e-9)
	require.Len(t, res.RowDual, 2)
	assert.InDelta(t, 5, res.RowDual[0], 1e-9)
	assert.InDelta(t, -2, res.RowDual[1], 1e-9)
	const h = 0.5
	assert.InDelta(t, res.RowDual[0], (obj(4+h, 2)-16)/h, 1e-9, "equality row, raised")
	assert.InDelta(t, res.RowDual[0], (16-obj(4-h, 2))/h, 1e-9, "equality row, lowered")
	assert.InDelta(t, res.RowDual[1], (obj(4, 2+h)-16)/h, 1e-9, "upper bound, loosened")
}

// storageLP is a ~500-column model shaped like the dispatch LP: a store
// with charge c_t, discharge d_t, level s_t, import g_t and curtailment of
// a renewable supply r_t over H steps:
//
//	g_t + d_t − c_t + r_t − k_t = load_t          (balance)
//	s_t − s_{t−1} − 0.95 c_t + d_t/0.95 = 0       (store, s_{−1} = 5)
//
// minimising Σ w_t g_t + 0.01 (c_t + d_t). Columns per step: g, c, d, s, k.
func storageLP(h int, rng *rand.Rand) (*lp.Problem, []float64, []float64) {
	var b lp.Builder
	ren := make([]float64, h)
	w := make([]float64, h)
	for t := range h {
		ren[t] = 8 * math.Max(0, math.Sin(float64(t%24-6)*math.Pi/12)) * (0.5 + rng.Float64())
		w[t] = 0.3 + 0.2*math.Sin(float64(t)*math.Pi/12) + 0.05*rng.Float64()
		b.AddCol(0, 20, w[t])  // g
		b.AddCol(0, 4, 0.01)   // c
		b.AddCol(0, 4, 0.01)   // d
		b.AddCol(1, 10, 0)     // s
		b.AddCol(0, ren[t], 0) // k: curtailment ≤ renewable
	}
	for t := range h {
		load := 5 + 2*math.Cos(float64(t)*math.Pi/12)
		b.StartRow()
		b.Add(5*t, 1)
		b.Add(5*t+1, -1)
		b.Add(5*t+2, 1)
		b.Add(5*t+4, -1)
		b.EndRow(load-ren[t], load-ren[t])
		b.StartRow()
		b.Add(5*t+3, 1)
		rhs := 0.0
		if t > 0 {
			b.Add(5*(t-1)+3, -1)
		} else {
			rhs = 5
		}
		b.Add(5*t+1, -0.95)
		b.Add(5*t+2, 1/0.95)
		b.EndRow(rhs, rhs)
	}
	p, err := b.Build()
	if err != nil {
		panic(err)
	}
	return p.Clone(), ren, w
}

// perturb changes the curtailment bounds (renewable forecast) and import
// costs (carbon intensity) of the first k steps in q, the way a rolling
// horizon update does, and returns the changed ranges.
func perturb(q *lp.Problem, ren, w []float64, k int, rng *rand.Rand) (lo, hi, cost []float64) {
	for t := range k {
		q.ColHi[5*t+4] = ren[t] * (0.8 + 0.4*rng.Float64())
		q.Cost[5*t] = w[t] * (0.9 + 0.2*rng.Float64())
	}
	return q.ColLo, q.ColHi, q.Cost
}

func TestHotStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	p, ren, w := storageLP(100, rng) // 500 columns, 200 rows
	require.Equal(t, 500, p.NumCols)

	hot := newSolver(t)
	require.NoError(t, hot.Load(p))
	cold, err := hot.Solve()
	require.NoError(t, err)
	coldIters := cold.Iterations
	require.Positive(t, coldIters)

	for round := range 5 {
		q := p.Clone()
		lo, hi, cost := perturb(q, ren, w, 12, rng)
		// Change only the first 60 columns, as the solver interface allows,
		// with costs through a range not starting at 0 as well.
		require.NoError(t, hot.SetColBounds(0, lo[:60], hi[:60]))
		require.NoError(t, hot.SetCosts(0, cost[:30]))
		require.NoError(t, hot.SetCosts(30, cost[30:60]))
		got, err := hot.Solve()
		require.NoError(t, err, "round %d", round)
		hotIters := got.Iterations

		want, err := solve(t, q)
		require.NoError(t, err)
		assert.True(t, relClose(got.Objective, want.Objective, 1e-9),
			"round %d: hot %v vs fresh %v", round, got.Objective, want.Objective)
		assert.LessOrEqual(t, q.MaxViolation(got.X), 1e-7)
		assert.LessOrEqual(t, hotIters, coldIters, "round %d: hot start should not cost more simplex iterations", round)
		t.Logf("round %d: cold %d iterations, hot %d", round, coldIters, hotIters)
		p = q
	}
}

// TestSetMethod solves by interior point (with crossover), switches the
// instance to dual simplex and re-solves after a bound change: the answer
// equals a fresh solve, and the re-solve hot-starts from crossover's basis
// (fewer simplex iterations than a cold dual simplex solve).
func TestSetMethod(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	p, ren, w := storageLP(100, rng)
	s, err := highs.NewSolver(highs.Options{Method: highs.MethodIPM})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Load(p))
	first, err := s.Solve()
	require.NoError(t, err)
	want, err := solve(t, p)
	require.NoError(t, err)
	coldIters := want.Iterations
	assert.True(t, relClose(first.Objective, want.Objective, 1e-7), "ipm %v vs simplex %v", first.Objective, want.Objective)

	require.NoError(t, s.SetMethod(highs.MethodSimplex))
	q := p.Clone()
	lo, hi, cost := perturb(q, ren, w, 12, rng)
	require.NoError(t, s.SetColBounds(0, lo[:60], hi[:60]))
	require.NoError(t, s.SetCosts(0, cost[:60]))
	got, err := s.Solve()
	require.NoError(t, err)
	fresh, err := solve(t, q)
	require.NoError(t, err)
	assert.True(t, relClose(got.Objective, fresh.Objective, 1e-9), "hot %v vs fresh %v", got.Objective, fresh.Objective)
	hotIters := got.Iterations // got is overwritten by the next Solve
	assert.Less(t, hotIters, coldIters, "the re-solve must start from crossover's basis")

	assert.ErrorIs(t, s.SetMethod("barrier"), highs.ErrInvalidOptions)

	// A cleared basis: the next solve starts cold and finds the same
	// optimum.
	require.NoError(t, s.ClearBasis())
	again, err := s.Solve()
	require.NoError(t, err)
	assert.True(t, relClose(again.Objective, fresh.Objective, 1e-9))
	assert.Greater(t, again.Iterations, hotIters, "a cold solve takes more iterations than the hot one")
	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.ClearBasis(), lp.ErrClosed)
	assert.ErrorIs(t, s.SetMethod(highs.MethodSimplex), lp.ErrClosed)
}

// TestBasisAndIterationLimit stops a solve at an iteration limit, saves
// the basis it reached, and puts it back on a fresh simplex set-up: the
// solve then goes on from there to the optimum of a fresh solve, and an
// optimal basis put back needs no iteration.
func TestBasisAndIterationLimit(t *testing.T) {
	p, _, _ := storageLP(100, rand.New(rand.NewPCG(5, 5)))
	want, err := solve(t, p)
	require.NoError(t, err)
	require.Greater(t, want.Iterations, 20, "the limit below stops the solve short")

	s := newSolver(t)
	_, err = s.Basis()
	assert.ErrorIs(t, err, lp.ErrNotLoaded)
	assert.ErrorIs(t, s.SetBasis(&highs.Basis{}), lp.ErrNotLoaded)
	require.NoError(t, s.Load(p))
	// Without presolve the basis reached is one of the model itself.
	require.NoError(t, s.SetOption("presolve", "off"))
	require.NoError(t, s.SetOption("simplex_iteration_limit", 10))
	res, err := s.Solve()
	require.ErrorIs(t, err, lp.ErrIterationLimit)
	assert.Equal(t, lp.StatusIterationLimit, res.Status)
	assert.Equal(t, 10, res.Iterations)
	part, err := s.Basis()
	require.NoError(t, err)

	require.NoError(t, s.SetOption("simplex_iteration_limit", math.MaxInt32))
	first, err := s.Solve()
	require.NoError(t, err)
	assert.True(t, relClose(first.Objective, want.Objective, 1e-9))
	opt, err := s.Basis()
	require.NoError(t, err)
	require.NotEqual(t, part, opt)

	// Back to the basis of ten iterations, with Devex pricing (read when
	// the simplex is set up afresh).
	require.NoError(t, s.SetOption("simplex_dual_edge_weight_strategy", 1))
	require.NoError(t, s.SetBasis(part))
	back, err := s.Basis()
	require.NoError(t, err)
	assert.Equal(t, part, back, "the basis put back is the one saved")
	got, err := s.Solve()
	require.NoError(t, err)
	assert.Positive(t, got.Iterations, "the solve went on from the basis put back")
	assert.True(t, relClose(got.Objective, want.Objective, 1e-9), "from the saved basis %v vs fresh %v", got.Objective, want.Objective)
	assert.LessOrEqual(t, p.MaxViolation(got.X), 1e-7)

	require.NoError(t, s.SetBasis(opt))
	again, err := s.Solve()
	require.NoError(t, err)
	assert.Zero(t, again.Iterations, "an optimal basis put back needs no iteration")
	assert.True(t, relClose(again.Objective, want.Objective, 1e-9))

	small := &lp.Problem{NumCols: 1, Cost: []float64{1}, ColLo: []float64{0}, ColHi: []float64{1}}
	other := newSolver(t)
	require.NoError(t, other.Load(small))
	_, err = other.Solve()
	require.NoError(t, err)
	ob, err := other.Basis()
	require.NoError(t, err)
	assert.ErrorIs(t, s.SetBasis(ob), lp.ErrShape, "a basis of another model")
	assert.ErrorIs(t, s.SetBasis(nil), lp.ErrShape)
	require.NoError(t, s.Close())
	_, err = s.Basis()
	assert.ErrorIs(t, err, lp.ErrClosed)
	assert.ErrorIs(t, s.SetBasis(opt), lp.ErrClosed)
}

func TestTimeLimit(t *testing.T) {
	// A limit far below any solve time: HiGHS stops at its first check.
	p, _, _ := storageLP(100, rand.New(rand.NewPCG(4, 4)))
	s, err := highs.NewSolver(highs.Options{TimeLimitSeconds: 1e-9})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Load(p))
	res, err := s.Solve()
	assert.ErrorIs(t, err, lp.ErrTimeLimit)
	assert.Equal(t, lp.StatusTimeLimit, res.Status)
}

func TestMisuse(t *testing.T) {
	p := &lp.Problem{NumCols: 1, Cost: []float64{1}, ColLo: []float64{0}, ColHi: []float64{1}}

	t.Run("solve before load", func(t *testing.T) {
		s := newSolver(t)
		_, err := s.Solve()
		assert.ErrorIs(t, err, lp.ErrNotLoaded)
		assert.ErrorIs(t, s.SetColBounds(0, []float64{0}, []float64{1}), lp.ErrNotLoaded)
		assert.ErrorIs(t, s.SetCosts(0, []float64{1}), lp.ErrNotLoaded)
	})
	t.Run("close twice and use after close", func(t *testing.T) {
		s, err := highs.NewSolver(highs.Options{})
		require.NoError(t, err)
		require.NoError(t, s.Load(p))
		assert.NoError(t, s.Close())
		assert.NoError(t, s.Close())
		_, err = s.Solve()
		assert.ErrorIs(t, err, lp.ErrClosed)
		assert.ErrorIs(t, s.Load(p), lp.ErrClosed)
		assert.ErrorIs(t, s.SetColBounds(0, []float64{0}, []float64{1}), lp.ErrClosed)
		assert.ErrorIs(t, s.SetCosts(0, []float64{1}), lp.ErrClosed)
	})
	t.Run("malformed load keeps the previous model", func(t *testing.T) {
		s := newSolver(t)
		require.NoError(t, s.Load(p))
		bad := p.Clone()
		bad.ColLo[0] = math.NaN()
		var se *lp.ShapeError
		err := s.Load(bad)
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "ColLo", se.Array)
		res, err := s.Solve()
		require.NoError(t, err)
		assert.InDelta(t, 0, res.Objective, 1e-12)
	})
	t.Run("bad changes", func(t *testing.T) {
		s := newSolver(t)
		require.NoError(t, s.Load(p))
		for name, err := range map[string]error{
			"range":     s.SetColBounds(1, []float64{0}, []float64{1}),
			"negative":  s.SetCosts(-1, []float64{1}),
			"lengths":   s.SetColBounds(0, []float64{0}, nil),
			"lo > hi":   s.SetColBounds(0, []float64{2}, []float64{1}),
			"NaN bound": s.SetColBounds(0, []float64{math.NaN()}, []float64{1}),
			"Inf cost":  s.SetCosts(0, []float64{inf}),
		} {
			assert.ErrorIs(t, err, lp.ErrShape, name)
		}
	})
	t.Run("options", func(t *testing.T) {
		for _, o := range []highs.Options{{Threads: -1}, {TimeLimitSeconds: -1}, {TimeLimitSeconds: math.NaN()}, {Method: "barrier"}} {
			_, err := highs.NewSolver(o)
			assert.ErrorIs(t, err, highs.ErrInvalidOptions, "%+v", o)
		}
		assert.NoError(t, highs.DefaultOptions().Validate())
		s, err := highs.NewSolver(highs.Options{TimeLimitSeconds: 30, Method: highs.MethodIPM, Threads: 1})
		require.NoError(t, err)
		defer s.Close()
		require.NoError(t, s.Load(p))
		res, err := s.Solve()
		require.NoError(t, err)
		assert.Equal(t, lp.StatusOptimal, res.Status)
	})
}

func TestBackend(t *testing.T) {
	var b lp.Backend = highs.Backend{}
	assert.Equal(t, "highs", b.Name())
	assert.True(t, highs.Available)
	s, err := highs.New(highs.Options{Threads: 1}).NewSolver()
	require.NoError(t, err)
	assert.NoError(t, s.Close())
	_, err = highs.New(highs.Options{Threads: -2}).NewSolver()
	assert.ErrorIs(t, err, highs.ErrInvalidOptions)
}

// Example solves min x + y s.t. x + 2y ≥ 4, then lowers the cost of x and
// re-solves on the same instance (a hot start).
func Example() {
	var b lp.Builder
	x := b.AddCol(0, 10, 1)
	y := b.AddCol(0, 10, 1)
	b.StartRow()
	b.Add(x, 1)
	b.Add(y, 2)
	b.EndRow(4, lp.Inf)
	p, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}

	s, err := highs.Backend{}.NewSolver()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	if err := s.Load(p); err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.Solve()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: objective %.2f at x=%.2f y=%.2f\n", res.Status, res.Objective, res.X[x], res.X[y])

	if err := s.SetCosts(0, []float64{0.25}); err != nil {
		fmt.Println(err)
		return
	}
	res, err = s.Solve()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: objective %.2f at x=%.2f y=%.2f\n", res.Status, res.Objective, res.X[x], res.X[y])
	// Output:
	// optimal: objective 2.00 at x=0.00 y=2.00
	// optimal: objective 1.00 at x=4.00 y=0.00
}

// ExampleSolver_Solve shows how an outcome is told apart with errors.Is.
func ExampleSolver_Solve() {
	s, err := highs.NewSolver(highs.Options{TimeLimitSeconds: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	// x ≥ 3 with x ≤ 2: infeasible.
	p := &lp.Problem{NumCols: 1, Cost: []float64{1}, ColLo: []float64{0}, ColHi: []float64{2},
		RowLo: []float64{3}, RowHi: []float64{lp.Inf}, Start: []int{0, 1}, Index: []int{0}, Value: []float64{1}}
	if err := s.Load(p); err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.Solve()
	fmt.Println(res.Status, errors.Is(err, lp.ErrInfeasible))
	// Output: infeasible true
}

func BenchmarkSolve(b *testing.B) {
	for _, h := range []int{24, 96, 400} {
		p, ren, w := storageLP(h, rand.New(rand.NewPCG(1, 1)))
		name := fmt.Sprintf("cols=%d", p.NumCols)
		b.Run(name+"/cold", func(b *testing.B) {
			s := newSolver(b)
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Load(p); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Solve(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(p.NumRows()), "rows")
		})
		b.Run(name+"/hot", func(b *testing.B) {
			s := newSolver(b)
			if err := s.Load(p); err != nil {
				b.Fatal(err)
			}
			// Two perturbed versions to alternate between, so every solve
			// has something to do.
			rng := rand.New(rand.NewPCG(2, 2))
			var qs [2]*lp.Problem
			for i := range qs {
				qs[i] = p.Clone()
				perturb(qs[i], ren, w, min(h, 12), rng)
			}
			k := 5 * min(h, 12)
			b.ReportAllocs()
			i, iters := 0, 0
			for b.Loop() {
				q := qs[i%2]
				i++
				if err := s.SetColBounds(0, q.ColLo[:k], q.ColHi[:k]); err != nil {
					b.Fatal(err)
				}
				if err := s.SetCosts(0, q.Cost[:k]); err != nil {
					b.Fatal(err)
				}
				res, err := s.Solve()
				if err != nil {
					b.Fatal(err)
				}
				iters += res.Iterations
			}
			b.ReportMetric(float64(iters)/float64(i), "iters/op")
		})
	}
}

// TestExtraOptions: options passed by name reach HiGHS (an iteration limit
// of 0 stops the solve; lifting it again solves to the same optimum as a
// default instance), and bad names, types and values are refused.
func TestExtraOptions(t *testing.T) {
	p, _, _ := storageLP(50, rand.New(rand.NewPCG(6, 6)))
	want, err := solve(t, p)
	require.NoError(t, err)
	wantObj := want.Objective

	s, err := highs.NewSolver(highs.Options{Extra: map[string]any{
		"simplex_iteration_limit":      0,
		"primal_feasibility_tolerance": 1e-8,
		"presolve":                     "off",
		"log_dev_level":                0,
	}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Load(p))
	_, err = s.Solve()
	assert.ErrorIs(t, err, lp.ErrIterationLimit, "with no iteration allowed the solve stops short")

	require.NoError(t, s.SetOption("simplex_iteration_limit", 1_000_000))
	require.NoError(t, s.SetOption("dual_feasibility_tolerance", 1), "an int for a float option")
	require.NoError(t, s.SetOption("dual_feasibility_tolerance", "1e-7"), "HiGHS parses a string for any option")
	got, err := s.Solve()
	require.NoError(t, err)
	assert.True(t, relClose(got.Objective, wantObj, 1e-9), "%v vs %v", got.Objective, wantObj)

	for name, v := range map[string]any{
		"no_such_option":               true,
		"presolve":                     3, // a string option
		"":                             1,
		"primal_feasibility_tolerance": math.NaN(),
		"threads":                      []int{1},
	} {
		_, err := highs.NewSolver(highs.Options{Extra: map[string]any{name: v}})
		assert.ErrorIs(t, err, highs.ErrInvalidOptions, "%q = %v", name, v)
		assert.ErrorIs(t, s.SetOption(name, v), highs.ErrInvalidOptions, "%q = %v", name, v)
	}
	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.SetOption("presolve", "on"), lp.ErrClosed)
}

// TestSetRowBounds tightens and loosens rows of a loaded LP: each re-solve
// equals a fresh solve of the same problem, hot-started (fewer iterations
// than the cold solve), and bad input is refused before anything changes.
func TestSetRowBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	p, _, _ := storageLP(100, rng)
	s := newSolver(t)
	require.NoError(t, s.Load(p))
	cold, err := s.Solve()
	require.NoError(t, err)
	coldIters := cold.Iterations
	compared := 0
	for round := range 4 {
		q := p.Clone()
		first := rng.IntN(q.NumRows() - 10)
		lo, hi := make([]float64, 10), make([]float64, 10)
		for i := range lo {
			// Rows of storageLP are equalities (balance, state of charge):
			// move them a little, or free one.
			r := first + i
			lo[i], hi[i] = q.RowLo[r]*(1+0.05*rng.Float64()), q.RowHi[r]*(1+0.05*rng.Float64())
			if lo[i] > hi[i] {
				lo[i], hi[i] = hi[i], lo[i]
			}
			if i == 3 {
				lo[i], hi[i] = math.Inf(-1), math.Inf(1)
			}
			q.RowLo[r], q.RowHi[r] = lo[i], hi[i]
		}
		require.NoError(t, s.SetRowBounds(first, lo, hi))
		got, err := s.Solve()
		want, werr := solve(t, q)
		if werr != nil {
			require.Error(t, err, "round %d: fresh solve failed (%v), hot did not", round, werr)
			p = q
			continue
		}
		require.NoError(t, err, "round %d", round)
		assert.True(t, relClose(got.Objective, want.Objective, 1e-9), "round %d: hot %v vs fresh %v", round, got.Objective, want.Objective)
		assert.LessOrEqual(t, q.MaxViolation(got.X), 1e-7)
		assert.Less(t, got.Iterations, coldIters, "round %d: a hot start", round)
		compared++
		p = q
	}
	assert.GreaterOrEqual(t, compared, 2, "rounds compared with a fresh solve")
	n := p.NumRows()
	for _, c := range []struct {
		name   string
		first  int
		lo, hi []float64
	}{
		{"lengths differ", 0, []float64{0}, []float64{0, 1}},
		{"past the end", n - 1, []float64{0, 0}, []float64{1, 1}},
		{"negative first", -1, []float64{0}, []float64{1}},
		{"NaN", 0, []float64{math.NaN()}, []float64{1}},
		{"lo above hi", 0, []float64{2}, []float64{1}},
		{"lo +Inf", 0, []float64{math.Inf(1)}, []float64{math.Inf(1)}},
	} {
		assert.ErrorIs(t, s.SetRowBounds(c.first, c.lo, c.hi), lp.ErrShape, c.name)
	}
}

// TestObjectiveBound: with HiGHS's objective_bound set below a re-solve's
// optimum, dual simplex stops once its dual objective (a lower bound on
// the optimum) passes it — lp.ErrObjectiveBound, in fewer iterations than
// the whole re-solve — and, the bound lifted, goes on from the basis it
// reached to the optimum a fresh solve finds. A bound above the optimum
// changes nothing.
func TestObjectiveBound(t *testing.T) {
	p, _, _ := storageLP(200, rand.New(rand.NewPCG(7, 7)))
	// The re-solve: the store kept at least 8 of its 10 all the time,
	// which costs more than the first optimum.
	q := p.Clone()
	for step := range 200 {
		q.ColLo[5*step+3] = 8
	}
	want, err := solve(t, q)
	require.NoError(t, err)

	resolve := func(bound float64) (*highs.Solver, *lp.Result, error) {
		s := newSolver(t)
		require.NoError(t, s.Load(p))
		first, err := s.Solve()
		require.NoError(t, err)
		require.Less(t, first.Objective, want.Objective-1, "the re-solve's optimum is above the first")
		require.NoError(t, s.SetOption("objective_bound", bound))
		require.NoError(t, s.SetColBounds(0, q.ColLo, q.ColHi))
		r, err := s.Solve()
		return s, r, err
	}
	// No bound: math.MaxFloat64 (the option's own default is +Inf, which
	// SetOption refuses as it refuses every infinite value).
	_, whole, err := resolve(math.MaxFloat64)
	require.NoError(t, err)
	assert.True(t, relClose(whole.Objective, want.Objective, 1e-9))
	wholeIters := whole.Iterations
	require.Greater(t, wholeIters, 10)

	_, above, err := resolve(want.Objective + 1)
	require.NoError(t, err, "a bound above the optimum does not stop the solve")
	assert.True(t, relClose(above.Objective, want.Objective, 1e-9))

	s, cut, err := resolve(want.Objective - 1)
	require.ErrorIs(t, err, lp.ErrObjectiveBound)
	assert.Equal(t, lp.StatusObjectiveBound, cut.Status)
	assert.Less(t, cut.Iterations, wholeIters, "stopped before the optimum")
	require.NoError(t, s.SetOption("objective_bound", math.MaxFloat64))
	rest, err := s.Solve()
	require.NoError(t, err)
	assert.True(t, relClose(rest.Objective, want.Objective, 1e-9), "on from the basis reached: %v vs %v", rest.Objective, want.Objective)
	assert.LessOrEqual(t, q.MaxViolation(rest.X), 1e-7)
}
