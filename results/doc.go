// Package results owns every file zeropark writes and reads back, and the
// net-zero text report: for each format the column names (as constants),
// one writer, one reader and a round-trip test.
//
//	intervals.csv          WriteIntervalsCSV, ReadIntervalsCSV       one row per interval
//	summary.json           WriteSummaryJSON, ReadSummaryJSON         the ledger of a run (Summary)
//	tenants.csv            WriteTenantsCSV, ReadTenantsCSV           one row per tenant
//	tenant_intervals.csv   WriteTenantIntervalsCSV, ReadTenantIntervalsCSV
//	attribution.json       WriteAttributionJSON, ReadAttributionJSON
//	a sweep results file   SweepHeader, SweepFields, CSVLine; ParseTable, ReadTable (Table)
//	roadmap.csv            WriteRoadmapCSV, ReadRoadmapCSV           one row per design of a plan
//	roadmap.json           WriteRoadmapJSON, ReadRoadmapJSON         the plan (Roadmap)
//	frontier.csv           WriteFrontierCSV, ReadFrontierCSV         one row per frontier point
//	pathway.csv            WritePathwayCSV                           one row per milestone (PathwayColumnDocs)
//	pathway.json           WritePathwayJSON, ReadPathwayJSON         the pathway (Pathway)
//	backtest.csv           WriteBacktestCSV, ReadBacktestCSV         one row per forecast method and lead
//	backtest.json          WriteBacktestJSON, ReadBacktestJSON       the same rows, with the backtest's settings
//	the net-zero report    WriteReport, WriteComparison, WriteForecastCost, WriteCheapest
//	the plan's report      WriteRoadmap, WriteFrontier
//
// Every key of the JSON files (summary.json, attribution.json,
// roadmap.json, pathway.json, backtest.json) is listed with its type and
// meaning in json-keys.md beside this file, generated from the Go types
// that write them and their field comments: a field added without a
// comment fails TestJSONKeys (go test ./results -run TestJSONKeys
// -update writes the table again). The same keys make a JSON Schema of
// each file in schemas/ (TestJSONSchemas; -update writes them), which a
// file with every key and the files the commands write pass.
//
// [WriteRun] writes a run's files into a directory as one set, atomically;
// [WritePlan] does the same for a plan's (roadmap.csv, roadmap.json, the
// park file of each stage's design, frontier.csv and the park file of each
// frontier point's design ([FrontierPointParkFile], park-point-K.json,
// which frontier.csv's design_park_file names), and the figures it is
// given: zeropark plan's roadmap.png, frontier.png and frontier.svg). The
// columns of roadmap.csv and frontier.csv are listed, with their meaning,
// by [RoadmapColumnDocs] and [FrontierColumnDocs]; `zeropark plan --help`
// and README.md print those lists. The heat pump (kW_th) and thermal
// store (kWh_th) columns, and roadmap.csv's fuel and heat-bought costs,
// are always there (0 on a park without heat); the printed tables show
// them only on a park with heat ([Roadmap].Heat). roadmap.csv's energy
// columns ([DesignEnergy], from each design's ledger, per year) come
// before warnings, a staged roadmap's step_investment after them
// ([StagedRows]; empty when not staged). roadmap.csv, frontier.csv and
// pathway.csv name the currency of their money columns on every row
// (currency, [ColCurrency], as a sweep's: roadmap.csv's just before
// step_investment, frontier.csv's just before warnings, pathway.csv's
// last); a roadmap.csv or frontier.csv written before it reads with no
// currency (""). A file whose header lacks columns (written before they
// were added) is refused with an error naming them, except warnings and
// roadmap.csv's energy columns: without them a file reads as one without
// warnings and rows whose energy is not known (nil). A roadmap row out of reach ([RoadmapRow].Unreachable) has
// no design and no figures: its roadmap.csv cells are empty but for
// target, unreachable, the carbon price and the currency, and roadmap.json writes only its target, stage
// and reason, so that a 0 is never read as a free design.
// [WriteBacktest] writes backtest.csv and backtest.json (`zeropark
// forecast --out`) into a directory as one set, atomically. Their columns
// are listed by [BacktestColumnDocs]: method, lead (steps, or "all" for
// every lead merged), lead_h, origins, mae_<unit>, rmse_<unit>, nmae,
// bias_<unit> (forecast − actual: positive over-forecasts) and skill
// (1 − RMSE/RMSE of persistence), where <unit> is the series' unit in
// snake case ([UnitSlug]: kw, kw_per_kwp, kgco2e_per_kwh) or series_unit
// when not known; an undefined metric is an empty cell (null in JSON).
// A forecast skill is undefined (NaN) where persistence is exact (a flat
// or windless series), and an nMAE (MAE / mean |actual|) where every
// actual is 0 (a windless wind column, a zero load); the printed tables
// show either as [NotDefined] ("n/a", [FormatSkill], [FormatNMAE], and
// [FormatSkillPtr], [FormatNMAEPtr] for dispatch.LeadStats' pointers: the
// report's forecaster table, `zeropark forecast`) and summary.json's
// forecast_errors as null (dispatch.LeadStats.Skill and NMAE nil).
// On a sweep [Table] it answers the questions asked of one: a KPI over two
// parameters with the others held ([Table.Grid], what the heat map draws)
// and the cheapest row reaching each stage ([Cheapest]). It imports
// model, dispatch and internal packages only, so a library user can read
// and write zeropark's files without the command line.
//
// # Column names
//
// Every column name is plain snake_case. Columns per asset are named
// <kind>_<slug>_<quantity> — pv_rooftop_pv_kw, wind_wind_turbine_available_kw,
// battery_battery_soc_kwh — and a tenant's columns in tenant_intervals.csv
// <slug>_<quantity> (large_office_kw, large_office_kgco2e). The slug is the
// asset's name lower-cased, with every run of characters outside [a-z0-9]
// turned into one "_" and "_" trimmed from both ends ([Slug]). An asset
// whose slug is empty (a name in Chinese, say) or whose columns would be
// named like another asset's of its kind takes its 1-based index in the
// park file instead (pv_2_kw); should that still collide, every asset of
// the kind goes by its index ([AssetSlugs]). The columns of intervals.csv,
// tenants.csv and tenant_intervals.csv are listed, with their meaning, by
// [IntervalColumnDocs], [TenantColumnDocs] and [TenantIntervalColumnDocs];
// the run command's --help and README.md print those lists.
//
// # Numbers
//
// Every CSV file writes a number one way ([FormatNumber]): the shortest
// decimal that reads back to the same float64, never in exponent notation
// (6836100, not 6.8361e+06). So sums recomputed from intervals.csv equal
// the totals of summary.json. An unlimited grid limit is "+Inf" in the run
// and plan files, and the word "unlimited" ([Unlimited], [FormatLimit]) in
// a sweep results file's parameter and design columns, where planners
// load it into spreadsheets, pandas and R: a word no tool takes for a
// number (an empty cell would read as 0 in a spreadsheet formula — a
// limit of 0 kW is the opposite of none — and already means "not
// computed" in the cost columns; "+Inf" is text to a spreadsheet and a
// number to pandas). In pandas, read_csv(f, na_values=["unlimited"])
// gives NaN, or .replace("unlimited", "inf") then pd.to_numeric gives inf.
// JSON files are written by encoding/json, indented by two spaces, a
// list or a map that holds nothing as [] or {}, never null (the value
// written is a copy, internal/nonull: the caller's is not changed).
//
// # Sweep results file
//
// One header line, then one row per combination. [SweepColumnDocs] lists
// every column with its meaning and unit (`zeropark sweep --help` and
// README.md print that list). Every name carries its unit — kW, kWh, kWp,
// kgCO2e, tCO2e, MWh, tce, h, s, ms, minutes — or says what it is:
// _fraction (0–1, never per cent), _count (a whole number of things),
// _per_period or _per_year (money in the park file's currency,
// economics.currency: over the simulated period or scaled to a year); the
// rest are identifiers, text or true/false flags. Columns, in order:
//
//   - combination: k, the row's key (with the parameter values);
//   - one column per --vary path, named by the path as written
//     (battery.energy_kwh, pv[Rooftop PV].capacity_kwp), in the path's
//     unit (load.scale is a multiplier): the parameter columns are those
//     between combination and the first column this package names itself
//     ([Table.Params]); a grid limit without bound is "unlimited";
//   - design_pv_capacity_kwp, design_wind_capacity_kw,
//     design_battery_energy_kwh, design_battery_max_charge_kw,
//     design_battery_max_discharge_kw, design_battery_power_kw
//     (Σ max(charge, discharge)), design_grid_import_limit_kw,
//     design_grid_export_limit_kw ("unlimited" when the grid has no
//     limit), design_policy_horizon_h: the scenario's totals after the
//     parameters were applied ([Design]; capex is computed from them,
//     [DesignColumn]);
//   - the summary.json KPIs of dispatch.Report, flattened: policy, start,
//     end, step_count, step_minutes; energy_<key>_kwh for these keys of
//     energy_kwh (not soc_correction, charged_while_discharging or
//     at_once_intervals, which have no column: energy_load_kwh,
//     energy_served_kwh, energy_pv_kwh, energy_wind_kwh,
//     energy_renewable_kwh, energy_renewable_available_kwh,
//     energy_curtailed_kwh, energy_import_kwh, energy_export_kwh,
//     energy_unserved_kwh, energy_charge_kwh, energy_discharge_kwh,
//     energy_battery_losses_kwh, energy_stored_change_kwh); baseline_kgco2e,
//     residual_kgco2e, avoided_kgco2e, dispatch_signal_kgco2e,
//     storage_adjustment_kgco2e, adjusted_residual_kgco2e,
//     storage_value_kgco2e_per_kwh, offsets_needed_tco2e, certificates_mwh,
//     offset_cost_per_period, certificate_cost_per_period,
//     energy_cost_per_period, stage; the stage basis clean_share_fraction,
//     clean_share_min_fraction, carbon_tco2_per_tce,
//     carbon_tco2_per_tce_max, consumption_tce_per_year, indicators_met,
//     residual_offset, reduction_vs_baseline_fraction;
//     renewable_share_fraction (the traced renewable content of the served
//     load), self_sufficiency_fraction, self_consumption_fraction,
//     curtailment_share_fraction, unserved_kwh; solve statistics
//     solve_count, simplex_iteration_count, repaired_value_count (over all
//     series), soc_clamped_count, horizon_step_count, horizon_capped; then
//     energy_consumption_kwh (GB/T 2589: import + renewable − export),
//     energy_renewable_consumed_kwh, energy_renewable_served_kwh,
//     energy_grid_served_kwh, consumption_tce, core_indicator_met,
//     clean_share_met, clean_share_required, certificates_counted_mwh,
//     unserved_share_fraction, unserved_tolerance_share_fraction,
//     stage_limited_by (why the scenario stops short of the next stage),
//     offsets_held_tco2e, certificates_held_mwh, signals_differ (the
//     dispatch signal is not the accounting factor),
//     demand_charge_cost_per_period, objective (carbon or cost),
//     carbon_price_per_tco2e (currency per tCO2e) and wear_cost_per_period
//     (summary.json's wear_cost: battery throughput × wear cost per kWh;
//     added on 2026-12-02); then the costs per year
//     ([AnnualCosts], every period figure × 8760 h / the period's hours —
//     the economics the capacity planner prices designs with):
//     capital_per_year and fixed_om_per_year of what the combination adds
//     beyond the park file's capacities (existing capacity is sunk, less
//     than it costs nothing; empty without economics),
//     operating_cost_per_year (energy + demand charge + battery wear; no
//     offsets, no certificates), total_cost_per_year (capital, fixed O&M,
//     operating and purchases; empty without economics) and
//     purchases_per_year ([Purchases]: what it costs to buy, beyond the
//     holdings, what takes the row to zero-carbon on the ledger's terms —
//     offsets for the residual beyond the offsets held, plus, only when
//     the clean share is required, certificates for its shortfall below
//     the minimum beyond the certificates held; 0 of either where not
//     needed; the ledger's offset_cost_per_period and
//     certificate_cost_per_period are alternatives, never both bought, so
//     their sum is not this). clean_share_fraction and carbon_tco2_per_tce
//     divide by the consumption (files written before the stage followed
//     GB/T 2589 divided by the served load), and indicators_met is the
//     core indicator (and the clean share when required). purchases_per_year
//     takes the row to zero-carbon only when it can get there at all
//     (then it equals zero_carbon_purchases_per_year), and
//     total_cost_per_year includes it whatever the row's stage: it is no
//     stage's cost. Then (added on 2026-12-02) each stage's cost as
//     package plan prices its roadmap ([StagePurchases]; empty when the
//     row cannot reach the stage by buying):
//     near_zero_carbon_certificates_mwh_per_year and
//     near_zero_carbon_purchases_per_year (a required clean share's
//     certificates), zero_carbon_offsets_tco2e_per_year and
//     zero_carbon_purchases_per_year (those and the residual's offsets),
//     cost_to_low_carbon_per_year, cost_to_near_zero_carbon_per_year and
//     cost_to_zero_carbon_per_year (capital + fixed O&M + operating +
//     the stage's purchases; empty without economics); then the heat
//     figures energy_cost_per_period holds (0 on a park without heat):
//     heat_load_kwh_th, heat_served_kwh_th, heat_unserved_kwh_th,
//     fuel_kwh_lhv, fuel_cost_per_period, purchased_heat_kwh_th,
//     purchased_heat_cost_per_period and chp_variable_om_cost_per_period;
//     then (added after them) investment: what the combination adds
//     beyond the park file's capacities × capital cost, up front and not
//     annualised, gross of incentives ([AnnualCosts].Investment;
//     capital_per_year is the annuity of the capital net of each
//     technology's capital_incentive_fraction, as the plan's; named, and
//     worked out, as roadmap.csv's investment; 0 when nothing is added,
//     empty without economics). There is no incentives column: they are
//     investment × the park file's fractions, technology by technology
//     (model.TechCosts.IncentiveOf). A sweep has no simple
//     payback column: a payback is measured against today's park, and a
//     sweep's rows are independent — the row of the park file's own
//     capacities need not be among them (--vary pv.capacity_kwp=0:4000:2000
//     on a park of 1,500 kWp), another varied parameter (load.scale,
//     policy.horizon_h) makes another "today" of each, and a row is
//     written, resumed and merged from shards without the others. Where
//     the file holds the park's own row, a reader divides a row's
//     investment (less its incentives, where the park file gives any) by
//     that row's operating_cost_per_year + fixed_om_per_year less this
//     row's, as plan.Design.SimplePaybackYears does; then currency
//     ([ColCurrency]) and (added on 2026-12-05, after it)
//     offset_price_per_tco2e and certificate_price_per_mwh, the prices
//     offset_cost_per_period and certificate_cost_per_period were taken
//     at (summary.json's keys of the same names; [PriceColumns]: a file
//     written before them is resumed with the sweep's own, which its
//     fingerprint holds);
//   - forecasts: what the rolling horizon planned with, "default" or the
//     scenario's forecaster choices (e.g. "carbon=provided:co2_da"; the
//     CLI's --forecast), empty for the other policies;
//   - only with timings: solve_time_total_s, solve_time_p50_ms,
//     solve_time_p99_ms (wall clock, so the file then differs between runs);
//   - combination_count: the number of combinations of the sweep's space,
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
// Columns may be added at the end of the KPI list. Twenty columns were
// renamed (December 2026) so that their names carry their unit, their
// values unchanged: steps, solves, simplex_iterations, repaired_values,
// soc_clamped, horizon_steps and combinations_total took _count;
// offset_cost, certificate_cost, energy_cost and demand_charge_cost took
// _per_period; clean_share, clean_share_min, reduction_vs_baseline,
// renewable_share, self_sufficiency, self_consumption, curtailment_share,
// unserved_share and unserved_tolerance_share took _fraction
// ([SweepRenames]). [ParseTable] reads a file with the old names under the
// new ones, and its "+Inf" limits as "unlimited" ([Table.Upgraded]), so
// a sweep resumed or merged from such a file rewrites it in the current
// form, and queries ([Table.Col]) find a column by either name. A file
// written before the stage columns ([WithoutStageColumns]) or before the
// investment ([WithoutInvestment]) is merged as it is; package sweep
// resumes it into today's layout, byte for byte the file a new run
// writes: [Table.AddStageColumns] works the stage cells out of each row's
// own cells, and [Table.AddInvestment] the investment out of its design
// cells and the park's economics (a sweep varies no heat capacity, so
// the design cells are all it adds), refusing a row whose
// capital_per_year those economics do not give. The
// fingerprint columns close every row, so that tools can select and group
// rows by them without a sidecar file that could be lost on the way.
// Package sweep writes the file (appending rows, resuming, merging shards)
// through this package.
//
// # Cost
//
// [Cheapest] ranks the rows reaching each stage, as they are or by
// buying, on that stage's cost ([RowStageCosts]): the cost_to_… column
// when the park has economics (the cost columns are filled) and no
// [Capex] is given. Capex rates are the fallback for a park without
// economics, and win when given: rows are then ranked by
// (operating_cost_per_year + the stage's purchases per year) ×
// period/8760 h plus, for each rate, rate × design quantity ×
// period/8760 h. A file written before the stage columns
// ([Table.StageCosts] false) is ranked as then: on total_cost_per_year
// (or operating + purchases_per_year) at the stages the holdings reach,
// and [WriteCheapest] says so. With the park's economics and a file
// that has the column, [WriteCheapest] prints each pick's investment up
// front beside its costs a year. With neither, the "cheapest" scenario ignores
// investment, so it tends to be the biggest one. "Operating" means energy
// + demand charge + battery wear everywhere (the CSV, the printed table,
// package plan); purchases are their own figure. A file written before
// purchases_per_year existed is refused (its total counted the offsets
// and the certificates for all import both).
//
// Errors unwrap to [ErrOutput] (a run's files cannot be written as asked;
// a [*DirError] when their directory cannot take them), [ErrFile] (a file read back is damaged or not this package's, through a
// [*FileError] naming the file, line, column and value), [ErrQuery] (a
// question the table cannot answer) or [ErrCapex].
package results
