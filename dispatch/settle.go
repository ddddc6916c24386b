package dispatch

import (
	"math"
	"time"

	"github.com/zeropark/zeropark/model"
)

// settle commits interval t of the run schedule s from the planned
// interval 0 of plan, against the actual data already copied into s
// (load, availability). It starts from the plan — battery flows, import,
// export and unserved load as planned, PV and wind at what is actually
// available — and meets the difference the forecasts missed:
//
//	surplus: less unserved load, less import, less discharging, more
//	  charging (clean energy is worth storing), more export up to the
//	  limit (unless export is priced below zero), then curtailment (PV
//	  first, then wind, in park order);
//	deficit: less export, then the cheapest in carbon of more import
//	  (the hour's dispatch signal), less charging (η_ch × the plan's
//	  value of stored energy, Plan.SoCValueKgCO2ePerKWh) and more
//	  discharging (that value / η_dis), then unserved load. A plan made
//	  under the Cost objective weighs the same levers in currency: import
//	  at max(price, 0) + carbon price × max(signal, 0), stored energy at
//	  Plan.SoCValuePerKWh. (Settlement does not see the demand charge: a
//	  surprise met from the grid may raise the month's peak.) With heat,
//	  heat the CHP units dump then takes the place of the heat pumps' and
//	  electric boilers' heat, the most electricity per kWh_th first
//	  (displaceConverters), and the CHP units with a heat dump rise for
//	  their electricity (raiseCHP), before any load goes unserved.
//
// A battery measured at the end of the interval (followMeasured; marked in
// sc.fixed) is no lever: the others meet the surprises. Only what nothing
// else can take or give moves its flows (giveWay): its discharge beyond
// the surplus levers above and export within the limit, whatever the
// price; its charge beyond the deficit levers, before any load goes
// unserved (a measured battery never leaves load unserved). So the
// interval keeps its power balance and grid limits, and the measured state
// the flows do not reach is EnergyKWh.SoCCorrection.
//
// A battery planned to charge and discharge at once (the LP's way of
// burning power in the round trip's losses when nothing else takes it)
// settles with the two netted at the bus, as a battery can do only one.
//
// Every step stays within power and state-of-charge limits. Export is
// re-decided in every interval: a surplus, the plan's export included,
// charges a battery with room before it leaves (unless the export price
// is negative). So even with perfect forecasts a settled interval may
// store what its plan exported (where the plan, in a tie of carbon,
// chose to sell now rather than charge, or exported for money under the
// Cost objective) and export what it curtailed. Following the plan's
// export instead was measured (December 2026, TestDemoYearOrdering): over
// both demo years the rolling horizon with forecasts then emitted more
// than self-consumption, since a plan exports now what it expects a
// forecast surplus to store later, and the forecast misses. An EMS that carries out
// the plan's export setpoint should send the batteries' measured states
// of charge: a measured battery settles as its meter says
// (followMeasured) and is no lever.
//
// With heat, heat is settled first (settleHeat), so that the heat pumps'
// and electric boilers' electricity and the CHP's are known when the
// power balance is; should the grid then fall short of the load and the
// converters together, the converters give way (shedConverters); should
// the CHP's electricity be more than every surplus lever above takes
// (export within its limit, whatever the price), the CHP comes down
// (shedCHP): its heat with it, made up by the other heat levers in the
// heat settlement's order, else unserved. No interval exports beyond the
// limit, and the fuel counted is the fuel the settled CHP burns.
//
// sc is scratch space kept by the caller across intervals.
func settle(p *model.Park, s *Schedule, t int, plan *Plan, sc *settleScratch) {
	h := s.Step.Hours()
	if s.HeatLoadKWTh != nil {
		settleHeat(p, s, t, plan, sc)
	}
	for b, bat := range p.Batteries {
		// A plan may charge and discharge at once (the LP burns in the
		// round trip's losses what nothing else takes); a battery cannot,
		// so the two are netted at the bus (the setpoint a live decision
		// sends, NetSetpoint) and the balance below finds the rest a home.
		s.ChargeKW[b][t], s.DischargeKW[b][t], s.SoCKWh[b][t] = NetSetpoint(bat, s.SoCBefore(b, t),
			plan.ChargeKW[b][0], plan.DischargeKW[b][0], s.Step)
		sc.fixed[b] = followMeasured(bat, s, b, t, h, sc.endSoCKWh[b])
	}
	for i := range p.PV {
		s.PVKW[i][t] = s.PVAvailKW[i][t]
	}
	for j := range p.Wind {
		s.WindKW[j][t] = s.WindAvailKW[j][t]
	}
	s.ImportKW[t] = math.Min(plan.ImportKW[0], p.Grid.ImportLimitKW)
	// Export is re-decided below: a surplus is stored before it leaves,
	// even where the plan, expecting the battery to fill up anyway, chose
	// to sell it now (a tie in carbon that forecasts cannot be trusted to
	// settle).
	s.ExportKW[t] = 0
	if s.ExportPricePerKWh[t] < 0 {
		s.ExportKW[t] = math.Min(plan.ExportKW[0], p.Grid.ExportLimitKW)
	}
	s.UnservedKW[t] = math.Min(plan.UnservedKW[0], s.LoadKW[t])
	net := s.BalanceErrorKW(t) // > 0 surplus, < 0 deficit
	if net > 0 {
		extra := net
		take := func(room float64) float64 { v := math.Min(math.Max(room, 0), extra); extra -= v; return v }
		s.UnservedKW[t] -= take(s.UnservedKW[t])
		s.ImportKW[t] -= take(s.ImportKW[t])
		for b, bat := range p.Batteries {
			if sc.fixed[b] {
				continue
			}
			s.DischargeKW[b][t] -= take(s.DischargeKW[b][t])
			clampBattery(bat, s, b, t, h)
			room := math.Min(bat.MaxChargeKW-s.ChargeKW[b][t], chargeRoom(bat, s, b, t, h))
			s.ChargeKW[b][t] += take(room)
			clampBattery(bat, s, b, t, h)
		}
		if s.ExportPricePerKWh[t] >= 0 {
			s.ExportKW[t] += take(p.Grid.ExportLimitKW - s.ExportKW[t])
		}
		for i := range p.PV {
			s.PVKW[i][t] -= take(s.PVKW[i][t])
		}
		for j := range p.Wind {
			s.WindKW[j][t] -= take(s.WindKW[j][t])
		}
		// What is left is a measured battery's discharge (or the CHP's
		// electricity) that nothing above can take: it leaves within the
		// export limit, whatever the price, and then the measured
		// discharge gives way (giveWay).
		s.ExportKW[t] += take(p.Grid.ExportLimitKW - s.ExportKW[t])
		giveWay(p, s, t, sc.fixed, true, h, take)
		// Only the CHP's electricity can remain: the CHP comes down.
		if s.HeatLoadKWTh != nil {
			shedCHP(p, s, t, sc, extra, h)
		}
	} else if net < 0 {
		need := -net
		take := func(room float64) float64 { v := math.Min(math.Max(room, 0), need); need -= v; return v }
		s.ExportKW[t] -= take(s.ExportKW[t])
		settleDeficit(p, s, t, plan, h, take, &sc.levers, sc.fixed)
		// Then the CHP units with a heat dump rise for their electricity,
		// their heat going where it is used, else to their dumps.
		if s.HeatLoadKWTh != nil {
			need = raiseCHP(p, s, t, sc, need, h)
		}
		// A measured battery never leaves load unserved: its charge gives
		// way first.
		giveWay(p, s, t, sc.fixed, false, h, take)
		s.UnservedKW[t] += need
	}
	s.CurtailedKW[t] = clean(curtailedKW(s, t))
	s.EmissionsKgCO2e[t] = s.ImportKW[t] * s.AccountingKgCO2ePerKWh[t] * h
	if s.HeatLoadKWTh != nil {
		shedConverters(p, s, t, sc, h)
	}
}

// giveWay cuts the flows of the batteries marked in fixed (measured:
// followMeasured) in interval t by what take grants — their discharge
// (out), a surplus nothing else could take, or their charge (!out), a
// deficit nothing else could supply short of unserved load — and writes
// the states of charge the flows then reach. The measured state they no
// longer explain becomes the ledger's EnergyKWh.SoCCorrection, as what
// the power limits cannot reach does; as in followMeasured the state is
// not clamped (cutting a flow moves it towards the idle state, within
// the bounds).
func giveWay(p *model.Park, s *Schedule, t int, fixed []bool, out bool, h float64, take func(float64) float64) {
	for b, bat := range p.Batteries {
		if !fixed[b] {
			continue
		}
		flow := &s.ChargeKW[b][t]
		if out {
			flow = &s.DischargeKW[b][t]
		}
		cut := take(*flow)
		if cut == 0 {
			continue // followMeasured wrote the state these flows reach
		}
		*flow -= cut
		_, _, idle := socBounds(bat, s.SoCBefore(b, t), h)
		s.SoCKWh[b][t] = socEnd(bat, idle, s.ChargeKW[b][t], s.DischargeKW[b][t], h)
	}
}

// lever is one way settlement can meet a deficit, with its carbon per kWh
// delivered to the bus.
type lever struct {
	cost float64
	b    int // battery, or -1 for import
	cut  bool
}

// settleDeficit meets a shortfall from the grid and the batteries, the
// cheapest in carbon first. Cheapness is per kWh delivered to the bus:
// import costs the hour's (non-negative) dispatch signal; cutting a
// planned charge loses η_ch·λ of stored value; discharging more loses
// λ/η_dis, where λ is the plan's value of stored energy. Ties go to the
// grid, so a plan made with perfect forecasts is kept. A battery whose
// flows were measured (fixed) is no lever.
func settleDeficit(p *model.Park, s *Schedule, t int, plan *Plan, h float64, take func(float64) float64, scratch *[]lever, fixed []bool) {
	levers := append((*scratch)[:0], lever{cost: plan.importCost(s, t), b: -1})
	for b, bat := range p.Batteries {
		if fixed[b] {
			continue
		}
		lam := plan.socValue(b)
		levers = append(levers,
			lever{cost: bat.ChargeEfficiency * lam, b: b, cut: true},
			lever{cost: lam / bat.DischargeEfficiency, b: b})
	}
	// Insertion sort: few levers, stable, and no allocation.
	for i := 1; i < len(levers); i++ {
		for k := i; k > 0 && levers[k].cost < levers[k-1].cost; k-- {
			levers[k], levers[k-1] = levers[k-1], levers[k]
		}
	}
	*scratch = levers
	for _, l := range levers {
		switch {
		case l.b < 0:
			s.ImportKW[t] += take(p.Grid.ImportLimitKW - s.ImportKW[t])
		case l.cut:
			bat := p.Batteries[l.b]
			s.ChargeKW[l.b][t] -= take(s.ChargeKW[l.b][t])
			clampBattery(bat, s, l.b, t, h)
		default:
			bat := p.Batteries[l.b]
			room := math.Min(bat.MaxDischargeKW-s.DischargeKW[l.b][t], dischargeRoom(bat, s, l.b, t, h))
			s.DischargeKW[l.b][t] += take(room)
			clampBattery(bat, s, l.b, t, h)
		}
	}
}

// socTolKWh is how far (kWh) a state of charge of bat may be from the one
// the flows reach and still be the same: rounding, not energy (1e-9 kWh
// per kWh of the battery).
func socTolKWh(bat model.Battery) float64 { return storedTolKWh(bat.EnergyKWh) }

// storedTolKWh is the rounding tolerance (kWh, or kWh_th) on the content
// of a store of energyKWh: 1e-9 of it, at least 1e-9.
func storedTolKWh(energyKWh float64) float64 { return 1e-9 * math.Max(energyKWh, 1) }

// followMeasured takes battery b's flows in interval t from its state of
// charge measured at the end of the interval, endKWh (NaN: not measured;
// then nothing changes and it returns false). The battery did what its
// meter says: if the flows already set (the plan's setpoints) reach
// endKWh they stand; otherwise the flows are the ones its recursion needs
// to reach endKWh from the state the interval started at — charge if it
// ended above its idle state, discharge if below — within its power
// limits (reachEnd). It writes the state those flows reach: what the
// limits cannot explain (nor the balance, should it later cut the flows:
// giveWay) stays a jump between that state and the measured
// one the next interval starts from, which the ledger counts as a
// correction of stored energy (EnergyKWh.SoCCorrection), not as losses.
func followMeasured(bat model.Battery, s *Schedule, b, t int, h, endKWh float64) bool {
	if math.IsNaN(endKWh) {
		return false
	}
	_, _, idle := socBounds(bat, s.SoCBefore(b, t), h)
	ch, dis := reachEnd(storeFlows{idle: idle, ch: s.ChargeKW[b][t], dis: s.DischargeKW[b][t], etaCh: bat.ChargeEfficiency,
		etaDis: bat.DischargeEfficiency, maxCh: bat.MaxChargeKW, maxDis: bat.MaxDischargeKW, tol: socTolKWh(bat)}, endKWh, h)
	s.ChargeKW[b][t], s.DischargeKW[b][t] = ch, dis
	s.SoCKWh[b][t] = socEnd(bat, idle, ch, dis, h)
	return true
}

// storeFlows is one interval of a store — a battery, or a thermal store
// (efficiencies 1) — for reachEnd: the content it idles to (kWh), the
// flows set (kW), its charge and discharge efficiencies and power limits,
// and the rounding tolerance on its content (kWh).
type storeFlows struct {
	idle, ch, dis, etaCh, etaDis, maxCh, maxDis, tol float64
}

// reachEnd is the charge and discharge (kW) that take store f to endKWh
// at the end of an interval of h hours (the recursion of doc.go: idle +
// η_ch·ch·h − dis·h/η_dis): the flows set if they reach it within the
// tolerance, else a charge (endKWh above the idle content) or a discharge
// (below) that does, at most the power limit.
func reachEnd(f storeFlows, endKWh, h float64) (ch, dis float64) {
	if math.Abs(f.idle+f.etaCh*f.ch*h-f.dis*h/f.etaDis-endKWh) <= f.tol {
		return f.ch, f.dis
	}
	if d := endKWh - f.idle; d > 0 {
		return math.Min(d/(f.etaCh*h), f.maxCh), 0
	}
	return 0, math.Min((f.idle-endKWh)*f.etaDis/h, f.maxDis)
}

// socBounds are the bounds on a battery's state of charge at the end of an
// interval that starts at soc, and the state it reaches by idling
// (self-discharge acts on the energy above the minimum, as in the LP):
// [min,max], widened to include soc and the idle state when a measured
// state lies outside, so idling is always allowed.
func socBounds(bat model.Battery, soc, h float64) (lo, hi, idle float64) {
	minE := bat.MinSoCKWh()
	idle = idleContent(soc, minE, bat.SelfDischargePerHour, h)
	return math.Min(minE, soc), math.Max(bat.MaxSoCKWh(), idle), idle
}

// idleContent is what a store holding soc reaches by idling h hours: its
// loss per hour (self-discharge, standing loss) acts on the content above
// its minimum minE; below it (a measured state) there is nothing to lose,
// and the recursion carried there would make it gain.
func idleContent(soc, minE, lossPerHour, h float64) float64 {
	if soc <= minE {
		return soc
	}
	return minE + (soc-minE)*(1-lossPerHour*h)
}

// NetSetpoint is a battery's setpoint as it can be carried out: a charge
// and a discharge planned at once (the LP's way of burning in the round
// trip's losses power that nothing else can take) netted into one flow,
// as settlement nets them, and the state of charge that flow ends the
// interval at from startKWh (self-discharge on the energy above the
// minimum, the recursion of doc.go).
//
// The net flow loses less than the two did, so near the maximum it may
// pass it where the plan did not: it is trimmed within the power and
// state-of-charge limits as settlement trims it (clampFlows). Settlement
// takes a planned interval's battery flows from it, so the setpoint is
// what settlement carries out before any surprise.
func NetSetpoint(bat model.Battery, startKWh, chargeKW, dischargeKW float64, step time.Duration) (ch, dis, endKWh float64) {
	// The bus sees the same power as the plan's two flows.
	ch, dis = math.Max(chargeKW-dischargeKW, 0), math.Max(dischargeKW-chargeKW, 0)
	return clampFlows(bat, startKWh, math.Min(ch, bat.MaxChargeKW), math.Min(dis, bat.MaxDischargeKW), step.Hours())
}

// socEnd is the state of charge at the end of an interval that idles to
// idle (self-discharge applied) and charges ch, discharges dis kW for h
// hours: the recursion of doc.go.
func socEnd(bat model.Battery, idle, ch, dis, h float64) float64 {
	return idle + bat.ChargeEfficiency*ch*h - dis*h/bat.DischargeEfficiency
}

// dischargeRoom is how much more discharge power (kW) the state of charge
// allows in interval t, given the flows already set.
func dischargeRoom(bat model.Battery, s *Schedule, b, t int, h float64) float64 {
	lo, _, decayed := socBounds(bat, s.SoCBefore(b, t), h)
	end := socEnd(bat, decayed, s.ChargeKW[b][t], s.DischargeKW[b][t], h)
	return math.Max(0, (end-lo)*bat.DischargeEfficiency/h)
}

// chargeRoom is how much more charge power (kW) the state of charge allows.
func chargeRoom(bat model.Battery, s *Schedule, b, t int, h float64) float64 {
	_, hi, decayed := socBounds(bat, s.SoCBefore(b, t), h)
	end := socEnd(bat, decayed, s.ChargeKW[b][t], s.DischargeKW[b][t], h)
	return math.Max(0, (hi-end)/(bat.ChargeEfficiency*h))
}

// clampBattery trims charge or discharge so the state of charge stays in
// bounds, and writes the resulting state of charge.
func clampBattery(bat model.Battery, s *Schedule, b, t int, h float64) {
	s.ChargeKW[b][t], s.DischargeKW[b][t], s.SoCKWh[b][t] = clampFlows(bat, s.SoCBefore(b, t), s.ChargeKW[b][t], s.DischargeKW[b][t], h)
}

// clampFlows trims a charge of ch or discharge of dis kW over h hours
// from soc kWh so the state of charge stays within socBounds, and returns
// the flows and the state they end at.
func clampFlows(bat model.Battery, soc, ch, dis, h float64) (chKW, disKW, endKWh float64) {
	lo, hi, decayed := socBounds(bat, soc, h)
	end := socEnd(bat, decayed, ch, dis, h)
	if end > hi {
		ch = math.Max(0, ch-(end-hi)/(bat.ChargeEfficiency*h))
	} else if end < lo {
		dis = math.Max(0, dis-(lo-end)*bat.DischargeEfficiency/h)
	}
	end = socEnd(bat, decayed, ch, dis, h)
	return ch, dis, math.Min(math.Max(end, lo), hi)
}

// importCost is the cost of one more kWh imported in interval t of s, in
// the units of the plan's objective: kgCO2e under CarbonFirst, currency
// under Cost.
func (pl *Plan) importCost(s *Schedule, t int) float64 {
	return kWhCost(math.Max(s.DispatchKgCO2ePerKWh[t], 0), s.ImportPricePerKWh[t], pl.objective == Cost, pl.carbonPerKg)
}

// socValue is the plan's value of a kWh stored in battery b, in the units
// of its objective (0 when not known).
func (pl *Plan) socValue(b int) float64 {
	v := pl.SoCValueKgCO2ePerKWh
	if pl.objective == Cost {
		v = pl.SoCValuePerKWh
	}
	if b < len(v) {
		return v[b]
	}
	return 0
}

// settleIdle settles interval t of s with the batteries idle: PV and wind
// serve the load, a surplus is exported up to the limit (unless export is
// priced below zero) and the rest curtailed (PV first, in park order), a
// deficit is imported up to the limit and the rest unserved. A measured
// battery (followMeasured) moves as its meter says, the others idle; a
// discharge that the load, export within the limit (whatever the price)
// and curtailment cannot take, or a charge that the renewables and
// import within the limit cannot supply, gives way by the rest (giveWay:
// a measured battery never leaves load unserved). With heat,
// the thermal stores idle too and the heat sources serve the heat load,
// the cheapest in carbon first (as the self-consumption rule ranks them),
// before the power balance; CHP electricity beyond what the load, export
// within the limit, curtailment and a measured battery's discharge giving
// way take brings the CHP down (shedCHP).
func settleIdle(p *model.Park, s *Schedule, t int, sc *settleScratch) {
	h := s.Step.Hours()
	if s.HeatLoadKWTh != nil {
		idleHeat(p, s, t, sc)
	}
	gen := 0.0
	for i := range p.PV {
		s.PVKW[i][t] = s.PVAvailKW[i][t]
		gen += s.PVKW[i][t]
	}
	for j := range p.Wind {
		s.WindKW[j][t] = s.WindAvailKW[j][t]
		gen += s.WindKW[j][t]
	}
	for b, bat := range p.Batteries {
		s.ChargeKW[b][t], s.DischargeKW[b][t] = 0, 0
		clampBattery(bat, s, b, t, h)
		sc.fixed[b] = followMeasured(bat, s, b, t, h, sc.endSoCKWh[b])
		// A measured state of charge can move an idle battery: its flows
		// are the bus's too.
		gen += s.DischargeKW[b][t] - s.ChargeKW[b][t]
	}
	s.ImportKW[t], s.ExportKW[t], s.UnservedKW[t] = 0, 0, 0
	net := gen - s.LoadKW[t]
	if s.HeatLoadKWTh != nil {
		net += s.CHPElectricityKW(t) - s.ConvertersKW(t)
	}
	if net > 0 {
		if s.ExportPricePerKWh[t] >= 0 {
			s.ExportKW[t] = math.Min(net, p.Grid.ExportLimitKW)
		}
		if extra := curtail(s, t, net-s.ExportKW[t]); extra > 0 {
			// A measured battery's discharge that the load, the export
			// and curtailment cannot take: export within the limit,
			// whatever the price, then the discharge gives way.
			take := func(room float64) float64 { v := math.Min(math.Max(room, 0), extra); extra -= v; return v }
			s.ExportKW[t] += take(p.Grid.ExportLimitKW - s.ExportKW[t])
			giveWay(p, s, t, sc.fixed, true, h, take)
			// Then the CHP's electricity: the CHP comes down.
			if s.HeatLoadKWTh != nil {
				shedCHP(p, s, t, sc, extra, h)
			}
		}
	} else if net < 0 {
		s.ImportKW[t] = math.Min(-net, p.Grid.ImportLimitKW)
		need := -net - s.ImportKW[t]
		// A measured battery never leaves load unserved: its charge gives
		// way first.
		take := func(room float64) float64 { v := math.Min(math.Max(room, 0), need); need -= v; return v }
		giveWay(p, s, t, sc.fixed, false, h, take)
		s.UnservedKW[t] = need
	}
	s.CurtailedKW[t] = clean(curtailedKW(s, t))
	s.EmissionsKgCO2e[t] = s.ImportKW[t] * s.AccountingKgCO2ePerKWh[t] * h
	if s.HeatLoadKWTh != nil {
		shedConverters(p, s, t, sc, h)
	}
}

// curtail takes cut kW off step t's generation, PV first then wind, in
// park order (never below 0), and returns what it could not take.
func curtail(s *Schedule, t int, cut float64) float64 {
	for i := range s.PVKW {
		v := math.Min(cut, s.PVKW[i][t])
		s.PVKW[i][t] -= v
		cut -= v
	}
	for j := range s.WindKW {
		v := math.Min(cut, s.WindKW[j][t])
		s.WindKW[j][t] -= v
		cut -= v
	}
	return math.Max(cut, 0)
}

// curtailedKW is what step t leaves of the available PV and wind power.
func curtailedKW(s *Schedule, t int) float64 {
	c := 0.0
	for i := range s.PVKW {
		c += s.PVAvailKW[i][t] - s.PVKW[i][t]
	}
	for j := range s.WindKW {
		c += s.WindAvailKW[j][t] - s.WindKW[j][t]
	}
	return c
}
