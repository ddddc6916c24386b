package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSweepSignalExitCode: a sweep stopped by SIGTERM or SIGINT keeps its
// rows and exits 143 or 130, as README says of every command (QA session
// 34: it exited 1, the code of a failure).
func TestSweepSignalExitCode(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, exitTerminated}, {syscall.SIGINT, exitInterrupted}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "sweep.csv")
			cmd := cliCommand(t, "sweep", "--demo", "texas2012", "--limit-hours", "2016", "--workers", "1",
				"--vary", "battery.energy_kwh=0:2000:50", "--out", out)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			require.NoError(t, cmd.Start())
			// Wait for the first row: the signal handler is in place.
			deadline := time.Now().Add(60 * time.Second)
			for {
				data, _ := os.ReadFile(out)
				if bytes.Count(data, []byte("\n")) >= 2 || time.Now().After(deadline) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			require.NoError(t, cmd.Process.Signal(tc.sig))
			err := cmd.Wait()
			var exit *exec.ExitError
			require.True(t, errors.As(err, &exit), "exit: %v; stderr %s", err, errb.String())
			assert.Equal(t, tc.code, exit.ExitCode(), errb.String())
			assert.Contains(t, errb.String(), "run again with the same inputs to resume")
		})
	}
}
