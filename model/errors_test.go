package model

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEcho(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"short", "short"},
		{strings.Repeat("a", MaxEchoBytes), strings.Repeat("a", MaxEchoBytes)},
		{strings.Repeat("a", MaxEchoBytes+1), strings.Repeat("a", MaxEchoBytes) + "…(61 bytes)"},
		// 59 bytes and a 3-byte rune that would straddle the cut: the
		// rune is left out whole.
		{strings.Repeat("a", MaxEchoBytes-1) + "日本", strings.Repeat("a", MaxEchoBytes-1) + "…(65 bytes)"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, echo(tc.in))
	}
	assert.Equal(t, `"`+strings.Repeat("a", MaxEchoBytes)+`"…(100 bytes)`, quote(strings.Repeat("a", 100)))
	assert.Equal(t, `"a\"b"`, quote(`a"b`))
}

// A 5 MB value, key or name in a file gives a short message that still
// says where, what, and how long the text was.
func TestErrorsEchoBoundedText(t *testing.T) {
	const n = 5 << 20
	big := strings.Repeat("x", n)
	// A CSV line is at most MaxSeriesLineBytes: the CSV cases take 900 kB.
	const m = 900 << 10
	bigCSV := strings.Repeat("x", m)
	const grid = `"grid": {"import_limit_kw": 1, "export_limit_kw": 1, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}`
	series := func(cell string) string {
		return "timestamp,load_kw\n2023-01-01T00:00:00Z,1\n2023-01-01T01:00:00Z," + cell + "\n"
	}
	tests := []struct {
		name string
		read func() error
		want []string // where, what, and the length of the long text
	}{
		{"CSV cell", func() error {
			_, err := ReadSeriesCSV(strings.NewReader(series(bigCSV)), "big.csv")
			return err
		}, []string{"big.csv:3:", `column "load_kw"`, `value "xxxx`, "invalid number", fmt.Sprintf("…(%d bytes)", m)}},
		{"CSV header", func() error {
			_, err := ReadSeriesCSV(strings.NewReader("timestamp,"+bigCSV[:m/2]+","+bigCSV[:m/2]+"\n"), "big.csv")
			return err
		}, []string{"big.csv:1:", `column "xxxx`, "duplicate column name", fmt.Sprintf("…(%d bytes)", m/2)}},
		{"CSV timestamp", func() error {
			_, err := ReadSeriesCSV(strings.NewReader("timestamp,a\n"+bigCSV+",1\n"), "big.csv")
			return err
		}, []string{"big.csv:2:", `column "timestamp"`, `value "xxxx`, "RFC 3339", fmt.Sprintf("…(%d bytes)", m)}},
		{"JSON string for a number", func() error {
			_, err := ReadParkJSON(strings.NewReader(`{"grid": {"import_limit_kw": "`+big+`"}}`), "big.json")
			return err
		}, []string{"big.json:1:30:", `key "grid.import_limit_kw"`, `value "xxxx`, "want a number",
			fmt.Sprintf("…(%d bytes)", n+2)}}, // the raw JSON, with its quotes
		{"JSON long number", func() error {
			_, err := ReadParkJSON(strings.NewReader(`{"loads": [{"scale": 1`+strings.Repeat("0", n-1)+`e99999}]}`), "big.json")
			return err
		}, []string{"big.json:1:22:", `loads[0]: key "scale"`, "value 1000", "out of the range of a number",
			fmt.Sprintf("…(%d bytes)", n+6)}},
		{"JSON unknown key", func() error {
			_, err := ReadParkJSON(strings.NewReader(`{"`+big+`": 1}`), "big.json")
			return err
		}, []string{"big.json:1:2:", `key "xxxx`, "unknown key", fmt.Sprintf("…(%d bytes)", n)}},
		{"JSON asset name", func() error {
			_, err := ReadParkJSON(strings.NewReader(`{`+grid+`, "loads": [{"name": "`+big+`"}]}`), "big.json")
			return err
		}, []string{"big.json:1:110:", `loads[0] "xxxx`, `key "column_kw"`, "required key is missing", fmt.Sprintf("…(%d bytes)", n)}},
		{"validation", func() error {
			p := validPark()
			p.Loads[0].Name, p.Loads[0].Column = big, big+"y"
			return p.ValidateWith(validSeries())
		}, []string{`load "xxxx`, `column_kw = "xxxx`, "no such column", fmt.Sprintf("…(%d bytes)", n+1)}},
		{"duplicate asset name", func() error {
			p := validPark()
			p.Loads[0].Name, p.Loads[1].Name = big, big
			return p.Validate()
		}, []string{`load "xxxx`, `name = "xxxx`, `already used by load "xxxx`, fmt.Sprintf("…(%d bytes)", n)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read()
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			msg := err.Error()
			assert.Less(t, len(msg), 600, "message stays short: %.1000s", msg)
			assert.Contains(t, msg, "bytes)")
			for _, w := range tc.want {
				assert.Contains(t, msg, w)
			}
		})
	}
}

// Duplicate keys are echoed short too: a long one can only sit in an
// object this package has no rules for (such as another package's), so
// the key check is called on its own here.
func TestDuplicateKeyEchoBounded(t *testing.T) {
	big := strings.Repeat("k", 1<<20)
	in := `{"loads": [], "grid": {"import_limit_kw": 1, "export_limit_kw": 1,
  "dispatch_carbon": {"kgco2e_per_kwh": 0.5, "source": "a", "source": "` + big + `"}},
  "other": {"` + big + `": 1, "` + big + `": 2}}`
	err := checkKeys([]byte(in), "d.json")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	errs := jsonErrors(t, err)
	require.Len(t, errs, 2)
	assert.Equal(t, `model: d.json:2:61: key "grid.dispatch_carbon.source": duplicate key (first at line 2)`, errs[0].Error())
	assert.Less(t, len(errs[1].Error()), 300)
	assert.Contains(t, errs[1].Error(), `d.json:3:`)
	assert.Contains(t, errs[1].Error(), `key "other.kkkk`)
	assert.Contains(t, errs[1].Error(), "…(1048582 bytes)")
	assert.Contains(t, errs[1].Error(), "duplicate key (first at line 3)")
}

// A bad value in a series column read from a file names the file, the line
// of its row (blank lines and quoted line breaks counted), the column and
// the timestamp.
func TestSeriesValueErrorsNameTheLine(t *testing.T) {
	in := "timestamp,load_kw,pv\n" + // line 1
		"2023-01-01T00:00:00Z,1,0\n" + // 2
		"\n" + // 3: skipped
		"2023-01-01T01:00:00Z,\"2\n\",0\n" + // 4–5: a quoted value spanning two lines
		"2023-01-01T02:00:00Z,3,0\n" + // 6
		"\n\n" + // 7, 8
		"2023-01-01T03:00:00Z,-4,0\n" + // 9: the bad load
		"2023-01-01T04:00:00Z,5,2\n" // 10: the bad availability
	s, err := ReadSeriesCSV(strings.NewReader(in), "s.csv")
	require.NoError(t, err)
	assert.Equal(t, "s.csv", s.File)
	assert.Equal(t, []int{2, 4, 6, 9, 10}, s.Lines)
	// Cross-check against the text: each row's line starts with its timestamp.
	lines := strings.Split(in, "\n")
	for i := range s.Len {
		assert.True(t, strings.HasPrefix(lines[s.Line(i)-1], s.Time(i).Format(time.RFC3339)), "row %d", i)
	}

	p := &Park{Loads: []Load{{Name: "office", Column: "load_kw"}},
		PV:   []PVArray{{Name: "roof", CapacityKWp: 1, AvailabilityColumn: "pv"}},
		Grid: Grid{DispatchCarbon: CarbonSignal{KgCO2ePerKWh: 0.5}}}
	err = p.ValidateWith(s)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	errs := fieldErrors(t, err)
	require.Len(t, errs, 2)
	assert.Equal(t, `model: s.csv:9: load "office": column_kw = "load_kw": interval 3 (2023-01-01T03:00:00Z): value -4: must be finite and ≥ 0`, errs[0].Error())
	assert.Equal(t, 10, errs[1].Line)
	assert.Contains(t, errs[1].Error(), `s.csv:10: pv "roof": availability_column_kw_per_kwp = "pv": interval 4 (2023-01-01T04:00:00Z): value 2`)

	// A slice keeps the lines of its rows.
	sub := s.Slice(3, 5)
	assert.Equal(t, 9, sub.Line(0))
	errs = fieldErrors(t, p.ValidateWith(sub))
	require.Len(t, errs, 2)
	assert.Equal(t, 9, errs[0].Line)

	// A missing column names the file; a set made in memory names nothing.
	p.Loads[0].Column = "demand_kw"
	errs = fieldErrors(t, p.ValidateWith(s))
	assert.True(t, strings.HasPrefix(errs[0].Error(), `model: s.csv: load "office": column_kw = "demand_kw": no such column`), errs[0].Error())
	mem := validSeries()
	require.NoError(t, mem.SetColumn("demand_kw", []float64{1, -1, 1, 1}))
	require.NoError(t, mem.SetColumn("pv", []float64{0, 0, 0, 0}))
	errs = fieldErrors(t, p.ValidateWith(mem))
	require.Len(t, errs, 1)
	assert.Equal(t, `model: load "office": column_kw = "demand_kw": interval 1 (2023-01-01T01:00:00Z): value -1: must be finite and ≥ 0`, errs[0].Error())
	assert.Zero(t, mem.Line(1))
}

// A derived column is computed, not read: its bad values have no line even
// in a set read from a file.
func TestDerivedColumnErrorsHaveNoLine(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, validSeries().WriteCSV(&buf))
	s, err := ReadSeriesCSV(&buf, "v.csv")
	require.NoError(t, err)
	require.NoError(t, s.SetColumn(DerivedColumn("pv", "carport"), []float64{0, 9, 0, 0}))
	errs := fieldErrors(t, validPark().ValidateWith(s))
	require.Len(t, errs, 1)
	assert.Empty(t, errs[0].File)
	assert.Zero(t, errs[0].Line)
	assert.Contains(t, errs[0].Error(), "interval 1 (2023-01-01T01:00:00Z): value 9")
	assert.False(t, errors.Is(errs[0], ErrNoColumn))
}

// Num: in full from a millionth to a quadrillion, in exponent form
// outside.
func TestNum(t *testing.T) {
	for v, want := range map[float64]string{
		2500000: "2500000", 13999700: "13999700", 1.5e6: "1500000", 1e6: "1000000", 2e9: "2000000000",
		1442.13: "1442.13", 0.5: "0.5", 0.000123: "0.000123", 1e-5: "0.00001", 1.5e-7: "1.5e-07", -3e6: "-3000000", 1e12: "1e+12", 999999999999: "999999999999",
		0: "0", 1e300: "1e+300", math.Inf(1): "+Inf", math.Inf(-1): "-Inf",
	} {
		assert.Equal(t, want, Num(v), "%v", v)
	}
	assert.Equal(t, "NaN", Num(math.NaN()))
}
