package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One load's column in MW among others in kW passes validation (the others
// carry the park's scale) and is a doubt; so is a load at 0 throughout.
func TestLoadOutlierDoubts(t *testing.T) {
	p, s := validPark(), validSeries()
	require.NoError(t, p.ValidateWith(s))
	require.Empty(t, p.Doubts(s), "factory peaks at 130 kW, office at 2 × 40")

	// office in MW: its peak 0.08 kW against factory's 130 kW (0.06 %).
	p.Loads[1].Scale = 0.002
	require.NoError(t, p.ValidateWith(s))
	doubts := p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	assert.Contains(t, doubts[0], `load "office": its peak, 0.08 kW (2023-01-01T03:00:00Z), is under 0.2 % of the other loads' median peak, 130 kW`)
	assert.Contains(t, doubts[0], `if column "office_kw" is in MW, × 1000 for kW`)

	// Just above 0.2 % of 130 kW (0.26 kW): no doubt.
	p.Loads[1].Scale = 0.27 / 40
	assert.Empty(t, p.Doubts(s))
	p.Loads[1].Scale = 0.25 / 40
	assert.Len(t, p.Doubts(s), 1)

	// The median of three others: one small load does not hide another.
	p = validPark()
	p.Loads = append(p.Loads, Load{Name: "kiosk", Column: "office_kw", Scale: 0.001}, Load{Name: "hall", Column: "load_kw"})
	doubts = p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	assert.Contains(t, doubts[0], `load "kiosk"`)
	assert.Contains(t, doubts[0], "median peak, 130 kW", "the others: 80, 130, 130 kW")

	// Two others: their mean.
	p.Loads = p.Loads[:3]
	doubts = p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	assert.Contains(t, doubts[0], "median peak, 105 kW", "the others: 80, 130 kW")

	// A load at 0 throughout: named, with its column.
	p = validPark()
	require.NoError(t, s.SetColumn("office_kw", []float64{0, 0, 0, 0}))
	require.NoError(t, p.ValidateWith(s))
	doubts = p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	assert.Equal(t, `load "office": column "office_kw" is 0 or below throughout the series: is it the load's column?`, doubts[0])

	// One load alone is never an outlier.
	p.Loads = p.Loads[:1]
	assert.Empty(t, p.Doubts(s))
}

// A power curve that ends still yielding power, under a series with
// faster hub winds, is a doubt (the turbine yields 0 there); one that ends
// at 0 (a cut-out point) or that the winds never pass is not.
func TestCurveEndDoubt(t *testing.T) {
	p, s := validPark(), validSeries()
	w := p.Wind[1].Weather // "mast": speed 5–8 m/s at 10 m, hub 80 m
	w.CutInMS, w.RatedMS, w.CutOutMS = 0, 0, 0
	w.Curve = []CurvePoint{{3, 0}, {12, 1}}
	require.NoError(t, p.ValidateWith(s))
	assert.Empty(t, p.Doubts(s), "8 × 8^(1/7) = 10.8 m/s at the hub: below 12")

	w.Curve = []CurvePoint{{3, 0}, {9, 1}}
	doubts := p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	// Hub speeds 5, 6, 7, 8 × 1.346: 6.7, 8.1, 9.4, 10.8 m/s, two above 9.
	assert.Equal(t, `wind "mast": its power_curve ends at 9 m/s still yielding 1 kW per kW, and above that speed the turbine yields 0; `+
		`2 of the series' 4 intervals (50.0 %) have a faster wind at the hub: if it runs on to its cut-out speed, give the curve a point there (e.g. {"speed_m_s": 25, "kw_per_kw": 1})`, doubts[0])

	w.Curve = append(w.Curve, CurvePoint{9.5, 0}) // a cut-out point
	assert.Empty(t, p.Doubts(s))
}

// longValidSeries is validSeries repeated over n intervals.
func longValidSeries(t *testing.T, n int) *SeriesSet {
	t.Helper()
	short := validSeries()
	s := &SeriesSet{Start: short.Start, Step: short.Step, Len: n}
	for _, name := range short.Names {
		v := make([]float64, n)
		for i := range v {
			v[i] = short.Columns[name][i%short.Len]
		}
		require.NoError(t, s.SetColumn(name, v))
	}
	return s
}

// Weather columns in another unit that each value passes: GHI in kW/m²
// (or 0 throughout) and a wind speed in km/h are doubts, over a day and a
// week or more.
func TestWeatherScaleDoubts(t *testing.T) {
	p, s := validPark(), longValidSeries(t, 8*24)
	require.NoError(t, p.ValidateWith(s))
	require.Empty(t, p.Doubts(s))

	ghi := s.Columns["ghi"]
	for i := range ghi {
		ghi[i] /= 1000
	}
	doubts := p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	assert.Equal(t, `pv "carport": weather.ghi_column_w_m2 "ghi" peaks at 0.6 W/m² over the series (clear noon sun gives about 1,000): is it in kW/m²? multiply by 1000`, doubts[0])
	clear(ghi)
	doubts = p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	assert.Contains(t, doubts[0], `"ghi" is 0 or below throughout the series`)
	assert.Empty(t, p.Doubts(s.Slice(0, 12)), "half a day at night may be dark")

	s = longValidSeries(t, 8*24)
	speed := s.Columns["speed"] // 5–8 m/s, mean 6.5
	for i := range speed {
		speed[i] *= 3.6
	}
	doubts = p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	assert.Equal(t, `wind "mast": weather.speed_column_m_s "speed" averages 23.4 m/s over the series, above any site's mean wind: is it in km/h (divide by 3.6) or knots (divide by 1.944)?`, doubts[0])
	assert.Empty(t, p.Doubts(s.Slice(0, 6*24)), "under a week: a storm may blow that long")
}

// A PV array or a turbine under 0.2 % of the loads' peak reads as a
// capacity written in MW: a doubt naming the asset, the key and the peak
// (QA G, session 39); at 0.2 % or more, or at 0 (a candidate), none.
func TestGeneratorScaleDoubts(t *testing.T) {
	p, s := validPark(), validSeries()
	require.NotEmpty(t, p.PV)
	require.Empty(t, p.Doubts(s))
	peak, _ := seriesPeak(s, []string{p.Loads[0].Column, p.Loads[1].Column}, []float64{p.Loads[0].Scale, p.Loads[1].Scale})
	require.Greater(t, peak, 0.0)

	p.PV[0].CapacityKWp = 0.001 * peak
	doubts := p.Doubts(s)
	require.Len(t, doubts, 1, "%q", doubts)
	assert.Contains(t, doubts[0], `pv "`+p.PV[0].Name+`": capacity_kwp `)
	assert.Contains(t, doubts[0], "is under 0.2 % of the loads' peak")
	assert.Contains(t, doubts[0], "if it is in MWp, × 1000 for kWp")

	p.PV[0].CapacityKWp = 0.0021 * peak
	assert.Empty(t, p.Doubts(s))
	p.PV[0].CapacityKWp = 0
	assert.Empty(t, p.Doubts(s), "a candidate at 0")

	if len(p.Wind) > 0 {
		p.Wind[0].CapacityKW = 0.001 * peak
		doubts = p.Doubts(s)
		require.Len(t, doubts, 1, "%q", doubts)
		assert.Contains(t, doubts[0], "if it is in MW, × 1000 for kW")
	}
}
