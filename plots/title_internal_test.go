package plots

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/zeropark/zeropark/results"
)

// titleLines are the lines of title as fig draws them (on a recorder):
// each line's box, from where its text is put to its width in its font.
func titleLines(t *testing.T, fig *Figure, title string) (lines []string, boxes []vg.Rectangle) {
	t.Helper()
	rec := new(recorder.Canvas)
	fig.Draw(draw.NewCanvas(rec, fig.Width, fig.Height))
	for _, a := range rec.Actions {
		fs, ok := a.(*recorder.FillString)
		if !ok || fs.Size < 7 || len(fs.String) < 8 || !strings.Contains(title, fs.String) {
			continue
		}
		sty := textStyle(fs.Size)
		lines = append(lines, fs.String)
		boxes = append(boxes, vg.Rectangle{Min: fs.Point, Max: vg.Point{X: fs.Point.X + sty.Width(fs.String), Y: fs.Point.Y + sty.Height(fs.String)}})
	}
	return lines, boxes
}

// The cost-coloured heat map's title fits within titleMargin of either
// side of the figure at the default size (plots QA: "Total cost (USD a
// year: capital, O&M, operation, offsets, certificates) over
// battery.energy_kwh × pv.capacity_kwp" ran from edge to edge): broken
// in two, every word kept, the axes "X × Y" on one line, the lines
// centred.
func TestHeatmapCostTitleWithinMargins(t *testing.T) {
	g := costCells(650_000, 1_100_000)
	g.X, g.Y, g.Currency = "battery.energy_kwh", "pv.capacity_kwp", "USD"
	title := heatmapTitle(g)
	require.Equal(t, "Total cost (USD a year: capital, O&M, operation, offsets, certificates) over battery.energy_kwh × pv.capacity_kwp", title)
	fig, err := SweepHeatmap(g, nil)
	require.NoError(t, err)
	lines, boxes := titleLines(t, fig, title)
	require.Len(t, lines, 2, "%q", lines)
	for i, b := range boxes {
		assert.GreaterOrEqual(t, b.Min.X, titleMargin, "line %q starts %v from the left edge", lines[i], b.Min.X)
		assert.LessOrEqual(t, b.Max.X, fig.Width-titleMargin, "line %q ends %v from the right edge", lines[i], fig.Width-b.Max.X)
		assert.InDelta(t, float64(fig.Width/2), float64(b.Min.X+b.Max.X)/2, 7, "line %q centred", lines[i]) // the area is 6 pt in at the left and right alike
	}
	assert.Equal(t, strings.Fields(title), strings.Fields(strings.Join(lines, " ")), "no word lost")
	assert.Contains(t, lines[1], "battery.energy_kwh × pv.capacity_kwp")
}

// balancedLines: a line that fits stays whole; one that does not is
// broken into as many lines as breaking greedily at the width takes,
// none wider than the width, the widest no wider than greedy's widest
// (here strictly narrower: greedy leaves a short last line), words in
// order; " × " is never a place to break.
func TestBalancedLines(t *testing.T) {
	sty := textStyle(14)
	assert.Equal(t, []string{"short title"}, balancedLines(sty, "short title", 200))
	s := strings.Repeat("word ", 20) + "tail"
	w := sty.Width(strings.Repeat("word ", 15))
	got := balancedLines(sty, s, w)
	require.Len(t, got, 2)
	widest := vg.Length(0)
	for _, l := range got {
		assert.LessOrEqual(t, sty.Width(l), w, l)
		widest = max(widest, sty.Width(l))
	}
	assert.Less(t, widest, sty.Width(strings.TrimSpace(strings.Repeat("word ", 15))), "balanced: %q", got)
	assert.Equal(t, strings.Fields(s), strings.Fields(strings.Join(got, " ")))
	axes := "Residual over battery.energy_kwh × pv.capacity_kwp"
	for _, l := range balancedLines(sty, axes, sty.Width("Residual over battery.energy_kwh ×")) {
		assert.False(t, strings.HasPrefix(l, "×") || strings.HasSuffix(l, "×"), "broken at ×: %q", l)
	}
}

// A title too narrow to need breaking keeps its lines as written, and
// the results' own long titles fit too (the roadmap's park name).
func TestTitleSpaceKeepsShortTitles(t *testing.T) {
	c := draw.NewCanvas(new(recorder.Canvas), 10*vg.Inch, 8*vg.Inch)
	sty, text, below := titleSpace(c, "Line one\nline two", 14)
	assert.Equal(t, "Line one\nline two", text)
	assert.Equal(t, vg.Length(14), sty.Font.Size)
	assert.InDelta(t, float64(c.Max.Y-sty.Height(text)-2*titlePad), float64(below.Max.Y), 1e-9)
	rm := &results.Roadmap{Park: "Greensboro NC heat demo park (TMY3 weather, DOE reference buildings' heat, gas boilers today)", Currency: "USD",
		Rows: reachRoadmap().Rows}
	fig, err := RoadmapCosts(rm, nil)
	require.NoError(t, err)
	title := "Roadmap: annual cost of each design, " + rm.Park
	lines, boxes := titleLines(t, fig, title)
	require.NotEmpty(t, lines)
	for i, b := range boxes {
		assert.GreaterOrEqual(t, b.Min.X, titleMargin, lines[i])
		assert.LessOrEqual(t, b.Max.X, fig.Width-titleMargin, lines[i])
	}
	assert.Equal(t, strings.Fields(title), strings.Fields(strings.Join(lines, " ")))
}

// A title of phrases separated by " · " (the week's totals) breaks
// between phrases, the separator dropped at the break; at spaces, a
// number keeps the word after it ("246.5 MWh").
func TestBalancedLinesPhrasesAndNumbers(t *testing.T) {
	sty := textStyle(14)
	s := "rolling horizon (mpc) dispatch, Sun 12 Mar 2023 – Sat 18 Mar 2023 · load 246.5 MWh · renewable share 36 % · grid import 156.8 MWh · emissions 83.20 tCO2e"
	w := sty.Width(s) * 0.6
	got := balancedLines(sty, s, w)
	require.Len(t, got, 2)
	assert.Equal(t, s, strings.Join(got, " · "), "broken at a separator, nothing else changed")
	for _, l := range got {
		assert.LessOrEqual(t, sty.Width(l), w, l)
	}
	words := "load 246.5 MWh and then some more words to wrap"
	for _, l := range balancedLines(sty, words, sty.Width("load 246.5 MW")) {
		assert.False(t, strings.HasSuffix(l, "246.5"), "a number left without its unit: %q", l)
	}
}
