package main

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// autoMarginName is the --margin value that searches for the margin.
const autoMarginName = "auto"

// marginFlag is --margin: a fraction (into v), autoMarginName (auto set)
// or, where stages is not nil, a margin per stage, "STAGE=F,…" (into
// *stages; a stage not named takes 0).
type marginFlag struct {
	v      *float64
	auto   *bool
	stages *map[dispatch.Stage]float64
}

var _ flag.Value = (*marginFlag)(nil)

func (f *marginFlag) String() string {
	switch {
	case f == nil || f.v == nil || f.auto == nil:
		return "0" // the flag package's zero value, for the default
	case *f.auto:
		return autoMarginName
	case f.stages != nil && *f.stages != nil:
		return stageMarginsText(*f.stages)
	}
	return marginText(*f.v)
}

func (f *marginFlag) Set(s string) error {
	if f.stages != nil {
		*f.stages = nil
	}
	if strings.TrimSpace(s) == autoMarginName {
		*f.auto, *f.v = true, 0
		return nil
	}
	if strings.Contains(s, "=") {
		if f.stages == nil {
			return fmt.Errorf("a margin per stage is the roadmap's (zeropark plan): give one number")
		}
		m, err := parseStageMargins(s)
		if err != nil {
			return err
		}
		*f.auto, *f.v, *f.stages = false, 0, m
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
		label := fmt.Sprintf("margin %s (round %d)", marginText(m), k+1)
		if err := st.planAt(k, m, (k+1)*per, label, update, note, &fullStats, &stats); err != nil {
			return plan.SolveStats{}, plan.SolveStats{}, err
		}
		plans, outs = append(plans, st.rm), append(outs, st.out)
		if k == 0 {
			reached = results.Reached(st.out)
		}
		rounds = append(rounds, results.MarginRoundOf(st.out, reached))
	}
	margins, keep := make([]float64, len(rounds)), map[dispatch.Stage]int{}
	for i, r := range rounds {
		margins[i] = r.Margin
	}
	for j, k := range scenario.KeepMargins(rounds, st.opt.Staged) {
		keep[dispatch.Stage(reached[j])] = k
	}
	if st.rm, st.out, err = scenario.ComposeRoadmap(plans, outs, margins, keep, st.opt.Staged); err != nil {
		return plan.SolveStats{}, plan.SolveStats{}, err
	}
	st.out.MarginSearch = rounds
	return fullStats, stats, nil
}

// marginText is a margin as the flag takes it: 0.17, not 1.7e-01.
func marginText(m float64) string { return strconv.FormatFloat(m, 'g', -1, 64) }

// parseStageMargins reads --margin STAGE=F[,STAGE=F…]: each a stage the
// roadmap plans and a margin in [0, plan.MaxMargin], each stage once.
func parseStageMargins(s string) (map[dispatch.Stage]float64, error) {
	out := map[dispatch.Stage]float64{}
	for _, part := range strings.Split(s, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		st := dispatch.Stage(strings.TrimSpace(name))
		switch {
		case !ok:
			return nil, fmt.Errorf("%q: want STAGE=FRACTION", part)
		case !slices.Contains(plan.RoadmapStages(), st):
			return nil, fmt.Errorf("%q: not a stage the roadmap plans (%s)", name, roadmapStageNames())
		}
		if _, dup := out[st]; dup {
			return nil, fmt.Errorf("%s given twice", st)
		}
		var v optFloat
		if err := v.Set(val); err != nil {
			return nil, fmt.Errorf("%s=%s: %v", st, strings.TrimSpace(val), err)
		}
		if !(v.v >= 0 && v.v <= plan.MaxMargin) {
			return nil, fmt.Errorf("%s=%s: must be in [0, %g] (a fraction: 0.1 is 10 %%)", st, strings.TrimSpace(val), plan.MaxMargin)
		}
		out[st] = v.v
	}
	return out, nil
}

// roadmapStageNames are the roadmap's stages, "a, b or c".
func roadmapStageNames() string {
	var names []string
	for _, st := range plan.RoadmapStages() {
		names = append(names, string(st))
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// stageMarginsText is a margin per stage as --margin takes it, in the
// roadmap's order.
func stageMarginsText(m map[dispatch.Stage]float64) string {
	var parts []string
	for _, st := range plan.RoadmapStages() {
		if v, ok := m[st]; ok {
			parts = append(parts, string(st)+"="+marginText(v))
		}
	}
	return strings.Join(parts, ",")
}

// stageMargins plans the roadmap once at each distinct margin of
// st.pf.stageMargins (a stage not named: 0), in ascending order
// (roadmapRound), and leaves in st the roadmap composed of each stage's
// row and design from the plan at its own margin
// (scenario.ComposeRoadmap), as --margin auto composes its rounds. It
// returns the solve statistics of all the plans.
func (st *planStudy) stageMargins(update func(done, total int), note func(string)) (fullStats, stats plan.SolveStats, err error) {
	stages := plan.RoadmapStages()
	var margins []float64
	for _, s := range stages {
		if m := st.pf.stageMargins[s]; !slices.Contains(margins, m) {
			margins = append(margins, m)
		}
	}
	slices.Sort(margins)
	per := st.steps.total()
	var (
		plans []*plan.Roadmap
		outs  []*results.Roadmap
	)
	for k, m := range margins {
		if err := st.planAt(k, m, len(margins)*per, "margin "+marginText(m), update, note, &fullStats, &stats); err != nil {
			return plan.SolveStats{}, plan.SolveStats{}, err
		}
		plans, outs = append(plans, st.rm), append(outs, st.out)
	}
	keep := map[dispatch.Stage]int{}
	for _, s := range stages {
		keep[s] = slices.Index(margins, st.pf.stageMargins[s])
	}
	if st.rm, st.out, err = scenario.ComposeRoadmap(plans, outs, margins, keep, false); err != nil {
		return plan.SolveStats{}, plan.SolveStats{}, err
	}
	return fullStats, stats, nil
}

// planAt plans the k-th roadmap of several at margin m (roadmapRound) into
// st.rm and st.out: its progress counted after k roadmaps' steps, of total,
// its notes after label ("margin 0.17 (round 4): …"); it adds the plan's
// solve statistics to fullStats and stats and closes its Model.
func (st *planStudy) planAt(k int, m float64, total int, label string, update func(done, total int), note func(string),
	fullStats, stats *plan.SolveStats) error {
	base := k * st.steps.total()
	labelled := func(s string) {
		if s != "" {
			s = label + ": " + s
		}
		note(s)
	}
	st.opt.Margin = m
	st.opt.Progress = func(done, _ int) { update(base+done, total) }
	st.opt.Working = workingNotes(labelled)
	full, err := st.roadmapRound(k == 0, func(i int) { update(base+i, total) }, labelled)
	if err != nil {
		return err
	}
	s := st.m.Stats()
	stats.Solves, stats.Seconds = stats.Solves+s.Solves, stats.Seconds+s.Seconds
	fullStats.Solves, fullStats.Seconds, fullStats.Columns = fullStats.Solves+full.Solves, fullStats.Seconds+full.Seconds, full.Columns
	st.m.Close()
	st.m = nil
	return nil
}
