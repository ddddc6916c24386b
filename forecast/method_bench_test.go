package forecast_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// BenchmarkForecast backtests each method over a year of hourly data (the
// Texas demo's large-office load, or its rooftop PV for the PV methods):
// one forecast of 24 h every hour from 168 h on, fits included. ns/call is
// the mean cost of one Forecast.
func BenchmarkForecast(b *testing.B) {
	sc, err := scenario.Demo("texas2012")
	require.NoError(b, err)
	pr := sc.Profiles
	ser := func(v []float64) model.Series { return model.Series{Start: pr.Start, Step: pr.Step, Values: v} }
	a := sc.Park.PV[0]
	cs, err := physics.ClearSkyPVKW(*a.Weather, a.CapacityKWp, 0, pr.Start, pr.Step, pr.Len)
	require.NoError(b, err)
	csS := ser(cs)
	tempS := ser(sc.Series.Columns["temp_c"])
	in := forecast.Inputs{ClearSky: &csS, TemperatureC: &tempS, Provided: &csS,
		PVWeather: a.Weather, CapacityKWp: a.CapacityKWp, Weather: sc.Series}
	for _, m := range forecast.Methods() {
		s := ser(pr.LoadKW[0])
		switch m {
		case forecast.MethodClearSky, forecast.MethodWeatherPV:
			s = ser(pr.PVAvailKW[0])
		}
		b.Run("method="+m, func(b *testing.B) {
			b.ReportAllocs()
			calls := 0
			for b.Loop() {
				f, err := forecast.New(m, in)
				require.NoError(b, err)
				r, err := forecast.Backtest(f, s, 24, 168, 1)
				require.NoError(b, err)
				calls += r.Origins
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(calls), "ns/call")
		})
	}
}

// BenchmarkDefaultPerCall is the cost of one call of each default
// forecaster of the Texas demo as the dispatch makes it: every hour, H = 24,
// with the history grown by one hour since the previous call (refits
// included, amortised).
func BenchmarkDefaultPerCall(b *testing.B) {
	sc, err := scenario.Demo("texas2012")
	require.NoError(b, err)
	pr := sc.Profiles
	fs, err := forecast.DefaultSet(sc.Park, sc.Series, pr)
	require.NoError(b, err)
	cases := []struct {
		name string
		f    model.Forecaster
		v    []float64
	}{
		{"load", fs.Load[0], pr.LoadKW[0]},
		{"pv", fs.PV[0], pr.PVAvailKW[0]},
		{"wind", fs.Wind[0], pr.WindAvailKW[0]},
		{"carbon", fs.Carbon, pr.DispatchKgCO2ePerKWh},
	}
	for _, c := range cases {
		b.Run("series="+c.name, func(b *testing.B) {
			out := make([]float64, 24)
			const first = 168
			t := first
			b.ReportAllocs()
			for b.Loop() {
				if t+24 > len(c.v) {
					t = first
				}
				if err := c.f.Forecast(model.Series{Start: pr.Start, Step: time.Hour, Values: c.v[:t]}, out); err != nil {
					b.Fatal(err)
				}
				t++
			}
		})
	}
}

// BenchmarkRegressionFit is the cost of one fit of the regression on the
// Texas demo's large-office load with its temperature: the default 8-week
// window (1,344 rows × 56 columns hourly), refitted at every call
// (RefitEvery one step), H = 24. B/op and allocs/op are those of one fit
// and the forecast after it.
func BenchmarkRegressionFit(b *testing.B) {
	sc, err := scenario.Demo("texas2012")
	require.NoError(b, err)
	pr := sc.Profiles
	tempS := model.Series{Start: pr.Start, Step: pr.Step, Values: sc.Series.Columns["temp_c"]}
	f, err := forecast.NewRegression(forecast.RegressionConfig{TemperatureC: &tempS, RefitEvery: pr.Step})
	require.NoError(b, err)
	v := pr.LoadKW[0]
	out := make([]float64, 24)
	const first = 8*7*24 + 24
	t := first
	b.ReportAllocs()
	for b.Loop() {
		if t+24 > len(v) {
			t = first
		}
		if err := f.Forecast(model.Series{Start: pr.Start, Step: pr.Step, Values: v[:t]}, out); err != nil {
			b.Fatal(err)
		}
		t++
	}
}
