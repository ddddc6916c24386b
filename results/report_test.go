package results_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden")

// titles names the five policies as the command line does.
func titles(p dispatch.Policy) string {
	return map[dispatch.Policy]string{dispatch.GridOnlyPolicy: "grid-only", dispatch.SelfConsumptionPolicy: "self-consumption",
		dispatch.RollingHorizon: "rolling horizon", "mpc-perfect": "rolling, perfect info", dispatch.Perfect: "perfect foresight"}[p]
}

// reportConfig prices offsets at 15 per tCO2e and certificates at 5 per
// MWh.
func reportConfig() dispatch.Config {
	cfg := dispatch.DefaultConfig()
	cfg.Ledger.OffsetPricePerTCO2e, cfg.Ledger.CertificatePricePerMWh = 15, 5
	return cfg
}

// fiveRuns dispatches the fixture for 48 h under the five policies of the
// report, in its order; solve and run times are fixed so the text does not
// depend on the machine.
func fiveRuns(t *testing.T) (runs []*dispatch.Result, sums []results.Summary, att *dispatch.Attribution) {
	t.Helper()
	p, prof := mustProfiles(t, 48)
	for i, c := range []struct {
		pol       dispatch.Policy
		forecasts bool
	}{{dispatch.GridOnlyPolicy, false}, {dispatch.SelfConsumptionPolicy, false}, {dispatch.RollingHorizon, true},
		{dispatch.RollingHorizon, false}, {dispatch.Perfect, false}} {
		r := runWith(t, p, prof, c.pol, c.forecasts, reportConfig())
		if i == 3 {
			r.Policy, r.Report.Policy = "mpc-perfect", "mpc-perfect"
		}
		r.Report.Solve.TotalS, r.Report.Solve.P50MS, r.Report.Solve.P99MS = 0.5, 1.25, 2.5
		sum := results.NewSummary(p.Name, dispatch.DefaultConfig().Horizon, "", r.Report)
		// A measured time, however short (0 is one not measured: "—").
		sum.ParkFile, sum.SeriesFile, sum.RunTimeS = "park.json", "series.csv", float64(i)*0.3+0.0002
		runs, sums = append(runs, r), append(sums, sum)
	}
	att, err := dispatch.Attribute(p, prof, runs[2])
	require.NoError(t, err)
	return runs, sums, att
}

// report writes the whole net-zero report of fiveRuns as the report
// command does.
func report(t *testing.T, w *bytes.Buffer) {
	runs, sums, att := fiveRuns(t)
	opt := results.ReportOptions{Ledger: reportConfig().Ledger, PricesFrom: results.PricesFlags, PolicyTitle: titles}
	require.NoError(t, results.WriteReport(w, sums[2], att, opt))
	require.NoError(t, results.WriteComparison(w, sums, opt))
	require.NoError(t, results.WriteForecastCost(w, results.ForecastRuns{WithForecasts: runs[2], PerfectInformation: runs[3],
		PerfectForesight: runs[4], Choices: []string{"carbon=persistence"}, Horizon: 24 * time.Hour}))
}

// The report of a fixed small run is the golden text (go test -run
// TestReportGolden -update rewrites it after a deliberate change).
func TestReportGolden(t *testing.T) {
	var b bytes.Buffer
	report(t, &b)
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, b.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String())
}

// The report holds every section, in order, and its figures are the
// summary's.
func TestReportSections(t *testing.T) {
	var b bytes.Buffer
	report(t, &b)
	text := b.String()
	at := 0
	for _, s := range []string{
		"zeropark net-zero report — fixture park", "input   park.json, series.csv", "48 intervals of 60 min",
		"rolling horizon (mpc), look-ahead 24 h", "Stage: ", "core indicator (decides the stage):", "guiding indicators:",
		"low-carbon (either):", "Emissions, location-based (accounting factor)", "To reach net zero",
		"prices as given by --offset-price", "Tenants: who the residual belongs to", "Office A", "Café #2", "= residual",
		"\nEnergy\n", "\nKPIs\n", "Carbon signals", "Solves: ", "p50 1.25 ms, p99 2.50 ms",
		"Policies compared (same park, same period)", "grid-only", "self-consumption", "rolling horizon",
		"rolling, perfect info", "perfect foresight", "What the forecasts cost", "forecast error", "finite horizon",
		"Forecasters used by the rolling horizon (all leads of the 24 h horizon)", "except carbon=persistence",
		"skill vs persistence",
	} {
		i := strings.Index(text[at:], s)
		require.GreaterOrEqual(t, i, 0, "%q after byte %d", s, at)
		at += i + len(s)
	}
	_, sums, att := fiveRuns(t)
	r := sums[2]
	for _, fig := range []string{
		results.Grouped(r.OffsetsNeededTCO2e, 1) + " tCO2e",
		// Over the 48 h period and per year (× 8760 / 48).
		"costing " + results.Grouped(15*r.OffsetsNeededTCO2e, 0) + " (" + results.Grouped(15*r.OffsetsNeededTCO2e*8760/48, 0) + " per year) at 15 per tCO2e",
		results.Grouped(r.CertificatesMWh, 1) + " MWh",
		fmt.Sprintf("%.1f %%", 100*r.RenewableShare),
		results.Grouped(att.Tenants[0].LoadKWh/1000, 1),
	} {
		assert.Contains(t, text, fig)
	}
	// Without tenants' shares (one tenant or no attribution) the section
	// is left out.
	b.Reset()
	require.NoError(t, results.WriteReport(&b, r, nil, results.ReportOptions{}))
	assert.NotContains(t, b.String(), "Tenants:")
	assert.Contains(t, b.String(), "mpc (mpc), look-ahead", "no titles: the policy's code")
	assert.Contains(t, b.String(), "prices are illustrative")
}

// failing accepts n bytes, then fails.
type failing struct{ n int }

func (f *failing) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

// A writer that fails makes every report function return the error.
func TestReportWriteErrors(t *testing.T) {
	runs, sums, att := fiveRuns(t)
	opt := results.ReportOptions{PolicyTitle: titles}
	for name, write := range map[string]func(w io.Writer) error{
		"report":     func(w io.Writer) error { return results.WriteReport(w, sums[2], att, opt) },
		"comparison": func(w io.Writer) error { return results.WriteComparison(w, sums, opt) },
		"forecasts": func(w io.Writer) error {
			return results.WriteForecastCost(w, results.ForecastRuns{WithForecasts: runs[2], PerfectForesight: runs[4]})
		},
		"tenants": func(w io.Writer) error { return results.WriteTenantShares(w, att) },
		"repairs": func(w io.Writer) error { return results.WriteRepairs(w, dispatch.SolveStats{SoCClamped: 1}) },
	} {
		var whole bytes.Buffer
		require.NoError(t, write(&whole), name)
		size := whole.Len()
		for _, n := range []int{0, size / 2, size - 1} {
			assert.Error(t, write(&failing{n}), "%s failing after %d of %d bytes", name, n, size)
		}
		assert.NoError(t, write(&failing{size}), name)
	}
}

// The report lists repairs per series, one line each, only when there are
// some.
func TestWriteRepairs(t *testing.T) {
	var b strings.Builder
	require.NoError(t, results.WriteRepairs(&b, dispatch.SolveStats{Repaired: map[string]int{}}))
	assert.Empty(t, b.String())
	require.NoError(t, results.WriteRepairs(&b, dispatch.SolveStats{Repaired: map[string]int{"wind:Wind turbine": 2150, "load:Large office": 143}, SoCClamped: 2}))
	want := `
Repairs: forecast values replaced because they were NaN, infinite, negative or implausibly large
  load:Large office                      143 values
  wind:Wind turbine                      2,150 values
  state of charge clamped to [min, max]  2 times
`
	assert.Equal(t, want, b.String())
}

func TestComparisonNotes(t *testing.T) {
	sums := func(differ bool, adj ...float64) []results.Summary {
		var out []results.Summary
		for i, p := range []dispatch.Policy{dispatch.GridOnlyPolicy, dispatch.SelfConsumptionPolicy, dispatch.RollingHorizon, "mpc-perfect", dispatch.Perfect} {
			var s results.Summary
			s.Policy, s.AdjustedResidualKgCO2e, s.SignalsDiffer = p, adj[i], differ
			out = append(out, s)
		}
		return out
	}
	// costly marks the runs that plan with the LP as minimising cost.
	costly := func(s []results.Summary) []results.Summary {
		for i := 2; i < len(s); i++ {
			s[i].Objective = dispatch.Cost
		}
		return s
	}
	// grid, self, mpc, mpc-perfect, perfect
	for _, c := range []struct {
		name   string
		s      []results.Summary
		differ bool
		want   string // "" for no note
	}{
		{"LP ahead", sums(true, 100, 50, 45, 40, 40), true, ""},
		{"signals differ", sums(true, 100, 50, 52, 51, 51), true, "the LP minimised the dispatch signal"},
		{"forecasts only", sums(false, 100, 50, 52, 49, 48), false, "planned on forecasts"},
		{"one signal, perfect behind", sums(false, 100, 50, 52, 51, 51), false, "negative dispatch rates"},
		{"cost objective", costly(sums(false, 100, 50, 52, 51, 51)), false, "the LP minimised cost plus any carbon price (--objective cost)"},
		{"cost objective, signals differ", costly(sums(true, 100, 50, 52, 51, 51)), true, "the LP minimised cost plus any carbon price (--objective cost)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(results.ComparisonNotes(c.s, c.differ, results.ReportOptions{PolicyTitle: titles}), " ")
			if c.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Contains(t, got, "self-consumption emits less in the ledger than")
			assert.Contains(t, got, c.want)
		})
	}
}

// TestCostObjectiveBoundsCost: under --objective cost perfect foresight is
// no lower bound of carbon, and the report says what it bounds (QA T,
// session 37: it said the storage-adjusted residual, beside
// self-consumption emitting less).
func TestCostObjectiveBoundsCost(t *testing.T) {
	sums := make([]results.Summary, 3)
	for i, p := range []dispatch.Policy{dispatch.SelfConsumptionPolicy, dispatch.RollingHorizon, dispatch.Perfect} {
		sums[i].Policy, sums[i].AdjustedResidualKgCO2e = p, []float64{145700, 145700, 146300}[i]
		if i > 0 {
			sums[i].Objective = dispatch.Cost
		}
	}
	var b strings.Builder
	require.NoError(t, results.WriteComparison(&b, sums, results.ReportOptions{PolicyTitle: titles}))
	assert.Contains(t, b.String(), "the LP minimises (cost plus any carbon price: --objective cost), not of these figures.")
	assert.NotContains(t, b.String(), "lower bound of what the\n  LP minimises, the storage-adjusted residual")
	assert.NotContains(t, b.String(), "negative dispatch rates")

	// The run's own report: no "minimises the dispatch signal" under cost.
	for _, price := range []float64{0, 50} {
		var sum results.Summary
		sum.Policy, sum.SignalsDiffer, sum.Objective, sum.CarbonPricePerTCO2e = dispatch.RollingHorizon, true, dispatch.Cost, price
		sum.DispatchSignal, sum.AccountingSignal = "series \"marg\"", "series \"avg\""
		b.Reset()
		require.NoError(t, results.WriteReport(&b, sum, nil, results.ReportOptions{PolicyTitle: titles}))
		assert.NotContains(t, b.String(), "minimises the dispatch signal")
		assert.NotContains(t, b.String(), "dispatch (minimised)")
		assert.Contains(t, b.String(), fmt.Sprintf("dispatch (priced at %g per tCO2e)", price))
		assert.Equal(t, price > 0, strings.Contains(b.String(), "the LP prices carbon by the dispatch signal"), "price %g", price)
	}

	var withFc, perfect dispatch.Result
	withFc.Report.AdjustedResidualKgCO2e, perfect.Report.AdjustedResidualKgCO2e = 145700, 146300
	withFc.Report.Objective, perfect.Report.Objective = dispatch.Cost, dispatch.Cost
	b.Reset()
	require.NoError(t, results.WriteForecastCost(&b, results.ForecastRuns{WithForecasts: &withFc, PerfectForesight: &perfect}))
	assert.Contains(t, b.String(), "of perfect foresight (a lower bound of the cost the LP minimised, not of this residual)")
	assert.NotContains(t, b.String(), "the perfect-foresight lower bound")
}

func TestGrouped(t *testing.T) {
	for _, c := range []struct {
		v    float64
		prec int
		want string
	}{
		{0, 1, "0.0"}, {999.94, 1, "999.9"}, {1000, 0, "1,000"}, {-1234567.891, 2, "-1,234,567.89"},
		{123456, 1, "123,456.0"},
		// A value that rounds to zero has no sign.
		{-0.04, 1, "0.0"}, {-0.4, 0, "0"}, {math.Copysign(0, -1), 2, "0.00"}, {-0.05, 1, "-0.1"},
	} {
		assert.Equal(t, c.want, results.Grouped(c.v, c.prec))
	}
}

func TestPercentRoundsToZeroWithoutSign(t *testing.T) {
	for v, want := range map[float64]string{
		-0.000154: "0.0 %", math.Copysign(0, -1): "0.0 %", -0.0005: "-0.1 %", 0.0624: "6.2 %", -0.25: "-25.0 %",
	} {
		assert.Equal(t, want, results.Percent(v), "%v", v)
	}
}

func FuzzGrouped(f *testing.F) {
	for _, v := range []float64{0, 1, -1, 999.5, 1e6, -12345.678, 1e300} {
		f.Add(v, 1)
	}
	f.Fuzz(func(t *testing.T, v float64, prec int) {
		if prec < 0 || prec > 10 {
			t.Skip()
		}
		g := results.Grouped(v, prec)
		// Removing the separators gives the plain form back, less the
		// sign of a value that rounds to zero.
		plain := strconv.FormatFloat(v, 'f', prec, 64)
		if strings.Trim(plain, "-0.") == "" {
			plain = strings.TrimPrefix(plain, "-")
		}
		assert.Equal(t, plain, strings.ReplaceAll(g, ",", ""))
	})
}

func ExampleWriteReport() {
	p, prof, err := fixtureProfiles(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := dispatch.DefaultConfig()
	res, err := dispatch.GridOnly(p, prof, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	sum := results.NewSummary(p.Name, cfg.Horizon, "", res.Report)
	if err := results.WriteReport(&b, sum, nil, results.ReportOptions{Ledger: cfg.Ledger}); err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(b.String(), "\n")
	fmt.Println(lines[0])
	for _, l := range lines {
		if strings.Contains(l, "residual after dispatch") || strings.HasPrefix(l, "Stage:") {
			fmt.Println(strings.Join(strings.Fields(l), " "))
		}
	}
	// Output:
	// zeropark net-zero report — fixture park
	// Stage: conventional
	// residual after dispatch 1.2 tCO2e
}

func ExampleWriteComparison() {
	sums := []results.Summary{{}, {}}
	sums[0].Policy, sums[0].ResidualKgCO2e, sums[0].AdjustedResidualKgCO2e, sums[0].Stage = dispatch.GridOnlyPolicy, 1200, 1200, dispatch.Conventional
	sums[1].Policy, sums[1].ResidualKgCO2e, sums[1].AdjustedResidualKgCO2e, sums[1].Stage = dispatch.Perfect, 400, 380, dispatch.LowCarbon
	// A run time of 0 was not measured (Scenario.Summary leaves it to the
	// caller): "—", where it read "< 1 ms" for a year's run of seconds
	// (QA H, session 39).
	sums[0].RunTimeS = 0.0004
	_ = results.WriteComparison(os.Stdout, sums, results.ReportOptions{PolicyTitle: titles})
	// Output:
	// Policies compared (same park, same period)
	//     policy                  residual tCO2e  storage-adj. tCO2e  renewable share  offsets tCO2e         stage  run time
	//     grid-only                          1.2                 1.2            0.0 %            0.0  conventional    < 1 ms
	//     perfect foresight                  0.4                 0.4            0.0 %            0.0    low-carbon         —
	//   storage-adj.: residual plus the stored energy drawn down, so policies ending with
	//   different states of charge compare fairly; perfect foresight is the lower bound of what the
	//   LP minimises, the storage-adjusted residual (energy left at the end valued at the storage
	//   value), up to intervals of negative factor (0 in the LP) and load shed; not of the raw residual.
}

func ExampleWriteForecastCost() {
	p, prof, err := fixtureProfiles(48)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := dispatch.DefaultConfig()
	perfect, err := dispatch.PerfectForesight(p, prof, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg.Forecasts = forecasts(p)
	withFc, err := dispatch.Run(p, prof, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := results.WriteForecastCost(&b, results.ForecastRuns{WithForecasts: withFc, PerfectForesight: perfect, Horizon: cfg.Horizon}); err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "What") || strings.HasPrefix(l, "Forecasters") || strings.Contains(l, "dispatch_carbon") {
			fmt.Println(strings.Fields(l)[0])
		}
	}
	// Output:
	// What
	// Forecasters
	// dispatch_carbon
}

// A month the period covers in part is named with the share it is charged
// on; whole months are not.
func TestReportNamesPartialMonths(t *testing.T) {
	_, sums, att := fiveRuns(t)
	s := sums[2]
	s.Report.MonthlyPeakImportKW = []dispatch.MonthPeak{{Month: "2024-01", PeakImportKW: 450, Share: 2.0 / 31, Charge: 450 * 10 * 2 / 31},
		{Month: "2024-02", PeakImportKW: 450, Share: 1, Charge: 4500}}
	var b bytes.Buffer
	require.NoError(t, results.WriteReport(&b, s, att, results.ReportOptions{Ledger: reportConfig().Ledger}))
	assert.Contains(t, b.String(), "over 2 month(s), months the period covers in part charged on their share (2024-01 6.5 %)")
	s.Report.MonthlyPeakImportKW[0].Share = 1
	b.Reset()
	require.NoError(t, results.WriteReport(&b, s, att, results.ReportOptions{Ledger: reportConfig().Ledger}))
	assert.NotContains(t, b.String(), "in part")
}

// The Forecasters table keeps its series names left-aligned when one is
// longer than the column's usual 32 runes (heat series of a park with
// long load names): every row starts with its name, and the unit column
// lines up.
func TestForecastersTableAlignsLongNames(t *testing.T) {
	runs, _, _ := fiveRuns(t)
	withFc := *runs[2]
	require.NotEmpty(t, withFc.Report.Forecasts)
	fc := slices.Clone(withFc.Report.Forecasts)
	long := fc[0]
	long.Series, long.Unit = "heat:Outpatient clinic space heating", "kW_th"
	longer := fc[0]
	longer.Series, longer.Unit = "heat:Mid-rise apartments space heating°", "kW_th"
	withFc.Report.Forecasts = append(fc, long, longer)
	var buf bytes.Buffer
	require.NoError(t, results.WriteForecastCost(&buf, results.ForecastRuns{WithForecasts: &withFc, PerfectForesight: runs[4], Horizon: 24 * time.Hour}))
	lines := strings.Split(buf.String(), "\n")
	h := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(strings.TrimSpace(l), "series ") })
	require.GreaterOrEqual(t, h, 0, buf.String())
	nameAt := lines[h][:strings.Index(lines[h], "series")]                                    // the blanks before the first column
	unitEnd := utf8.RuneCountInString(lines[h][:strings.Index(lines[h], "unit")+len("unit")]) // runes
	for i, f := range withFc.Report.Forecasts {
		row := lines[h+1+i]
		assert.True(t, strings.HasPrefix(row, nameAt+f.Series+" "), "row %q starts with its name under the header's", row)
		r := []rune(row)
		require.Greater(t, len(r), unitEnd, row)
		assert.True(t, strings.HasSuffix(string(r[:unitEnd]), " "+f.Unit), "unit column of %q ends under the header's", row)
	}
}

// The report's notes that only some runs need: each is absent from an
// ordinary run and present, with its figure, once the report holds it —
// a live ledger's SoC correction, a battery charged and discharged at
// once (perfect foresight burning power nothing takes).
func TestReportNotes(t *testing.T) {
	for _, c := range []struct {
		name, absent, present string
		set                   func(r *dispatch.Report)
	}{
		{"SoC correction", "SoC correction", `SoC correction\s+1\.2 MWh`,
			func(r *dispatch.Report) { r.Energy.SoCCorrection = 1234 }},
		{"charged while discharging", "at once", `charged and discharged at once in 160 battery-intervals \(140\.6 MWh each way\)`,
			func(r *dispatch.Report) { r.Energy.AtOnceIntervals, r.Energy.ChargedWhileDischarging = 160, 140_600 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, sums, att := fiveRuns(t)
			s := sums[2]
			s.Report.Heat = &dispatch.HeatReport{} // a heat side with nothing to say
			write := func() string {
				var b bytes.Buffer
				require.NoError(t, results.WriteReport(&b, s, att, results.ReportOptions{Ledger: reportConfig().Ledger}))
				return b.String()
			}
			assert.NotContains(t, write(), c.absent)
			c.set(&s.Report)
			assert.Regexp(t, c.present, write())
		})
	}
}

// Without a perfect-information run the forecast error is measured
// against perfect foresight (dispatch.Gap), and the text says so rather
// than naming a run that was not made.
func TestForecastCostNamesItsReference(t *testing.T) {
	runs, _, _ := fiveRuns(t)
	var with, without bytes.Buffer
	require.NoError(t, results.WriteForecastCost(&with, results.ForecastRuns{WithForecasts: runs[2], PerfectInformation: runs[3],
		PerfectForesight: runs[4], Horizon: 24 * time.Hour}))
	require.NoError(t, results.WriteForecastCost(&without, results.ForecastRuns{WithForecasts: runs[2], PerfectForesight: runs[4],
		Horizon: 24 * time.Hour}))
	assert.Contains(t, with.String(), "forecasts minus the same with perfect information")
	assert.NotContains(t, without.String(), "perfect information\n")
	assert.Contains(t, without.String(), "forecasts minus perfect foresight (no perfect-information run")
	// The figure printed is withFc − perfect foresight, storage-adjusted.
	want := (runs[2].Report.AdjustedResidualKgCO2e - runs[4].Report.AdjustedResidualKgCO2e) / 1000
	assert.Contains(t, without.String(), "forecast error   "+results.Grouped(want, 1)+" tCO2e")
}

// Where the dispatch signal is not the accounting factor, perfect
// foresight bounds the signal the LP minimised, not the accounting
// residual the forecast cost compares: the line does not call it a
// lower bound (QA, 2026-12-04: it did, beside a rolling horizon below
// it).
func TestForecastCostBoundWhenSignalsDiffer(t *testing.T) {
	runs, _, _ := fiveRuns(t)
	write := func() string { return forecastCostText(t, runs) }
	require.False(t, runs[4].Report.SignalsDiffer)
	assert.Contains(t, write(), "of the perfect-foresight lower bound)")
	pf := *runs[4]
	pf.Report.SignalsDiffer = true
	runs[4] = &pf
	out := write()
	assert.NotContains(t, out, "of the perfect-foresight lower bound")
	assert.Contains(t, out, "perfect foresight (a lower bound of the dispatch signal, not of this residual)")
}

// A rolling horizon that left the batteries idle while perfect foresight
// cycled them is said so, and why where its carbon forecast has no skill
// (new-user QA, 2026-12-04: a battery charged 0 kWh in a year and
// nothing said so); a rolling horizon that cycles them gets no line.
func TestReportIdleBatteries(t *testing.T) {
	runs, _, _ := fiveRuns(t)
	write := func() string { return forecastCostText(t, runs) }
	require.Positive(t, runs[4].Report.Energy.Charge)
	runs[2].Report.Energy.Charge = runs[4].Report.Energy.Charge
	assert.NotContains(t, write(), "idle batteries")

	runs[2].Report.Energy.Charge = 0.01 * runs[4].Report.Energy.Charge
	zero := 0.0
	runs[2].Report.Forecasts = []dispatch.SeriesForecast{{Series: "dispatch_carbon", Overall: dispatch.LeadStats{Skill: &zero}}}
	out := write()
	assert.Contains(t, out, "idle batteries   the rolling horizon charged its batteries")
	assert.Contains(t, out, "its carbon forecast has no skill over persistence")
	assert.Contains(t, out, "--objective cost (prices known ahead) gives it one")
	// Under the cost objective already (a carbon price), the prices gave no
	// spread either: it does not advise the objective in force (QA T).
	runs[2].Report.Objective = dispatch.Cost
	out = write()
	assert.Contains(t, out, "its carbon forecast has no skill over persistence")
	assert.NotContains(t, out, "--objective cost")
	assert.Contains(t, out, "nor did the prices")
	runs[2].Report.Objective = dispatch.CarbonFirst
	skilled := 0.4
	runs[2].Report.Forecasts[0].Overall.Skill = &skilled
	out = write()
	assert.Contains(t, out, "idle batteries")
	assert.NotContains(t, out, "no skill")
}

// forecastCostText is WriteForecastCost's text for fiveRuns' rolling
// horizon with forecasts (runs[2]), with perfect information (runs[3])
// and perfect foresight (runs[4]).
func forecastCostText(t *testing.T, runs []*dispatch.Result) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, results.WriteForecastCost(&b, results.ForecastRuns{WithForecasts: runs[2], PerfectInformation: runs[3],
		PerfectForesight: runs[4], Horizon: 24 * time.Hour}))
	return b.String()
}

// The stage's warnings: a period shorter than a week, and a stage carried
// by the stored energy drawn down (QA, 2026-12-04: 12 h of a park with no
// PV read low-carbon off the battery's starting charge).
func TestStageWarnings(t *testing.T) {
	r := &dispatch.Report{Steps: 12, StepMinutes: 60, BaselineKgCO2e: 6, AvoidedKgCO2e: 5.1,
		StorageAdjustmentKgCO2e: 5.1, AdjustedResidualKgCO2e: 6}
	w := results.StageWarnings(r)
	require.Len(t, w, 2)
	assert.Contains(t, w[0], "judged over 12 h: a period shorter than a week")
	assert.Contains(t, w[1], "worth 100.0 % of the 5.1 kgCO2e avoided; the storage-adjusted residual is 6.0 kgCO2e against a baseline of 6.0 kgCO2e")
	r.Steps, r.StorageAdjustmentKgCO2e = 168, 0.5 // a week; under a tenth of the avoided
	assert.Empty(t, results.StageWarnings(r))
	r.StorageAdjustmentKgCO2e = -3 // stored energy gained: nothing to warn of
	assert.Empty(t, results.StageWarnings(r))
}

// A Go study that writes the report of a run with the zero ReportOptions
// (QA H, session 39) read "costing 100,137 USD at 0 USD per tCO2e" and
// "renewable share … met ≥ 0.0 %" beside "Stage: conventional": the
// prices are the run's own (Report.OffsetPricePerTCO2e, what its costs
// were computed at), and a zero LedgerConfig, which the dispatch refuses,
// prints the default low-carbon thresholds.
func TestReportZeroOptionsKeepsTheRunsPrices(t *testing.T) {
	_, sums, _ := fiveRuns(t)
	r := sums[2]
	require.Equal(t, 15.0, r.OffsetPricePerTCO2e)
	var b strings.Builder
	require.NoError(t, results.WriteReport(&b, r, nil, results.ReportOptions{}))
	text := b.String()
	assert.Contains(t, text, " at 15 per tCO2e")
	assert.Contains(t, text, " at 5 per MWh")
	assert.Contains(t, text, "≥ 30.0 %")
	assert.NotContains(t, text, "≥ 0.0 %")
	// Options that give a ledger are its thresholds, as before.
	led := dispatch.DefaultLedgerConfig()
	led.LowCarbonRenewableShareMin = 0.5
	b.Reset()
	require.NoError(t, results.WriteReport(&b, r, nil, results.ReportOptions{Ledger: led}))
	assert.Contains(t, b.String(), "≥ 50.0 %")
	assert.Contains(t, b.String(), " at 15 per tCO2e", "the run's price, not the options' 0")
}

// A run of a park and series built in Go has no file names: its report's
// input line read "input   , " (QA H, session 39).
func TestReportInputWithoutFiles(t *testing.T) {
	_, sums, _ := fiveRuns(t)
	r := sums[2]
	r.ParkFile, r.SeriesFile = "", ""
	var b strings.Builder
	require.NoError(t, results.WriteReport(&b, r, nil, results.ReportOptions{}))
	assert.NotContains(t, b.String(), "input   , ")
	assert.Contains(t, b.String(), "input   not named (Summary.ParkFile and SeriesFile are empty)\n")
	r.ParkFile = "park.json"
	b.Reset()
	require.NoError(t, results.WriteReport(&b, r, nil, results.ReportOptions{}))
	assert.Contains(t, b.String(), "input   park.json, series not named\n")
}
