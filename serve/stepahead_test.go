package serve

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a log sink the server's goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// QA3 findings 1 and 4: POST /step refuses a step Config.MaxStepAhead or
// more past the next interval (409, naming the time, the next and last
// intervals and the bound) and changes nothing; a skip within the bound
// says in the answer (skipped_intervals, stand_ins) and the log how many
// intervals it settled without a plan.
func TestStepAheadBound(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.MaxStepAhead = 2 * time.Hour // 8 intervals of 15 minutes
	logs := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, hs := openTest(t, cfg)
	defer s.Close()
	c := hs.Client()
	stepAt := func(at time.Time) (int, []byte) {
		return call(t, c, http.MethodPost, hs.URL+"/step", map[string]string{"at": at.Format(time.RFC3339)}, testToken)
	}
	code, body := stepAt(at(0))
	require.Equal(t, http.StatusOK, code, "%s", body)
	var pv PlanView
	require.NoError(t, json.Unmarshal(body, &pv))
	assert.Zero(t, pv.Decision.SkippedIntervals, "the first step settles nothing")
	next := s.Controller().Next()
	require.Equal(t, at(1), next)
	h0, _ := s.health()

	// Eight intervals past the next: refused, nothing logged or settled.
	code, body = stepAt(at(1 + 8))
	assert.Equal(t, http.StatusConflict, code)
	var eb ErrorBody
	require.NoError(t, json.Unmarshal(body, &eb))
	for _, want := range []string{"step: at = " + at(9).Format(time.RFC3339), "8 intervals past the next one to plan, " + at(1).Format(time.RFC3339),
		"the last planned: " + at(0).Format(time.RFC3339), "less than 2h0m0s"} {
		assert.Contains(t, eb.Error, want)
	}
	require.Len(t, eb.Problems, 1)
	p := eb.Problems[0]
	assert.Equal(t, Problem{Asset: "step", Field: "at", Value: at(9).Format(time.RFC3339), Reason: p.Reason}, p)
	assert.Contains(t, p.Reason, "8 intervals past the next one to plan", "the reason is the bound's, not another's")
	assert.Contains(t, eb.Error, p.Reason)
	h1, _ := s.health()
	assert.Equal(t, h0.Seq, h1.Seq, "nothing logged")
	assert.Equal(t, next, s.Controller().Next())

	// Seven past: accepted, the seven said so, in the answer and the log.
	code, body = stepAt(at(1 + 7))
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.NoError(t, json.Unmarshal(body, &pv))
	assert.Equal(t, 7, pv.Decision.SkippedIntervals)
	nSeries := len(s.Controller().Metrics().Series)
	assert.GreaterOrEqual(t, pv.Decision.StandIns, 7*3, "nothing was measured for them: loads and PV at least")
	assert.LessOrEqual(t, pv.Decision.StandIns, 8*nSeries)
	assert.Equal(t, 7, s.Controller().Metrics().Skipped)
	line := ""
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "settled intervals no step planned") {
			line = l
		}
	}
	require.NotEmpty(t, line, "the skip is logged")
	assert.Contains(t, line, "level=WARN")
	assert.Contains(t, line, "intervals=7")

	// The next interval: nothing skipped.
	code, body = stepAt(at(9))
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.NoError(t, json.Unmarshal(body, &pv))
	assert.Zero(t, pv.Decision.SkippedIntervals)
}

// A negative MaxStepAhead is no bound.
func TestStepAheadUnbounded(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.MaxStepAhead = -1
	s, hs := openTest(t, cfg)
	defer s.Close()
	c := hs.Client()
	code, body := call(t, c, http.MethodPost, hs.URL+"/step", map[string]string{"at": at(0).Format(time.RFC3339)}, testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	code, body = call(t, c, http.MethodPost, hs.URL+"/step", map[string]string{"at": at(1 + 8*96).Format(time.RFC3339)}, testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	var pv PlanView
	require.NoError(t, json.Unmarshal(body, &pv))
	assert.Equal(t, 8*96, pv.Decision.SkippedIntervals)
}

// The first step after a gap in the history (here five intervals that
// nothing measured after the seed) skips nothing, but holds the last
// values for the gap: it says so in the log, as a skip does. A clock-mode
// server seeded with a series that ended years ago held them for 179,361
// values without a word.
func TestFirstStepAfterAGapIsLogged(t *testing.T) {
	cfg := testConfig(t.TempDir())
	logs := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, hs := openTest(t, cfg)
	defer s.Close()
	code, body := call(t, hs.Client(), http.MethodPost, hs.URL+"/step", map[string]string{"at": at(5).Format(time.RFC3339)}, testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	var pv PlanView
	require.NoError(t, json.Unmarshal(body, &pv))
	assert.Zero(t, pv.Decision.SkippedIntervals)
	n := len(s.Controller().Metrics().Series)
	assert.Greater(t, pv.Decision.StandIns, n, "intervals 0 to 4 held")
	assert.Contains(t, logs.String(), "level=WARN msg=\"stood in for the values of the intervals before this step that nothing measured "+
		"(a gap in the history: the last value measured held; where none came before, 0)")
	assert.NotContains(t, logs.String(), "held the last values", "the values before the first reading had nothing to hold")
	assert.Contains(t, logs.String(), "stand_ins="+itoa(pv.Decision.StandIns))
}

// Bodyless POST /step calls at once each plan the next interval in turn
// and answer with their own step's plan: none is refused 409 for an
// interval it never named (QA, 2026-12-04: 2 of 80 were, the next
// interval read before the step lock).
func TestConcurrentBodylessSteps(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	code, body := call(t, c, http.MethodPost, hs.URL+"/step", map[string]string{"at": at(0).Format(time.RFC3339)}, testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	const n = 12
	starts := make(chan time.Time, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, body := call(t, c, http.MethodPost, hs.URL+"/step", []byte(`{}`), testToken)
			if !assert.Equal(t, http.StatusOK, code, "%s", body) {
				return
			}
			var pv PlanView
			if assert.NoError(t, json.Unmarshal(body, &pv)) {
				starts <- pv.Decision.Start
			}
		}()
	}
	wg.Wait()
	close(starts)
	seen := map[time.Time]bool{}
	for st := range starts {
		assert.False(t, seen[st], "two answers with the plan of %s", st)
		seen[st] = true
	}
	assert.Len(t, seen, n)
	assert.Equal(t, at(1+n), s.Controller().Next())
}

// A first step inside the seeded history (the measured mode's first
// reading of a seeded interval) is logged as such: the seed from there
// on settles as measured (QA, 2026-12-04: said nowhere). The usual first
// step, the interval after the seed, logs nothing of it.
func TestFirstStepInsideTheSeedIsLogged(t *testing.T) {
	const warn = "the first step plans an interval inside the seeded history"
	for _, c := range []struct {
		k    int
		want bool
	}{{-10, true}, {0, false}} {
		logs := firstStepLogs(t, c.k)
		assert.Equal(t, c.want, strings.Contains(logs, warn), "first step at interval %d", c.k)
		if c.want {
			assert.Contains(t, logs, "seed_end="+at(0).Format("2006-01-02T15:04:05.000Z07:00"))
		}
	}
}

// firstStepLogs is what a new server logs when its first step, by POST
// /step, is at interval k.
func firstStepLogs(t *testing.T, k int) string {
	t.Helper()
	cfg := testConfig(t.TempDir())
	logs := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, hs := openTest(t, cfg)
	defer s.Close()
	code, body := call(t, hs.Client(), http.MethodPost, hs.URL+"/step", map[string]string{"at": at(k).Format(time.RFC3339)}, testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	return logs.String()
}

// In the measured mode a batch's readings step as far as POST /step may
// and no further: with --max-step-ahead 2h a reading 10 intervals past
// the next is refused 409 with nothing merged, one 6 past steps (QA,
// 2026-12-04: the bound held for POST /step only).
func TestReadingStepBounded(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.MaxStepAhead = 2 * time.Hour // 8 intervals of 15 minutes
	s, hs := openTest(t, cfg)
	defer s.Close()
	c := hs.Client()
	code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", meter(0), testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	require.Equal(t, at(2), s.Controller().Next(), "interval 1 planned: the next is 2")
	h0, _ := s.health()

	code, body = call(t, c, http.MethodPost, hs.URL+"/measurements", meter(2+9), testToken)
	assert.Equal(t, http.StatusConflict, code, "%s", body)
	assert.Contains(t, string(body), "would step to "+at(12).Format(time.RFC3339))
	assert.Contains(t, string(body), "nothing was merged")
	h1, _ := s.health()
	assert.Equal(t, h0.Seq, h1.Seq, "nothing logged")
	assert.Equal(t, at(2), s.Controller().Next())

	code, body = call(t, c, http.MethodPost, hs.URL+"/measurements", meter(2+5), testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	assert.Equal(t, at(2+7), s.Controller().Next())
}

// A reopened server logs the next interval to send, after the snapshot
// and after the log's replay, not a zero time for a snapshot taken before
// any step (EMS QA, 2026-12-04: "start=0001-01-01T00:00:00.000Z").
func TestReopenLogsTheNextInterval(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	s, _ := openTest(t, cfg)
	feed(t, s, 0, 3)
	require.NoError(t, s.Close())
	var logs bytes.Buffer
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	s2, _ := openTest(t, cfg)
	defer s2.Close()
	next := s2.Controller().Next()
	require.False(t, next.IsZero())
	assert.NotContains(t, logs.String(), "0001-01-01")
	assert.Contains(t, logs.String(), "next="+next.Format("2006-01-02T15:04:05.000Z07:00"))
}

// If-None-Match is compared as RFC 9110 says: "*", a list, a weak tag
// (EMS QA, 2026-12-04: only the exact string got 304).
func TestNoneMatch(t *testing.T) {
	const e = `"2024-01-03T06:00:00-05:00/ba11b9eff2c4b81b6caa923b"`
	for _, c := range []struct {
		values []string
		want   bool
	}{
		{[]string{e}, true}, {[]string{"W/" + e}, true}, {[]string{`"x", ` + e}, true}, {[]string{"*"}, true},
		{[]string{`"x"`, e}, true}, {[]string{`"x"`}, false}, {nil, false}, {[]string{""}, false},
		{[]string{`"2024-01-03T06:00:00-05:00/ba11b9eff2c4b81b6caa923c"`}, false},
	} {
		assert.Equal(t, c.want, noneMatch(c.values, e), "%q", c.values)
	}
}

// A first step after intervals nothing stepped is logged: those intervals
// are history, not settled, and since_start counts from the step (time
// QA, 2026-12-04: a first batch of 24 readings stepped once, after its
// latest, and left since_start empty, unsaid). The usual first step, the
// interval after the seed, logs nothing of it.
func TestFirstStepAfterUnsteppedIntervalsIsLogged(t *testing.T) {
	const warn = "the first step comes after intervals nothing stepped"
	for _, c := range []struct {
		k    int
		want bool
	}{{5, true}, {0, false}} {
		logs := firstStepLogs(t, c.k)
		assert.Equal(t, c.want, strings.Contains(logs, warn), "first step at interval %d: %s", c.k, logs)
		if c.want {
			assert.Contains(t, logs, "intervals_before=5")
		}
	}
}
