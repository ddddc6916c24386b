package plan_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// windDay is the hand case of whole turbines: one day, a flat load of 65
// kW, wind only (today 0 kW) giving 0.5 kW per kW all day, no export, the
// import at price per kWh and 0.5 kgCO2e/kWh. Wind costs 1000 USD/kW and
// 10 USD/kW a year over 20 years at a discount rate of 0: 60 USD per kW a
// year. Turbines of unitKW (0: any amount), at most 300 kW in all.
func windDay(tb testing.TB, price, unitKW float64) (*model.Park, *model.SeriesSet) {
	n := 24
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 65), pvPerKWp: make([]float64, n), windPerKW: flat(n, 0.5),
		carbon: flat(n, 0.5), price: flat(n, price), importKW: 1000, exportKW: 0, noBattery: true}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		Wind: &model.WindEconomics{CapitalPerKW: ptr(1000), FixedOMPerKWYear: ptr(10), LifetimeYears: ptr(20),
			MaxTotalKW: 300, UnitKW: unitKW}}
	return f.build(tb)
}

// TestHandWholeTurbines: any amount of wind, the plan builds 130 kW
// (0.5 × 130 = 65 kW covers the load; more would be curtailed), 1.3
// turbines of 100 kW. With whole turbines the arithmetic of the day, a
// year: none, 65 kW × 8760 h × price; one, 6,000 USD + 15 kW × 8760 h ×
// price; two, 12,000 USD and no import. At 0.10 USD/kWh two turbines
// (12,000 against 19,140) — rounding up; at 0.03 one (9,942 against
// 12,000 and 17,082) — rounding down.
func TestHandWholeTurbines(t *testing.T) {
	for _, tc := range []struct {
		price      float64
		units      int
		totalPerYr float64
	}{
		{0.10, 2, 12000},
		{0.03, 1, 6000 + 15*8760*0.03},
	} {
		p, set := windDay(t, tc.price, 0)
		cont, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, 130, cont.Added(plan.TechWind), 1e-6, "any amount: 1.3 turbines")
		assert.Zero(t, cont.Additions[0].Units)

		p, set = windDay(t, tc.price, 100)
		d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
		require.NoError(t, err)
		a := d.Additions[0]
		assert.Equal(t, tc.units, a.Units, "price %v", tc.price)
		assert.Equal(t, 100.0, a.UnitSize)
		assert.Equal(t, float64(tc.units)*100, a.Added, "whole turbines, exactly")
		assert.Equal(t, float64(tc.units)*100, d.Park.Wind[0].CapacityKW, "the design park's turbines are whole")
		assert.InDelta(t, tc.totalPerYr, d.TotalCostPerYear, 1e-3, "price %v", tc.price)
		assert.Greater(t, d.TotalCostPerYear, cont.TotalCostPerYear, "whole turbines cost more than any amount")
		assert.Positive(t, d.SolveSeconds)
		require.NoError(t, d.Park.Validate(), "the design park is a park")
	}
}

// TestOneWholeUnitRoom: a turbine site with room for exactly one unit
// (today 0 kW, max_total_kw = unit_kw = 300) is a valid park (Validate
// accepts it) and the plan must take it: at 0.10 USD/kWh one 300 kW
// turbine (18,000 USD a year) replaces 65 kW × 8760 h × 0.10 = 56,940 USD
// of import. The plan once read the availability from a copy of the park
// with every turbine at 1 kW, which left 299 kW of room, and refused the
// park: "no whole unit fits … above today's 1 kW".
func TestOneWholeUnitRoom(t *testing.T) {
	p, set := windDay(t, 0.10, 300)
	require.NoError(t, p.Validate(), "one whole unit fits the room")
	d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Equal(t, 1, d.Additions[0].Units)
	assert.Equal(t, 300.0, d.Park.Wind[0].CapacityKW)
}

// TestWholeUnitsSolvers: the plan's branch and bound runs on any backend
// (gonum's simplex, whose relaxations are vertices, and the interior
// point, whose are not, give the same design as HiGHS); HiGHS's own MIP
// (Options.HiGHSMIP) needs a backend that solves integer columns, and the
// oracle is refused rather than its relaxation returned.
func TestWholeUnitsSolvers(t *testing.T) {
	p, set := windDay(t, 0.03, 100)
	want, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
	require.NoError(t, err)

	opt := plan.DefaultOptions()
	for _, be := range []lp.Backend{lptest.Backend{}, lptest.IPMBackend{}} {
		opt.Backend = be
		d, err := newModel(t, p, set, opt).Plan(dispatch.Conventional)
		require.NoError(t, err, be.Name())
		assert.Equal(t, want.Additions[0].Units, d.Additions[0].Units, be.Name())
		assert.InDelta(t, want.TotalCostPerYear, d.TotalCostPerYear, 1e-6, be.Name())

		mip := opt
		mip.HiGHSMIP = true
		_, err = plan.New(p, set, mip)
		require.ErrorIs(t, err, lp.ErrNoIntegers, be.Name())
		assert.Contains(t, err.Error(), "economics.wind.unit_kw")
	}

	opt = plan.DefaultOptions()
	opt.HiGHSMIP = true
	d, err := newModel(t, p, set, opt).Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Equal(t, want.Additions[0].Units, d.Additions[0].Units)

	opt.MIPGap = 1
	_, err = plan.New(p, set, opt)
	var ie *plan.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "Options.MIPGap", ie.Field)
}

// TestWholeUnitsEvaluate: a design of whole units evaluates; one that is
// not (a continuous design's 130 kW against 100 kW turbines) is an input
// error naming the addition.
func TestWholeUnitsEvaluate(t *testing.T) {
	p, set := windDay(t, 0.10, 100)
	m := newModel(t, p, set, plan.DefaultOptions())
	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	e, err := m.Evaluate(d)
	require.NoError(t, err)
	assert.InDelta(t, d.TotalCostPerYear, e.TotalCostPerYear, 1e-6)
	d.Additions[0].Added = 130
	_, err = m.Evaluate(d)
	var ie *plan.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Error(), "whole units of 100 kW")
}

// unitsFixture is a random park whose candidates all come in whole
// units, in a small box: PV 0–3 blocks of 500 kWp, wind 0–3 turbines of
// 400 kW, battery 0–2 blocks of 1,000 kWh with 250 kW.
func unitsFixture(t *testing.T, seed uint64) (*model.Park, *model.SeriesSet) {
	return unitsFixtureOver(t, seed, 48)
}

// unitsFixtureOver is unitsFixture over steps hours.
func unitsFixtureOver(t *testing.T, seed uint64, steps int) (*model.Park, *model.SeriesSet) {
	rng := rand.New(rand.NewPCG(seed, 3))
	f := randomFixture(rng, steps)
	f.econ = &model.Economics{Currency: "USD",
		PV:      &model.PVEconomics{MaxTotalKWp: 100 + 1500, UnitKWp: 500},
		Wind:    &model.WindEconomics{MaxTotalKW: 1200, UnitKW: 400},
		Battery: &model.BatteryEconomics{MaxTotalKWh: 2000, MaxTotalKW: 500, UnitKWh: 1000, UnitKW: 250}}
	return f.build(t)
}

// TestWholeUnitsAgainstEnumeration checks the MIP against an answer it
// has no part in: every count of every candidate's units in the box,
// fixed in turn (Evaluate: plain LP solves), the cheapest that reaches
// the stage. The plan's cost must equal it (within the MIP gap), for
// every stage and several seeds, and a stage no count reaches must be
// out of reach for the plan too.
func TestWholeUnitsAgainstEnumeration(t *testing.T) {
	opt := plan.DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e, opt.Ledger.CertificatePricePerMWh = 150, 40
	opt.MIPGap = 1e-9
	stages := []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon, dispatch.ZeroCarbon}
	var reached, unreachable, cutOff int
	for seed := uint64(1); seed <= 3; seed++ {
		p, set := unitsFixture(t, seed)
		m := newModel(t, p, set, opt)
		// HiGHS's own MIP answers each stage too (Options.HiGHSMIP).
		hopt := opt
		hopt.HiGHSMIP = true
		hm := newModel(t, p, set, hopt)
		today, err := m.Today()
		require.NoError(t, err)
		for _, stage := range stages {
			best, found := math.Inf(1), false
			for pv := 0; pv <= 3; pv++ {
				for wind := 0; wind <= 3; wind++ {
					for bat := 0; bat <= 2; bat++ {
						d := *today
						d.Target = stage
						d.Additions = append([]plan.Addition(nil), today.Additions...)
						for i := range d.Additions {
							a := &d.Additions[i]
							switch a.Tech {
							case plan.TechPV:
								a.Added = 500 * float64(pv)
							case plan.TechWind:
								a.Added = 400 * float64(wind)
							case plan.TechBatteryEnergy:
								a.Added = 1000 * float64(bat)
							case plan.TechBatteryPower:
								a.Added = 250 * float64(bat)
							}
						}
						e, err := m.EvaluateUndiagnosed(&d)
						if errors.Is(err, plan.ErrUnreachable) {
							continue
						}
						require.NoError(t, err, "seed %d %s pv %d wind %d bat %d", seed, stage, pv, wind, bat)
						if e.TotalCostPerYear < best {
							best, found = e.TotalCostPerYear, true
						}
					}
				}
			}
			for _, mm := range []*plan.Model{m, hm} {
				d, err := mm.Plan(stage)
				if !found {
					require.ErrorIs(t, err, plan.ErrUnreachable, "seed %d %s: no count reaches it", seed, stage)
					unreachable++
					continue
				}
				require.NoError(t, err, "seed %d %s", seed, stage)
				assert.InDelta(t, best, d.TotalCostPerYear, 1e-6*math.Max(1, best), "seed %d %s", seed, stage)
				if mm == m {
					cutOff += d.UnitSearch.CutOff
				}
				for _, a := range d.Additions {
					assert.Equal(t, float64(a.Units)*a.UnitSize, a.Added, "seed %d %s %s: whole units", seed, stage, a.Tech)
				}
				reached++
			}
		}
	}
	t.Logf("%d stages reached, %d out of reach, %d nodes cut off", reached, unreachable, cutOff)
	assert.GreaterOrEqual(t, reached, 12, "the test must exercise stages above conventional")
	assert.Positive(t, cutOff, "the test must exercise the cut-off at the incumbent's cost")
}

// TestWholeUnitsEverywhere: the roadmap, the frontier, representative
// periods and chronological slices all give designs of whole units (the
// frontier's least residual is a MIP too, so its last point is
// reachable), their design parks included, and the roadmap's costs do
// not fall from stage to stage.
func TestWholeUnitsEverywhere(t *testing.T) {
	p, set := unitsFixture(t, 1)
	whole := func(t *testing.T, d *plan.Design, what string) {
		t.Helper()
		require.NotNil(t, d, what)
		var windKW float64
		for _, a := range d.Additions {
			assert.Equal(t, float64(a.Units)*a.UnitSize, a.Added, "%s %s", what, a.Tech)
			assert.Positive(t, a.UnitSize)
		}
		for _, w := range d.Park.Wind {
			windKW += w.CapacityKW
		}
		assert.Zero(t, math.Mod(windKW, 400), "%s: the design park's turbines are whole", what)
	}
	for _, tc := range []struct {
		name string
		edit func(o *plan.Options)
	}{
		{"full series", func(*plan.Options) {}},
		{"two typical days", func(o *plan.Options) { o.Periods = 2 }},
		{"twelve slices", func(o *plan.Options) { o.Slices = 12 }},
		{"two solver instances", func(o *plan.Options) { o.Solvers = 2 }},
		{"HiGHS's MIP", func(o *plan.Options) { o.HiGHSMIP = true }},
		{"HiGHS's MIP over slices", func(o *plan.Options) { o.HiGHSMIP, o.Slices = true, 12 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := plan.DefaultOptions()
			opt.Ledger.OffsetPricePerTCO2e = 150
			tc.edit(&opt)
			m := newModel(t, p, set, opt)
			r, err := m.Roadmap()
			require.NoError(t, err)
			whole(t, r.Today, "today")
			last := math.Inf(-1) // today is no design of the roadmap's: building may pay
			for i, d := range r.Stages {
				if d == nil {
					continue
				}
				whole(t, d, string(plan.RoadmapStages()[i]))
				assert.GreaterOrEqual(t, d.TotalCostPerYear, last*(1-1e-6), "costs never fall along the roadmap")
				last = d.TotalCostPerYear
			}
			f, err := m.Frontier(4)
			require.NoError(t, err)
			for i, pt := range f.Points {
				whole(t, pt.Design, "frontier point")
				if i > 0 {
					assert.GreaterOrEqual(t, pt.Design.TotalCostPerYear, f.Points[i-1].Design.TotalCostPerYear*(1-1e-6),
						"a tighter bound costs no less")
				}
			}
		})
	}
}

// TestWholeUnitsDiagnosis: the diagnosis of a stage out of reach asks
// what whole units reach, not the relaxation. Wind up to 150 kW in 100 kW
// turbines: one turbine, 50 kW of the 65 kW load, the rest imported.
// Any amount (130 kW) would reach near-zero; one turbine leaves 15 kW ×
// 24 h = 360 kWh imported, less the 1.56 kWh the ledger lets go unserved:
// carbon per unit energy 0.5 × (360 − 1.56) / (0.1229 × (1560 − 1.56)) =
// 0.936 tCO2/tce against ≤ 0.2.
func TestWholeUnitsDiagnosis(t *testing.T) {
	p, set := windDay(t, 0.10, 100)
	p.Economics.Wind.MaxTotalKW = 150
	for _, highsMIP := range []bool{false, true} {
		opt := plan.DefaultOptions()
		opt.HiGHSMIP = highsMIP
		_, err := newModel(t, p, set, opt).Plan(dispatch.NearZeroCarbon)
		var ue *plan.UnreachableError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, "carbon per unit energy", ue.Indicator)
		uns := 1.56 * (1 - 1e-6)
		assert.InDelta(t, 0.5*(360-uns)/(0.1229*(1560-uns)), ue.Best, 1e-4)
	}

	p.Economics.Wind.UnitKW = 0
	d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.NearZeroCarbon)
	require.NoError(t, err, "any amount reaches it")
	assert.InDelta(t, 130, d.Added(plan.TechWind), 1)
}

// TestWholeUnitsLeaveNoBounds: the branch and bound's bounds on the
// counts are the search's own. In the hand case at 0.10 USD/kWh the
// relaxation's 1.3 turbines branch to n ≤ 1, then n ≥ 2, the last node
// solved: today's park (no turbine), an evaluation of one turbine and the
// plan asked again on the same Model must answer as on a fresh one.
func TestWholeUnitsLeaveNoBounds(t *testing.T) {
	p, set := windDay(t, 0.10, 100)
	fresh := func() *plan.Model { return newModel(t, p, set, plan.DefaultOptions()) }
	wantToday, err := fresh().Today()
	require.NoError(t, err)
	wantPlan, err := fresh().Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.Equal(t, 2, wantPlan.Additions[0].Units)
	one := *wantPlan
	one.Additions = append([]plan.Addition(nil), wantPlan.Additions...)
	one.Additions[0].Added = 100
	wantOne, err := fresh().Evaluate(&one)
	require.NoError(t, err)
	// One turbine by hand: 6,000 USD + 15 kW × 8760 h × 0.10 USD/kWh.
	assert.InDelta(t, 6000+15*8760*0.10, wantOne.TotalCostPerYear, 1e-3)

	m := fresh()
	_, err = m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	today, err := m.Today()
	require.NoError(t, err, "n ≥ 2 must not outlive the search")
	assert.InDelta(t, wantToday.TotalCostPerYear, today.TotalCostPerYear, 1e-6)
	e, err := m.Evaluate(&one)
	require.NoError(t, err)
	assert.InDelta(t, wantOne.TotalCostPerYear, e.TotalCostPerYear, 1e-6)
	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Equal(t, 2, d.Additions[0].Units)
	assert.InDelta(t, wantPlan.TotalCostPerYear, d.TotalCostPerYear, 1e-6)
}

// TestCostOfAddingWholeUnits: with turbines of 100 kW (windDay), today's
// park plus 200 kW is two turbines, priced at 1000 USD/kW over 20 years
// at a discount rate of 0 (50 USD/kW a year) and 10 USD/kW a year: 10,000
// + 2,000 USD. Plus 150 kW is 1.5 turbines and refused (CheckWholeUnits),
// not rounded: a planner's design is costed for what it runs. A battery
// of blocks must add as many energy as power blocks (unitsFixture:
// 1,000 kWh with 250 kW).
func TestCostOfAddingWholeUnits(t *testing.T) {
	p, _ := windDay(t, 0.10, 100)
	withWind := func(kW float64) *model.Park {
		d := *p
		d.Wind = append([]model.WindTurbine(nil), p.Wind...)
		d.Wind[0].CapacityKW += kW
		return &d
	}
	ac, err := plan.CostOfAdding(p, withWind(200))
	require.NoError(t, err)
	assert.InDelta(t, 10000, ac.CapitalPerYear, 1e-6)
	assert.InDelta(t, 2000, ac.FixedOMPerYear, 1e-6)
	require.NoError(t, plan.CheckWholeUnits(p, withWind(200)))

	// WholeUnits resolves today's economics once and checks many designs:
	// the same verdicts.
	check, err := plan.WholeUnits(p)
	require.NoError(t, err)
	require.NoError(t, check(withWind(200)))
	for _, check := range []func() error{
		func() error { _, err := plan.CostOfAdding(p, withWind(150)); return err },
		func() error { return plan.CheckWholeUnits(p, withWind(150)) },
		func() error { return check(withWind(150)) },
	} {
		err := check()
		require.ErrorIs(t, err, plan.ErrInvalid)
		require.ErrorIs(t, err, model.ErrInvalid)
		var ie *plan.InputError
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, "economics.wind.unit_kw", ie.Field)
		assert.Equal(t, 100.0, ie.Value)
		assert.Contains(t, ie.Reason, "adds 150 kW of wind (150 against today's 0), 1.5 units of 100 kW")
		assert.Contains(t, ie.Reason, "100 or 200 kW")
	}

	b, _ := unitsFixture(t, 1)
	blocks := func(energy, power float64) *model.Park {
		d := *b
		d.Batteries = append([]model.Battery(nil), b.Batteries...)
		d.Batteries[0].EnergyKWh += energy
		d.Batteries[0].MaxChargeKW += power
		d.Batteries[0].MaxDischargeKW += power
		return &d
	}
	require.NoError(t, plan.CheckWholeUnits(b, blocks(1000, 250)))
	err = plan.CheckWholeUnits(b, blocks(2000, 250))
	require.ErrorIs(t, err, plan.ErrInvalid)
	assert.ErrorContains(t, err, "economics.battery.unit_kw")
	assert.ErrorContains(t, err, "2 battery blocks of 1,000 kWh")
}

// TestDesignParkBuiltOut: a design that leaves room for less than one unit
// below the bound (two turbines of 100 kW, 200 kW, under a bound of 250)
// writes a park whose bound is its total: re-read, it is a park a user
// could run (the room of 50 kW would otherwise be "no whole unit fits", an
// error meant for a user's file), and planned again it adds nothing.
// Where a unit still fits (a bound of 300) the bound is kept.
func TestDesignParkBuiltOut(t *testing.T) {
	for _, tc := range []struct {
		boundKW, wantBoundKW float64
	}{{250, 200}, {300, 300}} {
		p, set := windDay(t, 0.10, 100)
		p.Economics.Wind.MaxTotalKW = tc.boundKW
		d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
		require.NoError(t, err)
		require.Equal(t, 2, d.Additions[0].Units)
		assert.Equal(t, tc.wantBoundKW, d.Park.Economics.Wind.MaxTotalKW, "bound %v", tc.boundKW)
		assert.Equal(t, tc.boundKW, p.Economics.Wind.MaxTotalKW, "today's park keeps its bound")
		_, err = d.Park.CapacityCosts()
		require.NoError(t, err, "bound %v: the design park re-reads", tc.boundKW)
		again, err := newModel(t, d.Park, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
		require.NoError(t, err)
		assert.InDelta(t, 0, again.Added(plan.TechWind), 1e-9)
	}
}

// TestWholeUnitsSuggestsTotals: a refused part unit suggests the whole
// designs either side as totals (what a park's capacity and a sweep's
// --vary take), not additions: with 50 kW of wind today and turbines of
// 100 kW, 200 kW in all adds 1.5 and the totals are 150 or 250 kW (1 or 2
// turbines added). A park read from a file names the unit key's line and
// column there.
func TestWholeUnitsSuggestsTotals(t *testing.T) {
	p, _ := windDay(t, 0.10, 100)
	p.Wind[0].CapacityKW = 50
	var buf bytes.Buffer
	require.NoError(t, p.WriteJSON(&buf))
	text := buf.String()
	today, err := model.ReadParkJSON(strings.NewReader(text), "today.json")
	require.NoError(t, err)
	design := *today
	design.Wind = append([]model.WindTurbine(nil), today.Wind...)
	design.Wind[0].CapacityKW = 200

	err = plan.CheckWholeUnits(today, &design)
	require.ErrorIs(t, err, plan.ErrInvalid)
	var ie *plan.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Reason, "adds 150 kW of wind (200 against today's 50), 1.5 units of 100 kW")
	assert.Contains(t, ie.Reason, "e.g. 150 or 250 kW of wind in all (1 or 2 units added)")
	assert.NotContains(t, ie.Reason, "100 or 200", "additions are not what --vary takes")
	// Where "unit_kw" is in the file, by hand.
	off := strings.Index(text, `"unit_kw"`)
	require.Positive(t, off)
	wantLine := 1 + strings.Count(text[:off], "\n")
	wantCol := off - strings.LastIndex(text[:off], "\n")
	assert.Equal(t, "today.json", ie.File)
	assert.Equal(t, wantLine, ie.Line)
	assert.Equal(t, wantCol, ie.Col)
	assert.Contains(t, err.Error(), fmt.Sprintf("today.json:%d:%d: economics.wind.unit_kw = 100", wantLine, wantCol))

	// One unit added at most: "unit", not "units"; a park built in Go has
	// no place.
	design.Wind[0].CapacityKW = 100
	err = plan.CheckWholeUnits(p, &design)
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Reason, "e.g. 50 or 150 kW of wind in all (0 or 1 unit added)")
	assert.Empty(t, ie.File)
	assert.Zero(t, ie.Line)
}

// TestUnitSearchGap: the design records the branch and bound's gap. In
// the hand case at 0.10 USD/kWh (TestHandWholeTurbines) the relaxation
// builds 1.3 turbines (7,800 USD a year); its nearer child, one turbine,
// costs 19,140 and two 12,000: with the default gap all three nodes are
// solved and two turbines are proven best (gap 0). With a gap of 0.5 the
// second child (12,000 ≥ 19,140 × 0.5) is left unexplored: one turbine is
// kept, within (19,140 − 12,000) / 19,140 of the bound. Today's park has
// no search.
func TestUnitSearchGap(t *testing.T) {
	p, set := windDay(t, 0.10, 100)
	m := newModel(t, p, set, plan.DefaultOptions())
	d, err := m.Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.NotNil(t, d.UnitSearch)
	assert.Equal(t, 2, d.Additions[0].Units)
	assert.Equal(t, 1e-4, d.UnitSearch.MIPGapAsked)
	assert.Zero(t, d.UnitSearch.MIPGapReached)
	assert.False(t, d.UnitSearch.StoppedAtGap)
	assert.Equal(t, 3, d.UnitSearch.Nodes)
	assert.Zero(t, d.UnitSearch.CutOff, "the second child (12,000) is below the first's 19,140: it must not stop at that bound")
	today, err := m.Today()
	require.NoError(t, err)
	assert.Nil(t, today.UnitSearch, "capacities held: no search")

	opt := plan.DefaultOptions()
	opt.MIPGap = 0.5
	d, err = newModel(t, p, set, opt).Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.NotNil(t, d.UnitSearch)
	assert.Equal(t, 1, d.Additions[0].Units, "the better child is within the gap")
	assert.InDelta(t, 6000+15*8760*0.10, d.TotalCostPerYear, 1e-3)
	assert.True(t, d.UnitSearch.StoppedAtGap)
	assert.Equal(t, 3, d.UnitSearch.Nodes)
	// The gap is of the LP objectives, which carry the dispatch's cost
	// terms beyond energy and capital (its small tie-breakers): within
	// 0.5 % of the hand figure.
	assert.InDelta(t, (19140-12000)/19140.0, d.UnitSearch.MIPGapReached, 0.005)
	assert.LessOrEqual(t, d.UnitSearch.MIPGapReached, d.UnitSearch.MIPGapAsked)

	d, err = newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
	require.NoError(t, err)
	p0, set0 := windDay(t, 0.10, 0)
	d0, err := newModel(t, p0, set0, plan.DefaultOptions()).Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Nil(t, d0.UnitSearch, "any amounts: no search")
	assert.NotNil(t, d.UnitSearch)
}

// TestUnitSearchCutOff: in the hand case at 0.03 USD/kWh
// (TestHandWholeTurbines) the relaxation's 1.3 turbines branch to n ≤ 1
// first, one turbine at 9,942 USD a year, then n ≥ 2, whose relaxation is
// two turbines at 12,000. On HiGHS that node's dual simplex may stop once
// its bound passes 9,942 (cut off; on so small an LP it may as well reach
// the optimum first) and either way it is no part of the gap: one turbine,
// proven best (gap 0). The interior-point oracle, which has no such
// bound, solves it to its optimum and prunes it: the same design.
// (TestWholeUnitsAgainstEnumeration checks that nodes are cut off, and
// that no design is lost to it.)
func TestUnitSearchCutOff(t *testing.T) {
	p, set := windDay(t, 0.03, 100)
	d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
	require.NoError(t, err)
	require.NotNil(t, d.UnitSearch)
	assert.Equal(t, 1, d.Additions[0].Units)
	assert.InDelta(t, 6000+15*8760*0.03, d.TotalCostPerYear, 1e-3)
	assert.Equal(t, 3, d.UnitSearch.Nodes)
	assert.LessOrEqual(t, d.UnitSearch.CutOff, 1, "only n ≥ 2 lies above the incumbent")
	assert.Zero(t, d.UnitSearch.MIPGapReached)
	assert.False(t, d.UnitSearch.StoppedAtGap, "a node cut off costs more than the design: no part of the gap")

	opt := plan.DefaultOptions()
	opt.Backend = lptest.IPMBackend{}
	o, err := newModel(t, p, set, opt).Plan(dispatch.Conventional)
	require.NoError(t, err)
	assert.Equal(t, 1, o.Additions[0].Units)
	assert.InDelta(t, d.TotalCostPerYear, o.TotalCostPerYear, 1e-6*d.TotalCostPerYear)
	assert.Equal(t, 3, o.UnitSearch.Nodes)
	assert.Zero(t, o.UnitSearch.CutOff, "no objective bound on the oracle")
	assert.False(t, o.UnitSearch.StoppedAtGap)
}

// TestWholeUnitsZeroAfterNearZero: zero-carbon asked right after
// near-zero on one Model starts each node from near-zero's optimal basis
// of the same bounds (one dual pivot where offsets cover the residual):
// the same design and cost as on a fresh Model, in fewer simplex
// iterations, and no fallback to primal simplex.
func TestWholeUnitsZeroAfterNearZero(t *testing.T) {
	opt := plan.DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e = 150
	for seed := uint64(1); seed <= 2; seed++ {
		p, set := unitsFixture(t, seed)
		m := newModel(t, p, set, opt)
		near, err := m.Plan(dispatch.NearZeroCarbon)
		require.NoError(t, err, "seed %d", seed)
		zero, err := m.Plan(dispatch.ZeroCarbon)
		require.NoError(t, err, "seed %d", seed)
		fresh, err := newModel(t, p, set, opt).Plan(dispatch.ZeroCarbon)
		require.NoError(t, err, "seed %d", seed)
		assert.InDelta(t, fresh.TotalCostPerYear, zero.TotalCostPerYear, 1e-6*fresh.TotalCostPerYear, "seed %d", seed)
		for i, a := range zero.Additions {
			assert.Equal(t, fresh.Additions[i].Units, a.Units, "seed %d %s", seed, a.Tech)
		}
		assert.Less(t, zero.UnitSearch.Iterations, fresh.UnitSearch.Iterations, "seed %d: near-zero's bases", seed)
		assert.Zero(t, plan.OneRowFallbacks(m), "seed %d", seed)
		assert.GreaterOrEqual(t, zero.TotalCostPerYear, near.TotalCostPerYear*(1-1e-9), "seed %d: the stages nest", seed)
	}
}

// TestWholeUnitsWarmStart: with whole units the warm start of near-zero
// (forced on a small park over two weeks, from typical days) sizes the
// relaxation over the days and pins it: the branch and bound's root
// starts from there, and every stage comes out as without the warm start.
func TestWholeUnitsWarmStart(t *testing.T) {
	defer plan.ForceWarmStart(4, 24*time.Hour)()
	opt := plan.DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e = 150
	opt.Solvers = 1
	paths := map[string]int{}
	for seed := uint64(1); seed <= 4; seed++ {
		p, set := unitsFixtureOver(t, seed, 14*24)
		opt.NoWarmStart = true
		coldM := newModel(t, p, set, opt)
		cold, err := coldM.Roadmap()
		require.NoError(t, err)
		opt.NoWarmStart = false
		warmM := newModel(t, p, set, opt)
		warm, err := warmM.Roadmap()
		require.NoError(t, err)
		assert.Equal(t, "cold", plan.WarmPath(coldM))
		paths[plan.WarmPath(warmM)]++
		for i, st := range plan.RoadmapStages() {
			c, w := cold.Stages[i], warm.Stages[i]
			require.Equal(t, c == nil, w == nil, "seed %d %s", seed, st)
			if c == nil {
				continue
			}
			assert.InEpsilon(t, c.TotalCostPerYear, w.TotalCostPerYear, 1e-6, "seed %d %s", seed, st)
			for j, a := range w.Additions {
				assert.Equal(t, c.Additions[j].Units, a.Units, "seed %d %s %s", seed, st, a.Tech)
			}
		}
	}
	t.Logf("warm starts: %v", paths)
	assert.Positive(t, paths["pinned"], "some root must start from the pins under near-zero's rows: %v", paths)
	assert.Positive(t, paths["pinned-low"], "and some under low-carbon's: %v", paths)
}
