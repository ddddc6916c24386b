package model

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// equalSets compares two sets: same instants and offsets, same columns.
func equalSets(t *testing.T, want, got *SeriesSet) {
	t.Helper()
	require.True(t, want.Start.Equal(got.Start), "start %v vs %v", want.Start, got.Start)
	_, wo := want.Start.Zone()
	_, go_ := got.Start.Zone()
	assert.Equal(t, wo, go_, "offset")
	assert.Equal(t, want.Step, got.Step)
	assert.Equal(t, want.Len, got.Len)
	assert.Equal(t, want.Names, got.Names)
	assert.Equal(t, want.Columns, got.Columns)
}

func TestReadSeriesCSV(t *testing.T) {
	in := "\uFEFFtimestamp, load_kw ,pv\n" +
		"2023-01-01T00:00:00-06:00,1.5, 0\n" +
		"\n" + // blank lines are skipped
		"2023-01-01T00:15:00-06:00,2,0.25\n" +
		"2023-01-01T06:30:00Z,-3e2,1\n"
	s, err := ReadSeriesCSV(strings.NewReader(in), "x.csv")
	require.NoError(t, err)
	assert.Equal(t, 15*time.Minute, s.Step)
	assert.Equal(t, 3, s.Len)
	assert.Equal(t, "2023-01-01T00:00:00-06:00", s.Start.Format(time.RFC3339))
	assert.Equal(t, []string{"load_kw", "pv"}, s.Names)
	assert.Equal(t, []float64{1.5, 2, -300}, s.Columns["load_kw"])
	assert.Equal(t, []float64{0, 0.25, 1}, s.Columns["pv"])
	// Each row keeps its own offset (the third row is written in UTC).
	assert.Equal(t, "2023-01-01T00:15:00-06:00", s.Time(1).Format(time.RFC3339))
	assert.Equal(t, "2023-01-01T06:30:00Z", s.Time(2).Format(time.RFC3339))
}

func randomSet(r *rand.Rand) *SeriesSet {
	steps := []time.Duration{time.Hour, 30 * time.Minute, 15 * time.Minute, 5 * time.Minute, time.Minute, time.Second}
	zones := []*time.Location{time.UTC, time.FixedZone("", -6*3600), time.FixedZone("", 5*3600+30*60)}
	s := &SeriesSet{
		Start: time.Date(2000+r.IntN(50), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, zones[r.IntN(len(zones))]),
		Step:  steps[r.IntN(len(steps))],
		Len:   2 + r.IntN(50),
	}
	for c := range 1 + r.IntN(5) {
		v := make([]float64, s.Len)
		for i := range v {
			switch r.IntN(4) {
			case 0:
				v[i] = math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.IntN(0x7fe)+1)<<52)
			case 1:
				v[i] = float64(r.IntN(100))
			default:
				v[i] = r.NormFloat64()
			}
		}
		name := fmt.Sprintf("col %d, \"q\"", c) // needs CSV quoting
		if c%2 == 0 {
			name = fmt.Sprintf("c%d_kw", c)
		}
		require.NoError(nil, s.SetColumn(name, v))
	}
	return s
}

func TestSeriesCSVRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 200 {
		s := randomSet(r)
		var buf bytes.Buffer
		require.NoError(t, s.WriteCSV(&buf))
		got, err := ReadSeriesCSV(&buf, "rt.csv")
		require.NoError(t, err, "set %d:\n%s", i, buf.String())
		equalSets(t, s, got)
	}
}

// TestWriteCSVNoExponents: WriteCSV writes numbers as every CSV file of
// zeropark does, never in exponent notation (strconv's 'g' form wrote a
// load of 2,500,000 kW as 2.5e+06 and a PV availability of 0.00001 as
// 1e-05), and they read back to the same float64.
func TestWriteCSVNoExponents(t *testing.T) {
	s := validSeries()
	s.Columns["load_kw"][0] = 2.5e6
	s.Columns["pv_kw_per_kwp"][1] = 0.00001
	s.Columns["carbon"][2] = -1.25e-7
	var buf bytes.Buffer
	require.NoError(t, s.WriteCSV(&buf))
	body := buf.String()
	assert.Contains(t, body, ",2500000,")
	assert.Contains(t, body, ",0.00001,")
	assert.Contains(t, body, ",-0.000000125,")
	for i, line := range strings.Split(strings.TrimSpace(body), "\n")[1:] {
		for j, cell := range strings.Split(line, ",")[1:] {
			assert.NotContains(t, cell, "e", "row %d, column %s", i+1, s.Names[j])
		}
	}
	got, err := ReadSeriesCSV(strings.NewReader(body), "big.csv")
	require.NoError(t, err)
	equalSets(t, s, got)
}

func TestWriteCSVRejects(t *testing.T) {
	s := validSeries()
	s.Columns["ghi"][1] = math.Inf(-1)
	err := s.WriteCSV(&bytes.Buffer{})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `"ghi"`)
	s = validSeries()
	s.Step = 7 * time.Minute
	assert.ErrorIs(t, s.WriteCSV(&bytes.Buffer{}), ErrInvalid)
	// A name ReadSeriesCSV would refuse is not written.
	s = validSeries()
	s.Names[0] = "\ufeff" + s.Names[0]
	s.Columns[s.Names[0]] = s.Columns[s.Names[0][3:]]
	delete(s.Columns, s.Names[0][3:])
	err = s.WriteCSV(&bytes.Buffer{})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "invisible characters")
}

func TestReadSeriesCSVErrors(t *testing.T) {
	const head = "timestamp,load_kw,pv\n"
	const r1 = "2023-01-01T00:00:00Z,1,0\n"
	const r2 = "2023-01-01T01:00:00Z,2,0\n"
	tests := []struct {
		name    string
		in      string
		line    int
		column  string
		value   string
		contain string
	}{
		{"bad timestamp", head + r1 + "2023-01-01 01:00,2,0\n", 3, "timestamp", "2023-01-01 01:00", "RFC 3339"},
		{"uneven step", head + r1 + r2 + "2023-01-01T03:00:00Z,3,0\n", 4, "timestamp", "2023-01-01T03:00:00Z",
			"want 2023-01-01T02:00:00Z (start + 2 × 1h0m0s): 2h0m0s after the row before (line 3): 1 row is missing, or the step changes to 2h0m0s"},
		// Where a row stands against the row before it says what is
		// wrong: rows missing, a gap of no whole steps, a file that
		// mixes steps, a row out of order.
		{"rows missing", head + r1 + r2 + "2023-01-01T04:00:00Z,3,0\n", 4, "timestamp", "2023-01-01T04:00:00Z",
			"3h0m0s after the row before (line 3): 2 rows are missing, or the step changes to 3h0m0s"},
		{"gap of no whole steps", head + r1 + r2 + "2023-01-01T02:30:00Z,3,0\n", 4, "timestamp", "2023-01-01T02:30:00Z",
			"1h30m0s after the row before (line 3), not a whole number of 1h0m0s steps"},
		{"step shortens", head + r1 + r2 + "2023-01-01T01:15:00Z,3,0\n", 4, "timestamp", "2023-01-01T01:15:00Z",
			"15m0s after the row before (line 3), less than the step of 1h0m0s the first two rows set; rows must be at one fixed step (resample the file to one step)"},
		{"out of order", head + r1 + r2 + "2023-01-01T00:30:00Z,3,0\n", 4, "timestamp", "2023-01-01T00:30:00Z",
			"30m0s before the row before (line 3); rows must be in time order"},
		{"step not dividing an hour", head + r1 + "2023-01-01T00:07:00Z,2,0\n", 3, "timestamp", "2023-01-01T00:07:00Z", "divide an hour"},
		{"step 2h", head + r1 + "2023-01-01T02:00:00Z,2,0\n", 3, "timestamp", "2023-01-01T02:00:00Z", "divide an hour"},
		// A repeated row names itself a duplicate and the line it repeats,
		// also when it repeats the instant with another offset.
		{"duplicate timestamp", head + r1 + r2 + r2 + "2023-01-01T03:00:00Z,3,0\n", 4, "timestamp", "2023-01-01T01:00:00Z",
			"duplicate timestamp: repeats line 3 (2023-01-01T01:00:00Z)"},
		{"duplicate earlier timestamp", head + r1 + r2 + "2023-01-01T02:00:00Z,3,0\n" + "2023-01-01T09:00:00+08:00,4,0\n", 5, "timestamp",
			"2023-01-01T09:00:00+08:00", "duplicate timestamp: repeats line 3 (2023-01-01T01:00:00Z)"},
		{"duplicate first timestamp", head + r1 + r1 + r2, 3, "timestamp", "2023-01-01T00:00:00Z", "duplicate timestamp: repeats line 2"},
		{"backwards", head + r2 + r1, 3, "timestamp", "2023-01-01T00:00:00Z", "1h0m0s before the first row (line 2): rows must be in ascending time order (is the file sorted newest first?)"},
		// Two rows swapped are named so, not a row missing; a row missing
		// after the first is named beside the step it sets (time QA,
		// 2026-12-04).
		{"two rows swapped", head + r1 + r2 + "2023-01-01T03:00:00Z,3,0\n" + "2023-01-01T02:00:00Z,4,0\n" + "2023-01-01T04:00:00Z,5,0\n", 4, "timestamp",
			"2023-01-01T03:00:00Z", "want 2023-01-01T02:00:00Z (start + 2 × 1h0m0s), which line 5 holds: rows out of time order (lines 4 and 5 swapped?)"},
		{"second row missing, hourly", head + r1 + "2023-01-01T02:00:00Z,2,0\n", 3, "timestamp", "2023-01-01T02:00:00Z",
			"divide an hour (e.g. 1h, 30m, 15m, 5m); or a row is missing after the first (line 2) in a file of 1h0m0s steps"},
		{"second row missing, quarter hours", head + r1 + "2023-01-01T00:30:00Z,2,0\n" + "2023-01-01T00:45:00Z,3,0\n", 4, "timestamp", "2023-01-01T00:45:00Z",
			"less than the step of 30m0s the first two rows set; rows must be at one fixed step (resample the file to one step), or a row is missing after the first (line 2)"},
		{"NaN", head + r1 + "2023-01-01T01:00:00Z,NaN,0\n", 3, "load_kw", "NaN", "NaN or infinite"},
		{"Inf", head + r1 + "2023-01-01T01:00:00Z,2,-Inf\n", 3, "pv", "-Inf", "NaN or infinite"},
		{"overflow", head + r1 + "2023-01-01T01:00:00Z,1e400,0\n", 3, "load_kw", "1e400", "out of float64 range"},
		{"missing value", head + r1 + "2023-01-01T01:00:00Z,,0\n", 3, "load_kw", "", "missing value"},
		{"not a number", head + r1 + r2 + "2023-01-01T02:00:00Z,2,abc\n", 4, "pv", "abc", "invalid number"},
		{"digit separator", head + r1 + "2023-01-01T01:00:00Z,1_000,0\n", 3, "load_kw", "1_000", "invalid number"},
		{"hex float", head + r1 + "2023-01-01T01:00:00Z,0x1p-2,0\n", 3, "load_kw", "0x1p-2", "invalid number"},
		{"ragged", head + r1 + "2023-01-01T01:00:00Z,2\n", 3, "", "", "row has 2 fields, header has 3"},
		{"duplicate column", "timestamp,a,b,a\n", 1, "a", "", "duplicate column"},
		{"empty column name", "timestamp,a,,b\n", 1, "", "", "empty column name"},
		{"no timestamp", "time,a\n", 1, "", "time", `"timestamp"`},
		// A spreadsheet's export in a locale with decimal commas, and a
		// timestamp without its offset, are told how to fix them (QA,
		// 2026-12-04).
		{"semicolons", "timestamp;load_kw\n", 1, "", "timestamp;load_kw", "separated by semicolons"},
		{"no offset", head + "2023-01-01 00:00,1,0\n", 2, "timestamp", "2023-01-01 00:00",
			"e.g. 2023-01-01T00:00:00+01:00: the UTC offset is the clock of time-of-use periods and months"},
		{"no columns", "timestamp\n" + "2023-01-01T00:00:00Z\n", 1, "", "", "no value columns"},
		{"February 29 of a common year", head + r1 + "2023-02-29T00:00:00Z,2,0\n", 3, "timestamp", "2023-02-29T00:00:00Z", "not a time: day out of range"},
		{"hour 24", head + r1 + "2023-01-01T24:00:00Z,2,0\n", 3, "timestamp", "2023-01-01T24:00:00Z", "not a time: hour out of range (midnight is 00:00 of the next day"},
		{"one row", head + r1, 0, "", "", "need at least 2"},
		{"empty", "", 1, "", "", "empty file"},
		{"bare quote", head + r1 + "2023-01-01T01:00:00Z,2\"x,0\n", 3, "", "", "quote"},
		// The quote opened on line 3 runs to the end of the file: the
		// error is placed at the row, where it was opened.
		{"unclosed quote", head + r1 + "2023-01-01T01:00:00Z,\"2,0\n" + r2 + r2, 3, "", "",
			`CSV row runs on to line 5, column 26: extraneous or missing " in quoted-field`},
		{"byte-order mark in a column name", "timestamp,a,\ufeffb\n", 1, "", "\ufeffb", "header field 3: column name holds the invisible character U+FEFF"},
		{"no-break space in a column name", "timestamp,load\u00a0kw\n", 1, "", "load\u00a0kw", "invisible character U+00A0"},
		// Lines ending in CR alone are named so, not "column name spans
		// lines" (QA X, session 38).
		{"CR line endings", strings.ReplaceAll(head+r1+r2, "\n", "\r"), 1, "", "pv\r2023-01-01T00:00:00Z",
			"header field 3: column name holds a carriage return: its lines end in a carriage return (CR) alone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadSeriesCSV(strings.NewReader(tc.in), "demo.csv")
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "demo.csv", pe.File)
			assert.Equal(t, tc.line, pe.Line, "%v", err)
			assert.Equal(t, tc.column, pe.Column, "%v", err)
			assert.Equal(t, tc.value, pe.Value, "%v", err)
			assert.Contains(t, err.Error(), tc.contain)
			if tc.line > 0 {
				assert.True(t, strings.HasPrefix(err.Error(), fmt.Sprintf("model: demo.csv:%d: ", tc.line)), err.Error())
			}
		})
	}
}

// Every value that does not parse is reported, not only the first, up
// to MaxSeriesValueErrors and a count of the rest, and with them the
// error that stops the reading (a timestamp off the step), in line order.
func TestReadSeriesCSVEveryBadValue(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,load_kw,pv\n")
	row := func(h int, load, pv string) { fmt.Fprintf(&b, "2023-01-01T%02d:00:00Z,%s,%s\n", h, load, pv) }
	row(0, "1", "0")                            // line 2
	row(1, "1", "0")                            // line 3
	row(2, "abc", "0")                          // line 4
	row(3, "1", "0")                            // line 5
	row(4, "", "NaN")                           // line 6: two in one row
	row(5, "1", "0")                            // line 7
	b.WriteString("2023-01-01T07:00:00Z,1,0\n") // line 8: a row missing
	_, err := ReadSeriesCSV(strings.NewReader(b.String()), "demo.csv")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *ParseError
		require.ErrorAs(t, e, &pe)
		got = append(got, fmt.Sprintf("%d %s %q", pe.Line, pe.Column, pe.Value))
	}
	assert.Equal(t, []string{`4 load_kw "abc"`, `6 load_kw ""`, `6 pv "NaN"`, `8 timestamp "2023-01-01T07:00:00Z"`}, got)

	// Past the bound: the first MaxSeriesValueErrors and how many more.
	b.Reset()
	b.WriteString("timestamp,load_kw\n")
	n := MaxSeriesValueErrors + 5
	for h := range n + 2 {
		v := "1"
		if h >= 2 {
			v = "x"
		}
		fmt.Fprintf(&b, "2023-01-%02dT%02d:00:00Z,%s\n", 1+h/24, h%24, v)
	}
	_, err = ReadSeriesCSV(strings.NewReader(b.String()), "demo.csv")
	require.Error(t, err)
	errs := err.(interface{ Unwrap() []error }).Unwrap()
	require.Len(t, errs, MaxSeriesValueErrors+1)
	assert.EqualError(t, errs[MaxSeriesValueErrors], fmt.Sprintf("model: demo.csv: 5 more values that do not parse (after line %d), not listed", 2+MaxSeriesValueErrors+1))
}

func TestParseErrorFormat(t *testing.T) {
	// Header on line 1, 15 good rows on lines 2–16, the bad one on 17.
	var b strings.Builder
	b.WriteString("timestamp,load_kw\n")
	for i := range 15 {
		fmt.Fprintf(&b, "2023-01-01T%02d:00:00Z,1\n", i)
	}
	b.WriteString("2023-01-01T15:00:00Z,abc\n")
	_, err := ReadSeriesCSV(strings.NewReader(b.String()), "demo.csv")
	assert.EqualError(t, err, `model: demo.csv:17: column "load_kw": value "abc": invalid number`)
}

func TestSaveAndLoadSeries(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.csv")
	s := validSeries()
	require.NoError(t, SaveSeries(path, s))
	got, err := LoadSeries(path)
	require.NoError(t, err)
	equalSets(t, s, got)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1)
	_, err = LoadSeries(filepath.Join(dir, "none.csv"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// bigCSV is an 8760-row × 15-column hourly file.
func bigCSV() []byte {
	var b bytes.Buffer
	b.WriteString("timestamp")
	for c := range 15 {
		fmt.Fprintf(&b, ",col%d", c)
	}
	b.WriteByte('\n')
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 8760 {
		b.WriteString(start.Add(time.Duration(i) * time.Hour).Format(time.RFC3339))
		for range 15 {
			fmt.Fprintf(&b, ",%g", r.Float64()*1000)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func TestReadBigCSV(t *testing.T) {
	s, err := ReadSeriesCSV(bytes.NewReader(bigCSV()), "big.csv")
	require.NoError(t, err)
	assert.Equal(t, 8760, s.Len)
	assert.Len(t, s.Names, 15)
	assert.Equal(t, "2023-12-31T23:00:00Z", s.Time(8759).Format(time.RFC3339))
}

func BenchmarkReadSeriesCSV(b *testing.B) {
	data := bigCSV()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadSeriesCSV(bytes.NewReader(data), "big.csv"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(8760, "rows")
}
