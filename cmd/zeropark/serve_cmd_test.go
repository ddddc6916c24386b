package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/scenario"
	"github.com/zeropark/zeropark/serve"
)

// Bad serve flags are bad input (exit 2), each naming the flag.
func TestServeBadFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, []byte("short"), 0o600))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "name the park"},
		{[]string{"serve", "--demo", "texas2012"}, "--state DIR is required with --demo"},
		{[]string{"serve", "--demo", "texas2012", "--state", dir, "--mode", "fast"}, `--mode "fast": want clock or measured`},
		{[]string{"serve", "--demo", "texas2012", "--state", file}, "exists and is not a directory"},
		{[]string{"serve", "--demo", "texas2012", "--state", filepath.Join(file, "st")}, "--state " + filepath.Join(file, "st") + ": " + file + " is not a directory"},
		{[]string{"serve", "--demo", "texas2012", "--state", dir, "--token-file", file}, "at least 16 bytes"},
		{[]string{"serve", "--park", filepath.Join(dir, "none.json")}, "--park " + filepath.Join(dir, "none.json") + ": no such file"},
		{[]string{"serve", "--demo", "texas2012", "--state", dir, "--start", "monday"}, `--start "monday": want an RFC 3339 time`},
		{[]string{"serve", "--demo", "texas2012", "--state", dir, "--step-delay", "2h"}, "StepDelay = 2h0m0s: must be ≥ 0 and shorter than the step"},
	} {
		var stderr bytes.Buffer
		code := realMain(&env{stdout: io.Discard, stderr: &stderr}, tc.args)
		assert.Equal(t, exitBadInput, code, "%v: %s", tc.args, stderr.String())
		assert.Contains(t, stderr.String(), tc.want, "%v", tc.args)
	}
}

// serveProcess is a `zeropark serve` started by a test.
type serveProcess struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	mu     *sync.Mutex
}

var listening = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// startServe starts the binary and waits (at most 60 s) for it to listen.
func startServe(t *testing.T, bin string, args []string, token string) *serveProcess {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), tokenEnv+"="+token)
	pipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &serveProcess{cmd: cmd, stderr: &bytes.Buffer{}, mu: &sync.Mutex{}}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		require.True(t, ok, "zeropark serve exited: %s", p.log())
		p.url = url
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("zeropark serve did not listen: %s", p.log())
	}
	return p
}

func (p *serveProcess) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// kill9 kills the server as a power cut would, from its point of view:
// no clean-up code runs.
func (p *serveProcess) kill9(t *testing.T) {
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	_ = p.cmd.Wait()
}

// The kill -9 test: clients post measurements concurrently to `zeropark
// serve` (measured mode, on loopback); SIGKILL at a seeded random moment;
// restart. Every batch answered 2xx is in the log with the values sent,
// and the restarted server's ledger is a replay of the log through a
// fresh Controller, bit for bit. Twice, so that the second round runs on
// a restarted server.
func TestServeKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := faultBinary(t)
	rng := faultRand(t)
	const token = "kill-test-token-0123456789"
	state := filepath.Join(t.TempDir(), "state")
	args := []string{"serve", "--demo", "texas2012", "--step", "15m", "--limit-hours", "168", "--horizon", "6h",
		"--mode", "measured", "--snapshot-every", "0", "--state", state, "--addr", "127.0.0.1:0"}
	cfg, park, _, err := parseServe(&env{stdout: io.Discard, stderr: io.Discard}, args[1:])
	require.NoError(t, err)
	sc, err := scenario.DemoAt("texas2012", 15*time.Minute)
	require.NoError(t, err)
	next := 168 * 4 // the first interval after the seed
	require.NotNil(t, serve.MeasurementsOf(park, sc.Profiles, next, next+1)[0].DispatchKgCO2ePerKWh, "the demo's carbon signal is a column")
	// sent is a batch answered 2xx: the meters of interval k, or its
	// carbon signal alone (sent ahead, 10 % high, as a day-ahead forecast
	// may be: it goes in without waiting for a Step, queued behind one in
	// progress, and the meters of k replace it — or it them, whichever
	// the server took last).
	type sent struct {
		k      int
		signal bool
	}
	acked := map[uint64]sent{}
	client := &http.Client{Timeout: 10 * time.Second}
	// post sends a batch: its answer if 2xx (ok), gone when the server is.
	post := func(url string, body []byte) (res serve.MeasureResult, ok, gone bool) {
		req, _ := http.NewRequest(http.MethodPost, url+"/measurements", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return res, false, true
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return res, resp.StatusCode/100 == 2 && json.Unmarshal(data, &res) == nil, false
	}
	signal := func(k int) live.Measurement {
		m := serve.MeasurementsOf(park, sc.Profiles, k, k+1)[0]
		return live.Measurement{Start: m.Start, DispatchKgCO2ePerKWh: live.Value(1.1 * *m.DispatchKgCO2ePerKWh)}
	}
	for round := range 2 {
		p := startServe(t, bin, args, token)
		var mu sync.Mutex
		var wg sync.WaitGroup
		stopAt := time.Now().Add(time.Duration(200+rng.IntN(1300)) * time.Millisecond)
		for c := range 12 { // 8 meters, 4 signals
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; time.Now().Before(stopAt.Add(500 * time.Millisecond)); j++ { // some are cut off by the kill
					mu.Lock()
					b := sent{k: next, signal: c >= 8}
					if b.signal {
						b.k += (c + j) % 4
					} else {
						next++
					}
					mu.Unlock()
					ms := serve.MeasurementsOf(park, sc.Profiles, b.k, b.k+1)
					if b.signal {
						ms = []live.Measurement{signal(b.k)}
					}
					body, _ := json.Marshal(ms)
					res, ok, gone := post(p.url, body)
					if gone {
						return
					}
					if !ok {
						continue
					}
					mu.Lock()
					acked[res.Seq] = b
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Until(stopAt))
		p.kill9(t)
		wg.Wait()
		t.Logf("round %d: %d batches answered 2xx so far", round, len(acked))
		require.NotEmpty(t, acked)
	}
	p := startServe(t, bin, args, token)
	defer func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		_ = p.cmd.Wait()
	}()
	recs, _, err := serve.ReadLog(state, 0)
	require.NoError(t, err)
	bySeq := map[uint64]*serve.Record{}
	for _, r := range recs {
		bySeq[r.Seq] = r
	}
	signals := 0
	for seq, b := range acked {
		r := bySeq[seq]
		require.NotNil(t, r, "batch %+v answered 2xx as record %d: lost", b, seq)
		want := serve.MeasurementsOf(park, sc.Profiles, b.k, b.k+1)[0]
		if b.signal {
			want = signal(b.k)
			signals++
		}
		require.Equal(t, serve.OpMeasure, r.Op)
		require.True(t, want.Start.Equal(r.Measurements[0].Start), "record %d", seq)
		assert.Equal(t, want.LoadKW, r.Measurements[0].LoadKW, "record %d", seq)
		assert.Equal(t, *want.DispatchKgCO2ePerKWh, *r.Measurements[0].DispatchKgCO2ePerKWh, "record %d", seq)
	}
	behind := 0
	for _, r := range recs {
		if r.Op == serve.OpStep && r.Before != 0 {
			behind++
		}
	}
	t.Logf("%d batches answered (%d signals), %d steps with batches queued behind them", len(acked), signals, behind)

	resp, err := client.Get(p.url + "/ledger")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var got serve.LedgerView
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	require.NotNil(t, got.Report, "intervals were settled")
	lc := cfg.Live
	lc.Start = sc.Profiles.Start
	c, err := serve.Replay(park, lc, cfg.Seed, recs)
	require.NoError(t, err)
	defer c.Close()
	want, err := c.Ledger()
	require.NoError(t, err)
	assert.Equal(t, want.Steps, got.Report.Steps)
	assert.Equal(t, want.ResidualKgCO2e, got.Report.ResidualKgCO2e)
	assert.Equal(t, want.Energy, got.Report.Energy)
	assert.Equal(t, want.OffsetsNeededTCO2e, got.Report.OffsetsNeededTCO2e)
	assert.Equal(t, want.Stage, got.Report.Stage)
	assert.True(t, strings.Contains(p.log(), "replayed the log"), "%s", p.log())
}

// The log line says where the token came from: the environment, a token
// file or the state directory (it said "from the flags" for
// $ZEROPARK_TOKEN, which is no flag).
func TestServeTokenSource(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tok")
	require.NoError(t, os.WriteFile(file, []byte("file-token-0123456789\n"), 0o600))
	cfg := serve.Config{StateDir: filepath.Join(dir, "state")}
	for _, tc := range []struct {
		name, env, file, wantToken, want string
	}{
		{"env", "env-token-0123456789", "", "env-token-0123456789", "from $" + tokenEnv},
		{"file wins over env", "env-token-0123456789", file, "file-token-0123456789", "from --token-file " + file},
		{"neither", "", "", "", serve.TokenFile(cfg.StateDir)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tokenEnv, tc.env)
			tok, from, err := readToken(tc.file)
			require.NoError(t, err)
			assert.Equal(t, tc.wantToken, tok)
			c := cfg
			c.Token = tok
			assert.Equal(t, tc.want, tokenSource(c, from))
		})
	}
}

// With --start the series seeds no history (its times need not be on that
// axis); the log says so, and how many intervals were not seeded. Before,
// the history was dropped in silence.
func TestServeStartWarnsSeriesNotSeeded(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	base := []string{"--demo", "texas2012", "--limit-hours", "48", "--state", state}
	var log strings.Builder
	cfg, _, _, err := parseServe(&env{stdout: io.Discard, stderr: &log}, base)
	require.NoError(t, err)
	assert.Len(t, cfg.Seed, 48, "without --start the series' hours seed the history")
	assert.NotContains(t, log.String(), "seeds no history")

	log.Reset()
	cfg, _, _, err = parseServe(&env{stdout: io.Discard, stderr: &log}, append(base, "--start", "2026-01-05T00:00:00+01:00"))
	require.NoError(t, err)
	assert.Empty(t, cfg.Seed)
	assert.Contains(t, log.String(), "--start given: the series seeds no history")
	assert.Contains(t, log.String(), "series_intervals_not_seeded=48")

	// A lower-case t and z (RFC 3339 §5.6) read as the capitals.
	cfg, _, _, err = parseServe(&env{stdout: io.Discard, stderr: io.Discard}, append(base, "--start", "2026-01-05t00:00:00z"))
	require.NoError(t, err)
	assert.True(t, cfg.Live.Start.Equal(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)), "%v", cfg.Live.Start)
}

// --zone puts the controller on a named zone's clock, so time-of-use
// hours and months follow its daylight saving time: a park alone starts
// at today's midnight there; a start (or a series) must have the zone's
// offset at that instant; an unknown name is refused.
func TestServeZone(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	parse := func(args ...string) (serve.Config, error) {
		cfg, _, _, err := parseServe(&env{stdout: io.Discard, stderr: io.Discard}, append([]string{"--state", state}, args...))
		return cfg, err
	}
	park := filepath.Join("..", "..", "demo", "texas_panhandle_2012.park.json")

	cfg, err := parse("--park", park, "--zone", "Europe/Berlin")
	require.NoError(t, err)
	start := cfg.Live.Start
	assert.Equal(t, "Europe/Berlin", start.Location().String())
	assert.Equal(t, 0, start.Hour()+start.Minute()+start.Second(), "today's midnight in Berlin: %s", start)

	// Berlin springs forward on 2026-03-29 at 02:00: the clock's 04:00 is
	// four hours after midnight CET, at +02:00.
	cfg, err = parse("--park", park, "--start", "2026-03-29T00:00:00+01:00", "--zone", "Europe/Berlin")
	require.NoError(t, err)
	after := cfg.Live.Start.Add(3 * time.Hour)
	assert.Equal(t, "2026-03-29T04:00:00+02:00", after.Format(time.RFC3339))
	// Without --zone the start's offset is held all year (the old clock).
	cfg, err = parse("--park", park, "--start", "2026-03-29T00:00:00+01:00")
	require.NoError(t, err)
	assert.Equal(t, "2026-03-29T03:00:00+01:00", cfg.Live.Start.Add(3*time.Hour).Format(time.RFC3339))

	_, err = parse("--park", park, "--start", "2026-07-01T00:00:00+01:00", "--zone", "Europe/Berlin")
	require.ErrorIs(t, err, errBadInput)
	assert.Contains(t, err.Error(), `--zone "Europe/Berlin": its UTC offset at the start 2026-07-01T00:00:00+01:00 is +02:00, the start's is +01:00`)

	// The Texas demo's series is at −06:00 in January: Chicago's offset.
	cfg, err = parse("--demo", "texas2012", "--limit-hours", "48", "--zone", "America/Chicago")
	require.NoError(t, err)
	assert.Equal(t, "America/Chicago", cfg.Live.Start.Location().String())
	assert.Equal(t, "-05:00", cfg.Live.Start.AddDate(0, 6, 0).Format("-07:00"), "summer on the zone's clock")
	_, err = parse("--demo", "texas2012", "--limit-hours", "48", "--zone", "Europe/Berlin")
	require.ErrorIs(t, err, errBadInput)
	assert.Contains(t, err.Error(), "the start is the demo's: give --start with the zone's offset")
	assert.Contains(t, parseErr(t, parse, "--park", park, "--start", "2026-07-01T00:00:00+01:00", "--zone", "Europe/Berlin"),
		"give --start with the zone's offset")
	// A start from a series names the series (time QA, 2026-12-04: it
	// said "give --start" to a user who gave --series).
	tp, ts := writeInputs(t, testPark, testSeries)
	assert.Contains(t, parseErr(t, parse, "--park", tp, "--series", ts, "--zone", "Europe/Berlin"),
		"the start is the series "+ts+"'s first timestamp: stamp the series in the zone's offsets, or give --start")

	_, err = parse("--park", park, "--zone", "Mars/Olympus")
	require.ErrorIs(t, err, errBadInput)
	assert.Contains(t, err.Error(), `--zone "Mars/Olympus": not a time zone`)
}

// A state saved on one zone's clock keeps it when the server is started
// again with another --zone, and the warning says so; with the same zone,
// or none, nothing is said.
func TestServeZoneKeptOnRestart(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	park := filepath.Join("..", "..", "demo", "texas_panhandle_2012.park.json")
	open := func(zone string) *serve.Server {
		cfg, p, _, err := parseServe(&env{stdout: io.Discard, stderr: io.Discard},
			[]string{"--state", state, "--park", park, "--mode", "measured", "--start", "2026-03-29T00:00:00+01:00", "--zone", zone})
		require.NoError(t, err)
		s, err := serve.Open(p, cfg)
		require.NoError(t, err)
		return s
	}
	s := open("Europe/Berlin")
	require.Equal(t, "Europe/Berlin", s.Controller().Clock().String())
	require.NoError(t, s.Close())

	s = open("Africa/Lagos") // +01:00 at the start too, without summer time
	defer s.Close()
	clock := s.Controller().Clock()
	assert.Equal(t, "Europe/Berlin", clock.String(), "the saved clock is kept")
	w := zoneMismatch("Africa/Lagos", clock)
	assert.Contains(t, w, `--zone "Africa/Lagos", but the state's clock is "Europe/Berlin"`)
	assert.Empty(t, zoneMismatch("Europe/Berlin", clock))
	assert.Empty(t, zoneMismatch("", clock))
}

// parseErr is the message of the error parse gives args, which must be
// a bad input.
func parseErr(t *testing.T, parse func(args ...string) (serve.Config, error), args ...string) string {
	t.Helper()
	_, err := parse(args...)
	require.ErrorIs(t, err, errBadInput)
	return err.Error()
}

// A state whose clock is a fixed UTC offset (a series' or --start's, with
// no --zone) has a location without a name: the warning named it "" (QA,
// session 31: `the state's clock is "", as it was saved`). It names the
// offset, and a series' changing offsets by their location's name.
func TestZoneMismatchNamesFixedOffset(t *testing.T) {
	w := zoneMismatch("America/Chicago", time.FixedZone("", -6*3600))
	assert.Contains(t, w, `--zone "America/Chicago", but the state's clock is the fixed UTC offset -06:00,`)
	assert.NotContains(t, w, `""`)
	w = zoneMismatch("Asia/Kolkata", time.FixedZone("", 5*3600+1800))
	assert.Contains(t, w, "the fixed UTC offset +05:30,")
	assert.Empty(t, zoneMismatch("", time.FixedZone("", -6*3600)))
}

// serve --help says what step a park alone is served on (QA s38 D3: it
// was 15 minutes, said nowhere; --step's own default is the series').
func TestServeHelpNamesTheParkAloneStep(t *testing.T) {
	code, stdout, _ := cli(t, "serve", "--help")
	require.Equal(t, exitOK, code)
	help := strings.Join(strings.Fields(stdout), " ")
	assert.Contains(t, help, fmt.Sprintf("--park may come alone: the history then starts empty, on %d-minute intervals (--step sets another)",
		int(parkAloneStep/time.Minute)))
}
