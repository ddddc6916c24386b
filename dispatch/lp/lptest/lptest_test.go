package lptest_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
)

var inf = math.Inf(1)

// row1 is a one-row problem over n columns with the given row.
func row1(cost, lo, hi []float64, coef []float64, rlo, rhi float64) *lp.Problem {
	p := &lp.Problem{NumCols: len(cost), Cost: cost, ColLo: lo, ColHi: hi,
		RowLo: []float64{rlo}, RowHi: []float64{rhi}, Start: []int{0, 0}}
	for j, v := range coef {
		if v != 0 {
			p.Index = append(p.Index, j)
			p.Value = append(p.Value, v)
		}
	}
	p.Start[1] = len(p.Index)
	return p
}

// solvers are the two oracles, run on the same hand cases.
var solvers = []struct {
	name  string
	solve func(*lp.Problem) ([]float64, float64, error)
}{{"simplex", lptest.Solve}, {"ipm", lptest.SolveIPM}}

// TestSolveByHand checks each rewrite of the standard-form conversion, in
// both oracles, on an LP whose optimum is worked out by hand.
func TestSolveByHand(t *testing.T) {
	tests := []struct {
		name string
		p    *lp.Problem
		x    []float64 // nil when the optimum is not unique; obj checked
		obj  float64
		err  error
	}{
		{"shifted lower bounds", // min x+y, x+y ≥ 3, x ∈ [1,5], y ∈ [−2,5]: obj 3
			row1([]float64{1, 2}, []float64{1, -2}, []float64{5, 5}, []float64{1, 1}, 3, inf),
			[]float64{5, -2}, 1, nil},
		{"free column", // min −x, x free, x ≤ 4 as a row
			row1([]float64{-1}, []float64{-inf}, []float64{inf}, []float64{1}, -inf, 4),
			[]float64{4}, -4, nil},
		{"upper bound only", // min x, x ≤ 2 (no lower bound), x ≥ −3 as a row
			row1([]float64{1}, []float64{-inf}, []float64{2}, []float64{1}, -3, inf),
			[]float64{-3}, -3, nil},
		{"ranged row", // max x+y on 1 ≤ x − y ≤ 2 with x,y ∈ [0,3]
			row1([]float64{-1, -1}, []float64{0, 0}, []float64{3, 3}, []float64{1, -1}, 1, 2),
			[]float64{3, 2}, -5, nil},
		{"equality and fixed column", // x + z = 4, z fixed at 1
			row1([]float64{1, 5}, []float64{0, 1}, []float64{10, 1}, []float64{1, 1}, 4, 4),
			[]float64{3, 1}, 8, nil},
		{"column in no row", // y in no row, cost −1, y ∈ [0, 7]
			row1([]float64{1, -1}, []float64{0, 0}, []float64{5, 7}, []float64{1, 0}, 1, inf),
			[]float64{1, 7}, -6, nil},
		{"ray outside rows",
			row1([]float64{1, -1}, []float64{0, 0}, []float64{5, inf}, []float64{1, 0}, 1, inf),
			nil, 0, lp.ErrUnbounded},
		{"row without variables, infeasible",
			row1([]float64{1}, []float64{2}, []float64{2}, []float64{1}, 3, inf),
			nil, 0, lp.ErrInfeasible},
		{"infeasible",
			row1([]float64{1, 1}, []float64{0, 0}, []float64{1, 1}, []float64{1, 1}, 3, inf),
			nil, 0, lp.ErrInfeasible},
		{"unbounded",
			row1([]float64{-1, 0}, []float64{0, 0}, []float64{inf, inf}, []float64{1, -1}, -inf, 0),
			nil, 0, lp.ErrUnbounded},
	}
	for _, sv := range solvers {
		for _, tt := range tests {
			t.Run(sv.name+"/"+tt.name, func(t *testing.T) {
				x, obj, err := sv.solve(tt.p)
				if tt.err != nil {
					assert.ErrorIs(t, err, tt.err)
					return
				}
				require.NoError(t, err)
				assert.InDelta(t, tt.obj, obj, 1e-7)
				assert.InDeltaSlice(t, tt.x, x, 1e-7)
				assert.LessOrEqual(t, tt.p.MaxViolation(x), 1e-8)
			})
		}
		_, _, err := sv.solve(&lp.Problem{NumCols: 1})
		assert.ErrorIs(t, err, lp.ErrShape, sv.name)
	}
}

func TestRandom(t *testing.T) {
	cfg := lptest.RandomConfig{MinCols: 2, MaxCols: 8, MinRows: 1, MaxRows: 6}
	for seed := uint64(0); seed < 100; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1))
		p, x0 := lptest.Random(rng, cfg)
		require.NoError(t, p.Check())
		assert.Zero(t, p.MaxViolation(x0), "seed %d", seed)
		assert.GreaterOrEqual(t, p.NumCols, 2)
		assert.LessOrEqual(t, p.NumRows(), 6)
		x, obj, err := lptest.Solve(p)
		if errors.Is(err, lptest.ErrOracle) {
			continue
		}
		require.NoError(t, err, "seed %d", seed)
		assert.LessOrEqual(t, obj, p.Objective(x0)+1e-9, "seed %d: optimum no worse than x0", seed)
		assert.LessOrEqual(t, p.MaxViolation(x), 1e-6)

		q := lptest.MakeInfeasible(rng, p)
		require.NoError(t, q.Check())
		_, _, err = lptest.Solve(q)
		assert.ErrorIs(t, err, lp.ErrInfeasible, "seed %d", seed)
	}
}

func TestBackend(t *testing.T) {
	var b lp.Backend = lptest.Backend{}
	assert.Equal(t, "gonum", b.Name())
	s, err := b.NewSolver()
	require.NoError(t, err)
	_, err = s.Solve()
	assert.ErrorIs(t, err, lp.ErrNotLoaded)
	p := row1([]float64{1, 1}, []float64{0, 0}, []float64{5, 5}, []float64{1, 2}, 4, inf)
	require.NoError(t, s.Load(p))
	res, err := s.Solve()
	require.NoError(t, err)
	assert.InDelta(t, 2, res.Objective, 1e-9)
	require.NoError(t, s.SetCosts(1, []float64{3}))
	require.NoError(t, s.SetColBounds(0, []float64{0}, []float64{1}))
	res, err = s.Solve()
	require.NoError(t, err)
	assert.InDelta(t, 1+3*1.5, res.Objective, 1e-9)
	assert.Equal(t, 1.0, p.Cost[1], "Load copies the problem")
	assert.ErrorIs(t, s.SetCosts(2, []float64{1}), lp.ErrShape)
	require.NoError(t, s.SetColBounds(0, []float64{0}, []float64{0}))
	require.NoError(t, s.SetColBounds(1, []float64{0}, []float64{1}))
	res, err = s.Solve()
	assert.ErrorIs(t, err, lp.ErrInfeasible)
	assert.Equal(t, lp.StatusInfeasible, res.Status)
	assert.NoError(t, s.Close())
	assert.NoError(t, s.Close())
	assert.ErrorIs(t, s.Load(p), lp.ErrClosed)
}

func ExampleSolve() {
	// min x + y  s.t.  x + 2y ≥ 4,  x, y ∈ [0, 5]
	p := &lp.Problem{NumCols: 2, Cost: []float64{1, 1}, ColLo: []float64{0, 0}, ColHi: []float64{5, 5},
		RowLo: []float64{4}, RowHi: []float64{lp.Inf}, Start: []int{0, 2}, Index: []int{0, 1}, Value: []float64{1, 2}}
	x, obj, err := lptest.Solve(p)
	fmt.Printf("%.3g %.3g %v\n", x, obj, err)
	// Output: [0 2] 2 <nil>
}

func ExampleRandom() {
	rng := rand.New(rand.NewPCG(1, 2))
	p, x0 := lptest.Random(rng, lptest.RandomConfig{MinCols: 3, MaxCols: 3, MinRows: 2, MaxRows: 2})
	fmt.Println(p.NumCols, p.NumRows(), p.MaxViolation(x0))
	// Output: 3 2 0
}

// The oracle solves no integer columns: it refuses, never returning the
// relaxation as the answer.
func TestBackendRefusesIntegers(t *testing.T) {
	s, err := lptest.Backend{}.NewSolver()
	require.NoError(t, err)
	p := &lp.Problem{NumCols: 1, Cost: []float64{-1}, ColLo: []float64{0}, ColHi: []float64{2}, Integer: []bool{true}}
	assert.ErrorIs(t, s.Load(p), lp.ErrNoIntegers)
	p.Integer = []bool{false}
	assert.NoError(t, s.Load(p), "no column marked: an LP")
}
