package live_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// qaPark is the park of QA3's finding 2: two loads, 1500 kWp of PV, a
// 1000 kWh battery (300 kW in, 250 kW out, η 0.92 / 0.9, SoC 0.1–0.9, no
// self-discharge), import ≤ 2000 kW, export ≤ 300 kW, a time-of-use
// import price and a constant accounting factor.
func qaPark() *model.Park {
	return &model.Park{
		Name:  "qa3",
		Loads: []model.Load{{Name: "Factory A", Column: "a"}, {Name: "Office B", Column: "b", Scale: 2}},
		PV:    []model.PVArray{{Name: "Roof", CapacityKWp: 1500, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{{Name: "Batt", EnergyKWh: 1000, MaxChargeKW: 300, MaxDischargeKW: 250,
			ChargeEfficiency: 0.92, DischargeEfficiency: 0.9, MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 2000, ExportLimitKW: 300,
			DispatchCarbon:   model.CarbonSignal{Column: "co2", Kind: model.Marginal},
			AccountingCarbon: &model.CarbonSignal{KgCO2ePerKWh: 0.5306, Kind: model.Average},
			ImportPrice: &model.Price{PerKWh: 0.10, TimeOfUse: []model.TOUPeriod{
				{FromHour: 8, ToHour: 22, Days: "weekdays", PerKWh: 0.18}, {FromHour: 23, ToHour: 7, PerKWh: 0.05}}},
			ExportPrice: &model.Price{PerKWh: 0.03}},
	}
}

var qaStart = time.Date(2026, 3, 6, 0, 0, 0, 0, time.FixedZone("+08", 8*3600))

func qaAt(k int) time.Time { return qaStart.Add(time.Duration(k) * time.Hour) }

// qaMeas is interval k's meter readings: a daily load and PV shape with
// noise (seeded), so the forecasts miss and settlement meets surprises.
func qaMeas(k int, rng *rand.Rand) live.Measurement {
	h := float64(qaAt(k).Hour())
	pv := math.Max(0, math.Sin(math.Pi*(h-6)/12)) * 1500 * (0.5 + 0.5*rng.Float64())
	return live.Measurement{Start: qaAt(k),
		LoadKW: map[string]float64{"Factory A": 600 + 200*math.Sin(2*math.Pi*(h-6)/24) + 100*rng.Float64(),
			"Office B": 80 + 60*rng.Float64()},
		PVAvailableKW:        map[string]float64{"Roof": pv},
		DispatchKgCO2ePerKWh: live.Value(0.6 + 0.2*math.Cos(2*math.Pi*(h-3)/24))}
}

// efficiencyLossesKWh are the losses the battery's efficiencies give for
// the flows of intervals [from, to) of s (no self-discharge).
func efficiencyLossesKWh(bat model.Battery, s *dispatch.Schedule, from, to int) float64 {
	l := 0.0
	for t := from; t < to; t++ {
		l += s.ChargeKW[0][t]*(1-bat.ChargeEfficiency) + s.DischargeKW[0][t]*(1/bat.DischargeEfficiency-1) // kWh, 1 h steps
	}
	return l
}

// QA3 finding 2: a battery that follows its setpoints and reports the
// plan's own end state of charge settles exactly the setpoints' flows,
// and the ledger's losses are the efficiencies' (they were the measured
// states' differences from a settlement that had sent surprises to the
// battery). The sequence is the QA's: 96 h of history, a Step, 48
// intervals without a state of charge, then 24 with the plan's.
func TestMeasuredSoCSettlesTheSetpoints(t *testing.T) {
	p := qaPark()
	c, err := live.New(p, live.DefaultConfig(qaStart, time.Hour))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	rng := rand.New(rand.NewPCG(3, 2))
	for k := range 96 {
		_, err := c.Measure(qaMeas(k, rng))
		require.NoError(t, err)
	}
	const first, withSoC, end = 96, 96 + 48, 96 + 48 + 24
	d, err := c.Step(qaAt(first))
	require.NoError(t, err)
	set := map[int]live.BatterySetpoint{}
	for k := first; k < end; k++ {
		set[k] = d.Batteries[0]
		m := qaMeas(k, rng)
		if k >= withSoC {
			m.SoCKWh = map[string]float64{"Batt": d.Batteries[0].EndSoCKWh}
		}
		_, err := c.Measure(m)
		require.NoError(t, err)
		d, err = c.Step(qaAt(k + 1))
		require.NoError(t, err)
	}
	s, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, end-first, s.Len)
	bat := p.Batteries[0]
	surprised := 0
	for k := first; k < end; k++ {
		t0 := k - first
		if k < withSoC {
			if math.Abs(s.ChargeKW[0][t0]-set[k].ChargeKW)+math.Abs(s.DischargeKW[0][t0]-set[k].DischargeKW) > 1 {
				surprised++ // settlement sent a surprise to the battery
			}
			continue
		}
		assert.InDelta(t, set[k].ChargeKW, s.ChargeKW[0][t0], 1e-9, "charge at %s", qaAt(k))
		assert.InDelta(t, set[k].DischargeKW, s.DischargeKW[0][t0], 1e-9, "discharge at %s", qaAt(k))
		assert.InDelta(t, set[k].EndSoCKWh, s.SoCKWh[0][t0], 1e-9, "state of charge at %s", qaAt(k))
	}
	require.Positive(t, surprised, "the data must surprise the forecasts, or the test proves nothing")

	r, err := c.Ledger()
	require.NoError(t, err)
	e := r.Energy
	assert.InDelta(t, efficiencyLossesKWh(bat, s, 0, s.Len), e.BatteryLosses, 1e-6, "losses are the efficiencies'")
	assert.InDelta(t, 0, e.SoCCorrection, 1e-9, "every measured state was reachable")
	assert.InDelta(t, e.Served+e.BatteryLosses+e.StoredChange-e.SoCCorrection, e.Consumption, 1e-6)
}

// A measured state of charge the battery's power limits cannot reach (the
// battery management system recalibrated) settles the flows at the limit
// and counts the rest as a correction of stored energy: not losses, not
// consumption.
func TestUnreachableMeasuredSoCIsACorrection(t *testing.T) {
	p := qaPark()
	c, err := live.New(p, live.DefaultConfig(qaStart, time.Hour))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	rng := rand.New(rand.NewPCG(5, 7))
	for k := range 48 {
		_, err := c.Measure(qaMeas(k, rng))
		require.NoError(t, err)
	}
	d, err := c.Step(qaAt(48))
	require.NoError(t, err)
	start := d.Batteries[0].StartSoCKWh
	bat := p.Batteries[0]
	// 400 kWh more in one hour: 300 kW × 0.92 = 276 kWh at most.
	m := qaMeas(48, rng)
	m.SoCKWh = map[string]float64{"Batt": start + 400}
	_, err = c.Measure(m)
	require.NoError(t, err)
	_, err = c.Step(qaAt(49))
	require.NoError(t, err)
	s, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, 1, s.Len)
	assert.InDelta(t, bat.MaxChargeKW, s.ChargeKW[0][0], 1e-9, "the flows at the limit")
	assert.Zero(t, s.DischargeKW[0][0])
	// The balance: the charge came from the bus.
	assert.InDelta(t, 0, s.BalanceErrorKW(0), 1e-9)

	_, err = c.Measure(qaMeas(49, rng))
	require.NoError(t, err)
	_, err = c.Step(qaAt(50)) // settles interval 49 from the measured 48's end
	require.NoError(t, err)
	r, err := c.Ledger()
	require.NoError(t, err)
	e := r.Energy
	s, err = c.Settled()
	require.NoError(t, err)
	assert.InDelta(t, 400-bat.MaxChargeKW*bat.ChargeEfficiency, e.SoCCorrection, 1e-9, "what the limits cannot explain")
	assert.InDelta(t, efficiencyLossesKWh(bat, s, 0, s.Len), e.BatteryLosses, 1e-9, "losses are the efficiencies' still")
	assert.InDelta(t, e.Served+e.BatteryLosses+e.StoredChange-e.SoCCorrection, e.Consumption, 1e-6)
	assert.InDelta(t, 400-bat.MaxChargeKW*bat.ChargeEfficiency, c.Metrics().Batteries[0].DriftKWh, 1e-9,
		"the drift is the measured state minus the settled one")
}
