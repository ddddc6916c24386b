package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A command stopped by Ctrl-C says so and exits 130 (143 for SIGTERM),
// its --out directory left as it was (QA, 2026-12-04: run, plan and plan
// frontier stopped in silence). The child is the test binary running the
// command line (TestMain); a full-year plan is long enough to interrupt.
func TestInterruptSaysSo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals")
	}
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		what string
	}{{syscall.SIGINT, exitInterrupted, "interrupted (SIGINT)"}, {syscall.SIGTERM, exitTerminated, "terminated (SIGTERM)"}} {
		out := filepath.Join(t.TempDir(), "plan")
		code, stderr := signalled(t, c.sig, "plan", "--demo", "texas2012", "--no-check", "--out", out)
		assert.Equal(t, c.code, code, stderr)
		assert.Contains(t, stderr, "zeropark plan: "+c.what+" before its end")
		_, err := os.Stat(out)
		assert.True(t, os.IsNotExist(err), "nothing written")
	}
}

// plan pathway and plan frontier name themselves when interrupted, as
// their other messages do (QA K, 2026-12-05: "zeropark plan: terminated").
func TestInterruptNamesSubcommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals")
	}
	for _, sub := range []string{"pathway", "frontier"} {
		code, stderr := signalled(t, syscall.SIGTERM, "plan", sub, "--demo", "texas2012", "--no-check")
		assert.Equal(t, exitTerminated, code, stderr)
		assert.Contains(t, stderr, "zeropark plan "+sub+": terminated (SIGTERM) before its end")
	}
}

// signalled runs zeropark with args in a child process, sends it sig once
// it is under way, and returns its exit code and stderr. The watch is set
// before the command's work begins; the signal waits for the child to get
// there, longer on a busy machine: a child the signal ended before it
// (exit code -1) is started again (not a limit on anything: the commands
// take far longer).
func signalled(t *testing.T, sig os.Signal, args ...string) (int, string) {
	t.Helper()
	var stderr bytes.Buffer
	var exit *exec.ExitError
	for _, wait := range []time.Duration{700 * time.Millisecond, 2 * time.Second, 5 * time.Second} {
		cmd := cliCommand(t, args...)
		stderr.Reset()
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		time.Sleep(wait)
		require.NoError(t, cmd.Process.Signal(sig))
		err := cmd.Wait()
		require.True(t, errors.As(err, &exit), "exit: %v, stderr: %s", err, stderr.String())
		if exit.ExitCode() != -1 {
			break
		}
	}
	return exit.ExitCode(), stderr.String()
}
