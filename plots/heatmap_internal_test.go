package plots

import (
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

// costCells is a 2 × 2 grid of total costs per year from lo to hi.
func costCells(lo, hi float64) *results.Grid {
	st := []dispatch.Stage{dispatch.LowCarbon, dispatch.LowCarbon}
	return &results.Grid{X: "a.x_kw", Y: "b.y_kw", KPI: results.ColTotalCostPerYear,
		Xs: []float64{0, 1}, Ys: []float64{0, 1},
		Values: [][]float64{{lo, (lo + hi) / 2}, {(2*lo + hi) / 3, hi}}, Stages: [][]dispatch.Stage{st, st}}
}

// The colour bar's scale is as wide with wide tick labels (800,000) as
// with narrow ones (100): counted in the pixels of the row through its
// middle that carry the colour map's colours (QA5 #1: wide labels left a
// sliver a few pixels wide).
func TestHeatmapColourBarWidthIndependentOfLabels(t *testing.T) {
	const dpi = 100
	widthsPx := map[string]int{}
	for _, c := range []struct {
		name   string
		lo, hi float64
	}{{"narrow labels", 100, 400}, {"wide labels", 650_000, 1_090_000}, {"very wide labels", 1e12, 9e12}} {
		t.Run(c.name, func(t *testing.T) {
			hf, o, err := newHeatmapFigure(costCells(c.lo, c.hi), nil)
			require.NoError(t, err)
			cv := vgimg.NewWith(vgimg.UseWH(vg.Length(o.WidthIn)*vg.Inch, vg.Length(o.HeightIn)*vg.Inch), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
			dc := draw.New(cv)
			hf.draw(dc)
			img := cv.Image()
			l := hf.layout(dc)
			// The whole bar's plot stays on the figure, right of the map.
			assert.GreaterOrEqual(t, l.bar.Min.X, l.main.Max.X)
			assert.LessOrEqual(t, l.bar.Max.X, dc.Max.X)
			mid := pixel(img, vg.Point{X: l.bar.Min.X, Y: (l.bar.Min.Y + l.bar.Max.Y) / 2}, dpi)
			end := pixel(img, vg.Point{X: l.bar.Max.X, Y: 0}, dpi).X
			n := 0
			for x := mid.X; x <= end; x++ {
				r, g, b, _ := img.At(x, mid.Y).RGBA()
				// The map's colours are saturated; ink, ticks and paper are grey.
				if max(r, g, b)>>8-min(r, g, b)>>8 > 40 {
					n++
				}
			}
			want := float64(colourBarWidth) * dpi / 72
			assert.InDelta(t, want, float64(n), 2, "coloured pixels across the bar")
			widthsPx[c.name] = n
		})
	}
	assert.InDelta(t, widthsPx["narrow labels"], widthsPx["wide labels"], 1)
}

// An unlimited grid limit is its own cell, the last on its axis (the
// grid sorts it there), labelled "unlimited"; so is it in the title.
func TestUnlimitedAxisLabel(t *testing.T) {
	ts := valueTicks([]float64{0, 500, math.Inf(1)}, mostXLabels)
	require.Len(t, ts, 3)
	assert.Equal(t, []string{"0", "500", results.Unlimited}, []string{ts[0].Label, ts[1].Label, ts[2].Label})
	assert.Equal(t, 2.0, ts[2].Value, "the third cell")
	g := costCells(1, 2)
	g.Held = map[string]float64{"grid.export_limit_kw": math.Inf(1)}
	assert.Contains(t, heatmapTitle(g), "grid.export_limit_kw = unlimited")
}

// Every sweep parameter path with a unit suffix gets its unit on the heat
// map's axes: the heat side's thermal kW and kWh too (QA: the heat paths
// had none, as axisLabel knew no "_th" suffix).
func TestAxisLabelUnits(t *testing.T) {
	for path, unit := range map[string]string{
		"battery.energy_kwh":                  "kWh",
		"battery.max_charge_kw":               "kW",
		"pv.capacity_kwp":                     "kWp",
		"wind.capacity_kw":                    "kW",
		"grid.import_limit_kw":                "kW",
		"policy.horizon_h":                    "h",
		"load.scale":                          "×",
		"heat_load.scale":                     "×",
		"heat_pump.capacity_kw_th":            "kW_th",
		"electric_boiler.capacity_kw_th":      "kW_th",
		"fuel_boiler.capacity_kw_th":          "kW_th",
		"thermal_storage.energy_kwh_th":       "kWh_th",
		"thermal_storage.max_charge_kw_th":    "kW_th",
		"thermal_storage.max_discharge_kw_th": "kW_th",
		"residual_tco2e":                      "tCO2e",
	} {
		assert.Equal(t, path+" ("+unit+")", axisLabel(path), path)
	}
	assert.Equal(t, "stage_rank", axisLabel("stage_rank"), "no unit suffix: no unit")
}

// Thirty columns label every second one, the first and the last always;
// every cell keeps its tick (QA, 2026-12-04: 30 labels ran together).
func TestValueTicksThinned(t *testing.T) {
	var vs []float64
	for k := range 30 {
		vs = append(vs, float64(500*k))
	}
	ts := valueTicks(vs, 15)
	require.Len(t, ts, 30)
	var labelled []string
	for k, tk := range ts {
		assert.Equal(t, float64(k), tk.Value)
		if tk.Label != "" {
			labelled = append(labelled, tk.Label)
		}
	}
	assert.LessOrEqual(t, len(labelled), 15)
	assert.Equal(t, "0", labelled[0])
	assert.Equal(t, "14500", labelled[len(labelled)-1])
	assert.Equal(t, "13000", labelled[len(labelled)-2], "14,000, a cell from the last, left bare")
	// Few enough: every one labelled.
	for _, tk := range valueTicks(vs[:15], 15) {
		assert.NotEmpty(t, tk.Label)
	}
}

// The most labels across follow the widest label: 15 at four digits, 12
// at five, 8 with "unlimited".
func TestMostAcross(t *testing.T) {
	assert.Equal(t, 15, mostAcross([]float64{0, 500, 7600}))
	assert.Equal(t, 12, mostAcross([]float64{0, 500, 14500}))
	assert.Equal(t, 8, mostAcross([]float64{0, 500, math.Inf(1)}))
}
