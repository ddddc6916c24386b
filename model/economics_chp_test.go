package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CHP takes REopt's recip_engine cost at 1,000 kW (2,800 USD/kW electric,
// no fixed O&M) and fuel boilers REopt's new Boiler (293,000 USD and
// 2,930 USD a year per MMBtu/h ÷ 293.07107 kW_th per MMBtu/h); existing
// capacity is the park's (Σ capacity_kw of the CHP, Σ capacity_kw_th of
// the fuel boilers).
func TestCapacityCostsCHPAndFuelBoiler(t *testing.T) {
	p := heatEconPark(&Economics{Currency: "USD", CHP: &CHPEconomics{MaxTotalKW: 1100, UnitKW: 500},
		FuelBoiler: &FuelBoilerEconomics{MaxTotalKWTh: 800}})
	p.CHP = []CHP{{Name: "engine", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.5, Fuel: "natural_gas"}}
	p.FuelBoilers = []FuelBoiler{{Name: "gb1", CapacityKWTh: 300, EfficiencyLHV: 0.9, Fuel: "natural_gas"},
		{Name: "gb2", CapacityKWTh: 200, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	require.NoError(t, p.Validate())
	c, err := p.CapacityCosts()
	require.NoError(t, err)

	chp := c.CHP
	assert.Equal(t, 2800.0, chp.CapitalPerUnit)
	assert.Equal(t, 0.0, chp.FixedOMPerUnitYear)
	assert.Equal(t, "kW", chp.Unit)
	assert.Equal(t, 100.0, chp.Existing, "the engine's electric capacity")
	assert.InDelta(t, 1000, chp.MaxAdded(), 1e-12)
	assert.Equal(t, 500.0, chp.UnitSize)
	assert.Equal(t, 25.0, chp.LifetimeYears)

	fb := c.FuelBoiler
	assert.InDelta(t, 293000/293.07107, fb.CapitalPerUnit, 1e-9)
	assert.InDelta(t, 999.76, fb.CapitalPerUnit, 0.005)
	assert.InDelta(t, 2930/293.07107, fb.FixedOMPerUnitYear, 1e-12)
	assert.InDelta(t, 10.0, fb.FixedOMPerUnitYear, 0.01)
	assert.Equal(t, "kW_th", fb.Unit)
	assert.Equal(t, 500.0, fb.Existing, "300 + 200 kW_th today")
	assert.InDelta(t, 300, fb.MaxAdded(), 1e-12)
	assert.Subset(t, c.Defaulted, []string{"chp.capital_per_kw", "chp.fixed_om_per_kw_year", "chp.lifetime_years",
		"fuel_boiler.capital_per_kw_th", "fuel_boiler.fixed_om_per_kw_th_year", "fuel_boiler.lifetime_years"})

	none := heatEconPark(&Economics{Currency: "USD"})
	c, err = none.CapacityCosts()
	require.NoError(t, err)
	assert.False(t, c.CHP.Candidate())
	assert.False(t, c.FuelBoiler.Candidate())
	assert.NotContains(t, c.Defaulted, "chp.capital_per_kw")
}

// CHP and fuel boiler economics are checked like the electric boiler's,
// each error naming its key, value and why.
func TestCHPAndFuelBoilerEconomicsErrors(t *testing.T) {
	chp := func(edit func(e *CHPEconomics)) *Economics {
		e := &CHPEconomics{MaxTotalKW: 600}
		edit(e)
		return &Economics{Currency: "USD", CHP: e}
	}
	fb := func(edit func(e *FuelBoilerEconomics)) *Economics {
		e := &FuelBoilerEconomics{MaxTotalKWTh: 900}
		edit(e)
		return &Economics{Currency: "USD", FuelBoiler: e}
	}
	for _, tc := range []struct {
		name, field, value, reason string
		e                          *Economics
	}{
		{"chp negative capital", "chp.capital_per_kw", "-1", "≥ 0", chp(func(e *CHPEconomics) { e.CapitalPerKW = ptr(-1) })},
		{"chp negative O&M", "chp.fixed_om_per_kw_year", "-3", "≥ 0", chp(func(e *CHPEconomics) { e.FixedOMPerKWYear = ptr(-3) })},
		{"chp lifetime 0", "chp.lifetime_years", "0", "(0, 100]", chp(func(e *CHPEconomics) { e.LifetimeYears = ptr(0) })},
		{"chp bound below today", "chp.max_total_kw", "50", "below the park's total CHP electric output today, 100 kW",
			chp(func(e *CHPEconomics) { e.MaxTotalKW = 50 })},
		{"chp unit too big", "chp.unit_kw", "600", "no whole unit fits", chp(func(e *CHPEconomics) { e.UnitKW = 600 })},
		{"fuel boiler negative capital", "fuel_boiler.capital_per_kw_th", "-2", "≥ 0",
			fb(func(e *FuelBoilerEconomics) { e.CapitalPerKWTh = ptr(-2) })},
		{"fuel boiler lifetime 0", "fuel_boiler.lifetime_years", "0", "(0, 100]", fb(func(e *FuelBoilerEconomics) { e.LifetimeYears = ptr(0) })},
		{"fuel boiler bound below today", "fuel_boiler.max_total_kw_th", "400", "below the park's total fuel boiler output today, 500 kW_th",
			fb(func(e *FuelBoilerEconomics) { e.MaxTotalKWTh = 400 })},
		{"CNY without chp capital", "chp.capital_per_kw", "", `required for a candidate when the currency is "CNY"`,
			&Economics{Currency: "CNY", DiscountRatePerYear: ptr(0.05),
				CHP: &CHPEconomics{FixedOMPerKWYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKW: 600}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := heatEconPark(tc.e)
			p.CHP = []CHP{{Name: "engine", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.5, Fuel: "natural_gas"}}
			p.FuelBoilers = []FuelBoiler{{Name: "gb", CapacityKWTh: 500, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
			assertOneEconomicsError(t, p, tc.field, tc.value, tc.reason)
		})
	}
}

// A park already at its bound (a plan's design park that filled it with
// whole units, re-read for its operation check) is no candidate, and its
// unit size is not an error; 10 kW of room under a 25 kW unit still is.
func TestUnitSizeAtTheBound(t *testing.T) {
	p := heatEconPark(&Economics{Currency: "USD", CHP: &CHPEconomics{MaxTotalKW: 60, UnitKW: 25}})
	p.CHP = []CHP{{Name: "engine", CapacityKW: 60, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.5, Fuel: "natural_gas"}}
	c, err := p.CapacityCosts()
	require.NoError(t, err)
	assert.False(t, c.CHP.Candidate())
	assert.Equal(t, 25.0, c.CHP.UnitSize)

	p.Economics.CHP.MaxTotalKW = 70
	assertOneEconomicsError(t, p, "chp.unit_kw", "25", "no whole unit fits: the bound leaves room for 10 kW above today's 60 kW")
}
