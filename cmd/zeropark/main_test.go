package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// cli runs the command line in-process and returns the exit code and what
// it printed. Plain progress lines are off, so that what stderr holds does
// not depend on how fast the machine is (progress_test.go tests them with
// a clock of its own).
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = realMain(&env{stdout: &out, stderr: &errb, progressEvery: -1}, args)
	return code, out.String(), errb.String()
}

// A small park and its series, written by hand (not by package model's
// writers), for tests that must stay fast.
const testPark = `{
  "name": "test park",
  "loads": [{"name": "office", "column_kw": "load_kw"}],
  "pv": [{"name": "roof", "capacity_kwp": 200, "availability_column_kw_per_kwp": "pv_kw_per_kwp"}],
  "batteries": [{"name": "b1", "energy_kwh": 100, "max_charge_kw": 50, "max_discharge_kw": 50,
    "charge_efficiency": 0.95, "discharge_efficiency": 0.95,
    "min_soc_fraction": 0.1, "max_soc_fraction": 0.9, "initial_soc_fraction": 0.5,
    "self_discharge_per_hour": 0}],
  "grid": {"import_limit_kw": "unlimited", "export_limit_kw": 10,
    "dispatch_carbon": {"column_kgco2e_per_kwh": "co2", "kind": "average", "source": "test"}}
}
`

const testSeries = `timestamp,load_kw,pv_kw_per_kwp,co2
2024-06-01T00:00:00+08:00,80,0,0.6
2024-06-01T01:00:00+08:00,75,0,0.6
2024-06-01T02:00:00+08:00,70,0,0.55
2024-06-01T03:00:00+08:00,70,0,0.55
2024-06-01T04:00:00+08:00,72,0,0.5
2024-06-01T05:00:00+08:00,78,0.05,0.5
2024-06-01T06:00:00+08:00,90,0.2,0.5
2024-06-01T07:00:00+08:00,110,0.4,0.55
2024-06-01T08:00:00+08:00,130,0.6,0.6
2024-06-01T09:00:00+08:00,140,0.75,0.65
2024-06-01T10:00:00+08:00,145,0.85,0.65
2024-06-01T11:00:00+08:00,150,0.9,0.6
2024-06-01T12:00:00+08:00,150,0.9,0.6
2024-06-01T13:00:00+08:00,148,0.85,0.6
2024-06-01T14:00:00+08:00,145,0.75,0.65
2024-06-01T15:00:00+08:00,140,0.6,0.7
2024-06-01T16:00:00+08:00,135,0.4,0.75
2024-06-01T17:00:00+08:00,130,0.2,0.8
2024-06-01T18:00:00+08:00,120,0.05,0.8
2024-06-01T19:00:00+08:00,110,0,0.75
2024-06-01T20:00:00+08:00,100,0,0.7
2024-06-01T21:00:00+08:00,95,0,0.65
2024-06-01T22:00:00+08:00,90,0,0.6
2024-06-01T23:00:00+08:00,85,0,0.6
`

// writeInputs writes park and series texts into a fresh directory and
// returns their paths.
func writeInputs(t *testing.T, park, series string) (parkPath, seriesPath string) {
	t.Helper()
	dir := t.TempDir()
	parkPath, seriesPath = filepath.Join(dir, "park.json"), filepath.Join(dir, "series.csv")
	require.NoError(t, os.WriteFile(parkPath, []byte(park), 0o644))
	require.NoError(t, os.WriteFile(seriesPath, []byte(series), 0o644))
	return parkPath, seriesPath
}

func TestHelpForEveryCommand(t *testing.T) {
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		names = append(names, c.name)
	}
	require.Subset(t, names, []string{"report", "run", "validate", "demo"})
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			for _, h := range []string{"--help", "-h"} {
				code, out, errOut := cli(t, n, h)
				assert.Equal(t, exitOK, code)
				assert.Contains(t, out, "Usage:")
				assert.Empty(t, errOut)
			}
			code, out, _ := cli(t, "help", n)
			assert.Equal(t, exitOK, code)
			assert.Contains(t, out, "Usage:")
		})
	}
}

// The one list of commands: names unique and in alphabetical order, which
// is the order `zeropark help` prints them in; each is found by its name.
func TestCommandList(t *testing.T) {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
		assert.Same(t, c, lookup(c.name))
		assert.NotEmpty(t, c.summary, c.name)
	}
	assert.True(t, slices.IsSorted(names), "%v", names)
	assert.Len(t, slices.Compact(slices.Clone(names)), len(names), "a name listed twice")
	assert.Nil(t, lookup("frobnicate"))

	_, out, _ := cli(t, "help")
	at := make([]int, len(names))
	for i, n := range names {
		at[i] = strings.Index(out, "\n  "+n+" ")
		require.GreaterOrEqual(t, at[i], 0, n)
	}
	assert.True(t, slices.IsSorted(at), "help lists the commands in the list's order")
}

func TestTopLevelUsage(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, _ := cli(t, args...)
		assert.Equal(t, exitOK, code, args)
		for _, n := range []string{"report", "run", "validate", "demo"} {
			assert.Contains(t, out, "  "+n+" ", args)
		}
	}
}

func TestUnknownCommandAndFlags(t *testing.T) {
	code, out, errOut := cli(t, "frobnicate")
	assert.Equal(t, exitBadInput, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "unknown command \"frobnicate\"\n", "no suggestion for a name like none")
	assert.Contains(t, errOut, "Commands:")
	// A near miss names the command meant; the help lists the demos.
	code, _, errOut = cli(t, "demos")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, `unknown command "demos": did you mean "demo"?`)
	assert.Contains(t, errOut, "(texas2012, greensboro, greensboro-heat)")

	for _, args := range [][]string{
		{"run", "--no-such-flag"},
		{"--no-such-flag"}, // the default command, report
		{"validate", "--park"},
		{"demo", "--out", t.TempDir(), "stray"},
		{"run", "--horizon", "soon"},
	} {
		code, out, errOut := cli(t, args...)
		assert.Equal(t, exitBadInput, code, args)
		assert.Empty(t, out, args)
		assert.Contains(t, errOut, "Usage:", args)
	}
}

// --limit-hours, which the README recommends for a quick look, is in the
// help of every command that takes it.
func TestLimitHoursInHelp(t *testing.T) {
	_, out, _ := cli(t, "run", "--help")
	assert.Contains(t, out, "--policy")
	assert.Contains(t, out, "pv_<slug>_kw")
	for _, cmd := range [][]string{{"run"}, {"report"}, {"plan"}, {"plan", "frontier"}, {"sweep"}} {
		code, out, errOut := cli(t, append(cmd, "--help")...)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "--limit-hours N\n", cmd)
	}
}

// The help of every command taking --forecast lists the methods the
// --forecast parser accepts, and an unknown method's error lists the
// same: both come from forecast.ChoiceMethods, so "weather-pv", which
// only the Go API can give, is in neither.
func TestForecastMethodsInHelp(t *testing.T) {
	var methods []string
	for _, m := range forecast.ChoiceMethods() {
		if m != forecast.MethodProvided {
			methods = append(methods, m)
		}
	}
	require.Contains(t, methods, forecast.MethodRegression)
	list := "METHOD: " + strings.Join(methods, ", ") + ","
	seen := 0
	for _, cmd := range [][]string{{"run"}, {"report"}, {"plan"}, {"plan", "frontier"}, {"sweep"}, {"validate"}} {
		code, out, errOut := cli(t, append(cmd, "--help")...)
		require.Equal(t, exitOK, code, errOut)
		if !strings.Contains(out, "--forecast SERIES=METHOD") {
			continue
		}
		seen++
		assert.Contains(t, unwrapped(out), list, cmd)
		assert.Contains(t, out, "provided:COLUMN", cmd)
		assert.NotContains(t, out, forecast.MethodWeatherPV, cmd)
	}
	assert.GreaterOrEqual(t, seen, 2, "run and report take --forecast")

	code, out, errOut := cli(t, "run", "--demo", "texas2012", "--limit-hours", "24", "--forecast", "heat=bogus")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, out+errOut, `unknown method "bogus" (have `+strings.Join(methods, ", ")+", provided:COLUMN)")
	assert.NotContains(t, out+errOut, forecast.MethodWeatherPV)
}

func TestExitCode(t *testing.T) {
	assert.Equal(t, exitOK, exitCode(nil))
	assert.Equal(t, exitOK, exitCode(errHelpShown))
	assert.Equal(t, exitBadInput, exitCode(badInputf("x")))
	assert.Equal(t, exitBadInput, exitCode(&fs.PathError{Op: "open", Path: "park.json", Err: fs.ErrPermission}),
		"a file the user may not read, a directory not write: theirs to mend (CLI QA, 2026-12-04)")
	assert.Equal(t, exitFailure, exitCode(errors.New("solver failed")))
	assert.Nil(t, badInput(nil))
}

// The package prefix that repeats the command's name is dropped from an
// error ("zeropark sweep: sweep: …"), and only that one.
func TestWithoutPrefix(t *testing.T) {
	assert.Equal(t, "interrupted", withoutPrefix("sweep: interrupted", "sweep"))
	assert.Equal(t, "bad", withoutPrefix("sweep: bad", "sweep merge"))
	assert.Equal(t, "model: bad", withoutPrefix("model: bad", "sweep"))
	assert.Equal(t, "sweeping: x", withoutPrefix("sweeping: x", "sweep"))
}

// A bad flag or a stray argument prints the synopsis, where the flags are
// described and the error — not the whole usage, which pushed the error
// out of sight — with flags spelt as the help spells them (--name).
func TestBadFlagPrintsShortUsage(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		hint, want string
	}{
		{[]string{"run", "--carbon-price", "shadow"}, "(zeropark run --help describes every flag)", `invalid value "shadow" for flag --carbon-price: not a number`},
		{[]string{"sweep", "--bogus"}, "(zeropark sweep --help describes every flag)", "flag provided but not defined: --bogus"},
		{[]string{"plan", "frontier", "--points"}, "(zeropark plan frontier --help describes every flag)", "flag needs an argument: --points"},
		{[]string{"serve", "extra"}, "(zeropark serve --help describes every flag)", `unexpected argument "extra"`},
		// report's synopsis begins "zeropark [report]", and "zeropark --help"
		// lists the commands, not report's flags.
		{[]string{"report", "--bogus"}, "(zeropark report --help describes every flag)", "flag provided but not defined: --bogus"},
		{[]string{"--bogus"}, "(zeropark report --help describes every flag)", "flag provided but not defined: --bogus"},
		{[]string{"plot", "week", "--bogus"}, "(zeropark plot week --help describes every flag)", "flag provided but not defined: --bogus"},
		{[]string{"version", "extra"}, "(zeropark version --help describes every flag)", `unexpected argument "extra"`},
		// sweep merge takes files after its flags, and parses as the others.
		{[]string{"sweep", "merge", "-o", "m.csv", "--bogus", "a.csv"}, "(zeropark sweep merge --help describes every flag)", "flag provided but not defined: --bogus"},
		{[]string{"sweep", "merge", "--capex"}, "(zeropark sweep merge --help describes every flag)", "flag needs an argument: --capex"},
	} {
		code, stdout, errOut := cli(t, tc.args...)
		assert.Equal(t, exitBadInput, code, errOut)
		assert.Empty(t, stdout)
		assert.Contains(t, errOut, tc.hint)
		assert.Contains(t, errOut, tc.want)
		assert.LessOrEqual(t, strings.Count(errOut, "\n"), 9, errOut) // the synopsis, wrapped to 80 columns, and the error: not the whole help
		assert.NotContains(t, errOut, "Flags:")
	}
}

// dashDash on every message of the flag package that names a flag: the
// name reads --name after a value holding the words " for flag -" (the
// value is read as the quoted string it is, not searched), after a
// boolean's value, and after a long value, which is echoed as every other
// message echoes user text (model.Quote) so that the name stays in sight.
func TestDashDash(t *testing.T) {
	long := strings.Repeat("9", 5000)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", `--carbon-price=1" for flag -x`}, `invalid value "1\" for flag -x" for flag --carbon-price: not a number`},
		{[]string{"plan", "--json=maybe"}, `invalid boolean value "maybe" for --json: parse error`},
		{[]string{"run", "--carbon-price=" + long + "x"}, `invalid value ` + model.Quote(long+"x") + ` for flag --carbon-price: not a number`},
	} {
		code, stdout, errOut := cli(t, tc.args...)
		assert.Equal(t, exitBadInput, code, errOut)
		assert.Empty(t, stdout)
		assert.Contains(t, errOut, tc.want)
		assert.LessOrEqual(t, strings.Count(errOut, "\n"), 9, errOut) // the synopsis, wrapped to 80 columns, and the error: not the whole help
	}
	// A message of no flag's name, or a value the flag package did not
	// quote as it does, is left as it is.
	assert.Equal(t, "bad flag syntax: ---x", dashDash("bad flag syntax: ---x"))
	assert.Equal(t, `invalid value "x for flag -y: z`, dashDash(`invalid value "x for flag -y: z`))
	assert.Equal(t, `invalid value "x" for -y: z`, dashDash(`invalid value "x" for -y: z`))
}
