package plan_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plan"
)

// TestSolversAgree: a roadmap and a frontier solved on two solver
// instances at once (Options.Solvers = 2) are those solved in turn on one:
// the same stages, the same costs to solver tolerance, the same stages
// out of reach; and the statistics count every instance's solves.
func TestSolversAgree(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		p, set, opt := weekPark(t, seed)
		if seed == 3 {
			// Too little wind and storage for near-zero: the road stops
			// after low-carbon on both.
			p.Economics.Wind.MaxTotalKW = 10
			p.Economics.PV.MaxTotalKWp = 300
			p.Economics.Battery.MaxTotalKWh = 250
		}
		opt.FrontierPoints = 5
		var rms [2]*plan.Roadmap
		var fs [2]*plan.Frontier
		var stats [2]plan.SolveStats
		for k, n := range []int{1, 2} {
			o := opt
			o.Solvers = n
			m := newModel(t, p, set, o)
			var err error
			rms[k], err = m.Roadmap()
			require.NoError(t, err, "seed %d solvers %d", seed, n)
			fs[k], err = m.Frontier(0)
			require.NoError(t, err, "seed %d solvers %d", seed, n)
			stats[k] = m.Stats()
		}
		one, two := rms[0], rms[1]
		assert.InDelta(t, one.Today.TotalCostPerYear, two.Today.TotalCostPerYear, 1e-6*math.Abs(one.Today.TotalCostPerYear))
		reached := 0
		for i := range one.Stages {
			require.Equal(t, one.Unreachable[i] == nil, two.Unreachable[i] == nil, "seed %d stage %d: %v vs %v", seed, i, one.Unreachable[i], two.Unreachable[i])
			if one.Unreachable[i] != nil {
				assert.ErrorIs(t, two.Unreachable[i], plan.ErrUnreachable)
				assert.Equal(t, one.Unreachable[i].Error(), two.Unreachable[i].Error(), "seed %d stage %d: the same diagnosis", seed, i)
				assert.Nil(t, two.Stages[i])
				continue
			}
			reached++
			a, b := one.Stages[i], two.Stages[i]
			assert.Equal(t, a.Stage, b.Stage)
			assert.InDelta(t, a.TotalCostPerYear, b.TotalCostPerYear, 1e-6*math.Abs(a.TotalCostPerYear), "seed %d stage %d", seed, i)
			assert.InDelta(t, *a.CostPerTCO2eAvoided, *b.CostPerTCO2eAvoided, 1e-5*math.Abs(*a.CostPerTCO2eAvoided), "seed %d stage %d", seed, i)
		}
		if seed == 3 {
			assert.Less(t, reached, 3, "seed 3 must stop short, or it tests nothing")
			var ue *plan.UnreachableError
			assert.True(t, errors.As(two.Unreachable[reached], &ue))
		} else {
			assert.Equal(t, 3, reached)
		}
		require.Len(t, fs[1].Points, len(fs[0].Points))
		assert.InDelta(t, fs[0].MinResidualTCO2ePerYear, fs[1].MinResidualTCO2ePerYear, 1e-6*(1+fs[0].MinResidualTCO2ePerYear))
		for i := range fs[0].Points {
			a, b := fs[0].Points[i], fs[1].Points[i]
			assert.InDelta(t, a.EpsilonTCO2ePerYear, b.EpsilonTCO2ePerYear, 1e-6*(1+a.EpsilonTCO2ePerYear), "seed %d point %d", seed, i)
			assert.InDelta(t, a.Design.TotalCostPerYear, b.Design.TotalCostPerYear, 1e-6*a.Design.TotalCostPerYear, "seed %d point %d", seed, i)
			// Each instance reads its own points' marginal costs.
			// Neither end has one (the first no bound, the last the edge).
			inner := i > 0 && i+1 < len(fs[0].Points)
			require.Equal(t, inner, a.MarginalCostPerTCO2e != nil, "seed %d point %d", seed, i)
			require.Equal(t, inner, b.MarginalCostPerTCO2e != nil, "seed %d point %d", seed, i)
			if inner {
				assert.InDelta(t, *a.MarginalCostPerTCO2e, *b.MarginalCostPerTCO2e, 1e-5*(1+*a.MarginalCostPerTCO2e), "seed %d point %d", seed, i)
			}
		}
		assert.InDelta(t, fs[0].Today.TotalCostPerYear, fs[1].Today.TotalCostPerYear, 1e-6*fs[0].Today.TotalCostPerYear)
		// Both count the same questions: today, the stages asked (both
		// low-carbon variants), the frontier's ends, points and today.
		assert.GreaterOrEqual(t, stats[1].Solves, 1+2+2+1+opt.FrontierPoints-1+1, "seed %d", seed)
		assert.Positive(t, stats[1].Seconds)
		assert.Equal(t, 1, stats[0].Instances, "seed %d: ran on one instance", seed)
		assert.Equal(t, 2, stats[1].Instances, "seed %d: ran on two", seed)
		// Today alone runs on the Model's own instance, whatever
		// Options.Solvers allows.
		o := opt
		o.Solvers = 2
		m := newModel(t, p, set, o)
		_, err := m.Today()
		require.NoError(t, err)
		assert.Equal(t, 1, m.Stats().Instances, "seed %d: Today alone", seed)
	}
}
