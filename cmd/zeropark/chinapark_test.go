package main

import (
	"encoding/csv"
	"encoding/json"
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
	"github.com/zeropark/zeropark/results"
)

// The China park example (examples/china-park): its files.
var (
	chinaPark   = filepath.Join("..", "..", "examples", "china-park", "china_park.park.json")
	chinaSeries = filepath.Join("..", "..", "examples", "china-park", "china_park_2023.csv")
)

// chinaTOU is the example's energy price at a local time, written here
// from its README (Guangdong's 2021 time-of-use shape on a flat price of
// 0.65 CNY/kWh), apart from the park file's table: critical peak July to
// September at 11–12 and 15–17 h, peak 10–12 and 14–19 h, valley 0–8 h,
// flat otherwise, every day.
func chinaTOU(t time.Time) float64 {
	h, m := t.Hour(), t.Month()
	switch {
	case m >= 7 && m <= 9 && (h == 11 || h == 15 || h == 16):
		return 1.38125
	case h >= 10 && h < 12 || h >= 14 && h < 19:
		return 1.105
	case h < 8:
		return 0.247
	}
	return 0.65
}

// chinaLoadKW is the example's load per hour: each CSV column times its
// scale (the README's tenants), read with encoding/csv.
func chinaLoadKW(t *testing.T, hours int) ([]time.Time, []float64) {
	t.Helper()
	f, err := os.Open(chinaSeries)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	scale := map[string]float64{"warehouse_kw": 60, "large_office_kw": 3, "medium_office_kw": 10,
		"full_service_restaurant_kw": 10, "midrise_apartment_kw": 20}
	var ts []time.Time
	var load []float64
	for _, r := range recs[1 : hours+1] {
		at, err := time.Parse(time.RFC3339, r[0])
		require.NoError(t, err)
		kw := 0.0
		for j, name := range recs[0] {
			if s, ok := scale[name]; ok {
				v, err := strconv.ParseFloat(r[j], 64)
				require.NoError(t, err)
				kw += s * v
			}
		}
		ts, load = append(ts, at), append(load, kw)
	}
	return ts, load
}

// The example validates, and the commands its README gives work on it.
// January grid-only is checked by hand: its energy cost is every hour's
// load × the time-of-use price, its demand charge January's highest load ×
// 40 CNY/kW (the whole month), its carbon per tce 0.5306 / 0.1229 whatever
// the load; the money is named CNY. Two weeks planned give each stage a
// design whose capital a year is what it adds × the park file's capital
// cost × CRF(6 %, lifetime), and whose park file validates.
func TestChinaParkExample(t *testing.T) {
	code, out, errOut := cli(t, "validate", "--park", chinaPark, "--series", chinaSeries)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "ok: park \"China industrial park example")
	assert.Contains(t, out, "8760 intervals of 1h0m0s from 2023-01-01T00:00:00+08:00")

	dir := filepath.Join(t.TempDir(), "jan")
	code, _, errOut = cli(t, "run", "--park", chinaPark, "--series", chinaSeries, "--policy", "grid", "--limit-hours", "744", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	data, err := os.ReadFile(filepath.Join(dir, results.SummaryFile))
	require.NoError(t, err)
	var sum struct {
		Currency         string  `json:"currency"`
		EnergyCost       float64 `json:"energy_cost"`
		DemandChargeCost float64 `json:"demand_charge_cost"`
		StageBasis       struct {
			CarbonPerTce float64 `json:"carbon_tco2_per_tce"`
		} `json:"stage_basis"`
	}
	require.NoError(t, json.Unmarshal(data, &sum))
	ts, load := chinaLoadKW(t, 744)
	energy, peak := 0.0, 0.0
	for i, kw := range load {
		energy += kw * chinaTOU(ts[i])
		peak = math.Max(peak, kw)
	}
	assert.Equal(t, "CNY", sum.Currency)
	assert.InDelta(t, energy, sum.EnergyCost, 1e-6*energy)
	assert.InDelta(t, 40*peak, sum.DemandChargeCost, 1e-6*peak)
	assert.InDelta(t, 0.5306/0.1229, sum.StageBasis.CarbonPerTce, 1e-9)

	dir = filepath.Join(t.TempDir(), "plan")
	code, out, errOut = cli(t, "plan", "--park", chinaPark, "--series", chinaSeries, "--limit-hours", "336", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Money     CNY; capital annualised at 6 %")
	rows, rm := readPlanDir(t, dir)
	assert.Equal(t, "CNY", rm.Currency)
	crf := func(n float64) float64 { return 0.06 * math.Pow(1.06, n) / (math.Pow(1.06, n) - 1) }
	capital := map[string]float64{"pv": 3300 * crf(25), "wind": 4500 * crf(20),
		"battery_energy": 600 * crf(15), "battery_power": 300 * crf(15)}
	planned := 0
	for i, r := range rm.Rows {
		if r.Target == results.TodayTarget {
			continue
		}
		require.Empty(t, r.Unreachable, r.Target)
		assert.Equal(t, r.Target, string(rows[i].Stage), "each stage's design reaches it")
		byHand := 0.0
		for _, a := range r.Additions {
			c, ok := capital[a.Tech]
			require.True(t, ok, a.Tech)
			byHand += a.Added * c
		}
		assert.Positive(t, byHand, r.Target)
		assert.InDelta(t, byHand, r.CapitalPerYear, 1e-6*byHand, r.Target)
		pf := filepath.Join(dir, results.DesignParkFile(dispatch.Stage(r.Target)))
		code, _, errOut := cli(t, "validate", "--park", pf, "--series", chinaSeries)
		assert.Equal(t, exitOK, code, "%s: %s", pf, errOut)
		planned++
	}
	assert.Equal(t, 3, planned)
}

// The example's tariff and economics refuse the mistakes a planner makes
// with them: the critical peak written after the peak it overrides (it
// would never apply), and a CNY candidate without its capital cost (the
// defaults are US dollars).
func TestChinaParkExampleMistakes(t *testing.T) {
	text, err := os.ReadFile(chinaPark)
	require.NoError(t, err)
	var p map[string]any
	require.NoError(t, json.Unmarshal(text, &p))
	grid := p["grid"].(map[string]any)
	tou := grid["import_price"].(map[string]any)["time_of_use"].([]any)
	require.Len(t, tou, 5)
	swapped := []any{tou[2], tou[3], tou[0], tou[1], tou[4]}
	grid["import_price"].(map[string]any)["time_of_use"] = swapped
	b, err := json.Marshal(p)
	require.NoError(t, err)
	park := filepath.Join(t.TempDir(), "swapped.json")
	require.NoError(t, os.WriteFile(park, b, 0o644))
	code, out, _ := cli(t, "validate", "--park", park, "--series", chinaSeries)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, out, "grid: import_price.time_of_use[2]: never applies: every hour it covers is covered by an earlier period (time_of_use[0])")
	assert.Contains(t, out, "grid: import_price.time_of_use[3]: never applies")

	noCapital := strings.Replace(string(text), `"capital_per_kw": 4500,`, "", 1)
	require.NotEqual(t, string(text), noCapital)
	park = filepath.Join(t.TempDir(), "nocapital.json")
	require.NoError(t, os.WriteFile(park, []byte(noCapital), 0o644))
	code, out, _ = cli(t, "validate", "--park", park, "--series", chinaSeries)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, out, `economics: wind.capital_per_kw: required for a candidate when the currency is "CNY"`)

	// The weather station's own longitude with the +08:00 timestamps: the
	// sun computed 14 h off the irradiance (QA found the yield a quarter
	// of the right one, and validate said ok).
	station := strings.Replace(string(text), `"longitude_deg": 108.06,`, `"longitude_deg": -101.94,`, 1)
	require.NotEqual(t, string(text), station)
	park = filepath.Join(t.TempDir(), "station.json")
	require.NoError(t, os.WriteFile(park, []byte(station), 0o644))
	code, out, errOut := cli(t, "validate", "--park", park, "--series", chinaSeries)
	assert.Equal(t, exitBadInput, code)
	all := out + errOut
	assert.Contains(t, all, "latitude_deg, longitude_deg")
	assert.Contains(t, all, "-101.94")
	assert.Contains(t, all, "below the horizon")
	assert.Contains(t, all, "UTC offsets")
}
