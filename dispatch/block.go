package dispatch

import (
	"fmt"
	"slices"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/model"
)

// Block is the dispatch LP of a stretch of steps written into a larger LP
// that the caller owns: the columns, power balance, state-of-charge
// recursion, bounds and money costs that [PerfectForesight] solves under
// the Cost objective, placed at a column offset. Capacity planning (package
// plan) builds its LP from Blocks and adds its own columns and rows
// (capacities, monthly peaks, storage linking, stage targets), so the
// dispatch physics are written in one place (see "The LP inside a larger
// one" in the package documentation).
//
// A Block carries no demand-charge block and no end-of-period value: the
// caller prices monthly peaks and stored energy its own way
// ([EndValues] gives PerfectForesight's value of a kWh left at the end of
// the study).
type Block struct {
	lay  layout
	park *model.Park
	win  window
	// initial is each battery's initial state of charge as the Block's
	// state columns hold it (kWh, above the minimum with SoCAboveMin);
	// heatInitial each thermal store's (kWh_th).
	initial, heatInitial []float64
}

// BlockOptions say how a [Block] is written.
type BlockOptions struct {
	// SoCAboveMin makes the state-of-charge columns (and the initial
	// ones) hold the energy above each battery's minimum, kWh: the
	// recursion becomes x[t] = a·x[t−1] + η_ch·Δt·ch − Δt/η_dis·dis with
	// right-hand side 0, the same dispatch in shifted variables (doc.go),
	// and no row depends on the battery's energy, which a planner may then
	// make a column. The bounds are [0, Max − Min]. Thermal stores' contents
	// are held the same way (kWh_th above their minimum).
	SoCAboveMin bool
}

// NewBlock appends the dispatch LP of park p over the f.Len steps of
// profiles f to b: its columns (from b.NumCols(), zero bounds and costs
// until [Block.Bounds] and [Block.Costs] fill them) and its rows. The park
// and profiles are checked as [PerfectForesight] checks them (errors
// unwrap to ErrInput); the Block keeps p and f, which must not change
// while it is used.
func NewBlock(b *lp.Builder, p *model.Park, f *model.Profiles, opt BlockOptions) (*Block, error) {
	if b == nil {
		return nil, fmt.Errorf("%w: nil builder", ErrInput)
	}
	if p == nil || f == nil {
		return nil, fmt.Errorf("%w: nil park or profiles", ErrInput)
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	if err := checkProfiles(p, f); err != nil {
		return nil, err
	}
	k := &Block{park: p, lay: newLayout(p, f.Len, f.Step.Hours(), false)}
	k.lay.first = b.NumCols()
	k.lay.aboveMin = opt.SoCAboveMin
	k.win = wholeWindow(p, f)
	k.initial = make([]float64, len(p.Batteries))
	for i, bat := range p.Batteries {
		k.initial[i] = bat.InitialSoCKWh()
		if opt.SoCAboveMin {
			k.initial[i] -= bat.MinSoCKWh()
		}
	}
	k.heatInitial = make([]float64, len(p.ThermalStorage))
	for i, ts := range p.ThermalStorage {
		k.heatInitial[i] = ts.InitialSoCKWhTh()
		if opt.SoCAboveMin {
			k.heatInitial[i] -= ts.MinSoCKWhTh()
		}
	}
	k.lay.addCols(b)
	// The COPs of a whole period are known: they are the coefficients.
	k.lay.writeRows(b, p, func(t, j int) float64 { return k.win.cop[j][t] })
	return k, nil
}

// wholeWindow copies checked profiles into a window of their full length
// (no repairs are needed: checkProfiles refused what Step would repair).
func wholeWindow(p *model.Park, f *model.Profiles) window {
	n := f.Len
	w := window{
		active:      n,
		loadKW:      make([]float64, n),
		pvKW:        make([][]float64, len(p.PV)),
		windKW:      make([][]float64, len(p.Wind)),
		carbon:      f.DispatchKgCO2ePerKWh[:n:n],
		importPrice: make([]float64, n),
		exportPrice: make([]float64, n),
	}
	for t := range n {
		w.loadKW[t] = f.TotalLoadKW(t)
	}
	for i := range p.PV {
		w.pvKW[i] = f.PVAvailKW[i][:n:n]
	}
	for j := range p.Wind {
		w.windKW[j] = f.WindAvailKW[j][:n:n]
	}
	if f.ImportPricePerKWh != nil {
		copy(w.importPrice, f.ImportPricePerKWh[:n])
	}
	if f.ExportPricePerKWh != nil {
		copy(w.exportPrice, f.ExportPricePerKWh[:n])
	}
	if p.HasHeat() {
		w.heatKW = make([]float64, n)
		for t := range n {
			w.heatKW[t] = f.TotalHeatLoadKWTh(t)
		}
		cut := func(rows [][]float64) [][]float64 {
			out := make([][]float64, len(rows))
			for i, r := range rows {
				out[i] = r[:n:n]
			}
			return out
		}
		w.cop, w.phCarbon, w.phPrice = cut(f.HeatPumpCOP), cut(f.PurchasedHeatKgCO2ePerKWhTh), cut(f.PurchasedHeatPricePerKWhTh)
	}
	return w
}

// Steps is the number of steps of the Block.
func (k *Block) Steps() int { return k.lay.h }

// Cols returns the Block's column range [first, end).
func (k *Block) Cols() (first, end int) { return k.lay.first, k.lay.first + k.lay.numCols() }

// PV is the column of PV array i's delivered power in step t, kW.
//
// Column indices of step t (0 ≤ t < Steps()) in the larger LP: PV array
// i's and turbine j's delivered power, battery b's charge, discharge and
// state of charge at the end of step t, import, export and unserved load
// (kW; kWh for states of charge, above the minimum with SoCAboveMin).
func (k *Block) PV(t, i int) int { return k.lay.pv(t, i) }

// Wind is the column of turbine j's delivered power in step t, kW.
func (k *Block) Wind(t, j int) int { return k.lay.wind(t, j) }

// Charge is the column of battery b's charge power in step t, kW.
func (k *Block) Charge(t, b int) int { return k.lay.ch(t, b) }

// Discharge is the column of battery b's discharge power in step t, kW.
func (k *Block) Discharge(t, b int) int { return k.lay.dis(t, b) }

// SoC is the column of battery b's state of charge at the end of step t,
// kWh (above the minimum with SoCAboveMin).
func (k *Block) SoC(t, b int) int { return k.lay.soc(t, b) }

// Import is the column of the grid import in step t, kW.
func (k *Block) Import(t int) int { return k.lay.imp(t) }

// Export is the column of the grid export in step t, kW.
func (k *Block) Export(t int) int { return k.lay.exp(t) }

// Unserved is the column of the load not served in step t, kW.
func (k *Block) Unserved(t int) int { return k.lay.uns(t) }

// InitialSoC is the column of battery b's state of charge before the
// first step; [Block.Bounds] fixes it at the park's initial state.
func (k *Block) InitialSoC(b int) int { return k.lay.soc0(b) }

// BalanceRow is the row of step t's power balance in the larger LP
// (every row of the Block is an equality with a fixed right-hand side).
func (k *Block) BalanceRow(t int) int { return k.lay.balanceRow(t) }

// HeatPump is the column of heat pump j's heat out in step t, kW_th.
//
// The heat block of step t (only for a park with heat: [model.Park.HasHeat];
// see "Heat" in the package documentation), columns in the larger LP: heat
// pump j's heat out (kW_th; its electricity, heat/COP[t], is in the power
// balance), electric boiler e's and fuel boiler f's heat out (kW_th), CHP
// c's electricity out (kW; its heat η_th/η_el times that is in the heat
// balance), thermal store s's net flow (discharge less charge, kW_th, one
// signed column in [−MaxChargeKWTh, MaxDischargeKWTh]: a lossless store
// gains nothing by doing both) and content at the end of step t (kWh_th,
// above the minimum with SoCAboveMin), purchased heat p (kW_th) and
// unserved heat (kW_th). A planner that makes a heat pump's or a store's
// capacity a column replaces the bound Block.Bounds writes
// (CapacityKWTh, MaxChargeKWTh …) with rows.
func (k *Block) HeatPump(t, j int) int { return k.lay.hp(t, j) }

// ElectricBoiler is the column of electric boiler e's heat out in step t,
// kW_th.
func (k *Block) ElectricBoiler(t, e int) int { return k.lay.eb(t, e) }

// FuelBoiler is the column of fuel boiler f's heat out in step t, kW_th.
func (k *Block) FuelBoiler(t, f int) int { return k.lay.fb(t, f) }

// CHP is the column of CHP c's electricity out in step t, kW.
func (k *Block) CHP(t, c int) int { return k.lay.chp(t, c) }

// HeatNetFlow is the column of thermal store s's net flow (discharge less
// charge) in step t, kW_th.
func (k *Block) HeatNetFlow(t, s int) int { return k.lay.tnet(t, s) }

// HeatSoC is the column of thermal store s's content at the end of step
// t, kWh_th (above the minimum with SoCAboveMin).
func (k *Block) HeatSoC(t, s int) int { return k.lay.tsoc(t, s) }

// PurchasedHeat is the column of purchased heat p in step t, kW_th.
func (k *Block) PurchasedHeat(t, p int) int { return k.lay.ph(t, p) }

// UnservedHeat is the column of the heat load not served in step t,
// kW_th.
func (k *Block) UnservedHeat(t int) int { return k.lay.uh(t) }

// CHPDump is the column of the heat CHP c's heat dump rejects in step t
// (kW_th, within [0, HeatDumpKWTh] and, by a row of the Block, at most
// the CHP's heat; it enters the heat balance with −1), or -1 for a CHP
// without a heat dump ([model.CHP.HasHeatDump]).
func (k *Block) CHPDump(t, c int) int {
	if k.lay.dumpOf == nil || k.lay.dumpOf[c] < 0 {
		return -1
	}
	return k.lay.dump(t, k.lay.dumpOf[c])
}

// InitialHeatSoC is the column of thermal store s's content before the
// first step; [Block.Bounds] fixes it at the park's initial content.
func (k *Block) InitialHeatSoC(s int) int { return k.lay.tsoc0(s) }

// HeatBalanceRow is the row of step t's heat balance in the larger LP
// (only for a park with heat).
func (k *Block) HeatBalanceRow(t int) int { return k.lay.heatRow(t) }

// Bounds writes the dispatch's bounds of the Block's columns into lo and
// hi (indexed by column of the larger LP): availability, battery power and
// state-of-charge limits of the park as given, grid limits, unserved load
// up to the load, the load fixed, the initial state of charge fixed at the
// park's; with heat, the converters' capacities, the thermal stores'
// limits and initial contents, purchased heat's limits, the CHP heat
// dumps' capacities, unserved heat up to the heat load and the heat load
// fixed. A caller that makes a capacity
// a column widens the bounds it replaces by rows.
func (k *Block) Bounds(lo, hi []float64) {
	k.lay.bounds(k.park, &k.win, k.initial, k.heatInitial, 0, lo, hi)
}

// Costs writes the Cost objective's per-step terms of the Block into c
// (indexed by column of the larger LP), each multiplied by weight (how
// many times the stretch counts, 1 for itself): import at its price
// (negative prices as 0) plus cfg.CarbonPricePerTCO2e × the dispatch
// signal, export at minus its price, unserved energy at
// cfg.ValueOfLostLoadPerKWh, battery wear, and the tie-breaks of doc.go;
// with heat, fuel and purchased heat at their prices plus the carbon
// price × their carbon, unserved heat at cfg.ValueOfLostLoadPerKWh and
// heat dumped at its tie-break.
// The Block's other columns get 0; end-of-period values are the caller's.
func (k *Block) Costs(c []float64, cfg *Config, weight float64) {
	k.lay.moneyCosts(k.park, &k.win, cfg.ValueOfLostLoadPerKWh, cfg.CarbonPricePerTCO2e/1000, true, 1, c)
	k.weigh(c, weight)
}

// TieCosts writes the part of Costs' terms that is tie-breaks (doc.go:
// τ on each kWh through the grid connection and a battery, −τ_r on each
// kWh of PV and wind used, the later shed's premium, τ_d on heat dumped),
// times weight, into the Block's columns of c: Costs less the same terms
// without the tie-breaks. A caller reading prices from an LP's duals
// subtracts their share (lp.BasisDuals), so that a price is the money's
// alone: the tie-breaks move a carbon row's dual by up to (τ + τ_r) per
// kWh over its carbon, 3.75 per tCO2e on a grid of 0.04 kgCO2e/kWh.
func (k *Block) TieCosts(c []float64, cfg *Config, weight float64) {
	first, end := k.Cols()
	k.lay.moneyCosts(k.park, &k.win, cfg.ValueOfLostLoadPerKWh, cfg.CarbonPricePerTCO2e/1000, true, 0, c)
	without := slices.Clone(c[first:end])
	k.lay.moneyCosts(k.park, &k.win, cfg.ValueOfLostLoadPerKWh, cfg.CarbonPricePerTCO2e/1000, true, 1, c)
	for j := first; j < end; j++ {
		c[j] -= without[j-first]
	}
	k.weigh(c, weight)
}

// weigh multiplies the Block's columns of c by weight.
func (k *Block) weigh(c []float64, weight float64) {
	if weight != 1 {
		first, end := k.Cols()
		for j := first; j < end; j++ {
			c[j] *= weight
		}
	}
}

// Concave says whether some step of the Block has export paying more
// than import (negative import prices as 0), where the money cost is
// concave in the net import and Costs prices the step by its regime (see
// the package documentation, "Where export pays more"): only then can
// Reprice change the Block's costs.
func (k *Block) Concave() bool { return k.win.anyConcave(true) }

// Reprice reads from the solution x of the larger LP the regime of each
// step where export pays more than import, exporting where its net import
// is below zero and importing where above, and returns how many steps'
// regime changed; Costs then writes their prices by the new regime. Until
// the first Reprice, Costs prices them by a guess from the data: exporting
// where the PV and wind available at the park's capacities exceed the
// load. Solving again while the count is above zero never raises the
// true cost (package documentation).
func (k *Block) Reprice(x []float64) int { return k.lay.readRegimes(&k.win, x, true) }

// ResetRegimes makes Costs price every step by the guess from the data
// again, as before the first Reprice.
func (k *Block) ResetRegimes() { k.win.resetRegimes() }

// Fork is a copy of k for another solver instance: its columns, rows and
// data are k's (read only, shared), its regimes its own, from the guess
// (Reprice on one does not change the other's Costs).
func (k *Block) Fork() *Block {
	f := *k
	f.win.regime = nil
	return &f
}

// EndValues is, per battery of p and then per thermal store, the value of
// a kWh (kWh_th) left at the end of the study over prof that
// [PerfectForesight] credits under cfg's objective: under Cost (currency
// per kWh) η_dis × the period's mean import price (negative as 0) + the
// carbon price × the ledger's storage value; under CarbonFirst the
// storage value itself (kgCO2e per kWh; for a thermal store the ledger's
// heat storage value, see doc.go, "Heat"). The profiles are checked as
// [NewSchedule] checks them.
func EndValues(p *model.Park, prof *model.Profiles, cfg *Config) ([]float64, error) {
	if cfg == nil {
		return nil, fmt.Errorf("%w: nil config", ErrInput)
	}
	if _, err := NewSchedule(p, prof); err != nil {
		return nil, err
	}
	return studyEndValues(p, prof, cfg), nil
}

// Extract writes the decisions of the Block's steps [from, from+n) of the
// solution x into the intervals [at, at+n) of schedule s: delivered PV and
// wind, charge, discharge, state of charge (x's value plus socOffset[b],
// kWh, e.g. the minimum with SoCAboveMin; nil for none), import, export,
// unserved load, curtailment (s's availability less what was delivered)
// and emissions (import × s's accounting factor × Δt); with heat, the
// converters' heat (CHP electricity) with their electricity and fuel, the
// heat the CHP units dump, the thermal stores' flows and contents (plus socOffset[len(batteries)+s]
// when socOffset is that long), purchased and unserved heat, and the fuel
// and purchased heat carbon (at s's COPs and factors). s's inputs (load,
// availability, signals, heat load, COPs) are the caller's; s must have
// the Block's park's shape ([Schedule.Validate]). Values within 1e-9 of
// zero are written as zero.
func (k *Block) Extract(x []float64, s *Schedule, at, from, n int, socOffset []float64) error {
	if err := s.Validate(k.park); err != nil {
		return err
	}
	if from < 0 || n < 0 || from+n > k.lay.h || at < 0 || at+n > s.Len {
		return fmt.Errorf("%w: Extract of steps [%d, %d) of %d into intervals [%d, %d) of %d", ErrInput, from, from+n, k.lay.h, at, at+n, s.Len)
	}
	if _, end := k.Cols(); len(x) < end {
		return fmt.Errorf("%w: solution has %d values, the Block ends at column %d", ErrInput, len(x), end)
	}
	l, h := k.lay, s.Step.Hours()
	for u := range n {
		t, i := from+u, at+u
		curtailed := 0.0
		for a := range s.PVKW {
			s.PVKW[a][i] = clean(x[l.pv(t, a)])
			curtailed += s.PVAvailKW[a][i] - s.PVKW[a][i]
		}
		for j := range s.WindKW {
			s.WindKW[j][i] = clean(x[l.wind(t, j)])
			curtailed += s.WindAvailKW[j][i] - s.WindKW[j][i]
		}
		for b := range s.ChargeKW {
			s.ChargeKW[b][i] = clean(x[l.ch(t, b)])
			s.DischargeKW[b][i] = clean(x[l.dis(t, b)])
			off := 0.0
			if socOffset != nil {
				off = socOffset[b]
			}
			s.SoCKWh[b][i] = clean(x[l.soc(t, b)]) + off
		}
		s.ImportKW[i] = clean(x[l.imp(t)])
		s.ExportKW[i] = clean(x[l.exp(t)])
		s.UnservedKW[i] = clean(x[l.uns(t)])
		s.CurtailedKW[i] = clean(curtailed)
		s.EmissionsKgCO2e[i] = s.ImportKW[i] * s.AccountingKgCO2ePerKWh[i] * h
		if l.heat {
			l.extractHeatStep(x, s, t, i)
			for q := range s.HeatSoCKWhTh {
				if j := len(s.SoCKWh) + q; j < len(socOffset) {
					s.HeatSoCKWhTh[q][i] += socOffset[j]
				}
			}
			s.deriveHeat(k.park, l.fuel, i)
		}
	}
	return nil
}

// NewSchedule allocates the schedule of park p over the period of prof
// with the inputs copied in (total load, availability, signals, prices)
// and every battery at its configured initial state of charge; the
// decisions are zero. It is how [PerfectForesight] starts its schedule,
// and how a caller of [Block.Extract] gets one.
func NewSchedule(p *model.Park, prof *model.Profiles) (*Schedule, error) {
	if p == nil || prof == nil {
		return nil, fmt.Errorf("%w: nil park or profiles", ErrInput)
	}
	if err := checkProfiles(p, prof); err != nil {
		return nil, err
	}
	return periodSchedule(p, prof), nil
}
