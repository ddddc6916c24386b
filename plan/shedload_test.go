package plan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// capDay is a day of 150 kW with an evening of 300 kW for three hours,
// behind a connection of limitKW, nothing else to serve it (no PV output,
// no battery), import at 0.10 USD/kWh; the connection is the one
// candidate (capital 1e6 USD/kW: never worth adding).
func capDay(tb testing.TB, limitKW float64) (*model.Park, *model.SeriesSet) {
	load := flat(24, 150)
	for h := 18; h < 21; h++ {
		load[h] = 300
	}
	f := &fixture{n: 24, step: time.Hour, loadKW: load, pvPerKWp: flat(24, 0), carbon: flat(24, 0.5),
		price: flat(24, 0.10), importKW: limitKW, exportKW: 0, noWind: true, noBattery: true}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		GridConnection: &model.GridConnectionEconomics{CapitalPerKW: ptr(1e6), LifetimeYears: ptr(20), MaxTotalKW: 1000}}
	return f.build(tb)
}

// TestTodayShedsLoad: capDay behind 200 kW sheds 300 − 200 = 100 kW in
// each of the three evening hours, 300 kWh of the day's 3 × 300 + 21 ×
// 150 = 4,050 kWh (7.41 %, above the ledger's 0.1 %), 300 × 8760/24 =
// 109,500 kWh a year, worth 109,500 USD at a value of lost load of 1
// USD/kWh that its total leaves out. Today's park says so, as it says of
// heat it sheds (TestTodayShedsHeat), and the roadmap's warnings carry
// it after "today: ". Behind 300 kW it serves the whole load: no warning.
// With the ledger tolerating 10 % the same shed is within the tolerance
// and ranks nothing down: no warning either (the rule the heat's is).
func TestTodayShedsLoad(t *testing.T) {
	opt := plan.DefaultOptions()
	opt.ValueOfLostLoadPerKWh = 1
	shedKWh := (300.0 - 200) * 3 * 8760 / 24

	p, set := capDay(t, 200)
	today, err := newModel(t, p, set, opt).Today()
	require.NoError(t, err)
	assert.InDelta(t, shedKWh, today.UnservedKWhPerYear, 1e-9*shedKWh)
	assert.Equal(t, dispatch.Conventional, today.Stage)
	require.Len(t, today.Warnings, 1)
	assert.Equal(t, "109,500 kWh of load unserved a year (7.41 % of the load, above the ledger's tolerance of 0.1 %): "+
		"its costs leave that load out (109,500 USD a year at the plan's value of lost load, 1.0 USD/kWh, a penalty not counted) "+
		"and the ledger ranks it conventional, so the cost per tCO2e avoided against it compares designs that serve the load "+
		"with a park that sheds it; give it the grid connection, storage or generation it lacks", today.Warnings[0])
	// The total leaves the lost load out: import 3,750 kWh a day at 0.10.
	assert.InDelta(t, (4050-300)*0.10*365, today.TotalCostPerYear, 1e-6)

	rm, err := newModel(t, p, set, opt).Roadmap()
	require.NoError(t, err)
	require.NotEmpty(t, rm.Warnings)
	assert.Equal(t, "today: "+today.Warnings[0], rm.Warnings[0])

	loose := opt
	loose.Ledger.UnservedToleranceShare = 0.1
	within, err := newModel(t, p, set, loose).Today()
	require.NoError(t, err)
	assert.InDelta(t, shedKWh, within.UnservedKWhPerYear, 1e-9*shedKWh)
	assert.Empty(t, within.Warnings, "7.41 % is within a tolerance of 10 %")

	p, set = capDay(t, 300)
	served, err := newModel(t, p, set, opt).Today()
	require.NoError(t, err)
	assert.Zero(t, served.UnservedKWhPerYear)
	for _, w := range served.Warnings {
		assert.False(t, strings.Contains(w, "unserved"), w)
	}
	assert.Empty(t, served.Warnings)
}

// TestConventionalShedsLoadNotToday: a plan for conventional on capDay
// behind 200 kW sheds what today's park sheds (100 kW more of connection
// would cost 100 × 1e6 / 20 = 5,000,000 USD a year against 109,500 of
// lost load at 1 USD/kWh), and says so, but not that the cost per tCO2e
// avoided is measured against it: that figure is measured against today's
// park only. The same of its evaluation with its capacities fixed (as
// the full series evaluates a design that misses its stage).
func TestConventionalShedsLoadNotToday(t *testing.T) {
	opt := plan.DefaultOptions()
	opt.ValueOfLostLoadPerKWh = 1
	shedKWh := (300.0 - 200) * 3 * 8760 / 24
	p, set := capDay(t, 200)
	m := newModel(t, p, set, opt)
	conv, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	ev, err := m.Evaluate(conv)
	require.NoError(t, err)
	for _, d := range []*plan.Design{conv, ev} {
		assert.Equal(t, dispatch.Conventional, d.Target)
		assert.InDelta(t, shedKWh, d.UnservedKWhPerYear, 1e-9*shedKWh)
		require.Len(t, d.Warnings, 1)
		assert.Equal(t, "109,500 kWh of load unserved a year (7.41 % of the load, above the ledger's tolerance of 0.1 %): "+
			"its costs leave that load out (109,500 USD a year at the plan's value of lost load, 1.0 USD/kWh, a penalty not counted) "+
			"and the ledger ranks it conventional; give it the grid connection, storage or generation it lacks", d.Warnings[0])
	}
}
