package plan_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// t0 starts the small test series: a Monday in the clock of UTC−6, as the
// demo's.
var t0 = time.Date(2023, 3, 27, 0, 0, 0, 0, time.FixedZone("UTC-6", -6*3600))

// fixture describes a small park: one load, one PV array, one turbine,
// one battery (today's capacities), a grid with a carbon factor and an
// import price per step, and the economics.
type fixture struct {
	n                  int
	step               time.Duration
	loadKW, pvPerKWp   []float64
	windPerKW, carbon  []float64 // kW per kW; kgCO2e/kWh
	price              []float64 // import price per kWh
	exportPricePerKWh  float64
	importKW, exportKW float64
	demandPerKWMonth   float64
	pvKWp, windKW      float64
	batKWh, batKW      float64
	selfDischargePerH  float64
	wearPerKWh         float64
	econ               *model.Economics
	noWind, noBattery  bool
	// secondBattery adds a second battery ("bat2", 40 % of the first's
	// energy and power, other efficiencies, no self-discharge).
	secondBattery bool
	accounting    []float64 // nil: the dispatch signal is the accounting factor
	// heat, when set, gives the park a heat side; tempC, when set, is
	// the series column "temp_c" (a heat pump's COP model reads it).
	heat  *heatSide
	tempC []float64
}

// heatSide is a fixture's heat: one heat load, a gas boiler large enough
// for it, and optionally a heat pump, electric boilers, a thermal store and
// purchased heat.
type heatSide struct {
	loadKWTh       []float64
	gasPricePerKWh float64 // natural gas, per kWh of LHV
	boilerKWTh     float64 // 0: twice the peak heat load
	hp             *model.HeatPump
	eb             []model.ElectricBoiler
	store          *model.ThermalStorage
	purchased      *model.PurchasedHeat
}

// hourStep is the fixtures' usual step.
const hourStep = time.Hour

// randomFixture is n hourly steps of a park with a daily PV shape, gusty
// wind, a load with a daily cycle, a carbon factor and a price that vary,
// and every technology a candidate.
func randomFixture(rng *rand.Rand, n int) *fixture {
	f := &fixture{n: n, step: time.Hour, exportPricePerKWh: 0.02, importKW: 2000, exportKW: 500,
		pvKWp: 100, windKW: 0, batKWh: 0, batKW: 0, wearPerKWh: 0.002}
	for t := range n {
		h := float64(t % 24)
		f.loadKW = append(f.loadKW, 300+100*math.Sin(2*math.Pi*(h-14)/24)+40*rng.Float64())
		f.pvPerKWp = append(f.pvPerKWp, math.Max(0, 0.8*math.Sin(math.Pi*(h-6)/12))*(0.6+0.4*rng.Float64()))
		f.windPerKW = append(f.windPerKW, math.Min(1, math.Max(0, 0.35+0.3*rng.NormFloat64())))
		f.carbon = append(f.carbon, 0.35+0.25*math.Sin(2*math.Pi*(h-18)/24)+0.1*rng.Float64())
		f.price = append(f.price, 0.08+0.06*math.Sin(2*math.Pi*(h-17)/24)+0.01*rng.Float64())
	}
	f.econ = &model.Economics{Currency: "USD",
		PV:      &model.PVEconomics{MaxTotalKWp: 3000},
		Wind:    &model.WindEconomics{MaxTotalKW: 2000},
		Battery: &model.BatteryEconomics{MaxTotalKWh: 6000, MaxTotalKW: 1500}}
	return f
}

// build makes the park and its series set.
func (f *fixture) build(tb testing.TB) (*model.Park, *model.SeriesSet) {
	tb.Helper()
	set := &model.SeriesSet{Start: t0, Step: f.step, Len: f.n}
	col := func(name string, v []float64) {
		require.NoError(tb, set.SetColumn(name, v))
	}
	col("load_kw", f.loadKW)
	col("pv_kw_per_kwp", f.pvPerKWp)
	col("carbon", f.carbon)
	col("price", f.price)
	p := &model.Park{Name: "fixture",
		Loads: []model.Load{{Name: "load", Column: "load_kw"}},
		PV:    []model.PVArray{{Name: "pv", CapacityKWp: f.pvKWp, AvailabilityColumn: "pv_kw_per_kwp"}},
		Grid: model.Grid{ImportLimitKW: f.importKW, ExportLimitKW: f.exportKW,
			DispatchCarbon:         model.CarbonSignal{Column: "carbon", Kind: model.Average},
			ImportPrice:            &model.Price{Column: "price"},
			ExportPrice:            &model.Price{PerKWh: f.exportPricePerKWh},
			DemandChargePerKWMonth: f.demandPerKWMonth},
		Economics: f.econ}
	if f.accounting != nil {
		col("accounting", f.accounting)
		p.Grid.AccountingCarbon = &model.CarbonSignal{Column: "accounting", Kind: model.Average}
	}
	if !f.noWind {
		col("wind_kw_per_kw", f.windPerKW)
		p.Wind = []model.WindTurbine{{Name: "wind", CapacityKW: f.windKW, AvailabilityColumn: "wind_kw_per_kw"}}
	}
	if !f.noBattery {
		p.Batteries = []model.Battery{{Name: "bat", EnergyKWh: f.batKWh, MaxChargeKW: f.batKW, MaxDischargeKW: f.batKW,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9,
			InitialSoCFraction: 0.5, SelfDischargePerHour: f.selfDischargePerH, WearCostPerKWh: f.wearPerKWh}}
		if f.secondBattery {
			p.Batteries = append(p.Batteries, model.Battery{Name: "bat2", EnergyKWh: 0.4 * f.batKWh, MaxChargeKW: 0.4 * f.batKW,
				MaxDischargeKW: 0.3 * f.batKW, ChargeEfficiency: 0.9, DischargeEfficiency: 0.97, MinSoCFraction: 0.05,
				MaxSoCFraction: 1, InitialSoCFraction: 0.2, WearCostPerKWh: 2 * f.wearPerKWh})
		}
	}
	if h := f.heat; h != nil {
		col("heat_kw_th", h.loadKWTh)
		if f.tempC != nil {
			col("temp_c", f.tempC)
		}
		boiler := h.boilerKWTh
		if boiler == 0 {
			for _, v := range h.loadKWTh {
				boiler = math.Max(boiler, 2*v)
			}
		}
		p.HeatLoads = []model.HeatLoad{{Name: "heat", Column: "heat_kw_th"}}
		p.FuelBoilers = []model.FuelBoiler{{Name: "boiler", CapacityKWTh: boiler, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
		p.Fuels = []model.Fuel{{Name: "natural_gas", PricePerKWhLHV: h.gasPricePerKWh}}
		if h.hp != nil {
			p.HeatPumps = []model.HeatPump{*h.hp}
		}
		p.ElectricBoilers = h.eb
		if h.store != nil {
			p.ThermalStorage = []model.ThermalStorage{*h.store}
		}
		if h.purchased != nil {
			p.PurchasedHeat = []model.PurchasedHeat{*h.purchased}
		}
	}
	require.NoError(tb, p.ValidateWith(set))
	return p, set
}

// flat is n copies of v.
func flat(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func ptr(v float64) *float64 { return &v }
