package plan_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// heatWeek is a week of hourly steps of a park with every kind of heat
// asset the plan sizes or links: a gas boiler, a heat pump whose COP
// follows the outdoor temperature (a candidate), a thermal store losing
// lossPerHour of its content an hour (a candidate), heat bought, beside
// PV, wind and a battery (candidates), a demand charge and a cold spell
// mid-week, so that stores move energy across days.
func heatWeek(t *testing.T, seed uint64, lossPerHour float64) (*model.Park, *model.SeriesSet) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 12))
	f := randomFixture(rng, 168)
	f.demandPerKWMonth = 3
	f.tempC = make([]float64, f.n)
	heat := make([]float64, f.n)
	for i := range f.n {
		day, h := float64(i/24), float64(i%24)
		f.windPerKW[i] *= 0.5
		f.tempC[i] = 4 - 6*math.Sin(math.Pi*day/6) + 5*math.Sin(2*math.Pi*(h-9)/24) + rng.Float64()
		heat[i] = math.Max(0, 18-f.tempC[i])*15 + 20*rng.Float64()
	}
	f.econ.HeatPump = &model.HeatPumpEconomics{MaxTotalKWTh: 600}
	f.econ.ThermalStorage = &model.ThermalStorageEconomics{MaxTotalKWhTh: 4000}
	f.heat = &heatSide{loadKWTh: heat, gasPricePerKWh: 0.07,
		hp: &model.HeatPump{Name: "hp", CapacityKWTh: 50,
			COPModel: &model.COPModel{Kind: model.StaffellAir, TempColumn: "temp_c", SinkTempC: 45}},
		store: &model.ThermalStorage{Name: "tank", EnergyKWhTh: 200, MaxChargeKWTh: 100, MaxDischargeKWTh: 100,
			MinSoCFraction: 0.05, MaxSoCFraction: 0.95, InitialSoCFraction: 0.5, StandingLossPerHour: lossPerHour},
		purchased: &model.PurchasedHeat{Name: "district", LimitKWTh: 50, PricePerKWhTh: 0.09}}
	return f.build(t)
}

// TestHeatEveryDayItsOwnRepresentative: with as many representative days
// as the week has days, each stands for itself, and Kotzur's linking of
// the thermal store (and the battery) across the days reproduces the full
// series exactly when the store loses nothing — the check that the heat
// series are represented and the store linked without error, cyclic over
// the week or with the start fixed and the end valued; with a
// standing loss the simplified limits are conservative (as for a
// self-discharging battery, TestEveryPeriodItsOwnRepresentative), so the
// reduced model costs no less and little more. The schedule, the days
// expanded onto the calendar, obeys the park's physics: the store's
// content follows its recursion across midnight.
func TestHeatEveryDayItsOwnRepresentative(t *testing.T) {
	for _, c := range []struct {
		loss    float64
		storage plan.StorageEnd
	}{{0, plan.Cyclic}, {0, plan.Valued}, {5e-3, plan.Cyclic}} {
		loss := c.loss
		p, set := heatWeek(t, 3, loss)
		opt := plan.DefaultOptions()
		opt.Storage = c.storage
		full := newModel(t, p, set, opt)
		opt.Periods, opt.PeriodLength = 7, 24*time.Hour
		reduced := newModel(t, p, set, opt)
		require.NotNil(t, reduced.Reduction())
		assert.Equal(t, []int{1, 1, 1, 1, 1, 1, 1}, reduced.Reduction().Weights)
		for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon} {
			fd, err := full.Plan(st)
			require.NoError(t, err, "loss %g %s", loss, st)
			rd, err := reduced.Plan(st)
			require.NoError(t, err, "loss %g %s", loss, st)
			require.NoError(t, rd.Schedule.Check(rd.Park), "loss %g %s", loss, st)
			if loss == 0 {
				assert.InDelta(t, fd.TotalCostPerYear, rd.TotalCostPerYear, 1e-6*fd.TotalCostPerYear, "loss %g %s", loss, st)
			} else {
				assert.GreaterOrEqual(t, rd.TotalCostPerYear, fd.TotalCostPerYear*(1-1e-6), "loss %g %s", loss, st)
				assert.InDelta(t, fd.TotalCostPerYear, rd.TotalCostPerYear, 0.02*fd.TotalCostPerYear, "loss %g %s", loss, st)
			}
			t.Logf("loss %g %v %s: full %.2f, reduced %.2f; store +%.0f kWh_th, heat pump +%.0f kW_th (full: +%.0f, +%.0f)", loss, c.storage, st,
				fd.TotalCostPerYear, rd.TotalCostPerYear, rd.Added(plan.TechThermalStorage), rd.Added(plan.TechHeatPump),
				fd.Added(plan.TechThermalStorage), fd.Added(plan.TechHeatPump))
		}
	}
}

// TestHeatEveryStepItsOwnSlice: over as many chronological slices as the
// week has steps the heat side — heat load, COP, purchased heat, the
// thermal store linked slice to slice — reproduces the full series
// exactly, losses or not, and the schedule obeys the physics.
func TestHeatEveryStepItsOwnSlice(t *testing.T) {
	for _, loss := range []float64{0, 5e-3} {
		p, set := heatWeek(t, 3, loss)
		opt := plan.DefaultOptions()
		full := newModel(t, p, set, opt)
		opt.Slices = set.Len
		sliced := newModel(t, p, set, opt)
		for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon} {
			fd, err := full.Plan(st)
			require.NoError(t, err, "loss %g %s", loss, st)
			sd, err := sliced.Plan(st)
			require.NoError(t, err, "loss %g %s", loss, st)
			require.NoError(t, sd.Schedule.Check(sd.Park), "loss %g %s", loss, st)
			assert.InDelta(t, fd.TotalCostPerYear, sd.TotalCostPerYear, 1e-6*fd.TotalCostPerYear, "loss %g %s", loss, st)
		}
	}
}

// TestThermalStoreAcrossDays: six days alternate between cheap power and
// no heat load, and dear power with 100 kW_th of heat all day. Two
// representative days (one of each, weight 3) stand for them exactly. A
// heat pump of COP 3 makes heat at 0.02/3 a kWh_th on a cheap day, gas
// at 0.108/0.9 = 0.12 on a dear day (the pump at 0.30/3 = 0.10): the
// best use of a store is to fill it on the cheap day and empty it the
// next — possible only if its content is carried from one representative
// day into the other across the calendar. A store costing 1 USD per
// kWh_th a year saves 365/2 × (0.12 − 0.02/3) = 20.7 a year per kWh_th
// moved, so the plan adds the 2,400 kWh_th a dear day needs, span
// 0.9: 2,400/0.9 kWh_th. Cost a year by hand: the store, then per pair
// of days 50 kW × 24 h at 0.02 and at 0.30 plus 2,400/3 kWh at 0.02.
func TestThermalStoreAcrossDays(t *testing.T) {
	const days, n = 6, 6 * 24
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 50), pvPerKWp: make([]float64, n),
		carbon: flat(n, 0.4), price: make([]float64, n), importKW: 1000, noWind: true, noBattery: true}
	heat := make([]float64, n)
	for i := range n {
		f.price[i] = 0.02
		if (i/24)%2 == 1 {
			f.price[i], heat[i] = 0.30, 100
		}
	}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		ThermalStorage: &model.ThermalStorageEconomics{CapitalPerKWhTh: ptr(20), FixedOMPerKWhThYear: ptr(0),
			LifetimeYears: ptr(20), MaxTotalKWhTh: 10000}}
	f.heat = &heatSide{loadKWTh: heat, gasPricePerKWh: 0.108,
		hp:    &model.HeatPump{Name: "hp", CapacityKWTh: 200, COP: 3},
		store: &model.ThermalStorage{Name: "tank", MinSoCFraction: 0.05, MaxSoCFraction: 0.95, InitialSoCFraction: 0.5}}
	p, set := f.build(t)
	opt := plan.DefaultOptions()
	opt.Periods, opt.PeriodLength = 2, 24*time.Hour
	m := newModel(t, p, set, opt)
	red := m.Reduction()
	require.NotNil(t, red)
	assert.Equal(t, []int{3, 3}, red.Weights)

	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	const moved = 2400.0
	added := moved / 0.9
	assert.InDelta(t, added, d.Added(plan.TechThermalStorage), 1e-6*added, "the store is sized for a dear day")
	year := 365.0 / days
	want := added*20/20 + year*3*(50*24*0.02+50*24*0.30+moved/3*0.02)
	assert.InDelta(t, want, d.TotalCostPerYear, 1e-6*want)
	assert.Zero(t, d.FuelCostPerYear, "no gas: the store carries the cheap day's heat")
	// On the calendar the store is full at every cheap day's end and empty
	// (at its minimum) at every dear day's: its content crosses midnight.
	s, minKWh := d.Schedule, 0.05*added
	require.NoError(t, s.Check(d.Park))
	for day := range days {
		end := s.HeatSoCKWhTh[0][24*day+23]
		if day%2 == 0 {
			assert.InDelta(t, minKWh+moved, end, 1e-6*added, "day %d ends full", day)
		} else {
			assert.InDelta(t, minKWh, end, 1e-6*added, "day %d ends empty", day)
		}
	}

	// The full series agrees: the days repeat exactly, so the two
	// representatives lose nothing.
	opt.Periods = 0
	full := newModel(t, p, set, opt)
	fd, err := full.Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.InDelta(t, fd.TotalCostPerYear, d.TotalCostPerYear, 1e-6*want)
	ev, err := full.Evaluate(d)
	require.NoError(t, err)
	assert.InDelta(t, d.TotalCostPerYear, ev.TotalCostPerYear, 1e-6*want)
}
