//go:build cgo && (linux || darwin) && (amd64 || arm64)

package highs_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
)

// DualsFor at the optimum's basis gives the solve's own row duals for the
// model's costs, and duals linear in the costs: those of c1 and c2 add up
// to those of c1 + c2 (a cost and its tie-breaks, read apart). On a hand
// LP the duals of each part are the arithmetic's.
func TestDualsFor(t *testing.T) {
	var _ lp.BasisDuals = (*highs.Solver)(nil)
	cfg := lptest.RandomConfig{MinCols: 2, MaxCols: 8, MinRows: 1, MaxRows: 6}
	s := newSolver(t)
	checked := 0
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		p, _ := lptest.Random(rng, cfg)
		require.NoError(t, s.Load(p))
		r, err := s.Solve()
		if err != nil || r.Status != lp.StatusOptimal {
			continue
		}
		want := append([]float64(nil), r.RowDual...)
		y, err := s.DualsFor(p.Cost)
		require.NoError(t, err, "seed %d", seed)
		for i := range want {
			assert.InDelta(t, want[i], y[i], 1e-7*max(1, math.Abs(want[i])), "seed %d row %d", seed, i)
		}
		c1 := make([]float64, len(p.Cost))
		c2 := make([]float64, len(p.Cost))
		for j := range c1 {
			c1[j] = rng.Float64()
			c2[j] = p.Cost[j] - c1[j]
		}
		y1, err := s.DualsFor(c1)
		require.NoError(t, err)
		y2, err := s.DualsFor(c2)
		require.NoError(t, err)
		for i := range want {
			assert.InDelta(t, want[i], y1[i]+y2[i], 1e-7*max(1, math.Abs(want[i])), "seed %d row %d", seed, i)
		}
		checked++
	}
	require.Greater(t, checked, 100)

	// min (1 + 0.01)·x + 3·y, x + y ≥ 4, x ≤ 3: x = 3, y = 1 with the
	// first row binding (y basic) and x at its bound: the row's dual is
	// y's cost, 3, of which the tie-break part (0.01 on x, nonbasic) is 0;
	// a tie-break of 0.5 on y is 0.5 of it.
	p := &lp.Problem{NumCols: 2, Cost: []float64{1.01, 3}, ColLo: []float64{0, 0}, ColHi: []float64{3, inf},
		RowLo: []float64{4}, RowHi: []float64{inf}, Start: []int{0, 2}, Index: []int{0, 1}, Value: []float64{1, 1}}
	require.NoError(t, s.Load(p))
	r, err := s.Solve()
	require.NoError(t, err)
	require.InDelta(t, 3, r.RowDual[0], 1e-9)
	y, err := s.DualsFor([]float64{0.01, 0})
	require.NoError(t, err)
	assert.InDelta(t, 0, y[0], 1e-12)
	y, err = s.DualsFor([]float64{0, 0.5})
	require.NoError(t, err)
	assert.InDelta(t, 0.5, y[0], 1e-12)

	_, err = s.DualsFor([]float64{1})
	assert.Error(t, err, "costs of the wrong length")
	fresh := newSolver(t)
	_, err = fresh.DualsFor(nil)
	assert.ErrorIs(t, err, lp.ErrNotLoaded)
}
