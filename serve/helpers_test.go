package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// testToken is the bearer token of the test servers.
const testToken = "test-token-0123456789abcdef"

// smallPark has two tenants, a PV array, a battery and a carbon column.
func smallPark() *model.Park {
	return &model.Park{
		Name:  "small",
		Loads: []model.Load{{Name: "office", Column: "a"}, {Name: "shop", Column: "b"}},
		PV:    []model.PVArray{{Name: "roof", CapacityKWp: 200, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{{Name: "bat", EnergyKWh: 400, MaxChargeKW: 100, MaxDischargeKW: 100,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 1000, ExportLimitKW: 100,
			DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average},
			ImportPrice:    &model.Price{PerKWh: 0.2, TimeOfUse: []model.TOUPeriod{{FromHour: 17, ToHour: 21, PerKWh: 0.4}}}},
	}
}

var t0 = time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("", 3600))

const step = 15 * time.Minute

// at is interval k's start.
func at(k int) time.Time { return t0.Add(time.Duration(k) * step) }

// meter is what the meters report for interval k: a daily shape of loads,
// PV by day and a carbon signal that is lower at night.
func meter(k int) live.Measurement {
	h := float64((k%96+96)%96) / 4
	day := math.Max(0, math.Sin(math.Pi*(h-6)/12))
	return live.Measurement{Start: at(k),
		LoadKW:               map[string]float64{"office": 60 + 80*day, "shop": 40 + 20*math.Cos(h/3)},
		PVAvailableKW:        map[string]float64{"roof": 150 * day},
		DispatchKgCO2ePerKWh: live.Value(0.3 + 0.2*day + 0.05*math.Sin(float64(k)/7) + 0.1*math.Cos(h/4))}
}

// seedDays of history are seeded before t0: more than a week, so that
// the seasonal forecasters have a pattern to follow (flat forecasts make
// plans that tie, which a restarted solver may break another way).
const seedDays = 9

// testConfig is a measured-mode server of the small park in dir, with
// a 6-hour horizon and seedDays of history before t0.
func testConfig(dir string) Config {
	lc := live.DefaultConfig(t0.Add(-seedDays*24*time.Hour), step)
	lc.Dispatch.Horizon = 6 * time.Hour
	cfg := DefaultConfig(lc, dir)
	cfg.Mode = Measured
	cfg.Token = testToken
	cfg.SnapshotEvery = 5
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	for k := -96 * seedDays; k < 0; k++ {
		cfg.Seed = append(cfg.Seed, meter(k))
	}
	return cfg
}

// openTest opens a server of smallPark and cfg and serves it on a
// loopback port.
func openTest(t testing.TB, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	return openPark(t, smallPark(), cfg)
}

// openPark opens a server of park p and cfg and serves it on a loopback
// port.
func openPark(t testing.TB, p *model.Park, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	s, err := Open(p, cfg)
	require.NoError(t, err)
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return s, hs
}

// runClient runs the Python client of examples/serve-client against the
// server at url with measurement m, and returns its output (the test is
// skipped where python3 is missing).
func runClient(t *testing.T, url string, m live.Measurement) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	data, err := json.Marshal(m)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "m.json")
	require.NoError(t, os.WriteFile(file, data, 0o600))
	cmd := exec.Command(py, "../examples/serve-client/client.py", "--url", url, "--measurements", file)
	cmd.Env = append(os.Environ(), "ZEROPARK_TOKEN="+testToken)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return string(out)
}

// call sends a request (body: JSON of v, or bytes) with the token when
// tok is set, and returns the status and body.
func call(t testing.TB, c *http.Client, method, url string, body any, tok string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, data
}

func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

// settledLedger is c's ledger without the solve times, which differ
// between two runs of the same Steps (a restart's replay, say): what the
// replay tests compare. The counts (steps, solves, iterations) stay.
func settledLedger(t testing.TB, c *live.Controller) dispatch.Report {
	t.Helper()
	r, err := c.Ledger()
	require.NoError(t, err)
	r.Solve.TotalS, r.Solve.P50MS, r.Solve.P99MS, r.Solve.MaxMS = 0, 0, 0, 0
	return r
}
