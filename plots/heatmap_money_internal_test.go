package plots

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/results"
)

// TestHeatmapMoneyLabels: a heat map coloured by money says the currency
// and over what (a year, the simulated period, up front); a quantity a
// year that is not money (MWh of certificates) gets no currency, and a
// file that names none says "the park's currency".
func TestHeatmapMoneyLabels(t *testing.T) {
	g := &results.Grid{KPI: results.ColTotalCostPerYear, Currency: "CNY"}
	bar, title, lowest := kpiText(g)
	assert.Equal(t, "total cost (CNY a year)", bar)
	assert.Contains(t, title, "CNY a year")
	assert.Equal(t, "lowest-total-cost", lowest, "not the legend's per-stage cheapest")

	g = &results.Grid{KPI: results.ColEnergyCost, Currency: "USD", PeriodH: 168}
	bar, _, lowest = kpiText(g)
	assert.Equal(t, results.ColEnergyCost+" (USD over 168 h)", bar)
	assert.Equal(t, "lowest "+results.ColEnergyCost, lowest, "a column's name, not joined to it by a hyphen")

	g = &results.Grid{KPI: results.ColInvestment, Currency: "EUR"}
	bar, _, _ = kpiText(g)
	assert.Equal(t, results.ColInvestment+" (EUR, up front)", bar)

	g = &results.Grid{KPI: results.ColNearZeroCertificatesMWhPerYear, Currency: "USD"}
	bar, _, _ = kpiText(g)
	assert.NotContains(t, bar, "USD")

	g = &results.Grid{KPI: results.ColCostToZeroCarbonPerYear}
	bar, _, _ = kpiText(g)
	assert.Equal(t, results.ColCostToZeroCarbonPerYear+" (the park's currency a year)", bar)
}
