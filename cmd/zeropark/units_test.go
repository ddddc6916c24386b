package main

import (
	"fmt"
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

// unitsPark is planPark bought in whole units: PV in blocks of 100 kWp,
// the battery in blocks of 200 kWh with 50 kW (today 200 kWp and 100 kWh,
// 50 kW: room for 4 PV blocks and 4 battery blocks).
var unitsPark = strings.Replace(strings.Replace(planPark, `"max_total_kwp": 600}`, `"max_total_kwp": 600, "unit_kwp": 100}`, 1),
	`"max_total_kw": 300}`, `"max_total_kw": 300, "unit_kwh": 200, "unit_kw": 50}`, 1)

// zeropark plan on a small park with units: whole-unit additions, their
// counts in the table, roadmap.csv and roadmap.json, and design parks of
// whole units.
func TestPlanWholeUnits(t *testing.T) {
	require.NotEqual(t, planPark, unitsPark)
	park, series := writeInputs(t, unitsPark, testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out, "--no-check")
	require.Equal(t, exitOK, code, errOut)
	rows, rm := readPlanDir(t, out)
	require.Len(t, rows, 4)
	var counted int
	for i, r := range rows {
		if r.Unreachable != "" {
			continue
		}
		require.NotNil(t, r.AddedUnits.PV, r.Target)
		require.NotNil(t, r.AddedUnits.BatteryEnergy, r.Target)
		require.NotNil(t, r.AddedUnits.BatteryPower, r.Target)
		assert.Nil(t, r.AddedUnits.Wind, "wind is no candidate")
		assert.Equal(t, 100**r.AddedUnits.PV, r.Added.PVKWp, r.Target)
		assert.Equal(t, 200**r.AddedUnits.BatteryEnergy, r.Added.BatteryKWh, r.Target)
		assert.Equal(t, 50**r.AddedUnits.BatteryPower, r.Added.BatteryKW, r.Target)
		assert.Equal(t, *r.AddedUnits.BatteryEnergy, *r.AddedUnits.BatteryPower, "a block brings both")
		assert.Equal(t, rm.Rows[i].AddedUnits, r.AddedUnits, "roadmap.json says the same")
		if r.Target == results.TodayTarget {
			continue
		}
		p, err := model.LoadPark(filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target))))
		require.NoError(t, err)
		assert.Zero(t, math.Mod(p.Totals().PVKWp-200, 100), "%s: the design park's PV is whole blocks", r.Target)
		assert.Zero(t, math.Mod(p.Totals().BatteryKWh-100, 200), r.Target)
		n := *r.AddedUnits.PV
		want := fmt.Sprintf("%s (%g units)", results.Grouped(r.Added.PVKWp, 0), n)
		if n == 1 {
			want = fmt.Sprintf("%s (1 unit)", results.Grouped(r.Added.PVKWp, 0))
		}
		assert.Contains(t, stdout, want, "the table counts the units")
		counted += int(n + *r.AddedUnits.BatteryEnergy)
	}
	assert.Positive(t, counted, "some design adds whole units")
}

// A unit that does not fit is bad input (exit 2) naming the park file, the
// line and column of its key, and why.
func TestPlanBadUnit(t *testing.T) {
	bad := strings.Replace(unitsPark, `"unit_kwp": 100`, `"unit_kwp": 500`, 1)
	park, series := writeInputs(t, bad, testSeries)
	line, col := lineCol(t, bad, `"unit_kwp"`)
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--no-check")
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Empty(t, stdout)
	assert.Contains(t, errOut, fmt.Sprintf("%s:%d:%d", park, line, col))
	assert.Contains(t, errOut, "economics: pv.unit_kwp = 500")
	assert.Contains(t, errOut, "no whole unit fits")

	neg := strings.Replace(unitsPark, `"unit_kw": 50`, `"unit_kw": -50`, 1)
	park, series = writeInputs(t, neg, testSeries)
	code, _, errOut = cli(t, "plan", "--park", park, "--series", series, "--no-check")
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Contains(t, errOut, "battery.unit_kw = -50")

	park, series = writeInputs(t, unitsPark, testSeries)
	for _, gap := range []string{"1", "-0.01", "NaN"} {
		code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--mip-gap", gap)
		assert.Equal(t, exitBadInput, code, errOut)
		assert.Empty(t, stdout)
		assert.Contains(t, errOut, "--mip-gap "+gap+": must be in [0, 1)")
	}
	code, _, errOut = cli(t, "plan", "--park", park, "--series", series, "--mip-gap", "0.01", "--no-check")
	assert.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, errOut, "--mip-gap does nothing", "whole units: the gap applies")
}
