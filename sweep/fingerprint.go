package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// NewFingerprint computes what the closing columns of every row of a
// sweep's results file hold (results.Fingerprint): the size of the space
// and three SHA-256 digests, hashed separately so that a refusal can say
// which changed. The park part hashes the park re-marshalled as JSON
// (whitespace and key order in the file do not matter); the series part
// the series as parsed, after any slicing and the derived availability
// columns (start, step, each column's name and float64 bits: number
// formatting and column order do not matter); the settings part the
// policy, the dispatch configuration (horizon, unserved-load penalty,
// terminal policy, single pass, every ledger setting: prices, offsets and
// certificates held, stage thresholds), the forecasters, the --vary
// space (paths and values) and, only where it holds, that a varied import
// limit carries the export limit with it ([ExportFollowsImport]).
//
// It is the fingerprint of a sweep of space on base under policy pol with
// configuration cfg.
func NewFingerprint(base *scenario.Scenario, space *Space, pol dispatch.Policy, cfg dispatch.Config) (results.Fingerprint, error) {
	if base == nil || base.Park == nil || base.Series == nil || space == nil {
		return results.Fingerprint{}, fmt.Errorf("%w: no base scenario or space", ErrSpec)
	}
	park, err := model.ParkSHA256(base.Park)
	if err != nil {
		return results.Fingerprint{}, fmt.Errorf("sweep: fingerprint: %w", err)
	}
	settings, err := settingsJSON(base, space, pol, cfg)
	if err != nil {
		return results.Fingerprint{}, err
	}
	return results.Fingerprint{
		Combinations:   space.Len(),
		ParkSHA256:     park,
		SeriesSHA256:   base.Series.SHA256(),
		SettingsSHA256: sha(settings),
	}, nil
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// settingsJSON is the canonical JSON of what the settings part covers.
// Zero values are left out at every level, so a setting added later with
// a zero default does not change the fingerprint of older sweeps.
func settingsJSON(base *scenario.Scenario, space *Space, pol dispatch.Policy, cfg dispatch.Config) ([]byte, error) {
	ledger, err := json.Marshal(cfg.Ledger)
	if err != nil {
		return nil, fmt.Errorf("sweep: fingerprint of the ledger settings: %w", err)
	}
	var ledgerTree any
	if err := json.Unmarshal(ledger, &ledgerTree); err != nil {
		return nil, fmt.Errorf("sweep: fingerprint of the ledger settings: %w", err)
	}
	var axes []any
	for _, a := range space.Axes {
		vals := make([]any, len(a.Values))
		for i, v := range a.Values {
			vals[i] = settingsValue(v) // "+Inf" is not JSON
		}
		axes = append(axes, map[string]any{"path": a.Path.String(), "values": vals})
	}
	tree := map[string]any{
		"policy":                          string(pol),
		"horizon_s":                       cfg.Horizon.Seconds(),
		"unserved_penalty_kgco2e_per_kwh": cfg.UnservedPenaltyKgCO2ePerKWh,
		"terminal":                        int(cfg.Terminal),
		"single_pass":                     cfg.SinglePass,
		"forecast_set":                    cfg.Forecasts != nil,
		"forecasts":                       base.ForecastsLabel(pol),
		"ledger":                          ledgerTree,
		"vary":                            axes,
		// Rows run with the export limit raised with a varied import
		// limit (ExportFollowsImport); false, the usual case, is dropped
		// and leaves the fingerprint of every other sweep as it was.
		"grid_export_follows_import": ExportFollowsImport(base.Park, space.Axes),
	}
	return json.Marshal(dropZero(tree)) // maps marshal with sorted keys
}

// settingsValue writes a --vary value into the settings hashed. It is
// not a file format: it stays strconv's shortest 'g' form whatever the
// results file writes, since changing it would change the settings part
// of every fingerprint and refuse every resume.
func settingsValue(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// dropZero removes zero numbers, false, "" and nulls from JSON maps.
func dropZero(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if e = dropZero(e); e != nil {
				out[k] = e
			}
		}
		return out
	case []any:
		for i := range x {
			x[i] = dropZero(x[i])
		}
		return x
	case float64:
		if x == 0 {
			return nil
		}
	case int:
		if x == 0 {
			return nil
		}
	case bool:
		if !x {
			return nil
		}
	case string:
		if x == "" {
			return nil
		}
	}
	return v
}

// ErrFingerprint: a results file was made from other inputs than this
// sweep's, or cannot tell which (it has no fingerprint).
var ErrFingerprint = errors.New("sweep: results made from other inputs")

// FingerprintError says which rows of a results file were made from other
// inputs, and which parts differ. It unwraps to [ErrFingerprint] and
// [ErrFile].
type FingerprintError struct {
	File string
	Line int // first row that differs; 0 for the whole file
	// Parts lists what differs (results.PartPark, PartSeries,
	// PartSettings); empty when the file has no fingerprint.
	Parts []string
	Rows  int // how many rows differ
	// Other, in a merge, is the file:line the rows were compared with;
	// empty on resume (compared with this sweep's inputs).
	Other string
	// HaveSteps and WantSteps, on resume when the series part differs,
	// are the steps the first differing row covers and those this sweep
	// covers (0 when unknown): when they differ, the period changed
	// (--limit-hours), not necessarily the series file.
	HaveSteps, WantSteps int
}

func (e *FingerprintError) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if len(e.Parts) == 0 {
		return fmt.Sprintf("%v: %s has no fingerprint (it was written by a zeropark from before fingerprints): "+
			"cannot tell whether its rows were made from this park, series and settings; "+
			"resume it anyway with --force-resume, or use another --out", ErrFingerprint, where)
	}
	var what []string
	for _, p := range e.Parts {
		switch p {
		case results.PartPark:
			what = append(what, "the park changed (park_sha256)")
		case results.PartSeries:
			what = append(what, e.seriesChange())
		case results.PartSettings:
			what = append(what, "the settings changed (settings_sha256: policy, --horizon, --forecast, prices and ledger settings, the --vary ranges, "+
				"or whether a varied import limit raises the export limit with it)")
		}
	}
	rows := rowCount(e.Rows)
	if e.Other != "" {
		return fmt.Sprintf("%v: %s: %s made from other inputs than %s: %s", ErrFingerprint, where, rows, e.Other, strings.Join(what, "; "))
	}
	return fmt.Sprintf("%v: %s: %s made from other inputs than this sweep's: %s since the file was started; "+
		"use another --out, or the inputs it was started with", ErrFingerprint, where, rows, strings.Join(what, "; "))
}

// rowCount is "1 row" or "n rows".
func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// seriesChange says what a different series part means: the period when
// the step counts differ, else the series (or, when the counts are not
// known, either).
func (e *FingerprintError) seriesChange() string {
	switch {
	case e.HaveSteps > 0 && e.WantSteps > 0 && e.HaveSteps != e.WantSteps:
		return fmt.Sprintf("the period changed (series_sha256: the file's rows cover %d steps, this run %d; "+
			"another --limit-hours, or a series of another length)", e.HaveSteps, e.WantSteps)
	case e.HaveSteps > 0 && e.WantSteps > 0:
		return "the series changed (series_sha256)"
	default:
		return "the series or its period (--limit-hours) changed (series_sha256)"
	}
}

func (e *FingerprintError) Unwrap() []error { return []error{ErrFingerprint, ErrFile} }

// checkFingerprints compares every row of t (whose header ends with the
// closing columns) with want: the first row that differs is named, with
// the count of all that do. It also counts the rows by the build stamp
// that wrote them. wantSteps is the number of steps this sweep covers
// (0 when unknown), compared with the first differing row's steps column
// to tell a changed period from a changed series.
func checkFingerprints(t *results.Table, want results.Fingerprint, wantSteps int) (map[string]int, error) {
	stamps := map[string]int{}
	var first *FingerprintError
	for _, r := range t.Rows {
		fp, stamp, _ := t.Fingerprint(r)
		stamps[stamp]++
		d := want.Diff(fp)
		if len(d) == 0 {
			continue
		}
		if first == nil {
			first = &FingerprintError{File: r.File, Line: r.Line, WantSteps: wantSteps}
			if steps, err := t.Float(r, results.ColSteps); err == nil && steps > 0 && steps == math.Trunc(steps) {
				first.HaveSteps = int(steps)
			}
		}
		first.Rows++
		for _, p := range d {
			if !slices.Contains(first.Parts, p) {
				first.Parts = append(first.Parts, p)
			}
		}
	}
	if first != nil {
		slices.SortFunc(first.Parts, func(a, b string) int {
			order := []string{results.PartPark, results.PartSeries, results.PartSettings}
			return slices.Index(order, a) - slices.Index(order, b)
		})
		return stamps, first
	}
	return stamps, nil
}

// adopt rewrites data, a results file with header legacy (this sweep's
// header without the fingerprint columns), as one with the full header:
// each row gets fp and an empty build stamp (unrecorded).
func adopt(data []byte, name string, fp results.Fingerprint) ([]byte, error) {
	t, err := results.ParseTable(data, name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(results.CSVLine(append(slices.Clone(t.Header), results.ClosingColumns...)))
	for _, r := range t.Rows {
		b.Write(results.CSVLine(append(r.Fields, fp.Fields("")...)))
	}
	return b.Bytes(), nil
}
