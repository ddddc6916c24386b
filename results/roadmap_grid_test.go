package results_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// The grid connection's columns: add_grid_kw and add_grid_units round
// trip through roadmap.csv and frontier.csv, a file written before them
// reads as nothing added in any amount, and roadmap.json leaves grid_kw
// out where nothing could be added.
func TestGridColumns(t *testing.T) {
	rm := energyRoadmap()
	rm.Rows[1].Added.GridKW, rm.Rows[1].AddedUnits.Grid = 150, ptr(3)
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	full := b.String()
	header := strings.SplitN(full, "\n", 2)[0]
	assert.Contains(t, header, ",add_grid_kw,add_grid_units,shadow_carbon_price_per_tco2e,shadow_clean_share_price_per_mwh,investment,simple_payback_years,incentives,npv,discounted_payback_years,warnings",
		"together, then the shadow prices, the investment and what it is worth, before warnings")
	rows, err := results.ReadRoadmapCSV(strings.NewReader(full), "roadmap.csv")
	require.NoError(t, err)
	assert.Equal(t, 150.0, rows[1].Added.GridKW)
	require.NotNil(t, rows[1].AddedUnits.Grid)
	assert.Equal(t, 3.0, *rows[1].AddedUnits.Grid)
	assert.Nil(t, rows[0].AddedUnits.Grid, "any amount")

	old := dropCols(t, full, func(n string) bool { return strings.HasPrefix(n, "add_grid_") })
	rows, err = results.ReadRoadmapCSV(strings.NewReader(old), "old.csv")
	require.NoError(t, err)
	for _, r := range rows {
		assert.Zero(t, r.Added.GridKW)
		assert.Nil(t, r.AddedUnits.Grid)
	}

	fr := []results.FrontierRow{{Point: 0, Stage: dispatch.Conventional, Added: results.Capacities{GridKW: 75}, AddedUnits: results.UnitCounts{Grid: ptr(1.5)}}}
	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, fr))
	back, err := results.ReadFrontierCSV(strings.NewReader(b.String()), "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, fr[0].Added, back[0].Added)
	assert.Equal(t, fr[0].AddedUnits, back[0].AddedUnits)
	back, err = results.ReadFrontierCSV(strings.NewReader(dropCols(t, b.String(), func(n string) bool { return strings.HasPrefix(n, "add_grid_") })), "old.csv")
	require.NoError(t, err)
	assert.Zero(t, back[0].Added.GridKW)

	j, err := json.Marshal(results.Capacities{PVKWp: 1})
	require.NoError(t, err)
	assert.NotContains(t, string(j), "grid_kw")
	j, err = json.Marshal(results.Capacities{GridKW: 150})
	require.NoError(t, err)
	assert.Contains(t, string(j), `"grid_kw":150`)
}

// TestTotalGridColumn: roadmap.csv gives the design's import limit,
// total_grid_kw, as pathway.csv does, empty where the connection is no
// candidate (a 0 would read as "no grid"), and round-trips it; a file
// written before the column reads as no candidate.
func TestTotalGridColumn(t *testing.T) {
	rm := energyRoadmap()
	rm.Rows[1].Added.GridKW, rm.Rows[1].Total.GridKW = 150, 650
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	full := b.String()
	recs, err := csv.NewReader(strings.NewReader(full)).ReadAll()
	require.NoError(t, err)
	i := slices.Index(recs[0], "total_grid_kw")
	require.GreaterOrEqual(t, i, 0, recs[0])
	assert.Equal(t, "650", recs[2][i])
	assert.Empty(t, recs[1][i], "no candidate: empty, not 0")
	rows, err := results.ReadRoadmapCSV(strings.NewReader(full), "roadmap.csv")
	require.NoError(t, err)
	assert.Equal(t, 650.0, rows[1].Total.GridKW)
	assert.Zero(t, rows[0].Total.GridKW)

	old := dropCols(t, full, func(n string) bool { return n == "total_grid_kw" })
	rows, err = results.ReadRoadmapCSV(strings.NewReader(old), "old.csv")
	require.NoError(t, err)
	assert.Zero(t, rows[1].Total.GridKW)
}
