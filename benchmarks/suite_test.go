package benchmarks

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

const repoRoot = ".."

func manifest(t *testing.T) []Entry {
	t.Helper()
	es, err := LoadManifest("suite.json")
	require.NoError(t, err)
	return es
}

func entry(t *testing.T, name string) Entry {
	t.Helper()
	for _, e := range manifest(t) {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("no park %q in suite.json", name)
	return Entry{}
}

// Every manifest park file parses, validates and resolves against its series.
func TestManifestParksValidate(t *testing.T) {
	es := manifest(t)
	require.GreaterOrEqual(t, len(es), 6, "the issue asks for at least six parks")
	for _, e := range es {
		t.Run(e.Name, func(t *testing.T) {
			p, err := model.LoadPark(filepath.Join(repoRoot, e.Park))
			require.NoError(t, err)
			assert.NoError(t, p.Validate())
			set, err := model.LoadSeries(filepath.Join(repoRoot, e.Series))
			require.NoError(t, err)
			s, err := scenario.New(e.Name, p, set)
			require.NoError(t, err)
			assert.Equal(t, 8760, s.Profiles.Len)
			assert.NotEmpty(t, e.Description)
		})
	}
}

// runWeek runs every policy on the first week of s.
func runWeek(t *testing.T, s *scenario.Scenario, e Entry) map[dispatch.Policy]dispatch.Report {
	t.Helper()
	w := Head(s, 168)
	require.Equal(t, 168, w.Profiles.Len)
	rows, err := Run(w, e.Config(w.Profiles.Len, w.Profiles.Step), dispatch.Policies().Names())
	require.NoError(t, err)
	require.Len(t, rows, 5)
	out := map[dispatch.Policy]dispatch.Report{}
	for _, r := range rows {
		out[r.Policy] = r.Report
	}
	return out
}

func assertLE(t *testing.T, rep map[dispatch.Policy]dispatch.Report, lo, hi dispatch.Policy) {
	t.Helper()
	a, b := rep[lo].AdjustedResidualKgCO2e, rep[hi].AdjustedResidualKgCO2e
	assert.LessOrEqual(t, a, b+OrderTolerance*max(abs(a), abs(b)), "%s %.6f kgCO2e > %s %.6f kgCO2e", lo, a, hi, b)
}

// The suite on a week of two parks: perfect ≤ mpc-perfect ≤ self ≤ grid
// on the adjusted residual where the ledger counts carbon in the signal the
// LP minimises. The rolling horizon with forecasts (mpc) is held only to
// perfect ≤ mpc ≤ grid: it plans on forecasts that can be wrong while the
// rule reacts to what actually happens, so on a given week it may emit
// more than the rule (it does on these weeks with the default forecasters).
func TestSuiteOrderWeek(t *testing.T) {
	full := func(t *testing.T, rep map[dispatch.Policy]dispatch.Report) {
		t.Helper()
		assertLE(t, rep, dispatch.Perfect, dispatch.PerfectInformation)
		assertLE(t, rep, dispatch.PerfectInformation, dispatch.SelfConsumptionPolicy)
		assertLE(t, rep, dispatch.SelfConsumptionPolicy, dispatch.GridOnlyPolicy)
		assertLE(t, rep, dispatch.Perfect, dispatch.RollingHorizon)
		assertLE(t, rep, dispatch.RollingHorizon, dispatch.GridOnlyPolicy)
	}
	t.Run("office_park_tx", func(t *testing.T) {
		e := entry(t, "office_park_tx")
		s, err := e.Load(repoRoot)
		require.NoError(t, err)
		rep := runWeek(t, s, e)
		full(t, rep)
		assert.NoError(t, CheckOrder(rowsOf(rep)))
		// Grid-only emits the baseline, by definition.
		g := rep[dispatch.GridOnlyPolicy]
		assert.InDelta(t, g.BaselineKgCO2e, g.ResidualKgCO2e, 1e-6*g.BaselineKgCO2e)
	})
	t.Run("greensboro_solar_nc", func(t *testing.T) {
		e := entry(t, "greensboro_solar_nc")
		s, err := e.Load(repoRoot)
		require.NoError(t, err)
		require.NotNil(t, s.Park.Grid.AccountingCarbon)
		// This park accounts with a constant average factor while the LP
		// minimises the AVERT marginal rate: the LP policies may import
		// more kWh at hours of low marginal rate than the rule does, so
		// in the accounting factor they can come out above
		// self-consumption (they do over the year). Only "every policy
		// beats grid-only" holds in that factor…
		rep := runWeek(t, s, e)
		for _, pol := range []dispatch.Policy{dispatch.Perfect, dispatch.PerfectInformation, dispatch.RollingHorizon, dispatch.SelfConsumptionPolicy} {
			assertLE(t, rep, pol, dispatch.GridOnlyPolicy)
		}
		// …and with the dispatch signal as accounting factor the full
		// order holds again.
		s.Park.Grid.AccountingCarbon = nil
		require.NoError(t, s.Reresolve())
		full(t, runWeek(t, s, e))
	})
}

func rowsOf(rep map[dispatch.Policy]dispatch.Report) []Row {
	var rows []Row
	for pol, r := range rep {
		rows = append(rows, Row{Policy: pol, Report: r})
	}
	return rows
}

// Splitting a park keeps its totals and its LP optimum: identical batteries
// in parallel act as one.
func TestSplitKeepsOptimum(t *testing.T) {
	base, err := scenario.Demo("texas2012")
	require.NoError(t, err)
	sum := func(rows [][]float64, steps int) float64 {
		s := 0.0
		for _, r := range rows {
			for _, v := range r[:steps] {
				s += v
			}
		}
		return s
	}
	const steps = 48
	var residual []float64
	for _, n := range []int{1, 3} {
		s, err := Split(base, n)
		require.NoError(t, err)
		require.Len(t, s.Park.PV, n)
		require.Len(t, s.Park.Batteries, n)
		for _, c := range []struct {
			name      string
			got, want [][]float64
		}{
			{"load", s.Profiles.LoadKW, base.Profiles.LoadKW},
			{"pv", s.Profiles.PVAvailKW, base.Profiles.PVAvailKW},
			{"wind", s.Profiles.WindAvailKW, base.Profiles.WindAvailKW},
		} {
			want := sum(c.want, 8760)
			assert.InDelta(t, want, sum(c.got, 8760), 1e-9*want, c.name)
		}
		r, err := Head(s, steps).Run(dispatch.Perfect, dispatch.DefaultConfig())
		require.NoError(t, err)
		residual = append(residual, r.Report.AdjustedResidualKgCO2e)
	}
	assert.InDelta(t, residual[0], residual[1], 1e-6*residual[0])

	_, err = Split(base, 0)
	assert.ErrorIs(t, err, ErrScaling)
	short := *base
	short.Profiles = base.Profiles.Slice(0, 24) // the series still a year
	_, err = Split(&short, 2)
	assert.ErrorIs(t, err, ErrScaling)
}

func TestHead(t *testing.T) {
	s, err := scenario.Demo("texas2012")
	require.NoError(t, err)
	for _, c := range []struct{ steps, want int }{{0, 8760}, {-1, 8760}, {24, 24}, {8760, 8760}, {9000, 8760}} {
		assert.Equal(t, c.want, Head(s, c.steps).Profiles.Len, "steps %d", c.steps)
	}
	assert.Equal(t, 8760, s.Profiles.Len, "Head must not change its argument")
}

func TestReadManifest(t *testing.T) {
	for _, c := range []struct {
		name, json string
		field      string // "" when valid
	}{
		{"valid", `[{"name":"a","park":"p.json","series":"s.csv","description":"d"}]`, ""},
		{"holdings", `[{"name":"a","park":"p","series":"s","offsets_held_tco2e":3,"certificates_held_mwh":4}]`, ""},
		{"empty name", `[{"name":"","park":"p","series":"s"}]`, "name"},
		{"repeated name", `[{"name":"a","park":"p","series":"s"},{"name":"a","park":"p","series":"s"}]`, "name"},
		{"no park", `[{"name":"a","series":"s"}]`, "park"},
		{"no series", `[{"name":"a","park":"p"}]`, "series"},
		{"negative offsets", `[{"name":"a","park":"p","series":"s","offsets_held_tco2e":-1}]`, "offsets_held_tco2e"},
		{"negative certificates", `[{"name":"a","park":"p","series":"s","certificates_held_mwh":-1}]`, "certificates_held_mwh"},
		{"unknown key", `[{"name":"a","park":"p","series":"s","parc":"x"}]`, "parc"},
		{"not an array", `{"name":"a"}`, "array"},
		{"empty", `[]`, "no entries"},
		{"trailing", `[{"name":"a","park":"p","series":"s"}] []`, "trailing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			es, err := ReadManifest(strings.NewReader(c.json), "m.json")
			if c.field == "" {
				require.NoError(t, err)
				assert.Len(t, es, 1)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrManifest)
			assert.Contains(t, err.Error(), "m.json")
			assert.Contains(t, err.Error(), c.field)
			var me *ManifestError
			assert.True(t, errors.As(err, &me))
		})
	}
}

func TestEntryConfigProRata(t *testing.T) {
	e := Entry{OffsetsHeldTCO2e: 876, CertificatesHeldMWh: 1752}
	for _, c := range []struct {
		steps          int
		offsets, certs float64
	}{{8760, 876, 1752}, {168, 16.8, 33.6}, {0, 0, 0}} {
		cfg := e.Config(c.steps, 3600e9)
		assert.InDelta(t, c.offsets, cfg.Ledger.OffsetsHeldTCO2e, 1e-9)
		assert.InDelta(t, c.certs, cfg.Ledger.CertificatesHeldMWh, 1e-9)
		assert.NoError(t, cfg.Validate())
	}
}

func TestCheckOrder(t *testing.T) {
	row := func(p dispatch.Policy, kg float64) Row {
		return Row{Policy: p, Report: dispatch.Report{AdjustedResidualKgCO2e: kg}}
	}
	for _, c := range []struct {
		name string
		rows []Row
		ok   bool
	}{
		{"ordered", []Row{row("grid", 10), row("self", 8), row("mpc", 6), row("perfect", 5)}, true},
		{"ties", []Row{row("grid", 5), row("self", 5), row("mpc", 5), row("perfect", 5)}, true},
		{"within tolerance", []Row{row("mpc", 1e6), row("perfect", 1e6*(1+0.5e-6))}, true},
		{"mpc-perfect above self", []Row{row("grid", 10), row("self", 6), row("mpc-perfect", 7), row("perfect", 5)}, false},
		{"forecast mpc above self is allowed", []Row{row("grid", 10), row("self", 6), row("mpc", 7), row("perfect", 5)}, true},
		{"forecast mpc above grid", []Row{row("grid", 10), row("mpc", 11)}, false},
		{"gap skipped", []Row{row("self", 6), row("perfect", 7)}, false},
		{"negative", []Row{row("self", -1), row("perfect", -2)}, true},
		{"empty", nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckOrder(c.rows)
			if c.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestReplaceSection(t *testing.T) {
	for _, c := range []struct {
		name, doc, want string
		err             bool
	}{
		{"replace", "A\n<!-- x:begin -->\nold\n<!-- x:end -->\nB\n", "A\n<!-- x:begin -->\nnew\n<!-- x:end -->\nB\n", false},
		{"empty section", "<!-- x:begin --><!-- x:end -->", "<!-- x:begin -->\nnew\n<!-- x:end -->", false},
		{"append", "A", "A\n\n<!-- x:begin -->\nnew\n<!-- x:end -->\n", false},
		{"append to empty", "", "<!-- x:begin -->\nnew\n<!-- x:end -->\n", false},
		{"other tag kept", "<!-- y:begin -->\nY\n<!-- y:end -->\n", "<!-- y:begin -->\nY\n<!-- y:end -->\n\n<!-- x:begin -->\nnew\n<!-- x:end -->\n", false},
		{"no end", "<!-- x:begin -->\n", "", true},
		{"twice", "<!-- x:begin --><!-- x:end --><!-- x:begin --><!-- x:end -->", "", true},
		{"reversed", "<!-- x:end --><!-- x:begin -->", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReplaceSection(c.doc, "x", "new\n")
			if c.err {
				assert.ErrorIs(t, err, ErrMarkers)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
}

func TestRender(t *testing.T) {
	m := Machine{CPU: "cpu", Cores: 2, GoVersion: "go", OS: "linux", Arch: "amd64"}
	res := []ParkResult{{Entry: Entry{Name: "p", Series: "x/s.csv", Description: "d"},
		Rows: []Row{{Policy: "self", Report: dispatch.Report{AdjustedResidualKgCO2e: 1, Stage: dispatch.LowCarbon}},
			{Policy: "perfect", Report: dispatch.Report{AdjustedResidualKgCO2e: 2}}}}}
	out := RenderSuite(m, "cmd", 0, res)
	assert.Contains(t, out, "| p | self |")
	assert.Contains(t, out, "low-carbon")
	assert.Contains(t, out, "fails for 1 of 1 parks")
	sc := RenderScaling(m, "cmd", "base", []ScalePoint{{PerKind: 10, HorizonSteps: 24, Steps: 876, Wall: 1e9}})
	assert.Contains(t, sc, "≈ 10.0 (extrapolated)")
	assert.Contains(t, sc, "| 10 | 40 | 24 | 876 |")
	assert.NotContains(t, out+sc, "Code:", "no stamp, no line")

	// The build stamp goes in the first line of both sections.
	m.Build = "zeropark v1.2.3 0123456789ab go1.26.8"
	for _, s := range []string{RenderSuite(m, "cmd", 0, res), RenderScaling(m, "cmd", "base", nil)} {
		first, _, _ := strings.Cut(s, "\n")
		assert.Contains(t, first, "Code: `zeropark v1.2.3 0123456789ab go1.26.8`.")
	}
	assert.Equal(t, buildinfo.Stamp(), ThisMachine().Build)
}

func FuzzReadManifest(f *testing.F) {
	f.Add(`[{"name":"a","park":"p","series":"s"}]`)
	f.Add(`[{"name":"a","park":"p","series":"s","offsets_held_tco2e":1e400}]`)
	f.Add(`[{"name":"a"},{"name":"a"}]`)
	f.Add(`[]`)
	f.Add(`nul`)
	f.Fuzz(func(t *testing.T, s string) {
		es, err := ReadManifest(strings.NewReader(s), "fuzz")
		if err != nil {
			assert.ErrorIs(t, err, ErrManifest)
			return
		}
		require.NotEmpty(t, es)
		seen := map[string]bool{}
		for _, e := range es {
			assert.NotEmpty(t, e.Name)
			assert.False(t, seen[e.Name], "repeated name accepted")
			seen[e.Name] = true
			assert.GreaterOrEqual(t, e.OffsetsHeldTCO2e, 0.0)
		}
	})
}

func FuzzReplaceSection(f *testing.F) {
	f.Add("A\n<!-- t:begin -->\nold\n<!-- t:end -->\nB", "new\n")
	f.Add("", "x")
	f.Add("<!-- t:end --><!-- t:begin -->", "")
	f.Fuzz(func(t *testing.T, doc, body string) {
		if strings.Contains(body, "<!-- t:") {
			t.Skip("a body holding markers is outside the domain")
		}
		got, err := ReplaceSection(doc, "t", body)
		if err != nil {
			assert.ErrorIs(t, err, ErrMarkers)
			return
		}
		assert.Equal(t, 1, strings.Count(got, beginMarker("t")))
		assert.Contains(t, got, beginMarker("t")+"\n"+body+endMarker("t"))
		// Text before the section is kept.
		i := strings.Index(doc, beginMarker("t"))
		if i < 0 {
			assert.True(t, strings.HasPrefix(got, doc))
		} else {
			assert.True(t, strings.HasPrefix(got, doc[:i]))
		}
	})
}
