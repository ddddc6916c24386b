package scenario

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// missed, held and lost are margin-search trials.
func missed(m, worst float64) trial { return trial{margin: m, worst: worst} }
func held(m, worst float64) trial   { return trial{margin: m, holds: true, worst: worst} }
func lost(m float64) trial          { return trial{margin: m, lost: true} }

func TestNextMargin(t *testing.T) {
	for _, c := range []struct {
		name   string
		rounds []trial
		want   float64 // −1: the search is over
	}{
		{"first", nil, 0},
		{"held without a margin", []trial{held(0, 0.05)}, -1},
		// 1 − 1/1.22 = 0.1803 → 0.19 (rounded up to the step).
		{"first order", []trial{missed(0, -0.22)}, 0.19},
		// 1 − 0.81/1.03 = 0.2136 → 0.22.
		{"first order from a margin", []trial{missed(0, -0.22), missed(0.19, -0.03)}, 0.22},
		// 0.19 + 0.03 × 3/5.6 = 0.2061 → 0.21.
		{"between", []trial{missed(0, -0.22), missed(0.19, -0.03), held(0.22, 0.026)}, 0.21},
		{"a step apart", []trial{missed(0, -0.22), missed(0.19, -0.03), held(0.22, 0.026), missed(0.21, -0.01)}, -1},
		// The line crosses 0 just above lo: at least a step above it.
		{"at least a step", []trial{missed(0.1, -0.0001), held(0.3, 0.2)}, 0.11},
		// The line crosses 0 just below hi: a step below it at most.
		{"below hi", []trial{missed(0.1, -0.5), held(0.13, 0.0001)}, 0.12},
		// A miss by a hair still moves by a step.
		{"a hair", []trial{missed(0, -1e-9)}, 0.01},
		// A miss reported with a positive worst check (not checked) moves a step.
		{"no negative check", []trial{missed(0, 0.1)}, 0.01},
		// No line to follow (the held round's worst no better): halfway.
		{"degenerate line", []trial{missed(0, -0.2), held(0.3, -0.25)}, 0.15},
		{"capped by a lost stage", []trial{missed(0, -0.5), lost(0.3)}, 0.29},
		{"nothing between lo and a lost stage", []trial{missed(0, -0.5), lost(0.3), missed(0.29, -0.1)}, -1},
		{"at most MaxMargin", []trial{missed(0, -50)}, plan.MaxMargin},
		// From 0.68 at −3 %: 1 − 0.32/1.03 = 0.6893 → 0.69, the decimal (69 ×
		// 0.01 is 0.6900000000000001).
		{"a decimal", []trial{missed(0.68, -0.03)}, 0.69},
		{"MaxMargin missed", []trial{missed(0, -50), missed(plan.MaxMargin, -0.5)}, -1},
		{"reduction misses", []trial{{margin: 0, worst: -0.2, reducedMiss: true}}, -1},
		// Not monotone: a miss above the least that held is not lo.
		// 0.2 × 0.3/0.35 = 0.1714 → 0.18, on the line through 0 and 0.2.
		{"miss above held", []trial{missed(0, -0.3), held(0.2, 0.05), missed(0.25, -0.01)}, 0.18},
		// Two held in a row: the line's lower end has stalled, halfway
		// (0.095 → 0.1), not the line's 0.19 × 0.469/0.667 = 0.1336 → 0.14
		// (QA s38 F4: a design crossing the large-park line at 0; the
		// rounds ran out at 0.07 where 0.01 held). Likewise two misses.
		{"two held", []trial{missed(0, -0.469), held(0.32, 0.325), held(0.19, 0.198)}, 0.1},
		// 0.25 and 0.4: 0.325 → 0.33, not the line's 0.2714 → 0.28.
		{"two missed", []trial{missed(0, -0.3), held(0.4, 0.3), missed(0.2, -0.1), missed(0.25, -0.05)}, 0.33},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := nextMargin(c.rounds)
			if c.want < 0 {
				assert.False(t, ok, "the search should be over, got %v", got)
				return
			}
			require.True(t, ok)
			assert.InDelta(t, c.want, got, 1e-12)
			assert.Equal(t, got, math.Round(100*got)/100, "on the grid of 0.01")
		})
	}
	// However the checks fall, the search ends within its rounds.
	ts := []trial{}
	for {
		m, ok := nextMargin(ts)
		if !ok {
			break
		}
		ts = append(ts, missed(m, -0.001))
	}
	assert.LessOrEqual(t, len(ts), MarginRounds)

	// The large-park case of QA s38 F4 (worst check −46.9 % at 0, then
	// the margin's own room above it: the park at margin m holds by about
	// m + 0.5 %), searched to the end: the least margin held is 0.01, as
	// planning at 0.01 by hand found, within the rounds.
	ts = nil
	for {
		m, ok := nextMargin(ts)
		if !ok {
			break
		}
		if m == 0 {
			ts = append(ts, missed(0, -0.469))
		} else {
			ts = append(ts, held(m, m+0.005))
		}
	}
	require.LessOrEqual(t, len(ts), MarginRounds)
	assert.InDelta(t, 0.01, ts[keptTrial(ts)].margin, 1e-12, "%v", ts)
}

// The trial kept: the least margin that held, else the closest miss
// neither out of reach nor missing over the full series.
func TestKeptTrial(t *testing.T) {
	assert.Equal(t, 2, keptTrial([]trial{missed(0, -0.2), held(0.3, 0.1), held(0.2, 0.01), missed(0.19, -0.01)}))
	assert.Equal(t, 1, keptTrial([]trial{missed(0, -0.2), missed(0.2, -0.05), lost(0.3)}))
	assert.Equal(t, 0, keptTrial([]trial{{margin: 0, worst: -0.2}, {margin: 0.1, worst: -0.01, reducedMiss: true}}))
}

// NextMargin asks for the least margin any stage's search wants, and
// stops when every stage's is over; staged, one search for all. KeepMargins
// marks the round each stage's design is from.
func TestNextMarginStages(t *testing.T) {
	st := func(worst float64, holds bool) results.StageRound {
		return results.StageRound{WorstCheckMargin: worst, Holds: holds}
	}
	rounds := []results.MarginRound{{Margin: 0, Stages: []results.StageRound{st(0.5, true), st(-0.22, false), st(-0.03, false)}}}
	// Stage 1 asks 0.19, stage 2 0.03 (1 − 1/1.03 = 0.029): the least.
	m, ok := NextMargin(rounds, false)
	require.True(t, ok)
	assert.InDelta(t, 0.03, m, 1e-12)
	// Staged: the worst of all, 0.19.
	m, ok = NextMargin(rounds, true)
	require.True(t, ok)
	assert.InDelta(t, 0.19, m, 1e-12)
	rounds = append(rounds,
		results.MarginRound{Margin: 0.03, Stages: []results.StageRound{st(0.5, true), st(-0.2, false), st(0.01, true)}},
		results.MarginRound{Margin: 0.02, Stages: []results.StageRound{st(0.5, true), st(-0.21, false), st(-0.01, false)}})
	// Stage 2 is done (0.02 missed, 0.03 held); stage 1 goes on from its
	// largest miss, 0.03 at −20 %: 1 − 0.97/1.2 = 0.1917 → 0.2.
	m, ok = NextMargin(rounds, false)
	require.True(t, ok)
	assert.InDelta(t, 0.2, m, 1e-12)
	rounds = append(rounds,
		results.MarginRound{Margin: 0.2, Stages: []results.StageRound{st(0.5, true), st(0.01, true), st(0.2, true)}},
		results.MarginRound{Margin: 0.19, Stages: []results.StageRound{st(0.5, true), st(-0.01, false), st(0.19, true)}})
	_, ok = NextMargin(rounds, false)
	assert.False(t, ok, "every stage's search is over")
	keep := KeepMargins(rounds, false)
	assert.Equal(t, []int{0, 3, 1}, keep, "stage 0 held at 0, stage 1 at 0.2, stage 2 at 0.03")
	for i, r := range rounds {
		for j, s := range r.Stages {
			assert.Equal(t, keep[j] == i, s.Kept, "round %d stage %d", i, j)
		}
	}
	// Staged: one round for all, the least at which every stage held.
	for i := range rounds {
		for j := range rounds[i].Stages {
			rounds[i].Stages[j].Kept = false
		}
	}
	assert.Equal(t, []int{3, 3, 3}, KeepMargins(rounds, true))
	// Nothing reached: nothing to search for.
	_, ok = NextMargin([]results.MarginRound{{Margin: 0}}, false)
	assert.False(t, ok)
	_, ok = NextMargin([]results.MarginRound{{Margin: 0}}, true)
	assert.False(t, ok)
}

// ComposeRoadmap takes each kept stage's row and design from its plan,
// the rest and today's from the first, and leaves the plans' own values
// alone.
func TestComposeRoadmap(t *testing.T) {
	designs := func(tag float64) *plan.Roadmap {
		rm := &plan.Roadmap{Today: &plan.Design{}, Unreachable: make([]error, 3)}
		for range 3 {
			rm.Stages = append(rm.Stages, &plan.Design{CapitalPerYear: tag})
		}
		return rm
	}
	out := func(m float64) *results.Roadmap {
		rm := &results.Roadmap{Margin: m, Rows: []results.RoadmapRow{{Target: results.TodayTarget, TotalCostPerYear: m}}}
		for _, s := range plan.RoadmapStages() {
			rm.Rows = append(rm.Rows, results.RoadmapRow{Target: string(s), TotalCostPerYear: 100 + m})
		}
		return rm
	}
	plans := []*plan.Roadmap{designs(0), designs(0.2), designs(0.1)}
	outs := []*results.Roadmap{out(0), out(0.2), out(0.1)}
	margins := []float64{0, 0.2, 0.1}
	keep := map[dispatch.Stage]int{dispatch.LowCarbon: 0, dispatch.NearZeroCarbon: 1, dispatch.ZeroCarbon: 2}
	rm, res, err := ComposeRoadmap(plans, outs, margins, keep, false)
	require.NoError(t, err)
	assert.Same(t, plans[0].Today, rm.Today)
	for i, st := range plan.RoadmapStages() {
		k := keep[st]
		assert.Same(t, plans[k].Stages[i], rm.Stages[i])
		assert.Equal(t, 100+margins[k], res.Rows[1+i].TotalCostPerYear)
		require.NotNil(t, res.Rows[1+i].SizedMargin)
		assert.Equal(t, margins[k], *res.Rows[1+i].SizedMargin)
	}
	assert.Equal(t, 0.2, res.Margin, "the largest")
	assert.Nil(t, outs[0].Rows[2].SizedMargin, "the first plan's rows are not changed")
	assert.Zero(t, outs[0].Margin)
	assert.Equal(t, 0.0, plans[0].Stages[1].CapitalPerYear, "the first plan's designs are not changed")
	_, res, err = ComposeRoadmap(plans, outs, margins, keep, true)
	require.NoError(t, err)
	for _, r := range res.Rows {
		assert.Nil(t, r.SizedMargin, "staged: one margin for all")
	}
	// A stage not kept (out of reach in the first round) stays the first
	// plan's, without a margin of its own.
	delete(keep, dispatch.ZeroCarbon)
	rm, res, err = ComposeRoadmap(plans, outs, margins, keep, false)
	require.NoError(t, err)
	assert.Same(t, plans[0].Stages[2], rm.Stages[2])
	assert.Nil(t, res.Rows[3].SizedMargin)
	assert.Equal(t, 0.2, res.Margin)
}

// A stage kept at a larger margin than the stage after it, and dearer
// than that stage's design that held: its row says the other is the
// cheaper way to it.
func TestComposeRoadmapCheaperAbove(t *testing.T) {
	held := []results.OperationCheck{{Holds: true}, {Holds: true}}
	mk := func(low, near float64, nearChecks []results.OperationCheck) *results.Roadmap {
		return &results.Roadmap{Rows: []results.RoadmapRow{{Target: results.TodayTarget},
			{Target: "low-carbon", TotalCostPerYear: low, Checks: held},
			{Target: "near-zero-carbon", TotalCostPerYear: near, Checks: nearChecks},
			{Target: "zero-carbon", Unreachable: "zero-carbon is out of reach: …"}}}
	}
	plans := []*plan.Roadmap{
		{Today: &plan.Design{}, Stages: []*plan.Design{{}, {}, nil}, Unreachable: make([]error, 3)},
		{Today: &plan.Design{}, Stages: []*plan.Design{{}, {}, nil}, Unreachable: make([]error, 3)},
	}
	margins := []float64{0, 0.3}
	keep := func(low, near int) map[dispatch.Stage]int {
		return map[dispatch.Stage]int{dispatch.LowCarbon: low, dispatch.NearZeroCarbon: near}
	}
	// Low-carbon from the plan at 0.3 (1,200 a year), near-zero from 0 (1,000).
	_, res, err := ComposeRoadmap(plans, []*results.Roadmap{mk(500, 1000, held), mk(1200, 1300, held)}, margins, keep(1, 0), false)
	require.NoError(t, err)
	require.Len(t, res.Rows[1].Warnings, 1)
	assert.Contains(t, res.Rows[1].Warnings[0], "near-zero-carbon's design (sized at margin 0) costs less a year (1,000 against 1,200) and held its stage")
	assert.Empty(t, res.Rows[2].Warnings)
	// Not when near-zero's design missed, nor when it costs more.
	_, res, err = ComposeRoadmap(plans, []*results.Roadmap{mk(500, 1000, []results.OperationCheck{{Holds: true}, {Holds: false}}), mk(1200, 1300, held)}, margins, keep(1, 0), false)
	require.NoError(t, err)
	assert.Empty(t, res.Rows[1].Warnings)
	_, res, err = ComposeRoadmap(plans, []*results.Roadmap{mk(500, 1000, held), mk(1200, 1300, held)}, margins, keep(0, 0), false)
	require.NoError(t, err)
	assert.Empty(t, res.Rows[1].Warnings)
}

// Plans that do not match are an error naming what is wrong, never a
// panic: a library caller may pass anything.
func TestComposeRoadmapRefuses(t *testing.T) {
	ok := func() ([]*plan.Roadmap, []*results.Roadmap, []float64, map[dispatch.Stage]int) {
		p := &plan.Roadmap{Today: &plan.Design{}, Stages: make([]*plan.Design, 3), Unreachable: make([]error, 3)}
		o := &results.Roadmap{Rows: make([]results.RoadmapRow, 4)}
		return []*plan.Roadmap{p}, []*results.Roadmap{o}, []float64{0}, map[dispatch.Stage]int{dispatch.LowCarbon: 0}
	}
	p, o, m, k := ok()
	_, _, err := ComposeRoadmap(p, o, m, k, false)
	require.NoError(t, err)
	for name, c := range map[string]func(){
		"no plans":        func() { p, o, m = nil, nil, nil },
		"fewer results":   func() { o = nil },
		"fewer margins":   func() { m = nil },
		"keep too far":    func() { k[dispatch.LowCarbon] = 1 },
		"keep negative":   func() { k[dispatch.LowCarbon] = -1 },
		"not a stage":     func() { k["carbon-neutral"] = 0 },
		"nil plan":        func() { p[0] = nil },
		"rows missing":    func() { o[0].Rows = o[0].Rows[:2] },
		"stages missing":  func() { p[0].Stages = p[0].Stages[:1] },
		"unreachable len": func() { p[0].Unreachable = nil },
	} {
		p, o, m, k = ok()
		c()
		_, _, err := ComposeRoadmap(p, o, m, k, false)
		assert.ErrorIs(t, err, plan.ErrInvalid, name)
	}
	// NextMargin and KeepMargins take rounds judging fewer stages than the
	// first as those stages out of reach.
	rounds := []results.MarginRound{{Margin: 0, Stages: []results.StageRound{{Stage: "a", WorstCheckMargin: -0.2}, {Stage: "b", WorstCheckMargin: -0.1}}}, {Margin: 0.2}}
	_, _ = NextMargin(rounds, false)
	_, _ = NextMargin(rounds, true)
	assert.Equal(t, []int{0, 0}, KeepMargins(rounds, false))
}

// The search on stages whose worst check grows with the margin (a + b·m +
// c·m², b > 0, c ≥ 0, each its own): it ends within MarginRounds rounds,
// tries each margin once, on the grid, in [0, plan.MaxMargin]; and a
// stage whose search ended before the last round holds at the margin kept
// with a miss a step below it (or holds at 0), or never holds up to
// plan.MaxMargin.
func FuzzMarginSearch(f *testing.F) {
	f.Add(-0.22, 1.0, 0.0, -0.03, 0.5, 0.0, false)
	f.Add(-0.186, 1.1, 0.3, 0.1, 1.0, 0.0, false)
	f.Add(-0.9, 0.2, 5.0, -0.01, 10.0, 1.0, true)
	f.Add(-5.0, 0.1, 0.0, -1e-9, 1e-3, 0.0, false)
	f.Fuzz(func(t *testing.T, a1, b1, c1, a2, b2, c2 float64, staged bool) {
		for _, v := range []float64{a1, b1, c1, a2, b2, c2} {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
				t.Skip()
			}
		}
		if !(b1 > 0 && b2 > 0 && c1 >= 0 && c2 >= 0) {
			t.Skip()
		}
		worst := []func(float64) float64{
			func(m float64) float64 { return a1 + b1*m + c1*m*m },
			func(m float64) float64 { return a2 + b2*m + c2*m*m },
		}
		var rounds []results.MarginRound
		tried := map[float64]bool{}
		for {
			m, ok := NextMargin(rounds, staged)
			if !ok {
				break
			}
			require.Less(t, len(rounds), MarginRounds, "more rounds than MarginRounds")
			require.False(t, tried[m], "margin %v tried twice: %+v", m, rounds)
			require.True(t, m >= 0 && m <= plan.MaxMargin, "margin %v", m)
			require.InDelta(t, math.Round(100*m)/100, m, 1e-12, "off the grid")
			tried[m] = true
			r := results.MarginRound{Margin: m}
			for j, w := range worst {
				v := w(m)
				r.Stages = append(r.Stages, results.StageRound{Stage: string(plan.RoadmapStages()[j]), Holds: v >= 0, WorstCheckMargin: v, WorstCheck: "x"})
			}
			rounds = append(rounds, r)
		}
		require.NotEmpty(t, rounds)
		keep := KeepMargins(rounds, staged)
		if len(rounds) == MarginRounds {
			return // stopped by the bound: nothing more is promised
		}
		for j := range worst {
			k := keep[j]
			kept := rounds[k].Margin
			held := rounds[k].Stages[j].Holds
			if staged {
				held = rounds[k].Holds()
			}
			if !held {
				// Never held: then it misses at the largest margin too (a
				// staged search judges the stages together: one stage's
				// worst says nothing there).
				if !staged {
					assert.Negative(t, worst[j](plan.MaxMargin), "stage %d held nowhere but holds at MaxMargin", j)
				}
				continue
			}
			if kept == 0 {
				continue
			}
			below := math.Round(100*(kept-MarginStep)) / 100
			assert.True(t, tried[below], "stage %d kept at %v without trying %v: %+v", j, kept, below, rounds)
		}
	})
}
