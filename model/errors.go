package model

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrNotDerived is returned by [Resolve] when a weather-driven PV array or
// wind turbine has no derived availability column in the series set: the
// caller must run physics.Derive (package forecast/physics) on the set
// first.
var ErrNotDerived = errors.New("model: weather-driven availability not derived")

// ErrStale: the park (or, as scenario.Scenario.Run checks too, the
// series) changed, in what something was made from it, since it was made
// — profiles ([Profiles.ChangedSince]) or a derived availability column
// ([SeriesSet.SetDerived]): a dispatch or a plan on them would mix the
// old inputs with the new. Derive and resolve again (scenario.Reresolve
// does both).
var ErrStale = errors.New("model: the park or series changed since what was derived or resolved from them")

// StaleDerivedError is returned by [Resolve] when a weather-driven PV
// array or wind turbine has a derived availability column that was
// derived ([SeriesSet.SetDerived]) from other weather settings than it
// now has. It unwraps to [ErrStale].
type StaleDerivedError struct {
	Kind, Asset string // "pv" or "wind", and the asset's name
	Column      string // the derived column
}

func (e *StaleDerivedError) Error() string {
	return fmt.Sprintf("model: %s %s: its weather settings changed since the series' column %s was derived from them: "+
		"derive again (physics.Derive; scenario.Reresolve derives and resolves): %v", e.Kind, quote(e.Asset), quote(e.Column), ErrStale)
}

func (e *StaleDerivedError) Unwrap() error { return ErrStale }

// FieldError is one problem found by [Park.Validate], [Park.ValidateWith] or
// [SeriesSet.Validate]: which asset, which field (its JSON key, with a dotted
// path inside nested objects), the offending value and why it is rejected.
// It unwraps to [ErrInvalid].
type FieldError struct {
	// Asset names the asset, e.g. `battery "b1"`, `pv[2]` when the asset has
	// no name, "grid", "park" or "series".
	Asset string
	// Field is the JSON key, e.g. "energy_kwh" or "weather.tilt_deg".
	Field string
	// Value is the offending value; nil when there is none to show.
	Value any
	// Reason says what is wrong, e.g. "must be in (0, 1]".
	Reason string
	// InSeries says the problem is in the series file: a value of a
	// referenced column, or (with the error unwrapping to ErrNoColumn) the
	// column itself missing.
	InSeries bool
	// File and Line locate a bad series value in the file it was read
	// from ([SeriesSet.File] and [SeriesSet.Lines]); File alone names the
	// series file of a missing column. For a problem in a park read by
	// [ReadParkJSON] they and Col locate the key at fault in the park
	// file (or, for a key the file leaves out, the nearest enclosing key
	// it has), unless the number there is not the value at fault (changed
	// in Go since the file was read). All are empty for parks and series
	// built in memory.
	File string
	Line int // 1-based; 0 when not known
	Col  int // 1-based byte column in a park file; 0 when not known
	// Path is the key's JSON path in the park file, with list indices
	// ("batteries[1].energy_kwh", "economics.discount_rate_per_year";
	// "" for the park itself), as [JSONError.Path]; "" for problems in
	// the series, but for a missing column the path of the park key that
	// names it (its reason then says where the park file has it).
	Path     string
	noColumn bool
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("model: ")
	b.WriteString(location(e.File, e.Line, e.Col))
	b.WriteString(e.Asset)
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
		if e.Value != nil {
			b.WriteString(" = ")
			b.WriteString(formatValue(e.Value))
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns [ErrInvalid].
func (e *FieldError) Unwrap() []error {
	if e.noColumn {
		return []error{ErrInvalid, ErrNoColumn}
	}
	return []error{ErrInvalid}
}

// NoColumnError is the error for a series column that a park references
// and the series lacks; it unwraps to ErrInvalid and ErrNoColumn.
func NoColumnError(asset, field, column, reason string) *FieldError {
	return &FieldError{Asset: asset, Field: field, Value: column, Reason: reason, InSeries: true, noColumn: true}
}

// MaxEchoBytes is the most bytes of one piece of user text (a name, a key, a
// cell, a raw JSON value) that an error message repeats; longer text is cut
// and followed by "…(N bytes)" giving its full length.
const MaxEchoBytes = 60

// echo shortens user text for an error message to at most MaxEchoBytes
// (cut at a UTF-8 boundary), saying how long it was. Every message that
// repeats user text goes through it, so a 5 MB cell cannot make a 5 MB
// message.
func echo(s string) string {
	if len(s) <= MaxEchoBytes {
		return s
	}
	return cut(s) + fmt.Sprintf("…(%d bytes)", len(s))
}

// Echo is [Quote] without the quotes: at most [MaxEchoBytes] of s, then
// "…(N bytes)" when s was longer. A message that carries user text in a
// field of its own (the problems of a refused HTTP request) uses it.
func Echo(s string) string { return echo(s) }

// Quote is how an error message repeats user text: strconv.Quote of at
// most [MaxEchoBytes] of s (cut at a UTF-8 boundary), followed by
// "…(N bytes)" when s was longer. Packages that read other files (a sweep
// results file) use it so that their messages are bounded too.
func Quote(s string) string { return quote(s) }

// MaxEchoNames is how many names [QuoteList] repeats.
const MaxEchoNames = 8

// QuoteList quotes the first [MaxEchoNames] names with [Quote], joined by
// ", ", and says how many more there are: for messages such as "no column
// "x" (have "a", "b", … 12 more)", which must stay short however many or
// however long the names are; "none" for no names.
func QuoteList(names []string) string {
	if len(names) == 0 {
		return "none" // "(have none)", not "(have )" (QA, 2026-12-04)
	}
	var b strings.Builder
	for i, n := range names {
		if i == MaxEchoNames {
			fmt.Fprintf(&b, ", … %d more", len(names)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(n))
	}
	return b.String()
}

// quote is strconv.Quote of the echoed text; the length note of long text
// follows the closing quote.
func quote(s string) string {
	if len(s) <= MaxEchoBytes {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut(s)) + fmt.Sprintf("…(%d bytes)", len(s))
}

// cut is the longest prefix of s of at most MaxEchoBytes that does not
// split a UTF-8 sequence.
func cut(s string) string {
	n := MaxEchoBytes
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// formatValue prints strings quoted (and shortened, see [MaxEchoBytes]) and
// floats in their shortest exact form.
func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return quote(v)
	case float64:
		if math.IsInf(v, 1) {
			return "+Inf"
		}
		return Num(v)
	case time.Duration:
		return v.String()
	case fmt.Stringer:
		return v.String()
	default:
		return fmt.Sprint(v)
	}
}

// Num prints v as zeropark's messages show a number: its shortest exact
// decimal, in full from a millionth to a trillion (2500000 and
// 1000000000, where strconv's 'g' wrote 2.5e+06 and 1e+09; 0.000123), in
// exponent form outside them (1e+300, 1.5e-07), and NaN, +Inf, -Inf as
// such.
func Num(v float64) string {
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e12) || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// ParseError is a problem in a series CSV file: where (file, line, header
// name of the column) and what (the raw value and the cause). It unwraps to
// [ErrInvalid] and to Err.
type ParseError struct {
	File   string // file name as given to the reader; may be empty
	Line   int    // 1-based line in the file; 0 when not known
	Column string // header name of the column, "timestamp", or "" for the whole row
	Value  string // the raw text that was rejected; "" when none
	Err    error  // the cause
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("model: ")
	b.WriteString(location(e.File, e.Line, 0))
	if e.Column != "" {
		fmt.Fprintf(&b, "column %s: ", quote(e.Column))
	}
	if e.Value != "" {
		fmt.Fprintf(&b, "value %s: ", quote(e.Value))
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid")
	}
	return b.String()
}

// Unwrap returns [ErrInvalid] and the cause.
func (e *ParseError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalid}
	}
	return []error{ErrInvalid, e.Err}
}

// JSONError is a problem in a park JSON file: where (file, line, column
// counted in bytes from 1, after a byte-order mark), which asset and key
// when known and the cause, which may be a *json.SyntaxError or
// *json.UnmarshalTypeError. It unwraps to [ErrInvalid] and to Err.
type JSONError struct {
	File string
	Line int // 1-based; 0 when not known
	Col  int // 1-based byte column; 0 when not known
	// Asset is the list element the key belongs to, by index and name,
	// e.g. `batteries[1] "B2"`; "" outside the asset lists.
	Asset string
	// Key is the dotted path of the key: from the asset when Asset is set
	// (e.g. "weather.tilt_deg", "weather.power_curve[1].speed_m_s"), else
	// from the top of the file (e.g. "grid.import_limit_kw").
	Key string
	// Path is the key's full JSON path from the top of the file, with list
	// indices: the asset's index path and Key ("batteries[2].energy_kwh",
	// "pv[0].weather.tilt_deg", "grid.import_limit_kw", "batteries[0]"
	// for the element itself). "" when the problem is not at a key: a
	// syntax error, a file cut short, the park itself.
	Path string
	Err  error
}

func (e *JSONError) Error() string {
	var b strings.Builder
	b.WriteString("model: ")
	b.WriteString(location(e.File, e.Line, e.Col))
	if e.Asset != "" {
		b.WriteString(e.Asset)
		b.WriteString(": ")
	}
	if e.Key != "" {
		fmt.Fprintf(&b, "key %s: ", quote(e.Key))
	}
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "json: "))
	} else {
		b.WriteString("invalid")
	}
	return b.String()
}

// Unwrap returns [ErrInvalid] and the cause.
func (e *JSONError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalid}
	}
	return []error{ErrInvalid, e.Err}
}

// location formats "file:line:col: " leaving out what is unknown.
func location(file string, line, col int) string {
	switch {
	case file == "" && line == 0:
		return ""
	case line == 0:
		return file + ": "
	}
	if file == "" {
		if col > 0 {
			return fmt.Sprintf("line %d:%d: ", line, col)
		}
		return fmt.Sprintf("line %d: ", line)
	}
	if col > 0 {
		return fmt.Sprintf("%s:%d:%d: ", file, line, col)
	}
	return fmt.Sprintf("%s:%d: ", file, line)
}

// joinInFileOrder is errors.Join of errs, the problems one check found,
// in the order of the file they are in: by file (in the order the files
// first appear in errs), then line, then column. The sort is stable:
// problems at one place keep the order they were found in, and so do
// problems with no line (line 0, the whole file or not placed), which
// come first in their file. errs is sorted in place.
func joinInFileOrder(errs []error) error {
	if len(errs) < 2 {
		return errors.Join(errs...)
	}
	rank := map[string]int{}
	for _, e := range errs {
		f, _, _ := placeOf(e)
		if _, ok := rank[f]; !ok {
			rank[f] = len(rank)
		}
	}
	slices.SortStableFunc(errs, func(a, b error) int {
		fa, la, ca := placeOf(a)
		fb, lb, cb := placeOf(b)
		return cmp.Or(cmp.Compare(rank[fa], rank[fb]), cmp.Compare(la, lb), cmp.Compare(ca, cb))
	})
	return errors.Join(errs...)
}

// placeOf is where the problem e is: file, line and column, zero when
// not known (or when e is not one of this package's located errors).
func placeOf(e error) (file string, line, col int) {
	switch e := e.(type) {
	case *JSONError:
		return e.File, e.Line, e.Col
	case *FieldError:
		return e.File, e.Line, e.Col
	case *ParseError:
		return e.File, e.Line, 0
	}
	return "", 0, 0
}
