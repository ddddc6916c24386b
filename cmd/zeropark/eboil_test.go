package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// eboilerPark is the small heat park (testHeatPark) with a 20 kW_th
// electric boiler today and economics (the electric boiler object given
// by eb), gas at gasPrice a kWh (LHV) and testParkTariff's import prices.
func eboilerPark(eb string, gasPrice float64) string {
	return strings.Replace(strings.Replace(testHeatPark, `"grid":`, `"electric_boilers": [{"name": "eb", "capacity_kw_th": 20, "efficiency": 0.99}],
  "economics": {"currency": "USD",
    "electric_boiler": `+eb+`},
  "fuels": [{"name": "natural_gas", "price_per_kwh_lhv": `+fmt.Sprint(gasPrice)+`}],
  "grid":`, 1), `"kind": "average", "source": "test"}`, `"kind": "average", "source": "test"},
    "import_price": {"per_kwh": 0.10, "time_of_use": [{"from_hour": 8, "to_hour": 22, "per_kwh": 0.25}]}`, 1)
}

// lineCol is the 1-based line and column of the first occurrence of
// needle in text.
func lineCol(t *testing.T, text, needle string) (int, int) {
	t.Helper()
	i := strings.Index(text, needle)
	require.GreaterOrEqual(t, i, 0, needle)
	before := text[:i]
	return strings.Count(before, "\n") + 1, i - strings.LastIndex(before, "\n")
}

// assertBadEconomicsExit2 runs validate, run and plan on the park text
// with the test series: each exits 2, its message holds want and the park
// file's line and column of key.
func assertBadEconomicsExit2(t *testing.T, text, key, want string) {
	t.Helper()
	park, series := writeInputs(t, text, testSeries)
	line, col := lineCol(t, text, key)
	for _, cmd := range []string{"validate", "run", "plan"} {
		args := []string{cmd, "--park", park, "--series", series}
		if cmd == "plan" {
			args = append(args, "--out", filepath.Join(t.TempDir(), "plan"))
		}
		code, out, errOut := cli(t, args...)
		msg := out + errOut
		assert.Equal(t, exitBadInput, code, "%s: %s", cmd, msg)
		assert.Contains(t, msg, want, cmd)
		assert.Contains(t, msg, fmt.Sprintf("%s:%d:%d", park, line, col), "%s names file:line:col", cmd)
	}
}

// Bad electric boiler economics are bad input: exit 2 from validate, run
// and plan, the message naming the park file, the line and column of the
// key, the key, its value and why.
func TestBadElectricBoilerEconomicsExit2(t *testing.T) {
	for _, c := range []struct {
		name, eb, key, want string
	}{
		{"negative cost", `{"capital_per_kw_th": -5, "max_total_kw_th": 100}`, `"capital_per_kw_th"`,
			"economics: electric_boiler.capital_per_kw_th = -5: must be finite and ≥ 0"},
		{"lifetime 0", `{"lifetime_years": 0, "max_total_kw_th": 100}`, `"lifetime_years"`,
			"economics: electric_boiler.lifetime_years = 0: must be in (0, 100] years"},
		{"bound below today", `{"max_total_kw_th": 15}`, `"max_total_kw_th"`,
			"economics: electric_boiler.max_total_kw_th = 15: is below the park's total electric boiler output today, 20 kW_th"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assertBadEconomicsExit2(t, eboilerPark(c.eb, 0.05), c.key, c.want)
		})
	}
}

// zeropark plan with an electric boiler candidate (REopt's default cost,
// up to 400 kW_th in total) on the small heat park, gas at 0.20 a kWh:
// off-peak electricity at 0.10 makes a kWh_th for 0.101, gas for 0.222,
// so the boiler pays for itself (about 42 USD per kW_th a year) and the
// cheapest design adds some. Each design's park file has the boiler grown
// (today's 20 kW_th plus the addition, as roadmap.csv says) and re-runs
// through zeropark run to the stage the plan's check reports; the
// printed table shows the addition.
func TestPlanElectricBoilerCandidate(t *testing.T) {
	park, series := writeInputs(t, eboilerPark(`{"max_total_kw_th": 400}`, 0.20), testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	assert.Contains(t, stdout, "+e-boiler kW_th")
	rows, rm := readPlanDir(t, out)
	require.NotEmpty(t, rows)
	assert.InDelta(t, 20, rows[0].Total.ElectricBoilerKWTh, 1e-9, "today's boiler")
	ran, added := 0, 0.0
	for i, r := range rows {
		assert.Equal(t, rm.Rows[i].Added, r.Added, r.Target)
		assert.Equal(t, rm.Rows[i].Total, r.Total, r.Target)
		if r.Unreachable != "" || r.Target == results.TodayTarget {
			continue
		}
		added = max(added, r.Added.ElectricBoilerKWTh)
		assert.InDelta(t, 20+r.Added.ElectricBoilerKWTh, r.Total.ElectricBoilerKWTh, 1e-6, r.Target)
		assert.LessOrEqual(t, r.Total.ElectricBoilerKWTh, 400+1e-6, "within the bound")
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		p, err := model.LoadPark(pf)
		require.NoError(t, err, r.Target)
		require.Len(t, p.ElectricBoilers, 1)
		assert.InDelta(t, r.Total.ElectricBoilerKWTh, p.ElectricBoilers[0].CapacityKWTh, 1e-6, r.Target)
		sum := runSummary(t, "--park", pf, "--series", series, "--policy", "perfect")
		assert.Equal(t, r.Check(dispatch.Perfect).Stage, sum.Stage, r.Target)
		assert.GreaterOrEqual(t, sum.Stage.Rank(), dispatch.Stage(r.Target).Rank(), "%s: the design park reaches its stage", r.Target)
		ran++
	}
	assert.Positive(t, ran, "at least one design re-ran")
	assert.Positive(t, added, "some design adds an electric boiler")
}

// A park with an electric boiler candidate but no electric boiler is bad
// input naming the key (as for heat pumps: the added boiler's efficiency
// is taken from one in the park).
func TestPlanElectricBoilerCandidateWithoutOne(t *testing.T) {
	text := strings.Replace(eboilerPark(`{"max_total_kw_th": 400}`, 0.20),
		`"electric_boilers": [{"name": "eb", "capacity_kw_th": 20, "efficiency": 0.99}],`, "", 1)
	park, series := writeInputs(t, text, testSeries)
	code, out, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", filepath.Join(t.TempDir(), "plan"))
	assert.Equal(t, exitBadInput, code, out+errOut)
	assert.Contains(t, errOut, "economics.electric_boiler.max_total_kw_th")
	assert.Contains(t, errOut, "no electric boiler to take the efficiency of added electric boilers from")
}
