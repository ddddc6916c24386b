package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Skill = 1 − RMSE/RMSE_persistence, worked by hand; where persistence is
// exact (RMSE_persistence 0) it is NaN whatever the forecast's error, and
// with no samples; merging keeps the sums, so a merged skill is the skill
// of all samples (not a mean of skills).
func TestErrorStatsSkill(t *testing.T) {
	type sample struct{ forecast, actual, persistence float64 }
	for _, tc := range []struct {
		name    string
		samples []sample
		want    float64 // NaN: not defined
	}{
		{"no samples", nil, math.NaN()},
		// Errors e = (1, −1), persistence (2, 2): 1 − √(2/8) = 0.5.
		{"half", []sample{{11, 10, 12}, {9, 10, 12}}, 0.5},
		{"persistence itself", []sample{{12, 10, 12}, {7, 10, 7}}, 0},
		{"exact", []sample{{10, 10, 12}, {3, 3, 4}}, 1},
		// e = 3, persistence 1: 1 − 3 = −2.
		{"worse", []sample{{13, 10, 11}}, -2},
		{"flat, persistence and forecast exact", []sample{{5, 5, 5}, {5, 5, 5}}, math.NaN()},
		{"flat, forecast off", []sample{{6, 5, 5}, {5, 5, 5}}, math.NaN()},
		{"windless", []sample{{0, 0, 0}}, math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s ErrorStats
			for _, x := range tc.samples {
				s.Add(x.forecast, x.actual, x.persistence)
			}
			if math.IsNaN(tc.want) {
				assert.True(t, math.IsNaN(s.Skill()), "skill %v, want NaN", s.Skill())
				return
			}
			assert.InDelta(t, tc.want, s.Skill(), 1e-12)
		})
	}
	// A flat lead merged with a varying one: the merged skill is that of
	// the varying one's errors over the sum of persistence's (here all of
	// them), not NaN and not a mean with a 0 in it.
	var flat, varying ErrorStats
	flat.Add(5, 5, 5)
	varying.Add(11, 10, 12) // e² 1, persistence 4
	varying.Add(9, 10, 12)
	all := flat
	all.Merge(varying)
	assert.True(t, math.IsNaN(flat.Skill()))
	assert.InDelta(t, 0.5, varying.Skill(), 1e-12)
	assert.InDelta(t, 1-math.Sqrt(2.0/8), all.Skill(), 1e-12)
}

// NMAE = Σ|e| / Σ|actual|, worked by hand; where every actual is 0 (a
// windless wind column) it is NaN whatever the forecast, and with no
// samples: never 0 ("exact") nor +Inf.
func TestErrorStatsNMAE(t *testing.T) {
	type sample struct{ forecast, actual float64 }
	for _, tc := range []struct {
		name    string
		samples []sample
		want    float64 // NaN: not defined
	}{
		{"no samples", nil, math.NaN()},
		// |e| = 1 + 3, |actual| = 10 + 10: 0.2.
		{"off", []sample{{11, 10}, {7, 10}}, 0.2},
		// |actual| of a negative (exporting) series counts: 2 / 8.
		{"negative actual", []sample{{-6, -8}}, 0.25},
		{"exact, not zero", []sample{{5, 5}, {5, 5}}, 0},
		{"windless, exact", []sample{{0, 0}, {0, 0}}, math.NaN()},
		{"windless, forecast off", []sample{{3, 0}, {0, 0}}, math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s ErrorStats
			for _, x := range tc.samples {
				s.Add(x.forecast, x.actual, x.actual)
			}
			if math.IsNaN(tc.want) {
				assert.True(t, math.IsNaN(s.NMAE()), "nMAE %v, want NaN", s.NMAE())
				return
			}
			assert.InDelta(t, tc.want, s.NMAE(), 1e-12)
		})
	}
}
