package plan_test

import (
	"errors"
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

// unitsUnnestedPark is three days like unnestedPark's week (the price at
// 0.4, the wind at 0.7 of randomFixture's) whose candidates come in whole
// units in a small box: PV 0–6 blocks of 100 kWp (its room, 650 kWp, is
// not a whole number of blocks), wind 0–8 turbines of 200 kW, battery
// 0–4 blocks of 500 kWh with 250 kW. Its independent roadmap is not
// nested: low-carbon adds 2 PV blocks and a turbine, near-zero 5
// turbines and 3 battery blocks but no PV (zero-carbon near-zero's with
// offsets).
func unitsUnnestedPark(t *testing.T) (*model.Park, *model.SeriesSet, plan.Options) {
	rng := rand.New(rand.NewPCG(1, 13))
	f := randomFixture(rng, 72)
	for t := range f.n {
		f.price[t] *= 0.4
		f.windPerKW[t] *= 0.7
	}
	f.econ.PV.MaxTotalKWp, f.econ.PV.UnitKWp = f.pvKWp+650, 100
	f.econ.Wind.MaxTotalKW, f.econ.Wind.UnitKW = 1600, 200
	f.econ.Battery.MaxTotalKWh, f.econ.Battery.MaxTotalKW = 2000, 1000
	f.econ.Battery.UnitKWh, f.econ.Battery.UnitKW = 500, 250
	p, set := f.build(t)
	opt := plan.DefaultOptions()
	opt.MIPGap = 1e-9 // the enumeration's optimum, not one within 0.01 %
	return p, set, opt
}

// TestStagedWholeUnits: a staged roadmap with whole units, whose lower
// bounds go through the plan's branch and bound. On unitsUnnestedPark
// the staged designs are whole units, each holds the one before it
// candidate by candidate, the ledger grants each its stage, each step is
// the difference of the investments, and the staged near-zero and
// zero-carbon cost no less than the independent ones. Each staged stage
// is also checked against an answer it has no part in: every count of
// units in the box at least the stage before's, evaluated in turn
// (EvaluateUndiagnosed, plain LPs), the cheapest reaching the stage.
func TestStagedWholeUnits(t *testing.T) {
	p, set, opt := unitsUnnestedPark(t)
	free, err := newModel(t, p, set, opt).Roadmap()
	require.NoError(t, err)
	for i, d := range free.Stages {
		require.NotNil(t, d, "stage %d", i)
	}
	require.Equal(t, "pv pv", nestedIn(free.Stages[0], free.Stages[1], 1e-6), "the case it claims to be: near-zero drops low-carbon's PV")

	sopt := opt
	sopt.Staged = true
	m := newModel(t, p, set, sopt)
	rm, err := m.Roadmap()
	require.NoError(t, err)
	today := rm.Today
	counts := func(d *plan.Design) (pv, wind, bat int) {
		for _, a := range d.Additions {
			switch a.Tech {
			case plan.TechPV:
				pv = a.Units
			case plan.TechWind:
				wind = a.Units
			case plan.TechBatteryEnergy:
				bat = a.Units
			}
		}
		return pv, wind, bat
	}
	for i, st := range plan.RoadmapStages() {
		require.NoError(t, rm.Unreachable[i], "%s", st)
		d := rm.Stages[i]
		require.NotNil(t, d, "%s", st)
		assert.Equal(t, st, d.Target)
		for _, a := range d.Additions {
			require.Positive(t, a.UnitSize, "%s %s", st, a.Tech)
			assert.Equal(t, float64(a.Units)*a.UnitSize, a.Added, "%s %s: whole units", st, a.Tech)
		}
		require.NoError(t, plan.CheckWholeUnits(p, d.Park), "%s", st)
		require.NotNil(t, d.UnitSearch, "%s: the plan's branch and bound answered", st)
		v, err := plan.Holds(st, &d.Report, opt.Ledger.WithMarket(d.Park.Market))
		require.NoError(t, err)
		assert.True(t, v.Holds, "%s: %+v", st, v)
		require.NotNil(t, d.StepInvestment, "%s", st)
		prevInv := 0.0
		if i > 0 {
			prev := rm.Stages[i-1]
			assert.Empty(t, nestedIn(prev, d, 0), "%s holds %s's units", st, prev.Target)
			prevInv = prev.Investment
			assert.GreaterOrEqual(t, d.TotalCostPerYear, free.Stages[i].TotalCostPerYear*(1-1e-9), "%s: staged costs no less", st)
		}
		assert.InDelta(t, d.Investment-prevInv, *d.StepInvestment, 1e-9*(1+d.Investment), "%s", st)
		assert.GreaterOrEqual(t, *d.StepInvestment, 0.0, "%s", st)
		if i == 0 {
			assert.InDelta(t, free.Stages[0].TotalCostPerYear, d.TotalCostPerYear, 1e-9*d.TotalCostPerYear, "low-carbon is solved as before")
			continue
		}

		// The enumeration: every count in the box at least the stage
		// before's, the cheapest that reaches st.
		pv0, wind0, bat0 := counts(rm.Stages[i-1])
		best, found := math.Inf(1), false
		var bestCounts [3]int
		em := newModel(t, p, set, opt)
		for pv := pv0; pv <= 6; pv++ {
			for wind := wind0; wind <= 8; wind++ {
				for bat := bat0; bat <= 4; bat++ {
					e := *today
					e.Target = st
					e.Additions = slices.Clone(today.Additions)
					for j := range e.Additions {
						a := &e.Additions[j]
						switch a.Tech {
						case plan.TechPV:
							a.Added = 100 * float64(pv)
						case plan.TechWind:
							a.Added = 200 * float64(wind)
						case plan.TechBatteryEnergy:
							a.Added = 500 * float64(bat)
						case plan.TechBatteryPower:
							a.Added = 250 * float64(bat)
						}
					}
					ev, err := em.EvaluateUndiagnosed(&e)
					if errors.Is(err, plan.ErrUnreachable) {
						continue
					}
					require.NoError(t, err, "%s pv %d wind %d bat %d", st, pv, wind, bat)
					if ev.TotalCostPerYear < best {
						best, found, bestCounts = ev.TotalCostPerYear, true, [3]int{pv, wind, bat}
					}
				}
			}
		}
		require.True(t, found, "%s: some count reaches it", st)
		pv, wind, bat := counts(d)
		t.Logf("%s: staged pv %d wind %d bat %d, %.2f a year (independent %.2f); enumeration %v, %.2f",
			st, pv, wind, bat, d.TotalCostPerYear, free.Stages[i].TotalCostPerYear, bestCounts, best)
		assert.InDelta(t, best, d.TotalCostPerYear, 1e-6*best, "%s: the cheapest whole design holding %s's", st, rm.Stages[i-1].Target)
	}
	assert.Greater(t, rm.Stages[1].TotalCostPerYear, free.Stages[1].TotalCostPerYear*(1+1e-6), "keeping low-carbon's PV costs near-zero something")
}

// TestStagedUnitRoom: a staged question's lower bounds never leave a
// count of whole units bounded above below its lower bound, also where a
// candidate's room is not a whole number of units (unitsUnnestedPark's
// PV: 650 kWp, 6 blocks of 100) and the lower bound asked is the room
// itself, beyond the last whole block: the addition's lower bound stops
// at the whole blocks that fit, the count's at their number, and the
// plan answers with them (6 blocks), not "out of reach" (as it did,
// diagnosing low-carbon's indicators "met alone, but not all at once").
// A bound a hair off a whole number of blocks, as a design's addition
// may be after rounding, asks for that number, no block more: the same
// design as the whole number.
func TestStagedUnitRoom(t *testing.T) {
	p, set, opt := unitsUnnestedPark(t)
	m := newModel(t, p, set, opt)
	today, err := m.Today()
	require.NoError(t, err)
	var three *plan.Design // the design for 3 blocks exactly
	for _, c := range []struct {
		name  string
		pvKWp float64
		want  float64 // the PV count's lower bound
	}{{"a whole design's", 200, 2}, {"the room", 650, 6}, {"3 blocks", 300, 3}, {"a hair above 3 blocks", 300 * (1 + 1e-12), 3},
		{"a hair below 3 blocks", 300 * (1 - 1e-12), 3}} {
		at := make([]float64, len(today.Additions))
		pv := -1
		for j, a := range today.Additions {
			if a.Tech == plan.TechPV {
				at[j], pv = c.pvKWp, j
			}
		}
		require.GreaterOrEqual(t, pv, 0)
		addLo, addHi, countLo, countHi := plan.AtLeastBounds(m, dispatch.LowCarbon, at)
		for j, a := range today.Additions {
			require.False(t, math.IsNaN(countLo[j]), "%s: %s has a count", c.name, a.Tech)
			assert.LessOrEqual(t, addLo[j], addHi[j], "%s: %s's addition", c.name, a.Tech)
			assert.LessOrEqual(t, countLo[j], countHi[j], "%s: %s's count", c.name, a.Tech)
			require.Positive(t, a.UnitSize, "%s: %s", c.name, a.Tech)
			assert.LessOrEqual(t, addLo[j], a.UnitSize*countHi[j]*(1+1e-12), "%s: %s's lower bound within the whole units that fit", c.name, a.Tech)
		}
		assert.Equal(t, 6.0, countHi[pv], "650 kWp hold 6 blocks")
		assert.Equal(t, c.want, countLo[pv], c.name)
		d, err := plan.PlanAtLeast(m, dispatch.LowCarbon, at)
		require.NoError(t, err, c.name)
		got := d.Added(plan.TechPV)
		assert.GreaterOrEqual(t, got, 100*c.want, c.name)
		assert.Equal(t, math.Round(got/100)*100, got, "%s: whole blocks", c.name)
		if c.want == 3 {
			if three == nil {
				three = d
			}
			assert.Equal(t, three.Added(plan.TechPV), got, c.name)
			assert.InDelta(t, three.TotalCostPerYear, d.TotalCostPerYear, 1e-9*d.TotalCostPerYear, c.name)
		}
		if c.want == 6 {
			assert.Equal(t, 600.0, got, "the room holds 6 blocks, no more")
		}
	}
	require.NotNil(t, three)
}

// A staged stage that buys nothing beyond the stage before has a step
// investment of 0, not the solver's −7e-9 (QA, December 2026: roadmap.csv
// wrote -0.000000007450580596923828 for zero-carbon); a real step is the
// difference, the first stage's all of its investment.
func TestStepInvestmentSnapsToZero(t *testing.T) {
	low := &plan.Design{Investment: 1_234_567.25}
	near := &plan.Design{Investment: 1_834_567.25}
	zero := &plan.Design{Investment: 1_834_567.25 - 7.450580596923828e-9}
	plan.StepInvestments([]*plan.Design{low, near, zero})
	assert.Equal(t, 1_234_567.25, *low.StepInvestment)
	assert.Equal(t, 600_000.0, *near.StepInvestment)
	assert.Zero(t, *zero.StepInvestment)
	above := &plan.Design{Investment: 1_834_567.25 + 1.86e-9}
	plan.StepInvestments([]*plan.Design{near, above})
	assert.Zero(t, *above.StepInvestment)
}
