package results

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Columns of a sweep results file that code reads by name (every column is
// listed in the package documentation, in order). ColOffsetsNeededTCO2e,
// ColResidualKgCO2e, ColRenewableShare and ColUnservedKWh name the
// summary.json KPIs here as in tenants.csv.
const (
	ColCombination     = "combination"
	ColPolicy          = "policy"
	ColSteps           = "steps"
	ColStepMinutes     = "step_minutes"
	ColStage           = "stage"
	ColEnergyCost      = "energy_cost"
	ColOffsetCost      = "offset_cost"
	ColCertificateCost = "certificate_cost"
	// ColForecasts follows the KPI columns: the forecasters the rolling
	// horizon planned with (scenario.Scenario.ForecastsLabel), empty for
	// the other policies.
	ColForecasts = "forecasts"

	// The closing columns of every row: the size of the sweep's space, its
	// [Fingerprint] and the build stamp of the zeropark that wrote it.
	ColCombinationsTotal = "combinations_total"
	ColParkSHA256        = "park_sha256"
	ColSeriesSHA256      = "series_sha256"
	ColSettingsSHA256    = "settings_sha256"
	ColZeroparkVersion   = "zeropark_version"
)

// ClosingColumns close the header of a sweep results file, in this order.
var ClosingColumns = []string{ColCombinationsTotal, ColParkSHA256, ColSeriesSHA256, ColSettingsSHA256, ColZeroparkVersion}

// Design holds the design columns of a sweep row: the scenario's park
// after the parameters were applied (totals over assets) and the horizon.
// Capex is computed from them ([Capex]).
type Design struct {
	PVKWp, WindKW                                   float64
	BatteryKWh, BatteryChargeKW, BatteryDischargeKW float64
	BatteryPowerKW                                  float64 // Σ max(charge, discharge) kW over batteries
	ImportLimitKW, ExportLimitKW                    float64 // +Inf when unlimited
	HorizonH                                        float64
}

// DesignOf is the design of park p dispatched with look-ahead horizon.
func DesignOf(p *model.Park, horizon time.Duration) Design {
	t := p.Totals()
	return Design{PVKWp: t.PVKWp, WindKW: t.WindKW, BatteryKWh: t.BatteryKWh, BatteryChargeKW: t.BatteryChargeKW,
		BatteryDischargeKW: t.BatteryDischargeKW, BatteryPowerKW: t.BatteryPowerKW,
		ImportLimitKW: p.Grid.ImportLimitKW, ExportLimitKW: p.Grid.ExportLimitKW, HorizonH: horizon.Hours()}
}

// designCol is a design column: "design_" + the --vary path with "." →
// "_", so capex rates given for a path find their quantity.
type designCol struct {
	path string
	get  func(d *Design) float64
}

var designLayout = []designCol{
	{"pv.capacity_kwp", func(d *Design) float64 { return d.PVKWp }},
	{"wind.capacity_kw", func(d *Design) float64 { return d.WindKW }},
	{"battery.energy_kwh", func(d *Design) float64 { return d.BatteryKWh }},
	{"battery.max_charge_kw", func(d *Design) float64 { return d.BatteryChargeKW }},
	{"battery.max_discharge_kw", func(d *Design) float64 { return d.BatteryDischargeKW }},
	{"battery.power_kw", func(d *Design) float64 { return d.BatteryPowerKW }},
	{"grid.import_limit_kw", func(d *Design) float64 { return d.ImportLimitKW }},
	{"grid.export_limit_kw", func(d *Design) float64 { return d.ExportLimitKW }},
	{"policy.horizon_h", func(d *Design) float64 { return d.HorizonH }},
}

// DesignColumn is the design column of a --vary path: "design_" + the
// path with "." → "_" (pv.capacity_kwp → design_pv_capacity_kwp).
func DesignColumn(path string) string { return "design_" + strings.ReplaceAll(path, ".", "_") }

// DesignColumns lists the design columns in order.
func DesignColumns() []string {
	cols := make([]string, len(designLayout))
	for i, c := range designLayout {
		cols[i] = DesignColumn(c.path)
	}
	return cols
}

// kpiColumn is one KPI column: its name and how to read it from a report.
type kpiColumn struct {
	name string
	get  func(r *dispatch.Report) string
}

func num(f func(r *dispatch.Report) float64) func(r *dispatch.Report) string {
	return func(r *dispatch.Report) string { return FormatNumber(f(r)) }
}

func whole(f func(r *dispatch.Report) int) func(r *dispatch.Report) string {
	return func(r *dispatch.Report) string { return strconv.Itoa(f(r)) }
}

func flag(f func(r *dispatch.Report) bool) func(r *dispatch.Report) string {
	return func(r *dispatch.Report) string { return strconv.FormatBool(f(r)) }
}

// kpiLayout flattens dispatch.Report (summary.json) in a fixed order. The
// names are part of the file format: add at the end, never rename.
var kpiLayout = []kpiColumn{
	{ColPolicy, func(r *dispatch.Report) string { return string(r.Policy) }},
	{"start", func(r *dispatch.Report) string { return r.Start.Format(time.RFC3339) }},
	{"end", func(r *dispatch.Report) string { return r.End.Format(time.RFC3339) }},
	{ColSteps, whole(func(r *dispatch.Report) int { return r.Steps })},
	{ColStepMinutes, num(func(r *dispatch.Report) float64 { return r.StepMinutes })},
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
	{ColBaselineKgCO2e, num(func(r *dispatch.Report) float64 { return r.BaselineKgCO2e })},
	{ColResidualKgCO2e, num(func(r *dispatch.Report) float64 { return r.ResidualKgCO2e })},
	{"avoided_kgco2e", num(func(r *dispatch.Report) float64 { return r.AvoidedKgCO2e })},
	{"dispatch_signal_kgco2e", num(func(r *dispatch.Report) float64 { return r.DispatchSignalKgCO2e })},
	{"storage_adjustment_kgco2e", num(func(r *dispatch.Report) float64 { return r.StorageAdjustmentKgCO2e })},
	{"adjusted_residual_kgco2e", num(func(r *dispatch.Report) float64 { return r.AdjustedResidualKgCO2e })},
	{"storage_value_kgco2e_per_kwh", num(func(r *dispatch.Report) float64 { return r.StorageValueKgCO2ePerKWh })},
	{ColOffsetsNeededTCO2e, num(func(r *dispatch.Report) float64 { return r.OffsetsNeededTCO2e })},
	{"certificates_mwh", num(func(r *dispatch.Report) float64 { return r.CertificatesMWh })},
	{ColOffsetCost, num(func(r *dispatch.Report) float64 { return r.OffsetCost })},
	{ColCertificateCost, num(func(r *dispatch.Report) float64 { return r.CertificateCost })},
	{ColEnergyCost, num(func(r *dispatch.Report) float64 { return r.EnergyCost })},
	{ColStage, func(r *dispatch.Report) string { return string(r.Stage) }},
	{"clean_share", num(func(r *dispatch.Report) float64 { return r.StageBasis.CleanShare })},
	{"clean_share_min", num(func(r *dispatch.Report) float64 { return r.StageBasis.CleanShareMin })},
	{"carbon_tco2_per_tce", num(func(r *dispatch.Report) float64 { return r.StageBasis.CarbonPerTce })},
	{"carbon_tco2_per_tce_max", num(func(r *dispatch.Report) float64 { return r.StageBasis.CarbonPerTceMax })},
	{"consumption_tce_per_year", num(func(r *dispatch.Report) float64 { return r.StageBasis.ConsumptionTcePerYear })},
	{"indicators_met", flag(func(r *dispatch.Report) bool { return r.StageBasis.IndicatorsMet })},
	{"residual_offset", flag(func(r *dispatch.Report) bool { return r.StageBasis.ResidualOffset })},
	{"reduction_vs_baseline", num(func(r *dispatch.Report) float64 { return r.StageBasis.ReductionVsBaseline })},
	{ColRenewableShare, num(func(r *dispatch.Report) float64 { return r.RenewableShare })},
	{"self_sufficiency", num(func(r *dispatch.Report) float64 { return r.SelfSufficiency })},
	{"self_consumption", num(func(r *dispatch.Report) float64 { return r.SelfConsumption })},
	{"curtailment_share", num(func(r *dispatch.Report) float64 { return r.CurtailmentShare })},
	{ColUnservedKWh, num(func(r *dispatch.Report) float64 { return r.UnservedKWh })},
	{"solves", whole(func(r *dispatch.Report) int { return r.Solve.Solves })},
	{"simplex_iterations", whole(func(r *dispatch.Report) int { return r.Solve.Iterations })},
	{"repaired_values", whole(func(r *dispatch.Report) int { return r.Solve.RepairedTotal() })},
	{"soc_clamped", whole(func(r *dispatch.Report) int { return r.Solve.SoCClamped })},
	{"horizon_steps", whole(func(r *dispatch.Report) int { return r.Solve.HorizonSteps })},
	{"horizon_capped", flag(func(r *dispatch.Report) bool { return r.Solve.HorizonCapped })},
	// The stage's basis as the 910号 notice defines it (consumption as
	// GB/T 2589 does), and why a scenario stops short of the next stage.
	{"energy_consumption_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Consumption })},
	{"energy_renewable_consumed_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.RenewableConsumed })},
	{"energy_renewable_served_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.RenewableServed })},
	{"energy_grid_served_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.GridServed })},
	{"consumption_tce", num(func(r *dispatch.Report) float64 { return r.StageBasis.ConsumptionTce })},
	{"core_indicator_met", flag(func(r *dispatch.Report) bool { return r.StageBasis.CoreMet })},
	{"clean_share_met", flag(func(r *dispatch.Report) bool { return r.StageBasis.CleanShareMet })},
	{"clean_share_required", flag(func(r *dispatch.Report) bool { return r.StageBasis.CleanShareRequired })},
	{"certificates_counted_mwh", num(func(r *dispatch.Report) float64 { return r.StageBasis.CertificatesCountedMWh })},
	{"unserved_share", num(func(r *dispatch.Report) float64 { return r.StageBasis.UnservedShare })},
	{"unserved_tolerance_share", num(func(r *dispatch.Report) float64 { return r.StageBasis.UnservedToleranceShare })},
	{"stage_limited_by", func(r *dispatch.Report) string { return r.StageBasis.StageLimitedBy }},
	{"offsets_held_tco2e", num(func(r *dispatch.Report) float64 { return r.OffsetsHeldTCO2e })},
	{"certificates_held_mwh", num(func(r *dispatch.Report) float64 { return r.CertificatesHeldMWh })},
	{"signals_differ", flag(func(r *dispatch.Report) bool { return r.SignalsDiffer })},
	// The tariff's second part and what the dispatch minimised.
	{"demand_charge_cost", num(func(r *dispatch.Report) float64 { return r.DemandChargeCost })},
	{"objective", func(r *dispatch.Report) string { return r.Objective.String() }},
	{"carbon_price_per_tco2e", num(func(r *dispatch.Report) float64 { return r.CarbonPricePerTCO2e })},
}

// timingLayout holds wall-clock solve times: they differ between runs, so
// they are written only on request and make the file non-deterministic.
var timingLayout = []kpiColumn{
	{"solve_time_total_s", num(func(r *dispatch.Report) float64 { return r.Solve.TotalS })},
	{"solve_time_p50_ms", num(func(r *dispatch.Report) float64 { return r.Solve.P50MS })},
	{"solve_time_p99_ms", num(func(r *dispatch.Report) float64 { return r.Solve.P99MS })},
}

// ColPurchasesPerYear is the sweep's column of [AnnualCosts.PurchasesPerYear].
const ColPurchasesPerYear = "purchases_per_year"

// costLayout closes the KPI list: the row's costs per year
// ([AnnualCosts]); those that need the park's economics (economics) have
// empty cells for a park without.
var costLayout = []struct {
	name      string
	economics bool
	get       func(c *AnnualCosts) float64
}{
	{ColCapitalPerYear, true, func(c *AnnualCosts) float64 { return c.CapitalPerYear }},
	{ColFixedOMPerYear, true, func(c *AnnualCosts) float64 { return c.FixedOMPerYear }},
	{ColOperatingCostPerYear, false, func(c *AnnualCosts) float64 { return c.OperatingCostPerYear }},
	{ColTotalCostPerYear, true, func(c *AnnualCosts) float64 { return c.TotalCostPerYear }},
	// Added after total_cost_per_year (columns are added, never moved).
	{ColPurchasesPerYear, false, func(c *AnnualCosts) float64 { return c.PurchasesPerYear }},
}

// KPIColumns lists the KPI columns of a sweep results file in order (the
// summary.json KPIs, flattened, then the costs per year), and with
// timings the solve-time columns that follow ColForecasts.
func KPIColumns(timings bool) []string {
	var cols []string
	for _, c := range kpiLayout {
		cols = append(cols, c.name)
	}
	for _, c := range costLayout {
		cols = append(cols, c.name)
	}
	if timings {
		for _, c := range timingLayout {
			cols = append(cols, c.name)
		}
	}
	return cols
}

// SweepHeader is the header of the results file of a sweep varying
// params (the --vary paths, in order): "combination", the parameters,
// the design columns, the KPI columns, "forecasts", with timings the
// solve-time columns, then [ClosingColumns]. See the package
// documentation.
func SweepHeader(params []string, timings bool) []string {
	h := []string{ColCombination}
	h = append(h, params...)
	h = append(h, DesignColumns()...)
	for _, c := range kpiLayout {
		h = append(h, c.name)
	}
	for _, c := range costLayout {
		h = append(h, c.name)
	}
	h = append(h, ColForecasts)
	if timings {
		for _, c := range timingLayout {
			h = append(h, c.name)
		}
	}
	return append(h, ClosingColumns...)
}

// SweepRow is what one row of a sweep results file says, before its
// closing fields ([Fingerprint.Fields]).
type SweepRow struct {
	Combination int
	// Params are the values of the varied parameters, in --vary order.
	Params []float64
	Design Design
	Report *dispatch.Report
	// Costs are the row's costs per year ([AnnualCostsOf]); capital, fixed
	// O&M and total cells are empty when the park has no economics
	// (Costs.Economics false), every cost cell when Costs is nil.
	Costs *AnnualCosts
	// Forecasts labels the forecasters the rolling horizon planned with.
	Forecasts string
}

// SweepKeyFields are the first fields of a row: the combination, the
// parameter values and the design columns. A resumed row must have the
// same as a new one would.
func SweepKeyFields(k int, params []float64, d Design) []string {
	rec := make([]string, 0, 1+len(params)+len(designLayout)+len(kpiLayout)+len(costLayout)+1+len(timingLayout)+len(ClosingColumns))
	rec = append(rec, strconv.Itoa(k))
	for _, v := range params {
		rec = append(rec, FormatNumber(v))
	}
	for _, c := range designLayout {
		rec = append(rec, FormatNumber(c.get(&d)))
	}
	return rec
}

// SweepFields are the fields of row r up to the closing ones, matching
// [SweepHeader] with the same timings.
func SweepFields(r SweepRow, timings bool) []string {
	rec := SweepKeyFields(r.Combination, r.Params, r.Design)
	for _, c := range kpiLayout {
		rec = append(rec, c.get(r.Report))
	}
	for _, c := range costLayout {
		v := ""
		if r.Costs != nil && (r.Costs.Economics || !c.economics) {
			v = FormatNumber(c.get(r.Costs))
		}
		rec = append(rec, v)
	}
	rec = append(rec, r.Forecasts)
	if timings {
		for _, c := range timingLayout {
			rec = append(rec, c.get(r.Report))
		}
	}
	return rec
}

// CSVLine encodes one record as a CSV line ending in "\n".
func CSVLine(rec []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(rec) // a bytes.Buffer does not fail
	w.Flush()
	return b.Bytes()
}

// EncodeTable writes header and rows as CSV, the whole of a sweep results
// file.
func EncodeTable(header []string, rows []Row) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	for _, r := range rows {
		_ = w.Write(r.Fields)
	}
	w.Flush()
	return b.Bytes()
}
