package plots_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// sweepTable builds a sweep results table (the columns the grid query
// reads) from rows of parameter values, offsets and stage.
func sweepTable(t testing.TB, params []string, rows [][]float64, offsets []float64, stages []string, policies ...string) *results.Table {
	t.Helper()
	var b strings.Builder
	b.WriteString("combination," + strings.Join(params, ",") + ",policy,offsets_needed_tco2e,stage\n")
	for k, r := range rows {
		vals := make([]string, len(r))
		for i, v := range r {
			vals[i] = results.FormatNumber(v)
		}
		pol := "mpc"
		if k < len(policies) && policies[k] != "" {
			pol = policies[k]
		}
		fmt.Fprintf(&b, "%d,%s,%s,%s,%s\n", k, strings.Join(vals, ","), pol, results.FormatNumber(offsets[k]), stages[k])
	}
	tab, err := results.ParseTable([]byte(b.String()), "sweep.csv")
	require.NoError(t, err)
	return tab
}

// grid5 is a 5 × 5 sweep over battery energy and PV capacity whose
// offsets fall with both, staged by thresholds; one combination missing.
func grid5(t testing.TB) *results.Grid {
	t.Helper()
	var rows [][]float64
	var offsets []float64
	var stages []string
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
			rows = append(rows, []float64{e, pv})
			offsets = append(offsets, off)
			stages = append(stages, st)
		}
	}
	g, err := sweepTable(t, []string{"battery.energy_kwh", "pv.capacity_kwp"}, rows, offsets, stages).
		Grid(results.GridQuery{X: "battery.energy_kwh", Y: "pv.capacity_kwp"})
	require.NoError(t, err)
	return g
}

// twoByTwo is a grid over a.x_kw and b.y_kw with the cells' values in
// row order (x varies fastest), every cell of one stage.
func twoByTwo(t testing.TB, stage string, values ...float64) *results.Grid {
	t.Helper()
	var rows [][]float64
	var stages []string
	for i := range values {
		rows = append(rows, []float64{float64(i % 2), float64(i / 2)})
		stages = append(stages, stage)
	}
	g, err := sweepTable(t, []string{"a.x_kw", "b.y_kw"}, rows, values, stages).Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw"})
	require.NoError(t, err)
	return g
}

func TestSweepHeatmapFiles(t *testing.T) {
	dir := t.TempDir()
	g := grid5(t)
	png := filepath.Join(dir, "heat.png")
	require.NoError(t, plots.SaveSweepHeatmap(png, g, nil))
	checkPNG(t, readFile(t, png), 1000, 800)
	if out := os.Getenv("ZEROPARK_PLOT_SAMPLES"); out != "" {
		require.NoError(t, os.WriteFile(filepath.Join(out, "plots_heat.png"), readFile(t, png), 0o644))
	}

	svg := filepath.Join(dir, "heat.svg")
	require.NoError(t, plots.SaveSweepHeatmap(svg, g, &plots.HeatmapOptions{WidthIn: 8, HeightIn: 6}))
	root, paths, text := svgInfo(t, readFile(t, svg))
	assert.Equal(t, "svg", root)
	assert.Greater(t, paths, 24, "one path per cell at least")
	for _, want := range []string{"offsets beyond held (tCO2e)", "battery.energy_kwh (kWh)", "pv.capacity_kwp (kWp)",
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

// The colour scale is a raster image inside the SVG, 1 pixel wide; gonum
// labels its PNG bytes data:image/jpg and lets a viewer keep its aspect
// ratio: a browser drew a 1-point sliver, and a viewer that trusts the
// label (rsvg-convert, so the tools built on librsvg) drew the map without
// its colour scale (QA K, 2026-12-05). Every embedded image is a PNG,
// labelled image/png, stretched to its box.
func TestSweepHeatmapSVGImagesArePNG(t *testing.T) {
	f, err := plots.SweepHeatmap(grid5(t), nil)
	require.NoError(t, err)
	var sb strings.Builder
	_, err = f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	svg := sb.String()
	images := regexp.MustCompile(`<image [^>]*>`).FindAllString(svg, -1)
	require.NotEmpty(t, images, "the colour scale is an embedded image")
	for _, im := range images {
		assert.Contains(t, im, ` preserveAspectRatio="none" `, "the image fills its box")
	}
	hrefs := regexp.MustCompile(`xlink:href="data:([^;"]*);base64,([^"]*)"`).FindAllStringSubmatch(svg, -1)
	require.NotEmpty(t, hrefs, "the colour scale is an embedded image")
	for _, h := range hrefs {
		assert.Equal(t, "image/png", h[1])
		data, err := base64.StdEncoding.DecodeString(h[2])
		require.NoError(t, err)
		_, err = png.Decode(bytes.NewReader(data))
		assert.NoError(t, err, "the image is a PNG")
	}
	assert.False(t, strings.Contains(svg, "image/jpg"), "no image labelled image/jpg")
}

// An SVG viewer collapses runs of spaces unless told not to: the legend's
// "Z  zero-carbon" and its hanging indents lost their alignment in the SVG
// while the PNG kept it (QA K, 2026-12-05). The root keeps them.
func TestSweepHeatmapSVGKeepsSpaces(t *testing.T) {
	f, err := plots.SweepHeatmap(grid5(t), nil)
	require.NoError(t, err)
	var sb strings.Builder
	_, err = f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	root := regexp.MustCompile(`<svg [^>]*>`).FindString(sb.String())
	assert.Contains(t, root, ` xml:space="preserve" `)
	assert.Contains(t, sb.String(), ">Z  zero-carbon<")
}

// One row, one value: still a picture (the colour scale gets a width).
func TestSweepHeatmapSingleValue(t *testing.T) {
	f, err := plots.SweepHeatmap(twoByTwo(t, "zero-carbon", 0), nil)
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
			g := twoByTwo(t, "low-carbon", c.values...)
			dir := t.TempDir()
			svg := filepath.Join(dir, "h.svg")
			require.NoError(t, plots.SaveSweepHeatmap(svg, g, nil))
			_, _, text := svgInfo(t, readFile(t, svg))
			letters := 0
			for _, l := range strings.Split(text, "\n") {
				if l == "L" {
					letters++
				}
			}
			assert.Equal(t, len(c.values), letters, "one stage letter per cell")
			png := filepath.Join(dir, "h.png")
			require.NoError(t, plots.SaveSweepHeatmap(png, g, nil))
			checkPNG(t, readFile(t, png), 1000, 800)
		})
	}
}

// A grid without cells or whose shape does not match its axes is refused,
// not drawn out of range.
func TestSweepHeatmapErrors(t *testing.T) {
	short := grid5(t)
	short.Values = short.Values[1:]
	ragged := grid5(t)
	ragged.Stages[2] = ragged.Stages[2][1:]
	for _, c := range []struct {
		name string
		g    *results.Grid
		want string
	}{
		{"nil", nil, "no cells"},
		{"empty", &results.Grid{X: "a", Y: "b"}, "no cells"},
		{"short", short, "value columns"},
		{"ragged", ragged, "grid column 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := plots.SweepHeatmap(c.g, nil)
			require.Error(t, err)
			assert.Nil(t, f)
			assert.ErrorIs(t, err, plots.ErrInput)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("unknown extension", func(t *testing.T) {
		err := plots.SaveSweepHeatmap(filepath.Join(t.TempDir(), "h.jpg"), grid5(t), nil)
		assert.ErrorIs(t, err, plots.ErrInput)
	})
}

// With a third parameter, the map is the slice through the lowest-offset
// row unless the query fixes it; the title names the value used.
func TestSweepHeatmapThirdParameter(t *testing.T) {
	var rows [][]float64
	var offsets []float64
	var stages []string
	for _, x := range []float64{1, 2, 3} {
		for _, y := range []float64{1, 2} {
			for _, z := range []float64{100, 200, 300} {
				// z = 200 is best everywhere.
				rows = append(rows, []float64{x, y, z})
				offsets = append(offsets, 10*x+y+map[float64]float64{100: 50, 200: 0, 300: 70}[z])
				stages = append(stages, "low-carbon")
			}
		}
	}
	tab := sweepTable(t, []string{"a.x_kw", "b.y_kw", "grid.import_limit_kw"}, rows, offsets, stages)
	text := func(fix map[string]float64) string {
		g, err := tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", Fix: fix})
		require.NoError(t, err)
		f, err := plots.SweepHeatmap(g, nil)
		require.NoError(t, err)
		var sb strings.Builder
		_, err = f.WriteTo(&sb, plots.SVG)
		require.NoError(t, err)
		_, _, txt := svgInfo(t, []byte(sb.String()))
		return txt
	}
	best := text(nil)
	assert.Contains(t, best, "other parameters at the lowest-offset combination: grid.import_limit_kw = 200")
	assert.Contains(t, best, "\n32.0\n") // x = 3, y = 2, z = 200
	assert.NotContains(t, best, "\n82.0\n")
	fixed := text(map[string]float64{"grid.import_limit_kw": 100})
	assert.NotContains(t, fixed, "lowest-offset")
	assert.Contains(t, fixed, "\n82.0\n") // 30 + 2 + 50
}

// Another KPI than the offsets is labelled by its column.
func TestSweepHeatmapOtherKPI(t *testing.T) {
	var b strings.Builder
	b.WriteString("combination,a.x_kw,b.y_kw,policy,residual_kgco2e,offsets_needed_tco2e,stage\n")
	for k := range 4 {
		fmt.Fprintf(&b, "%d,%d,%d,mpc,%d,0,low-carbon\n", k, k%2, k/2, 1000*(k+1))
	}
	tab, err := results.ParseTable([]byte(b.String()), "s.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", KPI: "residual_kgco2e"})
	require.NoError(t, err)
	f, err := plots.SweepHeatmap(g, nil)
	require.NoError(t, err)
	var sb strings.Builder
	_, err = f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	_, _, txt := svgInfo(t, []byte(sb.String()))
	assert.Contains(t, txt, "residual_kgco2e (kgCO2e) over a.x_kw × b.y_kw")
	assert.Contains(t, txt, "\n4000\n")
}

// costGrid is an n × n sweep over a.x_kw and b.y_kw with costs per year:
// the cell (1, 1) is the cheapest and low-carbon, the rest conventional
// and dearer, so (1, 1) is the cheapest reaching conventional and
// low-carbon.
func costGrid(t testing.TB, n int) *results.Grid {
	t.Helper()
	var b strings.Builder
	b.WriteString("combination,a.x_kw,b.y_kw,policy,offsets_needed_tco2e,stage,total_cost_per_year\n")
	for k := range n * n {
		i, j := k%n, k/n
		st, cost := "conventional", 2000+10*k
		if i == 1 && j == 1 {
			st, cost = "low-carbon", 1000
		}
		fmt.Fprintf(&b, "%d,%d,%d,mpc,%d,%s,%d\n", k, 10*i, 10*j, 100-k, st, cost)
	}
	tab, err := results.ParseTable([]byte(b.String()), "s.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw"})
	require.NoError(t, err)
	require.Len(t, g.Cheapest, 2)
	return g
}

// svgText draws f as SVG and returns its text elements, one a line,
// between newlines.
func svgText(t *testing.T, f *plots.Figure) string {
	t.Helper()
	var sb strings.Builder
	_, err := f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	_, _, txt := svgInfo(t, []byte(sb.String()))
	lines := slices.DeleteFunc(strings.Split(txt, "\n"), func(l string) bool { return l == "" })
	return "\n" + strings.Join(lines, "\n") + "\n"
}

// The cheapest cell's label spells the stages out (no bare letters) and
// the legend says what the dashed outline and the label mean.
func TestSweepHeatmapCheapestLabel(t *testing.T) {
	f, err := plots.SweepHeatmap(costGrid(t, 3), nil)
	require.NoError(t, err)
	txt := svgText(t, f)
	assert.Contains(t, txt, "\ncheapest for any stage and\nlow-carbon at 1.00k\n")
	assert.Contains(t, txt, "cheapest design (total\n  cost per year) reaching\n  the stages written in it\n")
	assert.NotContains(t, txt, "cheapest C")
	assert.NotContains(t, txt, "at x = ")
}

// A cell too small for the label is only outlined; the legend names its
// stages and where it is.
func TestSweepHeatmapCheapestSmallCells(t *testing.T) {
	f, err := plots.SweepHeatmap(costGrid(t, 10), nil)
	require.NoError(t, err)
	txt := svgText(t, f)
	assert.NotContains(t, txt, "cheapest for")
	assert.NotContains(t, txt, "the stages written in it")
	assert.Contains(t, txt, "cost per year) reaching\n  – any stage at 1.00k,\n    low-carbon at 1.00k\n    at x = 10, y = 10\n")
}

// Coloured by total cost (offsets bought for the residual included), the
// cheapest cell's mark still gives the stage's cost it was chosen on
// (cost_to_low_carbon_per_year), not the cell's colour value (QA: the
// mark read 2.47M where the cheapest-per-stage table said 2,330,812).
func TestSweepHeatmapCheapestCostIsTheStages(t *testing.T) {
	g := &results.Grid{X: "pv.capacity_kwp", Y: "battery.energy_kwh", KPI: results.ColTotalCostPerYear,
		Xs: []float64{4500, 5500}, Ys: []float64{4000, 8000},
		Values:     [][]float64{{2.45e6, 2.56e6}, {2.47e6, 2.57e6}},
		Stages:     [][]dispatch.Stage{{dispatch.Conventional, dispatch.Conventional}, {dispatch.LowCarbon, dispatch.LowCarbon}},
		Cheapest:   []results.CheapestCell{{Stage: dispatch.LowCarbon, C: 1, R: 0, TotalCostPerYear: 2330812, SweepWide: true}},
		StageCosts: true, OffsetsHeldTCO2e: math.NaN(), PeriodH: math.NaN()}
	f, err := plots.SweepHeatmap(g, nil)
	require.NoError(t, err)
	txt := svgText(t, f)
	assert.Contains(t, txt, "low-carbon at 2.33M")
	assert.Contains(t, txt, "\n2.47M\n", "the cell's own value, the colour's")
}

// The title names every parameter held: the values the query fixed,
// marked "(--fix)" (the grid carries its query's Fix, results.Grid.Fixed),
// and those chosen through the best row.
func TestSweepHeatmapTitleNamesFixed(t *testing.T) {
	var rows [][]float64
	var offsets []float64
	var stages []string
	for _, x := range []float64{1, 2} {
		for _, y := range []float64{1, 2} {
			for _, z := range []float64{12, 24} {
				for _, w := range []float64{0.5, 2} {
					rows = append(rows, []float64{x, y, z, w})
					// w = 2 is best everywhere.
					offsets = append(offsets, x+y+z-10*w+100)
					stages = append(stages, "low-carbon")
				}
			}
		}
	}
	tab := sweepTable(t, []string{"a.x_kw", "b.y_kw", "policy.horizon_h", "load.scale"}, rows, offsets, stages)
	title := func(fix map[string]float64) string {
		g, err := tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", Fix: fix})
		require.NoError(t, err)
		f, err := plots.SweepHeatmap(g, nil)
		require.NoError(t, err)
		return svgText(t, f)
	}
	both := map[string]float64{"policy.horizon_h": 24, "load.scale": 0.5}
	assert.Contains(t, title(both),
		"\nother parameters: load.scale = 0.5 (--fix), policy.horizon_h = 24 (--fix)\n")
	one := map[string]float64{"policy.horizon_h": 24}
	assert.Contains(t, title(one),
		"\nother parameters: policy.horizon_h = 24 (--fix); the rest at the lowest-offset combination: load.scale = 2\n")
	assert.Contains(t, title(nil),
		"\nother parameters at the lowest-offset combination: load.scale = 2, policy.horizon_h = 12\n")
}

// sliceSweepCSV varies w too: held at the lowest-offset combination
// (w = 2500), the slice's cheapest conventional and low-carbon cells cost
// 751,790 and 760,000 a year, but combination 4 at w = 1500 costs
// 750,236 and reaches low-carbon (QA F1). 168 steps of 60 min, 400 t
// held (F16).
const sliceSweepCSV = `combination,b.kwh,p.kwp,wind.capacity_kw,offsets_needed_tco2e,offsets_held_tco2e,step_count,step_minutes,stage,total_cost_per_year
0,4000,1500,2500,100,400,168,60,low-carbon,751790
1,4000,3500,2500,50,400,168,60,low-carbon,760000
2,12000,1500,2500,40,400,168,60,near-zero-carbon,900000
3,12000,3500,2500,0,400,168,60,zero-carbon,990000
4,4000,3500,1500,120,400,168,60,low-carbon,750236
5,4000,1500,1500,150,400,168,60,conventional,800000
6,12000,1500,1500,110,400,168,60,low-carbon,950000
7,12000,3500,1500,60,400,168,60,near-zero-carbon,980000
`

// Bug fixes F1 and F16: the outlined cheapest of a slice says it is the
// slice's and the legend where the sweep's cheapest is; the offsets say
// they are the period's and beyond the offsets held.
func TestSweepHeatmapSliceCheapest(t *testing.T) {
	tab, err := results.ParseTable([]byte(sliceSweepCSV), "sweep.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "b.kwh", Y: "p.kwp"})
	require.NoError(t, err)
	require.Equal(t, map[string]float64{"wind.capacity_kw": 2500}, g.Held)
	fig, err := plots.SweepHeatmap(g, nil)
	require.NoError(t, err)
	var svg strings.Builder
	_, err = fig.WriteTo(&svg, plots.SVG)
	require.NoError(t, err)
	_, _, text := svgInfo(t, []byte(svg.String()))
	if out := os.Getenv("ZEROPARK_PLOT_DIR"); out != "" {
		require.NoError(t, plots.SaveSweepHeatmap(filepath.Join(out, "plots_heat_slice.png"), g, nil))
	}
	for _, want := range []string{
		"cost per year) in this slice", "(wind.capacity_kw = 2500) reaching",
		"the sweep's cheapest, not drawn:", "– any stage, low-carbon:", "combination 4, 750,236 a year", "wind.capacity_kw = 1500",
		"offsets beyond held (tCO2e over 168 h)",
	} {
		assert.Contains(t, text, want)
	}
	// The title, broken into lines to fit the figure's width.
	assert.Contains(t, strings.Join(strings.Fields(text), " "), "Residual to offset (tCO2e over the 168 h simulated, not per year; beyond the 400 t held)")
	assert.Contains(t, strings.ReplaceAll(text, "\n", " "), "cheapest in slice for", "the cell's label says whose cheapest it is")

	// The slice through combination 4 holds the sweep's cheapest for
	// conventional and low-carbon: the legend sends the reader elsewhere
	// only for the stages whose cheapest it lacks (near-zero: combination
	// 2, 900,000 against 980,000 here; zero-carbon: combination 3).
	g, err = tab.Grid(results.GridQuery{X: "b.kwh", Y: "p.kwp", Fix: map[string]float64{"wind.capacity_kw": 1500}})
	require.NoError(t, err)
	fig, err = plots.SweepHeatmap(g, nil)
	require.NoError(t, err)
	svg.Reset()
	_, err = fig.WriteTo(&svg, plots.SVG)
	require.NoError(t, err)
	_, _, text = svgInfo(t, []byte(svg.String()))
	assert.Contains(t, text, "– near-zero-carbon:")
	assert.Contains(t, text, "combination 2, 900,000 a year")
	assert.Contains(t, text, "– zero-carbon:")
	assert.Contains(t, text, "combination 3, 990,000 a year")
	assert.NotContains(t, text, "– conventional")
}

// The cheapest marks rank each stage on its cost: a near-zero-carbon
// cell that buys offsets is the cheapest zero-carbon design, and the
// legend says what it buys; the low-carbon cell is cheapest below.
func TestSweepHeatmapCheapestByBuying(t *testing.T) {
	csv := "combination,a.x_kw,b.y_kw,policy,offsets_needed_tco2e,stage,capital_per_year,fixed_om_per_year,operating_cost_per_year," +
		"total_cost_per_year,purchases_per_year,near_zero_carbon_certificates_mwh_per_year,near_zero_carbon_purchases_per_year," +
		"zero_carbon_offsets_tco2e_per_year,zero_carbon_purchases_per_year,cost_to_low_carbon_per_year,cost_to_near_zero_carbon_per_year,cost_to_zero_carbon_per_year\n" +
		"0,0,0,mpc,40,low-carbon,0,0,500,1300,800,,,,,500,,\n" +
		"1,10,0,mpc,30,low-carbon,100,0,500,1500,900,,,,,600,,\n" +
		"2,0,10,mpc,12.5,near-zero-carbon,300,0,500,1050,250,0,0,12.5,250,800,800,1050\n" +
		"3,10,10,mpc,0,zero-carbon,900,0,500,1400,0,0,0,0,0,1400,1400,1400\n"
	tab, err := results.ParseTable([]byte(csv), "s.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", KPI: results.ColTotalCostPerYear})
	require.NoError(t, err)
	require.True(t, g.StageCosts)
	byStage := map[dispatch.Stage]results.CheapestCell{}
	for _, c := range g.Cheapest {
		byStage[c.Stage] = c
	}
	// By hand: low-carbon 500 at (0, 0) < 600 < 800 < 1400, though its
	// total (1300, offsets for a stage it cannot reach) is not the least;
	// zero-carbon 1050 at (0, 10), near-zero-carbon itself, buying 12.5 t
	// (250) < 1400 at (10, 10), the one zero-carbon cell.
	assert.Equal(t, [2]int{0, 0}, [2]int{byStage[dispatch.LowCarbon].C, byStage[dispatch.LowCarbon].R})
	assert.Equal(t, 500.0, byStage[dispatch.LowCarbon].TotalCostPerYear)
	assert.Equal(t, [2]int{0, 1}, [2]int{byStage[dispatch.ZeroCarbon].C, byStage[dispatch.ZeroCarbon].R})
	assert.Equal(t, 1050.0, byStage[dispatch.ZeroCarbon].TotalCostPerYear)
	assert.Equal(t, 800.0, byStage[dispatch.NearZeroCarbon].TotalCostPerYear)
	f, err := plots.SweepHeatmap(g, nil)
	require.NoError(t, err)
	txt := svgText(t, f)
	assert.Contains(t, txt, "cheapest design (stage\n")
	assert.Contains(t, txt, "\n  zero-carbon by buying, a year:\n    12.5 tCO2e of offsets\n")
}

// A sweep priced carbon: the legend says the cheapest cells rank on cost
// + the carbon at that price, so that a cell of lower cost does not look
// passed over (QA, 2026-12-04: the price was named nowhere); without a
// price it says nothing of it. The Grid reads the price from the file.
func TestSweepHeatmapCarbonPrice(t *testing.T) {
	g := costGrid(t, 3)
	assert.True(t, math.IsNaN(g.CarbonPricePerTCO2e), "the file has no carbon_price_per_tco2e column")
	assert.NotContains(t, svgText(t, mustHeatmap(t, g)), "ranked on cost + carbon")
	g.CarbonPricePerTCO2e, g.Currency = 200, "USD"
	assert.Contains(t, svgText(t, mustHeatmap(t, g)), "ranked on cost + carbon a year at\n  200.00 USD/tCO2e (--carbon-price)\n")

	tab, err := results.ParseTable([]byte("combination,a.x_kw,b.y_kw,policy,offsets_needed_tco2e,stage,carbon_price_per_tco2e\n"+
		"0,0,0,mpc,5,conventional,50\n1,10,0,mpc,4,conventional,50\n"), "s.csv")
	require.NoError(t, err)
	g, err = tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw"})
	require.NoError(t, err)
	assert.Equal(t, 50.0, g.CarbonPricePerTCO2e)
}

func mustHeatmap(t *testing.T, g *results.Grid) *plots.Figure {
	t.Helper()
	f, err := plots.SweepHeatmap(g, nil)
	require.NoError(t, err)
	return f
}
