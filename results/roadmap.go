package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/atomicdir"
	"github.com/zeropark/zeropark/model"
)

// Names of the files of a plan's output directory (`zeropark plan --out`
// and `zeropark plan frontier --out`).
const (
	RoadmapCSVFile  = "roadmap.csv"
	RoadmapJSONFile = "roadmap.json"
	RoadmapPNGFile  = "roadmap.png"
	FrontierCSVFile = "frontier.csv"
	FrontierPNGFile = "frontier.png"
	FrontierSVGFile = "frontier.svg"
)

// TodayTarget is the target column of today's park in roadmap.csv: the
// reference, nothing added.
const TodayTarget = "today"

// DesignParkFile is the name of the park file of the design for stage st
// in a plan's output directory: "park-near-zero-carbon.json".
func DesignParkFile(st dispatch.Stage) string { return "park-" + string(st) + ".json" }

// FrontierPointParkFile is the name of the park file of frontier point k
// in a plan's output directory: "park-point-3.json", k as frontier.csv's
// point column numbers it (0 the cheapest design). Beside park-<stage>.json
// (and a pathway's park-YEAR.json) it is one more park- file ready for
// `zeropark run`.
func FrontierPointParkFile(k int) string { return "park-point-" + strconv.Itoa(k) + ".json" }

// MaxFrontierPointParks bounds the point parks a plan's output directory
// may hold (park-point-0.json to park-point-999.json, [PlanFiles]): a
// frontier's most points, plan.MaxFrontierPoints (package results does
// not import plan; cmd/zeropark's tests hold the two equal).
const MaxFrontierPointParks = 1000

// PlanFiles are every file a plan's output directory may hold: the
// roadmap and its figure, a park file per stage, and the frontier and a
// park file per point ([FrontierPointParkFile], up to
// [MaxFrontierPointParks]). [WritePlan] replaces a directory holding any
// of them.
func PlanFiles() []string {
	files := []string{RoadmapCSVFile, RoadmapJSONFile, RoadmapPNGFile}
	for _, st := range dispatch.Stages() {
		if st != dispatch.Conventional {
			files = append(files, DesignParkFile(st))
		}
	}
	files = append(files, FrontierCSVFile, FrontierPNGFile, FrontierSVGFile)
	for k := range MaxFrontierPointParks {
		files = append(files, FrontierPointParkFile(k))
	}
	return files
}

// CheckPlanDir reports, before anything is solved, whether [WritePlan]
// could replace dir: nil when dir does not exist or holds nothing but
// files of [PlanFiles]; else an error naming what is in the way,
// unwrapping to [ErrOutput] as WritePlan's would.
func CheckPlanDir(dir string) error { return checkDir(dir, PlanFiles(), planFilesWhat) }

// planFilesWhat names the plan's files in errors about their directory.
var planFilesWhat = fmt.Sprintf("the plan's files (%s, %s, design parks, %s, point parks…)", RoadmapCSVFile, RoadmapJSONFile, FrontierCSVFile)

// Columns of roadmap.csv and frontier.csv that a sweep results file shares
// (the same economics): money in the park's currency per year.
const (
	ColCapitalPerYear       = "capital_per_year"
	ColFixedOMPerYear       = "fixed_om_per_year"
	ColOperatingCostPerYear = "operating_cost_per_year"
	ColTotalCostPerYear     = "total_cost_per_year"
)

// Columns of roadmap.csv read by name.
const (
	ColTarget               = "target"
	ColUnreachable          = "unreachable"
	ColResidualTCO2ePerYear = "residual_tco2e_per_year"
	ColCostPerTCO2eAvoided  = "cost_per_tco2e_avoided"
	ColWarnings             = "warnings"
	// ColIncentives is what comes back of the investment at purchase
	// (the economics' capital_incentive_fraction), in frontier.csv too.
	// A sweep has no such column: its investment is gross, its
	// capital_per_year the annuity of the capital net of incentives.
	ColIncentives = "incentives"
)

// Capacities are one number per technology a plan may add: PV (kWp),
// wind (kW rated), battery energy (kWh), battery power (kW, max of
// charge and discharge, summed over batteries), heat pump output (kW_th),
// thermal storage (kWh_th), electric boiler output (kW_th), CHP
// electric output (kW) and fuel boiler output (kW_th); the heat ones are
// 0 on a park without heat. GridKW is the grid connection's import limit
// (kW) where economics.grid_connection makes it a candidate: what the
// design raises it by (Added), its limit (Total); 0 and absent from JSON
// otherwise, and in a file written before it (nothing could be added).
type Capacities struct {
	// PVKWp is PV in kWp, WindKW wind turbines' rated kW, BatteryKWh and
	// BatteryKW the batteries' energy (kWh) and power (kW, the larger of
	// charge and discharge, summed), HeatPumpKWTh heat pumps' heat output
	// (kW_th), ThermalStorageKWhTh thermal stores (kWh_th), ElectricBoilerKWTh
	// and FuelBoilerKWTh boilers' heat output (kW_th), CHPKW CHP units'
	// electric output (kW) and GridKW the grid connection's import limit (kW;
	// absent unless the connection is a candidate).
	PVKWp               float64 `json:"pv_kwp"`
	WindKW              float64 `json:"wind_kw"`
	BatteryKWh          float64 `json:"battery_kwh"`
	BatteryKW           float64 `json:"battery_kw"`
	HeatPumpKWTh        float64 `json:"heat_pump_kw_th"`
	ThermalStorageKWhTh float64 `json:"thermal_storage_kwh_th"`
	ElectricBoilerKWTh  float64 `json:"electric_boiler_kw_th"`
	CHPKW               float64 `json:"chp_kw"`
	FuelBoilerKWTh      float64 `json:"fuel_boiler_kw_th"`
	GridKW              float64 `json:"grid_kw,omitempty"`
}

// Addition is the capacity a design adds to one asset.
type Addition struct {
	// Tech is "pv", "wind", "battery_energy", "battery_power",
	// "heat_pump", "thermal_storage", "electric_boiler", "chp",
	// "fuel_boiler" or "grid" (the connection's import limit; Asset
	// "grid").
	Tech string `json:"tech"`
	// Asset names the PV array, turbine, battery, heat pump, thermal
	// store, electric boiler, CHP or fuel boiler extended. Where arrays
	// (turbines) with the same availability per unit are pooled, Asset is
	// the pool's first, which the design park extends, Pooled names the
	// others (absent otherwise), and Existing and Total are the pool's:
	// Asset's own capacity in the design park is Total less the pooled
	// arrays' (unchanged).
	Asset  string   `json:"asset"`
	Pooled []string `json:"pooled,omitempty"`
	// Unit is "kWp", "kW", "kWh", "kW_th" or "kWh_th".
	Unit string `json:"unit"`
	// Existing is the asset's capacity in today's park (in Unit), Added what
	// the design adds to it and Total their sum.
	Existing float64 `json:"existing"`
	Added    float64 `json:"added"`
	Total    float64 `json:"total"`
	// Investment is Added × capital cost, up front (not annualised,
	// gross); 0 in a file written before it. Incentives is what comes
	// back at purchase (Investment × capital_incentive_fraction; absent
	// when 0), and CapitalPerYear the annuity of the difference.
	Investment     float64 `json:"investment"`
	Incentives     float64 `json:"incentives,omitempty"`
	CapitalPerYear float64 `json:"capital_per_year"`
	// FixedOMPerYear is Added × the fixed O&M per unit and year.
	FixedOMPerYear float64 `json:"fixed_om_per_year"`
	// UnitSize is the size of one whole unit bought (Unit; the park's
	// economics unit_… key), absent when any amount may be added; Units
	// is then the count added (Added = Units × UnitSize).
	UnitSize float64 `json:"unit_size,omitempty"`
	Units    int     `json:"units,omitempty"`
}

// UnitCounts are the whole units a design adds of each technology the
// park's economics buy in units (unit_… keys: turbines, battery blocks…);
// nil for a technology added in any amount.
type UnitCounts struct {
	// PV, Wind, BatteryEnergy, BatteryPower, HeatPump, ThermalStorage,
	// ElectricBoiler, CHP, FuelBoiler and Grid count the whole units added of
	// each (a count; the unit's size is the economics' unit_… key); absent for
	// a technology added in any amount.
	PV             *float64 `json:"pv,omitempty"`
	Wind           *float64 `json:"wind,omitempty"`
	BatteryEnergy  *float64 `json:"battery_energy,omitempty"`
	BatteryPower   *float64 `json:"battery_power,omitempty"`
	HeatPump       *float64 `json:"heat_pump,omitempty"`
	ThermalStorage *float64 `json:"thermal_storage,omitempty"`
	ElectricBoiler *float64 `json:"electric_boiler,omitempty"`
	CHP            *float64 `json:"chp,omitempty"`
	FuelBoiler     *float64 `json:"fuel_boiler,omitempty"`
	Grid           *float64 `json:"grid,omitempty"`
}

// OperationCheck is a design re-run through the dispatch under one
// policy: the stage the ledger grants that run and by what margin it holds
// the stage planned for.
type OperationCheck struct {
	// Policy is the dispatch policy of the run (perfect or mpc) and Stage the
	// stage the ledger grants it.
	Policy dispatch.Policy `json:"policy"`
	Stage  dispatch.Stage  `json:"stage"`
	// Holds: the run reaches the stage planned for (or a better one).
	Holds bool `json:"holds"`
	// Margin is 1 − value/limit of the condition of the planned stage
	// with the least room, every condition written as "at most" (as
	// plan.Options.Margin tightens them): 0.12 means 12 % below its
	// limit; negative when the run misses it. Indicator names that
	// condition, Value and Limit are its figures in Unit.
	Margin    float64 `json:"margin"`
	Indicator string  `json:"indicator"`
	Value     float64 `json:"value"`
	Limit     float64 `json:"limit"`
	Unit      string  `json:"unit"`
	// StageLimitedBy is the ledger's reason the run stops short of the
	// next stage up.
	StageLimitedBy string `json:"stage_limited_by,omitempty"`
	// ResidualTCO2e and OffsetsNeededTCO2e are the run's, over the period.
	ResidualTCO2e      float64 `json:"residual_tco2e"`
	OffsetsNeededTCO2e float64 `json:"offsets_needed_tco2e"`
	// StoredChangeKWh is the energy the run's batteries ended with less
	// what they started with: the dispatch values energy left at the end,
	// the ledger does not credit it, and over a short period a large
	// battery banking energy weighs on the residual.
	StoredChangeKWh float64 `json:"stored_change_kwh"`
	// StoredShareOfMiss is, for a run that misses its stage on carbon per
	// unit energy, the non-clean share or the residual against the offsets
	// held, at most how much of the miss that stored energy would have
	// covered had it been discharged in place of imports (kWh against the
	// clean share's shortfall; kWh × the period's load-weighted mean
	// accounting factor against the carbon missed), at most 1 (all of
	// it); 0 otherwise. The report blames the stored energy only when it
	// is at least half the miss.
	StoredShareOfMiss float64 `json:"stored_share_of_miss,omitempty"`
	// How the run dispatched, as summary.json of `zeropark run` says it:
	// Objective and CarbonPricePerTCO2e (currency per tCO2e; 0 under
	// carbon) are the dispatch's (--objective, --carbon-price); for the
	// rolling horizon with forecasts HorizonHours is its look-ahead
	// (--horizon) and Forecasts its forecasters ("default" or the
	// --forecast choices), both empty for perfect foresight, which sees
	// the whole period. A roadmap.json written before these keys reads
	// as the default objective, carbon.
	Objective           dispatch.Objective `json:"objective"`
	CarbonPricePerTCO2e float64            `json:"carbon_price_per_tco2e"`
	HorizonHours        float64            `json:"horizon_hours,omitempty"`
	Forecasts           string             `json:"forecasts,omitempty"`
	// OperatingCostPerYear is what the run costs to operate, in the
	// terms of the row's own operating_cost_per_year (energy − export
	// revenue + fuel and heat bought + demand charges + battery wear,
	// AnnualCostsOf, × 8760 h / the period's hours): no capital, no
	// offsets or certificates, no credit for the energy left stored. The
	// plan's figure is its own least-cost operation; a run that minimises
	// carbon first, or starts from initial_soc_fraction where the plan's
	// storage is cyclic, may cost more (or less). nil when not known (a
	// roadmap.json written before this key).
	OperatingCostPerYear *float64 `json:"operating_cost_per_year,omitempty"`
	// SignalsDiffer: the run's dispatch signal (what its LP minimised) is
	// not the accounting factor the stage is judged on
	// (dispatch.Report.SignalsDiffer), so its operation need not keep the
	// carbon the plan sized for low. Absent when false.
	SignalsDiffer bool `json:"signals_differ,omitempty"`
}

// OperatingCostVsPlanPerYear is check c's operating cost per year less
// the plan's (planPerYear, the row's OperatingCostPerYear): what running
// the design under c's policy and objective costs more a year than the
// plan assumed; nil when c's cost is not known.
func (c *OperationCheck) OperatingCostVsPlanPerYear(planPerYear float64) *float64 {
	if c == nil || c.OperatingCostPerYear == nil {
		return nil
	}
	d := *c.OperatingCostPerYear - planPerYear
	return &d
}

// FullSeries is a design sized on representative periods (or
// chronological slices), evaluated
// over the full series: its capacities fixed, the cheapest operation of
// the whole period (plan.Model.Evaluate).
type FullSeries struct {
	// Stage is the stage the ledger grants the full-series operation;
	// Unreachable, when set, says the design does not reach its target
	// over the full series (and why).
	Stage       dispatch.Stage `json:"stage"`
	Unreachable string         `json:"unreachable,omitempty"`
	// TotalCostPerYear over the full series; CostError is (reduced −
	// full) / full, the reduced model's cost error, as a fraction. It is
	// nil when the design misses its target over the full series: its
	// total there is the design run without the target (nothing bought),
	// while the reduced total buys what the target needs, so the two do
	// not compare.
	TotalCostPerYear float64  `json:"total_cost_per_year"`
	CostError        *float64 `json:"cost_error,omitempty"`
	// LeastResidualTCO2ePerYear is, for a frontier point whose design
	// misses its residual bound over the full series (frontier.csv), the
	// least residual its capacities reach there, tCO2e a year; nil
	// otherwise (a roadmap's designs, which miss a stage, have their
	// diagnosis in Unreachable).
	LeastResidualTCO2ePerYear *float64 `json:"least_residual_tco2e_per_year,omitempty"`
	// ResidualTCO2ePerYear is the residual of the full-series operation
	// whose total is TotalCostPerYear, tCO2e a year (within the target
	// or the point's bound where it holds, above it where it misses);
	// nil in a file written before this field.
	ResidualTCO2ePerYear *float64 `json:"residual_tco2e_per_year,omitempty"`
	// Indicators are the stage indicators of that operation over the
	// full series (its carbon per tce against the limit, its clean
	// share, …): how far inside or outside its target the design is over
	// the year, where Stage only says whether; nil in a file written
	// before them.
	Indicators *DesignIndicators `json:"indicators,omitempty"`
	// Warnings are the full-series design's (plan.Design.Warnings): its
	// schedule settled so that a battery can run it, and its stage when
	// that falls below the target. Absent when none (and in a
	// roadmap.json written before this key).
	Warnings []string `json:"warnings,omitempty"`
}

// RoadmapRow is one design of a roadmap: today's park or the cheapest
// design for one stage. Money is in the park's currency per year, energy
// and carbon per year (the period's figures × 8760 h / its hours).
type RoadmapRow struct {
	// Target is TodayTarget or the stage solved for.
	Target string `json:"target"`
	// Stage is what the ledger grants the plan's own schedule ("" for an
	// unreachable stage).
	Stage dispatch.Stage `json:"stage"`
	// Unreachable, when set, is why no design within the candidates'
	// bounds reaches Target (plan.UnreachableError). The row then has no
	// design: its other fields are zero in memory, and the files write no
	// figure for it — empty cells in roadmap.csv, only target, stage and
	// unreachable in roadmap.json (see [RoadmapRow.MarshalJSON]) — so
	// that a tool sorting the designs by cost or residual cannot take a
	// stage out of reach for a free one.
	Unreachable string `json:"unreachable,omitempty"`

	// Added is what the design adds of each technology, Total what the
	// park then has (today's capacity + Added), and Additions the same
	// asset by asset with their costs (absent for today's park).
	Added     Capacities `json:"added"`
	Total     Capacities `json:"total"`
	Additions []Addition `json:"additions,omitempty"`
	// AddedUnits counts the whole units in Added, per technology bought
	// in units (nil fields elsewhere).
	AddedUnits UnitCounts `json:"added_units"`

	// CapitalPerYear is what is added × capital cost (net of incentives)
	// × the capital recovery factor, a year, in [Roadmap.Currency] as
	// every money figure of the row.
	CapitalPerYear float64 `json:"capital_per_year"`
	// FixedOMPerYear is what is added × fixed O&M, a year.
	FixedOMPerYear float64 `json:"fixed_om_per_year"`
	// EnergyCostPerYear is imports at their price less exports at theirs,
	// plus fuel, heat bought and the CHP units' variable O&M, a year.
	EnergyCostPerYear float64 `json:"energy_cost_per_year"`
	// DemandChargePerYear is each month's peak import × the demand charge
	// × the share of the month the period covers (1 if whole), a year.
	DemandChargePerYear float64 `json:"demand_charge_per_year"`
	// WearCostPerYear is the batteries' throughput × their wear cost, a
	// year.
	WearCostPerYear float64 `json:"wear_cost_per_year"`
	// OperatingCostPerYear is energy + demand charge + wear, a year.
	OperatingCostPerYear float64 `json:"operating_cost_per_year"`
	// FuelCostPerYear and PurchasedHeatCostPerYear are the fuels burnt
	// and the heat bought at their prices (a park with heat; 0 without),
	// both part of EnergyCostPerYear.
	FuelCostPerYear          float64 `json:"fuel_cost_per_year"`
	PurchasedHeatCostPerYear float64 `json:"purchased_heat_cost_per_year"`
	// CHPVariableOMCostPerYear is the CHP units' electricity × their
	// variable O&M (model.CHP.VariableOMPerKWh), part of EnergyCostPerYear
	// (0 without; a file written before it reads as 0, as it was then).
	CHPVariableOMCostPerYear float64 `json:"chp_variable_om_cost_per_year"`
	// Offsets and certificates bought on top of those held.
	OffsetsBoughtTCO2ePerYear    float64 `json:"offsets_bought_tco2e_per_year"`
	OffsetCostPerYear            float64 `json:"offset_cost_per_year"`
	CertificatesBoughtMWhPerYear float64 `json:"certificates_bought_mwh_per_year"`
	CertificateCostPerYear       float64 `json:"certificate_cost_per_year"`
	// TotalCostPerYear = capital + fixed O&M + operating + offsets +
	// certificates.
	TotalCostPerYear float64 `json:"total_cost_per_year"`
	// CarbonCostPerYear is Roadmap.CarbonPricePerTCO2e × the residual: the
	// carbon price's part of what the plan minimised
	// (plan.Design.CarbonCostPerYear), not in TotalCostPerYear, which is
	// what is paid; 0 without a carbon price (and in a file written
	// before it).
	CarbonCostPerYear float64 `json:"carbon_cost_per_year"`
	// CarbonPricePerTCO2e is the carbon price the designs were sized at,
	// roadmap.csv's carbon_price_per_tco2e: the same on every row, so
	// that roadmaps planned at several prices concatenate into one table.
	// roadmap.json has it once (Roadmap.CarbonPricePerTCO2e), not here;
	// [WriteRoadmapCSV] writes the roadmap's, whatever this holds, and
	// [ReadRoadmapCSV] sets it (nil: a file written before the column).
	CarbonPricePerTCO2e *float64 `json:"-"`
	// MarginFraction is roadmap.csv's margin_fraction: the margin the
	// design was sized at (its SizedMargin, else the roadmap's Margin), so
	// that a reader of the CSV alone sees it and roadmaps at several
	// margins concatenate. roadmap.json has it as Roadmap.Margin and
	// SizedMargin, not here; [WriteRoadmapCSV] writes it on every row with
	// a design but today's park, whatever this holds, and [ReadRoadmapCSV]
	// sets it (nil: today's park, a stage out of reach, or a file written
	// before the column).
	MarginFraction *float64 `json:"-"`
	// Currency is roadmap.csv's currency: the ISO 4217 code of every money
	// figure of the row (the park's economics.currency), so that the CSV
	// read alone names it. roadmap.json has it once (Roadmap.Currency),
	// not here; [WriteRoadmapCSV] writes the roadmap's on every row,
	// whatever this holds, and [ReadRoadmapCSV] sets it (empty: a file
	// written before the column).
	Currency             string  `json:"-"`
	ResidualTCO2ePerYear float64 `json:"residual_tco2e_per_year"`
	// NetResidualTCO2ePerYear is the residual less the offsets bought,
	// not those held (Roadmap.OffsetsHeldTCO2e, for the period): a
	// zero-carbon design that holds offsets has the part they cover left
	// here. roadmap.png's caption nets both out ("net of offsets").
	NetResidualTCO2ePerYear float64 `json:"net_residual_tco2e_per_year"`
	UnservedKWhPerYear      float64 `json:"unserved_kwh_per_year"`
	// UnservedHeatKWhThPerYear is the heat load left unserved, kWh_th a
	// year (0 on a park without heat); nil when not known (a roadmap.csv
	// or roadmap.json written before it: read as 0 it would say no heat
	// was shed).
	UnservedHeatKWhThPerYear *float64 `json:"unserved_heat_kwh_th_per_year"`
	// Energy is the design's energy a year from its ledger (imports,
	// renewables, batteries, CHP, boilers, fuel); nil when not known (a
	// roadmap.json or roadmap.csv written before it).
	Energy *DesignEnergy `json:"energy,omitempty"`
	// CostPerTCO2eAvoided is (total − today's total) / (today's net
	// residual − this one's); nil for today's park and when nothing is
	// avoided.
	CostPerTCO2eAvoided *float64 `json:"cost_per_tco2e_avoided"`
	// Investment is the capital the design needs up front, Σ added ×
	// capital cost, not annualised (plan.Design.Investment; 0 for today's
	// park); nil in a file written before it.
	Investment *float64 `json:"investment"`
	// Incentives is what comes back of Investment at purchase, Σ added ×
	// capital × capital_incentive_fraction (plan.Design.Incentives; 0
	// without incentives); nil in a file written before it.
	Incentives *float64 `json:"incentives"`
	// SimplePaybackYears is Investment − Incentives over what the design
	// saves a year against today's park in operating cost and fixed O&M,
	// undiscounted (plan.Design.SimplePaybackYears); nil when it saves
	// nothing (never pays back), for today's park, and in a file written
	// before it.
	SimplePaybackYears *float64 `json:"simple_payback_years"`
	// NetPresentValue is what the design is worth against today's park
	// over Roadmap.AnalysisYears at the discount rate, and
	// DiscountedPaybackYears when its discounted savings repay what it has
	// spent by then (plan.Design.NetPresentValue, DiscountedPaybackYears).
	// NetPresentValue is nil for today's park and in a file written
	// before it; DiscountedPaybackYears beside a NetPresentValue is nil
	// when the design does not pay back within the period.
	NetPresentValue        *float64 `json:"npv"`
	DiscountedPaybackYears *float64 `json:"discounted_payback_years"`
	// StepInvestment is, in a staged roadmap (Roadmap.Staged), what this
	// stage invests up front beyond the stage before it
	// (plan.Design.StepInvestment), every row with a design but today's
	// park's; nil otherwise. roadmap.csv has it too (step_investment), so
	// a file read back says whether it was staged: [StagedRows].
	StepInvestment *float64 `json:"step_investment,omitempty"`
	// SizedMargin is the margin the design was sized at where a --margin
	// auto search sized each stage at its own (the least margin at which
	// that stage held: Roadmap.MarginSearch); nil where the roadmap's
	// Margin sized every stage, and in roadmap.csv, which has no margin.
	SizedMargin *float64 `json:"sized_margin_fraction,omitempty"`
	// Indicators are the stage indicators the ledger judged the design's
	// own schedule on (dispatch.Report, its StageBasis); nil for a row
	// out of reach and in a file written before them (2026-12-04).
	Indicators *DesignIndicators `json:"indicators,omitempty"`
	// Sources split the design's residual and consumption by carrier
	// ([DesignSources]); nil for a row out of reach and in a file written
	// before them (2026-12-05).
	Sources *DesignSources `json:"sources,omitempty"`
	// ShadowCarbonPricePerTCO2e is the stage's shadow carbon price
	// (plan.Design.ShadowCarbonPricePerTCO2e): the marginal cost of its
	// carbon limit, per tCO2e (0: the limit does not bind). nil where no
	// dual is defined (today's park, whole units) and in a file written
	// before it.
	ShadowCarbonPricePerTCO2e *float64 `json:"shadow_carbon_price_per_tco2e"`
	// ShadowCleanSharePricePerMWh is the clean-share row's shadow price
	// per MWh of energy that is not clean
	// (plan.Design.ShadowCleanSharePricePerMWh); nil where the stage does
	// not require the clean share, where no dual is defined, and in a file
	// written before it.
	ShadowCleanSharePricePerMWh *float64 `json:"shadow_clean_share_price_per_mwh"`

	// Checks are the operation checks (perfect foresight, then the
	// rolling horizon with forecasts); empty when not run.
	Checks []OperationCheck `json:"operation_checks,omitempty"`
	// Full is the full-series evaluation of a design sized on
	// representative periods or chronological slices; nil on the full
	// series.
	Full *FullSeries `json:"full_series,omitempty"`
	// WholeUnits says, for a design bought in whole units, how close to
	// the best whole-unit design the plan's branch and bound proved it
	// (plan.Design.UnitSearch); absent for designs of any amounts and
	// capacities held (today's park).
	WholeUnits *UnitSearch `json:"whole_units,omitempty"`
	// Warnings say what a reader of the design's figures must know
	// (plan.Design.Warnings): the plan's schedule charged and discharged a
	// battery at once and was settled so that one can run it (every figure
	// is the settled schedule's), and the stage, when that falls below
	// Target; today's park leaves more load or heat unserved than the
	// ledger tolerates (costs leave it out); low-carbon's entry is
	// near-zero's design, the cheaper way to reach at least low-carbon
	// (plan.Model.Roadmap; its checks judge it against near-zero, what it
	// was planned for). Absent when none (and in a roadmap.json written before this
	// key); one line each.
	Warnings []string `json:"warnings,omitempty"`
}

// UnitSearch is the branch and bound of a whole-unit design
// (plan.UnitSearch): the relative MIP gap asked (--mip-gap; its 0 as
// 1e-4) and reached, (cost − bound) / |cost| of the LP's objective, the
// LPs solved, and whether nodes were left unexplored for lying within the
// gap (a design up to mip_gap_reached cheaper may exist; without, the
// design is the best whole units reach and the gap reached is 0).
type UnitSearch struct {
	// MIPGap is the relative gap asked, MIPGapReached the one reached, Nodes
	// the branch-and-bound nodes (LPs) solved and StoppedAtGap whether nodes
	// were left unexplored for lying within the gap.
	MIPGap        float64 `json:"mip_gap"`
	MIPGapReached float64 `json:"mip_gap_reached"`
	Nodes         int     `json:"nodes"`
	StoppedAtGap  bool    `json:"stopped_at_gap"`
}

// MarshalJSON writes a row with a design as its fields; a row out of
// reach (Unreachable set) as its target, stage and reason only, every
// figure absent: it has no design, and a 0 would read as a free one.
func (r RoadmapRow) MarshalJSON() ([]byte, error) {
	type plain RoadmapRow // without this method
	if r.Unreachable == "" {
		return json.Marshal(plain(r))
	}
	return json.Marshal(struct {
		Target      string         `json:"target"`
		Stage       dispatch.Stage `json:"stage"`
		Unreachable string         `json:"unreachable"`
	}{r.Target, r.Stage, r.Unreachable})
}

// Check is the row's operation check under policy p, or nil.
func (r *RoadmapRow) Check(p dispatch.Policy) *OperationCheck { return checkOf(r.Checks, p) }

// checkOf is the check of checks under policy p (an element of checks,
// not a copy), or nil: a roadmap row's and a pathway milestone's.
func checkOf(checks []OperationCheck, p dispatch.Policy) *OperationCheck {
	for i := range checks {
		if checks[i].Policy == p {
			return &checks[i]
		}
	}
	return nil
}

// RoadmapReduction describes representative periods a roadmap was solved
// over, or the chronological slices (Slices > 0: then Periods and
// PeriodLengthHours are 0, Representatives counts the slices, and Weights
// and Kinds are empty).
type RoadmapReduction struct {
	// Periods is how many representative periods were asked (--periods) and
	// PeriodLengthHours their length; Slices the chronological slices
	// (--slices); Representatives the periods (or slices) the reduced model
	// holds, extreme and remainder periods included; Errors how well they
	// reproduce each series; Weights how many original periods each
	// representative stands for, and Kinds how it was formed ("typical": a
	// cluster's medoid; "extreme": a period kept whole for its extreme;
	// "remainder": the last, shorter period).
	Periods           int           `json:"periods"`
	PeriodLengthHours float64       `json:"period_length_hours"`
	Slices            int           `json:"slices,omitempty"`
	Representatives   int           `json:"representatives"`
	Errors            []SeriesError `json:"series_errors"`
	Weights           []int         `json:"weights"`
	Kinds             []string      `json:"kinds"`
	// FullSeriesSolves, FullSeriesSolveSeconds and FullSeriesColumns are
	// the LP solves of the designs' evaluation over the full series (the
	// plan's own are Roadmap.Solves), its time in the solver and the
	// full-series LP's columns.
	FullSeriesSolves       int     `json:"full_series_solves"`
	FullSeriesSolveSeconds float64 `json:"full_series_solve_seconds"`
	FullSeriesColumns      int     `json:"full_series_lp_columns"`
}

// RemainderHours is the length of the last, shorter period that
// representative periods keep as it is, a representative beyond
// Reduction.Periods (plan/periods, KindRemainder), where the period length
// does not divide the series: 24 h for 8,760 hourly steps in periods of
// 168 h (52 × 168 + 24). 0 with none (no representative of kind
// "remainder" in Reduction.Kinds), over chronological slices or the full
// series, or where the step or the length is not known.
func (rm *Roadmap) RemainderHours() float64 {
	r := rm.Reduction
	if r == nil || r.Slices > 0 || !slices.Contains(r.Kinds, "remainder") || r.PeriodLengthHours <= 0 || rm.StepMinutes <= 0 || rm.Steps <= 0 {
		return 0
	}
	per := int(math.Round(r.PeriodLengthHours * 60 / rm.StepMinutes))
	if per < 1 {
		return 0
	}
	return float64(rm.Steps%per) * rm.StepMinutes / 60
}

// SeriesError is how well representative periods reproduce one series:
// the RMSE of the expanded series against the original (in the series'
// unit), as a share of its range, and the relative error of its total.
type SeriesError struct {
	// Name is the series' (a column of the series file), RMSE the
	// root-mean-square error of the expanded series against the original in
	// the series' unit, NRMSE that as a share of the series' range, and
	// TotalRelError the relative error of its total (fractions).
	Name          string  `json:"name"`
	RMSE          float64 `json:"rmse"`
	NRMSE         float64 `json:"nrmse"`
	TotalRelError float64 `json:"total_rel_error"`
}

// PlanPeriod is the period a plan or a pathway was solved over: its first
// and end instants, its steps and their length. Every figure a year is
// scaled from it (× HoursPerYear / [PlanPeriod.PeriodHours]). A file
// written before it leaves it zero.
type PlanPeriod struct {
	// Start and End are the period's first and end instants (RFC 3339), Steps
	// its intervals and StepMinutes their length in minutes.
	Start       time.Time `json:"start,omitzero"`
	End         time.Time `json:"end,omitzero"`
	Steps       int       `json:"steps,omitempty"`
	StepMinutes float64   `json:"step_minutes,omitempty"`
}

// PeriodHours is the period planned over, Steps × StepMinutes / 60,
// hours: what the per-year figures are scaled from (× HoursPerYear / it);
// 0 where the file does not say.
func (p PlanPeriod) PeriodHours() float64 { return float64(p.Steps) * p.StepMinutes / 60 }

// Roadmap is what `zeropark plan` found: today's park and the cheapest
// design for each stage, with what they were solved from.
type Roadmap struct {
	// Park is the park's name; Demo the embedded demo's name when the plan ran
	// on one; ParkFile and SeriesFile the input files as given (absent for a
	// demo).
	Park       string `json:"park"`
	Demo       string `json:"demo,omitempty"`
	ParkFile   string `json:"park_file,omitempty"`
	SeriesFile string `json:"series_file,omitempty"`
	// Heat is set when the park has a heat side (model.Park.HasHeat):
	// the printed tables then show the heat columns.
	Heat bool `json:"heat"`
	// Currency of every money figure (the park's economics).
	Currency string `json:"currency"`
	// DiscountRatePerYear is the economics' discount rate, a fraction a
	// year: the capital costs' annuities are at it.
	DiscountRatePerYear float64 `json:"discount_rate_per_year"`
	// AnalysisYears is the period the designs' NPV and discounted payback
	// run over (economics.analysis_years); 0 in a roadmap.json written
	// before it.
	AnalysisYears int `json:"analysis_years,omitempty"`
	// Defaulted lists the economics keys that took their defaults
	// (model.DefaultsSource says whose).
	Defaulted []string `json:"defaulted,omitempty"`
	// PlanPeriod is the period planned over.
	PlanPeriod
	// Margin is the fraction by which every stage limit was tightened
	// (--margin). Where stages were planned at margins of their own
	// (--margin auto, --margin STAGE=F,…) it is the largest a stage was
	// planned at, that stage's design out of reach or not (QA K,
	// 2026-12-05); each design's own is its SizedMargin.
	Margin float64 `json:"margin"`
	// MarginSearch is set by --margin auto: each roadmap planned in the
	// search for the least margin at which each stage's design holds in
	// operation, in the order planned. Each stage's design is from the
	// round its StageRound marks Kept (its row's SizedMargin; with
	// --staged one round for all, at Margin); Margin is then the largest
	// of them. Absent otherwise, and in a roadmap.json written before
	// this key (2026-12-05).
	MarginSearch []MarginRound `json:"margin_search,omitempty"`
	// Staged is set when each stage was built on the design before it
	// (--staged, plan.Options.Staged): every row's additions are at
	// least the row before's, and each row with a design but today's
	// park's has a StepInvestment (in roadmap.csv too, which has no such
	// key: [StagedRows]). Absent (false) for independent stages, and in a
	// roadmap.json written before this key.
	Staged bool `json:"staged,omitempty"`
	// StageThresholds are the park file's stage_thresholds, the thresholds
	// of another indicator set the designs were sized against where the
	// park gives them (each design's park carries them too); absent for
	// zeropark's defaults, and in a roadmap.json written before this key
	// (2026-12-05).
	StageThresholds *model.StageThresholds `json:"stage_thresholds,omitempty"`
	// RequireCleanShare is set when the clean-energy share was a
	// condition of near-zero-carbon and zero-carbon beside the core
	// indicator (--require-clean-share, the park file's stage_thresholds
	// or both): the plan sized for it, and the operation checks judged by
	// it.
	RequireCleanShare bool `json:"require_clean_share"`
	// RequireCleanShareFlag is set where --require-clean-share (from Go,
	// plan.Options.RequireCleanShare) required it; RequireCleanShare is
	// set then and also where only the park file's stage_thresholds
	// require it, and the Ledger line credits the flag, the file or both.
	// False in a roadmap.json written before this key (2026-12-05).
	RequireCleanShareFlag bool `json:"require_clean_share_flag"`
	// StorageEnd is how the plan treated the energy stored at the ends
	// of the period (--storage-end, plan.StorageEnd): "cyclic", each
	// battery and thermal store ending with what it started with, a free
	// choice; or "valued", starting at initial_soc_fraction with the
	// energy left at the end credited, as the dispatch does. A
	// roadmap.json written before this key ("") was planned cyclic.
	StorageEnd string `json:"storage_end"`
	// ChecksAtShadowPrice is set when the operation checks ran at least
	// cost with each design's own shadow carbon price (--carbon-price
	// shadow): each check's CarbonPricePerTCO2e is its design's
	// ShadowCarbonPricePerTCO2e. Absent (false) when they ran with one
	// price for all, and in a roadmap.json written before this key.
	ChecksAtShadowPrice bool `json:"checks_at_shadow_carbon_price,omitempty"`
	// CarbonPricePerTCO2e is the internal carbon price the designs were
	// sized at (--carbon-price under plan, plan.Options.CarbonPricePerTCO2e):
	// each minimised its total cost + this × its residual, the rows'
	// CarbonCostPerYear. Absent (0) without one, and in a roadmap.json
	// written before this key.
	CarbonPricePerTCO2e float64 `json:"carbon_price_per_tco2e,omitempty"`
	// OffsetPricePerTCO2e and CertificatePricePerMWh are the prices
	// (currency per tCO2e and per MWh), OffsetsHeldTCO2e and
	// CertificatesHeldMWh the holdings (tCO2e, MWh, for the period), the
	// plan bought with.
	OffsetPricePerTCO2e    float64 `json:"offset_price_per_tco2e"`
	CertificatePricePerMWh float64 `json:"certificate_price_per_mwh"`
	OffsetsHeldTCO2e       float64 `json:"offsets_held_tco2e"`
	CertificatesHeldMWh    float64 `json:"certificates_held_mwh"`
	// BaselineTCO2ePerYear is the ledger's baseline a year (today's
	// park's load served from the grid, the same for every design), and
	// LowCarbonReductionMinFraction the reduction against it low-carbon
	// needs: with OffsetsHeldTCO2e, the stage thresholds on the residual a
	// frontier's figure shades by (plots.FrontierThresholdsOf). nil in a
	// roadmap.json written before these keys (2026-12-04).
	BaselineTCO2ePerYear          *float64 `json:"baseline_tco2e_per_year,omitempty"`
	LowCarbonReductionMinFraction *float64 `json:"low_carbon_reduction_min_fraction,omitempty"`
	// Reduction is set when the plan was solved over representative
	// periods (--periods) or chronological slices (--slices).
	Reduction *RoadmapReduction `json:"reduction,omitempty"`
	// Rows: today's park, then low-carbon, near-zero-carbon and
	// zero-carbon.
	Rows []RoadmapRow `json:"designs"`
	// Solves and SolveSeconds count the plan's LP solves; Columns and
	// LPRows are the LP's size.
	Solves       int     `json:"solves"`
	SolveSeconds float64 `json:"solve_seconds"`
	Columns      int     `json:"lp_columns"`
	LPRows       int     `json:"lp_rows"`
	// ZeroparkVersion is the build stamp of the code that planned.
	ZeroparkVersion string `json:"zeropark_version"`
	// Digests are the SHA-256 digests of today's park and the series
	// planned over.
	Digests
}

// roadmapCol is a column of roadmap.csv.
type roadmapCol = column[RoadmapRow]

// fullCol is a number column of roadmap.csv read from the design's
// full-series evaluation (RoadmapRow.Full): empty when there is none.
func fullCol(name, doc string, f func(*FullSeries) *float64) roadmapCol {
	return fullTextCol(name, doc,
		func(fs *FullSeries) string { return FormatNumber(*f(fs)) },
		func(fs *FullSeries, s string) error { return parseNumber(s, f(fs)) })
}

// fullOptCol is a number column of roadmap.csv read from the design's
// full-series evaluation that may be absent there too: empty when there
// is no evaluation or no number.
func fullOptCol(name, doc string, f func(*FullSeries) **float64) roadmapCol {
	return fullTextCol(name, doc,
		func(fs *FullSeries) string { return optCell(*f(fs)) },
		func(fs *FullSeries, s string) error { return parseOpt(s, f(fs)) })
}

// fullTextCol is a column of roadmap.csv read from the design's
// full-series evaluation by get and set: empty when there is none, and a
// cell that is not empty makes one.
func fullTextCol(name, doc string, get func(*FullSeries) string, set func(*FullSeries, string) error) roadmapCol {
	return partCol(name, doc, func(r *RoadmapRow) **FullSeries { return &r.Full }, get, set)
}

// partCol is a column of roadmap.csv read from a part of the row that may
// be absent (*part(r) nil: the design's full-series evaluation, its
// energy) by get and set: empty when the part is absent, and a cell that
// is not empty makes it.
func partCol[P any](name, doc string, part func(r *RoadmapRow) **P, get func(*P) string, set func(*P, string) error) roadmapCol {
	return roadmapCol{name: name, doc: doc, figure: true,
		get: func(r *RoadmapRow) string {
			if *part(r) == nil {
				return ""
			}
			return get(*part(r))
		},
		set: func(r *RoadmapRow, s string) error {
			if s == "" {
				return nil
			}
			if *part(r) == nil {
				*part(r) = new(P)
			}
			return set(*part(r), s)
		}}
}

// WarningsSep separates the warnings of one cell of roadmap.csv and
// frontier.csv: a newline (the cell is quoted), since a warning's own
// words may hold "; " (the ledger joins the indicators a stage misses
// with it).
const WarningsSep = "\n"

// fullSeriesWarning starts a full-series warning in roadmap.csv's
// warnings cell.
const fullSeriesWarning = "full series: "

// joinWarnings is the cell of warnings ws: one a line, a newline inside
// one written as a space so that the cell reads back as as many.
func joinWarnings(ws []string) string {
	lines := make([]string, len(ws))
	for i, w := range ws {
		lines[i] = strings.ReplaceAll(strings.ReplaceAll(w, "\r", " "), "\n", " ")
	}
	return strings.Join(lines, WarningsSep)
}

// splitWarnings reads a warnings cell: nil when empty.
func splitWarnings(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, WarningsSep)
}

// AllWarnings are r's warnings, then its full series' after "full
// series: ", then those its figures make (a miss of the target over the
// full series or in an operation check), as roadmap.csv's warnings cell
// lists them (and the plots footnote them); nil when there are none.
func (r *RoadmapRow) AllWarnings() []string {
	return append(r.StoredWarnings(), r.derivedWarnings()...)
}

// StoredWarnings are [RoadmapRow.AllWarnings] without those its figures
// make (a miss of the target over the full series or in an operation
// check): for a reader, such as the plots, that says those misses in its
// own words.
func (r *RoadmapRow) StoredWarnings() []string {
	ws := slices.Clone(r.Warnings)
	if r.Full != nil {
		for _, w := range r.Full.Warnings {
			ws = append(ws, fullSeriesWarning+w)
		}
	}
	return ws
}

// derivedWarnings are the warnings a row's own figures make (plots QA,
// 2026-12-04: roadmap.csv's warnings were empty beside
// full_series_stage below the target, perfect_holds=false and
// mpc_holds=false): the design misses its target over the full series,
// or in an operation check.
func (r *RoadmapRow) derivedWarnings() []string {
	var ws []string
	if r.Full != nil && r.Full.Unreachable != "" {
		ws = append(ws, fullSeriesWarning+"misses "+r.Target+": "+r.Full.Unreachable)
	}
	for _, c := range r.Checks {
		if !c.Holds {
			m := formatMargin(&c)
			_, m, _ = strings.Cut(m, ", margin ")
			ws = append(ws, fmt.Sprintf("%s operation: misses %s (the run is %s; margin %s)", c.Policy, r.Target, c.Stage, m))
		}
	}
	return ws
}

// dropDerivedWarnings takes out of a row read from roadmap.csv the
// warnings [RoadmapRow.AllWarnings] derives from its figures, so that a
// row reads back as it was written.
func (r *RoadmapRow) dropDerivedWarnings() {
	d := r.derivedWarnings()
	if len(d) == 0 {
		return
	}
	r.Warnings = slices.DeleteFunc(r.Warnings, func(w string) bool { return slices.Contains(d, w) })
	if r.Full != nil {
		r.Full.Warnings = slices.DeleteFunc(r.Full.Warnings, func(w string) bool { return slices.Contains(d, fullSeriesWarning+w) })
		if len(r.Full.Warnings) == 0 {
			r.Full.Warnings = nil
		}
	}
	if len(r.Warnings) == 0 {
		r.Warnings = nil
	}
}

// warningsCell is r's warnings cell: [RoadmapRow.AllWarnings], one a line.
func warningsCell(r *RoadmapRow) string { return joinWarnings(r.AllWarnings()) }

// setWarnings reads a warnings cell into r (warningsCell's inverse): a
// full-series warning into r.Full, made when there is none.
func setWarnings(r *RoadmapRow, s string) {
	for _, w := range splitWarnings(s) {
		if rest, ok := strings.CutPrefix(w, fullSeriesWarning); ok {
			if r.Full == nil {
				r.Full = &FullSeries{}
			}
			r.Full.Warnings = append(r.Full.Warnings, rest)
			continue
		}
		r.Warnings = append(r.Warnings, w)
	}
}

// stageCell reads a stage cell: one of dispatch.Stages(), or "" when
// empty is allowed.
func stageCell(s string, emptyOK bool) (dispatch.Stage, error) {
	if s == "" && emptyOK {
		return "", nil
	}
	if dispatch.Stage(s).Rank() < 0 {
		return "", fmt.Errorf("unknown stage (want one of %s)", strings.Join(stageNames(), ", "))
	}
	return dispatch.Stage(s), nil
}

func stageNames() []string {
	var names []string
	for _, s := range dispatch.Stages() {
		names = append(names, string(s))
	}
	return names
}

// checkPrefix is the prefix of policy p's operation check columns
// ("perfect", "mpc").
func checkPrefix(p dispatch.Policy) string {
	if p == dispatch.RollingHorizon {
		return "mpc"
	}
	return string(p)
}

// ensureCheck is r's operation check under policy p, added when r has
// none (a cell of roadmap.csv read into it).
func ensureCheck(r *RoadmapRow, p dispatch.Policy) *OperationCheck {
	if c := r.Check(p); c != nil {
		return c
	}
	r.Checks = append(r.Checks, OperationCheck{Policy: p})
	return &r.Checks[len(r.Checks)-1]
}

// checkCols are the columns of one policy's operation check.
func checkCols(p dispatch.Policy) []roadmapCol {
	prefix, what := checkPrefix(p), policyWords(p)
	get := func(r *RoadmapRow) *OperationCheck { return r.Check(p) }
	ensure := func(r *RoadmapRow) *OperationCheck { return ensureCheck(r, p) }
	return []roadmapCol{
		{name: prefix + "_stage", doc: "the stage the ledger grants the design run under " + what + " (empty: not checked)",
			get: func(r *RoadmapRow) string {
				if c := get(r); c != nil {
					return string(c.Stage)
				}
				return ""
			},
			set: func(r *RoadmapRow, s string) error {
				if s == "" {
					return nil
				}
				st, err := stageCell(s, false)
				if err != nil {
					return err
				}
				ensure(r).Stage = st
				return nil
			}, figure: true},
		{name: prefix + "_holds", doc: "true when that run still reaches the stage planned for",
			get: func(r *RoadmapRow) string {
				if c := get(r); c != nil {
					return strconv.FormatBool(c.Holds)
				}
				return ""
			},
			set: func(r *RoadmapRow, s string) error {
				if s == "" {
					return nil
				}
				b, err := strconv.ParseBool(s)
				if err != nil {
					return errors.New("want true or false")
				}
				ensure(r).Holds = b
				return nil
			}, figure: true},
		{name: prefix + "_margin_fraction", doc: "1 − value/limit of its tightest condition of the planned stage, a fraction (negative: missed)",
			get: func(r *RoadmapRow) string {
				if c := get(r); c != nil {
					return FormatNumber(c.Margin)
				}
				return ""
			},
			set: func(r *RoadmapRow, s string) error {
				if s == "" {
					return nil
				}
				return parseNumber(s, &ensure(r).Margin)
			}, figure: true},
		{name: prefix + "_indicator", doc: "that condition",
			get: func(r *RoadmapRow) string {
				if c := get(r); c != nil {
					return c.Indicator
				}
				return ""
			},
			set: func(r *RoadmapRow, s string) error {
				if s != "" {
					ensure(r).Indicator = s
				}
				return nil
			}, figure: true},
	}
}

// checkCostCol is the column of policy p's operation check's operating
// cost per year (OperationCheck.OperatingCostPerYear): empty when not
// checked or not known; a number makes the check.
func checkCostCol(p dispatch.Policy) roadmapCol {
	return roadmapCol{name: checkPrefix(p) + "_operating_cost_per_year", figure: true,
		doc: "what the design costs to operate a year run under " + policyWords(p) +
			": energy + demand charge + wear, as roadmap.csv's operating_cost_per_year (no offsets or certificates; empty: not checked)",
		get: func(r *RoadmapRow) string {
			if c := r.Check(p); c != nil {
				return optCell(c.OperatingCostPerYear)
			}
			return ""
		},
		set: func(r *RoadmapRow, s string) error {
			var v *float64
			if err := parseOpt(s, &v); err != nil || v == nil {
				return err
			}
			ensureCheck(r, p).OperatingCostPerYear = v
			return nil
		}}
}

// roadmapLayout is roadmap.csv, column by column. The names are part of
// the file format: add at the end, never rename. (Renamed once, on
// 2026-12-02, so every column names its unit: perfect_margin,
// mpc_margin and full_series_cost_error became perfect_margin_fraction,
// mpc_margin_fraction and full_series_cost_error_fraction, in place.)
var roadmapLayout = func() []roadmapCol {
	cols := []roadmapCol{
		{name: ColTarget, doc: `"today" (today's park, nothing added) or the stage solved for`,
			get: func(r *RoadmapRow) string { return r.Target },
			set: func(r *RoadmapRow, s string) error {
				if s != TodayTarget {
					if _, err := stageCell(s, false); err != nil {
						return err
					}
				}
				r.Target = s
				return nil
			}},
		{name: ColStage, doc: "the stage the ledger grants the plan's own schedule (empty when unreachable)",
			get: func(r *RoadmapRow) string { return string(r.Stage) },
			set: func(r *RoadmapRow, s string) (err error) { r.Stage, err = stageCell(s, true); return err }},
		numCol("add_pv_kwp", "PV to add, kWp", func(r *RoadmapRow) *float64 { return &r.Added.PVKWp }),
		numCol("add_wind_kw", "wind to add, kW rated", func(r *RoadmapRow) *float64 { return &r.Added.WindKW }),
		numCol("add_battery_kwh", "battery energy to add, kWh", func(r *RoadmapRow) *float64 { return &r.Added.BatteryKWh }),
		numCol("add_battery_kw", "battery power to add, kW (charge and discharge)", func(r *RoadmapRow) *float64 { return &r.Added.BatteryKW }),
		numCol("total_pv_kwp", "PV of the design, kWp", func(r *RoadmapRow) *float64 { return &r.Total.PVKWp }),
		numCol("total_wind_kw", "wind of the design, kW", func(r *RoadmapRow) *float64 { return &r.Total.WindKW }),
		numCol("total_battery_kwh", "battery energy of the design, kWh", func(r *RoadmapRow) *float64 { return &r.Total.BatteryKWh }),
		numCol("total_battery_kw", "battery power of the design, kW", func(r *RoadmapRow) *float64 { return &r.Total.BatteryKW }),
		numCol(ColCapitalPerYear, "what is added × capital cost (net of incentives) × capital recovery factor, per year", func(r *RoadmapRow) *float64 { return &r.CapitalPerYear }),
		numCol(ColFixedOMPerYear, "what is added × fixed O&M, per year", func(r *RoadmapRow) *float64 { return &r.FixedOMPerYear }),
		numCol("energy_cost_per_year", "imports at their price less exports at theirs, plus fuel, heat bought and the CHP units' variable O&M, per year", func(r *RoadmapRow) *float64 { return &r.EnergyCostPerYear }),
		numCol("demand_charge_per_year", "each month's peak import × the demand charge × the share of the month the period covers (1 if whole), per year", func(r *RoadmapRow) *float64 { return &r.DemandChargePerYear }),
		numCol("wear_cost_per_year", "battery throughput × wear cost, per year", func(r *RoadmapRow) *float64 { return &r.WearCostPerYear }),
		numCol(ColOperatingCostPerYear, "energy + demand charge + wear, per year", func(r *RoadmapRow) *float64 { return &r.OperatingCostPerYear }),
		numCol("offsets_bought_tco2e_per_year", "carbon offsets bought beyond those held, tCO2e per year", func(r *RoadmapRow) *float64 { return &r.OffsetsBoughtTCO2ePerYear }),
		numCol("offset_cost_per_year", "their cost, per year", func(r *RoadmapRow) *float64 { return &r.OffsetCostPerYear }),
		numCol("certificates_bought_mwh_per_year", "green-electricity certificates bought beyond those held, MWh per year", func(r *RoadmapRow) *float64 { return &r.CertificatesBoughtMWhPerYear }),
		numCol("certificate_cost_per_year", "their cost, per year", func(r *RoadmapRow) *float64 { return &r.CertificateCostPerYear }),
		numCol(ColTotalCostPerYear, "capital + fixed O&M + operating + offsets + certificates, per year", func(r *RoadmapRow) *float64 { return &r.TotalCostPerYear }),
		numCol(ColResidualTCO2ePerYear, "the ledger's residual emissions, tCO2e per year", func(r *RoadmapRow) *float64 { return &r.ResidualTCO2ePerYear }),
		numCol("net_residual_tco2e_per_year", "the residual less the offsets bought, not those held (a zero-carbon design holding offsets shows what they cover; the net of both is this less roadmap.json's offsets_held_tco2e, which is for the period, scaled to a year (× 8760 h / the period's hours); below zero with --margin: offsets cover residual / (1 − margin))", func(r *RoadmapRow) *float64 { return &r.NetResidualTCO2ePerYear }),
		numCol("unserved_kwh_per_year", "load not served, kWh per year", func(r *RoadmapRow) *float64 { return &r.UnservedKWhPerYear }),
		optCol(ColCostPerTCO2eAvoided, "(total − today's total) / (today's net residual − this net residual), per tCO2e (empty: nothing avoided)",
			func(r *RoadmapRow) **float64 { return &r.CostPerTCO2eAvoided }),
	}
	cols = append(cols, checkCols(dispatch.Perfect)...)
	cols = append(cols, checkCols(dispatch.RollingHorizon)...)
	cols = append(cols,
		fullCol("full_series_total_cost_per_year", "with --periods or --slices: the design's total cost per year over the full series (empty without)",
			func(f *FullSeries) *float64 { return &f.TotalCostPerYear }),
		fullOptCol("full_series_cost_error_fraction", "(total_cost_per_year − full_series_total_cost_per_year) / the latter, a fraction: the reduced model's cost error (empty when the design misses its stage over the full series: the two totals do not compare)",
			func(f *FullSeries) **float64 { return &f.CostError }),
		roadmapCol{name: ColUnreachable, doc: "why no design within the candidates' bounds reaches the target (empty when one does); when set the row has no design, and every column but target, stage, unreachable, carbon_price_per_tco2e and currency is empty",
			get: func(r *RoadmapRow) string { return r.Unreachable },
			set: func(r *RoadmapRow, s string) error { r.Unreachable = s; return nil }},
		numCol("add_heat_pump_kw_th", "heat pump output to add, kW_th (0 on a park without heat)", func(r *RoadmapRow) *float64 { return &r.Added.HeatPumpKWTh }),
		numCol("add_thermal_storage_kwh_th", "thermal storage to add, kWh_th", func(r *RoadmapRow) *float64 { return &r.Added.ThermalStorageKWhTh }),
		numCol("total_heat_pump_kw_th", "heat pump output of the design, kW_th", func(r *RoadmapRow) *float64 { return &r.Total.HeatPumpKWTh }),
		numCol("total_thermal_storage_kwh_th", "thermal storage of the design, kWh_th", func(r *RoadmapRow) *float64 { return &r.Total.ThermalStorageKWhTh }),
		numCol("fuel_cost_per_year", "fuel burnt at its price, per year (part of energy_cost_per_year; 0 without heat)", func(r *RoadmapRow) *float64 { return &r.FuelCostPerYear }),
		numCol("purchased_heat_cost_per_year", "heat bought at its price, per year (part of energy_cost_per_year)", func(r *RoadmapRow) *float64 { return &r.PurchasedHeatCostPerYear }),
		fullTextCol("full_series_stage", "with --periods or --slices: the stage the ledger grants the design's operation over the full series",
			func(f *FullSeries) string { return string(f.Stage) },
			func(f *FullSeries, s string) (err error) { f.Stage, err = stageCell(s, false); return err }),
		fullTextCol("full_series_unreachable", "with --periods or --slices: why the design misses its stage over the full series (empty when it reaches it)",
			func(f *FullSeries) string { return f.Unreachable },
			func(f *FullSeries, s string) error { f.Unreachable = s; return nil }),
		checkCostCol(dispatch.Perfect),
		checkCostCol(dispatch.RollingHorizon),
		numCol("add_electric_boiler_kw_th", "electric boiler output to add, kW_th (0 on a park without heat)", func(r *RoadmapRow) *float64 { return &r.Added.ElectricBoilerKWTh }),
		numCol("total_electric_boiler_kw_th", "electric boiler output of the design, kW_th", func(r *RoadmapRow) *float64 { return &r.Total.ElectricBoilerKWTh }),
		optCol("add_pv_units", "whole PV blocks added, add_pv_kwp / economics.pv.unit_kwp (empty: PV in any amount)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.PV }),
		optCol("add_wind_units", "whole turbines added, add_wind_kw / economics.wind.unit_kw (empty: wind in any amount)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.Wind }),
		optCol("add_battery_kwh_units", "whole battery blocks of energy added, add_battery_kwh / economics.battery.unit_kwh (empty: any amount; the same count as add_battery_kw_units when a block brings both)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.BatteryEnergy }),
		optCol("add_battery_kw_units", "whole battery blocks of power added, add_battery_kw / economics.battery.unit_kw (empty: any amount)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.BatteryPower }),
		optCol("add_heat_pump_units", "whole heat pumps added, add_heat_pump_kw_th / economics.heat_pump.unit_kw_th (empty: any amount)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.HeatPump }),
		optCol("add_thermal_storage_units", "whole tanks added, add_thermal_storage_kwh_th / economics.thermal_storage.unit_kwh_th (empty: any amount)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.ThermalStorage }),
		optCol("add_electric_boiler_units", "whole electric boilers added, add_electric_boiler_kw_th / economics.electric_boiler.unit_kw_th (empty: any amount)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.ElectricBoiler }),
		numCol("add_chp_kw", "CHP electric output to add, kW (its heat follows at the unit's η_th/η_el; 0 on a park without heat)",
			func(r *RoadmapRow) *float64 { return &r.Added.CHPKW }),
		numCol("total_chp_kw", "CHP electric output of the design, kW", func(r *RoadmapRow) *float64 { return &r.Total.CHPKW }),
		numCol("add_fuel_boiler_kw_th", "fuel boiler output to add, kW_th (0 on a park without heat)", func(r *RoadmapRow) *float64 { return &r.Added.FuelBoilerKWTh }),
		numCol("total_fuel_boiler_kw_th", "fuel boiler output of the design, kW_th", func(r *RoadmapRow) *float64 { return &r.Total.FuelBoilerKWTh }),
		optCol("add_chp_units", "whole CHP units added, add_chp_kw / economics.chp.unit_kw (empty: any amount)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.CHP }),
		optCol("add_fuel_boiler_units", "whole fuel boilers added, add_fuel_boiler_kw_th / economics.fuel_boiler.unit_kw_th (empty: any amount)",
			func(r *RoadmapRow) **float64 { return &r.AddedUnits.FuelBoiler }),
		optionalOnRead(optCol(colUnservedHeat, "heat load not served, kWh_th per year (0 on a park without heat; empty: not known, in a file written before this column)",
			func(r *RoadmapRow) **float64 { return &r.UnservedHeatKWhThPerYear })),
	)
	cols = append(cols, energyCols...)
	cols = append(cols,
		optionalOnRead(numCol(colCHPVariableOM, "the CHP units' electricity × their variable_om_per_kwh, per year (part of energy_cost_per_year; 0 without)", func(r *RoadmapRow) *float64 { return &r.CHPVariableOMCostPerYear })),
		optionalOnRead(numCol(colCarbonCost, "with --carbon-price under plan, that price × the residual, per year: the carbon price's part of what each design minimised, not in total_cost_per_year (what is paid); 0 without one",
			func(r *RoadmapRow) *float64 { return &r.CarbonCostPerYear })),
		optionalOnRead(roadmapCol{name: colCarbonPrice, doc: "the internal carbon price the designs were sized at (--carbon-price under plan), per tCO2e, the same on every row, on a row out of reach too; 0 without one (each design minimised total_cost_per_year + this × residual_tco2e_per_year)",
			get: func(r *RoadmapRow) string { return optCell(r.CarbonPricePerTCO2e) },
			set: func(r *RoadmapRow, s string) error { return parseOpt(s, &r.CarbonPricePerTCO2e) }}),
	)
	cols = append(cols, gridCols...)
	cols = append(cols,
		optionalOnRead(optCol(colShadowCarbonPrice, "the stage's shadow carbon price, per tCO2e: what the design's cost a year falls by per tCO2e a year more residual allowed, the marginal cost of its carbon limit (0: it does not bind; with --carbon-price P the priced cost's, total + P × residual: at least P, P where the limit does not bind; empty: no dual — today's park, whole units — or a file written before this column)",
			func(r *RoadmapRow) **float64 { return &r.ShadowCarbonPricePerTCO2e })),
		optionalOnRead(optCol(colShadowCleanSharePrice, "with --require-clean-share, the clean-share limit's shadow price per MWh of energy that is not clean (the certificate price where certificates are bought; empty: not required, no dual, or a file written before this column)",
			func(r *RoadmapRow) **float64 { return &r.ShadowCleanSharePricePerMWh })),
		optionalOnRead(optCol(colInvestment, "the capital the design needs up front: what is added × capital cost, not annualised (0 for today's park; empty: a file written before this column)",
			func(r *RoadmapRow) **float64 { return &r.Investment })),
		optionalOnRead(optCol(colSimplePayback, "(investment − incentives) / what the design saves a year against today's park in operating cost and fixed O&M, years, undiscounted, offsets and certificates left out (empty: it saves nothing and never pays back, today's park, or a file written before this column)",
			func(r *RoadmapRow) **float64 { return &r.SimplePaybackYears })),
		optionalOnRead(optCol(ColIncentives, "what comes back of the investment at purchase: what is added × capital cost × the economics' capital_incentive_fraction (0 without; empty: a file written before this column)",
			func(r *RoadmapRow) **float64 { return &r.Incentives })),
		optionalOnRead(optCol(colNPV, "net present value against today's park over the economics' analysis_years at the discount rate: the saving a year discounted, less each addition's capital net of incentives at purchase and at each replacement within the period, plus the straight-line value left of the last at the end (empty: today's park, or a file written before this column)",
			func(r *RoadmapRow) **float64 { return &r.NetPresentValue })),
		optionalOnRead(optCol(colDiscountedPayback, "years until the discounted savings repay what has been spent by then, interpolated within the year (empty beside an npv: not within analysis_years, or nothing invested; else today's park, or a file written before this column)",
			func(r *RoadmapRow) **float64 { return &r.DiscountedPaybackYears })),
		roadmapCol{name: ColWarnings, doc: "what a reader of the design's figures must know, one warning a line (a schedule settled because the plan charged and discharged a battery at once; a stage below the target; today's park leaving more load or heat unserved than the ledger tolerates): the design's, then its full series' after \"" + fullSeriesWarning + "\", then a miss of the target over the full series or in an operation check (\"mpc operation: misses …\"); empty when none",
			get: func(r *RoadmapRow) string { return warningsCell(r) },
			set: func(r *RoadmapRow, s string) error { setWarnings(r, s); return nil }, optional: true},
	)
	// The stage indicators, then step_investment, kept last (a file of an
	// unstaged roadmap is one written before it plus an empty column).
	cols = append(cols, indicatorCols...)
	cols = append(cols, sourceCols...)
	cols = append(cols,
		// The design's import limit, as pathway.csv has it: empty where
		// the connection is no candidate, where a 0 would read as "no
		// grid" (QA, 2026-12-04: roadmap.csv had add_grid_kw only).
		optionalOnRead(roadmapCol{name: colTotalGrid, doc: "the design's grid import limit, kW, where economics.grid_connection makes the connection a candidate (today's limit + add_grid_kw); empty where it is no candidate, and in a file written before this column",
			get: func(r *RoadmapRow) string {
				if r.Total.GridKW == 0 {
					return ""
				}
				return FormatNumber(r.Total.GridKW)
			},
			set: func(r *RoadmapRow, s string) error {
				r.Total.GridKW = 0
				if s == "" {
					return nil
				}
				return parseNumber(s, &r.Total.GridKW)
			}, figure: true}),
		optionalOnRead(fullOptCol(colFullSeriesResidual, "with --periods or --slices: the residual of the design's operation over the full series (the one full_series_total_cost_per_year prices), tCO2e per year (empty without, and in a file written before this column)",
			func(f *FullSeries) **float64 { return &f.ResidualTCO2ePerYear })),
	)
	cols = append(cols, fullIndicatorCols...)
	cols = append(cols,
		optionalOnRead(optCol(colMargin, "the margin the design was sized at, a fraction: every limit of its stage × (1 − this) (--margin; with --margin auto the stage's own, the least at which it held in operation); empty for today's park, which is not sized, and in a file written before this column",
			func(r *RoadmapRow) **float64 { return &r.MarginFraction })),
		// The currency of every money column, as a sweep's (QA,
		// 2026-12-05: a roadmap.csv read alone named none).
		currencyCol(currencyDoc("roadmap.json's currency", ", on a row out of reach too"),
			func(r *RoadmapRow) *string { return &r.Currency }),
		// step_investment stays last: an unstaged roadmap's file is one
		// written before it plus an empty column.
		optionalOnRead(optCol(colStepInvestment, "with --staged, what the stage invests up front beyond the stage before it, whose design it keeps: its investment less that row's (all of it for low-carbon and for a stage after one out of reach); empty: not staged, today's park, or a file written before this column",
			func(r *RoadmapRow) **float64 { return &r.StepInvestment })),
	)
	return cols
}()

// currencyDoc documents the currency column of roadmap.csv, frontier.csv
// or pathway.csv, whose JSON names it as json says.
func currencyDoc(json, every string) string {
	return "ISO 4217 code of every money column of the row (the park file's economics.currency, " + json +
		", as a sweep's currency); the same on every row" + every + "; empty when the park has no economics, and in a file written before this column"
}

// fullIndicatorCol is a column of roadmap.csv and frontier.csv read from
// the full series' indicators (FullSeries.Indicators): empty without
// --periods or --slices and in a file written before it.
func fullIndicatorCol(name, doc string, f func(*DesignIndicators) *float64) roadmapCol {
	return optionalOnRead(fullTextCol(name, doc,
		func(fs *FullSeries) string {
			if fs.Indicators == nil {
				return ""
			}
			return FormatNumber(*f(fs.Indicators))
		},
		func(fs *FullSeries, s string) error {
			if fs.Indicators == nil {
				fs.Indicators = &DesignIndicators{}
			}
			return parseNumber(s, f(fs.Indicators))
		}))
}

// fullIndicatorCols are the full series' core indicators, before
// step_investment in roadmap.csv and warnings in frontier.csv
// (2026-12-05); the
// rest of them are in roadmap.json's full_series.indicators.
var fullIndicatorCols = []roadmapCol{
	fullIndicatorCol("full_series_carbon_tco2_per_tce", "with --periods or --slices: the core indicator of the design's operation over the full series, tCO2 per tce, against the same carbon_tco2_per_tce_max (empty without, and in a file written before this column)",
		func(e *DesignIndicators) *float64 { return &e.CarbonTCO2PerTce }),
	fullIndicatorCol("full_series_clean_share_fraction", "fraction 0–1, with --periods or --slices: the clean share of that operation's consumption (empty without, and in a file written before this column)",
		func(e *DesignIndicators) *float64 { return &e.CleanShare }),
}

// DesignIndicators are a design's stage indicators as the ledger judged
// its schedule: the core indicator and its limit, the consumption it is
// on, the clean share, the renewable share of the electricity used and
// the reduction against the baseline (dispatch's "The stage").
type DesignIndicators struct {
	// CarbonTCO2PerTce is the core indicator (residual tCO2 per tce of
	// consumption) and CarbonTCO2PerTceMax its limit for the park's
	// consumption; ConsumptionTcePerYear is the consumption a year, tce (it
	// picks the limit); CleanShare the clean-energy share of it,
	// RenewableShare the on-site renewable share of the electricity used,
	// ReductionVsBaseline 1 − residual / baseline (all fractions).
	CarbonTCO2PerTce      float64 `json:"carbon_tco2_per_tce"`
	CarbonTCO2PerTceMax   float64 `json:"carbon_tco2_per_tce_max"`
	ConsumptionTcePerYear float64 `json:"consumption_tce_per_year"`
	CleanShare            float64 `json:"clean_share"`
	RenewableShare        float64 `json:"renewable_share"`
	ReductionVsBaseline   float64 `json:"reduction_vs_baseline"`
}

// IndicatorsOf are report r's stage indicators, its consumption a year
// over years of period.
func IndicatorsOf(r *dispatch.Report, years float64) *DesignIndicators {
	if r == nil || !(years > 0) {
		return nil
	}
	b := &r.StageBasis
	return &DesignIndicators{CarbonTCO2PerTce: b.CarbonPerTce, CarbonTCO2PerTceMax: b.CarbonPerTceMax,
		ConsumptionTcePerYear: b.ConsumptionTce / years, CleanShare: b.CleanShare, RenewableShare: r.RenewableShare,
		ReductionVsBaseline: b.ReductionVsBaseline}
}

// indicatorCol is a column of roadmap.csv read from the design's
// indicators (RoadmapRow.Indicators): empty for a row out of reach and
// in a file written before them.
func indicatorCol(name, doc string, f func(*DesignIndicators) *float64) roadmapCol {
	return numPartCol(name, doc, func(r *RoadmapRow) **DesignIndicators { return &r.Indicators }, f)
}

// indicatorCols are roadmap.csv's columns of [DesignIndicators], before
// step_investment.
var indicatorCols = []roadmapCol{
	indicatorCol("carbon_tco2_per_tce", "the core indicator the ledger judged the design's schedule on: residual per consumption, tCO2 per tce (empty: out of reach, or a file written before these columns)",
		func(e *DesignIndicators) *float64 { return &e.CarbonTCO2PerTce }),
	indicatorCol("carbon_tco2_per_tce_max", "its limit for the park's consumption, tCO2 per tce (0.30 from 1 Mtce a year, else 0.20)",
		func(e *DesignIndicators) *float64 { return &e.CarbonTCO2PerTceMax }),
	indicatorCol("consumption_tce_per_year", "the consumption it is on (GB/T 2589, every carrier), tce per year",
		func(e *DesignIndicators) *float64 { return &e.ConsumptionTcePerYear }),
	indicatorCol("clean_share_fraction", "fraction 0–1: the clean share of the consumption (renewables consumed, certificates held and bought up to the import, renewable fuels)",
		func(e *DesignIndicators) *float64 { return &e.CleanShare }),
	indicatorCol("renewable_share_fraction", "fraction 0–1: the renewable content of the electricity used (low-carbon's first route)",
		func(e *DesignIndicators) *float64 { return &e.RenewableShare }),
	indicatorCol("reduction_vs_baseline_fraction", "fraction 0–1: the residual below the baseline, (baseline − residual) / baseline (low-carbon's second route)",
		func(e *DesignIndicators) *float64 { return &e.ReductionVsBaseline }),
}

// gridCols are the grid connection's columns of roadmap.csv and
// frontier.csv (economics.grid_connection), optional in a file: one
// written before them reads as nothing added in any amount, as then
// nothing could be.
var gridCols = []roadmapCol{
	optionalOnRead(numCol("add_grid_kw", "grid import limit to add, kW: the connection raised (economics.grid_connection; 0 when it is no candidate)",
		func(r *RoadmapRow) *float64 { return &r.Added.GridKW })),
	optionalOnRead(optCol("add_grid_units", "whole steps the connection is raised by, add_grid_kw / economics.grid_connection.unit_kw (empty: any amount)",
		func(r *RoadmapRow) **float64 { return &r.AddedUnits.Grid })),
}

// roadmapFile is roadmap.csv. The columns a file may lack, having been
// written before them, are unserved heat, the energy columns and the
// shadow prices (read as not known), the CHP's variable O&M (read as 0,
// as it was then), the grid connection's (read as nothing added),
// warnings (read as none), the step investment (read as not staged) and
// the carbon price (read as not known).
var roadmapFile = designFile[RoadmapRow]{file: RoadmapCSVFile, cols: roadmapLayout,
	headerOK: roadmapHeaderOK, unreachable: ColUnreachable}

// colCHPVariableOM is roadmap.csv's CHP O&M column, optional in a file
// (one written before it had no such cost).
const colCHPVariableOM = "chp_variable_om_cost_per_year"

// colUnservedHeat is roadmap.csv's unserved heat column, optional in a
// file: one written before it reads as not known (nil), never as 0.
const colUnservedHeat = "unserved_heat_kwh_th_per_year"

// The shadow price columns of roadmap.csv, optional in a file, both or
// neither (shadowHeaderOK): one written before them reads as not known
// (nil), never as 0.
const (
	colShadowCarbonPrice     = "shadow_carbon_price_per_tco2e"
	colShadowCleanSharePrice = "shadow_clean_share_price_per_mwh"
)

// colStepInvestment is roadmap.csv's step investment column (a staged
// roadmap's, RoadmapRow.StepInvestment), optional in a file: one written
// before it reads as rows without the figure, as an unstaged roadmap's.
const colStepInvestment = "step_investment"

// colMargin is roadmap.csv's margin_fraction (RoadmapRow.MarginFraction),
// optional in a file: one written before it reads as rows without it.
const colMargin = "margin_fraction"

// colTotalGrid is roadmap.csv's total_grid_kw (Capacities.GridKW of the
// design's totals), optional in a file: one written before it reads as no
// candidate connection.
const colTotalGrid = "total_grid_kw"

// colCarbonCost is roadmap.csv's carbon_cost_per_year.
const colCarbonCost = "carbon_cost_per_year"

// colCarbonPrice is roadmap.csv's carbon_price_per_tco2e
// (RoadmapRow.CarbonPricePerTCO2e), optional in a file: one written
// before it reads as not known (nil), never as 0.
const colCarbonPrice = "carbon_price_per_tco2e"

// The investment columns of roadmap.csv, optional in a file, both or
// neither (roadmapHeaderOK): an empty payback says "never pays back" only
// beside an investment.
const (
	colInvestment    = ColInvestment
	colSimplePayback = "simple_payback_years"
)

// The discounted columns of roadmap.csv, optional in a file, both or
// neither (roadmapHeaderOK): an empty discounted payback says "not
// within the period" only beside an npv.
const (
	colNPV               = "npv"
	colDiscountedPayback = "discounted_payback_years"
)

// roadmapHeaderOK reports whether a roadmap.csv header holds the pairs of
// optional columns that read together, both or neither: the shadow
// prices ([shadowHeaderOK]), the investment with its payback and the npv
// with its discounted payback.
func roadmapHeaderOK(header []string) bool {
	return shadowHeaderOK(header) && slices.Contains(header, colInvestment) == slices.Contains(header, colSimplePayback) &&
		slices.Contains(header, colNPV) == slices.Contains(header, colDiscountedPayback)
}

// shadowHeaderOK reports whether a roadmap.csv header holds both shadow
// price columns or neither, as zeropark wrote them: one without the
// other would read a price that was written as not known.
func shadowHeaderOK(header []string) bool {
	return slices.Contains(header, colShadowCarbonPrice) == slices.Contains(header, colShadowCleanSharePrice)
}

// RoadmapColumns is the header of roadmap.csv ([RoadmapColumnDocs]).
func RoadmapColumns() []string { return roadmapFile.names() }

// RoadmapColumnDocs documents the columns of roadmap.csv.
func RoadmapColumnDocs() []ColumnDoc { return roadmapFile.docs() }

// WriteRoadmapCSV writes rm's rows as roadmap.csv ([RoadmapColumns]):
// one row per design, today's park first; a stage out of reach has its
// target, its reason (unreachable) and every figure cell empty. The per-asset additions, the
// operation checks' figures and what the plan was solved from are in
// roadmap.json ([WriteRoadmapJSON]).
func WriteRoadmapCSV(w io.Writer, rm *Roadmap) error {
	if rm == nil {
		return fmt.Errorf("%w: nil roadmap", ErrOutput)
	}
	rows := slices.Clone(rm.Rows)
	for i := range rows {
		rows[i].CarbonPricePerTCO2e = &rm.CarbonPricePerTCO2e
		rows[i].Currency = rm.Currency
		rows[i].MarginFraction = nil
		if rows[i].Target != TodayTarget && rows[i].Unreachable == "" {
			m := rowMargin(rm, &rows[i])
			rows[i].MarginFraction = &m
		}
	}
	return roadmapFile.write(w, rows, func(r *RoadmapRow, c *roadmapCol) bool { return r.Unreachable != "" && c.figure })
}

// ReadRoadmapCSV reads roadmap.csv (name is used in errors): its header
// must be [RoadmapColumns] (a file written before the heat columns were
// added is refused with an error naming the missing columns; one written
// before unserved_heat_kwh_th_per_year reads as rows whose
// UnservedHeatKWhThPerYear is nil, one written before the energy columns
// as rows whose Energy is nil (one with all of them but
// chp_dumped_heat_kwh_th_per_year, written before heat dumps, with that
// figure 0; any other part of them is refused), before
// chp_variable_om_cost_per_year as
// rows without that cost, one written before warnings as a file
// without warnings, and one written before the shadow prices as rows
// whose prices are nil; a file with one of the two shadow price columns
// is refused; one written before step_investment as rows without it, as
// an unstaged roadmap's: [StagedRows]; one written before
// carbon_price_per_tco2e as rows whose price is nil). A row out
// of reach (unreachable set) may leave every figure empty; any other row
// must give each number. The rows hold what the file holds: no
// per-asset additions, and of each operation check its stage, whether it
// holds, its margin, indicator and operating cost per year. A file
// written before 2026-12-02 (perfect_margin, mpc_margin and
// full_series_cost_error without their _fraction) is refused with an
// error naming the columns. Errors are [*FileError].
func ReadRoadmapCSV(r io.Reader, name string) ([]RoadmapRow, error) {
	rows, err := roadmapFile.read(r, name)
	for i := range rows {
		rows[i].dropDerivedWarnings()
	}
	return rows, err
}

// StagedRows reports whether rows, read from roadmap.csv, are a staged
// roadmap's (Roadmap.Staged, --staged): whether any row has its step
// investment. A staged roadmap has it on every row with a design but
// today's park; one whose every stage is out of reach (nothing staged)
// reads as not staged, as does a file written before the column.
func StagedRows(rows []RoadmapRow) bool {
	return slices.ContainsFunc(rows, func(r RoadmapRow) bool { return r.StepInvestment != nil })
}

// WriteRoadmapJSON writes rm as roadmap.json: indented JSON with a final
// newline.
func WriteRoadmapJSON(w io.Writer, rm *Roadmap) error {
	if rm == nil {
		return fmt.Errorf("%w: nil roadmap", ErrOutput)
	}
	return writeJSON(w, rm, "roadmap") // lists [] when empty, never null
}

// ReadRoadmapJSON reads roadmap.json (name is used in errors); unknown
// keys are refused. Errors are [*FileError].
func ReadRoadmapJSON(r io.Reader, name string) (*Roadmap, error) {
	var rm Roadmap
	if err := readJSON(r, name, &rm); err != nil {
		return nil, err
	}
	// The stage thresholds a frontier's figure shades by: a hand-edited
	// value out of range would shade the stages silently wrong.
	for _, k := range []struct {
		key    string
		v      *float64
		hi     float64
		reason string
	}{
		{"baseline_tco2e_per_year", rm.BaselineTCO2ePerYear, math.Inf(1), "must be finite and ≥ 0 (tCO2e a year)"},
		{"low_carbon_reduction_min_fraction", rm.LowCarbonReductionMinFraction, 1, "must be a fraction in [0, 1]"},
		{"offsets_held_tco2e", &rm.OffsetsHeldTCO2e, math.Inf(1), "must be finite and ≥ 0 (tCO2e for the period)"},
	} {
		if k.v != nil && !(*k.v >= 0 && *k.v <= k.hi && !math.IsInf(*k.v, 0)) {
			return nil, &FileError{File: name, Key: k.key, Value: FormatNumber(*k.v), Reason: k.reason}
		}
	}
	// A hand-edited margin search the report could not print.
	if err := CheckMarginSearch(rm.MarginSearch); err != nil {
		return nil, &FileError{File: name, Key: "margin_search", Reason: err.Error()}
	}
	return &rm, nil
}

// PlanOutput is what [WritePlan] writes: the roadmap, the park file of
// each stage's design, and optionally the frontier and its figure.
type PlanOutput struct {
	Roadmap *Roadmap
	// Parks holds the design park of each stage solved.
	Parks map[dispatch.Stage]*model.Park
	// Frontier, when set, is written as frontier.csv; Figures are more
	// files (roadmap.png; frontier.png and frontier.svg), each named one
	// of [PlanFiles].
	Frontier []FrontierRow
	// PointParks holds, by frontier point (FrontierRow.Point), the park
	// of each point's design that has one, written as
	// [FrontierPointParkFile] and named in that row's design_park_file
	// (FrontierRow.ParkFile, which [WritePlan] sets: a row without a park
	// has it empty).
	PointParks map[int]*model.Park
	Figures    []OutputFile
}

// WritePlan makes the plan's outputs the whole content of dir at once,
// as [WriteRun] does for a run: roadmap.csv, roadmap.json, the park file
// of every stage solved ([DesignParkFile]; model.SavePark's format, ready
// for `zeropark run`; each as handed over: a plan's Design.Park carries
// the clean-share requirement it was judged by), with a frontier
// frontier.csv and the park file of every point in PointParks
// ([FrontierPointParkFile], in the same format; frontier.csv's design_park_file
// names it), and the figures.
// An existing dir may hold only files of [PlanFiles]; a user's file there
// is never removed (the write is refused, [ErrOutput]).
func WritePlan(dir string, out PlanOutput) error {
	if out.Roadmap == nil {
		return fmt.Errorf("%w: nil roadmap", ErrOutput)
	}
	front := slices.Clone(out.Frontier)
	var pointParks []atomicdir.File
	for i := range front {
		r := &front[i]
		r.ParkFile = ""
		if p := out.PointParks[r.Point]; p != nil {
			r.ParkFile = FrontierPointParkFile(r.Point)
			pointParks = append(pointParks, atomicdir.File{Name: r.ParkFile, Write: func(w io.Writer) error { return p.WriteJSON(w) }})
		}
	}
	for k, p := range out.PointParks {
		if p != nil && !slices.ContainsFunc(front, func(r FrontierRow) bool { return r.Point == k }) {
			return fmt.Errorf("%w: a park for frontier point %d, which the frontier does not have", ErrOutput, k)
		}
	}
	files := []atomicdir.File{
		{Name: RoadmapCSVFile, Write: func(w io.Writer) error { return WriteRoadmapCSV(w, out.Roadmap) }},
		{Name: RoadmapJSONFile, Write: func(w io.Writer) error { return WriteRoadmapJSON(w, out.Roadmap) }},
	}
	for _, st := range dispatch.Stages() {
		p := out.Parks[st]
		if p == nil {
			continue
		}
		files = append(files, atomicdir.File{Name: DesignParkFile(st), Write: func(w io.Writer) error { return p.WriteJSON(w) }})
	}
	if out.Frontier != nil {
		files = append(files, atomicdir.File{Name: FrontierCSVFile, Write: func(w io.Writer) error { return WriteFrontierCSV(w, front) }})
		files = append(files, pointParks...)
	}
	for _, f := range out.Figures {
		files = append(files, atomicdir.File{Name: f.Name, Write: f.Write})
	}
	return replaceDir(dir, files, PlanFiles(), planFilesWhat)
}

// colFullSeriesResidual is the residual of a reduced design's operation
// over the full series (FullSeries.ResidualTCO2ePerYear), in roadmap.csv
// and frontier.csv, optional in a file written before it (2026-12-04).
const colFullSeriesResidual = "full_series_residual_tco2e_per_year"
