package dispatch

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/model"
)

// Sentinel errors of package dispatch.
var (
	// ErrConfig: a Config field is out of range.
	ErrConfig = errors.New("dispatch: invalid config")
	// ErrInput: the park, profiles or state handed in cannot be dispatched.
	ErrInput = errors.New("dispatch: invalid input")
)

// TerminalPolicy says how the LP values the energy left in the batteries at
// the end of a horizon. Without one, every horizon would empty the batteries.
type TerminalPolicy int

const (
	// TerminalValue (default) credits each kWh stored at the end of the
	// horizon with η_dis × the lowest (non-negative) dispatch signal in the
	// horizon, in kgCO2e per kWh: what that kWh is sure to save later, since
	// putting it back from the grid would cost at least that much. Where the
	// horizon ends the study period (the last windows of Run, and
	// PerfectForesight), the ledger's storage value applies instead
	// (LedgerConfig.StorageValueKgCO2ePerKWh, by default η_dis × the
	// period's mean accounting factor). The horizon's mean was used everywhere before; it
	// made the plan hold energy through below-average hours even where the
	// battery refills from surplus renewables for free (see the package
	// documentation).
	TerminalValue TerminalPolicy = iota
	// TerminalNone gives stored energy no value (the battery ends empty
	// whenever that saves any carbon).
	TerminalNone
)

func (p TerminalPolicy) String() string {
	switch p {
	case TerminalValue:
		return "value"
	case TerminalNone:
		return "none"
	}
	return fmt.Sprintf("TerminalPolicy(%d)", int(p))
}

// Config holds the settings of a dispatch. The zero value is not valid; start
// from DefaultConfig.
type Config struct {
	// Horizon is the look-ahead of the rolling horizon (default 24 h).
	Horizon time.Duration
	// Backend makes LP solver instances; nil means HiGHS.
	Backend lp.Backend
	// UnservedPenaltyKgCO2ePerKWh prices a kWh of unserved load in the
	// carbon objective (default 100, far above any grid's intensity, so
	// load is shed only when there is no other way).
	UnservedPenaltyKgCO2ePerKWh float64
	// Terminal is the end-of-horizon state-of-charge policy.
	Terminal TerminalPolicy
	// SinglePass skips the second, cost-minimising pass: faster, but ties
	// in carbon are broken arbitrarily (simultaneous import and export
	// or charge and discharge may appear in zero-carbon hours).
	SinglePass bool
	// Ledger holds the accounting settings.
	Ledger LedgerConfig
	// Forecasts, when set, are what the rolling horizon plans with (see
	// Run); nil means perfect information.
	Forecasts *model.ForecastSet
	// Progress, when set, is called after each committed interval with
	// the number done and the total (for progress bars).
	Progress func(done, total int)
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		Horizon:                     24 * time.Hour,
		UnservedPenaltyKgCO2ePerKWh: 100,
		Terminal:                    TerminalValue,
		Ledger:                      DefaultLedgerConfig(),
	}
}

// Validate reports every out-of-range field.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field string, v any, why string) {
		errs = append(errs, fmt.Errorf("%w: %s = %v: %s", ErrConfig, field, v, why))
	}
	if c.Horizon <= 0 {
		bad("Horizon", c.Horizon, "must be positive")
	}
	if p := c.UnservedPenaltyKgCO2ePerKWh; !(p > 0) || math.IsInf(p, 0) {
		bad("UnservedPenaltyKgCO2ePerKWh", p, "must be positive and finite")
	}
	if c.Terminal != TerminalValue && c.Terminal != TerminalNone {
		bad("Terminal", int(c.Terminal), "unknown policy")
	}
	errs = append(errs, c.Ledger.validate()...)
	return errors.Join(errs...)
}
