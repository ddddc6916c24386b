package serve

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// In the measured mode, meter readings of interval k step to k+1: the
// plan served is interval k+1's, and the ledger settles k.
func TestMeasuredModeSteps(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	code, _ := call(t, c, http.MethodGet, hs.URL+"/plan", nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, code, "no plan before the first step")
	for k := range 12 {
		m := meter(k)
		if k%2 == 1 { // a sender on another UTC offset: the same instants (QA E, session 39)
			m.Start = m.Start.In(time.FixedZone("", 8*3600))
		}
		code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", m, testToken)
		require.Equal(t, http.StatusOK, code, "%s", body)
		var res MeasureResult
		require.NoError(t, json.Unmarshal(body, &res))
		require.NotNil(t, res.Stepped, "interval %d", k)
		assert.True(t, res.Stepped.Equal(at(k+1)))
		assert.Equal(t, at(k+1).Format(time.RFC3339), res.Stepped.Format(time.RFC3339), "on the Controller's clock")
		code, body = call(t, c, http.MethodGet, hs.URL+"/plan", nil, "")
		require.Equal(t, http.StatusOK, code)
		var pv PlanView
		require.NoError(t, json.Unmarshal(body, &pv))
		assert.True(t, pv.Decision.Start.Equal(at(k+1)), "plan of %d: %v", k+1, pv.Decision.Start)
		assert.Equal(t, 24, pv.Plan.Intervals)
	}
	code, body := call(t, c, http.MethodGet, hs.URL+"/ledger", nil, "")
	require.Equal(t, http.StatusOK, code)
	var lv LedgerView
	require.NoError(t, json.Unmarshal(body, &lv))
	t.Logf("%s", body[:300])
	assert.Equal(t, 11, lv.SettledIntervals)
	// No trim yet: the totals since the first start are the window's.
	require.NotNil(t, lv.SinceStart, "%s", body)
	assert.Equal(t, lv.SettledIntervals, lv.SinceStart.SettledIntervals)
	assert.True(t, lv.SinceStart.SinceFirstStart)
	assert.True(t, lv.From.Equal(lv.SinceStart.From) && lv.To.Equal(lv.SinceStart.To))
	assert.InDelta(t, lv.Report.Energy.Load, lv.SinceStart.LoadKWh, 1e-9*lv.Report.Energy.Load)
	assert.InDelta(t, lv.Report.ResidualKgCO2e, lv.SinceStart.ResidualKgCO2e, 1e-9*max(1, lv.Report.ResidualKgCO2e))
	assert.InDelta(t, lv.Report.OffsetsNeededTCO2e, lv.SinceStart.OffsetsNeededTCO2e, 1e-12+1e-9*lv.Report.OffsetsNeededTCO2e)
}

// In the measured mode a refused reading steps nothing: the 400 says that
// the interval it would have stepped to is not planned, and what to do;
// the corrected batch then steps.
func TestMeasuredModeRefusedReadingSaysNothingStepped(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", meter(0), testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	bad := meter(1)
	bad.LoadKW["office"] = -5
	code, body = call(t, c, http.MethodPost, hs.URL+"/measurements", bad, testToken)
	require.Equal(t, http.StatusBadRequest, code, "%s", body)
	assert.Contains(t, string(body), "nothing was stepped, so "+at(2).Format(time.RFC3339)+" is not planned")
	code, body = call(t, c, http.MethodPost, hs.URL+"/measurements", meter(1), testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	var res MeasureResult
	require.NoError(t, json.Unmarshal(body, &res))
	require.NotNil(t, res.Stepped)
	assert.True(t, res.Stepped.Equal(at(2)))
}

// Only a refused batch (model.ErrInvalid, 400) gets the "nothing was
// stepped … without what was refused" advice: a batch the log failed to
// write was refused for nothing of its own, and is not told to drop values.
func TestMeasuredModeLogFailureIsNotCalledARefusal(t *testing.T) {
	s, _ := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	_, err := s.Measure([]live.Measurement{meter(0)})
	require.NoError(t, err)
	s.log.mu.Lock()
	require.NoError(t, s.log.f.Close()) // the next append fails
	s.log.mu.Unlock()
	_, err = s.Measure([]live.Measurement{meter(1)})
	require.ErrorIs(t, err, ErrStopped)
	assert.NotErrorIs(t, err, model.ErrInvalid)
	assert.NotContains(t, err.Error(), "nothing was stepped")
	assert.NotContains(t, err.Error(), "without what was refused")
}

// In the measured mode a batch whose readings step over intervals says in
// its answer how many the step settled without a plan, the values it
// stood in for and why (the decision's warnings), as GET /plan and the
// log do: an EMS reads the answer, not the server's stderr (EMS QA
// session 37, M8: a gateway six days off was answered only "stepped").
// A batch that steps the next interval says 0; one that steps none, and
// the raw JSON of each, say nothing of it.
func TestMeasuredModeAnswerSaysSkippedIntervals(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	post := func(m live.Measurement) (MeasureResult, map[string]any) {
		t.Helper()
		code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", m, testToken)
		require.Equal(t, http.StatusOK, code, "%s", body)
		var res MeasureResult
		require.NoError(t, json.Unmarshal(body, &res))
		var raw map[string]any
		require.NoError(t, json.Unmarshal(body, &raw))
		return res, raw
	}
	res, _ := post(meter(0))
	require.NotNil(t, res.Stepped)
	require.NotNil(t, res.SkippedIntervals)
	assert.Zero(t, *res.SkippedIntervals, "the next interval: nothing skipped")

	// Readings of interval 6 step to 7: interval 1, planned by the step
	// before, settles on its plan; 2 to 6, which no step planned, settle
	// without one: five skipped.
	res, raw := post(meter(6))
	require.NotNil(t, res.Stepped)
	assert.True(t, res.Stepped.Equal(at(7)))
	require.NotNil(t, res.SkippedIntervals, "%v", raw)
	require.NotNil(t, res.StandIns)
	code, body := call(t, c, http.MethodGet, hs.URL+"/plan", nil, "")
	require.Equal(t, http.StatusOK, code)
	var pv PlanView
	require.NoError(t, json.Unmarshal(body, &pv))
	assert.Equal(t, 5, *res.SkippedIntervals)
	assert.Equal(t, pv.Decision.SkippedIntervals, *res.SkippedIntervals, "the answer's count is GET /plan's")
	assert.Equal(t, pv.Decision.StandIns, *res.StandIns)
	assert.Equal(t, float64(pv.Decision.SkippedIntervals), raw["skipped_intervals"])
	assert.Equal(t, float64(pv.Decision.StandIns), raw["stand_ins"])
	why := ""
	for _, w := range res.StepWarnings {
		if strings.Contains(w, "settled without a plan") {
			why = w
		}
	}
	assert.Contains(t, why, itoa(pv.Decision.SkippedIntervals)+" interval(s) since the last one planned settled without a plan",
		"the answer says why: %q", res.StepWarnings)
	assert.Contains(t, why, "batteries idle")
	assert.Equal(t, pv.Decision.Warnings, res.StepWarnings, "GET /plan's warnings")

	// A batch of signals alone steps nothing: no step keys.
	sig := live.Measurement{Start: at(7), DispatchKgCO2ePerKWh: live.Value(0.4)}
	res, raw = post(sig)
	assert.Nil(t, res.Stepped)
	for _, k := range []string{"stepped", "skipped_intervals", "stand_ins", "step_warnings"} {
		assert.NotContains(t, raw, k)
	}
}

// POST /measurements and POST /step read a time with a lower-case t and z
// (RFC 3339 §5.6) as the same time in capitals (EMS QA session 37, M12:
// "2023-01-12t13:00:00z" was refused 400).
func TestLowerCaseRFC3339(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	lower := func(tm time.Time) string {
		return strings.ToLower(tm.UTC().Format(time.RFC3339))
	}
	code, body := call(t, c, http.MethodPost, hs.URL+"/step", []byte(`{"at":"`+lower(at(0))+`"}`), testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	var pv PlanView
	require.NoError(t, json.Unmarshal(body, &pv))
	assert.True(t, pv.Decision.Start.Equal(at(0)), "%v", pv.Decision.Start)

	m := meter(0)
	raw, err := json.Marshal(m)
	require.NoError(t, err)
	raw = bytes.Replace(raw, []byte(m.Start.Format(time.RFC3339)), []byte(lower(m.Start)), 1)
	require.Contains(t, string(raw), `"start":"`+lower(at(0))+`"`)
	code, body = call(t, c, http.MethodPost, hs.URL+"/measurements", raw, testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	var res MeasureResult
	require.NoError(t, json.Unmarshal(body, &res))
	require.NotNil(t, res.Stepped, "the readings of interval 0 step to 1")
	assert.True(t, res.Stepped.Equal(at(1)))
	assert.Equal(t, 4, res.Values, "two loads, the PV and the carbon signal")

	_, err = decodeStepRequest([]byte(`{"at":"2024-03-04t00:15:00"}`))
	assert.ErrorContains(t, err, `step: at = "2024-03-04t00:15:00": not an RFC 3339 time with its UTC offset`)
}
