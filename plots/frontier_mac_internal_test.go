package plots

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// macRows are four frontier points, bounds 300, 200, 100 and 0 t a year,
// their marginal costs none (point 0), 10, 20 and none (the least
// residual, as plan reports it), the cost convex: 1,000, 1,500, 3,000 and
// 6,500.
func macRows() []results.FrontierRow {
	mac := func(v float64) *float64 { return &v }
	return []results.FrontierRow{
		{Point: 0, EpsilonTCO2ePerYear: 300, ResidualTCO2ePerYear: 300, TotalCostPerYear: 1000, Stage: dispatch.LowCarbon},
		{Point: 1, EpsilonTCO2ePerYear: 200, ResidualTCO2ePerYear: 200, TotalCostPerYear: 1500, Stage: dispatch.LowCarbon, MarginalCostPerTCO2e: mac(10)},
		{Point: 2, EpsilonTCO2ePerYear: 100, ResidualTCO2ePerYear: 100, TotalCostPerYear: 3000, Stage: dispatch.NearZeroCarbon, MarginalCostPerTCO2e: mac(20)},
		{Point: 3, EpsilonTCO2ePerYear: 0, ResidualTCO2ePerYear: 0, TotalCostPerYear: 6500, Stage: dispatch.NearZeroCarbon},
	}
}

// The caption brackets the marginal cost at each design's residual by the
// points either side: at the first point 0 to the second's (the first has
// none), between points theirs, at a point its own; from the point
// before the last to the last, whose dual is the slope at the edge of
// what is reachable, at least the former's. Today's park and a design
// that buys offsets are left out, and so is a design outside the
// frontier's span. No caption when a point between the first and the
// last has no marginal cost (whole units, an older frontier.csv); an
// older frontier.csv's figure at the last point is not read.
func TestMACCaption(t *testing.T) {
	marks := []FrontierMarker{
		{Label: "today's park", Today: true, ResidualTCO2ePerYear: 400, TotalCostPerYear: 1200},
		{Label: "low-carbon design", ResidualTCO2ePerYear: 300, TotalCostPerYear: 1000},
		{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 150, TotalCostPerYear: 2400},
		{Label: "zero-carbon design + 150 t offsets", ResidualTCO2ePerYear: 150, TotalCostPerYear: 4650, OffsetsBoughtTCO2ePerYear: 150, BoughtCostPerYear: 2250},
		{Label: "a design at a point", ResidualTCO2ePerYear: 100, TotalCostPerYear: 3000},
		{Label: "a design beyond", ResidualTCO2ePerYear: 500, TotalCostPerYear: 900},
		{Label: "a design near the edge", ResidualTCO2ePerYear: 50, TotalCostPerYear: 4500},
		{Label: "a design at the edge", ResidualTCO2ePerYear: 0, TotalCostPerYear: 6500},
	}
	got := macCaption(macRows(), marks, "USD")
	assert.Equal(t, "Marginal abatement cost (USD per tCO2e) on the frontier at each design's residual, between the points either side: "+
		"low-carbon 0–10, near-zero-carbon 10–20, a design at a point 20, a design near the edge ≥ 20, a design at the edge ≥ 20", got)
	old := macRows()
	edge := 2e6
	old[3].MarginalCostPerTCO2e = &edge
	assert.Equal(t, got, macCaption(old, marks, "USD"), "the last point's figure, as an older frontier.csv has one, is not read")
	assert.Empty(t, macCaption(macRows()[2:], marks, "USD"), "two points: no figure between them")

	rows := macRows()
	rows[2].MarginalCostPerTCO2e = nil
	assert.Empty(t, macCaption(rows, marks, "USD"), "a point without a marginal cost: no brackets")
	assert.Empty(t, macCaption(macRows(), marks[:1], "USD"), "only today's park: nothing to say")

	fig, err := CostCarbonFrontier(macRows(), marks[1:3], &FrontierOptions{Currency: "USD"})
	require.NoError(t, err)
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, SVG)
	require.NoError(t, err)
	assert.Contains(t, svg.String(), "low-carbon 0–10, near-zero-carbon 10–20")
	fig, err = CostCarbonFrontier(rows, marks[1:3], &FrontierOptions{Currency: "USD"})
	require.NoError(t, err)
	svg.Reset()
	_, err = fig.WriteTo(&svg, SVG)
	require.NoError(t, err)
	assert.NotContains(t, svg.String(), "Marginal abatement cost")
}
