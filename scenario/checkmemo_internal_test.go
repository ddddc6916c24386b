package scenario

import (
	"bytes"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// A roadmap's zero-carbon design that is near-zero's plus the offsets it
// buys is judged on near-zero's runs, accounted again with its market:
// the same checks, field for field, as a scenario that runs it afresh;
// and no second pair of runs (the kept runs are still near-zero's). A
// design with other capacities, or another configuration, runs anew.
func TestCheckOperationReusesRunsAcrossMarkets(t *testing.T) {
	open := func() (*Scenario, dispatch.Config) {
		s, cfg, err := Open(Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 168})
		require.NoError(t, err)
		return s, cfg
	}
	s, cfg := open()
	m, err := plan.New(s.Park, s.Series, PlanOptions(cfg))
	require.NoError(t, err)
	rm, err := m.Roadmap()
	m.Close()
	require.NoError(t, err)
	near, zero := rm.Stages[1], rm.Stages[2]
	require.NotNil(t, near)
	require.NotNil(t, zero)
	kn, err := marketFree(near.Park)
	require.NoError(t, err)
	kz, err := marketFree(zero.Park)
	require.NoError(t, err)
	require.True(t, bytes.Equal(kn, kz), "the fixture's zero-carbon design is near-zero's plus offsets")
	require.NotEqual(t, near.Park.Market, zero.Park.Market, "their markets differ (the offsets bought)")

	_, err = s.CheckOperation(near.Park, near.Target, cfg)
	require.NoError(t, err)
	kept := s.checked.last()
	require.Len(t, kept, 2)
	reused, err := s.CheckOperation(zero.Park, zero.Target, cfg)
	require.NoError(t, err)
	assert.Same(t, kept[0], s.checked.last()[0], "no new runs")

	// The same checks as runs of its own park (whose PV differs in the
	// last bits): every figure to 1e-9, the words alike.
	fresh, _ := open()
	direct, err := fresh.CheckOperation(zero.Park, zero.Target, cfg)
	require.NoError(t, err)
	require.Len(t, reused, len(direct))
	for i := range direct {
		a, b := direct[i], reused[i]
		near := func(x, y float64, what string) {
			assert.InDelta(t, x, y, 1e-9*math.Max(1, math.Abs(x)), "%s: %s", a.Policy, what)
		}
		near(a.Margin, b.Margin, "margin")
		near(a.Value, b.Value, "value")
		near(a.ResidualTCO2e, b.ResidualTCO2e, "residual")
		near(a.OffsetsNeededTCO2e, b.OffsetsNeededTCO2e, "offsets needed")
		near(a.StoredChangeKWh, b.StoredChangeKWh, "stored change")
		require.NotNil(t, b.OperatingCostPerYear)
		near(*a.OperatingCostPerYear, *b.OperatingCostPerYear, "operating cost")
		a.Margin, a.Value, a.ResidualTCO2e, a.OffsetsNeededTCO2e, a.StoredChangeKWh, a.OperatingCostPerYear = b.Margin, b.Value, b.ResidualTCO2e, b.OffsetsNeededTCO2e, b.StoredChangeKWh, b.OperatingCostPerYear
		assert.Equal(t, a, b, "the rest alike")
	}
	assert.Equal(t, dispatch.ZeroCarbon, reused[0].Stage, "perfect foresight holds zero-carbon with the offsets bought")

	// Another configuration runs anew.
	other := cfg
	other.Horizon = 12 * time.Hour
	_, err = s.CheckOperation(zero.Park, zero.Target, other)
	require.NoError(t, err)
	assert.NotSame(t, kept[0], s.checked.last()[0], "new runs for another horizon")

	// Nothing is kept for a catalogue of one's own, nor with a "provided"
	// forecast, which every run reads afresh from the series.
	own, _ := open()
	own.Policies = dispatch.Policies()
	_, err = own.CheckOperation(near.Park, near.Target, cfg)
	require.NoError(t, err)
	assert.Nil(t, own.checked.last(), "a catalogue of one's own")
	given, _ := open()
	require.NoError(t, given.SetForecasts([]ForecastChoice{{Kind: "carbon", Method: forecast.MethodProvided, Column: "cent_co2_kg_per_kwh"}}))
	_, err = given.CheckOperation(near.Park, near.Target, cfg)
	require.NoError(t, err)
	assert.Nil(t, given.checked.last(), "a provided forecast")

	// Calls from several goroutines (a library's) share the memo safely
	// (go test -race) and each gets its design's checks.
	var wg sync.WaitGroup
	got := make([][]results.OperationCheck, 4)
	for i := range got {
		wg.Go(func() {
			d := near
			if i%2 == 1 {
				d = zero
			}
			got[i], _ = s.CheckOperation(d.Park, d.Target, cfg)
		})
	}
	wg.Wait()
	for i, g := range got {
		require.Len(t, g, 2, "call %d", i)
		want := near.Target
		if i%2 == 1 {
			want = zero.Target
		}
		assert.Equal(t, want == dispatch.ZeroCarbon, g[0].Stage == dispatch.ZeroCarbon, "call %d: %s", i, g[0].Stage)
	}
}

// last is the most recent runs kept, nil when none.
func (m *checkMemo) last() []*dispatch.Result {
	if len(m.kept) == 0 {
		return nil
	}
	return m.kept[len(m.kept)-1].runs
}

// The memo keeps the last checkMemoSize design parks, the least recently
// used going first: a margin search checks the stages again each round,
// and a stage whose design did not move (low-carbon on the demo) is
// judged on the runs kept from the round before.
func TestCheckOperationKeepsTheLastParks(t *testing.T) {
	s, cfg, err := Open(Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 168})
	require.NoError(t, err)
	designs := func(margin float64) []*plan.Design {
		o := PlanOptions(cfg)
		o.Margin = margin
		m, err := plan.New(s.Park, s.Series, o)
		require.NoError(t, err)
		defer m.Close()
		rm, err := m.Roadmap()
		require.NoError(t, err)
		for _, d := range rm.Stages {
			require.NotNil(t, d)
		}
		return rm.Stages
	}
	check := func(d *plan.Design) []*dispatch.Result {
		_, err := s.CheckOperation(d.Park, d.Target, cfg)
		require.NoError(t, err)
		return s.checked.last()
	}
	first := designs(0)
	low := check(first[0])
	near := check(first[1])
	check(first[2]) // near-zero's plus offsets: its runs, most recent again
	require.Len(t, s.checked.kept, 2, "zero-carbon shares near-zero's runs")
	// A round at a margin: low-carbon's design is the same (no limit of
	// its binds on the demo), near-zero's another.
	again := designs(0.2)
	assert.Same(t, low[0], check(again[0])[0], "low-carbon's runs kept from the round before")
	moved := check(again[1])
	assert.NotSame(t, near[0], moved[0], "near-zero's design moved: new runs")
	assert.Len(t, s.checked.kept, 3)
	// A fourth park pushes out the least recently used: the first
	// near-zero's.
	check(designs(0.3)[1])
	require.Len(t, s.checked.kept, checkMemoSize)
	for _, e := range s.checked.kept {
		assert.NotSame(t, near[0], e.runs[0], "the least recently used went")
	}
	assert.Same(t, low[0], check(again[0])[0], "low-carbon's, used since, stayed")
}
