package plan

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Tech is a technology whose capacity a plan may add.
type Tech int

// The technologies, in the order of [model.CapacityCosts].
const (
	TechPV             Tech = iota // PV, kWp
	TechWind                       // wind, kW rated
	TechBatteryEnergy              // battery energy, kWh
	TechBatteryPower               // battery power (charge and discharge), kW
	TechHeatPump                   // heat pump, kW_th of heat out
	TechThermalStorage             // thermal storage, kWh_th (with model.AddedStoreKWThPerKWhTh of power)
	TechElectricBoiler             // electric boiler, kW_th of heat out
	TechCHP                        // CHP, kW of electricity out (its heat follows at η_th/η_el)
	TechFuelBoiler                 // fuel boiler, kW_th of heat out
	TechGrid                       // the grid connection's import limit, kW (economics.grid_connection)
	numTechs
)

// Techs lists the technologies in report order.
func Techs() []Tech {
	return []Tech{TechPV, TechWind, TechBatteryEnergy, TechBatteryPower, TechHeatPump, TechThermalStorage, TechElectricBoiler, TechCHP, TechFuelBoiler, TechGrid}
}

func (t Tech) String() string {
	switch t {
	case TechPV:
		return "pv"
	case TechWind:
		return "wind"
	case TechBatteryEnergy:
		return "battery_energy"
	case TechBatteryPower:
		return "battery_power"
	case TechHeatPump:
		return "heat_pump"
	case TechThermalStorage:
		return "thermal_storage"
	case TechElectricBoiler:
		return "electric_boiler"
	case TechCHP:
		return "chp"
	case TechFuelBoiler:
		return "fuel_boiler"
	case TechGrid:
		return "grid"
	}
	return fmt.Sprintf("Tech(%d)", int(t))
}

// Unit is the unit the technology's capacity is counted in.
func (t Tech) Unit() string {
	switch t {
	case TechPV:
		return "kWp"
	case TechBatteryEnergy:
		return "kWh"
	case TechHeatPump, TechElectricBoiler, TechFuelBoiler:
		return "kW_th"
	case TechThermalStorage:
		return "kWh_th"
	}
	return "kW"
}

// key is the economics key of the technology's bound, for messages.
func (t Tech) key() string {
	switch t {
	case TechPV:
		return "economics.pv.max_total_kwp"
	case TechWind:
		return "economics.wind.max_total_kw"
	case TechBatteryEnergy:
		return "economics.battery.max_total_kwh"
	case TechHeatPump:
		return "economics.heat_pump.max_total_kw_th"
	case TechThermalStorage:
		return "economics.thermal_storage.max_total_kwh_th"
	case TechElectricBoiler:
		return "economics.electric_boiler.max_total_kw_th"
	case TechCHP:
		return "economics.chp.max_total_kw"
	case TechFuelBoiler:
		return "economics.fuel_boiler.max_total_kw_th"
	case TechGrid:
		return "economics.grid_connection.max_total_kw"
	}
	return "economics.battery.max_total_kw"
}

// techCosts picks the technology's resolved economics.
func techCosts(c *model.CapacityCosts, t Tech) model.TechCosts {
	switch t {
	case TechPV:
		return c.PV
	case TechWind:
		return c.Wind
	case TechBatteryEnergy:
		return c.BatteryEnergy
	case TechHeatPump:
		return c.HeatPump
	case TechThermalStorage:
		return c.ThermalStorage
	case TechElectricBoiler:
		return c.ElectricBoiler
	case TechCHP:
		return c.CHP
	case TechFuelBoiler:
		return c.FuelBoiler
	case TechGrid:
		return c.Grid
	}
	return c.BatteryPower
}

// candidate is one capacity column (Model.col.add, in the same order):
// added capacity of one existing asset.
type candidate struct {
	tech  Tech
	asset int // index in the park's PV, Wind, Batteries, HeatPumps, ThermalStorage, ElectricBoilers, CHP or FuelBoilers; 0 for the grid
	name  string
	// pooled are the later PV arrays (turbines) with the same availability
	// per unit as asset: they get no column of their own, capacity added
	// to asset standing for capacity added to any of them.
	pooled []int
}

// input is the park and its data, checked and resolved once.
type input struct {
	park  *model.Park // a copy; the caller's park is never changed
	costs *model.CapacityCosts
	prof  *model.Profiles // today's park, the full series
	// unitPV[i] and unitWind[j] are the availability per kWp or kW
	// installed of each PV array and turbine (kW per kW), full series.
	unitPV, unitWind [][]float64
	cands            []candidate
}

// prepare checks the park, its economics and the series, resolves the
// profiles and the availability per unit installed, and lists the
// candidates.
func prepare(p *model.Park, set *model.SeriesSet) (*input, error) {
	if p == nil || set == nil {
		return nil, inputErr("park", nil, "a park and its series are needed")
	}
	park := copyPark(p)
	prof, err := model.Resolve(park, set)
	if err != nil {
		return nil, err
	}
	costs, err := park.CapacityCosts()
	if err != nil {
		return nil, err
	}
	// Availability per unit: the same park with every capacity 1, so an
	// asset of capacity 0 (a placeholder for a candidate) has one too.
	// Without its economics, which the capacities of 1 could break: a
	// turbine site with room for one unit (0 kW today, max_total_kw =
	// unit_kw) leaves less than a unit above 1 kW, "no whole unit fits".
	unit := copyPark(park)
	unit.Economics = nil
	for i := range unit.PV {
		unit.PV[i].CapacityKWp = 1
	}
	for j := range unit.Wind {
		unit.Wind[j].CapacityKW = 1
	}
	uprof, err := model.Resolve(unit, set)
	if err != nil {
		return nil, err
	}
	in := &input{park: park, costs: costs, prof: prof, unitPV: uprof.PVAvailKW, unitWind: uprof.WindAvailKW}
	if err := in.listCandidates(p); err != nil {
		return nil, err
	}
	return in, nil
}

// listCandidates makes one capacity column per asset of each candidate
// technology; a candidate technology without an asset to extend is an
// error, placed at its max_total key in the file the caller's park was
// read from (in.park is a copy, which has no file: read holds that park).
// Only plan refuses such a candidate: run and sweep never extend an asset,
// so [model.Park.Validate] lets it pass.
func (in *input) listCandidates(read *model.Park) error {
	p := in.park
	var errs []error
	for _, t := range Techs() {
		tc := techCosts(in.costs, t)
		if !tc.Candidate() {
			continue
		}
		var names []string
		var what string
		switch t {
		case TechGrid:
			names = []string{gridAsset} // the park's one connection: nothing to extend
		case TechPV:
			for _, a := range p.PV {
				names = append(names, a.Name)
			}
			what = "no PV array to take the availability of added PV from: add one with capacity_kwp 0 and its availability column or weather"
		case TechWind:
			for _, a := range p.Wind {
				names = append(names, a.Name)
			}
			what = "no wind turbine to take the availability of added wind from: add one with capacity_kw 0 and its availability column or weather"
		case TechHeatPump:
			for _, a := range p.HeatPumps {
				names = append(names, a.Name)
			}
			what = "no heat pump to take the COP of added heat pumps from: add one with capacity_kw_th 0 and its cop or cop_model"
		case TechThermalStorage:
			for _, a := range p.ThermalStorage {
				names = append(names, a.Name)
			}
			what = "no thermal store whose state-of-charge limits and standing loss added storage would have: add one with energy_kwh_th, max_charge_kw_th and max_discharge_kw_th 0"
		case TechElectricBoiler:
			for _, a := range p.ElectricBoilers {
				names = append(names, a.Name)
			}
			what = "no electric boiler to take the efficiency of added electric boilers from: add one with capacity_kw_th 0 and its efficiency"
		case TechCHP:
			for _, a := range p.CHP {
				names = append(names, a.Name)
			}
			what = "no CHP to take the efficiencies and fuel of added CHP from: add one with capacity_kw 0, its electric_efficiency_lhv, thermal_efficiency_lhv and fuel"
		case TechFuelBoiler:
			for _, a := range p.FuelBoilers {
				names = append(names, a.Name)
			}
			what = "no fuel boiler to take the efficiency and fuel of added fuel boilers from: add one with capacity_kw_th 0, its efficiency_lhv and fuel"
		default:
			for _, a := range p.Batteries {
				names = append(names, a.Name)
			}
			what = "no battery whose efficiencies and state-of-charge limits added storage would have: add one with energy_kwh, max_charge_kw and max_discharge_kw 0"
		}
		if len(names) == 0 {
			e := inputErr(t.key(), tc.MaxTotal, "the park has "+what)
			e.File, e.Line, e.Col = read.KeyPosition(t.key())
			errs = append(errs, e)
			continue
		}
		first := len(in.cands)
		for i, n := range names {
			if j := in.sameAsEarlier(t, i); j >= 0 {
				for c := first; c < len(in.cands); c++ {
					if in.cands[c].asset == j {
						in.cands[c].pooled = append(in.cands[c].pooled, i)
					}
				}
				continue
			}
			in.cands = append(in.cands, candidate{tech: t, asset: i, name: n})
		}
	}
	return errors.Join(errs...)
}

// gridAsset names the grid connection's candidate (Addition.Asset).
const gridAsset = "grid"

// sameAsEarlier is the first earlier PV array or turbine with the same
// availability per unit as i, or −1: capacity added to either does the
// same, so only the first gets a column (two would make the LP
// degenerate, and cost a row per step each).
func (in *input) sameAsEarlier(t Tech, i int) int {
	var unit [][]float64
	switch t {
	case TechPV:
		unit = in.unitPV
	case TechWind:
		unit = in.unitWind
	default:
		return -1
	}
	for j := range i {
		if slices.Equal(unit[j], unit[i]) {
			return j
		}
	}
	return -1
}

// copyPark is p.Clone(): a design park, a pathway's milestone park and
// the Model's own copy share nothing with the park they came from, so a
// caller may edit any of them (QA, 2026-12-04: a design's economics,
// price table and weather models were the caller's park's, and editing
// one edited the other and every design).
func copyPark(p *model.Park) *model.Park { return p.Clone() }

// segment is one stretch of the LP's dispatch: the full series, or one
// representative period.
type segment struct {
	blk  *dispatch.Block
	prof *model.Profiles // its data, today's capacities
	// unitPV and unitWind are the availability per unit over the segment.
	unitPV, unitWind [][]float64
	weight           float64 // how many times it counts in annual sums
	// stretched: one step of blk stands for each member's len calendar
	// steps (a chronological slice), not one step each.
	stretched bool
	// members are the calendar stretches it stands for.
	members []member
}

// member is one calendar stretch a segment stands for: steps
// [start, start+len) of the series.
type member struct {
	period, start, len int
}

// monthIndex numbers the calendar months of a series from its start, in
// the clock of the series (as the ledger does): step s lies in month
// months[s].
func monthIndex(start time.Time, step time.Duration, n int) (months []int, count int) {
	months = make([]int, n)
	first := start.Year()*12 + int(start.Month()) - 1
	for s := range n {
		t := start.Add(time.Duration(s) * step)
		months[s] = t.Year()*12 + int(t.Month()) - 1 - first
	}
	if n > 0 {
		count = months[n-1] + 1
	}
	return months, count
}
