package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
)

// zeropark plan --carbon-price shadow on the Texas demo's first two weeks:
// each design's checks run at least cost with that design's own shadow
// carbon price (roadmap.json's checks record it, the checks table shows
// it), which is the price in roadmap.csv's shadow_carbon_price_per_tco2e.
func TestPlanShadowCarbonPrice(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--demo", "texas2012", "--limit-hours", "336", "--carbon-price", "shadow", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	rows, rm := readPlanDir(t, out)
	assert.True(t, rm.ChecksAtShadowPrice)
	assert.Nil(t, rm.Rows[0].ShadowCarbonPricePerTCO2e, "today's park has none")
	priced := 0
	for i, r := range rm.Rows[1:] {
		require.Empty(t, r.Unreachable, r.Target)
		require.NotNil(t, r.ShadowCarbonPricePerTCO2e, r.Target)
		require.NotNil(t, rows[i+1].ShadowCarbonPricePerTCO2e, "roadmap.csv: %s", r.Target)
		assert.Equal(t, *r.ShadowCarbonPricePerTCO2e, *rows[i+1].ShadowCarbonPricePerTCO2e, r.Target)
		require.Len(t, r.Checks, 2, r.Target)
		for _, c := range r.Checks {
			assert.Equal(t, dispatch.Cost, c.Objective, "%s %s", r.Target, c.Policy)
			assert.Equal(t, *r.ShadowCarbonPricePerTCO2e, c.CarbonPricePerTCO2e, "%s %s", r.Target, c.Policy)
		}
		if *r.ShadowCarbonPricePerTCO2e > 0 {
			priced++
		}
	}
	assert.Positive(t, priced, "a stage whose carbon limit binds")
	assert.Contains(t, stdout, "at carbon price (USD/tCO2e)")
	assert.Contains(t, stdout, "--carbon-price shadow")
}

// --carbon-price shadow is refused, exit 2 with a message naming why,
// where it cannot apply: carbon first, no checks, whole units (no duals),
// and under run, whose --carbon-price is a number; a misspelling is
// refused too.
func TestPlanShadowCarbonPriceRefused(t *testing.T) {
	units, unitsSeries := writeInputs(t, unitsPark, testSeries)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"carbon first", []string{"plan", "--objective", "carbon", "--carbon-price", "shadow", "--limit-hours", "48"},
			"--carbon-price shadow needs --objective cost"},
		{"no checks", []string{"plan", "--carbon-price", "shadow", "--no-check", "--limit-hours", "48"},
			"--carbon-price shadow prices the operation checks, which --no-check skips"},
		{"whole units", []string{"plan", "--park", units, "--series", unitsSeries, "--carbon-price", "shadow"},
			"buy whole units (economics.pv.unit_kwp, economics.battery.unit_kwh, economics.battery.unit_kw)"},
		{"misspelt", []string{"plan", "--carbon-price", "shadows", "--limit-hours", "48"}, "not a number nor shadow"},
		{"run", []string{"run", "--carbon-price", "shadow", "--limit-hours", "48"}, "--carbon-price"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := cli(t, tc.args...)
			assert.Equal(t, exitBadInput, code, errOut)
			assert.Contains(t, errOut, tc.want)
		})
	}
}
