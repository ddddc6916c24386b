package model

import (
	"bytes"
	"errors"
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
	case *ParseError, *JSONError:
		return true
	}
	return false
}

func parkSeeds(f *testing.F) {
	var buf bytes.Buffer
	if err := validPark().WriteJSON(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	for _, s := range []string{
		"", "null", "[]", "{}", `{"grid": {"import_limit_kw": "unlimited"}}`,
		`{"grid": {"import_limit_kw": "x"}}`, `{"loads": [{"scale": "x"}]}`, `{"colour": 1}`, `{"name": "a"} 1`,
		`{"batteries": [{"charge_efficiency": 1e400}]}`, `{"pv": [{"weather": {"latitude_deg": -1e308}}]}`,
		`{"wind": [{"weather": {"power_curve": [{"speed_m_s": 1}, {"speed_m_s": 0}]}}]}`, "{\"name\": \"\\u00e9\"",
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
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("a set that was read must be valid: %v", err)
		}
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
