package plots_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plots"
)

// grid5 is a 5 × 5 sweep over battery energy and PV capacity whose
// offsets fall with both, staged by thresholds; one combination missing.
func grid5() []plots.SweepPoint {
	var rows []plots.SweepPoint
	for i, e := range []float64{0, 1000, 2000, 4000, 8000} {
		for j, pv := range []float64{0, 500, 1000, 2000, 3000} {
			if i == 4 && j == 0 {
				continue
			}
			off := max(900-60*float64(i)-250*float64(j), 0)
			st := "conventional"
			switch {
			case off == 0:
				st = "zero-carbon"
			case off < 200:
				st = "near-zero-carbon"
			case off < 700:
				st = "low-carbon"
			}
			rows = append(rows, plots.SweepPoint{
				Params:             map[string]float64{"battery.energy_kwh": e, "pv.capacity_kwp": pv},
				OffsetsNeededTCO2e: off, Stage: st, Policy: "mpc"})
		}
	}
	return rows
}

func TestSweepHeatmapFiles(t *testing.T) {
	dir := t.TempDir()
	rows := grid5()
	png := filepath.Join(dir, "heat.png")
	require.NoError(t, plots.SaveSweepHeatmap(png, rows, "battery.energy_kwh", "pv.capacity_kwp", nil))
	checkPNG(t, readFile(t, png), 1000, 800)
	if out := os.Getenv("ZEROPARK_PLOT_SAMPLES"); out != "" {
		require.NoError(t, os.WriteFile(filepath.Join(out, "plots_heat.png"), readFile(t, png), 0o644))
	}

	svg := filepath.Join(dir, "heat.svg")
	require.NoError(t, plots.SaveSweepHeatmap(svg, rows, "battery.energy_kwh", "pv.capacity_kwp",
		&plots.HeatmapOptions{WidthIn: 8, HeightIn: 6}))
	root, paths, text := svgInfo(t, readFile(t, svg))
	assert.Equal(t, "svg", root)
	assert.Greater(t, paths, 24, "one path per cell at least")
	for _, want := range []string{"offsets needed (tCO2e)", "battery.energy_kwh (kWh)", "pv.capacity_kwp (kWp)",
		"Z  zero-carbon", "N  near-zero-carbon", "L  low-carbon", "C  conventional", "stage boundary",
		"no run", "8000", "3000", "900", "150"} {
		assert.Contains(t, text, want)
	}
	// 24 cells: 24 stage letters.
	letters := 0
	for _, l := range strings.Split(text, "\n") {
		if l == "Z" || l == "N" || l == "L" || l == "C" {
			letters++
		}
	}
	assert.Equal(t, 24, letters)
}

// One row, one value: still a picture (the colour scale gets a width).
func TestSweepHeatmapSingleValue(t *testing.T) {
	rows := []plots.SweepPoint{
		{Params: map[string]float64{"a.x_kw": 1, "b.y_kw": 2}, OffsetsNeededTCO2e: 0, Stage: "zero-carbon"},
	}
	f, err := plots.SweepHeatmap(rows, "a.x_kw", "b.y_kw", nil)
	require.NoError(t, err)
	var sb strings.Builder
	_, err = f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	assert.Contains(t, sb.String(), "a.x_kw (kW)")
}

// Every cell equal, or equal to float precision: the map draws (the colour
// scale is widened) at any magnitude, in both formats.
func TestSweepHeatmapDegenerateRange(t *testing.T) {
	for _, c := range []struct {
		name   string
		values []float64
	}{
		{"all zero", []float64{0, 0, 0, 0}},
		{"all equal", []float64{42, 42, 42, 42}},
		{"all equal and huge", []float64{1e20, 1e20, 1e20, 1e20}},
		{"one cell huge", []float64{3e300}},
		{"equal to float precision", []float64{1e15, 1e15 + 0.25, 1e15, 1e15 + 0.25}},
		{"subnormal spread", []float64{0, 5e-324, 0, 5e-324}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rows []plots.SweepPoint
			for i, v := range c.values {
				rows = append(rows, plots.SweepPoint{Params: map[string]float64{"a.x_kw": float64(i % 2), "b.y_kw": float64(i / 2)},
					OffsetsNeededTCO2e: v, Stage: "low-carbon"})
			}
			dir := t.TempDir()
			svg := filepath.Join(dir, "h.svg")
			require.NoError(t, plots.SaveSweepHeatmap(svg, rows, "a.x_kw", "b.y_kw", nil))
			_, _, text := svgInfo(t, readFile(t, svg))
			letters := 0
			for _, l := range strings.Split(text, "\n") {
				if l == "L" {
					letters++
				}
			}
			assert.Equal(t, len(c.values), letters, "one stage letter per cell")
			png := filepath.Join(dir, "h.png")
			require.NoError(t, plots.SaveSweepHeatmap(png, rows, "a.x_kw", "b.y_kw", nil))
			checkPNG(t, readFile(t, png), 1000, 800)
		})
	}
}

func TestSweepHeatmapErrors(t *testing.T) {
	three := func() []plots.SweepPoint {
		var rows []plots.SweepPoint
		for _, x := range []float64{1, 2} {
			for _, y := range []float64{1, 2} {
				for _, z := range []float64{10, 20} {
					rows = append(rows, plots.SweepPoint{Params: map[string]float64{"a.x": x, "b.y": y, "c.z": z},
						OffsetsNeededTCO2e: x + y + z, Stage: "low-carbon"})
				}
			}
		}
		return rows
	}
	twoPolicies := grid5()
	twoPolicies[3].Policy = "perfect"
	dup := grid5()
	dup = append(dup, dup[0])
	noY := grid5()
	delete(noY[2].Params, "pv.capacity_kwp")
	for _, c := range []struct {
		name string
		rows []plots.SweepPoint
		x, y string
		opts *plots.HeatmapOptions
		want string
	}{
		{"missing x", grid5(), "wind.capacity_kw", "pv.capacity_kwp", nil, `parameter "wind.capacity_kw" is not in the sweep rows (varied: battery.energy_kwh, pv.capacity_kwp)`},
		{"missing y", grid5(), "battery.energy_kwh", "", nil, "need two different parameters"},
		{"same", grid5(), "pv.capacity_kwp", "pv.capacity_kwp", nil, "need two different parameters"},
		{"no rows", nil, "a", "b", nil, "no sweep rows"},
		{"row lacks y", noY, "battery.energy_kwh", "pv.capacity_kwp", nil, `row 3 has no value for parameter "pv.capacity_kwp"`},
		{"policies", twoPolicies, "battery.energy_kwh", "pv.capacity_kwp", nil, `several policies ("mpc", "perfect")`},
		{"policy absent", grid5(), "battery.energy_kwh", "pv.capacity_kwp", &plots.HeatmapOptions{Policy: "self"}, `no row matches policy "self"`},
		{"duplicate", dup, "battery.energy_kwh", "pv.capacity_kwp", nil, "two rows at battery.energy_kwh = 0, pv.capacity_kwp = 0"},
		{"fix axis", three(), "a.x", "b.y", &plots.HeatmapOptions{Fix: map[string]float64{"a.x": 1}}, "it is an axis"},
		{"fix unknown", three(), "a.x", "b.y", &plots.HeatmapOptions{Fix: map[string]float64{"d.w": 1}}, "fix d.w: not a varied parameter"},
		{"fix no match", three(), "a.x", "b.y", &plots.HeatmapOptions{Fix: map[string]float64{"c.z": 15}}, "no row matches"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := plots.SweepHeatmap(c.rows, c.x, c.y, c.opts)
			require.Error(t, err)
			assert.Nil(t, f)
			assert.ErrorIs(t, err, plots.ErrInput)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("unknown extension", func(t *testing.T) {
		err := plots.SaveSweepHeatmap(filepath.Join(t.TempDir(), "h.jpg"), grid5(), "battery.energy_kwh", "pv.capacity_kwp", nil)
		assert.ErrorIs(t, err, plots.ErrInput)
	})
}

// With a third parameter, the map is the slice through the lowest-offset
// row unless Fix says otherwise; the title names the value used.
func TestSweepHeatmapThirdParameter(t *testing.T) {
	var rows []plots.SweepPoint
	for _, x := range []float64{1, 2, 3} {
		for _, y := range []float64{1, 2} {
			for _, z := range []float64{100, 200, 300} {
				// z = 200 is best everywhere.
				off := 10*x + y + map[float64]float64{100: 50, 200: 0, 300: 70}[z]
				rows = append(rows, plots.SweepPoint{Params: map[string]float64{"a.x_kw": x, "b.y_kw": y, "grid.import_limit_kw": z},
					OffsetsNeededTCO2e: off, Stage: "low-carbon"})
			}
		}
	}
	text := func(opts *plots.HeatmapOptions) string {
		f, err := plots.SweepHeatmap(rows, "a.x_kw", "b.y_kw", opts)
		require.NoError(t, err)
		var sb strings.Builder
		_, err = f.WriteTo(&sb, plots.SVG)
		require.NoError(t, err)
		_, _, txt := svgInfo(t, []byte(sb.String()))
		return txt
	}
	best := text(nil)
	assert.Contains(t, best, "other parameters at the lowest-offset combination: grid.import_limit_kw = 200")
	assert.Contains(t, best, "\n32\n") // x = 3, y = 2, z = 200
	assert.NotContains(t, best, "\n82\n")
	fixed := text(&plots.HeatmapOptions{Fix: map[string]float64{"grid.import_limit_kw": 100}})
	assert.NotContains(t, fixed, "lowest-offset")
	assert.Contains(t, fixed, "\n82\n") // 30 + 2 + 50
}
