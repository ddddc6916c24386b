package sweep

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/internal/filelock"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// fp is the fingerprint of a sweep of sp on sc with cfg under pol.
func fp(t *testing.T, sc *scenario.Scenario, sp *Space, pol dispatch.Policy, cfg dispatch.Config) results.Fingerprint {
	t.Helper()
	f, err := NewFingerprint(sc, sp, pol, cfg)
	require.NoError(t, err)
	return f
}

// Each part of the fingerprint changes with what it covers and only then:
// the park with any value in it (not with how its file is laid out), the
// series with any value, the settings with every result-changing setting.
func TestFingerprintParts(t *testing.T) {
	sp := mustSpace(t, smallSweep...)
	def := dispatch.DefaultConfig()
	base := fp(t, fixture(t, fixtureSteps), sp, dispatch.RollingHorizon, def)
	assert.Len(t, base.ParkSHA256, 64)
	assert.Len(t, base.SeriesSHA256, 64)
	assert.Len(t, base.SettingsSHA256, 64)
	assert.Equal(t, 6, base.Combinations)
	assert.Equal(t, base, fp(t, fixture(t, fixtureSteps), sp, dispatch.RollingHorizon, def), "deterministic")

	withCfg := func(f func(c *dispatch.Config)) dispatch.Config {
		c := dispatch.DefaultConfig()
		f(&c)
		return c
	}
	for _, tc := range []struct {
		name string
		sc   func() *scenario.Scenario
		sp   *Space
		pol  dispatch.Policy
		cfg  dispatch.Config
		want []string
	}{
		{"battery efficiency", func() *scenario.Scenario {
			p := fixturePark()
			p.Batteries[0].ChargeEfficiency = 0.9
			sc, err := scenario.New("fixture", p, fixtureSeries(fixtureSteps))
			require.NoError(t, err)
			return sc
		}, sp, dispatch.RollingHorizon, def, []string{results.PartPark}},
		{"one series value", func() *scenario.Scenario {
			set := fixtureSeries(fixtureSteps)
			set.Columns["co2_kg_per_kwh"][7] += 1e-9
			sc, err := scenario.New("fixture", fixturePark(), set)
			require.NoError(t, err)
			return sc
		}, sp, dispatch.RollingHorizon, def, []string{results.PartSeries}},
		{"shorter period", func() *scenario.Scenario {
			return fixture(t, fixtureSteps).Slice(0, fixtureSteps-1)
		}, sp, dispatch.RollingHorizon, def, []string{results.PartSeries}},
		{"policy", nil, sp, dispatch.Perfect, def, []string{results.PartSettings}},
		{"horizon", nil, sp, dispatch.RollingHorizon, withCfg(func(c *dispatch.Config) { c.Horizon /= 2 }), []string{results.PartSettings}},
		{"offset price", nil, sp, dispatch.RollingHorizon, withCfg(func(c *dispatch.Config) { c.Ledger.OffsetPricePerTCO2e = 15 }), []string{results.PartSettings}},
		{"offsets held", nil, sp, dispatch.RollingHorizon, withCfg(func(c *dispatch.Config) { c.Ledger.OffsetsHeldTCO2e = 1 }), []string{results.PartSettings}},
		{"single pass", nil, sp, dispatch.RollingHorizon, withCfg(func(c *dispatch.Config) { c.SinglePass = true }), []string{results.PartSettings}},
		{"forecasters", func() *scenario.Scenario {
			sc := fixture(t, fixtureSteps)
			require.NoError(t, sc.SetForecasts([]scenario.ForecastChoice{{Kind: "carbon", Method: "provided", Column: "co2_kg_per_kwh"}}))
			return sc
		}, sp, dispatch.RollingHorizon, def, []string{results.PartSettings}},
		{"one --vary value", nil, mustSpace(t, "battery.energy_kwh=0:3000:3000", "pv.capacity_kwp=500,1500,3001"), dispatch.RollingHorizon, def, []string{results.PartSettings}},
		{"park and series", func() *scenario.Scenario {
			p := fixturePark()
			p.Name = "other"
			sc, err := scenario.New("fixture", p, fixtureSeries(fixtureSteps+1))
			require.NoError(t, err)
			return sc
		}, sp, dispatch.RollingHorizon, def, []string{results.PartPark, results.PartSeries}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := fixture(t, fixtureSteps)
			if tc.sc != nil {
				sc = tc.sc()
			}
			got := fp(t, sc, tc.sp, tc.pol, tc.cfg)
			assert.Equal(t, tc.want, base.Diff(got))
			assert.Equal(t, tc.want, got.Diff(base))
		})
	}
}

// The park is hashed as parsed: the same park in a compact file and an
// indented one with keys in another order has one fingerprint.
func TestFingerprintParkLayout(t *testing.T) {
	dir := t.TempDir()
	var indented bytes.Buffer
	require.NoError(t, fixturePark().WriteJSON(&indented))
	var tree map[string]any
	require.NoError(t, json.Unmarshal(indented.Bytes(), &tree))
	compact, err := json.Marshal(tree) // keys sorted, no whitespace
	require.NoError(t, err)
	require.NotEqual(t, indented.String(), string(compact))
	var parks []*model.Park
	for i, b := range [][]byte{indented.Bytes(), compact} {
		path := filepath.Join(dir, strconv.Itoa(i)+".json")
		require.NoError(t, os.WriteFile(path, b, 0o644))
		p, err := model.LoadPark(path)
		require.NoError(t, err)
		parks = append(parks, p)
	}
	sp := mustSpace(t, "pv.capacity_kwp=1")
	var fps []results.Fingerprint
	for _, p := range parks {
		sc, err := scenario.New("x", p, fixtureSeries(fixtureSteps))
		require.NoError(t, err)
		fps = append(fps, fp(t, sc, sp, dispatch.RollingHorizon, dispatch.DefaultConfig()))
	}
	assert.Equal(t, fps[0], fps[1])
}

// partialSweep runs smallSweep into a new file and stops it after 2 rows.
func partialSweep(t *testing.T, sc *scenario.Scenario, opt Options) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "r.csv")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows := 0
	opt.Workers = 1
	opt.OnRow = func(int) {
		if rows++; rows == 2 {
			cancel()
		}
	}
	_, err := Run(ctx, sc, mustSpace(t, smallSweep...), out, opt)
	require.ErrorIs(t, err, context.Canceled)
	return out
}

// Resuming with other inputs is refused, naming what changed, and leaves
// the file as it was (even a torn last line).
func TestResumeRefusesOtherInputs(t *testing.T) {
	sp := mustSpace(t, smallSweep...)
	otherPark := func() *scenario.Scenario {
		p := fixturePark()
		p.Batteries[0].DischargeEfficiency = 0.9 // not a design column: only the fingerprint sees it
		sc, err := scenario.New("fixture", p, fixtureSeries(fixtureSteps))
		require.NoError(t, err)
		return sc
	}
	otherSeries := func() *scenario.Scenario {
		set := fixtureSeries(fixtureSteps)
		set.Columns["office_kw"][3] = 999
		sc, err := scenario.New("fixture", fixturePark(), set)
		require.NoError(t, err)
		return sc
	}
	price := dispatch.DefaultConfig()
	price.Ledger.CertificatePricePerMWh = 7
	for _, tc := range []struct {
		name string
		sc   *scenario.Scenario
		cfg  *dispatch.Config
		want string
	}{
		{"park", otherPark(), nil, "the park changed (park_sha256)"},
		{"series", otherSeries(), nil, "the series changed (series_sha256)"},
		{"certificate price", fixture(t, fixtureSteps), &price, "the settings changed (settings_sha256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := partialSweep(t, fixture(t, fixtureSteps), Options{})
			f, err := os.OpenFile(out, os.O_APPEND|os.O_WRONLY, 0)
			require.NoError(t, err)
			_, err = f.WriteString("3,0,1500,torn")
			require.NoError(t, err)
			require.NoError(t, f.Close())
			before, err := os.ReadFile(out)
			require.NoError(t, err)

			_, err = Run(context.Background(), tc.sc, sp, out, Options{Workers: 1, Config: tc.cfg})
			require.ErrorIs(t, err, ErrFingerprint)
			require.ErrorIs(t, err, ErrFile)
			var fe *FingerprintError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, out, fe.File)
			assert.Equal(t, 2, fe.Line, "the first row")
			assert.GreaterOrEqual(t, fe.Rows, 2)
			assert.Contains(t, err.Error(), tc.want)
			after, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "a refused resume leaves the file alone")
		})
	}
}

// stripFingerprint turns a results file into one written before
// fingerprints existed.
func stripFingerprint(t *testing.T, data []byte) []byte {
	t.Helper()
	tab, err := results.ParseTable(data, "x")
	require.NoError(t, err)
	n := len(tab.Header) - len(results.ClosingColumns)
	require.Equal(t, results.ClosingColumns, tab.Header[n:])
	var b bytes.Buffer
	b.Write(results.CSVLine(tab.Header[:n]))
	for _, r := range tab.Rows {
		b.Write(results.CSVLine(r.Fields[:n]))
	}
	return b.Bytes()
}

// A file without fingerprint is resumed only when forced; it is then
// adopted (its rows get the fingerprint, their build unrecorded), with a
// warning.
func TestResumeWithoutFingerprint(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	want := runToFile(t, sc, sp, Options{Workers: 1, Stamp: "zeropark test"})
	partial, err := os.ReadFile(partialSweep(t, sc, Options{Stamp: "zeropark test"}))
	require.NoError(t, err)
	partialTab, err := results.ParseTable(partial, "partial")
	require.NoError(t, err)
	kept := len(partialTab.Rows) // 2, or 3 if the next had started when the sweep was stopped
	old := writeTemp(t, stripFingerprint(t, partial))
	before, err := os.ReadFile(old)
	require.NoError(t, err)

	_, err = Run(context.Background(), sc, sp, old, Options{Workers: 1, Stamp: "zeropark test"})
	require.ErrorIs(t, err, ErrFingerprint)
	var fe *FingerprintError
	require.ErrorAs(t, err, &fe)
	assert.Empty(t, fe.Parts)
	assert.Contains(t, err.Error(), "has no fingerprint")
	assert.Contains(t, err.Error(), "--force-resume")
	after, err := os.ReadFile(old)
	require.NoError(t, err)
	assert.Equal(t, before, after)

	var warnings []string
	st, err := Run(context.Background(), sc, sp, old, Options{Workers: 2, Stamp: "zeropark test", ForceResume: true,
		Warn: func(m string) { warnings = append(warnings, m) }})
	require.NoError(t, err)
	assert.Equal(t, kept, st.Skipped)
	require.Len(t, warnings, 1)
	assert.Contains(t, warnings[0], fmt.Sprintf(`%d of the rows already there were written by another build of zeropark: "unrecorded" (%d)`, kept, kept))
	got, err := os.ReadFile(old)
	require.NoError(t, err)
	// The same file as a sweep run at once, but for the adopted rows'
	// unrecorded build.
	wantTab, err := results.ParseTable(want, "want")
	require.NoError(t, err)
	gotTab, err := results.ParseTable(got, "got")
	require.NoError(t, err)
	require.Equal(t, wantTab.Header, gotTab.Header)
	require.Len(t, gotTab.Rows, 6)
	unrecorded := 0
	for i, r := range gotTab.Rows {
		w := wantTab.Rows[i].Fields
		if r.Fields[len(r.Fields)-1] == "" {
			unrecorded++
			w = append(slices.Clone(w[:len(w)-1]), "")
		}
		assert.Equal(t, w, r.Fields)
	}
	assert.Equal(t, kept, unrecorded)
}

// Rows of another build are resumed with a warning; each row keeps the
// stamp of the build that wrote it.
func TestResumeOtherBuild(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	out := partialSweep(t, sc, Options{Stamp: "zeropark v1"})
	var warnings []string
	st, err := Run(context.Background(), sc, mustSpace(t, smallSweep...), out, Options{Workers: 1, Stamp: "zeropark v2",
		Warn: func(m string) { warnings = append(warnings, m) }})
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Contains(t, warnings[0], fmt.Sprintf(`%d of the rows already there were written by another build of zeropark: "zeropark v1" (%d); this one is "zeropark v2"`, st.Skipped, st.Skipped))
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	v := tab.Col(results.ColZeroparkVersion)
	count := map[string]int{}
	for _, r := range tab.Rows {
		count[r.Fields[v]]++
	}
	assert.Equal(t, map[string]int{"zeropark v1": st.Skipped, "zeropark v2": st.Done}, count)
}

// Two Runs into one file in one process: the second fails at once, naming
// the file and this process; so does a merge into it.
func TestRunLockedInProcess(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	out := filepath.Join(t.TempDir(), "r.csv")
	var second, merged error
	calls := 0
	_, err := Run(context.Background(), sc, sp, out, Options{Workers: 1, OnRow: func(int) {
		if calls++; calls == 1 {
			_, second = Run(context.Background(), sc, sp, out, Options{Workers: 1})
			_, merged = Merge(out, out)
		}
	}})
	require.NoError(t, err)
	require.ErrorIs(t, second, ErrLocked)
	assert.Contains(t, second.Error(), out)
	assert.Contains(t, second.Error(), fmt.Sprintf("process %d", os.Getpid()))
	require.ErrorIs(t, merged, ErrLocked)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	assert.Len(t, tab.Rows, 6, "the first run is unharmed")
	_, err = os.Stat(filelock.Path(out))
	assert.True(t, os.IsNotExist(err), "the lock file goes with the run")
	// Free again afterwards.
	st, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, 6, st.Skipped)
}

// helperEnv names the results file the helper process sweeps into.
const helperEnv = "ZEROPARK_SWEEP_LOCK_HELPER"

// TestHelperSweep is not a test: TestRunLockedAcrossProcesses runs this
// test binary again with helperEnv set. It sweeps into that file, prints
// "row" after the first row and waits for its stdin to close before going
// on.
func TestHelperSweep(t *testing.T) {
	out := os.Getenv(helperEnv)
	if out == "" {
		t.Skip("helper process of TestRunLockedAcrossProcesses")
	}
	first := true
	_, err := Run(context.Background(), fixture(t, fixtureSteps), mustSpace(t, smallSweep...), out, Options{Workers: 1,
		OnRow: func(int) {
			if first {
				first = false
				fmt.Println("row")
				_, _ = io.Copy(io.Discard, os.Stdin)
			}
		}})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

func TestRunLockedAcrossProcesses(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSweep$")
	cmd.Env = append(os.Environ(), helperEnv+"="+out)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "row\n", line)

	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	_, err = Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.ErrorIs(t, err, ErrLocked)
	assert.Contains(t, err.Error(), fmt.Sprintf("process %d holds the lock", cmd.Process.Pid))
	_, err = Merge(out, out)
	require.ErrorIs(t, err, ErrLocked)

	require.NoError(t, stdin.Close())
	require.NoError(t, cmd.Wait())
	st, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, 6, st.Skipped, "the other process wrote every row")
}

// shardFiles runs shards of smallSweep into files and returns them.
func shardFiles(t *testing.T, sc *scenario.Scenario, cfg *dispatch.Config, n int, which ...int) []string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for _, i := range which {
		f := filepath.Join(dir, "shard-"+strconv.Itoa(i)+".csv")
		_, err := Run(context.Background(), sc, mustSpace(t, smallSweep...), f, Options{Workers: 1, Shard: Shard{i, n}, Config: cfg})
		require.NoError(t, err)
		files = append(files, f)
	}
	return files
}

func TestMergeMissingCombinations(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	files := shardFiles(t, sc, nil, 3, 0, 2)
	out := filepath.Join(t.TempDir(), "m.csv")
	st, err := MergeFiles(out, files, MergeOptions{})
	require.NoError(t, err)
	assert.Equal(t, MergeStats{Rows: 4, Combinations: 6, Missing: []int{1, 4}, RowsByBuild: map[string]int{buildinfo.Stamp(): 4}}, st)
	assert.Equal(t, "2 of 6 combinations missing: 1, 4", MissingText(st.Missing, st.Combinations))

	strict := filepath.Join(t.TempDir(), "strict.csv")
	_, err = MergeFiles(strict, files, MergeOptions{RequireComplete: true})
	require.ErrorIs(t, err, ErrIncomplete)
	var ie *IncompleteError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, []int{1, 4}, ie.Missing)
	// The missing combinations said once, not the sentinel's words again.
	assert.Equal(t, "sweep: 2 of 6 combinations missing: 1, 4; nothing written", err.Error())
	_, statErr := os.Stat(strict)
	assert.True(t, os.IsNotExist(statErr), "nothing written")

	all := append(files, shardFiles(t, sc, nil, 3, 1)...)
	st, err = MergeFiles(strict, all, MergeOptions{RequireComplete: true})
	require.NoError(t, err)
	assert.Empty(t, st.Missing)
	assert.Equal(t, 6, st.Rows)

	long := make([]int, 25)
	for i := range long {
		long[i] = 2 * i
	}
	assert.Equal(t, "25 of 60 combinations missing: 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, …", MissingText(long, 60))
}

// Shards made from other inputs cannot be merged; rows equal but for the
// build that wrote them are one row.
func TestMergeFingerprints(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	price := dispatch.DefaultConfig()
	price.Ledger.OffsetPricePerTCO2e = 99
	a := shardFiles(t, sc, nil, 2, 0)[0]
	b := shardFiles(t, sc, &price, 2, 1)[0]
	_, err := Merge(filepath.Join(t.TempDir(), "m.csv"), a, b)
	require.ErrorIs(t, err, ErrFingerprint)
	var fe *FingerprintError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []string{results.PartSettings}, fe.Parts)
	assert.Equal(t, b, fe.File)
	assert.Equal(t, 3, fe.Rows)
	assert.Contains(t, err.Error(), a+":2")

	// The same shard written by another build: kept once, the first read.
	data, err := os.ReadFile(a)
	require.NoError(t, err)
	tab, err := results.ParseTable(data, a)
	require.NoError(t, err)
	v := tab.Col(results.ColZeroparkVersion)
	var other bytes.Buffer
	other.Write(results.CSVLine(tab.Header))
	for _, r := range tab.Rows {
		f := slices.Clone(r.Fields)
		f[v] = "zeropark other"
		other.Write(results.CSVLine(f))
	}
	c := writeTemp(t, other.Bytes())
	out := filepath.Join(t.TempDir(), "m.csv")
	n, err := Merge(out, a, c)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(got))

	// A row beyond the space its fingerprint gives.
	lines := strings.SplitAfter(string(data), "\n")
	lines[1] = "7" + lines[1][strings.IndexByte(lines[1], ','):]
	_, err = Merge(filepath.Join(t.TempDir(), "m.csv"), writeTemp(t, []byte(strings.Join(lines, ""))))
	require.ErrorIs(t, err, ErrFile)
	assert.Contains(t, err.Error(), "combination 7 is beyond the sweep's 6")
}

// Shards dispatched at different carbon prices (or objectives) are not
// one sweep's: the fingerprint does not cover the objective and the
// price, so the merge compares their columns, as a resume does (QA N,
// session 39: a shard at --carbon-price 50 merged with one at 0, exit 0).
func TestMergeRefusesOtherCarbonPrice(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	priced := dispatch.DefaultConfig()
	priced.CarbonPricePerTCO2e = 50
	a := shardFiles(t, sc, nil, 2, 0)[0]
	b := shardFiles(t, sc, &priced, 2, 1)[0]
	out := filepath.Join(t.TempDir(), "m.csv")
	_, err := Merge(out, a, b)
	require.ErrorIs(t, err, ErrFile)
	assert.ErrorContains(t, err, b+":2: written with objective cost and carbon price 50, "+a+":2 with carbon and 0")
	assert.NoFileExists(t, out)

	// Both shards at the same price merge.
	c := shardFiles(t, sc, &priced, 2, 0)[0]
	n, err := Merge(out, c, b)
	require.NoError(t, err)
	assert.Equal(t, 6, n)

	// The merge at 50 is not replaced by a merge at 0 of the same sweep.
	a1 := shardFiles(t, sc, nil, 2, 1)[0]
	before, err := os.ReadFile(out)
	require.NoError(t, err)
	_, err = Merge(out, a, a1)
	require.ErrorIs(t, err, ErrFile)
	assert.ErrorContains(t, err, out+":2: exists and holds another sweep's results (objective cost and carbon price 50, the inputs' carbon and 0)")
	after, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "left as it was")
}

// A file of one line with no newline that is not this sweep's header cut
// short is not emptied as a torn line but read as it is: a user's file is
// refused and left alone, a header whose newline was lost is resumed.
func TestResumeOneLineWithoutNewline(t *testing.T) {
	mine := writeTemp(t, []byte("my notes"))
	_, err := Run(context.Background(), fixture(t, fixtureSteps), mustSpace(t, smallSweep...), mine, Options{Workers: 1})
	require.ErrorIs(t, err, ErrFile)
	assert.Contains(t, err.Error(), "not a sweep results file")
	b, err := os.ReadFile(mine)
	require.NoError(t, err)
	assert.Equal(t, "my notes", string(b))

	full := partialSweep(t, fixture(t, fixtureSteps), Options{})
	data, err := os.ReadFile(full)
	require.NoError(t, err)
	header, _, ok := bytes.Cut(data, []byte("\n"))
	require.True(t, ok)
	headerOnly := writeTemp(t, header)
	st, err := Run(context.Background(), fixture(t, fixtureSteps), mustSpace(t, smallSweep...), headerOnly, Options{Workers: 1})
	require.NoError(t, err)
	assert.Zero(t, st.Skipped)
	tab, err := results.ReadTable(headerOnly)
	require.NoError(t, err)
	assert.Len(t, tab.Rows, st.Done, "every combination run, one row each")
}
