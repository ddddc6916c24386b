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

// knapsack is max x + y s.t. 2x + 2y ≤ 3, 0 ≤ x, y ≤ 10 (as a
// minimisation): the relaxation's optimum is −1.5, the integer one −1.
func knapsack(integer bool) *lp.Problem {
	var b lp.Builder
	x, y := b.AddCol(0, 10, -1), b.AddCol(0, 10, -1)
	if integer {
		b.SetInteger(x)
		b.SetInteger(y)
	}
	b.StartRow()
	b.Add(x, 2)
	b.Add(y, 2)
	b.EndRow(math.Inf(-1), 3)
	p, _ := b.Build()
	return p
}

// TestMIPByHand: integer columns take whole values under every method,
// with no reduced costs, and SetIntegrality switches between the MIP and
// its relaxation on one loaded model.
func TestMIPByHand(t *testing.T) {
	for _, method := range []string{highs.MethodSimplex, highs.MethodIPM, highs.MethodChoose} {
		t.Run(method, func(t *testing.T) {
			s, err := highs.NewSolver(highs.Options{Method: method})
			require.NoError(t, err)
			defer s.Close()
			require.NoError(t, s.Load(knapsack(true)))
			r, err := s.Solve()
			require.NoError(t, err)
			assert.InDelta(t, -1, r.Objective, 1e-9)
			for j, v := range r.X {
				assert.InDelta(t, math.Round(v), v, 1e-6, "column %d", j)
				assert.True(t, math.IsNaN(r.ReducedCost[j]), "a MIP has no reduced costs")
			}
			for i, y := range r.RowDual {
				assert.True(t, math.IsNaN(y), "a MIP has no row duals (row %d)", i)
			}

			require.NoError(t, s.SetIntegrality(0, []bool{false, false}))
			r, err = s.Solve()
			require.NoError(t, err)
			assert.InDelta(t, -1.5, r.Objective, 1e-9, "the relaxation")
			assert.False(t, math.IsNaN(r.ReducedCost[0]), "an LP has reduced costs")
			assert.False(t, math.IsNaN(r.RowDual[0]), "an LP has row duals")

			require.NoError(t, s.SetIntegrality(1, []bool{true}))
			r, err = s.Solve()
			require.NoError(t, err)
			// y whole, x free: 2x + 2y ≤ 3 with y ∈ {0, 1} still gives 1.5.
			assert.InDelta(t, -1.5, r.Objective, 1e-9)
			assert.InDelta(t, math.Round(r.X[1]), r.X[1], 1e-6)
		})
	}
}

func TestMIPMisuse(t *testing.T) {
	s := newSolver(t)
	assert.ErrorIs(t, s.SetIntegrality(0, []bool{true}), lp.ErrNotLoaded)
	require.NoError(t, s.Load(knapsack(false)))
	assert.ErrorIs(t, s.SetIntegrality(1, []bool{true, true}), lp.ErrShape)
	err := s.SetColBounds(0, []float64{0}, []float64{10})
	require.NoError(t, err, "a continuous column takes any bounds")
	require.NoError(t, s.SetIntegrality(0, []bool{true}))
	assert.ErrorIs(t, s.SetColBounds(0, []float64{0.5}, []float64{10}), lp.ErrShape, "an integer column's bounds are whole")
	bad := knapsack(true)
	bad.ColHi[1] = 2.5
	assert.ErrorIs(t, s.Load(bad), lp.ErrShape)
	_, err = highs.NewSolver(highs.Options{MIPGap: -0.1})
	assert.ErrorIs(t, err, highs.ErrInvalidOptions)
	_, err = highs.NewSolver(highs.Options{MIPGap: math.NaN()})
	assert.ErrorIs(t, err, highs.ErrInvalidOptions)
	assert.Equal(t, highs.DefaultMIPGap, highs.DefaultOptions().MIPGap)
}

// TestMIPAgainstEnumeration checks HiGHS's MIP on seeded random problems
// against an answer it has no part in: every whole value of the integer
// columns in their box is fixed in turn and the rest solved as an LP by
// gonum's simplex (by the interior-point oracle where gonum's simplex
// cannot decide: 2 of these 150 problems); the cheapest is the MIP's
// optimum (or none: the MIP is infeasible). Every problem must be decided.
func TestMIPAgainstEnumeration(t *testing.T) {
	const n = 150
	cfg := lptest.RandomConfig{MinCols: 3, MaxCols: 6, MinRows: 1, MaxRows: 5}
	s := newSolver(t)
	var solved, infeasible, skips int
	for seed := uint64(1); seed <= n; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		p, _ := lptest.Random(rng, cfg)
		p.Integer = make([]bool, p.NumCols)
		ints := []int{0, 1 + rng.IntN(p.NumCols-1)}
		for _, j := range ints {
			p.Integer[j] = true
			// Whole bounds (lp.WholeBound): the box rounded inwards.
			p.ColLo[j], p.ColHi[j] = math.Ceil(p.ColLo[j]), math.Floor(p.ColHi[j])
			if p.ColLo[j] > p.ColHi[j] {
				p.ColHi[j] = p.ColLo[j] // the row bounds may make it infeasible
			}
		}

		best, found, ok := enumerate(p, ints)
		if !ok {
			skips++
			continue
		}
		require.NoError(t, s.Load(p), "seed %d", seed)
		r, err := s.Solve()
		if !found {
			require.ErrorIs(t, err, lp.ErrInfeasible, "seed %d: no whole values are feasible", seed)
			infeasible++
			continue
		}
		require.NoError(t, err, "seed %d", seed)
		assert.InDelta(t, best, r.Objective, 1e-6*math.Max(1, math.Abs(best)), "seed %d", seed)
		assert.LessOrEqual(t, p.MaxViolation(r.X), 1e-6, "seed %d", seed)
		for _, j := range ints {
			assert.InDelta(t, math.Round(r.X[j]), r.X[j], 1e-6, "seed %d column %d", seed, j)
		}
		solved++
	}
	t.Logf("%d solved, %d infeasible, %d undecided by both oracles", solved, infeasible, skips)
	assert.Zero(t, skips, "the oracles decide every problem")
	assert.Greater(t, solved, n/3, "the test must exercise feasible MIPs")
	assert.Positive(t, infeasible, "and infeasible ones")
}

// enumerate fixes the integer columns ints at each whole value in their
// box and returns the least objective of the LPs that remain (gonum's
// simplex, else the interior point); ok is false when neither could
// answer one of them.
func enumerate(p *lp.Problem, ints []int) (best float64, found, ok bool) {
	ok = true
	q := p.Clone()
	q.Integer = nil
	var rec func(k int)
	rec = func(k int) {
		if k == len(ints) {
			_, obj, err := lptest.Solve(q)
			if errors.Is(err, lptest.ErrOracle) {
				_, obj, err = lptest.SolveIPM(q)
			}
			switch {
			case err == nil:
				if !found || obj < best {
					best, found = obj, true
				}
			case errors.Is(err, lptest.ErrOracle):
				ok = false
			}
			return
		}
		j := ints[k]
		for v := math.Ceil(p.ColLo[j]); v <= math.Floor(p.ColHi[j]); v++ {
			q.ColLo[j], q.ColHi[j] = v, v
			rec(k + 1)
		}
	}
	rec(0)
	return best, found, ok
}

// ExampleSolver_SetIntegrality solves max x + y s.t. 2x + 2y ≤ 3 in
// whole numbers (lp.Builder.SetInteger), then its LP relaxation on the
// same instance.
func ExampleSolver_SetIntegrality() {
	s, err := highs.NewSolver(highs.Options{MIPGap: 1e-6})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	if err := s.Load(knapsack(true)); err != nil {
		fmt.Println(err)
		return
	}
	r, err := s.Solve()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("whole: %.1f\n", -r.Objective)
	if err := s.SetIntegrality(0, []bool{false, false}); err != nil {
		fmt.Println(err)
		return
	}
	if r, err = s.Solve(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("relaxed: %.1f\n", -r.Objective)
	// Output:
	// whole: 1.0
	// relaxed: 1.5
}
