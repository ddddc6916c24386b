package live

import (
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// providedForecast serves a "provided" forecast choice from the values
// sent under its column (Measurement.Forecasts): for a history ending at
// t, the values of [t, t+H). An interval whose value was not sent takes
// persistence of the last value (the history's last, 0 without one), as
// the rolling horizon's fallback would for the whole horizon: a day-ahead
// forecast published once a day covers less than the horizon for part of
// every day, and those hours kept the operator's values only where sent
// (EMS QA, 2026-12-05: one interval missing threw away the 90 sent). A
// horizon with no value sent at all is an error, which the rolling
// horizon answers with persistence (counted as a fallback in the forecast
// report). Over a simulated period, whose provided column covers every
// interval, nothing changes.
type providedForecast struct {
	h      *history
	column string
	// misses collects, for the Step's Decision, what was missing.
	misses *[]string
}

var _ model.Forecaster = (*providedForecast)(nil)

// Forecast implements model.Forecaster; the Controller's lock is held.
func (f *providedForecast) Forecast(hist model.Series, out []float64) error {
	v := f.h.provided[f.column]
	d := hist.End().Sub(f.h.prof.Start)
	if hist.Step != f.h.prof.Step || d%hist.Step != 0 {
		return fmt.Errorf("%w: %s is not on the Controller's grid", forecast.ErrOutOfRange, hist.End().Format(time.RFC3339))
	}
	last := 0.0
	if n := len(hist.Values); n > 0 {
		last = hist.Values[n-1]
	}
	r := int(d / hist.Step)
	missing, first := 0, -1
	for k := range out {
		if r+k < 0 || r+k >= len(v) || math.IsNaN(v[r+k]) {
			out[k] = last
			if first < 0 {
				first = k
			}
			missing++
			continue
		}
		out[k] = v[r+k]
	}
	if missing == 0 {
		return nil
	}
	at := hist.End().Add(time.Duration(first) * hist.Step).Format(time.RFC3339)
	until := hist.End().Add(time.Duration(len(out)) * hist.Step).Format(time.RFC3339)
	if missing == len(out) {
		if f.misses != nil {
			*f.misses = append(*f.misses, fmt.Sprintf("provided forecast %s has no value for the horizon (from %s): its series is forecast "+
				"by persistence of the last value instead; send its values for every interval before %s", model.Quote(f.column), at, until))
		}
		return fmt.Errorf("%w: no value of %s sent for the horizon from %s", forecast.ErrOutOfRange, model.Quote(f.column), at)
	}
	if f.misses != nil {
		*f.misses = append(*f.misses, fmt.Sprintf("provided forecast %s has no value for %d of the horizon's %d intervals (the first %s): "+
			"the last value, %s, stands in for those (persistence), the values sent are used; send its values for every interval before %s",
			model.Quote(f.column), missing, len(out), at, model.Num(last), until))
	}
	return nil
}
