package physics

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zeropark/zeropark/model"
)

// ErrInvalid is the sentinel every input error of this package unwraps to.
// [*InputError] values also unwrap to [model.ErrInvalid], so callers that
// validate a whole park can match either. Package forecast declares both
// again under its own name (forecast.ErrInvalid, forecast.InputError) for
// its methods' errors, so one errors.Is or errors.As serves the two
// packages; the messages of both start "forecast: ", the tree's name.
var ErrInvalid = errors.New("forecast: invalid input")

// InputError names a bad parameter or series value: the asset (when known),
// the weather field, the series column and row (Row < 0: not a row), the
// offending value and why it is rejected.
type InputError struct {
	// File, Line and Col place the asset's key at fault in the park file
	// it was read from (model.Park.AssetKeyPosition), when [Derive] knows
	// it; empty otherwise.
	File      string
	Line, Col int
	Asset     string
	Field     string
	Column    string
	Row       int
	Time      time.Time
	Value     string
	Reason    string
	// noColumn: Column is missing from the series (unwraps to
	// model.ErrNoColumn).
	noColumn bool
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("forecast: ")
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d:%d: ", e.File, e.Line, e.Col)
	case e.File != "":
		b.WriteString(e.File + ": ")
	}
	if e.Asset != "" {
		fmt.Fprintf(&b, "asset %q: ", e.Asset)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %s", e.Field)
	}
	if e.Column != "" {
		if e.Field != "" {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "column %q", e.Column)
	}
	if e.Row >= 0 {
		fmt.Fprintf(&b, " row %d", e.Row)
		if !e.Time.IsZero() {
			fmt.Fprintf(&b, " (%s)", e.Time.Format(time.RFC3339))
		}
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ": value %s", e.Value)
	}
	fmt.Fprintf(&b, ": %s", e.Reason)
	return b.String()
}

// Unwrap returns ErrInvalid and model.ErrInvalid.
func (e *InputError) Unwrap() []error {
	if e.noColumn {
		return []error{ErrInvalid, model.ErrInvalid, model.ErrNoColumn}
	}
	return []error{ErrInvalid, model.ErrInvalid}
}

func fieldErr(asset, field string, value any, reason string) error {
	return &InputError{Asset: asset, Field: field, Row: -1, Value: fmt.Sprint(value), Reason: reason}
}

// column fetches a series column and checks that every value is finite
// and, by [model.WeatherValueRule], in field's unit and range, as a park
// file's check does.
func column(asset, field, name string, set *model.SeriesSet) ([]float64, error) {
	if name == "" {
		return nil, &InputError{Asset: asset, Field: field, Row: -1, Reason: "column name is empty"}
	}
	v, ok := set.Columns[name]
	if !ok {
		return nil, &InputError{Asset: asset, Field: field, Column: name, Row: -1, Reason: "no such column in the series", noColumn: true}
	}
	if len(v) != set.Len {
		return nil, &InputError{Asset: asset, Field: field, Column: name, Row: -1,
			Value: fmt.Sprint(len(v)), Reason: fmt.Sprintf("column length differs from the series length %d", set.Len)}
	}
	rule := model.WeatherValueRule(field)
	for i, x := range v {
		if isBad(x) {
			return nil, &InputError{Asset: asset, Field: field, Column: name, Row: i, Time: set.Time(i),
				Value: fmt.Sprint(x), Reason: "not a finite number"}
		}
		if rule == nil {
			continue
		}
		if why := rule(x); why != "" {
			return nil, &InputError{Asset: asset, Field: field, Column: name, Row: i, Time: set.Time(i),
				Value: fmt.Sprint(x), Reason: why}
		}
	}
	return v, nil
}

func checkSet(asset string, set *model.SeriesSet) error {
	if set == nil {
		return &InputError{Asset: asset, Row: -1, Reason: "series set is nil"}
	}
	if set.Step <= 0 {
		return &InputError{Asset: asset, Field: "step", Row: -1, Value: set.Step.String(), Reason: "series step must be positive"}
	}
	if set.Len < 0 {
		return &InputError{Asset: asset, Field: "len", Row: -1, Value: fmt.Sprint(set.Len), Reason: "series length is negative"}
	}
	return nil
}
