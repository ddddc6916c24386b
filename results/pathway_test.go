package results_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// TestPathwayTableSaysWhyNoPresentValue: a pathway that stops at an
// unreachable milestone has no Value; the table says so instead of
// leaving the present value out silently (the --help promises one).
func TestPathwayTableSaysWhyNoPresentValue(t *testing.T) {
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 2, Rows: []results.PathwayRow{
		{Year: 2026, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 100},
		{Year: 2030, Target: dispatch.ZeroCarbon, Unreachable: "plan: zero-carbon is out of reach: offsets cost too much"},
	}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "1 of 2 milestones planned; no present value")
	assert.NotContains(t, b.String(), "Present value over")

	// The first milestone out of reach: nothing planned, nothing re-run,
	// and --no-check (not given) is not blamed for it (QA N, session 37).
	pw.Rows = pw.Rows[1:]
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "0 of 2 milestones planned; no present value")
	assert.Contains(t, b.String(), "stage: no milestone was planned, so none was re-run through the dispatch.")
	assert.NotContains(t, b.String(), "--no-check")
}

// A pathway planned over a reduced model says its figures are the reduced
// model's, with no full-series evaluation (QA S9, session 37: the present
// value of a 12-period pathway was about 11 % low, unsaid).
func TestPathwayTableSaysReducedFigures(t *testing.T) {
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 1,
		PlanPeriod: results.PlanPeriod{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Steps: 8784, StepMinutes: 60},
		Periods:    12, PeriodLengthHours: 168,
		Rows: []results.PathwayRow{{Year: 2026, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 100}}}
	for _, slices := range []int{0, 2016} {
		pw.Slices = slices
		if slices > 0 {
			pw.Periods = 0
		}
		var b bytes.Buffer
		require.NoError(t, results.WritePathwayTable(&b, pw))
		assert.Contains(t, b.String(), "every cost, residual and the present value below are the", "slices %d", slices)
		assert.Contains(t, b.String(), "zeropark plan states such a design's full-series cost error", "slices %d", slices)
	}
}

// TestPathwayTableAddsUp: the cost a year is split so that the row's
// arithmetic is right when operation earns (exports worth more than the
// rest costs): before, "of which earlier steps" showed 1,468,427 of a
// cost a year of 1,281,050 (the texas2012 demo's 2035 milestone, figures
// taken from it). Now cost a year = this step + earlier steps +
// operation: 6 + 1,468,427 + (−187,383) = 1,281,050, the operation
// printed with the reports' ASCII minus. A wind addition that rounds to 0
// prints "0", not "+0".
func TestPathwayTableAddsUp(t *testing.T) {
	row := results.PathwayRow{Year: 2035, Target: dispatch.ZeroCarbon, Stage: dispatch.ZeroCarbon,
		StepInvestment: 55, StepCapitalPerYear: 4, StepFixedOMPerYear: 2,
		EarlierStepsPerYear: 1468427, DesignTotalCostPerYear: 1281050 - 1468427, CostPerYear: 1281050, ResidualTCO2ePerYear: 348.1,
		Added: results.Capacities{PVKWp: 0, WindKW: 0.3}, Total: results.Capacities{PVKWp: 5704, WindKW: 3388}}
	row.NetResidualTCO2ePerYear = 0 // zero-carbon: the offsets bought cover the residual
	assert.InDelta(t, -187383, row.OperationPerYear(), 1e-9, "1,281,050 − 1,468,427 − 4 − 2")
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2026, Milestones: 1, Rows: []results.PathwayRow{row}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayTable(&b, pw))
	out := b.String()
	lines := strings.Split(out, "\n")
	var head, cells []string
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) > 0 && f[0] == "year" && head == nil {
			head = strings.Fields(strings.NewReplacer("step investment", "step_investment", "cost a year", "cost_a_year",
				"this step", "this_step", "earlier steps", "earlier_steps", "residual tCO2e", "residual_tCO2e", "net of offsets", "net_of_offsets").Replace(l))
		}
		if len(f) > 0 && f[0] == "2035" && cells == nil {
			cells = f
		}
	}
	require.Equal(t, []string{"year", "target", "stage", "step_investment", "incentives", "cost_a_year", "this_step", "earlier_steps",
		"operation", "residual_tCO2e", "net_of_offsets"}, head, out)
	require.Len(t, cells, len(head), out)
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		require.NoError(t, err, s)
		return v
	}
	assert.Equal(t, "-187,383", cells[8])
	assert.Equal(t, []string{"348.1", "0.0"}, cells[9:], "the residual, and net of the offsets a zero-carbon milestone buys")
	assert.Equal(t, num(cells[5]), num(cells[6])+num(cells[7])+num(cells[8]), "cost a year = this step + earlier steps + operation: %v", cells)
	assert.Contains(t, out, "0 (3,388)")
	assert.NotContains(t, out, "+0 ")
	assert.NotContains(t, out, "of which earlier steps")
}

// TestPathwayTableSigns: the trends' percentages print with the ASCII
// minus every other number of the reports uses ([results.SignedPercent]),
// not a U+2212 for the declines beside a hyphen for a falling load.
func TestPathwayTableSigns(t *testing.T) {
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2026, Milestones: 1, GridCarbonDeclinePerYear: 0.04,
		CapitalCostDeclinePerYear: 0.02, LoadGrowthPerYear: -0.01,
		Rows: []results.PathwayRow{{Year: 2027, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 100, DesignTotalCostPerYear: 100}}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "grid carbon -4.0 % a year, capital costs -2.0 % a year, loads -1.0 % a year")
	assert.NotContains(t, b.String(), "−", "one minus sign throughout")
	pw.LoadGrowthPerYear = 0.02
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "loads +2.0 % a year")
}

// TestPathwayPeriodLoads: the period line says the loads are the same at
// every milestone only when they are; with --load-growth each milestone's
// loads are the series' scaled by its year (QA G, session 39: the line
// said "the same weather and loads at every milestone" under "loads +2.0 %
// a year").
func TestPathwayPeriodLoads(t *testing.T) {
	pw := &results.Pathway{Park: "p", Currency: "CNY", BaseYear: 2026, Milestones: 1,
		PlanPeriod: results.PlanPeriod{Steps: 8760, StepMinutes: 60,
			Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		Rows: []results.PathwayRow{{Year: 2027, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 100, DesignTotalCostPerYear: 100}}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "the same weather and loads at every milestone")
	pw.LoadGrowthPerYear = 0.02
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.NotContains(t, b.String(), "the same weather and loads")
	assert.Contains(t, b.String(), "the same weather at every milestone, the loads scaled by their year's growth")
}

// TestPathwayTableNamesThePark: a milestone out of reach is out of reach
// on the park as built by the milestone before it (today's park for the
// first), and the plan error's own "STAGE is out of reach:" is not said
// twice.
func TestPathwayTableNamesThePark(t *testing.T) {
	reached := results.PathwayRow{Year: 2027, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 100, DesignTotalCostPerYear: 100}
	out := func(rows ...results.PathwayRow) string {
		var b bytes.Buffer
		require.NoError(t, results.WritePathwayTable(&b, &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2026, Milestones: 3, Rows: rows}))
		return b.String()
	}
	why := "plan: near-zero-carbon is out of reach: with PV at the 800 kWp built by 2027, carbon per unit energy is at best 0.3 tCO2/tce against ≤ 0.2"
	s := out(reached, results.PathwayRow{Year: 2030, Target: dispatch.NearZeroCarbon, Unreachable: why})
	assert.Contains(t, s, "2030 near-zero-carbon is out of reach on the park as built by 2027: with PV at the 800 kWp built by 2027, carbon")
	assert.NotContains(t, s, "plan: near-zero-carbon is out of reach")
	s = out(results.PathwayRow{Year: 2027, Target: dispatch.NearZeroCarbon, Unreachable: strings.Replace(why, "the 800 kWp built by 2027", "today's 500 kWp", 1)})
	assert.Contains(t, s, "2027 near-zero-carbon is out of reach on today's park: with PV at today's 500 kWp")
}

// TestPathwayTableTodayAtThePrice: today's park, the present value's
// reference, is operated at the milestones' carbon price (plan.Pathway's
// todayCost with the milestone's options), a flat price included: the
// line says so whether or not the price grows, and with the load growth.
func TestPathwayTableTodayAtThePrice(t *testing.T) {
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2026, Milestones: 1, CarbonPricePerTCO2e: 50,
		Rows: []results.PathwayRow{{Year: 2027, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 100,
			DesignTotalCostPerYear: 100, TodayCostPerYear: 1000, CarbonPricePerTCO2e: 50, YearsInForce: 25}},
		Value: &results.PathwayValue{DiscountRatePerYear: 0.06, AnalysisYears: 25, FirstYear: 2027, LastYear: 2051,
			PresentValue: 1278, TodayPresentValue: 12783}}
	out := func() string {
		var b bytes.Buffer
		require.NoError(t, results.WritePathwayTable(&b, pw))
		return b.String()
	}
	assert.Contains(t, out(), "today's park kept as it is (operated at the carbon price, from 1,000 a year): 12,783")
	pw.LoadGrowthPerYear = 0.02
	assert.Contains(t, out(), "today's park kept as it is (at each milestone's load, operated at the carbon price, from 1,000 a year)")
	pw.CarbonPriceGrowthPerYear = 0.1
	assert.Contains(t, out(), "today's park kept as it is (at each milestone's load, operated at each milestone's carbon price, from 1,000 a year)")
	pw.LoadGrowthPerYear, pw.CarbonPricePerTCO2e, pw.CarbonPriceGrowthPerYear = 0, 0, 0
	assert.Contains(t, out(), "today's park kept as it is (1,000 a year)", "no price: nothing said")
}

// TestPathwayCSVNumbers: pathway.csv writes numbers as every CSV file of
// zeropark does (results.FormatNumber), never in exponent notation.
// Before, it used strconv's 'g' form, so every cost of a million or more
// came out as "1.2810505e+06" and a trend factor below 1e-4 as "5e-05";
// each cell still reads back to the same float64.
func TestPathwayCSVNumbers(t *testing.T) {
	row := results.PathwayRow{Year: 2035, Target: dispatch.ZeroCarbon, Stage: dispatch.ZeroCarbon,
		GridCarbonFactor: 0.00005, CapitalCostFactor: 110.00000000000001,
		StepInvestment: 12345678.9, CostPerYear: 1281050.5, EarlierStepsPerYear: 1e6, ResidualTCO2ePerYear: 348.1,
		Total: results.Capacities{PVKWp: 5704, WindKW: 2.5e6}}
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2026, Milestones: 1, Rows: []results.PathwayRow{row}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayCSV(&b, pw))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 2, b.String())
	head, cells := strings.Split(lines[0], ","), strings.Split(lines[1], ",")
	require.Len(t, cells, len(head))
	col := func(name string) string {
		for i, h := range head {
			if h == name {
				return cells[i]
			}
		}
		t.Fatalf("no column %q in %v", name, head)
		return ""
	}
	assert.Equal(t, "0.00005", col("grid_carbon_factor"))
	assert.Equal(t, "110.00000000000001", col("capital_cost_factor"), "full precision: the shortest decimal that reads back")
	assert.Equal(t, "12345678.9", col("step_investment"))
	assert.Equal(t, "1281050.5", col("cost_per_year"))
	assert.Equal(t, "1000000", col("earlier_steps_per_year"))
	assert.Equal(t, "2500000", col("total_wind_kw"))
	for i, c := range cells[3:] {
		assert.NotContains(t, c, "e", "column %s", head[3+i])
	}
	// No grid_connection candidate (GridKW 0): the grid's cells are
	// empty, not a total of 0 read as "no grid" (QA, 2026-12-04); the
	// other added capacities stay numbers.
	assert.Empty(t, col("total_grid_kw"))
	assert.Empty(t, col("added_grid_kw"))
	assert.Equal(t, "0", col("added_pv_kwp"))
	assert.Equal(t, "0", col("total_fuel_boiler_kw_th"))

	pw.Rows[0].Total.GridKW, pw.Rows[0].Added.GridKW = 6000, 1000
	b.Reset()
	require.NoError(t, results.WritePathwayCSV(&b, pw))
	cells = strings.Split(strings.Split(strings.TrimSpace(b.String()), "\n")[1], ",")
	assert.Equal(t, "6000", col("total_grid_kw"))
	assert.Equal(t, "1000", col("added_grid_kw"))
}

// TestPathwayCSVAddsUp: pathway.csv has the cost a year's parts, so that a
// row adds up in the file as it does in the table: cost_per_year =
// step_capital_per_year + step_fixed_om_per_year + earlier_steps_per_year
// + operation_per_year. design_total_cost_per_year (the design's own cost
// a year, this step's annuity and its operation) read as the pathway's
// cost was the QA's trap (session 26: −42,009 beside 1.41 M); the
// operation now has its own column.
func TestPathwayCSVAddsUp(t *testing.T) {
	row := results.PathwayRow{Year: 2035, Target: dispatch.ZeroCarbon, Stage: dispatch.ZeroCarbon,
		StepCapitalPerYear: 40000, StepFixedOMPerYear: 2500, EarlierStepsPerYear: 1468427,
		DesignTotalCostPerYear: 1281050 - 1468427, CostPerYear: 1281050}
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2026, Milestones: 1, Rows: []results.PathwayRow{row}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayCSV(&b, pw))
	recs, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	get := func(name string) float64 {
		i := slices.Index(recs[0], name)
		require.GreaterOrEqual(t, i, 0, "no column %q", name)
		v, err := strconv.ParseFloat(recs[1][i], 64)
		require.NoError(t, err, name)
		return v
	}
	// By hand: 1,281,050 − 1,468,427 − 40,000 − 2,500 = −229,877.
	assert.Equal(t, -229877.0, get("operation_per_year"))
	assert.Equal(t, get("cost_per_year"),
		get("step_capital_per_year")+get("step_fixed_om_per_year")+get("earlier_steps_per_year")+get("operation_per_year"))
}

// TestPathwayChecks: a milestone's operation checks are in pathway.csv
// under roadmap.csv's column names, empty where not checked, and the
// table says whether each milestone holds its stage in operation, naming
// a miss with its figures.
func TestPathwayChecks(t *testing.T) {
	cost := 1234.5
	rows := []results.PathwayRow{
		{Year: 2027, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, Checks: []results.OperationCheck{
			{Policy: dispatch.Perfect, Stage: dispatch.NearZeroCarbon, Holds: true, Margin: 0.25, Indicator: "reduction", OperatingCostPerYear: &cost},
			{Policy: dispatch.RollingHorizon, Stage: dispatch.Conventional, Holds: false, Margin: -0.1, Indicator: "carbon per unit energy",
				Value: 0.22, Limit: 0.2, Unit: "tCO2/tce", StoredChangeKWh: 500, StoredShareOfMiss: 0.6}}},
		{Year: 2030, Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon},
	}
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2026, Milestones: 2, Rows: rows}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayCSV(&b, pw))
	recs, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 3)
	get := func(row int, name string) string {
		i := slices.Index(recs[0], name)
		require.GreaterOrEqual(t, i, 0, "no column %q", name)
		return recs[row][i]
	}
	assert.Equal(t, "near-zero-carbon", get(1, "perfect_stage"))
	assert.Equal(t, "true", get(1, "perfect_holds"))
	assert.Equal(t, "0.25", get(1, "perfect_margin_fraction"))
	assert.Equal(t, "1234.5", get(1, "perfect_operating_cost_per_year"))
	assert.Equal(t, "false", get(1, "mpc_holds"))
	assert.Equal(t, "carbon per unit energy", get(1, "mpc_indicator"))
	assert.Empty(t, get(1, "mpc_operating_cost_per_year"))
	for _, c := range []string{"perfect_stage", "perfect_holds", "mpc_margin_fraction"} {
		assert.Empty(t, get(2, c), "not checked: %s", c)
	}

	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	out := b.String()
	assert.Contains(t, out, "Does each milestone hold its stage in operation?")
	assert.Regexp(t, `2027\s+low-carbon\s+near-zero-carbon, margin \+25\.0 %\s+conventional, margin -10\.0 %`, out)
	assert.Contains(t, out, "2027 low-carbon fails in operation under the rolling horizon with forecasts: carbon per unit energy 0.22 tCO2/tce against its limit 0.2 tCO2/tce")
	assert.Contains(t, out, "; the run ended with 500 kWh more stored than it started", "the roadmap's words for a miss (checkFailure)")
	assert.NotRegexp(t, `2030\s+near-zero-carbon\s+—`, out, "a milestone not checked has no line")
	assert.Contains(t, out, "own plan reaches, sized at its limits; whether it holds")

	// Planned under --margin 0.1 the milestones were not sized at their
	// limits (QA P, session 39).
	pw.Margin = 0.1
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "own plan reaches, sized 10.0 % inside its limits (--margin); whether it holds")
	assert.NotContains(t, b.String(), "sized at its limits")
	pw.Margin = 0

	pw.Rows[0].Checks = nil
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.NotContains(t, b.String(), "in operation?")
}

// The pathway says what period its milestones were planned over, and over
// what reduced model, with plan's caution for a period shorter than a
// week (QA, 2026-12-04: a 24 h pathway said nothing of it anywhere); a
// pathway.json written before the period was kept says nothing.
func TestPathwayTableStatesThePeriod(t *testing.T) {
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 1,
		PlanPeriod: results.PlanPeriod{Start: start, End: start.Add(24 * time.Hour), Steps: 24, StepMinutes: 60}, Slices: 12,
		Rows: []results.PathwayRow{{Year: 2026, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 100}}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayTable(&b, pw))
	for _, want := range []string{"period 2023-01-01 00:00 to 2023-01-02 00:00 (24 steps of 1h0m0s)", "× 8760 h / 24 h",
		"solved over 12 chronological slices", "caution: every figure is a year scaled from 24 h (× 365)"} {
		assert.Contains(t, b.String(), want)
	}
	var j bytes.Buffer
	require.NoError(t, results.WritePathwayJSON(&j, pw))
	assert.Contains(t, j.String(), `"steps": 24`)
	assert.Contains(t, j.String(), `"slices": 12`)

	pw.Steps, pw.Slices, pw.Periods, pw.PeriodLengthHours = 24*14, 0, 4, 24
	pw.End = start.Add(14 * 24 * time.Hour)
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "4 representative periods of 24 h")
	assert.NotContains(t, b.String(), "caution")

	old := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 1, Rows: pw.Rows}
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, old))
	assert.NotContains(t, b.String(), "period")
	j.Reset()
	require.NoError(t, results.WritePathwayJSON(&j, old))
	assert.NotContains(t, j.String(), `"start"`)
}

// pathway.csv's columns, now listed with their meaning, are the ones it
// has always had, in the same order (a reader of older files relies on
// it), the currency, then the thresholds and warnings added last
// (2026-12-05), and each has a meaning.
func TestPathwayColumnDocs(t *testing.T) {
	assert.Equal(t, []string{"year", "target", "stage", "grid_carbon_factor", "capital_cost_factor",
		"added_pv_kwp", "added_wind_kw", "added_battery_kwh", "added_battery_kw", "added_heat_pump_kw_th", "added_thermal_storage_kwh_th",
		"added_electric_boiler_kw_th", "added_chp_kw", "added_fuel_boiler_kw_th", "added_grid_kw",
		"total_pv_kwp", "total_wind_kw", "total_battery_kwh", "total_battery_kw", "total_heat_pump_kw_th", "total_thermal_storage_kwh_th",
		"total_electric_boiler_kw_th", "total_chp_kw", "total_fuel_boiler_kw_th", "total_grid_kw",
		"step_investment", "step_incentives", "step_capital_per_year", "step_fixed_om_per_year", "design_total_cost_per_year",
		"earlier_steps_per_year", "operation_per_year", "cost_per_year", "residual_tco2e_per_year", "net_residual_tco2e_per_year", "unreachable",
		"years_in_force", "present_value", "load_factor", "today_cost_per_year", "carbon_price_per_tco2e", "carbon_cost_per_year",
		"perfect_stage", "perfect_holds", "perfect_margin_fraction", "perfect_indicator", "perfect_operating_cost_per_year",
		"mpc_stage", "mpc_holds", "mpc_margin_fraction", "mpc_indicator", "mpc_operating_cost_per_year", "margin_fraction",
		results.ColCurrency, "stage_thresholds_from_year", "stage_thresholds", results.ColWarnings},
		results.PathwayColumns())
	for _, d := range results.PathwayColumnDocs() {
		assert.NotEmpty(t, d.Doc, d.Name)
	}
}

// pathway.csv's docs name no column it does not have: a figure's name in
// them (…_per_year, …_fraction) is one of its columns, roadmap.csv's
// named as such, or a key of the park file.
func TestPathwayColumnDocsNameItsColumns(t *testing.T) {
	cols := results.PathwayColumns()
	parkKeys := map[string]bool{}
	for _, r := range model.ParkKeys() {
		for _, o := range r.Optional {
			parkKeys[o.Key] = true
		}
		for _, k := range append(r.Required, r.OneOf...) {
			parkKeys[k] = true
		}
	}
	figure := regexp.MustCompile(`[a-z]+(?:_[a-z0-9]+)+`)
	for _, d := range results.PathwayColumnDocs() {
		for _, w := range figure.FindAllString(d.Doc, -1) {
			if strings.HasSuffix(w, "_per_year") || strings.HasSuffix(w, "_fraction") {
				assert.True(t, slices.Contains(cols, w) || strings.Contains(d.Doc, "roadmap.csv's "+w) || parkKeys[w],
					"%s's doc names %s, not a pathway.csv column", d.Name, w)
			}
		}
	}
}

// TestCleanShareRequirementSaysWhence: the heading credits the clean
// share's requirement to the park file's stage_thresholds where they make
// it, not to a --require-clean-share never given, and says that a
// milestone whose stage_thresholds_by_year entry lifts it is an exception
// (QA R, session 37); the roadmap's Ledger line likewise. Where the
// file does not require it, the flag did.
func TestCleanShareRequirementSaysWhence(t *testing.T) {
	yes, no := true, false
	own := &model.StageThresholds{RequireCleanShare: &yes}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 2, RequireCleanShare: true, StageThresholds: own,
		PlanPeriod: results.PlanPeriod{Start: start, End: start.Add(168 * time.Hour), Steps: 168, StepMinutes: 60},
		Rows: []results.PathwayRow{
			{Year: 2026, Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon, CostPerYear: 100},
			{Year: 2027, Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon, CostPerYear: 100, StageThresholdsFromYear: 2027,
				StageThresholds: &model.StageThresholds{RequireCleanShare: &no}},
		}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "  the clean-energy share is a condition of near-zero-carbon and zero-carbon (the park file's stage_thresholds); "+
		"not where a milestone's line below says require_clean_share = false\n")
	assert.NotContains(t, b.String(), "--require-clean-share")

	// Both the flag and the file (session 38: the flag went uncredited);
	// the flag stands over the entries, so none lifts it.
	pw.RequireCleanShareFlag = true
	yesRow := pw.Rows[1]
	yesRow.StageThresholds = &model.StageThresholds{RequireCleanShare: &yes}
	pw.Rows[1] = yesRow
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "  the clean-energy share is a condition of near-zero-carbon and zero-carbon "+
		"(--require-clean-share and the park file's stage_thresholds)\n")
	var j bytes.Buffer
	require.NoError(t, results.WritePathwayJSON(&j, pw))
	assert.Contains(t, j.String(), `"require_clean_share_flag": true`)

	pw.StageThresholds, pw.Rows = nil, pw.Rows[:1]
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "  the clean-energy share is a condition of near-zero-carbon and zero-carbon (--require-clean-share)\n")
	pw.RequireCleanShareFlag = false // a pathway.json written before the key: the flag, as before
	b.Reset()
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "  the clean-energy share is a condition of near-zero-carbon and zero-carbon (--require-clean-share)\n")

	rm := sampleRoadmap()
	rm.RequireCleanShare, rm.StageThresholds = true, own
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "Ledger    the clean-energy share is a condition of near-zero-carbon and zero-carbon (the park file's stage_thresholds)\n")
	rm.RequireCleanShareFlag = true
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "Ledger    the clean-energy share is a condition of near-zero-carbon and zero-carbon "+
		"(--require-clean-share and the park file's stage_thresholds)\n")
	j.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&j, rm))
	back, err := results.ReadRoadmapJSON(&j, "roadmap.json")
	require.NoError(t, err)
	assert.True(t, back.RequireCleanShareFlag)
}
