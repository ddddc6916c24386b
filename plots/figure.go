package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/zeropark/zeropark/internal/atomicfile"
	"github.com/zeropark/zeropark/results"
)

// Format is an output format of a figure.
type Format string

// The formats a figure renders to.
const (
	PNG Format = "png"
	SVG Format = "svg"
)

// FormatOf returns the format named by path's extension (.png or .svg, any
// case); other extensions are an [ErrInput].
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	}
	return "", inputErr("%s: unknown image format %q (want .png or .svg)", path, filepath.Ext(path))
}

// Default figure size: 12 × 9 inches, 100 dots per inch for PNG
// (1200 × 900 pixels).
const (
	DefaultWidthIn  = 12.0
	DefaultHeightIn = 9.0
	DefaultDPI      = 100
	// HeatHeightIn is the default height of the dispatch week of a park
	// with heat, which has two or three panels more.
	HeatHeightIn = 12.5
)

// Figure is a composite of plots drawn on one canvas. Width and Height are
// in vg lengths (1 inch = vg.Inch); DPI applies to PNG only.
type Figure struct {
	Width, Height vg.Length
	DPI           int
	draw          func(c draw.Canvas)
}

// Draw draws the figure on c.
func (f *Figure) Draw(c draw.Canvas) { f.draw(c) }

// WriteTo renders the figure in format to w and returns the bytes written.
// A panic inside the plotting library is returned as an error: figures are
// built from user data and must not bring the caller down.
func (f *Figure) WriteTo(w io.Writer, format Format) (n int64, err error) {
	if f == nil || f.draw == nil {
		return 0, inputErr("nil figure")
	}
	if !(f.Width > 0 && f.Height > 0) {
		return 0, inputErr("figure size %v × %v: must be positive", f.Width, f.Height)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: rendering %s: %v", format, r)
		}
	}()
	switch format {
	case PNG:
		dpi := f.DPI
		if dpi <= 0 {
			dpi = DefaultDPI
		}
		c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
		f.draw(draw.New(c))
		return vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	case SVG:
		c := vgsvg.New(f.Width, f.Height)
		dc := draw.New(c)
		// A white background, as in the PNG.
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
		f.draw(dc)
		var b bytes.Buffer
		if _, err := c.WriteTo(&b); err != nil {
			return 0, err
		}
		n, err := w.Write(svgKeepSpaces(svgPNGImages(svgFontFallback(b.Bytes()))))
		return int64(n), err
	}
	return 0, inputErr("unknown image format %q (want png or svg)", format)
}

// svgFallback is the font list an SVG names after Liberation Sans, the
// font the figures are drawn and measured with: Arial has the same
// metrics (Liberation Sans was made to match them), so a viewer without
// Liberation Sans lays the text out as drawn; then Helvetica, then any
// sans-serif. gonum's SVG names Liberation Sans alone, and a viewer
// without it used its default serif font, wider, and titles ran off the
// right edge (QA, 2026-12-04, rsvg-convert).
const svgFallback = "font-family:Liberation Sans,Arial,Helvetica,sans-serif;"

// svgFontFallback is an SVG with svgFallback for every font-family
// naming Liberation Sans alone.
func svgFontFallback(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte("font-family:Liberation Sans;"), []byte(svgFallback))
}

// svgPNGImages is an SVG whose embedded images are labelled as what they
// are and fill the box they are drawn in. gonum's SVG canvas encodes an
// image (the sweep heat map's colour scale, 1 pixel wide) as PNG but labels
// it data:image/jpg, and without preserveAspectRatio="none" a viewer keeps
// the image's aspect ratio: a browser drew the colour scale as a 1-point
// sliver in the middle of its box, and a viewer that trusts the label
// (rsvg-convert, so the tools built on librsvg) did not draw it at all
// (QA K, 2026-12-05).
func svgPNGImages(svg []byte) []byte {
	svg = bytes.ReplaceAll(svg, []byte(`xlink:href="data:image/jpg;base64,iVBORw0KGgo`),
		[]byte(`xlink:href="data:image/png;base64,iVBORw0KGgo`))
	return bytes.ReplaceAll(svg, []byte(`<image x=`), []byte(`<image preserveAspectRatio="none" x=`))
}

// svgKeepSpaces is an SVG whose text keeps its spaces as the PNG does
// (xml:space="preserve" on the root): by default an SVG viewer collapses
// runs of spaces, and the sweep legend's "Z  zero-carbon" and the hanging
// indents of wrapped legend lines and warnings lost their alignment (QA K,
// 2026-12-05).
func svgKeepSpaces(svg []byte) []byte {
	return bytes.Replace(svg, []byte("<svg width="), []byte(`<svg xml:space="preserve" width=`), 1)
}

// Save writes the figure to path in the format its extension names (.png or
// .svg), atomically: into a temporary file in the same directory that is
// then renamed over path. A path that is a symbolic link is written
// through: its target is replaced and the link kept (the rename had
// replaced the link with a file and left its target as it was; QA X,
// session 38), as sweep results files are.
func (f *Figure) Save(path string) error {
	format, err := FormatOf(path)
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := f.WriteTo(w, format)
		return err
	})
}

// recoverInto turns a panic inside the plotting library while a figure is
// built into an error: figures are built from user data, and the caller
// must not be brought down by it.
func recoverInto(fig **Figure, err *error) {
	if r := recover(); r != nil {
		*fig, *err = nil, fmt.Errorf("plots: building the figure: %v", r)
	}
}

// panel is one plot of a vertical stack, its share of the height and the
// legend drawn beside it (may be empty).
type panel struct {
	plot   *plot.Plot
	weight float64
	legend plot.Legend
}

// textStyle is the default text style in sans at size pt.
func textStyle(pt vg.Length) text.Style {
	s := plot.New().Title.TextStyle
	s.Font = font.From(sans(), pt)
	return s
}

// drawTitle writes title centred at the top of c, wrapped to fit within
// titleMargin of either side ([titleSpace]), and returns the canvas
// below it.
func drawTitle(c draw.Canvas, title string, pt vg.Length) draw.Canvas {
	if title == "" {
		return c
	}
	sty, lines, below := titleSpace(c, title, pt)
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - titlePad}, lines)
	return below
}

// titlePad is the space above and below a title.
const titlePad = vg.Length(6)

// titleMargin is the least room a title leaves at either side of its
// canvas (plots QA: the cost-coloured heat map's title ran from edge to
// edge of the figure).
const titleMargin = vg.Length(30)

// titleSpace is the style drawTitle writes title in at the top of c, its
// text as written (its lines, "\n" between them) and the canvas it leaves
// below, without drawing anything. A line of title wider than c less
// titleMargin each side is broken at spaces into as few lines as fit,
// as even in width as that many allow ("A × B", the axes of a heat map,
// is never broken); a word that does not fit even so shrinks the font,
// down to 7 pt.
func titleSpace(c draw.Canvas, title string, pt vg.Length) (text.Style, string, draw.Canvas) {
	sty := textStyle(pt)
	sty.XAlign = draw.XCenter
	sty.YAlign = draw.YTop
	if title == "" {
		return sty, "", c
	}
	w := c.Max.X - c.Min.X - 2*titleMargin
	var lines []string
	for _, line := range strings.Split(title, "\n") {
		lines = append(lines, balancedLines(sty, line, w)...)
	}
	wrapped := strings.Join(lines, "\n")
	// Shrink a word wider than the room rather than cut it.
	for sty.Width(wrapped) > w && sty.Font.Size > 7 {
		sty.Font.Size--
	}
	return sty, wrapped, draw.Crop(c, 0, 0, 0, -(sty.Height(wrapped) + 2*titlePad))
}

// balancedLines breaks s into the fewest lines no wider than w in sty,
// each line as narrow as that number of lines allows, so that a title
// broken in two is not one long line and a word. It breaks between the
// phrases of s that " · " separates (the week's totals), dropping the
// separator at a break, when each phrase fits alone; else at spaces (a
// word wider than w alone on its line), never inside "A × B" (a heat
// map's axes) nor between a number and the word after it ("247.3 MWh").
func balancedLines(sty text.Style, s string, w vg.Length) []string {
	if sty.Width(s) <= w {
		return []string{s}
	}
	if phrases := strings.Split(s, " · "); len(phrases) > 1 && !slices.ContainsFunc(phrases, func(p string) bool { return sty.Width(p) > w }) {
		return balance(sty, phrases, " · ", w)
	}
	var units []string
	words := strings.Split(s, " ")
	glued := false // the unit before ends in a number or "×": the next word joins it
	for i := 0; i < len(words); i++ {
		word := words[i]
		switch {
		case word == "":
			continue
		case word == "×" && len(units) > 0:
			units[len(units)-1] += " ×"
			glued = true
			continue
		case glued:
			units[len(units)-1] += " " + word
		default:
			units = append(units, word)
		}
		glued = isNumber(word)
	}
	return balance(sty, units, " ", w)
}

// isNumber: word is a number as the titles write them ("247.3",
// "1,200", "-5", "36").
func isNumber(word string) bool {
	_, err := strconv.ParseFloat(strings.ReplaceAll(word, ",", ""), 64)
	return err == nil
}

// balance joins units with sep into the fewest lines no wider than w in
// sty (a unit wider than w alone on its line), then into lines as narrow
// as that number allows: the least width, to a bisection's precision,
// at which joining greedily takes no more lines.
func balance(sty text.Style, units []string, sep string, w vg.Length) []string {
	greedy := func(w vg.Length) []string { return greedyLines(sty, units, sep, "", w) }
	n := len(greedy(w))
	lo, hi := vg.Length(0), w
	for range 30 { // the line count only grows as the width shrinks
		mid := (lo + hi) / 2
		if len(greedy(mid)) > n {
			lo = mid
		} else {
			hi = mid
		}
	}
	return greedy(hi)
}

// stackPanels draws panels top to bottom in c, sharing the height by weight,
// with their data areas aligned left and right, and each legend in a strip
// of width legendW on the right.
func stackPanels(c draw.Canvas, panels []panel, legendW vg.Length) {
	total := 0.0
	for _, p := range panels {
		total += p.weight
	}
	plotArea := draw.Crop(c, 0, -legendW, 0, 0)
	gap := vg.Points(4)
	h := plotArea.Max.Y - plotArea.Min.Y - gap*vg.Length(len(panels)-1)
	cans := make([]draw.Canvas, len(panels))
	y := plotArea.Max.Y
	for i, p := range panels {
		ph := h * vg.Length(p.weight/total)
		cans[i] = draw.Canvas{Canvas: plotArea.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: plotArea.Min.X, Y: y - ph},
			Max: vg.Point{X: plotArea.Max.X, Y: y},
		}}
		y -= ph + gap
	}
	// Align the data areas: crop each canvas so that its data area starts
	// at the largest left margin and ends at the largest right margin.
	var left, right vg.Length
	for i, p := range panels {
		d := p.plot.DataCanvas(cans[i])
		left = max(left, d.Min.X-cans[i].Min.X)
		right = max(right, cans[i].Max.X-d.Max.X)
	}
	for i, p := range panels {
		d := p.plot.DataCanvas(cans[i])
		cans[i] = draw.Crop(cans[i], left-(d.Min.X-cans[i].Min.X), -(right - (cans[i].Max.X - d.Max.X)), 0, 0)
		p.plot.Draw(cans[i])
		if p.legend.TextStyle.Font.Size == 0 {
			continue
		}
		d = p.plot.DataCanvas(cans[i])
		lc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: c.Max.X - legendW + vg.Points(8), Y: d.Min.Y},
			Max: vg.Point{X: c.Max.X, Y: d.Max.Y},
		}}
		p.legend.Draw(lc)
	}
}

// newLegend is a legend with entries left-aligned and stacked from the top.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font = font.From(sans(), 10)
	l.ThumbnailWidth = vg.Points(18)
	l.Padding = vg.Points(2)
	return l
}

// setFonts sets p's texts in sans at the given sizes (points) and gives
// both axes tick labels without trailing zeros.
func setFonts(p *plot.Plot, title, label, tick font.Length) {
	p.Title.TextStyle.Font = font.From(sans(), title)
	p.X.Label.TextStyle.Font = font.From(sans(), label)
	p.Y.Label.TextStyle.Font = font.From(sans(), label)
	p.X.Tick.Label.Font = font.From(sans(), tick)
	p.Y.Tick.Label.Font = font.From(sans(), tick)
	p.X.Tick.Marker = cleanTicks{}
	p.Y.Tick.Marker = cleanTicks{}
}

// cleanTicks label 2 to 7 round values (steps of 1, 2 or 5 × 10^k) with
// an unlabelled tick between each pair, labels in their shortest form
// ("2500", not "2500.00"), with thousands separators on every label of
// the axis when one reaches 10,000 ("8,000  10,000", never "8000  10,000";
// "2,000,000", not "2000000"), or always when grouped (a figure whose two
// axes should read alike: "1,000" on one beside "3,000,000" on the other).
type cleanTicks struct{ grouped bool }

func (ct cleanTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		if math.IsNaN(lo) || math.IsInf(lo, 0) {
			return nil
		}
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 6, 64)}}
	}
	step := tickStep(lo, hi)
	digits := max(0, -int(math.Floor(math.Log10(step))))
	var ts []plot.Tick
	half := step / 2
	for k := math.Ceil(lo / half); k*half <= hi; k++ {
		v := k * half
		t := plot.Tick{Value: v}
		if math.Mod(k, 2) == 0 {
			v = math.Round(v/step) * step
			t.Value = v
			t.Label = results.Grouped(v, digits)
		}
		ts = append(ts, t)
		if len(ts) > 100 {
			break
		}
	}
	// One style per axis: grouped when asked or when its widest label
	// is (groupThousands), else plain.
	group := ct.grouped
	for _, t := range ts {
		group = group || (t.Label != "" && strings.Contains(groupThousands(t.Value, digits), ","))
	}
	if !group {
		for i := range ts {
			ts[i].Label = strings.ReplaceAll(ts[i].Label, ",", "")
		}
	}
	return ts
}

// tickStep is the step between [cleanTicks]' labelled ticks on [lo, hi]
// (hi > lo): 1, 2 or 5 × 10^k, the least that labels at most about six.
func tickStep(lo, hi float64) float64 {
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// bracketLabelled widens the axis range [lo, hi] (hi > lo), which holds
// the data from dmin to dmax, until a labelled tick of [cleanTicks] lies
// at or below dmin and one at or above dmax, so that the labels bracket
// every point (plots QA: the Texas frontier's cheapest points, at
// 663,363, sat below its lowest label, 1,000,000).
func bracketLabelled(lo, hi, dmin, dmax float64) (float64, float64) {
	for range 8 { // a wider range may take a longer step: settle
		step := tickStep(lo, hi)
		a := math.Floor(dmin/step+1e-9) * step
		b := math.Ceil(dmax/step-1e-9) * step
		if a >= lo && b <= hi {
			break
		}
		lo, hi = math.Min(lo, a), math.Max(hi, b)
	}
	return lo, hi
}

// signedTicks are [cleanTicks] that, on an axis running below zero
// without a labelled tick there (the week's power panel: battery charge
// down to −850 kW under labels every 1,000 kW), also label the lowest
// tick below zero, so that the negative side has a scale.
type signedTicks struct{ cleanTicks }

func (st signedTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := st.cleanTicks.Ticks(lo, hi)
	if !(lo < 0) || slices.ContainsFunc(ts, func(t plot.Tick) bool { return t.Label != "" && t.Value < 0 }) {
		return ts
	}
	grouped := slices.ContainsFunc(ts, func(t plot.Tick) bool { return strings.Contains(t.Label, ",") })
	for i, t := range ts {
		if t.Value < 0 {
			ts[i].Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
			if grouped {
				ts[i].Label = results.Grouped(t.Value, max(0, -int(math.Floor(math.Log10(-t.Value)))))
			}
			break
		}
	}
	return ts
}

// padSigned gives panel p's y axis 5 % of the data's span as headroom
// beyond each end of the data away from zero (an axis starting at zero
// still starts there), runs it down to a tick below zero when the data
// do (at least half a label step), and labels a negative tick
// ([signedTicks]) (plots QA: the week's supply panel was fitted exactly
// to the data, with no label under zero).
func padSigned(p *plot.Plot) {
	lo, hi := p.Y.Min, p.Y.Max
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return
	}
	w := hi - lo
	if lo < 0 {
		lo -= 0.05 * w
	}
	if hi > 0 {
		hi += 0.05 * w
	}
	if lo < 0 {
		lo = math.Min(lo, -tickStep(lo, hi)/2)
	}
	p.Y.Min, p.Y.Max = lo, hi
	p.Y.Padding = 0
	p.Y.Tick.Marker = signedTicks{}
}

// groupThousands formats v with digits decimals, with commas between the
// thousands ([results.Grouped]) when its integer part has five digits or
// more ("1,500,000.5"; "2500" stays as it is, as 4-digit years and kW read
// better without).
func groupThousands(v float64, digits int) string {
	s := results.Grouped(v, digits)                                                      // no sign on a value that rounds to 0
	if intPart, _, _ := strings.Cut(strings.TrimPrefix(s, "-"), "."); len(intPart) < 6 { // "9,999"
		return strings.ReplaceAll(s, ",", "")
	}
	return s
}
