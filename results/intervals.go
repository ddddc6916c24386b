package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Park-level columns of intervals.csv (and the timestamp of
// tenant_intervals.csv).
const (
	ColTimestamp            = "timestamp"
	ColLoadKW               = "load_kw"
	ColImportKW             = "import_kw"
	ColExportKW             = "export_kw"
	ColUnservedKW           = "unserved_kw"
	ColCurtailedKW          = "curtailed_kw"
	ColDispatchKgCO2ePerKWh = "dispatch_kgco2e_per_kwh"
	ColGridKgCO2ePerKWh     = "grid_kgco2e_per_kwh"
	ColEmissionsKgCO2e      = "emissions_kgco2e"
)

// Kinds of asset and the quantities of per-asset columns,
// <kind>_<slug>_<quantity> ([AssetColumn]).
const (
	KindPV      = "pv"
	KindWind    = "wind"
	KindBattery = "battery"

	QtyAvailableKW = "available_kw"
	QtyKW          = "kw"
	QtyChargeKW    = "charge_kw"
	QtyDischargeKW = "discharge_kw"
	QtySoCKWh      = "soc_kwh"
	QtyKgCO2e      = "kgco2e"
)

// SlugPlaceholder stands for an asset's slug in [ColumnDoc] names.
const SlugPlaceholder = "<slug>"

// AssetColumn names a per-asset column: "<kind>_<slug>_<quantity>", or
// "<slug>_<quantity>" when kind is "" (tenants).
func AssetColumn(kind, slug, quantity string) string {
	if kind == "" {
		return slug + "_" + quantity
	}
	return kind + "_" + slug + "_" + quantity
}

// intervalCol is one column of intervals.csv (after the timestamp): a
// park-level column named name (kind ""), or one column per asset of kind,
// <kind>_<slug>_<name>. get reads its value at interval t (i is the
// asset's index).
type intervalCol struct {
	kind, name, doc string
	get             func(s *dispatch.Schedule, i, t int) float64
}

// intervalLayout is intervals.csv after the timestamp, in order; the
// columns of one kind repeat per asset, asset by asset.
var intervalLayout = []intervalCol{
	{"", ColLoadKW, "total demand of all tenants", func(s *dispatch.Schedule, _, t int) float64 { return s.LoadKW[t] }},
	{KindPV, QtyAvailableKW, "per PV array: what it could deliver (0 under --policy grid, the all-grid baseline, which has no PV)", func(s *dispatch.Schedule, i, t int) float64 { return s.PVAvailKW[i][t] }},
	{KindPV, QtyKW, "per PV array: what it delivered", func(s *dispatch.Schedule, i, t int) float64 { return s.PVKW[i][t] }},
	{KindWind, QtyAvailableKW, "per wind turbine: what it could deliver (0 under --policy grid, which has no wind)", func(s *dispatch.Schedule, i, t int) float64 { return s.WindAvailKW[i][t] }},
	{KindWind, QtyKW, "per wind turbine: what it delivered", func(s *dispatch.Schedule, i, t int) float64 { return s.WindKW[i][t] }},
	{KindBattery, QtyChargeKW, "per battery: power into it, from the bus", func(s *dispatch.Schedule, i, t int) float64 { return s.ChargeKW[i][t] }},
	{KindBattery, QtyDischargeKW, "per battery: power out of it, to the bus", func(s *dispatch.Schedule, i, t int) float64 { return s.DischargeKW[i][t] }},
	{KindBattery, QtySoCKWh, "per battery: state of charge at the end of the interval", func(s *dispatch.Schedule, i, t int) float64 { return s.SoCKWh[i][t] }},
	{"", ColImportKW, "power from the grid (never netted with export)", func(s *dispatch.Schedule, _, t int) float64 { return s.ImportKW[t] }},
	{"", ColExportKW, "power to the grid", func(s *dispatch.Schedule, _, t int) float64 { return s.ExportKW[t] }},
	{"", ColUnservedKW, "load not served", func(s *dispatch.Schedule, _, t int) float64 { return s.UnservedKW[t] }},
	{"", ColCurtailedKW, "PV plus wind available but not used", func(s *dispatch.Schedule, _, t int) float64 { return s.CurtailedKW[t] }},
	{"", ColDispatchKgCO2ePerKWh, "the carbon signal the dispatch minimised", func(s *dispatch.Schedule, _, t int) float64 { return s.DispatchKgCO2ePerKWh[t] }},
	{"", ColGridKgCO2ePerKWh, "the accounting factor", func(s *dispatch.Schedule, _, t int) float64 { return s.AccountingKgCO2ePerKWh[t] }},
	{"", ColEmissionsKgCO2e, "import_kw × grid_kgco2e_per_kwh × Δt (hours)", func(s *dispatch.Schedule, _, t int) float64 { return s.EmissionsKgCO2e[t] }},
}

// kindQuantities lists the quantities of a kind's columns, in order.
func kindQuantities(kind string) []string {
	var q []string
	for _, c := range intervalLayout {
		if c.kind == kind {
			q = append(q, c.name)
		}
	}
	return q
}

// ParkSlugs are the slugs of a park's assets in column names, per kind in
// park order ([AssetSlugs] with each kind's quantities).
type ParkSlugs struct {
	PV, Wind, Batteries, Loads []string
}

// SlugsOf names the assets of p in column names.
func SlugsOf(p *model.Park) ParkSlugs {
	names := func(n int, name func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = name(i)
		}
		return out
	}
	return ParkSlugs{
		PV:        AssetSlugs(names(len(p.PV), func(i int) string { return p.PV[i].Name }), kindQuantities(KindPV)...),
		Wind:      AssetSlugs(names(len(p.Wind), func(i int) string { return p.Wind[i].Name }), kindQuantities(KindWind)...),
		Batteries: AssetSlugs(names(len(p.Batteries), func(i int) string { return p.Batteries[i].Name }), kindQuantities(KindBattery)...),
		Loads:     TenantSlugs(names(len(p.Loads), func(i int) string { return p.Loads[i].Name })),
	}
}

func (s ParkSlugs) of(kind string) []string {
	switch kind {
	case KindPV:
		return s.PV
	case KindWind:
		return s.Wind
	case KindBattery:
		return s.Batteries
	}
	return nil
}

// IntervalColumnDocs documents the columns of intervals.csv in order;
// per-asset columns carry [SlugPlaceholder] and repeat per asset, asset by
// asset. Powers are kW held over the interval, so energy is the column ×
// Δt, and the sums are summary.json's totals. The run --help text and
// README.md are made from this list.
func IntervalColumnDocs() []ColumnDoc {
	docs := []ColumnDoc{{ColTimestamp, "RFC 3339, start of the interval, in the series' time zone"}}
	for _, c := range intervalLayout {
		name := c.name
		if c.kind != "" {
			name = AssetColumn(c.kind, SlugPlaceholder, c.name)
		}
		docs = append(docs, ColumnDoc{name, c.doc})
	}
	return docs
}

// eachIntervalColumn calls f for every column of intervals.csv for park p
// after the timestamp, in order, with the asset index (0 for park-level
// columns).
func eachIntervalColumn(p *model.Park, f func(name string, c *intervalCol, i int)) {
	slugs := SlugsOf(p)
	for k := 0; k < len(intervalLayout); {
		c := &intervalLayout[k]
		if c.kind == "" {
			f(c.name, c, 0)
			k++
			continue
		}
		end := k
		for end < len(intervalLayout) && intervalLayout[end].kind == c.kind {
			end++
		}
		for i, slug := range slugs.of(c.kind) {
			for j := k; j < end; j++ {
				f(AssetColumn(c.kind, slug, intervalLayout[j].name), &intervalLayout[j], i)
			}
		}
		k = end
	}
}

// IntervalColumns is the header of intervals.csv for park p
// ([IntervalColumnDocs] with the park's slugs, then for a park with heat
// [HeatIntervalColumnDocs]).
func IntervalColumns(p *model.Park) []string {
	cols := []string{ColTimestamp}
	eachIntervalColumn(p, func(name string, _ *intervalCol, _ int) { cols = append(cols, name) })
	eachHeatColumn(p, newHeatCtx(p), func(name string, _ *heatCol, _ int) { cols = append(cols, name) })
	return cols
}

// WriteIntervalsCSV writes schedule s of park p as intervals.csv: the
// header of [IntervalColumns] and one row per interval, numbers as
// [FormatNumber] writes them.
func WriteIntervalsCSV(w io.Writer, p *model.Park, s *dispatch.Schedule) error {
	if p == nil || s == nil {
		return fmt.Errorf("%w: nil park or schedule", ErrOutput)
	}
	if err := s.Validate(p); err != nil {
		return fmt.Errorf("%w: %w", ErrOutput, err)
	}
	type getter struct {
		c *intervalCol
		i int
	}
	var gets []getter
	eachIntervalColumn(p, func(_ string, c *intervalCol, i int) { gets = append(gets, getter{c, i}) })
	type heatGetter struct {
		c *heatCol
		i int
	}
	x := newHeatCtx(p)
	var heat []heatGetter
	eachHeatColumn(p, x, func(_ string, c *heatCol, i int) { heat = append(heat, heatGetter{c, i}) })
	cw := csv.NewWriter(w)
	if err := cw.Write(IntervalColumns(p)); err != nil {
		return err
	}
	row := make([]string, 1+len(gets)+len(heat))
	for t := 0; t < s.Len; t++ {
		row[0] = s.Time(t).Format(time.RFC3339)
		for j, g := range gets {
			row[1+j] = FormatNumber(g.c.get(s, g.i, t))
		}
		for j, g := range heat {
			row[1+len(gets)+j] = FormatNumber(g.c.get(x, s, g.i, t))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Intervals is intervals.csv read back.
type Intervals struct {
	// Header is the file's header, "timestamp" first.
	Header []string
	// Time holds the start of each interval, in the file's zone.
	Time []time.Time
	// Columns maps every other column to its values, one per interval.
	Columns map[string][]float64
}

// slugRE matches a slug as [Slug] and [AssetSlugs] make them.
var slugRE = regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*$`)

// isAssetColumn reports whether h is <kind>_<slug>_<quantity> for one of
// the kinds and quantities of intervals.csv.
func isAssetColumn(h string) bool {
	kind, rest, _ := strings.Cut(h, "_")
	for _, q := range kindQuantities(kind) {
		if slug, ok := strings.CutSuffix(rest, "_"+q); ok && slugRE.MatchString(slug) {
			return true
		}
	}
	return false
}

// ReadIntervalsCSV reads intervals.csv (name is used in errors). The
// header must start with "timestamp", hold every park-level column once and
// otherwise only per-asset columns <kind>_<slug>_<quantity> of the kinds
// and quantities [IntervalColumnDocs] lists, or the heat columns
// [HeatIntervalColumnDocs] lists; the names an older zeropark
// wrote ("pv:Rooftop PV_kw") are refused. Timestamps must be RFC 3339 and
// increase; values must be numbers. Errors are [*FileError].
func ReadIntervalsCSV(r io.Reader, name string) (*Intervals, error) {
	ts, err := readTimeSeries(r, name, func(c *csvFile) error { return checkIntervalHeader(c.header, name) })
	if err != nil {
		return nil, err
	}
	iv := &Intervals{Header: ts.header, Time: ts.times, Columns: map[string][]float64{}}
	for j, h := range ts.header[1:] {
		iv.Columns[h] = ts.cols[j]
		if iv.Columns[h] == nil {
			iv.Columns[h] = []float64{}
		}
	}
	return iv, nil
}

// checkIntervalHeader vets a header of intervals.csv.
func checkIntervalHeader(header []string, name string) error {
	for _, c := range intervalLayout {
		if c.kind == "" && !slices.Contains(header, c.name) {
			return &FileError{File: name, Line: 1, Column: c.name, Reason: "required column missing from the header"}
		}
	}
	for _, h := range header[1:] {
		if slices.ContainsFunc(intervalLayout, func(c intervalCol) bool { return c.kind == "" && c.name == h }) {
			continue
		}
		if !isAssetColumn(h) && !isHeatColumn(h) {
			return &FileError{File: name, Line: 1, Column: h,
				Reason: "not a column of intervals.csv: per-asset columns are <kind>_<slug>_<quantity> (pv_rooftop_pv_kw); an older zeropark's <kind>:<name>_<quantity> is not read"}
		}
	}
	return nil
}

// Column returns the values of the named column, or nil when the file has
// no such column.
func (iv *Intervals) Column(name string) []float64 { return iv.Columns[name] }
