package model

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zeropark/zeropark/internal/atomicfile"
)

// Causes inside a [*ParseError]; match with errors.Is.
var (
	errNumber    = errors.New("invalid number")
	errNotFinite = errors.New("NaN or infinite values are not allowed")
	errRange     = errors.New("number out of float64 range")
	errMissing   = errors.New("missing value")
)

// ReadSeriesCSV reads a series file: a header "timestamp,<columns…>" and one
// row per interval. Timestamps are RFC 3339 (e.g. 2023-01-01T00:00:00-06:00)
// and keep the offset they were written with (a "Z" or "+00:00" gives UTC).
// The set's clock, the location of [SeriesSet.Start], is the file's: the
// fixed offset of its timestamps when they share one; when the offsets change
// (daylight saving time), a location named "series offsets" that changes its
// offset where the file does, so that start + i·step reads as row i's own
// timestamp (the autumn hour written twice, -05:00 then -06:00, is two rows
// an hour apart), with the first offset before the first row and the last
// after the last. A change with no whole second between its row and the row
// before (steps under a second), or more than 32 distinct offsets, is an
// error.
// The step is the difference of the first two timestamps; it must divide an
// hour, and row i must be at start + i·step (a timestamp that repeats an
// earlier row's instant is reported as a duplicate, naming that row's line;
// any other row off the step is placed against the row before it: so many
// rows missing, a gap of no whole steps, a shorter step than the first two
// rows set, a row out of time order). Values are plain decimal numbers
// (an optional exponent, no digit separators or hex); empty, NaN and infinite
// values are errors. Spaces
// around names, timestamps and values are ignored, and so is a UTF-8
// byte-order mark before the header; inside a column name, a byte-order
// mark, a no-break or zero-width space or a control character is an error
// (the name would not match the park's, and a message could not show why).
//
// Every error is a [*ParseError] naming name (usually the file name), the
// line, the column and the value, and unwrapping to [ErrInvalid]. A value
// that does not parse does not stop the reading: every such value is
// reported, the first [MaxSeriesValueErrors] each as its own ParseError and
// the rest counted in one more, together (errors.Join, in line order) with
// the error that stops the reading, if any (a header, a timestamp, a
// ragged row, too few rows); no set is returned. The set
// keeps name and the line of each row ([SeriesSet.File], [SeriesSet.Lines])
// so that validation can say where a bad value is.
func ReadSeriesCSV(r io.Reader, name string) (*SeriesSet, error) {
	set, errs := readSeriesCSV(r, name)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return set, nil
}

// MaxSeriesLineBytes is the longest line of a series file read: 1 MB,
// a header of ten thousand long column names. A longer line is an error
// (CLI QA, 2026-12-04: --series /dev/zero read 1 GB in 10 s and went on,
// one line of NULs).
const MaxSeriesLineBytes = 1 << 20

// lineCap reads r and fails once a line runs past MaxSeriesLineBytes.
type lineCap struct {
	r     io.Reader
	bytes int // since the last newline
	crs   int // carriage returns since the last newline
	lines int // newlines read
}

// crOnly is why a file whose lines end in a carriage return alone cannot
// be read (QA X, session 38: it was "not a series CSV file (a device…)").
const crOnly = "its lines end in a carriage return (CR) alone, as some spreadsheets save CSV: save it with LF or CRLF line endings"

func (l *lineCap) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for rest := p[:n]; ; {
		i := bytes.IndexByte(rest, '\n')
		seg := rest
		if i >= 0 {
			seg = rest[:i]
		}
		l.bytes += len(seg)
		l.crs += bytes.Count(seg, []byte{'\r'})
		if l.bytes > MaxSeriesLineBytes {
			if l.crs > 1 {
				return 0, fmt.Errorf("line %d is longer than %d MB and holds %d carriage returns: %s", l.lines+1, MaxSeriesLineBytes>>20, l.crs, crOnly)
			}
			return 0, fmt.Errorf("line %d is longer than %d MB: not a series CSV file (a device, or a file of other data?)", l.lines+1, MaxSeriesLineBytes>>20)
		}
		if i < 0 {
			break
		}
		l.bytes, l.crs, l.lines, rest = 0, 0, l.lines+1, rest[i+1:]
	}
	return n, err
}

// MaxSeriesValueErrors is how many values that do not parse
// [ReadSeriesCSV] reports one by one; it counts the rest.
const MaxSeriesValueErrors = 20

// readSeriesCSV is ReadSeriesCSV with its errors as a list: the values
// that did not parse (at most MaxSeriesValueErrors, then a count), then
// the error that stopped the reading.
func readSeriesCSV(r io.Reader, name string) (_ *SeriesSet, errs []error) {
	cr := csv.NewReader(bufio.NewReaderSize(&lineCap{r: r}, 64<<10))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // ragged rows are reported by us, with names

	perr := func(line int, column, value string, err error) error {
		return &ParseError{File: name, Line: line, Column: column, Value: value, Err: err}
	}
	// Values that do not parse: listed up to MaxSeriesValueErrors,
	// counted past it (more after line lastLine).
	var values []error
	more, lastLine := 0, 0
	stop := func(err error) []error {
		if more > 0 {
			values = append(values, perr(0, "", "", &UnlistedError{Count: more, AfterLine: lastLine}))
		}
		if err != nil {
			values = append(values, err)
		}
		return values
	}
	csvErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if pe.StartLine != pe.Line && pe.StartLine > 0 {
				// A quote left open runs the row on to where the reader
				// gave up (often the end of the file): the row's own
				// line is where to look.
				return perr(pe.StartLine, "", "", fmt.Errorf("CSV row runs on to line %d, column %d: %w", pe.Line, pe.Column, pe.Err))
			}
			return perr(pe.Line, "", "", fmt.Errorf("CSV column %d: %w", pe.Column, pe.Err))
		}
		return perr(0, "", "", err)
	}

	head, err := cr.Read()
	if err == io.EOF {
		return nil, stop(perr(1, "", "", errors.New("empty file: want a header timestamp,<columns…>")))
	}
	if err != nil {
		return nil, stop(csvErr(err))
	}
	head[0] = strings.TrimPrefix(head[0], "\uFEFF")
	if why := utf16Error([]byte(head[0])); why != nil {
		// As a park file in UTF-16 is told (QA, 2026-12-04: the series
		// got "first header field must be \"timestamp\"" with the raw bytes).
		return nil, stop(perr(1, "", "", why))
	}
	if strings.TrimSpace(head[0]) != "timestamp" {
		why := `first header field must be "timestamp"`
		if strings.Contains(head[0], ";") {
			// QA, 2026-12-04: a German Excel export (semicolons, decimal
			// commas) got only the line above.
			why += ": the fields look separated by semicolons, as a spreadsheet in many locales saves them; " +
				"save as CSV with commas between fields and points for decimals"
		}
		return nil, stop(perr(1, "", head[0], errors.New(why)))
	}
	if len(head) < 2 {
		return nil, stop(perr(1, "", "", errors.New("header has no value columns")))
	}
	names := make([]string, len(head)-1)
	seen := make(map[string]bool, len(names))
	for i, h := range head[1:] {
		h = strings.TrimSpace(h)
		switch {
		case h == "":
			return nil, stop(perr(1, "", h, fmt.Errorf("header field %d: empty column name", i+2)))
		case strings.Contains(h, "\r") && !strings.Contains(h, "\n"):
			// Not quoted (the CSV reader reads a quoted CR LF as LF).
			return nil, stop(perr(1, "", h, fmt.Errorf("header field %d: column name holds a carriage return: %s", i+2, crOnly)))
		case strings.ContainsAny(h, "\r\n"):
			return nil, stop(perr(1, "", h, fmt.Errorf("header field %d: column name spans lines", i+2)))
		case !utf8.ValidString(h):
			// A Latin-1 or GBK header: its name would match no column the
			// park (UTF-8, as JSON is) gives, under the same-looking name.
			return nil, stop(perr(1, "", strings.ToValidUTF8(h, "\uFFFD"), fmt.Errorf("header field %d: column name is not UTF-8: save the series file as UTF-8", i+2)))
		case strings.IndexFunc(h, invisible) >= 0:
			// It would not match the name the park gives, and the
			// message "no such column" would show the same two names.
			r := []rune(h)[slices.IndexFunc([]rune(h), invisible)]
			return nil, stop(perr(1, "", h, fmt.Errorf("header field %d: column name holds the invisible character %U", i+2, r)))
		case h == "timestamp":
			return nil, stop(perr(1, h, "", errors.New(`"timestamp" may only be the first column`)))
		case seen[h]:
			return nil, stop(perr(1, h, "", errors.New("duplicate column name")))
		}
		seen[h] = true
		names[i] = h
	}
	cols := make([][]float64, len(names))

	s := &SeriesSet{Names: names, Columns: make(map[string][]float64, len(names)), File: name}
	row := 0
	firstOff, prevOff := 0, 0
	var changes []offsetChange
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, stop(csvErr(err))
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(head) {
			return nil, stop(perr(line, "", "", fmt.Errorf("row has %d fields, header has %d", len(rec), len(head))))
		}
		ts := strings.TrimSpace(rec[0])
		t, err := ParseRFC3339In(ts, time.UTC) // a lower-case t and z too (RFC 3339 §5.6)
		if err != nil {
			// A timestamp of the right form whose day, hour… is out of
			// range says which (time QA, 2026-12-04: 2023-02-29 and 24:00
			// read "not an RFC 3339 timestamp").
			var pe *time.ParseError
			if errors.As(err, &pe) && strings.HasSuffix(pe.Message, "out of range") {
				why := strings.TrimPrefix(pe.Message, ": ")
				switch why {
				case "day out of range":
					why += " (February 29 only in a leap year; April, June, September and November have 30 days)"
				case "hour out of range":
					why += " (midnight is 00:00 of the next day)"
				}
				return nil, stop(perr(line, "timestamp", ts, errors.New("not a time: "+why)))
			}
			// The example carries an offset: it sets the clock of the
			// time-of-use periods and the demand charge's months, and a
			// file stamped in UTC (…Z) moves them (QA, 2026-12-04).
			return nil, stop(perr(line, "timestamp", ts, errors.New("not an RFC 3339 timestamp (e.g. 2023-01-01T00:00:00+01:00: "+
				"the UTC offset is the clock of time-of-use periods and months)")))
		}
		if k, ok := s.rowAt(t, row); ok {
			return nil, stop(perr(line, "timestamp", ts, fmt.Errorf(
				"duplicate timestamp: repeats line %d (%s); each row must be the next interval",
				s.Lines[k], s.Start.Add(time.Duration(k)*s.Step).Format(time.RFC3339))))
		}
		_, off := t.Zone()
		if row > 0 && off != prevOff {
			changes = append(changes, offsetChange{line: line, at: t, ts: ts, off: off})
		}
		prevOff = off
		switch row {
		case 0:
			s.Start, firstOff = t, off
		case 1:
			s.Step = t.Sub(s.Start)
			switch {
			case s.Step < 0:
				return nil, stop(perr(line, "timestamp", ts, fmt.Errorf(
					"%v before the first row (line %d): rows must be in ascending time order (is the file sorted newest first?)", -s.Step, s.Lines[0])))
			case !stepDividesHour(s.Step):
				return nil, stop(perr(line, "timestamp", ts, fmt.Errorf(
					"step %v from the first row must be positive and divide an hour (e.g. 1h, 30m, 15m, 5m)%s", s.Step, missingSecond(s.Step, s.Lines[0]))))
			}
		default:
			if want := s.Start.Add(time.Duration(row) * s.Step); !t.Equal(want) {
				err := offStep(t, want, row, s.Step, s.Lines[row-1])
				if d := t.Sub(want); d > 0 && d%s.Step == 0 {
					// A row ahead of its place: is the one it skipped next
					// (two rows swapped)?
					if next, nerr := cr.Read(); nerr == nil && len(next) > 0 {
						nl, _ := cr.FieldPos(0)
						if nt, perr2 := ParseRFC3339(strings.TrimSpace(next[0])); perr2 == nil && nt.Equal(want) {
							err = fmt.Errorf("want %s (start + %d × %v), which line %d holds: rows out of time order (lines %d and %d swapped?); rows must be in time order",
								want.Format(time.RFC3339), row, s.Step, nl, line, nl)
						}
					}
				}
				if row == 2 && t.Sub(want.Add(-s.Step)) > 0 && t.Sub(want.Add(-s.Step)) < s.Step && s.Step%t.Sub(want.Add(-s.Step)) == 0 {
					err = fmt.Errorf("%w, or a row is missing after the first (line %d): the first two rows set the step", err, s.Lines[0])
				}
				return nil, stop(perr(line, "timestamp", ts, err))
			}
		}
		for j, f := range rec[1:] {
			v, err := parseValue(f)
			if err != nil {
				if len(values) < MaxSeriesValueErrors {
					values, lastLine = append(values, perr(line, names[j], strings.TrimSpace(f), err)), line
				} else {
					more++
				}
			}
			cols[j] = append(cols[j], v)
		}
		s.Lines = append(s.Lines, line)
		row++
	}
	if row < 2 {
		return nil, stop(perr(0, "", "", fmt.Errorf("%d data rows: need at least 2 to infer the step", row)))
	}
	if len(changes) > 0 {
		// The clock is each row's own: a location whose offsets change
		// where the file's do.
		loc, at, err := seriesZone(firstOff, changes, s.Step)
		if err != nil {
			return nil, stop(perr(changes[at].line, "timestamp", changes[at].ts, err))
		}
		s.Start = s.Start.In(loc)
	}
	if len(values) > 0 {
		return nil, stop(nil)
	}
	s.Len = row
	for j, n := range names {
		s.Columns[n] = cols[j]
	}
	return s, nil
}

// missingSecond is the hint for a step from the first two rows that does
// not divide an hour but a row missing after the first would explain (2h
// from hourly rows: the second row gone): "" otherwise.
func missingSecond(step time.Duration, firstLine int) string {
	for _, d := range []time.Duration{time.Hour, 30 * time.Minute, 15 * time.Minute, 5 * time.Minute} {
		if step > d && step%d == 0 && step/d <= 4 {
			n := int(step/d) - 1
			rows := "rows are"
			if n == 1 {
				rows = "a row is"
			} else {
				rows = fmt.Sprintf("%d %s", n, rows)
			}
			return fmt.Sprintf("; or %s missing after the first (line %d) in a file of %v steps", rows, firstLine, d)
		}
	}
	return ""
}

// offStep says why a row at t is not at want, where the fixed step puts
// row number row, from where t stands against the row before it (on
// prevLine, at want − step): rows missing (or the step changed to a
// longer one), a gap that is not whole steps, a step shorter than the
// first two rows' (a file that mixes steps), or a row out of time order.
func offStep(t, want time.Time, row int, step time.Duration, prevLine int) error {
	at := fmt.Sprintf("want %s (start + %d × %v)", want.Format(time.RFC3339), row, step)
	d := t.Sub(want.Add(-step))
	switch {
	case d > step && d%step == 0:
		n := int(d/step) - 1
		rows := "rows are"
		if n == 1 {
			rows = "row is"
		}
		return fmt.Errorf("%s: %v after the row before (line %d): %d %s missing, or the step changes to %v; rows must be at a fixed step with none missing",
			at, d, prevLine, n, rows, d)
	case d > step:
		return fmt.Errorf("%s: %v after the row before (line %d), not a whole number of %v steps; rows must be at a fixed step with none missing",
			at, d, prevLine, step)
	case d > 0:
		return fmt.Errorf("%s: %v after the row before (line %d), less than the step of %v the first two rows set; rows must be at one fixed step (resample the file to one step)",
			at, d, prevLine, step)
	}
	return fmt.Errorf("%s: %v before the row before (line %d); rows must be in time order", at, -d, prevLine)
}

// rowAt returns the index of the row, among the first n read, whose
// timestamp is the same instant as t. Rows read so far are at Start + k·Step
// (with n = 1, Step is not yet known: only the first row can match).
func (s *SeriesSet) rowAt(t time.Time, n int) (int, bool) {
	switch {
	case n == 0:
		return 0, false
	case n == 1 || s.Step <= 0:
		return 0, t.Equal(s.Start)
	}
	d := t.Sub(s.Start)
	if d < 0 || d%s.Step != 0 || d/s.Step >= time.Duration(n) {
		return 0, false
	}
	return int(d / s.Step), true
}

// invisible: a rune that prints as nothing or as white space other than
// the ASCII space (a byte-order mark, a zero-width or no-break space, a
// control character).
func invisible(r rune) bool { return r != ' ' && !unicode.IsPrint(r) }

// parseValue parses one finite float64.
func parseValue(f string) (float64, error) {
	f = strings.TrimSpace(f)
	if f == "" {
		return 0, errMissing
	}
	if strings.ContainsAny(f, "_xXpP") {
		// ParseFloat also takes Go's digit separators (1_000) and hex
		// floats (0x1p-2); a series file holds plain decimal numbers.
		return 0, errNumber
	}
	v, err := strconv.ParseFloat(f, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return 0, errRange
	case errors.Is(err, strconv.ErrRange):
		// Underflow to a subnormal or zero: the nearest float is fine.
		return v, nil
	case err != nil:
		return 0, errNumber
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, errNotFinite
	}
	return v, nil
}

// LoadSeries reads the series file at path; see [ReadSeriesCSV].
func LoadSeries(path string) (*SeriesSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	defer f.Close()
	return ReadSeriesCSV(f, path)
}

// WriteCSV writes the set in the format [ReadSeriesCSV] reads: timestamps in
// RFC 3339 (with fractional seconds only when needed) in the location of
// s.Start, values in the shortest decimal that reads back to the same
// float64, never in exponent notation (2500000, not 2.5e+06; 0.00001, not
// 1e-05), as every CSV file of zeropark writes numbers.
// It fails with an error unwrapping to [ErrInvalid] if the set is not valid
// ([SeriesSet.Validate]) or holds NaN or infinite values.
func (s *SeriesSet) WriteCSV(w io.Writer) error {
	if err := s.Validate(); err != nil {
		return err
	}
	for _, n := range s.Names {
		for i, v := range s.Columns[n] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &FieldError{Asset: "series", Field: "columns", Value: n,
					Reason: fmt.Sprintf("interval %d (%s): value %v cannot be written", i, s.Time(i).Format(time.RFC3339), v)}
			}
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	rec := make([]string, 1+len(s.Names))
	rec[0] = "timestamp"
	copy(rec[1:], s.Names)
	if err := cw.Write(rec); err != nil {
		return err
	}
	cols := make([][]float64, len(s.Names))
	for j, n := range s.Names {
		cols[j] = s.Columns[n]
	}
	for i := 0; i < s.Len; i++ {
		rec[0] = s.Time(i).Format(time.RFC3339Nano)
		for j, c := range cols {
			rec[1+j] = strconv.FormatFloat(c[i], 'f', -1, 64)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// SaveSeries writes the set to path atomically (temporary file in the same
// directory, then rename); see [SeriesSet.WriteCSV].
func SaveSeries(path string, s *SeriesSet) error {
	if err := atomicfile.Write(path, s.WriteCSV); err != nil {
		return fmt.Errorf("model: saving series: %w", err)
	}
	return nil
}

// UnlistedError stands for the values of a series file that do not parse
// beyond the first MaxSeriesValueErrors listed: Count of them, after
// line AfterLine. A caller that counts problems counts Count for it
// (zeropark validate).
type UnlistedError struct {
	Count, AfterLine int
}

func (e *UnlistedError) Error() string {
	return fmt.Sprintf("%d more values that do not parse (after line %d), not listed", e.Count, e.AfterLine)
}
