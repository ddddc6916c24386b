package sweep

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// column is one KPI column: its name and how to read it from a report.
type column struct {
	name string
	get  func(r *dispatch.Report) string
}

func num(f func(r *dispatch.Report) float64) func(r *dispatch.Report) string {
	return func(r *dispatch.Report) string { return FormatValue(f(r)) }
}

// kpiColumns flatten dispatch.Report (summary.json) in a fixed order. The
// names are part of the file format: add at the end, never rename.
var kpiColumns = []column{
	{"policy", func(r *dispatch.Report) string { return string(r.Policy) }},
	{"start", func(r *dispatch.Report) string { return r.Start.Format(time.RFC3339) }},
	{"end", func(r *dispatch.Report) string { return r.End.Format(time.RFC3339) }},
	{"steps", func(r *dispatch.Report) string { return strconv.Itoa(r.Steps) }},
	{"step_minutes", num(func(r *dispatch.Report) float64 { return r.StepMinutes })},
	{"energy_load_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Load })},
	{"energy_served_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Served })},
	{"energy_pv_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.PV })},
	{"energy_wind_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Wind })},
	{"energy_renewable_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Renewable })},
	{"energy_renewable_available_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.RenewableAvailable })},
	{"energy_curtailed_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Curtailed })},
	{"energy_import_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Import })},
	{"energy_export_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Export })},
	{"energy_unserved_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Unserved })},
	{"energy_charge_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Charge })},
	{"energy_discharge_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Discharge })},
	{"energy_battery_losses_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.BatteryLosses })},
	{"energy_stored_change_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.StoredChange })},
	{"baseline_kgco2e", num(func(r *dispatch.Report) float64 { return r.BaselineKgCO2e })},
	{"residual_kgco2e", num(func(r *dispatch.Report) float64 { return r.ResidualKgCO2e })},
	{"avoided_kgco2e", num(func(r *dispatch.Report) float64 { return r.AvoidedKgCO2e })},
	{"dispatch_signal_kgco2e", num(func(r *dispatch.Report) float64 { return r.DispatchSignalKgCO2e })},
	{"storage_adjustment_kgco2e", num(func(r *dispatch.Report) float64 { return r.StorageAdjustmentKgCO2e })},
	{"adjusted_residual_kgco2e", num(func(r *dispatch.Report) float64 { return r.AdjustedResidualKgCO2e })},
	{"storage_value_kgco2e_per_kwh", num(func(r *dispatch.Report) float64 { return r.StorageValueKgCO2ePerKWh })},
	{"offsets_needed_tco2e", num(func(r *dispatch.Report) float64 { return r.OffsetsNeededTCO2e })},
	{"certificates_mwh", num(func(r *dispatch.Report) float64 { return r.CertificatesMWh })},
	{"offset_cost", num(func(r *dispatch.Report) float64 { return r.OffsetCost })},
	{"certificate_cost", num(func(r *dispatch.Report) float64 { return r.CertificateCost })},
	{"energy_cost", num(func(r *dispatch.Report) float64 { return r.EnergyCost })},
	{"stage", func(r *dispatch.Report) string { return string(r.Stage) }},
	{"clean_share", num(func(r *dispatch.Report) float64 { return r.StageBasis.CleanShare })},
	{"clean_share_min", num(func(r *dispatch.Report) float64 { return r.StageBasis.CleanShareMin })},
	{"carbon_tco2_per_tce", num(func(r *dispatch.Report) float64 { return r.StageBasis.CarbonPerTce })},
	{"carbon_tco2_per_tce_max", num(func(r *dispatch.Report) float64 { return r.StageBasis.CarbonPerTceMax })},
	{"consumption_tce_per_year", num(func(r *dispatch.Report) float64 { return r.StageBasis.ConsumptionTcePerYear })},
	{"indicators_met", func(r *dispatch.Report) string { return strconv.FormatBool(r.StageBasis.IndicatorsMet) }},
	{"residual_offset", func(r *dispatch.Report) string { return strconv.FormatBool(r.StageBasis.ResidualOffset) }},
	{"reduction_vs_baseline", num(func(r *dispatch.Report) float64 { return r.StageBasis.ReductionVsBaseline })},
	{"renewable_share", num(func(r *dispatch.Report) float64 { return r.RenewableShare })},
	{"self_sufficiency", num(func(r *dispatch.Report) float64 { return r.SelfSufficiency })},
	{"self_consumption", num(func(r *dispatch.Report) float64 { return r.SelfConsumption })},
	{"curtailment_share", num(func(r *dispatch.Report) float64 { return r.CurtailmentShare })},
	{"unserved_kwh", num(func(r *dispatch.Report) float64 { return r.UnservedKWh })},
	{"solves", func(r *dispatch.Report) string { return strconv.Itoa(r.Solve.Solves) }},
	{"simplex_iterations", func(r *dispatch.Report) string { return strconv.Itoa(r.Solve.Iterations) }},
	{"repaired_values", func(r *dispatch.Report) string { return strconv.Itoa(r.Solve.RepairedTotal()) }},
	{"soc_clamped", func(r *dispatch.Report) string { return strconv.Itoa(r.Solve.SoCClamped) }},
	{"horizon_steps", func(r *dispatch.Report) string { return strconv.Itoa(r.Solve.HorizonSteps) }},
	{"horizon_capped", func(r *dispatch.Report) string { return strconv.FormatBool(r.Solve.HorizonCapped) }},
	// The stage's basis as the 910号 notice defines it (consumption as
	// GB/T 2589 does), and why a scenario stops short of the next stage.
	{"energy_consumption_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Consumption })},
	{"energy_renewable_consumed_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.RenewableConsumed })},
	{"energy_renewable_served_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.RenewableServed })},
	{"energy_grid_served_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.GridServed })},
	{"consumption_tce", num(func(r *dispatch.Report) float64 { return r.StageBasis.ConsumptionTce })},
	{"core_indicator_met", func(r *dispatch.Report) string { return strconv.FormatBool(r.StageBasis.CoreMet) }},
	{"clean_share_met", func(r *dispatch.Report) string { return strconv.FormatBool(r.StageBasis.CleanShareMet) }},
	{"clean_share_required", func(r *dispatch.Report) string { return strconv.FormatBool(r.StageBasis.CleanShareRequired) }},
	{"certificates_counted_mwh", num(func(r *dispatch.Report) float64 { return r.StageBasis.CertificatesCountedMWh })},
	{"unserved_share", num(func(r *dispatch.Report) float64 { return r.StageBasis.UnservedShare })},
	{"unserved_tolerance_share", num(func(r *dispatch.Report) float64 { return r.StageBasis.UnservedToleranceShare })},
	{"stage_limited_by", func(r *dispatch.Report) string { return r.StageBasis.StageLimitedBy }},
	{"offsets_held_tco2e", num(func(r *dispatch.Report) float64 { return r.OffsetsHeldTCO2e })},
	{"certificates_held_mwh", num(func(r *dispatch.Report) float64 { return r.CertificatesHeldMWh })},
	{"signals_differ", func(r *dispatch.Report) string { return strconv.FormatBool(r.SignalsDiffer) }},
	// The tariff's second part and what the dispatch minimised.
	{"demand_charge_cost", num(func(r *dispatch.Report) float64 { return r.DemandChargeCost })},
	{"objective", func(r *dispatch.Report) string { return r.Objective.String() }},
	{"carbon_price_per_tco2e", num(func(r *dispatch.Report) float64 { return r.CarbonPricePerTCO2e })},
}

// timingColumns hold wall-clock solve times: they differ between runs, so
// they are written only on request (Options.Timings) and make the file
// non-deterministic.
var timingColumns = []column{
	{"solve_time_total_s", num(func(r *dispatch.Report) float64 { return r.Solve.TotalS })},
	{"solve_time_p50_ms", num(func(r *dispatch.Report) float64 { return r.Solve.P50MS })},
	{"solve_time_p99_ms", num(func(r *dispatch.Report) float64 { return r.Solve.P99MS })},
}

// designColumns describe the scenario's park after the parameters were
// applied (totals over assets) and the horizon; capex is computed from
// them. Each is "design_" + the path with "." → "_".
var designColumns = []string{
	"design_pv_capacity_kwp",
	"design_wind_capacity_kw",
	"design_battery_energy_kwh",
	"design_battery_max_charge_kw",
	"design_battery_max_discharge_kw",
	"design_battery_power_kw",
	"design_grid_import_limit_kw",
	"design_grid_export_limit_kw",
	"design_policy_horizon_h",
}

// design returns the values of designColumns for park p and config cfg.
// design_battery_power_kw is Σ max(charge, discharge) kW over batteries.
func design(p *model.Park, cfg *dispatch.Config) []float64 {
	t := p.Totals()
	return []float64{t.PVKWp, t.WindKW, t.BatteryKWh, t.BatteryChargeKW, t.BatteryDischargeKW, t.BatteryPowerKW,
		p.Grid.ImportLimitKW, p.Grid.ExportLimitKW, cfg.Horizon.Hours()}
}

// Header returns the columns of the results file of space s: "combination",
// one column per parameter (its path), the design columns, the KPI columns
// and, with timings, the solve-time columns, then the fingerprint columns
// (combinations_total, park_sha256, series_sha256, settings_sha256,
// zeropark_version). See the package documentation.
func Header(s *Space, timings bool) []string {
	h := []string{"combination"}
	for _, a := range s.Axes {
		h = append(h, a.Path.String())
	}
	h = append(h, designColumns...)
	for _, c := range kpiColumns {
		h = append(h, c.name)
	}
	h = append(h, forecastsColumn)
	if timings {
		for _, c := range timingColumns {
			h = append(h, c.name)
		}
	}
	return append(h, fingerprintColumns...)
}

// forecastsColumn follows the KPI columns: the forecasters the rolling
// horizon planned with (scenario.Scenario.ForecastsLabel), empty for the
// other policies.
const forecastsColumn = "forecasts"

// designFields are the combination, parameter and design fields of a row
// (k, values, p and cfg after the values were applied).
func designFields(k int, values []float64, p *model.Park, cfg *dispatch.Config) []string {
	rec := make([]string, 0, 2+len(values)+len(designColumns)+len(kpiColumns)+len(timingColumns))
	rec = append(rec, strconv.Itoa(k))
	for _, v := range values {
		rec = append(rec, FormatValue(v))
	}
	for _, v := range design(p, cfg) {
		rec = append(rec, FormatValue(v))
	}
	return rec
}

// record builds the fields of one row; fc is the forecasts label.
func record(k int, values []float64, p *model.Park, cfg *dispatch.Config, r *dispatch.Report, fc string, timings bool) []string {
	rec := designFields(k, values, p, cfg)
	for _, c := range kpiColumns {
		rec = append(rec, c.get(r))
	}
	rec = append(rec, fc)
	if timings {
		for _, c := range timingColumns {
			rec = append(rec, c.get(r))
		}
	}
	return rec
}

// csvLine encodes one record as a CSV line ending in "\n".
func csvLine(rec []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(rec) // a bytes.Buffer does not fail
	w.Flush()
	return b.Bytes()
}
