package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// FrontierMarker is one design marked on a cost–carbon frontier: today's
// park or a roadmap design, drawn at its net residual (tCO2e a year: the
// residual less the offsets it buys) and its total cost per year (offsets
// and certificates bought included) — where the roadmap's table puts it.
// A design that buys something is also drawn before it buys: a hollow
// ring at its residual and its cost without what it buys (the frontier's
// own terms: its points buy nothing), joined to the marker by a dotted
// arrow, so that a design off the frontier says why.
type FrontierMarker struct {
	Label string
	// ResidualTCO2ePerYear is the ledger's residual, before any offsets
	// bought.
	ResidualTCO2ePerYear float64
	// TotalCostPerYear includes what the design buys (BoughtCostPerYear).
	TotalCostPerYear float64
	// OffsetsBoughtTCO2ePerYear are the offsets the design buys, tCO2e a
	// year (its net residual is ResidualTCO2ePerYear less them);
	// BoughtCostPerYear what it pays for them and the certificates it
	// buys, a year. Both zero: it buys nothing, one marker.
	OffsetsBoughtTCO2ePerYear, BoughtCostPerYear float64
	// Units says the whole units the design adds ([UnitLines]), written
	// under its label.
	Units []string
	// Warnings are the design's (results.RoadmapRow.Warnings): its label
	// ends in "!" and each warning is a footnote below the plot.
	Warnings []string
	// Miss says how the design misses the stage it is named for over the
	// full series or in an operation check (RoadmapBar.Miss): its label
	// ends in "!" with the miss on the next line, and MissNote is the
	// first footnote. Both "" when it misses in neither.
	Miss, MissNote string
	// Today marks today's park (a black square); the others are
	// triangles in their stage's colour.
	Today bool
	Stage dispatch.Stage
	// Shade, when set, is the stage the ledger grants the design with
	// nothing bought: today's park, or a roadmap design that buys
	// nothing (it lies on the frontier); its residual and stage join the
	// frontier's points in placing the stage regions' edges where no
	// threshold does (its stage is known exactly at the limit it was
	// sized to, where the frontier's points only bracket it).
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
	// Thresholds, when set, put the stage regions' edges at the
	// ledger's thresholds on the residual; nil: at the points (see
	// [CostCarbonFrontier]).
	Thresholds *FrontierThresholds
	// PeriodHours is the period the frontier was traced over, in hours
	// (results.Roadmap.PeriodHours of the roadmap beside it): shorter
	// than a year, the caption's first paragraph says every figure a
	// year is scaled from it (a caution under a week, in the plan's
	// words); 0: not known, nothing said.
	PeriodHours float64
}

// FrontierThresholds are the ledger's stage thresholds on the residual,
// for the period a frontier was traced over, in tCO2e a year (per
// dispatch.LedgerConfig; the ledger compares period totals, a period
// of Y years scales both sides by Y).
type FrontierThresholds struct {
	// BaselineTCO2ePerYear is the ledger's baseline (the load served
	// from the grid, dispatch.Report.BaselineKgCO2e), the same for every
	// design; LowCarbonReductionMin the reduction against it low-carbon
	// needs (a fraction): low-carbon by emissions is residual ≤ (1 −
	// LowCarbonReductionMin) × baseline. A baseline ≤ 0 gives no
	// threshold.
	BaselineTCO2ePerYear  float64
	LowCarbonReductionMin float64
	// OffsetsHeldTCO2ePerYear are the offsets held: zero-carbon is
	// near-zero with residual ≤ offsets held.
	OffsetsHeldTCO2ePerYear float64
}

// FrontierThresholdsOf are roadmap rm's stage thresholds a year: its
// baseline and low-carbon reduction (Roadmap.BaselineTCO2ePerYear,
// LowCarbonReductionMinFraction) and its offsets held for the period,
// annualised as the residuals are; nil when rm does not give them (a
// roadmap.json written before those keys, or of no period).
func FrontierThresholdsOf(rm *results.Roadmap) *FrontierThresholds {
	if rm == nil || rm.BaselineTCO2ePerYear == nil || rm.LowCarbonReductionMinFraction == nil || !(rm.PeriodHours() > 0) {
		return nil
	}
	hours := rm.PeriodHours()
	return &FrontierThresholds{BaselineTCO2ePerYear: *rm.BaselineTCO2ePerYear, LowCarbonReductionMin: *rm.LowCarbonReductionMinFraction,
		OffsetsHeldTCO2ePerYear: rm.OffsetsHeldTCO2e * results.HoursPerYear / hours}
}

// at is where m is drawn: its net residual and total cost.
func (m FrontierMarker) at() plotter.XY {
	return plotter.XY{X: m.ResidualTCO2ePerYear - m.OffsetsBoughtTCO2ePerYear, Y: m.TotalCostPerYear}
}

// buys: m buys offsets or certificates, drawn before and after.
func (m FrontierMarker) buys() bool {
	return m.OffsetsBoughtTCO2ePerYear != 0 || m.BoughtCostPerYear != 0
}

// before is m before what it buys: its residual and its cost without.
func (m FrontierMarker) before() plotter.XY {
	return plotter.XY{X: m.ResidualTCO2ePerYear, Y: m.TotalCostPerYear - m.BoughtCostPerYear}
}

// text is m's label as drawn: its label, "!" when it has warnings or
// misses its stage, how it misses it on the next line, and its units on
// a line after.
func (m FrontierMarker) text() string {
	s := strings.Join(markedName(m.Label, len(m.Warnings) > 0, m.Miss), "\n")
	if len(m.Units) > 0 {
		s += "\n" + strings.Join(m.Units, ", ")
	}
	return s
}

// Stage colours: a region's shade (pale) and a marker's ink (dark). The
// shades step in lightness as well as hue, so that neighbouring regions
// stay apart for a tritanope (near-zero #d4eed0 and zero #cfe3f5 were at
// CIE76 ΔE 5.2, cvd_internal_test.go).
var stageColours = map[dispatch.Stage]struct{ shade, ink color.NRGBA }{
	dispatch.Conventional:   {color.NRGBA{R: 0xe6, G: 0xe6, B: 0xe6, A: 0xff}, color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}},
	dispatch.LowCarbon:      {color.NRGBA{R: 0xfd, G: 0xe9, B: 0xa9, A: 0xff}, color.NRGBA{R: 0xc0, G: 0x7a, B: 0x00, A: 0xff}},
	dispatch.NearZeroCarbon: {color.NRGBA{R: 0xc7, G: 0xe9, B: 0xc0, A: 0xff}, color.NRGBA{R: 0x1b, G: 0x7e, B: 0x2a, A: 0xff}},
	dispatch.ZeroCarbon:     {color.NRGBA{R: 0xb3, G: 0xd4, B: 0xf0, A: 0xff}, color.NRGBA{R: 0x1f, G: 0x5a, B: 0xa6, A: 0xff}},
}

// colFrontier is the frontier's computed points; colBetween the dashed
// segments between them; colToday today's park.
var (
	colFrontier = color.NRGBA{R: 0x30, G: 0x30, B: 0x30, A: 0xff}
	colBetween  = color.NRGBA{R: 0x30, G: 0x30, B: 0x30, A: 0x90}
	colToday    = color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0xff}
)

// legendFrontier is the legend entry of the frontier's computed points
// and the dashed segments between them, which only bound it from above.
// One entry, no wider than the stage shades': a taller or wider legend
// finds no clear corner on more frontiers.
const legendFrontier = "frontier points; dashed between: an upper bound (convex)"

// frontierFigure is the frontier drawn: the plot, its legend and title.
type frontierFigure struct {
	p      *plot.Plot
	legend plot.Legend
	title  string
	// labels places the markers' labels; the legend keeps clear of
	// them, of the markers and of the line where it can.
	labels *markerLabels
	// notes are the footnotes of the designs' warnings.
	notes designNotes
	// caption says the marginal abatement cost near the designs
	// (macCaption), under the plot, above the footnotes; "" for none.
	caption string
}

// titleArea is the part of c (the whole figure) the title and plot are
// drawn in.
func titleArea(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, vg.Points(6), -vg.Points(12), vg.Points(6), 0)
}

// plotCanvas is the part of c (the whole figure) the plot is drawn in.
func (ff *frontierFigure) plotCanvas(c draw.Canvas) draw.Canvas {
	_, _, below := titleSpace(titleArea(c), ff.title, 14)
	above, _ := footnoteSpace(below, ff.notes)
	above, _ = captionSpace(above, ff.caption)
	return above
}

func (ff *frontierFigure) draw(c draw.Canvas) {
	pc := drawCaption(drawFootnotes(drawTitle(titleArea(c), ff.title, 14), ff.notes), ff.caption)
	ff.p.Draw(pc)
	// The legend on a white box so that it reads over the shading.
	d := ff.p.DataCanvas(pc)
	box := ff.legendBox(d)
	pad := vg.Points(5)
	d.SetColor(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xe0})
	d.Fill(box.Path())
	ff.legend.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: box.Min.X + pad, Y: box.Min.Y + pad}, Max: vg.Point{X: box.Max.X - pad, Y: box.Max.Y - pad}}})
}

// legendBox is where the legend's box goes in the data area d: the top
// right corner, where a frontier (cost falling as the residual grows)
// leaves room, unless a marker, a label or the line is under it (today's
// park, costly and far right, often is); then the first of the bottom
// left, top left and bottom right corners that is clear; failing all,
// the top right.
func (ff *frontierFigure) legendBox(d draw.Canvas) vg.Rectangle {
	r := ff.legend.Rectangle(d)
	pad := vg.Points(5)
	w, h := r.Max.X-r.Min.X+2*pad, r.Max.Y-r.Min.Y+2*pad
	corner := func(right, top bool) vg.Rectangle {
		x, y := d.Min.X+pad, d.Min.Y+pad
		if right {
			x = d.Max.X - pad - w
		}
		if top {
			y = d.Max.Y - pad - h
		}
		return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
	}
	tries := []vg.Rectangle{corner(true, true), corner(false, false), corner(false, true), corner(true, false)}
	if ff.labels == nil {
		return tries[0]
	}
	_, taken, line := ff.labels.place(d, ff.p)
	connectors := fullSegments(d, ff.p, ff.labels.full)
	// Clear of the frontier's points' dots too (2.5 pt) and a little more.
	near := vg.Points(4)
	for _, t := range tries {
		grown := vg.Rectangle{Min: vg.Point{X: t.Min.X - near, Y: t.Min.Y - near}, Max: vg.Point{X: t.Max.X + near, Y: t.Max.Y + near}}
		if !overlapsAny(t, taken) && !crossesLine(grown, line) && !segmentsInRect(grown, connectors) {
			return t
		}
	}
	return tries[0]
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
	for _, f := range fullPoints(rows) {
		if !finiteAll(f.full.X, f.full.Y) {
			return inputErr("frontier point %d over the full series: residual %v tCO2e, total cost %v: must be finite", f.point, f.full.X, f.full.Y)
		}
	}
	for _, m := range marks {
		if !finiteAll(m.ResidualTCO2ePerYear, m.TotalCostPerYear, m.OffsetsBoughtTCO2ePerYear, m.BoughtCostPerYear) {
			return inputErr("marker %q: residual %v tCO2e, total cost %v, offsets bought %v tCO2e costing with certificates %v: must be finite",
				m.Label, m.ResidualTCO2ePerYear, m.TotalCostPerYear, m.OffsetsBoughtTCO2ePerYear, m.BoughtCostPerYear)
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

// frontierRange is the extent of the data (the frontier's points, their
// designs over the full series where known, the markers), padded by 5 % (and widened
// when it is a point) so that markers at the edges show whole, the cost
// axis then widened to labelled ticks at or beyond the cheapest and the
// dearest point.
func frontierRange(rows []results.FrontierRow, marks []FrontierMarker) (x0, x1, y0, y1 float64) {
	x0, x1, y0, y1 = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	add := func(x, y float64) {
		x0, x1, y0, y1 = math.Min(x0, x), math.Max(x1, x), math.Min(y0, y), math.Max(y1, y)
	}
	for _, r := range rows {
		add(r.ResidualTCO2ePerYear, r.TotalCostPerYear)
	}
	for _, f := range fullPoints(rows) {
		add(f.full.X, f.full.Y)
	}
	for _, m := range marks {
		add(m.at().X, m.at().Y)
		if m.buys() {
			add(m.before().X, m.before().Y)
		}
	}
	pad := func(lo, hi float64) (float64, float64) {
		w := hi - lo
		if !(w > 1e-9*math.Max(1, math.Abs(hi))) {
			w = math.Max(1, math.Abs(hi)/10)
		}
		return lo - 0.05*w, hi + 0.05*w
	}
	x0, x1 = pad(x0, x1)
	dy0, dy1 := y0, y1
	y0, y1 = pad(y0, y1)
	// The cost axis's labels bracket every point ([bracketLabelled]).
	y0, y1 = bracketLabelled(y0, y1, dy0, dy1)
	return x0, x1, y0, y1
}

// CostCarbonFrontier draws a cost–carbon frontier: total cost per year
// (y) against the residual in tCO2e a year (x), the frontier's points
// as solid dots joined in order by dashed segments, which the legend
// calls an upper bound (the frontier is convex: between two points it
// lies on or below the segment, where a roadmap design sized between
// them may be marked), the background shaded by stage (the package
// documentation, "Stage regions", says where the edges are), each point
// measured over the full series (a frontier traced on representative
// periods or slices: rows whose Full has its ResidualTCO2ePerYear) an
// open ring at that residual and total cost, joined to the point by a thin
// grey line, in the frontier's ink where the design holds the point's
// bound there and red where it misses it, with a legend entry for each
// kind drawn and a caption line counting the misses, and
// markers: today's park a black square, each roadmap design a triangle in
// its stage's colour, each on a white rim, a marker that later ones
// overlap drawn larger so that both show, labelled beside it off the
// frontier's line, the bought arrows, the full-series rings and lines,
// the markers and the other labels
// — further off, joined by a thin leader, where there is no room beside
// it ([markerLabels.layout]); the legend in the top right
// corner, or another corner when a marker, a ring, a label or a line is
// under it there. The data are ready: rows as
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
	// Both axes grouped: "1,000 t" across beside "3,000,000 USD" up.
	p.X.Tick.Marker, p.Y.Tick.Marker = cleanTicks{grouped: true}, cleanTicks{grouped: true}
	p.X.Label.Text = "residual emissions (tCO2e a year)"
	p.Y.Label.Text = "total cost per year"
	if o.Currency != "" {
		p.Y.Label.Text += " (" + o.Currency + ")"
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	p.X.Padding, p.Y.Padding = 0, 0
	leg := newLegend()
	bands := stageBands(bandPoints(rows, marks), o.Thresholds, x0, x1)
	addStageBands(p, &leg, bands, y0, y1)
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = colGrid, colGrid
	p.Add(g)
	// The full-series connectors under the frontier's line and points,
	// their rings over them.
	full := fullPoints(rows)
	if len(full) > 0 {
		p.Add(&fullConnectors{pts: full})
	}
	if err := addFrontierLine(p, &leg, rows); err != nil {
		return nil, o, err
	}
	addFullLegend(&leg, full)
	labels, err := addMarkers(p, &leg, marks, rows, full)
	if err != nil {
		return nil, o, err
	}
	var notes designNotes
	for _, r := range rows {
		notes.add(fmt.Sprintf("frontier point %d", r.Point), r.Warnings)
	}
	var misses []string
	for _, m := range marks {
		notes.add(m.Label, m.Warnings)
		misses = append(misses, m.MissNote)
	}
	notes = missNotes(notes, misses)
	// Fix the ranges: the bands' polygons span them exactly.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	title := o.Title
	if title == "" {
		title = "Cost–carbon frontier"
		if o.Park != "" {
			title += ": " + o.Park
		}
	}
	return &frontierFigure{p: p, legend: leg, title: title, labels: labels, notes: notes,
		caption: joinCaptions(periodCaption(o.PeriodHours), shadeCaption(rows, bands), fullCaption(full), macCaption(rows, marks, o.Currency))}, o, nil
}

// shadeCaption says which frontier points lie in the shade of a stage
// they do not reach, "" when none does. The shades are drawn by the
// residual, but low-carbon is granted by the renewable share or the
// reduction against the baseline, and near-zero by carbon per unit of
// energy (and the clean share): a point of less renewable energy can sit
// left of a design granted the stage and not reach it (QA, 2026-12-04:
// greensboro-heat's point 2, conventional, in the low-carbon shade).
func shadeCaption(rows []results.FrontierRow, bands []stageBand) string {
	var below []string
	for _, r := range rows {
		for _, b := range bands {
			if r.ResidualTCO2ePerYear >= b.loTCO2ePerYear && r.ResidualTCO2ePerYear <= b.hiTCO2ePerYear {
				if r.Stage != "" && r.Stage.Rank() < b.stage.Rank() {
					below = append(below, fmt.Sprintf("point %d (%s) in the %s shade", r.Point, r.Stage, b.stage))
				}
				break
			}
		}
	}
	if len(below) == 0 {
		return ""
	}
	return "Shades follow the residual, the stages do not only: " + strings.Join(below, ", ") +
		" (a stage also asks a renewable share, a reduction or carbon per unit of energy; frontier.csv gives each point's stage)."
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

// stageBand is the residual range [LoTCO2ePerYear, HiTCO2ePerYear] (tCO2e
// a year) shaded in a stage's colour, and what its right edge is.
type stageBand struct {
	stage                          dispatch.Stage
	loTCO2ePerYear, hiTCO2ePerYear float64
	// edge says what the right edge is, for the legend.
	edge string
}

// stageEdges are the right edges (tCO2e a year) of the nested stage
// regions, low-carbon, near-zero and zero-carbon: a design left of a
// stage's edge reaches that stage. -Inf: no edge (the region is empty).
// Where a stage has a threshold on the residual (low-carbon's reduction
// against the baseline, zero-carbon's residual ≤ offsets held), the edge
// is that threshold; near-zero's indicators depend on the design's
// consumption too, so its edge is the largest residual of a point the
// ledger grants near-zero or better, exactly at the point. A point
// granted a stage right of the threshold (low-carbon by the renewable
// share, near-zero on its own indicators) moves the edge out to it; zero-carbon needs near-zero's
// indicators too, so its edge never passes near-zero's unless a point
// granted zero-carbon lies beyond. Without thresholds every edge is the
// largest residual of a point granted the stage or better.
func stageEdges(pts []bandPoint, th *FrontierThresholds) (low, nearZero, zero float64, lowText, nearZeroText, zeroText string) {
	// granted is the largest residual of a point granted st or better.
	granted := func(st dispatch.Stage) float64 {
		x := math.Inf(-1)
		for _, p := range pts {
			if p.stage.Reaches(st) && p.x > x {
				x = p.x
			}
		}
		return x
	}
	const byPoint = "to the largest residual granted it"
	low, lowText = granted(dispatch.LowCarbon), byPoint
	if th != nil && th.BaselineTCO2ePerYear > 0 {
		at := (1 - th.LowCarbonReductionMin) * th.BaselineTCO2ePerYear
		if at >= low {
			low = at
			lowText = fmt.Sprintf("residual ≤ %s t, %s %% below the baseline", tonnesText(at), results.FormatNumber(math.Round(1000*th.LowCarbonReductionMin)/10))
		}
	}
	nearZero, nearZeroText = granted(dispatch.NearZeroCarbon), byPoint
	zero, zeroText = granted(dispatch.ZeroCarbon), byPoint
	if th != nil {
		if at := math.Min(th.OffsetsHeldTCO2ePerYear, nearZero); at >= zero {
			zero = at
			zeroText = fmt.Sprintf("residual ≤ the offsets held, %s t", tonnesText(th.OffsetsHeldTCO2ePerYear))
			if at < th.OffsetsHeldTCO2ePerYear {
				zeroText = fmt.Sprintf("residual ≤ the offsets held (%s t), near-zero's indicators met", tonnesText(th.OffsetsHeldTCO2ePerYear))
			}
		}
	}
	return low, nearZero, zero, lowText, nearZeroText, zeroText
}

// tonnesText is a threshold in tCO2e for the legend: 4 significant
// digits as before, but grouped and never in e-notation ("10,020", not
// "1.002e+04"; "12.35"; "0.0125").
func tonnesText(v float64) string {
	if v == 0 || !finiteAll(v) {
		return results.FormatNumber(v)
	}
	decimals := max(0, 3-int(math.Floor(math.Log10(math.Abs(v)))))
	s := results.Grouped(v, decimals)
	if decimals > 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".") // "100", not "100.0"
	}
	return s
}

// stageBands cuts the axis [x0, x1] at the stages' edges (stageEdges):
// left of zero-carbon's edge zero-carbon, then near-zero, low-carbon and,
// right of low-carbon's edge, conventional (drawn only when the
// thresholds are known or a point is granted conventional: otherwise the
// stage there is not known). Empty bands are left out.
func stageBands(pts []bandPoint, th *FrontierThresholds, x0, x1 float64) []stageBand {
	low, nz, zero, lowText, nzText, zeroText := stageEdges(pts, th)
	conventional := th != nil
	for _, p := range pts {
		if p.stage == dispatch.Conventional {
			conventional = true
		}
	}
	clamp := func(x float64) float64 { return math.Max(x0, math.Min(x1, x)) }
	var bands []stageBand
	lo := x0
	add := func(st dispatch.Stage, hi float64, edge string) {
		hi = clamp(hi)
		if hi > lo {
			bands = append(bands, stageBand{st, lo, hi, edge})
			lo = hi
		}
	}
	add(dispatch.ZeroCarbon, zero, zeroText)
	add(dispatch.NearZeroCarbon, nz, nzText)
	add(dispatch.LowCarbon, low, lowText)
	if conventional {
		add(dispatch.Conventional, x1, "")
	}
	return bands
}

// addStageBands shades the background by stage (stageBands) and adds
// each band to the legend with what its edge is.
func addStageBands(p *plot.Plot, leg *plot.Legend, bands []stageBand, y0, y1 float64) {
	for _, b := range bands {
		poly, err := plotter.NewPolygon(plotter.XYs{{X: b.loTCO2ePerYear, Y: y0}, {X: b.hiTCO2ePerYear, Y: y0}, {X: b.hiTCO2ePerYear, Y: y1}, {X: b.loTCO2ePerYear, Y: y1}})
		if err != nil {
			continue
		}
		poly.Color = stageColours[b.stage].shade
		poly.LineStyle.Width = 0
		p.Add(poly)
	}
	// The legend lists the stages in order, conventional first.
	for i := len(bands) - 1; i >= 0; i-- {
		b := bands[i]
		text := "shade: " + string(b.stage)
		if b.edge != "" {
			text += " (" + b.edge + ")"
		}
		leg.Add(text, &plotter.Polygon{Color: stageColours[b.stage].shade})
	}
}

// addFrontierLine draws the frontier's points as solid markers joined in
// order by thin dashed segments. The least cost as a function of the
// residual bound is convex (an LP's optimal value against a right-hand
// side), so between two computed points the true frontier lies on or
// below the segment: a design sized between them (a roadmap design at
// its stage's limit) may lie below the segment and still on the
// frontier. A solid line would read as the frontier itself and such a
// design as beating it; the dashes and the legend say the segment is a
// bound.
func addFrontierLine(p *plot.Plot, leg *plot.Legend, rows []results.FrontierRow) error {
	xys := make(plotter.XYs, len(rows))
	for i, r := range rows {
		xys[i] = plotter.XY{X: r.ResidualTCO2ePerYear, Y: r.TotalCostPerYear}
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return fmt.Errorf("plots: frontier: %w", err)
	}
	line.Color, line.Width = colBetween, vg.Points(1.2)
	line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	points.Color, points.Shape, points.Radius = colFrontier, draw.CircleGlyph{}, frontierDot
	p.Add(line, points)
	leg.Add(legendFrontier, line, points)
	return nil
}

// markerRadius is the size of a design's marker; a marker that a later
// one overlaps is drawn larger (markerGrowth per marker on top of it), so
// that it shows as a rim around the later one.
const (
	markerRadius = vg.Length(6)
	markerGrowth = 0.75
	// markerRim is the white outline around each marker.
	markerRim = vg.Length(1.2)
)

// markerGlyph is a marker's glyph style at radius r.
func markerGlyph(m FrontierMarker, r vg.Length) draw.GlyphStyle {
	if m.Today {
		return draw.GlyphStyle{Color: colToday, Shape: draw.BoxGlyph{}, Radius: r}
	}
	return draw.GlyphStyle{Color: markerInk(m.Stage), Shape: draw.PyramidGlyph{}, Radius: r}
}

// addMarkers draws today's park and the roadmap designs (markerGlyphs),
// labelled clear of the frontier's line where they can be.
func addMarkers(p *plot.Plot, leg *plot.Legend, marks []FrontierMarker, rows []results.FrontierRow, full []fullPoint) (*markerLabels, error) {
	for _, m := range marks {
		// The legend's swatch; the plot draws markerGlyphs.
		s, err := plotter.NewScatter(plotter.XYs{m.at()})
		if err != nil {
			return nil, fmt.Errorf("plots: marker %q: %w", m.Label, err)
		}
		s.GlyphStyle = markerGlyph(m, markerRadius)
		leg.Add(m.Label, s)
	}
	line := make([]plotter.XY, len(rows))
	for i, r := range rows {
		line[i] = plotter.XY{X: r.ResidualTCO2ePerYear, Y: r.TotalCostPerYear}
	}
	labels := &markerLabels{marks: marks, line: line, full: full}
	if slices.ContainsFunc(marks, FrontierMarker.buys) {
		leg.Add(legendBought, boughtThumb{})
	}
	p.Add(&warnedPoints{rows: rows, full: full})
	// The full-series rings over the frontier's points and the roadmap's
	// markers (open, so both show: a ring under today's park's square was
	// hidden, QA, 2026-12-04), under the labels.
	if len(marks) > 0 {
		p.Add(&boughtArrows{marks: marks}, &markerGlyphs{marks: marks})
	}
	if len(full) > 0 {
		p.Add(&fullRings{pts: full})
	}
	if len(marks) > 0 {
		p.Add(labels)
	}
	return labels, nil
}

// legendBought is the legend entry of a design drawn before and after
// what it buys (boughtArrows). The marker's x is the residual less the
// offsets bought, not those held: the frontier's axis is the residual,
// and zero-carbon's band ends at the offsets held.
const legendBought = "a design before → with the offsets it buys, at residual − bought"

// boughtRing is the radius of the ring at a design before what it buys.
const boughtRing = vg.Length(4.5)

// boughtArrows draws each design that buys offsets or certificates
// before it buys them — a hollow ring in its stage's ink at its residual
// and its cost without what it buys, on the frontier's terms — and a
// dotted arrow from there to its marker (net residual, total cost).
type boughtArrows struct{ marks []FrontierMarker }

func (ba *boughtArrows) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, m := range ba.marks {
		if !m.buys() {
			continue
		}
		from := vg.Point{X: trX(m.before().X), Y: trY(m.before().Y)}
		to := vg.Point{X: trX(m.at().X), Y: trY(m.at().Y)}
		drawBoughtArrow(c, from, to, markerInk(m.Stage))
	}
}

// drawBoughtArrow is a ring at from and a dotted arrow from its rim to
// the rim of a marker at to, in ink.
func drawBoughtArrow(c draw.Canvas, from, to vg.Point, ink color.Color) {
	c.DrawGlyph(draw.GlyphStyle{Color: color.White, Shape: draw.CircleGlyph{}, Radius: boughtRing + markerRim}, from)
	c.DrawGlyph(draw.GlyphStyle{Color: ink, Shape: draw.RingGlyph{}, Radius: boughtRing}, from)
	dx, dy := float64(to.X-from.X), float64(to.Y-from.Y)
	d := math.Hypot(dx, dy)
	start, end := float64(boughtRing+markerRim), d-float64(markerRadius+markerRim)
	if end-start < 4 {
		return // the two touch: the ring beside the marker says it
	}
	ux, uy := dx/d, dy/d
	pt := func(t float64) vg.Point { return vg.Point{X: from.X + vg.Length(t*ux), Y: from.Y + vg.Length(t*uy)} }
	ls := draw.LineStyle{Color: ink, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
	c.StrokeLine2(ls, pt(start).X, pt(start).Y, pt(end).X, pt(end).Y)
	// The head: two strokes 25° off the shaft, 6 pt long.
	head := 6.0
	for _, a := range []float64{25, -25} {
		s, co := math.Sincos(a * math.Pi / 180)
		hx, hy := -(ux*co - uy*s), -(ux*s + uy*co)
		e := pt(end)
		c.StrokeLine2(draw.LineStyle{Color: ink, Width: vg.Points(1.2)}, e.X, e.Y, e.X+vg.Length(head*hx), e.Y+vg.Length(head*hy))
	}
}

// boughtThumb is legendBought's thumbnail: a ring, a dotted arrow.
type boughtThumb struct{}

func (boughtThumb) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	ink := stageColours[dispatch.ZeroCarbon].ink
	c.DrawGlyph(draw.GlyphStyle{Color: ink, Shape: draw.RingGlyph{}, Radius: vg.Points(3)}, vg.Point{X: c.Min.X + vg.Points(3), Y: y})
	ls := draw.LineStyle{Color: ink, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
	c.StrokeLine2(ls, c.Min.X+vg.Points(7), y, c.Max.X, y)
	c.StrokeLine2(draw.LineStyle{Color: ink, Width: vg.Points(1.2)}, c.Max.X, y, c.Max.X-vg.Points(4), y+vg.Points(2.5))
	c.StrokeLine2(draw.LineStyle{Color: ink, Width: vg.Points(1.2)}, c.Max.X, y, c.Max.X-vg.Points(4), y-vg.Points(2.5))
}

// warnedPoints writes warnMark above each frontier point with warnings;
// the footnotes say them. Where the point's own full-series ring (full)
// reaches above the mark's place, the mark stands above the ring.
type warnedPoints struct {
	rows []results.FrontierRow
	full []fullPoint
}

func (wp *warnedPoints) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(11)
	sty.Color, sty.XAlign, sty.YAlign = colWarn, draw.XCenter, draw.YBottom
	for _, r := range wp.rows {
		if len(r.Warnings) > 0 {
			at := vg.Point{X: trX(r.ResidualTCO2ePerYear), Y: trY(r.TotalCostPerYear) + vg.Points(4)}
			c.FillText(sty, warnMarkAt(at, sty.Width(warnMark), r.Point, c, p, wp.full), warnMark)
		}
	}
}

// warnMarkAt is where the warning mark of point (its bottom centre at,
// w wide) goes: at, or, when point's full-series ring meets the mark's
// column there, just above the ring.
func warnMarkAt(at vg.Point, w vg.Length, point int, c draw.Canvas, p *plot.Plot, full []fullPoint) vg.Point {
	trX, trY := p.Transforms(&c)
	for _, f := range full {
		if f.point != point {
			continue
		}
		x, y := trX(f.full.X), trY(f.full.Y)
		if math.Abs(float64(x-at.X)) < float64(fullReach+w/2) && y+fullReach > at.Y && y-fullReach < at.Y+vg.Points(11) {
			at.Y = y + fullReach + vg.Points(1)
		}
	}
	return at
}

// markerGlyphs draws the markers in order, each on a white rim; a marker
// that later ones overlap is drawn larger by markerGrowth for each, so
// that two designs at nearly one point (a near-zero design and the
// zero-carbon design that buys offsets on it) both show.
type markerGlyphs struct{ marks []FrontierMarker }

func (mg *markerGlyphs) Plot(c draw.Canvas, p *plot.Plot) {
	radii := markerRadii(c, p, mg.marks)
	trX, trY := p.Transforms(&c)
	for i, m := range mg.marks {
		at := vg.Point{X: trX(m.at().X), Y: trY(m.at().Y)}
		rim := markerGlyph(m, radii[i]+markerRim)
		rim.Color = color.White
		c.DrawGlyph(rim, at)
		c.DrawGlyph(markerGlyph(m, radii[i]), at)
	}
}

// markerRadii are the markers' radii on canvas c: markerRadius, grown
// for each later marker whose glyph would overlap this one's.
func markerRadii(c draw.Canvas, p *plot.Plot, marks []FrontierMarker) []vg.Length {
	trX, trY := p.Transforms(&c)
	radii := make([]vg.Length, len(marks))
	for i, m := range marks {
		over := 0
		for _, n := range marks[i+1:] {
			if overlapping(trX, trY, m, n) {
				over++
			}
		}
		radii[i] = markerRadius * vg.Length(1+markerGrowth*float64(over))
	}
	return radii
}

// glyphExtent is how far from its point marker m's glyph, drawn at
// radius r, reaches, its white rim included: a box (gonum's BoxGlyph)
// stays within r; a pyramid (gonum's PyramidGlyph) is an equilateral
// triangle of circumradius r + (r − r·sin 30°)/2 = 1.25 r, its apex
// 1.25 r above the point, its base corners 1.08 r to either side.
func glyphExtent(m FrontierMarker, r vg.Length) vg.Length {
	r += markerRim
	if m.Today {
		return r
	}
	return 1.25 * r
}

// reach is the largest extent (glyphExtent) of the markers drawn where
// marker i is (its own included): its label keeps clear of them all.
func reach(c draw.Canvas, p *plot.Plot, marks []FrontierMarker, radii []vg.Length, i int) vg.Length {
	trX, trY := p.Transforms(&c)
	r := glyphExtent(marks[i], radii[i])
	for j, n := range marks {
		if overlapping(trX, trY, marks[i], n) {
			r = max(r, glyphExtent(n, radii[j]))
		}
	}
	return r
}

// overlapping reports whether markers m and n, drawn at markerRadius
// through the transforms trX, trY, would overlap.
func overlapping(trX, trY func(float64) vg.Length, m, n FrontierMarker) bool {
	dx := trX(m.at().X) - trX(n.at().X)
	dy := trY(m.at().Y) - trY(n.at().Y)
	return math.Hypot(float64(dx), float64(dy)) < float64(2*markerRadius)
}

// markerLabels writes each marker's label beside it ([markerLabels.layout]
// says where), joined to the marker by a thin leader when it had to stand
// further off than the nearest ring of places.
type markerLabels struct {
	marks []FrontierMarker
	// line is the frontier's points in order (data coordinates).
	line []plotter.XY
	// full are the frontier's points over the full series (fullPoints):
	// labels keep off their rings and connectors too.
	full []fullPoint
}

func (ml *markerLabels) Plot(c draw.Canvas, p *plot.Plot) {
	sty := labelStyle()
	placed, _, _ := ml.layout(c, p)
	for i, l := range placed {
		if l.leader {
			from, to := leaderEnds(l)
			c.StrokeLine2(draw.LineStyle{Color: colLeader, Width: vg.Points(0.6)}, from.X, from.Y, to.X, to.Y)
		}
		m, ls := ml.marks[i], sty
		if len(m.Warnings) > 0 || m.Miss != "" {
			// In the warnings' red, as a pathway's milestone and the
			// footnote: the docs' red "!" was drawn in black.
			ls.Color = colWarn
		}
		c.FillText(ls, vg.Point{X: l.box.Min.X, Y: (l.box.Min.Y + l.box.Max.Y) / 2}, m.text())
	}
}

// colLeader is the ink of a label's leader to its marker.
var colLeader = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}

// labelPlace is where a marker's label goes: its box, and whether a
// leader joins it to the marker (at, its point on the canvas; reach, how
// far its glyphs extend from there).
type labelPlace struct {
	box    vg.Rectangle
	leader bool
	at     vg.Point
	reach  vg.Length
}

// leaderEnds are the ends of l's leader: from the rim of the marker's
// glyphs towards the nearest point of the label's box, stopping 2 pt
// short of it.
func leaderEnds(l labelPlace) (from, to vg.Point) {
	to = nearestIn(l.at, l.box)
	dx, dy := float64(to.X-l.at.X), float64(to.Y-l.at.Y)
	d := math.Hypot(dx, dy)
	if d == 0 {
		return l.at, l.at
	}
	along := func(t float64) vg.Point {
		return vg.Point{X: l.at.X + vg.Length(t*dx/d), Y: l.at.Y + vg.Length(t*dy/d)}
	}
	return along(math.Min(float64(l.reach), d)), along(math.Max(float64(l.reach), d-2))
}

// labelRings is how many rings of places, each labelRingStep further
// out, a label is tried at; labelComfort the clearance from the lines
// (the frontier's and the bought arrows') and the other labels that a
// place needs to be taken at once.
const (
	labelRings    = 18
	labelRingStep = vg.Length(8)
	labelComfort  = vg.Length(5)
)

// place is where each marker's label goes on c (labels, in the markers'
// order), and what the legend keeps clear of: taken, the squares of the
// markers' glyphs (onCanvas) and the labels, and the frontier's line.
func (ml *markerLabels) place(c draw.Canvas, p *plot.Plot) (labels, taken []vg.Rectangle, line []vg.Point) {
	placed, taken, line := ml.layout(c, p)
	for _, l := range placed {
		labels = append(labels, l.box)
	}
	return labels, taken, line
}

// layout places the markers' labels. Each label is tried at twelve
// places around its marker — right, above right, above, below left,
// left, below, above and below starting at the marker, above left, below
// right, above and below ending at the marker, and above and below
// against the data area's left or right edge when that is still over or
// under the marker — on the ring nearest the marker's glyphs first, then
// on labelRings rings each labelRingStep further out. A place is a
// candidate when it lies inside the data area, clear of every marker
// and ring (the bought and the full-series ones) and off the frontier's
// line, the bought arrows and the full-series connectors, and, beyond the
// first ring, when its leader passes through no other marker or ring. A
// marker's candidates are ranked in tiers: those keeping labelComfort
// from the lines, nearest ring first, then in the order above; then the
// rest, farthest from the lines first; then, in the same two orders,
// those whose leader crosses a full-series connector (a fan of
// connectors can wall a design in); last those whose leader crosses the
// frontier's line or a bought arrow. The labels take, in the markers'
// order, the first combination of candidates (depth first, in rank) in
// which no label meets another, nor another's leader, and no two leaders
// cross: searched first among the candidates whose leaders cross
// nothing, then, failing that, among those crossing at most connectors,
// then among all. Deterministic: nothing but the data and the canvas
// decide. When no combination is found within labelSearchBudget steps
// (a pass),
// each label in turn takes its first candidate clear of those already
// placed, or failing all, the place right of its marker, moved down until
// clear of the others (two designs at nearly one point): it may then
// cross the line.
func (ml *markerLabels) layout(c draw.Canvas, p *plot.Plot) (placed []labelPlace, taken []vg.Rectangle, line []vg.Point) {
	trX, trY := p.Transforms(&c)
	sty := labelStyle()
	radii := markerRadii(c, p, ml.marks)
	marked, line := ml.onCanvas(c, p, radii)
	// lines: what neither a label nor a leader crosses; segs: what no
	// label meets, the full-series connectors too, which a leader may
	// cross where no place is left without (ranked last).
	lines := polylineSegments(line)
	for _, m := range ml.marks {
		if m.buys() {
			lines = append(lines, [2]vg.Point{{X: trX(m.before().X), Y: trY(m.before().Y)}, {X: trX(m.at().X), Y: trY(m.at().Y)}})
		}
	}
	conns := fullSegments(c, p, ml.full)
	segs := append(slices.Clip(lines), conns...)
	inside := func(r vg.Rectangle) bool {
		return r.Min.X >= c.Min.X && r.Max.X <= c.Max.X && r.Min.Y >= c.Min.Y && r.Max.Y <= c.Max.Y
	}
	n := len(ml.marks)
	cands := make([][]labelPlace, n)
	tierOf := make([][]int, n) // cands' tiers
	fallback := make([]labelPlace, n)
	for i, m := range ml.marks {
		w, h := sty.Width(m.text()), sty.Height(m.text())
		x, y := trX(m.at().X), trY(m.at().Y)
		rch := reach(c, p, ml.marks, radii, i)
		gap := rch + vg.Points(3)
		at := func(x0, yc vg.Length) vg.Rectangle {
			return vg.Rectangle{Min: vg.Point{X: x0, Y: yc - h/2}, Max: vg.Point{X: x0 + w, Y: yc + h/2}}
		}
		fallback[i] = labelPlace{box: at(x+gap, y), at: vg.Point{X: x, Y: y}, reach: rch}
		// tiers: comfortable, close; the same with a leader across a
		// full-series connector; the same with a leader across the
		// frontier's line or a bought arrow.
		var tiers [6][]labelPlace
		var clearOf [6][]vg.Length
		for ring := range labelRings {
			d := gap + vg.Length(ring)*labelRingStep
			// Above right and below left first after right: a frontier
			// falls from top left to bottom right, leaving those corners
			// empty. Above and below starting or ending at the marker: a
			// marker near an edge has no room for a label centred on it.
			tries := []vg.Rectangle{at(x+d, y), at(x+d*0.8, y+d*0.8+h/2), at(x-w/2, y+d+h/2),
				at(x-d*0.8-w, y-d*0.8-h/2), at(x-d-w, y), at(x-w/2, y-d-h/2),
				at(x-gap/2, y+d+h/2), at(x-gap/2, y-d-h/2),
				at(x-d*0.8-w, y+d*0.8+h/2), at(x+d*0.8, y-d*0.8-h/2),
				at(x+gap/2-w, y+d+h/2), at(x+gap/2-w, y-d-h/2)}
			// Against the data area's left or right edge: a marker in a
			// corner between an edge and the line.
			for _, x0 := range []vg.Length{c.Min.X, c.Max.X - w} {
				if x0 <= x && x <= x0+w {
					tries = append(tries, at(x0, y+d+h/2), at(x0, y-d-h/2))
				}
			}
			for _, t := range tries {
				if !inside(t) || overlapsAny(t, marked) {
					continue
				}
				l := labelPlace{box: t, leader: ring > 0, at: vg.Point{X: x, Y: y}, reach: rch}
				clear := labelClearance(t, segs, nil)
				if clear <= 0 {
					continue
				}
				tier := 0
				if l.leader {
					from, to := leaderEnds(l)
					switch {
					case leaderThrough(from, to, l.at, marked):
						continue
					case crossesSegments(from, to, lines):
						tier = 4
					case crossesSegments(from, to, conns):
						tier = 2
					}
				}
				if clear < labelComfort {
					tier++
				}
				tiers[tier] = append(tiers[tier], l)
				clearOf[tier] = append(clearOf[tier], clear)
			}
		}
		for k, tier := range tiers {
			if k%2 == 1 { // close: farthest from the lines first
				idx := make([]int, len(tier))
				for j := range idx {
					idx[j] = j
				}
				slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(clearOf[k][b], clearOf[k][a]) })
				for _, j := range idx {
					cands[i], tierOf[i] = append(cands[i], tier[j]), append(tierOf[i], k)
				}
				continue
			}
			for _, l := range tier {
				cands[i], tierOf[i] = append(cands[i], l), append(tierOf[i], k)
			}
		}
	}
	// fits: place l of a marker keeps clear of the places chosen.
	fits := func(l labelPlace, chosen []labelPlace) bool {
		var from, to vg.Point
		if l.leader {
			from, to = leaderEnds(l)
		}
		for _, o := range chosen {
			if rectDistance(l.box, o.box) < labelGap {
				return false
			}
			if l.leader && (segmentInRect(from, to, o.box) || (o.leader && crossesSegments(from, to, [][2]vg.Point{leaderSegment(o)}))) {
				return false
			}
			if o.leader {
				if f, t := leaderEnds(o); segmentInRect(f, t, l.box) {
					return false
				}
			}
		}
		return true
	}
	chosen := make([]labelPlace, 0, n)
	steps := 0
	// search places labels i… from candidates of tiers up to top.
	var search func(i, top int) bool
	search = func(i, top int) bool {
		if i == n {
			return true
		}
		for k, l := range cands[i] {
			if tierOf[i][k] > top {
				continue
			}
			if steps++; steps > labelSearchBudget {
				return false
			}
			if fits(l, chosen) {
				chosen = append(chosen, l)
				if search(i+1, top) {
					return true
				}
				chosen = chosen[:len(chosen)-1]
			}
		}
		return false
	}
	// Leaders across nothing first; then, failing that, across the
	// full-series connectors; then across the lines too. A pass runs only
	// when it has candidates the one before had not.
	found := false
	for pass, top := range []int{1, 3, 5} {
		more := pass == 0
		for i := range tierOf {
			more = more || slices.ContainsFunc(tierOf[i], func(t int) bool { return t > top-2 && t <= top })
		}
		if !more {
			continue
		}
		chosen, steps = chosen[:0], 0
		if found = search(0, top); found {
			break
		}
	}
	if !found {
		chosen = chosen[:0]
		for i := range n {
			l, found := fallback[i], false
			for _, cd := range cands[i] {
				if fits(cd, chosen) {
					l, found = cd, true
					break
				}
			}
			for moved := 0; !found && moved <= n && overlapsAny(l.box, append(marked, boxesOf(chosen)...)); moved++ {
				l.box.Min.Y -= l.box.Max.Y - l.box.Min.Y
				l.box.Max.Y = l.box.Min.Y + (fallback[i].box.Max.Y - fallback[i].box.Min.Y)
			}
			chosen = append(chosen, l)
		}
	}
	return chosen, append(marked, boxesOf(chosen)...), line
}

// labelGap is the least space between two labels; labelSearchBudget
// bounds the search for a combination of places (steps: places tried).
const (
	labelGap          = vg.Length(2)
	labelSearchBudget = 200_000
)

// leaderSegment is l's leader as a segment.
func leaderSegment(l labelPlace) [2]vg.Point {
	f, t := leaderEnds(l)
	return [2]vg.Point{f, t}
}

// boxesOf are the boxes of the places.
func boxesOf(ls []labelPlace) []vg.Rectangle {
	var rs []vg.Rectangle
	for _, l := range ls {
		rs = append(rs, l.box)
	}
	return rs
}

// polylineSegments are the segments of the polyline pts; a single point
// is a segment of no length.
func polylineSegments(pts []vg.Point) [][2]vg.Point {
	var segs [][2]vg.Point
	for i := 1; i < len(pts); i++ {
		segs = append(segs, [2]vg.Point{pts[i-1], pts[i]})
	}
	if len(pts) == 1 {
		segs = append(segs, [2]vg.Point{pts[0], pts[0]})
	}
	return segs
}

// labelClearance is how far box r keeps from the segments and from the
// boxes others: 0 when it meets one.
func labelClearance(r vg.Rectangle, segs [][2]vg.Point, others []vg.Rectangle) vg.Length {
	clear := vg.Length(math.Inf(1))
	for _, s := range segs {
		if segmentInRect(s[0], s[1], r) {
			return 0
		}
		clear = min(clear, segmentRectDistance(s[0], s[1], r))
	}
	for _, o := range others {
		clear = min(clear, rectDistance(r, o))
	}
	return clear
}

// segmentRectDistance is the distance between segment a–b and rectangle
// r when they do not meet: the least of its ends' distances to r and r's
// corners' distances to it.
func segmentRectDistance(a, b vg.Point, r vg.Rectangle) vg.Length {
	d := min(pointRectDistance(a, r), pointRectDistance(b, r))
	for _, q := range []vg.Point{r.Min, r.Max, {X: r.Min.X, Y: r.Max.Y}, {X: r.Max.X, Y: r.Min.Y}} {
		d = min(d, pointSegmentDistance(q, a, b))
	}
	return d
}

// nearestIn is the point of r nearest p.
func nearestIn(p vg.Point, r vg.Rectangle) vg.Point {
	return vg.Point{X: min(max(p.X, r.Min.X), r.Max.X), Y: min(max(p.Y, r.Min.Y), r.Max.Y)}
}

func pointRectDistance(p vg.Point, r vg.Rectangle) vg.Length {
	q := nearestIn(p, r)
	return vg.Length(math.Hypot(float64(p.X-q.X), float64(p.Y-q.Y)))
}

func pointSegmentDistance(p, a, b vg.Point) vg.Length {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, (float64(p.X-a.X)*dx+float64(p.Y-a.Y)*dy)/l2))
	}
	return vg.Length(math.Hypot(float64(p.X-a.X)-t*dx, float64(p.Y-a.Y)-t*dy))
}

// rectDistance is the gap between rectangles r and o, 0 when they meet.
func rectDistance(r, o vg.Rectangle) vg.Length {
	dx := max(0, o.Min.X-r.Max.X, r.Min.X-o.Max.X)
	dy := max(0, o.Min.Y-r.Max.Y, r.Min.Y-o.Max.Y)
	return vg.Length(math.Hypot(float64(dx), float64(dy)))
}

// crossesSegments reports whether segment a–b meets one of segs.
func crossesSegments(a, b vg.Point, segs [][2]vg.Point) bool {
	for _, s := range segs {
		if segmentsMeet(a, b, s[0], s[1]) {
			return true
		}
	}
	return false
}

// leaderThrough reports whether segment a–b, a leader from the marker
// at own, passes through one of the boxes (labels, markers) but those
// around own.
func leaderThrough(a, b, own vg.Point, boxes []vg.Rectangle) bool {
	for _, r := range boxes {
		if !pointIn(own, r) && segmentInRect(a, b, r) {
			return true
		}
	}
	return false
}

// segmentsMeet reports whether segments a–b and c–d share a point.
func segmentsMeet(a, b, c, d vg.Point) bool {
	cross := func(o, p, q vg.Point) float64 {
		return float64(p.X-o.X)*float64(q.Y-o.Y) - float64(p.Y-o.Y)*float64(q.X-o.X)
	}
	d1, d2, d3, d4 := cross(c, d, a), cross(c, d, b), cross(a, b, c), cross(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	on := func(o, p, q vg.Point) bool { // q on segment o–p, given collinear
		return min(o.X, p.X) <= q.X && q.X <= max(o.X, p.X) && min(o.Y, p.Y) <= q.Y && q.Y <= max(o.Y, p.Y)
	}
	return (d1 == 0 && on(c, d, a)) || (d2 == 0 && on(c, d, b)) || (d3 == 0 && on(a, b, c)) || (d4 == 0 && on(a, b, d))
}

// labelStyle is the markers' labels' text style, anchored at the left
// middle.
func labelStyle() text.Style {
	sty := textStyle(10)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	return sty
}

// onCanvas is, on c, the square each marker's glyph covers (at its
// radius, radii from markerRadii, rim included: glyphExtent), then those
// of the bought rings and of the full-series rings (fullBoxes), and the
// frontier's line: what labels and the legend keep clear of.
func (ml *markerLabels) onCanvas(c draw.Canvas, p *plot.Plot, radii []vg.Length) (boxes []vg.Rectangle, line []vg.Point) {
	trX, trY := p.Transforms(&c)
	boxes = make([]vg.Rectangle, len(ml.marks))
	for i, m := range ml.marks {
		x, y, r := trX(m.at().X), trY(m.at().Y), glyphExtent(m, radii[i])
		boxes[i] = vg.Rectangle{Min: vg.Point{X: x - r, Y: y - r}, Max: vg.Point{X: x + r, Y: y + r}}
	}
	// The rings of the designs before what they buy.
	for _, m := range ml.marks {
		if m.buys() {
			x, y, r := trX(m.before().X), trY(m.before().Y), boughtRing+markerRim
			boxes = append(boxes, vg.Rectangle{Min: vg.Point{X: x - r, Y: y - r}, Max: vg.Point{X: x + r, Y: y + r}})
		}
	}
	// The rings of the frontier's points over the full series.
	boxes = append(boxes, fullBoxes(c, p, ml.full)...)
	line = make([]vg.Point, len(ml.line))
	for i, xy := range ml.line {
		line[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	return boxes, line
}

// crossesLine reports whether a segment of the polyline pts enters r.
func crossesLine(r vg.Rectangle, pts []vg.Point) bool {
	return segmentsInRect(r, polylineSegments(pts)) // a single point: a segment of length 0
}

func pointIn(p vg.Point, r vg.Rectangle) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// segmentInRect reports whether the segment a–b meets r: clipped to r's
// x-range (Liang–Barsky along x), its y-range must meet r's.
func segmentInRect(a, b vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	clip := func(p, q float64) bool {
		if p == 0 {
			return q >= 0
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		return t0 <= t1
	}
	return clip(-dx, float64(a.X-r.Min.X)) && clip(dx, float64(r.Max.X-a.X)) &&
		clip(-dy, float64(a.Y-r.Min.Y)) && clip(dy, float64(r.Max.Y-a.Y))
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

// FrontierMarkers are today's park and the roadmap's designs (rm's rows
// with a design), to mark on its frontier: each at its net residual and
// total cost per year, before what it buys too when it buys offsets or
// certificates, with its whole units ([UnitLines]) and its warnings (the
// full series' after "full series: ").
func FrontierMarkers(rm *results.Roadmap) []FrontierMarker {
	var marks []FrontierMarker
	for _, r := range rm.Rows {
		if r.Unreachable != "" {
			continue
		}
		m := FrontierMarker{ResidualTCO2ePerYear: r.ResidualTCO2ePerYear, TotalCostPerYear: r.TotalCostPerYear, Stage: dispatch.Stage(r.Target),
			Units: UnitLines(r.Added, r.AddedUnits), Warnings: r.StoredWarnings()}
		switch {
		case r.Target == results.TodayTarget:
			// Nothing bought: its stage is known at its residual.
			m.Label, m.Today, m.Shade = "today's park", true, r.Stage
		case r.OffsetsBoughtTCO2ePerYear > 0 || r.CertificatesBoughtMWhPerYear > 0:
			m.Label = r.Target + " design" + boughtText(&r)
			m.OffsetsBoughtTCO2ePerYear = r.OffsetsBoughtTCO2ePerYear
			m.BoughtCostPerYear = r.OffsetCostPerYear + r.CertificateCostPerYear
		default:
			// Nothing bought: a point of the frontier whose stage is known.
			m.Label, m.Shade = r.Target+" design", r.Stage
		}
		m.Miss, m.MissNote = stageMiss(m.Label, &r)
		marks = append(marks, m)
	}
	return marks
}

// boughtText says what r buys, for its label: " + 349 t offsets", "
// + 40 MWh certificates", or both.
func boughtText(r *results.RoadmapRow) string {
	var s string
	if r.OffsetsBoughtTCO2ePerYear > 0 {
		s += " + " + capacityText(r.OffsetsBoughtTCO2ePerYear) + " t offsets"
	}
	if r.CertificatesBoughtMWhPerYear > 0 {
		s += " + " + capacityText(r.CertificatesBoughtMWhPerYear) + " MWh certificates"
	}
	return s
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
