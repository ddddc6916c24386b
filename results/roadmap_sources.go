package results

import (
	"github.com/zeropark/zeropark/dispatch"
)

// DesignSources split a design's residual and consumption a year by
// carrier, from the ledger of its own schedule, so that its stage
// indicators can be recomputed by hand on a park with heat and several
// fuels (QA, 2026-12-05: one fuel total could not be split):
//
//	residual_tco2e_per_year  = grid_tco2e + fuel_tco2e + purchased_heat_tco2e
//	consumption_tce_per_year = electricity_tce + fuel_tce + purchased_heat_tce
//	carbon_tco2_per_tce      = residual / consumption
//	clean_share_fraction     = clean_tce / consumption   (at most 1)
//
// electricity_tce is the GB/T 2589 electricity consumption (import +
// renewable − export) × 0.1229 kgce/kWh, below 0 where a CHP sends out
// more than the park draws; clean_tce the renewable electricity consumed
// (exports taken from the renewables first) and the certificates counted,
// at that factor, and the renewable fuels.
type DesignSources struct {
	// GridTCO2ePerYear, FuelTCO2ePerYear and PurchasedHeatTCO2ePerYear split
	// the residual a year by source (tCO2e): grid import, fuel burnt, heat
	// bought; ElectricityTcePerYear, FuelTcePerYear and
	// PurchasedHeatTcePerYear split the consumption a year (tce) likewise;
	// CleanTcePerYear is its clean part.
	GridTCO2ePerYear          float64 `json:"grid_tco2e_per_year"`
	FuelTCO2ePerYear          float64 `json:"fuel_tco2e_per_year"`
	PurchasedHeatTCO2ePerYear float64 `json:"purchased_heat_tco2e_per_year"`
	ElectricityTcePerYear     float64 `json:"electricity_tce_per_year"`
	FuelTcePerYear            float64 `json:"fuel_tce_per_year"`
	PurchasedHeatTcePerYear   float64 `json:"purchased_heat_tce_per_year"`
	CleanTcePerYear           float64 `json:"clean_tce_per_year"`
	// Fuels are each fuel burnt a year (roadmap.json only): kWh of its
	// lower heating value, its carbon and its tce, and whether it is
	// renewable (counted clean).
	Fuels []DesignFuel `json:"fuels,omitempty"`
}

// DesignFuel is one fuel a design burns a year.
type DesignFuel struct {
	// Name is the fuel's name in the park file; KWhLHVPerYear what is burnt of
	// it a year, kWh of its lower heating value; TCO2ePerYear its carbon and
	// TcePerYear its consumption in tce a year; Renewable whether it is a
	// renewable fuel (counted clean).
	Name          string  `json:"name"`
	KWhLHVPerYear float64 `json:"kwh_lhv_per_year"`
	TCO2ePerYear  float64 `json:"tco2e_per_year"`
	TcePerYear    float64 `json:"tce_per_year"`
	Renewable     bool    `json:"renewable"`
}

// SourcesOf is the split of report r's residual and consumption, a year
// over years of period; nil when r is nil or years is not above 0.
func SourcesOf(r *dispatch.Report, years float64) *DesignSources {
	if r == nil || !(years > 0) {
		return nil
	}
	b, e := &r.StageBasis, &r.Energy
	d := &DesignSources{GridTCO2ePerYear: r.ResidualKgCO2e / 1000 / years, ElectricityTcePerYear: b.ConsumptionTce / years}
	h := r.Heat
	if h == nil {
		// kgce per kWh as the ledger took it: consumption tce / kWh.
		if e.Consumption > 0 {
			k := b.ConsumptionTce / e.Consumption
			d.CleanTcePerYear = min((e.RenewableConsumed+b.CertificatesCountedMWh*1000)*k, b.ConsumptionTce) / years
		}
		return d
	}
	d.GridTCO2ePerYear = h.GridKgCO2e / 1000 / years
	d.FuelTCO2ePerYear = h.FuelKgCO2e / 1000 / years
	d.PurchasedHeatTCO2ePerYear = h.PurchasedHeatKgCO2e / 1000 / years
	d.ElectricityTcePerYear = h.ElectricityTce / years
	d.FuelTcePerYear = h.FuelTce / years
	d.PurchasedHeatTcePerYear = h.PurchasedHeatTce / years
	d.CleanTcePerYear = min(h.CleanTce, b.ConsumptionTce) / years
	for _, f := range h.Fuels {
		d.Fuels = append(d.Fuels, DesignFuel{Name: f.Name, KWhLHVPerYear: f.KWhLHV / years, TCO2ePerYear: f.KgCO2e / 1000 / years,
			TcePerYear: f.Tce / years, Renewable: f.Renewable})
	}
	return d
}

// sourceCol is a column of roadmap.csv read from the design's sources
// (RoadmapRow.Sources): empty for a row out of reach and in a file
// written before them.
func sourceCol(name, doc string, f func(*DesignSources) *float64) roadmapCol {
	return numPartCol(name, doc, func(r *RoadmapRow) **DesignSources { return &r.Sources }, f)
}

// sourceCols are roadmap.csv's columns of [DesignSources] (its fuels
// apart, in roadmap.json only), after the indicators.
var sourceCols = []roadmapCol{
	sourceCol("grid_tco2e_per_year", "the residual's part from grid electricity (import × the accounting factor), tCO2e per year: grid + fuel + purchased_heat = residual_tco2e_per_year (empty: out of reach, or a file written before these columns, 2026-12-05)",
		func(e *DesignSources) *float64 { return &e.GridTCO2ePerYear }),
	sourceCol("fuel_tco2e_per_year", "the residual's part from fuels burnt on site (boilers and CHP), tCO2e per year (0 without heat)",
		func(e *DesignSources) *float64 { return &e.FuelTCO2ePerYear }),
	sourceCol("purchased_heat_tco2e_per_year", "the residual's part from heat bought, tCO2e per year",
		func(e *DesignSources) *float64 { return &e.PurchasedHeatTCO2ePerYear }),
	sourceCol("electricity_tce_per_year", "the consumption's electricity (GB/T 2589: import + renewable − export, × 0.1229 kgce/kWh), tce per year: electricity + fuel + purchased_heat = consumption_tce_per_year",
		func(e *DesignSources) *float64 { return &e.ElectricityTcePerYear }),
	sourceCol("fuel_tce_per_year", "the consumption's fuels, tce per year (roadmap.json gives each fuel)",
		func(e *DesignSources) *float64 { return &e.FuelTcePerYear }),
	sourceCol("purchased_heat_tce_per_year", "the consumption's heat bought, tce per year",
		func(e *DesignSources) *float64 { return &e.PurchasedHeatTcePerYear }),
	sourceCol("clean_tce_per_year", "the clean part of the consumption, tce per year: renewable electricity consumed (exports taken from the renewables first) and certificates counted, at 0.1229 kgce/kWh, and renewable fuels; clean_share_fraction = clean / consumption",
		func(e *DesignSources) *float64 { return &e.CleanTcePerYear }),
}
