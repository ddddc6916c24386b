package plan_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// unnestedPark is a week whose independent roadmap is not nested: with
// the wind at 0.7 of randomFixture's, low-carbon's cheapest design is
// mostly PV (about 264 kWp and 91 kW of wind) while near-zero's is wind
// and a battery with no PV at all (about 1,085 kW of wind, 1,590 kWh).
func unnestedPark(t *testing.T) (*model.Park, *model.SeriesSet, plan.Options) {
	rng := rand.New(rand.NewPCG(1, 13))
	f := randomFixture(rng, 168)
	for t := range f.n {
		f.price[t] *= 0.4
		f.windPerKW[t] *= 0.7
	}
	f.econ.PV.MaxTotalKWp = 6000
	f.econ.Wind.MaxTotalKW = 6000
	f.econ.Battery.MaxTotalKWh, f.econ.Battery.MaxTotalKW = 20000, 3000
	p, set := f.build(t)
	return p, set, plan.DefaultOptions()
}

// nestedIn reports the first candidate of a that b adds less of (beyond
// tol), "" when b adds at least a's everywhere.
func nestedIn(a, b *plan.Design, tol float64) string {
	for j := range a.Additions {
		if b.Additions[j].Added < a.Additions[j].Added-tol {
			return a.Additions[j].Asset + " " + a.Additions[j].Tech.String()
		}
	}
	return ""
}

// TestStagedRoadmap: on a park whose independent designs are not nested,
// Options.Staged makes near-zero add at least low-carbon's design and
// zero-carbon at least near-zero's, each still granted its stage by the
// ledger, near-zero's cost between the independent near-zero's (the
// constrained optimum cannot beat the free one) and the cost of operating
// the candidate-wise larger of the two independent designs (a design the
// staged LP had); each step's investment is the difference of the
// Investments; and the same Model's unstaged near-zero afterwards is the
// independent one (the lower bounds do not stay).
func TestStagedRoadmap(t *testing.T) {
	p, set, opt := unnestedPark(t)
	free, err := newModel(t, p, set, opt).Roadmap()
	require.NoError(t, err)
	low, near := free.Stages[0], free.Stages[1]
	require.NotNil(t, low)
	require.NotNil(t, near)
	require.Equal(t, dispatch.LowCarbon, low.Target, "low-carbon's own design")
	// The case it claims to be: near-zero adds less PV than low-carbon.
	require.Equal(t, "pv pv", nestedIn(low, near, 1), "low %+v near %+v", low.Additions, near.Additions)
	assert.Greater(t, low.Added(plan.TechPV), 100.0)
	assert.Less(t, near.Added(plan.TechPV), 1.0)

	sopt := opt
	sopt.Staged = true
	m := newModel(t, p, set, sopt)
	rm, err := m.Roadmap()
	require.NoError(t, err)
	for i, st := range plan.RoadmapStages() {
		require.NoError(t, rm.Unreachable[i], "%s", st)
		d := rm.Stages[i]
		require.NotNil(t, d, "%s", st)
		assert.Equal(t, st, d.Target)
		v, err := plan.Holds(st, &d.Report, opt.Ledger.WithMarket(d.Park.Market))
		require.NoError(t, err)
		assert.True(t, v.Holds, "%s: %+v", st, v)
		require.NotNil(t, d.StepInvestment, "%s", st)
		prevInv := 0.0
		if i > 0 {
			prev := rm.Stages[i-1]
			assert.Empty(t, nestedIn(prev, d, 1e-6*(1+prev.Investment)), "%s builds on %s", st, prev.Target)
			prevInv = prev.Investment
		}
		assert.InDelta(t, d.Investment-prevInv, *d.StepInvestment, 1e-9*(1+d.Investment))
		assert.GreaterOrEqual(t, *d.StepInvestment, -1e-6*(1+d.Investment))
		assert.Empty(t, d.Warnings, "%s", st)
	}
	sLow, sNear := rm.Stages[0], rm.Stages[1]
	assert.InDelta(t, low.TotalCostPerYear, sLow.TotalCostPerYear, 1e-6*low.TotalCostPerYear, "low-carbon is solved as before")
	assert.GreaterOrEqual(t, sNear.TotalCostPerYear, near.TotalCostPerYear*(1-1e-7))
	assert.Greater(t, sNear.Added(plan.TechPV), 100.0, "near-zero keeps low-carbon's PV")
	// Solved again with lower bounds, near-zero still has its shadow carbon
	// price (an LP, duals defined), that of the bounded question: not the
	// independent design's, whose capacities differ.
	require.NotNil(t, sNear.ShadowCarbonPricePerTCO2e)
	require.NotNil(t, near.ShadowCarbonPricePerTCO2e)
	assert.Greater(t, *sNear.ShadowCarbonPricePerTCO2e, 0.0, "near-zero's core row binds")
	assert.NotEqual(t, *near.ShadowCarbonPricePerTCO2e, *sNear.ShadowCarbonPricePerTCO2e)

	// An upper bound: the candidate-wise larger of the independent designs
	// adds at least low-carbon's and reaches near-zero (more capacity than
	// near-zero's own), so the staged optimum costs at most its operation.
	both := *near
	both.Additions = slices.Clone(near.Additions)
	for j := range both.Additions {
		both.Additions[j].Added = math.Max(low.Additions[j].Added, near.Additions[j].Added)
	}
	ev, err := newModel(t, p, set, opt).Evaluate(&both)
	require.NoError(t, err)
	assert.LessOrEqual(t, sNear.TotalCostPerYear, ev.TotalCostPerYear*(1+1e-7))
	assert.Greater(t, ev.TotalCostPerYear, near.TotalCostPerYear, "the bound is not the free optimum itself")

	// The lower bounds do not outlive the roadmap's questions.
	again, err := m.Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err)
	assert.InDelta(t, near.TotalCostPerYear, again.TotalCostPerYear, 1e-6*near.TotalCostPerYear)
	assert.Less(t, again.Added(plan.TechPV), 1.0)
}

// TestStagedNested: where the independent roadmap is nested already,
// Options.Staged changes nothing: the same designs to 1e-6.
func TestStagedNested(t *testing.T) {
	p, set, opt := weekPark(t, 1)
	fm := newModel(t, p, set, opt)
	free, err := fm.Roadmap()
	require.NoError(t, err)
	for i := 1; i < len(free.Stages); i++ {
		require.Empty(t, nestedIn(free.Stages[i-1], free.Stages[i], 1e-6), "the case it claims to be: stage %d nested", i)
	}
	opt.Staged = true
	sm := newModel(t, p, set, opt)
	rm, err := sm.Roadmap()
	require.NoError(t, err)
	assert.Equal(t, fm.Stats().Solves, sm.Stats().Solves, "a nested roadmap is the staged one: no solve more")
	for i, d := range rm.Stages {
		f := free.Stages[i]
		require.NotNil(t, d)
		assert.InDelta(t, f.TotalCostPerYear, d.TotalCostPerYear, 1e-6*f.TotalCostPerYear, "%s", d.Target)
		for j, a := range d.Additions {
			assert.InDelta(t, f.Additions[j].Added, a.Added, 1e-6*(1+f.Additions[j].Added), "%s %s", d.Target, a.Tech)
		}
	}
}

// TestStagedLowOutOfReach: with low-carbon out of reach (too few
// candidates for its 30 % and near-zero's own indicators met behind a
// clean grid) a staged near-zero is solved from today's park, says so,
// and low-carbon's entry stays out of reach (no near-zero design in its
// place: higherForLow is not asked).
func TestStagedLowOutOfReach(t *testing.T) {
	p, set, opt := cleanGridPark(t, 0.02, 150, 0)
	opt.Staged = true
	rm, err := newModel(t, p, set, opt).Roadmap()
	require.NoError(t, err)
	require.ErrorIs(t, rm.Unreachable[0], plan.ErrUnreachable)
	assert.Nil(t, rm.Stages[0])
	near := rm.Stages[1]
	require.NotNil(t, near)
	require.NoError(t, rm.Unreachable[1])
	require.NotNil(t, near.StepInvestment)
	assert.Equal(t, near.Investment, *near.StepInvestment)
	assert.True(t, slices.ContainsFunc(near.Warnings, func(w string) bool {
		return strings.Contains(w, "low-carbon is out of reach, so this design is solved from today's park")
	}), "%q", near.Warnings)
}
