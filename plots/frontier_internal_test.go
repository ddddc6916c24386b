package plots

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	// Left of the last point's band edge (between 300 and 1000: 650): the
	// near-zero shade, high above the points.
	at = pixel(img, vg.Point{X: trX(400), Y: trY(700_000)}, o.DPI)
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
