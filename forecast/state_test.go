package forecast_test

import (
	"encoding"
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// A stateful forecaster restored from its saved state forecasts exactly as
// the one that kept running: the state is all it carries between calls.
// A fresh forecaster given the same history refits now and forecasts
// differently, which is why the state is saved.
func TestStateRoundTrip(t *testing.T) {
	v := make([]float64, 24*40)
	for i := range v {
		h := float64(i % 24)
		v[i] = 100 + 40*math.Sin(2*math.Pi*h/24) + 10*math.Sin(float64(i)/37) + float64(i%7)
	}
	s := model.Series{Start: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Values: v}
	for name, mk := range map[string]func() model.Forecaster{
		"regression": func() model.Forecaster { f, _ := forecast.New(forecast.MethodRegression, forecast.Inputs{}); return f },
		"regression-day": func() model.Forecaster {
			f, _ := forecast.New(forecast.MethodRegressionDay, forecast.Inputs{})
			return f
		},
		"holt-winters": func() model.Forecaster { f, _ := forecast.New(forecast.MethodHoltWinters, forecast.Inputs{}); return f },
	} {
		// Saved warm, and in the regression's cold start:
		// before its first fit (naive), on the daily model (74 h on), on the
		// full one before the window is full (192 h on).
		for _, cut := range []int{24*20 + 5, 30, 80, 100, 200} {
			t.Run(fmt.Sprintf("%s/saved at %d h", name, cut), func(t *testing.T) {
				roundTrip(t, mk, s, cut)
			})
		}
	}
}

// roundTrip runs a forecaster on s up to cut, saves it, restores it into
// a new one and requires both to forecast alike from there on, while a
// fresh forecaster (no saved state) forecasts differently at some call.
func roundTrip(t *testing.T, mk func() model.Forecaster, s model.Series, cut int) {
	v := s.Values
	a := mk()
	out := make([]float64, 24)
	for n := 1; n <= cut; n++ {
		require.NoError(t, a.Forecast(model.Series{Start: s.Start, Step: s.Step, Values: v[:n]}, out))
	}
	state, err := a.(encoding.BinaryMarshaler).MarshalBinary()
	require.NoError(t, err)
	b, fresh := mk(), mk()
	require.NoError(t, b.(encoding.BinaryUnmarshaler).UnmarshalBinary(state))
	differs := false
	for n := cut + 1; n < len(v)-24; n++ {
		h := model.Series{Start: s.Start, Step: s.Step, Values: v[:n]}
		wa, wb, wf := make([]float64, 24), make([]float64, 24), make([]float64, 24)
		require.NoError(t, a.Forecast(h, wa))
		require.NoError(t, b.Forecast(h, wb))
		require.NoError(t, fresh.Forecast(h, wf))
		require.Equal(t, wa, wb, "history of %d", n)
		differs = differs || !assert.ObjectsAreEqual(wa, wf)
	}
	assert.True(t, differs, "a fresh forecaster forecasts differently: the state matters")
}

// States written by the version-1 build (testdata/regression-state-v1-*:
// the code of main at d0e63b4, a regression run hourly on
// calmThenWindyKW(24·80) from one value up to 30 h and 1,500 h, then
// MarshalBinary) load, and continue as this build's forecaster run from
// the start: at 1,500 h the old warm fit (8 weeks of rows, fitted at
// 1,369 h) is kept and is the one this build makes to rounding (its β was
// solved by gonum's mat.QR, this build's by regScratch.lsq: forecasts
// within 1e-12 of the series' scale) until the next refit, from which on
// they are identical; at 30 h the old fit on one row is dropped and the
// next calls fit what the history allows.
func TestStateVersion1Loads(t *testing.T) {
	v := calmThenWindyKW(24 * 80)
	for _, cut := range []int{30, 1500} {
		t.Run(fmt.Sprintf("saved at %d h", cut), func(t *testing.T) {
			b, err := os.ReadFile(fmt.Sprintf("testdata/regression-state-v1-%dh.bin", cut))
			require.NoError(t, err)
			loaded, err := forecast.NewRegression(forecast.RegressionConfig{})
			require.NoError(t, err)
			require.NoError(t, loaded.UnmarshalBinary(b))
			ran, err := forecast.NewRegression(forecast.RegressionConfig{})
			require.NoError(t, err)
			out := make([]float64, 24)
			for n := 1; n <= cut; n++ {
				require.NoError(t, ran.Forecast(hourly(v, n), out))
			}
			scale := 0.0
			for _, x := range v {
				scale = math.Max(scale, math.Abs(x))
			}
			wl, wr := make([]float64, 24), make([]float64, 24)
			refitted := false // loaded's β is this build's
			for n := cut + 1; n <= len(v)-24; n++ {
				require.NoError(t, loaded.Forecast(hourly(v, n), wl))
				require.NoError(t, ran.Forecast(hourly(v, n), wr))
				bl, _ := loaded.Coefficients()
				br, _ := ran.Coefficients()
				refitted = refitted || assert.ObjectsAreEqual(bl, br)
				if refitted {
					require.Equal(t, wr, wl, "history of %d", n)
					continue
				}
				require.InDeltaSlice(t, wr, wl, 1e-12*scale, "history of %d", n)
			}
			assert.True(t, refitted, "the loaded forecaster refitted")
			again, err := loaded.MarshalBinary()
			require.NoError(t, err)
			require.NoError(t, loaded.UnmarshalBinary(again), "saved again, it is version 2 and loads")
		})
	}
}

func TestStateRejectsForeignBytes(t *testing.T) {
	r, err := forecast.NewRegression(forecast.RegressionConfig{})
	require.NoError(t, err)
	hw, err := forecast.NewHoltWinters(forecast.HoltWintersConfig{})
	require.NoError(t, err)
	hwState, err := hw.MarshalBinary()
	require.NoError(t, err)
	for _, b := range [][]byte{nil, []byte("not gob"), hwState} {
		err := r.UnmarshalBinary(b)
		assert.ErrorIs(t, err, forecast.ErrInvalid, "%q", b)
	}
	withTemp, err := forecast.NewRegression(forecast.RegressionConfig{TemperatureC: &model.Series{
		Start: time.Now(), Step: time.Hour, Values: []float64{1}}})
	require.NoError(t, err)
	plain, err := r.MarshalBinary()
	require.NoError(t, err)
	assert.ErrorContains(t, withTemp.UnmarshalBinary(plain), "another configuration")
}

// A restored regression recomputes its blend at as many leads as the
// forecaster that saved it had, whatever the horizon of its first call:
// saved between fits after 24-lead calls, both then forecast 48 and 12
// leads alike (restored at 48 leads, the 24 recomputed weights and the
// last one held beyond; before BlendLeads was saved it recomputed 48
// weights and forecast leads 25–48 differently).
func TestStateBlendLeadsSurviveAnotherHorizon(t *testing.T) {
	v := ar1KW(24*40, 0.97, 500, 40, 3)
	for _, horizon := range []int{48, 12} {
		t.Run(fmt.Sprintf("first call %d leads", horizon), func(t *testing.T) {
			a, err := forecast.NewRegression(forecast.RegressionConfig{})
			require.NoError(t, err)
			out := make([]float64, 24)
			for n := 1; n <= 300; n++ { // fitted at 288 h; the next fit at 361 h
				require.NoError(t, a.Forecast(hourly(v, n), out))
			}
			state, err := a.MarshalBinary()
			require.NoError(t, err)
			b, err := forecast.NewRegression(forecast.RegressionConfig{})
			require.NoError(t, err)
			require.NoError(t, b.UnmarshalBinary(state))
			for n := 301; n <= 340; n++ {
				wa, wb := make([]float64, horizon), make([]float64, horizon)
				require.NoError(t, a.Forecast(hourly(v, n), wa))
				require.NoError(t, b.Forecast(hourly(v, n), wb))
				require.Equal(t, wa, wb, "history of %d", n)
			}
		})
	}
}
