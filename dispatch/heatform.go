package dispatch

import (
	"math"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/model"
)

// The heat block of the layout (only for a park with heat; see layout and
// doc.go, "Heat"). Per step t, in kW_th unless said otherwise:
//
//	hp[t,j]   heat pump j's heat out; its electricity is hp/COP[t,j]
//	eb[t,k]   electric boiler k's heat out; its electricity is eb/η[k]
//	fb[t,f]   fuel boiler f's heat out; its fuel is fb/η[f] (kW of LHV)
//	chp[t,c]  CHP c's electricity out (kW); its heat is chp·η_th/η_el and
//	          its fuel chp/η_el
//	tnet[t,s] thermal store s's discharge less its charge at its boundary
//	          (one signed column: the store has no conversion loss, so
//	          charging and discharging at once could only cancel out)
//	tsoc      thermal store s's content at the end of step t, kWh_th
//	ph[t,p]   purchased heat p
//	uh        unserved heat (a priced slack, at most the heat load)
//	hl        the heat load (a fixed column)
//	dump[t,d] the heat the d-th CHP with a heat dump rejects, in [0,
//	          HeatDumpKWTh] (only for such units)
//	kept[t,d] that CHP's heat not dumped, ≥ 0: the slack that makes its
//	          dump row, dump ≤ chp·η_th/η_el, an equality
//
// and one fixed column per thermal store, its measured content tsoc0.
func (l layout) heatBase(t int) int { return l.base(t) + l.elecBlock }
func (l layout) hp(t, j int) int    { return l.heatBase(t) + j }
func (l layout) eb(t, k int) int    { return l.heatBase(t) + l.nHP + k }
func (l layout) fb(t, f int) int    { return l.heatBase(t) + l.nHP + l.nEB + f }
func (l layout) chp(t, c int) int   { return l.heatBase(t) + l.nHP + l.nEB + l.nFB + c }
func (l layout) tnet(t, s int) int  { return l.chp(t, 0) + l.nCHP + s }
func (l layout) tsoc(t, s int) int  { return l.chp(t, 0) + l.nCHP + l.nTS + s }
func (l layout) ph(t, p int) int    { return l.chp(t, 0) + l.nCHP + 2*l.nTS + p }
func (l layout) uh(t int) int       { return l.ph(t, 0) + l.nPH }
func (l layout) hl(t int) int       { return l.uh(t) + 1 }
func (l layout) dump(t, d int) int  { return l.hl(t) + 1 + d }
func (l layout) kept(t, d int) int  { return l.hl(t) + 1 + l.nDump + d }

// tsoc0 is thermal store s's fixed initial-content column.
func (l layout) tsoc0(s int) int {
	i := l.first + l.nBat + s
	if l.demand {
		i++
	}
	return i
}

// ResolveFuels resolves the fuel of each fuel boiler, then each CHP, in
// the park's order (the park has been validated, so every fuel resolves;
// an unknown one is the zero ResolvedFuel).
func ResolveFuels(p *model.Park) []model.ResolvedFuel {
	out := make([]model.ResolvedFuel, 0, len(p.FuelBoilers)+len(p.CHP))
	for _, b := range p.FuelBoilers {
		f, _ := p.Fuel(b.Fuel)
		out = append(out, f)
	}
	for _, c := range p.CHP {
		f, _ := p.Fuel(c.Fuel)
		out = append(out, f)
	}
	return out
}

// fbFuel and chpFuel are the resolved fuels of fuel boiler f and CHP c.
func (l layout) fbFuel(f int) model.ResolvedFuel  { return l.fuel[f] }
func (l layout) chpFuel(c int) model.ResolvedFuel { return l.fuel[l.nFB+c] }

// retentionTS is thermal store s's retention over a step.
func (l layout) retentionTS(s model.ThermalStorage) float64 {
	return 1 - s.StandingLossPerHour*l.stepHours
}

// chpHeatPerKW is CHP c's heat out per kW of electricity out, η_th/η_el.
func chpHeatPerKW(c model.CHP) float64 { return c.ThermalEfficiencyLHV / c.ElectricEfficiencyLHV }

// addConverters adds the heat side's terms of step t's power balance: CHP
// electricity as supply, the electricity of heat pumps (−1/COP, cop nil:
// −1) and electric boilers (−1/η) as demand.
func (l layout) addConverters(b *lp.Builder, p *model.Park, t int, cop func(t, j int) float64) {
	for c := 0; c < l.nCHP; c++ {
		b.Add(l.chp(t, c), 1)
	}
	for j := 0; j < l.nHP; j++ {
		v := 1.0
		if cop != nil {
			v = cop(t, j)
		}
		b.Add(l.hp(t, j), -1/v)
	}
	for k, e := range p.ElectricBoilers {
		b.Add(l.eb(t, k), -1/e.Efficiency)
	}
}

// writeHeatRows appends step t's heat balance, thermal-store recursions
// and, per CHP with a heat dump, its dump row:
//
//	Σhp + Σeb + Σfb + Σ chp·η_th/η_el + Σtnet + Σph + uh − Σdump − hl = 0
//	tsoc_t − a·tsoc_{t−1} + Δt·tnet = (1 − a)·min
//	dump[d] − chp[c]·η_th/η_el + kept[d] = 0      (c the d-th dumping CHP)
//
// with a = 1 − standing loss per hour × Δt: the loss acts on the heat
// above the minimum, as self-discharge does in a battery. With kept ≥ 0
// the dump row is dump ≤ the CHP's heat, written as an equality so that
// every row keeps a fixed right-hand side (the second pass fixes columns
// alone).
func (l layout) writeHeatRows(b *lp.Builder, p *model.Park, t int) {
	dt := l.stepHours
	b.StartRow()
	for j := 0; j < l.nHP; j++ {
		b.Add(l.hp(t, j), 1)
	}
	for k := 0; k < l.nEB; k++ {
		b.Add(l.eb(t, k), 1)
	}
	for f := 0; f < l.nFB; f++ {
		b.Add(l.fb(t, f), 1)
	}
	for c, chp := range p.CHP {
		b.Add(l.chp(t, c), chpHeatPerKW(chp))
	}
	for s := 0; s < l.nTS; s++ {
		b.Add(l.tnet(t, s), 1)
	}
	for k := 0; k < l.nPH; k++ {
		b.Add(l.ph(t, k), 1)
	}
	b.Add(l.uh(t), 1)
	for d := 0; d < l.nDump; d++ {
		b.Add(l.dump(t, d), -1)
	}
	b.Add(l.hl(t), -1)
	b.EndRow(0, 0)
	for s, ts := range p.ThermalStorage {
		prev := l.tsoc0(s)
		if t > 0 {
			prev = l.tsoc(t-1, s)
		}
		a := l.retentionTS(ts)
		b.StartRow()
		b.Add(prev, -a)
		b.Add(l.tnet(t, s), dt)
		b.Add(l.tsoc(t, s), 1)
		rhs := (1 - a) * ts.MinSoCKWhTh()
		if l.aboveMin {
			rhs = 0
		}
		b.EndRow(rhs, rhs)
	}
	for d, c := range l.dumpCHP {
		b.StartRow()
		b.Add(l.chp(t, c), -chpHeatPerKW(p.CHP[c]))
		b.Add(l.dump(t, d), 1)
		b.Add(l.kept(t, d), 1)
		b.EndRow(0, 0)
	}
}

// heatBounds fills the heat block's bounds for one horizon: converters
// within capacity, stores within power and content limits, purchased heat
// within its limit, unserved heat up to the heat load, the heat load
// fixed; padding steps switched off (contents keep their bounds).
func (l layout) heatBounds(p *model.Park, w *window, tsoc0 []float64, lo, hi []float64) {
	for s := range p.ThermalStorage {
		lo[l.tsoc0(s)], hi[l.tsoc0(s)] = tsoc0[s], tsoc0[s]
	}
	for t := 0; t < l.h; t++ {
		on := t < w.active
		set := func(c int, v float64) {
			lo[c], hi[c] = 0, 0
			if on {
				hi[c] = v
			}
		}
		for j, h := range p.HeatPumps {
			set(l.hp(t, j), h.CapacityKWTh)
		}
		for k, e := range p.ElectricBoilers {
			set(l.eb(t, k), e.CapacityKWTh)
		}
		for f, b := range p.FuelBoilers {
			set(l.fb(t, f), b.CapacityKWTh)
		}
		for c, chp := range p.CHP {
			set(l.chp(t, c), chp.CapacityKW)
		}
		for s, ts := range p.ThermalStorage {
			c := l.tnet(t, s)
			lo[c], hi[c] = 0, 0
			if on {
				lo[c], hi[c] = -ts.MaxChargeKWTh, ts.MaxDischargeKWTh
			}
			lo[l.tsoc(t, s)], hi[l.tsoc(t, s)] = ts.MinSoCKWhTh(), ts.MaxSoCKWhTh()
			if l.aboveMin {
				lo[l.tsoc(t, s)], hi[l.tsoc(t, s)] = 0, ts.MaxSoCKWhTh()-ts.MinSoCKWhTh()
			}
		}
		for k, ph := range p.PurchasedHeat {
			set(l.ph(t, k), ph.LimitKWTh)
		}
		load := 0.0
		if on {
			load = w.heatKW[t]
		}
		lo[l.uh(t)], hi[l.uh(t)] = 0, load
		lo[l.hl(t)], hi[l.hl(t)] = load, load
		for d, c := range l.dumpCHP {
			set(l.dump(t, d), p.CHP[c].HeatDumpKWTh)
			lo[l.kept(t, d)], hi[l.kept(t, d)] = 0, 0
			if on {
				hi[l.kept(t, d)] = lp.Inf
			}
		}
	}
}

// heatCarbonCosts fills the heat block's first-pass objective: the carbon
// of the fuel burnt (boilers and CHP) and of the heat bought, the
// unserved-heat penalty and the terminal value of stored heat (value[s],
// kgCO2e per kWh_th). Heat dumped costs no carbon of its own: its fuel is
// on the CHP's column.
func (l layout) heatCarbonCosts(p *model.Park, w *window, penalty float64, value []float64, c []float64) {
	dt := l.stepHours
	for f, b := range p.FuelBoilers {
		v := l.fbFuel(f).KgCO2ePerKWhLHV / b.EfficiencyLHV * dt
		for t := 0; t < w.active; t++ {
			c[l.fb(t, f)] = v
		}
	}
	for k, chp := range p.CHP {
		v := l.chpFuel(k).KgCO2ePerKWhLHV / chp.ElectricEfficiencyLHV * dt
		for t := 0; t < w.active; t++ {
			c[l.chp(t, k)] = v
		}
	}
	for t := 0; t < w.active; t++ {
		for k := range p.PurchasedHeat {
			c[l.ph(t, k)] = math.Max(w.phCarbon[k][t], 0) * dt
		}
		c[l.uh(t)] = penalty * dt
	}
	last := max(w.active, 1) - 1
	for s := range p.ThermalStorage {
		c[l.tsoc(last, s)] = -value[s]
	}
}

// heatMoneyCosts fills the heat block's terms in currency: fuel and heat
// bought at their prices (negative prices as 0: nothing is paid to burn
// fuel) plus carbonPerKg × their carbon, a CHP's variable O&M per kWh
// of electricity, unserved heat at unservedPerKWh and heat dumped at the
// tie-break tieDump, the tie-breaks × tie. The stores need no tie-break: one signed column
// cannot charge and discharge at once.
func (l layout) heatMoneyCosts(p *model.Park, w *window, unservedPerKWh, carbonPerKg, tie float64, c []float64) {
	dt := l.stepHours
	for f, b := range p.FuelBoilers {
		fu := l.fbFuel(f)
		v := kWhCost(fu.KgCO2ePerKWhLHV, fu.PricePerKWhLHV, true, carbonPerKg) / b.EfficiencyLHV * dt
		for t := 0; t < w.active; t++ {
			c[l.fb(t, f)] = v
		}
	}
	for k, chp := range p.CHP {
		fu := l.chpFuel(k)
		// Fuel per kWh of electricity, plus the variable O&M (per kWh).
		v := (kWhCost(fu.KgCO2ePerKWhLHV, fu.PricePerKWhLHV, true, carbonPerKg)/chp.ElectricEfficiencyLHV + chp.VariableOMPerKWh) * dt
		for t := 0; t < w.active; t++ {
			c[l.chp(t, k)] = v
		}
	}
	for t := 0; t < w.active; t++ {
		for k := range p.PurchasedHeat {
			c[l.ph(t, k)] = kWhCost(math.Max(w.phCarbon[k][t], 0), w.phPrice[k][t], true, carbonPerKg) * dt
		}
		c[l.uh(t)] = unservedPerKWh * dt * shedWeight(t, w.active, unservedPerKWh, tie)
		for d := 0; d < l.nDump; d++ {
			c[l.dump(t, d)] = tie * tieDump * dt
		}
	}
}

// kWhCost is what a kWh (of electricity, heat or fuel) with carbon kg
// (kgCO2e) and price costs in the units of an objective: kg when cost is
// false, else max(price, 0) + perKg × kg in currency (nothing is paid to
// take energy at a negative price).
func kWhCost(kg, price float64, cost bool, perKg float64) float64 {
	if !cost {
		return kg
	}
	return math.Max(price, 0) + perKg*kg
}

// heatSourceCosts calls f with the cost of a kWh_th from each heat source
// of p with capacity (heat pumps, electric boilers, fuel boilers,
// purchased heat; CHP, which also makes electricity, is left out) in step
// t of w: carbon (kgCO2e, negative signals as 0) when cost is false, else
// currency at max(price, 0) + carbonPerKg × carbon. Heat pumps and
// electric boilers are costed at the grid's import.
func heatSourceCosts(p *model.Park, l *layout, w *window, t int, cost bool, carbonPerKg float64, f func(v float64)) {
	elec := kWhCost(math.Max(w.carbon[t], 0), w.importPrice[t], cost, carbonPerKg)
	for j, h := range p.HeatPumps {
		if h.CapacityKWTh > 0 {
			f(elec / w.cop[j][t])
		}
	}
	for _, e := range p.ElectricBoilers {
		if e.CapacityKWTh > 0 {
			f(elec / e.Efficiency)
		}
	}
	for k, b := range p.FuelBoilers {
		if b.CapacityKWTh > 0 {
			fu := l.fbFuel(k)
			f(kWhCost(fu.KgCO2ePerKWhLHV, fu.PricePerKWhLHV, cost, carbonPerKg) / b.EfficiencyLHV)
		}
	}
	for k, ph := range p.PurchasedHeat {
		if ph.LimitKWTh > 0 {
			f(kWhCost(math.Max(w.phCarbon[k][t], 0), w.phPrice[k][t], cost, carbonPerKg))
		}
	}
}

// cheapestHeat is the lowest cost of a kWh_th over the active steps of w
// and the heat sources of p ([heatSourceCosts]); 0 without a source.
func cheapestHeat(p *model.Park, l *layout, w *window, cost bool, carbonPerKg float64) float64 {
	low, any := 0.0, false
	for t := 0; t < w.active; t++ {
		heatSourceCosts(p, l, w, t, cost, carbonPerKg, func(v float64) {
			if !any || v < low {
				low, any = v, true
			}
		})
	}
	return math.Max(low, 0)
}
