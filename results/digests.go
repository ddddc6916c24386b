package results

import (
	"encoding/hex"
	"errors"
)

// Digests are the SHA-256 digests (hex) of what a file's figures were
// computed from, as a sweep's closing columns hash them
// (model.ParkSHA256, model.SeriesSet.SHA256): the park as parsed and the
// series as run (after --limit-hours, with the derived availability
// columns). summary.json, roadmap.json and pathway.json carry them, and
// frontier.csv on each row, so that two files of different parks or
// series are told apart (`zeropark plot frontier` refuses such a pair)
// and a result can be matched to its inputs. Empty in a file written
// before them (2026-12-05).
type Digests struct {
	// ParkSHA256 is the hex SHA-256 of the park as parsed (re-marshalled: the
	// file's layout does not count) and SeriesSHA256 that of the series as run
	// (after any slicing; the numbers' formatting does not count).
	ParkSHA256   string `json:"park_sha256,omitempty"`
	SeriesSHA256 string `json:"series_sha256,omitempty"`
}

// Differ names the digests set in both d and e that differ ("park",
// "series"); nil when none does, or when either does not say.
func (d Digests) Differ(e Digests) []string {
	var parts []string
	if d.ParkSHA256 != "" && e.ParkSHA256 != "" && d.ParkSHA256 != e.ParkSHA256 {
		parts = append(parts, PartPark)
	}
	if d.SeriesSHA256 != "" && e.SeriesSHA256 != "" && d.SeriesSHA256 != e.SeriesSHA256 {
		parts = append(parts, PartSeries)
	}
	return parts
}

// hexDigest checks a digest cell: empty, or 64 hex digits.
func hexDigest(s string) error {
	if s == "" {
		return nil
	}
	if b, err := hex.DecodeString(s); err != nil || len(b) != 32 {
		return errors.New("not a SHA-256 digest (64 hex digits)")
	}
	return nil
}
