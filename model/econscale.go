package model

// WithCapitalScaled is a copy of e with every technology's capital cost
// set to base's resolved cost of it × f (base: e's park's
// [Park.CapacityCosts], so a defaulted cost is scaled too, and scaling
// a scaled copy again does not compound); nil for nil e. Fixed O&M,
// lifetimes, incentives and bounds are e's: a battery's fixed O&M left
// to its default, a fraction of the capital cost, is set to base's so
// that it does not scale with the capital. A technology e has no object
// for stays without one. package plan's pathway prices a milestone's
// year with it.
func (e *Economics) WithCapitalScaled(base *CapacityCosts, f float64) *Economics {
	if e == nil {
		return nil
	}
	c := *e
	v := func(t TechCosts) *float64 { x := t.CapitalPerUnit * f; return &x }
	if e.PV != nil {
		t := *e.PV
		t.CapitalPerKWp, c.PV = v(base.PV), &t
	}
	if e.Wind != nil {
		t := *e.Wind
		t.CapitalPerKW, c.Wind = v(base.Wind), &t
	}
	if e.Battery != nil {
		t := *e.Battery
		t.CapitalPerKWh, t.CapitalPerKW, c.Battery = v(base.BatteryEnergy), v(base.BatteryPower), &t
		// The battery's default fixed O&M is a fraction of its capital
		// cost (DefaultBatteryFixedOMFraction): held at base's, or it
		// would scale with the capital.
		om := func(t TechCosts) *float64 { x := t.FixedOMPerUnitYear; return &x }
		if t.FixedOMPerKWhYear == nil {
			t.FixedOMPerKWhYear = om(base.BatteryEnergy)
		}
		if t.FixedOMPerKWYear == nil {
			t.FixedOMPerKWYear = om(base.BatteryPower)
		}
	}
	if e.HeatPump != nil {
		t := *e.HeatPump
		t.CapitalPerKWTh, c.HeatPump = v(base.HeatPump), &t
	}
	if e.ThermalStorage != nil {
		t := *e.ThermalStorage
		t.CapitalPerKWhTh, c.ThermalStorage = v(base.ThermalStorage), &t
	}
	if e.ElectricBoiler != nil {
		t := *e.ElectricBoiler
		t.CapitalPerKWTh, c.ElectricBoiler = v(base.ElectricBoiler), &t
	}
	if e.CHP != nil {
		t := *e.CHP
		t.CapitalPerKW, c.CHP = v(base.CHP), &t
	}
	if e.FuelBoiler != nil {
		t := *e.FuelBoiler
		t.CapitalPerKWTh, c.FuelBoiler = v(base.FuelBoiler), &t
	}
	if e.GridConnection != nil {
		t := *e.GridConnection
		t.CapitalPerKW, c.GridConnection = v(base.Grid), &t
	}
	return &c
}
