package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/zeropark/zeropark/internal/atomicfile"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// The snapshot file: a magic line, a JSON header line (the sequence
// number of the last change it holds, the Controller's start and its
// clock), then the Controller's state file (live.Controller.Encode, which
// carries its own checksum and checks the park and configuration).
const (
	snapshotFile    = "snapshot"
	snapshotMagic   = "zeropark serve snapshot\n"
	snapshotVersion = 1
	tokenFile       = "token"
)

// snapshotHeader is the header line of a snapshot.
type snapshotHeader struct {
	Version int    `json:"version"`
	Seq     uint64 `json:"seq"`
	// StartUnixNS, Zone and OffsetS are the Controller's Start: its
	// instant and clock (a named zone such as "Europe/Berlin", "Local",
	// or a fixed offset in seconds).
	StartUnixNS int64     `json:"start_unix_ns"`
	Zone        string    `json:"zone"`
	OffsetS     int       `json:"offset_s"`
	SavedAt     time.Time `json:"saved_at"`
	// LastStepWall is when the Step whose plan the state holds ran (GET
	// /plan's planned_at after a restart); absent before the first step,
	// and in a snapshot written before it.
	LastStepWall time.Time `json:"last_step_wall,omitzero"`
	// Sum is the hex SHA-256 of this header's line without Sum and of the
	// Controller's state after it: a header changed on disk (its seq
	// above all, which says where the log resumes) is refused, not read
	// as another point of the log (QA, December 2026: the state carries a
	// checksum of its own, the header had none). A snapshot written
	// before it has none and is read as then.
	Sum string `json:"sum,omitempty"`
}

// headerSum is the Sum of header h (its Sum ignored) and state.
func headerSum(h snapshotHeader, state []byte) (string, error) {
	h.Sum = ""
	line, err := json.Marshal(h)
	if err != nil {
		return "", err
	}
	sum := sha256.New()
	sum.Write(line)
	sum.Write([]byte{'\n'})
	sum.Write(state)
	return hex.EncodeToString(sum.Sum(nil)), nil
}

// writeSnapshot writes state (the Controller's bytes, holding changes up to
// seq) to dir atomically.
func writeSnapshot(dir string, seq uint64, start time.Time, state []byte, now, planned time.Time) error {
	zone, offset := start.Zone()
	if name := start.Location().String(); name == "Local" || name == "UTC" || (name != "" && name != zone) {
		zone = name
	}
	h := snapshotHeader{Version: snapshotVersion, Seq: seq, StartUnixNS: start.UnixNano(), Zone: zone, OffsetS: offset, SavedAt: now.UTC()}
	if !planned.IsZero() {
		h.LastStepWall = planned.UTC()
	}
	var err error
	if h.Sum, err = headerSum(h, state); err != nil {
		return err
	}
	head, err := encodeSnapshotHeader(h)
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, snapshotFile), func(w io.Writer) error {
		if _, err := w.Write(head); err != nil {
			return err
		}
		_, err := w.Write(state)
		return err
	})
}

// encodeSnapshotHeader is the magic line and h's line.
func encodeSnapshotHeader(h snapshotHeader) ([]byte, error) {
	head, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	return append(append([]byte(snapshotMagic), head...), '\n'), nil
}

// decodeSnapshotHeader reads the magic line and the header of a snapshot
// file's data and returns the header and the Controller's state after it.
// Its errors say what is wrong, without the file's name.
func decodeSnapshotHeader(data []byte) (snapshotHeader, []byte, error) {
	var h snapshotHeader
	if !bytes.HasPrefix(data, []byte(snapshotMagic)) {
		return h, nil, fmt.Errorf("not a zeropark serve snapshot (it does not start with %q)", snapshotMagic[:len(snapshotMagic)-1])
	}
	rest := data[len(snapshotMagic):]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		return h, nil, errors.New("truncated header")
	}
	up := model.UpperRFC3339Times(rest[:end], &h) // saved_at with a lower-case t and z too
	dec := json.NewDecoder(bytes.NewReader(up))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		model.RFC3339ErrorAsWritten(err, rest[:end], up)
		return h, nil, fmt.Errorf("header: %v", err)
	}
	if dec.More() {
		return h, nil, errors.New("header: more after the JSON object")
	}
	if h.Version != snapshotVersion {
		return h, nil, fmt.Errorf("format version %d; this build reads version %d", h.Version, snapshotVersion)
	}
	state := rest[end+1:]
	if h.Sum != "" {
		want, err := headerSum(h, state)
		if err != nil {
			return h, nil, err
		}
		if want != h.Sum {
			return h, nil, errors.New("checksum mismatch: the header or the state was changed after it was written (the log resumes after the header's seq, so neither can be trusted)")
		}
	}
	return h, state, nil
}

// readSnapshot loads the snapshot of dir into a Controller for park p and
// lc (its Start replaced by the saved one). It returns os.ErrNotExist
// (wrapped) when there is none.
func readSnapshot(dir string, p *model.Park, lc live.Config) (*live.Controller, snapshotHeader, time.Time, error) {
	c, h, err := readSnapshotFile(dir, p, &lc)
	return c, h, lc.Start, err
}

// readSnapshotFile is readSnapshot; it sets lc.Start.
func readSnapshotFile(dir string, p *model.Park, lc *live.Config) (*live.Controller, snapshotHeader, error) {
	path := filepath.Join(dir, snapshotFile)
	var h snapshotHeader
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, h, err
	}
	h, state, err := decodeSnapshotHeader(data)
	if err != nil {
		return nil, h, fmt.Errorf("%w: %s: %v", ErrState, path, err)
	}
	lc.Start = time.Unix(0, h.StartUnixNS).In(zoneOf(h, lc.Start.Location()))
	c, err := live.Decode(bytes.NewReader(state), p, *lc)
	if err != nil {
		return nil, h, fmt.Errorf("%w: %s: %w", ErrState, path, err)
	}
	return c, h, nil
}

// zoneOf is the saved clock: the configured one (the server's
// live.Config.Start) when it has the saved name and the same offset at the
// start — the only way back to a clock no name loads, such as the one
// model.ReadSeriesCSV builds for a series whose UTC offsets follow daylight
// saving ("series offsets") —, else the named zone when this machine knows
// it with the same offset at the start, else a fixed offset.
func zoneOf(h snapshotHeader, configured *time.Location) *time.Location {
	at := time.Unix(0, h.StartUnixNS)
	if configured != nil && h.Zone != "" && configured.String() == h.Zone {
		if _, off := at.In(configured).Zone(); off == h.OffsetS {
			return configured
		}
	}
	switch h.Zone {
	case "Local":
		if _, off := at.In(time.Local).Zone(); off == h.OffsetS {
			return time.Local
		}
	case "UTC":
		if h.OffsetS == 0 {
			return time.UTC
		}
	case "":
	default:
		if loc, err := time.LoadLocation(h.Zone); err == nil {
			if _, off := at.In(loc).Zone(); off == h.OffsetS {
				return loc
			}
		}
	}
	return time.FixedZone(h.Zone, h.OffsetS)
}
