package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// HeatmapOptions tunes [SweepHeatmap]; nil or zero fields mean defaults.
type HeatmapOptions struct {
	// Title replaces the generated title when not empty.
	Title string
	// WidthIn and HeightIn are the figure size in inches (default 10 × 8).
	WidthIn, HeightIn float64
	// DPI is the PNG resolution in dots per inch (default 100).
	DPI int
}

// stageMark is a stage's one-letter mark in the cells, in order from best
// to worst.
var stageMarks = []struct {
	stage dispatch.Stage
	mark  string
}{
	{dispatch.ZeroCarbon, "Z"},
	{dispatch.NearZeroCarbon, "N"},
	{dispatch.LowCarbon, "L"},
	{dispatch.Conventional, "C"},
}

func stageMark(s dispatch.Stage) string {
	for _, m := range stageMarks {
		if m.stage == s {
			return m.mark
		}
	}
	return "?"
}

// cells adapts a results.Grid to plotter.GridXYZ: cells are equal,
// labelled with their values.
type cells struct{ g *results.Grid }

func (c cells) Dims() (int, int)   { return len(c.g.Xs), len(c.g.Ys) }
func (c cells) Z(i, j int) float64 { return c.g.Values[i][j] }
func (c cells) X(i int) float64    { return float64(i) }
func (c cells) Y(j int) float64    { return float64(j) }

// colourRange is the range of the colour scale for offsets from lo to hi
// (tCO2e). A range too narrow to colour — every cell equal, one cell, or
// values equal to float precision — is widened around its middle by
// max(0.5 tCO2e, 1 % of the value), and kept from going below 0 when the
// offsets do not, so the map still draws (in one colour) and the colour
// bar still has ticks. A range wider than float64 holds is an error.
func colourRange(lo, hi float64) (float64, float64, error) {
	if math.IsInf(hi-lo, 0) || math.IsNaN(hi-lo) {
		return 0, 0, inputErr("offsets from %g to %g tCO2e: range too wide to colour", lo, hi)
	}
	mid := lo/2 + hi/2 // no overflow near ±MaxFloat64
	if hi-lo > 1e-9*math.Max(1, math.Abs(mid)) {
		return lo, hi, nil
	}
	half := math.Max(0.5, math.Abs(mid)/100)
	a, b := mid-half, mid+half
	switch {
	case math.IsInf(b, 1): // near +MaxFloat64: widen downwards only
		a, b = mid-2*half, mid
	case math.IsInf(a, -1):
		a, b = mid, mid+2*half
	case a < 0 && lo >= 0:
		a, b = 0, 2*half
	}
	return a, b, nil
}

// offsetsStops are the offsets map's colours, dark to pale.
var offsetsStops = []color.Color{
	color.NRGBA{R: 0x80, G: 0x00, B: 0x26, A: 0xff},
	color.NRGBA{R: 0xe3, G: 0x1a, B: 0x1c, A: 0xff},
	color.NRGBA{R: 0xfd, G: 0x8d, B: 0x3c, A: 0xff},
	color.NRGBA{R: 0xfe, G: 0xd9, B: 0x76, A: 0xff},
	color.NRGBA{R: 0xff, G: 0xff, B: 0xcc, A: 0xff},
}

// offsetsColours runs from pale yellow (few offsets) to dark red (many):
// a sequential map with luminance linear in the value.
func offsetsColours(lo, hi float64) (palette.ColorMap, error) {
	cm, err := moreland.NewLuminance(offsetsStops)
	if err != nil {
		return nil, err
	}
	cm = palette.Reverse(cm)
	cm.SetMin(lo)
	cm.SetMax(hi)
	return cm, nil
}

// cellMarks draws in every cell its offsets and stage letter, and a thick
// line on every edge between cells of different stages.
type cellMarks struct {
	g *results.Grid
	// hm draws the cells' fills; the text on a cell takes its ink from
	// the fill hm drew there ([cellMarks.fill], [inkOn]).
	hm   *plotter.HeatMap
	font vg.Length
	// unlabelled lists, after Plot, the cheapest cells too small to hold
	// their label; the legend names them instead.
	unlabelled []cheapestNote
	outlined   int // cells outlined as the cheapest, after Plot
}

// cheapestNote is a cheapest cell whose label the legend carries: the
// stages it is the cheapest reaching and its x and y values.
type cheapestNote struct {
	stages []dispatch.Stage
	// costs are the stages' costs a year, one for each of stages, what
	// the cell was chosen on (results.CheapestCell.TotalCostPerYear):
	// always filled, as every cheapest cell has its cost.
	costs []float64
	x, y  float64
}

func (m *cellMarks) Plot(c draw.Canvas, p *plot.Plot) {
	m.unlabelled, m.outlined = m.unlabelled[:0], 0 // a figure may be drawn more than once
	trX, trY := p.Transforms(&c)
	sty := textStyle(m.font)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	big := textStyle(m.font + 3)
	big.XAlign, big.YAlign = draw.XCenter, draw.YCenter
	nc, nr := len(m.g.Xs), len(m.g.Ys)
	for i := 0; i < nc; i++ {
		for j := 0; j < nr; j++ {
			x, y := trX(float64(i)), trY(float64(j))
			v := m.g.Values[i][j]
			ink := inkOn(m.fill(v))
			big.Color, sty.Color = ink, ink
			if m.g.Unreached(i, j) {
				// A row that cannot reach the colour column's stage: no
				// value to colour, hatched as the roadmap's stages out of
				// reach are, its own stage letter kept (the legend says).
				hatch(c, vg.Rectangle{Min: vg.Point{X: trX(float64(i) - 0.5), Y: trY(float64(j) - 0.5)},
					Max: vg.Point{X: trX(float64(i) + 0.5), Y: trY(float64(j) + 0.5)}})
				ink := inkOn(colOutOfReach)
				big.Color, sty.Color = ink, ink
				mark := stageMark(m.g.Stages[i][j])
				if m.g.Shed(i, j) {
					mark += "!"
				}
				c.FillText(big, vg.Point{X: x, Y: y + m.font*0.7}, mark)
				c.FillText(sty, vg.Point{X: x, Y: y - m.font*0.8}, "cannot reach")
				continue
			}
			if math.IsNaN(v) {
				c.FillText(sty, vg.Point{X: x, Y: y}, "no run")
				continue
			}
			mark := stageMark(m.g.Stages[i][j])
			if m.g.Shed(i, j) {
				mark += "!" // sheds load: ranked for no stage (the legend says)
			}
			c.FillText(big, vg.Point{X: x, Y: y + m.font*0.7}, mark)
			c.FillText(sty, vg.Point{X: x, Y: y - m.font*0.8}, formatCell(m.g.KPI, v))
		}
	}
	m.markCheapest(c, trX, trY)
	line := draw.LineStyle{Color: colBoundary, Width: vg.Points(3.5)}
	differ := func(a, b dispatch.Stage) bool { return a != b && a != "" && b != "" }
	for i := 0; i < nc; i++ {
		for j := 0; j < nr; j++ {
			if i+1 < nc && differ(m.g.Stages[i][j], m.g.Stages[i+1][j]) {
				x := trX(float64(i) + 0.5)
				c.StrokeLine2(line, x, trY(float64(j)-0.5), x, trY(float64(j)+0.5))
			}
			if j+1 < nr && differ(m.g.Stages[i][j], m.g.Stages[i][j+1]) {
				y := trY(float64(j) + 0.5)
				c.StrokeLine2(line, trX(float64(i)-0.5), y, trX(float64(i)+0.5), y)
			}
		}
	}
}

// colBoundary is the line between cells of different stages; colNoRun
// a cell without a row.
var (
	colBoundary = color.NRGBA{R: 0x10, G: 0x3a, B: 0x8c, A: 0xff}
	colNoRun    = color.NRGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}
)

// cheapestLine outlines the cheapest cell reaching a stage.
var cheapestLine = draw.LineStyle{Color: color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0xff}, Width: vg.Points(2.5),
	Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}

// markCheapest outlines each cell that is the cheapest reaching some
// stage (g.Cheapest) and writes inside the outline, clear of its dashes
// and above the stage letter, which stages and at what cost a year, the
// stage's cost the cell was chosen on whatever the colour column, in the
// cell's three significant figures: "cheapest for low-carbon at 2.33M,
// near-zero-carbon at 2.50M" (see [cheapestLabel], which also says when
// the total cost under the letter is another figure). A cell too small for
// that is only outlined and noted in m.unlabelled, for the legend.
func (m *cellMarks) markCheapest(c draw.Canvas, trX, trY func(float64) vg.Length) {
	type cell struct{ c, r int }
	stages := map[cell][]dispatch.Stage{}
	costs := map[cell][]float64{}
	var order []cell
	// wide: for each of a cell's stages, whether it is the whole sweep's
	// cheapest there, not the slice's only.
	wide := map[cell][]bool{}
	for _, ch := range m.g.Cheapest {
		k := cell{ch.C, ch.R}
		if _, ok := stages[k]; !ok {
			order = append(order, k)
		}
		stages[k] = append(stages[k], ch.Stage)
		costs[k] = append(costs[k], ch.TotalCostPerYear)
		wide[k] = append(wide[k], ch.SweepWide)
	}
	sty := textStyle(m.font - 1)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	m.outlined = len(order)
	for _, k := range order {
		x0, x1 := trX(float64(k.c)-0.44), trX(float64(k.c)+0.44)
		y0, y1 := trY(float64(k.r)-0.44), trY(float64(k.r)+0.44)
		c.StrokeLines(cheapestLine, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
		sty.Color = inkOn(m.fill(m.g.Values[k.c][k.r]))
		// From just inside the dashes down to the top of the stage letter
		// (drawn centred font·0.7 above the cell's middle, m.font+3 high).
		top := y1 - cheapestInset
		letterTop := trY(float64(k.r)) + m.font*0.7 + (m.font+3)/2
		lh := sty.FontExtents().Height
		lines := splitCheapestLabel(sty, wide[k], stages[k], costs[k], m.shown(k.c, k.r), x1-x0-2*cheapestInset, top-letterTop, lh)
		if lines == nil {
			m.unlabelled = append(m.unlabelled, cheapestNote{stages: stages[k], costs: costs[k], x: m.g.Xs[k.c], y: m.g.Ys[k.r]})
		}
		for i, l := range lines {
			c.FillText(sty, vg.Point{X: trX(float64(k.c)), Y: top - vg.Length(i)*lh}, l)
		}
	}
}

// splitCheapestLabel is [cheapestLabel] of a cell whose stages are the
// whole sweep's cheapest for some (wide) and the slice's only for others:
// "cheapest for" the first, then "cheapest in slice for" the rest, each
// group as cheapestLabel words it (QA, 2026-12-05: a cell that was the
// sweep's cheapest near-zero and zero-carbon design was called the
// slice's cheapest for all its stages); nil when the lines do not fit.
func splitCheapestLabel(sty draw.TextStyle, wide []bool, stages []dispatch.Stage, costs []float64, shown string, w, h, lh vg.Length) []string {
	var ws, ss []dispatch.Stage
	var wc, sc []float64
	for i, st := range stages {
		c := math.NaN()
		if i < len(costs) {
			c = costs[i]
		}
		if i < len(wide) && wide[i] {
			ws, wc = append(ws, st), append(wc, c)
		} else {
			ss, sc = append(ss, st), append(sc, c)
		}
	}
	if len(ws) == 0 || len(ss) == 0 {
		return cheapestLabel(sty, len(ws) == 0, stages, costs, shown, w, h)
	}
	first := cheapestLabel(sty, false, ws, wc, "", w, h)
	if first == nil {
		return nil
	}
	if slices.ContainsFunc(wc, func(c float64) bool { return formatCell(results.ColTotalCostPerYear, c) == shown }) {
		shown = "" // the first group quotes the cell's figure
	}
	rest := cheapestLabel(sty, true, ss, sc, shown, w, h-vg.Length(len(first))*lh)
	if rest == nil {
		return nil
	}
	return append(first, rest...)
}

// shown is the value cell (c, r) shows, formatted, when it is the total
// cost a year, which the cheapest label compares with the stage costs it
// quotes; "" for another KPI (offsets: not a cost).
func (m *cellMarks) shown(c, r int) string {
	if m.g.KPI != results.ColTotalCostPerYear {
		return ""
	}
	return formatCell(m.g.KPI, m.g.Values[c][r])
}

// cheapestInset is the gap between the cheapest cell's outline and its
// label: half the dashes' width and a few points.
var cheapestInset = cheapestLine.Width/2 + vg.Points(3)

// cheapestLabel is the label of a cell that is the cheapest reaching
// stages (in sty): "cheapest for" and the stages' names, conventional
// named "any stage" (the cheapest reaching conventional or better is the
// cheapest of all, whatever stage it reaches), each with its cost a year
// from costs in [formatCell]'s three significant figures ("low-carbon at
// 2.33M"; stages at the same cost share it: "any stage and low-carbon at
// 657k"; the figures always pass costs, a nil costs, which names none,
// is for tests of the wrapping) — "cheapest in slice for" when the cell
// is the cheapest of its slice only (inSlice) — then, when shown (the
// value the cell shows, formatted, when it is the total cost a year) is
// not one of those costs, "(shown: 1.07M with purchases)": the cell's
// total buys offsets and certificates the stage does not need; wrapped
// into lines no wider than w; nil when those lines would be wider than w
// or stand taller than h.
func cheapestLabel(sty draw.TextStyle, inSlice bool, stages []dispatch.Stage, costs []float64, shown string, w, h vg.Length) []string {
	words := []string{"cheapest", "for"}
	if inSlice {
		words = []string{"cheapest", "in", "slice", "for"}
	}
	quoted := false
	for i := 0; i < len(stages); {
		j := i + 1 // stages i to j share a cost
		for j < len(stages) && j < len(costs) && formatCell(results.ColTotalCostPerYear, costs[j]) == formatCell(results.ColTotalCostPerYear, costs[i]) {
			j++
		}
		for k := i; k < j; k++ {
			words = append(words, strings.Fields(cheapestStageName(stages[k]))...)
			switch {
			case k < j-2:
				words[len(words)-1] += ","
			case k == j-2:
				words = append(words, "and")
			}
		}
		if i < len(costs) {
			c := formatCell(results.ColTotalCostPerYear, costs[i])
			words = append(words, "at "+c)
			quoted = quoted || c == shown
		}
		if j < len(stages) {
			words[len(words)-1] += ","
		}
		i = j
	}
	if shown != "" && len(costs) > 0 && !quoted {
		words = append(words, "(shown:", shown, "with", "purchases)")
	}
	var lines []string
	for _, wd := range words {
		if n := len(lines); n > 0 && sty.Width(lines[n-1]+" "+wd) <= w {
			lines[n-1] += " " + wd
			continue
		}
		lines = append(lines, wd)
	}
	fits := vg.Length(len(lines))*sty.FontExtents().Height <= h
	for _, l := range lines {
		fits = fits && sty.Width(l) <= w
	}
	if !fits {
		return nil
	}
	return lines
}

// cheapestStageName is how the cheapest cells' labels and legend name
// stage st: "any stage" for conventional (every design reaches it: the
// cheapest reaching it is the cheapest of all, often a low-carbon cell,
// which "cheapest for conventional" misnamed), else the stage's name.
func cheapestStageName(st dispatch.Stage) string {
	if st == dispatch.Conventional {
		return "any stage"
	}
	return string(st)
}

// stageWords are the words naming stage i of a cheapest cell: its name
// and, where costs has it, its cost a year, kept on one line ("at 2.33M").
func stageWords(st dispatch.Stage, costs []float64, i int) []string {
	if i >= len(costs) {
		return []string{cheapestStageName(st)}
	}
	return []string{cheapestStageName(st), "at " + formatCell(results.ColTotalCostPerYear, costs[i])}
}

// formatCell prints a cell's value — of any KPI, tCO2e or money — and
// the cheapest cells' costs alike: [formatSig3].
func formatCell(_ string, v float64) string { return formatSig3(v) }

// formatSig3 prints v in three significant figures, trailing zeros kept
// ("1.40M" beside "1.42M", "0.380" beside "0.447", "5.00"), with k, M
// or G from a thousand up ("6.81k", "657k"), so that every number on the
// heat map is rounded alike (plots QA: "1.4M" beside "1.42M"; the
// cheapest label's "1M" for 1,002,461). 0 is "0".
func formatSig3(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	a := math.Abs(v)
	e := int(math.Floor(math.Log10(a)))
	unit := math.Pow(10, float64(e-2))
	r := math.Round(a/unit) * unit
	if r >= math.Pow(10, float64(e+1))*(1-1e-12) { // 999.7 rounds to 1.00k
		e++
	}
	suffix, p := "", 0
	switch {
	case e >= 9:
		suffix, p = "G", 9
	case e >= 6:
		suffix, p = "M", 6
	case e >= 3:
		suffix, p = "k", 3
	}
	s := strconv.FormatFloat(r/math.Pow(10, float64(p)), 'f', max(0, 2-(e-p)), 64) + suffix
	if v < 0 {
		s = "-" + s
	}
	return s
}

// fill is the colour m.hm fills a cell of value v with, chosen as
// plotter.HeatMap chooses it: hm.Underflow or hm.Overflow outside
// [hm.Min, hm.Max], hm.NaN for a cell without a run (or a range of zero
// width), else the palette colour v rounds to. Asking the colour map
// instead (ColorMap.At) can fail at the range's ends — the reversed map
// computes max − (v − min), which rounds outside [min, max] for some
// values — and left the darkest cell's text black. nil (nothing drawn:
// the paper shows) is read as white by [inkOn].
func (m *cellMarks) fill(v float64) color.Color {
	h := m.hm
	pal := h.Palette.Colors()
	ps := float64(len(pal)-1) / (h.Max - h.Min)
	switch {
	case v < h.Min:
		return h.Underflow
	case v > h.Max:
		return h.Overflow
	case math.IsNaN(v), math.IsInf(ps, 0), math.IsNaN(ps), len(pal) == 0:
		return h.NaN
	}
	return pal[min(int((v-h.Min)*ps+0.5), len(pal)-1)]
}

// inkOn is the colour of text drawn on fill: white when white contrasts
// more with fill than black does (WCAG 2 contrast ratio, (L1 + 0.05) /
// (L2 + 0.05) of relative luminances), else black. The two ratios are
// equal at relative luminance √(1.05 × 0.05) − 0.05 ≈ 0.179.
func inkOn(fill color.Color) color.Color {
	if fill == nil { // nothing drawn: the figure's white paper
		fill = color.White
	}
	l := relativeLuminance(fill)
	if contrastRatio(1, l) > contrastRatio(l, 0) {
		return color.White
	}
	return color.Black
}

// contrastRatio is the WCAG 2 contrast ratio between colours of relative
// luminances l1 and l2, from 1 (the same) to 21 (white on black).
func contrastRatio(l1, l2 float64) float64 {
	return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
}

// relativeLuminance is the WCAG 2 relative luminance of c in [0, 1]: the
// sRGB components made linear, weighted 0.2126 R + 0.7152 G + 0.0722 B.
// A colour not opaque is taken over the figure's white paper.
func relativeLuminance(c color.Color) float64 {
	r, g, b, a := c.RGBA() // alpha-premultiplied, 0–0xffff
	lin := func(v uint32) float64 {
		s := float64(v+0xffff-a) / 0xffff // over white
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// axisLabel is a parameter path or column name followed by the unit its
// suffix names: the heat side's "_kw_th" and "_kwh_th" (thermal kW and
// kWh, "heat_pump.capacity_kw_th (kW_th)"), then the electric "_kwh",
// "_kwp", "_kw" and "_h", "_kgco2e", "_tco2e", and "×" for a scale.
func axisLabel(path string) string {
	for _, u := range []struct{ suffix, unit string }{
		{"_kw_th", "kW_th"}, {"_kwh_th", "kWh_th"},
		{"_kwh", "kWh"}, {"_kwp", "kWp"}, {"_kw", "kW"}, {"_h", "h"}, {"_kgco2e", "kgCO2e"}, {"_tco2e", "tCO2e"},
	} {
		if strings.HasSuffix(path, u.suffix) {
			return path + " (" + u.unit + ")"
		}
	}
	if strings.HasSuffix(path, "scale") {
		return path + " (×)"
	}
	return path
}

// valueTicks labels cell k of the axis with vs[k]; an unlimited grid
// limit (+Inf, last of the sorted values) is its own cell labelled
// results.Unlimited. Beyond most labels (0: no limit) every cell keeps
// its tick but only every step-th is labelled, the first and the last
// always (one less than a step before the last left bare): 30 columns
// of labels ran into one another (QA, 2026-12-04).
func valueTicks(vs []float64, most int) plot.ConstantTicks {
	n := len(vs)
	step := 1
	if most > 0 && n > most {
		step = (n + most - 1) / most
	}
	ts := make(plot.ConstantTicks, n)
	for k, v := range vs {
		label := ""
		if k%step == 0 && n-1-k >= step || k == n-1 {
			label = valueLabel(v)
		}
		ts[k] = plot.Tick{Value: float64(k), Label: label}
	}
	return ts
}

// Most labels on the heat map's axes: up, a value is a line tall
// (mostYLabels); across, as wide as its characters, so the most across
// is what the widest label leaves room for (xLabelRoomChars characters with a
// gap of two each), from 4 to mostXLabels.
const (
	mostXLabels     = 15
	mostYLabels     = 30
	xLabelRoomChars = 90
)

// mostAcross is the most labels across for values vs (mostXLabels at four
// characters or fewer, 12 at five, 8 for "unlimited").
func mostAcross(vs []float64) int {
	widest := 0
	for _, v := range vs {
		widest = max(widest, utf8.RuneCountInString(valueLabel(v)))
	}
	return min(mostXLabels, max(4, xLabelRoomChars/(widest+2)))
}

// valueLabel is how the heat map writes a parameter value: six
// significant digits, results.Unlimited for +Inf.
func valueLabel(v float64) string {
	if math.IsInf(v, 1) {
		return results.Unlimited
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// netZeroNote is the heat map's line under the title on whether buying
// the offsets drawn reaches net zero (zero-carbon), for the offsets
// needed: it does only for a row meeting near-zero-carbon's indicators
// (results: zero_carbon_offsets_tco2e_per_year empty otherwise), so when
// no cell reaches zero-carbon even by buying (the rows' stage costs say,
// g.Cheapest has none for it) the line says so; when some cell does, the
// line says where; "" for another KPI, or when the rows have no stage
// costs to tell.
func netZeroNote(g *results.Grid) string {
	if g.KPI != results.ColOffsetsNeededTCO2e || !g.StageCosts || len(g.Cheapest) == 0 {
		return ""
	}
	if !slices.ContainsFunc(g.Cheapest, func(c results.CheapestCell) bool { return c.Stage == dispatch.ZeroCarbon }) {
		return "no cell reaches net zero (zero-carbon) by buying these offsets: it needs near-zero-carbon's indicators first"
	}
	return "buying these offsets reaches net zero (zero-carbon) only in a cell meeting near-zero-carbon's indicators"
}

// kpiText is how the heat map of g names its KPI: the colour bar's label,
// the title's head and the best row's adjective in the title. The offsets
// needed say what they are: beyond the offsets held, over the simulated
// period ([offsetsBasis]).
func kpiText(g *results.Grid) (bar, title, lowest string) {
	switch g.KPI {
	case results.ColOffsetsNeededTCO2e:
		period, held := offsetsBasis(g)
		bar = "offsets beyond held (tCO2e"
		if period != "" {
			bar += " " + period
		}
		// The residual beyond the offsets held, not "offsets needed to
		// reach net zero": buying them reaches zero-carbon only for a
		// row meeting near-zero-carbon's indicators ([netZeroNote]).
		title = "Residual to offset (tCO2e"
		if p, ok := strings.CutPrefix(period, "over "); ok {
			period = "over the " + p + " simulated, not per year"
		}
		switch {
		case period != "" && held != "":
			title += " " + period + "; " + held
		case period != "":
			title += " " + period
		case held != "":
			title += ", " + held
		}
		return bar + ")", title + ")", "lowest-offset"
	case results.ColTotalCostPerYear:
		// "lowest-total-cost", not "cheapest": the legend's cheapest cells
		// rank on each stage's cost (QA, December 2026: the title and the
		// legend named two different "cheapest" combinations).
		return "total cost (" + money(g) + " a year)", "Total cost (" + money(g) + " a year: capital, O&M, operation, offsets, certificates)", "lowest-total-cost"
	}
	// Another column: "lowest <column>", not "lowest-<column>" (the
	// title read "at the lowest-cost_to_near_zero_carbon_per_year
	// combination").
	if u := moneyUnit(g); u != "" {
		return g.KPI + " (" + u + ")", g.KPI + " (" + u + ")", "lowest " + g.KPI
	}
	return axisLabel(g.KPI), axisLabel(g.KPI), "lowest " + g.KPI
}

// money is g's currency, or "the park's currency" when the file does not
// name it (no economics, or written before the currency column).
func money(g *results.Grid) string {
	if g.Currency != "" {
		return g.Currency
	}
	return "the park's currency"
}

// moneyUnit is the unit of g's KPI when it is money
// ([results.MoneyBasis]) — "USD a year", "USD over 168 h" (the simulated
// period), "USD, up front" for the investment — or "".
func moneyUnit(g *results.Grid) string {
	switch results.MoneyBasis(g.KPI) {
	case "year":
		return money(g) + " a year"
	case "period":
		if g.PeriodH > 0 {
			return money(g) + " over " + strconv.FormatFloat(g.PeriodH, 'f', -1, 64) + " h"
		}
		return money(g) + " over the simulated period"
	case "once":
		return money(g) + ", up front"
	}
	return ""
}

// offsetsBasis says what g's offsets needed are over — "a year" or "over
// 168 h" (the simulated period, not scaled to a year) — and beyond which
// holdings: "beyond the 400 t held"; each "" when the file does not say
// (g.PeriodH, g.OffsetsHeldTCO2e NaN or 0, as in a Grid built by hand) or
// no offsets are held.
func offsetsBasis(g *results.Grid) (period, held string) {
	switch h := g.PeriodH; {
	case math.IsNaN(h) || h <= 0:
	case math.Abs(h-results.HoursPerYear) < 0.5 || math.Abs(h-(results.HoursPerYear+24)) < 0.5: // a year or a leap year
		period = "a year"
	default:
		period = "over " + results.Grouped(h, 0) + " h"
		if math.Abs(h-math.Round(h)) > 1e-9 {
			period = "over " + results.FormatNumber(h) + " h"
		}
	}
	// None held (or not known): the offsets needed are the residual.
	if v := g.OffsetsHeldTCO2e; v > 0 {
		held = "beyond the " + capacityText(v) + " t held"
	}
	return period, held
}

// sliceText names where g slices the sweep: its held and fixed values but
// the axes, "w = 2500, z = 3" in name order; "" when g is the whole sweep.
func sliceText(g *results.Grid) string {
	vs := map[string]float64{}
	for k, v := range g.Held {
		vs[k] = v
	}
	for k, v := range g.Fixed {
		vs[k] = v
	}
	return otherValues(g, vs, "")
}

// otherValues lists the parameters of vs but g's axes in name order,
// "w = 2500, z = 3", each value followed by mark.
func otherValues(g *results.Grid, vs map[string]float64, mark string) string {
	keys := make([]string, 0, len(vs))
	for k := range vs {
		if k != g.X && k != g.Y {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " = " + valueLabel(vs[k]) + mark
	}
	return strings.Join(parts, ", ")
}

// heatmapTitle names the KPI, the axes, the policy and the values the
// other parameters were held at: those the query fixed (g.Fixed, marked
// "(--fix)") and those chosen through the best row (g.Held).
func heatmapTitle(g *results.Grid) string {
	_, head, lowest := kpiText(g)
	title := fmt.Sprintf("%s over %s × %s", head, g.X, g.Y)
	if g.Policy != "" {
		title += ", policy " + g.Policy
	}
	if n := netZeroNote(g); n != "" {
		title += "\n" + n
	}
	fix, held := otherValues(g, g.Fixed, " (--fix)"), otherValues(g, g.Held, "")
	switch {
	case fix != "" && held != "":
		title += "\nother parameters: " + fix + "; the rest at the " + lowest + " combination: " + held
	case fix != "":
		title += "\nother parameters: " + fix
	case held != "":
		title += "\nother parameters at the " + lowest + " combination: " + held
	}
	return title
}

// checkGrid refuses a grid whose shape does not match its axes.
func checkGrid(g *results.Grid) error {
	if g == nil || len(g.Xs) == 0 || len(g.Ys) == 0 {
		return inputErr("no cells to draw")
	}
	if len(g.Values) != len(g.Xs) || len(g.Stages) != len(g.Xs) {
		return inputErr("grid has %d value columns and %d stage columns for %d x values", len(g.Values), len(g.Stages), len(g.Xs))
	}
	for c := range g.Xs {
		if len(g.Values[c]) != len(g.Ys) || len(g.Stages[c]) != len(g.Ys) {
			return inputErr("grid column %d has %d values and %d stages for %d y values", c, len(g.Values[c]), len(g.Stages[c]), len(g.Ys))
		}
	}
	return nil
}

// SweepHeatmap draws grid g — a KPI of a sweep over two of its parameters,
// as results.Table.Grid answers it; by default the offsets needed (tCO2e)
// — in colour, g.X across and g.Y up, one equal cell per value. Each cell
// shows its stage letter (Z zero-carbon, N near-zero-carbon, L low-carbon,
// C conventional) and its value; thick lines run where the stage changes
// between neighbours; cells without a row are marked "no run", and those
// whose row cannot reach the stage the colour column prices
// (results.Grid.CannotReach) are hatched grey, marked "cannot reach"
// under their stage letter, the legend naming the stage. All text
// on a cell is white or black, whichever contrasts more with the cell's
// fill (WCAG 2 contrast ratio of relative luminances). When the
// rows have costs per year (g.Cheapest), the cheapest cell reaching each
// stage is outlined and labelled "cheapest for" and those stages' names
// (in the legend instead when the cell is too small for them); when g is
// a slice of a larger sweep and such a cell is not the sweep's cheapest
// (results.CheapestCell.SweepWide) it reads "cheapest in slice for", and
// the legend names the slice and the sweep's cheapest rows outside it
// (g.Elsewhere). The offsets needed say, in the colour bar and title,
// the period they are over and the offsets held (g.PeriodH,
// g.OffsetsHeldTCO2e). The title
// names the values the other parameters were held at: those the query
// fixed (g.Fixed, marked "(--fix)") and those chosen through the best
// row (g.Held). The colour bar's scale is as wide whatever its labels'
// width. A grid without cells, or whose shape does not match its axes, is an
// [ErrInput].
func SweepHeatmap(g *results.Grid, opts *HeatmapOptions) (fig *Figure, err error) {
	defer recoverInto(&fig, &err)
	hf, o, err := newHeatmapFigure(g, opts)
	if err != nil {
		return nil, err
	}
	return &Figure{Width: vg.Length(o.WidthIn) * vg.Inch, Height: vg.Length(o.HeightIn) * vg.Inch, DPI: o.DPI, draw: hf.draw}, nil
}

// newHeatmapFigure builds the heat map's parts with the options'
// defaults filled in.
func newHeatmapFigure(g *results.Grid, opts *HeatmapOptions) (*heatmapFigure, HeatmapOptions, error) {
	if err := checkGrid(g); err != nil {
		return nil, HeatmapOptions{}, err
	}
	var o HeatmapOptions
	if opts != nil {
		o = *opts
	}
	if o.WidthIn <= 0 {
		o.WidthIn = 10
	}
	if o.HeightIn <= 0 {
		o.HeightIn = 8
	}
	if o.DPI <= 0 {
		o.DPI = DefaultDPI
	}
	lo, hi, err := colourRange(g.Range())
	if err != nil {
		return nil, o, err
	}
	cm, err := offsetsColours(lo, hi)
	if err != nil {
		return nil, o, fmt.Errorf("plots: colour map: %w", err)
	}
	hm := plotter.NewHeatMap(cells{g}, cm.Palette(256))
	hm.Min, hm.Max = lo, hi
	hm.NaN = colNoRun
	main, marks := heatmapPanel(g, hm)
	barLabel, _, _ := kpiText(g)
	bar := colourBar(cm, barLabel)
	title := o.Title
	if title == "" {
		title = heatmapTitle(g)
	}
	return &heatmapFigure{g: g, main: main, marks: marks, bar: bar, noRun: hm.NaN, title: title}, o, nil
}

// heatmapFigure is the heat map drawn: the map, its colour bar and
// title; the legend is made when the map has been drawn.
type heatmapFigure struct {
	g     *results.Grid
	main  *plot.Plot
	marks *cellMarks
	bar   *plot.Plot
	noRun color.Color
	title string
}

// colourBarWidth is the width of the colour bar's scale itself; its
// tick labels and axis label get their room beside it.
var colourBarWidth = vg.Points(22)

// heatmapLayout is where the parts of the heat map go on the figure's
// canvas: the map (main, with its axes), the colour bar's plot (bar,
// its axis and labels left of the scale) and the legend.
type heatmapLayout struct {
	main, bar, legend draw.Canvas
}

// layout places the parts on c, the whole figure: the map on the left;
// at the right, beside the upper half of the map's data area, the colour
// bar, colourBarWidth wide whatever its labels' width (those get what
// they need left of it, the side column widening when they need more
// than it has); the legend below it.
func (hf *heatmapFigure) layout(c draw.Canvas) heatmapLayout {
	_, _, c = titleSpace(heatmapArea(c), hf.title, 14)
	gap := vg.Points(12)
	// The bar's axis (ticks, labels, axis label) is as wide as the bar's
	// plot is beyond its data area; it depends on the labels, not on the
	// width of the canvas.
	probe := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{Min: c.Min, Max: vg.Point{X: c.Min.X + 2*vg.Inch, Y: c.Max.Y}}}
	pd := hf.bar.DataCanvas(probe)
	axisW := 2*vg.Inch - (pd.Max.X - pd.Min.X)
	barW := axisW + colourBarWidth
	side := max(2*vg.Inch, gap+barW+vg.Points(6), gap+hf.legendWidth(c)+vg.Points(6))
	main := draw.Crop(c, 0, -side, 0, 0)
	d := hf.main.DataCanvas(main)
	mid := (d.Min.Y + d.Max.Y) / 2
	left := c.Max.X - side + gap
	return heatmapLayout{
		main: main,
		bar: draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: left, Y: mid}, Max: vg.Point{X: left + barW, Y: d.Max.Y}}},
		legend: draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: left, Y: d.Min.Y}, Max: vg.Point{X: c.Max.X, Y: mid - vg.Points(24)}}},
	}
}

// legendWidth is as wide as the legend can be once the map is drawn: with
// every cheapest cell noted as too small for its label (the slice's and
// the sweep's cheapest name parameters, which can be long).
func (hf *heatmapFigure) legendWidth(c draw.Canvas) vg.Length {
	var notes []cheapestNote
	for _, ch := range hf.g.Cheapest {
		notes = append(notes, cheapestNote{stages: []dispatch.Stage{ch.Stage}, costs: []float64{ch.TotalCostPerYear}, x: hf.g.Xs[ch.C], y: hf.g.Ys[ch.R]})
	}
	leg := stageLegend(hf.g, hf.noRun, len(notes), notes, elsewhereFull)
	r := leg.Rectangle(c)
	return r.Max.X - r.Min.X
}

// heatmapArea is the part of c (the whole figure) the title and the
// parts are drawn in: c less a 6 pt margin left, right and below.
func heatmapArea(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, vg.Points(6), -vg.Points(6), vg.Points(6), 0)
}

func (hf *heatmapFigure) draw(c draw.Canvas) {
	l := hf.layout(c)
	drawTitle(heatmapArea(c), hf.title, 14)
	hf.main.Draw(l.main)
	hf.bar.Draw(l.bar)
	// After the map: it notes the cheapest cells too small to label. The
	// sweep's cheapest outside the slice are listed in full where they
	// fit, else a line each, else in one line (QA, 2026-12-05: eleven
	// lines of a four-parameter sweep's fell below the picture, the whole
	// sweep's cheapest zero-carbon design among them).
	room := l.legend.Max.Y - l.legend.Min.Y
	var leg plot.Legend
	for _, mode := range []elsewhereMode{elsewhereFull, elsewhereCompact, elsewhereBrief} {
		leg = stageLegend(hf.g, hf.noRun, hf.marks.outlined, hf.marks.unlabelled, mode)
		if r := leg.Rectangle(l.legend); r.Max.Y-r.Min.Y <= room {
			break
		}
	}
	leg.Draw(l.legend)
}

// heatmapPanel is the map: the cells, their marks and value-labelled axes.
func heatmapPanel(g *results.Grid, hm *plotter.HeatMap) (*plot.Plot, *cellMarks) {
	main := plot.New()
	setFonts(main, 13, 12, 11)
	main.X.Label.Text = axisLabel(g.X)
	main.Y.Label.Text = axisLabel(g.Y)
	main.X.Tick.Marker = valueTicks(g.Xs, mostAcross(g.Xs))
	main.Y.Tick.Marker = valueTicks(g.Ys, mostYLabels)
	main.X.Padding, main.Y.Padding = 0, 0
	main.Add(hm)
	cellFont := vg.Length(11)
	if n := max(len(g.Xs), len(g.Ys)); n > 12 {
		cellFont = 7
	}
	marks := &cellMarks{g: g, hm: hm, font: cellFont}
	main.Add(marks)
	return main, marks
}

// colourBar is the vertical colour scale labelled label.
func colourBar(cm palette.ColorMap, label string) *plot.Plot {
	bar := plot.New()
	setFonts(bar, 11, 11, 10)
	bar.HideX()
	bar.Y.Padding = 0
	bar.Y.Label.Text = label
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	return bar
}

// stageLegend explains the stage letters, the boundary line, the
// outline of the cheapest cells of g when some (cheapest of them) are
// marked — the cheapest in this slice, naming it, when g slices the sweep
// and some is not the sweep's, and then where the sweep's are (g.Elsewhere)
// — naming the stages and the x and y of those too small to hold their
// label, the hatching of the cells that cannot reach the colour column's
// stage, and, when some cell has no row, its colour.
func stageLegend(g *results.Grid, noRun color.Color, cheapest int, unlabelled []cheapestNote, mode elsewhereMode) plot.Legend {
	leg := newLegend()
	leg.Add("stage of the cell:")
	for _, m := range stageMarks {
		leg.Add(m.mark + "  " + string(m.stage))
	}
	if g.AnySheds() {
		leg.Add("!  sheds more of the load than")
		leg.Add("   the ledger's tolerance: ranked")
		leg.Add("   for no stage, never cheapest")
	}
	boundary := plotter.NewFunction(func(float64) float64 { return 0 })
	boundary.Color = colBoundary
	boundary.Width = vg.Points(3.5)
	leg.Add("stage boundary", boundary)
	if cheapest > 0 {
		outline := plotter.NewFunction(func(float64) float64 { return 0 })
		outline.LineStyle = cheapestLine
		if g.StageCosts {
			leg.Add("cheapest design (stage", outline)
		} else {
			leg.Add("cheapest design (total", outline)
		}
		slice := sliceText(g)
		partial := slice != "" && slices.ContainsFunc(g.Cheapest, func(c results.CheapestCell) bool { return !c.SweepWide })
		switch {
		case partial:
			leg.Add("  cost per year) in this slice")
			leg.Add("  (" + slice + ") reaching")
		case slice != "":
			leg.Add("  cost per year) of the whole")
			leg.Add("  sweep reaching")
		default:
			leg.Add("  cost per year) reaching")
		}
		if cheapest > len(unlabelled) {
			leg.Add("  the stages written in it")
		}
		if p := g.CarbonPricePerTCO2e; p > 0 {
			// Ranked on cost + the carbon at the sweep's price, as the
			// cheapest table is (QA, December 2026: a cell of lower cost
			// looked passed over, the price named nowhere).
			leg.Add("  ranked on cost + carbon a year at")
			leg.Add("  " + results.Grouped(p, 2) + " " + money(g) + "/tCO2e (--carbon-price)")
		}
		for _, n := range unlabelled {
			for i, st := range n.stages {
				head, tail := "    ", ","
				if i == 0 {
					head = "  – "
				}
				if i == len(n.stages)-1 {
					tail = ""
				}
				leg.Add(head + strings.Join(stageWords(st, n.costs, i), " ") + tail)
			}
			leg.Add("    at x = " + results.FormatLimit(n.x) + ", y = " + results.FormatLimit(n.y))
		}
		for _, ch := range g.Cheapest {
			addBuys(&leg, ch.Stage, ch.Buys)
		}
	}
	addElsewhere(&leg, g, mode)
	if g.AnyUnreached() {
		// The cells of rows that cannot reach the colour column's stage
		// (QA session 37, S8: such a sweep was refused).
		leg.Add("cannot reach "+string(g.CannotReachStage), outOfReachThumb{})
		leg.Add("  (no cost to it, even by buying)")
	}
	if g.Missing() {
		leg.Add("no run", &plotter.Polygon{Color: noRun})
	}
	return leg
}

// addBuys adds to leg what a cheapest design buys a year to reach stage
// st ("  zero-carbon by buying", "  12.5 tCO2e of offsets"), nothing when
// it buys nothing: the cost the cheapest mark ranks on includes it.
func addBuys(leg *plot.Legend, st dispatch.Stage, b results.StageBuy) {
	if b.OffsetsTCO2e <= 0 && b.CertificatesMWh <= 0 {
		return
	}
	leg.Add("  " + string(st) + " by buying, a year:")
	if b.CertificatesMWh > 0 {
		leg.Add("    " + results.Grouped(b.CertificatesMWh, 1) + " MWh of certificates")
	}
	if b.OffsetsTCO2e > 0 {
		leg.Add("    " + results.Grouped(b.OffsetsTCO2e, 1) + " tCO2e of offsets")
	}
}

// addElsewhere adds to leg where the sweep's cheapest rows outside g's
// slice are (g.Elsewhere), a row cheapest for several stages once: "the
// sweep's cheapest, not drawn:", "– conventional, low-carbon:",
// "  combination 8", then its parameter values.
// elsewhereMode is how much of the sweep's cheapest outside the slice the
// legend says: each row in full (its cost, purchases and parameters), a
// line a row naming its combination, or one note.
type elsewhereMode int

const (
	elsewhereFull elsewhereMode = iota
	elsewhereCompact
	elsewhereBrief
)

func addElsewhere(leg *plot.Legend, g *results.Grid, mode elsewhereMode) {
	if len(g.Elsewhere) == 0 {
		return
	}
	if mode == elsewhereBrief {
		leg.Add("the sweep's cheapest for some stages")
		leg.Add("  lie outside this slice: the table")
		leg.Add("  zeropark sweep prints names them")
		return
	}
	leg.Add("the sweep's cheapest, not drawn:")
	var combs []int
	byComb := map[int][]results.SweepCheapest{}
	for _, e := range g.Elsewhere {
		if _, ok := byComb[e.Combination]; !ok {
			combs = append(combs, e.Combination)
		}
		byComb[e.Combination] = append(byComb[e.Combination], e)
	}
	for _, k := range combs {
		es := byComb[k]
		names := make([]string, len(es))
		for i, e := range es {
			names[i] = cheapestStageName(e.Stage)
		}
		sameCost := !slices.ContainsFunc(es, func(e results.SweepCheapest) bool { return e.TotalCostPerYear != es[0].TotalCostPerYear })
		if mode == elsewhereCompact {
			line := "– " + strings.Join(names, ", ") + ": combination " + strconv.Itoa(k)
			if sameCost {
				line += ", " + moneyText(es[0].TotalCostPerYear) + " a year"
			}
			leg.Add(line)
			continue
		}
		leg.Add("– " + strings.Join(names, ", ") + ":")
		if sameCost {
			leg.Add("  combination " + strconv.Itoa(k) + ", " + moneyText(es[0].TotalCostPerYear) + " a year")
		} else {
			// Cheapest for stages at different costs (what it buys).
			leg.Add("  combination " + strconv.Itoa(k) + ",")
			for _, e := range es {
				leg.Add("  " + moneyText(e.TotalCostPerYear) + " a year at " + string(e.Stage))
			}
		}
		for _, e := range es {
			addBuys(leg, e.Stage, e.Buys)
		}
		keys := make([]string, 0, len(es[0].Params))
		for p := range es[0].Params {
			keys = append(keys, p)
		}
		sort.Strings(keys)
		for _, p := range keys {
			leg.Add("  " + p + " = " + valueLabel(es[0].Params[p]))
		}
	}
}

// SaveSweepHeatmap draws [SweepHeatmap] and writes it to path (.png or
// .svg) atomically.
func SaveSweepHeatmap(path string, g *results.Grid, opts *HeatmapOptions) error {
	if _, err := FormatOf(path); err != nil {
		return err
	}
	f, err := SweepHeatmap(g, opts)
	if err != nil {
		return err
	}
	return f.Save(path)
}
