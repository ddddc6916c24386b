package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
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
	series, method, ok := strings.Cut(spec, "=")
	if !ok {
		return ForecastChoice{}, fmt.Errorf("%w: %q: want SERIES=METHOD, e.g. carbon=provided:COLUMN or load=seasonal-week", ErrForecastChoice, spec)
	}
	var c ForecastChoice
	c.Kind, c.Asset, _ = strings.Cut(strings.TrimSpace(series), ":")
	c.Method, c.Column, _ = strings.Cut(strings.TrimSpace(method), ":")
	if err := c.check(); err != nil {
		return ForecastChoice{}, fmt.Errorf("%w: %q: %s", ErrForecastChoice, spec, err)
	}
	return c, nil
}

// check says what is wrong with c on its own (before any park is seen).
func (c ForecastChoice) check() error {
	switch c.Kind {
	case "carbon":
		if c.Asset != "" {
			return errors.New("carbon has no assets: write carbon=METHOD")
		}
	case "load", "pv", "wind":
	default:
		return fmt.Errorf("series %q: want carbon, load, pv or wind, optionally :NAME", c.Kind)
	}
	switch {
	case c.Method == forecast.MethodProvided && c.Column == "":
		return errors.New("provided needs the forecast's column: provided:COLUMN")
	case c.Method != forecast.MethodProvided && c.Column != "":
		return fmt.Errorf("only provided takes a column, not %s", c.Method)
	case c.Method == forecast.MethodWeatherPV:
		return errors.New("weather-pv needs a weather forecast set, which only the Go API can give (forecast.Inputs)")
	case !slices.Contains(forecast.Methods(), c.Method):
		return fmt.Errorf("unknown method %q (have %s)", c.Method, strings.Join(forecast.Methods(), ", "))
	case c.Method == forecast.MethodClearSky && c.Kind != "pv":
		return errors.New("clearsky-persistence forecasts PV only")
	}
	return nil
}

// ForecastsLabel names what a run of s under policy pol plans with:
// "default" ([forecast.DefaultSet]) or s.Forecasts joined by "; " (e.g.
// "carbon=provided:co2_da") for a policy that plans with forecasts
// (PolicyInfo.UsesForecasts), "" for the others.
func (s *Scenario) ForecastsLabel(pol dispatch.Policy) string {
	if e, ok := s.Catalogue().Lookup(pol); !ok || !e.UsesForecasts {
		return ""
	}
	if len(s.Forecasts) == 0 {
		return "default"
	}
	parts := make([]string, len(s.Forecasts))
	for i, c := range s.Forecasts {
		parts[i] = c.String()
	}
	return strings.Join(parts, "; ")
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
	if err := c.check(); err != nil {
		return bad("%v", err)
	}
	var in forecast.Inputs
	if c.Method == forecast.MethodProvided {
		col, ok := s.Series.Column(c.Column)
		if !ok {
			return bad("no column %s in the series (have %s)", model.Quote(c.Column), model.QuoteList(s.Series.Names))
		}
		if !col.Start.Equal(s.Profiles.Start) || col.Step != s.Profiles.Step {
			return bad("column %s is not on the profiles' time axis", model.Quote(c.Column))
		}
		in.Provided = &col
	}
	if c.Kind == "carbon" {
		f, err := forecast.New(c.Method, in)
		if err != nil {
			return bad("%v", err)
		}
		fs.Carbon = f
		return nil
	}
	names, slots := s.assetSlots(fs, c.Kind)
	found := false
	for i, name := range names {
		if c.Asset != "" && name != c.Asset {
			continue
		}
		found = true
		in := in
		if c.Method == forecast.MethodClearSky { // check: PV only
			var err error
			if in, err = s.clearSky.ClearSkyInputs(s.Park.PV[i], s.Profiles); err != nil {
				return bad("%v", err)
			}
		}
		f, err := forecast.New(c.Method, in)
		if err != nil {
			return bad("%v", err)
		}
		slots[i] = f
	}
	if !found {
		if c.Asset == "" {
			return bad("the park has no %s", c.Kind)
		}
		return bad("no %s named %s (have %s)", c.Kind, model.Quote(c.Asset), model.QuoteList(names))
	}
	return nil
}

// assetSlots are the names of the park's assets of kind ("load", "pv" or
// "wind") and their forecasters in fs, index for index.
func (s *Scenario) assetSlots(fs *model.ForecastSet, kind string) (names []string, slots []model.Forecaster) {
	switch kind {
	case "load":
		for _, l := range s.Park.Loads {
			names = append(names, l.Name)
		}
		return names, fs.Load
	case "pv":
		for _, a := range s.Park.PV {
			names = append(names, a.Name)
		}
		return names, fs.PV
	case "wind":
		for _, w := range s.Park.Wind {
			names = append(names, w.Name)
		}
		return names, fs.Wind
	}
	return nil, nil
}
