package plan

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/model"
)

// columns are the plan's own columns (the dispatch's are in the Blocks).
type columns struct {
	add []int // per candidate (m.cands)
	// unit[i] is candidate i's whole count of units (an integer column;
	// a battery block's energy and power share one), −1 when it adds any
	// amount (units.go).
	unit []int
	// pin[i] is candidate i's pin column, and pinRow+i its row, add − pin
	// = rhs (pinRows, consecutive rows); pin is nil when the Model has
	// none (pinnable).
	pin    []int
	pinRow int
	// peak[m] is calendar month m's highest import, kW (nil without a
	// demand charge).
	peak []int
	// Period totals (kWh; R in tCO2e): import, renewable delivered,
	// export, unserved, and the residual under the accounting factor
	// with negative rates as 0.
	impE, renE, expE, unsE, resid int
	// Bought over the period: offsets (tCO2e) and certificates (MWh).
	offsets, certs int
	// Slacks of the stage rows; their bounds switch the rows on and off.
	// sCleanHeat, with heat (else −1), is the second clean-share row's.
	// sCoreBelow and sCons, where the large parks' core limit is the
	// stricter and an operation may stay below the line (Model.split;
	// else −1), are the core row at the default band's limit and the
	// consumption (kgce over the period), bounded for bandBelow.
	sCore, sClean, sRen, sZero, sCleanHeat, sCoreBelow, sCons int
	// residRow is the row defining R (totalRows), whose dual is the
	// shadow carbon price (shadow.go); cleanRow the clean-share stage row
	// and cleanHeatRow its second, with heat (stageRows).
	residRow, cleanRow, cleanHeatRow int
	// With heat (else −1): the heat side's consumption (fuel burnt and
	// heat bought, kgce), its clean part (renewable fuels, kgce), the CHP's
	// electricity (kWh), the unserved heat (kWh_th) and the heat pumps'
	// and electric boilers' electricity (kWh), over the period.
	heatKgce, cleanKgce, chpE, unsH, convE int
	// Storage, per store j of Model.stores (the batteries, then the
	// thermal stores), with representative periods: Kotzur's inter-period
	// states inter[j][i], i = 0..N (kWh or kWh_th above the minimum at the
	// start of calendar period i), and the intra-period extremes
	// dmax[j][k], dmin[j][k].
	inter      [][]int
	dmax, dmin [][]int
}

// store is one storage the plan links across the period: a battery (kWh)
// or a thermal store (kWh_th), its content held above its minimum in the
// Blocks (BlockOptions.SoCAboveMin), so that batteries and thermal stores
// share one set of linking rows.
type store struct {
	heat  bool // a thermal store
	asset int  // index in the park's Batteries or ThermalStorage
	// span is the max − min state-of-charge fraction, initFrac the
	// initial − min; energy is today's capacity (kWh or kWh_th).
	span, initFrac, energy float64
	// retention is the Block's per step: 1 − self-discharge (standing
	// loss) per hour × Δt.
	retention float64
	// cand is the index in Model.cands of its energy column, −1 when it
	// is not a candidate; top is the most it can hold above its minimum,
	// span × (energy + the most that may be added).
	cand int
	top  float64
}

// listStores lists the park's storages in the order of
// dispatch.EndValues: the batteries, then the thermal stores. build sets
// m.stores from it once the candidates are known.
func (m *Model) listStores() []store {
	p := m.park
	out := make([]store, 0, len(p.Batteries)+len(p.ThermalStorage))
	for bi, bat := range p.Batteries {
		out = append(out, m.newStore(false, bi, bat.MinSoCFraction, bat.MaxSoCFraction, bat.InitialSoCFraction,
			bat.EnergyKWh, bat.SelfDischargePerHour, TechBatteryEnergy))
	}
	for s, ts := range p.ThermalStorage {
		out = append(out, m.newStore(true, s, ts.MinSoCFraction, ts.MaxSoCFraction, ts.InitialSoCFraction,
			ts.EnergyKWhTh, ts.StandingLossPerHour, TechThermalStorage))
	}
	return out
}

// newStore describes one store from its state-of-charge fractions, its
// energy (kWh or kWh_th), its loss per hour and the technology that adds
// to its energy.
func (m *Model) newStore(heat bool, asset int, minFrac, maxFrac, initFrac, energy, lossPerHour float64, t Tech) store {
	span := maxFrac - minFrac
	return store{heat: heat, asset: asset, span: span, initFrac: initFrac - minFrac, energy: energy,
		retention: 1 - lossPerHour*m.stepHours,
		cand:      m.candOf(t, asset), top: span * (energy + m.maxAdd(t, asset))}
}

// soc is the column of the store's content at the end of step t of blk
// (above the minimum).
func (s store) soc(blk *dispatch.Block, t int) int {
	if s.heat {
		return blk.HeatSoC(t, s.asset)
	}
	return blk.SoC(t, s.asset)
}

// initial is the column of the store's content before blk's first step.
func (s store) initial(blk *dispatch.Block) int {
	if s.heat {
		return blk.InitialHeatSoC(s.asset)
	}
	return blk.InitialSoC(s.asset)
}

// minimum is the store's minimum content in park p, kWh or kWh_th.
func (s store) minimum(p *model.Park) float64 {
	if s.heat {
		return p.ThermalStorage[s.asset].MinSoCKWhTh()
	}
	return p.Batteries[s.asset].MinSoCKWh()
}

// states are the schedule's contents of the store, one per interval, and
// a pointer to its initial content (kWh or kWh_th).
func (s store) states(sch *dispatch.Schedule) ([]float64, *float64) {
	if s.heat {
		return sch.HeatSoCKWhTh[s.asset], &sch.InitialHeatSoCKWhTh[s.asset]
	}
	return sch.SoCKWh[s.asset], &sch.InitialSoCKWh[s.asset]
}

// constants are the period totals that do not depend on the plan
// (Model.constants), the ledger's, weighted over the segments.
type constants struct {
	loadKWh    float64 // Σ load × Δt (Report.Energy.Load)
	baselineKg float64 // the ledger's baseline, kgCO2e, heat side included (signed)
	minKWh     float64 // Σ over batteries of today's minimum state of charge
	// heatLoadKWhTh is Σ heat load × Δt (HeatReport.LoadKWhTh).
	heatLoadKWhTh float64
	// floorTce is the least consumption over the period, tce, of any
	// operation the stage rows allow (Model.consumptionFloorTce; set by
	// build, once the stores are known).
	floorTce float64
}

// build writes the plan's LP: one dispatch Block per segment, the
// capacity columns and the rows that tie availability, power and
// state-of-charge limits to them, the storage across the period, the
// monthly peaks, the period totals and the stage rows (package
// documentation, "The LP"). It sets m.prob, m.base{Lo,Hi} and m.cost.
func (m *Model) build() error {
	var b lp.Builder
	m.stores = m.listStores()
	m.k.floorTce = m.consumptionFloorTce()
	for k := range m.segs {
		blk, err := dispatch.NewBlock(&b, m.park, m.segs[k].prof, dispatch.BlockOptions{SoCAboveMin: true})
		if err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		m.segs[k].blk = blk
	}
	m.addColumns(&b)
	prob := b.Problem()
	lo, hi := prob.ColLo, prob.ColHi
	for k := range m.segs {
		m.segs[k].blk.Bounds(lo, hi)
	}
	m.capacityRows(&b, lo, hi)
	m.storageRows(&b, lo, hi)
	m.peakRows(&b)
	m.totalRows(&b)
	m.stageRows(&b)
	m.pinRows(&b)
	m.unitRows(&b)
	prob, err := b.Build()
	if err != nil {
		return fmt.Errorf("plan: building the LP: %w", err)
	}
	m.prob = prob
	m.integral = prob.IsMIP() // as loaded: the counts integer
	m.baseLo, m.baseHi = append([]float64(nil), prob.ColLo...), append([]float64(nil), prob.ColHi...)
	m.cost = make([]float64, prob.NumCols)
	for k := range m.segs {
		m.concave = m.concave || m.segs[k].blk.Concave()
	}
	return m.costs(m.cost)
}

// addColumns adds the plan's own columns with their base bounds.
func (m *Model) addColumns(b *lp.Builder) {
	c := &m.col
	inf := lp.Inf
	c.add = make([]int, len(m.cands))
	for i, cd := range m.cands {
		c.add[i] = b.AddCol(0, techCosts(m.ccosts, cd.tech).MaxAdded(), 0)
	}
	m.addUnitColumns(b)
	if m.park.Grid.DemandChargePerKWMonth > 0 {
		c.peak = make([]int, m.months)
		for i := range c.peak {
			c.peak[i] = b.AddCol(0, inf, 0)
		}
	}
	c.impE, c.renE, c.expE, c.unsE = b.AddCol(0, inf, 0), b.AddCol(0, inf, 0), b.AddCol(0, inf, 0), b.AddCol(0, inf, 0)
	c.resid = b.AddCol(0, inf, 0)
	c.offsets, c.certs = b.AddCol(0, 0, 0), b.AddCol(0, 0, 0)
	c.sCore, c.sClean, c.sRen, c.sZero = b.AddCol(-inf, inf, 0), b.AddCol(-inf, inf, 0), b.AddCol(-inf, inf, 0), b.AddCol(-inf, inf, 0)
	c.heatKgce, c.cleanKgce, c.chpE, c.unsH, c.convE, c.sCleanHeat = -1, -1, -1, -1, -1, -1
	c.sCoreBelow, c.sCons = -1, -1
	if m.split() {
		c.sCoreBelow, c.sCons = b.AddCol(-inf, inf, 0), b.AddCol(-inf, inf, 0)
	}
	if m.park.HasHeat() {
		c.heatKgce, c.cleanKgce, c.chpE, c.unsH = b.AddCol(0, inf, 0), b.AddCol(0, inf, 0), b.AddCol(0, inf, 0), b.AddCol(0, inf, 0)
		c.convE = b.AddCol(0, inf, 0)
		c.sCleanHeat = b.AddCol(-inf, inf, 0)
	}
	if m.reps {
		n := len(m.stores)
		c.inter, c.dmax, c.dmin = make([][]int, n), make([][]int, n), make([][]int, n)
		for j, st := range m.stores {
			for range m.nPeriods + 1 {
				c.inter[j] = append(c.inter[j], b.AddCol(0, st.top, 0))
			}
			for k := range m.segs {
				if m.segs[k].stretched { // a slice's content is monotone: its ends bound it
					c.dmax[j], c.dmin[j] = append(c.dmax[j], -1), append(c.dmin[j], -1)
					continue
				}
				c.dmax[j] = append(c.dmax[j], b.AddCol(0, st.top, 0))
				c.dmin[j] = append(c.dmin[j], b.AddCol(-st.top, 0, 0))
			}
		}
	}
}

// pinRows add, when the Model is pinnable, one free column and one row
// add − pin = 0 per candidate: vacuous while the column is free. A warm
// start (warmNearZero) sets the row to add − pin = v and fixes the
// column at 0, which holds the addition at v as a basic column; freeing
// the column again keeps the basis primal feasible (a free nonbasic
// column sits at 0), where fixing the addition's own bounds would leave
// it nonbasic, moved to a bound when its bounds open.
func (m *Model) pinRows(b *lp.Builder) {
	if !m.pinnable(b.NumCols()) {
		return
	}
	c := &m.col
	c.pin, c.pinRow = make([]int, len(c.add)), b.NumRows()
	for i, a := range c.add {
		c.pin[i] = b.AddCol(-lp.Inf, lp.Inf, 0)
		b.StartRow()
		b.Add(a, 1)
		b.Add(c.pin[i], -1)
		b.EndRow(0, 0)
	}
}

// maxAdd is the most that may be added to asset i of tech t (0 when t is
// not a candidate).
func (m *Model) maxAdd(t Tech, i int) float64 {
	if m.candOf(t, i) < 0 {
		return 0
	}
	return techCosts(m.ccosts, t).MaxAdded()
}

// candOf is the index in m.cands of asset i's column of tech t, or −1.
func (m *Model) candOf(t Tech, i int) int {
	for k, c := range m.cands {
		if c.tech == t && c.asset == i {
			return k
		}
	}
	return -1
}

// capacityRows ties each candidate asset's dispatch to its capacity
// column: PV and wind within (capacity + added) × availability per unit,
// charge and discharge within (power + added), the state of charge
// within (max − min fraction) × (energy + added) (full series; Kotzur's
// rows do it with representative periods), and Σ added ≤ MaxAdded per
// technology. The columns' own bounds widen to the most that may be added.
func (m *Model) capacityRows(b *lp.Builder, lo, hi []float64) {
	p := m.park
	for k := range m.segs {
		s := &m.segs[k]
		blk := s.blk
		for t := range blk.Steps() {
			for i, a := range p.PV {
				if ci := m.candOf(TechPV, i); ci >= 0 {
					m.availRow(b, hi, blk.PV(t, i), m.col.add[ci], s.unitPV[i][t], a.CapacityKWp, TechPV)
				}
			}
			for j, a := range p.Wind {
				if ci := m.candOf(TechWind, j); ci >= 0 {
					m.availRow(b, hi, blk.Wind(t, j), m.col.add[ci], s.unitWind[j][t], a.CapacityKW, TechWind)
				}
			}
			for bi, bat := range p.Batteries {
				if ci := m.candOf(TechBatteryPower, bi); ci >= 0 {
					add, more := m.col.add[ci], m.maxAdd(TechBatteryPower, bi)
					for _, c := range []struct {
						col int
						kw  float64
					}{{blk.Charge(t, bi), bat.MaxChargeKW}, {blk.Discharge(t, bi), bat.MaxDischargeKW}} {
						hi[c.col] = c.kw + more
						b.StartRow()
						b.Add(c.col, 1)
						b.Add(add, -1)
						b.EndRow(-lp.Inf, c.kw)
					}
				}
				if st := m.stores[bi]; st.cand >= 0 && !m.reps {
					m.contentRow(b, hi, blk, t, st)
				}
			}
			m.heatCapacityRows(b, lo, hi, blk, t)
			m.gridRows(b, hi, blk, t)
		}
	}
	m.boundRows(b)
}

// gridRows write, when the grid connection is a candidate, step t's
// import within today's limit + added: imp[t] − addGrid ≤ limit, the
// import column (bounded by the limit in the Block) widened to the most
// the connection may reach; and when the export limit rises with it
// (model.Grid.RaisesExport) exp[t] − addGrid ≤ limit likewise. Without
// the candidate nothing is written: the Block's column bounds hold the
// limits, as in the dispatch.
func (m *Model) gridRows(b *lp.Builder, hi []float64, blk *dispatch.Block, t int) {
	ci := m.candOf(TechGrid, 0)
	if ci < 0 {
		return
	}
	g, more := m.park.Grid, m.maxAdd(TechGrid, 0)
	cols := []int{blk.Import(t)}
	if g.RaisesExport() {
		cols = append(cols, blk.Export(t))
	}
	for _, col := range cols {
		hi[col] = g.ImportLimitKW + more
		b.StartRow()
		b.Add(col, 1)
		b.Add(m.col.add[ci], -1)
		b.EndRow(-lp.Inf, g.ImportLimitKW)
	}
}

// contentRow writes, for one step of the full series, the content of
// store st (a candidate) above its minimum within span × (energy +
// added): x[t] − span·added ≤ span·energy.
func (m *Model) contentRow(b *lp.Builder, hi []float64, blk *dispatch.Block, t int, st store) {
	col := st.soc(blk, t)
	hi[col] = st.top
	b.StartRow()
	b.Add(col, 1)
	b.Add(m.col.add[st.cand], -st.span)
	b.EndRow(-lp.Inf, st.span*st.energy)
}

// heatCapacityRows tie step t's heat pumps, electric and fuel boilers,
// CHP (electricity out) and thermal stores that are candidates to their capacity columns: heat out ≤
// capacity + added (the COP or efficiency, a coefficient of the power
// balance, is the pump's or boiler's whatever its size), discharge ≤ MaxDischarge + r·added and charge ≤ MaxCharge +
// r·added with r = model.AddedStoreKWThPerKWhTh, content above the
// minimum ≤ span·(energy + added) (full series; Kotzur's rows do it with
// representative periods).
func (m *Model) heatCapacityRows(b *lp.Builder, lo, hi []float64, blk *dispatch.Block, t int) {
	p := m.park
	// out ≤ today's capacity + added, the column bounded by the most it
	// may reach.
	capRow := func(tech Tech, j, col int, capKWTh float64) {
		ci := m.candOf(tech, j)
		if ci < 0 {
			return
		}
		hi[col] = capKWTh + m.maxAdd(tech, j)
		b.StartRow()
		b.Add(col, 1)
		b.Add(m.col.add[ci], -1)
		b.EndRow(-lp.Inf, capKWTh)
	}
	for j, hp := range p.HeatPumps {
		capRow(TechHeatPump, j, blk.HeatPump(t, j), hp.CapacityKWTh)
	}
	for k, eb := range p.ElectricBoilers {
		capRow(TechElectricBoiler, k, blk.ElectricBoiler(t, k), eb.CapacityKWTh)
	}
	for f, fb := range p.FuelBoilers {
		capRow(TechFuelBoiler, f, blk.FuelBoiler(t, f), fb.CapacityKWTh)
	}
	// The CHP's column is its electricity out; its heat (η_th/η_el per
	// kW) and fuel follow from it in the dispatch's rows, so the one row
	// bounds all three.
	for c, chp := range p.CHP {
		capRow(TechCHP, c, blk.CHP(t, c), chp.CapacityKW)
	}
	r := model.AddedStoreKWThPerKWhTh
	for s, ts := range p.ThermalStorage {
		ci := m.candOf(TechThermalStorage, s)
		if ci < 0 {
			continue
		}
		more, add := m.maxAdd(TechThermalStorage, s), m.col.add[ci]
		net := blk.HeatNetFlow(t, s)
		lo[net], hi[net] = -(ts.MaxChargeKWTh + r*more), ts.MaxDischargeKWTh+r*more
		for _, side := range []struct{ sign, kw float64 }{{1, ts.MaxDischargeKWTh}, {-1, ts.MaxChargeKWTh}} {
			b.StartRow()
			b.Add(net, side.sign)
			b.Add(add, -r)
			b.EndRow(-lp.Inf, side.kw)
		}
		if !m.reps { // else Kotzur's rows limit the content (storageRows)
			m.contentRow(b, hi, blk, t, m.stores[len(p.Batteries)+s])
		}
	}
}

// boundRows write Σ added ≤ MaxAdded for each candidate technology.
func (m *Model) boundRows(b *lp.Builder) {
	for _, t := range Techs() {
		tc := techCosts(m.ccosts, t)
		if !tc.Candidate() {
			continue
		}
		b.StartRow()
		for ci, c := range m.cands {
			if c.tech == t {
				b.Add(m.col.add[ci], 1)
			}
		}
		b.EndRow(-lp.Inf, tc.MaxAdded())
	}
}

// availRow writes delivered ≤ (capacity + added) × unit for one step of
// one PV array or turbine; where the unit availability is 0 the column's
// bound (0) says it already.
func (m *Model) availRow(b *lp.Builder, hi []float64, col, add int, unit, capacity float64, t Tech) {
	hi[col] = (capacity + techCosts(m.ccosts, t).MaxAdded()) * unit
	if unit == 0 {
		return
	}
	b.StartRow()
	b.Add(col, 1)
	b.Add(add, -unit)
	b.EndRow(-lp.Inf, capacity*unit)
}

// storageRows write what links each store's content (batteries and
// thermal stores alike) across the period: for the full series, the end
// state equal to the start (Cyclic) or the start at the initial fraction
// of the total energy (Valued, the end credited by costs); with
// representative periods the same on Kotzur's inter-period states, and
// Kotzur's rows (package documentation).
func (m *Model) storageRows(b *lp.Builder, lo, hi []float64) {
	for j, st := range m.stores {
		// start is the column of the energy held at the start of the
		// period (above the minimum).
		start := m.startCol(j)
		if m.reps {
			m.kotzurRows(b, lo, hi, j, st)
		}
		switch {
		case m.opt.Storage == Cyclic:
			if !m.reps {
				lo[start], hi[start] = 0, st.top
			}
			m.cyclicRow(b, m.endCol(j), start)
		case st.cand >= 0:
			// Valued, the energy a column: start = initFrac × (E + added).
			lo[start], hi[start] = 0, lp.Inf
			b.StartRow()
			b.Add(start, 1)
			b.Add(m.col.add[st.cand], -st.initFrac)
			b.EndRow(st.initFrac*st.energy, st.initFrac*st.energy)
		default:
			lo[start], hi[start] = st.initFrac*st.energy, st.initFrac*st.energy
		}
	}
}

func (m *Model) cyclicRow(b *lp.Builder, end, start int) {
	b.StartRow()
	b.Add(end, 1)
	b.Add(start, -1)
	b.EndRow(0, 0)
}

// kotzurRows writes, for store j with representative periods: the
// intra-period states free in sign and starting at 0, their extremes per
// representative, the inter-period link E[i+1] = a^L·E[i] + ΔE[σ(i), L]
// (a the per-step retention: the self-discharge or standing loss over the
// period) and the simplified limits E[i] + ΔEmax ≤ span × (E + added)
// and a^L·E[i] + ΔEmin ≥ 0.
func (m *Model) kotzurRows(b *lp.Builder, lo, hi []float64, j int, st store) {
	upper := func(e int) { // e ≤ span × (E + added)
		b.StartRow()
		b.Add(e, 1)
		if st.cand >= 0 {
			b.Add(m.col.add[st.cand], -st.span)
		}
		b.EndRow(-lp.Inf, st.span*st.energy)
	}
	for k := range m.segs {
		blk := m.segs[k].blk
		lo[st.initial(blk)], hi[st.initial(blk)] = 0, 0
		if m.segs[k].stretched {
			// The slice's change, free in sign: what reaches its end,
			// sliceGain × ΔE, is within ±top, but with standing losses
			// ΔE itself may be more (charging a store that loses a
			// share of its content each step through a long slice).
			c, g := st.soc(blk, 0), sliceGain(st.retention, m.segs[k].members[0].len, true)
			lo[c], hi[c] = -st.top/g, st.top/g
			continue
		}
		for t := range blk.Steps() {
			c := st.soc(blk, t)
			lo[c], hi[c] = -st.top, st.top
			b.StartRow()
			b.Add(c, 1)
			b.Add(m.col.dmax[j][k], -1)
			b.EndRow(-lp.Inf, 0)
			b.StartRow()
			b.Add(c, 1)
			b.Add(m.col.dmin[j][k], -1)
			b.EndRow(0, lp.Inf)
		}
	}
	for k := range m.segs {
		blk := m.segs[k].blk
		for _, mb := range m.segs[k].members {
			aL := math.Pow(st.retention, float64(mb.len))
			e, next := m.col.inter[j][mb.period], m.col.inter[j][mb.period+1]
			b.StartRow()
			b.Add(next, 1)
			b.Add(e, -aL)
			b.Add(st.soc(blk, blk.Steps()-1), -sliceGain(st.retention, mb.len, m.segs[k].stretched))
			b.EndRow(0, 0)
			if m.segs[k].stretched {
				// A slice's content moves monotonically from E[i] to
				// E[i+1] (stretch): both ≥ 0 by their bounds, E[i] ≤
				// the top here, and E[i+1] at the next slice's row (or
				// below, for the last).
				upper(e)
				continue
			}
			// Upper: E[i] + ΔEmax[σ(i)] ≤ span × (E + added).
			b.StartRow()
			b.Add(e, 1)
			b.Add(m.col.dmax[j][k], 1)
			if st.cand >= 0 {
				b.Add(m.col.add[st.cand], -st.span)
			}
			b.EndRow(-lp.Inf, st.span*st.energy)
			// Lower: a^L·E[i] + ΔEmin[σ(i)] ≥ 0.
			b.StartRow()
			b.Add(e, aL)
			b.Add(m.col.dmin[j][k], 1)
			b.EndRow(0, lp.Inf)
		}
	}
	if len(m.segs) > 0 && m.segs[0].stretched {
		upper(m.col.inter[j][m.nPeriods]) // the last slice's end
	}
}

// sliceGain is what a slice's one-step change ΔE (its charge and
// discharge over the whole slice, as its Block writes it) adds to the
// content at the slice's end: spread as ΔE/L over its L calendar steps,
// each step's part decays with the steps after it, so ΔE·(1 − a^L) /
// (L·(1 − a)) — ΔE itself without standing losses. 1 for a
// representative period, whose Block decays step by step itself.
func sliceGain(a float64, l int, stretched bool) float64 {
	if !stretched || a == 1 || l <= 1 {
		return 1
	}
	return (1 - math.Pow(a, float64(l))) / (float64(l) * (1 - a))
}

// peakRows bound each month's peak column by every import that falls in
// the month: once per step of the full series; with representative
// periods, once per step of a representative and month it stands for.
func (m *Model) peakRows(b *lp.Builder) {
	if m.col.peak == nil {
		return
	}
	for k := range m.segs {
		blk := m.segs[k].blk
		seen := map[[2]int]bool{}
		for _, mb := range m.segs[k].members {
			for t := range min(mb.len, blk.Steps()) { // a slice: its one step, in its month
				key := [2]int{t, m.monthOf[mb.start+t]}
				if seen[key] {
					continue
				}
				seen[key] = true
				b.StartRow()
				b.Add(blk.Import(t), 1)
				b.Add(m.col.peak[key[1]], -1)
				b.EndRow(-lp.Inf, 0)
			}
		}
	}
}

// totalRows define the period totals: each total column minus the
// weighted sum of its per-step terms is 0.
func (m *Model) totalRows(b *lp.Builder) {
	total := func(col int, terms func(k, t int, add func(col int, v float64))) int {
		b.StartRow()
		b.Add(col, 1)
		for k := range m.segs {
			w, dt := m.segs[k].weight, m.segs[k].prof.Step.Hours() // a slice's step is its length
			for t := range m.segs[k].blk.Steps() {
				terms(k, t, func(c int, v float64) { b.Add(c, -w*dt*v) })
			}
		}
		return b.EndRow(0, 0)
	}
	p := m.park
	total(m.col.impE, func(k, t int, add func(int, float64)) { add(m.segs[k].blk.Import(t), 1) })
	total(m.col.expE, func(k, t int, add func(int, float64)) { add(m.segs[k].blk.Export(t), 1) })
	total(m.col.unsE, func(k, t int, add func(int, float64)) { add(m.segs[k].blk.Unserved(t), 1) })
	total(m.col.renE, func(k, t int, add func(int, float64)) {
		for i := range p.PV {
			add(m.segs[k].blk.PV(t, i), 1)
		}
		for j := range p.Wind {
			add(m.segs[k].blk.Wind(t, j), 1)
		}
	})
	// The residual in tCO2e, negative accounting rates as 0: never below
	// the ledger's residual, and no credit for importing in hours the
	// factor is negative (see the package documentation).
	m.col.residRow = total(m.col.resid, func(k, t int, add func(int, float64)) {
		add(m.segs[k].blk.Import(t), math.Max(m.segs[k].prof.AccountingKgCO2ePerKWh[t], 0)/1000)
		m.heatCarbon(k, t, add)
	})
	if p.HasHeat() {
		m.heatTotalRows(total)
	}
}

// heatCarbon adds step t's heat-side carbon to the residual's total, in
// tCO2e per unit of each column: the fuel the boilers and CHP burn
// (heat/η or electricity/η_el, kWh of LHV) at the fuel's factor and the
// heat bought at its factor, negative factors as 0 (as for the grid).
func (m *Model) heatCarbon(k, t int, add func(int, float64)) {
	p, blk, f := m.park, m.segs[k].blk, m.segs[k].prof
	for i, fb := range p.FuelBoilers {
		fu, _ := p.Fuel(fb.Fuel)
		add(blk.FuelBoiler(t, i), math.Max(fu.KgCO2ePerKWhLHV, 0)/fb.EfficiencyLHV/1000)
	}
	for i, c := range p.CHP {
		fu, _ := p.Fuel(c.Fuel)
		add(blk.CHP(t, i), math.Max(fu.KgCO2ePerKWhLHV, 0)/c.ElectricEfficiencyLHV/1000)
	}
	for i := range p.PurchasedHeat {
		add(blk.PurchasedHeat(t, i), math.Max(f.PurchasedHeatKgCO2ePerKWhTh[i][t], 0)/1000)
	}
}

// heatTotalRows define the heat side's period totals: consumption (the
// fuel burnt at its kgce per kWh of LHV, the heat bought at its kgce per
// kWh_th), its clean part (renewable fuels), the CHP's electricity and the
// unserved heat — the ledger's definitions (dispatch.HeatReport).
func (m *Model) heatTotalRows(total func(col int, terms func(k, t int, add func(col int, v float64))) int) {
	p := m.park
	fuel := func(k, t int, add func(int, float64), clean bool) {
		blk := m.segs[k].blk
		for i, fb := range p.FuelBoilers {
			if fu, _ := p.Fuel(fb.Fuel); !clean || fu.Renewable {
				add(blk.FuelBoiler(t, i), fu.KgcePerKWhLHV/fb.EfficiencyLHV)
			}
		}
		for i, c := range p.CHP {
			if fu, _ := p.Fuel(c.Fuel); !clean || fu.Renewable {
				add(blk.CHP(t, i), fu.KgcePerKWhLHV/c.ElectricEfficiencyLHV)
			}
		}
	}
	total(m.col.heatKgce, func(k, t int, add func(int, float64)) {
		fuel(k, t, add, false)
		for i, ph := range p.PurchasedHeat {
			add(m.segs[k].blk.PurchasedHeat(t, i), ph.Kgce())
		}
	})
	total(m.col.cleanKgce, func(k, t int, add func(int, float64)) { fuel(k, t, add, true) })
	total(m.col.chpE, func(k, t int, add func(int, float64)) {
		for i := range p.CHP {
			add(m.segs[k].blk.CHP(t, i), 1)
		}
	})
	total(m.col.unsH, func(k, t int, add func(int, float64)) { add(m.segs[k].blk.UnservedHeat(t), 1) })
	total(m.col.convE, func(k, t int, add func(int, float64)) {
		blk, prof := m.segs[k].blk, m.segs[k].prof
		for j := range p.HeatPumps {
			add(blk.HeatPump(t, j), 1/prof.HeatPumpCOP[j][t])
		}
		for e, eb := range p.ElectricBoilers {
			add(blk.ElectricBoiler(t, e), 1/eb.Efficiency)
		}
	})
}

// colTerm is a column's coefficient in a row.
type colTerm struct {
	col int
	v   float64
}

// consumption is the ledger's consumption as the columns hold it, the
// electricity consumed (imp + ren − exp, kWh) at perKWh and, with heat,
// the fuel and heat bought (kgce) at perKgce: the terms of the core rows
// (−θ·g·k and −θ·g), of bandBelow's consumption row and of the core
// diagnosis's denominator (k and 1, kgce).
func (c *columns) consumption(perKWh, perKgce float64) []colTerm {
	ts := []colTerm{{c.impE, perKWh}, {c.renE, perKWh}, {c.expE, -perKWh}}
	if c.heatKgce >= 0 {
		ts = append(ts, colTerm{c.heatKgce, perKgce})
	}
	return ts
}

// stageRows write the stage rows; the slacks' bounds switch them on
// (package documentation, "Stage rows").
func (m *Model) stageRows(b *lp.Builder) {
	c, led, g := &m.col, &m.opt.Ledger, m.opt.limitFactor()
	// Core: 1000·R − θ·g·kgce·(imp + ren − exp) − sCore = 0, sCore ≤ 0.
	core := func(limit float64, slack int) {
		theta := limit * g * led.KgcePerKWh
		b.StartRow()
		b.Add(c.resid, 1000)
		for _, t := range c.consumption(-theta, -theta/led.KgcePerKWh) {
			b.Add(t.col, t.v)
		}
		b.Add(slack, -1)
		b.EndRow(0, 0)
	}
	core(m.carbonPerTceMax(), c.sCore)
	if c.sCoreBelow >= 0 {
		// Below the line (bandBelow): the core row at the default band's
		// limit, and the consumption as the ledger counts it,
		// k·(imp + ren − exp) + fuel and heat bought (kgce) − sCons = 0,
		// sCons at most g × the line over the period (setBounds).
		core(led.CarbonPerTceMax, c.sCoreBelow)
		b.StartRow()
		for _, t := range c.consumption(led.KgcePerKWh, 1) {
			b.Add(t.col, t.v)
		}
		b.Add(c.sCons, -1)
		b.EndRow(0, 0)
	}
	// Clean share: imp − 1000·certs − (1 − s)·g·(imp + ren − exp) − sClean
	// = 1000·held, sClean ≤ 0.
	q := (1 - led.CleanShareMin) * g
	b.StartRow()
	b.Add(c.impE, 1-q)
	b.Add(c.renE, -q)
	b.Add(c.expE, q)
	b.Add(c.certs, -1000)
	if c.heatKgce >= 0 {
		// Over every carrier in kWh of electricity's kgce: fuel and heat
		// bought are consumed, renewable fuels clean.
		b.Add(c.heatKgce, (1-q)/led.KgcePerKWh)
		b.Add(c.cleanKgce, -1/led.KgcePerKWh)
	}
	b.Add(c.sClean, -1)
	c.cleanRow = b.EndRow(1000*led.CertificatesHeldMWh, 1000*led.CertificatesHeldMWh)
	if c.heatKgce >= 0 {
		// The ledger counts certificates only up to the grid import
		// (min(certificates, import): dispatch's clean share), so the
		// row above, which lets them stand for any energy that is not
		// clean, is the half of it where they cover the import; the other
		// half, where they cover all of it and more, is that the fuel and
		// heat bought less their clean part are within the allowance:
		// (1 − q)·H/k − C/k − q·(imp + ren − exp) − sCleanHeat = 0,
		// sCleanHeat ≤ 0. Without heat it cannot bind: there is nothing
		// but import to cover (QA, session 37: a park burning gas was
		// planned 114 MWh of certificates over a 112 MWh import, and the
		// ledger refused the stage planned).
		b.StartRow()
		b.Add(c.heatKgce, (1-q)/led.KgcePerKWh)
		b.Add(c.cleanKgce, -1/led.KgcePerKWh)
		b.Add(c.impE, -q)
		b.Add(c.renE, -q)
		b.Add(c.expE, q)
		b.Add(c.sCleanHeat, -1)
		c.cleanHeatRow = b.EndRow(0, 0)
	}
	// Renewable share of the electricity used (low-carbon: the served
	// load and the heat pumps' and electric boilers' draw, conv),
	// conservatively: imp (+ CHP electricity) + energy stored at the start
	// ≤ (1 − r)·g·(load − uns + conv), as
	// imp + Σ start + Σ minFrac·added + (1 − r)·g·(uns − conv) − sRen
	// = (1 − r)·g·load − Σ minFrac·E, sRen ≤ 0.
	r := (1 - led.LowCarbonRenewableShareMin) * g
	b.StartRow()
	b.Add(c.impE, 1)
	if c.chpE >= 0 {
		// The ledger traces CHP electricity as grid origin.
		b.Add(c.chpE, 1)
	}
	b.Add(c.unsE, r)
	if c.convE >= 0 {
		b.Add(c.convE, -r)
	}
	for bi, bat := range m.park.Batteries {
		b.Add(m.startCol(bi), 1)
		if ci := m.candOf(TechBatteryEnergy, bi); ci >= 0 {
			b.Add(c.add[ci], bat.MinSoCFraction)
		}
	}
	b.Add(c.sRen, -1)
	rhs := r*m.k.loadKWh - m.k.minKWh
	b.EndRow(rhs, rhs)
	// Zero-carbon: R − g·offsets − sZero = g·held, sZero ≤ 0.
	b.StartRow()
	b.Add(c.resid, 1)
	b.Add(c.offsets, -g)
	b.Add(c.sZero, -1)
	b.EndRow(g*led.OffsetsHeldTCO2e, g*led.OffsetsHeldTCO2e)
}

// startCol is the column of store j's content at the start of the
// period (Model.stores: battery j, or thermal store j − batteries), kWh or
// kWh_th above its minimum.
func (m *Model) startCol(j int) int {
	if m.reps {
		return m.col.inter[j][0]
	}
	return m.stores[j].initial(m.segs[0].blk)
}

// carbonPerTceMax is the core indicator's limit of the core row (sCore):
// the larger band's when every operation the stage rows allow consumes at
// least the large-park consumption a year ([Model.consumptionFloorTce]),
// else the stricter of the two bands' limits, which holds on either side
// of the line. With the default band's the stricter (the default: 0.20
// below 1 Mtce a year, 0.30 from it), where the floor is below the line
// but the operation chosen crosses it, the ledger grants the larger limit
// after the solve: the design holds its stage with room to spare, safe
// but possibly dearer than it need be. With the large parks' the
// stricter, the core row holds every design to it, and [Model.split]'s
// second band asks the default band's limit of an operation held below
// the line ("Stage rows").
func (m *Model) carbonPerTceMax() float64 {
	led := &m.opt.Ledger
	if m.k.floorTce*m.annual >= led.LargeParkTcePerYear {
		return led.CarbonPerTceMaxLarge
	}
	return math.Min(led.CarbonPerTceMax, led.CarbonPerTceMaxLarge)
}

// split reports whether the plan solves near-zero and zero-carbon in two
// bands (question.band): the large parks' core limit is the stricter
// (LedgerConfig.CarbonPerTceMaxLarge below CarbonPerTceMax) and an
// operation the stage rows allow may consume less than the line a year.
// The core row (sCore) holds a design to the large parks' limit, valid
// on either side of the line; bandBelow holds it to the default band's
// limit with its consumption at most g × the line instead, which the
// ledger judges by that limit.
func (m *Model) split() bool {
	led := &m.opt.Ledger
	return led.CarbonPerTceMaxLarge < led.CarbonPerTceMax && m.k.floorTce*m.annual < led.LargeParkTcePerYear
}

// consumptionCeilingKgce is bandBelow's bound on the consumption over the
// period, kgce: the large-park line (tce a year) over the period, times
// the limit factor g, so that a margin keeps room below the line as it
// does below every stage limit, and the solver's tolerance cannot tip the
// ledger's ConsumptionTcePerYear ≥ line.
func (m *Model) consumptionCeilingKgce() float64 {
	return 1000 * m.opt.limitFactor() * m.opt.Ledger.LargeParkTcePerYear / m.annual
}

// consumptionFloorTce is the least consumption (tce over the period, as
// the ledger counts it: dispatch's "Heat") of any operation the stage
// rows allow. With L the electric and Q the heat load, u the unserved
// share they tolerate (UnservedToleranceShare × the limit factor), k the
// kgce of a kWh of electricity and D the energy the stores may draw
// down over the period (Valued only; 0 when cyclic):
//
//	consumption ≥ k·(1 − u)·L − k·D_batteries + Σ_s c_s·H_s
//
// where the heat H = (1 − u)·Q − D_thermal is split among the heat
// sources s, each making at most its capacity over the period (today's,
// or its technology's bound where it is a candidate, all of it at the
// technology's best c), cheapest first, and c_s is the least consumption
// per kWh_th source s serves: a heat pump k / its highest COP over the
// period, an electric boiler k / η, a fuel boiler the fuel's kgce per kWh
// / η, purchased heat its kgce per kWh_th, a CHP (the fuel's kgce per kWh
// − k·η_el) / η_th (its electricity displaces k a kWh of the electricity
// counted; c may be below 0: more of its heat, less consumption, up to
// its capacity). It follows from the balances: the electricity counted,
// import + renewable − export, is what is served + the converters'
// electricity + losses + stored − the CHP's electricity, and the heat
// served is at most what the sources make + what the stores draw down.
// (Before the capacities counted, the best source took all of the heat:
// a 10 kW_th heat-pump candidate took a heat load of a million tce, and
// the plan judged at 0.20 tCO2/tce a stage today's park held at the
// ledger's 0.30 — QA, December 2026; and any CHP made the floor 0.)
func (m *Model) consumptionFloorTce() float64 {
	p, led := m.park, &m.opt.Ledger
	k := led.KgcePerKWh
	hours := float64(m.cal.n) * m.stepHours
	type source struct{ c, kWhTh float64 } // per kWh_th; the most over the period
	byTech := map[Tech]*source{}
	add := func(t Tech, c, capacity float64) {
		s := byTech[t]
		if s == nil {
			s = &source{c: math.Inf(1)}
			byTech[t] = s
		}
		s.c = math.Min(s.c, c)
		s.kWhTh += capacity * hours
	}
	for j, hp := range p.HeatPumps {
		top := 0.0
		for _, sg := range m.segs {
			if j < len(sg.prof.HeatPumpCOP) {
				top = math.Max(top, floats.Max(sg.prof.HeatPumpCOP[j]))
			}
		}
		if top > 0 {
			add(TechHeatPump, k/top, hp.CapacityKWTh)
		}
	}
	for _, eb := range p.ElectricBoilers {
		add(TechElectricBoiler, k/eb.Efficiency, eb.CapacityKWTh)
	}
	for _, fb := range p.FuelBoilers {
		fu, _ := p.Fuel(fb.Fuel)
		add(TechFuelBoiler, fu.KgcePerKWhLHV/fb.EfficiencyLHV, fb.CapacityKWTh)
	}
	for _, ch := range p.CHP {
		fu, _ := p.Fuel(ch.Fuel)
		// Its heat out at capacity: η_th / η_el × its electricity.
		add(TechCHP, (fu.KgcePerKWhLHV-k*ch.ElectricEfficiencyLHV)/ch.ThermalEfficiencyLHV,
			ch.CapacityKW*ch.ThermalEfficiencyLHV/ch.ElectricEfficiencyLHV)
	}
	var sources []source
	for t, s := range byTech {
		// A candidate may grow to its bound: all of what it adds at the
		// technology's best c (a floor, so the lower the safer).
		if tc := techCosts(m.ccosts, t); tc.Candidate() {
			more := tc.MaxAdded()
			if t == TechCHP {
				more = 0 // the CHP's heat per kW electric is its units'; added below
				for _, ch := range p.CHP {
					more = math.Max(more, tc.MaxAdded()*ch.ThermalEfficiencyLHV/ch.ElectricEfficiencyLHV)
				}
			}
			s.kWhTh += more * hours
		}
		sources = append(sources, *s)
	}
	for _, ph := range p.PurchasedHeat {
		sources = append(sources, source{c: ph.Kgce(), kWhTh: ph.LimitKWTh * hours})
	}
	slices.SortFunc(sources, func(a, b source) int { return cmp.Compare(a.c, b.c) })
	u := math.Min(1, led.UnservedToleranceShare*m.opt.limitFactor())
	kg := k * (1 - u) * m.k.loadKWh
	heat := (1 - u) * m.k.heatLoadKWhTh
	if m.opt.Storage == Valued {
		for _, st := range m.stores {
			if st.heat {
				heat -= st.top
			} else {
				kg -= k * st.top
			}
		}
	}
	for _, s := range sources {
		if heat <= 0 {
			break
		}
		h := math.Min(heat, s.kWhTh)
		kg += s.c * h
		heat -= h
	}
	return math.Max(kg, 0) / 1000
}

// costs writes the objective, in the currency of the period: the Blocks'
// Cost terms times their weights, the demand charge on each month's peak
// (prorated on the month's share of the calendar, [dispatch.MonthShare]),
// the candidates' annualised cost times the period's share of a year,
// offsets and certificates at their prices, the residual at
// Options.CarbonPricePerTCO2e, and (Valued) the credit for
// the energy left at the end.
func (m *Model) costs(c []float64) error {
	cfg := m.dispatchConfig()
	for k := range m.segs {
		m.segs[k].blk.Costs(c, &cfg, m.segs[k].weight)
	}
	// Each calendar month's peak at the rate × the month's share of the
	// calendar (1 for a whole month), what the ledger charges.
	shares := dispatch.MonthShares(m.cal.start, m.cal.step, m.cal.n)
	for mo, col := range m.col.peak {
		c[col] = m.park.Grid.DemandChargePerKWMonth * shares[mo]
	}
	for i, cd := range m.cands {
		c[m.col.add[i]] = m.perUnitYear(cd.tech) / m.annual
	}
	c[m.col.offsets] = m.opt.Ledger.OffsetPricePerTCO2e
	// An internal carbon price on the residual (tCO2e over the period,
	// the objective money over the period): 0 without one.
	c[m.col.resid] = m.opt.CarbonPricePerTCO2e
	c[m.col.certs] = m.opt.Ledger.CertificatePricePerMWh
	if m.opt.Storage == Valued {
		end, err := dispatch.EndValues(m.park, m.in.prof, &cfg)
		if err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		// end is per store in the order of m.stores.
		for j := range m.stores {
			c[m.endCol(j)] -= end[j]
		}
	}
	return nil
}

// endCol is the column of store j's content at the end of the period.
func (m *Model) endCol(j int) int {
	if m.reps {
		return m.col.inter[j][m.nPeriods]
	}
	blk := m.segs[0].blk
	return m.stores[j].soc(blk, blk.Steps()-1)
}

// perUnitYear is what one more unit of t costs a year: capital × CRF +
// fixed O&M.
func (m *Model) perUnitYear(t Tech) float64 {
	return techCosts(m.ccosts, t).AnnualisedPerUnitYear(m.ccosts.DiscountRatePerYear)
}

// dispatchConfig is the dispatch configuration whose Cost terms the
// Blocks carry.
func (m *Model) dispatchConfig() dispatch.Config {
	cfg := dispatch.DefaultConfig()
	cfg.Objective = dispatch.Cost
	cfg.ValueOfLostLoadPerKWh = m.opt.ValueOfLostLoadPerKWh
	cfg.Ledger = m.opt.Ledger
	return cfg
}
