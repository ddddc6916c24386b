package live_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
)

// A state of charge read a little below 0 (within Check's 5 % of the
// energy: a meter's error) settles as an empty battery, and an idle
// battery below its minimum loses nothing to self-discharge. Before, the
// reading of −10 kWh was settled as is, and self-discharge, acting on the
// energy above the minimum (40 kWh here), made the idle battery gain 0.5 %
// of 50 kWh an hour (QA, December 2026).
func TestSoCBelowEmpty(t *testing.T) {
	p := smallPark()
	p.Batteries[0].SelfDischargePerHour = 0.005
	cfg := live.DefaultConfig(t0, time.Hour)
	cfg.Dispatch.Horizon = 6 * time.Hour
	c, err := live.New(p, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = c.Step(at(0))
	require.NoError(t, err)
	m := meas(0, 100, 50, 0, 0.5)
	m.SoCKWh = map[string]float64{"bat": -10}
	_, err = c.Measure(m)
	require.NoError(t, err, "within 5 % of [0, 400] kWh")
	_, err = c.Step(at(1))
	require.NoError(t, err)
	// Skipped intervals settle idle: nothing below the minimum decays, or grows.
	_, err = c.Step(at(12))
	require.NoError(t, err)
	s, err := c.Settled()
	require.NoError(t, err)
	t.Log(s.SoCKWh[0])
	for k := 2; k < 12; k++ {
		assert.GreaterOrEqual(t, s.SoCKWh[0][k], 0.0, "interval %d", k)
		assert.LessOrEqual(t, s.SoCKWh[0][k], s.SoCKWh[0][k-1]+1e-9, "interval %d: an idle battery never gains", k)
	}
}
