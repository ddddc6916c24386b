package scenario

import (
	"errors"
	"reflect"
	"strings"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// FileError names the input file a problem is in: the park JSON file or
// the series CSV file. It unwraps to the problem itself, so errors.Is and
// errors.As see through it (to model.ErrInvalid, *model.FieldError, …).
type FileError struct {
	File string // the path as the caller gave it
	Err  error
}

// Error is the file, then the problem without its package prefix
// ("park.json: battery "b1": energy_kwh = -1: must be finite and ≥ 0").
func (e *FileError) Error() string {
	msg := e.Err.Error()
	for _, p := range []string{"model: ", "forecast: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	if strings.HasPrefix(msg, e.File+":") {
		return msg // a series value's error names its file and line itself
	}
	return e.File + ": " + msg
}

// Unwrap returns the problem.
func (e *FileError) Unwrap() error { return e.Err }

// joinType is the type of errors.Join's result: the only multi-error
// NameFiles splits (a fmt.Errorf with several %w is one message).
var joinType = reflect.TypeOf(errors.Join(errors.New("")))

// NameFiles returns err with each of its problems (the parts of an
// errors.Join, recursively) wrapped in a [*FileError] naming the file it
// is about:
//
//   - a [model.FieldError] about the park (an asset's field) → parkPath;
//     about the series (a value of a referenced column, a column the series
//     lacks, the series' shape) → seriesPath;
//   - a [forecast.InputError] about a series column (its values, or the
//     column missing) → seriesPath, about a weather-model parameter →
//     parkPath;
//   - errors that name their file already ([model.ParseError],
//     [model.JSONError]) and errors of no known kind are left as they are.
//
// A path given as "" names nothing: problems about it are left as they
// are. nil stays nil. [Load] calls it, so every caller of Load gets file
// names; callers that load files themselves and call [New] may too.
func NameFiles(err error, parkPath, seriesPath string) error {
	if err == nil {
		return nil
	}
	if reflect.TypeOf(err) == joinType {
		parts := err.(interface{ Unwrap() []error }).Unwrap()
		out := make([]error, len(parts))
		for i, p := range parts {
			out[i] = NameFiles(p, parkPath, seriesPath)
		}
		return errors.Join(out...)
	}
	if file := fileOf(err, parkPath, seriesPath); file != "" {
		return &FileError{File: file, Err: err}
	}
	return err
}

// fileOf says which of the two files problem err is about ("" when it
// names its file already, is of no known kind or is about a file given as
// "").
func fileOf(err error, parkPath, seriesPath string) string {
	var (
		named *FileError
		pe    *model.ParseError
		je    *model.JSONError
		fe    *model.FieldError
		ie    *forecast.InputError
	)
	switch {
	case errors.As(err, &named), errors.As(err, &pe) && pe.File != "", errors.As(err, &je) && je.File != "":
		return ""
	case errors.As(err, &fe):
		if fe.InSeries || fe.Asset == "series" || errors.Is(err, model.ErrNoColumn) {
			return seriesPath
		}
		return parkPath
	case errors.As(err, &ie):
		if ie.Column != "" { // a column's values or length, or the column missing
			return seriesPath
		}
		return parkPath
	}
	return ""
}
