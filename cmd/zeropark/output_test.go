package main

import (
	"bytes"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errDiskFull = errors.New("disk full (test)")

// failAfter accepts n bytes, then fails every write; failOnce fails once
// only, at byte n, and accepts everything after.
type failAfter struct {
	n, calls int
	failOnce bool
	failed   bool
	got      bytes.Buffer
}

func (w *failAfter) Write(p []byte) (int, error) {
	w.calls++
	if (w.failed && w.failOnce) || w.got.Len()+len(p) <= w.n {
		w.got.Write(p)
		return len(p), nil
	}
	if w.failed {
		return 0, errDiskFull
	}
	w.failed = true
	k := w.n - w.got.Len()
	w.got.Write(p[:k])
	return k, errDiskFull
}

// runWith runs the command line with stdout going to w.
func runWith(w *failAfter, args ...string) (code int, stderr string) {
	var errb bytes.Buffer
	code = realMain(&env{stdout: w, stderr: &errb, progressEvery: -1}, args)
	return code, errb.String()
}

// A command whose standard output cannot be written all exits with 1 and
// says so, wherever the write fails; output that fits exits 0.
func TestStdoutWriteErrorExits1(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	for _, c := range []struct {
		name string
		args []string
		// same: the output is the same at every run (no run times), so
		// its size from one run holds for the next.
		same bool
	}{
		{"report", []string{"report", "--park", park, "--series", series}, false},
		{"run", []string{"run", "--park", park, "--series", series, "--policy", "self"}, false},
		{"run json", []string{"run", "--park", park, "--series", series, "--policy", "grid", "--json"}, false},
		{"validate", []string{"validate", "--park", park, "--series", series}, true},
		{"help", []string{"--help"}, true},
		{"command help", []string{"run", "--help"}, true},
		{"version", []string{"--version"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			// How much the command prints when nothing fails.
			whole := &failAfter{n: 1 << 30}
			code, errOut := runWith(whole, c.args...)
			require.Equal(t, exitOK, code, errOut)
			size := whole.got.Len()
			require.Greater(t, size, 10)
			fail := []int{0, 1, size / 2}
			if c.same {
				fail = append(fail, size-1)
			}
			for _, n := range fail {
				w := &failAfter{n: n}
				code, errOut := runWith(w, c.args...)
				assert.Equal(t, exitFailure, code, "failing after %d of %d bytes", n, size)
				assert.Contains(t, errOut, errDiskFull.Error(), "n=%d", n)
				assert.Equal(t, 1, strings.Count(errOut, errDiskFull.Error()), "said once: %q", errOut)
				assert.LessOrEqual(t, w.got.Len(), n)
			}
			if c.same {
				code, errOut = runWith(&failAfter{n: size}, c.args...)
				assert.Equal(t, exitOK, code, "exactly enough room: %s", errOut)
			}
		})
	}
}

// After the first failed write nothing more reaches the writer, even if
// it would accept it again: the output never has a hole in the middle.
func TestStdoutNoHoleAfterAFailedWrite(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	w := &failAfter{n: 200, failOnce: true}
	code, errOut := runWith(w, "report", "--park", park, "--series", series)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "zeropark report: writing standard output: "+errDiskFull.Error())
	assert.Equal(t, 200, w.got.Len(), "nothing after the failure")
}

// A bad-input error keeps its exit code when stdout fails too.
func TestStdoutWriteErrorKeepsBadInput(t *testing.T) {
	park, series := writeInputs(t, strings.Replace(testPark, `"capacity_kwp": 200`, `"capacity_kwp": -5`, 1), testSeries)
	code, errOut := runWith(&failAfter{n: 0}, "validate", "--park", park, "--series", series)
	assert.Equal(t, exitBadInput, code, errOut)
}

// The real thing on Linux: /dev/full fails every write with ENOSPC.
func TestStdoutDevFull(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/dev/full is Linux's")
	}
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	park, series := writeInputs(t, testPark, testSeries)
	for _, args := range [][]string{
		{"run", "--park", park, "--series", series, "--policy", "grid"},
		{"--version"},
	} {
		var errb bytes.Buffer
		code := realMain(&env{stdout: full, stderr: &errb, progressEvery: -1}, args)
		assert.Equal(t, exitFailure, code, args)
		assert.Contains(t, errb.String(), "no space left on device", args)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		code, out, errOut := cli(t, args...)
		assert.Equal(t, exitOK, code, args)
		assert.True(t, strings.HasPrefix(out, "zeropark "), "%v: %q", args, out)
		assert.Equal(t, 1, strings.Count(out, "\n"), "one line")
		assert.Contains(t, out, runtime.Version(), "with the Go version")
		assert.Empty(t, errOut)
	}
	code, out, _ := cli(t, "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "  version ")
	code, _, errOut := cli(t, "version", "extra")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, `unexpected argument "extra"`)
}
