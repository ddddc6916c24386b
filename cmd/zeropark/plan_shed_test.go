package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// capPark is a park behind a connection of IMPORT kW with no battery: a
// PV candidate and a grid connection candidate, import at 0.10, 0.5
// kgCO2e/kWh.
const capPark = `{
  "name": "capped",
  "loads": [{"name": "load", "column_kw": "load_kw"}],
  "pv": [{"name": "pv", "capacity_kwp": 0, "availability_column_kw_per_kwp": "pv_kw_per_kwp"}],
  "economics": {"currency": "USD", "discount_rate_per_year": 0,
    "pv": {"capital_per_kwp": 100, "fixed_om_per_kwp_year": 0, "lifetime_years": 20, "max_total_kwp": 1000},
    "grid_connection": {"capital_per_kw": 100, "lifetime_years": 20, "max_total_kw": 1000}},
  "grid": {"import_limit_kw": IMPORT, "export_limit_kw": 0,
    "dispatch_carbon": {"column_kgco2e_per_kwh": "carbon", "kind": "average", "source": "test"},
    "import_price": {"per_kwh": 0.10}}
}
`

// Three hours of 100 kW in the sun, then 300 kW in the dark.
const capSeries = `timestamp,load_kw,pv_kw_per_kwp,carbon
2024-01-01T00:00:00Z,100,1,0.5
2024-01-01T01:00:00Z,100,1,0.5
2024-01-01T02:00:00Z,100,1,0.5
2024-01-01T03:00:00Z,300,0,0.5
`

// zeropark plan on capPark behind 200 kW: today's park sheds 300 − 200 =
// 100 kW in the one hour above the limit, 100 kWh of the 600 (16.67 %),
// 100 × 8760/4 = 219,000 kWh a year, worth 219,000,000 USD at the
// default value of lost load (1,000 USD/kWh) that its total leaves out.
// The printed report warns under the tables and footnotes per tCO2e
// avoided; roadmap.json and roadmap.csv hold the same warning. Behind
// 300 kW it serves the load: no warning, no footnote.
func TestPlanWarnsTodayShedsLoad(t *testing.T) {
	park, series := writeInputs(t, strings.Replace(capPark, "IMPORT", "200", 1), capSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	rows, rm := readPlanDir(t, out)
	require.Equal(t, results.TodayTarget, rm.Rows[0].Target)
	assert.InDelta(t, 100.0*8760/4, rm.Rows[0].UnservedKWhPerYear, 1e-6)
	want := "219,000 kWh of load unserved a year (16.7 % of the load, above the ledger's tolerance of 0.1 %): " +
		"its costs leave that load out (219,000,000 USD a year at the plan's value of lost load, 1,000 USD/kWh, a penalty not counted)"
	require.Len(t, rm.Rows[0].Warnings, 1)
	assert.True(t, strings.HasPrefix(rm.Rows[0].Warnings[0], want), rm.Rows[0].Warnings[0])
	assert.Equal(t, rm.Rows[0].Warnings, rows[0].Warnings, "roadmap.csv holds roadmap.json's warning")
	assert.Contains(t, stdout, "\nwarning: today: "+rm.Rows[0].Warnings[0]+"\n")
	assert.Contains(t, errOut, "zeropark plan: warning: today: "+rm.Rows[0].Warnings[0]+"\n", "on stderr too")
	require.Greater(t, len(rm.Rows), 1)
	low := rm.Rows[1]
	require.Empty(t, low.Unreachable, "low-carbon raises the connection and adds PV")
	require.NotNil(t, low.CostPerTCO2eAvoided)
	assert.Zero(t, low.UnservedKWhPerYear)
	assert.Empty(t, low.Warnings)
	assert.Contains(t, stdout, "  today's park leaves 219,000 kWh of load a year unserved, which its total does not count (nor at the\n"+
		"  value of lost load): per tCO2e avoided compares each design with a park that does not serve that load.\n")

	park, series = writeInputs(t, strings.Replace(capPark, "IMPORT", "300", 1), capSeries)
	out = filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	_, rm = readPlanDir(t, out)
	assert.Zero(t, rm.Rows[0].UnservedKWhPerYear)
	assert.Empty(t, rm.Rows[0].Warnings)
	assert.NotContains(t, stdout, "warning:")
	assert.NotContains(t, errOut, "warning: today")
	assert.NotContains(t, stdout, "unserved")
}
