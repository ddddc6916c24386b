package results_test

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// heatFixture is the fixture park with a heat side: the office's heat
// (with a tenant) and a café's (without), a heat pump whose COP follows
// the hour, a gas boiler, a biomass CHP, a store and purchased heat.
func heatFixture(t testing.TB, n int) (*model.Park, *model.Profiles) {
	t.Helper()
	p, prof := mustProfiles(t, n)
	p.HeatLoads = []model.HeatLoad{{Name: "Office A heat", Column: "h1", Tenant: "Office A"}, {Name: "Kitchen", Column: "h2"}}
	p.HeatPumps = []model.HeatPump{{Name: "HP 1", CapacityKWTh: 60, COP: 3}}
	p.FuelBoilers = []model.FuelBoiler{{Name: "Gas boiler", CapacityKWTh: 200, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	p.CHP = []model.CHP{{Name: "CHP", CapacityKW: 20, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.5, Fuel: "biomass"}}
	p.ThermalStorage = []model.ThermalStorage{{Name: "Tank", EnergyKWhTh: 120, MaxChargeKWTh: 40, MaxDischargeKWTh: 40,
		MaxSoCFraction: 1, InitialSoCFraction: 0.5, StandingLossPerHour: 0.01}}
	p.PurchasedHeat = []model.PurchasedHeat{{Name: "District heat", LimitKWTh: 30, PricePerKWhTh: 0.09}}
	require.NoError(t, p.Validate())
	h1, h2, cop := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		hr := float64(i % 24)
		h1[i] = 60 + 30*math.Cos(2*math.Pi*hr/24)
		h2[i] = 20 + 15*math.Sin(2*math.Pi*(hr-11)/24)
		cop[i] = 2.5 + 0.8*math.Sin(2*math.Pi*(hr-9)/24)
	}
	prof.HeatLoadKWTh, prof.HeatPumpCOP = [][]float64{h1, h2}, [][]float64{cop}
	prof.PurchasedHeatKgCO2ePerKWhTh = [][]float64{filled(n, 0.396)}
	prof.PurchasedHeatPricePerKWhTh = [][]float64{filled(n, 0.09)}
	return p, prof
}

func filled(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// intervals.csv of a park with heat: the electricity columns as without
// heat, then the heat columns, read back bit for bit; the per-fuel and
// per-source columns sum to summary.json's heat totals.
func TestHeatIntervalsCSV(t *testing.T) {
	p, prof := heatFixture(t, 48)
	res := run(t, p, prof, dispatch.Perfect, false)
	var buf bytes.Buffer
	require.NoError(t, results.WriteIntervalsCSV(&buf, p, res.Schedule))
	iv, err := results.ReadIntervalsCSV(&buf, "intervals.csv")
	require.NoError(t, err)
	head := results.IntervalColumns(p)
	assert.Equal(t, head, iv.Header)
	elec := results.IntervalColumns(&model.Park{Name: p.Name, Loads: p.Loads, PV: p.PV, Batteries: p.Batteries, Grid: p.Grid})
	assert.Equal(t, elec, head[:len(elec)], "the electricity columns first, as without heat")
	for _, c := range []string{"heat_load_kw_th", "heat_pump_hp_1_kw_th", "heat_pump_hp_1_cop", "fuel_boiler_gas_boiler_fuel_kw_lhv",
		"chp_chp_kw", "heat_store_tank_soc_kwh_th", "purchased_heat_district_heat_kw_th", "unserved_heat_kw_th",
		"fuel_use_natural_gas_kw_lhv", "fuel_use_biomass_kgco2e", "total_emissions_kgco2e"} {
		assert.Contains(t, head, c)
	}
	s := res.Schedule
	assert.Equal(t, s.HeatPumpKWTh[0], iv.Column("heat_pump_hp_1_kw_th"), "bit for bit")
	h := s.Step.Hours()
	hr := res.Report.Heat
	relClose(t, hr.FuelKgCO2e, sum(iv.Column("fuel_use_natural_gas_kgco2e"))+sum(iv.Column("fuel_use_biomass_kgco2e")), "fuel carbon by type")
	relClose(t, hr.FuelKgCO2e, sum(iv.Column(results.ColFuelKgCO2e)), "fuel carbon")
	relClose(t, res.Report.ResidualKgCO2e, sum(iv.Column(results.ColTotalEmissionsKgCO2e)), "residual")
	relClose(t, hr.HeatPumpKWhTh, sum(iv.Column("heat_pump_hp_1_kw_th"))*h, "heat pump heat")
	relClose(t, hr.LoadKWhTh, sum(iv.Column(results.ColHeatLoadKWTh))*h, "heat load")

	var wbuf bytes.Buffer
	require.NoError(t, results.WriteIntervalsCSV(&wbuf, p, res.Schedule))
	bad := strings.Replace(wbuf.String(), "heat_load_kw_th", "heat_lode_kw_th", 1)
	_, err = results.ReadIntervalsCSV(strings.NewReader(bad), "intervals.csv")
	var fe *results.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "heat_lode_kw_th", fe.Column)
}

// tenants.csv of a park with heat has the three heat columns, read back
// bit for bit; the tenants' residuals, the change in stored carbon, the
// exported carbon and the heat of heat loads without a tenant add up to
// the park's residual; summary.json keeps the heat section.
func TestHeatTenantsAndSummary(t *testing.T) {
	p, prof := heatFixture(t, 48)
	res := run(t, p, prof, dispatch.RollingHorizon, false)
	a, err := dispatch.Attribute(p, prof, res)
	require.NoError(t, err)
	require.True(t, a.HasHeat())
	var buf bytes.Buffer
	require.NoError(t, results.WriteTenantsCSV(&buf, a))
	assert.True(t, strings.HasPrefix(buf.String(), strings.Join(results.HeatTenantColumns(), ",")+"\n"))
	rows, err := results.ReadTenantsCSV(&buf, "tenants.csv")
	require.NoError(t, err)
	total := a.StoredChangeKgCO2e + a.HeatStoredChangeKgCO2e + a.ExportedKgCO2e + a.UntenantedHeatKgCO2e
	for i, r := range rows {
		assert.Equal(t, results.TenantRowOf(a.Tenants[i]), r)
		total += r.ResidualKgCO2e
	}
	relClose(t, res.Report.ResidualKgCO2e, total, "carbon conserved over both carriers")
	assert.Positive(t, rows[0].HeatKgCO2e, "the office draws heat")
	assert.Zero(t, rows[1].HeatLoadKWhTh, "the café names no heat load")
	assert.Positive(t, a.UntenantedHeatKgCO2e, "the kitchen names no tenant")

	sum := results.NewSummary(p.Name, 0, "", res.Report)
	buf.Reset()
	require.NoError(t, results.WriteSummaryJSON(&buf, sum))
	back, err := results.ReadSummaryJSON(&buf, "summary.json")
	require.NoError(t, err)
	require.NotNil(t, back.Heat)
	assert.Equal(t, *res.Report.Heat, *back.Heat)
	// A summary.json of an older zeropark, whose heat section held the
	// heat its baseline left unserved, still reads (the key is no longer
	// written: the heat baseline serves all the heat since 2026-12-04).
	buf.Reset()
	require.NoError(t, results.WriteSummaryJSON(&buf, sum))
	require.NotContains(t, buf.String(), "baseline_unserved_kwh_th")
	text := buf.String()
	i := strings.Index(text, `"heat": {`)
	require.Positive(t, i)
	old := text[:i] + strings.Replace(text[i:], `"baseline_kgco2e": `, `"baseline_unserved_kwh_th": 283.6, "baseline_kgco2e": `, 1)
	_, err = results.ReadSummaryJSON(strings.NewReader(old), "summary.json")
	require.NoError(t, err)
}

// The report of a park with heat has its heat part (heat served by
// source, fuel by type, emissions by source) and the stage over all
// energy; a park without heat has none of it.
func TestHeatReport(t *testing.T) {
	p, prof := heatFixture(t, 48)
	res := run(t, p, prof, dispatch.Perfect, false)
	a, err := dispatch.Attribute(p, prof, res)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, results.WriteReport(&buf, results.NewSummary(p.Name, 0, "", res.Report), a, results.ReportOptions{Ledger: dispatch.DefaultLedgerConfig()}))
	out := buf.String()
	for _, want := range []string{"\nHeat\n", "served by source", "heat pump HP 1 (COP", "fuel boiler Gas boiler", "chp CHP",
		"purchased heat District heat", "fuel by type:", "natural_gas", "biomass", "renewable", "emissions by source:",
		"unserved heat", "+ fuel", "heat MWh_th", "thermal stores"} {
		assert.Contains(t, out, want)
	}
	// Certificates are no alternative to offsets for the fuel burnt and
	// the heat bought: the report says how much of the residual they leave.
	heatT := (res.Report.Heat.FuelKgCO2e + res.Report.Heat.PurchasedHeatKgCO2e) / 1000
	require.Positive(t, heatT)
	assert.Contains(t, out, "certificates cover the grid import only: the "+results.Grouped(heatT, 1)+" tCO2e of fuel burnt and heat bought")
	p2, prof2 := mustProfiles(t, 48)
	res2 := run(t, p2, prof2, dispatch.Perfect, false)
	buf.Reset()
	require.NoError(t, results.WriteReport(&buf, results.NewSummary(p2.Name, 0, "", res2.Report), nil, results.ReportOptions{Ledger: dispatch.DefaultLedgerConfig()}))
	assert.NotContains(t, buf.String(), "\nHeat\n")
	assert.NotContains(t, buf.String(), "kWh_th")
	assert.NotContains(t, buf.String(), "certificates cover the grid import only")
}

// The report's storage-adjustment line names a term only for storage the
// park has: no "× 0.000 kgCO2e/kWh" battery term for a park without a
// battery, no stored-heat term without a thermal store, and a plain note
// when there is neither.
func TestReportStorageAdjustmentTerms(t *testing.T) {
	const battery, heat = "stored energy drawn down over the period ×", "stored heat ×"
	for _, c := range []struct {
		name              string
		edit              func(p *model.Park)
		battery, heatTerm bool
	}{
		{"battery and store", func(*model.Park) {}, true, true},
		{"store only", func(p *model.Park) { p.Batteries = nil }, false, true},
		{"battery only", func(p *model.Park) { p.ThermalStorage = nil }, true, false},
		{"no storage", func(p *model.Park) { p.Batteries, p.ThermalStorage = nil, nil }, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, prof := heatFixture(t, 48)
			c.edit(p)
			require.NoError(t, p.Validate())
			res := run(t, p, prof, dispatch.Perfect, false)
			var buf bytes.Buffer
			require.NoError(t, results.WriteReport(&buf, results.NewSummary(p.Name, 0, "", res.Report), nil,
				results.ReportOptions{Ledger: dispatch.DefaultLedgerConfig()}))
			out := buf.String()
			assert.Equal(t, c.battery, strings.Contains(out, battery), out)
			assert.Equal(t, c.heatTerm, strings.Contains(out, heat), out)
			assert.Equal(t, !c.battery && !c.heatTerm, strings.Contains(out, "(no storage: the storage-adjusted residual is the residual)"), out)
			assert.NotContains(t, out, "× 0.000 kgCO2e/kWh,")
			if !c.battery && !c.heatTerm {
				assert.InDelta(t, res.Report.ResidualKgCO2e, res.Report.AdjustedResidualKgCO2e, 1e-9, "nothing stored, nothing to adjust")
			}
		})
	}
}

// AnnualCostsOf prices the heat pumps (kW_th) and thermal stores (kWh_th)
// a design adds, as plan does: 40 kW_th of heat pump and 80 kWh_th of
// store added to the heat fixture's 60 and 120, by hand.
func TestAnnualCostsOfHeat(t *testing.T) {
	p, prof := heatFixture(t, 24)
	res := run(t, p, prof, dispatch.Perfect, false)
	costs := &model.CapacityCosts{Currency: "USD", DiscountRatePerYear: 0.05,
		HeatPump:       model.TechCosts{CapitalPerUnit: 700, FixedOMPerUnitYear: 8, LifetimeYears: 20, Existing: 60, MaxTotal: 500},
		ThermalStorage: model.TechCosts{CapitalPerUnit: 30, FixedOMPerUnitYear: 0.5, LifetimeYears: 25, Existing: 120, MaxTotal: 1000},
	}
	// The electric side as the fixture has it: nothing added there.
	tot := p.Totals()
	costs.PV.Existing, costs.Wind.Existing, costs.BatteryEnergy.Existing, costs.BatteryPower.Existing = tot.PVKWp, tot.WindKW, tot.BatteryKWh, tot.BatteryPowerKW
	// The fixture's CHP and fuel boilers, as the park's economics count them.
	costs.CHP.Existing, costs.FuelBoiler.Existing = p.HeatTotals().CHPKW, p.HeatTotals().FuelBoilerKWTh
	big := *p
	big.HeatPumps = append([]model.HeatPump(nil), p.HeatPumps...)
	big.ThermalStorage = append([]model.ThermalStorage(nil), p.ThermalStorage...)
	big.HeatPumps[0].CapacityKWTh += 40
	big.ThermalStorage[0].EnergyKWhTh += 80
	c, err := results.AnnualCostsOf(costs, dispatch.DefaultLedgerConfig(), &big, res.Schedule, &res.Report)
	require.NoError(t, err)
	crf := func(r, n float64) float64 { return r * math.Pow(1+r, n) / (math.Pow(1+r, n) - 1) }
	relClose(t, 40*700*crf(0.05, 20)+80*30*crf(0.05, 25), c.CapitalPerYear, "capital")
	relClose(t, 40*8+80*0.5, c.FixedOMPerYear, "fixed O&M")

	// The fixture's own heat pump and store are sunk.
	c, err = results.AnnualCostsOf(costs, dispatch.DefaultLedgerConfig(), p, res.Schedule, &res.Report)
	require.NoError(t, err)
	assert.Zero(t, c.CapitalPerYear)
	assert.Zero(t, c.FixedOMPerYear)
}

// A live run settled on measured thermal store contents that no flow
// reaches shows the store correction in its heat section; a simulated
// run (0) does not.
func TestHeatReportStoreCorrection(t *testing.T) {
	p, prof := heatFixture(t, 48)
	res := run(t, p, prof, dispatch.Perfect, false)
	require.Zero(t, res.Report.Heat.StoreCorrectionKWhTh)
	s := results.NewSummary(p.Name, 0, "", res.Report)
	var buf bytes.Buffer
	require.NoError(t, results.WriteReport(&buf, s, nil, results.ReportOptions{Ledger: dispatch.DefaultLedgerConfig()}))
	assert.NotContains(t, buf.String(), "store correction")
	s.Report.Heat.StoreCorrectionKWhTh = -2345
	buf.Reset()
	require.NoError(t, results.WriteReport(&buf, s, nil, results.ReportOptions{Ledger: dispatch.DefaultLedgerConfig()}))
	assert.Regexp(t, `store correction: -2\.3 MWh_th the measured contents show`, buf.String())
}

// The operating costs of a park with heat show the fuel, the heat bought
// and the CHP's variable O&M that the energy cost holds, each on a line of
// its own under it, and are printed for them alone (QA s31-qaC: a coal
// and gas park's report showed an energy cost of 86.1 million CNY, of
// which 38.8 million were fuel, heat bought and CHP O&M, with no word of
// them; summary.json had them in heat.fuel_cost). A park without heat has
// no such lines.
func TestReportHeatCosts(t *testing.T) {
	p, prof := heatFixture(t, 48)
	p.Fuels = []model.Fuel{{Name: "natural_gas", PricePerKWhLHV: 0.04}, {Name: "biomass", PricePerKWhLHV: 0.03}}
	p.CHP[0].VariableOMPerKWh = 0.02
	require.NoError(t, p.Validate())
	res := run(t, p, prof, dispatch.Perfect, false)
	r := res.Report
	// Nothing else prints the costs: no cost objective, demand charge or wear.
	require.NotEqual(t, dispatch.Cost, r.Objective)
	require.Empty(t, r.MonthlyPeakImportKW)
	require.Zero(t, r.WearCost)
	h := r.Heat
	require.Positive(t, h.FuelCost)
	require.Positive(t, h.CHPVariableOMCost)
	var buf bytes.Buffer
	opt := results.ReportOptions{Ledger: dispatch.DefaultLedgerConfig()}
	require.NoError(t, results.WriteReport(&buf, results.NewSummary(p.Name, 0, "", r), nil, opt))
	out := buf.String()
	require.Contains(t, out, "Operating costs")
	assert.Contains(t, out, "export netted; with the heat side's costs below")
	perYear := 8760.0 / 48
	line := func(name string, v float64, what string) string {
		return name + " +" + regexp.QuoteMeta(results.Grouped(v, 0)) + " +" + regexp.QuoteMeta(results.Grouped(v*perYear, 0)) +
			"  part of energy: " + regexp.QuoteMeta(what) + "\n"
	}
	assert.Regexp(t, "\n    fuel"+line("", h.FuelCost, "fuel burnt at its price"), out)
	assert.Regexp(t, "\n    CHP O&M"+line("", h.CHPVariableOMCost, "CHP electricity × its variable_om_per_kwh"), out)
	if h.PurchasedHeatCost > 0 {
		assert.Regexp(t, "\n    heat bought"+line("", h.PurchasedHeatCost, "heat bought at its price"), out)
	}

	p2, prof2 := mustProfiles(t, 48)
	res2 := run(t, p2, prof2, dispatch.Perfect, false)
	buf.Reset()
	require.NoError(t, results.WriteReport(&buf, results.NewSummary(p2.Name, 0, "", res2.Report), nil, opt))
	assert.NotContains(t, buf.String(), "part of energy:")
	assert.NotContains(t, buf.String(), "heat side's costs")
}
