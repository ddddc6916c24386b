package results_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/model"
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
		{"empty", "", 1, "empty file: no JSON object"},
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

// summary.json's battery wear cost, rebuilt by hand from intervals.csv:
// Σ over batteries and intervals of (charge + discharge) kW × the
// battery's wear cost per kWh × the step in hours, on a day of 15-minute
// steps with two batteries worn at different rates; per year, × 8760 h /
// 24 h. A park whose batteries have no wear cost has none.
func TestSummaryWearCostFromIntervals(t *testing.T) {
	p := fixturePark()
	b2 := p.Batteries[0]
	b2.Name, b2.EnergyKWh = "B2", 100
	p.Batteries = append(p.Batteries, b2)
	p.Batteries[0].WearCostPerKWh, p.Batteries[1].WearCostPerKWh = 0.02, 0.05
	const n, stepH = 96, 0.25
	set := &model.SeriesSet{Start: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Step: 15 * time.Minute, Len: n,
		Names: []string{"office_kw", "cafe_kw", "pv_kw_per_kwp", "co2"}, Columns: map[string][]float64{}}
	for _, c := range set.Names {
		set.Columns[c] = make([]float64, n)
	}
	for i := range n {
		h := float64(i) * stepH
		set.Columns["office_kw"][i] = 70 + 40*math.Sin(2*math.Pi*(h-8)/24)
		set.Columns["cafe_kw"][i] = 30 + 20*math.Sin(2*math.Pi*(h-18)/24)
		set.Columns["pv_kw_per_kwp"][i] = math.Max(0, math.Sin(math.Pi*(h-6)/12))
		set.Columns["co2"][i] = 0.5 + 0.2*math.Cos(2*math.Pi*(h-19)/24)
	}
	require.NoError(t, p.Validate())
	prof, err := model.Resolve(p, set)
	require.NoError(t, err)
	res := run(t, p, prof, dispatch.Perfect, false)

	var iv, sj bytes.Buffer
	require.NoError(t, results.WriteIntervalsCSV(&iv, p, res.Schedule))
	require.NoError(t, results.WriteSummaryJSON(&sj, results.NewSummary(p.Name, 0, "", res.Report)))
	intervals, err := results.ReadIntervalsCSV(&iv, "intervals.csv")
	require.NoError(t, err)
	want, throughputKWh := 0.0, 0.0
	for i, slug := range []string{"b1", "b2"} {
		rate := []float64{0.02, 0.05}[i]
		for _, q := range []string{"charge_kw", "discharge_kw"} {
			col := intervals.Column(results.AssetColumn("battery", slug, q))
			require.Len(t, col, n, "battery %s %s", slug, q)
			for _, kw := range col {
				want += kw * rate * stepH
				throughputKWh += kw * stepH
			}
		}
	}
	require.Positive(t, throughputKWh, "the batteries cycle")

	var m map[string]any
	require.NoError(t, json.Unmarshal(sj.Bytes(), &m))
	require.Contains(t, m, "wear_cost")
	require.Contains(t, m, "wear_cost_per_year")
	assert.InDelta(t, want, m["wear_cost"], 1e-9*want)
	assert.InDelta(t, want*8760/24, m["wear_cost_per_year"], 1e-9*want*365)
	back, err := results.ReadSummaryJSON(bytes.NewReader(sj.Bytes()), "summary.json")
	require.NoError(t, err)
	assert.InDelta(t, want, back.WearCost, 1e-9*want)
	assert.InDelta(t, want*8760/24, back.WearCostPerYear, 1e-9*want*365)

	// The same schedule with wear-free batteries: no wear cost.
	free := *p
	free.Batteries = append([]model.Battery(nil), p.Batteries...)
	free.Batteries[0].WearCostPerKWh, free.Batteries[1].WearCostPerKWh = 0, 0
	r, err := dispatch.Account(&free, res.Schedule, dispatch.DefaultLedgerConfig())
	require.NoError(t, err)
	assert.Zero(t, r.WearCost)
	assert.Zero(t, results.NewSummary(free.Name, 0, "", r).WearCostPerYear)
}
