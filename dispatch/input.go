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
	return checkValues(p, prof, 0, prof.Len)
}

// checkValues is checkProfiles over intervals [from, to) of prof (every
// series at least to long). It allocates only when it finds a problem.
func checkValues(p *model.Park, prof *model.Profiles, from, to int) error {
	var errs []error
	// field is the Profiles field, indexed by i when i ≥ 0.
	check := func(kind, asset, field string, i int, v []float64, power, nilOK bool) {
		if v == nil && nilOK {
			return
		}
		name := func() string {
			if i < 0 {
				return field
			}
			return fmt.Sprintf("%s[%d]", field, i)
		}
		if len(v) < to {
			what := kind
			if asset != "" {
				what += fmt.Sprintf(" %q", asset)
			}
			errs = append(errs, fmt.Errorf("%w: %s %s has %d values, the period has %d intervals", ErrInput, what, name(), len(v), to))
			return
		}
		for t := from; t < to; t++ {
			x := v[t]
			ok := goodSignal(x)
			if power {
				ok = goodPower(x)
			}
			if !ok {
				errs = append(errs, &ValueError{Kind: kind, Asset: asset, Field: name(), Interval: t,
					Time: prof.Start.Add(time.Duration(t) * prof.Step), Value: x, Reason: valueReason(x, power)})
				return
			}
		}
	}
	for i, l := range p.Loads {
		check("load", l.Name, "LoadKW", i, prof.LoadKW[i], true, false)
	}
	for i, a := range p.PV {
		check("pv", a.Name, "PVAvailKW", i, prof.PVAvailKW[i], true, false)
	}
	for j, w := range p.Wind {
		check("wind", w.Name, "WindAvailKW", j, prof.WindAvailKW[j], true, false)
	}
	check("grid", "", "DispatchKgCO2ePerKWh", -1, prof.DispatchKgCO2ePerKWh, false, false)
	check("grid", "", "AccountingKgCO2ePerKWh", -1, prof.AccountingKgCO2ePerKWh, false, false)
	check("grid", "", "ImportPricePerKWh", -1, prof.ImportPricePerKWh, false, true)
	check("grid", "", "ExportPricePerKWh", -1, prof.ExportPricePerKWh, false, true)
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
