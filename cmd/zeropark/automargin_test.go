package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// --margin auto on four weeks of the demo: the rounds are recorded; each
// stage's design is from the least margin at which it held, and a margin
// a step below missed (or it held without one); every check of the
// roadmap holds; and each design is the one --margin at its figure gives
// (each round is an ordinary plan).
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
	assert.False(t, rm.MarginSearch[0].Holds(), "the demo's four weeks miss near-zero under forecasts without a margin")
	stages := rm.MarginSearch[0].Stages
	require.Len(t, stages, 3, "the demo reaches every stage")
	largest, sized := 0.0, map[float64]bool{}
	for j := range stages {
		least := math.Inf(1)
		below := -1.0
		for _, r := range rm.MarginSearch {
			if r.Stages[j].Holds {
				least = math.Min(least, r.Margin)
			}
		}
		require.False(t, math.IsInf(least, 1), "%s: no round held", stages[j].Stage)
		for _, r := range rm.MarginSearch {
			if !r.Stages[j].Holds && r.Margin < least {
				below = math.Max(below, r.Margin)
			}
			assert.Equal(t, r.Margin == least, r.Stages[j].Kept, "%s kept at the least margin that held, round at %v", stages[j].Stage, r.Margin)
		}
		if least > 0 {
			assert.InDelta(t, least-scenario.MarginStep, below, 1e-9, "%s: the search ends with a miss a step below", stages[j].Stage)
		}
		row := rm.Rows[1+j]
		require.NotNil(t, row.SizedMargin, row.Target)
		assert.Equal(t, least, *row.SizedMargin, row.Target)
		largest = math.Max(largest, least)
		sized[least] = true
		for _, c := range row.Checks {
			assert.True(t, c.Holds, "%s under %s", row.Target, c.Policy)
		}
	}
	assert.Equal(t, largest, rm.Margin, "the roadmap's margin is the largest a stage needed")
	assert.Zero(t, *rm.Rows[1].SizedMargin, "low-carbon holds on the demo without a margin")
	assert.Positive(t, *rm.Rows[2].SizedMargin, "near-zero needs one")

	// Each design as --margin at its figure plans it.
	for m := range sized {
		code, stdout, errOut = cli(t, "plan", "--limit-hours", "672", "--margin", marginText(m), "--json")
		require.Zero(t, code, errOut)
		var fixed results.Roadmap
		require.NoError(t, json.Unmarshal([]byte(stdout), &fixed))
		assert.Empty(t, fixed.MarginSearch)
		require.Len(t, fixed.Rows, len(rm.Rows))
		for i := 1; i < len(rm.Rows); i++ {
			if *rm.Rows[i].SizedMargin != m {
				continue
			}
			assert.InDelta(t, fixed.Rows[i].TotalCostPerYear, rm.Rows[i].TotalCostPerYear, 1e-6*math.Abs(fixed.Rows[i].TotalCostPerYear), rm.Rows[i].Target)
			assert.Equal(t, fixed.Rows[i].Added, rm.Rows[i].Added, rm.Rows[i].Target)
			assert.Equal(t, fixed.Rows[i].Checks, rm.Rows[i].Checks, rm.Rows[i].Target)
		}
	}

	// The table says so, and the design parks written are the roadmap's.
	dir := t.TempDir()
	code, out, errOut := cli(t, "plan", "--limit-hours", "672", "--margin", "auto", "--out", dir)
	require.Zero(t, code, errOut)
	assert.Contains(t, out, "Margin search (--margin auto)")
	assert.Contains(t, out, fmt.Sprintf("near-zero-carbon: held at %s, the least margin found (at %s it missed)",
		marginText(*rm.Rows[2].SizedMargin), marginText(*rm.Rows[2].SizedMargin-scenario.MarginStep)))
	assert.Contains(t, out, "low-carbon: holds without a margin")
	assert.NotContains(t, out, "A design that fails in operation was sized", "no advice to add a margin once one was found")
	// roadmap.csv says each design's margin on its row.
	f, err := os.Open(filepath.Join(dir, results.RoadmapCSVFile))
	require.NoError(t, err)
	csvRows, err := results.ReadRoadmapCSV(f, "roadmap.csv")
	require.NoError(t, f.Close())
	require.NoError(t, err)
	require.Len(t, csvRows, len(rm.Rows))
	assert.Nil(t, csvRows[0].MarginFraction, "today's park is not sized")
	for i := 1; i < len(csvRows); i++ {
		require.NotNil(t, csvRows[i].MarginFraction, csvRows[i].Target)
		assert.Equal(t, *rm.Rows[i].SizedMargin, *csvRows[i].MarginFraction, csvRows[i].Target)
	}
	f, err = os.Open(filepath.Join(dir, results.RoadmapJSONFile))
	require.NoError(t, err)
	written, err := results.ReadRoadmapJSON(f, "roadmap.json")
	require.NoError(t, f.Close())
	require.NoError(t, err)
	assert.Len(t, written.ParkSHA256, 64, "the inputs' digests, named once for the roadmap kept")
	assert.Equal(t, rm.SeriesSHA256, written.SeriesSHA256)
	require.Len(t, written.MarginSearch, len(rm.MarginSearch))
	for i := range rm.MarginSearch {
		want := rm.MarginSearch[i]
		want.SolveSeconds = written.MarginSearch[i].SolveSeconds // the clock's
		assert.Equal(t, want, written.MarginSearch[i])
	}
	for _, s := range plan.RoadmapStages() {
		f, err := os.Open(filepath.Join(dir, results.DesignParkFile(s)))
		require.NoError(t, err)
		p, err := model.ReadParkJSON(f, results.DesignParkFile(s))
		require.NoError(t, f.Close())
		require.NoError(t, err)
		pv := 0.0
		for _, a := range p.PV {
			pv += a.CapacityKWp
		}
		i := 1 + slices.Index(plan.RoadmapStages(), s)
		assert.InDelta(t, rm.Rows[i].Total.PVKWp, pv, 1e-6*pv, "%s's park holds its design's PV", s)
	}
}

// With --staged one search serves every stage (each built on the one
// before, they cannot be sized at margins of their own): every stage is
// kept from one round, the least margin at which all held.
func TestPlanMarginAutoStaged(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the demo's four weeks about four times")
	}
	code, stdout, errOut := cli(t, "plan", "--limit-hours", "672", "--margin", "auto", "--staged", "--json")
	require.Zero(t, code, errOut)
	var rm results.Roadmap
	require.NoError(t, json.Unmarshal([]byte(stdout), &rm))
	require.NotEmpty(t, rm.MarginSearch)
	least := math.Inf(1)
	for _, r := range rm.MarginSearch {
		if r.Holds() {
			least = math.Min(least, r.Margin)
		}
	}
	require.False(t, math.IsInf(least, 1))
	assert.Equal(t, least, rm.Margin)
	for _, r := range rm.MarginSearch {
		for _, s := range r.Stages {
			assert.Equal(t, r.Margin == least, s.Kept, "%s in the round at %v", s.Stage, r.Margin)
		}
	}
	for _, row := range rm.Rows {
		assert.Nil(t, row.SizedMargin, "%s: one margin for all", row.Target)
		for _, c := range row.Checks {
			assert.True(t, c.Holds, "%s under %s", row.Target, c.Policy)
		}
	}
}

func TestPlanMarginAutoRefused(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "frontier", "--margin", "auto"}, "--margin auto applies to the roadmap"},
		{[]string{"plan", "--margin", "auto", "--no-check"}, "which --no-check does not run"},
		{[]string{"plan", "pathway", "--margin", "auto", "--no-check"}, "which --no-check does not run"},
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

// plan pathway --margin auto on four weeks of the demo: one search for
// every milestone (each built on the one before), the pathway kept the
// round at the least margin at which every milestone held, the rounds in
// pathway.json and the table.
func TestPathwayMarginAuto(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the demo's pathway over four weeks about four times")
	}
	dir := t.TempDir()
	code, stdout, errOut := cli(t, "plan", "pathway", "--limit-hours", "672", "--margin", "auto", "--out", dir)
	require.Zero(t, code, errOut)
	pw := readPathwayJSON(t, dir)
	require.NotEmpty(t, pw.MarginSearch)
	assert.False(t, pw.MarginSearch[0].Holds(), "the demo's near-zero milestone misses under forecasts without a margin")
	least, below := math.Inf(1), -1.0
	for _, r := range pw.MarginSearch {
		if r.Holds() {
			least = math.Min(least, r.Margin)
		}
	}
	require.False(t, math.IsInf(least, 1), "no round held: %+v", pw.MarginSearch)
	for _, r := range pw.MarginSearch {
		if !r.Holds() && r.Margin < least {
			below = math.Max(below, r.Margin)
		}
		for _, s := range r.Stages {
			assert.Equal(t, r.Margin == least, s.Kept, "%s in the round at %v", s.Stage, r.Margin)
		}
	}
	assert.InDelta(t, least-scenario.MarginStep, below, 1e-9)
	assert.Equal(t, least, pw.Margin)
	assert.Len(t, pw.ParkSHA256, 64, "the inputs' digests, once for the pathway kept")
	assert.Len(t, pw.SeriesSHA256, 64)
	require.NotEmpty(t, pw.Rows)
	for _, r := range pw.Rows {
		require.NotEmpty(t, r.Checks, "%d", r.Year)
		for _, c := range r.Checks {
			assert.True(t, c.Holds, "%d %s under %s", r.Year, r.Target, c.Policy)
		}
	}
	assert.Equal(t, fmt.Sprintf("%d %s", pw.Rows[1].Year, pw.Rows[1].Target), pw.MarginSearch[0].Stages[1].Stage)
	assert.Contains(t, stdout, "Margin search (--margin auto): the pathway planned at each margin")
	assert.Contains(t, stdout, fmt.Sprintf("every stage limit tightened by %s (--margin auto: see the margin search below)", strconv.FormatFloat(100*least, 'f', 1, 64)+" %"))
	assert.NotContains(t, stdout, "solver (s)", "a pathway does not time its solves")
}

// A park that reaches low-carbon alone: the search is low-carbon's, the
// stages out of reach stay so (their rows from the first round), and the
// table has low-carbon's column only.
func TestPlanMarginAutoStagesOutOfReach(t *testing.T) {
	park, series := writeInputs(t, handFlatPark, handFlatSeries())
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--margin", "auto", "--json")
	require.Equal(t, exitOK, code, errOut)
	var rm results.Roadmap
	require.NoError(t, json.Unmarshal([]byte(stdout), &rm))
	require.NotEmpty(t, rm.MarginSearch)
	for _, r := range rm.MarginSearch {
		require.Len(t, r.Stages, 1)
		assert.Equal(t, "low-carbon", r.Stages[0].Stage)
	}
	require.Len(t, rm.Rows, 4)
	require.NotNil(t, rm.Rows[1].SizedMargin)
	for _, row := range rm.Rows[2:] {
		assert.NotEmpty(t, row.Unreachable, row.Target)
		assert.Nil(t, row.SizedMargin, row.Target)
	}
	code, text, errOut := cli(t, "plan", "--park", park, "--series", series, "--margin", "auto")
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `round\s+margin\s+low-carbon\s`, text)
	assert.NotRegexp(t, `round\s+margin\s+low-carbon\s+near-zero`, text)
}

func TestParseStageMargins(t *testing.T) {
	m, err := parseStageMargins("near-zero-carbon=0.18, zero-carbon=0.2")
	require.NoError(t, err)
	assert.Equal(t, map[dispatch.Stage]float64{dispatch.NearZeroCarbon: 0.18, dispatch.ZeroCarbon: 0.2}, m)
	assert.Equal(t, "near-zero-carbon=0.18,zero-carbon=0.2", stageMarginsText(m))
	for in, want := range map[string]string{
		"carbon-neutral=0.1":                 `"carbon-neutral": not a stage the roadmap plans (low-carbon, near-zero-carbon or zero-carbon)`,
		"conventional=0.1":                   "not a stage the roadmap plans",
		"low-carbon=0.1,low-carbon=0.2":      "low-carbon given twice",
		"low-carbon=0.95":                    "low-carbon=0.95: must be in [0, 0.9]",
		"low-carbon=-0.1":                    "must be in [0, 0.9]",
		"low-carbon=lots":                    "low-carbon=lots: not a number",
		"low-carbon=0.1,near-zero-carbon":    `"near-zero-carbon": want STAGE=FRACTION`,
		"near-zero-carbon=NaN":               "must be in [0, 0.9]",
		"near-zero-carbon=0.1,zero-carbon=1": "zero-carbon=1: must be in [0, 0.9]",
	} {
		_, err := parseStageMargins(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
}

// --margin STAGE=F,… plans once per distinct margin and takes each
// stage's design from the plan at its own: here the margins --margin auto
// found on the demo's four weeks give its roadmap again, low-carbon's
// design the plain plan's and near-zero's the one --margin 0.22 plans.
func TestPlanStageMargins(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the demo's four weeks four times")
	}
	roadmap := func(args ...string) results.Roadmap {
		code, stdout, errOut := cli(t, append([]string{"plan", "--limit-hours", "672", "--json"}, args...)...)
		require.Zero(t, code, errOut)
		var rm results.Roadmap
		require.NoError(t, json.Unmarshal([]byte(stdout), &rm))
		return rm
	}
	given := roadmap("--margin", "near-zero-carbon=0.22,zero-carbon=0.22")
	assert.Empty(t, given.MarginSearch, "no search: the margins were given")
	assert.Equal(t, 0.22, given.Margin, "the largest")
	plain, tight := roadmap(), roadmap("--margin", "0.22")
	require.Len(t, given.Rows, 4)
	for i, want := range []results.RoadmapRow{plain.Rows[1], tight.Rows[2], tight.Rows[3]} {
		row := given.Rows[1+i]
		require.NotNil(t, row.SizedMargin, row.Target)
		assert.InDelta(t, want.TotalCostPerYear, row.TotalCostPerYear, 1e-6*math.Abs(want.TotalCostPerYear), row.Target)
		assert.Equal(t, want.Added, row.Added, row.Target)
		assert.Equal(t, want.Checks, row.Checks, row.Target)
	}
	assert.Equal(t, 0.0, *given.Rows[1].SizedMargin)
	assert.Equal(t, 0.22, *given.Rows[2].SizedMargin)

	code, out, errOut := cli(t, "plan", "--limit-hours", "672", "--margin", "near-zero-carbon=0.22,zero-carbon=0.22")
	require.Zero(t, code, errOut)
	assert.Contains(t, out, "Margin    each stage's limits tightened by its own margin (--margin STAGE=F,…): low-carbon 0.0 %, near-zero-carbon 22.0 %, zero-carbon 22.0 %")
	assert.NotContains(t, out, "Margin search")

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "frontier", "--margin", "low-carbon=0.1"}, "a margin per stage applies to the roadmap"},
		{[]string{"plan", "--staged", "--margin", "low-carbon=0.1"}, "with --staged each stage builds on the design before it"},
		{[]string{"plan", "pathway", "--margin", "low-carbon=0.1"}, "a margin per stage is the roadmap's (zeropark plan): give one number"},
		{[]string{"plan", "--margin", "low-carbon=2"}, "low-carbon=2: must be in [0, 0.9]"},
	} {
		code, stdout, errOut := cli(t, c.args...)
		assert.Equal(t, exitBadInput, code, strings.Join(c.args, " "))
		assert.Empty(t, stdout)
		assert.Contains(t, errOut, c.want, strings.Join(c.args, " "))
	}
}
