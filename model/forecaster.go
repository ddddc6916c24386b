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

	// holder is the number of the hold a run has on the set (Acquire),
	// 0 when free: forecasters keep state, so two runs at once would
	// race on it. holds numbers the holds (from 1), so that a released
	// hold, or a copy of one, cannot free the set for a later holder.
	holder atomic.Uint64
	holds  atomic.Uint64
}

// ForecastHold is one run's hold on a [ForecastSet], from
// [ForecastSet.Acquire]; only [ForecastHold.Release] of that hold frees
// the set. The zero ForecastHold holds nothing.
type ForecastHold struct {
	set *ForecastSet
	n   uint64 // the hold's number; 0 for none
}

// Acquire takes the set for one run and reports whether it was free:
// false (and the zero hold) means another run holds it (forecasters keep
// state, their fit and their cursor into the history, so two runs
// planning with one set at once race and both get wrong forecasts). A nil
// set is perfect information, which keeps no state: always free, with a
// zero hold. The dispatch takes the set for a run's duration
// (dispatch.Run, dispatch.NewRolling until Close); the set may be taken
// again once the hold is released. Safe for concurrent use.
func (fs *ForecastSet) Acquire() (ForecastHold, bool) {
	if fs == nil {
		return ForecastHold{}, true
	}
	n := fs.holds.Add(1) // from 1: 0 means free
	if !fs.holder.CompareAndSwap(0, n) {
		return ForecastHold{}, false
	}
	return ForecastHold{set: fs, n: n}, true
}

// Release frees the set if h still holds it, and reports whether it did:
// a hold released already (or a copy of one), a later holder's set and
// the zero hold are left as they are. Safe for concurrent use.
func (h ForecastHold) Release() bool {
	return h.set != nil && h.set.holder.CompareAndSwap(h.n, 0)
}

// Set is the set h holds (nil for the zero hold).
func (h ForecastHold) Set() *ForecastSet { return h.set }

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

// NMAE is the MAE normalised by the mean absolute actual value
// (Σ|e| / Σ|actual|, dimensionless). It is NaN (not defined) where every
// actual is 0 (a windless wind column, a zero load, PV at night only) and
// with no samples, even when the forecast is exact: never 0 ("exact") nor
// ±Inf. Whoever shows it shows NaN as undefined, as for Skill.
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
