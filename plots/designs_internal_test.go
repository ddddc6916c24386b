package plots

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

func ptr(v float64) *float64 { return &v }

// unitsRoadmap is a roadmap whose designs add wind in 500 kW turbines
// and battery in 1,000 kWh / 500 kW blocks, whose zero-carbon design buys
// 350 tCO2e of offsets at 15 a tonne (5,250) and 40 MWh of certificates
// at 50 (2,000), and whose near-zero design's schedule was settled. By
// hand, zero-carbon: total 1,000,000 + 150,000 + 260,000 + 5,250 + 2,000
// = 1,417,250; net residual 350 − 350 = 0; before buying 1,410,000.
func unitsRoadmap() *results.Roadmap {
	settled := "the plan charged and discharged a battery at once in 3 intervals, the first 2012-03-04T05:00:00Z (interval 1517), burning power in the round trip's losses; no battery can, so the schedule is settled from there on and every figure is the settled one's"
	added := results.Capacities{PVKWp: 4500, WindKW: 1500, BatteryKWh: 2000, BatteryKW: 1000}
	units := results.UnitCounts{Wind: ptr(3), BatteryEnergy: ptr(2), BatteryPower: ptr(2)}
	return &results.Roadmap{Park: "units park", Currency: "USD", Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.LowCarbon, OperatingCostPerYear: 670_000, TotalCostPerYear: 670_000,
			ResidualTCO2ePerYear: 4400, NetResidualTCO2ePerYear: 4400},
		{Target: "low-carbon", Stage: dispatch.LowCarbon, Added: results.Capacities{WindKW: 500}, AddedUnits: results.UnitCounts{Wind: ptr(1)},
			CapitalPerYear: 100_000, FixedOMPerYear: 15_000, OperatingCostPerYear: 548_000, TotalCostPerYear: 663_000,
			ResidualTCO2ePerYear: 3600, NetResidualTCO2ePerYear: 3600},
		{Target: "near-zero-carbon", Stage: dispatch.NearZeroCarbon, Added: added, AddedUnits: units,
			CapitalPerYear: 1_000_000, FixedOMPerYear: 150_000, OperatingCostPerYear: 260_000, TotalCostPerYear: 1_410_000,
			ResidualTCO2ePerYear: 350, NetResidualTCO2ePerYear: 350, Warnings: []string{settled}},
		{Target: "zero-carbon", Stage: dispatch.ZeroCarbon, Added: added, AddedUnits: units,
			CapitalPerYear: 1_000_000, FixedOMPerYear: 150_000, OperatingCostPerYear: 260_000,
			OffsetsBoughtTCO2ePerYear: 350, OffsetCostPerYear: 5250, CertificatesBoughtMWhPerYear: 40, CertificateCostPerYear: 2000,
			TotalCostPerYear: 1_417_250, ResidualTCO2ePerYear: 350, NetResidualTCO2ePerYear: 0},
	}}
}

// unitsFrontier is a frontier through the roadmap's designs, its point
// 1 settled.
func unitsFrontier() []results.FrontierRow {
	return []results.FrontierRow{
		{Point: 0, ResidualTCO2ePerYear: 3600, TotalCostPerYear: 663_000, Stage: dispatch.LowCarbon},
		{Point: 1, ResidualTCO2ePerYear: 1800, TotalCostPerYear: 700_000, Stage: dispatch.LowCarbon, Warnings: []string{"settled from interval 7"}},
		{Point: 2, ResidualTCO2ePerYear: 350, TotalCostPerYear: 1_410_000, Stage: dispatch.NearZeroCarbon},
		{Point: 3, ResidualTCO2ePerYear: 0, TotalCostPerYear: 3_000_000, Stage: dispatch.NearZeroCarbon},
	}
}

// Each marker sits where the roadmap's table puts the design: at its net
// residual (the file's own net_residual column, not recomputed) and its
// total cost; a design that buys is drawn before buying too, at its
// residual and its capital + O&M + operating (the frontier's terms).
func TestFrontierMarkersFromRoadmap(t *testing.T) {
	rm := unitsRoadmap()
	marks := FrontierMarkers(rm)
	require.Len(t, marks, len(rm.Rows))
	for i, m := range marks {
		r := rm.Rows[i]
		assert.InDelta(t, r.NetResidualTCO2ePerYear, m.at().X, 1e-9, r.Target)
		assert.InDelta(t, r.TotalCostPerYear, m.at().Y, 1e-9, r.Target)
		assert.Equal(t, r.OffsetsBoughtTCO2ePerYear > 0 || r.CertificatesBoughtMWhPerYear > 0, m.buys(), r.Target)
		if m.buys() {
			assert.InDelta(t, r.ResidualTCO2ePerYear, m.before().X, 1e-9, r.Target)
			assert.InDelta(t, r.CapitalPerYear+r.FixedOMPerYear+r.OperatingCostPerYear, m.before().Y, 1e-9, r.Target)
		}
	}
	zero := marks[3]
	assert.Equal(t, plotter.XY{X: 0, Y: 1_417_250}, zero.at())
	assert.Equal(t, plotter.XY{X: 350, Y: 1_410_000}, zero.before())
	// The zero-carbon design before buying is the near-zero design.
	assert.Equal(t, marks[2].at(), zero.before())

	assert.Equal(t, "low-carbon design\n1 × 500 kW wind", marks[1].text())
	assert.Equal(t, "zero-carbon design + 350 t offsets + 40 MWh certificates\n3 × 500 kW wind, 2 × 1,000 kWh / 500 kW battery", marks[3].text())
	assert.Equal(t, "near-zero-carbon design !\n3 × 500 kW wind, 2 × 1,000 kWh / 500 kW battery", marks[2].text())
	assert.Equal(t, "today's park", marks[0].text())
}

// UnitLines: count × (added ÷ count), per technology counted.
func TestUnitLines(t *testing.T) {
	cases := []struct {
		name  string
		added results.Capacities
		units results.UnitCounts
		want  []string
	}{
		{"nothing counted", results.Capacities{PVKWp: 100, WindKW: 500}, results.UnitCounts{}, nil},
		{"turbines", results.Capacities{PVKWp: 100, WindKW: 1500}, results.UnitCounts{Wind: ptr(3)}, []string{"3 × 500 kW wind"}},
		{"counted, none added", results.Capacities{}, results.UnitCounts{Wind: ptr(0)}, nil},
		{"battery blocks", results.Capacities{BatteryKWh: 3000, BatteryKW: 1500}, results.UnitCounts{BatteryEnergy: ptr(3), BatteryPower: ptr(3)},
			[]string{"3 × 1,000 kWh / 500 kW battery"}},
		{"battery energy and power apart", results.Capacities{BatteryKWh: 3000, BatteryKW: 1000}, results.UnitCounts{BatteryEnergy: ptr(3), BatteryPower: ptr(4)},
			[]string{"3 × 1,000 kWh battery energy", "4 × 250 kW battery power"}},
		{"heat", results.Capacities{HeatPumpKWTh: 600, ThermalStorageKWhTh: 2000, ElectricBoilerKWTh: 7.5},
			results.UnitCounts{HeatPump: ptr(2), ThermalStorage: ptr(1), ElectricBoiler: ptr(3)},
			[]string{"2 × 300 kW_th heat pump", "1 × 2,000 kWh_th heat store", "3 × 2.5 kW_th electric boiler"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, UnitLines(c.added, c.units))
		})
	}
	// The bars' lines say the same with the "+".
	assert.Equal(t, []string{"+100 kWp PV", "+3 × 500 kW wind", "+3 × 1,000 kWh / 250 kW battery"},
		addedLines(results.Capacities{PVKWp: 100, WindKW: 1500, BatteryKWh: 3000, BatteryKW: 750},
			results.UnitCounts{Wind: ptr(3), BatteryEnergy: ptr(3), BatteryPower: ptr(3)}))
	assert.Equal(t, []string{"+3 × 1,000 kWh / 750 kW battery"},
		addedLines(results.Capacities{BatteryKWh: 3000, BatteryKW: 750}, results.UnitCounts{BatteryEnergy: ptr(3)}))
	// A large park's in MWh and MW (GWh, GW), as narrow as a small one's.
	assert.Equal(t, []string{"+150 MWp PV", "+3,611 MWh / 643 MW battery"},
		addedLines(results.Capacities{BatteryKWh: 3611425, BatteryKW: 643419, PVKWp: 150000}, results.UnitCounts{}))
	assert.Equal(t, []string{"+99,999 kW_th heat pump"},
		addedLines(results.Capacities{HeatPumpKWTh: 99999}, results.UnitCounts{}), "below 100,000: as it was")
	assert.Equal(t, []string{"+250 GWh_th heat store"},
		addedLines(results.Capacities{ThermalStorageKWhTh: 2.5e8}, results.UnitCounts{}))
	// Energy or power alone: no "/ 0.0 kW".
	assert.Equal(t, []string{"+398 kWh battery energy"}, addedLines(results.Capacities{BatteryKWh: 398}, results.UnitCounts{}))
	assert.Equal(t, []string{"+250 kW battery power"}, addedLines(results.Capacities{BatteryKW: 250}, results.UnitCounts{}))
	assert.Equal(t, []string{"+2 × 500 kWh battery energy"},
		addedLines(results.Capacities{BatteryKWh: 1000}, results.UnitCounts{BatteryEnergy: ptr(2)}))
}

// A design with warnings carries "!" on the figure and a footnote saying
// each warning, on the frontier and on the roadmap's bars; a design
// without carries neither.
func TestWarningsShownOnFigures(t *testing.T) {
	rm := unitsRoadmap()
	svgText := func(fig *Figure) string {
		var b bytes.Buffer
		_, err := fig.WriteTo(&b, SVG)
		require.NoError(t, err)
		return b.String()
	}
	fig, err := CostCarbonFrontier(unitsFrontier(), FrontierMarkers(rm), &FrontierOptions{Currency: "USD"})
	require.NoError(t, err)
	s := svgText(fig)
	assert.Contains(t, s, "! near-zero-carbon design: the plan charged and discharged a battery")
	assert.Contains(t, s, "! frontier point 1: settled from interval 7")
	assert.NotContains(t, s, "! zero-carbon design:")
	assert.Contains(t, s, "3 × 500 kW wind, 2 × 1,000 kWh / 500 kW battery")
	assert.Contains(t, s, legendBought)

	fig, err = RoadmapCosts(rm, nil)
	require.NoError(t, err)
	s = svgText(fig)
	assert.Contains(t, s, ">near-zero-carbon !<")
	assert.Contains(t, s, "! near-zero-carbon: the plan charged and discharged a battery")
	assert.Contains(t, s, ">zero-carbon<", "no warning, no mark")
	assert.Contains(t, s, "+3 × 500 kW wind")
	assert.Contains(t, s, "+1 × 500 kW wind")

	bars, err := RoadmapBars(rm)
	require.NoError(t, err)
	for i, b := range bars {
		assert.Equal(t, rm.Rows[i].Warnings, b.Warnings, b.Target)
	}
}

// Footnotes wrap to the width and stop at maxFootnoteLines, the last
// counting the warnings left out.
func TestFootnoteLines(t *testing.T) {
	long := strings.Repeat("word ", 60)
	w := vg.Points(300)
	sty := footnoteStyle()
	wrapped := wrapText(sty, long, w, footnoteHang)
	require.Greater(t, len(wrapped), 1)
	for _, l := range wrapped {
		assert.LessOrEqual(t, sty.Width(l), w, l)
	}
	assert.Equal(t, strings.Fields(long), strings.Fields(strings.Join(wrapped, " ")), "no word lost")

	var notes designNotes
	for i := range 10 {
		notes.add(fmt.Sprintf("design %d", i), []string{"short"})
	}
	lines := footnoteLines(notes, w)
	require.Len(t, lines, maxFootnoteLines)
	assert.Equal(t, "! design 0: short", lines[0])
	// Five shown, five counted.
	assert.Equal(t, "! … and 5 more warning(s): see the tables", lines[maxFootnoteLines-1])
	assert.Len(t, footnoteLines(notes[:maxFootnoteLines], w), maxFootnoteLines, "all fit: none counted")
	assert.Equal(t, "! design 5: short", footnoteLines(notes[:maxFootnoteLines], w)[maxFootnoteLines-1])
}

// With units and "+ offsets" on the labels and a design drawn before and
// after it buys, every label stays inside the data area, clear of the
// other labels, of every marker and of the ring before buying.
func TestFrontierUnitLabelsClear(t *testing.T) {
	marks := FrontierMarkers(unitsRoadmap())
	ff, o, err := newFrontierFigure(unitsFrontier(), marks, &FrontierOptions{Currency: "USD"})
	require.NoError(t, err)
	img, pc := render(t, ff, o.WidthIn, o.HeightIn, o.DPI)
	d := ff.p.DataCanvas(pc)
	placed, taken, _ := ff.labels.place(d, ff.p)
	require.Len(t, placed, len(marks))
	// taken: the markers' boxes, the ring of the one design that buys,
	// then the labels.
	require.Len(t, taken, len(marks)+1+len(marks))
	obstacles := taken[:len(marks)+1]
	for i, r := range placed {
		assert.True(t, r.Min.X >= d.Min.X && r.Max.X <= d.Max.X && r.Min.Y >= d.Min.Y && r.Max.Y <= d.Max.Y, "%s: label %v outside %v", marks[i].Label, r, d.Rectangle)
		assert.False(t, overlapsAny(r, obstacles), "%s: label over a marker", marks[i].Label)
		for j, q := range placed[:i] {
			assert.False(t, overlapsAny(r, []vg.Rectangle{q}), "labels of %s and %s overlap", marks[i].Label, marks[j].Label)
		}
	}
	// The zero-carbon marker is left of the near-zero one by the offsets
	// bought (350 t), at the same height but for what it pays (7,250).
	trX, trY := ff.p.Transforms(&d)
	assert.InDelta(t, float64(trX(0)), float64(trX(marks[3].at().X)), 1e-9)
	assert.InDelta(t, float64(trX(350)-trX(0)), float64(trX(marks[2].at().X)-trX(marks[3].at().X)), 1e-6)
	assert.InDelta(t, float64(trY(1_417_250)-trY(1_410_000)), float64(trY(marks[3].at().Y)-trY(marks[2].at().Y)), 1e-6)
	// The image agrees: zero-carbon's ink at its net residual, and the
	// arrow's ink halfway to the near-zero design.
	at := pixel(img, vg.Point{X: trX(0), Y: trY(1_417_250)}, o.DPI)
	assert.True(t, same(markerInk(dispatch.ZeroCarbon), img.At(at.X, at.Y+1)), "zero-carbon marker: %v", img.At(at.X, at.Y+1))
	ink := 0
	mid := pixel(img, vg.Point{X: trX(175), Y: trY(1_413_625)}, o.DPI)
	for dx := -6; dx <= 6; dx++ {
		for dy := -1; dy <= 1; dy++ {
			if same(markerInk(dispatch.ZeroCarbon), img.At(mid.X+dx, mid.Y+dy)) {
				ink++
			}
		}
	}
	assert.Positive(t, ink, "the dotted arrow between the two designs")
}
