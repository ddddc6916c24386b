package plan_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// warmFixture is the small park the warm-start tests plan: two weeks of
// random hourly data, a battery that loses a little every hour.
func warmFixture(t *testing.T) (*model.Park, *model.SeriesSet) {
	rng := rand.New(rand.NewPCG(9, 9))
	f := randomFixture(rng, 14*24)
	f.selfDischargePerH = 1e-4
	return f.build(t)
}

// warmOptions are the warm-start tests' plan options on n instances.
func warmOptions(n int) plan.Options {
	opt := plan.DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e = 20
	opt.Solvers = n
	return opt
}

// TestRoadmapWarmStartAgrees plans a small park's roadmap with the warm
// start of near-zero forced and turned off, on one solver instance and
// two: the same stages at the same cost, and the warm start did run (its
// solves counted). From a design over 7 typical days the pinned period
// reaches near-zero (near-zero then hot-starts primal simplex); from 3
// days' it does not, and the design is pinned under low-carbon's rows
// (near-zero then hot-starts dual simplex). A Model over 8 typical days
// warm-starts from 3 typical days, pinned under low-carbon's rows
// straight away, and one over 168 chronological slices from 84 (which
// may warm-start from 42 in turn).
func TestRoadmapWarmStartAgrees(t *testing.T) {
	p, set := warmFixture(t)
	for _, c := range []struct {
		periods, days int
		path          string
		extra         int // solves the warm start adds
		slices        int
		warmSlicesMin int // the fewest slices that warm-start
	}{
		// The days' Model warm-starts from days too (forced here, as any
		// Model is): near-zero over them, its pinned solve under
		// low-carbon's rows, near-zero over the days, then the pinned
		// solve.
		{0, 7, "pinned", 4, 0, 0},
		{0, 3, "pinned-low", 5, 0, 0}, // and the pinned solve under low-carbon's rows
		// A reduced Model's warm Model does not warm-start: near-zero
		// over the days, the pinned solve.
		{8, 3, "pinned-low", 2, 0, 0},
		// A Model over 168 slices warm-starts from 84 (days unused):
		// near-zero over them, the pinned solve; with 84 warm-starting
		// too (nested), from 42: near-zero over 42, the pinned solve over
		// 84, near-zero over 84, the pinned solve.
		{0, 0, "pinned-low", 2, 168, 100},
		{0, 0, "pinned-low", 4, 168, 50},
	} {
		for _, solvers := range []int{1, 2} {
			t.Run(fmt.Sprintf("periods=%d/days=%d/slices=%d,%d/solvers=%d", c.periods, c.days, c.slices, c.warmSlicesMin, solvers), func(t *testing.T) {
				defer plan.ForceWarmStart(max(c.days, 1), 24*time.Hour)()
				defer plan.ForceWarmSlices(c.warmSlicesMin)()
				opt := warmOptions(solvers)
				opt.Periods, opt.Slices = c.periods, c.slices
				opt.NoWarmStart = true
				coldM := newModel(t, p, set, opt)
				cold, err := coldM.Roadmap()
				require.NoError(t, err)
				opt.NoWarmStart = false
				warmM := newModel(t, p, set, opt)
				warm, err := warmM.Roadmap()
				require.NoError(t, err)
				assert.Equal(t, "cold", plan.WarmPath(coldM))
				if solvers == 1 && runtime.GOMAXPROCS(0) >= 2 {
					// Solvers 0 picks two instances for a warm-started
					// Model, however small.
					auto := warmOptions(0)
					auto.Periods, auto.Slices = c.periods, c.slices
					am := newModel(t, p, set, auto)
					_, err := am.Roadmap()
					require.NoError(t, err)
					assert.Equal(t, 2, am.Stats().Instances, "Solvers 0, warm start")
					assert.Equal(t, 1, coldM.Stats().Instances, "Solvers 1")
				}
				assert.Equal(t, c.path, plan.WarmPath(warmM))
				assert.Equal(t, coldM.Stats().Solves+c.extra, warmM.Stats().Solves, "the warm start ran")
				require.Len(t, warm.Stages, len(cold.Stages))
				for i, st := range plan.RoadmapStages() {
					c, w := cold.Stages[i], warm.Stages[i]
					require.NotNil(t, c, "%s", st)
					require.NotNil(t, w, "%s", st)
					assert.Equal(t, c.Stage, w.Stage, "%s: stage granted", st)
					assert.InEpsilon(t, c.TotalCostPerYear, w.TotalCostPerYear, 1e-6, "%s: cost", st)
				}
			})
		}
	}
}

// TestPinHoldsCapacities pins a small park's near-zero capacities at
// half and at twice its optimum's (the way the warm start pins a reduced
// model's design): the pinned solve holds them there, and freeing the pins
// hot-starts primal simplex to the optimum a cold solve finds.
func TestPinHoldsCapacities(t *testing.T) {
	p, set := warmFixture(t)
	defer plan.ForceWarmStart(5, 24*time.Hour)()
	opt := warmOptions(1)
	ref := newModel(t, p, set, opt)
	best, err := ref.Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err)
	opt2 := opt
	opt2.NoWarmStart = true
	cold := newModel(t, p, set, opt2)
	want, err := cold.Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err)
	for _, scale := range []float64{0.5, 2} {
		m := newModel(t, p, set, opt)
		pin := make([]float64, len(best.Additions))
		moved := false
		for i, a := range best.Additions {
			pin[i] = scale * a.Added
			moved = moved || a.Added > 1e-6
		}
		require.True(t, moved, "the optimum adds something")
		pinned, free, primal, err := plan.Pinned(m, dispatch.NearZeroCarbon, pin)
		if scale < 1 && err != nil {
			continue // half the capacities may not reach near-zero: no start
		}
		require.NoError(t, err, "scale %v", scale)
		for i := range pin {
			assert.InDelta(t, pin[i], pinned[i], 1e-6*math.Max(1, pin[i]), "scale %v: %s held", scale, best.Additions[i].Tech)
			assert.InDelta(t, want.Additions[i].Added, free[i], 1e-4*math.Max(1, want.Additions[i].Added), "scale %v: %s freed", scale, best.Additions[i].Tech)
		}
		assert.True(t, primal, "scale %v: freed by primal simplex", scale)
	}
}

// TestZeroCarbonOneRow plans zero-carbon right after near-zero-carbon
// (solveOneRow: dual simplex from near-zero's basis, set up afresh), with
// and without its fallback to primal simplex forced: the same design and
// cost as zero-carbon solved cold on a Model of its own, offsets bought.
func TestZeroCarbonOneRow(t *testing.T) {
	p, set := warmFixture(t)
	opt := warmOptions(1)
	ref := newModel(t, p, set, opt)
	want, err := ref.Plan(dispatch.ZeroCarbon)
	require.NoError(t, err)
	require.Positive(t, want.OffsetsBoughtTCO2ePerYear, "zero-carbon must cover a residual: the row solveOneRow repairs")
	for _, fallback := range []bool{false, true} {
		t.Run(fmt.Sprintf("fallback=%v", fallback), func(t *testing.T) {
			if fallback {
				defer plan.ForceOneRowFallback()()
			}
			m := newModel(t, p, set, opt)
			_, err := m.Plan(dispatch.NearZeroCarbon)
			require.NoError(t, err)
			got, err := m.Plan(dispatch.ZeroCarbon)
			require.NoError(t, err)
			assert.InEpsilon(t, want.TotalCostPerYear, got.TotalCostPerYear, 1e-7)
			assert.InEpsilon(t, want.OffsetsBoughtTCO2ePerYear, got.OffsetsBoughtTCO2ePerYear, 1e-6)
			assert.Equal(t, want.Stage, got.Stage)
			n := 0
			if fallback {
				n = 1
			}
			assert.Equal(t, n, plan.OneRowFallbacks(m), "fallbacks to primal simplex")
		})
	}
}

// Over representative periods near-zero hot-starts from low-carbon's
// pinned optimum by dual simplex without cost perturbation (solveFlat),
// once; forced to fall back to the perturbation after one iteration it
// goes on from there. Either way the roadmap is the cold one's, and a
// full-series Model never takes that path.
func TestFlatHotStartAgrees(t *testing.T) {
	p, set := warmFixture(t)
	defer plan.ForceWarmStart(3, 24*time.Hour)()
	opt := warmOptions(1)
	opt.Periods = 8
	opt.NoWarmStart = true
	cold, err := newModel(t, p, set, opt).Roadmap()
	require.NoError(t, err)
	opt.NoWarmStart = false
	for _, force := range []bool{false, true} {
		t.Run(fmt.Sprintf("fallback=%v", force), func(t *testing.T) {
			if force {
				defer plan.ForceFlatFallback()()
			}
			m := newModel(t, p, set, opt)
			warm, err := m.Roadmap()
			require.NoError(t, err)
			require.Equal(t, "pinned-low", plan.WarmPath(m))
			solves, fallbacks := plan.FlatSolves(m)
			assert.Equal(t, 1, solves, "near-zero, hot from low-carbon's pins")
			assert.Equal(t, map[bool]int{false: 0, true: 1}[force], fallbacks)
			for i, st := range plan.RoadmapStages() {
				require.NotNil(t, cold.Stages[i], "%s", st)
				require.NotNil(t, warm.Stages[i], "%s", st)
				assert.InEpsilon(t, cold.Stages[i].TotalCostPerYear, warm.Stages[i].TotalCostPerYear, 1e-6, "%s", st)
			}
		})
	}
	full := opt
	full.Periods = 0
	m := newModel(t, p, set, full)
	_, err = m.Roadmap()
	require.NoError(t, err)
	// Pinned under low-carbon's rows, as the periods are: the start solveFlat
	// would take but for the full series.
	require.Equal(t, "pinned-low", plan.WarmPath(m), "the full series warm-starts too (forced)")
	solves, _ := plan.FlatSolves(m)
	assert.Zero(t, solves, "a full-series Model keeps the perturbation")
}
