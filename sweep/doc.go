// Package sweep runs parameter sweeps: every combination of a few varied
// park parameters is dispatched (in parallel, one worker per core) and gives
// one row of KPIs in a CSV results file, which can be resumed after an
// interruption, split into shards across machines and merged back.
//
// # Parameters
//
// A --vary specification is "path=start:stop:step" (stop included when it
// lands on the grid within a relative 1e-9) or "path=a,b,c". Paths:
//
//	battery.energy_kwh        total usable capacity of all batteries, kWh
//	battery.max_charge_kw     total charge power, kW
//	battery.max_discharge_kw  total discharge power, kW
//	battery.power_kw          both of the above
//	pv.capacity_kwp           total PV capacity, kWp
//	wind.capacity_kw          total wind capacity, kW
//	load.scale                multiplies every load's own scale (> 0)
//	grid.import_limit_kw      import limit, kW ("unlimited" allowed)
//	grid.export_limit_kw      export limit, kW ("unlimited" allowed)
//	policy.horizon_h          rolling-horizon look-ahead, hours (> 0)
//
// A kind-level path sets the TOTAL over the assets of that kind, split in
// proportion to their capacities in the park file (two arrays of 1000 and
// 500 kWp with pv.capacity_kwp=3000 become 2000 and 1000), or equally when
// those are all 0. "kind[Name].field" (e.g. pv[Rooftop PV].capacity_kwp,
// battery[Main].power_kw, load[Hotel].scale) sets one asset. A path may not
// appear twice nor overlap another (battery.power_kw with
// battery.max_charge_kw; pv.capacity_kwp with pv[X].capacity_kwp). A
// battery left with 0 kWh is removed from that scenario's park. At most
// [MaxCombinations] combinations.
//
// Combination k is numbered like an odometer over the --vary options in the
// order given: the first varies slowest ([Space.Values]).
//
// # Results file
//
// One header line, then one row per combination. Columns, in order:
//
//   - combination: k, the row's key (with the parameter values);
//   - one column per --vary path, named by the path as written;
//   - design_pv_capacity_kwp, design_wind_capacity_kw,
//     design_battery_energy_kwh, design_battery_max_charge_kw,
//     design_battery_max_discharge_kw, design_battery_power_kw
//     (Σ max(charge, discharge)), design_grid_import_limit_kw,
//     design_grid_export_limit_kw, design_policy_horizon_h: the scenario's
//     totals after the parameters were applied (capex is computed from them);
//   - the summary.json KPIs of dispatch.Report, flattened: policy, start,
//     end, steps, step_minutes; energy_<key>_kwh for every key of
//     energy_kwh (load, served, pv, wind, renewable, renewable_available,
//     curtailed, import, export, unserved, charge, discharge,
//     battery_losses, stored_change); baseline_kgco2e, residual_kgco2e,
//     avoided_kgco2e, dispatch_signal_kgco2e, storage_adjustment_kgco2e,
//     adjusted_residual_kgco2e, storage_value_kgco2e_per_kwh,
//     offsets_needed_tco2e, certificates_mwh, offset_cost,
//     certificate_cost, energy_cost, stage; the stage basis clean_share,
//     clean_share_min, carbon_tco2_per_tce, carbon_tco2_per_tce_max,
//     consumption_tce_per_year, indicators_met, residual_offset,
//     reduction_vs_baseline; renewable_share (the traced renewable content
//     of the served load), self_sufficiency, self_consumption,
//     curtailment_share, unserved_kwh; solve statistics solves,
//     simplex_iterations, repaired_values (over all series), soc_clamped,
//     horizon_steps, horizon_capped; then energy_consumption_kwh
//     (GB/T 2589: import + renewable − export), energy_renewable_consumed_kwh,
//     energy_renewable_served_kwh, energy_grid_served_kwh, consumption_tce,
//     core_indicator_met, clean_share_met, clean_share_required,
//     certificates_counted_mwh, unserved_share, unserved_tolerance_share,
//     stage_limited_by (why the scenario stops short of the next stage),
//     offsets_held_tco2e, certificates_held_mwh, signals_differ (the
//     dispatch signal is not the accounting factor), demand_charge_cost,
//     objective ("carbon" or "cost") and carbon_price_per_tco2e (a sweep
//     will not resume a file written with another objective or price).
//     clean_share and
//     carbon_tco2_per_tce divide by the consumption (files written before
//     the stage followed GB/T 2589 divided by the served load), and
//     indicators_met is the core indicator (and the clean share when
//     required);
//   - forecasts: what the rolling horizon planned with, "default" or the
//     scenario's forecaster choices (e.g. "carbon=provided:co2_da"; the
//     CLI's --forecast), empty for the other policies;
//   - only with timings: solve_time_total_s, solve_time_p50_ms,
//     solve_time_p99_ms (wall clock, so the file then differs between runs);
//   - combinations_total: the number of combinations of the sweep's space,
//     so that a merge can tell which are missing;
//   - park_sha256, series_sha256, settings_sha256: the sweep's
//     [Fingerprint], hex SHA-256 digests of the park as parsed and
//     re-marshalled (file layout does not count), the series as parsed
//     (after any slicing, with the derived availability columns; number
//     formatting does not count) and the settings (policy, horizon,
//     unserved-load penalty, terminal policy, single pass, every ledger
//     setting including prices and offsets or certificates held, the
//     forecasters, the --vary paths and values);
//   - zeropark_version: the build stamp (internal/buildinfo: module
//     version, VCS revision, Go version) of the zeropark that wrote the row.
//
// Numbers are written in the shortest form that reads back to the same
// float64 ("+Inf" for an unlimited grid limit). The names are stable:
// columns may be added at the end of the KPI list, never renamed. The
// fingerprint columns close every row, so that tools can select and group
// rows by them without a sidecar file that could be lost on the way.
//
// # Resuming, order and shards
//
// Rows are appended as they complete, by one writer that the workers hand
// their rows to (so no worker waits on the disk): whole lines only, each
// write followed by fsync, rows that finished together written together.
// Re-running the same command resumes: the header must match, every
// existing row must belong to this sweep (same parameter and design values
// for its combination, same policy and forecasters) and carry this sweep's
// fingerprint, and those combinations are not run again; only then is a
// trailing partial line dropped (the file rewritten atomically), so a
// refused resume leaves the file as it was. A row made from another park,
// series or settings is refused with a [*FingerprintError] naming the
// parts that differ; a file without the fingerprint columns (written
// before they existed) is refused unless Options.ForceResume, which
// adopts its rows with this sweep's fingerprint and an empty
// zeropark_version. Rows written by another build are resumed, with a
// warning (Options.Warn). At the end the file is rewritten atomically in
// combination order (unless Options.Unsorted), so a finished file does not
// depend on worker count or interruptions.
//
// # One writer
//
// The process running a sweep holds an exclusive advisory lock on the
// results file for the whole run, resume and final sort included: flock(2)
// on ".<name>.lock" beside it on unix (released by the kernel however the
// process ends, so a killed sweep leaves no stale lock), an exclusively
// created lock file elsewhere. A second [Run], or a [MergeFiles] writing
// the same file, fails at once with an error unwrapping to [ErrLocked] that
// names the file and the holder's process id (the CLI exits with 2). The
// temporary files of an interrupted atomic rewrite are removed under the
// lock.
//
// A [Shard] i/n runs only combinations k with k mod n = i, the same on
// every machine; [MergeFiles] joins the shards' files (same header, one
// fingerprint, rows equal but for zeropark_version kept once, different
// rows for one combination an error) in combination order, and lists the
// combinations no file holds (MergeStats.Missing; an [ErrIncomplete] error
// with MergeOptions.RequireComplete).
//
// # Cost
//
// [Cheapest] ranks rows by energy_cost + offset_cost + certificate_cost
// plus, for each [Capex] rate given, rate × design quantity × period/8760 h.
// Without capex the "cheapest" scenario ignores investment, so it tends to
// be the biggest one.
package sweep
