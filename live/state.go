package live

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/atomicfile"
	"github.com/zeropark/zeropark/model"
)

// The state file: a magic line, the format version (uint32, big endian),
// the SHA-256 of the payload and the payload, gob. Gob rather than JSON:
// the history is hundreds of thousands of floats (a year of 15-minute
// values of a dozen series), which gob writes exactly in 9 bytes or fewer
// each and JSON in 20 or so; missing values are NaN, which JSON cannot
// hold; and the file is the Controller's own, read back by the same code,
// not an exchange format (the Decision and Metrics are JSON for that).
// The checksum turns a truncated or damaged file into a clear error
// rather than a gob message, and the version a file of another build.
//
// Version 2 added the totals since the first start (stateFile.Since).
// Gob would let a version-1 build read a version-2 file and drop them
// without a word, so the version changed: an older build refuses the
// file. This build reads version 1 too, its totals starting from the
// settled intervals the file holds (SinceStart.SinceFirstStart false).
//
// Version 3 writes the state's maps as slices sorted by name
// (stateFile.ProvidedSorted and after), so that the same state gives the
// same bytes. A version-2 build would read such a file without its
// forecasters' state and repair counts, without a word, so the version
// changed; this build reads versions 1 and 2, whose maps it takes as
// they are.
//
// The money since the first start (sinceTotals.Money and after) came
// later within version 2, without a version change: a build before it
// drops those fields and saves without them, and a file without them
// (Money false) loads with the money rebuilt from the settled intervals
// it holds (SinceStart.MoneyFrom says from when), never taken for 0.
const (
	stateMagic      = "zeropark controller state\n"
	stateVersion    = 3
	oldStateVersion = 1 // read, never written
	v2StateVersion  = 2 // read, never written
)

// stateFile is what a state file holds. Times are Unix nanoseconds: the
// Controller's clock (its Start's location) comes from the Config at Load.
type stateFile struct {
	// What the state was made for, checked at Load.
	ParkSHA256 [sha256.Size]byte
	// ParkParts digest each part of the park (parkPartsOf), to say which
	// changed when ParkSHA256 differs; nil in a file written before them
	// (gob leaves a field the file lacks as it is).
	ParkParts    []parkPart
	StartNS      int64
	Step         time.Duration
	HorizonSteps int
	Objective    dispatch.Objective
	Choices      []string
	Custom       bool // Config.ForecastSet was set
	HistorySteps int
	EndNS        int64 // 0: none
	// Clock is set when ClockOffsetS is the UTC offset of the
	// Controller's clock at StartNS (false in a file written before it):
	// Load refuses a Start whose offset differs (QA E, session 39: a
	// state saved on UTC+01:00, loaded with Start in UTC, read its
	// time-of-use hours an hour off, silently).
	Clock        bool
	ClockOffsetS int

	Base, N  int
	Vals     [][]float64
	Flags    [][]byte
	Provided map[string][]float64

	AxisStart, AxisLen int
	Started            bool
	Next, Closed       int
	SoC                []socReading
	Rolling            dispatch.RollingState
	PendingStartNS     int64
	Forecasters        map[string][]byte // by series, for the stateful ones
	Ledger             *dispatch.Schedule
	LedgerBase         int
	Counts             counts
	Last               *Decision // with its Plan
	// Since are the totals since the first start (version 2 on).
	Since sinceTotals

	// Version 3 writes the maps above (Provided, Forecasters,
	// Counts.Repaired) as these slices sorted by name and leaves the maps
	// empty: gob writes a map in Go's random order, so two saves of one
	// state would differ byte-wise. readState turns them back into the
	// maps; a file of version 1 or 2 holds the maps themselves.
	ProvidedSorted    []namedSeries
	ForecastersSorted []namedBytes
	RepairedSorted    []namedCount

	// version is the file's format version (set by readState, not
	// encoded).
	version uint32
}

// namedSeries, namedBytes and namedCount are a map's entries in a state
// file (stateFile.ProvidedSorted and after).
type (
	namedSeries struct {
		Name   string
		Values []float64
	}
	namedBytes struct {
		Name  string
		Bytes []byte
	}
	namedCount struct {
		Name  string
		Count int
	}
)

// sorted is s as encodeState writes it: its maps as slices sorted by
// name, the maps nil. s is not changed (a State may be encoded twice);
// the copy shares the values.
func (s *stateFile) sorted() *stateFile {
	out := *s
	out.ProvidedSorted, out.ForecastersSorted, out.RepairedSorted = nil, nil, nil
	for _, name := range slices.Sorted(maps.Keys(s.Provided)) {
		out.ProvidedSorted = append(out.ProvidedSorted, namedSeries{name, s.Provided[name]})
	}
	for _, name := range slices.Sorted(maps.Keys(s.Forecasters)) {
		out.ForecastersSorted = append(out.ForecastersSorted, namedBytes{name, s.Forecasters[name]})
	}
	for _, name := range slices.Sorted(maps.Keys(s.Counts.Repaired)) {
		out.RepairedSorted = append(out.RepairedSorted, namedCount{name, s.Counts.Repaired[name]})
	}
	out.Provided, out.Forecasters, out.Counts.Repaired = nil, nil, nil
	return &out
}

// unsort puts the sorted slices of a version-3 file back into the maps
// (a file of version 1 or 2 has the maps and no slices). A name twice is
// an error: the file was not written by encodeState.
func (s *stateFile) unsort() error {
	if s.version < 3 {
		return nil
	}
	if len(s.Provided) > 0 || len(s.Forecasters) > 0 || len(s.Counts.Repaired) > 0 {
		return fmt.Errorf("a version-%d file with maps", s.version)
	}
	var err error
	if s.Provided, err = toMap(s.ProvidedSorted, "provided forecast", func(e namedSeries) (string, []float64) { return e.Name, e.Values }); err != nil {
		return err
	}
	if s.Forecasters, err = toMap(s.ForecastersSorted, "forecaster state", func(e namedBytes) (string, []byte) { return e.Name, e.Bytes }); err != nil {
		return err
	}
	s.Counts.Repaired, err = toMap(s.RepairedSorted, "repair count", func(e namedCount) (string, int) { return e.Name, e.Count })
	s.ProvidedSorted, s.ForecastersSorted, s.RepairedSorted = nil, nil, nil
	return err
}

// toMap is the map of entries es, whose names are what (an error names a
// name given twice).
func toMap[E any, V any](es []E, what string, kv func(E) (string, V)) (map[string]V, error) {
	out := make(map[string]V, len(es))
	for _, e := range es {
		k, v := kv(e)
		if _, twice := out[k]; twice {
			return nil, fmt.Errorf("%s %s twice", what, model.Quote(k))
		}
		out[k] = v
	}
	return out, nil
}

// Save writes the Controller's state to path atomically (a reader or a
// crash sees the old file or the new one, never a part): the history kept,
// the forecasters' state, the pending plan, the battery states, the
// settled intervals, the totals since the first start, the counters and
// the last decision. [Load] resumes
// from it. The state is copied under the lock ([Controller.State]); it is
// encoded and the file written after, while Steps and Measures go on.
func (c *Controller) Save(path string) error {
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes())
}

// Encode writes the state file's bytes to w (Save writes them to a file):
// [Controller.State], then [State.Encode]. It holds the lock only to copy.
func (c *Controller) Encode(w io.Writer) error {
	s, err := c.State()
	if err != nil {
		return err
	}
	return s.Encode(w)
}

// State is a copy of a Controller's state at one instant, which
// [Controller.State] takes under the lock and [State.Encode] encodes
// without it: a Step or Measure made meanwhile changes the Controller,
// not the State. It shares nothing the Controller changes.
type State struct{ s *stateFile }

// State copies the Controller's state (a year of 15-minute history, some
// 3 MB, is copied in a millisecond or two, where encoding it with the
// settled intervals takes tens): what [Controller.Encode] would write now.
func (c *Controller) State() (*State, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, err := c.snapshot()
	if err != nil {
		return nil, err
	}
	s.detach()
	return &State{s: s}, nil
}

// Encode writes s as a state file's bytes to w ([Load] reads them); the
// Controller it came from may Step meanwhile.
func (s *State) Encode(w io.Writer) error { return encodeState(w, s.s) }

// encodingState is a test hook, called as State.Encode begins (the
// Controller's lock is free then).
var encodingState func()

// encodeState writes the framing and the gob of s to w.
func encodeState(w io.Writer, s *stateFile) error {
	if encodingState != nil {
		encodingState()
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(s.sorted()); err != nil {
		return fmt.Errorf("live: encoding the state: %w", err)
	}
	return writeFramed(w, payload.Bytes())
}

// writeFramed writes the state file's magic line, version and checksum,
// then payload (a stateFile's gob), to w.
func writeFramed(w io.Writer, payload []byte) error {
	sum := sha256.Sum256(payload)
	var head bytes.Buffer
	head.WriteString(stateMagic)
	_ = binary.Write(&head, binary.BigEndian, uint32(stateVersion))
	head.Write(sum[:])
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

// snapshot is the state as it is; c.mu is held. Its history, battery
// states and counters are the Controller's own slices and maps, which the
// next Measure or Step changes in place: detach copies them. The settled
// intervals are frozen (frozenLedger: shared rows the ledger never writes
// again), the last Decision shared (a Step replaces it, never changes
// it), the rolling state and the forecasters' bytes copies already.
func (c *Controller) snapshot() (*stateFile, error) {
	s := &stateFile{ParkSHA256: c.parkSum, ParkParts: c.parkParts, StartNS: c.cfg.Start.UnixNano(), Step: c.cfg.Step, HorizonSteps: c.steps,
		Objective: c.cfg.Dispatch.EffectiveObjective(), Choices: c.choiceStrings(), Custom: c.cfg.ForecastSet != nil,
		HistorySteps: c.cfg.historySteps(), Clock: true, ClockOffsetS: offsetOf(c.cfg.Start),
		Base: c.hist.base, N: c.hist.n, Vals: c.hist.vals, Flags: c.hist.flag, Provided: c.hist.provided,
		AxisStart: c.axisStart, AxisLen: c.axisLen, Started: c.started, Next: c.next, Closed: c.closed, SoC: c.soc,
		Rolling: c.r.Snapshot(), Ledger: c.frozenLedger(), LedgerBase: c.ledgerBase, Counts: c.counts, Last: c.last,
		Since: c.since, Forecasters: map[string][]byte{}}
	if !c.cfg.End.IsZero() {
		s.EndNS = c.cfg.End.UnixNano()
	}
	if at := s.Rolling.PendingStart; !at.IsZero() {
		s.PendingStartNS = at.UnixNano()
	}
	for name, f := range c.forecasterSlots() {
		m, ok := f.(encoding.BinaryMarshaler)
		if !ok {
			continue // keeps no state (the forecast package's stateless methods)
		}
		b, err := m.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("live: saving the forecaster of %s: %w", name, err)
		}
		s.Forecasters[name] = b
	}
	return s, nil
}

// detach replaces what s shares with the Controller by copies. The
// history's rows go in one block per kind (values, flags), not one per
// series: two allocations for the bulk of the state. Gob writes a nil
// and an empty slice alike, so the copies encode as the originals.
func (s *stateFile) detach() {
	rows := 0
	for _, v := range s.Vals {
		rows += len(v)
	}
	vals, flags := make([]float64, 0, rows), make([]byte, 0, rows)
	s.Vals, s.Flags = slices.Clone(s.Vals), slices.Clone(s.Flags)
	for i, v := range s.Vals {
		vals = append(vals, v...)
		s.Vals[i] = vals[len(vals)-len(v) : len(vals) : len(vals)]
	}
	for i, f := range s.Flags {
		flags = append(flags, f...)
		s.Flags[i] = flags[len(flags)-len(f) : len(flags) : len(flags)]
	}
	provided := make(map[string][]float64, len(s.Provided))
	for col, v := range s.Provided {
		provided[col] = slices.Clone(v)
	}
	s.Provided = provided
	s.SoC = slices.Clone(s.SoC)
	s.Since.Peaks = slices.Clone(s.Since.Peaks)
	s.Counts = s.Counts.clone()
}

// clone is a copy of cs sharing nothing with it.
func (cs counts) clone() counts {
	out := cs
	out.Measured, out.Duplicates, out.Late, out.Fills = slices.Clone(cs.Measured), slices.Clone(cs.Duplicates), slices.Clone(cs.Late),
		slices.Clone(cs.Fills)
	out.SoCMeasured, out.SoCDuplicates = slices.Clone(cs.SoCMeasured), slices.Clone(cs.SoCDuplicates)
	out.SoCLate, out.SoCApplied, out.SoCDriftKWh = slices.Clone(cs.SoCLate), slices.Clone(cs.SoCApplied), slices.Clone(cs.SoCDriftKWh)
	out.SoCJumps = slices.Clone(cs.SoCJumps)
	out.Repaired = maps.Clone(cs.Repaired)
	return out
}

// forecasterSlots are the forecasters by series name.
func (c *Controller) forecasterSlots() map[string]model.Forecaster {
	out := map[string]model.Forecaster{}
	if c.fs == nil {
		return out
	}
	for i, f := range c.fs.Load {
		if f != nil {
			out[c.cat[i].name] = f
		}
	}
	for i, f := range c.fs.PV {
		if f != nil {
			out[c.cat[len(c.park.Loads)+i].name] = f
		}
	}
	for j, f := range c.fs.Wind {
		if f != nil {
			out[c.cat[len(c.park.Loads)+len(c.park.PV)+j].name] = f
		}
	}
	if c.fs.Carbon != nil {
		out[c.cat[c.sig+sigCarbon].name] = c.fs.Carbon
	}
	for i, f := range c.fs.Heat {
		if f != nil {
			out[c.cat[c.heat+i].name] = f
		}
	}
	return out
}

func (c *Controller) choiceStrings() []string {
	var out []string
	for _, ch := range c.cfg.Forecasts {
		out = append(out, ch.String())
	}
	return out
}

// parkPart is the digest of one part of a park as its JSON (parkPartsOf):
// Key names it — a top-level key of the park file ("grid", "market",
// "economics"), or an asset of one of its lists, the list's key and the
// asset's name ("batteries \"Main\"").
type parkPart struct {
	Key string
	Sum [sha256.Size]byte
}

// parkPartsOf digests each part of a park's JSON, in order of Key: each
// top-level key's value, except a list of named objects (the assets),
// whose objects are digested one by one under the list's key and the
// name, with the list's names in order as one more part (so that a
// reordered list counts as changed, as it does for parkSHA256), from b,
// the park's JSON. nil when b is not an object.
func parkPartsOf(b []byte) []parkPart {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil
	}
	var parts []parkPart
	for _, k := range slices.Sorted(maps.Keys(top)) {
		raw := top[k]
		var list []map[string]json.RawMessage
		named := json.Unmarshal(raw, &list) == nil && len(list) > 0
		var names []string
		for _, o := range list {
			var name string
			if !named || json.Unmarshal(o["name"], &name) != nil || name == "" || slices.Contains(names, name) {
				named = false
				break
			}
			names = append(names, name)
		}
		if !named {
			parts = append(parts, parkPart{Key: k, Sum: sha256.Sum256(raw)})
			continue
		}
		order, _ := json.Marshal(names)
		parts = append(parts, parkPart{Key: k + " (order)", Sum: sha256.Sum256(order)})
		for i, o := range list {
			ob, _ := json.Marshal(o)
			parts = append(parts, parkPart{Key: k + " " + strconv.Quote(names[i]), Sum: sha256.Sum256(ob)})
		}
	}
	slices.SortFunc(parts, func(a, b parkPart) int { return strings.Compare(a.Key, b.Key) })
	return parts
}

// changedParkParts says which parts differ between saved and now (each a
// parkPart list, in order of Key): "grid changed, batteries \"Main\"
// added, …", at most eight named then how many more; "" when saved is
// nil (a state written before the parts were saved) or nothing differs. A
// list's order is named only where none of its assets came or went.
func changedParkParts(saved, now []parkPart) string {
	if saved == nil {
		return ""
	}
	was := map[string][sha256.Size]byte{}
	for _, p := range saved {
		was[p.Key] = p.Sum
	}
	is := map[string][sha256.Size]byte{}
	for _, p := range now {
		is[p.Key] = p.Sum
	}
	var out, reordered []string
	resized := map[string]bool{} // lists with an asset added or removed
	for _, k := range slices.Sorted(maps.Keys(is)) {
		sum, ok := was[k]
		switch {
		case !ok:
			out = append(out, k+" added")
			resized[strings.SplitN(k, " ", 2)[0]] = true
		case sum != is[k] && strings.HasSuffix(k, " (order)"):
			reordered = append(reordered, strings.TrimSuffix(k, " (order)"))
		case sum != is[k]:
			out = append(out, k+" changed")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(was)) {
		if _, ok := is[k]; !ok {
			out = append(out, k+" removed")
			resized[strings.SplitN(k, " ", 2)[0]] = true
		}
	}
	for _, list := range reordered { // said only where no asset came or went
		if !resized[list] {
			out = append(out, list+" reordered")
		}
	}
	const most = 8
	if len(out) > most {
		out = append(out[:most], fmt.Sprintf("%d more", len(out)-most))
	}
	return strings.Join(out, ", ")
}

// unreadParkKeys are the park file's top-level keys a Controller does not
// read: its name and description, and what only the ledger (through
// Config.Dispatch.Ledger: dispatch.LedgerConfig.ForPark) or the capacity
// plan reads. A state saved before one of them changed resumes (EMS QA,
// 2026-12-05: offsets bought and written into market, or a description
// edited, refused the state, whose only way on was a new state directory
// that loses the history and the totals since the first start).
var unreadParkKeys = []string{"name", "description", "market", "stage_thresholds", "stage_thresholds_by_year", "economics"}

// onlyUnreadParts says whether the parts that differ between saved and
// now are all of unreadParkKeys (false when saved is nil: a state written
// before the parts were saved says nothing of what changed).
func onlyUnreadParts(saved, now []parkPart) bool {
	if saved == nil {
		return false
	}
	was := map[string][sha256.Size]byte{}
	for _, p := range saved {
		was[p.Key] = p.Sum
	}
	unread := func(key string) bool { return slices.Contains(unreadParkKeys, strings.SplitN(key, " ", 2)[0]) }
	for _, p := range now {
		if sum, ok := was[p.Key]; (!ok || sum != p.Sum) && !unread(p.Key) {
			return false
		}
		delete(was, p.Key)
	}
	for k := range was { // removed since
		if !unread(k) {
			return false
		}
	}
	return true
}

// parkSHA256 digests the park as its JSON: whitespace and key order of a
// file do not count, any value does.
func parkSHA256(p *model.Park) [sha256.Size]byte {
	sum, _ := parkDigests(p)
	return sum
}

// parkDigests are parkSHA256(p) and parkPartsOf's parts, from one
// marshalling of p. New computes them once (c.parkSum, c.parkParts): the
// park is the Controller's for its life, and marshalling it on every
// snapshot would be work under the lock. Zero and nil when p cannot be
// marshalled.
func parkDigests(p *model.Park) ([sha256.Size]byte, []parkPart) {
	b, err := json.Marshal(p)
	if err != nil {
		return [sha256.Size]byte{}, nil
	}
	return sha256.Sum256(b), parkPartsOf(b)
}

// Load makes a Controller for park p and cfg and resumes it from the
// state file at path ([Controller.Save]). A file that is not a
// Controller's state, damaged or truncated, of another format version, or
// saved for another park, step, start, clock (cfg.Start's UTC offset at
// the start; the state keeps no zone, so give Start in the one it was
// saved with), horizon, objective, forecaster choices, history or End is
// an error unwrapping to ErrState that says
// which. A park whose file changed only in keys the Controller does not
// read — its name, description, market, stage thresholds (by year too) or
// economics —
// is the same park: the state loads (the ledger takes the new ones from
// cfg.Dispatch.Ledger).
func Load(path string, p *model.Park, cfg Config) (*Controller, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := Decode(f, p, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Decode is [Load] from a reader.
func Decode(r io.Reader, p *model.Park, cfg Config) (*Controller, error) {
	s, err := readState(r)
	if err != nil {
		return nil, err
	}
	c, err := New(p, cfg)
	if err != nil {
		return nil, err
	}
	if err := c.restore(s); err != nil {
		c.r.Close()
		return nil, err
	}
	c.publish()
	return c, nil
}

// readState reads and checks a state file's framing and decodes it.
func readState(r io.Reader) (*stateFile, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrState, fmt.Sprintf(format, args...))
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	head := len(stateMagic) + 4 + sha256.Size
	if len(data) < len(stateMagic) || string(data[:len(stateMagic)]) != stateMagic {
		return nil, bad("not a zeropark controller state (it does not start with %q)", stateMagic[:len(stateMagic)-1])
	}
	if len(data) < head {
		return nil, bad("truncated: %d bytes, the header alone is %d", len(data), head)
	}
	v := binary.BigEndian.Uint32(data[len(stateMagic):])
	if v != stateVersion && v != v2StateVersion && v != oldStateVersion {
		return nil, bad("format version %d; this build reads versions %d to %d", v, oldStateVersion, stateVersion)
	}
	payload := data[head:]
	if sum := sha256.Sum256(payload); !bytes.Equal(sum[:], data[len(stateMagic)+4:head]) {
		return nil, bad("damaged or truncated: the checksum of its %d bytes does not match", len(payload))
	}
	var s stateFile
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&s); err != nil {
		return nil, bad("cannot be decoded: %v", err)
	}
	s.version = v
	if err := s.unsort(); err != nil {
		return nil, bad("%v", err)
	}
	return &s, nil
}

// offsetOf is the UTC offset of t's clock at t, seconds.
func offsetOf(t time.Time) int { _, off := t.Zone(); return off }

// restore puts s into a fresh Controller, after checking that s was saved
// for the same park and configuration.
func (c *Controller) restore(s *stateFile) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrState, fmt.Sprintf(format, args...))
	}
	endNS := int64(0)
	if !c.cfg.End.IsZero() {
		endNS = c.cfg.End.UnixNano()
	}
	switch {
	case s.ParkSHA256 != c.parkSum && !onlyUnreadParts(s.ParkParts, c.parkParts):
		if what := changedParkParts(s.ParkParts, c.parkParts); what != "" {
			return bad("saved for another park: the park file changed since the state was saved (%s); a new park needs a new state "+
				"directory, or put the park file back", what)
		}
		return bad("saved for another park (or the park file changed)")
	case s.Step != c.cfg.Step:
		return bad("saved at step %v, the Controller's is %v", s.Step, c.cfg.Step)
	case s.StartNS != c.cfg.Start.UnixNano():
		return bad("saved with start %s, the Controller's is %s", time.Unix(0, s.StartNS).In(c.cfg.Start.Location()).Format(time.RFC3339),
			c.cfg.Start.Format(time.RFC3339))
	case s.Clock && s.ClockOffsetS != offsetOf(c.cfg.Start):
		saved := time.Unix(0, s.StartNS).In(time.FixedZone("", s.ClockOffsetS))
		return bad("saved on a clock at UTC%s at its start, the Controller's Start %s is on %q: its time-of-use hours, months and "+
			"forecasters' calendar would move; give Start in the clock the state was saved with (%s)",
			saved.Format("-07:00"), c.cfg.Start.Format(time.RFC3339), c.cfg.Start.Location().String(), saved.Format(time.RFC3339))
	case s.HorizonSteps != c.steps:
		return bad("saved with a horizon of %d steps, the Controller's is %d", s.HorizonSteps, c.steps)
	case s.Objective != c.cfg.Dispatch.EffectiveObjective():
		return bad("saved under the %s objective, the Controller's is %s", s.Objective, c.cfg.Dispatch.EffectiveObjective())
	case !slices.Equal(s.Choices, c.choiceStrings()) || s.Custom != (c.cfg.ForecastSet != nil):
		return bad("saved with forecaster choices %q, the Controller's are %q", s.Choices, c.choiceStrings())
	case s.HistorySteps != c.cfg.historySteps():
		return bad("saved keeping %d steps of history, the Controller keeps %d", s.HistorySteps, c.cfg.historySteps())
	case s.EndNS != endNS:
		return bad("saved with another End")
	}
	if err := s.checkShape(c); err != nil {
		return bad("%v", err)
	}
	c.hist.base, c.hist.n, c.hist.vals, c.hist.flag = s.Base, s.N, s.Vals, s.Flags
	for col := range c.hist.provided {
		c.hist.provided[col] = s.Provided[col]
	}
	c.view()
	c.started, c.next, c.closed, c.soc = s.Started, s.Next, s.Closed, s.SoC
	c.counts, c.ledger, c.ledgerBase, c.last = s.Counts, s.Ledger, s.LedgerBase, s.Last
	c.since = s.Since
	switch {
	case s.version == oldStateVersion:
		c.since = fromLedger(s.Ledger, s.LedgerBase, c.rates) // it kept no totals: they start from what it holds
	case !c.since.Money:
		// Saved before the money was kept: it starts from what it holds.
		c.since.moneyFromLedger(s.Ledger, s.LedgerBase, c.rates)
	}
	if !c.since.WearDemand {
		// Saved before the wear and demand charge were kept (or version
		// 1): they start from what it holds.
		c.since.wearDemandFromLedger(s.Ledger, s.LedgerBase, c.park, c.cfg.Start.Location())
	}
	if c.counts.Repaired == nil {
		c.counts.Repaired = map[string]int{}
	}
	if len(c.counts.SoCJumps) != len(c.counts.SoCApplied) {
		c.counts.SoCJumps = make([]int, len(c.counts.SoCApplied)) // saved before they were counted
	}
	loc := c.cfg.Start.Location()
	if c.ledger != nil {
		c.ledger.Start = c.ledger.Start.In(loc)
	}
	if c.last != nil {
		c.last.Heat.emptyLists() // gob decodes an empty list as nil; the JSON says []
		c.last.Start, c.last.End = c.last.Start.In(loc), c.last.End.In(loc)
		if c.last.Plan != nil {
			c.last.Plan.Start = c.last.Plan.Start.In(loc)
		}
	}
	if c.axisStart != s.AxisStart || c.axisLen != s.AxisLen {
		fs, err := c.forecasters(s.AxisStart, s.AxisLen)
		if err != nil {
			return err
		}
		if err := c.r.SetForecasts(fs); err != nil {
			return err
		}
		c.fs, c.axisStart, c.axisLen = fs, s.AxisStart, s.AxisLen
	}
	for name, f := range c.forecasterSlots() {
		b, ok := s.Forecasters[name]
		if !ok {
			continue
		}
		u, ok := f.(encoding.BinaryUnmarshaler)
		if !ok {
			return bad("the forecaster of %s saved a state and this one cannot restore it", name)
		}
		if err := u.UnmarshalBinary(b); err != nil {
			return bad("the forecaster of %s: %v", name, err)
		}
	}
	rs := s.Rolling
	rs.PendingStart = time.Time{}
	if s.PendingStartNS != 0 {
		rs.PendingStart = time.Unix(0, s.PendingStartNS).In(loc)
		if rs.Pending != nil {
			rs.Pending.Start = rs.Pending.Start.In(loc)
		}
	}
	if err := c.r.Restore(rs); err != nil {
		return bad("%v", err)
	}
	return nil
}

// checkShape checks that the history and counters fit the Controller's
// park (a state decoded from a file is not trusted to).
func (s *stateFile) checkShape(c *Controller) error {
	ns, nb := len(c.cat), c.stores()
	if len(s.Vals) != ns || len(s.Flags) != ns {
		return fmt.Errorf("%d series in the history, the park has %d", len(s.Vals), ns)
	}
	if s.Base < 0 || s.N < 0 || s.Closed < s.Base || s.Next < 0 || s.Closed > s.Base+s.N {
		return fmt.Errorf("history window %d+%d (closed to %d) is not consistent", s.Base, s.N, s.Closed)
	}
	for i := range s.Vals {
		if len(s.Vals[i]) != s.N || len(s.Flags[i]) != s.N {
			return fmt.Errorf("series %s has %d values, the history %d", c.cat[i].name, len(s.Vals[i]), s.N)
		}
	}
	for col := range c.hist.provided {
		if v := s.Provided[col]; len(v) != s.N {
			return fmt.Errorf("provided forecast %s has %d values, the history %d", model.Quote(col), len(v), s.N)
		}
	}
	cs := s.Counts
	if len(s.SoC) != nb || len(cs.SoCMeasured) != nb || len(cs.SoCDuplicates) != nb || len(cs.SoCLate) != nb || len(cs.SoCApplied) != nb ||
		len(cs.SoCDriftKWh) != nb {
		return fmt.Errorf("battery and thermal-store counters do not match the park's %d batteries and thermal stores", nb)
	}
	if len(cs.Measured) != ns || len(cs.Duplicates) != ns || len(cs.Late) != ns || len(cs.Fills) != ns {
		return fmt.Errorf("series counters do not match the park's %d series", ns)
	}
	if s.Ledger != nil {
		if err := s.Ledger.Validate(c.park); err != nil {
			return fmt.Errorf("settled intervals: %w", err)
		}
	}
	if s.AxisLen <= 0 {
		return fmt.Errorf("forecast axis of %d intervals", s.AxisLen)
	}
	if s.version != oldStateVersion {
		n := 0
		if s.Ledger != nil {
			n = s.Ledger.Len
		}
		if err := s.Since.check(s.LedgerBase, n, c.cfg.Step); err != nil {
			return err
		}
	}
	return nil
}
