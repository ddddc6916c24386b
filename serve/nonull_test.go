package serve

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
)

// nullKey is a key written null in a compact JSON answer.
var nullKey = regexp.MustCompile(`"([a-z0-9_]+)":null`)

// The answers write a list or a map that holds nothing as [] or {}, never
// null (openapi.json types them "array" and "object"): GET /plan of a
// park without wind turbines wrote "wind": null, GET /ledger a solve
// that repaired nothing "repaired": null. Null is left for the keys the
// document types so (a figure not known yet).
func TestAnswersWriteNoNullLists(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	for k := range 3 {
		code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", meter(k), testToken)
		require.Equal(t, http.StatusOK, code, "%s", body)
	}
	nullable := map[string]bool{"on_track": true, "report": true, "since_start": true, "last_step": true,
		"value": true, "met": true, "stepped": true}
	for _, path := range []string{"/plan", "/ledger", "/healthz"} {
		code, body := call(t, c, http.MethodGet, hs.URL+path, nil, "")
		require.Equal(t, http.StatusOK, code, "%s: %s", path, body)
		for _, m := range nullKey.FindAllSubmatch(body, -1) {
			assert.True(t, nullable[string(m[1])], "%s writes %q null", path, m[1])
		}
	}
	_, body := call(t, c, http.MethodGet, hs.URL+"/plan", nil, "")
	assert.Contains(t, string(body), `"wind":[]`)

	// What a run could leave nil, as writeJSON writes it: a report of no
	// heat source, no fuel and no guiding indicator.
	rec := httptest.NewRecorder()
	writeJSON(rec, http.StatusOK, LedgerView{Report: &dispatch.Report{Heat: &dispatch.HeatReport{}}})
	for _, key := range []string{"guiding_indicators", "sources", "fuels", "repaired"} {
		assert.NotContains(t, rec.Body.String(), `"`+key+`":null`)
	}
}
