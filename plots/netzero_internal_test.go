package plots

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// The offsets heat map's title does not claim its offsets reach net zero
// where the file says they do not (plots QA: Texas, every row's
// zero_carbon_offsets_tco2e_per_year empty, titled "Offsets needed to
// reach net zero").
func TestHeatmapTitleNetZero(t *testing.T) {
	g := &results.Grid{X: "battery.energy_kwh", Y: "pv.capacity_kwp", KPI: results.ColOffsetsNeededTCO2e,
		Xs: []float64{0, 4000}, Ys: []float64{0}, Values: [][]float64{{6811}, {6256}},
		Stages: [][]dispatch.Stage{{dispatch.LowCarbon}, {dispatch.LowCarbon}}, PeriodH: results.HoursPerYear, StageCosts: true,
		Cheapest: []results.CheapestCell{{Stage: dispatch.Conventional, C: 1}, {Stage: dispatch.LowCarbon, C: 1}}}
	title := heatmapTitle(g)
	assert.True(t, strings.HasPrefix(title, "Residual to offset (tCO2e a year) over battery.energy_kwh × pv.capacity_kwp\n"), title)
	assert.NotContains(t, title, "needed to reach net zero")
	assert.Contains(t, title, "\nno cell reaches net zero (zero-carbon) by buying these offsets: it needs near-zero-carbon's indicators first")

	// A cell reaches zero-carbon by buying: the note says where they do.
	g.Cheapest = append(g.Cheapest, results.CheapestCell{Stage: dispatch.ZeroCarbon})
	assert.Contains(t, heatmapTitle(g), "\nbuying these offsets reaches net zero (zero-carbon) only in a cell meeting near-zero-carbon's indicators")
	// No stage costs (a park without economics): nothing to tell by.
	g.StageCosts, g.Cheapest = false, nil
	assert.NotContains(t, heatmapTitle(g), "net zero")
	// Another KPI: no note.
	g.KPI, g.StageCosts, g.Cheapest = results.ColTotalCostPerYear, true, []results.CheapestCell{{Stage: dispatch.LowCarbon}}
	assert.NotContains(t, heatmapTitle(g), "net zero")
}
