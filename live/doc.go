// Package live runs the rolling horizon of package dispatch as an
// energy-management system does: every interval, from measurements.
//
// A [Controller] keeps the history of what was measured — tenants' loads,
// PV and wind availability, the carbon signal and prices where the park
// file gives them as columns, batteries' states of charge, and for a park
// with heat its heat loads, heat pumps' source temperatures and thermal
// stores' contents — as it
// arrives ([Controller.Measure]: late, missing or repeated values are
// fine, bad ones are refused with the asset, field, value and reason). At
// each interval ([Controller.Step]) it settles the interval that ended
// against what was measured, forecasts every series from its history with
// the forecasters dispatch.Run uses (forecast.DefaultSet and the
// --forecast choices, [forecast.Choice]), plans the horizon and returns the
// setpoints of the interval ([Decision]) with the plan behind them (a
// battery's setpoint is its net flow: a plan that charges and discharges
// it at once, to burn what nothing else can take, is netted as settlement
// nets it, dispatch.NetSetpoint). A battery's state of charge measured at the end of an interval is what it
// did: the interval settles with the flows that reach it (the setpoints,
// if the battery followed them), so its losses are its efficiencies'; a
// state its power limits cannot reach is a correction of stored energy
// (dispatch.EnergyKWh.SoCCorrection), not losses. A thermal store's
// measured content is the same: the interval settles with the store flows
// that reach it (the heat sources meeting the rest of the heat balance),
// so its losses are its standing loss; a content its power limits cannot
// reach is dispatch.HeatReport.StoreCorrectionKWhTh, not standing losses.
//
// Same code path: Step drives dispatch.Rolling, the loop body of
// dispatch.Run, with the Controller's history as Run's profiles, so
// replaying a period's measurements through a Controller (with
// Config.End set to the period's end) gives Run's schedule exactly.
//
// Heat: a park with heat runs on the same path. Its heat loads (kW_th)
// are measured and forecast like the electric loads; each thermal store's
// content at the end of an interval (kWh_th) replaces the settled one as
// a battery's state of charge does (refused outside [0, energy] by more
// than 5 % of the energy); a heat pump with a COP model takes its source
// temperature (°C, turned into the COP by the pump's model, as
// model.Resolve turns the series file's temp_column_c) or a COP a meter
// reports. The COP is read ahead, as a price column is and as
// dispatch.Run reads it: a temperature sent for an interval not yet
// planned (a weather forecast) is what the plan uses there, else the last
// value is held (before any, 1: the least COP a model gives). A constant COP and purchased heat's factor and price are
// the park file's (known, refused as measurements). [Decision.Heat] holds
// the heat setpoints ([HeatSetpoints]); the settled ledger carries the
// heat side (dispatch.Report.Heat).
//
// Missing values: an interval that closes (a Step plans past it) without
// a value of some series gets the series' last value as a stand-in —
// persistence, the forecast of last resort — so the forecasters, which
// refuse gaps, keep running and the settlement has a number; the
// stand-ins are counted per series ([Metrics]) and a late value replaces
// its stand-in (and those after it). A series with no value before it at
// all (a meter that has never reported) stands in as 0 — in its history,
// its forecast and the intervals it settles — and each Decision names
// such series in its Warnings ("never measured: …") until one arrives.
// The forecasts themselves are still
// checked by dispatch.Dispatcher.Step, which repairs and counts what is
// unusable.
//
// Running for years: the history and the settled intervals kept
// ([Controller.Settled], [Controller.Ledger]) are a rolling window
// (Config.History, 53 weeks by default, trimmed by whole weeks every four),
// so the ledger's totals fall when a trim drops weeks. [Controller.SinceStart]
// keeps the ledger's additive quantities — intervals, energy in kWh, the
// residual in kgCO2e, the offsets it needs, the energy cost, export
// revenue and battery wear — summed as each interval settles since the
// first start, through the trims and restarts, and the demand charge,
// which is not a sum: the state keeps each calendar month's peak import
// and prices it as dispatch.Report does (the current month's charge
// still grows). Ratios and the stage judge a period and stay on the
// window.
//
// Restart: [Controller.Save] writes the state — the history kept, the
// forecasters' state (forecast.Regression and forecast.HoltWinters save
// theirs), the plan not yet settled, the battery states, the settled
// intervals, the totals since the first start and the counters —
// atomically to one file; [Load] resumes from it, refusing a damaged,
// foreign or mismatched file with an error unwrapping to [ErrState]. A
// state of the previous format (version 1, which kept no totals since the
// first start) loads, its totals starting from the settled intervals it
// holds ([SinceStart].SinceFirstStart false if it held any); a version-2
// state saved before the money was kept loads with the energy cost and
// export revenue rebuilt from the settled intervals it holds
// ([SinceStart].MoneyFrom says from when); a state of version 1 or 2
// loads with the wear and demand charge rebuilt likewise
// ([SinceStart].WearDemandFrom). Version 3 writes the state's maps as
// slices sorted by name, so the same state saves to the same bytes. A
// restarted
// Controller plans as one that never stopped (its first LP solves cold,
// so to the solver's tolerance).
//
// Concurrency: every method of a Controller takes its lock, so a server
// may call Measure, Last, Ledger, Metrics and Save from handlers while a
// ticker calls Step — but [Controller.Check] and [Controller.CheckAcross],
// which check a batch as Measure would without taking it (a server checks
// a batch, logs it and queues it while a Step runs, and merges it after).
// Save, Encode and Settled hold the lock only to copy ([Controller.State]:
// the history, counters and battery states copied, the settled intervals
// shared, which the Controller only appends to or replaces); the
// encoding, the file and the clone come after, so that a Step does not
// wait for a year's state to be encoded.
// [DecodeMeasurements] reads measurements as JSON.
//
// Resampling: hourly data for a 15-minute Controller go through
// model.ResampleSet first (examples/ems does).
package live
