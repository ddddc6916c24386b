package forecast_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

var t0 = time.Date(2023, 1, 2, 0, 0, 0, 0, time.FixedZone("CST", -6*3600)) // a Monday

// synthetic is a daily + weekly seasonal series with AR noise, n hours.
func synthetic(n int, seed uint64) model.Series {
	r := rand.New(rand.NewPCG(seed, 1))
	v := make([]float64, n)
	e := 0.0
	for i := range v {
		e = 0.7*e + r.NormFloat64()
		v[i] = 100 + 30*math.Sin(2*math.Pi*float64(i)/24) + 10*math.Cos(2*math.Pi*float64(i)/168) + 3*e
	}
	return model.Series{Start: t0, Step: time.Hour, Values: v}
}

// allInputs builds inputs that make every method applicable on n hours
// from t0 (plus a margin for the horizon).
func allInputs(t *testing.T, n int) forecast.Inputs {
	m := n + 48
	clear := make([]float64, m)
	temp := make([]float64, m)
	prov := make([]float64, m)
	for i := range clear {
		clear[i] = math.Max(0, 500*math.Sin(2*math.Pi*float64(i%24-6)/24))
		temp[i] = 15 + 10*math.Sin(2*math.Pi*float64(i)/24)
		prov[i] = float64(i % 13)
	}
	// A weather "forecast" set for weather-pv: clear-sky-like irradiance.
	ghi := make([]float64, m)
	for i := range ghi {
		ghi[i] = math.Max(0, 800*math.Sin(2*math.Pi*float64(i%24-6)/24))
	}
	set := &model.SeriesSet{Start: t0, Step: time.Hour, Len: m, Names: []string{"ghi", "dni", "dhi"},
		Columns: map[string][]float64{"ghi": ghi, "dni": ghi, "dhi": ghi}}
	w := &model.PVWeather{LatitudeDeg: 35, LongitudeDeg: -100, TiltDeg: 30, AzimuthDeg: 180,
		GHIColumn: "ghi", DNIColumn: "dni", DHIColumn: "dhi"}
	s := func(v []float64) *model.Series { return &model.Series{Start: t0, Step: time.Hour, Values: v} }
	in := forecast.Inputs{ClearSky: s(clear), TemperatureC: s(temp), Provided: s(prov),
		PVWeather: w, CapacityKWp: 100, Weather: set}
	for _, m := range forecast.Methods() {
		require.True(t, in.Applicable(m), m)
	}
	return in
}

// TestNoLookAhead: for every method, changing the values at and after t
// does not change the forecast made at t — from a fresh forecaster and from
// one that followed the series hour by hour up to t. The history handed
// over is not capped, so a forecaster that resliced past t would be caught.
func TestNoLookAhead(t *testing.T) {
	const n, h = 6 * 168, 24
	base := synthetic(n, 7)
	in := allInputs(t, n)
	r := rand.New(rand.NewPCG(3, 3))
	for _, method := range forecast.Methods() {
		for _, at := range []int{1, 23, 200, 400, 5 * 168} {
			pert := model.Series{Start: base.Start, Step: base.Step, Values: append([]float64(nil), base.Values...)}
			for i := at; i < n; i++ {
				pert.Values[i] += 50 * r.NormFloat64()
			}
			hist := func(s model.Series) model.Series { s.Values = s.Values[:at]; return s }

			warm, err := forecast.New(method, in)
			require.NoError(t, err)
			for k := max(1, at-50); k < at; k++ {
				require.NoError(t, warm.Forecast(hist(model.Series{Start: base.Start, Step: base.Step, Values: base.Values[:k]}), make([]float64, h)))
			}
			a, b, c := make([]float64, h), make([]float64, h), make([]float64, h)
			require.NoError(t, warm.Forecast(hist(base), a), method)
			require.NoError(t, warm.Forecast(hist(pert), b), method)
			fresh, err := forecast.New(method, in)
			require.NoError(t, err)
			require.NoError(t, fresh.Forecast(hist(pert), c), method)
			assert.Equal(t, a, b, "%s at %d: warm forecaster changed with the future", method, at)
			if method != forecast.MethodHoltWinters && method != forecast.MethodHoltWintersD && method != forecast.MethodRegression &&
				method != forecast.MethodRegressionDay {
				assert.Equal(t, a, c, "%s at %d", method, at)
			} else {
				// Refit schedules differ (warm was fitted earlier), so the
				// fresh forecast is not equal, only finite: the look-ahead
				// check is a == b above.
				for j := range c {
					assert.False(t, math.IsNaN(c[j]) || math.IsInf(c[j], 0))
				}
			}
			for _, v := range a {
				assert.False(t, math.IsNaN(v) || math.IsInf(v, 0), method)
			}
		}
	}
}

func TestPersistenceSkillIsZero(t *testing.T) {
	s := synthetic(3*168, 1)
	r, err := forecast.Backtest(forecast.Persistence{}, s, 24, 10, 3)
	require.NoError(t, err)
	require.Positive(t, r.Origins)
	assert.Equal(t, 0.0, r.Overall.Skill())
	for k := range r.Lead {
		assert.Equal(t, 0.0, r.Lead[k].Skill(), "lead %d", k+1)
		assert.Equal(t, r.Lead[k].SumSq, r.Lead[k].PersistSumSq)
	}
}

func TestSeasonalNaiveExactOnSinusoid(t *testing.T) {
	for _, tc := range []struct {
		name   string
		period time.Duration
		steps  int
		step   time.Duration
	}{
		{"day hourly", 24 * time.Hour, 24, time.Hour},
		{"day 15 min", 24 * time.Hour, 96, 15 * time.Minute},
		{"week hourly", 168 * time.Hour, 168, time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 4 * tc.steps
			v := make([]float64, n)
			for i := range v {
				v[i] = 10 + 5*math.Sin(2*math.Pi*float64(i)/float64(tc.steps))
			}
			s := model.Series{Start: t0, Step: tc.step, Values: v}
			f := forecast.SeasonalNaive{Period: tc.period}
			r, err := forecast.Backtest(f, s, tc.steps+5, tc.steps, 7)
			require.NoError(t, err)
			require.Positive(t, r.Origins)
			assert.InDelta(t, 0, r.Overall.RMSE(), 1e-12)
			assert.InDelta(t, 1, r.Overall.Skill(), 1e-12)
		})
	}
	// A step that does not divide the season is an error, not a panic.
	err := forecast.SeasonalNaive{Period: 24 * time.Hour}.Forecast(
		model.Series{Start: t0, Step: 7 * time.Hour, Values: []float64{1, 2}}, make([]float64, 3))
	assert.ErrorIs(t, err, forecast.ErrInvalid)
}

func TestPersistenceEmptyHistory(t *testing.T) {
	for _, m := range []string{forecast.MethodPersistence, forecast.MethodSeasonalDay, forecast.MethodHoltWinters, forecast.MethodRegression} {
		f, err := forecast.New(m, forecast.Inputs{})
		require.NoError(t, err)
		err = f.Forecast(model.Series{Start: t0, Step: time.Hour}, make([]float64, 3))
		assert.ErrorIs(t, err, forecast.ErrNoHistory, m)
	}
}

// simulateETS draws from the innovations state-space model ETS(A,N,A)
// with a daily season (Hyndman et al., "Forecasting with Exponential
// Smoothing", 2008, ch. 2): the one Holt–Winters with daily season fits.
func simulateETS(n int, alpha, gamma, sigma float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 2))
	l := 50.0
	s := make([]float64, 24)
	for i := range s {
		s[i] = 10 * math.Sin(2*math.Pi*float64(i)/24)
	}
	y := make([]float64, n)
	for i := range y {
		e := sigma * r.NormFloat64()
		y[i] = l + s[i%24] + e
		l += alpha * e
		s[i%24] += gamma * e
	}
	return y
}

func TestHoltWintersRecoversParameters(t *testing.T) {
	// Tolerance 0.05 on each parameter with 16 weeks of hourly data
	// (the estimator's standard error there is about 0.01–0.02).
	for _, tc := range []struct{ alpha, gamma float64 }{{0.3, 0.1}, {0.1, 0.2}, {0.5, 0.05}} {
		y := simulateETS(16*168, tc.alpha, tc.gamma, 1, 11)
		hw, err := forecast.NewHoltWinters(forecast.HoltWintersConfig{FitWindow: 16 * 168 * time.Hour, MaxEvaluations: 1000})
		require.NoError(t, err)
		require.NoError(t, hw.Forecast(model.Series{Start: t0, Step: time.Hour, Values: y}, make([]float64, 24)))
		p := hw.Params()
		assert.InDelta(t, tc.alpha, p.Alpha, 0.05, "alpha %+v", tc)
		assert.InDelta(t, tc.gamma, p.Gamma, 0.05, "gamma %+v", tc)
		assert.Equal(t, 0.0, p.Beta)

		// Cross-check with an independent implementation of the one-step
		// SSE (same initial state: mean and hourly deviations of the first
		// two days): the fit is at least as good as the true parameters.
		sse := func(alpha, gamma float64) float64 {
			l := 0.0
			for _, v := range y[:48] {
				l += v / 48
			}
			s := make([]float64, 24)
			for i, v := range y[:48] {
				s[i%24] += (v - l) / 2
			}
			sum := 0.0
			for i, v := range y {
				e := v - l - s[i%24]
				sum += e * e
				l += alpha * e
				s[i%24] += gamma * e
			}
			return sum
		}
		assert.LessOrEqual(t, sse(p.Alpha, p.Gamma), sse(tc.alpha, tc.gamma)*(1+1e-6))
	}
}

func TestHoltWintersFixedParamsAndErrors(t *testing.T) {
	_, err := forecast.NewHoltWinters(forecast.HoltWintersConfig{Params: &forecast.HWParams{Alpha: 2}})
	assert.ErrorIs(t, err, forecast.ErrInvalid)
	_, err = forecast.NewHoltWinters(forecast.HoltWintersConfig{FitWindow: -time.Hour})
	assert.ErrorIs(t, err, forecast.ErrInvalid)
	// Zero parameters keep the initial state: a pure daily pattern is
	// reproduced exactly.
	v := make([]float64, 3*24)
	for i := range v {
		v[i] = float64(i % 24)
	}
	hw, err := forecast.NewHoltWinters(forecast.HoltWintersConfig{Params: &forecast.HWParams{}})
	require.NoError(t, err)
	out := make([]float64, 30)
	require.NoError(t, hw.Forecast(model.Series{Start: t0, Step: time.Hour, Values: v}, out))
	for j, o := range out {
		assert.InDelta(t, float64(j%24), o, 1e-9)
	}
	// A NaN in the history is an input error naming the row.
	v[40] = math.NaN()
	hw2, _ := forecast.NewHoltWinters(forecast.HoltWintersConfig{})
	err = hw2.Forecast(model.Series{Start: t0, Step: time.Hour, Values: v}, out)
	var ie *forecast.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 40, ie.Row)
}

func TestRegressionRecoversCoefficients(t *testing.T) {
	const n = 6 * 168
	temp := make([]float64, n+48)
	r := rand.New(rand.NewPCG(5, 5))
	for i := range temp {
		temp[i] = 18 + 12*math.Sin(2*math.Pi*float64(i)/24) + 4*r.NormFloat64()
	}
	// Known model: intercept 100, hour h adds 2h, Monday–Saturday add 10·d,
	// weekend hours add −h, heating 3 per °C below 18, cooling 5 per °C above.
	truth := func(tm time.Time, tc float64) float64 {
		h, d := tm.Hour(), int(tm.Weekday())
		v := 100 + 2*float64(h) + 10*float64(d)
		if d == 0 || d == 6 {
			v -= float64(h)
		}
		return v + 3*math.Max(18-tc, 0) + 5*math.Max(tc-18, 0)
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = truth(t0.Add(time.Duration(i)*time.Hour), temp[i])
	}
	ts := model.Series{Start: t0, Step: time.Hour, Values: temp}
	reg, err := forecast.NewRegression(forecast.RegressionConfig{TemperatureC: &ts, FitWindow: n * time.Hour, NoAR: true})
	require.NoError(t, err)
	out := make([]float64, 48)
	require.NoError(t, reg.Forecast(model.Series{Start: t0, Step: time.Hour, Values: y}, out))
	coef, rho := reg.Coefficients()
	require.Len(t, coef, 56)
	assert.InDelta(t, 0, coef[55], 1e-4) // same-time-yesterday: not in the truth
	assert.InDelta(t, 100, coef[0], 1e-3)
	for h := 1; h < 24; h++ {
		assert.InDelta(t, 2*float64(h), coef[h], 1e-3, "hour %d", h)
		assert.InDelta(t, -float64(h), coef[29+h], 1e-3, "weekend hour %d", h)
	}
	for d := 1; d <= 6; d++ {
		assert.InDelta(t, 10*float64(d), coef[23+d], 1e-3, "weekday %d", d)
	}
	assert.InDelta(t, 3, coef[53], 1e-4)
	assert.InDelta(t, 5, coef[54], 1e-4)
	assert.Equal(t, 0.0, rho)
	for j, o := range out { // and forecasts the future from the temperatures
		assert.InDelta(t, truth(t0.Add(time.Duration(n+j)*time.Hour), temp[n+j]), o, 1e-3)
	}
}

func TestRegressionAR1(t *testing.T) {
	// Calendar-only truth plus an AR(1) residual with ρ = 0.8: the fitted ρ
	// matches within 0.05 over 8 weeks.
	const n = 8 * 168
	r := rand.New(rand.NewPCG(9, 9))
	y := make([]float64, n)
	e := 0.0
	for i := range y {
		e = 0.8*e + r.NormFloat64()
		y[i] = 50 + 5*float64(t0.Add(time.Duration(i)*time.Hour).Hour()) + e
	}
	reg, err := forecast.NewRegression(forecast.RegressionConfig{})
	require.NoError(t, err)
	require.NoError(t, reg.Forecast(model.Series{Start: t0, Step: time.Hour, Values: y}, make([]float64, 24)))
	_, rho := reg.Coefficients()
	assert.InDelta(t, 0.8, rho, 0.05)
}

func TestProvidedAlignment(t *testing.T) {
	p, err := forecast.NewProvided(model.Series{Start: t0, Step: time.Hour, Values: []float64{1, 2, 3, 4, 5}})
	require.NoError(t, err)
	out := make([]float64, 2)
	tests := []struct {
		name string
		h    model.Series
		want []float64
		err  error
	}{
		{"aligned", model.Series{Start: t0, Step: time.Hour, Values: []float64{9, 9}}, []float64{3, 4}, nil},
		{"other start", model.Series{Start: t0.Add(time.Hour), Step: time.Hour, Values: []float64{9}}, []float64{3, 4}, nil},
		{"past the end", model.Series{Start: t0, Step: time.Hour, Values: make([]float64, 4)}, nil, forecast.ErrOutOfRange},
		{"before the start", model.Series{Start: t0.Add(-3 * time.Hour), Step: time.Hour}, nil, forecast.ErrOutOfRange},
		{"off grid", model.Series{Start: t0.Add(time.Minute), Step: time.Hour}, nil, forecast.ErrOutOfRange},
		{"other step", model.Series{Start: t0, Step: 30 * time.Minute}, nil, forecast.ErrOutOfRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := p.Forecast(tc.h, out)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, out)
		})
	}
	_, err = forecast.NewProvided(model.Series{Start: t0, Step: time.Hour, Values: []float64{1, math.Inf(1)}})
	var ie *forecast.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 1, ie.Row)
	assert.ErrorIs(t, err, model.ErrInvalid)
}

func TestNewUnknownAndMissingInputs(t *testing.T) {
	_, err := forecast.New("crystal-ball", forecast.Inputs{})
	assert.ErrorIs(t, err, forecast.ErrUnknownMethod)
	for _, m := range []string{forecast.MethodClearSky, forecast.MethodProvided, forecast.MethodWeatherPV} {
		assert.False(t, forecast.Inputs{}.Applicable(m))
		_, err := forecast.New(m, forecast.Inputs{})
		assert.ErrorIs(t, err, forecast.ErrInvalid, m)
	}
}

func TestClearSkyPersistenceIndex(t *testing.T) {
	// Clear sky 0 at night, 100 by day; observed = 0.5 × clear sky today.
	clear := make([]float64, 72)
	for i := range clear {
		if h := i % 24; h >= 6 && h < 18 {
			clear[i] = 100
		}
	}
	f, err := forecast.NewClearSkyPersistence(model.Series{Start: t0, Step: time.Hour, Values: clear})
	require.NoError(t, err)
	obs := make([]float64, 24+20) // to 20:00 of day 2: night, last daylight 17:00
	for i := range obs {
		obs[i] = 0.5 * clear[i]
	}
	h := model.Series{Start: t0, Step: time.Hour, Values: obs}
	k, kw, err := f.Index(h)
	require.NoError(t, err)
	assert.InDelta(t, 0.5, k, 1e-12)
	assert.InDelta(t, 0.5, kw, 1e-12)
	out := make([]float64, 24)
	require.NoError(t, f.Forecast(h, out))
	for j, o := range out {
		assert.InDelta(t, 0.5*clear[44+j], o, 1e-12) // night stays 0, day 50
	}
	// Empty history: clear sky.
	require.NoError(t, f.Forecast(model.Series{Start: t0, Step: time.Hour}, out))
	assert.InDelta(t, 100, out[10], 1e-12)
}

func TestBacktestErrors(t *testing.T) {
	s := synthetic(100, 1)
	for _, tc := range []struct {
		name                 string
		horizon, from, every int
	}{{"horizon", 0, 1, 1}, {"from", 1, 0, 1}, {"every", 1, 1, 0}} {
		_, err := forecast.Backtest(forecast.Persistence{}, s, tc.horizon, tc.from, tc.every)
		assert.ErrorIs(t, err, forecast.ErrInvalid, tc.name)
	}
	_, err := forecast.Backtest(nil, s, 1, 1, 1)
	assert.ErrorIs(t, err, forecast.ErrInvalid)
	r, err := forecast.Backtest(forecast.Persistence{}, s, 200, 1, 1)
	require.NoError(t, err)
	assert.Equal(t, 0, r.Origins)
	assert.True(t, math.IsNaN(r.Overall.MAE()))
	// Hand-checked: persistence on 1,2,3,4 from t=2, horizon 2: origins
	// t=2 (targets 3,4; forecast 2) only.
	r, err = forecast.Backtest(forecast.Persistence{}, model.Series{Start: t0, Step: time.Hour, Values: []float64{1, 2, 3, 4}}, 2, 2, 1)
	require.NoError(t, err)
	assert.Equal(t, 1, r.Origins)
	assert.InDelta(t, 1, r.Lead[0].MAE(), 1e-12)
	assert.InDelta(t, 2, r.Lead[1].MAE(), 1e-12)
	assert.InDelta(t, -1.5, r.Overall.Bias(), 1e-12)
}
