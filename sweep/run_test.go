package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

const fixtureSteps = 48

// smallSweep is 2 × 3 = 6 combinations on the fixture, including a
// battery of 0 kWh (removed) and PV totals split over two arrays.
var smallSweep = []string{"battery.energy_kwh=0:3000:3000", "pv.capacity_kwp=500,1500,3000"}

func runToFile(t *testing.T, sc *scenario.Scenario, sp *Space, opt Options) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "results.csv")
	st, err := Run(context.Background(), sc, sp, out, opt)
	require.NoError(t, err)
	assert.Equal(t, st.Owned, st.Done)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	return data
}

func TestRunMatchesIndividualRuns(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, sp, out, Options{Workers: 2})
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	require.Len(t, tab.Rows, 6)

	for i, r := range tab.Rows {
		require.Equal(t, i, r.Combination, "sorted in combination order")
		// Apply the parameters by hand, without Apply.
		energy, _ := strconv.ParseFloat(r.Fields[1], 64)
		pvTotal, _ := strconv.ParseFloat(r.Fields[2], 64)
		p := fixturePark()
		if energy == 0 {
			p.Batteries = nil
		} else {
			p.Batteries[0].EnergyKWh = energy
		}
		p.PV[0].CapacityKWp = pvTotal * 1000 / 1500
		p.PV[1].CapacityKWp = pvTotal * 500 / 1500
		one, err := scenario.New("by hand", p, fixtureSeries(fixtureSteps))
		require.NoError(t, err)
		res, err := one.Run(dispatch.RollingHorizon, dispatch.DefaultConfig())
		require.NoError(t, err)

		// Compare every numeric field of summary.json with its column.
		want := flattenReport(t, &res.Report)
		checked := 0
		for col, v := range want {
			j := tab.Col(col)
			if j < 0 {
				continue // timings and text fields
			}
			got, err := strconv.ParseFloat(r.Fields[j], 64)
			if b, berr := strconv.ParseBool(r.Fields[j]); berr == nil {
				got, err = map[bool]float64{false: 0, true: 1}[b], nil
			}
			require.NoError(t, err, col)
			assert.InDelta(t, v, got, 1e-9*math.Max(1, math.Abs(v)), "combination %d column %s", i, col)
			checked++
		}
		assert.Greater(t, checked, 40)
		assert.Equal(t, string(res.Report.Stage), r.Fields[tab.Col("stage")])
		assert.InDelta(t, pvTotal, mustFloat(t, r.Fields[tab.Col("design_pv_capacity_kwp")]), 1e-9*pvTotal)
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}

// flattenReport maps summary.json's numeric leaves to the column names the
// package documents: energy_kwh.x → energy_x_kwh, stage_basis.x and
// solve.x → x, top level as is.
func flattenReport(t *testing.T, r *dispatch.Report) map[string]float64 {
	t.Helper()
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	out := map[string]float64{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				switch prefix {
				case "":
					walk(k, e)
				case "energy_kwh":
					walk("energy_"+k+"_kwh", e)
				default:
					walk(k, e)
				}
			}
		case float64:
			out[prefix] = x
		case bool:
			out[prefix] = map[bool]float64{false: 0, true: 1}[x]
		}
	}
	for k, e := range m {
		if k == "energy_kwh" {
			walk("energy_kwh", e)
			continue
		}
		walk("", map[string]any{k: e})
	}
	return out
}

func TestParallelEqualsSerial(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	serial := runToFile(t, sc, sp, Options{Workers: 1})
	parallel := runToFile(t, sc, sp, Options{Workers: 3})
	assert.Equal(t, string(serial), string(parallel))
	assert.Equal(t, 7, bytes.Count(serial, []byte("\n")))
}

func TestResumeAfterInterruption(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	want := runToFile(t, sc, sp, Options{Workers: 1})

	t.Run("cancelled after 2 rows", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "r.csv")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rows := 0
		st, err := Run(ctx, sc, sp, out, Options{Workers: 1, OnRow: func(int) {
			if rows++; rows == 2 {
				cancel()
			}
		}})
		require.ErrorIs(t, err, context.Canceled)
		assert.True(t, st.Interrupted)
		// The scenario a worker had started when the context ended is
		// finished and written too.
		first := st.Done
		assert.GreaterOrEqual(t, first, 2)
		assert.Less(t, first, 6)

		st, err = Run(context.Background(), sc, sp, out, Options{Workers: 2})
		require.NoError(t, err)
		assert.Equal(t, Stats{Combinations: 6, Owned: 6, Skipped: first, Done: 6 - first}, st)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	})

	t.Run("partial last line", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "r.csv")
		lastNL := bytes.LastIndexByte(want[:len(want)-1], '\n')
		cut := want[:lastNL+1+(len(want)-lastNL)/2] // half of the last row
		require.NoError(t, os.WriteFile(out, cut, 0o644))
		_, err := results.ReadTable(out)
		assert.ErrorIs(t, err, ErrFile, "a partial line is refused outside resume")

		st, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
		require.NoError(t, err)
		assert.Equal(t, 5, st.Skipped)
		assert.Equal(t, 1, st.Done)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	})

	t.Run("partial header", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "r.csv")
		require.NoError(t, os.WriteFile(out, want[:10], 0o644))
		_, err := Run(context.Background(), sc, sp, out, Options{Workers: 2})
		require.NoError(t, err)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	})
}

func TestResumeRefusesOtherSweeps(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	_, err := Run(context.Background(), sc, sp, out, Options{Workers: 2})
	require.NoError(t, err)

	for _, tc := range []struct {
		name  string
		space *Space
		opt   Options
		why   string
	}{
		{"other paths", mustSpace(t, "battery.energy_kwh=0:3000:3000", "wind.capacity_kw=1,2,3"), Options{}, "header differs"},
		{"other ranges", mustSpace(t, "battery.energy_kwh=0:3000:3000", "pv.capacity_kwp=600,1500,3000"), Options{}, "does not match this sweep"},
		{"fewer combinations", mustSpace(t, "battery.energy_kwh=0:3000:3000", "pv.capacity_kwp=500"), Options{}, "beyond this sweep"},
		{"other policy", sp, Options{Policy: dispatch.Perfect}, `policy "mpc"`},
		{"timings", sp, Options{Timings: true}, "header differs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := os.ReadFile(out)
			require.NoError(t, err)
			_, err = Run(context.Background(), sc, tc.space, out, tc.opt)
			require.ErrorIs(t, err, ErrFile)
			assert.Contains(t, err.Error(), tc.why)
			after, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.Equal(t, before, after, "a refused resume leaves the file alone")
		})
	}
}

func TestShardsMergeEqualsUnsharded(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	want := runToFile(t, sc, sp, Options{Workers: 2})
	dir := t.TempDir()
	var files []string
	for i := range 3 {
		f := filepath.Join(dir, "shard-"+strconv.Itoa(i)+".csv")
		st, err := Run(context.Background(), sc, sp, f, Options{Workers: 1, Shard: Shard{i, 3}})
		require.NoError(t, err)
		assert.Equal(t, 2, st.Owned)
		tab, err := results.ReadTable(f)
		require.NoError(t, err)
		for _, r := range tab.Rows {
			assert.Equal(t, i, r.Combination%3)
		}
		files = append(files, f)
	}
	merged := filepath.Join(dir, "merged.csv")
	// Shard 0 twice: identical rows are kept once.
	n, err := Merge(merged, files[2], files[0], files[1], files[0])
	require.NoError(t, err)
	assert.Equal(t, 6, n)
	got, err := os.ReadFile(merged)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))

	// A row that differs is a conflict naming both places.
	data, err := os.ReadFile(files[1])
	require.NoError(t, err)
	lines := strings.SplitAfter(string(data), "\n")
	fields := strings.Split(lines[1], ",")
	fields[slices.Index(strings.Split(strings.TrimSpace(lines[0]), ","), "residual_kgco2e")] = "99"
	lines[1] = strings.Join(fields, ",")
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644))
	_, err = Merge(filepath.Join(dir, "m2.csv"), files[1], bad)
	require.ErrorIs(t, err, ErrConflict)
	assert.Contains(t, err.Error(), "bad.csv:2")
	assert.Contains(t, err.Error(), "shard-1.csv:2")
	assert.Contains(t, err.Error(), `column residual_kgco2e is "99" here`, "the conflict names the column and the values")

	// Headers must agree.
	other := filepath.Join(dir, "other.csv")
	require.NoError(t, os.WriteFile(other, []byte("combination,x\n0,1\n"), 0o644))
	_, err = Merge(filepath.Join(dir, "m3.csv"), files[0], other)
	require.ErrorIs(t, err, ErrFile)
	assert.Contains(t, err.Error(), "header differs")
}

func TestZeroCapacities(t *testing.T) {
	// Everything at zero: no battery, no PV, no wind; all load from the grid.
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, "battery.energy_kwh=0", "pv.capacity_kwp=0", "wind.capacity_kw=0")
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	require.Len(t, tab.Rows, 1)
	r := tab.Rows[0].Fields
	load := mustFloat(t, r[tab.Col("energy_load_kwh")])
	assert.InDelta(t, load, mustFloat(t, r[tab.Col("energy_import_kwh")]), 1e-6*load)
	assert.InDelta(t, mustFloat(t, r[tab.Col("baseline_kgco2e")]), mustFloat(t, r[tab.Col("residual_kgco2e")]), 1e-6*load)
	assert.Equal(t, "0", r[tab.Col("design_battery_energy_kwh")])
	assert.Equal(t, "conventional", r[tab.Col("stage")])
}

// A sweep's period sets the capex share: a week is 168/8760 of a year.
func TestRowCostsPeriod(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, "pv.capacity_kwp=1000")
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	c, err := results.RowCosts(tab, tab.Rows[0], results.Capex{"pv.capacity_kwp": 87.6, "battery.energy_kwh": 8.76})
	require.NoError(t, err)
	// 48 h = 48/8760 year: 1000 kWp × 87.6 × 48/8760 = 480; 2000 kWh × 8.76 × 48/8760 = 96.
	assert.InDelta(t, 480+96, c.Capex, 1e-9)
	// Operating and purchases a year, without economics too; capital and
	// total need them (the fixture has none).
	f := tab.Rows[0].Fields
	assert.Empty(t, f[tab.Col(results.ColCapitalPerYear)])
	assert.Empty(t, f[tab.Col(results.ColTotalCostPerYear)])
	op := mustFloat(t, f[tab.Col(results.ColOperatingCostPerYear)])
	energy := mustFloat(t, f[tab.Col(results.ColEnergyCost)])
	assert.InDelta(t, energy*8760/48, op, 1e-9*op, "no demand charge nor wear on the fixture")
	pu := mustFloat(t, f[tab.Col(results.ColPurchasesPerYear)])
	assert.InDelta(t, (op+pu)*48/8760+c.Capex, c.Total, 1e-9)
}

func TestRunRejectsBadPath(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, mustSpace(t, "battery[Spare].energy_kwh=1"), out, Options{})
	require.ErrorIs(t, err, ErrSpec)
	_, statErr := os.Stat(out)
	assert.True(t, os.IsNotExist(statErr), "no file for a rejected sweep")
}

func TestRunRejectsUnknownPolicy(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, mustSpace(t, "battery.energy_kwh=1,2"), out, Options{Policy: "bogus"})
	require.ErrorIs(t, err, ErrSpec)
	require.ErrorIs(t, err, dispatch.ErrConfig)
	assert.Contains(t, err.Error(), `unknown policy "bogus"`)
	_, statErr := os.Stat(out)
	assert.True(t, os.IsNotExist(statErr), "no file for a rejected sweep")
}

// Forecaster choices reach every scenario of a sweep, are written in the
// forecasts column, and a resume with other choices is refused.
func TestSweepForecastChoices(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, "pv.capacity_kwp=500,3000")
	def := runToFile(t, sc, sp, Options{Workers: 2})

	choice := scenario.ForecastChoice{Kind: "carbon", Method: "provided", Column: "co2_kg_per_kwh"}
	require.NoError(t, sc.SetForecasts([]scenario.ForecastChoice{choice}))
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, sp, out, Options{Workers: 2})
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	defTab, err := results.ReadTable(writeTemp(t, def))
	require.NoError(t, err)
	col := slices.Index(tab.Header, "forecasts")
	res := slices.Index(tab.Header, "adjusted_residual_kgco2e")
	require.GreaterOrEqual(t, col, 0)
	for i, r := range tab.Rows {
		assert.Equal(t, "carbon=provided:co2_kg_per_kwh", r.Fields[col])
		assert.Equal(t, "default", defTab.Rows[i].Fields[col])
		// Each row is the single run with the same choice.
		p := clonePark(sc.Park)
		cfg := dispatch.DefaultConfig()
		require.NoError(t, Apply(p, &cfg, sp.Axes, sp.Values(r.Combination)))
		one, err := scenario.New("one", p, sc.Series)
		require.NoError(t, err)
		require.NoError(t, one.SetForecasts([]scenario.ForecastChoice{choice}))
		want, err := one.Run(dispatch.RollingHorizon, cfg)
		require.NoError(t, err)
		assert.Equal(t, results.FormatNumber(want.Report.AdjustedResidualKgCO2e), r.Fields[res])
	}

	// Resuming the default sweep's file with the choice is refused.
	partial := writeTemp(t, def[:bytes.IndexByte(def, '\n')+1+bytes.IndexByte(def[bytes.IndexByte(def, '\n')+1:], '\n')+1])
	_, err = Run(context.Background(), sc, sp, partial, Options{Workers: 1})
	assert.ErrorIs(t, err, ErrFile)
	assert.ErrorContains(t, err, "forecasters")
}

// writeTemp writes data to a new file and returns its path.
func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.csv")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// A scenario that fails stops the sweep with its error: with several
// workers failing at once the pool neither hangs nor writes a row, and
// the file keeps its header only.
func TestSweepWorkerFailure(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	// Set directly (not through SetForecasts, which would refuse it), so
	// every combination fails when it plans.
	sc.Forecasts = []scenario.ForecastChoice{{Kind: "carbon", Method: "provided", Column: "no_such_column"}}
	sp := mustSpace(t, smallSweep...)
	out := filepath.Join(t.TempDir(), "r.csv")
	st, err := Run(context.Background(), sc, sp, out, Options{Workers: 3})
	require.ErrorIs(t, err, scenario.ErrForecastChoice)
	assert.Zero(t, st.Done)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, 1, bytes.Count(data, []byte("\n")), "header only")
}

// A sweep records the objective and carbon price it dispatched with, and
// refuses to resume a file written with others.
func TestSweepRecordsTheObjective(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, "pv.capacity_kwp=500,3000")
	cfg := dispatch.DefaultConfig()
	cfg.CarbonPricePerTCO2e = 80
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, sp, out, Options{Workers: 2, Config: &cfg})
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	obj, price := slices.Index(tab.Header, "objective"), slices.Index(tab.Header, "carbon_price_per_tco2e")
	require.GreaterOrEqual(t, obj, 0)
	for _, r := range tab.Rows {
		assert.Equal(t, "cost", r.Fields[obj])
		assert.Equal(t, "80", r.Fields[price])
	}
	_, err = Run(context.Background(), sc, sp, out, Options{Workers: 1})
	assert.ErrorIs(t, err, ErrFile)
	assert.ErrorContains(t, err, "written with objective cost and carbon price 80, this run uses carbon and 0")
}

// A file whose numbers an older zeropark wrote in another form ("3e+03"
// for 3000) resumes and merges: key fields and rows compare by value.
func TestResumeOtherNumberFormat(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, smallSweep...)
	data := runToFile(t, sc, sp, Options{Workers: 1})
	tab, err := results.ParseTable(data, "r.csv")
	require.NoError(t, err)
	nKey := 1 + len(sp.Axes) + len(results.DesignColumns())
	var b bytes.Buffer
	b.Write(results.CSVLine(tab.Header))
	rewritten := 0
	for _, r := range tab.Rows[:len(tab.Rows)-1] {
		f := slices.Clone(r.Fields)
		for j := 1; j < nKey; j++ {
			if f[j] == results.Unlimited {
				continue // a word, not a number to write in another form
			}
			v, err := strconv.ParseFloat(f[j], 64)
			require.NoError(t, err)
			if e := strconv.FormatFloat(v, 'e', -1, 64); e != f[j] {
				f[j], rewritten = e, rewritten+1
			}
		}
		b.Write(results.CSVLine(f))
	}
	require.Positive(t, rewritten)
	old := writeTemp(t, b.Bytes())
	st, err := Run(context.Background(), sc, sp, old, Options{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, 5, st.Skipped)
	assert.Equal(t, 1, st.Done)
	// The same rows in both forms merge without a conflict.
	merged := filepath.Join(t.TempDir(), "m.csv")
	n, err := Merge(merged, old, writeTemp(t, data))
	require.NoError(t, err)
	assert.Equal(t, 6, n)
}

// A varied horizon that is not a whole number of the series' steps is a
// specification error that dispatch refuses: the error matches both
// sentinels, and no file is made.
func TestRunRejectsBadHorizon(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, mustSpace(t, "policy.horizon_h=1.5"), out, Options{})
	require.ErrorIs(t, err, ErrSpec)
	require.ErrorIs(t, err, dispatch.ErrConfig)
	assert.ErrorContains(t, err, "policy.horizon_h=1.5")
	_, statErr := os.Stat(out)
	assert.True(t, os.IsNotExist(statErr), "no file for a rejected sweep")
}

// A varied horizon longer than dispatch's limit but than the period too
// is capped at the period, as zeropark run caps --horizon
// (dispatch.PeriodHorizonSteps): the sweep runs (session 26's QA: it was
// refused where run was not). Without a period the limit applies.
func TestRunCapsHorizonAtPeriod(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, "policy.horizon_h=87600")
	require.ErrorIs(t, sp.CheckStep(sc.Park, sc.Profiles.Step), dispatch.ErrTooLarge, "87,600 steps, no period to cap them")
	require.NoError(t, sp.CheckPeriod(sc.Park, sc.Profiles.Step, sc.Profiles.Len))
	out := filepath.Join(t.TempDir(), "r.csv")
	st, err := Run(context.Background(), sc, sp, out, Options{})
	require.NoError(t, err)
	assert.Equal(t, 1, st.Done)
}

// A value beyond the economics' bound is refused before the results file
// is made or appended to, though the combination holding it is not the
// first; the message speaks of the varied park, not of today's.
func TestRunChecksEveryParkUpFront(t *testing.T) {
	p := fixturePark()
	p.Economics = &model.Economics{Currency: "USD", Battery: &model.BatteryEconomics{MaxTotalKWh: 40000, MaxTotalKW: 5000}}
	sc, err := scenario.New("fixture", p, fixtureSeries(fixtureSteps))
	require.NoError(t, err)
	sp := mustSpace(t, "battery.energy_kwh=2000,1e9")
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	_, err = Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.ErrorIs(t, err, ErrSpec)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.ErrorContains(t, err, "combination 1 (battery.energy_kwh=1000000000)")
	assert.ErrorContains(t, err, "battery.max_total_kwh = 40000: is below the varied park's total battery energy, 1000000000 kWh")
	assert.NotContains(t, err.Error(), "today")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written")

	// A file already there (a resume) is left as it was.
	head := []byte(strings.Join(Header(sp, false), ",") + "\n")
	require.NoError(t, os.WriteFile(out, head, 0o644))
	_, err = Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.ErrorIs(t, err, ErrSpec)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, head, data)
}

// Whole units: with turbines of 500 kW (economics.wind.unit_kw) above
// today's 400 kW, a swept total of 900 or 1,400 kW adds one or two
// turbines and passes; 1,150 kW would add 1.5 and is refused before any
// file is made, naming the key, the unit size and the addition
// (plan.CheckWholeUnits: a row is never priced for more units than it
// dispatches with), as plan.CostOfAdding refuses it.
func TestRunRefusesPartUnits(t *testing.T) {
	p := fixturePark()
	capitalPerKW := 1000.0
	p.Economics = &model.Economics{Currency: "USD",
		Wind: &model.WindEconomics{CapitalPerKW: &capitalPerKW, MaxTotalKW: 2000, UnitKW: 500}}
	sc, err := scenario.New("fixture", p, fixtureSeries(fixtureSteps))
	require.NoError(t, err)
	require.NoError(t, mustSpace(t, "wind.capacity_kw=400,900,1400").checkParks(p), "whole turbines")

	sp := mustSpace(t, "wind.capacity_kw=400,900,1150")
	dir := t.TempDir()
	_, err = Run(context.Background(), sc, sp, filepath.Join(dir, "r.csv"), Options{Workers: 1})
	require.ErrorIs(t, err, ErrSpec)
	require.ErrorIs(t, err, model.ErrInvalid)
	var ie *plan.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "economics.wind.unit_kw", ie.Field)
	assert.Equal(t, 500.0, ie.Value)
	assert.ErrorContains(t, err, "combination 2 (wind.capacity_kw=1150)")
	assert.ErrorContains(t, err, "adds 750 kW of wind (1,150 against today's 400), 1.5 units of 500 kW")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written")
}

// A row that leaves less than a unit of room below the bound: 1,900 kW
// (three 500 kW turbines above today's 400, the bound 2,000) is a whole
// design and runs; 1,650 kW (2.5 units) is refused by the whole-unit
// check, with the totals either side. Both were refused as "no whole
// unit fits: the bound leaves room for … above today's 1900 kW", the
// row's total read as the park's today, and the whole row with them (QA
// G, session 39), where the plan closes its design parks' bounds.
func TestRunWholeUnitsUpToTheBound(t *testing.T) {
	p := fixturePark()
	capitalPerKW := 1000.0
	p.Economics = &model.Economics{Currency: "USD",
		Wind: &model.WindEconomics{CapitalPerKW: &capitalPerKW, MaxTotalKW: 2000, UnitKW: 500}}
	sc, err := scenario.New("fixture", p, fixtureSeries(24))
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err = Run(context.Background(), sc, mustSpace(t, "wind.capacity_kw=400,1900"), out, Options{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, 2000.0, p.Economics.Wind.MaxTotalKW, "the park file's bound is left as it was")

	_, err = Run(context.Background(), sc, mustSpace(t, "wind.capacity_kw=1650"), filepath.Join(t.TempDir(), "r.csv"), Options{Workers: 1})
	require.ErrorIs(t, err, ErrSpec)
	assert.ErrorContains(t, err, "adds 1,250 kW of wind (1,650 against today's 400), 2.5 units of 500 kW")
	assert.NotContains(t, err.Error(), "no whole unit fits")
}

// A resume with other ranges names the first row refused, the columns
// that differ and how many more rows are refused, on one line — not a
// line (and the whole key twice) per row (QA, 2026-12-04).
func TestResumeRefusalIsOneLine(t *testing.T) {
	sc := fixture(t, 24)
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0:2000:500"), out, Options{Workers: 2})
	require.NoError(t, err)

	_, err = Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0:4000:1000"), out, Options{Workers: 2})
	require.ErrorIs(t, err, ErrFile)
	msg := err.Error()
	assert.NotContains(t, msg, "\n")
	assert.Contains(t, msg, out+":3: combination 1 does not match this sweep")
	assert.Contains(t, msg, "pv.capacity_kwp 500 (this sweep: 1000), design_pv_capacity_kwp 500 (this sweep: 1000)")
	assert.Contains(t, msg, "(and 3 more rows not this sweep's)")

	_, err = Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0,500"), out, Options{Workers: 2})
	require.ErrorIs(t, err, ErrFile)
	assert.NotContains(t, err.Error(), "\n")
	assert.Contains(t, err.Error(), out+":4: combination 2 is beyond this sweep's 2")
	assert.Contains(t, err.Error(), "(and 2 more rows not this sweep's)")
}

// A combination whose park fails the series' checks names its values:
// load.scale=0.001 makes the loads look "in MW?", which blamed the park's
// columns alone (QA N, session 39).
func TestRunErrorNamesValues(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	out := filepath.Join(t.TempDir(), "r.csv")
	_, err := Run(context.Background(), sc, mustSpace(t, "load.scale=0.000001"), out, Options{Workers: 1})
	require.Error(t, err)
	assert.ErrorContains(t, err, "combination 0 [load.scale=0.000001]: ")
	assert.ErrorContains(t, err, "in MW?")
}
