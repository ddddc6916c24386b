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
	// Shade, when set, is the stage the ledger grants the design with
	// nothing bought: a roadmap design that buys nothing lies on the
	// frontier, and its residual and stage join the frontier's points in
	// shading the background (its stage is known exactly at the limit it
	// was sized to, where the frontier's points only bracket it).
	Shade dispatch.Stage
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

// titleArea is the part of c (the whole figure) the title and plot are
// drawn in.
func titleArea(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, vg.Points(6), -vg.Points(12), vg.Points(6), 0)
}

// plotCanvas is the part of c (the whole figure) the plot is drawn in.
func (ff *frontierFigure) plotCanvas(c draw.Canvas) draw.Canvas {
	_, below := titleSpace(titleArea(c), ff.title, 14)
	return below
}

func (ff *frontierFigure) draw(c draw.Canvas) {
	pc := drawTitle(titleArea(c), ff.title, 14)
	ff.p.Draw(pc)
	// The legend in the top right corner of the data area, where a
	// frontier (cost falling as the residual grows) leaves room, on a
	// white box so that it reads over the shading.
	d := ff.p.DataCanvas(pc)
	r := ff.legend.Rectangle(d)
	pad := vg.Points(5)
	w, h := r.Max.X-r.Min.X, r.Max.Y-r.Min.Y
	box := vg.Rectangle{Min: vg.Point{X: d.Max.X - w - 3*pad, Y: d.Max.Y - h - 3*pad}, Max: vg.Point{X: d.Max.X - pad, Y: d.Max.Y - pad}}
	d.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xe0})
	d.Fill(box.Path())
	ff.legend.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: box.Min.X + pad, Y: box.Min.Y + pad}, Max: vg.Point{X: box.Max.X - pad, Y: box.Max.Y - pad}}})
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
	addStageBands(p, &leg, bandPoints(rows, marks), y0, y1)
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

// bandPoint is a residual whose stage is known: a frontier point, or a
// marker with a Shade.
type bandPoint struct {
	x     float64
	stage dispatch.Stage
}

// bandPoints are the frontier's points and the shading markers.
func bandPoints(rows []results.FrontierRow, marks []FrontierMarker) []bandPoint {
	var pts []bandPoint
	for _, r := range rows {
		pts = append(pts, bandPoint{r.ResidualTCO2ePerYear, r.Stage})
	}
	for _, m := range marks {
		if m.Shade != "" {
			pts = append(pts, bandPoint{m.ResidualTCO2ePerYear, m.Shade})
		}
	}
	return pts
}

// addStageBands shades the background by each point's stage, each band
// reaching halfway to the neighbouring points, and adds the stages seen
// to the legend.
func addStageBands(p *plot.Plot, leg *plot.Legend, pts []bandPoint, y0, y1 float64) {
	seen := map[dispatch.Stage]bool{}
	xs := make([]float64, len(pts))
	for i, r := range pts {
		xs[i] = r.x
	}
	for i, r := range pts {
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
		col, ok := stageColours[r.stage]
		if !ok || !(hi > lo) {
			continue
		}
		poly, err := plotter.NewPolygon(plotter.XYs{{X: lo, Y: y0}, {X: hi, Y: y0}, {X: hi, Y: y1}, {X: lo, Y: y1}})
		if err != nil {
			continue
		}
		poly.Color = col.shade
		poly.LineStyle.Width = 0
		p.Add(poly)
		seen[r.stage] = true
	}
	for _, st := range dispatch.Stages() {
		if seen[st] {
			swatch := &plotter.Polygon{Color: stageColours[st].shade}
			leg.Add("shade: "+string(st)+" reached", swatch)
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
	leg.Add("frontier: the cheapest design at each residual", line, points)
	return nil
}

// markerRadius is the size of a design's marker.
const markerRadius = vg.Length(6)

// addMarkers draws today's park and the roadmap designs, labelled.
func addMarkers(p *plot.Plot, leg *plot.Legend, marks []FrontierMarker) error {
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
	}
	if len(marks) > 0 {
		p.Add(&markerLabels{marks: marks})
	}
	return nil
}

// markerLabels writes each marker's label beside it: right of the
// marker, else above, left or below, whichever first stays inside the
// data area and clear of the labels already written and of every
// marker; failing all four, right of it moved down until clear (two
// designs at nearly one point).
type markerLabels struct{ marks []FrontierMarker }

func (ml *markerLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(10)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	gap := markerRadius + vg.Points(3)
	var taken []vg.Rectangle
	for _, m := range ml.marks {
		x, y := trX(m.ResidualTCO2ePerYear), trY(m.TotalCostPerYear)
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: x - markerRadius, Y: y - markerRadius}, Max: vg.Point{X: x + markerRadius, Y: y + markerRadius}})
	}
	inside := func(r vg.Rectangle) bool {
		return r.Min.X >= c.Min.X && r.Max.X <= c.Max.X && r.Min.Y >= c.Min.Y && r.Max.Y <= c.Max.Y
	}
	for _, m := range ml.marks {
		w, h := sty.Width(m.Label), sty.Height(m.Label)
		x, y := trX(m.ResidualTCO2ePerYear), trY(m.TotalCostPerYear)
		at := func(x0, yc vg.Length) vg.Rectangle {
			return vg.Rectangle{Min: vg.Point{X: x0, Y: yc - h/2}, Max: vg.Point{X: x0 + w, Y: yc + h/2}}
		}
		tries := []vg.Rectangle{at(x+gap, y), at(x-w/2, y+gap+h/2), at(x-gap-w, y), at(x-w/2, y-gap-h/2)}
		r := tries[0]
		found := false
		for _, t := range tries {
			if inside(t) && !overlapsAny(t, taken) {
				r, found = t, true
				break
			}
		}
		for moved := 0; !found && moved <= len(taken) && overlapsAny(r, taken); moved++ {
			r.Min.Y -= h
			r.Max.Y -= h
		}
		taken = append(taken, r)
		c.FillText(sty, vg.Point{X: r.Min.X, Y: (r.Min.Y + r.Max.Y) / 2}, m.Label)
	}
}

// overlapsAny reports whether r overlaps a rectangle of rs.
func overlapsAny(r vg.Rectangle, rs []vg.Rectangle) bool {
	for _, o := range rs {
		if r.Min.X < o.Max.X && o.Min.X < r.Max.X && r.Min.Y < o.Max.Y && o.Min.Y < r.Max.Y {
			return true
		}
	}
	return false
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
