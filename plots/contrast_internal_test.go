package plots

import (
	"image/color"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/plotter"
)

// Text on a cell is white when white contrasts more with the fill than
// black does (WCAG 2). The expected luminances are worked by hand from
// the sRGB formula: a grey of byte value n has L = ((n/255 + 0.055) /
// 1.055)^2.4 for n/255 > 0.04045, and white and black ink contrast
// equally at L = √(1.05 × 0.05) − 0.05 ≈ 0.1791.
func TestInkOn(t *testing.T) {
	grey := func(n uint8) color.Color { return color.NRGBA{R: n, G: n, B: n, A: 0xff} }
	cases := []struct {
		name string
		fill color.Color
		// wantL is the fill's relative luminance by hand.
		wantL float64
		want  color.Color
	}{
		{"black", color.Black, 0, color.White},
		{"white", color.White, 1, color.Black},
		// The offsets palette's dark end: 0.2126·0.2159 + 0.0722·0.0194.
		{"dark red #800026 (palette's dark end)", color.NRGBA{R: 0x80, G: 0x00, B: 0x26, A: 0xff}, 0.04730, color.White},
		// 0.2126·0.7681 + 0.7152·0.01033 + 0.0722·0.01096.
		{"red #e31a1c", color.NRGBA{R: 0xe3, G: 0x1a, B: 0x1c, A: 0xff}, 0.17150, color.White},
		// 0.2126·0.002428 + 0.7152·0.02956 + 0.0722·0.1470.
		{"dark blue #08306b", color.NRGBA{R: 0x08, G: 0x30, B: 0x6b, A: 0xff}, 0.0329, color.White},
		{"mid grey #808080", grey(0x80), 0.21586, color.Black},
		// Either side of the crossover, where the old rule (Rec. 709
		// weights on gamma-encoded values, < 0.45) put black on both.
		{"grey #747474, just darker than the crossover", grey(0x74), 0.17464, color.White},
		{"grey #777777, just lighter", grey(0x77), 0.18447, color.Black},
		{"orange #fd8d3c", color.NRGBA{R: 0xfd, G: 0x8d, B: 0x3c, A: 0xff}, 0.4017, color.Black},
		// 0.2126 + 0.7152 + 0.0722·0.6038.
		{"pale yellow #ffffcc (palette's pale end)", color.NRGBA{R: 0xff, G: 0xff, B: 0xcc, A: 0xff}, 0.97139, color.Black},
		{"no-run grey #eeeeee", grey(0xee), 0.85499, color.Black},
		// Black at alpha 0x80 over white paper is grey 0x7f (1 − 128/255).
		{"half-transparent black", color.NRGBA{A: 0x80}, 0.21214, color.Black},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.InDelta(t, c.wantL, relativeLuminance(c.fill), 2e-3, "relative luminance")
			assert.Equal(t, c.want, inkOn(c.fill))
		})
	}
}

// Over every colour the offsets map draws, the ink chosen contrasts
// with the fill at least as much as the other would, and the contrast
// ratio runs from 1 (same colour) to 21 (white on black).
func TestInkOnPaletteContrast(t *testing.T) {
	assert.InDelta(t, 21, contrastRatio(relativeLuminance(color.White), relativeLuminance(color.Black)), 1e-9)
	assert.InDelta(t, 1, contrastRatio(0.3, 0.3), 1e-12)
	cm, err := offsetsColours(0, 1)
	require.NoError(t, err)
	pal := cm.Palette(256).Colors()
	whites := 0
	for k, fill := range pal {
		l := relativeLuminance(fill)
		chosen, other := contrastRatio(l, relativeLuminance(inkOn(fill))), 0.0
		if inkOn(fill) == color.White {
			whites++
			other = contrastRatio(l, 0)
		} else {
			other = contrastRatio(l, 1)
		}
		assert.GreaterOrEqual(t, chosen, other, "palette colour %d %v", k, fill)
	}
	// The map runs from pale to dark, so some of each.
	assert.Positive(t, whites)
	assert.Less(t, whites, len(pal))
	assert.Equal(t, color.Black, inkOn(pal[0]), "pale end")
	assert.Equal(t, color.White, inkOn(pal[len(pal)-1]), "dark end")
}

// A cell's fill is the palette colour plotter.HeatMap draws, even where
// asking the colour map fails: with offsets from 0.1 to 0.7 the reversed
// map computes 0.7 − (0.7 − 0.1) = 0.09999999999999998 < 0.1 for the
// largest, and its text came out black on dark red.
func TestCellFillAtRangeEnds(t *testing.T) {
	const lo, hi = 0.1, 0.7
	cm, err := offsetsColours(lo, hi)
	require.NoError(t, err)
	_, err = cm.At(hi)
	require.Error(t, err, "the case this test is about: the colour map refuses its own maximum")
	hm := plotter.NewHeatMap(cells{costCells(lo, hi)}, cm.Palette(256))
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.NRGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}
	m := &cellMarks{hm: hm}
	pal := hm.Palette.Colors()
	assert.Equal(t, pal[len(pal)-1], m.fill(hi))
	assert.Equal(t, pal[0], m.fill(lo))
	assert.Equal(t, pal[128], m.fill((lo+hi)/2), "the middle rounds to colour 127.5 → 128")
	assert.Equal(t, hm.NaN, m.fill(math.NaN()))
	assert.Equal(t, color.White, inkOn(m.fill(hi)), "dark red's text")
	assert.Equal(t, color.Black, inkOn(m.fill(lo)), "pale yellow's text")

	// Where plotter.HeatMap would draw no palette colour, neither does
	// fill: one value everywhere (a range of zero width; colourRange
	// widens it before it gets here) is hm.NaN, a value outside the
	// range hm.Underflow or hm.Overflow, nil here (the paper: black ink).
	assert.Nil(t, m.fill(hi+1))
	assert.Nil(t, m.fill(lo-1))
	assert.Equal(t, color.Black, inkOn(nil))
	hm.Min, hm.Max = 1, 1
	assert.Equal(t, hm.NaN, m.fill(1))
}
