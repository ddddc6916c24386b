package main

import (
	"bytes"
	"encoding/xml"
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// checkImage decodes a PNG of the expected size, or parses an SVG, and
// checks it holds a drawing with the given texts.
func checkImage(t *testing.T, path string, w, h int, texts ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotEmpty(t, data)
	if strings.HasSuffix(path, ".png") {
		img, format, err := image.Decode(bytes.NewReader(data))
		require.NoError(t, err)
		assert.Equal(t, "png", format)
		assert.Equal(t, image.Rect(0, 0, w, h), img.Bounds())
		return
	}
	var doc struct {
		XMLName xml.Name
	}
	require.NoError(t, xml.Unmarshal(data, &doc))
	assert.Equal(t, "svg", doc.XMLName.Local)
	assert.Contains(t, string(data), "<path")
	for _, s := range texts {
		assert.Contains(t, string(data), s)
	}
}

func TestPlotWeek(t *testing.T) {
	dir := t.TempDir()
	t.Run("demo png", func(t *testing.T) {
		out := filepath.Join(dir, "w.png")
		code, stdout, errOut := cli(t, "plot", "week", "--demo", "texas2012", "--from", "2023-06-01", "--days", "2", "--out", out)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, stdout, "wrote "+out)
		checkImage(t, out, 1200, 900)
	})
	t.Run("park files svg", func(t *testing.T) {
		park, series := writeInputs(t, testPark, testSeries)
		out := filepath.Join(dir, "w.svg")
		code, _, errOut := cli(t, "plot", "week", "--park", park, "--series", series, "--policy", "perfect", "--days", "1", "--out", out)
		require.Equal(t, exitOK, code, errOut)
		checkImage(t, out, 0, 0, "test park", "perfect foresight (perfect) dispatch", "power (kW)", "stored energy (kWh)", "kgCO2e")
	})
	park, series := writeInputs(t, testPark, testSeries)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no kind", nil, "week, sweep, roadmap, frontier or pathway"},
		{"unknown kind", []string{"month"}, `unknown plot "month"`},
		{"no out", []string{"week", "--demo", "texas2012"}, "--out FILE.png or FILE.svg is required"},
		{"bad extension", []string{"week", "--demo", "texas2012", "--out", "w.pdf"}, "--out w.pdf"},
		{"bad from", []string{"week", "--park", park, "--series", series, "--from", "June", "--out", "w.png"}, `--from "June"`},
		{"from after the end", []string{"week", "--park", park, "--series", series, "--from", "2030-01-01", "--out", "w.png"}, "outside the series period"},
		{"zero days", []string{"week", "--park", park, "--series", series, "--days", "0", "--out", "w.png"}, "--days 0"},
		{"policy", []string{"week", "--park", park, "--series", series, "--policy", "magic", "--out", "w.png"}, `--policy "magic"`},
		{"unknown demo", []string{"week", "--demo", "atlantis", "--out", "w.png"}, "atlantis"},
		{"stray argument", []string{"week", "--out", "w.png", "now"}, "unexpected argument"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, errOut := cli(t, append([]string{"plot"}, c.args...)...)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, stdout)
			assert.Contains(t, errOut, c.want)
		})
	}
	for _, args := range [][]string{{"plot", "--help"}, {"plot", "week", "--help"}, {"plot", "sweep", "-h"}} {
		code, stdout, errOut := cli(t, args...)
		assert.Equal(t, exitOK, code, args)
		assert.Contains(t, stdout, "Usage:", args)
		assert.Empty(t, errOut, args)
	}
}

const plotSweepCSV = `combination,battery.energy_kwh,pv.capacity_kwp,grid.import_limit_kw,design_pv_capacity_kwp,offsets_needed_tco2e,stage
0,0,500,100,500,900,conventional
1,1000,500,100,500,600,low-carbon
2,0,1000,100,1000,150,near-zero-carbon
3,1000,1000,100,1000,20,near-zero-carbon
4,0,500,200,500,800,conventional
5,1000,500,200,500,500,low-carbon
6,0,1000,200,1000,100,near-zero-carbon
7,1000,1000,200,1000,0,zero-carbon
`

func TestPlotSweep(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "results.csv")
	require.NoError(t, os.WriteFile(in, []byte(plotSweepCSV), 0o644))
	t.Run("png", func(t *testing.T) {
		out := filepath.Join(dir, "h.png")
		code, stdout, errOut := cli(t, "plot", "sweep", "--in", in, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--out", out)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, stdout, "8 rows")
		checkImage(t, out, 1000, 800)
	})
	t.Run("svg, best slice", func(t *testing.T) {
		out := filepath.Join(dir, "h.svg")
		code, _, errOut := cli(t, "plot", "sweep", "--in", in, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--out", out)
		require.Equal(t, exitOK, code, errOut)
		checkImage(t, out, 0, 0, "offsets beyond held (tCO2e)", "grid.import_limit_kw = 200", ">800<")
	})
	t.Run("svg, fixed", func(t *testing.T) {
		out := filepath.Join(dir, "f.svg")
		code, _, errOut := cli(t, "plot", "sweep", "--in", in, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp",
			"--fix", "grid.import_limit_kw=100", "--out", out)
		require.Equal(t, exitOK, code, errOut)
		// The title names the value --fix held (QA5 #2).
		checkImage(t, out, 0, 0, ">900<", "other parameters: grid.import_limit_kw = 100 (--fix)")
	})
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte(plotSweepCSV+"8,2000,500,100,500,many,low-carbon\n"), 0o644))
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"missing y", []string{"--in", in, "--x", "battery.energy_kwh", "--out", "h.png"}, "--in, --x and --y are required"},
		{"unknown parameter", []string{"--in", in, "--x", "battery.energy_kwh", "--y", "wind.capacity_kw", "--out", "h.png"}, `parameter "wind.capacity_kw" is not in the sweep rows`},
		{"bad csv line", []string{"--in", bad, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--out", "h.png"}, `bad.csv:10: column "offsets_needed_tco2e": value "many"`},
		{"missing file", []string{"--in", in + ".nope", "--x", "a.b", "--y", "c.d", "--out", "h.png"}, "results.csv.nope"},
		{"bad fix", []string{"--in", in, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--fix", "grid", "--out", "h.png"}, "PATH=VALUE"},
		{"fix no match", []string{"--in", in, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--fix", "grid.import_limit_kw=5", "--out", "h.png"}, "grid.import_limit_kw = 5 is not among the swept values 100, 200"},
		{"bad extension", []string{"--in", in, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--out", "h.jpeg"}, "--out h.jpeg"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, errOut := cli(t, append([]string{"plot", "sweep"}, c.args...)...)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, stdout)
			assert.Contains(t, errOut, c.want)
		})
	}
}

// run --out writes the week plot beside intervals.csv and summary.json.
func TestRunWritesWeekPlot(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	out := filepath.Join(t.TempDir(), "o")
	code, stdout, errOut := cli(t, "run", "--park", park, "--series", series, "--policy", "self", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "week.png")
	checkImage(t, filepath.Join(out, "week.png"), 1200, 900)
	checkImage(t, filepath.Join(out, "week.svg"), 0, 0, "test park", "self-consumption (self) dispatch")
}

// plotRoadmap is a roadmap as zeropark plan writes it: today's park, a
// design whose operating cost is negative (795,000 + 146,000 − 97,000 +
// 4,800 offsets = 848,800 a year) and a stage out of reach.
func plotRoadmap() *results.Roadmap {
	return &results.Roadmap{Park: "roadmap park", Currency: "EUR", Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.Conventional, OperatingCostPerYear: 507_900, TotalCostPerYear: 507_900, ResidualTCO2ePerYear: 3336},
		{Target: "near-zero-carbon", Stage: dispatch.NearZeroCarbon, Added: results.Capacities{PVKWp: 2150, BatteryKWh: 6103, BatteryKW: 311},
			CapitalPerYear: 795_000, FixedOMPerYear: 146_000, OperatingCostPerYear: -97_000, OffsetCostPerYear: 4_800, TotalCostPerYear: 848_800, ResidualTCO2ePerYear: 319},
		{Target: "zero-carbon", Unreachable: "no design within the candidates' bounds"},
	}}
}

// oldPlotRoadmapJSON is a roadmap.json of an older zeropark: no heat,
// fuel, storage_end or certificate keys (they read as zero).
const oldPlotRoadmapJSON = `{"park": "old", "currency": "USD", "designs": [
 {"target": "today", "stage": "conventional", "added": {"pv_kwp": 0, "wind_kw": 0, "battery_kwh": 0, "battery_kw": 0},
  "capital_per_year": 0, "fixed_om_per_year": 0, "operating_cost_per_year": 1000, "offset_cost_per_year": 0,
  "total_cost_per_year": 1000, "residual_tco2e_per_year": 12},
 {"target": "low-carbon", "stage": "low-carbon", "added": {"pv_kwp": 50, "wind_kw": 0, "battery_kwh": 0, "battery_kw": 0},
  "capital_per_year": 400, "fixed_om_per_year": 50, "operating_cost_per_year": 700, "offset_cost_per_year": 0,
  "total_cost_per_year": 1150, "residual_tco2e_per_year": 8}]}
`

func TestPlotRoadmap(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&buf, plotRoadmap()))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "roadmap.json"), buf.Bytes(), 0o644))
	t.Run("dir to png", func(t *testing.T) {
		out := filepath.Join(dir, "r.png")
		code, stdout, errOut := cli(t, "plot", "roadmap", "--in", dir, "--out", out)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, stdout, "wrote "+out+" (3 designs of "+filepath.Join(dir, "roadmap.json")+")")
		checkImage(t, out, 1200, 800)
	})
	t.Run("file to svg", func(t *testing.T) {
		out := filepath.Join(dir, "r.svg")
		code, _, errOut := cli(t, "plot", "roadmap", "--in", filepath.Join(dir, "roadmap.json"), "--out", out)
		require.Equal(t, exitOK, code, errOut)
		checkImage(t, out, 0, 0, "roadmap park", "annual cost (EUR a year)", "net 848,800 EUR", "-97,000", "out of reach",
			"+6,103 kWh / 311 kW battery", "residual 319 tCO2e a year", "offsets bought")
	})
	t.Run("older file", func(t *testing.T) {
		old := filepath.Join(dir, "old.json")
		require.NoError(t, os.WriteFile(old, []byte(oldPlotRoadmapJSON), 0o644))
		out := filepath.Join(dir, "old.svg")
		code, _, errOut := cli(t, "plot", "roadmap", "--in", old, "--out", out)
		require.Equal(t, exitOK, code, errOut)
		checkImage(t, out, 0, 0, "net 1,150 USD", "+50 kWp PV")
	})

	offBy := strings.Replace(buf.String(), `"total_cost_per_year": 848800`, `"total_cost_per_year": 850000`, 1)
	require.NotEqual(t, buf.String(), offBy, "the fixture holds the total replaced")
	files := map[string]string{
		"off.json":     offBy,
		"summary.json": `{"policy": "mpc", "park": "p"}`,
		"empty.json":   `{"park": "p", "currency": "USD", "designs": []}`,
		"broken.json":  `{"designs": [`,
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	for _, c := range []struct {
		name string
		in   string
		want []string
	}{
		{"missing file", filepath.Join(dir, "nope.json"), []string{"nope.json"}},
		{"dir without roadmap", t.TempDir(), []string{"roadmap.json"}},
		{"not a roadmap", filepath.Join(dir, "summary.json"), []string{"summary.json", `unknown field "policy"`, "want the roadmap.json of zeropark plan --out"}},
		{"no designs", filepath.Join(dir, "empty.json"), []string{"empty.json", "not a roadmap: no designs"}},
		{"broken json", filepath.Join(dir, "broken.json"), []string{"broken.json"}},
		{"parts do not add up", filepath.Join(dir, "off.json"), []string{"off.json", "design near-zero-carbon",
			"capital 795000 + fixed O&M 146000 + operating -97000 + offsets bought 4800 + certificates bought 0 = 848800", "the total is 850000"}},
	} {
		t.Run(c.name, func(t *testing.T) { plotRefused(t, "roadmap", c.in, c.want) })
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no in", []string{"--out", "r.png"}, "--in DIR/roadmap.json or DIR is required"},
		{"no out", []string{"--in", dir}, "--out FILE.png or FILE.svg is required"},
		{"bad extension", []string{"--in", dir, "--out", "r.pdf"}, "--out r.pdf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, errOut := cli(t, append([]string{"plot", "roadmap"}, c.args...)...)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, stdout)
			assert.Contains(t, errOut, c.want)
		})
	}
	code, stdout, _ := cli(t, "plot", "roadmap", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "out of reach")
}

// plot week dispatches a day before the days drawn and a day after, where
// the series has them, so that the batteries start and end the window as
// a longer run would (new-user QA, 2026-12-04: the last hour drawn charged
// the battery, an end-of-period artefact); at the series' ends it stops
// there.
func TestWeekPeriodPads(t *testing.T) {
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	prof := &model.Profiles{Start: start, Step: time.Hour, Len: 10 * 24}
	day, i0, i1, err := weekPeriod(prof, "2023-01-03", 3)
	require.NoError(t, err)
	assert.True(t, day.Equal(start.Add(48*time.Hour)))
	assert.Equal(t, 24, i0, "from a day before the first day drawn")
	assert.Equal(t, 6*24, i1, "to a day after the last")
	_, i0, i1, err = weekPeriod(prof, "2023-01-01", 10)
	require.NoError(t, err)
	assert.Equal(t, 0, i0)
	assert.Equal(t, 10*24, i1, "the series' ends")
	// The help says so: it said [from − 1 day, from + days), the period
	// before the day after was added (QA K, 2026-12-05).
	code, stdout, _ := cli(t, "plot", "week", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "a day before them and a day after")
	assert.NotContains(t, stdout, "from + days)")
}

// --from on a clock change: the week drawn is 7 calendar days from the
// local midnight of DATE, 167 hours from New York's spring-forward day
// and 169 from its fall-back (plots QA: the week ran to 01:00 of the
// eighth day), and the day dispatched before and after are calendar days
// too: [Sat 11 Mar 00:00, Mon 20 Mar 00:00) local is 24 + 167 + 24 hours.
func TestWeekPeriodAcrossClockChange(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	for _, tc := range []struct {
		series0, from string
		week          int
	}{{"2023-03-10", "2023-03-12", 167}, {"2023-11-03", "2023-11-05", 169}} {
		s0, err := time.ParseInLocation("2006-01-02", tc.series0, ny)
		require.NoError(t, err)
		prof := &model.Profiles{Start: s0, Step: time.Hour, Len: 20 * 24}
		day, i0, i1, err := weekPeriod(prof, tc.from, 7)
		require.NoError(t, err)
		assert.Equal(t, tc.from+" 00:00", day.In(ny).Format("2006-01-02 15:04"))
		assert.Equal(t, 24, i0, "a calendar day before")
		assert.Equal(t, 24+24+tc.week+24, i1, "%s: the week and a calendar day after", tc.from)
	}
}

// plot week --from on New York's spring-forward day draws and names the
// seven days to the local midnight after them, not to 01:00 of the eighth
// (plots QA).
func TestPlotWeekFromSpringForward(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	rows := strings.Split(strings.TrimSpace(testSeries), "\n")
	var b strings.Builder
	b.WriteString(rows[0] + "\n")
	start := time.Date(2023, 3, 10, 0, 0, 0, 0, ny)
	for k := range 12 * 24 {
		_, values, _ := strings.Cut(rows[1+k%24], ",")
		b.WriteString(start.Add(time.Duration(k)*time.Hour).In(ny).Format(time.RFC3339) + "," + values + "\n")
	}
	park, series := writeInputs(t, testPark, b.String())
	out := filepath.Join(t.TempDir(), "w.svg")
	code, stdout, errOut := cli(t, "plot", "week", "--park", park, "--series", series, "--policy", "perfect",
		"--from", "2023-03-12", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "2023-03-12 00:00 to 2023-03-19 00:00)")
	assert.NotContains(t, errOut, "warning", "the series covers the week")
	svg, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(svg), "Sun 12 Mar 2023 – Sat 18 Mar 2023"), "the title's dates end on the Saturday")
	assert.False(t, strings.Contains(string(svg), "Sun 19 Mar 2023"), "the title's dates reach the eighth day")
}

// plotRefused runs `zeropark plot kind --in in` onto an earlier picture
// and checks the refusal: exit 2, nothing on stdout, each of want in the
// message, and the picture as it was with no temporary file beside it
// (nothing half-written).
func plotRefused(t *testing.T, kind, in string, want []string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "p.png")
	require.NoError(t, os.WriteFile(out, []byte("before"), 0o644))
	code, stdout, errOut := cli(t, "plot", kind, "--in", in, "--out", out)
	assert.Equal(t, exitBadInput, code)
	assert.Empty(t, stdout)
	for _, w := range want {
		assert.Contains(t, errOut, w)
	}
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, "before", string(data))
	entries, err := os.ReadDir(filepath.Dir(out))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")
}

// plot week's --from reads an RFC 3339 time with a lower-case t and z
// (RFC 3339 §5.6) as the one in capitals.
func TestParseDayLowerCaseRFC3339(t *testing.T) {
	want := time.Date(2023, 1, 12, 13, 0, 0, 0, time.UTC)
	for _, v := range []string{"2023-01-12T13:00:00Z", "2023-01-12t13:00:00z"} {
		got, err := parseDay(v, time.UTC)
		require.NoError(t, err, v)
		assert.True(t, got.Equal(want), "%s: %v", v, got)
	}
}
