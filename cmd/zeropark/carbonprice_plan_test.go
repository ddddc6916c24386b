package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// zeropark plan --carbon-price 1000 on the Texas demo's first two weeks:
// the designs are sized at the price (roadmap.json says which; each row's
// carbon_cost_per_year is the price × its residual, in both files), the
// checks run at least cost with it, and at that price low-carbon's design
// cuts carbon far below the stage's limit, where without a price it stops
// at the limit or below at no cost (each design optimal for its own
// objective: the priced residual can be no larger).
func TestPlanCarbonPrice(t *testing.T) {
	dir := t.TempDir()
	plain, priced := filepath.Join(dir, "plain"), filepath.Join(dir, "priced")
	args := []string{"plan", "--demo", "texas2012", "--limit-hours", "336"}
	code, _, errOut := cli(t, append(args, "--no-check", "--out", plain)...)
	require.Equal(t, exitOK, code, errOut)
	code, stdout, errOut := cli(t, append(args, "--carbon-price", "1000", "--out", priced)...)
	require.Equal(t, exitOK, code, errOut)

	_, base := readPlanDir(t, plain)
	rows, rm := readPlanDir(t, priced)
	assert.Zero(t, base.CarbonPricePerTCO2e)
	assert.Equal(t, 1000.0, rm.CarbonPricePerTCO2e)
	require.Len(t, rm.Rows, 4)
	for i, r := range rm.Rows {
		require.Empty(t, r.Unreachable, r.Target)
		assert.InDelta(t, 1000*r.ResidualTCO2ePerYear, r.CarbonCostPerYear, 1e-6*r.CarbonCostPerYear+1e-6, r.Target)
		assert.InDelta(t, r.CarbonCostPerYear, rows[i].CarbonCostPerYear, 1e-6*r.CarbonCostPerYear+1e-6, "roadmap.csv: %s", r.Target)
		assert.Zero(t, base.Rows[i].CarbonCostPerYear, r.Target)
		if r.Target == results.TodayTarget {
			continue
		}
		require.Len(t, r.Checks, 2, r.Target)
		for _, c := range r.Checks {
			assert.Equal(t, dispatch.Cost, c.Objective, "%s %s", r.Target, c.Policy)
			assert.Equal(t, 1000.0, c.CarbonPricePerTCO2e, "%s %s", r.Target, c.Policy)
		}
		b := &base.Rows[i]
		assert.LessOrEqual(t, r.ResidualTCO2ePerYear, b.ResidualTCO2ePerYear*(1+1e-6), r.Target)
		assert.LessOrEqual(t, r.TotalCostPerYear+r.CarbonCostPerYear, b.TotalCostPerYear+1000*b.ResidualTCO2ePerYear+1e-6*b.TotalCostPerYear,
			"%s: the priced design is the cheaper at the price", r.Target)
		require.NotNil(t, r.ShadowCarbonPricePerTCO2e, r.Target)
		assert.GreaterOrEqual(t, *r.ShadowCarbonPricePerTCO2e, 1000-1e-6, "%s: the dual includes the price", r.Target)
	}
	low, baseLow := rm.Rows[1], base.Rows[1]
	assert.Less(t, low.ResidualTCO2ePerYear, 0.8*baseLow.ResidualTCO2ePerYear, "low-carbon at 1000 USD/tCO2e cuts carbon well past its limit")
	assert.Contains(t, stdout, "carbon price 1,000.0 USD/tCO2e: each design minimises its total + that price × its residual")
}

// plan frontier refuses a carbon price (it trades cost against carbon
// itself), exit 2, as the library does (plan.Model.Frontier).
func TestPlanFrontierCarbonPriceRefused(t *testing.T) {
	code, _, errOut := cli(t, "plan", "frontier", "--carbon-price", "100", "--limit-hours", "48")
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Contains(t, errOut, "--carbon-price 100: plan frontier traces cost against carbon itself")
}
