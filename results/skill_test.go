package results_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

func TestFormatSkill(t *testing.T) {
	for _, tc := range []struct {
		skill float64
		want  string
	}{
		{math.NaN(), results.NotDefined},
		{math.Inf(-1), results.NotDefined},
		{0, "+0.000"},
		{1, "+1.000"},
		{0.2536, "+0.254"},
		{-0.0061, "-0.006"},
	} {
		assert.Equal(t, tc.want, results.FormatSkill(tc.skill), "%v", tc.skill)
	}
}

// A flat load makes persistence exact: the report's forecaster table says
// n/a for its skill (overall and at 1 h) where it said +0.000, the other
// series keep their numbers, and summary.json writes null and reads it
// back as nil.
func TestForecastSkillUndefinedOnFlatLoad(t *testing.T) {
	p, prof := mustProfiles(t, 48)
	for k := range prof.LoadKW[0] {
		prof.LoadKW[0][k] = 75
	}
	flat := "load:" + p.Loads[0].Name
	withFc := runWith(t, p, prof, dispatch.RollingHorizon, true, reportConfig())
	perfectInfo := runWith(t, p, prof, dispatch.RollingHorizon, false, reportConfig())
	perfect := runWith(t, p, prof, dispatch.Perfect, false, reportConfig())

	var b bytes.Buffer
	require.NoError(t, results.WriteForecastCost(&b, results.ForecastRuns{WithForecasts: withFc, PerfectInformation: perfectInfo,
		PerfectForesight: perfect, Horizon: 24 * time.Hour}))
	rows := 0
	// The table's rows follow its header, the line ending in "skill at 1 h".
	_, table, ok := strings.Cut(b.String(), "skill at 1 h\n")
	require.True(t, ok, b.String())
	for _, l := range strings.Split(strings.TrimRight(table, "\n"), "\n") {
		f := strings.Fields(l)
		rows++
		skills := f[len(f)-2:]
		if strings.HasPrefix(l, "    "+flat+" ") {
			assert.Equal(t, []string{results.NotDefined, results.NotDefined}, skills, l)
			continue
		}
		for _, s := range skills {
			assert.NotEqual(t, results.NotDefined, s, l)
			assert.Regexp(t, `^[+-]\d\.\d{3}$`, s, l)
		}
	}
	require.Equal(t, len(withFc.Report.Forecasts), rows, b.String())
	assert.Contains(t, b.String(), "    "+flat+" ")

	sum := results.NewSummary(p.Name, 24*time.Hour, "", withFc.Report)
	var first bytes.Buffer
	require.NoError(t, results.WriteSummaryJSON(&first, sum))
	assert.Contains(t, first.String(), `"skill_vs_persistence": null`)
	back, err := results.ReadSummaryJSON(bytes.NewReader(first.Bytes()), "summary.json")
	require.NoError(t, err)
	require.Len(t, back.Report.Forecasts, len(sum.Report.Forecasts))
	for _, f := range back.Report.Forecasts {
		assert.Equal(t, f.Series == flat, f.Overall.Skill == nil, f.Series)
		assert.Equal(t, f.Series == flat, f.PerLead[0].Skill == nil, f.Series)
	}
	assert.Equal(t, sum.Report.Forecasts, back.Report.Forecasts)
	var second bytes.Buffer
	require.NoError(t, results.WriteSummaryJSON(&second, back))
	assert.Equal(t, first.String(), second.String())
}

func TestFormatNMAE(t *testing.T) {
	for _, tc := range []struct {
		nmae float64
		want string
	}{
		{math.NaN(), results.NotDefined},
		{math.Inf(1), results.NotDefined},
		{0, "0.000"},
		{0.2536, "0.254"},
		{1.5, "1.500"},
	} {
		assert.Equal(t, tc.want, results.FormatNMAE(tc.nmae), "%v", tc.nmae)
	}
}

// A windless wind turbine (availability 0 throughout) has no nMAE: the
// report's forecaster table says n/a in its nMAE column where it said
// 0.000, and summary.json writes null and reads it back as nil. The other
// series keep a number.
func TestForecastNMAEUndefinedOnWindlessWind(t *testing.T) {
	p, prof := mustProfiles(t, 48)
	p.Wind = append(p.Wind, model.WindTurbine{Name: "Calm mast", CapacityKW: 100, AvailabilityColumn: "wind_kw_per_kw"})
	prof.WindAvailKW = append(prof.WindAvailKW, make([]float64, prof.Len))
	wind := "wind:Calm mast"
	withFc := runWith(t, p, prof, dispatch.RollingHorizon, true, reportConfig())
	perfectInfo := runWith(t, p, prof, dispatch.RollingHorizon, false, reportConfig())
	perfect := runWith(t, p, prof, dispatch.Perfect, false, reportConfig())

	var b bytes.Buffer
	require.NoError(t, results.WriteForecastCost(&b, results.ForecastRuns{WithForecasts: withFc, PerfectInformation: perfectInfo,
		PerfectForesight: perfect, Horizon: 24 * time.Hour}))
	_, table, ok := strings.Cut(b.String(), "skill at 1 h\n")
	require.True(t, ok, b.String())
	rows := 0
	for _, l := range strings.Split(strings.TrimRight(table, "\n"), "\n") {
		// The series name may hold spaces; the seven columns after it
		// (unit, MAE, RMSE, nMAE, bias, skill, skill at 1 h) do not.
		f := strings.Fields(l)
		require.GreaterOrEqual(t, len(f), 8, l)
		rows++
		nmae := f[len(f)-4]
		if strings.HasPrefix(l, "    "+wind+" ") {
			assert.Equal(t, results.NotDefined, nmae, l)
			assert.NotContains(t, l, "NaN", l)
			continue
		}
		assert.Regexp(t, `^\d+\.\d{3}$`, nmae, l)
	}
	require.Equal(t, len(withFc.Report.Forecasts), rows, b.String())
	assert.Contains(t, b.String(), "    "+wind+" ")

	sum := results.NewSummary(p.Name, 24*time.Hour, "", withFc.Report)
	var first bytes.Buffer
	require.NoError(t, results.WriteSummaryJSON(&first, sum))
	assert.Contains(t, first.String(), `"nmae": null`)
	back, err := results.ReadSummaryJSON(bytes.NewReader(first.Bytes()), "summary.json")
	require.NoError(t, err)
	require.Len(t, back.Report.Forecasts, len(sum.Report.Forecasts))
	for _, f := range back.Report.Forecasts {
		assert.Equal(t, f.Series == wind, f.Overall.NMAE == nil, f.Series)
		for _, l := range f.PerLead {
			assert.Equal(t, f.Series == wind, l.NMAE == nil, "%s lead %d", f.Series, l.Lead)
		}
	}
	assert.Equal(t, sum.Report.Forecasts, back.Report.Forecasts)
	var second bytes.Buffer
	require.NoError(t, results.WriteSummaryJSON(&second, back))
	assert.Equal(t, first.String(), second.String())
}

// A park that perfect foresight brings to zero carbon (adjusted residual
// 0, set here) gives no lower bound to take shares of: the report says
// n/a where it said 0.0 %, the kgCO2e figures stay (0.3 and 0.2 tCO2e).
func TestForecastCostShareUndefinedOnZeroBound(t *testing.T) {
	res := func(adjKg float64) *dispatch.Result {
		r := &dispatch.Result{}
		r.Report.AdjustedResidualKgCO2e = adjKg
		return r
	}
	var b bytes.Buffer
	require.NoError(t, results.WriteForecastCost(&b, results.ForecastRuns{WithForecasts: res(500), PerfectInformation: res(200),
		PerfectForesight: res(0), Horizon: 24 * time.Hour}))
	out := b.String()
	assert.Contains(t, out, "forecast error   0.3 tCO2e  ("+results.NotDefined+" of the perfect-foresight lower bound)")
	assert.Contains(t, out, "finite horizon   0.2 tCO2e  ("+results.NotDefined+"): perfect information minus perfect foresight")
	assert.NotContains(t, out, "%")

	// The same runs over a bound of 1 tCO2e: 30 % and 20 %, by hand.
	b.Reset()
	require.NoError(t, results.WriteForecastCost(&b, results.ForecastRuns{WithForecasts: res(1500), PerfectInformation: res(1200),
		PerfectForesight: res(1000), Horizon: 24 * time.Hour}))
	assert.Contains(t, b.String(), "(30.0 % of the perfect-foresight lower bound)")
	assert.Contains(t, b.String(), "(20.0 %)")
}
