package main

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/scenario"
)

// call runs f and turns a panic into a test failure naming the call.
func call(t *testing.T, what string, f func() error) error {
	t.Helper()
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s panicked: %v", what, r)
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		err = f()
	}()
	if err == nil {
		t.Errorf("%s: no error", what)
	} else {
		t.Logf("%s: %v", what, err)
	}
	return err
}

// TestAPIMisuseErrors calls the study's entry points wrongly: each call
// must return an error (never panic, never a silently wrong answer).
func TestAPIMisuseErrors(t *testing.T) {
	sc, _, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 48})
	require.NoError(t, err)
	p, short := sc.Park, sc.Series
	set := short

	call(t, "plan.New(nil park)", func() error { _, err := plan.New(nil, short, plan.DefaultOptions()); return err })
	call(t, "plan.New(nil series)", func() error { _, err := plan.New(p, nil, plan.DefaultOptions()); return err })
	call(t, "plan.New(empty series)", func() error {
		_, err := plan.New(p, &model.SeriesSet{Start: set.Start, Step: time.Hour}, plan.DefaultOptions())
		return err
	})
	call(t, "plan.New(column of mismatched length)", func() error {
		s := short.Slice(0, 48)
		cols := map[string][]float64{}
		for k, v := range s.Columns {
			cols[k] = v
		}
		cols[s.Names[0]] = cols[s.Names[0]][:47]
		s.Columns = cols
		_, err := plan.New(p, s, plan.DefaultOptions())
		return err
	})
	call(t, "plan.New(negative offset price)", func() error {
		opt := plan.DefaultOptions()
		opt.Ledger.OffsetPricePerTCO2e = -1
		_, err := plan.New(p, short, opt)
		return err
	})
	call(t, "plan.New(negative battery capital)", func() error {
		q := *p
		e := *p.Economics
		b := *e.Battery
		neg := -1.0
		b.CapitalPerKWh = &neg
		e.Battery = &b
		q.Economics = &e
		_, err := plan.New(&q, short, plan.DefaultOptions())
		return err
	})
	call(t, "plan.New(park without economics)", func() error {
		q := *p
		q.Economics = nil
		_, err := plan.New(&q, short, plan.DefaultOptions())
		return err
	})
	call(t, "plan.New(NaN load)", func() error {
		q := short.Slice(0, 48)
		cols := map[string][]float64{}
		for k, v := range q.Columns {
			cols[k] = v
		}
		col := p.Loads[0].Column
		v := append([]float64(nil), cols[col]...)
		v[5] = math.NaN()
		cols[col] = v
		q.Columns = cols
		_, err := plan.New(p, q, plan.DefaultOptions())
		return err
	})
	call(t, "plan.New(negative margin)", func() error {
		opt := plan.DefaultOptions()
		opt.Margin = -0.1
		_, err := plan.New(p, short, opt)
		return err
	})
	call(t, "plan.New(negative periods)", func() error {
		opt := plan.DefaultOptions()
		opt.Periods = -3
		_, err := plan.New(p, short, opt)
		return err
	})
	call(t, "plan.New(negative value of lost load)", func() error {
		opt := plan.DefaultOptions()
		opt.ValueOfLostLoadPerKWh = -1
		_, err := plan.New(p, short, opt)
		return err
	})
	// demo.Load's series are the file's: the availability is not derived
	// (demo.Load's documentation says to open a demo with scenario.Demo).
	err = call(t, "plan.New(demo.Load's raw series)", func() error {
		rp, rs, err := demo.Load("texas2012")
		require.NoError(t, err)
		_, err = plan.New(rp, rs.Slice(0, 48), plan.DefaultOptions())
		return err
	})
	require.ErrorContains(t, err, "physics.Derive")
	call(t, "Scenario.Run(an empty slice)", func() error {
		_, err := sc.Slice(10, 10).Run(dispatch.Perfect, dispatch.DefaultConfig())
		return err
	})
	call(t, "plan.New(an empty slice)", func() error {
		e := sc.Slice(10, 10)
		_, err := plan.New(e.Park, e.Series, plan.DefaultOptions())
		return err
	})
	call(t, "scenario.Open(negative LimitHours)", func() error {
		_, _, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: -1})
		return err
	})
	call(t, "Model.Plan(unknown stage)", func() error {
		m, err := plan.New(p, short, plan.DefaultOptions())
		require.NoError(t, err)
		defer m.Close()
		_, err = m.Plan(dispatch.Stage("net-positive"))
		return err
	})
	call(t, "scenario.Open(negative carbon price)", func() error {
		_, _, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour, CarbonPricePerTCO2e: -5})
		return err
	})
	call(t, "scenario.Open(unknown demo)", func() error {
		_, _, err := scenario.Open(scenario.Options{Demo: "atlantis", Horizon: 24 * time.Hour})
		return err
	})
	call(t, "dispatch.Config.Validate(negative carbon price)", func() error {
		c := dispatch.DefaultConfig()
		c.CarbonPricePerTCO2e = -5
		return c.Validate()
	})
	call(t, "scenario.CheckOperation(nil park)", func() error {
		s, cfg, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 48})
		require.NoError(t, err)
		_, err = s.CheckOperation(nil, dispatch.NearZeroCarbon, cfg)
		return err
	})
	call(t, "scenario.CheckOperation(unknown stage)", func() error {
		s, cfg, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 48})
		require.NoError(t, err)
		_, err = s.CheckOperation(s.Park, dispatch.Stage("net-positive"), cfg)
		return err
	})
	call(t, "scenario.CheckOperation(negative carbon price)", func() error {
		s, cfg, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 48})
		require.NoError(t, err)
		cfg.CarbonPricePerTCO2e = -5
		_, err = s.CheckOperation(s.Park, dispatch.NearZeroCarbon, cfg)
		return err
	})
	call(t, "dispatch.Run(nil park)", func() error {
		_, err := dispatch.Run(nil, nil, dispatch.DefaultConfig())
		return err
	})
}
