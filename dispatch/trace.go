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
// and RenewableServed + GridServed is the load served.
type EnergyOrigin struct {
	RenewableServed float64 `json:"renewable_served"`
	GridServed      float64 `json:"grid_served"`
	// Exported energy is taken from the interval's renewable generation
	// first; any beyond it carries the bus mix.
	RenewableExported float64 `json:"renewable_exported"`
	GridExported      float64 `json:"grid_exported"`
	// StoredChange is the stored energy of each origin at the end less at
	// the start (kWh stored).
	RenewableStoredChange float64 `json:"renewable_stored_change"`
	GridStoredChange      float64 `json:"grid_stored_change"`
	// Losses are the battery losses (conversion and self-discharge) of
	// each origin: energy charged less energy discharged less the change
	// in stored energy.
	RenewableLosses float64 `json:"renewable_losses"`
	GridLosses      float64 `json:"grid_losses"`
}

// busMix is what one kWh drawn from the bus in an interval carries
// (served load, battery charge, export beyond the renewables).
type busMix struct {
	kgCO2ePerKWh float64 // carbon
	renewable    float64 // fraction of on-site renewable origin
	grid         float64 // fraction of grid origin; renewable + grid = 1
	servedKWh    float64 // load served in the interval
}

// traceTotals are a traced period's totals.
type traceTotals struct {
	origin              EnergyOrigin
	storedChangeKgCO2e  float64
	exportedKgCO2e      float64
	initialKgCO2ePerKWh float64
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
func traceBus(p *model.Park, s *Schedule, visit func(t int, m busMix)) traceTotals {
	h := s.Step.Hours()
	var tt traceTotals
	tt.initialKgCO2ePerKWh = mean(s.AccountingKgCO2ePerKWh[:s.Len])
	nb := len(p.Batteries)
	buf := make([]float64, 6*nb)
	stock, carbon, out := buf[:nb], buf[nb:2*nb], buf[2*nb:3*nb]
	renS, gridS, fr := buf[3*nb:4*nb], buf[4*nb:5*nb], buf[5*nb:]
	startKg := 0.0
	for b := range p.Batteries {
		stock[b] = s.InitialSoCKWh[b]
		carbon[b] = stock[b] * tt.initialKgCO2ePerKWh
		startKg += carbon[b]
		gridS[b] = stock[b]
	}
	o := &tt.origin
	for t := 0; t < s.Len; t++ {
		f := s.AccountingKgCO2ePerKWh[t]
		ren := s.GenerationKW(t) * h
		imp := s.ImportKW[t] * h
		exp := s.ExportKW[t] * h
		clean := math.Min(exp, ren)
		inKg := imp * f
		renIn, gridIn := ren-clean, imp
		for b, bat := range p.Batteries {
			dis := s.DischargeKW[b][t] * h
			out[b] = 0
			if dis > 0 && stock[b] > 0 {
				out[b] = carbon[b] * math.Min(dis/bat.DischargeEfficiency/stock[b], 1)
			}
			inKg += out[b]
			fr[b] = 0 // renewable share of the stored energy; an empty battery holds grid energy
			if held := renS[b] + gridS[b]; held > emptyKWh {
				fr[b] = renS[b] / held
			}
			renIn += dis * fr[b]
			gridIn += dis * (1 - fr[b])
		}
		m := busMix{servedKWh: (s.LoadKW[t] - s.UnservedKW[t]) * h}
		if rest := renIn + gridIn; rest > emptyKWh {
			m.kgCO2ePerKWh, m.renewable, m.grid = inKg/rest, renIn/rest, gridIn/rest
		}
		o.RenewableServed += m.renewable * m.servedKWh
		o.GridServed += m.grid * m.servedKWh
		o.RenewableExported += clean + m.renewable*(exp-clean)
		o.GridExported += m.grid * (exp - clean)
		tt.exportedKgCO2e += m.kgCO2ePerKWh * (exp - clean)
		for b, bat := range p.Batteries {
			ch := s.ChargeKW[b][t] * h
			dis := s.DischargeKW[b][t] * h
			carbon[b] += m.kgCO2ePerKWh*ch - out[b]
			// What is left of the stored energy keeps its origin mix;
			// the energy charged brings the bus's.
			stored := bat.ChargeEfficiency * ch
			kept := math.Max(s.SoCKWh[b][t]-stored, 0)
			r := fr[b]*kept + m.renewable*stored
			g := (1-fr[b])*kept + m.grid*stored
			o.RenewableLosses += m.renewable*ch - fr[b]*dis - (r - renS[b])
			o.GridLosses += m.grid*ch - (1-fr[b])*dis - (g - gridS[b])
			renS[b], gridS[b] = r, g
			stock[b] = s.SoCKWh[b][t]
			if stock[b] <= emptyKWh {
				// Empty: any carbon left is rounding (or, with negative
				// factors, credit) with no energy to carry it. It moves to
				// the next kWh charged.
				stock[b] = 0
			}
		}
		if visit != nil {
			visit(t, m)
		}
	}
	endKg := 0.0
	for b := range p.Batteries {
		endKg += carbon[b]
		o.RenewableStoredChange += renS[b]
		o.GridStoredChange += gridS[b] - s.InitialSoCKWh[b]
	}
	tt.storedChangeKgCO2e = endKg - startKg
	return tt
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
