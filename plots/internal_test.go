package plots

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/plot/vg"

	"github.com/zeropark/zeropark/dispatch"
)

// Every number on the heat map has three significant figures, trailing
// zeros kept (plots QA: "1.4M" beside "1.42M", "0.38" beside "0.447",
// "6811" beside "354", the cheapest label's "1M" for 1,002,461).
func TestFormatSig3(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {90, "90.0"}, {31.25, "31.3"}, {1234.4, "1.23k"}, {0.01234, "0.0123"}, {-5.5, "-5.50"}, {100, "100"},
		{0.38, "0.380"}, {0.447, "0.447"}, {6811, "6.81k"}, {353.7, "354"}, {1_400_000, "1.40M"}, {1_420_000, "1.42M"},
		{1_002_461, "1.00M"}, {1_070_000, "1.07M"}, {656_845, "657k"}, {999.7, "1.00k"}, {999_700, "1.00M"}, {9_996, "10.0k"},
		{2.5e9, "2.50G"}, {-1_234_567, "-1.23M"},
	} {
		assert.Equal(t, c.want, formatSig3(c.v), "%v", c.v)
		assert.Equal(t, c.want, formatCell("offsets_needed_tco2e", c.v), "offsets %v", c.v)
		assert.Equal(t, c.want, formatCell("total_cost_per_year", c.v), "cost %v", c.v)
	}
}

func TestCleanTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		labels []string
	}{
		{-1600, 3800, []string{"-1000", "0", "1000", "2000", "3000"}},
		{0, 2600, []string{"0", "500", "1000", "1500", "2000", "2500"}},
		{0.48, 1.12, []string{"0.6", "0.8", "1.0"}},
		{450000, 2100000, []string{"500,000", "1,000,000", "1,500,000", "2,000,000"}},
		{-25000, 12000, []string{"-20,000", "-10,000", "0", "10,000"}},
		// Bug fix (F11): one style on an axis, not "6000 8000 10,000 12,000".
		{5500, 13000, []string{"6,000", "8,000", "10,000", "12,000"}},
	} {
		var got []string
		for _, tk := range (cleanTicks{}).Ticks(c.lo, c.hi) {
			assert.True(t, tk.Value >= c.lo && tk.Value <= c.hi, "tick %v outside [%v, %v]", tk.Value, c.lo, c.hi)
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		assert.Equal(t, c.labels, got)
	}
	for _, c := range []struct {
		v      float64
		digits int
		want   string
	}{{12345, 0, "12,345"}, {-1234567.25, 2, "-1,234,567.25"}, {9999, 0, "9999"}, {9999.96, 1, "10,000.0"}, {100000, 0, "100,000"}, {0.5, 1, "0.5"}} {
		assert.Equal(t, c.want, groupThousands(c.v, c.digits), c.v)
	}
	// grouped: thousands separators from 1,000 up whatever the axis.
	var grouped []string
	for _, tk := range (cleanTicks{grouped: true}).Ticks(500, 4200) {
		if tk.Label != "" {
			grouped = append(grouped, tk.Label)
		}
	}
	assert.Equal(t, []string{"1,000", "2,000", "3,000", "4,000"}, grouped)
	// Degenerate ranges give one tick or none, never a panic.
	assert.Equal(t, "1", (cleanTicks{}).Ticks(1, 1)[0].Label)
	assert.Len(t, (cleanTicks{}).Ticks(0, math.Inf(1)), 1)
	assert.Empty(t, (cleanTicks{}).Ticks(math.NaN(), 1))
}

func TestDayTicks(t *testing.T) {
	loc := time.FixedZone("", -6*3600)
	start := time.Date(2023, 6, 1, 0, 0, 0, 0, loc)
	ticks := dayTicks{loc: loc, label: 1}.Ticks(float64(start.Unix()), float64(start.Add(48*time.Hour).Unix()))
	assert.Len(t, ticks, 9) // every 6 h over two days, both ends
	labelled := 0
	for _, tk := range ticks {
		if tk.Label != "" {
			labelled++
			assert.Equal(t, 0, time.Unix(int64(tk.Value), 0).In(loc).Hour(), "labels at local midnight")
		}
	}
	assert.Equal(t, 3, labelled)
}

// colourRange gives every range that can be coloured some width, contains
// the values, and keeps non-negative offsets non-negative.
func TestColourRange(t *testing.T) {
	for _, c := range []struct {
		name   string
		lo, hi float64
		wantLo float64 // NaN: only the properties are checked
		wantHi float64
	}{
		{"ordinary range kept", 10, 250, 10, 250},
		{"one value widened by 0.5", 7, 7, 6.5, 7.5},
		{"zero starts at zero", 0, 0, 0, 1},
		{"small value starts at zero", 0.2, 0.2, 0, 1},
		{"negative widened both ways", -3, -3, -3.5, -2.5},
		{"large value widened by 1 %", 1e20, 1e20, 0.99e20, 1.01e20},
		{"equal to float precision", 1e15, 1e15 + 0.25, math.NaN(), math.NaN()},
		{"subnormal width", 0, 5e-324, 0, 1},
		{"largest float", math.MaxFloat64, math.MaxFloat64, math.NaN(), math.NaN()},
		{"most negative float", -math.MaxFloat64, -math.MaxFloat64, math.NaN(), math.NaN()},
	} {
		t.Run(c.name, func(t *testing.T) {
			lo, hi, err := colourRange(c.lo, c.hi)
			if !assert.NoError(t, err) {
				return
			}
			assert.Less(t, lo, hi, "a width to colour")
			assert.False(t, math.IsInf(lo, 0) || math.IsInf(hi, 0), "finite: [%g, %g]", lo, hi)
			assert.LessOrEqual(t, lo, c.lo, "contains the values")
			assert.GreaterOrEqual(t, hi, c.hi, "contains the values")
			if c.lo >= 0 {
				assert.GreaterOrEqual(t, lo, 0.0)
			}
			// moreland needs max > min after float rounding of the range.
			assert.Greater(t, hi-lo, 1e-9*math.Max(1, math.Abs(lo/2+hi/2)))
			if !math.IsNaN(c.wantLo) {
				assert.InDelta(t, c.wantLo, lo, 1e-9*math.Max(1, math.Abs(c.wantLo)))
				assert.InDelta(t, c.wantHi, hi, 1e-9*math.Max(1, math.Abs(c.wantHi)))
			}
		})
	}
	_, _, err := colourRange(-math.MaxFloat64, math.MaxFloat64)
	assert.ErrorIs(t, err, ErrInput, "too wide for float64")
}

// The cheapest cell's label stays clear of the outline's dashes and
// within the room given, or is left out.
func TestCheapestLabel(t *testing.T) {
	assert.GreaterOrEqual(t, cheapestInset, cheapestLine.Width/2+vg.Points(1), "label clear of the dashes")
	sty := textStyle(10)
	stages := []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon}
	lh := sty.FontExtents().Height
	for _, c := range []struct {
		name string
		w, h vg.Length
		want []string
	}{
		{"wide", vg.Points(1000), vg.Points(100), []string{"cheapest for any stage, low-carbon, near-zero-carbon"}},
		{"wrapped", sty.Width("cheapest for any stage,"), 3 * lh, []string{"cheapest for any stage,", "low-carbon,", "near-zero-carbon"}},
		{"too low", sty.Width("cheapest for any stage,"), 3*lh - 1, nil},
		{"too narrow", sty.Width("near-zero-carbon") - 1, vg.Points(1000), nil},
	} {
		c := c
		t.Run(c.name, func(t *testing.T) {
			got := cheapestLabel(sty, false, stages, nil, "", c.w, c.h)
			assert.Equal(t, c.want, got)
			for _, l := range got {
				assert.LessOrEqual(t, sty.Width(l), c.w, l)
			}
			assert.LessOrEqual(t, vg.Length(len(got))*lh, c.h)
		})
	}
	// The cheapest of a slice only says so (F1).
	assert.Equal(t, []string{"cheapest in slice for any stage, low-carbon, near-zero-carbon"},
		cheapestLabel(sty, true, stages, nil, "", vg.Points(1000), vg.Points(100)))
	// Each stage with its cost a year, the figure the cell was chosen on,
	// in three significant figures.
	assert.Equal(t, []string{"cheapest for any stage at 2.27M,", "low-carbon at 2.33M,", "near-zero-carbon at 812k"},
		cheapestLabel(sty, false, stages, []float64{2268657, 2330812, 812345}, "", sty.Width("cheapest for any stage at 2.27M,"), 3*lh))
	// plots QA (Greensboro, --colour total_cost_per_year): the cell shows
	// its total, 1.07M, and is the cheapest for conventional (any stage)
	// and low-carbon at their cost, 1,002,461 — "at 1M" read as the 1.07M
	// rounded, "conventional" as the cell's stage. Stages at one cost
	// share it, the label quotes it as the cell would, and says the cell's
	// other figure is the total with purchases.
	wide := vg.Points(1000)
	assert.Equal(t, []string{"cheapest for any stage and low-carbon at 1.00M (shown: 1.07M with purchases)"},
		cheapestLabel(sty, false, stages[:2], []float64{1_002_461, 1_002_461}, formatSig3(1_070_000), wide, wide))
	assert.Equal(t, []string{"cheapest for any stage, low-carbon and near-zero-carbon at 1.07M"},
		cheapestLabel(sty, false, stages, []float64{1_070_000, 1_070_000, 1_070_000}, formatSig3(1_070_000), wide, wide))
}

// A cell that is the whole sweep's cheapest for some stages and the
// slice's only for others says which is which.
func TestSplitCheapestLabel(t *testing.T) {
	sty := textStyle(10)
	lh := sty.FontExtents().Height
	stages := []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon, dispatch.ZeroCarbon}
	costs := []float64{1_000_000, 1_000_000, 1_000_000, 1_010_000}
	got := splitCheapestLabel(sty, []bool{false, false, true, true}, stages, costs, "", vg.Points(2000), vg.Points(200), lh)
	assert.Equal(t, "cheapest for near-zero-carbon at 1.00M, zero-carbon at 1.01M cheapest in slice for any stage and low-carbon at 1.00M",
		strings.Join(got, " "))
	// All of one kind: as cheapestLabel.
	assert.Equal(t, cheapestLabel(sty, true, stages, costs, "", vg.Points(2000), vg.Points(200)),
		splitCheapestLabel(sty, []bool{false, false, false, false}, stages, costs, "", vg.Points(2000), vg.Points(200), lh))
	assert.Nil(t, splitCheapestLabel(sty, []bool{false, false, true, true}, stages, costs, "", vg.Points(2000), lh, lh), "two lines in one's room")
}
