package results

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// MarginRound is one plan of `zeropark plan --margin auto`: the roadmap
// planned at Margin and what its operation checks found.
type MarginRound struct {
	// Margin is the --margin the round planned at (every stage limit
	// × (1 − Margin)).
	Margin float64 `json:"margin"`
	// Holds: every design of a stage the search plans for (those reached
	// in its first round) reached its stage in the plan and held it in
	// every operation check.
	Holds bool `json:"holds"`
	// WorstCheckMargin is the least margin of those checks (negative:
	// missed, OperationCheck.Margin), WorstCheck names the design and the
	// run ("near-zero-carbon, rolling horizon"); 0 and "" when no design
	// was checked.
	WorstCheckMargin float64 `json:"worst_check_margin"`
	WorstCheck       string  `json:"worst_check,omitempty"`
	// OutOfReach lists the stages planned for that this round's
	// tightened limits put out of reach.
	OutOfReach []string `json:"out_of_reach,omitempty"`
	// MissesOverFullSeries: a design of a reduced model (--periods,
	// --slices) missed its stage over the full series, before any
	// operation: no margin is the cure, and the search stopped.
	MissesOverFullSeries bool `json:"misses_over_full_series,omitempty"`
	// SolveSeconds is the time the round's plan spent in the solver.
	SolveSeconds float64 `json:"solve_seconds"`
}

// Reached lists the stages of rm's rows that have a design (not today's
// park): those a margin search plans for, from its first round.
func Reached(rm *Roadmap) []string {
	var s []string
	for i := range rm.Rows {
		if r := &rm.Rows[i]; r.Target != TodayTarget && r.Unreachable == "" {
			s = append(s, r.Target)
		}
	}
	return s
}

// MarginRoundOf judges rm, planned at rm.Margin, as a round of a margin
// search for the stages in reached (Reached of its first round): it
// holds when each of them has a design and every check of every design
// holds. Stages reached now but not in reached are not judged.
func MarginRoundOf(rm *Roadmap, reached []string) MarginRound {
	mr := MarginRound{Margin: rm.Margin, SolveSeconds: rm.SolveSeconds, MissesOverFullSeries: missesOverFullSeries(rm)}
	checked, holds := false, true
	for _, stage := range reached {
		i := slices.IndexFunc(rm.Rows, func(r RoadmapRow) bool { return r.Target == stage })
		if i < 0 || rm.Rows[i].Unreachable != "" {
			mr.OutOfReach = append(mr.OutOfReach, stage)
			holds = false
			continue
		}
		r := &rm.Rows[i]
		if len(r.Checks) == 0 {
			holds = false // not checked: --no-check, which the search refuses
			continue
		}
		for _, c := range r.Checks {
			if !checked || c.Margin < mr.WorstCheckMargin {
				mr.WorstCheckMargin, mr.WorstCheck = c.Margin, r.Target+", "+policyWords(c.Policy)
			}
			checked = true
			holds = holds && c.Holds
		}
	}
	mr.Holds = holds && len(reached) > 0 && !mr.MissesOverFullSeries
	return mr
}

// writeMarginSearch lists the rounds of --margin auto and which the
// roadmap is.
func writeMarginSearch(w io.Writer, rm *Roadmap) {
	if len(rm.MarginSearch) == 0 {
		return
	}
	fmt.Fprintln(w, "\nMargin search (--margin auto): the roadmap planned at each margin, its designs re-run as above")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  round\tmargin\tevery design holds\tworst check\t\tsolver (s)")
	for i, r := range rm.MarginSearch {
		held := "no"
		switch {
		case r.Holds:
			held = "yes"
		case len(r.OutOfReach) > 0:
			held = "no: " + strings.Join(r.OutOfReach, ", ") + " out of reach"
		case r.MissesOverFullSeries:
			held = "no: a design misses over the full series"
		}
		worst, by := "", ""
		if r.WorstCheck != "" {
			worst, by = signedPct(r.WorstCheckMargin), r.WorstCheck
		}
		mark := ""
		if r.Margin == rm.Margin {
			mark = "  ← this roadmap"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s%s\n", i+1, FormatNumber(r.Margin), held, worst, by, Grouped(r.SolveSeconds, 1), mark)
	}
	_ = tw.Flush()
	best, ok := leastHeldMargin(rm.MarginSearch)
	switch {
	case ok && best == 0:
		fmt.Fprintln(w, "  Every design holds without a margin.")
	case ok:
		below, tried := 0.0, false
		for _, r := range rm.MarginSearch {
			if !r.Holds && r.Margin < best && (!tried || r.Margin > below) {
				below, tried = r.Margin, true
			}
		}
		if tried {
			fmt.Fprintf(w, "  The least margin found at which every design holds: %s (at %s one missed). Holding is not\n",
				FormatNumber(best), FormatNumber(below))
			fmt.Fprintln(w, "  always monotone in the margin (forecast errors move with the design), so a margin between may hold too.")
		} else {
			fmt.Fprintf(w, "  Every design holds at %s.\n", FormatNumber(best))
		}
	default:
		fmt.Fprintf(w, "  No margin tried held every design: this roadmap is the round that came closest. %s\n", whyStopped(rm.MarginSearch))
	}
}

// whyStopped says why a search in which no round held ended: a reduced
// model's design missing its stage over the full series (which a margin
// does not cure), the largest margin, a stage out of reach, or the rounds.
func whyStopped(rounds []MarginRound) string {
	last := rounds[len(rounds)-1]
	top := slices.MaxFunc(rounds, func(a, b MarginRound) int { return cmp.Compare(a.Margin, b.Margin) })
	switch {
	case last.MissesOverFullSeries:
		return "The search stopped at\n  round " + strconv.Itoa(len(rounds)) + ": a design of the reduced model misses its stage over the full series, an error of the\n" +
			"  reduction that a margin does not cure (plan over the full series, or with more periods or slices)."
	case slices.ContainsFunc(rounds, func(r MarginRound) bool { return len(r.OutOfReach) > 0 }):
		return "The search stopped\n  below the least margin that put a stage out of reach."
	case top.Margin >= MaxMargin:
		return "The search stopped\n  at the largest margin, " + FormatNumber(MaxMargin) + "."
	}
	return "The search stopped\n  after " + strconv.Itoa(len(rounds)) + " rounds."
}

// leastHeldMargin is the least margin of the rounds that held, ok false
// when none did.
func leastHeldMargin(rounds []MarginRound) (m float64, ok bool) {
	for _, r := range rounds {
		if r.Holds && (!ok || r.Margin < m) {
			m, ok = r.Margin, true
		}
	}
	return m, ok
}

// MaxMargin is plan.MaxMargin, the largest margin a search tries, which
// the report names when a search ends there (package results does not
// import plan; cmd/zeropark's TestMarginBoundsAgree checks the two agree).
const MaxMargin = 0.9
