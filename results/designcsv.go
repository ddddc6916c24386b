package results

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"

	"github.com/zeropark/zeropark/model"
)

// column is a column of a file with one row per design, roadmap.csv
// (R = [RoadmapRow]) or frontier.csv (R = [FrontierRow]): its name, its
// meaning and how to write and read its cell.
type column[R any] struct {
	name, doc string
	get       func(r *R) string
	set       func(r *R, s string) error
	// figure: the cell is a figure of the row's design (a number, an
	// operation check's cell), empty on a row of roadmap.csv out of reach,
	// which has none ([RoadmapRow.Unreachable]).
	figure bool
	// optional: a file written before the column was added may lack it
	// ([designFile.read] then leaves its field as the zero row has it).
	optional bool
}

// optionalOnRead is c, which a file written before it may lack.
func optionalOnRead[R any](c column[R]) column[R] {
	c.optional = true
	return c
}

// numCol is a number column: a figure of the design, never empty on a
// row with one.
func numCol[R any](name, doc string, f func(r *R) *float64) column[R] {
	return column[R]{name: name, doc: doc, figure: true,
		get: func(r *R) string { return FormatNumber(*f(r)) },
		set: func(r *R, s string) error { return parseNumber(s, f(r)) }}
}

// optCol is a number column that may be empty (no value).
func optCol[R any](name, doc string, f func(r *R) **float64) column[R] {
	return column[R]{name: name, doc: doc, figure: true,
		get: func(r *R) string { return optCell(*f(r)) },
		set: func(r *R, s string) error { return parseOpt(s, f(r)) }}
}

// currencyCol is a file's currency column (ColCurrency, as a sweep's):
// the ISO 4217 code of every money column of the row, written on every
// row (one out of reach too), read back checked ([model.IsCurrencyCode];
// empty allowed: a park without economics, or a file written before the
// column, which may lack it).
func currencyCol[R any](doc string, f func(r *R) *string) column[R] {
	return column[R]{name: ColCurrency, doc: doc, optional: true,
		get: func(r *R) string { return *f(r) },
		set: func(r *R, s string) error {
			if s != "" && !model.IsCurrencyCode(s) {
				return errors.New("not an ISO 4217 code of money (as economics.currency must be)")
			}
			*f(r) = s
			return nil
		}}
}

// parseNumber reads a number cell (NaN refused, "+Inf" allowed).
func parseNumber(s string, v *float64) error {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != x {
		return errors.New("not a number")
	}
	*v = x
	return nil
}

// optCell is the cell of an optional number: "" for none.
func optCell(p *float64) string {
	if p == nil {
		return ""
	}
	return FormatNumber(*p)
}

// parseOpt reads an optional number cell into *p: nil for "".
func parseOpt(s string, p **float64) error {
	if s == "" {
		*p = nil
		return nil
	}
	var v float64
	if err := parseNumber(s, &v); err != nil {
		return err
	}
	*p = &v
	return nil
}

// designFile is the layout of roadmap.csv or frontier.csv: one writer and
// one reader for both, the reader taking a file written before some
// optional columns were added.
type designFile[R any] struct {
	// file is the file's name in header errors (RoadmapCSVFile).
	file string
	cols []column[R]
	// headerOK, when set, is one more condition on a header beyond its
	// columns and [energyHeaderOK] (roadmap.csv: [roadmapHeaderOK]).
	headerOK func(header []string) bool
	// unreachable, when set, names the column whose cell, when not empty,
	// marks a row with no design: its figure cells may be empty, and
	// [checkEnergyCells] does not apply to it.
	unreachable string
}

// names is the file's header.
func (f *designFile[R]) names() []string {
	names := make([]string, len(f.cols))
	for i, c := range f.cols {
		names[i] = c.name
	}
	return names
}

// docs documents the file's columns.
func (f *designFile[R]) docs() []ColumnDoc {
	docs := make([]ColumnDoc, len(f.cols))
	for i, c := range f.cols {
		docs[i] = ColumnDoc{c.name, c.doc}
	}
	return docs
}

// optional names the columns a file may lack.
func (f *designFile[R]) optional() []string {
	var names []string
	for _, c := range f.cols {
		if c.optional {
			names = append(names, c.name)
		}
	}
	return names
}

// write writes rows under the header; a cell for which blank says so is
// written empty (nil blank: none).
func (f *designFile[R]) write(w io.Writer, rows []R, blank func(r *R, c *column[R]) bool) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(f.names()); err != nil {
		return err
	}
	rec := make([]string, len(f.cols))
	for i := range rows {
		r := &rows[i]
		for j := range f.cols {
			c := &f.cols[j]
			rec[j] = ""
			if blank == nil || !blank(r, c) {
				rec[j] = c.get(r)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// read reads the file (name is used in errors): its header must be the
// columns', less some optional ones ([acceptHeader]), with the energy
// columns as [energyHeaderOK] says and headerOK's condition. Each cell is
// read by its column's set; a row's energy cells are all given or all
// empty ([checkEnergyCells]). Errors are [*FileError].
func (f *designFile[R]) read(r io.Reader, name string) ([]R, error) {
	c, err := openCSV(r, name)
	if err != nil {
		return nil, err
	}
	if want := f.names(); !acceptHeader(c.header, want, f.optional()...) || !energyHeaderOK(c.header) ||
		(f.headerOK != nil && !f.headerOK(c.header)) {
		return nil, c.headerErr(f.file, want)
	}
	// The file's columns: the layout's, less those an older file lacks.
	cols := make([]column[R], 0, len(c.header))
	for _, col := range f.cols {
		if slices.Contains(c.header, col.name) {
			cols = append(cols, col)
		}
	}
	unreachable := -1
	if f.unreachable != "" {
		unreachable = slices.Index(c.header, f.unreachable)
	}
	rows := []R{}
	err = c.eachRow(func(rec []string, line int) error {
		var row R
		out := unreachable >= 0 && rec[unreachable] != ""
		for j, col := range cols {
			if out && col.figure && rec[j] == "" {
				continue // a row out of reach has no figures
			}
			if err := col.set(&row, rec[j]); err != nil {
				return &FileError{File: name, Line: line, Column: col.name, Value: rec[j], Reason: err.Error()}
			}
		}
		if !out {
			if err := checkEnergyCells(c.header, rec, name, line); err != nil {
				return err
			}
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// acceptHeader reports whether header, of roadmap.csv or frontier.csv,
// is want, or want without some of the columns optional names, in want's
// order (a file written before they were added: warnings, read as a file
// without warnings; roadmap.csv's energy columns, read as not known).
func acceptHeader(header, want []string, optional ...string) bool {
	i := 0
	for _, w := range want {
		switch {
		case i < len(header) && header[i] == w:
			i++
		case !slices.Contains(optional, w):
			return false
		}
	}
	return i == len(header)
}
