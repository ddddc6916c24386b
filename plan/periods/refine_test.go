package periods_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plan/periods"
)

// expandedSSE is the sum of squared differences between every series and
// its expansion by agg: a score that a representative closer to its
// cluster lowers.
func expandedSSE(series []periods.Series) func(*periods.Aggregation) float64 {
	return func(agg *periods.Aggregation) float64 {
		sse := 0.0
		for s, ser := range series {
			got, err := agg.ExpandSeries(s)
			if err != nil {
				return math.Inf(1)
			}
			for t, x := range got {
				sse += (x - ser.Values[t]) * (x - ser.Values[t])
			}
		}
		return sse
	}
}

// TestRefinePicksWhatTheScoreAsks: a score that is 0 only when period 5
// stands for its cluster makes the refinement choose it, whichever member
// the medoid was; the aggregation stays consistent, in calendar order,
// with the same clusters and weights, and the values are period 5's.
func TestRefinePicksWhatTheScoreAsks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	series := randomSeries(rng, 2, 4*24)
	cfg := periods.Config{PeriodSteps: 4, Periods: 5}
	plain, err := periods.Aggregate(series, time.Hour, cfg)
	require.NoError(t, err)
	k5 := plain.Sigma[5]
	require.NotEqual(t, 5, plain.Reps[k5].Period, "the test needs period 5 not to be the medoid")
	require.Greater(t, plain.Reps[k5].Weight, 1)

	calls := 0
	cfg.Refine = func(a *periods.Aggregation) float64 {
		calls++
		if a.Reps[a.Sigma[5]].Period == 5 {
			return 0
		}
		return 1
	}
	agg, err := periods.Aggregate(series, time.Hour, cfg)
	require.NoError(t, err)
	require.NoError(t, agg.Check())
	assert.Equal(t, calls, agg.Refined)
	r := agg.Reps[agg.Sigma[5]]
	assert.Equal(t, 5, r.Period)
	for s := range series {
		assert.Equal(t, series[s].Values[5*4:6*4], r.Values[s], "a typical period without rescaling is a copy")
	}
	assert.True(t, slices.IsSortedFunc(agg.Reps, func(x, y periods.Representative) int { return x.Period - y.Period }))
	// The same clusters: periods share a representative after as before.
	for i := range plain.Sigma {
		for j := range plain.Sigma {
			assert.Equal(t, plain.Sigma[i] == plain.Sigma[j], agg.Sigma[i] == agg.Sigma[j], "periods %d and %d", i, j)
		}
	}
	// Every other cluster keeps its medoid (no other choice scores less).
	for k, r := range plain.Reps {
		if k != k5 {
			assert.Equal(t, r.Period, agg.Reps[agg.Sigma[r.Period]].Period)
		}
	}
}

// TestRefineNeverRaisesTheScore: on random series, with the rescaling per
// cluster and the global one, the refined aggregation scores no more than
// the medoids' by the same score, and less here; rescaled per cluster, each
// typical period still carries its cluster's energy.
func TestRefineNeverRaisesTheScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 5 {
		series := randomSeries(rng, 3, 24*30+7)
		for s := range series {
			for v := range series[s].Values {
				series[s].Values[v] = math.Abs(series[s].Values[v])
			}
		}
		score := expandedSSE(series)
		cfg := periods.Config{PeriodSteps: 24, Periods: 6, RescaleClusters: true}
		plain, err := periods.Aggregate(series, time.Hour, cfg)
		require.NoError(t, err)
		cfg.Refine = score
		agg, err := periods.Aggregate(series, time.Hour, cfg)
		require.NoError(t, err)
		require.NoError(t, agg.Check())
		assert.LessOrEqual(t, score(agg), score(plain), "trial %d", trial)
		assert.Less(t, score(agg), score(plain)*(1-1e-9), "trial %d: some member fits better than the medoid", trial)
		for k, r := range agg.Reps {
			if r.Kind != periods.KindTypical {
				continue
			}
			for s, ser := range series {
				want := 0.0
				for _, i := range agg.Members(k) {
					for _, x := range ser.Values[i*24 : (i+1)*24] {
						want += x
					}
				}
				got := 0.0
				for _, x := range r.Values[s] {
					got += x
				}
				assert.InDelta(t, want, got*float64(r.Weight), 1e-5*want, "trial %d rep %d series %d", trial, k, s)
			}
		}
	}
}

// TestRefineNotWithCentroids: a centroid is no member to choose.
func TestRefineNotWithCentroids(t *testing.T) {
	series := randomSeries(rand.New(rand.NewPCG(7, 8)), 1, 40)
	_, err := periods.Aggregate(series, time.Hour, periods.Config{PeriodSteps: 4, Periods: 3, Centroids: true,
		Refine: func(*periods.Aggregation) float64 { return 0 }})
	require.Error(t, err)
	assert.True(t, errors.Is(err, periods.ErrInvalid))
	assert.Contains(t, err.Error(), "Centroids")
}
