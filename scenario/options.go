package scenario

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// ErrOptions is the sentinel of a bad [Options] value: every error
// [Options.Validate] returns, and those of [Open] about an option, unwrap
// to it (and are [*OptionError]s).
var ErrOptions = errors.New("scenario: bad option")

// OptionError is a bad option of [Options]. Its message names the option
// as the zeropark command line spells it ("--limit-hours -1: must be ≥
// 0"), which is what a user of the command typed; Option names the
// Options field for a Go caller. Horizon, which a Go caller must set (it
// has no default), is named both ways in Error ("--horizon 0s
// (Options.Horizon): must be positive; …") and by its flag alone in
// [OptionError.CommandLine], the message the command line prints. It
// unwraps to [ErrOptions] and to Err.
type OptionError struct {
	Option string // the Options field at fault: "Horizon", "Forecasts", …
	Err    error  // what is wrong, naming the option and its value

	// cli, when not "", is the message for a user of the command line
	// (the flag alone), where Err's also names the Options field.
	cli string
}

// Error is Err's message.
func (e *OptionError) Error() string { return e.Err.Error() }

// CommandLine is the message as the zeropark command line prints it: the
// option named by its flag alone ("--horizon 0s: must be positive (the
// default is 24h)"), never by the Options field a Go caller sets. For
// every option but Horizon it is Error's.
func (e *OptionError) CommandLine() string {
	if e.cli != "" {
		return e.cli
	}
	return e.Error()
}

// Unwrap returns [ErrOptions] and Err, so that errors.Is sees both
// (ErrForecastChoice, demo.ErrUnknown, … through Err).
func (e *OptionError) Unwrap() []error { return []error{ErrOptions, e.Err} }

// optionErr is an *OptionError about field, with a message as fmt.Errorf
// formats it.
func optionErr(field, format string, args ...any) error {
	return &OptionError{Option: field, Err: fmt.Errorf(format, args...)}
}

// Options choose a study: the park and period to dispatch and the dispatch
// settings that go with them — what `zeropark report`, `run`, `sweep` and
// `plot week` share. Each field names the flag it comes from there.
//
// The ledger's prices and holdings come, field by field, from these
// options when given (non-nil), else from the park file's "market", else
// (prices only) from DefaultOffsetPricePerTCO2e and
// DefaultCertificatePricePerMWh.
type Options struct {
	// Demo is an embedded demo (demo.Names(), --demo); ParkFile and
	// SeriesFile a park JSON file and its series CSV file (--park,
	// --series) instead. With none of them, the default demo.
	Demo, ParkFile, SeriesFile string
	// Horizon is the rolling horizon's look-ahead (--horizon): positive,
	// a whole number of the series' steps, at most
	// dispatch.MaxHorizonSteps of them. It has no default: a Go caller
	// sets it (the command line's default is 24 h, as
	// dispatch.DefaultConfig's).
	Horizon time.Duration
	// Step, when > 0, resamples the series to that step before anything
	// is derived from them ([Resampled]: powers averaged to a longer step,
	// held at a shorter one); it must divide an hour (--step).
	Step time.Duration
	// LimitHours, when > 0, keeps only the first LimitHours hours of the
	// period (at least one interval); 0 keeps it all (--limit-hours).
	LimitHours int
	// Forecasts replace default forecasters, each as [ParseForecastChoice]
	// reads it ("carbon=provided:co2_day_ahead"; --forecast).
	Forecasts []string
	// Objective is what the LP minimises: "" or "carbon" (carbon first,
	// the default) or "cost" (--objective).
	Objective string
	// CarbonPricePerTCO2e prices carbon in the cost objective; above 0 it
	// implies Objective "cost" (--carbon-price).
	CarbonPricePerTCO2e float64

	// Ledger prices (currency per tCO2e and per MWh) and holdings (tCO2e,
	// MWh) that override the park file's market: --offset-price,
	// --certificate-price, --offsets-held, --certificates-held.
	OffsetPricePerTCO2e, CertificatePricePerMWh *float64
	OffsetsHeldTCO2e, CertificatesHeldMWh       *float64
	// DefaultOffsetPricePerTCO2e and DefaultCertificatePricePerMWh are the
	// prices when neither these options nor the park file give one (the
	// command line's illustrative 15 and 5; 0 prices nothing).
	DefaultOffsetPricePerTCO2e, DefaultCertificatePricePerMWh float64
	// RequireCleanShare makes the clean-energy share (≥ 90 %, a guiding
	// indicator of the notice) a condition of the near-zero-carbon and
	// zero-carbon stages beside the core indicator
	// (dispatch.LedgerConfig.RequireCleanShare; --require-clean-share).
	RequireCleanShare bool
}

// marketOption is one option that overrides the park file's market.
type marketOption struct {
	field, flag string
	value       *float64 // nil: not given
	fallback    float64  // the value checked when not given
	ledger      func(c *dispatch.LedgerConfig) *float64
}

// market lists the options that override the park file's market, in the
// order they are checked, with the ledger field each sets.
func (o Options) market() []marketOption {
	return []marketOption{
		{"OffsetPricePerTCO2e", "--offset-price", o.OffsetPricePerTCO2e, o.DefaultOffsetPricePerTCO2e,
			func(c *dispatch.LedgerConfig) *float64 { return &c.OffsetPricePerTCO2e }},
		{"CertificatePricePerMWh", "--certificate-price", o.CertificatePricePerMWh, o.DefaultCertificatePricePerMWh,
			func(c *dispatch.LedgerConfig) *float64 { return &c.CertificatePricePerMWh }},
		{"OffsetsHeldTCO2e", "--offsets-held", o.OffsetsHeldTCO2e, 0,
			func(c *dispatch.LedgerConfig) *float64 { return &c.OffsetsHeldTCO2e }},
		{"CertificatesHeldMWh", "--certificates-held", o.CertificatesHeldMWh, 0,
			func(c *dispatch.LedgerConfig) *float64 { return &c.CertificatesHeldMWh }},
	}
}

// Validate reports the first problem of o that shows without reading a
// file, in this order: the dispatch settings (Horizon > 0, prices and
// holdings finite, ≥ 0 and at most model.MaxMagnitude, Objective), the
// choice of inputs (a demo or a park file with its series file),
// LimitHours ≥ 0, then the syntax of
// each of Forecasts. [Open] calls it first; what needs the inputs (the
// horizon against the series' step, forecasters against the park) Open
// checks once they are read. Errors are [*OptionError]s.
func (o Options) Validate() error {
	if err := o.validateSettings(); err != nil {
		return err
	}
	if err := o.validateInputs(); err != nil {
		return err
	}
	if o.LimitHours < 0 {
		return optionErr("LimitHours", "--limit-hours %d: must be ≥ 0", o.LimitHours)
	}
	if st := o.Step; st < 0 || st > time.Hour || (st > 0 && time.Hour%st != 0) {
		return optionErr("Step", "--step %v: must be positive and divide an hour (e.g. 30m, 15m, 5m)", st)
	}
	_, err := o.forecastChoices()
	return err
}

// validateSettings checks the dispatch settings.
func (o Options) validateSettings() error {
	if o.Horizon <= 0 {
		return &OptionError{Option: "Horizon",
			Err: fmt.Errorf("--horizon %v (Options.Horizon): must be positive; it has no default (the command line's is 24h)", o.Horizon),
			cli: fmt.Sprintf("--horizon %v: must be positive (the default is 24h)", o.Horizon)}
	}
	for _, m := range o.market() {
		v := m.fallback
		if m.value != nil {
			v = *m.value
		}
		if !(v >= 0 && v <= model.MaxMagnitude) {
			name := m.flag
			if m.value == nil {
				name = "Default" + m.field // a fallback has no flag
			}
			// The park file's market has the same bound (QA, 2026-12-04: a
			// holding of 1e300 reached the plan's solver, which failed).
			return optionErr(m.field, "%s %s: must be finite, ≥ 0 and at most %s", name, model.Num(v), model.Num(model.MaxMagnitude))
		}
	}
	if v := o.CarbonPricePerTCO2e; !(v >= 0 && v <= model.MaxMagnitude) {
		return optionErr("CarbonPricePerTCO2e", "--carbon-price %s: must be finite, ≥ 0 and at most %s", model.Num(v), model.Num(model.MaxMagnitude))
	}
	switch o.Objective {
	case "", "cost":
	case "carbon":
		if o.CarbonPricePerTCO2e > 0 {
			return optionErr("CarbonPricePerTCO2e", "--carbon-price %v needs --objective cost: a carbon price weighs carbon against cost",
				o.CarbonPricePerTCO2e)
		}
	default:
		return optionErr("Objective", "--objective %s: want carbon or cost", model.Quote(o.Objective))
	}
	return nil
}

// validateInputs checks the choice of inputs: a demo, or a park file with
// its series file.
func (o Options) validateInputs() error {
	switch {
	case o.Demo != "" && (o.ParkFile != "" || o.SeriesFile != ""):
		return optionErr("Demo", "--demo and --park/--series exclude each other")
	case o.ParkFile != "" && o.SeriesFile == "":
		return optionErr("SeriesFile", "--park %s needs --series FILE", o.ParkFile)
	case o.SeriesFile != "" && o.ParkFile == "":
		return optionErr("ParkFile", "--series %s needs --park FILE", o.SeriesFile)
	}
	return nil
}

// forecastChoices parses o.Forecasts.
func (o Options) forecastChoices() ([]ForecastChoice, error) {
	var choices []ForecastChoice
	for _, spec := range o.Forecasts {
		c, err := ParseForecastChoice(spec)
		if err != nil {
			return nil, &OptionError{Option: "Forecasts", Err: fmt.Errorf("--forecast: %w", err)}
		}
		choices = append(choices, c)
	}
	return choices, nil
}

// config is the dispatch configuration o asks for before the park file's
// market is applied: dispatch.DefaultConfig() with Horizon, the objective,
// the carbon price and the prices of o. o must be valid.
func (o Options) config() dispatch.Config {
	cfg := dispatch.DefaultConfig()
	if o.Objective == "cost" {
		cfg.Objective = dispatch.Cost
	}
	cfg.CarbonPricePerTCO2e = o.CarbonPricePerTCO2e
	cfg.Horizon = o.Horizon
	cfg.Ledger.OffsetPricePerTCO2e = o.DefaultOffsetPricePerTCO2e
	cfg.Ledger.CertificatePricePerMWh = o.DefaultCertificatePricePerMWh
	if v := o.OffsetPricePerTCO2e; v != nil {
		cfg.Ledger.OffsetPricePerTCO2e = *v
	}
	if v := o.CertificatePricePerMWh; v != nil {
		cfg.Ledger.CertificatePricePerMWh = *v
	}
	return cfg
}

// ledger is ledger c with what park p's file sets of it applied (its
// stage thresholds and market: LedgerConfig.ForPark), then the options of
// o that override it (a value given wins over the file).
func (o Options) ledger(c dispatch.LedgerConfig, p *model.Park) dispatch.LedgerConfig {
	c = c.ForPark(p)
	for _, mo := range o.market() {
		if mo.value != nil {
			*mo.ledger(&c) = *mo.value
		}
	}
	if o.RequireCleanShare {
		c.RequireCleanShare = true
	}
	return c
}

// Open loads the study o chooses and returns it with its dispatch
// configuration: o validated ([Options.Validate]), the park and series
// read ([Load]) or the demo loaded ([Demo]), the horizon checked against
// the series' step, the period cut to LimitHours, the forecasters chosen
// and checked against the park and series ([Scenario.SetForecasts]), and
// the ledger given the park file's market and then the options that
// override it.
//
// Errors about an option are [*OptionError]s (unwrapping to
// [ErrOptions]); those of the files name the file, as [Load]'s do, and
// unwrap to model.ErrInvalid and the like.
func Open(o Options) (*Scenario, dispatch.Config, error) {
	if err := o.Validate(); err != nil {
		return nil, dispatch.Config{}, err
	}
	cfg := o.config()
	s, err := o.load()
	if err != nil {
		return nil, cfg, err
	}
	if o.LimitHours > 0 {
		s = s.Slice(0, min(max(LimitSteps(o.LimitHours, s.Profiles.Step), 1), s.Profiles.Len))
	}
	// The horizon as the run caps it, at the period (time QA, 2026-12-04:
	// two minutes of 1 s data were refused a default 24 h horizon of
	// 86,400 steps that the run would have cut to 120).
	if err := o.checkHorizon(s.Profiles.Step, time.Duration(s.Profiles.Len)*s.Profiles.Step); err != nil {
		return nil, cfg, err
	}
	if err := o.setForecasts(s); err != nil {
		return nil, cfg, err
	}
	cfg.Ledger = o.ledger(cfg.Ledger, s.Park)
	return s, cfg, nil
}

// load reads the park and series files o names, or its demo.
func (o Options) load() (*Scenario, error) {
	var s *Scenario
	var err error
	if o.ParkFile != "" {
		s, err = LoadAt(o.ParkFile, o.SeriesFile, o.Step)
	} else {
		s, err = DemoAt(o.Demo, o.Step)
	}
	if errors.Is(err, demo.ErrUnknown) {
		return nil, &OptionError{Option: "Demo", Err: err}
	}
	var fe *model.FieldError
	if o.Step > 0 && errors.As(err, &fe) && fe.Asset == "series" && fe.Field == "step" {
		// The resampling to --step failed: said of the flag (QA, December
		// 2026: "series: step = 20m0s: …" never named --step).
		return nil, optionErr("Step", "--step %v: %s", o.Step, fe.Reason)
	}
	return s, err
}

// checkHorizon checks Horizon, capped at the period as the run caps it,
// against the series' step, here where the step is known, so that the
// message names the option rather than the dispatch.Config field.
func (o Options) checkHorizon(step, period time.Duration) error {
	_, err := dispatch.PeriodHorizonSteps(o.Horizon, step, int(period/step))
	if err == nil {
		return nil
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": Horizon = "); i >= 0 {
		msg = msg[i+2:] // without the package prefixes ("dispatch: invalid config: ")
	}
	msg = strings.TrimPrefix(msg, "Horizon = "+o.Horizon.String()+" ")
	return &OptionError{Option: "Horizon", Err: &reworded{fmt.Sprintf("--horizon %v (Options.Horizon): %s", o.Horizon, msg), err},
		cli: fmt.Sprintf("--horizon %v: %s", o.Horizon, msg)}
}

// reworded is err with another message (one naming the option rather than
// the field of dispatch.Config); it unwraps to err.
type reworded struct {
	msg string
	err error
}

func (r *reworded) Error() string { return r.msg }
func (r *reworded) Unwrap() error { return r.err }

// setForecasts sets o's forecaster choices on s, checked against its park
// and series.
func (o Options) setForecasts(s *Scenario) error {
	choices, err := o.forecastChoices()
	if err != nil {
		return err
	}
	err = s.SetForecasts(choices)
	if errors.Is(err, ErrForecastChoice) {
		return &OptionError{Option: "Forecasts", Err: fmt.Errorf("--forecast (%s): %w", o.Inputs(s.Name), err)}
	}
	return err
}

// Inputs names the files o reads ("park.json, series.csv"), or the demo
// called name, for messages.
func (o Options) Inputs(name string) string {
	if o.ParkFile != "" {
		return o.ParkFile + ", " + o.SeriesFile
	}
	return fmt.Sprintf("demo %q", name)
}

// OpenPark is [Open] for a live controller, which reads its series as
// measurements: o names a park file and no series file (o.SeriesFile
// empty). It checks the settings as Validate does, reads the park file
// (errors name it) and returns the park, the dispatch configuration (the
// ledger's prices and holdings from o, else the park file's market, else
// the defaults) and the forecaster choices, which live.New checks
// against the park.
func OpenPark(o Options) (*model.Park, dispatch.Config, []ForecastChoice, error) {
	if o.ParkFile == "" || o.SeriesFile != "" || o.Demo != "" {
		return nil, dispatch.Config{}, nil, optionErr("ParkFile", "OpenPark takes --park FILE alone (with a series file or a demo: Open)")
	}
	if err := o.validateSettings(); err != nil {
		return nil, dispatch.Config{}, nil, err
	}
	if st := o.Step; st < 0 || st > time.Hour || (st > 0 && time.Hour%st != 0) {
		return nil, dispatch.Config{}, nil, optionErr("Step", "--step %v: must be positive and divide an hour (e.g. 30m, 15m, 5m)", st)
	}
	choices, err := o.forecastChoices()
	if err != nil {
		return nil, dispatch.Config{}, nil, err
	}
	cfg := o.config()
	p, err := model.LoadPark(o.ParkFile)
	if err != nil {
		return nil, cfg, nil, NameFiles(err, o.ParkFile, "")
	}
	cfg.Ledger = o.ledger(cfg.Ledger, p)
	return p, cfg, choices, nil
}

// LimitSteps is how many intervals of step the first hours hours hold
// (Options.LimitHours), saturating: hours beyond what a time.Duration
// holds (about 2.5 million) are every interval there is, where the
// product had wrapped round to a negative count and kept one interval
// (CLI QA, 2026-12-04: --limit-hours 3000000 ran one step). step must be
// positive.
func LimitSteps(hours int, step time.Duration) int {
	if hours <= 0 {
		return 0
	}
	if int64(hours) > math.MaxInt64/int64(time.Hour) {
		return math.MaxInt
	}
	return int(time.Duration(hours) * time.Hour / step)
}
