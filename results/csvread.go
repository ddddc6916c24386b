package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/model"
)

// csvFile reads a CSV file with a header row, for every reader of this
// package: a UTF-8 byte-order mark is dropped, every row must have the
// header's number of fields, a column may not be named twice, and every
// problem is a [*FileError] naming the file, the line and, for a value,
// the column.
type csvFile struct {
	name   string
	r      *csv.Reader
	header []string
}

// openCSV reads the header of r (called name in errors).
func openCSV(r io.Reader, name string) (*csvFile, error) {
	c := &csvFile{name: name, r: csv.NewReader(r)}
	head, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fileErr(name, 1, "empty file: no header")
	}
	if err != nil {
		return nil, c.parseErr(err)
	}
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	seen := map[string]bool{}
	for _, h := range head {
		if seen[h] {
			return nil, &FileError{File: name, Line: 1, Column: h, Reason: "column named twice in the header"}
		}
		seen[h] = true
	}
	c.header = head
	return c, nil
}

// headerErr is the error of a header that is not want, the header of file:
// it names the columns missing (a file of an older version lacks the
// columns added since; Column is the first of them) and those not
// expected, then both headers when they are short (headerListMax). A
// header that is another file's this package writes (otherCSV) is named
// as that file, without the lists: a roadmap.csv given where a
// frontier.csv belongs differs in some sixty columns, which say less than
// its name.
func (c *csvFile) headerErr(file string, want []string) error {
	if other := otherCSV(c.header, file); other != "" {
		e := fileErr(c.name, 1, "header is not that of %s: it is that of %s, another file zeropark writes", file, other)
		e.Column = c.header[0]
		return e
	}
	have := map[string]bool{}
	for _, h := range c.header {
		have[h] = true
	}
	wanted := map[string]bool{}
	var missing, extra []string
	for _, w := range want {
		wanted[w] = true
		if !have[w] {
			missing = append(missing, w)
		}
	}
	for _, h := range c.header {
		if !wanted[h] {
			extra = append(extra, h)
		}
	}
	var why string
	switch {
	case len(missing) > 0 && len(extra) > 0:
		why = "missing column(s) " + nameList(missing) + "; unknown column(s) " + nameList(extra)
	case len(missing) > 0:
		why = "missing column(s) " + nameList(missing) + " (written by an older zeropark? write it again)"
	case len(extra) > 0:
		why = "unknown column(s) " + nameList(extra)
	default:
		why = "columns in another order"
	}
	if len(c.header) <= headerListMax && len(want) <= headerListMax {
		why += fmt.Sprintf("; have %s, want %s", strings.Join(c.header, ","), strings.Join(want, ","))
	} else {
		why += fmt.Sprintf("; have %d columns, want %d", len(c.header), len(want))
	}
	e := fileErr(c.name, 1, "header is not that of %s: %s", file, why)
	if len(missing) > 0 {
		e.Column = missing[0] // the first column missing, for a caller to show
	}
	return e
}

// headerListMax is the most names a header error lists of one kind
// (missing, unknown) and the longest header it prints whole.
const headerListMax = 12

// nameList joins names with ", ", the first headerListMax of them and how
// many more.
func nameList(names []string) string {
	if len(names) <= headerListMax {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:headerListMax], ", "), len(names)-headerListMax)
}

// otherCSV is the name of the CSV file, other than file, whose header
// this package writes as header (any version: the same first column and
// at least nine in ten of header's columns among its own), or "".
// backtest.csv is not among them: its columns carry the series' unit
// (mae_kw, …), so no one list of them matches its files.
func otherCSV(header []string, file string) string {
	known := []struct {
		file string
		cols []string
	}{
		{RoadmapCSVFile, roadmapFile.names()},
		{FrontierCSVFile, frontierFile.names()},
		{PathwayCSVFile, PathwayColumns()},
		{TenantsFile, HeatTenantColumns()},
	}
	for _, k := range known {
		if k.file == file || len(header) == 0 || header[0] != k.cols[0] {
			continue
		}
		in := 0
		for _, h := range header {
			if slices.Contains(k.cols, h) {
				in++
			}
		}
		if in*10 >= len(header)*9 {
			return k.file
		}
	}
	return ""
}

// eachRow calls fn with every row after the header and its 1-based line,
// until the end of the file or the first error.
func (c *csvFile) eachRow(fn func(rec []string, line int) error) error {
	for {
		rec, line, err := c.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(rec, line); err != nil {
			return err
		}
	}
}

// next returns the next row and its 1-based line, or io.EOF.
func (c *csvFile) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		return nil, 0, c.parseErr(err)
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

// parseErr turns encoding/csv's error into a FileError with its line.
func (c *csvFile) parseErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FileError{File: c.name, Line: pe.Line, Reason: pe.Err.Error()}
	}
	return &FileError{File: c.name, Reason: err.Error()}
}

// number parses field j of a row at line as a number ("+Inf" included;
// NaN refused).
func (c *csvFile) number(line, j int, s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) {
		return 0, &FileError{File: c.name, Line: line, Column: c.header[j], Value: s, Reason: "not a number"}
	}
	return v, nil
}

// time parses field j of a row at line as an RFC 3339 time.
func (c *csvFile) time(line, j int, s string) (time.Time, error) {
	t, err := model.ParseRFC3339(s) // a lower-case t and z too (RFC 3339 §5.6)
	if err != nil {
		return t, &FileError{File: c.name, Line: line, Column: c.header[j], Value: s, Reason: "not an RFC 3339 time"}
	}
	return t, nil
}

// timeSeries is a CSV file of one row per interval: a timestamp column,
// then numbers.
type timeSeries struct {
	header []string
	times  []time.Time
	cols   [][]float64 // [j-1] holds column j of the header
}

// readTimeSeries reads a file whose first column is "timestamp" and whose
// other columns are numbers; check vets the header first. Timestamps
// must increase.
func readTimeSeries(r io.Reader, name string, check func(c *csvFile) error) (*timeSeries, error) {
	c, err := openCSV(r, name)
	if err != nil {
		return nil, err
	}
	if c.header[0] != ColTimestamp {
		return nil, &FileError{File: name, Line: 1, Column: c.header[0], Reason: "the first column must be " + ColTimestamp}
	}
	if err := check(c); err != nil {
		return nil, err
	}
	ts := &timeSeries{header: c.header, cols: make([][]float64, len(c.header)-1)}
	err = c.eachRow(func(rec []string, line int) error {
		t, err := c.time(line, 0, rec[0])
		if err != nil {
			return err
		}
		if n := len(ts.times); n > 0 && !t.After(ts.times[n-1]) {
			return &FileError{File: name, Line: line, Column: ColTimestamp, Value: rec[0], Reason: "not after the row before"}
		}
		ts.times = append(ts.times, t)
		for j := 1; j < len(rec); j++ {
			v, err := c.number(line, j, rec[j])
			if err != nil {
				return err
			}
			ts.cols[j-1] = append(ts.cols[j-1], v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ts, nil
}
