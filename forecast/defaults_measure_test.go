package forecast_test

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// demoSeries is one forecastable series of a demo with its inputs.
type demoSeries struct {
	demo, kind, name string
	s                model.Series
	in               forecast.Inputs
}

func demoSeriesAll(t testing.TB) []demoSeries {
	var out []demoSeries
	for _, name := range []string{"texas2012", "greensboro"} {
		sc, err := scenario.Demo(name)
		require.NoError(t, err)
		pr := sc.Profiles
		ser := func(v []float64) model.Series { return model.Series{Start: pr.Start, Step: pr.Step, Values: v} }
		for i, l := range sc.Park.Loads {
			out = append(out, demoSeries{name, "load", l.Name, ser(pr.LoadKW[i]), forecast.Inputs{}})
		}
		for i, a := range sc.Park.PV {
			in := forecast.Inputs{}
			if a.Weather != nil {
				cs, err := physics.ClearSkyPVKW(*a.Weather, a.CapacityKWp, 0, pr.Start, pr.Step, pr.Len)
				require.NoError(t, err)
				c := ser(cs)
				in.ClearSky = &c
			}
			out = append(out, demoSeries{name, "pv", a.Name, ser(pr.PVAvailKW[i]), in})
		}
		for i, w := range sc.Park.Wind {
			out = append(out, demoSeries{name, "wind", w.Name, ser(pr.WindAvailKW[i]), forecast.Inputs{}})
		}
		out = append(out, demoSeries{name, "carbon", sc.Park.Grid.DispatchCarbon.Column, ser(pr.DispatchKgCO2ePerKWh), forecast.Inputs{}})
	}
	return out
}

// TestMeasureMethods prints the table of doc_forecasting.md (set
// ZEROPARK_MEASURE=1; it takes about a minute).
func TestMeasureMethods(t *testing.T) {
	if os.Getenv("ZEROPARK_MEASURE") == "" {
		t.Skip("set ZEROPARK_MEASURE=1 to measure every method on the demo data")
	}
	type key struct{ kind, method string }
	agg := map[key]*forecast.BacktestResult{}
	for _, ds := range demoSeriesAll(t) {
		start := time.Now()
		cmp, err := forecast.Compare(nil, ds.in, ds.s, 24, 168, 1)
		require.NoError(t, err)
		for _, c := range cmp {
			k := key{ds.kind, c.Method}
			a := agg[k]
			if a == nil {
				a = &forecast.BacktestResult{Lead: make([]model.ErrorStats, 24)}
				agg[k] = a
			}
			for i, l := range c.Result.Lead {
				a.Lead[i].Merge(l)
			}
			a.Overall.Merge(c.Result.Overall)
			a.Origins += c.Result.Origins
		}
		t.Logf("%s %s %s: %v", ds.demo, ds.kind, ds.name, time.Since(start))
	}
	keys := make([]key, 0, len(agg))
	for k := range agg {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].kind != keys[j].kind {
			return keys[i].kind < keys[j].kind
		}
		return agg[keys[i]].Overall.RMSE() < agg[keys[j]].Overall.RMSE()
	})
	var b strings.Builder
	fmt.Fprintf(&b, "| series | method | MAE | RMSE | nMAE | bias | skill | skill@1 | skill@6 | skill@24 |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, k := range keys {
		a := agg[k]
		o := &a.Overall
		fmt.Fprintf(&b, "| %s | %s | %.4g | %.4g | %.3f | %+.3g | %+.3f | %+.3f | %+.3f | %+.3f |\n", k.kind, k.method,
			o.MAE(), o.RMSE(), o.NMAE(), o.Bias(), o.Skill(), a.Skill(1), a.Skill(6), a.Skill(24))
	}
	fmt.Print(b.String())
}

// TestMeasureHeatMethods prints the heat-load table of doc_forecasting.md:
// every method on the 16 heat loads of the greensboro-heat demo, and
// "regression+temp", the regression with the demo's temperature column as
// its temperature input (set ZEROPARK_MEASURE=1).
func TestMeasureHeatMethods(t *testing.T) {
	if os.Getenv("ZEROPARK_MEASURE") == "" {
		t.Skip("set ZEROPARK_MEASURE=1 to measure every method on the heat demo's heat loads")
	}
	sc, err := scenario.Demo("greensboro-heat")
	require.NoError(t, err)
	pr := sc.Profiles
	temp, ok := sc.Series.Column("temp_c")
	require.True(t, ok)
	agg := map[string]*forecast.BacktestResult{}
	add := func(method string, r *forecast.BacktestResult) {
		a := agg[method]
		if a == nil {
			a = &forecast.BacktestResult{Lead: make([]model.ErrorStats, 24)}
			agg[method] = a
		}
		for i, l := range r.Lead {
			a.Lead[i].Merge(l)
		}
		a.Overall.Merge(r.Overall)
		a.Origins += r.Origins
	}
	for i := range sc.Park.HeatLoads {
		s := model.Series{Start: pr.Start, Step: pr.Step, Values: pr.HeatLoadKWTh[i]}
		cmp, err := forecast.Compare(nil, forecast.Inputs{}, s, 24, 168, 1)
		require.NoError(t, err)
		for _, c := range cmp {
			add(c.Method, c.Result)
		}
		f, err := forecast.New(forecast.MethodRegression, forecast.Inputs{TemperatureC: &temp})
		require.NoError(t, err)
		r, err := forecast.Backtest(f, s, 24, 168, 1)
		require.NoError(t, err)
		add("regression+temp", r)
	}
	names := make([]string, 0, len(agg))
	for m := range agg {
		names = append(names, m)
	}
	sort.Slice(names, func(i, j int) bool { return agg[names[i]].Overall.RMSE() < agg[names[j]].Overall.RMSE() })
	var b strings.Builder
	fmt.Fprintf(&b, "| series | method | MAE | RMSE | nMAE | bias | skill | skill@1 | skill@6 | skill@24 |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, m := range names {
		a := agg[m]
		o := &a.Overall
		fmt.Fprintf(&b, "| heat | %s | %.4g | %.4g | %.3f | %+.3g | %+.3f | %+.3f | %+.3f | %+.3f |\n", m,
			o.MAE(), o.RMSE(), o.NMAE(), o.Bias(), o.Skill(), a.Skill(1), a.Skill(6), a.Skill(24))
	}
	fmt.Print(b.String())
}
