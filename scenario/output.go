package scenario

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/atomicdir"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/model"
)

// Names of the files [WriteRun] writes.
const (
	IntervalsFile       = "intervals.csv"
	SummaryFile         = "summary.json"
	TenantsFile         = "tenants.csv"
	TenantIntervalsFile = "tenant_intervals.csv"
	AttributionFile     = "attribution.json"
)

// ErrOutput is the sentinel of run-output errors (bad file names, a schedule
// that does not match its park, values that cannot be written).
var ErrOutput = errors.New("scenario: cannot write run output")

// Summary is the content of summary.json: the ledger of one dispatched run
// ([dispatch.Report], its keys flattened into the top level: energy totals
// in kWh under "energy_kwh", baseline/residual/avoided in kgCO2e,
// offsets_needed_tco2e, certificates_mwh, stage, KPIs, unserved_kwh and the
// solve statistics under "solve") plus what identifies the run.
type Summary struct {
	// Park is the park's name.
	Park string `json:"park"`
	// Demo is the embedded demo's name when the run used one.
	Demo string `json:"demo,omitempty"`
	// ParkFile and SeriesFile are the input files as given by the user.
	ParkFile   string `json:"park_file,omitempty"`
	SeriesFile string `json:"series_file,omitempty"`
	// HorizonHours is the rolling horizon's look-ahead (used by policy
	// "mpc"; "perfect" sees the whole period, "self" and "grid" none).
	HorizonHours float64 `json:"horizon_hours"`
	// RunTimeS is the wall time of the dispatch in seconds (solves plus
	// bookkeeping; Report.Solve holds the solves alone).
	RunTimeS float64 `json:"run_time_s"`
	// Forecasts names the forecasters of a rolling horizon with forecasts
	// ([Scenario.ForecastsLabel]); empty for the other policies.
	Forecasts string `json:"forecasts,omitempty"`
	// ZeroparkVersion is the build stamp of the code that made the run
	// (internal/buildinfo: module version, VCS revision, Go version), as
	// `zeropark --version` prints it.
	ZeroparkVersion string `json:"zeropark_version"`

	dispatch.Report
}

// NewSummary is the summary of result r of scenario s dispatched with cfg;
// the caller fills in Demo, ParkFile, SeriesFile and RunTimeS.
func NewSummary(s *Scenario, r *dispatch.Result, cfg dispatch.Config) Summary {
	return Summary{Park: s.Park.Name, HorizonHours: cfg.Horizon.Hours(), Forecasts: s.ForecastsLabel(r.Policy),
		ZeroparkVersion: buildinfo.Stamp(), Report: r.Report}
}

// IntervalColumns lists the header of intervals.csv for park p, in order:
//
//	timestamp                     RFC 3339, start of the interval, in the series' zone
//	load_kw                       total demand of all tenants
//	pv:<name>_available_kw        per PV array: what it could deliver
//	pv:<name>_kw                  per PV array: what it delivered
//	wind:<name>_available_kw      per wind turbine, likewise
//	wind:<name>_kw
//	battery:<name>_charge_kw      per battery: power into it, from the bus
//	battery:<name>_discharge_kw   per battery: power out of it, to the bus
//	battery:<name>_soc_kwh        per battery: state of charge at the end of the interval
//	import_kw, export_kw          through the grid connection (never netted)
//	unserved_kw                   load not served
//	curtailed_kw                  PV plus wind available but not used
//	dispatch_kgco2e_per_kwh       the signal the dispatch minimised
//	grid_kgco2e_per_kwh           the accounting factor
//	emissions_kgco2e              import_kw × grid_kgco2e_per_kwh × Δt (hours)
//
// Powers are kW held over the interval, so energy is the column × Δt; the
// summary's totals are those sums.
func IntervalColumns(p *model.Park) []string {
	cols := []string{"timestamp", "load_kw"}
	for _, a := range p.PV {
		cols = append(cols, "pv:"+a.Name+"_available_kw", "pv:"+a.Name+"_kw")
	}
	for _, a := range p.Wind {
		cols = append(cols, "wind:"+a.Name+"_available_kw", "wind:"+a.Name+"_kw")
	}
	for _, b := range p.Batteries {
		cols = append(cols, "battery:"+b.Name+"_charge_kw", "battery:"+b.Name+"_discharge_kw", "battery:"+b.Name+"_soc_kwh")
	}
	return append(cols, "import_kw", "export_kw", "unserved_kw", "curtailed_kw",
		"dispatch_kgco2e_per_kwh", "grid_kgco2e_per_kwh", "emissions_kgco2e")
}

// WriteIntervalsCSV writes schedule s of park p as intervals.csv: the header
// of [IntervalColumns] and one row per interval. Numbers are written in the
// shortest form that reads back to the same float64, so sums recomputed
// from the file equal the summary's totals.
func WriteIntervalsCSV(w io.Writer, p *model.Park, s *dispatch.Schedule) error {
	if err := s.Validate(p); err != nil {
		return fmt.Errorf("%w: %w", ErrOutput, err)
	}
	cols := IntervalColumns(p)
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return err
	}
	row := make([]string, 0, len(cols))
	num := func(v float64) { row = append(row, strconv.FormatFloat(v, 'g', -1, 64)) }
	for t := 0; t < s.Len; t++ {
		row = append(row[:0], s.Time(t).Format(time.RFC3339))
		num(s.LoadKW[t])
		for i := range s.PVKW {
			num(s.PVAvailKW[i][t])
			num(s.PVKW[i][t])
		}
		for j := range s.WindKW {
			num(s.WindAvailKW[j][t])
			num(s.WindKW[j][t])
		}
		for b := range s.SoCKWh {
			num(s.ChargeKW[b][t])
			num(s.DischargeKW[b][t])
			num(s.SoCKWh[b][t])
		}
		num(s.ImportKW[t])
		num(s.ExportKW[t])
		num(s.UnservedKW[t])
		num(s.CurtailedKW[t])
		num(s.DispatchKgCO2ePerKWh[t])
		num(s.AccountingKgCO2ePerKWh[t])
		num(s.EmissionsKgCO2e[t])
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSummaryJSON writes sum as indented JSON (two spaces) with a final
// newline.
func WriteSummaryJSON(w io.Writer, sum Summary) error {
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return fmt.Errorf("%w: summary: %w", ErrOutput, err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// TenantColumns is the header of tenants.csv, one row per tenant (see
// [dispatch.TenantShare]):
//
//	tenant                 the load's name in the park file
//	load_kwh               its demand over the period
//	unserved_kwh           its share of the load not served
//	baseline_kgco2e        its load × the accounting factor
//	residual_kgco2e        the carbon of the energy it was served
//	kgco2e_per_kwh         residual / served kWh
//	offsets_needed_tco2e   its share of the offsets the park needs
//	renewable_kwh          the on-site renewable content of the energy it was served
//	renewable_share        renewable_kwh / served kWh
var TenantColumns = []string{"tenant", "load_kwh", "unserved_kwh", "baseline_kgco2e", "residual_kgco2e", "kgco2e_per_kwh",
	"offsets_needed_tco2e", "renewable_kwh", "renewable_share"}

// WriteTenantsCSV writes a's tenants as tenants.csv ([TenantColumns]).
// The park-level remainder (carbon still stored, carbon exported) is in
// attribution.json ([WriteAttributionJSON]).
func WriteTenantsCSV(w io.Writer, a *dispatch.Attribution) error {
	if a == nil {
		return fmt.Errorf("%w: nil attribution", ErrOutput)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(TenantColumns); err != nil {
		return err
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, t := range a.Tenants {
		if err := cw.Write([]string{t.Name, g(t.LoadKWh), g(t.UnservedKWh), g(t.BaselineKgCO2e),
			g(t.ResidualKgCO2e), g(t.KgCO2ePerKWh), g(t.OffsetsNeededTCO2e), g(t.RenewableKWh), g(t.RenewableShare)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTenantIntervalsCSV writes tenant_intervals.csv: "timestamp" (RFC
// 3339, start of the interval) then, per tenant in park order,
// "<name>_kw" (its load) and "<name>_kgco2e" (its residual in the
// interval, [dispatch.Attribution].IntervalKgCO2e); the columns of a
// tenant sum to its row of tenants.csv.
func WriteTenantIntervalsCSV(w io.Writer, prof *model.Profiles, a *dispatch.Attribution) error {
	if prof == nil || a == nil || len(prof.LoadKW) != len(a.Tenants) || a.Intervals() < prof.Len {
		return fmt.Errorf("%w: tenant intervals: profiles and attribution do not match", ErrOutput)
	}
	cw := csv.NewWriter(w)
	head := []string{"timestamp"}
	for _, t := range a.Tenants {
		head = append(head, t.Name+"_kw", t.Name+"_kgco2e")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := make([]string, 0, len(head))
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for t := 0; t < prof.Len; t++ {
		row = append(row[:0], prof.Start.Add(time.Duration(t)*prof.Step).Format(time.RFC3339))
		for i := range a.Tenants {
			if len(prof.LoadKW[i]) <= t {
				return fmt.Errorf("%w: tenant intervals: tenant %q is shorter than %d intervals", ErrOutput, a.Tenants[i].Name, prof.Len)
			}
			row = append(row, g(prof.LoadKW[i][t]), g(a.IntervalKgCO2e(i, t)))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteAttributionJSON writes a as indented JSON with a final newline.
func WriteAttributionJSON(w io.Writer, a *dispatch.Attribution) error {
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return fmt.Errorf("%w: attribution: %w", ErrOutput, err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// AttributionFiles attributes result r of scenario s to its tenants
// ([dispatch.Attribute]) and returns tenants.csv and attribution.json as
// extra files for [WriteRun] (tenants.csv, tenant_intervals.csv,
// attribution.json), with the attribution itself.
func AttributionFiles(s *Scenario, r *dispatch.Result) ([]OutputFile, *dispatch.Attribution, error) {
	a, err := dispatch.Attribute(s.Park, s.Profiles, r)
	if err != nil {
		return nil, nil, fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	return []OutputFile{
		{TenantsFile, func(w io.Writer) error { return WriteTenantsCSV(w, a) }},
		{TenantIntervalsFile, func(w io.Writer) error { return WriteTenantIntervalsCSV(w, s.Profiles, a) }},
		{AttributionFile, func(w io.Writer) error { return WriteAttributionJSON(w, a) }},
	}, a, nil
}

// OutputFile is one more file for [WriteRun] to write beside
// intervals.csv and summary.json (a plot, for example).
type OutputFile struct {
	// Name is a plain file name (no directory).
	Name  string
	Write func(w io.Writer) error
}

// WriteRun makes the outputs of one run the whole content of dir —
// intervals.csv ([WriteIntervalsCSV]), summary.json ([WriteSummaryJSON])
// and any extra files — at once (internal/atomicdir): everything is
// written and synced into a temporary directory beside dir, which is then
// swapped with dir in one step where the system allows (renameat2 on
// Linux) and the old set removed. A reader, or a crash at any instant,
// finds the complete old set or the complete new one, never new files
// beside old ones; the leftovers of an interrupted earlier write are
// cleared by the next. dir is created (with its parents) if missing; on
// error it is as it was.
//
// An existing dir may hold only files of this set and the files in
// [RunFiles] (an earlier run's outputs, which go with the old set). A
// user's file or a subdirectory there is never removed: the write is
// refused before it starts, with an error naming them that unwraps to
// [ErrOutput], as do bad file names and a dir that is not a directory.
func WriteRun(dir string, p *model.Park, s *dispatch.Schedule, sum Summary, extra ...OutputFile) error {
	files := []atomicdir.File{
		{Name: IntervalsFile, Write: func(w io.Writer) error { return WriteIntervalsCSV(w, p, s) }},
		{Name: SummaryFile, Write: func(w io.Writer) error { return WriteSummaryJSON(w, sum) }},
	}
	for _, f := range extra {
		files = append(files, atomicdir.File{Name: f.Name, Write: f.Write})
	}
	err := atomicdir.Replace(dir, files, RunFiles...)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, atomicdir.ErrName), errors.Is(err, atomicdir.ErrForeign), errors.Is(err, atomicdir.ErrNotDir):
		return fmt.Errorf("%w: %w", ErrOutput, err)
	}
	return fmt.Errorf("scenario: output directory %s: %w", dir, err)
}

// RunFiles are the files `zeropark run --out` writes into its directory:
// the ones named above and the week plot. [WriteRun] replaces a directory
// holding any of them, whichever files it writes itself.
var RunFiles = []string{IntervalsFile, SummaryFile, TenantsFile, TenantIntervalsFile, AttributionFile, "week.png", "week.svg"}
