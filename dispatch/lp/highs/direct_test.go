//go:build cgo && (linux || darwin) && (amd64 || arm64)

package highs

import (
	"math/rand/v2"
	"testing"

	gohighs "github.com/bartolsthoorn/gohighs/highs"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp/lptest"
)

// The direct C path must be taken (its pointer check passes against the
// pinned gohighs), and must give the same answers as gohighs's own calls.
func TestDirectPathMatchesGohighs(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		p, _ := lptest.Random(rng, lptest.RandomConfig{})
		fast, err := NewSolver(Options{})
		require.NoError(t, err)
		require.NotNil(t, fast.fast, "direct HiGHS path not available")
		slow, err := NewSolver(Options{})
		require.NoError(t, err)
		slow.fast = nil
		for _, s := range []*Solver{fast, slow} {
			require.NoError(t, s.Load(p))
		}
		// Change every bound and cost, then re-solve on both.
		lo, hi, c := make([]float64, p.NumCols), make([]float64, p.NumCols), make([]float64, p.NumCols)
		for j := range lo {
			lo[j], hi[j] = p.ColLo[j], p.ColHi[j]+rng.Float64()
			c[j] = p.Cost[j] + rng.NormFloat64()
		}
		var objs []float64
		for _, s := range []*Solver{fast, slow} {
			require.NoError(t, s.SetColBounds(0, lo, hi))
			require.NoError(t, s.SetCosts(0, c))
			r, err := s.Solve()
			require.NoError(t, err, "seed %d", seed)
			objs = append(objs, r.Objective)
			require.NoError(t, s.Close())
		}
		require.InDelta(t, objs[1], objs[0], 1e-7*(1+abs(objs[1])), "seed %d", seed)
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// The direct path reads HiGHS's model status as a C integer and reads it
// as gohighs.ModelStatus: their values must be highs_c_api.h's
// kHighsModelStatus… codes.
func TestModelStatusCodes(t *testing.T) {
	for code, st := range map[int]gohighs.ModelStatus{
		6: gohighs.ModelStatusModelEmpty, 7: gohighs.ModelStatusOptimal, 8: gohighs.ModelStatusInfeasible,
		9: gohighs.ModelStatusUnboundedOrInfeasible, 10: gohighs.ModelStatusUnbounded, 13: gohighs.ModelStatusTimeLimit,
		14: gohighs.ModelStatusIterationLimit, 11: gohighs.ModelStatusObjectiveBound,
	} {
		require.EqualValues(t, code, st, st.String())
	}
}
