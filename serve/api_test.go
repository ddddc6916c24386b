package serve

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
)

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI string                                `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
	Comps   struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

// Every route the server registers is in the OpenAPI document and every
// operation of the document is a route; the changing ones demand the
// bearer token there.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc openAPIDoc
	require.NoError(t, json.Unmarshal(OpenAPI, &doc))
	assert.Equal(t, "3.1.0", doc.OpenAPI)
	var inDoc, inServer []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			inDoc = append(inDoc, strings.ToUpper(method)+" "+path)
			var o struct {
				Security []map[string][]string `json:"security"`
			}
			require.NoError(t, json.Unmarshal(op, &o))
			idx := slices.IndexFunc(Routes(), func(r Route) bool { return r.Path == path && strings.EqualFold(r.Method, method) })
			if idx >= 0 && Routes()[idx].Changes {
				assert.Equal(t, []map[string][]string{{"bearer": {}}}, o.Security, "%s %s needs the token", method, path)
			}
		}
	}
	for _, r := range Routes() {
		inServer = append(inServer, r.Method+" "+r.Path)
	}
	sort.Strings(inDoc)
	sort.Strings(inServer)
	assert.Equal(t, inServer, inDoc)
}

// The keys of the answers are the document's: every property of
// GET /plan's and GET /ledger's bodies is a property of its schema.
func TestOpenAPISchemasMatchAnswers(t *testing.T) {
	props, keys := schemaKeys(t)
	s, _ := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	feed(t, s, 0, 3)
	var pv PlanView
	require.NoError(t, json.Unmarshal(s.plan.Load().body, &pv))
	pv.Decision.Warnings = []string{"x"}     // omitted when empty
	pv.Decision.Heat = &live.HeatSetpoints{} // omitted without heat: TestOpenAPIHeatSchemas
	pv.Plan.Heat = &HeatPlan{}
	assert.Equal(t, props("PlanView"), keys(pv))
	assert.Equal(t, props("Decision"), keys(pv.Decision))
	assert.Equal(t, props("PlanArrays"), keys(pv.Plan))
	assert.Equal(t, props("BatteryPlan"), keys(pv.Plan.Batteries[0]))
	assert.Equal(t, props("RenewablePlan"), keys(pv.Plan.PV[0]))
	assert.Equal(t, props("BatterySetpoint"), keys(pv.Decision.Batteries[0]))
	assert.Equal(t, props("RenewableSetpoint"), keys(pv.Decision.PV[0]))
	l := s.ledger()
	assert.Equal(t, props("LedgerView"), keys(l.view))
	onTrack := *l.view.OnTrack
	heat := 0.0
	onTrack.UnservedHeatToDateKWhTh = &heat // omitted without heat
	assert.Equal(t, props("OnTrack"), keys(onTrack))
	require.NotNil(t, l.view.SinceStart)
	since := *l.view.SinceStart
	since.Heat = &live.SinceStartHeat{CHPVariableOMCost: 1, CHPDumpedKWhTh: 1} // omitted without heat; the O&M and dumped heat omitted when 0
	since.MonthlyPeakImportKW = []dispatch.MonthPeak{{}}                       // omitted without a demand charge
	assert.Equal(t, props("SinceStart"), keys(since))
	assert.Equal(t, props("SinceStartHeat"), keys(since.Heat))
	now := time.Now()
	n := 1
	assert.Equal(t, props("MeasureResult"), keys(MeasureResult{Duplicates: &n, Late: &n, Settled: &n, Queued: true, Stepped: &now, StepError: "x",
		SkippedIntervals: &n, StandIns: &n, StepWarnings: []string{"x"}}))
	h, _ := s.health()
	h.Error = "x"
	assert.Equal(t, props("Health"), keys(h))
	assert.Equal(t, props("Problem"), keys(Problem{Start: "x", Value: 1}))
}

// schemaKeys returns props, the sorted property names of a schema of the
// OpenAPI document, and keys, the sorted keys of v's JSON object, for
// tests that compare the two.
func schemaKeys(t *testing.T) (props func(schema string) []string, keys func(v any) []string) {
	var doc openAPIDoc
	require.NoError(t, json.Unmarshal(OpenAPI, &doc))
	props = func(schema string) []string {
		var s struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		require.NoError(t, json.Unmarshal(doc.Comps.Schemas[schema], &s), schema)
		return slices.Sorted(maps.Keys(s.Properties))
	}
	keys = func(v any) []string {
		data, err := json.Marshal(v)
		require.NoError(t, err)
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(data, &m))
		return slices.Sorted(maps.Keys(m))
	}
	return props, keys
}

// GET /metrics serves the Prometheus text format from the server's own
// registry, with the counts of what was done.
func TestMetrics(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	feed(t, s, 0, 6)
	bad := meter(6)
	bad.LoadKW["office"] = -1
	code, _ := call(t, c, http.MethodPost, hs.URL+"/measurements", bad, testToken)
	require.Equal(t, http.StatusBadRequest, code)
	// Batches refused while decoding count as rejected too (QA: a
	// gateway's NaN or 1e400 did not move the counter).
	for _, raw := range []string{`{"load_kw":{"office":1e400}}`, `{"load_kw":{"office":NaN}}`, `{"load_kw":{"office":"7"}}`} {
		code, _ = call(t, c, http.MethodPost, hs.URL+"/measurements", []byte(raw), testToken)
		require.Equal(t, http.StatusBadRequest, code, raw)
	}
	code, body := call(t, c, http.MethodGet, hs.URL+"/metrics", nil, "")
	require.Equal(t, http.StatusOK, code)
	text := string(body)
	for _, want := range []string{
		"zeropark_steps_total 6\n",
		`zeropark_measurement_batches_total{result="accepted"} 6` + "\n",
		`zeropark_measurement_batches_total{result="rejected"} 4` + "\n",
		"zeropark_solve_seconds_count 6\n",
		"zeropark_step_seconds_count 6\n",
		"zeropark_settled_intervals 5\n",
		`zeropark_stand_ins_total{series="load:office"} 0` + "\n",
		`zeropark_forecast_repairs_total{series="dispatch_carbon"} 0` + "\n",
		`zeropark_measured_values_total{series="load:office"} ` + itoa(96*seedDays+6) + "\n",
		"zeropark_wal_fsync_seconds_count",
		"zeropark_measurement_intake_seconds_count 6\n",
		"zeropark_residual_kgco2e ",
		"zeropark_unserved_energy_kwh 0\n",
		`zeropark_http_request_seconds_count{code="400",route="POST /measurements"} 4` + "\n",
		"go_goroutines ",
	} {
		assert.Contains(t, text, want)
	}
	r, err := s.Controller().Ledger()
	require.NoError(t, err)
	assert.Contains(t, text, `zeropark_stage{stage="`+string(r.Stage)+`"} 1`)
}

func itoa(n int) string { return strconv.Itoa(n) }

// The clock mode plans each interval StepDelay after it starts, by the
// clock; /healthz turns 503 when the steps stop.
func TestClockMode(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.Mode = Clock
	cfg.StepDelay = 10 * time.Second
	var now atomic.Int64
	now.Store(at(3).Add(time.Minute).UnixNano())
	cfg.Now = func() time.Time { return time.Unix(0, now.Load()).In(t0.Location()) }
	s, hs := openTest(t, cfg)
	defer s.Close()
	ctx, stop := contextWithCancel()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, func() bool { return s.Controller().Next().Equal(at(4)) }, "the first step, at once: interval 3")
	now.Store(at(4).Add(5 * time.Second).UnixNano()) // within the delay
	time.Sleep(1200 * time.Millisecond)              // Run polls every second
	assert.True(t, s.Controller().Next().Equal(at(4)), "not before the delay")
	now.Store(at(4).Add(11 * time.Second).UnixNano())
	waitFor(t, func() bool { return s.Controller().Next().Equal(at(5)) }, "interval 4 after its delay")
	stop()
	require.NoError(t, <-done)
	code, _ := call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	assert.Equal(t, http.StatusOK, code)
	now.Store(at(7).UnixNano()) // three steps later, nothing stepped
	code, body := call(t, hs.Client(), http.MethodGet, hs.URL+"/healthz", nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Contains(t, string(body), `"status":"stalled"`)
}

// waitFor polls cond every 10 ms, for at most 30 s.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for range 3000 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("gave up waiting for %s", what)
}

// The Python client of examples/serve-client posts measurements and reads
// the plan (skipped where python3 is missing).
func TestPythonClient(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	out := runClient(t, hs.URL, meter(0))
	assert.Contains(t, out, "accepted 1 measurement(s)")
	assert.Contains(t, out, at(1).Format(time.RFC3339))
	assert.Contains(t, out, `battery "bat"`)
	assert.True(t, s.Controller().Next().Equal(at(2)))
}

// GET /metrics has each battery's state-of-charge counts: a reading far
// from what the battery could reach is measured, applied and counted as a
// jump, with its drift, as the Controller's own metrics have them.
func TestSoCMetrics(t *testing.T) {
	s, hs := openTest(t, testConfig(t.TempDir()))
	defer s.Close()
	c := hs.Client()
	feed(t, s, 0, 4)
	m := meter(4)
	m.SoCKWh = map[string]float64{"bat": 350} // 100 kW for 15 min moves 25 kWh of 400
	code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", m, testToken)
	require.Equal(t, http.StatusOK, code, "%s", body)
	code, body = call(t, c, http.MethodGet, hs.URL+"/metrics", nil, "")
	require.Equal(t, http.StatusOK, code)
	text := string(body)
	b := s.Controller().Metrics().Batteries[0]
	require.Equal(t, 1, b.Jumps)
	for _, want := range []string{
		`zeropark_soc_measured_total{kind="battery",store="bat"} 1` + "\n",
		`zeropark_soc_applied_total{kind="battery",store="bat"} 1` + "\n",
		`zeropark_soc_late_total{kind="battery",store="bat"} 0` + "\n",
		`zeropark_soc_jumps_total{kind="battery",store="bat"} 1` + "\n",
		`zeropark_soc_drift_kwh{kind="battery",store="bat"} ` + strconv.FormatFloat(b.DriftKWh, 'g', -1, 64) + "\n",
	} {
		assert.Contains(t, text, want)
	}
	assert.Greater(t, b.DriftKWh, 100.0, "350 against about 200")
}
