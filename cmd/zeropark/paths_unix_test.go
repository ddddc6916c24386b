//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An output file that exists and is not a regular file (here a named
// pipe; /dev/full alike) is refused, exit 2, naming the flag and the
// path, and left as it was. Before (QA X, session 38), plot and sweep
// merge renamed their file over it: run as root, `sweep merge -o
// /dev/full` replaced the device with a regular file.
func TestOutFileNotRegularRefused(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	dir := t.TempDir()
	results := filepath.Join(dir, "results.csv")
	require.NoError(t, os.WriteFile(results, []byte("combination,x\n0,1\n"), 0o644))
	scen := []string{"--park", park, "--series", series}
	for _, c := range []struct {
		name, flag, out string
		args            []string
	}{
		{"plot week", "--out", "w.png", []string{"plot", "week", "--days", "1"}},
		{"sweep merge", "-o", "m.csv", []string{"sweep", "merge", results}},
		{"sweep", "--out", "s.csv", []string{"sweep", "--vary", "pv.capacity_kwp=1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fifo := filepath.Join(dir, c.out)
			require.NoError(t, syscall.Mkfifo(fifo, 0o644))
			args := append(append(c.args, c.flag, fifo), scen...)
			if c.name == "sweep merge" {
				args = []string{"sweep", "merge", c.flag, fifo, results}
			}
			code, _, errOut := cli(t, args...)
			assert.Equal(t, exitBadInput, code, errOut)
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			assert.Contains(t, lines[len(lines)-1], c.flag+" "+fifo+": is not a regular file")
			fi, err := os.Lstat(fifo)
			require.NoError(t, err)
			assert.NotZero(t, fi.Mode()&os.ModeNamedPipe, "the pipe is left as it was")
		})
	}
}
