package results_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// flattenReport maps summary.json's numeric and boolean leaves to the
// column names the package documents: energy_kwh.x → energy_x_kwh,
// stage_basis.x and solve.x → x, top level as is.
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
				if prefix == "energy_kwh" {
					walk("energy_"+k+"_kwh", e)
				} else {
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
	// The columns renamed to carry their unit hold the same values.
	for _, r := range results.SweepRenames() {
		if v, ok := out[r.Old]; ok {
			delete(out, r.Old)
			out[r.New] = v
		}
	}
	// A key added with a column that names its unit from the start.
	if v, ok := out["wear_cost"]; ok {
		delete(out, "wear_cost")
		out[results.ColWearCost] = v
	}
	return out
}

// Every KPI of summary.json has a column (the list is explicit, so this
// catches a field added to dispatch.Report but not to the file), and no
// column is named twice.
func TestSweepHeaderCoversReport(t *testing.T) {
	names := results.KPIColumns(true)
	for leaf := range flattenReport(t, &dispatch.Report{}) {
		assert.Contains(t, names, leaf, "summary.json field without a sweep column")
	}
	h := results.SweepHeader([]string{"pv.capacity_kwp", "battery[Main].power_kw"}, true)
	seen := map[string]bool{}
	for _, n := range h {
		assert.False(t, seen[n], "duplicate column %s", n)
		seen[n] = true
	}
	assert.Equal(t, []string{"combination", "pv.capacity_kwp", "battery[Main].power_kw", "design_pv_capacity_kwp"}, h[:4])
	assert.Equal(t, results.ClosingColumns, h[len(h)-len(results.ClosingColumns):])
	assert.Less(t, slices.Index(h, results.ColForecasts), slices.Index(h, "solve_time_total_s"))
	assert.Len(t, results.SweepHeader(nil, false), len(h)-2-3, "no parameters, no timings")
}

// A row written for a run reads back, column by column, to the run's own
// numbers; the design columns are the park's totals.
func TestSweepRowRoundTrip(t *testing.T) {
	p, prof := mustProfiles(t, 24)
	res := run(t, p, prof, dispatch.Perfect, false)
	d := results.DesignOf(p, dispatch.DefaultConfig().Horizon)
	fp := results.Fingerprint{Combinations: 4, ParkSHA256: "p", SeriesSHA256: "s", SettingsSHA256: "x"}
	header := results.SweepHeader([]string{"pv.capacity_kwp"}, true)
	fields := results.SweepFields(results.SweepRow{Combination: 3, Params: []float64{300}, Design: d, Report: &res.Report, Forecasts: ""}, true)
	line := results.CSVLine(append(fields, fp.Fields("zeropark test")...))
	tab, err := results.ParseTable(append(results.CSVLine(header), line...), "r.csv")
	require.NoError(t, err)
	require.Len(t, tab.Rows, 1)
	r := tab.Rows[0]
	assert.Equal(t, 3, r.Combination)
	assert.Equal(t, []string{"pv.capacity_kwp"}, tab.Params())
	v, err := tab.ParamValues(r)
	require.NoError(t, err)
	assert.Equal(t, []float64{300}, v)
	checked := 0
	for col, want := range flattenReport(t, &res.Report) {
		got, err := tab.Float(r, col)
		if err != nil { // a boolean
			s, _ := tab.Text(r, col)
			b, berr := strconv.ParseBool(s)
			require.NoError(t, berr, col)
			got = map[bool]float64{false: 0, true: 1}[b]
		}
		assert.Equal(t, want, got, col)
		checked++
	}
	assert.Greater(t, checked, 60)
	for col, want := range map[string]float64{"design_pv_capacity_kwp": 300, "design_battery_energy_kwh": 200,
		"design_battery_power_kw": 60, "design_grid_export_limit_kw": 20, "design_policy_horizon_h": 24} {
		got, err := tab.Float(r, col)
		require.NoError(t, err)
		assert.Equal(t, want, got, col)
	}
	st, err := tab.Stage(r)
	require.NoError(t, err)
	assert.Equal(t, res.Report.Stage, st)
	got, stamp, ok := tab.Fingerprint(r)
	assert.True(t, ok)
	assert.Equal(t, fp, got)
	assert.Equal(t, "zeropark test", stamp)
	assert.Equal(t, len(header)-1, tab.VersionCol())
}

func TestParseTable(t *testing.T) {
	t.Run("parameters end at the first known column", func(t *testing.T) {
		for _, c := range []struct {
			head string
			want []string
		}{
			{"combination,a.b,c[d e].f,design_pv_capacity_kwp,stage", []string{"a.b", "c[d e].f"}},
			{"combination,a.b,policy,offsets_needed_tco2e", []string{"a.b"}},
			{"combination,a.b", []string{"a.b"}},
			{"combination,stage", []string{}},
			{"\ufeffcombination,x,combinations_total", []string{"x"}},
		} {
			tab, err := results.ParseTable([]byte(c.head+"\n"), "t.csv")
			require.NoError(t, err, c.head)
			assert.Equal(t, c.want, tab.Params(), c.head)
			assert.Equal(t, "combination", tab.Header[0])
		}
	})
	for _, c := range []struct {
		name, in string
		line     int
		want     string
	}{
		{"empty", "", 1, "no header"},
		{"not a sweep", "x,combination\n", 1, `not a sweep results file`},
		{"twice", "combination,a.b,a.b\n", 1, "named twice"},
		{"bad combination", "combination,a.b\n0,1\n-1,2\n", 3, `value "-1": not a whole number`},
		{"fields", "combination,a.b\n0,1,2\n", 2, "wrong number of fields"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := results.ParseTable([]byte(c.in), "t.csv")
			require.ErrorIs(t, err, results.ErrFile)
			var fe *results.FileError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, c.line, fe.Line)
			assert.Contains(t, err.Error(), "t.csv")
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestReadTablePartialLine(t *testing.T) {
	path := t.TempDir() + "/r.csv"
	require.NoError(t, writeFile(path, "combination,a.b\n0,1\n1,"))
	_, err := results.ReadTable(path)
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "r.csv:3")
	assert.Contains(t, err.Error(), "partial line")
}

// sweepCSV has the layout of a sweep results file cut down: combination,
// the --vary paths, a design column, KPIs.
const sweepCSV = `combination,battery.energy_kwh,pv[roof].capacity_kwp,grid.import_limit_kw,design_pv_capacity_kwp,policy,residual_kgco2e,offsets_needed_tco2e,stage,renewable_share
0,0,500,+Inf,500,mpc,900000,900,conventional,0.1
1,1000,500,+Inf,500,mpc,600000,600,low-carbon,0.4
2,0,1000,+Inf,1000,mpc,150000,150,near-zero-carbon,0.91
3,1000,1000,+Inf,1000,mpc,0,0,zero-carbon,0.95
`

func mustTable(t *testing.T, csv string) *results.Table {
	t.Helper()
	tab, err := results.ParseTable([]byte(csv), "sweep.csv")
	require.NoError(t, err)
	return tab
}

func TestGrid(t *testing.T) {
	tab := mustTable(t, sweepCSV)
	g, err := tab.Grid(results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp"})
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 1000}, g.Xs)
	assert.Equal(t, []float64{500, 1000}, g.Ys)
	assert.Equal(t, [][]float64{{900, 150}, {600, 0}}, g.Values)
	assert.Equal(t, [][]dispatch.Stage{{dispatch.Conventional, dispatch.NearZeroCarbon}, {dispatch.LowCarbon, dispatch.ZeroCarbon}}, g.Stages)
	// The unlimited import limit is the same in every row: held, not an
	// obstacle.
	assert.Equal(t, map[string]float64{"grid.import_limit_kw": math.Inf(1)}, g.Held)
	assert.False(t, g.Missing())
	lo, hi := g.Range()
	assert.Equal(t, 0.0, lo)
	assert.Equal(t, 900.0, hi)

	// Another KPI; a byte-order mark and CRLF line ends are fine.
	tab = mustTable(t, "\ufeff"+strings.ReplaceAll(sweepCSV, "\n", "\r\n"))
	g, err = tab.Grid(results.GridQuery{X: "pv[roof].capacity_kwp", Y: "battery.energy_kwh", KPI: "renewable_share"})
	require.NoError(t, err)
	assert.Equal(t, [][]float64{{0.1, 0.4}, {0.91, 0.95}}, g.Values)
}

// With a third parameter the grid is the slice through the best row
// unless Fix says otherwise; a missing combination is NaN.
func TestGridThirdParameter(t *testing.T) {
	var b strings.Builder
	b.WriteString("combination,a.x,b.y,c.z,design_pv_capacity_kwp,policy,offsets_needed_tco2e,stage\n")
	k := 0
	for _, x := range []float64{1, 2, 3} {
		for _, y := range []float64{1, 2} {
			for _, z := range []float64{100, 200, 300} {
				if x == 3 && y == 2 && z == 100 {
					continue // one combination never ran
				}
				off := 10*x + y + map[float64]float64{100: 50, 200: 0, 300: 70}[z] // z = 200 best everywhere
				fmt.Fprintf(&b, "%d,%g,%g,%g,0,mpc,%g,low-carbon\n", k, x, y, z, off)
				k++
			}
		}
	}
	tab := mustTable(t, b.String())
	g, err := tab.Grid(results.GridQuery{X: "a.x", Y: "b.y"})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"c.z": 200}, g.Held)
	assert.Equal(t, [][]float64{{11, 12}, {21, 22}, {31, 32}}, g.Values)
	g, err = tab.Grid(results.GridQuery{X: "a.x", Y: "b.y", Fix: map[string]float64{"c.z": 100 * (1 + 1e-12)}})
	require.NoError(t, err)
	assert.Empty(t, g.Held, "what was fixed is not held")
	assert.Equal(t, 61.0, g.Values[0][0])
	assert.True(t, math.IsNaN(g.Values[2][1]), "no run at x = 3, y = 2, z = 100")
	assert.Equal(t, dispatch.Stage(""), g.Stages[2][1])
	assert.True(t, g.Missing())
}

func TestGridErrors(t *testing.T) {
	three := "combination,a.x,b.y,c.z,stage,offsets_needed_tco2e\n0,1,1,10,low-carbon,5\n1,1,1,20,low-carbon,6\n"
	policies := strings.Replace(sweepCSV, "3,1000,1000,+Inf,1000,mpc", "3,1000,1000,+Inf,1000,perfect", 1)
	dup := sweepCSV + "4,0,500,+Inf,500,mpc,900000,900,conventional,0.1\n"
	for _, c := range []struct {
		name, csv string
		q         results.GridQuery
		file      bool // a FileError rather than a query error
		want      string
	}{
		{"missing x", sweepCSV, results.GridQuery{X: "wind.capacity_kw", Y: "battery.energy_kwh"}, false,
			`parameter "wind.capacity_kw" is not in the sweep rows (varied: battery.energy_kwh, pv[roof].capacity_kwp, grid.import_limit_kw)`},
		{"missing y", sweepCSV, results.GridQuery{X: "battery.energy_kwh"}, false, "need two different parameters"},
		{"same", sweepCSV, results.GridQuery{X: "battery.energy_kwh", Y: "battery.energy_kwh"}, false, "need two different parameters"},
		{"no rows", "combination,a.x,b.y,stage,offsets_needed_tco2e\n", results.GridQuery{X: "a.x", Y: "b.y"}, false, "no sweep rows"},
		{"-Inf axis", strings.ReplaceAll(sweepCSV, "+Inf", "-Inf"), results.GridQuery{X: "battery.energy_kwh", Y: "grid.import_limit_kw"}, false,
			"grid.import_limit_kw = -Inf: must be finite or unlimited to place on an axis"},
		{"policies", policies, results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp"}, false, `several policies ("mpc", "perfect")`},
		{"policy absent", sweepCSV, results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp", Policy: "self"}, false, `no rows of policy "self" (the file holds "mpc")`},
		{"duplicate", dup, results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp"}, false, "two rows at battery.energy_kwh = 0, pv[roof].capacity_kwp = 500"},
		{"fix axis", three, results.GridQuery{X: "a.x", Y: "b.y", Fix: map[string]float64{"a.x": 1}}, false, "it is an axis"},
		{"fix unknown", three, results.GridQuery{X: "a.x", Y: "b.y", Fix: map[string]float64{"d.w": 1}}, false, "fix d.w: not a varied parameter"},
		// An unlimited value is no finite one (its tolerance was infinite).
		{"fix finite, rows unlimited", sweepCSV, results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp",
			Fix: map[string]float64{"grid.import_limit_kw": 500}}, false, "grid.import_limit_kw = 500 is not among the swept values unlimited"},
		// Bug fix: the message was Go map syntax with an empty policy.
		{"fix no match", three, results.GridQuery{X: "a.x", Y: "b.y", Fix: map[string]float64{"c.z": 15}}, false, "c.z = 15 is not among the swept values 10, 20"},
		{"fix never together", "combination,a.x,b.y,c.z,d.w,stage,offsets_needed_tco2e\n0,1,1,10,1,low-carbon,5\n1,1,1,20,2,low-carbon,6\n",
			results.GridQuery{X: "a.x", Y: "b.y", Fix: map[string]float64{"c.z": 10, "d.w": 2}}, false, "no row has c.z = 10 and d.w = 2 together"},
		// Asked by its old name, a column is looked for under its new one.
		{"no KPI column", three, results.GridQuery{X: "a.x", Y: "b.y", KPI: "energy_cost"}, false, `colour column "energy_cost_per_period" is not in the sweep rows; the file has 2 result columns, e.g. offsets_needed_tco2e, total_cost_per_year`},
		{"KPI by part of its name", sweepCSV, results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp", KPI: "offsets"}, false,
			`colour column "offsets" is not in the sweep rows; columns with that in their name: offsets_needed_tco2e`},
		{"no default KPI column", strings.Replace(three, "offsets_needed_tco2e", "x", 1), results.GridQuery{X: "a.x", Y: "b.y"}, true, `column "offsets_needed_tco2e": required column missing`},
		{"bad KPI", strings.Replace(sweepCSV, ",150,near", ",lots,near", 1), results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp"}, true,
			`sweep.csv:4: column "offsets_needed_tco2e": value "lots": not a number`},
		{"infinite KPI", strings.Replace(sweepCSV, ",150,near", ",+Inf,near", 1), results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp"}, true, "not a finite number"},
		{"bad parameter", strings.Replace(sweepCSV, "2,0,1000", "2,x,1000", 1), results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp"}, true,
			`column "battery.energy_kwh": value "x": not a number`},
		{"unknown stage", strings.Replace(sweepCSV, "low-carbon", "net-zero", 1), results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp"}, true, "unknown stage"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := mustTable(t, c.csv).Grid(c.q)
			require.Error(t, err)
			assert.Nil(t, g)
			if c.file {
				assert.ErrorIs(t, err, results.ErrFile)
			} else {
				assert.ErrorIs(t, err, results.ErrQuery)
			}
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// A grid answered from any table the reader accepts is either well formed
// or a query or file error.
func FuzzGrid(f *testing.F) {
	f.Add(sweepCSV, "battery.energy_kwh", "pv[roof].capacity_kwp")
	f.Add("combination,a.b,c.d,offsets_needed_tco2e,stage\n0,1,1e308,2,low-carbon\n1,-1e308,-Inf,0,zero-carbon\n", "a.b", "c.d")
	f.Add("combination,a.b,c.d,offsets_needed_tco2e,stage\n0,1,2,1e308,low-carbon\n1,2,2,-1e308,zero-carbon\n", "a.b", "c.d")
	f.Fuzz(func(t *testing.T, in, x, y string) {
		tab, err := results.ParseTable([]byte(in), "f.csv")
		if err != nil {
			return
		}
		g, err := tab.Grid(results.GridQuery{X: x, Y: y})
		if err != nil {
			if !errors.Is(err, results.ErrQuery) && !errors.Is(err, results.ErrFile) {
				t.Fatalf("error %v is neither a query nor a file error", err)
			}
			return
		}
		if len(g.Values) != len(g.Xs) || len(g.Stages) != len(g.Xs) {
			t.Fatalf("%d columns for %d x values", len(g.Values), len(g.Xs))
		}
		for c := range g.Xs {
			if len(g.Values[c]) != len(g.Ys) {
				t.Fatalf("column %d has %d values for %d y values", c, len(g.Values[c]), len(g.Ys))
			}
			for r, v := range g.Values[c] {
				if math.IsInf(v, 0) || (math.IsNaN(v) != (g.Stages[c][r] == "")) {
					t.Fatalf("cell %d,%d: %v, stage %q", c, r, v, g.Stages[c][r])
				}
			}
		}
	})
}

// cheapestTable is three hand-made rows over one year (8760 one-hour
// steps), PV of 0, 1000 and 5000 kWp.
func cheapestTable(t *testing.T) *results.Table {
	head := slices.Concat([]string{"combination", "pv.capacity_kwp"}, results.DesignColumns(),
		[]string{"steps", "step_minutes", "energy_cost", "offset_cost", "certificate_cost", "stage", "offsets_needed_tco2e",
			"operating_cost_per_year", "purchases_per_year"})
	var b bytes.Buffer
	b.Write(results.CSVLine(head))
	row := func(k int, pv, cost float64, stage string, off float64) {
		f := []string{strconv.Itoa(k), results.FormatNumber(pv)}
		for _, c := range results.DesignColumns() {
			if c == "design_pv_capacity_kwp" {
				f = append(f, results.FormatNumber(pv))
			} else {
				f = append(f, "0")
			}
		}
		b.Write(results.CSVLine(append(f, "8760", "60", results.FormatNumber(cost), "0", "0", stage, results.FormatNumber(off),
			results.FormatNumber(cost), "0")))
	}
	row(0, 0, 1000, "conventional", 50)
	row(1, 1000, 400, "low-carbon", 20)
	row(2, 5000, 100, "near-zero-carbon", 5)
	return mustTable(t, b.String())
}

func TestCheapest(t *testing.T) {
	tab := cheapestTable(t)
	picks, err := results.Cheapest(tab, nil)
	require.NoError(t, err)
	require.Len(t, picks, 4)
	// Without capex the biggest park is cheapest for every stage it reaches.
	for _, p := range picks[:3] {
		assert.Equal(t, 2, p.Row.Combination, p.Stage)
	}
	assert.False(t, picks[3].Found, "nobody reaches zero-carbon")

	// 60 per kWp per year: 0, 60 000 and 300 000 of capex over a year.
	picks, err = results.Cheapest(tab, results.Capex{"pv.capacity_kwp": 60})
	require.NoError(t, err)
	assert.Equal(t, 0, picks[0].Row.Combination)
	assert.InDelta(t, 1000, picks[0].Costs.Total, 1e-9)
	assert.Equal(t, 1, picks[1].Row.Combination)
	assert.InDelta(t, 60400, picks[1].Costs.Total, 1e-9)
	assert.Equal(t, 2, picks[2].Row.Combination)
	assert.InDelta(t, 300000, picks[2].Costs.Capex, 1e-9)
	assert.InDelta(t, 5, picks[2].OffsetsNeededTCO2e, 1e-12)

	var b bytes.Buffer
	require.NoError(t, results.WriteCheapest(&b, tab, picks, results.Capex{"pv.capacity_kwp": 60}))
	assert.Contains(t, b.String(), "not reached by any scenario")
	assert.Contains(t, b.String(), "60,400.00", "a period's costs keep the cents, grouped")
	assert.Contains(t, b.String(), "pv.capacity_kwp", "the parameters head their columns")
	b.Reset()
	require.NoError(t, results.WriteCheapest(&b, tab, picks, nil))
	assert.Contains(t, b.String(), "ignores what the equipment costs")

	// A table without a stage column, or with a stage nobody knows, is
	// refused naming the file.
	_, err = results.Cheapest(mustTable(t, "combination,a.b,offsets_needed_tco2e\n0,1,2\n"), nil)
	assert.ErrorIs(t, err, results.ErrFile)
	_, err = results.Cheapest(mustTable(t, "combination,a.b,energy_cost,offset_cost,certificate_cost,stage,offsets_needed_tco2e\n0,1,1,1,1,net-zero,2\n"), nil)
	assert.ErrorIs(t, err, results.ErrFile)
	assert.ErrorContains(t, err, "sweep.csv:2")
}

func TestCapexAdd(t *testing.T) {
	c := results.Capex{}
	require.NoError(t, c.Add("pv.capacity_kwp=60"))
	require.NoError(t, c.Add("battery.energy_kwh = 25"))
	assert.Equal(t, results.Capex{"pv.capacity_kwp": 60, "battery.energy_kwh": 25}, c)
	for _, bad := range []string{"pv.capacity_kwp=70", "load.scale=1", "pv.capacity_kwp", "wind.capacity_kw=-1", "wind.capacity_kw=NaN",
		// A rate no park file's economics could hold: its costs were +Inf,
		// and a +Inf row was named the cheapest (QA X, session 38).
		"wind.capacity_kw=1e300", "battery.energy_kwh=1e308", "grid.import_limit_kw=1000000001"} {
		err := c.Add(bad)
		assert.ErrorIs(t, err, results.ErrCapex, bad)
	}
	// Every capex path has its design column.
	for _, p := range results.CapexPaths() {
		assert.Contains(t, results.DesignColumns(), results.DesignColumn(p))
	}
}

func ExampleCapex_Add() {
	c := results.Capex{}
	fmt.Println(c.Add("pv.capacity_kwp=60"), c)
	fmt.Println(c.Add("load.scale=3") != nil)
	// Output:
	// <nil> map[pv.capacity_kwp:60]
	// true
}

func ExampleFingerprint_Diff() {
	was := results.Fingerprint{Combinations: 6, ParkSHA256: "p1", SeriesSHA256: "s1", SettingsSHA256: "x1"}
	now := was
	now.SeriesSHA256 = "s2"
	fmt.Println(was.Diff(now), was.Diff(was))
	// Output:
	// [series] []
}

func ExampleTable_Grid() {
	tab, err := results.ParseTable([]byte(sweepCSV), "sweep.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tab.Params())
	g, err := tab.Grid(results.GridQuery{X: "battery.energy_kwh", Y: "pv[roof].capacity_kwp"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for r := len(g.Ys) - 1; r >= 0; r-- {
		line := fmt.Sprintf("pv %4g:", g.Ys[r])
		for c := range g.Xs {
			line += fmt.Sprintf("  %4g %-16s", g.Values[c][r], g.Stages[c][r])
		}
		fmt.Println(strings.TrimRight(line, " "))
	}
	fmt.Println("held:", g.Held)
	// Output:
	// [battery.energy_kwh pv[roof].capacity_kwp grid.import_limit_kw]
	// pv 1000:   150 near-zero-carbon     0 zero-carbon
	// pv  500:   900 conventional       600 low-carbon
	// held: map[grid.import_limit_kw:+Inf]
}

func ExampleCheapest() {
	tab, err := results.ParseTable([]byte(`combination,pv.capacity_kwp,design_pv_capacity_kwp,steps,step_minutes,energy_cost,offset_cost,certificate_cost,stage,offsets_needed_tco2e,operating_cost_per_year,purchases_per_year
0,1000,1000,8760,60,500,100,40,low-carbon,20,500,100
1,3000,3000,8760,60,200,25,30,near-zero-carbon,5,200,25
`), "sweep.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	// 60 per kWp per year over a year: 60,000 and 180,000 of capex.
	capex := results.Capex{"pv.capacity_kwp": 60}
	picks, err := results.Cheapest(tab, capex)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range picks {
		if p.Found {
			fmt.Printf("%s: combination %d, total %.0f\n", p.Stage, p.Row.Combination, p.Costs.Total)
		}
	}
	// Output:
	// conventional: combination 0, total 60600
	// low-carbon: combination 0, total 60600
	// near-zero-carbon: combination 1, total 180225
}

func ExampleParseTable() {
	p, prof, err := fixtureProfiles(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := dispatch.DefaultConfig()
	res, err := dispatch.SelfConsumption(p, prof, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	// What package sweep writes for one combination: the header, then a
	// row closed by the fingerprint and the build stamp.
	header := results.SweepHeader([]string{"pv.capacity_kwp"}, false)
	row := results.SweepFields(results.SweepRow{Combination: 0, Params: []float64{300}, Design: results.DesignOf(p, cfg.Horizon),
		Report: &res.Report}, false)
	fp := results.Fingerprint{Combinations: 1, ParkSHA256: "p", SeriesSHA256: "s", SettingsSHA256: "x"}
	data := append(results.CSVLine(header), results.CSVLine(append(row, fp.Fields("zeropark example")...))...)

	tab, err := results.ParseTable(data, "sweep.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := tab.Rows[0]
	pv, _ := tab.Float(r, "design_pv_capacity_kwp")
	stage, _ := tab.Stage(r)
	got, stamp, _ := tab.Fingerprint(r)
	fmt.Println(tab.Params(), pv, stage, got == fp, stamp)
	// Output:
	// [pv.capacity_kwp] 300 low-carbon true zeropark example
}

func ExampleWriteCheapest() {
	// Row 1 is near-zero-carbon: it buys nothing there and 5 tCO2e of
	// offsets (25 a year) for zero-carbon; row 0 cannot reach either.
	tab, err := results.ParseTable([]byte(`combination,pv.capacity_kwp,design_pv_capacity_kwp,steps,step_minutes,energy_cost,offset_cost,certificate_cost,stage,offsets_needed_tco2e,operating_cost_per_year,purchases_per_year,near_zero_carbon_certificates_mwh_per_year,near_zero_carbon_purchases_per_year,zero_carbon_offsets_tco2e_per_year,zero_carbon_purchases_per_year
0,1000,1000,8760,60,500,100,40,low-carbon,20,500,100,,,,
1,3000,3000,8760,60,200,25,30,near-zero-carbon,5,200,25,0,0,5,25
`), "sweep.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	picks, err := results.Cheapest(tab, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = results.WriteCheapest(os.Stdout, tab, picks, nil)
	// Output:
	// cheapest reaching  combination  pv.capacity_kwp  stage             cost    capex  operating  purchases  buys
	// conventional       1            3,000            near-zero-carbon  200.00  0.00   200.00     0.00       —
	// low-carbon         1            3,000            near-zero-carbon  200.00  0.00   200.00     0.00       —
	// near-zero-carbon   1            3,000            near-zero-carbon  200.00  0.00   200.00     0.00       —
	// zero-carbon        1            3,000            near-zero-carbon  225.00  0.00   200.00     25.00      by buying 5.0 tCO2e of offsets a year
	// Costs are operating + purchases over the period; no --capex given, so "cheapest" ignores what the equipment costs;
	// operating = energy + demand charge + battery wear; purchases are what zeropark plan buys for the stage: nothing for
	// low-carbon, certificates for a required clean share's shortfall for near-zero-carbon, and those plus offsets for the
	// residual beyond the offsets held for zero-carbon, which only a design meeting near-zero-carbon's core indicator can buy;
	// "stage" is the design's own with the holdings alone.
}
