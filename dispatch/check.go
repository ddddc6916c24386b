package dispatch

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/model"
)

// ErrPhysics: a schedule breaks the park's physics (Schedule.Check).
var ErrPhysics = errors.New("dispatch: schedule breaks physics")

// checkTolKW is the tolerance of Schedule.Check on powers.
const checkTolKW = 1e-6

// Check verifies that s obeys the park's physics in every interval, within
// 1e-6 kW (1e-5 kWh for states of charge): the power balance; PV and wind
// within availability and curtailment equal to what was left; charge,
// discharge, import, export and unserved load within their limits and
// never negative; no battery charging and discharging at once and no
// import and export at once; each state of charge following the recursion
// of doc.go and within its bounds; emissions = import × accounting factor ×
// Δt. A NaN in any of these is a violation. It returns the first found
// (unwrapping to ErrPhysics), or nil. It first checks the shape with
// [Schedule.Validate] and returns its error (unwrapping to ErrInput), so
// it never indexes out of range.
func (s *Schedule) Check(p *model.Park) error {
	if err := s.Validate(p); err != nil {
		return err
	}
	h := s.Step.Hours()
	var err error
	fail := func(i int, format string, args ...any) {
		if err == nil {
			err = fmt.Errorf("%w: schedule interval %d (%s): %s", ErrPhysics, i, s.Time(i).Format(time.RFC3339), fmt.Sprintf(format, args...))
		}
	}
	le := func(i int, what string, a, b, tol float64) {
		if !(a <= b+tol) {
			fail(i, "%s: %g > %g", what, a, b)
		}
	}
	for i := 0; i < s.Len && err == nil; i++ {
		if e := s.BalanceErrorKW(i); !(math.Abs(e) <= checkTolKW) {
			fail(i, "balance error %g kW", e)
		}
		le(i, "min(import, export)", math.Min(s.ImportKW[i], s.ExportKW[i]), 0, checkTolKW)
		le(i, "import vs limit", s.ImportKW[i], p.Grid.ImportLimitKW, checkTolKW)
		le(i, "export vs limit", s.ExportKW[i], p.Grid.ExportLimitKW, checkTolKW)
		le(i, "-import", -s.ImportKW[i], 0, checkTolKW)
		le(i, "-export", -s.ExportKW[i], 0, checkTolKW)
		le(i, "-unserved", -s.UnservedKW[i], 0, checkTolKW)
		le(i, "unserved vs load", s.UnservedKW[i], s.LoadKW[i], checkTolKW)
		le(i, "-curtailed", -s.CurtailedKW[i], 0, checkTolKW)
		cur := 0.0
		for k := range s.PVKW {
			le(i, "-pv", -s.PVKW[k][i], 0, checkTolKW)
			le(i, "pv vs available", s.PVKW[k][i], s.PVAvailKW[k][i], checkTolKW)
			cur += s.PVAvailKW[k][i] - s.PVKW[k][i]
		}
		for k := range s.WindKW {
			le(i, "-wind", -s.WindKW[k][i], 0, checkTolKW)
			le(i, "wind vs available", s.WindKW[k][i], s.WindAvailKW[k][i], checkTolKW)
			cur += s.WindAvailKW[k][i] - s.WindKW[k][i]
		}
		if !(math.Abs(cur-s.CurtailedKW[i]) <= checkTolKW) {
			fail(i, "curtailed %g, available − used %g", s.CurtailedKW[i], cur)
		}
		for b, bat := range p.Batteries {
			ch, dis := s.ChargeKW[b][i], s.DischargeKW[b][i]
			le(i, fmt.Sprintf("battery %d min(charge, discharge)", b), math.Min(ch, dis), 0, checkTolKW)
			le(i, "-charge", -ch, 0, checkTolKW)
			le(i, "-discharge", -dis, 0, checkTolKW)
			le(i, "charge vs limit", ch, bat.MaxChargeKW, checkTolKW)
			le(i, "discharge vs limit", dis, bat.MaxDischargeKW, checkTolKW)
			// The recursion written out again on purpose: Check is the
			// independent judge of settle's and the LP's arithmetic.
			prev := s.SoCBefore(b, i)
			minE := bat.MinSoCKWh()
			idle := minE + (prev-minE)*(1-bat.SelfDischargePerHour*h)
			want := idle + bat.ChargeEfficiency*ch*h - dis*h/bat.DischargeEfficiency
			if !(math.Abs(want-s.SoCKWh[b][i]) <= 1e-5) {
				fail(i, "battery %d soc %g, recursion gives %g", b, s.SoCKWh[b][i], want)
			}
			le(i, "soc lower bound", math.Min(minE, prev), s.SoCKWh[b][i], 1e-5)
			le(i, "soc upper bound", s.SoCKWh[b][i], math.Max(bat.MaxSoCKWh(), idle), 1e-5)
		}
		if e := s.ImportKW[i] * s.AccountingKgCO2ePerKWh[i] * h; !(math.Abs(e-s.EmissionsKgCO2e[i]) <= 1e-9*(1+math.Abs(e))) {
			fail(i, "emissions %g, import × factor × Δt = %g", s.EmissionsKgCO2e[i], e)
		}
	}
	return err
}
