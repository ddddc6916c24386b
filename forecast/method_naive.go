package forecast

import (
	"fmt"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Persistence forecasts the last observed value for every lead:
// ŷ(t+h) = y(t−1), h = 0…H−1 (the naive method; Hyndman & Athanasopoulos,
// "Forecasting: Principles and Practice", 3rd ed., §5.2). It is the
// reference of every skill score. An empty history is [ErrNoHistory].
type Persistence struct{}

var _ model.Forecaster = Persistence{}

// Forecast implements [model.Forecaster].
func (Persistence) Forecast(h model.Series, out []float64) error {
	n := len(h.Values)
	if n == 0 {
		return ErrNoHistory
	}
	if err := checkFinite(h, n-1); err != nil {
		return err
	}
	v := h.Values[n-1]
	for i := range out {
		out[i] = v
	}
	return nil
}

// SeasonalNaive forecasts the value one season earlier: with m = Period/step,
// ŷ(t+h) = y(t+h − m·k), k = ⌊h/m⌋ + 1, the latest observed value at the same
// phase (FPP3 §5.2). Period 24 h is "same time yesterday", 168 h "same
// time last week", in elapsed time: m steps back, whatever the clock, so
// across a daylight-saving change a load that follows the local clock is
// met an hour off on the day after (its 23 or 25 h day; QA, 2026-12-04).
// With less than one season of history it falls back to
// [Persistence]. Period must be a whole number of steps.
type SeasonalNaive struct {
	Period time.Duration
}

var _ model.Forecaster = SeasonalNaive{}

// Forecast implements [model.Forecaster].
func (s SeasonalNaive) Forecast(h model.Series, out []float64) error {
	m, err := stepsIn(s.Period, h.Step)
	if err != nil {
		return err
	}
	n := len(h.Values)
	if n < m {
		return Persistence{}.Forecast(h, out)
	}
	if err := checkFinite(h, n-m); err != nil {
		return err
	}
	for j := range out {
		out[j] = h.Values[n-m+j%m]
	}
	return nil
}

// constant forecasts a known constant (a carbon factor given as a number).
type constant float64

func (c constant) Forecast(_ model.Series, out []float64) error {
	for i := range out {
		out[i] = float64(c)
	}
	return nil
}

func (c constant) String() string { return fmt.Sprintf("%s(%g)", methodConstantInner, float64(c)) }
