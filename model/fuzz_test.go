package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// allInvalid reports whether err and every error joined into it unwrap to
// ErrInvalid.
func allInvalid(err error) bool {
	if j, ok := err.(interface{ Unwrap() []error }); ok && !isTyped(err) {
		for _, e := range j.Unwrap() {
			if !allInvalid(e) {
				return false
			}
		}
		return true
	}
	return errors.Is(err, ErrInvalid)
}

func isTyped(err error) bool {
	switch err.(type) {
	case *ParseError, *JSONError, *FieldError: // one problem, several sentinels
		return true
	}
	return false
}

// maxLeafBytes bounds the message of one problem, whatever the input:
// user text is echoed short (MaxEchoBytes).
const maxLeafBytes = 1000

// checkLeaves fails when a problem's message is too long or a park file
// position lies outside the file.
func checkLeaves(t *testing.T, err error, data []byte) {
	t.Helper()
	if j, ok := err.(interface{ Unwrap() []error }); ok && !isTyped(err) {
		for _, e := range j.Unwrap() {
			checkLeaves(t, e, data)
		}
		return
	}
	if len(err.Error()) > maxLeafBytes {
		t.Fatalf("message of %d bytes: %.300s", len(err.Error()), err)
	}
	var je *JSONError
	if data != nil && errors.As(err, &je) && je.Line > 0 {
		if lines := bytes.Count(data, []byte{'\n'}) + 1; je.Line > lines || je.Col < 1 {
			t.Fatalf("position %d:%d outside a file of %d lines: %v", je.Line, je.Col, lines, err)
		}
	}
	if je != nil && je.Key != "" && je.Path != "" && !strings.HasSuffix(je.Path, je.Key) {
		t.Fatalf("path %q does not end with key %q: %v", je.Path, je.Key, err)
	}
}

func parkSeeds(f *testing.F) {
	var buf bytes.Buffer
	if err := validPark().WriteJSON(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(append([]byte("\uFEFF"), buf.Bytes()...))
	buf.Reset()
	if err := fullPark().WriteJSON(&buf); err != nil {
		f.Fatal(err)
	}
	full := buf.String()
	f.Add([]byte(full))
	for _, edit := range [][2]string{
		{`"energy_kwh": 1000,`, ""},                                          // missing required key
		{`"import_limit_kw": "unlimited",`, ""},                              // missing grid limit
		{`"export_limit_kw": 500`, `"export_limit_kw": null`},                // null required key
		{`"name": "b2",`, `"name": "b2", "name": "b3",`},                     // duplicate key
		{`"tilt_deg": 30,`, `"tilt_deg": 30, "tilt_deg": 31,`},               // duplicate nested key
		{`"column_kgco2e_per_kwh": "carbon"`, `"column_kgco2e_per_kwh": ""`}, // empty one-of
		{`"per_kwh": 0.12`, `"column_per_kwh": ""`},                          // empty price
		{`"batteries": [`, `"batteries": [null, `},                           // null asset
		{`"power_curve": [`, `"power_curve": [null, `},                       // null curve point
		{`"from_hour": 8`, `"from_hour": 25`},                                // TOU hour out of range
		{`"months": [`, `"months": [13, `},                                   // TOU month 13
		{`"time_of_use": [`, `"time_of_use": [null, `},                       // null TOU period
		{`"currency": "CNY"`, `"currency": null`},                            // economics without currency
		{`"lifetime_years": 25`, `"lifetime_years": 0`},                      // lifetime 0
		{`"cop": 3`, `"cop": -3`},                                            // COP ≤ 0
		{`"fuel": "natural_gas"`, `"fuel": "peat"`},                          // unknown fuel
		{`"heat_loads": [`, `"heat_loads": [null, `},                         // null heat load
		{`"sink_temp_c": 45`, `"sink_temp_c": "45"`},                         // wrong type in a COP model
		{`"batteries"`, `"baterries"`},                                       // misspelt top-level key
		{`"capital_per_kwp"`, `"capital_per_kwh"`},                           // a key of another section
		{`"kw_per_kw": 1`, `"kw_per_kwh": 1`},                                // misspelt key deep in a list
		{`"months": [`, `"months": ["june", `},                               // wrong type in a list
		{`"name": "b1",`, `"nmae": "b1", "cop": "3",`},                       // unknown key, then a wrong type
	} {
		f.Add([]byte(strings.Replace(full, edit[0], edit[1], 1)))
	}
	for _, s := range []string{
		"", "null", "[]", "{}", `{"grid": {"import_limit_kw": "unlimited"}}`,
		`{"grid": {"import_limit_kw": "x"}}`, `{"loads": [{"scale": "x"}]}`, `{"colour": 1}`, `{"name": "a"} 1`,
		`{"batteries": [{"charge_efficiency": 1e400}]}`, `{"pv": [{"weather": {"latitude_deg": -1e308}}]}`,
		`{"wind": [{"weather": {"power_curve": [{"speed_m_s": 1}, {"speed_m_s": 0}]}}]}`, "{\"name\": \"\\u00e9\"",
		"\uFEFF{}", "\uFEFF\uFEFF{}", `{"a": 1, "a": 1}`, `{"loads": [], "loads": []}`, `{"grid": {}}`, `{"loads": [null]}`,
		`{"loads": [], "grid": {"import_limit_kw": 1, "export_limit_kw": 1, "dispatch_carbon": {}}}`,
		`{"loads": [], "grid": {"import_limit_kw": 1, "export_limit_kw": 1, "dispatch_carbon": {"kgco2e_per_kwh": 0}}}`,
		`{"loads": [{"name": "\u0000", "na\u006de": "x"}]}`, `{"LOADS": [], "Grid": {"IMPORT_limit_kw": 1}}`,
		`{"Grid": {"import_limit_kw": "x"}}`, `{"batteries": [5, {"nam": 1}], "grid": {"colour": [1]}}`,
		`{"loads": [{"scale": 1, "sacle": "x", "scale": "y"}]}`, `{"economics": {"pv": {"capex_per_kwp": true}}}`,
	} {
		f.Add([]byte(s))
	}
}

func FuzzReadParkJSON(f *testing.F) {
	parkSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadParkJSON(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			if !allInvalid(err) {
				t.Fatalf("error does not unwrap to ErrInvalid: %v", err)
			}
			checkLeaves(t, err, bytes.TrimPrefix(data, []byte("\uFEFF")))
			return
		}
		// What was read writes back and reads again to the same park.
		var buf bytes.Buffer
		if err := p.WriteJSON(&buf); err != nil {
			t.Fatalf("write: %v", err)
		}
		q, err := ReadParkJSON(bytes.NewReader(buf.Bytes()), "again.json")
		if err != nil {
			t.Fatalf("re-read: %v\n%s", err, buf.String())
		}
		var b2 bytes.Buffer
		if err := q.WriteJSON(&b2); err != nil || !bytes.Equal(buf.Bytes(), b2.Bytes()) {
			t.Fatalf("round trip differs: %v\n%s\n%s", err, buf.String(), b2.String())
		}
	})
}

func FuzzValidate(f *testing.F) {
	parkSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadParkJSON(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			t.Skip()
		}
		if err := p.Validate(); err != nil && !allInvalid(err) {
			t.Fatalf("Validate: error does not unwrap to ErrInvalid: %v", err)
		}
		err = p.ValidateWith(validSeries())
		if err != nil && !allInvalid(err) {
			t.Fatalf("ValidateWith: error does not unwrap to ErrInvalid: %v", err)
		}
		if err != nil {
			checkLeaves(t, err, nil)
		}
		if err == nil {
			if _, err := Resolve(p, validSeries()); err != nil && !errors.Is(err, ErrNotDerived) {
				t.Fatalf("Resolve after a clean ValidateWith: %v", err)
			}
		}
	})
}

func FuzzReadSeriesCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := validSeries().WriteCSV(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	for _, s := range []string{
		"", "timestamp\n", "timestamp,a\n2023-01-01T00:00:00Z,1\n2023-01-01T01:00:00Z,2\n",
		"timestamp,a\n2023-01-01T00:00:00-06:00,1\n2023-01-01T00:15:00-06:00,2\n2023-01-01T06:30:00Z,3\n",
		"timestamp,a,a\n", "timestamp,a\n2023-01-01T00:00:00Z,NaN\n", "timestamp,\"a\nb\"\n",
		"timestamp,a\n2023-01-01T00:00:00Z,1\n2023-01-01T00:07:00Z,2\n", "timestamp,a\n2023-01-01T00:00:00Z,\"1\n",
		"\uFEFFtimestamp, a \n 2023-01-01T00:00:00Z , 1 \n2023-01-01T00:00:01Z,0x1p-2\n",
		"timestamp,a,b\n\n2023-01-01T00:00:00Z,\"1\n\",-1\n\n\n2023-01-01T01:00:00Z,2,3\n", // blank lines, a value over two lines
		"\uFEFFtimestamp,a\r\n2023-01-01T00:00:00Z,-1\r\n2023-01-01T01:00:00Z,2\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSeriesCSV(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if !allInvalid(err) {
				t.Fatalf("error does not unwrap to ErrInvalid: %v", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *ParseError: %v", err)
			}
			checkLeaves(t, err, nil)
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("a set that was read must be valid: %v", err)
		}
		checkRowLines(t, s, data)
		var buf bytes.Buffer
		if err := s.WriteCSV(&buf); err != nil {
			t.Fatalf("write: %v", err)
		}
		got, err := ReadSeriesCSV(bytes.NewReader(buf.Bytes()), "again.csv")
		if err != nil {
			t.Fatalf("re-read: %v\n%s", err, buf.String())
		}
		if !got.Start.Equal(s.Start) || got.Step != s.Step || got.Len != s.Len || len(got.Names) != len(s.Names) {
			t.Fatalf("round trip differs: %+v vs %+v", got, s)
		}
		for i, n := range s.Names {
			if got.Names[i] != n {
				t.Fatalf("name %d: %q vs %q", i, got.Names[i], n)
			}
			for k, v := range s.Columns[n] {
				if got.Columns[n][k] != v {
					t.Fatalf("column %q row %d: %v vs %v", n, k, got.Columns[n][k], v)
				}
			}
		}
	})
}

// checkRowLines: every row has a line, in order, inside the file, and a
// bad value that validation finds names the file and its row's line.
func checkRowLines(t *testing.T, s *SeriesSet, data []byte) {
	t.Helper()
	lines := bytes.Count(data, []byte{'\n'}) + 1
	if len(s.Lines) != s.Len || s.File != "fuzz.csv" {
		t.Fatalf("%d lines for %d rows of %q", len(s.Lines), s.Len, s.File)
	}
	for i, l := range s.Lines {
		if l < 2 || l > lines || (i > 0 && l <= s.Lines[i-1]) {
			t.Fatalf("row %d on line %d (lines %v, file of %d lines)", i, l, s.Lines, lines)
		}
	}
	// A load on every column: negative values are problems with a line.
	p := &Park{Grid: Grid{DispatchCarbon: CarbonSignal{KgCO2ePerKWh: 0.5}}}
	for i, n := range s.Names {
		p.Loads = append(p.Loads, Load{Name: fmt.Sprintf("l%d", i), Column: n})
	}
	err := p.ValidateWith(s)
	if err == nil {
		return
	}
	checkLeaves(t, err, nil)
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FieldError
		if !errors.As(e, &fe) || !fe.InSeries {
			continue
		}
		if fe.File != "fuzz.csv" || !slices.Contains(s.Lines, fe.Line) {
			t.Fatalf("value error without its place (file %q, line %d, lines %v): %v", fe.File, fe.Line, s.Lines, fe)
		}
	}
}

// FuzzGridJSON: Grid's own JSON methods (used by encoding/json outside
// ReadParkJSON) never panic, and what they read writes back the same.
func FuzzGridJSON(f *testing.F) {
	for _, s := range []string{
		`{"import_limit_kw": "unlimited", "export_limit_kw": 3, "dispatch_carbon": {"kgco2e_per_kwh": 0}}`,
		`{"import_limit_kw": null}`, `{"import_limit_kw": "x"}`, `{"export_limit_kw": [1]}`, `{"nope": 1}`,
		`{"import_limit_kw": 1, "import_limit_kw": 2}`, "\uFEFF{}", `{"accounting_carbon": null, "import_price": {"column_per_kwh": ""}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var g Grid
		if err := json.Unmarshal(data, &g); err != nil {
			return
		}
		b, err := json.Marshal(g)
		if err != nil {
			t.Fatalf("marshal %+v: %v", g, err)
		}
		var h Grid
		if err := json.Unmarshal(b, &h); err != nil {
			t.Fatalf("re-read %s: %v", b, err)
		}
		if b2, err := json.Marshal(h); err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("round trip differs: %v\n%s\n%s", err, b, b2)
		}
	})
}
