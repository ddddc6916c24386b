package dispatch

import (
	"math"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/model"
)

// layout maps the park's assets and a horizon of H steps to LP columns and
// rows. Columns: the fixed columns — one initial-SoC column per battery,
// then, with a demand charge, the running peak, then one initial-SoC
// column per thermal store — then one block per step t of
//
//	pv[i] … wind[j] … ch[b] … dis[b] … soc[b] … imp exp uns load [peak change headroom]
//	{hp[j] … eb[k] … fb[f] … chp[c] … tnet[s] … tsoc[s] … ph[p] … uh hl <dump[d] … kept[d] …>}
//
// (the bracketed peak block only with a demand charge, the braced heat
// block only for a park with heat, the angled dump block only for its CHP
// units with a heat dump). Rows: per step, the power balance, one SoC
// recursion per battery, with a demand charge the peak row and the peak
// chain, and with heat the heat balance, one recursion per thermal store
// and one dump row per CHP with a heat dump. Every row is an equality with a fixed right-hand side, so all
// per-step data enters through column bounds and costs (what a kept solver
// instance can change), and the second lexicographic pass can restrict the
// LP to the optimal face of the first by fixing columns alone (see
// doc.go). The one exception is a heat pump's COP, a coefficient of the
// power balance (see doc.go, "Heat"). A [Block] places the same layout at
// a column offset inside a larger LP (capacity planning). A park without
// heat has exactly the layout it had before heat was modelled.
type layout struct {
	nPV, nWind, nBat int
	// The heat side: heat pumps, electric boilers, fuel boilers, CHP,
	// thermal stores and purchased heat (all 0 without heat).
	nHP, nEB, nFB, nCHP, nTS, nPH int
	heat                          bool
	// The CHP units with a heat dump (model.CHP.HasHeatDump): nDump of
	// them, dumpCHP[d] the park index of the d-th, dumpOf[c] the dump
	// index of CHP c (-1: none). nDump is 0 on a park without one.
	nDump   int
	dumpCHP []int
	dumpOf  []int
	// demand: the park pays a demand charge, so the LP carries the
	// monthly peak import (the peak block and the running-peak column).
	demand    bool
	h         int // steps
	fixed     int // fixed columns before the first step
	block     int // columns per step
	elecBlock int // columns per step before the heat block
	stepHours float64
	// first is the index of the layout's first column: 0 for the
	// dispatch's own LP, the offset of a Block in a larger one; firstRow
	// the index of its first row.
	first, firstRow int
	// aboveMin: the state-of-charge columns hold the energy above each
	// battery's (and thermal store's) minimum, so the recursion's
	// right-hand side is 0 and no row depends on the store's energy (a
	// Block with SoCAboveMin; see doc.go).
	aboveMin bool
	// fuel holds the resolved fuel of each fuel boiler, then each CHP.
	fuel []model.ResolvedFuel
}

// peakBlock is the number of columns per step of the demand charge.
const peakBlock = 3

// newLayout is the layout of park p over h steps; demand says whether it
// carries the demand-charge block (when the park has a demand charge).
func newLayout(p *model.Park, h int, stepHours float64, demand bool) layout {
	l := layout{nPV: len(p.PV), nWind: len(p.Wind), nBat: len(p.Batteries), h: h, stepHours: stepHours,
		demand: demand && p.Grid.DemandChargePerKWMonth > 0}
	l.fixed = l.nBat
	l.block = l.nPV + l.nWind + 3*l.nBat + 4
	if l.demand {
		l.fixed++
		l.block += peakBlock
	}
	l.elecBlock = l.block
	if p.HasHeat() {
		l.heat = true
		l.nHP, l.nEB, l.nFB, l.nCHP = len(p.HeatPumps), len(p.ElectricBoilers), len(p.FuelBoilers), len(p.CHP)
		l.nTS, l.nPH = len(p.ThermalStorage), len(p.PurchasedHeat)
		l.fixed += l.nTS
		l.block += l.nHP + l.nEB + l.nFB + l.nCHP + 2*l.nTS + l.nPH + 2
		l.fuel = ResolveFuels(p)
		if p.HasHeatDump() {
			l.dumpOf = make([]int, l.nCHP)
			for c, u := range p.CHP {
				l.dumpOf[c] = -1
				if u.HasHeatDump() {
					l.dumpOf[c] = len(l.dumpCHP)
					l.dumpCHP = append(l.dumpCHP, c)
				}
			}
			l.nDump = len(l.dumpCHP)
			l.block += 2 * l.nDump
		}
	}
	return l
}

func (l layout) numCols() int      { return l.fixed + l.h*l.block }
func (l layout) soc0(b int) int    { return l.first + b }
func (l layout) base(t int) int    { return l.first + l.fixed + t*l.block }
func (l layout) pv(t, i int) int   { return l.base(t) + i }
func (l layout) wind(t, j int) int { return l.base(t) + l.nPV + j }
func (l layout) ch(t, b int) int   { return l.base(t) + l.nPV + l.nWind + b }
func (l layout) dis(t, b int) int  { return l.base(t) + l.nPV + l.nWind + l.nBat + b }
func (l layout) soc(t, b int) int  { return l.base(t) + l.nPV + l.nWind + 2*l.nBat + b }
func (l layout) imp(t int) int     { return l.base(t) + l.nPV + l.nWind + 3*l.nBat }
func (l layout) exp(t int) int     { return l.imp(t) + 1 }
func (l layout) uns(t int) int     { return l.imp(t) + 2 }
func (l layout) load(t int) int    { return l.imp(t) + 3 }

// The demand-charge columns (only when l.demand), in kW: peak0, fixed at
// the running peak of the month of step 0; peak[t], the month's highest
// import up to step t; change[t] = peak[t] − peak[t−1], ≥ 0 inside a
// month and free where a month starts (the previous month's peak is let
// go); headroom[t] = peak[t] − imp[t] ≥ 0.
func (l layout) peak0() int         { return l.first + l.nBat }
func (l layout) peak(t int) int     { return l.imp(t) + 4 }
func (l layout) change(t int) int   { return l.imp(t) + 5 }
func (l layout) headroom(t int) int { return l.imp(t) + 6 }

func (l layout) retention(b model.Battery) float64 {
	return 1 - b.SelfDischargePerHour*l.stepHours
}

// rowsPerStep is the number of rows each step writes.
func (l layout) rowsPerStep() int {
	n := 1 + l.nBat
	if l.demand {
		n += 2
	}
	if l.heat {
		n += 1 + l.nTS + l.nDump
	}
	return n
}

// balanceRow is the row of step t's power balance.
func (l layout) balanceRow(t int) int { return l.firstRow + t*l.rowsPerStep() }

// heatRow is the row of step t's heat balance (with heat).
func (l layout) heatRow(t int) int {
	r := l.balanceRow(t) + 1 + l.nBat
	if l.demand {
		r += 2
	}
	return r
}

// build writes the LP's structure: the matrix and row bounds. Bounds and
// costs are placeholders that bounds() and the cost functions overwrite
// every step; so are the heat pumps' COP coefficients (cop nil: 1), which
// the Dispatcher sets before it solves.
func (l *layout) build(p *model.Park) (*lp.Problem, error) {
	var b lp.Builder
	l.addCols(&b)
	l.writeRows(&b, p, nil)
	return b.Build()
}

// addCols reserves room for the layout's rows and adds its columns (zero
// bounds and costs) to b, whose next column must be l.first.
func (l layout) addCols(b *lp.Builder) {
	n := l.numCols()
	rows, nz := l.h*(1+l.nBat), l.h*(l.nPV+l.nWind+4+6*l.nBat)
	if l.demand {
		rows, nz = rows+2*l.h, nz+6*l.h
	}
	if l.heat {
		rows += l.h * (1 + l.nTS + l.nDump)
		nz += l.h * (2*(l.nHP+l.nEB+l.nCHP) + l.nFB + 4*l.nTS + l.nPH + 2 + 4*l.nDump)
	}
	b.Grow(n, rows, nz)
	for range n {
		b.AddCol(0, 0, 0)
	}
}

// writeRows appends the layout's rows to b: per step the power balance,
// one state-of-charge recursion per battery, with a demand charge the
// peak row and the peak chain, and with heat the heat balance and one
// recursion per thermal store. It is the one place these rows are
// written. cop(t, j) is heat pump j's COP at step t (nil: 1, a
// placeholder). It sets l.firstRow.
func (l *layout) writeRows(b *lp.Builder, p *model.Park, cop func(t, j int) float64) {
	l.firstRow = b.NumRows()
	dt := l.stepHours
	for t := 0; t < l.h; t++ {
		// Balance: Σpv + Σwind + Σ(dis − ch) + imp − exp + uns − load
		// [+ Σchp − Σhp/COP − Σeb/η] = 0.
		b.StartRow()
		for i := 0; i < l.nPV; i++ {
			b.Add(l.pv(t, i), 1)
		}
		for j := 0; j < l.nWind; j++ {
			b.Add(l.wind(t, j), 1)
		}
		for k := 0; k < l.nBat; k++ {
			b.Add(l.ch(t, k), -1)
			b.Add(l.dis(t, k), 1)
		}
		b.Add(l.imp(t), 1)
		b.Add(l.exp(t), -1)
		b.Add(l.uns(t), 1)
		b.Add(l.load(t), -1)
		if l.heat {
			l.addConverters(b, p, t, cop)
		}
		b.EndRow(0, 0)
		// SoC: soc_t − a·soc_{t−1} − η_ch·Δt·ch + Δt/η_dis·dis = (1−a)·min:
		// self-discharge acts on the energy above the minimum (doc.go).
		for k, bat := range p.Batteries {
			prev := l.soc0(k)
			if t > 0 {
				prev = l.soc(t-1, k)
			}
			b.StartRow()
			b.Add(prev, -l.retention(bat))
			b.Add(l.ch(t, k), -bat.ChargeEfficiency*dt)
			b.Add(l.dis(t, k), dt/bat.DischargeEfficiency)
			b.Add(l.soc(t, k), 1)
			rhs := (1 - l.retention(bat)) * bat.MinSoCKWh()
			if l.aboveMin {
				rhs = 0 // soc − min follows the same recursion with no constant
			}
			b.EndRow(rhs, rhs)
		}
		if l.demand {
			// Peak: imp − peak + headroom = 0, so peak ≥ imp.
			b.StartRow()
			b.Add(l.imp(t), 1)
			b.Add(l.peak(t), -1)
			b.Add(l.headroom(t), 1)
			b.EndRow(0, 0)
			// Chain: peak_t − peak_{t−1} − change = 0; with change ≥ 0
			// inside a month the peak never falls there.
			prev := l.peak0()
			if t > 0 {
				prev = l.peak(t - 1)
			}
			b.StartRow()
			b.Add(prev, -1)
			b.Add(l.peak(t), 1)
			b.Add(l.change(t), -1)
			b.EndRow(0, 0)
		}
		if l.heat {
			l.writeHeatRows(b, p, t)
		}
	}
}

// window is the data of one horizon, already sanitised: index [asset][t]
// for t < active; steps at or past active are padding (the period ended)
// and are switched off.
type window struct {
	active      int
	loadKW      []float64
	pvKW        [][]float64
	windKW      [][]float64
	carbon      []float64 // dispatch signal, kgCO2e/kWh
	importPrice []float64
	exportPrice []float64
	// monthStart[t]: step t is the first interval of a calendar month
	// (only filled with a demand charge).
	monthStart []bool
	// monthShare[t] is the share of step t's calendar month the study
	// period covers ([MonthShare]; 1 without a study period), by which
	// the month's demand charge is prorated (only filled with a demand
	// charge).
	monthShare []float64
	// The heat side (nil without heat): the total heat load, kW_th; per
	// heat pump its COP; per purchased heat its factor (kgCO2e/kWh_th) and
	// price (currency per kWh_th).
	heatKW            []float64
	cop               [][]float64
	phCarbon, phPrice [][]float64
	// regime[t], where export pays more than import at step t, is how
	// moneyCosts prices that interval: +1 as exporting on net, −1 as
	// importing, 0 (or a nil slice) by the guess from the data
	// (exportsNet). A solve's net import sets it (readRegimes).
	regime []int8
}

// exportsNet guesses whether the park exports on net at step t: the PV
// and wind available exceed the electric load (batteries, heat pumps and
// boilers aside). It sets which price an interval where export pays more
// than import is priced at (moneyCosts).
func (w *window) exportsNet(t int) bool {
	avail := 0.0
	for _, pv := range w.pvKW {
		avail += pv[t]
	}
	for _, wd := range w.windKW {
		avail += wd[t]
	}
	return avail > w.loadKW[t]
}

// exportsAt says which regime moneyCosts prices step t at: the one a
// solve read (regime), else the guess from the data (exportsNet).
func (w *window) exportsAt(t int) bool {
	if w.regime != nil && w.regime[t] != 0 {
		return w.regime[t] > 0
	}
	return w.exportsNet(t)
}

// concave says whether step t's money cost is concave in its net import,
// export paying more than import (pi as moneyCosts prices it: negative as
// 0 with clampImport).
func (w *window) concave(t int, clampImport bool) bool {
	pi := w.importPrice[t]
	if clampImport {
		pi = math.Max(pi, 0)
	}
	return w.exportPrice[t] > pi
}

// anyConcave says whether some active step's money cost is concave
// (concave): only then does a solve's regime differ from the guess's
// pricing.
func (w *window) anyConcave(clampImport bool) bool {
	for t := 0; t < w.active; t++ {
		if w.concave(t, clampImport) {
			return true
		}
	}
	return false
}

// resetRegimes makes every step's regime the guess from the data again.
func (w *window) resetRegimes() { clear(w.regime) }

// regimeNetTolKW is how far from zero a solve's net import (kW) must be
// for readRegimes to read a regime from it: at a net of zero both
// regimes' prices agree with the true cost, so either is right.
const regimeNetTolKW = 1e-6

// readRegimes sets the regime of every concave step (concave) from the
// solution x: exporting where its net import imp − exp is below zero,
// importing where above; a net of about zero keeps the regime it had.
// It returns how many steps' regime changed, the steps whose price
// moneyCosts now writes differently.
func (l layout) readRegimes(w *window, x []float64, clampImport bool) int {
	changed := 0
	for t := 0; t < w.active; t++ {
		if !w.concave(t, clampImport) {
			continue
		}
		n := x[l.imp(t)] - x[l.exp(t)]
		if math.Abs(n) <= regimeNetTolKW {
			continue
		}
		exports := n < 0
		if exports == w.exportsAt(t) {
			continue
		}
		if w.regime == nil {
			w.regime = make([]int8, len(w.importPrice))
		}
		w.regime[t] = regimeOf(exports)
		changed++
	}
	return changed
}

func regimeOf(exports bool) int8 {
	if exports {
		return 1
	}
	return -1
}

// monthEnd: step t is the last active step of its calendar month in the
// window (the next starts a month, or the window's data end).
func (w *window) monthEnd(t int) bool {
	return t == w.active-1 || (t+1 < w.active && w.monthStart[t+1])
}

// Tie-break weights of the second pass, in currency per kWh. They only
// order solutions that are equal in carbon and cost; see doc.go.
const (
	// tieThroughput is charged per kWh into or out of a battery and per
	// kWh through the grid connection.
	tieThroughput = 1e-4
	// tieRenewable rewards a kWh of PV or wind used rather than curtailed.
	// It must stay below tieThroughput: otherwise charging and discharging
	// at once to burn curtailed energy in losses would pay, whatever the
	// efficiencies.
	tieRenewable = 5e-5
	// tieDump is charged per kWh_th a CHP's heat dump rejects (second
	// pass and Cost): heat the park could use is never dumped for
	// nothing — not while a store could take it, nor while a source whose
	// fuel or heat is free in the objective would have to make it up, nor
	// for a heat pump or electric boiler to use renewables that would be
	// curtailed (which earns τ_r/COP per kWh_th, below tieDump for any COP
	// or efficiency of at least 0.5).
	tieDump        = tieThroughput
	dualFixTol     = 1e-7 // a reduced cost above this fixes its column in pass 2
	carbonSlackRel = 1e-9
	// tieShed makes load (and heat) shed earlier in the window dearer
	// than the same shed later, by up to this fraction of the value of
	// lost load (shedWeight), in the second pass and under the Cost
	// objective: where the window must shed some and a battery or store
	// without losses could serve either interval, the first pass is
	// indifferent, and a rolling horizon put the discharge off step after
	// step while it shed (QA, 2026-12-04: 8.5 % more load shed over three
	// days, the battery ending full). It orders ties, never a real
	// difference in cost. The first (carbon) pass leaves it out: there it
	// made the interior-point oracle of the tests fail to converge on a
	// heat park, and the second pass breaks the tie (SinglePass does not).
	tieShed = 1e-6
)

// shedWeight is the factor of an unserved penalty of v per kWh in step t
// of a window of active steps: 1 + tieShed at the first step down to 1 at
// the last, the difference never above tieThroughput per kWh however
// large v (review, 2026-12-04: at a value of lost load of a million it
// would have been 1 a kWh, enough to trade real cost for the order).
func shedWeight(t, active int, v, tie float64) float64 {
	if active <= 1 || !(v > 0) {
		return 1
	}
	return 1 + tie*min(tieShed, tieThroughput/v)*float64(active-1-t)/float64(active-1)
}

// bounds fills lo and hi for one horizon; soc0 and tsoc0 are the initial
// contents of the batteries (kWh) and thermal stores (kWh_th), peak0 the
// running peak import of the month of step 0, kW (used only with a demand
// charge).
func (l layout) bounds(p *model.Park, w *window, soc0, tsoc0 []float64, peak0 float64, lo, hi []float64) {
	for b := range p.Batteries {
		lo[l.soc0(b)], hi[l.soc0(b)] = soc0[b], soc0[b]
	}
	if l.demand {
		lo[l.peak0()], hi[l.peak0()] = peak0, peak0
	}
	for t := 0; t < l.h; t++ {
		on := t < w.active
		for i := 0; i < l.nPV; i++ {
			c := l.pv(t, i)
			lo[c], hi[c] = 0, 0
			if on {
				hi[c] = w.pvKW[i][t]
			}
		}
		for j := 0; j < l.nWind; j++ {
			c := l.wind(t, j)
			lo[c], hi[c] = 0, 0
			if on {
				hi[c] = w.windKW[j][t]
			}
		}
		for b, bat := range p.Batteries {
			lo[l.ch(t, b)], lo[l.dis(t, b)] = 0, 0
			hi[l.ch(t, b)], hi[l.dis(t, b)] = 0, 0
			if on {
				hi[l.ch(t, b)], hi[l.dis(t, b)] = bat.MaxChargeKW, bat.MaxDischargeKW
			}
			// Step clamps the initial state into [min, max] and idling
			// keeps it there, so doing nothing is always feasible.
			lo[l.soc(t, b)], hi[l.soc(t, b)] = bat.MinSoCKWh(), bat.MaxSoCKWh()
			if l.aboveMin {
				lo[l.soc(t, b)], hi[l.soc(t, b)] = 0, bat.MaxSoCKWh()-bat.MinSoCKWh()
			}
		}
		load := 0.0
		impHi, expHi := 0.0, 0.0
		if on {
			load = w.loadKW[t]
			impHi, expHi = p.Grid.ImportLimitKW, p.Grid.ExportLimitKW
		}
		lo[l.imp(t)], hi[l.imp(t)] = 0, impHi
		lo[l.exp(t)], hi[l.exp(t)] = 0, expHi
		// Unserved load is a slack on the supply side, capped at the load
		// so it can never feed anything but the load.
		lo[l.uns(t)], hi[l.uns(t)] = 0, load
		lo[l.load(t)], hi[l.load(t)] = load, load
		if l.demand {
			// The peak may fall only where a month starts (the previous
			// month's peak is let go) and in the padding, where it is 0:
			// no column of the block can move at no cost, which keeps the
			// Cost LP free of zero-cost rays.
			lo[l.peak(t)], hi[l.peak(t)] = 0, lp.Inf
			lo[l.headroom(t)], hi[l.headroom(t)] = 0, lp.Inf
			lo[l.change(t)], hi[l.change(t)] = 0, lp.Inf
			if !on || w.monthStart[t] {
				lo[l.change(t)] = -lp.Inf
			}
			if !on {
				hi[l.headroom(t)] = 0
			}
		}
	}
	if l.heat {
		l.heatBounds(p, w, tsoc0, lo, hi)
	}
}

// carbonCosts fills the first-pass objective: kgCO2e of import under the
// dispatch signal (negative rates clamped to zero, see doc.go), the
// unserved-load penalty and the terminal value of stored energy
// (terminalValue per battery, then per thermal store), and with heat the
// heat block's carbon ([layout.heatCarbonCosts]).
func (l layout) carbonCosts(p *model.Park, w *window, cfg *Config, terminalValue []float64, c []float64) {
	clear(c[l.first : l.first+l.numCols()])
	dt := l.stepHours
	for t := 0; t < w.active; t++ {
		c[l.imp(t)] = math.Max(w.carbon[t], 0) * dt
		c[l.uns(t)] = cfg.UnservedPenaltyKgCO2ePerKWh * dt
	}
	// The credit goes on the last step with data: padding steps of a
	// short window would otherwise let the energy self-discharge before
	// it is valued.
	last := max(w.active, 1) - 1
	for b := range p.Batteries {
		c[l.soc(last, b)] = -terminalValue[b]
	}
	if l.heat {
		l.heatCarbonCosts(p, w, cfg.UnservedPenaltyKgCO2ePerKWh, terminalValue[l.nBat:], c)
	}
}

// secondCosts fills the second-pass objective of CarbonFirst: energy
// cost, demand charges, battery wear and the tie-breaks that rule out
// simultaneous charge and discharge or import and export.
func (l layout) secondCosts(p *model.Park, w *window, cfg *Config, c []float64) {
	l.moneyCosts(p, w, cfg.UnservedPenaltyKgCO2ePerKWh, 0, false, 1, c)
}

// costCosts fills the objective of Cost: the second pass's terms with
// import at its price (negative prices as 0, see doc.go) plus the carbon
// price × the dispatch signal, unserved energy at the value of lost load,
// and the terminal value of stored energy (currency per kWh).
func (l layout) costCosts(p *model.Park, w *window, cfg *Config, terminalValue []float64, c []float64) {
	l.moneyCosts(p, w, cfg.ValueOfLostLoadPerKWh, cfg.CarbonPricePerTCO2e/1000, true, 1, c)
	last := max(w.active, 1) - 1
	for b := range p.Batteries {
		c[l.soc(last, b)] = -terminalValue[b]
	}
	for s := 0; s < l.nTS; s++ {
		c[l.tsoc(last, s)] = -terminalValue[l.nBat+s]
	}
}

// moneyCosts fills the terms in currency: import and export at their
// prices (import also at carbonPerKg × the clamped dispatch signal;
// clampImport counts negative import prices as 0), unserved energy at
// unservedPerKWh, battery wear, the demand charge on each month's peak
// and the tie-breaks, each × tie (1; 0 leaves them out, for
// Block.TieCosts to read them apart).
func (l layout) moneyCosts(p *model.Park, w *window, unservedPerKWh, carbonPerKg float64, clampImport bool, tie float64, c []float64) {
	clear(c[l.first : l.first+l.numCols()])
	dt := l.stepHours
	for t := 0; t < w.active; t++ {
		pi, pe := w.importPrice[t], w.exportPrice[t]
		if clampImport {
			pi = math.Max(pi, 0)
		}
		// Import costs ci, export earns ce, a simultaneous kWh ci − ce =
		// 2τ at least. Where export pays more than import the net's cost
		// is concave: such an interval is priced by its regime
		// (w.exportsAt), both at pi where the park imports, both at pe
		// where it exports, ± τ (doc.go, "Where export pays more").
		tau := tie * tieThroughput
		ci, ce := pi+tau, pe-tau
		if pe > pi {
			if w.exportsAt(t) {
				ci = pe + tau
			} else {
				ce = pi - tau
			}
		}
		c[l.imp(t)] = (ci + carbonPerKg*math.Max(w.carbon[t], 0)) * dt
		c[l.exp(t)] = -ce * dt
		c[l.uns(t)] = unservedPerKWh * dt * shedWeight(t, w.active, unservedPerKWh, tie)
		for i := 0; i < l.nPV; i++ {
			c[l.pv(t, i)] = -tie * tieRenewable * dt
		}
		for j := 0; j < l.nWind; j++ {
			c[l.wind(t, j)] = -tie * tieRenewable * dt
		}
		for b, bat := range p.Batteries {
			wear := (bat.WearCostPerKWh + tau) * dt
			c[l.ch(t, b)] = wear
			c[l.dis(t, b)] = wear
		}
		// The demand charge: the rate × the month's share of the study
		// period on the peak where each month ends in the window. The
		// peak is monotone within a month, so that is the month's highest
		// import (or the running peak, if higher: a constant the plan
		// cannot change, so it is charged only for raising it).
		if l.demand && w.monthEnd(t) {
			c[l.peak(t)] = p.Grid.DemandChargePerKWMonth * w.monthShare[t]
		}
	}
	if l.heat {
		l.heatMoneyCosts(p, w, unservedPerKWh, carbonPerKg, tie, c)
	}
}
