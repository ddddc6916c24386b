package results_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// A margin-search round holds only when every stage planned for has a
// design and every check of every design holds; its worst check is the
// least margin of them all, named by design and run.
func TestMarginRoundOf(t *testing.T) {
	rm := sampleRoadmap() // low-carbon checked (rolling horizon −3.93 %), near-zero out of reach
	reached := results.Reached(rm)
	assert.Equal(t, []string{string(dispatch.LowCarbon)}, reached)

	r := results.MarginRoundOf(rm, reached)
	assert.Equal(t, 0.1, r.Margin)
	assert.False(t, r.Holds)
	assert.Equal(t, -0.0393, r.WorstCheckMargin)
	assert.Equal(t, "low-carbon, the rolling horizon with forecasts", r.WorstCheck)
	assert.Empty(t, r.OutOfReach)
	assert.Equal(t, 1.25, r.SolveSeconds)

	// Every check held: the round holds, its worst the least margin.
	rm.Rows[1].Checks[1].Holds, rm.Rows[1].Checks[1].Margin = true, 0.02
	r = results.MarginRoundOf(rm, reached)
	assert.True(t, r.Holds)
	assert.Equal(t, 0.02, r.WorstCheckMargin)

	// A stage planned for and out of reach at this margin: no hold.
	r = results.MarginRoundOf(rm, []string{string(dispatch.LowCarbon), string(dispatch.NearZeroCarbon)})
	assert.False(t, r.Holds)
	assert.Equal(t, []string{string(dispatch.NearZeroCarbon)}, r.OutOfReach)

	// A design missing its stage over the full series: no hold, and said.
	rm.Rows[1].Full.Unreachable = "misses near-zero over the year"
	r = results.MarginRoundOf(rm, reached)
	assert.False(t, r.Holds)
	assert.True(t, r.MissesOverFullSeries)
	rm.Rows[1].Full.Unreachable = ""

	// A design not checked (--no-check, which the search refuses) does not hold.
	rm.Rows[1].Checks = nil
	assert.False(t, results.MarginRoundOf(rm, reached).Holds)
	// Nothing planned for: nothing holds.
	assert.False(t, results.MarginRoundOf(rm, nil).Holds)
}

// The report lists the rounds, marks the one printed and says what was
// found: the least margin that held with the miss below it, none needed,
// or none held (and then no advice to add a margin by hand).
func TestWriteMarginSearch(t *testing.T) {
	text := func(rm *results.Roadmap) string {
		var b bytes.Buffer
		require.NoError(t, results.WriteRoadmap(&b, rm))
		return b.String()
	}
	rm := sampleRoadmap()
	assert.NotContains(t, text(rm), "Margin search")
	assert.Contains(t, text(rm), "plan with --margin (e.g. --margin")

	rm.Margin = 0.22
	rm.MarginSearch = []results.MarginRound{
		{Margin: 0, WorstCheckMargin: -0.22, WorstCheck: "zero-carbon, the rolling horizon with forecasts", SolveSeconds: 0.5},
		{Margin: 0.19, WorstCheckMargin: -0.03, WorstCheck: "zero-carbon, the rolling horizon with forecasts", SolveSeconds: 0.6},
		{Margin: 0.22, Holds: true, WorstCheckMargin: 0.026, WorstCheck: "zero-carbon, the rolling horizon with forecasts", SolveSeconds: 0.6},
		{Margin: 0.21, WorstCheckMargin: -0.01, WorstCheck: "zero-carbon, the rolling horizon with forecasts", SolveSeconds: 0.6},
		{Margin: 0.5, OutOfReach: []string{"near-zero-carbon"}},
	}
	out := text(rm)
	assert.Contains(t, out, "Margin    every stage limit tightened by 22.0 % (--margin auto: see the margin search below)")
	assert.Contains(t, out, "Margin search (--margin auto)")
	assert.Regexp(t, `3\s+0\.22\s+yes\s+\+2\.6 %\s+zero-carbon, the rolling horizon with forecasts\s+0\.6\s+← this roadmap`, out)
	assert.Regexp(t, `1\s+0\s+no\s+-22\.0 %`, out)
	assert.Regexp(t, `5\s+0\.5\s+no: near-zero-carbon out of reach`, out)
	assert.Contains(t, out, "The least margin found at which every design holds: 0.22 (at 0.21 one missed)")
	assert.NotContains(t, out, "plan with --margin (e.g.", "a search was made: no advice to make one by hand")

	rm.Margin, rm.MarginSearch = 0, rm.MarginSearch[:1]
	rm.MarginSearch[0].Holds, rm.MarginSearch[0].WorstCheckMargin = true, 0.1
	assert.Contains(t, text(rm), "Every design holds without a margin.")

	rm.MarginSearch = []results.MarginRound{{Margin: 0, WorstCheckMargin: -0.3}, {Margin: 0.9, WorstCheckMargin: -0.01}}
	rm.Margin = 0.9
	out = text(rm)
	assert.Contains(t, out, "No margin tried held every design: this roadmap is the round that came closest.")
	assert.Contains(t, out, "--margin auto found no margin at which every design holds")
	assert.NotContains(t, out, "plan with --margin (e.g.")
}

// roadmap.json keeps the search's rounds.
func TestMarginSearchJSONRoundTrip(t *testing.T) {
	rm := sampleRoadmap()
	rm.MarginSearch = []results.MarginRound{
		{Margin: 0, WorstCheckMargin: -0.22, WorstCheck: "near-zero-carbon, perfect foresight", SolveSeconds: 0.5},
		{Margin: 0.1, Holds: true, WorstCheckMargin: 0.01, WorstCheck: "low-carbon, the rolling horizon with forecasts", OutOfReach: nil, SolveSeconds: 0.25},
		{Margin: 0.3, OutOfReach: []string{"near-zero-carbon"}, MissesOverFullSeries: true},
	}
	checkRoadmapJSONRoundTrip(t, rm)
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, sampleRoadmap()))
	assert.NotContains(t, b.String(), "margin_search", "absent without a search")
}

// A search in which no round held says why it stopped.
func TestMarginSearchWhyStopped(t *testing.T) {
	for _, c := range []struct {
		rounds []results.MarginRound
		want   string
	}{
		{[]results.MarginRound{{Margin: 0, WorstCheckMargin: -0.2, MissesOverFullSeries: true}},
			"The search stopped at\n  round 1: a design of the reduced model misses its stage over the full series"},
		{[]results.MarginRound{{Margin: 0, WorstCheckMargin: -0.5}, {Margin: 0.4, OutOfReach: []string{"near-zero-carbon"}}, {Margin: 0.39, WorstCheckMargin: -0.1}},
			"The search stopped\n  below the least margin that put a stage out of reach."},
		{[]results.MarginRound{{Margin: 0, WorstCheckMargin: -50}, {Margin: results.MaxMargin, WorstCheckMargin: -0.5}},
			"The search stopped\n  at the largest margin, 0.9."},
		{[]results.MarginRound{{Margin: 0, WorstCheckMargin: -0.5}, {Margin: 0.1, WorstCheckMargin: -0.4}},
			"The search stopped\n  after 2 rounds."},
	} {
		rm := sampleRoadmap()
		rm.MarginSearch = c.rounds
		var b bytes.Buffer
		require.NoError(t, results.WriteRoadmap(&b, rm))
		assert.Contains(t, b.String(), "No margin tried held every design: this roadmap is the round that came closest. "+c.want)
	}
}
