package serve

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// Bad requests get the status and JSON error an integrator expects, and
// change nothing: malformed, unknown keys, bad values (every one listed,
// worded as the model's FieldError), oversized, out of order, without or
// with a wrong token, another method, another path.
func TestBadRequests(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.MaxBodyBytes = 4 << 10
	s, hs := openTest(t, cfg)
	defer s.Close()
	c := hs.Client()
	code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", meter(0), testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	bad := meter(1)
	bad.LoadKW["office"] = -5
	bad.LoadKW["canteen"] = 3
	bad.PVAvailableKW["roof"] = 1e6
	big := []byte("[" + strings.Repeat(`{"start":"2024-03-04T00:15:00+01:00"},`, 200) + "{}]")
	for _, tc := range []struct {
		name, method, path string
		body               any
		token              string
		contentType        string
		code               int
		error              string
		problems           []Problem
	}{
		{"malformed", "POST", "/measurements", []byte(`{"start": `), testToken, "", 400, "offset 10 (the end of the body): the JSON is cut short", nil},
		{"no start", "POST", "/measurements", []byte(`{"load_kw":{"office":1}}`), testToken, "", 400, "start: missing", []Problem{
			{Index: 0, Asset: "measurement", Field: "start", Reason: "missing: every measurement needs the start of its interval (RFC 3339)"}}},
		{"unknown key", "POST", "/measurements", []byte(`{"start":"2024-03-04T00:15:00+01:00","load_kwh":{}}`), testToken, "", 400, `unknown field "load_kwh"`, nil},
		{"empty", "POST", "/measurements", []byte(``), testToken, "", 400, "no measurements", nil},
		{"bad values", "POST", "/measurements", bad, testToken, "", 400, "a power must be ≥ 0", []Problem{
			{Index: 0, Start: "2024-03-04T00:15:00+01:00", Asset: `load "office"`, Field: "load_kw", Value: -5.0, Reason: "a power must be ≥ 0"},
			{Index: 0, Start: "2024-03-04T00:15:00+01:00", Asset: "measurement", Field: "load_kw", Value: "canteen", Reason: `no load of that name (have "office", "shop")`},
			{Index: 0, Start: "2024-03-04T00:15:00+01:00", Asset: `pv "roof"`, Field: "pv_available_kw", Value: 1e6,
				Reason: "above 300 kW, 1.5 × the installed capacity: a value in W, or of another asset"}}},
		{"SoC in both units", "POST", "/measurements", []byte(`{"start":"2024-03-04T00:00:00+01:00","soc_kwh":{"bat":200},"soc_percent":{"bat":50}}`), testToken, "", 400,
			"send one of the two", []Problem{{Index: 0, Start: "2024-03-04T00:00:00+01:00", Asset: `battery "bat"`, Field: "soc_percent", Value: 50.0,
				Reason: "sent with soc_kwh 200 too: send one of the two"}}},
		{"off the grid", "POST", "/measurements", []byte(`{"start":"2024-03-04T00:07:00+01:00","load_kw":{"office":1}}`), testToken, "", 400, "not on the Controller's grid", nil},
		{"too old", "POST", "/measurements", []byte(`{"start":"2020-03-04T00:00:00+01:00","load_kw":{"office":1}}`), testToken, "", 400, "before the Controller's start", nil},
		{"oversized", "POST", "/measurements", big, testToken, "", 413, "larger than 4096 bytes", nil},
		{"no token", "POST", "/measurements", meter(1), "", "", 401, "needs the bearer token", nil},
		{"wrong token", "POST", "/measurements", meter(1), "x" + testToken, "", 403, "token is wrong", nil},
		{"not JSON", "POST", "/measurements", []byte(`start=1`), testToken, "application/x-www-form-urlencoded", 415, "send application/json", nil},
		{"step planned already", "POST", "/step", []byte(`{"at":"2024-03-04T00:15:00+01:00"}`), testToken, "", 409, "was planned already", nil},
		{"step off the grid", "POST", "/step", []byte(`{"at":"2024-03-04T00:20:00+01:00"}`), testToken, "", 400, "not on the Controller's grid", nil},
		{"step before the start", "POST", "/step", []byte(`{"at":"2020-03-04T00:00:00+01:00"}`), testToken, "", 400,
			"step: at = 2020-03-04T00:00:00+01:00: before the Controller's start 2024-0", nil},
		{"step unknown key", "POST", "/step", []byte(`{"when":"2024-03-04T00:30:00+01:00"}`), testToken, "", 400, `unknown field "when"`, nil},
		{"step no token", "POST", "/step", nil, "", "", 401, "needs the bearer token", nil},
		{"method", "DELETE", "/plan", nil, testToken, "", 405, "method not allowed (allowed: GET, HEAD)", nil},
		{"method on a change", "GET", "/measurements", nil, testToken, "", 405, "allowed: POST", nil},
		{"no such path", "GET", "/plans", nil, "", "", 404, "no such endpoint", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rd io.Reader
			switch b := tc.body.(type) {
			case []byte:
				rd = bytes.NewReader(b)
			case live.Measurement:
				data, err := json.Marshal(b)
				require.NoError(t, err)
				rd = bytes.NewReader(data)
			}
			req, err := http.NewRequest(tc.method, hs.URL+tc.path, rd)
			require.NoError(t, err)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := c.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, tc.code, resp.StatusCode)
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			var eb ErrorBody
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&eb))
			assert.Contains(t, eb.Error, tc.error)
			if tc.problems != nil {
				assert.ElementsMatch(t, tc.problems, eb.Problems)
			}
			if tc.code == 401 {
				assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Bearer")
			}
		})
	}
	// None of it changed the park: one batch logged, one step.
	h, ok := s.health()
	assert.True(t, ok)
	assert.Equal(t, uint64(2), h.Seq, "the good batch and its step only")
	m := s.Controller().Metrics()
	assert.Equal(t, 1, m.Steps)
}

// The problems of a refused batch are the model's FieldErrors: the same
// asset, field, value and reason a park or series file gets.
func TestProblemsAreFieldErrors(t *testing.T) {
	c, err := live.New(smallPark(), testConfig("").Live)
	require.NoError(t, err)
	defer c.Close()
	m := meter(0)
	m.SoCKWh = map[string]float64{"bat": -100}
	_, err = c.Measure(m)
	require.Error(t, err)
	ps := problems(err)
	require.Len(t, ps, 1)
	var fe *model.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, Problem{Index: 0, Start: m.Start.Format("2006-01-02T15:04:05Z07:00"), Asset: fe.Asset, Field: fe.Field, Value: fe.Value, Reason: fe.Reason}, ps[0])
}

// Reads need no token unless AuthReads; /healthz never does; changes
// always do.
func TestAuthReads(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.AuthReads = true
	s, hs := openTest(t, cfg)
	defer s.Close()
	c := hs.Client()
	for _, rt := range Routes() {
		code, _ := call(t, c, rt.Method, hs.URL+rt.Path, nil, "")
		if rt.Path == "/healthz" {
			assert.Equal(t, http.StatusOK, code, rt.Path)
			continue
		}
		assert.Equal(t, http.StatusUnauthorized, code, "%s %s", rt.Method, rt.Path)
	}
	code, _ := call(t, c, http.MethodGet, hs.URL+"/ledger", nil, testToken)
	assert.Equal(t, http.StatusOK, code)
}

// In the measured mode a batch refused as it is decoded (a null reading,
// a NaN) says, as one refused for its values does, that nothing was
// stepped, with its problems listed; a POST /step without "at" before
// anything was planned says that "at" is missing (it said "at = :").
func TestMeasuredModeDecodeRefusal(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	body := []byte(`{"start": "` + at(0).Format(time.RFC3339) + `", "load_kw": {"office": 80, "shop": null}}`)
	code, out := call(t, c, http.MethodPost, hs.URL+"/measurements", body, testToken)
	require.Equal(t, http.StatusBadRequest, code, "%s", out)
	var eb ErrorBody
	require.NoError(t, json.Unmarshal(out, &eb))
	assert.Contains(t, eb.Error, `load "shop": load_kw: null, not a number`)
	assert.Contains(t, eb.Error, "(measured mode: nothing was stepped; send the batch again without what was refused, or POST /step)")
	require.Len(t, eb.Problems, 1)
	assert.Equal(t, `load "shop"`, eb.Problems[0].Asset)
	assert.True(t, s.Controller().Next().IsZero(), "nothing stepped")

	code, out = call(t, c, http.MethodPost, hs.URL+"/step", []byte(`{}`), testToken)
	require.Equal(t, http.StatusBadRequest, code, "%s", out)
	require.NoError(t, json.Unmarshal(out, &eb))
	assert.Equal(t, `step: no "at": nothing was planned yet: say which interval to plan first`, eb.Error)
}

// A state of charge posted as soc_percent is accepted and counted as a
// reading, as soc_kwh is.
func TestSoCPercentAccepted(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	code, body := call(t, hs.Client(), http.MethodPost, hs.URL+"/measurements",
		[]byte(`{"start":"2024-03-04T00:00:00+01:00","soc_percent":{"bat":50}}`), testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	assert.Contains(t, string(body), `"values":1`, "%s", body)
}

// A refused request's problems repeat user text cut as its message cuts
// it, and a 401 never echoes what looks like the token (QA, 2026-12-04: a
// 7 MB asset name made a 7 MB answer; a token sent without "Bearer "
// came back all but 4 characters).
func TestRefusalsEchoLittle(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	m := meter(0)
	long := strings.Repeat("A", 100_000)
	m.LoadKW[long] = 1
	code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", m, testToken)
	require.Equal(t, http.StatusBadRequest, code)
	assert.Less(t, len(body), 2_000, "the answer is bounded")
	var eb ErrorBody
	require.NoError(t, json.Unmarshal(body, &eb))
	require.NotEmpty(t, eb.Problems)
	assert.Contains(t, eb.Problems[0].Value, "…(100000 bytes)")

	req, err := http.NewRequest(http.MethodPost, hs.URL+"/step", strings.NewReader(`{}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", testToken) // no "Bearer "
	res, err := c.Do(req)
	require.NoError(t, err)
	data, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	assert.NotContains(t, string(data), testToken[:12])
	assert.Contains(t, string(data), "want the Bearer scheme (Authorization: Bearer TOKEN), not a value with no scheme (not shown)")
}

// A time centuries ahead is refused as such, not as off the grid (the
// difference saturates past 292 years), and a POST /step body too large
// is told what /step takes (QA, 2026-12-04).
func TestStepFarFutureAndLargeBody(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	code, body := call(t, c, http.MethodPost, hs.URL+"/step", []byte(`{"at":"2400-01-01T00:00:00Z"}`), testToken)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, string(body), "100 years or more after the Controller's start")
	assert.NotContains(t, string(body), "grid")

	m := meter(0)
	m.Start = time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC)
	code, body = call(t, c, http.MethodPost, hs.URL+"/measurements", m, testToken)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, string(body), "100 years or more after the Controller's start")

	code, body = call(t, c, http.MethodPost, hs.URL+"/step", []byte(`{"at":"`+strings.Repeat(" ", 5000)+`"}`), testToken)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)
	assert.Contains(t, string(body), `POST /step takes {\"at\": \"RFC 3339 time\"} or no body`)
}

// A compressed body is refused 415 naming its Content-Encoding, not 400
// with the JSON decoder's view of gzip's first byte (EMS QA, 2026-12-05),
// and changes nothing; "identity" is no encoding.
func TestCompressedBodyRefused(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	require.NoError(t, json.NewEncoder(zw).Encode(meter(0)))
	require.NoError(t, zw.Close())
	for _, tc := range []struct {
		encoding string
		body     []byte
		code     int
	}{{"gzip", gz.Bytes(), 415}, {"identity", mustJSON(t, meter(0)), 200}} {
		req, err := http.NewRequest(http.MethodPost, hs.URL+"/measurements", bytes.NewReader(tc.body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", tc.encoding)
		resp, err := hs.Client().Do(req)
		require.NoError(t, err)
		var eb ErrorBody
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&eb))
		resp.Body.Close()
		require.Equal(t, tc.code, resp.StatusCode, "%s: %+v", tc.encoding, eb)
		if tc.code == 415 {
			assert.Equal(t, `Content-Encoding "gzip": not supported: send the JSON uncompressed`, eb.Error)
			h, _ := s.health()
			assert.Zero(t, h.Seq, "nothing logged")
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
