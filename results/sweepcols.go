package results

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Columns of a sweep results file that code reads by name (every column is
// listed, with its unit, by [SweepColumnDocs]). ColOffsetsNeededTCO2e,
// ColResidualKgCO2e and ColUnservedKWh name the summary.json KPIs here as
// in tenants.csv. Money is in the park file's currency
// (economics.currency, an ISO 4217 code; the park's prices are in it too):
// a cost column says whether it is over the simulated period
// (_per_period) or per year (_per_year).
const (
	ColCombination = "combination"
	ColPolicy      = "policy"
	ColSteps       = "step_count"
	ColStepMinutes = "step_minutes"
	ColStage       = "stage"
	// ColUnservedShare and ColUnservedTolerance: the share of the load
	// unserved and the ledger's tolerance of it, fractions ([RowSheds]).
	ColUnservedShare     = "unserved_share_fraction"
	ColUnservedTolerance = "unserved_tolerance_share_fraction"
	// ColRenewableShareFraction is summary.json's renewable_share, a
	// fraction (0–1) of the electricity used; tenants.csv's column of
	// that name is each tenant's own.
	ColRenewableShareFraction = "renewable_share_fraction"
	ColEnergyCost             = "energy_cost_per_period"
	ColOffsetCost             = "offset_cost_per_period"
	ColCertificateCost        = "certificate_cost_per_period"
	// ColForecasts follows the KPI columns: the forecasters the rolling
	// horizon planned with (scenario.Scenario.ForecastsLabel), empty for
	// the other policies.
	ColForecasts = "forecasts"

	// The closing columns of every row: the size of the sweep's space, its
	// [Fingerprint] and the build stamp of the zeropark that wrote it.
	ColCombinationCount = "combination_count"
	ColParkSHA256       = "park_sha256"
	ColSeriesSHA256     = "series_sha256"
	ColSettingsSHA256   = "settings_sha256"
	ColZeroparkVersion  = "zeropark_version"
)

// ClosingColumns close the header of a sweep results file, in this order.
var ClosingColumns = []string{ColCombinationCount, ColParkSHA256, ColSeriesSHA256, ColSettingsSHA256, ColZeroparkVersion}

// closingDocs document [ClosingColumns], in order.
var closingDocs = []string{
	"the number of combinations of the sweep's space, so that a merge can tell which are missing",
	"hex SHA-256 of the park as parsed, re-marshalled (file layout does not count)",
	"hex SHA-256 of the series as parsed, after any slicing (number formatting does not count)",
	"hex SHA-256 of the settings: policy, horizon, penalties, every ledger setting and price, the forecasters, the --vary paths and values",
	"the build stamp (module version, VCS revision, Go version) of the zeropark that wrote the row",
}

// Design holds the design columns of a sweep row: the scenario's park
// after the parameters were applied (totals over assets) and the horizon.
// Capex is computed from them ([Capex]).
type Design struct {
	PVKWp, WindKW                                   float64
	BatteryKWh, BatteryChargeKW, BatteryDischargeKW float64
	BatteryPowerKW                                  float64 // Σ max(charge, discharge) kW over batteries
	ImportLimitKW, ExportLimitKW                    float64 // +Inf when unlimited (written "unlimited")
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
	doc  string
}

var designLayout = []designCol{
	{"pv.capacity_kwp", func(d *Design) float64 { return d.PVKWp }, "total PV capacity after the parameters were applied, kWp"},
	{"wind.capacity_kw", func(d *Design) float64 { return d.WindKW }, "total wind capacity, kW"},
	{"battery.energy_kwh", func(d *Design) float64 { return d.BatteryKWh }, "total battery energy capacity (the batteries' energy_kwh summed; the state-of-charge limits apply within it), kWh"},
	{"battery.max_charge_kw", func(d *Design) float64 { return d.BatteryChargeKW }, "total battery charge power, kW"},
	{"battery.max_discharge_kw", func(d *Design) float64 { return d.BatteryDischargeKW }, "total battery discharge power, kW"},
	{"battery.power_kw", func(d *Design) float64 { return d.BatteryPowerKW }, "Σ max(charge, discharge) over the batteries, kW"},
	{"grid.import_limit_kw", func(d *Design) float64 { return d.ImportLimitKW }, "grid import limit, kW; " + Unlimited + " when the grid has none"},
	{"grid.export_limit_kw", func(d *Design) float64 { return d.ExportLimitKW }, "grid export limit, kW; " + Unlimited + " when the grid has none"},
	{"policy.horizon_h", func(d *Design) float64 { return d.HorizonH }, "the rolling horizon's look-ahead, hours, as given (the dispatch caps it at the period)"},
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

// kpiColumn is one KPI column: its name, how to read it from a report,
// and its meaning with its unit (the text [SweepColumnDocs] gives).
type kpiColumn struct {
	name string
	get  func(r *dispatch.Report) string
	doc  string
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

// Shorthands of the KPI docs: money over the simulated period, a
// fraction, a true/false flag.
const (
	perPeriod = "currency (the park file's) over the simulated period: "
	fraction  = "fraction 0–1: "
	trueFalse = "true or false: "
)

// kpiLayout flattens dispatch.Report (summary.json) in a fixed order. The
// names are part of the file format: add at the end; a renamed column
// keeps its old name in [SweepRenames].
var kpiLayout = []kpiColumn{
	{ColPolicy, func(r *dispatch.Report) string { return string(r.Policy) }, "the dispatch policy: grid, self, mpc, mpc-perfect or perfect"},
	{"start", func(r *dispatch.Report) string { return r.Start.Format(time.RFC3339) }, "RFC 3339, start of the period"},
	{"end", func(r *dispatch.Report) string { return r.End.Format(time.RFC3339) }, "RFC 3339, end of the period"},
	{ColSteps, whole(func(r *dispatch.Report) int { return r.Steps }), "number of intervals in the period"},
	{ColStepMinutes, num(func(r *dispatch.Report) float64 { return r.StepMinutes }), "interval length, minutes"},
	{"energy_load_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Load }), "summary.json energy_kwh.load, kWh (likewise the energy_<key>_kwh below)"},
	{"energy_served_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Served }), "load served, kWh"},
	{"energy_pv_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.PV }), "PV used, kWh"},
	{"energy_wind_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Wind }), "wind used, kWh"},
	{"energy_renewable_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Renewable }), "PV + wind used, kWh"},
	{"energy_renewable_available_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.RenewableAvailable }), "PV + wind available, kWh"},
	{"energy_curtailed_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Curtailed }), "renewable energy curtailed, kWh"},
	{"energy_import_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Import }), "grid import, kWh"},
	{"energy_export_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Export }), "grid export, kWh"},
	{"energy_unserved_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Unserved }), "load not served, kWh"},
	{"energy_charge_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Charge }), "battery charge, kWh"},
	{"energy_discharge_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Discharge }), "battery discharge, kWh"},
	{"energy_battery_losses_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.BatteryLosses }), "battery losses, kWh"},
	{"energy_stored_change_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.StoredChange }), "energy stored at the end less at the start, kWh"},
	{ColBaselineKgCO2e, num(func(r *dispatch.Report) float64 { return r.BaselineKgCO2e }), "every kWh of load from the grid (with heat, and the heat load at the cleanest conventional heat's factor), kgCO2e"},
	{ColResidualKgCO2e, num(func(r *dispatch.Report) float64 { return r.ResidualKgCO2e }), "what the dispatch still emits, kgCO2e"},
	{"avoided_kgco2e", num(func(r *dispatch.Report) float64 { return r.AvoidedKgCO2e }), "baseline − residual, kgCO2e"},
	{"dispatch_signal_kgco2e", num(func(r *dispatch.Report) float64 { return r.DispatchSignalKgCO2e }), "import × the dispatch signal (with heat, plus the fuel's and the heat bought's carbon), kgCO2e"},
	{"storage_adjustment_kgco2e", num(func(r *dispatch.Report) float64 { return r.StorageAdjustmentKgCO2e }), "stored energy drawn down, valued at the storage value, kgCO2e"},
	{"adjusted_residual_kgco2e", num(func(r *dispatch.Report) float64 { return r.AdjustedResidualKgCO2e }), "residual + storage adjustment, kgCO2e"},
	{"storage_value_kgco2e_per_kwh", num(func(r *dispatch.Report) float64 { return r.StorageValueKgCO2ePerKWh }), "the first battery's storage value, kgCO2e per kWh"},
	{ColOffsetsNeededTCO2e, num(func(r *dispatch.Report) float64 { return r.OffsetsNeededTCO2e }), "residual less offsets held, ≥ 0, tCO2e"},
	{"certificates_mwh", num(func(r *dispatch.Report) float64 { return r.CertificatesMWh }), "grid import less certificates held, as green certificates, MWh"},
	{ColOffsetCost, num(func(r *dispatch.Report) float64 { return r.OffsetCost }), perPeriod + "offsets_needed_tco2e at the offset price"},
	{ColCertificateCost, num(func(r *dispatch.Report) float64 { return r.CertificateCost }), perPeriod + "certificates_mwh at the certificate price (the alternative to the offsets)"},
	{ColEnergyCost, num(func(r *dispatch.Report) float64 { return r.EnergyCost }), perPeriod + "imports at their price less exports at theirs, plus fuel, heat bought and the CHP units' variable O&M"},
	{ColStage, func(r *dispatch.Report) string { return string(r.Stage) }, "the park's stage: conventional, low-carbon, near-zero-carbon or zero-carbon"},
	{"clean_share_fraction", num(func(r *dispatch.Report) float64 { return r.StageBasis.CleanShare }), fraction + "clean energy (renewable consumed + certificates counted) of the consumption"},
	{"clean_share_min_fraction", num(func(r *dispatch.Report) float64 { return r.StageBasis.CleanShareMin }), fraction + "the clean share the ledger asks for"},
	{"carbon_tco2_per_tce", num(func(r *dispatch.Report) float64 { return r.StageBasis.CarbonPerTce }), "the core indicator: residual per consumption, tCO2 per tce"},
	{"carbon_tco2_per_tce_max", num(func(r *dispatch.Report) float64 { return r.StageBasis.CarbonPerTceMax }), "the core indicator's limit for the park's consumption, tCO2 per tce"},
	{"consumption_tce_per_year", num(func(r *dispatch.Report) float64 { return r.StageBasis.ConsumptionTcePerYear }), "consumption annualised, tce per year (it picks the limit)"},
	{"indicators_met", flag(func(r *dispatch.Report) bool { return r.StageBasis.IndicatorsMet }), trueFalse + "the core indicator met (and the clean share, when required)"},
	{"residual_offset", flag(func(r *dispatch.Report) bool { return r.StageBasis.ResidualOffset }), trueFalse + "the residual is covered by the offsets held"},
	{"reduction_vs_baseline_fraction", num(func(r *dispatch.Report) float64 { return r.StageBasis.ReductionVsBaseline }), fraction + "avoided / baseline"},
	{ColRenewableShareFraction, num(func(r *dispatch.Report) float64 { return r.RenewableShare }), fraction + "the traced renewable content of the electricity used (the served load and any heat pumps' and electric boilers' draw)"},
	{"self_sufficiency_fraction", num(func(r *dispatch.Report) float64 { return r.SelfSufficiency }), fraction + "(used − import) / used, used: the served load and any heat pumps' and electric boilers' draw"},
	{"self_consumption_fraction", num(func(r *dispatch.Report) float64 { return r.SelfConsumption }), fraction + "renewable consumed / renewable: the renewables not sent out (exports taken from each interval's renewables first)"},
	{"curtailment_share_fraction", num(func(r *dispatch.Report) float64 { return r.CurtailmentShare }), fraction + "curtailed / renewable available"},
	{ColUnservedKWh, num(func(r *dispatch.Report) float64 { return r.UnservedKWh }), "load not served, kWh"},
	{"solve_count", whole(func(r *dispatch.Report) int { return r.Solve.Solves }), "number of LP solves"},
	{"simplex_iteration_count", whole(func(r *dispatch.Report) int { return r.Solve.Iterations }), "number of simplex iterations over all solves"},
	{"repaired_value_count", whole(func(r *dispatch.Report) int { return r.Solve.RepairedTotal() }), "number of forecast values replaced, over all series"},
	{"soc_clamped_count", whole(func(r *dispatch.Report) int { return r.Solve.SoCClamped }), "number of measured states of charge clamped into bounds"},
	{"horizon_step_count", whole(func(r *dispatch.Report) int { return r.Solve.HorizonSteps }), "intervals each LP looked ahead (0 for the rule-based policies)"},
	{"horizon_capped", flag(func(r *dispatch.Report) bool { return r.Solve.HorizonCapped }), trueFalse + "the horizon was cut to the period"},
	// The stage's basis as the 910号 notice defines it (consumption as
	// GB/T 2589 does), and why a scenario stops short of the next stage.
	{"energy_consumption_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.Consumption }), "GB/T 2589 consumption: import + renewable − export, kWh"},
	{"energy_renewable_consumed_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.RenewableConsumed }), "renewable energy consumed in the park, kWh"},
	{"energy_renewable_served_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.RenewableServed }), "renewable content of the served load, kWh"},
	{"energy_grid_served_kwh", num(func(r *dispatch.Report) float64 { return r.Energy.GridServed }), "grid content of the served load, kWh"},
	{"consumption_tce", num(func(r *dispatch.Report) float64 { return r.StageBasis.ConsumptionTce }), "consumption over the period, tce"},
	{"core_indicator_met", flag(func(r *dispatch.Report) bool { return r.StageBasis.CoreMet }), trueFalse + "carbon_tco2_per_tce ≤ its limit"},
	{"clean_share_met", flag(func(r *dispatch.Report) bool { return r.StageBasis.CleanShareMet }), trueFalse + "clean share ≥ its minimum"},
	{"clean_share_required", flag(func(r *dispatch.Report) bool { return r.StageBasis.CleanShareRequired }), trueFalse + "the ledger requires the clean share"},
	{"certificates_counted_mwh", num(func(r *dispatch.Report) float64 { return r.StageBasis.CertificatesCountedMWh }), "certificates counted in the clean share, MWh"},
	{ColUnservedShare, num(func(r *dispatch.Report) float64 { return r.StageBasis.UnservedShare }), fraction + "unserved / load; with heat, the larger of that and unserved heat / heat load"},
	{ColUnservedTolerance, num(func(r *dispatch.Report) float64 { return r.StageBasis.UnservedToleranceShare }), fraction + "unserved_share_fraction above which the stage is conventional (load or, with heat, heat load unserved)"},
	{"stage_limited_by", func(r *dispatch.Report) string { return r.StageBasis.StageLimitedBy }, "text: what keeps the park from the next stage (empty at zero-carbon)"},
	{"offsets_held_tco2e", num(func(r *dispatch.Report) float64 { return r.OffsetsHeldTCO2e }), "offsets held, tCO2e"},
	{"certificates_held_mwh", num(func(r *dispatch.Report) float64 { return r.CertificatesHeldMWh }), "green certificates held, MWh"},
	{"signals_differ", flag(func(r *dispatch.Report) bool { return r.SignalsDiffer }), trueFalse + "the dispatch signal is not the accounting factor"},
	// The tariff's second part and what the dispatch minimised.
	{"demand_charge_cost_per_period", num(func(r *dispatch.Report) float64 { return r.DemandChargeCost }), perPeriod + "the demand charge, months covered in part pro rata"},
	{ColObjective, func(r *dispatch.Report) string { return r.Objective.String() }, "what the dispatch LP minimised: carbon or cost"},
	{ColCarbonPrice, num(func(r *dispatch.Report) float64 { return r.CarbonPricePerTCO2e }), "currency (the park file's) per tCO2e the cost objective saw; 0 under carbon"},
	// Added on 2026-12-02 (columns are added, never moved): summary.json's
	// wear_cost.
	{ColWearCost, num(func(r *dispatch.Report) float64 { return r.WearCost }), perPeriod + "battery throughput (charge + discharge) × each battery's wear cost per kWh"},
}

// ColCarbonPrice is the sweep's column of the carbon price the cost
// objective saw (0 under carbon): the cheapest table ranks on the carbon
// at it too ([Pick.CarbonCost]).
const ColCarbonPrice = "carbon_price_per_tco2e"

// ColObjective is the sweep's column of what the dispatch LP minimised
// (summary.json's objective): carbon or cost.
const ColObjective = "objective"

// ColWearCost is the sweep's column of summary.json's wear_cost
// (dispatch.Report.WearCost), over the period as the other money
// columns of the ledger are.
const ColWearCost = "wear_cost_per_period"

// timingLayout holds wall-clock solve times: they differ between runs, so
// they are written only on request and make the file non-deterministic.
var timingLayout = []kpiColumn{
	{"solve_time_total_s", num(func(r *dispatch.Report) float64 { return r.Solve.TotalS }), "only with timings: wall-clock solve time, s"},
	{"solve_time_p50_ms", num(func(r *dispatch.Report) float64 { return r.Solve.P50MS }), "only with timings: median solve time per step, ms"},
	{"solve_time_p99_ms", num(func(r *dispatch.Report) float64 { return r.Solve.P99MS }), "only with timings: 99th-percentile solve time per step, ms"},
}

// ColPurchasesPerYear is the sweep's column of [AnnualCosts.PurchasesPerYear].
const ColPurchasesPerYear = "purchases_per_year"

// perYear starts the docs of the costs per year.
const perYear = "currency (the park file's) per year: "

// costLayout closes the KPI list: the row's costs per year
// ([AnnualCosts]); those that need the park's economics (economics) have
// empty cells for a park without.
var costLayout = []struct {
	name      string
	economics bool
	get       func(c *AnnualCosts) float64
	doc       string
}{
	{ColCapitalPerYear, true, func(c *AnnualCosts) float64 { return c.CapitalPerYear },
		perYear + "annualised capital cost of what the combination adds beyond the park file's capacities; empty without economics"},
	{ColFixedOMPerYear, true, func(c *AnnualCosts) float64 { return c.FixedOMPerYear },
		perYear + "fixed O&M of what the combination adds; empty without economics"},
	{ColOperatingCostPerYear, false, func(c *AnnualCosts) float64 { return c.OperatingCostPerYear },
		perYear + "energy + demand charge + battery wear (no offsets, no certificates)"},
	{ColTotalCostPerYear, true, func(c *AnnualCosts) float64 { return c.TotalCostPerYear },
		perYear + "capital + fixed O&M + operating + purchases_per_year, whatever stage the row reaches (not a stage's cost: see cost_to_…); empty without economics"},
	// Added after total_cost_per_year (columns are added, never moved).
	{ColPurchasesPerYear, false, func(c *AnnualCosts) float64 { return c.PurchasesPerYear },
		perYear + "offsets for the residual beyond those held, plus (clean share required) certificates for its shortfall beyond those held, up to the import; " +
			"it takes the row to zero-carbon only when zero_carbon_purchases_per_year is not empty (the core indicator met, no load shed, the shortfall closable), and is then equal to it"},
}

// Columns of what a row buys to reach a stage and what the stage costs
// it, per year ([StagePurchases], [AnnualCosts.CostTo]); empty when the
// row cannot reach the stage by buying (never 0 for "cannot").
const (
	ColNearZeroCertificatesMWhPerYear = "near_zero_carbon_certificates_mwh_per_year"
	ColNearZeroPurchasesPerYear       = "near_zero_carbon_purchases_per_year"
	ColZeroOffsetsTCO2ePerYear        = "zero_carbon_offsets_tco2e_per_year"
	ColZeroPurchasesPerYear           = "zero_carbon_purchases_per_year"
	ColCostToLowCarbonPerYear         = "cost_to_low_carbon_per_year"
	ColCostToNearZeroCarbonPerYear    = "cost_to_near_zero_carbon_per_year"
	ColCostToZeroCarbonPerYear        = "cost_to_zero_carbon_per_year"
)

// Heat columns of a sweep row, over the period (0 on a park without
// heat, as roadmap.csv's fuel and heat-bought costs are): what
// energy_cost_per_period holds beyond the grid's electricity, and the
// heat load served; heat_load_kwh_th and heat_unserved_kwh_th are named
// as in tenants.csv ([ColHeatLoadKWhTh], [ColHeatUnservedKWhTh]).
const (
	ColFuelCost           = "fuel_cost_per_period"
	ColPurchasedHeatCost  = "purchased_heat_cost_per_period"
	ColCHPVariableOMCost  = "chp_variable_om_cost_per_period"
	ColFuelKWhLHV         = "fuel_kwh_lhv"
	colHeatLoadKWhTh      = "heat_load_kwh_th"
	colHeatServedKWhTh    = "heat_served_kwh_th"
	colPurchasedHeatKWhTh = "purchased_heat_kwh_th"
)

// rowColumn is a column read from the whole row: its report and costs.
type rowColumn struct {
	name string
	get  func(r *SweepRow) string
	doc  string
}

// stageCol is the cell of a stage's purchase or cost: empty when the row
// has no costs or cannot reach st by buying.
func stageCol(st dispatch.Stage, f func(c *AnnualCosts, buy float64) float64) func(r *SweepRow) string {
	return func(r *SweepRow) string {
		if r.Costs == nil {
			return ""
		}
		buy, ok := r.Costs.Stages.Cost(st)
		if !ok {
			return ""
		}
		return FormatNumber(f(r.Costs, buy))
	}
}

// costToCol is the cell of a stage's cost per year: empty without
// economics or when the row cannot reach st.
func costToCol(st dispatch.Stage) func(r *SweepRow) string {
	return func(r *SweepRow) string {
		if r.Costs == nil {
			return ""
		}
		v, ok := r.Costs.CostTo(st)
		if !ok {
			return ""
		}
		return FormatNumber(v)
	}
}

// heatCell reads a heat figure of the row's report, 0 without heat.
func heatCell(f func(h *dispatch.HeatReport) float64) func(r *SweepRow) string {
	return func(r *SweepRow) string {
		if r.Report.Heat == nil {
			return FormatNumber(0)
		}
		return FormatNumber(f(r.Report.Heat))
	}
}

// stageAbout ends the docs of the stage columns.
const stageAbout = "; empty when the row cannot reach the stage by buying (core indicator missed, load or heat shed, or a clean-share shortfall the import cannot close)"

// laterLayout closes the KPI list, after costLayout (added on 2026-12-02;
// columns are added, never moved): each stage's purchases and cost per
// year as package plan prices its roadmap ([StagePurchases]), then the
// heat figures that energy_cost_per_period holds.
var laterLayout = []rowColumn{
	{ColNearZeroCertificatesMWhPerYear, stageCol(dispatch.NearZeroCarbon, func(c *AnnualCosts, _ float64) float64 { return c.Stages.CertificatesMWh }),
		"MWh per year: green certificates bought beyond those held to lift a required clean share to its minimum (0 when not required or met)" + stageAbout},
	{ColNearZeroPurchasesPerYear, stageCol(dispatch.NearZeroCarbon, func(_ *AnnualCosts, buy float64) float64 { return buy }),
		perYear + "those certificates at the certificate price" + stageAbout},
	{ColZeroOffsetsTCO2ePerYear, stageCol(dispatch.ZeroCarbon, func(c *AnnualCosts, _ float64) float64 { return c.Stages.OffsetsTCO2e }),
		"tCO2e per year: offsets bought for the residual beyond those held (offsets_needed_tco2e a year)" + stageAbout},
	{ColZeroPurchasesPerYear, stageCol(dispatch.ZeroCarbon, func(_ *AnnualCosts, buy float64) float64 { return buy }),
		perYear + "near_zero_carbon_purchases_per_year + those offsets at the offset price" + stageAbout},
	{ColCostToLowCarbonPerYear, costToCol(dispatch.LowCarbon),
		perYear + "capital + fixed O&M + operating for a row at low-carbon or better, no offsets (near-zero's certificates for a row that is low-carbon only through them)" +
			stageAbout + " or without economics"},
	{ColCostToNearZeroCarbonPerYear, costToCol(dispatch.NearZeroCarbon),
		perYear + "capital + fixed O&M + operating + near_zero_carbon_purchases_per_year, no offsets" + stageAbout + " or without economics"},
	{ColCostToZeroCarbonPerYear, costToCol(dispatch.ZeroCarbon),
		perYear + "capital + fixed O&M + operating + zero_carbon_purchases_per_year" + stageAbout + " or without economics"},
	{ColHeatLoadKWhTh, heatCell(func(h *dispatch.HeatReport) float64 { return h.LoadKWhTh }), "heat load, kWh_th (0 on a park without heat, as every heat column)"},
	{colHeatServedKWhTh, heatCell(func(h *dispatch.HeatReport) float64 { return h.ServedKWhTh }), "heat load served, kWh_th"},
	{ColHeatUnservedKWhTh, heatCell(func(h *dispatch.HeatReport) float64 { return h.UnservedKWhTh }), "heat load not served, kWh_th"},
	{ColFuelKWhLHV, heatCell(func(h *dispatch.HeatReport) float64 {
		v := 0.0
		for _, f := range h.Fuels {
			v += f.KWhLHV
		}
		return v
	}), "fuel burnt by fuel boilers and CHP, all fuels, kWh of LHV"},
	{ColFuelCost, heatCell(func(h *dispatch.HeatReport) float64 { return h.FuelCost }), perPeriod + "fuel burnt at its price (part of energy_cost_per_period)"},
	{colPurchasedHeatKWhTh, heatCell(func(h *dispatch.HeatReport) float64 { return h.PurchasedKWhTh }), "heat bought, kWh_th"},
	{ColPurchasedHeatCost, heatCell(func(h *dispatch.HeatReport) float64 { return h.PurchasedHeatCost }), perPeriod + "heat bought at its price (part of energy_cost_per_period)"},
	{ColCHPVariableOMCost, heatCell(func(h *dispatch.HeatReport) float64 { return h.CHPVariableOMCost }),
		perPeriod + "the CHP units' variable O&M (part of energy_cost_per_period, which less these three is the grid's electricity)"},
}

// ColInvestment is the sweep's column of [AnnualCosts.Investment], named
// as in roadmap.csv.
const ColInvestment = "investment"

// investLayout closes the KPI list, after laterLayout (added on
// 2026-12-02, after the stage columns; columns are added, never moved):
// the capital the row's design needs up front ([InvestmentColumns]).
var investLayout = []rowColumn{
	{ColInvestment, func(r *SweepRow) string {
		if r.Costs == nil || !r.Costs.Economics {
			return ""
		}
		return FormatNumber(r.Costs.Investment)
	}, "currency (the park file's), up front, not per year: what the combination adds beyond the park file's capacities × capital cost, " +
		"not annualised (capital_per_year is its annuity; as roadmap.csv's investment); 0 when nothing is added, empty without economics"},
}

// MoneyBasis says whether sweep column name is money and over what:
// "year" (a cost per year), "period" (over the simulated period), "once"
// (the investment, up front) or "" (not money), as [SweepColumnDocs]
// documents it.
func MoneyBasis(name string) string {
	name = CurrentName(name)
	if name == ColInvestment {
		return "once"
	}
	for _, d := range SweepColumnDocs() {
		if d.Name != name {
			continue
		}
		switch {
		case strings.HasPrefix(d.Doc, perYear):
			return "year"
		case strings.HasPrefix(d.Doc, perPeriod):
			return "period"
		}
	}
	return ""
}

// ColCurrency is the sweep's column of the park file's currency
// (economics.currency, an ISO 4217 code), as roadmap.csv's currency.
const ColCurrency = "currency"

// currencyLayout closes the KPI list, after investLayout (added on
// 2026-12-03; columns are added, never moved): the currency every money
// column is in, so that a file loaded elsewhere says it.
var currencyLayout = []rowColumn{
	{ColCurrency, func(r *SweepRow) string {
		if r.Costs == nil {
			return ""
		}
		return r.Costs.Currency
	}, "ISO 4217 code of every money column of the row (the park file's economics.currency); empty when the park file has no economics (its prices name no currency); " +
		"one sweep's rows share it, and sweep merge never mixes two (the park's hash is in the fingerprint)"},
}

// Columns of the prices the ledger's offset and certificate costs were
// taken at: summary.json's offset_price_per_tco2e and
// certificate_price_per_mwh ([PriceColumns]).
const (
	ColOffsetPrice      = "offset_price_per_tco2e"
	ColCertificatePrice = "certificate_price_per_mwh"
)

// priceLayout closes the KPI list, after currencyLayout (added on
// 2026-12-05; columns are added, never moved): the prices the ledger's
// offset and certificate costs were taken at, so that a file says what
// its costs assumed (Go's dispatch.DefaultLedgerConfig prices nothing,
// the commands take the park file's market or 15 and 5).
var priceLayout = []rowColumn{
	{ColOffsetPrice, func(r *SweepRow) string {
		if r.Report == nil {
			return ""
		}
		return FormatNumber(r.Report.OffsetPricePerTCO2e)
	}, "currency (the park file's) per tCO2e of offsets: the price offset_cost_per_period was taken at (the sweep's --offset-price, else the park file's market, else 15)"},
	{ColCertificatePrice, func(r *SweepRow) string {
		if r.Report == nil {
			return ""
		}
		return FormatNumber(r.Report.CertificatePricePerMWh)
	}, "currency (the park file's) per MWh of certificates: the price certificate_cost_per_period was taken at (the sweep's --certificate-price, else the park file's market, else 5)"},
}

// KPIColumns lists the KPI columns of a sweep results file in order (the
// summary.json KPIs, flattened, then the costs per year, each stage's
// purchases and cost, the heat figures, the investment, the currency
// and the offset and certificate prices), and with timings the solve-time columns that follow
// ColForecasts.
func KPIColumns(timings bool) []string {
	var cols []string
	for _, c := range kpiLayout {
		cols = append(cols, c.name)
	}
	for _, c := range costLayout {
		cols = append(cols, c.name)
	}
	for _, c := range laterLayout {
		cols = append(cols, c.name)
	}
	for _, c := range investLayout {
		cols = append(cols, c.name)
	}
	for _, c := range currencyLayout {
		cols = append(cols, c.name)
	}
	for _, c := range priceLayout {
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
	h = append(h, KPIColumns(false)...)
	h = append(h, ColForecasts)
	if timings {
		for _, c := range timingLayout {
			h = append(h, c.name)
		}
	}
	return append(h, ClosingColumns...)
}

// paramDoc documents the parameter columns in [SweepColumnDocs].
const paramDoc = "one column per --vary path, named by the path as written (battery.energy_kwh, " +
	"pv[Rooftop PV].capacity_kwp), in the path's unit (load.scale, heat_load.scale: a multiplier); a grid limit without bound is " + Unlimited

// SweepColumnDocs lists the columns of a sweep results file in order,
// each with its meaning and unit: the parameter columns as one entry
// named "<path>", the timing columns (only with timings) marked so. Money
// is in the park file's currency (economics.currency); `zeropark sweep
// --help` and README.md print this list.
func SweepColumnDocs() []ColumnDoc {
	docs := []ColumnDoc{{ColCombination, "k, the row's key: the combination's number in the sweep's space (the first --vary path varies slowest)"},
		{"<path>", paramDoc}}
	for _, c := range designLayout {
		docs = append(docs, ColumnDoc{DesignColumn(c.path), c.doc})
	}
	for _, c := range kpiLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	for _, c := range costLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	for _, c := range laterLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	for _, c := range investLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	for _, c := range currencyLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	for _, c := range priceLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	docs = append(docs, ColumnDoc{ColForecasts, `text: the forecasters the rolling horizon planned with ("default" or e.g. "carbon=provided:co2_da"); empty for the other policies`})
	for _, c := range timingLayout {
		docs = append(docs, ColumnDoc{c.name, c.doc})
	}
	for i, c := range ClosingColumns {
		docs = append(docs, ColumnDoc{c, closingDocs[i]})
	}
	return docs
}

// ColumnRename is a column of a sweep results file renamed so that its
// name carries its unit: Old is how files written before say it.
type ColumnRename struct{ Old, New string }

// sweepRenames are the columns renamed (December 2026) to carry their
// unit; the values did not change.
var sweepRenames = []ColumnRename{
	{"steps", ColSteps},
	{"offset_cost", ColOffsetCost},
	{"certificate_cost", ColCertificateCost},
	{"energy_cost", ColEnergyCost},
	{"clean_share", "clean_share_fraction"},
	{"clean_share_min", "clean_share_min_fraction"},
	{"reduction_vs_baseline", "reduction_vs_baseline_fraction"},
	{"renewable_share", ColRenewableShareFraction},
	{"self_sufficiency", "self_sufficiency_fraction"},
	{"self_consumption", "self_consumption_fraction"},
	{"curtailment_share", "curtailment_share_fraction"},
	{"solves", "solve_count"},
	{"simplex_iterations", "simplex_iteration_count"},
	{"repaired_values", "repaired_value_count"},
	{"soc_clamped", "soc_clamped_count"},
	{"horizon_steps", "horizon_step_count"},
	{"unserved_share", "unserved_share_fraction"},
	{"unserved_tolerance_share", "unserved_tolerance_share_fraction"},
	{"demand_charge_cost", "demand_charge_cost_per_period"},
	{"combinations_total", ColCombinationCount},
}

// SweepRenames lists the columns of a sweep results file renamed to
// carry their unit, old name → new. [ParseTable] reads a file with the old
// names under the new ones (the values are the same), so resuming or
// merging such a file rewrites it with the new header.
func SweepRenames() []ColumnRename { return slices.Clone(sweepRenames) }

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
	rec := make([]string, 0, 1+len(params)+len(designLayout)+len(kpiLayout)+len(costLayout)+len(laterLayout)+len(investLayout)+len(currencyLayout)+len(priceLayout)+1+len(timingLayout)+len(ClosingColumns))
	rec = append(rec, strconv.Itoa(k))
	for _, v := range params {
		rec = append(rec, FormatLimit(v))
	}
	for _, c := range designLayout {
		rec = append(rec, FormatLimit(c.get(&d)))
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
	for _, c := range laterLayout {
		rec = append(rec, c.get(&r))
	}
	for _, c := range investLayout {
		rec = append(rec, c.get(&r))
	}
	for _, c := range currencyLayout {
		rec = append(rec, c.get(&r))
	}
	for _, c := range priceLayout {
		rec = append(rec, c.get(&r))
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
