package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/sweep"
)

// An error that names its own file, line and column prints after exactly
// one "zeropark CMD: ", with no "bad input: ", no package prefix ("model: ",
// "plan: ") and its file named once, from every command that reads a park
// (QA findings F6 and F14: plan printed "bad input: park.json,
// series.csv: plan: park.json:L:C: …", run and plan "model: park.json:L:C:
// …"). The exit code stays 2.
func TestPositionedErrorOnePrefix(t *testing.T) {
	typed := strings.Replace(testPark, `"capacity_kwp": 200`, `"capacity_kwp": "x"`, 1)
	const anchor = `"currency": "USD",`
	require.Contains(t, planPark, anchor)
	noCHP := strings.Replace(planPark, anchor, anchor+` "chp": {"max_total_kw": 500},`, 1)
	badSeries := strings.Replace(testSeries, "2024-06-01T03:00:00+08:00", "tomorrow", 1)
	for _, c := range []struct {
		name, park, series string
		args               []string
		key                string // where the problem is in the park ("" for the series)
		want               string // the problem, after its position
	}{
		{"run json", typed, testSeries, []string{"run", "--limit-hours", "24"}, `"x"`,
			`pv[0] "roof": key "capacity_kwp": value "x": want a number`},
		{"plan json", typed, testSeries, []string{"plan", "--no-check"}, `"x"`,
			`pv[0] "roof": key "capacity_kwp": value "x": want a number`},
		{"sweep json", typed, testSeries, []string{"sweep", "--vary", "pv.capacity_kwp=100:200:100"}, `"x"`,
			`pv[0] "roof": key "capacity_kwp": value "x": want a number`},
		{"plan candidate", noCHP, testSeries, []string{"plan", "--no-check"}, `"max_total_kw": 500`,
			"economics.chp.max_total_kw = 500: the park has no CHP"},
		{"run series", testPark, badSeries, []string{"run"}, "",
			`column "timestamp": value "tomorrow": not an RFC 3339 timestamp`},
		{"sweep series", testPark, badSeries, []string{"sweep", "--vary", "pv.capacity_kwp=100:200:100"}, "",
			`column "timestamp": value "tomorrow": not an RFC 3339 timestamp`},
	} {
		t.Run(c.name, func(t *testing.T) {
			park, series := writeInputs(t, c.park, c.series)
			pos, file := series+":5", series // the timestamp of 03:00 is on line 5
			if c.key != "" {
				line, col := lineCol(t, c.park, c.key)
				pos, file = fmt.Sprintf("%s:%d:%d", park, line, col), park
			}
			args := append(append([]string{}, c.args...), "--park", park, "--series", series)
			if c.args[0] == "sweep" {
				args = append(args, "--out", series+".sweep.csv")
			}
			code, stdout, errOut := cli(t, args...)
			assert.Equal(t, exitBadInput, code, errOut)
			assert.Empty(t, stdout)
			want := fmt.Sprintf("zeropark %s: %s: %s", c.args[0], pos, c.want)
			assert.True(t, strings.HasPrefix(errOut, want), "got  %q\nwant %q…", errOut, want)
			assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
			assert.Equal(t, 1, strings.Count(errOut, "zeropark"), errOut)
			assert.Equal(t, 1, strings.Count(errOut, file), "the file named once: %q", errOut)
			rest := strings.TrimPrefix(errOut, "zeropark "+c.args[0]+": ")
			for _, stacked := range []string{"bad input", "model: ", "plan: ", "sweep: "} {
				assert.NotContains(t, rest, stacked)
			}
		})
	}
}

// validate prints each problem on its own line (no prefix: a list) and
// then one "zeropark validate: N problem(s) found" line, without "bad
// input: ".
func TestValidatePositionedErrorOnePrefix(t *testing.T) {
	typed := strings.Replace(testPark, `"capacity_kwp": 200`, `"capacity_kwp": "x"`, 1)
	park, series := writeInputs(t, typed, testSeries)
	line, col := lineCol(t, typed, `"x"`)
	code, stdout, errOut := cli(t, "validate", "--park", park, "--series", series)
	assert.Equal(t, exitBadInput, code, errOut)
	all := stdout + errOut
	assert.Contains(t, all, fmt.Sprintf("%s:%d:%d: pv[0] \"roof\": key \"capacity_kwp\": value \"x\": want a number\n", park, line, col))
	assert.True(t, strings.HasSuffix(errOut, "zeropark validate: 1 problem found\n"), errOut)
	assert.Equal(t, 1, strings.Count(all, "zeropark"), all)
	assert.NotContains(t, all, "bad input")
	assert.NotContains(t, all, "model: ")
}

// positionedMessage drops the wrappers' repeats in front of a problem that
// names its file (package names, its file, a list of inputs holding it)
// and keeps any other context; the error's own chain is unchanged.
func TestPositionedMessage(t *testing.T) {
	ie := &plan.InputError{File: "p.json", Line: 3, Col: 5, Field: "economics.chp.max_total_kw", Value: 500, Reason: "no CHP"}
	fe := &model.FieldError{Asset: "economics", Field: "wind.max_total_kw", Value: 6000.0, Reason: "is below 7000 kW"}
	je := &model.JSONError{File: "p.json", Line: 7, Col: 9, Key: "energy_kwh", Err: errors.New("want a number")}
	pe := &model.ParseError{File: "s.csv", Line: 4, Column: "co2", Value: "x", Err: errors.New("not a number")}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"plan inputs and prefixes", badInput(fmt.Errorf("p.json, s.csv: %w", ie)),
			"p.json:3:5: economics.chp.max_total_kw = 500: no CHP"},
		{"context kept", fmt.Errorf("%w: combination 6 (wind.capacity_kw=7000): %w", sweep.ErrSpec, fe),
			"invalid specification: combination 6 (wind.capacity_kw=7000): economics: wind.max_total_kw = 6000: is below 7000 kW"},
		{"context before the file kept", fmt.Errorf("the full series: p.json, s.csv: %w", ie),
			"the full series: p.json:3:5: economics.chp.max_total_kw = 500: no CHP"},
		{"each line of a join", errors.Join(fmt.Errorf("p.json: %w", je), fmt.Errorf("s.csv: %w", pe)),
			"p.json:7:9: key \"energy_kwh\": want a number\ns.csv:4: column \"co2\": value \"x\": not a number"},
		{"other files kept", fmt.Errorf("q.json: %w", je), "q.json: p.json:7:9: key \"energy_kwh\": want a number"},
		{"unknown kinds untouched", fmt.Errorf("model: %w", errors.New("plan: x")), "model: plan: x"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, positionedMessage(c.err.Error(), c.err))
		})
	}
	err := badInput(fmt.Errorf("p.json, s.csv: %w", ie))
	assert.True(t, errors.Is(err, errBadInput))
	assert.True(t, errors.Is(err, model.ErrInvalid))
	var got *plan.InputError
	require.True(t, errors.As(err, &got))
	assert.Same(t, ie, got)
	assert.Equal(t, "p.json, s.csv: "+ie.Error(), err.Error(), "the error's own text is the wrappers' (library callers)")
}

// badInput marks an error for exit 2 without adding to its message.
func TestBadInputAddsNoText(t *testing.T) {
	inner := errors.New("--workers 0: must be ≥ 1")
	err := badInput(inner)
	assert.Equal(t, inner.Error(), err.Error())
	assert.ErrorIs(t, err, errBadInput)
	assert.ErrorIs(t, err, inner)
	assert.Equal(t, exitBadInput, exitCode(fmt.Errorf("wrapped: %w", err)))
	assert.NotErrorIs(t, inner, errBadInput)
}

// An --out directory holding a user's file is named once, after the flag,
// with no package prefix: "zeropark run: --out D: cannot write output: …".
func TestOutDirErrorOnePrefix(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mine.txt"), nil, 0o644))
	code, _, errOut := cli(t, "run", "--park", park, "--series", series, "--out", dir)
	assert.Equal(t, exitBadInput, code, errOut)
	want := "zeropark run: --out " + dir + ": cannot write output: the run's files"
	assert.True(t, strings.HasPrefix(errOut, want), "got  %q\nwant %q…", errOut, want)
	assert.Equal(t, 1, strings.Count(errOut, dir), errOut)
	assert.NotContains(t, errOut, "results: ")
	assert.NotContains(t, errOut, "bad input")
}

// A package's name alone between the parts of an error ("--vary: sweep:
// …", "a.csv: results: …") is dropped from the printed line; words that
// merely contain one stay (QA, 2026-12-04).
func TestWithoutPackageWords(t *testing.T) {
	assert.Equal(t, `--vary: "load.scale=0,1": 0: load.scale must be > 0`,
		withoutPackageWords(`--vary: sweep: "load.scale=0,1": 0: load.scale must be > 0`))
	assert.Equal(t, "a.csv: cannot answer\nb.csv: x", withoutPackageWords("a.csv: results: cannot answer\nresults: b.csv: x"))
	assert.Equal(t, "the plan: sweeps: plan", withoutPackageWords("the plan: sweeps: plan"), "the last part is the text itself")

	dir := t.TempDir()
	in := filepath.Join(dir, "a.csv")
	require.NoError(t, os.WriteFile(in, []byte("combination,pv.capacity_kwp\n0,1\n"), 0o644))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "--demo", "texas2012", "--vary", "load.scale=0,1", "--out", filepath.Join(dir, "x.csv")},
			`zeropark sweep: --vary: "load.scale=0,1": 0: load.scale must be > 0` + "\n"},
		{[]string{"plot", "sweep", "--in", in, "--x", "pv.capacity_kwp", "--y", "battery.energy_kwh", "--out", filepath.Join(dir, "p.png")},
			"zeropark plot: " + in + `: cannot answer from the table: parameter "battery.energy_kwh" is not in the sweep rows (varied: pv.capacity_kwp)` + "\n"},
		{[]string{"plan", "pathway", "--base-year", "2026", "--milestones", "2030:near-zero-carbon,2032:low-carbon"},
			"zeropark plan pathway: --milestones 2030:near-zero-carbon,2032:low-carbon: 2032:low-carbon: below the milestone before it (near-zero-carbon in 2030): targets may only rise\n"},
		{[]string{"plan", "frontier", "--points", "0"}, "zeropark plan frontier: --points 0: must be in [2, 1000]\n"},
	} {
		code, _, errOut := cli(t, c.args...)
		assert.Equal(t, exitBadInput, code, errOut)
		assert.Equal(t, c.want, errOut)
	}
}

// `zeropark run` without --demo or --park runs the default demo, as its
// --demo help says and every other command does (QA, 2026-12-04: it
// refused, "name the park", after a session had made that refusal print
// the synopsis only).
func TestRunDefaultsToTheDemo(t *testing.T) {
	code, stdout, errOut := cli(t, "run", "--limit-hours", "24", "--policy", "grid", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, `"demo": "texas2012"`)
}

// plot week on a series shorter than the days asked draws what the
// series has, says so on stderr and names the span drawn, not "7 days"
// (QA, 2026-12-04).
func TestPlotWeekSaysWhatItDrew(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	out := filepath.Join(t.TempDir(), "w.svg")
	code, stdout, errOut := cli(t, "plot", "week", "--park", park, "--series", series, "--policy", "perfect",
		"--from", "2024-06-01", "--days", "7", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark plot week: warning: the series covers 24 h of the 7 days asked, 2024-06-01T00:00:00+08:00 to 2024-06-02T00:00:00+08:00")
	assert.Contains(t, stdout, "2024-06-01 00:00 to 2024-06-02 00:00)")
	assert.NotContains(t, stdout, "7 days")
}

// plot sweep says how many cells it drew of the file's rows: a slice of a
// three-parameter sweep draws fewer cells than the file has rows (QA,
// 2026-12-04: "16 rows" said of 8 cells).
func TestPlotSweepCountsCells(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "s.csv")
	var b strings.Builder
	b.WriteString("combination,a.x_kw,b.y_kw,c.z_kw,policy,offsets_needed_tco2e,stage\n")
	for k := range 8 {
		fmt.Fprintf(&b, "%d,%d,%d,%d,mpc,%d,conventional\n", k, k%2, (k/2)%2, k/4, 10-k)
	}
	require.NoError(t, os.WriteFile(in, []byte(b.String()), 0o644))
	code, stdout, errOut := cli(t, "plot", "sweep", "--in", in, "--x", "a.x_kw", "--y", "b.y_kw", "--out", filepath.Join(dir, "p.svg"))
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "(4 of 4 cells with a row, from the 8 rows of "+in+")")
}

// validate counts every bad value, those past the listed ones too: 28
// values that do not parse are "28 problems found", not the 21 lines
// printed (QA, 2026-12-04).
func TestValidateCountsUnlistedValues(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(testSeries), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	for k := range 48 {
		row := strings.SplitN(lines[1+k%24], ",", 3)
		load := row[1]
		if k < 28 {
			load = "x"
		}
		fmt.Fprintf(&b, "%s,%s,%s\n", start.Add(time.Duration(k)*time.Hour).Format(time.RFC3339), load, row[2])
	}
	park, series := writeInputs(t, testPark, b.String())
	code, stdout, errOut := cli(t, "validate", "--park", park, "--series", series)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, stdout, "8 more values that do not parse")
	assert.Equal(t, "zeropark validate: 28 problems found\n", errOut)
}

// validate with --park alone says it did not check the series (QA,
// 2026-12-04: "ok:" alone read as the park and its data checked).
func TestValidateParkAloneSaysSo(t *testing.T) {
	park, _ := writeInputs(t, testPark, testSeries)
	code, stdout, errOut := cli(t, "validate", "--park", park)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "ok: ")
	assert.Contains(t, stdout, "its series columns and values not checked (give --series FILE too)")
}

// plot sweep warns when its file holds only some of the sweep's
// combinations (a shard): its cells and cheapest marks are of those only
// (QA, 2026-12-04: a shard of 4 of 12 combinations drew "4 of 4 cells"
// with no word). A whole sweep, or a file without the count, draws
// without the warning.
func TestPlotSweepWarnsOfAShard(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, ks []int, total int) string {
		var b strings.Builder
		b.WriteString("combination,a.x_kw,b.y_kw,policy,offsets_needed_tco2e,stage,combination_count,park_sha256,series_sha256,settings_sha256,zeropark_version\n")
		for _, k := range ks {
			fmt.Fprintf(&b, "%d,%d,%d,mpc,%d,conventional,%d,p,s,o,v\n", k, k%2, k/2, 10-k, total)
		}
		in := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(in, []byte(b.String()), 0o644))
		return in
	}
	shard := write("shard.csv", []int{0, 2}, 4)
	code, _, errOut := cli(t, "plot", "sweep", "--in", shard, "--x", "a.x_kw", "--y", "b.y_kw", "--out", filepath.Join(dir, "s.svg"))
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "warning: "+shard+" holds 2 of the sweep's 4 combinations (a shard, or a sweep not finished)")
	whole := write("whole.csv", []int{0, 1, 2, 3}, 4)
	code, _, errOut = cli(t, "plot", "sweep", "--in", whole, "--x", "a.x_kw", "--y", "b.y_kw", "--out", filepath.Join(dir, "w.svg"))
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, errOut, "warning")
}

// --colour naming a column that is not a number blames the flag, not the
// file (QA, 2026-12-04: "unusable file: s.csv:2: column stage …").
func TestPlotSweepColourNotANumber(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "s.csv")
	require.NoError(t, os.WriteFile(in, []byte("combination,a.x_kw,b.y_kw,policy,offsets_needed_tco2e,stage\n0,0,0,mpc,1,conventional\n1,1,0,mpc,2,low-carbon\n"), 0o644))
	code, _, errOut := cli(t, "plot", "sweep", "--in", in, "--x", "a.x_kw", "--y", "b.y_kw", "--colour", "stage", "--out", filepath.Join(dir, "s.svg"))
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, `--colour stage: `+in+` line 2 has "conventional" there, not a number`)
	assert.NotContains(t, errOut, "unusable file")

	// A cost_to_… cell is empty where the row cannot reach the stage: the
	// cell is drawn so, hatched, "cannot reach", the legend naming the
	// stage, and the summary counts it (QA S8, session 37: the sweep was
	// refused as "not a number").
	in2 := filepath.Join(dir, "c.csv")
	require.NoError(t, os.WriteFile(in2, []byte("combination,a.x_kw,b.y_kw,policy,offsets_needed_tco2e,stage,total_cost_per_year,cost_to_near_zero_carbon_per_year\n"+
		"0,0,0,mpc,1,conventional,4,\n1,1,0,mpc,2,near-zero-carbon,5,5\n"), 0o644))
	svg := filepath.Join(dir, "c.svg")
	code, stdout, errOut := cli(t, "plot", "sweep", "--in", in2, "--x", "a.x_kw", "--y", "b.y_kw", "--colour", "cost_to_near_zero_carbon_per_year", "--out", svg)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "(2 of 2 cells with a row, 1 of them cannot reach near-zero-carbon, from the 2 rows of "+in2+")")
	checkImage(t, svg, 0, 0, ">cannot reach near-zero-carbon<", ">cannot reach<", ">  (no cost to it, even by buying)<")
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	assert.NotContains(t, string(b), ">no run<", "the cell has a row")

	// A sweep without costs (a park without economics): the flag is
	// blamed, with what to colour by instead.
	in3 := filepath.Join(dir, "e.csv")
	require.NoError(t, os.WriteFile(in3, []byte("combination,a.x_kw,b.y_kw,policy,offsets_needed_tco2e,stage,total_cost_per_year,cost_to_near_zero_carbon_per_year\n"+
		"0,0,0,mpc,1,conventional,,\n1,1,0,mpc,2,near-zero-carbon,,\n"), 0o644))
	code, _, errOut = cli(t, "plot", "sweep", "--in", in3, "--x", "a.x_kw", "--y", "b.y_kw", "--colour", "cost_to_near_zero_carbon_per_year", "--out", filepath.Join(dir, "e.svg"))
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--colour cost_to_near_zero_carbon_per_year: "+in3+" line 2 has it empty, and no total_cost_per_year either: the sweep has no costs")
	assert.NotContains(t, errOut, "unusable file")
}

// plot week refuses what it would draw otherwise than said (QA,
// 2026-12-04): --days beyond a month (the ticks fused), a --from in the
// middle of an interval (drawn from the next one while the message said
// --from, now refused naming the two starts about it); a --from in UTC is
// reported on the series' clock, as the axis shows it.
func TestPlotWeekRefusesWhatItWouldNotDraw(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	out := filepath.Join(t.TempDir(), "w.svg")
	week := func(args ...string) (int, string, string) {
		return cli(t, append([]string{"plot", "week", "--park", park, "--series", series, "--policy", "grid", "--out", out}, args...)...)
	}
	code, _, errOut := week("--days", "32")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--days 32: must be at most 31")
	code, _, errOut = week("--from", "2024-06-01T07:30:00+08:00", "--days", "1")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "not the start of an interval of the series (steps of 1h0m0s")
	assert.Contains(t, errOut, "give 2024-06-01T07:00:00+08:00 or 2024-06-01T08:00:00+08:00")
	code, stdout, errOut := week("--from", "2024-05-31T23:00:00Z", "--days", "1")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "2024-06-01 07:00 to", "the series' clock (+08:00), not UTC's 23:00")
}

// Merging shards that ran nothing warns that the combinations are all
// missing and prints no cheapest table: before, it printed every stage as
// "not reached by any scenario" and a note about --capex for a park with
// economics (QA, 2026-12-04).
func TestSweepMergeOfEmptyShards(t *testing.T) {
	dir := t.TempDir()
	shard := filepath.Join(dir, "s2.csv")
	code, stdout, errOut := cli(t, "sweep", "--limit-hours", "24", "--policy", "grid", "--vary", "battery.energy_kwh=0,1", "--shard", "2/3", "--out", shard)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, shard+" has no rows: nothing to rank.")
	merged := filepath.Join(dir, "all.csv")
	code, stdout, errOut = cli(t, "sweep", "merge", "-o", merged, shard)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "the files hold no rows (shards that ran nothing?)")
	assert.Contains(t, stdout, merged+" has no rows: nothing to rank.")
	assert.NotContains(t, stdout, "not reached by any scenario")
}
