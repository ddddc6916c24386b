package serve

import (
	"encoding/json"
	"net/http"
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
		code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", meter(k), testToken)
		require.Equal(t, http.StatusOK, code, "%s", body)
		var res MeasureResult
		require.NoError(t, json.Unmarshal(body, &res))
		require.NotNil(t, res.Stepped, "interval %d", k)
		assert.True(t, res.Stepped.Equal(at(k+1)))
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
