package results_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// A run of a park whose file names its currency says it beside every
// money figure of the report (offsets and certificates with their prices,
// over the period and per year; the operating costs' heading; the cost
// objective's carbon price) and in summary.json; one that names none
// prints the figures bare, as before, and summary.json has no currency
// key. The figures are the summary's, worked out again here: the fixture's
// 48 h period makes a year 8760 / 48 of it.
func TestReportNamesTheCurrency(t *testing.T) {
	_, sums, att := fiveRuns(t)
	s := sums[2]
	// A demand charge, so that the operating costs are printed.
	s.Report.MonthlyPeakImportKW = []dispatch.MonthPeak{{Month: "2024-01", PeakImportKW: 450, Share: 1, Charge: 4500}}
	s.Report.Objective, s.Report.CarbonPricePerTCO2e = dispatch.Cost, 80
	off, cert := 15*s.OffsetsNeededTCO2e, 5*s.CertificatesMWh
	perYear := 8760.0 / 48
	opt := results.ReportOptions{Ledger: reportConfig().Ledger}

	s.Currency = "CNY"
	var b bytes.Buffer
	require.NoError(t, results.WriteReport(&b, s, att, opt))
	text := b.String()
	for _, want := range []string{
		"costing " + results.Grouped(off, 0) + " CNY (" + results.Grouped(off*perYear, 0) + " CNY per year) at 15 CNY per tCO2e",
		"costing " + results.Grouped(cert, 0) + " CNY (" + results.Grouped(cert*perYear, 0) + " CNY per year) at 5 CNY per MWh",
		"Operating costs (CNY; per year: × 8760 h / the period's 48 h)",
		"+ 80 CNY per tCO2e of dispatch carbon",
	} {
		assert.Contains(t, text, want)
	}
	var js bytes.Buffer
	require.NoError(t, results.WriteSummaryJSON(&js, s))
	var m map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &m))
	assert.Equal(t, "CNY", m["currency"])
	back, err := results.ReadSummaryJSON(bytes.NewReader(js.Bytes()), "summary.json")
	require.NoError(t, err)
	assert.Equal(t, "CNY", back.Currency)

	s.Currency = ""
	b.Reset()
	require.NoError(t, results.WriteReport(&b, s, att, opt))
	text = b.String()
	assert.Contains(t, text, "costing "+results.Grouped(off, 0)+" ("+results.Grouped(off*perYear, 0)+" per year) at 15 per tCO2e")
	assert.Contains(t, text, "Operating costs (per year: × 8760 h / the period's 48 h)")
	assert.NotContains(t, text, "CNY")
	js.Reset()
	require.NoError(t, results.WriteSummaryJSON(&js, s))
	m = nil
	require.NoError(t, json.Unmarshal(js.Bytes(), &m))
	assert.NotContains(t, m, "currency")
}

// The operating costs say when import at a negative price was credited
// in the energy cost, which the dispatch's objective counts as 0, and how
// much energy that was; nothing when no price was negative.
func TestReportNegativeImportPrices(t *testing.T) {
	_, sums, att := fiveRuns(t)
	s := sums[2]
	s.Report.Objective = dispatch.Cost
	opt := results.ReportOptions{Ledger: reportConfig().Ledger}
	var b bytes.Buffer
	require.NoError(t, results.WriteReport(&b, s, att, opt))
	assert.NotContains(t, b.String(), "negative import price")

	s.Report.NegativeImportPriceIntervals, s.Report.NegativeImportPriceKWh = 7, 12345.6
	b.Reset()
	require.NoError(t, results.WriteReport(&b, s, att, opt))
	assert.Contains(t, b.String(), "; 7 interval(s) at a negative import price, 12,346 kWh imported in them credited at it "+
		"(the dispatch counts those prices as 0: it is not paid to import)")
}

// The report's storage-adjustment line prints one storage value, the first
// battery's. Where the batteries are valued differently (by default each at
// its own η_dis × the mean factor) the adjustment is not the energy drawn
// down × that figure, and the line says so rather than print a rate that
// does not give the number above it: 1,320 kWh drawn down from two
// batteries of η_dis 0.94 and 0.80 at a mean factor of 0.5306 add 582.6
// kgCO2e, where 1,320 × 0.499 would be 658.4 (QA, session 32).
func TestReportStorageValueOfSeveralBatteries(t *testing.T) {
	_, sums, att := fiveRuns(t)
	s := sums[2]
	require.Nil(t, s.Report.Heat)
	opt := results.ReportOptions{Ledger: reportConfig().Ledger}
	s.Report.Energy.StoredChange = -1320
	s.Report.StorageValueKgCO2ePerKWh = 0.94 * 0.5306
	s.Report.StorageAdjustmentKgCO2e = 300*0.94*0.5306 + 1020*0.80*0.5306
	var b bytes.Buffer
	require.NoError(t, results.WriteReport(&b, s, att, opt))
	assert.Contains(t, b.String(), "(storage adjustment: stored energy drawn down over the period, each battery's at its own storage value (η_dis × the mean accounting factor: 0.499 kgCO2e/kWh for the first))")
	assert.NotContains(t, b.String(), "over the period × 0.499 kgCO2e/kWh")

	// One value for all: the line as before.
	s.Report.StorageAdjustmentKgCO2e = 1320 * 0.94 * 0.5306
	b.Reset()
	require.NoError(t, results.WriteReport(&b, s, att, opt))
	assert.Contains(t, b.String(), "(storage adjustment: stored energy drawn down over the period × 0.499 kgCO2e/kWh)")
}
