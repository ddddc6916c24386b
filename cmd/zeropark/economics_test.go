package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// withEconomics is testPark with an economics object.
func withEconomics(economics string) string {
	return strings.Replace(testPark, `"grid":`, `"economics": `+economics+`,
  "grid":`, 1)
}

// Bad economics and tariffs are bad input: exit 2, and the message names
// the file, the key and the value.
func TestBadEconomicsExit2(t *testing.T) {
	for _, c := range []struct {
		name, park string
		want       []string
	}{
		{"negative cost", withEconomics(`{"currency": "USD", "pv": {"capital_per_kwp": -1, "max_total_kwp": 500}}`),
			[]string{"economics: pv.capital_per_kwp = -1: must be finite and ≥ 0"}},
		{"lifetime 0", withEconomics(`{"currency": "USD", "wind": {"lifetime_years": 0, "max_total_kw": 500}}`),
			[]string{"economics: wind.lifetime_years = 0: must be in (0, 100] years"}},
		{"discount rate 1", withEconomics(`{"currency": "USD", "discount_rate_per_year": 1}`),
			[]string{"economics: discount_rate_per_year = 1: must be in [0, 1)"}},
		{"incentive 30 (a percentage)", withEconomics(`{"currency": "USD", "pv": {"capital_incentive_fraction": 30, "max_total_kwp": 500}}`),
			[]string{"economics: pv.capital_incentive_fraction = 30: must be in [0, 1)"}},
		{"incentive 1", withEconomics(`{"currency": "USD", "battery": {"capital_incentive_fraction": 1, "max_total_kwh": 500, "max_total_kw": 100}}`),
			[]string{"economics: battery.capital_incentive_fraction = 1: must be in [0, 1)"}},
		{"analysis years 0", withEconomics(`{"currency": "USD", "analysis_years": 0}`),
			[]string{"economics: analysis_years = 0: must be a whole number of years from 1 to 100"}},
		{"analysis years 12.5", withEconomics(`{"currency": "USD", "analysis_years": 12.5}`),
			[]string{`"economics.analysis_years": value 12.5: want a whole number`}},
		{"bound below today", withEconomics(`{"currency": "USD", "pv": {"max_total_kwp": 150}}`),
			[]string{"economics: pv.max_total_kwp = 150: is below the park's total PV today, 200 kWp"}},
		{"CNY without costs", withEconomics(`{"currency": "CNY", "discount_rate_per_year": 0.05, "battery": {"max_total_kwh": 500, "max_total_kw": 100}}`),
			[]string{`economics: battery.capital_per_kwh: required for a candidate when the currency is "CNY"`}},
		{"TOU month 13", strings.Replace(testPark, `"kind": "average", "source": "test"}`, `"kind": "average", "source": "test"},
    "import_price": {"per_kwh": 0.1, "time_of_use": [{"from_hour": 8, "to_hour": 22, "months": [13], "per_kwh": 0.2}]}`, 1),
			[]string{"grid: import_price.time_of_use[0].months[0] = 13: must be a month, 1 to 12"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			park, series := writeInputs(t, c.park, testSeries)
			for _, cmd := range []string{"validate", "run"} {
				code, out, errOut := cli(t, cmd, "--park", park, "--series", series)
				msg := out + errOut // validate lists the problems on stdout
				assert.Equal(t, exitBadInput, code, "%s: %s", cmd, msg)
				for _, w := range c.want {
					assert.Contains(t, msg, w, cmd)
				}
				assert.Contains(t, msg, park, "%s names the park file", cmd)
			}
		})
	}
}

// testParkTariff is testPark with a time-of-use import price and a demand
// charge.
var testParkTariff = strings.Replace(testPark, `"kind": "average", "source": "test"}`, `"kind": "average", "source": "test"},
    "import_price": {"per_kwh": 0.10, "time_of_use": [{"from_hour": 8, "to_hour": 22, "per_kwh": 0.25}]},
    "demand_charge_per_kw_month": 12`, 1)

// --objective and --carbon-price reach the dispatch and summary.json; the
// demand charge is the month's peak import × the rate × the month's share
// (the series is one day of June: 24 h of 720, 1/30).
func TestObjectiveAndCarbonPriceFlags(t *testing.T) {
	park, series := writeInputs(t, testParkTariff, testSeries)
	base := []string{"--park", park, "--series", series, "--policy", "perfect"}
	carbon := runSummary(t, base...)
	assert.Equal(t, "carbon", carbon.Objective.String())
	cost := runSummary(t, append(base, "--objective", "cost")...)
	assert.Equal(t, "cost", cost.Objective.String())
	priced := runSummary(t, append(base, "--carbon-price", "400")...)
	assert.Equal(t, "cost", priced.Objective.String(), "a carbon price implies the cost objective")
	assert.Equal(t, 400.0, priced.CarbonPricePerTCO2e)
	for _, sum := range []results.Summary{carbon, cost, priced} {
		require.Len(t, sum.MonthlyPeakImportKW, 1)
		assert.InDelta(t, 1.0/30, sum.MonthlyPeakImportKW[0].Share, 1e-15)
		assert.InDelta(t, 12*sum.MonthlyPeakImportKW[0].PeakImportKW/30, sum.DemandChargeCost, 1e-9)
		assert.Greater(t, sum.DemandChargeCost, 0.0)
	}
	// The cheapest dispatch costs no more than the others; the carbon
	// price buys carbon with cost.
	bill := func(s results.Summary) float64 { return s.EnergyCost + s.DemandChargeCost }
	assert.LessOrEqual(t, bill(cost), bill(carbon)+1e-6)
	assert.LessOrEqual(t, priced.DispatchSignalKgCO2e, cost.DispatchSignalKgCO2e+1e-6)

	for _, bad := range [][]string{
		{"--objective", "money"}, {"--carbon-price", "-5"}, {"--carbon-price", "NaN"},
		{"--objective", "carbon", "--carbon-price", "50"},
	} {
		code, _, errOut := cli(t, append(append([]string{"run"}, base...), bad...)...)
		assert.Equal(t, exitBadInput, code, "%v: %s", bad, errOut)
		assert.Contains(t, errOut, bad[len(bad)-2], "names the flag")
	}

	// The report says what it minimised and what the tariff cost.
	code, out, errOut := cli(t, "report", "--park", park, "--series", series, "--carbon-price", "50")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "objective  cost: energy + demand charges + wear + 50 per tCO2e of dispatch carbon")
	assert.Contains(t, out, "demand charge")
}
