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
// value and the reason, and unwraps to [ErrInvalid]. [Park.ValidateWith]
// checks it against its series as well ([SeriesSet.Validate] checks the
// series alone).
//
// Files: a park is JSON ([ReadParkJSON], [LoadPark], [Park.WriteJSON],
// [SavePark]; an unlimited grid limit is the string "unlimited"); errors are
// [*JSONError] values naming file, line, column and key. Series are CSV with
// a header "timestamp,<columns…>" and RFC 3339 timestamps at a fixed step
// ([ReadSeriesCSV], [LoadSeries], [SeriesSet.WriteCSV], [SaveSeries]);
// errors are [*ParseError] values naming file, line, column and value. Both
// unwrap to [ErrInvalid]; both writers round-trip exactly and save
// atomically.
//
// [Resolve] turns a park and its series into per-interval [Profiles] for
// dispatch. Weather-driven PV and wind read their availability from the
// column [DerivedColumn], which package forecast adds to the set.
package model
