package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// gridPark is testPark behind a connection of importKW (a JSON value)
// with economics whose grid_connection object is gc, import at 0.10: its
// evening load, less the PV and the battery's 40 kWh, is above 60 kW.
func gridPark(importKW, gc string) string {
	p := strings.Replace(testPark, `"import_limit_kw": "unlimited"`, `"import_limit_kw": `+importKW, 1)
	p = strings.Replace(p, `"grid":`, `"economics": {"currency": "USD", "grid_connection": `+gc+`},
  "grid":`, 1)
	return strings.Replace(p, `"kind": "average", "source": "test"}`, `"kind": "average", "source": "test"},
    "import_price": {"per_kwh": 0.10}`, 1)
}

// Bad grid connection economics are bad input: exit 2 from validate, run
// and plan, naming the park file, line and column, the key, its value and
// why; a missing capital cost names the key and says there is no default.
func TestBadGridConnectionExit2(t *testing.T) {
	for _, c := range []struct {
		name, limit, gc, key, want string
	}{
		{"negative capital", "60", `{"capital_per_kw": -5, "max_total_kw": 200}`, `"capital_per_kw"`,
			"economics: grid_connection.capital_per_kw = -5: must be finite and ≥ 0"},
		{"bound below today", "60", `{"capital_per_kw": 500, "max_total_kw": 50}`, `"max_total_kw"`,
			"economics: grid_connection.max_total_kw = 50: is below the park's import limit today, grid.import_limit_kw = 60 kW"},
		{"unlimited import", `"unlimited"`, `{"capital_per_kw": 500, "max_total_kw": 200}`, `"max_total_kw"`,
			`grid.import_limit_kw is "unlimited": give the connection's rating today in kW`},
	} {
		t.Run(c.name, func(t *testing.T) {
			assertBadEconomicsExit2(t, gridPark(c.limit, c.gc), c.key, c.want)
		})
	}
	t.Run("no capital cost", func(t *testing.T) {
		park, series := writeInputs(t, gridPark("60", `{"max_total_kw": 200}`), testSeries)
		code, out, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", filepath.Join(t.TempDir(), "plan"))
		assert.Equal(t, exitBadInput, code, out+errOut)
		assert.Contains(t, errOut, "economics.grid_connection.capital_per_kw")
		assert.Contains(t, errOut, "there is no default")
	})
}

// zeropark plan raises a 60 kW connection in whole 10 kW steps: roadmap.csv
// says how much (add_grid_kw, add_grid_units), the table shows "+grid kW",
// each design park's file carries the raised limit (the export limit of
// 10 kW, below the import limit, stays), and zeropark run of it serves the
// load the plan served.
func TestPlanGridConnection(t *testing.T) {
	park, series := writeInputs(t, gridPark("60", `{"capital_per_kw": 500, "max_total_kw": 200, "unit_kw": 10}`), testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	assert.Contains(t, stdout, "+grid kW")
	rows, _ := readPlanDir(t, out)
	require.NotEmpty(t, rows)
	assert.Zero(t, rows[0].Added.GridKW, "today")
	assert.Positive(t, rows[0].UnservedKWhPerYear, "today sheds load behind 60 kW")
	ran := 0
	for _, r := range rows[1:] {
		if r.Unreachable != "" {
			continue
		}
		require.NotNil(t, r.AddedUnits.Grid, r.Target)
		assert.InDelta(t, 10**r.AddedUnits.Grid, r.Added.GridKW, 1e-9, r.Target)
		assert.Positive(t, r.Added.GridKW, r.Target)
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		p, err := model.LoadPark(pf)
		require.NoError(t, err, r.Target)
		assert.InDelta(t, 60+r.Added.GridKW, p.Grid.ImportLimitKW, 1e-9, r.Target)
		assert.Equal(t, p.Grid.ImportLimitKW, r.Total.GridKW, "roadmap.csv's total_grid_kw is the design park's limit: %s", r.Target)
		assert.InDelta(t, 10, p.Grid.ExportLimitKW, 1e-12, r.Target)
		sum := runSummary(t, "--park", pf, "--series", series, "--policy", "perfect", "--objective", "cost")
		assert.InDelta(t, r.UnservedKWhPerYear*24/8760, sum.UnservedKWh, 1e-6, r.Target)
		ran++
	}
	assert.Positive(t, ran)
}

// oneRatingPark is gridPark with the export limit equal to the 60 kW import
// limit (one rating both ways) and export paid 0.05 USD/kWh, so that the
// export limit the connection carries changes the cost.
func oneRatingPark(gc string) string {
	p := strings.Replace(gridPark("60", gc), `"export_limit_kw": 10`, `"export_limit_kw": 60`, 1)
	return strings.Replace(p, `"import_price": {"per_kwh": 0.10}`, `"import_price": {"per_kwh": 0.10}, "export_price": {"per_kwh": 0.05}`, 1)
}

// zeropark sweep varying only the import limit, on a park whose export
// limit equals its import limit with the connection a candidate, runs
// each row as the plan's design park: a row at a design's import limit
// has the design park file's export limit, and its energy, export,
// curtailment and operating cost are zeropark run's of that file.
func TestSweepGridRowIsPlanDesignParkRun(t *testing.T) {
	park, series := writeInputs(t, oneRatingPark(`{"capital_per_kw": 500, "max_total_kw": 400}`), testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	rows, _ := readPlanDir(t, out)
	checked := 0
	for _, r := range rows[1:] {
		if r.Unreachable != "" || r.Added.GridKW == 0 {
			continue
		}
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		dp, err := model.LoadPark(pf)
		require.NoError(t, err, r.Target)
		imp := dp.Grid.ImportLimitKW
		require.Equal(t, imp, dp.Grid.ExportLimitKW, "%s: the design park raises both", r.Target)
		sum := runSummary(t, "--park", pf, "--series", series, "--policy", "perfect", "--objective", "cost")
		csv := filepath.Join(t.TempDir(), "sweep.csv")
		code, stdout, errOut := cli(t, "sweep", "--park", park, "--series", series, "--policy", "perfect", "--objective", "cost",
			"--vary", "grid.import_limit_kw="+results.FormatNumber(imp), "--workers", "1", "--out", csv)
		require.Equal(t, exitOK, code, errOut+stdout)
		tab, err := results.ReadTable(csv)
		require.NoError(t, err)
		require.Len(t, tab.Rows, 1)
		get := func(col string) float64 {
			v, err := tab.Float(tab.Rows[0], col)
			require.NoError(t, err, col)
			return v
		}
		assert.Equal(t, imp, get(results.DesignColumn("grid.export_limit_kw")), r.Target)
		for col, want := range map[string]float64{results.ColEnergyCost: sum.EnergyCost, "energy_export_kwh": sum.Energy.Export,
			"energy_curtailed_kwh": sum.Energy.Curtailed, results.ColOperatingCostPerYear: sum.OperatingCostPerYear} {
			assert.InDelta(t, want, get(col), 1e-9*max(1, math.Abs(want)), "%s: %s", r.Target, col)
		}
		checked++
	}
	assert.Positive(t, checked, "some design raises the connection")
}

// A varied export limit beyond the connection's bound is bad input: exit
// 2, nothing written, the combination and the bound named in the varied
// park's terms.
func TestSweepExportBeyondConnectionExit2(t *testing.T) {
	text := oneRatingPark(`{"capital_per_kw": 500, "max_total_kw": 200}`)
	park, series := writeInputs(t, text, testSeries)
	csv := filepath.Join(t.TempDir(), "sweep.csv")
	code, stdout, errOut := cli(t, "sweep", "--park", park, "--series", series, "--vary", "grid.export_limit_kw=60,6000", "--out", csv)
	assert.Equal(t, exitBadInput, code, stdout+errOut)
	assert.Contains(t, errOut, "combination 1 (grid.export_limit_kw=6000)")
	// The bound is named where the park file writes it (QA, 2026-12-04).
	line, col := lineCol(t, text, `"max_total_kw": 200`)
	assert.Contains(t, errOut, fmt.Sprintf("%s:%d:%d: economics: grid_connection.max_total_kw = 200: is below the varied park's grid export limit, 6000 kW", park, line, col))
	assert.NoFileExists(t, csv)
}
