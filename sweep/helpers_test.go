package sweep

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// fixturePark is a small park: two loads, two PV arrays (1000 + 500 kWp),
// one wind turbine, one battery, an hourly average carbon column and
// constant prices.
func fixturePark() *model.Park {
	return &model.Park{
		Name:  "fixture",
		Loads: []model.Load{{Name: "Office", Column: "office_kw"}, {Name: "Plant", Column: "plant_kw", Scale: 2}},
		PV: []model.PVArray{
			{Name: "Rooftop PV", CapacityKWp: 1000, AvailabilityColumn: "pv_kw_per_kwp"},
			{Name: "Ground PV", CapacityKWp: 500, AvailabilityColumn: "pv_kw_per_kwp"},
		},
		Wind: []model.WindTurbine{{Name: "Turbine", CapacityKW: 400, AvailabilityColumn: "wind_kw_per_kw"}},
		Batteries: []model.Battery{{
			Name: "Main", EnergyKWh: 2000, MaxChargeKW: 500, MaxDischargeKW: 400,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95,
			MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5,
		}},
		Grid: model.Grid{
			ImportLimitKW:  model.Unlimited,
			ExportLimitKW:  800,
			DispatchCarbon: model.CarbonSignal{Column: "co2_kg_per_kwh", Kind: model.Average},
			ImportPrice:    &model.Price{PerKWh: 0.12},
			ExportPrice:    &model.Price{PerKWh: 0.04},
		},
	}
}

// fixtureSeries is n hourly steps of synthetic but plausible data.
func fixtureSeries(n int) *model.SeriesSet {
	s := &model.SeriesSet{Start: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n}
	office, plant, pv, wind, co2 := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for t := range n {
		h := float64(t % 24)
		office[t] = 300 + 250*math.Max(0, math.Sin(math.Pi*(h-7)/11))
		plant[t] = 200 + 30*math.Cos(float64(t)/3)
		pv[t] = 0.85 * math.Max(0, math.Sin(math.Pi*(h-6)/13))
		wind[t] = 0.35 + 0.3*math.Sin(float64(t)/7)
		co2[t] = 0.45 + 0.15*math.Cos(math.Pi*(h-3)/12)
	}
	for name, v := range map[string][]float64{"office_kw": office, "plant_kw": plant, "pv_kw_per_kwp": pv,
		"wind_kw_per_kw": wind, "co2_kg_per_kwh": co2} {
		if err := s.SetColumn(name, v); err != nil {
			panic(err)
		}
	}
	return s
}

func fixture(t testing.TB, n int) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.New("fixture", fixturePark(), fixtureSeries(n))
	require.NoError(t, err)
	return sc
}

// demoSlice is the named demo cut to n steps from step from.
func demoSlice(t testing.TB, name string, from, n int) *scenario.Scenario {
	t.Helper()
	p, set, err := demo.Load(name)
	require.NoError(t, err)
	cut := &model.SeriesSet{Start: set.Time(from), Step: set.Step, Len: n}
	for _, c := range set.Names {
		require.NoError(t, cut.SetColumn(c, append([]float64(nil), set.Columns[c][from:from+n]...)))
	}
	sc, err := scenario.New(name, p, cut)
	require.NoError(t, err)
	return sc
}

func mustSpace(t testing.TB, specs ...string) *Space {
	t.Helper()
	var axes []Axis
	for _, s := range specs {
		a, err := ParseVary(s)
		require.NoError(t, err, s)
		axes = append(axes, a)
	}
	sp, err := NewSpace(axes...)
	require.NoError(t, err)
	return sp
}
