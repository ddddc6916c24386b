package sweep

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// gridSweep is the fixture park behind a 1,000 kW connection with economics
// whose grid_connection object is gc (nil: none), swept over the import
// limit's values.
func gridSweep(t *testing.T, gc *model.GridConnectionEconomics, values string) (*scenario.Scenario, *Space) {
	t.Helper()
	p := fixturePark()
	p.Grid.ImportLimitKW = 1000
	zero := 0.0
	p.Economics = &model.Economics{Currency: "USD", DiscountRatePerYear: &zero, GridConnection: gc}
	sc, err := scenario.New("fixture", p, fixtureSeries(fixtureSteps))
	require.NoError(t, err)
	return sc, mustSpace(t, "grid.import_limit_kw="+values)
}

// A swept import limit is priced as the plan prices the connection where
// economics.grid_connection makes it a candidate: (limit − 1,000 kW) ×
// capital / lifetime at a discount rate of 0, plus the O&M; a limit at or
// below today's adds nothing. Where the connection is no candidate
// (max_total_kw 0) the limit is the park's own to set and costs nothing.
func TestSweepPricesGridConnection(t *testing.T) {
	// capital returns each row's capital + fixed O&M a year and its
	// investment, and checks that the file, written without the
	// investment, resumes to the same bytes (the investment rebuilt from
	// design_grid_import_limit_kw).
	capital := func(gc *model.GridConnectionEconomics) (perYear, invest []float64) {
		sc, sp := gridSweep(t, gc, "800,1000,1500")
		out := filepath.Join(t.TempDir(), "r.csv")
		_, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
		require.NoError(t, err)
		tab, err := results.ReadTable(out)
		require.NoError(t, err)
		require.Len(t, tab.Rows, 3)
		for _, r := range tab.Rows {
			c, err := tab.Float(r, results.ColCapitalPerYear)
			require.NoError(t, err)
			om, err := tab.Float(r, results.ColFixedOMPerYear)
			require.NoError(t, err)
			inv, err := tab.Float(r, results.ColInvestment)
			require.NoError(t, err)
			perYear, invest = append(perYear, c+om), append(invest, inv)
		}
		now, err := os.ReadFile(out)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(out, withoutColumns(t, now, slices.Concat(results.InvestmentColumns(), results.CurrencyColumns(), results.PriceColumns())), 0o644))
		st, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
		require.NoError(t, err)
		assert.Equal(t, 0, st.Done)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, string(now), string(got), "resumed without the investment")
		return perYear, invest
	}
	life, om := 20.0, 4.0
	cand := &model.GridConnectionEconomics{CapitalPerKW: ptr(300.0), FixedOMPerKWYear: &om, LifetimeYears: &life, MaxTotalKW: 2000}
	got, inv := capital(cand)
	// 500 kW × (300 / 20 + 4) = 9,500 a year; 500 kW × 300 = 150,000 up
	// front.
	assert.InDeltaSlice(t, []float64{0, 0, 9500}, got, 1e-9)
	assert.InDeltaSlice(t, []float64{0, 0, 150000}, inv, 1e-9)

	notCand := *cand
	notCand.MaxTotalKW = 0
	for _, gc := range []*model.GridConnectionEconomics{&notCand, nil} {
		got, inv = capital(gc)
		assert.InDeltaSlice(t, []float64{0, 0, 0}, got, 1e-9)
		assert.InDeltaSlice(t, []float64{0, 0, 0}, inv, 1e-9)
	}
}

// A swept import limit above grid_connection.max_total_kw is refused up
// front, in the varied park's terms (not "today's"), and nothing is
// written.
func TestSweepGridConnectionOverBound(t *testing.T) {
	sc, sp := gridSweep(t, &model.GridConnectionEconomics{CapitalPerKW: ptr(300.0), MaxTotalKW: 2000}, "1500,2500")
	dir := t.TempDir()
	_, err := Run(context.Background(), sc, sp, filepath.Join(dir, "r.csv"), Options{Workers: 1})
	require.ErrorIs(t, err, ErrSpec)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.ErrorContains(t, err, "combination 1 (grid.import_limit_kw=2500)")
	assert.ErrorContains(t, err, "grid_connection.max_total_kw = 2000: is below the varied park's grid import limit, 2500 kW")
	assert.NotContains(t, err.Error(), "today")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written")
}

func ptr(v float64) *float64 { return &v }

// exportPark is two days of a flat 300 kW load behind a 200 kW connection
// whose export limit is exportKW (200: one rating both ways), 1,000 kWp of
// PV giving 0.8 kW per kWp from 10:00 to 14:00 (500 kW beyond the load to
// export at 0.05 USD/kWh), import at 0.10 USD/kWh on a grid of 0.4
// kgCO2e/kWh; the connection is a candidate up to 1,000 kW at 600 USD a
// kW over 20 years (no discounting). Behind 200 kW the park sheds 100 kW
// whenever the sun is down, so the plan raises the connection.
func exportPark(exportKW float64) (*model.Park, *model.SeriesSet) {
	n := 48
	load, pv, co2 := make([]float64, n), make([]float64, n), make([]float64, n)
	for t := range n {
		load[t], co2[t] = 300, 0.4
		if h := t % 24; h >= 10 && h < 14 {
			pv[t] = 0.8
		}
	}
	set := &model.SeriesSet{Start: time.Date(2023, 6, 5, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n}
	for name, v := range map[string][]float64{"load_kw": load, "pv_kw_per_kwp": pv, "co2": co2} {
		if err := set.SetColumn(name, v); err != nil {
			panic(err)
		}
	}
	zero, life := 0.0, 20.0
	p := &model.Park{Name: "export follows",
		Loads: []model.Load{{Name: "site", Column: "load_kw"}},
		PV:    []model.PVArray{{Name: "roof", CapacityKWp: 1000, AvailabilityColumn: "pv_kw_per_kwp"}},
		Grid: model.Grid{ImportLimitKW: 200, ExportLimitKW: exportKW, DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average},
			ImportPrice: &model.Price{PerKWh: 0.10}, ExportPrice: &model.Price{PerKWh: 0.05}},
		Economics: &model.Economics{Currency: "USD", DiscountRatePerYear: &zero,
			GridConnection: &model.GridConnectionEconomics{CapitalPerKW: ptr(600.0), LifetimeYears: &life, MaxTotalKW: 1000}}}
	return p, set
}

// sweepRows runs space on scenario sc (perfect foresight under cfg) and
// returns the table.
func sweepRows(t *testing.T, sc *scenario.Scenario, sp *Space, cfg dispatch.Config) *results.Table {
	t.Helper()
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, sp, out, Options{Policy: dispatch.Perfect, Config: &cfg, Workers: 1})
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	return tab
}

// The QA case in small: with the connection a candidate and today's export
// limit equal to the import limit, a row varying only the import limit to
// the plan's design's runs the plan's design park: its export limit is
// raised with the import limit (design_grid_export_limit_kw), and its
// costs equal those of the design park dispatched on its own (`zeropark
// run` of the park file plan writes) to 1e-9, priced with today's
// economics; its capital is the plan's. The same row with the export limit
// held at today's 200 kW (the sweep before this rule) curtails the surplus
// the raised connection exports and costs more.
func TestSweepImportCarriesExportAsPlanDesignPark(t *testing.T) {
	p, set := exportPark(200)
	opt := plan.DefaultOptions()
	m, err := plan.New(p, set, opt)
	require.NoError(t, err)
	defer m.Close()
	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	imp := d.Park.Grid.ImportLimitKW
	t.Logf("plan: +%.3f kW of connection, import %v export %v, total %.4f a year", d.Added(plan.TechGrid), imp, d.Park.Grid.ExportLimitKW, d.TotalCostPerYear)
	require.Greater(t, imp, 300.0-1e-6, "the plan serves the load")
	require.Equal(t, imp, d.Park.Grid.ExportLimitKW, "the design park raises both limits")

	cfg := dispatch.DefaultConfig()
	cfg.Objective = dispatch.Cost
	sc, err := scenario.New("export follows", p, set)
	require.NoError(t, err)
	tab := sweepRows(t, sc, mustSpace(t, "grid.import_limit_kw="+results.FormatNumber(imp)), cfg)
	require.Len(t, tab.Rows, 1)
	row := tab.Rows[0]
	get := func(tab *results.Table, r results.Row, col string) float64 {
		t.Helper()
		v, err := tab.Float(r, col)
		require.NoError(t, err, col)
		return v
	}
	assert.Equal(t, imp, get(tab, row, results.DesignColumn("grid.import_limit_kw")))
	assert.Equal(t, imp, get(tab, row, results.DesignColumn("grid.export_limit_kw")), "the row ran with the design park's export limit")

	// The design park on its own, as zeropark run dispatches it, priced
	// against today's park.
	dsc, err := scenario.New("design", d.Park, set)
	require.NoError(t, err)
	res, err := dsc.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)
	costs, err := p.CapacityCosts()
	require.NoError(t, err)
	c, err := results.AnnualCostsOf(costs, cfg.Ledger, d.Park, res.Schedule, &res.Report)
	require.NoError(t, err)
	for _, x := range []struct {
		col  string
		want float64
	}{
		{results.ColCapitalPerYear, c.CapitalPerYear}, {results.ColFixedOMPerYear, c.FixedOMPerYear},
		{results.ColOperatingCostPerYear, c.OperatingCostPerYear}, {results.ColTotalCostPerYear, c.TotalCostPerYear},
		{results.ColEnergyCost, res.Report.EnergyCost}, {"energy_export_kwh", res.Report.Energy.Export},
		{"energy_curtailed_kwh", res.Report.Energy.Curtailed},
	} {
		assert.InDelta(t, x.want, get(tab, row, x.col), 1e-9*max(1, math.Abs(x.want)), x.col)
	}
	// What it adds is the plan's: (imp − 200) kW × 600 / 20 a year.
	assert.InDelta(t, d.CapitalPerYear, get(tab, row, results.ColCapitalPerYear), 1e-9*d.CapitalPerYear)
	assert.InDelta(t, (imp-200)*600/20, get(tab, row, results.ColCapitalPerYear), 1e-6)

	// By hand: a day imports 300 kW × 20 h at 0.10 and exports 500 kW × 4 h
	// at 0.05, 600 − 100 = 500 USD, 182,500 a year, plus 300 kW × 600 /
	// 20 = 9,000 of connection: 191,500, the plan's total too.
	assert.InDelta(t, 191500, get(tab, row, results.ColTotalCostPerYear), 1e-6)
	assert.InDelta(t, d.TotalCostPerYear, get(tab, row, results.ColTotalCostPerYear), 1e-6)

	// Export held at today's 200 kW (the sweep before this rule): 300 kW
	// of the surplus is curtailed, 40 USD of export a day instead of 100:
	// 560 × 365 + 9,000 = 213,400 a year.
	held := sweepRows(t, sc, mustSpace(t, "grid.import_limit_kw="+results.FormatNumber(imp), "grid.export_limit_kw=200"), cfg)
	require.Len(t, held.Rows, 1)
	hr := held.Rows[0]
	assert.Equal(t, 200.0, get(held, hr, results.DesignColumn("grid.export_limit_kw")))
	assert.InDelta(t, 2*4*300, get(held, hr, "energy_curtailed_kwh")-get(tab, row, "energy_curtailed_kwh"), 1e-6)
	assert.InDelta(t, 213400, get(held, hr, results.ColTotalCostPerYear), 1e-6)
}

// designExport sweeps specs on park p (built by edit from exportPark(export
// today)) and returns each row's design_grid_export_limit_kw.
func designExport(t *testing.T, p *model.Park, set *model.SeriesSet, specs ...string) []float64 {
	t.Helper()
	sc, err := scenario.New("export", p, set)
	require.NoError(t, err)
	tab := sweepRows(t, sc, mustSpace(t, specs...), dispatch.DefaultConfig())
	var out []float64
	for _, r := range tab.Rows {
		v, err := tab.Float(r, results.DesignColumn("grid.export_limit_kw"))
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// The export limit follows a varied import limit only where the plan's
// design park would raise it: the connection a candidate, today's export
// limit equal to today's import limit, and the export limit not varied
// too. A varied import below today's caps today's connection, which
// still carries today's export (the plan never lowers it). An export
// limit below the import limit, or unlimited, stays; without the
// candidate nothing changes.
func TestSweepExportFollowsOnlyWherePlanRaisesIt(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name    string
		export  float64
		maxKW   float64 // grid_connection.max_total_kw; 0: not a candidate
		noEcon  bool
		specs   []string
		want    []float64
		follows bool
	}{
		{"one rating", 200, 1000, false, []string{"grid.import_limit_kw=150,200,500"}, []float64{200, 200, 500}, true},
		{"export cap below", 100, 1000, false, []string{"grid.import_limit_kw=150,500"}, []float64{100, 100}, false},
		{"export unlimited", inf, 1000, false, []string{"grid.import_limit_kw=500"}, []float64{inf}, false},
		{"not a candidate", 200, 0, false, []string{"grid.import_limit_kw=500"}, []float64{200}, false},
		{"no economics", 200, 0, true, []string{"grid.import_limit_kw=500"}, []float64{200}, false},
		{"export varied too", 200, 1000, false, []string{"grid.import_limit_kw=500", "grid.export_limit_kw=0,300"}, []float64{0, 300}, false},
		{"import not varied", 200, 1000, false, []string{"pv.capacity_kwp=500"}, []float64{200}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, set := exportPark(c.export)
			p.Economics.GridConnection.MaxTotalKW = c.maxKW
			if c.noEcon {
				p.Economics = nil
			}
			assert.Equal(t, c.want, designExport(t, p, set, c.specs...))
			sp := mustSpace(t, c.specs...)
			assert.Equal(t, c.follows, ExportFollowsImport(p, sp.Axes))
			settings, err := settingsJSON(&scenario.Scenario{Park: p}, sp, dispatch.Perfect, dispatch.DefaultConfig())
			require.NoError(t, err)
			assert.Equal(t, c.follows, strings.Contains(string(settings), `"grid_export_follows_import":true`),
				"the fingerprint's settings say so, and only then: %s", settings)
		})
	}
}

// A varied export limit where the connection is a candidate: up to the
// row's connection (the larger of its import limit and today's) or up to
// today's export limit it runs; beyond both it is refused before anything
// is written, in the varied park's terms: beyond max_total_kw naming that
// bound, below it naming the export limit and the connection.
func TestSweepVariedExportWithinConnection(t *testing.T) {
	refused := func(t *testing.T, p *model.Park, set *model.SeriesSet, specs ...string) error {
		t.Helper()
		sc, err := scenario.New("export", p, set)
		require.NoError(t, err)
		dir := t.TempDir()
		_, err = Run(context.Background(), sc, mustSpace(t, specs...), filepath.Join(dir, "r.csv"), Options{Workers: 1})
		require.Error(t, err)
		require.ErrorIs(t, err, ErrSpec)
		require.ErrorIs(t, err, model.ErrInvalid)
		entries, rerr := os.ReadDir(dir)
		require.NoError(t, rerr)
		assert.Empty(t, entries, "nothing written")
		return err
	}
	p, set := exportPark(200)
	// 150 with import 500: below the connection; 500: the connection.
	assert.Equal(t, []float64{150, 500}, designExport(t, p, set, "grid.import_limit_kw=500", "grid.export_limit_kw=150,500"))
	// Import lowered to 150: today's 200 kW connection still carries 200.
	assert.Equal(t, []float64{200}, designExport(t, p, set, "grid.import_limit_kw=150", "grid.export_limit_kw=200"))

	err := refused(t, p, set, "grid.export_limit_kw=200,6000")
	assert.ErrorContains(t, err, "combination 1 (grid.export_limit_kw=6000)")
	assert.ErrorContains(t, err, "economics: grid_connection.max_total_kw = 1000: is below the varied park's grid export limit, 6000 kW: "+
		"a grid connection carries its rating both ways, and none this park may have carries that")

	err = refused(t, p, set, "grid.import_limit_kw=300,500", "grid.export_limit_kw=400")
	assert.ErrorContains(t, err, "combination 0 (grid.import_limit_kw=300, grid.export_limit_kw=400)")
	assert.ErrorContains(t, err, "grid: export_limit_kw = 400: is above the varied park's grid connection, 300 kW "+
		"(the larger of its import limit and today's, 200 kW), and above today's export limit, 200 kW")
	assert.ErrorContains(t, err, "vary grid.import_limit_kw up to 400 kW with it")

	err = refused(t, p, set, "grid.export_limit_kw=unlimited")
	assert.ErrorContains(t, err, "combination 0 (grid.export_limit_kw=unlimited): model: economics: grid_connection.max_total_kw = 1000: "+
		"is below the varied park's grid export limit, unlimited:")

	// Today's export limit above the import limit (a limit of its own)
	// may be varied up to itself, not beyond the connection and it.
	p, set = exportPark(400)
	assert.Equal(t, []float64{300, 400}, designExport(t, p, set, "grid.export_limit_kw=300,400"))
	err = refused(t, p, set, "grid.export_limit_kw=450")
	assert.ErrorContains(t, err, "export_limit_kw = 450: is above the varied park's grid connection, 200 kW")
	assert.Equal(t, []float64{600}, designExport(t, p, set, "grid.import_limit_kw=600", "grid.export_limit_kw=600"))

	// Without the candidate nothing is checked: a 6,000 kW export runs,
	// as before.
	p, set = exportPark(200)
	p.Economics.GridConnection.MaxTotalKW = 0
	assert.Equal(t, []float64{6000}, designExport(t, p, set, "grid.export_limit_kw=6000"))
}

// A results file whose rows ran with the export limit held at today's (a
// zeropark from before the rule) is refused on resume, saying why.
func TestSweepResumeOfHeldExportRowSaysWhy(t *testing.T) {
	p, set := exportPark(200)
	sc, err := scenario.New("export", p, set)
	require.NoError(t, err)
	sp := mustSpace(t, "grid.import_limit_kw=500")
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err = Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.NoError(t, err)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	col := slices.Index(tab.Header, results.DesignColumn("grid.export_limit_kw"))
	require.Positive(t, col)
	fields := slices.Clone(tab.Rows[0].Fields)
	require.Equal(t, "500", fields[col])
	fields[col] = "200"
	lines := strings.SplitAfter(string(data), "\n")
	require.NoError(t, os.WriteFile(out, []byte(lines[0]+string(results.CSVLine(fields))), 0o644))
	_, err = Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.ErrorIs(t, err, ErrFile)
	assert.ErrorContains(t, err, "combination 0 ran with export limit 200 kW where this sweep raises it with the import limit to 500 kW")
	assert.ErrorContains(t, err, "use another --out")
}
