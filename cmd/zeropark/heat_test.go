package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testHeatPark is testPark with a heat side: a heat load (reading the load
// column as kW_th, for brevity), a heat pump, a gas boiler and a store.
var testHeatPark = strings.Replace(testPark, `  "grid": {`, `  "heat_loads": [{"name": "office heat", "column_kw_th": "load_kw", "kind": "space_heating", "tenant": "office"}],
  "heat_pumps": [{"name": "hp", "capacity_kw_th": 50, "cop": 3}],
  "fuel_boilers": [{"name": "boiler", "capacity_kw_th": 200, "efficiency_lhv": 0.9, "fuel": "natural_gas"}],
  "thermal_storage": [{"name": "tank", "energy_kwh_th": 100, "max_charge_kw_th": 50, "max_discharge_kw_th": 50,
    "min_soc_fraction": 0, "max_soc_fraction": 1, "initial_soc_fraction": 0.5}],
  "grid": {`, 1)

// A park with heat validates (exit 0, its heat side summarised), and the
// demo with heat too.
func TestValidateHeatPark(t *testing.T) {
	park, series := writeInputs(t, testHeatPark, testSeries)
	code, out, errOut := cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, errOut+out)
	assert.Contains(t, out, "heat: 1 heat loads, 1 heat pumps (50 kW_th), 0 electric boilers (0 kW_th), 1 fuel boilers (200 kW_th), 0 CHP (0 kW), 1 thermal stores (100 kWh_th), 0 purchased heat (0 kW_th)")

	elecPark, _ := writeInputs(t, testPark, testSeries)
	code, out, _ = cli(t, "validate", "--park", elecPark)
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, "heat:", "an electricity-only park's summary is unchanged")

	dir := t.TempDir()
	code, _, errOut = cli(t, "demo", "--out", dir, "--name", "greensboro-heat")
	require.Equal(t, exitOK, code, errOut)
	code, out, errOut = cli(t, "validate", "--park", filepath.Join(dir, "greensboro-heat.park.json"), "--series", filepath.Join(dir, "greensboro-heat.csv"))
	require.Equal(t, exitOK, code, errOut+out)
	assert.Contains(t, out, "heat: 16 heat loads, 1 heat pumps (1000 kW_th), 1 electric boilers (500 kW_th), 2 fuel boilers (6000 kW_th)")
	assert.Contains(t, out, "8760 intervals")
}

// The dispatch does not serve heat yet: running a park with heat is
// refused with a clear message (exit 1: the input is valid, the feature
// is missing), and nothing is written.
func TestRunRefusesHeat(t *testing.T) {
	code, out, errOut := cli(t, "--demo", "greensboro-heat", "--limit-hours", "24")
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "heat dispatch not yet supported")
	assert.Contains(t, errOut, "16 heat loads")

	park, series := writeInputs(t, testHeatPark, testSeries)
	outDir := filepath.Join(t.TempDir(), "run")
	code, _, errOut = cli(t, "run", "--park", park, "--series", series, "--out", outDir)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "heat dispatch not yet supported")
	ents, _ := os.ReadDir(outDir)
	assert.Empty(t, ents, "no half-written run")
}

// Bad heat input exits 2 with the asset, the field and the value.
func TestHeatBadInput(t *testing.T) {
	for _, c := range []struct {
		name, from, to string
		want           []string
	}{
		{"COP 0", `"cop": 3`, `"cop": 0`, []string{`heat pump "hp": cop = 0`, "must be in (0, 20]"}},
		{"COP negative", `"cop": 3`, `"cop": -2`, []string{`heat pump "hp": cop = -2`}},
		{"boiler efficiency above 1", `"efficiency_lhv": 0.9`, `"efficiency_lhv": 1.1`, []string{`fuel boiler "boiler": efficiency_lhv = 1.1`, "must be in (0, 1]"}},
		{"unknown fuel", `"fuel": "natural_gas"`, `"fuel": "town_gas"`, []string{`fuel boiler "boiler": fuel = "town_gas"`, "unknown fuel"}},
		{"heat column missing", `"column_kw_th": "load_kw"`, `"column_kw_th": "heat_kw_th"`, []string{`heat load "office heat": column_kw_th = "heat_kw_th"`, "no such column"}},
		{"negative store", `"energy_kwh_th": 100`, `"energy_kwh_th": -100`, []string{`thermal store "tank": energy_kwh_th = -100`}},
		{"heat key without its unit", `"capacity_kw_th": 50`, `"capacity": 50`, []string{`heat_pumps[0] "hp": key "capacity"`, "unknown key"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Contains(t, testHeatPark, c.from)
			park, series := writeInputs(t, strings.Replace(testHeatPark, c.from, c.to, 1), testSeries)
			for _, cmd := range [][]string{{"validate"}, {"run", "--out", filepath.Join(t.TempDir(), "out")}} {
				args := append(append([]string{}, cmd...), "--park", park, "--series", series)
				code, out, errOut := cli(t, args...)
				assert.Equal(t, exitBadInput, code, "%v: %s%s", cmd, out, errOut)
				for _, w := range c.want {
					assert.Contains(t, out+errOut, w, "%v", cmd)
				}
			}
		})
	}
}

// The corpus's heat park is good but for its heat: validate takes it, so
// each heat row fails for its own edit; run refuses it for its heat alone.
func TestCorpusHeatParkIsGood(t *testing.T) {
	park, series := writeInputs(t, heatPark, goodSeries)
	code, out, errOut := cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, out+errOut)
	code, _, errOut = cli(t, "run", "--park", park, "--series", series)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "heat dispatch not yet supported")
}
