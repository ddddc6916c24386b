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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		{"no kind", nil, "week or sweep"},
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
		checkImage(t, out, 0, 0, "offsets needed (tCO2e)", "grid.import_limit_kw = 200", ">800<")
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
		{"fix no match", []string{"--in", in, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--fix", "grid.import_limit_kw=5", "--out", "h.png"}, "no row matches"},
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
