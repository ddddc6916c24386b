package plots

import (
	"bytes"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// fullRows is handFrontier's points measured over the full series: point
// 0 (no bound) holds, its full-series operation 30 t and 20,000 a year
// above; points 1 and 3 miss their bound (40 t and 60 t above it, costing
// more); point 2 holds; point 4 has no full-series residual (a
// frontier.csv written before the column) and is not drawn.
func fullRows() []results.FrontierRow {
	rows, _ := handFrontier()
	f := func(residual, cost float64, unreachable string) *results.FullSeries {
		return &results.FullSeries{Stage: dispatch.LowCarbon, TotalCostPerYear: cost, ResidualTCO2ePerYear: &residual, Unreachable: unreachable}
	}
	rows[0].Full = f(430, 620_000, "")
	rows[1].Full = f(340, 680_000, "no operation of the design keeps the residual within the bound")
	rows[2].Full = f(250, 720_000, "")
	rows[3].Full = f(260, 870_000, "no operation of the design keeps the residual within the bound")
	rows[4].Full = &results.FullSeries{Stage: dispatch.NearZeroCarbon, TotalCostPerYear: 1_050_000}
	return rows
}

// recorded is a frontier figure drawn on a recorder: what it did outside
// any transformed Push (the rotated axis label), and its data canvas.
type recorded struct {
	acts []recorder.Action
	d    draw.Canvas
}

func recordFrontier(t *testing.T, ff *frontierFigure) recorded {
	t.Helper()
	rec := new(recorder.Canvas)
	c := draw.NewCanvas(rec, 10*vg.Inch, 7*vg.Inch)
	ff.draw(c)
	out := recorded{acts: untransformed(t, rec.Actions)}
	out.d = ff.p.DataCanvas(ff.plotCanvas(c))
	return out
}

// stroke is a path stroked, with the ink and width it was stroked in.
type stroke struct {
	path  vg.Path
	ink   color.Color
	width vg.Length
}

func (r recorded) strokes() []stroke {
	var out []stroke
	var ink color.Color
	var width vg.Length
	for _, a := range r.acts {
		switch a := a.(type) {
		case *recorder.SetColor:
			ink = a.Color
		case *recorder.SetLineWidth:
			width = a.Width
		case *recorder.Stroke:
			out = append(out, stroke{a.Path, ink, width})
		}
	}
	return out
}

func (r recorded) texts() []string {
	var out []string
	for _, a := range r.acts {
		if a, ok := a.(*recorder.FillString); ok {
			out = append(out, a.String)
		}
	}
	return out
}

// ring is a circle stroked whole at radius fullRing in fullRingWidth:
// its centre and ink.
type ring struct {
	at  vg.Point
	ink color.Color
}

func (r recorded) rings() []ring {
	var out []ring
	for _, s := range r.strokes() {
		for _, cp := range s.path {
			if cp.Type == vg.ArcComp && cp.Radius == fullRing && s.width == fullRingWidth && cp.Angle == 2*math.Pi {
				out = append(out, ring{cp.Pos, s.ink})
			}
		}
	}
	return out
}

// connectors are the lines stroked in the connectors' ink and width.
func (r recorded) connectors() [][2]vg.Point {
	var out [][2]vg.Point
	for _, s := range r.strokes() {
		if s.ink == colConnector && s.width == connectorWidth && len(s.path) == 2 {
			out = append(out, [2]vg.Point{s.path[0].Pos, s.path[1].Pos})
		}
	}
	return out
}

func near(a, b vg.Point) bool {
	return math.Abs(float64(a.X-b.X)) < 1e-6 && math.Abs(float64(a.Y-b.Y)) < 1e-6
}

// Each point measured over the full series is a ring at its full-series
// residual and total cost through the plot's own transforms, grey where
// it holds its bound and red where it misses it, with a connector
// from the rim of the point's dot (3.5 pt from the point) to the ring's
// outer edge (5.5 + 0.75 pt from its centre), along the line between
// them; the legend has a thumbnail of each kind, and a point without a
// full-series residual has no ring.
func TestFrontierFullSeriesRings(t *testing.T) {
	rows := fullRows()
	ff, _, err := newFrontierFigure(rows, nil, &FrontierOptions{Currency: "USD"})
	require.NoError(t, err)
	rec := recordFrontier(t, ff)
	trX, trY := ff.p.Transforms(&rec.d)
	legend := ff.legendBox(rec.d)
	var inPlot, inLegend []ring
	for _, r := range rec.rings() {
		if pointIn(r.at, legend) {
			inLegend = append(inLegend, r)
		} else {
			inPlot = append(inPlot, r)
		}
	}
	require.Len(t, inPlot, 4, "points 0–3; point 4 has no full-series residual")
	var conns [][2]vg.Point
	for _, c := range rec.connectors() {
		if !pointIn(c[0], legend) {
			conns = append(conns, c)
		}
	}
	require.Len(t, conns, 4)
	for i, r := range rows[:4] {
		want := vg.Point{X: trX(*r.Full.ResidualTCO2ePerYear), Y: trY(r.Full.TotalCostPerYear)}
		assert.True(t, near(want, inPlot[i].at), "point %d: ring at %v, want %v", i, inPlot[i].at, want)
		ink := color.Color(colFullHeld)
		if r.Full.Unreachable != "" {
			ink = colFullMissed
		}
		assert.Equal(t, ink, inPlot[i].ink, "point %d's ink", i)
		from := vg.Point{X: trX(r.ResidualTCO2ePerYear), Y: trY(r.TotalCostPerYear)}
		c := conns[i]
		dist := func(a, b vg.Point) float64 { return math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)) }
		assert.InDelta(t, 3.5, dist(c[0], from), 1e-6, "point %d: the connector starts at the dot's rim", i)
		assert.InDelta(t, 5.5+0.75, dist(c[1], want), 1e-6, "point %d: the connector ends at the ring's edge", i)
		assert.InDelta(t, dist(from, want), dist(from, c[0])+dist(c[0], c[1])+dist(c[1], want), 1e-6, "point %d: the connector lies on the line from the point to its ring", i)
	}
	require.Len(t, inLegend, 2, "a thumbnail each: held, missed")
	assert.Equal(t, color.Color(colFullHeld), inLegend[0].ink)
	assert.Equal(t, color.Color(colFullMissed), inLegend[1].ink)
	texts := rec.texts()
	assert.Contains(t, texts, legendFullHeld+" (point 0: no bound)", "point 0 is drawn in the held ink, with no bound to hold")
	assert.Contains(t, texts, legendFullMissed)
}

// The legend has an entry for the held points only when one holds, for
// the missed only when one misses, and neither (nor a ring, a connector
// or the caption's sentence) without full-series residuals: a frontier
// over the full series, or a frontier.csv written before the residual's
// column (Full set, its residual nil), draws exactly what it drew before.
func TestFrontierFullSeriesOnlyWhenPresent(t *testing.T) {
	draw := func(rows []results.FrontierRow) recorded {
		ff, _, err := newFrontierFigure(rows, nil, &FrontierOptions{Currency: "USD"})
		require.NoError(t, err)
		return recordFrontier(t, ff)
	}
	has := func(texts []string, s string) bool {
		for _, x := range texts {
			if x == s {
				return true
			}
		}
		return false
	}
	held := fullRows()
	for i := range held {
		if held[i].Full != nil {
			held[i].Full.Unreachable = ""
		}
	}
	rec := draw(held)
	assert.True(t, has(rec.texts(), legendFullHeld+" (point 0: no bound)"))
	assert.False(t, has(rec.texts(), legendFullMissed))
	assert.Len(t, rec.rings(), 4+1, "four in the plot, one in the legend")

	// Point 0 alone in the held ink: no bound held is claimed.
	onlyZero := fullRows()
	onlyZero[2].Full.Unreachable = "misses"
	rec = draw(onlyZero)
	assert.True(t, has(rec.texts(), legendFullUnbounded))
	assert.False(t, slices.ContainsFunc(rec.texts(), func(s string) bool { return strings.HasPrefix(s, legendFullHeld) }))
	assert.True(t, has(rec.texts(), legendFullMissed))
	// Without point 0, the held entry as it was.
	noZero := held[1:]
	rec = draw(noZero)
	assert.True(t, has(rec.texts(), legendFullHeld))

	missed := fullRows()
	for i := range missed {
		if missed[i].Full != nil {
			missed[i].Full.Unreachable = "misses"
		}
	}
	rec = draw(missed)
	assert.False(t, has(rec.texts(), legendFullHeld))
	assert.True(t, has(rec.texts(), legendFullMissed))

	bare, _ := handFrontier()
	old := fullRows()
	for i := range old {
		old[i].Full.ResidualTCO2ePerYear = nil
	}
	recBare, recOld := draw(bare), draw(old)
	assert.Empty(t, recBare.rings())
	assert.Empty(t, recBare.connectors())
	for _, s := range recBare.texts() {
		assert.NotContains(t, s, "full series")
		assert.NotContains(t, s, "Open rings")
	}
	assert.Equal(t, recBare.acts, recOld.acts, "Full without its residual draws as no Full")
}

// The axes take the full-series points in: handFrontier spans 150–400 t
// and 600,000–1,000,000 a year; a ring at 600 t and 2,000,000 widens the
// residual axis to 150 − 5 % × 450 = 127.5 … 600 + 22.5 = 622.5 t and the
// cost axis to at least 2,000,000.
func TestFrontierRangeIncludesFullSeries(t *testing.T) {
	rows, _ := handFrontier()
	x0, x1, y0, y1 := frontierRange(rows, nil)
	assert.InDelta(t, 150-0.05*250, x0, 1e-9)
	assert.InDelta(t, 400+0.05*250, x1, 1e-9)
	assert.LessOrEqual(t, y0, 600_000.0)
	require.Less(t, y1, 2_000_000.0)
	v := 600.0
	rows[2].Full = &results.FullSeries{TotalCostPerYear: 2_000_000, ResidualTCO2ePerYear: &v}
	x0, x1, y0, y1 = frontierRange(rows, nil)
	assert.InDelta(t, 127.5, x0, 1e-9)
	assert.InDelta(t, 622.5, x1, 1e-9)
	assert.LessOrEqual(t, y0, 600_000.0)
	assert.GreaterOrEqual(t, y1, 2_000_000.0)
	// Below the cheapest point and left of the least residual too.
	v = 50
	rows[2].Full.TotalCostPerYear = 400_000
	x0, _, y0, _ = frontierRange(rows, nil)
	assert.InDelta(t, 50-0.05*350, x0, 1e-9)
	assert.LessOrEqual(t, y0, 400_000.0)
	// Not finite: refused, naming the point.
	v = math.NaN()
	_, err := CostCarbonFrontier(rows, nil, nil)
	require.ErrorIs(t, err, ErrInput)
	assert.Contains(t, err.Error(), "frontier point 2 over the full series")
}

// A design marked at a frontier point whose ring stands just right of it,
// at the same cost, where the label's first place (right of the marker)
// would be: the label keeps off the ring and the connector (it would not
// without them: the same layout with no full-series points puts it
// there), and no leader crosses a connector.
func TestFrontierLabelsOffFullSeries(t *testing.T) {
	rows, th := handFrontier()
	for i := range rows {
		r := rows[i].ResidualTCO2ePerYear + 12
		rows[i].Full = &results.FullSeries{TotalCostPerYear: rows[i].TotalCostPerYear + 8_000, ResidualTCO2ePerYear: &r}
		if i%2 == 1 {
			rows[i].Full.Unreachable = "misses"
		}
	}
	marks := []FrontierMarker{
		{Label: "today's park", ResidualTCO2ePerYear: 420, TotalCostPerYear: 620_000, Today: true},
		{Label: "low-carbon design", ResidualTCO2ePerYear: 300, TotalCostPerYear: 640_000, Stage: dispatch.LowCarbon},
		{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 200, TotalCostPerYear: 800_000, Stage: dispatch.NearZeroCarbon},
		{Label: "zero-carbon design + 200 t offsets", ResidualTCO2ePerYear: 200, TotalCostPerYear: 805_000, OffsetsBoughtTCO2ePerYear: 200, BoughtCostPerYear: 5_000, Stage: dispatch.ZeroCarbon},
	}
	ff, _, err := newFrontierFigure(rows, marks, &FrontierOptions{Thresholds: th, Currency: "USD"})
	require.NoError(t, err)
	rec := recordFrontier(t, ff)
	d := rec.d
	rings := fullBoxes(d, ff.p, ff.labels.full)
	conns := fullSegments(d, ff.p, ff.labels.full)
	require.Len(t, rings, len(rows))

	blind := &markerLabels{marks: marks, line: ff.labels.line}
	naive, _, _ := blind.layout(d, ff.p)
	hit := false
	for _, l := range naive {
		hit = hit || overlapsAny(l.box, rings) || segmentsInRect(l.box, conns)
	}
	require.True(t, hit, "without the full-series points some label would stand on a ring or a connector")

	placed, _, _ := ff.labels.layout(d, ff.p)
	require.Len(t, placed, len(marks))
	for i, l := range placed {
		assert.False(t, overlapsAny(l.box, rings), "%s at %v over a ring", marks[i].Label, l.box)
		assert.False(t, segmentsInRect(l.box, conns), "%s at %v over a connector", marks[i].Label, l.box)
		if l.leader {
			f, to := leaderEnds(l)
			assert.False(t, crossesSegments(f, to, conns), "%s: its leader crosses a connector", marks[i].Label)
		}
	}
	// The legend keeps off the rings too.
	assert.False(t, overlapsAny(ff.legendBox(d), rings), "legend over a ring")
}

// The legend leaves the top right corner when a ring is there.
func TestFrontierLegendOffFullSeries(t *testing.T) {
	rows, th := handFrontier()
	ff, _, err := newFrontierFigure(rows, nil, &FrontierOptions{Thresholds: th})
	require.NoError(t, err)
	rec := recordFrontier(t, ff)
	top := ff.legendBox(rec.d)
	require.True(t, top.Max.X > (rec.d.Min.X+rec.d.Max.X)/2 && top.Max.Y > (rec.d.Min.Y+rec.d.Max.Y)/2, "top right without rings: %v", top)

	v := 400.0 // point 0's design over the full series: dearest, far right
	rows[0].Full = &results.FullSeries{TotalCostPerYear: 1_000_000, ResidualTCO2ePerYear: &v, Unreachable: "misses"}
	ff, _, err = newFrontierFigure(rows, nil, &FrontierOptions{Thresholds: th})
	require.NoError(t, err)
	rec = recordFrontier(t, ff)
	box := ff.legendBox(rec.d)
	rings := fullBoxes(rec.d, ff.p, ff.labels.full)
	assert.False(t, overlapsAny(box, rings), "legend %v over the ring %v", box, rings)
	assert.False(t, segmentsInRect(box, fullSegments(rec.d, ff.p, ff.labels.full)), "legend over the connector")
	assert.False(t, box.Max.X > (rec.d.Min.X+rec.d.Max.X)/2 && box.Max.Y > (rec.d.Min.Y+rec.d.Max.Y)/2, "moved from the top right: %v", box)
}

// The caption says what the rings are and counts the points that miss
// their bound, before the marginal abatement cost's paragraph.
func TestFrontierFullSeriesCaption(t *testing.T) {
	pts := fullPoints(fullRows())
	require.Len(t, pts, 4)
	c := fullCaption(pts)
	assert.Contains(t, c, "measured over the full series")
	assert.Contains(t, c, "2 of 4 points miss their bound there")
	for i := range pts {
		pts[i].missed = false
	}
	assert.Contains(t, fullCaption(pts), "all 4 points hold their bound there")
	assert.Contains(t, fullCaption(pts[:1]), "the point holds its bound there")
	assert.Empty(t, fullCaption(nil))
	assert.Equal(t, "a\nb", joinCaptions("", "a", "", "b"))

	// Two paragraphs: the mac caption starts a line of its own.
	c = joinCaptions(fullCaption(fullPoints(fullRows())), "Marginal abatement cost (USD per tCO2e) on the frontier")
	cv := draw.NewCanvas(new(recorder.Canvas), 10*vg.Inch, 7*vg.Inch)
	_, lines := captionSpace(cv, c)
	require.NotEmpty(t, lines)
	assert.Equal(t, "Marginal abatement cost (USD per tCO2e) on the frontier", lines[len(lines)-1])
}

// A frontier.csv written with the full-series columns reads back with
// the same full-series points: what `zeropark plan frontier --periods`
// writes re-plots the same.
func TestFrontierFullSeriesFromCSV(t *testing.T) {
	rows := fullRows()
	rows[2].Full.CostError = new(float64)
	var buf bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&buf, rows))
	back, err := results.ReadFrontierCSV(&buf, "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, fullPoints(rows), fullPoints(back))
	x0, x1, y0, y1 := frontierRange(rows, nil)
	bx0, bx1, by0, by1 := frontierRange(back, nil)
	assert.Equal(t, []float64{x0, x1, y0, y1}, []float64{bx0, bx1, by0, by1})
}

// A frontier point's warning mark stands 4 pt above its point, or above
// its own full-series ring where the ring would cover it.
func TestFrontierWarnMarkAboveRing(t *testing.T) {
	rows, _ := handFrontier()
	rows[1].Warnings = []string{"settled"}
	rows[3].Warnings = []string{"settled"}
	v := rows[1].ResidualTCO2ePerYear // point 1's ring on its point
	rows[1].Full = &results.FullSeries{TotalCostPerYear: rows[1].TotalCostPerYear, ResidualTCO2ePerYear: &v}
	ff, _, err := newFrontierFigure(rows, nil, nil)
	require.NoError(t, err)
	rec := recordFrontier(t, ff)
	trX, trY := ff.p.Transforms(&rec.d)
	var marks []vg.Point
	for _, a := range rec.acts {
		if a, ok := a.(*recorder.FillString); ok && a.String == warnMark && a.Point.Y > rec.d.Min.Y && a.Point.Y < rec.d.Max.Y {
			marks = append(marks, a.Point)
		}
	}
	require.Len(t, marks, 2, "two points with warnings; the footnotes' marks are below the plot")
	// FillString's point is the text's baseline: at the bottom of the
	// box less the descent. Above the ring: the baseline at or above the
	// ring's top.
	assert.GreaterOrEqual(t, float64(marks[0].Y), float64(trY(rows[1].TotalCostPerYear)+fullReach), "point 1's mark above its ring")
	assert.InDelta(t, float64(trX(rows[1].ResidualTCO2ePerYear)), float64(marks[0].X), 4, "over its point (the text starts half its width left)")
	assert.Less(t, float64(marks[1].Y), float64(trY(rows[3].TotalCostPerYear)+fullReach), "point 3's mark where it was: 4 pt above its point")
}

// texas2012's frontier of 21 points over 4 representative weeks, as
// `zeropark plan frontier --demo texas2012 --periods 4 --period-length
// 168h --points 21` traced it (2026-12-04): every point but the first
// misses its bound over the full year, the rings fanning out from the
// flat tail, and the near-zero and zero-carbon designs walled in between
// the cost axis, the steep end of the line and the connectors. Every
// label still finds a place inside the data area (its leader may cross
// the connectors, or the line, when nothing else is left), off the
// line, the bought arrow, the rings, the connectors and the markers,
// at least labelGap from the others; no leader passes through a ring or
// another marker.
func TestFrontierLabelsInAFanOfConnectors(t *testing.T) {
	pts := [][5]float64{ // residual, cost; over the full series: residual, cost; missed
		{2228, 608080, 2725, 670842, 0}, {2117, 608166, 2708, 671818, 1}, {2005, 608540, 2621, 675331, 1},
		{1894, 608935, 2538, 679299, 1}, {1783, 609550, 2463, 683906, 1}, {1671, 612034, 2369, 689221, 1},
		{1560, 614873, 2289, 695459, 1}, {1448, 617996, 2214, 702398, 1}, {1337, 621283, 2131, 709120, 1},
		{1225, 624697, 2049, 716263, 1}, {1114, 628446, 1987, 724829, 1}, {1003, 632754, 1915, 733483, 1},
		{891, 637547, 1842, 742496, 1}, {780, 642872, 1787, 753458, 1}, {668, 652523, 1705, 766557, 1},
		{557, 663531, 1618, 781524, 1}, {446, 675818, 1540, 798650, 1}, {334, 691164, 1466, 819256, 1},
		{223, 713401, 1363, 845093, 1}, {111, 909582, 967, 1029504, 1}, {0, 2459512, 16, 2525208, 1},
	}
	var rows []results.FrontierRow
	for i, p := range pts {
		v := p[2]
		r := results.FrontierRow{Point: i, ResidualTCO2ePerYear: p[0], TotalCostPerYear: p[1], Stage: dispatch.LowCarbon,
			Full: &results.FullSeries{ResidualTCO2ePerYear: &v, TotalCostPerYear: p[3]}}
		if p[4] == 1 {
			r.Full.Unreachable = "misses"
		}
		rows = append(rows, r)
	}
	miss := "misses it over the full series"
	marks := []FrontierMarker{
		{Label: "today's park", ResidualTCO2ePerYear: 4244, TotalCostPerYear: 634557, Today: true},
		{Label: "low-carbon design", ResidualTCO2ePerYear: 2228, TotalCostPerYear: 608080, Stage: dispatch.LowCarbon},
		{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 345, TotalCostPerYear: 689106, Miss: miss, Stage: dispatch.NearZeroCarbon},
		{Label: "zero-carbon design + 345 t offsets", ResidualTCO2ePerYear: 345, TotalCostPerYear: 694285, OffsetsBoughtTCO2ePerYear: 345, BoughtCostPerYear: 5179, Miss: miss, Stage: dispatch.ZeroCarbon},
	}
	ff, _, err := newFrontierFigure(rows, marks, &FrontierOptions{Currency: "USD"})
	require.NoError(t, err)
	rec := recordFrontier(t, ff)
	d := rec.d
	trX, trY := ff.p.Transforms(&d)
	var lines [][2]vg.Point
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		lines = append(lines, [2]vg.Point{{X: trX(a.ResidualTCO2ePerYear), Y: trY(a.TotalCostPerYear)}, {X: trX(b.ResidualTCO2ePerYear), Y: trY(b.TotalCostPerYear)}})
	}
	z := marks[3]
	lines = append(lines, [2]vg.Point{{X: trX(z.before().X), Y: trY(z.before().Y)}, {X: trX(z.at().X), Y: trY(z.at().Y)}})
	conns := fullSegments(d, ff.p, ff.labels.full)
	radii := markerRadii(d, ff.p, marks)
	obstacles, _ := ff.labels.onCanvas(d, ff.p, radii) // markers, the bought ring, the full-series rings
	require.Len(t, obstacles, len(marks)+1+len(rows))
	placed, _, _ := ff.labels.layout(d, ff.p)
	require.Len(t, placed, len(marks))
	for i, l := range placed {
		name, r := marks[i].Label, l.box
		assert.True(t, r.Min.X >= d.Min.X && r.Max.X <= d.Max.X && r.Min.Y >= d.Min.Y && r.Max.Y <= d.Max.Y, "%s at %v outside the data area %v", name, r, d.Rectangle)
		assert.False(t, segmentsInRect(r, lines), "%s at %v on the line or the bought arrow", name, r)
		assert.False(t, segmentsInRect(r, conns), "%s at %v on a connector", name, r)
		assert.False(t, overlapsAny(r, obstacles), "%s at %v over a marker or ring", name, r)
		for j, o := range placed {
			if j != i {
				assert.GreaterOrEqual(t, rectDistance(r, o.box), labelGap, "%s within %v of %s", name, labelGap, marks[j].Label)
			}
		}
		if l.leader {
			f, to := leaderEnds(l)
			assert.False(t, leaderThrough(f, to, l.at, obstacles), "%s: its leader through a marker or ring", name)
		}
	}
}
