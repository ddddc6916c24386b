// Package model describes a park microgrid: its tenants' loads, PV arrays,
// wind turbines, batteries and its one grid connection, optionally its heat
// side, together with the time series that drive it.
//
// Units live in names: every exported field and JSON key carries its unit
// (CapacityKWp / "capacity_kwp", MaxChargeKW / "max_charge_kw",
// KgCO2ePerKWh / "kgco2e_per_kwh"). Power is in kW, energy in kWh, carbon in
// kgCO2e, time steps are time.Duration. Power held for a step converts to
// energy through [EnergyKWh].
//
// A park is checked with [Park.Validate], which reports every problem at
// once; each problem is a [*FieldError] that names the asset, the field, the
// value and the reason, and unwraps to [ErrInvalid]; for a park read by
// [ReadParkJSON] it names the file and the line and column of the key
// too, as the reader's own errors do. [Park.ValidateWith]
// checks it against its series as well ([SeriesSet.Validate] checks the
// series alone).
//
// Files: a park is JSON ([ReadParkJSON], [LoadPark], [Park.WriteJSON],
// [SavePark]; an unlimited grid limit is the string "unlimited"); errors are
// [*JSONError] values naming file, line, column, the asset and the key with
// its full path ([JSONError].Path: "batteries[1].energy_kw"). Series are CSV
// with a header "timestamp,<columns…>" and RFC 3339 timestamps at a fixed step
// (a lower-case t and z, which RFC 3339 §5.6 allows, read as T and Z: [ParseRFC3339],
// which every reader of a time in zeropark uses, [UnmarshalRFC3339JSON] for JSON, and
// [UpperRFC3339Times] before decoding zeropark's own JSON files and serve's snapshots),
// each row holding for the interval that starts at its timestamp ([ReadSeriesCSV], [LoadSeries], [SeriesSet.WriteCSV], [SaveSeries]);
// the set keeps each row's own UTC offset as its clock (offsets that follow
// daylight saving time give [SeriesSet.Start] a location whose offset
// changes where the file's do), which time-of-use hours and calendar months
// are read in;
// errors are [*ParseError] values naming file, line, column and value. Both
// unwrap to [ErrInvalid]; both writers round-trip exactly and save
// atomically.
//
// Nothing in a park file defaults silently: [ReadParkJSON] rejects a missing
// or null required key, a key given twice in one object, a key in another
// case (keys are case-sensitive) and a null asset, each a [*JSONError]
// naming the line, the asset by index and name and the key, all at once.
// So are every key the format does not have, with what was likely meant (a
// key of that object, not already given, a few letters off, case ignored,
// or with its unit left out: did you mean "energy_kwh"?; the objects it belongs to when it is a
// good key in the wrong place), and the first value of the wrong JSON type,
// at the value; a misspelt required key is not also reported missing. A
// syntax error is one error at its line and column. A carbon signal or a
// price needs a non-empty column name or a constant.
// Optional keys take the value shown when absent or null. [ParkKeys] holds
// this list (the README shows it as a table; [ParkSchema] is the same
// rules as a JSON Schema, for editors):
//
//   - park: required loads, grid; optional $schema = "" (the URI of the park file's JSON Schema, for an editor: zeropark validate --schema writes it; not read); name = ""; description = "" (free text: what the park is, the sources of its figures; not read); pv = none; wind = none; batteries = none; heat_loads = none; heat_pumps = none; electric_boilers = none; fuel_boilers = none; chp = none; thermal_storage = none; purchased_heat = none; fuels = none: the catalogue's figures; market = none: nothing held; stage_thresholds = none: the ledger's defaults; stage_thresholds_by_year = none: stage_thresholds in every year (read by plan pathway only); economics = none: no capacity planning
//   - loads[]: required name, column_kw; optional scale = 1 (a 0 in the file is refused: it would read as this)
//   - pv[]: required name, capacity_kwp; optional availability_column_kw_per_kwp = none, but exactly one of it and weather (Park.Validate); weather = none
//   - pv[].weather: required latitude_deg, longitude_deg, tilt_deg, azimuth_deg, ghi_column_w_m2, dni_column_w_m2, dhi_column_w_m2; optional elevation_m = 0 (sea level); temp_column_c = none: 20 °C ambient; wind_speed_column_m_s = none: 1 m/s; sun_offset_minutes = half the step (0: at the timestamp); temp_coeff_per_c = -0.0037; losses_fraction = 0.14; inverter_efficiency = 0.96 (a 0 in the file is refused: it would read as this); dc_ac_ratio = 1.2 (a 0 in the file is refused: it would read as this); albedo = 0.2; sky_model = "haydavies"
//   - wind[]: required name, capacity_kw; optional availability_column_kw_per_kw = none, but exactly one of it and weather (Park.Validate); weather = none
//   - wind[].weather: required speed_column_m_s, measurement_height_m, hub_height_m; optional shear_exponent = 1/7 (0: no extrapolation); temp_column_c = none: no air-density correction (give both or neither); pressure_column_hpa = none; power_curve = the generic curve; cut_in_m_s = 3 (a 0 in the file is refused: it would read as this); rated_m_s = 12 (a 0 in the file is refused: it would read as this); cut_out_m_s = 25 (a 0 in the file is refused: it would read as this)
//   - wind[].weather.power_curve[]: required speed_m_s, kw_per_kw
//   - batteries[]: required name, energy_kwh, max_charge_kw, max_discharge_kw, charge_efficiency, discharge_efficiency, min_soc_fraction, max_soc_fraction, initial_soc_fraction; optional self_discharge_per_hour = 0; wear_cost_per_kwh = 0
//   - heat_loads[]: required name, column_kw_th; optional scale = 1 (a 0 in the file is refused: it would read as this); kind = "" (not said; else "space_heating", "hot_water" or "process"); tenant = none
//   - heat_pumps[]: required name, capacity_kw_th; optional cop = none, but exactly one of it and cop_model (Park.Validate); cop_model = none
//   - heat_pumps[].cop_model: required kind, temp_column_c, sink_temp_c; optional carnot_fraction = none (required for kind "carnot"; Park.Validate)
//   - electric_boilers[]: required name, capacity_kw_th, efficiency
//   - fuel_boilers[]: required name, capacity_kw_th, efficiency_lhv, fuel
//   - chp[]: required name, capacity_kw, electric_efficiency_lhv, thermal_efficiency_lhv, fuel; optional variable_om_per_kwh = 0 (per kWh of electricity; a gas engine: 0.0195 USD, REopt.jl om_cost_per_kwh); heat_dump_kw_th = 0: no heat dump, the heat must be used or stored (else the dry cooler's capacity, kW_th)
//   - thermal_storage[]: required name, energy_kwh_th, max_charge_kw_th, max_discharge_kw_th, min_soc_fraction, max_soc_fraction, initial_soc_fraction; optional standing_loss_per_hour = 0
//   - purchased_heat[]: required name, limit_kw_th; optional kgco2e_per_kwh_th = 0.396 (0.11 tCO2/GJ: GB/T 32150-2015 guidelines); kgce_per_kwh_th = 0.122832 (GB/T 2589-2020); price_per_kwh_th = 0; source = ""
//   - fuels[]: required name; optional kgco2e_per_kwh_lhv = the catalogue's (FuelCatalogue; required for a fuel not in it: Park.Validate); kgce_per_kwh_lhv = the catalogue's (FuelCatalogue; required for a fuel not in it: Park.Validate); renewable = the catalogue's, else false; price_per_kwh_lhv = 0; source = ""
//   - grid: required import_limit_kw, export_limit_kw, dispatch_carbon; optional accounting_carbon = none: dispatch_carbon serves the ledger too; import_price = 0; export_price = 0; demand_charge_per_kw_month = 0
//   - grid.dispatch_carbon, grid.accounting_carbon: required one of column_kgco2e_per_kwh or kgco2e_per_kwh; optional kind = "" (unspecified; a kgco2e_per_kwh of 0 needs a kind or a source: Park.Validate); source = ""
//   - grid.import_price, grid.export_price: required one of column_per_kwh or per_kwh; optional time_of_use = none: per_kwh in every interval
//   - grid.import_price.time_of_use[], grid.export_price.time_of_use[]: required from_hour, to_hour, per_kwh; optional days = "all"; months = every month
//   - market: required none; optional offsets_held_tco2e = 0; certificates_held_mwh = 0; offset_price_per_tco2e = the command's --offset-price; certificate_price_per_mwh = the command's --certificate-price
//   - stage_thresholds_by_year[]: required year, stage_thresholds
//   - stage_thresholds, stage_thresholds_by_year[].stage_thresholds: required none; optional clean_share_min_fraction = 0.9 (910号's guiding indicator 清洁能源消费占比); require_clean_share = false (the command's --require-clean-share); carbon_tco2_per_tce_max = 0.2 (910号's core indicator 单位能耗碳排放); carbon_tco2_per_tce_max_large = 0.3 (910号, parks of 1 Mtce a year or more); large_park_tce_per_year = 1e+06; kgce_per_kwh = 0.1229 (GB/T 2589-2020); low_carbon_renewable_share_min_fraction = 0.3 (zeropark's default, from no cited standard: 910号 sets none); low_carbon_reduction_min_fraction = 0.3 (zeropark's); unserved_tolerance_fraction = 0.001; source = "" (the indicator set the thresholds are from; the report quotes it)
//   - economics: required currency; optional cost_year = none (informative); discount_rate_per_year = 0.0624 (USD only; REopt.jl v0.56.4); analysis_years = 25 (REopt.jl v0.56.4; whole years, 1 to 100: what NPV and discounted payback run over); pv = none: not a candidate; wind = none: not a candidate; battery = none: not a candidate; heat_pump = none: not a candidate; thermal_storage = none: not a candidate; electric_boiler = none: not a candidate; chp = none: not a candidate; fuel_boiler = none: not a candidate; grid_connection = none: not a candidate
//   - economics.pv: required none; optional capital_per_kwp = 1920 (USD only; REopt.jl v0.56.4); fixed_om_per_kwp_year = 20 (USD only; REopt.jl v0.56.4); lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kwp = 0: not a candidate; unit_kwp = 0: any amount (else whole units of this size)
//   - economics.wind: required none; optional capital_per_kw = 2896 (USD only; REopt.jl v0.56.4); fixed_om_per_kw_year = 42 (USD only; REopt.jl v0.56.4); lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kw = 0: not a candidate; unit_kw = 0: any amount (else whole units of this size)
//   - economics.battery: required none; optional capital_per_kwh = 253 (USD only; REopt.jl v0.56.4); capital_per_kw = 968 (USD only; REopt.jl v0.56.4); fixed_om_per_kwh_year = 0.025 × capital_per_kwh (USD only; REopt.jl v0.56.4); fixed_om_per_kw_year = 0.025 × capital_per_kw (USD only; REopt.jl v0.56.4); lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kwh = 0: not a candidate; max_total_kw = 0: not a candidate; unit_kwh = 0: any amount (else whole units of this size); unit_kw = 0: any amount (else whole units of this size)
//   - economics.heat_pump: required none; optional capital_per_kw_th = 4050 USD per ton of heating ÷ 3.51685 kW_th per ton ≈ 1151.6 (USD only; REopt.jl v0.56.4); fixed_om_per_kw_th_year = 0 (USD only; REopt.jl v0.56.4); lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kw_th = 0: not a candidate; unit_kw_th = 0: any amount (else whole units of this size)
//   - economics.thermal_storage: required none; optional capital_per_kwh_th = 1.50 USD per gallon ÷ 0.04768 kWh_th per gallon (180 → 160 °F) ≈ 31.46 (USD only; REopt.jl v0.56.4); fixed_om_per_kwh_th_year = 0 (USD only; REopt.jl v0.56.4); lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kwh_th = 0: not a candidate; unit_kwh_th = 0: any amount (else whole units of this size)
//   - economics.electric_boiler: required none; optional capital_per_kw_th = 154902 USD per MMBtu/h ÷ 293.07107 kW_th per MMBtu/h ≈ 528.5 (USD only; REopt.jl v0.56.4); fixed_om_per_kw_th_year = 0 (USD only; REopt.jl v0.56.4); lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kw_th = 0: not a candidate; unit_kw_th = 0: any amount (else whole units of this size)
//   - economics.chp: required none; optional capital_per_kw = 2800 per kW electric (gas engine at 1,000 kW) (USD only; REopt.jl v0.56.4); fixed_om_per_kw_year = 0 (USD only; REopt.jl v0.56.4); lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kw = 0: not a candidate; unit_kw = 0: any amount (else whole units of this size)
//   - economics.fuel_boiler: required none; optional capital_per_kw_th = 293000 USD per MMBtu/h ÷ 293.07107 kW_th per MMBtu/h ≈ 999.8 (USD only; REopt.jl v0.56.4); fixed_om_per_kw_th_year = 2930 USD per MMBtu/h ÷ 293.07107 ≈ 10 (USD only; REopt.jl v0.56.4); lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kw_th = 0: not a candidate; unit_kw_th = 0: any amount (else whole units of this size)
//   - economics.grid_connection: required capital_per_kw; optional fixed_om_per_kw_year = 0; lifetime_years = 25; capital_incentive_fraction = 0: none (the share of the capital returned at purchase, in [0, 1)); max_total_kw = 0: not a candidate (else the largest grid.import_limit_kw, today's included); unit_kw = 0: any amount (else whole units of this size)
//
// Validation problems with a series value name the series file and the line
// of its row as well as the timestamp ([FieldError] File and Line). Error
// messages repeat at most [MaxEchoBytes] of any user text (a cell, a key, a
// name) and then give its length.
//
// The grid's prices may be time-of-use tables ([TOUPeriod]) and its tariff
// may carry a demand charge per kW of each month's peak import. The
// optional [Economics] give the costs of more PV, wind, batteries, heat
// pumps, thermal storage, electric and fuel boilers and CHP and the candidate bounds; [Park.CapacityCosts] resolves their defaults
// (REopt.jl v0.56.4, USD) and [CapitalRecoveryFactor] annualises them,
// net of each technology's capital_incentive_fraction (0 unless given:
// an incentive depends on the jurisdiction and the year, see
// [Economics]); analysis_years is the period a plan values its designs
// over.
//
// The heat side is optional ([Park.HasHeat]): [HeatLoad] values in kW_th
// (heat delivered, with a kind and the electric load of their tenant),
// served by a [HeatPump] (a constant COP, or a [COPModel] over a
// temperature column: [StaffellAirCOP], the Staffell et al. 2012
// air-source fit, or [CarnotCOP]), an [ElectricBoiler], a [FuelBoiler], a
// [CHP] (with an optional variable O&M per kWh of electricity,
// variable_om_per_kwh: 0 when absent; REopt's gas engine pays 0.0195
// USD/kWh; and an optional heat dump, heat_dump_kw_th: 0 when absent, the
// heat must be used or stored, else the kW_th of heat it may reject), a
// [ThermalStorage] and [PurchasedHeat]. Heat keys end in _kw_th
// or _kwh_th. Fuel is counted in kWh of lower heating value (keys end in
// _kwh_lhv), and the fuels a boiler or CHP burns come from [FuelCatalogue]
// (natural gas, coal, diesel, fuel oil, LPG, biomass, grey and green
// hydrogen: standard-coal coefficients of GB/T 2589-2020, CO2 factors of
// the 2006 IPCC Guidelines, each figure with its source and its natural
// unit) or from the park's own [Fuel] list, which overrides the catalogue
// figure by figure; [Park.Fuel] resolves one. The catalogue's figures were
// entered from the sources' tables as cited beside them; the GB/T 2589
// table and the IEA hydrogen figure were not at hand to re-read when they
// were entered, so check them before you rely on them.
//
// [Resolve] turns a park and its series into per-interval [Profiles] for
// dispatch, time-of-use prices included, and, for a park with heat, the
// heat loads, each heat pump's COP and purchased heat's factor and price
// (nil for a park without heat, so its profiles are what they always
// were). Weather-driven PV and wind read
// their availability from the column [DerivedColumn], which package
// forecast/physics adds to the set.
//
// [Resample] and [ResampleSet] put series at another step (hourly data
// for a 15-minute dispatch, `zeropark --step 15m`): to a longer step each
// value is the mean of those it covers (a power keeps its energy), to a
// shorter one each value is held ([Hold]) or, for powers, interpolated
// keeping each interval's energy ([Linear]).
package model
