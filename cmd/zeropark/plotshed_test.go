package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

// A four-parameter sweep's cheapest outside the slice are listed a line a
// row when in full they would not fit below the colour bar (QA,
// 2026-12-05: eleven lines fell below the picture, the sweep's cheapest
// zero-carbon design among them).
func TestPlotSweepLegendFits(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "m4.csv")
	code, _, errOut := cli(t, "sweep", "--demo", "texas2012", "--limit-hours", "168",
		"--vary", "pv.capacity_kwp=0,4000,8000", "--vary", "battery.energy_kwh=0,10000,20000",
		"--vary", "wind.capacity_kw=0,3000,6000", "--vary", "grid.import_limit_kw=3000,6000", "--out", in)
	require.Equal(t, exitOK, code, errOut)
	out := filepath.Join(dir, "m4.svg")
	code, _, errOut = cli(t, "plot", "sweep", "--in", in, "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	svg, err := os.ReadFile(out)
	require.NoError(t, err)
	s := string(svg)
	assert.Contains(t, s, "the sweep&#39;s cheapest, not drawn:")
	assert.Regexp(t, `>– [a-z, -]+: combination \d+(, [\d,]+ a year)?<`, s, "a line a row")
	assert.NotContains(t, s, ">  wind.capacity_kw = ", "no parameter lines")
	// Every text line lies on the 576 pt page: gonum writes y negative
	// in the flipped frame (0 < −y < 576), positive only for the turned
	// axis labels, one in each rotate group. A legend line below the page
	// has a positive y too, one more than the groups.
	n, turned := 0, 0
	for _, m := range regexp.MustCompile(`<text x="[-\d.]+" y="(-?[\d.]+)" transform="scale\(1, -1\)"`).FindAllStringSubmatch(s, -1) {
		y, err := strconv.ParseFloat(m[1], 64)
		require.NoError(t, err)
		if y > 0 {
			turned++
			continue
		}
		assert.Less(t, -y, 576.0, "a text line above the page")
		n++
	}
	assert.Equal(t, strings.Count(s, `<g transform="rotate(90)">`), turned, "only the turned labels at y > 0")
	assert.Greater(t, n, 20)
}
