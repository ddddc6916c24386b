package serve

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// -serve.duration sets how long BenchmarkServeLoad runs (the issue's
// figure is 60 s: go test ./serve -run '^$' -bench ServeLoad -benchtime 1x
// -serve.duration 60s).
var loadDuration = flag.Duration("serve.duration", 10*time.Second, "how long BenchmarkServeLoad's clients run")

// -serve.pace is each client's pause between two requests: 0 is a closed
// loop (every client sends its next request as soon as the last is
// answered: the server and the 50 clients saturate the 2 cores, and the
// latency is mostly queueing); 10ms offers 5,000 requests a second.
var loadPace = flag.Duration("serve.pace", 10*time.Millisecond, "BenchmarkServeLoad: each client's pause between requests (0: closed loop)")

// -serve.dir is where BenchmarkServeLoad makes its state directory
// (default: the test's temporary directory): a tmpfs such as /dev/shm
// takes the disk's fsync out of the figures, leaving the server's own
// waits.
var loadDir = flag.String("serve.dir", "", "BenchmarkServeLoad: the directory to make the state directory in (default: a temporary one)")

// -serve.snapshot-every is BenchmarkServeLoad's Config.SnapshotEvery: 5
// (the tests' configuration: a snapshot a second at five steps a second)
// unless set; 0 is the server's default, DefaultSnapshotEvery.
var loadSnapshotEvery = flag.Int("serve.snapshot-every", 5, "BenchmarkServeLoad: steps between snapshots (0: the server's default)")

// loadClients is the 50 concurrent clients: half read the plan,
// half post measurements; a 51st steps the Controller every stepEvery.
const (
	loadClients = 50
	stepEvery   = 200 * time.Millisecond
	// minLoadSteps is how many steps a load runs at least, after the
	// first (runLoad).
	minLoadSteps = 5
)

// loadResult are the latencies seen by the clients, the Step times the
// server reported and the fsyncs of its log.
type loadResult struct {
	get, post []time.Duration
	// intake are the server's times to check, log and merge or queue a
	// batch, before its fsync (zeropark_measurement_intake_seconds).
	intake []time.Duration
	// duringStep are the latencies of the POSTs sent while a POST /step
	// was in flight (those a Step could hold up).
	duringStep []time.Duration
	stepMS     []float64
	fsync      []time.Duration
	errors     int64
	queued     int64 // POSTs answered while a Step or snapshot held the Controller
	wall       time.Duration
}

// runLoad runs the clients against s on loopback for d (bounded: every
// client stops at the deadline, each request has a 30 s timeout).
func runLoad(t testing.TB, s *Server, url string, d, pace time.Duration) loadResult {
	tr := &http.Transport{MaxIdleConns: 2 * loadClients, MaxIdleConnsPerHost: 2 * loadClients}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var res loadResult
	var mu sync.Mutex
	var wg sync.WaitGroup
	observe := s.log.observe // the fsyncs, as the metric sees them
	s.log.observe = func(d time.Duration) {
		observe(d)
		mu.Lock()
		res.fsync = append(res.fsync, d)
		mu.Unlock()
	}
	defer func() { s.log.observe = observe }()
	onIntake := s.m.onIntake
	s.m.onIntake = func(d time.Duration) {
		onIntake(d)
		mu.Lock()
		res.intake = append(res.intake, d)
		mu.Unlock()
	}
	defer func() { s.m.onIntake = onIntake }()
	deadline := time.Now().Add(d)
	// stepping counts the POST /step requests in flight.
	var stepping atomic.Int32
	do := func(method, path string, body []byte, tok string) (int, []byte, time.Duration) {
		req, err := http.NewRequest(method, url+path, bytes.NewReader(body))
		if err != nil {
			return 0, nil, 0
		}
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		began := time.Now()
		resp, err := c.Do(req)
		if err != nil {
			return 0, nil, time.Since(began)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, data, time.Since(began)
	}
	// executing is the interval of the last plan, Unix ns: the clients
	// read it here rather than from the server's Controller, whose lock
	// a Step holds (a client must not wait for the server's Step before
	// it even sends its request).
	var executing atomic.Int64
	executing.Store(t0.UnixNano())
	// The stepper: the clock, fast (its first step before the clients
	// start, so that there is a plan to read).
	stepOnce := func() {
		next := s.Controller().Next()
		if next.IsZero() {
			next = t0
		}
		req, _ := json.Marshal(map[string]time.Time{"at": next})
		stepping.Add(1)
		code, body, _ := do(http.MethodPost, "/step", req, testToken)
		stepping.Add(-1)
		var pv PlanView
		if code != http.StatusOK || json.Unmarshal(body, &pv) != nil {
			atomic.AddInt64(&res.errors, 1)
			return
		}
		executing.Store(pv.Decision.Start.UnixNano())
		mu.Lock()
		res.stepMS = append(res.stepMS, pv.Decision.ControllerMS)
		mu.Unlock()
	}
	stepOnce()
	// The load lasts d and at least minLoadSteps steps more, however slow
	// the machine: the clients stop when the stepper does, so no count of
	// steps rests on the clock.
	var over atomic.Bool
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer over.Store(true)
		for n := 0; n < minLoadSteps || time.Now().Before(deadline); n++ {
			time.Sleep(stepEvery)
			stepOnce()
		}
	}()
	began := time.Now()
	for i := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat, during []time.Duration
			for !over.Load() {
				if pace > 0 {
					time.Sleep(pace)
				}
				var code int
				var took time.Duration
				var answer []byte
				if i%2 == 0 {
					code, answer, took = do(http.MethodGet, "/plan", nil, "")
				} else {
					// The interval being executed, measured early: a
					// value of it, sent again and again (the last wins).
					k := int(time.Unix(0, executing.Load()).Sub(t0) / step)
					m := meter(k)
					m.LoadKW["office"] += float64(i)
					body, _ := json.Marshal(m)
					stepped := stepping.Load() > 0
					code, answer, took = do(http.MethodPost, "/measurements", body, testToken)
					if code == http.StatusOK && (stepped || stepping.Load() > 0) {
						during = append(during, took)
					}
				}
				if code != http.StatusOK {
					if atomic.AddInt64(&res.errors, 1) == 1 {
						t.Logf("first error: %d %s", code, answer)
					}
					continue
				}
				if i%2 == 1 && bytes.Contains(answer, []byte(`"queued":true`)) {
					atomic.AddInt64(&res.queued, 1)
				}
				lat = append(lat, took)
			}
			mu.Lock()
			if i%2 == 0 {
				res.get = append(res.get, lat...)
			} else {
				res.post = append(res.post, lat...)
				res.duringStep = append(res.duringStep, during...)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.wall = time.Since(began)
	return res
}

// quantile is the q-quantile of v (sorted in place), nearest rank.
func quantile[T time.Duration | float64](v []T, q float64) T {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	i := int(q*float64(len(v))+0.5) - 1
	return v[min(max(i, 0), len(v)-1)]
}

// loadServer is a server that only the clients' POST /step steps (the
// clock mode without its clock running).
func loadServer(t testing.TB, parent string, snapshotEvery int) (*Server, string) {
	dir := t.TempDir()
	if parent != "" {
		var err error
		dir, err = os.MkdirTemp(parent, "serve-load")
		require.NoError(t, err)
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	cfg := testConfig(dir)
	cfg.Mode = Clock
	cfg.SnapshotEvery = snapshotEvery
	s, hs := openTest(t, cfg)
	return s, hs.URL
}

// 50 clients for two seconds (and six steps at least, however slow the
// machine) on loopback, with the Controller stepping five times a second: no request fails, and the server's ledger is a
// replay of its log (snapshots taken under load, and batches queued
// behind Steps and snapshots, included).
func TestLoad(t *testing.T) {
	removeSegments = func(string, uint64) error { return nil }
	defer func() { removeSegments = removeBefore }()
	s, url := loadServer(t, "", testConfig("").SnapshotEvery)
	res := runLoad(t, s, url, 2*time.Second, 0)
	require.GreaterOrEqual(t, len(res.stepMS), 1+minLoadSteps-int(res.errors), "stepped every %v", stepEvery)
	assert.Zero(t, res.errors)
	assert.NotEmpty(t, res.get)
	assert.NotEmpty(t, res.post)
	assert.NotEmpty(t, res.stepMS)
	got := settledLedger(t, s.Controller())
	recs, _, err := ReadLog(s.cfg.StateDir, 0)
	require.NoError(t, err)
	behind := 0
	for _, r := range recs {
		if r.Op == OpStep && r.Before != 0 {
			behind++
		}
	}
	t.Logf("%d GET /plan, %d POST /measurements (%d queued), %d steps (%d with batches queued behind them) in %v", len(res.get), len(res.post),
		res.queued, len(res.stepMS), behind, res.wall)
	cfg := testConfig("")
	c, err := Replay(smallPark(), cfg.Live, cfg.Seed, recs)
	require.NoError(t, err)
	defer c.Close()
	want := settledLedger(t, c)
	assert.Equal(t, want, got)
	require.NoError(t, s.Close())
}

// BenchmarkServeLoad is the serve performance target: 50 concurrent
// clients on loopback for -serve.duration, half GET /plan, half POST
// /measurements, while the Controller steps five times a second (POST
// /step). It reports the clients' p50 and p99 latencies and the Step
// times the server measured in the same run: the targets are GET /plan
// p99 ≤ 5 ms and POST /measurements p99 ≤ Step p99 + 2 ms.
func BenchmarkServeLoad(b *testing.B) {
	s, url := loadServer(b, *loadDir, *loadSnapshotEvery)
	defer s.Close()
	b.ResetTimer()
	var res loadResult
	for range b.N {
		res = runLoad(b, s, url, *loadDuration, *loadPace)
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	b.ReportMetric(ms(quantile(res.get, 0.5)), "get-p50-ms")
	b.ReportMetric(ms(quantile(res.get, 0.99)), "get-p99-ms")
	b.ReportMetric(ms(quantile(res.post, 0.5)), "post-p50-ms")
	b.ReportMetric(ms(quantile(res.post, 0.99)), "post-p99-ms")
	b.ReportMetric(ms(quantile(res.duringStep, 0.99)), "post-during-step-p99-ms")
	b.ReportMetric(float64(len(res.duringStep)), "posts-during-step")
	b.ReportMetric(quantile(res.stepMS, 0.5), "step-p50-ms")
	b.ReportMetric(quantile(res.stepMS, 0.99), "step-p99-ms")
	b.ReportMetric(ms(quantile(res.intake, 0.99)), "intake-p99-ms")
	b.ReportMetric(ms(quantile(res.intake, 0.999)), "intake-p999-ms")
	b.ReportMetric(ms(quantile(res.fsync, 0.5)), "fsync-p50-ms")
	b.ReportMetric(ms(quantile(res.fsync, 0.99)), "fsync-p99-ms")
	b.ReportMetric(float64(len(res.get)+len(res.post))/res.wall.Seconds(), "req/s")
	b.ReportMetric(float64(res.errors), "errors")
	b.ReportMetric(float64(res.queued), "queued")
	b.Logf("GOMAXPROCS %d, %d clients pausing %v, %v: %d GET, %d POST, %d steps; state in %s, a snapshot every %d steps", runtime.GOMAXPROCS(0),
		loadClients, *loadPace, res.wall, len(res.get), len(res.post), len(res.stepMS), s.cfg.StateDir, s.cfg.SnapshotEvery)
}
