package results_test

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// unitSuffixes are the endings that say a column's unit: physical units,
// money over the period or per year (the park file's currency), a
// fraction 0–1, a whole count.
var unitSuffixes = []string{
	"_kw", "_kwp", "_kwh", "_mwh", "_kgco2e", "_tco2e", "_tce", "_per_kwh", "_per_tce", "_per_tco2e",
	"_per_year", "_per_period", "_fraction", "_count", "_h", "_s", "_ms", "_minutes", "_kwh_th", "_kwh_lhv",
}

// unitless are the columns that rightly carry no unit, and why. A new
// column without a unit must be added here on purpose, or named with one.
var unitless = map[string]string{
	"combination":      "the row's key",
	"policy":           "text",
	"start":            "RFC 3339 timestamp",
	"end":              "RFC 3339 timestamp",
	"stage":            "text",
	"stage_limited_by": "text",
	"objective":        "text",
	"forecasts":        "text",
	"park_sha256":      "digest",
	"series_sha256":    "digest",
	"settings_sha256":  "digest",
	"zeropark_version": "build stamp",
	// true/false flags
	"indicators_met": "flag", "residual_offset": "flag", "horizon_capped": "flag", "core_indicator_met": "flag",
	"clean_share_met": "flag", "clean_share_required": "flag", "signals_differ": "flag",
	// Money paid once, up front: neither _per_year nor _per_period; named
	// as roadmap.csv's investment so that the two files read alike.
	"investment": "money up front, in the park file's currency",
	// The money columns' unit itself.
	"currency": "an ISO 4217 code",
	// Its unit comes before the qualifier, as summary.json names it.
	"carbon_tco2_per_tce_max": "unit before _max",
}

// Every column of a sweep results file carries its unit in its name, or
// is an identifier, text or flag listed in unitless: a new column named
// without a unit fails here.
func TestSweepColumnsCarryUnits(t *testing.T) {
	for _, c := range results.SweepHeader(nil, true) {
		if _, ok := unitless[c]; ok {
			continue
		}
		assert.True(t, slices.ContainsFunc(unitSuffixes, func(s string) bool { return strings.HasSuffix(c, s) }),
			"sweep column %q names no unit (want one of %v, or list it in unitless with a reason)", c, unitSuffixes)
	}
	// The list holds no stale names.
	header := results.SweepHeader(nil, true)
	for c := range unitless {
		assert.Contains(t, header, c, "unitless lists %q, which is no sweep column", c)
	}
	// No old name is still written.
	for _, r := range results.SweepRenames() {
		assert.NotContains(t, header, r.Old)
		assert.Contains(t, header, r.New, "renamed to a column that is not written")
	}
}

// SweepColumnDocs lists the header in order, the parameters as one entry,
// and says what the money and the fractions are.
func TestSweepColumnDocs(t *testing.T) {
	docs := results.SweepColumnDocs()
	var names []string
	for _, d := range docs {
		require.NotEmpty(t, d.Doc, d.Name)
		if d.Name != "<path>" {
			names = append(names, d.Name)
		}
		switch {
		case strings.HasSuffix(d.Name, "_per_period"):
			assert.Contains(t, d.Doc, "currency (the park file's) over the simulated period", d.Name)
		case strings.HasSuffix(d.Name, "_mwh_per_year"):
			assert.Contains(t, d.Doc, "MWh per year", d.Name)
		case strings.HasSuffix(d.Name, "_tco2e_per_year"):
			assert.Contains(t, d.Doc, "tCO2e per year", d.Name)
		case strings.HasSuffix(d.Name, "_per_year") && d.Name != "consumption_tce_per_year":
			assert.Contains(t, d.Doc, "currency (the park file's) per year", d.Name)
		case strings.HasSuffix(d.Name, "_fraction"):
			assert.Contains(t, d.Doc, "fraction 0–1", d.Name)
		case strings.HasPrefix(d.Name, "design_grid_"):
			assert.Contains(t, d.Doc, results.Unlimited, d.Name)
		}
	}
	assert.Equal(t, results.SweepHeader(nil, true), names)
	assert.Equal(t, "<path>", docs[1].Name)
	assert.Contains(t, docs[1].Doc, results.Unlimited)
}

// unlimitedSweep is a sweep file over grid.export_limit_kw = 0, 500,
// unlimited and battery.energy_kwh = 0, 100, the import limit unlimited
// in every design, offsets 10 × i + j at export value i, battery value j.
func unlimitedSweep(t *testing.T) (header []string, data []byte) {
	t.Helper()
	params := []string{"grid.export_limit_kw", "battery.energy_kwh"}
	header = results.SweepHeader(params, false)
	fp := results.Fingerprint{Combinations: 6, ParkSHA256: "p", SeriesSHA256: "s", SettingsSHA256: "x"}
	var b bytes.Buffer
	b.Write(results.CSVLine(header))
	k := 0
	for i, export := range []float64{0, 500, math.Inf(1)} {
		for j, bat := range []float64{0, 100} {
			rep := &dispatch.Report{Policy: dispatch.Perfect, Steps: 24, StepMinutes: 60, Stage: dispatch.LowCarbon,
				OffsetsNeededTCO2e: float64(10*i + j), EnergyCost: 7, SelfSufficiency: 0.25}
			d := results.Design{BatteryKWh: bat, ImportLimitKW: math.Inf(1), ExportLimitKW: export}
			costs := &results.AnnualCosts{OperatingCostPerYear: 1000 - 100*float64(i), PurchasesPerYear: 5}
			row := results.SweepRow{Combination: k, Params: []float64{export, bat}, Design: d, Report: rep, Costs: costs}
			b.Write(results.CSVLine(append(results.SweepFields(row, false), fp.Fields("test")...)))
			k++
		}
	}
	return header, b.Bytes()
}

// oldForm writes data as a zeropark before the renames wrote it: the old
// column names and "+Inf" for an unlimited limit.
func oldForm(data []byte) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	for _, r := range results.SweepRenames() {
		lines[0] = strings.Replace(lines[0], ","+r.New+",", ","+r.Old+",", 1)
	}
	rest := strings.ReplaceAll(strings.Join(lines[1:], ""), results.Unlimited, "+Inf")
	return []byte(lines[0] + rest)
}

// An unlimited limit is written "unlimited" in the parameter and design
// cells, reads back as +Inf, writes back byte for byte, and takes the
// last place on a heat map's axis.
func TestUnlimitedRoundTrip(t *testing.T) {
	header, data := unlimitedSweep(t)
	assert.NotContains(t, string(data), "Inf")
	tab, err := results.ParseTable(data, "u.csv")
	require.NoError(t, err)
	assert.False(t, tab.Upgraded())
	require.Len(t, tab.Rows, 6)
	r := tab.Rows[4] // export unlimited, battery 0
	assert.Equal(t, results.Unlimited, r.Fields[1])
	v, err := tab.ParamValues(r)
	require.NoError(t, err)
	assert.Equal(t, []float64{math.Inf(1), 0}, v)
	for _, col := range []string{"design_grid_export_limit_kw", "design_grid_import_limit_kw"} {
		got, err := tab.Float(r, col)
		require.NoError(t, err)
		assert.True(t, math.IsInf(got, 1), col)
	}
	assert.Equal(t, string(data), string(results.EncodeTable(tab.Header, tab.Rows)))
	assert.Equal(t, header, tab.Header)

	g, err := tab.Grid(results.GridQuery{X: "grid.export_limit_kw", Y: "battery.energy_kwh"})
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 500, math.Inf(1)}, g.Xs)
	assert.Equal(t, [][]float64{{0, 1}, {10, 11}, {20, 21}}, g.Values, "offsets 10 × i + j")
	// Its own cell: the one unlimited value matches no finite one.
	g, err = tab.Grid(results.GridQuery{X: "battery.energy_kwh", Y: "grid.export_limit_kw", KPI: results.ColSteps})
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 500, math.Inf(1)}, g.Ys)
}

// A file with the old column names and "+Inf" limits reads as the same
// table as the current one: the same header, cells and answers, and it
// writes back in the current form.
func TestOldHeaderReadsUnderNewNames(t *testing.T) {
	header, data := unlimitedSweep(t)
	old := oldForm(data)
	require.Contains(t, string(old), ",energy_cost,")
	require.Contains(t, string(old), ",self_sufficiency,")
	require.Contains(t, string(old), ",combinations_total,")
	require.Contains(t, string(old), "+Inf")
	tab, err := results.ParseTable(old, "old.csv")
	require.NoError(t, err)
	assert.True(t, tab.Upgraded())
	assert.Equal(t, results.SweepRenames(), tab.Renamed, "every renamed column is in this header, in layout order")
	assert.Equal(t, header, tab.Header)
	assert.Equal(t, string(data), string(results.EncodeTable(tab.Header, tab.Rows)))
	assert.True(t, tab.HasFingerprint(), "combinations_total read as combination_count")

	cur, err := results.ParseTable(data, "new.csv")
	require.NoError(t, err)
	for _, q := range []results.GridQuery{
		{X: "grid.export_limit_kw", Y: "battery.energy_kwh"},
		{X: "grid.export_limit_kw", Y: "battery.energy_kwh", KPI: "self_sufficiency"}, // the old name asks too
		{X: "battery.energy_kwh", Y: "grid.export_limit_kw", KPI: results.ColEnergyCost},
	} {
		want, err := cur.Grid(q)
		require.NoError(t, err)
		got, err := tab.Grid(q)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	r := tab.Rows[0]
	for old, cur := range map[string]string{"self_sufficiency": "self_sufficiency_fraction", "energy_cost": results.ColEnergyCost, "steps": results.ColSteps} {
		assert.Equal(t, tab.Col(cur), tab.Col(old), old)
		v, err := tab.Float(r, old)
		require.NoError(t, err)
		w, err := tab.Float(r, cur)
		require.NoError(t, err)
		assert.Equal(t, w, v)
	}
	picks, err := results.Cheapest(tab, results.Capex{"battery.energy_kwh": 1})
	require.NoError(t, err)
	want, err := results.Cheapest(cur, results.Capex{"battery.energy_kwh": 1})
	require.NoError(t, err)
	for i := range picks {
		assert.Equal(t, want[i].Costs, picks[i].Costs)
		assert.Equal(t, want[i].Row.Combination, picks[i].Row.Combination)
	}
	// By hand: the unlimited export limit operates cheapest (800 a
	// year); the battery's capex (1 per kWh-year) makes 0 kWh the pick:
	// combination 4, 800 × 24 h / 8760 h (low-carbon buys nothing; the
	// row's 5 a year of purchases are for zero-carbon).
	require.True(t, picks[1].Found)
	assert.Equal(t, 4, picks[1].Row.Combination)
	assert.InDelta(t, 800*24/8760.0, picks[1].Costs.Total, 1e-12)
}

// A header naming one column both ways is refused, naming both.
func TestOldAndNewNameTogether(t *testing.T) {
	_, err := results.ParseTable([]byte("combination,a.b,energy_cost,energy_cost_per_period\n0,1,2,2\n"), "both.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.ErrorContains(t, err, `both.csv:1`)
	assert.ErrorContains(t, err, `"energy_cost" (its name before it carried its unit) and "energy_cost_per_period"`)
}

func ExampleFormatLimit() {
	fmt.Println(results.FormatLimit(500), results.FormatLimit(math.Inf(1)))
	for _, s := range []string{"unlimited", "+Inf", "500"} {
		v, err := results.ParseLimit(s)
		fmt.Println(v, err)
	}
	// Output:
	// 500 unlimited
	// +Inf <nil>
	// +Inf <nil>
	// 500 <nil>
}

func ExampleSweepRenames() {
	for _, r := range results.SweepRenames()[:4] {
		fmt.Println(r.Old, "→", r.New)
	}
	// Output:
	// steps → step_count
	// offset_cost → offset_cost_per_period
	// certificate_cost → certificate_cost_per_period
	// energy_cost → energy_cost_per_period
}

// Every value FormatLimit writes, ParseLimit reads back to itself.
func FuzzLimitRoundTrip(f *testing.F) {
	for _, v := range []float64{0, 500, 0.1, 1e21, math.Inf(1), math.Inf(-1), -3} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsNaN(v) {
			t.Skip("NaN is no value")
		}
		got, err := results.ParseLimit(results.FormatLimit(v))
		require.NoError(t, err)
		assert.Equal(t, v, got)
	})
}
