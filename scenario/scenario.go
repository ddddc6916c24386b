package scenario

import (
	"errors"
	"fmt"
	"time"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// Scenario is a park with its series, ready to dispatch.
type Scenario struct {
	Name string
	// Park may be edited between runs: a battery's or a limit's change
	// takes effect at once; a load's scale, a PV array's or turbine's
	// capacity or weather, the grid's signals and prices, the heat loads
	// and COPs need [Scenario.Reresolve] first, and Run refuses them
	// until then ([ErrStale]).
	Park *model.Park
	// Series includes the derived availability columns. Values edited
	// in place here reach the dispatch only through
	// [Scenario.Reresolve] (the profiles are copies), and Run refuses a
	// column edited or removed since until then ([ErrStale]). (A
	// "provided" forecast column is the exception: each run's
	// forecasters read it from Series. A column added is read by
	// nothing until a forecast choice or Reresolve names it.)
	Series   *model.SeriesSet
	Profiles *model.Profiles
	// Forecasts replace default forecasters in the rolling horizon with
	// forecasts; set them with [Scenario.SetForecasts], which checks them.
	Forecasts []ForecastChoice
	// Policies, when set, is the catalogue [Scenario.Run] and [Compare]
	// look policies up in (for example dispatch.Policies() with a
	// policy of one's own appended); nil means dispatch.Policies().
	Policies dispatch.Catalogue

	// clearSky is shared by the scenario's variants (nil in a scenario
	// built as a literal: then nothing is cached).
	clearSky *forecast.ClearSkyCache
	// printed is Series as the profiles were resolved from it, which Run
	// checks (nil in a scenario built as a literal: nothing is checked).
	printed *seriesPrint
	// checked is the last design CheckOperation ran (nil in a scenario
	// built as a literal or a Variant: nothing is kept).
	checked *checkMemo
}

// Variant is a scenario on the same series (and forecaster choices and
// policies) with park p and its profiles prof, for example one
// combination of a sweep. prof must be p's profiles on s's series,
// model.Resolve(p, s.Series) (which also validates p); with nil profiles
// Run fails with dispatch.ErrInput. Variant itself checks nothing.
// Variants share what depends only on the series: the clear-sky PV power
// per kWp of the default PV forecasters is computed once for all of them.
// (A scenario built as a literal rather than by [New] has no cache; its
// variants compute it each run.) Safe to call from several goroutines.
func (s *Scenario) Variant(name string, p *model.Park, prof *model.Profiles) *Scenario {
	return &Scenario{Name: name, Park: p, Series: s.Series, Profiles: prof, Forecasts: s.Forecasts, Policies: s.Policies,
		clearSky: s.clearSky, printed: s.printed}
}

// New derives weather-driven availability into set (adding columns) and
// resolves the park's profiles. A scenario of another park whose PV or
// wind has the same name but other weather derives its own column over
// it, so scenarios of such variants need a series set each. Errors unwrap
// to model.ErrInvalid when the park or the series are at fault. The park
// is checked against the series before the weather models read it, so
// that a missing weather column or a bad weather value is reported as
// `validate` reports it, with the series file's line.
func New(name string, p *model.Park, set *model.SeriesSet) (*Scenario, error) {
	if err := p.ValidateWith(set); err != nil {
		return nil, err
	}
	if err := checkProfilesMemory(name, p, set); err != nil {
		return nil, err
	}
	if err := physics.Derive(p, set); err != nil {
		return nil, err
	}
	prof, err := model.Resolve(p, set)
	if err != nil {
		return nil, err
	}
	return &Scenario{Name: name, Park: p, Series: set, Profiles: prof, clearSky: &forecast.ClearSkyCache{},
		printed: printSeries(set), checked: &checkMemo{}}, nil
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
	return LoadAt(parkPath, seriesPath, 0)
}

// LoadAt is [Load] with the series resampled to step first (0: as read),
// as [Resampled] does.
func LoadAt(parkPath, seriesPath string, step time.Duration) (*Scenario, error) {
	p, err := model.LoadPark(parkPath)
	if err != nil {
		return nil, err
	}
	set, err := model.LoadSeries(seriesPath)
	if err != nil {
		return nil, err
	}
	if set, err = Resampled(set, step); err != nil {
		return nil, NameFiles(err, parkPath, seriesPath)
	}
	s, err := New(p.Name, p, set)
	if err != nil {
		return nil, NameFiles(err, parkPath, seriesPath)
	}
	return s, nil
}

// Demo loads an embedded demo (demo.Names(); "" is demo.Default).
func Demo(name string) (*Scenario, error) {
	return DemoAt(name, 0)
}

// DemoAt is [Demo] with the demo's hourly series resampled to step first
// (0: hourly), as [Resampled] does.
func DemoAt(name string, step time.Duration) (*Scenario, error) {
	if name == "" {
		name = demo.Default
	}
	p, set, err := demo.Load(name)
	if err != nil {
		return nil, err
	}
	if set, err = Resampled(set, step); err != nil {
		return nil, err
	}
	return New(name, p, set)
}

// Resampled is set at step ([model.ResampleSet]; 0 or set's own step:
// set itself), before any availability is derived from its weather: every
// column is averaged to a longer step and held at a shorter one — loads
// keep their energy, signals (carbon, prices, availability per kW,
// weather) what was published for each interval. The step must divide an
// hour, as every series step must.
func Resampled(set *model.SeriesSet, step time.Duration) (*model.SeriesSet, error) {
	if step == 0 || set == nil || step == set.Step {
		return set, nil
	}
	if step < 0 || step > time.Hour || time.Hour%step != 0 {
		return nil, &model.FieldError{Asset: "series", Field: "step", Value: step,
			Reason: "resampling needs a positive step that divides an hour (e.g. 30m, 15m, 5m)"}
	}
	return model.ResampleSet(set, step, nil)
}

// Reresolve derives the weather-driven availability (kW per kW installed)
// into Series again (physics.Derive) and resolves the profiles, after the
// park (capacities, loads' scale, PV and wind weather settings, grid,
// heat) or the Series' values were changed in place.
func (s *Scenario) Reresolve() error {
	if err := physics.Derive(s.Park, s.Series); err != nil {
		return err
	}
	prof, err := model.Resolve(s.Park, s.Series)
	if err != nil {
		return err
	}
	s.Profiles = prof
	s.printed = printSeries(s.Series)
	if s.checked != nil {
		s.checked = &checkMemo{} // runs on the series as it was
	}
	return nil
}

// Slice is the scenario over intervals [from, to) of s: profiles and series
// cut alike (views, not copies), forecaster choices kept. Indices are
// clamped to the period. The park is s's own (the same *model.Park): a
// battery edited in the slice's is edited in s's. For a variant over the
// slice alone, give the slice a clone (model.Park.Clone) before editing
// it (and Reresolve where the edit needs it).
func (s *Scenario) Slice(from, to int) *Scenario {
	to = min(max(to, 0), s.Profiles.Len)
	from = min(max(from, 0), to)
	c := *s
	c.Profiles = s.Profiles.Slice(from, to)
	c.Series = s.Series.Slice(from, to)
	if s.checked != nil {
		c.checked = &checkMemo{} // its own: another period
	}
	if d := s.printed.changed(s.Series, s.provided); d != "" {
		c.printed = &seriesPrint{stale: d}
	} else if s.printed != nil {
		c.printed = printSeries(c.Series)
	}
	return &c
}

// Digests are the SHA-256 digests of the scenario's park and series, as
// a sweep's closing columns and a run's or plan's JSON give them. Where
// the park or the series changed since they were resolved, so that Run
// refuses them, Digests does too ([ErrStale]): they would not be the
// digests of what the scenario ran.
func (s *Scenario) Digests() (results.Digests, error) {
	if err := s.fresh(); err != nil {
		// Not the digests of what the scenario resolved and ran.
		return results.Digests{}, err
	}
	park, err := model.ParkSHA256(s.Park)
	if err != nil {
		return results.Digests{}, err
	}
	return results.Digests{ParkSHA256: park, SeriesSHA256: s.Series.SHA256()}, nil
}

// Summary is summary.json's content for result r of the scenario
// dispatched with cfg, as `zeropark run` writes it: [results.NewSummary]
// with the park's name, cfg's horizon and the forecasters' label, the
// inputs' digests ([Scenario.Digests]) and the currency of the park's
// economics. The caller fills in where the inputs came from (Demo, or
// ParkFile and SeriesFile) and RunTimeS.
func (s *Scenario) Summary(r *dispatch.Result, cfg dispatch.Config) (results.Summary, error) {
	if r == nil {
		return results.Summary{}, errors.New("scenario: Summary of a nil result")
	}
	sum := results.NewSummary(s.Park.Name, cfg.Horizon, s.ForecastsLabel(r.Policy), r.Report)
	dg, err := s.Digests()
	if err != nil {
		return results.Summary{}, fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	sum.Digests = dg
	if e := s.Park.Economics; e != nil {
		sum.Currency = e.Currency
	}
	return sum, nil
}

// Run dispatches the scenario under policy pol of its catalogue
// ([Scenario.Catalogue]). A policy that plans with forecasts
// (PolicyInfo.UsesForecasts: "mpc") plans with cfg.Forecasts, or when that
// is nil with a fresh [Scenario.ForecastSet] (forecast.DefaultSet with
// s.Forecasts applied; forecasters keep state, so every run gets its own).
// The others run as the catalogue says ("mpc-perfect" on the actual
// series).
func (s *Scenario) Run(pol dispatch.Policy, cfg dispatch.Config) (*dispatch.Result, error) {
	if err := s.fresh(); err != nil {
		return nil, err
	}
	cat := s.Catalogue()
	if e, ok := cat.Lookup(pol); ok && e.UsesForecasts && cfg.Forecasts == nil {
		fs, err := s.ForecastSet()
		if err != nil {
			return nil, fmt.Errorf("scenario %q: forecasters: %w", s.Name, err)
		}
		cfg.Forecasts = fs
	}
	r, err := cat.Run(pol, s.Park, s.Profiles, cfg)
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %s: %w", s.Name, pol, err)
	}
	return r, nil
}

// ErrStale: the scenario's park or series has changed, in what its
// profiles were resolved or its availability derived from, since they
// were; call
// [Scenario.Reresolve]. It is model.ErrStale, which model.Resolve (so a
// plan) returns for a derived column of other weather settings; the
// dispatch's own entry points do not check (their profiles are the
// caller's).
var ErrStale = model.ErrStale

// fresh refuses a park changed since s.Profiles were resolved from it
// (model.Profiles.ChangedSince): a capacity, scale, column, weather,
// signal or price edited in place reaches the dispatch only through
// [Scenario.Reresolve], while a battery edited in place reaches it at
// once, and a run on both would mix the old with the new (QA,
// 2026-12-04: PV ×3 and load ×2 left the residual as it was while a
// battery ×3 in the same edit lowered it).
//
// It refuses as well a series edited in place since (QA, 2026-12-05:
// the carbon and a load column doubled left the residual as it was,
// while a plan on the same Scenario read the edit): a column that was
// there when the profiles were resolved and has changed or gone, a
// weather column among them, whose availability was derived from its
// old values. A column added since is no one's input until Reresolve,
// and a "provided" forecast's column is read by every run afresh, so
// neither is checked. Run hashes every column to tell (a third of a
// millisecond for a year of 32 hourly columns, measured).
func (s *Scenario) fresh() error {
	if d := s.Profiles.ChangedSince(s.Park); d != "" {
		return fmt.Errorf("scenario %q: %w (%s): call Reresolve after editing the park", s.Name, ErrStale, d)
	}
	if d := s.printed.changed(s.Series, s.provided); d != "" {
		return fmt.Errorf("scenario %q: %w (%s): call Reresolve after editing the series", s.Name, ErrStale, d)
	}
	return nil
}

// provided says whether column is the column of one of s's "provided"
// forecasts.
func (s *Scenario) provided(column string) bool {
	for _, c := range s.Forecasts {
		if c.Method == forecast.MethodProvided && c.Column == column {
			return true
		}
	}
	return false
}

// Catalogue is the policies s runs: s.Policies, or when that is nil the
// standard catalogue ([dispatch.Policies]).
func (s *Scenario) Catalogue() dispatch.Catalogue {
	if s.Policies != nil {
		return s.Policies
	}
	return dispatch.Policies()
}
