package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

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

// nextMargin is the margin a search for the least margin at which every
// design holds plans at after rounds (results.MarginRoundOf each), ok
// false when the search is over:
//
//   - first 0;
//   - over when a round held with no round below it missing, when the
//     largest margin that missed (lo) and the least that held (hi) are a
//     step apart, when a design of a reduced model misses over the full
//     series (no margin cures that), after autoMarginRounds rounds, or
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
// the least margin at which a stage went out of reach and at most
// plan.MaxMargin.
func nextMargin(rounds []results.MarginRound) (float64, bool) {
	if len(rounds) == 0 {
		return 0, true
	}
	if len(rounds) >= autoMarginRounds || rounds[len(rounds)-1].MissesOverFullSeries {
		return 0, false
	}
	upper := plan.MaxMargin + autoMarginStep // the first margin not to try
	var hi *results.MarginRound
	for i := range rounds {
		r := &rounds[i]
		switch {
		case r.Holds && (hi == nil || r.Margin < hi.Margin):
			hi = r
			upper = min(upper, r.Margin)
		case len(r.OutOfReach) > 0:
			upper = min(upper, r.Margin)
		}
	}
	var lo *results.MarginRound // the largest margin below upper that missed
	for i := range rounds {
		r := &rounds[i]
		if !r.Holds && len(r.OutOfReach) == 0 && r.Margin < upper && (lo == nil || r.Margin > lo.Margin) {
			lo = r
		}
	}
	if lo == nil {
		return 0, false // held at the first margin, or nothing below what failed
	}
	var next float64
	switch {
	case hi != nil && hi.Margin == upper && hi.WorstCheckMargin > lo.WorstCheckMargin:
		next = lo.Margin + (hi.Margin-lo.Margin)*(-lo.WorstCheckMargin)/(hi.WorstCheckMargin-lo.WorstCheckMargin)
	case hi != nil && hi.Margin == upper:
		next = (lo.Margin + hi.Margin) / 2
	default:
		next = 1 - (1-lo.Margin)/(1-min(lo.WorstCheckMargin, 0))
	}
	next = math.Round(100*math.Ceil(next/autoMarginStep-1e-9)*autoMarginStep) / 100
	next = max(next, math.Round(100*(lo.Margin+autoMarginStep))/100)
	next = min(next, math.Round(100*(upper-autoMarginStep))/100, plan.MaxMargin)
	if next <= lo.Margin+1e-9 {
		return 0, false
	}
	return next, true
}

// autoMargin plans the roadmap round after round (roadmapRound), each
// at the margin nextMargin asks for, until it says the search is over;
// it leaves in st the round at the least margin that held, or, if none
// did, the one whose worst check came closest (among those reaching
// every stage the first round reached), and records every round in
// st.out.MarginSearch. It returns the kept round's full-series and plan
// solve statistics. update and note are the study's progress: each round
// adds its steps to the total and says its margin.
func (st *planStudy) autoMargin(update func(done, total int), note func(string)) (fullStats, stats plan.SolveStats, err error) {
	type round struct {
		rm          *plan.Roadmap
		out         *results.Roadmap
		full, stats plan.SolveStats
	}
	var (
		rounds  []results.MarginRound
		kept    []round
		reached []string
	)
	per := st.steps.total()
	for {
		m, ok := nextMargin(rounds)
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
		kept = append(kept, round{rm: st.rm, out: st.out, full: full, stats: st.m.Stats()})
		st.m.Close()
		st.m = nil
		if k == 0 {
			reached = results.Reached(st.out)
		}
		rounds = append(rounds, results.MarginRoundOf(st.out, reached))
	}
	best := -1
	for i, r := range rounds {
		if r.Holds && (best < 0 || !rounds[best].Holds || r.Margin < rounds[best].Margin) {
			best = i
		}
	}
	if best < 0 {
		best = 0
		for i, r := range rounds {
			if len(r.OutOfReach) == 0 && !r.MissesOverFullSeries && r.WorstCheckMargin > rounds[best].WorstCheckMargin {
				best = i
			}
		}
	}
	st.rm, st.out = kept[best].rm, kept[best].out
	st.out.MarginSearch = rounds
	return kept[best].full, kept[best].stats, nil
}

// marginText is a margin as the flag takes it: 0.17, not 1.7e-01.
func marginText(m float64) string { return strconv.FormatFloat(m, 'g', -1, 64) }
