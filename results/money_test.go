package results_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// TestMoneyBasis: the sweep's money columns are told apart from the
// quantities a year that share their suffix (MWh and tCO2e a year).
func TestMoneyBasis(t *testing.T) {
	for col, want := range map[string]string{
		results.ColTotalCostPerYear:               "year",
		results.ColCapitalPerYear:                 "year",
		results.ColCostToNearZeroCarbonPerYear:    "year",
		results.ColEnergyCost:                     "period",
		"demand_charge_cost_per_period":           "period",
		results.ColInvestment:                     "once",
		results.ColNearZeroCertificatesMWhPerYear: "",
		results.ColZeroOffsetsTCO2ePerYear:        "",
		results.ColOffsetsNeededTCO2e:             "",
		results.ColCurrency:                       "",
		"carbon_price_per_tco2e":                  "",
		"no_such_column":                          "",
		results.ColCertificateCost:                "period",
	} {
		assert.Equal(t, want, results.MoneyBasis(col), col)
	}
}

// TestTableCurrency: a sweep file's currency is its rows' common cell;
// empty when the column is missing, a cell is empty or two rows differ.
func TestTableCurrency(t *testing.T) {
	read := func(csv string) *results.Table {
		tab, err := results.ParseTable([]byte(csv), "t.csv")
		require.NoError(t, err)
		return tab
	}
	head := "combination,policy,currency\n"
	assert.Equal(t, "CNY", read(head+"0,perfect,CNY\n1,perfect,CNY\n").Currency())
	assert.Equal(t, "", read(head+"0,perfect,CNY\n1,perfect,USD\n").Currency())
	assert.Equal(t, "", read(head+"0,perfect,\n").Currency())
	assert.Equal(t, "", read("combination,policy\n0,perfect\n").Currency())
}
