package model

// Park is a park microgrid: any number of loads, PV arrays, wind turbines and
// batteries (zero of a kind is allowed) behind one grid connection, and,
// optionally, a heat side: heat loads served by heat pumps, electric and
// fuel boilers, CHP, thermal storage and purchased heat.
type Park struct {
	// Name is the park's name, printed in reports and plots.
	Name string `json:"name"`
	// Description is free text about the park: what it is and where its
	// figures come from (sources of the prices, costs and factors, what
	// the series stand for). It is kept with the park and written back,
	// and nothing reads it.
	Description string `json:"description,omitempty"`
	// Loads are the tenants' electric demands (at least one).
	Loads []Load `json:"loads"`
	// PV are the photovoltaic arrays, Wind the wind turbines, Batteries
	// the stationary batteries; a park may have none of each.
	PV        []PVArray     `json:"pv"`
	Wind      []WindTurbine `json:"wind"`
	Batteries []Battery     `json:"batteries"`
	// The heat side (none for an electricity-only park; in Go, see
	// [Park.HasHeat]): heat loads in kW_th, the converters and stores that
	// serve them, heat bought from outside, and the fuels burnt, counted
	// in kWh of LHV. HeatLoads are the tenants' heat demands.
	HeatLoads []HeatLoad `json:"heat_loads,omitempty"`
	// HeatPumps turn electricity into heat at a COP.
	HeatPumps []HeatPump `json:"heat_pumps,omitempty"`
	// ElectricBoilers turn electricity into heat at an efficiency.
	ElectricBoilers []ElectricBoiler `json:"electric_boilers,omitempty"`
	// FuelBoilers burn a fuel for heat.
	FuelBoilers []FuelBoiler `json:"fuel_boilers,omitempty"`
	// CHP are combined heat and power units: a fuel burnt for
	// electricity and heat.
	CHP []CHP `json:"chp,omitempty"`
	// ThermalStorage are heat stores.
	ThermalStorage []ThermalStorage `json:"thermal_storage,omitempty"`
	// PurchasedHeat is heat bought from outside the park (district steam
	// or hot water).
	PurchasedHeat []PurchasedHeat `json:"purchased_heat,omitempty"`
	// Fuels override the figures of [FuelCatalogue] fuels or add fuels of
	// the park's own.
	Fuels []Fuel `json:"fuels,omitempty"`
	// Grid is the park's one connection to the public grid: its limits,
	// carbon signals, prices and demand charge.
	Grid Grid `json:"grid"`
	// Market, when set, holds the offsets and green-electricity
	// certificates the park holds and their prices.
	Market *Market `json:"market,omitempty"`
	// StageThresholds, when set, replaces the ledger's default stage
	// thresholds by those of the indicator set the park is judged by.
	StageThresholds *StageThresholds `json:"stage_thresholds,omitempty"`
	// StageThresholdsByYear, when set, stages the thresholds over the
	// years, as a province's staged targets do (for 2027, 2030, 2035):
	// each entry's thresholds, laid over StageThresholds key by key, are
	// in force from its year until the next entry's. Only `zeropark plan
	// pathway` reads it, for each milestone's year
	// (in Go, [Park.StageThresholdsIn]); every other command judges the park by
	// StageThresholds alone.
	StageThresholdsByYear []YearStageThresholds `json:"stage_thresholds_by_year,omitempty"`
	// Economics, when set, holds what more PV, wind and batteries would
	// cost and how much of each the park may have: the inputs of capacity
	// planning (in Go, [Park.CapacityCosts]).
	Economics *Economics `json:"economics,omitempty"`
}

// Market is what a park holds against its residual emissions and what
// offsets and certificates cost. Every field is optional; holdings apply
// to the period dispatched (not pro rata of a year). Prices are in the
// park's currency; a nil price leaves the tool's default. The command
// line applies it (dispatch.LedgerConfig.WithMarket does it in Go).
type Market struct {
	// OffsetsHeldTCO2e are carbon offsets held, tCO2e.
	OffsetsHeldTCO2e float64 `json:"offsets_held_tco2e,omitempty"`
	// CertificatesHeldMWh are green-electricity certificates held, MWh;
	// they count in the clean-energy share up to the grid import.
	CertificatesHeldMWh float64 `json:"certificates_held_mwh,omitempty"`
	// OffsetPricePerTCO2e prices the offsets still needed, per tCO2e.
	OffsetPricePerTCO2e *float64 `json:"offset_price_per_tco2e,omitempty"`
	// CertificatePricePerMWh prices the certificates still needed, per MWh.
	CertificatePricePerMWh *float64 `json:"certificate_price_per_mwh,omitempty"`
}

// StageThresholds are the thresholds the ledger judges a park's stage by,
// where the park is judged by another indicator set than the defaults
// (package dispatch, "Stage": the zero-carbon stages' of NDRC/MIIT/NEA
// 发改环资〔2025〕910号, and zeropark's own 30 % for low-carbon, which no
// national notice defines). Every field is optional: nil keeps the
// default; fractions are in [0, 1]. The command line applies them
// (dispatch.LedgerConfig.ForPark does it in Go), and the plan sizes its
// designs against them.
type StageThresholds struct {
	// CleanShareMinFraction is the least clean-energy share of
	// consumption (910号's guiding indicator, 0.90).
	CleanShareMinFraction *float64 `json:"clean_share_min_fraction,omitempty"`
	// RequireCleanShare makes the clean share a condition of the
	// near-zero-carbon and zero-carbon stages (as --require-clean-share).
	RequireCleanShare *bool `json:"require_clean_share,omitempty"`
	// CarbonTCO2PerTceMax is the core indicator's limit, tCO2 per tce
	// consumed (0.20), and CarbonTCO2PerTceMaxLarge the limit from a
	// consumption of LargeParkTcePerYear tce a year up (0.30 from 1e6).
	CarbonTCO2PerTceMax      *float64 `json:"carbon_tco2_per_tce_max,omitempty"`
	CarbonTCO2PerTceMaxLarge *float64 `json:"carbon_tco2_per_tce_max_large,omitempty"`
	LargeParkTcePerYear      *float64 `json:"large_park_tce_per_year,omitempty"`
	// KgcePerKWh converts electricity to standard coal equivalent, kgce
	// per kWh (0.1229, GB/T 2589-2020's equivalent-value factor).
	KgcePerKWh *float64 `json:"kgce_per_kwh,omitempty"`
	// LowCarbonRenewableShareMinFraction and
	// LowCarbonReductionMinFraction make a park "low-carbon": a renewable
	// share of the electricity used, or a reduction against the
	// business-as-usual baseline, of at least this (0.30 each).
	LowCarbonRenewableShareMinFraction *float64 `json:"low_carbon_renewable_share_min_fraction,omitempty"`
	LowCarbonReductionMinFraction      *float64 `json:"low_carbon_reduction_min_fraction,omitempty"`
	// UnservedToleranceFraction is the share of the load (or heat load)
	// unserved above which the park is "conventional" (0.001).
	UnservedToleranceFraction *float64 `json:"unserved_tolerance_fraction,omitempty"`
	// Source names the indicator set the thresholds are from (free text);
	// the report's basis line quotes it.
	Source string `json:"source,omitempty"`
}

// YearStageThresholds are the stage thresholds in force from a year on
// (Park.StageThresholdsByYear).
type YearStageThresholds struct {
	// Year is the first calendar year the thresholds are in force, from
	// 2000 to 2199; the entries' years increase.
	Year int `json:"year"`
	// StageThresholds are the thresholds that change from Year on; a key
	// left out keeps the park's stage_thresholds' (or the default).
	StageThresholds StageThresholds `json:"stage_thresholds"`
}

// Load is one tenant's electric demand, read from a series column in kW and
// multiplied by Scale (1 when zero is not wanted: a Scale of 0 means 1).
type Load struct {
	// Name is the tenant's name, unique among the loads.
	Name string `json:"name"`
	// Column names the series column holding the demand in kW.
	Column string `json:"column_kw"`
	// Scale multiplies the column (dimensionless); 1 when left out (in
	// Go, a Scale of 0 reads as 1).
	Scale float64 `json:"scale,omitempty"`
}

// PVArray is a photovoltaic array. Its availability (the power it could
// deliver, before curtailment) is CapacityKWp × the series column
// AvailabilityColumn (kW per kWp installed). Weather-driven arrays get that
// column computed from irradiance by package forecast/physics.
type PVArray struct {
	// Name is the array's name, unique among the PV arrays.
	Name string `json:"name"`
	// CapacityKWp is the array's installed DC capacity in kWp.
	CapacityKWp float64 `json:"capacity_kwp"`
	// AvailabilityColumn holds kW per kWp installed (0..~1).
	AvailabilityColumn string `json:"availability_column_kw_per_kwp,omitempty"`
	// Weather, when set, derives the availability from weather columns.
	Weather *PVWeather `json:"weather,omitempty"`
}

// WindTurbine is a wind turbine (or a farm of identical ones). Its
// availability is CapacityKW × the series column AvailabilityColumn (kW per
// kW rated), or is derived from a wind-speed column through Weather.
type WindTurbine struct {
	// Name is the turbine's name, unique among the turbines.
	Name string `json:"name"`
	// CapacityKW is the turbine's (or the farm's) rated power in kW.
	CapacityKW float64 `json:"capacity_kw"`
	// AvailabilityColumn holds kW per kW rated (0..1).
	AvailabilityColumn string `json:"availability_column_kw_per_kw,omitempty"`
	// Weather, when set, derives the availability from a wind-speed
	// column through a power curve.
	Weather *WindWeather `json:"weather,omitempty"`
}

// Battery is a stationary battery. State of charge is kept in kWh inside
// [MinSoCFraction, MaxSoCFraction] × EnergyKWh.
type Battery struct {
	// Name is the battery's name, unique among the batteries.
	Name string `json:"name"`
	// EnergyKWh is the usable energy capacity in kWh (the state of charge
	// runs within MinSoCFraction and MaxSoCFraction of it).
	EnergyKWh float64 `json:"energy_kwh"`
	// MaxChargeKW and MaxDischargeKW are the most power in kW the battery
	// takes from the park and gives to it (AC side).
	MaxChargeKW    float64 `json:"max_charge_kw"`
	MaxDischargeKW float64 `json:"max_discharge_kw"`
	// ChargeEfficiency and DischargeEfficiency, in (0, 1], are the
	// fractions kept on the way in and out: the round trip is their
	// product.
	ChargeEfficiency    float64 `json:"charge_efficiency"`
	DischargeEfficiency float64 `json:"discharge_efficiency"`
	// MinSoCFraction and MaxSoCFraction bound the state of charge, and
	// InitialSoCFraction is where it starts, as fractions of EnergyKWh in
	// [0, 1].
	MinSoCFraction     float64 `json:"min_soc_fraction"`
	MaxSoCFraction     float64 `json:"max_soc_fraction"`
	InitialSoCFraction float64 `json:"initial_soc_fraction"`
	// SelfDischargePerHour (sd, per hour, in [0, 1)) is the fraction of
	// the energy above the minimum state of charge lost per hour: over a
	// step of Δt h the battery keeps min + (1 − sd·Δt)·(soc − min) kWh
	// before its charge and discharge, so one idling at its minimum stays
	// there (dispatch/doc.go gives the LP row).
	SelfDischargePerHour float64 `json:"self_discharge_per_hour"`
	// WearCostPerKWh is the cost of one kWh of throughput (charge plus
	// discharge), in the park's currency; 0 for none.
	WearCostPerKWh float64 `json:"wear_cost_per_kwh,omitempty"`
}

// MinSoCKWh is the lowest allowed state of charge in kWh.
func (b Battery) MinSoCKWh() float64 { return b.MinSoCFraction * b.EnergyKWh }

// MaxSoCKWh is the highest allowed state of charge in kWh.
func (b Battery) MaxSoCKWh() float64 { return b.MaxSoCFraction * b.EnergyKWh }

// InitialSoCKWh is the state of charge at the start of a run in kWh.
func (b Battery) InitialSoCKWh() float64 { return b.InitialSoCFraction * b.EnergyKWh }

// SignalKind says whether a carbon signal is an average or a marginal rate.
type SignalKind string

const (
	// Average is a grid's average emission factor (location-based accounting).
	Average SignalKind = "average"
	// Marginal is a marginal (avoided-emission) rate such as EPA AVERT; it
	// may be negative.
	Marginal SignalKind = "marginal"
)

// CarbonSignal is a grid carbon intensity in kgCO2e per kWh: a series column
// when Column is set, else the constant KgCO2ePerKWh. Its zero value would
// be a grid free of carbon (a constant 0), every import clean and a
// grid-only park rated zero-carbon, so [Park.Validate] refuses it (a park
// built in Go that leaves the factor out, a park file's bare
// "kgco2e_per_kwh": 0): for a grid free of carbon on purpose set Kind or
// Source beside the 0.
type CarbonSignal struct {
	// Column names the series column of the grid's carbon intensity, in
	// kgCO2e per kWh imported; it replaces KgCO2ePerKWh.
	Column string `json:"column_kgco2e_per_kwh,omitempty"`
	// KgCO2ePerKWh is a constant carbon intensity in kgCO2e per kWh
	// imported (0.5 for a grid that emits 500 g per kWh).
	KgCO2ePerKWh float64 `json:"kgco2e_per_kwh,omitempty"`
	// Kind says whether the figure is an "average" emission factor (≥ 0)
	// or a "marginal" rate (which may be negative); "" says neither.
	Kind SignalKind `json:"kind,omitempty"`
	// Source says where the figure comes from (free text, reported).
	Source string `json:"source,omitempty"`
}

// Price is an energy price in currency per kWh: a series column when Column
// is set, else the constant PerKWh — replaced, in the intervals a period of
// TimeOfUse covers, by that period's price (a time-of-use tariff; a column
// and a table exclude each other). [Resolve] turns it into one price per
// interval.
type Price struct {
	// Column names the series column of the price, currency per kWh; it
	// replaces PerKWh and excludes TimeOfUse.
	Column string `json:"column_per_kwh,omitempty"`
	// PerKWh is a constant price, currency per kWh.
	PerKWh float64 `json:"per_kwh,omitempty"`
	// TimeOfUse lists the tariff's periods; the first that covers an
	// interval sets its price, PerKWh holds outside them all. A period
	// that earlier ones cover entirely would never apply: Validate
	// refuses it.
	TimeOfUse []TOUPeriod `json:"time_of_use,omitempty"`
}

// Grid is the park's one connection to the public grid.
type Grid struct {
	// ImportLimitKW and ExportLimitKW bound the power through the
	// connection; "unlimited" means no bound (in Go, [Unlimited], +Inf),
	// 0 means none allowed.
	ImportLimitKW float64 `json:"import_limit_kw"`
	ExportLimitKW float64 `json:"export_limit_kw"`
	// DispatchCarbon is the signal the dispatch minimises.
	DispatchCarbon CarbonSignal `json:"dispatch_carbon"`
	// AccountingCarbon is the factor the ledger and the stage use; nil
	// means DispatchCarbon serves both.
	AccountingCarbon *CarbonSignal `json:"accounting_carbon,omitempty"`
	// ImportPrice and ExportPrice are optional (nil: 0).
	ImportPrice *Price `json:"import_price,omitempty"`
	ExportPrice *Price `json:"export_price,omitempty"`
	// DemandChargePerKWMonth is the demand charge of a two-part tariff:
	// currency per kW of each calendar month's highest import (the mean
	// power of its busiest interval); 0 for none.
	DemandChargePerKWMonth float64 `json:"demand_charge_per_kw_month,omitempty"`
}

// Totals are a park's installed capacities summed over its assets.
type Totals struct {
	PVKWp              float64 // Σ PVArray.CapacityKWp
	WindKW             float64 // Σ WindTurbine.CapacityKW
	BatteryKWh         float64 // Σ Battery.EnergyKWh
	BatteryChargeKW    float64 // Σ Battery.MaxChargeKW
	BatteryDischargeKW float64 // Σ Battery.MaxDischargeKW
	BatteryPowerKW     float64 // Σ max(MaxChargeKW, MaxDischargeKW)
}

// Totals sums the park's capacities by kind.
func (p *Park) Totals() Totals {
	var t Totals
	for _, a := range p.PV {
		t.PVKWp += a.CapacityKWp
	}
	for _, a := range p.Wind {
		t.WindKW += a.CapacityKW
	}
	for _, b := range p.Batteries {
		t.BatteryKWh += b.EnergyKWh
		t.BatteryChargeKW += b.MaxChargeKW
		t.BatteryDischargeKW += b.MaxDischargeKW
		t.BatteryPowerKW += max(b.MaxChargeKW, b.MaxDischargeKW)
	}
	return t
}
