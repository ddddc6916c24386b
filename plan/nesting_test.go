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

// cleanGridPark is a week of a random park behind a grid whose accounting
// factor is a constant kgPerKWh, with cheap grid energy (no candidate pays
// for itself) and candidates up to maxPVKWp of PV, maxWindKW of wind and
// a battery.
func cleanGridPark(t *testing.T, kgPerKWh, maxPVKWp, maxWindKW float64) (*model.Park, *model.SeriesSet, plan.Options) {
	rng := rand.New(rand.NewPCG(7, 13))
	f := randomFixture(rng, 168)
	for t := range f.n {
		f.price[t] *= 0.4
	}
	f.accounting = flat(f.n, kgPerKWh)
	f.econ.PV.MaxTotalKWp = maxPVKWp
	f.econ.Wind.MaxTotalKW = maxWindKW
	p, set := f.build(t)
	return p, set, plan.DefaultOptions()
}

// hasAdditions reports whether d adds anything.
func hasAdditions(d *plan.Design) bool {
	for _, a := range d.Additions {
		if a.Added > 1e-6 {
			return true
		}
	}
	return false
}

// TestNearZeroFollowsTheLedger: the plan's near-zero rows are the
// ledger's (core indicator, clean share where required, unserved gate),
// without low-carbon's 30 % reduction. Behind a grid of 0.02 kgCO2e/kWh
// today's park meets the core indicator (0.02 × (1 − PV's share) / 0.1229
// kgce/kWh < 0.20 tCO2/tce) from well under 30 % below its all-grid
// baseline: near-zero's design is today's park, which the ledger grants
// near-zero on the plan's schedule and on a re-run by the dispatch, and
// the roadmap's low-carbon entry, the cheapest design reaching at least
// low-carbon, is that design, with a warning saying so. Behind 0.04
// kg/kWh near-zero needs more than low-carbon (about 40 % below the
// baseline) and low-carbon keeps its own, cheaper design. With the
// candidates too small for 30 % low-carbon's own rows are out of reach,
// and its entry is near-zero's all the same.
func TestNearZeroFollowsTheLedger(t *testing.T) {
	k := dispatch.DefaultKgcePerKWh
	t.Run("clean grid: near-zero is today's park", func(t *testing.T) {
		p, set, opt := cleanGridPark(t, 0.02, 3000, 2000)
		today, err := newModel(t, p, set, opt).Today()
		require.NoError(t, err)
		b := today.Report.StageBasis
		// The case it claims to be: today's park meets the core indicator
		// (by hand: 0.02/0.1229 = 0.163 tCO2/tce before PV's share) but is
		// less than 30 % below its baseline and not 50 % renewable.
		assert.Less(t, b.CarbonPerTce, 0.02/k)
		assert.LessOrEqual(t, b.CarbonPerTce, b.CarbonPerTceMax)
		assert.Less(t, b.ReductionVsBaseline, opt.Ledger.LowCarbonReductionMin)
		assert.Less(t, today.Report.RenewableShare, opt.Ledger.LowCarbonRenewableShareMin)
		assert.Equal(t, dispatch.NearZeroCarbon, today.Stage, "the ledger grants today's park near-zero")

		near, err := newModel(t, p, set, opt).Plan(dispatch.NearZeroCarbon)
		require.NoError(t, err)
		assert.False(t, hasAdditions(near), "near-zero adds nothing: %+v", near.Additions)
		assert.InDelta(t, today.TotalCostPerYear, near.TotalCostPerYear, 1e-6*today.TotalCostPerYear)
		assert.Equal(t, dispatch.NearZeroCarbon, near.Stage)

		// The ledger of the design park re-run by the dispatch.
		prof, err := model.Resolve(near.Park, set)
		require.NoError(t, err)
		cfg := dispatch.DefaultConfig()
		cfg.Ledger = opt.Ledger.WithMarket(near.Park.Market)
		res, err := dispatch.PerfectForesight(near.Park, prof, cfg)
		require.NoError(t, err)
		assert.Equal(t, dispatch.NearZeroCarbon, res.Report.Stage)

		low, err := newModel(t, p, set, opt).Plan(dispatch.LowCarbon)
		require.NoError(t, err)
		assert.True(t, hasAdditions(low), "low-carbon's own rows need capacity")
		require.Greater(t, low.TotalCostPerYear, near.TotalCostPerYear)

		rm, err := newModel(t, p, set, opt).Roadmap()
		require.NoError(t, err)
		entry := rm.Stages[0]
		require.NotNil(t, entry)
		require.NoError(t, rm.Unreachable[0])
		assert.Equal(t, dispatch.NearZeroCarbon, entry.Target, "low-carbon's entry is near-zero's design")
		assert.InDelta(t, math.Min(low.TotalCostPerYear, near.TotalCostPerYear), entry.TotalCostPerYear, 1e-6*near.TotalCostPerYear)
		assert.Equal(t, rm.Stages[1].TotalCostPerYear, entry.TotalCostPerYear)
		require.NotEmpty(t, entry.Warnings)
		assert.Contains(t, entry.Warnings[0], "near-zero-carbon's design, the cheapest reaching at least low-carbon")
		assert.Empty(t, rm.Stages[1].Warnings, "near-zero's own design carries no such warning")
		assert.True(t, slices.ContainsFunc(rm.Warnings, func(w string) bool {
			return strings.HasPrefix(w, "low-carbon: near-zero-carbon's design")
		}), "%q", rm.Warnings)
		for i := 1; i < len(rm.Stages); i++ {
			assert.GreaterOrEqual(t, rm.Stages[i].TotalCostPerYear, rm.Stages[i-1].TotalCostPerYear*(1-1e-9), "cost fell at %d", i)
		}
	})
	t.Run("dirtier grid: near-zero implies low-carbon", func(t *testing.T) {
		p, set, opt := cleanGridPark(t, 0.04, 3000, 2000)
		low, err := newModel(t, p, set, opt).Plan(dispatch.LowCarbon)
		require.NoError(t, err)
		near, err := newModel(t, p, set, opt).Plan(dispatch.NearZeroCarbon)
		require.NoError(t, err)
		// By hand: the core indicator asks residual ≤ 0.2 × 0.1229 = 0.0246
		// kg per kWh consumed, 61 % of the all-grid 0.04: at least 39 %
		// below the baseline, more than low-carbon's 30 %.
		assert.GreaterOrEqual(t, near.Report.StageBasis.ReductionVsBaseline, 1-0.2*k/0.04-1e-3)
		require.Less(t, low.TotalCostPerYear, near.TotalCostPerYear)
		rm, err := newModel(t, p, set, opt).Roadmap()
		require.NoError(t, err)
		assert.Equal(t, dispatch.LowCarbon, rm.Stages[0].Target)
		assert.InDelta(t, low.TotalCostPerYear, rm.Stages[0].TotalCostPerYear, 1e-6*low.TotalCostPerYear)
		assert.Empty(t, rm.Warnings)
	})
	t.Run("low-carbon's own rows out of reach", func(t *testing.T) {
		// 100 kWp of PV today, at most 150 in all and no wind: well short
		// of 30 % of a ~300 kW load.
		p, set, opt := cleanGridPark(t, 0.02, 150, 0)
		_, err := newModel(t, p, set, opt).Plan(dispatch.LowCarbon)
		require.ErrorIs(t, err, plan.ErrUnreachable)
		rm, err := newModel(t, p, set, opt).Roadmap()
		require.NoError(t, err)
		for i, st := range plan.RoadmapStages() {
			require.NoError(t, rm.Unreachable[i], "%s", st)
			require.NotNil(t, rm.Stages[i], "%s", st)
		}
		entry := rm.Stages[0]
		assert.Equal(t, dispatch.NearZeroCarbon, entry.Target)
		assert.Equal(t, rm.Stages[1].TotalCostPerYear, entry.TotalCostPerYear)
		require.NotEmpty(t, entry.Warnings)
		assert.Contains(t, entry.Warnings[0], "low-carbon's own rows are out of reach (low-carbon is out of reach")
	})
}
