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
	// ErrConcurrentUse: a Dispatcher was asked to Step (or Close) while
	// another goroutine's Step was running on it. A Dispatcher is not
	// safe for concurrent use (one per goroutine); it refuses the second
	// call rather than let two solves share one HiGHS instance, which
	// crashes the process.
	ErrConcurrentUse = errors.New("dispatch: Dispatcher used by two goroutines at once")
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

// Objective says what the dispatch LP minimises.
type Objective int

const (
	// CarbonFirst (default) is lexicographic: first the carbon of grid
	// import under the dispatch signal, then — without giving any carbon
	// back — cost (energy, demand charges, wear). See the package
	// documentation.
	CarbonFirst Objective = iota
	// Cost minimises one sum in the park's currency: energy cost − export
	// revenue + demand charges + battery wear + CarbonPricePerTCO2e × the
	// import's carbon under the dispatch signal (tCO2e) + value of lost
	// load × unserved energy. A carbon price of 0 gives the cheapest
	// dispatch; as it rises the dispatch moves towards CarbonFirst's.
	Cost
)

func (o Objective) String() string {
	switch o {
	case CarbonFirst:
		return "carbon"
	case Cost:
		return "cost"
	}
	return fmt.Sprintf("Objective(%d)", int(o))
}

// ParseObjective reads "carbon" or "cost".
func ParseObjective(s string) (Objective, error) {
	switch s {
	case "carbon":
		return CarbonFirst, nil
	case "cost":
		return Cost, nil
	}
	return 0, fmt.Errorf("%w: unknown objective %q (want carbon or cost)", ErrConfig, s)
}

// MarshalText writes the objective's name (summary.json).
func (o Objective) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (o *Objective) UnmarshalText(b []byte) error {
	v, err := ParseObjective(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// DefaultValueOfLostLoadPerKWh prices unserved energy in the Cost
// objective (currency per kWh). It is a penalty, not an estimate of what
// an outage costs: far above any energy price and any demand charge per
// kW-month (a one-hour peak costs the whole monthly rate per kW), so load
// is shed only when there is no other way — as the carbon objective's 100
// kgCO2e/kWh does. (REopt's value_of_lost_load_per_kwh, 1 USD/kWh, is for
// outage studies: at that price a demand charge of a few USD per kW-month
// would buy load shedding at the peak.)
const DefaultValueOfLostLoadPerKWh = 1000

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
	// Objective is what the LP minimises (default CarbonFirst); a
	// CarbonPricePerTCO2e above 0 implies Cost.
	Objective Objective
	// CarbonPricePerTCO2e prices the carbon of grid import under the
	// dispatch signal in the Cost objective, in currency per tCO2e
	// (negative rates count as 0, as in the carbon objective).
	CarbonPricePerTCO2e float64
	// ValueOfLostLoadPerKWh prices unserved energy in the Cost objective
	// (default [DefaultValueOfLostLoadPerKWh]).
	ValueOfLostLoadPerKWh float64
	// SinglePass skips the second, cost-minimising pass of CarbonFirst:
	// faster, but ties in carbon are broken arbitrarily (simultaneous
	// import and export or charge and discharge may appear in zero-carbon
	// hours). Cost has one pass anyway.
	SinglePass bool
	// Ledger holds the accounting settings.
	Ledger LedgerConfig
	// Forecasts, when set, are what the rolling horizon plans with (see
	// Run); nil means perfect information. Forecasters keep state, so a
	// set serves one run at a time: runs in other goroutines need their
	// own (a copy of a Config shares it; scenario.Scenario.ForecastSet
	// makes a fresh one). Run, and NewRolling until Close, hold the set
	// and refuse one another run holds (ErrConfig); one run after another
	// may use the same set.
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
		ValueOfLostLoadPerKWh:       DefaultValueOfLostLoadPerKWh,
		Terminal:                    TerminalValue,
		Ledger:                      DefaultLedgerConfig(),
	}
}

// Validate reports every out-of-range field.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field string, v any, why string) {
		if f, ok := v.(float64); ok {
			v = model.Num(f)
		}
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
	if c.Objective != CarbonFirst && c.Objective != Cost {
		bad("Objective", int(c.Objective), "unknown objective")
	}
	if p := c.CarbonPricePerTCO2e; !(p >= 0) || p > model.MaxMagnitude {
		bad("CarbonPricePerTCO2e", p, "must be finite, ≥ 0 and at most "+model.Num(model.MaxMagnitude))
	}
	if v := c.ValueOfLostLoadPerKWh; !(v > 0) || v > model.MaxSignal {
		bad("ValueOfLostLoadPerKWh", v, "must be positive and at most "+model.Num(model.MaxSignal))
	}
	errs = append(errs, c.Ledger.validate()...)
	return errors.Join(errs...)
}

// EffectiveObjective is the objective the LP minimises: Cost when a carbon
// price is set, else Objective.
func (c *Config) EffectiveObjective() Objective {
	if c.CarbonPricePerTCO2e > 0 {
		return Cost
	}
	return c.Objective
}
