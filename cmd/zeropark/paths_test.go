package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A path that cannot serve — a directory given as a file, a file given as
// a directory, a directory that does not exist, an unknown image
// extension — is bad input (exit 2), and the message names the flag and
// the path. Nothing is dispatched or written.
func TestPathsThatCannotServeAreBadInput(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file.txt")
	require.NoError(t, os.WriteFile(file, []byte("x\n"), 0o644))
	pngDir := filepath.Join(dir, "looks-like.png")
	require.NoError(t, os.Mkdir(pngDir, 0o755))
	results := filepath.Join(dir, "results.csv")
	require.NoError(t, os.WriteFile(results, []byte("combination,x\n0,1\n"), 0o644))
	missingDir := filepath.Join(dir, "no-such-dir")
	absent := filepath.Join(dir, "absent.json")
	scen := []string{"--park", park, "--series", series}
	for _, c := range []struct {
		name       string
		args       []string
		flag, path string
	}{
		{"run park is a directory", []string{"run", "--park", dir, "--series", series}, "--park", dir},
		{"run series is a directory", []string{"run", "--park", park, "--series", dir}, "--series", dir},
		{"run park missing", []string{"run", "--park", absent, "--series", series}, "--park", absent},
		{"report park is a directory", []string{"report", "--park", dir, "--series", series}, "--park", dir},
		{"run out is a file", append([]string{"run", "--out", file}, scen...), "--out", file},
		{"demo out is a file", []string{"demo", "--out", file}, "--out", file},
		// Below a file nothing can be created: not a missing directory
		// to make (that failed with exit 1 after the dispatch).
		{"run out below a file", append([]string{"run", "--out", filepath.Join(file, "out")}, scen...), "--out", file + " is not a directory"},
		{"demo out below a file", []string{"demo", "--out", filepath.Join(file, "a", "b")}, "--out", file + " is not a directory"},
		{"sweep out below a file", append([]string{"sweep", "--vary", "pv.capacity_kwp=1", "--out", filepath.Join(file, "d", "r.csv")}, scen...),
			"--out", file + " is not a directory"},
		{"plot week out below a file", append([]string{"plot", "week", "--out", filepath.Join(file, "d", "w.svg")}, scen...),
			"--out", file + " is not a directory"},
		{"sweep out is a directory", append([]string{"sweep", "--vary", "pv.capacity_kwp=1", "--out", dir}, scen...), "--out", dir},
		{"sweep out in a missing directory", append([]string{"sweep", "--vary", "pv.capacity_kwp=1", "--out", filepath.Join(missingDir, "r.csv")}, scen...),
			"--out", missingDir},
		{"sweep series is a directory", []string{"sweep", "--vary", "pv.capacity_kwp=1", "--out", filepath.Join(dir, "r.csv"), "--park", park, "--series", dir},
			"--series", dir},
		{"merge output is a directory", []string{"sweep", "merge", "-o", dir, results}, "-o", dir},
		{"merge input is a directory", []string{"sweep", "merge", "-o", filepath.Join(dir, "m.csv"), dir}, "input", dir},
		{"merge input missing", []string{"sweep", "merge", "-o", filepath.Join(dir, "m.csv"), absent}, "input", absent},
		{"plot week out in a missing directory", append([]string{"plot", "week", "--out", filepath.Join(missingDir, "w.png")}, scen...),
			"--out", missingDir},
		{"plot week unknown extension", append([]string{"plot", "week", "--out", filepath.Join(dir, "w.jpg")}, scen...),
			"--out", filepath.Join(dir, "w.jpg")},
		{"plot week out is a directory", append([]string{"plot", "week", "--out", pngDir}, scen...), "--out", pngDir},
		{"plot sweep out in a missing directory", []string{"plot", "sweep", "--in", results, "--x", "a.b", "--y", "c.d",
			"--out", filepath.Join(missingDir, "h.svg")}, "--out", missingDir},
		{"plot sweep unknown extension", []string{"plot", "sweep", "--in", results, "--x", "a.b", "--y", "c.d",
			"--out", filepath.Join(dir, "h.gif")}, "--out", filepath.Join(dir, "h.gif")},
		{"plot sweep in is a directory", []string{"plot", "sweep", "--in", dir, "--x", "a.b", "--y", "c.d",
			"--out", filepath.Join(dir, "h.svg")}, "--in", dir},
		{"forecast series is a directory", []string{"forecast", "--series", dir, "--column", "load_kw"}, "--series", dir},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := listDir(t, dir)
			code, out, errOut := cli(t, c.args...)
			assert.Equal(t, exitBadInput, code, errOut)
			assert.Empty(t, out)
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			msg := lines[len(lines)-1] // the error, after any usage
			assert.Contains(t, msg, c.flag+" ")
			assert.Contains(t, msg, c.path)
			assert.Equal(t, before, listDir(t, dir), "nothing written")
		})
	}
	// validate lists path problems with the others, on stdout.
	code, out, _ := cli(t, "validate", "--park", dir, "--series", series)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, out, "--park "+dir+": is a directory")
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name()
	}
	return names
}

// The refusal of an --out holding a user's file names the directory once,
// after the flag ("--out D: …: directory holds …: notes.md"), for each
// command that replaces a directory; it still unwraps to bad input (exit
// 2) and names the user's file and the command's files.
func TestOutRefusalNamesTheDirOnce(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	for _, c := range []struct {
		name string
		args []string
		what string
	}{
		{"run", []string{"run", "--park", park, "--series", series}, "the run's files"},
		{"plan", []string{"plan", "--park", park, "--series", series}, "the plan's files"},
		{"forecast", []string{"forecast", "--series", series, "--column", "load_kw"}, "the backtest's files"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine"), 0o644))
			code, stdout, stderr := cli(t, append(c.args, "--out", dir)...)
			assert.Equal(t, exitBadInput, code, stderr)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, "--out "+dir+": ")
			assert.Equal(t, 1, strings.Count(stderr, dir), stderr)
			assert.Contains(t, stderr, c.what)
			assert.Contains(t, stderr, "directory holds files that are not among these outputs: notes.md")
		})
	}
}
