package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
)

func TestForecastCommand(t *testing.T) {
	code, out, errOut := cli(t, "forecast", "--demo", "texas2012", "--column", "large_office_kw", "--all", "--every", "12h")
	require.Equal(t, exitOK, code, errOut)
	for _, m := range []string{"persistence", "seasonal-day", "holt-winters", "regression", "skill@24h"} {
		assert.Contains(t, out, m)
	}
	assert.NotContains(t, out, "clearsky-persistence") // not applicable to a load

	code, out, errOut = cli(t, "forecast", "--demo", "texas2012", "--column", "derived:pv:Rooftop PV",
		"--method", "clearsky-persistence", "--horizon", "6h", "--every", "6h")
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2+6+1) // title, header, 6 leads, all
	assert.Contains(t, lines[len(lines)-1], "all")

	// Persistence rows have skill exactly 0.
	code, out, _ = cli(t, "forecast", "--demo", "greensboro", "--column", "ncsc_co2_kg_per_kwh", "--horizon", "2h", "--every", "24h")
	require.Equal(t, exitOK, code)
	assert.Equal(t, 3, strings.Count(out, "+0.000")) // leads 1, 2 and all
}

func TestForecastCommandFile(t *testing.T) {
	path := hourlySeriesFile(t, 240, func(i int) int { return i % 24 })
	// A pure daily pattern: seasonal-day is exact (RMSE 0, skill 1).
	code, out, errOut := cli(t, "forecast", "--series", path, "--column", "x", "--method", "seasonal-day", "--horizon", "3h", "--from", "48h")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "+1.000")
}

func TestForecastCommandBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no column", []string{"--demo", "texas2012"}, "--column"},
		{"no source", []string{"--column", "x"}, "--series"},
		{"unknown column", []string{"--demo", "texas2012", "--column", "nope"}, `no column "nope"`},
		{"unknown method", []string{"--demo", "texas2012", "--column", "large_office_kw", "--method", "magic"}, "unknown method"},
		{"method and all", []string{"--demo", "texas2012", "--column", "large_office_kw", "--method", "persistence", "--all"}, "--method and --all exclude each other"},
		{"provided without column", []string{"--demo", "texas2012", "--column", "large_office_kw", "--method", "provided"}, "--provided NAME is required"},
		{"weather-pv", []string{"--demo", "texas2012", "--column", "large_office_kw", "--method", "weather-pv"}, "only the Go API"},
		{"missing input", []string{"--demo", "texas2012", "--column", "large_office_kw", "--method", "clearsky-persistence"}, "needs inputs"},
		{"bad horizon", []string{"--demo", "texas2012", "--column", "large_office_kw", "--horizon", "90m"}, "multiple"},
		{"too long", []string{"--demo", "texas2012", "--column", "large_office_kw", "--from", "9000h"}, "exceed"},
		{"missing file", []string{"--series", "/nonexistent.csv", "--column", "x"}, "nonexistent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := cli(t, append([]string{"forecast"}, tc.args...)...)
			assert.Equal(t, exitBadInput, code)
			assert.Contains(t, errOut, tc.want)
		})
	}
}

// --help lists the methods the command line can run: weather-pv is marked
// as the Go API's.
func TestForecastHelpMethods(t *testing.T) {
	_, out, errOut := cli(t, "forecast", "--help")
	help := out + errOut
	i := strings.Index(help, "forecasting METHOD: ")
	require.GreaterOrEqual(t, i, 0, help)
	line, _, _ := strings.Cut(help[i:], "\n  --") // the flag's help, to the next flag
	line = unwrapped(line)
	assert.Contains(t, line, strings.Join(forecast.ChoiceMethods(), ", "))
	assert.Contains(t, line, "weather-pv is Go API only")
}
