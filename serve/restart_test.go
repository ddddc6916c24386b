package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
)

// crash abandons s as a kill would: no last snapshot, the log closed
// as it is, the lock dropped.
func crash(s *Server) {
	s.snapWG.Wait()
	s.in.Lock()
	s.closed = true
	s.in.Unlock()
	s.log.mu.Lock()
	for _, f := range append(s.log.old, s.log.f) {
		f.Close()
	}
	s.log.mu.Unlock()
	s.c.Close()
	s.lock.Unlock()
}

// feed posts meter readings of intervals [from, to), each stepping to the
// next (measured mode).
func feed(t *testing.T, s *Server, from, to int) {
	t.Helper()
	for k := from; k < to; k++ {
		res, err := s.Measure([]live.Measurement{meter(k)})
		require.NoError(t, err)
		require.Empty(t, res.StepError)
	}
}

// requireSameLedger compares two reports to the solver's tolerance (a
// restarted Controller's first LP solves cold).
func requireSameLedger(t *testing.T, want, got dispatch.Report) {
	t.Helper()
	require.Equal(t, want.Steps, got.Steps)
	require.True(t, want.Start.Equal(got.Start) && want.End.Equal(got.End))
	assert.InDelta(t, want.ResidualKgCO2e, got.ResidualKgCO2e, 1e-6)
	assert.InDelta(t, want.Energy.Import, got.Energy.Import, 1e-6)
	assert.InDelta(t, want.Energy.Load, got.Energy.Load, 1e-9)
	assert.InDelta(t, want.UnservedKWh, got.UnservedKWh, 1e-6)
	assert.Equal(t, want.Stage, got.Stage)
}

// A crash at any point loses nothing: the server reopened from its last
// snapshot and the log after it has the ledger of a replay of every
// change through a fresh Controller (restarting where the server did),
// bit for bit, and every settled interval has the measured values.
func TestCrashAndReopen(t *testing.T) {
	removeSegments = func(string, uint64) error { return nil } // keep the whole log to replay it
	defer func() { removeSegments = removeBefore }()
	const n = 23 // snapshots every 5 steps: the crashes fall between two
	dir := t.TempDir()
	cfg := testConfig(dir)
	s, err := Open(smallPark(), cfg)
	require.NoError(t, err)
	feed(t, s, 0, 12)
	crash(s)
	s, err = Open(smallPark(), cfg)
	require.NoError(t, err, "reopened after the first crash")
	feed(t, s, 12, n)
	crash(s)

	s, err = Open(smallPark(), cfg)
	require.NoError(t, err)
	defer s.Close()
	got := settledLedger(t, s.Controller())
	assert.Equal(t, n-1, got.Steps, "intervals 1…n−1 settled")
	recs, _, err := ReadLog(dir, 0)
	require.NoError(t, err)
	restarts := 0
	for _, r := range recs {
		if r.Op == OpRestart {
			restarts++
		}
	}
	assert.Equal(t, 2, restarts, "one per reopening after a crash")
	c, err := Replay(smallPark(), cfg.Live, cfg.Seed, recs)
	require.NoError(t, err)
	defer c.Close()
	want := settledLedger(t, c)
	assert.Equal(t, want, got)
	// The totals since the first start came through the crashes, the
	// snapshots and the log: the replay's, and the ledger's (no trim yet).
	gotSince, err := s.Controller().SinceStart()
	require.NoError(t, err)
	wantSince, err := c.SinceStart()
	require.NoError(t, err)
	assert.Equal(t, wantSince, gotSince)
	assert.Equal(t, got.Steps, gotSince.SettledIntervals)
	assert.InDelta(t, got.ResidualKgCO2e, gotSince.ResidualKgCO2e, 1e-9*max(1, got.ResidualKgCO2e))

	settled, err := s.Controller().Settled()
	require.NoError(t, err)
	for i := range settled.Len {
		m := meter(i + 1)
		assert.Equal(t, m.LoadKW["office"]+m.LoadKW["shop"], settled.LoadKW[i], "interval %d as measured", i+1)
		assert.Equal(t, m.PVAvailableKW["roof"], settled.PVAvailKW[0][i])
	}
}

// With snapshots off the log keeps every change: replaying it through a
// fresh Controller gives the server's ledger, and every record the server
// answered is in it.
func TestLogIsTheHistory(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	cfg.SnapshotEvery = -1
	s, err := Open(smallPark(), cfg)
	require.NoError(t, err)
	var seqs []uint64
	for k := range 15 {
		res, err := s.Measure([]live.Measurement{meter(k)})
		require.NoError(t, err)
		seqs = append(seqs, res.Seq)
	}
	want := settledLedger(t, s.Controller())
	crash(s)
	recs, tail, err := ReadLog(dir, 0)
	require.NoError(t, err)
	assert.Empty(t, tail.TornPath)
	bySeq := map[uint64]*Record{}
	for _, r := range recs {
		bySeq[r.Seq] = r
	}
	for k, seq := range seqs {
		r := bySeq[seq]
		require.NotNil(t, r, "batch %d (seq %d) answered, so logged", k, seq)
		require.Equal(t, OpMeasure, r.Op)
		assert.Equal(t, meter(k).LoadKW, r.Measurements[0].LoadKW)
		assert.True(t, meter(k).Start.Equal(r.Measurements[0].Start))
	}
	c, err := Replay(smallPark(), cfg.Live, cfg.Seed, recs)
	require.NoError(t, err)
	defer c.Close()
	got := settledLedger(t, c)
	requireSameLedger(t, want, got)
	assert.Equal(t, want.ResidualKgCO2e, got.ResidualKgCO2e, "no restart in between: bit for bit")
}

// A last line cut short (a crash mid-write: never answered) is dropped at
// the next Open; a damaged line with records after it is refused.
func TestTornAndDamagedLog(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	cfg.SnapshotEvery = -1
	s, err := Open(smallPark(), cfg)
	require.NoError(t, err)
	feed(t, s, 0, 4)
	crash(s)
	segs, err := segments(dir)
	require.NoError(t, err)
	last := segs[len(segs)-1].path
	data, err := os.ReadFile(last)
	require.NoError(t, err)
	line, err := encodeLine(&Record{Seq: 9, Op: OpMeasure, Measurements: []live.Measurement{meter(4)}})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(last, append(data, line[:len(line)/2]...), 0o600))

	s, err = Open(smallPark(), cfg)
	require.NoError(t, err, "a torn tail is dropped")
	assert.True(t, s.Controller().Next().Equal(at(5)), "meters of 0…3 planned 1…4")
	after, err := os.ReadFile(last)
	require.NoError(t, err)
	assert.Equal(t, data, after, "cut back to the last whole record")
	feed(t, s, 4, 6)
	crash(s)

	damaged := append([]byte(nil), data...)
	damaged[20] ^= 0x01 // inside the first record
	require.NoError(t, os.WriteFile(last, damaged, 0o600))
	_, err = Open(smallPark(), cfg)
	require.ErrorIs(t, err, ErrState)
	assert.ErrorContains(t, err, "checksum mismatch, and records follow it")

	require.NoError(t, os.WriteFile(last, data, 0o600))
	require.NoError(t, os.Remove(filepath.Join(dir, snapshotFile)))
	_, err = Open(smallPark(), cfg)
	require.ErrorIs(t, err, ErrState)
	assert.ErrorContains(t, err, "holds a log but no snapshot")
}

// A state saved for another park, step or horizon is refused, naming why.
func TestOpenRefusesAnotherConfig(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(smallPark(), testConfig(dir))
	require.NoError(t, err)
	require.NoError(t, s.Close())
	other := testConfig(dir)
	other.Live.Dispatch.Horizon *= 2
	_, err = Open(smallPark(), other)
	require.ErrorIs(t, err, ErrState)
	require.ErrorIs(t, err, live.ErrState)
	assert.ErrorContains(t, err, "horizon")

	// Two servers on one directory: the second is refused.
	s, err = Open(smallPark(), testConfig(dir))
	require.NoError(t, err)
	defer s.Close()
	_, err = Open(smallPark(), testConfig(dir))
	assert.ErrorContains(t, err, "holds the lock")
}

// Close takes a last snapshot: the next Open replays nothing and the
// old segments are gone.
func TestCloseSnapshots(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	s, hs := openTest(t, cfg)
	feed(t, s, 0, 7)
	code, _ := call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	require.Equal(t, http.StatusOK, code)
	hs.Close()
	require.NoError(t, s.Close())
	recs, _, err := ReadLog(dir, 0)
	require.NoError(t, err)
	assert.Empty(t, recs)
	s, err = Open(smallPark(), cfg)
	require.NoError(t, err)
	defer s.Close()
	assert.True(t, s.Controller().Next().Equal(at(8)))
}

// After a restart the ledger's entity tag still names its body: a client
// holding the tag of the ledger before it is never told 304 for another
// one (QA, 2026-12-04: the tag counted this process's Steps, "ledger/3"
// before and after). And the temporary files a crash left beside the
// snapshot and the token are removed when the server opens.
func TestRestartKeepsTagsAndClearsLeftovers(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	etag := func(hs string) string {
		t.Helper()
		res, err := http.Get(hs + "/ledger")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		return res.Header.Get("ETag")
	}
	s, hs := openTest(t, cfg)
	feed(t, s, 0, 4)
	before := etag(hs.URL)
	require.NotEmpty(t, before)
	assert.Equal(t, before, etag(hs.URL), "unchanged: the same tag")
	hs.Close()
	crash(s)
	for _, f := range []string{".snapshot.tmp-123", ".token.tmp-9"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), []byte("torn"), 0o600))
	}

	s, hs = openTest(t, cfg)
	defer s.Close()
	for _, f := range []string{".snapshot.tmp-123", ".token.tmp-9"} {
		assert.NoFileExists(t, filepath.Join(dir, f))
	}
	feed(t, s, 4, 8)
	after := etag(hs.URL)
	assert.NotEqual(t, before, after, "another ledger, another tag")
	req, err := http.NewRequest(http.MethodGet, hs.URL+"/ledger", nil)
	require.NoError(t, err)
	req.Header.Set("If-None-Match", before)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode, "the old tag gets the new ledger, not 304")
}

// A snapshot whose header was changed on disk is refused: its seq says
// where the log resumes, and a changed one skipped records silently (QA,
// 2026-12-04: the header had no checksum; the state has its own).
func TestSnapshotHeaderChecksum(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	s, err := Open(smallPark(), cfg)
	require.NoError(t, err)
	feed(t, s, 0, 6)
	require.NoError(t, s.Close())
	path := filepath.Join(dir, snapshotFile)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	h, _, err := decodeSnapshotHeader(data)
	require.NoError(t, err)
	require.NotEmpty(t, h.Sum)
	old := fmt.Sprintf(`"seq":%d,`, h.Seq)
	require.Contains(t, string(data), old)
	edited := strings.Replace(string(data), old, fmt.Sprintf(`"seq":%d,`, h.Seq+3), 1)
	require.NoError(t, os.WriteFile(path, []byte(edited), 0o600))
	_, err = Open(smallPark(), cfg)
	require.ErrorIs(t, err, ErrState)
	assert.Contains(t, err.Error(), "checksum mismatch")

	// Put back, it opens (the sum covers what was written).
	require.NoError(t, os.WriteFile(path, data, 0o600))
	s, err = Open(smallPark(), cfg)
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// After a restart GET /plan's planned_at is the time the plan's Step ran,
// kept in the log and the snapshot, not the restart's (EMS QA,
// 2026-12-05); after a crash (no last snapshot) too.
func TestRestartKeepsPlannedAt(t *testing.T) {
	for _, stop := range []string{"close", "crash"} {
		t.Run(stop, func(t *testing.T) {
			dir := t.TempDir()
			cfg := testConfig(dir)
			cfg.SnapshotEvery = 3 // one snapshot among the steps, the last step after it
			var clock atomic.Int64
			clock.Store(time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC).UnixNano())
			cfg.Now = func() time.Time { return time.Unix(0, clock.Load()) }
			s, err := Open(smallPark(), cfg)
			require.NoError(t, err)
			for k := range 5 {
				clock.Add(int64(time.Minute))
				feed(t, s, k, k+1)
			}
			planned := func(s *Server) time.Time {
				var v PlanView
				require.NoError(t, json.Unmarshal(s.plan.Load().body, &v))
				return v.PlannedAt
			}
			stepped := planned(s)
			require.True(t, stepped.Equal(time.Date(2024, 3, 4, 9, 5, 0, 0, time.UTC)), "%s", stepped)
			if stop == "close" {
				require.NoError(t, s.Close())
			} else {
				crash(s)
			}
			clock.Add(int64(time.Hour))
			s, err = Open(smallPark(), cfg)
			require.NoError(t, err)
			defer s.Close()
			assert.True(t, planned(s).Equal(stepped), "%s: planned_at %s, the step's %s", stop, planned(s), stepped)
		})
	}
}
