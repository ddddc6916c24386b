package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// The default command on the demo, over two days (the full year is left
// to `go run ./cmd/zeropark`).
func TestReportDemoShort(t *testing.T) {
	code, out, errOut := cli(t, "--limit-hours", "48")
	require.Equal(t, exitOK, code, errOut)
	assert.Empty(t, errOut, "no progress bar when stderr is not a terminal")
	for _, want := range []string{
		"zeropark net-zero report — Texas Panhandle", `embedded demo "texas2012"`, "48 intervals of 60 min",
		"rolling horizon (mpc), look-ahead 24 h", "Stage: ", "baseline: all load from the grid", "residual after dispatch",
		"avoided", "offsets needed", "or green certificates", "at 15 USD per tCO2e", "at 5 USD per MWh", "illustrative",
		"renewable share", "self-sufficiency", "self-consumption", "curtailment share", "unserved",
		"dispatch (minimised)", "accounting (reported)", `"cent_co2_kg_per_kwh"`,
		"Policies compared", "grid-only", "self-consumption", "rolling horizon", "perfect foresight", "run time",
		"rolling, perfect info", "What the forecasts cost", "forecast error", "Forecasters used", "skill vs persistence",
		"Tenants: who the residual belongs to", "Large office", "Large hotel", "= residual",
	} {
		assert.Contains(t, out, want)
	}
}

func TestReportJSONSmallPark(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	code, out, errOut := cli(t, "report", "--park", park, "--series", series, "--json",
		"--offset-price", "20", "--certificate-price", "7.5", "--horizon", "12h")
	require.Equal(t, exitOK, code, errOut)
	sums, err := results.ReadSummariesJSON(strings.NewReader(out), "stdout")
	require.NoError(t, err)
	require.Len(t, sums, 5)
	want := []string{"grid", "self", "mpc", "mpc-perfect", "perfect"}
	for i, s := range sums {
		assert.Equal(t, want[i], string(s.Policy))
		assert.Equal(t, "test park", s.Park)
		assert.Equal(t, park, s.ParkFile)
		assert.InDelta(t, 12.0, s.HorizonHours, 0)
		assert.Equal(t, 24, s.Steps)
		// Costs at the prices given: offsets × 20, certificates × 7.5.
		assert.InDelta(t, s.OffsetsNeededTCO2e*20, s.OffsetCost, 1e-9)
		assert.InDelta(t, s.CertificatesMWh*7.5, s.CertificateCost, 1e-9)
		assert.InDelta(t, s.ResidualKgCO2e/1000, s.OffsetsNeededTCO2e, 1e-9)
		// Perfect foresight is the lower bound of the storage-adjusted residual.
		assert.LessOrEqual(t, sums[4].AdjustedResidualKgCO2e, s.AdjustedResidualKgCO2e+1e-6)
	}
	assert.InDelta(t, sums[0].BaselineKgCO2e, sums[0].ResidualKgCO2e, 1e-9)
	// Baseline by hand from the series: Σ load × co2 over the 24 rows.
	baseline := 0.0
	for _, l := range strings.Split(strings.TrimSpace(testSeries), "\n")[1:] {
		f := strings.Split(l, ",")
		baseline += atof(t, f[1]) * atof(t, f[3])
	}
	assert.InDelta(t, baseline, sums[2].BaselineKgCO2e, 1e-9)
}

func TestReportTextSmallPark(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	code, out, errOut := cli(t, "report", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "input   "+park+", "+series)
	assert.Contains(t, out, `hourly series "co2" (average; test)`)
}

func TestReportBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"--demo", "atlantis"},
		{"--certificate-price", "NaN"},
		{"--horizon", "0s"},
		{"--series", "x.csv"},
	} {
		code, out, errOut := cli(t, args...)
		assert.Equal(t, exitBadInput, code, args)
		assert.Empty(t, out)
		assert.NotEmpty(t, errOut)
	}
}

// A bad --horizon is named as the user typed it, by its flag alone: the
// Options field the Go API also names (scenario.OptionError) is not the
// command line's business. 0s is refused by Validate, 90m (off the demo's
// hourly step) by Open once the series is read.
func TestHorizonErrorNamesTheFlagOnly(t *testing.T) {
	for _, c := range []struct{ horizon, want string }{
		{"0s", "--horizon 0s: must be positive (the default is 24h)"},
		{"90m", "--horizon 1h30m0s: is not a whole number of 1h0m0s steps"},
	} {
		code, out, errOut := cli(t, "report", "--demo", "texas2012", "--limit-hours", "24", "--horizon", c.horizon)
		assert.Equal(t, exitBadInput, code, c.horizon)
		assert.Empty(t, out)
		assert.Contains(t, errOut, c.want)
		assert.NotContains(t, errOut, "Options.")
	}
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}

func TestProgressBarOnTerminalOnly(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	var out, errb strings.Builder
	code := realMain(&env{stdout: &out, stderr: &errb, stderrIsTerm: true}, []string{"run", "--park", park, "--series", series})
	require.Equal(t, exitOK, code, errb.String())
	assert.Contains(t, errb.String(), "mpc", "the bar is drawn on stderr")
	assert.NotContains(t, out.String(), "\r", "and never on stdout (a bar redraws with carriage returns)")
	assert.Contains(t, out.String(), "Stage: ")
}

// ZEROPARK_PROGRESS=off (progressEvery < 0) silences the bar on a
// terminal too (QA, 2026-12-04: it silenced only the plain lines).
func TestProgressOffSilencesTheBar(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	var out, errb strings.Builder
	code := realMain(&env{stdout: &out, stderr: &errb, stderrIsTerm: true, progressEvery: -1}, []string{"run", "--park", park, "--series", series})
	require.Equal(t, exitOK, code, errb.String())
	assert.Empty(t, errb.String())
	assert.Contains(t, out.String(), "Stage: ")
}
