package results_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// Warnings as plan.Design writes them: the first holds "; " and commas
// (a stage's limit as the ledger words it), so no separator but a line
// can split a cell back.
var (
	settledWarning = "the plan charged and discharged a battery at once in 3 intervals, the first 2024-06-01T00:00:00Z (interval 0), " +
		"burning power in the round trip's losses; no battery can, so the schedule is settled from there on and every figure is the settled one's (200.5 kWh_th of heat unserved a year)"
	belowWarning = "planned for low-carbon, the settled schedule is conventional (carbon per unit energy 0.8 tCO2/tce; reduction 10 %): no battery can run the plan's own"
)

// warnedRoadmap is sampleRoadmap with the low-carbon design settled and
// below its target, and its full-series evaluation settled too.
func warnedRoadmap() *results.Roadmap {
	rm := sampleRoadmap()
	r := &rm.Rows[1]
	r.Warnings = []string{settledWarning, belowWarning}
	full := *r.Full
	full.Warnings = []string{settledWarning}
	r.Full = &full
	return rm
}

// A design's warnings (and its full series') read back from roadmap.csv
// and roadmap.json as written, one a line in the csv cell.
func TestRoadmapWarningsRoundTrip(t *testing.T) {
	rm := warnedRoadmap()
	t.Run("csv", func(t *testing.T) { checkRoadmapCSVRoundTrip(t, rm) })
	t.Run("json", func(t *testing.T) { checkRoadmapJSONRoundTrip(t, rm) })

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	recs, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	last := slices.Index(results.RoadmapColumns(), results.ColWarnings)
	require.Positive(t, last)
	assert.Empty(t, recs[1][last], "today has none")
	assert.Equal(t, settledWarning+"\n"+belowWarning+"\nfull series: "+settledWarning+"\n"+mpcMissWarning, recs[2][last])
	assert.Empty(t, recs[3][last], "a stage out of reach has no design")

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.Equal(t, 2, strings.Count(b.String(), `"warnings": [`), "the design's and its full series'")
}

// A row without warnings writes no warnings key: roadmap.json without
// any is what it was before the key (and reads back, as an older file
// does).
func TestRoadmapWithoutWarningsHasNoKey(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, sampleRoadmap()))
	assert.NotContains(t, b.String(), "warnings")
	got, err := results.ReadRoadmapJSON(&b, "roadmap.json")
	require.NoError(t, err)
	for _, r := range got.Rows {
		assert.Nil(t, r.Warnings)
	}
}

// dropCSVColumns rewrites a csv file without the columns named (by
// encoding/csv: its cells may hold commas and newlines): a file
// written before them.
func dropCSVColumns(t *testing.T, text string, names ...string) string {
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	require.NoError(t, err)
	var drop []int
	for _, n := range names {
		i := slices.Index(recs[0], n)
		require.GreaterOrEqual(t, i, 0, n)
		drop = append(drop, i)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, r := range recs {
		var keep []string
		for j, c := range r {
			if !slices.Contains(drop, j) {
				keep = append(keep, c)
			}
		}
		require.NoError(t, w.Write(keep))
	}
	w.Flush()
	return b.String()
}

// dropLastColumn rewrites a csv file without its last column: a file
// written before the warnings column.
func dropLastColumn(t *testing.T, text string) string {
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	require.NoError(t, err)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, r := range recs {
		require.NoError(t, w.Write(r[:len(r)-1]))
	}
	w.Flush()
	return b.String()
}

// roadmap.csv and frontier.csv written before the warnings column read
// as files without warnings, every other cell the same.
func TestCSVBeforeWarningsColumn(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, warnedRoadmap()))
	withW, err := results.ReadRoadmapCSV(strings.NewReader(b.String()), "roadmap.csv")
	require.NoError(t, err)
	// Written before warnings, so before the shadow prices too.
	old, err := results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), results.ColWarnings,
		"shadow_carbon_price_per_tco2e", "shadow_clean_share_price_per_mwh")), "roadmap.csv")
	require.NoError(t, err)
	require.Len(t, old, len(withW))
	require.NotEmpty(t, withW[1].Warnings)
	for i := range withW {
		if withW[i].Full != nil {
			withW[i].Full.Warnings = nil
		}
		withW[i].Warnings = nil
		assert.Equal(t, withW[i], old[i], "row %d", i)
	}

	rows := sampleFrontier()
	rows[1].Warnings = []string{settledWarning}
	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	back, err := results.ReadFrontierCSV(strings.NewReader(dropLastColumn(t, b.String())), "frontier.csv")
	require.NoError(t, err)
	rows[1].Warnings = nil
	assert.Equal(t, rows, back)

	// Another column missing is still refused.
	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, sampleFrontier()))
	_, err = results.ReadFrontierCSV(strings.NewReader(dropCols(t, b.String(), func(n string) bool {
		return n == results.ColWarnings || n == "add_fuel_boiler_units"
	})), "frontier.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "add_fuel_boiler_units")
}

// A frontier point's warnings read back from frontier.csv.
func TestFrontierWarningsRoundTrip(t *testing.T) {
	rows := sampleFrontier()
	rows[2].Warnings = []string{settledWarning, belowWarning}
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	got, err := results.ReadFrontierCSV(bytes.NewReader(b.Bytes()), "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, rows, got)
	assert.Nil(t, got[0].Warnings, "an empty cell: none")
}

// The printed roadmap and frontier say each warning under their tables,
// "warning: " then the design's name; without warnings, nothing.
func TestWriteWarnings(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, warnedRoadmap()))
	out := b.String()
	assert.Contains(t, out, "\nwarning: low-carbon: "+settledWarning+"\n")
	assert.Contains(t, out, "\nwarning: low-carbon: "+belowWarning+"\n")
	assert.Contains(t, out, "\nwarning: low-carbon, over the full series: "+settledWarning+"\n")
	assert.Equal(t, 3, strings.Count(out, "warning: "))
	assert.Less(t, strings.Index(out, "What it costs a year"), strings.Index(out, "warning: "), "under the tables")
	assert.Equal(t, []string{"low-carbon: " + settledWarning, "low-carbon: " + belowWarning,
		"low-carbon, over the full series: " + settledWarning}, results.RoadmapWarnings(warnedRoadmap()))

	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, sampleRoadmap()))
	assert.NotContains(t, b.String(), "warning")

	rows := sampleFrontier()
	rows[1].Warnings = []string{settledWarning}
	b.Reset()
	require.NoError(t, results.WriteFrontier(&b, rows, "USD", false))
	assert.True(t, strings.HasSuffix(b.String(), "\nwarning: point 1: "+settledWarning+"\n"), b.String())
	b.Reset()
	require.NoError(t, results.WriteFrontier(&b, sampleFrontier(), "USD", false))
	assert.NotContains(t, b.String(), "warning")
}

// mpcMissWarning is the warning sampleRoadmap's low-carbon row makes of
// its rolling-horizon check, which misses by 3.9 % (plots QA, 2026-12-04:
// a failed check left the warnings empty).
const mpcMissWarning = "mpc operation: misses low-carbon (the run is conventional; margin -3.9 %)"

// AllWarnings lists what the csv cell holds, in its order: the design's,
// then its full series' after "full series: "; none for a row without.
func TestRoadmapRowAllWarnings(t *testing.T) {
	rm := warnedRoadmap()
	assert.Equal(t, []string{settledWarning, belowWarning, "full series: " + settledWarning, mpcMissWarning}, rm.Rows[1].AllWarnings())
	assert.Empty(t, rm.Rows[0].AllWarnings(), "today has none")

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	recs, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, strings.Join(rm.Rows[1].AllWarnings(), "\n"), recs[2][slices.Index(recs[0], results.ColWarnings)], "the csv cell")
}

// The cost table footnotes per tCO2e avoided wherever today's park leaves
// load unserved, within the ledger's tolerance too (a plan.Design warns
// only above it): 40 kWh a year, no warning, still the line. None where
// today serves its load, nor where no design has the figure.
func TestRoadmapTodayShedFootnote(t *testing.T) {
	const line = "  today's park leaves 40 kWh of load a year unserved, which its total does not count (nor at the\n" +
		"  value of lost load): per tCO2e avoided compares each design with a park that does not serve that load.\n"
	printed := func(rm *results.Roadmap) string {
		var b strings.Builder
		require.NoError(t, results.WriteRoadmap(&b, rm))
		return b.String()
	}
	rm := sampleRoadmap()
	require.Equal(t, results.TodayTarget, rm.Rows[0].Target)
	require.NotNil(t, rm.Rows[1].CostPerTCO2eAvoided)
	assert.NotContains(t, printed(rm), "today's park leaves")

	rm.Rows[0].UnservedKWhPerYear = 40
	out := printed(rm)
	assert.Contains(t, out, line)
	assert.Less(t, strings.Index(out, "What it costs a year"), strings.Index(out, line), "under the cost table")

	rm.Rows[0].UnservedKWhPerYear = 0.4 // prints as 0
	assert.NotContains(t, printed(rm), "today's park leaves")
	rm.Rows[0].UnservedKWhPerYear = 0.5 // prints as 0 too: rounds half to even
	assert.NotContains(t, printed(rm), "today's park leaves")
	rm.Rows[0].UnservedKWhPerYear = 0.6 // prints as 1
	assert.Contains(t, printed(rm), "today's park leaves 1 kWh of load a year unserved")

	rm.Rows[0].UnservedKWhPerYear = 40
	for i := range rm.Rows {
		rm.Rows[i].CostPerTCO2eAvoided = nil
	}
	assert.NotContains(t, printed(rm), "today's park leaves", "no figure to footnote")
}

// Where low-carbon's row is near-zero's design (its first warning saying
// so, then near-zero's word for word), the printed list gives near-zero's
// once, under near-zero-carbon; the rows keep them all.
func TestRoadmapWarningsListNearZerosOnce(t *testing.T) {
	rm := &results.Roadmap{Rows: []results.RoadmapRow{{Target: results.TodayTarget},
		{Target: "low-carbon", Warnings: []string{"near-zero-carbon's design, the cheapest reaching at least low-carbon", settledWarning}},
		{Target: "near-zero-carbon", Warnings: []string{settledWarning}},
		{Target: "zero-carbon", Warnings: []string{settledWarning, belowWarning}}}}
	assert.Equal(t, []string{
		"low-carbon: near-zero-carbon's design, the cheapest reaching at least low-carbon (its other warnings are near-zero-carbon's, listed under it)",
		"near-zero-carbon: " + settledWarning,
		"zero-carbon: " + settledWarning, "zero-carbon: " + belowWarning}, results.RoadmapWarnings(rm))
	assert.Len(t, rm.Rows[1].Warnings, 2, "the row keeps them")
}
