package forecast

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/model"
)

// BacktestResult holds the errors of a rolling-origin backtest.
type BacktestResult struct {
	Horizon, From, Every int
	// Origins is the number of forecasts made.
	Origins int
	// Lead[k] are the errors at lead k+1 steps (the interval starting k
	// steps after the forecast time), with persistence on the same targets.
	Lead []model.ErrorStats
	// Overall merges every lead.
	Overall model.ErrorStats
}

// Backtest evaluates f by rolling origin (Tashman, "Out-of-sample tests of
// forecasting accuracy", Int. J. Forecasting 16, 2000): at every origin
// t = from, from+every, … with t+horizon ≤ len(s), it calls
// f.Forecast(s[0:t], out[0:horizon]) and scores out[k] against s[t+k] and
// against persistence s[t−1] (see [model.ErrorStats]). The history handed
// to f is capped at t (its capacity too), so f cannot see later values.
// Origins run in increasing time order, the way a dispatch loop calls a
// forecaster. horizon and every must be positive and 1 ≤ from; a series too
// short for one origin gives a result with Origins 0.
func Backtest(f model.Forecaster, s model.Series, horizon, from, every int) (*BacktestResult, error) {
	switch {
	case f == nil:
		return nil, fieldErr("", "forecaster", "nil", "no forecaster")
	case horizon <= 0:
		return nil, fieldErr("", "horizon", horizon, "horizon must be at least one step")
	case every <= 0:
		return nil, fieldErr("", "every", every, "origin spacing must be at least one step")
	case from < 1:
		return nil, fieldErr("", "from", from, "the first origin needs at least one observed value")
	case s.Step <= 0:
		return nil, fieldErr("", "step", s.Step, "series step must be positive")
	}
	if err := checkFinite(s, 0); err != nil {
		return nil, err
	}
	r := &BacktestResult{Horizon: horizon, From: from, Every: every, Lead: make([]model.ErrorStats, horizon)}
	out := make([]float64, horizon)
	for t := from; t+horizon <= len(s.Values); t += every {
		h := model.Series{Start: s.Start, Step: s.Step, Values: s.Values[:t:t]}
		if err := f.Forecast(h, out); err != nil {
			return nil, fmt.Errorf("forecast: backtest at %s: %w", s.Time(t).Format("2006-01-02T15:04:05Z07:00"), err)
		}
		p := s.Values[t-1]
		for k, v := range out {
			r.Lead[k].Add(v, s.Values[t+k], p)
		}
		r.Origins++
	}
	for _, l := range r.Lead {
		r.Overall.Merge(l)
	}
	return r, nil
}

// Skill is the skill at lead steps ahead (1-based), NaN if out of range
// or not defined (persistence exact at that lead: [model.ErrorStats.Skill]).
func (r *BacktestResult) Skill(lead int) float64 {
	if lead < 1 || lead > len(r.Lead) {
		return math.NaN()
	}
	return r.Lead[lead-1].Skill()
}
