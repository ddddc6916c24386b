package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// A heat park's sweep row holds the fuel and heat figures its
// energy_cost_per_period includes, equal to `zeropark run`'s summary.json
// for the same park and period.
func TestSweepHeatColumnsEqualRun(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "run", "--demo", "greensboro-heat", "--limit-hours", "48", "--policy", "perfect", "--out", filepath.Join(dir, "run"))
	require.Equal(t, exitOK, code, errOut)
	f, err := os.Open(filepath.Join(dir, "run", "summary.json"))
	require.NoError(t, err)
	defer f.Close()
	sum, err := results.ReadSummaryJSON(f, "summary.json")
	require.NoError(t, err)
	require.NotNil(t, sum.Report.Heat)
	out := filepath.Join(dir, "sweep.csv")
	code, _, errOut = cli(t, "sweep", "--demo", "greensboro-heat", "--limit-hours", "48", "--policy", "perfect", "--vary", "load.scale=1", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "a year scaled from 48 h", "the short period is warned of, as plan does")
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	require.Len(t, tab.Rows, 1)
	get := func(col string) float64 {
		v, err := tab.Float(tab.Rows[0], col)
		require.NoError(t, err, col)
		return v
	}
	h := sum.Report.Heat
	require.Positive(t, h.FuelCost)
	assert.Equal(t, h.FuelCost, get(results.ColFuelCost))
	assert.Equal(t, h.PurchasedHeatCost, get(results.ColPurchasedHeatCost))
	assert.Equal(t, h.CHPVariableOMCost, get(results.ColCHPVariableOMCost))
	assert.Equal(t, h.LoadKWhTh, get(results.ColHeatLoadKWhTh))
	assert.Equal(t, h.UnservedKWhTh, get(results.ColHeatUnservedKWhTh))
	assert.Equal(t, sum.Report.EnergyCost, get(results.ColEnergyCost))
}
