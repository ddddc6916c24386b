package sweep

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// gridSweep is the fixture park behind a 1,000 kW connection with economics
// whose grid_connection object is gc (nil: none), swept over the import
// limit's values.
func gridSweep(t *testing.T, gc *model.GridConnectionEconomics, values string) (*scenario.Scenario, *Space) {
	t.Helper()
	p := fixturePark()
	p.Grid.ImportLimitKW = 1000
	zero := 0.0
	p.Economics = &model.Economics{Currency: "USD", DiscountRatePerYear: &zero, GridConnection: gc}
	sc, err := scenario.New("fixture", p, fixtureSeries(fixtureSteps))
	require.NoError(t, err)
	return sc, mustSpace(t, "grid.import_limit_kw="+values)
}

// A swept import limit is priced as the plan prices the connection where
// economics.grid_connection makes it a candidate: (limit − 1,000 kW) ×
// capital / lifetime at a discount rate of 0, plus the O&M; a limit at or
// below today's adds nothing. Where the connection is no candidate
// (max_total_kw 0) the limit is the park's own to set and costs nothing.
func TestSweepPricesGridConnection(t *testing.T) {
	capital := func(gc *model.GridConnectionEconomics) []float64 {
		sc, sp := gridSweep(t, gc, "800,1000,1500")
		out := filepath.Join(t.TempDir(), "r.csv")
		_, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
		require.NoError(t, err)
		tab, err := results.ReadTable(out)
		require.NoError(t, err)
		require.Len(t, tab.Rows, 3)
		var got []float64
		for _, r := range tab.Rows {
			c, err := tab.Float(r, results.ColCapitalPerYear)
			require.NoError(t, err)
			om, err := tab.Float(r, results.ColFixedOMPerYear)
			require.NoError(t, err)
			got = append(got, c+om)
		}
		return got
	}
	life, om := 20.0, 4.0
	cand := &model.GridConnectionEconomics{CapitalPerKW: ptr(300.0), FixedOMPerKWYear: &om, LifetimeYears: &life, MaxTotalKW: 2000}
	got := capital(cand)
	// 500 kW × (300 / 20 + 4) = 9,500 a year.
	assert.InDeltaSlice(t, []float64{0, 0, 9500}, got, 1e-9)

	notCand := *cand
	notCand.MaxTotalKW = 0
	assert.InDeltaSlice(t, []float64{0, 0, 0}, capital(&notCand), 1e-9)
	assert.InDeltaSlice(t, []float64{0, 0, 0}, capital(nil), 1e-9)
}

// A swept import limit above grid_connection.max_total_kw is refused up
// front, in the varied park's terms (not "today's"), and nothing is
// written.
func TestSweepGridConnectionOverBound(t *testing.T) {
	sc, sp := gridSweep(t, &model.GridConnectionEconomics{CapitalPerKW: ptr(300.0), MaxTotalKW: 2000}, "1500,2500")
	dir := t.TempDir()
	_, err := Run(context.Background(), sc, sp, filepath.Join(dir, "r.csv"), Options{Workers: 1})
	require.ErrorIs(t, err, ErrSpec)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.ErrorContains(t, err, "combination 1 (grid.import_limit_kw=2500)")
	assert.ErrorContains(t, err, "grid_connection.max_total_kw = 2000: is below the varied park's grid import limit, 2500 kW")
	assert.NotContains(t, err.Error(), "today")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written")
}

func ptr(v float64) *float64 { return &v }
