package plots

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// missRoadmap is the Greensboro roadmap of the plots QA (12 periods of
// 168 h): near-zero-carbon and zero-carbon planned on the reduced model
// but low-carbon over the full series and in both operation checks,
// each with three warnings besides.
func missRoadmap() *results.Roadmap {
	miss := func(target string, offsets float64) results.RoadmapRow {
		return results.RoadmapRow{Target: target, Stage: dispatch.Stage(target),
			Added:          results.Capacities{PVKWp: 5500, WindKW: 1938, BatteryKWh: 31925, BatteryKW: 2998},
			CapitalPerYear: 2_172_530, FixedOMPerYear: 465_849, OperatingCostPerYear: 74_817,
			OffsetsBoughtTCO2ePerYear: offsets, OffsetCostPerYear: 15 * offsets,
			TotalCostPerYear: 2_713_196 + 15*offsets, ResidualTCO2ePerYear: 353.7, NetResidualTCO2ePerYear: 353.7 - offsets,
			Warnings: []string{"a settled schedule", "a second warning", "a third warning, long enough to wrap onto a line of its own below the plot when the figure is drawn at its default width"},
			Full: &results.FullSeries{Stage: dispatch.LowCarbon, TotalCostPerYear: 2_732_999,
				Unreachable: target + " is out of reach: carbon per unit energy is at best 0.24 tCO2/tce against ≤ 0.2"},
			Checks: []results.OperationCheck{
				{Policy: dispatch.Perfect, Stage: dispatch.LowCarbon, Holds: false},
				{Policy: dispatch.RollingHorizon, Stage: dispatch.LowCarbon, Holds: false},
			}}
	}
	return &results.Roadmap{Park: "miss park", Currency: "USD", Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.LowCarbon, OperatingCostPerYear: 923_538, TotalCostPerYear: 923_538, ResidualTCO2ePerYear: 4058},
		{Target: "low-carbon", Stage: dispatch.LowCarbon, OperatingCostPerYear: 923_538, TotalCostPerYear: 923_538, ResidualTCO2ePerYear: 4058,
			Checks: []results.OperationCheck{{Policy: dispatch.Perfect, Stage: dispatch.LowCarbon, Holds: true}}},
		miss("near-zero-carbon", 0),
		miss("zero-carbon", 353.7),
	}}
}

// A design the plan names by a stage it misses over the full series and
// in operation says so under its name on the roadmap and beside its
// marker on the frontier, and a footnote for each — never dropped by the
// cap on the footnotes, however many warnings follow — says what the
// mark means (plots QA: the bars read "near-zero-carbon", "zero-carbon"
// beside full_series_stage=low-carbon, perfect_holds=false).
func TestStageMissMarked(t *testing.T) {
	rm := missRoadmap()
	bars, err := RoadmapBars(rm)
	require.NoError(t, err)
	for _, i := range []int{0, 1} {
		assert.Empty(t, bars[i].Miss, "%s holds its stage", bars[i].Target)
		assert.NotContains(t, slotLabel(bars[i]), "misses")
	}
	var misses []string
	for _, i := range []int{2, 3} {
		label := slotLabel(bars[i])
		assert.True(t, strings.HasPrefix(label, bars[i].Target+" "+warnMark+"\n(misses it over the full series\nand in operation)\n"), label)
		misses = append(misses, bars[i].MissNote)
	}
	var notes designNotes
	for _, b := range bars {
		notes.add(slotName(b), b.Warnings)
		// The warnings roadmap.csv derives from the same misses are not
		// footnoted again.
		for _, w := range b.Warnings {
			assert.NotContains(t, w, "operation: misses")
			assert.NotContains(t, w, "full series: misses")
		}
	}
	lines := footnoteLines(missNotes(notes, misses), 11*vg.Inch)
	text := strings.Join(lines, "\n")
	for _, target := range []string{"near-zero-carbon", "zero-carbon"} {
		assert.Contains(t, text, warnMark+" "+target+": misses its stage over the full series (reaches low-carbon there) and in operation (perfect: low-carbon; mpc: low-carbon)", text)
	}

	marks := FrontierMarkers(rm)
	require.Len(t, marks, 4)
	assert.NotContains(t, marks[1].text(), "misses")
	assert.Equal(t, "near-zero-carbon design "+warnMark+"\n(misses it over the full series\nand in operation)", marks[2].text())
	assert.True(t, strings.HasPrefix(marks[3].text(), "zero-carbon design + 354 t offsets "+warnMark+"\n(misses it over the full series\nand in operation)"), marks[3].text())
	ff, _, err := newFrontierFigure([]results.FrontierRow{{Point: 1, ResidualTCO2ePerYear: 4058, TotalCostPerYear: 923_538}, {Point: 2, ResidualTCO2ePerYear: 100, TotalCostPerYear: 3_500_000}}, marks, nil)
	require.NoError(t, err)
	fl := strings.Join(footnoteLines(ff.notes, 9*vg.Inch), "\n")
	assert.Contains(t, fl, warnMark+" zero-carbon design + 354 t offsets: misses its stage over the full series", fl)
}
