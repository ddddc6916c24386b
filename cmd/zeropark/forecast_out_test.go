package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// stepSeriesFile writes 3 days of hourly values, flat at 10 for 36 h then
// flat at 20: a forecast errs only where its input and its target sit on
// either side of the step, so its errors can be counted by hand.
func stepSeriesFile(t *testing.T) string {
	t.Helper()
	return hourlySeriesFile(t, 72, func(i int) int {
		if i >= 36 {
			return 20
		}
		return 10
	})
}

// hourlySeriesFile writes a series file of one column x, n hourly values
// value(i) from 2023-01-01 UTC, and returns its path.
func hourlySeriesFile(t *testing.T, n int, value func(i int) int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("timestamp,x\n")
	for i := range n {
		fmt.Fprintf(&b, "%s,%d\n", time.Date(2023, 1, 1, i, 0, 0, 0, time.UTC).Format(time.RFC3339), value(i))
	}
	path := filepath.Join(t.TempDir(), "x.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

// backtestHand is a row worked out by hand: n errors of −10 kW (forecast
// 10, actual 20) among the scored values whose actuals sum to sumActual.
func backtestHand(method, lead string, leadH float64, origins, values, errs int, sumActual, persistErrs float64) results.BacktestRow {
	n := float64(values)
	e := float64(errs)
	return results.BacktestRow{Method: method, Lead: lead, LeadH: leadH, Origins: origins,
		MAE: 10 * e / n, RMSE: math.Sqrt(100 * e / n), NMAE: 10 * e / sumActual, Bias: -10 * e / n,
		Skill: 1 - math.Sqrt(e/persistErrs)}
}

func TestForecastOutRoundTrip(t *testing.T) {
	series := stepSeriesFile(t)
	// Origins t = 24 … 70 (t + 2 h ≤ 72 h): 47. Lead 1 scores s[t] (12
	// values of 10, 35 of 20: Σ 820), lead 2 scores s[t+1] (11 of 10, 36
	// of 20: Σ 830). Persistence forecasts s[t−1]: it errs once at lead 1
	// (t = 36) and twice at lead 2 (t = 35, 36). Seasonal-day forecasts
	// s[t+k−24]: it errs for the 24 targets in hours 36 … 59 that lead k
	// reaches from t ≥ 24 (lead 1: t = 36 … 59; lead 2: t = 35 … 58).
	for _, tc := range []struct {
		method string
		errs   [2]int
	}{
		{"persistence", [2]int{1, 2}},
		{"seasonal-day", [2]int{24, 24}},
	} {
		t.Run(tc.method, func(t *testing.T) {
			want := []results.BacktestRow{
				backtestHand(tc.method, "1", 1, 47, 47, tc.errs[0], 820, 1),
				backtestHand(tc.method, "2", 2, 47, 47, tc.errs[1], 830, 2),
				backtestHand(tc.method, "all", math.NaN(), 47, 94, tc.errs[0]+tc.errs[1], 1650, 3),
			}
			out := filepath.Join(t.TempDir(), "bt")
			code, stdout, errOut := cli(t, "forecast", "--series", series, "--column", "x", "--method", tc.method,
				"--unit", "kW", "--horizon", "2h", "--from", "24h", "--every", "1h", "--out", out)
			require.Equal(t, exitOK, code, errOut)
			assert.Contains(t, stdout, "MAE kW")
			assert.Contains(t, stdout, "bias kW")

			f, err := os.Open(filepath.Join(out, results.BacktestCSVFile))
			require.NoError(t, err)
			defer f.Close()
			rows, err := results.ReadBacktestCSV(f, results.BacktestCSVFile, "kW")
			require.NoError(t, err)
			jf, err := os.Open(filepath.Join(out, results.BacktestJSONFile))
			require.NoError(t, err)
			defer jf.Close()
			bj, err := results.ReadBacktestJSON(jf, results.BacktestJSONFile)
			require.NoError(t, err)
			assert.Equal(t, "kW", bj.Unit)
			assert.Equal(t, "x", bj.Column)
			assert.InDelta(t, 60, bj.StepMinutes, 0)

			for _, got := range [][]results.BacktestRow{rows, bj.Rows} {
				require.Len(t, got, len(want))
				for i, w := range want {
					g := got[i]
					assert.Equal(t, w.Method, g.Method)
					assert.Equal(t, w.Lead, g.Lead)
					assert.Equal(t, w.Origins, g.Origins)
					if math.IsNaN(w.LeadH) {
						assert.True(t, math.IsNaN(g.LeadH), "lead_h of the all row")
					} else {
						assert.InDelta(t, w.LeadH, g.LeadH, 0)
					}
					for _, p := range [][3]any{{"mae", w.MAE, g.MAE}, {"rmse", w.RMSE, g.RMSE}, {"nmae", w.NMAE, g.NMAE},
						{"bias", w.Bias, g.Bias}, {"skill", w.Skill, g.Skill}} {
						assert.InDelta(t, p[1], p[2], 1e-12, "%s lead %s", p[0], w.Lead)
					}
				}
			}
			// The printed table shows the same numbers.
			for _, w := range want {
				label := w.Lead + " h"
				if w.Lead == "all" {
					label = "all"
				}
				line := tableLine(t, stdout, label)
				assert.Equal(t, []string{fmt.Sprintf("%.4g", w.MAE), fmt.Sprintf("%.4g", w.RMSE), fmt.Sprintf("%.3f", w.NMAE),
					fmt.Sprintf("%+.3g", w.Bias), fmt.Sprintf("%+.3f", w.Skill)}, line, "row %s", label)
			}
		})
	}
}

// tableLine is the cells after the label of the table row starting with
// label.
func tableLine(t *testing.T, out, label string) []string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), label+" "); ok {
			return strings.Fields(rest)
		}
	}
	require.Failf(t, "no table row", "%q in:\n%s", label, out)
	return nil
}

// Without --unit a --series column's unit is not known, and the columns
// say so; a --demo load column is in kW.
func TestForecastOutUnit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bt")
	code, stdout, errOut := cli(t, "forecast", "--series", stepSeriesFile(t), "--column", "x",
		"--horizon", "2h", "--from", "24h", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "MAE series unit")
	head, err := os.ReadFile(filepath.Join(out, results.BacktestCSVFile))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(head), strings.Join(results.BacktestColumns(""), ",")+"\n"))
	assert.Contains(t, string(head), "mae_series_unit")

	out = filepath.Join(t.TempDir(), "bt")
	code, stdout, errOut = cli(t, "forecast", "--demo", "texas2012", "--column", "large_office_kw", "--all",
		"--horizon", "2h", "--every", "24h", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "MAE kW")
	data, err := os.ReadFile(filepath.Join(out, results.BacktestCSVFile))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "method,lead,lead_h,origins,mae_kw,rmse_kw,nmae,bias_kw,skill\n"))
	assert.Contains(t, string(data), "\nseasonal-day,all,,")
}

// A --out holding a user's file, or naming a file, is bad input and
// nothing is written.
func TestForecastOutRefused(t *testing.T) {
	series := stepSeriesFile(t)
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notes, []byte("mine"), 0o644))
	code, _, errOut := cli(t, "forecast", "--series", series, "--column", "x", "--horizon", "2h", "--from", "24h", "--out", dir)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--out")
	assert.Contains(t, errOut, "notes.txt")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "only the user's file")
	data, err := os.ReadFile(notes)
	require.NoError(t, err)
	assert.Equal(t, "mine", string(data))

	code, _, errOut = cli(t, "forecast", "--series", series, "--column", "x", "--horizon", "2h", "--from", "24h", "--out", notes)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "not a directory")
}

// On a flat column persistence is exact (RMSE 0), so every skill is
// undefined, also where the method is exact too: the printed tables say
// n/a, the CSV leaves the cell empty and the JSON writes null. None says
// +0.000 ("as good as persistence") or +1.000.
func TestForecastFlatSeriesSkillUndefined(t *testing.T) {
	series := hourlySeriesFile(t, 72, func(int) int { return 10 })
	out := filepath.Join(t.TempDir(), "bt")
	code, stdout, errOut := cli(t, "forecast", "--series", series, "--column", "x", "--method", "persistence",
		"--unit", "kW", "--horizon", "2h", "--from", "24h", "--every", "1h", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	for _, label := range []string{"1 h", "2 h", "all"} {
		line := tableLine(t, stdout, label)
		require.Len(t, line, 5, "row %s", label)
		assert.Equal(t, "0", line[1], "row %s: RMSE 0", label) // the premise
		assert.Equal(t, results.NotDefined, line[4], "row %s: skill", label)
	}
	assert.NotContains(t, stdout, "+0.000")
	assert.NotContains(t, stdout, "NaN")

	assertBacktestUndefined(t, out, "skill", "rmse_kw")

	// Every method of the comparison: the overall skill and skill@1h/6h
	// are n/a in every row.
	code, stdout, errOut = cli(t, "forecast", "--series", series, "--column", "x", "--all", "--horizon", "6h", "--from", "24h", "--every", "1h")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "skill@6h")
	tbl := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Greater(t, len(tbl), 2+3, "title, header and the methods:\n%s", stdout)
	for _, l := range tbl[2:] {
		f := strings.Fields(l)
		require.Len(t, f, 8, l)
		assert.Equal(t, []string{results.NotDefined, results.NotDefined, results.NotDefined}, f[5:], l)
	}
	assert.NotContains(t, stdout, "+1.000")
}

// On an all-zero column (a windless wind turbine) the nMAE (MAE / mean
// |actual|) is undefined, also where the forecast is exact: the printed
// tables say n/a where they said NaN, the CSV leaves the nmae cell empty
// and the JSON writes null. MAE, RMSE and bias stay 0 (defined: there are
// samples). A column of 0 then 5 has an nMAE again, worked by hand.
func TestForecastZeroSeriesNMAEUndefined(t *testing.T) {
	series := hourlySeriesFile(t, 72, func(int) int { return 0 })
	out := filepath.Join(t.TempDir(), "bt")
	code, stdout, errOut := cli(t, "forecast", "--series", series, "--column", "x", "--method", "persistence",
		"--unit", "kW", "--horizon", "2h", "--from", "24h", "--every", "1h", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	for _, label := range []string{"1 h", "2 h", "all"} {
		line := tableLine(t, stdout, label)
		require.Len(t, line, 5, "row %s", label)
		assert.Equal(t, []string{"0", "0"}, line[:2], "row %s: MAE and RMSE 0", label) // the premise
		assert.Equal(t, results.NotDefined, line[2], "row %s: nMAE", label)
	}
	assert.NotContains(t, stdout, "NaN")
	assert.NotContains(t, stdout, "0.000")

	assertBacktestUndefined(t, out, "nmae", "mae_kw")

	// Every method of the comparison: nMAE n/a in every row.
	code, stdout, errOut = cli(t, "forecast", "--series", series, "--column", "x", "--all", "--unit", "kW", "--horizon", "6h", "--from", "24h", "--every", "1h")
	require.Equal(t, exitOK, code, errOut)
	tbl := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Greater(t, len(tbl), 2+3, "title, header and the methods:\n%s", stdout)
	require.Equal(t, "nMAE", strings.Fields(tbl[1])[5], tbl[1]) // method MAE kW RMSE kW nMAE
	for _, l := range tbl[2:] {
		f := strings.Fields(l)
		require.Len(t, f, 8, l)
		assert.Equal(t, results.NotDefined, f[3], l)
	}
	assert.NotContains(t, stdout, "NaN")

	// 0 for 36 h then 5: persistence errs by 5 once per lead (its input
	// at 35 h, its target at or after 36 h). Lead 1 scores s[t] for t =
	// 24 … 70: 12 zeros and 35 fives, Σ|actual| 175, so nMAE 5/175.
	step := hourlySeriesFile(t, 72, func(i int) int { return 5 * min(1, i/36) })
	code, stdout, errOut = cli(t, "forecast", "--series", step, "--column", "x", "--method", "persistence",
		"--horizon", "2h", "--from", "24h", "--every", "1h")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, fmt.Sprintf("%.3f", 5.0/175), tableLine(t, stdout, "1 h")[2])
}

// assertBacktestUndefined checks a backtest --out directory of 3 rows
// (leads 1 h, 2 h and all) whose metric is undefined: an empty cell in
// backtest.csv's column metric, null in backtest.json, and zero0 (a
// defined metric of the same rows) 0 in the JSON.
func assertBacktestUndefined(t *testing.T, out, metric, zero0 string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(out, results.BacktestCSVFile))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	require.Len(t, lines, 1+3)
	header := strings.Split(lines[0], ",")
	col := slices.Index(header, metric)
	require.GreaterOrEqual(t, col, 0, lines[0])
	for _, l := range lines[1:] {
		cells := strings.Split(l, ",")
		require.Len(t, cells, len(header), l)
		assert.Empty(t, cells[col], "%s cell empty: %s", metric, l)
	}
	raw, err = os.ReadFile(filepath.Join(out, results.BacktestJSONFile))
	require.NoError(t, err)
	var doc struct{ Rows []map[string]any }
	require.NoError(t, json.Unmarshal(raw, &doc))
	require.Len(t, doc.Rows, 3)
	for _, r := range doc.Rows {
		require.Contains(t, r, metric)
		assert.Nil(t, r[metric], "%s of lead %v is null", metric, r["lead"])
		assert.Equal(t, 0.0, r[zero0], "lead %v", r["lead"])
	}
}
