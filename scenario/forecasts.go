package scenario

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// ErrForecastChoice is the sentinel of a bad forecaster choice.
var ErrForecastChoice = errors.New("scenario: bad forecaster choice")

// ForecastChoice replaces the default forecaster ([forecast.DefaultSet]) of
// one series, or of every asset of a kind, in the rolling horizon with
// forecasts (policy "mpc").
type ForecastChoice struct {
	// Kind is "carbon" (the dispatch signal), "load", "pv" or "wind".
	Kind string
	// Asset is the load, PV array or wind turbine's name as in the park
	// file; "" means every asset of Kind (always "" for carbon).
	Asset string
	// Method is one of forecast.Methods() except "weather-pv" (which needs
	// a weather forecast set: use the Go API).
	Method string
	// Column names the series column holding a ready-made forecast, for
	// Method "provided": at each forecast time the plan reads the column's
	// values for the horizon ahead (for instance a grid operator's
	// day-ahead carbon-intensity forecast).
	Column string
}

// String is the choice in the form [ParseForecastChoice] reads.
func (c ForecastChoice) String() string {
	s := c.Kind
	if c.Asset != "" {
		s += ":" + c.Asset
	}
	s += "=" + c.Method
	if c.Column != "" {
		s += ":" + c.Column
	}
	return s
}

// ParseForecastChoice reads "SERIES=METHOD" or "SERIES=provided:COLUMN",
// where SERIES is "carbon", "load", "pv", "wind" (every asset of the kind)
// or "load:NAME", "pv:NAME", "wind:NAME" (one asset). Examples:
// "carbon=provided:co2_day_ahead", "load=seasonal-week",
// "wind:Turbine 1=regression".
func ParseForecastChoice(spec string) (ForecastChoice, error) {
	bad := func(why string) (ForecastChoice, error) {
		return ForecastChoice{}, fmt.Errorf("%w: %q: %s", ErrForecastChoice, spec, why)
	}
	series, method, ok := strings.Cut(spec, "=")
	if !ok {
		return bad("want SERIES=METHOD, e.g. carbon=provided:COLUMN or load=seasonal-week")
	}
	var c ForecastChoice
	c.Kind, c.Asset, _ = strings.Cut(strings.TrimSpace(series), ":")
	switch c.Kind {
	case "carbon":
		if c.Asset != "" {
			return bad("carbon has no assets: write carbon=METHOD")
		}
	case "load", "pv", "wind":
	default:
		return bad(fmt.Sprintf("series %q: want carbon, load, pv or wind, optionally :NAME", c.Kind))
	}
	c.Method, c.Column, _ = strings.Cut(strings.TrimSpace(method), ":")
	switch {
	case c.Method == forecast.MethodProvided && c.Column == "":
		return bad("provided needs the forecast's column: provided:COLUMN")
	case c.Method != forecast.MethodProvided && c.Column != "":
		return bad(fmt.Sprintf("only provided takes a column, not %s", c.Method))
	case c.Method == forecast.MethodWeatherPV:
		return bad("weather-pv needs a weather forecast set, which only the Go API can give (forecast.Inputs)")
	case !isMethod(c.Method):
		return bad(fmt.Sprintf("unknown method %q (have %s)", c.Method, strings.Join(forecast.Methods(), ", ")))
	case c.Method == forecast.MethodClearSky && c.Kind != "pv":
		return bad("clearsky-persistence forecasts PV only")
	}
	return c, nil
}

func isMethod(m string) bool {
	for _, n := range forecast.Methods() {
		if n == m {
			return true
		}
	}
	return false
}

// SetForecasts checks choices against the scenario's park and series and
// keeps them for [Scenario.Run]; on error the scenario is unchanged. Later
// choices override earlier ones for the same series.
func (s *Scenario) SetForecasts(choices []ForecastChoice) error {
	if len(choices) == 0 {
		s.Forecasts = nil
		return nil
	}
	old := s.Forecasts
	s.Forecasts = choices
	if _, err := s.ForecastSet(); err != nil {
		s.Forecasts = old
		return err
	}
	return nil
}

// ForecastSet returns a fresh set of forecasters for one rolling-horizon
// run: [forecast.DefaultSet] with s.Forecasts applied.
func (s *Scenario) ForecastSet() (*model.ForecastSet, error) {
	fs, err := forecast.DefaultSetCached(s.Park, s.Series, s.Profiles, s.clearSky)
	if err != nil {
		return nil, err
	}
	for _, c := range s.Forecasts {
		if err := s.apply(fs, c); err != nil {
			return nil, err
		}
	}
	return fs, nil
}

// apply puts choice c into fs.
func (s *Scenario) apply(fs *model.ForecastSet, c ForecastChoice) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrForecastChoice, c, fmt.Sprintf(format, args...))
	}
	var in forecast.Inputs
	if c.Method == forecast.MethodProvided {
		col, ok := s.Series.Column(c.Column)
		if !ok {
			return bad("no column %q in the series (have %s)", c.Column, strings.Join(s.Series.Names, ", "))
		}
		if !col.Start.Equal(s.Profiles.Start) || col.Step != s.Profiles.Step {
			return bad("column %q is not on the profiles' time axis", c.Column)
		}
		in.Provided = &col
	}
	make1 := func() (model.Forecaster, error) {
		f, err := forecast.New(c.Method, in)
		if err != nil {
			return nil, bad("%v", err)
		}
		return f, nil
	}
	if c.Kind == "carbon" {
		f, err := make1()
		if err != nil {
			return err
		}
		fs.Carbon = f
		return nil
	}
	var names []string
	var slots []model.Forecaster
	switch c.Kind {
	case "load":
		for _, l := range s.Park.Loads {
			names = append(names, l.Name)
		}
		slots = fs.Load
	case "pv":
		for _, a := range s.Park.PV {
			names = append(names, a.Name)
		}
		slots = fs.PV
	case "wind":
		for _, w := range s.Park.Wind {
			names = append(names, w.Name)
		}
		slots = fs.Wind
	default:
		return bad("series kind %q: want carbon, load, pv or wind", c.Kind)
	}
	found := false
	var fresh *model.ForecastSet // the defaults, for clearsky-persistence
	for i, name := range names {
		if c.Asset != "" && name != c.Asset {
			continue
		}
		found = true
		if c.Method == forecast.MethodClearSky {
			// DefaultSet gives every PV array with weather clear-sky-index
			// persistence on its own clear-sky power; without weather there
			// is no clear sky to scale.
			if s.Park.PV[i].Weather == nil {
				return bad("PV array %q has no weather parameters, so no clear-sky power", name)
			}
			if fresh == nil {
				var err error
				if fresh, err = forecast.DefaultSetCached(s.Park, s.Series, s.Profiles, s.clearSky); err != nil {
					return err
				}
			}
			slots[i] = fresh.PV[i]
			continue
		}
		f, err := make1()
		if err != nil {
			return err
		}
		slots[i] = f
	}
	if !found {
		if c.Asset == "" {
			return bad("the park has no %s", c.Kind)
		}
		return bad("no %s named %q (have %s)", c.Kind, c.Asset, strings.Join(names, ", "))
	}
	return nil
}
