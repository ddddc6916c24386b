package results_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// csvColumn is the cells of column name of CSV text, one per data row.
func csvColumn(t *testing.T, text, name string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	j := -1
	for i, h := range recs[0] {
		if h == name {
			j = i
		}
	}
	require.GreaterOrEqual(t, j, 0, "no column %q in %v", name, recs[0])
	var cells []string
	for _, r := range recs[1:] {
		cells = append(cells, r[j])
	}
	return cells
}

// roadmap.csv names the currency of its money columns on every row, as a
// sweep's CSV does (QA session 37, S7: a CNY plan's roadmap.csv sent on
// alone had money in an unnamed currency), a row out of reach included;
// it reads back; a file written before the column reads with no currency;
// a cell that is no ISO 4217 code is refused, naming file, line, column
// and value.
func TestRoadmapCSVCurrency(t *testing.T) {
	rm := sampleRoadmap()
	rm.Currency = "CNY"
	require.NotEmpty(t, rm.Rows[2].Unreachable)
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	assert.Equal(t, []string{"CNY", "CNY", "CNY"}, csvColumn(t, b.String(), results.ColCurrency))
	rows, err := results.ReadRoadmapCSV(strings.NewReader(b.String()), "roadmap.csv")
	require.NoError(t, err)
	for _, r := range rows {
		assert.Equal(t, "CNY", r.Currency, r.Target)
	}

	old, err := results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), results.ColCurrency)), "roadmap.csv")
	require.NoError(t, err)
	require.Len(t, old, len(rows))
	for i, r := range old {
		assert.Empty(t, r.Currency, r.Target)
		r.Currency = "CNY"
		assert.Equal(t, rows[i], r, "a file without the column reads as the same rows without a currency")
	}

	bad := strings.Replace(b.String(), ",CNY,", ",yuan,", 1)
	_, err = results.ReadRoadmapCSV(strings.NewReader(bad), "roadmap.csv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `roadmap.csv:2: column "currency": value "yuan"`)
	assert.Contains(t, err.Error(), "ISO 4217")
}

// frontier.csv names the currency on every point (before warnings, the
// last column), reads it back, reads a file written before the column as
// points without one, and refuses a cell that is no currency code.
func TestFrontierCSVCurrency(t *testing.T) {
	rows := macFrontier()
	for i := range rows {
		rows[i].Currency = "EUR"
	}
	cols := results.FrontierColumns()
	assert.Equal(t, []string{results.ColCurrency, results.ColDesignParkFile, results.ColWarnings}, cols[len(cols)-3:])
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	for _, c := range csvColumn(t, b.String(), results.ColCurrency) {
		assert.Equal(t, "EUR", c)
	}
	back, err := results.ReadFrontierCSV(strings.NewReader(b.String()), "frontier.csv")
	require.NoError(t, err)
	require.Len(t, back, len(rows))
	for _, r := range back {
		assert.Equal(t, "EUR", r.Currency, "point %d", r.Point)
	}

	old, err := results.ReadFrontierCSV(strings.NewReader(dropCSVColumns(t, b.String(), results.ColCurrency)), "frontier.csv")
	require.NoError(t, err)
	for _, r := range old {
		assert.Empty(t, r.Currency, "point %d", r.Point)
	}

	bad := strings.Replace(b.String(), ",EUR,", ",€,", 1)
	_, err = results.ReadFrontierCSV(strings.NewReader(bad), "frontier.csv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `frontier.csv:2: column "currency": value "€"`)
}

// pathway.csv names pathway.json's currency on every row, a milestone out
// of reach included.
func TestPathwayCSVCurrency(t *testing.T) {
	pw := &results.Pathway{Park: "p", Currency: "CNY", BaseYear: 2026, Milestones: 2, Rows: []results.PathwayRow{
		{Year: 2030, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 1000},
		{Year: 2035, Target: dispatch.ZeroCarbon, Unreachable: "plan: zero-carbon is out of reach"},
	}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayCSV(&b, pw))
	assert.Equal(t, []string{"CNY", "CNY"}, csvColumn(t, b.String(), results.ColCurrency))
	cols := results.PathwayColumns()
	assert.Equal(t, results.ColCurrency, cols[len(cols)-4], "the currency, then the thresholds and the warnings added after it")
}
