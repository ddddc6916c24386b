package periods_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan/periods"
)

// demoYear is the Texas demo park's year (8760 hourly steps) as the eight
// series a planner would aggregate: the park's total load, PV and wind
// availability per kW installed, the dispatch carbon signal and four
// tenant loads (kW). The demo has no price column.
type demoYear struct {
	step                        time.Duration
	loadKW, pvPerKWp, windPerKW []float64
	carbon                      []float64 // kgCO2e/kWh
	pvKWp, windKW               float64   // the demo's installed capacities
	series                      []periods.Series
}

func loadDemo(tb testing.TB) demoYear {
	tb.Helper()
	park, set, err := demo.Load(demo.Default)
	require.NoError(tb, err)
	require.NoError(tb, physics.Derive(park, set))
	prof, err := model.Resolve(park, set)
	require.NoError(tb, err)
	d := demoYear{step: prof.Step, carbon: prof.DispatchKgCO2ePerKWh}
	d.loadKW = make([]float64, prof.Len)
	for t := range d.loadKW {
		d.loadKW[t] = prof.TotalLoadKW(t)
	}
	d.pvPerKWp = perUnit(prof.PVAvailKW, park.PV, func(p model.PVArray) float64 { return p.CapacityKWp }, &d.pvKWp)
	d.windPerKW = perUnit(prof.WindAvailKW, park.Wind, func(w model.WindTurbine) float64 { return w.CapacityKW }, &d.windKW)
	d.series = []periods.Series{
		{Name: "load_kw", Values: d.loadKW},
		{Name: "pv_kw_per_kwp", Values: d.pvPerKWp},
		{Name: "wind_kw_per_kw", Values: d.windPerKW},
		{Name: "carbon_kgco2e_per_kwh", Values: d.carbon},
		{Name: "large_office_kw", Values: prof.LoadKW[0]},
		{Name: "supermarket_kw", Values: prof.LoadKW[3]},
		{Name: "hotel_kw", Values: prof.LoadKW[7]},
		{Name: "restaurant_kw", Values: prof.LoadKW[6]},
	}
	return d
}

// perUnit sums the assets' availability (kW) and divides by their summed
// capacity, which it stores in total.
func perUnit[A any](availKW [][]float64, assets []A, capacity func(A) float64, total *float64) []float64 {
	out := make([]float64, len(availKW[0]))
	for i, a := range assets {
		*total += capacity(a)
		for t, x := range availKW[i] {
			out[t] += x
		}
	}
	for t := range out {
		out[t] /= *total
	}
	return out
}
