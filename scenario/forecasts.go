package scenario

import (
	"fmt"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// ErrForecastChoice is the sentinel of a bad forecaster choice: the same
// as [forecast.ErrChoice], where choices are parsed and applied (package
// live applies them too).
var ErrForecastChoice = forecast.ErrChoice

// ForecastChoice replaces the default forecaster ([forecast.DefaultSet]) of
// one series, or of every asset of a kind, in the rolling horizon with
// forecasts (policy "mpc"): a [forecast.Choice], whose "provided" column is
// a column of the scenario's series.
type ForecastChoice = forecast.Choice

// ParseForecastChoice is [forecast.ParseChoice]: it reads "SERIES=METHOD"
// or "SERIES=provided:COLUMN", where SERIES is "carbon", "load", "pv",
// "wind", "heat" (every asset of the kind) or "load:NAME", "pv:NAME",
// "wind:NAME", "heat:NAME" (one asset). Examples: "carbon=provided:co2_day_ahead",
// "load=seasonal-week", "wind:Turbine 1=regression".
func ParseForecastChoice(spec string) (ForecastChoice, error) { return forecast.ParseChoice(spec) }

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
	for _, c := range choices {
		if err := s.checkProvided(c); err != nil {
			return fmt.Errorf("%w: %s: %w", ErrForecastChoice, c, err)
		}
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
// run: [forecast.DefaultSet] with s.Forecasts applied
// ([forecast.ChosenSet]); a "provided" choice reads its column of s.Series.
func (s *Scenario) ForecastSet() (*model.ForecastSet, error) {
	return forecast.ChosenSet(s.Park, s.Series, s.Profiles, s.clearSky, s.Forecasts, s.providedColumn)
}

// checkProvided checks the column of a "provided" choice c as the series
// it forecasts is checked: a carbon forecast within the grid's bound (in
// g/kWh it would price import above lost load, and the plan would shed
// load; EMS QA, 2026-12-05: 35.7 % of a week's load shed, exit 0), a
// power forecast not negative. A column the series lacks is left to
// [Scenario.ForecastSet], which names the columns there are.
func (s *Scenario) checkProvided(c ForecastChoice) error {
	v, ok := s.Series.Columns[c.Column]
	if c.Method != forecast.MethodProvided || !ok {
		return nil
	}
	for i, x := range v {
		why := model.ProvidedForecastProblem(c.Kind, x)
		if why == "" {
			continue
		}
		at := s.Series.File
		if l := s.Series.Line(i); l > 0 {
			at = fmt.Sprintf("%s:%d", at, l)
		}
		if at != "" {
			at += ": "
		}
		return fmt.Errorf("%scolumn %s, interval %d (%s): value %s: %s", at, model.Quote(c.Column), i,
			s.Series.Time(i).Format(time.RFC3339), model.Num(x), why)
	}
	return nil
}

// providedColumn is the forecaster of a "provided" choice: the column of
// the series, which must be on the profiles' time axis.
func (s *Scenario) providedColumn(column string) (model.Forecaster, error) {
	col, ok := s.Series.Column(column)
	if !ok {
		return nil, fmt.Errorf("no column %s in the series (have %s)", model.Quote(column), model.QuoteList(s.Series.Names))
	}
	if !col.Start.Equal(s.Profiles.Start) || col.Step != s.Profiles.Step {
		return nil, fmt.Errorf("column %s is not on the profiles' time axis", model.Quote(column))
	}
	return forecast.New(forecast.MethodProvided, forecast.Inputs{Provided: &col})
}
