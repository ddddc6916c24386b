package plan_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// TestBadOptions: every bad option is an error naming the field and its
// value, unwrapping to plan.ErrInvalid and model.ErrInvalid (bad input,
// exit code 2 on the command line).
func TestBadOptions(t *testing.T) {
	p, set, _ := weekPark(t, 1) // 168 hourly steps: 7 full days
	for _, c := range []struct {
		name, field string
		set         func(*plan.Options)
	}{
		{"negative margin", "Options.Margin = -0.1", func(o *plan.Options) { o.Margin = -0.1 }},
		{"margin of everything", "Options.Margin = 0.95", func(o *plan.Options) { o.Margin = 0.95 }},
		{"negative periods", "Options.Periods = -1", func(o *plan.Options) { o.Periods = -1 }},
		{"more periods than the series", "Options.Periods = 8: is more than the 7 full periods of 24h0m0s",
			func(o *plan.Options) { o.Periods, o.PeriodLength = 8, 24*time.Hour }},
		{"one period", "Options.Periods = 1", func(o *plan.Options) { o.Periods, o.PeriodLength = 1, 24*time.Hour }},
		{"period not whole steps", "Options.PeriodLength = 1h30m0s", func(o *plan.Options) { o.Periods, o.PeriodLength = 2, 90*time.Minute }},
		{"period longer than the series", "Options.PeriodLength = 336h0m0s: is longer than the series",
			func(o *plan.Options) { o.Periods, o.PeriodLength = 2, 14*24*time.Hour }},
		{"zero period length", "Options.PeriodLength = 0s", func(o *plan.Options) { o.PeriodLength = 0 }},
		{"one frontier point", "Options.FrontierPoints = 1", func(o *plan.Options) { o.FrontierPoints = 1 }},
		{"unknown method", "Options.Method = barrier", func(o *plan.Options) { o.Method = "barrier" }},
		{"negative solvers", "Options.Solvers = -1", func(o *plan.Options) { o.Solvers = -1 }},
		{"bad value of lost load", "Options.ValueOfLostLoadPerKWh = 0", func(o *plan.Options) { o.ValueOfLostLoadPerKWh = 0 }},
		{"bad storage", "Options.Storage = 7", func(o *plan.Options) { o.Storage = 7 }},
		{"bad ledger", "Ledger.CleanShareMin = 2", func(o *plan.Options) { o.Ledger.CleanShareMin = 2 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := plan.DefaultOptions()
			c.set(&opt)
			_, err := plan.New(p, set, opt)
			require.Error(t, err)
			assert.ErrorIs(t, err, plan.ErrInvalid)
			assert.ErrorIs(t, err, model.ErrInvalid)
			assert.Contains(t, err.Error(), c.field)
		})
	}
}

// TestBadParks: a park without economics, a candidate technology with no
// asset to extend, nil inputs and an unknown stage are errors naming what
// is wrong.
func TestBadParks(t *testing.T) {
	opt := plan.DefaultOptions()
	p, set, _ := weekPark(t, 1)

	noEcon := *p
	noEcon.Economics = nil
	_, err := plan.New(&noEcon, set, opt)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, err.Error(), "economics")

	noPV := *p
	noPV.PV = nil
	_, err = plan.New(&noPV, set, opt)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	var ie *plan.InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "economics.pv.max_total_kwp", ie.Field)
	assert.Contains(t, err.Error(), "add one with capacity_kwp 0")

	noBat := *p
	noBat.Batteries = nil
	_, err = plan.New(&noBat, set, opt)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	assert.Contains(t, err.Error(), "economics.battery.max_total_kwh")

	_, err = plan.New(nil, set, opt)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	_, err = plan.New(p, nil, opt)
	assert.ErrorIs(t, err, plan.ErrInvalid)

	m := newModel(t, p, set, opt)
	_, err = m.Plan("carbon-neutral")
	assert.ErrorIs(t, err, plan.ErrInvalid)
	_, err = m.Evaluate(nil)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	_, err = m.Evaluate(&plan.Design{})
	assert.ErrorIs(t, err, plan.ErrInvalid)
	today, err := m.Today()
	require.NoError(t, err)
	today.Additions[0].Added = -1
	_, err = m.Evaluate(today)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	assert.Contains(t, err.Error(), "must be in [0,")

	_, err = plan.CostOfAdding(nil, p)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	big := *p
	big.PV = append([]model.PVArray(nil), p.PV...)
	big.PV[0].CapacityKWp = 1e5
	_, err = plan.CostOfAdding(p, &big)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	assert.Contains(t, err.Error(), "economics.pv.max_total_kwp")

	before := p.PV[0].CapacityKWp
	d, err := m.Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err)
	assert.Equal(t, before, p.PV[0].CapacityKWp, "the caller's park is not changed")
	assert.Greater(t, d.Park.PV[0].CapacityKWp, before)
}

// TestUnservedBinds: with an import limit below the load and nothing to
// add, every stage is out of reach because of the load left unserved,
// and the error says so with the best share reachable.
func TestUnservedBinds(t *testing.T) {
	p, set := pvDay(t, 0.1)
	p.Grid.ImportLimitKW = 90 // the load is 100 kW
	p.Economics.PV.MaxTotalKWp = 0
	m := newModel(t, p, set, plan.DefaultOptions())
	_, err := m.Plan(dispatch.LowCarbon)
	var ue *plan.UnreachableError
	require.True(t, errors.As(err, &ue), "%v", err)
	assert.Equal(t, "unserved load", ue.Indicator)
	// 10 kW short for 24 h of a 2400 kWh day: 10 %.
	assert.InDelta(t, 10, ue.Best, 1e-6)
	assert.InDelta(t, 0.1, ue.Threshold, 1e-12)
	assert.Contains(t, err.Error(), "with no PV,", "no PV and none to add: not \"at today's 0.0 kWp\"")
}

// An OverBoundError gives its miss as a percentage of the bound, except
// against a bound of about 0 (the frontier's last point over a least
// residual of 0), where a percentage reads in the millions.
func TestOverBoundErrorPercent(t *testing.T) {
	e := &plan.OverBoundError{EpsilonTCO2ePerYear: 1000, LeastTCO2ePerYear: 1020, Bounds: "PV 10 kWp"}
	assert.Contains(t, e.Error(), ": at best 1,020 tCO2e a year, 2.0 % above the bound")
	e = &plan.OverBoundError{EpsilonTCO2ePerYear: 0.0004, LeastTCO2ePerYear: 86, Bounds: "PV 10 kWp"}
	assert.Contains(t, e.Error(), ": at best 86 tCO2e a year, against a bound of about 0")
	assert.NotContains(t, e.Error(), "%")
	// About 0 relative to the least: a park 200 times the demo's (QA,
	// 2026-12-04: 4,364 t against 0.064 t read +6,810,422.6 %).
	e = &plan.OverBoundError{EpsilonTCO2ePerYear: 0.064, LeastTCO2ePerYear: 4364, Bounds: "PV 10 kWp"}
	assert.Contains(t, e.Error(), ": at best 4,364 tCO2e a year, against a bound of about 0")
	e = &plan.OverBoundError{EpsilonTCO2ePerYear: 5, LeastTCO2ePerYear: math.NaN(), Bounds: "PV 10 kWp"}
	assert.NotContains(t, e.Error(), "at best")
	assert.ErrorIs(t, e, plan.ErrOverBound)
}
