package scenario

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
)

// The ordering of the policies on a year of the real demo data, and the
// physics of every interval of every policy.
//
// Texas: the AVERT Central marginal rates (never negative) serve as both
// signals, so perfect foresight minimises exactly the storage-adjusted
// residual and must come first; the rolling horizon with perfect
// information must beat the rule-based baseline; with forecasts it must
// not lose to the rule (its carbon forecaster was chosen so) and must not
// beat perfect information (forecast-error carbon ≥ 0); grid-only emits
// its baseline (the import limit is above peak).
//
// Greensboro dispatches on the hourly AVERT marginal rate but accounts with
// a constant average factor. The rolling horizon then moves grid energy into
// low-marginal hours through the battery, which costs conversion losses:
// less marginal carbon, more kWh imported, so more carbon at a constant
// factor. There the orderings hold on the signal the LP minimises.
func TestDemoYearOrdering(t *testing.T) {
	if testing.Short() {
		t.Skip("a year of dispatch under five policies")
	}
	for _, name := range []string{"texas2012", "greensboro"} {
		t.Run(name, func(t *testing.T) {
			s, err := Demo(name)
			require.NoError(t, err)
			pols := dispatch.Policies().Names()
			res, err := Compare(s, dispatch.DefaultConfig(), pols)
			require.NoError(t, err)
			by := map[dispatch.Policy]*dispatch.Result{}
			for i, r := range res {
				require.NoError(t, r.Schedule.Check(s.Park), pols[i])
				by[pols[i]] = r
			}
			g := by[dispatch.GridOnlyPolicy].Report
			require.InDelta(t, g.BaselineKgCO2e, g.ResidualKgCO2e, 1e-6*g.BaselineKgCO2e)
			require.Zero(t, g.UnservedKWh)

			metric := func(p dispatch.Policy) float64 { return by[p].Report.AdjustedResidualKgCO2e }
			if s.Park.Grid.AccountingCarbon != nil {
				metric = func(p dispatch.Policy) float64 { return by[p].Report.DispatchSignalKgCO2e }
			}
			tol := 1e-6 * metric(dispatch.GridOnlyPolicy)
			for _, p := range pols {
				require.LessOrEqual(t, metric(dispatch.Perfect), metric(p)*(1+1e-4)+tol, "perfect vs %s", p)
			}
			require.Less(t, metric(dispatch.PerfectInformation), metric(dispatch.SelfConsumptionPolicy))
			require.LessOrEqual(t, metric(dispatch.RollingHorizon), metric(dispatch.SelfConsumptionPolicy)+tol)
			require.GreaterOrEqual(t, metric(dispatch.RollingHorizon), metric(dispatch.PerfectInformation)-tol, "forecast-error carbon < 0")
			require.LessOrEqual(t, metric(dispatch.SelfConsumptionPolicy), metric(dispatch.GridOnlyPolicy)+tol)
			// The forecasters' output is clipped to what each series can
			// physically take, so nothing is left for the dispatch to
			// repair (before clipping, 5,731 values of the Texas year were).
			clipped := 0
			for _, p := range pols {
				require.Zero(t, by[p].Report.Solve.RepairedTotal(), "%s repaired %v", p, by[p].Report.Solve.Repaired)
				for _, f := range by[p].Report.Forecasts {
					clipped += f.Clipped
				}
			}
			if name == "texas2012" {
				require.Positive(t, clipped, "the regression forecasts below 0 are clipped")
			}
			for _, p := range pols {
				r := by[p].Report
				t.Logf("%-12s residual %.1f t, adjusted %.1f t, dispatch signal %.1f t, import %.0f MWh, stage %s",
					p, r.ResidualKgCO2e/1000, r.AdjustedResidualKgCO2e/1000, r.DispatchSignalKgCO2e/1000, r.Energy.Import/1000, r.Stage)
			}
		})
	}
}
