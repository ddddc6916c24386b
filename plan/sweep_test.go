package plan_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// sweepPark is four days with today's wind (not a candidate) and PV and
// battery energy as candidates (the battery's power is given: 600 kW,
// its bound).
func sweepPark(t *testing.T) (*model.Park, *model.SeriesSet, plan.Options) {
	rng := rand.New(rand.NewPCG(21, 3))
	f := randomFixture(rng, 96)
	f.windKW, f.batKW = 700, 600
	f.econ = &model.Economics{Currency: "USD",
		PV:      &model.PVEconomics{MaxTotalKWp: 2100},
		Battery: &model.BatteryEconomics{MaxTotalKWh: 4000, MaxTotalKW: 600}}
	p, set := f.build(t)
	opt := plan.DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e = 25
	return p, set, opt
}

// TestPlanAgainstSweep: the planned optimum of a stage costs no more than
// any design of a PV × battery grid that reaches the stage (each point:
// capacities fixed, operation and purchases optimised, the stage judged
// by the ledger), and within 1 % of the best of them, the grid being fine
// and bracketing the optimum. A point whose LP schedule reaches the stage
// only by charging and discharging the battery at once (burning surplus
// in the round trip, which no battery can) misses it once settled and is
// not counted (one near-zero point: 5 intervals, up to 491 kW both ways).
func TestPlanAgainstSweep(t *testing.T) {
	p, set, opt := sweepPark(t)
	m := newModel(t, p, set, opt)
	for _, st := range []dispatch.Stage{dispatch.LowCarbon, dispatch.NearZeroCarbon} {
		best, err := m.Plan(st)
		require.NoError(t, err, "%s", st)
		pv, bat := best.Added(plan.TechPV), best.Added(plan.TechBatteryEnergy)
		today, err := m.Today()
		require.NoError(t, err)
		// PV in steps of 25 kWp to 500, battery in steps of 100 kWh to
		// 4000.
		const pvSteps, batSteps, pvMax, batMax = 20, 40, 500.0, 4000.0
		swept, reached := math.Inf(1), 0
		var at [2]float64
		for i := 0; i <= pvSteps; i++ {
			for j := 0; j <= batSteps; j++ {
				d := *today
				d.Target = st
				d.Additions = append([]plan.Addition(nil), today.Additions...)
				for k := range d.Additions {
					switch d.Additions[k].Tech {
					case plan.TechPV:
						d.Additions[k].Added = pvMax * float64(i) / pvSteps
					case plan.TechBatteryEnergy:
						d.Additions[k].Added = batMax * float64(j) / batSteps
					}
				}
				e, err := m.Evaluate(&d)
				if errors.Is(err, plan.ErrUnreachable) {
					continue
				}
				require.NoError(t, err)
				if e.Stage.Rank() < st.Rank() {
					// Reached only by charging and discharging a battery
					// at once: settled, it misses (Design.AtOnceIntervals).
					require.Positive(t, e.AtOnceIntervals, "%s: swept point (%d, %d) below its target", st, i, j)
					require.NotEmpty(t, e.Warnings)
					continue
				}
				reached++
				assert.GreaterOrEqual(t, e.TotalCostPerYear, best.TotalCostPerYear*(1-1e-9), "%s: swept point (%d, %d) beats the plan", st, i, j)
				if e.TotalCostPerYear < swept {
					swept, at = e.TotalCostPerYear, [2]float64{e.Added(plan.TechPV), e.Added(plan.TechBatteryEnergy)}
				}
			}
		}
		require.Positive(t, reached, "%s: no swept design reaches the stage", st)
		assert.Less(t, pv, pvMax, "%s: the grid brackets the PV", st)
		assert.Less(t, bat, batMax, "%s: the grid brackets the battery", st)
		assert.LessOrEqual(t, swept, best.TotalCostPerYear*1.01, "%s: best swept (PV %.0f, battery %.0f) vs planned (PV %.0f, battery %.0f)",
			st, at[0], at[1], pv, bat)
		t.Logf("%s: planned %.0f (PV %.0f kWp, battery %.0f kWh); best of %d swept designs reaching it %.0f (PV %.0f, battery %.0f), +%.2f %%",
			st, best.TotalCostPerYear, pv, bat, reached, swept, at[0], at[1], 100*(swept/best.TotalCostPerYear-1))
	}
}
