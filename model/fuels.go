package model

import (
	"slices"
	"sort"
)

// Fuel is a fuel as the park file gives it: its emission factor, its
// conversion to standard coal equivalent, whether it counts as renewable
// and its price, all per kWh of its lower heating value (LHV). A fuel
// named as one of [FuelCatalogue] takes the catalogue's figures for every
// field left out (nil); any other fuel must give its emission factor and
// its kgce. [Park.Fuel] resolves them.
//
// Natural units convert through the fuel's LHV: a fuel of L kJ per m³ (or
// per kg) holds L/3600 kWh per m³ (per kg), so x kg per m³ is
// x/(L/3600) kg per kWh.
type Fuel struct {
	// Name is the fuel's name: a catalogue fuel's ("natural_gas", …) to
	// override its figures, or a new one.
	Name string `json:"name"`
	// KgCO2ePerKWhLHV is the emission counted per kWh of fuel (LHV).
	KgCO2ePerKWhLHV *float64 `json:"kgco2e_per_kwh_lhv,omitempty"`
	// KgcePerKWhLHV converts a kWh of fuel (LHV) to kg of standard coal
	// equivalent; about 0.123 for every fuel, since a kgce is 29,307 kJ
	// of LHV (GB/T 2589-2020).
	KgcePerKWhLHV *float64 `json:"kgce_per_kwh_lhv,omitempty"`
	// Renewable counts the fuel as clean (non-fossil) energy: biomass and
	// green hydrogen.
	Renewable *bool `json:"renewable,omitempty"`
	// PricePerKWhLHV is what a kWh of fuel (LHV) costs, in the park's
	// currency; 0 for none. Never negative: Validate refuses a price that
	// pays to take the fuel (energyPriceRule says why).
	PricePerKWhLHV float64 `json:"price_per_kwh_lhv,omitempty"`
	// Source says where the figures come from (free text, reported).
	Source string `json:"source,omitempty"`
}

// CatalogueFuel is a fuel zeropark knows, with its figures in natural
// units as its sources give them and the per-kWh (LHV) figures derived
// from them.
type CatalogueFuel struct {
	// Name is how a park file names it ("natural_gas").
	Name string
	// Title says what it is.
	Title string
	// Unit is the natural unit the sources count it in: "m³" (at 20 °C,
	// 101.325 kPa, as GB/T 2589 counts gas) or "kg".
	Unit string
	// LHVKJPerUnit is its lower heating value, kJ per Unit.
	LHVKJPerUnit float64
	// KgcePerUnit is its standard-coal coefficient, kgce per Unit.
	KgcePerUnit float64
	// TceSource says where LHVKJPerUnit and KgcePerUnit come from.
	TceSource string
	// KgCO2ePerKWhLHV is the emission counted per kWh of fuel (LHV).
	KgCO2ePerKWhLHV float64
	// CarbonSource says where KgCO2ePerKWhLHV comes from and how it was
	// converted.
	CarbonSource string
	// Renewable counts it as clean (non-fossil) energy.
	Renewable bool
}

// KgcePerKWhLHV is the fuel's kgce per kWh of LHV: KgcePerUnit ÷
// (LHVKJPerUnit ÷ 3600 kJ/kWh).
func (f CatalogueFuel) KgcePerKWhLHV() float64 { return f.KgcePerUnit / (f.LHVKJPerUnit / kJPerKWh) }

// KWhLHVPerUnit is the fuel's energy per natural unit: LHVKJPerUnit ÷
// 3600 kJ/kWh.
func (f CatalogueFuel) KWhLHVPerUnit() float64 { return f.LHVKJPerUnit / kJPerKWh }

// Conversion constants of the fuel catalogue.
const (
	kJPerKWh = 3600.0
	// kWhPerTJ is 10⁹ kJ ÷ 3600 kJ/kWh.
	kWhPerTJ = 1e9 / kJPerKWh
	// StandardCoalKJPerKgce is the LHV of one kg of standard coal
	// equivalent, 29,307 kJ (7,000 kcal): GB/T 2589-2020 §3 (标准煤).
	// A fuel the standard's Table A.1 does not list is converted by it.
	StandardCoalKJPerKgce = 29307.0
	// H2LHVKJPerKg is hydrogen's LHV, 120 MJ/kg (33.3 kWh/kg), the
	// rounded figure of IEA, The Future of Hydrogen (2019).
	H2LHVKJPerKg = 120000.0
	// GreyH2KgCO2PerKg is the CO2 of making a kg of hydrogen from natural
	// gas by steam reforming without carbon capture, about 10 kgCO2/kgH2
	// (IEA, The Future of Hydrogen, 2019). Coal-based hydrogen, common in
	// China, emits about twice as much: override it for that.
	GreyH2KgCO2PerKg = 10.0
)

// perTJ converts an emission factor in kg per TJ (LHV) to kg per kWh.
func perTJ(kgPerTJ float64) float64 { return kgPerTJ / kWhPerTJ }

// Sources of the catalogue, cited beside each figure.
const (
	srcGBT2589   = "GB/T 2589-2020 General rules for calculation of the comprehensive energy consumption, Appendix A, Table A.1 (各种能源折标准煤参考系数)"
	srcGBT2589Df = "LHV ÷ 29,307 kJ/kgce, the standard coal of GB/T 2589-2020 §3 (not in its Table A.1)"
	srcIPCC      = "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2 Energy, Ch. 2 Stationary Combustion, Table 2.2 (default CO2 emission factor, energy industries, oxidation factor 1)"
)

// catalogue is the fuel catalogue, by name. Every figure cites its
// source; the per-kWh figures are derived in the expressions.
var catalogue = []CatalogueFuel{
	{Name: "natural_gas", Title: "natural gas (gas-field gas, 气田天然气)", Unit: "m³",
		// GB/T 2589-2020 Table A.1: 35,544 kJ/m³ (8,500 kcal), 1.2143 kgce/m³.
		LHVKJPerUnit: 35544, KgcePerUnit: 1.2143, TceSource: srcGBT2589,
		// IPCC 2006 Vol. 2 Table 2.2: natural gas 56,100 kg CO2/TJ.
		KgCO2ePerKWhLHV: perTJ(56100), CarbonSource: srcIPCC + ": natural gas, 56,100 kg CO2/TJ ÷ 277,778 kWh/TJ"},
	{Name: "coal", Title: "raw coal (原煤), bituminous", Unit: "kg",
		// GB/T 2589-2020 Table A.1: 20,908 kJ/kg (5,000 kcal), 0.7143 kgce/kg.
		LHVKJPerUnit: 20908, KgcePerUnit: 0.7143, TceSource: srcGBT2589,
		// IPCC 2006 Vol. 2 Table 2.2: other bituminous coal 94,600 kg CO2/TJ.
		KgCO2ePerKWhLHV: perTJ(94600), CarbonSource: srcIPCC + ": other bituminous coal, 94,600 kg CO2/TJ ÷ 277,778 kWh/TJ"},
	{Name: "diesel", Title: "diesel oil (柴油)", Unit: "kg",
		// GB/T 2589-2020 Table A.1: 42,652 kJ/kg (10,200 kcal), 1.4571 kgce/kg.
		LHVKJPerUnit: 42652, KgcePerUnit: 1.4571, TceSource: srcGBT2589,
		// IPCC 2006 Vol. 2 Table 2.2: gas/diesel oil 74,100 kg CO2/TJ.
		KgCO2ePerKWhLHV: perTJ(74100), CarbonSource: srcIPCC + ": gas/diesel oil, 74,100 kg CO2/TJ ÷ 277,778 kWh/TJ"},
	{Name: "fuel_oil", Title: "fuel oil (燃料油), residual", Unit: "kg",
		// GB/T 2589-2020 Table A.1: 41,816 kJ/kg (10,000 kcal), 1.4286 kgce/kg.
		LHVKJPerUnit: 41816, KgcePerUnit: 1.4286, TceSource: srcGBT2589,
		// IPCC 2006 Vol. 2 Table 2.2: residual fuel oil 77,400 kg CO2/TJ.
		KgCO2ePerKWhLHV: perTJ(77400), CarbonSource: srcIPCC + ": residual fuel oil, 77,400 kg CO2/TJ ÷ 277,778 kWh/TJ"},
	{Name: "lpg", Title: "liquefied petroleum gas (液化石油气)", Unit: "kg",
		// GB/T 2589-2020 Table A.1: 50,179 kJ/kg (12,000 kcal), 1.7143 kgce/kg.
		LHVKJPerUnit: 50179, KgcePerUnit: 1.7143, TceSource: srcGBT2589,
		// IPCC 2006 Vol. 2 Table 2.2: liquefied petroleum gases 63,100 kg CO2/TJ.
		KgCO2ePerKWhLHV: perTJ(63100), CarbonSource: srcIPCC + ": liquefied petroleum gases, 63,100 kg CO2/TJ ÷ 277,778 kWh/TJ"},
	{Name: "biomass", Title: "solid biomass (wood, wood waste)", Unit: "kg",
		// IPCC 2006 Vol. 2 Ch. 1 Table 1.2: wood/wood waste NCV 15.6 TJ/Gg.
		LHVKJPerUnit: 15600, KgcePerUnit: 15600 / StandardCoalKJPerKgce,
		TceSource: "LHV: 2006 IPCC Guidelines Vol. 2 Ch. 1 Table 1.2 (wood/wood waste, 15.6 TJ/Gg); kgce: " + srcGBT2589Df,
		// Biogenic CO2 (112,000 kg/TJ in Table 2.2) is reported apart and
		// not counted in energy emissions: IPCC 2006 Vol. 2 Ch. 2 §2.3.3.4;
		// the Chinese accounting guidelines likewise count fossil fuel
		// combustion only.
		KgCO2ePerKWhLHV: 0, Renewable: true,
		CarbonSource: "0: biogenic CO2 is not counted in energy emissions (2006 IPCC Guidelines Vol. 2 Ch. 2 §2.3.3.4; GB/T 32150-2015 counts fossil fuel combustion)"},
	{Name: "hydrogen_grey", Title: "hydrogen from natural gas without carbon capture (grey)", Unit: "kg",
		LHVKJPerUnit: H2LHVKJPerKg, KgcePerUnit: H2LHVKJPerKg / StandardCoalKJPerKgce,
		TceSource: "LHV 120 MJ/kg (IEA, The Future of Hydrogen, 2019); kgce: " + srcGBT2589Df,
		// Burning hydrogen emits no CO2; its production does, and is
		// counted here as purchased grid electricity's is.
		KgCO2ePerKWhLHV: GreyH2KgCO2PerKg / (H2LHVKJPerKg / kJPerKWh),
		CarbonSource:    "production emissions of steam-reformed hydrogen, 10 kgCO2/kgH2 (IEA, The Future of Hydrogen, 2019) ÷ 33.3 kWh/kg; combustion emits none"},
	{Name: "hydrogen_green", Title: "hydrogen from renewable electrolysis (green)", Unit: "kg",
		LHVKJPerUnit: H2LHVKJPerKg, KgcePerUnit: H2LHVKJPerKg / StandardCoalKJPerKgce,
		TceSource:       "LHV 120 MJ/kg (IEA, The Future of Hydrogen, 2019); kgce: " + srcGBT2589Df,
		KgCO2ePerKWhLHV: 0, Renewable: true,
		CarbonSource: "0: made from renewable electricity, burning it emits no CO2; counted as renewable (可再生氢) as the zero-carbon park rules count green hydrogen"},
}

// FuelCatalogue lists the fuels zeropark knows, with their figures and
// sources (a fresh copy). A park file names them by Name and may override
// any figure in its fuels list.
func FuelCatalogue() []CatalogueFuel { return slices.Clone(catalogue) }

// CatalogueFuelNamed returns the catalogue fuel of that name.
func CatalogueFuelNamed(name string) (CatalogueFuel, bool) {
	i := slices.IndexFunc(catalogue, func(f CatalogueFuel) bool { return f.Name == name })
	if i < 0 {
		return CatalogueFuel{}, false
	}
	return catalogue[i], true
}

// ResolvedFuel is a fuel with every figure given or defaulted: what the
// dispatch and the ledger use.
type ResolvedFuel struct {
	Name            string
	KgCO2ePerKWhLHV float64
	KgcePerKWhLHV   float64
	Renewable       bool
	// PricePerKWhLHV is what a kWh of the fuel (LHV) costs, in the park's
	// currency (0 when the park gives no price).
	PricePerKWhLHV float64
	// Source is the park's source text, or the catalogue's carbon source
	// when the park gives none.
	Source string
	// Defaulted lists the keys (e.g. "kgco2e_per_kwh_lhv") that took the
	// catalogue's figures.
	Defaulted []string
}

// Fuel resolves the named fuel: the park's entry over the catalogue's, a
// field the park leaves out taking the catalogue's figure. ok is false
// when neither has the name, or when a fuel outside the catalogue leaves
// out a figure only the catalogue could give ([Park.Validate] reports
// both).
func (p *Park) Fuel(name string) (f ResolvedFuel, ok bool) {
	cat, inCat := CatalogueFuelNamed(name)
	var pf *Fuel
	for i := range p.Fuels {
		if p.Fuels[i].Name == name {
			pf = &p.Fuels[i]
			break
		}
	}
	if !inCat && pf == nil {
		return ResolvedFuel{}, false
	}
	f = ResolvedFuel{Name: name, KgCO2ePerKWhLHV: cat.KgCO2ePerKWhLHV, KgcePerKWhLHV: cat.KgcePerKWhLHV(),
		Renewable: cat.Renewable, Source: cat.CarbonSource}
	if pf == nil {
		f.Defaulted = []string{"kgco2e_per_kwh_lhv", "kgce_per_kwh_lhv", "renewable"}
		return f, true
	}
	f.PricePerKWhLHV = pf.PricePerKWhLHV
	if pf.Source != "" {
		f.Source = pf.Source
	}
	if pf.KgCO2ePerKWhLHV != nil {
		f.KgCO2ePerKWhLHV = *pf.KgCO2ePerKWhLHV
	} else if inCat {
		f.Defaulted = append(f.Defaulted, "kgco2e_per_kwh_lhv")
	} else {
		return ResolvedFuel{}, false
	}
	if pf.KgcePerKWhLHV != nil {
		f.KgcePerKWhLHV = *pf.KgcePerKWhLHV
	} else if inCat {
		f.Defaulted = append(f.Defaulted, "kgce_per_kwh_lhv")
	} else {
		return ResolvedFuel{}, false
	}
	if pf.Renewable != nil {
		f.Renewable = *pf.Renewable
	} else if inCat {
		f.Defaulted = append(f.Defaulted, "renewable")
	}
	return f, true
}

// FuelNames lists every fuel the park can name: the catalogue's and its
// own, sorted.
func (p *Park) FuelNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, f := range catalogue {
		seen[f.Name] = true
		names = append(names, f.Name)
	}
	for _, f := range p.Fuels {
		if !seen[f.Name] {
			seen[f.Name] = true
			names = append(names, f.Name)
		}
	}
	sort.Strings(names)
	return names
}
