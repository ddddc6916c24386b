package periods

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zeropark/zeropark/model"
)

// ErrInvalid is the sentinel every input error of this package unwraps to.
// [*InputError] values also unwrap to [model.ErrInvalid], so a command that
// maps bad input to exit code 2 matches them without knowing this package.
var ErrInvalid = errors.New("periods: invalid input")

// InputError names one bad input: the series (by name, when the problem is
// in one), the field (a [Config] field such as "PeriodSteps", or "Values" /
// "Weight" of a [Series]), the index (a step or a period; -1 when none), the
// offending value and why it is rejected.
type InputError struct {
	Series string
	Field  string
	Index  int
	Value  string
	Reason string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("periods: ")
	if e.Series != "" {
		fmt.Fprintf(&b, "series %q: ", cut(e.Series))
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		if e.Index >= 0 {
			fmt.Fprintf(&b, "[%d]", e.Index)
		}
	}
	if e.Value != "" {
		fmt.Fprintf(&b, " = %s", e.Value)
	}
	fmt.Fprintf(&b, ": %s", e.Reason)
	return b.String()
}

// Unwrap returns ErrInvalid and model.ErrInvalid.
func (e *InputError) Unwrap() []error { return []error{ErrInvalid, model.ErrInvalid} }

// maxEcho bounds how much of a user-given name an error message repeats.
const maxEcho = 64

func cut(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	r := []rune(s)
	if len(r) > maxEcho {
		r = r[:maxEcho]
	}
	return fmt.Sprintf("%s… (%d bytes)", string(r), len(s))
}

func inputErr(series, field string, index int, value any, reason string) *InputError {
	v := ""
	if value != nil {
		v = fmt.Sprint(value)
	}
	return &InputError{Series: series, Field: field, Index: index, Value: v, Reason: reason}
}
