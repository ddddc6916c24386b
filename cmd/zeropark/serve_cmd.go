package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
	"github.com/zeropark/zeropark/serve"
)

// serveCmd is `zeropark serve`.
var serveCmd = &command{
	name:    "serve",
	summary: "serve a park's live controller over HTTP/JSON: measurements in, setpoints, plan and ledger out",
	run:     runServe,
}

// tokenEnv names the environment variable that may hold the bearer token.
const tokenEnv = "ZEROPARK_TOKEN"

const serveAbout = `
Runs the park's live controller (package live) behind an HTTP/JSON API:

  POST /measurements  meter readings, signals, states of charge; with heat,
                      heat loads, heat-pump temperatures or COPs and
                      thermal-store contents (token)
  POST /step          plan an interval now (token)
  GET  /plan          the setpoints of the interval being executed and the
                      plan behind them (with heat: the heat side's too)
  GET  /ledger        residual, offsets needed and stage of the settled
                      intervals kept (a rolling 53 to 57 weeks)
  GET  /healthz       200, or 503 when stepping has stalled or failed
  GET  /metrics       Prometheus text format
  GET  /openapi.json  the OpenAPI 3.1 document of all of them

Every change needs the bearer token (Authorization: Bearer TOKEN): from
--token-file, else $ZEROPARK_TOKEN, else the one the server makes and keeps
in STATE/token (mode 0600). A change answered 2xx is in the state directory's
write-ahead log, fsynced: a crash loses nothing answered, and a restart
with the same --state replays it (the saved state wins over --series and
--start, and the log warns that the series seeds nothing). --series (or --demo) seeds a new state's history with its last
53 weeks, and the controller's time axis starts where they start (step
first after them: a step at their start has no history behind it, and
forecasts every load as 0 kW); with --start the series seeds nothing (its
times need not be on that axis: the log warns).

--mode clock (the default) plans each interval --step-delay after it
starts, by the wall clock; --mode measured plans interval k+1 when meter
readings of interval k arrive (replays and tests: no waiting for the
clock). --park may come alone: the history then starts empty, on 15-minute
intervals (--step sets another) from today's midnight (--start sets
another).`

// serveFlags are serve's own flags.
type serveFlags struct {
	addr, state, tokenFile, mode, start string
	zone                                string // --zone: the IANA name of the controller's clock
	tokenFrom                           string // where the token came from, for the log: $ZEROPARK_TOKEN or --token-file FILE ("" for STATE/token)
	stepDelay, maxStepAhead             time.Duration
	snapshotEvery                       int
	maxBody                             int64
	authReads                           bool
}

func runServe(e *env, args []string) error {
	cfg, p, vf, err := parseServe(e, args)
	if err != nil {
		return err
	}
	return serveUntilSignal(e, p, cfg, vf.addr, vf.tokenFrom, vf.zone)
}

// parseServe reads serve's flags, the park and the series into the
// server's configuration.
func parseServe(e *env, args []string) (serve.Config, *model.Park, serveFlags, error) {
	var sf scenarioFlags
	var vf serveFlags
	f := newFlagSet(e, "serve", "zeropark serve --park FILE [--series FILE] [--addr 127.0.0.1:8080] [--state DIR] [flags]", serveAbout)
	sf.add(f)
	f.StringVar(&vf.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0: any free port, printed)")
	f.StringVar(&vf.state, "state", "", "state `DIR`: snapshot, write-ahead log, token (default: beside the park file,\nPARK.state; required with --demo)")
	f.StringVar(&vf.tokenFile, "token-file", "", "read the bearer token from `FILE` (else $"+tokenEnv+", else STATE/token, made once)")
	f.StringVar(&vf.mode, "mode", string(serve.Clock), "who steps: `clock` (the wall clock) or measured (meter readings of an interval plan the next)")
	f.DurationVar(&vf.stepDelay, "step-delay", serve.DefaultStepDelay, "clock mode: plan each interval this long after it starts, so its meters' readings are in")
	f.DurationVar(&vf.maxStepAhead, "max-step-ahead", serve.DefaultMaxStepAhead, "refuse (409) a POST /step, or in the measured mode a batch of readings, that\nsteps this long or more past the next interval to plan: the intervals it skips\nsettle without a plan (0: the default; negative: no bound)")
	f.StringVar(&vf.start, "start", "", "first interval of a new state's time axis, RFC 3339 (default: the series' start, else\ntoday's midnight in local time); its UTC offset is the clock of time-of-use prices, held\nall year unless --zone names the zone")
	f.StringVar(&vf.zone, "zone", "", "the controller's clock, an IANA time zone `NAME` (e.g. Europe/Berlin, America/Chicago; or Local,\nUTC): time-of-use hours and months follow its daylight saving time. Without it, the clock\nis the series' own (its timestamps' offsets), else --start's fixed UTC offset, else today's")
	f.IntVar(&vf.snapshotEvery, "snapshot-every", serve.DefaultSnapshotEvery, "snapshot the controller every `N` steps and trim the log (0: only at start and stop)")
	f.Int64Var(&vf.maxBody, "max-body-bytes", serve.DefaultMaxBodyBytes, "largest request body accepted, `BYTES` (413 beyond)")
	f.BoolVar(&vf.authReads, "auth-reads", false, "ask for the token on the reading endpoints too (all but /healthz)")
	if err := f.parse(args); err != nil {
		return serve.Config{}, nil, vf, err
	}
	if sf.park == "" && sf.demo == "" {
		f.usage(e.stderr)
		return serve.Config{}, nil, vf, badInputf("name the park: --park FILE [--series FILE], or --demo NAME")
	}
	cfg, p, err := serveConfig(e, &sf, &vf)
	return cfg, p, vf, err
}

// serveConfig reads the park (and series) and builds the server's
// configuration from the flags.
func serveConfig(e *env, sf *scenarioFlags, vf *serveFlags) (serve.Config, *model.Park, error) {
	var cfg serve.Config
	mode := serve.Mode(vf.mode)
	if mode != serve.Clock && mode != serve.Measured {
		return cfg, nil, badInputf("--mode %s: want clock or measured", model.Quote(vf.mode))
	}
	state := vf.state
	if state == "" {
		if sf.park == "" {
			return cfg, nil, badInputf("--state DIR is required with --demo")
		}
		base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(sf.park), ".json"), ".park")
		state = filepath.Join(filepath.Dir(sf.park), base+".state")
	}
	// A file as the directory, or above it (that was exit 1, "serve:
	// state directory: mkdir F: not a directory"; QA X, session 38).
	if err := checkOutDir("--state", state); err != nil {
		return cfg, nil, err
	}
	tok, from, err := readToken(vf.tokenFile)
	if err != nil {
		return cfg, nil, err
	}
	vf.tokenFrom = from
	p, dc, choices, seed, start, step, err := serveInputs(sf)
	if err != nil {
		return cfg, nil, err
	}
	dropped := 0 // intervals of the series not seeded (--start)
	if vf.start != "" {
		if start, err = model.ParseRFC3339(vf.start); err != nil {
			return cfg, nil, badInputf("--start %s: want an RFC 3339 time such as 2026-01-05T00:00:00+01:00", model.Quote(vf.start))
		}
		dropped = len(seed) // the series' times are not on that axis
		seed = nil
	}
	if vf.zone != "" {
		// Where the start came from, for the message when its offset is
		// not the zone's (time QA, 2026-12-04: it said "give --start" to
		// a user who gave --series).
		source := "give --start with the zone's offset"
		switch {
		case vf.start != "":
		case sf.series != "":
			source = fmt.Sprintf("the start is the series %s's first timestamp: stamp the series in the zone's offsets, or give --start", sf.series)
		case sf.park == "":
			source = "the start is the demo's: give --start with the zone's offset"
		}
		if start, err = inZone(vf.zone, start, sf.park != "" && sf.series == "" && vf.start == "", source); err != nil {
			return cfg, nil, err
		}
	}
	lc := live.DefaultConfig(start, step)
	lc.Dispatch, lc.Forecasts = dc, choices
	cfg = serve.DefaultConfig(lc, state)
	cfg.Mode, cfg.StepDelay, cfg.Token, cfg.AuthReads, cfg.MaxBodyBytes, cfg.Seed = mode, vf.stepDelay, tok, vf.authReads, vf.maxBody, seed
	cfg.SnapshotEvery, cfg.MaxStepAhead = vf.snapshotEvery, vf.maxStepAhead
	if vf.snapshotEvery == 0 {
		cfg.SnapshotEvery = -1
	}
	cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	if dropped > 0 {
		cfg.Logger.Warn("--start given: the series seeds no history (omit --start to seed its last 53 weeks; the controller then starts where they start)",
			"series_intervals_not_seeded", dropped)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, badInput(err)
	}
	return cfg, p, nil
}

// inZone puts start on the clock of the IANA zone name (--zone).
// today: start is the default of a park without a series (today's
// midnight at the machine's current UTC offset), taken as today's midnight
// in the zone instead; any other start must have the zone's offset at
// that instant, or it is refused (fix says how to mend it): the instant
// would be another.
func inZone(name string, start time.Time, today bool, fix string) (time.Time, error) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return start, badInputf("--zone %s: not a time zone (want an IANA name such as Europe/Berlin, or Local or UTC): %v", model.Quote(name), err)
	}
	if today {
		y, m, d := time.Now().In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc), nil
	}
	_, off := start.Zone()
	z := start.In(loc)
	if _, zoff := z.Zone(); zoff != off {
		return start, badInputf("--zone %s: its UTC offset at the start %s is %s, the start's is %s: %s",
			model.Quote(name), start.Format(time.RFC3339), z.Format("-07:00"), start.Format("-07:00"), fix)
	}
	return z, nil
}

// zoneMismatch is the warning when --zone (want; "" when not given)
// names another clock than the one the controller runs on: a state saved
// on another clock keeps it ("" when they agree).
func zoneMismatch(want string, clock *time.Location) string {
	if want == "" || clock.String() == want {
		return ""
	}
	return fmt.Sprintf("warning: --zone %s, but the state's clock is %s, as it was saved: that clock is kept (start with another --state for a new one)",
		model.Quote(want), clockName(clock))
}

// clockName names a controller's clock: a zone by its name, and a fixed
// UTC offset (a series' or --start's, which has no name) by the offset.
func clockName(clock *time.Location) string {
	if name := clock.String(); name != "" {
		return model.Quote(name)
	}
	return "the fixed UTC offset " + time.Unix(0, 0).In(clock).Format("-07:00")
}

// parkAloneStep is the step of a controller started from a park file
// alone (no series, no --step); serve's help names it.
const parkAloneStep = 15 * time.Minute

// serveInputs reads the park, its dispatch configuration and forecaster
// choices, and, with a series file or a demo, the history to seed a new
// state with (the last DefaultHistory of it) and its start and step.
func serveInputs(sf *scenarioFlags) (p *model.Park, dc dispatch.Config, choices []forecast.Choice, seed []live.Measurement,
	start time.Time, step time.Duration, err error) {
	o := sf.options()
	if o.ParkFile != "" && o.SeriesFile == "" {
		if err := inputFileProblem("--park", o.ParkFile); err != nil {
			return nil, dc, nil, nil, start, 0, badInput(err)
		}
		p, dc, choices, err = scenario.OpenPark(o)
		if errors.Is(err, scenario.ErrOptions) {
			err = badInput(err)
		}
		step = o.Step
		if step == 0 {
			step = parkAloneStep
		}
		now := time.Now()
		_, off := now.Zone()
		y, m, d := now.Date()
		start = time.Date(y, m, d, 0, 0, 0, 0, time.FixedZone("", off))
		return p, dc, choices, nil, start, step, err
	}
	s, dc, err := sf.prepare()
	if err != nil {
		return nil, dc, nil, nil, start, 0, err
	}
	prof := s.Profiles
	from := max(0, prof.Len-int(live.DefaultHistory/prof.Step))
	seed = serve.MeasurementsOf(s.Park, prof, from, prof.Len)
	return s.Park, dc, s.Forecasts, seed, prof.Start.Add(time.Duration(from) * prof.Step), prof.Step, nil
}

// readToken reads the token from file, else $ZEROPARK_TOKEN ("" if
// neither: the server uses the one in its state directory), and where it
// came from: "--token-file FILE" or "$ZEROPARK_TOKEN" ("" with no token).
func readToken(file string) (string, string, error) {
	tok := os.Getenv(tokenEnv)
	from := "$" + tokenEnv
	if file != "" {
		if err := inputFileProblem("--token-file", file); err != nil {
			return "", "", badInput(err)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return "", "", err
		}
		tok, from = strings.TrimSpace(string(data)), "--token-file "+file
	}
	if tok == "" {
		return "", "", nil
	}
	if len(tok) < serve.MinTokenBytes || strings.ContainsAny(tok, " \t\r\n") {
		return "", "", badInputf("%s: the token must be at least %d bytes of visible ASCII", from, serve.MinTokenBytes)
	}
	return tok, from, nil
}

// serveUntilSignal opens the server, listens on addr and serves until
// SIGINT or SIGTERM, then stops accepting, finishes the requests under
// way, takes a last snapshot and exits.
func serveUntilSignal(e *env, p *model.Park, cfg serve.Config, addr, tokenFrom, zone string) error {
	s, err := serve.Open(p, cfg)
	if err != nil {
		if errors.Is(err, serve.ErrState) || errors.Is(err, live.ErrState) {
			return badInput(fmt.Errorf("--state %s: %w (start with another --state to begin anew)", cfg.StateDir, err))
		}
		return err
	}
	if w := zoneMismatch(zone, s.Controller().Clock()); w != "" {
		fmt.Fprintln(e.stderr, "zeropark serve: "+w)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.Close()
		return badInputf("--addr %s: %v", addr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hs := serve.NewHTTPServer(addr, s.Handler())
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	tokenAt := tokenSource(cfg, tokenFrom)
	fmt.Fprintf(e.stderr, "zeropark serve: listening on http://%s (mode %s, state %s, token %s)\n", ln.Addr(), cfg.Mode, cfg.StateDir, tokenAt)
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		fmt.Fprintln(e.stderr, "zeropark serve: not a loopback address: the token travels in clear text; put a TLS proxy in front")
	}
	var runErr, serveErr error
	running := true
	select {
	case <-ctx.Done():
	case runErr = <-ran:
		running = false
	case serveErr = <-served:
	}
	stop() // Run returns
	if running {
		runErr = <-ran
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = errors.Join(runErr, serveErr, ignoreClosed(hs.Shutdown(shutdown)), s.Close())
	fmt.Fprintln(e.stderr, "zeropark serve: stopped")
	return err
}

func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// tokenSource says, for the log line, where the server's token is: from
// $ZEROPARK_TOKEN or --token-file FILE (tokenFrom, as readToken gives it),
// else the state directory's token file.
func tokenSource(cfg serve.Config, tokenFrom string) string {
	if cfg.Token == "" || tokenFrom == "" {
		return serve.TokenFile(cfg.StateDir)
	}
	return "from " + tokenFrom
}
