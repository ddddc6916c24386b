package results_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// DesignEnergyOf scales the ledger's figures to a year, field by field,
// and the figures it gives balance: electricity (grid, renewables, CHP,
// batteries against the load and the heat converters) and heat (sources
// less the store's losses and change against the heat served), on the
// heat fixture's 48 h run, which has a heat pump, a gas boiler, a CHP, a
// store and purchased heat.
func TestDesignEnergyOfBalances(t *testing.T) {
	p, prof := heatFixture(t, 48)
	res := run(t, p, prof, dispatch.Perfect, false)
	r := &res.Report
	years := 48.0 / 8760
	e := results.DesignEnergyOf(r, years)
	require.NotNil(t, e)
	require.NotNil(t, r.Heat)

	perYear := func(v float64) float64 { return v * 8760 / 48 }
	fuel := 0.0
	for _, f := range r.Heat.Fuels {
		fuel += f.KWhLHV
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"load served", e.LoadServedKWhPerYear, perYear(r.Energy.Served)},
		{"import", e.GridImportKWhPerYear, perYear(r.Energy.Import)},
		{"export", e.GridExportKWhPerYear, perYear(r.Energy.Export)},
		{"pv", e.PVKWhPerYear, perYear(r.Energy.PV)},
		{"wind", e.WindKWhPerYear, perYear(r.Energy.Wind)},
		{"curtailed", e.CurtailedKWhPerYear, perYear(r.Energy.Curtailed)},
		{"battery losses", e.BatteryLossesKWhPerYear, perYear(r.Energy.BatteryLosses)},
		{"battery stored change", e.BatteryStoredChangeKWhPerYear, perYear(r.Energy.StoredChange)},
		{"chp", e.CHPKWhPerYear, perYear(r.Heat.CHPElectricityKWh)},
		{"heat pump electricity", e.HeatPumpElectricityKWhPerYear, perYear(r.Heat.HeatPumpElectricityKWh)},
		{"electric boiler electricity", e.ElectricBoilerElectricityKWhPerYear, perYear(r.Heat.ElectricBoilerElectricityKWh)},
		{"fuel", e.FuelKWhLHVPerYear, perYear(fuel)},
		{"heat served", e.HeatServedKWhThPerYear, perYear(r.Heat.ServedKWhTh)},
		{"heat pump heat", e.HeatPumpHeatKWhThPerYear, perYear(r.Heat.HeatPumpKWhTh)},
		{"electric boiler heat", e.ElectricBoilerHeatKWhThPerYear, perYear(r.Heat.ElectricBoilerKWhTh)},
		{"fuel boiler heat", e.FuelBoilerHeatKWhThPerYear, perYear(r.Heat.FuelBoilerKWhTh)},
		{"chp heat", e.CHPHeatKWhThPerYear, perYear(r.Heat.CHPKWhTh)},
		{"chp dumped heat", e.CHPDumpedHeatKWhThPerYear, perYear(r.Heat.CHPDumpedKWhTh)},
		{"purchased heat", e.PurchasedHeatKWhThPerYear, perYear(r.Heat.PurchasedKWhTh)},
		{"store losses", e.ThermalStorageLossesKWhThPerYear, perYear(r.Heat.StoreLossesKWhTh)},
		{"store change", e.ThermalStoredChangeKWhThPerYear, perYear(r.Heat.StoredChangeKWhTh)},
	} {
		assert.InDelta(t, c.want, c.got, 1e-9*(1+math.Abs(c.want)), c.name)
	}
	// The run uses the CHP and burns fuel: the balances below test them.
	require.Greater(t, e.CHPKWhPerYear, 0.0)
	require.Greater(t, e.FuelKWhLHVPerYear, e.CHPKWhPerYear)
	assertEnergyBalances(t, e)
}

// assertEnergyBalances checks design energy e's two balances
// (results.DesignEnergy's doc), to 1e-6 of the energy through each.
func assertEnergyBalances(t *testing.T, e *results.DesignEnergy) {
	t.Helper()
	supply := e.GridImportKWhPerYear - e.GridExportKWhPerYear + e.PVKWhPerYear + e.WindKWhPerYear + e.CHPKWhPerYear -
		e.BatteryLossesKWhPerYear - e.BatteryStoredChangeKWhPerYear
	use := e.LoadServedKWhPerYear + e.HeatPumpElectricityKWhPerYear + e.ElectricBoilerElectricityKWhPerYear
	assert.InDelta(t, use, supply, 1e-6*(1+use), "electricity balance")
	heat := e.HeatPumpHeatKWhThPerYear + e.ElectricBoilerHeatKWhThPerYear + e.FuelBoilerHeatKWhThPerYear + e.CHPHeatKWhThPerYear -
		e.CHPDumpedHeatKWhThPerYear + e.PurchasedHeatKWhThPerYear - e.ThermalStorageLossesKWhThPerYear - e.ThermalStoredChangeKWhThPerYear
	assert.InDelta(t, e.HeatServedKWhThPerYear, heat, 1e-6*(1+e.HeatServedKWhThPerYear), "heat balance")
}

// The heat fixture with a biomass CHP ten times its size (200 kW, 285.7
// kW_th) and a heat dump of 300 kW_th: carbon-free electricity, so
// perfect foresight runs it beyond the heat load and dumps the rest. The
// heat balance closes only with the dumped heat taken off the CHP's, and
// intervals.csv's dump column sums to the ledger's dumped heat.
func TestDesignEnergyOfBalancesWithADump(t *testing.T) {
	p, prof := heatFixture(t, 48)
	p.CHP[0].CapacityKW, p.CHP[0].HeatDumpKWTh = 200, 300
	require.NoError(t, p.Validate())
	res := run(t, p, prof, dispatch.Perfect, false)
	r := &res.Report
	require.Greater(t, r.Heat.CHPDumpedKWhTh, 100.0, "the CHP dumps heat")
	e := results.DesignEnergyOf(r, 48.0/8760)
	assert.InDelta(t, r.Heat.CHPDumpedKWhTh*8760/48, e.CHPDumpedHeatKWhThPerYear, 1e-6)
	assertEnergyBalances(t, e)

	var buf bytes.Buffer
	require.NoError(t, results.WriteIntervalsCSV(&buf, p, res.Schedule))
	iv, err := results.ReadIntervalsCSV(&buf, "intervals.csv")
	require.NoError(t, err)
	assert.Equal(t, res.Schedule.CHPDumpKWTh[0], iv.Column("chp_chp_dumped_kw_th"), "bit for bit")
	assert.InDelta(t, r.Heat.CHPDumpedKWhTh, sum(iv.Column("chp_chp_dumped_kw_th")), 1e-6)
	// The text report says how much was dumped, under the heat table and
	// beside the waste-heat indicator (not assessed all the same).
	buf.Reset()
	require.NoError(t, results.WriteReport(&buf, results.NewSummary(p.Name, 0, "", res.Report), nil,
		results.ReportOptions{Ledger: dispatch.DefaultLedgerConfig()}))
	mwh := fmt.Sprintf("%.1f MWh_th", r.Heat.CHPDumpedKWhTh/1000)
	assert.Contains(t, buf.String(), "CHP heat dumped: "+strings.TrimSpace(results.Grouped(r.Heat.CHPDumpedKWhTh/1000, 1))+" MWh_th")
	assert.Contains(t, buf.String(), "waste heat, cold and pressure used   not assessed")
	assert.Contains(t, buf.String(), "(the CHP units' heat dumps rejected "+mwh)
	// Without a dump, no dump column.
	p.CHP[0].HeatDumpKWTh = 0
	assert.NotContains(t, results.IntervalColumns(p), "chp_chp_dumped_kw_th")
}

// No ledger or no period: nothing to scale, so no energy (not zeros).
func TestDesignEnergyOfNothing(t *testing.T) {
	assert.Nil(t, results.DesignEnergyOf(nil, 1))
	r := &dispatch.Report{}
	r.Energy.Import = 10
	assert.Nil(t, results.DesignEnergyOf(r, 0))
	assert.Nil(t, results.DesignEnergyOf(r, math.NaN()))
	e := results.DesignEnergyOf(r, 0.5)
	require.NotNil(t, e)
	assert.Equal(t, 20.0, e.GridImportKWhPerYear)
	assert.Zero(t, e.FuelKWhLHVPerYear, "no heat side")
}

// energyRoadmap is chpRoadmap with the energy of each design that has
// one: distinct numbers per column and row, so a column read into
// another's field shows.
func energyRoadmap() *results.Roadmap {
	rm := chpRoadmap()
	for i := range rm.Rows {
		if rm.Rows[i].Unreachable != "" {
			continue
		}
		b := float64(1000 * (i + 1))
		rm.Rows[i].Energy = &results.DesignEnergy{
			LoadServedKWhPerYear: b + 1, GridImportKWhPerYear: b + 2, GridExportKWhPerYear: b + 3, PVKWhPerYear: b + 4,
			WindKWhPerYear: b + 5, CurtailedKWhPerYear: b + 6, BatteryLossesKWhPerYear: b + 7, BatteryStoredChangeKWhPerYear: -(b + 8),
			CHPKWhPerYear: b + 9, HeatPumpElectricityKWhPerYear: b + 10, ElectricBoilerElectricityKWhPerYear: b + 11,
			FuelKWhLHVPerYear: b + 12.5, HeatServedKWhThPerYear: b + 13, HeatPumpHeatKWhThPerYear: b + 14,
			ElectricBoilerHeatKWhThPerYear: b + 15, FuelBoilerHeatKWhThPerYear: b + 16, CHPHeatKWhThPerYear: b + 17, CHPDumpedHeatKWhThPerYear: b + 17.25,
			PurchasedHeatKWhThPerYear: b + 18, ThermalStorageLossesKWhThPerYear: b + 19, ThermalStoredChangeKWhThPerYear: b + 20,
		}
	}
	return rm
}

// The energy columns sit just before warnings, and roadmap.csv and
// roadmap.json give them back as written; a row out of reach has none.
func TestRoadmapEnergyRoundTrip(t *testing.T) {
	rm := energyRoadmap()
	cols := results.RoadmapColumns()
	i := slices.Index(cols, "load_served_kwh_per_year")
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, "unserved_heat_kwh_th_per_year", cols[i-1])
	for _, c := range []string{"grid_import_kwh_per_year", "fuel_kwh_lhv_per_year", "chp_kwh_per_year", "chp_heat_kwh_th_per_year"} {
		j := slices.Index(cols, c)
		assert.True(t, j > i && j < len(cols)-1, "%s between load_served and warnings", c)
	}

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	rows, err := results.ReadRoadmapCSV(bytes.NewReader(b.Bytes()), "roadmap.csv")
	require.NoError(t, err)
	require.Len(t, rows, len(rm.Rows))
	unreachable := 0
	for k := range rows {
		assert.Equal(t, rm.Rows[k].Energy, rows[k].Energy, rm.Rows[k].Target)
		if rm.Rows[k].Unreachable != "" {
			unreachable++
			assert.Nil(t, rows[k].Energy)
		}
	}
	require.Positive(t, unreachable, "the fixture has a row out of reach")

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.Contains(t, b.String(), `"fuel_kwh_lhv_per_year": 2012.5`)
	back, err := results.ReadRoadmapJSON(bytes.NewReader(b.Bytes()), "roadmap.json")
	require.NoError(t, err)
	for k := range back.Rows {
		assert.Equal(t, rm.Rows[k].Energy, back.Rows[k].Energy, rm.Rows[k].Target)
	}
}

// dropCols is csv text with the named columns cut out.
func dropCols(t *testing.T, text string, drop func(name string) bool) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	require.NoError(t, err)
	var keep []int
	for j, h := range recs[0] {
		if !drop(h) {
			keep = append(keep, j)
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, rec := range recs {
		out := make([]string, len(keep))
		for k, j := range keep {
			out[k] = rec[j]
		}
		require.NoError(t, w.Write(out))
	}
	w.Flush()
	return b.String()
}

// A roadmap.csv written before the energy columns (with warnings, or
// before warnings too) still reads: its rows' energy is not known (nil),
// every other figure as written. One that lacks another column is
// refused.
func TestRoadmapCSVWithoutEnergyColumns(t *testing.T) {
	rm := energyRoadmap()
	rm.Rows[1].Warnings = []string{"a warning"}
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	full := b.String()
	energy := func(name string) bool {
		return strings.HasSuffix(name, "_per_year") && (strings.Contains(name, "_kwh_per_year") || strings.Contains(name, "_kwh_th_per_year") ||
			strings.Contains(name, "_kwh_lhv_per_year")) && name != "unserved_kwh_per_year" && name != "unserved_heat_kwh_th_per_year"
	}
	for _, c := range []struct {
		name string
		drop func(string) bool
	}{
		{"without energy", energy},
		{"without energy or warnings", func(n string) bool { return energy(n) || n == results.ColWarnings }},
		{"without energy or the CHP O&M", func(n string) bool { return energy(n) || n == "chp_variable_om_cost_per_year" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := dropCols(t, full, c.drop)
			require.NotContains(t, strings.SplitN(text, "\n", 2)[0], "grid_import_kwh_per_year")
			rows, err := results.ReadRoadmapCSV(strings.NewReader(text), "old.csv")
			require.NoError(t, err)
			require.Len(t, rows, len(rm.Rows))
			for k := range rows {
				assert.Nil(t, rows[k].Energy)
				assert.Equal(t, rm.Rows[k].TotalCostPerYear, rows[k].TotalCostPerYear)
				assert.Equal(t, rm.Rows[k].UnservedHeatKWhThPerYear, rows[k].UnservedHeatKWhThPerYear)
			}
			if c.drop(results.ColWarnings) {
				assert.Nil(t, rows[1].Warnings)
			} else {
				assert.Equal(t, []string{"a warning"}, rows[1].Warnings)
			}
		})
	}
	// A column that was never optional is still missed.
	text := dropCols(t, full, func(n string) bool { return n == "fuel_cost_per_year" })
	_, err := results.ReadRoadmapCSV(strings.NewReader(text), "bad.csv")
	require.Error(t, err)
	assert.True(t, errors.Is(err, results.ErrFile), "%v", err)
	assert.Contains(t, err.Error(), "fuel_cost_per_year")
}

// A design row that gives some energy columns and leaves another empty is
// refused, naming the empty column and the line: read as 0 it would be a
// wrong number.
func TestRoadmapCSVPartialEnergy(t *testing.T) {
	rm := energyRoadmap()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	recs, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	j := slices.Index(recs[0], "chp_heat_kwh_th_per_year")
	require.GreaterOrEqual(t, j, 0)
	recs[2][j] = ""
	b.Reset()
	w := csv.NewWriter(&b)
	require.NoError(t, w.WriteAll(recs))
	_, err = results.ReadRoadmapCSV(&b, "roadmap.csv")
	require.Error(t, err)
	var fe *results.FileError
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, "chp_heat_kwh_th_per_year", fe.Column)
	assert.Equal(t, 3, fe.Line)
	assert.True(t, errors.Is(err, results.ErrFile))
}

func ExampleDesignEnergyOf() {
	// Two weeks of a ledger: 336 h, 14/365 of a year.
	r := &dispatch.Report{Heat: &dispatch.HeatReport{CHPElectricityKWh: 1400, CHPKWhTh: 2000,
		Fuels: []dispatch.FuelUse{{Name: "natural_gas", KWhLHV: 4000}, {Name: "biomass", KWhLHV: 1000}}}}
	r.Energy.Import, r.Energy.Export = 28000, 700
	e := results.DesignEnergyOf(r, 336.0/8760)
	fmt.Printf("import %.0f kWh, export %.0f kWh, CHP %.0f kWh and %.0f kWh_th, fuel %.0f kWh_LHV a year\n",
		e.GridImportKWhPerYear, e.GridExportKWhPerYear, e.CHPKWhPerYear, e.CHPHeatKWhThPerYear, e.FuelKWhLHVPerYear)
	// Output:
	// import 730000 kWh, export 18250 kWh, CHP 36500 kWh and 52143 kWh_th, fuel 130357 kWh_LHV a year
}

// roadmap.csv and frontier.csv written before heat dumps have 20 energy
// columns, all but chp_dumped_heat_kwh_th_per_year: they read with that
// figure 0 (no CHP could dump then) and every other as written. A header
// with any other part of the energy columns was written by no zeropark
// and is refused, naming the columns it lacks: read, they would be 0.
func TestEnergyColumnsBeforeDumps(t *testing.T) {
	rm := energyRoadmap()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	roadmap := b.String()
	b.Reset()
	front := macFrontier()
	for i := range front {
		front[i].Energy.CHPDumpedHeatKWhThPerYear = float64(i) + 0.5
	}
	require.NoError(t, results.WriteFrontierCSV(&b, front))
	frontier := b.String()
	dump := "chp_dumped_heat_kwh_th_per_year"

	rows, err := results.ReadRoadmapCSV(strings.NewReader(dropCols(t, roadmap, func(n string) bool { return n == dump })), "old.csv")
	require.NoError(t, err)
	require.Len(t, rows, len(rm.Rows))
	given := 0
	for k := range rows {
		if rm.Rows[k].Energy == nil { // out of reach
			assert.Nil(t, rows[k].Energy, "row %d", k)
			continue
		}
		given++
		want := *rm.Rows[k].Energy
		want.CHPDumpedHeatKWhThPerYear = 0
		require.NotNil(t, rows[k].Energy, "row %d", k)
		assert.Equal(t, want, *rows[k].Energy, "row %d", k)
	}
	require.Positive(t, given)
	points, err := results.ReadFrontierCSV(strings.NewReader(dropCols(t, frontier, func(n string) bool { return n == dump })), "old.csv")
	require.NoError(t, err)
	for k := range points {
		want := *front[k].Energy
		want.CHPDumpedHeatKWhThPerYear = 0
		require.NotNil(t, points[k].Energy, "point %d", k)
		assert.Equal(t, want, *points[k].Energy, "point %d", k)
	}

	for _, drop := range [][]string{{"fuel_kwh_lhv_per_year"}, {"fuel_kwh_lhv_per_year", dump}, {"grid_import_kwh_per_year", "heat_served_kwh_th_per_year"}} {
		cut := func(n string) bool { return slices.Contains(drop, n) }
		_, err := results.ReadRoadmapCSV(strings.NewReader(dropCols(t, roadmap, cut)), "part.csv")
		require.ErrorIs(t, err, results.ErrFile, "%v", drop)
		for _, c := range drop {
			assert.Contains(t, err.Error(), "missing column(s) "+drop[0], "%v", drop)
			assert.Contains(t, err.Error(), c, "%v", drop)
		}
		_, err = results.ReadFrontierCSV(strings.NewReader(dropCols(t, frontier, cut)), "part.csv")
		require.ErrorIs(t, err, results.ErrFile, "%v", drop)
		assert.Contains(t, err.Error(), "missing column(s) "+drop[0], "%v", drop)
	}
}
