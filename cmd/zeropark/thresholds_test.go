package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// withThresholds is park with a stage_thresholds object of body.
func withThresholds(park, body string) string {
	return strings.Replace(park, `"grid":`, `"stage_thresholds": {`+body+`},
  "grid":`, 1)
}

// A park file's stage_thresholds reach the ledger of a run: its stage,
// the limits in stage_basis, the consumption at its kgce per kWh, and the
// basis line naming where the thresholds are from.
func TestStageThresholdsInRun(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	base := runSummary(t, "--park", park, "--series", series, "--policy", "self")
	require.NotEqual(t, dispatch.Conventional, base.Stage, "the test park must reach a stage for the thresholds to take it away")
	assert.NotContains(t, base.StageBasis.Sources, "park file")

	strict, series2 := writeInputs(t, withThresholds(testPark, `"low_carbon_renewable_share_min_fraction": 1,
    "low_carbon_reduction_min_fraction": 1, "carbon_tco2_per_tce_max": 0.001, "kgce_per_kwh": 0.2458,
    "source": "a test set"`), testSeries)
	sum := runSummary(t, "--park", strict, "--series", series2, "--policy", "self")
	assert.Equal(t, dispatch.Conventional, sum.Stage)
	assert.Equal(t, 0.001, sum.StageBasis.CarbonPerTceMax)
	// The same run, the consumption at twice the kgce per kWh.
	assert.InDelta(t, base.Energy.Consumption, sum.Energy.Consumption, 1e-9*base.Energy.Consumption)
	assert.InDelta(t, 2*base.StageBasis.ConsumptionTce, sum.StageBasis.ConsumptionTce, 1e-12*sum.StageBasis.ConsumptionTce)
	assert.InDelta(t, base.StageBasis.CarbonPerTce/2, sum.StageBasis.CarbonPerTce, 1e-12)
	assert.Contains(t, sum.StageBasis.Sources, "thresholds from the park file's stage_thresholds (a test set)")
	assert.Contains(t, sum.StageBasis.Sources, "electricity at 0.2458 kgce/kWh")

	// The report prints the thresholds in force and where they are from.
	code, out, errOut := cli(t, "report", "--park", strict, "--series", series2)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "≥ 100.0 %")
	assert.Contains(t, out, "a test set")

	// require_clean_share in the file, as the flag.
	req, series3 := writeInputs(t, withThresholds(testPark, `"require_clean_share": true`), testSeries)
	assert.True(t, runSummary(t, "--park", req, "--series", series3, "--policy", "self").StageBasis.CleanShareRequired)
}

// A bad threshold is refused with exit 2, naming the file, the line, the
// key and the value, and why.
func TestStageThresholdsBadInput(t *testing.T) {
	for _, c := range []struct{ body, key, want string }{
		{`"low_carbon_reduction_min_fraction": 30`, "stage_thresholds: low_carbon_reduction_min_fraction = 30", "must be in [0, 1]"},
		{`"kgce_per_kwh": 0`, "stage_thresholds: kgce_per_kwh = 0", "above 0"},
		// gce per kWh (the 305 of a power plant's coal consumption) read as
		// kgce: the consumption 2,500 times too large and a park of 18 ktce
		// a year judged near-zero-carbon by the large parks' limit (QA G,
		// session 39).
		{`"kgce_per_kwh": 305`, "stage_thresholds: kgce_per_kwh = 305", "divide by 1000"},
		{`"carbon_tco2_per_tce_max": 0, "carbon_tco2_per_tce_max_large": 0, "low_carbon_renewable_share_min_fraction": 0,
    "low_carbon_reduction_min_fraction": 0`, "stage_thresholds: carbon_tco2_per_tce_max = 0", "all 0"},
		{`"clean_share_min": 0.8`, "clean_share_min", "clean_share_min_fraction"},
	} {
		park, series := writeInputs(t, withThresholds(testPark, c.body), testSeries)
		code, _, errOut := cli(t, "run", "--park", park, "--series", series)
		assert.Equal(t, exitBadInput, code, c.body)
		assert.Contains(t, errOut, "park.json:", c.body)
		assert.Contains(t, errOut, c.key, c.body)
		assert.Contains(t, errOut, c.want, c.body)
	}
}

// The plan sizes each design against the park's thresholds, and each
// design park it writes carries them, so that `zeropark run` on it judges
// it as the plan did. The small park's cheapest low-carbon design cuts 80 %
// of its baseline; a park that asks 85 % (and a renewable share no design
// reaches) gets a dearer one at 85 %, and its today's park, at 55 %, is
// conventional.
func TestStageThresholdsInPlan(t *testing.T) {
	plan := func(park string) (*results.Roadmap, string, string) {
		t.Helper()
		p, series := writeInputs(t, park, testSeries)
		out := filepath.Join(t.TempDir(), "plan")
		code, stdout, errOut := cli(t, "plan", "--park", p, "--series", series, "--no-check", "--out", out)
		require.Equal(t, exitOK, code, errOut)
		_, rm := readPlanDir(t, out)
		require.Len(t, rm.Rows, 4)
		return rm, out, stdout
	}
	defRM, _, defOut := plan(planPark)
	strictRM, out, strictOut := plan(withThresholds(planPark, `"low_carbon_renewable_share_min_fraction": 1,
    "low_carbon_reduction_min_fraction": 0.85, "source": "stricter"`))
	def, strict := defRM.Rows, strictRM.Rows
	// The heading and roadmap.json say what the designs were sized against.
	assert.Nil(t, defRM.StageThresholds)
	assert.NotContains(t, defOut, "Stages ")
	require.NotNil(t, strictRM.StageThresholds)
	assert.Equal(t, "stricter", strictRM.StageThresholds.Source)
	assert.Contains(t, strictOut, "Stages    the park file's stage_thresholds (stricter): low_carbon_renewable_share_min_fraction = 1, "+
		"low_carbon_reduction_min_fraction = 0.85; the others zeropark's defaults")
	require.NotNil(t, def[1].Indicators)
	require.NotNil(t, strict[1].Indicators)
	assert.Equal(t, dispatch.LowCarbon, def[0].Stage)
	assert.Equal(t, dispatch.Conventional, strict[0].Stage)
	assert.Less(t, def[1].Indicators.ReductionVsBaseline, 0.85)
	assert.Equal(t, dispatch.LowCarbon, strict[1].Stage)
	assert.GreaterOrEqual(t, strict[1].Indicators.ReductionVsBaseline, 0.85-1e-9)
	assert.Greater(t, strict[1].TotalCostPerYear, def[1].TotalCostPerYear, "the stricter stage costs more")

	data, err := os.ReadFile(filepath.Join(out, results.DesignParkFile(dispatch.LowCarbon)))
	require.NoError(t, err)
	var p struct {
		StageThresholds *model.StageThresholds `json:"stage_thresholds"`
	}
	require.NoError(t, json.Unmarshal(data, &p))
	require.NotNil(t, p.StageThresholds)
	require.NotNil(t, p.StageThresholds.LowCarbonReductionMinFraction)
	assert.Equal(t, 0.85, *p.StageThresholds.LowCarbonReductionMinFraction)
	assert.Equal(t, "stricter", p.StageThresholds.Source)
}

// A park file's stage_thresholds_by_year stages the thresholds for plan
// pathway: the 2031 milestone is sized against its 2030 entry's 85 %
// reduction (and a renewable share no design reaches; the 2027 one
// against zeropark's 30 %), the heading and
// pathway.json say so, park-2030.json carries the year's thresholds as its
// own (and `zeropark run` on it judges by them), and zeropark plan, which
// has no year, notes that it reads stage_thresholds alone.
func TestStageThresholdsByYearInPathway(t *testing.T) {
	staged := strings.Replace(withThresholds(planPark, `"source": "national"`), `"grid":`, `"stage_thresholds_by_year": [
    {"year": 2030, "stage_thresholds": {"low_carbon_renewable_share_min_fraction": 1,
      "low_carbon_reduction_min_fraction": 0.85, "source": "staged 2030"}}],
  "grid":`, 1)
	park, series := writeInputs(t, staged, testSeries)
	out := filepath.Join(t.TempDir(), "pw")
	code, stdout, errOut := cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
		"--milestones", "2027:low-carbon,2031:low-carbon", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "2031 milestone: stage thresholds of stage_thresholds_by_year's 2030 entry over stage_thresholds (staged 2030): "+
		"low_carbon_renewable_share_min_fraction = 1, low_carbon_reduction_min_fraction = 0.85; the others zeropark's defaults")
	assert.NotContains(t, stdout, "2027 milestone:")
	pw := readPathwayJSON(t, out)
	require.Len(t, pw.Rows, 2)
	require.NotNil(t, pw.StageThresholds)
	assert.Equal(t, "national", pw.StageThresholds.Source)
	assert.Nil(t, pw.Rows[0].StageThresholds)
	assert.Zero(t, pw.Rows[0].StageThresholdsFromYear)
	require.NotNil(t, pw.Rows[1].StageThresholds)
	assert.Equal(t, 2030, pw.Rows[1].StageThresholdsFromYear)
	assert.Equal(t, 0.85, *pw.Rows[1].StageThresholds.LowCarbonReductionMinFraction)
	// The small park's cheapest low-carbon design cuts 80 % (TestStageThresholdsInPlan): 2031 must build more.
	assert.Positive(t, pw.Rows[1].StepInvestment, "2031 builds beyond 2027's design")
	// pathway.csv says the same of each milestone (QA F5): the entry's
	// year, the thresholds as the park file's object, the warnings.
	recs := readPathwayCSV(t, out)
	require.Len(t, recs, 3)
	col := func(name string) int {
		i := slices.Index(recs[0], name)
		require.GreaterOrEqual(t, i, 0, name)
		return i
	}
	from, thr, warn := col("stage_thresholds_from_year"), col("stage_thresholds"), col(results.ColWarnings)
	assert.Equal(t, []string{"", "2030"}, []string{recs[1][from], recs[2][from]})
	for i, row := range pw.Rows {
		var got model.StageThresholds
		require.NoError(t, json.Unmarshal([]byte(recs[1+i][thr]), &got), "row %d", i)
		want := row.StageThresholds
		if want == nil {
			want = pw.StageThresholds
		}
		assert.Equal(t, *want, got, "row %d", i)
		assert.Equal(t, strings.Join(row.Warnings, "\n"), recs[1+i][warn], "row %d", i)
	}

	data, err := os.ReadFile(filepath.Join(out, "park-2031.json"))
	require.NoError(t, err)
	assert.NotContains(t, string(data), "stage_thresholds_by_year")
	p, err := model.ReadParkJSON(strings.NewReader(string(data)), "park-2031.json")
	require.NoError(t, err)
	require.NotNil(t, p.StageThresholds)
	assert.Equal(t, 0.85, *p.StageThresholds.LowCarbonReductionMinFraction)
	assert.Equal(t, "staged 2030", p.StageThresholds.Source)
	sum := runSummary(t, "--park", filepath.Join(out, "park-2031.json"), "--series", series, "--policy", "perfect")
	assert.Contains(t, sum.StageBasis.Sources, "thresholds from the park file's stage_thresholds (staged 2030)")
	assert.GreaterOrEqual(t, sum.StageBasis.ReductionVsBaseline, 0.85-1e-6)
	assert.Equal(t, dispatch.LowCarbon, sum.Stage)

	code, _, errOut = cli(t, "plan", "--park", park, "--series", series, "--no-check")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, unwrapped(errOut), "stage_thresholds_by_year is read by zeropark plan pathway only")

	// zeropark run, which judges by stage_thresholds alone, says so too
	// (QA R, session 37: it said nothing); the pathway and a park without
	// staging do not.
	code, _, errOut = cli(t, "run", "--park", park, "--series", series, "--policy", "grid")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, unwrapped(errOut), "zeropark run: note: the park file's stage_thresholds_by_year is read by zeropark plan pathway only "+
		"(each milestone's year picks its entry); run judges the stage by stage_thresholds alone")
	assert.NotContains(t, unwrapped(errOut), "zeropark plan pathway: note")
	code, _, errOut = cli(t, "run", "--park", filepath.Join(out, "park-2031.json"), "--series", series, "--policy", "grid")
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, errOut, "stage_thresholds_by_year")
}

// Stage thresholds whose large parks' core limit ends below the others'
// (an entry raising carbon_tco2_per_tce_max alone, above the default 0.3)
// are warned of by validate and by every command that dispatches, per
// year; giving the large limit too, or keeping it the looser, is not
// (QA R, session 37: a plan whose design crossed the line failed, "the
// ledger does not grant the planned stage").
func TestStricterLargeParkLimitWarned(t *testing.T) {
	staged := strings.Replace(testPark, `"grid":`, `"stage_thresholds_by_year": [
    {"year": 2027, "stage_thresholds": {"carbon_tco2_per_tce_max": 1.0}},
    {"year": 2030, "stage_thresholds": {"carbon_tco2_per_tce_max": 0.7, "carbon_tco2_per_tce_max_large": 0.8}}],
  "grid":`, 1)
	park, series := writeInputs(t, staged, testSeries)
	want := "warning: stage_thresholds_by_year's 2027 entry over stage_thresholds: carbon_tco2_per_tce_max_large = 0.3 is below " +
		"carbon_tco2_per_tce_max = 1: a park of 1,000,000 tce a year or more is held to the stricter limit (give carbon_tco2_per_tce_max_large too)"
	code, _, errOut := cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, unwrapped(errOut), "zeropark validate: "+want)
	assert.NotContains(t, errOut, "2030 entry")
	code, _, errOut = cli(t, "run", "--park", park, "--series", series, "--policy", "grid")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, unwrapped(errOut), "zeropark run: "+want)

	for _, body := range []string{`"carbon_tco2_per_tce_max": 0.25`, `"carbon_tco2_per_tce_max": 0.5, "carbon_tco2_per_tce_max_large": 0.5`} {
		park, series = writeInputs(t, withThresholds(testPark, body), testSeries)
		code, _, errOut = cli(t, "validate", "--park", park, "--series", series)
		require.Equal(t, exitOK, code, errOut)
		assert.NotContains(t, errOut, "carbon_tco2_per_tce_max_large", body)
	}
	park, series = writeInputs(t, withThresholds(testPark, `"carbon_tco2_per_tce_max": 0.5`), testSeries)
	code, _, errOut = cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, unwrapped(errOut), "zeropark validate: warning: stage_thresholds: carbon_tco2_per_tce_max_large = 0.3 is below carbon_tco2_per_tce_max = 0.5")
}

// A stricter large parks' limit the park file gives is warned of as held,
// without the advice to give it (QA s38 F3: a province's staged 0.8, 0.5,
// 0.2 beside 1.0, 0.7, 0.3 was told "give carbon_tco2_per_tce_max_large
// too" on every command); an entry that leaves it at the default's is
// still advised to give it.
func TestStricterLargeParkLimitGivenNotAdvised(t *testing.T) {
	staged := strings.Replace(withThresholds(testPark, `"carbon_tco2_per_tce_max": 0.5, "carbon_tco2_per_tce_max_large": 0.4`), `"grid":`, `"stage_thresholds_by_year": [
    {"year": 2027, "stage_thresholds": {"carbon_tco2_per_tce_max": 1.0, "carbon_tco2_per_tce_max_large": 0.8}}],
  "grid":`, 1)
	park, series := writeInputs(t, staged, testSeries)
	code, _, errOut := cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	errOut = unwrapped(errOut)
	assert.Contains(t, errOut, "warning: stage_thresholds: carbon_tco2_per_tce_max_large = 0.4 is below carbon_tco2_per_tce_max = 0.5: "+
		"a park of 1,000,000 tce a year or more is held to the stricter limit")
	assert.Contains(t, errOut, "warning: stage_thresholds_by_year's 2027 entry over stage_thresholds: carbon_tco2_per_tce_max_large = 0.8 "+
		"is below carbon_tco2_per_tce_max = 1: a park of 1,000,000 tce a year or more is held to the stricter limit")
	assert.NotContains(t, errOut, "give carbon_tco2_per_tce_max_large too")
}

// --require-clean-share stands over a stage_thresholds_by_year entry's
// require_clean_share false also where the park file's stage_thresholds
// requires it too (session 38, QA R A1's rest: the plan could not tell
// the flag from the file's own requirement there, and the entry lifted
// both); without the flag the entry lifts the file's.
func TestRequireCleanShareFlagOverStagedFalse(t *testing.T) {
	staged := strings.Replace(withThresholds(planPark, `"require_clean_share": true`), `"grid":`, `"stage_thresholds_by_year": [
    {"year": 2027, "stage_thresholds": {"require_clean_share": false}}],
  "grid":`, 1)
	park, series := writeInputs(t, staged, testSeries)
	for _, flag := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "pw")
		args := []string{"plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
			"--milestones", "2027:low-carbon", "--no-check", "--out", out}
		if flag {
			args = append(args, "--require-clean-share")
		}
		code, _, errOut := cli(t, args...)
		require.Equal(t, exitOK, code, errOut)
		pw := readPathwayJSON(t, out)
		require.Len(t, pw.Rows, 1)
		require.NotNil(t, pw.Rows[0].StageThresholds)
		require.NotNil(t, pw.Rows[0].StageThresholds.RequireCleanShare)
		assert.Equal(t, flag, *pw.Rows[0].StageThresholds.RequireCleanShare, "--require-clean-share %v: the milestone's thresholds", flag)
		data, err := os.ReadFile(filepath.Join(out, "park-2027.json"))
		require.NoError(t, err)
		p, err := model.ReadParkJSON(strings.NewReader(string(data)), "park-2027.json")
		require.NoError(t, err)
		require.NotNil(t, p.StageThresholds)
		require.NotNil(t, p.StageThresholds.RequireCleanShare)
		assert.Equal(t, flag, *p.StageThresholds.RequireCleanShare, "--require-clean-share %v: park-2027.json", flag)
	}
}
