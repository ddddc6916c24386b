package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/dispatch"
)

// SweepPoint is one combination of a parameter sweep and its outcome.
type SweepPoint struct {
	// Params maps each varied parameter path (as given to --vary, e.g.
	// "battery.energy_kwh") to its value in the path's unit.
	Params map[string]float64
	// OffsetsNeededTCO2e is the offsets the park still needs (tCO2e).
	OffsetsNeededTCO2e float64
	// Stage is the net-zero stage reached (dispatch.Stage values).
	Stage string
	// Policy is the dispatch policy of the row, when the file says.
	Policy string
}

// HeatmapOptions tunes [SweepHeatmap]; nil or zero fields mean defaults.
type HeatmapOptions struct {
	// Fix holds values for varied parameters other than the two axes.
	// Every such parameter not in Fix is fixed at its value in the row
	// with the lowest offsets among the rows that match Fix (ties: the
	// first row), so the map is the slice through the best combination.
	Fix map[string]float64
	// Policy keeps only the rows of that policy; needed when the rows hold
	// several.
	Policy string
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

func stageMark(s string) string {
	for _, m := range stageMarks {
		if string(m.stage) == s {
			return m.mark
		}
	}
	return "?"
}

// grid is the heat map data: cell (c, r) is at x value xs[c], y value
// ys[r]; a missing combination has a NaN offset and no stage.
type grid struct {
	xs, ys  []float64
	offsets [][]float64 // [c][r]
	stages  [][]string
}

func (g *grid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *grid) Z(c, r int) float64 { return g.offsets[c][r] }
func (g *grid) X(c int) float64    { return float64(c) } // cells are equal, labelled with values
func (g *grid) Y(r int) float64    { return float64(r) }

// missing reports whether some combination has no row.
func (g *grid) missing() bool {
	for _, col := range g.offsets {
		for _, v := range col {
			if math.IsNaN(v) {
				return true
			}
		}
	}
	return false
}

func (g *grid) zRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, col := range g.offsets {
		for _, v := range col {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi
}

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

// paramNames lists the parameters that appear in any row, sorted.
func paramNames(rows []SweepPoint) []string {
	seen := map[string]bool{}
	for _, r := range rows {
		for k := range r.Params {
			seen[k] = true
		}
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// sameValue compares parameter values as written and read back (shortest
// decimal form), with a relative tolerance for values computed elsewhere.
func sameValue(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// buildGrid selects the rows of the slice and places them on the grid. It
// returns the values the other parameters were fixed at, for the title.
func buildGrid(rows []SweepPoint, xParam, yParam string, o *HeatmapOptions) (*grid, map[string]float64, error) {
	if len(rows) == 0 {
		return nil, nil, inputErr("no sweep rows to plot")
	}
	if xParam == "" || yParam == "" || xParam == yParam {
		return nil, nil, inputErr("x parameter %q and y parameter %q: need two different parameters", xParam, yParam)
	}
	names := paramNames(rows)
	for _, p := range []string{xParam, yParam} {
		if !slices.Contains(names, p) {
			return nil, nil, inputErr("parameter %q is not in the sweep rows (varied: %s)", p, strings.Join(names, ", "))
		}
	}
	for k := range o.Fix {
		if k == xParam || k == yParam {
			return nil, nil, inputErr("fix %s: it is an axis of the map", k)
		}
		if !slices.Contains(names, k) {
			return nil, nil, inputErr("fix %s: not a varied parameter (varied: %s)", k, strings.Join(names, ", "))
		}
	}
	var sel []SweepPoint
	policies := map[string]bool{}
	for i, r := range rows {
		for _, p := range []string{xParam, yParam} {
			v, ok := r.Params[p]
			if !ok {
				return nil, nil, inputErr("row %d has no value for parameter %q", i+1, p)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, inputErr("row %d: %s = %v: must be finite to place on an axis", i+1, p, v)
			}
		}
		if math.IsNaN(r.OffsetsNeededTCO2e) || math.IsInf(r.OffsetsNeededTCO2e, 0) {
			return nil, nil, inputErr("row %d: offsets_needed_tco2e = %v: must be finite", i+1, r.OffsetsNeededTCO2e)
		}
		if o.Policy != "" && r.Policy != o.Policy {
			continue
		}
		policies[r.Policy] = true
		keep := true
		for k, v := range o.Fix {
			if got, ok := r.Params[k]; !ok || !sameValue(got, v) {
				keep = false
				break
			}
		}
		if keep {
			sel = append(sel, r)
		}
	}
	if len(policies) > 1 {
		ps := make([]string, 0, len(policies))
		for p := range policies {
			ps = append(ps, fmt.Sprintf("%q", p))
		}
		sort.Strings(ps)
		return nil, nil, inputErr("rows of several policies (%s): choose one", strings.Join(ps, ", "))
	}
	if len(sel) == 0 {
		return nil, nil, inputErr("no row matches policy %q and fixed values %v", o.Policy, o.Fix)
	}
	// Fix the remaining parameters through the best row.
	fixed := map[string]float64{}
	for k, v := range o.Fix {
		fixed[k] = v
	}
	best := 0
	for i, r := range sel {
		if r.OffsetsNeededTCO2e < sel[best].OffsetsNeededTCO2e {
			best = i
		}
	}
	for _, k := range names {
		if k == xParam || k == yParam {
			continue
		}
		if _, ok := fixed[k]; ok {
			continue
		}
		if v, ok := sel[best].Params[k]; ok {
			fixed[k] = v
		}
	}
	var slice []SweepPoint
	for _, r := range sel {
		keep := true
		for k, v := range fixed {
			if got, ok := r.Params[k]; !ok || !sameValue(got, v) {
				keep = false
				break
			}
		}
		if keep {
			slice = append(slice, r)
		}
	}
	g := &grid{}
	for _, r := range slice {
		g.xs = append(g.xs, r.Params[xParam])
		g.ys = append(g.ys, r.Params[yParam])
	}
	uniq := func(v []float64) []float64 {
		sort.Float64s(v)
		return slices.CompactFunc(v, sameValue)
	}
	g.xs, g.ys = uniq(g.xs), uniq(g.ys)
	g.offsets = make([][]float64, len(g.xs))
	g.stages = make([][]string, len(g.xs))
	for c := range g.xs {
		g.offsets[c] = make([]float64, len(g.ys))
		g.stages[c] = make([]string, len(g.ys))
		for r := range g.ys {
			g.offsets[c][r] = math.NaN()
		}
	}
	find := func(vs []float64, v float64) int {
		return slices.IndexFunc(vs, func(u float64) bool { return sameValue(u, v) })
	}
	for _, r := range slice {
		c, k := find(g.xs, r.Params[xParam]), find(g.ys, r.Params[yParam])
		if !math.IsNaN(g.offsets[c][k]) {
			return nil, nil, inputErr("two rows at %s = %g, %s = %g (a parameter that varies is missing from the rows, or rows repeat)",
				xParam, g.xs[c], yParam, g.ys[k])
		}
		g.offsets[c][k] = r.OffsetsNeededTCO2e
		g.stages[c][k] = r.Stage
	}
	for k := range o.Fix {
		delete(fixed, k) // the title shows only what was chosen here
	}
	return g, fixed, nil
}

// offsetsColours runs from pale yellow (few offsets) to dark red (many):
// a sequential map with luminance linear in the value.
func offsetsColours(lo, hi float64) (palette.ColorMap, error) {
	cm, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{R: 0x80, G: 0x00, B: 0x26, A: 0xff},
		color.NRGBA{R: 0xe3, G: 0x1a, B: 0x1c, A: 0xff},
		color.NRGBA{R: 0xfd, G: 0x8d, B: 0x3c, A: 0xff},
		color.NRGBA{R: 0xfe, G: 0xd9, B: 0x76, A: 0xff},
		color.NRGBA{R: 0xff, G: 0xff, B: 0xcc, A: 0xff},
	})
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
	g    *grid
	cm   palette.ColorMap
	font vg.Length
}

func (m *cellMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(m.font)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	big := textStyle(m.font + 3)
	big.XAlign, big.YAlign = draw.XCenter, draw.YCenter
	nc, nr := m.g.Dims()
	for i := 0; i < nc; i++ {
		for j := 0; j < nr; j++ {
			x, y := trX(float64(i)), trY(float64(j))
			v := m.g.offsets[i][j]
			if math.IsNaN(v) {
				sty.Color = color.Gray{Y: 0x70}
				c.FillText(sty, vg.Point{X: x, Y: y}, "no run")
				continue
			}
			ink := color.Color(color.Black)
			if col, err := m.cm.At(v); err == nil && luminance(col) < 0.45 {
				ink = color.White
			}
			big.Color, sty.Color = ink, ink
			c.FillText(big, vg.Point{X: x, Y: y + m.font*0.7}, stageMark(m.g.stages[i][j]))
			c.FillText(sty, vg.Point{X: x, Y: y - m.font*0.8}, formatT(v))
		}
	}
	line := draw.LineStyle{Color: color.NRGBA{R: 0x10, G: 0x3a, B: 0x8c, A: 0xff}, Width: vg.Points(3.5)}
	differ := func(a, b string) bool { return a != b && a != "" && b != "" }
	for i := 0; i < nc; i++ {
		for j := 0; j < nr; j++ {
			if i+1 < nc && differ(m.g.stages[i][j], m.g.stages[i+1][j]) {
				x := trX(float64(i) + 0.5)
				c.StrokeLine2(line, x, trY(float64(j)-0.5), x, trY(float64(j)+0.5))
			}
			if j+1 < nr && differ(m.g.stages[i][j], m.g.stages[i][j+1]) {
				y := trY(float64(j) + 0.5)
				c.StrokeLine2(line, trX(float64(i)-0.5), y, trX(float64(i)+0.5), y)
			}
		}
	}
}

// luminance is the relative luminance of c in [0, 1] (Rec. 709 weights on
// the gamma-encoded values: good enough to choose black or white ink).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// formatT prints tCO2e rounded to three significant digits (whole tonnes
// from 100 up), without trailing zeros.
func formatT(v float64) string {
	a := math.Abs(v)
	if a >= 100 || a == 0 {
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	p := math.Pow(10, 2-math.Floor(math.Log10(a)))
	return strconv.FormatFloat(math.Round(v*p)/p, 'f', -1, 64)
}

// axisLabel is the parameter path followed by the unit its suffix names.
func axisLabel(path string) string {
	for _, u := range []struct{ suffix, unit string }{
		{"_kwh", "kWh"}, {"_kwp", "kWp"}, {"_kw", "kW"}, {"_h", "h"},
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

// valueTicks labels cell k of the axis with vs[k].
func valueTicks(vs []float64) plot.ConstantTicks {
	ts := make(plot.ConstantTicks, len(vs))
	for k, v := range vs {
		ts[k] = plot.Tick{Value: float64(k), Label: strconv.FormatFloat(v, 'g', 6, 64)}
	}
	return ts
}

// SweepHeatmap draws the offsets needed (tCO2e, colour) over two varied
// parameters of a sweep, xParam across and yParam up, one equal cell per
// value found in the rows. Each cell shows its stage letter (Z zero-carbon,
// N near-zero-carbon, L low-carbon, C conventional) and its offsets; thick
// lines run where the stage changes between neighbours; combinations
// without a row are marked "no run". When more parameters vary, the others
// are held as opts.Fix says, else at their values in the best row (see
// [HeatmapOptions]); the title names the values used. A missing axis
// parameter, a non-finite value, rows of several policies without
// opts.Policy, or two rows on one cell are an [ErrInput].
func SweepHeatmap(rows []SweepPoint, xParam, yParam string, opts *HeatmapOptions) (fig *Figure, err error) {
	defer recoverInto(&fig, &err)
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
	g, fixed, err := buildGrid(rows, xParam, yParam, &o)
	if err != nil {
		return nil, err
	}
	lo, hi, err := colourRange(g.zRange())
	if err != nil {
		return nil, err
	}
	cm, err := offsetsColours(lo, hi)
	if err != nil {
		return nil, fmt.Errorf("plots: colour map: %w", err)
	}
	hm := plotter.NewHeatMap(g, cm.Palette(256))
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.NRGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}

	main := plot.New()
	setFonts(main, 13, 12, 11)
	main.X.Label.Text = axisLabel(xParam)
	main.Y.Label.Text = axisLabel(yParam)
	main.X.Tick.Marker = valueTicks(g.xs)
	main.Y.Tick.Marker = valueTicks(g.ys)
	main.X.Padding, main.Y.Padding = 0, 0
	main.Add(hm)
	cellFont := vg.Length(11)
	if n := max(len(g.xs), len(g.ys)); n > 12 {
		cellFont = 7
	}
	main.Add(&cellMarks{g: g, cm: cm, font: cellFont})

	bar := plot.New()
	setFonts(bar, 11, 11, 10)
	bar.HideX()
	bar.Y.Padding = 0
	bar.Y.Label.Text = "offsets needed (tCO2e)"
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})

	leg := newLegend()
	leg.Add("stage of the cell:")
	for _, m := range stageMarks {
		leg.Add(m.mark + "  " + string(m.stage))
	}
	boundary := plotter.NewFunction(func(float64) float64 { return 0 })
	boundary.Color = color.NRGBA{R: 0x10, G: 0x3a, B: 0x8c, A: 0xff}
	boundary.Width = vg.Points(3.5)
	leg.Add("stage boundary", boundary)
	if g.missing() {
		leg.Add("no run", &plotter.Polygon{Color: hm.NaN})
	}

	title := o.Title
	if title == "" {
		title = fmt.Sprintf("Offsets needed to reach net zero (tCO2e) over %s × %s", xParam, yParam)
		if o.Policy != "" {
			title += ", policy " + o.Policy
		}
		if len(fixed) > 0 {
			keys := make([]string, 0, len(fixed))
			for k := range fixed {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			parts := make([]string, len(keys))
			for i, k := range keys {
				parts[i] = fmt.Sprintf("%s = %g", k, fixed[k])
			}
			title += "\nother parameters at the lowest-offset combination: " + strings.Join(parts, ", ")
		}
	}
	f := &Figure{Width: vg.Length(o.WidthIn) * vg.Inch, Height: vg.Length(o.HeightIn) * vg.Inch, DPI: o.DPI}
	f.draw = func(c draw.Canvas) {
		c = draw.Crop(c, vg.Points(6), -vg.Points(6), vg.Points(6), 0)
		c = drawTitle(c, title, 14)
		side := 2.0 * vg.Inch
		main.Draw(draw.Crop(c, 0, -side, 0, 0))
		d := main.DataCanvas(draw.Crop(c, 0, -side, 0, 0))
		// Colour bar beside the upper half of the map, legend below it.
		mid := (d.Min.Y + d.Max.Y) / 2
		bc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: c.Max.X - side + vg.Points(12), Y: mid},
			Max: vg.Point{X: c.Max.X - side + vg.Points(12) + 0.9*vg.Inch, Y: d.Max.Y},
		}}
		bar.Draw(bc)
		lc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: c.Max.X - side + vg.Points(12), Y: d.Min.Y},
			Max: vg.Point{X: c.Max.X, Y: mid - vg.Points(24)},
		}}
		leg.Draw(lc)
	}
	return f, nil
}

// SaveSweepHeatmap draws [SweepHeatmap] and writes it to path (.png or
// .svg) atomically.
func SaveSweepHeatmap(path string, rows []SweepPoint, xParam, yParam string, opts *HeatmapOptions) error {
	if _, err := FormatOf(path); err != nil {
		return err
	}
	f, err := SweepHeatmap(rows, xParam, yParam, opts)
	if err != nil {
		return err
	}
	return f.Save(path)
}
