// Package benchmarks runs zeropark's scenario suite on the real data in the
// repository and its scaling series, and renders the tables of
// benchmarks/BENCHMARKS.md. The command that regenerates the file is
// benchmarks/suite (from the repository root: go run ./benchmarks/suite).
//
// The suite is a manifest (benchmarks/suite.json) of parks, each a park
// JSON file with the series CSV it runs on, both given relative to the
// repository root. Every park is dispatched under every policy of
// dispatch.Policies: grid-only, self-consumption, the rolling horizon with
// forecasts and with perfect information, and perfect foresight.
package benchmarks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

// ErrManifest is the sentinel of every manifest error.
var ErrManifest = errors.New("benchmarks: invalid manifest")

// ManifestError names the manifest, the entry and the field at fault; it
// unwraps to ErrManifest (and to the decoder's error, if any).
type ManifestError struct {
	File   string // manifest name or path
	Index  int    // entry index, -1 for the whole file
	Entry  string // entry name, if known
	Field  string // JSON key, if known
	Value  any
	Reason string
	Err    error // underlying cause (JSON syntax), may be nil
}

func (e *ManifestError) Error() string {
	where := e.File
	if e.Index >= 0 {
		where += fmt.Sprintf(": entry %d", e.Index)
		if e.Entry != "" {
			where += fmt.Sprintf(" (%q)", e.Entry)
		}
	}
	if e.Field != "" {
		where += fmt.Sprintf(": %s = %#v", e.Field, e.Value)
	}
	return fmt.Sprintf("%v: %s: %s", ErrManifest, where, e.Reason)
}

// Unwrap returns ErrManifest and the underlying cause.
func (e *ManifestError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrManifest, e.Err}
	}
	return []error{ErrManifest}
}

// Entry is one park of the suite.
type Entry struct {
	// Name identifies the park in tables and on the command line.
	Name string `json:"name"`
	// Park and Series are paths relative to the repository root.
	Park   string `json:"park"`
	Series string `json:"series"`
	// Description says what the park stands for and how it was sized.
	Description string `json:"description"`
	// OffsetsHeldTCO2e and CertificatesHeldMWh are what the park holds per
	// year (dispatch.LedgerConfig); a run shorter than a year is credited
	// pro rata (held × period / 8760 h).
	OffsetsHeldTCO2e    float64 `json:"offsets_held_tco2e,omitempty"`
	CertificatesHeldMWh float64 `json:"certificates_held_mwh,omitempty"`
}

// ReadManifest parses a suite manifest: a JSON array of entries. name is
// used in errors. Every entry needs a unique name, a park and a series
// path; holdings must be finite and non-negative. All problems are
// reported together.
func ReadManifest(r io.Reader, name string) ([]Entry, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &ManifestError{File: name, Index: -1, Reason: "cannot read", Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var es []Entry
	if err := dec.Decode(&es); err != nil {
		return nil, &ManifestError{File: name, Index: -1, Reason: "not a JSON array of entries: " + err.Error(), Err: err}
	}
	if dec.More() {
		return nil, &ManifestError{File: name, Index: -1, Reason: "trailing data after the array"}
	}
	if len(es) == 0 {
		return nil, &ManifestError{File: name, Index: -1, Reason: "no entries"}
	}
	var errs []error
	seen := map[string]int{}
	for i, e := range es {
		bad := func(field string, v any, why string) {
			errs = append(errs, &ManifestError{File: name, Index: i, Entry: e.Name, Field: field, Value: v, Reason: why})
		}
		if e.Name == "" {
			bad("name", e.Name, "must not be empty")
		} else if j, dup := seen[e.Name]; dup {
			bad("name", e.Name, fmt.Sprintf("repeats entry %d", j))
		} else {
			seen[e.Name] = i
		}
		if e.Park == "" {
			bad("park", e.Park, "must name a park JSON file")
		}
		if e.Series == "" {
			bad("series", e.Series, "must name a series CSV file")
		}
		if !(e.OffsetsHeldTCO2e >= 0) || e.OffsetsHeldTCO2e > 1e15 {
			bad("offsets_held_tco2e", e.OffsetsHeldTCO2e, "must be finite and non-negative")
		}
		if !(e.CertificatesHeldMWh >= 0) || e.CertificatesHeldMWh > 1e15 {
			bad("certificates_held_mwh", e.CertificatesHeldMWh, "must be finite and non-negative")
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return es, nil
}

// LoadManifest reads the manifest file at path.
func LoadManifest(path string) ([]Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ManifestError{File: path, Index: -1, Reason: "cannot open", Err: err}
	}
	defer f.Close()
	return ReadManifest(f, path)
}

// Load reads the entry's park and series from under root (the repository
// root) and derives the weather-driven availability.
func (e Entry) Load(root string) (*scenario.Scenario, error) {
	s, err := scenario.Load(filepath.Join(root, e.Park), filepath.Join(root, e.Series))
	if err != nil {
		return nil, fmt.Errorf("benchmarks: park %q: %w", e.Name, err)
	}
	s.Name = e.Name
	return s, nil
}

// Config is dispatch.DefaultConfig with the entry's holdings credited for
// a period of steps intervals of length step (pro rata of a year).
func (e Entry) Config(steps int, step time.Duration) dispatch.Config {
	cfg := dispatch.DefaultConfig()
	years := step.Hours() * float64(steps) / 8760
	cfg.Ledger.OffsetsHeldTCO2e = e.OffsetsHeldTCO2e * years
	cfg.Ledger.CertificatesHeldMWh = e.CertificatesHeldMWh * years
	return cfg
}
