package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plot sweep marks the cells whose row sheds load beyond the ledger's
// tolerance ("C!"), ranked for no stage, and says so in its legend: the
// cheaper cell beside a "cheapest" mark was passed over without a word
// (QA, 2026-12-05). A sweep with no such row has neither.
func TestPlotSweepMarksSheddingCells(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		limits string
		sheds  bool
	}{{"300,6000", true}, {"5000,6000", false}} {
		in := filepath.Join(dir, "s"+c.limits+".csv")
		code, _, errOut := cli(t, "sweep", "--demo", "texas2012", "--limit-hours", "48",
			"--vary", "grid.import_limit_kw="+c.limits, "--vary", "battery.energy_kwh=0,4000", "--out", in)
		require.Equal(t, exitOK, code, errOut)
		out := filepath.Join(dir, "p"+c.limits+".svg")
		code, _, errOut = cli(t, "plot", "sweep", "--in", in, "--x", "grid.import_limit_kw", "--y", "battery.energy_kwh", "--out", out)
		require.Equal(t, exitOK, code, errOut)
		svg, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, c.sheds, strings.Contains(string(svg), ">C!<"), "%s: a shedding cell's mark", c.limits)
		assert.Equal(t, c.sheds, strings.Contains(string(svg), "sheds more of the load than"), "%s: the legend's line", c.limits)
	}
}
