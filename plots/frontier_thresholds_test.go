package plots_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// A roadmap's stage thresholds a year: its baseline and reduction as
// given, its offsets held for the period annualised (200 t over 672 h:
// 200 × 8760 / 672 = 2,607.142857 t a year); none from a roadmap without
// them (a roadmap.json written before the keys) or of no period.
func TestFrontierThresholdsOf(t *testing.T) {
	baseline, low := 9867.9, 0.3
	rm := &results.Roadmap{PlanPeriod: results.PlanPeriod{Steps: 672, StepMinutes: 60}, OffsetsHeldTCO2e: 200, BaselineTCO2ePerYear: &baseline, LowCarbonReductionMinFraction: &low}
	th := plots.FrontierThresholdsOf(rm)
	require.NotNil(t, th)
	assert.Equal(t, 9867.9, th.BaselineTCO2ePerYear)
	assert.Equal(t, 0.3, th.LowCarbonReductionMin)
	assert.InDelta(t, 2607.142857, th.OffsetsHeldTCO2ePerYear, 1e-6)

	rm.BaselineTCO2ePerYear = nil
	assert.Nil(t, plots.FrontierThresholdsOf(rm), "written before the keys")
	rm.BaselineTCO2ePerYear, rm.Steps = &baseline, 0
	assert.Nil(t, plots.FrontierThresholdsOf(rm), "no period")
	assert.Nil(t, plots.FrontierThresholdsOf(nil))
}
