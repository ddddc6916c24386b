package main

import (
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// autoMarginName is the --margin value that searches for the margin.
const autoMarginName = "auto"

// autoMarginStep is the grid --margin auto searches on: it stops when the
// largest margin that missed and the least that held are this far apart.
const autoMarginStep = 0.01

// autoMarginRounds bounds the search's rounds, each a whole plan and its
// checks (on the Texas demo over 2,016 slices about 14 s a round).
const autoMarginRounds = 8

// marginFlag is --margin: a fraction (into v) or autoMarginName (auto set).
type marginFlag struct {
	v    *float64
	auto *bool
}

var _ flag.Value = (*marginFlag)(nil)

func (f *marginFlag) String() string {
	switch {
	case f == nil || f.v == nil || f.auto == nil:
		return "0" // the flag package's zero value, for the default
	case *f.auto:
		return autoMarginName
	}
	return marginText(*f.v)
}

func (f *marginFlag) Set(s string) error {
	if strings.TrimSpace(s) == autoMarginName {
		*f.auto, *f.v = true, 0
		return nil
	}
	var v optFloat
	if err := v.Set(s); err != nil {
		if err.Error() == "not a number" {
			return fmt.Errorf("not a number nor %s", autoMarginName)
		}
		return err
	}
	*f.auto, *f.v = false, v.v
	return nil
}

// trial is one round of a margin search as one stage (or, with
// --staged, every stage at once) saw it.
type trial struct {
	margin, worst float64 // the round's margin; the least check margin
	holds         bool    // every check held
	lost          bool    // out of reach at this margin
	reducedMiss   bool    // a reduced model's design missed over the full series
}

// trialOf is the j-th stage's trial in round r.
func trialOf(r results.MarginRound, j int) trial {
	s := r.Stages[j]
	return trial{margin: r.Margin, worst: s.WorstCheckMargin, holds: s.Holds, lost: s.OutOfReach, reducedMiss: s.MissesOverFullSeries}
}

// trialAll is round r as one trial of all its stages: held when each
// held, its worst check the least, lost or missed over the full series
// when one was.
func trialAll(r results.MarginRound) trial {
	t := trial{margin: r.Margin, holds: r.Holds()}
	for j := range r.Stages {
		s := trialOf(r, j)
		if j == 0 || s.worst < t.worst {
			t.worst = s.worst
		}
		t.lost, t.reducedMiss = t.lost || s.lost, t.reducedMiss || s.reducedMiss
	}
	return t
}

// nextMargin is the margin a search for the least margin at which a
// design holds plans at after trials, ok false when the search is over:
//
//   - first 0;
//   - over when a trial held with no trial below it missing, when the
//     largest margin that missed (lo) and the least that held (hi) are a
//     step apart, when a design of a reduced model missed over the full
//     series (no margin cures that), after autoMarginRounds trials, or
//     when nothing is left between lo and what is out of bounds;
//   - with no margin held yet, the first-order estimate from lo's worst
//     check: a run that ended at (1 − w) × its limit when the plan aimed
//     at (1 − lo) × it stays within it had the plan aimed at (1 − lo)/(1 −
//     w), margin 1 − (1 − lo)/(1 − w) (it underestimates: a design sized
//     tighter runs closer to its limit, but not in proportion; on the
//     Texas demo over 2,016 slices 0.16 missed, then 0.18 held);
//   - between lo and hi, where the worst check's margin crosses 0 on the
//     line through theirs;
//
// each rounded up to the step, at least lo + step, and below hi, below
// the least margin at which the stage went out of reach and at most
// plan.MaxMargin.
func nextMargin(trials []trial) (float64, bool) {
	if len(trials) == 0 {
		return 0, true
	}
	if len(trials) >= autoMarginRounds || slices.ContainsFunc(trials, func(t trial) bool { return t.reducedMiss }) {
		return 0, false
	}
	upper := plan.MaxMargin + autoMarginStep // the first margin not to try
	var hi *trial
	for i := range trials {
		t := &trials[i]
		switch {
		case t.holds && (hi == nil || t.margin < hi.margin):
			hi = t
			upper = min(upper, t.margin)
		case t.lost:
			upper = min(upper, t.margin)
		}
	}
	var lo *trial // the largest margin below upper that missed
	for i := range trials {
		t := &trials[i]
		if !t.holds && !t.lost && t.margin < upper && (lo == nil || t.margin > lo.margin) {
			lo = t
		}
	}
	if lo == nil {
		return 0, false // held at the first margin, or nothing below what failed
	}
	var next float64
	switch {
	case hi != nil && hi.margin == upper && hi.worst > lo.worst:
		next = lo.margin + (hi.margin-lo.margin)*(-lo.worst)/(hi.worst-lo.worst)
	case hi != nil && hi.margin == upper:
		next = (lo.margin + hi.margin) / 2
	default:
		next = 1 - (1-lo.margin)/(1-min(lo.worst, 0))
	}
	next = math.Round(100*math.Ceil(next/autoMarginStep-1e-9)*autoMarginStep) / 100
	next = max(next, math.Round(100*(lo.margin+autoMarginStep))/100)
	next = min(next, math.Round(100*(upper-autoMarginStep))/100, plan.MaxMargin)
	if next <= lo.margin+1e-9 {
		return 0, false
	}
	return next, true
}

// keptTrial is the trial a search keeps: the least margin that held, or,
// when none did, the one whose worst check came closest among those
// neither out of reach nor missing over the full series (the first if
// none is).
func keptTrial(trials []trial) int {
	best := -1
	for i, t := range trials {
		if t.holds && (best < 0 || t.margin < trials[best].margin) {
			best = i
		}
	}
	if best >= 0 {
		return best
	}
	best = 0
	for i, t := range trials {
		if !t.lost && !t.reducedMiss && t.worst > trials[best].worst {
			best = i
		}
	}
	return best
}

// autoMargin plans the roadmap round after round (roadmapRound), each
// at the least of the margins the stages' searches ask for next
// (nextMargin on each stage's trials: every round answers every stage),
// until every stage's search is over; with --staged, whose stages build
// on one another, one search for all. Each stage's design is then the
// one of its kept trial (keptTrial): the roadmap is composed of each
// stage's row and design from its round, today's park from the first,
// its Margin the largest kept margin, each design row's SizedMargin its
// own; st.out.MarginSearch records every round. It returns the solve
// statistics of all the rounds, full-series and plan. update and note
// are the study's progress: each round adds its steps to the total and
// says its margin.
func (st *planStudy) autoMargin(update func(done, total int), note func(string)) (fullStats, stats plan.SolveStats, err error) {
	type round struct {
		rm  *plan.Roadmap
		out *results.Roadmap
	}
	var (
		rounds  []results.MarginRound
		kept    []round
		reached []string
	)
	per := st.steps.total()
	for {
		m, ok := st.nextRoundMargin(rounds)
		if !ok {
			break
		}
		k := len(rounds)
		base, total := k*per, (k+1)*per
		roundNote := func(s string) {
			if s != "" {
				s = fmt.Sprintf("margin %s (round %d): %s", marginText(m), k+1, s)
			}
			note(s)
		}
		st.opt.Margin = m
		st.opt.Progress = func(done, _ int) { update(base+done, total) }
		st.opt.Working = workingNotes(roundNote)
		full, err := st.roadmapRound(k == 0, func(i int) { update(base+i, total) }, roundNote)
		if err != nil {
			return plan.SolveStats{}, plan.SolveStats{}, err
		}
		kept = append(kept, round{rm: st.rm, out: st.out})
		s := st.m.Stats()
		stats.Solves, stats.Seconds = stats.Solves+s.Solves, stats.Seconds+s.Seconds
		fullStats.Solves, fullStats.Seconds, fullStats.Columns = fullStats.Solves+full.Solves, fullStats.Seconds+full.Seconds, full.Columns
		st.m.Close()
		st.m = nil
		if k == 0 {
			reached = results.Reached(st.out)
		}
		rounds = append(rounds, results.MarginRoundOf(st.out, reached))
	}
	// Each stage's design from its kept round (every stage's from one
	// with --staged): rows by their place, today's park from the first.
	keep := make([]int, len(reached))
	for j := range reached {
		if st.opt.Staged {
			keep[j] = keptTrial(trials(rounds, -1))
		} else {
			keep[j] = keptTrial(trials(rounds, j))
		}
		rounds[keep[j]].Stages[j].Kept = true
	}
	first := kept[0]
	rm := *first.rm
	rm.Stages, rm.Unreachable = slices.Clone(rm.Stages), slices.Clone(rm.Unreachable)
	out := *first.out
	out.Rows = slices.Clone(out.Rows)
	out.Margin = 0
	for j, stage := range reached {
		i := slices.Index(plan.RoadmapStages(), dispatch.Stage(stage))
		src := kept[keep[j]]
		rm.Stages[i], rm.Unreachable[i] = src.rm.Stages[i], src.rm.Unreachable[i]
		row := src.out.Rows[1+i]
		m := rounds[keep[j]].Margin
		if !st.opt.Staged {
			row.SizedMargin = &m
		}
		out.Rows[1+i] = row
		out.Margin = max(out.Margin, m)
	}
	st.rm, st.out = &rm, &out
	st.out.MarginSearch = rounds
	return fullStats, stats, nil
}

// nextRoundMargin is the margin of the search's next round, ok false when
// every stage's search is over: the least of the margins the stages'
// searches ask for (with --staged, the one search's of all stages).
func (st *planStudy) nextRoundMargin(rounds []results.MarginRound) (float64, bool) {
	switch {
	case len(rounds) == 0:
		return 0, true
	case len(rounds[0].Stages) == 0:
		return 0, false // no stage reached: nothing to search for
	case st.opt.Staged:
		return nextMargin(trials(rounds, -1))
	}
	next, found := 0.0, false
	for j := range rounds[0].Stages {
		if m, ok := nextMargin(trials(rounds, j)); ok && (!found || m < next) {
			next, found = m, true
		}
	}
	return next, found
}

// trials are the rounds as the j-th stage saw them, or, for j < 0, as
// all the stages at once (trialAll).
func trials(rounds []results.MarginRound, j int) []trial {
	out := make([]trial, len(rounds))
	for i, r := range rounds {
		if j < 0 {
			out[i] = trialAll(r)
		} else {
			out[i] = trialOf(r, j)
		}
	}
	return out
}

// marginText is a margin as the flag takes it: 0.17, not 1.7e-01.
func marginText(m float64) string { return strconv.FormatFloat(m, 'g', -1, 64) }
