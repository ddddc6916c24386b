package model

// The heat side of a park: heat loads, the converters that serve them
// (heat pumps, electric boilers, fuel boilers, CHP), thermal storage and
// purchased heat. Heat is in kW thermal (kW_th) and kWh_th; every key says
// so ("_kw_th", "_kwh_th"). Fuel is counted by its energy content, in kWh
// of lower heating value (LHV, 低位发热量), and every key that holds a fuel
// quantity says so ("_kwh_lhv"); [FuelCatalogue] gives the conversion from
// natural units (m³, kg) for each fuel it knows.

// HeatKind says what a heat load is for; the dispatch treats both the
// same, the report may show them apart.
type HeatKind string

// The kinds of heat load.
const (
	// SpaceHeating is heat for the rooms (radiators, air handlers).
	SpaceHeating HeatKind = "space_heating"
	// HotWater is domestic or service hot water.
	HotWater HeatKind = "hot_water"
	// Process is an industrial process's heat: steam, hot water or oil
	// for a production line (QA, 2026-12-05: an industrial park's steam
	// could only be left unsaid).
	Process HeatKind = "process"
)

// HeatLoad is one tenant's heat demand: a series column in kW_th
// (kWh_th per hour, heat delivered to the building, not fuel) multiplied
// by Scale (0 means 1).
type HeatLoad struct {
	// Name is the heat load's name, unique among the heat loads.
	Name string `json:"name"`
	// Column names the series column holding the demand in kW_th.
	Column string `json:"column_kw_th"`
	// Scale multiplies the column (dimensionless); 1 when left out (in
	// Go, a Scale of 0 reads as 1).
	Scale float64 `json:"scale,omitempty"`
	// Kind is "space_heating", "hot_water", "process" or "" (not said;
	// in Go, SpaceHeating, HotWater, Process and ""); it says what the
	// heat is for, and changes no figure.
	Kind HeatKind `json:"kind,omitempty"`
	// Tenant, when set, names the electric load (Park.Loads) of the same
	// tenant, so that heat and its carbon can be attributed to it.
	Tenant string `json:"tenant,omitempty"`
}

// HeatPump turns electricity into heat: heat out (kW_th) = COP × electricity
// in (kW). Its COP is the constant COP, or, when COPModel is set, a
// function of a temperature column ([COPModel.COPAt]).
type HeatPump struct {
	// Name is the heat pump's name, unique among the heat pumps.
	Name string `json:"name"`
	// CapacityKWTh is the most heat it delivers, kW_th (0: a candidate
	// with no capacity yet).
	CapacityKWTh float64 `json:"capacity_kw_th"`
	// COP is a constant coefficient of performance (kW_th per kW); 0
	// when COPModel is given instead.
	COP float64 `json:"cop,omitempty"`
	// COPModel, when set, gives the COP in each interval from a
	// temperature column instead of the constant COP.
	COPModel *COPModel `json:"cop_model,omitempty"`
}

// ElectricBoiler turns electricity into heat at Efficiency (kW_th per kW,
// in (0, 1]): a resistive or electrode boiler.
type ElectricBoiler struct {
	// Name is the boiler's name, unique among the electric boilers.
	Name string `json:"name"`
	// CapacityKWTh is the most heat it delivers, kW_th.
	CapacityKWTh float64 `json:"capacity_kw_th"`
	// Efficiency is heat out per unit of electricity in (kW_th per kW),
	// in (0, 1].
	Efficiency float64 `json:"efficiency"`
}

// FuelBoiler burns Fuel to make heat: heat out (kW_th) = EfficiencyLHV ×
// fuel in (kW of LHV).
type FuelBoiler struct {
	// Name is the boiler's name, unique among the fuel boilers.
	Name string `json:"name"`
	// CapacityKWTh is the most heat it delivers, kW_th.
	CapacityKWTh float64 `json:"capacity_kw_th"`
	// EfficiencyLHV is heat out per unit of fuel energy (LHV), in (0, 1].
	EfficiencyLHV float64 `json:"efficiency_lhv"`
	// Fuel names a fuel of the park's Fuels or of [FuelCatalogue].
	Fuel string `json:"fuel"`
}

// CHP is combined heat and power: fuel in (kW of LHV) makes electricity
// (ElectricEfficiencyLHV × fuel) and heat (ThermalEfficiencyLHV × fuel) in
// a fixed ratio (a back-pressure unit); the two efficiencies sum to at
// most 1. Its heat must be used or stored unless it has a heat dump
// (HeatDumpKWTh > 0): a dry cooler or emergency radiator that rejects up
// to that much of it, so the unit can run for its electricity when the
// heat load cannot take its heat.
type CHP struct {
	// Name is the unit's name, unique among the CHP units.
	Name string `json:"name"`
	// CapacityKW is the most electricity it makes, kW.
	CapacityKW float64 `json:"capacity_kw"`
	// ElectricEfficiencyLHV and ThermalEfficiencyLHV are the electricity
	// and the heat made per unit of fuel energy (LHV), each in (0, 1],
	// their sum at most 1.
	ElectricEfficiencyLHV float64 `json:"electric_efficiency_lhv"`
	ThermalEfficiencyLHV  float64 `json:"thermal_efficiency_lhv"`
	// Fuel names a fuel of the park's Fuels or of [FuelCatalogue].
	Fuel string `json:"fuel"`
	// VariableOMPerKWh is the unit's variable O&M per kWh of electricity
	// out, in the park's currency (≥ 0, finite); absent is 0, not a
	// typical figure. REopt.jl (data/chp/chp_defaults.json,
	// om_cost_per_kwh) gives a gas engine 0.0195 USD/kWh over 35–4,500
	// kW (0.0275 small to 0.0135 large). The cost objective weighs it on
	// the electricity column and the ledger adds it to the energy cost.
	VariableOMPerKWh float64 `json:"variable_om_per_kwh,omitempty"`
	// HeatDumpKWTh is the capacity of the unit's heat dump (a dry cooler
	// or emergency radiator), kW_th: the most of its heat it can reject
	// to the air rather than deliver (≥ 0, finite); absent or 0 is no
	// dump, the heat must be used or stored. The dumped heat is made
	// (its fuel burnt and counted) but not delivered. A capacity, not a
	// switch: a dump as large as the unit's heat output at its capacity
	// (in Go, CapacityKWTh) rejects all the heat.
	// REopt.jl (v0.56.4, dvProductionToWaste) lets any CHP waste all
	// its heat at no cost; here the dump is opt-in and sized.
	HeatDumpKWTh float64 `json:"heat_dump_kw_th,omitempty"`
}

// HasHeatDump reports whether the CHP can reject heat (HeatDumpKWTh > 0).
func (c CHP) HasHeatDump() bool { return c.HeatDumpKWTh > 0 }

// CapacityKWTh is the heat the CHP makes at its electric capacity, kW_th.
func (c CHP) CapacityKWTh() float64 {
	if c.ElectricEfficiencyLHV <= 0 {
		return 0
	}
	return c.CapacityKW * c.ThermalEfficiencyLHV / c.ElectricEfficiencyLHV
}

// ThermalStorage is a heat store (a hot-water tank, a buffer, a pit). Its
// state of charge is kept in kWh_th inside [MinSoCFraction, MaxSoCFraction]
// × EnergyKWhTh; each hour it loses StandingLossPerHour of its content
// above the minimum (as a battery's self-discharge).
// Charge and discharge are heat at the store's boundary (no conversion
// loss beyond the standing loss).
type ThermalStorage struct {
	// Name is the store's name, unique among the thermal stores.
	Name string `json:"name"`
	// EnergyKWhTh is the store's heat capacity, kWh_th.
	EnergyKWhTh float64 `json:"energy_kwh_th"`
	// MaxChargeKWTh and MaxDischargeKWTh are the most heat in kW_th it
	// takes in and gives out.
	MaxChargeKWTh    float64 `json:"max_charge_kw_th"`
	MaxDischargeKWTh float64 `json:"max_discharge_kw_th"`
	// MinSoCFraction and MaxSoCFraction bound the state of charge, as
	// fractions of EnergyKWhTh in [0, 1].
	MinSoCFraction float64 `json:"min_soc_fraction"`
	MaxSoCFraction float64 `json:"max_soc_fraction"`
	// InitialSoCFraction is the state of charge at the start of a run.
	InitialSoCFraction float64 `json:"initial_soc_fraction"`
	// StandingLossPerHour is the fraction of the stored heat above the
	// minimum state of charge lost per hour, in [0, 1).
	StandingLossPerHour float64 `json:"standing_loss_per_hour,omitempty"`
}

// MinSoCKWhTh is the lowest allowed state of charge, kWh_th.
func (s ThermalStorage) MinSoCKWhTh() float64 { return s.MinSoCFraction * s.EnergyKWhTh }

// MaxSoCKWhTh is the highest allowed state of charge, kWh_th.
func (s ThermalStorage) MaxSoCKWhTh() float64 { return s.MaxSoCFraction * s.EnergyKWhTh }

// InitialSoCKWhTh is the state of charge at the start of a run, kWh_th.
func (s ThermalStorage) InitialSoCKWhTh() float64 { return s.InitialSoCFraction * s.EnergyKWhTh }

// PurchasedHeat is heat bought from outside the park: district steam or
// hot water, up to LimitKWTh.
type PurchasedHeat struct {
	// Name is the supply's name, unique among the purchased heat.
	Name string `json:"name"`
	// LimitKWTh is the most heat the connection delivers, kW_th.
	LimitKWTh float64 `json:"limit_kw_th"`
	// KgCO2ePerKWhTh is the emission factor of the heat delivered; nil
	// for the default (in Go, [DefaultPurchasedHeatKgCO2ePerKWhTh]).
	KgCO2ePerKWhTh *float64 `json:"kgco2e_per_kwh_th,omitempty"`
	// KgcePerKWhTh converts the heat to standard coal equivalent; nil
	// for the default (in Go, [DefaultHeatKgcePerKWhTh]).
	KgcePerKWhTh *float64 `json:"kgce_per_kwh_th,omitempty"`
	// PricePerKWhTh is what a kWh_th costs, in the park's currency; 0
	// for none. Never negative: Validate refuses it, as a negative fuel
	// price (energyPriceRule says why).
	PricePerKWhTh float64 `json:"price_per_kwh_th,omitempty"`
	// Source says where the emission factor comes from (free text).
	Source string `json:"source,omitempty"`
}

// Defaults of purchased heat.
const (
	// DefaultPurchasedHeatKgCO2ePerKWhTh is 0.11 tCO2 per GJ of heat
	// bought (0.11 × 3.6 = 0.396 kgCO2/kWh_th), the default factor for
	// purchased heat (热力) of the Chinese enterprise accounting
	// guidelines (GB/T 32150-2015 and the NDRC industry guides, 2013–2015).
	DefaultPurchasedHeatKgCO2ePerKWhTh = 0.11 * 3.6
	// DefaultHeatKgcePerKWhTh is the equivalent value (当量值) of heat in
	// GB/T 2589-2020 Table A.1, 0.03412 kgce/MJ (= 1/29.307), per kWh_th
	// (× 3.6 MJ/kWh).
	DefaultHeatKgcePerKWhTh = 0.03412 * 3.6
)

// EmissionFactor is the purchased heat's kgCO2e per kWh_th, with its
// default applied.
func (h PurchasedHeat) EmissionFactor() float64 {
	if h.KgCO2ePerKWhTh != nil {
		return *h.KgCO2ePerKWhTh
	}
	return DefaultPurchasedHeatKgCO2ePerKWhTh
}

// Kgce is the purchased heat's kgce per kWh_th, with its default applied.
func (h PurchasedHeat) Kgce() float64 {
	if h.KgcePerKWhTh != nil {
		return *h.KgcePerKWhTh
	}
	return DefaultHeatKgcePerKWhTh
}

// HasHeat reports whether the park has a heat side: any heat load, heat
// pump, boiler, CHP, thermal store or purchased heat. Fuels alone (with
// nothing that burns them) are not heat.
func (p *Park) HasHeat() bool {
	return len(p.HeatLoads)+len(p.HeatPumps)+len(p.ElectricBoilers)+len(p.FuelBoilers)+
		len(p.CHP)+len(p.ThermalStorage)+len(p.PurchasedHeat) > 0
}

// HasHeatDump reports whether any CHP of the park has a heat dump
// ([CHP.HasHeatDump]); without one the park's heat must be used or stored.
func (p *Park) HasHeatDump() bool {
	for _, c := range p.CHP {
		if c.HasHeatDump() {
			return true
		}
	}
	return false
}

// hasHeatSource reports whether anything can serve a heat load.
func (p *Park) hasHeatSource() bool {
	return len(p.HeatPumps)+len(p.ElectricBoilers)+len(p.FuelBoilers)+len(p.CHP)+len(p.PurchasedHeat) > 0
}

// HeatTotals are a park's heat capacities summed over its assets.
type HeatTotals struct {
	HeatPumpKWTh       float64 // Σ HeatPump.CapacityKWTh
	ElectricBoilerKWTh float64 // Σ ElectricBoiler.CapacityKWTh
	FuelBoilerKWTh     float64 // Σ FuelBoiler.CapacityKWTh
	CHPKW              float64 // Σ CHP.CapacityKW (electric)
	CHPKWTh            float64 // Σ CHP.CapacityKWTh
	CHPDumpKWTh        float64 // Σ CHP.HeatDumpKWTh
	StorageKWhTh       float64 // Σ ThermalStorage.EnergyKWhTh
	PurchasedKWTh      float64 // Σ PurchasedHeat.LimitKWTh
}

// HeatTotals sums the park's heat capacities by kind.
func (p *Park) HeatTotals() HeatTotals {
	var t HeatTotals
	for _, h := range p.HeatPumps {
		t.HeatPumpKWTh += h.CapacityKWTh
	}
	for _, b := range p.ElectricBoilers {
		t.ElectricBoilerKWTh += b.CapacityKWTh
	}
	for _, b := range p.FuelBoilers {
		t.FuelBoilerKWTh += b.CapacityKWTh
	}
	for _, c := range p.CHP {
		t.CHPKW += c.CapacityKW
		t.CHPKWTh += c.CapacityKWTh()
		t.CHPDumpKWTh += c.HeatDumpKWTh
	}
	for _, s := range p.ThermalStorage {
		t.StorageKWhTh += s.EnergyKWhTh
	}
	for _, h := range p.PurchasedHeat {
		t.PurchasedKWTh += h.LimitKWTh
	}
	return t
}
