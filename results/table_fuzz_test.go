package results

import (
	"errors"
	"slices"
	"strconv"
	"testing"
)

// FuzzParseTable: the sweep-table reader never panics; what it accepts
// has "combination" first, rows as wide as the header with a whole
// combination ≥ 0 matching their first field on increasing lines, and
// reads back the same after encode; what it refuses is an ErrFile.
func FuzzParseTable(f *testing.F) {
	head := "combination,pv.capacity_kwp,stage," + string(CSVLine(ClosingColumns))
	for _, seed := range []string{
		"",
		"combination\n",
		head,
		head + "0,500,conventional,6,ab,cd,ef,zeropark (devel) x go1\n",
		head + "1,+Inf,\"low-carbon\",6,,,,\"a, \"\"quoted\"\" stamp\"\n0,1,x,6,a,b,c,d\n",
		"combination,x\n-1,2\n",
		"combination,x\n1\n",
		"combination,x\n01,\"multi\nline\"\n",
		"combination,x\r\n3,4\r\n",
		"x,combination\n0,1\n",
		"combination,x\n\"unterminated,1\n",
		"combination,x\n99999999999999999999,1\n",
		"\ufeffcombination,a.b,a.b\n0,1,2\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseTable(data, "fuzz.csv")
		if err != nil {
			if !errors.Is(err, ErrFile) {
				t.Fatalf("error does not unwrap to ErrFile: %v", err)
			}
			return
		}
		if len(tab.Header) == 0 || tab.Header[0] != "combination" {
			t.Fatalf("accepted header %q", tab.Header)
		}
		line := 1
		for _, r := range tab.Rows {
			if len(r.Fields) != len(tab.Header) {
				t.Fatalf("line %d: %d fields, header %d", r.Line, len(r.Fields), len(tab.Header))
			}
			if k, err := strconv.Atoi(r.Fields[0]); err != nil || k != r.Combination || k < 0 {
				t.Fatalf("line %d: combination %d from %q", r.Line, r.Combination, r.Fields[0])
			}
			if r.Line <= line || r.File != "fuzz.csv" {
				t.Fatalf("row at %s:%d after line %d", r.File, r.Line, line)
			}
			line = r.Line
		}
		// What was read writes back to a file that reads the same.
		again, err := ParseTable(EncodeTable(tab.Header, tab.Rows), "again.csv")
		if err != nil {
			t.Fatalf("re-encoded table refused: %v", err)
		}
		if !slices.Equal(again.Header, tab.Header) || len(again.Rows) != len(tab.Rows) {
			t.Fatalf("round trip: header %q → %q, %d rows → %d", tab.Header, again.Header, len(tab.Rows), len(again.Rows))
		}
		for i := range tab.Rows {
			if !slices.Equal(again.Rows[i].Fields, tab.Rows[i].Fields) {
				t.Fatalf("round trip of row %d: %q → %q", i, tab.Rows[i].Fields, again.Rows[i].Fields)
			}
		}
		// The fingerprint columns, when the header ends with them, read
		// without panicking from every row.
		// and the typed readers return a value or an ErrFile.
		for _, r := range tab.Rows {
			_, _, ok := tab.Fingerprint(r)
			if ok != tab.HasFingerprint() {
				t.Fatalf("line %d: fingerprint read %v, header has one %v", r.Line, ok, tab.HasFingerprint())
			}
			if _, err := tab.ParamValues(r); err != nil && !errors.Is(err, ErrFile) {
				t.Fatalf("parameter error does not unwrap to ErrFile: %v", err)
			}
			if _, err := tab.Stage(r); err != nil && !errors.Is(err, ErrFile) {
				t.Fatalf("stage error does not unwrap to ErrFile: %v", err)
			}
		}
	})
}
