package results_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// stagedRoadmap is investmentRoadmap staged: low-carbon invests
// 1,348,190 (its step, all of it), near-zero (low-carbon's design with
// 1,000 kW of wind more, sketched by hand) 2,011,890.5 in all, a step of
// 663,700.5; zero-carbon is out of reach.
func stagedRoadmap() *results.Roadmap {
	rm := investmentRoadmap()
	rm.Staged = true
	low := &rm.Rows[1]
	low.StepInvestment = ptr(1348190.0)
	near := *low
	near.Target, near.Stage, near.Checks, near.Full = string(dispatch.NearZeroCarbon), dispatch.NearZeroCarbon, nil, nil
	near.Added.WindKW, near.Total.WindKW = 1000, 2500
	near.Investment, near.StepInvestment, near.SimplePaybackYears = ptr(2011890.5), ptr(663700.5), nil
	rm.Rows = append(rm.Rows[:2], near,
		results.RoadmapRow{Target: string(dispatch.ZeroCarbon), Unreachable: "plan: zero-carbon is out of reach: offsets cost too much"})
	return rm
}

// roadmap.csv carries a staged roadmap's step investment: it reads back
// as written (the round trip of every cell), the rows read back say they
// are staged (StagedRows), the step is each row's investment less the
// row above's, and an empty cell stays nil (today's park, a stage out of
// reach). A bad cell is refused with its line, column and value.
func TestStepInvestmentColumn(t *testing.T) {
	rm := stagedRoadmap()
	// The figures are what they claim: the step is the investment less
	// the row above's (low-carbon's: all of it).
	assert.Equal(t, *rm.Rows[2].Investment-*rm.Rows[1].Investment, *rm.Rows[2].StepInvestment)
	checkRoadmapCSVRoundTrip(t, rm)
	checkRoadmapJSONRoundTrip(t, rm)

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	rows, err := results.ReadRoadmapCSV(strings.NewReader(b.String()), "roadmap.csv")
	require.NoError(t, err)
	assert.True(t, results.StagedRows(rows))
	require.Len(t, rows, 4)
	assert.Nil(t, rows[0].StepInvestment, "today's park has no step")
	require.NotNil(t, rows[1].StepInvestment)
	require.NotNil(t, rows[2].StepInvestment)
	assert.Equal(t, 1348190.0, *rows[1].StepInvestment)
	assert.Equal(t, 663700.5, *rows[2].StepInvestment)
	assert.Nil(t, rows[3].StepInvestment, "out of reach")
	assert.Contains(t, b.String(), ",663700.5\n")

	// A file written before the column reads as not staged.
	old, err := results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), "step_investment")), "roadmap.csv")
	require.NoError(t, err)
	assert.False(t, results.StagedRows(old))
	for _, r := range old {
		assert.Nil(t, r.StepInvestment, r.Target)
	}

	bad := strings.Replace(b.String(), ",663700.5\n", ",663.7k\n", 1)
	_, err = results.ReadRoadmapCSV(strings.NewReader(bad), "roadmap.csv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "step_investment")
	assert.Contains(t, err.Error(), `roadmap.csv:4: column "step_investment": value "663.7k"`)
}

// An unstaged roadmap's roadmap.csv is the file written before the
// column with ",step_investment" after the header and an empty cell
// after every row: the column is the last, every other cell as it was
// (a row's text before its last comma is the row without the column,
// written by encoding/csv from the parsed cells, not by results).
func TestStepInvestmentUnstaged(t *testing.T) {
	for name, rm := range map[string]*results.Roadmap{"sample": sampleRoadmap(), "investment": investmentRoadmap(), "heat": heatRoadmap()} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, results.WriteRoadmapCSV(&b, rm))
			text := b.String()
			without := dropCSVColumns(t, text, "step_investment")
			lines := strings.SplitAfter(text, "\n")
			wlines := strings.SplitAfter(without, "\n")
			require.Equal(t, len(wlines), len(lines))
			for i, l := range lines {
				if l == "" {
					continue
				}
				add := ","
				if i == 0 {
					add = ",step_investment"
				}
				assert.Equal(t, strings.TrimSuffix(wlines[i], "\n")+add+"\n", l, "line %d", i+1)
			}
			rows, err := results.ReadRoadmapCSV(strings.NewReader(text), "roadmap.csv")
			require.NoError(t, err)
			assert.False(t, results.StagedRows(rows))
		})
	}
}
