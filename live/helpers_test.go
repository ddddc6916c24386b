package live_test

import (
	"flag"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// -live.year replays the whole demo year (a minute or so) instead of a
// few weeks.
var fullYear = flag.Bool("live.year", false, "replay the whole demo year through the Controller")

var (
	demoOnce sync.Once
	demoSc   *scenario.Scenario
	demoErr  error
)

// demo is the Texas demo (hourly), loaded once.
func demo(t testing.TB) *scenario.Scenario {
	t.Helper()
	demoOnce.Do(func() { demoSc, demoErr = scenario.Demo("texas2012") })
	require.NoError(t, demoErr)
	return demoSc
}

// measurement is interval t of prof as a park's meters would report it:
// every load, every PV array's and turbine's available power, and the
// dispatch signal (the demo's is a column; its prices are constants).
func measurement(p *model.Park, prof *model.Profiles, t int) live.Measurement {
	m := live.Measurement{Start: prof.Start.Add(time.Duration(t) * prof.Step),
		LoadKW: map[string]float64{}, PVAvailableKW: map[string]float64{}, WindAvailableKW: map[string]float64{},
		DispatchKgCO2ePerKWh: live.Value(prof.DispatchKgCO2ePerKWh[t])}
	for i, l := range p.Loads {
		m.LoadKW[l.Name] = prof.LoadKW[i][t]
	}
	for i, a := range p.PV {
		m.PVAvailableKW[a.Name] = prof.PVAvailKW[i][t]
	}
	for j, w := range p.Wind {
		m.WindAvailableKW[w.Name] = prof.WindAvailKW[j][t]
	}
	return m
}

// replayConfig is the Controller configuration that replays prof as
// dispatch.Run runs it with cfg.
func replayConfig(p *model.Park, prof *model.Profiles, cfg dispatch.Config) live.Config {
	lc := live.DefaultConfig(prof.Start, prof.Step)
	lc.Dispatch = cfg
	lc.End = prof.Start.Add(time.Duration(prof.Len) * prof.Step)
	lc.EndValues = dispatch.StudyEndValues(p, prof, cfg)
	return lc
}

// replay steps c through intervals [from, to) of prof, measuring each
// after its Step, and returns the decisions.
func replay(t testing.TB, c *live.Controller, p *model.Park, prof *model.Profiles, from, to int) []*live.Decision {
	t.Helper()
	var out []*live.Decision
	for k := from; k < to; k++ {
		d, err := c.Step(prof.Start.Add(time.Duration(k) * prof.Step))
		require.NoError(t, err, "step %d", k)
		out = append(out, d)
		_, err = c.Measure(measurement(p, prof, k))
		require.NoError(t, err, "measure %d", k)
	}
	return out
}

// timeSteps is k as a multiplier of a step.
func timeSteps(k int) time.Duration { return time.Duration(k) }
