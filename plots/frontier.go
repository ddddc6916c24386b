package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// FrontierMarker is one design marked on a cost–carbon frontier: today's
// park or a roadmap design, at its residual (tCO2e a year, before any
// offsets bought) and total cost per year (offsets and certificates
// bought included).
type FrontierMarker struct {
	Label                string
	ResidualTCO2ePerYear float64
	TotalCostPerYear     float64
	// Today marks today's park (a black square); the others are
	// triangles in their stage's colour.
	Today bool
	Stage dispatch.Stage
}

// FrontierOptions tunes [CostCarbonFrontier]; zero fields mean defaults.
type FrontierOptions struct {
	// Title replaces the generated title when not empty; Park names the
	// park in the generated one.
	Title, Park string
	// Currency names the money on the cost axis ("USD").
	Currency string
	// WidthIn and HeightIn are the figure size in inches (default 10 × 7).
	WidthIn, HeightIn float64
	// DPI is the PNG resolution in dots per inch (default 100).
	DPI int
}

// Stage colours: a region's shade (pale) and a marker's ink (dark).
var stageColours = map[dispatch.Stage]struct{ shade, ink color.NRGBA }{
	dispatch.Conventional:   {color.NRGBA{R: 0xe6, G: 0xe6, B: 0xe6, A: 0xff}, color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}},
	dispatch.LowCarbon:      {color.NRGBA{R: 0xfc, G: 0xee, B: 0xc0, A: 0xff}, color.NRGBA{R: 0xc0, G: 0x7a, B: 0x00, A: 0xff}},
	dispatch.NearZeroCarbon: {color.NRGBA{R: 0xd4, G: 0xee, B: 0xd0, A: 0xff}, color.NRGBA{R: 0x1b, G: 0x7e, B: 0x2a, A: 0xff}},
	dispatch.ZeroCarbon:     {color.NRGBA{R: 0xcf, G: 0xe3, B: 0xf5, A: 0xff}, color.NRGBA{R: 0x1f, G: 0x5a, B: 0xa6, A: 0xff}},
}

// colFrontier is the frontier's line and points; colToday today's park.
var (
	colFrontier = color.NRGBA{R: 0x30, G: 0x30, B: 0x30, A: 0xff}
	colToday    = color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0xff}
)

// frontierFigure is the frontier drawn: the plot, its legend and title.
type frontierFigure struct {
	p      *plot.Plot
	legend plot.Legend
	title  string
}

// legendWidth is the strip on the right that holds the legend.
const legendWidth = 2.3 * vg.Inch

// plotCanvas is the part of c (the whole figure) the plot is drawn in.
func (ff *frontierFigure) plotCanvas(c draw.Canvas) draw.Canvas {
	c = draw.Crop(c, vg.Points(6), -vg.Points(6), vg.Points(6), 0)
	c = drawTitleSpace(c, ff.title, 14)
	return draw.Crop(c, 0, -legendWidth, 0, 0)
}

func (ff *frontierFigure) draw(c draw.Canvas) {
	inner := draw.Crop(c, vg.Points(6), -vg.Points(6), vg.Points(6), 0)
	drawTitle(inner, ff.title, 14)
	pc := ff.plotCanvas(c)
	ff.p.Draw(pc)
	d := ff.p.DataCanvas(pc)
	lc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: pc.Max.X + vg.Points(12), Y: d.Min.Y},
		Max: vg.Point{X: c.Max.X, Y: d.Max.Y},
	}}
	ff.legend.Draw(lc)
}

// drawTitleSpace is the canvas drawTitle leaves below title, without
// drawing it.
func drawTitleSpace(c draw.Canvas, title string, pt vg.Length) draw.Canvas {
	if title == "" {
		return c
	}
	sty := textStyle(pt)
	for w := c.Max.X - c.Min.X; sty.Width(title) > w && sty.Font.Size > 7; {
		sty.Font.Size--
	}
	pad := vg.Points(6)
	return draw.Crop(c, 0, 0, 0, -(sty.Height(title) + 2*pad))
}

// checkFrontier refuses what cannot be drawn: no points, or a figure
// that is not finite.
func checkFrontier(rows []results.FrontierRow, marks []FrontierMarker) error {
	if len(rows) == 0 {
		return inputErr("no frontier points to draw")
	}
	for i, r := range rows {
		if !finiteAll(r.ResidualTCO2ePerYear, r.TotalCostPerYear) {
			return inputErr("frontier point %d: residual %v tCO2e, total cost %v: must be finite", i, r.ResidualTCO2ePerYear, r.TotalCostPerYear)
		}
	}
	for _, m := range marks {
		if !finiteAll(m.ResidualTCO2ePerYear, m.TotalCostPerYear) {
			return inputErr("marker %q: residual %v tCO2e, total cost %v: must be finite", m.Label, m.ResidualTCO2ePerYear, m.TotalCostPerYear)
		}
	}
	return nil
}

func finiteAll(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// frontierRange is the extent of the data, padded by 5 % (and widened
// when it is a point) so that markers at the edges show whole.
func frontierRange(rows []results.FrontierRow, marks []FrontierMarker) (x0, x1, y0, y1 float64) {
	x0, x1, y0, y1 = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	add := func(x, y float64) {
		x0, x1, y0, y1 = math.Min(x0, x), math.Max(x1, x), math.Min(y0, y), math.Max(y1, y)
	}
	for _, r := range rows {
		add(r.ResidualTCO2ePerYear, r.TotalCostPerYear)
	}
	for _, m := range marks {
		add(m.ResidualTCO2ePerYear, m.TotalCostPerYear)
	}
	pad := func(lo, hi float64) (float64, float64) {
		w := hi - lo
		if !(w > 1e-9*math.Max(1, math.Abs(hi))) {
			w = math.Max(1, math.Abs(hi)/10)
		}
		return lo - 0.05*w, hi + 0.05*w
	}
	x0, x1 = pad(x0, x1)
	y0, y1 = pad(y0, y1)
	return x0, x1, y0, y1
}

// CostCarbonFrontier draws a cost–carbon frontier: total cost per year
// (y) against the residual in tCO2e a year (x), the frontier's points
// joined in order, the background shaded by the stage the ledger grants
// each point (each point's band reaching halfway to its neighbours), and
// markers: today's park a black square, each roadmap design a triangle in
// its stage's colour, labelled. The data are ready: rows as
// results.ReadFrontierCSV reads them (or scenario.FrontierRows makes
// them), markers from the roadmap. No points, or a value that is not
// finite, is an [ErrInput].
func CostCarbonFrontier(rows []results.FrontierRow, marks []FrontierMarker, opts *FrontierOptions) (fig *Figure, err error) {
	defer recoverInto(&fig, &err)
	ff, o, err := newFrontierFigure(rows, marks, opts)
	if err != nil {
		return nil, err
	}
	return &Figure{Width: vg.Length(o.WidthIn) * vg.Inch, Height: vg.Length(o.HeightIn) * vg.Inch, DPI: o.DPI, draw: ff.draw}, nil
}

// newFrontierFigure builds the frontier's plot and legend with the
// options' defaults filled in.
func newFrontierFigure(rows []results.FrontierRow, marks []FrontierMarker, opts *FrontierOptions) (*frontierFigure, FrontierOptions, error) {
	var o FrontierOptions
	if opts != nil {
		o = *opts
	}
	if o.WidthIn <= 0 {
		o.WidthIn = 10
	}
	if o.HeightIn <= 0 {
		o.HeightIn = 7
	}
	if o.DPI <= 0 {
		o.DPI = DefaultDPI
	}
	if err := checkFrontier(rows, marks); err != nil {
		return nil, o, err
	}
	x0, x1, y0, y1 := frontierRange(rows, marks)
	p := plot.New()
	setFonts(p, 13, 12, 11)
	p.X.Label.Text = "residual emissions (tCO2e a year)"
	p.Y.Label.Text = "total cost per year"
	if o.Currency != "" {
		p.Y.Label.Text += " (" + o.Currency + ")"
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	p.X.Padding, p.Y.Padding = 0, 0
	leg := newLegend()
	addStageBands(p, &leg, rows, y0, y1)
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = colGrid, colGrid
	p.Add(g)
	if err := addFrontierLine(p, &leg, rows); err != nil {
		return nil, o, err
	}
	if err := addMarkers(p, &leg, marks); err != nil {
		return nil, o, err
	}
	// Fix the ranges: the bands' polygons span them exactly.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	title := o.Title
	if title == "" {
		title = "Cost–carbon frontier"
		if o.Park != "" {
			title += ": " + o.Park
		}
	}
	return &frontierFigure{p: p, legend: leg, title: title}, o, nil
}

// addStageBands shades the background by each point's stage, and adds
// the stages seen to the legend.
func addStageBands(p *plot.Plot, leg *plot.Legend, rows []results.FrontierRow, y0, y1 float64) {
	seen := map[dispatch.Stage]bool{}
	xs := make([]float64, len(rows))
	for i, r := range rows {
		xs[i] = r.ResidualTCO2ePerYear
	}
	for i, r := range rows {
		lo, hi := p.X.Min, p.X.Max
		// Half-way to the neighbours on either side (points may come in
		// either order of residual).
		for j, x := range xs {
			if j == i {
				continue
			}
			mid := (x + xs[i]) / 2
			if x < xs[i] && mid > lo {
				lo = mid
			}
			if x > xs[i] && mid < hi {
				hi = mid
			}
		}
		col, ok := stageColours[r.Stage]
		if !ok {
			continue
		}
		poly, err := plotter.NewPolygon(plotter.XYs{{X: lo, Y: y0}, {X: hi, Y: y0}, {X: hi, Y: y1}, {X: lo, Y: y1}})
		if err != nil {
			continue
		}
		poly.Color = col.shade
		poly.LineStyle.Width = 0
		p.Add(poly)
		seen[r.Stage] = true
	}
	leg.Add("shade: the stage the ledger grants")
	for _, st := range dispatch.Stages() {
		if seen[st] {
			swatch := &plotter.Polygon{Color: stageColours[st].shade}
			leg.Add("  "+string(st), swatch)
		}
	}
}

// addFrontierLine joins the frontier's points in order.
func addFrontierLine(p *plot.Plot, leg *plot.Legend, rows []results.FrontierRow) error {
	xys := make(plotter.XYs, len(rows))
	for i, r := range rows {
		xys[i] = plotter.XY{X: r.ResidualTCO2ePerYear, Y: r.TotalCostPerYear}
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return fmt.Errorf("plots: frontier: %w", err)
	}
	line.Color, line.Width = colFrontier, vg.Points(1.6)
	points.Color, points.Shape, points.Radius = colFrontier, draw.CircleGlyph{}, vg.Points(2.5)
	p.Add(line, points)
	leg.Add("frontier: cheapest design at each residual", line, points)
	return nil
}

// markerRadius is the size of a design's marker.
const markerRadius = vg.Length(6)

// addMarkers draws today's park and the roadmap designs, labelled.
func addMarkers(p *plot.Plot, leg *plot.Legend, marks []FrontierMarker) error {
	var labels plotter.XYLabels
	for _, m := range marks {
		s, err := plotter.NewScatter(plotter.XYs{{X: m.ResidualTCO2ePerYear, Y: m.TotalCostPerYear}})
		if err != nil {
			return fmt.Errorf("plots: marker %q: %w", m.Label, err)
		}
		s.Radius = markerRadius
		if m.Today {
			s.Color, s.Shape = colToday, draw.BoxGlyph{}
		} else {
			s.Color, s.Shape = markerInk(m.Stage), draw.PyramidGlyph{}
		}
		p.Add(s)
		leg.Add(m.Label, s)
		labels.XYs = append(labels.XYs, plotter.XY{X: m.ResidualTCO2ePerYear, Y: m.TotalCostPerYear})
		labels.Labels = append(labels.Labels, m.Label)
	}
	if len(labels.XYs) == 0 {
		return nil
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return fmt.Errorf("plots: marker labels: %w", err)
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font.Size = 10
		l.TextStyle[i].Font.Typeface = sansFont.Typeface
		l.TextStyle[i].Font.Variant = sansFont.Variant
	}
	l.Offset = vg.Point{X: markerRadius + vg.Points(3), Y: vg.Points(2)}
	p.Add(l)
	return nil
}

// markerInk is a design's marker colour: its stage's ink.
func markerInk(st dispatch.Stage) color.Color {
	if c, ok := stageColours[st]; ok {
		return c.ink
	}
	return colFrontier
}

// SaveCostCarbonFrontier draws [CostCarbonFrontier] and writes it to path
// (.png or .svg) atomically.
func SaveCostCarbonFrontier(path string, rows []results.FrontierRow, marks []FrontierMarker, opts *FrontierOptions) error {
	if _, err := FormatOf(path); err != nil {
		return err
	}
	f, err := CostCarbonFrontier(rows, marks, opts)
	if err != nil {
		return err
	}
	return f.Save(path)
}
