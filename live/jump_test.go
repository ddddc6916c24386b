package live_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
)

// A measured state of charge beyond what the battery's power limits can
// reach from the settled state is accepted, counted and warned of. By
// hand: newSmall's battery (400 kWh, 100 kW, η_dis 0.95, min 40 kWh)
// starts the hour at 200 kWh, so its flows reach 200 − 100/0.95 = 94.74
// kWh at least; a reading of 50 kWh is 44.74 kWh beyond, above the slack
// of 5 % × 400 = 20 kWh. A reading of 25 is further (and below the
// minimum, so the plan also clamps it), and 25 % of 400 = 100 kWh lies
// within 20 kWh of 94.74: the warning suggests soc_percent. 200 kWh is
// within reach: no warning.
func TestSoCJumpWarned(t *testing.T) {
	for _, tc := range []struct {
		v       float64
		jumps   int
		warning string
		hint    bool
	}{
		{50, 1, "50 kWh, is -44.74 kWh from the 94.74 kWh its flows can reach", false},
		{25, 1, "25 kWh, is -69.74 kWh from the 94.74 kWh", true},
		{200, 0, "", false},
	} {
		c := newSmall(t)
		_, err := c.Step(at(0))
		require.NoError(t, err)
		m := meas(0, 100, 50, 0, 0.5)
		m.SoCKWh = map[string]float64{"bat": tc.v}
		_, err = c.Measure(m)
		require.NoError(t, err)
		d, err := c.Step(at(1))
		require.NoError(t, err)
		assert.InDelta(t, math.Max(tc.v, 40), d.Batteries[0].StartSoCKWh, 1e-9, "accepted: the plan starts from it, within [min, max]")
		bm := c.Metrics().Batteries[0]
		assert.Equal(t, tc.jumps, bm.Jumps, "v %g", tc.v)
		k := slices.IndexFunc(d.Warnings, func(w string) bool { return strings.Contains(w, "its flows can reach") })
		if tc.warning == "" {
			assert.Negative(t, k, "v %g: %q", tc.v, d.Warnings)
			continue
		}
		require.GreaterOrEqual(t, k, 0, "v %g: %q", tc.v, d.Warnings)
		w := d.Warnings[k]
		assert.Contains(t, w, `battery "bat"`)
		assert.Contains(t, w, tc.warning)
		assert.Contains(t, w, "more than 5 % of its 400 kWh")
		assert.Equal(t, tc.hint, strings.Contains(w, "read as a percentage it would be 100 kWh, within reach: if the BMS sends a percentage, send it as soc_percent"), "v %g: %s", tc.v, w)
	}
	assert.Equal(t, 0.05, live.SoCJumpSlackFraction)
}
