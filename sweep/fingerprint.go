package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// Columns closing every row: the size of the sweep's space, its
// [Fingerprint] and the build stamp of the zeropark that wrote the row.
const (
	CombinationsColumn   = "combinations_total"
	ParkSHA256Column     = "park_sha256"
	SeriesSHA256Column   = "series_sha256"
	SettingsSHA256Column = "settings_sha256"
	VersionColumn        = "zeropark_version"
)

// fingerprintColumns close the header, in this order.
var fingerprintColumns = []string{CombinationsColumn, ParkSHA256Column, SeriesSHA256Column, SettingsSHA256Column, VersionColumn}

// Fingerprint identifies everything a sweep's results depend on, in three
// parts hashed separately so that a refusal can say which one changed.
// Every row of a results file carries it.
type Fingerprint struct {
	// Combinations is the size of the space, so that a merge can tell
	// which combinations are missing.
	Combinations int
	// ParkSHA256 is the hex SHA-256 of the park re-marshalled as JSON
	// (whitespace and key order in the file do not matter).
	ParkSHA256 string
	// SeriesSHA256 hashes the series as parsed, after any slicing and the
	// derived availability columns: start, step, and each column's name
	// and values (the float64 bits). Number formatting and column order in
	// the file do not matter; any value that changes does.
	SeriesSHA256 string
	// SettingsSHA256 hashes the policy, the dispatch configuration
	// (horizon, unserved-load penalty, terminal policy, single pass, every
	// ledger setting: prices, offsets and certificates held, stage
	// thresholds), the forecasters and the --vary space (paths and values).
	SettingsSHA256 string
}

// NewFingerprint is the fingerprint of a sweep of space on base under
// policy pol with configuration cfg.
func NewFingerprint(base *scenario.Scenario, space *Space, pol dispatch.Policy, cfg dispatch.Config) (Fingerprint, error) {
	if base == nil || base.Park == nil || base.Series == nil || space == nil {
		return Fingerprint{}, fmt.Errorf("%w: no base scenario or space", ErrSpec)
	}
	park, err := json.Marshal(base.Park)
	if err != nil {
		return Fingerprint{}, fmt.Errorf("sweep: fingerprint of the park: %w", err)
	}
	settings, err := settingsJSON(base, space, pol, cfg)
	if err != nil {
		return Fingerprint{}, err
	}
	return Fingerprint{
		Combinations:   space.Len(),
		ParkSHA256:     sha(park),
		SeriesSHA256:   seriesSHA256(base.Series),
		SettingsSHA256: sha(settings),
	}, nil
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// seriesSHA256 hashes set canonically: columns in name order.
func seriesSHA256(set *model.SeriesSet) string {
	h := sha256.New()
	fmt.Fprintf(h, "start %s\nstep %d\nlen %d\n", set.Start.Format(time.RFC3339Nano), set.Step, set.Len)
	names := slices.Clone(set.Names)
	slices.Sort(names)
	var b [8]byte
	for _, n := range names {
		v := set.Columns[n]
		fmt.Fprintf(h, "column %q %d\n", n, len(v))
		for _, x := range v {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
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
			vals[i] = FormatValue(v) // "+Inf" is not JSON
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
	}
	return json.Marshal(dropZero(tree)) // maps marshal with sorted keys
}

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

// fields are the closing fields of a row written by the build stamp.
func (f Fingerprint) fields(stamp string) []string {
	return []string{strconv.Itoa(f.Combinations), f.ParkSHA256, f.SeriesSHA256, f.SettingsSHA256, stamp}
}

// Parts of a fingerprint, as [Fingerprint.Diff] names them.
const (
	PartPark     = "park"
	PartSeries   = "series"
	PartSettings = "settings"
)

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

// fingerprintCols locates the closing columns in a header: ok is false
// when the header does not end with them (a file written before
// fingerprints existed).
type fingerprintCols struct {
	ok                                        bool
	total, park, series, settings, version, n int
}

func locate(header []string) fingerprintCols {
	n := len(fingerprintColumns)
	if len(header) < n+1 || !slices.Equal(header[len(header)-n:], fingerprintColumns) {
		return fingerprintCols{}
	}
	i := len(header) - n
	return fingerprintCols{ok: true, total: i, park: i + 1, series: i + 2, settings: i + 3, version: i + 4, n: len(header)}
}

// of reads row r's fingerprint and build stamp.
func (c fingerprintCols) of(r Row) (Fingerprint, string) {
	total, err := strconv.Atoi(r.Fields[c.total])
	if err != nil {
		total = -1 // not a size: differs from every fingerprint
	}
	return Fingerprint{Combinations: total, ParkSHA256: r.Fields[c.park], SeriesSHA256: r.Fields[c.series],
		SettingsSHA256: r.Fields[c.settings]}, r.Fields[c.version]
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
	// Parts lists what differs ([PartPark], [PartSeries],
	// [PartSettings]); empty when the file has no fingerprint.
	Parts []string
	Rows  int // how many rows differ
	// Other, in a merge, is the file:line the rows were compared with;
	// empty on resume (compared with this sweep's inputs).
	Other string
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
		case PartPark:
			what = append(what, "the park changed (park_sha256)")
		case PartSeries:
			what = append(what, "the series changed (series_sha256)")
		case PartSettings:
			what = append(what, "the settings changed (settings_sha256: policy, --horizon, --forecast, prices and ledger settings, or the --vary ranges)")
		}
	}
	rows := "1 row"
	if e.Rows != 1 {
		rows = fmt.Sprintf("%d rows", e.Rows)
	}
	if e.Other != "" {
		return fmt.Sprintf("%v: %s: %s made from other inputs than %s: %s", ErrFingerprint, where, rows, e.Other, strings.Join(what, "; "))
	}
	return fmt.Sprintf("%v: %s: %s made from other inputs than this sweep's: %s since the file was started; "+
		"use another --out, or the inputs it was started with", ErrFingerprint, where, rows, strings.Join(what, "; "))
}

func (e *FingerprintError) Unwrap() []error { return []error{ErrFingerprint, ErrFile} }

// checkFingerprints compares every row of t (whose header ends with the
// fingerprint columns c) with want: the first row that differs is named,
// with the count of all that do. It also counts the rows by the build
// stamp that wrote them.
func checkFingerprints(t *Table, c fingerprintCols, want Fingerprint) (map[string]int, error) {
	stamps := map[string]int{}
	var first *FingerprintError
	for _, r := range t.Rows {
		fp, stamp := c.of(r)
		stamps[stamp]++
		d := want.Diff(fp)
		if len(d) == 0 {
			continue
		}
		if first == nil {
			first = &FingerprintError{File: r.File, Line: r.Line}
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
			order := []string{PartPark, PartSeries, PartSettings}
			return slices.Index(order, a) - slices.Index(order, b)
		})
		return stamps, first
	}
	return stamps, nil
}

// adopt rewrites data, a results file with header legacy (this sweep's
// header without the fingerprint columns), as one with the full header:
// each row gets fp and an empty build stamp (unrecorded).
func adopt(data []byte, name string, fp Fingerprint) ([]byte, error) {
	t, err := parseTable(data, name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(csvLine(append(slices.Clone(t.Header), fingerprintColumns...)))
	for _, r := range t.Rows {
		b.Write(csvLine(append(r.Fields, fp.fields("")...)))
	}
	return b.Bytes(), nil
}
