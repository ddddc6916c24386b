package scenario_test

import (
	"fmt"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/scenario"
)

// A study from Go: the first week of the texas2012 demo, its cheapest
// near-zero-carbon design (package plan, with the study's ledger:
// PlanOptions), then that design re-run by the dispatch under perfect
// foresight at least cost with a carbon price of 50 USD per tCO2e
// (CheckOperation). Figures a year are the week's × 8760 / 168; the
// check's residual is over the week.
func ExampleScenario_CheckOperation() {
	s, cfg, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour,
		LimitHours: 168, Objective: "cost", CarbonPricePerTCO2e: 50})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := plan.New(s.Park, s.Series, scenario.PlanOptions(cfg))
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
	fmt.Printf("add %.0f kWp PV, %.0f kW wind, %.0f kWh battery: %.2f million USD a year, %.0f tCO2e a year\n",
		d.Added(plan.TechPV), d.Added(plan.TechWind), d.Added(plan.TechBatteryEnergy),
		d.TotalCostPerYear/1e6, d.ResidualTCO2ePerYear)
	checks, err := s.CheckOperation(d.Park, d.Target, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	pf := checks[0] // perfect foresight (CheckPolicies)
	fmt.Printf("%s at %.0f USD/tCO2e: %s, %s %.3f against %.3f %s\n",
		pf.Policy, pf.CarbonPricePerTCO2e, pf.Stage, pf.Indicator, pf.Value, pf.Limit, pf.Unit)
	// The plan held imports back for its near-zero row, and its storage
	// was cyclic; least cost, even with the carbon price, misses by a hair.
	// Output:
	// add 2376 kWp PV, 839 kW wind, 10617 kWh battery: 0.98 million USD a year, 325 tCO2e a year
	// perfect at 50 USD/tCO2e: low-carbon, carbon per unit energy 0.201 against 0.200 tCO2/tce
}
