package plan_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// chpSinkPark is dispatch's TestPerfectForesightCHPWithoutASink park as a
// plan sees it: four hours, a load of 20 kW, a heat load of 70 kW_th
// that a CHP (100 kW, η_el 0.35, η_th 0.49: 1.4 kW_th per kW) alone can
// serve, running at 50 kW; a grid that imports (free) and exports
// nothing; a battery of 200 kWh, 400 kW, η 0.95 each way, 10–90 %, from
// 50 %. 30 kW a hour, 120 kWh in all, has nowhere to go but the battery.
// Nothing is worth adding (PV has no sun).
func chpSinkPark(t *testing.T) (*model.Park, *model.SeriesSet) {
	const n = 4
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 20), pvPerKWp: make([]float64, n), carbon: flat(n, 0.5),
		price: make([]float64, n), importKW: 1000, exportKW: 0, noWind: true, batKWh: 200, batKW: 400, wearPerKWh: 0.01}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		PV: &model.PVEconomics{CapitalPerKWp: ptr(1000), FixedOMPerKWpYear: ptr(10), LifetimeYears: ptr(20), MaxTotalKWp: 100}}
	f.heat = &heatSide{loadKWTh: flat(n, 70), gasPricePerKWh: chpGasPrice}
	p, set := f.build(t)
	p.FuelBoilers = nil
	p.CHP = []model.CHP{{Name: "chp", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.49, Fuel: "natural_gas"}}
	require.NoError(t, p.ValidateWith(set))
	return p, set
}

const chpGasPrice = 0.03 // per kWh of LHV

// TestCHPWithoutASink: the plan's LP burns the CHP's surplus by charging
// and discharging the battery at once (no battery can); the design's
// schedule is settled from there, so the battery takes what room it has
// and the CHP comes down by the rest, its heat unserved. Hand: from a
// start of E kWh the battery takes (180 − E)/0.95 kWh at the bus (E =
// 100 with valued storage: 84.21 kWh, as the dispatch test), at most
// 120; the CHP makes 4 × 20 + that, and 1.4 kWh_th per kWh of what it
// does not. Every figure is the settled schedule's, through Roadmap (its
// today) and Evaluate.
func TestCHPWithoutASink(t *testing.T) {
	for _, end := range []plan.StorageEnd{plan.Cyclic, plan.Valued} {
		t.Run(end.String(), func(t *testing.T) {
			p, set := chpSinkPark(t)
			opt := plan.DefaultOptions()
			opt.Storage = end
			m, err := plan.New(p, set, opt)
			require.NoError(t, err)
			defer m.Close()
			rm, err := m.Roadmap()
			require.NoError(t, err)
			today := rm.Today
			checkCHPSink(t, today, end)
			require.NotEmpty(t, rm.Warnings)
			assert.Contains(t, rm.Warnings[0], "today: ")
			for i, d := range rm.Stages {
				if d == nil {
					assert.True(t, errors.Is(rm.Unreachable[i], plan.ErrUnreachable), "%v", rm.Unreachable[i])
					continue
				}
				// A stage's design is settled too, and says so where it
				// falls below its target.
				require.NoError(t, d.Schedule.Check(d.Park))
				assert.Zero(t, d.Report.Energy.AtOnceIntervals)
				if d.Stage.Rank() < d.Target.Rank() {
					assert.Positive(t, d.AtOnceIntervals)
					assert.Contains(t, d.Warnings[len(d.Warnings)-1], "planned for "+string(d.Target))
				}
			}
			ev, err := m.Evaluate(today)
			require.NoError(t, err)
			checkCHPSink(t, ev, end)
			assert.InDelta(t, today.TotalCostPerYear, ev.TotalCostPerYear, 1e-6*today.TotalCostPerYear)
		})
	}
}

// checkCHPSink checks d, today's design of chpSinkPark, by hand.
func checkCHPSink(t *testing.T, d *plan.Design, end plan.StorageEnd) {
	t.Helper()
	s := d.Schedule
	require.NoError(t, s.Check(d.Park), "a schedule the park can carry out")
	assert.Positive(t, d.AtOnceIntervals, "the LP burnt the surplus in the battery")
	require.Len(t, d.Warnings, 1)
	assert.Contains(t, d.Warnings[0], "charged and discharged a battery at once")
	e := d.Report.Energy
	assert.Zero(t, e.AtOnceIntervals)
	startKWh := s.InitialSoCKWh[0]
	if end == plan.Valued {
		assert.InDelta(t, 100, startKWh, 1e-6)
	}
	room := min((180-startKWh)/0.95, 120) // kWh the battery takes at the bus
	assert.InDelta(t, room, e.Charge, 1e-6)
	assert.Zero(t, e.Discharge)
	assert.InDelta(t, startKWh+room*0.95, s.FinalSoCKWh(0), 1e-6)
	chpKWh := 0.0
	for i := range s.Len {
		chpKWh += s.CHPKW[0][i]
	}
	assert.InDelta(t, 4*20+room, chpKWh, 1e-6, "the CHP makes the load and what the battery takes")
	h := d.Report.Heat
	require.NotNil(t, h)
	assert.InDelta(t, (120-room)*1.4, h.UnservedKWhTh, 1e-6)
	assert.InDelta(t, 4*70, h.UnservedKWhTh+chpKWh*1.4, 1e-6, "heat served + unserved = heat load")
	// Money per year: a year is 8760/4 periods. Fuel: the CHP's kWh /
	// η_el at the gas price; wear: 0.01 per kWh charged; nothing imported.
	k := 8760.0 / 4
	assert.InDelta(t, chpKWh/0.35*chpGasPrice*k, d.FuelCostPerYear, 1e-6)
	assert.InDelta(t, 0.01*room*k, d.WearCostPerYear, 1e-6)
	assert.Zero(t, d.ImportCostPerYear)
	assert.InDelta(t, d.FuelCostPerYear+d.WearCostPerYear, d.TotalCostPerYear, 1e-6)
	// The baseline: the load from the grid, the heat by direct electric
	// heating (the park has no boiler), 0.5 kg/kWh. With heat unserved
	// beyond the tolerance the park is conventional; with all of it
	// served the CHP's gas is more than 30 % below that baseline.
	assert.InDelta(t, 4*20*0.5+4*70*0.5, d.Report.BaselineKgCO2e, 1e-9)
	want := dispatch.Conventional
	if h.UnservedKWhTh <= 0.001*4*70 {
		gas, _ := d.Park.Fuel("natural_gas")
		require.Less(t, chpKWh/0.35*gas.KgCO2ePerKWhLHV, 0.7*d.Report.BaselineKgCO2e)
		want = dispatch.LowCarbon
	}
	assert.Equal(t, want, d.Stage)
}
