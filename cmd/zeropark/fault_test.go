package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fault test kills `zeropark run --out` and `zeropark sweep` (SIGKILL:
// no clean-up code runs) at seeded random instants and checks that
// nothing is torn, mixed or lost. Set ZEROPARK_FAULT_SEED to try other
// instants.
const (
	faultSeed  = 20261201
	faultKills = 12 // per command
)

// faultBinary builds the zeropark binary into a temporary directory.
func faultBinary(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fault test needs SIGKILL")
	}
	// go test puts its own GOROOT/bin first on the PATH of the tests it
	// runs (since Go 1.19).
	goTool, err := exec.LookPath("go")
	require.NoError(t, err, "the go command, to build the binary")
	bin := filepath.Join(t.TempDir(), "zeropark")
	cmd := exec.Command(goTool, "build", "-buildvcs=false", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// faultRand is the seeded source of kill instants.
func faultRand(t *testing.T) *rand.Rand {
	seed := uint64(faultSeed)
	if s := os.Getenv("ZEROPARK_FAULT_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, "ZEROPARK_FAULT_SEED")
		seed = v
	}
	t.Logf("seed %d", seed)
	return rand.New(rand.NewPCG(seed, seed))
}

// runToEnd runs the binary and requires exit 0; it returns how long the
// run took (to spread the kills over a run's length, not to test it).
func runToEnd(t *testing.T, bin string, args ...string) time.Duration {
	t.Helper()
	start := time.Now()
	out, err := exec.Command(bin, args...).CombinedOutput()
	require.NoError(t, err, "zeropark %s: %s", strings.Join(args, " "), out)
	return time.Since(start)
}

// runAndKill starts the binary and SIGKILLs it after delay; it returns
// whether the kill came first. A run that ended by itself must have
// succeeded.
func runAndKill(t *testing.T, bin string, delay time.Duration, args ...string) bool {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	timer := time.AfterFunc(delay, func() { _ = cmd.Process.Kill() })
	err := cmd.Wait()
	timer.Stop()
	if cmd.ProcessState.ExitCode() == -1 { // ended by a signal: ours
		return true
	}
	require.NoError(t, err, "zeropark %s: %s", strings.Join(args, " "), stderr.String())
	return false
}

// runSet reads the files of a run directory; summary.json loses what
// differs from run to run (wall-clock times).
func runSet(t *testing.T, dir string) map[string]string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err, "the output directory must exist")
	set := map[string]string{}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		if e.Name() == "summary.json" {
			var m map[string]any
			require.NoError(t, json.Unmarshal(b, &m), "summary.json parses")
			delete(m, "run_time_s")
			delete(m, "solve")
			b, err = json.Marshal(m)
			require.NoError(t, err)
		}
		set[e.Name()] = string(b)
	}
	return set
}

// whose names the reference set got equals, "" if none; on "" it also
// says, file by file, which references each file matches.
func whose(got map[string]string, refs map[string]map[string]string) (string, string) {
	for name, ref := range refs {
		if fmt.Sprint(ref) == fmt.Sprint(got) {
			return name, ""
		}
	}
	var why []string
	for f, content := range got {
		var matches []string
		for name, ref := range refs {
			if ref[f] == content {
				matches = append(matches, name)
			}
		}
		slices.Sort(matches)
		why = append(why, fmt.Sprintf("%s matches %v", f, matches))
	}
	slices.Sort(why)
	return "", fmt.Sprintf("%d files: %s", len(got), strings.Join(why, "; "))
}

// setDir is where the set of output directory dir is: dir, or where
// systems without an atomic exchange moved it aside if the kill came
// between their two renames (the next run puts it back).
func setDir(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		return dir
	}
	var olds []string
	for _, n := range entryNames(t, filepath.Dir(dir)) {
		if strings.HasPrefix(n, "."+filepath.Base(dir)+".old-") {
			olds = append(olds, n)
		}
	}
	require.NotEmpty(t, olds, "%s is gone and was not moved aside", dir)
	slices.Sort(olds)
	return filepath.Join(filepath.Dir(dir), olds[len(olds)-1])
}

func entryNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestFaultKills(t *testing.T) {
	bin := faultBinary(t)
	rng := faultRand(t)
	t.Run("run --out", func(t *testing.T) { faultRun(t, bin, rng) })
	t.Run("sweep", func(t *testing.T) { faultSweep(t, bin, rng) })
}

// faultRun alternates the policy of `run --out DIR` between two whose
// outputs differ in every file, killing each run: DIR must always hold
// one whole set, byte for byte a reference run's.
func faultRun(t *testing.T, bin string, rng *rand.Rand) {
	args := func(pol, out string) []string {
		return []string{"run", "--demo", "texas2012", "--limit-hours", "72", "--policy", pol, "--out", out}
	}
	refs := map[string]map[string]string{}
	took := time.Duration(1 << 62)
	for _, pol := range []string{"self", "grid", "self"} { // the shortest of three: the first is slowed by a cold start
		dir := filepath.Join(t.TempDir(), pol)
		took = min(took, runToEnd(t, bin, args(pol, dir)...))
		refs[pol] = runSet(t, dir)
	}
	for f, c := range refs["self"] {
		require.NotEqual(t, c, refs["grid"][f], "%s must tell the two policies apart", f)
	}
	other := map[string]string{"self": "grid", "grid": "self"}

	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	runToEnd(t, bin, args("self", dir)...)
	have := "self"
	killed, midWrite, swapped := 0, 0, 0
	for range faultKills {
		next := other[have]
		if runAndKill(t, bin, time.Duration(rng.Int64N(int64(took)*3/2+1)), args(next, dir)...) {
			killed++
		}
		if len(entryNames(t, parent)) > 1 {
			midWrite++ // a temporary directory or the lock file was left
		}
		got, why := whose(runSet(t, setDir(t, dir)), refs)
		require.NotEmpty(t, got, "after a kill %s holds no whole set: %s", dir, why)
		require.Contains(t, []string{have, next}, got, "neither the old set nor the new one")
		if got != have {
			swapped++
		}
		have = got
	}
	t.Logf("%d of %d runs killed, %d of them while writing; %d new sets in place", killed, faultKills, midWrite, swapped)
	runToEnd(t, bin, args(other[have], dir)...)
	got, why := whose(runSet(t, dir), refs)
	assert.Equal(t, other[have], got, why)
	assert.Equal(t, []string{"out"}, entryNames(t, parent), "no leftovers after a successful run")
}

// faultSweep kills a sweep again and again into one results file: every
// complete line must be the header or a row of a reference sweep, no
// combination twice, and only the last line may be torn (a prefix of a
// reference line). The run that is let finish completes the file to the
// reference, byte for byte.
func faultSweep(t *testing.T, bin string, rng *rand.Rand) {
	args := func(out string) []string {
		return []string{"sweep", "--demo", "texas2012", "--limit-hours", "24",
			"--vary", "battery.energy_kwh=0:10000:2000", "--vary", "pv.capacity_kwp=0,4000",
			"--workers", "2", "--out", out}
	}
	refFile := filepath.Join(t.TempDir(), "ref.csv")
	took := runToEnd(t, bin, args(refFile)...)
	took = min(took, runToEnd(t, bin, args(filepath.Join(t.TempDir(), "ref2.csv"))...))
	ref, err := os.ReadFile(refFile)
	require.NoError(t, err)
	refLines := strings.SplitAfter(string(ref), "\n")
	refLines = refLines[:len(refLines)-1] // after the last "\n"
	require.Len(t, refLines, 13, "header and 12 combinations")

	parent := t.TempDir()
	out := filepath.Join(parent, "r.csv")
	killed := 0
	for range faultKills {
		if runAndKill(t, bin, time.Duration(rng.Int64N(int64(took)*3/2+1)), args(out)...) {
			killed++
		}
		data, err := os.ReadFile(out)
		if os.IsNotExist(err) {
			continue // killed before the header was written
		}
		require.NoError(t, err)
		lines := strings.SplitAfter(string(data), "\n")
		torn := lines[len(lines)-1] // "" unless the last line is partial
		lines = lines[:len(lines)-1]
		seen := map[string]bool{}
		for i, l := range lines {
			if i == 0 {
				require.Equal(t, refLines[0], l, "header")
				continue
			}
			require.Contains(t, refLines[1:], l, "line %d is not a whole row of the sweep", i+1)
			require.False(t, seen[l], "line %d repeats a row", i+1)
			seen[l] = true
		}
		if torn != "" {
			prefix := false
			for _, r := range refLines {
				prefix = prefix || strings.HasPrefix(r, torn)
			}
			require.True(t, prefix, "the torn last line %q is not part of a row", torn)
		}
		if string(data) == string(ref) {
			require.NoError(t, os.Remove(out)) // finished: start over, to be killed again
		}
	}
	t.Logf("%d of %d sweeps killed", killed, faultKills)
	runToEnd(t, bin, args(out)...)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(ref), string(got), "the resumed sweep completes the space exactly once")
	assert.Equal(t, []string{"r.csv"}, entryNames(t, parent), "no lock or temporary file left")
}
