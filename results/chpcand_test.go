package results_test

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// chpRoadmap is heatRoadmap with the low-carbon design adding 50.4 kW of
// CHP (in 2 units) and 30 kW_th of fuel boiler to today's 20 kW and 200
// kW_th.
func chpRoadmap() *results.Roadmap {
	rm := heatRoadmap()
	for i := range rm.Rows {
		if rm.Rows[i].Unreachable == "" {
			rm.Rows[i].UnservedHeatKWhThPerYear = ptr(0) // as every design row of a file written now
		}
	}
	today, low := &rm.Rows[0], &rm.Rows[1]
	today.Total.CHPKW, today.Total.FuelBoilerKWTh = 20, 200
	today.UnservedHeatKWhThPerYear = ptr(262800) // heat the boilers cannot serve today
	today.CHPVariableOMCostPerYear = 1752        // 20 kW × 8760 h × 0.01
	low.Added.CHPKW, low.Total.CHPKW = 50.4, 70.4
	low.Added.FuelBoilerKWTh, low.Total.FuelBoilerKWTh = 30, 230
	two := 2.0
	low.AddedUnits.CHP = &two
	low.Additions = append(low.Additions,
		results.Addition{Tech: "chp", Asset: "engine", Unit: "kW", Existing: 20, Added: 50.4, Total: 70.4, CapitalPerYear: 11346.8,
			UnitSize: 25.2, Units: 2},
		results.Addition{Tech: "fuel_boiler", Asset: "gas boiler", Unit: "kW_th", Existing: 200, Added: 30, Total: 230, CapitalPerYear: 2407.3})
	return rm
}

// The CHP and fuel boiler added and in total are written in roadmap.csv
// (before the warnings), roadmap.json and frontier.csv and read back as
// written; the printed tables show them only when a design adds them.
func TestCHPAndFuelBoilerRoadmapFiles(t *testing.T) {
	rm := chpRoadmap()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	rows, err := results.ReadRoadmapCSV(bytes.NewReader(b.Bytes()), "roadmap.csv")
	require.NoError(t, err)
	require.Len(t, rows, len(rm.Rows))
	for i := range rows {
		assert.Equal(t, rm.Rows[i].Added, rows[i].Added, rm.Rows[i].Target)
		assert.Equal(t, rm.Rows[i].Total, rows[i].Total, rm.Rows[i].Target)
		assert.Equal(t, rm.Rows[i].AddedUnits, rows[i].AddedUnits, rm.Rows[i].Target)
		assert.Equal(t, rm.Rows[i].UnservedHeatKWhThPerYear, rows[i].UnservedHeatKWhThPerYear, rm.Rows[i].Target)
		assert.Equal(t, rm.Rows[i].CHPVariableOMCostPerYear, rows[i].CHPVariableOMCostPerYear, rm.Rows[i].Target)
	}
	require.NotNil(t, rows[0].UnservedHeatKWhThPerYear)
	assert.Equal(t, 262800.0, *rows[0].UnservedHeatKWhThPerYear)
	require.NotNil(t, rows[1].UnservedHeatKWhThPerYear, "a 0 is written and read as 0, not as not known")
	assert.Zero(t, *rows[1].UnservedHeatKWhThPerYear)
	assert.Equal(t, 1752.0, rows[0].CHPVariableOMCostPerYear)
	cols := results.RoadmapColumns()
	i := slices.Index(cols, "add_chp_kw")
	require.GreaterOrEqual(t, i, 0)
	// The energy columns follow (roadmap_energy_test.go pins them), then
	// warnings, the currency and, last, a staged roadmap's step investment.
	assert.Equal(t, []string{"add_chp_kw", "total_chp_kw", "add_fuel_boiler_kw_th", "total_fuel_boiler_kw_th",
		"add_chp_units", "add_fuel_boiler_units", "unserved_heat_kwh_th_per_year", "load_served_kwh_per_year"}, cols[i:i+8])
	assert.Equal(t, []string{"shadow_carbon_price_per_tco2e", "shadow_clean_share_price_per_mwh", "investment", "simple_payback_years",
		results.ColIncentives, "npv", "discounted_payback_years", results.ColWarnings,
		"carbon_tco2_per_tce", "carbon_tco2_per_tce_max", "consumption_tce_per_year", "clean_share_fraction",
		"renewable_share_fraction", "reduction_vs_baseline_fraction",
		"grid_tco2e_per_year", "fuel_tco2e_per_year", "purchased_heat_tco2e_per_year", "electricity_tce_per_year", "fuel_tce_per_year",
		"purchased_heat_tce_per_year", "clean_tce_per_year",
		"total_grid_kw", "full_series_residual_tco2e_per_year", "full_series_carbon_tco2_per_tce", "full_series_clean_share_fraction",
		"margin_fraction", results.ColCurrency, "step_investment"}, cols[len(cols)-28:],
		"the shadow prices, the investment and what it is worth, warnings, the stage indicators and their sources, the grid's total, the full series' residual and indicators, the margin, the currency, then the step investment, last")

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	for _, s := range []string{`"chp_kw": 50.4`, `"chp_kw": 70.4`, `"fuel_boiler_kw_th": 30`, `"tech": "chp"`, `"tech": "fuel_boiler"`, `"chp": 2`} {
		assert.Contains(t, b.String(), s)
	}

	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out := b.String()
	assert.Contains(t, out, "+CHP kW")
	assert.Contains(t, out, "+fuel boiler kW_th")
	row := tableRow(t, out, "Cheapest design for each stage: what to add", "low-carbon")
	// after the stage, the four electric and the heat pump and store
	// cells: the CHP with its count, then the fuel boiler.
	require.Len(t, row, 13, "%q", row)
	assert.Equal(t, []string{"50", "(2", "units)", "30"}, row[8:12])
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, heatRoadmap()))
	assert.NotContains(t, b.String(), "CHP kW", "no design adds one")

	front := sampleFrontier()
	front[2].Added.CHPKW, front[2].Added.FuelBoilerKWTh = 12.5, 40
	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, front))
	back, err := results.ReadFrontierCSV(bytes.NewReader(b.Bytes()), "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, front, back)
}

// AnnualCostsOf prices the CHP (per kW electric) and fuel boiler (per
// kW_th) a design has beyond the economics' existing capacity, by hand;
// what the park has is sunk.
func TestAnnualCostsOfCHPAndFuelBoiler(t *testing.T) {
	p, prof := heatFixture(t, 24)
	res := run(t, p, prof, dispatch.Perfect, false)
	tot, heat := p.Totals(), p.HeatTotals()
	costs := &model.CapacityCosts{Currency: "USD", DiscountRatePerYear: 0.05,
		CHP:        model.TechCosts{CapitalPerUnit: 2800, FixedOMPerUnitYear: 0, LifetimeYears: 20, Existing: heat.CHPKW, MaxTotal: 400},
		FuelBoiler: model.TechCosts{CapitalPerUnit: 1000, FixedOMPerUnitYear: 10, LifetimeYears: 25, Existing: heat.FuelBoilerKWTh, MaxTotal: 900}}
	costs.PV.Existing, costs.Wind.Existing, costs.BatteryEnergy.Existing, costs.BatteryPower.Existing = tot.PVKWp, tot.WindKW, tot.BatteryKWh, tot.BatteryPowerKW
	costs.HeatPump.Existing, costs.ThermalStorage.Existing, costs.ElectricBoiler.Existing = heat.HeatPumpKWTh, heat.StorageKWhTh, heat.ElectricBoilerKWTh
	big := *p
	big.CHP = slices.Clone(p.CHP)
	big.FuelBoilers = slices.Clone(p.FuelBoilers)
	big.CHP[0].CapacityKW += 30
	big.FuelBoilers[0].CapacityKWTh += 50
	c, err := results.AnnualCostsOf(costs, dispatch.DefaultLedgerConfig(), &big, res.Schedule, &res.Report)
	require.NoError(t, err)
	crf := func(r, n float64) float64 { return r * math.Pow(1+r, n) / (math.Pow(1+r, n) - 1) }
	relClose(t, 30*2800*crf(0.05, 20)+50*1000*crf(0.05, 25), c.CapitalPerYear, "capital")
	relClose(t, 50*10, c.FixedOMPerYear, "fixed O&M")

	c, err = results.AnnualCostsOf(costs, dispatch.DefaultLedgerConfig(), p, res.Schedule, &res.Report)
	require.NoError(t, err)
	assert.Zero(t, c.CapitalPerYear, "today's CHP and boiler are sunk")
	assert.Zero(t, c.FixedOMPerYear)
}
