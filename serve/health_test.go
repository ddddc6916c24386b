package serve

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GET /healthz says plainly whether a step has run: last_step is null
// before the first (its age then counts from the server's start, which a
// clock-mode stall is measured from), and the last step's time after.
func TestHealthLastStep(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	code, body := call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	require.Equal(t, http.StatusOK, code, string(body))
	var raw map[string]any
	require.NoError(t, json.Unmarshal(body, &raw))
	v, ok := raw["last_step"]
	require.True(t, ok, "the key is there: %s", body)
	assert.Nil(t, v, "no step yet: %s", body)

	feed(t, s, 0, 3)
	code, body = call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	require.Equal(t, http.StatusOK, code, string(body))
	var h HealthView
	require.NoError(t, json.Unmarshal(body, &h))
	require.NotNil(t, h.LastStep, "%s", body)
	assert.False(t, h.LastStep.Before(s.opened), "stepped after the start")
	assert.GreaterOrEqual(t, h.LastStepAgeS, 0.0)
}

// After a restart from the state the restored plan is served, but no step
// has run in this process: last_step is null again (QA, 2026-12-04: it
// read the restart's time).
func TestHealthLastStepAfterRestart(t *testing.T) {
	cfg := testConfig(t.TempDir())
	s, _ := openTest(t, cfg)
	feed(t, s, 0, 3)
	require.NoError(t, s.Close())
	s, hs := openTest(t, cfg)
	defer s.Close()
	require.NotNil(t, s.c.Last(), "the plan is restored")
	code, body := call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	require.Equal(t, http.StatusOK, code, string(body))
	var raw map[string]any
	require.NoError(t, json.Unmarshal(body, &raw))
	assert.Nil(t, raw["last_step"], "no step since the restart: %s", body)
	feed(t, s, 3, 5)
	code, body = call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	require.Equal(t, http.StatusOK, code, string(body))
	var h HealthView
	require.NoError(t, json.Unmarshal(body, &h))
	assert.NotNil(t, h.LastStep, "%s", body)
}

// A restart from a state keeps its history: a seed given again (a series)
// is not measured, and the log says so; a fresh state seeds without the
// warning (QA, 2026-12-04: ignored in silence).
func TestRestartSaysSeedIgnored(t *testing.T) {
	cfg := testConfig(t.TempDir())
	logs := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, _ := openTest(t, cfg)
	feed(t, s, 0, 2)
	require.NoError(t, s.Close())
	assert.NotContains(t, logs.String(), "seed_intervals_ignored")
	s, _ = openTest(t, cfg)
	defer s.Close()
	assert.Contains(t, logs.String(), "the state's history is kept")
	assert.Contains(t, logs.String(), fmt.Sprintf("seed_intervals_ignored=%d", len(cfg.Seed)))
}
