package live

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"reflect"
	"time"

	"github.com/zeropark/zeropark/dispatch"
)

// SetSolveWindow makes c's solve tally keep the last n solve times, so
// that a test sees the window wrap without thousands of Steps.
func SetSolveWindow(c *Controller, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.solves = dispatch.NewSolveTally(n)
}

// SolveTimesHeld is how many solve times c holds.
func SolveTimesHeld(c *Controller) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.solves.Held()
}

// SetEncodingHook makes f run as every State.Encode begins (nil: none).
func SetEncodingHook(f func()) { encodingState = f }

// Locked reports whether c's lock is held (by another goroutine).
func Locked(c *Controller) bool {
	if !c.mu.TryLock() {
		return true
	}
	c.mu.Unlock()
	return false
}

// EncodeHoldingLock is Encode as it was before State: the park digested,
// the snapshot built on the Controller's own slices and gob-encoded, all
// under the lock; the framing written after. The bytes to match, and the
// lock-hold time to beat.
func EncodeHoldingLock(c *Controller, w io.Writer) error {
	var payload bytes.Buffer
	if _, err := encodeLocked(c, &payload); err != nil {
		return err
	}
	return writeFramed(w, payload.Bytes())
}

// encodeLocked is the part of EncodeHoldingLock under the lock: the
// digest, the snapshot and its gob, written to payload; held is how long
// it held the lock.
func encodeLocked(c *Controller, payload *bytes.Buffer) (held time.Duration, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	began := time.Now()
	s, err := c.snapshot()
	if err == nil {
		s.ParkSHA256 = parkSHA256(c.park)
		err = gob.NewEncoder(payload).Encode(s.sorted()) // as encodeState writes it
	}
	return time.Since(began), err
}

// HoldOld and HoldNew are how long saving holds c's lock, before State
// (digest, snapshot and gob encoding) and with it (snapshot and copy).
func HoldOld(c *Controller) (time.Duration, error) {
	var payload bytes.Buffer
	return encodeLocked(c, &payload)
}

func HoldNew(c *Controller) (time.Duration, error) {
	c.mu.Lock()
	began := time.Now()
	s, err := c.snapshot()
	if err == nil {
		s.detach()
	}
	held := time.Since(began)
	c.mu.Unlock()
	return held, err
}

// Inflate grows c's history and settled intervals to rows rows each
// (repeating the values of its last ones, so that they encode as
// measured values do, not as NaN), as a long run would: for measuring
// the cost of saving a year without stepping through one. c must have
// settled an interval; the result is for encoding, not for stepping.
func Inflate(c *Controller, rows int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := &c.hist
	for i := range h.vals {
		for r := len(h.vals[i]); r < rows; r++ {
			h.vals[i] = append(h.vals[i], h.vals[i][r%max(1, h.n)]+float64(r)*1e-3)
			h.flag[i] = append(h.flag[i], measured)
		}
	}
	for col, v := range h.provided {
		for r := len(v); r < rows; r++ {
			v = append(v, float64(r)*1e-3)
		}
		h.provided[col] = v
	}
	h.n = rows
	one := c.ledger.Clone()
	for c.ledger.Len < rows {
		c.addToLedger(c.ledgerBase+c.ledger.Len, one)
	}
}

// SameState says how state files a and b differ (nil: they hold the same
// state). Gob writes a map in Go's random order, so two encodings of one
// state with maps of two keys or more need not be the same bytes; this
// compares the decoded states field by field (NaN equal to NaN, maps by
// key, times by instant).
func SameState(a, b []byte) error {
	sa, err := readState(bytes.NewReader(a))
	if err != nil {
		return err
	}
	sb, err := readState(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sameValue("state", reflect.ValueOf(sa).Elem(), reflect.ValueOf(sb).Elem())
}

func sameValue(path string, a, b reflect.Value) error {
	if a.Type() != b.Type() {
		return fmt.Errorf("%s: %v and %v", path, a.Type(), b.Type())
	}
	if a.CanInterface() {
		if ta, ok := a.Interface().(time.Time); ok {
			if tb := b.Interface().(time.Time); !ta.Equal(tb) {
				return fmt.Errorf("%s: %v and %v", path, ta, tb)
			}
			return nil
		}
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
			return fmt.Errorf("%s: %v and %v", path, x, y)
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Errorf("%s: one is nil", path)
			}
			return nil
		}
		return sameValue(path, a.Elem(), b.Elem())
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: %d and %d elements", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if err := sameValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: %d and %d keys", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			vb := b.MapIndex(k)
			if !vb.IsValid() {
				return fmt.Errorf("%s: key %v in one only", path, k)
			}
			if err := sameValue(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), vb); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if !a.Type().Field(i).IsExported() {
				continue // gob does not write it
			}
			if err := sameValue(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); err != nil {
				return err
			}
		}
	default:
		if a.Interface() != b.Interface() {
			return fmt.Errorf("%s: %v and %v", path, a, b)
		}
	}
	return nil
}

// ForecasterStates is how many forecasters of c save a state.
func ForecasterStates(c *Controller) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, err := c.snapshot()
	if err != nil {
		return -1
	}
	return len(s.Forecasters)
}

// SinceTotals are the totals since the first start a state file holds.
type SinceTotals = sinceTotals

// EncodeAlteredSince writes c's state file with its totals since the
// first start changed by alter (a file not to trust).
func EncodeAlteredSince(c *Controller, w io.Writer, alter func(*SinceTotals)) error {
	s, err := c.State()
	if err != nil {
		return err
	}
	alter(&s.s.Since)
	return s.Encode(w)
}

// EncodeVersion1 writes c's state as a version-1 file: without the totals
// since the first start (gob leaves a zero struct out, as version 1 had
// no field), its maps as maps and with version 1 in its header.
func EncodeVersion1(c *Controller, w io.Writer) error {
	s, err := c.State()
	if err != nil {
		return err
	}
	s.s.Since = sinceTotals{}
	return encodeLegacy(w, s.s, oldStateVersion)
}

// EncodeVersion2 writes c's state as a version-2 file: its maps as maps
// (in gob's random order), without the wear and demand charge since the
// first start (a version-2 build kept none), version 2 in its header.
func EncodeVersion2(c *Controller, w io.Writer) error {
	s, err := c.State()
	if err != nil {
		return err
	}
	st := &s.s.Since
	st.WearDemand, st.WearDemandIntervals, st.WearDemandFromK, st.WearCost, st.Peaks = false, 0, 0, 0, nil
	return encodeLegacy(w, s.s, v2StateVersion)
}

// encodeLegacy writes s as a file of version 1 or 2 did: the maps as
// maps, version in the header.
func encodeLegacy(w io.Writer, s *stateFile, version byte) error {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(s); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeFramed(&buf, payload.Bytes()); err != nil {
		return err
	}
	b := buf.Bytes()
	b[len(stateMagic)], b[len(stateMagic)+1], b[len(stateMagic)+2], b[len(stateMagic)+3] = 0, 0, 0, version
	_, err := w.Write(b)
	return err
}
