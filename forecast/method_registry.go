package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Errors of the forecasting methods. Bad arguments also unwrap to
// [ErrInvalid] (and so to [model.ErrInvalid]).
var (
	// ErrNoHistory is returned when a method needs at least one observed
	// value and the history is empty (at the very start of a run).
	ErrNoHistory = errors.New("forecast: no history to forecast from")
	// ErrUnknownMethod is returned by [New] for a name not in [Methods].
	ErrUnknownMethod = errors.New("forecast: unknown method")
	// ErrOutOfRange is returned when an exogenous input bound into a
	// forecaster (clear-sky, weather forecast, provided series) does not
	// cover the intervals asked for, or is not aligned with the history.
	ErrOutOfRange = errors.New("forecast: input series does not cover the forecast")
)

// Method names accepted by [New].
const (
	MethodPersistence   = "persistence"
	MethodSeasonalDay   = "seasonal-day"
	MethodSeasonalWeek  = "seasonal-week"
	MethodClearSky      = "clearsky-persistence"
	MethodWeatherPV     = "weather-pv"
	MethodHoltWinters   = "holt-winters"
	MethodHoltWintersD  = "holt-winters-day"
	MethodRegression    = "regression"
	MethodRegressionDay = "regression-day"
	MethodProvided      = "provided"
	methodConstantInner = "constant"
)

var methodNames = []string{
	MethodPersistence, MethodSeasonalDay, MethodSeasonalWeek, MethodClearSky,
	MethodWeatherPV, MethodHoltWinters, MethodHoltWintersD, MethodRegression, MethodRegressionDay,
	MethodProvided,
}

// Methods lists the method names [New] accepts.
func Methods() []string { return slices.Clone(methodNames) }

// Inputs are the exogenous inputs a method may bind at construction: all
// are known at forecast time (deterministic, or a forecast issued before
// it). Each method uses only the fields it needs; [Inputs.Applicable] says
// which methods the given fields allow.
type Inputs struct {
	// ClearSky is the series' clear-sky value for every interval, in the
	// series' unit (e.g. [physics.ClearSkyPVKW]); used by
	// "clearsky-persistence".
	ClearSky *model.Series
	// TemperatureC is an air-temperature forecast in °C covering the
	// forecast intervals; optional input of "regression".
	TemperatureC *model.Series
	// Provided is a ready-made forecast of the series ("provided").
	Provided *model.Series
	// PVWeather, CapacityKWp and Weather drive "weather-pv": the weather
	// forecast set (columns named by PVWeather) run through
	// [physics.PVAvailability] and multiplied by CapacityKWp.
	PVWeather   *model.PVWeather
	CapacityKWp float64
	Weather     *model.SeriesSet
}

// Applicable reports whether method can be built from in.
func (in Inputs) Applicable(method string) bool {
	switch method {
	case MethodClearSky:
		return in.ClearSky != nil
	case MethodProvided:
		return in.Provided != nil
	case MethodWeatherPV:
		return in.PVWeather != nil && in.Weather != nil
	}
	return slices.Contains(methodNames, method)
}

// New makes the forecaster named method (one of [Methods]) with its
// default settings and the inputs it needs from in. Stateful forecasters
// (Holt–Winters, regression) follow one series: make one per series.
func New(method string, in Inputs) (model.Forecaster, error) {
	switch method {
	case MethodPersistence:
		return Persistence{}, nil
	case MethodSeasonalDay:
		return SeasonalNaive{Period: 24 * time.Hour}, nil
	case MethodSeasonalWeek:
		return SeasonalNaive{Period: 7 * 24 * time.Hour}, nil
	case MethodClearSky:
		if in.ClearSky == nil {
			return nil, fieldErr("", "clear_sky", "nil", method+" needs a clear-sky series")
		}
		return NewClearSkyPersistence(*in.ClearSky)
	case MethodWeatherPV:
		if in.PVWeather == nil || in.Weather == nil {
			return nil, fieldErr("", "weather", "nil", method+" needs PV weather parameters and a weather forecast set")
		}
		return NewWeatherPV(*in.PVWeather, in.CapacityKWp, in.Weather)
	case MethodHoltWinters:
		return NewHoltWinters(HoltWintersConfig{WeeklySeason: true})
	case MethodHoltWintersD:
		return NewHoltWinters(HoltWintersConfig{})
	case MethodRegression:
		return NewRegression(RegressionConfig{TemperatureC: in.TemperatureC})
	case MethodRegressionDay:
		return NewRegression(RegressionConfig{TemperatureC: in.TemperatureC, Daily: true})
	case MethodProvided:
		if in.Provided == nil {
			return nil, fieldErr("", "provided", "nil", method+" needs a provided forecast series")
		}
		return NewProvided(*in.Provided)
	}
	return nil, fmt.Errorf("%w %q (have %q)", ErrUnknownMethod, method, methodNames)
}

// stepsIn is the number of steps of length step in d, which must divide it.
func stepsIn(d, step time.Duration) (int, error) {
	if step <= 0 {
		return 0, fieldErr("", "step", step, "series step must be positive")
	}
	if d%step != 0 {
		return 0, fieldErr("", "step", step, fmt.Sprintf("step must divide the season %s", d))
	}
	return int(d / step), nil
}

// offsetSteps is the index in a series starting at start (step step) of
// instant t; it fails when t is not on that series' grid.
func offsetSteps(start time.Time, step time.Duration, t time.Time) (int, bool) {
	d := t.Sub(start)
	if step <= 0 || d%step != 0 {
		return 0, false
	}
	return int(d / step), true
}

// cursor remembers which history a stateful forecaster has absorbed, so a
// growing history costs only its new values, and anything else (an older
// time, another series) starts over.
type cursor struct {
	start time.Time
	step  time.Duration
	n     int
	last  float64
}

// advance reports whether the state can be carried forward from c to h;
// if not, the caller rebuilds it from scratch.
func (c *cursor) advance(h model.Series) bool {
	if c.n == 0 || !h.Start.Equal(c.start) || h.Step != c.step || len(h.Values) < c.n {
		return false
	}
	v := h.Values[c.n-1]
	return v == c.last || (math.IsNaN(v) && math.IsNaN(c.last))
}

func (c *cursor) set(h model.Series) {
	c.start, c.step, c.n = h.Start, h.Step, len(h.Values)
	if c.n > 0 {
		c.last = h.Values[c.n-1]
	}
}

// checkFinite rejects a non-finite history value in v[from:].
func checkFinite(h model.Series, from int) error {
	for i := from; i < len(h.Values); i++ {
		if isBad(h.Values[i]) {
			return &InputError{Field: "history", Row: i, Time: h.Time(i), Value: fmt.Sprint(h.Values[i]),
				Reason: "not a finite number"}
		}
	}
	return nil
}
