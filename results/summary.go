package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/internal/nonull"
	"github.com/zeropark/zeropark/internal/textcol"
	"github.com/zeropark/zeropark/model"
)

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
	// bookkeeping; Report.Solve holds the solves alone); 0 when not
	// measured (the caller of Scenario.Summary sets it), which the
	// comparison table prints as "—".
	RunTimeS float64 `json:"run_time_s"`
	// Forecasts names the forecasters of a rolling horizon with forecasts
	// (scenario.Scenario.ForecastsLabel); empty for the other policies.
	Forecasts string `json:"forecasts,omitempty"`
	// Currency is the park file's economics.currency (an ISO 4217 code),
	// the currency of every price and so of every money figure of the
	// run; empty when the park file names none (no economics object).
	Currency string `json:"currency,omitempty"`
	// ZeroparkVersion is the build stamp of the code that made the run
	// (internal/buildinfo: module version, VCS revision, Go version), as
	// `zeropark --version` prints it.
	ZeroparkVersion string `json:"zeropark_version"`
	// Digests are the SHA-256 digests of the park and the series run.
	Digests
	// Money is every money figure of the run per year beside the
	// report's own over the period.
	Money

	dispatch.Report
}

// Money gives each money figure of a run ([dispatch.Report], over the
// period, in the currency of the prices) also per year: the period's
// figure × 8760 h / the period's hours, under the period key's name with
// _per_year. OperatingCost = energy + demand charge + wear (no offsets,
// no certificates), roadmap.csv's operating cost in the run's terms, so
// that a run of a plan's design park under perfect foresight gives the
// roadmap's perfect_operating_cost_per_year as OperatingCostPerYear.
// Roadmap.csv names three of them otherwise: demand_charge_per_year is
// DemandChargeCostPerYear; its offset_cost_per_year and
// certificate_cost_per_year are what the plan buys, whereas
// OffsetCostPerYear is the ledger's offsets needed beyond those held and
// CertificateCostPerYear its alternative, certificates for all residual
// grid import. Holdings are per period, so the per-year purchases are
// the period's need (after the holdings) scaled, as the roadmap does.
type Money struct {
	// OperatingCost is energy_cost + demand_charge_cost + wear_cost, over
	// the period.
	OperatingCost float64 `json:"operating_cost"`
	// EnergyCostPerYear, DemandChargeCostPerYear, WearCostPerYear,
	// OperatingCostPerYear, OffsetCostPerYear and CertificateCostPerYear
	// are the per-year figures: energy_cost (with fuel and heat bought,
	// when the park has heat), demand_charge_cost, wear_cost,
	// operating_cost, offset_cost and certificate_cost, each × 8760 h /
	// the period's hours; 0 for an empty period.
	EnergyCostPerYear       float64 `json:"energy_cost_per_year"`
	DemandChargeCostPerYear float64 `json:"demand_charge_cost_per_year"`
	WearCostPerYear         float64 `json:"wear_cost_per_year"`
	OperatingCostPerYear    float64 `json:"operating_cost_per_year"`
	OffsetCostPerYear       float64 `json:"offset_cost_per_year"`
	CertificateCostPerYear  float64 `json:"certificate_cost_per_year"`
}

// MoneyOf is the money of report r over its period and per year
// ([Money]); the period is r.Steps × r.StepMinutes. r must not be nil.
func MoneyOf(r *dispatch.Report) Money {
	m := Money{OperatingCost: r.EnergyCost + r.DemandChargeCost + r.WearCost}
	hours := periodHours(r)
	if hours <= 0 {
		return m
	}
	perYear := HoursPerYear / hours
	m.EnergyCostPerYear = r.EnergyCost * perYear
	m.DemandChargeCostPerYear = r.DemandChargeCost * perYear
	m.WearCostPerYear = r.WearCost * perYear
	m.OperatingCostPerYear = m.OperatingCost * perYear
	m.OffsetCostPerYear = r.OffsetCost * perYear
	m.CertificateCostPerYear = r.CertificateCost * perYear
	return m
}

// NewSummary is the summary of report r of park park dispatched with
// look-ahead horizon, planned with the forecasters forecasts (a label, ""
// for policies without forecasts), stamped with this build; the caller
// fills in Demo, ParkFile, SeriesFile, RunTimeS, Currency (the park's
// economics.currency) and Digests (scenario.Scenario.Digests, or
// model.ParkSHA256 and model.SeriesSet.SHA256), as `zeropark run` does
// (scenario.Scenario.Summary fills in the last two): left empty,
// summary.json names no currency and carries no park_sha256 or
// series_sha256 to match it to its inputs.
func NewSummary(park string, horizon time.Duration, forecasts string, r dispatch.Report) Summary {
	return Summary{Park: park, HorizonHours: horizon.Hours(), Forecasts: forecasts,
		ZeroparkVersion: buildinfo.Stamp(), Money: MoneyOf(&r), Report: r}
}

// WriteSummaryJSON writes sum as summary.json: indented JSON (two spaces)
// with a final newline.
func WriteSummaryJSON(w io.Writer, sum Summary) error {
	return writeJSON(w, sum, "summary")
}

// WriteSummariesJSON writes several summaries (one per policy) as one
// indented JSON array with a final newline.
func WriteSummariesJSON(w io.Writer, sums []Summary) error {
	return writeJSON(w, sums, "summaries")
}

// ReadSummaryJSON reads summary.json (name is used in errors): one JSON
// object with the keys [Summary] writes. Keys it does not know are
// refused (a file of a newer zeropark must be read by a newer zeropark).
// Errors are [*FileError].
func ReadSummaryJSON(r io.Reader, name string) (Summary, error) {
	var sum Summary
	return sum, readJSON(r, name, &sum)
}

// ReadSummariesJSON reads what [WriteSummariesJSON] writes (`zeropark
// report --json`): a JSON array of summaries. Errors are [*FileError].
func ReadSummariesJSON(r io.Reader, name string) ([]Summary, error) {
	var sums []Summary
	return sums, readJSON(r, name, &sums)
}

// writeJSON writes v indented with a final newline, every list and map
// [] or {} when it holds nothing, never null (package nonull; v is not
// changed): json-keys.md and the schemas type them so.
func writeJSON(w io.Writer, v any, what string) error {
	b, err := json.MarshalIndent(nonull.Lists(v), "", "  ")
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrOutput, what, err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// readJSON decodes one JSON value from r into v, refusing unknown keys and
// trailing data; errors name the file and the line.
func readJSON(r io.Reader, name string, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("results: reading %s: %w", name, err)
	}
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(t) == 0 {
		// The decoder's word for it is "EOF" (QA K, 2026-12-05).
		return fileErr(name, 1, "empty file: no JSON object")
	}
	if t[0] != '{' && t[0] != '[' {
		// Not a JSON object: say what it is when it is another of our
		// files (a CSV given for a JSON: the decoder would speak of a
		// literal "true").
		first, _, _ := bytes.Cut(t, []byte{'\n'})
		if other := otherCSV(strings.Split(strings.TrimSpace(string(first)), ","), ""); other != "" {
			return fileErr(name, 1, "not JSON: its first line is the header of %s, another file zeropark writes", other)
		}
		return fileErr(name, 1, "not JSON: it starts with %q", textcol.Clip(string(first), 40))
	}
	// A time (a time.Time field of v) with RFC 3339's lower-case t and z
	// is read as in capitals, as every timestamp reader does; the bytes'
	// positions, and so an error's line, are kept.
	up := model.UpperRFC3339Times(data, v)
	dec := json.NewDecoder(bytes.NewReader(up))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if other, key, line := otherJSON(data, v); other != "" {
			// Another of our files (a roadmap.json given for a
			// pathway.json): say which, not only the decoder's first
			// unknown key.
			return &FileError{File: name, Line: line, Key: key,
				Reason: fmt.Sprintf("the file is %s, another file zeropark writes (%v)", other, err)}
		}
		line := 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		var pe *time.ParseError
		switch {
		case errors.As(err, &pe):
			// A time refused: named as written (not as put in capitals),
			// at its line.
			if i := model.RFC3339ErrorAsWritten(err, data, up); i >= 0 {
				line = lineAt(data, int64(i))
			}
		case errors.As(err, &se):
			line = lineAt(data, se.Offset)
		case errors.As(err, &te):
			line = lineAt(data, te.Offset)
		case errors.Is(err, io.ErrUnexpectedEOF):
			// Cut short: the decoder says "unexpected EOF" and no line.
			return fileErr(name, lineAt(data, int64(len(data))), "the file ends inside its JSON object: cut short?")
		}
		return fileErr(name, line, "%v", err)
	}
	if dec.More() {
		return fileErr(name, lineAt(data, dec.InputOffset()), "more than one JSON value")
	}
	return nil
}

// otherJSONKeys are a key of each JSON file this package writes that
// none of the others has at its top level.
var otherJSONKeys = []struct{ file, key string }{
	{RoadmapJSONFile, "designs"},
	{PathwayJSONFile, "base_year"},
	{SummaryFile, "stage_basis"},
	{AttributionFile, "energy_origin_kwh"},
	{BacktestJSONFile, "every_h"},
}

// otherJSON names the JSON file this package writes, other than the one
// v reads, that data is: the file, its key that v does not know and the
// 1-based line of that key; "" when data is none of them (or not an
// object).
func otherJSON(data []byte, v any) (file, key string, line int) {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return "", "", 0
	}
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return "", "", 0
	}
	for _, k := range otherJSONKeys {
		if _, ok := top[k.key]; !ok {
			continue
		}
		// The key is v's own: data may be the file v reads.
		dec := json.NewDecoder(strings.NewReader(`{"` + k.key + `": null}`))
		dec.DisallowUnknownFields()
		if dec.Decode(reflect.New(t.Elem()).Interface()) == nil {
			continue
		}
		return k.file, k.key, lineAt(data, int64(bytes.Index(data, []byte(`"`+k.key+`"`))))
	}
	return "", "", 0
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}
