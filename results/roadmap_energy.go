package results

import (
	"fmt"

	"github.com/zeropark/zeropark/dispatch"
)

// DesignEnergy is a design's energy a year, from the ledger of its own
// schedule (plan.Design.Report, dispatch.Report) × 8760 h / the period's
// hours: what a planner needs to check a design's imports, renewables,
// batteries, CHP and boilers without running its park again. Electricity
// is in kWh, heat in kWh_th, fuel in kWh of its lower heating value.
//
// The electricity balances (simulated periods; a live ledger's state of
// charge correction aside):
//
//	GridImport − GridExport + PV + Wind + CHP − BatteryLosses − BatteryStoredChange
//	  = LoadServed + HeatPumpElectricity + ElectricBoilerElectricity
//
// and the heat:
//
//	HeatPumpHeat + ElectricBoilerHeat + FuelBoilerHeat + CHPHeat − CHPDumpedHeat
//	  + PurchasedHeat − ThermalStorageLosses − ThermalStoredChange = HeatServed
type DesignEnergy struct {
	// LoadServedKWhPerYear is the electric load served (load less
	// unserved; the heat converters' electricity apart).
	LoadServedKWhPerYear float64 `json:"load_served_kwh_per_year"`
	// GridImportKWhPerYear and GridExportKWhPerYear are the energy taken
	// from and sent to the grid.
	GridImportKWhPerYear float64 `json:"grid_import_kwh_per_year"`
	GridExportKWhPerYear float64 `json:"grid_export_kwh_per_year"`
	// PVKWhPerYear and WindKWhPerYear are delivered, net of curtailment;
	// CurtailedKWhPerYear is the renewable energy available and not taken.
	PVKWhPerYear        float64 `json:"pv_kwh_per_year"`
	WindKWhPerYear      float64 `json:"wind_kwh_per_year"`
	CurtailedKWhPerYear float64 `json:"curtailed_kwh_per_year"`
	// BatteryLossesKWhPerYear are the batteries' conversion and
	// self-discharge losses; BatteryStoredChangeKWhPerYear what they
	// ended the period with less what they started with (0 when the plan
	// treats storage as cyclic).
	BatteryLossesKWhPerYear       float64 `json:"battery_losses_kwh_per_year"`
	BatteryStoredChangeKWhPerYear float64 `json:"battery_stored_change_kwh_per_year"`
	// CHPKWhPerYear is the CHP units' electricity;
	// HeatPumpElectricityKWhPerYear and
	// ElectricBoilerElectricityKWhPerYear what the heat pumps and electric
	// boilers drew (0 on a park without heat).
	CHPKWhPerYear                       float64 `json:"chp_kwh_per_year"`
	HeatPumpElectricityKWhPerYear       float64 `json:"heat_pump_electricity_kwh_per_year"`
	ElectricBoilerElectricityKWhPerYear float64 `json:"electric_boiler_electricity_kwh_per_year"`
	// FuelKWhLHVPerYear is every fuel burnt, fuel boilers and CHP.
	FuelKWhLHVPerYear float64 `json:"fuel_kwh_lhv_per_year"`
	// HeatServedKWhThPerYear is the heat served; HeatPumpHeatKWhThPerYear,
	// ElectricBoilerHeatKWhThPerYear, FuelBoilerHeatKWhThPerYear and
	// CHPHeatKWhThPerYear the heat made by each kind of source.
	HeatServedKWhThPerYear         float64 `json:"heat_served_kwh_th_per_year"`
	HeatPumpHeatKWhThPerYear       float64 `json:"heat_pump_heat_kwh_th_per_year"`
	ElectricBoilerHeatKWhThPerYear float64 `json:"electric_boiler_heat_kwh_th_per_year"`
	FuelBoilerHeatKWhThPerYear     float64 `json:"fuel_boiler_heat_kwh_th_per_year"`
	CHPHeatKWhThPerYear            float64 `json:"chp_heat_kwh_th_per_year"`
	// CHPDumpedHeatKWhThPerYear is the part of CHPHeat… the CHP units'
	// heat dumps rejected (made, not delivered; 0 without a dump).
	CHPDumpedHeatKWhThPerYear float64 `json:"chp_dumped_heat_kwh_th_per_year"`
	// PurchasedHeatKWhThPerYear is the heat bought;
	// ThermalStorageLossesKWhThPerYear and ThermalStoredChangeKWhThPerYear the
	// thermal stores' standing losses and change in content.
	PurchasedHeatKWhThPerYear        float64 `json:"purchased_heat_kwh_th_per_year"`
	ThermalStorageLossesKWhThPerYear float64 `json:"thermal_storage_losses_kwh_th_per_year"`
	ThermalStoredChangeKWhThPerYear  float64 `json:"thermal_stored_change_kwh_th_per_year"`
}

// DesignEnergyOf is the energy a year of a design whose ledger over a
// period of years years (8760 h each) is r; nil when r is nil or years
// is not above 0 (no period: nothing to scale).
func DesignEnergyOf(r *dispatch.Report, years float64) *DesignEnergy {
	if r == nil || !(years > 0) {
		return nil
	}
	e := &r.Energy
	d := &DesignEnergy{
		LoadServedKWhPerYear:          e.Served / years,
		GridImportKWhPerYear:          e.Import / years,
		GridExportKWhPerYear:          e.Export / years,
		PVKWhPerYear:                  e.PV / years,
		WindKWhPerYear:                e.Wind / years,
		CurtailedKWhPerYear:           e.Curtailed / years,
		BatteryLossesKWhPerYear:       e.BatteryLosses / years,
		BatteryStoredChangeKWhPerYear: e.StoredChange / years,
	}
	h := r.Heat
	if h == nil {
		return d
	}
	d.CHPKWhPerYear = h.CHPElectricityKWh / years
	d.HeatPumpElectricityKWhPerYear = h.HeatPumpElectricityKWh / years
	d.ElectricBoilerElectricityKWhPerYear = h.ElectricBoilerElectricityKWh / years
	for _, f := range h.Fuels {
		d.FuelKWhLHVPerYear += f.KWhLHV / years
	}
	d.HeatServedKWhThPerYear = h.ServedKWhTh / years
	d.HeatPumpHeatKWhThPerYear = h.HeatPumpKWhTh / years
	d.ElectricBoilerHeatKWhThPerYear = h.ElectricBoilerKWhTh / years
	d.FuelBoilerHeatKWhThPerYear = h.FuelBoilerKWhTh / years
	d.CHPHeatKWhThPerYear = h.CHPKWhTh / years
	d.CHPDumpedHeatKWhThPerYear = h.CHPDumpedKWhTh / years
	d.PurchasedHeatKWhThPerYear = h.PurchasedKWhTh / years
	d.ThermalStorageLossesKWhThPerYear = h.StoreLossesKWhTh / years
	d.ThermalStoredChangeKWhThPerYear = h.StoredChangeKWhTh / years
	return d
}

// energyCol is a number column of roadmap.csv read from the design's
// energy (RoadmapRow.Energy): empty when that is not known (a row read
// from a file written before these columns), and a cell that is not
// empty makes one. A row must give every energy column or none
// ([checkEnergyCells]); a file may lack them as [energyHeaderOK] allows.
func energyCol(name, doc string, f func(*DesignEnergy) *float64) roadmapCol {
	return numPartCol(name, doc, func(r *RoadmapRow) **DesignEnergy { return &r.Energy }, f)
}

// numPartCol is a number column of roadmap.csv read from a part of the
// row (*P, nil when not known), optional on read: f gives the field.
func numPartCol[P any](name, doc string, part func(r *RoadmapRow) **P, f func(*P) *float64) roadmapCol {
	return optionalOnRead(partCol(name, doc, part,
		func(e *P) string { return FormatNumber(*f(e)) },
		func(e *P, s string) error { return parseNumber(s, f(e)) }))
}

// energyCols are roadmap.csv's columns of [DesignEnergy], in its order;
// built once, shared by the layout, the optional names and [energyColumn].
var energyCols = []roadmapCol{
	energyCol("load_served_kwh_per_year", "electric load served, kWh per year (the heat converters' electricity apart): the energy columns balance as grid_import − grid_export + pv + wind + chp − battery_losses − battery_stored_change = load_served + heat_pump_electricity + electric_boiler_electricity (all per year; empty in a file written before them)",
		func(e *DesignEnergy) *float64 { return &e.LoadServedKWhPerYear }),
	energyCol("grid_import_kwh_per_year", "energy imported from the grid, kWh per year", func(e *DesignEnergy) *float64 { return &e.GridImportKWhPerYear }),
	energyCol("grid_export_kwh_per_year", "energy exported to the grid, kWh per year", func(e *DesignEnergy) *float64 { return &e.GridExportKWhPerYear }),
	energyCol("pv_kwh_per_year", "PV energy delivered (net of curtailment), kWh per year", func(e *DesignEnergy) *float64 { return &e.PVKWhPerYear }),
	energyCol("wind_kwh_per_year", "wind energy delivered (net of curtailment), kWh per year", func(e *DesignEnergy) *float64 { return &e.WindKWhPerYear }),
	energyCol("curtailed_kwh_per_year", "PV and wind energy available and curtailed, kWh per year", func(e *DesignEnergy) *float64 { return &e.CurtailedKWhPerYear }),
	energyCol("battery_losses_kwh_per_year", "battery conversion and self-discharge losses, kWh per year", func(e *DesignEnergy) *float64 { return &e.BatteryLossesKWhPerYear }),
	energyCol("battery_stored_change_kwh_per_year", "energy the batteries end the period with less what they start with, kWh per year (0 with cyclic storage)", func(e *DesignEnergy) *float64 { return &e.BatteryStoredChangeKWhPerYear }),
	energyCol("chp_kwh_per_year", "CHP electricity, kWh per year (0 on a park without heat)", func(e *DesignEnergy) *float64 { return &e.CHPKWhPerYear }),
	energyCol("heat_pump_electricity_kwh_per_year", "electricity the heat pumps draw, kWh per year", func(e *DesignEnergy) *float64 { return &e.HeatPumpElectricityKWhPerYear }),
	energyCol("electric_boiler_electricity_kwh_per_year", "electricity the electric boilers draw, kWh per year", func(e *DesignEnergy) *float64 { return &e.ElectricBoilerElectricityKWhPerYear }),
	energyCol("fuel_kwh_lhv_per_year", "fuel burnt by fuel boilers and CHP, kWh (lower heating value) per year", func(e *DesignEnergy) *float64 { return &e.FuelKWhLHVPerYear }),
	energyCol("heat_served_kwh_th_per_year", "heat load served, kWh_th per year: heat_pump_heat + electric_boiler_heat + fuel_boiler_heat + chp_heat − chp_dumped_heat + purchased_heat − thermal_storage_losses − thermal_stored_change",
		func(e *DesignEnergy) *float64 { return &e.HeatServedKWhThPerYear }),
	energyCol("heat_pump_heat_kwh_th_per_year", "heat the heat pumps make, kWh_th per year", func(e *DesignEnergy) *float64 { return &e.HeatPumpHeatKWhThPerYear }),
	energyCol("electric_boiler_heat_kwh_th_per_year", "heat the electric boilers make, kWh_th per year", func(e *DesignEnergy) *float64 { return &e.ElectricBoilerHeatKWhThPerYear }),
	energyCol("fuel_boiler_heat_kwh_th_per_year", "heat the fuel boilers make, kWh_th per year", func(e *DesignEnergy) *float64 { return &e.FuelBoilerHeatKWhThPerYear }),
	energyCol("chp_heat_kwh_th_per_year", "heat the CHP units make, kWh_th per year", func(e *DesignEnergy) *float64 { return &e.CHPHeatKWhThPerYear }),
	energyCol(colCHPDumpedHeat, "the part of chp_heat the CHP units' heat dumps reject (made, not delivered), kWh_th per year (0 without a dump; read as 0 from a file written before it, when no CHP could dump)",
		func(e *DesignEnergy) *float64 { return &e.CHPDumpedHeatKWhThPerYear }),
	energyCol("purchased_heat_kwh_th_per_year", "heat bought, kWh_th per year", func(e *DesignEnergy) *float64 { return &e.PurchasedHeatKWhThPerYear }),
	energyCol("thermal_storage_losses_kwh_th_per_year", "the thermal stores' standing losses, kWh_th per year", func(e *DesignEnergy) *float64 { return &e.ThermalStorageLossesKWhThPerYear }),
	energyCol("thermal_stored_change_kwh_th_per_year", "heat the thermal stores end the period with less what they start with, kWh_th per year (0 with cyclic storage)",
		func(e *DesignEnergy) *float64 { return &e.ThermalStoredChangeKWhThPerYear }),
}

// energyColumn holds the names of [energyCols].
var energyColumn = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range energyCols {
		m[c.name] = true
	}
	return m
}()

// colCHPDumpedHeat is the energy column added after the others (with
// model.CHP.HeatDumpKWTh): a file written before it, when no CHP could
// dump, reads it as 0.
const colCHPDumpedHeat = "chp_dumped_heat_kwh_th_per_year"

// energyHeaderOK reports whether a roadmap.csv or frontier.csv header
// (its optional columns aside) holds the energy columns as some zeropark
// wrote them: all of them, none (written before them: not known), or all
// but chp_dumped_heat_kwh_th_per_year (written before heat dumps). Any
// other subset would read the columns it lacks as 0, a wrong number.
func energyHeaderOK(header []string) bool {
	n, dump := 0, false
	for _, h := range header {
		if energyColumn[h] {
			n++
			dump = dump || h == colCHPDumpedHeat
		}
	}
	return n == 0 || n == len(energyCols) || (n == len(energyCols)-1 && !dump)
}

// checkEnergyCells refuses a row of roadmap.csv or frontier.csv that
// gives some of its energy columns and leaves others empty: a design's
// energy is known in full or not at all, and an empty cell read as 0 would
// be a wrong number. header names the file's columns, rec is the row.
func checkEnergyCells(header, rec []string, name string, line int) error {
	var given, empty string
	for j, col := range header {
		if !energyColumn[col] {
			continue
		}
		if rec[j] == "" {
			if empty == "" {
				empty = col
			}
		} else if given == "" {
			given = col
		}
	}
	if given != "" && empty != "" {
		return &FileError{File: name, Line: line, Column: empty, Value: "",
			Reason: fmt.Sprintf("empty while %s is given: a design's energy columns are all given or all empty", given)}
	}
	return nil
}
