package plots

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zeropark/zeropark/model"
)

// Sentinel errors of package plots.
var (
	// ErrInput: the data or arguments handed in cannot be plotted (empty
	// period, missing parameter, unknown file format…).
	ErrInput = errors.New("plots: invalid input")
	// ErrCSV: a sweep CSV file is malformed.
	ErrCSV = errors.New("plots: invalid sweep CSV")
)

// CSVError is a problem in a sweep CSV file: the 1-based line, the header
// name of the column ("" for the whole row), the raw value and the reason.
// It unwraps to [ErrCSV] and to Err.
type CSVError struct {
	Line   int
	Column string
	Value  string
	Err    error
}

func (e *CSVError) Error() string {
	var b strings.Builder
	b.WriteString("plots: sweep CSV: ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	// Both come from the file: bounded, as model's messages are.
	if e.Column != "" {
		fmt.Fprintf(&b, "column %s: ", model.Quote(e.Column))
	}
	if e.Value != "" {
		fmt.Fprintf(&b, "value %s: ", model.Quote(e.Value))
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid")
	}
	return b.String()
}

// Unwrap returns [ErrCSV] and the cause.
func (e *CSVError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrCSV}
	}
	return []error{ErrCSV, e.Err}
}

// inputErr formats an error that unwraps to ErrInput.
func inputErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInput}, args...)...)
}
