package results

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
)

// Table is a sweep results file read back ([ReadTable], [ParseTable]):
// its header and rows, with typed access to the columns.
type Table struct {
	Header []string
	Rows   []Row
	// params is the number of parameter columns, Header[1:1+params].
	params int
	// Renamed lists the columns the file names as an older zeropark did
	// ([SweepRenames]), which Header gives their new names.
	Renamed []ColumnRename
	// unlimitedCells counts the parameter and design cells the file wrote
	// "+Inf" (as before [Unlimited]); Rows have them as [Unlimited].
	unlimitedCells int
}

// Upgraded reports whether the table differs from its file as written:
// old column names ([Table.Renamed]) or "+Inf" cells read under their
// new form. Writing it back ([EncodeTable]) gives the file in the
// current format.
func (t *Table) Upgraded() bool { return len(t.Renamed) > 0 || t.unlimitedCells > 0 }

// Row is one row of a sweep results file.
type Row struct {
	Combination int
	Fields      []string // all fields, Fields[0] is the combination
	File        string
	Line        int // 1-based line in File
}

// Col returns the index of the named column, or -1. A column's name
// before it carried its unit ([SweepRenames]) finds it too.
func (t *Table) Col(name string) int { return slices.Index(t.Header, CurrentName(name)) }

// CurrentName is the name a sweep results file now gives the column
// called name: its new name if it was renamed ([SweepRenames]), else
// name.
func CurrentName(name string) string {
	for _, r := range sweepRenames {
		if r.Old == name {
			return r.New
		}
	}
	return name
}

// known reports whether name is a column this package names itself (a
// design, KPI, forecasts, timing or closing column), which no --vary path
// can be.
func known(name string) bool {
	return slices.Contains(DesignColumns(), name) || slices.Contains(KPIColumns(true), name) ||
		name == ColForecasts || slices.Contains(ClosingColumns, name)
}

// Params lists the parameter columns: the --vary paths, every column
// after "combination" up to the first column the package names itself
// (the first design column in a file [SweepHeader] made).
func (t *Table) Params() []string { return t.Header[1 : 1+t.params] }

// ParseTable parses data, a whole sweep results file named name (in
// errors): a header whose first column is "combination" (a UTF-8
// byte-order mark before it is dropped) and no column twice, then rows of
// as many fields whose combination is a whole number ≥ 0. Other fields
// are parsed when read ([Table.Float]). A file written before columns
// were renamed to carry their unit is read under the new names
// ([SweepRenames], listed in Table.Renamed), and a parameter or design
// cell written "+Inf" reads as [Unlimited]; [Table.Upgraded] says so.
// Errors are [*FileError].
func ParseTable(data []byte, name string) (*Table, error) {
	c, err := openCSV(bytes.NewReader(data), name)
	if err != nil {
		return nil, err
	}
	if c.header[0] != ColCombination {
		return nil, &FileError{File: name, Line: 1, Column: c.header[0], Reason: "not a sweep results file (the first column is not \"combination\")"}
	}
	t := &Table{Header: c.header}
	if err := t.rename(name); err != nil {
		return nil, err
	}
	for t.params = 0; 1+t.params < len(t.Header) && !known(t.Header[1+t.params]); t.params++ {
	}
	limits := t.limitColumns()
	err = c.eachRow(func(rec []string, line int) error {
		k, err := strconv.Atoi(rec[0])
		if err != nil || k < 0 {
			return &FileError{File: name, Line: line, Column: ColCombination, Value: rec[0], Reason: "not a whole number ≥ 0"}
		}
		t.unlimit(rec, limits)
		t.Rows = append(t.Rows, Row{Combination: k, Fields: rec, File: name, Line: line})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// rename gives the header's old column names their new ones
// ([SweepRenames]); a file naming a column both ways is refused.
func (t *Table) rename(file string) error {
	for j, h := range t.Header {
		k := slices.IndexFunc(sweepRenames, func(r ColumnRename) bool { return r.Old == h })
		if k < 0 {
			continue
		}
		r := sweepRenames[k]
		if slices.Contains(t.Header, r.New) {
			return &FileError{File: file, Line: 1, Column: h,
				Reason: fmt.Sprintf("column named both %q (its name before it carried its unit) and %q", r.Old, r.New)}
		}
		t.Header[j] = r.New
		t.Renamed = append(t.Renamed, r)
	}
	return nil
}

// limitColumns are the indices of the parameter and design columns: the
// cells that may hold an unlimited grid limit.
func (t *Table) limitColumns() []int {
	var cols []int
	design := DesignColumns()
	for j := 1; j < len(t.Header); j++ {
		if j <= t.params || slices.Contains(design, t.Header[j]) {
			cols = append(cols, j)
		}
	}
	return cols
}

// unlimit rewrites the "+Inf" cells of rec in columns cols (the form
// before [Unlimited]) as [Unlimited].
func (t *Table) unlimit(rec []string, cols []int) {
	for _, j := range cols {
		if rec[j] == Unlimited || rec[j] == "" || rec[j][0] >= '0' && rec[j][0] <= '9' {
			continue // the usual cells, without parsing
		}
		if v, err := strconv.ParseFloat(strings.TrimSpace(rec[j]), 64); err == nil && math.IsInf(v, 1) {
			rec[j] = Unlimited
			t.unlimitedCells++
		}
	}
}

// ReadTable reads a complete sweep results file ([ParseTable]). A file
// that ends in a partial line (an interrupted write) is refused: resume
// that sweep first.
func ReadTable(path string) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return nil, fileErr(path, bytes.Count(data, []byte{'\n'})+1,
			"ends in a partial line (interrupted run): re-run its sweep to resume and repair it")
	}
	return ParseTable(data, path)
}

// column returns the index of the named column, or an error naming the
// file when the table has none.
func (t *Table) column(name string) (int, error) {
	j := t.Col(name)
	if j < 0 {
		file := ""
		if len(t.Rows) > 0 {
			file = t.Rows[0].File
		}
		return -1, &FileError{File: file, Line: 1, Column: CurrentName(name), Reason: "required column missing from the header"}
	}
	return j, nil
}

// Float reads column name of row r as a number ([ParseLimit]:
// [Unlimited] or "+Inf" is +Inf, NaN is refused); errors name the file,
// line, column and value.
func (t *Table) Float(r Row, name string) (float64, error) {
	j, err := t.column(name)
	if err != nil {
		return 0, err
	}
	return r.float(t, j)
}

func (r Row) float(t *Table, j int) (float64, error) {
	v, err := ParseLimit(r.Fields[j])
	if err != nil {
		return 0, &FileError{File: r.File, Line: r.Line, Column: t.Header[j], Value: r.Fields[j], Reason: "not a number"}
	}
	return v, nil
}

// Text reads column name of row r as it is written.
func (t *Table) Text(r Row, name string) (string, error) {
	j, err := t.column(name)
	if err != nil {
		return "", err
	}
	return r.Fields[j], nil
}

// Stage reads row r's stage; a name that is not one of dispatch's stages
// is an error.
func (t *Table) Stage(r Row) (dispatch.Stage, error) {
	s, err := t.Text(r, ColStage)
	if err != nil {
		return "", err
	}
	st := dispatch.Stage(strings.TrimSpace(s))
	if st.Rank() < 0 {
		return "", &FileError{File: r.File, Line: r.Line, Column: ColStage, Value: s,
			Reason: fmt.Sprintf("unknown stage (want one of %q)", dispatch.Stages())}
	}
	return st, nil
}

// ParamValues reads row r's parameter values, in [Table.Params] order.
func (t *Table) ParamValues(r Row) ([]float64, error) {
	vs := make([]float64, t.params)
	for i := range vs {
		v, err := r.float(t, 1+i)
		if err != nil {
			return nil, err
		}
		vs[i] = v
	}
	return vs, nil
}

// Parts of a [Fingerprint], as [Fingerprint.Diff] names them.
const (
	PartPark     = "park"
	PartSeries   = "series"
	PartSettings = "settings"
)

// Fingerprint is what the closing columns of a sweep row hold besides the
// build stamp: the size of the sweep's space and three SHA-256 digests
// (hex) of what its results depend on, hashed separately so that a
// refusal can say which changed (package sweep computes them).
type Fingerprint struct {
	// Combinations is the size of the space, so that a merge can tell
	// which combinations are missing.
	Combinations int
	// ParkSHA256 hashes the park as parsed, re-marshalled as JSON.
	ParkSHA256 string
	// SeriesSHA256 hashes the series as parsed (values, not formatting).
	SeriesSHA256 string
	// SettingsSHA256 hashes the policy, the dispatch and ledger settings,
	// the forecasters and the --vary space.
	SettingsSHA256 string
}

// Fields are the closing fields of a row of f written by the build stamp.
func (f Fingerprint) Fields(stamp string) []string {
	return []string{strconv.Itoa(f.Combinations), f.ParkSHA256, f.SeriesSHA256, f.SettingsSHA256, stamp}
}

// Diff names the parts in which g differs from f ([PartPark],
// [PartSeries], [PartSettings]); nil when they are equal. A different
// space size is a difference of the settings.
func (f Fingerprint) Diff(g Fingerprint) []string {
	var d []string
	if f.ParkSHA256 != g.ParkSHA256 {
		d = append(d, PartPark)
	}
	if f.SeriesSHA256 != g.SeriesSHA256 {
		d = append(d, PartSeries)
	}
	if f.SettingsSHA256 != g.SettingsSHA256 || f.Combinations != g.Combinations {
		d = append(d, PartSettings)
	}
	return d
}

// HasFingerprint reports whether the header ends with [ClosingColumns]
// (a file written before fingerprints existed does not).
func (t *Table) HasFingerprint() bool {
	n := len(ClosingColumns)
	return len(t.Header) >= n+1 && slices.Equal(t.Header[len(t.Header)-n:], ClosingColumns)
}

// VersionCol is the index of the zeropark_version column, or -1 when the
// table has no fingerprint.
func (t *Table) VersionCol() int {
	if !t.HasFingerprint() {
		return -1
	}
	return len(t.Header) - 1
}

// Fingerprint reads row r's fingerprint and build stamp; ok is false when
// the table has none. A combination_count that is not a number reads as
// -1, which differs from every fingerprint.
func (t *Table) Fingerprint(r Row) (fp Fingerprint, stamp string, ok bool) {
	if !t.HasFingerprint() {
		return fp, "", false
	}
	f := r.Fields[len(r.Fields)-len(ClosingColumns):]
	total, err := strconv.Atoi(f[0])
	if err != nil {
		total = -1
	}
	return Fingerprint{Combinations: total, ParkSHA256: f[1], SeriesSHA256: f[2], SettingsSHA256: f[3]}, f[4], true
}
