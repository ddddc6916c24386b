package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/zeropark/zeropark/model"
)

// Colours of the heat side: electric heat in blues (heat pumps Okabe &
// Ito's sky blue, electric boilers Paul Tol's indigo), fuel in browns
// (CHP Okabe & Ito's vermilion, its dumped heat a pale orange), bought
// heat in a warm grey; the thermal store in pinks (its discharge Okabe &
// Ito's reddish purple). Any two a panel draws stay apart for
// colour-blind readers (cvd_internal_test.go; QA K, session 39: unserved
// heat and CHP at ΔE 4.6 for a deuteranope, heat pumps and the store's
// discharge at 7.6).
var (
	colHeatPump       = color.NRGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}
	colElectricBoiler = color.NRGBA{R: 0x33, G: 0x22, B: 0x88, A: 0xff}
	colFuelBoiler     = color.NRGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}
	colCHP            = color.NRGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}
	colCHPDump        = color.NRGBA{R: 0xfd, G: 0xd0, B: 0xa2, A: 0xff}
	colPurchasedHeat  = color.NRGBA{R: 0xa8, G: 0x9f, B: 0x91, A: 0xff}
	colStoreOut       = color.NRGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}
	colStoreIn        = color.NRGBA{R: 0xf7, G: 0xb6, B: 0xd2, A: 0xff}
	colStoreSoC       = color.NRGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0x60}
	colFuelCarbon     = color.NRGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}
	colHeatCarbon     = color.NRGBA{R: 0xa8, G: 0x9f, B: 0x91, A: 0xff}
)

// heatPanel is the heat served: the sources stacked above zero (CHP heat
// as made), the stores' charge and the heat the CHP units dump below, the
// heat load as a line (kW_th).
func heatPanel(p *model.Park, w window) (panel, error) {
	s := w.s
	heat := newPanel("heat (kW_th)")
	timeAxis(heat, w, false)
	leg := newLegend()
	supply := []band{
		{"heat pumps", colHeatPump, sumRows(w, s.HeatPumpKWTh)},
		{"electric boilers", colElectricBoiler, sumRows(w, s.ElectricBoilerKWTh)},
		{"fuel boilers", colFuelBoiler, sumRows(w, s.FuelBoilerKWTh)},
		{"CHP heat", colCHP, sumRows(w, s.CHPKWTh)},
		{"heat bought", colPurchasedHeat, sumRows(w, s.PurchasedHeatKWTh)},
		{"store discharge", colStoreOut, sumRows(w, s.HeatDischargeKWTh)},
		{"unserved heat", colUnserved, cut(w, s.UnservedHeatKWTh)},
	}
	has := map[string]bool{"heat pumps": len(p.HeatPumps) > 0, "electric boilers": len(p.ElectricBoilers) > 0,
		"fuel boilers": len(p.FuelBoilers) > 0, "CHP heat": len(p.CHP) > 0, "heat bought": len(p.PurchasedHeat) > 0,
		"store discharge": len(p.ThermalStorage) > 0, "store charge (−)": len(p.ThermalStorage) > 0, "CHP heat dumped (−)": p.HasHeatDump()}
	keep := func(b band) bool { return has[b.name] }
	if _, err := addStack(heat, &leg, w, supply, 1, keep); err != nil {
		return panel{}, err
	}
	below := []band{{"store charge (−)", colStoreIn, sumRows(w, s.HeatChargeKWTh)}, {"CHP heat dumped (−)", colCHPDump, sumRows(w, s.CHPDumpKWTh)}}
	if _, err := addStack(heat, &leg, w, below, -1, keep); err != nil {
		return panel{}, err
	}
	if err := addLoadLine(heat, &leg, w, s.HeatLoadKWTh, "heat load"); err != nil {
		return panel{}, err
	}
	padSigned(heat)
	return panel{plot: heat, weight: 0.36, legend: leg}, nil
}

// heatStoredPanel is the heat held in the thermal stores (kWh_th, at
// instants: the start of the window, then the end of each interval) with
// their highest state of charge dashed.
func heatStoredPanel(p *model.Park, w window) (panel, error) {
	st := newPanel("heat stored\n(kWh_th)")
	timeAxis(st, w, false)
	leg := newLegend()
	s, n := w.s, w.n()
	total := make(plotter.XYs, n+1)
	hi, lo := 0.0, 0.0
	for k, ts := range p.ThermalStorage {
		hi += ts.MaxSoCKWhTh()
		lo += ts.MinSoCKWhTh()
		for t := 0; t <= n; t++ {
			v := s.HeatSoCBefore(k, w.i0+t)
			if w.i0+t == s.Len {
				v = s.FinalHeatSoCKWhTh(k)
			}
			total[t] = plotter.XY{X: w.x(w.i0 + t), Y: total[t].Y + v}
		}
	}
	ring := append(append(make(plotter.XYs, 0, n+3), total...), plotter.XY{X: total[n].X}, plotter.XY{X: total[0].X})
	area, err := plotter.NewPolygon(ring)
	if err != nil {
		return panel{}, fmt.Errorf("%w: heat stored: %w", ErrInput, err)
	}
	area.Color = colStoreSoC
	area.LineStyle.Color, area.LineStyle.Width = colStoreOut, vg.Points(1.2)
	st.Add(area)
	name := "stored heat, all stores"
	if len(p.ThermalStorage) == 1 {
		name = "stored heat, " + p.ThermalStorage[0].Name
	}
	leg.Add(legendName(&leg, name), area)
	// Both limits, as the battery panel draws them; short labels, which
	// the legend's column holds (QA, 2026-12-05: "max state of charge
	// 3800 kWh" lost its last letter).
	for _, lim := range []struct {
		v    float64
		name string
	}{{hi, "max stored"}, {lo, "min stored"}} {
		if lim.v > 0 && !math.IsInf(lim.v, 0) {
			addLimitLine(st, &leg, lim.v, fmt.Sprintf("%s %.0f kWh_th", lim.name, lim.v))
		}
	}
	st.Y.Min = 0
	st.Y.Max = math.Max(hi*1.05, st.Y.Max)
	return panel{plot: st, weight: 0.14, legend: leg}, nil
}

// heatEmissionsPanel is the emissions per interval by source — the grid's
// electricity, the fuel burnt, the heat bought — stacked, its legend
// giving the window's total emKg.
func heatEmissionsPanel(w window, emKg float64) (panel, error) {
	s := w.s
	em := newPanel(fmt.Sprintf("emissions\n(kgCO2e per %s)", stepName(s.Step)))
	timeAxis(em, w, true)
	leg := newLegend()
	bands := []band{
		{"grid electricity", colEmission, cut(w, s.EmissionsKgCO2e)},
		{"fuel", colFuelCarbon, cut(w, s.FuelKgCO2e)},
		{"heat bought", colHeatCarbon, cut(w, s.PurchasedHeatKgCO2e)},
	}
	if _, err := addStack(em, &leg, w, bands, 1, func(b band) bool { return b.name != "heat bought" }); err != nil {
		return panel{}, err
	}
	leg.Add(fmt.Sprintf("total %s", formatKg(emKg)))
	emissionsFloor(em)
	return panel{plot: em, weight: 0.19, legend: leg}, nil
}
