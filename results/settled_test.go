package results_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// chpSinkRuns dispatches dispatch/chpsink_test.go's park — a CHP serving
// 70 kW_th over four hours, whose electricity beyond the 20 kW load has
// nowhere to go but a battery (the grid exports nothing) — under the five
// policies of the report. Its perfect foresight is settled.
func chpSinkRuns(t *testing.T) ([]*dispatch.Result, []results.Summary) {
	t.Helper()
	const n = 4
	p := &model.Park{Name: "chp", Loads: []model.Load{{Name: "l", Column: "l"}},
		HeatLoads: []model.HeatLoad{{Name: "h", Column: "h"}},
		Grid:      model.Grid{ImportLimitKW: 1000, DispatchCarbon: model.CarbonSignal{KgCO2ePerKWh: 0.5, Kind: model.Average}},
		Batteries: []model.Battery{{Name: "b", EnergyKWh: 200, MaxChargeKW: 400, MaxDischargeKW: 400, ChargeEfficiency: 0.95,
			DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5, WearCostPerKWh: 0.01}},
		CHP: []model.CHP{{Name: "chp", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.49, Fuel: "natural_gas"}}}
	require.NoError(t, p.Validate())
	set := &model.SeriesSet{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n,
		Names: []string{"l", "h"}, Columns: map[string][]float64{"l": {20, 20, 20, 20}, "h": {70, 70, 70, 70}}}
	prof, err := model.Resolve(p, set)
	require.NoError(t, err)
	var runs []*dispatch.Result
	var sums []results.Summary
	for i, c := range []struct {
		pol       dispatch.Policy
		forecasts bool
	}{{dispatch.GridOnlyPolicy, false}, {dispatch.SelfConsumptionPolicy, false}, {dispatch.RollingHorizon, true},
		{dispatch.RollingHorizon, false}, {dispatch.Perfect, false}} {
		r := runWith(t, p, prof, c.pol, c.forecasts, reportConfig())
		if i == 3 {
			r.Policy, r.Report.Policy = "mpc-perfect", "mpc-perfect"
		}
		runs, sums = append(runs, r), append(sums, results.NewSummary(p.Name, 24*time.Hour, "", r.Report))
	}
	return runs, sums
}

func TestReportSaysPerfectForesightWasSettled(t *testing.T) {
	runs, sums := chpSinkRuns(t)
	perfect := runs[4]
	// Settled from the LP's first interval doing both to the end: that
	// count is dispatch's (TestPerfectForesightCountsSettledIntervals); here
	// it is enough that there is one and the report prints it.
	settled := perfect.Report.Solve.SettledIntervals
	require.Positive(t, settled, "perfect foresight settled (else this tests nothing)")
	label := "perfect foresight (settled: " + itoa(settled) + " intervals; not a lower bound)"
	opt := results.ReportOptions{Ledger: reportConfig().Ledger, PricesFrom: results.PricesFlags, PolicyTitle: titles}

	var cmp strings.Builder
	require.NoError(t, results.WriteComparison(&cmp, sums, opt))
	assert.Contains(t, cmp.String(), label)
	assert.NotContains(t, cmp.String(), "is the lower bound")

	var fc strings.Builder
	require.NoError(t, results.WriteForecastCost(&fc, results.ForecastRuns{WithForecasts: runs[2], PerfectInformation: runs[3],
		PerfectForesight: perfect, Horizon: 24 * time.Hour}))
	assert.Contains(t, fc.String(), "of "+label)
	assert.NotContains(t, fc.String(), "perfect-foresight lower bound")

	// Perfect information below the settled plan (by 1 tCO2e, set here):
	// no finite-horizon cost, and how much less is said.
	below := *runs[3]
	below.Report.AdjustedResidualKgCO2e = perfect.Report.AdjustedResidualKgCO2e - 1000
	fc.Reset()
	require.NoError(t, results.WriteForecastCost(&fc, results.ForecastRuns{WithForecasts: runs[2], PerfectInformation: &below,
		PerfectForesight: perfect, Horizon: 24 * time.Hour}))
	assert.Contains(t, fc.String(), "finite horizon   not a cost: perfect information emits 1.0 tCO2e less than perfect foresight")
	assert.NotContains(t, fc.String(), "-1.0")

	var head strings.Builder
	require.NoError(t, results.WriteReport(&head, sums[4], nil, opt))
	assert.Contains(t, head.String(), "settled: "+itoa(settled)+" intervals; not a lower bound")
}

func itoa(n int) string { return strconv.Itoa(n) }
