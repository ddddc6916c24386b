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
// Δt. With heat, also (1e-6 kW_th) the heat balance; every converter within
// its capacity and its identity (heat pump heat = COP × electricity,
// electric boiler heat = η × electricity, fuel boiler fuel = heat / η,
// CHP heat = electricity × η_th/η_el and fuel = electricity / η_el);
// each CHP's heat dumped within [0, min(heat dump capacity, its heat)];
// purchased heat within its limit; unserved heat within the heat load;
// no thermal store charging and discharging at once, each following its
// recursion within its bounds; and the fuel and purchased heat carbon. A NaN in any of these is a violation. It returns the first found
// (unwrapping to ErrPhysics), or nil. It first checks the shape with
// [Schedule.Validate] and returns its error (unwrapping to ErrInput), so
// it never indexes out of range.
func (s *Schedule) Check(p *model.Park) error {
	if err := s.Validate(p); err != nil {
		return err
	}
	h := s.Step.Hours()
	var fuels []model.ResolvedFuel
	if s.HeatLoadKWTh != nil {
		fuels = ResolveFuels(p)
	}
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
			idle := prev // self-discharge acts on the energy above the minimum only
			if prev > minE {
				idle = minE + (prev-minE)*(1-bat.SelfDischargePerHour*h)
			}
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
		if s.HeatLoadKWTh != nil {
			s.checkHeat(p, i, fuels, fail)
		}
	}
	return err
}

// checkHeat checks interval i's heat side (see Check); fuels are p's
// resolved fuels (fuel boilers, then CHP). Messages are built only on
// failure: Check runs over every interval of a year.
func (s *Schedule) checkHeat(p *model.Park, i int, fuels []model.ResolvedFuel, fail func(int, string, ...any)) {
	h := s.Step.Hours()
	if e := s.HeatBalanceErrorKWTh(i); !(math.Abs(e) <= checkTolKW) {
		fail(i, "heat balance error %g kW_th", e)
	}
	// same: an identity of asset name's quantity what.
	same := func(kind, name, what string, got, want float64) {
		if !(math.Abs(got-want) <= checkTolKW*(1+math.Abs(want))) {
			fail(i, "%s %q: %s %g, want %g", kind, name, what, got, want)
		}
	}
	// within: 0 ≤ v ≤ hi for asset name's quantity what.
	within := func(kind, name, what string, v, hi float64) {
		if !(v >= -checkTolKW && v <= hi+checkTolKW) {
			fail(i, "%s %q: %s %g outside [0, %g]", kind, name, what, v, hi)
		}
	}
	for j, u := range p.HeatPumps {
		within(HeatPumpKind, u.Name, "heat", s.HeatPumpKWTh[j][i], u.CapacityKWTh)
		same(HeatPumpKind, u.Name, "heat vs COP × electricity", s.HeatPumpKWTh[j][i], s.HeatPumpCOP[j][i]*s.HeatPumpKW[j][i])
	}
	for k, u := range p.ElectricBoilers {
		within(ElectricBoilerKind, u.Name, "heat", s.ElectricBoilerKWTh[k][i], u.CapacityKWTh)
		same(ElectricBoilerKind, u.Name, "heat vs η × electricity", s.ElectricBoilerKWTh[k][i], u.Efficiency*s.ElectricBoilerKW[k][i])
	}
	fuelKg := 0.0
	for f, u := range p.FuelBoilers {
		within(FuelBoilerKind, u.Name, "heat", s.FuelBoilerKWTh[f][i], u.CapacityKWTh)
		same(FuelBoilerKind, u.Name, "fuel vs heat / η", s.FuelBoilerFuelKW[f][i], s.FuelBoilerKWTh[f][i]/u.EfficiencyLHV)
		fuelKg += s.FuelBoilerFuelKW[f][i] * fuels[f].KgCO2ePerKWhLHV * h
	}
	for c, u := range p.CHP {
		within(CHPKind, u.Name, "electricity", s.CHPKW[c][i], u.CapacityKW)
		same(CHPKind, u.Name, "heat vs electricity × η_th/η_el", s.CHPKWTh[c][i], s.CHPKW[c][i]*u.ThermalEfficiencyLHV/u.ElectricEfficiencyLHV)
		same(CHPKind, u.Name, "fuel vs electricity / η_el", s.CHPFuelKW[c][i], s.CHPKW[c][i]/u.ElectricEfficiencyLHV)
		fuelKg += s.CHPFuelKW[c][i] * fuels[len(p.FuelBoilers)+c].KgCO2ePerKWhLHV * h
		if len(s.CHPDumpKWTh) > 0 {
			// 0 ≤ dump ≤ the dump's capacity and the heat made.
			within(CHPKind, u.Name, "heat dumped", s.CHPDumpKWTh[c][i], math.Min(u.HeatDumpKWTh, s.CHPKWTh[c][i]))
		}
	}
	phKg := 0.0
	for k, u := range p.PurchasedHeat {
		within(PurchasedHeatKind, u.Name, "heat", s.PurchasedHeatKWTh[k][i], u.LimitKWTh)
		phKg += s.PurchasedHeatKWTh[k][i] * s.PurchasedHeatKgCO2ePerKWhTh[k][i] * h
	}
	within("park", p.Name, "unserved heat", s.UnservedHeatKWTh[i], s.HeatLoadKWTh[i])
	for k, ts := range p.ThermalStorage {
		ch, dis := s.HeatChargeKWTh[k][i], s.HeatDischargeKWTh[k][i]
		if math.Min(ch, dis) > checkTolKW {
			fail(i, "thermal store %q charges %g and discharges %g kW_th at once", ts.Name, ch, dis)
		}
		within(ThermalStoreKind, ts.Name, "charge", ch, ts.MaxChargeKWTh)
		within(ThermalStoreKind, ts.Name, "discharge", dis, ts.MaxDischargeKWTh)
		// The recursion written out again, as for batteries.
		prev, minE := s.HeatSoCBefore(k, i), ts.MinSoCKWhTh()
		idle := prev // standing loss acts on the content above the minimum only
		if prev > minE {
			idle = minE + (prev-minE)*(1-ts.StandingLossPerHour*h)
		}
		soc := s.HeatSoCKWhTh[k][i]
		if want := idle + (ch-dis)*h; !(math.Abs(want-soc) <= 1e-5) {
			fail(i, "thermal store %q content %g, recursion gives %g", ts.Name, soc, want)
		}
		if !(soc >= math.Min(minE, prev)-1e-5 && soc <= math.Max(ts.MaxSoCKWhTh(), idle)+1e-5) {
			fail(i, "thermal store %q content %g outside [%g, %g]", ts.Name, soc, math.Min(minE, prev), math.Max(ts.MaxSoCKWhTh(), idle))
		}
	}
	if !(math.Abs(fuelKg-s.FuelKgCO2e[i]) <= 1e-9*(1+math.Abs(fuelKg))) {
		fail(i, "fuel emissions %g, fuel × factor × Δt = %g", s.FuelKgCO2e[i], fuelKg)
	}
	if !(math.Abs(phKg-s.PurchasedHeatKgCO2e[i]) <= 1e-9*(1+math.Abs(phKg))) {
		fail(i, "purchased heat emissions %g, heat × factor × Δt = %g", s.PurchasedHeatKgCO2e[i], phKg)
	}
}
