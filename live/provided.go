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
// t, the values of [t, t+H). A value not sent is an error, which the
// rolling horizon answers with persistence for that call (counted as a
// fallback in the forecast report).
type providedForecast struct {
	h      *history
	column string
	// misses collects, for the Step's Decision, why a call failed.
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
	r := int(d / hist.Step)
	for k := range out {
		if r+k < 0 || r+k >= len(v) || math.IsNaN(v[r+k]) {
			at := hist.End().Add(time.Duration(k) * hist.Step).Format(time.RFC3339)
			if f.misses != nil {
				*f.misses = append(*f.misses, fmt.Sprintf("provided forecast %s has no value for %s: none of it is used, its series is forecast "+
					"by persistence of the last value over the whole horizon instead; send its values for every interval before %s",
					model.Quote(f.column), at, hist.End().Add(time.Duration(len(out))*hist.Step).Format(time.RFC3339)))
			}
			return fmt.Errorf("%w: no value of %s sent for %s", forecast.ErrOutOfRange, model.Quote(f.column), at)
		}
		out[k] = v[r+k]
	}
	return nil
}
