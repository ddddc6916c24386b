package plan_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
)

// TestEvaluatePoint: a frontier point's design evaluated at its own bound
// on the Model that solved it costs what the point costs (one question,
// asked with the capacities fixed); a bound below what the design can
// reach is ErrOverBound; and a point sized over representative days,
// measured over the full week, keeps its residual within its bound or
// says it cannot, its cost never below the full week's cheapest design
// where it has no bound.
func TestEvaluatePoint(t *testing.T) {
	p, set, opt := weekPark(t, 1)
	full := newModel(t, p, set, opt)
	f, err := full.Frontier(5)
	require.NoError(t, err)
	for i, pt := range f.Points {
		eps := pt.EpsilonTCO2ePerYear
		if i == 0 {
			eps = math.NaN() // solved with no bound
		}
		d, err := full.EvaluatePoint(pt.Design, eps)
		require.NoError(t, err, "point %d", i)
		assert.InDelta(t, pt.Design.TotalCostPerYear, d.TotalCostPerYear, 1e-6*math.Abs(pt.Design.TotalCostPerYear), "point %d", i)
		assert.LessOrEqual(t, d.ResidualTCO2ePerYear, pt.EpsilonTCO2ePerYear*(1+1e-6)+1e-6, "point %d", i)
	}
	last := f.Points[len(f.Points)-1]
	require.Greater(t, f.Points[0].Design.ResidualTCO2ePerYear, 2*last.EpsilonTCO2ePerYear, "the frontier spans something")
	_, err = full.EvaluatePoint(f.Points[0].Design, last.EpsilonTCO2ePerYear)
	require.ErrorIs(t, err, plan.ErrOverBound, "the cheapest design cannot reach the least residual")
	assert.Contains(t, err.Error(), "with PV ")
	// The least residual the error names is that design's: a bound a hair
	// above it holds, one a little below does not.
	var oe *plan.OverBoundError
	require.ErrorAs(t, err, &oe)
	require.Greater(t, oe.LeastTCO2ePerYear, last.EpsilonTCO2ePerYear)
	assert.Contains(t, err.Error(), "at best ")
	d, err := full.EvaluatePoint(f.Points[0].Design, oe.LeastTCO2ePerYear*(1+1e-6))
	require.NoError(t, err)
	assert.LessOrEqual(t, d.ResidualTCO2ePerYear, oe.LeastTCO2ePerYear*(1+1e-6)+1e-6)
	assert.Zero(t, d.UnservedKWhPerYear, "a bound is held by operating, never by shedding load")
	_, err = full.EvaluatePoint(f.Points[0].Design, oe.LeastTCO2ePerYear*0.99)
	require.ErrorIs(t, err, plan.ErrOverBound)
	// Just below that least the ledger's tolerance would let the design
	// shed a little load to hold the bound (0.1 % of the load, priced at
	// the value of lost load the total leaves out); a frontier point may
	// not, and neither may its evaluation (QA, 2026-12-04).
	_, err = full.EvaluatePoint(f.Points[0].Design, oe.LeastTCO2ePerYear*(1-1e-4))
	require.ErrorIs(t, err, plan.ErrOverBound)
	_, err = full.EvaluatePoint(f.Points[0].Design, -1)
	require.ErrorIs(t, err, plan.ErrInvalid)

	opt.Periods, opt.PeriodLength = 3, 24*time.Hour
	red := newModel(t, p, set, opt)
	fr, err := red.Frontier(5)
	require.NoError(t, err)
	cheapest, err := full.Plan(dispatch.Conventional)
	require.NoError(t, err)
	reached := 0
	for i, pt := range fr.Points {
		eps := pt.EpsilonTCO2ePerYear
		if i == 0 {
			eps = math.NaN()
		}
		d, err := full.EvaluatePoint(pt.Design, eps)
		if err != nil {
			require.ErrorIs(t, err, plan.ErrOverBound, "point %d", i)
			continue
		}
		reached++
		if i == 0 {
			assert.GreaterOrEqual(t, d.TotalCostPerYear, cheapest.TotalCostPerYear*(1-1e-9), "no design beats the full week's cheapest")
		} else {
			assert.LessOrEqual(t, d.ResidualTCO2ePerYear, eps*(1+1e-6)+1e-6, "point %d", i)
			assert.Zero(t, d.UnservedKWhPerYear, "point %d", i)
		}
	}
	assert.Positive(t, reached)
}

// A design whose capacities cannot keep unserved load within the
// ledger's tolerance over the Model's period (an import limit under the
// peak, nothing to build) misses every point for that, not for its bound:
// the error says how close it comes, and with no bound the design's
// cheapest operation beyond the tolerance comes with it (QA, 2026-12-04:
// plan frontier failed as "the residual at most NaN").
func TestEvaluatePointUnservedGate(t *testing.T) {
	p, set, opt := weekPark(t, 1)
	p.Economics.PV, p.Economics.Wind, p.Economics.Battery = nil, nil, nil
	today, err := newModel(t, p, set, opt).Today()
	require.NoError(t, err)
	peakKW := 0.0
	for _, mp := range today.Report.MonthlyPeakImportKW {
		peakKW = max(peakKW, mp.PeakImportKW)
	}
	p.Grid.ImportLimitKW = 0.9 * peakKW
	loose := opt
	loose.Ledger.UnservedToleranceShare = 0.05
	f, err := newModel(t, p, set, loose).Frontier(3)
	require.NoError(t, err, "within a 5 % tolerance the frontier exists")
	strict := newModel(t, p, set, opt) // the ledger's 0.1 %
	for i, pt := range f.Points {
		eps := pt.EpsilonTCO2ePerYear
		if i == 0 {
			eps = math.NaN()
		}
		d, err := strict.EvaluatePoint(pt.Design, eps)
		require.ErrorIs(t, err, plan.ErrOverBound, "point %d", i)
		var oe *plan.OverBoundError
		require.ErrorAs(t, err, &oe)
		assert.Contains(t, oe.Unserved, "% of the load unserved, against 0.1 %", "point %d", i)
		assert.Contains(t, err.Error(), "keeps unserved load within the ledger's tolerance", "point %d", i)
		// The cheapest operation beyond the tolerance comes with the
		// error, with or without a bound: it sheds more than 0.1 %.
		require.NotNil(t, d, "point %d", i)
		assert.Greater(t, d.UnservedKWhPerYear, 0.001*d.Report.Energy.Load*8760/168, "point %d", i)
	}
}
