package results_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// A combination that sheds more load than the ledger tolerates is ranked
// for no stage, in the table and in the grid's marks alike: its shed load
// costs nothing, so an import limit of 500 kW shedding 22 % of the load
// was the "cheapest reaching conventional" (QA, 2026-12-04).
func TestCheapestSkipsSheddingRows(t *testing.T) {
	tab, err := results.ParseTable([]byte(`combination,a,b,offsets_needed_tco2e,stage,steps,step_minutes,energy_cost,offset_cost,certificate_cost,capital_per_year,fixed_om_per_year,operating_cost_per_year,purchases_per_year,total_cost_per_year,unserved_share_fraction,unserved_tolerance_share_fraction
0,0,0,100,conventional,8760,60,0,0,0,0,0,50,0,50,0.22,0.001
1,0,1,60,low-carbon,8760,60,0,0,0,0,0,80,0,80,0,0.001
2,1,0,30,conventional,8760,60,0,0,0,0,0,70,0,70,0.001,0.001
3,1,1,0,low-carbon,8760,60,0,0,0,0,0,75,0,75,0.0011,0.001
`), "sweep.csv")
	require.NoError(t, err)
	for i, want := range []bool{true, false, false, true} {
		sheds, err := results.RowSheds(tab, tab.Rows[i])
		require.NoError(t, err)
		assert.Equal(t, want, sheds, "combination %d (at the tolerance is within it)", i)
	}
	picks, err := results.Cheapest(tab, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, picks[dispatch.Conventional.Rank()].Row.Combination, "not combination 0 (50, shedding 22 %)")
	assert.Equal(t, 1, picks[dispatch.LowCarbon.Rank()].Row.Combination, "not combination 3 (75, shedding 0.11 %)")
	var b bytes.Buffer
	require.NoError(t, results.WriteCheapest(&b, tab, picks, nil))
	assert.Contains(t, b.String(), "2 of 4 combinations leave more of the load unserved than the ledger tolerates")

	g, err := tab.Grid(results.GridQuery{X: "a", Y: "b"})
	require.NoError(t, err)
	require.NotEmpty(t, g.Cheapest)
	for _, c := range g.Cheapest {
		switch c.Stage {
		case dispatch.Conventional:
			assert.Equal(t, [2]int{1, 0}, [2]int{c.C, c.R}, "combination 2")
		case dispatch.LowCarbon:
			assert.Equal(t, [2]int{0, 1}, [2]int{c.C, c.R}, "combination 1")
		}
	}

	// A file without the unserved columns ranks every row, as before.
	old, err := results.ParseTable([]byte("combination,a,b,offsets_needed_tco2e,stage,total_cost_per_year\n0,0,0,100,conventional,50\n"), "old.csv")
	require.NoError(t, err)
	sheds, err := results.RowSheds(old, old.Rows[0])
	require.NoError(t, err)
	assert.False(t, sheds)
}
