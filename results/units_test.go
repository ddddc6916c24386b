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
