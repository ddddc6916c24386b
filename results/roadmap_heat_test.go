package results_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// heatRoadmap is sampleRoadmap on a park with heat: the design adds a
// heat pump and a thermal store, and every row burns fuel and buys heat
// (awkward numbers, as sampleRoadmap's).
func heatRoadmap() *results.Roadmap {
	rm := sampleRoadmap()
	rm.Heat = true
	today, low := &rm.Rows[0], &rm.Rows[1]
	today.Total.HeatPumpKWTh, today.Total.ThermalStorageKWhTh = 50, 100
	today.FuelCostPerYear, today.PurchasedHeatCostPerYear = 47304.123456789, 1234.75
	low.Added.HeatPumpKWTh, low.Added.ThermalStorageKWhTh = 104.31415926535, 686.0000001
	low.Total.HeatPumpKWTh, low.Total.ThermalStorageKWhTh = 154.31415926535, 786.0000001
	low.FuelCostPerYear, low.PurchasedHeatCostPerYear = 3.25, 0.125
	low.Additions = append(low.Additions,
		results.Addition{Tech: "heat_pump", Asset: "hp", Unit: "kW_th", Existing: 50, Added: 104.31415926535, Total: 154.31415926535, CapitalPerYear: 9876.5},
		results.Addition{Tech: "thermal_storage", Asset: "tank", Unit: "kWh_th", Existing: 100, Added: 686.0000001, Total: 786.0000001, CapitalPerYear: 1975.25})
	return rm
}

// The heat figures are written in full in roadmap.csv and roadmap.json
// (TestRoadmapRoundTrip reads heatRoadmap back whole), and read back from
// frontier.csv as written.
func TestHeatRoadmapRoundTrip(t *testing.T) {
	rm := heatRoadmap()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	assert.Contains(t, b.String(), ",104.31415926535,")

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.Contains(t, b.String(), `"heat_pump_kw_th": 104.31415926535`)
	assert.Contains(t, b.String(), `"thermal_storage_kwh_th": 786.0000001`)
	assert.Contains(t, b.String(), `"fuel_cost_per_year": 47304.123456789`)

	front := sampleFrontier()
	front[2].Added.HeatPumpKWTh, front[2].Added.ThermalStorageKWhTh = 189.25, 900.5
	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, front))
	back, err := results.ReadFrontierCSV(bytes.NewReader(b.Bytes()), "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, front, back)
}

// dropColumns removes the named columns (header and cells) from a CSV
// text without quoted commas: a file as an older zeropark wrote it.
func dropColumns(t *testing.T, text string, drop ...string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	head := strings.Split(lines[0], ",")
	gone := map[int]bool{}
	for i, h := range head {
		for _, d := range drop {
			if h == d {
				gone[i] = true
			}
		}
	}
	require.Len(t, gone, len(drop), "every column to drop is there")
	for l, line := range lines {
		cells := strings.Split(line, ",")
		require.Len(t, cells, len(head), "line %d has no quoted commas", l+1)
		var keep []string
		for i, c := range cells {
			if !gone[i] {
				keep = append(keep, c)
			}
		}
		lines[l] = strings.Join(keep, ",")
	}
	return strings.Join(lines, "\n") + "\n"
}

// A roadmap.csv or frontier.csv written before the heat columns (its
// header lacks them) is refused, the error naming the first missing
// column and listing all of them; the readers stay strict.
func TestReadOldHeaderNamesMissingColumns(t *testing.T) {
	heatRoadmapCols := []string{"add_heat_pump_kw_th", "add_thermal_storage_kwh_th", "total_heat_pump_kw_th",
		"total_thermal_storage_kwh_th", "fuel_cost_per_year", "purchased_heat_cost_per_year"}
	rm := heatRoadmap()
	rm.Rows = rm.Rows[:2] // the unreachable row's message holds commas
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	old := dropColumns(t, b.String(), heatRoadmapCols...)
	_, err := results.ReadRoadmapCSV(strings.NewReader(old), "old/roadmap.csv")
	require.ErrorIs(t, err, results.ErrFile)
	var fe *results.FileError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, 1, fe.Line)
	assert.Equal(t, "add_heat_pump_kw_th", fe.Column)
	assert.Contains(t, err.Error(), "missing column(s) "+strings.Join(heatRoadmapCols, ", "))
	assert.Contains(t, err.Error(), "old/roadmap.csv")

	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, sampleFrontier()))
	old = dropColumns(t, b.String(), "add_heat_pump_kw_th", "add_thermal_storage_kwh_th")
	_, err = results.ReadFrontierCSV(strings.NewReader(old), "frontier.csv")
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, "add_heat_pump_kw_th", fe.Column)
	assert.Contains(t, err.Error(), "missing column(s) add_heat_pump_kw_th, add_thermal_storage_kwh_th")

	// A column the reader does not know is named too.
	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, sampleFrontier()[:1]))
	extra := strings.Replace(b.String(), "\n", ",surprise\n", 1)
	extra = strings.Replace(extra, ",0,0\n", ",0,0,1\n", 1)
	_, err = results.ReadFrontierCSV(strings.NewReader(extra), "frontier.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "unknown column(s) surprise")
}

// tableRow is the fields of the line of a printed table that starts with
// name, within the section of out that starts at heading.
func tableRow(t *testing.T, out, heading, name string) []string {
	t.Helper()
	i := strings.Index(out, heading)
	require.GreaterOrEqual(t, i, 0, heading)
	for _, line := range strings.Split(out[i:], "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), name+" ") {
			return strings.Fields(line)
		}
	}
	t.Fatalf("no row %q after %q", name, heading)
	return nil
}

// On a park with heat the roadmap's tables add the heat pump and store
// (after the battery columns) and the fuel and heat bought (after
// operating, which includes them); on an electricity-only park they do
// not, and its report is the one it was.
func TestWriteRoadmapHeatColumns(t *testing.T) {
	const adds, costs = "Cheapest design for each stage: what to add", "What it costs a year"
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, heatRoadmap()))
	out := b.String()
	for _, want := range []string{"+heat pump kW_th", "+thermal store kWh_th", "of which fuel", "heat bought", "fuel burnt, heat bought"} {
		assert.Contains(t, out, want)
	}
	// low-carbon, stage, 4 electric, heat pump, store, residual.
	row := tableRow(t, out, adds, "low-carbon")
	require.Len(t, row, 9, "%q", row)
	assert.Equal(t, []string{"104", "686", "2,842.6"}, row[6:])
	row = tableRow(t, out, adds, "near-zero-carbon")
	assert.Equal(t, []string{"near-zero-carbon", "out", "of", "reach", "—", "—", "—", "—", "—", "—", "—"}, row)
	// today's park: capital, O&M, operating, fuel, heat bought.
	row = tableRow(t, out, costs, "today's park")
	assert.Equal(t, []string{"0", "0", "618,460", "47,304", "1,235"}, row[2:7])
	row = tableRow(t, out, costs, "near-zero-carbon")
	assert.Len(t, row, 11, "ten dashes (the shadow carbon price's too): %q", row)

	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, sampleRoadmap()))
	elec := b.String()
	for _, absent := range []string{"kW_th", "kWh_th", "fuel", "heat bought"} {
		assert.NotContains(t, elec, absent)
	}
	head := tableRow(t, elec, adds, "design")
	assert.Equal(t, []string{"design", "stage", "reached", "+PV", "kWp", "+wind", "kW", "+battery", "kWh", "+battery", "kW", "residual", "tCO2e"}, head)
	assert.Contains(t, elec, "  capital: what is added × capital cost × capital recovery factor; operating: energy + demand\n")
	// The heat report differs from the electricity-only one only in the
	// heat columns and the note: same lines elsewhere.
	assert.Equal(t, strings.Count(elec, "\n")+1, strings.Count(out, "\n"), "one more note line")

	b.Reset()
	front := sampleFrontier()
	front[2].Added.HeatPumpKWTh = 189.25
	require.NoError(t, results.WriteFrontier(&b, front, "USD", true))
	row = tableRow(t, b.String(), "Cost–carbon frontier", "2")
	require.Len(t, row, 14, "%q", row)
	assert.Equal(t, []string{"189", "0"}, row[12:])
	b.Reset()
	require.NoError(t, results.WriteFrontier(&b, front, "USD", false))
	assert.NotContains(t, b.String(), "kW_th")
	assert.Len(t, tableRow(t, b.String(), "Cost–carbon frontier", "2"), 12)
}
