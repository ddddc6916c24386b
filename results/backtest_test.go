package results_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

func sampleBacktest(unit string) *results.Backtest {
	return &results.Backtest{Column: "office, main", Unit: unit, StepMinutes: 15, HorizonH: 0.5, FromH: 24, EveryH: 1,
		Rows: []results.BacktestRow{
			{Method: "persistence", Lead: "1", LeadH: 0.25, Origins: 7, MAE: 1.5, RMSE: 2.25, NMAE: 0.1, Bias: -0.3, Skill: 0},
			{Method: "persistence", Lead: "2", LeadH: 0.5, Origins: 7, MAE: 1e-7, RMSE: 6836100, NMAE: math.NaN(), Bias: 0.1 + 0.2, Skill: math.NaN()},
			{Method: "persistence", Lead: results.BacktestAllLeads, LeadH: math.NaN(), Origins: 7, MAE: 1, RMSE: 2, NMAE: 0.3, Bias: 1.0 / 3, Skill: -0.5},
		}}
}

// sameRows compares rows with NaN equal to NaN and numbers bit for bit.
func sameRows(t *testing.T, want, got []results.BacktestRow) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		assert.Equal(t, w.Method, g.Method)
		assert.Equal(t, w.Lead, g.Lead)
		assert.Equal(t, w.Origins, g.Origins)
		for _, p := range [][2]float64{{w.LeadH, g.LeadH}, {w.MAE, g.MAE}, {w.RMSE, g.RMSE}, {w.NMAE, g.NMAE}, {w.Bias, g.Bias}, {w.Skill, g.Skill}} {
			if math.IsNaN(p[0]) {
				assert.True(t, math.IsNaN(p[1]), "row %d: want NaN, got %v", i, p[1])
				continue
			}
			assert.Equal(t, p[0], p[1], "row %d", i) // exact: the files round-trip
		}
	}
}

func TestBacktestRoundTrip(t *testing.T) {
	for _, unit := range []string{"kW", "kgCO2e/kWh", ""} {
		t.Run(unit, func(t *testing.T) {
			b := sampleBacktest(unit)
			var csvBuf, jsonBuf bytes.Buffer
			require.NoError(t, results.WriteBacktestCSV(&csvBuf, b))
			require.NoError(t, results.WriteBacktestJSON(&jsonBuf, b))
			slug := results.UnitSlug(unit)
			assert.True(t, strings.HasPrefix(csvBuf.String(),
				fmt.Sprintf("method,lead,lead_h,origins,mae_%[1]s,rmse_%[1]s,nmae,bias_%[1]s,skill\n", slug)))
			assert.Contains(t, csvBuf.String(), "6836100", "no exponent notation")
			assert.Contains(t, jsonBuf.String(), `"mae_`+slug+`"`)
			assert.Contains(t, jsonBuf.String(), `"skill": null`)

			rows, err := results.ReadBacktestCSV(&csvBuf, "b.csv", unit)
			require.NoError(t, err)
			sameRows(t, b.Rows, rows)
			back, err := results.ReadBacktestJSON(&jsonBuf, "b.json")
			require.NoError(t, err)
			sameRows(t, b.Rows, back.Rows)
			back.Rows, b.Rows = nil, nil
			assert.Equal(t, b, back)
		})
	}
}

func TestUnitSlug(t *testing.T) {
	for in, want := range map[string]string{"kW": "kw", "kgCO2e/kWh": "kgco2e_per_kwh", "kW/kWp": "kw_per_kwp", "kW_th": "kw_th", "": "series_unit", "°": "series_unit",
		"%": "percent", "% of load": "percent_of_load"} { // "%" read (QA, 2026-12-04: it was series_unit)
		assert.Equal(t, want, results.UnitSlug(in), in)
	}
}

func TestReadBacktestRefuses(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, results.WriteBacktestCSV(&buf, sampleBacktest("kW")))
	good := buf.String()
	for _, tc := range []struct {
		name, file, unit, want string
	}{
		{"other unit", good, "kgCO2e/kWh", "mae_kgco2e_per_kwh"},
		{"bad number", strings.Replace(good, "2.25", "2,25x", 1), "kW", "wrong number of fields"},
		{"not a number", strings.Replace(good, "2.25", "two", 1), "kW", `"two"`},
		{"NaN spelt out", strings.Replace(good, "2.25", "NaN", 1), "kW", "not a number"},
		{"bad count", strings.Replace(good, ",7,", ",-1,", 1), "kW", "not a count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := results.ReadBacktestCSV(strings.NewReader(tc.file), "b.csv", tc.unit)
			require.ErrorIs(t, err, results.ErrFile)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	buf.Reset()
	require.NoError(t, results.WriteBacktestJSON(&buf, sampleBacktest("kW")))
	for name, file := range map[string]string{
		"unknown key":  strings.Replace(buf.String(), `"nmae"`, `"nmae_kw"`, 1),
		"other unit":   strings.Replace(buf.String(), `"unit": "kW"`, `"unit": "MW"`, 1),
		"missing key":  strings.Replace(buf.String(), `"origins": 7,`, ``, 1),
		"wrong type":   strings.Replace(buf.String(), `"origins": 7`, `"origins": "7"`, 1),
		"trailing doc": buf.String() + "{}",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := results.ReadBacktestJSON(strings.NewReader(file), "b.json")
			require.ErrorIs(t, err, results.ErrFile)
		})
	}
}

// WriteBacktest refuses a directory holding a user's file, and leaves it
// as it was; it replaces its own earlier files.
func TestWriteBacktestDir(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, results.WriteBacktest(dir, sampleBacktest("kW")))
	require.NoError(t, results.WriteBacktest(dir, sampleBacktest("kW/kWp")))
	data, err := os.ReadFile(filepath.Join(dir, results.BacktestCSVFile))
	require.NoError(t, err)
	assert.Contains(t, string(data), "mae_kw_per_kwp")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))
	err = results.WriteBacktest(dir, sampleBacktest("kW"))
	require.ErrorIs(t, err, results.ErrOutput)
	data, err = os.ReadFile(filepath.Join(dir, results.BacktestCSVFile))
	require.NoError(t, err)
	assert.Contains(t, string(data), "mae_kw_per_kwp", "the old set stays")
}

func ExampleWriteBacktestCSV() {
	b := &results.Backtest{Column: "office_kw", Unit: "kW", StepMinutes: 60, HorizonH: 1, FromH: 24, EveryH: 24,
		Rows: []results.BacktestRow{
			{Method: "persistence", Lead: "1", LeadH: 1, Origins: 2, MAE: 0.5, RMSE: 0.75, NMAE: 0.05, Bias: -0.25, Skill: 0},
			{Method: "persistence", Lead: "all", LeadH: math.NaN(), Origins: 2, MAE: 0.5, RMSE: 0.75, NMAE: 0.05, Bias: -0.25, Skill: 0},
		}}
	_ = results.WriteBacktestCSV(os.Stdout, b)
	// Output:
	// method,lead,lead_h,origins,mae_kw,rmse_kw,nmae,bias_kw,skill
	// persistence,1,1,2,0.5,0.75,0.05,-0.25,0
	// persistence,all,,2,0.5,0.75,0.05,-0.25,0
}
