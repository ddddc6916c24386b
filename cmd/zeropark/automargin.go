package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// autoMarginName is the --margin value that searches for the margin.
const autoMarginName = "auto"

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

// autoMargin plans the roadmap round after round (roadmapRound), each
// at the margin scenario.NextMargin asks for (the least any stage's
// search wants; one search for all with --staged), until every stage's
// search is over, and leaves in st the roadmap scenario.ComposeRoadmap
// makes of the rounds (each stage's row and design from the round
// scenario.KeepMargins keeps for it), its MarginSearch every round. It
// returns the solve statistics of all the rounds, full-series and plan.
// update and note are the study's progress: each round adds its steps to
// the total and says its margin.
func (st *planStudy) autoMargin(update func(done, total int), note func(string)) (fullStats, stats plan.SolveStats, err error) {
	var (
		rounds  []results.MarginRound
		plans   []*plan.Roadmap
		outs    []*results.Roadmap
		reached []string
	)
	per := st.steps.total()
	for {
		m, ok := scenario.NextMargin(rounds, st.opt.Staged)
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
		plans, outs = append(plans, st.rm), append(outs, st.out)
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
	keep := scenario.KeepMargins(rounds, st.opt.Staged)
	if st.rm, st.out, err = scenario.ComposeRoadmap(plans, outs, rounds, keep, st.opt.Staged); err != nil {
		return plan.SolveStats{}, plan.SolveStats{}, err
	}
	return fullStats, stats, nil
}

// marginText is a margin as the flag takes it: 0.17, not 1.7e-01.
func marginText(m float64) string { return strconv.FormatFloat(m, 'g', -1, 64) }
