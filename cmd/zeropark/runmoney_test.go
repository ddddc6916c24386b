package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// A run gives every money figure over the period and per year: each
// per-year figure is the period's × 8760 h / the period's hours (from the
// run's steps and step minutes, by hand), operating = energy + demand
// charge + wear in both, and a design park of a plan, run as the plan's
// perfect-foresight check runs it, costs per year exactly the roadmap's
// perfect_operating_cost_per_year; the text report prints the same
// figures.
func TestRunMoneyPerYearMatchesPlan(t *testing.T) {
	// The fixture has a tariff with a demand charge, and a battery that
	// wears at 0.02 per kWh.
	park, series := writeInputs(t, planParkWear, testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, _, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	rows, _ := readPlanDir(t, out)
	checked := 0
	for _, r := range rows {
		c := r.Check(dispatch.Perfect)
		if r.Target == results.TodayTarget || r.Unreachable != "" || c == nil || c.OperatingCostPerYear == nil {
			continue
		}
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		dir := filepath.Join(t.TempDir(), "run")
		code, _, errOut := cli(t, "run", "--park", pf, "--series", series, "--policy", "perfect", "--out", dir)
		require.Equal(t, exitOK, code, errOut)
		data, err := os.ReadFile(filepath.Join(dir, results.SummaryFile))
		require.NoError(t, err)
		sum, err := results.ReadSummaryJSON(bytes.NewReader(data), results.SummaryFile)
		require.NoError(t, err)

		perYear := 8760 / (float64(sum.Steps) * sum.StepMinutes / 60)
		require.Greater(t, perYear, 1.0, "a period shorter than a year")
		require.Positive(t, sum.DemandChargeCost, "%s: the demand charge is priced", r.Target)
		require.Positive(t, sum.WearCost, "%s: the battery wears", r.Target)
		tol := func(v float64) float64 { return 1e-9 * math.Max(1, math.Abs(v)) }
		for _, f := range []struct {
			name            string
			period, perYear float64
		}{
			{"energy", sum.EnergyCost, sum.EnergyCostPerYear},
			{"demand charge", sum.DemandChargeCost, sum.DemandChargeCostPerYear},
			{"wear", sum.WearCost, sum.WearCostPerYear},
			{"operating", sum.EnergyCost + sum.DemandChargeCost + sum.WearCost, sum.OperatingCostPerYear},
			{"offsets", sum.OffsetCost, sum.OffsetCostPerYear},
			{"certificates", sum.CertificateCost, sum.CertificateCostPerYear},
		} {
			assert.InDelta(t, f.period*perYear, f.perYear, tol(f.perYear), "%s: %s per year", r.Target, f.name)
		}
		assert.InDelta(t, sum.EnergyCost+sum.DemandChargeCost+sum.WearCost, sum.OperatingCost, tol(sum.OperatingCost))
		// The roadmap's figure, from `run` alone, with no scaling by hand.
		assert.InDelta(t, *c.OperatingCostPerYear, sum.OperatingCostPerYear, 1e-6*math.Max(1, math.Abs(sum.OperatingCostPerYear)), r.Target)
		// Without --out the same run prints its report.
		code, stdout, errOut := cli(t, "run", "--park", pf, "--series", series, "--policy", "perfect")
		require.Equal(t, exitOK, code, errOut)
		for _, v := range []float64{sum.OperatingCost, sum.OperatingCostPerYear, sum.WearCostPerYear, sum.DemandChargeCostPerYear} {
			assert.Contains(t, stdout, results.Grouped(v, 0), "%s: the report prints it", r.Target)
		}
		assert.Contains(t, stdout, "Operating costs (USD; per year: × 8760 h / the period's 24 h)")
		checked++
	}
	require.Positive(t, checked, "a design was checked")
}
