package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// chpPark is the small heat park (testHeatPark, a 200 kW_th gas boiler)
// with a 10 kW gas CHP today and economics whose chp and fuel_boiler
// objects are chp and fb; gas at 0.01 a kWh (LHV) against electricity
// at 0.25, so a kW of CHP saves far more than its annuity.
func chpPark(chp, fb string) string {
	return strings.Replace(strings.Replace(testHeatPark, `"grid":`, `"chp": [{"name": "engine", "capacity_kw": 10, "electric_efficiency_lhv": 0.35, "thermal_efficiency_lhv": 0.45, "fuel": "natural_gas"}],
  "economics": {"currency": "USD",
    "chp": `+chp+`,
    "fuel_boiler": `+fb+`},
  "fuels": [{"name": "natural_gas", "price_per_kwh_lhv": 0.01}],
  "grid":`, 1), `"kind": "average", "source": "test"}`, `"kind": "average", "source": "test"},
    "import_price": {"per_kwh": 0.25}`, 1)
}

// Bad CHP and fuel boiler economics are bad input: exit 2 from validate,
// run and plan, naming the park file, line and column, the key, its
// value and why.
func TestBadCHPAndFuelBoilerEconomicsExit2(t *testing.T) {
	const okCHP, okFB = `{"max_total_kw": 100}`, `{"max_total_kw_th": 400}`
	for _, c := range []struct {
		name, chp, fb, key, want string
	}{
		{"negative CHP cost", `{"capital_per_kw": -5, "max_total_kw": 100}`, okFB, `"capital_per_kw"`,
			"economics: chp.capital_per_kw = -5: must be finite and ≥ 0"},
		{"CHP lifetime 0", `{"lifetime_years": 0, "max_total_kw": 100}`, okFB, `"lifetime_years"`,
			"economics: chp.lifetime_years = 0: must be in (0, 100] years"},
		{"CHP bound below today", `{"max_total_kw": 5}`, okFB, `"max_total_kw"`,
			"economics: chp.max_total_kw = 5: is below the park's total CHP electric output today, 10 kW"},
		{"negative boiler O&M", okCHP, `{"fixed_om_per_kw_th_year": -1, "max_total_kw_th": 400}`, `"fixed_om_per_kw_th_year"`,
			"economics: fuel_boiler.fixed_om_per_kw_th_year = -1: must be finite and ≥ 0"},
		{"boiler bound below today", okCHP, `{"max_total_kw_th": 150}`, `"max_total_kw_th"`,
			"economics: fuel_boiler.max_total_kw_th = 150: is below the park's total fuel boiler output today, 200 kW_th"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assertBadEconomicsExit2(t, chpPark(c.chp, c.fb), c.key, c.want)
		})
	}
}

// zeropark plan with CHP (in 25 kW engines, up to 60 kW in total) and
// fuel boiler candidates at REopt's default costs: a design adds whole
// engines (2 fill the bound, 10 + 50 = 60 kW: a design park at its bound
// re-reads without a unit error); roadmap.csv has today's 10 kW of CHP and
// 200 kW_th of boiler in its total columns, each design's totals are
// today's plus what it adds, and each design park re-runs through
// zeropark run to the stage the plan's check reports.
func TestPlanCHPCandidate(t *testing.T) {
	park, series := writeInputs(t, chpPark(`{"max_total_kw": 60, "unit_kw": 25}`, `{"max_total_kw_th": 400}`), testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	assert.Contains(t, stdout, "+CHP kW")
	rows, _ := readPlanDir(t, out)
	require.NotEmpty(t, rows)
	assert.InDelta(t, 10, rows[0].Total.CHPKW, 1e-9, "today's CHP")
	assert.InDelta(t, 200, rows[0].Total.FuelBoilerKWTh, 1e-9, "today's boiler")
	ran, added := 0, 0.0
	for _, r := range rows {
		if r.Unreachable != "" || r.Target == results.TodayTarget {
			continue
		}
		added = max(added, r.Added.CHPKW)
		assert.InDelta(t, 10+r.Added.CHPKW, r.Total.CHPKW, 1e-6, r.Target)
		assert.InDelta(t, 200+r.Added.FuelBoilerKWTh, r.Total.FuelBoilerKWTh, 1e-6, r.Target)
		if r.Added.CHPKW > 0 {
			require.NotNil(t, r.AddedUnits.CHP, r.Target)
			assert.InDelta(t, 25**r.AddedUnits.CHP, r.Added.CHPKW, 1e-6, "whole 25 kW engines")
		}
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		p, err := model.LoadPark(pf)
		require.NoError(t, err, r.Target)
		require.Len(t, p.CHP, 1)
		assert.InDelta(t, r.Total.CHPKW, p.CHP[0].CapacityKW, 1e-6, r.Target)
		sum := runSummary(t, "--park", pf, "--series", series, "--policy", "perfect")
		assert.Equal(t, r.Check(dispatch.Perfect).Stage, sum.Stage, r.Target)
		ran++
	}
	assert.Positive(t, ran, "at least one design re-ran")
	assert.Positive(t, added, "some design adds CHP")
}
