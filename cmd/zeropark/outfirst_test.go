package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOutRefusedBeforeWork: every command that writes into --out refuses
// an --out it could not write before it does any work: exit 2, nothing
// printed on standard output (no report, no table, no "N to run"), the
// message naming --out and what is wrong, and the user's file left alone.
// The inputs of run, forecast and plot week are bad too (the series lacks
// the park's carbon column): had the command loaded them first, that
// would be the error.
func TestOutRefusedBeforeWork(t *testing.T) {
	noCO2 := strings.ReplaceAll(testSeries, ",co2", ",carbon")
	badPark, badSeries := writeInputs(t, testPark, noCO2)
	park, series := writeInputs(t, testPark, testSeries)

	// userDir is a directory holding a file of the user's.
	userDir := func(t *testing.T) (dir, file string) {
		dir = filepath.Join(t.TempDir(), "out")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		file = filepath.Join(dir, "notes.md")
		require.NoError(t, os.WriteFile(file, []byte("mine"), 0o644))
		return dir, file
	}
	// userFile is a file of the user's that is not a sweep results file.
	userFile := func(t *testing.T) (dir, file string) {
		file = filepath.Join(t.TempDir(), "mine.csv")
		require.NoError(t, os.WriteFile(file, []byte("mine"), 0o644))
		return file, file
	}
	tests := []struct {
		name string
		out  func(t *testing.T) (out, userFile string)
		args []string
		want []string
	}{
		{"run", userDir, []string{"run", "--park", badPark, "--series", badSeries},
			[]string{"--out ", "notes.md", "the run's files"}},
		{"run --json", userDir, []string{"run", "--park", badPark, "--series", badSeries, "--json"},
			[]string{"--json with --out", "give one of them"}},
		{"forecast backtest", userDir, []string{"forecast", "--series", badSeries, "--column", "load_kw"},
			[]string{"--out ", "notes.md", "the backtest's files"}},
		{"forecast --all", userDir, []string{"forecast", "--series", badSeries, "--column", "nope", "--all"},
			[]string{"--out ", "notes.md"}},
		{"run into a file", userFile, []string{"run", "--park", badPark, "--series", badSeries},
			[]string{"--out ", "exists and is not a directory"}},
		{"demo into a file", userFile, []string{"demo"}, []string{"--out ", "exists and is not a directory"}},
		{"plot week into a directory", userDir,
			[]string{"plot", "week", "--park", badPark, "--series", badSeries}, []string{"--out ", "want a .png or .svg"}},
		// sweep resumes its results file: one that is not a results file
		// is refused when opened, before any scenario is dispatched.
		{"sweep", userFile, []string{"sweep", "--park", park, "--series", series, "--vary", "battery.energy_kwh=50,100"},
			[]string{"mine.csv", "not a sweep results file"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, mine := tc.out(t)
			code, stdout, stderr := cli(t, append(tc.args, "--out", out)...)
			assert.Equal(t, exitBadInput, code, stderr)
			assert.Empty(t, stdout, "nothing is printed as a result")
			for _, w := range tc.want {
				assert.Contains(t, stderr, w)
			}
			assert.NotContains(t, stderr, "no such column", "refused before the inputs are read")
			b, err := os.ReadFile(mine)
			require.NoError(t, err)
			assert.Equal(t, "mine", string(b), "the user's file is left alone")
		})
	}
}
