package main

import (
	"os"
	"path/filepath"
	"slices"
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

// A heat park's file written before the stage and heat columns is not
// resumed (its heat cells cannot be filled in): the error says why and
// what to do, and the file is left as it was.
func TestSweepHeatOlderFileRefused(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sweep.csv")
	args := []string{"sweep", "--demo", "greensboro-heat", "--limit-hours", "48", "--policy", "perfect", "--vary", "load.scale=1", "--out", out}
	code, _, errOut := cli(t, args...)
	require.Equal(t, exitOK, code, errOut)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	// Written before the stage columns, so before the investment too.
	older := dropColumns(tab, slices.Concat(results.StageColumns(), results.InvestmentColumns(), results.CurrencyColumns(), results.PriceColumns()))
	require.NoError(t, os.WriteFile(out, older, 0o644))
	code, _, errOut = cli(t, args...)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "written before zeropark wrote each stage's cost and the heat columns")
	assert.Contains(t, errOut, "move it aside")
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(older), string(got))
}

// A heat park's file written after the stage and heat columns but before
// the investment is resumed: the investment follows from the design
// cells (a sweep varies no heat capacity), and the file becomes today's.
func TestSweepHeatFileWithoutInvestmentResumes(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sweep.csv")
	args := []string{"sweep", "--demo", "greensboro-heat", "--limit-hours", "48", "--policy", "perfect", "--vary", "load.scale=1", "--out", out}
	code, _, errOut := cli(t, args...)
	require.Equal(t, exitOK, code, errOut)
	now, err := os.ReadFile(out)
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	inv, err := tab.Text(tab.Rows[0], results.ColInvestment)
	require.NoError(t, err)
	assert.Equal(t, "0", inv, "the park as it is adds nothing")
	require.NoError(t, os.WriteFile(out, dropColumns(tab, slices.Concat(results.InvestmentColumns(), results.CurrencyColumns(), results.PriceColumns())), 0o644))
	code, _, errOut = cli(t, args...)
	require.Equal(t, exitOK, code, errOut)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(now), string(got))
}

// dropColumns is tab's file without the columns drop, as an older
// zeropark wrote it.
func dropColumns(tab *results.Table, drop []string) []byte {
	var keep []int
	for i, h := range tab.Header {
		if !slices.Contains(drop, h) {
			keep = append(keep, i)
		}
	}
	pick := func(f []string) []string {
		o := make([]string, len(keep))
		for i, k := range keep {
			o[i] = f[k]
		}
		return o
	}
	var rows []results.Row
	for _, r := range tab.Rows {
		rows = append(rows, results.Row{Fields: pick(r.Fields)})
	}
	return results.EncodeTable(pick(tab.Header), rows)
}
