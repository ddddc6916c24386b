package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

// A park edited in place in what its profiles were resolved from is
// refused until Reresolve; a battery edit needs none (QA, 2026-12-04: PV
// ×3 was silently ignored while a battery ×3 took effect).
func TestRunRefusesStaleProfiles(t *testing.T) {
	s := mustFixture(t, 48)
	cfg := dispatch.DefaultConfig()
	base, err := s.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)

	s.Park.Batteries[0].EnergyKWh *= 3 // read from the park by the dispatch
	bigger, err := s.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)
	assert.Less(t, bigger.Report.AdjustedResidualKgCO2e, base.Report.AdjustedResidualKgCO2e)

	s.Park.PV[0].CapacityKWp *= 3
	_, err = s.Run(dispatch.Perfect, cfg)
	require.ErrorIs(t, err, scenario.ErrStale)
	assert.Contains(t, err.Error(), `pv array "roof"`)
	assert.Contains(t, err.Error(), "call Reresolve")
	_, err = scenario.Compare(s, cfg, []dispatch.Policy{dispatch.Perfect, dispatch.GridOnlyPolicy})
	require.ErrorIs(t, err, scenario.ErrStale)

	require.NoError(t, s.Reresolve())
	tripled, err := s.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)
	assert.InDelta(t, 3*base.Report.Energy.RenewableAvailable, tripled.Report.Energy.RenewableAvailable, 1e-6)

	s.Park.Loads[0].Scale = 2
	_, err = s.Run(dispatch.Perfect, cfg)
	require.ErrorIs(t, err, scenario.ErrStale)
	assert.Contains(t, err.Error(), `load "office"`)
	s.Park.Loads[0].Scale = 0 // back as it was resolved
	_, err = s.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)
}
