package results_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// A margin-search round judges each stage planned for: it holds when it
// has a design and every check of it holds, its worst check the least
// margin of them, named by run; out of reach, or missing over the full
// series, it does not hold.
func TestMarginRoundOf(t *testing.T) {
	rm := sampleRoadmap() // low-carbon checked (rolling horizon −3.93 %), near-zero out of reach
	reached := results.Reached(rm)
	assert.Equal(t, []string{string(dispatch.LowCarbon)}, reached)

	r := results.MarginRoundOf(rm, reached)
	assert.Equal(t, 0.1, r.Margin)
	assert.Equal(t, 1.25, r.SolveSeconds)
	require.Len(t, r.Stages, 1)
	assert.Equal(t, results.StageRound{Stage: "low-carbon", WorstCheckMargin: -0.0393, WorstCheck: "the rolling horizon with forecasts"}, r.Stages[0])
	assert.False(t, r.Holds())

	// Every check held: the stage holds, its worst the least margin.
	rm.Rows[1].Checks[1].Holds, rm.Rows[1].Checks[1].Margin = true, 0.02
	r = results.MarginRoundOf(rm, reached)
	assert.True(t, r.Stages[0].Holds)
	assert.Equal(t, 0.02, r.Stages[0].WorstCheckMargin)
	assert.True(t, r.Holds())

	// A stage planned for and out of reach at this margin: no hold.
	r = results.MarginRoundOf(rm, []string{string(dispatch.LowCarbon), string(dispatch.NearZeroCarbon)})
	require.Len(t, r.Stages, 2)
	assert.Equal(t, results.StageRound{Stage: "near-zero-carbon", OutOfReach: true}, r.Stages[1])
	assert.False(t, r.Holds())

	// A design sized without a margin missing its stage over the full
	// series: no hold, and said (the reduction's error ends the search).
	rm.Rows[1].Full.Unreachable = "misses near-zero over the year"
	rm.Margin = 0
	r = results.MarginRoundOf(rm, reached)
	assert.False(t, r.Stages[0].Holds)
	assert.True(t, r.Stages[0].MissesOverFullSeries)
	// At a margin the miss is of the tightened limits: the checks judge
	// the stage.
	rm.Margin = 0.1
	r = results.MarginRoundOf(rm, reached)
	assert.True(t, r.Stages[0].Holds)
	assert.False(t, r.Stages[0].MissesOverFullSeries)
	rm.Rows[1].Full.Unreachable = ""

	// A design not checked (--no-check, which the search refuses) does not hold.
	rm.Rows[1].Checks = nil
	assert.False(t, results.MarginRoundOf(rm, reached).Stages[0].Holds)
	// Nothing planned for: nothing holds.
	assert.False(t, results.MarginRoundOf(rm, nil).Holds())
}

// searchRoadmap is sampleRoadmap after a search: low-carbon held without
// a margin, near-zero at 0.22 (0.21 missed), zero-carbon never (at 0.5
// out of reach).
func searchRoadmap() *results.Roadmap {
	rm := sampleRoadmap()
	rm.Margin = 0.22
	lc := func(kept bool) results.StageRound {
		return results.StageRound{Stage: "low-carbon", Holds: true, WorstCheckMargin: 0.6, WorstCheck: "perfect foresight", Kept: kept}
	}
	nz := func(m float64, kept bool) results.StageRound {
		return results.StageRound{Stage: "near-zero-carbon", Holds: m >= 0, WorstCheckMargin: m, WorstCheck: "the rolling horizon with forecasts", Kept: kept}
	}
	zc := func(m float64, kept bool) results.StageRound {
		return results.StageRound{Stage: "zero-carbon", WorstCheckMargin: m, WorstCheck: "the rolling horizon with forecasts", Kept: kept}
	}
	rm.MarginSearch = []results.MarginRound{
		{Margin: 0, Stages: []results.StageRound{lc(true), nz(-0.22, false), zc(-0.3, false)}, SolveSeconds: 0.5},
		{Margin: 0.19, Stages: []results.StageRound{lc(false), nz(-0.03, false), zc(-0.05, false)}, SolveSeconds: 0.6},
		{Margin: 0.22, Stages: []results.StageRound{lc(false), nz(0.026, true), zc(-0.01, true)}, SolveSeconds: 0.6},
		{Margin: 0.21, Stages: []results.StageRound{lc(false), nz(-0.01, false), zc(-0.02, false)}, SolveSeconds: 0.6},
		{Margin: 0.5, Stages: []results.StageRound{lc(false), nz(0.2, false), {Stage: "zero-carbon", OutOfReach: true}}},
	}
	return rm
}

// The report lists the rounds, each stage's outcome in each, marks the
// round each stage's design is from and says what was found: the least
// margin that held with the miss below it, none needed, or none held and
// why (and then no advice to add a margin by hand).
func TestWriteMarginSearch(t *testing.T) {
	rm := sampleRoadmap()
	assert.NotContains(t, roadmapText(t, rm), "Margin search")
	assert.Contains(t, roadmapText(t, rm), "plan with a larger --margin\n  (e.g. --margin")

	rm = searchRoadmap()
	out := roadmapText(t, rm)
	assert.Contains(t, out, "Margin    every stage limit tightened by 22.0 % (--margin auto: see the margin search below)")
	assert.Contains(t, out, "Margin search (--margin auto)")
	assert.Contains(t, out, "(* the round each stage's design is from: the least margin at which it held, or the closest)",
		"zero-carbon's design is from a round in which it missed (QA S, session 37)")
	assert.Regexp(t, `round\s+margin\s+low-carbon\s+near-zero-carbon\s+zero-carbon\s+solver \(s\)`, out)
	assert.Regexp(t, `1\s+0\s+holds \+60\.0 % \*\s+misses -22\.0 %\s+misses -30\.0 %\s+0\.5`, out)
	assert.Regexp(t, `3\s+0\.22\s+holds \+60\.0 %\s+holds \+2\.6 % \*\s+misses -1\.0 % \*\s+0\.6`, out)
	assert.Regexp(t, `5\s+0\.5\s+holds \+60\.0 %\s+holds \+20\.0 %\s+out of reach\s+0\.0`, out)
	assert.Contains(t, out, "low-carbon: holds without a margin")
	assert.Contains(t, out, "near-zero-carbon: held at 0.22, the least margin found (at 0.21 it missed)")
	assert.Contains(t, out, "zero-carbon: no margin tried held it; its design is round 3's, the closest.\n    The search stopped below the least margin that put it out of reach.")
	assert.Contains(t, out, "Holding need not be monotone in the margin")
	assert.NotContains(t, out, "A design that fails in operation was sized", "a search was made: no advice to make one by hand")
	assert.Contains(t, out, "--margin auto found no margin at which a design that fails here holds")

	// Stages sized at margins of their own, zero-carbon's from a round in
	// which it missed: the heading does not call them all held.
	m0, m22 := 0.0, 0.22
	rm.Rows = []results.RoadmapRow{rm.Rows[0], {Target: "low-carbon", SizedMargin: &m0}, {Target: "near-zero-carbon", SizedMargin: &m22},
		{Target: "zero-carbon", SizedMargin: &m22}}
	assert.Contains(t, roadmapText(t, rm), "Margin    each stage's limits tightened by the least margin at which its design held, or where no margin tried\n"+
		"          held it the closest (--margin auto: see the margin search below): low-carbon 0.0 %, near-zero-carbon 22.0 %, zero-carbon 22.0 %")

	// Stages sized at margins of their own: the heading lists them.
	rm.Rows[1].SizedMargin = &m0
	rm.Rows = append(rm.Rows[:2], results.RoadmapRow{Target: "near-zero-carbon", SizedMargin: &m22})
	assert.Contains(t, roadmapText(t, rm), "Margin    each stage's limits tightened by the least margin at which its design held (--margin auto: see the\n"+
		"          margin search below): low-carbon 0.0 %, near-zero-carbon 22.0 %")

	// No margin needed.
	rm = searchRoadmap()
	rm.Margin, rm.MarginSearch = 0, rm.MarginSearch[:1]
	rm.MarginSearch[0].Stages = rm.MarginSearch[0].Stages[:1]
	out = roadmapText(t, rm)
	assert.Contains(t, out, "low-carbon: holds without a margin")
	assert.NotContains(t, out, "Holding need not be monotone")

	// Nothing reached: nothing to search for.
	rm.MarginSearch[0].Stages = nil
	assert.Contains(t, roadmapText(t, rm), "no stage has a design without a margin, so there is nothing to search for")
}

// A stage no round held says why its search stopped.
func TestMarginSearchWhyStopped(t *testing.T) {
	st := func(worst float64, kept bool) results.StageRound {
		return results.StageRound{Stage: "near-zero-carbon", WorstCheckMargin: worst, WorstCheck: "perfect foresight", Kept: kept}
	}
	for _, c := range []struct {
		rounds []results.MarginRound
		want   string
	}{
		{[]results.MarginRound{{Margin: 0, Stages: []results.StageRound{{Stage: "near-zero-carbon", WorstCheckMargin: -0.2, MissesOverFullSeries: true, Kept: true}}}},
			"no margin tried held it; its design is round 1's, the closest.\n    The search stopped where its design of the reduced model missed the stage over the full series"},
		{[]results.MarginRound{{Margin: 0, Stages: []results.StageRound{st(-50, false)}}, {Margin: results.MaxMargin, Stages: []results.StageRound{st(-0.5, true)}}},
			"no margin tried held it; its design is round 2's, the closest.\n    The search stopped at the largest margin, 0.9."},
		{[]results.MarginRound{{Margin: 0, Stages: []results.StageRound{st(-0.5, false)}}, {Margin: 0.1, Stages: []results.StageRound{st(-0.4, true)}}},
			"no margin tried held it; its design is round 2's, the closest.\n    The search stopped after 2 rounds."},
	} {
		rm := sampleRoadmap()
		rm.MarginSearch = c.rounds
		assert.Contains(t, roadmapText(t, rm), "near-zero-carbon: "+c.want)
	}
}

// With one margin for all (a pathway, --staged), a stage that held below
// the round kept is not said to be held at "the least margin found" there
// (QA S, session 37).
func TestMarginSearchOneMarginForAll(t *testing.T) {
	st := func(stage string, holds, kept bool) results.StageRound {
		return results.StageRound{Stage: stage, Holds: holds, WorstCheckMargin: map[bool]float64{true: 0.01, false: -0.01}[holds],
			WorstCheck: "the rolling horizon with forecasts", Kept: kept}
	}
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2024, Margin: 0.14, MarginSearch: []results.MarginRound{
		{Margin: 0, Stages: []results.StageRound{st("2027 near-zero-carbon", false, false), st("2030 near-zero-carbon", false, false)}},
		{Margin: 0.13, Stages: []results.StageRound{st("2027 near-zero-carbon", true, false), st("2030 near-zero-carbon", false, false)}},
		{Margin: 0.14, Stages: []results.StageRound{st("2027 near-zero-carbon", true, true), st("2030 near-zero-carbon", true, true)}},
	}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayTable(&b, pw))
	out := b.String()
	assert.Contains(t, out, "2027 near-zero-carbon: held at 0.14 (at 0.13 too: one margin for all, the least at which every one held)")
	assert.NotContains(t, out, "2027 near-zero-carbon: held at 0.14, the least margin found")
	assert.Contains(t, out, "2030 near-zero-carbon: held at 0.14, the least margin found (at 0.13 it missed)")
}

// roadmap.json keeps the search's rounds and each design's own margin.
func TestMarginSearchJSONRoundTrip(t *testing.T) {
	rm := searchRoadmap()
	m := 0.0
	rm.Rows[1].SizedMargin = &m
	checkRoadmapJSONRoundTrip(t, rm)
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.Contains(t, b.String(), `"sized_margin_fraction": 0`)
	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, sampleRoadmap()))
	assert.NotContains(t, b.String(), "margin_search", "absent without a search")
	assert.NotContains(t, b.String(), "sized_margin")
}

// A pathway's milestones are judged as a roadmap's stages, named by year
// and target; one past the first out of reach is out of reach too.
func TestPathwayMarginRoundOf(t *testing.T) {
	held := []results.OperationCheck{{Policy: dispatch.Perfect, Holds: true, Margin: 0.2}, {Policy: dispatch.RollingHorizon, Holds: true, Margin: 0.01}}
	missed := []results.OperationCheck{{Policy: dispatch.Perfect, Holds: true, Margin: 0.2}, {Policy: dispatch.RollingHorizon, Margin: -0.03}}
	pw := &results.Pathway{Margin: 0.1, Rows: []results.PathwayRow{
		{Year: 2027, Target: dispatch.LowCarbon, Checks: held},
		{Year: 2030, Target: dispatch.NearZeroCarbon, Checks: missed},
	}}
	reached := results.PathwayReached(pw)
	assert.Equal(t, []string{"2027 low-carbon", "2030 near-zero-carbon"}, reached)
	r := results.PathwayMarginRoundOf(pw, reached)
	assert.Equal(t, 0.1, r.Margin)
	assert.Equal(t, []results.StageRound{
		{Stage: "2027 low-carbon", Holds: true, WorstCheckMargin: 0.01, WorstCheck: "the rolling horizon with forecasts"},
		{Stage: "2030 near-zero-carbon", WorstCheckMargin: -0.03, WorstCheck: "the rolling horizon with forecasts"},
	}, r.Stages)
	// At a larger margin the second milestone is out of reach, and the
	// pathway stops there.
	pw.Rows[1] = results.PathwayRow{Year: 2030, Target: dispatch.NearZeroCarbon, Unreachable: "near-zero-carbon is out of reach: …"}
	r = results.PathwayMarginRoundOf(pw, reached)
	assert.True(t, r.Stages[1].OutOfReach)
	pw.Rows = pw.Rows[:1]
	assert.True(t, results.PathwayMarginRoundOf(pw, reached).Stages[1].OutOfReach)
	assert.False(t, results.PathwayMarginRoundOf(pw, reached).Holds())
}

// No roadmap or pathway (a library caller's nil): every stage out of reach, no panic.
func TestMarginRoundOfNil(t *testing.T) {
	assert.Nil(t, results.Reached(nil))
	assert.Nil(t, results.PathwayReached(nil))
	assert.Equal(t, []results.StageRound{{Stage: "low-carbon", OutOfReach: true}}, results.MarginRoundOf(nil, []string{"low-carbon"}).Stages)
	assert.Equal(t, []results.StageRound{{Stage: "2027 low-carbon", OutOfReach: true}}, results.PathwayMarginRoundOf(nil, []string{"2027 low-carbon"}).Stages)
}

// A miss that is mostly the energy the run's storage banked is not
// advised a margin, which cannot move it, but --storage-end valued.
func TestFailAdviceStoredEnergy(t *testing.T) {
	rm := sampleRoadmap()
	rm.StorageEnd = "cyclic"
	rm.Rows[1].Checks[1].StoredShareOfMiss, rm.Rows[1].Checks[1].StoredChangeKWh = 0.8, 1200
	out := roadmapText(t, rm)
	assert.Contains(t, out, "Each miss is mostly energy the run's storage banked")
	assert.Contains(t, out, "--storage-end valued, which starts where the runs do, before adding a --margin.")
	assert.NotContains(t, out, "A design that fails in operation was sized")
	// Already valued, or a miss not of stored energy: the margin advice.
	rm.StorageEnd = "valued"
	assert.Contains(t, roadmapText(t, rm), "A design that fails in operation was sized")
	rm.StorageEnd = "cyclic"
	rm.Rows[1].Checks[1].StoredShareOfMiss = 0.2
	assert.Contains(t, roadmapText(t, rm), "A design that fails in operation was sized")
}

// A margin search whose rounds judge other stages, or keep a stage twice,
// is refused in roadmap.json, naming the key, and not printed.
func TestCheckMarginSearch(t *testing.T) {
	rm := searchRoadmap()
	require.NoError(t, results.CheckMarginSearch(rm.MarginSearch))
	uneven := searchRoadmap()
	uneven.MarginSearch[2].Stages = uneven.MarginSearch[2].Stages[:2]
	assert.ErrorContains(t, results.CheckMarginSearch(uneven.MarginSearch), "round 3 judges other stages than round 1")
	twice := searchRoadmap()
	twice.MarginSearch[1].Stages[0].Kept = true
	assert.ErrorContains(t, results.CheckMarginSearch(twice.MarginSearch), "low-carbon is kept in 2 rounds")
	assert.Contains(t, roadmapText(t, uneven), "Margin search (--margin auto): not shown: round 3 judges other stages than round 1.")
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, uneven))
	_, err := results.ReadRoadmapJSON(&b, "roadmap.json")
	var fe *results.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "margin_search", fe.Key)
}

// A pathway's rounds have no solver time (plan pathway does not tally
// it): the key is left out, not written 0 (QA K, 2026-12-05); a
// roadmap's round writes its time.
func TestMarginRoundSolveSecondsAbsent(t *testing.T) {
	pw := &results.Pathway{Margin: 0.1}
	b, err := json.Marshal(results.PathwayMarginRoundOf(pw, nil))
	require.NoError(t, err)
	assert.NotContains(t, string(b), "solve_seconds")
	b, err = json.Marshal(results.MarginRound{Margin: 0.1, SolveSeconds: 2.5})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"solve_seconds":2.5`)
}
