package live_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// lossyHeatPark is smallHeatPark with a tank that loses 2 % an hour of
// the heat above its minimum, so standing losses are not 0.
func lossyHeatPark() *model.Park {
	p := smallHeatPark()
	p.ThermalStorage[0].StandingLossPerHour = 0.02
	return p
}

// noisyHeatMeas is interval k's readings with a noisy heat load, source
// temperature, electric load and PV (seeded), so the forecasts miss and
// the heat settlement meets surprises.
func noisyHeatMeas(k int, rng *rand.Rand) live.Measurement {
	hr := float64(at(k).Hour())
	pv := math.Max(0, math.Sin(math.Pi*(hr-6)/12)) * 200 * rng.Float64()
	m := meas(k, 80+60*rng.Float64(), 30+40*rng.Float64(), pv, 0.4+0.3*rng.Float64())
	m.HeatLoadKWTh = map[string]float64{"office heat": 40 + 120*rng.Float64()}
	m.HeatPumpSourceTempC = map[string]float64{"ashp": -5 + 15*rng.Float64()}
	return m
}

// standingLossesKWhTh are the standing losses of store k over intervals
// [from, to) of s: each interval loses StandingLossPerHour·h of the heat
// above the minimum it started with.
func standingLossesKWhTh(ts model.ThermalStorage, s *dispatch.Schedule, k, from, to int) float64 {
	h := s.Step.Hours()
	l := 0.0
	for t := from; t < to; t++ {
		l += (s.HeatSoCBefore(k, t) - ts.MinSoCKWhTh()) * ts.StandingLossPerHour * h
	}
	return l
}

// A thermal store that follows its setpoints and reports the plan's own
// end content settles exactly the setpoints' flows, and the heat
// ledger's store losses are its standing losses alone (as a battery's,
// TestMeasuredSoCSettlesTheSetpoints): 24 intervals without a content
// (the settlement sends heat surprises to the store), then 24 with the
// plan's.
func TestMeasuredHeatSoCSettlesTheSetpoints(t *testing.T) {
	p := lossyHeatPark()
	c, err := live.New(p, smallConfig())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	rng := rand.New(rand.NewPCG(11, 4))
	for k := range 48 {
		_, err := c.Measure(noisyHeatMeas(k, rng))
		require.NoError(t, err)
	}
	const first, withSoC, end = 48, 48 + 24, 48 + 48
	d, err := c.Step(at(first))
	require.NoError(t, err)
	set := map[int]live.ThermalStoreSetpoint{}
	for k := first; k < end; k++ {
		require.NotNil(t, d.Heat)
		set[k] = d.Heat.ThermalStores[0]
		m := noisyHeatMeas(k, rng)
		if k >= withSoC {
			m.HeatSoCKWhTh = map[string]float64{"tank": d.Heat.ThermalStores[0].EndSoCKWhTh}
		}
		_, err := c.Measure(m)
		require.NoError(t, err)
		d, err = c.Step(at(k + 1))
		require.NoError(t, err)
	}
	s, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, end-first, s.Len)
	ts := p.ThermalStorage[0]
	surprised, moved := 0, 0
	for k := first; k < end; k++ {
		t0 := k - first
		if set[k].ChargeKWTh+set[k].DischargeKWTh > 1 {
			moved++
		}
		if k < withSoC {
			if math.Abs(s.HeatChargeKWTh[0][t0]-set[k].ChargeKWTh)+math.Abs(s.HeatDischargeKWTh[0][t0]-set[k].DischargeKWTh) > 1 {
				surprised++ // settlement sent a heat surprise to the store
			}
			continue
		}
		assert.InDelta(t, set[k].ChargeKWTh, s.HeatChargeKWTh[0][t0], 1e-9, "charge at %s", at(k))
		assert.InDelta(t, set[k].DischargeKWTh, s.HeatDischargeKWTh[0][t0], 1e-9, "discharge at %s", at(k))
		assert.InDelta(t, set[k].EndSoCKWhTh, s.HeatSoCKWhTh[0][t0], 1e-9, "content at %s", at(k))
		assert.InDelta(t, 0, s.HeatBalanceErrorKWTh(t0), 1e-9, "the heat balances at %s", at(k))
	}
	require.Positive(t, surprised, "the data must surprise the forecasts, or the test proves nothing")
	require.Positive(t, moved, "the store must be used, or the test proves nothing")

	r, err := c.Ledger()
	require.NoError(t, err)
	hr := r.Heat
	require.NotNil(t, hr)
	assert.InDelta(t, standingLossesKWhTh(ts, s, 0, 0, s.Len), hr.StoreLossesKWhTh, 1e-6, "losses are the standing losses")
	assert.InDelta(t, 0, hr.StoreCorrectionKWhTh, 1e-9, "every measured content was reachable")
}

// A measured content the store's power limits cannot reach (a
// recalibrated sensor) settles the flows at the limit and counts the
// rest as a correction of stored heat: not standing losses.
func TestUnreachableMeasuredHeatSoCIsACorrection(t *testing.T) {
	p := lossyHeatPark()
	c, err := live.New(p, smallConfig())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	rng := rand.New(rand.NewPCG(6, 1))
	for k := range 24 {
		_, err := c.Measure(noisyHeatMeas(k, rng))
		require.NoError(t, err)
	}
	d, err := c.Step(at(24))
	require.NoError(t, err)
	ts := p.ThermalStorage[0]
	start := d.Heat.ThermalStores[0].StartSoCKWhTh
	idle := ts.MinSoCKWhTh() + (start-ts.MinSoCKWhTh())*(1-ts.StandingLossPerHour)
	// 90 kWh_th less than idling in one hour: 50 kW_th is the most it discharges.
	require.GreaterOrEqual(t, idle-90, 0.0, "a reading of the tank")
	m := noisyHeatMeas(24, rng)
	m.HeatSoCKWhTh = map[string]float64{"tank": idle - 90}
	_, err = c.Measure(m)
	require.NoError(t, err)
	_, err = c.Step(at(25))
	require.NoError(t, err)
	s, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, 1, s.Len)
	assert.InDelta(t, ts.MaxDischargeKWTh, s.HeatDischargeKWTh[0][0], 1e-9, "the flows at the limit")
	assert.Zero(t, s.HeatChargeKWTh[0][0])
	assert.InDelta(t, 0, s.HeatBalanceErrorKWTh(0), 1e-9, "the heat sources meet the rest")
	settled, measured := s.HeatSoCKWhTh[0][0], idle-90

	_, err = c.Measure(noisyHeatMeas(25, rng))
	require.NoError(t, err)
	_, err = c.Step(at(26)) // settles interval 25 from the measured 24's end
	require.NoError(t, err)
	r, err := c.Ledger()
	require.NoError(t, err)
	s, err = c.Settled()
	require.NoError(t, err)
	hr := r.Heat
	// The ledger sees the jump at the end of interval 25, after the
	// interval's standing loss (as a battery's SoC correction): the
	// content idles from the measured start where the recursion idles
	// from the settled one, the loss acting on the content above the
	// minimum only (none below it).
	idles := func(x float64) float64 {
		if x <= ts.MinSoCKWhTh() {
			return x
		}
		return ts.MinSoCKWhTh() + (x-ts.MinSoCKWhTh())*(1-ts.StandingLossPerHour)
	}
	require.InDelta(t, -(90 - ts.MaxDischargeKWTh), measured-settled, 1e-9)
	assert.InDelta(t, idles(measured)-idles(settled), hr.StoreCorrectionKWhTh, 1e-9, "what the limits cannot explain")
	assert.InDelta(t, standingLossesKWhTh(ts, s, 0, 0, s.Len), hr.StoreLossesKWhTh, 1e-9, "losses are the standing losses still")
	assert.InDelta(t, -(90 - ts.MaxDischargeKWTh), c.Metrics().ThermalStores[0].DriftKWhTh, 1e-9,
		"the drift is the measured content minus the settled one")
}
