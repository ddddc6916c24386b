package plan_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// TestFrontierMarginalCostHand: the hand case of pvDay at 0.01 USD/kWh,
// where PV does not pay for itself. Each kWp costs 60 USD a year and
// saves 8 h × 0.5 kW × 365 = 1,460 kWh of import a year, 14.60 USD at
// 0.01 USD/kWh and 0.73 tCO2e at 0.5 kg/kWh, until PV covers the daytime
// load (200 kWp): every tonne abated costs (60 − 14.60) / 0.73 = 62.19
// USD. The frontier runs from 438 tCO2e a year (2,400 kWh a day × 0.5 kg
// × 365, nothing built) to the night's 292 (1,600 kWh a day), its total
// cost a straight line of that slope. The marginal cost is the money's:
// the LP's objective also holds the dispatch's tie-breaks (package
// dispatch: τ = 1e-4 USD per kWh imported, τ_r = 5e-5 per kWh of PV
// taken), worth 1,460 × 1.5e-4 = 0.219 USD a year more per kWp there,
// 0.30 USD per tCO2e, and their share of the dual is taken out (it was
// left in until the planner's QA of 2026-12-04 found 358.44 for 362.19):
// every point between the first and the last has the marginal cost 62.19
// USD per tCO2e, the totals' secant; the first, solved with no bound, has
// none, nor the last, the least residual (its dual is the slope of the
// frontier's last hair, here the same line, on the heat
// demo 1,000 times the secant before it). A bound above 438 t does not
// bind: its marginal cost is a real 0.
func TestFrontierMarginalCostHand(t *testing.T) {
	kWhPerKWp, tPerKWp := 8*0.5*365.0, 8*0.5*365*0.5/1000
	secant := (60 - kWhPerKWp*0.01) / tPerKWp
	assert.InDelta(t, 62.1918, secant, 1e-4)
	want := secant
	p, set := pvDay(t, 0.01)
	m := newModel(t, p, set, plan.DefaultOptions())
	f, err := m.Frontier(4)
	require.NoError(t, err)
	require.Len(t, f.Points, 4)
	assert.InDelta(t, 438, f.Points[0].EpsilonTCO2ePerYear, 1e-6)
	assert.InDelta(t, 292, f.MinResidualTCO2ePerYear, 1e-6)
	assert.Nil(t, f.Points[0].MarginalCostPerTCO2e, "point 0 is solved with no bound: no dual")
	assert.Nil(t, f.Points[3].MarginalCostPerTCO2e, "the least residual: the dual of the frontier's edge, no abatement cost")
	for i, pt := range f.Points[1:] {
		if i+1 < 3 {
			require.NotNil(t, pt.MarginalCostPerTCO2e, "point %d", i+1)
			assert.InDelta(t, want, *pt.MarginalCostPerTCO2e, 1e-6*want, "point %d", i+1)
		}
		// The totals' secant from the point before: the tie-breaks apart.
		prev := f.Points[i]
		slope := (pt.Design.TotalCostPerYear - prev.Design.TotalCostPerYear) / (prev.EpsilonTCO2ePerYear - pt.EpsilonTCO2ePerYear)
		assert.InDelta(t, secant, slope, 1e-5*secant, "secant to point %d", i+1)
	}
	// A bound that does not bind: the dual is 0, and a real one.
	cost, mac, err := plan.PointObjective(m, 500)
	require.NoError(t, err)
	require.NotNil(t, mac)
	assert.Zero(t, *mac)
	assert.False(t, math.Signbit(*mac), "0, not −0")
	assert.InDelta(t, 365*2400*0.01, cost, 1e-6, "nothing built: the import a year (its tie-break left out)")
}

// TestFrontierMarginalCost: on random weeks with every technology a
// candidate, each point's marginal abatement cost (−the dual of its bound,
// money per tCO2e) lies between the secant slopes of the LP's optimum to
// its neighbours (the optimum is convex in the bound: slope(i−1, i) ≤
// mac_i ≤ slope(i, i+1), tonnes dearer as the bound tightens), and matches
// finite differences of that optimum re-solved at ε ± δ: between the two
// one-sided slopes always, equal to them where the point is not at a kink.
// The optimum is the LP's objective a year less its tie-breaks
// (plan.PointObjective, each point solved cold on a Model of its own),
// not the design's total: the dual, its tie-breaks' share taken out, is
// that money's derivative, and these weeks' negative import
// prices, which the LP counts as 0 and the ledger counts, put the two
// 0.2–2.4 % apart (TestFrontierMarginalCostHand compares with the totals
// where they agree).
func TestFrontierMarginalCost(t *testing.T) {
	smooth := 0
	for seed := uint64(1); seed <= 3; seed++ {
		p, set, opt := weekPark(t, seed)
		m := newModel(t, p, set, opt)
		kWh, kWhTh, err := plan.FrontierShedCap(m)
		require.NoError(t, err)
		require.Zero(t, kWh+kWhTh, "seed %d: the fixture serves all its load, so PointObjective asks Frontier's questions", seed)
		f, err := m.Frontier(0)
		require.NoError(t, err)
		n := len(f.Points)
		eps := make([]float64, n)
		obj := make([]float64, n)
		for i, pt := range f.Points {
			eps[i] = pt.EpsilonTCO2ePerYear
			var mac *float64
			obj[i], mac, err = plan.PointObjective(newModel(t, p, set, opt), eps[i])
			require.NoError(t, err)
			if i > 0 && i+1 < n {
				require.NotNil(t, mac)
				require.NotNil(t, pt.MarginalCostPerTCO2e, "seed %d point %d", seed, i)
				assert.InDelta(t, *pt.MarginalCostPerTCO2e, *mac, 1e-6*math.Abs(*mac)+1e-9, "seed %d point %d: the same dual solved cold", seed, i)
			}
		}
		assert.Nil(t, f.Points[0].MarginalCostPerTCO2e, "seed %d: point 0 has no bound", seed)
		assert.Nil(t, f.Points[n-1].MarginalCostPerTCO2e, "seed %d: the least residual has no abatement cost", seed)
		slope := func(i int) float64 { return (obj[i+1] - obj[i]) / (eps[i] - eps[i+1]) } // between i and i+1
		for i := 1; i+1 < n; i++ {
			mac := *f.Points[i].MarginalCostPerTCO2e
			tol := 1e-6*math.Abs(mac) + 1e-7*math.Abs(obj[i])/(eps[0]-eps[n-1])
			assert.GreaterOrEqual(t, mac, 0.0, "seed %d point %d: a tighter bound never saves", seed, i)
			assert.GreaterOrEqual(t, mac, slope(i-1)-tol, "seed %d point %d: below the secant from the point before", seed, i)
			assert.LessOrEqual(t, mac, slope(i)+tol, "seed %d point %d: above the secant to the next", seed, i)
			// Finite differences at ε ± δ.
			fd := newModel(t, p, set, opt)
			delta := 1e-3 * (eps[0] - eps[n-1]) / float64(n-1)
			tight, _, err := plan.PointObjective(fd, eps[i]-delta)
			require.NoError(t, err)
			loose, _, err := plan.PointObjective(fd, eps[i]+delta)
			require.NoError(t, err)
			right, left := (tight-obj[i])/delta, (obj[i]-loose)/delta // tightening, loosening
			fdTol := 1e-5*mac + 1e-7*math.Abs(obj[i])/delta
			assert.LessOrEqual(t, left, mac+fdTol, "seed %d point %d: loosening saves more than the dual", seed, i)
			assert.GreaterOrEqual(t, right, mac-fdTol, "seed %d point %d: tightening costs less than the dual", seed, i)
			if right-left <= fdTol {
				smooth++
				assert.InDelta(t, (right+left)/2, mac, fdTol, "seed %d point %d: the dual is the derivative", seed, i)
			}
		}
	}
	assert.GreaterOrEqual(t, smooth, 6, "too few points off a kink to compare the dual with a derivative")
}

// TestFrontierMarginalCostUndefined: no dual, no figure — whole units (a
// mixed-integer program, by the plan's branch and bound or HiGHS's) and a
// solver that gives no reduced costs leave every point's marginal cost
// nil, never 0.
func TestFrontierMarginalCostUndefined(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(o *plan.Options)
		park func(testing.TB) (*model.Park, *model.SeriesSet)
	}{
		{"whole turbines, branch and bound", func(*plan.Options) {}, wholeTurbines},
		{"whole turbines, HiGHS's MIP", func(o *plan.Options) { o.HiGHSMIP = true }, wholeTurbines},
		{"a solver without duals", func(o *plan.Options) { o.Backend = noDuals{} },
			func(tb testing.TB) (*model.Park, *model.SeriesSet) { return pvDay(tb, 0.01) }},
		{"the interior-point oracle (reduced costs NaN)", func(o *plan.Options) { o.Backend = lptest.IPMBackend{} }, windAnyAmount},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, set := tc.park(t)
			opt := plan.DefaultOptions()
			tc.edit(&opt)
			f, err := newModel(t, p, set, opt).Frontier(3)
			require.NoError(t, err)
			require.Len(t, f.Points, 3)
			assert.Greater(t, f.Points[0].EpsilonTCO2ePerYear, f.Points[2].EpsilonTCO2ePerYear, "a frontier with a span")
			for i, pt := range f.Points {
				assert.Nil(t, pt.MarginalCostPerTCO2e, "point %d", i)
			}
		})
	}
	// The same parks solved by HiGHS in any amount have duals: the cases
	// above are not vacuous.
	for _, park := range []func(testing.TB) (*model.Park, *model.SeriesSet){windAnyAmount, func(tb testing.TB) (*model.Park, *model.SeriesSet) { return pvDay(tb, 0.01) }} {
		p, set := park(t)
		f, err := newModel(t, p, set, plan.DefaultOptions()).Frontier(3)
		require.NoError(t, err)
		assert.NotNil(t, f.Points[1].MarginalCostPerTCO2e)
	}
}

// windAnyAmount is windDay at 0.005 USD/kWh with up to 100 kW of wind
// in any amount: a kW saves 0.5 × 8760 × 0.005 = 21.9 USD a year against
// its 60, so the cheapest design builds none and the least residual all
// 100 kW.
func windAnyAmount(tb testing.TB) (*model.Park, *model.SeriesSet) {
	p, set := windDay(tb, 0.005, 0)
	p.Economics.Wind.MaxTotalKW = 100
	return p, set
}

// noDuals is HiGHS giving no reduced costs nor row duals
// (Result.ReducedCost and RowDual nil), as a backend without duals may.
type noDuals struct{}

func (noDuals) Name() string { return "highs without duals" }

func (noDuals) NewSolver() (lp.Solver, error) {
	s, err := highs.New(highs.Options{}).NewSolver()
	return noDualsSolver{s}, err
}

type noDualsSolver struct{ lp.Solver }

func (s noDualsSolver) Solve() (*lp.Result, error) {
	r, err := s.Solver.Solve()
	if r != nil {
		r.ReducedCost, r.RowDual = nil, nil
	}
	return r, err
}

// wholeTurbines is windDay at 0.03 USD/kWh in 100 kW turbines: the
// cheapest design builds one (rounding down, TestHandWholeTurbines), the
// least residual two.
func wholeTurbines(tb testing.TB) (*model.Park, *model.SeriesSet) { return windDay(tb, 0.03, 100) }
