package plan

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// TestEqualSeriesCountAsOne: two PV arrays on one weather file (equal
// availability series) cluster the periods exactly as one array does:
// their shared weight makes their summed squared distance that of one
// series, so a park does not lose its PV's say in the clustering by
// splitting an array in two.
func TestEqualSeriesCountAsOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	n := 60 * 24
	series := func(scale float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = scale * rng.Float64()
		}
		return v
	}
	load, pv, wind := series(500), series(1), series(1)
	one := []*aggSeries{{name: seriesLoad, values: load}, {name: seriesPV + ":a", values: pv}, {name: seriesWind + ":w", values: wind}}
	two := []*aggSeries{{name: seriesLoad, values: load}, {name: seriesPV + ":a", values: pv}, {name: seriesPV + ":b", values: pv},
		{name: seriesWind + ":w", values: wind}}
	a1, _, err := aggregate(one, time.Hour, 24, 8)
	require.NoError(t, err)
	a2, _, err := aggregate(two, time.Hour, 24, 8)
	require.NoError(t, err)
	assert.Equal(t, a1.Sigma, a2.Sigma)
}

// TestExtremePeriodsKept: besides the peak-load day, the calm day (no
// wind, little sun) is kept whole as an extreme representative of weight
// 1 when K leaves room for a typical day beside them; with K = 2 only the
// peak-load day is kept.
func TestExtremePeriodsKept(t *testing.T) {
	const days, calm, peak = 12, 3, 8
	n := days * 24
	load, pv, wind := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		d, h := i/24, i%24
		load[i] = 100 + float64(h%5)
		wind[i] = 0.4 + 0.1*float64((i*7)%5)
		if h >= 7 && h <= 17 {
			pv[i] = 0.6
		}
		switch d {
		case calm:
			wind[i], pv[i] = 0, pv[i]/4
		case peak:
			load[i] += 20
		}
	}
	specs := []*aggSeries{{name: seriesLoad, values: load}, {name: seriesPV + ":a", values: pv}, {name: seriesWind + ":w", values: wind}}
	for _, c := range []struct {
		k    int
		kept []int
	}{{4, []int{calm, peak}}, {2, []int{peak}}} {
		agg, _, err := aggregate(specs, time.Hour, 24, c.k)
		require.NoError(t, err)
		var kept []int
		for _, r := range agg.Reps {
			if r.Kind.String() == "extreme" {
				kept = append(kept, r.Period)
				assert.Equal(t, 1, r.Weight)
			}
		}
		assert.Equal(t, c.kept, kept, "K = %d", c.k)
	}
}

// TestSliceCuts: slices begin at every calendar month (in the series'
// clock) and, with peaks kept, at each month's peak-load step and the
// step after it.
func TestSliceCuts(t *testing.T) {
	start := time.Date(2023, 1, 31, 22, 0, 0, 0, time.UTC)
	n := 24 * 30 // to 2 March, 22:00
	f := &model.Profiles{Start: start, Step: time.Hour, Len: n}
	load := make([]float64, n)
	for i := range load {
		load[i] = 100
	}
	feb := 2           // 1 February 00:00
	mar := feb + 28*24 // 1 March 00:00
	load[0] = 300      // January's peak: the first step, no cut before it
	load[feb+50] = 500 // February's
	load[n-1] = 400    // March's: the last step, no step after it
	assert.Equal(t, []int{feb, mar}, sliceCuts(f, load, false))
	assert.Equal(t, []int{1, feb, feb + 50, feb + 51, mar, n - 1}, sliceCuts(f, load, true))
}

// TestProbeNetLoad: the load less PV and wind sized to its energy, half
// each, by hand; PV alone supplies all of it; two arrays count as their
// mean; without renewables there is no probe.
func TestProbeNetLoad(t *testing.T) {
	series := func(v ...float64) *aggSeries { return &aggSeries{values: v} }
	load := series(100, 100, 100, 100)
	pv, wind := series(0, 1, 0, 1), series(1, 1, 0, 0)
	// 400 kWh of load: 200 from PV (2 kWh per unit: 100 units), 200 from
	// wind (2 per unit: 100 units).
	ps := &planSeries{load: load, pv: []*aggSeries{pv}, wind: []*aggSeries{wind}}
	assert.Equal(t, []float64{0, -100, 100, 0}, ps.probeNetLoad())
	ps = &planSeries{load: load, pv: []*aggSeries{pv}}
	assert.Equal(t, []float64{100, -100, 100, -100}, ps.probeNetLoad())
	// Two arrays: their mean (0.5, 0.5, 0, 1), 2 kWh per unit, 200 units.
	ps = &planSeries{load: load, pv: []*aggSeries{pv, series(1, 0, 0, 1)}}
	assert.Equal(t, []float64{0, 0, 100, -100}, ps.probeNetLoad())
	assert.Nil(t, (&planSeries{load: load}).probeNetLoad())
	assert.Nil(t, (&planSeries{load: load, pv: []*aggSeries{series(0, 0, 0, 0)}}).probeNetLoad())
}
