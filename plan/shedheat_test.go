package plan_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// TestTodayShedsHeat: chpDay's park with its gas boiler cut to 60 kW_th
// against 90 kW_th of heat all day and a CHP of capacity 0: today's park
// leaves 30 kW_th unserved every hour, 30 × 8,760 kWh_th a year (a third
// of the heat load), which its costs leave out. The Design says so (its
// UnservedHeatKWhThPerYear and a warning); before, a roadmap's today had
// unserved_kwh_per_year 0 and no word of the heat it sheds. The
// low-carbon design, whose stage row bounds unserved heat, builds the
// CHP to serve it and carries no such warning.
func TestTodayShedsHeat(t *testing.T) {
	econ := &model.CHPEconomics{CapitalPerKW: ptr(2800), FixedOMPerKWYear: ptr(0), LifetimeYears: ptr(20), MaxTotalKW: 500}
	p, set := chpDay(t, 24, 0.05, econ)
	require.Len(t, p.FuelBoilers, 1)
	p.FuelBoilers[0].CapacityKWTh = 60
	require.NoError(t, p.ValidateWith(set))
	m := newModel(t, p, set, plan.DefaultOptions())

	today, err := m.Today()
	require.NoError(t, err)
	shedKWhTh := (90.0 - 60) * 8760
	assert.InDelta(t, shedKWhTh, today.UnservedHeatKWhThPerYear, 1e-6*shedKWhTh)
	assert.Equal(t, dispatch.Conventional, today.Stage)
	require.Len(t, today.Warnings, 1)
	assert.Contains(t, today.Warnings[0], "262,800 kWh_th of heat unserved a year (33.3 % of the heat load")

	d, err := m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, d.Added(plan.TechCHP), 30*7.0/9*(1-1e-3), "the CHP's heat (9/7 a kW) makes up the boiler's 30 kW_th")
	tol := plan.DefaultOptions().Ledger.UnservedToleranceShare
	assert.LessOrEqual(t, d.UnservedHeatKWhThPerYear, tol*90*8760, "the stage's gate")
	assert.Empty(t, d.Warnings)
}
