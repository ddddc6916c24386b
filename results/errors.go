package results

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zeropark/zeropark/model"
)

// Sentinel errors of package results.
var (
	// ErrOutput: outputs (a run's, a plan's, a sweep's) cannot be written
	// as asked (bad file names, a schedule that does not match its park, a
	// directory holding a user's files); the error wrapping it says which.
	ErrOutput = errors.New("results: cannot write output")
	// ErrFile: a file read back is not one this package writes, or is
	// damaged (header, a malformed row, a value that does not parse).
	ErrFile = errors.New("results: unusable file")
	// ErrQuery: a question a sweep table cannot answer (a parameter it
	// does not vary, rows of several policies, two rows for one cell).
	ErrQuery = errors.New("results: cannot answer from the table")
)

// FileError is a problem in a file read back: where (file, 1-based line,
// column name, or the key of a JSON file), the raw value and why. It
// unwraps to [ErrFile].
type FileError struct {
	File   string
	Line   int    // 0 for the whole file
	Column string // "" for the whole row
	Key    string // a JSON file's key (Column is then ""); "" for a CSV file
	Value  string // "" when there is none to show
	Reason string
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(ErrFile.Error())
	b.WriteString(": ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ": column %s", quote(e.Column))
	}
	if e.Key != "" {
		fmt.Fprintf(&b, ": key %s", quote(e.Key))
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ": value %s", quote(e.Value))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns [ErrFile].
func (e *FileError) Unwrap() error { return ErrFile }

// DirError is a directory that cannot take a set of outputs: Dir, as the
// caller named it; What, the files being written ("the run's files
// (intervals.csv, …)"); Err, why (from internal/atomicdir: a bad file
// name, a user's file or subdirectory in Dir, Dir not a directory). It
// unwraps to [ErrOutput] and to Err.
type DirError struct {
	Dir  string
	What string
	Err  error
}

func (e *DirError) Error() string { return fmt.Sprintf("%v: %s: %v", ErrOutput, e.What, e.Err) }

// Reason is the message without the directory, for a caller that names it
// itself (the CLI: "--out D: …").
func (e *DirError) Reason() string {
	r := e.Err.Error()
	var withReason interface{ Reason() string }
	if errors.As(e.Err, &withReason) {
		r = withReason.Reason()
	}
	return fmt.Sprintf("%v: %s: %s", ErrOutput, e.What, r)
}

// Unwrap returns [ErrOutput] and Err.
func (e *DirError) Unwrap() []error { return []error{ErrOutput, e.Err} }

// fileErr is a FileError for a whole row or file.
func fileErr(file string, line int, format string, a ...any) *FileError {
	return &FileError{File: file, Line: line, Reason: fmt.Sprintf(format, a...)}
}

// queryErr formats an error that unwraps to ErrQuery.
func queryErr(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrQuery}, a...)...)
}

// quote is strconv.Quote of user text cut to model.MaxEchoBytes (at a
// UTF-8 boundary), followed by its length when it was cut: a 5 MB cell
// does not make a 5 MB message.
func quote(s string) string {
	if len(s) <= model.MaxEchoBytes {
		return strconv.Quote(s)
	}
	n := model.MaxEchoBytes
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strconv.Quote(s[:n]) + fmt.Sprintf("…(%d bytes)", len(s))
}
