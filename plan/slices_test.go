package plan_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/floats"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// TestEveryStepItsOwnSlice: with as many slices as the series has steps,
// every slice is one step and the plan is the full series' — exactly,
// with and without standing losses (each slice's link row is then the
// Block's own recursion), storage cyclic or valued at the end — and its
// schedule obeys the park's physics.
func TestEveryStepItsOwnSlice(t *testing.T) {
	for _, c := range []struct {
		sd      float64
		storage plan.StorageEnd
	}{{0, plan.Cyclic}, {2e-3, plan.Cyclic}, {2e-3, plan.Valued}} {
		sd := c.sd
		p, set := calmWeek(t, sd)
		opt := plan.DefaultOptions()
		opt.Storage = c.storage
		full := newModel(t, p, set, opt)
		opt.Slices = set.Len
		sliced := newModel(t, p, set, opt)
		red := sliced.Reduction()
		require.NotNil(t, red)
		assert.Equal(t, set.Len, red.Slices)
		assert.Zero(t, red.Periods)
		for _, e := range red.Errors {
			assert.Zero(t, e.RMSE, "%s: every step is its own slice", e.Name)
		}
		for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.NearZeroCarbon} {
			fd, err := full.Plan(st)
			require.NoError(t, err)
			sd2, err := sliced.Plan(st)
			require.NoError(t, err)
			require.NoError(t, sd2.Schedule.Check(sd2.Park), "sd %g %v %s", sd, c.storage, st)
			assert.InDelta(t, fd.TotalCostPerYear, sd2.TotalCostPerYear, 1e-6*fd.TotalCostPerYear, "sd %g %v %s", sd, c.storage, st)
		}
	}
}

// TestSlicesOfConstantStretches: a week whose every series holds its value
// for 4 steps at a time (hours, or quarter-hours) is cut by 42 slices at
// exactly those stretches, and an LP step of 4 steps then sees what the
// series' own step sees. Constant
// inputs over a stretch leave nothing for the hourly dispatch to gain
// within it (averaging its schedule over the stretch is feasible and
// costs the same), so without standing losses the sliced plan costs what
// the full series' does; with them it costs no less (within a stretch the
// hour of charging then matters) and within 0.1 %. Either way the
// calendar schedule obeys the physics (the slice's change is spread step
// by step, sliceGain).
func TestSlicesOfConstantStretches(t *testing.T) {
	for _, c := range []struct {
		sd   float64
		step time.Duration
	}{{0, time.Hour}, {2e-3, time.Hour}, {0, 15 * time.Minute}, {2e-3, 15 * time.Minute}} {
		sd := c.sd
		rng := rand.New(rand.NewPCG(7, 7))
		f := randomFixture(rng, 168)
		f.selfDischargePerH, f.step = sd, c.step
		f.batKWh, f.batKW = 400, 150
		hold := func(v []float64) {
			for i := range v {
				v[i] = v[i-i%4]
			}
		}
		for _, v := range [][]float64{f.loadKW, f.pvPerKWp, f.windPerKW, f.carbon, f.price} {
			hold(v)
		}
		p, set := f.build(t)
		opt := plan.DefaultOptions()
		full := newModel(t, p, set, opt)
		opt.Slices = f.n / 4
		sliced := newModel(t, p, set, opt)
		red := sliced.Reduction()
		require.NotNil(t, red)
		assert.Equal(t, f.n/4, red.Slices)
		for _, e := range red.Errors {
			assert.InDelta(t, 0, e.RMSE, 1e-9, "%s: the stretches are the slices", e.Name)
		}
		for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon} {
			fd, err := full.Plan(st)
			require.NoError(t, err, "%s", st)
			sd2, err := sliced.Plan(st)
			require.NoError(t, err, "%s", st)
			require.NoError(t, sd2.Schedule.Check(sd2.Park), "sd %g %v %s", sd, c.step, st)
			assert.Equal(t, f.n, sd2.Schedule.Len, "the schedule is on the calendar")
			if sd == 0 {
				assert.InDelta(t, fd.TotalCostPerYear, sd2.TotalCostPerYear, 1e-6*fd.TotalCostPerYear, "sd %g %s", sd, st)
				assert.InDelta(t, fd.ResidualTCO2ePerYear, sd2.ResidualTCO2ePerYear, 1e-4*math.Max(1, fd.ResidualTCO2ePerYear), "sd %g %s", sd, st)
				continue
			}
			// With standing losses the hour within a stretch matters (charge
			// late, discharge early): the slices, which cannot tell, cost
			// no less, and barely more.
			assert.GreaterOrEqual(t, sd2.TotalCostPerYear, fd.TotalCostPerYear*(1-1e-9), "sd %g %s", sd, st)
			assert.InEpsilon(t, fd.TotalCostPerYear, sd2.TotalCostPerYear, 1e-3, "sd %g %s", sd, st)
		}
	}
}

// TestSlicesAgainstFull: fewer slices than steps merge steps that differ,
// so the plan is an approximation; its design evaluated over the full
// series either reaches its stage or is reported unreachable, the
// schedule obeys the physics on the calendar, the energies it counts are
// the series' (each slice's mean over its steps), and the roadmap's costs
// never fall from stage to stage.
func TestSlicesAgainstFull(t *testing.T) {
	p, set := warmFixture(t) // a fortnight, a slowly self-discharging battery
	opt := warmOptions(0)
	full := newModel(t, p, set, opt)
	opt.Slices = 84
	sliced := newModel(t, p, set, opt)
	red := sliced.Reduction()
	require.NotNil(t, red)
	for _, e := range red.Errors {
		assert.InDelta(t, 0, e.TotalRelError, 1e-9, "%s: slice means keep the totals", e.Name)
		assert.Positive(t, e.RMSE, "%s: 84 slices of 336 steps merge steps that differ", e.Name)
	}
	rm, err := sliced.Roadmap()
	require.NoError(t, err)
	want := floats.Sum(set.Columns["load_kw"])
	prev := 0.0
	for i, d := range rm.Stages {
		require.NotNil(t, d, "%s", plan.RoadmapStages()[i])
		require.NoError(t, d.Schedule.Check(d.Park))
		assert.InDelta(t, want, floats.Sum(d.Schedule.LoadKW), 1e-6*want, "the calendar's load is the series'")
		assert.GreaterOrEqual(t, d.TotalCostPerYear, prev*(1-1e-9), "costs never fall")
		prev = d.TotalCostPerYear
		ev, err := full.Evaluate(d)
		if err != nil {
			require.ErrorIs(t, err, plan.ErrUnreachable)
			continue
		}
		assert.InEpsilon(t, d.TotalCostPerYear, ev.TotalCostPerYear, 0.1, "%s: the sliced cost is near its evaluation", d.Target)
	}
}

// TestSlicesAgainstPiecewiseConstant: the sliced LP is the full series'
// LP restricted to powers constant over each slice, and an independent
// check of it is the full series' own LP on the series held at their
// slice means (the calendar the slices give). Without standing losses the
// two optima are equal: averaging that LP's schedule over each slice,
// where its inputs are constant, keeps it feasible (the content moves
// linearly between the same ends, each month's peak only falls) at the
// same cost, and the sliced schedule is one of its schedules. Demand
// charge, exports and every stage's rows included.
func TestSlicesAgainstPiecewiseConstant(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	f := randomFixture(rng, 168)
	f.demandPerKWMonth = 4
	f.batKWh, f.batKW = 300, 100
	p, set := f.build(t)
	opt := plan.DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e = 20
	opt.Slices = 40
	sliced := newModel(t, p, set, opt)
	load, carbon, price, pv, wind := plan.Calendar(sliced)
	held := *f
	held.loadKW, held.carbon, held.price, held.pvPerKWp, held.windPerKW = load, carbon, price, pv[0], wind[0]
	hp, hset := held.build(t)
	opt.Slices = 0
	full := newModel(t, hp, hset, opt)
	for _, st := range plan.RoadmapStages() {
		sd, err := sliced.Plan(st)
		require.NoError(t, err, "%s", st)
		fd, err := full.Plan(st)
		require.NoError(t, err, "%s", st)
		assert.InDelta(t, fd.TotalCostPerYear, sd.TotalCostPerYear, 1e-6*fd.TotalCostPerYear, "%s", st)
		assert.InDelta(t, fd.ResidualTCO2ePerYear, sd.ResidualTCO2ePerYear, 1e-4*math.Max(1, fd.ResidualTCO2ePerYear), "%s", st)
	}
}

// TestSlicesOptions: bad slice counts are input errors that name the
// option and say why.
func TestSlicesOptions(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	f := randomFixture(rng, 168) // 27 March to 3 April: two calendar months
	p, set := f.build(t)
	for _, c := range []struct {
		name         string
		slices, reps int
		want         string
	}{
		{"negative", -1, 0, "Options.Slices"},
		{"with periods", 24, 3, "cannot be used with 3 representative periods"},
		{"more than the steps", 169, 0, "more than the 168 steps"},
		{"fewer than the months", 1, 0, "less than the 2 slices"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := plan.DefaultOptions()
			opt.Slices, opt.Periods = c.slices, c.reps
			_, err := plan.New(p, set, opt)
			require.Error(t, err)
			assert.ErrorIs(t, err, model.ErrInvalid)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	opt := plan.DefaultOptions()
	opt.Slices = 2
	m := newModel(t, p, set, opt)
	assert.Equal(t, 2, m.Reduction().Slices, "one slice per calendar month")
}

// TestSliceChargesBeyondItsTop: a lossy battery charged at its full 8 kW
// through a long cheap slice (119 h, 1 %/h) and emptied in one dear step.
// Every cheap hour's charge is worth keeping (7.6 kWh × 0.99^118 × 0.95
// × 0.30 USD/kWh against 8 kWh × 0.02), so the full series' optimum
// charges at a constant 8 kW, which the slice can say: the slice's change
// is 7.6 × 119 = 904 kWh, more than the 800 kWh the battery holds, since
// the losses take 374 of it (the content ends at 530 kWh). The sliced plan
// therefore costs exactly what the full series' does.
func TestSliceChargesBeyondItsTop(t *testing.T) {
	const n = 120 // 27 to 31 March: one month
	f := &fixture{n: n, step: time.Hour, exportPricePerKWh: 0.02, importKW: 2000, exportKW: 500,
		pvKWp: 100, batKWh: 1000, batKW: 8, selfDischargePerH: 0.01, noWind: true,
		loadKW: flat(n, 300), pvPerKWp: flat(n, 0), carbon: flat(n, 0.4), price: flat(n, 0.02),
		econ: &model.Economics{Currency: "USD"}}
	f.loadKW[n-1], f.price[n-1] = 2000, 0.30
	p, set := f.build(t)
	p.Batteries[0].MaxDischargeKW = 1000
	opt := plan.DefaultOptions()
	full := newModel(t, p, set, opt)
	opt.Slices = 2
	sliced := newModel(t, p, set, opt)
	fd, err := full.Plan(dispatch.Conventional)
	require.NoError(t, err)
	sd, err := sliced.Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.NoError(t, sd.Schedule.Check(sd.Park))
	for i := range n - 1 {
		require.InDelta(t, 8, fd.Schedule.ChargeKW[0][i], 1e-6, "the full series charges at full power, step %d", i)
	}
	g := (1 - math.Pow(0.99, n-1)) / ((n - 1) * 0.01)
	assert.InDelta(t, 100+7.6*(n-1)*g, sd.Schedule.SoCKWh[0][n-2], 1e-3, "the slice ends at 530 kWh above the minimum")
	assert.InDelta(t, fd.TotalCostPerYear, sd.TotalCostPerYear, 1e-6*fd.TotalCostPerYear)
}
