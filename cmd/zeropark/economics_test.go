package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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
