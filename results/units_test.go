package results_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// A design bought in whole units: roadmap.csv counts them (empty cells
// for technologies added in any amount, never a 0 that would read as
// "no turbine"), they read back, roadmap.json has them, and the printed
// table shows the count beside the capacity.
func TestRoadmapUnitCounts(t *testing.T) {
	rm := sampleRoadmap()
	two, three := 2.0, 3.0
	r := &rm.Rows[1]
	r.Added.WindKW, r.Added.BatteryKWh, r.Added.BatteryKW = 4000, 7500, 3750
	r.AddedUnits = results.UnitCounts{Wind: &two, BatteryEnergy: &three, BatteryPower: &three}

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	require.NoError(t, err)
	cell := func(row int, col string) string { return recs[row][slices.Index(recs[0], col)] }
	assert.Equal(t, "2", cell(2, "add_wind_units"))
	assert.Equal(t, "3", cell(2, "add_battery_kwh_units"))
	assert.Equal(t, "3", cell(2, "add_battery_kw_units"))
	assert.Equal(t, "", cell(2, "add_pv_units"), "PV in any amount: no count")
	assert.Equal(t, "", cell(1, "add_wind_units"))

	rows, err := results.ReadRoadmapCSV(bytes.NewReader(b.Bytes()), "roadmap.csv")
	require.NoError(t, err)
	assert.Equal(t, r.AddedUnits, rows[1].AddedUnits)
	assert.Nil(t, rows[0].AddedUnits.Wind)

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.Contains(t, b.String(), `"added_units": {
        "wind": 2,`)

	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "4,000 (2 units)")
	assert.Contains(t, b.String(), "7,500 (3 units)")
}

// frontier.csv counts a point's whole units as roadmap.csv does (the same
// columns at its end), reads them back, and its table shows them.
func TestFrontierUnitCounts(t *testing.T) {
	one := 1.0
	rows := []results.FrontierRow{
		{Point: 0, TotalCostPerYear: 100, Stage: "low-carbon"},
		{Point: 1, TotalCostPerYear: 200, Stage: "near-zero-carbon", Added: results.Capacities{WindKW: 2000},
			AddedUnits: results.UnitCounts{Wind: &one}},
	}
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	cols := results.FrontierColumns()
	i := slices.Index(cols, "add_fuel_boiler_units")
	require.Positive(t, i)
	assert.Equal(t, results.ColMarginalCostPerTCO2e, cols[i+1], "the columns added later follow the unit counts")
	assert.Equal(t, results.ColWarnings, cols[len(cols)-1])
	back, err := results.ReadFrontierCSV(bytes.NewReader(b.Bytes()), "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, rows[1].AddedUnits, back[1].AddedUnits)
	assert.Nil(t, back[0].AddedUnits.Wind, "no count: an empty cell, read back as none")

	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	require.NoError(t, err)
	w := slices.Index(cols, "add_wind_units")
	require.Equal(t, "1", recs[2][w])
	recs[2][w] = "one"
	var badB bytes.Buffer
	require.NoError(t, csv.NewWriter(&badB).WriteAll(recs))
	bad := badB.Bytes()
	_, err = results.ReadFrontierCSV(bytes.NewReader(bad), "frontier.csv")
	var fe *results.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "add_wind_units", fe.Column)

	b.Reset()
	require.NoError(t, results.WriteFrontier(&b, rows, "USD", false))
	assert.Contains(t, b.String(), "2,000 (1 unit)")
}
