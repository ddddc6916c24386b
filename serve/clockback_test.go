package serve

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A wall clock that goes back (a reset real-time clock, a restored VM)
// stops the clock mode until it reaches the next interval again: /healthz
// says so, "stalled" with the reason, once it is StallAfter or more
// before the last step. Before, it answered 200 "ok", its age negative,
// for as long as that took (QA E, session 39). A small step back (an NTP
// correction) stays ok.
func TestHealthClockWentBack(t *testing.T) {
	s, hs, now, done, stop := runOnSetClock(t, testConfig(t.TempDir()))
	defer s.Close()

	now.Store(at(3).UnixNano()) // a minute back
	code, body := call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	assert.Equal(t, http.StatusOK, code, "%s", body)

	now.Store(at(3).Add(time.Minute - 24*time.Hour).UnixNano()) // a day back
	code, body = call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Contains(t, string(body), `"status":"stalled"`)
	assert.Contains(t, string(body), "is 24h0m0s before its last step")
	assert.Contains(t, string(body), "it went back")
	time.Sleep(1200 * time.Millisecond) // Run polls every second
	assert.True(t, s.Controller().Next().Equal(at(4)), "nothing stepped")
	stop()
	require.NoError(t, <-done)
}

// runOnSetClock opens a clock-mode server on cfg whose wall clock is now
// (a minute into interval 3 to begin with), runs it and waits for its
// first step; stop ends Run, whose error done then gives.
func runOnSetClock(t *testing.T, cfg Config) (s *Server, hs *httptest.Server, now *atomic.Int64, done chan error, stop func()) {
	t.Helper()
	cfg.Mode = Clock
	cfg.StepDelay = 10 * time.Second
	now = new(atomic.Int64)
	now.Store(at(3).Add(time.Minute).UnixNano())
	cfg.Now = func() time.Time { return time.Unix(0, now.Load()).In(t0.Location()) }
	s, hs = openTest(t, cfg)
	ctx, stop := contextWithCancel()
	done = make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, func() bool { return s.Controller().Next().Equal(at(4)) }, "the first step: interval 3")
	return s, hs, now, done, stop
}
