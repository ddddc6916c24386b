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
	assert.Zero(t, from)
	got, from = p.StageThresholdsIn(2029)
	assert.Equal(t, 2027, from)
	assert.Equal(t, &StageThresholds{CarbonTCO2PerTceMax: ptr(1.0), CleanShareMinFraction: ptr(0.6), Source: "2027 targets"}, got)
	got, from = p.StageThresholdsIn(2030)
	assert.Equal(t, 2030, from)
	assert.Equal(t, &StageThresholds{CarbonTCO2PerTceMax: ptr(0.7)}, got, "an entry lays itself over the park's, not over the entry before")

	yes := true
	p.StageThresholds = &StageThresholds{CarbonTCO2PerTceMax: ptr(0.2), KgcePerKWh: ptr(0.404), RequireCleanShare: &yes, Source: "national"}
	got, from = p.StageThresholdsIn(2026)
	assert.Zero(t, from)
	assert.Equal(t, p.StageThresholds, got)
	got, from = p.StageThresholdsIn(2099)
	assert.Equal(t, 2030, from)
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
