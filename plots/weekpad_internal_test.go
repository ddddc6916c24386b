package plots

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/plot"
)

// The week's power panel has headroom beyond the data and a labelled
// tick below zero when the data run below it, however little (plots QA:
// battery charge and heat-pump draw down to −850 kW under labels every
// 1,000 kW, the axis fitted exactly to the data).
func TestPadSigned(t *testing.T) {
	for _, c := range []struct{ lo, hi float64 }{{-850, 3700}, {-40, 3700}, {-2600, 3700}, {-0.3, 2.2}} {
		p := plot.New()
		setFonts(p, 13, 11, 10)
		p.Y.Min, p.Y.Max = c.lo, c.hi
		padSigned(p)
		w := c.hi - c.lo
		assert.LessOrEqual(t, p.Y.Min, c.lo-0.05*w+1e-9, "%v: headroom below", c)
		assert.GreaterOrEqual(t, p.Y.Max, c.hi+0.05*w-1e-9, "%v: headroom above", c)
		neg := 0
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if tk.Label != "" && tk.Value < 0 {
				neg++
				assert.GreaterOrEqual(t, tk.Value, p.Y.Min)
			}
		}
		assert.Positive(t, neg, "%v: a labelled tick below zero", c)
	}
	// An axis from zero stays at zero.
	p := plot.New()
	p.Y.Min, p.Y.Max = 0, 100
	padSigned(p)
	assert.Equal(t, 0.0, p.Y.Min)
}

// The week's title line gives its energies in one unit (plots QA: "load
// 1.29 GWh · grid import 500.7 MWh").
func TestWeekTotalsOneUnit(t *testing.T) {
	s := weekTotals{loadKWh: 1_290_000, importKWh: 500_700, emissionsKg: 204_810, renewableShare: 0.2}.String()
	assert.Contains(t, s, "load 1.29 GWh")
	assert.Contains(t, s, "grid import 0.50 GWh")
	assert.NotContains(t, s, "MWh")
	s = weekTotals{heat: true, loadKWh: 344_500, heatKWh: 184_300, importKWh: 306_700, fuelKWh: 91_200}.String()
	for _, want := range []string{"load 344.5 MWh", "heat 184.3 MWh_th", "grid import 306.7 MWh", "fuel 91.2 MWh"} {
		assert.Contains(t, s, want)
	}
}
