package forecast

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
)

// Default methods per series kind, chosen by backtest on the two embedded
// demo parks (hourly, 2023 calendar, horizon 24 h, an origin every hour
// from 168 h on): see doc_forecasting.md for the measured table.
const (
	// DefaultLoadMethod forecasts each tenant's load in kW.
	DefaultLoadMethod = MethodRegression
	// DefaultPVMethod forecasts a weather-driven PV array's available kW.
	DefaultPVMethod = MethodClearSky
	// DefaultPVFallbackMethod serves PV arrays without a location (given as
	// an availability column), for which no clear-sky series exists.
	DefaultPVFallbackMethod = MethodRegression
	// DefaultWindMethod forecasts a wind turbine's available kW: the
	// regression's daily model (no weekday terms: the week does not shape
	// wind), skill +0.264 against +0.241 for the full regression, and
	// better at every lead (+0.045 against +0.032 at 1 h; doc_forecasting.md,
	// "Short leads").
	DefaultWindMethod = MethodRegressionDay
	// DefaultCarbonMethod forecasts a dispatch carbon signal given as a
	// column; a constant signal is forecast exactly. Persistence, not the
	// lowest-RMSE method (regression): chosen by what the dispatch emits.
	// On the demo years the rolling horizon planning with the regression
	// forecast of the AVERT marginal rate emitted 4,417 t (Texas), more
	// than the rule-based baseline's 4,351 t, because it charged from the
	// grid on predicted dips that did not come; with persistence it
	// emitted 4,348 t. See doc_forecasting.md, "Chosen by the dispatch".
	DefaultCarbonMethod = MethodPersistence
	// DefaultHeatMethod forecasts each heat load in kW_th: the regression
	// on calendar features, without the temperature hinges. Measured on
	// the greensboro-heat demo's 16 heat loads (doc_forecasting.md, "Heat
	// loads"): RMSE 58.1 kW_th against 59.3 with the demo's temperature
	// column as the regressor, 67.3 for its daily model (regression-day),
	// 72.6 for same time last week and 118.7 for
	// persistence. The temperature did not pay here (the heat profiles were
	// simulated with another site's weather), and an observed temperature
	// used as an input is a perfect weather forecast.
	DefaultHeatMethod = MethodRegression
)

// clearSkyMargin is how far past the profiles the clear-sky series of
// [DefaultSet] reaches, so forecasts near the end still find it.
const clearSkyMargin = 14 * 24 * time.Hour

// clearSkyYear is the least span a clear-sky series of [DefaultSet]
// covers before its margin: its peak, which [ClearSkyPersistence]'s
// daylight threshold is a fraction of, is then a year's and not the
// period's, so a winter week and the year it lies in (zeropark run over
// 216 h and over 8,760, or zeropark serve's year-long axis) forecast the
// same hour alike.
const clearSkyYear = 365 * 24 * time.Hour

// ClearSkySteps is how many steps of length step the clear-sky series of
// a period of n steps spans: the period, or a year (365 days) when the
// period is shorter, then two weeks more (so forecasts near the end
// still find it). The commands that build a clear-sky series themselves
// use it too, so every forecast of an hour has one daylight threshold.
// A step that is not positive leaves n as it is.
func ClearSkySteps(n int, step time.Duration) int {
	if step <= 0 {
		return n
	}
	if y := int(clearSkyYear / step); n < y {
		n = y
	}
	return n + int(clearSkyMargin/step)
}

// DefaultSet returns the default forecaster of every series the dispatch
// forecasts: one per load (kW), PV array (available kW) and wind turbine
// (available kW), in park order, one for the dispatch carbon signal
// (kgCO2e/kWh) and, for a park with heat, one per heat load (kW_th); see
// the Default…Method constants. A PV array with Weather
// gets clear-sky-index persistence on its clear-sky power
// ([physics.ClearSkyPVKW] on prof's time axis, plus two weeks); a constant
// carbon signal gets an exact constant forecast. Every forecaster only reads the history it is
// given: no observed weather or other column of set is used as a forecast,
// so set may be nil; when given, its time axis must match prof's. The
// forecasters are stateful: one ForecastSet serves one run.
func DefaultSet(p *model.Park, set *model.SeriesSet, prof *model.Profiles) (*model.ForecastSet, error) {
	return DefaultSetCached(p, set, prof, nil)
}

// DefaultSetCached is [DefaultSet] taking each PV array's clear-sky power
// per kWp from cache (computed on first use), so many runs on the same
// time axis — the combinations of a sweep — compute it once. A nil cache
// computes it every time. The forecasts are the same either way.
func DefaultSetCached(p *model.Park, set *model.SeriesSet, prof *model.Profiles, cache *ClearSkyCache) (*model.ForecastSet, error) {
	if p == nil || prof == nil {
		return nil, &InputError{Row: -1, Reason: "park and profiles are required"}
	}
	if prof.Step <= 0 {
		return nil, fieldErr("", "step", prof.Step, "profile step must be positive")
	}
	if set != nil && (!set.Start.Equal(prof.Start) || set.Step != prof.Step) {
		return nil, &InputError{Field: "series", Row: -1, Value: fmt.Sprintf("%s step %s", set.Start, set.Step),
			Reason: fmt.Sprintf("time axis differs from the profiles' (%s step %s)", prof.Start, prof.Step)}
	}
	fs := &model.ForecastSet{
		Load: make([]model.Forecaster, len(p.Loads)),
		PV:   make([]model.Forecaster, len(p.PV)),
		Wind: make([]model.Forecaster, len(p.Wind)),
	}
	var errs []error
	mk := func(kind, asset, method string, in Inputs) model.Forecaster {
		f, err := New(method, in)
		if err != nil {
			errs = append(errs, fmt.Errorf("forecast: %s %q: %w", kind, asset, err))
		}
		return f
	}
	for i, l := range p.Loads {
		fs.Load[i] = mk("load", l.Name, DefaultLoadMethod, Inputs{})
	}
	for i, a := range p.PV {
		if a.Weather == nil {
			fs.PV[i] = mk("pv", a.Name, DefaultPVFallbackMethod, Inputs{})
			continue
		}
		in, err := cache.ClearSkyInputs(a, prof)
		if err != nil {
			errs = append(errs, fmt.Errorf("forecast: pv %q: %w", a.Name, err))
			continue
		}
		fs.PV[i] = mk("pv", a.Name, DefaultPVMethod, in)
	}
	for i, w := range p.Wind {
		fs.Wind[i] = mk("wind", w.Name, DefaultWindMethod, Inputs{})
	}
	if c := p.Grid.DispatchCarbon; c.Column == "" {
		fs.Carbon = constant(c.KgCO2ePerKWh)
	} else {
		fs.Carbon = mk("carbon", c.Column, DefaultCarbonMethod, Inputs{})
	}
	if len(p.HeatLoads) > 0 {
		fs.Heat = make([]model.Forecaster, len(p.HeatLoads))
		for i, h := range p.HeatLoads {
			fs.Heat[i] = mk("heat", h.Name, DefaultHeatMethod, Inputs{})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return fs, nil
}

// ClearSkyCache keeps clear-sky PV power per kWp ([physics.ClearSkyPVKW]
// with capacity 1 and the default turbidity) by array weather parameters
// and time axis. It is safe for concurrent use; the zero value is ready.
type ClearSkyCache struct {
	mu sync.Mutex
	m  map[clearSkyKey][]float64
}

type clearSkyKey struct {
	// w is the array's weather with its optional *float64 fields nil:
	// their values are in opt, since a map compares pointers by address
	// and a value edited in place behind the same pointer must not find
	// the entry made for the old value (QA, 2026-12-05).
	w     model.PVWeather
	opt   [4]optFloat // SunOffsetMinutes, TempCoeffPerC, LossesFraction, Albedo
	start int64       // UnixNano: the instant, whatever the location
	step  time.Duration
	n     int
}

// optFloat is an optional float64 by value: set false for nil.
type optFloat struct {
	set bool
	v   float64
}

func optOf(p *float64) optFloat {
	if p == nil {
		return optFloat{}
	}
	return optFloat{true, *p}
}

// ClearSkyInputs are the inputs of "clearsky-persistence" for PV array a
// on prof's time axis: its clear-sky power ([physics.ClearSkyPVKW],
// default turbidity) from prof's start over [ClearSkySteps] steps: a year
// at least, and two weeks past prof's end, so forecasts near the end still
// find it; from the cache when c is not nil. The array
// needs Weather (its location and orientation).
func (c *ClearSkyCache) ClearSkyInputs(a model.PVArray, prof *model.Profiles) (Inputs, error) {
	if a.Weather == nil {
		return Inputs{}, fieldErr(a.Name, "weather", "none", "clear-sky power needs the array's location and orientation (weather)")
	}
	if prof == nil || prof.Step <= 0 {
		return Inputs{}, fieldErr(a.Name, "step", "none", "profiles with a positive step are required")
	}
	n := ClearSkySteps(prof.Len, prof.Step)
	cs, err := c.pvKW(*a.Weather, a.CapacityKWp, prof.Start, prof.Step, n)
	if err != nil {
		return Inputs{}, err
	}
	return Inputs{ClearSky: &model.Series{Start: prof.Start, Step: prof.Step, Values: cs}}, nil
}

// pvKW is physics.ClearSkyPVKW(w, capacityKWp, 0, start, step, n), from
// the cache when c is not nil. physics.ClearSkyPVKW scales the per-kWp
// availability by the capacity last, so the values are the same bit for
// bit.
func (c *ClearSkyCache) pvKW(w model.PVWeather, capacityKWp float64, start time.Time, step time.Duration, n int) ([]float64, error) {
	if c == nil {
		return physics.ClearSkyPVKW(w, capacityKWp, 0, start, step, n)
	}
	if isBad(capacityKWp) || capacityKWp < 0 {
		return nil, fieldErr("", "capacity_kwp", capacityKWp, "capacity must be non-negative and finite")
	}
	// The clear sky does not read the weather columns: arrays that differ
	// only in them share an entry.
	kw := w
	kw.GHIColumn, kw.DNIColumn, kw.DHIColumn, kw.TempColumn, kw.WindSpeedColumn = "", "", "", "", ""
	opt := [4]optFloat{optOf(w.SunOffsetMinutes), optOf(w.TempCoeffPerC), optOf(w.LossesFraction), optOf(w.Albedo)}
	kw.SunOffsetMinutes, kw.TempCoeffPerC, kw.LossesFraction, kw.Albedo = nil, nil, nil, nil
	key := clearSkyKey{w: kw, opt: opt, start: start.UnixNano(), step: step, n: n}
	c.mu.Lock()
	per, ok := c.m[key]
	c.mu.Unlock()
	if !ok {
		var err error
		if per, err = physics.ClearSkyPVKW(w, 1, 0, start, step, n); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[clearSkyKey][]float64{}
		}
		c.m[key] = per
		c.mu.Unlock()
	}
	out := make([]float64, len(per))
	for i, v := range per {
		out[i] = v * capacityKWp
	}
	return out, nil
}
