package scenario_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// fixture is a small park — one tenant, one PV array, one battery, an
// export limit that forces curtailment at noon — over n hourly intervals
// with an hourly average carbon factor.
func fixture(n int) (*scenario.Scenario, error) {
	p := &model.Park{
		Name:  "fixture park",
		Loads: []model.Load{{Name: "office", Column: "load_kw"}},
		PV:    []model.PVArray{{Name: "roof", CapacityKWp: 300, AvailabilityColumn: "pv_kw_per_kwp"}},
		Batteries: []model.Battery{{Name: "b1", EnergyKWh: 200, MaxChargeKW: 60, MaxDischargeKW: 60,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9,
			InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 500, ExportLimitKW: 20,
			DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average, Source: "test"}},
	}
	set := &model.SeriesSet{
		Start: time.Date(2024, 6, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600)),
		Step:  time.Hour, Len: n,
		Names:   []string{"load_kw", "pv_kw_per_kwp", "co2"},
		Columns: map[string][]float64{"load_kw": make([]float64, n), "pv_kw_per_kwp": make([]float64, n), "co2": make([]float64, n)},
	}
	for i := 0; i < n; i++ {
		h := float64(i % 24)
		set.Columns["load_kw"][i] = 100 + 40*math.Sin(2*math.Pi*(h-8)/24)
		set.Columns["pv_kw_per_kwp"][i] = math.Max(0, math.Sin(math.Pi*(h-6)/12))
		set.Columns["co2"][i] = 0.5 + 0.2*math.Cos(2*math.Pi*(h-19)/24)
	}
	return scenario.New(p.Name, p, set)
}

func mustFixture(t testing.TB, n int) *scenario.Scenario {
	t.Helper()
	s, err := fixture(n)
	require.NoError(t, err)
	return s
}

// readCSV parses intervals.csv into its header and columns of numbers
// (timestamps are checked separately).
func readCSV(t *testing.T, data []byte) (header []string, times []time.Time, cols map[string][]float64) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	header = recs[0]
	cols = map[string][]float64{}
	for _, rec := range recs[1:] {
		ts, err := time.Parse(time.RFC3339, rec[0])
		require.NoError(t, err)
		times = append(times, ts)
		for j, f := range rec[1:] {
			v, err := strconv.ParseFloat(f, 64)
			require.NoError(t, err, "column %s value %q", header[j+1], f)
			cols[header[j+1]] = append(cols[header[j+1]], v)
		}
	}
	return header, times, cols
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func relClose(t *testing.T, want, got float64, what string) {
	t.Helper()
	assert.InDelta(t, want, got, 1e-6*math.Max(1, math.Abs(want)), what)
}

func TestWriteIntervalsCSVMatchesReport(t *testing.T) {
	s := mustFixture(t, 48)
	for _, pol := range dispatch.Policies().Names() {
		t.Run(string(pol), func(t *testing.T) {
			res, err := s.Run(pol, dispatch.DefaultConfig())
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, scenario.WriteIntervalsCSV(&buf, s.Park, res.Schedule))
			header, times, cols := readCSV(t, buf.Bytes())

			assert.Equal(t, []string{"timestamp", "load_kw", "pv:roof_available_kw", "pv:roof_kw",
				"battery:b1_charge_kw", "battery:b1_discharge_kw", "battery:b1_soc_kwh",
				"import_kw", "export_kw", "unserved_kw", "curtailed_kw",
				"dispatch_kgco2e_per_kwh", "grid_kgco2e_per_kwh", "emissions_kgco2e"}, header)
			require.Len(t, times, 48)
			assert.True(t, times[0].Equal(s.Profiles.Start))
			assert.Equal(t, time.Hour, times[1].Sub(times[0]))
			_, off := times[0].Zone()
			assert.Equal(t, 8*3600, off, "timestamps keep the series' zone")

			// Totals of the file × Δt equal the report (Δt = 1 h).
			r := res.Report
			relClose(t, r.Energy.Load, sum(cols["load_kw"]), "load")
			relClose(t, r.Energy.Import, sum(cols["import_kw"]), "import")
			relClose(t, r.Energy.Export, sum(cols["export_kw"]), "export")
			relClose(t, r.Energy.Unserved, sum(cols["unserved_kw"]), "unserved")
			relClose(t, r.Energy.Curtailed, sum(cols["curtailed_kw"]), "curtailed")
			relClose(t, r.Energy.PV, sum(cols["pv:roof_kw"]), "pv")
			relClose(t, r.ResidualKgCO2e, sum(cols["emissions_kgco2e"]), "emissions")

			// Independent checks per row: emissions from import × factor,
			// the bus balance, and the load column from the input series.
			for i := range times {
				relClose(t, cols["import_kw"][i]*cols["grid_kgco2e_per_kwh"][i], cols["emissions_kgco2e"][i], "row emissions")
				in := cols["pv:roof_kw"][i] + cols["battery:b1_discharge_kw"][i] - cols["battery:b1_charge_kw"][i] +
					cols["import_kw"][i] - cols["export_kw"][i] + cols["unserved_kw"][i]
				assert.InDelta(t, cols["load_kw"][i], in, 1e-6, "balance at row %d", i)
				assert.InDelta(t, s.Series.Columns["load_kw"][i], cols["load_kw"][i], 1e-12)
				assert.InDelta(t, s.Series.Columns["co2"][i], cols["grid_kgco2e_per_kwh"][i], 1e-12)
			}
		})
	}
}

func TestWriteIntervalsCSVMismatch(t *testing.T) {
	s := mustFixture(t, 24)
	res, err := s.Run(dispatch.GridOnlyPolicy, dispatch.DefaultConfig())
	require.NoError(t, err)
	other := *s.Park
	other.Batteries = nil
	err = scenario.WriteIntervalsCSV(io.Discard, &other, res.Schedule)
	assert.ErrorIs(t, err, scenario.ErrOutput)
	assert.ErrorIs(t, err, dispatch.ErrInput, "the shape check is dispatch's Schedule.Validate")
	assert.ErrorContains(t, err, "SoCKWh has 1 rows, want 0")
	assert.ErrorIs(t, scenario.WriteIntervalsCSV(io.Discard, nil, res.Schedule), scenario.ErrOutput)
	// A short per-interval series was not checked before and panicked
	// (index out of range) half-way through the file.
	res.Schedule.ImportKW = res.Schedule.ImportKW[:20]
	err = scenario.WriteIntervalsCSV(io.Discard, s.Park, res.Schedule)
	assert.ErrorIs(t, err, scenario.ErrOutput)
	assert.ErrorContains(t, err, "ImportKW has 20 values, want 24")
}

func TestWriteSummaryJSONKeys(t *testing.T) {
	s := mustFixture(t, 24)
	cfg := dispatch.DefaultConfig()
	res, err := s.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)
	sum := scenario.NewSummary(s, res, cfg)
	sum.ParkFile, sum.SeriesFile = "park.json", "series.csv"
	var buf bytes.Buffer
	require.NoError(t, scenario.WriteSummaryJSON(&buf, sum))
	var m map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
	for _, k := range []string{"park", "policy", "horizon_hours", "park_file", "series_file", "run_time_s",
		"energy_kwh", "baseline_kgco2e", "residual_kgco2e", "avoided_kgco2e", "offsets_needed_tco2e",
		"certificates_mwh", "stage", "renewable_share", "self_sufficiency", "self_consumption",
		"curtailment_share", "unserved_kwh", "solve", "dispatch_signal", "accounting_signal", "zeropark_version"} {
		assert.Contains(t, m, k)
	}
	assert.Equal(t, buildinfo.Stamp(), m["zeropark_version"], "the code that made the run")
	assert.True(t, strings.HasPrefix(m["zeropark_version"].(string), "zeropark "), m["zeropark_version"])
	assert.Equal(t, "fixture park", m["park"])
	assert.Equal(t, "mpc", m["policy"])
	assert.InDelta(t, 24.0, m["horizon_hours"], 0)
	solve := m["solve"].(map[string]any)
	for _, k := range []string{"steps", "solve_time_total_s", "solve_time_p50_ms", "solve_time_p99_ms"} {
		assert.Contains(t, solve, k)
	}
	energy := m["energy_kwh"].(map[string]any)
	assert.InDelta(t, res.Report.Energy.Import, energy["import"], 1e-9)
	// Round trip: the summary reads back to the same values.
	var back scenario.Summary
	require.NoError(t, json.Unmarshal(buf.Bytes(), &back))
	assert.Equal(t, sum.Report.ResidualKgCO2e, back.ResidualKgCO2e)
	assert.Equal(t, sum.Stage, back.Stage)
}

// entries lists dir's file names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteRun(t *testing.T) {
	s := mustFixture(t, 24)
	cfg := dispatch.DefaultConfig()
	res, err := s.Run(dispatch.SelfConsumptionPolicy, cfg)
	require.NoError(t, err)
	sum := scenario.NewSummary(s, res, cfg)
	note := scenario.OutputFile{Name: "note.txt", Write: func(w io.Writer) error {
		_, err := io.WriteString(w, "hello\n")
		return err
	}}
	failing := scenario.OutputFile{Name: "plot.svg", Write: func(w io.Writer) error {
		_, _ = io.WriteString(w, "<svg")
		return errors.New("plot broke")
	}}

	t.Run("new dir", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, scenario.WriteRun(dir, s.Park, res.Schedule, sum, note))
		assert.ElementsMatch(t, []string{"intervals.csv", "summary.json", "note.txt"}, entries(t, dir))
		assert.Equal(t, []string{"out"}, entries(t, parent), "no temporary directory left")
		data, err := os.ReadFile(filepath.Join(dir, "intervals.csv"))
		require.NoError(t, err)
		assert.Equal(t, 25, strings.Count(string(data), "\n"))
	})
	t.Run("existing dir replaced whole", func(t *testing.T) {
		// An earlier run's tenants.csv and plot must not stay beside this
		// run's intervals.csv and summary.json.
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, os.Mkdir(dir, 0o755))
		for _, name := range []string{"intervals.csv", "summary.json", "tenants.csv", "week.png"} {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o644))
		}
		require.NoError(t, scenario.WriteRun(dir, s.Park, res.Schedule, sum))
		assert.ElementsMatch(t, []string{"intervals.csv", "summary.json"}, entries(t, dir))
		data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
		require.NoError(t, err)
		assert.Contains(t, string(data), `"policy": "self"`)
		assert.Equal(t, []string{"out"}, entries(t, parent))
	})
	t.Run("existing dir with a user's file refused", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, os.Mkdir(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "summary.json"), []byte("old"), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644))
		err := scenario.WriteRun(dir, s.Park, res.Schedule, sum)
		require.ErrorIs(t, err, scenario.ErrOutput)
		assert.Contains(t, err.Error(), "keep.txt")
		assert.ElementsMatch(t, []string{"summary.json", "keep.txt"}, entries(t, dir))
		data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
		require.NoError(t, err)
		assert.Equal(t, "old", string(data))
		assert.Equal(t, []string{"out"}, entries(t, parent))
	})
	t.Run("failure leaves nothing", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		err := scenario.WriteRun(dir, s.Park, res.Schedule, sum, note, failing)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "plot broke")
		assert.Empty(t, entries(t, parent))
	})
	t.Run("failure keeps existing dir untouched", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, os.Mkdir(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "summary.json"), []byte("old"), 0o644))
		require.Error(t, scenario.WriteRun(dir, s.Park, res.Schedule, sum, failing))
		assert.Equal(t, []string{"summary.json"}, entries(t, dir))
		data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
		require.NoError(t, err)
		assert.Equal(t, "old", string(data))
		assert.Equal(t, []string{"out"}, entries(t, parent))
	})
	for _, name := range []string{"", "a/b.svg", "..", "summary.json"} {
		t.Run("bad extra name "+name, func(t *testing.T) {
			parent := t.TempDir()
			err := scenario.WriteRun(filepath.Join(parent, "out"), s.Park, res.Schedule, sum, scenario.OutputFile{Name: name, Write: note.Write})
			assert.ErrorIs(t, err, scenario.ErrOutput)
			assert.Empty(t, entries(t, parent))
		})
	}
	t.Run("dir is a file", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, os.WriteFile(dir, []byte("x"), 0o644))
		assert.ErrorIs(t, scenario.WriteRun(dir, s.Park, res.Schedule, sum), scenario.ErrOutput)
		assert.Equal(t, []string{"out"}, entries(t, parent))
	})
}

func ExampleWriteIntervalsCSV() {
	s, err := fixture(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.Run(dispatch.GridOnlyPolicy, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := scenario.WriteIntervalsCSV(&buf, s.Park, res.Schedule); err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	fmt.Println(strings.ReplaceAll(lines[0], ",", "\n"))
	fmt.Println(len(lines)-1, "rows, the first at", strings.Split(lines[1], ",")[0])
	// Output:
	// timestamp
	// load_kw
	// pv:roof_available_kw
	// pv:roof_kw
	// battery:b1_charge_kw
	// battery:b1_discharge_kw
	// battery:b1_soc_kwh
	// import_kw
	// export_kw
	// unserved_kw
	// curtailed_kw
	// dispatch_kgco2e_per_kwh
	// grid_kgco2e_per_kwh
	// emissions_kgco2e
	// 24 rows, the first at 2024-06-01T00:00:00+08:00
}

func ExampleWriteSummaryJSON() {
	s, err := fixture(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := dispatch.DefaultConfig()
	res, err := s.Run(dispatch.GridOnlyPolicy, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := scenario.WriteSummaryJSON(&buf, scenario.NewSummary(s, res, cfg)); err != nil {
		fmt.Println(err)
		return
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s stage=%s residual=%.1f kgCO2e\n", m["park"], m["policy"], m["stage"], m["residual_kgco2e"])
	// Output:
	// fixture park grid stage=conventional residual=1224.8 kgCO2e
}

func ExampleWriteRun() {
	s, err := fixture(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := dispatch.DefaultConfig()
	res, err := s.Run(dispatch.SelfConsumptionPolicy, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	parent, err := os.MkdirTemp("", "zeropark-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(parent)
	dir := filepath.Join(parent, "run")
	if err := scenario.WriteRun(dir, s.Park, res.Schedule, scenario.NewSummary(s, res, cfg)); err != nil {
		fmt.Println(err)
		return
	}
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		fmt.Println(e.Name())
	}
	// Output:
	// intervals.csv
	// summary.json
}

func ExampleNew() {
	s, err := fixture(48)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Profiles.Len, s.Profiles.Step)
	fmt.Printf("PV available at noon: %.1f kW\n", s.Profiles.PVAvailKW[0][12])
	// Output:
	// fixture park 48 1h0m0s
	// PV available at noon: 300.0 kW
}

func ExampleDemo() {
	s, err := scenario.Demo("") // the default demo, texas2012
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Profiles.Len, s.Profiles.Step, len(s.Park.Loads), "loads")
	// Output:
	// texas2012 8760 1h0m0s 8 loads
}
