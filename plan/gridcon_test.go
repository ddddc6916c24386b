package plan_test

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// gridDay is the grid connection's hand case: one day, a flat load of
// 300 kW behind a 200 kW connection, nothing else to add (no PV output,
// no battery), import at 0.10 USD/kWh, unserved load at 1 USD/kWh. The
// connection costs capital USD/kW over 20 years at a discount rate of 0,
// no O&M: capital/20 a kW a year, up to 1,000 kW in all.
func gridDay(tb testing.TB, capital float64, exportKW float64) (*model.Park, *model.SeriesSet) {
	f := &fixture{n: 24, step: time.Hour, loadKW: flat(24, 300), pvPerKWp: flat(24, 0), carbon: flat(24, 0.5),
		price: flat(24, 0.10), importKW: 200, exportKW: exportKW, noWind: true, noBattery: true}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		GridConnection: &model.GridConnectionEconomics{CapitalPerKW: ptr(capital), LifetimeYears: ptr(20), MaxTotalKW: 1000}}
	return f.build(tb)
}

// gridOptions value lost load at 1 USD/kWh.
func gridOptions() plan.Options {
	opt := plan.DefaultOptions()
	opt.ValueOfLostLoadPerKWh = 1
	return opt
}

// TestHandGridConnection checks the connection the plan adds against the
// arithmetic. One kW more of connection serves 24 kWh a day that would
// go unserved: it saves the value of lost load and costs the import
// price and the dispatch's throughput tie-break (1e-4 USD/kWh, package
// dispatch), 24 × (1 − 0.10 − 0.0001) = 21.5976 USD a day, 7,883.124
// USD a year. An annuity below that adds exactly load − limit = 100 kW
// (more would carry nothing); above it, nothing.
func TestHandGridConnection(t *testing.T) {
	const breakEvenPerKWYear = 365 * 24 * (1 - 0.10 - 1e-4) // 7,883.124
	t.Run("cheaper than the load it serves", func(t *testing.T) {
		// capital/20 = 0.99 × the break-even.
		p, set := gridDay(t, 20*0.99*breakEvenPerKWYear, 0)
		m := newModel(t, p, set, gridOptions())
		today, err := m.Today()
		require.NoError(t, err)
		assert.InDelta(t, 100*24*365, today.UnservedKWhPerYear, 1e-6, "today sheds 100 kW all day")
		d, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, 100, d.Added(plan.TechGrid), 1e-6)
		assert.InDelta(t, 0, d.UnservedKWhPerYear, 1e-6)
		// Capital a year: 100 kW × 0.99 × 7,883.124; energy 300 kW × 24 h
		// × 365 × 0.10 = 262,800.
		assert.InDelta(t, 100*0.99*breakEvenPerKWYear, d.CapitalPerYear, 1e-6)
		assert.InDelta(t, 262800, d.EnergyCostPerYear, 1e-6)
		assert.InDelta(t, 300, d.Park.Grid.ImportLimitKW, 1e-9, "the design park carries the raised limit")
		assert.Zero(t, d.Park.Grid.ExportLimitKW, "an export limit below the import limit stays")
		var a *plan.Addition
		for i := range d.Additions {
			if d.Additions[i].Tech == plan.TechGrid {
				a = &d.Additions[i]
			}
		}
		require.NotNil(t, a)
		assert.Equal(t, "grid", a.Asset)
		assert.Equal(t, "kW", a.Unit)
		assert.InDelta(t, 200, a.Existing, 1e-12)
		assert.InDelta(t, 300, a.Total, 1e-6)
	})
	t.Run("dearer than the load it serves", func(t *testing.T) {
		p, set := gridDay(t, 20*1.01*breakEvenPerKWYear, 0)
		m := newModel(t, p, set, gridOptions())
		d, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.Zero(t, d.Added(plan.TechGrid))
		assert.InDelta(t, 100*24*365, d.UnservedKWhPerYear, 1e-6)
		assert.InDelta(t, 200, d.Park.Grid.ImportLimitKW, 1e-12)
	})
	t.Run("the export limit rises when it equals the import limit", func(t *testing.T) {
		p, set := gridDay(t, 1000, 200)
		m := newModel(t, p, set, gridOptions())
		d, err := m.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, 100, d.Added(plan.TechGrid), 1e-6)
		assert.InDelta(t, 300, d.Park.Grid.ImportLimitKW, 1e-9)
		assert.InDelta(t, 300, d.Park.Grid.ExportLimitKW, 1e-9)
		// 100 kW × 1000/20 = 5,000 a year of capital.
		assert.InDelta(t, 5000, d.CapitalPerYear, 1e-6)
		ac, err := plan.CostOfAdding(p, d.Park)
		require.NoError(t, err)
		assert.InDelta(t, d.CapitalPerYear, ac.CapitalPerYear, 1e-9, "a sweep prices the design as the plan does")
	})
	t.Run("whole 50 kW steps up to 305 kW", func(t *testing.T) {
		// Two steps, 300 kW; the 5 kW left below the bound hold no step,
		// so the design park's bound is its limit (no candidate left) and
		// the park reads back.
		p, set := gridDay(t, 1000, 0)
		p.Economics.GridConnection.MaxTotalKW, p.Economics.GridConnection.UnitKW = 305, 50
		d, err := newModel(t, p, set, gridOptions()).Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, 100, d.Added(plan.TechGrid), 1e-9)
		assert.Equal(t, 300.0, d.Park.Economics.GridConnection.MaxTotalKW)
		assert.Equal(t, 305.0, p.Economics.GridConnection.MaxTotalKW, "today's park is left alone")
		require.NoError(t, d.Park.ValidateWith(set))
	})
}

// TestGridDesignParkReruns: the design park, written and read back as
// `zeropark plan` writes it, dispatched by package dispatch at least cost
// (`zeropark run --objective cost`), costs what the plan's schedule
// costs: the raised limit is in the file.
func TestGridDesignParkReruns(t *testing.T) {
	p, set := gridDay(t, 1000, 200)
	m := newModel(t, p, set, gridOptions())
	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, d.Park.WriteJSON(&buf))
	back, err := model.ReadParkJSON(&buf, "park-conventional.json")
	require.NoError(t, err)
	assert.InDelta(t, 300, back.Grid.ImportLimitKW, 1e-9)
	prof, cfg, _ := costOptimal(t, back, set)
	cfg.ValueOfLostLoadPerKWh = 1
	run, err := dispatch.PerfectForesight(back, prof, cfg)
	require.NoError(t, err)
	require.NoError(t, run.Schedule.Check(back))
	planned, rerun := costMetric(t, back, prof, d.Schedule, cfg), costMetric(t, back, prof, run.Schedule, cfg)
	// 300 kW × 24 h × 0.10 = 720 USD over the day, nothing unserved.
	assert.InDelta(t, 720, planned, 1e-6)
	assert.InDelta(t, planned, rerun, 1e-6)
	assert.InDelta(t, 0, run.Report.UnservedKWh, 1e-9)
}

// peakFixture is two days of an evening peak: 150 kW all day, rising
// linearly to 400 kW at 19:00 and back over four hours either side,
// behind a 200 kW connection, with a battery (0 today) and the connection
// as candidates. Shaving the peak's tip takes little energy, its base
// much: a battery is cheaper for the first kW cut, the connection for
// the rest.
func peakFixture(tb testing.TB, gridCapital float64, demand float64, unitKW float64) (*model.Park, *model.SeriesSet) {
	n := 48
	load := make([]float64, n)
	for i := range load {
		h := float64(i % 24)
		load[i] = 150 + 250*math.Max(0, 1-math.Abs(h-19)/4)
	}
	f := &fixture{n: n, step: time.Hour, loadKW: load, pvPerKWp: flat(n, 0), carbon: flat(n, 0.5), price: flat(n, 0.10),
		importKW: 200, exportKW: 200, noWind: true, demandPerKWMonth: demand}
	f.econ = &model.Economics{Currency: "USD",
		Battery:        &model.BatteryEconomics{MaxTotalKWh: 4000, MaxTotalKW: 400},
		GridConnection: &model.GridConnectionEconomics{CapitalPerKW: ptr(gridCapital), MaxTotalKW: 600, UnitKW: unitKW}}
	return f.build(tb)
}

// TestGridAgainstBattery: the connection and a battery compete for the
// same peak. HiGHS and the interior-point oracle find the same cost, and
// a brute force over connection sizes — each size a park of its own with
// only the battery to add, its connection's annuity added by hand — finds
// no cheaper design; at the plan's own size it finds the plan's cost.
func TestGridAgainstBattery(t *testing.T) {
	// Without a demand charge a kW of connection at 2,000 USD (160 a
	// year) beats the battery's 137 a kW beyond the peak's top hour (power
	// 101.7 and 1.32 kWh at 26.5: the next hours need 5 kWh a kW more);
	// with 15 USD/kW-month every kW imported at the peak costs 180 a year
	// more, and the battery takes the top four hours.
	for _, demand := range []float64{0, 15} {
		p, set := peakFixture(t, 2000, demand, 0)
		opt := gridOptions()
		opt.ValueOfLostLoadPerKWh = 5
		hm := newModel(t, p, set, opt)
		d, err := hm.Plan(dispatch.Conventional)
		require.NoError(t, err)
		require.NoError(t, d.Schedule.Check(d.Park))
		addGrid, addBat := d.Added(plan.TechGrid), d.Added(plan.TechBatteryPower)
		t.Logf("demand charge %g: grid +%.3f kW, battery +%.3f kW / +%.3f kWh, total %.3f a year",
			demand, addGrid, addBat, d.Added(plan.TechBatteryEnergy), d.TotalCostPerYear)
		assert.Greater(t, addGrid, 1.0, "the connection is raised")
		assert.Greater(t, addBat, 1.0, "and a battery shaves the tip")
		assert.Less(t, addGrid, 200.0, "not the whole peak")

		opt.Backend = lptest.IPMBackend{}
		om := newModel(t, p, set, opt)
		od, err := om.Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, od.TotalCostPerYear, d.TotalCostPerYear, 1e-6*od.TotalCostPerYear, "HiGHS against the oracle")

		// Brute force: the connection held at 200 + x kW, the battery free.
		c, err := p.CapacityCosts()
		require.NoError(t, err)
		perKW := c.Grid.AnnualisedPerUnitYear(c.DiscountRatePerYear)
		at := func(x float64) float64 {
			q := *p
			e := *p.Economics
			e.GridConnection = nil
			q.Economics, q.Grid.ImportLimitKW, q.Grid.ExportLimitKW = &e, 200+x, 200+x
			fd, err := newModel(t, &q, set, opt0(opt)).Plan(dispatch.Conventional)
			require.NoError(t, err)
			return fd.TotalCostPerYear + perKW*x
		}
		best := math.Inf(1)
		for x := 0.0; x <= 200; x += 20 {
			best = math.Min(best, at(x))
		}
		assert.GreaterOrEqual(t, best, d.TotalCostPerYear*(1-1e-7), "no connection size on the grid is cheaper")
		assert.InDelta(t, d.TotalCostPerYear, at(addGrid), 1e-6*d.TotalCostPerYear, "the plan's size, held, costs the plan's total")
	}
}

// opt0 is opt on HiGHS.
func opt0(opt plan.Options) plan.Options {
	opt.Backend = nil
	return opt
}

// TestGridReductionsAndUnits: the connection works through what reuses
// the build. Two identical days as two representative days, and each
// step its own chronological slice, give the full series' design; whole
// 50 kW steps give the better of the two steps either side of the
// continuous answer, each held with the battery free; a frontier's points
// each carry their raised limit into the design park.
func TestGridReductionsAndUnits(t *testing.T) {
	p, set := peakFixture(t, 2000, 0, 0)
	opt := gridOptions()
	opt.ValueOfLostLoadPerKWh = 5
	full, err := newModel(t, p, set, opt).Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.InDelta(t, 137.5, full.Added(plan.TechGrid), 1e-6, "the battery takes the top hour, 62.5 kW")

	fullModel := newModel(t, p, set, opt)
	for name, o := range map[string]plan.Options{
		"two representative days": func() plan.Options { o := opt; o.Periods, o.PeriodLength = 2, 24*time.Hour; return o }(),
		"every step a slice":      func() plan.Options { o := opt; o.Slices = 48; return o }(),
	} {
		d, err := newModel(t, p, set, o).Plan(dispatch.Conventional)
		require.NoError(t, err, name)
		ev, err := fullModel.Evaluate(d)
		require.NoError(t, err, name)
		assert.InDelta(t, d.TotalCostPerYear, ev.TotalCostPerYear, 1e-6*d.TotalCostPerYear, "%s: evaluated over the full series", name)
		assert.InDelta(t, full.Added(plan.TechGrid), d.Added(plan.TechGrid), 1e-6, name)
		assert.InDelta(t, full.TotalCostPerYear, d.TotalCostPerYear, 1e-6*full.TotalCostPerYear, name)
		assert.InDelta(t, 337.5, d.Park.Grid.ImportLimitKW, 1e-6, name)
	}

	held := func(x float64) float64 {
		c, err := p.CapacityCosts()
		require.NoError(t, err)
		q := *p
		e := *p.Economics
		e.GridConnection = nil
		q.Economics, q.Grid.ImportLimitKW, q.Grid.ExportLimitKW = &e, 200+x, 200+x
		d, err := newModel(t, &q, set, opt).Plan(dispatch.Conventional)
		require.NoError(t, err)
		return d.TotalCostPerYear + x*c.Grid.AnnualisedPerUnitYear(c.DiscountRatePerYear)
	}
	pu, setu := peakFixture(t, 2000, 0, 50)
	d, err := newModel(t, pu, setu, opt).Plan(dispatch.Conventional)
	require.NoError(t, err)
	g := d.Added(plan.TechGrid)
	assert.InDelta(t, math.Round(g/50)*50, g, 1e-9, "whole 50 kW steps")
	assert.InDelta(t, math.Min(held(100), held(150)), d.TotalCostPerYear, 1e-6*d.TotalCostPerYear, "the better of 100 and 150 kW")
	for _, a := range d.Additions {
		if a.Tech == plan.TechGrid {
			assert.Equal(t, 50.0, a.UnitSize)
			assert.Equal(t, int(math.Round(g/50)), a.Units)
		}
	}

	fr, err := newModel(t, p, set, opt).Frontier(4)
	require.NoError(t, err)
	for i, pt := range fr.Points {
		assert.InDelta(t, 200+pt.Design.Added(plan.TechGrid), pt.Design.Park.Grid.ImportLimitKW, 1e-9, "point %d", i)
		if i > 0 {
			assert.GreaterOrEqual(t, pt.Design.TotalCostPerYear, fr.Points[i-1].Design.TotalCostPerYear*(1-1e-9), "cost rises as the bound tightens")
		}
	}
}

// TestGridConnectionUnreachable: a connection that may reach only 250 kW
// under a flat 300 kW load sheds 50/300 of it at best, so low-carbon is
// out of reach; the diagnosis names the unserved load and the connection
// at its bound among the levers, and an evaluation of a design held at
// 220 kW names the limit it was held at and sheds 80/300.
func TestGridConnectionUnreachable(t *testing.T) {
	p, set := gridDay(t, 1000, 0)
	p.Economics.GridConnection.MaxTotalKW = 250
	m := newModel(t, p, set, gridOptions())
	_, err := m.Plan(dispatch.LowCarbon)
	var ue *plan.UnreachableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "unserved load", ue.Indicator)
	// 50 kW of 300 kW shed all day: 16.67 % of the load.
	assert.InDelta(t, 100*50.0/300, ue.Best, 1e-6)
	assert.Contains(t, ue.Bounds, "grid import limit up to 250 kW (its bound)")

	today, err := m.Today()
	require.NoError(t, err)
	d := *today
	d.Target = dispatch.LowCarbon
	d.Additions = append([]plan.Addition(nil), today.Additions...)
	for i := range d.Additions {
		if d.Additions[i].Tech == plan.TechGrid {
			d.Additions[i].Added = 20
		}
	}
	_, err = m.Evaluate(&d)
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, ue.Bounds, "grid import limit 220 kW")
	assert.InDelta(t, 100*80.0/300, ue.Best, 1e-6)
}
