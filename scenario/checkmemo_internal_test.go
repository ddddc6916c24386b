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
	kept := s.checked.runs
	require.Len(t, kept, 2)
	reused, err := s.CheckOperation(zero.Park, zero.Target, cfg)
	require.NoError(t, err)
	assert.Same(t, kept[0], s.checked.runs[0], "no new runs")

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
	assert.NotSame(t, kept[0], s.checked.runs[0], "new runs for another horizon")

	// Nothing is kept for a catalogue of one's own, nor with a "provided"
	// forecast, which every run reads afresh from the series.
	own, _ := open()
	own.Policies = dispatch.Policies()
	_, err = own.CheckOperation(near.Park, near.Target, cfg)
	require.NoError(t, err)
	assert.Nil(t, own.checked.runs, "a catalogue of one's own")
	given, _ := open()
	require.NoError(t, given.SetForecasts([]ForecastChoice{{Kind: "carbon", Method: forecast.MethodProvided, Column: "cent_co2_kg_per_kwh"}}))
	_, err = given.CheckOperation(near.Park, near.Target, cfg)
	require.NoError(t, err)
	assert.Nil(t, given.checked.runs, "a provided forecast")

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
