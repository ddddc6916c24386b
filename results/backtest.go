package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/internal/atomicdir"
)

// Names of the files of a forecast backtest's output directory (`zeropark
// forecast --out`).
const (
	BacktestCSVFile  = "backtest.csv"
	BacktestJSONFile = "backtest.json"
)

// BacktestFiles are the files `zeropark forecast --out` writes.
var BacktestFiles = []string{BacktestCSVFile, BacktestJSONFile}

// BacktestAllLeads is the lead of the row that merges every lead.
const BacktestAllLeads = "all"

// UnknownUnit is the unit part of the error columns' names when the unit
// of the forecast series is not known (a --series file's column: its
// values are read in whatever unit the file holds them).
const UnknownUnit = "series_unit"

// Backtest is the content of backtest.csv and backtest.json: the errors
// of one or more forecasting methods on one series column, by rolling
// origin (package forecast's Backtest and Compare), per lead and over
// every lead.
type Backtest struct {
	// Column is the series column forecast; Unit its unit as written in
	// the docs ("kW", "kW/kWp", "kgCO2e/kWh"), "" when not known.
	Column string
	Unit   string
	// StepMinutes is the series' step; HorizonH, FromH and EveryH the
	// backtest's horizon, history before the first forecast and spacing
	// of forecasts, in hours.
	StepMinutes, HorizonH, FromH, EveryH float64
	Rows                                 []BacktestRow
}

// BacktestRow is the errors of one method at one lead (or over all). A
// metric that is not defined (nMAE of an all-zero series, skill where
// persistence is exact) is NaN: empty in the CSV, null in the JSON.
type BacktestRow struct {
	Method string
	// Lead is the lead in steps ("1" is the interval starting at the
	// forecast time) or [BacktestAllLeads].
	Lead string
	// LeadH is the end of the lead's interval after the forecast time, in
	// hours (lead × step); NaN for the "all" row.
	LeadH   float64
	Origins int
	// MAE, RMSE and Bias are in the series' unit; Bias is the mean of
	// forecast − actual (positive: over-forecast). NMAE = MAE / mean
	// |actual|; Skill = 1 − RMSE/RMSE of persistence.
	MAE, RMSE, NMAE, Bias, Skill float64
}

// UnitSlug is a unit as the end of a column name: lower case, "/" read as
// "per" and "%" as "percent" ("kgCO2e/kWh" → "kgco2e_per_kwh", "kW" →
// "kw", "%" → "percent"); [UnknownUnit] for "" or a unit of no letters
// or digits. (Before "%" was read, --unit % named the columns as of an
// unknown unit; QA, December 2026.)
func UnitSlug(unit string) string {
	s := Slug(strings.ReplaceAll(strings.ReplaceAll(unit, "/", " per "), "%", " percent "))
	if s == "" {
		return UnknownUnit
	}
	return s
}

// backtestCol is a number column of backtest.csv; names end in the unit
// slug when unit is set.
type backtestCol struct {
	name string
	unit bool
	doc  string
	get  func(r *BacktestRow) *float64
}

var backtestLayout = []backtestCol{
	{"mae", true, "mean absolute error |forecast − actual|, in the series' unit", func(r *BacktestRow) *float64 { return &r.MAE }},
	{"rmse", true, "root mean square error, in the series' unit", func(r *BacktestRow) *float64 { return &r.RMSE }},
	{"nmae", false, "MAE / mean |actual| (dimensionless; empty when every actual is 0)", func(r *BacktestRow) *float64 { return &r.NMAE }},
	{"bias", true, "mean of forecast − actual, in the series' unit: positive over-forecasts", func(r *BacktestRow) *float64 { return &r.Bias }},
	{"skill", false, "1 − RMSE / RMSE of persistence on the same targets: 0 persistence, 1 perfect, < 0 worse (empty when persistence is exact)", func(r *BacktestRow) *float64 { return &r.Skill }},
}

func (c backtestCol) column(unitSlug string) string {
	if c.unit {
		return c.name + "_" + unitSlug
	}
	return c.name
}

// BacktestColumns is the header of backtest.csv (and the keys of a row of
// backtest.json) for a series in unit ("" when not known).
func BacktestColumns(unit string) []string {
	var cols []string
	for _, d := range backtestDocs(UnitSlug(unit)) {
		cols = append(cols, d.Name)
	}
	return cols
}

// BacktestColumnDocs documents the columns of backtest.csv; <unit> stands
// for the series' unit ([UnitSlug]: kw for loads and PV or wind power,
// kw_per_kwp for a PV availability, kgco2e_per_kwh for the carbon signal,
// series_unit when not known).
func BacktestColumnDocs() []ColumnDoc { return backtestDocs("<unit>") }

func backtestDocs(unitSlug string) []ColumnDoc {
	docs := []ColumnDoc{
		{"method", "the forecasting method"},
		{"lead", "steps ahead (1: the interval starting at the forecast time), or \"all\" for every lead merged"},
		{"lead_h", "the end of that interval after the forecast time, hours (empty for \"all\")"},
		{"origins", "the number of forecasts scored"},
	}
	for _, c := range backtestLayout {
		docs = append(docs, ColumnDoc{c.column(unitSlug), c.doc})
	}
	return docs
}

// WriteBacktestCSV writes b as backtest.csv ([BacktestColumns] of b.Unit).
func WriteBacktestCSV(w io.Writer, b *Backtest) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(BacktestColumns(b.Unit)); err != nil {
		return err
	}
	for i := range b.Rows {
		r := &b.Rows[i]
		rec := []string{r.Method, r.Lead, optNumber(r.LeadH), strconv.Itoa(r.Origins)}
		for _, c := range backtestLayout {
			rec = append(rec, optNumber(*c.get(r)))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// optNumber is [FormatNumber] of v, "" for NaN (not defined).
func optNumber(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return FormatNumber(v)
}

// ReadBacktestCSV reads backtest.csv (name is used in errors) of a series
// in unit unit ("" when not known): its header must be
// [BacktestColumns](unit). Errors are [*FileError].
func ReadBacktestCSV(r io.Reader, name, unit string) ([]BacktestRow, error) {
	c, err := openCSV(r, name)
	if err != nil {
		return nil, err
	}
	if want := BacktestColumns(unit); !slices.Equal(c.header, want) {
		return nil, c.headerErr(BacktestCSVFile, want)
	}
	rows := []BacktestRow{}
	err = c.eachRow(func(rec []string, line int) error {
		row := BacktestRow{Method: rec[0], Lead: rec[1]}
		var err error
		if row.LeadH, err = c.optNumber(line, 2, rec[2]); err != nil {
			return err
		}
		if row.Origins, err = strconv.Atoi(rec[3]); err != nil || row.Origins < 0 {
			return &FileError{File: name, Line: line, Column: c.header[3], Value: rec[3], Reason: "not a count"}
		}
		for k, col := range backtestLayout {
			if *col.get(&row), err = c.optNumber(line, 4+k, rec[4+k]); err != nil {
				return err
			}
		}
		rows = append(rows, row)
		return nil
	})
	return rows, err
}

// optNumber is number, with "" read as NaN (not defined).
func (c *csvFile) optNumber(line, j int, s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	return c.number(line, j, s)
}

// backtestJSON is the shape of backtest.json; rows are objects keyed by
// the CSV's columns.
type backtestJSON struct {
	// Column is the series backtested (its column in the series file) and Unit
	// its unit ("" when not known); StepMinutes the series' interval;
	// HorizonH, FromH and EveryH the forecasts' horizon, the history before
	// the first and the time between them, hours; Rows a row per method and
	// lead, keyed as backtest.csv's columns.
	Column      string            `json:"column"`
	Unit        string            `json:"unit"`
	StepMinutes float64           `json:"step_minutes"`
	HorizonH    float64           `json:"horizon_h"`
	FromH       float64           `json:"from_h"`
	EveryH      float64           `json:"every_h"`
	Rows        []json.RawMessage `json:"rows"`
}

// jsonNumber is v, or nil (null) for NaN.
func jsonNumber(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

// WriteBacktestJSON writes b as backtest.json: column, unit ("" when not
// known), step_minutes, horizon_h, from_h, every_h and rows, each an
// object keyed by [BacktestColumns] of the unit (an undefined metric is
// null); indented by two spaces, with a final newline.
func WriteBacktestJSON(w io.Writer, b *Backtest) error {
	out := backtestJSON{Column: b.Column, Unit: b.Unit, StepMinutes: b.StepMinutes,
		HorizonH: b.HorizonH, FromH: b.FromH, EveryH: b.EveryH, Rows: []json.RawMessage{}}
	cols := BacktestColumns(b.Unit)
	for i := range b.Rows {
		r := &b.Rows[i]
		// Keys in column order, so the file reads like the CSV.
		var buf bytes.Buffer
		buf.WriteByte('{')
		put := func(k string, v any) error {
			vb, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("%w: %s: %s: %w", ErrOutput, BacktestJSONFile, k, err)
			}
			if buf.Len() > 1 {
				buf.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			buf.Write(kb)
			buf.WriteByte(':')
			buf.Write(vb)
			return nil
		}
		vals := []any{r.Method, r.Lead, jsonNumber(r.LeadH), r.Origins}
		for _, c := range backtestLayout {
			vals = append(vals, jsonNumber(*c.get(r)))
		}
		for k, name := range cols {
			if err := put(name, vals[k]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
		out.Rows = append(out.Rows, buf.Bytes())
	}
	return writeJSON(w, out, "backtest")
}

// ReadBacktestJSON reads what [WriteBacktestJSON] writes (name is used in
// errors). Keys it does not know are refused, and so is a row lacking one.
// Errors are [*FileError].
func ReadBacktestJSON(r io.Reader, name string) (*Backtest, error) {
	var in backtestJSON
	if err := readJSON(r, name, &in); err != nil {
		return nil, err
	}
	b := &Backtest{Column: in.Column, Unit: in.Unit, StepMinutes: in.StepMinutes,
		HorizonH: in.HorizonH, FromH: in.FromH, EveryH: in.EveryH, Rows: []BacktestRow{}}
	cols := BacktestColumns(in.Unit)
	for i, raw := range in.Rows {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, fileErr(name, 0, "rows[%d]: %v", i, err)
		}
		for k := range obj {
			if !slices.Contains(cols, k) {
				return nil, &FileError{File: name, Column: k, Reason: fmt.Sprintf("rows[%d]: unknown key for unit %q (want %s)", i, in.Unit, strings.Join(cols, ", "))}
			}
		}
		var row BacktestRow
		dst := []any{&row.Method, &row.Lead, &row.LeadH, &row.Origins}
		for _, c := range backtestLayout {
			dst = append(dst, c.get(&row))
		}
		for k, col := range cols {
			v, ok := obj[col]
			if !ok {
				return nil, &FileError{File: name, Column: col, Reason: fmt.Sprintf("rows[%d]: missing", i)}
			}
			if f, isNum := dst[k].(*float64); isNum && string(v) == "null" {
				*f = math.NaN()
				continue
			}
			if err := json.Unmarshal(v, dst[k]); err != nil {
				return nil, &FileError{File: name, Column: col, Value: string(v), Reason: fmt.Sprintf("rows[%d]: %v", i, err)}
			}
		}
		b.Rows = append(b.Rows, row)
	}
	return b, nil
}

// WriteBacktest makes backtest.csv and backtest.json of b the whole
// content of dir, at once, as [WriteRun] does: a dir holding a user's file
// or a subdirectory is refused before anything is written, with an error
// unwrapping to [ErrOutput].
func WriteBacktest(dir string, b *Backtest) error {
	files := []atomicdir.File{
		{Name: BacktestCSVFile, Write: func(w io.Writer) error { return WriteBacktestCSV(w, b) }},
		{Name: BacktestJSONFile, Write: func(w io.Writer) error { return WriteBacktestJSON(w, b) }},
	}
	return replaceDir(dir, files, BacktestFiles, backtestFilesWhat)
}

// backtestFilesWhat names the backtest's files in errors about their
// directory.
var backtestFilesWhat = fmt.Sprintf("the backtest's files (%s, %s)", BacktestCSVFile, BacktestJSONFile)
