package dispatch

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/model"
)

// ValueError is a value of the profiles a whole-period dispatch (Run,
// PerfectForesight, GridOnly, SelfConsumption) refuses: it names the
// series by asset and field, the interval and the value, and unwraps to
// [ErrInput]. Unlike a forecast handed to Dispatcher.Step, the profiles are
// the actual data the ledger accounts for: a bad value there would become
// a NaN or a silently wrong total, so it is reported, not repaired.
type ValueError struct {
	// Kind and Asset name the series: "load", "pv" or "wind" and the
	// asset's name, or "grid" and "" for the signals and prices.
	Kind, Asset string
	// Field is the Profiles field, indexed for per-asset series
	// ("LoadKW[2]", "DispatchKgCO2ePerKWh").
	Field    string
	Interval int
	Time     time.Time
	Value    float64
	Reason   string
}

func (e *ValueError) Error() string {
	what := e.Kind
	if e.Asset != "" {
		what += fmt.Sprintf(" %q", e.Asset)
	}
	return fmt.Sprintf("%v: %s %s, interval %d (%s): value %v: %s", ErrInput, what, e.Field, e.Interval,
		e.Time.Format(time.RFC3339), e.Value, e.Reason)
}

func (e *ValueError) Unwrap() error { return ErrInput }

// checkProfiles checks the profiles of a whole-period dispatch once, before
// anything is allocated for it: every series the park needs is there with
// prof.Len values (prices may be nil: 0); powers are finite, ≥ 0 and
// within model.MaxMagnitude; signals and prices are finite and within
// model.MaxSignal (they may be negative). It reports the first bad
// interval of every bad series, joined.
func checkProfiles(p *model.Park, prof *model.Profiles) error {
	n := prof.Len
	var errs []error
	check := func(kind, asset, field string, v []float64, power, nilOK bool) {
		if v == nil && nilOK {
			return
		}
		if len(v) < n {
			what := kind
			if asset != "" {
				what += fmt.Sprintf(" %q", asset)
			}
			errs = append(errs, fmt.Errorf("%w: %s %s has %d values, the period has %d intervals", ErrInput, what, field, len(v), n))
			return
		}
		for t, x := range v[:n] {
			ok := x >= -maxSignal && x <= maxSignal
			if power {
				ok = x >= 0 && x <= maxPowerOrEnergy
			}
			if !ok {
				errs = append(errs, &ValueError{Kind: kind, Asset: asset, Field: field, Interval: t,
					Time: prof.Start.Add(time.Duration(t) * prof.Step), Value: x, Reason: valueReason(x, power)})
				return
			}
		}
	}
	for i, l := range p.Loads {
		check("load", l.Name, fmt.Sprintf("LoadKW[%d]", i), prof.LoadKW[i], true, false)
	}
	for i, a := range p.PV {
		check("pv", a.Name, fmt.Sprintf("PVAvailKW[%d]", i), prof.PVAvailKW[i], true, false)
	}
	for j, w := range p.Wind {
		check("wind", w.Name, fmt.Sprintf("WindAvailKW[%d]", j), prof.WindAvailKW[j], true, false)
	}
	check("grid", "", "DispatchKgCO2ePerKWh", prof.DispatchKgCO2ePerKWh, false, false)
	check("grid", "", "AccountingKgCO2ePerKWh", prof.AccountingKgCO2ePerKWh, false, false)
	check("grid", "", "ImportPricePerKWh", prof.ImportPricePerKWh, false, true)
	check("grid", "", "ExportPricePerKWh", prof.ExportPricePerKWh, false, true)
	return errors.Join(errs...)
}

// valueReason says why x is refused.
func valueReason(x float64, power bool) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "not a finite number"
	case power && x < 0:
		return "a power must be ≥ 0"
	case power:
		return fmt.Sprintf("implausibly large: must be at most %g kW", maxPowerOrEnergy)
	}
	return fmt.Sprintf("implausibly large: must be at most %g in magnitude", maxSignal)
}
