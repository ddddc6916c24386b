package results_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/results"
)

// summaryOf is the summary of a run of the fixture, inputs named.
func summaryOf(t testing.TB, res *dispatch.Result, forecasts string) results.Summary {
	t.Helper()
	sum := results.NewSummary("fixture park", dispatch.DefaultConfig().Horizon, forecasts, res.Report)
	sum.ParkFile, sum.SeriesFile, sum.RunTimeS = "park.json", "series.csv", 0.25
	return sum
}

func TestWriteSummaryJSONKeys(t *testing.T) {
	p, prof := mustProfiles(t, 24)
	res := run(t, p, prof, dispatch.RollingHorizon, true)
	sum := summaryOf(t, res, "default")
	var buf bytes.Buffer
	require.NoError(t, results.WriteSummaryJSON(&buf, sum))
	var m map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
	for _, k := range []string{"park", "policy", "horizon_hours", "park_file", "series_file", "run_time_s",
		"energy_kwh", "baseline_kgco2e", "residual_kgco2e", "avoided_kgco2e", "offsets_needed_tco2e",
		"certificates_mwh", "stage", "renewable_share", "self_sufficiency", "self_consumption",
		"curtailment_share", "unserved_kwh", "solve", "dispatch_signal", "accounting_signal", "zeropark_version",
		"forecasts", "forecast_errors"} {
		assert.Contains(t, m, k)
	}
	assert.Equal(t, buildinfo.Stamp(), m["zeropark_version"], "the code that made the run")
	assert.True(t, strings.HasPrefix(m["zeropark_version"].(string), "zeropark "), m["zeropark_version"])
	assert.Equal(t, "fixture park", m["park"])
	assert.Equal(t, "mpc", m["policy"])
	assert.InDelta(t, 24.0, m["horizon_hours"], 0)
	solve := m["solve"].(map[string]any)
	for _, k := range []string{"steps", "solve_time_total_s", "solve_time_p50_ms", "solve_time_p99_ms"} {
		assert.Contains(t, solve, k)
	}
	energy := m["energy_kwh"].(map[string]any)
	assert.InDelta(t, res.Report.Energy.Import, energy["import"], 1e-9)
	assert.True(t, strings.HasSuffix(buf.String(), "}\n"), "a final newline")
}

// summary.json reads back to a summary that writes the same bytes, for
// every policy (the rolling horizon with its forecast errors too).
func TestSummaryRoundTrip(t *testing.T) {
	p, prof := mustProfiles(t, 24)
	for _, c := range []struct {
		pol       dispatch.Policy
		forecasts bool
	}{{dispatch.GridOnlyPolicy, false}, {dispatch.SelfConsumptionPolicy, false}, {dispatch.RollingHorizon, true}, {dispatch.Perfect, false}} {
		t.Run(string(c.pol), func(t *testing.T) {
			sum := summaryOf(t, run(t, p, prof, c.pol, c.forecasts), "")
			var first bytes.Buffer
			require.NoError(t, results.WriteSummaryJSON(&first, sum))
			back, err := results.ReadSummaryJSON(bytes.NewReader(first.Bytes()), "summary.json")
			require.NoError(t, err)
			var second bytes.Buffer
			require.NoError(t, results.WriteSummaryJSON(&second, back))
			assert.Equal(t, first.String(), second.String())
			assert.Equal(t, sum.ResidualKgCO2e, back.ResidualKgCO2e)
			assert.Equal(t, sum.Stage, back.Stage)
			assert.Equal(t, sum.Energy, back.Energy)
			assert.True(t, sum.Start.Equal(back.Start))
			assert.Equal(t, len(sum.Forecasts), len(back.Forecasts))
		})
	}
}

func TestReadSummaryJSONErrors(t *testing.T) {
	for _, c := range []struct {
		name, in string
		line     int
		want     string
	}{
		{"empty", "", 0, "EOF"},
		{"syntax", "{\n  \"park\": \"x\",\n  oops\n}", 3, "invalid character"},
		{"type", "{\n  \"park\": 5\n}", 2, "cannot unmarshal number"},
		{"unknown key", "{\"park\": \"x\", \"parking\": 1}", 0, `unknown field "parking"`},
		{"two values", "{}\n{}", 2, "more than one JSON value"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := results.ReadSummaryJSON(strings.NewReader(c.in), "summary.json")
			require.ErrorIs(t, err, results.ErrFile)
			var fe *results.FileError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, c.line, fe.Line)
			assert.Contains(t, err.Error(), "summary.json")
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func ExampleWriteSummaryJSON() {
	p, prof, err := fixtureProfiles(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := dispatch.DefaultConfig()
	res, err := dispatch.GridOnly(p, prof, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := results.WriteSummaryJSON(&buf, results.NewSummary(p.Name, cfg.Horizon, "", res.Report)); err != nil {
		fmt.Println(err)
		return
	}
	sum, err := results.ReadSummaryJSON(&buf, "summary.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Grid-only: residual = Σ load × factor, 1237.27 kgCO2e by hand.
	fmt.Printf("%s %s stage=%s residual=%.1f kgCO2e\n", sum.Park, sum.Policy, sum.Stage, sum.ResidualKgCO2e)
	// Output:
	// fixture park grid stage=conventional residual=1237.3 kgCO2e
}

// The summaries of several policies (report --json) read back and write
// the same bytes.
func TestSummariesRoundTrip(t *testing.T) {
	p, prof := mustProfiles(t, 24)
	var sums []results.Summary
	for _, pol := range []dispatch.Policy{dispatch.GridOnlyPolicy, dispatch.SelfConsumptionPolicy} {
		sums = append(sums, summaryOf(t, run(t, p, prof, pol, false), ""))
	}
	var first bytes.Buffer
	require.NoError(t, results.WriteSummariesJSON(&first, sums))
	assert.True(t, strings.HasPrefix(first.String(), "[\n  {\n"))
	back, err := results.ReadSummariesJSON(bytes.NewReader(first.Bytes()), "report.json")
	require.NoError(t, err)
	require.Len(t, back, 2)
	assert.Equal(t, dispatch.SelfConsumptionPolicy, back[1].Policy)
	var second bytes.Buffer
	require.NoError(t, results.WriteSummariesJSON(&second, back))
	assert.Equal(t, first.String(), second.String())
	_, err = results.ReadSummariesJSON(strings.NewReader(`{"park": "x"}`), "report.json")
	assert.ErrorIs(t, err, results.ErrFile, "an object is not an array")
}
