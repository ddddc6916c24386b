package plots

import (
	"image/color"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// reachRoadmap has a negative operating cost (so the axis runs below
// zero) and two stages out of reach, the second and the last slot.
func reachRoadmap() *results.Roadmap {
	return &results.Roadmap{Park: "reach park", Currency: "USD", Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.Conventional, OperatingCostPerYear: 507_900, TotalCostPerYear: 507_900, ResidualTCO2ePerYear: 11_932},
		{Target: "low-carbon", Unreachable: "no design within the bounds"},
		{Target: "near-zero-carbon", Stage: dispatch.NearZeroCarbon, Added: results.Capacities{PVKWp: 2150, WindKW: 1111},
			CapitalPerYear: 795_000, FixedOMPerYear: 146_000, OperatingCostPerYear: -97_000, TotalCostPerYear: 844_000, ResidualTCO2ePerYear: 311},
		{Target: "zero-carbon", Unreachable: "no design within the bounds"},
	}}
}

// recordedRoadmap draws the roadmap plot of rm, 12 × 8 inches, on a
// recorder: its actions, outside any transformed Push, and its data
// canvas.
func recordedRoadmap(t *testing.T, rm *results.Roadmap) (bars []RoadmapBar, acts []recorder.Action, dc draw.Canvas) {
	t.Helper()
	bars, err := RoadmapBars(rm)
	require.NoError(t, err)
	p, _ := roadmapPlot(bars, rm.Currency)
	rec := new(recorder.Canvas)
	c := draw.NewCanvas(rec, 12*vg.Inch, 8*vg.Inch)
	p.Draw(c)
	return bars, untransformed(t, rec.Actions), p.DataCanvas(c)
}

// pathBox is the bounding box of a path of lines (every point of it).
func pathBox(path vg.Path) (r vg.Rectangle, ok bool) {
	for _, cp := range path {
		if cp.Type != vg.MoveComp && cp.Type != vg.LineComp {
			continue
		}
		if !ok {
			r, ok = vg.Rectangle{Min: cp.Pos, Max: cp.Pos}, true
		}
		r.Min.X, r.Min.Y = min(r.Min.X, cp.Pos.X), min(r.Min.Y, cp.Pos.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, cp.Pos.X), max(r.Max.Y, cp.Pos.Y)
	}
	return r, ok
}

// An out-of-reach slot is a band over the cost axis's whole range, from
// the bottom of the data area to its top (here from below zero), the
// bar's width wide at the slot: no edge of it sits at a cost. The legend
// and the caption say what it is; a roadmap without one says nothing.
func TestRoadmapOutOfReachBandSpansAxis(t *testing.T) {
	bars, acts, dc := recordedRoadmap(t, reachRoadmap())
	lo, hi := roadmapRange(bars)
	require.Less(t, lo, 0.0, "the axis runs below zero")
	var colour color.Color
	var bands []vg.Rectangle
	for _, a := range acts {
		switch a := a.(type) {
		case *recorder.SetColor:
			colour = a.Color
		case *recorder.Fill:
			if colour == colOutOfReach {
				r, ok := pathBox(a.Path)
				require.True(t, ok)
				bands = append(bands, r)
			}
		}
	}
	require.Len(t, bands, 2, "one band a stage out of reach")
	w := dc.Max.X - dc.Min.X
	slotX := func(x float64) vg.Length {
		return dc.Min.X + w*vg.Length((x+0.5)/(float64(len(bars))+roadmapRightRoom))
	}
	for i, slot := range []int{1, 3} {
		b := bands[i]
		assert.InDelta(t, float64(dc.Min.Y), float64(b.Min.Y), 1e-9, "band %d bottom at the axis minimum %g", i, lo)
		assert.InDelta(t, float64(dc.Max.Y), float64(b.Max.Y), 1e-9, "band %d top at the axis maximum %g", i, hi)
		assert.InDelta(t, float64(slotX(float64(slot)-roadmapBarWidth/2)), float64(b.Min.X), 1e-9, "band %d left", i)
		assert.InDelta(t, float64(slotX(float64(slot)+roadmapBarWidth/2)), float64(b.Max.X), 1e-9, "band %d right", i)
	}

	fig, err := RoadmapCosts(reachRoadmap(), nil)
	require.NoError(t, err)
	s := svgOf(t, fig)
	assert.Contains(t, s, ">stage out of reach<", "the legend's entry")
	assert.Contains(t, s, ">Hatched: a stage out of reach", "the caption explains the band")

	reachable := reachRoadmap()
	reachable.Rows = []results.RoadmapRow{reachable.Rows[0], reachable.Rows[2]}
	bars, err = RoadmapBars(reachable)
	require.NoError(t, err)
	require.False(t, unreachable(bars))
	fig, err = RoadmapCosts(reachable, nil)
	require.NoError(t, err)
	s = svgOf(t, fig)
	assert.NotContains(t, s, "stage out of reach")
	assert.NotContains(t, s, "Hatched")
}

// Nothing stroked in the plot crosses the text under a slot (its
// target, what it adds, its residual "11,932 tCO2e": no tick, grid line
// or band reaches into it), and that text lies below the data area.
// (A "1" beside a "1" kerns tight in Liberation Sans, its feet touching
// at 100 dpi: "11,932" can look struck through though nothing is.)
func TestRoadmapSlotLabelsClear(t *testing.T) {
	bars, acts, dc := recordedRoadmap(t, reachRoadmap())
	want := map[string]bool{}
	for _, b := range bars {
		for _, line := range strings.Split(slotLabel(b), "\n") {
			want[line] = true
		}
	}
	var boxes []vg.Rectangle
	var texts []string
	var strokes []vg.Rectangle
	for _, a := range acts {
		switch a := a.(type) {
		case *recorder.FillString:
			if !want[a.String] || a.String == "out of reach" && a.Point.Y > dc.Min.Y {
				continue // not a slot's label, or the band's own text on its white ground
			}
			face := font.DefaultCache.Lookup(a.Font, a.Size)
			ext := face.Extents()
			b := vg.Rectangle{Min: vg.Point{X: a.Point.X, Y: a.Point.Y - ext.Descent}, Max: vg.Point{X: a.Point.X + face.Width(a.String), Y: a.Point.Y + ext.Ascent}}
			boxes, texts = append(boxes, b), append(texts, a.String)
			assert.Less(t, float64(b.Max.Y), float64(dc.Min.Y), "%q is below the data area", a.String)
		case *recorder.Stroke:
			r, ok := pathBox(a.Path)
			require.True(t, ok)
			strokes = append(strokes, r)
		}
	}
	assert.Contains(t, texts, "residual 11,932 tCO2e a year")
	assert.Contains(t, texts, "+1,111 kW wind")
	assert.Contains(t, texts, "out of reach")
	require.NotEmpty(t, strokes)
	for i, b := range boxes {
		for _, s := range strokes {
			overlap := s.Min.X < b.Max.X && s.Max.X > b.Min.X && s.Min.Y < b.Max.Y && s.Max.Y > b.Min.Y
			assert.False(t, overlap, "a line %v crosses %q at %v", s, texts[i], b)
		}
	}
}

// svgOf is fig as SVG text.
func svgOf(t *testing.T, fig *Figure) string {
	t.Helper()
	var b strings.Builder
	_, err := fig.WriteTo(&b, SVG)
	require.NoError(t, err)
	return b.String()
}

// A side label that would run off the data area right of the last bar is
// shifted left as far as it must while it stays right of its bar; only
// where even that would overlap the bar does it go left of the bar. Before,
// it went left at once, beside the bar before (china-park's zero-carbon
// operating figure at 200 CNY/t read as near-zero's).
func TestSideLabelStaysBesideItsBar(t *testing.T) {
	c := draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: 400, Y: 300}}}
	bar := vg.Rectangle{Min: vg.Point{X: 300, Y: 100}, Max: vg.Point{X: 340, Y: 104}}
	pt := RoadmapPart{CostPerYear: -1_071_722}
	got := sideLabel(c, bar, pt, color.Black, bar.Min.X, bar.Max.X+12, nil)
	require.Len(t, got, 1)
	box := got[0]
	assert.LessOrEqual(t, float64(box.Max.X), 400.0+1e-9, "inside the data area")
	assert.GreaterOrEqual(t, float64(box.Min.X), float64(bar.Max.X)+2-1e-9, "right of its bar")
	// No room right of the bar at all: left of it.
	narrow := bar
	narrow.Min.X, narrow.Max.X = 340, 390
	got = sideLabel(c, narrow, pt, color.Black, narrow.Min.X, narrow.Max.X+12, nil)
	assert.LessOrEqual(t, float64(got[0].Max.X), float64(narrow.Min.X)-6+1e-9, "left of its bar")
}

// The caption's lines all begin at one x (plots QA: the second line was
// indented as a footnote's continuation is): drawn on a recorder, the
// first ink of every caption line — where its text is put plus the
// width of any spaces it begins with — lies at the same x, and the lines
// together are the caption, word for word.
func TestRoadmapCaptionLinesAlign(t *testing.T) {
	rm := reachRoadmap()
	rm.CarbonPricePerTCO2e = 85 // a sentence more: the caption takes three lines
	fig, err := RoadmapCosts(rm, nil)
	require.NoError(t, err)
	rec := new(recorder.Canvas)
	fig.Draw(draw.NewCanvas(rec, fig.Width, fig.Height))
	caption := strings.TrimSpace(carbonPriceCaption(rm) + " " + OutOfReachCaption)
	sty := captionStyle()
	var xs []vg.Length
	var words []string
	for _, a := range rec.Actions {
		fs, ok := a.(*recorder.FillString)
		if !ok || fs.Size != sty.Font.Size || len(strings.TrimSpace(fs.String)) < 12 || !strings.Contains(caption, strings.TrimSpace(fs.String)) {
			continue
		}
		lead := fs.String[:len(fs.String)-len(strings.TrimLeft(fs.String, " "))]
		xs = append(xs, fs.Point.X+sty.Width(lead))
		words = append(words, strings.Fields(fs.String)...)
	}
	require.GreaterOrEqual(t, len(xs), 2, "the caption wraps")
	for i, x := range xs {
		assert.InDelta(t, float64(xs[0]), float64(x), 1e-9, "line %d begins at %v, the first at %v", i+1, x, xs[0])
	}
	assert.Equal(t, strings.Fields(caption), words)
}

// untransformed are the actions drawn outside any transformed Push: what
// is drawn between a Push and its Pop after a transform (a rotated axis
// label) has coordinates that are not the canvas's.
func untransformed(t *testing.T, actions []recorder.Action) []recorder.Action {
	t.Helper()
	var acts []recorder.Action
	var transformed []bool
	for _, a := range actions {
		switch a.(type) {
		case *recorder.Push:
			transformed = append(transformed, len(transformed) > 0 && transformed[len(transformed)-1])
			continue
		case *recorder.Pop:
			transformed = transformed[:len(transformed)-1]
			continue
		case *recorder.Rotate, *recorder.Translate, *recorder.Scale:
			require.NotEmpty(t, transformed, "a transform outside Push")
			transformed[len(transformed)-1] = true
			continue
		}
		if len(transformed) == 0 || !transformed[len(transformed)-1] {
			acts = append(acts, a)
		}
	}
	return acts
}
