package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// missed, held, lost and reducedMiss are margin-search rounds.
func missed(m, worst float64) results.MarginRound {
	return results.MarginRound{Margin: m, WorstCheckMargin: worst}
}
func held(m, worst float64) results.MarginRound {
	return results.MarginRound{Margin: m, Holds: true, WorstCheckMargin: worst}
}
func lost(m float64) results.MarginRound {
	return results.MarginRound{Margin: m, OutOfReach: []string{"near-zero-carbon"}}
}

func TestNextMargin(t *testing.T) {
	for _, c := range []struct {
		name   string
		rounds []results.MarginRound
		want   float64 // −1: the search is over
	}{
		{"first", nil, 0},
		{"held without a margin", []results.MarginRound{held(0, 0.05)}, -1},
		// 1 − 1/1.22 = 0.1803 → 0.19 (rounded up to the step).
		{"first order", []results.MarginRound{missed(0, -0.22)}, 0.19},
		// 1 − 0.81/1.03 = 0.2136 → 0.22.
		{"first order from a margin", []results.MarginRound{missed(0, -0.22), missed(0.19, -0.03)}, 0.22},
		// 0.19 + 0.03 × 3/5.6 = 0.2061 → 0.21.
		{"between", []results.MarginRound{missed(0, -0.22), missed(0.19, -0.03), held(0.22, 0.026)}, 0.21},
		{"a step apart", []results.MarginRound{missed(0, -0.22), missed(0.19, -0.03), held(0.22, 0.026), missed(0.21, -0.01)}, -1},
		// The line crosses 0 just above lo: at least a step above it.
		{"at least a step", []results.MarginRound{missed(0.1, -0.0001), held(0.3, 0.2)}, 0.11},
		// The line crosses 0 just below hi: a step below it at most.
		{"below hi", []results.MarginRound{missed(0.1, -0.5), held(0.13, 0.0001)}, 0.12},
		// A miss by a hair still moves by a step.
		{"a hair", []results.MarginRound{missed(0, -1e-9)}, 0.01},
		// A miss reported with a positive worst check (not checked) moves a step.
		{"no negative check", []results.MarginRound{missed(0, 0.1)}, 0.01},
		// No line to follow (the held round's worst no better): halfway.
		{"degenerate line", []results.MarginRound{missed(0, -0.2), held(0.3, -0.25)}, 0.15},
		{"capped by a lost stage", []results.MarginRound{missed(0, -0.5), lost(0.3)}, 0.29},
		{"nothing between lo and a lost stage", []results.MarginRound{missed(0, -0.5), lost(0.3), missed(0.29, -0.1)}, -1},
		{"at most MaxMargin", []results.MarginRound{missed(0, -50)}, plan.MaxMargin},
		{"MaxMargin missed", []results.MarginRound{missed(0, -50), missed(plan.MaxMargin, -0.5)}, -1},
		{"reduction misses", []results.MarginRound{{Margin: 0, WorstCheckMargin: -0.2, MissesOverFullSeries: true}}, -1},
		// Not monotone: a miss above the least that held is not lo.
		// 0.2 × 0.3/0.35 = 0.1714 → 0.18, on the line through 0 and 0.2.
		{"miss above held", []results.MarginRound{missed(0, -0.3), held(0.2, 0.05), missed(0.25, -0.01)}, 0.18},
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
	rounds := []results.MarginRound{}
	for {
		m, ok := nextMargin(rounds)
		if !ok {
			break
		}
		rounds = append(rounds, missed(m, -0.001))
	}
	assert.LessOrEqual(t, len(rounds), autoMarginRounds)
}

// --margin auto on four weeks of the demo: the rounds are recorded, the
// roadmap kept is the least margin that held and every check of it holds,
// a margin a step below it missed, and the same roadmap comes out of
// --margin at that figure (each round is an ordinary plan).
func TestPlanMarginAuto(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the demo's four weeks about four times")
	}
	code, stdout, errOut := cli(t, "plan", "--limit-hours", "672", "--margin", "auto", "--json")
	require.Zero(t, code, errOut)
	var rm results.Roadmap
	require.NoError(t, json.Unmarshal([]byte(stdout), &rm))
	require.NotEmpty(t, rm.MarginSearch)
	assert.Zero(t, rm.MarginSearch[0].Margin, "the search starts at no margin")
	assert.False(t, rm.MarginSearch[0].Holds, "the demo's four weeks miss near-zero under forecasts without a margin")
	least, below := math.Inf(1), -1.0
	for _, r := range rm.MarginSearch {
		if r.Holds {
			least = math.Min(least, r.Margin)
		}
	}
	require.False(t, math.IsInf(least, 1), "no round held: %+v", rm.MarginSearch)
	assert.Equal(t, least, rm.Margin, "the roadmap is the least margin that held")
	for _, r := range rm.MarginSearch {
		if !r.Holds && r.Margin < least {
			below = math.Max(below, r.Margin)
		}
	}
	assert.InDelta(t, least-autoMarginStep, below, 1e-9, "the search ends with a miss a step below: %+v", rm.MarginSearch)
	checked := 0
	for _, row := range rm.Rows {
		for _, c := range row.Checks {
			assert.True(t, c.Holds, "%s under %s", row.Target, c.Policy)
			assert.GreaterOrEqual(t, c.Margin, 0.0)
			checked++
		}
	}
	assert.Positive(t, checked)

	// The same plan at that margin, given: the same designs and checks.
	code, stdout, errOut = cli(t, "plan", "--limit-hours", "672", "--margin", marginText(least), "--json")
	require.Zero(t, code, errOut)
	var fixed results.Roadmap
	require.NoError(t, json.Unmarshal([]byte(stdout), &fixed))
	assert.Empty(t, fixed.MarginSearch)
	require.Len(t, fixed.Rows, len(rm.Rows))
	for i := range rm.Rows {
		assert.InDelta(t, fixed.Rows[i].TotalCostPerYear, rm.Rows[i].TotalCostPerYear, 1e-6*math.Abs(fixed.Rows[i].TotalCostPerYear)+1e-9, rm.Rows[i].Target)
		assert.Equal(t, fixed.Rows[i].Checks, rm.Rows[i].Checks, rm.Rows[i].Target)
	}

	// The table says so.
	code, out, errOut := cli(t, "plan", "--limit-hours", "672", "--margin", "auto")
	require.Zero(t, code, errOut)
	assert.Contains(t, out, "(--margin auto: see the margin search below)")
	assert.Contains(t, out, "Margin search (--margin auto)")
	assert.Contains(t, out, fmt.Sprintf("The least margin found at which every design holds: %s (at %s one missed)", marginText(least), marginText(below)))
	assert.Contains(t, out, "← this roadmap")
	assert.NotContains(t, out, "plan with --margin (e.g.", "no advice to add a margin once one was found")
}

func TestPlanMarginAutoRefused(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "frontier", "--margin", "auto"}, "--margin auto applies to the roadmap"},
		{[]string{"plan", "--margin", "auto", "--no-check"}, "which --no-check does not run"},
		{[]string{"plan", "pathway", "--margin", "auto"}, "--margin auto applies to the roadmap (zeropark plan); plan pathway takes a number"},
		{[]string{"plan", "--margin", "automatic"}, "not a number nor auto"},
		{[]string{"plan", "--margin", "1e400"}, "value out of range"},
	} {
		code, stdout, errOut := cli(t, c.args...)
		assert.Equal(t, exitBadInput, code, strings.Join(c.args, " "))
		assert.Empty(t, stdout)
		assert.Contains(t, errOut, c.want, strings.Join(c.args, " "))
	}
}

// The report says a search stopped at the largest margin by package
// results' copy of plan.MaxMargin.
func TestMarginBoundsAgree(t *testing.T) {
	assert.Equal(t, plan.MaxMargin, results.MaxMargin)
}
