package forecast_test

import (
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// The default forecasters of a demo park, called the way the dispatch
// calls them: with the history up to now, for the next 24 hours.
func ExampleDefaultSet() {
	sc, err := scenario.Demo("texas2012")
	if err != nil {
		panic(err)
	}
	pr := sc.Profiles
	fs, err := forecast.DefaultSet(sc.Park, sc.Series, pr)
	if err != nil {
		panic(err)
	}
	now := 24*180 + 6 // 06:00 on 30 June
	out := make([]float64, 24)
	hist := model.Series{Start: pr.Start, Step: pr.Step, Values: pr.PVAvailKW[0][:now]}
	if err := fs.PV[0].Forecast(hist, out); err != nil {
		panic(err)
	}
	fmt.Printf("%d load, %d PV, %d wind forecasters\n", len(fs.Load), len(fs.PV), len(fs.Wind))
	fmt.Printf("%s PV at noon: forecast %.0f kW, actual %.0f kW\n",
		pr.Start.Add(time.Duration(now+6)*pr.Step).Format("Jan 2 15:04"), out[6], pr.PVAvailKW[0][now+6])
	// Output:
	// 8 load, 2 PV, 1 wind forecasters
	// Jun 30 12:00 PV at noon: forecast 701 kW, actual 680 kW
}

// Backtesting persistence and seasonal naive on a daily pattern with
// noise-free data: same time yesterday is exact.
func ExampleBacktest() {
	v := make([]float64, 14*24)
	for i := range v {
		v[i] = 100 + 50*math.Sin(2*math.Pi*float64(i)/24)
	}
	s := model.Series{Start: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Values: v}
	for _, f := range []model.Forecaster{forecast.Persistence{}, forecast.SeasonalNaive{Period: 24 * time.Hour}} {
		r, err := forecast.Backtest(f, s, 24, 48, 1)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%T: %d forecasts, RMSE %.2f, skill@1 %.2f, skill %.2f\n",
			f, r.Origins, r.Overall.RMSE(), r.Skill(1), r.Overall.Skill())
	}
	// Output:
	// forecast.Persistence: 265 forecasts, RMSE 49.96, skill@1 0.00, skill 0.00
	// forecast.SeasonalNaive: 265 forecasts, RMSE 0.00, skill@1 1.00, skill 1.00
}

// Same time last week, by name through the registry.
func ExampleNew() {
	f, err := forecast.New(forecast.MethodSeasonalWeek, forecast.Inputs{})
	if err != nil {
		panic(err)
	}
	v := make([]float64, 8*24)
	for i := range v {
		v[i] = float64(i / 24) // day number
	}
	out := make([]float64, 3)
	if err := f.Forecast(model.Series{Start: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Values: v}, out); err != nil {
		panic(err)
	}
	fmt.Println(out)
	// Output:
	// [1 1 1]
}

// Clear-sky-index persistence: the morning's ratio of observed to
// clear-sky power carried over the rest of the day.
func ExampleClearSkyPersistence() {
	w := model.PVWeather{LatitudeDeg: 35.21, LongitudeDeg: -101.94, ElevationM: 1102, TiltDeg: 30, AzimuthDeg: 180}
	start := time.Date(2023, 6, 21, 0, 0, 0, 0, time.FixedZone("CST", -6*3600))
	cs, err := physics.ClearSkyPVKW(w, 100, 0, start, time.Hour, 48)
	if err != nil {
		panic(err)
	}
	f, err := forecast.NewClearSkyPersistence(model.Series{Start: start, Step: time.Hour, Values: cs})
	if err != nil {
		panic(err)
	}
	obs := make([]float64, 10) // until 10:00, a hazy morning at 60 % of clear sky
	for i := range obs {
		obs[i] = 0.6 * cs[i]
	}
	out := make([]float64, 4)
	if err := f.Forecast(model.Series{Start: start, Step: time.Hour, Values: obs}, out); err != nil {
		panic(err)
	}
	fmt.Printf("clear sky 10–13 h: %.1f kW\nforecast  10–13 h: %.1f kW\n", cs[10:14], out)
	// Output:
	// clear sky 10–13 h: [63.7 72.8 77.0 76.1] kW
	// forecast  10–13 h: [38.2 43.7 46.2 45.7] kW
}
