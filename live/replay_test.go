package live_test

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
)

// Replaying measurements through the Controller, one interval at a time,
// with the default forecasters, gives dispatch.Run's schedule exactly:
// every settled value of every interval, bit for bit. Six weeks of the
// Texas demo by default (long enough for the regression to fit and refit
// and the week's seasonal terms to matter); the whole year with
// -live.year.
func TestReplayIsRun(t *testing.T) {
	sc := demo(t)
	n := 24 * 7 * 6
	if *fullYear {
		n = sc.Profiles.Len
	}
	sc = sc.Slice(0, n)
	p, prof := sc.Park, sc.Profiles
	cfg := dispatch.DefaultConfig()
	want, err := sc.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)

	c, err := live.New(p, replayConfig(p, prof, cfg))
	require.NoError(t, err)
	defer c.Close()
	decisions := replay(t, c, p, prof, 0, n)
	require.NoError(t, c.Settle())
	got, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, want.Schedule.Len, got.Len)
	assert.Equal(t, want.Schedule, got, "the settled schedule is Run's")

	ledger, err := c.Ledger()
	require.NoError(t, err)
	assert.Equal(t, want.Report.ResidualKgCO2e, ledger.ResidualKgCO2e)
	assert.Equal(t, want.Report.AdjustedResidualKgCO2e, ledger.AdjustedResidualKgCO2e)
	assert.Equal(t, want.Report.Solve.RepairedTotal(), sumRepaired(decisions))

	// The setpoints are interval 0 of the plans that made the schedule:
	// where the actual data matched the forecast, the battery did as told.
	follow := 0
	for k, d := range decisions {
		require.True(t, d.Start.Equal(prof.Start.Add(prof.Step*timeSteps(k))))
		if d.Batteries[0].ChargeKW == got.ChargeKW[0][k] && d.Batteries[0].DischargeKW == got.DischargeKW[0][k] {
			follow++
		}
	}
	assert.Greater(t, follow, n/2, "most intervals settle as planned")

	m := c.Metrics()
	for _, s := range m.Series {
		assert.Zero(t, s.Filled, s.Series)
		assert.Zero(t, s.Late+s.Duplicates, s.Series)
	}
	assert.Equal(t, n, m.Steps)
}

func sumRepaired(ds []*live.Decision) int {
	n := 0
	for _, d := range ds {
		n += d.Repaired
	}
	return n
}

// Saving the Controller mid-period and loading the file into a new
// Controller, then going on, gives the schedule of the Controller that
// never stopped: the forecasters' state (the regression's fit), the
// pending plan, the battery state and the history all come back. The
// restarted solver's first LP is solved cold, so values agree to the
// solver's tolerance (1e-12 kW measured; 1e-8 asserted), the ledger's totals to 1e-9.
func TestRestartIsSeamless(t *testing.T) {
	sc := demo(t).Slice(0, 24*7*4)
	p, prof := sc.Park, sc.Profiles
	cfg := dispatch.DefaultConfig()
	lc := replayConfig(p, prof, cfg)

	a, err := live.New(p, lc)
	require.NoError(t, err)
	defer a.Close()
	const cut = 24*16 + 7 // mid-afternoon, a regression refit behind it
	replay(t, a, p, prof, 0, cut)
	d, err := a.Step(prof.Start.Add(prof.Step * timeSteps(cut)))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "controller.state")
	require.NoError(t, a.Save(path)) // saved with the plan of cut pending
	_, err = a.Measure(measurement(p, prof, cut))
	require.NoError(t, err)

	b, err := live.Load(path, p, lc)
	require.NoError(t, err)
	defer b.Close()
	assert.Equal(t, d.Batteries, b.Last().Batteries, "the last decision comes back")
	_, err = b.Measure(measurement(p, prof, cut))
	require.NoError(t, err)

	da := replay(t, a, p, prof, cut+1, prof.Len)
	db := replay(t, b, p, prof, cut+1, prof.Len)
	require.NoError(t, a.Settle())
	require.NoError(t, b.Settle())
	for k := range da {
		for _, x := range []struct{ a, b float64 }{
			{da[k].ImportKW, db[k].ImportKW}, {da[k].Batteries[0].ChargeKW, db[k].Batteries[0].ChargeKW},
			{da[k].Batteries[0].DischargeKW, db[k].Batteries[0].DischargeKW}, {da[k].LoadKW, db[k].LoadKW},
		} {
			require.InDelta(t, x.a, x.b, 1e-8, "interval %d after the restart", cut+1+k)
		}
	}
	sa, err := a.Settled()
	require.NoError(t, err)
	sb, err := b.Settled()
	require.NoError(t, err)
	require.Equal(t, sa.Len, sb.Len)
	for k := range sa.Len {
		require.InDelta(t, sa.ImportKW[k], sb.ImportKW[k], 1e-8, "settled %d", k)
		require.InDelta(t, sa.SoCKWh[0][k], sb.SoCKWh[0][k], 1e-8, "settled %d", k)
	}
	ra, err := a.Ledger()
	require.NoError(t, err)
	rb, err := b.Ledger()
	require.NoError(t, err)
	assert.InEpsilon(t, ra.ResidualKgCO2e, rb.ResidualKgCO2e, 1e-9)
	assert.Equal(t, a.Metrics().Forecasts, b.Metrics().Forecasts, "the forecast errors carry over")
}

// Past a year without an End the clear-sky series of the default PV
// forecasters would run out; the Controller makes them again on a new
// axis first, so no forecast falls back to persistence.
func TestForecastersRenewed(t *testing.T) {
	sc := demo(t)
	p, prof := sc.Park, sc.Profiles
	c, err := live.New(p, live.DefaultConfig(prof.Start, prof.Step))
	require.NoError(t, err)
	defer c.Close()
	n := prof.Len
	from := n - 24*14
	for k := from - 24*14; k < from; k++ {
		_, err := c.Measure(measurement(p, prof, k))
		require.NoError(t, err)
	}
	for k := from; k < n+24*16; k++ {
		_, err := c.Step(prof.Start.Add(prof.Step * timeSteps(k)))
		require.NoError(t, err, "step %d", k)
		m := measurement(p, prof, k%n) // the year again, a year on
		m.Start = prof.Start.Add(prof.Step * timeSteps(k))
		_, err = c.Measure(m)
		require.NoError(t, err)
	}
	for _, f := range c.Metrics().Forecasts {
		assert.Zero(t, f.Fallbacks, f.Series)
		assert.Positive(t, f.Overall.N, f.Series)
	}
}

// The live ledger's solve statistics are those of the Steps made: one
// per decision, their solve times adding up to the decisions' own, the
// median and 99th percentile among them, the horizon in steps, and the
// same iteration count and repairs Run reports for the same replay.
func TestLedgerSolveStats(t *testing.T) {
	sc := demo(t).Slice(0, 48)
	p, prof := sc.Park, sc.Profiles
	cfg := dispatch.DefaultConfig()
	want, err := sc.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)
	c, err := live.New(p, replayConfig(p, prof, cfg))
	require.NoError(t, err)
	defer c.Close()
	decisions := replay(t, c, p, prof, 0, 48)
	ledger, err := c.Ledger()
	require.NoError(t, err)
	st := ledger.Solve
	assert.Equal(t, len(decisions), st.Steps)
	assert.Equal(t, len(decisions), st.Solves)
	totalMS, lo, hi := 0.0, math.Inf(1), 0.0
	for _, d := range decisions {
		totalMS += d.SolveMS
		lo, hi = math.Min(lo, d.SolveMS), math.Max(hi, d.SolveMS)
	}
	assert.InDelta(t, totalMS/1000, st.TotalS, 1e-9)
	assert.True(t, st.P50MS >= lo && st.P50MS <= st.P99MS && st.P99MS <= hi, "%+v in [%g, %g]", st, lo, hi)
	assert.InDelta(t, hi, st.MaxMS, 1e-9)
	assert.Equal(t, len(decisions), st.QuantileSolves, "fewer Steps than dispatch.SolveWindow: the quantiles cover them all")
	assert.Equal(t, want.Report.Solve.Iterations, st.Iterations, "the same LPs as Run's")
	assert.Equal(t, want.Report.Solve.HorizonSteps, st.HorizonSteps)
	assert.Equal(t, want.Report.Solve.Repaired, st.Repaired)
}

// The Controller holds at most its window of solve times however many
// Steps it makes (counted after every Step): the live ledger's median and
// 99th percentile are those of the last Steps' decisions (nearest rank,
// computed here from their SolveMS), and its count, total and longest
// solve are of every Step.
func TestLedgerSolveWindow(t *testing.T) {
	const window, n = 16, 60
	sc := demo(t).Slice(0, n)
	p, prof := sc.Park, sc.Profiles
	c, err := live.New(p, replayConfig(p, prof, dispatch.DefaultConfig()))
	require.NoError(t, err)
	defer c.Close()
	live.SetSolveWindow(c, window)
	var solveMS []float64
	for k := range n {
		d := replay(t, c, p, prof, k, k+1)[0]
		solveMS = append(solveMS, d.SolveMS)
		require.Equal(t, min(k+1, window), live.SolveTimesHeld(c), "after %d Steps", k+1)
	}
	ledger, err := c.Ledger()
	require.NoError(t, err)
	st := ledger.Solve
	recent := slices.Clone(solveMS[n-window:])
	slices.Sort(recent)
	assert.Equal(t, n, st.Steps)
	assert.Equal(t, n, st.Solves)
	assert.Equal(t, window, st.QuantileSolves)
	assert.InDelta(t, recent[window/2-1], st.P50MS, 1e-9, "the 8th of 16")
	assert.InDelta(t, recent[window-1], st.P99MS, 1e-9, "the 16th of 16")
	totalMS := 0.0
	for _, v := range solveMS {
		totalMS += v
	}
	assert.InDelta(t, totalMS/1000, st.TotalS, 1e-9)
	assert.InDelta(t, slices.Max(solveMS), st.MaxMS, 1e-9)
}

// A Controller with no End (zeropark serve's) forecasts on a year-long
// axis; replayed over a winter week it settles dispatch.Run's schedule of
// a 216-hour run for every interval whose horizon the run's end does not
// cut, bit for bit: the PV forecast of an hour no longer depends on the
// length of the period it was made in (QA M13: the daylight threshold was
// a tenth of the period's clear-sky peak, January's in the run and July's
// in the Controller, and the residual differed by 0.017 %).
func TestNoEndReplayIsRun(t *testing.T) {
	const n, horizon = 216, 24
	sc := demo(t).Slice(0, n)
	p, prof := sc.Park, sc.Profiles
	cfg := dispatch.DefaultConfig()
	require.Equal(t, horizon*time.Hour, cfg.Horizon)
	want, err := sc.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)

	lc := live.DefaultConfig(prof.Start, prof.Step)
	lc.Dispatch = cfg
	c, err := live.New(p, lc)
	require.NoError(t, err)
	defer c.Close()
	m := n - horizon // the last interval whose plan sees a whole horizon in the run
	replay(t, c, p, prof, 0, m)
	require.NoError(t, c.Settle())
	got, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, m, got.Len)
	for k := range m {
		require.Equal(t, want.Schedule.ImportKW[k], got.ImportKW[k], "import, interval %d", k)
		require.Equal(t, want.Schedule.ChargeKW[0][k], got.ChargeKW[0][k], "charge, interval %d", k)
		require.Equal(t, want.Schedule.DischargeKW[0][k], got.DischargeKW[0][k], "discharge, interval %d", k)
	}
}
