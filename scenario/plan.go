package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// PlanOptions are the capacity planner's options for a study opened with
// dispatch configuration cfg ([Open]): the ledger as cfg holds it (the
// park file's market and the options that override it: prices and
// holdings) and cfg's value of lost load; the rest plan.DefaultOptions().
// cfg's carbon price is not taken: it says how a park is operated, and
// sizing the designs at a price is plan.Options.CarbonPricePerTCO2e's to
// set (zeropark plan --carbon-price sets both).
func PlanOptions(cfg dispatch.Config) plan.Options {
	o := plan.DefaultOptions()
	o.Ledger = cfg.Ledger
	if cfg.ValueOfLostLoadPerKWh > 0 {
		o.ValueOfLostLoadPerKWh = cfg.ValueOfLostLoadPerKWh
	}
	return o
}

// CheckPolicies are the policies a design is re-run under to see whether
// it holds its stage in operation: perfect foresight (the plan's
// foresight, though not its storage treatment nor, by default, its
// objective) and the rolling horizon planning with forecasts (what a
// controller would do).
func CheckPolicies() []dispatch.Policy {
	return []dispatch.Policy{dispatch.Perfect, dispatch.RollingHorizon}
}

// ErrStage is the sentinel of a target stage that is not one of
// dispatch.Stages() ([Scenario.CheckOperation]).
var ErrStage = errors.New("scenario: unknown stage")

// CheckOperation re-runs design park p (a plan.Design's Park: today's
// park with the capacities added and, in its market, the offsets and
// certificates held and bought) through the dispatch over s's period,
// under each of [CheckPolicies] with cfg (its ledger given p's market),
// and judges each run against target: the stage the ledger grants it,
// whether that reaches target, the margin of target's tightest
// condition ([StageMargin]), and what the run costs to operate a year
// (results.AnnualCostsOf, in the terms of the roadmap's operating cost). The rolling horizon plans with s's
// forecasters, as `zeropark run` does. A target that is not one of
// dispatch.Stages() is an error wrapping [ErrStage], before anything runs.
//
// A design park that differs from one of the last three checked (on a
// scenario made by [New] or [Open]) only in its market — the offsets and
// certificates held and bought, which the ledger reads and the dispatch
// does not — and in its figures beyond 12 significant digits, under the
// same cfg, is judged on that park's runs, its ledger accounted again
// with its own market (dispatch.Result.Reaccount): a roadmap's zero-carbon design
// is near-zero's plus the offsets it buys, and its checks cost no second
// pair of runs; a margin search's later rounds re-check a stage whose
// design did not move on the runs of the round before.
func (s *Scenario) CheckOperation(p *model.Park, target dispatch.Stage, cfg dispatch.Config) ([]results.OperationCheck, error) {
	if target.Rank() < 0 {
		return nil, fmt.Errorf("scenario %q: target %q: %w (want one of %q)", s.Name, target, ErrStage, dispatch.Stages())
	}
	cfg.Progress = nil
	runs, err := s.checkRuns(p, target, cfg)
	if err != nil {
		return nil, err
	}
	cfg.Ledger = cfg.Ledger.ForPark(p)
	checks := make([]results.OperationCheck, len(runs))
	for i, r := range runs {
		checks[i] = StageMargin(&r.Report, target, cfg.Ledger)
		checks[i].Policy = r.Policy
		checks[i].Objective, checks[i].CarbonPricePerTCO2e = r.Report.Objective, r.Report.CarbonPricePerTCO2e
		if checks[i].Forecasts = s.ForecastsLabel(r.Policy); checks[i].Forecasts != "" {
			checks[i].HorizonHours = cfg.Horizon.Hours()
		}
		// The roadmap's operating cost in the same terms (no capital: nil
		// costs), annualised the same way.
		c, err := results.AnnualCostsOf(nil, cfg.Ledger, p, r.Schedule, &r.Report)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %s design under %s: %w", s.Name, target, r.Policy, err)
		}
		checks[i].OperatingCostPerYear = &c.OperatingCostPerYear
	}
	return checks, nil
}

// checkRuns are design park p's runs under [CheckPolicies] with cfg (its
// ledger not yet given p's market): those of a park kept (checkMemo) when
// p differs from it only in its market, accounted again; else new ones,
// kept.
func (s *Scenario) checkRuns(p *model.Park, target dispatch.Stage, cfg dispatch.Config) ([]*dispatch.Result, error) {
	prof, err := model.Resolve(p, s.Series) // a nil or bad park is its error
	if err != nil {
		return nil, fmt.Errorf("scenario %q: design for %s: %w", s.Name, target, err)
	}
	key, err := marketFree(p)
	if err != nil {
		return nil, fmt.Errorf("scenario %q: design for %s: %w", s.Name, target, err)
	}
	ledger := cfg.Ledger.ForPark(p)
	if kept := s.checked.lookup(key, cfg, s); kept != nil {
		again := make([]*dispatch.Result, len(kept))
		for i, r := range kept {
			if again[i], err = r.Reaccount(p, ledger); err != nil {
				return nil, fmt.Errorf("scenario %q: %s design under %s: %w", s.Name, target, r.Policy, err)
			}
		}
		return again, nil
	}
	v := s.Variant(fmt.Sprintf("%s, %s design", s.Name, target), p, prof)
	run := cfg
	run.Ledger = ledger
	runs, err := Compare(v, run, CheckPolicies())
	if err != nil {
		return nil, err
	}
	s.checked.keep(key, cfg, s, runs)
	return runs, nil
}

// lookup is the kept runs when they stand for a park of market-free key
// under cfg on scenario s: the same park, configuration and forecasters,
// on a series unchanged since they ran (a stale one is refused by new
// runs); else nil. A hit becomes the most recent. A nil memo keeps
// nothing. The runs are read only, so callers share them.
func (m *checkMemo) lookup(key []byte, cfg dispatch.Config, s *Scenario) []*dispatch.Result {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s.Policies != nil || s.fresh() != nil {
		return nil
	}
	i := slices.IndexFunc(m.kept, func(e memoEntry) bool {
		return bytes.Equal(e.park, key) && reflect.DeepEqual(e.cfg, cfg) && slices.Equal(e.forecasts, s.Forecasts)
	})
	if i < 0 {
		return nil
	}
	e := m.kept[i]
	m.kept = append(slices.Delete(m.kept, i, i+1), e)
	return e.runs
}

// keep adds runs of the park of market-free key under cfg on scenario s
// as the most recent, the least recent going beyond checkMemoSize.
// Nothing is kept on a nil memo, and nothing at all (what was kept
// dropped) for a catalogue of one's own (its runners are the caller's)
// or with a "provided" forecast (read afresh by every run).
func (m *checkMemo) keep(key []byte, cfg dispatch.Config, s *Scenario, runs []*dispatch.Result) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s.Policies != nil || slices.ContainsFunc(s.Forecasts, func(c ForecastChoice) bool { return c.Method == forecast.MethodProvided }) {
		m.kept = nil
		return
	}
	m.kept = append(m.kept, memoEntry{park: key, cfg: cfg, runs: runs, forecasts: slices.Clone(s.Forecasts)})
	if n := len(m.kept); n > checkMemoSize {
		m.kept = slices.Delete(m.kept, 0, n-checkMemoSize)
	}
}

// checkMemoSize is how many design parks' runs a checkMemo keeps (a
// year's schedules are megabytes): a roadmap checks three designs
// (zero-carbon's mostly near-zero's), and a margin search (zeropark plan
// --margin auto) checks them again each round, a stage that has settled
// with the same design as before — low-carbon's runs, kept from the round
// before, serve again.
const checkMemoSize = 3

// checkMemo is the last design parks [Scenario.CheckOperation] ran, at
// most checkMemoSize, the least recently used first: each park as JSON
// without its market, the configuration before the market, the
// forecasters, and its runs.
type checkMemo struct {
	mu   sync.Mutex
	kept []memoEntry
}

// memoEntry is one design park's runs in a checkMemo.
type memoEntry struct {
	park      []byte
	cfg       dispatch.Config
	forecasts []ForecastChoice
	runs      []*dispatch.Result
}

// marketFree is park p as JSON without its market, every number to 12
// significant digits: a roadmap's zero-carbon design adds what
// near-zero's adds up to the last bits (3,375.9975588301368 kWp of PV
// against …377 on the Texas demo's week: its solve is another pivot on
// the same basis), and runs of parks that close are the same runs to
// rounding.
func marketFree(p *model.Park) ([]byte, error) {
	q := *p
	q.Market = nil
	b, err := json.Marshal(&q)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(rounded(v))
}

// rounded is JSON value v with every number to 12 significant digits.
func rounded(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = rounded(e)
		}
	case []any:
		for i, e := range x {
			x[i] = rounded(e)
		}
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return json.Number(strconv.FormatFloat(f, 'g', 12, 64))
		}
	}
	return v
}

// CheckMilestone re-runs pathway milestone st's design through the
// dispatch as [Scenario.CheckOperation] re-runs a roadmap's, over s's
// period at the milestone's year: its loads and its grid's carbon
// (plan.PathwayStep.OperationInputs: the series' carbon columns scaled by
// the year's factor), with s's forecaster choices, judged against the
// milestone's target. Under the cost objective with a carbon price the
// runs take the milestone's price (plan.PathwayStep.CarbonPricePerTCO2e:
// the price grown to its year), as its design was sized at. nil, nil for
// a milestone with no design (out of reach).
func (s *Scenario) CheckMilestone(st *plan.PathwayStep, cfg dispatch.Config) ([]results.OperationCheck, error) {
	p, set := st.OperationInputs(s.Series)
	if p == nil {
		return nil, nil
	}
	ms, err := New(fmt.Sprintf("%s, %d", s.Name, st.Year), p, set)
	if err != nil {
		return nil, fmt.Errorf("scenario %q: milestone %d (%s): %w", s.Name, st.Year, st.Target, err)
	}
	ms.Forecasts, ms.Policies = s.Forecasts, s.Policies
	if cfg.CarbonPricePerTCO2e > 0 {
		cfg.CarbonPricePerTCO2e = st.CarbonPricePerTCO2e
	}
	checks, err := ms.CheckOperation(p, st.Target, cfg)
	if err != nil {
		return nil, fmt.Errorf("milestone %d (%s): %w", st.Year, st.Target, err)
	}
	return checks, nil
}

// StageMargin judges report r of a run against target: the stage the
// ledger granted it, whether that reaches target, and the margin of
// target's tightest condition (dispatch.Report.BindingCondition, the
// conditions plan.Holds reads too). Every condition of a stage is written
// as "value ≤ limit" — carbon per unit energy, the non-clean share (when
// required), emissions against the baseline or the non-renewable share
// (low-carbon: the better of the two), unserved load or heat (whichever
// is short the more, dispatch.Report.UnservedIndicator), the residual
// against the offsets held (zero-carbon) — and its margin is 1 −
// value/limit, the fraction by which plan.Options.Margin tightens the
// same limits (a limit of 0: 1 when met, −1 when missed). Margin ≥ 0
// exactly when the run reaches target (up to rounding at the limit). The
// Policy field is left to the caller. A target that is not one of
// dispatch.Stages() never holds (Holds false, no condition named).
func StageMargin(r *dispatch.Report, target dispatch.Stage, led dispatch.LedgerConfig) results.OperationCheck {
	c := results.OperationCheck{Stage: r.Stage, Holds: r.Stage.Reaches(target),
		StageLimitedBy: r.StageBasis.StageLimitedBy, ResidualTCO2e: r.ResidualKgCO2e / 1000, OffsetsNeededTCO2e: r.OffsetsNeededTCO2e,
		StoredChangeKWh: r.Energy.StoredChange, SignalsDiffer: r.SignalsDiffer}
	if b, ok := r.BindingCondition(target, led); ok {
		c.Margin, c.Indicator, c.Value, c.Limit, c.Unit = b.Margin, b.Indicator, b.Value, b.Limit, b.Unit
	}
	c.StoredShareOfMiss = storedShareOfMiss(r, &c)
	return c
}

// storedShareOfMiss is at most how much of c's miss (a share, at most 1)
// the energy r's batteries banked would have covered, discharged in place of imports
// (results.OperationCheck.StoredShareOfMiss): against the clean share's
// shortfall in kWh of consumption, or against the carbon missed at the
// period's load-weighted mean accounting factor; 0 when c holds, nothing
// was banked, or the indicator is one stored energy does not move.
func storedShareOfMiss(r *dispatch.Report, c *results.OperationCheck) float64 {
	stored := r.Energy.StoredChange
	if c.Holds || !(c.Margin < 0) || !(stored > 0) {
		return 0
	}
	factor := 0.0 // kgCO2e per kWh
	if r.Energy.Load > 0 {
		factor = math.Max(r.BaselineKgCO2e/r.Energy.Load, 0)
	}
	var missKWh, missKg float64
	switch c.Indicator {
	case dispatch.IndicatorCarbonPerTce:
		missKg = r.ResidualKgCO2e * (1 - c.Limit/c.Value)
	case dispatch.IndicatorNonClean:
		missKWh = (c.Value - c.Limit) / 100 * r.Energy.Consumption
	case dispatch.IndicatorResidual:
		missKg = 1000 * (c.Value - c.Limit)
	}
	// Banked beyond the miss covers all of it, no more (QA: a miss of
	// 1.4e-14 t read 272939850504946 in roadmap.json).
	switch {
	case missKWh > 0:
		return math.Min(stored/missKWh, 1)
	case missKg > 0:
		return math.Min(stored*factor/missKg, 1)
	}
	return 0
}

// RoadmapResult turns a plan.Roadmap into the rows package results
// writes (today's park first, then each stage; an unreachable stage's row
// holds its error's message), with what the roadmap was solved from,
// stamped with this build (ZeroparkVersion, as [results.NewSummary]) and
// named by the park's name (Park). The caller fills in the input files'
// names and their digests
// ([Scenario.Digests]), the operation checks ([Scenario.CheckOperation])
// and the full-series evaluations.
func RoadmapResult(rm *plan.Roadmap, opt plan.Options, costs *model.CapacityCosts, st plan.SolveStats) *results.Roadmap {
	out := &results.Roadmap{ZeroparkVersion: buildinfo.Stamp(), Margin: opt.Margin, Staged: opt.Staged, CarbonPricePerTCO2e: opt.CarbonPricePerTCO2e, RequireCleanShare: opt.Ledger.RequireCleanShare || opt.RequireCleanShare, RequireCleanShareFlag: opt.RequireCleanShare, StorageEnd: opt.Storage.String(),
		OffsetPricePerTCO2e: opt.Ledger.OffsetPricePerTCO2e, CertificatePricePerMWh: opt.Ledger.CertificatePricePerMWh,
		OffsetsHeldTCO2e: opt.Ledger.OffsetsHeldTCO2e, CertificatesHeldMWh: opt.Ledger.CertificatesHeldMWh,
		Solves: st.Solves, SolveSeconds: st.Seconds, Columns: st.Columns, LPRows: st.Rows}
	if costs != nil {
		out.Currency, out.DiscountRatePerYear, out.Defaulted = costs.Currency, costs.DiscountRatePerYear, costs.Defaulted
		out.AnalysisYears = costs.AnalysisYears
	}
	out.Park = rm.Today.Park.Name
	out.Heat = rm.Today.Park.HasHeat()
	out.StageThresholds = rm.Today.Park.StageThresholds
	r := &rm.Today.Report
	out.Start, out.End, out.Steps, out.StepMinutes = r.Start, r.End, r.Steps, r.StepMinutes
	if y := rm.Today.Years; y > 0 {
		baseline, low := r.BaselineKgCO2e/1000/y, opt.Ledger.LowCarbonReductionMin
		out.BaselineTCO2ePerYear, out.LowCarbonReductionMinFraction = &baseline, &low
	}
	out.Rows = append(out.Rows, DesignRow(rm.Today, results.TodayTarget))
	for i, st := range plan.RoadmapStages() {
		if d := rm.Stages[i]; d != nil {
			out.Rows = append(out.Rows, DesignRow(d, string(st)))
			continue
		}
		out.Rows = append(out.Rows, results.RoadmapRow{Target: string(st), Unreachable: unreachableText(st, rm.Unreachable[i])})
	}
	if red := rm.Reduction; red != nil {
		out.Reduction = ReductionResult(red)
	}
	return out
}

// unreachableText is why stage st is out of reach: err's message, or
// for a stage after the first one out of reach, that it needs that one's
// indicators too.
func unreachableText(st dispatch.Stage, err error) string {
	var ue *plan.UnreachableError
	if errors.As(err, &ue) && ue.Stage != st {
		return fmt.Sprintf("%s is out of reach: it needs %s's indicators too, out of reach (above)", st, ue.Stage)
	}
	if err == nil {
		return ""
	}
	return unreachableReason(err)
}

// unreachableReason is err's message for a reader of roadmap.csv and
// roadmap.json (the unreachable and full_series_unreachable cells): without
// the Go package prefix "plan: ", as the cell of a stage after the first
// one out of reach has none (unreachableText).
func unreachableReason(err error) string {
	return strings.TrimPrefix(err.Error(), "plan: ")
}

// ReductionResult describes representative periods (or chronological
// slices) for package results.
func ReductionResult(red *plan.Reduction) *results.RoadmapReduction {
	r := &results.RoadmapReduction{Periods: red.Periods, PeriodLengthHours: red.PeriodLength.Hours(),
		Slices: red.Slices, Representatives: red.Representatives, Weights: red.Weights, Kinds: red.Kinds}
	for _, e := range red.Errors {
		r.Errors = append(r.Errors, results.SeriesError{Name: e.Name, RMSE: e.RMSE, NRMSE: e.NRMSE, TotalRelError: e.TotalRelError})
	}
	return r
}

// capacitiesOf sums a design's additions (or totals) per technology; the
// grid's total is the design park's import limit where the connection is
// a candidate (d lists it among its additions), else 0.
func capacitiesOf(d *plan.Design, total bool) results.Capacities {
	if total {
		t, h := d.Park.Totals(), d.Park.HeatTotals()
		c := results.Capacities{PVKWp: t.PVKWp, WindKW: t.WindKW, BatteryKWh: t.BatteryKWh, BatteryKW: t.BatteryPowerKW,
			HeatPumpKWTh: h.HeatPumpKWTh, ThermalStorageKWhTh: h.StorageKWhTh, ElectricBoilerKWTh: h.ElectricBoilerKWTh,
			CHPKW: h.CHPKW, FuelBoilerKWTh: h.FuelBoilerKWTh}
		if slices.ContainsFunc(d.Additions, func(a plan.Addition) bool { return a.Tech == plan.TechGrid }) {
			c.GridKW = d.Park.Grid.ImportLimitKW
		}
		return c
	}
	return results.Capacities{PVKWp: d.Added(plan.TechPV), WindKW: d.Added(plan.TechWind),
		BatteryKWh: d.Added(plan.TechBatteryEnergy), BatteryKW: d.Added(plan.TechBatteryPower),
		HeatPumpKWTh: d.Added(plan.TechHeatPump), ThermalStorageKWhTh: d.Added(plan.TechThermalStorage),
		ElectricBoilerKWTh: d.Added(plan.TechElectricBoiler), CHPKW: d.Added(plan.TechCHP), FuelBoilerKWTh: d.Added(plan.TechFuelBoiler),
		GridKW: d.Added(plan.TechGrid)}
}

// DesignRow is the roadmap row of design d solved for target
// (results.TodayTarget or a stage).
func DesignRow(d *plan.Design, target string) results.RoadmapRow {
	r := results.RoadmapRow{Target: target, Stage: d.Stage, Added: capacitiesOf(d, false), Total: capacitiesOf(d, true),
		CapitalPerYear: d.CapitalPerYear, FixedOMPerYear: d.FixedOMPerYear, EnergyCostPerYear: d.EnergyCostPerYear,
		DemandChargePerYear: d.DemandChargePerYear, WearCostPerYear: d.WearCostPerYear, OperatingCostPerYear: d.OperatingCostPerYear,
		FuelCostPerYear: d.FuelCostPerYear, PurchasedHeatCostPerYear: d.PurchasedHeatCostPerYear,
		OffsetsBoughtTCO2ePerYear: d.OffsetsBoughtTCO2ePerYear, OffsetCostPerYear: d.OffsetCostPerYear,
		CertificatesBoughtMWhPerYear: d.CertificatesBoughtMWhPerYear, CertificateCostPerYear: d.CertificateCostPerYear,
		TotalCostPerYear: d.TotalCostPerYear, CarbonCostPerYear: d.CarbonCostPerYear, ResidualTCO2ePerYear: d.ResidualTCO2ePerYear,
		NetResidualTCO2ePerYear: d.NetResidualTCO2ePerYear, UnservedKWhPerYear: d.UnservedKWhPerYear,
		UnservedHeatKWhThPerYear: cloneFloat(&d.UnservedHeatKWhThPerYear), CHPVariableOMCostPerYear: d.CHPVariableOMCostPerYear,
		CostPerTCO2eAvoided: d.CostPerTCO2eAvoided, Warnings: slices.Clone(d.Warnings),
		Investment: cloneFloat(&d.Investment), Incentives: cloneFloat(&d.Incentives), SimplePaybackYears: d.SimplePaybackYears,
		NetPresentValue: cloneFloat(d.NetPresentValue), DiscountedPaybackYears: cloneFloat(d.DiscountedPaybackYears), StepInvestment: cloneFloat(d.StepInvestment),
		ShadowCarbonPricePerTCO2e: d.ShadowCarbonPricePerTCO2e, ShadowCleanSharePricePerMWh: d.ShadowCleanSharePricePerMWh,
		Energy: results.DesignEnergyOf(&d.Report, d.Years), Indicators: results.IndicatorsOf(&d.Report, d.Years),
		Sources: results.SourcesOf(&d.Report, d.Years)}
	for _, a := range d.Additions {
		r.Additions = append(r.Additions, results.Addition{Tech: a.Tech.String(), Asset: a.Asset, Pooled: slices.Clone(a.Pooled), Unit: a.Unit,
			Existing: a.Existing, Added: a.Added, Total: a.Total, Investment: a.Investment, Incentives: a.Incentives,
			CapitalPerYear: a.CapitalPerYear, FixedOMPerYear: a.FixedOMPerYear,
			UnitSize: a.UnitSize, Units: a.Units})
	}
	r.AddedUnits = unitCountsOf(d)
	if u := d.UnitSearch; u != nil {
		r.WholeUnits = &results.UnitSearch{MIPGap: u.MIPGapAsked, MIPGapReached: u.MIPGapReached, Nodes: u.Nodes, StoppedAtGap: u.StoppedAtGap}
	}
	return r
}

// unitCountsOf counts the whole units d adds of each technology bought in
// units (nil for one added in any amount): the roadmap's and the
// frontier's add_…_units.
func unitCountsOf(d *plan.Design) results.UnitCounts {
	var u results.UnitCounts
	for _, a := range d.Additions {
		if n := unitCount(&u, a.Tech); n != nil && a.UnitSize > 0 {
			if *n == nil {
				*n = new(float64)
			}
			**n += float64(a.Units)
		}
	}
	return u
}

// unitCount is the field of u that counts tech's whole units; nil for a
// technology UnitCounts has no field for (a new plan.Tech), which is then
// not counted rather than counted as another's units.
func unitCount(u *results.UnitCounts, tech plan.Tech) **float64 {
	switch tech {
	case plan.TechPV:
		return &u.PV
	case plan.TechWind:
		return &u.Wind
	case plan.TechBatteryEnergy:
		return &u.BatteryEnergy
	case plan.TechBatteryPower:
		return &u.BatteryPower
	case plan.TechHeatPump:
		return &u.HeatPump
	case plan.TechThermalStorage:
		return &u.ThermalStorage
	case plan.TechElectricBoiler:
		return &u.ElectricBoiler
	case plan.TechCHP:
		return &u.CHP
	case plan.TechFuelBoiler:
		return &u.FuelBoiler
	case plan.TechGrid:
		return &u.Grid
	}
	return nil
}

// FullSeriesResults evaluates designs (today's park and the stages'
// designs, sized on representative periods or slices; nil entries, stages
// out of reach, are skipped) on full, a Model of the same park over the
// full series (plan.Model.Evaluate): each one's cost there and the reduced
// model's cost error. A design that does not reach its target over the
// full series is evaluated without the target, for its cost, and says why
// (then it has no cost error: the reduced total buys what the target
// needs, the full series' does not). done(i), when not nil, follows the
// i-th design. Without diagnose a design that misses its target is not
// diagnosed (plan.Model.EvaluateUndiagnosed): its reason says instead
// what stage its cheapest operation over the full series reaches and
// what keeps it from the next (the ledger's StageLimitedBy), or, when the
// ledger grants that operation the target, that it misses the margin.
//
// Designs with the same additions share work, as near-zero's and
// zero-carbon's often do: the cost without a target is solved once, and
// when near-zero-carbon is out of reach over the full series zero-carbon
// is too, for the same reason (its rows are near-zero's with offsets that
// can be bought, and plan.Model's diagnosis of the two checks the same
// indicators), so it is not solved and diagnosed again; a design with
// the same additions and target as one evaluated before (the roadmap's
// low-carbon entry that is near-zero's design) takes that evaluation. On a long or
// sub-hourly series each full-series solve is the expensive part.
func FullSeriesResults(full *plan.Model, designs []*plan.Design, diagnose bool, done func(i int)) ([]*results.FullSeries, error) {
	out := make([]*results.FullSeries, len(designs))
	var seen []*additionsSeen
	for i, d := range designs {
		if d == nil {
			continue
		}
		var k *additionsSeen
		for _, s := range seen {
			if sameAdditions(s.d, d) {
				k = s
				break
			}
		}
		if k == nil {
			k = &additionsSeen{d: d}
			seen = append(seen, k)
		}
		f, err := k.result(full, d, diagnose)
		if err != nil {
			return nil, err
		}
		out[i] = f
		if done != nil {
			done(i)
		}
	}
	return out, nil
}

// additionsSeen is what FullSeriesResults has learnt of one design's
// additions over the full series.
type additionsSeen struct {
	d *plan.Design
	// miss is why a design with these additions missed near-zero-carbon
	// or above (nil: none has): a design whose target ranks no lower is
	// taken to miss it too.
	miss *plan.UnreachableError
	// free is their evaluation without a target (nil: not yet).
	free *plan.Design
	// reached are their evaluations that reached the target they are
	// keyed by: a design with the same additions and target (the
	// roadmap's low-carbon entry that is near-zero's design,
	// plan.Roadmap.Stages) takes its evaluation without a solve.
	reached map[dispatch.Stage]*plan.Design
}

// result evaluates d, one of k's designs, over full, and records in k
// what later designs with the same additions can reuse.
func (k *additionsSeen) result(full *plan.Model, d *plan.Design, diagnose bool) (*results.FullSeries, error) {
	var e *plan.Design
	var err error
	switch {
	case k.reached[d.Target] != nil:
		e = k.reached[d.Target]
	case k.miss != nil && d.Target.Rank() >= k.miss.Stage.Rank():
		same := *k.miss
		same.Stage = d.Target
		err = &same
	case diagnose:
		e, err = full.Evaluate(d)
	default:
		e, err = full.EvaluateUndiagnosed(d)
	}
	out := &results.FullSeries{}
	var miss *plan.UnreachableError
	if errors.As(err, &miss) {
		if d.Target.Rank() >= dispatch.NearZeroCarbon.Rank() {
			k.miss = miss
		}
		out.Unreachable = unreachableReason(err)
		if k.free == nil {
			nd := *d
			nd.Target = dispatch.Conventional
			if k.free, err = full.Evaluate(&nd); err != nil {
				return nil, err
			}
		}
		e, err = k.free, nil
		if miss.Undiagnosed {
			out.Unreachable += fmt.Sprintf("; operated at least cost over the full series they reach %s", e.Stage)
			switch by := e.Report.StageBasis.StageLimitedBy; {
			case e.Stage.Reaches(d.Target):
				// The ledger grants the stage; the plan's limits, tightened
				// by the margin (plan.Options.Margin), are what it misses.
				out.Unreachable += ", but not within the margin the plan sizes against"
			case by != "":
				out.Unreachable += ", limited by " + by
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if miss == nil && d.Target.Rank() <= dispatch.Conventional.Rank() && k.free == nil {
		k.free = e // today's park: its evaluation is the one without a target
	}
	if miss == nil {
		if k.reached == nil {
			k.reached = map[dispatch.Stage]*plan.Design{}
		}
		k.reached[d.Target] = e
	}
	out.Stage, out.TotalCostPerYear, out.Warnings = e.Stage, e.TotalCostPerYear, slices.Clone(e.Warnings)
	out.ResidualTCO2ePerYear = cloneFloat(&e.ResidualTCO2ePerYear)
	out.Indicators = results.IndicatorsOf(&e.Report, e.Years)
	if out.Unreachable == "" {
		out.Unreachable = settledBelowTarget(d.Target, e)
	}
	if out.Unreachable == "" && e.TotalCostPerYear != 0 {
		ce := (d.TotalCostPerYear - e.TotalCostPerYear) / math.Abs(e.TotalCostPerYear)
		out.CostError = &ce
	}
	return out, nil
}

// settledBelowTarget is why e, the full-series evaluation of a design
// solved for target, misses it though the full-series LP reached it: its
// schedule charged and discharged a battery at once and, settled so that
// one can run it, falls below target (plan.Design.Warnings); "" when e
// reaches target.
func settledBelowTarget(target dispatch.Stage, e *plan.Design) string {
	if target.Rank() <= dispatch.Conventional.Rank() || e.Stage.Reaches(target) {
		return ""
	}
	why := fmt.Sprintf("over the full series the cheapest operation reaching %s charged and discharged a battery at once in %d intervals; "+
		"settled so that a battery can run it, it is %s", target, e.AtOnceIntervals, e.Stage)
	if by := e.Report.StageBasis.StageLimitedBy; by != "" {
		why += ", limited by " + by
	}
	return why
}

// sameAdditions reports whether a and b add the same capacity to every
// candidate.
func sameAdditions(a, b *plan.Design) bool {
	if len(a.Additions) != len(b.Additions) {
		return false
	}
	for i := range a.Additions {
		if a.Additions[i].Added != b.Additions[i].Added {
			return false
		}
	}
	return true
}

// FrontierRows are [FrontierRows] of f, each with the scenario's digests
// and the currency of its park's economics, as `zeropark plan frontier`
// writes them when f was planned on the scenario's park and series (Full,
// over representative periods or slices, is still the caller's:
// [FrontierFullSeries]).
func (s *Scenario) FrontierRows(f *plan.Frontier) ([]results.FrontierRow, error) {
	dg, err := s.Digests()
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	cur := ""
	if e := s.Park.Economics; e != nil {
		cur = e.Currency
	}
	rows := FrontierRows(f)
	for i := range rows {
		rows[i].Digests, rows[i].Currency = dg, cur
	}
	return rows, nil
}

// FrontierRows are the points of frontier f for package results. The
// caller fills in each row's Digests and Currency ([Scenario.FrontierRows]
// does both) and, over representative periods or slices, Full
// ([FrontierFullSeries]); left empty, frontier.csv's park_sha256,
// series_sha256 and currency are empty.
func FrontierRows(f *plan.Frontier) []results.FrontierRow {
	rows := make([]results.FrontierRow, len(f.Points))
	for i, p := range f.Points {
		d := p.Design
		rows[i] = results.FrontierRow{Point: i, EpsilonTCO2ePerYear: p.EpsilonTCO2ePerYear, ResidualTCO2ePerYear: d.ResidualTCO2ePerYear,
			CapitalPerYear: d.CapitalPerYear, FixedOMPerYear: d.FixedOMPerYear, OperatingCostPerYear: d.OperatingCostPerYear,
			TotalCostPerYear: d.TotalCostPerYear, Stage: d.Stage, Added: capacitiesOf(d, false), AddedUnits: unitCountsOf(d),
			MarginalCostPerTCO2e: cloneFloat(p.MarginalCostPerTCO2e), Energy: results.DesignEnergyOf(&d.Report, d.Years),
			Investment: cloneFloat(&d.Investment), Incentives: cloneFloat(&d.Incentives), Warnings: slices.Clone(d.Warnings)}
	}
	return rows
}

// FrontierFullSeries measures each point of frontier f, traced over
// representative periods or slices, over full, the same park's
// full-series Model: its design's capacities fixed and the residual
// within the point's own bound (point 0, solved with none, with none:
// plan.Model.EvaluatePoint). A point whose capacities cannot keep the
// residual within its bound over the full series is said so
// (Unreachable), with its cheapest operation's cost and stage and no cost
// error; so is one whose capacities cannot keep unserved load within the
// ledger's tolerance there (its cheapest operation then sheds load at the
// value of lost load). done(i), when set, is called after point i.
func FrontierFullSeries(full *plan.Model, f *plan.Frontier, done func(i int)) ([]*results.FullSeries, error) {
	out := make([]*results.FullSeries, len(f.Points))
	for i, pt := range f.Points {
		eps := pt.EpsilonTCO2ePerYear
		if i == 0 {
			eps = math.NaN()
		}
		e, err := full.EvaluatePoint(pt.Design, eps)
		fs := &results.FullSeries{}
		if errors.Is(err, plan.ErrOverBound) {
			fs.Unreachable = unreachableReason(err)
			var oe *plan.OverBoundError
			if errors.As(err, &oe) && !math.IsNaN(oe.LeastTCO2ePerYear) {
				fs.LeastResidualTCO2ePerYear = &oe.LeastTCO2ePerYear
			}
			if e == nil {
				e, err = full.EvaluatePoint(pt.Design, math.NaN())
			} else {
				// No operation keeps unserved load within the ledger's
				// tolerance: the cheapest one beyond it came with the error.
				err = nil
			}
		}
		if err != nil {
			return nil, fmt.Errorf("frontier point %d: %w", i, err)
		}
		fs.Stage, fs.TotalCostPerYear, fs.Warnings = e.Stage, e.TotalCostPerYear, slices.Clone(e.Warnings)
		fs.ResidualTCO2ePerYear = cloneFloat(&e.ResidualTCO2ePerYear)
		fs.Indicators = results.IndicatorsOf(&e.Report, e.Years)
		if fs.Unreachable == "" && e.TotalCostPerYear != 0 {
			ce := (pt.Design.TotalCostPerYear - e.TotalCostPerYear) / math.Abs(e.TotalCostPerYear)
			fs.CostError = &ce
		}
		out[i] = fs
		if done != nil {
			done(i)
		}
	}
	return out, nil
}

// cloneFloat is a copy of *p (nil for nil), so that a row does not share
// its figure with the answer it was made from.
func cloneFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
