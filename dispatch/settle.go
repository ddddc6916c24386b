package dispatch

import (
	"math"

	"github.com/zeropark/zeropark/model"
)

// settle commits interval t of the run schedule s from the planned
// interval 0 of plan, against the actual data already copied into s
// (load, availability). The battery follows its plan within its limits;
// the difference between what was planned and what happened is absorbed, in
// order, by:
//
//	short of power: less export, un-curtailed PV/wind, more import (up to
//	  the limit), less charging, more discharging, then unserved load;
//	surplus: less unserved load, less import, curtailment, more export (up
//	  to the limit), less discharging, then more charging.
//
// With perfect forecasts nothing differs and the plan is committed as is.
func settle(p *model.Park, s *Schedule, t int, plan *Plan) {
	h := s.Step.Hours()
	// Battery: planned flows, clipped to power limits and to what the
	// actual state of charge allows.
	for b, bat := range p.Batteries {
		ch := math.Min(plan.ChargeKW[b][0], bat.MaxChargeKW)
		dis := math.Min(plan.DischargeKW[b][0], bat.MaxDischargeKW)
		s.ChargeKW[b][t], s.DischargeKW[b][t] = ch, dis
		clampBattery(bat, s, b, t, h)
	}
	// Renewables: planned output, at most what is actually available.
	curtailed := 0.0
	for i := range p.PV {
		s.PVKW[i][t] = math.Min(plan.PVKW[i][0], s.PVAvailKW[i][t])
		curtailed += s.PVAvailKW[i][t] - s.PVKW[i][t]
	}
	for j := range p.Wind {
		s.WindKW[j][t] = math.Min(plan.WindKW[j][0], s.WindAvailKW[j][t])
		curtailed += s.WindAvailKW[j][t] - s.WindKW[j][t]
	}
	imp, exp, uns := plan.ImportKW[0], plan.ExportKW[0], plan.UnservedKW[0]
	s.ImportKW[t], s.ExportKW[t], s.UnservedKW[t] = imp, exp, uns
	// short > 0: the park lacks power against the plan's grid flows.
	short := -s.BalanceErrorKW(t)
	take := func(room float64) float64 { // how much of short a lever covers
		v := math.Min(math.Max(room, 0), math.Abs(short))
		return v
	}
	if short > 1e-12 {
		v := take(s.ExportKW[t])
		s.ExportKW[t] -= v
		short -= v
		for i := range p.PV {
			v := take(s.PVAvailKW[i][t] - s.PVKW[i][t])
			s.PVKW[i][t] += v
			short -= v
		}
		for j := range p.Wind {
			v := take(s.WindAvailKW[j][t] - s.WindKW[j][t])
			s.WindKW[j][t] += v
			short -= v
		}
		v = take(p.Grid.ImportLimitKW - s.ImportKW[t])
		s.ImportKW[t] += v
		short -= v
		for b, bat := range p.Batteries {
			v := take(s.ChargeKW[b][t])
			s.ChargeKW[b][t] -= v
			short -= v
			room := math.Min(bat.MaxDischargeKW-s.DischargeKW[b][t], dischargeRoom(bat, s, b, t, h))
			v = take(room)
			s.DischargeKW[b][t] += v
			short -= v
			clampBattery(bat, s, b, t, h)
		}
		s.UnservedKW[t] += math.Max(short, 0)
	} else if short < -1e-12 {
		v := take(s.UnservedKW[t])
		s.UnservedKW[t] -= v
		short += v
		v = take(s.ImportKW[t])
		s.ImportKW[t] -= v
		short += v
		for i := range p.PV {
			v := take(s.PVKW[i][t])
			s.PVKW[i][t] -= v
			short += v
		}
		for j := range p.Wind {
			v := take(s.WindKW[j][t])
			s.WindKW[j][t] -= v
			short += v
		}
		v = take(p.Grid.ExportLimitKW - s.ExportKW[t])
		s.ExportKW[t] += v
		short += v
		for b, bat := range p.Batteries {
			v := take(s.DischargeKW[b][t])
			s.DischargeKW[b][t] -= v
			short += v
			room := math.Min(bat.MaxChargeKW-s.ChargeKW[b][t], chargeRoom(bat, s, b, t, h))
			v = take(room)
			s.ChargeKW[b][t] += v
			short += v
			clampBattery(bat, s, b, t, h)
		}
	}
	curtailed = 0
	for i := range p.PV {
		curtailed += s.PVAvailKW[i][t] - s.PVKW[i][t]
	}
	for j := range p.Wind {
		curtailed += s.WindAvailKW[j][t] - s.WindKW[j][t]
	}
	s.CurtailedKW[t] = clean(curtailed)
	s.EmissionsKgCO2e[t] = s.ImportKW[t] * s.AccountingKgCO2ePerKWh[t] * h
}

// socBounds are the bounds on a battery's state of charge at the end of an
// interval that starts at soc, and the state it reaches by idling
// (self-discharge acts on the energy above the minimum, as in the LP):
// [min,max], widened to include soc and the idle state when a measured
// state lies outside, so idling is always allowed.
func socBounds(bat model.Battery, soc, h float64) (lo, hi, idle float64) {
	minE := bat.MinSoCKWh()
	idle = minE + (soc-minE)*(1-bat.SelfDischargePerHour*h)
	return math.Min(minE, soc), math.Max(bat.MaxSoCKWh(), idle), idle
}

// dischargeRoom is how much more discharge power (kW) the state of charge
// allows in interval t, given the flows already set.
func dischargeRoom(bat model.Battery, s *Schedule, b, t int, h float64) float64 {
	lo, _, decayed := socBounds(bat, s.SoCBefore(b, t), h)
	end := decayed + bat.ChargeEfficiency*s.ChargeKW[b][t]*h - s.DischargeKW[b][t]*h/bat.DischargeEfficiency
	return math.Max(0, (end-lo)*bat.DischargeEfficiency/h)
}

// chargeRoom is how much more charge power (kW) the state of charge allows.
func chargeRoom(bat model.Battery, s *Schedule, b, t int, h float64) float64 {
	_, hi, decayed := socBounds(bat, s.SoCBefore(b, t), h)
	end := decayed + bat.ChargeEfficiency*s.ChargeKW[b][t]*h - s.DischargeKW[b][t]*h/bat.DischargeEfficiency
	return math.Max(0, (hi-end)/(bat.ChargeEfficiency*h))
}

// clampBattery trims charge or discharge so the state of charge stays in
// bounds, and writes the resulting state of charge.
func clampBattery(bat model.Battery, s *Schedule, b, t int, h float64) {
	lo, hi, decayed := socBounds(bat, s.SoCBefore(b, t), h)
	ch, dis := s.ChargeKW[b][t], s.DischargeKW[b][t]
	end := decayed + bat.ChargeEfficiency*ch*h - dis*h/bat.DischargeEfficiency
	if end > hi {
		ch = math.Max(0, ch-(end-hi)/(bat.ChargeEfficiency*h))
	} else if end < lo {
		dis = math.Max(0, dis-(lo-end)*bat.DischargeEfficiency/h)
	}
	end = decayed + bat.ChargeEfficiency*ch*h - dis*h/bat.DischargeEfficiency
	s.ChargeKW[b][t], s.DischargeKW[b][t] = ch, dis
	s.SoCKWh[b][t] = math.Min(math.Max(end, lo), hi)
}
