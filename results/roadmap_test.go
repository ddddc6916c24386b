package results_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	"github.com/zeropark/zeropark/results"
)

func ptr(v float64) *float64 { return &v }

// sampleRoadmap is a roadmap with every kind of row: today's park, a
// design with operation checks and a full-series evaluation (one check
// failing), and a stage out of reach. The numbers are awkward on purpose
// (many digits, a negative cost per tCO2e avoided).
func sampleRoadmap() *results.Roadmap {
	loc := time.FixedZone("", -6*3600)
	return &results.Roadmap{
		Park: "sample park", Demo: "texas2012", Currency: "USD", DiscountRatePerYear: 0.0624,
		Defaulted: []string{"pv.capital_per_kwp", "discount_rate_per_year"},
		PlanPeriod: results.PlanPeriod{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, loc), End: time.Date(2023, 1, 8, 0, 0, 0, 0, loc),
			Steps: 168, StepMinutes: 60}, Margin: 0.1, RequireCleanShare: true, StorageEnd: "valued", OffsetPricePerTCO2e: 15, CertificatePricePerMWh: 5, OffsetsHeldTCO2e: 2.5,
		Reduction: &results.RoadmapReduction{Periods: 4, PeriodLengthHours: 168, Representatives: 4,
			Errors:  []results.SeriesError{{Name: "load", RMSE: 12.5, NRMSE: 0.031, TotalRelError: -0.002}},
			Weights: []int{20, 18, 13, 1}, Kinds: []string{"typical", "typical", "typical", "extreme"}},
		Rows: []results.RoadmapRow{
			{Target: results.TodayTarget, Stage: dispatch.LowCarbon, Total: results.Capacities{PVKWp: 1500, WindKW: 1500, BatteryKWh: 4000, BatteryKW: 1000},
				OperatingCostPerYear: 618460.0124241897, EnergyCostPerYear: 605282.4997585698, WearCostPerYear: 13177.512665619954,
				TotalCostPerYear: 618460.0124241897, ResidualTCO2ePerYear: 3979.2688692592915, NetResidualTCO2ePerYear: 3979.2688692592915},
			{Target: string(dispatch.LowCarbon), Stage: dispatch.NearZeroCarbon,
				Added:          results.Capacities{PVKWp: 813.850465995905, BatteryKWh: 1e-7},
				Total:          results.Capacities{PVKWp: 2313.850465995905, WindKW: 1500, BatteryKWh: 4000.0000001, BatteryKW: 1000},
				Additions:      []results.Addition{{Tech: "pv", Asset: "Rooftop PV", Unit: "kWp", Existing: 1000, Added: 813.850465995905, Total: 1813.850465995905, CapitalPerYear: 125037.95927129415, FixedOMPerYear: 16277.0093199181}},
				CapitalPerYear: 125037.95927129415, FixedOMPerYear: 16277.0093199181, EnergyCostPerYear: 434009.1976327199,
				DemandChargePerYear: 12.5, WearCostPerYear: 17367.24669298159, OperatingCostPerYear: 451389.0,
				OffsetsBoughtTCO2ePerYear: 1.25, OffsetCostPerYear: 18.75, CertificatesBoughtMWhPerYear: 3, CertificateCostPerYear: 15,
				TotalCostPerYear: 592691.4129169136, ResidualTCO2ePerYear: 2842.6053351446285, NetResidualTCO2ePerYear: 2841.3553351446285,
				UnservedKWhPerYear: 0.5, CostPerTCO2eAvoided: ptr(-22.670384624722757),
				Checks: []results.OperationCheck{
					{Policy: dispatch.Perfect, Stage: dispatch.LowCarbon, Holds: true, Margin: 0.6208137677144754, Indicator: "emissions against the business-as-usual baseline", Value: 26.6, Limit: 70, Unit: "% of the baseline",
						Objective: dispatch.Cost, CarbonPricePerTCO2e: 80.5, OperatingCostPerYear: ptr(460000.4)},
					{Policy: dispatch.RollingHorizon, Stage: dispatch.Conventional, Holds: false, Margin: -0.0393, Indicator: "unserved load", Value: 0.104, Limit: 0.1, Unit: "% of the load", StageLimitedBy: "unserved load 0.1 %",
						Objective: dispatch.Cost, CarbonPricePerTCO2e: 80.5, HorizonHours: 36, Forecasts: "carbon=provided:co2_da",
						OperatingCostPerYear: ptr(440000.75)},
				},
				Full: &results.FullSeries{Stage: dispatch.LowCarbon, TotalCostPerYear: 600000.5, CostError: ptr(-0.0121), ResidualTCO2ePerYear: ptr(812.25),
					Indicators: &results.DesignIndicators{CarbonTCO2PerTce: 0.1875, CleanShare: 0.40625}}},
			{Target: string(dispatch.NearZeroCarbon), Unreachable: "plan: near-zero-carbon is out of reach: with PV up to 8,000 kWp (its bound), carbon per unit energy is at best 0.333 tCO2/tce against ≤ 0.2"},
		},
		Solves: 9, SolveSeconds: 1.25, Columns: 1696, LPRows: 1066, ZeroparkVersion: "zeropark test",
	}
}

// roadmap.csv and roadmap.json read back to what was written, on an
// electricity-only park and on one with heat (heatRoadmap).
func TestRoadmapRoundTrip(t *testing.T) {
	for name, rm := range map[string]*results.Roadmap{"electricity": sampleRoadmap(), "heat": heatRoadmap()} {
		t.Run(name, func(t *testing.T) {
			t.Run("csv", func(t *testing.T) { checkRoadmapCSVRoundTrip(t, rm) })
			t.Run("json", func(t *testing.T) { checkRoadmapJSONRoundTrip(t, rm) })
		})
	}
}

// checkRoadmapCSVRoundTrip: roadmap.csv reads back to what was written,
// cell by cell: what the file holds of each row (the per-asset additions
// and the checks' figures beyond stage, holds, margin and indicator are
// in roadmap.json).
func checkRoadmapCSVRoundTrip(t *testing.T, rm *results.Roadmap) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	rows, err := results.ReadRoadmapCSV(bytes.NewReader(b.Bytes()), "roadmap.csv")
	require.NoError(t, err)
	require.Len(t, rows, len(rm.Rows))
	for i, want := range rm.Rows {
		got := rows[i]
		// What the CSV does not hold, and the carbon price and currency it
		// repeats from the roadmap on every row.
		want.Additions = nil
		want.CarbonPricePerTCO2e = &rm.CarbonPricePerTCO2e
		want.Currency = rm.Currency
		want.MarginFraction, want.SizedMargin = csvMargin(rm, want), nil
		want.Checks = slices.Clone(want.Checks)
		for j := range want.Checks {
			c := &want.Checks[j]
			c.Value, c.Limit, c.Unit, c.StageLimitedBy, c.ResidualTCO2e, c.OffsetsNeededTCO2e = 0, 0, "", "", 0, 0
			c.Objective, c.CarbonPricePerTCO2e, c.HorizonHours, c.Forecasts = dispatch.CarbonFirst, 0, 0, ""
		}
		assert.Equal(t, want, got, "row %d", i)
	}
	// Numbers are written the one way: the shortest text that reads back.
	assert.Contains(t, b.String(), "813.850465995905")
	assert.NotContains(t, b.String(), "e-07")
	assert.Equal(t, results.RoadmapColumns(), strings.Split(strings.SplitN(b.String(), "\n", 2)[0], ","))
}

// checkRoadmapJSONRoundTrip: roadmap.json reads back to the roadmap
// written, whole.
func checkRoadmapJSONRoundTrip(t *testing.T, rm *results.Roadmap) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	got, err := results.ReadRoadmapJSON(bytes.NewReader(b.Bytes()), "roadmap.json")
	require.NoError(t, err)
	assert.True(t, rm.Start.Equal(got.Start) && rm.End.Equal(got.End))
	got.Start, got.End = rm.Start, rm.End
	assert.Equal(t, rm, got)
}

// roadmap.json's unknown keys are refused, naming the file.
func TestReadRoadmapJSONUnknownKey(t *testing.T) {
	_, err := results.ReadRoadmapJSON(strings.NewReader(`{"park": "x", "surprise": 1}`), "r.json")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "r.json")
}

// roadmap.json's stage thresholds read back; one out of range is refused
// naming the file, key and value (a frontier's figure shades by them).
func TestReadRoadmapJSONThresholds(t *testing.T) {
	rm, err := results.ReadRoadmapJSON(strings.NewReader(`{"park": "x", "baseline_tco2e_per_year": 9867.5, "low_carbon_reduction_min_fraction": 0.3}`), "r.json")
	require.NoError(t, err)
	require.NotNil(t, rm.BaselineTCO2ePerYear)
	assert.Equal(t, 9867.5, *rm.BaselineTCO2ePerYear)
	assert.Equal(t, 0.3, *rm.LowCarbonReductionMinFraction)
	rm, err = results.ReadRoadmapJSON(strings.NewReader(`{"park": "x"}`), "r.json")
	require.NoError(t, err)
	assert.Nil(t, rm.BaselineTCO2ePerYear, "a file written before the keys")
	for _, c := range []struct{ text, want string }{
		{`{"park": "x", "low_carbon_reduction_min_fraction": 1.5}`, `r.json: key "low_carbon_reduction_min_fraction": value "1.5": must be a fraction in [0, 1]`},
		{`{"park": "x", "baseline_tco2e_per_year": -3}`, `key "baseline_tco2e_per_year": value "-3": must be finite and ≥ 0`},
		{`{"park": "x", "offsets_held_tco2e": -1}`, `"offsets_held_tco2e": value "-1"`},
	} {
		_, err := results.ReadRoadmapJSON(strings.NewReader(c.text), "r.json")
		require.ErrorIs(t, err, results.ErrFile, c.text)
		assert.Contains(t, err.Error(), "r.json")
		assert.Contains(t, err.Error(), c.want)
	}
}

// A damaged roadmap.csv is refused naming the file, line, column and
// value.
func TestReadRoadmapCSVErrors(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, sampleRoadmap()))
	good := b.String()
	lines := strings.Split(strings.TrimSuffix(good, "\n"), "\n")
	set := func(line int, col, v string) string {
		cells := strings.Split(lines[line-1], ",")
		j := -1
		for i, c := range results.RoadmapColumns() {
			if c == col {
				j = i
			}
		}
		require.GreaterOrEqual(t, j, 0, col)
		cells[j] = v
		out := append([]string(nil), lines...)
		out[line-1] = strings.Join(cells, ",")
		return strings.Join(out, "\n") + "\n"
	}
	for _, c := range []struct {
		name, text string
		line       int
		col, value string
	}{
		{"unknown target", set(2, results.ColTarget, "net-zero"), 2, results.ColTarget, "net-zero"},
		{"unknown stage", set(3, results.ColStage, "green"), 3, results.ColStage, "green"},
		{"cost not a number", set(2, results.ColTotalCostPerYear, "lots"), 2, results.ColTotalCostPerYear, "lots"},
		{"NaN", set(3, "add_pv_kwp", "NaN"), 3, "add_pv_kwp", "NaN"},
		{"holds not a bool", set(3, "mpc_holds", "maybe"), 3, "mpc_holds", "maybe"},
		{"bad check stage", set(3, "perfect_stage", "ok"), 3, "perfect_stage", "ok"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := results.ReadRoadmapCSV(strings.NewReader(c.text), "roadmap.csv")
			require.ErrorIs(t, err, results.ErrFile)
			var fe *results.FileError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, c.line, fe.Line)
			assert.Equal(t, c.col, fe.Column)
			assert.Equal(t, c.value, fe.Value)
		})
	}
	_, err := results.ReadRoadmapCSV(strings.NewReader("target,stage\n"), "roadmap.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "header is not that of roadmap.csv")
}

// sampleFrontier is three points of falling residual and rising cost.
func sampleFrontier() []results.FrontierRow {
	return []results.FrontierRow{
		{Point: 0, EpsilonTCO2ePerYear: 4400.125, ResidualTCO2ePerYear: 4351.3, OperatingCostPerYear: 644880.7, TotalCostPerYear: 659705.25, Stage: dispatch.LowCarbon},
		{Point: 1, EpsilonTCO2ePerYear: 2200, ResidualTCO2ePerYear: 2199.999999, CapitalPerYear: 94644.5, FixedOMPerYear: 15338, OperatingCostPerYear: 525360,
			TotalCostPerYear: 635342.5, Stage: dispatch.LowCarbon, Added: results.Capacities{PVKWp: 231.5, WindKW: 255}},
		{Point: 2, EpsilonTCO2ePerYear: 0.001, ResidualTCO2ePerYear: 0.001, CapitalPerYear: 2e6, FixedOMPerYear: 3e5, OperatingCostPerYear: -161173.25,
			TotalCostPerYear: 2138826.75, Stage: dispatch.ZeroCarbon, Added: results.Capacities{PVKWp: 6500, WindKW: 4500, BatteryKWh: 36000, BatteryKW: 9000}},
	}
}

func TestFrontierCSVRoundTrip(t *testing.T) {
	rows := sampleFrontier()
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	got, err := results.ReadFrontierCSV(bytes.NewReader(b.Bytes()), "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, rows, got)
	assert.Equal(t, results.FrontierColumns(), strings.Split(strings.SplitN(b.String(), "\n", 2)[0], ","))

	bad := strings.Replace(b.String(), ",zero-carbon,", ",net-zero,", 1)
	_, err = results.ReadFrontierCSV(strings.NewReader(bad), "frontier.csv")
	var fe *results.FileError
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, 4, fe.Line)
	assert.Equal(t, results.ColStage, fe.Column)
	assert.Equal(t, "net-zero", fe.Value)

	bad = strings.Replace(b.String(), "\n1,2200,", "\n-1,2200,", 1)
	_, err = results.ReadFrontierCSV(strings.NewReader(bad), "frontier.csv")
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, results.ColPoint, fe.Column)
}

// The report states every row's figures and why a stage is out of reach,
// the operation checks with a failure spelt out and a --margin
// suggested, and the representative periods' errors.
func TestWriteRoadmap(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, sampleRoadmap()))
	out := b.String()
	for _, want := range []string{
		"Capacity plan — sample park", `embedded demo "texas2012"`, "168 steps of 1h0m0s",
		"USD; capital annualised at 6.24 %", "pv.capital_per_kwp", "held 2.5 tCO2e",
		"every stage limit tightened by 10.0 %",
		"today's park", "814", "618,460", "592,691", "1.2 t = 19", "3.0 MWh = 15", "-22.7",
		"near-zero-carbon: near-zero-carbon is out of reach: with PV up to 8,000 kWp",
		"low-carbon, margin +62.1 %", "conventional, margin -3.9 %",
		"low-carbon fails in operation under the rolling horizon with forecasts: unserved load 0.104 % of the load against its limit 0.1 % of the load",
		// sampleRoadmap was sized at --margin 0.1: not "to the limit"
		// (QA P, session 39).
		"A design that fails in operation was sized 10.0 % inside the limit (--margin): plan with a larger --margin\n" +
			"  (e.g. --margin 0.2) to size against stricter targets",
		"or --margin auto\n  to search for the least margin at which every design holds",
		"Representative periods: 4 of 168 h", "load", "3.1 %", "600,000", "-1.2 %",
		"Solves: 9 LPs of 1,696 columns and 1,066 rows",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "plan: near-zero", "the package prefix is dropped")
	assert.NotContains(t, out, "sized to the limit", "sampleRoadmap's designs were sized at --margin 0.1")
	// Without a margin the failing design was sized to the limit.
	atLimit := sampleRoadmap()
	atLimit.Margin = 0
	var bl bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&bl, atLimit))
	assert.Contains(t, bl.String(), "A design that fails in operation was sized to the limit: plan with --margin (e.g. --margin 0.1)\n"+
		"  to size against stricter targets")
	assert.NotContains(t, out, "differs from the accounting factor", "the signals are the same")
	// A failing run whose dispatch signal is not the accounting factor:
	// the advice names the difference (QA, 2026-12-04).
	differ := sampleRoadmap()
	for i := range differ.Rows {
		for j := range differ.Rows[i].Checks {
			differ.Rows[i].Checks[j].SignalsDiffer = true
		}
	}
	var bd bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&bd, differ))
	assert.Contains(t, unwrap(bd.String()), "dispatched against the park's dispatch signal, which differs from the accounting factor the stage is judged on")
	// Offsets bought under --margin: the net residual below zero is
	// explained (sampleRoadmap's margin is 10 %).
	assert.Contains(t, out, "--margin 10.0 % tightens the offsets' cover too: a design buys offsets for its residual / (1 − 10.0 %)")
	// Neither holding moves carbon per unit energy (nor anything else
	// that can put a stage out of reach): the advice offers bounds.
	assert.Contains(t, out, "Raise the bounds in the park file's economics (max_total_…)")
	assert.NotContains(t, out, "--offsets-held")
	assert.NotContains(t, out, "--certificates-held")
	assert.NotContains(t, out, "over the full series:", "every design reaches its stage over the full series")
	assert.NotContains(t, out, "(no --periods)")
	// What the plan was solved from and how the checks ran: the clean
	// share as a condition, the dispatch's objective and carbon price, the
	// rolling horizon's look-ahead and forecasters.
	assert.Contains(t, out, "Ledger    the clean-energy share is a condition of near-zero-carbon and zero-carbon (--require-clean-share)")
	assert.Contains(t, out, "runs: the dispatch minimised cost with carbon at 80.50 USD/tCO2e (--objective cost, --carbon-price);\n"+
		"  the rolling horizon looked 36 h ahead (--horizon) with the forecasters carbon=provided:co2_da (--forecast).")
	// What each check's run costs to operate against the plan's
	// operating cost (451,389): 460,000.4 and 440,000.75, the differences
	// by hand.
	assert.Contains(t, out, "What each run costs to operate a year (USD; energy + demand charge + wear")
	assert.Regexp(t, `low-carbon +451,389 +460,000 \(\+8,611\) +440,001 \(-11,388\)`, out)
	assert.NotContains(t, out, "what the storage holds at the start weighs", "valued storage starts where the runs do")
	// Cyclic over a week (sampleRoadmap's 168 h, with a battery): the
	// table says the start weighs on the costs (planner's QA, 2026-12-04:
	// +43 % over the Texas demo's first week); over a year it does not.
	cyc := sampleRoadmap()
	cyc.StorageEnd = "cyclic"
	var bc bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&bc, cyc))
	assert.Contains(t, unwrap(bc.String()), "Over 168 h, what the storage holds at the start weighs: the plan chose it (--storage-end cyclic)")
	cyc.Steps = 8760
	bc.Reset()
	require.NoError(t, results.WriteRoadmap(&bc, cyc))
	assert.NotContains(t, bc.String(), "what the storage holds at the start weighs")
	// Valued storage is said; cyclic (or a file from before the key) is
	// the default and not.
	assert.Contains(t, out, "Storage   batteries and thermal stores start at initial_soc_fraction, the energy left at the end credited (--storage-end valued)")
	plain := sampleRoadmap()
	plain.RequireCleanShare = false
	plain.StorageEnd = "cyclic"
	for i := range plain.Rows[1].Checks {
		c := &plain.Rows[1].Checks[i]
		c.Objective, c.CarbonPricePerTCO2e, c.Forecasts = dispatch.CarbonFirst, 0, ""
		c.OperatingCostPerYear = nil // a roadmap.json from before the key
		if c.Policy == dispatch.RollingHorizon {
			c.HorizonHours, c.Forecasts = 24, "default"
		}
	}
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, plain))
	assert.NotContains(t, b.String(), "Ledger ")
	assert.NotContains(t, b.String(), "Storage ")
	assert.NotContains(t, b.String(), "What each run costs", "no cost known, no table")
	assert.NotContains(t, b.String(), "over the full series; the stages above", "every design holds its stage over the full series")
	assert.Contains(t, b.String(), "runs: the dispatch minimised carbon first, then cost (--objective carbon);\n"+
		"  the rolling horizon looked 24 h ahead (--horizon) with the default forecasters (--forecast).")

	// A design that misses its stage over the full series: why, and what
	// to do.
	rm := sampleRoadmap()
	rm.Rows[1].Full.Unreachable = "plan: low-carbon is out of reach: with PV 1,814 kWp, the reduction is at best 20 %"
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out = b.String()
	assert.Contains(t, out, "does not reach low-carbon")
	assert.Contains(t, out, "low-carbon over the full series: low-carbon is out of reach: with PV 1,814 kWp")
	// … and the first table says so at once, not only the evaluation at
	// the end of the report.
	table := out[strings.Index(out, "Cheapest design for each stage"):strings.Index(out, "What it costs a year")]
	// The sample is sized at a margin: its miss is of the limits the
	// margin tightened (the stage's own may hold: the checks judge it).
	assert.Contains(t, table, "  ! low-carbon misses its stage's limits as the margin tightened them\n"+
		"    over the full series; the stages above are the reduced model's (see \"Each design evaluated\n"+
		"    over the full series\" below; the operation checks judge the stages' own limits)")
	rm.Margin = 0
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "  ! low-carbon misses its stage over the full series; the stages above are the reduced\n"+
		"    model's (see \"Each design evaluated over the full series\" below)", "without a margin, the stage itself")
	rm.Margin = 0.1
	assert.Contains(t, out, "plan over the full series (no --periods), with more --periods,\n  over chronological slices (--slices")

	// The same over chronological slices: the advice names them.
	rm.Reduction = &results.RoadmapReduction{Slices: 40, Representatives: 40, Errors: rm.Reduction.Errors}
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out = b.String()
	assert.Contains(t, out, "Slices    40 chronological slices of the 168 steps")
	assert.Contains(t, out, "Chronological slices: 40, each the mean of its steps, stand for the 168 steps in order")
	assert.Contains(t, out, "plan over the full series (no --slices), with more --slices")
	assert.NotContains(t, out, "--periods")
}

// The printed plan report writes every negative number with one minus
// sign, the ASCII "-" of Grouped that the cost tables and the run report
// use: a negative operating cost (export earning more than import costs),
// a negative cost per tCO2e avoided, a missed check's margin, the
// checks' cost differences and the reduction's errors. "−" (U+2212) is
// left only to formulas in the prose ("1 − margin"), never before a digit.
func TestWriteRoadmapOneMinusSign(t *testing.T) {
	rm := sampleRoadmap()
	r := &rm.Rows[1]
	r.OperatingCostPerYear = -18348.4
	r.EnergyCostPerYear = r.OperatingCostPerYear - r.DemandChargePerYear - r.WearCostPerYear
	r.TotalCostPerYear = r.CapitalPerYear + r.FixedOMPerYear + r.OperatingCostPerYear + r.OffsetCostPerYear + r.CertificateCostPerYear
	r.Checks[1].OperatingCostPerYear = ptr(-30000.25) // the rolling horizon's run
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out := b.String()
	// Each negative figure of the sample, by hand, in ASCII.
	for _, want := range []string{
		"-18,348",           // operating cost
		"-22.7",             // cost per tCO2e avoided
		"margin -3.9 %",     // the rolling horizon's missed check
		"-30,000 (-11,652)", // the run's cost and its difference from the plan's: −30,000.25 − (−18,348.4)
		"-1.2 %",            // full-series cost error
		"-0.2 %",            // the load's total relative error
	} {
		assert.Contains(t, out, want)
	}
	assert.NotRegexp(t, `−\d`, out, "a number signed with U+2212 beside ASCII ones")
	assert.Regexp(t, `-\d`, out)
}

// The reduction table prints rounding noise as 0, not in exponent
// notation: an RMSE below 1e-9 of the series' range (a series constant
// over each slice) or of a constant series (no range, kept exactly).
// A real error keeps four significant digits.
func TestReductionTablePrintsRoundingAsZero(t *testing.T) {
	rm := sampleRoadmap()
	rm.Reduction = &results.RoadmapReduction{Slices: 24, Representatives: 24, Errors: []results.SeriesError{
		{Name: "load_kw", RMSE: 414.3, NRMSE: 0.121, TotalRelError: -0.0001},
		{Name: "accounting_kgco2e_per_kwh", RMSE: 8.327e-17, NRMSE: 8.327e-17 / 0.4},
		{Name: "constant_kw", RMSE: 1.1e-16, NRMSE: 0},
		{Name: "small_but_real_kw", RMSE: 2e-6, NRMSE: 2e-6 / 0.5},
	}}
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out := b.String()
	row := func(name string) []string {
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) > 0 && f[0] == name {
				return f
			}
		}
		t.Fatalf("no row %q in\n%s", name, out)
		return nil
	}
	assert.Equal(t, "414.3", row("load_kw")[1])
	assert.Equal(t, "0", row("accounting_kgco2e_per_kwh")[1])
	assert.Equal(t, "0", row("constant_kw")[1])
	assert.Equal(t, "0.000002", row("small_but_real_kw")[1], "4e-6 of the range is an error, not rounding; no exponent")
	assert.NotContains(t, out, "e-17")
	assert.NotContains(t, out, "e-16")
}

// The suggested margin: a run 3.93 % over its limit with no margin asked
// would have held with limits 1 − 1/1.0393 = 3.8 % stricter, rounded up
// to 5 %, plus 5 % of room: 0.1. Planned with --margin 0.1 already, the
// same shortfall asks for 1 − 0.9/1.0393 = 13.4 % → 0.15 + 0.05 = 0.2.
func TestSuggestedMargin(t *testing.T) {
	for _, c := range []struct {
		margin float64
		want   string
	}{{0, "--margin 0.1)"}, {0.1, "--margin 0.2)"}} {
		rm := sampleRoadmap()
		rm.Margin = c.margin
		var b bytes.Buffer
		require.NoError(t, results.WriteRoadmap(&b, rm))
		assert.Contains(t, b.String(), c.want, "margin %g", c.margin)
	}
}

// The README lists the columns of roadmap.csv and frontier.csv as the
// package documents them (TestREADMEColumns holds the blocks); the plan's
// --help prints the same docs.
func TestRoadmapColumnDocs(t *testing.T) {
	for _, docs := range [][]results.ColumnDoc{results.RoadmapColumnDocs(), results.FrontierColumnDocs()} {
		seen := map[string]bool{}
		for _, d := range docs {
			assert.False(t, seen[d.Name], "column %s twice", d.Name)
			seen[d.Name] = true
			assert.NotEmpty(t, d.Doc, d.Name)
		}
	}
	assert.Len(t, results.RoadmapColumnDocs(), len(results.RoadmapColumns()))
	assert.Len(t, results.FrontierColumnDocs(), len(results.FrontierColumns()))
}

// WritePlan writes the whole set, park files readable as parks, and
// refuses a directory holding a user's file.
func TestWritePlan(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plan")
	p := fixturePark()
	p.Market = &model.Market{OffsetsHeldTCO2e: 12.5}
	out := results.PlanOutput{Roadmap: sampleRoadmap(), Parks: map[dispatch.Stage]*model.Park{dispatch.LowCarbon: p}, Frontier: sampleFrontier()}
	require.NoError(t, results.WritePlan(dir, out))
	names, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, n := range names {
		got = append(got, n.Name())
	}
	assert.ElementsMatch(t, []string{"roadmap.csv", "roadmap.json", "park-low-carbon.json", "frontier.csv"}, got)
	back, err := model.LoadPark(filepath.Join(dir, results.DesignParkFile(dispatch.LowCarbon)))
	require.NoError(t, err)
	assert.Equal(t, 12.5, back.Market.OffsetsHeldTCO2e)
	assert.Equal(t, p.Totals(), back.Totals())

	// A second plan without a frontier replaces the set whole.
	out.Frontier = nil
	require.NoError(t, results.WritePlan(dir, out))
	_, err = os.Stat(filepath.Join(dir, results.FrontierCSVFile))
	assert.True(t, os.IsNotExist(err), "the old frontier went with the old set")

	// roadmap.png is one of the plan's files: written as a figure, then
	// replaced by a set without it, not refused as a user's file.
	pic := results.OutputFile{Name: results.RoadmapPNGFile, Write: func(w io.Writer) error { _, err := w.Write([]byte("png")); return err }}
	require.Contains(t, results.PlanFiles(), results.RoadmapPNGFile)
	require.NoError(t, results.WritePlan(dir, results.PlanOutput{Roadmap: out.Roadmap, Figures: []results.OutputFile{pic}}))
	_, err = os.Stat(filepath.Join(dir, results.RoadmapPNGFile))
	require.NoError(t, err)
	require.NoError(t, results.CheckPlanDir(dir))
	require.NoError(t, results.WritePlan(dir, out))
	_, err = os.Stat(filepath.Join(dir, results.RoadmapPNGFile))
	assert.True(t, os.IsNotExist(err), "the old roadmap.png went with the old set")

	// CheckPlanDir says beforehand what WritePlan will say: a directory
	// missing or holding only the plan's files is fine, a user's file is
	// not.
	require.NoError(t, results.CheckPlanDir(dir))
	require.NoError(t, results.CheckPlanDir(filepath.Join(t.TempDir(), "not yet")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))
	early := results.CheckPlanDir(dir)
	require.ErrorIs(t, early, results.ErrOutput)
	assert.Contains(t, early.Error(), "notes.txt")
	err = results.WritePlan(dir, out)
	require.ErrorIs(t, err, results.ErrOutput)
	assert.Contains(t, err.Error(), "notes.txt")
	assert.True(t, strings.HasPrefix(err.Error(), early.Error()), "the same message before and at the write: %v", err)
	// At the write the plan is kept beside the user's directory, not lost.
	assert.Contains(t, err.Error(), "these files were written to "+dir+".new-")
}

// AnnualCostsOf against a hand calculation: 200 kWp of PV and 100 kWh +
// 25 kW of battery added to the fixture's 300 kWp, 200 kWh and 60 kW,
// priced at round costs; the operation over one day scaled by 365.
func TestAnnualCostsOf(t *testing.T) {
	p, prof := mustProfiles(t, 24)
	costs := &model.CapacityCosts{Currency: "USD", DiscountRatePerYear: 0.05,
		PV:            model.TechCosts{CapitalPerUnit: 1000, FixedOMPerUnitYear: 10, LifetimeYears: 20, Existing: 300, MaxTotal: 1000},
		BatteryEnergy: model.TechCosts{CapitalPerUnit: 300, FixedOMPerUnitYear: 5, LifetimeYears: 10, Existing: 200, MaxTotal: 1000},
		BatteryPower:  model.TechCosts{CapitalPerUnit: 800, FixedOMPerUnitYear: 20, LifetimeYears: 10, Existing: 60, MaxTotal: 500},
		Wind:          model.TechCosts{CapitalPerUnit: 3000, FixedOMPerUnitYear: 40, LifetimeYears: 25},
	}
	p.Grid.ImportPrice = &model.Price{PerKWh: 0.1}
	p.Batteries[0].WearCostPerKWh = 0.02
	cfg := dispatch.DefaultConfig()
	cfg.Ledger.OffsetPricePerTCO2e, cfg.Ledger.CertificatePricePerMWh = 20, 7.5
	cfg.Ledger.OffsetsHeldTCO2e = 0.1
	led := cfg.Ledger
	res := runWith(t, p, prof, dispatch.Perfect, false, cfg)
	big := *p
	big.PV = append([]model.PVArray(nil), p.PV...)
	big.Batteries = append([]model.Battery(nil), p.Batteries...)
	big.PV[0].CapacityKWp += 200
	big.Batteries[0].EnergyKWh += 100
	big.Batteries[0].MaxChargeKW += 25
	big.Batteries[0].MaxDischargeKW += 25
	// The costs are those of the schedule and report given: the small
	// park's dispatch priced as if it were the big park's.
	c, err := results.AnnualCostsOf(costs, led, &big, res.Schedule, &res.Report)
	require.NoError(t, err)
	assert.True(t, c.Economics)
	crf := func(r, n float64) float64 { return r * math.Pow(1+r, n) / (math.Pow(1+r, n) - 1) }
	relClose(t, 200*1000*crf(0.05, 20)+100*300*crf(0.05, 10)+25*800*crf(0.05, 10), c.CapitalPerYear, "capital")
	relClose(t, 200*10+100*5+25*20, c.FixedOMPerYear, "fixed O&M")
	// Up front: 200 × 1000 + 100 × 300 + 25 × 800 = 250,000, not
	// annualised.
	assert.Equal(t, 250000.0, c.Investment, "investment")
	wear := 0.0
	for i := range res.Schedule.Len {
		wear += 0.02 * (res.Schedule.ChargeKW[0][i] + res.Schedule.DischargeKW[0][i])
	}
	relClose(t, 365*(res.Report.EnergyCost+res.Report.DemandChargeCost+wear), c.OperatingCostPerYear, "operating")
	// Purchases: the offsets for the residual beyond the 0.1 t held, at
	// 20 a tonne; the ledger's certificates for all import are the
	// alternative, not bought too (the clean share is not required).
	require.Positive(t, res.Report.CertificateCost, "the alternative would cost something")
	relClose(t, 365*20*(res.Report.ResidualKgCO2e/1000-0.1), c.PurchasesPerYear, "purchases")
	relClose(t, 365*(res.Report.ResidualKgCO2e/1000-0.1), c.Purchases.OffsetsTCO2e, "offsets")
	assert.Zero(t, c.Purchases.CertificatesMWh)
	relClose(t, c.CapitalPerYear+c.FixedOMPerYear+c.OperatingCostPerYear+c.PurchasesPerYear, c.TotalCostPerYear, "total")
	assert.Greater(t, c.OperatingCostPerYear, 0.0)

	// Less than the park file has costs nothing: it is sunk.
	c, err = results.AnnualCostsOf(costs, led, p, res.Schedule, &res.Report)
	require.NoError(t, err)
	assert.Zero(t, c.CapitalPerYear)
	assert.Zero(t, c.FixedOMPerYear)
	assert.Zero(t, c.Investment)

	// Without economics: operating and purchases alike, no capital nor
	// total.
	none, err := results.AnnualCostsOf(nil, led, &big, res.Schedule, &res.Report)
	require.NoError(t, err)
	assert.False(t, none.Economics)
	assert.Zero(t, none.CapitalPerYear)
	assert.Zero(t, none.Investment)
	assert.Zero(t, none.TotalCostPerYear)
	assert.Equal(t, c.OperatingCostPerYear, none.OperatingCostPerYear)
	assert.Equal(t, c.PurchasesPerYear, none.PurchasesPerYear)
	_, err = results.AnnualCostsOf(costs, led, p, nil, &res.Report)
	require.ErrorIs(t, err, results.ErrOutput)
}

// With cost columns and no capex, Cheapest ranks by total_cost_per_year
// (annual, economics): here the row with the lower period costs is the
// dearer one a year, and capex given still wins.
func TestCheapestByTotalCostPerYear(t *testing.T) {
	tab, err := results.ParseTable([]byte(`combination,pv.capacity_kwp,design_pv_capacity_kwp,steps,step_minutes,energy_cost,offset_cost,certificate_cost,stage,offsets_needed_tco2e,capital_per_year,fixed_om_per_year,operating_cost_per_year,total_cost_per_year,purchases_per_year
0,1000,1000,8760,60,500,100,0,low-carbon,20,0,0,500,600,100
1,3000,3000,8760,60,200,25,0,low-carbon,5,900,100,200,1225,25
`), "sweep.csv")
	require.NoError(t, err)
	picks, err := results.Cheapest(tab, nil)
	require.NoError(t, err)
	low := picks[dispatch.LowCarbon.Rank()]
	require.True(t, low.Found)
	assert.Equal(t, 0, low.Row.Combination)
	assert.True(t, low.Costs.PerYear)
	assert.Equal(t, 600.0, low.Costs.Total)
	var b bytes.Buffer
	require.NoError(t, results.WriteCheapest(&b, tab, picks, nil))
	assert.Contains(t, b.String(), "per year with the park's economics")
	// Costs a year beside the file's offsets, which are the period's: the
	// header and a note say so.
	// A file written before the stage columns says so, and that its
	// purchases are zero-carbon's.
	assert.Contains(t, b.String(), "written before zeropark priced each stage")
	assert.Contains(t, b.String(), "zero-carbon's")

	// Bug fix (F2): the table was "%.2f" and the raw parameter cell
	// ("2044.0470529323384", "710644.86"); plan's tables group thousands
	// and print whole money units a year.
	odd, err := results.ParseTable([]byte(`combination,wind.capacity_kw,battery.efficiency,grid.export_limit_kw,design_pv_capacity_kwp,steps,step_minutes,energy_cost,offset_cost,certificate_cost,stage,offsets_needed_tco2e,capital_per_year,fixed_om_per_year,operating_cost_per_year,total_cost_per_year,purchases_per_year
0,2044.0470529323384,0.9512,unlimited,1000,8760,60,500,100,0,low-carbon,20.04,148925.58,0,551000.04,710644.86,10719.24
`), "sweep.csv")
	require.NoError(t, err)
	picks, err = results.Cheapest(odd, nil)
	require.NoError(t, err)
	b.Reset()
	require.NoError(t, results.WriteCheapest(&b, odd, picks, nil))
	row := strings.Fields(strings.Split(b.String(), "\n")[1])
	// stage, combination, 3 parameters, stage, total, capex, operating, purchases, buys
	require.Len(t, row, 11, b.String())
	assert.Equal(t, []string{"2,044", "0.951", "unlimited"}, row[2:5])
	// total = capex + operating + purchases, each rounded to whole units
	assert.Equal(t, []string{"710,645", "148,926", "551,000", "10,719", "zero-carbon's"}, row[6:])
	assert.NotContains(t, b.String(), "2044.047", "the file keeps full precision, the table does not")

	// The second row a year: capex 900 + 100, operating 200, purchases 25.
	c, err := results.RowCosts(tab, tab.Rows[1], nil)
	require.NoError(t, err)
	assert.Equal(t, results.Costs{Capex: 1000, Operating: 200, Purchases: 25, Total: 1225, PerYear: true}, c)

	capex := results.Capex{}
	require.NoError(t, capex.Add("pv.capacity_kwp=0"))
	picks, err = results.Cheapest(tab, capex)
	require.NoError(t, err)
	assert.Equal(t, 1, picks[dispatch.LowCarbon.Rank()].Row.Combination, "capex given: operating + purchases + capex")
	assert.False(t, picks[dispatch.LowCarbon.Rank()].Costs.PerYear)
}

// A sweep file written before purchases_per_year existed is refused by
// RowCosts, with or without economics: its costs counted the offsets and
// the certificates for all import both. The error names the file, line 1
// and the column, and says to re-run the sweep.
func TestRowCostsWithoutPurchasesColumn(t *testing.T) {
	tab, err := results.ParseTable([]byte(`combination,pv.capacity_kwp,design_pv_capacity_kwp,steps,step_minutes,stage,offsets_needed_tco2e,capital_per_year,fixed_om_per_year,operating_cost_per_year,total_cost_per_year
0,1000,1000,8760,60,low-carbon,20,0,0,500,600
1,3000,3000,8760,60,low-carbon,5,,,200,
`), "old.csv")
	require.NoError(t, err)
	for _, r := range tab.Rows {
		_, err := results.RowCosts(tab, r, nil)
		var fe *results.FileError
		require.ErrorAs(t, err, &fe, "combination %d", r.Combination)
		require.ErrorIs(t, err, results.ErrFile)
		assert.Equal(t, "old.csv", fe.File)
		assert.Equal(t, 1, fe.Line)
		assert.Equal(t, results.ColPurchasesPerYear, fe.Column)
		assert.Contains(t, fe.Reason, "required column missing from the header")
		assert.Contains(t, fe.Reason, "re-run the sweep")
	}
}

// The grid marks the cheapest cell reaching each stage, by
// total_cost_per_year, whatever colours the cells.
func TestGridCheapestCells(t *testing.T) {
	tab, err := results.ParseTable([]byte(`combination,a,b,offsets_needed_tco2e,stage,total_cost_per_year
0,0,0,100,conventional,50
1,0,1,60,low-carbon,80
2,1,0,30,low-carbon,70
3,1,1,0,zero-carbon,200
`), "sweep.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "a", Y: "b"})
	require.NoError(t, err)
	// Two parameters vary: the grid is the whole sweep, its cheapest the sweep's.
	assert.Equal(t, []results.CheapestCell{
		{Stage: dispatch.Conventional, C: 0, R: 0, TotalCostPerYear: 50, SweepWide: true},
		{Stage: dispatch.LowCarbon, C: 1, R: 0, TotalCostPerYear: 70, SweepWide: true},
		{Stage: dispatch.NearZeroCarbon, C: 1, R: 1, TotalCostPerYear: 200, SweepWide: true},
		{Stage: dispatch.ZeroCarbon, C: 1, R: 1, TotalCostPerYear: 200, SweepWide: true},
	}, g.Cheapest)
	assert.Empty(t, g.Elsewhere)
	assert.True(t, math.IsNaN(g.OffsetsHeldTCO2e) && math.IsNaN(g.PeriodH), "the file does not say")
	g, err = tab.Grid(results.GridQuery{X: "a", Y: "b", KPI: results.ColTotalCostPerYear})
	require.NoError(t, err)
	assert.Equal(t, 200.0, g.Values[1][1])
	assert.Len(t, g.Cheapest, 4)

	// Without costs, nothing is marked.
	tab, err = results.ParseTable([]byte("combination,a,b,offsets_needed_tco2e,stage\n0,0,0,1,conventional\n"), "s.csv")
	require.NoError(t, err)
	g, err = tab.Grid(results.GridQuery{X: "a", Y: "b"})
	if err == nil {
		assert.Empty(t, g.Cheapest)
	}
}

// Ties go to the lower combination in the grid's marks as in Cheapest's
// table: with x the second --vary path, column order (x, then y) meets
// combination 2 (a = 1, b = 0) before combination 1 (a = 0, b = 1), both
// at 70; the marks named combination 2 where the table prints 1. The
// sweep-wide cheapest of a slice, in a file left in completion order,
// likewise.
func TestGridCheapestTiesAsTable(t *testing.T) {
	tab, err := results.ParseTable([]byte(`combination,a,b,offsets_needed_tco2e,stage,total_cost_per_year,steps,step_minutes,energy_cost,offset_cost,certificate_cost,capital_per_year,fixed_om_per_year,operating_cost_per_year,purchases_per_year
0,0,0,100,conventional,90,8760,60,0,0,0,0,0,90,0
1,0,1,60,low-carbon,70,8760,60,0,0,0,0,0,70,0
2,1,0,30,low-carbon,70,8760,60,0,0,0,0,0,70,0
3,1,1,0,low-carbon,200,8760,60,0,0,0,0,0,200,0
`), "sweep.csv")
	require.NoError(t, err)
	picks, err := results.Cheapest(tab, nil)
	require.NoError(t, err)
	require.True(t, picks[dispatch.LowCarbon.Rank()].Found)
	require.Equal(t, 1, picks[dispatch.LowCarbon.Rank()].Row.Combination)
	g, err := tab.Grid(results.GridQuery{X: "b", Y: "a"})
	require.NoError(t, err)
	require.Len(t, g.Cheapest, 2)
	for _, c := range g.Cheapest {
		assert.Equal(t, 1.0, g.Xs[c.C], "%s: b of combination 1", c.Stage)
		assert.Equal(t, 0.0, g.Ys[c.R], "%s: a of combination 1", c.Stage)
	}

	// A slice at w = 2 of a file in completion order: the sweep's cheapest
	// low-carbon rows, elsewhere at w = 1, tie; the lower is named.
	tab, err = results.ParseTable([]byte(`combination,a,b,w,offsets_needed_tco2e,stage,total_cost_per_year,steps,step_minutes,energy_cost,offset_cost,certificate_cost,capital_per_year,fixed_om_per_year,operating_cost_per_year,purchases_per_year
7,1,1,1,60,low-carbon,70,8760,60,0,0,0,0,0,70,0
0,0,0,2,100,conventional,90,8760,60,0,0,0,0,0,90,0
1,0,1,2,60,conventional,95,8760,60,0,0,0,0,0,95,0
2,1,0,2,60,conventional,95,8760,60,0,0,0,0,0,95,0
3,1,1,2,60,conventional,95,8760,60,0,0,0,0,0,95,0
4,0,0,1,60,low-carbon,80,8760,60,0,0,0,0,0,80,0
5,0,1,1,60,low-carbon,70,8760,60,0,0,0,0,0,70,0
6,1,0,1,60,low-carbon,75,8760,60,0,0,0,0,0,75,0
`), "sweep.csv")
	require.NoError(t, err)
	g, err = tab.Grid(results.GridQuery{X: "a", Y: "b", Fix: map[string]float64{"w": 2}})
	require.NoError(t, err)
	picks, err = results.Cheapest(tab, nil)
	require.NoError(t, err)
	require.NotEmpty(t, g.Elsewhere)
	for _, e := range g.Elsewhere {
		assert.Equal(t, picks[e.Stage.Rank()].Row.Combination, e.Combination, e.Stage)
		assert.Equal(t, 5, e.Combination, e.Stage)
	}
}

// Bug fix (F1): with a third parameter w held at the lowest-offset
// combination (w = 2), the slice's cheapest cells are not the sweep's:
// conventional costs 55 and low-carbon 75 at w = 1, near-zero 250 at
// w = 1 against 300 here. The grid says which cells are the sweep's
// cheapest and where the others lie.
func TestGridCheapestInSlice(t *testing.T) {
	tab, err := results.ParseTable([]byte(`combination,a,b,w,offsets_needed_tco2e,offsets_held_tco2e,step_count,step_minutes,stage,total_cost_per_year
0,0,0,2,100,400,168,60,conventional,60
1,0,1,2,50,400,168,60,low-carbon,90
2,1,0,2,40,400,168,60,low-carbon,80
3,1,1,2,0,400,168,60,zero-carbon,300
4,0,0,1,120,400,168,60,conventional,55
5,0,1,1,70,400,168,60,low-carbon,75
6,1,0,1,110,400,168,60,conventional,100
7,1,1,1,10,400,168,60,near-zero-carbon,250
`), "sweep.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "a", Y: "b"})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"w": 2}, g.Held)
	assert.Equal(t, []results.CheapestCell{
		{Stage: dispatch.Conventional, C: 0, R: 0, TotalCostPerYear: 60},
		{Stage: dispatch.LowCarbon, C: 1, R: 0, TotalCostPerYear: 80},
		{Stage: dispatch.NearZeroCarbon, C: 1, R: 1, TotalCostPerYear: 300},
		{Stage: dispatch.ZeroCarbon, C: 1, R: 1, TotalCostPerYear: 300, SweepWide: true},
	}, g.Cheapest)
	require.Len(t, g.Elsewhere, 3)
	for i, want := range []struct {
		stage dispatch.Stage
		comb  int
		cost  float64
	}{{dispatch.Conventional, 4, 55}, {dispatch.LowCarbon, 5, 75}, {dispatch.NearZeroCarbon, 7, 250}} {
		e := g.Elsewhere[i]
		assert.Equal(t, want.stage, e.Stage)
		assert.Equal(t, want.comb, e.Combination)
		assert.Equal(t, want.cost, e.TotalCostPerYear)
		assert.Equal(t, 1.0, e.Params["w"])
	}
	assert.Equal(t, 400.0, g.OffsetsHeldTCO2e)
	assert.Equal(t, 168.0, g.PeriodH, "168 steps of 60 min")

	// Fixed at w = 1, the slice holds the sweep's cheapest but zero-carbon's.
	g, err = tab.Grid(results.GridQuery{X: "a", Y: "b", Fix: map[string]float64{"w": 1}})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"w": 1}, g.Fixed)
	require.Len(t, g.Cheapest, 3)
	for _, c := range g.Cheapest {
		assert.True(t, c.SweepWide, c.Stage)
	}
	require.Len(t, g.Elsewhere, 1)
	assert.Equal(t, results.SweepCheapest{Stage: dispatch.ZeroCarbon, Combination: 3, Params: map[string]float64{"a": 1, "b": 1, "w": 2}, TotalCostPerYear: 300}, g.Elsewhere[0])
}

func ExampleWriteFrontierCSV() {
	rows := []results.FrontierRow{
		{Point: 0, EpsilonTCO2ePerYear: 4400, ResidualTCO2ePerYear: 4351.3, OperatingCostPerYear: 659705, TotalCostPerYear: 659705, Stage: dispatch.LowCarbon, Currency: "USD"},
		{Point: 1, EpsilonTCO2ePerYear: 348, ResidualTCO2ePerYear: 348, CapitalPerYear: 1237722, FixedOMPerYear: 228022,
			OperatingCostPerYear: -161173, TotalCostPerYear: 1304571, Stage: dispatch.NearZeroCarbon,
			Added: results.Capacities{PVKWp: 4507, WindKW: 1068, BatteryKWh: 11661, BatteryKW: 796}, MarginalCostPerTCO2e: ptr(1712.5),
			Investment: ptr(15456800.0), Incentives: ptr(4637040.0), Currency: "USD"},
	}
	var b bytes.Buffer
	if err := results.WriteFrontierCSV(&b, rows); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(b.String())
	back, err := results.ReadFrontierCSV(&b, "frontier.csv")
	fmt.Println(err, len(back), back[1].Added.PVKWp, *back[1].MarginalCostPerTCO2e, back[0].MarginalCostPerTCO2e == nil, *back[1].Investment, back[0].Investment == nil, back[1].Currency)
	// Output:
	// point,epsilon_tco2e_per_year,residual_tco2e_per_year,capital_per_year,fixed_om_per_year,operating_cost_per_year,total_cost_per_year,stage,add_pv_kwp,add_wind_kw,add_battery_kwh,add_battery_kw,add_heat_pump_kw_th,add_thermal_storage_kwh_th,add_electric_boiler_kw_th,add_chp_kw,add_fuel_boiler_kw_th,add_pv_units,add_wind_units,add_battery_kwh_units,add_battery_kw_units,add_heat_pump_units,add_thermal_storage_units,add_electric_boiler_units,add_chp_units,add_fuel_boiler_units,marginal_cost_per_tco2e,load_served_kwh_per_year,grid_import_kwh_per_year,grid_export_kwh_per_year,pv_kwh_per_year,wind_kwh_per_year,curtailed_kwh_per_year,battery_losses_kwh_per_year,battery_stored_change_kwh_per_year,chp_kwh_per_year,heat_pump_electricity_kwh_per_year,electric_boiler_electricity_kwh_per_year,fuel_kwh_lhv_per_year,heat_served_kwh_th_per_year,heat_pump_heat_kwh_th_per_year,electric_boiler_heat_kwh_th_per_year,fuel_boiler_heat_kwh_th_per_year,chp_heat_kwh_th_per_year,chp_dumped_heat_kwh_th_per_year,purchased_heat_kwh_th_per_year,thermal_storage_losses_kwh_th_per_year,thermal_stored_change_kwh_th_per_year,add_grid_kw,add_grid_units,investment,incentives,full_series_total_cost_per_year,full_series_cost_error_fraction,full_series_stage,full_series_unreachable,full_series_least_residual_tco2e_per_year,full_series_residual_tco2e_per_year,park_sha256,series_sha256,full_series_carbon_tco2_per_tce,full_series_clean_share_fraction,currency,design_park_file,warnings
	// 0,4400,4351.3,0,0,659705,659705,low-carbon,0,0,0,0,0,0,0,0,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,0,,,,,,,,,,,,,,USD,,
	// 1,348,348,1237722,228022,-161173,1304571,near-zero-carbon,4507,1068,11661,796,0,0,0,0,0,,,,,,,,,,1712.5,,,,,,,,,,,,,,,,,,,,,,0,,15456800,4637040,,,,,,,,,,,USD,,
	// <nil> 2 4507 1712.5 true 1.54568e+07 true USD
}

func ExampleReadRoadmapCSV() {
	var b bytes.Buffer
	if err := results.WriteRoadmapCSV(&b, sampleRoadmap()); err != nil {
		fmt.Println(err)
		return
	}
	rows, err := results.ReadRoadmapCSV(&b, "roadmap.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		mpc := r.Check(dispatch.RollingHorizon)
		switch {
		case r.Unreachable != "":
			fmt.Println(r.Target, "out of reach")
		case mpc != nil:
			fmt.Printf("%s: %.0f a year, rolling horizon %s (holds %t)\n", r.Target, r.TotalCostPerYear, mpc.Stage, mpc.Holds)
		default:
			fmt.Printf("%s: %.0f a year\n", r.Target, r.TotalCostPerYear)
		}
	}
	// Output:
	// today: 618460 a year
	// low-carbon: 592691 a year, rolling horizon conventional (holds false)
	// near-zero-carbon out of reach
}

// TestRoadmapCarbonPriceColumn: roadmap.csv repeats the roadmap's carbon
// price on every row, the one out of reach too (a parameter, not a
// figure of a design), so that roadmaps planned at several prices
// concatenate into one table; the rows' own field is not what is
// written.
func TestRoadmapCarbonPriceColumn(t *testing.T) {
	rm := sampleRoadmap()
	rm.CarbonPricePerTCO2e = 75.5
	stray := 1.0
	rm.Rows[1].CarbonPricePerTCO2e = &stray
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	require.NoError(t, err)
	col := slices.Index(recs[0], "carbon_price_per_tco2e")
	require.GreaterOrEqual(t, col, 0, recs[0])
	require.Len(t, recs, 1+len(rm.Rows))
	for i, rec := range recs[1:] {
		assert.Equal(t, "75.5", rec[col], "row %d (%s)", i, rm.Rows[i].Target)
	}
	require.NotEmpty(t, rm.Rows[2].Unreachable)
	rows, err := results.ReadRoadmapCSV(bytes.NewReader(b.Bytes()), "roadmap.csv")
	require.NoError(t, err)
	for _, r := range rows {
		require.NotNil(t, r.CarbonPricePerTCO2e, r.Target)
		assert.Equal(t, 75.5, *r.CarbonPricePerTCO2e, r.Target)
	}
	assert.Equal(t, 1.0, *rm.Rows[1].CarbonPricePerTCO2e, "the roadmap's rows are not changed by writing")
}

// A stage out of reach has no design: roadmap.csv leaves every figure of
// its row empty and roadmap.json writes only its target, stage and
// reason, so that a tool sorting by cost or residual cannot take it for
// a free design (a 0 would read as one). The files still read back.
// Only the carbon price, a parameter, and the currency are written on it.
func TestRoadmapUnreachableRowHasNoFigures(t *testing.T) {
	rm := sampleRoadmap()
	const out = 2 // near-zero-carbon, out of reach
	require.NotEmpty(t, rm.Rows[out].Unreachable)

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 1+len(rm.Rows))
	kept := map[string]string{results.ColTarget: string(dispatch.NearZeroCarbon), results.ColStage: "",
		results.ColUnreachable: rm.Rows[out].Unreachable, "carbon_price_per_tco2e": "0", results.ColCurrency: "USD"}
	for j, col := range recs[0] {
		assert.Equal(t, kept[col], recs[1+out][j], "column %s of the row out of reach", col)
		if col == results.ColTotalCostPerYear || col == results.ColResidualTCO2ePerYear {
			assert.NotEmpty(t, recs[1][j], "today's %s", col)
		}
	}

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	var doc struct {
		Designs []map[string]any `json:"designs"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	require.Len(t, doc.Designs, len(rm.Rows))
	assert.Equal(t, map[string]any{"target": string(dispatch.NearZeroCarbon), "stage": "", "unreachable": rm.Rows[out].Unreachable},
		doc.Designs[out])
	assert.Contains(t, doc.Designs[0], "total_cost_per_year", "a row with a design keeps its figures")
	assert.Contains(t, doc.Designs[0], "residual_tco2e_per_year")

	// A row with a design must give its numbers: only a row out of reach
	// may leave them empty.
	lines := strings.Split(strings.TrimSuffix(csvText(t, rm), "\n"), "\n")
	cells := strings.Split(lines[1], ",")
	cells[slices.Index(results.RoadmapColumns(), results.ColTotalCostPerYear)] = ""
	lines[1] = strings.Join(cells, ",")
	_, err = results.ReadRoadmapCSV(strings.NewReader(strings.Join(lines, "\n")+"\n"), "roadmap.csv")
	var fe *results.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, results.ColTotalCostPerYear, fe.Column)
	assert.Equal(t, 2, fe.Line)
}

// roadmapText is rm's report (WriteRoadmap).
func roadmapText(t *testing.T, rm *results.Roadmap) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	return b.String()
}

func csvText(t *testing.T, rm *results.Roadmap) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	return b.String()
}

// Without --margin, or without offsets bought, there is no margin note.
func TestWriteRoadmapMarginNote(t *testing.T) {
	const note = "tightens the offsets' cover"
	for _, c := range []struct {
		name   string
		edit   func(*results.Roadmap)
		inside bool
	}{
		{"margin and offsets", func(*results.Roadmap) {}, true},
		{"no margin", func(rm *results.Roadmap) { rm.Margin = 0 }, false},
		{"no offsets bought", func(rm *results.Roadmap) { rm.Rows[1].OffsetsBoughtTCO2ePerYear = 0 }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			rm := sampleRoadmap()
			c.edit(rm)
			var b bytes.Buffer
			require.NoError(t, results.WriteRoadmap(&b, rm))
			if c.inside {
				assert.Contains(t, b.String(), note)
			} else {
				assert.NotContains(t, b.String(), note)
			}
		})
	}
}

// A residual too small for the table's 0.1 t keeps its first significant
// digit: 0.0003 t beside "near-zero-carbon" must not read 0.0 (which
// would look zero-carbon); larger residuals and an exact 0 keep 0.1 t.
func TestFrontierSmallResidual(t *testing.T) {
	for _, tc := range []struct {
		residualTCO2e float64
		want          string
	}{
		{0.0003077785924913119, "0.0003"},
		{-0.0003077785924913119, "-0.0003"},
		{0.04, "0.04"},
		{0.05, "0.1"}, // rounds to 0.1 at the table's precision
		{0, "0.0"},
		{4351.34, "4,351.3"},
		{2e-15, "2e-15"},
	} {
		front := sampleFrontier()
		// A bound of 1 t prints at 0.1 t and leaves the residual its own
		// decimals (TestFrontierBoundResidualSameFormat pairs small ones).
		front[2].EpsilonTCO2ePerYear, front[2].ResidualTCO2ePerYear = 1, tc.residualTCO2e
		front[2].Stage = dispatch.NearZeroCarbon
		var b bytes.Buffer
		require.NoError(t, results.WriteFrontier(&b, front, "USD", false))
		row := tableRow(t, b.String(), "Cost–carbon frontier", "2")
		assert.Equal(t, tc.want, row[2], "residual %g", tc.residualTCO2e)
		assert.Equal(t, string(dispatch.NearZeroCarbon), row[7])
	}
}

// The bound and the residual print with the same decimals, so that a point
// at its bound does not read as over it (bug fix: "residual ≤ 0.0" beside
// "residual 0.0004" for ε = residual = 0.00037 t).
func TestFrontierBoundResidualSameFormat(t *testing.T) {
	for _, tc := range []struct {
		epsilonTCO2e, residualTCO2e float64
		wantBound, wantResidual     string
	}{
		{0.00036982, 0.00036982, "0.0004", "0.0004"},
		{0.001, 0.00036982, "0.0010", "0.0004"},
		{0.5, 0.0003, "0.5", "0.0003"}, // a bound that reads as itself keeps 0.1 t
		{0, 0.0003, "0.0", "0.0003"},
		{4351.34, 4351.34, "4,351.3", "4,351.3"},
		{1200, 0, "1,200.0", "0.0"},
	} {
		front := sampleFrontier()
		front[2].EpsilonTCO2ePerYear, front[2].ResidualTCO2ePerYear = tc.epsilonTCO2e, tc.residualTCO2e
		var b bytes.Buffer
		require.NoError(t, results.WriteFrontier(&b, front, "USD", false))
		row := tableRow(t, b.String(), "Cost–carbon frontier", "2")
		assert.Equal(t, tc.wantBound, row[1], "bound %g", tc.epsilonTCO2e)
		assert.Equal(t, tc.wantResidual, row[2], "residual %g", tc.residualTCO2e)
	}
}

// A design that misses its stage over the full series has no cost error:
// roadmap.csv leaves the cell empty and names the full series' stage and
// why, roadmap.json omits it, the report prints "—" and says why; all
// read back.
func TestRoadmapFullSeriesMissed(t *testing.T) {
	rm := sampleRoadmap()
	why := "plan: low-carbon is out of reach: with PV 1,813.9 kWp, the reduction of emissions against the business-as-usual baseline is at best 20 % against ≥ 30"
	rm.Rows[1].Full = &results.FullSeries{Stage: dispatch.Conventional, TotalCostPerYear: 620001.25, Unreachable: why}
	// The evaluation's own solves, printed and kept in roadmap.json.
	rm.Reduction.FullSeriesSolves, rm.Reduction.FullSeriesSolveSeconds, rm.Reduction.FullSeriesColumns = 7, 12.34, 88123

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	require.NoError(t, err)
	header, cells := recs[0], recs[2]
	cell := func(name string) string { return cells[slices.Index(header, name)] }
	assert.Empty(t, cell("full_series_cost_error_fraction"))
	assert.Contains(t, cell(results.ColWarnings), "full series: misses low-carbon: "+why, "the warnings say it too")
	assert.Equal(t, "620001.25", cell("full_series_total_cost_per_year"))
	assert.Equal(t, "conventional", cell("full_series_stage"))
	assert.Equal(t, why, cell("full_series_unreachable"))
	checkRoadmapCSVRoundTrip(t, rm)

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.NotContains(t, b.String(), `"cost_error"`, "the one evaluated design missed its stage: no cost error")
	checkRoadmapJSONRoundTrip(t, rm)

	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out := b.String()
	assert.Regexp(t, `low-carbon +592,691 +620,001 +— +does not reach low-carbon`, out)
	assert.Contains(t, out, "no cost error for a design that misses its stage")
	assert.Contains(t, out, "plan.Model.Evaluate; 7 LPs of 88,123 columns, 12.3 s in the solver):")
	// Its operation check fails too (sampleRoadmap's rolling horizon):
	// the advice is the reduction's, not a margin sized on its error
	// (QA, 2026-12-04: --slices 1 advised --margin 0.9).
	require.Contains(t, out, "fails in operation")
	assert.Contains(t, out, "misses its stage over the full series already")
	assert.NotContains(t, out, "A design that fails in operation was sized")
}

// The heading says the period's hours that a year's 8760 h are divided
// by: a two-year series' figures are half the period's, a year of
// quarter hours is 8,760 h as an hourly year is, a leap year 8,784 h. The
// steps are grouped as the hours are ("17,520 steps"), here and where the
// representative periods stand for them.
func TestWriteRoadmapPeriodHours(t *testing.T) {
	rm := sampleRoadmap()
	for _, c := range []struct {
		steps   int
		minutes float64
		want    string
	}{
		{17520, 60, "(17,520 steps of 1h0m0s); every figure is per year (× 8760 h / the period's 17,520 h)\n"},
		{35040, 15, "(35,040 steps of 15m0s); every figure is per year (× 8760 h / the period's 8,760 h)\n"},
		{8784, 60, "(8,784 steps of 1h0m0s); every figure is per year (× 8760 h / the period's 8,784 h)\n"},
		{7, 5, "(7 steps of 5m0s); every figure is per year (× 8760 h / the period's 0.58 h)\n"},
		{1, 60, "(1 step of 1h0m0s); every figure is per year (× 8760 h / the period's 1 h)\n"},
		{0, 60, "every figure is per year (× 8760 h / the period)\n"},
		// 100 s divides an hour; its minutes as Duration.Minutes gives them (1.666…5) times a minute's
		// nanoseconds must not truncate to 1m39.999999999s.
		{315360, (100 * time.Second).Minutes(), "(315,360 steps of 1m40s); every figure is per year (× 8760 h / the period's 8,760 h)\n"},
	} {
		rm.Steps, rm.StepMinutes = c.steps, c.minutes
		var b bytes.Buffer
		require.NoError(t, results.WriteRoadmap(&b, rm))
		assert.Contains(t, b.String(), c.want)
		if c.steps > 0 {
			assert.Contains(t, b.String(), "stand for the "+results.Grouped(float64(c.steps), 0)+" step")
		}
	}
}

// On sub-hourly steps the heading says how many steps a representative
// period has; on hourly steps it does not repeat the hours.
func TestRoadmapPeriodSteps(t *testing.T) {
	rm := sampleRoadmap()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "4 representative periods of 168 h (see below)")
	rm.StepMinutes = 15
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "4 representative periods of 168 h (672 steps of 15 min each) (see below)")
	// A length of 24h15m is not "24 h" (time QA, 2026-12-04).
	rm.Reduction.PeriodLengthHours = 24.25
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "4 representative periods of 24.25 h (97 steps of 15 min each)")
}

// When the period length does not divide the series, the last, shorter
// period is kept as it is (plan/periods: KindRemainder), a representative
// more than --periods: the heading and the reduction's section say so
// (8,760 h = 52 × 168 h + 24 h), in hours on quarter-hour steps too, and
// say nothing of a remainder where the length divides the series.
func TestRoadmapPeriodsRemainder(t *testing.T) {
	rm := sampleRoadmap()
	rm.Steps = 8760
	rm.Reduction.Representatives = 5
	rm.Reduction.Weights = append(rm.Reduction.Weights, 1)
	rm.Reduction.Kinds = append(rm.Reduction.Kinds, "remainder")
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "Periods   4 representative periods of 168 h and the 24 h remainder (see below)")
	assert.Contains(t, b.String(), "Representative periods: 4 of 168 h and the 24 h remainder stand for the 8,760 steps")
	assert.Equal(t, 24.0, rm.RemainderHours())

	rm.Steps, rm.StepMinutes = 8760*4, 15
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "4 representative periods of 168 h (672 steps of 15 min each) and the 24 h remainder (see below)")
	assert.Contains(t, b.String(), "Representative periods: 4 of 168 h and the 24 h remainder stand for the 35,040 steps")

	rm.Steps, rm.StepMinutes = 168*52, 60
	assert.Zero(t, rm.RemainderHours(), "the length divides the series")
	rm.Reduction.Kinds = rm.Reduction.Kinds[:4]
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.NotContains(t, b.String(), "remainder")
	assert.Zero(t, rm.RemainderHours())
}

// Each check's operating cost is in two columns of roadmap.csv added
// after full_series_unreachable (added at the end: the earlier columns
// keep their places; the electric boiler's came after them); a check
// whose cost is not known (a roadmap.json from before the key) has an
// empty cell and reads back as not known, not as free.
func TestRoadmapCheckOperatingCostCells(t *testing.T) {
	cols := results.RoadmapColumns()
	i := slices.Index(cols, "full_series_unreachable")
	require.GreaterOrEqual(t, i, 0)
	require.Greater(t, len(cols), i+4)
	assert.Equal(t, []string{"full_series_unreachable", "perfect_operating_cost_per_year", "mpc_operating_cost_per_year",
		"add_electric_boiler_kw_th", "total_electric_boiler_kw_th"}, cols[i:i+5])

	rm := sampleRoadmap()
	rm.Rows[1].Checks[1].OperatingCostPerYear = nil
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 4)
	last := i + 2 // mpc_operating_cost_per_year
	assert.Equal(t, []string{"", ""}, recs[1][last-1:last+1], "today's park is not checked")
	assert.Equal(t, []string{"460000.4", ""}, recs[2][last-1:last+1])
	rows, err := results.ReadRoadmapCSV(bytes.NewReader(b.Bytes()), "roadmap.csv")
	require.NoError(t, err)
	require.NotNil(t, rows[1].Check(dispatch.Perfect).OperatingCostPerYear)
	assert.Equal(t, 460000.4, *rows[1].Check(dispatch.Perfect).OperatingCostPerYear)
	assert.Nil(t, rows[1].Check(dispatch.RollingHorizon).OperatingCostPerYear)
	assert.Empty(t, rows[0].Checks)

	// The difference to the plan's operating cost (451,389), by hand.
	d := rows[1].Check(dispatch.Perfect).OperatingCostVsPlanPerYear(rows[1].OperatingCostPerYear)
	require.NotNil(t, d)
	assert.InDelta(t, 460000.4-451389.0, *d, 1e-9)
	assert.Nil(t, rows[1].Check(dispatch.RollingHorizon).OperatingCostVsPlanPerYear(rows[1].OperatingCostPerYear))
	var none *results.OperationCheck
	assert.Nil(t, none.OperatingCostVsPlanPerYear(1))
}

// Every column of roadmap.csv names its unit: a column its documentation
// calls a fraction ends in _fraction (perfect_margin, mpc_margin and
// full_series_cost_error did not before 2026-12-02), in the order the
// file always had.
func TestRoadmapFractionColumnsNameTheirUnit(t *testing.T) {
	var fractions []string
	for _, d := range results.RoadmapColumnDocs() {
		if strings.Contains(d.Doc, "a fraction") {
			fractions = append(fractions, d.Name)
			assert.True(t, strings.HasSuffix(d.Name, "_fraction"), "column %s is a fraction", d.Name)
		}
	}
	assert.Equal(t, []string{"perfect_margin_fraction", "mpc_margin_fraction", "full_series_cost_error_fraction", "margin_fraction"}, fractions)
}

// A design bought in whole units records its branch and bound in
// roadmap.json (whole_units: mip_gap asked and reached, nodes, stopped at
// the gap) and the heading says how close to the best the designs are:
// the largest gap reached, the LPs summed over the designs. Without
// whole units neither appears.
func TestRoadmapUnitSearch(t *testing.T) {
	rm := sampleRoadmap()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.NotContains(t, b.String(), "branch and bound")
	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.NotContains(t, b.String(), "mip_gap")

	rm.Rows[1].WholeUnits = &results.UnitSearch{MIPGap: 1e-4, MIPGapReached: 6.5e-5, Nodes: 37, StoppedAtGap: true}
	rm.Rows = append(rm.Rows, rm.Rows[1])
	rm.Rows[3].Target = string(dispatch.ZeroCarbon)
	rm.Rows[3].WholeUnits = &results.UnitSearch{MIPGap: 1e-4, Nodes: 1200}
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(),
		"Units     whole units by branch and bound: within 0.0065 % of the best whole units could cost (--mip-gap 0.01 %), 1,237 LPs over 2 designs\n")
	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.Contains(t, b.String(), `"whole_units": {`)
	assert.Contains(t, b.String(), `"mip_gap": 0.0001`)
	assert.Contains(t, b.String(), `"mip_gap_reached": 0.000065`)
	got, err := results.ReadRoadmapJSON(bytes.NewReader(b.Bytes()), "roadmap.json")
	require.NoError(t, err)
	assert.Equal(t, rm.Rows[1].WholeUnits, got.Rows[1].WholeUnits)
	assert.Equal(t, rm.Rows[3].WholeUnits, got.Rows[3].WholeUnits)

	rm.Rows[1].WholeUnits = nil
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "whole units by branch and bound: proven best (gap 0) (--mip-gap 0.01 %), 1,200 LPs over 1 design\n")
}

// The report words the operation checks by how they ran: a carbon price
// (--objective cost) is said to price the checks only, the operating-cost
// footer names the objective used, and the advice for a failed check
// names its cause — forecasts (rolling horizon), the cost objective (a
// miss under perfect foresight at least cost) or the dispatch's own
// operation (a miss under perfect foresight, carbon first).
func TestWriteRoadmapCheckWording(t *testing.T) {
	const (
		priced       = "no carbon price in the designs: --carbon-price 80.50 USD/tCO2e prices carbon in the operation checks only"
		costFooter   = "dispatch's at least cost with carbon at 80.50 USD/tCO2e (--objective cost)"
		carbonFooter = "dispatch's carbon first, then cost (--objective carbon, the default)"
		costMiss     = "Under perfect foresight the miss is the cost objective's"
	)
	carbonFirst := func(rm *results.Roadmap) {
		for i := range rm.Rows {
			for j := range rm.Rows[i].Checks {
				c := &rm.Rows[i].Checks[j]
				c.Objective, c.CarbonPricePerTCO2e = dispatch.CarbonFirst, 0
			}
		}
	}
	perfectFails := func(rm *results.Roadmap) {
		rm.Rows[1].Checks[0].Holds, rm.Rows[1].Checks[0].Margin = false, -0.049
		rm.Rows[1].Checks[1].Holds, rm.Rows[1].Checks[1].Margin = true, 0.1
	}
	for _, c := range []struct {
		name      string
		edit      func(*results.Roadmap)
		want, not []string
	}{
		{"cost, forecasts miss", func(*results.Roadmap) {},
			[]string{priced, costFooter, "leave room for forecast errors, or --margin auto"},
			[]string{carbonFooter, costMiss, "carbon first by default", "--objective cost runs the checks at least cost"}},
		{"cost, perfect foresight misses", perfectFails,
			[]string{priced, costFooter, costMiss, "carbon at 80.50 USD/tCO2e (--carbon-price), not for the stage",
				"leave room for an operation at least cost, or --margin auto"},
			[]string{"forecast errors"}},
		// The price sized the designs (zeropark plan --carbon-price): a
		// higher one would re-size them, so it is not the advice.
		{"designs sized at the price, perfect foresight misses", func(rm *results.Roadmap) { rm.CarbonPricePerTCO2e = 80.5; perfectFails(rm) },
			[]string{costMiss, "carbon at 80.50 USD/tCO2e (--carbon-price, which sized the designs too)",
				"carbon priced at 80.50 USD/tCO2e (--carbon-price) in the designs and the operation checks: each design minimises its",
				"a higher --carbon-price sizes other designs, not only other checks."},
			[]string{priced, "or with a higher --carbon-price to see whether"}},
		// Designs sized at the price, checks carbon first: the heading
		// says the price is in the designs only.
		{"designs sized at the price, checks carbon first", func(rm *results.Roadmap) { rm.CarbonPricePerTCO2e = 80.5; carbonFirst(rm) },
			[]string{"carbon priced at 80.50 USD/tCO2e (--carbon-price) in the designs: each design minimises its", carbonFooter},
			[]string{priced, "in the designs and the operation checks"}},
		{"carbon first, perfect foresight misses", func(rm *results.Roadmap) { carbonFirst(rm); perfectFails(rm) },
			[]string{carbonFooter, "leave room for the dispatch's own operation (storage from initial_soc_fraction), or --margin auto"},
			[]string{priced, costFooter, costMiss, "forecast errors"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rm := sampleRoadmap()
			c.edit(rm)
			var b bytes.Buffer
			require.NoError(t, results.WriteRoadmap(&b, rm))
			for _, s := range c.want {
				assert.Contains(t, b.String(), s)
			}
			for _, s := range c.not {
				assert.NotContains(t, b.String(), s)
			}
		})
	}
}

// A period shorter than a week is warned of in the heading (a year
// scaled from its hours), a week or more is not; one step is "1 step".
func TestWriteRoadmapShortPeriod(t *testing.T) {
	rm := sampleRoadmap() // 168 steps of an hour
	assert.Empty(t, results.ShortPeriodWarning(rm))
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.NotContains(t, b.String(), "scaled from")

	rm.Steps = 1
	want := "every figure is a year scaled from 1 h (× 8,760): a period shorter than a week"
	assert.Contains(t, results.ShortPeriodWarning(rm), want)
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "(1 step of 1h0m0s)")
	assert.Contains(t, b.String(), "\nCaution   "+want)

	rm.Steps, rm.StepMinutes = 96, 15 // a day of quarter hours: × 365
	assert.Contains(t, results.ShortPeriodWarning(rm), "scaled from 24 h (× 365)")
	rm.Steps, rm.StepMinutes = 48, 60 // two days: × 182.5, not "× 182"
	assert.Contains(t, results.ShortPeriodWarning(rm), "scaled from 48 h (× 182.5)")
	rm.Steps = 100 // × 87.6
	assert.Contains(t, results.ShortPeriodWarning(rm), "scaled from 100 h (× 87.6)")
}

// With a carbon price in the file (the sweep ran the cost objective at
// it), Cheapest ranks on cost + the price × the residual a year, as plan
// --carbon-price sizes designs; the cost stays what is paid. By hand at
// 50 a tCO2e: row 0 emits 20,000 kg over a year, 600 + 50 × 20 = 1,600;
// row 1 emits 2,500 kg over half a year, 5 t a year, 1,225 + 50 × 5 =
// 1,475. Without the price row 0 (600) is cheaper.
func TestCheapestAtCarbonPrice(t *testing.T) {
	file := func(price string) *results.Table {
		tab, err := results.ParseTable([]byte(`combination,pv.capacity_kwp,design_pv_capacity_kwp,steps,step_minutes,energy_cost,offset_cost,certificate_cost,stage,offsets_needed_tco2e,residual_kgco2e,carbon_price_per_tco2e,capital_per_year,fixed_om_per_year,operating_cost_per_year,total_cost_per_year,purchases_per_year
0,1000,1000,8760,60,500,100,0,low-carbon,20,20000,`+price+`,0,0,500,600,100
1,3000,3000,4380,60,100,12.5,0,low-carbon,2.5,2500,`+price+`,900,100,200,1225,25
`), "sweep.csv")
		require.NoError(t, err)
		return tab
	}
	unpriced := file("0")
	picks, err := results.Cheapest(unpriced, nil)
	require.NoError(t, err)
	low := picks[dispatch.LowCarbon.Rank()]
	assert.Equal(t, 0, low.Row.Combination)
	assert.Zero(t, low.CarbonCost)
	var b bytes.Buffer
	require.NoError(t, results.WriteCheapest(&b, unpriced, picks, nil))
	assert.NotContains(t, b.String(), "carbon cost")

	priced := file("50")
	picks, err = results.Cheapest(priced, nil)
	require.NoError(t, err)
	low = picks[dispatch.LowCarbon.Rank()]
	assert.Equal(t, 1, low.Row.Combination, "the carbon price flips the ranking")
	assert.InDelta(t, 250, low.CarbonCost, 1e-9)
	assert.Equal(t, 1225.0, low.Costs.Total, "the cost stays what is paid")
	b.Reset()
	require.NoError(t, results.WriteCheapest(&b, priced, picks, nil))
	assert.Contains(t, b.String(), "carbon cost")
	assert.Contains(t, b.String(), "rank on cost + carbon cost")
	row := strings.Fields(strings.Split(b.String(), "\n")[2]) // the header's "cheapest reaching" and "carbon cost" are two words each
	require.GreaterOrEqual(t, len(row), 9, b.String())
	assert.Equal(t, []string{"1,225", "1,000", "200", "25", "250"}, row[4:9], b.String())
}

// plot sweep's marks rank as Cheapest at a carbon price: the cell of
// 1,225 + 50 × 5 = 1,475, not the one of 600 + 50 × 20 = 1,600.
func TestGridCheapestAtCarbonPrice(t *testing.T) {
	tab, err := results.ParseTable([]byte(`combination,a,b,steps,step_minutes,residual_kgco2e,carbon_price_per_tco2e,offsets_needed_tco2e,stage,total_cost_per_year
0,0,0,8760,60,20000,50,20,low-carbon,600
1,0,1,8760,60,5000,50,5,low-carbon,1225
`), "sweep.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "a", Y: "b"})
	require.NoError(t, err)
	k := slices.IndexFunc(g.Cheapest, func(c results.CheapestCell) bool { return c.Stage == dispatch.LowCarbon })
	require.GreaterOrEqual(t, k, 0)
	assert.Equal(t, results.CheapestCell{Stage: dispatch.LowCarbon, C: 0, R: 1, TotalCostPerYear: 1225, CarbonCostPerYear: 250, SweepWide: true}, g.Cheapest[k])
}

// unwrap is s with its line breaks and indents made single spaces, for a
// sentence the report breaks across lines.
func unwrap(s string) string { return strings.Join(strings.Fields(s), " ") }

// A check missed by a hair keeps its sign and shows the digits that
// tell the value from the limit (QA, 2026-12-04: "margin +0.0 %", "70 %
// against its limit 70 %").
func TestCheckMissedByAHair(t *testing.T) {
	rm := sampleRoadmap()
	var c *results.OperationCheck
	for i := range rm.Rows {
		for j := range rm.Rows[i].Checks {
			if !rm.Rows[i].Checks[j].Holds {
				c = &rm.Rows[i].Checks[j]
			}
		}
	}
	require.NotNil(t, c, "sampleRoadmap has a failing check")
	c.Margin, c.Value, c.Limit, c.Unit, c.Indicator = -0.000055, 70.0038, 70, "%", "the non-renewable share of the electricity used"
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out := b.String()
	assert.Contains(t, out, "margin -0.0055 %")
	assert.Contains(t, out, "the non-renewable share of the electricity used 70.004 % against its limit 70 %")
}

// The plan's header names the defaults' money source (REopt, USD) for the
// money keys only: lifetimes and the analysis period are years, which a
// CNY plan read as dollars (QA, 2026-12-05).
func TestRoadmapDefaultsLine(t *testing.T) {
	years := 0
	text := func(keys ...string) string {
		rm := sampleRoadmap()
		rm.Currency, rm.Defaulted, rm.AnalysisYears = "CNY", keys, years
		var b bytes.Buffer
		require.NoError(t, results.WriteRoadmap(&b, rm))
		return b.String()
	}
	out := text("analysis_years")
	assert.Contains(t, out, "Defaults  years as documented (the key table) for analysis_years\n")
	assert.NotContains(t, out, "USD")
	out = text("pv.capital_per_kwp", "pv.lifetime_years", "analysis_years")
	assert.Contains(t, out, "Defaults  "+model.DefaultsSource+" for\n          pv.capital_per_kwp\n")
	assert.Contains(t, out, "\n          years as documented (the key table) for pv.lifetime_years, analysis_years\n")
	// With the analysis period known, its value (QA G A7, session 39).
	years = 25
	out = text("pv.lifetime_years", "analysis_years")
	assert.Contains(t, out, "Defaults  years as documented (the key table) for pv.lifetime_years, analysis_years = 25\n")
}

// csvMargin is roadmap.csv's margin_fraction of row r of rm: the margin
// its design was sized at, nil for today's park and a stage out of reach.
func csvMargin(rm *results.Roadmap, r results.RoadmapRow) *float64 {
	if r.Target == results.TodayTarget || r.Unreachable != "" {
		return nil
	}
	m := rm.Margin
	if r.SizedMargin != nil {
		m = *r.SizedMargin
	}
	return &m
}

// Under --margin STAGE=F,… whose larger margins' stages are out of
// reach, the heading gives the margin the designs left were sized at, not
// the largest given (QA K, 2026-12-05: "every stage limit tightened by
// 20.0 %" over greensboro-heat's low-carbon design sized at 0).
func TestWriteRoadmapStageMarginsOutOfReach(t *testing.T) {
	rm := sampleRoadmap()
	rm.Margin = 0.2 // near-zero-carbon=0.2: out of reach
	rm.Rows[1].SizedMargin = ptr(0.0)
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out := b.String()
	assert.Contains(t, out, "Margin    each stage's limits tightened by its own margin (--margin STAGE=F,…): low-carbon 0.0 %\n")
	assert.NotContains(t, out, "every stage limit tightened by 20.0 %")

	rm.Rows[1].SizedMargin = ptr(0.2) // --margin 0.2: as before
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "Margin    every stage limit tightened by 20.0 % (--margin)\n")
}

// A roadmap over representative periods whose designs were not evaluated
// over the full series (a Go study that calls no
// scenario.FullSeriesResults) printed "Each design evaluated over the full
// series …:" above a table with no rows (QA H, session 39).
func TestWriteRoadmapWithoutFullSeries(t *testing.T) {
	rm := sampleRoadmap()
	require.NotNil(t, rm.Reduction)
	for i := range rm.Rows {
		rm.Rows[i].Full = nil
	}
	var b strings.Builder
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out := b.String()
	assert.NotContains(t, out, "Each design evaluated over the full series")
	assert.Contains(t, out, "  The designs were not evaluated over the full series (scenario.FullSeriesResults):\n"+
		"  the reduced model's cost error is not known.\n")
}
