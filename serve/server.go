package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zeropark/zeropark/internal/atomicfile"
	"github.com/zeropark/zeropark/internal/filelock"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// Server serves one park's [live.Controller] over HTTP ([Server.Handler])
// and keeps it durable in its state directory: a snapshot of the
// Controller and a log of every change since (see [Record]). A change is
// logged and fsynced before it is answered, so a change answered 2xx
// survives a crash; [Open] loads the snapshot and replays the log.
//
// A batch of measurements does not wait for a Step: while a Step (or the
// encoding of a snapshot) holds the Controller, a batch is checked
// without it (live.Controller.CheckAcross), logged and queued, and merged
// as soon as the Step ends, in the order logged; the Step's record says
// which records it came before ([Record.Before]).
type Server struct {
	cfg   Config
	park  *model.Park
	c     *live.Controller
	lock  *filelock.Lock
	token []byte
	m     *metrics

	// in orders the changes: a record is appended to the log, and its
	// change made on the Controller or queued, under it, so that the
	// log replays in the order the Controller took them. It is never
	// held across a Step: a Step holds the Controller (held) instead.
	in            sync.Mutex
	seq           uint64
	log           *wal
	held          *hold    // a Step or a snapshot holds the Controller (nil: free)
	queue         []queued // batches logged while it was held, merged when it is let go
	stepsSinceSnp int
	closed        bool

	// stepMu lets one Step, or one snapshot's encoding, hold the
	// Controller at a time.
	stepMu sync.Mutex

	snapMu sync.Mutex     // one snapshot at a time
	snapWG sync.WaitGroup // snapshots running in the background
	start  time.Time      // the Controller's start (the saved one after a load)

	plan      atomic.Pointer[encoded] // GET /plan, built once per Step
	stepCount atomic.Int64            // successful Steps since Open, for the ledger cache
	lastStep  atomic.Int64            // wall clock of the last successful Step, Unix ns
	// planned is the wall clock of the Step whose plan is served, Unix
	// ns, this process's or one before a restart (the log's and the
	// snapshot's record of it); 0 when not known (a state written before
	// it was kept).
	planned atomic.Int64
	lastErr atomic.Pointer[string] // the last Step's error ("" after a success)
	opened  time.Time
	// healthSaid is the /healthz status last logged (nil: none yet, as
	// "ok"): a probe logs only a change, not every 503 it gets.
	healthSaid atomic.Pointer[string]

	ledgerMu    sync.Mutex
	ledgerCache *ledgerSnapshot
}

// encoded is a response body built once and served many times.
type encoded struct {
	body []byte
	etag string
}

// Open opens the state directory of cfg for park p: it loads the snapshot
// and replays the log when there is one (the saved state wins over
// cfg.Live.Start and cfg.Seed), else makes a Controller, measures the
// Seed and writes the first snapshot. The directory is locked while the
// Server is open. Errors about the directory's content unwrap to ErrState
// (and live.ErrState); configuration errors to ErrConfig.
func Open(p *model.Park, cfg Config) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if err := os.MkdirAll(cfg.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("serve: state directory: %w", err)
	}
	lock, err := filelock.TryLock(filelock.Path(filepath.Join(cfg.StateDir, snapshotFile)))
	if err != nil {
		return nil, fmt.Errorf("serve: state directory %s: %w", cfg.StateDir, err)
	}
	// Under the lock, what a write killed midway left: the temporary
	// files of the snapshot's and the token's atomic writes (QA,
	// December 2026: each crash during a snapshot left 1.6 MB behind).
	for _, f := range []string{snapshotFile, tokenFile} {
		if _, err := atomicfile.RemoveStale(filepath.Join(cfg.StateDir, f)); err != nil {
			lock.Unlock()
			return nil, fmt.Errorf("serve: state directory %s: %w", cfg.StateDir, err)
		}
	}
	s := &Server{cfg: cfg, park: p, lock: lock, m: newMetrics(), opened: cfg.Now()}
	if err := s.open(); err != nil {
		if s.c != nil {
			s.c.Close()
		}
		lock.Unlock()
		return nil, err
	}
	s.m.register(s)
	return s, nil
}

// open does Open's work once the directory is locked.
func (s *Server) open() error {
	tok, err := s.loadToken()
	if err != nil {
		return err
	}
	s.token = []byte(tok)
	c, h, start, err := readSnapshot(s.cfg.StateDir, s.park, s.cfg.Live)
	loaded := false
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if segs, _ := segments(s.cfg.StateDir); len(segs) > 0 {
			return fmt.Errorf("%w: %s holds a log but no snapshot: it was not made by this server, or the snapshot was removed", ErrState, s.cfg.StateDir)
		}
		if c, err = s.create(); err != nil {
			return err
		}
		start = s.cfg.Live.Start
	case err != nil:
		return err
	default:
		loaded = true
		s.seq = h.Seq
		if !h.LastStepWall.IsZero() {
			s.planned.Store(h.LastStepWall.UnixNano())
		}
		// The next interval, or none before the first step (EMS QA,
		// 2026-12-04: "start=0001-01-01" for a snapshot taken before it).
		if next := c.Next(); next.IsZero() {
			s.cfg.Logger.Info("loaded the snapshot", "dir", s.cfg.StateDir, "seq", h.Seq, "next", "none yet: no step before the snapshot")
		} else {
			s.cfg.Logger.Info("loaded the snapshot", "dir", s.cfg.StateDir, "seq", h.Seq, "next", next)
		}
		if n := len(s.cfg.Seed); n > 0 {
			// The state's history wins; a series given again seeds nothing
			// (QA, 2026-12-04: --series and --limit-hours on a restart were
			// ignored in silence).
			s.cfg.Logger.Warn("the state's history is kept: the seed given (a series, its last intervals) is not measured again; "+
				"start from an empty --state to seed it", "seed_intervals_ignored", n)
		}
	}
	s.c, s.start = c, start
	replayed, err := s.replay(h.Seq)
	if err != nil {
		return err
	}
	if s.log, err = openWAL(s.cfg.StateDir, s.seq+1, s.m.observeFsync); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if loaded {
		s.in.Lock()
		seq, err := s.commit(&Record{Op: OpRestart, From: h.Seq})
		s.in.Unlock()
		if err == nil {
			err = s.log.waitDurable(seq)
		}
		if err != nil {
			return err
		}
	}
	if d := c.Last(); d != nil {
		// The restored plan is served, but no step ran: last_step stays
		// null until this process steps (QA, 2026-12-04: /healthz gave the
		// restart's time as the last step's), the stall counted from the
		// start as before. Its planned_at is the step's, kept in the log
		// and the snapshot (EMS QA, 2026-12-05: the restart's time was
		// served); the restart's for a state written before that.
		at := s.cfg.Now()
		if ns := s.planned.Load(); ns != 0 {
			at = time.Unix(0, ns)
		}
		s.publish(d, at)
	}
	if replayed > 0 && s.cfg.SnapshotEvery > 0 {
		s.snapMu.Lock()
		defer s.snapMu.Unlock()
		if err := s.snapshot(); err != nil {
			return err
		}
	}
	return nil
}

// loadToken is cfg.Token, else the token saved in the state directory,
// else a new one saved there (0600).
func (s *Server) loadToken() (string, error) {
	if s.cfg.Token != "" {
		return s.cfg.Token, nil
	}
	path := filepath.Join(s.cfg.StateDir, tokenFile)
	data, err := os.ReadFile(path)
	if err == nil {
		tok := strings.TrimSpace(string(data))
		if why := tokenProblem(tok); why != "" {
			return "", fmt.Errorf("%w: %s: %s", ErrState, path, why)
		}
		return tok, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	tok := hex.EncodeToString(b[:])
	if err := atomicfile.WriteFile(path, []byte(tok+"\n")); err != nil {
		return "", fmt.Errorf("serve: saving the token: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return "", err
	}
	s.cfg.Logger.Info("made a bearer token", "file", path)
	return tok, nil
}

// TokenFile is where a server keeps the token it made (Config.Token
// empty).
func TokenFile(stateDir string) string { return filepath.Join(stateDir, tokenFile) }

// create makes a new Controller, measures the seed and writes the first
// snapshot.
func (s *Server) create() (*live.Controller, error) {
	c, err := live.New(s.park, s.cfg.Live)
	if err != nil {
		return nil, err
	}
	const chunk = 1000
	for i := 0; i < len(s.cfg.Seed); i += chunk {
		if _, err := c.Measure(s.cfg.Seed[i:min(i+chunk, len(s.cfg.Seed))]...); err != nil {
			c.Close()
			return nil, fmt.Errorf("serve: the seed history: %w", err)
		}
	}
	st, err := c.State()
	if err == nil {
		err = s.writeSnapshot(st, 0, s.cfg.Live.Start)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	s.cfg.Logger.Info("made a new state", "dir", s.cfg.StateDir, "start", s.cfg.Live.Start, "seed_intervals", len(s.cfg.Seed))
	return c, nil
}

// replay applies the log's records after seq to the Controller, cutting
// off a torn last line first.
func (s *Server) replay(after uint64) (int, error) {
	recs, tail, err := ReadLog(s.cfg.StateDir, after)
	if err != nil {
		return 0, err
	}
	if tail.TornPath != "" {
		s.cfg.Logger.Warn("dropped a log line cut short by a crash (it was never answered)", "file", tail.TornPath,
			"offset", tail.TornOffset, "bytes", tail.TornBytes)
		if err := truncateFile(tail.TornPath, tail.TornOffset); err != nil {
			return 0, fmt.Errorf("serve: %w", err)
		}
	}
	ordered, err := applyOrder(recs)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrState, err)
	}
	for _, r := range ordered {
		if err := apply(s.c, r); err != nil {
			return 0, fmt.Errorf("%w: replaying record %d: %w", ErrState, r.Seq, err)
		}
		if r.Op == OpStep && !r.Failed && !r.Wall.IsZero() {
			s.planned.Store(r.Wall.UnixNano())
		}
		s.seq = max(s.seq, r.Seq)
	}
	if len(recs) > 0 {
		if next := s.c.Next(); next.IsZero() {
			s.cfg.Logger.Info("replayed the log", "records", len(recs), "seq", s.seq)
		} else {
			s.cfg.Logger.Info("replayed the log", "records", len(recs), "seq", s.seq, "next", next)
		}
	}
	return len(recs), nil
}

// apply replays one record on c: what was accepted is accepted again, a
// Step that succeeded succeeds again (a failed one is called and its error
// ignored: it may have settled intervals before failing).
func apply(c *live.Controller, r *Record) error {
	switch r.Op {
	case OpMeasure:
		_, err := c.Measure(r.Measurements...)
		return err
	case OpStep:
		_, err := c.Step(r.At)
		if r.Failed {
			return nil
		}
		return err
	case OpRestart:
		return nil
	}
	return fmt.Errorf("unknown op %q", r.Op)
}

// Replay is a fresh Controller for park p and lc (its Start the state's),
// with the seed measured and records (the whole log, from record 1)
// applied in the order the server applied them ([Record.Before]: a Step
// before the batches logged while it ran), restarting (Encode, Decode: the
// solver starts cold) where the server restarted (OpRestart): what the
// server's Controller is after those changes. Tests compare it with a
// restarted server.
func Replay(p *model.Park, lc live.Config, seed []live.Measurement, records []*Record) (*live.Controller, error) {
	ordered, err := applyOrder(records)
	if err != nil {
		return nil, err
	}
	restartAt := map[uint64]bool{}
	for _, r := range records {
		if r.Op == OpRestart {
			restartAt[r.From] = true
		}
	}
	c, err := live.New(p, lc)
	if err != nil {
		return nil, err
	}
	if len(seed) > 0 {
		if _, err := c.Measure(seed...); err != nil {
			c.Close()
			return nil, err
		}
	}
	restart := func() error {
		var buf bytes.Buffer
		if err := c.Encode(&buf); err != nil {
			return err
		}
		c.Close()
		c, err = live.Decode(&buf, p, lc)
		return err
	}
	if restartAt[0] {
		if err := restart(); err != nil {
			return nil, err
		}
	}
	// A restart follows record From once every record up to it is
	// applied (a snapshot is never taken while a Step runs, so that is a
	// point of the order).
	applied, last := 0, uint64(0)
	for _, r := range ordered {
		if err := apply(c, r); err != nil {
			c.Close()
			return nil, fmt.Errorf("record %d: %w", r.Seq, err)
		}
		applied, last = applied+1, max(last, r.Seq)
		if restartAt[last] && uint64(applied) == last-records[0].Seq+1 {
			if err := restart(); err != nil {
				return nil, err
			}
			delete(restartAt, last)
		}
	}
	return c, nil
}

// removeSegments deletes the log segments a snapshot holds (a test keeps
// them, to replay the whole log).
var removeSegments = removeBefore

func truncateFile(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		return err
	}
	return f.Sync()
}

// writeSnapshot encodes st (a Controller's state starting at start) and
// writes it as the snapshot holding changes up to seq.
func (s *Server) writeSnapshot(st *live.State, seq uint64, start time.Time) error {
	var buf bytes.Buffer
	if err := st.Encode(&buf); err != nil {
		return err
	}
	var planned time.Time
	if ns := s.planned.Load(); ns != 0 {
		planned = time.Unix(0, ns)
	}
	if err := writeSnapshot(s.cfg.StateDir, seq, start, buf.Bytes(), s.cfg.Now(), planned); err != nil {
		return fmt.Errorf("serve: writing the snapshot: %w", err)
	}
	return nil
}

// snapshot saves the Controller and trims the log: it starts a new log
// segment under s.in, then copies the Controller's state
// (live.Controller.State, a millisecond or so for a year of history)
// holding it, as a Step does, so that batches arriving meanwhile are
// logged and queued rather than applied (the copy holds the changes up to
// seq, no more). It lets the Controller go before it encodes the copy
// (tens of ms for a year), writes the file and deletes the segments it
// holds: Steps and batches go on meanwhile. s.snapMu is held.
func (s *Server) snapshot() error {
	s.stepMu.Lock()
	s.in.Lock()
	seq := s.seq
	if err := s.log.rotate(seq + 1); err != nil {
		s.in.Unlock()
		s.stepMu.Unlock()
		return err
	}
	h := s.holdFor(false, time.Time{})
	s.stepsSinceSnp = 0
	s.in.Unlock()
	if copyingSnapshot != nil {
		copyingSnapshot()
	}
	state, err := s.c.State()
	s.in.Lock()
	s.letGo(h)
	s.in.Unlock()
	s.stepMu.Unlock()
	if err != nil {
		return err
	}
	if copiedSnapshot != nil {
		copiedSnapshot()
	}
	if err := s.writeSnapshot(state, seq, s.startOf()); err != nil {
		return err
	}
	if err := removeSegments(s.cfg.StateDir, seq+1); err != nil {
		return fmt.Errorf("serve: trimming the log: %w", err)
	}
	s.m.snapshots.Inc()
	return nil
}

// startOf is the Controller's start (the saved one after a load).
func (s *Server) startOf() time.Time { return s.start }

// clockInterval is the interval the clock is in at now (less the delay).
func (s *Server) clockInterval(now time.Time) time.Time {
	start, step := s.startOf(), s.cfg.Live.Step
	d := now.Add(-s.cfg.StepDelay).Sub(start)
	if d < 0 {
		return start
	}
	return start.Add(d - d%step)
}

// notStarted says why the clock mode refuses to step at, an interval its
// clock has not reached (MaxClockSkew allowed), or "": stepping it would
// settle the running interval before it ends, on stand-ins for the
// readings still to come, which then reach the history only (EMS QA,
// 2026-12-05). The clock mode refuses meter readings of such an interval
// for the same reason. The measured mode steps where its readings say.
func (s *Server) notStarted(at time.Time) string {
	if s.cfg.Mode != Clock {
		return ""
	}
	now := s.cfg.Now()
	start, step := s.startOf(), s.cfg.Live.Step
	d := now.Add(MaxClockSkew).Sub(start)
	if d < 0 || !at.After(start.Add(d-d%step)) {
		return ""
	}
	return fmt.Sprintf("an interval the server's clock (%s) has not reached: the clock mode plans each interval as it starts, "+
		"and stepping a later one would settle the running interval before it ends", now.In(at.Location()).Format(time.RFC3339))
}

// Run steps the Controller on the clock until ctx ends (the clock mode;
// in the measured mode it only waits for ctx). A Step that fails is
// logged and tried again at the next tick; /healthz reports it.
func (s *Server) Run(ctx context.Context) error {
	if s.cfg.Mode != Clock {
		select {
		case <-ctx.Done():
			return nil
		case <-s.log.dead:
			return s.log.failed()
		}
	}
	for {
		now := s.cfg.Now()
		at := s.clockInterval(now)
		if next := s.c.Next(); !now.Before(at.Add(s.cfg.StepDelay)) && (next.IsZero() || !at.Before(next)) {
			if _, err := s.Step(at); err != nil && errors.Is(err, ErrStopped) {
				return err
			}
		}
		// Wake at the next interval, or in a second at the latest: the
		// wall clock may jump (and a test's clock runs fast).
		wake := at.Add(s.cfg.Live.Step + s.cfg.StepDelay)
		t := time.NewTimer(min(max(wake.Sub(s.cfg.Now()), time.Millisecond), time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-s.log.dead:
			t.Stop()
			return s.log.failed()
		case <-t.C:
		}
	}
}

// Close takes a last snapshot (so the next Open replays nothing), closes
// the log and the Controller and unlocks the directory.
func (s *Server) Close() error {
	s.snapWG.Wait()
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	var errs []error
	if s.log.failed() == nil {
		errs = append(errs, s.snapshot())
	}
	s.in.Lock()
	s.closed = true
	s.in.Unlock()
	errs = append(errs, s.log.close(), s.c.Close(), s.lock.Unlock())
	return errors.Join(errs...)
}

// Controller is the server's Controller, for reading (its methods are
// safe for concurrent use; a batch queued behind a Step in progress is
// merged when the Step ends); changes must go through the Server, which
// logs them.
func (s *Server) Controller() *live.Controller { return s.c }
