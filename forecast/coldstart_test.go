package forecast_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// ratingKW is the rating of the synthetic turbine of calmThenWindyKW.
const ratingKW = 1500.0

// calmThenWindyKW is a turbine's available power, hourly from t0: a calm
// first 30 hours (0 kW), then wind of 700 kW with a daily cycle of ±250 kW, a
// 97-hour swing of ±200 kW and AR(1) gusts (ρ 0.9, σ 40 kW, fixed seed),
// clipped to [0, ratingKW].
func calmThenWindyKW(n int) []float64 {
	r := rand.New(rand.NewPCG(7, 7))
	v := make([]float64, n)
	e := 0.0
	for i := 30; i < n; i++ {
		x := float64(i)
		e = 0.9*e + 40*r.NormFloat64()
		w := 700 + 250*math.Sin(2*math.Pi*x/24) + 200*math.Sin(2*math.Pi*x/97) + e
		v[i] = math.Min(math.Max(w, 0), ratingKW)
	}
	return v
}

// hourly is v from t0, hourly, up to n.
func hourly(v []float64, n int) model.Series {
	return model.Series{Start: t0, Step: time.Hour, Values: v[:n:n]}
}

// A forecaster started at a calm day followed by wind follows the wind:
// from the second day to the tenth its 24-step forecasts, made every hour
// as a controller makes them, are about as good as persistence or better
// (skill ≥ −0.05) and stay within 10 % of the turbine's range; the
// regression, fitted from 74 h on, beats persistence over days 5–10.
// Before the fix the regression fitted its 54 columns on one calm row and
// forecast 0 kW for a week (skill −1.03 here). Holt–Winters fits 2 or 3
// smoothing parameters on a day of one-step errors and updates its state
// every step: it never had the flaw, and is checked alike.
func TestColdStartCalmThenWindy(t *testing.T) {
	v := calmThenWindyKW(24 * 11)
	for _, m := range []string{forecast.MethodRegression, forecast.MethodRegressionDay, forecast.MethodHoltWinters, forecast.MethodHoltWintersD} {
		t.Run(m, func(t *testing.T) {
			f, err := forecast.New(m, forecast.Inputs{})
			require.NoError(t, err)
			out := make([]float64, 24)
			var st, late model.ErrorStats
			for n := 1; n <= 24*10; n++ {
				require.NoError(t, f.Forecast(hourly(v, n), out))
				if n <= 24 {
					continue
				}
				for k, o := range out {
					require.False(t, o < -0.1*ratingKW || o > 1.1*ratingKW, "history %d lead %d: %.0f kW", n, k+1, o)
					st.Add(o, v[n+k], v[n-1])
					if n > 24*4 {
						late.Add(o, v[n+k], v[n-1])
					}
				}
			}
			assert.GreaterOrEqual(t, st.Skill(), -0.05, "skill over days 2–10 (MAE %.0f kW, bias %+.0f kW)", st.MAE(), st.Bias())
			if m == forecast.MethodRegression { // fitted from day 4 (74 h), it beats persistence
				assert.Greater(t, late.Skill(), 0.0, "skill over days 5–10 (MAE %.0f kW, bias %+.0f kW)", late.MAE(), late.Bias())
			}
			t.Logf("skill days 2–10 %+.3f, days 5–10 %+.3f", st.Skill(), late.Skill())
		})
	}
}

// The Texas demo's first week under the rolling horizon (6 h look-ahead,
// its default forecasters started fresh, through the public API): the
// wind forecast is no worse than persistence. Before the fix it was 0 kW
// for the week while the turbine gave up to 1,500 kW: MAE 609 kW, bias
// −557 kW, skill −0.99.
func TestColdStartDemoFirstWeek(t *testing.T) {
	s, cfg, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 6 * time.Hour, LimitHours: 168})
	require.NoError(t, err)
	res, err := s.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)
	found := false
	for _, f := range res.Report.Forecasts {
		if !strings.HasPrefix(f.Series, "wind:") {
			continue
		}
		found = true
		o := f.Overall
		require.NotNil(t, o.Skill, f.Series)
		t.Logf("%s: MAE %.0f kW, bias %+.0f kW, skill %+.3f", f.Series, o.MAE, o.Bias, *o.Skill)
		assert.GreaterOrEqual(t, *o.Skill, 0.0, f.Series)
		assert.Less(t, math.Abs(o.Bias), 0.25*o.MAE, "%s: errors both ways, not a forecast stuck at 0", f.Series)
	}
	require.True(t, found, "the demo has a wind turbine")
}

// The cold start's steps, hourly with the same-time-yesterday term (54
// columns; 25 in the daily model): persistence up to a day of history
// (24 h), a naive forecast up to 73 h (no coefficients), the daily model
// from 74 h (50 rows of fit = 2 × 25 ≥ a day: day-of-week and weekend
// coefficients exactly 0), the full design from 192 h (168 rows: a week ≥
// 2 × 54).
func TestRegressionColdStartSteps(t *testing.T) {
	v := make([]float64, 24*10)
	r := rand.New(rand.NewPCG(3, 3))
	for i := range v { // a weekday/weekend shape and noise
		tm := t0.Add(time.Duration(i) * time.Hour)
		v[i] = 100 + 30*math.Sin(2*math.Pi*float64(tm.Hour())/24) + 5*r.NormFloat64()
		if wd := tm.Weekday(); wd == time.Saturday || wd == time.Sunday {
			v[i] -= 40
		}
	}
	f, err := forecast.NewRegression(forecast.RegressionConfig{})
	require.NoError(t, err)
	out := make([]float64, 24)
	for n := 1; n <= len(v); n++ {
		require.NoError(t, f.Forecast(hourly(v, n), out))
		coef, _ := f.Coefficients()
		switch {
		case n < 74:
			require.Empty(t, coef, "history %d: not fitted yet", n)
		case n < 192:
			require.Len(t, coef, 54, "history %d", n)
			require.NotZero(t, coef[1], "history %d: hour 1", n)
			for k := 24; k < 53; k++ {
				require.Zero(t, coef[k], "history %d: column %d (weekday or weekend hour)", n, k)
			}
		default:
			require.Len(t, coef, 54, "history %d", n)
			require.NotZero(t, coef[29], "history %d: Saturday", n)
		}
	}
}

// Before the first fit the forecast is same time yesterday for a series
// that repeats its day and persistence for one that does not: whichever
// forecast the last day better.
func TestRegressionColdStartNaive(t *testing.T) {
	day := make([]float64, 24*3)
	walk := make([]float64, 24*3)
	r := rand.New(rand.NewPCG(4, 4))
	for i := range day {
		day[i] = 100 + 50*math.Sin(2*math.Pi*float64(i)/24)
		if i > 0 {
			walk[i] = walk[i-1] + r.NormFloat64()
		}
	}
	const n = 40
	for _, tc := range []struct {
		name string
		v    []float64
		want func(j int) float64
	}{
		{"repeating day: same time yesterday", day, func(j int) float64 { return day[n-24+j] }},
		{"random walk: persistence", walk, func(int) float64 { return walk[n-1] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := forecast.NewRegression(forecast.RegressionConfig{})
			require.NoError(t, err)
			out := make([]float64, 24)
			require.NoError(t, f.Forecast(hourly(tc.v, n), out))
			for j, o := range out {
				assert.Equal(t, tc.want(j), o, "lead %d", j+1)
			}
		})
	}
}

// A call between fits allocates nothing, in the cold start's naive phase
// and on a fitted model alike (fits allocate; see BenchmarkDefaultPerCall
// for their amortised cost).
func TestRegressionForecastAllocs(t *testing.T) {
	v := calmThenWindyKW(24 * 12)
	for _, n := range []int{40, 100, 250} { // naive, daily model, full design
		f, err := forecast.NewRegression(forecast.RegressionConfig{})
		require.NoError(t, err)
		out := make([]float64, 24)
		for k := 1; k <= n; k++ {
			require.NoError(t, f.Forecast(hourly(v, k), out))
		}
		h := hourly(v, n)
		allocs := testing.AllocsPerRun(20, func() {
			if err := f.Forecast(h, out); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "history %d", n)
	}
}
