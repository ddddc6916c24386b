// Package scenario ties the pieces together for the command line, sweeps,
// examples and benchmarks: it loads a park and its series (from files or
// the embedded demo), derives weather-driven availability, resolves the
// profiles and runs policies (package results writes their outputs).
//
// It sits above model, forecast, dispatch and demo; nothing below imports
// it.
package scenario

import (
	"fmt"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// Scenario is a park with its series, ready to dispatch.
type Scenario struct {
	Name     string
	Park     *model.Park
	Series   *model.SeriesSet // including derived availability columns
	Profiles *model.Profiles
	// Forecasts replace default forecasters in the rolling horizon with
	// forecasts; set them with [Scenario.SetForecasts], which checks them.
	Forecasts []ForecastChoice

	// clearSky is shared by the scenario's variants (nil in a scenario
	// built as a literal: then nothing is cached).
	clearSky *forecast.ClearSkyCache
}

// Variant is a scenario on the same series (and forecaster choices) with
// park p and its profiles prof, for example one combination of a sweep.
// Variants share what depends only on the series: the clear-sky PV power
// per kWp of the default PV forecasters is computed once for all of them.
// (A scenario built as a literal rather than by [New] has no cache; its
// variants compute it each run.) Safe to call from several goroutines.
func (s *Scenario) Variant(name string, p *model.Park, prof *model.Profiles) *Scenario {
	return &Scenario{Name: name, Park: p, Series: s.Series, Profiles: prof, Forecasts: s.Forecasts, clearSky: s.clearSky}
}

// New derives weather-driven availability into set (adding columns) and
// resolves the park's profiles. Errors unwrap to model.ErrInvalid when the
// park or the series are at fault.
func New(name string, p *model.Park, set *model.SeriesSet) (*Scenario, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := checkProfilesMemory(name, p, set); err != nil {
		return nil, err
	}
	if err := forecast.Derive(p, set); err != nil {
		return nil, err
	}
	prof, err := model.Resolve(p, set)
	if err != nil {
		return nil, err
	}
	return &Scenario{Name: name, Park: p, Series: set, Profiles: prof, clearSky: &forecast.ClearSkyCache{}}, nil
}

// checkProfilesMemory refuses, before they are made, profiles that would
// not fit in memory: model.Resolve copies every load's column, so a park
// of many tenants sharing a few columns of a small series file can still
// ask for tenants × intervals values ([dispatch.EstimateFootprint]).
func checkProfilesMemory(name string, p *model.Park, set *model.SeriesSet) error {
	if set == nil {
		return nil // Resolve reports it
	}
	f := dispatch.Footprint{ProfilesBytes: dispatch.EstimateFootprint(p, set.Len, 0).ProfilesBytes}
	if err := f.Check(); err != nil {
		return fmt.Errorf("scenario %q: %d loads over %d intervals: %w", name, len(p.Loads), set.Len, err)
	}
	return nil
}

// Load reads a park JSON file and a series CSV file. Every problem it
// reports names the file it is in: read errors name it themselves, and
// validation errors come wrapped in a [*FileError] ([NameFiles]), which
// unwraps to the model or forecast error.
func Load(parkPath, seriesPath string) (*Scenario, error) {
	p, err := model.LoadPark(parkPath)
	if err != nil {
		return nil, err
	}
	set, err := model.LoadSeries(seriesPath)
	if err != nil {
		return nil, err
	}
	s, err := New(p.Name, p, set)
	if err != nil {
		return nil, NameFiles(err, parkPath, seriesPath)
	}
	return s, nil
}

// Demo loads an embedded demo (demo.Names(); "" is demo.Default).
func Demo(name string) (*Scenario, error) {
	if name == "" {
		name = demo.Default
	}
	p, set, err := demo.Load(name)
	if err != nil {
		return nil, err
	}
	return New(name, p, set)
}

// Reresolve recomputes the profiles after the park was changed in place
// (capacities, loads' scale, grid): availability per kW stays in Series.
func (s *Scenario) Reresolve() error {
	if err := forecast.Derive(s.Park, s.Series); err != nil {
		return err
	}
	prof, err := model.Resolve(s.Park, s.Series)
	if err != nil {
		return err
	}
	s.Profiles = prof
	return nil
}

// Slice is the scenario over intervals [from, to) of s: profiles and series
// cut alike (views, not copies), forecaster choices kept. Indices are
// clamped to the period.
func (s *Scenario) Slice(from, to int) *Scenario {
	to = min(max(to, 0), s.Profiles.Len)
	from = min(max(from, 0), to)
	c := *s
	c.Profiles = s.Profiles.Slice(from, to)
	c.Series = s.Series.Slice(from, to)
	return &c
}

// PerfectInformation is the rolling horizon planning with the actual
// series instead of forecasts: what the rolling horizon would do with
// perfect forecasts. Only the scenario level knows it; package dispatch
// runs it as dispatch.RollingHorizon with no forecasters.
const PerfectInformation dispatch.Policy = "mpc-perfect"

// Policies lists the scenario-level policies in report order: grid-only,
// self-consumption, the rolling horizon with forecasts, the rolling
// horizon with perfect information, and perfect foresight.
func Policies() []dispatch.Policy {
	return []dispatch.Policy{dispatch.GridOnlyPolicy, dispatch.SelfConsumptionPolicy,
		dispatch.RollingHorizon, PerfectInformation, dispatch.Perfect}
}

// PolicyTitle is a policy's name in reports and figures ("rolling
// horizon", "rolling, perfect info", …); unknown policies keep their name.
func PolicyTitle(p dispatch.Policy) string {
	switch p {
	case dispatch.GridOnlyPolicy:
		return "grid-only"
	case dispatch.SelfConsumptionPolicy:
		return "self-consumption"
	case dispatch.RollingHorizon:
		return "rolling horizon"
	case PerfectInformation:
		return "rolling, perfect info"
	case dispatch.Perfect:
		return "perfect foresight"
	}
	return string(p)
}

// ParsePolicy accepts a scenario-level policy name.
func ParsePolicy(name string) (dispatch.Policy, error) {
	for _, p := range Policies() {
		if string(p) == name {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: unknown policy %q (want grid, self, mpc, mpc-perfect or perfect)", dispatch.ErrConfig, name)
}

// Run dispatches the scenario under one policy. The rolling horizon
// (dispatch.RollingHorizon, "mpc") plans with cfg.Forecasts, or when that
// is nil with a fresh [Scenario.ForecastSet] (forecast.DefaultSet with
// s.Forecasts applied; forecasters keep state, so every run gets its own);
// PerfectInformation runs it on the actual series.
func (s *Scenario) Run(pol dispatch.Policy, cfg dispatch.Config) (*dispatch.Result, error) {
	run := pol
	switch pol {
	case PerfectInformation:
		run, cfg.Forecasts = dispatch.RollingHorizon, nil
	case dispatch.RollingHorizon:
		if cfg.Forecasts == nil {
			fs, err := s.ForecastSet()
			if err != nil {
				return nil, fmt.Errorf("scenario %q: forecasters: %w", s.Name, err)
			}
			cfg.Forecasts = fs
		}
	}
	r, err := dispatch.RunPolicy(run, s.Park, s.Profiles, cfg)
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %s: %w", s.Name, pol, err)
	}
	r.Policy, r.Report.Policy = pol, pol
	return r, nil
}
