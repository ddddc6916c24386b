package main

import (
	gocsv "encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A park whose gas CHP exports its electricity (heat-led, its only heat
// source) sends out more than its PV makes: the clean share counts the PV
// consumed on site, exports taken from the interval's renewables first,
// never the CHP's exports against it (QA, 2026-12-05: −43.8 %). With no
// battery that is Σ max(0, PV − export) over the intervals, checked here
// from intervals.csv.
func TestCleanShareOfAnExportingCHP(t *testing.T) {
	dir := t.TempDir()
	in, err := os.Open(chinaSeries)
	require.NoError(t, err)
	recs, err := gocsv.NewReader(in).ReadAll()
	in.Close()
	require.NoError(t, err)
	out := [][]string{{"timestamp", "ghi_w_m2", "dni_w_m2", "dhi_w_m2", "temp_c", "load_kw", "heat_kwth"}}
	for _, r := range recs[1 : 1+24*14] {
		out = append(out, append(slices.Clone(r[:5]), "500", "3000"))
	}
	series := filepath.Join(dir, "chp.csv")
	f, err := os.Create(series)
	require.NoError(t, err)
	require.NoError(t, gocsv.NewWriter(f).WriteAll(out))
	require.NoError(t, f.Close())
	park := filepath.Join(dir, "chp.park.json")
	require.NoError(t, os.WriteFile(park, []byte(`{"name": "CHP export test",
  "loads": [{"name": "Plant", "column_kw": "load_kw"}],
  "pv": [{"name": "PV", "capacity_kwp": 2000, "weather": {"latitude_deg": 35.21, "longitude_deg": 108.06, "elevation_m": 1102,
          "tilt_deg": 25, "azimuth_deg": 180, "ghi_column_w_m2": "ghi_w_m2", "dni_column_w_m2": "dni_w_m2",
          "dhi_column_w_m2": "dhi_w_m2", "temp_column_c": "temp_c"}}],
  "heat_loads": [{"name": "Steam", "column_kw_th": "heat_kwth", "tenant": "Plant"}],
  "chp": [{"name": "Gas CHP", "capacity_kw": 3000, "electric_efficiency_lhv": 0.38, "thermal_efficiency_lhv": 0.45, "fuel": "natural_gas"}],
  "grid": {"import_limit_kw": 5000, "export_limit_kw": 5000, "dispatch_carbon": {"kgco2e_per_kwh": 0.5703, "kind": "average"},
           "import_price": {"per_kwh": 0.65}, "export_price": {"per_kwh": 0.35}}}`), 0o644))

	runDir := filepath.Join(dir, "run")
	code, _, errOut := cli(t, "run", "--park", park, "--series", series, "--policy", "perfect", "--out", runDir)
	require.Equal(t, exitOK, code, errOut)
	var sum struct {
		StageBasis struct {
			CleanShare float64 `json:"clean_share"`
		} `json:"stage_basis"`
		Heat struct {
			CleanTce float64 `json:"clean_tce"`
		} `json:"heat"`
	}
	raw, err := os.ReadFile(filepath.Join(runDir, "summary.json"))
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	var energy map[string]float64
	require.NoError(t, json.Unmarshal(m["energy_kwh"], &energy))
	require.NoError(t, json.Unmarshal(raw, &sum))

	rows := readCSV(t, filepath.Join(runDir, "intervals.csv"))
	pvCol, expCol := slices.Index(rows.header, "pv_pv_kw"), slices.Index(rows.header, "export_kw")
	require.True(t, pvCol > 0 && expCol > 0, "%v", rows.header)
	clean, exported, pv := 0.0, 0.0, 0.0
	for _, r := range rows.records {
		p, err := strconv.ParseFloat(r[pvCol], 64)
		require.NoError(t, err)
		e, err := strconv.ParseFloat(r[expCol], 64)
		require.NoError(t, err)
		clean += math.Max(p-e, 0)
		exported += e
		pv += p
	}
	require.Greater(t, exported, pv, "the CHP exports more than the PV makes")
	assert.InDelta(t, clean, energy["renewable_consumed"], 1e-6*pv+1e-6, "Σ max(0, PV − export)")
	assert.GreaterOrEqual(t, energy["renewable_consumed"], 0.0)
	assert.InDelta(t, energy["consumption"], energy["import"]+energy["pv"]-energy["export"], 1e-6*pv, "GB/T 2589: bought + made − sent out")
	assert.GreaterOrEqual(t, sum.StageBasis.CleanShare, 0.0)
	assert.LessOrEqual(t, sum.StageBasis.CleanShare, 1.0)
	assert.InDelta(t, clean*0.1229/1000, sum.Heat.CleanTce, 1e-9, "the clean part in tce: the PV consumed")
}
