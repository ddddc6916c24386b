package main

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
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
	// The cost table's footer lists each design's carbon at the price,
	// the figures of the files.
	assert.Contains(t, stdout, "carbon at the carbon price (1,000.0 USD/tCO2e; today's park operated at it too)")
	assert.Contains(t, stdout, fmt.Sprintf("near-zero-carbon %s", results.Grouped(rm.Rows[2].CarbonCostPerYear, 0)))
	// The operating-cost table's footer names how the checks ran, in one
	// sentence (a copy of the heading's lines once broke it and said
	// "carbon first").
	assert.Contains(t, stdout, "each run's is the\n  dispatch's at least cost with carbon at 1,000.00 USD/tCO2e (--objective cost)")
	assert.NotContains(t, stdout, "--objective carbon, the default")
	// The heading says where the price went (it said "no carbon price in
	// the designs … in the operation checks only" before), and the footer
	// that the carbon is the residual's before offsets (zero-carbon's
	// row is its residual × the price, though offset).
	assert.Contains(t, stdout, "carbon priced at 1,000.00 USD/tCO2e (--carbon-price) in the designs and the operation checks")
	assert.NotContains(t, stdout, "no carbon price in the designs")
	assert.Contains(t, stdout, "a year, on the residual\n  before any offsets bought")
	// The shadow price's footnote: at the price its figure is the priced
	// cost's, P where the limit does not bind (it said "0: the limit does
	// not bind" beside a column of 1,000.0).
	assert.Contains(t, stdout, "what the design's total + its carbon at the carbon price fall by a year")
	assert.Contains(t, stdout, "the carbon price, 1,000.0, where the stage's carbon limit does not\n  bind")
	assert.NotContains(t, stdout, "(0: the\n  limit does not bind")
}

// plan frontier refuses a carbon price (it trades cost against carbon
// itself), exit 2, as the library does (plan.Model.Frontier).
func TestPlanFrontierCarbonPriceRefused(t *testing.T) {
	code, _, errOut := cli(t, "plan", "frontier", "--carbon-price", "100", "--limit-hours", "48")
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Contains(t, errOut, "--carbon-price 100: plan frontier traces cost against carbon itself")
}

// zeropark plan pathway --carbon-price 50 --carbon-price-growth 0.1 on the
// Texas demo's first two weeks: each milestone is sized at 50 × 1.1^(year
// − 2026) (pathway.csv and pathway.json), its carbon at that price is
// its residual × the price, outside the cost a year, and the later,
// dearer price cuts carbon no less than the unpriced pathway's.
func TestPlanPathwayCarbonPrice(t *testing.T) {
	dir := t.TempDir()
	plain, priced := filepath.Join(dir, "plain"), filepath.Join(dir, "priced")
	args := []string{"plan", "pathway", "--limit-hours", "336", "--base-year", "2026", "--milestones", "2027:low-carbon,2031:low-carbon"}
	code, _, errOut := cli(t, append(args, "--out", plain)...)
	require.Equal(t, exitOK, code, errOut)
	code, stdout, errOut := cli(t, append(args, "--carbon-price", "50", "--carbon-price-growth", "0.1", "--out", priced)...)
	require.Equal(t, exitOK, code, errOut)
	a, b := readPathwayJSON(t, plain), readPathwayJSON(t, priced)
	assert.Zero(t, a.CarbonPricePerTCO2e)
	assert.Equal(t, 50.0, b.CarbonPricePerTCO2e)
	assert.Equal(t, 0.1, b.CarbonPriceGrowthPerYear)
	require.Len(t, b.Rows, 2)
	require.Len(t, a.Rows, 2)
	recs := readPathwayCSV(t, priced)
	iPrice, iCost := slices.Index(recs[0], "carbon_price_per_tco2e"), slices.Index(recs[0], "carbon_cost_per_year")
	require.True(t, iPrice >= 0 && iCost >= 0, "%v", recs[0])
	for k, r := range b.Rows {
		want := 50 * math.Pow(1.1, float64(r.Year-2026))
		assert.InDelta(t, want, r.CarbonPricePerTCO2e, 1e-9, "%d", r.Year)
		assert.InDelta(t, want*r.ResidualTCO2ePerYear, r.CarbonCostPerYear, 1e-6*r.CarbonCostPerYear+1e-9, "%d", r.Year)
		p, err := strconv.ParseFloat(recs[k+1][iPrice], 64)
		require.NoError(t, err)
		c, err := strconv.ParseFloat(recs[k+1][iCost], 64)
		require.NoError(t, err)
		assert.Equal(t, r.CarbonPricePerTCO2e, p, "pathway.csv %d", r.Year)
		assert.Equal(t, r.CarbonCostPerYear, c, "pathway.csv %d", r.Year)
		assert.Zero(t, a.Rows[k].CarbonCostPerYear)
	}
	// 2031 at 80.5 USD/tCO2e, past the stage's limit: no more carbon than
	// the unpriced pathway's 2031, which stops at low-carbon's limit.
	assert.LessOrEqual(t, b.Rows[1].ResidualTCO2ePerYear, a.Rows[1].ResidualTCO2ePerYear*(1+1e-6))
	assert.Contains(t, stdout, "carbon price 50.0 USD/tCO2e in 2026, +10.0 % a year: 2027 55.0, 2031 80.5;")
	// The present value stays cash, valued both ways.
	require.NotNil(t, b.Value)
	assert.Positive(t, b.Value.CashFlowPresentValue)
	assert.Contains(t, stdout, "as cash flows (each step's capital paid as its year begins")
}

// plan --objective carbon --carbon-price P: P sizes the designs, and the
// checks run carbon first, without a price (the dispatch's carbon first
// has none; the combination is refused by run and report).
func TestPlanCarbonPriceChecksCarbonFirst(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--demo", "texas2012", "--limit-hours", "336", "--objective", "carbon", "--carbon-price", "1000", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	_, rm := readPlanDir(t, out)
	assert.Equal(t, 1000.0, rm.CarbonPricePerTCO2e)
	for _, r := range rm.Rows[1:] {
		require.Len(t, r.Checks, 2, r.Target)
		for _, c := range r.Checks {
			assert.Equal(t, dispatch.CarbonFirst, c.Objective, "%s %s", r.Target, c.Policy)
			assert.Zero(t, c.CarbonPricePerTCO2e, "%s %s", r.Target, c.Policy)
		}
	}
	assert.Contains(t, stdout, "carbon priced at 1,000.00 USD/tCO2e (--carbon-price) in the designs: each design")
	assert.Contains(t, stdout, "dispatch's carbon first, then cost")
	code, _, errOut = cli(t, "run", "--objective", "carbon", "--carbon-price", "100", "--limit-hours", "48")
	assert.Equal(t, exitBadInput, code, "run keeps refusing the combination: %s", errOut)
}
