// Package model describes a park microgrid: its tenants' loads, PV arrays,
// wind turbines, batteries and its one grid connection, together with the
// time series that drive it.
//
// Units live in names: every exported field and JSON key carries its unit
// (CapacityKWp / "capacity_kwp", MaxChargeKW / "max_charge_kw",
// KgCO2ePerKWh / "kgco2e_per_kwh"). Power is in kW, energy in kWh, carbon in
// kgCO2e, time steps are time.Duration. Power held for a step converts to
// energy through [EnergyKWh].
//
// A park is checked with [Park.Validate], which reports every problem at
// once; each problem is a [*FieldError] that names the asset, the field, the
// value and the reason, and unwraps to [ErrInvalid]. Series files are read
// with [ReadSeriesCSV], whose errors are [*ParseError] values naming file,
// line, column and value.
package model
