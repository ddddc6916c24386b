package serve

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A refused request leaves a line in the server's log, at WARN, with its
// route, status, message (cut) and how many values it refused, not only an
// answer to the client (QA E, session 39); an answered one leaves none.
func TestRefusedRequestsAreLogged(t *testing.T) {
	cfg := testConfig(t.TempDir())
	logs := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, hs := openTest(t, cfg)
	defer s.Close()

	code, body := call(t, hs.Client(), http.MethodGet, hs.URL+"/openapi.json", nil, "")
	require.Equal(t, http.StatusOK, code, string(body))
	assert.NotContains(t, logs.String(), "refused a request", "an answered request is not logged")

	code, _ = call(t, hs.Client(), http.MethodPost, hs.URL+"/measurements", []byte(`[]`), "")
	require.Equal(t, http.StatusUnauthorized, code)
	code, _ = call(t, hs.Client(), http.MethodPost, hs.URL+"/measurements", []byte(`{"start": "x"}`), testToken)
	require.Equal(t, http.StatusBadRequest, code)

	var refused []string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "refused a request") {
			refused = append(refused, l)
		}
	}
	require.Len(t, refused, 2, "%s", logs.String())
	assert.Contains(t, refused[0], "level=WARN")
	assert.Contains(t, refused[0], `route="POST /measurements" status=401`)
	assert.Contains(t, refused[0], "needs the bearer token")
	assert.Contains(t, refused[1], "status=400")
	assert.NotContains(t, strings.Join(refused, "\n"), testToken, "never the token")
}

// A /healthz that answers 503 under a probe every few seconds logs the
// change of status once, with its reason, and its return to ok once, not
// a "refused a request" line with no error at every probe (review R,
// session 39).
func TestUnhealthyProbesLogTheChangeOnce(t *testing.T) {
	cfg := testConfig(t.TempDir())
	logs := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, hs, now, done, stop := runOnSetClock(t, cfg)
	defer s.Close()

	back := at(3).Add(time.Minute - 24*time.Hour)
	for i := range 6 { // the clock runs on between probes: the error's times change
		now.Store(back.Add(time.Duration(i) * 10 * time.Second).UnixNano())
		code, _ := call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
		require.Equal(t, http.StatusServiceUnavailable, code)
	}
	now.Store(at(3).Add(time.Minute).UnixNano())
	code, _ := call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	require.Equal(t, http.StatusOK, code)
	stop()
	require.NoError(t, <-done)

	out := logs.String()
	assert.NotContains(t, out, "refused a request", "a probe is answered, not refused")
	assert.Equal(t, 1, strings.Count(out, "health is not ok"), "%s", out)
	assert.Contains(t, out, "health=stalled")
	assert.Contains(t, out, "it went back")
	assert.Equal(t, 1, strings.Count(out, "health is ok again"), "%s", out)
}
