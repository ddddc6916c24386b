package results_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// testdata/roadmap-before-unserved-heat.{csv,json} were written by
// zeropark at b8eff73~1 (`zeropark plan --demo greensboro-heat
// --limit-hours 72 --no-check`), before unserved_heat_kwh_th_per_year,
// the energy columns and chp_variable_om_cost_per_year. They read: the
// unserved heat and the energy not known (nil: read as 0 the heat would
// claim that no heat was shed), the CHP's variable O&M 0 (there was none
// then), every other figure as the file gives it.
func TestRoadmapBeforeUnservedHeat(t *testing.T) {
	const name = "testdata/roadmap-before-unserved-heat.csv"
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	rows, err := results.ReadRoadmapCSV(f, name)
	require.NoError(t, err)

	// The file by hand: its header lacks the column, and its cells.
	raw, err := os.ReadFile(name)
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	require.NoError(t, err)
	require.NotContains(t, recs[0], "unserved_heat_kwh_th_per_year")
	require.Len(t, rows, len(recs)-1)
	total := slices.Index(recs[0], results.ColTotalCostPerYear)
	designs := 0
	for i, r := range rows {
		assert.Nil(t, r.UnservedHeatKWhThPerYear, "%s: not known", r.Target)
		assert.Nil(t, r.Energy, "%s: not known", r.Target)
		assert.Zero(t, r.CHPVariableOMCostPerYear)
		assert.Nil(t, r.CarbonPricePerTCO2e, "%s: written before carbon_price_per_tco2e, not known", r.Target)
		if r.Unreachable != "" {
			continue
		}
		designs++
		want, err := strconv.ParseFloat(recs[i+1][total], 64)
		require.NoError(t, err)
		assert.Equal(t, want, r.TotalCostPerYear, r.Target)
	}
	require.Equal(t, 2, designs, "today's park and low-carbon have designs")
	assert.Equal(t, 2739644.935519508, rows[0].TotalCostPerYear)

	const jname = "testdata/roadmap-before-unserved-heat.json"
	j, err := os.Open(jname)
	require.NoError(t, err)
	defer j.Close()
	rm, err := results.ReadRoadmapJSON(j, jname)
	require.NoError(t, err)
	require.Len(t, rm.Rows, len(rows))
	for i, r := range rm.Rows {
		assert.Nil(t, r.UnservedHeatKWhThPerYear, "%s: not known", r.Target)
		assert.Equal(t, rows[i].TotalCostPerYear, r.TotalCostPerYear, r.Target)
	}
}
