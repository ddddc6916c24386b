package main

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// heatPlanPark is the small heat park (a 50 kW_th heat pump, a gas
// boiler, a 100 kWh_th store) with heat pumps to 400 kW_th and stores to
// 1,000 kWh_th as candidates, gas at 0.08 a kWh (LHV) and testParkTariff's
// import prices: heat from the boiler costs 0.089 a kWh_th, from a pump
// of COP 3 at most 0.083, so a pump pays for its capital when it runs.
var heatPlanPark = strings.Replace(strings.Replace(testHeatPark, `"grid":`, `"economics": {"currency": "USD", "pv": {"max_total_kwp": 600},
    "heat_pump": {"max_total_kw_th": 400}, "thermal_storage": {"max_total_kwh_th": 1000}},
  "fuels": [{"name": "natural_gas", "price_per_kwh_lhv": 0.08}],
  "grid":`, 1), `"kind": "average", "source": "test"}`, `"kind": "average", "source": "test"},
    "import_price": {"per_kwh": 0.10, "time_of_use": [{"from_hour": 8, "to_hour": 22, "per_kwh": 0.25}]}`, 1)

// zeropark plan on a park with heat (a heat pump that may grow, a gas
// boiler, a store): each design's park file has the heat pump added and
// re-runs through zeropark run to the stage the plan's check reports;
// roadmap.csv and roadmap.json list the heat pump and store added (today's
// 50 kW_th and 100 kWh_th plus the addition are the design park's), the
// printed tables show them and the fuel bought.
func TestPlanHeatPark(t *testing.T) {
	park, series := writeInputs(t, heatPlanPark, testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	rows, rm := readPlanDir(t, out)
	assert.True(t, rm.Heat, "roadmap.json says the park has heat")
	for _, want := range []string{"+heat pump kW_th", "+thermal store kWh_th", "of which fuel", "heat bought", "fuel burnt, heat bought"} {
		assert.Contains(t, stdout, want)
	}
	require.NotEmpty(t, rows)
	today := rows[0]
	require.Equal(t, results.TodayTarget, today.Target)
	assert.Equal(t, results.Capacities{}, today.Added)
	assert.InDelta(t, 50, today.Total.HeatPumpKWTh, 1e-9)
	assert.InDelta(t, 100, today.Total.ThermalStorageKWhTh, 1e-9)
	assert.Positive(t, today.FuelCostPerYear, "today's boiler burns gas")
	ran, heatAdded := 0, 0.0
	for i, r := range rows {
		// roadmap.csv holds roadmap.json's heat figures.
		assert.Equal(t, rm.Rows[i].Added, r.Added, r.Target)
		assert.Equal(t, rm.Rows[i].Total, r.Total, r.Target)
		assert.Equal(t, rm.Rows[i].FuelCostPerYear, r.FuelCostPerYear, r.Target)
		if r.Unreachable != "" {
			continue
		}
		assert.Zero(t, r.PurchasedHeatCostPerYear, "the park buys no heat")
		assert.GreaterOrEqual(t, r.FuelCostPerYear, 0.0)
		assertTableCells(t, stdout, r)
		if r.Target == results.TodayTarget {
			continue
		}
		heatAdded += r.Added.HeatPumpKWTh
		assert.InDelta(t, r.EnergyCostPerYear+r.DemandChargePerYear+r.WearCostPerYear, r.OperatingCostPerYear, 1e-6*math.Max(1, r.OperatingCostPerYear))
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		p, err := model.LoadPark(pf)
		require.NoError(t, err, r.Target)
		assert.GreaterOrEqual(t, p.HeatTotals().HeatPumpKWTh, 50.0)
		assert.InDelta(t, p.HeatTotals().HeatPumpKWTh, r.Total.HeatPumpKWTh, 1e-6, r.Target)
		assert.InDelta(t, 50+r.Added.HeatPumpKWTh, r.Total.HeatPumpKWTh, 1e-6, r.Target)
		assert.InDelta(t, p.HeatTotals().StorageKWhTh, r.Total.ThermalStorageKWhTh, 1e-6, r.Target)
		assert.InDelta(t, 100+r.Added.ThermalStorageKWhTh, r.Total.ThermalStorageKWhTh, 1e-6, r.Target)
		sum := runSummary(t, "--park", pf, "--series", series, "--policy", "perfect")
		assert.Equal(t, r.Check(dispatch.Perfect).Stage, sum.Stage, r.Target)
		ran++
	}
	assert.Positive(t, ran, "at least one design re-ran")
	assert.Positive(t, heatAdded, "some design adds a heat pump (else the heat columns are untested)")

}

// zeropark plan --periods on the greensboro-heat demo's first week:
// solved over representative days like an electricity-only park; the
// report's "Representative periods" table lists the heat load and the
// heat pumps' COPs among the series, roadmap.json holds the heat load's
// error with its total kept, and every design is evaluated over the full
// series and re-run through the dispatch (the plan's check).
func TestPlanHeatParkOverPeriods(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p3")
	code, stdout, errOut := cli(t, "plan", "--demo", "greensboro-heat", "--limit-hours", "168", "--periods", "3", "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	red := section(t, stdout, "Representative periods", "Each design evaluated")
	assert.Contains(t, red, "Representative periods: 3 of 24 h stand for the 168 steps")
	assert.Contains(t, red, "heat_load_kw_th")
	assert.Contains(t, red, "heat_pump_cop:")
	rows, rm := readPlanDir(t, out)
	assert.True(t, rm.Heat)
	require.NotNil(t, rm.Reduction)
	var heat *results.SeriesError
	for i, e := range rm.Reduction.Errors {
		if e.Name == "heat_load_kw_th" {
			heat = &rm.Reduction.Errors[i]
		}
	}
	require.NotNil(t, heat, "roadmap.json lists the heat load's error")
	assert.InDelta(t, 0, heat.TotalRelError, 1e-5, "the heat load's energy is kept")
	designs := 0
	for _, r := range rows {
		if r.Unreachable != "" {
			continue
		}
		require.NotNil(t, r.Full, "%s: evaluated over the full series", r.Target)
		if r.Full.Unreachable == "" {
			assert.Positive(t, r.Full.TotalCostPerYear, r.Target)
			checkCostError(t, r)
		}
		designs++
		if r.Target == results.TodayTarget {
			continue
		}
		c := r.Check(dispatch.Perfect)
		require.NotNil(t, c, "%s: re-run through the dispatch", r.Target)
		assert.NotEmpty(t, c.Stage, r.Target)
	}
	assert.Greater(t, designs, 1, "today and at least one stage")
}

// assertTableCells finds row r in the printed roadmap's two tables and
// checks the heat cells: the heat pump and store added (after the four
// electric columns) and the fuel and heat bought (after operating).
func assertTableCells(t *testing.T, stdout string, r results.RoadmapRow) {
	t.Helper()
	add := section(t, stdout, "Cheapest design for each stage: what to add", "What it costs a year")
	cost := section(t, stdout, "What it costs a year", "Existing capacity is sunk")
	name := r.Target
	skip := 1
	if r.Target == results.TodayTarget {
		name, skip = "today's park", 2
	}
	a := rowFields(t, add, name)
	require.Greater(t, len(a), skip+8, "design, stage, 4 electric, 2 heat, residual, investment, payback: %q", a)
	assert.Equal(t, results.Grouped(r.Added.HeatPumpKWTh, 0), a[skip+5], r.Target)
	assert.Equal(t, results.Grouped(r.Added.ThermalStorageKWhTh, 0), a[skip+6], r.Target)
	require.NotNil(t, r.Investment, r.Target)
	assert.Equal(t, results.Grouped(*r.Investment, 0), a[skip+8], r.Target)
	c := rowFields(t, cost, name)
	require.Greater(t, len(c), skip+4, "%q", c)
	assert.Equal(t, results.Grouped(r.OperatingCostPerYear, 0), c[skip+2], r.Target)
	assert.Equal(t, results.Grouped(r.FuelCostPerYear, 0), c[skip+3], r.Target)
	assert.Equal(t, results.Grouped(r.PurchasedHeatCostPerYear, 0), c[skip+4], r.Target)
}

// section is the text of out between the lines holding from and to.
func section(t *testing.T, out, from, to string) string {
	t.Helper()
	i := strings.Index(out, from)
	require.GreaterOrEqual(t, i, 0, from)
	j := strings.Index(out[i:], to)
	require.GreaterOrEqual(t, j, 0, to)
	return out[i : i+j]
}

// rowFields are the whitespace-separated fields of the line of text that
// starts (after its indent) with name followed by a space.
func rowFields(t *testing.T, text, name string) []string {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), name+" ") {
			return strings.Fields(line)
		}
	}
	t.Fatalf("no row %q in\n%s", name, text)
	return nil
}

// plan frontier on the heat park: frontier.csv reads back with the heat
// pump and store added at each point, the marginal abatement cost (none
// at point 0, solved with no bound, nor at the last, the least residual)
// and the energy a year, whose heat and
// electricity balance; the printed table has their columns; an
// electricity-only frontier's table does not (TestPlanFrontier).
func TestPlanFrontierHeat(t *testing.T) {
	park, series := writeInputs(t, heatPlanPark, testSeries)
	out := filepath.Join(t.TempDir(), "front")
	code, stdout, errOut := cli(t, "plan", "frontier", "--park", park, "--series", series, "--points", "3", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	pts := readFrontierDir(t, out)
	require.Len(t, pts, 3)
	front := section(t, stdout, "Cost–carbon frontier", "\n\n")
	assert.Contains(t, front, "+heat pump kW_th")
	for _, p := range pts {
		assert.LessOrEqual(t, p.Added.HeatPumpKWTh, 400-50+1e-6, "within the candidate's bound")
		cells := rowFields(t, front, strconv.Itoa(p.Point))
		require.Len(t, cells, 14, "%q", cells)
		assert.Equal(t, results.Grouped(p.Added.HeatPumpKWTh, 0), cells[12])
		assert.Equal(t, results.Grouped(p.Added.ThermalStorageKWhTh, 0), cells[13])
		if p.Point == 0 || p.Point == len(pts)-1 {
			assert.Nil(t, p.MarginalCostPerTCO2e, "point %d", p.Point)
			assert.Equal(t, results.NotDefined, cells[4])
		} else {
			require.NotNil(t, p.MarginalCostPerTCO2e, "point %d", p.Point)
			assert.GreaterOrEqual(t, *p.MarginalCostPerTCO2e, 0.0)
			assert.Equal(t, results.Grouped(*p.MarginalCostPerTCO2e, 1), cells[4])
		}
		e := p.Energy
		require.NotNil(t, e, "point %d", p.Point)
		require.Positive(t, e.HeatServedKWhThPerYear)
		elec := e.GridImportKWhPerYear - e.GridExportKWhPerYear + e.PVKWhPerYear + e.WindKWhPerYear + e.CHPKWhPerYear -
			e.BatteryLossesKWhPerYear - e.BatteryStoredChangeKWhPerYear -
			(e.LoadServedKWhPerYear + e.HeatPumpElectricityKWhPerYear + e.ElectricBoilerElectricityKWhPerYear)
		assert.InDelta(t, 0, elec, 1e-6*e.LoadServedKWhPerYear, "point %d: electricity balance", p.Point)
		heat := e.HeatPumpHeatKWhThPerYear + e.ElectricBoilerHeatKWhThPerYear + e.FuelBoilerHeatKWhThPerYear + e.CHPHeatKWhThPerYear +
			e.PurchasedHeatKWhThPerYear - e.ThermalStorageLossesKWhThPerYear - e.ThermalStoredChangeKWhThPerYear - e.HeatServedKWhThPerYear
		assert.InDelta(t, 0, heat, 1e-6*e.HeatServedKWhThPerYear, "point %d: heat balance", p.Point)
	}
}
