package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// run --out writes the park file's economics.currency into summary.json
// and names it beside the report's money; a park file without economics
// gets neither (its prices are in no currency it names).
func TestRunNamesTheParkCurrency(t *testing.T) {
	for _, c := range []struct {
		name, park, currency string
	}{
		{"CNY", withEconomics(`{"currency": "CNY"}`), "CNY"},
		{"no economics", testPark, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			park, series := writeInputs(t, c.park, testSeries)
			dir := filepath.Join(t.TempDir(), "run")
			code, _, errOut := cli(t, "run", "--park", park, "--series", series, "--policy", "perfect",
				"--offset-price", "70", "--out", dir)
			require.Equal(t, exitOK, code, errOut)
			data, err := os.ReadFile(filepath.Join(dir, results.SummaryFile))
			require.NoError(t, err)
			var m map[string]any
			require.NoError(t, json.Unmarshal(data, &m))
			code, stdout, errOut := cli(t, "run", "--park", park, "--series", series, "--policy", "perfect", "--offset-price", "70")
			require.Equal(t, exitOK, code, errOut)
			if c.currency == "" {
				assert.NotContains(t, m, "currency")
				assert.Contains(t, stdout, " at 70 per tCO2e")
				return
			}
			assert.Equal(t, c.currency, m["currency"])
			assert.Contains(t, stdout, " at 70 "+c.currency+" per tCO2e")
		})
	}
}

// A park in another currency than US dollars with no market prices gets
// the illustrative 15 and 5 in its currency, of dollars' order: every
// command that costs them says so and how to set them (QA G, session 39:
// a CNY plan bought offsets at 15 CNY a tonne without a word); prices
// given by a flag or the park file, or a park in dollars, draw no warning.
func TestIllustrativePricesInAnotherCurrencyWarn(t *testing.T) {
	const warn = "the illustrative 15 CNY per tCO2e for offsets and 5 CNY per MWh for certificates are used"
	for _, c := range []struct {
		name, park string
		args       []string
		want       bool
	}{
		{"CNY, run", withEconomics(`{"currency": "CNY"}`), []string{"run", "--policy", "perfect"}, true},
		{"CNY, plan", withEconomics(`{"currency": "CNY", "pv": {"capital_per_kwp": 3000, "fixed_om_per_kwp_year": 40, "max_total_kwp": 0}}`),
			[]string{"plan", "--no-check"}, true},
		{"CNY, flags", withEconomics(`{"currency": "CNY"}`), []string{"run", "--policy", "perfect", "--offset-price", "70", "--certificate-price", "30"}, false},
		{"USD", withEconomics(`{"currency": "USD"}`), []string{"run", "--policy", "perfect"}, false},
		{"no economics", testPark, []string{"run", "--policy", "perfect"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			park, series := writeInputs(t, c.park, testSeries)
			code, _, errOut := cli(t, append(c.args, "--park", park, "--series", series)...)
			require.NotEqual(t, exitBadInput, code, errOut)
			if c.want {
				assert.Contains(t, errOut, warn)
				assert.Contains(t, errOut, "market.offset_price_per_tco2e")
			} else {
				assert.NotContains(t, errOut, "illustrative")
			}
		})
	}
}

// A park that prices one of the two and not the other is warned of the
// other, which is still the illustrative default in its currency: a CNY
// park with market.offset_price_per_tco2e 70 bought certificates at
// 5 CNY a MWh without a word (review R, session 39).
func TestIllustrativePriceOfOneInAnotherCurrencyWarns(t *testing.T) {
	for _, c := range []struct {
		name, park string
		args       []string
		want, not  string
	}{
		{"offset in the market", strings.Replace(withEconomics(`{"currency": "CNY"}`), `"grid":`, `"market": {"offset_price_per_tco2e": 70}, "grid":`, 1), nil,
			"illustrative 5 CNY per MWh", "per tCO2e"},
		{"certificate by flag", withEconomics(`{"currency": "CNY"}`), []string{"--certificate-price", "30"},
			"illustrative 15 CNY per tCO2e", "per MWh"},
	} {
		t.Run(c.name, func(t *testing.T) {
			park, series := writeInputs(t, c.park, testSeries)
			code, _, errOut := cli(t, append([]string{"run", "--policy", "perfect", "--park", park, "--series", series}, c.args...)...)
			require.NotEqual(t, exitBadInput, code, errOut)
			assert.Contains(t, errOut, c.want)
			i := strings.Index(errOut, "illustrative")
			require.GreaterOrEqual(t, i, 0, errOut)
			line := errOut[strings.LastIndex(errOut[:i], "\n")+1:]
			line, _, _ = strings.Cut(line, "\n")
			assert.NotContains(t, line, c.not)
		})
	}
}
