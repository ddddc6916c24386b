package plan_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// examplePark is two days of a park with a flat 100 kW load, PV that
// gives 0.5 kW per kWp from 08:00 to 16:00, a grid at 0.5 kgCO2e/kWh and
// 0.10 USD/kWh that takes no export, and, as candidates, PV up to 1 MWp
// and a battery up to 3 MWh and 300 kW (today: none of either, so each is
// an asset of capacity 0).
func examplePark() (*model.Park, *model.SeriesSet) {
	n := 48
	load, pv := make([]float64, n), make([]float64, n)
	for t := range n {
		load[t] = 100
		if h := t % 24; h >= 8 && h < 16 {
			pv[t] = 0.5
		}
	}
	set := &model.SeriesSet{Start: time.Date(2023, 6, 5, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n}
	_ = set.SetColumn("load_kw", load)
	_ = set.SetColumn("pv_kw_per_kwp", pv)
	zero := 0.0
	p := &model.Park{Name: "example",
		Loads: []model.Load{{Name: "tenants", Column: "load_kw"}},
		PV:    []model.PVArray{{Name: "roof", AvailabilityColumn: "pv_kw_per_kwp"}},
		Batteries: []model.Battery{{Name: "battery", ChargeEfficiency: 0.95, DischargeEfficiency: 0.95,
			MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 1000, DispatchCarbon: model.CarbonSignal{KgCO2ePerKWh: 0.5},
			ImportPrice: &model.Price{PerKWh: 0.10}},
		Economics: &model.Economics{Currency: "USD", DiscountRatePerYear: &zero,
			PV:      &model.PVEconomics{MaxTotalKWp: 1000},
			Battery: &model.BatteryEconomics{MaxTotalKWh: 3000, MaxTotalKW: 300}}}
	return p, set
}

// The cheapest design that makes the park low-carbon, and what it costs
// a year (REopt's default costs; no discounting).
func ExampleModel_Plan() {
	p, set := examplePark()
	m, err := plan.New(p, set, plan.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	d, err := m.Plan(dispatch.LowCarbon)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: add %.0f kWp of PV and %.0f kWh of battery, %.0f USD a year\n",
		d.Stage, d.Added(plan.TechPV), d.Added(plan.TechBatteryEnergy), d.TotalCostPerYear)
	// Output:
	// low-carbon: add 200 kWp of PV and 0 kWh of battery, 77760 USD a year
}

// A roadmap: today's park, then the cheapest design of each stage, with
// the cost of each tonne avoided against today.
func ExampleModel_Roadmap() {
	p, set := examplePark()
	opt := plan.DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e = 15
	m, err := plan.New(p, set, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	rm, err := m.Roadmap()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("today: %.0f USD a year, %.0f tCO2e\n", rm.Today.TotalCostPerYear, rm.Today.ResidualTCO2ePerYear)
	for i, d := range rm.Stages {
		if d == nil {
			var ue *plan.UnreachableError
			if errors.As(rm.Unreachable[i], &ue) {
				fmt.Printf("%s: out of reach (%s at best %.2f)\n", ue.Stage, ue.Indicator, ue.Best)
			}
			continue
		}
		fmt.Printf("%s: PV %.0f kWp, battery %.0f kWh, offsets %.0f t: %.0f USD a year, %.0f USD/tCO2e avoided\n",
			d.Target, d.Added(plan.TechPV), d.Added(plan.TechBatteryEnergy), d.OffsetsBoughtTCO2ePerYear,
			d.TotalCostPerYear, *d.CostPerTCO2eAvoided)
	}
	// Output:
	// today: 87600 USD a year, 438 tCO2e
	// low-carbon: PV 200 kWp, battery 0 kWh, offsets 0 t: 77760 USD a year, -67 USD/tCO2e avoided
	// near-zero-carbon: PV 608 kWp, battery 1940 kWh, offsets 0 t: 108227 USD a year, 50 USD/tCO2e avoided
	// zero-carbon: PV 608 kWp, battery 1940 kWh, offsets 23 t: 108572 USD a year, 48 USD/tCO2e avoided
}

// Chronological slices: the two days hold their values for 8 hours at a
// time (night, the PV hours, evening), so 6 slices stand for the 48 hours
// exactly, each one LP step of 8 hours, and near-zero's design and cost
// come out as over the full series (ExampleModel_Roadmap). The report
// lists the series that vary (the load is flat).
func ExampleOptions_slices() {
	p, set := examplePark()
	opt := plan.DefaultOptions()
	opt.Slices = 6
	m, err := plan.New(p, set, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	d, err := m.Plan(dispatch.NearZeroCarbon)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d slices: PV %.0f kWp, battery %.0f kWh: %.0f USD a year\n",
		m.Reduction().Slices, d.Added(plan.TechPV), d.Added(plan.TechBatteryEnergy), d.TotalCostPerYear)
	for _, e := range m.Reduction().Errors {
		fmt.Printf("  %s: RMSE %.3g\n", e.Name, e.RMSE)
	}
	// Output:
	// 6 slices: PV 608 kWp, battery 1940 kWh: 108227 USD a year
	//   pv_kw_per_kwp:roof: RMSE 0
}

// The cost–carbon frontier in five points, from the cheapest design down
// to the least residual reachable.
func ExampleModel_Frontier() {
	p, set := examplePark()
	m, err := plan.New(p, set, plan.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	f, err := m.Frontier(5)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, pt := range f.Points {
		mac := "n/a" // the first point (no bound) and the last (the edge of what is reachable)
		if pt.MarginalCostPerTCO2e != nil {
			mac = fmt.Sprintf("%.1f USD/tCO2e", *pt.MarginalCostPerTCO2e)
		}
		fmt.Printf("residual ≤ %4.0f tCO2e a year: %6.0f USD a year (%s), marginal cost %s\n",
			pt.EpsilonTCO2ePerYear, pt.Design.TotalCostPerYear, pt.Design.Stage, mac)
	}
	// The frontier is straight here: each tonne costs what the totals'
	// secant says, 8,267 USD for 73 t, 113.2 USD/tCO2e, which the marginal
	// cost (the LP's dual, its tie-breaks' share taken out) reads.

	// Output:
	// residual ≤  292 tCO2e a year:  77760 USD a year (low-carbon), marginal cost n/a
	// residual ≤  219 tCO2e a year:  86027 USD a year (low-carbon), marginal cost 113.2 USD/tCO2e
	// residual ≤  146 tCO2e a year:  94294 USD a year (low-carbon), marginal cost 113.2 USD/tCO2e
	// residual ≤   73 tCO2e a year: 102561 USD a year (low-carbon), marginal cost 113.2 USD/tCO2e
	// residual ≤    0 tCO2e a year: 110828 USD a year (near-zero-carbon), marginal cost n/a
}

// Does a design hold in operation? Re-run its park through the dispatch
// and judge the result against its stage.
func ExampleHolds() {
	p, set := examplePark()
	opt := plan.DefaultOptions()
	opt.Margin = 0.1 // size 10 % inside every limit
	m, err := plan.New(p, set, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	d, err := m.Plan(dispatch.LowCarbon)
	if err != nil {
		fmt.Println(err)
		return
	}
	prof, err := model.Resolve(d.Park, set)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := dispatch.DefaultConfig()
	cfg.Objective = dispatch.Cost
	cfg.Ledger = opt.Ledger.WithMarket(d.Park.Market)
	res, err := dispatch.PerfectForesight(d.Park, prof, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := plan.Holds(dispatch.LowCarbon, &res.Report, cfg.Ledger)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("planned %s with a margin of %.2f; re-run by perfect foresight: %s, holds: %v, margin %.2f\n",
		d.Target, opt.Margin, v.Stage, v.Holds, v.Margin)
	// Output:
	// planned low-carbon with a margin of 0.10; re-run by perfect foresight: low-carbon, holds: true, margin 0.09
}

// Whole units: PV bought in blocks of 150 kWp (economics.pv.unit_kwp).
// Any amount, low-carbon takes 200 kWp (77,760 USD a year: ExampleModel_Plan);
// one block is too little, so two (300 kWp, the surplus partly stored).
func ExampleModel_Plan_wholeUnits() {
	p, set := examplePark()
	p.Economics.PV.UnitKWp = 150
	m, err := plan.New(p, set, plan.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer m.Close()
	d, err := m.Plan(dispatch.LowCarbon)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range d.Additions {
		if a.Tech == plan.TechPV {
			fmt.Printf("%s: add %d blocks of %.0f %s = %.0f %s of PV, %.0f USD a year\n",
				d.Stage, a.Units, a.UnitSize, a.Unit, a.Added, a.Unit, d.TotalCostPerYear)
		}
	}
	// Output:
	// low-carbon: add 2 blocks of 150 kWp = 300 kWp of PV, 85221 USD a year
}

// A hand-made design bought in whole units: with PV in blocks of 100 kWp
// (economics.pv.unit_kwp), 200 kWp added is two blocks and is priced;
// 250 kWp is refused, not rounded to three.
func ExampleCheckWholeUnits() {
	today, _ := examplePark()
	today.Economics.PV.UnitKWp = 100
	design := func(kWp float64) *model.Park {
		d := *today
		d.PV = []model.PVArray{today.PV[0]}
		d.PV[0].CapacityKWp += kWp
		return &d
	}
	fmt.Println(plan.CheckWholeUnits(today, design(200)))
	fmt.Println(plan.CheckWholeUnits(today, design(250)))
	// Output:
	// <nil>
	// plan: economics.pv.unit_kwp = 100: the design adds 250 kWp of pv (250 against today's 0), 2.5 units of 100 kWp: whole units only, e.g. 200 or 300 kWp of pv in all (2 or 3 units added)
}
