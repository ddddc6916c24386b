package plan_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
)

// TestFrontierMonotoneConvex: along the ε-constraint frontier the cost
// never falls as the residual bound tightens, and it is convex in the
// bound (second differences on the even grid ≥ 0, to solver tolerance);
// every point keeps its residual within its bound, the first point is
// the cheapest design with no target, and the last reaches the least
// residual.
func TestFrontierMonotoneConvex(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		p, set, opt := weekPark(t, seed)
		m := newModel(t, p, set, opt)
		f, err := m.Frontier(0)
		require.NoError(t, err)
		require.Len(t, f.Points, plan.DefaultFrontierPoints)
		free, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		cost := make([]float64, len(f.Points))
		for i, pt := range f.Points {
			d := pt.Design
			cost[i] = d.TotalCostPerYear
			// The ledger's residual counts negative rates; the bound does
			// not (it is never below the ledger's).
			assert.LessOrEqual(t, d.ResidualTCO2ePerYear, pt.EpsilonTCO2ePerYear*(1+1e-6)+1e-6, "seed %d point %d", seed, i)
			if i > 0 {
				assert.Less(t, pt.EpsilonTCO2ePerYear, f.Points[i-1].EpsilonTCO2ePerYear)
				assert.GreaterOrEqual(t, cost[i], cost[i-1]-1e-6*math.Abs(cost[i-1]), "seed %d point %d: cost fell", seed, i)
			}
			if i > 1 {
				second := cost[i] - 2*cost[i-1] + cost[i-2]
				assert.GreaterOrEqual(t, second, -1e-6*math.Abs(cost[i]), "seed %d point %d: not convex", seed, i)
			}
		}
		assert.InDelta(t, free.TotalCostPerYear, cost[0], 1e-6*math.Abs(cost[0]), "the first point is the cheapest design")
		assert.InDelta(t, f.MinResidualTCO2ePerYear, f.Points[len(f.Points)-1].EpsilonTCO2ePerYear, 1e-6*f.Points[0].EpsilonTCO2ePerYear+1e-9,
			"the last point sits at the least residual (a hair above it)")
		assert.Greater(t, cost[len(cost)-1], cost[0], "seed %d: a flat frontier tests nothing", seed)
		assert.NotNil(t, f.Today)
		_, err = m.Frontier(1)
		assert.ErrorIs(t, err, plan.ErrInvalid, "one point is no frontier")
	}
}

// TestFrontierLeastResidualZero: on a park whose least residual is 0 (wind
// and storage enough to stop importing), every point's design keeps its
// residual within the bound it reports, exactly, the last point's bound is
// only the hair above 0, and the least residual is +0, not −0 (the solver
// returns −0 for the residual column).
func TestFrontierLeastResidualZero(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		p, set, opt := weekPark(t, seed)
		m := newModel(t, p, set, opt)
		f, err := m.Frontier(4)
		require.NoError(t, err)
		assert.Zero(t, f.MinResidualTCO2ePerYear, "seed %d: the least residual is 0", seed)
		assert.False(t, math.Signbit(f.MinResidualTCO2ePerYear), "seed %d: the least residual prints as -0", seed)
		for i, pt := range f.Points {
			assert.LessOrEqual(t, pt.Design.ResidualTCO2ePerYear, pt.EpsilonTCO2ePerYear, "seed %d point %d", seed, i)
		}
		last := f.Points[len(f.Points)-1]
		// The hair: 1e-7 of the span over the period, a year's worth.
		span := f.Points[0].EpsilonTCO2ePerYear
		assert.Greater(t, last.EpsilonTCO2ePerYear, 0.0)
		assert.LessOrEqual(t, last.EpsilonTCO2ePerYear, 1e-7*span*(1+1e-6), "seed %d: the last bound is a hair above 0", seed)
	}
}

// TestFrontierShedsNoLoad: the frontier buys carbon by what it builds and
// how it operates, never by leaving more load unserved than the cheapest
// design does. The ledger tolerates unserved load up to a share of the
// load; the LP's value of lost load prices it, but a point's total leaves
// that out, so a point shedding load would come out cheaper as its bound
// tightens (a park with no candidate: 1,989,250 → 1,971,651 a year over
// five points, each shedding 2,500 kWh a year more). With no candidate
// the frontier is what operating today's park differently buys.
func TestFrontierShedsNoLoad(t *testing.T) {
	for _, tc := range []struct {
		name         string
		noCandidates bool
		// importShare, when set, lowers the grid's import limit to that
		// share of today's peak import, so that some load must go
		// unserved (the ledger's tolerance raised to 5 % to allow it).
		importShare float64
	}{
		{"with candidates", false, 0},
		{"no candidate", true, 0},
		{"load that cannot be served", true, 0.9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, set, opt := weekPark(t, 1)
			if tc.noCandidates {
				p.Economics.PV, p.Economics.Wind, p.Economics.Battery = nil, nil, nil
			}
			if tc.importShare > 0 {
				today, err := newModel(t, p, set, opt).Today()
				require.NoError(t, err)
				peakKW := 0.0
				for _, mp := range today.Report.MonthlyPeakImportKW {
					peakKW = max(peakKW, mp.PeakImportKW)
				}
				p.Grid.ImportLimitKW = tc.importShare * peakKW
				opt.Ledger.UnservedToleranceShare = 0.05
			}
			m := newModel(t, p, set, opt)
			f, err := m.Frontier(4)
			require.NoError(t, err)
			first := f.Points[0].Design
			// The solver's tolerance: a millionth of the load (kWh a year;
			// weekPark is a week of hours).
			tol := 1e-6 * first.Report.Energy.Load * 8760 / 168
			for i, pt := range f.Points {
				d := pt.Design
				assert.LessOrEqual(t, d.UnservedKWhPerYear, first.UnservedKWhPerYear+tol, "point %d sheds load", i)
				if i > 0 {
					prev := f.Points[i-1].Design.TotalCostPerYear
					assert.GreaterOrEqual(t, d.TotalCostPerYear, prev-1e-6*math.Abs(prev), "point %d: cost fell", i)
					// Its design evaluated at its bound (EvaluatePoint, as
					// over the full series) is held to the same rule, with
					// the least these capacities must leave where some
					// load cannot be served, and costs what the point costs.
					e, err := m.EvaluatePoint(d, pt.EpsilonTCO2ePerYear)
					require.NoError(t, err, "point %d", i)
					assert.LessOrEqual(t, e.UnservedKWhPerYear, first.UnservedKWhPerYear+tol, "point %d evaluated sheds load", i)
					assert.InDelta(t, d.TotalCostPerYear, e.TotalCostPerYear, 1e-6*math.Abs(d.TotalCostPerYear), "point %d", i)
				}
			}
			if tc.noCandidates {
				assert.Zero(t, f.Points[len(f.Points)-1].Design.CapitalPerYear, "nothing to build")
			}
			if tc.importShare > 0 {
				assert.Greater(t, first.UnservedKWhPerYear, tol, "the import limit leaves load unserved")
			}
		})
	}
}

// Where the heat must go short but every kWh of the electric load can be
// served, the frontier caps unserved heat at the least reachable and a
// hair, and unserved electricity at 0, no hair: a boiler of 89.9 kW_th
// under a flat 90 kW_th heat load (no heat pump, no store) leaves 0.1 ×
// 24 = 2.4 kWh_th a day unserved whatever is built, while a grid of
// 1,000 kW serves the 100 kW electric load whole. The frontier then sheds
// no electricity at any point.
func TestFrontierShedCapHeatOnly(t *testing.T) {
	p, set := heatDay(t, 0.5, 0.1, 0.05, nil)
	p.FuelBoilers[0].CapacityKWTh = 89.9
	opt := plan.DefaultOptions()
	opt.Ledger.UnservedToleranceShare = 0.05 // let 2.4 of 2,160 kWh_th go short
	m := newModel(t, p, set, opt)
	kWh, kWhTh, err := plan.FrontierShedCap(m)
	require.NoError(t, err)
	assert.Zero(t, kWh, "all of the electric load can be served: no hair to shed")
	const leastKWhTh = 0.1 * 24
	// The hair: 1e-7 of the heat load, 90 × 24 = 2,160 kWh_th.
	assert.InDelta(t, leastKWhTh+1e-7*2160, kWhTh, 1e-7, "the least unserved heat, and a hair")

	f, err := newModel(t, p, set, opt).Frontier(3)
	require.NoError(t, err)
	require.Greater(t, len(f.Points), 1, "points after the first to check")
	for i, pt := range f.Points[1:] {
		assert.Zero(t, pt.Design.UnservedKWhPerYear, "point %d sheds electricity", i+1)
	}
}
