package dispatch

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/model"
)

// EnergyOrigin says where a period's on-site renewable and grid energy
// went, traced through the batteries one pool per interval (see
// [Attribute]). All in kWh. Energy stored at the start counts as grid
// energy (its carbon is taken at the period's mean factor, as grid
// energy's would be). The two columns conserve energy:
//
//	renewable generated = RenewableServed + RenewableExported + RenewableStoredChange + RenewableLosses
//	grid import         = GridServed + GridExported + GridStoredChange + GridLosses
//
// and RenewableServed + GridServed is the load served. With heat the
// heat pumps and electric boilers draw from the bus too (…ToHeat, added
// to the right-hand sides), and CHP electricity counts as grid content
// (non-renewable, made on site: it adds to the grid import's side).
type EnergyOrigin struct {
	// RenewableServed and GridServed are the on-site renewable and the grid
	// content of the served load, traced through the batteries one pool per
	// interval; they add up to the load served.
	RenewableServed float64 `json:"renewable_served"`
	GridServed      float64 `json:"grid_served"`
	// RenewableExported and GridExported are the renewable and grid
	// content of what was exported: taken from the interval's renewable
	// generation first; any beyond it carries the bus mix.
	RenewableExported float64 `json:"renewable_exported"`
	GridExported      float64 `json:"grid_exported"`
	// RenewableStoredChange and GridStoredChange are the stored energy of
	// each origin at the end less at the start (kWh stored).
	RenewableStoredChange float64 `json:"renewable_stored_change"`
	GridStoredChange      float64 `json:"grid_stored_change"`
	// RenewableLosses and GridLosses are the battery losses (conversion
	// and self-discharge) of each origin: energy charged less energy discharged less the change
	// in stored energy.
	RenewableLosses float64 `json:"renewable_losses"`
	GridLosses      float64 `json:"grid_losses"`
	// RenewableToHeat and GridToHeat are the electricity of each origin
	// the heat pumps and electric boilers drew (only with heat).
	RenewableToHeat float64 `json:"renewable_to_heat,omitempty"`
	GridToHeat      float64 `json:"grid_to_heat,omitempty"`
}

// busMix is what one kWh drawn from the bus in an interval carries
// (served load, battery charge, export beyond the renewables).
type busMix struct {
	kgCO2ePerKWh float64 // carbon
	renewable    float64 // fraction of on-site renewable origin
	grid         float64 // fraction of grid origin; renewable + grid = 1
	servedKWh    float64 // load served in the interval
	// With heat: the carbon of a kWh_th drawn from the heat pool (served
	// heat, store charge) and the heat load served, kWh_th.
	heatKgCO2ePerKWhTh float64
	heatServedKWhTh    float64
}

// traceTotals are a traced period's totals.
type traceTotals struct {
	origin              EnergyOrigin
	storedChangeKgCO2e  float64
	exportedKgCO2e      float64
	initialKgCO2ePerKWh float64
	// With heat: the change in the thermal stores' carbon, and the carbon
	// taken to be in each kWh_th stored at the start.
	heatStoredChangeKgCO2e float64
	initialKgCO2ePerKWhTh  float64
}

// emptyKWh: a battery holding less than this is empty (rounding).
const emptyKWh = 1e-9

// traceBus follows carbon and energy origin through the bus and the
// batteries of schedule s of park p (whose shapes must match:
// Schedule.Validate), and calls visit, when not nil, with each interval's mix.
//
// Every interval the bus is one pool. Exports are taken from the
// interval's renewable generation first. The rest of the supply —
// renewables (carbon 0, origin renewable), grid import (the accounting
// factor, origin grid) and battery discharge (the battery's carbon
// content and origin mix) — mixes, and every kWh drawn from the bus
// carries the mix. A battery's carbon content grows by the mix × the
// energy drawn to charge it and falls in proportion to the stored energy
// a discharge removes (losses keep their carbon in the battery). Its
// origin mix is a share of the stored energy: charge adds the bus's mix ×
// the energy stored (η_ch × drawn), and discharge and self-discharge take
// stored energy of both origins in proportion (so losses are shared by
// origin, and a kWh delivered is at most a kWh of content).
//
// With heat, the bus also takes CHP electricity (its share of the fuel's
// carbon by energy out, η_el/(η_el + η_th), grid origin) and gives the heat
// pumps' and electric boilers' electricity, which carries the bus's mix
// into a second pool, the heat: the heat sources — converters (their
// electricity's carbon), fuel boilers (their fuel's), CHP (the rest of its
// fuel's), purchased heat (its factor) and the thermal stores' discharge
// (their content's, taken in proportion to the heat removed) — mix, and
// every kWh_th drawn (heat served, store charge) carries the mix. Heat
// stored at the start is taken at the ledger's heat storage value.
func traceBus(p *model.Park, s *Schedule, visit func(t int, m busMix)) traceTotals {
	return traceBusFrom(p, s, mean(s.AccountingKgCO2ePerKWh[:s.Len]), visit)
}

// traceBusFrom is [traceBus] with the period's mean accounting factor
// (kgCO2e per kWh, the carbon of the batteries' energy at the start)
// given: Account has it from its first pass (sumSeries) and does not sum
// the factors again.
func traceBusFrom(p *model.Park, s *Schedule, meanFactor float64, visit func(t int, m busMix)) traceTotals {
	n, h := s.Len, s.Step.Hours()
	var tt traceTotals
	tt.initialKgCO2ePerKWh = meanFactor
	// The batteries' state, on the stack for up to four of them.
	var few [4]batteryTrace
	bats := few[:0]
	if nb := len(p.Batteries); nb > len(few) {
		bats = make([]batteryTrace, 0, nb)
	}
	startKg := 0.0
	for b := range p.Batteries {
		bat := &p.Batteries[b]
		bt := batteryTrace{ch: s.ChargeKW[b][:n], dis: s.DischargeKW[b][:n], soc: s.SoCKWh[b][:n],
			etaCh: bat.ChargeEfficiency, etaDis: bat.DischargeEfficiency, stock: s.InitialSoCKWh[b]}
		bt.carbon = bt.stock * tt.initialKgCO2ePerKWh
		startKg += bt.carbon
		bt.gridS = bt.stock
		bats = append(bats, bt)
	}
	ht := newHeatTrace(p, s)
	if ht != nil {
		tt.initialKgCO2ePerKWhTh = ht.initial
	}
	acc, impKW, expKW := s.AccountingKgCO2ePerKWh[:n], s.ImportKW[:n], s.ExportKW[:n]
	load, unserved := s.LoadKW[:n], s.UnservedKW[:n]
	// The origin's sums, local (in registers) until the end.
	var renServed, gridServed, renExported, gridExported, exportedKg float64
	var renToHeat, gridToHeat, renLosses, gridLosses float64
	for t := range n {
		f := acc[t]
		gen := 0.0 // GenerationKW's sum
		for _, pv := range s.PVKW {
			gen += pv[t]
		}
		for _, w := range s.WindKW {
			gen += w[t]
		}
		ren := gen * h
		imp := impKW[t] * h
		exp := expKW[t] * h
		clean := min(exp, ren)
		inKg := imp * f
		renIn, gridIn := ren-clean, imp
		if ht != nil {
			kg, kwh := ht.chpElectricity(t)
			inKg += kg
			gridIn += kwh
		}
		for b := range bats {
			bt := &bats[b]
			dis := bt.dis[t] * h
			bt.out = 0
			if dis > 0 && bt.stock > 0 {
				bt.out = bt.carbon * min(dis/bt.etaDis/bt.stock, 1)
			}
			inKg += bt.out
			bt.fr = 0 // renewable share of the stored energy; an empty battery holds grid energy
			if held := bt.renS + bt.gridS; held > emptyKWh {
				bt.fr = bt.renS / held
			}
			renIn += dis * bt.fr
			gridIn += dis * (1 - bt.fr)
		}
		m := busMix{servedKWh: (load[t] - unserved[t]) * h}
		if rest := renIn + gridIn; rest > emptyKWh {
			m.kgCO2ePerKWh, m.renewable, m.grid = inKg/rest, renIn/rest, gridIn/rest
		}
		renServed += m.renewable * m.servedKWh
		gridServed += m.grid * m.servedKWh
		renExported += clean + m.renewable*(exp-clean)
		gridExported += m.grid * (exp - clean)
		exportedKg += m.kgCO2ePerKWh * (exp - clean)
		if ht != nil {
			conv := s.ConvertersKW(t) * h
			renToHeat += m.renewable * conv
			gridToHeat += m.grid * conv
			ht.step(t, m.kgCO2ePerKWh*conv, &m)
		}
		for b := range bats {
			bt := &bats[b]
			ch := bt.ch[t] * h
			dis := bt.dis[t] * h
			bt.carbon += m.kgCO2ePerKWh*ch - bt.out
			// What is left of the stored energy keeps its origin mix;
			// the energy charged brings the bus's.
			stored := bt.etaCh * ch
			soc := bt.soc[t]
			kept := max(soc-stored, 0)
			r := bt.fr*kept + m.renewable*stored
			g := (1-bt.fr)*kept + m.grid*stored
			renLosses += m.renewable*ch - bt.fr*dis - (r - bt.renS)
			gridLosses += m.grid*ch - (1-bt.fr)*dis - (g - bt.gridS)
			bt.renS, bt.gridS = r, g
			bt.stock = soc
			if bt.stock <= emptyKWh {
				// Empty: any carbon left is rounding (or, with negative
				// factors, credit) with no energy to carry it. It moves to
				// the next kWh charged.
				bt.stock = 0
			}
		}
		if visit != nil {
			visit(t, m)
		}
	}
	o := &tt.origin
	o.RenewableServed, o.GridServed, o.RenewableExported, o.GridExported = renServed, gridServed, renExported, gridExported
	o.RenewableToHeat, o.GridToHeat, o.RenewableLosses, o.GridLosses = renToHeat, gridToHeat, renLosses, gridLosses
	tt.exportedKgCO2e = exportedKg
	endKg := 0.0
	for b := range bats {
		endKg += bats[b].carbon
		o.RenewableStoredChange += bats[b].renS
		o.GridStoredChange += bats[b].gridS - s.InitialSoCKWh[b]
	}
	tt.storedChangeKgCO2e = endKg - startKg
	if ht != nil {
		tt.heatStoredChangeKgCO2e = ht.storedChange()
	}
	return tt
}

// batteryTrace is one battery of traceBus: its series in the schedule
// (sliced to its length), its efficiencies, and what the trace carries
// from one interval to the next — the stored energy (stock, kWh; 0 when
// empty), its carbon (kgCO2e), the carbon a discharge takes out in the
// interval (out), the stored energy of renewable and of grid origin
// (renS, gridS, kWh) and the renewable share at the interval's start (fr).
type batteryTrace struct {
	ch, dis, soc                        []float64
	etaCh, etaDis                       float64
	stock, carbon, out, renS, gridS, fr float64
}

// heatTrace is the heat pool of traceBus: the thermal stores' contents
// and carbon, and what the fuels emit.
type heatTrace struct {
	p                  *model.Park
	s                  *Schedule
	fuels              []model.ResolvedFuel
	h                  float64
	initial            float64 // kgCO2e per kWh_th stored at the start
	stock, carbon, out []float64
	startKg            float64
}

// newHeatTrace is the heat pool of s, nil without heat.
func newHeatTrace(p *model.Park, s *Schedule) *heatTrace {
	if s.HeatLoadKWTh == nil {
		return nil
	}
	n := len(p.ThermalStorage)
	ht := &heatTrace{p: p, s: s, fuels: ResolveFuels(p), h: s.Step.Hours(),
		initial: heatStorageValue(p, scheduleHeatInputs(s), false),
		stock:   make([]float64, n), carbon: make([]float64, n), out: make([]float64, n)}
	for k := range p.ThermalStorage {
		ht.stock[k] = s.InitialHeatSoCKWhTh[k]
		ht.carbon[k] = ht.stock[k] * ht.initial
		ht.startKg += ht.carbon[k]
	}
	return ht
}

// chpShare is the share of a CHP unit's fuel carbon its electricity
// carries: its share of the energy it makes, η_el / (η_el + η_th).
func chpShare(c model.CHP) float64 {
	return c.ElectricEfficiencyLHV / (c.ElectricEfficiencyLHV + c.ThermalEfficiencyLHV)
}

// elecShare is the share of CHP unit c's fuel carbon in interval t that
// its electricity carries: chpShare, unless its heat dump rejected some of
// its heat, when the carbon is shared between the electricity and the heat
// delivered by their energy (all of it on the electricity when every kWh_th
// was dumped: the unit ran for its electricity).
func (ht *heatTrace) elecShare(c int, u model.CHP, t int) float64 {
	if d := ht.s.dumpedAt(c, t); d > 0 {
		e := ht.s.CHPKW[c][t]
		if q := math.Max(ht.s.CHPKWTh[c][t]-d, 0); e+q > 0 {
			return e / (e + q)
		}
	}
	return chpShare(u)
}

// chpElectricity is the CHP units' electricity in interval t (kWh) and
// the carbon it carries.
func (ht *heatTrace) chpElectricity(t int) (kg, kwh float64) {
	for c, u := range ht.p.CHP {
		kwh += ht.s.CHPKW[c][t] * ht.h
		kg += ht.s.CHPFuelKW[c][t] * ht.h * ht.fuels[len(ht.p.FuelBoilers)+c].KgCO2ePerKWhLHV * ht.elecShare(c, u, t)
	}
	return kg, kwh
}

// step mixes interval t's heat pool, given the carbon convKg the
// converters' electricity brought, sets m's heat figures and moves the
// stores' carbon.
func (ht *heatTrace) step(t int, convKg float64, m *busMix) {
	s, h := ht.s, ht.h
	inKg := convKg
	for f := range ht.p.FuelBoilers {
		inKg += s.FuelBoilerFuelKW[f][t] * h * ht.fuels[f].KgCO2ePerKWhLHV
	}
	for c, u := range ht.p.CHP {
		inKg += s.CHPFuelKW[c][t] * h * ht.fuels[len(ht.p.FuelBoilers)+c].KgCO2ePerKWhLHV * (1 - ht.elecShare(c, u, t))
	}
	for k := range ht.p.PurchasedHeat {
		inKg += s.PurchasedHeatKWTh[k][t] * h * s.PurchasedHeatKgCO2ePerKWhTh[k][t]
	}
	for k := range ht.p.ThermalStorage {
		dis := s.HeatDischargeKWTh[k][t] * h
		ht.out[k] = 0
		if dis > 0 && ht.stock[k] > 0 {
			ht.out[k] = ht.carbon[k] * math.Min(dis/ht.stock[k], 1)
		}
		inKg += ht.out[k]
	}
	m.heatServedKWhTh = (s.HeatLoadKWTh[t] - s.UnservedHeatKWTh[t]) * h
	if supply := s.HeatSupplyKWTh(t) * h; supply > emptyKWh {
		m.heatKgCO2ePerKWhTh = inKg / supply
	}
	for k := range ht.p.ThermalStorage {
		ht.carbon[k] += m.heatKgCO2ePerKWhTh*s.HeatChargeKWTh[k][t]*h - ht.out[k]
		ht.stock[k] = s.HeatSoCKWhTh[k][t]
		if ht.stock[k] <= emptyKWh {
			ht.stock[k] = 0
		}
	}
}

// storedChange is the stores' carbon at the end less at the start.
func (ht *heatTrace) storedChange() float64 {
	end := 0.0
	for _, c := range ht.carbon {
		end += c
	}
	return end - ht.startKg
}

// RenewableServedKWh is, per interval of schedule s of park p, the
// renewable content of the load served (kWh), traced through the
// batteries as the ledger traces it ([Account], [EnergyOrigin]): its sum
// is Report.Energy.RenewableServed. For plots and reports over part of a
// period.
func RenewableServedKWh(p *model.Park, s *Schedule) ([]float64, error) {
	if err := s.Validate(p); err != nil {
		return nil, fmt.Errorf("renewable served: %w", err)
	}
	out := make([]float64, s.Len)
	traceBus(p, s, func(t int, m busMix) { out[t] = m.renewable * m.servedKWh })
	return out, nil
}

// RenewableUsedKWh is, per interval of schedule s of park p, the
// electricity used — the load served and, with heat, what the heat pumps
// and electric boilers drew (kWh) — and its renewable content, traced as
// the ledger traces it: their sums over the period are Report.Energy.Used()
// and RenewableServed + RenewableToHeat, whose ratio is the renewable
// share. For plots and reports over part of a period.
func RenewableUsedKWh(p *model.Park, s *Schedule) (renewable, used []float64, err error) {
	if err := s.Validate(p); err != nil {
		return nil, nil, fmt.Errorf("renewable used: %w", err)
	}
	renewable, used = make([]float64, s.Len), make([]float64, s.Len)
	h := s.Step.Hours()
	traceBus(p, s, func(t int, m busMix) {
		u := m.servedKWh + s.ConvertersKW(t)*h
		renewable[t], used[t] = m.renewable*u, u
	})
	return renewable, used, nil
}
