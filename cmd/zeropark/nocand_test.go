package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A candidate technology with no asset of its kind to extend (the
// greensboro demo has no CHP, fuel boiler or heat pump) passes validate and
// run, which never extend an asset, but plan refuses it with exit 2,
// naming the park file, the line and column of the max_total key, the key,
// its value and why.
func TestPlanCandidateWithNothingToExtendExit2(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir, "--name", "greensboro")
	require.Equal(t, exitOK, code, errOut)
	parkPath, seriesPath := filepath.Join(dir, "greensboro.park.json"), filepath.Join(dir, "greensboro.csv")
	data, err := os.ReadFile(parkPath)
	require.NoError(t, err)
	const anchor = `"currency": "USD",`
	require.Contains(t, string(data), anchor)
	for _, c := range []struct {
		name, obj, key, want string
	}{
		{"chp", `"chp": {"max_total_kw": 500},`, `"max_total_kw": 500`,
			"economics.chp.max_total_kw = 500: the park has no CHP to take the efficiencies and fuel of added CHP from"},
		{"fuel_boiler", `"fuel_boiler": {"max_total_kw_th": 300},`, `"max_total_kw_th": 300`,
			"economics.fuel_boiler.max_total_kw_th = 300: the park has no fuel boiler"},
		{"heat_pump", `"heat_pump": {"max_total_kw_th": 700},`, `"max_total_kw_th": 700`,
			"economics.heat_pump.max_total_kw_th = 700: the park has no heat pump"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(string(data), anchor, anchor+"\n    "+c.obj, 1)
			path := filepath.Join(t.TempDir(), "park.json")
			require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
			line, col := lineCol(t, text, c.key)

			code, out, errOut := cli(t, "validate", "--park", path, "--series", seriesPath)
			assert.Equal(t, exitOK, code, "validate lets a candidate with nothing to extend pass: %s", out+errOut)

			code, out, errOut = cli(t, "plan", "--park", path, "--series", seriesPath, "--limit-hours", "24",
				"--out", filepath.Join(t.TempDir(), "plan"))
			msg := out + errOut
			assert.Equal(t, exitBadInput, code, msg)
			assert.Contains(t, msg, c.want)
			assert.Contains(t, msg, fmt.Sprintf("%s:%d:%d: %s", path, line, col, strings.SplitN(c.want, " =", 2)[0]),
				"plan names file:line:col of the key")
		})
	}
}
