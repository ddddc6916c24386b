package results_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// TestFrontierFullSeriesColumns: a frontier point's full-series
// evaluation round-trips through frontier.csv — a point that holds its
// bound with its cost error, one that misses it with why and no error —
// a point without one leaves the cells empty, and a file written before
// the columns reads as none.
func TestFrontierFullSeriesColumns(t *testing.T) {
	rows := []results.FrontierRow{
		{Point: 0, Stage: dispatch.Conventional, TotalCostPerYear: 100},
		{Point: 1, Stage: dispatch.LowCarbon, TotalCostPerYear: 120,
			Full: &results.FullSeries{Stage: dispatch.LowCarbon, TotalCostPerYear: 125, CostError: ptr(-0.04), ResidualTCO2ePerYear: ptr(39.96),
				// frontier.csv has the two core indicators of the full series.
				Indicators: &results.DesignIndicators{CarbonTCO2PerTce: 0.2125, CleanShare: 0.625}}},
		{Point: 2, Stage: dispatch.NearZeroCarbon, TotalCostPerYear: 150, EpsilonTCO2ePerYear: 10,
			Full: &results.FullSeries{Stage: dispatch.LowCarbon, TotalCostPerYear: 140, Unreachable: "no operation keeps the residual at most 10 tCO2e a year",
				LeastResidualTCO2ePerYear: ptr(12.6), ResidualTCO2ePerYear: ptr(31.26)}},
	}
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	back, err := results.ReadFrontierCSV(strings.NewReader(b.String()), "frontier.csv")
	require.NoError(t, err)
	require.Len(t, back, 3)
	assert.Nil(t, back[0].Full)
	assert.Equal(t, rows[1].Full, back[1].Full)
	assert.Equal(t, rows[2].Full, back[2].Full)

	csvText := b.String()
	b.Reset()
	require.NoError(t, results.WriteFrontier(&b, rows, "USD", false))
	table := b.String()
	assert.Contains(t, table, "Each point's design over the full series")
	assert.Regexp(t, `\n\s+1\s+yes\s+40\.0\s+125\s+-4\.0 %\s+low-carbon`, table)
	assert.Regexp(t, `\n\s+2\s+no, at best 13 t\s+31\.3\s+140\s+n/a\s+low-carbon`, table)
	assert.Contains(t, table, "point 2: no operation keeps the residual at most 10 tCO2e a year")

	// The table gives no percentage of its own, a bound of about 0 or
	// not: the miss's line under it is plan.OverBoundError's message, its
	// one rule (TestOverBoundErrorPercent). Point 0 has no bound.
	hair := []results.FrontierRow{{Point: 0, Stage: dispatch.LowCarbon, TotalCostPerYear: 100,
		Full: &results.FullSeries{Stage: dispatch.LowCarbon, TotalCostPerYear: 101, CostError: ptr(-0.0099), ResidualTCO2ePerYear: ptr(500)}}, {Point: 3, Stage: dispatch.NearZeroCarbon, TotalCostPerYear: 150, EpsilonTCO2ePerYear: 0.0004,
		Full: &results.FullSeries{Stage: dispatch.LowCarbon, TotalCostPerYear: 140, Unreachable: "misses",
			LeastResidualTCO2ePerYear: ptr(86), ResidualTCO2ePerYear: ptr(90)}}}
	b.Reset()
	require.NoError(t, results.WriteFrontier(&b, hair, "USD", false))
	assert.Regexp(t, `\n\s+3\s+no, at best 86 t\s+90\.0\s+140`, b.String())
	assert.Regexp(t, `\n\s+0\s+no bound\s+500\.0\s+101\s+-1\.0 %`, b.String(), "point 0 has no bound to hold")
	assert.NotContains(t, b.String(), "%)")

	old := dropCols(t, csvText, func(n string) bool { return strings.HasPrefix(n, "full_series_") })
	back, err = results.ReadFrontierCSV(strings.NewReader(old), "old.csv")
	require.NoError(t, err)
	for _, r := range back {
		assert.Nil(t, r.Full)
	}
}

// Two frontiers joined into one frontier.csv (the second's points start
// again at 0) are refused, naming the row; points may skip numbers.
func TestFrontierCSVPointsIncrease(t *testing.T) {
	rows := []results.FrontierRow{{Point: 0, Stage: dispatch.Conventional, TotalCostPerYear: 100},
		{Point: 1, Stage: dispatch.LowCarbon, TotalCostPerYear: 120}}
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	text := b.String()
	body := text[strings.Index(text, "\n")+1:]
	_, err := results.ReadFrontierCSV(strings.NewReader(text+body), "joined.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "joined.csv")
	assert.Contains(t, err.Error(), "data row 3: the points must increase down the file, and the row before is point 1")
	rows[1].Point = 4
	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	back, err := results.ReadFrontierCSV(strings.NewReader(b.String()), "skips.csv")
	require.NoError(t, err)
	assert.Len(t, back, 2)
}

// TestHeaderOfAnotherFile: a roadmap.csv given where a frontier.csv
// belongs (and the other way round) is named as such, and a header of
// many unknown columns lists a dozen of them and how many more, not all
// of them and both headers (a roadmap.csv's error ran to several KB).
func TestHeaderOfAnotherFile(t *testing.T) {
	var rm bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&rm, eboilerRoadmap()))
	_, err := results.ReadFrontierCSV(bytes.NewReader(rm.Bytes()), "x/roadmap.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "header is not that of frontier.csv: it is that of roadmap.csv")
	assert.Less(t, len(err.Error()), 300, err.Error())

	var fr bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&fr, []results.FrontierRow{{Point: 0, Stage: dispatch.Conventional}}))
	_, err = results.ReadRoadmapCSV(bytes.NewReader(fr.Bytes()), "x/frontier.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "it is that of frontier.csv")

	var cols []string
	for i := range 30 {
		cols = append(cols, fmt.Sprintf("c%02d", i))
	}
	_, err = results.ReadFrontierCSV(strings.NewReader(strings.Join(cols, ",")+"\n"), "odd.csv")
	require.ErrorIs(t, err, results.ErrFile)
	msg := err.Error()
	assert.Contains(t, msg, "unknown column(s) c00, c01")
	assert.Contains(t, msg, "c11 and 18 more")
	assert.NotContains(t, msg, "c12")
	assert.Contains(t, msg, fmt.Sprintf("have 30 columns, want %d", len(results.FrontierColumns())))

	_, err = results.ReadFrontierCSV(strings.NewReader("point,b\n"), "short.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.NotContains(t, err.Error(), "it is that of")
}
