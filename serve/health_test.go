package serve

import (
	"encoding/json"
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
