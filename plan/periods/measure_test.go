package periods_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plan/periods"
)

// importProxy is the park's grid import without storage for the given
// renewable capacities, Σ max(0, load − PV − wind)·Δt (kWh), and its carbon
// (kgCO2e): a nonlinear function of the series, so it shows what an
// aggregation loses that its totals do not. reps gives the aggregated
// form: a weighted sum over the representatives.
func importProxy(load, pv, wind, carbon []float64, pvKWp, windKW float64) (kWh, kg float64) {
	for t := range load {
		imp := max(0, load[t]-pvKWp*pv[t]-windKW*wind[t])
		kWh += imp
		kg += imp * carbon[t]
	}
	return kWh, kg
}

func aggImportProxy(a *periods.Aggregation, pvKWp, windKW float64) (kWh, kg float64) {
	for _, r := range a.Reps {
		e, c := importProxy(r.Values[0], r.Values[1], r.Values[2], r.Values[3], pvKWp, windKW)
		kWh += float64(r.Weight) * e
		kg += float64(r.Weight) * c
	}
	return kWh, kg
}

// TestDemoMeasurement aggregates the demo year's load, PV, wind and
// carbon into weeks and days, for several K, with and without rescaling
// and with and without the peak-load and least-wind periods kept, and logs
// the import proxy's error at the demo's capacities and at three times
// them, and the mean error of the four annual totals (the table in doc.go;
// run with -v). It asserts what must hold in every case: the aggregation is
// consistent, and rescaled totals match the original within 2e-6.
func TestDemoMeasurement(t *testing.T) {
	d := loadDemo(t)
	series := d.series[:4]
	extremes := []periods.Extreme{{Series: "load_kw", Kind: periods.PeakMax}, {Series: "wind_kw_per_kw", Kind: periods.MeanMin}}
	for _, c := range []struct {
		name  string
		steps int
		ks    []int
	}{
		{"weeks", 168, []int{6, 8, 10, 12, 14, 16, 20, 26}},
		{"days", 24, []int{8, 12, 16, 24, 32, 48, 64, 96}},
	} {
		for _, ex := range [][]periods.Extreme{nil, extremes} {
			for _, rescale := range []bool{false, true} {
				var at12 [3]float64 // import error at 1×, at 3×, mean |total error|
				var mean [3]float64
				for _, k := range c.ks {
					cfg := periods.Config{PeriodSteps: c.steps, Periods: k, Extremes: ex, Rescale: rescale}
					a, err := periods.Aggregate(series, d.step, cfg)
					require.NoError(t, err)
					require.NoError(t, a.Check())
					errs, err := a.Errors(series)
					require.NoError(t, err)
					var e [3]float64
					for _, se := range errs {
						if rescale {
							require.InDelta(t, 0, se.TotalRelError, 2e-6, se.Name)
						}
						e[2] += math.Abs(se.TotalRelError) / float64(len(errs))
					}
					for j, scale := range []float64{1, 3} {
						full, _ := importProxy(d.loadKW, d.pvPerKWp, d.windPerKW, d.carbon, scale*d.pvKWp, scale*d.windKW)
						agg, _ := aggImportProxy(a, scale*d.pvKWp, scale*d.windKW)
						require.False(t, math.IsNaN(agg))
						e[j] = (agg - full) / full
					}
					for j := range e {
						mean[j] += math.Abs(e[j]) / float64(len(c.ks))
					}
					if k == 12 {
						at12 = e
					}
				}
				t.Logf("%-5s extremes=%-5v rescale=%-5v K=12: import %+5.1f %% (1×) %+5.1f %% (3×), totals %4.1f %% | mean |.| over K=%v: %4.1f %%, %4.1f %%, %4.1f %%",
					c.name, ex != nil, rescale, 100*at12[0], 100*at12[1], 100*at12[2], c.ks, 100*mean[0], 100*mean[1], 100*mean[2])
			}
		}
	}
}
