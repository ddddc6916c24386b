package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// TestPlanPathwayBadInput: milestones with an unknown stage, years not
// increasing, targets falling, a year before the base year, declines out
// of range and no base year to be had all exit 2 naming the flag and the
// value, before anything is solved.
func TestPlanPathwayBadInput(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--milestones", "2027:green", "--base-year", "2026"}, []string{"--milestones", `"green"`, "near-zero-carbon"}},
		{[]string{"--milestones", "2030:low-carbon,2027:near-zero-carbon", "--base-year", "2026"}, []string{"--milestones", "year 2027", "after"}},
		{[]string{"--milestones", "2027:zero-carbon,2030:low-carbon", "--base-year", "2026"}, []string{"--milestones", "low-carbon", "may only rise"}},
		{[]string{"--milestones", "2025:low-carbon", "--base-year", "2026"}, []string{"--milestones", "year 2025", "before the base year"}},
		{[]string{"--milestones", "soon:low-carbon", "--base-year", "2026"}, []string{"--milestones", `"soon:low-carbon"`, "YEAR:STAGE"}},
		{[]string{"--grid-carbon-decline", "1.5", "--base-year", "2026"}, []string{"--grid-carbon-decline 1.5"}},
		{[]string{"--capital-decline", "-0.1", "--base-year", "2026"}, []string{"--capital-decline -0.1"}},
		{[]string{"--load-growth", "3", "--base-year", "2026"}, []string{"--load-growth 3", "0.03 is 3 %"}},
		{[]string{"--carbon-price", "50", "--carbon-price-growth", "0.8", "--base-year", "2026"}, []string{"--carbon-price-growth 0.8", "0.05 is 5 %"}},
		{[]string{"--carbon-price-growth", "0.1", "--base-year", "2026"}, []string{"--carbon-price-growth 0.1", "needs --carbon-price"}},
		{[]string{"--carbon-price", "shadow", "--base-year", "2026"}, []string{"--carbon-price"}},
		// 1e9 × 1.5^14 = 2.92e11 in 2040, above model.MaxMagnitude (1e9): named by flag, not plan.Options' field.
		{[]string{"--carbon-price", "1e9", "--carbon-price-growth", "0.5", "--base-year", "2026", "--milestones", "2040:low-carbon"},
			[]string{"--carbon-price 1e+09 --carbon-price-growth 0.5", "2040's price", "2.919e+11"}},
		{[]string{"--carbon-price", "2e9", "--base-year", "2026"}, []string{"--carbon-price 2000000000", "at most 1000000000"}},
		{nil, []string{"--base-year", "cost_year"}},
		{[]string{"--period-length", "168h", "--base-year", "2026"}, []string{"--period-length 168h", "needs --periods"}},
		{[]string{"--periods", "2", "--period-length", "0s", "--base-year", "2026"}, []string{"--period-length 0s", "must be positive"}},
	} {
		args := append([]string{"plan", "pathway", "--park", park, "--series", series}, c.args...)
		code, _, errOut := cli(t, args...)
		assert.Equal(t, exitBadInput, code, "%v: %s", c.args, errOut)
		for _, w := range c.want {
			assert.Contains(t, errOut, w, c.args)
		}
	}
}

// TestPlanPathwayCostYearOutside: without --base-year the base year is
// economics.cost_year, which the park file may give from 1900 to 2200;
// one outside the pathway's years (2000–2199) is refused naming it, where
// 1995 used to write park-1996.json and park-1999.json, files the next
// run into the same --out refused as not its own.
func TestPlanPathwayCostYearOutside(t *testing.T) {
	for _, y := range []string{"1995", "2200"} {
		park, series := writeInputs(t, strings.Replace(planPark, `"currency": "USD",`, `"currency": "USD", "cost_year": `+y+`,`, 1), testSeries)
		out := filepath.Join(t.TempDir(), "pw")
		code, _, errOut := cli(t, "plan", "pathway", "--park", park, "--series", series, "--out", out)
		assert.Equal(t, exitBadInput, code, errOut)
		assert.Contains(t, errOut, "--base-year: needed", y)
		assert.Contains(t, errOut, "economics.cost_year "+y+" is outside 2000 to 2199", y)
		_, err := os.Stat(out)
		assert.True(t, os.IsNotExist(err), "nothing written for %s", y)
	}
	// A base year whose default milestones run past 2199 says so, not
	// "--milestones: year 2204" as though the user had given them.
	park, series := writeInputs(t, planPark, testSeries)
	code, _, errOut := cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2195")
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Contains(t, errOut, "the default milestones (base year 2195 + 1, 4 and 9 years) run to 2204, past 2199")
}

// TestPlanPathwayOut: a pathway over the day's test park (near-zero
// out of reach on today's grid: 0.283 tCO2/tce at best against 0.2; in
// reach by 2040 at 4 % a year less, ×0.96^14 = 0.565) writes
// pathway.csv, pathway.json and a park per milestone; they read back,
// the CSV's figures are the JSON's, the cost a year adds up (the design's
// total plus the earlier steps' annuities and fixed O&M, redone from the
// rows), each park holds the capacities the row says it built, and the
// capital factor is 0.98^(year − 2026).
func TestPlanPathwayOut(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	out := filepath.Join(t.TempDir(), "pw")
	code, stdout, errOut := cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
		"--milestones", "2027:low-carbon,2040:near-zero-carbon", "--grid-carbon-decline", "0.04", "--capital-decline", "0.02", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "Pathway (myopic) — test park")
	t.Log(stdout, errOut)
	assert.Contains(t, stdout, "wrote into "+out)
	// The milestones' parks keep the park file's grid carbon: the output
	// says so, with each year's factor, 0.96^(year − 2026) (QA,
	// 2026-12-04: park-2036.json re-run as written missed its stage).
	assert.Contains(t, unwrapped(stdout), "park-YEAR.json keep the park file's grid carbon signals")
	// Each milestone re-run through the dispatch at its year's grid and
	// loads: the table says whether it holds, pathway.csv and
	// pathway.json carry the checks.
	assert.Contains(t, stdout, "Does each milestone hold its stage in operation?")
	assert.Contains(t, unwrapped(stdout), "whether it holds in operation is the table above")
	assert.Contains(t, stdout, "2027 × 0.96, 2040 × "+results.Significant(math.Pow(0.96, 14), 3))

	pw := readPathwayJSON(t, out)
	require.Len(t, pw.Rows, 2)
	assert.Equal(t, 2026, pw.BaseYear)
	// Stamped with the build and the inputs' digests, as roadmap.json (QA P A6, session 37).
	assert.Equal(t, buildinfo.Stamp(), pw.ZeroparkVersion)
	assert.Len(t, pw.ParkSHA256, 64)
	recs := readPathwayCSV(t, out)
	require.Len(t, recs, 3)
	col := map[string]int{}
	for i, n := range recs[0] {
		col[n] = i
	}
	earlier := 0.0
	for i, r := range pw.Rows {
		require.Empty(t, r.Unreachable)
		rec := recs[i+1]
		cost, err := strconv.ParseFloat(rec[col["cost_per_year"]], 64)
		require.NoError(t, err)
		assert.Equal(t, r.CostPerYear, cost)
		assert.Equal(t, strconv.Itoa(r.Year), rec[col["year"]])
		assert.InDelta(t, earlier, r.EarlierStepsPerYear, 1e-6)
		assert.InDelta(t, r.DesignTotalCostPerYear+earlier, r.CostPerYear, 1e-6)
		earlier += r.StepCapitalPerYear + r.StepFixedOMPerYear
		require.Len(t, r.Checks, 2, "%d", r.Year)
		pfc := r.Check(dispatch.Perfect)
		require.NotNil(t, pfc)
		assert.Equal(t, strconv.FormatBool(pfc.Holds), rec[col["perfect_holds"]])
		assert.Equal(t, string(pfc.Stage), rec[col["perfect_stage"]])
		assert.Equal(t, pfc.Stage.Reaches(r.Target), pfc.Holds, "%d", r.Year)
		require.NotNil(t, r.Check(dispatch.RollingHorizon))
		f := 1.0
		for range r.Year - 2026 {
			f *= 0.98
		}
		assert.InDelta(t, f, r.CapitalCostFactor, 1e-12)
		p, err := model.LoadPark(filepath.Join(out, results.PathwayParkFile(r.Year)))
		require.NoError(t, err)
		assert.InDelta(t, r.Total.PVKWp, p.Totals().PVKWp, 1e-6)
		assert.InDelta(t, r.Total.BatteryKWh, p.Totals().BatteryKWh, 1e-6)
		// Named after its milestone (QA P4, session 39: today's name).
		assert.True(t, strings.HasSuffix(p.Name, fmt.Sprintf(" — %d %s design", r.Year, r.Target)), p.Name)
		if i > 0 {
			assert.GreaterOrEqual(t, r.Total.PVKWp, pw.Rows[i-1].Total.PVKWp-1e-6, "built capacity stays")
			assert.GreaterOrEqual(t, r.Total.BatteryKWh, pw.Rows[i-1].Total.BatteryKWh-1e-6)
		}
	}
	// The present value: the CSV's per-row present_value (and the years
	// before the first milestone, none here: 2027 is base + 1) add up to
	// the JSON's; 2027 is in force 13 years (2027–2039), 2040 the other
	// 12 of the default 25; and today's park's 25 years at rate r are its
	// cost a year × (1 − (1+r)^−25) / r, by the annuity formula.
	require.NotNil(t, pw.Value)
	v := pw.Value
	assert.Equal(t, 25, v.AnalysisYears)
	assert.Equal(t, 2027, v.FirstYear)
	assert.Equal(t, 2051, v.LastYear)
	sum := v.BeforeFirstPresentValue
	for i, r := range pw.Rows {
		pv, err := strconv.ParseFloat(recs[i+1][col["present_value"]], 64)
		require.NoError(t, err)
		assert.Equal(t, r.PresentValue, pv)
		sum += pv
	}
	assert.Equal(t, 0.0, v.BeforeFirstPresentValue)
	assert.Equal(t, []int{13, 12}, []int{pw.Rows[0].YearsInForce, pw.Rows[1].YearsInForce})
	assert.InEpsilon(t, v.PresentValue, sum, 1e-12)
	r := v.DiscountRatePerYear
	annuity := (1 - 1/math.Pow(1+r, 25)) / r
	assert.InEpsilon(t, pw.Rows[0].TodayCostPerYear*annuity, v.TodayPresentValue, 1e-9, "no growth: today's cost the same every year")
	assert.Contains(t, stdout, "Present value over 2027–2051 (25 years)")
	png, err := os.ReadFile(filepath.Join(out, results.PathwayPNGFile))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(png), "\x89PNG"), "pathway.png is a PNG")
	assert.Contains(t, stdout, results.PathwayPNGFile)
	assert.Contains(t, stdout, results.Grouped(v.PresentValue, 0))

	// Run again into the same directory: its own files are replaced.
	// --no-check: no milestone re-run, the table says so, no checks.
	code, stdout, errOut = cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
		"--milestones", "2028:low-carbon", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, stdout, "in operation?")
	assert.Contains(t, unwrapped(stdout), "the pathway re-ran no design through the dispatch (--no-check)")
	assert.Empty(t, readPathwayJSON(t, out).Rows[0].Checks)
	_, err = os.Stat(filepath.Join(out, results.PathwayParkFile(2040)))
	assert.True(t, os.IsNotExist(err), "the earlier run's parks go with it")
}

// TestPlanPathwayUnreachable: near-zero by 2030 on the test park without
// a grid decline is out of reach (as plan says for today's park): the
// pathway reports it and stops, exit 0, the rows written up to it.
func TestPlanPathwayUnreachable(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	out := filepath.Join(t.TempDir(), "pw")
	code, stdout, errOut := cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	t.Log(stdout)
	assert.Contains(t, stdout, "2030 near-zero-carbon is out of reach on the park as built by 2027: with ")
	assert.Contains(t, stdout, "1 of 3 milestones planned")
	pw := readPathwayJSON(t, out)
	require.Len(t, pw.Rows, 2)
	assert.Equal(t, 2027, pw.Rows[0].Year, "default milestones: base+1, base+4, base+9")
	assert.Contains(t, pw.Rows[1].Unreachable, "carbon per unit energy")
	// Without the Go package's prefix, as roadmap.csv's (new-user QA,
	// 2026-12-04).
	assert.True(t, strings.HasPrefix(pw.Rows[1].Unreachable, "near-zero-carbon is out of reach: "), pw.Rows[1].Unreachable)
	assert.Nil(t, pw.Value, "a pathway that stops has no present value")
	assert.NotContains(t, stdout, "Present value")
	_, err := os.Stat(filepath.Join(out, results.PathwayParkFile(2030)))
	assert.True(t, os.IsNotExist(err), "no park for a milestone out of reach")
}

// TestPlanPathwayLoadGrowth: --load-growth 0.02 for a 2028 milestone
// (base 2026) scales every load by 1.02² = 1.0404: pathway.csv's
// load_factor says so, park-2028.json's loads carry it (the test park's
// scales are 0, read as 1) and today's park at that load costs more a
// year than without growth; the table says the growth.
func TestPlanPathwayLoadGrowth(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	run := func(growth string) results.Pathway {
		out := filepath.Join(t.TempDir(), "pw")
		code, stdout, errOut := cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
			"--milestones", "2028:low-carbon", "--load-growth", growth, "--out", out)
		require.Equal(t, exitOK, code, errOut)
		if growth != "0" {
			assert.Contains(t, stdout, "loads +2.0 % a year")
			p, err := model.LoadPark(filepath.Join(out, results.PathwayParkFile(2028)))
			require.NoError(t, err)
			for _, l := range p.Loads {
				assert.InDelta(t, 1.0404, l.Scale, 1e-12, l.Name)
			}
			recs := readPathwayCSV(t, out)
			require.Len(t, recs, 2)
			i := slices.Index(recs[0], "load_factor")
			require.GreaterOrEqual(t, i, 0)
			assert.Equal(t, "1.0404", recs[1][i])
		}
		return readPathwayJSON(t, out)
	}
	flat, grown := run("0"), run("0.02")
	require.Len(t, grown.Rows, 1)
	assert.InDelta(t, 0.02, grown.LoadGrowthPerYear, 1e-15)
	assert.InDelta(t, 1.0404, grown.Rows[0].LoadFactor, 1e-12)
	assert.Equal(t, 1.0, flat.Rows[0].LoadFactor)
	assert.Greater(t, grown.Rows[0].TodayCostPerYear, flat.Rows[0].TodayCostPerYear)
	require.NotNil(t, grown.Value)
	// 2027 at today's cost at 2028's load, then 2028 on: one cost all 25 years.
	r := grown.Value.DiscountRatePerYear
	assert.InEpsilon(t, grown.Rows[0].TodayCostPerYear*(1-1/math.Pow(1+r, 25))/r, grown.Value.TodayPresentValue, 1e-9)
}

// readPathwayJSON reads pathway.json back from a plan pathway --out dir.
func readPathwayJSON(t *testing.T, dir string) results.Pathway {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, results.PathwayJSONFile))
	require.NoError(t, err)
	var pw results.Pathway
	require.NoError(t, json.Unmarshal(raw, &pw))
	return pw
}

// readPathwayCSV reads pathway.csv's records (its header first) from a
// plan pathway --out dir.
func readPathwayCSV(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, results.PathwayCSVFile))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return recs
}

// pathway.json and the table say what the milestones were sized with
// beyond the trends — the margin, the clean-share condition, the market's
// prices and holdings — as roadmap.json says it of a roadmap (QA,
// 2026-12-05: a pathway planned with --margin 0.2 said nothing of it).
func TestPlanPathwaySizedWith(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	out := filepath.Join(t.TempDir(), "pw")
	code, stdout, errOut := cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
		"--milestones", "2027:low-carbon", "--margin", "0.2", "--offset-price", "21.5", "--certificate-price", "3.25",
		"--offsets-held", "7", "--certificates-held", "11", "--require-clean-share", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	pw := readPathwayJSON(t, out)
	assert.Equal(t, 0.2, pw.Margin)
	assert.True(t, pw.RequireCleanShare)
	assert.True(t, pw.RequireCleanShareFlag)
	assert.Equal(t, 21.5, pw.OffsetPricePerTCO2e)
	assert.Equal(t, 3.25, pw.CertificatePricePerMWh)
	assert.Equal(t, 7.0, pw.OffsetsHeldTCO2e)
	assert.Equal(t, 11.0, pw.CertificatesHeldMWh)
	recs := readPathwayCSV(t, out)
	require.Len(t, recs, 2)
	at := slices.Index(recs[0], "margin_fraction")
	require.GreaterOrEqual(t, at, 0)
	assert.Equal(t, []string{"margin_fraction", results.ColCurrency}, recs[0][at:at+2])
	assert.Equal(t, []string{"0.2", "USD"}, recs[1][at:at+2], "pathway.csv's margin and currency on the row")
	assert.Contains(t, stdout, "every stage limit tightened by 20.0 % (--margin)")
	assert.Contains(t, stdout, "offsets at 21.50 USD/tCO2e, certificates at 3.25 USD/MWh; held 7.0 tCO2e and 11.0 MWh for the period")
	assert.Contains(t, stdout, "the clean-energy share is a condition of near-zero-carbon and zero-carbon (--require-clean-share)")

	code, stdout, errOut = cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026", "--milestones", "2027:low-carbon")
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, stdout, "(--margin)")
	assert.NotContains(t, stdout, "(--require-clean-share)")

	// The park file's stage_thresholds require it and the flag too: the
	// heading credits both (session 38: the flag went uncredited), and
	// pathway.json says the flag was given.
	park, _ = writeInputs(t, strings.Replace(planPark, `"grid":`, `"stage_thresholds": {"require_clean_share": true}, "grid":`, 1), testSeries)
	out = filepath.Join(t.TempDir(), "both")
	code, stdout, errOut = cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
		"--milestones", "2027:low-carbon", "--require-clean-share", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "the clean-energy share is a condition of near-zero-carbon and zero-carbon "+
		"(--require-clean-share and the park file's stage_thresholds)")
	pw = readPathwayJSON(t, out)
	assert.True(t, pw.RequireCleanShare && pw.RequireCleanShareFlag)
	code, stdout, errOut = cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
		"--milestones", "2027:low-carbon", "--out", filepath.Join(t.TempDir(), "file"))
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "the clean-energy share is a condition of near-zero-carbon and zero-carbon (the park file's stage_thresholds)")

	// zeropark plan's Ledger line likewise, and roadmap.json.
	out = filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--require-clean-share", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "the clean-energy share is a condition of near-zero-carbon and zero-carbon "+
		"(--require-clean-share and the park file's stage_thresholds)")
	f, err := os.Open(filepath.Join(out, results.RoadmapJSONFile))
	require.NoError(t, err)
	defer f.Close()
	rm, err := results.ReadRoadmapJSON(f, results.RoadmapJSONFile)
	require.NoError(t, err)
	assert.True(t, rm.RequireCleanShare && rm.RequireCleanShareFlag)
}
