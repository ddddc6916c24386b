package dispatch

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// The rules (grid, self) rank by carbon whatever Config.Objective says:
// under the cost objective with a carbon price they run the same
// schedule and their reports say "carbon" and no price, where perfect
// foresight, an LP, reports the cost objective and the price it saw (QA,
// 2026-12-04: a grid-only report read "objective cost: … + 100 USD per
// tCO2e").
func TestRulesReportNoCostObjective(t *testing.T) {
	p := &model.Park{Name: "rules", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(1000, 1000),
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 50, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{battery("b", 100, 50)}}
	pr := profiles(p, [][]float64{{40, 40, 40, 40}}, [][]float64{{0, 60, 50, 0}}, nil, []float64{0.6, 0.2, 0.3, 0.7})
	for i := range pr.ImportPricePerKWh {
		pr.ImportPricePerKWh[i] = 0.1 * float64(i+1)
	}
	priced := DefaultConfig()
	priced.Objective, priced.CarbonPricePerTCO2e = Cost, 100
	for _, rule := range []struct {
		name Policy
		run  func(*model.Park, *model.Profiles, Config) (*Result, error)
	}{{GridOnlyPolicy, GridOnly}, {SelfConsumptionPolicy, SelfConsumption}} {
		plain, err := rule.run(p, pr, DefaultConfig())
		require.NoError(t, err)
		got, err := rule.run(p, pr, priced)
		require.NoError(t, err)
		assert.Equal(t, plain.Schedule.ImportKW, got.Schedule.ImportKW, rule.name)
		assert.Equal(t, plain.Report.ResidualKgCO2e, got.Report.ResidualKgCO2e, rule.name)
		assert.Equal(t, CarbonFirst, got.Report.Objective, rule.name)
		assert.Zero(t, got.Report.CarbonPricePerTCO2e, rule.name)
	}
	lp, err := PerfectForesight(p, pr, priced)
	require.NoError(t, err)
	assert.Equal(t, Cost, lp.Report.Objective)
	assert.Equal(t, 100.0, lp.Report.CarbonPricePerTCO2e)
}
