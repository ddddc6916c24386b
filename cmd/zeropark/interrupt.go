package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/zeropark/zeropark/internal/atomicdir"
)

// Exit codes of a command interrupted by a signal: 128 + the signal's
// number, as a shell reports a process the signal ended.
const (
	exitInterrupted = 130 // SIGINT
	exitTerminated  = 143 // SIGTERM
)

// signalExitCode is the exit code of a command sig stopped: 143 for
// SIGTERM, 130 for SIGINT (the only two the commands watch).
func signalExitCode(sig os.Signal) int {
	if sig == syscall.SIGTERM {
		return exitTerminated
	}
	return exitInterrupted
}

// sayInterrupted makes a SIGINT or SIGTERM end command name (its
// subcommand's, env.subcommand, once it has handed over) with a line
// on stderr saying so, and exit code 130 or 143, instead of ending it in
// silence (QA, 2026-12-04: run, plan and plan frontier stopped by Ctrl-C
// said nothing). What a command writes under --out is one set replaced at
// once (package atomicdir), so the line can say the directory holds its
// old files or the whole new set. sweep and serve stop on the signals
// their own way (a sweep keeps its finished rows, serve saves its state):
// nil for them. The returned func stops the watch.
func sayInterrupted(e *env, name string) (stop func()) {
	if name == "sweep" || name == "serve" {
		return nil
	}
	e.name.Store(&name)
	sigs := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-sigs:
			code, what := signalExitCode(sig), "interrupted (SIGINT)"
			if sig == syscall.SIGTERM {
				what = "terminated (SIGTERM)"
			}
			if e.stderrIsTerm {
				fmt.Fprintln(e.stderr) // below a progress bar
			}
			// A set being written is dropped and its lock let go, so that
			// nothing of it is left beside --out (QA K, 2026-12-05).
			atomicdir.Abandon()
			fmt.Fprintf(e.stderr, "zeropark %s: %s before its end: any --out holds its old files or the whole new set, never a part\n", *e.name.Load(), what)
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// signalExitError is a command's error after a signal stopped it its own
// way (sweep): exit code 130 or 143 as for the other commands.
type signalExitError struct {
	err  error
	code int
}

func (e *signalExitError) Error() string { return e.err.Error() }
func (e *signalExitError) Unwrap() error { return e.err }
