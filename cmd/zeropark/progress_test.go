package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock starts at a fixed time and moves on by step at every reading.
type fakeClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

// set moves the clock to start + d.
func (c *fakeClock) set(start time.Time, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = start.Add(d)
}

func TestProgressLogLines(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start}
	var buf bytes.Buffer
	p := newProgressLog(&buf, "zeropark run: mpc", "intervals", 5*time.Second, clock.now)

	// Before the first tick: nothing, however often it is called.
	for d := time.Duration(0); d < 5*time.Second; d += time.Second {
		clock.set(start, d)
		p.update(int(d/time.Second)*100, 8760)
	}
	assert.Empty(t, buf.String())

	// At 5.0 s with 3120 of 8760 done: ETA = 5.0 s × (8760 − 3120) / 3120
	// = 9.038 s, printed to a tenth.
	clock.set(start, 5*time.Second)
	p.update(3120, 8760)
	assert.Equal(t, "zeropark run: mpc 3120/8760 intervals (35.6 %), elapsed 5s, ETA 9s\n", buf.String())

	// Less than `every` after that line: nothing more.
	buf.Reset()
	clock.set(start, 9900*time.Millisecond)
	p.update(5000, 8760)
	assert.Empty(t, buf.String())

	// 5 s after the last line: elapsed 10.1 s, 6000 done: ETA 10.1 ×
	// 2760 / 6000 = 4.646 s → 4.6 s.
	clock.set(start, 10100*time.Millisecond)
	p.update(6000, 8760)
	assert.Equal(t, "zeropark run: mpc 6000/8760 intervals (68.5 %), elapsed 10.1s, ETA 4.6s\n", buf.String())

	// The end: one last line, without an ETA.
	buf.Reset()
	clock.set(start, 12*time.Second)
	p.update(8760, 8760)
	p.finish()
	assert.Equal(t, "zeropark run: mpc 8760/8760 intervals (100.0 %), elapsed 12s\n", buf.String())
}

func TestProgressLogQuietRunPrintsNothing(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start, step: time.Millisecond}
	var buf bytes.Buffer
	p := newProgressLog(&buf, "zeropark run: mpc", "intervals", 5*time.Second, clock.now)
	for i := 1; i <= 24; i++ {
		p.update(i, 24)
	}
	p.finish()
	assert.Empty(t, buf.String(), "a run shorter than the first tick prints nothing, not even at the end")
}

func TestProgressLogBeforeAnyProgress(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start}
	var buf bytes.Buffer
	p := newProgressLog(&buf, "zeropark sweep:", "scenarios", time.Second, clock.now)
	clock.set(start, 65*time.Second)
	p.update(0, 45)
	assert.Equal(t, "zeropark sweep: 0/45 scenarios (0.0 %), elapsed 1m5s, ETA unknown\n", buf.String())
}

// The heartbeat prints a line at a tick once `every` has passed since the
// last line, with what was last reported, so that a long step still shows
// the job is alive; nothing before the first report or sooner than
// `every`. Uneven steps (a plan's solves) give no ETA.
func TestProgressLogHeartbeat(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start}
	var buf bytes.Buffer
	p := newProgressLog(&buf, "zeropark plan: planning", "steps", 5*time.Second, clock.now)
	p.uneven = true
	ticks := make(chan time.Time)
	// Each tick waits until the heartbeat has handled it, so the clock
	// never moves under a tick still being handled (on a loaded machine
	// the 21.9 s tick below once read the next tick's 22 s).
	handled := make(chan struct{})
	p.beaten = func() { handled <- struct{}{} }
	stop := p.beat(ticks, 0)
	tick := func(at time.Duration) {
		clock.set(start, at)
		ticks <- time.Time{}
		<-handled
	}
	tick(6 * time.Second) // nothing reported yet
	p.update(0, 7)        // at 6 s: a line is due, printed by update
	p.update(2, 7)        // 6 s still: too soon
	tick(9 * time.Second) // 3 s after that line: too soon
	tick(11 * time.Second)
	tick(17 * time.Second)
	stop()
	stop() // twice is harmless
	assert.Equal(t, "zeropark plan: planning 0/7 steps (0.0 %), elapsed 6s\n"+
		"zeropark plan: planning 2/7 steps (28.6 %), elapsed 11s\n"+
		"zeropark plan: planning 2/7 steps (28.6 %), elapsed 17s\n", buf.String())

	// With slack, a tick a hair early still prints: 4.9 s after the last
	// line, with 0.5 s of slack.
	buf.Reset()
	stop = p.beat(ticks, 500*time.Millisecond)
	tick(21900 * time.Millisecond)
	tick(22 * time.Second) // 0.1 s later: too soon
	stop()
	assert.Equal(t, "zeropark plan: planning 2/7 steps (28.6 %), elapsed 21.9s\n", buf.String())

	// The end, printed by update: finish does not print it again.
	buf.Reset()
	clock.set(start, 30*time.Second)
	p.update(7, 7)
	p.finish()
	assert.Equal(t, "zeropark plan: planning 7/7 steps (100.0 %), elapsed 30s\n", buf.String())
}

// A note says what the job works on now, after the line; the last line
// has none, and "" removes it.
func TestProgressLogNote(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start}
	var buf bytes.Buffer
	p := newProgressLog(&buf, "zeropark plan: planning", "steps", 5*time.Second, clock.now)
	p.uneven = true
	p.setNote("near-zero-carbon and low-carbon")
	clock.set(start, 6*time.Second)
	p.update(1, 4)
	p.setNote("")
	clock.set(start, 12*time.Second)
	p.update(2, 4)
	p.setNote("checking the zero-carbon design in operation")
	clock.set(start, 18*time.Second)
	p.update(4, 4)
	p.finish()
	assert.Equal(t, "zeropark plan: planning 1/4 steps (25.0 %), elapsed 6s; now near-zero-carbon and low-carbon\n"+
		"zeropark plan: planning 2/4 steps (50.0 %), elapsed 12s\n"+
		"zeropark plan: planning 4/4 steps (100.0 %), elapsed 18s\n", buf.String())
}

// The plan's Working reports become one note: every busy instance's
// question, joined; an idle instance drops out.
func TestWorkingNotes(t *testing.T) {
	var got []string
	w := workingNotes(func(s string) { got = append(got, s) })
	w(0, "today's park")
	w(1, "near-zero-carbon's warm start over 12 typical weeks")
	w(0, "")
	w(0, "low-carbon")
	w(1, "")
	w(0, "")
	assert.Equal(t, []string{"today's park", "today's park and near-zero-carbon's warm start over 12 typical weeks",
		"near-zero-carbon's warm start over 12 typical weeks", "low-carbon and near-zero-carbon's warm start over 12 typical weeks",
		"low-carbon", ""}, got)
}

// noTicks is a heartbeat that never ticks: the lines then come from the
// updates and the fake clock alone.
func noTicks(time.Duration) (<-chan time.Time, func()) { return nil, func() {} }

// progressLine matches a plain progress line and captures done, total,
// percentage, elapsed and ETA.
var progressLine = regexp.MustCompile(`^(zeropark [a-z ]+:.*) (\d+)/(\d+) ([a-z0-9 ]+) \(([\d.]+) %\), elapsed ([\dhms.]+)(, ETA ([\dhms.]+))?(; now (.+))?$`)

// checkProgressLines checks the plain progress lines in stderr: the label,
// the unit, done rising to total, percentages that match done/total, and
// at least min lines.
func checkProgressLines(t *testing.T, stderr, label, unit string, total, min int) {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, label+" ") && !strings.Contains(l, ": warning: ") {
			lines = append(lines, l)
		}
	}
	require.GreaterOrEqual(t, len(lines), min, stderr)
	last := -1
	for _, l := range lines {
		m := progressLine.FindStringSubmatch(l)
		require.NotNil(t, m, "%q", l)
		assert.Equal(t, label, m[1])
		done, _ := strconv.Atoi(m[2])
		tot, _ := strconv.Atoi(m[3])
		assert.Equal(t, total, tot, l)
		assert.Equal(t, unit, m[4], l)
		assert.GreaterOrEqual(t, done, last, "done never falls: %q", l)
		last = done
		assert.Equal(t, fmt.Sprintf("%.1f", 100*float64(done)/float64(tot)), m[5], l)
	}
	assert.Equal(t, total, last, "the last line says all is done")
	assert.NotContains(t, stderr, "\r", "plain lines, no bar")
}

// Off a terminal, every long command prints plain progress lines on
// stderr (here with a clock that moves a second at every reading, so lines
// come every few updates) and never on stdout.
func TestProgressLinesOffTerminal(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	dir := t.TempDir()
	for _, c := range []struct {
		args         []string
		label, unit  string
		total, lines int
	}{
		{[]string{"run", "--policy", "mpc-perfect"}, "zeropark run: mpc-perfect", "intervals", 24, 2},
		{[]string{"report"}, "zeropark report: dispatching", "intervals of 5 policies", 5 * 24, 2},
		{[]string{"plot", "week", "--days", "1", "--out", filepath.Join(dir, "w.svg"), "--policy", "mpc-perfect"},
			"zeropark plot week: mpc-perfect", "intervals", 24, 2},
		{[]string{"sweep", "--vary", "pv.capacity_kwp=100:400:100", "--policy", "self", "--workers", "1",
			"--out", filepath.Join(dir, "r.csv")}, "zeropark sweep:", "scenarios", 4, 1},
	} {
		t.Run(c.args[0], func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: time.Second}
			var out, errb bytes.Buffer
			e := &env{stdout: &out, stderr: &errb, progressEvery: 3 * time.Second, now: clock.now, ticker: noTicks}
			code := realMain(e, append(append([]string(nil), c.args...), "--park", park, "--series", series))
			require.Equal(t, exitOK, code, errb.String())
			checkProgressLines(t, errb.String(), c.label, c.unit, c.total, c.lines)
			assert.NotContains(t, out.String(), "elapsed", "progress never goes to stdout")
			if c.args[0] == "report" {
				// Its policies' intervals cost microseconds to
				// milliseconds: an ETA from the first was 2–4 times short.
				assert.NotContains(t, errb.String(), "ETA", "report's intervals are too uneven for an ETA")
			}
		})
	}
	// The plan counts each solve: the roadmap's four (with --staged two
	// staged steps more), the three stages' checks, and a frontier's
	// points, least residual and today's park.
	park, series = writeInputs(t, planPark, testSeries)
	for _, c := range []struct {
		args  []string
		total int
	}{
		{[]string{"plan"}, 4 + 3},
		{[]string{"plan", "--staged"}, 4 + 2 + 3},
		{[]string{"plan", "frontier", "--points", "3"}, 4 + 3 + 3 + 2},
		{[]string{"plan", "--slices", "8"}, 4 + 4 + 3}, // and each design over the full series
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: time.Second}
			var out, errb bytes.Buffer
			e := &env{stdout: &out, stderr: &errb, progressEvery: 2 * time.Second, now: clock.now, ticker: noTicks}
			code := realMain(e, append(append([]string(nil), c.args...), "--park", park, "--series", series))
			require.Equal(t, exitOK, code, errb.String())
			label := "zeropark plan: planning"
			if slices.Contains(c.args, "frontier") {
				label = "zeropark plan frontier: planning" // as its interrupt names it (QA S, session 37)
			}
			checkProgressLines(t, errb.String(), label, "steps", c.total, 3)
			assert.NotContains(t, errb.String(), "ETA", "a plan's solves are too uneven for an ETA")
			// These lines come from the count's updates (no heartbeat),
			// printed as a question ends, when the plan's own notes are
			// cleared (TestProgressLogNote and TestWorkingNotes have
			// them); a phase of the command's own stands through its
			// updates: the designs' evaluation over the full series.
			var notes []string
			for _, l := range strings.Split(errb.String(), "\n") {
				if m := progressLine.FindStringSubmatch(l); m != nil && m[10] != "" {
					notes = append(notes, m[10])
				}
			}
			if slices.Contains(c.args, "--slices") {
				assert.Contains(t, notes, "evaluating the designs over the full series", errb.String())
			} else {
				assert.Empty(t, notes, "no question named after it ended")
			}
		})
	}
}

// With a clock that stands still (a run quicker than the first tick) or
// progress switched off, stderr stays empty.
func TestProgressQuiet(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	stopped := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, e := range []*env{
		{now: func() time.Time { return stopped }, ticker: noTicks},
		{progressEvery: -1, now: (&fakeClock{t: stopped, step: time.Hour}).now},
	} {
		var out, errb bytes.Buffer
		e.stdout, e.stderr = &out, &errb
		code := realMain(e, []string{"run", "--park", park, "--series", series})
		require.Equal(t, exitOK, code, errb.String())
		assert.Empty(t, errb.String())
	}
}

func TestParseProgressEvery(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true}, {"off", -1, true}, {"0", -1, true}, {"0s", -1, true}, {"10s", 10 * time.Second, true}, {"250ms", 250 * time.Millisecond, true},
		{"-5s", 0, false}, {"soon", 0, false}, {"5", 0, false},
	} {
		got, err := parseProgressEvery(c.in)
		if !c.ok {
			assert.Error(t, err, c.in)
			continue
		}
		assert.NoError(t, err, c.in)
		assert.Equal(t, c.want, got, c.in)
	}
}

// With steps running in parallel (a sweep's workers), those running count
// as half done in the ETA: 1 of 9 done at 6.9 s with two running is 2
// done, so 6.9 × 7 / 2 = 24.2 s (QA, 2026-12-04: counting the one
// finished alone said 55 s for a run that ended 22 s later).
func TestProgressLogParallelETA(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start}
	var buf bytes.Buffer
	p := newProgressLog(&buf, "zeropark sweep:", "scenarios", 5*time.Second, clock.now)
	p.parallel = 2
	clock.set(start, 6900*time.Millisecond)
	p.update(1, 9)
	assert.Equal(t, "zeropark sweep: 1/9 scenarios (11.1 %), elapsed 6.9s, ETA 24.2s\n", buf.String())
	// The last step: only one can still be running.
	buf.Reset()
	clock.set(start, 27*time.Second)
	p.update(8, 9)
	assert.Equal(t, "zeropark sweep: 8/9 scenarios (88.9 %), elapsed 27s, ETA 1.6s\n", buf.String())
}

// hookWriter calls hook with each write's text before passing it on.
type hookWriter struct {
	w    io.Writer
	hook func(string)
}

func (h hookWriter) Write(b []byte) (int, error) {
	h.hook(string(b))
	return h.w.Write(b)
}

// A sweep's elapsed time and ETA count from when its scenarios start, not
// from before the file was resumed and every combination's park checked
// (QA N, session 39: 3.8 s of that before the first of 100,000
// scenarios made the first ETA 52 h for a run of about 3). The clock
// jumps an hour as the sweep says what it is about to run: no line may
// count that hour.
func TestSweepProgressFromStart(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: time.Second}
	var out, errb bytes.Buffer
	stdout := hookWriter{w: &out, hook: func(s string) {
		if strings.Contains(s, "to run") {
			clock.mu.Lock()
			clock.t = clock.t.Add(time.Hour)
			clock.mu.Unlock()
		}
	}}
	e := &env{stdout: stdout, stderr: &errb, progressEvery: 2 * time.Second, now: clock.now, ticker: noTicks}
	code := realMain(e, []string{"sweep", "--vary", "pv.capacity_kwp=100:400:100", "--policy", "self", "--workers", "1",
		"--out", filepath.Join(t.TempDir(), "r.csv"), "--park", park, "--series", series})
	require.Equal(t, exitOK, code, errb.String())
	checkProgressLines(t, errb.String(), "zeropark sweep:", "scenarios", 4, 1)
	assert.NotContains(t, errb.String(), "elapsed 1h", "the hour before the scenarios started is not theirs")
}

// A note on even steps (a sweep interrupted, finishing the scenarios it
// runs) takes the ETA out: it was extrapolated over scenarios that will not
// start (QA N6, session 39).
func TestProgressLogNoteDropsTheETA(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start}
	var buf bytes.Buffer
	p := newProgressLog(&buf, "zeropark sweep:", "scenarios", time.Second, clock.now)
	p.parallel = 2
	clock.set(start, 4*time.Second)
	p.update(18, 36)
	assert.Contains(t, buf.String(), "ETA")
	buf.Reset()
	p.setNote("interrupted: finishing the running scenarios")
	clock.set(start, 5*time.Second)
	p.update(19, 36)
	assert.Equal(t, "zeropark sweep: 19/36 scenarios (52.8 %), elapsed 5s; now interrupted: finishing the running scenarios\n", buf.String())
}
