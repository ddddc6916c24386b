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

// rows builds a problem from dense rows; lo and hi are the row bounds.
func rows(cost, colLo, colHi []float64, a [][]float64, lo, hi []float64) *lp.Problem {
	var b lp.Builder
	for j := range cost {
		b.AddCol(colLo[j], colHi[j], cost[j])
	}
	for i, r := range a {
		b.StartRow()
		for j, v := range r {
			if v != 0 {
				b.Add(j, v)
			}
		}
		b.EndRow(lo[i], hi[i])
	}
	return b.Problem().Clone()
}

// TestSolveIPMDegenerate checks the interior point on the LPs that defeat
// a dense simplex: dependent rows, a vertex where more constraints meet
// than there are columns, rows with no strictly feasible point (huge
// optimal duals), rays through rows. Optima are worked out by hand;
// gonum's simplex, where it decides, must agree on the outcome.
func TestSolveIPMDegenerate(t *testing.T) {
	z2, inf2 := []float64{0, 0}, []float64{inf, inf}
	tests := []struct {
		name string
		p    *lp.Problem
		x    []float64 // nil when not unique
		obj  float64
		err  error
	}{
		{"dependent equality rows", // x+y = 2 twice over: min x+2y at (2, 0)
			rows([]float64{1, 2}, z2, inf2, [][]float64{{1, 1}, {2, 2}, {-1, -1}}, []float64{2, 4, -2}, []float64{2, 4, -2}),
			[]float64{2, 0}, 2, nil},
		{"dependent rows, inconsistent", // x+y = 1 and 2x+2y = 3
			rows([]float64{1, 1}, z2, inf2, [][]float64{{1, 1}, {2, 2}}, []float64{1, 3}, []float64{1, 3}),
			nil, 0, lp.ErrInfeasible},
		{"degenerate vertex", // five rows meet at (1, 1): max x+y
			rows([]float64{-1, -1}, z2, inf2, [][]float64{{1, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 1}},
				[]float64{-inf, -inf, -inf, -inf, -inf}, []float64{1, 1, 2, 3, 3}),
			[]float64{1, 1}, -2, nil},
		{"no strictly feasible point", // x+y ≥ 1 and x+y ≤ 1 as two rows: min x
			rows([]float64{1, 0}, z2, inf2, [][]float64{{1, 1}, {1, 1}}, []float64{1, -inf}, []float64{inf, 1}),
			[]float64{0, 1}, 0, nil},
		{"optimal face", // min x+y on x+y ≥ 3, x,y ∈ [0, 5]: every split is optimal
			rows([]float64{1, 1}, z2, []float64{5, 5}, [][]float64{{1, 1}}, []float64{3}, []float64{inf}),
			nil, 3, nil},
		{"free columns", // min |x−3| as x − t ≤ 3, −x − t ≤ −3, x free, t free
			rows([]float64{0, 1}, []float64{-inf, -inf}, inf2, [][]float64{{1, -1}, {-1, -1}}, []float64{-inf, -inf}, []float64{3, -3}),
			[]float64{3, 0}, 0, nil},
		{"ray through an equality row", // x − y = 0, min −x−y
			rows([]float64{-1, -1}, z2, inf2, [][]float64{{1, -1}}, []float64{0}, []float64{0}),
			nil, 0, lp.ErrUnbounded},
		{"infeasible and a ray", // the ray does not matter: no point exists
			rows([]float64{-1, -1}, z2, inf2, [][]float64{{1, -1}, {1, 1}}, []float64{0, -inf}, []float64{0, -1}),
			nil, 0, lp.ErrInfeasible},
		{"large scale spread", // 1e6·x + y = 2e6 with y ≤ 1e-3: min y − x
			rows([]float64{-1, 1}, z2, []float64{inf, 1e-3}, [][]float64{{1e6, 1}}, []float64{2e6}, []float64{2e6}),
			[]float64{2, 0}, -2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, obj, err := lptest.SolveIPM(tt.p)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
			} else {
				require.NoError(t, err)
				assert.InDelta(t, tt.obj, obj, 1e-7)
				if tt.x != nil {
					assert.InDeltaSlice(t, tt.x, x, 1e-6)
				}
				assert.LessOrEqual(t, tt.p.MaxViolation(x), 1e-8)
			}
			_, gobj, gerr := lptest.Solve(tt.p)
			if errors.Is(gerr, lptest.ErrOracle) {
				t.Logf("gonum undecided: %v", gerr)
				return
			}
			assert.Equal(t, lptest.StatusOf(err), lptest.StatusOf(gerr), "gonum: %v", gerr)
			if err == nil && gerr == nil {
				assert.InDelta(t, obj, gobj, 1e-7)
			}
		})
	}
}

// TestSolveIPMAgainstSimplex compares the two oracles on seeded random
// LPs: feasible and bounded by construction, then with some bounds
// removed (possibly unbounded), then made infeasible. The interior point
// must decide every one; where gonum's simplex decides, the outcome and
// the optimum must match.
func TestSolveIPMAgainstSimplex(t *testing.T) {
	cfg := lptest.RandomConfig{MinCols: 2, MaxCols: 16, MinRows: 1, MaxRows: 10}
	var compared, unbounded int
	for seed := uint64(0); seed < 150; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		p, x0 := lptest.Random(rng, cfg)
		loose := p.Clone()
		for j := range loose.NumCols {
			switch rng.IntN(4) {
			case 0:
				loose.ColLo[j] = math.Inf(-1)
			case 1:
				loose.ColHi[j] = math.Inf(1)
			}
		}
		q := lptest.MakeInfeasible(rng, p)
		for _, c := range []struct {
			name string
			p    *lp.Problem
		}{{"bounded", p}, {"loose", loose}, {"infeasible", q}} {
			x, obj, err := lptest.SolveIPM(c.p)
			switch c.name {
			case "bounded":
				require.NoError(t, err, "seed %d", seed)
				assert.LessOrEqual(t, obj, p.Objective(x0)+1e-9, "seed %d: optimum no worse than x0", seed)
			case "loose":
				// x0 is still feasible: optimal or unbounded.
				if errors.Is(err, lp.ErrUnbounded) {
					unbounded++
				} else {
					require.NoError(t, err, "seed %d", seed)
				}
			case "infeasible":
				require.ErrorIs(t, err, lp.ErrInfeasible, "seed %d", seed)
			}
			if err == nil {
				assert.LessOrEqual(t, c.p.MaxViolation(x), 1e-7, "seed %d %s", seed, c.name)
			}
			_, gobj, gerr := lptest.Solve(c.p)
			if errors.Is(gerr, lptest.ErrOracle) {
				continue
			}
			compared++
			assert.Equal(t, lptest.StatusOf(gerr), lptest.StatusOf(err), "seed %d %s: ipm %v, gonum %v", seed, c.name, err, gerr)
			if err == nil && gerr == nil {
				assert.InDelta(t, gobj, obj, 1e-7*(1+math.Abs(gobj)), "seed %d %s", seed, c.name)
			}
		}
	}
	t.Logf("%d of 450 compared with gonum's simplex; %d loose LPs unbounded", compared, unbounded)
	// Both must be exercised: enough comparisons and some rays.
	assert.GreaterOrEqual(t, compared, 300)
	assert.GreaterOrEqual(t, unbounded, 10)
}

func TestIPMBackend(t *testing.T) {
	var b lp.Backend = lptest.IPMBackend{}
	assert.Equal(t, "ipm", b.Name())
	s, err := b.NewSolver()
	require.NoError(t, err)
	p := row1([]float64{1, 1}, []float64{0, 0}, []float64{5, 5}, []float64{1, 2}, 4, inf)
	require.NoError(t, s.Load(p))
	res, err := s.Solve()
	require.NoError(t, err)
	assert.Equal(t, lp.StatusOptimal, res.Status)
	assert.InDelta(t, 2, res.Objective, 1e-8)
	require.NoError(t, s.SetColBounds(0, []float64{0}, []float64{0}))
	require.NoError(t, s.SetColBounds(1, []float64{0}, []float64{1}))
	res, err = s.Solve()
	assert.ErrorIs(t, err, lp.ErrInfeasible)
	assert.Equal(t, lp.StatusInfeasible, res.Status)
	assert.NoError(t, s.Close())
}

func ExampleSolveIPM() {
	// The same row twice over (dependent rows): min x + 2y  s.t.  x + y = 2,
	// 2x + 2y = 4,  x, y ≥ 0.
	p := &lp.Problem{NumCols: 2, Cost: []float64{1, 2}, ColLo: []float64{0, 0}, ColHi: []float64{lp.Inf, lp.Inf},
		RowLo: []float64{2, 4}, RowHi: []float64{2, 4}, Start: []int{0, 2, 4}, Index: []int{0, 1, 0, 1}, Value: []float64{1, 1, 2, 2}}
	x, obj, err := lptest.SolveIPM(p)
	fmt.Printf("%.6f %.6f %v\n", x, obj, err)
	// Output: [2.000000 0.000000] 2.000000 <nil>
}
