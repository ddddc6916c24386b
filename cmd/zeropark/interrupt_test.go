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
		var stderr bytes.Buffer
		var exit *exec.ExitError
		// The watch is set before the command's work begins; the signal
		// waits for the child to get there, longer on a busy machine: a
		// child the signal ended before it (exit code -1) is started
		// again (not a limit on anything: the plan takes far longer).
		for _, wait := range []time.Duration{700 * time.Millisecond, 2 * time.Second, 5 * time.Second} {
			cmd := cliCommand(t, "plan", "--demo", "texas2012", "--no-check", "--out", out)
			stderr.Reset()
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			time.Sleep(wait)
			require.NoError(t, cmd.Process.Signal(c.sig))
			err := cmd.Wait()
			require.True(t, errors.As(err, &exit), "exit: %v, stderr: %s", err, stderr.String())
			if exit.ExitCode() != -1 {
				break
			}
		}
		assert.Equal(t, c.code, exit.ExitCode(), stderr.String())
		assert.Contains(t, stderr.String(), "zeropark plan: "+c.what+" before its end")
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
		var stderr bytes.Buffer
		var exit *exec.ExitError
		for _, wait := range []time.Duration{700 * time.Millisecond, 2 * time.Second, 5 * time.Second} {
			cmd := cliCommand(t, "plan", sub, "--demo", "texas2012", "--no-check")
			stderr.Reset()
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			time.Sleep(wait)
			require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
			err := cmd.Wait()
			require.True(t, errors.As(err, &exit), "exit: %v, stderr: %s", err, stderr.String())
			if exit.ExitCode() != -1 {
				break
			}
		}
		assert.Equal(t, exitTerminated, exit.ExitCode(), stderr.String())
		assert.Contains(t, stderr.String(), "zeropark plan "+sub+": terminated (SIGTERM) before its end")
	}
}
