package dispatch

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// Driving a Rolling by hand — Plan, score, Settle, interval by interval,
// with the study end set as Run sets it — gives Run's schedule and
// forecast errors exactly: Run is that loop and nothing else.
func TestRollingByHandIsRun(t *testing.T) {
	p, pr := benchPark(24 * 6)
	p.Grid.DemandChargePerKWMonth = 10 // the month peak is carried too
	pr.Start = time.Date(2023, 6, 28, 0, 0, 0, 0, time.UTC)
	cfg := DefaultConfig()
	cfg.Horizon = 12 * time.Hour
	cfg.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
	want, err := Run(p, pr, cfg)
	require.NoError(t, err)

	cfg.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
	r, err := NewRolling(p, pr.Step, cfg)
	require.NoError(t, err)
	defer r.Close()
	require.NoError(t, r.SetEnd(pr.Start.Add(time.Duration(pr.Len)*pr.Step), StudyEndValues(p, pr, cfg)))
	got := periodSchedule(p, pr)
	for k := 0; k < pr.Len; k++ {
		_, err := r.Plan(pr, k)
		require.NoError(t, err)
		r.ScoreForecasts(pr, k, r.Horizon())
		one, err := r.Settle(pr, k)
		require.NoError(t, err)
		require.Equal(t, 1, one.Len)
		got.setRow(k, one, 0)
	}
	assert.Equal(t, want.Schedule, got)
	assert.Equal(t, want.Report.Forecasts, r.Forecasts())
	// The first lead alone (a controller's metrics): the same series,
	// fallbacks and overall errors, PerLead cut, built without the rest.
	full, first := r.Forecasts(), r.ForecastsToLead(1)
	require.Len(t, first, len(full))
	for i := range full {
		require.Len(t, full[i].PerLead, 12, "12 hourly leads")
		cut := full[i]
		cut.PerLead = cut.PerLead[:1]
		assert.Equal(t, cut, first[i])
	}
	assert.Less(t, testing.AllocsPerRun(10, func() { r.ForecastsToLead(1) }), testing.AllocsPerRun(10, func() { r.Forecasts() })/4)
	// The demand charge made the carried peak matter: the month changed
	// on June 30 → July 1 and the run paid for June's and July's peaks.
	assert.Positive(t, want.Report.DemandChargeCost)
}

// Plan and Settle allocate nothing in steady state, forecasts included,
// on a park without heat and on one with a heat side.
func TestRollingDoesNotAllocate(t *testing.T) {
	for name, park := range map[string]func(int) (*model.Park, *model.Profiles){"electricity": benchPark, "heat": benchHeatPark} {
		t.Run(name, func(t *testing.T) {
			p, pr := park(24 * 8)
			cfg := DefaultConfig()
			cfg.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
			r, err := NewRolling(p, pr.Step, cfg)
			require.NoError(t, err)
			defer r.Close()
			k := 0
			measured := make([]float64, len(p.Batteries))          // kWh
			measuredHeat := make([]float64, len(p.ThermalStorage)) // kWh_th
			step := func() {
				plan, err := r.Plan(pr, k)
				if err != nil {
					t.Fatal(err)
				}
				r.ScoreForecasts(pr, k, 1)
				if k%2 == 1 { // every other interval settles on measured states of charge and contents
					for b := range measured {
						measured[b] = plan.SoCKWh[b][0]
					}
					for s := range measuredHeat {
						measuredHeat[s] = plan.HeatSoCKWhTh[s][0] + 1 // not the plan's: the store's flows change
					}
					if err := r.SetMeasuredSoC(measured); err != nil {
						t.Fatal(err)
					}
					if err := r.SetMeasuredHeatSoC(measuredHeat); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := r.Settle(pr, k); err != nil {
					t.Fatal(err)
				}
				k++
			}
			step() // loads the model
			if allocs := testing.AllocsPerRun(50, step); allocs != 0 {
				t.Fatalf("Plan, SetMeasuredSoC, SetMeasuredHeatSoC and Settle allocate %.1f times per interval", allocs)
			}
		})
	}
}

// Misuse is an error naming what is wrong, never a panic or a wrong
// settlement.
func TestRollingErrors(t *testing.T) {
	p, pr := benchPark(48)
	r, err := NewRolling(p, pr.Step, DefaultConfig())
	require.NoError(t, err)
	defer r.Close()

	_, err = r.Settle(pr, 0)
	assert.ErrorIs(t, err, ErrInput, "nothing planned")
	assert.ErrorContains(t, err, "nothing planned")

	_, err = r.Plan(pr, 48)
	assert.ErrorIs(t, err, ErrInput, "the interval is past the data")
	_, err = r.Plan(pr.Slice(0, 10), 3)
	require.NoError(t, err, "a window cut by the data's end is padded, as at the end of a period")
	_, err = r.Settle(pr, 4)
	assert.ErrorContains(t, err, "not the one planned")
	_, pending := r.Pending()
	assert.True(t, pending, "a refused Settle keeps the plan")

	bad := *pr
	bad.LoadKW = [][]float64{pr.LoadKW[0], pr.LoadKW[1], append([]float64(nil), pr.LoadKW[2]...)}
	bad.LoadKW[2][3] = math.NaN()
	_, err = r.Settle(&bad, 3)
	var ve *ValueError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, 3, ve.Interval)
	assert.Equal(t, "hotel", ve.Asset)
	assert.Equal(t, "LoadKW[2]", ve.Field)

	assert.ErrorIs(t, r.SetEnd(pr.Start, []float64{1, 2}), ErrInput, "one end value per battery")
	assert.ErrorIs(t, r.SetState(State{SoCKWh: []float64{-1000}}), ErrInput, "not a reading")
	require.NoError(t, r.SetEnd(pr.Start.Add(5*time.Hour), []float64{0.4}))
	_, err = r.Plan(pr, 5)
	assert.ErrorContains(t, err, "past the study end")
	plan, err := r.Plan(pr, 2)
	require.NoError(t, err)
	assert.Equal(t, 3, plan.Len, "the window stops at the study end")
}

// A state of charge set between intervals (a measurement) is where the
// next settlement starts, and the settled interval follows from it.
func TestRollingSetState(t *testing.T) {
	p, pr := benchPark(48)
	r, err := NewRolling(p, pr.Step, DefaultConfig())
	require.NoError(t, err)
	defer r.Close()
	st := r.State()
	st.SoCKWh[0] = 1234
	require.NoError(t, r.SetState(st))
	_, err = r.Plan(pr, 0)
	require.NoError(t, err)
	one, err := r.Settle(pr, 0)
	require.NoError(t, err)
	assert.Equal(t, 1234.0, one.InitialSoCKWh[0])
	bat := p.Batteries[0]
	h := pr.Step.Hours()
	idle := bat.MinSoCKWh() + (1234-bat.MinSoCKWh())*(1-bat.SelfDischargePerHour*h)
	assert.InDelta(t, idle+bat.ChargeEfficiency*one.ChargeKW[0][0]*h-one.DischargeKW[0][0]*h/bat.DischargeEfficiency,
		one.SoCKWh[0][0], 1e-9, "the settled state follows the recursion from the state set")
	assert.Equal(t, one.SoCKWh[0][0], r.State().SoCKWh[0], "and is carried")
	assert.InDelta(t, 0, one.BalanceErrorKW(0), 1e-9)
}

// A Rolling restored from a snapshot taken between Plan and Settle
// settles that plan and then plans as the original does.
func TestRollingSnapshotRestore(t *testing.T) {
	p, pr := benchPark(24 * 5)
	cfg := DefaultConfig()
	mk := func() *Rolling {
		c := cfg
		c.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
		r, err := NewRolling(p, pr.Step, c)
		require.NoError(t, err)
		t.Cleanup(func() { r.Close() })
		return r
	}
	a := mk()
	const cut = 50
	for k := 0; k <= cut; k++ {
		_, err := a.Plan(pr, k)
		require.NoError(t, err)
		a.ScoreForecasts(pr, k, 1)
		if k < cut {
			_, err = a.Settle(pr, k)
			require.NoError(t, err)
		}
	}
	snap := a.Snapshot()
	require.NotNil(t, snap.Pending)
	b := mk()
	require.NoError(t, b.Restore(snap))
	assert.Equal(t, snap, b.Snapshot(), "what is restored snapshots the same")
	for k := cut; k < pr.Len; k++ {
		if k > cut {
			_, err := a.Plan(pr, k)
			require.NoError(t, err)
			_, err = b.Plan(pr, k)
			require.NoError(t, err)
		}
		sa, err := a.Settle(pr, k)
		require.NoError(t, err)
		sa = sa.Clone()
		sb, err := b.Settle(pr, k)
		require.NoError(t, err)
		// The restored Rolling's first solve is cold, the original's hot:
		// the same optimum, to the solver's tolerance.
		assert.InDelta(t, sa.ImportKW[0], sb.ImportKW[0], 1e-6, "interval %d", k)
		assert.InDelta(t, sa.SoCKWh[0][0], sb.SoCKWh[0][0], 1e-6, "interval %d", k)
	}

	bad := snap
	bad.Pending = snap.Pending.Clone()
	bad.Pending.ImportKW = nil
	assert.ErrorIs(t, b.Restore(bad), ErrInput, "a plan of the wrong shape")
}

// An interval nobody planned settles with the batteries idle and the grid
// taking the difference: balanced, only self-discharge.
func TestRollingSkip(t *testing.T) {
	p, pr := benchPark(24)
	r, err := NewRolling(p, pr.Step, DefaultConfig())
	require.NoError(t, err)
	defer r.Close()
	before := r.State().SoCKWh[0]
	for k := range 24 {
		one, err := r.Skip(pr, k)
		require.NoError(t, err)
		assert.InDelta(t, 0, one.BalanceErrorKW(0), 1e-9)
		assert.Zero(t, one.ChargeKW[0][0]+one.DischargeKW[0][0])
		net := one.GenerationKW(0) + one.CurtailedKW[0] - one.LoadKW[0]
		if net < 0 {
			assert.InDelta(t, -net, one.ImportKW[0]+one.UnservedKW[0], 1e-9)
		}
	}
	bat := p.Batteries[0]
	want := bat.MinSoCKWh() + (before-bat.MinSoCKWh())*math.Pow(1-bat.SelfDischargePerHour, 24)
	assert.InDelta(t, want, r.State().SoCKWh[0], 1e-9)
	_, err = r.Plan(pr, 3)
	require.NoError(t, err)
	_, err = r.Skip(pr, 4)
	assert.ErrorContains(t, err, "planned and not settled")
}
