package live_test

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// stepThrough steps c through intervals [from, to), measuring each (the
// values vary by interval, so that the history is not constant).
func stepThrough(t *testing.T, c *live.Controller, from, to int) {
	t.Helper()
	for k := from; k < to; k++ {
		_, err := c.Step(at(k))
		require.NoError(t, err, "step %d", k)
		f := float64(k%24) / 24
		_, err = c.Measure(meas(k, 100+40*f, 50+10*f, 150*f*(1-f), 0.3+0.4*f))
		require.NoError(t, err, "measure %d", k)
	}
}

// encode is c's state file.
func encode(t *testing.T, c *live.Controller) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, c.Encode(&buf))
	return buf.Bytes()
}

// Encode (the state copied under the lock, encoded after) writes the
// state Encode wrote when it encoded under the lock: the same bytes where
// gob's map order cannot differ, the same state field by field always,
// for a park with heat and one without; and what it writes decodes to a
// Controller that encodes it again.
func TestEncodeAsUnderTheLock(t *testing.T) {
	for name, park := range map[string]*model.Park{"electricity": smallPark(), "heat": smallHeatPark()} {
		c, err := live.New(park, smallConfig())
		require.NoError(t, err)
		defer c.Close()
		if name == "heat" {
			for k := range 30 {
				_, err := c.Step(at(k))
				require.NoError(t, err)
				_, err = c.Measure(heatMeas(k, 80+float64(k), 5))
				require.NoError(t, err)
			}
		} else {
			stepThrough(t, c, 0, 30)
		}
		var old bytes.Buffer
		require.NoError(t, live.EncodeHoldingLock(c, &old), name)
		now := encode(t, c)
		assert.NoError(t, live.SameState(old.Bytes(), now), name)
		assert.Equal(t, len(old.Bytes()), len(now), name)

		d, err := live.Decode(bytes.NewReader(now), park, smallConfig())
		require.NoError(t, err, name)
		assert.NoError(t, live.SameState(now, encode(t, d)), name+": decode, encode")
		d.Close()

		_, err = c.Step(at(30))
		require.NoError(t, err, name)
		assert.Error(t, live.SameState(now, encode(t, c)), name+": a Step changes the state (the comparison can fail)")
	}
}

// A state encodes to exactly the bytes the locked encoding wrote (its
// maps as slices sorted by name, TestStateEncodingIsDeterministic): the
// loads and PV forecast by persistence, which keeps no state, the carbon
// signal by Holt-Winters (daily), which does.
func TestEncodeSameBytes(t *testing.T) {
	cfg := smallConfig()
	cfg.Forecasts = []forecast.Choice{{Kind: "load", Method: "persistence"}, {Kind: "pv", Method: "persistence"},
		{Kind: "carbon", Method: forecast.MethodHoltWintersD}}
	c, err := live.New(smallPark(), cfg)
	require.NoError(t, err)
	defer c.Close()
	stepThrough(t, c, 0, 30)
	var old bytes.Buffer
	require.NoError(t, live.EncodeHoldingLock(c, &old))
	assert.Equal(t, old.Bytes(), encode(t, c))
	assert.Equal(t, 1, live.ForecasterStates(c), "one forecaster saves a state")
}

// A Step made while an Encode is in progress (held at its start by a
// hook, after the copy) does not wait for it: the Controller's lock is
// free, the Step completes, and the Encode, released after, writes the
// state as it was at the copy — the one before the Step — not the one
// after. The Controller keeps one week of history, and the Step made
// meanwhile is the one that trims it (moving every row in place), then a
// late value rewrites a closed interval: the copy must share none of it.
func TestStepDuringEncode(t *testing.T) {
	cfg := smallConfig()
	cfg.History = 7 * 24 * time.Hour
	c, err := live.New(smallPark(), cfg)
	require.NoError(t, err)
	defer c.Close()
	const trimAt = 841 // the first Step past a week kept and four weeks' chunk
	stepThrough(t, c, 0, trimAt)
	before := encode(t, c)
	historyFrom := c.Metrics().HistoryFrom

	inEncode, release := make(chan struct{}), make(chan struct{})
	live.SetEncodingHook(func() {
		close(inEncode)
		<-release
	})
	defer live.SetEncodingHook(nil)
	var during bytes.Buffer
	encoded := make(chan error, 1)
	go func() { encoded <- c.Encode(&during) }()
	<-inEncode
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	require.False(t, live.Locked(c), "the Encode in progress holds the Controller's lock")
	stepThrough(t, c, trimAt, trimAt+1)
	_, err = c.Measure(meas(trimAt-2, 999, 999, 0, 0.9)) // late: replaces a stand-in
	require.NoError(t, err)
	require.True(t, c.Metrics().HistoryFrom.After(historyFrom), "the Step trimmed the history")
	close(release)
	released = true
	require.NoError(t, <-encoded)
	live.SetEncodingHook(nil)

	assert.NoError(t, live.SameState(before, during.Bytes()), "the state at the copy")
	assert.Error(t, live.SameState(before, encode(t, c)), "the Step and the late value changed the Controller")
	d, err := live.Decode(bytes.NewReader(during.Bytes()), smallPark(), cfg)
	require.NoError(t, err)
	defer d.Close()
	assert.True(t, d.Next().Equal(at(trimAt)), "resumes before the Step made during the encoding")
}

// A State taken and encoded later is the state at State, however many
// Steps and Measures come between.
func TestStateIsACopy(t *testing.T) {
	c := newSmall(t)
	stepThrough(t, c, 0, 30)
	before := encode(t, c)
	st, err := c.State()
	require.NoError(t, err)
	stepThrough(t, c, 30, 40)
	_, err = c.Measure(meas(29, 999, 999, 0, 0.9))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, st.Encode(&buf))
	assert.NoError(t, live.SameState(before, buf.Bytes()))
}

// stepHeatThrough is stepThrough for smallHeatPark.
func stepHeatThrough(t *testing.T, c *live.Controller, from, to int) {
	t.Helper()
	for k := from; k < to; k++ {
		_, err := c.Step(at(k))
		require.NoError(t, err, "step %d", k)
		_, err = c.Measure(heatMeas(k, 80+float64(k%24), 5))
		require.NoError(t, err, "measure %d", k)
	}
}

// The same for a park with heat, through a trim: the heat side's settled
// tables, which the Steps after State append to and the trim cuts, are
// the State's own.
func TestHeatStateIsACopy(t *testing.T) {
	cfg := smallConfig()
	cfg.History = 7 * 24 * time.Hour
	c, err := live.New(smallHeatPark(), cfg)
	require.NoError(t, err)
	defer c.Close()
	const trimAt = 841 // as in TestStepDuringEncode
	stepHeatThrough(t, c, 0, trimAt)
	before := encode(t, c)
	historyFrom := c.Metrics().HistoryFrom
	st, err := c.State()
	require.NoError(t, err)
	stepHeatThrough(t, c, trimAt, trimAt+10)
	require.True(t, c.Metrics().HistoryFrom.After(historyFrom), "the Steps trimmed the history")
	var buf bytes.Buffer
	require.NoError(t, st.Encode(&buf))
	assert.NoError(t, live.SameState(before, buf.Bytes()))
	assert.Error(t, live.SameState(before, encode(t, c)), "the Steps changed the Controller (the comparison can fail)")
}

// Encodes running while the Controller steps (through a trim of its
// history and ledger) each write a consistent state: every one decodes
// (Decode checks that the history's and the ledger's series are as long
// as they say), and under -race none reads what a Step writes.
func TestEncodeWhileStepping(t *testing.T) {
	cfg := smallConfig()
	cfg.History = 7 * 24 * time.Hour
	c, err := live.New(smallPark(), cfg)
	require.NoError(t, err)
	defer c.Close()
	stepThrough(t, c, 0, 830)
	stop := make(chan struct{})
	files := make(chan []byte, 1000)
	done := make(chan error, 1)
	started := make(chan struct{})
	var once sync.Once
	go func() {
		defer close(files)
		defer once.Do(func() { close(started) }) // an Encode error must not leave the test waiting
		for first := true; ; first = false {
			var buf bytes.Buffer
			if err := c.Encode(&buf); err != nil {
				done <- err
				return
			}
			select {
			case files <- buf.Bytes():
			default: // enough kept
			}
			if first {
				// Stepping starts once one file is written: on a loaded
				// machine the goroutine could otherwise first run after
				// the last Step and write nothing (the test failed so).
				once.Do(func() { close(started) })
			}
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
		}
	}()
	<-started
	stepThrough(t, c, 830, 850) // the Step at 841 trims
	close(stop)
	require.NoError(t, <-done)
	n := 0
	for f := range files {
		d, err := live.Decode(bytes.NewReader(f), smallPark(), cfg)
		require.NoError(t, err, "file %d", n)
		d.Close()
		n++
	}
	require.Positive(t, n)
}
