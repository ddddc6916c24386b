package results

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/internal/textcol"
)

// MaxMargin is plan.MaxMargin, the largest margin a search tries, which
// the report names when a search ends there (package results does not
// import plan; cmd/zeropark's TestMarginBoundsAgree checks the two agree).
const MaxMargin = 0.9

// MarginRound is one round of a `--margin auto` search (zeropark plan,
// plan pathway): the roadmap or pathway planned at Margin (every stage
// limit × (1 − Margin)) and what the operation checks of each of its
// designs found.
type MarginRound struct {
	// Margin is the round's margin, a fraction: every stage limit × (1 −
	// Margin).
	Margin float64 `json:"margin_fraction"`
	// Stages are the stages (milestones) the search plans for, those with
	// a design in its first round, in the roadmap's (pathway's) order.
	Stages []StageRound `json:"stages"`
	// SolveSeconds is the time the round's plan spent in the solver;
	// absent in a pathway's rounds, whose plans do not tally it (a
	// pathway.json written before 2026-12-05 has 0 there).
	SolveSeconds float64 `json:"solve_seconds,omitempty"`
}

// StageRound is one stage's design (a pathway's: one milestone's, named
// "YEAR STAGE") in a round of a margin search.
type StageRound struct {
	// Stage is the stage planned for (a pathway's: "YEAR STAGE").
	Stage string `json:"stage"`
	// Holds: the stage has a design and it held the stage in every
	// operation check.
	Holds bool `json:"holds"`
	// WorstCheckMargin is the least margin of the design's checks
	// (OperationCheck.Margin, negative: missed) and WorstCheck the run
	// ("the rolling horizon with forecasts"); 0 and "" when there is no
	// design or it was not checked.
	WorstCheckMargin float64 `json:"worst_check_margin_fraction"`
	WorstCheck       string  `json:"worst_check,omitempty"`
	// OutOfReach: the round's tightened limits put the stage out of reach.
	OutOfReach bool `json:"out_of_reach,omitempty"`
	// MissesOverFullSeries: the design of a reduced model (--periods,
	// --slices), sized without a margin, missed its stage over the full
	// series, before any operation: no margin is the cure, and the
	// stage's search stops. (At a margin above 0 such a miss is of the
	// tightened limits, not of the stage: the checks judge the stage.)
	MissesOverFullSeries bool `json:"misses_over_full_series,omitempty"`
	// Kept: the roadmap's design for the stage is this round's.
	Kept bool `json:"kept,omitempty"`
}

// Holds reports whether every stage of the round held.
func (r MarginRound) Holds() bool {
	return len(r.Stages) > 0 && !slices.ContainsFunc(r.Stages, func(s StageRound) bool { return !s.Holds })
}

// Reached lists the stages of rm's rows that have a design (not today's
// park): those a margin search plans for, from its first round.
func Reached(rm *Roadmap) []string {
	var s []string
	if rm == nil {
		return nil
	}
	for i := range rm.Rows {
		if r := &rm.Rows[i]; r.Target != TodayTarget && r.Unreachable == "" {
			s = append(s, r.Target)
		}
	}
	return s
}

// MarginRoundOf judges rm, planned at rm.Margin, as a round of a margin
// search for the stages in reached (Reached of its first round), each
// on the row named by it (its design, or its being out of reach).
func MarginRoundOf(rm *Roadmap, reached []string) MarginRound {
	if rm == nil {
		rm = &Roadmap{} // every stage out of reach
	}
	mr := MarginRound{Margin: rm.Margin, SolveSeconds: rm.SolveSeconds}
	for _, stage := range reached {
		i := slices.IndexFunc(rm.Rows, func(r RoadmapRow) bool { return r.Target == stage })
		if i < 0 || rm.Rows[i].Unreachable != "" {
			mr.Stages = append(mr.Stages, StageRound{Stage: stage, OutOfReach: true})
			continue
		}
		r := &rm.Rows[i]
		mr.Stages = append(mr.Stages, stageRoundOf(stage, r.Checks, r.Full != nil && r.Full.Unreachable != "", rm.Margin))
	}
	return mr
}

// PathwayReached lists the milestones of pw that have a design, each
// named "YEAR STAGE": those a margin search plans for, from its first
// round.
func PathwayReached(pw *Pathway) []string {
	var s []string
	if pw == nil {
		return nil
	}
	for i := range pw.Rows {
		if r := &pw.Rows[i]; r.Unreachable == "" {
			s = append(s, milestoneName(r))
		}
	}
	return s
}

// milestoneName is a milestone's name in a margin search: "2027 low-carbon".
func milestoneName(r *PathwayRow) string { return fmt.Sprintf("%d %s", r.Year, r.Target) }

// PathwayMarginRoundOf judges pw, planned at pw.Margin, as a round of a
// margin search for the milestones in reached (PathwayReached of its
// first round), as MarginRoundOf judges a roadmap's stages: a milestone
// past the first out of reach is out of reach too (the pathway stops
// there).
func PathwayMarginRoundOf(pw *Pathway, reached []string) MarginRound {
	if pw == nil {
		pw = &Pathway{} // every milestone out of reach
	}
	mr := MarginRound{Margin: pw.Margin}
	for _, name := range reached {
		i := slices.IndexFunc(pw.Rows, func(r PathwayRow) bool { return milestoneName(&r) == name })
		if i < 0 || pw.Rows[i].Unreachable != "" {
			mr.Stages = append(mr.Stages, StageRound{Stage: name, OutOfReach: true})
			continue
		}
		mr.Stages = append(mr.Stages, stageRoundOf(name, pw.Rows[i].Checks, false, pw.Margin))
	}
	return mr
}

// stageRoundOf is a design's outcome in a round at margin: it holds when
// it was checked and every check held; its worst check the least margin,
// named by run. A reduced model's design that misses over the full series
// (fullMiss) misses the stage itself at margin 0 — the reduction's error,
// which ends the stage's search — but at a margin above 0 it misses the
// limits the margin tightened, which say nothing of the stage: the checks,
// which run the design over the full series against the stage's own
// limits, judge it then, and the miss is only recorded.
func stageRoundOf(name string, checks []OperationCheck, fullMiss bool, margin float64) StageRound {
	sr := StageRound{Stage: name, MissesOverFullSeries: fullMiss && margin == 0}
	sr.Holds = len(checks) > 0 && !sr.MissesOverFullSeries // unchecked (--no-check, refused) holds nothing
	for j, c := range checks {
		if j == 0 || c.Margin < sr.WorstCheckMargin {
			sr.WorstCheckMargin, sr.WorstCheck = c.Margin, policyWords(c.Policy)
		}
		sr.Holds = sr.Holds && c.Holds
	}
	return sr
}

// writeMarginSearch lists the rounds of --margin auto, each stage's
// outcome in each, and which round each stage's design is from.
func writeMarginSearch(w io.Writer, rm *Roadmap) {
	if rm.Staged {
		writeSearch(w, rm.MarginSearch, "roadmap", "stage", "(* the round kept: with --staged one margin for every stage, each built on the last)")
	} else if KeptMissed(rm.MarginSearch, nil) {
		writeSearch(w, rm.MarginSearch, "roadmap", "stage", "(* the round each stage's design is from: the least margin at which it held, or the closest)")
	} else {
		writeSearch(w, rm.MarginSearch, "roadmap", "stage", "(* the round each stage's design is from: the least margin at which it held)")
	}
}

// KeptMissed reports whether a stage of a margin search's rounds (one of
// stages, named as StageRound.Stage; nil: any) has its design from a round in which it missed: no
// margin tried held it, and the search kept the closest, which a report
// or a caption must not call the least margin at which it held (QA S,
// session 37).
func KeptMissed(rounds []MarginRound, stages []string) bool {
	for _, r := range rounds {
		for _, s := range r.Stages {
			if s.Kept && !s.Holds && (stages == nil || slices.Contains(stages, s.Stage)) {
				return true
			}
		}
	}
	return false
}

// writeSearch lists the rounds of a margin search of what ("roadmap",
// "pathway"), each of its parts' (each ("stage", "milestone")) outcome in
// each, the rounds kept as kept says.
func writeSearch(w io.Writer, rounds []MarginRound, what, each, kept string) {
	if len(rounds) == 0 {
		return
	}
	if len(rounds[0].Stages) == 0 {
		fmt.Fprintf(w, "\nMargin search (--margin auto): no %s has a design without a margin, so there is nothing to search for.\n", each)
		return
	}
	if err := CheckMarginSearch(rounds); err != nil {
		fmt.Fprintf(w, "\nMargin search (--margin auto): not shown: %v.\n", err) // not written by zeropark
		return
	}
	stages := make([]string, len(rounds[0].Stages))
	for i, s := range rounds[0].Stages {
		stages[i] = s.Stage
	}
	fmt.Fprintf(w, "\nMargin search (--margin auto): the %s planned at each margin, its designs re-run as above;\n", what)
	fmt.Fprintf(w, "  each %s's worst check %s\n", each, kept)
	// The solver's time where the rounds say it (a pathway's do not).
	timed := slices.ContainsFunc(rounds, func(r MarginRound) bool { return r.SolveSeconds > 0 })
	tw := textcol.NewWriter(w, false)
	head := "  round\tmargin\t" + strings.Join(stages, "\t")
	if timed {
		head += "\tsolver (s)"
	}
	fmt.Fprintln(tw, head)
	for i, r := range rounds {
		cells := []string{strconv.Itoa(i + 1), FormatNumber(r.Margin)}
		for _, s := range r.Stages {
			cells = append(cells, stageRoundCell(s))
		}
		if timed {
			cells = append(cells, Grouped(r.SolveSeconds, 1))
		}
		fmt.Fprintln(tw, "  "+strings.Join(cells, "\t"))
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "  worst check: the least margin of the design's runs, perfect foresight and the rolling horizon with forecasts")
	between := false
	for j, stage := range stages {
		o, b := stageSearchOutcome(rounds, j)
		fmt.Fprintf(w, "  %s: %s\n", stage, o)
		between = between || b
	}
	if between {
		fmt.Fprintln(w, "  The margins are tried on a grid of 0.01. Holding need not be monotone in the margin (forecast errors")
		fmt.Fprintln(w, "  move with the design), so a margin below one that missed may still hold.")
	}
}

// CheckMarginSearch reports rounds whose stages are not the first
// round's, in its order — a search judges the same stages every round —
// or that keep a stage in more than one round.
func CheckMarginSearch(rounds []MarginRound) error {
	if len(rounds) == 0 {
		return nil
	}
	for i, r := range rounds {
		if !slices.EqualFunc(r.Stages, rounds[0].Stages, func(a, b StageRound) bool { return a.Stage == b.Stage }) {
			return fmt.Errorf("round %d judges other stages than round 1", i+1)
		}
	}
	for j := range rounds[0].Stages {
		kept := 0
		for _, r := range rounds {
			if r.Stages[j].Kept {
				kept++
			}
		}
		if kept > 1 {
			return fmt.Errorf("%s is kept in %d rounds", rounds[0].Stages[j].Stage, kept)
		}
	}
	return nil
}

// stageRoundCell is a stage's outcome in a round, for the table.
func stageRoundCell(s StageRound) string {
	var c string
	switch {
	case s.OutOfReach:
		c = "out of reach"
	case s.MissesOverFullSeries:
		c = "misses over the full series"
	case s.WorstCheck == "":
		c = "not checked"
	case s.Holds:
		c = "holds " + signedPct(s.WorstCheckMargin)
	default:
		c = "misses " + signedPct(s.WorstCheckMargin)
	}
	if s.Kept {
		c += " *"
	}
	return c
}

// stageSearchOutcome says what the search found for the j-th stage of
// rounds: the margin kept and the miss below it, or why no margin held;
// between when a margin below the one kept missed.
func stageSearchOutcome(rounds []MarginRound, j int) (outcome string, between bool) {
	kept, held, below := -1, false, 0.0
	for i, r := range rounds {
		if r.Stages[j].Kept {
			kept, held = i, r.Stages[j].Holds
		}
	}
	if kept < 0 {
		return "no round kept", false // not written by zeropark
	}
	m := rounds[kept].Margin
	lowest := m // the least margin at which the stage held
	for _, r := range rounds {
		if s := r.Stages[j]; !s.Holds && !s.OutOfReach && r.Margin < m && (!between || r.Margin > below) {
			below, between = r.Margin, true
		}
		if r.Stages[j].Holds {
			lowest = min(lowest, r.Margin)
		}
	}
	switch {
	case held && m == 0:
		return "holds without a margin", false
	case held && lowest < m:
		// One margin for all (a pathway, --staged): the round kept is the
		// least at which every stage held, this one held lower too (QA S,
		// session 37: "held at 0.14, the least margin found" of a
		// milestone that held at 0.13).
		return fmt.Sprintf("held at %s (at %s too: one margin for all, the least at which every one held)", FormatNumber(m), FormatNumber(lowest)), between
	case held && between:
		return fmt.Sprintf("held at %s, the least margin found (at %s it missed)", FormatNumber(m), FormatNumber(below)), true
	case held:
		return "held at " + FormatNumber(m), false
	}
	return fmt.Sprintf("no margin tried held it; its design is round %d's, the closest.\n    %s", kept+1, whyStopped(rounds, j)), false
}

// whyStopped says why the search for the j-th stage of rounds ended
// without a margin that held: a reduced model's design missing the
// stage over the full series (which a margin does not cure), a stage
// out of reach above the largest miss, the largest margin, or the rounds.
func whyStopped(rounds []MarginRound, j int) string {
	top := 0.0
	lost := false
	for _, r := range rounds {
		top = max(top, r.Margin)
		lost = lost || r.Stages[j].OutOfReach
	}
	switch {
	case slices.ContainsFunc(rounds, func(r MarginRound) bool { return r.Stages[j].MissesOverFullSeries }):
		return "The search stopped where its design of the reduced model missed the stage over the full series, an error of the " +
			"reduction that a margin does not cure (plan over the full series, or with more periods or slices)."
	case lost:
		return "The search stopped below the least margin that put it out of reach."
	case top >= MaxMargin:
		return "The search stopped at the largest margin, " + FormatNumber(MaxMargin) + "."
	}
	return fmt.Sprintf("The search stopped after %d rounds.", len(rounds))
}
