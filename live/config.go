package live

import (
	"errors"
	"fmt"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// Sentinel errors of package live. Measurement problems unwrap to
// model.ErrInvalid as well (they are [*model.FieldError] values).
var (
	// ErrConfig: a Config field is out of range.
	ErrConfig = errors.New("live: invalid config")
	// ErrMeasurement: a measurement was refused (with model.ErrInvalid).
	ErrMeasurement = errors.New("live: measurement refused")
	// ErrNotNext: Step was asked for an interval before the next one.
	ErrNotNext = errors.New("live: not the next interval")
	// ErrState: a state file is corrupt, foreign, of another version or
	// saved for another park or configuration.
	ErrState = errors.New("live: bad controller state")
)

// DefaultHistory is how much measured history a Controller keeps by
// default: 53 weeks, a year and a day more than any default forecaster
// reads (regression: 8 weeks and a day), so replaying a year through a
// Controller never trims it and matches dispatch.Run exactly.
const DefaultHistory = 53 * 7 * 24 * time.Hour

// trimChunk is how much history beyond Config.History accumulates before
// the oldest whole weeks are dropped: trimming makes the stateful
// forecasters refit (their history moved), so it is done rarely.
const trimChunk = 4 * 7 * 24 * time.Hour

// MinMeasureAhead is how far past the next interval to plan Measure
// accepts values at least: a week (a horizon, when longer), so that
// signals and heat pumps' temperatures may be sent ahead.
const MinMeasureAhead = 7 * 24 * time.Hour

// forecastAxis is how far ahead the default forecasters' exogenous inputs
// (the clear-sky series of PV) are computed when the Controller has no
// end; they are rebuilt on a new axis when it runs out.
const forecastAxis = 365 * 24 * time.Hour

// Config sets up a [Controller]. [DefaultConfig] fills the defaults; Start
// must be set.
type Config struct {
	// Dispatch is the dispatch configuration: Horizon, Objective,
	// CarbonPricePerTCO2e, Ledger, Backend… Its Forecasts and Progress are
	// not used: the Controller makes its forecasters (below). The
	// Controller takes Ledger as given: for a park file's
	// stage_thresholds and market (offsets and certificates held) set
	// Ledger = Ledger.ForPark(park) (dispatch.LedgerConfig.ForPark), as
	// scenario.OpenPark and zeropark serve do; DefaultConfig, which has
	// no park, judges by the defaults.
	Dispatch dispatch.Config
	// Start is the first interval of the Controller's time axis: every
	// interval is Start + k·Step, measurements included. Its location is
	// the clock of time-of-use prices and of the forecasters' calendar
	// (hour of day, weekday), as the first timestamp of a series file is.
	Start time.Time
	// Step is the length of an interval; it must divide an hour.
	Step time.Duration
	// Forecasts are the --forecast choices applied to
	// forecast.DefaultSet, as for dispatch.Run through package scenario. A
	// "provided" choice reads the values sent in Measurement.Forecasts
	// under its column.
	Forecasts []forecast.Choice
	// ForecastSet, when set, replaces forecast.DefaultSet and Forecasts:
	// it makes the forecasters on the time axis it is given (Start, Step
	// and Len only). A nil forecaster in the set means the series is read
	// from the values sent ahead (a Measurement of a future interval),
	// else held at its last value.
	ForecastSet func(axis *model.Profiles) (*model.ForecastSet, error)
	// History is how much measured history is kept (0: DefaultHistory).
	// Beyond it the oldest whole weeks are dropped every four weeks, and
	// the stateful forecasters then refit on what is kept.
	History time.Duration
	// End and EndValues replay a finished period as dispatch.Run does
	// (see dispatch.Rolling.SetEnd and dispatch.StudyEndValues): windows
	// stop at End and value stored energy there at EndValues. Zero for
	// live operation.
	End       time.Time
	EndValues []float64
}

// DefaultConfig is the default configuration at the given start and
// step: dispatch.DefaultConfig() (a 24-hour horizon, carbon first), the
// default forecasters, DefaultHistory.
func DefaultConfig(start time.Time, step time.Duration) Config {
	return Config{Dispatch: dispatch.DefaultConfig(), Start: start, Step: step}
}

// Validate reports every problem of c, joined; each unwraps to ErrConfig.
func (c Config) Validate() error {
	var errs []error
	bad := func(field string, v any, reason string) {
		errs = append(errs, fmt.Errorf("%w: %s = %v: %s", ErrConfig, field, v, reason))
	}
	if err := c.Dispatch.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("%w: Dispatch: %w", ErrConfig, err))
	}
	if c.Start.IsZero() {
		bad("Start", "zero", "the first interval of the time axis must be set")
	}
	if c.Step <= 0 || c.Step > time.Hour || time.Hour%c.Step != 0 {
		bad("Step", c.Step, "must be positive and divide an hour (e.g. 1h, 30m, 15m, 5m)")
	} else if _, err := dispatch.HorizonSteps(c.Dispatch.Horizon, c.Step); err != nil {
		errs = append(errs, fmt.Errorf("%w: Dispatch: %w", ErrConfig, err))
	}
	if c.History < 0 {
		bad("History", c.History, "must not be negative (0: DefaultHistory)")
	} else if c.History > 0 && c.History < 7*24*time.Hour {
		bad("History", c.History, "must be at least a week: the forecasters read a week and more")
	}
	if len(c.Forecasts) > 0 && c.ForecastSet != nil {
		bad("Forecasts", len(c.Forecasts), "choices apply to the default set; ForecastSet replaces it: set one")
	}
	for i, ch := range c.Forecasts {
		if err := ch.Check(); err != nil {
			bad(fmt.Sprintf("Forecasts[%d]", i), ch, err.Error())
		}
	}
	if !c.End.IsZero() {
		if c.Step > 0 && !c.Start.IsZero() {
			if d := c.End.Sub(c.Start); d <= 0 || d%c.Step != 0 {
				bad("End", c.End.Format(time.RFC3339), "must be after Start by a whole number of steps")
			}
		}
	} else if len(c.EndValues) > 0 {
		bad("EndValues", c.EndValues, "only with End")
	}
	return errors.Join(errs...)
}

// history is the history kept, in steps.
func (c Config) historySteps() int {
	h := c.History
	if h == 0 {
		h = DefaultHistory
	}
	return int(h / c.Step)
}
