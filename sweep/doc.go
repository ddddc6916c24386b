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
//	battery.energy_kwh        total energy capacity of all batteries (energy_kwh), kWh
//	battery.max_charge_kw     total charge power, kW
//	battery.max_discharge_kw  total discharge power, kW
//	battery.power_kw          both of the above
//	pv.capacity_kwp           total PV capacity, kWp
//	wind.capacity_kw          total wind capacity, kW
//	load.scale                multiplies every load's own scale (> 0)
//	grid.import_limit_kw      import limit, kW ("unlimited" allowed)
//	grid.export_limit_kw      export limit, kW ("unlimited" allowed)
//	policy.horizon_h          rolling-horizon look-ahead, hours (> 0; mpc and mpc-perfect only)
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
// # The grid connection
//
// Where economics.grid_connection makes the connection a candidate
// (max_total_kw > 0), a row is on the plan's terms (package plan, "The
// grid connection"): its connection is S = max(its import limit, the park
// file's), the larger one priced as the plan prices the kW it adds, a
// smaller one a cap on the connection the park has (never a refund: the
// plan takes no capacity away). A connection carries its rating both ways,
// so where the park file's export limit equals its import limit
// (model.Grid.RaisesExport, the rule by which the plan's design park
// raises both) and the sweep varies grid.import_limit_kw but not
// grid.export_limit_kw, each row runs with export limit max(import, the
// park file's export) — at a design's import limit, the plan's design park
// exactly ([ExportFollowsImport]). An export limit below the import limit
// (a utility's export cap, 0 for none) or unlimited is a limit of its own
// and stays, as in the plan. A varied grid.export_limit_kw stands as
// given, but may not exceed both the row's connection S and the park
// file's export limit (a value up to that only tightens a limit the park
// has): beyond both it would export through a connection the row does not
// pay for, and [Run] refuses it up front in the varied park's terms — past
// max_total_kw naming that bound, as it does an import limit past it,
// else naming the export limit, the connection and today's export limit.
// The design_grid_import_limit_kw and design_grid_export_limit_kw columns
// hold the limits each row ran with, and a sweep whose rows follow the
// rule has it in its fingerprint's settings part. Without the candidate
// the grid limits are the park's own to set: nothing follows, nothing is
// checked against the connection, and nothing is priced.
//
// # Results file
//
// One header line, then one row per combination: "combination", one
// column per --vary path (named by the path as written), the scenario's
// design totals (design_…), every KPI of summary.json, the costs per year
// (results.AnnualCostsOfVaried): capital_per_year and fixed_om_per_year of what
// the combination adds beyond the park file's capacities, asset by asset
// (an array raised adds what it gains; one cut below the park file's
// saves nothing, its capacity sunk, so a row that moves capacity from one
// PV array to another pays for all it adds, not the net) (empty without
// economics, and a varied technology the economics give no costs for is
// warned about; a varied grid.import_limit_kw is priced above the park
// file's only where economics.grid_connection makes the connection a
// candidate, and is otherwise the park's own to set, at no cost (see "The
// grid connection" above); a value above the economics' max_total_… of its
// technology is refused, naming the bound, before anything is written,
// and so is one that adds part of a whole unit where the economics give
// a unit size (economics.wind.unit_kw: 500 and a varied 750 kW of wind
// added; plan.CheckWholeUnits, as plan.CostOfAdding refuses it, rather
// than pricing units the row does not run with): [Run] checks every
// combination's park first), operating_cost_per_year (energy + demand charge + battery
// wear, no offsets or certificates), total_cost_per_year (capital + fixed
// O&M + operating + purchases, whatever the row's stage; empty without
// economics) and purchases_per_year (results.Purchases: offsets for the
// residual beyond the offsets held, plus certificates for the clean
// share's shortfall beyond those held when the ledger requires the clean
// share — what takes the row to zero-carbon when it can get there), then
// each stage's purchases and cost as package plan prices its roadmap
// (results.StagePurchases: cost_to_low_carbon_per_year,
// cost_to_near_zero_carbon_per_year, cost_to_zero_carbon_per_year, empty
// where the row cannot reach the stage by buying) and the heat figures
// energy_cost_per_period holds (fuel, heat bought, CHP O&M; 0 without
// heat), investment (what the combination adds × capital cost, up front,
// not annualised, gross of incentives — capital_per_year is of the
// capital net of them; empty without economics; no payback: see package
// results), "forecasts", the
// solve times with Options.Timings, then combination_count, the sweep's
// fingerprint (park_sha256, series_sha256, settings_sha256: see
// [NewFingerprint]) and zeropark_version. Package results owns the format:
// its documentation lists every column, and this package writes and reads
// the file only through it (results.SweepHeader, results.SweepFields,
// results.ParseTable). Every column name carries its unit
// (results.SweepColumnDocs lists them). Numbers are written as
// results.FormatNumber does: the shortest text that reads back to the same
// float64, never in exponent notation; an unlimited grid limit is the word
// "unlimited" (results.Unlimited) in the parameter and design columns.
// Questions asked of a finished file — the cheapest row reaching each
// stage, a KPI over two parameters — are answered by results.Table.
//
// # Resuming, order and shards
//
// Rows are appended as they complete, by one writer that the workers hand
// their rows to (so no worker waits on the disk): whole lines only, each
// write followed by fsync, rows that finished together written together.
// Re-running the same command resumes: the header must match, every cell
// must be what zeropark writes in its column (results.Table.CheckCells:
// a number where it is numeric, no empty cell where one is always
// written, …), every existing row must belong to this sweep (same parameter and design values
// for its combination, same policy and forecasters) and carry this sweep's
// fingerprint, and those combinations are not run again; only then is a
// trailing partial line dropped (the file rewritten atomically), so a
// refused resume leaves the file as it was. A file with no complete line
// is a torn header only when it begins this sweep's header; anything else
// (a user's file named by mistake) is refused, never emptied. A file an
// older zeropark wrote with the columns' old names (results.SweepRenames)
// or "+Inf" limits is resumed, and merged, in the current form: the file
// is rewritten with the new header and "unlimited". A file written before
// the stage and heat columns (results.StageColumns) is merged as it is;
// resumed, its stage cells are filled in from each row's own cells and
// this sweep's prices (results.Table.AddStageColumns) — for a park without
// heat only: a heat park's such file is refused with ErrFile. A file
// written before the investment column (and one just brought up to the
// stage columns) is resumed with each row's investment worked out from
// its design cells and the park's economics
// (results.Table.AddInvestment), a heat park's too: such a file was
// written before the heat paths (2026-12-04), so its heat capacities are
// the park file's. A row made from another park,
// series or settings is refused with a [*FingerprintError] naming the
// parts that differ; a file without the fingerprint columns (written
// before they existed) is refused unless Options.ForceResume, which
// adopts its rows with this sweep's fingerprint and an empty
// zeropark_version. Rows written by another build are resumed, with a
// warning (Options.Warn); a merge counts its rows' builds
// (MergeStats.RowsByBuild), which the command warns of when there are more than
// one. At the end the file is rewritten atomically in
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
// fingerprint, one objective and carbon price — columns the fingerprint
// leaves out, compared as a resume compares them —, rows equal but for
// zeropark_version kept once, different
// rows for one combination an error) in combination order, and lists the
// combinations no file holds (MergeStats.Missing; an [ErrIncomplete] error
// with MergeOptions.RequireComplete).
package sweep
