package results

import (
	"slices"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Park-level heat columns of intervals.csv (only for a park with heat).
const (
	ColHeatLoadKWTh         = "heat_load_kw_th"
	ColUnservedHeatKWTh     = "unserved_heat_kw_th"
	ColFuelKgCO2e           = "fuel_kgco2e"
	ColPurchasedHeatKgCO2e  = "purchased_heat_kgco2e"
	ColTotalEmissionsKgCO2e = "total_emissions_kgco2e"
)

// Kinds and quantities of the per-asset heat columns of intervals.csv,
// <kind>_<slug>_<quantity>. KindFuel's columns are per fuel burnt (by
// fuel boilers and CHP), its slug the fuel's name.
const (
	KindHeatPump       = "heat_pump"
	KindElectricBoiler = "electric_boiler"
	KindFuelBoiler     = "fuel_boiler"
	KindCHP            = "chp"
	KindHeatStore      = "heat_store"
	KindPurchasedHeat  = "purchased_heat"
	KindFuel           = "fuel_use"

	QtyKWTh           = "kw_th"
	QtyDumpedKWTh     = "dumped_kw_th"
	QtyCOP            = "cop"
	QtyFuelKWLHV      = "fuel_kw_lhv"
	QtyKWLHV          = "kw_lhv"
	QtyChargeKWTh     = "charge_kw_th"
	QtyDischargeKWTh  = "discharge_kw_th"
	QtySoCKWhTh       = "soc_kwh_th"
	QtyKgCO2ePerKWhTh = "kgco2e_per_kwh_th"
)

// heatCtx is what the heat columns of one park read besides the schedule:
// the fuels burnt, in order of first use, with their factors, and which
// assets burn each.
type heatCtx struct {
	p      *model.Park
	fuels  []string
	factor []float64
}

func newHeatCtx(p *model.Park) *heatCtx {
	x := &heatCtx{p: p}
	for _, name := range fuelsBurnt(p) {
		f, _ := p.Fuel(name)
		x.fuels = append(x.fuels, name)
		x.factor = append(x.factor, f.KgCO2ePerKWhLHV)
	}
	return x
}

// fuelsBurnt lists the fuels of p's fuel boilers and CHP, in order of
// first use.
func fuelsBurnt(p *model.Park) []string {
	var out []string
	for _, b := range p.FuelBoilers {
		if !slices.Contains(out, b.Fuel) {
			out = append(out, b.Fuel)
		}
	}
	for _, c := range p.CHP {
		if !slices.Contains(out, c.Fuel) {
			out = append(out, c.Fuel)
		}
	}
	return out
}

// fuelKW is fuel i's use in interval t, kW of LHV.
func (x *heatCtx) fuelKW(s *dispatch.Schedule, i, t int) float64 {
	v := 0.0
	for f, b := range x.p.FuelBoilers {
		if b.Fuel == x.fuels[i] {
			v += s.FuelBoilerFuelKW[f][t]
		}
	}
	for c, u := range x.p.CHP {
		if u.Fuel == x.fuels[i] {
			v += s.CHPFuelKW[c][t]
		}
	}
	return v
}

// heatCol is one heat column of intervals.csv: park-level (kind "") or
// per asset of kind (per fuel for KindFuel).
type heatCol struct {
	kind, name, doc string
	get             func(x *heatCtx, s *dispatch.Schedule, i, t int) float64
}

// heatColOnly holds the per-asset heat columns that only some assets
// have, by kind and quantity: asset i of park p has the column when the
// function says so. A CHP has its dumped heat only with a heat dump.
var heatColOnly = map[[2]string]func(p *model.Park, i int) bool{
	{KindCHP, QtyDumpedKWTh}: func(p *model.Park, i int) bool { return p.CHP[i].HasHeatDump() },
}

// has reports whether asset i of park p has column c.
func (c *heatCol) has(p *model.Park, i int) bool {
	only := heatColOnly[[2]string{c.kind, c.name}]
	return only == nil || only(p, i)
}

// heatLayout is intervals.csv's heat part, after the electricity columns,
// in order; the columns of one kind repeat per asset.
var heatLayout = []heatCol{
	{"", ColHeatLoadKWTh, "total heat demand of all heat loads, kW_th", func(_ *heatCtx, s *dispatch.Schedule, _, t int) float64 { return s.HeatLoadKWTh[t] }},
	{KindHeatPump, QtyKWTh, "per heat pump: heat delivered", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.HeatPumpKWTh[i][t] }},
	{KindHeatPump, QtyKW, "per heat pump: electricity drawn (heat / COP)", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.HeatPumpKW[i][t] }},
	{KindHeatPump, QtyCOP, "per heat pump: its COP in the interval", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.HeatPumpCOP[i][t] }},
	{KindElectricBoiler, QtyKWTh, "per electric boiler: heat delivered", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.ElectricBoilerKWTh[i][t] }},
	{KindElectricBoiler, QtyKW, "per electric boiler: electricity drawn", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.ElectricBoilerKW[i][t] }},
	{KindFuelBoiler, QtyKWTh, "per fuel boiler: heat delivered", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.FuelBoilerKWTh[i][t] }},
	{KindFuelBoiler, QtyFuelKWLHV, "per fuel boiler: fuel burnt, kW of LHV", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.FuelBoilerFuelKW[i][t] }},
	{KindCHP, QtyKW, "per CHP: electricity made", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.CHPKW[i][t] }},
	{KindCHP, QtyKWTh, "per CHP: heat made", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.CHPKWTh[i][t] }},
	{KindCHP, QtyFuelKWLHV, "per CHP: fuel burnt, kW of LHV", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.CHPFuelKW[i][t] }},
	{KindCHP, QtyDumpedKWTh, "per CHP with a heat dump (heat_dump_kw_th > 0; no column without): the part of the heat it made that its dump rejected, not delivered",
		func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.CHPDumpKWTh[i][t] }},
	{KindHeatStore, QtyChargeKWTh, "per thermal store: heat into it", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.HeatChargeKWTh[i][t] }},
	{KindHeatStore, QtyDischargeKWTh, "per thermal store: heat out of it", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.HeatDischargeKWTh[i][t] }},
	{KindHeatStore, QtySoCKWhTh, "per thermal store: heat stored at the end of the interval", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.HeatSoCKWhTh[i][t] }},
	{KindPurchasedHeat, QtyKWTh, "per purchased heat: heat bought", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 { return s.PurchasedHeatKWTh[i][t] }},
	{KindPurchasedHeat, QtyKgCO2ePerKWhTh, "per purchased heat: its emission factor", func(_ *heatCtx, s *dispatch.Schedule, i, t int) float64 {
		return s.PurchasedHeatKgCO2ePerKWhTh[i][t]
	}},
	{"", ColUnservedHeatKWTh, "heat load not served", func(_ *heatCtx, s *dispatch.Schedule, _, t int) float64 { return s.UnservedHeatKWTh[t] }},
	{KindFuel, QtyKWLHV, "per fuel burnt (the fuel's name as slug): kW of LHV, boilers and CHP together", func(x *heatCtx, s *dispatch.Schedule, i, t int) float64 {
		return x.fuelKW(s, i, t)
	}},
	{KindFuel, QtyKgCO2e, "per fuel burnt: its carbon, fuel kW × the fuel's factor × Δt", func(x *heatCtx, s *dispatch.Schedule, i, t int) float64 {
		return x.fuelKW(s, i, t) * x.factor[i] * s.Step.Hours()
	}},
	{"", ColFuelKgCO2e, "the carbon of all fuel burnt", func(_ *heatCtx, s *dispatch.Schedule, _, t int) float64 { return s.FuelKgCO2e[t] }},
	{"", ColPurchasedHeatKgCO2e, "the carbon of the heat bought, heat × its factor × Δt", func(_ *heatCtx, s *dispatch.Schedule, _, t int) float64 {
		return s.PurchasedHeatKgCO2e[t]
	}},
	{"", ColTotalEmissionsKgCO2e, "emissions_kgco2e + fuel_kgco2e + purchased_heat_kgco2e: the interval's residual", func(_ *heatCtx, s *dispatch.Schedule, _, t int) float64 {
		return s.TotalEmissionsKgCO2e(t)
	}},
}

// heatKinds are the per-asset heat kinds, in order.
var heatKinds = []string{KindHeatPump, KindElectricBoiler, KindFuelBoiler, KindCHP, KindHeatStore, KindPurchasedHeat, KindFuel}

// heatQuantities lists the quantities of a heat kind's columns, in order.
func heatQuantities(kind string) []string {
	var q []string
	for _, c := range heatLayout {
		if c.kind == kind {
			q = append(q, c.name)
		}
	}
	return q
}

// parkHeatQuantities are heatQuantities of the columns park p can have:
// without a CHP heat dump, none of a dump's, so that the slugs are those
// of a file written before dumps.
func parkHeatQuantities(p *model.Park, kind string) []string {
	var q []string
	for _, c := range heatLayout {
		if _, some := heatColOnly[[2]string{kind, c.name}]; c.kind == kind && (!some || p.HasHeatDump()) {
			q = append(q, c.name)
		}
	}
	return q
}

// heatSlugs names the heat assets of p by kind (the fuels burnt for
// KindFuel), as [AssetSlugs] does for each kind.
func heatSlugs(p *model.Park, x *heatCtx) map[string][]string {
	names := func(n int, name func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = name(i)
		}
		return out
	}
	all := map[string][]string{
		KindHeatPump:       names(len(p.HeatPumps), func(i int) string { return p.HeatPumps[i].Name }),
		KindElectricBoiler: names(len(p.ElectricBoilers), func(i int) string { return p.ElectricBoilers[i].Name }),
		KindFuelBoiler:     names(len(p.FuelBoilers), func(i int) string { return p.FuelBoilers[i].Name }),
		KindCHP:            names(len(p.CHP), func(i int) string { return p.CHP[i].Name }),
		KindHeatStore:      names(len(p.ThermalStorage), func(i int) string { return p.ThermalStorage[i].Name }),
		KindPurchasedHeat:  names(len(p.PurchasedHeat), func(i int) string { return p.PurchasedHeat[i].Name }),
		KindFuel:           x.fuels,
	}
	out := map[string][]string{}
	for kind, n := range all {
		out[kind] = AssetSlugs(n, parkHeatQuantities(p, kind)...)
	}
	return out
}

// eachHeatColumn calls f for every heat column of intervals.csv for park
// p (none without heat), in order, with the asset index.
func eachHeatColumn(p *model.Park, x *heatCtx, f func(name string, c *heatCol, i int)) {
	if !p.HasHeat() {
		return
	}
	slugs := heatSlugs(p, x)
	for k := 0; k < len(heatLayout); {
		c := &heatLayout[k]
		if c.kind == "" {
			f(c.name, c, 0)
			k++
			continue
		}
		end := k
		for end < len(heatLayout) && heatLayout[end].kind == c.kind {
			end++
		}
		for i, slug := range slugs[c.kind] {
			for j := k; j < end; j++ {
				if heatLayout[j].has(p, i) {
					f(AssetColumn(c.kind, slug, heatLayout[j].name), &heatLayout[j], i)
				}
			}
		}
		k = end
	}
}

// HeatIntervalColumnDocs documents the heat columns intervals.csv has
// after the electricity ones for a park with heat, in order (heat in kW_th,
// fuel in kW of its lower heating value); per-asset columns carry
// [SlugPlaceholder] and repeat per asset.
func HeatIntervalColumnDocs() []ColumnDoc {
	var docs []ColumnDoc
	for _, c := range heatLayout {
		name := c.name
		if c.kind != "" {
			name = AssetColumn(c.kind, SlugPlaceholder, c.name)
		}
		docs = append(docs, ColumnDoc{name, c.doc})
	}
	return docs
}

// isHeatColumn reports whether h is a heat column of intervals.csv: a
// park-level one or <kind>_<slug>_<quantity> of a heat kind.
func isHeatColumn(h string) bool {
	for _, c := range heatLayout {
		if c.kind == "" && c.name == h {
			return true
		}
	}
	for _, kind := range heatKinds {
		rest, ok := strings.CutPrefix(h, kind+"_")
		if !ok {
			continue
		}
		for _, q := range heatQuantities(kind) {
			if slug, ok := strings.CutSuffix(rest, "_"+q); ok && slugRE.MatchString(slug) {
				return true
			}
		}
	}
	return false
}
