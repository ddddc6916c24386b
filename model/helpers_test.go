package model

import (
	"time"
)

// validPark is a small park that passes validation against validSeries.
func validPark() *Park {
	return &Park{
		Name:  "demo",
		Loads: []Load{{Name: "factory", Column: "load_kw"}, {Name: "office", Column: "office_kw", Scale: 2}},
		PV: []PVArray{
			{Name: "roof", CapacityKWp: 500, AvailabilityColumn: "pv_kw_per_kwp"},
			{Name: "carport", CapacityKWp: 100, Weather: &PVWeather{
				LatitudeDeg: 39.9, LongitudeDeg: 116.4, TiltDeg: 30, AzimuthDeg: 180,
				GHIColumn: "ghi", DNIColumn: "dni", DHIColumn: "dhi"}},
		},
		Wind: []WindTurbine{
			{Name: "mill", CapacityKW: 2000, AvailabilityColumn: "wind_kw_per_kw"},
			{Name: "mast", CapacityKW: 100, Weather: &WindWeather{
				SpeedColumn: "speed", MeasurementHeightM: 10, HubHeightM: 80,
				CutInMS: 3, RatedMS: 12, CutOutMS: 25}},
		},
		Batteries: []Battery{{
			Name: "b1", EnergyKWh: 1000, MaxChargeKW: 250, MaxDischargeKW: 250,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95,
			MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5,
			SelfDischargePerHour: 0.0001,
		}},
		Grid: Grid{
			ImportLimitKW:  Unlimited,
			ExportLimitKW:  500,
			DispatchCarbon: CarbonSignal{Column: "carbon", Kind: Marginal},
		},
	}
}

// validSeries is a 4-hour hourly set with every column validPark uses.
func validSeries() *SeriesSet {
	s := &SeriesSet{
		Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
		Step:  time.Hour,
		Len:   4,
	}
	cols := []struct {
		name string
		v    []float64
	}{
		{"load_kw", []float64{100, 120, 130, 90}},
		{"office_kw", []float64{10, 20, 30, 40}},
		{"pv_kw_per_kwp", []float64{0, 0.2, 0.8, 0.1}},
		{"wind_kw_per_kw", []float64{0.5, 0.4, 0.3, 0.2}},
		{"ghi", []float64{0, 200, 600, 100}},
		{"dni", []float64{0, 300, 700, 50}},
		{"dhi", []float64{0, 50, 100, 60}},
		{"speed", []float64{5, 6, 7, 8}},
		{"carbon", []float64{0.5, 0.6, -0.1, 0.4}},
		{DerivedColumn("pv", "carport"), []float64{0, 0.1, 0.5, 0.05}},
		{DerivedColumn("wind", "mast"), []float64{0.1, 0.2, 0.3, 0.4}},
	}
	for _, c := range cols {
		if err := s.SetColumn(c.name, c.v); err != nil {
			panic(err)
		}
	}
	return s
}
