package model

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"golang.org/x/text/currency"
)

// Economics is what capacity planning needs to know about money: what one
// more kWp of PV, kW of wind and kWh or kW of battery would cost, for how
// long, at what discount rate, and how much of each the park may have in
// total. Capacity the park already has is sunk: only additions cost.
//
// Every figure is in Currency (an ISO 4217 code such as "USD" or "CNY"),
// which is also the currency of the park's prices. A figure left out takes
// its default, from NREL's REopt.jl v0.56.4 (see the Default… constants);
// the money defaults are in US dollars, so they apply only when Currency is
// "USD": in any other currency a candidate's costs and the discount rate
// must be given. [Park.CapacityCosts] resolves the defaults.
//
// Each technology's object may give a capital_incentive_fraction
// (CapitalIncentiveFraction): the share of its capital cost returned to
// the owner at purchase — an investment tax credit, a capital grant — in
// [0, 1), 0 when absent. The plan sizes and annualises with the capital
// net of it, capital × (1 − f) ([TechCosts.NetCapitalPerUnit]); the
// investment it reports stays gross, what the park must finance, with the
// incentives beside it. There is no other default, unlike REopt's 30 %
// ([DefaultsSource]): an incentive depends on the jurisdiction and the
// year. The US 30 % investment tax credit of the Inflation Reduction Act
// (IRC §48E) was cut back for wind and solar by the 2025 budget act
// (Public Law 119-21, the "One Big Beautiful Bill Act", 4 July 2025): a
// wind or solar facility whose construction begins after 4 July 2026
// must be in service by the end of 2027 to claim it, while storage keeps
// the credit until it phases down from 2034. China's central budget pays
// no subsidy for new PV and onshore wind from 1 August 2021 (NDRC, June
// 2021), and those it paid were per kWh, never a share of the capital. So
// a figure must be given for the park, never assumed.
type Economics struct {
	// Currency names the currency of every cost and price in the park
	// file: an ISO 4217 code in capital letters ("USD", "CNY"; checked
	// against golang.org/x/text/currency's table, so "RMB" is refused).
	Currency string `json:"currency"`
	// CostYear is the year whose money the costs are in (informative; 0
	// when not stated).
	CostYear int `json:"cost_year,omitempty"`
	// DiscountRatePerYear is the rate (a fraction per year, in [0, 1))
	// that turns a capital cost into an annuity
	// (in Go, [CapitalRecoveryFactor]); nil for the default.
	DiscountRatePerYear *float64 `json:"discount_rate_per_year,omitempty"`
	// AnalysisYears is the period, in whole years (1 to 100), over which
	// a plan's designs are valued against today's park: their net
	// present value and discounted payback; nil for the default (in Go,
	// [DefaultAnalysisYears]).
	AnalysisYears *int `json:"analysis_years,omitempty"`
	// PV, Wind and Battery describe each technology as a candidate;
	// nil means not a candidate.
	PV      *PVEconomics      `json:"pv,omitempty"`
	Wind    *WindEconomics    `json:"wind,omitempty"`
	Battery *BatteryEconomics `json:"battery,omitempty"`
	// HeatPump and ThermalStorage describe heat pumps (per kW_th of heat
	// out) and thermal stores (per kWh_th) as candidates; nil means not a
	// candidate.
	HeatPump       *HeatPumpEconomics       `json:"heat_pump,omitempty"`
	ThermalStorage *ThermalStorageEconomics `json:"thermal_storage,omitempty"`
	// ElectricBoiler describes electric (resistive or electrode) boilers
	// as candidates, per kW_th of heat out; nil means not a candidate.
	ElectricBoiler *ElectricBoilerEconomics `json:"electric_boiler,omitempty"`
	// CHP describes combined heat and power as a candidate, per kW of
	// electric output (its heat follows at the unit's η_th/η_el);
	// FuelBoiler fuel boilers, per kW_th of heat out. Left out, not a
	// candidate (in Go, nil).
	CHP        *CHPEconomics        `json:"chp,omitempty"`
	FuelBoiler *FuelBoilerEconomics `json:"fuel_boiler,omitempty"`
	// GridConnection describes raising the grid connection's import limit
	// (grid.import_limit_kw: the transformer's or the utility's rating) as
	// a candidate, per kW; nil means not a candidate.
	GridConnection *GridConnectionEconomics `json:"grid_connection,omitempty"`
}

// GridConnectionEconomics are the costs of raising the park's grid
// connection, per kW of import limit added (a larger transformer, cable,
// the utility's connection charge). There is no default price: what a kW
// costs depends on the utility and on the voltage level, and no public
// generic figure fits a park's connection, so CapitalPerKW is required
// whenever the object is given (in every currency). FixedOMPerKWYear is 0
// when absent and LifetimeYears [DefaultLifetimeYears].
//
// The candidate is the import limit: the plan adds addGrid kW to
// grid.import_limit_kw, which must then be finite (a number, not
// "unlimited"). The export limit is raised by the same kW only when it
// equals the import limit (one rating carries both directions); an export
// limit below the import limit is a limit of its own (a utility's export
// cap, 0 for no export at all) and stays as it is, and so does an
// unlimited one.
type GridConnectionEconomics struct {
	// CapitalPerKW is what one more kW of import limit costs (required:
	// there is no default), FixedOMPerKWYear the fixed operation and
	// maintenance per kW and year, both in the park's currency, and
	// LifetimeYears the years an addition lasts before it is bought
	// again.
	CapitalPerKW     *float64 `json:"capital_per_kw"`
	FixedOMPerKWYear *float64 `json:"fixed_om_per_kw_year,omitempty"`
	LifetimeYears    *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost returned
	// at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKW is the largest import limit the connection may be raised
	// to, kW, today's limit included; 0 means not a candidate.
	MaxTotalKW float64 `json:"max_total_kw,omitempty"`
	// UnitKW is the step the limit is raised by (one transformer size),
	// kW: the plan adds whole steps; 0 means any amount.
	UnitKW float64 `json:"unit_kw,omitempty"`
}

// RaisesExport reports whether raising grid g's import limit raises its
// export limit by as much ([GridConnectionEconomics]): when the two are
// equal and finite.
func (g Grid) RaisesExport() bool {
	return g.ExportLimitKW == g.ImportLimitKW && !math.IsInf(g.ImportLimitKW, 0)
}

// CHPEconomics are the costs of more CHP, per kW of electric output (the
// unit of CHP.CapacityKW); its efficiencies and fuel are the unit's. The
// fuel is paid in the dispatch (the fuel's price), and so is the unit's
// variable O&M per kWh (CHP.VariableOMPerKWh, a key of the unit, not of
// these economics: the added capacity takes it). Nil costs take
// their defaults (DefaultCHPCapitalPerKW, …). The plan refuses a CHP
// candidate on a park without a CHP (capacity_kw 0 will do) to take the
// efficiencies and fuel from; Validate does not check that.
type CHPEconomics struct {
	// CapitalPerKW is the installed cost of one more kW, FixedOMPerKWYear
	// the fixed operation and maintenance per kW and year, both in the
	// park's currency, and LifetimeYears the years an addition lasts
	// before it is bought again; nil for the defaults.
	CapitalPerKW     *float64 `json:"capital_per_kw,omitempty"`
	FixedOMPerKWYear *float64 `json:"fixed_om_per_kw_year,omitempty"`
	LifetimeYears    *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost returned
	// at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKW is the most CHP electric output the park may have in
	// total, kW, today's included; 0 means not a candidate.
	MaxTotalKW float64 `json:"max_total_kw,omitempty"`
	// UnitKW is the electric rating of one CHP unit bought (an engine),
	// kW: the plan adds whole units; 0 means any amount.
	UnitKW float64 `json:"unit_kw,omitempty"`
}

// FuelBoilerEconomics are the costs of more fuel boiler, per kW_th of heat
// output (the unit of FuelBoiler.CapacityKWTh); its efficiency and fuel
// are the boiler's. Nil costs take their defaults
// (DefaultFuelBoilerCapitalPerKWTh, …). As for CHP, the plan refuses a
// candidate on a park without a fuel boiler (capacity_kw_th 0 will do).
type FuelBoilerEconomics struct {
	// CapitalPerKWTh is the installed cost of one more kW_th, FixedOMPerKWThYear
	// the fixed operation and maintenance per kW_th and year, both in the
	// park's currency, and LifetimeYears the years an addition lasts
	// before it is bought again; nil for the defaults.
	CapitalPerKWTh     *float64 `json:"capital_per_kw_th,omitempty"`
	FixedOMPerKWThYear *float64 `json:"fixed_om_per_kw_th_year,omitempty"`
	LifetimeYears      *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost returned
	// at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKWTh is the most fuel boiler the park may have in total,
	// kW_th, today's included; 0 means not a candidate.
	MaxTotalKWTh float64 `json:"max_total_kw_th,omitempty"`
	// UnitKWTh is the size of one boiler bought, kW_th: the plan adds
	// whole units; 0 means any amount.
	UnitKWTh float64 `json:"unit_kw_th,omitempty"`
}

// ElectricBoilerEconomics are the costs of more electric boiler, per kW_th
// of heat output (the unit of ElectricBoiler.CapacityKWTh); its efficiency
// is the boiler's.
type ElectricBoilerEconomics struct {
	// CapitalPerKWTh is the installed cost of one more kW_th, FixedOMPerKWThYear
	// the fixed operation and maintenance per kW_th and year, both in the
	// park's currency, and LifetimeYears the years an addition lasts
	// before it is bought again; nil for the defaults.
	CapitalPerKWTh     *float64 `json:"capital_per_kw_th,omitempty"`
	FixedOMPerKWThYear *float64 `json:"fixed_om_per_kw_th_year,omitempty"`
	LifetimeYears      *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost returned
	// at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKWTh is the most electric boiler the park may have in
	// total, kW_th, today's included; 0 means not a candidate.
	MaxTotalKWTh float64 `json:"max_total_kw_th,omitempty"`
	// UnitKWTh is the size of one boiler bought, kW_th: the plan adds
	// whole units; 0 means any amount.
	UnitKWTh float64 `json:"unit_kw_th,omitempty"`
}

// HeatPumpEconomics are the costs of more heat pump, per kW_th of heat
// output (the unit of HeatPump.CapacityKWTh): its COP is the pump's, so a
// kW_th costs the same whatever the weather.
type HeatPumpEconomics struct {
	// CapitalPerKWTh is the installed cost of one more kW_th, FixedOMPerKWThYear
	// the fixed operation and maintenance per kW_th and year, both in the
	// park's currency, and LifetimeYears the years an addition lasts
	// before it is bought again; nil for the defaults.
	CapitalPerKWTh     *float64 `json:"capital_per_kw_th,omitempty"`
	FixedOMPerKWThYear *float64 `json:"fixed_om_per_kw_th_year,omitempty"`
	LifetimeYears      *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost returned
	// at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKWTh is the most heat pump the park may have in total,
	// kW_th, today's included; 0 means not a candidate.
	MaxTotalKWTh float64 `json:"max_total_kw_th,omitempty"`
	// UnitKWTh is the size of one heat pump bought, kW_th of heat out:
	// the plan adds whole units; 0 means any amount.
	UnitKWTh float64 `json:"unit_kw_th,omitempty"`
}

// ThermalStorageEconomics are the costs of more thermal storage, per
// kWh_th of capacity (the tank). As in REopt, its power is not priced
// apart: each kWh_th added brings [AddedStoreKWThPerKWhTh] kW_th of
// charge and of discharge.
type ThermalStorageEconomics struct {
	// CapitalPerKWhTh is the installed cost of one more kWh_th, FixedOMPerKWhThYear
	// the fixed operation and maintenance per kWh_th and year, both in the
	// park's currency, and LifetimeYears the years an addition lasts
	// before it is bought again; nil for the defaults.
	CapitalPerKWhTh     *float64 `json:"capital_per_kwh_th,omitempty"`
	FixedOMPerKWhThYear *float64 `json:"fixed_om_per_kwh_th_year,omitempty"`
	LifetimeYears       *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost returned
	// at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKWhTh is the most thermal storage the park may have in
	// total, kWh_th, today's included; 0 means not a candidate.
	MaxTotalKWhTh float64 `json:"max_total_kwh_th,omitempty"`
	// UnitKWhTh is the size of one tank bought, kWh_th: the plan adds
	// whole units; 0 means any amount.
	UnitKWhTh float64 `json:"unit_kwh_th,omitempty"`
}

// PVEconomics are the costs of more PV, per kWp, and how much the park may
// have. Nil costs take their defaults.
type PVEconomics struct {
	// CapitalPerKWp is the installed cost of one more kWp, in the park's
	// currency.
	CapitalPerKWp *float64 `json:"capital_per_kwp,omitempty"`
	// FixedOMPerKWpYear is the fixed operation and maintenance cost per
	// kWp and year, in the park's currency.
	FixedOMPerKWpYear *float64 `json:"fixed_om_per_kwp_year,omitempty"`
	// LifetimeYears is how many years an addition lasts before it is
	// bought again; nil for the default.
	LifetimeYears *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost returned
	// at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKWp is the most PV the park may have in total, today's
	// included (e.g. what its roofs hold); 0 means not a candidate.
	MaxTotalKWp float64 `json:"max_total_kwp,omitempty"`
	// UnitKWp is the size of one block of PV bought (an inverter's
	// string of panels), kWp: the plan adds whole units; 0 means any
	// amount.
	UnitKWp float64 `json:"unit_kwp,omitempty"`
}

// WindEconomics are the costs of more wind, per kW rated.
type WindEconomics struct {
	// CapitalPerKW is the installed cost of one more kW, FixedOMPerKWYear
	// the fixed operation and maintenance per kW and year, both in the
	// park's currency, and LifetimeYears the years an addition lasts
	// before it is bought again; nil for the defaults.
	CapitalPerKW     *float64 `json:"capital_per_kw,omitempty"`
	FixedOMPerKWYear *float64 `json:"fixed_om_per_kw_year,omitempty"`
	LifetimeYears    *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost returned
	// at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKW is the most wind the park may have in total; 0 means not
	// a candidate.
	MaxTotalKW float64 `json:"max_total_kw,omitempty"`
	// UnitKW is the rating of one turbine bought, kW: the plan adds
	// whole turbines; 0 means any amount.
	UnitKW float64 `json:"unit_kw,omitempty"`
}

// BatteryEconomics are the costs of more battery: per kWh of energy (the
// cells) and per kW of power (the converter: max(charge, discharge)), as
// REopt splits them.
type BatteryEconomics struct {
	// CapitalPerKWh and CapitalPerKW are the installed costs of one more
	// kWh of energy and one more kW of power, FixedOMPerKWhYear and
	// FixedOMPerKWYear the fixed operation and maintenance of each per
	// year, all in the park's currency; nil for the defaults.
	CapitalPerKWh     *float64 `json:"capital_per_kwh,omitempty"`
	CapitalPerKW      *float64 `json:"capital_per_kw,omitempty"`
	FixedOMPerKWhYear *float64 `json:"fixed_om_per_kwh_year,omitempty"`
	FixedOMPerKWYear  *float64 `json:"fixed_om_per_kw_year,omitempty"`
	// LifetimeYears is how many years an addition of either part lasts
	// before it is bought again; nil for the default.
	LifetimeYears *float64 `json:"lifetime_years,omitempty"`
	// CapitalIncentiveFraction is the share of the capital cost, of both
	// parts, returned at purchase, in [0, 1); 0 when absent.
	CapitalIncentiveFraction float64 `json:"capital_incentive_fraction,omitempty"`
	// MaxTotalKWh and MaxTotalKW bound the park's total battery energy
	// and power; both 0 means not a candidate, and a candidate needs both
	// (give today's total to add only the other).
	MaxTotalKWh float64 `json:"max_total_kwh,omitempty"`
	MaxTotalKW  float64 `json:"max_total_kw,omitempty"`
	// UnitKWh and UnitKW are the energy and power of one battery block
	// bought (a container), kWh and kW: the plan adds whole blocks. With
	// both given a block brings both, n × UnitKWh and n × UnitKW for one
	// whole n (a container's cells and converter come together); with
	// one given only that part is whole blocks and the other any amount;
	// 0 means any amount.
	UnitKWh float64 `json:"unit_kwh,omitempty"`
	UnitKW  float64 `json:"unit_kw,omitempty"`
}

// Defaults of the economics: NREL REopt.jl v0.56.4 (github.com/NREL/REopt.jl
// at 029db01, January 2026). REopt states no dollar year; its PV and
// storage costs follow NREL's Annual Technology Baseline 2024, so they are
// roughly 2023–2024 US dollars ([DefaultCostYear]). The money defaults
// apply only to parks whose economics are in [DefaultCurrency].
//
// They are installed costs, before incentives and taxes. REopt itself, for
// a commercial/industrial site, by default takes a 30 % federal
// investment tax credit off PV, wind and battery capital
// (federal_itc_fraction / total_itc_fraction 0.3 in src/core/pv.jl,
// wind.jl, energy_storage/electric_storage.jl) and depreciates them over
// 5-year MACRS with 100 % bonus, with income tax. zeropark applies no tax
// or depreciation, and an incentive only where the park file gives a
// technology's capital_incentive_fraction ([Economics]): without it the
// capital for the same sizes is the gross figure, about 30 % or more
// above what REopt charges after incentives. Given, the incentive is
// returned at purchase (t = 0); REopt takes its credit at the end of year
// 1 (effective_cost in src/core/financial.jl), so the same fraction is
// worth a factor 1 + r more here.
const (
	DefaultCurrency = "USD"
	DefaultCostYear = 2024
	// DefaultDiscountRatePerYear: data/sector_dependent_defaults.json,
	// "commercial/industrial" owner_discount_rate_fraction (nominal).
	DefaultDiscountRatePerYear = 0.0624
	// DefaultAnalysisYears: src/core/financial.jl, Financial's
	// analysis_years (25): the period a plan's net present value and
	// discounted payback run over. Not money: it applies in every
	// currency.
	DefaultAnalysisYears = 25
	// DefaultLifetimeYears: src/core/financial.jl analysis_years. REopt
	// gives PV, wind and storage no shorter life; since v0.53.0 battery
	// replacement is inside its O&M fraction. Not money: it applies in
	// every currency.
	DefaultLifetimeYears = 25
	// DefaultPVCapitalPerKWp and DefaultPVFixedOMPerKWpYear:
	// data/pv/pv_defaults.json, size class 3 "Large Commercial"
	// (100–2000 kW, roof), avg_installed_cost_per_kw and om_cost_per_kw
	// (ATB 2024 commercial 200 kW point; ATB's 2025 commercial PV is
	// 1877 USD/kW).
	DefaultPVCapitalPerKWp     = 1920
	DefaultPVFixedOMPerKWpYear = 20
	// DefaultWindCapitalPerKW and DefaultWindFixedOMPerKWYear:
	// src/core/wind.jl, size class "large" (average load above 1000 kW,
	// 80 m hub) installed cost and om_cost_per_kw.
	DefaultWindCapitalPerKW     = 2896
	DefaultWindFixedOMPerKWYear = 42
	// DefaultBatteryCapitalPerKWh and DefaultBatteryCapitalPerKW:
	// src/core/energy_storage/electric_storage.jl installed_cost_per_kwh
	// and installed_cost_per_kw. REopt's installed_cost_constant (222,115
	// USD if any battery is built) needs an integer decision and is left
	// out.
	DefaultBatteryCapitalPerKWh = 253
	DefaultBatteryCapitalPerKW  = 968
	// DefaultBatteryFixedOMFraction: om_cost_fraction_of_installed_cost,
	// the battery's fixed O&M per year as a fraction of its capital cost
	// (per kWh and per kW alike): 6.325 USD/kWh and 24.2 USD/kW a year
	// with the default capital costs.
	DefaultBatteryFixedOMFraction = 0.025
	// DefaultHeatPumpCapitalPerKWTh: data/ashp/ashp_defaults.json,
	// installed_cost_per_ton 4,050 USD per ton of heating (12,000 Btu/h =
	// 3.51685 kW_th) for REopt's ASHP space heater: 4050 / 3.51685 =
	// 1,151.5987… USD/kW_th, kept unrounded so the source stays exact
	// (tables show ≈ 1151.6). REopt's O&M for it is a cost per ton-hour
	// run (0.00024 USD), not a fixed one: the fixed O&M default is 0.
	DefaultHeatPumpCapitalPerKWTh     = reoptASHPCapitalPerTon / kWThPerTon
	DefaultHeatPumpFixedOMPerKWThYear = 0
	// DefaultThermalStorageCapitalPerKWhTh: src/core/energy_storage/
	// thermal_storage.jl, HotThermalStorage installed_cost_per_gal 1.50
	// USD for water between its default 180 and 160 °F: 11.1 K × 4.19
	// kJ/(kg K) × 974 kg/m³ (water at 77 °C, as REopt's CoolProp call)
	// = 12.6 kWh_th per m³, 0.0477 kWh_th per US gallon (3.785 L), so
	// 31.46 USD per kWh_th; om_cost_per_gal 0.
	DefaultThermalStorageCapitalPerKWhTh     = 1.50 / (20.0 / 1.8 * 4.19 * 974 / 3600 * 0.003785411784)
	DefaultThermalStorageFixedOMPerKWhThYear = 0
	// AddedStoreKWThPerKWhTh is the charge and discharge power each
	// kWh_th of thermal storage added brings, kW_th: a tank that fills or
	// empties in an hour, as REopt sizes a hot-water tank's power (its
	// max_kw is max_kwh × time steps per hour).
	AddedStoreKWThPerKWhTh = 1.0
	// DefaultElectricBoilerCapitalPerKWTh: data/electric_heater/
	// electric_heater_defaults.json, installed_cost_per_mmbtu_per_hour
	// 154,902 USD for REopt's ElectricHeater (resistive, cop 1.0), which
	// src/core/electric_heater.jl divides by KWH_PER_MMBTU (293.07107,
	// src/REopt.jl): 528.5 USD/kW_th, kept unrounded;
	// om_cost_per_mmbtu_per_hour 0.
	DefaultElectricBoilerCapitalPerKWTh     = reoptElectricHeaterCapitalPerMMBtuPerHour / kWThPerMMBtuPerHour
	DefaultElectricBoilerFixedOMPerKWThYear = 0
	// DefaultCHPCapitalPerKW: data/chp/chp_defaults.json, recip_engine
	// (a gas engine, REopt's default prime mover), installed_cost_per_kw
	// at 1,000 kW, where size class 4 (500–1,000 kW: 3,150 → 2,800) ends
	// and size class 5 (1,000–2,000 kW: 2,800 → 2,550) begins: 2,800
	// USD/kW electric. src/core/chp.jl's om_cost_per_kw default is 0;
	// REopt's variable om_cost_per_kwh (0.016 USD for class 5) is the
	// unit's CHP.VariableOMPerKWh, 0 unless given.
	DefaultCHPCapitalPerKW     = 2800
	DefaultCHPFixedOMPerKWYear = 0
	// DefaultFuelBoilerCapitalPerKWTh: src/core/boiler.jl (REopt's new
	// Boiler), installed_cost_per_mmbtu_per_hour 293,000 USD ÷
	// KWH_PER_MMBTU 293.07107 = 999.76 USD/kW_th, and
	// om_cost_per_mmbtu_per_hour 2,930 USD a year = 9.9976 USD/kW_th a
	// year; kept unrounded. REopt gives one figure for every size.
	DefaultFuelBoilerCapitalPerKWTh     = reoptBoilerCapitalPerMMBtuPerHour / kWThPerMMBtuPerHour
	DefaultFuelBoilerFixedOMPerKWThYear = reoptBoilerFixedOMPerMMBtuPerHourYear / kWThPerMMBtuPerHour
)

// reoptBoilerCapitalPerMMBtuPerHour and
// reoptBoilerFixedOMPerMMBtuPerHourYear are REopt's new Boiler's
// installed_cost_per_mmbtu_per_hour and om_cost_per_mmbtu_per_hour
// (src/core/boiler.jl), USD per MMBtu/h of heat out (and year).
const (
	reoptBoilerCapitalPerMMBtuPerHour     = 293000.0
	reoptBoilerFixedOMPerMMBtuPerHourYear = 2930.0
)

// reoptElectricHeaterCapitalPerMMBtuPerHour is REopt's
// installed_cost_per_mmbtu_per_hour of its ElectricHeater
// (data/electric_heater/electric_heater_defaults.json), USD per MMBtu/h
// of heat out.
const reoptElectricHeaterCapitalPerMMBtuPerHour = 154902.0

// kWThPerMMBtuPerHour is one MMBtu per hour in kW_th (REopt's
// KWH_PER_MMBTU).
const kWThPerMMBtuPerHour = 293.07107

// reoptASHPCapitalPerTon is REopt's installed_cost_per_ton of its ASHP
// space heater (data/ashp/ashp_defaults.json), USD per ton of heating.
const reoptASHPCapitalPerTon = 4050.0

// kWThPerTon is one (refrigeration) ton of heating, 12,000 Btu/h, in kW_th.
const kWThPerTon = 3.51685

// DefaultsSource names where the defaults come from, for reports.
const DefaultsSource = "NREL REopt.jl v0.56.4 defaults (USD, about 2024 dollars: ATB 2024; installed, before incentives)"

// CapitalRecoveryFactor is the annuity that repays a capital of 1 over
// years at rate (a fraction per year):
//
//	CRF(r, n) = r·(1+r)^n / ((1+r)^n − 1),   CRF(0, n) = 1/n.
//
// A capital cost C per unit is then C·CRF a year. rate must lie in
// [0, 1) and years be positive (otherwise NaN).
func CapitalRecoveryFactor(rate, years float64) float64 {
	if !(rate >= 0 && rate < 1) || !(years > 0) || math.IsInf(years, 0) {
		return math.NaN()
	}
	if rate == 0 {
		return 1 / years
	}
	// (1+r)^n − 1 as expm1(n·log1p(r)) keeps precision for small r.
	g1 := math.Expm1(years * math.Log1p(rate))
	return rate * (g1 + 1) / g1
}

// TechCosts are one technology's resolved economics, per unit (kWp of PV,
// kW of wind, kWh or kW of battery, kW_th of heat pump, kWh_th of thermal
// storage, kW_th of electric or fuel boiler, kW electric of CHP), in the
// park's currency.
type TechCosts struct {
	// Unit is "kWp", "kW", "kWh", "kW_th" or "kWh_th".
	Unit string
	// CapitalPerUnit is the gross capital cost, before any incentive.
	CapitalPerUnit float64
	// CapitalIncentiveFraction is the share of CapitalPerUnit returned at
	// purchase (the economics' capital_incentive_fraction), in [0, 1).
	CapitalIncentiveFraction float64
	FixedOMPerUnitYear       float64
	LifetimeYears            float64
	// MaxTotal is the most the park may have in total (Unit); 0 means not
	// a candidate.
	MaxTotal float64
	// Existing is what the park has today (Unit): sunk, it costs nothing.
	Existing float64
	// UnitSize is the size of one whole unit bought (a turbine, a battery
	// block; in Unit): a plan adds whole multiples of it. 0 means any
	// amount.
	UnitSize float64
	// Defaulted lists the keys (e.g. "pv.capital_per_kwp") that took
	// their defaults.
	Defaulted []string
}

// Candidate reports whether the park may add this technology.
func (c TechCosts) Candidate() bool { return c.MaxTotal > c.Existing }

// NoWholeUnitFits says that c is bought in whole units and its bound
// leaves room above total (kW, kWh… in c.Unit) for some capacity but less
// than one unit: the park file's error "no whole unit fits", and what a
// plan's design park closes by setting the bound to its total. A bound
// within 1e-9 (relative) of total leaves no room: that is no error.
func (c TechCosts) NoWholeUnitFits(total float64) bool {
	room := c.MaxTotal - total
	return c.UnitSize > 0 && c.MaxTotal > 0 && math.Abs(room) > 1e-9*max(c.MaxTotal, 1) && c.UnitSize > room*(1+1e-12)
}

// CloseWholeUnitRoom sets, in a copy of p's economics, each bound
// (max_total_…) of a technology bought in whole units to p's total of it
// where the room the bound leaves is less than one unit
// ([TechCosts.NoWholeUnitFits]): no unit more fits, so the bound says the
// same with the total, and the park reads back, where that room is the
// error "no whole unit fits" meant for a user's file. A plan's design
// parks and a sweep's rows are closed by it (their totals are a design's,
// not the user's). p's own economics are not changed: a park copied
// without them shares them.
func CloseWholeUnitRoom(p *Park) {
	if p == nil || p.Economics == nil {
		return
	}
	e := *p.Economics
	t, h := p.Totals(), p.HeatTotals()
	fits := func(bound, unit, total float64) bool {
		return TechCosts{MaxTotal: bound, UnitSize: unit}.NoWholeUnitFits(total)
	}
	if c := e.PV; c != nil && fits(c.MaxTotalKWp, c.UnitKWp, t.PVKWp) {
		v := *c
		v.MaxTotalKWp, e.PV = t.PVKWp, &v
	}
	if c := e.Wind; c != nil && fits(c.MaxTotalKW, c.UnitKW, t.WindKW) {
		v := *c
		v.MaxTotalKW, e.Wind = t.WindKW, &v
	}
	if c := e.Battery; c != nil {
		v := *c
		if fits(c.MaxTotalKWh, c.UnitKWh, t.BatteryKWh) {
			v.MaxTotalKWh = t.BatteryKWh
		}
		if fits(c.MaxTotalKW, c.UnitKW, t.BatteryPowerKW) {
			v.MaxTotalKW = t.BatteryPowerKW
		}
		if v != *c {
			e.Battery = &v
		}
	}
	if c := e.HeatPump; c != nil && fits(c.MaxTotalKWTh, c.UnitKWTh, h.HeatPumpKWTh) {
		v := *c
		v.MaxTotalKWTh, e.HeatPump = h.HeatPumpKWTh, &v
	}
	if c := e.ThermalStorage; c != nil && fits(c.MaxTotalKWhTh, c.UnitKWhTh, h.StorageKWhTh) {
		v := *c
		v.MaxTotalKWhTh, e.ThermalStorage = h.StorageKWhTh, &v
	}
	if c := e.ElectricBoiler; c != nil && fits(c.MaxTotalKWTh, c.UnitKWTh, h.ElectricBoilerKWTh) {
		v := *c
		v.MaxTotalKWTh, e.ElectricBoiler = h.ElectricBoilerKWTh, &v
	}
	if c := e.CHP; c != nil && fits(c.MaxTotalKW, c.UnitKW, h.CHPKW) {
		v := *c
		v.MaxTotalKW, e.CHP = h.CHPKW, &v
	}
	if c := e.FuelBoiler; c != nil && fits(c.MaxTotalKWTh, c.UnitKWTh, h.FuelBoilerKWTh) {
		v := *c
		v.MaxTotalKWTh, e.FuelBoiler = h.FuelBoilerKWTh, &v
	}
	if c := e.GridConnection; c != nil && !math.IsInf(p.Grid.ImportLimitKW, 1) && fits(c.MaxTotalKW, c.UnitKW, p.Grid.ImportLimitKW) {
		v := *c
		v.MaxTotalKW, e.GridConnection = p.Grid.ImportLimitKW, &v
	}
	if e != *p.Economics {
		p.Economics = &e
	}
}

// MaxAdded is the most that may be added (Unit): MaxTotal − Existing for
// a candidate, else 0.
func (c TechCosts) MaxAdded() float64 {
	if !c.Candidate() {
		return 0
	}
	return c.MaxTotal - c.Existing
}

// NetCapitalPerUnit is the capital cost of one more unit net of its
// incentive, capital × (1 − capital_incentive_fraction): what the owner
// pays for it in the end, and what its annuity repays. Every annuity of
// the economics ([TechCosts.AnnualisedPerUnitYear],
// [TechCosts.CostOfAdding]) is of this figure.
func (c TechCosts) NetCapitalPerUnit() float64 {
	return c.CapitalPerUnit * (1 - c.CapitalIncentiveFraction)
}

// IncentiveOf is what adding amount (c.Unit) brings back at purchase:
// amount × capital × capital_incentive_fraction.
func (c TechCosts) IncentiveOf(amount float64) float64 {
	return amount * c.CapitalPerUnit * c.CapitalIncentiveFraction
}

// AnnualisedPerUnitYear is what one more unit costs a year at rate: net
// capital × CRF(rate, lifetime) + fixed O&M.
func (c TechCosts) AnnualisedPerUnitYear(rate float64) float64 {
	return c.NetCapitalPerUnit()*CapitalRecoveryFactor(rate, c.LifetimeYears) + c.FixedOMPerUnitYear
}

// CostOfAdding is what adding amount (c.Unit) of the technology costs at
// discount rate (a fraction per year): investment = amount × capital
// cost, paid up front and gross (what must be financed; the incentive,
// [TechCosts.IncentiveOf], comes back beside it); capitalPerYear =
// amount × net capital × CRF(rate, lifetime), the annuity of what is paid
// in the end ([TechCosts.NetCapitalPerUnit]); fixedOMPerYear = amount ×
// fixed O&M. Package plan (CostOfAdding, a design's additions) and
// package results (a sweep row's) both price with it.
func (c TechCosts) CostOfAdding(amount, rate float64) (investment, capitalPerYear, fixedOMPerYear float64) {
	investment = amount * c.CapitalPerUnit
	return investment, amount * c.NetCapitalPerUnit() * CapitalRecoveryFactor(rate, c.LifetimeYears), amount * c.FixedOMPerUnitYear
}

// CapacityCosts are a park's economics with every default applied: what
// capacity planning prices additions with.
type CapacityCosts struct {
	// Currency is the ISO 4217 code every money figure here is in.
	Currency string
	CostYear int // 0 when not stated
	// DiscountRatePerYear is the discount rate, a fraction a year, in
	// [0, 1).
	DiscountRatePerYear float64
	// AnalysisYears is the period designs are valued over against today's
	// park (net present value, discounted payback), whole years.
	AnalysisYears int
	PV            TechCosts // per kWp
	Wind          TechCosts // per kW rated
	BatteryEnergy TechCosts // per kWh
	// BatteryPower is per kW of converter: max(charge, discharge) of a
	// battery, summed ([Totals].BatteryPowerKW).
	BatteryPower TechCosts
	// HeatPump and ElectricBoiler are per kW_th of heat output,
	// ThermalStorage per kWh_th.
	HeatPump       TechCosts
	ThermalStorage TechCosts
	ElectricBoiler TechCosts
	// CHP is per kW of electric output; FuelBoiler per kW_th of heat out.
	CHP        TechCosts
	FuelBoiler TechCosts
	// Grid is per kW of import limit (the grid connection): Existing is
	// grid.import_limit_kw (+Inf when unlimited, which no candidate may
	// be).
	Grid TechCosts
	// Defaulted lists every key that took its default, and DiscountRate…
	// among them when it did.
	Defaulted []string
}

// CapacityCosts resolves the park's economics: every figure given or
// defaulted, and the park's capacity today. It returns the errors
// [Park.Validate] reports for the economics (each a [*FieldError] with
// asset "economics", unwrapping to [ErrInvalid]), and an error too when
// the park has no economics object.
func (p *Park) CapacityCosts() (*CapacityCosts, error) {
	c := checker{src: sourceOf(p)} // placed in the park's file as Validate places them
	if p.Economics == nil {
		c.add("economics", "", nil, "the park file has no economics object (currency, costs and candidate bounds)")
		return nil, c.errs[0]
	}
	costs := c.economics(p.Economics, p.Totals(), p.HeatTotals(), p.Grid)
	if err := errors.Join(c.errs...); err != nil {
		return nil, err
	}
	return costs, nil
}

// money is a cost key being resolved: its value, its default in
// DefaultCurrency, and the key for messages.
type money struct {
	key string
	v   *float64
	def float64
}

// economics checks e against the park's totals and grid today and
// resolves it.
func (c *checker) economics(e *Economics, have Totals, heat HeatTotals, grid Grid) *CapacityCosts {
	const a = "economics"
	out := &CapacityCosts{Currency: e.Currency, CostYear: e.CostYear}
	usd := e.Currency == DefaultCurrency
	// Without a valid currency the costs it would require go unsaid: the
	// currency is the one error.
	known := IsCurrencyCode(e.Currency)
	if !known {
		c.add(a, "currency", e.Currency, `must be an ISO 4217 code such as "USD" or "CNY"`+currencyHint(e.Currency))
	}
	if e.CostYear != 0 && (e.CostYear < 1900 || e.CostYear > 2200) {
		c.add(a, "cost_year", e.CostYear, "must be a year (1900–2200), or absent")
	}
	// resolve returns the value of a figure: given, or its default
	// (money defaults only in USD, and only needed for candidates).
	resolve := func(m money, candidate bool, defaulted *[]string) float64 {
		switch {
		case m.v != nil:
			c.nonNeg(a, m.key, *m.v)
			return *m.v
		case !usd && candidate:
			if !known {
				return 0
			}
			c.add(a, m.key, nil, fmt.Sprintf("required for a candidate when the currency is %s: the defaults (%s) are in USD only",
				quote(e.Currency), DefaultsSource))
			return 0
		case !usd:
			return 0 // not a candidate: its costs do not matter
		}
		*defaulted = append(*defaulted, m.key)
		return m.def
	}
	bound := func(key string, v, existing float64, unit, what string) {
		c.nonNeg(a, key, v)
		if v > 0 && v < existing*(1-1e-12) {
			c.add(a, key, v, fmt.Sprintf("is below the park's %s today, %s %s: the bound is the total, existing capacity included (0 or absent: not a candidate)",
				what, formatValue(existing), unit))
		}
	}

	// unit checks the size of one whole unit of t (key: "wind.unit_kw"),
	// set on t: ≥ 0, and for a candidate no larger than the room between
	// today's capacity and the bound. A park already at its bound (a
	// plan's design park, re-read for its operation check) is no
	// candidate: its unit size is moot, not an error.
	unit := func(t *TechCosts, key string, size float64) {
		c.nonNeg(a, key, size)
		if !(size > 0) {
			return
		}
		t.UnitSize = size
		if t.NoWholeUnitFits(t.Existing) {
			c.add(a, key, size, fmt.Sprintf("no whole unit fits: the bound leaves room for %s %s above today's %s %s (0 or absent: any amount)",
				formatValue(max(t.MaxAdded(), 0)), t.Unit, formatValue(t.Existing), t.Unit))
		}
	}

	// single resolves a technology priced per unit of one capacity (PV,
	// wind, heat pump, thermal storage, electric boiler, CHP, fuel boiler) under its object obj, whose keys
	// end in keyUnit ("kwp" for pv.max_total_kwp, pv.capital_per_kwp,
	// pv.fixed_om_per_kwp_year, pv.unit_kwp); t's Unit and Existing are set.
	single := func(t *TechCosts, obj, keyUnit, what string, maxTotal, unitSize float64, capital, fixedOM, life *float64, defCapital, defFixedOM, incentive float64) {
		t.MaxTotal = maxTotal
		bound(obj+".max_total_"+keyUnit, maxTotal, t.Existing, t.Unit, what)
		unit(t, obj+".unit_"+keyUnit, unitSize)
		cand := maxTotal > 0
		t.CapitalPerUnit = resolve(money{obj + ".capital_per_" + keyUnit, capital, defCapital}, cand, &t.Defaulted)
		t.CapitalIncentiveFraction = c.incentive(obj, incentive)
		t.FixedOMPerUnitYear = resolve(money{obj + ".fixed_om_per_" + keyUnit + "_year", fixedOM, defFixedOM}, cand, &t.Defaulted)
		t.LifetimeYears = c.lifetime(obj+".lifetime_years", life, &t.Defaulted)
	}

	out.PV = TechCosts{Unit: "kWp", Existing: have.PVKWp}
	if pv := e.PV; pv != nil {
		single(&out.PV, "pv", "kwp", "total PV", pv.MaxTotalKWp, pv.UnitKWp, pv.CapitalPerKWp, pv.FixedOMPerKWpYear, pv.LifetimeYears,
			DefaultPVCapitalPerKWp, DefaultPVFixedOMPerKWpYear, pv.CapitalIncentiveFraction)
	}
	out.Wind = TechCosts{Unit: "kW", Existing: have.WindKW}
	if w := e.Wind; w != nil {
		single(&out.Wind, "wind", "kw", "total wind", w.MaxTotalKW, w.UnitKW, w.CapitalPerKW, w.FixedOMPerKWYear, w.LifetimeYears,
			DefaultWindCapitalPerKW, DefaultWindFixedOMPerKWYear, w.CapitalIncentiveFraction)
	}
	out.BatteryEnergy = TechCosts{Unit: "kWh", Existing: have.BatteryKWh}
	out.BatteryPower = TechCosts{Unit: "kW", Existing: have.BatteryPowerKW}
	if b := e.Battery; b != nil {
		en, pw := &out.BatteryEnergy, &out.BatteryPower
		en.MaxTotal, pw.MaxTotal = b.MaxTotalKWh, b.MaxTotalKW
		bound("battery.max_total_kwh", b.MaxTotalKWh, have.BatteryKWh, "kWh", "total battery energy")
		bound("battery.max_total_kw", b.MaxTotalKW, have.BatteryPowerKW, "kW", "total battery power (max of charge and discharge, summed)")
		// Only a bound left at 0 lacks its pair: a negative or NaN one is
		// reported by bound already.
		switch {
		case b.MaxTotalKWh > 0 && b.MaxTotalKW == 0:
			c.add(a, "battery.max_total_kw", b.MaxTotalKW, "a battery candidate needs both max_total_kwh and max_total_kw (give today's total to add energy only)")
		case b.MaxTotalKW > 0 && b.MaxTotalKWh == 0:
			c.add(a, "battery.max_total_kwh", b.MaxTotalKWh, "a battery candidate needs both max_total_kwh and max_total_kw (give today's total to add power only)")
		}
		unit(en, "battery.unit_kwh", b.UnitKWh)
		unit(pw, "battery.unit_kw", b.UnitKW)
		cand := b.MaxTotalKWh > 0 || b.MaxTotalKW > 0
		en.CapitalPerUnit = resolve(money{"battery.capital_per_kwh", b.CapitalPerKWh, DefaultBatteryCapitalPerKWh}, cand, &en.Defaulted)
		pw.CapitalPerUnit = resolve(money{"battery.capital_per_kw", b.CapitalPerKW, DefaultBatteryCapitalPerKW}, cand, &pw.Defaulted)
		en.CapitalIncentiveFraction = c.incentive("battery", b.CapitalIncentiveFraction)
		pw.CapitalIncentiveFraction = en.CapitalIncentiveFraction
		// REopt's O&M is a fraction of the capital cost.
		en.FixedOMPerUnitYear = resolve(money{"battery.fixed_om_per_kwh_year", b.FixedOMPerKWhYear,
			DefaultBatteryFixedOMFraction * en.CapitalPerUnit}, cand, &en.Defaulted)
		pw.FixedOMPerUnitYear = resolve(money{"battery.fixed_om_per_kw_year", b.FixedOMPerKWYear,
			DefaultBatteryFixedOMFraction * pw.CapitalPerUnit}, cand, &pw.Defaulted)
		var life []string
		en.LifetimeYears = c.lifetime("battery.lifetime_years", b.LifetimeYears, &life)
		pw.LifetimeYears = en.LifetimeYears
		en.Defaulted = append(en.Defaulted, life...)
		pw.Defaulted = append(pw.Defaulted, life...)
	}

	out.HeatPump = TechCosts{Unit: "kW_th", Existing: heat.HeatPumpKWTh}
	if h := e.HeatPump; h != nil {
		single(&out.HeatPump, "heat_pump", "kw_th", "total heat pump output", h.MaxTotalKWTh, h.UnitKWTh, h.CapitalPerKWTh, h.FixedOMPerKWThYear,
			h.LifetimeYears, DefaultHeatPumpCapitalPerKWTh, DefaultHeatPumpFixedOMPerKWThYear, h.CapitalIncentiveFraction)
	}
	out.ThermalStorage = TechCosts{Unit: "kWh_th", Existing: heat.StorageKWhTh}
	if ts := e.ThermalStorage; ts != nil {
		single(&out.ThermalStorage, "thermal_storage", "kwh_th", "total thermal storage", ts.MaxTotalKWhTh, ts.UnitKWhTh, ts.CapitalPerKWhTh,
			ts.FixedOMPerKWhThYear, ts.LifetimeYears, DefaultThermalStorageCapitalPerKWhTh, DefaultThermalStorageFixedOMPerKWhThYear,
			ts.CapitalIncentiveFraction)
	}
	out.ElectricBoiler = TechCosts{Unit: "kW_th", Existing: heat.ElectricBoilerKWTh}
	if eb := e.ElectricBoiler; eb != nil {
		single(&out.ElectricBoiler, "electric_boiler", "kw_th", "total electric boiler output", eb.MaxTotalKWTh, eb.UnitKWTh, eb.CapitalPerKWTh,
			eb.FixedOMPerKWThYear, eb.LifetimeYears, DefaultElectricBoilerCapitalPerKWTh, DefaultElectricBoilerFixedOMPerKWThYear,
			eb.CapitalIncentiveFraction)
	}
	out.CHP = TechCosts{Unit: "kW", Existing: heat.CHPKW}
	if ch := e.CHP; ch != nil {
		single(&out.CHP, "chp", "kw", "total CHP electric output", ch.MaxTotalKW, ch.UnitKW, ch.CapitalPerKW,
			ch.FixedOMPerKWYear, ch.LifetimeYears, DefaultCHPCapitalPerKW, DefaultCHPFixedOMPerKWYear, ch.CapitalIncentiveFraction)
	}
	out.FuelBoiler = TechCosts{Unit: "kW_th", Existing: heat.FuelBoilerKWTh}
	if fb := e.FuelBoiler; fb != nil {
		single(&out.FuelBoiler, "fuel_boiler", "kw_th", "total fuel boiler output", fb.MaxTotalKWTh, fb.UnitKWTh, fb.CapitalPerKWTh,
			fb.FixedOMPerKWThYear, fb.LifetimeYears, DefaultFuelBoilerCapitalPerKWTh, DefaultFuelBoilerFixedOMPerKWThYear,
			fb.CapitalIncentiveFraction)
	}

	out.Grid = c.gridConnection(e.GridConnection, grid)

	candidate := out.PV.MaxTotal > 0 || out.Wind.MaxTotal > 0 || out.BatteryEnergy.MaxTotal > 0 || out.BatteryPower.MaxTotal > 0 ||
		out.HeatPump.MaxTotal > 0 || out.ThermalStorage.MaxTotal > 0 || out.ElectricBoiler.MaxTotal > 0 ||
		out.CHP.MaxTotal > 0 || out.FuelBoiler.MaxTotal > 0 || out.Grid.MaxTotal > 0
	switch r := e.DiscountRatePerYear; {
	case r != nil:
		if !(*r >= 0 && *r < 1) {
			c.add(a, "discount_rate_per_year", *r, "must be in [0, 1): a fraction per year (0.0624 is 6.24 %)")
		}
		out.DiscountRatePerYear = *r
	case !usd && candidate:
		if !known {
			break
		}
		c.add(a, "discount_rate_per_year", nil, fmt.Sprintf("required for candidates when the currency is %s: the default (%s) is a US dollar rate",
			quote(e.Currency), DefaultsSource))
	default:
		out.DiscountRatePerYear = DefaultDiscountRatePerYear
		out.Defaulted = append(out.Defaulted, "discount_rate_per_year")
	}
	switch n := e.AnalysisYears; {
	case n == nil:
		out.AnalysisYears = DefaultAnalysisYears
		out.Defaulted = append(out.Defaulted, "analysis_years")
	case *n < 1 || *n > 100:
		c.add(a, "analysis_years", *n, "must be a whole number of years from 1 to 100: the period designs are valued over against today's park")
	default:
		out.AnalysisYears = *n
	}
	for _, t := range []*TechCosts{&out.PV, &out.Wind, &out.BatteryEnergy, &out.HeatPump, &out.ThermalStorage, &out.ElectricBoiler, &out.CHP, &out.FuelBoiler, &out.Grid} {
		out.Defaulted = append(out.Defaulted, t.Defaulted...)
	}
	for _, k := range out.BatteryPower.Defaulted {
		if k != "battery.lifetime_years" {
			out.Defaulted = append(out.Defaulted, k)
		}
	}
	return out
}

// gridConnection checks and resolves economics.grid_connection (g may be
// nil: not a candidate) against the park's grid today: the capital cost
// given (there is no default), costs ≥ 0, the bound no lower than today's
// import limit and the limit finite when the bound makes it a candidate,
// the step no larger than the room.
func (c *checker) gridConnection(g *GridConnectionEconomics, grid Grid) TechCosts {
	const a = "economics"
	t := TechCosts{Unit: "kW", Existing: grid.ImportLimitKW}
	if g == nil {
		return t
	}
	t.MaxTotal = g.MaxTotalKW
	unlimited := math.IsInf(grid.ImportLimitKW, 1)
	c.nonNeg(a, "grid_connection.max_total_kw", g.MaxTotalKW)
	switch {
	case g.MaxTotalKW > 0 && unlimited:
		c.add(a, "grid_connection.max_total_kw", g.MaxTotalKW,
			`makes the grid connection a candidate, but grid.import_limit_kw is "unlimited": give the connection's rating today in kW (or drop max_total_kw: not a candidate)`)
		t.MaxTotal = 0 // no room to reason about below
	case g.MaxTotalKW > 0 && g.MaxTotalKW < grid.ImportLimitKW*(1-1e-12):
		c.add(a, "grid_connection.max_total_kw", g.MaxTotalKW, fmt.Sprintf(
			"is below the park's import limit today, grid.import_limit_kw = %s kW: the bound is the largest import limit in all, today's included (0 or absent: not a candidate)",
			formatValue(grid.ImportLimitKW)))
	}
	c.nonNeg(a, "grid_connection.unit_kw", g.UnitKW)
	if g.UnitKW > 0 {
		t.UnitSize = g.UnitKW
		if !unlimited && t.NoWholeUnitFits(t.Existing) {
			c.add(a, "grid_connection.unit_kw", g.UnitKW, fmt.Sprintf("no whole unit fits: the bound leaves room for %s kW above today's import limit of %s kW (0 or absent: any amount)",
				formatValue(max(t.MaxAdded(), 0)), formatValue(t.Existing)))
		}
	}
	if g.CapitalPerKW == nil {
		c.add(a, "grid_connection.capital_per_kw", nil,
			"required: what raising the import limit by one kW costs (transformer, cable, the utility's connection charge) depends on the utility and the voltage level, and there is no default")
	} else {
		c.nonNeg(a, "grid_connection.capital_per_kw", *g.CapitalPerKW)
		t.CapitalPerUnit = *g.CapitalPerKW
	}
	t.CapitalIncentiveFraction = c.incentive("grid_connection", g.CapitalIncentiveFraction)
	if g.FixedOMPerKWYear != nil {
		c.nonNeg(a, "grid_connection.fixed_om_per_kw_year", *g.FixedOMPerKWYear)
		t.FixedOMPerUnitYear = *g.FixedOMPerKWYear
	}
	t.LifetimeYears = c.lifetime("grid_connection.lifetime_years", g.LifetimeYears, &t.Defaulted)
	return t
}

// incentive checks the capital_incentive_fraction f of economics object
// obj ("pv", "battery", …) and returns it: in [0, 1), 0 when absent.
func (c *checker) incentive(obj string, f float64) float64 {
	if !(f >= 0 && f < 1) {
		c.add("economics", obj+".capital_incentive_fraction", f,
			"must be in [0, 1): the share of the capital cost returned at purchase (0.3 is 30 %; 0 or absent: none)")
	}
	return f
}

// lifetime checks and resolves economics key's lifetime in years (v nil:
// the default, and key is added to defaulted).
func (c *checker) lifetime(key string, v *float64, defaulted *[]string) float64 {
	if v == nil {
		*defaulted = append(*defaulted, key)
		return DefaultLifetimeYears
	}
	if !(*v > 0 && *v <= 100) {
		c.add("economics", key, *v, "must be in (0, 100] years")
	}
	return *v
}

// IsCurrencyCode reports whether s is an active ISO 4217 code, in capital
// letters, naming money (golang.org/x/text/currency's table of codes;
// XXX, "no currency", and XTS, the code reserved for testing, are not
// money a park is priced in): what Economics.Currency must be, and what
// a results file's currency cells are checked against.
func IsCurrencyCode(s string) bool {
	if len(s) != 3 || strings.ToUpper(s) != s || s == "XXX" || s == "XTS" {
		return false
	}
	_, err := currency.ParseISO(s)
	return err == nil
}

// currencyHint is a note for a currency code that is not ISO 4217 but
// names one that is ("" when there is none to give).
func currencyHint(s string) string {
	switch strings.ToUpper(s) {
	case "RMB":
		return `: the renminbi's code is "CNY"`
	case "NTD":
		return `: the New Taiwan dollar's code is "TWD"`
	case "UKP", "STG":
		return `: the pound sterling's code is "GBP"`
	}
	if len(s) == 3 && strings.ToUpper(s) != s && IsCurrencyCode(strings.ToUpper(s)) {
		return fmt.Sprintf(": in capital letters, %q", strings.ToUpper(s))
	}
	return ""
}
