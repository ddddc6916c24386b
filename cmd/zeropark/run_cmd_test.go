package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// readIntervals parses intervals.csv: its header and numeric columns.
func readIntervals(t *testing.T, path string) (header []string, rows int, step time.Duration, cols map[string][]float64) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(recs), 3)
	header = recs[0]
	cols = map[string][]float64{}
	var first, second time.Time
	for i, rec := range recs[1:] {
		ts, err := time.Parse(time.RFC3339, rec[0])
		require.NoError(t, err, "row %d", i)
		switch i {
		case 0:
			first = ts
		case 1:
			second = ts
		}
		for j, f := range rec[1:] {
			v, err := strconv.ParseFloat(f, 64)
			require.NoError(t, err)
			cols[header[j+1]] = append(cols[header[j+1]], v)
		}
	}
	return header, len(recs) - 1, second.Sub(first), cols
}

func total(v []float64, hours float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * hours
	}
	return s
}

func assertRel(t *testing.T, want, got float64, what string) {
	t.Helper()
	assert.InDelta(t, want, got, 1e-6*math.Max(1, math.Abs(want)), what)
}

// checkRunOutputs checks intervals.csv against summary.json in dir: every
// required column and key, and the summary's totals recomputed from the
// intervals (column × step hours).
func checkRunOutputs(t *testing.T, dir string, wantRows int, wantPolicy string) map[string]any {
	t.Helper()
	header, rows, step, cols := readIntervals(t, filepath.Join(dir, "intervals.csv"))
	assert.Equal(t, wantRows, rows)
	assert.Equal(t, "timestamp", header[0])
	for _, c := range []string{"load_kw", "import_kw", "export_kw", "unserved_kw", "curtailed_kw",
		"grid_kgco2e_per_kwh", "dispatch_kgco2e_per_kwh", "emissions_kgco2e"} {
		assert.Contains(t, header, c)
	}
	var socs, pvs int
	for _, c := range header {
		if strings.HasPrefix(c, "battery_") && strings.HasSuffix(c, "_soc_kwh") {
			socs++
		}
		if strings.HasPrefix(c, "pv_") && strings.HasSuffix(c, "_kw") && !strings.HasSuffix(c, "_available_kw") {
			pvs++
		}
	}
	assert.Positive(t, socs, "a battery_<slug>_soc_kwh column")
	assert.Positive(t, pvs, "a pv_<slug>_kw column")

	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	for _, k := range []string{"park", "policy", "horizon_hours", "energy_kwh", "baseline_kgco2e",
		"residual_kgco2e", "avoided_kgco2e", "offsets_needed_tco2e", "certificates_mwh", "stage",
		"renewable_share", "self_sufficiency", "self_consumption", "curtailment_share", "unserved_kwh",
		"solve", "dispatch_signal", "accounting_signal"} {
		assert.Contains(t, m, k)
	}
	assert.Equal(t, wantPolicy, m["policy"])
	h := step.Hours()
	energy := m["energy_kwh"].(map[string]any)
	for key, col := range map[string]string{"load": "load_kw", "import": "import_kw", "export": "export_kw",
		"unserved": "unserved_kw", "curtailed": "curtailed_kw"} {
		assertRel(t, energy[key].(float64), total(cols[col], h), key)
	}
	emissions := 0.0
	for _, v := range cols["emissions_kgco2e"] {
		emissions += v
	}
	assertRel(t, m["residual_kgco2e"].(float64), emissions, "emissions")
	// Independently: emissions = import × accounting factor × Δt.
	assertRel(t, emissions, func() float64 {
		s := 0.0
		for i, imp := range cols["import_kw"] {
			s += imp * cols["grid_kgco2e_per_kwh"][i] * h
		}
		return s
	}(), "import × factor")
	assertRel(t, m["baseline_kgco2e"].(float64), func() float64 {
		s := 0.0
		for i, l := range cols["load_kw"] {
			s += l * cols["grid_kgco2e_per_kwh"][i] * h
		}
		return s
	}(), "baseline")
	assertRel(t, m["unserved_kwh"].(float64), total(cols["unserved_kw"], h), "unserved_kwh")
	assertRel(t, m["certificates_mwh"].(float64), total(cols["import_kw"], h)/1000, "certificates")
	checkTenantOutputs(t, dir, m, h)
	return m
}

// checkTenantOutputs checks tenants.csv, tenant_intervals.csv and
// attribution.json against the summary: tenants' loads and baselines add
// up to the park's, their residuals plus the stored and exported carbon to
// its residual, and each tenant's interval columns to its totals.
func checkTenantOutputs(t *testing.T, dir string, m map[string]any, stepHours float64) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "tenants.csv"))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, results.TenantColumns(), recs[0])
	require.Greater(t, len(recs), 1, "one row per tenant")
	var load, base, res, ren float64
	for _, r := range recs[1:] {
		v := func(i int) float64 {
			x, err := strconv.ParseFloat(r[i], 64)
			require.NoError(t, err, r)
			return x
		}
		load, base, res, ren = load+v(1), base+v(3), res+v(4), ren+v(7)
		if served := v(1) - v(2); served > 0 {
			assertRel(t, v(7)/served, v(8), r[0]+" renewable share")
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "attribution.json"))
	require.NoError(t, err)
	var a dispatch.Attribution
	require.NoError(t, json.Unmarshal(data, &a))
	require.Len(t, a.Tenants, len(recs)-1)
	energy := m["energy_kwh"].(map[string]any)
	assertRel(t, energy["load"].(float64), load, "tenants' load")
	assertRel(t, m["baseline_kgco2e"].(float64), base, "tenants' baseline")
	assertRel(t, m["residual_kgco2e"].(float64), res+a.StoredChangeKgCO2e+a.ExportedKgCO2e, "tenants + stored + exported")
	assertRel(t, energy["renewable_served"].(float64), ren, "tenants' renewable content")

	// tenant_intervals.csv: per tenant, load and residual columns that sum
	// to its tenants.csv row.
	g, err := os.Open(filepath.Join(dir, "tenant_intervals.csv"))
	require.NoError(t, err)
	defer g.Close()
	rows, err := csv.NewReader(g).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows[0], 1+2*(len(recs)-1))
	for i, r := range recs[1:] {
		assert.Equal(t, results.Slug(r[0])+"_kw", rows[0][1+2*i])
		var kwh, kg float64
		for _, row := range rows[1:] {
			x, err := strconv.ParseFloat(row[1+2*i], 64)
			require.NoError(t, err)
			y, err := strconv.ParseFloat(row[2+2*i], 64)
			require.NoError(t, err)
			kwh, kg = kwh+x*stepHours, kg+y
		}
		want := func(j int) float64 {
			v, err := strconv.ParseFloat(r[j], 64)
			require.NoError(t, err)
			return v
		}
		assertRel(t, want(1), kwh, r[0]+" load")
		assertRel(t, want(4), kg, r[0]+" residual")
	}
}

func TestRunDemoFilesEveryPolicy(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, "demo", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "zeropark run --park")
	park, series := filepath.Join(dir, "texas2012.park.json"), filepath.Join(dir, "texas2012.csv")
	for _, pol := range dispatch.Policies().Names() {
		t.Run(string(pol), func(t *testing.T) {
			outDir := filepath.Join(dir, "out-"+string(pol))
			code, out, errOut := cli(t, "run", "--park", park, "--series", series, "--limit-hours", "168",
				"--policy", string(pol), "--out", outDir)
			require.Equal(t, exitOK, code, errOut)
			assert.Contains(t, out, "intervals.csv (168 intervals)")
			m := checkRunOutputs(t, outDir, 168, string(pol))
			assert.Equal(t, park, m["park_file"])
			assert.Equal(t, series, m["series_file"])
			assert.InDelta(t, 24.0, m["horizon_hours"], 0)
			if pol == dispatch.GridOnlyPolicy {
				assertRel(t, m["baseline_kgco2e"].(float64), m["residual_kgco2e"].(float64), "grid-only emits the baseline")
			}
		})
	}
}

func TestRunSmallParkOptions(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	t.Run("out with horizon", func(t *testing.T) {
		outDir := filepath.Join(t.TempDir(), "a", "b")
		code, _, errOut := cli(t, "run", "--park", park, "--series", series, "--horizon", "6h", "--out", outDir)
		require.Equal(t, exitOK, code, errOut)
		m := checkRunOutputs(t, outDir, 24, "mpc")
		assert.InDelta(t, 6.0, m["horizon_hours"], 0)
		assert.Equal(t, "test park", m["park"])
	})
	t.Run("report without out", func(t *testing.T) {
		code, out, errOut := cli(t, "run", "--park", park, "--series", series, "--policy", "perfect")
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "zeropark net-zero report — test park")
		assert.Contains(t, out, "perfect foresight (perfect)")
		assert.Contains(t, out, "Stage: ")
		assert.NotContains(t, out, "Policies compared")
	})
	t.Run("json", func(t *testing.T) {
		code, out, errOut := cli(t, "run", "--park", park, "--series", series, "--policy", "self", "--json")
		require.Equal(t, exitOK, code, errOut)
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &m))
		assert.Equal(t, "self", m["policy"])
		assert.Equal(t, park, m["park_file"])
	})
	t.Run("demo flag", func(t *testing.T) {
		outDir := filepath.Join(t.TempDir(), "g")
		code, _, errOut := cli(t, "run", "--demo", "greensboro", "--limit-hours", "24", "--policy", "self", "--out", outDir)
		require.Equal(t, exitOK, code, errOut)
		m := checkRunOutputs(t, outDir, 24, "self")
		assert.Equal(t, "greensboro", m["demo"])
	})
}

func TestRunBadInput(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	// The test series at 15 minutes: each hour's row four times.
	var b strings.Builder
	lines := strings.Split(strings.TrimSpace(testSeries), "\n")
	b.WriteString(lines[0] + "\n")
	for _, l := range lines[1:] {
		ts, rest, _ := strings.Cut(l, ",")
		t0, err := time.Parse(time.RFC3339, ts)
		require.NoError(t, err)
		for q := range 4 {
			b.WriteString(t0.Add(time.Duration(q)*15*time.Minute).Format(time.RFC3339) + "," + rest + "\n")
		}
	}
	_, series15 := writeInputs(t, testPark, b.String())
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"policy", []string{"--park", park, "--series", series, "--policy", "magic"}, []string{`--policy "magic"`}},
		{"park without series", []string{"--park", park}, []string{"needs --series"}},
		{"demo and park", []string{"--demo", "texas2012", "--park", park, "--series", series}, []string{"exclude"}},
		{"unknown demo", []string{"--demo", "atlantis"}, []string{"atlantis"}},
		{"missing file", []string{"--park", park + ".nope", "--series", series}, []string{"park.json.nope"}},
		{"horizon", []string{"--park", park, "--series", series, "--horizon", "-1h"}, []string{"--horizon"}},
		{"price", []string{"--park", park, "--series", series, "--offset-price", "-3"}, []string{"--offset-price"}},
		{"limit", []string{"--park", park, "--series", series, "--limit-hours", "-3"}, []string{"--limit-hours"}},
		{"step", []string{"--park", park, "--series", series, "--step", "45m"}, []string{"--step 45m0s", "divide an hour"}},
		// A step the series' own cannot be resampled to is said of the flag
		// (QA, 2026-12-04: "series: step = 20m0s: …").
		{"step against the series", []string{"--park", park, "--series", series15, "--step", "20m"},
			[]string{"zeropark run: --step 20m0s: neither divides the series' step 15m0s"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := cli(t, append([]string{"run"}, c.args...)...)
			assert.Equal(t, exitBadInput, code)
			// The error line, not the usage printed before it (which
			// names every flag).
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			last := lines[len(lines)-1]
			assert.True(t, strings.HasPrefix(last, "zeropark run: "), last)
			for _, w := range c.want {
				assert.Contains(t, last, w)
			}
		})
	}
}

// A run that fails leaves no output directory and no temporary files.
func TestRunFailureLeavesNothing(t *testing.T) {
	noCO2 := strings.ReplaceAll(testSeries, ",co2", ",carbon")
	park, series := writeInputs(t, testPark, noCO2)
	parent := t.TempDir()
	outDir := filepath.Join(parent, "out")
	code, out, errOut := cli(t, "run", "--park", park, "--series", series, "--out", outDir)
	assert.Equal(t, exitBadInput, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `"co2"`)
	assert.Contains(t, errOut, "no such column")
	_, err := os.Stat(outDir)
	assert.True(t, os.IsNotExist(err), "no output directory")
	es, err := os.ReadDir(parent)
	require.NoError(t, err)
	assert.Empty(t, es)
}

// run --out replaces an earlier run's set whole; a user's file in DIR is
// kept and the run refused with exit 2, naming it.
func TestRunOutReplacesTheSet(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	parent := t.TempDir()
	outDir := filepath.Join(parent, "out")
	code, _, errOut := cli(t, "run", "--park", park, "--series", series, "--policy", "grid", "--out", outDir)
	require.Equal(t, exitOK, code, errOut)
	first, err := os.ReadDir(outDir)
	require.NoError(t, err)
	code, _, errOut = cli(t, "run", "--park", park, "--series", series, "--policy", "self", "--out", outDir)
	require.Equal(t, exitOK, code, errOut)
	checkRunOutputs(t, outDir, 24, "self")
	second, err := os.ReadDir(outDir)
	require.NoError(t, err)
	assert.Equal(t, len(first), len(second))
	es, err := os.ReadDir(parent)
	require.NoError(t, err)
	require.Len(t, es, 1, "nothing beside DIR")

	require.NoError(t, os.WriteFile(filepath.Join(outDir, "notes.md"), []byte("mine"), 0o644))
	code, out, errOut := cli(t, "run", "--park", park, "--series", series, "--policy", "grid", "--out", outDir)
	assert.Equal(t, exitBadInput, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "notes.md")
	checkRunOutputs(t, outDir, 24, "self")
	b, err := os.ReadFile(filepath.Join(outDir, "notes.md"))
	require.NoError(t, err)
	assert.Equal(t, "mine", string(b))
}

// Files added through env.extraRunFiles are written with the set and
// listed, after the attribution files and the week plot.
func TestRunExtraFiles(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, progressEvery: -1,
		extraRunFiles: func(s *scenario.Scenario, res *dispatch.Result) []results.OutputFile {
			return []results.OutputFile{{Name: "extra.txt", Write: func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "%s %d\n", res.Policy, res.Schedule.Len)
				return err
			}}}
		}}
	outDir := filepath.Join(t.TempDir(), "o")
	code := realMain(e, []string{"run", "--park", park, "--series", series, "--policy", "grid", "--out", outDir})
	require.Equal(t, exitOK, code, stderr.String())
	assert.Contains(t, stdout.String(), results.WeekSVGFile+", "+filepath.Join(outDir, "extra.txt"))
	data, err := os.ReadFile(filepath.Join(outDir, "extra.txt"))
	require.NoError(t, err)
	assert.Equal(t, "grid 24\n", string(data))
}

// --forecast replaces a default forecaster: a bad choice is a usage error
// naming the flag and value; a good one reaches the report and the run.
func TestForecastFlag(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"carbon=provided:nope", `no column "nope"`},
		{"load:Nobody=persistence", `no load named "Nobody"`},
		{"carbon=crystal-ball", `unknown method "crystal-ball"`},
		{"carbon", "want SERIES=METHOD"},
	} {
		code, _, errOut := cli(t, "run", "--demo", "texas2012", "--limit-hours", "24", "--forecast", tc.spec)
		assert.Equal(t, exitBadInput, code, tc.spec)
		assert.Contains(t, errOut, "--forecast", tc.spec)
		assert.Contains(t, errOut, tc.want, tc.spec)
	}
	code, out, errOut := cli(t, "--limit-hours", "48", "--forecast", "carbon=provided:cent_co2_kg_per_kwh",
		"--forecast", "load=seasonal-day", "--horizon", "12h")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "all leads of the 12 h horizon")
	assert.Contains(t, out, "methods: the defaults (forecast/doc_forecasting.md), except carbon=provided:cent_co2_kg_per_kwh; load=seasonal-day")
}

// run --help lists the columns of the files it writes from package
// results' docs, so the help cannot drift from the files.
func TestRunHelpListsColumns(t *testing.T) {
	code, out, _ := cli(t, "run", "--help")
	require.Equal(t, exitOK, code)
	for _, docs := range [][]results.ColumnDoc{results.IntervalColumnDocs(), results.TenantColumnDocs(), results.TenantIntervalColumnDocs(),
		results.HeatIntervalColumnDocs(), results.HeatTenantColumnDocs()} {
		assert.Contains(t, out, wrapHelp(results.ColumnsText(docs, "    "), helpWidth))
	}
	assert.NotContains(t, out, "pv:<name>", "the names an older zeropark wrote")
}

// --step 15m resamples the hourly demo: four times the intervals, the same
// load energy (held powers keep it), and the rolling horizon's 24 h is 96
// steps.
func TestRunStep(t *testing.T) {
	var hourly, quarter map[string]any
	for _, c := range []struct {
		args []string
		into *map[string]any
	}{
		{[]string{"--limit-hours", "48"}, &hourly},
		{[]string{"--limit-hours", "48", "--step", "15m"}, &quarter},
	} {
		code, out, errOut := cli(t, append([]string{"run", "--demo", "texas2012", "--policy", "self", "--json"}, c.args...)...)
		require.Equal(t, exitOK, code, errOut)
		require.NoError(t, json.Unmarshal([]byte(out), c.into))
	}
	assert.Equal(t, 48.0, hourly["steps"])
	assert.Equal(t, 192.0, quarter["steps"])
	assert.Equal(t, 15.0, quarter["step_minutes"])
	load := func(m map[string]any) float64 { return m["energy_kwh"].(map[string]any)["load"].(float64) }
	assert.InDelta(t, load(hourly), load(quarter), 1e-9*load(hourly))
}
