package forecast

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/zeropark/zeropark/model"
)

// ErrChoice is the sentinel of a bad forecaster choice ([ParseChoice],
// [ApplyChoices]).
var ErrChoice = errors.New("forecast: bad forecaster choice")

// Choice replaces the default forecaster ([DefaultSet]) of one series, or
// of every asset of a kind, in the rolling horizon with forecasts: what
// the command line's --forecast SERIES=METHOD says. The command line
// (through package scenario) and package live read and apply choices with
// the same code, so a controller forecasts as the simulated run does.
type Choice struct {
	// Kind is "carbon" (the dispatch signal), "load", "pv", "wind" or
	// "heat" (a heat load).
	Kind string
	// Asset is the load, PV array, wind turbine or heat load's name as in
	// the park file; "" means every asset of Kind (always "" for carbon).
	Asset string
	// Method is one of [ChoiceMethods]: [Methods] but "weather-pv"
	// (which needs a weather forecast set: use [New] with [Inputs]).
	Method string
	// Column names the ready-made forecast, for Method "provided": at
	// each forecast time the plan reads its values for the horizon ahead
	// (for instance a grid operator's day-ahead carbon-intensity
	// forecast). Where the values come from is the caller's: a series
	// column for a simulated period, the values sent ahead for a
	// controller (see [ApplyChoices]).
	Column string
}

// String is the choice in the form [ParseChoice] reads.
func (c Choice) String() string {
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

// ChoiceMethods lists the methods a [Choice] (the command line's
// --forecast) accepts, in the order of [Methods]: all of them but
// "weather-pv", which needs a weather forecast set (use [New] with
// [Inputs]). "provided", last, takes its column: provided:COLUMN. Help
// texts and error messages list the methods from here.
func ChoiceMethods() []string {
	var m []string
	for _, n := range methodNames {
		if n != MethodWeatherPV && n != MethodProvided {
			m = append(m, n)
		}
	}
	return append(m, MethodProvided)
}

// ParseChoice reads "SERIES=METHOD" or "SERIES=provided:COLUMN", where
// SERIES is "carbon", "load", "pv", "wind", "heat" (every asset of the
// kind) or "load:NAME", "pv:NAME", "wind:NAME", "heat:NAME" (one asset).
// Examples:
// "carbon=provided:co2_day_ahead", "load=seasonal-week",
// "wind:Turbine 1=regression". Errors unwrap to [ErrChoice].
func ParseChoice(spec string) (Choice, error) {
	series, method, ok := strings.Cut(spec, "=")
	if !ok {
		return Choice{}, fmt.Errorf("%w: %s: want SERIES=METHOD, e.g. carbon=provided:COLUMN or load=seasonal-week", ErrChoice, model.Quote(spec))
	}
	var c Choice
	c.Kind, c.Asset, _ = strings.Cut(strings.TrimSpace(series), ":")
	c.Method, c.Column, _ = strings.Cut(strings.TrimSpace(method), ":")
	if err := c.Check(); err != nil {
		return Choice{}, fmt.Errorf("%w: %s: %s", ErrChoice, model.Quote(spec), err)
	}
	return c, nil
}

// Check says what is wrong with c on its own, before any park is seen.
func (c Choice) Check() error {
	switch c.Kind {
	case "carbon":
		if c.Asset != "" {
			return errors.New("carbon has no assets: write carbon=METHOD")
		}
	case "load", "pv", "wind", "heat":
	default:
		return fmt.Errorf("series %s: want carbon, load, pv, wind or heat, optionally :NAME", model.Quote(c.Kind))
	}
	switch {
	case c.Method == MethodProvided && c.Column == "":
		return errors.New("provided needs the forecast's column: provided:COLUMN")
	case c.Method != MethodProvided && c.Column != "":
		return fmt.Errorf("only provided takes a column, not %s", c.Method)
	case c.Method == MethodWeatherPV:
		return errors.New("weather-pv needs a weather forecast set, which only the Go API can give (forecast.Inputs)")
	case !slices.Contains(methodNames, c.Method):
		have := ChoiceMethods()
		have[len(have)-1] += ":COLUMN" // provided, last
		return fmt.Errorf("unknown method %s (have %s)", model.Quote(c.Method), strings.Join(have, ", "))
	case c.Method == MethodClearSky && c.Kind != "pv":
		return errors.New("clearsky-persistence forecasts PV only")
	}
	return nil
}

// ProvidedFunc makes the forecaster of a "provided" choice from the
// forecast named column, or says why it cannot (no such column, another
// time axis). Each call makes a fresh forecaster.
type ProvidedFunc func(column string) (model.Forecaster, error)

// ChosenSet is the forecaster set of one rolling-horizon run of park p on
// the time axis of prof: [DefaultSetCached] (set may be nil; cache may be
// nil) with the choices applied in order ([ApplyChoices]).
func ChosenSet(p *model.Park, set *model.SeriesSet, prof *model.Profiles, cache *ClearSkyCache, choices []Choice, provided ProvidedFunc) (*model.ForecastSet, error) {
	fs, err := DefaultSetCached(p, set, prof, cache)
	if err != nil {
		return nil, err
	}
	if err := ApplyChoices(fs, p, prof, cache, choices, provided); err != nil {
		return nil, err
	}
	return fs, nil
}

// ApplyChoices puts each choice into fs, the forecaster set of park p on
// the time axis of prof, in order: later choices override earlier ones for
// the same series. A "clearsky-persistence" choice takes its clear-sky
// power from cache (nil: computed) on prof's axis; a "provided" choice
// asks provided for its column (nil provided: provided forecasts are not
// available). Errors name the choice and unwrap to [ErrChoice]; fs may be
// partly changed on error.
func ApplyChoices(fs *model.ForecastSet, p *model.Park, prof *model.Profiles, cache *ClearSkyCache, choices []Choice, provided ProvidedFunc) error {
	for _, c := range choices {
		if err := applyChoice(fs, p, prof, cache, c, provided); err != nil {
			return err
		}
	}
	return nil
}

// applyChoice puts choice c into fs.
func applyChoice(fs *model.ForecastSet, p *model.Park, prof *model.Profiles, cache *ClearSkyCache, c Choice, provided ProvidedFunc) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrChoice, c, fmt.Sprintf(format, args...))
	}
	if err := c.Check(); err != nil {
		return bad("%v", err)
	}
	make1 := func(pv *model.PVArray) (model.Forecaster, error) {
		switch c.Method {
		case MethodProvided:
			if provided == nil {
				return nil, errors.New("no provided forecasts are available here")
			}
			return provided(c.Column)
		case MethodClearSky:
			in, err := cache.ClearSkyInputs(*pv, prof)
			if err != nil {
				return nil, err
			}
			return New(c.Method, in)
		}
		return New(c.Method, Inputs{})
	}
	if c.Kind == "carbon" {
		f, err := make1(nil)
		if err != nil {
			return bad("%v", err)
		}
		fs.Carbon = f
		return nil
	}
	var names []string
	var slots []model.Forecaster
	switch c.Kind {
	case "load":
		for _, l := range p.Loads {
			names = append(names, l.Name)
		}
		slots = fs.Load
	case "pv":
		for _, a := range p.PV {
			names = append(names, a.Name)
		}
		slots = fs.PV
	case "wind":
		for _, w := range p.Wind {
			names = append(names, w.Name)
		}
		slots = fs.Wind
	case "heat":
		for _, h := range p.HeatLoads {
			names = append(names, h.Name)
		}
		if fs.Heat == nil && len(names) > 0 {
			fs.Heat = make([]model.Forecaster, len(names))
		}
		slots = fs.Heat
	}
	if len(slots) != len(names) {
		return bad("the forecaster set has %d %s forecasters for %d assets", len(slots), c.Kind, len(names))
	}
	found := false
	for i, name := range names {
		if c.Asset != "" && name != c.Asset {
			continue
		}
		found = true
		var pv *model.PVArray
		if c.Kind == "pv" {
			pv = &p.PV[i]
		}
		f, err := make1(pv)
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
