package serve_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/serve"
)

// park is a small park: two tenants, a PV array, a battery, a carbon
// column.
func park() *model.Park {
	return &model.Park{
		Name:  "example",
		Loads: []model.Load{{Name: "office", Column: "a"}, {Name: "shop", Column: "b"}},
		PV:    []model.PVArray{{Name: "roof", CapacityKWp: 200, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{{Name: "bat", EnergyKWh: 400, MaxChargeKW: 100, MaxDischargeKW: 100,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 1000, ExportLimitKW: 100,
			DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average}},
	}
}

var start = time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("CET", 3600))

// reading is what the meters report for hour k: loads, PV by day, a
// carbon signal lower at night.
func reading(k int) live.Measurement {
	h := float64(k % 24)
	sun := math.Max(0, math.Sin(math.Pi*(h-6)/12))
	return live.Measurement{Start: start.Add(time.Duration(k) * time.Hour),
		LoadKW:               map[string]float64{"office": 60 + 80*sun, "shop": 40},
		PVAvailableKW:        map[string]float64{"roof": 180 * sun},
		DispatchKgCO2ePerKWh: live.Value(0.45 + 0.2*math.Cos(math.Pi*(h-19)/12))}
}

// config is a measured-mode server of park() in dir, hourly, a 6-hour
// horizon, a day of history before start, logging nowhere.
func config(dir string) serve.Config {
	lc := live.DefaultConfig(start.Add(-24*time.Hour), time.Hour)
	lc.Dispatch.Horizon = 6 * time.Hour
	cfg := serve.DefaultConfig(lc, dir)
	cfg.Mode = serve.Measured
	cfg.Token = "example-token-0123456789"
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	for k := -24; k < 0; k++ {
		cfg.Seed = append(cfg.Seed, reading(k))
	}
	return cfg
}

// Open makes a state directory the first time (the seed measured, a first
// snapshot) and resumes from it after: the log of what was answered is
// replayed, so a server stopped (or killed) resumes where it was.
func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "serve-example")
	defer os.RemoveAll(dir)
	s, err := serve.Open(park(), config(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	for k := range 3 {
		if _, err := s.Measure([]live.Measurement{reading(k)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("next:", s.Controller().Next().Format(time.RFC3339))
	if err := s.Close(); err != nil {
		fmt.Println(err)
		return
	}
	s, err = serve.Open(park(), config(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	fmt.Println("resumed, next:", s.Controller().Next().Format(time.RFC3339))
	_, err = serve.Open(park(), config(dir))
	fmt.Println(err != nil, strings.Contains(err.Error(), "holds the lock"))
	// Output:
	// next: 2024-03-04T04:00:00+01:00
	// resumed, next: 2024-03-04T04:00:00+01:00
	// true true
}

// Measure checks a batch against the park (a bad value refuses the whole
// batch, naming the measurement, asset, field, value and why), logs it and
// answers once it is on disk; in the measured mode, meter readings of the
// interval being executed plan the next one.
func ExampleServer_Measure() {
	dir, _ := os.MkdirTemp("", "serve-example")
	defer os.RemoveAll(dir)
	s, err := serve.Open(park(), config(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	res, err := s.Measure([]live.Measurement{reading(0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d values, %d duplicates, record %d, stepped to %s\n", res.Values, *res.Duplicates, res.Seq, res.Stepped.Format("15:04"))
	bad := reading(1)
	bad.PVAvailableKW["roof"] = 180_000 // W, not kW
	_, err = s.Measure([]live.Measurement{bad})
	fmt.Println(errors.Is(err, model.ErrInvalid))
	fmt.Println(err)
	// Output:
	// 4 values, 0 duplicates, record 1, stepped to 01:00
	// true
	// live: measurement[0] (2024-03-04T01:00:00+01:00): pv "roof": pv_available_kw = 180000: above 300 kW, 1.5 × the installed capacity: a value in W, or of another asset (measured mode: nothing was stepped, so 2024-03-04T02:00:00+01:00 is not planned; send the batch again without what was refused, or POST /step)
}

// Step plans an interval (POST /step, or the clock's tick in the clock
// mode) and answers once it is logged; an interval planned already is
// live.ErrNotNext (409 over HTTP), and changes nothing.
func ExampleServer_Step() {
	dir, _ := os.MkdirTemp("", "serve-example")
	defer os.RemoveAll(dir)
	cfg := config(dir)
	cfg.Mode = serve.Clock
	s, err := serve.Open(park(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	d, err := s.Step(start)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("planned", d.Start.Format("15:04"), "to", d.End.Format("15:04"), "for", len(d.Batteries), "battery")
	_, err = s.Step(start)
	fmt.Println(errors.Is(err, live.ErrNotNext))
	// Output:
	// planned 00:00 to 01:00 for 1 battery
	// true
}

// Run steps the Controller on the clock (the clock mode): each interval is
// planned Config.StepDelay after it starts. Here the clock stands at
// 10:00:30, so Run plans 10:00 at once.
func ExampleServer_Run() {
	dir, _ := os.MkdirTemp("", "serve-example")
	defer os.RemoveAll(dir)
	cfg := config(dir)
	cfg.Mode = serve.Clock
	cfg.StepDelay = 10 * time.Second
	cfg.Now = func() time.Time { return start.Add(10*time.Hour + 30*time.Second) }
	s, err := serve.Open(park(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	for s.Controller().Next().IsZero() {
		time.Sleep(time.Millisecond)
	}
	stop()
	fmt.Println(<-done, "next:", s.Controller().Next().Format("15:04"))
	// Output:
	// <nil> next: 11:00
}

// The handler serves the API: changes need the bearer token, reads do
// not (unless Config.AuthReads); errors are JSON.
func ExampleServer_Handler() {
	dir, _ := os.MkdirTemp("", "serve-example")
	defer os.RemoveAll(dir)
	cfg := config(dir)
	s, err := serve.Open(park(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	hs := httptest.NewServer(s.Handler()) // serve.NewHTTPServer(addr, s.Handler()) in production
	defer hs.Close()
	send := func(method, path, body, token string) {
		req, _ := http.NewRequest(method, hs.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := hs.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer resp.Body.Close()
		answer, _ := io.ReadAll(resp.Body)
		if len(answer) > 60 {
			answer = append(answer[:60], "…"...)
		}
		fmt.Println(method, path, resp.StatusCode, string(bytes.TrimSpace(answer)))
	}
	send("GET", "/plan", "", "")
	m := `{"start": "2024-03-04T00:00:00+01:00", "load_kw": {"office": 70, "shop": 40}}`
	send("POST", "/measurements", m, "")
	send("POST", "/measurements", m, cfg.Token)
	send("POST", "/measurements", `{"start": "2024-03-04T00:00:00+01:00", "load_kwh": {}}`, cfg.Token)
	send("POST", "/step", `{"at": "2024-03-04T01:00:00+01:00"}`, cfg.Token)
	// Output:
	// GET /plan 503 {"error":"no plan yet: the Controller has not stepped"}
	// POST /measurements 401 {"error":"this endpoint needs the bearer token: send Authori…
	// POST /measurements 200 {"values":2,"duplicates":0,"late":0,"settled":0,"measurement…
	// POST /measurements 400 {"error":"live: measurements: offset 54: unknown field \"loa…
	// POST /step 409 {"error":"live: not the next interval: 2024-03-04T01:00:00+0…
}

// ReadLog reads the write-ahead log: every change answered, in order, each
// line checked. With snapshots off (SnapshotEvery < 0) it holds every
// change since the state was made, until Close saves a last snapshot.
func ExampleReadLog() {
	dir, _ := os.MkdirTemp("", "serve-example")
	defer os.RemoveAll(dir)
	cfg := config(dir)
	cfg.SnapshotEvery = -1
	s, err := serve.Open(park(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	for k := range 2 {
		if _, err := s.Measure([]live.Measurement{reading(k)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	records, tail, err := serve.ReadLog(dir, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range records {
		switch r.Op {
		case serve.OpMeasure:
			fmt.Println(r.Seq, r.Op, len(r.Measurements), "measurement of", r.Measurements[0].Start.Format("15:04"))
		case serve.OpStep:
			fmt.Println(r.Seq, r.Op, r.At.Format("15:04"))
		}
	}
	fmt.Printf("torn tail: %q\n", tail.TornPath)
	// Output:
	// 1 measure 1 measurement of 00:00
	// 2 step 01:00
	// 3 measure 1 measurement of 01:00
	// 4 step 02:00
	// torn tail: ""
}

// Replay is what a server's Controller is after the log's changes: a
// fresh Controller, the seed, every record in the order the server
// applied them. Its ledger is the server's.
func ExampleReplay() {
	dir, _ := os.MkdirTemp("", "serve-example")
	defer os.RemoveAll(dir)
	cfg := config(dir)
	cfg.SnapshotEvery = -1
	s, err := serve.Open(park(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	for k := range 5 {
		if _, err := s.Measure([]live.Measurement{reading(k)}); err != nil {
			fmt.Println(err)
			return
		}
	}
	served, err := s.Controller().Ledger()
	if err != nil {
		fmt.Println(err)
		return
	}
	records, _, err := serve.ReadLog(dir, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := serve.Replay(park(), cfg.Live, cfg.Seed, records)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	replayed, err := c.Ledger()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(replayed.Steps, "intervals settled; same residual:", replayed.ResidualKgCO2e == served.ResidualKgCO2e)
	// Output:
	// 4 intervals settled; same residual: true
}

// MeasurementsOf turns a series file's profiles into the measurements a
// park's meters would have sent (Config.Seed): the loads, PV and wind,
// and the signals the park file gives as columns.
func ExampleMeasurementsOf() {
	p := park()
	prof := &model.Profiles{Start: start, Step: time.Hour, Len: 2,
		LoadKW: [][]float64{{70, 72}, {40, 41}}, PVAvailKW: [][]float64{{0, 15}}, DispatchKgCO2ePerKWh: []float64{0.4, 0.38},
		ImportPricePerKWh: []float64{0.2, 0.2}}
	for _, m := range serve.MeasurementsOf(p, prof, 0, 2) {
		fmt.Println(m.Start.Format("15:04"), m.LoadKW, m.PVAvailableKW, *m.DispatchKgCO2ePerKWh, m.ImportPricePerKWh == nil)
	}
	// Output:
	// 00:00 map[office:70 shop:40] map[roof:0] 0.4 true
	// 01:00 map[office:72 shop:41] map[roof:15] 0.38 true
}

// Validate lists every problem of a configuration at once.
func ExampleConfig_Validate() {
	cfg := serve.DefaultConfig(live.DefaultConfig(start, time.Hour), "")
	cfg.Token = "short"
	cfg.StepDelay = 2 * time.Hour
	cfg.MaxStepAhead = time.Minute
	fmt.Println(cfg.Validate())
	// Output:
	// serve: invalid config: StateDir = "": name the directory that keeps the state
	// serve: invalid config: Token = (hidden): 5 bytes: want at least 16
	// serve: invalid config: StepDelay = 2h0m0s: must be ≥ 0 and shorter than the step
	// serve: invalid config: MaxStepAhead = 1m0s: must be at least the step (0: a week; < 0: no bound)
}

// Routes lists the API, the changing endpoints needing the token.
func ExampleRoutes() {
	for _, r := range serve.Routes() {
		fmt.Println(r.Method, r.Path, r.Changes)
	}
	// Output:
	// POST /measurements true
	// POST /step true
	// GET /plan false
	// GET /ledger false
	// GET /healthz false
	// GET /metrics false
	// GET /openapi.json false
}

// Without Config.Token, the server makes a token once and keeps it in the
// state directory, readable by its owner only.
func ExampleTokenFile() {
	dir, _ := os.MkdirTemp("", "serve-example")
	defer os.RemoveAll(dir)
	cfg := config(dir)
	cfg.Token = ""
	s, err := serve.Open(park(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	fi, err := os.Stat(serve.TokenFile(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, _ := os.ReadFile(serve.TokenFile(dir))
	fmt.Println(fi.Mode().Perm(), len(bytes.TrimSpace(tok)), "hex digits")
	// Output:
	// -rw------- 64 hex digits
}

// NewHTTPServer bounds what a slow or stuck client may hold: the headers,
// a whole request, an idle connection.
func ExampleNewHTTPServer() {
	srv := serve.NewHTTPServer("127.0.0.1:8080", http.NotFoundHandler())
	fmt.Println(srv.Addr, srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout, srv.MaxHeaderBytes>>10, "KiB")
	// Output:
	// 127.0.0.1:8080 5s 1m0s 2m0s 64 KiB
}
