package model

import (
	"fmt"
	"slices"
	"strings"
)

// Limits of the heat side's validation.
const (
	// MinSinkTempC and MaxSinkTempC bound a COP model's sink temperature,
	// °C: from floor heating to high-temperature industrial heat pumps.
	MinSinkTempC = 20.0
	MaxSinkTempC = 150.0
	// MinSourceTempC and MaxSourceTempC bound a source-temperature value
	// of the series, °C; outside them the column does not hold °C.
	MinSourceTempC = -100.0
	MaxSourceTempC = 200.0
	// MaxFuelKgcePerKWhLHV bounds a fuel's kgce per kWh of LHV: every
	// fuel has about 0.123 (a kgce is 29,307 kJ); a figure near 1 is one
	// per m³ or per kg.
	MaxFuelKgcePerKWhLHV = 0.2
	// MaxKgcePerKWh bounds the kgce a kWh of electricity counts for
	// (stage_thresholds.kgce_per_kwh): 0.1229 by its calorific value,
	// about 0.3 by the coal a plant burns for it (the equal-value); a
	// figure above 1 is in gce per kWh.
	MaxKgcePerKWh = 1.0
	// MaxFuelKgCO2ePerKWhLHV bounds a fuel's emission factor per kWh of
	// LHV: the highest IPCC default, blast-furnace gas, is 0.94; natural
	// gas per m³ (about 2) or diesel per kg (3.2) are beyond it.
	MaxFuelKgCO2ePerKWhLHV = 1.5
	// perGJFrom: a fuel factor from this up is read as one per GJ (IPCC's
	// kgCO2 per GJ, 56.1 for natural gas; kgce per GJ, 34.12), not per m³
	// or kg (a few at most).
	perGJFrom = 20.0
)

// heatAssets checks the heat side of p; name registers an asset's name
// in the park's one namespace.
func (c *checker) heatAssets(p *Park, name func(asset, n string)) {
	loads := make([]string, len(p.Loads))
	for i, l := range p.Loads {
		loads[i] = l.Name
	}
	for i, h := range p.HeatLoads {
		a := c.label("heat load", "heat_loads", i, h.Name)
		name(a, h.Name)
		c.heatLoad(a, h, loads)
		c.zeroDefaults(a, fmt.Sprintf("heat_loads[%d]", i), h.Name, &h, "heat_loads[]")
	}
	for i, h := range p.HeatPumps {
		a := c.label("heat pump", "heat_pumps", i, h.Name)
		name(a, h.Name)
		c.heatPump(a, h)
	}
	for i, b := range p.ElectricBoilers {
		a := c.label("electric boiler", "electric_boilers", i, b.Name)
		name(a, b.Name)
		c.nonNeg(a, "capacity_kw_th", b.CapacityKWTh)
		c.efficiency(a, "efficiency", b.Efficiency)
	}
	for i, b := range p.FuelBoilers {
		a := c.label("fuel boiler", "fuel_boilers", i, b.Name)
		name(a, b.Name)
		c.nonNeg(a, "capacity_kw_th", b.CapacityKWTh)
		c.efficiency(a, "efficiency_lhv", b.EfficiencyLHV)
		c.fuelRef(p, a, b.Fuel)
	}
	for i, h := range p.CHP {
		a := c.label("chp", "chp", i, h.Name)
		name(a, h.Name)
		c.chp(p, a, h)
	}
	for i, s := range p.ThermalStorage {
		a := c.label("thermal store", "thermal_storage", i, s.Name)
		name(a, s.Name)
		c.thermalStorage(a, s)
	}
	for i, h := range p.PurchasedHeat {
		a := c.label("purchased heat", "purchased_heat", i, h.Name)
		name(a, h.Name)
		c.purchasedHeat(a, h)
	}
	c.fuels(p.Fuels)
	switch {
	case len(p.HeatLoads) > 0 && !p.hasHeatSource():
		c.add("park", "heat_loads", nil,
			"the park has heat loads but nothing to serve them: add a heat pump, an electric or fuel boiler, a CHP or purchased heat (a capacity of 0 is a candidate)")
	case len(p.HeatLoads) == 0 && p.HasHeat():
		c.add("park", "heat_loads", nil, "the park has heat assets but no heat load: give the heat loads they serve")
	}
}

func (c *checker) heatLoad(a string, h HeatLoad, loads []string) {
	c.required(a, "column_kw_th", h.Column, nonNegRule)
	c.nonNeg(a, "scale", h.Scale)
	if !slices.Contains(heatKinds, h.Kind) {
		c.add(a, "kind", string(h.Kind), mustBeOneOf(heatKinds))
	}
	if h.Tenant != "" && !slices.Contains(loads, h.Tenant) {
		c.add(a, "tenant", h.Tenant, "must name one of the park's electric loads (have "+QuoteList(loads)+")")
	}
}

func (c *checker) heatPump(a string, h HeatPump) {
	c.nonNeg(a, "capacity_kw_th", h.CapacityKWTh)
	switch {
	case h.COPModel != nil && h.COP != 0:
		c.add(a, "cop", h.COP, "set exactly one of cop and cop_model (both are set)")
	case h.COPModel == nil && h.COP == 0:
		// 0 is the unset cop (omitempty): name what is missing, not a
		// value nobody wrote.
		c.add(a, "cop", nil, "set exactly one of cop and cop_model (neither is set; a cop of 0 counts as not set)")
	case h.COPModel == nil && !(h.COP >= MinCOP && h.COP <= MaxCOP):
		c.add(a, "cop", h.COP, fmt.Sprintf("must be in [%g, %g] (kW_th per kW), or give cop_model instead", MinCOP, MaxCOP))
	}
	if m := h.COPModel; m != nil {
		c.copModel(a, m)
	}
}

func (c *checker) copModel(a string, m *COPModel) {
	const p = "cop_model."
	if !slices.Contains(copModelKinds, m.Kind) {
		c.add(a, p+"kind", string(m.Kind), mustBeOneOf(copModelKinds))
	}
	switch m.Kind {
	case StaffellAir:
		if m.CarnotFraction != 0 {
			c.add(a, p+"carnot_fraction", m.CarnotFraction, fmt.Sprintf("applies to kind %q only", Carnot))
		}
	case Carnot:
		if m.CarnotFraction == 0 {
			c.add(a, p+"carnot_fraction", nil, fmt.Sprintf("required for kind %q: the share of the Carnot COP the pump reaches, in (0, 1]", Carnot))
		} else if !(m.CarnotFraction > 0 && m.CarnotFraction <= 1) {
			c.add(a, p+"carnot_fraction", m.CarnotFraction, fmt.Sprintf("must be in (0, 1] for kind %q", Carnot))
		}
	}
	c.closed(a, p+"sink_temp_c", m.SinkTempC, MinSinkTempC, MaxSinkTempC)
	c.required(a, p+"temp_column_c", m.TempColumn, sourceTempRule)
}

// sourceTempRule: a heat-source temperature in °C.
func sourceTempRule(v float64) string {
	if bad(v) || v < MinSourceTempC || v > MaxSourceTempC {
		return fmt.Sprintf("must be in [%g, %g] °C", MinSourceTempC, MaxSourceTempC)
	}
	return ""
}

func (c *checker) chp(p *Park, a string, h CHP) {
	c.nonNeg(a, "capacity_kw", h.CapacityKW)
	c.efficiency(a, "electric_efficiency_lhv", h.ElectricEfficiencyLHV)
	c.efficiency(a, "thermal_efficiency_lhv", h.ThermalEfficiencyLHV)
	if sum := h.ElectricEfficiencyLHV + h.ThermalEfficiencyLHV; sum > 1 {
		c.add(a, "thermal_efficiency_lhv", h.ThermalEfficiencyLHV,
			fmt.Sprintf("electric_efficiency_lhv + thermal_efficiency_lhv = %g: must be at most 1", sum))
	}
	c.fuelRef(p, a, h.Fuel)
	c.nonNeg(a, "variable_om_per_kwh", h.VariableOMPerKWh)
	c.nonNeg(a, "heat_dump_kw_th", h.HeatDumpKWTh)
}

func (c *checker) thermalStorage(a string, s ThermalStorage) {
	c.nonNeg(a, "energy_kwh_th", s.EnergyKWhTh)
	c.nonNeg(a, "max_charge_kw_th", s.MaxChargeKWTh)
	c.nonNeg(a, "max_discharge_kw_th", s.MaxDischargeKWTh)
	c.socFractions(a, s.MinSoCFraction, s.MaxSoCFraction, s.InitialSoCFraction)
	if v := s.StandingLossPerHour; !(v >= 0 && v < 1) {
		c.add(a, "standing_loss_per_hour", v, "must be in [0, 1): the share of the stored heat lost each hour (0.001 is 0.1 % an hour; 1 would empty the store every hour)"+percentHint(v, 1))
	}
}

func (c *checker) purchasedHeat(a string, h PurchasedHeat) {
	c.nonNeg(a, "limit_kw_th", h.LimitKWTh)
	// Bounded as a fuel's factors are: heat bought is at best a fuel burnt
	// at some efficiency, and a figure per GJ (0.11 tCO2/GJ, 34.12
	// kgce/GJ) typed per kWh_th is 277.8 times too large (QA, December
	// 2026: 34.12 kgce passed and rated a park near-zero-carbon).
	if v := h.KgCO2ePerKWhTh; v != nil && !(*v >= 0 && *v <= MaxFuelKgCO2ePerKWhLHV) {
		c.add(a, "kgco2e_per_kwh_th", *v, fmt.Sprintf(
			"must be in [0, %g] kgCO2e per kWh_th (0.396 by default): is it per GJ? divide by 277.8", MaxFuelKgCO2ePerKWhLHV))
	}
	if v := h.KgcePerKWhTh; v != nil && !(*v >= 0 && *v <= MaxFuelKgcePerKWhLHV) {
		c.add(a, "kgce_per_kwh_th", *v, fmt.Sprintf(
			"must be in [0, %g] kgce per kWh_th (0.122832 by default, GB/T 2589-2020): is it per GJ? divide by 277.8", MaxFuelKgcePerKWhLHV))
	}
	c.check(a, "price_per_kwh_th", h.PricePerKWhTh, energyPriceRule)
}

// energyPriceRule: the price of a kWh of fuel or of heat bought, ≥ 0. A
// negative one (paid to take fuel or heat) is refused rather than half
// honoured: the dispatch's and the plan's objectives price fuel and heat
// bought at max(price, 0) (a negative price would have them burn fuel
// or take heat they do not need, for the money), while the ledger's
// energy cost would credit every kWh at the negative price, so the costs
// reported would not be those of the operation chosen (QA, December 2026:
// a fuel at −0.035 USD/kWh halved the heat demo's energy cost a year).
// Grid import and export prices may be negative (wholesale markets;
// package dispatch says how its objective prices them).
func energyPriceRule(v float64) string {
	if r := signalRule(v); r != "" {
		return r
	}
	if v < 0 {
		return "must be ≥ 0: a negative price (paid to take it) is not modelled; the dispatch and the plan would count it as 0 " +
			"and the energy cost would credit it"
	}
	return ""
}

// fuelRef checks that a converter's fuel is one the park can name.
func (c *checker) fuelRef(p *Park, a, fuel string) {
	switch _, ok := p.Fuel(fuel); {
	case fuel == "":
		c.add(a, "fuel", fuel, "must name a fuel (have "+QuoteList(p.FuelNames())+")")
	case !ok && slices.Contains(p.FuelNames(), fuel):
		// A fuel of the park's own without its figures: reported there.
	case !ok:
		why := "unknown fuel: not in the park's fuels nor the catalogue"
		if s := closestFuel(fuel, p.FuelNames()); s != "" {
			why += ": did you mean " + quote(s) + "?"
		}
		c.add(a, "fuel", fuel, why+" (have "+QuoteList(p.FuelNames())+")")
	}
}

// closestFuel is the fuel of names that fuel most likely means, or "":
// the one spelt the same but for case, spaces or hyphens ("Coal",
// "natural gas"), else the one name with fuel as a word ("gas":
// "natural_gas"; QA s31-qaC: the list of names, cut at eight, hid
// natural_gas). No guess by letters: "lng" is not "lpg", and "hydrogen"
// names two fuels of different carbon.
func closestFuel(fuel string, names []string) string {
	norm := func(s string) string {
		return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	}
	f := norm(fuel)
	var same, word []string
	for _, n := range names {
		switch {
		case norm(n) == f:
			same = append(same, n)
		case slices.Contains(strings.Split(norm(n), "_"), f):
			word = append(word, n)
		}
	}
	switch {
	case f == "":
		return ""
	case len(same) == 1:
		return same[0]
	case len(same) == 0 && len(word) == 1:
		return word[0]
	}
	return ""
}

// fuels checks the park's fuels: named, each once; figures in range; a
// fuel outside the catalogue gives its emission factor and its kgce.
func (c *checker) fuels(fs []Fuel) {
	seen := map[string]bool{}
	for i, f := range fs {
		a := c.label("fuel", "fuels", i, f.Name)
		switch {
		case f.Name == "":
			c.add(a, "name", f.Name, "must not be empty")
		case seen[f.Name]:
			c.add(a, "name", f.Name, "already given: a fuel is listed once")
		}
		seen[f.Name] = true
		_, inCat := CatalogueFuelNamed(f.Name)
		meant := ""
		if !inCat && f.Name != "" {
			var cat []string
			for _, cf := range catalogue {
				cat = append(cat, cf.Name)
			}
			if s := closestFuel(f.Name, cat); s != "" {
				meant = "; or did you mean the catalogue's " + quote(s) + "?"
			}
		}
		if f.KgCO2ePerKWhLHV == nil && !inCat && f.Name != "" {
			c.add(a, "kgco2e_per_kwh_lhv", nil, "required for a fuel not in the catalogue (kgCO2e per kWh of fuel, LHV)"+meant)
		}
		if f.KgcePerKWhLHV == nil && !inCat && f.Name != "" {
			c.add(a, "kgce_per_kwh_lhv", nil, "required for a fuel not in the catalogue (kgce per kWh of fuel, LHV; 0.1228 for any fuel by GB/T 2589-2020's 29,307 kJ/kgce)"+meant)
		}
		if v := f.KgCO2ePerKWhLHV; v != nil && !(*v >= 0 && *v <= MaxFuelKgCO2ePerKWhLHV) {
			hint := "is it per m³ or per kg? divide by the kWh (LHV) in one"
			if *v >= perGJFrom {
				// IPCC's factors are per GJ (56.1 kgCO2/GJ for natural gas;
				// QA, 2026-12-04: it got only the m³ hint).
				hint = "is it per GJ (IPCC's unit: natural gas 56.1)? divide by 277.8"
			}
			c.add(a, "kgco2e_per_kwh_lhv", *v, fmt.Sprintf(
				"must be in [0, %g] kgCO2e per kWh of fuel (LHV): %s", MaxFuelKgCO2ePerKWhLHV, hint))
		}
		if v := f.KgcePerKWhLHV; v != nil && !(*v > 0 && *v <= MaxFuelKgcePerKWhLHV) {
			hint := "is it per m³ or per kg?"
			if *v >= perGJFrom {
				hint = "is it per GJ (34.12 for any fuel)? divide by 277.8"
			}
			c.add(a, "kgce_per_kwh_lhv", *v, fmt.Sprintf(
				"must be in (0, %g] kgce per kWh of fuel (LHV), about 0.123 for any fuel: %s", MaxFuelKgcePerKWhLHV, hint))
		}
		c.check(a, "price_per_kwh_lhv", f.PricePerKWhLHV, energyPriceRule)
	}
}

// socFractions checks state-of-charge fractions: each in [0, 1], min ≤
// initial ≤ max (for batteries and thermal stores alike).
func (c *checker) socFractions(a string, minF, maxF, initF float64) {
	c.closed(a, "min_soc_fraction", minF, 0, 1)
	c.closed(a, "max_soc_fraction", maxF, 0, 1)
	okMin := minF >= 0 && minF <= 1
	okMax := maxF >= 0 && maxF <= 1
	switch {
	case okMin && okMax && minF > maxF:
		c.add(a, "min_soc_fraction", minF, fmt.Sprintf("must be ≤ max_soc_fraction (%g)", maxF))
	case okMin && okMax:
		if !(initF >= minF && initF <= maxF) {
			c.add(a, "initial_soc_fraction", initF,
				fmt.Sprintf("must be in [min_soc_fraction, max_soc_fraction] = [%g, %g]", minF, maxF))
		}
	default:
		c.closed(a, "initial_soc_fraction", initF, 0, 1)
	}
}
