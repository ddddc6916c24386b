package plots_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// caution24 is the caption's note on a figure planned over 24 h: the
// plan's own warning (results.ShortPeriodScaling), 8760 / 24 = 365.
const caution24 = "Caution: every figure is a year scaled from 24 h (× 365): a period shorter than a week cannot stand for a year"

// figureSVG is fig drawn as SVG.
func figureSVG(t *testing.T, fig *plots.Figure, err error) string {
	t.Helper()
	require.NoError(t, err)
	var b bytes.Buffer
	_, err = fig.WriteTo(&b, plots.SVG)
	require.NoError(t, err)
	return b.String()
}

// A roadmap, a frontier and a pathway planned over a period shorter than
// a year say in their caption that every figure a year is scaled from it
// — under a week as the plan's report and warning say it — and over a
// year, or a period not known, say nothing of it (QA: `plan --limit-hours
// 24` warned "a year scaled from 24 h (× 365)" on stderr and in the
// report, while roadmap.png and frontier.png said nothing).
func TestShortPeriodCaption(t *testing.T) {
	for _, tc := range []struct {
		steps   int
		minutes float64
		want    string // "" for no note
	}{
		{24, 60, caution24},
		{96, 15, caution24}, // 24 h in 15-minute steps
		{2016, 60, "Every figure is a year scaled from 2,016 h (× 4.3)."}, // 8760 / 2016 = 4.35
		{672, 60, "Every figure is a year scaled from 672 h (× 13)."},     // 8760 / 672 = 13.04
		{8760, 60, ""},
		{8784, 60, ""}, // a leap year
		{17520, 60, ""},
		{0, 0, ""}, // a roadmap.json that does not give its period
	} {
		hours := float64(tc.steps) * tc.minutes / 60
		rm := exampleRoadmap()
		rm.Steps, rm.StepMinutes = tc.steps, tc.minutes
		fig, err := plots.RoadmapCosts(rm, nil)
		roadmap := figureSVG(t, fig, err)
		fig, err = plots.CostCarbonFrontier([]results.FrontierRow{
			{Point: 0, ResidualTCO2ePerYear: 3336, TotalCostPerYear: 507_900, Stage: dispatch.Conventional},
			{Point: 1, ResidualTCO2ePerYear: 319, TotalCostPerYear: 844_000, Stage: dispatch.NearZeroCarbon}},
			plots.FrontierMarkers(rm), &plots.FrontierOptions{Currency: "USD", PeriodHours: hours})
		frontier := figureSVG(t, fig, err)
		pw := pathwayFixture()
		pw.Steps, pw.StepMinutes = tc.steps, tc.minutes
		fig, err = plots.PathwayFigure(pw)
		pathway := figureSVG(t, fig, err)
		for name, svg := range map[string]string{"roadmap": roadmap, "frontier": frontier, "pathway": pathway} {
			if tc.want == "" {
				assert.NotContains(t, svg, "scaled from", "%s over %v h", name, hours)
				continue
			}
			assert.Contains(t, svg, ">"+tc.want, "%s over %v h: the note begins a line", name, hours)
		}
	}
	// A pathway.json written before its period knows none.
	fig, err := plots.PathwayFigure(pathwayFixture())
	assert.NotContains(t, figureSVG(t, fig, err), "scaled from")
}
