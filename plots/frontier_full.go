package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/results"
)

// fullPoint is a frontier point traced on a reduced model (representative
// periods or slices) beside its design measured over the full series
// (results.FrontierRow.Full): reduced at the point's residual and total
// cost, full at the full-series operation's residual and total; missed
// when that operation cannot keep the residual within the point's bound
// (results.FullSeries.Unreachable set).
type fullPoint struct {
	point         int
	reduced, full plotter.XY
	missed        bool
}

// fullPoints are the rows measured over the full series whose residual
// there is known (results.FullSeries.ResidualTCO2ePerYear; a frontier.csv
// written before that column has none, and its points are drawn as
// before), in the rows' order; none for a frontier traced over the full
// series.
func fullPoints(rows []results.FrontierRow) []fullPoint {
	var pts []fullPoint
	for _, r := range rows {
		if r.Full == nil || r.Full.ResidualTCO2ePerYear == nil {
			continue
		}
		pts = append(pts, fullPoint{point: r.Point,
			reduced: plotter.XY{X: r.ResidualTCO2ePerYear, Y: r.TotalCostPerYear},
			full:    plotter.XY{X: *r.Full.ResidualTCO2ePerYear, Y: r.Full.TotalCostPerYear},
			missed:  r.Full.Unreachable != ""})
	}
	return pts
}

// The full-series points' look: an open ring (the frontier's points are
// solid dots, the designs before what they buy thin rings in their
// stage's ink) of fullRing radius and fullRingWidth stroke, ringed by a
// white halo fullHalo wide, in the frontier's ink where the point's design
// holds its bound over the full series and in colFullMissed where it
// misses; a thin grey connector from the point's dot to its ring.
const (
	fullRing       = vg.Length(5.5)
	fullRingWidth  = vg.Length(1.5)
	fullHalo       = vg.Length(1.4)
	connectorWidth = vg.Length(0.8)
	// frontierDot is the radius of the frontier's points' dots
	// (addFrontierLine).
	frontierDot = vg.Length(3.5)
)

// colFullMissed is the warnings' red (colWarn, as the footnotes saying a
// design misses its stage): the orange #e04a00 was at CIE76 ΔE 2.3 from
// the low-carbon designs' ink #c07a00 for a deuteranope (QA K, session
// 39); the red stays at least ΔE 16 from every marker ink and shade, as
// drawn and for deuteranopes, protanopes and tritanopes
// (cvd_internal_test.go).
var (
	colFullHeld   = colFrontier
	colFullMissed = colWarn
	colConnector  = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
)

// Legend entries of the full-series points, each only when such a point
// is drawn. Point 0 (no bound) is drawn in the held ink, and the held
// entry says so.
const (
	legendFullHeld   = "over the full series: bound held"
	legendFullMissed = "over the full series: bound missed"
	// Point 0 alone drawn in the held ink: it is solved with no bound.
	legendFullUnbounded = "over the full series: point 0, no bound"
)

// fullInk is the ring's ink of a point that holds or misses its bound.
func fullInk(missed bool) color.Color {
	if missed {
		return colFullMissed
	}
	return colFullHeld
}

// fullReach is how far a full-series ring reaches from its centre, halo
// included: what labels and the legend keep clear of.
const fullReach = fullRing + fullRingWidth/2 + fullHalo

// drawFullRing strokes a full-series ring at pt: a white halo just
// outside it (keeping lines that cross it off the ring), then the ring in
// ink. Its inside is left clear: a frontier point's dot at the same place
// shows whole within it.
func drawFullRing(c draw.Canvas, pt vg.Point, ink color.Color) {
	ring := func(col color.Color, r, w vg.Length) {
		var path vg.Path
		path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		path.Arc(pt, r, 0, 2*math.Pi)
		path.Close()
		c.SetLineStyle(draw.LineStyle{Color: col, Width: w})
		c.Stroke(path)
	}
	ring(color.White, fullRing+(fullRingWidth+fullHalo)/2, fullHalo)
	ring(ink, fullRing, fullRingWidth)
}

// connectorEnds are the ends of the connector from a point's dot at from
// to its full-series ring at to: from the dot's rim to the ring's outer
// edge; ok false when the two touch (the ring beside the dot says it).
func connectorEnds(from, to vg.Point) (a, b vg.Point, ok bool) {
	dx, dy := float64(to.X-from.X), float64(to.Y-from.Y)
	d := math.Hypot(dx, dy)
	start, end := float64(frontierDot), d-float64(fullRing+fullRingWidth/2)
	if end-start < 2 {
		return from, to, false
	}
	at := func(t float64) vg.Point {
		return vg.Point{X: from.X + vg.Length(t*dx/d), Y: from.Y + vg.Length(t*dy/d)}
	}
	return at(start), at(end), true
}

// fullConnectors draws a thin grey line from each frontier point to its
// design over the full series (connectorEnds), under the frontier's line
// and points; fullRings draws the rings (drawFullRing) over them, so that
// a point whose design does over the full series what the reduced model
// said shows as a dot in a ring.
type (
	fullConnectors struct{ pts []fullPoint }
	fullRings      struct{ pts []fullPoint }
)

func (fc *fullConnectors) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, f := range fc.pts {
		if a, b, ok := connectorEnds(vg.Point{X: trX(f.reduced.X), Y: trY(f.reduced.Y)}, vg.Point{X: trX(f.full.X), Y: trY(f.full.Y)}); ok {
			c.StrokeLine2(draw.LineStyle{Color: colConnector, Width: connectorWidth}, a.X, a.Y, b.X, b.Y)
		}
	}
}

func (fr *fullRings) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, f := range fr.pts {
		drawFullRing(c, vg.Point{X: trX(f.full.X), Y: trY(f.full.Y)}, fullInk(f.missed))
	}
}

// fullThumb is a full-series legend entry's thumbnail: a grey connector
// ending in a ring.
type fullThumb struct{ missed bool }

func (ft fullThumb) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	ring := vg.Point{X: c.Max.X - fullRing - fullRingWidth, Y: y}
	c.StrokeLine2(draw.LineStyle{Color: colConnector, Width: connectorWidth}, c.Min.X, y, ring.X-fullRing-fullRingWidth/2, y)
	drawFullRing(*c, ring, fullInk(ft.missed))
}

// addFullLegend adds the full-series points' legend entries: one for
// those that hold their bound, one for those that miss it, each only
// when there are such points.
func addFullLegend(leg *plot.Legend, pts []fullPoint) {
	held, unbounded, missed := false, false, false
	for _, f := range pts {
		switch {
		case f.missed:
			missed = true
		case f.point == 0:
			unbounded = true // solved with no bound: nothing to hold
		default:
			held = true
		}
	}
	switch {
	case held && unbounded:
		leg.Add(legendFullHeld+" (point 0: no bound)", fullThumb{})
	case held:
		leg.Add(legendFullHeld, fullThumb{})
	case unbounded:
		leg.Add(legendFullUnbounded, fullThumb{})
	}
	if missed {
		leg.Add(legendFullMissed, fullThumb{missed: true})
	}
}

// segmentsInRect reports whether one of segs meets r.
func segmentsInRect(r vg.Rectangle, segs [][2]vg.Point) bool {
	for _, s := range segs {
		if segmentInRect(s[0], s[1], r) {
			return true
		}
	}
	return false
}

// fullCaption is the caption's sentence on the full-series points: what
// the rings are and how many of them miss their bound; "" when none is
// drawn.
func fullCaption(pts []fullPoint) string {
	if len(pts) == 0 {
		return ""
	}
	missed := 0
	for _, f := range pts {
		if f.missed {
			missed++
		}
	}
	s := "Open rings, joined to the frontier's points by grey lines: each point's design measured over the full series (its capacities fixed, its cheapest operation with the residual within the point's bound, point 0 with none); "
	switch {
	case missed == 0 && len(pts) == 1:
		return s + "the point holds its bound there."
	case missed == 0:
		return s + fmt.Sprintf("all %d points hold their bound there.", len(pts))
	}
	return s + fmt.Sprintf("%d of %d points miss their bound there (red: the design's cheapest operation, its residual above the bound, "+
		"or its unserved load above the ledger's tolerance): the reduced frontier is optimistic.",
		missed, len(pts))
}

// fullSegments are the connectors of the full-series points on canvas c
// (centre to centre: what labels and the legend keep off).
func fullSegments(c draw.Canvas, p *plot.Plot, pts []fullPoint) [][2]vg.Point {
	trX, trY := p.Transforms(&c)
	var segs [][2]vg.Point
	for _, f := range pts {
		segs = append(segs, [2]vg.Point{{X: trX(f.reduced.X), Y: trY(f.reduced.Y)}, {X: trX(f.full.X), Y: trY(f.full.Y)}})
	}
	return segs
}

// fullBoxes are the squares the full-series rings cover on canvas c,
// halo included.
func fullBoxes(c draw.Canvas, p *plot.Plot, pts []fullPoint) []vg.Rectangle {
	trX, trY := p.Transforms(&c)
	var boxes []vg.Rectangle
	for _, f := range pts {
		x, y := trX(f.full.X), trY(f.full.Y)
		boxes = append(boxes, vg.Rectangle{Min: vg.Point{X: x - fullReach, Y: y - fullReach}, Max: vg.Point{X: x + fullReach, Y: y + fullReach}})
	}
	return boxes
}
