package forecast_test

import (
	"encoding"
	"math"
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
		"regression":   func() model.Forecaster { f, _ := forecast.New(forecast.MethodRegression, forecast.Inputs{}); return f },
		"holt-winters": func() model.Forecaster { f, _ := forecast.New(forecast.MethodHoltWinters, forecast.Inputs{}); return f },
	} {
		t.Run(name, func(t *testing.T) {
			a := mk()
			out := make([]float64, 24)
			const cut = 24*20 + 5
			for n := 1; n <= cut; n++ {
				_ = a.Forecast(model.Series{Start: s.Start, Step: s.Step, Values: v[:n]}, out)
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
