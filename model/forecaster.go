package model

import (
	"math"
	"sync/atomic"
)

// Forecaster predicts one series. It is the small interface through which
// forecasts reach the dispatch (package forecast implements it; package
// dispatch only calls it).
type Forecaster interface {
	// Forecast fills out with the values of the len(out) intervals that
	// follow history: history holds the observed values of intervals
	// [0, t) of the series (history.End() is the forecast time) and
	// nothing later. Exogenous inputs known at that time (a weather
	// forecast, a clear-sky model) are bound into the forecaster when it
	// is made. Forecast must not keep history.Values.
	Forecast(history Series, out []float64) error
}

// ForecastSet holds one forecaster per series the dispatch needs, in the
// park's asset order. A nil entry (or a nil set) means perfect information
// for that series: the actual values are used as the forecast.
type ForecastSet struct {
	Load   []Forecaster // per Park.Loads, forecasts kW
	PV     []Forecaster // per Park.PV, forecasts available kW
	Wind   []Forecaster // per Park.Wind, forecasts available kW
	Carbon Forecaster   // the dispatch signal, kgCO2e/kWh
	// Heat is per Park.HeatLoads, forecasts kW_th (nil or empty for a
	// park without heat, or perfect information).
	Heat []Forecaster

	// inUse is set while a run plans with the set (Acquire, Release):
	// forecasters keep state, so two runs at once would race on it.
	inUse atomic.Bool
}

// Acquire marks the set as in use by one run and reports whether it was
// free: false means another run holds it (forecasters keep state, their
// fit and their cursor into the history, so two runs planning with one set
// at once race and both get wrong forecasts). A nil set is perfect
// information, which keeps no state: always free. The dispatch takes the
// set for a run's duration (dispatch.Run, dispatch.NewRolling until
// Close); a set may be used again once released. Safe for concurrent use.
func (fs *ForecastSet) Acquire() bool {
	return fs == nil || fs.inUse.CompareAndSwap(false, true)
}

// Release marks the set as free again; the holder calls it once, when its
// run ends. A nil set is a no-op.
func (fs *ForecastSet) Release() {
	if fs != nil {
		fs.inUse.Store(false)
	}
}

// ErrorStats accumulates forecast errors e = forecast − actual at one lead
// time, together with the errors of persistence (the last observed value)
// on the same targets, so skill can be computed.
type ErrorStats struct {
	N                  int
	SumAbs, SumSq, Sum float64 // of e
	SumAbsActual       float64
	PersistSumAbs      float64
	PersistSumSq       float64
}

// Add records one forecast, its actual value and the persistence forecast.
func (s *ErrorStats) Add(forecast, actual, persistence float64) {
	e := forecast - actual
	p := persistence - actual
	s.N++
	s.SumAbs += math.Abs(e)
	s.SumSq += e * e
	s.Sum += e
	s.SumAbsActual += math.Abs(actual)
	s.PersistSumAbs += math.Abs(p)
	s.PersistSumSq += p * p
}

// Merge adds o's counts to s.
func (s *ErrorStats) Merge(o ErrorStats) {
	s.N += o.N
	s.SumAbs += o.SumAbs
	s.SumSq += o.SumSq
	s.Sum += o.Sum
	s.SumAbsActual += o.SumAbsActual
	s.PersistSumAbs += o.PersistSumAbs
	s.PersistSumSq += o.PersistSumSq
}

func div(a float64, n float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	return a / n
}

// MAE is the mean absolute error.
func (s *ErrorStats) MAE() float64 { return div(s.SumAbs, float64(s.N)) }

// RMSE is the root mean square error.
func (s *ErrorStats) RMSE() float64 { return math.Sqrt(div(s.SumSq, float64(s.N))) }

// Bias is the mean error (forecast − actual): positive over-forecasts.
func (s *ErrorStats) Bias() float64 { return div(s.Sum, float64(s.N)) }

// NMAE is the MAE normalised by the mean absolute actual value.
func (s *ErrorStats) NMAE() float64 { return div(s.SumAbs, s.SumAbsActual) }

// Skill is 1 − RMSE/RMSE_persistence: 0 for persistence itself, 1 for a
// perfect forecast, negative when worse than persistence. It is NaN (not
// defined) where persistence is exact (RMSE_persistence 0: a flat series,
// a windless wind column), even when the forecast is exact too, and with
// no samples: never 0 ("as good as persistence") nor 1. Whoever shows it
// shows NaN as undefined ("n/a" in text, an empty CSV cell, JSON null).
func (s *ErrorStats) Skill() float64 {
	return 1 - math.Sqrt(div(s.SumSq, s.PersistSumSq))
}
