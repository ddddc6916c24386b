package physics

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// The README's example park is what planners copy: its turbine must make
// power between rated and cut-out. A tabulated curve gives 0 above its
// last point, so a curve ending at rated beside "cut_out_m_s": 25 (which
// only the generic curve reads) lost every hour above 12 m/s: a third of
// the wind energy on the Amarillo data (planner's QA, 2026-12-04).
func TestREADMEParkExampleTurbineRunsToCutOut(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	s := string(readme)
	i := strings.Index(s, "**Park file** (JSON)")
	require.GreaterOrEqual(t, i, 0, "README has the park file example")
	s = s[i:]
	i = strings.Index(s, "```json\n")
	require.GreaterOrEqual(t, i, 0)
	s = s[i+len("```json\n"):]
	j := strings.Index(s, "```")
	require.Greater(t, j, 0)
	park, err := model.ReadParkJSON(bytes.NewReader([]byte(s[:j])), "README.md")
	require.NoError(t, err)
	require.NotEmpty(t, park.Wind)
	w := park.Wind[0].Weather
	require.NotNil(t, w)
	w.SpeedColumn = "ws"
	speeds := []float64{2, 13, 20, 24.9}
	v, err := WindAvailability(*w, windSet(speeds, nil, nil))
	require.NoError(t, err)
	assert.Zero(t, v[0], "below cut-in")
	for k := 1; k < len(speeds); k++ {
		assert.Equal(t, 1.0, v[k], "%g m/s at hub height, between rated and cut-out", speeds[k])
	}
}
