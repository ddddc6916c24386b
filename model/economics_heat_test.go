package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heatEconPark is validPark with a 100 kW_th heat pump and a 400 kWh_th
// store today (and a heat load they serve).
func heatEconPark(e *Economics) *Park {
	p := validPark()
	p.HeatLoads = []HeatLoad{{Name: "h", Column: "l"}}
	p.HeatPumps = []HeatPump{{Name: "hp", CapacityKWTh: 100, COP: 3}}
	p.ThermalStorage = []ThermalStorage{{Name: "tank", EnergyKWhTh: 400, MaxChargeKWTh: 100, MaxDischargeKWTh: 100,
		MaxSoCFraction: 1, InitialSoCFraction: 0.5}}
	p.Economics = e
	return p
}

// Heat pumps and thermal stores take REopt's defaults in USD (4,050 USD
// per ton of heating is 1,151.6 USD/kW_th; 1.50 USD per gallon of
// 180/160 °F water is 31.46 USD/kWh_th), their existing capacity from the
// park, and count as candidates only with a bound above today's.
func TestCapacityCostsHeatDefaults(t *testing.T) {
	p := heatEconPark(&Economics{Currency: "USD",
		HeatPump:       &HeatPumpEconomics{MaxTotalKWTh: 600},
		ThermalStorage: &ThermalStorageEconomics{CapitalPerKWhTh: ptr(50), MaxTotalKWhTh: 2000}})
	require.NoError(t, p.Validate())
	c, err := p.CapacityCosts()
	require.NoError(t, err)
	assert.InDelta(t, 4050/3.51685, c.HeatPump.CapitalPerUnit, 1e-9)
	assert.InDelta(t, 1151.6, c.HeatPump.CapitalPerUnit, 0.05)
	assert.Equal(t, "kW_th", c.HeatPump.Unit)
	assert.Equal(t, 100.0, c.HeatPump.Existing)
	assert.InDelta(t, 500, c.HeatPump.MaxAdded(), 1e-12)
	assert.Equal(t, 25.0, c.HeatPump.LifetimeYears)
	assert.Equal(t, 50.0, c.ThermalStorage.CapitalPerUnit, "given")
	assert.Equal(t, 0.0, c.ThermalStorage.FixedOMPerUnitYear)
	assert.InDelta(t, 1600, c.ThermalStorage.MaxAdded(), 1e-12)
	// REopt's tank: 1.50 USD per gallon at 0.0477 kWh_th per gallon.
	assert.InDelta(t, 1.50/0.0477, DefaultThermalStorageCapitalPerKWhTh, 0.05)
	assert.Subset(t, c.Defaulted, []string{"heat_pump.capital_per_kw_th", "heat_pump.fixed_om_per_kw_th_year",
		"heat_pump.lifetime_years", "thermal_storage.fixed_om_per_kwh_th_year", "thermal_storage.lifetime_years"})
	assert.NotContains(t, c.Defaulted, "thermal_storage.capital_per_kwh_th")

	none := heatEconPark(&Economics{Currency: "USD"})
	c, err = none.CapacityCosts()
	require.NoError(t, err)
	assert.False(t, c.HeatPump.Candidate())
	assert.False(t, c.ThermalStorage.Candidate())
	assert.Equal(t, 400.0, c.ThermalStorage.Existing)
}

// assertOneEconomicsError checks that p has exactly one problem, in its
// economics at field (value as written, "" not checked), for reason, and
// that CapacityCosts refuses it too.
func assertOneEconomicsError(t *testing.T, p *Park, field, value, reason string) {
	t.Helper()
	err := p.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	fes := fieldErrors(t, err)
	require.Len(t, fes, 1, "%v", err)
	assert.Equal(t, "economics", fes[0].Asset)
	assert.Equal(t, field, fes[0].Field)
	if value != "" {
		assert.Contains(t, fes[0].Error(), field+" = "+value+": ")
	}
	assert.Contains(t, fes[0].Reason, reason)
	_, err = p.CapacityCosts()
	assert.ErrorIs(t, err, ErrInvalid)
}

// Heat economics are checked like the others: the field, its value and
// why, unwrapping to ErrInvalid.
func TestHeatEconomicsErrors(t *testing.T) {
	usd := func(edit func(e *Economics)) *Economics {
		e := &Economics{Currency: "USD", HeatPump: &HeatPumpEconomics{MaxTotalKWTh: 600},
			ThermalStorage: &ThermalStorageEconomics{MaxTotalKWhTh: 2000}}
		edit(e)
		return e
	}
	for _, tc := range []struct {
		name, field, value, reason string
		e                          *Economics
	}{
		{"negative heat pump capital", "heat_pump.capital_per_kw_th", "-1", "≥ 0", usd(func(e *Economics) { e.HeatPump.CapitalPerKWTh = ptr(-1) })},
		{"heat pump bound below today", "heat_pump.max_total_kw_th", "50", "below the park's total heat pump output today, 100 kW_th",
			usd(func(e *Economics) { e.HeatPump.MaxTotalKWTh = 50 })},
		{"store lifetime 0", "thermal_storage.lifetime_years", "0", "(0, 100]", usd(func(e *Economics) { e.ThermalStorage.LifetimeYears = ptr(0) })},
		{"negative store O&M", "thermal_storage.fixed_om_per_kwh_th_year", "-2", "≥ 0",
			usd(func(e *Economics) { e.ThermalStorage.FixedOMPerKWhThYear = ptr(-2) })},
		{"store bound below today", "thermal_storage.max_total_kwh_th", "300", "400 kWh_th",
			usd(func(e *Economics) { e.ThermalStorage.MaxTotalKWhTh = 300 })},
		{"CNY heat pump without capital", "heat_pump.capital_per_kw_th", "", `required for a candidate when the currency is "CNY"`,
			&Economics{Currency: "CNY", DiscountRatePerYear: ptr(0.05), HeatPump: &HeatPumpEconomics{FixedOMPerKWThYear: ptr(1), LifetimeYears: ptr(20), MaxTotalKWTh: 600}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := heatEconPark(tc.e)
			assertOneEconomicsError(t, p, tc.field, tc.value, tc.reason)
		})
	}
}

// Electric boilers take REopt's ElectricHeater defaults in USD (154,902
// USD per MMBtu/h of heat ÷ 293.07107 kW_th per MMBtu/h = 528.5 USD/kW_th,
// no fixed O&M), their existing capacity from the park (Σ capacity_kw_th
// of the electric boilers), and are a candidate only with a bound above
// today's.
func TestCapacityCostsElectricBoiler(t *testing.T) {
	p := heatEconPark(&Economics{Currency: "USD", ElectricBoiler: &ElectricBoilerEconomics{MaxTotalKWTh: 900}})
	p.ElectricBoilers = []ElectricBoiler{{Name: "eb1", CapacityKWTh: 150, Efficiency: 0.99}, {Name: "eb2", CapacityKWTh: 50, Efficiency: 0.98}}
	require.NoError(t, p.Validate())
	c, err := p.CapacityCosts()
	require.NoError(t, err)
	eb := c.ElectricBoiler
	assert.InDelta(t, 154902/293.07107, eb.CapitalPerUnit, 1e-9)
	assert.InDelta(t, 528.5, eb.CapitalPerUnit, 0.05)
	assert.Equal(t, 0.0, eb.FixedOMPerUnitYear)
	assert.Equal(t, "kW_th", eb.Unit)
	assert.Equal(t, 200.0, eb.Existing, "150 + 50 kW_th today")
	assert.InDelta(t, 700, eb.MaxAdded(), 1e-12)
	assert.Equal(t, 25.0, eb.LifetimeYears)
	assert.Subset(t, c.Defaulted, []string{"electric_boiler.capital_per_kw_th", "electric_boiler.fixed_om_per_kw_th_year",
		"electric_boiler.lifetime_years"})
	// A year of one kW_th: capital × CRF(6.24 %, 25 y) by hand,
	// 0.0624·1.0624^25 / (1.0624^25 − 1) = 0.07993…
	g := 1.0
	for range 25 {
		g *= 1.0624
	}
	assert.InDelta(t, 528.5*0.0624*g/(g-1), eb.AnnualisedPerUnitYear(c.DiscountRatePerYear), 0.05*0.08)

	given := heatEconPark(&Economics{Currency: "USD", ElectricBoiler: &ElectricBoilerEconomics{CapitalPerKWTh: ptr(300),
		FixedOMPerKWThYear: ptr(4), LifetimeYears: ptr(20), MaxTotalKWTh: 500}})
	c, err = given.CapacityCosts()
	require.NoError(t, err)
	assert.Equal(t, TechCosts{Unit: "kW_th", CapitalPerUnit: 300, FixedOMPerUnitYear: 4, LifetimeYears: 20, MaxTotal: 500}, c.ElectricBoiler,
		"given figures, no electric boiler today")
	assert.True(t, c.ElectricBoiler.Candidate())

	none := heatEconPark(&Economics{Currency: "USD"})
	c, err = none.CapacityCosts()
	require.NoError(t, err)
	assert.False(t, c.ElectricBoiler.Candidate())
	assert.NotContains(t, c.Defaulted, "electric_boiler.capital_per_kw_th")
}

// Electric boiler economics are checked like the heat pump's.
func TestElectricBoilerEconomicsErrors(t *testing.T) {
	usd := func(edit func(e *ElectricBoilerEconomics)) *Economics {
		e := &ElectricBoilerEconomics{MaxTotalKWTh: 600}
		edit(e)
		return &Economics{Currency: "USD", ElectricBoiler: e}
	}
	for _, tc := range []struct {
		name, field, value, reason string
		e                          *Economics
	}{
		{"negative capital", "electric_boiler.capital_per_kw_th", "-1", "≥ 0", usd(func(e *ElectricBoilerEconomics) { e.CapitalPerKWTh = ptr(-1) })},
		{"negative O&M", "electric_boiler.fixed_om_per_kw_th_year", "-3", "≥ 0", usd(func(e *ElectricBoilerEconomics) { e.FixedOMPerKWThYear = ptr(-3) })},
		{"lifetime 0", "electric_boiler.lifetime_years", "0", "(0, 100]", usd(func(e *ElectricBoilerEconomics) { e.LifetimeYears = ptr(0) })},
		{"negative bound", "electric_boiler.max_total_kw_th", "-5", "≥ 0", usd(func(e *ElectricBoilerEconomics) { e.MaxTotalKWTh = -5 })},
		{"bound below today", "electric_boiler.max_total_kw_th", "150", "below the park's total electric boiler output today, 200 kW_th",
			usd(func(e *ElectricBoilerEconomics) { e.MaxTotalKWTh = 150 })},
		{"CNY without capital", "electric_boiler.capital_per_kw_th", "", `required for a candidate when the currency is "CNY"`,
			&Economics{Currency: "CNY", DiscountRatePerYear: ptr(0.05),
				ElectricBoiler: &ElectricBoilerEconomics{FixedOMPerKWThYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKWTh: 600}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := heatEconPark(tc.e)
			p.ElectricBoilers = []ElectricBoiler{{Name: "eb", CapacityKWTh: 200, Efficiency: 0.99}}
			assertOneEconomicsError(t, p, tc.field, tc.value, tc.reason)
		})
	}
}
