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

// eboilerRoadmap is heatRoadmap with a 200 kW_th electric boiler today
// and the low-carbon design adding 75.25 kW_th to it.
func eboilerRoadmap() *results.Roadmap {
	rm := heatRoadmap()
	today, low := &rm.Rows[0], &rm.Rows[1]
	today.Total.ElectricBoilerKWTh = 200
	low.Added.ElectricBoilerKWTh, low.Total.ElectricBoilerKWTh = 75.25, 275.25
	low.Additions = append(low.Additions, results.Addition{Tech: "electric_boiler", Asset: "eb", Unit: "kW_th",
		Existing: 200, Added: 75.25, Total: 275.25, CapitalPerYear: 3181.5})
	return rm
}

// The electric boiler added and in total is written in roadmap.csv (two
// columns at the end), roadmap.json and frontier.csv, and read back as
// written.
func TestElectricBoilerRoadmapFiles(t *testing.T) {
	rm := eboilerRoadmap()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	rows, err := results.ReadRoadmapCSV(bytes.NewReader(b.Bytes()), "roadmap.csv")
	require.NoError(t, err)
	require.Len(t, rows, len(rm.Rows))
	for i := range rows {
		assert.Equal(t, rm.Rows[i].Added, rows[i].Added, rm.Rows[i].Target)
		assert.Equal(t, rm.Rows[i].Total, rows[i].Total, rm.Rows[i].Target)
	}
	cols := results.RoadmapColumns()
	i := slices.Index(cols, "add_electric_boiler_kw_th")
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, []string{"add_electric_boiler_kw_th", "total_electric_boiler_kw_th", "add_pv_units"}, cols[i:i+3],
		"added at the end, before the unit counts (added after them)")

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.Contains(t, b.String(), `"electric_boiler_kw_th": 75.25`)
	assert.Contains(t, b.String(), `"electric_boiler_kw_th": 275.25`)
	assert.Contains(t, b.String(), `"tech": "electric_boiler"`)

	front := sampleFrontier()
	front[2].Added.ElectricBoilerKWTh = 310.5
	b.Reset()
	require.NoError(t, results.WriteFrontierCSV(&b, front))
	back, err := results.ReadFrontierCSV(bytes.NewReader(b.Bytes()), "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, front, back)
}

// The printed tables of a heat park show the electric boiler added after
// the heat pump and store when a design adds one, and keep their columns
// when none does.
func TestWriteRoadmapElectricBoilerColumn(t *testing.T) {
	const adds = "Cheapest design for each stage: what to add"
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, eboilerRoadmap()))
	out := b.String()
	assert.Contains(t, out, "+e-boiler kW_th")
	// low-carbon, stage, 4 electric, heat pump, store, e-boiler, residual.
	row := tableRow(t, out, adds, "low-carbon")
	require.Len(t, row, 10, "%q", row)
	assert.Equal(t, []string{"104", "686", "75", "2,842.6"}, row[6:])
	row = tableRow(t, out, adds, "near-zero-carbon")
	assert.Len(t, row, 12, "out of reach and eight dashes: %q", row)

	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, heatRoadmap()))
	assert.NotContains(t, b.String(), "e-boiler", "no design adds one")

	front := sampleFrontier()
	front[2].Added.HeatPumpKWTh, front[2].Added.ElectricBoilerKWTh = 189.25, 310.75
	b.Reset()
	require.NoError(t, results.WriteFrontier(&b, front, "USD", true))
	row = tableRow(t, b.String(), "Cost–carbon frontier", "2")
	require.Len(t, row, 15, "%q", row)
	assert.Equal(t, []string{"189", "0", "311"}, row[12:])
}

// AnnualCostsOf prices the electric boiler a design has beyond the
// economics' existing capacity, as plan prices it (capital × CRF + fixed
// O&M, by hand here); the boiler the park has is sunk.
func TestAnnualCostsOfElectricBoiler(t *testing.T) {
	p, prof := heatFixture(t, 24)
	res := run(t, p, prof, dispatch.Perfect, false)
	costs := &model.CapacityCosts{Currency: "USD", DiscountRatePerYear: 0.05,
		ElectricBoiler: model.TechCosts{CapitalPerUnit: 500, FixedOMPerUnitYear: 3, LifetimeYears: 20, Existing: 25, MaxTotal: 400}}
	tot, heat := p.Totals(), p.HeatTotals()
	costs.PV.Existing, costs.Wind.Existing, costs.BatteryEnergy.Existing, costs.BatteryPower.Existing = tot.PVKWp, tot.WindKW, tot.BatteryKWh, tot.BatteryPowerKW
	costs.HeatPump.Existing, costs.ThermalStorage.Existing = heat.HeatPumpKWTh, heat.StorageKWhTh
	costs.CHP.Existing, costs.FuelBoiler.Existing = heat.CHPKW, heat.FuelBoilerKWTh
	big := *p
	big.ElectricBoilers = []model.ElectricBoiler{{Name: "eb", CapacityKWTh: 25 + 60, Efficiency: 0.99}}
	c, err := results.AnnualCostsOf(costs, dispatch.DefaultLedgerConfig(), &big, res.Schedule, &res.Report)
	require.NoError(t, err)
	g := math.Pow(1.05, 20)
	relClose(t, 60*500*0.05*g/(g-1), c.CapitalPerYear, "capital")
	relClose(t, 60*3, c.FixedOMPerYear, "fixed O&M")

	// A 40 % incentive: the investment stays 60 × 500 = 30,000, the
	// annuity is of 60 × 300 = 18,000, O&M untouched.
	costs.ElectricBoiler.CapitalIncentiveFraction = 0.4
	c, err = results.AnnualCostsOf(costs, dispatch.DefaultLedgerConfig(), &big, res.Schedule, &res.Report)
	require.NoError(t, err)
	relClose(t, 30000, c.Investment, "investment, gross")
	relClose(t, 60*300*0.05*g/(g-1), c.CapitalPerYear, "capital, net")
	relClose(t, 60*3, c.FixedOMPerYear, "fixed O&M")
	costs.ElectricBoiler.CapitalIncentiveFraction = 0

	big.ElectricBoilers[0].CapacityKWTh = 25
	c, err = results.AnnualCostsOf(costs, dispatch.DefaultLedgerConfig(), &big, res.Schedule, &res.Report)
	require.NoError(t, err)
	assert.Zero(t, c.CapitalPerYear, "today's 25 kW_th are sunk")
}
