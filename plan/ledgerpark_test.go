package plan_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// A Go study that plans a park whose stage_thresholds are stricter than
// Options.Ledger's (plan.DefaultOptions(), ForPark not applied) sizes at
// the options' limit while the ledger judges at the park's; the error said
// only "the ledger ranks the plan's schedule low-carbon (carbon per unit
// energy 0.200 tCO2/tce above the core indicator's 0.10)", which reads as
// the planner's fault (QA H, session 39). It now says why and what to do.
func TestPlanLedgerNotThePark(t *testing.T) {
	n := 72
	set := &model.SeriesSet{Start: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n}
	load, avail := make([]float64, n), make([]float64, n)
	for i := range load {
		load[i] = 100
		if h := i % 24; h >= 7 && h < 19 {
			avail[i] = 0.7
		}
	}
	require.NoError(t, set.SetColumn("load", load))
	require.NoError(t, set.SetColumn("pva", avail))
	p := &model.Park{Name: "p", Loads: []model.Load{{Name: "l", Column: "load"}},
		PV: []model.PVArray{{Name: "pv", AvailabilityColumn: "pva"}},
		Batteries: []model.Battery{{Name: "b", ChargeEfficiency: 0.95, DischargeEfficiency: 0.95,
			MaxSoCFraction: 1, InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: model.Unlimited, DispatchCarbon: model.CarbonSignal{KgCO2ePerKWh: 0.5}},
		Economics: &model.Economics{Currency: "USD", PV: &model.PVEconomics{MaxTotalKWp: 5000},
			Battery: &model.BatteryEconomics{MaxTotalKWh: 10000, MaxTotalKW: 2000}},
		StageThresholds: &model.StageThresholds{CarbonTCO2PerTceMax: model.Float(0.1)},
	}
	m, err := plan.New(p, set, plan.DefaultOptions())
	require.NoError(t, err)
	_, err = m.Plan(dispatch.NearZeroCarbon)
	require.NoError(t, m.Close())
	require.True(t, errors.Is(err, plan.ErrNotReached), "%v", err)
	assert.Contains(t, err.Error(), "Options.Ledger's stage thresholds are not the park's stage_thresholds "+
		"(carbon_tco2_per_tce_max 0.2, the park's 0.1), which the ledger judges by: apply dispatch.LedgerConfig.ForPark to Options.Ledger")

	// With the park's thresholds applied the design holds at 0.1.
	opt := plan.DefaultOptions()
	opt.Ledger = opt.Ledger.ForPark(p)
	m, err = plan.New(p, set, opt)
	require.NoError(t, err)
	defer m.Close()
	d, err := m.Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err)
	assert.LessOrEqual(t, d.Report.StageBasis.CarbonPerTce, 0.1+1e-9)
}
