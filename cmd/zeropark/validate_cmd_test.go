package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

func TestValidateOK(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	code, out, errOut := cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `ok: park "test park": 1 load, 1 PV array (200 kWp), 0 wind turbines (0 kW), 1 battery (100 kWh, charge 50 kW, discharge 50 kW), grid import unlimited, export 10 kW`)
	assert.Contains(t, out, "series: 24 intervals of 1h0m0s from 2024-06-01T00:00:00+08:00, 3 columns")

	code, out, _ = cli(t, "validate", "--park", park)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "ok: park")
	code, out, _ = cli(t, "validate", "--series", series)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "ok: series")
}

// The summary gives the batteries' charge and discharge limits apart
// (summed over the batteries) and counts in the plural from 2.
func TestValidateBatteryLimits(t *testing.T) {
	park := strings.Replace(testPark, `"batteries": [{"name": "b1", "energy_kwh": 100, "max_charge_kw": 50, "max_discharge_kw": 50,`,
		`"batteries": [{"name": "b1", "energy_kwh": 100, "max_charge_kw": 30, "max_discharge_kw": 25,
    "charge_efficiency": 0.95, "discharge_efficiency": 0.95,
    "min_soc_fraction": 0.1, "max_soc_fraction": 0.9, "initial_soc_fraction": 0.5},
    {"name": "b2", "energy_kwh": 900, "max_charge_kw": 270, "max_discharge_kw": 225,`, 1)
	require.NotEqual(t, testPark, park)
	path, _ := writeInputs(t, park, testSeries)
	code, out, errOut := cli(t, "validate", "--park", path)
	require.Equal(t, exitOK, code, errOut)
	// 30 + 270 kW charge, 25 + 225 kW discharge, 100 + 900 kWh.
	assert.Contains(t, out, "2 batteries (1000 kWh, charge 300 kW, discharge 250 kW)")
}

func TestValidateDemoFiles(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir, "--name", "all")
	require.Equal(t, exitOK, code, errOut)
	for _, n := range []string{"texas2012", "greensboro"} {
		code, out, errOut := cli(t, "validate", "--park", filepath.Join(dir, n+".park.json"), "--series", filepath.Join(dir, n+".csv"))
		assert.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "ok: ")
		assert.Contains(t, out, "8760 intervals")
	}
}

// Each broken input is reported with exit 2 and a message naming the file,
// the line (for CSV), the field or column and the value.
func TestValidateBrokenInputs(t *testing.T) {
	lines := strings.Split(testSeries, "\n")
	withLine := func(i int, repl string) string {
		l := append([]string(nil), lines...)
		l[i] = repl
		return strings.Join(l, "\n")
	}
	for _, c := range []struct {
		name         string
		park, series string
		wantFile     string // "park" or "series"
		want         []string
		wantProblems int
	}{
		{"negative capacity", strings.Replace(testPark, `"capacity_kwp": 200`, `"capacity_kwp": -5`, 1), testSeries,
			"park", []string{`pv "roof"`, "capacity_kwp", "-5", "≥ 0"}, 1},
		{"missing column", testPark, strings.Replace(testSeries, "pv_kw_per_kwp", "pv_fraction", 1),
			"series", []string{`pv "roof"`, "availability_column_kw_per_kwp", `"pv_kw_per_kwp"`, "no such column"}, 1},
		{"bad timestamp", testPark, withLine(4, "2024-06-01 03:00,70,0,0.55"),
			"series", []string{":5:", `column "timestamp"`, `"2024-06-01 03:00"`, "RFC 3339"}, 1},
		{"NaN value", testPark, withLine(7, "2024-06-01T06:00:00+08:00,NaN,0.2,0.5"),
			"series", []string{":8:", `column "load_kw"`, `"NaN"`}, 1},
		{"negative load", testPark, withLine(3, "2024-06-01T02:00:00+08:00,-70,0,0.55"),
			"series", []string{`:4: load "office"`, `"load_kw"`, "2024-06-01T02:00:00+08:00", "-70"}, 1},
		{"no import limit", strings.Replace(testPark, `"import_limit_kw": "unlimited", `, "", 1), testSeries,
			"park", []string{":9:11:", `key "grid.import_limit_kw": required key is missing`, `"unlimited"`}, 1},
		{"two park problems", strings.Replace(strings.Replace(testPark, `"energy_kwh": 100`, `"energy_kwh": -1`, 1),
			`"charge_efficiency": 0.95`, `"charge_efficiency": 1.5`, 1), testSeries,
			"park", []string{"energy_kwh = -1", "charge_efficiency = 1.5"}, 2},
		{"json syntax", strings.Replace(testPark, `"name": "test park",`, `"name": "test park"`, 1), testSeries,
			"park", []string{":3:"}, 1},
		{"unknown key", strings.Replace(testPark, `"capacity_kwp"`, `"capacity_kw"`, 1), testSeries,
			"park", []string{":4:27:", `key "capacity_kw"`, "unknown key"}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			park, series := writeInputs(t, c.park, c.series)
			code, out, errOut := cli(t, "validate", "--park", park, "--series", series)
			assert.Equal(t, exitBadInput, code)
			file := park
			if c.wantFile == "series" {
				file = series
			}
			problems := strings.Split(strings.TrimSpace(out), "\n")
			assert.Len(t, problems, c.wantProblems, out)
			for _, p := range problems {
				assert.True(t, strings.HasPrefix(p, file), "%q names %s", p, file)
			}
			for _, w := range c.want {
				assert.Contains(t, out, w)
			}
			assert.Contains(t, errOut, "found")
		})
	}
}

// Problems in both files are all reported in one go.
func TestValidateReportsBothFiles(t *testing.T) {
	badPark := strings.Replace(testPark, `"capacity_kwp": 200`, `"capacity_kwp": 200, "nope": 1`, 1)
	badSeries := strings.Replace(testSeries, "0.55\n", "x\n", 1)
	park, series := writeInputs(t, badPark, badSeries)
	code, out, _ := cli(t, "validate", "--park", park, "--series", series)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, out, park+":")
	assert.Contains(t, out, series+":")
}

// Every cell of the series that does not parse is reported, not only the
// first, each on its own line with its line number.
func TestValidateEveryBadCell(t *testing.T) {
	lines := seriesLines()
	lines[6] = strings.Split(seriesCell(5, "co2", ""), "\n")[6]           // line 7
	lines[21] = strings.Split(seriesCell(20, "load_kw", "abc"), "\n")[21] // line 22
	series := joinLines(lines)
	_, path := writeInputs(t, testPark, series)
	code, out, _ := cli(t, "validate", "--series", path)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, out, path+`:7: column "co2": missing value`)
	assert.Contains(t, out, path+`:22: column "load_kw": value "abc": invalid number`)
	assert.Equal(t, 2, strings.Count(out, "\n"), out)
}

func TestValidateWeatherModel(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	parkPath := filepath.Join(dir, "texas2012.park.json")
	data, err := os.ReadFile(parkPath)
	require.NoError(t, err)
	// A tilt of 120° is not a physical PV mounting.
	bad := strings.Replace(string(data), `"tilt_deg": 30`, `"tilt_deg": 120`, 1)
	require.NotEqual(t, string(data), bad)
	require.NoError(t, os.WriteFile(parkPath, []byte(bad), 0o644))
	code, out, _ := cli(t, "validate", "--park", parkPath, "--series", filepath.Join(dir, "texas2012.csv"))
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, out, "tilt_deg")
	assert.Contains(t, out, "120")
}

func TestValidateMissingFlags(t *testing.T) {
	code, _, errOut := cli(t, "validate")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--park FILE")
	code, out, _ := cli(t, "validate", "--park", filepath.Join(t.TempDir(), "absent.json"))
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, out, "absent.json")
}

// validate --schema prints the park file's schema, and only that.
func TestValidateSchema(t *testing.T) {
	code, out, errOut := cli(t, "validate", "--schema")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, string(model.ParkSchema()), out)
	assert.Contains(t, out, `"$schema": "https://json-schema.org/draft/2020-12/schema"`)

	code, out, errOut = cli(t, "validate", "--schema", "--park", "x.park.json")
	assert.Equal(t, exitBadInput, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "--schema prints the park file's schema and checks no file")
}
