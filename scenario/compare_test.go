package scenario_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

func TestCompareMatchesSequentialRuns(t *testing.T) {
	s := mustFixture(t, 72)
	cfg := dispatch.DefaultConfig()
	pols := dispatch.Policies().Names()
	var calls, last, total int
	cfg.Progress = func(done, tot int) {
		calls++
		assert.GreaterOrEqual(t, done, last, "progress never goes back")
		last, total = done, tot
	}
	results, walls, err := scenario.CompareTimed(s, cfg, pols)
	require.NoError(t, err)
	require.Len(t, results, len(pols))
	require.Len(t, walls, len(pols))
	assert.Equal(t, len(pols)*72, total)
	assert.Equal(t, total, last, "progress ends at the total")
	assert.Greater(t, calls, 72)

	cfg.Progress = nil
	for i, pol := range pols {
		assert.Equal(t, pol, results[i].Policy, "results in the order asked")
		assert.Greater(t, walls[i], time.Duration(0))
		one, err := s.Run(pol, cfg)
		require.NoError(t, err)
		// Same inputs, own solver: the same ledger as a run on its own.
		assert.InDelta(t, one.Report.ResidualKgCO2e, results[i].Report.ResidualKgCO2e, 1e-6, pol)
		assert.InDelta(t, one.Report.Energy.Import, results[i].Report.Energy.Import, 1e-6, pol)
	}
	byPol := map[dispatch.Policy]dispatch.Report{}
	for _, r := range results {
		byPol[r.Policy] = r.Report
	}
	// Grid-only emits the baseline; perfect foresight is the lower bound of
	// the storage-adjusted residual.
	grid := byPol[dispatch.GridOnlyPolicy]
	assert.InDelta(t, grid.BaselineKgCO2e, grid.ResidualKgCO2e, 1e-6)
	perfect := byPol[dispatch.Perfect].AdjustedResidualKgCO2e
	for _, pol := range pols {
		assert.LessOrEqual(t, perfect, byPol[pol].AdjustedResidualKgCO2e+1e-6, pol)
	}
}

func TestCompareJoinsErrors(t *testing.T) {
	s := mustFixture(t, 24)
	_, err := scenario.Compare(s, dispatch.DefaultConfig(), []dispatch.Policy{dispatch.GridOnlyPolicy, "bogus", "other"})
	require.Error(t, err)
	assert.ErrorIs(t, err, dispatch.ErrConfig)
	assert.Contains(t, err.Error(), `"bogus"`)
	assert.Contains(t, err.Error(), `"other"`)
}

// TestCompareRefusesSharedForecasters: two runs planning with one set of
// forecasters at once raced on their state, and each came out with other
// numbers than a run alone (a different residual on every try); Compare
// now refuses that, and with Forecasts nil gives each run its own set.
func TestCompareRefusesSharedForecasters(t *testing.T) {
	s := mustFixture(t, 48)
	cfg := dispatch.DefaultConfig()
	fs, err := s.ForecastSet()
	require.NoError(t, err)
	shared := cfg
	shared.Forecasts = fs
	twice := []dispatch.Policy{dispatch.RollingHorizon, dispatch.RollingHorizon}
	_, err = scenario.Compare(s, shared, twice)
	assert.ErrorIs(t, err, dispatch.ErrConfig)

	// One run with the set is fine, as is the same pair with fresh sets.
	one, err := scenario.Compare(s, shared, []dispatch.Policy{dispatch.RollingHorizon, dispatch.Perfect})
	require.NoError(t, err)
	both, err := scenario.Compare(s, cfg, twice)
	require.NoError(t, err)
	alone, err := s.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)
	for _, r := range []*dispatch.Result{one[0], both[0], both[1]} {
		assert.Equal(t, alone.Report.ResidualKgCO2e, r.Report.ResidualKgCO2e)
		assert.Equal(t, alone.Schedule.ImportKW, r.Schedule.ImportKW)
	}
}

func ExampleCompare() {
	s, err := fixture(48)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Every policy of the standard catalogue; "mpc" plans with the
	// scenario's forecasters, "mpc-perfect" on the actual series.
	results, err := scenario.Compare(s, dispatch.DefaultConfig(), dispatch.Policies().Names())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		fmt.Printf("%-11s residual %6.1f, storage-adjusted %6.1f kgCO2e, renewable share %.2f\n", r.Policy,
			r.Report.ResidualKgCO2e, r.Report.AdjustedResidualKgCO2e, r.Report.RenewableShare)
	}
	// Output:
	// grid        residual 2449.7, storage-adjusted 2449.7 kgCO2e, renewable share 0.00
	// self        residual  973.1, storage-adjusted 1011.1 kgCO2e, renewable share 0.60
	// mpc         residual  979.0, storage-adjusted 1017.0 kgCO2e, renewable share 0.60
	// mpc-perfect residual  970.8, storage-adjusted 1008.8 kgCO2e, renewable share 0.60
	// perfect     residual  970.8, storage-adjusted 1008.8 kgCO2e, renewable share 0.60
}
