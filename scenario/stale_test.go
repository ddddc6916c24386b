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

// A series edited in place is refused until Reresolve, as a park edit is
// (QA, 2026-12-05: the carbon and a load column doubled left the
// residual as it was, with no error, while a plan on the same Scenario
// read the edit). A column added since, and a provided forecast's, are
// read afresh, so they are not refused.
func TestRunRefusesStaleSeries(t *testing.T) {
	s := mustFixture(t, 48)
	cfg := dispatch.DefaultConfig()
	base, err := s.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)

	co2 := s.Series.Columns["co2"]
	for i := range co2 {
		co2[i] *= 2
	}
	_, err = s.Run(dispatch.Perfect, cfg)
	require.ErrorIs(t, err, scenario.ErrStale)
	assert.Contains(t, err.Error(), `series column "co2" edited`)
	assert.Contains(t, err.Error(), "call Reresolve")
	// A slice of a stale scenario is stale too, though its own series
	// was cut after the edit.
	_, err = s.Slice(0, 24).Run(dispatch.Perfect, cfg)
	require.ErrorIs(t, err, scenario.ErrStale)
	_, err = scenario.Compare(s, cfg, []dispatch.Policy{dispatch.Perfect})
	require.ErrorIs(t, err, scenario.ErrStale)

	require.NoError(t, s.Reresolve())
	doubled, err := s.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)
	// Every factor doubled: the least-carbon dispatch is the same one,
	// its carbon twice as much.
	assert.InEpsilon(t, 2*base.Report.ResidualKgCO2e, doubled.Report.ResidualKgCO2e, 1e-6)

	// An edit through a slice reaches the whole scenario's series (a
	// view), and the slice's own check sees it.
	day := s.Slice(0, 24)
	_, err = day.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)
	day.Series.Columns["load_kw"][3] += 50
	_, err = day.Run(dispatch.Perfect, cfg)
	require.ErrorIs(t, err, scenario.ErrStale)
	assert.Contains(t, err.Error(), `series column "load_kw" edited`)
	_, err = s.Run(dispatch.Perfect, cfg)
	require.ErrorIs(t, err, scenario.ErrStale)
	require.NoError(t, s.Reresolve())

	// A column added since, then named as a provided forecast and edited
	// between runs: every run reads it afresh.
	fc := append([]float64(nil), s.Series.Columns["co2"]...)
	require.NoError(t, s.Series.SetColumn("co2_forecast", fc))
	_, err = s.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)
	require.NoError(t, s.Reresolve()) // now the column is in the print
	choice, err := scenario.ParseForecastChoice("carbon=provided:co2_forecast")
	require.NoError(t, err)
	require.NoError(t, s.SetForecasts([]scenario.ForecastChoice{choice}))
	fc[5] *= 1.1
	_, err = s.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)

	// A column removed.
	delete(s.Series.Columns, "pv_kw_per_kwp")
	_, err = s.Run(dispatch.Perfect, cfg)
	require.ErrorIs(t, err, scenario.ErrStale)
	assert.Contains(t, err.Error(), `series column "pv_kw_per_kwp" removed`)
}

// Editing a weather column leaves the availability derived from it
// stale: Run refuses until Reresolve derives it again.
func TestRunRefusesEditedWeather(t *testing.T) {
	s, err := scenario.Demo("texas2012")
	require.NoError(t, err)
	s = s.Slice(0, 24*7)
	cfg := dispatch.DefaultConfig()
	base, err := s.Run(dispatch.SelfConsumptionPolicy, cfg)
	require.NoError(t, err)
	w := s.Park.PV[0].Weather
	ghi := w.GHIColumn
	require.NotEmpty(t, ghi)
	for _, c := range []string{ghi, w.DNIColumn, w.DHIColumn} {
		for i := range s.Series.Columns[c] {
			s.Series.Columns[c][i] /= 2
		}
	}
	_, err = s.Run(dispatch.SelfConsumptionPolicy, cfg)
	require.ErrorIs(t, err, scenario.ErrStale)
	assert.Contains(t, err.Error(), w.DHIColumn)
	require.NoError(t, s.Reresolve())
	half, err := s.Run(dispatch.SelfConsumptionPolicy, cfg)
	require.NoError(t, err)
	assert.Less(t, half.Report.Energy.PV, 0.6*base.Report.Energy.PV)
}
