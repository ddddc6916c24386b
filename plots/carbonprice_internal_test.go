package plots

import (
	"strings"
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
		"the bars are what is paid, not the carbon at that price (a year, on the residual before offsets: low-carbon 240,000).", carbonPriceCaption(rm))
	rm.CarbonPricePerTCO2e = 0
	assert.Empty(t, carbonPriceCaption(rm))
}

// pathway.png's caption gives both present values and, with a carbon
// price, the price the milestones were sized at and its growth.
func TestPathwayCaption(t *testing.T) {
	pw := &results.Pathway{Currency: "USD", BaseYear: 2026, CarbonPricePerTCO2e: 50, CarbonPriceGrowthPerYear: 0.1,
		Value: &results.PathwayValue{DiscountRatePerYear: 0.06, FirstYear: 2027, LastYear: 2051, PresentValue: 1000, TodayPresentValue: 800,
			CashFlowPresentValue: 1100}}
	got := pathwayCaption(pw)
	assert.Contains(t, got, "Present value over 2027–2051 at 6 % a year, in 2026 USD: the pathway 1,000, today's park kept as it is 800. ")
	assert.Contains(t, got, "As cash flows (capital paid as each step's year begins): the pathway 1,100. ")
	assert.Contains(t, got, "Each milestone sized at a carbon price (50.0 USD/tCO2e in 2026, +10.0 % a year)")
	pw.CarbonPriceGrowthPerYear = 0
	assert.Contains(t, pathwayCaption(pw), "(50.0 USD/tCO2e in 2026), whose carbon", "a flat price says no growth, not +0.0 %")
	pw.CarbonPricePerTCO2e, pw.Value = 0, nil
	assert.Equal(t, "Myopic: each milestone the cheapest design reaching its stage on the park built before it; its cost a year "+
		"(its own and earlier steps' annuities and fixed O&M, its operation, offsets and certificates) holds until the next.", pathwayCaption(pw))
	// Sized at a margin, or at the one a search found.
	pw.Margin = 0.2
	assert.True(t, strings.HasPrefix(pathwayCaption(pw), "Every milestone's limits tightened by 20 % before sizing (--margin). Myopic:"))
	pw.MarginSearch = []results.MarginRound{
		{Margin: 0, Stages: []results.StageRound{{Stage: "2028 near-zero-carbon", WorstCheckMargin: -0.1}}},
		{Margin: 0.2, Stages: []results.StageRound{{Stage: "2028 near-zero-carbon", Holds: true, WorstCheckMargin: 0.01, Kept: true}}}}
	assert.True(t, strings.HasPrefix(pathwayCaption(pw),
		"Every milestone's limits tightened by 20 %, the least margin at which every milestone held its stage in operation (--margin auto). Myopic:"))
	// A search in which no margin held keeps the closest round: the
	// caption must not say it held (QA S, session 37).
	pw.MarginSearch[1].Stages[0].Holds, pw.MarginSearch[1].Stages[0].WorstCheckMargin = false, -0.05
	got = pathwayCaption(pw)
	assert.NotContains(t, got, "the least margin at which every milestone held")
	assert.True(t, strings.HasPrefix(got, "Every milestone's limits tightened by 20 %, the closest round of a search (--margin auto) "+
		"in which no margin tried held every milestone's stage in operation. Myopic:"), got)
}
