package plots

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// A frontier point in the shade of a stage it does not reach is named
// under the figure: the shades follow the residual, low-carbon does not
// only (QA, 2026-12-04: greensboro-heat's point 2, conventional, at 10,930
// t inside the low-carbon shade drawn to 11,605 t).
func TestShadeCaptionNamesPointsBelowTheirShade(t *testing.T) {
	bands := []stageBand{{stage: dispatch.LowCarbon, loTCO2ePerYear: 7000, hiTCO2ePerYear: 11605},
		{stage: dispatch.Conventional, loTCO2ePerYear: 11605, hiTCO2ePerYear: 14000}}
	rows := []results.FrontierRow{
		{Point: 0, ResidualTCO2ePerYear: 13499, Stage: dispatch.Conventional},
		{Point: 2, ResidualTCO2ePerYear: 10930, Stage: dispatch.Conventional},
		{Point: 3, ResidualTCO2ePerYear: 9645, Stage: dispatch.LowCarbon},
		{Point: 5, ResidualTCO2ePerYear: 7075, Stage: dispatch.NearZeroCarbon},
	}
	got := shadeCaption(rows, bands)
	assert.Contains(t, got, "point 2 (conventional) in the low-carbon shade")
	assert.NotContains(t, got, "point 0")
	assert.NotContains(t, got, "point 3")
	assert.NotContains(t, got, "point 5", "a point above its shade's stage is no contradiction")
	assert.Empty(t, shadeCaption(rows[2:], bands))
}
