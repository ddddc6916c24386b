package plan

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProxySimulateByHand: four hours of 10 kW load, 20 kW of PV in the
// second, a 10 kWh / 5 kW battery half full, efficiencies 0.95:
// hour 0 draws min(10, 5, 5·0.95) = 4.75 and imports 5.25; hour 1 stores
// 5 of its 10 kW surplus (to 4.75 kWh) and spills 5; hour 2 draws
// 4.75·0.95 = 4.5125 and imports 5.4875; hour 3 imports 10. Import
// 20.7375 kWh; at factors 1, 1, 2, 2 carbon 5.25 + 2·(5.4875 + 10).
func TestProxySimulateByHand(t *testing.T) {
	x := &proxy{hours: 1}
	r := x.simulate(probe{pvKWp: 10, eKWh: 10, pKW: 5}, []float64{10, 10, 10, 10}, []float64{1, 1, 2, 2},
		[]float64{0, 2, 0, 0}, make([]float64, 4))
	assert.InDelta(t, 20.7375, r.importKWh, 1e-12)
	assert.InDelta(t, 5.25+2*(5.4875+10), r.carbonKg, 1e-12)
	assert.InDelta(t, 5, r.surplusKWh, 1e-12)
}

// TestProxyRefinement: the proxy scores an aggregation that reproduces the
// series 0 and a reduced one above 0; refined, the same reduction scores no
// more than the medoids, here less; without renewables there is nothing
// to probe.
func TestProxyRefinement(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	days := 40
	n := days * 24
	load, pv, wind, factor := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	w := 0.5
	for i := range n {
		h := i % 24
		load[i] = 100 + 30*rng.Float64()
		if h >= 7 && h <= 17 {
			pv[i] = 0.8 * rng.Float64()
		}
		w = min(1, max(0, w+0.2*(rng.Float64()-0.5)))
		wind[i] = w
		factor[i] = 0.4 + 0.2*rng.Float64()
	}
	specs := []*aggSeries{{name: seriesLoad, values: load}, {name: seriesPV + ":a", values: pv},
		{name: seriesWind + ":w", values: wind}, {name: seriesDispatch, values: factor}}
	x := newProxy(specs, time.Hour)
	require.NotNil(t, x)
	assert.Len(t, x.probes, 4*3*3)

	all, _, err := aggregate(specs, time.Hour, 24, days)
	require.NoError(t, err)
	assert.InDelta(t, 0, x.score(all), 1e-12, "every day its own representative")

	plain, _, err := aggregate(specs, time.Hour, 24, 6)
	require.NoError(t, err)
	was := SetRefinePeriods(true)
	defer SetRefinePeriods(was)
	refined, _, err := aggregate(specs, time.Hour, 24, 6)
	require.NoError(t, err)
	require.NoError(t, refined.Check())
	assert.Positive(t, refined.Refined)
	assert.Positive(t, x.score(plain))
	// The search scores before the global rescaling, which moves little.
	assert.Less(t, x.score(refined), x.score(plain))

	assert.Nil(t, newProxy(specs[:1], time.Hour), "no renewables")
}
