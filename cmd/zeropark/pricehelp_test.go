package main

import (
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// The help of --offset-price and --certificate-price says what the code
// does: a price given overrides the park file's market, else the file's
// applies, else the illustrative default. It prints no "(default 15)":
// that read as if 15 applied over the park file's price. Every command
// sharing the flags is checked.
func TestPriceFlagsHelp(t *testing.T) {
	for _, cmd := range [][]string{{"report"}, {"run"}, {"serve"}, {"sweep"}, {"plan"}, {"plan", "pathway"}, {"plot", "week"}} {
		code, out, errOut := cli(t, append(cmd, "--help")...)
		require.Equal(t, exitOK, code, "%v: %s", cmd, errOut)
		for _, c := range []struct {
			flag, key string
			def       int
		}{
			{"--offset-price", "market.offset_price_per_tco2e", defaultOffsetPricePerTCO2e},
			{"--certificate-price", "market.certificate_price_per_mwh", defaultCertificatePricePerMWh},
		} {
			i := strings.Index(out, "\n  "+c.flag+" ")
			require.GreaterOrEqual(t, i, 0, "%v: %s not in the help", cmd, c.flag)
			block := out[i+1:]
			end := strings.Index(block, "\n  --") // the next flag
			require.Greater(t, end, 0, "%v: no flag after %s", cmd, c.flag)
			block = block[:end]
			block = strings.Join(strings.Fields(block), " ") // the help's line breaks are layout
			assert.NotContains(t, block, "(default", "%v %s", cmd, c.flag)
			assert.Contains(t, block, "When given, it overrides the park file's "+c.key, "%v %s", cmd, c.flag)
			assert.Contains(t, block, "the file's price applies, and if the file has none, "+strconv.Itoa(c.def)+" (an illustrative", "%v %s", cmd, c.flag)
		}
	}
}

// The prices in force, in the three cases the help names — flag only, park
// file only, neither — and with both (the flag wins), through the path of
// report, run, sweep and plan (a park and its series: scenario.Open) and
// through serve's --park alone (scenario.OpenPark). The expected prices
// are read off the table by the rule, not computed by the code under test.
func TestPriceFlagsPrecedence(t *testing.T) {
	withMarket := strings.Replace(testPark, `"grid":`,
		`"market": {"offset_price_per_tco2e": 30, "certificate_price_per_mwh": 8},
  "grid":`, 1)
	for _, c := range []struct {
		name       string
		park       string
		flags      []string
		offset, cp float64
		from       results.PricesFrom
	}{
		{"neither", testPark, nil, defaultOffsetPricePerTCO2e, defaultCertificatePricePerMWh, results.PricesIllustrative},
		{"flags only", testPark, []string{"--offset-price", "40", "--certificate-price", "2.5"}, 40, 2.5, results.PricesFlags},
		{"one flag, no file", testPark, []string{"--offset-price", "40"}, 40, defaultCertificatePricePerMWh, results.PricesFlags},
		{"file only", withMarket, nil, 30, 8, results.PricesParkFile},
		{"flag over file", withMarket, []string{"--offset-price", "0"}, 0, 8, results.PricesFlags},
		{"both flags over file", withMarket, []string{"--offset-price", "40", "--certificate-price", "2.5"}, 40, 2.5, results.PricesFlags},
	} {
		t.Run(c.name, func(t *testing.T) {
			park, series := writeInputs(t, c.park, testSeries)

			var sf scenarioFlags
			f := newFlagSet(&env{stdout: io.Discard, stderr: io.Discard}, "run", "", "")
			sf.add(f)
			require.NoError(t, f.parse(append([]string{"--park", park, "--series", series}, c.flags...)))
			_, cfg, err := sf.prepare()
			require.NoError(t, err)
			assert.Equal(t, c.offset, cfg.Ledger.OffsetPricePerTCO2e, "report/run: offset price")
			assert.Equal(t, c.cp, cfg.Ledger.CertificatePricePerMWh, "report/run: certificate price")
			assert.Equal(t, c.from, sf.pricesFrom, "report/run: where the prices came from")

			args := append([]string{"--park", park, "--state", filepath.Join(t.TempDir(), "state")}, c.flags...)
			scfg, _, _, err := parseServe(&env{stdout: io.Discard, stderr: io.Discard}, args)
			require.NoError(t, err)
			assert.Equal(t, c.offset, scfg.Live.Dispatch.Ledger.OffsetPricePerTCO2e, "serve: offset price")
			assert.Equal(t, c.cp, scfg.Live.Dispatch.Ledger.CertificatePricePerMWh, "serve: certificate price")
		})
	}
}
