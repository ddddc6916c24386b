package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A heat park whose loads peak under 0.2 % of the import limit passes
// validation only with its heat pumps' and electric boilers' draw: it may
// be a heat-pump park with little other load, or loads in MW beside a
// large boiler, so validate and run say so as a warning (QA, 2026-12-04:
// greensboro-heat with every load × 0.001 passed in silence and read
// low-carbon). The demo as it is says nothing.
func TestLoadScaleDoubt(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir, "--name", "greensboro-heat")
	require.Equal(t, exitOK, code, errOut)
	parkFile, series := filepath.Join(dir, "greensboro-heat.park.json"), filepath.Join(dir, "greensboro-heat.csv")
	code, _, errOut = cli(t, "validate", "--park", parkFile, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, errOut, "warning")

	raw, err := os.ReadFile(parkFile)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	for _, l := range m["loads"].([]any) {
		l.(map[string]any)["scale"] = 0.001
	}
	raw, err = json.Marshal(m)
	require.NoError(t, err)
	mw := filepath.Join(dir, "mw.park.json")
	require.NoError(t, os.WriteFile(mw, raw, 0o644))
	code, stdout, errOut := cli(t, "validate", "--park", mw, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "ok: ")
	assert.Contains(t, errOut, "zeropark validate: warning: load ")
	assert.Contains(t, errOut, "it passes only with the heat pumps' and electric boilers' draw (at least 550 kW at capacity): if the load columns are in MW")
	code, _, errOut = cli(t, "run", "--park", mw, "--series", series, "--policy", "grid", "--limit-hours", "24")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark run: warning: load ")
}
