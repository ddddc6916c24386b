package forecast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// The blend weights are the least-squares ones of the forecasts Forecast
// makes: recomputed here independently for every origin of the fit rows
// (each forecast built from predict, lagValue and ρ^(k+1) as Forecast
// builds it, up to a 60 h horizon so the lag value reaches two and three
// days back), the in-sample squared error with w_k is the smallest on a
// grid of weights in [0, 1], so no larger than the model's (w = 0) or
// persistence's (w = 1).
func TestFitBlendIsLeastSquares(t *testing.T) {
	const n, horizon = 24 * 7 * 10, 60
	r := rand.New(rand.NewPCG(11, 11))
	y := make([]float64, n)
	e := 0.0
	for i := range y {
		e = 0.95*e + 30*r.NormFloat64()
		y[i] = 400 + 100*math.Sin(2*math.Pi*float64(i%24)/24) + e
	}
	h := model.Series{Start: time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC), Step: time.Hour, Values: y}
	f, err := NewRegression(RegressionConfig{})
	require.NoError(t, err)
	require.NoError(t, f.Forecast(h, make([]float64, horizon)))
	require.Equal(t, regFull, f.model)
	require.Len(t, f.blend, horizon)
	a := f.fitN - f.fitRows
	for k := range horizon {
		sse := func(w float64) float64 {
			s := 0.0
			for o := a + 1; o+k < n; o++ {
				res := y[o-1] - f.predict(h.Time(o-1), 0, f.lagValue(y, o-1, o-1))
				v := f.predict(h.Time(o+k), 0, f.lagValue(y, o+k, o)) + math.Pow(f.rho, float64(k+1))*res
				v += w * (y[o-1] - v)
				s += (y[o+k] - v) * (y[o+k] - v)
			}
			return s
		}
		best := sse(f.blend[k])
		for w := 0.0; w <= 1; w += 0.05 {
			assert.LessOrEqual(t, best, sse(w)*(1+1e-9), "lead %d: w %.2f beats the fitted %.4f", k+1, w, f.blend[k])
		}
	}
	assert.Greater(t, f.blend[0], f.blend[horizon-1], "persistence weighs more one hour ahead than 60")
}
