package main

import (
	"encoding/json"
	"os"
	"path/filepath"
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
