package scenario

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// A full-series evaluation settled below the target the full-series LP
// reached says why (the full_series_unreachable cell); one that reaches
// it, or today's park (no target), says nothing.
func TestSettledBelowTarget(t *testing.T) {
	below := &plan.Design{Target: dispatch.NearZeroCarbon, Stage: dispatch.LowCarbon, AtOnceIntervals: 7}
	below.Report.StageBasis.StageLimitedBy = "carbon per unit energy 0.31 tCO2/tce"
	for _, tc := range []struct {
		name   string
		target dispatch.Stage
		e      *plan.Design
		want   string
	}{
		{"below", dispatch.NearZeroCarbon, below, "over the full series the cheapest operation reaching near-zero-carbon charged and discharged a battery at once in 7 intervals; " +
			"settled so that a battery can run it, it is low-carbon, limited by carbon per unit energy 0.31 tCO2/tce"},
		{"reaches", dispatch.LowCarbon, below, ""},
		{"above", dispatch.Conventional, below, ""},
		{"today", dispatch.Conventional, &plan.Design{Stage: dispatch.Conventional}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, settledBelowTarget(tc.target, tc.e))
		})
	}
}

// Each technology's whole units go to its own field of UnitCounts, summed
// over its candidates (2 + 3 turbines: 5); one added in any amount, or a
// technology UnitCounts has no field for, is not counted (it was counted
// as electric boilers before).
func TestUnitCountsOf(t *testing.T) {
	d := &plan.Design{Additions: []plan.Addition{
		{Tech: plan.TechWind, UnitSize: 2000, Units: 2},
		{Tech: plan.TechWind, UnitSize: 2000, Units: 3},
		{Tech: plan.TechPV, Added: 120},
		{Tech: plan.TechBatteryEnergy, UnitSize: 2500, Units: 1},
		{Tech: plan.TechElectricBoiler, UnitSize: 500, Units: 4},
		{Tech: plan.TechCHP, UnitSize: 200, Units: 3},
		{Tech: plan.Tech(99), UnitSize: 1, Units: 7},
	}}
	u := unitCountsOf(d)
	assert.Nil(t, u.PV, "PV in any amount")
	if assert.NotNil(t, u.Wind) {
		assert.Equal(t, 5.0, *u.Wind)
	}
	if assert.NotNil(t, u.BatteryEnergy) {
		assert.Equal(t, 1.0, *u.BatteryEnergy)
	}
	if assert.NotNil(t, u.ElectricBoiler) {
		assert.Equal(t, 4.0, *u.ElectricBoiler, "the unknown technology's 7 are not the boilers'")
	}
	if assert.NotNil(t, u.CHP) {
		assert.Equal(t, 3.0, *u.CHP)
	}
	assert.Nil(t, u.FuelBoiler)
	assert.Nil(t, u.BatteryPower)
	assert.Nil(t, u.HeatPump)
	assert.Nil(t, u.ThermalStorage)

	// Every technology of plan.Techs has a field of its own.
	seen := map[**float64]plan.Tech{}
	var all results.UnitCounts
	for _, tech := range plan.Techs() {
		f := unitCount(&all, tech)
		if assert.NotNil(t, f, tech.String()) {
			_, dup := seen[f]
			assert.False(t, dup, "%s shares a field", tech)
			seen[f] = tech
		}
	}
}
