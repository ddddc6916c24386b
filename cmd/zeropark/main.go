// Command zeropark dispatches a park microgrid to minimise its carbon and
// reports what it still needs to reach net zero.
//
// Run without arguments, it dispatches the embedded demo park for a year and
// prints its net-zero report. Subcommands: see `zeropark help`.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/zeropark/zeropark/model"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailure  = 1 // anything else went wrong
	exitBadInput = 2 // bad arguments or bad input files
)

// env is what a command may touch: its output streams and whether stderr
// is a terminal (progress bars only then).
type env struct {
	stdout, stderr io.Writer
	stderrIsTerm   bool
}

// command is one subcommand. run returns an error; errBadInput-wrapped
// errors, usage errors and model.ErrInvalid errors exit with 2.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

var commands = map[string]*command{}

// register adds a subcommand; each lives in its own file and registers
// itself in init.
func register(c *command) { commands[c.name] = c }

// errBadInput marks an error as the user's input being at fault (exit 2).
var errBadInput = errors.New("bad input")

// badInput wraps err so the command exits with 2.
func badInput(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", errBadInput, err)
}

func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errBadInput), errors.Is(err, model.ErrInvalid):
		return exitBadInput
	}
	return exitFailure
}

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stderrIsTerm: isTerminal(os.Stderr)}
	os.Exit(realMain(e, os.Args[1:]))
}

// realMain runs the command line in args and returns the exit code; tests
// call it directly.
func realMain(e *env, args []string) int {
	name := "report"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "help" || (len(args) > 0 && (args[0] == "-h" || args[0] == "--help") && name == "report" && commands["report"] == nil) {
		usage(e.stdout)
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "zeropark: unknown command %q\n\n", name)
		usage(e.stderr)
		return exitBadInput
	}
	err := c.run(e, args)
	if err != nil && !errors.Is(err, errHelpShown) {
		fmt.Fprintf(e.stderr, "zeropark %s: %v\n", name, err)
	}
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	return exitCode(err)
}

// errHelpShown is returned by a command that printed its --help.
var errHelpShown = errors.New("help shown")

func usage(w io.Writer) {
	fmt.Fprintln(w, "zeropark — carbon-minimising dispatch and net-zero report for a park microgrid")
	fmt.Fprintln(w, "\nUsage:\n  zeropark [command] [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nWith no command, zeropark runs `report` on the embedded demo park.")
	fmt.Fprintln(w, "`zeropark COMMAND --help` describes each command's flags.")
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
