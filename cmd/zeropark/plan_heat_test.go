package main

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// zeropark plan on a park with heat (a heat pump that may grow, a gas
// boiler, a store): each design's park file has the heat pump added and
// re-runs through zeropark run to the stage the plan's check reports.
// Over representative periods such a park is refused (exit 2).
func TestPlanHeatPark(t *testing.T) {
	heatPlanPark := strings.Replace(testHeatPark, `"grid":`, `"economics": {"currency": "USD", "pv": {"max_total_kwp": 600},
    "heat_pump": {"max_total_kw_th": 400}, "thermal_storage": {"max_total_kwh_th": 1000}},
  "grid":`, 1)
	park, series := writeInputs(t, heatPlanPark, testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	rows, _ := readPlanDir(t, out)
	ran := 0
	for _, r := range rows {
		if r.Unreachable != "" || r.Target == results.TodayTarget {
			continue
		}
		assert.InDelta(t, r.EnergyCostPerYear+r.DemandChargePerYear+r.WearCostPerYear, r.OperatingCostPerYear, 1e-6*math.Max(1, r.OperatingCostPerYear))
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		p, err := model.LoadPark(pf)
		require.NoError(t, err, r.Target)
		assert.GreaterOrEqual(t, p.HeatTotals().HeatPumpKWTh, 50.0)
		sum := runSummary(t, "--park", pf, "--series", series, "--policy", "perfect")
		assert.Equal(t, r.Check(dispatch.Perfect).Stage, sum.Stage, r.Target)
		ran++
	}
	assert.Positive(t, ran, "at least one design re-ran")

	code, _, errOut = cli(t, "plan", "--park", park, "--series", series, "--periods", "2", "--out", filepath.Join(t.TempDir(), "p2"))
	assert.Equal(t, exitBadInput, code, errOut)
}
