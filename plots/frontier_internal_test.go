package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// testFrontier is a frontier of four points, falling residual and rising
// cost, across three stages, and markers off the frontier's points.
func testFrontier() ([]results.FrontierRow, []FrontierMarker) {
	rows := []results.FrontierRow{
		{Point: 0, ResidualTCO2ePerYear: 4000, TotalCostPerYear: 600_000, Stage: dispatch.LowCarbon},
		{Point: 1, ResidualTCO2ePerYear: 2500, TotalCostPerYear: 650_000, Stage: dispatch.LowCarbon},
		{Point: 2, ResidualTCO2ePerYear: 1000, TotalCostPerYear: 900_000, Stage: dispatch.LowCarbon},
		{Point: 3, ResidualTCO2ePerYear: 300, TotalCostPerYear: 1_400_000, Stage: dispatch.NearZeroCarbon},
	}
	marks := []FrontierMarker{
		{Label: "today's park", ResidualTCO2ePerYear: 4400, TotalCostPerYear: 640_000, Today: true},
		{Label: "low-carbon design", ResidualTCO2ePerYear: 3600, TotalCostPerYear: 610_000, Stage: dispatch.LowCarbon},
		{Label: "zero-carbon design", ResidualTCO2ePerYear: 300, TotalCostPerYear: 1_450_000, Stage: dispatch.ZeroCarbon},
	}
	return rows, marks
}

// render draws ff on a PNG canvas of w × h inches at dpi and returns the
// image and the canvas the plot was drawn in.
func render(t *testing.T, ff *frontierFigure, w, h float64, dpi int) (image.Image, draw.Canvas) {
	t.Helper()
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(c)
	ff.draw(dc)
	return c.Image(), ff.plotCanvas(dc)
}

// pixel is the image pixel of a point of the canvas (vg's origin is at
// the bottom left, the image's at the top left).
func pixel(img image.Image, p vg.Point, dpi int) image.Point {
	scale := float64(dpi) / 72
	return image.Point{X: int(float64(p.X) * scale), Y: img.Bounds().Dy() - int(float64(p.Y)*scale)}
}

func same(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) bool { return x>>8 <= y>>8+8 && y>>8 <= x>>8+8 }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

// Each marker is drawn where its data put it: the pixel at the marker's
// data coordinates (through the plot's own transform) has the marker's
// colour, and a stage band's shade lies behind the frontier's points.
func TestFrontierMarkersWhereTheDataSay(t *testing.T) {
	rows, marks := testFrontier()
	ff, o, err := newFrontierFigure(rows, marks, &FrontierOptions{Currency: "USD", Park: "test"})
	require.NoError(t, err)
	img, pc := render(t, ff, o.WidthIn, o.HeightIn, o.DPI)
	d := ff.p.DataCanvas(pc)
	trX, trY := ff.p.Transforms(&d)
	for _, m := range marks {
		at := pixel(img, vg.Point{X: trX(m.ResidualTCO2ePerYear), Y: trY(m.TotalCostPerYear)}, o.DPI)
		want := color.Color(colToday)
		if !m.Today {
			want = markerInk(m.Stage)
		}
		// The glyph's centre, and a point a little below it (a triangle's
		// centre line is inside it too).
		for _, dy := range []int{0, 2} {
			got := img.At(at.X, at.Y+dy)
			assert.True(t, same(want, got), "%s at pixel %v: got %v, want %v", m.Label, at, got, want)
		}
	}
	// Between the first two points, well above the line: the
	// low-carbon shade.
	at := pixel(img, vg.Point{X: trX(3500), Y: trY(1_300_000)}, o.DPI)
	assert.True(t, same(stageColours[dispatch.LowCarbon].shade, img.At(at.X, at.Y)), "low-carbon band: %v", img.At(at.X, at.Y))
	// Left of the last point (near-zero at 300, the largest residual
	// granted near-zero: the band's edge), high above the points: the
	// near-zero shade.
	at = pixel(img, vg.Point{X: trX(200), Y: trY(700_000)}, o.DPI)
	assert.True(t, same(stageColours[dispatch.NearZeroCarbon].shade, img.At(at.X, at.Y)), "near-zero band: %v", img.At(at.X, at.Y))
	// The axes cover every marker and point.
	assert.LessOrEqual(t, ff.p.X.Min, 300.0)
	assert.GreaterOrEqual(t, ff.p.X.Max, 4400.0)
	assert.LessOrEqual(t, ff.p.Y.Min, 600_000.0)
	assert.GreaterOrEqual(t, ff.p.Y.Max, 1_450_000.0)
}

// A frontier of one point, or markers alone at one spot, still draws (the
// ranges are widened); nothing to draw and non-finite values are errors.
func TestFrontierEdgeCases(t *testing.T) {
	one := []results.FrontierRow{{ResidualTCO2ePerYear: 10, TotalCostPerYear: 100, Stage: dispatch.Conventional}}
	f, err := CostCarbonFrontier(one, []FrontierMarker{{Label: "today", ResidualTCO2ePerYear: 10, TotalCostPerYear: 100, Today: true}}, nil)
	require.NoError(t, err)
	_, err = f.WriteTo(&discard{}, SVG)
	require.NoError(t, err)

	_, err = CostCarbonFrontier(nil, nil, nil)
	require.ErrorIs(t, err, ErrInput)
	bad := []results.FrontierRow{{ResidualTCO2ePerYear: 1, TotalCostPerYear: 2}, {ResidualTCO2ePerYear: 1, TotalCostPerYear: nan()}}
	_, err = CostCarbonFrontier(bad, nil, nil)
	require.ErrorIs(t, err, ErrInput)
	_, err = CostCarbonFrontier(one, []FrontierMarker{{Label: "x", ResidualTCO2ePerYear: inf()}}, nil)
	require.ErrorIs(t, err, ErrInput)
}

type discard struct{ n int }

func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

func nan() float64 { return math.NaN() }
func inf() float64 { return math.Inf(1) }

// handFrontier is a hand park's frontier: baseline 438 tCO2e a year, so
// that low-carbon by emissions (30 % below it) is residual ≤ 0.7 × 438 =
// 306.6 t; the points straddle it at 400 and 300 (halfway: 350), and
// near-zero is granted at 200 and below (halfway to 250: 225).
func handFrontier() ([]results.FrontierRow, *FrontierThresholds) {
	rows := []results.FrontierRow{
		{Point: 0, ResidualTCO2ePerYear: 400, TotalCostPerYear: 600_000, Stage: dispatch.Conventional},
		{Point: 1, ResidualTCO2ePerYear: 300, TotalCostPerYear: 640_000, Stage: dispatch.LowCarbon},
		{Point: 2, ResidualTCO2ePerYear: 250, TotalCostPerYear: 700_000, Stage: dispatch.LowCarbon},
		{Point: 3, ResidualTCO2ePerYear: 200, TotalCostPerYear: 800_000, Stage: dispatch.NearZeroCarbon},
		{Point: 4, ResidualTCO2ePerYear: 150, TotalCostPerYear: 1_000_000, Stage: dispatch.NearZeroCarbon},
	}
	return rows, &FrontierThresholds{BaselineTCO2ePerYear: 438, LowCarbonReductionMin: 0.3}
}

// The stage regions' edges: at the thresholds on the residual where a
// stage has one, at the largest residual granted the stage where it has
// not (near-zero, and every stage without thresholds), never halfway
// between points.
func TestFrontierStageBandEdges(t *testing.T) {
	rows, th := handFrontier()
	const x0, x1 = 100.0, 450.0
	lowEdge := (1 - 0.3) * 438 // 306.6 t
	type band struct {
		stage  dispatch.Stage
		lo, hi float64
	}
	tests := []struct {
		name  string
		extra []bandPoint // points besides the frontier's
		th    *FrontierThresholds
		want  []band
	}{
		{"thresholds, none held", nil, th, []band{
			{dispatch.NearZeroCarbon, x0, 200}, {dispatch.LowCarbon, 200, lowEdge}, {dispatch.Conventional, lowEdge, x1}}},
		{"offsets held below near-zero's edge", nil, &FrontierThresholds{BaselineTCO2ePerYear: 438, LowCarbonReductionMin: 0.3, OffsetsHeldTCO2ePerYear: 170}, []band{
			{dispatch.ZeroCarbon, x0, 170}, {dispatch.NearZeroCarbon, 170, 200}, {dispatch.LowCarbon, 200, lowEdge}, {dispatch.Conventional, lowEdge, x1}}},
		{"offsets held beyond near-zero's edge: zero-carbon needs near-zero too", nil, &FrontierThresholds{BaselineTCO2ePerYear: 438, LowCarbonReductionMin: 0.3, OffsetsHeldTCO2ePerYear: 260}, []band{
			{dispatch.ZeroCarbon, x0, 200}, {dispatch.LowCarbon, 200, lowEdge}, {dispatch.Conventional, lowEdge, x1}}},
		{"low-carbon by the renewable share right of the threshold", []bandPoint{{350, dispatch.LowCarbon}}, th, []band{
			{dispatch.NearZeroCarbon, x0, 200}, {dispatch.LowCarbon, 200, 350}, {dispatch.Conventional, 350, x1}}},
		{"a roadmap design granted near-zero between the points", []bandPoint{{220, dispatch.NearZeroCarbon}}, th, []band{
			{dispatch.NearZeroCarbon, x0, 220}, {dispatch.LowCarbon, 220, lowEdge}, {dispatch.Conventional, lowEdge, x1}}},
		{"no thresholds: at the points", nil, nil, []band{
			{dispatch.NearZeroCarbon, x0, 200}, {dispatch.LowCarbon, 200, 300}, {dispatch.Conventional, 300, x1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pts := append(bandPoints(rows, nil), tc.extra...)
			got := stageBands(pts, tc.th, x0, x1)
			require.Len(t, got, len(tc.want), "%+v", got)
			for i, w := range tc.want {
				assert.Equal(t, w.stage, got[i].stage)
				assert.InDelta(t, w.lo, got[i].loTCO2ePerYear, 1e-9, w.stage)
				assert.InDelta(t, w.hi, got[i].hiTCO2ePerYear, 1e-9, w.stage)
			}
		})
	}
	// Without thresholds and with no point granted conventional, the
	// stage right of the last low-carbon point is not known: no band.
	got := stageBands(bandPoints(rows[1:], nil), nil, x0, x1)
	require.NotEmpty(t, got)
	assert.Equal(t, dispatch.LowCarbon, got[len(got)-1].stage)
	assert.InDelta(t, 300, got[len(got)-1].hiTCO2ePerYear, 1e-9)
}

// The drawn shading follows the edges: between the threshold (306.6 t)
// and the halfway point of the points around it (350 t) the background
// is conventional, and right of the last near-zero point (200 t), short
// of halfway to the next (225 t), low-carbon.
func TestFrontierShadingAtThresholds(t *testing.T) {
	rows, th := handFrontier()
	ff, o, err := newFrontierFigure(rows, nil, &FrontierOptions{Thresholds: th})
	require.NoError(t, err)
	img, pc := render(t, ff, o.WidthIn, o.HeightIn, o.DPI)
	d := ff.p.DataCanvas(pc)
	trX, trY := ff.p.Transforms(&d)
	for _, c := range []struct {
		x     float64
		stage dispatch.Stage
	}{{330, dispatch.Conventional}, {285, dispatch.LowCarbon}, {212, dispatch.LowCarbon}, {190, dispatch.NearZeroCarbon}} {
		// Low on the figure (the axis starts at 580,000), below the
		// line's costs there and clear of the legend.
		at := pixel(img, vg.Point{X: trX(c.x), Y: trY(590_000)}, o.DPI)
		got := img.At(at.X, at.Y)
		assert.True(t, same(stageColours[c.stage].shade, got), "at %v t: got %v, want the %s shade", c.x, got, c.stage)
	}
}

// Two designs at one point (a near-zero design and the zero-carbon
// design that buys offsets on it) both show: the later on top, the
// earlier drawn larger around it, its ink over at least half the area
// between the two glyphs (equilateral triangles of circumradius 1.25 r:
// area 1.299 × (1.25 r)²; drawn at the same radius the earlier one would
// not show at all).
func TestFrontierOverlappingMarkersBothShow(t *testing.T) {
	rows, th := handFrontier()
	marks := []FrontierMarker{
		{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 200, TotalCostPerYear: 800_000, Stage: dispatch.NearZeroCarbon},
		{Label: "zero-carbon design, with what it buys", ResidualTCO2ePerYear: 200, TotalCostPerYear: 800_000, Stage: dispatch.ZeroCarbon},
	}
	ff, o, err := newFrontierFigure(rows, marks, &FrontierOptions{Thresholds: th})
	require.NoError(t, err)
	img, pc := render(t, ff, o.WidthIn, o.HeightIn, o.DPI)
	d := ff.p.DataCanvas(pc)
	trX, trY := ff.p.Transforms(&d)
	centre := pixel(img, vg.Point{X: trX(200), Y: trY(800_000)}, o.DPI)
	assert.True(t, same(markerInk(dispatch.ZeroCarbon), img.At(centre.X, centre.Y)), "the later marker on top: %v", img.At(centre.X, centre.Y))
	radii := markerRadii(d, ff.p, marks)
	require.Greater(t, radii[0], radii[1])
	area := func(r vg.Length) float64 { return 1.299 * math.Pow(1.25*float64(r), 2) } // pt²
	pxPerPt := float64(o.DPI) / 72
	ringPx := (area(radii[0]) - area(radii[1]+markerRim)) * pxPerPt * pxPerPt
	green := 0
	span := int(2 * float64(radii[0]) * pxPerPt)
	for x := centre.X - span; x <= centre.X+span; x++ {
		for y := centre.Y - span; y <= centre.Y+span; y++ {
			if same(markerInk(dispatch.NearZeroCarbon), img.At(x, y)) {
				green++
			}
		}
	}
	assert.GreaterOrEqual(t, float64(green), ringPx/2, "near-zero's ink around the zero-carbon marker: %d px of a ring of %.0f px", green, ringPx)
}

// Labels stay off the frontier's line where there is room: a design on
// a falling frontier gets its label above right or below left of it,
// not across the line, and two designs at one point get two labels
// clear of each other and of the larger marker.
func TestFrontierLabelsOffTheLine(t *testing.T) {
	rows, th := handFrontier()
	marks := []FrontierMarker{
		{Label: "today's park", ResidualTCO2ePerYear: 420, TotalCostPerYear: 620_000, Today: true},
		{Label: "low-carbon design", ResidualTCO2ePerYear: 300, TotalCostPerYear: 640_000, Stage: dispatch.LowCarbon},
		{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 200, TotalCostPerYear: 800_000, Stage: dispatch.NearZeroCarbon},
		{Label: "zero-carbon design, with what it buys", ResidualTCO2ePerYear: 200, TotalCostPerYear: 803_000, Stage: dispatch.ZeroCarbon},
	}
	ff, _, err := newFrontierFigure(rows, marks, &FrontierOptions{Thresholds: th})
	require.NoError(t, err)
	c := vgimg.New(10*vg.Inch, 7*vg.Inch)
	d := ff.p.DataCanvas(ff.plotCanvas(draw.New(c)))
	trX, trY := ff.p.Transforms(&d)
	ml := &markerLabels{marks: marks}
	line := make([]vg.Point, len(rows))
	for i, r := range rows {
		ml.line = append(ml.line, plotter.XY{X: r.ResidualTCO2ePerYear, Y: r.TotalCostPerYear})
		line[i] = vg.Point{X: trX(r.ResidualTCO2ePerYear), Y: trY(r.TotalCostPerYear)}
	}
	placed, _, _ := ml.place(d, ff.p)
	require.Len(t, placed, len(marks))
	for i, r := range placed {
		assert.False(t, crossesLine(r, line), "%s at %v crosses the line", marks[i].Label, r)
		for j := range placed[:i] {
			assert.False(t, overlapsAny(r, placed[j:j+1]), "%s over %s", marks[i].Label, marks[j].Label)
		}
	}
}

// segmentInRect against hand cases: through, beside, ending inside,
// along an edge's line outside.
func TestSegmentInRect(t *testing.T) {
	r := vg.Rectangle{Min: vg.Point{X: 0, Y: 0}, Max: vg.Point{X: 10, Y: 10}}
	pt := func(x, y vg.Length) vg.Point { return vg.Point{X: x, Y: y} }
	tests := []struct {
		name string
		a, b vg.Point
		want bool
	}{
		{"diagonal through", pt(-5, -5), pt(15, 15), true},
		{"crossing the left edge", pt(-5, 5), pt(5, 5), true},
		{"inside", pt(2, 2), pt(3, 3), true},
		{"beside, falling", pt(-5, 30), pt(30, 11), false},
		{"clipping the corner", pt(4, 15), pt(15, 4), true},
		{"missing the corner", pt(5, 16), pt(16, 5), false},
		{"horizontal above", pt(-5, 11), pt(15, 11), false},
		{"vertical left", pt(-1, -5), pt(-1, 15), false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, segmentInRect(tc.a, tc.b, r), tc.name)
		assert.Equal(t, tc.want, segmentInRect(tc.b, tc.a, r), tc.name+", reversed")
	}
}

// The legend keeps to the top right corner unless a marker is under it
// there (today's park, costly and far right); then it moves to a clear
// corner.
func TestFrontierLegendClearOfMarkers(t *testing.T) {
	rows, th := handFrontier()
	for _, tc := range []struct {
		name     string
		today    FrontierMarker
		topRight bool
	}{
		{"today's park bottom right", FrontierMarker{Label: "today's park", ResidualTCO2ePerYear: 420, TotalCostPerYear: 610_000, Today: true}, true},
		{"today's park top right", FrontierMarker{Label: "today's park", ResidualTCO2ePerYear: 420, TotalCostPerYear: 1_000_000, Today: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ff, _, err := newFrontierFigure(rows, []FrontierMarker{tc.today}, &FrontierOptions{Thresholds: th})
			require.NoError(t, err)
			c := vgimg.New(10*vg.Inch, 7*vg.Inch)
			d := ff.p.DataCanvas(ff.plotCanvas(draw.New(c)))
			trX, trY := ff.p.Transforms(&d)
			box := ff.legendBox(d)
			x, y := trX(tc.today.ResidualTCO2ePerYear), trY(tc.today.TotalCostPerYear)
			marker := vg.Rectangle{Min: vg.Point{X: x - markerRadius, Y: y - markerRadius}, Max: vg.Point{X: x + markerRadius, Y: y + markerRadius}}
			assert.False(t, overlapsAny(box, []vg.Rectangle{marker}), "legend %v over today's park %v", box, marker)
			assert.Equal(t, tc.topRight, box.Max.X > (d.Min.X+d.Max.X)/2 && box.Max.Y > (d.Min.Y+d.Max.Y)/2, "top right: %v", box)
		})
	}
}

// Labels keep clear of the markers' glyphs as drawn, rims included (a
// triangle reaches 1.25 times its radius above its point and 1.08 times
// to the side, beyond the square of its radius): QA5 #3's plan, whose
// zero-carbon design sits 4,853 USD above its near-zero design on a
// 1.3 M axis, the near-zero marker drawn larger around it. Rendered at
// 400 dpi, no pixel of a design's ink or of a white rim lies within
// 2.5 pt of a label's box.
func TestFrontierLabelsClearOfMarkers(t *testing.T) {
	rows := []results.FrontierRow{
		{Point: 0, ResidualTCO2ePerYear: 3078, TotalCostPerYear: 642_078, Stage: dispatch.LowCarbon},
		{Point: 1, ResidualTCO2ePerYear: 2308, TotalCostPerYear: 653_432, Stage: dispatch.LowCarbon},
		{Point: 2, ResidualTCO2ePerYear: 1539, TotalCostPerYear: 714_752, Stage: dispatch.LowCarbon},
		{Point: 3, ResidualTCO2ePerYear: 769, TotalCostPerYear: 897_865, Stage: dispatch.LowCarbon},
		{Point: 4, ResidualTCO2ePerYear: 0, TotalCostPerYear: 1_341_234, Stage: dispatch.NearZeroCarbon},
	}
	marks := []FrontierMarker{
		{Label: "today's park", ResidualTCO2ePerYear: 4162, TotalCostPerYear: 660_859, Today: true, Shade: dispatch.LowCarbon},
		{Label: "low-carbon design", ResidualTCO2ePerYear: 3078, TotalCostPerYear: 642_078, Stage: dispatch.LowCarbon},
		{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 323.6, TotalCostPerYear: 1_073_473, Stage: dispatch.NearZeroCarbon},
		{Label: "zero-carbon design, with what it buys", ResidualTCO2ePerYear: 323.6, TotalCostPerYear: 1_078_327, Stage: dispatch.ZeroCarbon},
	}
	const dpi = 400
	ff, o, err := newFrontierFigure(rows, marks, &FrontierOptions{Currency: "USD",
		Thresholds: &FrontierThresholds{BaselineTCO2ePerYear: 10_000, LowCarbonReductionMin: 0.3}})
	require.NoError(t, err)
	img, pc := render(t, ff, o.WidthIn, o.HeightIn, dpi)
	d := ff.p.DataCanvas(pc)
	placed, _, _ := ff.labels.place(d, ff.p)
	require.Len(t, placed, len(marks))
	near := vg.Points(2.5)
	for i, r := range placed {
		// Within the data area: the paper beyond it is white too.
		lo := pixel(img, vg.Point{X: max(r.Min.X-near, d.Min.X), Y: min(r.Max.Y+near, d.Max.Y)}, dpi)
		hi := pixel(img, vg.Point{X: min(r.Max.X+near, d.Max.X), Y: max(r.Min.Y-near, d.Min.Y)}, dpi)
		lo, hi = lo.Add(image.Point{X: 1, Y: 1}), hi.Sub(image.Point{X: 1, Y: 1})
		hits := 0
		for x := lo.X; x <= hi.X; x++ {
			for y := lo.Y; y <= hi.Y; y++ {
				px := img.At(x, y)
				r, g, b, _ := px.RGBA()
				rim := r>>8 >= 0xfc && g>>8 >= 0xfc && b>>8 >= 0xfc
				// Today's square is black like the text: its white rim shows it.
				for _, m := range marks[1:] {
					rim = rim || same(markerInk(m.Stage), px)
				}
				if rim {
					hits++
				}
			}
		}
		assert.Zero(t, hits, "%s: marker pixels within %v of its label %v", marks[i].Label, near, r)
	}
}

// The frontier's computed points are solid dots; the segments between
// them are dashed, a bound and not the frontier (it is convex: between
// two points it lies on or below the segment), and the legend says so.
// Along a segment, away from its ends, some pixels are the dash's ink and
// some the band's shade showing through the gaps: a solid line would
// leave none of the shade.
func TestFrontierBetweenPointsDashed(t *testing.T) {
	rows, marks := testFrontier()
	ff, o, err := newFrontierFigure(rows, marks, &FrontierOptions{Currency: "USD", Park: "test"})
	require.NoError(t, err)
	// At 300 dpi a 3 pt gap is 12 px and the 1.2 pt line 5 px: a sample
	// whose 3 × 3 pixels are all shade is in a gap, not beside the line.
	const dpi = 300
	img, pc := render(t, ff, o.WidthIn, o.HeightIn, dpi)
	d := ff.p.DataCanvas(pc)
	trX, trY := ff.p.Transforms(&d)
	for _, r := range rows {
		at := pixel(img, vg.Point{X: trX(r.ResidualTCO2ePerYear), Y: trY(r.TotalCostPerYear)}, dpi)
		assert.True(t, same(colFrontier, img.At(at.X, at.Y)), "point %d at pixel %v: %v", r.Point, at, img.At(at.X, at.Y))
	}
	shade := stageColours[dispatch.LowCarbon].shade
	allShade := func(at image.Point) bool {
		for dx := -1; dx <= 1; dx++ {
			for dy := -1; dy <= 1; dy++ {
				if !same(shade, img.At(at.X+dx, at.Y+dy)) {
					return false
				}
			}
		}
		return true
	}
	for i := 1; i < len(rows)-1; i++ { // the segments within the low-carbon band
		a, b := rows[i-1], rows[i]
		ink, gaps := 0, 0
		for k := 100; k <= 900; k++ {
			f := float64(k) / 1000
			x := a.ResidualTCO2ePerYear + f*(b.ResidualTCO2ePerYear-a.ResidualTCO2ePerYear)
			y := a.TotalCostPerYear + f*(b.TotalCostPerYear-a.TotalCostPerYear)
			if allShade(pixel(img, vg.Point{X: trX(x), Y: trY(y)}, dpi)) {
				gaps++
			} else {
				ink++
			}
		}
		assert.Positive(t, ink, "segment %d–%d drawn", a.Point, b.Point)
		assert.Positive(t, gaps, "segment %d–%d dashed (the shade shows between dashes)", a.Point, b.Point)
	}
	fig, err := CostCarbonFrontier(rows, marks, nil)
	require.NoError(t, err)
	var svg strings.Builder
	_, err = fig.WriteTo(&svg, SVG)
	require.NoError(t, err)
	assert.Contains(t, svg.String(), "frontier points; dashed between: an upper bound (convex)")
}

// Bug fix (F11): the legend's thresholds were "%.4g" — 1.002e+04 t for a
// baseline of 14,314 t — now grouped, never in e-notation.
func TestFrontierLegendThresholdsGrouped(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{0.7 * 14314, "10,020"}, {348.7367, "348.7"}, {100, "100"}, {12.3456, "12.35"}, {0.0125, "0.0125"}, {1234567, "1,234,567"}, {0, "0"}} {
		assert.Equal(t, c.want, tonnesText(c.v), "%v", c.v)
	}
	rows, _ := handFrontier()
	for i := range rows {
		rows[i].ResidualTCO2ePerYear *= 25 // 3,750 to 10,000 t: low-carbon granted left of 10,020
	}
	th := &FrontierThresholds{BaselineTCO2ePerYear: 14314, LowCarbonReductionMin: 0.3, OffsetsHeldTCO2ePerYear: 12345.6}
	_, _, _, lowText, _, zeroText := stageEdges(bandPoints(rows, nil), th)
	assert.Equal(t, "residual ≤ 10,020 t, 30 % below the baseline", lowText) // 0.7 × 14,314 = 10,019.8
	assert.Contains(t, zeroText, "(12,346 t)")
	fig, err := CostCarbonFrontier(rows, nil, &FrontierOptions{Thresholds: th, Currency: "USD"})
	require.NoError(t, err)
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, SVG)
	require.NoError(t, err)
	assert.Contains(t, svg.String(), "10,020 t")
	assert.NotRegexp(t, `[0-9]e\+[0-9]`, svg.String(), "no e-notation in the legend or ticks")
}

// frontierRows are frontier points at the residuals and costs given in
// pairs.
func frontierRows(pairs ...float64) []results.FrontierRow {
	var rows []results.FrontierRow
	for i := 0; i+1 < len(pairs); i += 2 {
		rows = append(rows, results.FrontierRow{Point: i / 2, ResidualTCO2ePerYear: pairs[i], TotalCostPerYear: pairs[i+1], Stage: dispatch.LowCarbon})
	}
	return rows
}

// The demos' frontiers as zeropark plan frontier drew them (2026-12-04):
// the zero-carbon design buys offsets on the near-zero design, both left
// of the steep end of the frontier, pinned by the cost axis. The labels
// (plots QA: Texas's zero-carbon label ran across the dashed line) keep
// inside the data area, off every segment of the line and of the bought
// arrow, off every marker, at least labelGap from each other; a leader
// crosses no segment and passes through no other label, nor a label
// through another's leader; and the layout is the same when made again.
func TestFrontierLabelsOffTheLineInACorner(t *testing.T) {
	cases := []struct {
		name  string
		rows  []results.FrontierRow
		marks []FrontierMarker
	}{
		{"texas2012", frontierRows(3695, 651605, 3326, 652936, 2956, 659431, 2587, 671899, 2217, 692852, 1848, 727964, 1478, 790997, 1109, 887745, 739, 1038844, 370, 1328641, 0, 3105960),
			[]FrontierMarker{
				{Label: "today's park", ResidualTCO2ePerYear: 4351, TotalCostPerYear: 659705, Today: true},
				{Label: "low-carbon design", ResidualTCO2ePerYear: 3695, TotalCostPerYear: 651605, Stage: dispatch.LowCarbon},
				{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 348, TotalCostPerYear: 1353446, Miss: "misses it in operation", Stage: dispatch.NearZeroCarbon},
				{Label: "zero-carbon design + 348 t offsets", ResidualTCO2ePerYear: 348, TotalCostPerYear: 1358674, OffsetsBoughtTCO2ePerYear: 348, BoughtCostPerYear: 5227, Miss: "misses it in operation", Stage: dispatch.ZeroCarbon},
			}},
		{"greensboro", frontierRows(4113, 931488, 3726, 959779, 3340, 1005427, 2953, 1087548, 2567, 1204835, 2180, 1348071, 1794, 1507582, 1407, 1693903, 1021, 1964486, 634, 2416345, 248, 3760333),
			[]FrontierMarker{
				{Label: "today's park", ResidualTCO2ePerYear: 4113, TotalCostPerYear: 931488, Today: true},
				{Label: "low-carbon design", ResidualTCO2ePerYear: 4113, TotalCostPerYear: 931488, Stage: dispatch.LowCarbon},
				{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 354, TotalCostPerYear: 2973050, Miss: "misses it in operation", Stage: dispatch.NearZeroCarbon},
				{Label: "zero-carbon design + 354 t offsets", ResidualTCO2ePerYear: 354, TotalCostPerYear: 2978357, OffsetsBoughtTCO2ePerYear: 354, BoughtCostPerYear: 5307, Miss: "misses it in operation", Stage: dispatch.ZeroCarbon},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ff, _, err := newFrontierFigure(tc.rows, tc.marks, &FrontierOptions{Currency: "USD"})
			require.NoError(t, err)
			c := vgimg.New(10*vg.Inch, 7*vg.Inch)
			d := ff.p.DataCanvas(ff.plotCanvas(draw.New(c)))
			trX, trY := ff.p.Transforms(&d)
			var segs [][2]vg.Point
			for i := 1; i < len(tc.rows); i++ {
				a, b := tc.rows[i-1], tc.rows[i]
				segs = append(segs, [2]vg.Point{{X: trX(a.ResidualTCO2ePerYear), Y: trY(a.TotalCostPerYear)}, {X: trX(b.ResidualTCO2ePerYear), Y: trY(b.TotalCostPerYear)}})
			}
			for _, m := range tc.marks {
				if m.buys() {
					segs = append(segs, [2]vg.Point{{X: trX(m.before().X), Y: trY(m.before().Y)}, {X: trX(m.at().X), Y: trY(m.at().Y)}})
				}
			}
			placed, _, _ := ff.labels.layout(d, ff.p)
			require.Len(t, placed, len(tc.marks))
			again, _, _ := ff.labels.layout(d, ff.p)
			assert.Equal(t, placed, again, "deterministic")
			radii := markerRadii(d, ff.p, tc.marks)
			markers, _ := ff.labels.onCanvas(d, ff.p, radii)
			for i, l := range placed {
				name := tc.marks[i].Label
				r := l.box
				assert.True(t, r.Min.X >= d.Min.X && r.Max.X <= d.Max.X && r.Min.Y >= d.Min.Y && r.Max.Y <= d.Max.Y, "%s at %v outside the data area", name, r)
				for k, s := range segs {
					assert.False(t, segmentInRect(s[0], s[1], r), "%s at %v meets segment %d %v", name, r, k, s)
				}
				assert.False(t, overlapsAny(r, markers), "%s at %v over a marker", name, r)
				for j, o := range placed {
					if j == i {
						continue
					}
					assert.GreaterOrEqual(t, rectDistance(r, o.box), labelGap, "%s within %v of %s", name, labelGap, tc.marks[j].Label)
					if o.leader {
						f, to := leaderEnds(o)
						assert.False(t, segmentInRect(f, to, r), "%s over the leader of %s", name, tc.marks[j].Label)
					}
				}
				if l.leader {
					f, to := leaderEnds(l)
					assert.False(t, crossesSegments(f, to, segs), "%s: its leader crosses the line", name)
					assert.Less(t, pointRectDistance(to, r), vg.Points(2.5), "%s: its leader ends at its label", name)
				}
			}
		})
	}
}

// The distances the label layout ranks places by, against hand cases.
func TestLabelGeometry(t *testing.T) {
	pt := func(x, y vg.Length) vg.Point { return vg.Point{X: x, Y: y} }
	r := vg.Rectangle{Min: pt(0, 0), Max: pt(10, 10)}
	assert.InDelta(t, 5.0, float64(pointRectDistance(pt(15, 5), r)), 1e-12)
	assert.InDelta(t, 5.0, float64(pointRectDistance(pt(13, 14), r)), 1e-12) // 3-4-5 from the corner
	assert.InDelta(t, 0.0, float64(pointRectDistance(pt(3, 3), r)), 1e-12)
	assert.InDelta(t, 2.0, float64(pointSegmentDistance(pt(5, 2), pt(0, 0), pt(10, 0))), 1e-12)
	assert.InDelta(t, 5.0, float64(pointSegmentDistance(pt(13, 4), pt(0, 0), pt(10, 0))), 1e-12)
	assert.InDelta(t, 3.0, float64(segmentRectDistance(pt(-3, -5), pt(-3, 15), r)), 1e-12)                               // beside it, longer than it
	assert.InDelta(t, math.Sqrt2, float64(segmentRectDistance(pt(12, 0), pt(0, 12), vg.Rectangle{Max: pt(5, 5)})), 1e-9) // the corner's way to a diagonal
	assert.InDelta(t, 5.0, float64(rectDistance(r, vg.Rectangle{Min: pt(13, 14), Max: pt(20, 20)})), 1e-12)
	assert.InDelta(t, 0.0, float64(rectDistance(r, vg.Rectangle{Min: pt(5, 5), Max: pt(20, 20)})), 1e-12)
	assert.True(t, segmentsMeet(pt(0, 0), pt(10, 10), pt(0, 10), pt(10, 0)))
	assert.False(t, segmentsMeet(pt(0, 0), pt(4, 4), pt(0, 10), pt(10, 0)))
	assert.True(t, segmentsMeet(pt(0, 0), pt(5, 5), pt(5, 5), pt(10, 0)), "touching at an end")
	assert.False(t, segmentsMeet(pt(0, 0), pt(1, 0), pt(2, 0), pt(3, 0)), "collinear, apart")
	assert.Zero(t, labelClearance(r, [][2]vg.Point{{pt(-5, 5), pt(5, 5)}}, nil))
	assert.InDelta(t, 2.0, float64(labelClearance(r, [][2]vg.Point{{pt(-5, 12), pt(15, 12)}}, []vg.Rectangle{{Min: pt(13, 0), Max: pt(20, 5)}})), 1e-12)
}

// crossesLine: a polyline of one point enters a rectangle only where the
// point lies in it (a segment of length 0).
func TestCrossesLineOnePoint(t *testing.T) {
	r := vg.Rectangle{Min: vg.Point{X: 0, Y: 0}, Max: vg.Point{X: 10, Y: 10}}
	assert.True(t, crossesLine(r, []vg.Point{{X: 5, Y: 5}}))
	assert.False(t, crossesLine(r, []vg.Point{{X: 15, Y: 5}}))
	assert.True(t, crossesLine(r, []vg.Point{{X: -5, Y: 5}, {X: 15, Y: 5}}), "a segment through it")
	assert.False(t, crossesLine(r, nil))
}

// A design that misses its stage or has warnings is labelled in the
// warnings' red, its "!" too, as README and the package doc say and as a
// pathway's milestone is; the others in black (review R, session 39: the
// frontier's "low-carbon design !" was black beside its red footnote).
func TestFrontierWarnedLabelsInRed(t *testing.T) {
	rows := frontierRows(4113, 931488, 2567, 1204835, 634, 2416345, 248, 3760333)
	marks := []FrontierMarker{
		{Label: "today's park", ResidualTCO2ePerYear: 4113, TotalCostPerYear: 931488, Today: true},
		{Label: "low-carbon design", ResidualTCO2ePerYear: 2567, TotalCostPerYear: 1204835, Stage: dispatch.LowCarbon},
		{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 634, TotalCostPerYear: 2416345, Miss: "misses it in operation", Stage: dispatch.NearZeroCarbon},
	}
	fig, err := CostCarbonFrontier(rows, marks, &FrontierOptions{Currency: "USD"})
	require.NoError(t, err)
	var svg strings.Builder
	_, err = fig.WriteTo(&svg, SVG)
	require.NoError(t, err)
	red := fmt.Sprintf("fill:#%02X%02X%02X", colWarn.R, colWarn.G, colWarn.B)
	styleOf := func(label string) string {
		i := strings.Index(svg.String(), ">"+label+"</text>")
		require.GreaterOrEqual(t, i, 0, "%s not drawn", label)
		return svg.String()[strings.LastIndex(svg.String()[:i], "<text"):i]
	}
	assert.Contains(t, styleOf("near-zero-carbon design !"), red)
	assert.Contains(t, styleOf("(misses it in operation)"), red)
	assert.NotContains(t, styleOf("low-carbon design"), red)
}
