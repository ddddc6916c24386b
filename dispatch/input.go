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
	// Kind and Asset name the series: "load", "pv", "wind", "heat load",
	// "heat pump" or "purchased heat" and the asset's name, or "grid" and
	// "" for the signals and prices.
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
// anything is allocated for it: the period is not empty and its step is
// above 0 and divides an hour or is whole hours (said as such, not as profiles that miss the
// park's assets or a horizon of other steps; a schedule of step 0 would
// reach Account as 0 years); there is a series for each load, PV array
// and turbine (else the field and both counts are named), and every series the park needs is
// there with prof.Len values (prices may be nil: 0); powers are finite,
// ≥ 0 and within model.MaxMagnitude; signals and prices are finite and
// within model.MaxSignal (they may be negative). It reports the first bad
// interval of every bad series, joined. p and prof are not nil.
func checkProfiles(p *model.Park, prof *model.Profiles) error {
	if prof.Len < 1 {
		return fmt.Errorf("%w: empty period (Profiles.Len %d)", ErrInput, prof.Len)
	}
	if st := prof.Step; st <= 0 || (time.Hour%st != 0 && st%time.Hour != 0) {
		// A series' step divides an hour; package plan's slices are whole
		// hours.
		return fmt.Errorf("%w: Profiles.Step %v: must be positive and divide an hour (e.g. 1h, 30m, 15m, 5m), or be whole hours", ErrInput, st)
	}
	if err := checkShape(p, prof, "profiles'"); err != nil {
		return err
	}
	return checkValues(p, prof, 0, prof.Len)
}

// checkShape refuses profiles (what names them: "forecast", "profiles'")
// whose rows of loads, PV arrays or wind turbines are not one per asset
// of p, naming the field and both counts.
func checkShape(p *model.Park, f *model.Profiles, what string) error {
	for _, c := range []struct {
		field, assets string
		got, want     int
	}{{"LoadKW", "loads", len(f.LoadKW), len(p.Loads)}, {"PVAvailKW", "PV arrays", len(f.PVAvailKW), len(p.PV)},
		{"WindAvailKW", "wind turbines", len(f.WindAvailKW), len(p.Wind)}} {
		if c.got != c.want {
			return fmt.Errorf("%w: %s %s has %d rows, the park has %d %s (one row per asset, in the park file's order)",
				ErrInput, what, c.field, c.got, c.want, c.assets)
		}
	}
	return nil
}

// checkValues is checkProfiles over intervals [from, to) of prof (every
// series at least to long). It allocates only when it finds a problem.
func checkValues(p *model.Park, prof *model.Profiles, from, to int) error {
	var errs []error
	// field is the Profiles field, indexed by i when i ≥ 0; r, when set,
	// replaces the power or signal rule.
	checkRule := func(kind, asset, field string, i int, v []float64, power, nilOK bool, r *rule) {
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
			why := ""
			if r != nil {
				ok, why = r.good(x), r.reason
			}
			if !ok {
				if why == "" {
					why = valueReason(x, power)
				}
				errs = append(errs, &ValueError{Kind: kind, Asset: asset, Field: name(), Interval: t,
					Time: prof.Start.Add(time.Duration(t) * prof.Step), Value: x, Reason: why})
				return
			}
		}
	}
	check := func(kind, asset, field string, i int, v []float64, power, nilOK bool) {
		checkRule(kind, asset, field, i, v, power, nilOK, nil)
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
	if len(prof.HeatLoadKWTh) != len(p.HeatLoads) || len(prof.HeatPumpCOP) != len(p.HeatPumps) ||
		len(prof.PurchasedHeatKgCO2ePerKWhTh) != len(p.PurchasedHeat) || len(prof.PurchasedHeatPricePerKWhTh) != len(p.PurchasedHeat) {
		return errors.Join(append(errs, checkHeatShape(p, prof, "profiles'"))...)
	}
	for i, h := range p.HeatLoads {
		check("heat load", h.Name, "HeatLoadKWTh", i, prof.HeatLoadKWTh[i], true, false)
	}
	for j, h := range p.HeatPumps {
		checkRule("heat pump", h.Name, "HeatPumpCOP", j, prof.HeatPumpCOP[j], false, false, &copRule)
	}
	for k, h := range p.PurchasedHeat {
		checkRule("purchased heat", h.Name, "PurchasedHeatKgCO2ePerKWhTh", k, prof.PurchasedHeatKgCO2ePerKWhTh[k], false, false, &factorRule)
		check("purchased heat", h.Name, "PurchasedHeatPricePerKWhTh", k, prof.PurchasedHeatPricePerKWhTh[k], false, false)
	}
	return errors.Join(errs...)
}

// rule is a check of a series' values other than the power and signal
// rules: good says whether a value passes, reason why one does not.
type rule struct {
	good   func(float64) bool
	reason string
}

// The rules of a heat pump's COP and a purchased heat's emission factor.
var (
	copRule    = rule{good: goodCOP, reason: fmt.Sprintf("a COP must be in [%g, %g] kW_th per kW", minCOP, maxCOP)}
	factorRule = rule{good: func(v float64) bool { return v >= 0 && v <= maxSignal },
		reason: "an emission factor must be in [0, " + model.Num(maxSignal) + "] kgCO2e/kWh_th"}
)

// valueReason says why x is refused.
func valueReason(x float64, power bool) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "not a finite number"
	case power && x < 0:
		return "a power must be ≥ 0"
	case power:
		return "implausibly large: must be at most " + model.Num(maxPowerOrEnergy) + " kW"
	}
	return "implausibly large: must be at most " + model.Num(maxSignal) + " in magnitude"
}
