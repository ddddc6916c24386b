// Command zeropark dispatches a park microgrid to minimise its carbon and
// reports what it still needs to reach net zero.
//
// Run without arguments, it dispatches the embedded demo park for a year and
// prints its net-zero report. Subcommands: see `zeropark help`.
//
// Exit codes: 0 success, 2 bad arguments or bad input files (the message
// names the flag, or the file, line, field and value; also a horizon or
// problem beyond package dispatch's limits), 1 any other failure, including
// standard output that could not be written in full and not enough memory
// for the run (the message gives the estimate and the budget); 130 and 143
// interrupted by SIGINT or SIGTERM (sayInterrupted; sweep and serve stop
// on them their own way). An error
// prints as one "zeropark CMD: " and its message; a problem that names its
// own file:line:col prints without the package prefixes and input file
// names its wrappers add (errmsg.go).
//
// Long work reports progress on stderr: a bar on a terminal, otherwise a
// plain line every 5 s (ZEROPARK_PROGRESS sets the interval or "off").
// ZEROPARK_FONT names a font file every figure is drawn in (plots.FontEnv:
// for Chinese, Japanese or Korean names), read as a command starts.
//
// The package is wiring only: each command is one file, listed in
// commands (main.go), that parses its flags, opens its study with package
// scenario (scenario.Open), runs it (scenario, sweep, plan) and writes
// through results and plots. What stays here are the command line's own concerns:
// flags and help, progress, standard output, exit codes and the checks
// that a path given can serve.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	_ "time/tzdata" // serve --zone: the IANA zones on a machine without a zone database
	"unicode/utf8"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailure  = 1 // anything else went wrong
	exitBadInput = 2 // bad arguments or bad input files
)

// env is what a command may touch: its output streams, whether stderr is
// a terminal (a progress bar then, plain progress lines otherwise), how
// often plain progress lines are printed and the clock they read.
type env struct {
	stdout, stderr io.Writer
	stderrIsTerm   bool
	// progressEvery is the time between plain progress lines: 0 means
	// defaultProgressEvery, < 0 none.
	progressEvery time.Duration
	// now is the clock of the progress lines; nil means time.Now.
	now func() time.Time
	// ticker makes the ticks of the progress lines' heartbeat
	// (progressLog.beat), five per interval; nil means a time.Ticker.
	ticker func(period time.Duration) (ticks <-chan time.Time, stop func())
	// extraRunFiles, when set, adds files to those `run --out` writes
	// (a test seam: files written atomically with the set and listed).
	extraRunFiles func(s *scenario.Scenario, res *dispatch.Result) []results.OutputFile
	// name is the command under way, its subcommand's once it has handed
	// over (subcommand), for the line an interruption prints.
	name atomic.Pointer[string]
}

// command is one subcommand. run returns an error; errBadInput-wrapped
// errors, usage errors and model.ErrInvalid errors exit with 2.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

// commands are zeropark's subcommands, each defined in its own file, in
// the order `zeropark help` lists them. A new command is one more line
// here: nothing registers itself.
var commands = []*command{
	demoCmd,
	forecastCmd,
	planCmd,
	plotCmd,
	reportCmd,
	runCmd,
	serveCmd,
	sweepCmd,
	validateCmd,
	versionCmd,
}

// lookup is the command called name, or nil.
func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// errBadInput marks an error as the user's input being at fault (exit 2).
var errBadInput = errors.New("bad input")

// badInput wraps err so the command exits with 2. The message is err's
// alone: the exit code says "bad input", the line need not (it would stack
// a second prefix after "zeropark CMD: ").
func badInput(err error) error {
	if err == nil {
		return nil
	}
	return &badInputError{err: err}
}

// badInputError is err marked as bad input: it is errBadInput (errors.Is)
// and unwraps to err, with err's message.
type badInputError struct{ err error }

func (e *badInputError) Error() string        { return e.err.Error() }
func (e *badInputError) Unwrap() error        { return e.err }
func (e *badInputError) Is(target error) bool { return target == errBadInput }

// subcommandError names the subcommand an error came from ("sweep
// merge"), so that the message starts "zeropark sweep merge:"; it changes
// nothing else (exit code and sentinels are err's).
type subcommandError struct {
	name string
	err  error
}

func (e *subcommandError) Error() string { return e.err.Error() }
func (e *subcommandError) Unwrap() error { return e.err }

// subcommand runs subcommand name ("plan pathway") of the command under
// way: from here on an interruption names it (QA K, 2026-12-05: plan
// pathway stopped by SIGTERM said "zeropark plan:"), and so does its
// error.
func (e *env) subcommand(name string, run func() error) error {
	e.name.Store(&name)
	if err := run(); err != nil {
		return &subcommandError{name: name, err: err}
	}
	return nil
}

// badInputf is badInput(fmt.Errorf(format, args...)).
func badInputf(format string, args ...any) error {
	return badInput(fmt.Errorf(format, args...))
}

func exitCode(err error) int {
	var se *signalExitError
	switch {
	case errors.As(err, &se):
		return se.code
	case err == nil, errors.Is(err, errHelpShown):
		return exitOK
	case errors.Is(err, errBadInput), errors.Is(err, model.ErrInvalid), errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission),
		errors.Is(err, dispatch.ErrTooLarge), errors.Is(err, dispatch.ErrConfig):
		// (A file the user may not read or a directory not write is
		// theirs to mend: CLI QA, 2026-12-04, exit 1 from run.)
		return exitBadInput
	}
	return exitFailure
}

// progressEnv names the environment variable that sets the time between
// plain progress lines (a Go duration such as "10s", or "off").
const progressEnv = "ZEROPARK_PROGRESS"

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stderrIsTerm: isTerminal(os.Stderr)}
	every, err := parseProgressEvery(os.Getenv(progressEnv))
	if err != nil {
		fmt.Fprintf(os.Stderr, "zeropark: %s=%q: %v\n", progressEnv, os.Getenv(progressEnv), err)
		os.Exit(exitBadInput)
	}
	e.progressEvery = every
	os.Exit(realMain(e, os.Args[1:]))
}

// parseProgressEvery reads the value of ZEROPARK_PROGRESS: "" is the
// default, "off" or "0" no plain progress lines, else a positive duration.
func parseProgressEvery(v string) (time.Duration, error) {
	switch v {
	case "":
		return 0, nil
	case "off", "0":
		return -1, nil
	}
	d, err := time.ParseDuration(v)
	switch {
	case err == nil && d == 0:
		return -1, nil // "0s" as "0" (QA N9, session 39: refused)
	case err != nil || d < 0:
		return 0, errors.New("want a positive duration such as 10s, or off (0 too)")
	}
	return d, nil
}

// realMain runs the command line in args and returns the exit code; tests
// call it directly. A command that succeeded but could not write all of
// its standard output (a full disk, a closed pipe) exits with 1: its
// output is lost.
func realMain(e *env, args []string) int {
	out := &stickyWriter{w: e.stdout}
	e.stdout = out
	name := "report"
	if len(args) > 0 {
		switch a := args[0]; {
		case a == "help" && len(args) > 1:
			// `zeropark help CMD` is `zeropark CMD --help`.
			name, args = args[1], []string{"--help"}
		case a == "help" || a == "-h" || a == "-help" || a == "--help":
			usage(e.stdout)
			return stdoutCode(e, "", exitOK)
		case a == "--version" || a == "-version":
			name, args = "version", args[1:]
		case a != "" && a[0] != '-':
			name, args = a, args[1:]
		}
	}
	c := lookup(name)
	if c == nil {
		names := make([]string, len(commands))
		for i, c := range commands {
			names[i] = c.name
		}
		hint := ""
		if m := model.Closest(name, names); m != "" {
			hint = fmt.Sprintf(": did you mean %s?", model.Quote(m))
		}
		fmt.Fprintf(e.stderr, "zeropark: unknown command %s%s\n\n", model.Quote(name), hint)
		usage(e.stderr)
		return exitBadInput
	}
	if stop := sayInterrupted(e, name); stop != nil {
		defer stop()
	}
	if os.Getenv(plots.FontEnv) != "" {
		// Read once, before anything is drawn: a file that is no font is
		// said at once, not after a long plan (the figures then use
		// Liberation Sans).
		if _, err := plots.UserFont(); err != nil {
			fmt.Fprintf(e.stderr, "zeropark %s: warning: %s\n", name, strings.TrimPrefix(err.Error(), "plots: "))
		}
	}
	err := c.run(e, args)
	var sub *subcommandError
	if errors.As(err, &sub) {
		name = sub.name
	}
	if err != nil && !errors.Is(err, errHelpShown) {
		fmt.Fprintf(e.stderr, "zeropark %s: %s\n", name, withoutPackageWords(withoutPrefix(positionedMessage(commandLineMessage(err), err), name)))
	}
	return stdoutCode(e, name, exitCode(err))
}

// commandLineMessage is err's message as a user of the command line reads
// it: a *scenario.OptionError in it names the flag alone
// (OptionError.CommandLine: "--horizon 0s: …"), not also the Options field
// a Go caller sets ("--horizon 0s (Options.Horizon): …").
func commandLineMessage(err error) string {
	msg := err.Error()
	var oe *scenario.OptionError
	if errors.As(err, &oe) {
		msg = strings.Replace(msg, oe.Error(), oe.CommandLine(), 1)
	}
	return msg
}

// withoutPrefix drops from msg the package prefix that repeats the
// command's first word ("zeropark sweep: sweep: …" reads "zeropark sweep: …").
func withoutPrefix(msg, name string) string {
	first, _, _ := strings.Cut(name, " ")
	return strings.TrimPrefix(msg, first+": ")
}

// stdoutCode is code, or exitFailure after saying so when code is exitOK
// but writing standard output failed.
func stdoutCode(e *env, name string, code int) int {
	out, _ := e.stdout.(*stickyWriter)
	if code != exitOK || out == nil || out.err == nil {
		return code
	}
	who := "zeropark"
	if name != "" {
		who += " " + name
	}
	fmt.Fprintf(e.stderr, "%s: writing standard output: %v\n", who, out.err)
	return exitFailure
}

// stickyWriter passes writes to w until one fails, then keeps that error
// and refuses every later write with it, so that output is never written
// with a hole in it and the failure can be reported once at the end.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	s.err = err
	return n, err
}

// errHelpShown is returned by a command that printed its --help.
var errHelpShown = errors.New("help shown")

// usage prints the top-level help to out, wrapped to helpWidth.
func usage(out io.Writer) {
	var w strings.Builder
	defer func() { fmt.Fprint(out, wrapHelp(w.String(), helpWidth)) }()
	fmt.Fprintln(&w, "zeropark — carbon-minimising dispatch and net-zero report for a park microgrid")
	fmt.Fprintln(&w, "\nUsage:\n  zeropark [command] [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(&w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(&w, "\nWith no command, zeropark runs `report` on the embedded demo park.")
	fmt.Fprintln(&w, "`zeropark COMMAND --help` describes each command's flags; `zeropark --version`")
	fmt.Fprintln(&w, "prints the build stamp.")
	fmt.Fprintln(&w, "Exit codes: 0 success; 2 bad arguments or input files (every message names the")
	fmt.Fprintln(&w, "flag or the file); 1 any other failure, including standard output that could")
	fmt.Fprintln(&w, "not be written.")
	fmt.Fprintf(&w, "Progress goes to stderr: a bar on a terminal, otherwise a line every %v with\n", defaultProgressEvery)
	fmt.Fprintf(&w, "done, total and ETA (none for plan's uneven solves; %s=10s\n", progressEnv)
	fmt.Fprintf(&w, "sets the interval, %s=off silences the lines and the bar).\n", progressEnv)
	fmt.Fprintf(&w, "Figures are drawn in Liberation Sans, which has no Chinese, Japanese or Korean\n")
	fmt.Fprintf(&w, "characters; %s=FILE draws them in a TrueType or OpenType font of yours.\n", plots.FontEnv)
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// flagSet is a command's flags: a flag.FlagSet that continues on error,
// prints its usage to stdout on --help and to stderr after a bad flag, and
// can hide flags from the usage (test and developer hooks).
type flagSet struct {
	*flag.FlagSet
	e        *env
	synopsis string // e.g. "zeropark run --park FILE --series FILE [flags]"
	about    string // a paragraph printed under the synopsis
	hidden   map[string]bool
}

// newFlagSet makes the flags of command name.
func newFlagSet(e *env, name, synopsis, about string) *flagSet {
	f := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), e: e,
		synopsis: synopsis, about: about, hidden: map[string]bool{}}
	f.SetOutput(io.Discard) // parse errors are printed by parse, with our usage
	return f
}

// IntVar defines an int flag read in base 10 only: the flag package's
// own reads a leading 0 as octal and 0x as hex, so --limit-hours 010 ran
// 8 hours in silence (CLI QA, 2026-12-04). Every command's whole-number
// flags go through it (and Int64Var).
func (f *flagSet) IntVar(p *int, name string, value int, usage string) {
	*p = value
	f.Var(decimalFlag[int]{p}, name, usage)
}

// Int64Var is [flagSet.IntVar] for an int64.
func (f *flagSet) Int64Var(p *int64, name string, value int64, usage string) {
	*p = value
	f.Var(decimalFlag[int64]{p}, name, usage)
}

// decimalFlag is a whole-number flag value written in decimal: digits
// with an optional sign, nothing else ("010" is ten, "0x10" is refused).
type decimalFlag[T int | int64] struct{ p *T }

func (d decimalFlag[T]) String() string {
	if d.p == nil {
		return "0"
	}
	return strconv.FormatInt(int64(*d.p), 10)
}

func (d decimalFlag[T]) Set(s string) error {
	v, err := strconv.ParseInt(s, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange), err == nil && int64(T(v)) != v: // beyond int64, or beyond T
		return errors.New("out of range")
	case err != nil:
		return errors.New("not a whole number in decimal (e.g. 24)")
	}
	*d.p = T(v)
	return nil
}

// hide leaves the named flags out of the usage.
func (f *flagSet) hide(names ...string) {
	for _, n := range names {
		f.hidden[n] = true
	}
}

// usage prints synopsis, description and the visible flags to out,
// wrapped to helpWidth.
func (f *flagSet) usage(out io.Writer) {
	var w strings.Builder
	defer func() { fmt.Fprint(out, wrapHelp(w.String(), helpWidth)) }()
	fmt.Fprintf(&w, "Usage:\n  %s\n", f.synopsis)
	if f.about != "" {
		fmt.Fprintf(&w, "\n%s\n", strings.TrimSpace(f.about))
	}
	fmt.Fprintln(&w, "\nFlags:")
	f.VisitAll(func(fl *flag.Flag) {
		if f.hidden[fl.Name] {
			return
		}
		name, help := flag.UnquoteUsage(fl)
		line := "  --" + fl.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintf(&w, "%s\n    \t%s", line, strings.ReplaceAll(joinBroken(help), "\n", "\n    \t"))
		if fl.DefValue != "" && fl.DefValue != "false" && fl.DefValue != "0" {
			fmt.Fprintf(&w, " (default %s)", fl.DefValue)
		}
		fmt.Fprintln(&w)
	})
}

// parse parses args. It returns errHelpShown after printing the usage to
// stdout for -h/--help, a bad-input error after printing it to stderr for a
// bad flag or a stray argument, and nil otherwise.
func (f *flagSet) parse(args []string) error {
	if err := f.parseWithArgs(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.shortUsage(f.e.stderr)
		return badInputf("unexpected argument %s (flags start with --)", model.Quote(f.Arg(0)))
	}
	return nil
}

// parseWithArgs is parse for a command that takes arguments after its
// flags (sweep merge's files): they are left in f.Args().
func (f *flagSet) parseWithArgs(args []string) error {
	err := f.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		f.usage(f.e.stdout)
		return errHelpShown
	case err != nil:
		f.shortUsage(f.e.stderr) // realMain prints err after it
		return badInput(shortFlagError(err))
	}
	return nil
}

// shortUsage prints the synopsis and where the flags are described: after
// a bad flag the error is what the reader needs, and a page of usage
// above it (140 lines for run) pushed it out of sight.
func (f *flagSet) shortUsage(w io.Writer) {
	fmt.Fprint(w, wrapHelp(fmt.Sprintf("Usage:\n  %s\n(%s --help describes every flag)\n", f.synopsis, f.command()), helpWidth))
}

// command is the command's name as typed, "zeropark plan frontier": the
// flag set's name after "zeropark" ("zeropark report" for report, which
// runs with no command too: "zeropark --help" lists the commands, not its
// flags).
func (f *flagSet) command() string { return "zeropark " + f.Name() }

// shortFlagError keeps a flag package error short: its messages quote the
// value given in full ("invalid value \"…\" for flag -x"), which may be
// megabytes long. dashDash echoes that value as model.Quote does, so the
// flag's name stays in sight; the cut at 200 bytes bounds the rest (the
// flag's own error after the name).
func shortFlagError(err error) error {
	const max = 200
	msg := dashDash(err.Error())
	if len(msg) <= max {
		return errors.New(msg)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return fmt.Errorf("%s…(%d bytes)", msg[:cut], len(msg))
}

// dashDash writes the flag package's "-name" as "--name", as zeropark's
// help and messages spell flags, in each message of the flag package
// (Go 1.26, FlagSet.parseOne) that names a flag: "invalid value %q for
// flag -name: …", "invalid boolean value %q for -name: …", "flag provided
// but not defined: -name" and "flag needs an argument: -name". The quoted
// value may hold anything, " for flag -" too: it is read as the Go string
// it is and echoed with model.Quote (at most model.MaxEchoBytes of it).
// Any other message is msg unchanged.
func dashDash(msg string) string {
	for _, m := range []struct{ head, mid string }{{"invalid value ", " for flag -"}, {"invalid boolean value ", " for -"}} {
		rest, ok := strings.CutPrefix(msg, m.head)
		if !ok {
			continue
		}
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return msg
		}
		after, ok := strings.CutPrefix(rest[len(q):], m.mid)
		v, uerr := strconv.Unquote(q)
		if !ok || uerr != nil {
			return msg
		}
		return m.head + model.Quote(v) + m.mid + "-" + after
	}
	for _, p := range []string{"flag provided but not defined: -", "flag needs an argument: -"} {
		if name, ok := strings.CutPrefix(msg, p); ok {
			return p + "-" + name
		}
	}
	return msg
}

// policyFlag adds the --policy flag every dispatching command shares.
func policyFlag(f *flagSet, p *string) {
	f.StringVar(p, "policy", string(dispatch.RollingHorizon), "dispatch `POLICY`: "+policyNames()+
		"\n(mpc plans with forecasts; mpc-perfect sees the actual series)")
}

// parsePolicy reads a --policy value; an unknown one is bad input.
func parsePolicy(name string) (dispatch.Policy, error) {
	pol, err := dispatch.Policies().Parse(name)
	if err != nil {
		return "", badInputf("--policy %s: want %s", model.Quote(name), policyNames())
	}
	return pol, nil
}

func policyNames() string {
	var names []string
	for _, p := range dispatch.Policies().Names() {
		names = append(names, string(p))
	}
	return strings.Join(names, ", ")
}
