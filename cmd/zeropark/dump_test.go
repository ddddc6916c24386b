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

// dumpPark is testHeatPark with a fifth of its heat load (14 to 34
// kW_th) and a 60 kW gas CHP whose heat dump rejects up to dump kW_th,
// behind a grid importing at most 20 kW: the load (70 to 80 kW at night)
// needs the CHP, whose heat (77 kW_th at 60 kW) the heat load cannot take.
func dumpPark(dump string) string {
	p := strings.Replace(testHeatPark, `"grid": {`, `"chp": [{"name": "engine", "capacity_kw": 60, "electric_efficiency_lhv": 0.35,
    "thermal_efficiency_lhv": 0.45, "fuel": "natural_gas", "heat_dump_kw_th": `+dump+`}],
  "grid": {`, 1)
	p = strings.Replace(p, `"column_kw_th": "load_kw",`, `"column_kw_th": "load_kw", "scale": 0.2,`, 1)
	return strings.Replace(p, `"import_limit_kw": "unlimited"`, `"import_limit_kw": 20`, 1)
}

// A CHP heat dump from the command line: validate summarises it; a
// negative or non-numeric heat_dump_kw_th is bad input (exit 2) naming
// the file, line and column, the key, its value and why; run writes the
// dump's column in intervals.csv, summing to summary.json's dumped heat.
func TestRunCHPHeatDump(t *testing.T) {
	park, series := writeInputs(t, dumpPark("100"), testSeries)
	code, out, errOut := cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, errOut+out)
	assert.Contains(t, out, "1 CHP (60 kW, heat dumps 100 kW_th)")

	bad := dumpPark("-5")
	badPark, badSeries := writeInputs(t, bad, testSeries)
	line, col := lineCol(t, bad, `"heat_dump_kw_th"`)
	for _, cmd := range []string{"validate", "run"} {
		code, out, errOut := cli(t, cmd, "--park", badPark, "--series", badSeries)
		assert.Equal(t, exitBadInput, code, out+errOut)
		assert.Contains(t, out+errOut, fmt.Sprintf("%s:%d:%d", badPark, line, col))
		assert.Contains(t, out+errOut, `chp "engine": heat_dump_kw_th = -5: must be finite and ≥ 0`)
	}
	strPark, strSeries := writeInputs(t, dumpPark(`"unlimited"`), testSeries)
	code, out, errOut = cli(t, "validate", "--park", strPark, "--series", strSeries)
	assert.Equal(t, exitBadInput, code, out+errOut)
	assert.Contains(t, out+errOut, "heat_dump_kw_th")

	outDir := filepath.Join(t.TempDir(), "run")
	code, _, errOut = cli(t, "run", "--park", park, "--series", series, "--policy", "perfect", "--out", outDir)
	require.Equal(t, exitOK, code, errOut)
	iv, err := os.ReadFile(filepath.Join(outDir, "intervals.csv"))
	require.NoError(t, err)
	assert.Contains(t, strings.SplitN(string(iv), "\n", 2)[0], "chp_engine_dumped_kw_th")
	sum, err := os.ReadFile(filepath.Join(outDir, "summary.json"))
	require.NoError(t, err)
	assert.Contains(t, string(sum), `"chp_dumped_kwh_th": `)
	assert.Contains(t, string(sum), `"dumped_kwh_th": `)
}
