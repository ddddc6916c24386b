package serve

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// duringStep is a forecaster that calls *during (when set) before
// forecasting: code run inside a Step, which holds the Controller's lock.
type duringStep struct {
	f      model.Forecaster
	during *func()
}

func (d duringStep) Forecast(h model.Series, out []float64) error {
	if f := *d.during; f != nil {
		*d.during = nil // once per Step
		f()
	}
	return d.f.Forecast(h, out)
}

// hookedConfig is testConfig in the clock mode (stepped by the test) with
// the default forecasters, the carbon one calling *during inside the next
// Step.
func hookedConfig(dir string, during *func()) Config {
	cfg := testConfig(dir)
	cfg.Mode = Clock
	p := smallPark()
	cfg.Live.ForecastSet = func(axis *model.Profiles) (*model.ForecastSet, error) {
		fs, err := forecast.DefaultSet(p, nil, axis)
		if err != nil {
			return nil, err
		}
		fs.Carbon = duringStep{f: fs.Carbon, during: during}
		return fs, nil
	}
	return cfg
}

// Batches sent while a Step runs are answered without waiting for it
// (here they are sent from inside it: waiting would deadlock), queued,
// merged the moment it ends, and logged after it with the Step's record
// naming the first of them: so the Step settles the interval that ended
// on what it had, the batch re-measuring that interval counts as a
// duplicate after, and a replay of the log — the restarted server — does
// the same. Replayed in the log's plain order the settlement would differ:
// the test can fail.
func TestBatchesQueuedBehindAStep(t *testing.T) {
	removeSegments = func(string, uint64) error { return nil } // keep the whole log to replay it
	defer func() { removeSegments = removeBefore }()
	var during func()
	dir := t.TempDir()
	cfg := hookedConfig(dir, &during)
	s, err := Open(smallPark(), cfg)
	require.NoError(t, err)
	for k := range 3 {
		res, err := s.Measure([]live.Measurement{meter(k)})
		require.NoError(t, err)
		assert.False(t, res.Queued, "nothing holds the Controller")
		require.NotNil(t, res.Duplicates)
		assert.Zero(t, *res.Duplicates)
		if k < 2 {
			_, err = s.Step(at(k + 1))
			require.NoError(t, err)
		}
	}
	resent := meter(2) // interval 2 again, the office higher: settled by the Step at 3
	resent.LoadKW["office"] += 50
	var answers []MeasureResult
	during = func() {
		for _, m := range []live.Measurement{resent, meter(3)} {
			res, err := s.Measure([]live.Measurement{m})
			require.NoError(t, err)
			answers = append(answers, res)
		}
	}
	before := s.Controller().Metrics()
	_, err = s.Step(at(3))
	require.NoError(t, err)
	require.Len(t, answers, 2, "the Step ran the hook")
	for _, res := range answers {
		assert.True(t, res.Queued)
		assert.Nil(t, res.Duplicates, "not known when answered")
		assert.Nil(t, res.Late)
		assert.Equal(t, 4, res.Values)
	}
	after := s.Controller().Metrics()
	assert.Equal(t, before.Series[0].Measured+2, after.Series[0].Measured, "merged when the Step ended")
	assert.Equal(t, before.Series[0].Duplicates+1, after.Series[0].Duplicates, "the interval re-measured")

	recs, _, err := ReadLog(dir, 0)
	require.NoError(t, err)
	last := recs[len(recs)-1]
	require.Equal(t, OpStep, last.Op)
	assert.True(t, last.At.Equal(at(3)))
	assert.Equal(t, answers[0].Seq, last.Before, "the Step names the first batch logged while it ran")
	assert.Equal(t, []uint64{answers[0].Seq, answers[1].Seq}, []uint64{last.Seq - 2, last.Seq - 1})

	_, err = s.Step(at(4)) // settles interval 3
	require.NoError(t, err)
	settled, err := s.Controller().Settled()
	require.NoError(t, err)
	i2 := int(at(2).Sub(settled.Start) / step)
	m2 := meter(2)
	assert.Equal(t, m2.LoadKW["office"]+m2.LoadKW["shop"], settled.LoadKW[i2], "interval 2 settled before the resent batch")
	want := settledLedger(t, s.Controller())
	crash(s)

	s, err = Open(smallPark(), cfg)
	require.NoError(t, err, "reopened after the crash")
	defer s.Close()
	got := settledLedger(t, s.Controller())
	assert.Equal(t, want, got, "the restarted server replayed the Step before the batches")
	recs, _, err = ReadLog(dir, 0)
	require.NoError(t, err)
	c, err := Replay(smallPark(), cfg.Live, cfg.Seed, recs)
	require.NoError(t, err)
	replayed := settledLedger(t, c)
	c.Close()
	assert.Equal(t, want, replayed)

	plain := make([]*Record, len(recs)) // the log's order, Before ignored
	for i, r := range recs {
		rr := *r
		rr.Before = 0
		plain[i] = &rr
	}
	c, err = Replay(smallPark(), cfg.Live, cfg.Seed, plain)
	require.NoError(t, err)
	misordered, err := c.Ledger()
	c.Close()
	require.NoError(t, err)
	assert.NotEqual(t, want.Energy.Load, misordered.Energy.Load, "in the log's plain order the Step would have settled the resent value")
}

// A batch CheckAcross refuses waits for the Step and gets the answer of
// the Controller after it: accepted when the Step made room for it (the
// first Step allows a week and one interval past it; across it, a week),
// refused with the span the Step left, word for word as a batch sent
// after the Step.
func TestBatchRefusedAcrossAStepWaits(t *testing.T) {
	var during func()
	s, err := Open(smallPark(), hookedConfig(t.TempDir(), &during))
	require.NoError(t, err)
	defer s.Close()
	week := int(7 * 24 * time.Hour / step)
	fits := live.Measurement{Start: at(week), LoadKW: map[string]float64{"office": 1}}
	beyond := live.Measurement{Start: at(week + 5), LoadKW: map[string]float64{"office": 1}}
	require.NoError(t, s.Controller().Check(fits, beyond), "before the first Step both may be sent")

	type answer struct {
		res MeasureResult
		err error
	}
	answers := make(chan answer, 2)
	waiting := make(chan struct{}, 2)
	waitingForStep = func() { waiting <- struct{}{} }
	defer func() { waitingForStep = nil }()
	during = func() { // inside the first Step, at 0
		for _, m := range []live.Measurement{fits, beyond} {
			go func() {
				res, err := s.Measure([]live.Measurement{m})
				answers <- answer{res, err}
			}()
			<-waiting // refused across the Step: waits for it
		}
	}
	_, err = s.Step(at(0))
	require.NoError(t, err)
	var accepted, refused []answer
	for range 2 {
		a := <-answers
		if a.err == nil {
			accepted = append(accepted, a)
		} else {
			refused = append(refused, a)
		}
	}
	require.Len(t, accepted, 1)
	require.Len(t, refused, 1)
	assert.False(t, accepted[0].res.Queued, "merged after the Step, as a batch sent then")
	require.NotNil(t, accepted[0].res.Duplicates)
	want := s.Controller().Check(beyond)
	require.Error(t, want)
	assert.Equal(t, want.Error(), refused[0].err.Error())
	assert.Contains(t, refused[0].err.Error(), "too far ahead: the Controller accepts intervals before "+at(week+1).Format(time.RFC3339))
}

// While a snapshot encodes the Controller, batches are logged and queued
// (Check is exact then: nothing moves the span), and bad ones refused at
// once; the queued ones are after the snapshot's record, so a restart
// replays them.
func TestBatchesQueuedBehindASnapshot(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	cfg.Mode = Clock
	s, err := Open(smallPark(), cfg)
	require.NoError(t, err)
	_, err = s.Step(at(0))
	require.NoError(t, err)
	bad := meter(0)
	bad.LoadKW["office"] = -1
	var good MeasureResult
	var refused error
	copyingSnapshot = func() {
		var err error
		good, err = s.Measure([]live.Measurement{meter(0)})
		require.NoError(t, err)
		_, refused = s.Measure([]live.Measurement{bad})
	}
	defer func() { copyingSnapshot = nil }()
	s.snapMu.Lock()
	require.NoError(t, s.snapshot())
	s.snapMu.Unlock()
	copyingSnapshot = nil
	assert.True(t, good.Queued)
	require.Error(t, refused)
	_, direct := s.Controller().Measure(bad)
	assert.Equal(t, direct.Error(), refused.Error(), "the answer Measure gives")
	segs, err := segments(dir)
	require.NoError(t, err)
	require.Len(t, segs, 1, "the segments the snapshot holds are gone")
	recs, _, err := ReadLog(dir, segs[0].first-1)
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, good.Seq, recs[0].Seq, "the queued batch is after the snapshot")
	measured := s.Controller().Metrics().Series[0].Measured
	crash(s)
	s, err = Open(smallPark(), cfg)
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, measured, s.Controller().Metrics().Series[0].Measured, "replayed after the snapshot")
}

// applyOrder puts a Step before the batches logged while it ran, and
// refuses a Before that cannot be this server's.
func TestApplyOrder(t *testing.T) {
	m := func(seq uint64) *Record { return &Record{Seq: seq, Op: OpMeasure} }
	st := func(seq, before uint64) *Record { return &Record{Seq: seq, Op: OpStep, Before: before} }
	seqs := func(rs []*Record) []uint64 {
		var out []uint64
		for _, r := range rs {
			out = append(out, r.Seq)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		recs []*Record
		want []uint64
		err  string
	}{
		{"in place", []*Record{m(1), st(2, 0), m(3)}, []uint64{1, 2, 3}, ""},
		{"before two", []*Record{m(1), m(2), m(3), st(4, 2), m(5)}, []uint64{1, 4, 2, 3, 5}, ""},
		{"two steps", []*Record{m(1), st(2, 1), m(3), m(4), st(5, 4), st(6, 0)}, []uint64{2, 1, 3, 5, 4, 6}, ""},
		{"before a step", []*Record{st(1, 0), m(2), st(3, 1)}, nil, "record 1 is a step"},
		{"before itself", []*Record{m(1), st(2, 2)}, nil, "does not come before it"},
		{"after it", []*Record{m(1), st(2, 5)}, nil, "does not come before it"},
		{"before the log", []*Record{m(5), st(6, 3)}, nil, "does not come before it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := applyOrder(tc.recs)
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, seqs(got))
		})
	}
	dir := t.TempDir()
	s, err := Open(smallPark(), testConfig(dir))
	require.NoError(t, err)
	feed(t, s, 0, 2)
	crash(s)
	segs, err := segments(dir)
	require.NoError(t, err)
	line, err := encodeLine(&Record{Seq: 5, Op: OpStep, At: at(3), Before: 1})
	require.NoError(t, err)
	f, err := os.OpenFile(segs[len(segs)-1].path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.Write(line)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = Open(smallPark(), testConfig(dir))
	require.ErrorIs(t, err, ErrState, "a Step before a record the snapshot holds")
	assert.ErrorContains(t, err, "a step made before record 1")
}

// valuesIn counts a batch's values as live.Controller.Measure does, for
// the answer of a queued batch (a park with heat: every kind of value).
func TestValuesIn(t *testing.T) {
	c, err := live.New(heatPark(), testConfig("").Live)
	require.NoError(t, err)
	defer c.Close()
	rng := rand.New(rand.NewPCG(13, 2))
	for i := range 50 {
		var ms []live.Measurement
		for range 1 + rng.IntN(4) {
			m := heatMeter(rng.IntN(96))
			switch rng.IntN(3) {
			case 0:
				m.HeatLoadKWTh, m.HeatPumpSourceTempC = nil, nil
			case 1:
				m.HeatPumpSourceTempC, m.HeatPumpCOP = nil, map[string]float64{"ashp": 3}
			}
			if rng.IntN(2) == 0 {
				m.HeatSoCKWhTh = map[string]float64{"tank": 100}
			}
			if rng.IntN(2) == 0 {
				m.PVAvailableKW = nil
			}
			if rng.IntN(2) == 0 {
				m.DispatchKgCO2ePerKWh = nil
			}
			if rng.IntN(2) == 0 {
				delete(m.LoadKW, "shop")
			}
			if rng.IntN(2) == 0 {
				m.SoCKWh = map[string]float64{"bat": 200}
			}
			ms = append(ms, m)
		}
		res, err := c.Measure(ms...)
		require.NoError(t, err)
		assert.Equal(t, res.Values, valuesIn(ms), "batch %d", i)
	}
}

// Starting a segment syncs nothing (it runs under the intake lock): the
// next group commit syncs the old segment's tail and the directory before
// the new records count as durable, and closes the old segment; the log
// reads on across both.
func TestRotateSyncsWithTheNextRecords(t *testing.T) {
	dir := t.TempDir()
	var syncs int
	w, err := openWAL(dir, 1, func(time.Duration) { syncs++ })
	require.NoError(t, err)
	line := func(seq uint64) []byte {
		b, err := encodeLine(&Record{Seq: seq, Op: OpStep, At: at(int(seq))})
		require.NoError(t, err)
		return b
	}
	require.NoError(t, w.append(1, line(1)))
	require.NoError(t, w.waitDurable(1))
	require.NoError(t, w.append(2, line(2))) // written, not yet synced
	first := w.f
	require.NoError(t, w.rotate(3))
	assert.Equal(t, uint64(1), w.synced, "rotate synced nothing")
	assert.Equal(t, []*os.File{first}, w.old)
	assert.True(t, w.dirty)
	require.NoError(t, w.append(3, line(3)))
	require.NoError(t, w.waitDurable(3))
	assert.Equal(t, uint64(3), w.synced)
	assert.Empty(t, w.old)
	assert.False(t, w.dirty)
	_, err = first.Write([]byte("x"))
	assert.ErrorIs(t, err, os.ErrClosed, "the old segment was synced and closed")
	assert.Equal(t, 2, syncs, "one group commit each")
	require.NoError(t, w.close())
	recs, _, err := ReadLog(dir, 0)
	require.NoError(t, err)
	require.Len(t, recs, 3)
	segs, err := segments(dir)
	require.NoError(t, err)
	assert.Len(t, segs, 2)
}

// A Step does not wait for a snapshot's encoding: once the snapshot has
// copied the Controller's state it lets the Controller go (the step lock
// is free) and a Step made while it encodes completes; the snapshot holds
// the state at its copy (before that Step), and a restart replays the
// Step from the log after it.
func TestStepDuringSnapshotEncode(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	cfg.SnapshotEvery = 0 // only the snapshot this test takes
	s, err := Open(smallPark(), cfg)
	require.NoError(t, err)
	_, err = s.Step(at(0))
	require.NoError(t, err)
	_, err = s.Measure([]live.Measurement{meter(0)})
	require.NoError(t, err)
	next := s.Controller().Next() // a measured-mode server steps on a batch that ends an interval
	var stepLockFree bool
	var stepErr error
	copiedSnapshot = func() {
		if stepLockFree = s.stepMu.TryLock(); !stepLockFree {
			return // held across the encoding: a Step would wait for it
		}
		s.stepMu.Unlock()
		_, stepErr = s.Step(next)
	}
	defer func() { copiedSnapshot = nil }()
	s.snapMu.Lock()
	require.NoError(t, s.snapshot())
	s.snapMu.Unlock()
	copiedSnapshot = nil
	require.True(t, stepLockFree, "the snapshot lets the Controller go before it encodes")
	require.NoError(t, stepErr)
	after := s.Controller().Next()
	require.True(t, after.After(next), "the Step planned %v", next)

	saved, _, _, err := readSnapshot(dir, smallPark(), cfg.Live)
	require.NoError(t, err)
	assert.True(t, saved.Next().Equal(next), "the snapshot is the state at its copy, before the Step: next %v", saved.Next())
	saved.Close()

	crash(s)
	s, err = Open(smallPark(), cfg)
	require.NoError(t, err)
	defer s.Close()
	assert.True(t, s.Controller().Next().Equal(after), "the Step replays from the log after the snapshot")
}

// The clock mode refuses meter readings of an interval that has not
// started by its clock: a gateway stamping its local wall time (+08:00)
// as UTC sends them hours ahead, and live.Controller.Measure, which takes
// values a week ahead, would have filled and settled the intervals 8 hours
// later with them. Readings of the interval in progress, and signals
// ahead, are taken; the refused batch logs nothing.
func TestClockModeRefusesReadingsAhead(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.Mode = Clock
	now := at(12).Add(30 * time.Second) // 03:00:30+01:00 = 02:00:30Z
	cfg.Now = func() time.Time { return now }
	s, hs := openTest(t, cfg)
	defer s.Close()
	post := func(ms ...live.Measurement) (int, []byte) {
		return call(t, hs.Client(), http.MethodPost, hs.URL+"/measurements", ms, testToken)
	}
	code, body := post(meter(11), meter(12)) // the interval that ended, the one in progress
	require.Equal(t, http.StatusOK, code, "%s", body)
	var first MeasureResult
	require.NoError(t, json.Unmarshal(body, &first))

	wrong := meter(11)
	w := at(11).In(time.FixedZone("CST", 8*3600)) // 09:45 on the gateway's wall clock
	wrong.Start = time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, time.UTC)
	signal := live.Measurement{Start: at(40), DispatchKgCO2ePerKWh: live.Value(0.4)}
	code, body = post(signal, wrong)
	require.Equal(t, http.StatusBadRequest, code, "%s", body)
	var eb ErrorBody
	require.NoError(t, json.Unmarshal(body, &eb))
	require.Len(t, eb.Problems, 1, "%s", body)
	p := eb.Problems[0]
	assert.Equal(t, 1, p.Index)
	assert.Equal(t, "2024-03-04T09:45:00Z", p.Start)
	assert.Equal(t, "start", p.Field)
	// 09:45Z − 02:00:30Z = 7 h 44 min 30 s ahead.
	assert.Contains(t, p.Reason, "meter readings (load_kw, pv_available_kw) of an interval that starts 7h44m30s after the server's clock (2024-03-04T02:00:30Z)")
	assert.Contains(t, p.Reason, "a wrong time zone")

	code, body = post(signal) // alone, the signal ahead is taken: the refused batch logged nothing
	require.Equal(t, http.StatusOK, code, "%s", body)
	var next MeasureResult
	require.NoError(t, json.Unmarshal(body, &next))
	assert.Equal(t, first.Seq+1, next.Seq)
}

// The clock mode refuses POST /step of an interval its clock has not
// reached (409): it would settle the running interval before it ends, on
// stand-ins for readings still to come. The interval in progress, and one
// within MaxClockSkew of starting, are stepped.
func TestClockModeRefusesStepAhead(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.Mode = Clock
	now := at(12).Add(30 * time.Second) // 30 s into interval 12
	cfg.Now = func() time.Time { return now }
	s, hs := openTest(t, cfg)
	defer s.Close()
	step := func(k int) (int, []byte) {
		return call(t, hs.Client(), http.MethodPost, hs.URL+"/step", map[string]string{"at": at(k).Format(time.RFC3339)}, testToken)
	}
	code, body := step(13)
	require.Equal(t, http.StatusConflict, code, "%s", body)
	assert.Contains(t, string(body), "an interval the server's clock (")
	assert.Contains(t, string(body), "has not reached")
	assert.True(t, s.Controller().Next().IsZero(), "nothing stepped")

	code, body = step(12)
	require.Equal(t, http.StatusOK, code, "%s", body)
	now = at(13).Add(-30 * time.Second) // within the skew of interval 13
	code, body = step(13)
	require.Equal(t, http.StatusOK, code, "%s", body)
}
