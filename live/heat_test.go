package live_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/scenario"
)

var (
	heatOnce sync.Once
	heatSc   *scenario.Scenario
	heatErr  error
)

// heatDemo is the greensboro-heat demo (hourly, a park with heat loads, a
// heat pump on a temperature column, boilers and a thermal store),
// loaded once.
func heatDemo(t testing.TB) *scenario.Scenario {
	t.Helper()
	heatOnce.Do(func() { heatSc, heatErr = scenario.Demo("greensboro-heat") })
	require.NoError(t, heatErr)
	return heatSc
}

// heatMeasurement is interval t of the scenario as the park's meters
// report it: measurement's electricity side and every heat load (kW_th).
// The heat pumps' source temperatures are sent ahead (see tempAhead).
func heatMeasurement(sc *scenario.Scenario, t int) live.Measurement {
	p, prof := sc.Park, sc.Profiles
	m := measurement(p, prof, t)
	m.HeatLoadKWTh = map[string]float64{}
	for i, h := range p.HeatLoads {
		m.HeatLoadKWTh[h.Name] = prof.HeatLoadKWTh[i][t]
	}
	return m
}

// tempAhead is the heat pumps' source temperature of interval t (from the
// series file's temperature column, as model.Resolve reads it): a weather
// forecast sent before the interval is planned, as a published price is.
func tempAhead(sc *scenario.Scenario, t int) live.Measurement {
	m := live.Measurement{Start: sc.Profiles.Start.Add(time.Duration(t) * sc.Profiles.Step), HeatPumpSourceTempC: map[string]float64{}}
	for _, h := range sc.Park.HeatPumps {
		m.HeatPumpSourceTempC[h.Name] = sc.Series.Columns[h.COPModel.TempColumn][t]
	}
	return m
}

// heatReplay steps c through intervals [from, to) of sc: before the Step
// of k the temperatures of [k, k+H) are there (those of the first window
// sent before from), after it interval k is measured.
func heatReplay(t testing.TB, c *live.Controller, sc *scenario.Scenario, from, to, horizon int) []*live.Decision {
	t.Helper()
	prof := sc.Profiles
	var out []*live.Decision
	for k := from; k < to; k++ {
		if ahead := k + horizon - 1; ahead < prof.Len && k > from {
			_, err := c.Measure(tempAhead(sc, ahead))
			require.NoError(t, err, "temperature %d", ahead)
		}
		d, err := c.Step(prof.Start.Add(time.Duration(k) * prof.Step))
		require.NoError(t, err, "step %d", k)
		out = append(out, d)
		_, err = c.Measure(heatMeasurement(sc, k))
		require.NoError(t, err, "measure %d", k)
	}
	return out
}

// sendFirstWindow sends the temperatures of [from, from+H).
func sendFirstWindow(t testing.TB, c *live.Controller, sc *scenario.Scenario, from, horizon int) {
	t.Helper()
	for k := from; k < min(from+horizon, sc.Profiles.Len); k++ {
		_, err := c.Measure(tempAhead(sc, k))
		require.NoError(t, err)
	}
}

// Replaying two weeks of the greensboro-heat demo through the Controller
// — heat loads measured, the heat pump's source temperature sent a
// horizon ahead — gives dispatch.Run's schedule exactly, heat side
// included (every heat source, the store, the fuel and its carbon), and
// the ledger's heat residual.
func TestHeatReplayIsRun(t *testing.T) {
	sc := heatDemo(t).Slice(0, 24*14)
	p, prof := sc.Park, sc.Profiles
	cfg := dispatch.DefaultConfig()
	want, err := sc.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)
	require.NotNil(t, want.Report.Heat)

	c, err := live.New(p, replayConfig(p, prof, cfg))
	require.NoError(t, err)
	defer c.Close()
	steps, err := dispatch.HorizonSteps(cfg.Horizon, prof.Step)
	require.NoError(t, err)
	sendFirstWindow(t, c, sc, 0, steps)
	decisions := heatReplay(t, c, sc, 0, prof.Len, steps)
	require.NoError(t, c.Settle())
	got, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, want.Schedule.Len, got.Len)
	assert.Equal(t, want.Schedule, got, "the settled schedule is Run's")

	ledger, err := c.Ledger()
	require.NoError(t, err)
	require.NotNil(t, ledger.Heat)
	assert.Equal(t, want.Report.ResidualKgCO2e, ledger.ResidualKgCO2e)
	assert.Equal(t, *want.Report.Heat, *ledger.Heat)

	// The setpoints are interval 0 of the plans: every heat source, the
	// store and the balance of heat (sources + discharge = load + charge
	// + nothing unserved, to the solver's tolerance).
	for k, d := range decisions {
		require.NotNil(t, d.Heat, "decision %d", k)
		h := d.Heat
		require.Len(t, h.HeatPumps, len(p.HeatPumps))
		require.Len(t, h.ThermalStores, len(p.ThermalStorage))
		supply := h.UnservedKWTh
		for _, x := range h.HeatPumps {
			supply += x.HeatKWTh
			assert.InDelta(t, x.HeatKWTh, x.ElectricKW*x.COP, 1e-6, "heat pump: heat = COP × electricity")
			assert.Equal(t, want.Schedule.HeatPumpCOP[0][k], x.COP, "the COP of the measured temperature, as Resolve computes it")
		}
		for _, x := range h.ElectricBoilers {
			supply += x.HeatKWTh
		}
		for _, x := range h.FuelBoilers {
			supply += x.HeatKWTh
		}
		for _, x := range h.ThermalStores {
			supply += x.DischargeKWTh - x.ChargeKWTh
		}
		assert.InDelta(t, h.LoadKWTh, supply, 1e-6, "decision %d: heat balance", k)
	}
	m := c.Metrics()
	for _, s := range m.Series {
		assert.Zero(t, s.Filled, s.Series)
		assert.Zero(t, s.Late+s.Duplicates, s.Series)
	}
	require.Len(t, m.ThermalStores, 1)
	var heatForecasts int
	for _, f := range m.Forecasts {
		if f.Unit == "kW_th" {
			heatForecasts++
			assert.Positive(t, f.Overall.N, f.Series)
		}
	}
	assert.Equal(t, len(p.HeatLoads), heatForecasts, "every heat load is forecast and scored")
}
