package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zeropark plan refuses a park with heat it cannot plan: exit 2, the
// error naming the park and its heat side, nothing written.
func TestPlanHeatParkRefused(t *testing.T) {
	heatPlanPark := strings.Replace(testHeatPark, `"grid":`, `"economics": {"currency": "USD", "pv": {"max_total_kwp": 600}},
  "grid":`, 1)
	park, series := writeInputs(t, heatPlanPark, testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, _, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitBadInput, code, errOut)
	assert.Contains(t, errOut, `park "test park"`)
	assert.Contains(t, errOut, "heat")
	assert.NoDirExists(t, out)
}
