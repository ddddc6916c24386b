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

// heatPark is validPark with a heat side that passes validation against
// heatSeries: two heat loads, a heat pump of each COP form, an electric
// boiler, a gas boiler, a CHP on a fuel of the park's own, a thermal store
// and purchased heat.
func heatPark() *Park {
	p := validPark()
	p.HeatLoads = []HeatLoad{
		{Name: "factory heat", Column: "heat_kw_th", Kind: SpaceHeating, Tenant: "factory"},
		{Name: "office hot water", Column: "dhw_kw_th", Scale: 0.5, Kind: HotWater},
	}
	p.HeatPumps = []HeatPump{
		{Name: "hp air", CapacityKWTh: 300, COPModel: &COPModel{Kind: StaffellAir, TempColumn: "temp_c", SinkTempC: 55}},
		{Name: "hp const", CapacityKWTh: 100, COP: 3},
	}
	p.ElectricBoilers = []ElectricBoiler{{Name: "e-boiler", CapacityKWTh: 200, Efficiency: 0.99}}
	p.FuelBoilers = []FuelBoiler{{Name: "gas boiler", CapacityKWTh: 500, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	p.CHP = []CHP{{Name: "engine", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.5, Fuel: "biogas"}}
	p.ThermalStorage = []ThermalStorage{{Name: "tank", EnergyKWhTh: 1000, MaxChargeKWTh: 250, MaxDischargeKWTh: 250,
		MinSoCFraction: 0, MaxSoCFraction: 1, InitialSoCFraction: 0.5, StandingLossPerHour: 0.002}}
	p.PurchasedHeat = []PurchasedHeat{{Name: "district steam", LimitKWTh: 400, PricePerKWhTh: 0.05}}
	yes := true
	p.Fuels = []Fuel{
		{Name: "natural_gas", PricePerKWhLHV: 0.03},
		{Name: "biogas", KgCO2ePerKWhLHV: ptr(0), KgcePerKWhLHV: ptr(0.1228), Renewable: &yes, Source: "own digester"},
	}
	return p
}

// heatSeries is validSeries with the columns heatPark adds.
func heatSeries() *SeriesSet {
	s := validSeries()
	for _, c := range []struct {
		name string
		v    []float64
	}{
		{"heat_kw_th", []float64{200, 150, 0, 80}},
		{"dhw_kw_th", []float64{10, 30, 20, 0}},
		{"temp_c", []float64{-20, 0, 10, 45}},
	} {
		if err := s.SetColumn(c.name, c.v); err != nil {
			panic(err)
		}
	}
	return s
}
