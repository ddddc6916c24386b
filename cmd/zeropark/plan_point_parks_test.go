package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// plan frontier --out writes park-point-K.json for every point (QA P3,
// session 39): frontier.csv's design_park_file names it, each loads,
// validates against the series and, run, gives the point's figures where
// the frontier claims them. With --storage-end valued (the run's storage
// ends) the point's operation is a run's at least cost under perfect
// foresight with the residual held within its bound: a run at least cost
// (--objective cost) of point 0, solved with no bound, costs what the
// point's operating cost says and emits its residual; a run carbon first
// (run's default) of every point keeps its residual within the point's
// bound and reaches at least its stage (it emits the least any operation
// of those capacities can). Planned again with fewer points, the
// directory loses the points it no longer has.
func TestPlanFrontierPointParks(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	out := filepath.Join(t.TempDir(), "front")
	code, stdout, errOut := cli(t, "plan", "frontier", "--park", park, "--series", series, "--points", "3", "--no-check",
		"--storage-end", "valued", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "frontier.csv, park-point-0.json, park-point-1.json, park-point-2.json, frontier.png")
	pts := readFrontierDir(t, out)
	require.Len(t, pts, 3)
	set, err := model.LoadSeries(series)
	require.NoError(t, err)
	for _, pt := range pts {
		name := results.FrontierPointParkFile(pt.Point)
		require.Equal(t, name, pt.ParkFile, "point %d", pt.Point)
		file := filepath.Join(out, name)
		p, err := model.LoadPark(file)
		require.NoError(t, err, "point %d", pt.Point)
		require.NoError(t, p.ValidateWith(set), "point %d", pt.Point)
		code, _, errOut := cli(t, "validate", "--park", file, "--series", series)
		require.Equal(t, exitOK, code, errOut)
		assert.True(t, strings.HasPrefix(p.Name, "test park — frontier point "), p.Name)
		if pt.Point == 0 {
			assert.Equal(t, "test park — frontier point 0 (the cheapest design, no bound on the residual)", p.Name)
		} else {
			assert.Equal(t, "test park — frontier point "+results.FormatNumber(float64(pt.Point))+" (residual ≤ "+
				results.GroupedNonZero(pt.EpsilonTCO2ePerYear, 1)+" tCO2e a year)", p.Name)
		}
		// The capacities the row adds, on today's park's (200 kWp of PV,
		// a 100 kWh / 50 kW battery).
		assert.InDelta(t, 200+pt.Added.PVKWp, p.PV[0].CapacityKWp, 1e-6, "point %d", pt.Point)
		assert.InDelta(t, 100+pt.Added.BatteryKWh, p.Batteries[0].EnergyKWh, 1e-6, "point %d", pt.Point)

		years := 24.0 / results.HoursPerYear // the test series' day
		sum := runSummary(t, "--park", file, "--series", series, "--policy", "perfect", "--objective", "cost")
		t.Logf("point %d: frontier residual %g (bound %g) operating %g stage %s; run at least cost: residual %g operating %g stage %s",
			pt.Point, pt.ResidualTCO2ePerYear, pt.EpsilonTCO2ePerYear, pt.OperatingCostPerYear, pt.Stage,
			sum.ResidualKgCO2e/1000/years, sum.OperatingCostPerYear, sum.Stage)
		if pt.Point == 0 {
			// At least cost: the point's own operation.
			assert.InDelta(t, pt.OperatingCostPerYear, sum.OperatingCostPerYear, 1e-3*math.Abs(pt.OperatingCostPerYear)+1, "point 0's operating cost")
			assert.InDelta(t, pt.ResidualTCO2ePerYear, sum.ResidualKgCO2e/1000/years, 1e-3*pt.ResidualTCO2ePerYear+1e-3, "point 0's residual")
			assert.Equal(t, pt.Stage, sum.Stage)
		}
	}

	// Planned again into the same directory with two points: park-point-2.json goes.
	code, stdout, errOut = cli(t, "plan", "frontier", "--park", park, "--series", series, "--points", "2", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "frontier.csv, park-point-0.json, park-point-1.json, frontier.png")
	_, err = os.Stat(filepath.Join(out, results.FrontierPointParkFile(2)))
	assert.ErrorIs(t, err, os.ErrNotExist)
	_, err = os.Stat(filepath.Join(out, results.FrontierPointParkFile(1)))
	assert.NoError(t, err)

	// Plain plan writes no point park (and removes those a frontier wrote).
	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, stdout, "park-point")
	_, err = os.Stat(filepath.Join(out, results.FrontierPointParkFile(0)))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// A point whose design was settled (a battery charged and discharged at
// once) with its residual above its bound has no park: park-point-K.json
// would stand for a bound its park does not keep, as park-<stage>.json
// for a design settled below its stage. Point 0 has no bound to miss; a
// settled point within its bound keeps its park. The parks are named
// after their point (a park planned again: after its new point only).
func TestPointParksSkipSettledAboveBound(t *testing.T) {
	today := &model.Park{Name: "p — frontier point 4 (residual ≤ 12.0 tCO2e a year)"}
	st := &planStudy{fr: &plan.Frontier{Points: []plan.FrontierPoint{
		{EpsilonTCO2ePerYear: 100, Design: &plan.Design{Park: today, ResidualTCO2ePerYear: 110, AtOnceIntervals: 2}},
		{EpsilonTCO2ePerYear: 50, Design: &plan.Design{Park: today, ResidualTCO2ePerYear: 60, AtOnceIntervals: 2}},
		{EpsilonTCO2ePerYear: 25, Design: &plan.Design{Park: today, ResidualTCO2ePerYear: 20, AtOnceIntervals: 2}},
		{EpsilonTCO2ePerYear: 0.00012, Design: &plan.Design{Park: today, ResidualTCO2ePerYear: 0.0001, Stage: dispatch.NearZeroCarbon}},
	}}}
	parks := st.pointParks()
	require.Len(t, parks, 3)
	assert.NotContains(t, parks, 1)
	assert.Equal(t, "p — frontier point 0 (the cheapest design, no bound on the residual)", parks[0].Name)
	assert.Equal(t, "p — frontier point 2 (residual ≤ 25.0 tCO2e a year)", parks[2].Name)
	assert.Equal(t, "p — frontier point 3 (residual ≤ 0.0001 tCO2e a year)", parks[3].Name)
	assert.Equal(t, "p — frontier point 4 (residual ≤ 12.0 tCO2e a year)", today.Name, "the plan's own park is not renamed")
	assert.Nil(t, (&planStudy{}).pointParks(), "no frontier, no point parks")
	rows := []results.FrontierRow{{Point: 0}, {Point: 1}, {Point: 2}, {Point: 3}}
	assert.Equal(t, "park-point-0.json, park-point-2.json, park-point-3.json", pointParkNames(rows, parks))
	parks[1] = today
	assert.Equal(t, "park-point-0.json … park-point-3.json", pointParkNames(rows, parks))
	assert.Empty(t, pointParkNames(rows, nil))
}

// results.PlanFiles knows a park file for every point a frontier may
// have: the two bounds are one.
func TestMaxFrontierPointParks(t *testing.T) {
	assert.Equal(t, plan.MaxFrontierPoints, results.MaxFrontierPointParks)
}
