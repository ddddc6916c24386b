package sweep

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/zeropark/zeropark/internal/atomicfile"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Table is a results file read back: its header and rows.
type Table struct {
	Header []string
	Rows   []Row
}

// Row is one result row.
type Row struct {
	Combination int
	Fields      []string // all fields, Fields[0] is the combination
	File        string
	Line        int // 1-based line in File
}

// Col returns the index of the named column, or -1.
func (t *Table) Col(name string) int { return slices.Index(t.Header, name) }

// fileError is an error about a results file at a line; it unwraps to
// [ErrFile] (or ErrConflict).
func fileError(sentinel error, file string, line int, format string, a ...any) error {
	where := file
	if line > 0 {
		where = fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Errorf("%w: %s: %s", sentinel, where, fmt.Sprintf(format, a...))
}

// parseTable parses data (which must end with a newline unless empty).
func parseTable(data []byte, name string) (*Table, error) {
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	if err != nil {
		return nil, fileError(ErrFile, name, 1, "cannot read the header: %v", err)
	}
	if len(head) == 0 || head[0] != "combination" {
		return nil, fileError(ErrFile, name, 1, "not a sweep results file (first column is not \"combination\")")
	}
	t := &Table{Header: head}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fileError(ErrFile, name, 0, "%v", err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(head) {
			return nil, fileError(ErrFile, name, line, "row has %d fields, header has %d", len(rec), len(head))
		}
		k, err := strconv.Atoi(rec[0])
		if err != nil || k < 0 {
			return nil, fileError(ErrFile, name, line, "combination %q is not a whole number ≥ 0", rec[0])
		}
		t.Rows = append(t.Rows, Row{Combination: k, Fields: rec, File: name, Line: line})
	}
	return t, nil
}

// ReadTable reads a complete results file. A file that ends in a partial
// line (an interrupted write) is refused: resume that sweep first.
func ReadTable(path string) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return nil, fileError(ErrFile, path, bytes.Count(data, []byte{'\n'})+1,
			"ends in a partial line (interrupted run): re-run its sweep to resume and repair it")
	}
	return parseTable(data, path)
}

// encode writes header and rows as CSV.
func encode(header []string, rows []Row) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	for _, r := range rows {
		_ = w.Write(r.Fields)
	}
	w.Flush()
	return b.Bytes()
}

// Merge joins results files (shard outputs, or one file to sort) into out,
// written atomically: every header must equal the first, identical rows
// are kept once, two different rows for one combination are an error
// unwrapping to [ErrConflict], and rows come out in combination order.
// out may be one of the inputs. It returns the number of rows written.
func Merge(out string, inputs ...string) (int, error) {
	if len(inputs) == 0 {
		return 0, fmt.Errorf("%w: no input files to merge", ErrFile)
	}
	var header []string
	byK := map[int]Row{}
	var errs []error
	for _, in := range inputs {
		t, err := ReadTable(in)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if header == nil {
			header = t.Header
		} else if !slices.Equal(header, t.Header) {
			errs = append(errs, fileError(ErrFile, in, 1, "header differs from %s's:\n  %s\nwant\n  %s",
				inputs[0], strings.Join(t.Header, ","), strings.Join(header, ",")))
			continue
		}
		for _, r := range t.Rows {
			prev, ok := byK[r.Combination]
			if !ok {
				byK[r.Combination] = r
				continue
			}
			if !slices.Equal(prev.Fields, r.Fields) {
				errs = append(errs, fileError(ErrConflict, in, r.Line,
					"combination %d differs from %s:%d", r.Combination, prev.File, prev.Line))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	rows := make([]Row, 0, len(byK))
	for _, r := range byK {
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b Row) int { return a.Combination - b.Combination })
	if err := writeAtomic(out, encode(header, rows)); err != nil {
		return 0, err
	}
	return len(rows), nil
}

// Sort rewrites a results file atomically in combination order.
func Sort(path string) error {
	_, err := Merge(path, path)
	return err
}

// resume prepares path for appending rows of a sweep with the given
// header: a missing or empty file gets the header; an existing one loses a
// trailing partial line (rewritten atomically), must have this header, and
// its rows must be this sweep's (check returns an error otherwise). It
// returns the combinations already done.
func resume(path string, header []string, check func(r Row) error) (map[int]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if i := bytes.LastIndexByte(data, '\n'); i+1 != len(data) {
		data = data[:i+1] // drop the partial line an interrupted write left
		if len(data) == 0 {
			data = csvLine(header)
		}
		if err := writeAtomic(path, data); err != nil {
			return nil, err
		}
	}
	if len(data) == 0 {
		return map[int]bool{}, writeAtomic(path, csvLine(header))
	}
	t, err := parseTable(data, path)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(t.Header, header) {
		return nil, fileError(ErrFile, path, 1,
			"header differs from this sweep's (other --vary paths or --timings?): use another --out or the same options\n  have %s\n  want %s",
			strings.Join(t.Header, ","), strings.Join(header, ","))
	}
	done := make(map[int]bool, len(t.Rows))
	var errs []error
	for _, r := range t.Rows {
		if err := check(r); err != nil {
			errs = append(errs, err)
			if len(errs) >= 5 {
				break
			}
			continue
		}
		done[r.Combination] = true
	}
	return done, errors.Join(errs...)
}

// appender appends whole lines to a results file: one write and one fsync
// per call, so an interruption leaves at most a partial last line, which
// resume drops.
type appender struct {
	f *os.File
}

func openAppender(path string) (*appender, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	return &appender{f: f}, nil
}

func (a *appender) write(line []byte) error {
	if _, err := a.f.Write(line); err != nil {
		return fmt.Errorf("sweep: writing %s: %w", a.f.Name(), err)
	}
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("sweep: syncing %s: %w", a.f.Name(), err)
	}
	return nil
}

func (a *appender) close() error { return a.f.Close() }

// writeAtomic replaces path with data (see package atomicfile).
func writeAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return nil
}
