package forecast

import (
	"fmt"
	"time"

	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
)

// Provided serves a ready-made forecast series (a carbon-intensity
// service's forecast, a PV forecast from a weather model, …): for history
// ending at t it returns the provided values of [t, t+H). The provided
// series must share the history's step and grid and cover the horizon, else
// Forecast returns [ErrOutOfRange]. Its values are checked once, by
// [NewProvided]; the history is never read (it only fixes t).
type Provided struct {
	s model.Series
}

var _ model.Forecaster = (*Provided)(nil)

// NewProvided validates s (positive step, finite values) and binds it. The
// values are copied.
func NewProvided(s model.Series) (*Provided, error) {
	return newProvided("", "provided", s)
}

func newProvided(asset, field string, s model.Series) (*Provided, error) {
	if s.Step <= 0 {
		return nil, &InputError{Asset: asset, Field: field, Row: -1, Value: s.Step.String(), Reason: "series step must be positive"}
	}
	for i, v := range s.Values {
		if isBad(v) {
			return nil, &InputError{Asset: asset, Field: field, Row: i, Time: s.Time(i), Value: fmt.Sprint(v), Reason: "not a finite number"}
		}
	}
	s.Values = append([]float64(nil), s.Values...)
	return &Provided{s: s}, nil
}

// Forecast implements [model.Forecaster].
func (p *Provided) Forecast(h model.Series, out []float64) error {
	i, err := alignedSlice(p.s, h, len(out))
	if err != nil {
		return err
	}
	copy(out, p.s.Values[i:i+len(out)])
	return nil
}

// alignedSlice is the index in s of the interval starting at h.End(),
// checking that s has h's step and covers n intervals from there.
func alignedSlice(s model.Series, h model.Series, n int) (int, error) {
	t := h.End()
	if h.Step != s.Step {
		return 0, fmt.Errorf("%w: input step %s, history step %s", ErrOutOfRange, s.Step, h.Step)
	}
	i, ok := offsetSteps(s.Start, s.Step, t)
	if !ok {
		return 0, fmt.Errorf("%w: %s is not on the input's time grid (start %s, step %s)",
			ErrOutOfRange, t.Format(time.RFC3339), s.Start.Format(time.RFC3339), s.Step)
	}
	if i < 0 || i+n > len(s.Values) {
		return 0, fmt.Errorf("%w: input covers %s to %s, forecast needs %s to %s", ErrOutOfRange,
			s.Start.Format(time.RFC3339), s.End().Format(time.RFC3339),
			t.Format(time.RFC3339), t.Add(time.Duration(n)*h.Step).Format(time.RFC3339))
	}
	return i, nil
}

// WeatherPV forecasts a PV array's available power from a weather
// forecast: the forecast's GHI, DNI, DHI (and optional temperature and
// wind) columns, named as in the array's [model.PVWeather], go through the
// physical chain of [physics.PVAvailability] (PVWatts v5) and are
// multiplied by the capacity in kWp. The result is served like [Provided]: the weather
// forecast must be known at t for [t, t+H) (issued before t).
type WeatherPV struct {
	Provided
}

// NewWeatherPV runs the PV model over the weather forecast set once and
// binds the resulting kW series. capacityKWp must be positive and finite.
func NewWeatherPV(w model.PVWeather, capacityKWp float64, weatherForecast *model.SeriesSet) (*WeatherPV, error) {
	if isBad(capacityKWp) || capacityKWp <= 0 {
		return nil, fieldErr("", "capacity_kwp", capacityKWp, "capacity must be positive and finite")
	}
	v, err := physics.PVAvailability(w, weatherForecast)
	if err != nil {
		return nil, err
	}
	for i := range v {
		v[i] *= capacityKWp
	}
	return &WeatherPV{Provided{s: model.Series{Start: weatherForecast.Start, Step: weatherForecast.Step, Values: v}}}, nil
}
