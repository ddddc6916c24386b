package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// TestMain lets a test run the command line in a child process (see
// cliProcess): with ZEROPARK_TEST_ARGS set, the test binary is zeropark.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("ZEROPARK_TEST_ARGS"); ok {
		os.Exit(realMain(&env{stdout: os.Stdout, stderr: os.Stderr}, strings.Split(args, "\n")))
	}
	os.Exit(m.Run())
}

// cliProcess runs the command line in a child process with extra
// environment variables and returns its real exit code and stderr: what a
// user sees, including a Go runtime crash if there were one.
func cliProcess(t *testing.T, envVars []string, args ...string) (code int, stderr string) {
	t.Helper()
	cmd := cliCommand(t, args...)
	cmd.Env = append(cmd.Env, envVars...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), errb.String()
	}
	require.NoError(t, err)
	return 0, errb.String()
}

// cliCommand is the command line args in a child process (the test
// binary, which TestMain makes zeropark), not yet started.
func cliCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "ZEROPARK_TEST_ARGS="+strings.Join(args, "\n"))
	return cmd
}

// manyLoadsInputs writes a park of n tenants sharing one load column and
// an hourly series of rows intervals.
func manyLoadsInputs(t *testing.T, n, rows int) (parkPath, seriesPath string) {
	t.Helper()
	var loads []string
	for i := range n {
		loads = append(loads, fmt.Sprintf(`{"name": "tenant %05d", "column_kw": "load_kw", "scale": %g}`, i, 1.0/float64(n)))
	}
	park := strings.Replace(testPark, `"loads": [{"name": "office", "column_kw": "load_kw"}]`,
		`"loads": [`+strings.Join(loads, ",\n")+`]`, 1)
	lines := strings.Split(strings.TrimSpace(testSeries), "\n")
	var series strings.Builder
	series.WriteString(lines[0] + "\n")
	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	for k := range rows {
		row := strings.SplitN(lines[1+k%24], ",", 2)
		fmt.Fprintf(&series, "%s,%s\n", start.Add(time.Duration(k)*time.Hour).Format(time.RFC3339), row[1])
	}
	return writeInputs(t, park, series.String())
}

// A park of 10,000 tenants: on a short series every command works; when
// its profiles would not fit in memory the command exits with 1 and a
// message naming the estimate and the budget, never a runtime dump.
func TestTenThousandLoads(t *testing.T) {
	const tenants = 10_000
	t.Run("fits", func(t *testing.T) {
		park, series := manyLoadsInputs(t, tenants, 48)
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, stderr := cli(t, "run", "--park", park, "--series", series, "--policy", "perfect", "--out", out)
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, stdout, "48 intervals")
		f, err := os.Open(filepath.Join(out, results.TenantsFile))
		require.NoError(t, err)
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		assert.Len(t, recs, 1+tenants)
	})
	t.Run("does not fit", func(t *testing.T) {
		// 10,004 series × 1,000 intervals × 8 bytes = 76 MiB of profiles
		// against a 16 MiB Go memory limit.
		park, series := manyLoadsInputs(t, tenants, 1000)
		code, stderr := cliProcess(t, []string{"GOMEMLIMIT=16MiB"}, "report", "--park", park, "--series", series)
		assert.Equal(t, exitFailure, code, stderr)
		for _, s := range []string{"not enough memory", "10000 loads over 1000 intervals", "needs about 76.3 MiB", "GOMEMLIMIT", "fewer loads"} {
			assert.Contains(t, stderr, s)
		}
		for _, s := range []string{"goroutine ", "runtime.", "panic", "fatal error"} {
			assert.NotContains(t, stderr, s)
		}
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(stderr), "\n")+1, "one line: %s", stderr)
	})
}

// Horizons the dispatch cannot honour are bad input (exit 2), reported
// once, not once per policy; one longer than the period is capped and
// the report says so.
func TestHorizonLimits(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries) // 24 hourly intervals
	for _, c := range []struct {
		horizon string
		says    []string
	}{
		{"90m", []string{"not a whole number of 1h0m0s steps", "1h0m0s or 2h0m0s"}},
	} {
		code, out, stderr := cli(t, "report", "--park", park, "--series", series, "--horizon", c.horizon)
		assert.Equal(t, exitBadInput, code, c.horizon)
		assert.Empty(t, out)
		for _, s := range c.says {
			assert.Contains(t, stderr, s, c.horizon)
		}
		assert.Equal(t, 1, strings.Count(stderr, "--horizon "), "reported once, naming the flag: %s", stderr)
		assert.NotContains(t, stderr, "Horizon =", "the flag, not the Go field")
	}
	// Capped before the bound on its length (time QA, 2026-12-04: 20000 h
	// was refused as 20,000 steps where the run looks 24 ahead).
	for _, h := range []string{"48h", "20000h"} {
		code, out, stderr := cli(t, "run", "--park", park, "--series", series, "--horizon", h)
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, out, "capped at the period's 24 intervals", h)
	}
	code, out, stderr := cli(t, "run", "--park", park, "--series", series, "--horizon", "48h")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "look-ahead 48 h, capped at the period's 24 intervals")
	code, out, stderr = cli(t, "run", "--park", park, "--series", series, "--horizon", "48h", "--json")
	require.Equal(t, exitOK, code, stderr)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &m))
	solve := m["solve"].(map[string]any)
	assert.Equal(t, 24.0, solve["horizon_steps"])
	assert.Equal(t, true, solve["horizon_capped"])
	assert.Equal(t, map[string]any{}, solve["repaired"])
}

func TestExitCodeLimits(t *testing.T) {
	assert.Equal(t, exitBadInput, exitCode(fmt.Errorf("x: %w", dispatch.ErrTooLarge)))
	assert.Equal(t, exitBadInput, exitCode(fmt.Errorf("x: %w", dispatch.ErrConfig)))
	assert.Equal(t, exitFailure, exitCode(fmt.Errorf("x: %w", dispatch.ErrMemory)))
}

// `zeropark plan --out DIR | head -1`: the reader goes away after the
// first line and the next write to standard output ends the process (or
// fails); DIR holds the plan all the same, written before the tables are
// printed (QA, 2026-12-04: the process died at the table and DIR was
// never made).
func TestPlanOutBeforeABrokenPipe(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	dir := filepath.Join(t.TempDir(), "plan")
	cmd := cliCommand(t, "plan", "--park", park, "--series", series, "--no-check", "--out", dir)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	cmd.Stdout = w
	require.NoError(t, r.Close()) // no reader: the first write fails
	err = cmd.Run()
	require.NoError(t, w.Close())
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "standard output could not be written")
	for _, f := range []string{results.RoadmapCSVFile, results.RoadmapJSONFile} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
}
