package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Columns of tenants.csv.
const (
	ColTenant             = "tenant"
	ColLoadKWh            = "load_kwh"
	ColUnservedKWh        = "unserved_kwh"
	ColBaselineKgCO2e     = "baseline_kgco2e"
	ColResidualKgCO2e     = "residual_kgco2e"
	ColKgCO2ePerKWh       = "kgco2e_per_kwh"
	ColOffsetsNeededTCO2e = "offsets_needed_tco2e"
	ColRenewableKWh       = "renewable_kwh"
	// renewable_share_fraction is [ColRenewableShareFraction], as in a
	// sweep results file.
	// With heat: its heat loads' demand, the part unserved and the
	// carbon of the heat it was served (part of residual_kgco2e).
	ColHeatLoadKWhTh     = "heat_load_kwh_th"
	ColHeatUnservedKWhTh = "heat_unserved_kwh_th"
	ColHeatKgCO2e        = "heat_kgco2e"
	// ColHeatBaselineKgCO2e is its heat loads' part of the heat baseline
	// (part of baseline_kgco2e).
	ColHeatBaselineKgCO2e = "heat_baseline_kgco2e"
)

// TenantRow is one row of tenants.csv: a tenant's part of a run
// ([dispatch.TenantShare] without the grid content, which the file does
// not hold). Energies in kWh (heat in kWh_th), emissions in kgCO2e,
// offsets in tCO2e. The heat fields are 0 for a park without heat.
type TenantRow struct {
	Name               string
	LoadKWh            float64
	UnservedKWh        float64
	BaselineKgCO2e     float64
	ResidualKgCO2e     float64
	KgCO2ePerKWh       float64
	OffsetsNeededTCO2e float64
	RenewableKWh       float64
	RenewableShare     float64
	HeatLoadKWhTh      float64
	HeatUnservedKWhTh  float64
	HeatKgCO2e         float64
	HeatBaselineKgCO2e float64
}

// TenantRowOf is the row of tenants.csv for share t.
func TenantRowOf(t dispatch.TenantShare) TenantRow {
	return TenantRow{Name: t.Name, LoadKWh: t.LoadKWh, UnservedKWh: t.UnservedKWh, BaselineKgCO2e: t.BaselineKgCO2e,
		ResidualKgCO2e: t.ResidualKgCO2e, KgCO2ePerKWh: t.KgCO2ePerKWh, OffsetsNeededTCO2e: t.OffsetsNeededTCO2e,
		RenewableKWh: t.RenewableKWh, RenewableShare: t.RenewableShare,
		HeatLoadKWhTh: t.HeatLoadKWhTh, HeatUnservedKWhTh: t.HeatUnservedKWhTh, HeatKgCO2e: t.HeatKgCO2e,
		HeatBaselineKgCO2e: t.HeatBaselineKgCO2e}
}

// tenantCol is a numeric column of tenants.csv and its field.
type tenantCol = floatCol[TenantRow]

// floatCol is a number column of a file with rows of type R: its name, its
// documentation and the field it holds.
type floatCol[R any] struct {
	name, doc string
	field     func(r *R) *float64
}

var tenantLayout = []tenantCol{
	{ColLoadKWh, "its demand over the period", func(r *TenantRow) *float64 { return &r.LoadKWh }},
	{ColUnservedKWh, "its share of the load not served", func(r *TenantRow) *float64 { return &r.UnservedKWh }},
	{ColBaselineKgCO2e, "its load × the accounting factor, plus with heat heat_baseline_kgco2e: baseline − residual is what it avoided", func(r *TenantRow) *float64 { return &r.BaselineKgCO2e }},
	{ColResidualKgCO2e, "the carbon of the energy it was served (each interval's carbon shared by the energy drawn)", func(r *TenantRow) *float64 { return &r.ResidualKgCO2e }},
	{ColKgCO2ePerKWh, "residual / served kWh (with heat: its electricity's residual, without heat_kgco2e)", func(r *TenantRow) *float64 { return &r.KgCO2ePerKWh }},
	{ColOffsetsNeededTCO2e, "its share of the offsets the park needs, in proportion to its residual (heat loads without a tenant keep theirs)", func(r *TenantRow) *float64 { return &r.OffsetsNeededTCO2e }},
	{ColRenewableKWh, "the on-site renewable content of the energy it was served, traced the same way", func(r *TenantRow) *float64 { return &r.RenewableKWh }},
	{ColRenewableShareFraction, "renewable_kwh / served kWh, a fraction (0–1; renewable_share in a file written before 2026-12-05, which is read as this)", func(r *TenantRow) *float64 { return &r.RenewableShare }},
}

// oldTenantRenewableShare is what tenants.csv called
// [ColRenewableShareFraction] before its name carried its unit.
const oldTenantRenewableShare = "renewable_share"

// tenantHeatLayout are the columns tenants.csv has after tenantLayout's
// for a park with heat.
var tenantHeatLayout = []tenantCol{
	{ColHeatLoadKWhTh, "with heat: the demand of the heat loads naming it as tenant", func(r *TenantRow) *float64 { return &r.HeatLoadKWhTh }},
	{ColHeatUnservedKWhTh, "with heat: the part of that heat not served", func(r *TenantRow) *float64 { return &r.HeatUnservedKWhTh }},
	{ColHeatKgCO2e, "with heat: the carbon of the heat it was served (part of residual_kgco2e)", func(r *TenantRow) *float64 { return &r.HeatKgCO2e }},
	{ColHeatBaselineKgCO2e, "with heat: its heat loads' part of the park's heat baseline (heat served as business as usual), shared each interval by heat load (part of baseline_kgco2e; absent from a file written before 2026-12-04, whose baseline_kgco2e leaves the heat out)",
		func(r *TenantRow) *float64 { return &r.HeatBaselineKgCO2e }},
}

// TenantColumns is the header of tenants.csv, one row per tenant
// ([TenantColumnDocs]), for a park without heat; [HeatTenantColumns] for
// one with heat.
func TenantColumns() []string {
	cols := []string{ColTenant}
	for _, c := range tenantLayout {
		cols = append(cols, c.name)
	}
	return cols
}

// HeatTenantColumns is the header of tenants.csv for a park with heat:
// [TenantColumns] then the heat columns ([HeatTenantColumnDocs]).
func HeatTenantColumns() []string {
	cols := TenantColumns()
	for _, c := range tenantHeatLayout {
		cols = append(cols, c.name)
	}
	return cols
}

// HeatTenantColumnDocs documents the columns tenants.csv has after
// [TenantColumnDocs]'s for a park with heat.
func HeatTenantColumnDocs() []ColumnDoc {
	var docs []ColumnDoc
	for _, c := range tenantHeatLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	return docs
}

// TenantColumnDocs documents the columns of tenants.csv.
func TenantColumnDocs() []ColumnDoc {
	docs := []ColumnDoc{{ColTenant, "the load's name in the park file"}}
	for _, c := range tenantLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	return docs
}

// WriteTenantsCSV writes a's tenants as tenants.csv ([TenantColumns], or
// [HeatTenantColumns] when a covers a park with heat). The park-level
// remainder (carbon still stored, carbon exported) is in attribution.json
// ([WriteAttributionJSON]).
func WriteTenantsCSV(w io.Writer, a *dispatch.Attribution) error {
	if a == nil {
		return fmt.Errorf("%w: nil attribution", ErrOutput)
	}
	layout, head := tenantLayout, TenantColumns()
	if a.HasHeat() {
		layout, head = append(slices.Clone(tenantLayout), tenantHeatLayout...), HeatTenantColumns()
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, 1+len(layout))
	for _, t := range a.Tenants {
		row := TenantRowOf(t)
		rec[0] = row.Name
		for j, c := range layout {
			rec[1+j] = FormatNumber(*c.field(&row))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadTenantsCSV reads tenants.csv (name is used in errors): its header
// must be [TenantColumns] or [HeatTenantColumns]. Errors are [*FileError].
func ReadTenantsCSV(r io.Reader, name string) ([]TenantRow, error) {
	c, err := openCSV(r, name)
	if err != nil {
		return nil, err
	}
	// A file written before 2026-12-05 says renewable_share.
	if i := slices.Index(c.header, oldTenantRenewableShare); i >= 0 {
		c.header[i] = ColRenewableShareFraction
	}
	layout := tenantLayout
	heat := HeatTenantColumns()
	switch want := TenantColumns(); {
	case slices.Equal(c.header, heat):
		layout = append(slices.Clone(tenantLayout), tenantHeatLayout...)
	case slices.Equal(c.header, heat[:len(heat)-1]):
		// Written before heat_baseline_kgco2e (2026-12-04).
		layout = append(slices.Clone(tenantLayout), tenantHeatLayout[:len(tenantHeatLayout)-1]...)
	case !slices.Equal(c.header, want):
		return nil, c.headerErr(TenantsFile, want)
	}
	rows := []TenantRow{}
	err = c.eachRow(func(rec []string, line int) error {
		row := TenantRow{Name: rec[0]}
		for j, col := range layout {
			var err error
			if *col.field(&row), err = c.number(line, 1+j, rec[1+j]); err != nil {
				return err
			}
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// TenantSlugs names tenants (the park's loads, in order) in the columns of
// tenant_intervals.csv ([AssetSlugs] with the quantities kw and kgco2e).
func TenantSlugs(names []string) []string { return AssetSlugs(names, QtyKW, QtyKgCO2e) }

// TenantIntervalColumnDocs documents the columns of tenant_intervals.csv.
func TenantIntervalColumnDocs() []ColumnDoc {
	return []ColumnDoc{
		{ColTimestamp, "RFC 3339, start of the interval"},
		{AssetColumn("", SlugPlaceholder, QtyKW), "per tenant, in park order: its load"},
		{AssetColumn("", SlugPlaceholder, QtyKgCO2e), "per tenant: its residual in the interval (the columns of a tenant sum to its row of tenants.csv)"},
	}
}

// TenantIntervalColumns is the header of tenant_intervals.csv for tenants
// named names.
func TenantIntervalColumns(names []string) []string {
	head := []string{ColTimestamp}
	for _, s := range TenantSlugs(names) {
		head = append(head, AssetColumn("", s, QtyKW), AssetColumn("", s, QtyKgCO2e))
	}
	return head
}

// WriteTenantIntervalsCSV writes tenant_intervals.csv: "timestamp" (RFC
// 3339, start of the interval) then, per tenant in park order,
// "<slug>_kw" (its load) and "<slug>_kgco2e" (its residual in the
// interval, [dispatch.Attribution].IntervalKgCO2e); the columns of a
// tenant sum to its row of tenants.csv.
func WriteTenantIntervalsCSV(w io.Writer, prof *model.Profiles, a *dispatch.Attribution) error {
	if prof == nil || a == nil || len(prof.LoadKW) != len(a.Tenants) || a.Intervals() < prof.Len {
		return fmt.Errorf("%w: tenant intervals: profiles and attribution do not match", ErrOutput)
	}
	names := make([]string, len(a.Tenants))
	for i, t := range a.Tenants {
		names[i] = t.Name
	}
	head := TenantIntervalColumns(names)
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return err
	}
	row := make([]string, 0, len(head))
	for t := 0; t < prof.Len; t++ {
		row = append(row[:0], prof.Start.Add(time.Duration(t)*prof.Step).Format(time.RFC3339))
		for i := range a.Tenants {
			if len(prof.LoadKW[i]) <= t {
				return fmt.Errorf("%w: tenant intervals: tenant %q is shorter than %d intervals", ErrOutput, a.Tenants[i].Name, prof.Len)
			}
			row = append(row, FormatNumber(prof.LoadKW[i][t]), FormatNumber(a.IntervalKgCO2e(i, t)))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// TenantIntervals is tenant_intervals.csv read back.
type TenantIntervals struct {
	// Tenants are the tenants' slugs, from the header, in park order.
	Tenants []string
	// Time holds the start of each interval.
	Time []time.Time
	// LoadKW[i] and KgCO2e[i] are tenant i's columns.
	LoadKW, KgCO2e [][]float64
}

// ReadTenantIntervalsCSV reads tenant_intervals.csv (name is used in
// errors): "timestamp", then pairs <slug>_kw, <slug>_kgco2e. Errors are
// [*FileError].
func ReadTenantIntervalsCSV(r io.Reader, name string) (*TenantIntervals, error) {
	var slugs []string
	ts, err := readTimeSeries(r, name, func(c *csvFile) error {
		h := c.header[1:]
		if len(h)%2 != 0 {
			return fileErr(name, 1, "%d columns after the timestamp: want a pair <slug>_kw, <slug>_kgco2e per tenant", len(h))
		}
		for i := 0; i < len(h); i += 2 {
			slug, ok := strings.CutSuffix(h[i], "_"+QtyKW)
			if !ok || !slugRE.MatchString(slug) || h[i+1] != AssetColumn("", slug, QtyKgCO2e) {
				return &FileError{File: name, Line: 1, Column: h[i], Reason: "want the pair <slug>_kw, <slug>_kgco2e"}
			}
			slugs = append(slugs, slug)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ti := &TenantIntervals{Tenants: slugs, Time: ts.times}
	for i := range slugs {
		ti.LoadKW = append(ti.LoadKW, ts.cols[2*i])
		ti.KgCO2e = append(ti.KgCO2e, ts.cols[2*i+1])
	}
	return ti, nil
}

// WriteAttributionJSON writes a as attribution.json: indented JSON with a
// final newline, tenants [] rather than null when a has none.
func WriteAttributionJSON(w io.Writer, a *dispatch.Attribution) error {
	if a == nil {
		return fmt.Errorf("%w: nil attribution", ErrOutput)
	}
	return writeJSON(w, a, "attribution")
}

// ReadAttributionJSON reads attribution.json (name is used in errors).
// The attribution read back holds the totals only: its per-interval
// figures are in tenant_intervals.csv, and its IntervalKgCO2e must not be
// called (Intervals() is 0). Errors are [*FileError].
func ReadAttributionJSON(r io.Reader, name string) (*dispatch.Attribution, error) {
	a := &dispatch.Attribution{}
	if err := readJSON(r, name, a); err != nil {
		return nil, err
	}
	return a, nil
}
