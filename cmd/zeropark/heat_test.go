package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
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
	assert.Contains(t, out, "heat: 1 heat load, 1 heat pump (50 kW_th), 0 electric boilers (0 kW_th), 1 fuel boiler (200 kW_th), 0 CHP (0 kW), 1 thermal store (100 kWh_th), 0 purchased heat (0 kW_th)")

	elecPark, _ := writeInputs(t, testPark, testSeries)
	code, out, _ = cli(t, "validate", "--park", elecPark)
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, "heat:", "an electricity-only park's summary is unchanged")

	dir := t.TempDir()
	code, _, errOut = cli(t, "demo", "--out", dir, "--name", "greensboro-heat")
	require.Equal(t, exitOK, code, errOut)
	code, out, errOut = cli(t, "validate", "--park", filepath.Join(dir, "greensboro-heat.park.json"), "--series", filepath.Join(dir, "greensboro-heat.csv"))
	require.Equal(t, exitOK, code, errOut+out)
	assert.Contains(t, out, "heat: 16 heat loads, 1 heat pump (1000 kW_th), 1 electric boiler (500 kW_th), 2 fuel boilers (6000 kW_th)")
	assert.Contains(t, out, "8760 intervals")
}

// A park with heat dispatches: the demo prints a full report with the heat
// side (heat served by source, fuel by type, emissions by source, the
// stage over all energy), and a run writes the heat columns and the heat
// section of summary.json. (Before heat was dispatched this refused the
// park.)
func TestRunHeat(t *testing.T) {
	code, out, errOut := cli(t, "--demo", "greensboro-heat", "--limit-hours", "48")
	require.Equal(t, exitOK, code, errOut)
	for _, want := range []string{"\nHeat\n", "served by source", "heat pump Air-source heat pump (COP", "fuel boiler Gas boiler A",
		"fuel by type:", "natural_gas", "emissions by source:", "unserved heat", "+ fuel", "heat MWh_th",
		"Policies compared", "heat:Hospital space heating"} {
		assert.Contains(t, out, want)
	}

	park, series := writeInputs(t, testHeatPark, testSeries)
	outDir := filepath.Join(t.TempDir(), "run")
	code, _, errOut = cli(t, "run", "--park", park, "--series", series, "--policy", "perfect", "--out", outDir)
	require.Equal(t, exitOK, code, errOut)
	iv, err := os.ReadFile(filepath.Join(outDir, "intervals.csv"))
	require.NoError(t, err)
	head := strings.SplitN(string(iv), "\n", 2)[0]
	for _, c := range []string{"heat_load_kw_th", "heat_pump_hp_kw_th", "fuel_boiler_boiler_fuel_kw_lhv", "heat_store_tank_soc_kwh_th",
		"fuel_use_natural_gas_kgco2e", "total_emissions_kgco2e"} {
		assert.Contains(t, head, c)
	}
	sum, err := os.ReadFile(filepath.Join(outDir, "summary.json"))
	require.NoError(t, err)
	assert.Contains(t, string(sum), `"heat": {`)
	ten, err := os.ReadFile(filepath.Join(outDir, "tenants.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(ten), "heat_kgco2e")
}

// The demo's heat served by its gas boilers alone, checked by hand: with
// the heat pump, the electric boiler and the store taken out (capacity
// 0), every kWh_th of the week's heat load comes from gas at η 0.8, so the
// fuel is Σ heat / 0.8 and its carbon that × the catalogue's 56,100
// kgCO2/TJ; the residual is that plus the grid's, and carbon per tce the
// residual over electricity and gas in tce. Sizing the heat pump up to
// 6,000 kW_th moves heat from gas to electricity: less fuel, less tce.
func TestHeatDemoGasVersusHeatPump(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir, "--name", "greensboro-heat")
	require.Equal(t, exitOK, code, errOut)
	parkPath, seriesPath := filepath.Join(dir, "greensboro-heat.park.json"), filepath.Join(dir, "greensboro-heat.csv")
	data, err := os.ReadFile(parkPath)
	require.NoError(t, err)
	var park map[string]any
	require.NoError(t, json.Unmarshal(data, &park))
	variant := func(name string, hpKWTh float64, keep bool) string {
		park["heat_pumps"].([]any)[0].(map[string]any)["capacity_kw_th"] = hpKWTh
		eb, ts := 500.0, 4000.0
		if !keep {
			eb, ts = 0, 0
		}
		park["electric_boilers"].([]any)[0].(map[string]any)["capacity_kw_th"] = eb
		park["thermal_storage"].([]any)[0].(map[string]any)["energy_kwh_th"] = ts
		b, err := json.Marshal(park)
		require.NoError(t, err)
		path := filepath.Join(dir, name+".park.json")
		require.NoError(t, os.WriteFile(path, b, 0o644))
		return path
	}
	summary := func(path string) map[string]any {
		code, out, errOut := cli(t, "run", "--park", path, "--series", seriesPath, "--policy", "perfect", "--limit-hours", "168", "--json")
		require.Equal(t, exitOK, code, errOut)
		var s map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &s))
		return s
	}
	num := func(m map[string]any, keys ...string) float64 {
		for _, k := range keys[:len(keys)-1] {
			m = m[k].(map[string]any)
		}
		return m[keys[len(keys)-1]].(float64)
	}
	gas := summary(variant("gas", 0, false))
	heatKWh := 0.0 // the week's heat load, from the series file by hand
	rows := readCSV(t, seriesPath)
	for _, r := range rows.records[:168] {
		for i, name := range rows.header {
			if strings.HasSuffix(name, "_kwth") {
				v, err := strconv.ParseFloat(r[i], 64)
				require.NoError(t, err)
				heatKWh += v
			}
		}
	}
	fuelKWh := heatKWh / 0.8
	fuelKg := fuelKWh * 56100 / (1e9 / 3600)
	kgcePerKWh := 1.2143 / (35544.0 / 3600) // GB/T 2589 Table A.1, natural gas
	assert.InDelta(t, heatKWh, num(gas, "heat", "fuel_boiler_kwh_th"), 1e-6*heatKWh)
	assert.InDelta(t, fuelKg, num(gas, "heat", "fuel_kgco2e"), 1e-6*fuelKg)
	tce := num(gas, "energy_kwh", "consumption")*0.1229/1000 + fuelKWh*kgcePerKWh/1000
	assert.InDelta(t, tce, num(gas, "stage_basis", "consumption_tce"), 1e-9*tce)
	residual := num(gas, "heat", "grid_kgco2e") + fuelKg
	assert.InDelta(t, residual, num(gas, "residual_kgco2e"), 1e-6*residual)
	assert.InDelta(t, residual/1000/tce, num(gas, "stage_basis", "carbon_tco2_per_tce"), 1e-6)
	assert.Equal(t, "conventional", gas["stage"])

	hp := summary(variant("big-heat-pump", 6000, true))
	assert.Less(t, num(hp, "heat", "fuel_kgco2e"), 0.7*fuelKg, "the heat pump takes over from gas")
	assert.Positive(t, num(hp, "heat", "heat_pump_electricity_kwh"))
	assert.Less(t, num(hp, "stage_basis", "consumption_tce"), tce, "heat pump electricity is fewer tce than the gas it replaces")
}

// Bad heat input exits 2 with the asset, the field and the value.
func TestHeatBadInput(t *testing.T) {
	for _, c := range []struct {
		name, from, to string
		want           []string
	}{
		{"COP 0 (not set)", `"cop": 3`, `"cop": 0`, []string{`heat pump "hp": cop: set exactly one of cop and cop_model (neither is set`}},
		{"no COP at all", `, "cop": 3`, ``, []string{`heat pump "hp": cop: set exactly one of cop and cop_model (neither is set`}},
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

// The corpus's heat park is good: validate and run take it, so each heat
// row fails for its own edit.
func TestCorpusHeatParkIsGood(t *testing.T) {
	park, series := writeInputs(t, heatPark, goodSeries)
	code, out, errOut := cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, out+errOut)
	code, out, errOut = cli(t, "run", "--park", park, "--series", series)
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "\nHeat\n")
}

// csvTable is a CSV file read whole: its header and its records.
type csvTable struct {
	header  []string
	records [][]string
}

func readCSV(t *testing.T, path string) csvTable {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, all)
	return csvTable{header: all[0], records: all[1:]}
}
