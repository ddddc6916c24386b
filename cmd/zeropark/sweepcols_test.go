package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// The --help of sweep lists every column of the results file, with its
// unit, as package results documents them.
func TestSweepHelpListsColumns(t *testing.T) {
	_, out, _ := cli(t, "sweep", "--help")
	assert.Contains(t, out, wrapHelp(results.ColumnsText(results.SweepColumnDocs(), "  "), helpWidth))
}

// olderSweepFile is data as zeropark wrote it before the columns carried
// their unit: the old names, "+Inf" for an unlimited limit.
func olderSweepFile(t *testing.T, data []byte) []byte {
	t.Helper()
	head, rows, ok := strings.Cut(string(data), "\n")
	require.True(t, ok)
	cols := strings.Split(head, ",")
	for i, c := range cols {
		for _, r := range results.SweepRenames() {
			if c == r.New {
				cols[i] = r.Old
			}
		}
	}
	return []byte(strings.Join(cols, ",") + "\n" + strings.ReplaceAll(rows, results.Unlimited, "+Inf"))
}

// An unlimited export limit goes from --vary through the file ("unlimited")
// to the heat map, where it is the last cell of its axis, labelled, and
// --fix holds it; a file an older zeropark wrote (old names, "+Inf") plots
// the same, is asked by its old column names, and merges into the
// current form.
func TestSweepUnlimitedToPlot(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	code, _, errOut := cli(t, "sweep", "--park", park, "--series", series, "--workers", "1",
		"--vary", "grid.export_limit_kw=0,5,unlimited", "--vary", "battery.energy_kwh=0,100", "--vary", "pv.capacity_kwp=10,30",
		"--out", out)
	require.Equal(t, exitOK, code, errOut)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "Inf")
	head, _, _ := strings.Cut(string(data), "\n")
	assert.True(t, strings.HasPrefix(head, "combination,grid.export_limit_kw,battery.energy_kwh,pv.capacity_kwp,design_"), head)
	assert.Contains(t, head, ",self_sufficiency_fraction,")
	// Row 8 (the odometer: export slowest) has export unlimited, in the
	// parameter and in its design total.
	cols := strings.Split(head, ",")
	i := strings.Index(string(data), "\n8,")
	require.Positive(t, i)
	line, _, _ := strings.Cut(string(data)[i+1:], "\n")
	row := strings.Split(line, ",")
	for j, c := range cols {
		if c == "grid.export_limit_kw" || c == "design_grid_export_limit_kw" || c == "design_grid_import_limit_kw" {
			assert.Equal(t, results.Unlimited, row[j], c)
		}
	}

	svg := filepath.Join(dir, "h.svg")
	code, _, errOut = cli(t, "plot", "sweep", "--in", out, "--x", "grid.export_limit_kw", "--y", "battery.energy_kwh", "--out", svg)
	require.Equal(t, exitOK, code, errOut)
	checkImage(t, svg, 0, 0, ">0<", ">5<", ">unlimited<")
	plotted, err := os.ReadFile(svg)
	require.NoError(t, err)
	s := string(plotted)
	assert.Less(t, strings.Index(s, ">5<"), strings.Index(s, ">unlimited<"), "unlimited is drawn after 5 on its axis")

	fixed := filepath.Join(dir, "f.svg")
	code, _, errOut = cli(t, "plot", "sweep", "--in", out, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp",
		"--fix", "grid.export_limit_kw=unlimited", "--out", fixed)
	require.Equal(t, exitOK, code, errOut)
	checkImage(t, fixed, 0, 0, "grid.export_limit_kw = unlimited (--fix)")

	// The same file as an older zeropark wrote it.
	old := filepath.Join(dir, "old.csv")
	require.NoError(t, os.WriteFile(old, olderSweepFile(t, data), 0o644))
	oldSVG := filepath.Join(dir, "old.svg")
	code, _, errOut = cli(t, "plot", "sweep", "--in", old, "--x", "grid.export_limit_kw", "--y", "battery.energy_kwh",
		"--colour", "self_sufficiency", "--out", oldSVG)
	require.Equal(t, exitOK, code, errOut)
	checkImage(t, oldSVG, 0, 0, ">unlimited<", "self_sufficiency_fraction")

	merged := filepath.Join(dir, "m.csv")
	code, stdout, errOut := cli(t, "sweep", "merge", "-o", merged, old)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "cheapest reaching")
	got, err := os.ReadFile(merged)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(got), "merged into the current form")
}
