package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStageThresholdsIn: a year before every entry takes the park's
// stage_thresholds (nil where it has none); from an entry's year on, its
// keys replace the park's one by one, its source too where it gives one,
// until the next entry's year; the result shares nothing with the park.
func TestStageThresholdsIn(t *testing.T) {
	p := &Park{StageThresholdsByYear: []YearStageThresholds{
		{Year: 2027, StageThresholds: StageThresholds{CarbonTCO2PerTceMax: ptr(1.0), CleanShareMinFraction: ptr(0.6), Source: "2027 targets"}},
		{Year: 2030, StageThresholds: StageThresholds{CarbonTCO2PerTceMax: ptr(0.7)}}}}
	got, from := p.StageThresholdsIn(2026)
	assert.Nil(t, got, "no thresholds anywhere before 2027")
	assert.Nil(t, from)
	got, from = p.StageThresholdsIn(2029)
	require.NotNil(t, from)
	assert.Same(t, &p.StageThresholdsByYear[0], from, "the entry itself")
	assert.Equal(t, &StageThresholds{CarbonTCO2PerTceMax: ptr(1.0), CleanShareMinFraction: ptr(0.6), Source: "2027 targets"}, got)
	got, from = p.StageThresholdsIn(2030)
	assert.Equal(t, 2030, from.Year)
	assert.Equal(t, &StageThresholds{CarbonTCO2PerTceMax: ptr(0.7)}, got, "an entry lays itself over the park's, not over the entry before")

	yes := true
	p.StageThresholds = &StageThresholds{CarbonTCO2PerTceMax: ptr(0.2), KgcePerKWh: ptr(0.404), RequireCleanShare: &yes, Source: "national"}
	got, from = p.StageThresholdsIn(2026)
	assert.Nil(t, from)
	assert.Equal(t, p.StageThresholds, got)
	assert.NotSame(t, p.StageThresholds, got, "a copy")
	got, from = p.StageThresholdsIn(2099)
	assert.Equal(t, 2030, from.Year)
	assert.Equal(t, &StageThresholds{CarbonTCO2PerTceMax: ptr(0.7), KgcePerKWh: ptr(0.404), RequireCleanShare: &yes, Source: "national"}, got)
	got, _ = p.StageThresholdsIn(2028)
	assert.Equal(t, "2027 targets", got.Source)
	assert.Equal(t, 0.6, *got.CleanShareMinFraction)

	*got.CarbonTCO2PerTceMax, *got.KgcePerKWh = 9, 9
	*got.RequireCleanShare = false
	require.Equal(t, 1.0, *p.StageThresholdsByYear[0].StageThresholds.CarbonTCO2PerTceMax, "nothing shared with the entry")
	assert.Equal(t, 0.404, *p.StageThresholds.KgcePerKWh, "nothing shared with the park")
	assert.True(t, *p.StageThresholds.RequireCleanShare)
}

// TestStageThresholdsByYearZerosSplit: stage_thresholds setting the two
// carbon limits to 0 and an entry setting the two low-carbon minima to 0
// pass each alone, but laid over each other, as the pathway takes them
// from the entry's year, every stage limit is 0 (the ledger refused that
// only when plan pathway reached the year, with "Options.Ledger: invalid
// config" and no file: QA R, session 37). Validate names the entry's year
// in the file; an entry that leaves one limit above 0 passes.
func TestStageThresholdsByYearZerosSplit(t *testing.T) {
	const file = `{
  "loads": [{"name": "f", "column_kw": "l"}],
  "grid": {"import_limit_kw": 1, "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}},
  "stage_thresholds": {"carbon_tco2_per_tce_max": 0, "carbon_tco2_per_tce_max_large": 0},
  "stage_thresholds_by_year": [
    {"year": 2027, "stage_thresholds": {"low_carbon_renewable_share_min_fraction": 0}},
    {"year": 2030, "stage_thresholds": {"low_carbon_renewable_share_min_fraction": 0, "low_carbon_reduction_min_fraction": 0}}
  ]
}`
	fes := readValidate(t, file, "staged.park.json")
	require.Len(t, fes, 1, "%v", fes)
	fe := fes[0]
	line, col := at{`"year": 2030`, 0}.position(t, file)
	assert.Equal(t, "staged.park.json", fe.File)
	assert.Equal(t, line, fe.Line)
	assert.Equal(t, col, fe.Col)
	assert.Equal(t, "stage_thresholds_by_year[1].year", fe.Path)
	assert.Equal(t, 2030, fe.Value)
	assert.Contains(t, fe.Error(), "all 0 from this year")
}
