package plots

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
)

// Colour-vision deficiency (CVD) checks of the figures' palettes.
//
// Every pair of colours that can be drawn in one panel must differ by a
// CIE76 ΔE (Euclidean distance in CIELAB, D65 white) of at least
// minDeltaE, as a reader with normal colour vision sees them and as
// readers with deuteranopia, protanopia and tritanopia see them. Those are
// simulated with the matrices of G. M. Machado, M. M. Oliveira and
// L. A. F. Fernandes, "A Physiologically-based Model for Simulation of
// Color Vision Deficiency", IEEE Transactions on Visualization and
// Computer Graphics 15(6):1291–1298, 2009 (doi:10.1109/TVCG.2009.113), at
// severity 1.0 (the complete dichromacies), applied to linear RGB; the
// result is clamped to [0, 1] and encoded back to sRGB, as the paper's
// simulation shows it on a display. ΔE 10 is a difference a reader sees
// at a glance side by side; about 2.3 is the least one can see at all.
// QA K (session 39) found the week's battery discharge #2ca02c and
// unserved load #d62728 at deutan ΔE 7.3, the frontier's "bound missed"
// ring #e04a00 and its low-carbon marker #c07a00 at 2.3.

const minDeltaE = 10

// cvdMatrices are Machado et al. (2009) Table 1's matrices at severity
// 1.0, on linear RGB.
var cvdMatrices = []struct {
	name string
	m    [3][3]float64
}{
	{"deuteranopia", [3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}},
	{"protanopia", [3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}},
	{"tritanopia", [3][3]float64{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}},
}

// linearRGB is c as drawn on white paper (its alpha composited over
// white: the figures' background), in linear sRGB, each channel 0–1.
func linearRGB(c color.Color) [3]float64 {
	r, g, b, a := c.RGBA() // alpha-premultiplied, 0–0xffff
	over := func(v uint32) float64 { return (float64(v) + float64(0xffff-a)) / 0xffff }
	dec := func(v float64) float64 {
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return [3]float64{dec(over(r)), dec(over(g)), dec(over(b))}
}

// simulate applies a CVD matrix to linear RGB; the result, clamped to
// [0, 1], goes back through the sRGB encoding and out again, as the
// paper's simulated image is shown on a display.
func simulate(lin [3]float64, m *[3][3]float64) [3]float64 {
	enc := func(v float64) float64 {
		v = math.Max(0, math.Min(1, v))
		if v <= 0.0031308 {
			return 12.92 * v
		}
		return 1.055*math.Pow(v, 1/2.4) - 0.055
	}
	dec := func(v float64) float64 {
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	var out [3]float64
	for i := range 3 {
		out[i] = dec(enc(m[i][0]*lin[0] + m[i][1]*lin[1] + m[i][2]*lin[2]))
	}
	return out
}

// lab is CIELAB (D65) of linear sRGB.
func lab(lin [3]float64) [3]float64 {
	r, g, b := lin[0], lin[1], lin[2]
	x := (0.4124*r + 0.3576*g + 0.1805*b) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*b
	z := (0.0193*r + 0.1192*g + 0.9505*b) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

// deltaE76 is the CIE76 colour difference of two linear sRGB colours.
func deltaE76(a, b [3]float64) float64 {
	la, lb := lab(a), lab(b)
	return math.Sqrt((la[0]-lb[0])*(la[0]-lb[0]) + (la[1]-lb[1])*(la[1]-lb[1]) + (la[2]-lb[2])*(la[2]-lb[2]))
}

// visions are the ways a pair is checked: as drawn, then each CVD.
func visions() []string {
	v := []string{"normal"}
	for _, m := range cvdMatrices {
		v = append(v, m.name)
	}
	return v
}

// pairDeltaE is a and b's ΔE as drawn and under each CVD, in visions()
// order.
func pairDeltaE(a, b color.Color) []float64 {
	la, lb := linearRGB(a), linearRGB(b)
	out := []float64{deltaE76(la, lb)}
	for _, m := range cvdMatrices {
		out = append(out, deltaE76(simulate(la, &m.m), simulate(lb, &m.m)))
	}
	return out
}

func hexColour(s string) color.NRGBA {
	var c color.NRGBA
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil {
		panic(err)
	}
	c.A = 0xff
	return c
}

// The port agrees with QA K's script (/tmp/s39-qaK/tools/cvd.py, the same
// formulas in Python) on the pairs it reported, to its one decimal.
func TestCVDDeltaEMatchesQAK(t *testing.T) {
	cases := []struct {
		a, b  string
		k     int // index in visions()
		want  float64
		label string
	}{
		{"#2ca02c", "#d62728", 1, 7.3, "battery discharge vs unserved load, deutan"},
		{"#d62728", "#bc6c25", 1, 4.6, "unserved heat vs CHP, deutan"},
		{"#17becf", "#e377c2", 1, 7.6, "heat pumps vs store discharge, deutan"},
		{"#17becf", "#f7b6d2", 2, 6.6, "heat pumps vs store charge, protan"},
		{"#e04a00", "#c07a00", 1, 2.3, "bound missed vs low-carbon marker, deutan"},
		{"#fceec0", "#d4eed0", 2, 10.7, "low-carbon vs near-zero shade, protan"},
	}
	for _, c := range cases {
		got := pairDeltaE(hexColour(c.a), hexColour(c.b))[c.k]
		assert.InDelta(t, c.want, got, 0.051, c.label)
	}
	// White and black stay white and black under every simulation: ΔE 100.
	for k, d := range pairDeltaE(color.White, color.Black) {
		assert.InDelta(t, 100, d, 1e-3, visions()[k])
	}
	// A colour differs from itself by nothing, however seen.
	for _, d := range pairDeltaE(colPV, colPV) {
		assert.Zero(t, d)
	}
}

// swatch is a colour a panel draws and what it shows.
type swatch struct {
	name string
	c    color.Color
}

// panelPalette is the colours one panel of a figure can draw together,
// and the pairs of them exempt from minDeltaE with what else tells them
// apart (a dash, a marker's shape, a hatch).
type panelPalette struct {
	panel    string
	swatches []swatch
	exempt   map[[2]string]string
}

// figurePalettes are the colours drawn together in each panel of every
// figure: the week's power, storage, heat, heat stored, intensity and
// emissions panels (a park with heat and CHP draws every band), the
// frontier's markers and its stage shades, the roadmap's bars, the
// pathway's capacity and cost lines and the sweep's marks.
func figurePalettes() []panelPalette {
	var p []panelPalette
	// DispatchWeek: the power panel (powerPanel, addCurtailed, addLoadLine).
	p = append(p, panelPalette{panel: "week power", swatches: []swatch{
		{"PV", colPV}, {"wind", colWind}, {"battery discharge", colDischarge}, {"CHP", colCHP},
		{"grid import", colImport}, {"unserved load", colUnserved}, {"curtailed", colCurtailed},
		{"battery charge", colCharge}, {"heat pumps, e-boilers", colHeatPump}, {"export", colExport},
		{"load", colLoad},
	}})
	// The stored energy: the total's area and outline, each battery's
	// line (four colours, repeating) and the limits.
	bats := []swatch{{"stored (area)", colSoC}, {"stored (outline)", colDischarge}, {"limit", colLimit}}
	for i := range 4 {
		bats = append(bats, swatch{fmt.Sprintf("battery %d", i+1), batteryColour(i)})
	}
	p = append(p, panelPalette{panel: "week stored energy", swatches: bats, exempt: map[[2]string]string{
		{"stored (area)", "stored (outline)"}: "the outline of the area it edges",
	}})
	// The heat panel (heatPanel).
	p = append(p, panelPalette{panel: "week heat", swatches: []swatch{
		{"heat pumps", colHeatPump}, {"electric boilers", colElectricBoiler}, {"fuel boilers", colFuelBoiler},
		{"CHP heat", colCHP}, {"heat bought", colPurchasedHeat}, {"store discharge", colStoreOut},
		{"unserved heat", colUnserved}, {"store charge", colStoreIn}, {"CHP heat dumped", colCHPDump},
		{"heat load", colLoad},
	}})
	p = append(p, panelPalette{panel: "week heat stored", swatches: []swatch{
		{"stored heat (area)", colStoreSoC}, {"stored heat (outline)", colStoreOut}, {"limit", colLimit},
	}, exempt: map[[2]string]string{
		{"stored heat (area)", "stored heat (outline)"}: "the outline of the area it edges",
	}})
	p = append(p, panelPalette{panel: "week intensity", swatches: []swatch{
		{"accounting factor", colFactor}, {"dispatch signal", colSignal},
	}})
	p = append(p, panelPalette{panel: "week emissions", swatches: []swatch{
		{"grid electricity", colEmission}, {"fuel", colFuelCarbon}, {"heat bought", colHeatCarbon},
	}})

	// FrontierFigure: the markers (each design's in its stage's ink,
	// today's park, the frontier's points and the full-series rings) and
	// the stage regions' shades.
	marks := []swatch{{"today's park", colToday}, {"frontier", colFrontier}, {"bound missed", colFullMissed},
		{"bound held", colFullHeld}, {"ring's connector", colConnector}}
	var shades []swatch
	for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon, dispatch.ZeroCarbon} {
		marks = append(marks, swatch{string(st) + " design", stageColours[st].ink})
		shades = append(shades, swatch{string(st), stageColours[st].shade})
	}
	// The markers are drawn on the shades: each against each shade too
	// (an open ring shows the shade within it).
	onShades := append(append([]swatch(nil), marks...), shades...)
	p = append(p, panelPalette{panel: "frontier markers", swatches: onShades, exempt: map[[2]string]string{
		{"frontier", "bound held"}: "the same ink on purpose: a dot on the frontier, a ring round its full-series point",
	}})
	p = append(p, panelPalette{panel: "frontier shades", swatches: shades})

	// RoadmapFigure: the cost parts, the net marker and a stage out of
	// reach.
	var parts []swatch
	for _, pt := range roadmapParts {
		parts = append(parts, swatch{pt.name, pt.colour})
	}
	parts = append(parts, swatch{"net", colNet}, swatch{"out of reach", colOutOfReach})
	p = append(p, panelPalette{panel: "roadmap bars", swatches: parts})

	// PathwayFigure: a line a technology; the heat side's are dashed.
	var lines []swatch
	ex := map[[2]string]string{}
	for _, a := range pathwayTechs {
		lines = append(lines, swatch{a.name, a.col})
		for _, b := range pathwayTechs {
			if a.name < b.name && pathwayHeatSide(a.unit) != pathwayHeatSide(b.unit) {
				ex[[2]string{a.name, b.name}] = "one line solid, the other dashed (the heat side's)"
			}
		}
	}
	p = append(p, panelPalette{panel: "pathway capacities", swatches: lines, exempt: ex})
	p = append(p, panelPalette{panel: "pathway costs", swatches: []swatch{
		{"the pathway", colWind}, {"today's park kept", colToday}, {"milestone", colEmpty}, {"milestone missed", colWarn},
	}})

	// SweepHeatmap's marks: the stage boundary, the cheapest outline,
	// a cell with no run and one out of reach, drawn on cells coloured
	// from the offsets map (its stops here). The map's colours are
	// not checked against one another: a continuous map, whose
	// neighbouring values are meant to look alike, read on its colour
	// bar and in the value written in each cell.
	marksOn := []swatch{{"stage boundary", colBoundary}, {"cheapest outline", cheapestLine.Color}, {"no run", colNoRun},
		{"out of reach", colOutOfReach}}
	sweepEx := map[[2]string]string{
		{"no run", "out of reach"}: "out of reach is hatched and says \"cannot reach\"; no run says \"no run\"",
	}
	var stops []string
	for _, c := range offsetsStops {
		name := "map " + hexOf(c)
		for _, o := range stops {
			sweepEx[[2]string{o, name}] = "colours of one continuous map"
		}
		for _, cell := range []string{"no run", "out of reach"} {
			sweepEx[[2]string{cell, name}] = "a cell, not a mark: it says \"no run\" or \"cannot reach\" in it"
		}
		stops = append(stops, name)
		marksOn = append(marksOn, swatch{name, c})
	}
	p = append(p, panelPalette{panel: "sweep marks", swatches: marksOn, exempt: sweepEx})
	return p
}

// pathwayHeatSide reports whether a pathway line of unit is the heat
// side's (dashed).
func pathwayHeatSide(unit string) bool { return len(unit) > 3 && unit[len(unit)-3:] == "_th" }

// Every pair of colours a panel draws together stays apart by
// minDeltaE as drawn and under deuteranopia, protanopia and tritanopia,
// but for the pairs exempt with what else tells them apart.
func TestPalettesTellApartUnderCVD(t *testing.T) {
	for _, pp := range figurePalettes() {
		t.Run(pp.panel, func(t *testing.T) {
			for i, a := range pp.swatches {
				for _, b := range pp.swatches[i+1:] {
					if why, ok := pp.exempt[[2]string{a.name, b.name}]; ok {
						t.Logf("%s vs %s exempt: %s", a.name, b.name, why)
						continue
					}
					if why, ok := pp.exempt[[2]string{b.name, a.name}]; ok {
						t.Logf("%s vs %s exempt: %s", a.name, b.name, why)
						continue
					}
					for k, d := range pairDeltaE(a.c, b.c) {
						if d < minDeltaE {
							t.Errorf("%s %v vs %s %v: ΔE %.1f < %d under %s", a.name, hexOf(a.c), b.name, hexOf(b.c), d, minDeltaE, visions()[k])
						}
					}
				}
			}
		})
	}
}

func hexOf(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	if n.A == 0xff {
		return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", n.R, n.G, n.B, n.A)
}
