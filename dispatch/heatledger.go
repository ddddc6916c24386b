package dispatch

import (
	"github.com/zeropark/zeropark/model"
)

// HeatReport is the heat side of a run's ledger (Report.Heat, "heat" in
// summary.json; nil for a park without heat). Heat in kWh_th, electricity
// in kWh, fuel in kWh of its lower heating value (LHV), carbon in kgCO2e,
// consumption in tce. See "Heat" in the package documentation.
type HeatReport struct {
	// LoadKWhTh is the heat load over the period (every heat load),
	// ServedKWhTh the part served and UnservedKWhTh the part not served.
	LoadKWhTh     float64 `json:"load_kwh_th"`
	ServedKWhTh   float64 `json:"served_kwh_th"`
	UnservedKWhTh float64 `json:"unserved_kwh_th"`
	// UnservedShare = UnservedKWhTh / LoadKWhTh.
	UnservedShare float64 `json:"unserved_share"`
	// HeatPumpKWhTh, ElectricBoilerKWhTh, FuelBoilerKWhTh, CHPKWhTh and
	// PurchasedKWhTh are the heat made (or bought) by each kind of source
	// (the thermal stores' discharge is heat made earlier by one of them). All of it is delivered but
	// CHPDumpedKWhTh, the part of the CHP units' heat their heat dumps
	// rejected (made, its fuel burnt and counted, not delivered; absent
	// from the JSON when 0), so that ServedKWhTh = the sources −
	// CHPDumpedKWhTh + StoreDischargeKWhTh − StoreChargeKWhTh.
	HeatPumpKWhTh       float64 `json:"heat_pump_kwh_th"`
	ElectricBoilerKWhTh float64 `json:"electric_boiler_kwh_th"`
	FuelBoilerKWhTh     float64 `json:"fuel_boiler_kwh_th"`
	CHPKWhTh            float64 `json:"chp_kwh_th"`
	CHPDumpedKWhTh      float64 `json:"chp_dumped_kwh_th,omitempty"`
	PurchasedKWhTh      float64 `json:"purchased_kwh_th"`
	// StoreChargeKWhTh, StoreDischargeKWhTh, StoreLossesKWhTh and
	// StoredChangeKWhTh are the thermal stores' charge, discharge,
	// standing losses (charge − discharge − change in content +
	// StoreCorrectionKWhTh) and change in content.
	StoreChargeKWhTh    float64 `json:"store_charge_kwh_th"`
	StoreDischargeKWhTh float64 `json:"store_discharge_kwh_th"`
	StoreLossesKWhTh    float64 `json:"store_losses_kwh_th"`
	StoredChangeKWhTh   float64 `json:"stored_change_kwh_th"`
	// StoreCorrectionKWhTh is heat in the stores that no settled flow
	// explains, as EnergyKWh.SoCCorrection is a battery's: the sum over
	// intervals of each store's content minus the one its recursion
	// reaches from the previous content with the interval's charge and
	// discharge. Zero for a simulated period (beyond rounding, 1e-9
	// kWh_th per kWh_th of the store); in a live ledger, a measured
	// content the store's power limits cannot reach (a recalibrated
	// sensor, heat put in or drawn by something else). It is neither
	// standing losses nor consumption. Absent from the JSON when 0.
	StoreCorrectionKWhTh float64 `json:"store_correction_kwh_th,omitempty"`
	// HeatPumpElectricityKWh and ElectricBoilerElectricityKWh are the
	// electricity the heat pumps and electric boilers drew (part of the
	// park's electricity consumption); CHPElectricityKWh the electricity
	// the CHP units made.
	HeatPumpElectricityKWh       float64 `json:"heat_pump_electricity_kwh"`
	ElectricBoilerElectricityKWh float64 `json:"electric_boiler_electricity_kwh"`
	CHPElectricityKWh            float64 `json:"chp_electricity_kwh"`
	// Sources lists every heat asset with what it delivered, drew or burnt
	// and emitted directly.
	Sources []HeatSource `json:"sources"`
	// Fuels lists each fuel burnt (fuel boilers and CHP), in the order of
	// first use in the park file.
	Fuels []FuelUse `json:"fuels"`
	// GridKgCO2e, FuelKgCO2e and PurchasedHeatKgCO2e are the emissions by
	// source: the grid electricity imported (heat pumps and electric
	// boilers included), the fuel burnt, the heat bought. They add
	// up to Report.ResidualKgCO2e.
	GridKgCO2e          float64 `json:"grid_kgco2e"`
	FuelKgCO2e          float64 `json:"fuel_kgco2e"`
	PurchasedHeatKgCO2e float64 `json:"purchased_heat_kgco2e"`
	// BaselineKgCO2e is the heat part of Report.BaselineKgCO2e: the whole
	// heat load served as business as usual, at the carbon per kWh_th of
	// the park's cleanest conventional heat in each interval whatever the
	// capacities (the least of its non-renewable fuel boilers', its heat
	// bought and its electric boilers' on grid power; without any of them,
	// direct electric heating from the grid). Heat pumps, renewable fuels, CHP, stores and
	// boilers a plan adds move the residual, not the baseline. (Before
	// 2026-12-04 the baseline ran the park's own boilers, renewable ones
	// included, within their capacities and left the rest unserved, so a
	// biomass boiler lowered the baseline as much as the residual, and a
	// park heated by heat pumps had a heat baseline of 0.)
	BaselineKgCO2e float64 `json:"baseline_kgco2e"`
	// BaselineUnservedKWhTh is never set since 2026-12-04: the heat
	// baseline serves all the heat. It stays so that a summary.json of an
	// older zeropark, which held the heat its baseline left unserved,
	// still reads (results.ReadSummaryJSON refuses unknown keys).
	//
	// Deprecated: always 0 in a new report.
	BaselineUnservedKWhTh float64 `json:"baseline_unserved_kwh_th,omitempty"`
	// FuelCost and PurchasedHeatCost are at the fuels' and the heat's
	// prices (part of Report.EnergyCost).
	FuelCost          float64 `json:"fuel_cost"`
	PurchasedHeatCost float64 `json:"purchased_heat_cost"`
	// CHPVariableOMCost = Σ over CHP units of model.CHP.VariableOMPerKWh
	// × the electricity it made, kWh (part of Report.EnergyCost, as the
	// fuel is); absent from the JSON when 0.
	CHPVariableOMCost float64 `json:"chp_variable_om_cost,omitempty"`
	// StorageValueKgCO2ePerKWhTh values the heat drawn down from the
	// thermal stores over the period; StorageAdjustmentKgCO2e is that
	// heat (initial − final content) × the value, the thermal stores'
	// part of Report.StorageAdjustmentKgCO2e.
	StorageValueKgCO2ePerKWhTh float64 `json:"storage_value_kgco2e_per_kwh_th"`
	StorageAdjustmentKgCO2e    float64 `json:"storage_adjustment_kgco2e"`
	// ElectricityTce, FuelTce and PurchasedHeatTce are the consumption as
	// GB/T 2589 counts it, by carrier: electricity (import + renewable −
	// export, as for a park without heat), fuels (their kgce) and
	// purchased heat (its kgce); their sum is StageBasis.ConsumptionTce. CleanTce is the clean part: renewable
	// electricity consumed, certificates counted and renewable fuels.
	ElectricityTce   float64 `json:"electricity_tce"`
	FuelTce          float64 `json:"fuel_tce"`
	PurchasedHeatTce float64 `json:"purchased_heat_tce"`
	CleanTce         float64 `json:"clean_tce"`
}

// HeatSource is one heat asset's part of a run.
type HeatSource struct {
	// Kind is "heat pump", "electric boiler", "fuel boiler", "chp",
	// "purchased heat" or "thermal store"; Name the asset's name.
	Kind string `json:"kind"`
	Name string `json:"name"`
	// HeatKWhTh is the heat it made (a store: its discharge), all of it
	// delivered but a CHP's DumpedKWhTh, the part its heat dump rejected
	// (absent from the JSON when 0).
	HeatKWhTh   float64 `json:"heat_kwh_th"`
	DumpedKWhTh float64 `json:"dumped_kwh_th,omitempty"`
	// ElectricityKWh is what a heat pump or electric boiler drew, or a
	// CHP made.
	ElectricityKWh float64 `json:"electricity_kwh,omitempty"`
	// Fuel is the fuel it burns and FuelKWhLHV how much.
	Fuel       string  `json:"fuel,omitempty"`
	FuelKWhLHV float64 `json:"fuel_kwh_lhv,omitempty"`
	// KgCO2e is what it emitted directly (fuel burnt, heat bought); heat
	// pumps and electric boilers emit through the grid.
	KgCO2e float64 `json:"kgco2e"`
	// COP is a heat pump's seasonal COP: heat out / electricity in.
	COP float64 `json:"cop,omitempty"`
}

// FuelUse is one fuel's part of a run.
type FuelUse struct {
	// Name is the fuel's name in the park file; KWhLHV what was burnt of it,
	// kWh of its lower heating value; KgCO2e its carbon; Tce its consumption
	// in tonnes of coal equivalent; KgCO2ePerKWhLHV and KgcePerKWhLHV the
	// factors those were counted at; Renewable whether it is a renewable fuel
	// (counted clean, its carbon as the park file gives it); Source where its
	// figures come from (the park file's source, absent when none).
	Name            string  `json:"name"`
	KWhLHV          float64 `json:"kwh_lhv"`
	KgCO2e          float64 `json:"kgco2e"`
	Tce             float64 `json:"tce"`
	KgCO2ePerKWhLHV float64 `json:"kgco2e_per_kwh_lhv"`
	KgcePerKWhLHV   float64 `json:"kgce_per_kwh_lhv"`
	Renewable       bool    `json:"renewable"`
	Source          string  `json:"source,omitempty"`
}

// Kinds of heat asset in HeatSource.Kind.
const (
	HeatPumpKind       = "heat pump"
	ElectricBoilerKind = "electric boiler"
	FuelBoilerKind     = "fuel boiler"
	CHPKind            = "chp"
	PurchasedHeatKind  = "purchased heat"
	ThermalStoreKind   = "thermal store"
)

// accountHeat adds the heat side of schedule s to report r (whose
// electricity totals are in): the heat totals, residual, baseline, costs
// and storage adjustment. The stage's figures are judge's.
func accountHeat(p *model.Park, s *Schedule, cfg LedgerConfig, r *Report) {
	h := s.Step.Hours()
	hr := &HeatReport{}
	fuels := ResolveFuels(p)
	src := make([]HeatSource, 0, len(p.HeatPumps)+len(p.ElectricBoilers)+len(p.FuelBoilers)+len(p.CHP)+len(p.PurchasedHeat)+len(p.ThermalStorage))
	add := func(kind, name string) *HeatSource {
		src = append(src, HeatSource{Kind: kind, Name: name})
		return &src[len(src)-1]
	}
	byFuel := map[string]int{}
	fuelUse := func(f model.ResolvedFuel, kwh float64) float64 {
		i, ok := byFuel[f.Name]
		if !ok {
			i = len(hr.Fuels)
			byFuel[f.Name] = i
			hr.Fuels = append(hr.Fuels, FuelUse{Name: f.Name, KgCO2ePerKWhLHV: f.KgCO2ePerKWhLHV, KgcePerKWhLHV: f.KgcePerKWhLHV,
				Renewable: f.Renewable, Source: f.Source})
		}
		u := &hr.Fuels[i]
		u.KWhLHV += kwh
		kg := kwh * f.KgCO2ePerKWhLHV
		u.KgCO2e += kg
		u.Tce += kwh * f.KgcePerKWhLHV / 1000
		hr.FuelCost += kwh * f.PricePerKWhLHV
		return kg
	}
	sum := func(v []float64) float64 {
		x := 0.0
		for _, y := range v {
			x += y * h
		}
		return x
	}
	for j, u := range p.HeatPumps {
		a := add(HeatPumpKind, u.Name)
		a.HeatKWhTh, a.ElectricityKWh = sum(s.HeatPumpKWTh[j]), sum(s.HeatPumpKW[j])
		if a.ElectricityKWh > 0 {
			a.COP = a.HeatKWhTh / a.ElectricityKWh
		}
		hr.HeatPumpKWhTh += a.HeatKWhTh
		hr.HeatPumpElectricityKWh += a.ElectricityKWh
	}
	for k, u := range p.ElectricBoilers {
		a := add(ElectricBoilerKind, u.Name)
		a.HeatKWhTh, a.ElectricityKWh = sum(s.ElectricBoilerKWTh[k]), sum(s.ElectricBoilerKW[k])
		hr.ElectricBoilerKWhTh += a.HeatKWhTh
		hr.ElectricBoilerElectricityKWh += a.ElectricityKWh
	}
	for f, u := range p.FuelBoilers {
		a := add(FuelBoilerKind, u.Name)
		a.HeatKWhTh, a.Fuel, a.FuelKWhLHV = sum(s.FuelBoilerKWTh[f]), u.Fuel, sum(s.FuelBoilerFuelKW[f])
		a.KgCO2e = fuelUse(fuels[f], a.FuelKWhLHV)
		hr.FuelBoilerKWhTh += a.HeatKWhTh
	}
	for c, u := range p.CHP {
		a := add(CHPKind, u.Name)
		a.HeatKWhTh, a.ElectricityKWh, a.Fuel, a.FuelKWhLHV = sum(s.CHPKWTh[c]), sum(s.CHPKW[c]), u.Fuel, sum(s.CHPFuelKW[c])
		a.KgCO2e = fuelUse(fuels[len(p.FuelBoilers)+c], a.FuelKWhLHV)
		if len(s.CHPDumpKWTh) > 0 {
			a.DumpedKWhTh = sum(s.CHPDumpKWTh[c])
			hr.CHPDumpedKWhTh += a.DumpedKWhTh
		}
		hr.CHPKWhTh += a.HeatKWhTh
		hr.CHPElectricityKWh += a.ElectricityKWh
		hr.CHPVariableOMCost += a.ElectricityKWh * u.VariableOMPerKWh
	}
	for k, u := range p.PurchasedHeat {
		a := add(PurchasedHeatKind, u.Name)
		for t := 0; t < s.Len; t++ {
			q := s.PurchasedHeatKWTh[k][t] * h
			a.HeatKWhTh += q
			a.KgCO2e += q * s.PurchasedHeatKgCO2ePerKWhTh[k][t]
			hr.PurchasedHeatCost += q * s.PurchasedHeatPricePerKWhTh[k][t]
		}
		hr.PurchasedKWhTh += a.HeatKWhTh
		hr.PurchasedHeatKgCO2e += a.KgCO2e
		hr.PurchasedHeatTce += a.HeatKWhTh * u.Kgce() / 1000
	}
	heatValue := heatStorageValue(p, scheduleHeatInputs(s), false)
	hr.StorageValueKgCO2ePerKWhTh = heatValue
	for k, u := range p.ThermalStorage {
		a := add(ThermalStoreKind, u.Name)
		a.HeatKWhTh = sum(s.HeatDischargeKWTh[k])
		hr.StoreDischargeKWhTh += a.HeatKWhTh
		hr.StoreChargeKWhTh += sum(s.HeatChargeKWTh[k])
		d := s.FinalHeatSoCKWhTh(k) - s.InitialHeatSoCKWhTh[k]
		hr.StoredChangeKWhTh += d
		hr.StoreCorrectionKWhTh += storeCorrectionKWhTh(u, s, k)
		hr.StorageAdjustmentKgCO2e -= d * heatValue
	}
	hr.StoreLossesKWhTh = hr.StoreChargeKWhTh - hr.StoreDischargeKWhTh - hr.StoredChangeKWhTh + hr.StoreCorrectionKWhTh
	hr.Sources = src
	if hr.Fuels == nil {
		hr.Fuels = []FuelUse{}
	}
	for _, u := range hr.Fuels {
		hr.FuelKgCO2e += u.KgCO2e
		hr.FuelTce += u.Tce
	}
	hr.LoadKWhTh, hr.UnservedKWhTh = sum(s.HeatLoadKWTh), sum(s.UnservedHeatKWTh)
	hr.ServedKWhTh = hr.LoadKWhTh - hr.UnservedKWhTh
	if hr.LoadKWhTh > 0 {
		hr.UnservedShare = hr.UnservedKWhTh / hr.LoadKWhTh
	}
	hr.BaselineKgCO2e = heatBaseline(p, s)
	hr.GridKgCO2e = r.ResidualKgCO2e
	hr.ElectricityTce = r.Energy.Consumption * cfg.KgcePerKWh / 1000

	r.Heat = hr
	r.ResidualKgCO2e += hr.FuelKgCO2e + hr.PurchasedHeatKgCO2e
	r.DispatchSignalKgCO2e += hr.FuelKgCO2e + hr.PurchasedHeatKgCO2e
	r.BaselineKgCO2e += hr.BaselineKgCO2e
	r.EnergyCost += hr.FuelCost + hr.PurchasedHeatCost + hr.CHPVariableOMCost
	r.StorageAdjustmentKgCO2e += hr.StorageAdjustmentKgCO2e
}

// heatBaseline is the carbon of s's heat load served as business as
// usual ([heatBaselineEach]), kgCO2e.
func heatBaseline(p *model.Park, s *Schedule) (kgCO2e float64) {
	heatBaselineEach(p, s, func(_ int, kg float64) { kgCO2e += kg })
	return kgCO2e
}

// heatBaselineEach calls visit with each interval t's heat baseline,
// kgCO2e: the whole heat load at the carbon per kWh_th of the park's
// cleanest conventional heat in the interval ([conventionalHeat]),
// whatever the capacities — the least of its non-renewable fuel boilers' (fuel factor /
// efficiency), its heat bought and its electric boilers' on grid power
// (accounting factor / efficiency); with none of those, direct electric
// heating from the grid (the accounting factor). So the baseline serves
// all the heat, as the electric baseline takes every kWh from the grid;
// what the park does about heat — heat pumps, renewable fuels, CHP,
// stores, and boilers added by a plan — moves its residual, not its
// baseline; and the least never credits a park for a source it keeps
// (a backup boiler dirtier than its main one does not raise it: review,
// 2026-12-04). A small clean source lowers it for the whole heat load:
// conservative, never crediting more than any conventional source would.
func heatBaselineEach(p *model.Park, s *Schedule, visit func(t int, kgCO2e float64)) {
	h := s.Step.Hours()
	fuels := ResolveFuels(p)
	var scratch []heatLever
	for t := 0; t < s.Len; t++ {
		scratch = conventionalHeat(p, s, t, fuels, scratch)
		f := s.AccountingKgCO2ePerKWh[t] // no conventional source: direct electric heating
		if len(scratch) > 0 {
			f = scratch[0].cost // the cleanest
		}
		visit(t, s.HeatLoadKWTh[t]*f*h)
	}
}
