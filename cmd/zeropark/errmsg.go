package main

import (
	"slices"
	"strings"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// A problem that says where it is (a park key's file:line:col, a series
// value's file:line) reads best alone after "zeropark CMD: ": the wrappers
// the command and the packages put around it repeat the file names ("park.json,
// series.csv: ") and package prefixes ("plan: ", "model: ") it already
// carries. positionedMessage takes them out of the printed line; the error
// itself is untouched (errors.Is and errors.As see the same chain, and
// library callers read the library's own text).

// located is a problem of a known kind found in an error's tree: its
// message, its package prefix ("model: ") and the file it names ("" when
// it names none).
type located struct {
	msg, pkg, file string
}

// locate is err as a located problem, when it is one of the kinds that
// carry their file, line and column: model's JSONError, FieldError and
// ParseError, plan's InputError and results' FileError. The file is ""
// when the problem was found in memory (a varied park, a built series).
func locate(err error) (located, bool) {
	switch e := err.(type) {
	case *model.JSONError:
		return located{e.Error(), "model: ", e.File}, true
	case *model.FieldError:
		return located{e.Error(), "model: ", e.File}, true
	case *model.ParseError:
		return located{e.Error(), "model: ", e.File}, true
	case *plan.InputError:
		file := e.File
		if e.Line <= 0 {
			file = ""
		}
		return located{e.Error(), "plan: ", file}, true
	case *results.FileError:
		return located{e.Error(), "results: ", e.File}, true
	}
	return located{}, false
}

// walkErrors calls visit on err and every error it wraps, depth first.
func walkErrors(err error, visit func(error)) {
	if err == nil {
		return
	}
	visit(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		walkErrors(u.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walkErrors(e, visit)
		}
	}
}

// prefixWords are the "word: " prefixes a wrapper may stack in front of
// a located problem that say nothing the command line's "zeropark CMD: "
// and the problem's own position do not: package names.
var prefixWords = []string{"model", "plan", "sweep", "results", "scenario", "forecast", "periods", "dispatch"}

// positionedMessage is msg (err's message as the command line prints it)
// with each located problem of err's tree written without its package
// prefix, and the ": "-separated parts in front of it on its line that
// repeat it dropped: package names, its file, a list of input files that
// holds its file ("park.json, series.csv"). Other context in front of it
// ("combination 6 (wind.capacity_kw=7000)") stays.
func positionedMessage(msg string, err error) string {
	walkErrors(err, func(e error) {
		l, ok := locate(e)
		if !ok {
			return
		}
		clean := strings.TrimPrefix(l.msg, l.pkg)
		at, n := strings.Index(msg, l.msg), len(l.msg)
		if at < 0 { // scenario.FileError shows it without its prefix
			at, n = strings.Index(msg, clean), len(clean)
		}
		if at < 0 {
			return
		}
		start := strings.LastIndexByte(msg[:at], '\n') + 1
		msg = msg[:start] + keptContext(msg[start:at], l.file) + clean + msg[at+n:]
	})
	return msg
}

// keptContext is prefix (the text in front of a located problem on its
// line, "" or ending in ": ") without the parts that repeat what the
// problem, naming file, says itself.
func keptContext(prefix, file string) string {
	body, ok := strings.CutSuffix(prefix, ": ")
	if !ok {
		return prefix
	}
	var kept []string
	for _, part := range strings.Split(body, ": ") {
		if !slices.Contains(prefixWords, part) && !namesFile(part, file) {
			kept = append(kept, part)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	return strings.Join(kept, ": ") + ": "
}

// namesFile reports whether part is file, or a comma-separated list of
// input files that holds it (scenario.Options.Inputs: "park, series").
func namesFile(part, file string) bool {
	if file == "" {
		return false
	}
	return slices.Contains(strings.Split(part, ", "), file)
}

// withoutPackageWords drops from each line of msg the ": "-separated
// parts that are a package's name alone ("--vary: sweep: …" reads
// "--vary: …", "a.csv: results: …" reads "a.csv: …"): a Go caller reads
// them to tell which package spoke, a user of the command line gains
// nothing from them. Parts with more words than the name stay.
func withoutPackageWords(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, line := range lines {
		parts := strings.Split(line, ": ")
		kept := parts[:0]
		for k, p := range parts {
			if k < len(parts)-1 && slices.Contains(prefixWords, p) {
				continue // a prefix, never the last part (the text itself)
			}
			kept = append(kept, p)
		}
		lines[i] = strings.Join(kept, ": ")
	}
	return strings.Join(lines, "\n")
}
