package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/internal/filelock"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/sweep"
)

func TestSweepBadVary(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	out := filepath.Join(t.TempDir(), "r.csv")
	base := []string{"sweep", "--park", park, "--series", series, "--out", out}
	for _, tc := range []struct {
		name string
		args []string
		why  string
	}{
		{"unknown path", []string{"--vary", "pv.area_m2=1,2"}, `unknown field "area_m2"`},
		{"step zero", []string{"--vary", "pv.capacity_kwp=0:100:0"}, "step 0 must be > 0"},
		{"stop below start", []string{"--vary", "pv.capacity_kwp=100:0:10"}, "below start"},
		{"NaN", []string{"--vary", "battery.energy_kwh=NaN"}, "NaN"},
		{"too many", []string{"--vary", "pv.capacity_kwp=0:999:1", "--vary", "battery.energy_kwh=0:1001:1"}, "more than 1,000,000 combinations in all: the axes' 1000 × 1002 values make 1,002,000;"},
		{"duplicate path", []string{"--vary", "pv.capacity_kwp=1", "--vary", "pv.capacity_kwp=2"}, "given twice"},
		{"unknown asset", []string{"--vary", "pv[Carport].capacity_kwp=1"}, `no pv named "Carport"`},
		{"no vary", nil, "at least one --vary"},
		{"bad capex", []string{"--vary", "pv.capacity_kwp=1", "--capex", "load.scale=2"}, "capex path"},
		{"bad shard", []string{"--vary", "pv.capacity_kwp=1", "--shard", "3/3"}, "shard index"},
		{"bad workers", []string{"--vary", "pv.capacity_kwp=1", "--workers", "0"}, "--workers 0"},
		{"bad policy", []string{"--vary", "pv.capacity_kwp=1", "--policy", "magic"}, `--policy "magic"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := cli(t, append(append([]string{}, base...), tc.args...)...)
			assert.Equal(t, exitBadInput, code)
			assert.Contains(t, errOut, tc.why)
			_, err := os.Stat(out)
			assert.True(t, os.IsNotExist(err), "no output for a rejected sweep")
		})
	}
	code, _, errOut := cli(t, "sweep", "--park", park, "--series", series, "--vary", "pv.capacity_kwp=1")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--out FILE is required")
}

func TestSweepRunShardMerge(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	dir := t.TempDir()
	args := func(out string, extra ...string) []string {
		return append([]string{"sweep", "--park", park, "--series", series,
			"--vary", "battery.energy_kwh=0:200:100", "--vary", "pv.capacity_kwp=100,300",
			"--capex", "pv.capacity_kwp=60", "--out", out}, extra...)
	}
	whole := filepath.Join(dir, "whole.csv")
	code, out, errOut := cli(t, args(whole, "--workers", "2")...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "6 combinations: 0 already in")
	// Said before the run as well as after, so that an interrupted run's
	// output (stdout a file) says what it was doing.
	start, end := strings.Index(out, ", 6 to run\n"), strings.Index(out, ", 6 run now\n")
	require.GreaterOrEqual(t, start, 0, out)
	assert.Less(t, start, end, "the start line comes first")
	assert.Contains(t, out, "cheapest reaching")
	// The cheapest low-carbon scenario, recomputed from the CSV by hand:
	// energy + offset + certificate cost + 60 per kWp-year of PV over the
	// period's share of a year.
	assert.Contains(t, out, cheapestLowCarbonLine(t, whole, 60))
	// No progress bar when stderr is not a terminal: only the warning
	// that the fixture's day stands for a year poorly.
	assert.Equal(t, "zeropark sweep: warning: the _per_year columns: "+results.ShortPeriodScaling(24)+
		"; sweep over weeks or more (the full series, --limit-hours 168 or more)\n", errOut)

	// A second run has nothing left to do.
	code, out, _ = cli(t, args(whole)...)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "6 already in")
	assert.Contains(t, out, "0 run now")
	// Merging a file with itself warns, naming it.
	code, _, errOut = cli(t, "sweep", "merge", "-o", filepath.Join(dir, "self.csv"), whole, whole)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "warning: "+whole+" is given twice")
	// Resuming with other forecasters is refused: the rows were planned
	// with the defaults.
	code, _, errOut = cli(t, args(whole, "--forecast", "carbon=provided:co2")...)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "forecasters")
	// A new file with the choice records it in every row.
	chosen := filepath.Join(dir, "chosen.csv")
	code, _, errOut = cli(t, args(chosen, "--forecast", "carbon=provided:co2")...)
	require.Equal(t, exitOK, code, errOut)
	data, err := os.ReadFile(chosen)
	require.NoError(t, err)
	assert.Equal(t, 6, strings.Count(string(data), ",carbon=provided:co2"))

	var shards []string
	for i := range 3 {
		s := filepath.Join(dir, "part-"+string(rune('0'+i))+".csv")
		t.Setenv("JOB_COMPLETION_INDEX", string(rune('0'+i)))
		code, out, errOut := cli(t, args(s, "--shard", "auto/3", "--workers", "1")...)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "2 of 6 combinations")
		shards = append(shards, s)
	}
	merged := filepath.Join(dir, "merged.csv")
	code, out, errOut = cli(t, append([]string{"sweep", "merge", "-o", merged, "--capex", "pv.capacity_kwp=60"}, shards...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "6 rows")
	assert.Contains(t, out, "cheapest reaching")
	want, err := os.ReadFile(whole)
	require.NoError(t, err)
	got, err := os.ReadFile(merged)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	assert.Equal(t, 7, strings.Count(string(got), "\n"))

	// Merge errors are bad input.
	code, _, errOut = cli(t, "sweep", "merge", "-o", merged)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "no input files")
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("combination,x\n0,1\n"), 0o644))
	code, _, errOut = cli(t, "sweep", "merge", "-o", filepath.Join(dir, "m.csv"), shards[0], bad)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "header differs")

	// Resuming into a file of another sweep is refused, with exit 2.
	code, _, errOut = cli(t, "sweep", "--park", park, "--series", series,
		"--vary", "wind.capacity_kw=0", "--out", whole)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "header differs")
}

// cheapestLowCarbonLine finds, in a sweep CSV, the lowest-cost row whose
// stage is at least low-carbon (cost = (operating_cost_per_year +
// purchases_per_year + pvCapex × design PV kWp) × steps × step hours /
// 8760: the ledger's offset_cost_per_period and certificate_cost_per_period are alternatives,
// not both bought) and returns the start of the line the cheapest table
// prints for it.
func cheapestLowCarbonLine(t *testing.T, path string, pvCapex float64) string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	num := func(r []string, name string) float64 {
		j, ok := col[name]
		require.True(t, ok, "column %s", name)
		v, err := strconv.ParseFloat(r[j], 64)
		require.NoError(t, err, name)
		return v
	}
	best, bestCost := "", math.Inf(1)
	for _, r := range rows[1:] {
		if r[col["stage"]] == "conventional" {
			continue
		}
		years := num(r, "step_count") * num(r, "step_minutes") / 60 / 8760
		c := (num(r, "operating_cost_per_year") + num(r, "purchases_per_year") + pvCapex*num(r, "design_pv_capacity_kwp")) * years
		if c < bestCost {
			best, bestCost = r[col["combination"]], c
		}
	}
	require.NotEmpty(t, best, "no low-carbon row")
	return fmt.Sprintf("low-carbon         %s", best)
}

// The results file's guards, through the command line: a changed series
// refuses the resume (exit 2, naming it), a file without fingerprint needs
// --force-resume, a file another process writes is refused at once, and a
// merge missing combinations warns, or fails with --require-complete.
func TestSweepGuards(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	dir := t.TempDir()
	args := func(series, out string, extra ...string) []string {
		return append([]string{"sweep", "--park", park, "--series", series,
			"--vary", "battery.energy_kwh=0:200:100", "--out", out, "--workers", "1"}, extra...)
	}
	whole := filepath.Join(dir, "whole.csv")
	code, _, errOut := cli(t, args(series, whole)...)
	require.Equal(t, exitOK, code, errOut)
	data, err := os.ReadFile(whole)
	require.NoError(t, err)
	header := strings.SplitN(string(data), "\n", 2)[0]
	assert.True(t, strings.HasSuffix(header, ",combination_count,park_sha256,series_sha256,settings_sha256,zeropark_version"), header)

	t.Run("changed series", func(t *testing.T) {
		lines := strings.SplitAfter(testSeries, "\n")
		// Same numbers written differently do not count as a change.
		respaced := filepath.Join(t.TempDir(), "respaced.csv")
		require.NoError(t, os.WriteFile(respaced, []byte(strings.ReplaceAll(testSeries, ",0.", ",.")), 0o644))
		code, out, errOut := cli(t, args(respaced, whole)...)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "3 already in")
		// One changed value does.
		fields := strings.Split(lines[5], ",")
		fields[1] = "12345"
		lines[5] = strings.Join(fields, ",")
		changed := filepath.Join(t.TempDir(), "changed.csv")
		require.NoError(t, os.WriteFile(changed, []byte(strings.Join(lines, "")), 0o644))
		code, _, errOut = cli(t, args(changed, whole)...)
		assert.Equal(t, exitBadInput, code)
		assert.Contains(t, errOut, "the series changed")
		assert.Contains(t, errOut, whole)
	})
	t.Run("no fingerprint", func(t *testing.T) {
		lines := strings.SplitAfter(string(data), "\n")
		var old strings.Builder
		for _, l := range lines[:len(lines)-2] { // drop the last row too
			f := strings.Split(strings.TrimSuffix(l, "\n"), ",")
			if len(f) > 5 {
				old.WriteString(strings.Join(f[:len(f)-5], ",") + "\n")
			}
		}
		legacy := filepath.Join(t.TempDir(), "legacy.csv")
		require.NoError(t, os.WriteFile(legacy, []byte(old.String()), 0o644))
		code, _, errOut := cli(t, args(series, legacy)...)
		assert.Equal(t, exitBadInput, code)
		assert.Contains(t, errOut, "--force-resume")
		code, out, errOut := cli(t, args(series, legacy, "--force-resume")...)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "2 already in")
		assert.Contains(t, out, "1 run now")
		assert.Contains(t, errOut, "warning: ")
		assert.Contains(t, errOut, `"unrecorded" (2)`)
	})
	t.Run("locked", func(t *testing.T) {
		lk, err := filelock.TryLock(filelock.Path(whole))
		require.NoError(t, err)
		defer lk.Unlock()
		code, _, errOut := cli(t, args(series, whole)...)
		assert.Equal(t, exitBadInput, code)
		assert.Contains(t, errOut, "being written by another process")
		assert.Contains(t, errOut, fmt.Sprintf("process %d", os.Getpid()))
		code, _, errOut = cli(t, "sweep", "merge", "-o", whole, whole)
		assert.Equal(t, exitBadInput, code)
		assert.Contains(t, errOut, "being written by another process")
	})
	t.Run("merge missing", func(t *testing.T) {
		shard := filepath.Join(t.TempDir(), "s.csv")
		code, _, errOut := cli(t, args(series, shard, "--shard", "1/3")...)
		require.Equal(t, exitOK, code, errOut)
		merged := filepath.Join(t.TempDir(), "m.csv")
		code, out, errOut := cli(t, "sweep", "merge", "-o", merged, shard)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "merged 1 file: 1 row →")
		assert.Contains(t, out, "Cheapest among the 1 of 3 combinations merged only (2 missing")
		assert.Contains(t, errOut, "warning: 2 of 3 combinations missing: 0, 2")
		strict := filepath.Join(t.TempDir(), "strict.csv")
		code, _, errOut = cli(t, "sweep", "merge", "--require-complete", "-o", strict, shard)
		assert.Equal(t, exitBadInput, code)
		assert.Contains(t, errOut, "2 of 3 combinations missing: 0, 2")
		// Named by the subcommand that failed, the missing ones said once.
		assert.True(t, strings.HasPrefix(errOut, "zeropark sweep merge: "), errOut)
		assert.Equal(t, 1, strings.Count(errOut, "combinations missing"), errOut)
		_, err := os.Stat(strict)
		assert.True(t, os.IsNotExist(err))
		// Shard 0 resumed into shard 1's file (a wrong index typed on
		// the second machine): its row is kept and said (QA N7, session 39).
		code, out, errOut = cli(t, args(series, shard, "--shard", "0/3")...)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "0 already in "+shard+" (and 1 of other shards), 1 to run")
		code, out, errOut = cli(t, args(series, shard, "--shard", "1/3")...)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "1 already in "+shard+" (and 1 of other shards)")
		code, _, errOut = cli(t, "sweep", "merge", "--require-complete", "-o", strict, shard, whole)
		require.Equal(t, exitOK, code, errOut)
		assert.Empty(t, errOut)
	})
}

// Every column sweep --help names is a column of the results file
// (package results' constants) or the old name of one it says is read
// under its new name, so the help cannot drift from the file.
func TestSweepHelpNamesColumns(t *testing.T) {
	header := results.SweepHeader(nil, true)
	for _, r := range results.SweepRenames() {
		header = append(header, r.Old)
	}
	// snake_case words that are not part of a --vary path (after "." or
	// "]") nor an environment variable.
	words := regexp.MustCompile(`(^|[^.\]\w])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b`).FindAllStringSubmatch(sweepAbout, -1)
	require.NotEmpty(t, words)
	kinds := map[string]bool{} // a --vary path's kind, before its "." (heat_pump.capacity_kw_th)
	for _, p := range sweep.Paths() {
		k, _, _ := strings.Cut(p, ".")
		kinds[k] = true
	}
	for _, w := range words {
		if kinds[w[2]] {
			continue
		}
		assert.Contains(t, header, w[2], "sweep --help names %s", w[2])
	}
}

// A park with economics ranks its sweep by total_cost_per_year: --capex,
// which would rank by rates on the design totals, is refused (exit 2,
// nothing written), in sweep and in sweep merge of such files, so that the
// table and plot sweep --colour total_cost_per_year never name two
// cheapest designs.
func TestSweepCapexWithEconomicsRefused(t *testing.T) {
	park, series := writeInputs(t, withEconomics(`{"currency": "USD", "pv": {"capital_per_kwp": 1000, "max_total_kwp": 500}}`), testSeries)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	args := []string{"sweep", "--park", park, "--series", series, "--vary", "pv.capacity_kwp=100,300", "--out", out}
	code, _, errOut := cli(t, append(append([]string{}, args...), "--capex", "pv.capacity_kwp=60")...)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--capex: the park file "+park+" has economics")
	assert.Contains(t, errOut, "drop --capex")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "no output for a refused sweep")

	// Without --capex the same sweep runs and ranks by the file's column.
	code, stdout, errOut := cli(t, args...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "Costs are per year with the park's economics")

	merged := filepath.Join(dir, "m.csv")
	code, _, errOut = cli(t, "sweep", "merge", "-o", merged, "--capex", "pv.capacity_kwp=60", out)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, out+" (its rows' total_cost_per_year) has economics")
	_, err = os.Stat(merged)
	assert.True(t, os.IsNotExist(err), "nothing merged when --capex is refused")
}

// A merge of part of a sweep says, over its cheapest table on stdout,
// what the table covers; a merge of the whole sweep has no such note.
func TestSweepMergeIncompleteCaveat(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	dir := t.TempDir()
	shard := func(i string) string {
		out := filepath.Join(dir, "part-"+i+".csv")
		code, _, errOut := cli(t, "sweep", "--park", park, "--series", series,
			"--vary", "battery.energy_kwh=0:200:100", "--vary", "pv.capacity_kwp=100,300",
			"--shard", i+"/2", "--workers", "1", "--out", out)
		require.Equal(t, exitOK, code, errOut)
		return out
	}
	s0, s1 := shard("0"), shard("1")
	code, out, errOut := cli(t, "sweep", "merge", "-o", filepath.Join(dir, "half.csv"), s0)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "3 of 6 combinations missing: 1, 3, 5")
	assert.Contains(t, out, "merged 1 file: 3 rows")
	note := strings.Index(out, "Cheapest among the 3 of 6 combinations merged only (3 missing")
	table := strings.Index(out, "cheapest reaching")
	require.GreaterOrEqual(t, note, 0, out)
	assert.Less(t, note, table, "the caveat heads the table")

	code, out, errOut = cli(t, "sweep", "merge", "-o", filepath.Join(dir, "whole.csv"), s0, s1)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "merged 2 files: 6 rows")
	assert.NotContains(t, out, "Cheapest among")
	assert.Contains(t, out, "cheapest reaching")
	assert.NotContains(t, errOut, "builds of zeropark")

	// A shard of another build (two images of one job): merged, and said
	// (QA S3, session 37), as a resume says it.
	tab, err := results.ReadTable(s1)
	require.NoError(t, err)
	v := tab.Col(results.ColZeroparkVersion)
	require.GreaterOrEqual(t, v, 0)
	var other bytes.Buffer
	other.Write(results.CSVLine(tab.Header))
	for _, r := range tab.Rows {
		f := slices.Clone(r.Fields)
		f[v] = "zeropark other"
		other.Write(results.CSVLine(f))
	}
	s1other := filepath.Join(dir, "part-1-other.csv")
	require.NoError(t, os.WriteFile(s1other, other.Bytes(), 0o644))
	code, _, errOut = cli(t, "sweep", "merge", "-o", filepath.Join(dir, "mixed.csv"), s0, s1other)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "mixed.csv mixes rows of 2 builds of zeropark: ")
	assert.Contains(t, errOut, `"zeropark other" (3)`)
}

// A flag of merge's own after the input files is named as a flag, not
// taken for a file that does not exist (QA s38 D2); after "--" it is a file.
func TestSweepMergeFlagAfterInputs(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "shard-0.csv"), filepath.Join(dir, "all.csv")
	for _, flag := range []string{"--require-complete", "--capex=battery.energy_kwh=30", "-o"} {
		code, _, errOut := cli(t, "sweep", "merge", "-o", out, in, flag)
		assert.Equal(t, exitBadInput, code, flag)
		assert.Contains(t, errOut, `flag "`+flag+`" after the input files: give the flags before them`, flag)
		assert.NotContains(t, errOut, "no such file", flag)
	}
	code, _, errOut := cli(t, "sweep", "merge", "-o", out, "--", in, "--require-complete")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "input --require-complete: no such file")
}
