package plots

import (
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// TestRoadmapThinSegmentsLabelled: every figure is on the figure, in its
// segment or, for a segment too thin to hold it (segmentLabel's own test:
// a fixed O&M of 15,383 and offsets of 5,231 on bars of about 1,400,000),
// beside its bar: right of the bar and inside the data area — the last
// bar's too, for the room right of it — each label clear of the others.
func TestRoadmapThinSegmentsLabelled(t *testing.T) {
	rm := &results.Roadmap{Park: "thin park", Currency: "USD", Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.Conventional, OperatingCostPerYear: 669_153, TotalCostPerYear: 669_153},
		{Target: "low-carbon", Stage: dispatch.LowCarbon, CapitalPerYear: 107_882, FixedOMPerYear: 15_383, OperatingCostPerYear: 540_098,
			TotalCostPerYear: 663_363},
		{Target: "zero-carbon", Stage: dispatch.ZeroCarbon, CapitalPerYear: 1_218_662, FixedOMPerYear: 238_113, OperatingCostPerYear: -47_240,
			OffsetCostPerYear: 5_231, TotalCostPerYear: 1_414_766, OffsetsBoughtTCO2ePerYear: 349},
	}}
	fig, err := RoadmapCosts(rm, nil)
	require.NoError(t, err)
	s := svgOf(t, fig)
	for _, want := range []string{">15,383<", ">5,231<", ">-47,240<", ">1,218,662<", ">540,098<"} {
		assert.Contains(t, s, want)
	}

	// Where they are: on the recorder, each side label right of its bar's
	// right edge and within the data canvas, and no two overlapping.
	bars, err := RoadmapBars(rm)
	require.NoError(t, err)
	p, _ := roadmapPlot(bars, rm.Currency)
	dc := p.DataCanvas(draw.NewCanvas(new(recorder.Canvas), 12*vg.Inch, 8*vg.Inch))
	trX, trY := p.Transforms(&dc)
	var taken []vg.Rectangle
	var thin []string
	for i, b := range bars {
		x0, x1 := trX(float64(i)-roadmapBarWidth/2), trX(float64(i)+roadmapBarWidth/2)
		for _, pt := range b.Parts {
			if pt.TopPerYear <= pt.BottomPerYear {
				continue
			}
			r := vg.Rectangle{Min: vg.Point{X: x0, Y: trY(pt.BottomPerYear)}, Max: vg.Point{X: x1, Y: trY(pt.TopPerYear)}}
			if segmentLabel(dc, r, pt, color.Black, trY(b.TotalCostPerYear)) {
				continue // holds its figure: the drawing's own test
			}
			thin = append(thin, pt.Name)
			before := len(taken)
			taken = sideLabel(dc, r, pt, roadmapParts[0].colour, x0, x1+vg.Points(10), taken)
			box := taken[before]
			assert.GreaterOrEqual(t, float64(box.Min.X), float64(x1), "%s of bar %d: right of the bar", pt.Name, i)
			assert.LessOrEqual(t, float64(box.Max.X), float64(dc.Max.X), "%s of bar %d: inside the data area", pt.Name, i)
			assert.False(t, overlapsAny(box, taken[:before]), "%s of bar %d: clear of the other labels", pt.Name, i)
		}
	}
	// About 1 % of the axis each: too thin on any canvas. (The operating
	// −47,240, about 3 %, holds its figure on this bare plot's taller data
	// area, not on the whole figure's.)
	assert.Subset(t, thin, []string{"fixed O&M", "offsets bought"})
}
