package serve

import (
	"time"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// MeasurementsOf are intervals [from, to) of prof as the park's meters
// would have reported them: every load, every PV array's and wind
// turbine's available power, and the signals the park file gives as
// columns (a signal it sets as a constant or a time-of-use table is not
// measured); for a park with heat every heat load and the COP of every
// heat pump with a COP model (prof holds the COPs its temperature column
// gave). A series file becomes a new server's history this way
// (Config.Seed).
func MeasurementsOf(p *model.Park, prof *model.Profiles, from, to int) []live.Measurement {
	g := p.Grid
	carbon := g.DispatchCarbon.Column != ""
	accounting := g.AccountingCarbon != nil && g.AccountingCarbon.Column != ""
	importPrice := g.ImportPrice != nil && g.ImportPrice.Column != ""
	exportPrice := g.ExportPrice != nil && g.ExportPrice.Column != ""
	out := make([]live.Measurement, 0, max(to-from, 0))
	for k := from; k < to; k++ {
		m := live.Measurement{Start: prof.Start.Add(time.Duration(k) * prof.Step)}
		if len(p.Loads) > 0 {
			m.LoadKW = make(map[string]float64, len(p.Loads))
		}
		for i, l := range p.Loads {
			m.LoadKW[l.Name] = prof.LoadKW[i][k]
		}
		if len(p.PV) > 0 {
			m.PVAvailableKW = make(map[string]float64, len(p.PV))
		}
		for i, a := range p.PV {
			m.PVAvailableKW[a.Name] = prof.PVAvailKW[i][k]
		}
		if len(p.Wind) > 0 {
			m.WindAvailableKW = make(map[string]float64, len(p.Wind))
		}
		for j, w := range p.Wind {
			m.WindAvailableKW[w.Name] = prof.WindAvailKW[j][k]
		}
		if carbon {
			m.DispatchKgCO2ePerKWh = live.Value(prof.DispatchKgCO2ePerKWh[k])
		}
		if accounting {
			m.AccountingKgCO2ePerKWh = live.Value(prof.AccountingKgCO2ePerKWh[k])
		}
		if importPrice {
			m.ImportPricePerKWh = live.Value(prof.ImportPricePerKWh[k])
		}
		if exportPrice {
			m.ExportPricePerKWh = live.Value(prof.ExportPricePerKWh[k])
		}
		if p.HasHeat() {
			heatOf(p, prof, k, &m)
		}
		out = append(out, m)
	}
	return out
}

// heatOf puts interval k of prof's heat side into m: the heat loads and
// the COPs of the heat pumps with a COP model (a constant COP is known).
func heatOf(p *model.Park, prof *model.Profiles, k int, m *live.Measurement) {
	if len(p.HeatLoads) > 0 {
		m.HeatLoadKWTh = make(map[string]float64, len(p.HeatLoads))
	}
	for i, h := range p.HeatLoads {
		m.HeatLoadKWTh[h.Name] = prof.HeatLoadKWTh[i][k]
	}
	for j, h := range p.HeatPumps {
		if h.COPModel == nil {
			continue
		}
		if m.HeatPumpCOP == nil {
			m.HeatPumpCOP = map[string]float64{}
		}
		m.HeatPumpCOP[h.Name] = prof.HeatPumpCOP[j][k]
	}
}
