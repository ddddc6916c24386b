package plots

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// roadmap.png's caption says when the designs were sized at a carbon
// price, and what their carbon at it comes to (not among the bars); no
// sentence without a price.
func TestCarbonPriceCaption(t *testing.T) {
	rm := &results.Roadmap{Currency: "CNY", CarbonPricePerTCO2e: 120, Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, CarbonCostPerYear: 500000},
		{Target: string(dispatch.LowCarbon), CarbonCostPerYear: 240000},
		{Target: string(dispatch.NearZeroCarbon), Unreachable: "plan: near-zero-carbon is out of reach: …"},
	}}
	assert.Equal(t, "Designs sized at a carbon price of 120.0 CNY/tCO2e (each the cheapest at its total + that price × its residual); "+
		"the bars are what is paid, not the carbon at that price (a year: low-carbon 240,000).", carbonPriceCaption(rm))
	rm.CarbonPricePerTCO2e = 0
	assert.Empty(t, carbonPriceCaption(rm))
}
