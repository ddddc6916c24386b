package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// The log: every change to the Controller — a batch of measurements it
// accepted, a Step — is one line of a segment file "wal-SEQ.jsonl" (SEQ,
// 20 digits, the first sequence number it may hold), appended in the order
// the changes were made and fsynced before the request that made it is
// answered. A line is the CRC-32 (IEEE) of the record's JSON in 8 hex
// digits, a space, the JSON and a newline: a line cut short by a crash
// fails its checksum and, being the last, was never answered, so it is
// dropped; a bad line followed by good ones is damage and refused.
// Segments before the last snapshot's sequence number are deleted once the
// snapshot is on disk.
const (
	walPrefix = "wal-"
	walSuffix = ".jsonl"
)

// Ops of a [Record].
const (
	OpMeasure = "measure"
	OpStep    = "step"
	// OpRestart marks a restart: the server resumed from the snapshot of
	// record From (its solver starting cold), then replayed the records
	// after it. A replay restarts there too, so that it computes what the
	// server did even where the LP has several optima (a cold solver may
	// pick another one: the plans tie, their settlements need not).
	OpRestart = "restart"
)

// Record is one change in the log.
type Record struct {
	// Seq numbers the changes from 1, without gaps.
	Seq uint64 `json:"seq"`
	// Op is OpMeasure or OpStep.
	Op string `json:"op"`
	// Measurements are the batch an OpMeasure accepted.
	Measurements []live.Measurement `json:"measurements,omitempty"`
	// At is the interval an OpStep planned; Failed says the Step returned
	// an error (it may have settled intervals before failing, so a replay
	// calls it too).
	At     time.Time `json:"at,omitzero"`
	Failed bool      `json:"failed,omitempty"`
	// Wall is when an OpStep ran, by the server's clock: GET /plan's
	// planned_at after a restart (absent in a log written before it).
	Wall time.Time `json:"wall,omitzero"`
	// Before, on an OpStep, is the first of the records logged while the
	// Step ran (batches of measurements, queued and merged after it): the
	// Step was made before them, after the records before Before. 0: it
	// was made where it is in the log.
	Before uint64 `json:"before,omitempty"`
	// From is the snapshot's record an OpRestart resumed from.
	From uint64 `json:"from,omitempty"`
}

// encodeLine is r as a log line.
func encodeLine(r *Record) ([]byte, error) {
	payload, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	line := make([]byte, 0, len(payload)+10)
	line = fmt.Appendf(line, "%08x ", crc32.ChecksumIEEE(payload))
	line = append(line, payload...)
	return append(line, '\n'), nil
}

// decodeLine reads one log line (without its newline).
func decodeLine(line []byte) (*Record, error) {
	if len(line) < 10 || line[8] != ' ' {
		return nil, fmt.Errorf("not a log line")
	}
	want, err := strconv.ParseUint(string(line[:8]), 16, 32)
	if err != nil {
		return nil, fmt.Errorf("no checksum")
	}
	payload := line[9:]
	if crc32.ChecksumIEEE(payload) != uint32(want) {
		return nil, fmt.Errorf("checksum mismatch")
	}
	var r Record
	up := model.UpperRFC3339Times(payload, &r) // its times with a lower-case t and z too
	dec := json.NewDecoder(bytes.NewReader(up))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		model.RFC3339ErrorAsWritten(err, payload, up)
		return nil, fmt.Errorf("cannot be decoded: %v", err)
	}
	if r.Op != OpMeasure && r.Op != OpStep && r.Op != OpRestart {
		return nil, fmt.Errorf("unknown op %q", r.Op)
	}
	return &r, nil
}

// applyOrder is the order in which the server applied records (in the
// log's order): the log's, but for a Step with Before set, which goes
// before the batches logged while it ran, records Before to Seq−1. Those
// must be batches of measurements and in records, else the log was not
// written by this server.
func applyOrder(records []*Record) ([]*Record, error) {
	out := make([]*Record, 0, len(records))
	for _, r := range records {
		if r.Op != OpStep || r.Before == 0 {
			out = append(out, r)
			continue
		}
		i := len(out)
		for i > 0 && out[i-1].Seq >= r.Before {
			i--
			if out[i].Op != OpMeasure {
				return nil, fmt.Errorf("record %d: a step made before record %d, but record %d is a %s, not a batch logged while it ran",
					r.Seq, r.Before, out[i].Seq, out[i].Op)
			}
		}
		if i == len(out) || out[i].Seq != r.Before || r.Before >= r.Seq {
			return nil, fmt.Errorf("record %d: a step made before record %d, which does not come before it", r.Seq, r.Before)
		}
		out = slices.Insert(out, i, r)
	}
	return out, nil
}

// segment is one log file.
type segment struct {
	path  string
	first uint64
}

// segments lists the log files of dir in order.
func segments(dir string) ([]segment, error) {
	names, err := filepath.Glob(filepath.Join(dir, walPrefix+"*"+walSuffix))
	if err != nil {
		return nil, err
	}
	var out []segment
	for _, p := range names {
		num := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), walPrefix), walSuffix)
		first, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: not a log segment name (want %s<20 digits>%s)", ErrState, p, walPrefix, walSuffix)
		}
		out = append(out, segment{path: p, first: first})
	}
	slices.SortFunc(out, func(a, b segment) int { return compareUint(a.first, b.first) })
	return out, nil
}

func compareUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func segmentPath(dir string, first uint64) string {
	return filepath.Join(dir, fmt.Sprintf("%s%020d%s", walPrefix, first, walSuffix))
}

// LogTail is what [ReadLog] found at the end of the log.
type LogTail struct {
	// TornPath and TornOffset locate a last line cut short by a crash
	// (never answered, so dropped); TornBytes is its length. Empty when
	// the log ends cleanly.
	TornPath   string
	TornOffset int64
	TornBytes  int
}

// ReadLog reads the records of the log in dir with Seq > after, in order,
// checking each line's checksum and that the sequence numbers follow one
// another. A damaged line followed by good ones is an error unwrapping to
// ErrState; damaged lines at the very end (a write cut short) are left out
// and reported in the LogTail.
func ReadLog(dir string, after uint64) ([]*Record, LogTail, error) {
	var tail LogTail
	segs, err := segments(dir)
	if err != nil {
		return nil, tail, err
	}
	var out []*Record
	prev := uint64(0) // the last seq seen, any segment
	for i, sg := range segs {
		data, err := os.ReadFile(sg.path)
		if err != nil {
			return nil, tail, err
		}
		last := i == len(segs)-1
		recs, torn, err := parseSegment(sg, data, last)
		if err != nil {
			return nil, tail, err
		}
		if torn >= 0 {
			tail = LogTail{TornPath: sg.path, TornOffset: int64(torn), TornBytes: len(data) - torn}
		}
		for _, r := range recs {
			if prev != 0 && r.Seq != prev+1 {
				return nil, tail, fmt.Errorf("%w: %s: record %d follows %d: records are missing", ErrState, sg.path, r.Seq, prev)
			}
			prev = r.Seq
			if r.Seq > after {
				out = append(out, r)
			}
		}
	}
	if len(out) > 0 && out[0].Seq != after+1 {
		return nil, tail, fmt.Errorf("%w: the log resumes at record %d, the snapshot holds up to %d: records are missing", ErrState, out[0].Seq, after)
	}
	return out, tail, nil
}

// parseSegment reads the lines of one segment. torn is the offset of a
// damaged tail of the last segment (−1: none).
func parseSegment(sg segment, data []byte, last bool) (recs []*Record, torn int, err error) {
	torn = -1
	off := 0
	lineNo := 0
	for off < len(data) {
		lineNo++
		end := bytes.IndexByte(data[off:], '\n')
		var r *Record
		var why error
		if end < 0 {
			why = fmt.Errorf("no newline")
		} else {
			r, why = decodeLine(data[off : off+end])
		}
		if why != nil {
			if last && !anyRecord(data[off:]) {
				return recs, off, nil // a write cut short: never answered
			}
			return nil, -1, fmt.Errorf("%w: %s: line %d (offset %d): %v, and records follow it", ErrState, sg.path, lineNo, off, why)
		}
		if r.Seq < sg.first {
			return nil, -1, fmt.Errorf("%w: %s: line %d: record %d is before the segment's first, %d", ErrState, sg.path, lineNo, r.Seq, sg.first)
		}
		recs = append(recs, r)
		off += end + 1
	}
	return recs, -1, nil
}

// anyRecord says whether a good line follows in data (after its first
// line).
func anyRecord(data []byte) bool {
	i := bytes.IndexByte(data, '\n')
	for i >= 0 && i+1 < len(data) {
		rest := data[i+1:]
		end := bytes.IndexByte(rest, '\n')
		if end < 0 {
			return false
		}
		if _, err := decodeLine(rest[:end]); err == nil {
			return true
		}
		i += 1 + end
	}
	return false
}

// wal appends records to the current segment and makes them durable with
// group commit: a request waits until an fsync covers its record, and
// one fsync covers every record written before it started, so 50 clients
// share a few fsyncs rather than queueing for 50.
//
// Starting a segment (rotate) syncs nothing, so that it can be done under
// the server's intake lock: the segments rotated out and the directory
// holding the new one's name are synced by the next group commit, before
// the records it covers count as durable.
type wal struct {
	dir     string
	observe func(time.Duration) // fsync latency

	mu      sync.Mutex
	cond    *sync.Cond
	f       *os.File
	old     []*os.File // segments rotated out, synced (and closed) by the next sync
	dirty   bool       // a segment was made since the directory was synced
	written uint64     // the last seq written
	synced  uint64     // the last seq known durable
	syncing bool
	err     error         // sticky: the first write or sync failure
	dead    chan struct{} // closed with the first failure
}

// fail sets the sticky error and closes dead; w.mu is held.
func (w *wal) fail(err error) error {
	if w.err == nil {
		w.err = err
		close(w.dead)
	}
	return w.err
}

// openWAL starts a new segment for records from first on.
func openWAL(dir string, first uint64, observe func(time.Duration)) (*wal, error) {
	w := &wal{dir: dir, observe: observe, written: first - 1, synced: first - 1, dead: make(chan struct{})}
	w.cond = sync.NewCond(&w.mu)
	f, err := createSegment(dir, first)
	if err != nil {
		return nil, err
	}
	w.f = f
	return w, nil
}

// createSegment makes segment file first (empty) and syncs the directory,
// so that the file's name survives a crash.
func createSegment(dir string, first uint64) (*os.File, error) {
	f, err := os.OpenFile(segmentPath(dir, first), os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syncDir(dir); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// append writes line (record seq) in one write. The caller orders appends
// (the server's lock). It does not wait for the disk: see waitDurable.
func (w *wal) append(seq uint64, line []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if _, err := w.f.Write(line); err != nil {
		return w.fail(fmt.Errorf("%w: writing the log: %w", ErrStopped, err))
	}
	w.written = seq
	return nil
}

// waitDurable returns once record seq is on disk: the first waiter syncs
// everything written so far while the others wait for it.
func (w *wal) waitDurable(seq uint64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.synced < seq && w.err == nil {
		if w.syncing {
			w.cond.Wait()
			continue
		}
		w.syncing = true
		target, f, old, dirty := w.written, w.f, w.old, w.dirty
		w.old, w.dirty = nil, false
		w.mu.Unlock()
		began := time.Now()
		err := syncAll(w.dir, old, dirty, f)
		w.observe(time.Since(began))
		w.mu.Lock()
		w.syncing = false
		if err != nil {
			w.fail(fmt.Errorf("%w: syncing the log: %w", ErrStopped, err))
		} else if target > w.synced {
			w.synced = target
		}
		w.cond.Broadcast()
	}
	return w.err
}

// syncAll makes what was written durable: the segments rotated out
// (closed after), the directory when a segment was made, then f.
func syncAll(dir string, old []*os.File, dirty bool, f *os.File) error {
	var errs []error
	for _, o := range old {
		errs = append(errs, o.Sync(), o.Close())
	}
	if dirty {
		errs = append(errs, syncDir(dir))
	}
	errs = append(errs, f.Sync())
	return errors.Join(errs...)
}

// rotate starts a new segment for records from first on; the caller holds
// the server's intake lock (no append runs). It syncs nothing (see wal):
// the segment's file is made, its name and the old segment's tail are
// synced with the next records.
func (w *wal) rotate(first uint64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	f, err := os.OpenFile(segmentPath(w.dir, first), os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_TRUNC, 0o600)
	if err != nil {
		return w.fail(fmt.Errorf("%w: starting a log segment: %w", ErrStopped, err))
	}
	w.old = append(w.old, w.f)
	w.f, w.dirty = f, true
	return nil
}

// stop fails the log with err (the server refuses every change from
// then on), unless it failed already.
func (w *wal) stop(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fail(err)
	w.cond.Broadcast()
}

// failed is the sticky error (nil while the log works).
func (w *wal) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// close syncs and closes the segments.
func (w *wal) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.syncing {
		w.cond.Wait()
	}
	err := syncAll(w.dir, w.old, w.dirty, w.f)
	w.old = nil
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.fail(fmt.Errorf("%w: closed", ErrStopped))
	w.cond.Broadcast()
	return err
}

// removeBefore deletes the segments whose records all precede seq first
// (every segment that starts before the current one, first being the
// current one's start).
func removeBefore(dir string, first uint64) error {
	segs, err := segments(dir)
	if err != nil {
		return err
	}
	for _, sg := range segs {
		if sg.first < first {
			if err := os.Remove(sg.path); err != nil {
				return err
			}
		}
	}
	return syncDir(dir)
}
