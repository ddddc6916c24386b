package plots

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/results"
)

// colCaption is the ink of the frontier's caption on the marginal
// abatement cost.
var colCaption = color.NRGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff}

// captionStyle is the caption's text style, anchored at the top left.
func captionStyle() text.Style {
	sty := textStyle(footnotePt)
	sty.Color = colCaption
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	return sty
}

// macCaption is the frontier figure's caption on the marginal abatement
// cost near the roadmap's designs: for each marked design that buys
// nothing and lies within the frontier's span, the marginal cost on the
// frontier at its residual, bracketed by the points either side (the cost
// is convex in the bound, so between points ε_i > x > ε_{i+1} the
// marginal cost lies between theirs; at a point, the point's own; from
// the first point, which has none, up to the second's: 0 to it; from the
// point before the last to the last, the least residual, whose dual is
// only the slope at the edge of what is reachable
// (plan.FrontierPoint.MarginalCostPerTCO2e): at least the former's, "≥",
// whatever figure an older frontier.csv gives the last point). A design
// that buys offsets is priced by them and is left out, as is today's
// park, off the frontier. "" when no design qualifies, when a point
// between the first and the last has no marginal cost (whole units, a
// solver without duals, a frontier.csv written before the column) or
// when there are fewer than three points. currency names the money (""
// leaves it out).
func macCaption(rows []results.FrontierRow, marks []FrontierMarker, currency string) string {
	if len(rows) < 3 {
		return ""
	}
	pts := slices.Clone(rows)
	slices.SortFunc(pts, func(a, b results.FrontierRow) int { return cmp.Compare(b.EpsilonTCO2ePerYear, a.EpsilonTCO2ePerYear) })
	mac := make([]float64, len(pts)) // mac[0] = 0: the first point's lower end
	last := len(pts) - 1             // mac[last] is not read
	for i := 1; i < last; i++ {
		if pts[i].MarginalCostPerTCO2e == nil {
			return ""
		}
		mac[i] = *pts[i].MarginalCostPerTCO2e
	}
	top, bottom := pts[0].EpsilonTCO2ePerYear, pts[len(pts)-1].EpsilonTCO2ePerYear
	tol := 1e-6 * math.Max(1, top-bottom)
	var parts []string
	for _, m := range marks {
		x, name := m.ResidualTCO2ePerYear, strings.TrimSuffix(m.Label, " design")
		if m.Today || m.buys() || x > top+tol || x < bottom-tol {
			continue
		}
		for i := range pts {
			eps := pts[i].EpsilonTCO2ePerYear
			switch {
			case math.Abs(x-eps) <= tol && i == 0:
				parts = append(parts, name+" "+macText(0)+"–"+macText(mac[1]))
			case math.Abs(x-eps) <= tol && i == last:
				parts = append(parts, name+" ≥ "+macText(mac[last-1]))
			case math.Abs(x-eps) <= tol:
				parts = append(parts, name+" "+macText(mac[i]))
			case i+1 == last && x < eps && x > pts[last].EpsilonTCO2ePerYear+tol:
				parts = append(parts, name+" ≥ "+macText(mac[i]))
			case i+1 < len(pts) && x < eps && x > pts[i+1].EpsilonTCO2ePerYear+tol:
				parts = append(parts, name+" "+macText(mac[i])+"–"+macText(mac[i+1]))
			default:
				continue
			}
			break
		}
	}
	if len(parts) == 0 {
		return ""
	}
	unit := "per tCO2e"
	if currency != "" {
		unit = currency + " " + unit
	}
	return "Marginal abatement cost (" + unit + ") on the frontier at each design's residual, between the points either side: " +
		strings.Join(parts, ", ")
}

// macText is a marginal cost in the caption: whole units, one decimal
// below 10, and 0 as "0".
func macText(v float64) string {
	if v == 0 {
		return "0"
	}
	return capacityText(v)
}

// captionSpace is the canvas c leaves above the caption (each of its
// paragraphs, separated by "\n", wrapped to c's width), and its lines; c
// itself when there is none.
func captionSpace(c draw.Canvas, caption string) (draw.Canvas, []string) {
	if caption == "" {
		return c, nil
	}
	var lines []string
	for _, para := range strings.Split(caption, "\n") {
		lines = append(lines, wrapText(captionStyle(), para, c.Max.X-c.Min.X-vg.Points(12), "")...)
	}
	h := captionStyle().Height(strings.Join(lines, "\n")) + vg.Points(8)
	return draw.Crop(c, 0, 0, h, 0), lines
}

// joinCaptions are the captions given that are not "", each a paragraph
// of one caption (captionSpace).
func joinCaptions(captions ...string) string {
	var out []string
	for _, c := range captions {
		if c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, "\n")
}

// drawCaption writes the caption at the bottom of c and returns the
// canvas above it.
func drawCaption(c draw.Canvas, caption string) draw.Canvas {
	above, lines := captionSpace(c, caption)
	if len(lines) > 0 {
		c.FillText(captionStyle(), vg.Point{X: c.Min.X + vg.Points(6), Y: above.Min.Y - vg.Points(4)}, strings.Join(lines, "\n"))
	}
	return above
}
