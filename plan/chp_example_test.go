package plan_test

import (
	"fmt"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// CHP and fuel boiler candidates (economics.chp per kW of electricity out,
// economics.fuel_boiler per kW_th): each extends an asset of the park,
// here of capacity 0, whose efficiencies and fuel the added capacity
// takes. Against a 1.0 kgCO2e/kWh grid a gas engine (35 % electric, 45 %
// heat) serving a 50 kW_th heat load cuts carbon; bought in whole 25 kW
// engines (economics.chp.unit_kw), two are bought: their 64.3 kW_th at
// full output is more than the load, and no heat is dumped, so they run
// at 50 × 0.35/0.45 = 38.9 kW at most. Design.UnitSearch says how close to
// the best whole design the plan's branch and bound proved this one.
func ExampleModel_Plan_chp() {
	p, set := examplePark()
	p.Batteries = nil
	p.Economics.Battery = nil
	heat := make([]float64, set.Len)
	for t := range heat {
		heat[t] = 50 // kW_th
	}
	_ = set.SetColumn("heat_kw_th", heat)
	p.HeatLoads = []model.HeatLoad{{Name: "offices", Column: "heat_kw_th"}}
	p.CHP = []model.CHP{{Name: "engine", ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas"}}
	p.FuelBoilers = []model.FuelBoiler{{Name: "boiler", EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	p.Grid.DispatchCarbon.KgCO2ePerKWh = 1.0
	p.Economics.CHP = &model.CHPEconomics{MaxTotalKW: 100, UnitKW: 25}
	p.Economics.FuelBoiler = &model.FuelBoilerEconomics{MaxTotalKWTh: 100}
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
		fmt.Printf("%-11s %-6s add %5.1f %s (%d units of %.0f)\n", a.Tech, a.Asset, a.Added, a.Unit, a.Units, a.UnitSize)
	}
	fmt.Printf("the design's engine: %.0f kW, %.1f kW_th of heat\n", d.Park.CHP[0].CapacityKW, d.Park.CHP[0].CapacityKWTh())
	u := d.UnitSearch
	fmt.Printf("whole units: %d LPs, gap %.4f (asked %g), stopped at the gap: %v\n", u.Nodes, u.MIPGapReached, u.MIPGapAsked, u.StoppedAtGap)
	// Output:
	// pv          roof   add 122.2 kWp (0 units of 0)
	// chp         engine add  50.0 kW (2 units of 25)
	// fuel_boiler boiler add   0.0 kW_th (0 units of 0)
	// the design's engine: 50 kW, 64.3 kW_th of heat
	// whole units: 3 LPs, gap 0.0000 (asked 0.0001), stopped at the gap: false
}

// WholeUnits resolves today's economics once and checks many designs
// against them, as a sweep does: PV in blocks of 100 kWp
// (economics.pv.unit_kwp), so 0, 100 and 200 kWp added pass and 150 kWp
// is refused.
func ExampleWholeUnits() {
	today, _ := examplePark()
	today.Economics.PV.UnitKWp = 100
	check, err := plan.WholeUnits(today)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, addKWp := range []float64{0, 100, 150, 200} {
		d := *today
		d.PV = []model.PVArray{today.PV[0]}
		d.PV[0].CapacityKWp += addKWp
		fmt.Printf("%3.0f kWp: whole units %v\n", addKWp, check(&d) == nil)
	}
	// Output:
	//   0 kWp: whole units true
	// 100 kWp: whole units true
	// 150 kWp: whole units false
	// 200 kWp: whole units true
}
