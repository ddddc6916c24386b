package plan

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Addition is the capacity a design adds to one candidate: one asset, or
// PV arrays (turbines) pooled because they have the same availability per
// unit installed (the same column or weather and orientation), where
// capacity added to one does what it would do added to another. A pool is
// one candidate, named by its first array in the park file; the design
// park (Design.Park) puts the added capacity on that array.
type Addition struct {
	Tech Tech
	// Asset names the PV array, turbine, battery, heat pump, thermal
	// store, electric boiler, fuel boiler or CHP extended: a pool's first
	// array.
	Asset string
	// Pooled names the pool's other arrays (turbines), in the park's
	// order; nil for a candidate of one asset.
	Pooled []string
	// Unit is Tech.Unit(): "kWp", "kW", "kWh", "kW_th" or "kWh_th".
	Unit string
	// Existing is today's capacity of the candidate (a pool: of all its
	// arrays), Added what the design adds, Total their sum (the design
	// park's capacity of the asset and the pooled arrays together), all
	// in Unit.
	Existing, Added, Total float64
	// Investment is Added × capital cost: what buying it costs up front,
	// in the park's currency, not annualised, gross (the economics'
	// capital costs: REopt's defaults are installed costs before
	// incentives). Incentives is what comes back at purchase, Investment ×
	// the technology's capital_incentive_fraction (0 without one).
	// CapitalPerYear is (Investment − Incentives) × CRF(discount rate,
	// lifetime); FixedOMPerYear is Added × fixed O&M.
	Investment                     float64
	Incentives                     float64
	CapitalPerYear, FixedOMPerYear float64
	// UnitSize is the size of one whole unit bought (Unit; the
	// economics' unit_… key), 0 when any amount may be added; Units is
	// then the count added, Added = Units × UnitSize (else 0).
	UnitSize float64
	Units    int
}

// Design is a park's capacities and their cheapest operation over the
// period. Money is in the park's currency per year and energy and carbon
// per year (period figures × 8760 h / the period's hours); Report is the
// ledger of the plan's own schedule over the period as
// [dispatch.Account] makes it.
type Design struct {
	// Target is the stage the design was solved for ("" for today's park,
	// a frontier point or an evaluation without a target). Stage is the
	// stage the ledger grants its schedule: never below Target, unless
	// the schedule had to be settled (AtOnceIntervals; Warnings says so).
	Target dispatch.Stage
	Stage  dispatch.Stage
	// AtOnceIntervals counts the intervals in which the LP's schedule
	// charged and discharged a battery at once, burning power in the
	// round trip's losses: a CHP's electricity nothing else takes (a grid
	// that exports nothing), or a surplus burnt rather than curtailed
	// where that helps a stage row. No battery can, so from the first of
	// them the schedule is settled as the dispatch settles a plan
	// ([dispatch.Realise]): the flows netted, a surplus curtailed or the
	// CHP brought down, the heat it no longer makes made up by the other
	// heat sources or left unserved. Every figure of the Design is the
	// settled schedule's; 0: the LP's schedule as it is.
	AtOnceIntervals int
	// Warnings says in words what the reader of the figures must know:
	// a settled schedule, and its stage when it falls below Target; in a
	// roadmap's low-carbon entry, that it is near-zero's design
	// ([Model.Roadmap]) and why.
	Warnings []string
	// Additions lists every candidate, added capacity 0 included: one per
	// asset of a candidate technology, except that PV arrays (turbines)
	// with the same availability per unit make one candidate, listed
	// under the first of them (Addition.Pooled names the others).
	Additions []Addition
	// Park is the design as a park, ready to run: today's park with the
	// added capacities and, in Market, the offsets and certificates held
	// and bought (for the period) at the plan's prices; with a target (and
	// at a frontier point: [FrontierPoint]), its stage_thresholds require
	// the clean share where the plan did
	// (Options.Ledger.RequireCleanShare) and the park file does not, so
	// that a run of it judges it as the plan did.
	Park *model.Park
	// Schedule is the plan's dispatch over the calendar (with
	// representative periods: the representatives expanded onto the
	// periods they stand for) and Report its ledger.
	Schedule *dispatch.Schedule
	Report   dispatch.Report

	// Investment is the sum of the additions' Investment: the capital
	// the design needs up front (not annualised, not per year), gross of
	// incentives: what the park must finance. Incentives is the sum of
	// the additions' Incentives, returned at purchase (0 where the
	// economics give no capital_incentive_fraction). CapitalPerYear is
	// the annuity of Investment − Incentives, technology by technology.
	Investment     float64
	Incentives     float64
	CapitalPerYear float64
	FixedOMPerYear float64
	// StepInvestment is, in a staged roadmap (Options.Staged), what this
	// stage invests beyond the stage before it: Investment less that
	// design's (low-carbon's: less today's park's, nothing), up front, not
	// annualised, before incentives as Investment is. Never negative, as every addition is at least the
	// stage before's (up to the solver's tolerance). nil outside a staged
	// roadmap.
	StepInvestment *float64
	// ImportCostPerYear and ExportRevenuePerYear are at each interval's
	// price; FuelCostPerYear and PurchasedHeatCostPerYear (a park with
	// heat) at the fuels' and the heat's prices, as the ledger counts them
	// (dispatch.HeatReport); CHPVariableOMCostPerYear is the CHP units'
	// variable O&M (model.CHP.VariableOMPerKWh × their electricity).
	// EnergyCostPerYear = import − export + fuel + purchased heat + CHP
	// variable O&M (the ledger's EnergyCost).
	ImportCostPerYear        float64
	ExportRevenuePerYear     float64
	FuelCostPerYear          float64
	PurchasedHeatCostPerYear float64
	CHPVariableOMCostPerYear float64
	EnergyCostPerYear        float64
	DemandChargePerYear      float64
	// WearCostPerYear is the batteries' throughput × their wear cost
	// (the ledger's WearCost).
	WearCostPerYear float64
	// OperatingCostPerYear = energy cost + demand charge + wear.
	OperatingCostPerYear float64
	// Offsets and certificates bought on top of those held.
	OffsetsBoughtTCO2ePerYear    float64
	OffsetCostPerYear            float64
	CertificatesBoughtMWhPerYear float64
	CertificateCostPerYear       float64
	// TotalCostPerYear = capital + fixed O&M + operating cost + offsets +
	// certificates (unserved load is reported, not costed).
	TotalCostPerYear float64
	// CarbonCostPerYear is Options.CarbonPricePerTCO2e ×
	// ResidualTCO2ePerYear, the carbon price's part of what the plan
	// minimised (PricedCostPerYear); not in TotalCostPerYear, which is
	// what is paid. 0 without a carbon price.
	CarbonCostPerYear float64
	// ResidualTCO2ePerYear is the ledger's residual; NetResidual… is it
	// less the offsets bought.
	ResidualTCO2ePerYear    float64
	NetResidualTCO2ePerYear float64
	UnservedKWhPerYear      float64
	// UnservedHeatKWhThPerYear is the heat load left unserved, kWh_th a
	// year (0 on a park without heat): reported, not costed, as the
	// electricity's. Today's park with too little heat capacity sheds
	// heat (Warnings says so when above the ledger's tolerance).
	UnservedHeatKWhThPerYear float64
	// CostPerTCO2eAvoided is (TotalCostPerYear − today's) / (today's net
	// residual − NetResidualTCO2ePerYear), against today's park: set by
	// [Model.Roadmap]; nil when nothing is avoided.
	CostPerTCO2eAvoided *float64
	// SimplePaybackYears is Investment − Incentives over what the design
	// saves a year against today's park: (today's operating cost + fixed
	// O&M) − (the design's operating cost + fixed O&M), undiscounted.
	// Offsets and certificates bought are left out (they buy the stage,
	// they save nothing), and so is the lost load (never costed). Set by
	// [Model.Roadmap]; nil when the design invests nothing or saves
	// nothing (it never pays back). Compare it with the technologies'
	// lifetimes: a payback beyond them means the design costs more than
	// it saves over its life, which TotalCostPerYear against today's
	// says with the discount rate.
	SimplePaybackYears *float64
	// NetPresentValue is what the design is worth against today's park
	// over the economics' analysis_years N at the discount rate: the
	// saving a year of SimplePaybackYears, discounted over N years, less
	// each addition's capital net of incentives, bought now and again at
	// the end of each lifetime within N, less the straight-line value
	// left of the last purchase at N ([presentValue]; package
	// documentation, "Against today's park"). DiscountedPaybackYears is
	// when the discounted savings first repay what has been spent by
	// then, interpolated within the year; nil when they do not within N
	// years, or the design invests nothing. Both set by [Model.Roadmap],
	// with SimplePaybackYears; nil elsewhere.
	NetPresentValue        *float64
	DiscountedPaybackYears *float64
	// ShadowCarbonPricePerTCO2e is the stage's shadow carbon price, in the
	// park's currency per tCO2e: what the design's cost a year would fall
	// by per tCO2e a year more of residual allowed, the marginal cost of
	// the stage's carbon limit — the figure to compare with a carbon
	// price, an offset price or an internal carbon fee. It is the dual of
	// the row defining R (package documentation, "Shadow carbon price"),
	// so it sums the stage's rows R enters: low-carbon's emissions row,
	// near-zero's core row, zero-carbon's core and offsets rows (a zero-carbon
	// design that buys offsets prices a tCO2e at the offset price / g plus
	// near-zero's part). 0 is a real 0: the stage's carbon rows do not
	// bind (a low-carbon design reached by its renewable share has no
	// carbon row). With Options.CarbonPricePerTCO2e the objective prices R
	// too, so the dual includes that price: the stage's rows' own part is
	// this less the price (0 above it where they do not bind), and it is
	// still the price at which least-cost operation should keep the
	// design's carbon. nil where no dual is defined: today's park, a frontier
	// point (FrontierPoint.MarginalCostPerTCO2e has its own), a design in
	// whole units (a mixed-integer program has no duals), a solver without
	// duals. A design from [Model.Evaluate] carries its evaluation's: the
	// capacities held, what carbon is worth to its operation — often one
	// slope of several at a kink, which one depending on the solve's
	// start (package documentation, "Shadow carbon price"). In a staged
	// roadmap (Options.Staged) a stage solved again on the design before
	// it prices carbon with those additions held as lower bounds, so its
	// price need not be the independent design's (TestStagedRoadmap).
	ShadowCarbonPricePerTCO2e *float64
	// ShadowCleanSharePricePerMWh is, where the stage requires the clean
	// share (LedgerConfig.RequireCleanShare, near-zero and zero-carbon),
	// the marginal cost of its row in the park's currency per MWh of
	// energy that is not clean (grid import not covered by certificates;
	// with heat, fuel and heat bought in MWh of electricity's kgce): what
	// the cost a year falls by per MWh a year more allowed (with heat, the
	// clean share's two rows together). Where the design buys certificates
	// short of its import it is the certificate price. 0 where the
	// row does not bind; nil where the stage does not require the share
	// and wherever ShadowCarbonPricePerTCO2e is nil.
	ShadowCleanSharePricePerMWh *float64
	// Years is the length of the period in years (8760 h each).
	Years float64
	// SolveSeconds is the solver's wall time for this design (both
	// variants of low-carbon; not the diagnosis of a stage out of reach).
	SolveSeconds float64
	// UnitSearch says how close to the best whole-unit design the plan's
	// branch and bound proved this one (Options.MIPGap); nil for a design
	// of any amounts, of capacities held (today's park, an evaluation) or
	// solved by HiGHS's own MIP (Options.HiGHSMIP), which reports no gap.
	UnitSearch *UnitSearch
}

// PricedCostPerYear is what the plan minimised for d: TotalCostPerYear +
// CarbonCostPerYear (the total alone without a carbon price). Designs
// for one stage are compared on it.
func (d *Design) PricedCostPerYear() float64 { return d.TotalCostPerYear + d.CarbonCostPerYear }

// Added is the total capacity the design adds of tech t, in t.Unit()
// (kWp of PV, kW of wind, kWh of battery energy, kW of battery power, …).
func (d *Design) Added(t Tech) float64 {
	s := 0.0
	for _, a := range d.Additions {
		if a.Tech == t {
			s += a.Added
		}
	}
	return s
}

// additions reads the added capacities from x: clamped to their bounds
// (the solver may stray by its tolerance) with each technology's sum
// within its bound, so the design park passes validation.
func (m *Model) additions(x []float64) []float64 {
	add := make([]float64, len(m.cands))
	sum := make([]float64, numTechs)
	for i, cd := range m.cands {
		v := x[m.col.add[i]]
		if v < 1e-9 {
			v = 0
		}
		_, v = m.wholeUnits(i, v) // the solver's tolerance off whole units
		add[i] = math.Min(v, techCosts(m.ccosts, cd.tech).MaxAdded())
		sum[cd.tech] += add[i]
	}
	for i, cd := range m.cands {
		if lim := techCosts(m.ccosts, cd.tech).MaxAdded(); sum[cd.tech] > lim {
			add[i] *= lim / sum[cd.tech]
		}
	}
	return add
}

// designPark is today's park with the additions made and the market
// holding what is held and bought.
func (m *Model) designPark(add []float64, offsetsTCO2e, certsMWh float64) *model.Park {
	p := copyPark(m.park)
	for i, cd := range m.cands {
		switch cd.tech {
		case TechPV:
			p.PV[cd.asset].CapacityKWp += add[i]
		case TechWind:
			p.Wind[cd.asset].CapacityKW += add[i]
		case TechBatteryEnergy:
			p.Batteries[cd.asset].EnergyKWh += add[i]
		case TechBatteryPower:
			p.Batteries[cd.asset].MaxChargeKW += add[i]
			p.Batteries[cd.asset].MaxDischargeKW += add[i]
		case TechHeatPump:
			p.HeatPumps[cd.asset].CapacityKWTh += add[i]
		case TechThermalStorage:
			ts := &p.ThermalStorage[cd.asset]
			ts.EnergyKWhTh += add[i]
			ts.MaxChargeKWTh += model.AddedStoreKWThPerKWhTh * add[i]
			ts.MaxDischargeKWTh += model.AddedStoreKWThPerKWhTh * add[i]
		case TechElectricBoiler:
			p.ElectricBoilers[cd.asset].CapacityKWTh += add[i]
		case TechCHP:
			p.CHP[cd.asset].CapacityKW += add[i]
		case TechFuelBoiler:
			p.FuelBoilers[cd.asset].CapacityKWTh += add[i]
		case TechGrid:
			// One rating both ways: the export limit rises with the
			// import limit when the two are equal today
			// (model.Grid.RaisesExport).
			if m.park.Grid.RaisesExport() {
				p.Grid.ExportLimitKW += add[i]
			}
			p.Grid.ImportLimitKW += add[i]
		}
	}
	// A bound left less than a unit of room above the design's total is
	// closed to it, so that the design park (written for `zeropark run`
	// and re-read for its operation check) reads back.
	model.CloseWholeUnitRoom(p)
	led := &m.opt.Ledger
	if p.Market != nil || offsetsTCO2e > 0 || certsMWh > 0 || led.OffsetsHeldTCO2e > 0 || led.CertificatesHeldMWh > 0 {
		op, cp := led.OffsetPricePerTCO2e, led.CertificatePricePerMWh
		p.Market = &model.Market{
			OffsetsHeldTCO2e:       led.OffsetsHeldTCO2e + offsetsTCO2e,
			CertificatesHeldMWh:    led.CertificatesHeldMWh + certsMWh,
			OffsetPricePerTCO2e:    &op,
			CertificatePricePerMWh: &cp,
		}
	}
	return p
}

// carryCleanShare makes design park p require the clean share in its
// stage_thresholds where the plan required it (Options.Ledger, with
// --require-clean-share or Options.RequireCleanShare) and p's do not, so
// that the park, written as each stage's, milestone's or frontier point's
// park file and re-run by zeropark run, is judged as the plan judged it (QA N, session
// 37: zeropark run said near-zero-carbon of a design whose clean share
// the plan's check found short). The plan is the one owner of it: package
// results writes the parks as handed over; [Pathway]'s milestones lay
// their year's thresholds (and the requirement they were judged by) into
// the park first, so an entry's require_clean_share false the plan
// followed stays. Today's park (no target) is the caller's, left as it is.
func (m *Model) carryCleanShare(p *model.Park) {
	th := p.StageThresholds
	if !m.opt.Ledger.RequireCleanShare || th != nil && th.RequireCleanShare != nil && *th.RequireCleanShare {
		return
	}
	t := th.Clone()
	if t == nil {
		t = &model.StageThresholds{}
	}
	yes := true
	t.RequireCleanShare = &yes
	p.StageThresholds = t
}

// design turns the solution x into a Design judged by the ledger; with a
// target above conventional, a schedule the ledger ranks below it is
// ErrNotReached. A design with a target carries the clean share the plan
// requires (carryCleanShare); today's park (no target) does not.
func (m *Model) design(x []float64, target dispatch.Stage) (*Design, error) {
	return m.designOf(x, target, target != "")
}

// pointDesign is design for a frontier point (no target), which carries
// the clean share as a stage's design does: its park, written as the
// point's park file, is judged by zeropark run as the frontier judged it,
// and a --require-clean-share the park file's require_clean_share false
// would otherwise override (dispatch.LedgerConfig.ForPark) counts at the
// point as at the stages.
func (m *Model) pointDesign(x []float64) (*Design, error) { return m.designOf(x, "", true) }

// designOf is design, carrying the clean share into the design's park
// before the ledger judges it where carry.
func (m *Model) designOf(x []float64, target dispatch.Stage, carry bool) (*Design, error) {
	add := m.additions(x)
	offsets := math.Max(x[m.col.offsets], 0)
	certs := math.Max(x[m.col.certs], 0)
	p := m.designPark(add, offsets, certs)
	if carry {
		m.carryCleanShare(p)
	}
	s, err := m.schedule(x, p)
	if err != nil {
		return nil, err
	}
	// The plan minimises cost, with no carbon price: its levers' order.
	first, atOnce := dispatch.Realise(p, s, dispatch.Cost, 0)
	d := &Design{Target: target, Park: p, Schedule: s, Years: 1 / m.annual, AtOnceIntervals: atOnce, UnitSearch: m.search}
	m.search = nil // the next design's is its own question's
	if d.Report, err = dispatch.Account(p, s, m.opt.Ledger.ForPark(p)); err != nil {
		return nil, err
	}
	if target == dispatch.ZeroCarbon || offsets > 0 {
		// The LP bought offsets for its residual over the stage row's
		// limit factor, whose safety (options.go) is a hair (1e-6 of the
		// residual) too many: buy what the ledger's residual needs.
		if exact := m.exactOffsets(d.Report.ResidualKgCO2e / 1000); exact != offsets {
			offsets = exact
			d.Park = m.designPark(add, offsets, certs)
			m.carryCleanShare(d.Park)
			if d.Report, err = dispatch.Account(d.Park, s, m.opt.Ledger.ForPark(d.Park)); err != nil {
				return nil, err
			}
		}
	}
	d.Report.Objective = dispatch.Cost
	d.Stage = d.Report.Stage
	m.money(d, add, offsets, certs)
	below := target.Rank() > dispatch.Conventional.Rank() && !d.Stage.Reaches(target)
	if below && atOnce == 0 {
		return nil, fmt.Errorf("%w: planned for %s, the ledger ranks the plan's schedule %s (%s)%s",
			ErrNotReached, target, d.Stage, d.Report.StageBasis.StageLimitedBy, ledgerNotThePark(m.opt.Ledger, d.Park))
	}
	if atOnce > 0 {
		d.Warnings = append(d.Warnings, settledWarning(d, first))
	} else if w := m.shedHeatWarning(d); w != "" {
		d.Warnings = append(d.Warnings, w)
	}
	if w := m.shedLoadWarning(d); w != "" {
		d.Warnings = append(d.Warnings, w)
	}
	if w := m.largeParkWarning(d); w != "" {
		d.Warnings = append(d.Warnings, w)
	}
	if n := d.Report.NegativeImportPriceIntervals; n > 0 {
		d.Warnings = append(d.Warnings, fmt.Sprintf("%d interval(s) of the period at a negative import price: the energy cost credits the %s kWh a year "+
			"imported in them at it, while the plan counted those prices as 0 (it is not paid to import)", n, formatQty(d.Report.NegativeImportPriceKWh/d.Years)))
	}
	if below {
		d.Warnings = append(d.Warnings, fmt.Sprintf("planned for %s, the settled schedule is %s (%s): no battery can run the plan's own",
			target, d.Stage, d.Report.StageBasis.StageLimitedBy))
	}
	return d, nil
}

// largeParkWarning says when design d, planned for near-zero or
// zero-carbon, was sized against the default band's carbon per unit
// energy while the ledger judges its operation against the large parks'
// (its consumption at or above LedgerConfig.LargeParkTcePerYear): the
// plan may size against the larger limit only where no operation it
// allows consumes less ([Model.carbonPerTceMax]), so d keeps room to
// spare, and a park sure to stay across the line could build less.
// Where the large parks' limit is the stricter (Model.split) the plan
// sizes each band at the limit the ledger judges it by; a design of the
// band below the line whose carbon per unit energy misses the large
// parks' limit holds only while its consumption stays below the line,
// and the warning says so (its operation checks' margin counts that
// room, dispatch.Report.StageConditions; its shadow carbon price prices
// carbon within the band, where the consumption ceiling binds).
func (m *Model) largeParkWarning(d *Design) string {
	b, planned := d.Report.StageBasis, m.carbonPerTceMax()
	if d.Target.Rank() < dispatch.NearZeroCarbon.Rank() {
		return ""
	}
	if m.split() {
		led := m.opt.Ledger
		line := led.LargeParkTcePerYear
		if !(b.ConsumptionTcePerYear < line) || !(b.CarbonPerTce > led.CarbonPerTceMaxLarge) {
			return ""
		}
		room := 1 - b.ConsumptionTcePerYear/line
		where := fmt.Sprintf("%.1f %% below", 100*room)
		ceiling := room <= m.opt.Margin+1e-4 // the band's ceiling, (1 − margin)·g × the line, binds
		if room < 0.0005 {
			where = "at"
		}
		w := fmt.Sprintf("below the large-park line: it consumes %s tce a year, %s large_park_tce_per_year (%s), and is judged against %s tCO2/tce; "+
			"at or above the line the large parks' %s tCO2/tce applies, which its %s misses, so %s holds only while the consumption stays below the line "+
			"(the operation checks' margin counts that room)",
			formatTce(b.ConsumptionTcePerYear), where, formatTce(line), formatFigure(b.CarbonPerTceMax),
			formatFigure(led.CarbonPerTceMaxLarge), formatFigure(b.CarbonPerTce), d.Target)
		if ceiling {
			w = "held " + w + ". Its shadow carbon price is carbon's within the band: what binds is the consumption held below the line, " +
				"which no carbon price holds (--carbon-price shadow may operate it across the line)"
		}
		return w
	}
	if b.CarbonPerTceMax <= planned {
		return ""
	}
	return fmt.Sprintf("sized against %s tCO2/tce, the limit below %s tce a year: an operation within the plan's rows could consume %s tce a year; "+
		"this design's consumes %s, which the ledger judges against %s tCO2/tce, so it holds %s with room to spare",
		formatFigure(planned), formatTce(m.opt.Ledger.LargeParkTcePerYear),
		formatTce(m.k.floorTce*m.annual), formatTce(b.ConsumptionTcePerYear),
		formatFigure(b.CarbonPerTceMax), d.Target)
}

// formatTce prints a consumption in tce a year: with thousands
// separators from 1,000 up, with one decimal below (so that a floor just
// under the line does not print as the line).
func formatTce(v float64) string {
	if math.Abs(v) >= 1000 {
		return formatQty(v)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// exactOffsets is what a zero-carbon design buys, tCO2e over the period,
// for the ledger's residual residualTCO2e over the period: the residual
// over 1 − Margin less the offsets held, no less than 0 and no less than
// the ledger needs (held + bought ≥ residual in floating point, so that it
// grants zero-carbon). Held offsets between the residual and the residual
// over 1 − Margin still leave the margin's share to buy. At margin 0 with
// nothing held it is the residual itself, so the net residual is exactly 0.
func (m *Model) exactOffsets(residualTCO2e float64) float64 {
	held := m.opt.Ledger.OffsetsHeldTCO2e
	need := residualTCO2e
	if m.opt.Margin > 0 {
		need = residualTCO2e / (1 - m.opt.Margin)
	}
	if !(need > held) {
		return 0
	}
	bought := need - held
	for held+bought < residualTCO2e { // a rounding of the subtraction: the next float up
		bought = math.Nextafter(bought, math.Inf(1))
	}
	return bought
}

// settledWarning says that d's schedule was settled from interval first
// on, and what that cost in heat.
func settledWarning(d *Design, first int) string {
	s := d.Schedule
	w := fmt.Sprintf("the plan charged and discharged a battery at once in %d intervals, the first %s (interval %d), "+
		"burning power in the round trip's losses; no battery can, so the schedule is settled from there on and every figure is the settled one's",
		d.AtOnceIntervals, s.Time(first).Format(time.RFC3339), first)
	if h := d.Report.Heat; h != nil && h.UnservedKWhTh > 0 {
		w += fmt.Sprintf(" (%s kWh_th of heat unserved a year)", formatQty(h.UnservedKWhTh/d.Years))
	}
	return w
}

// shedHeatWarning says that d (today's park, or a design with no
// target: no stage row bounds its unserved heat) leaves more of its heat
// load unserved than the ledger tolerates; "" when it does not. Its
// costs leave that heat out (unserved load is never costed) and the
// ledger ranks it conventional, so a figure against it (cost per tCO2e
// avoided) compares designs that do not serve the same heat.
func (m *Model) shedHeatWarning(d *Design) string {
	h := d.Report.Heat
	if h == nil || !(h.UnservedShare > m.opt.Ledger.UnservedToleranceShare) {
		return ""
	}
	return fmt.Sprintf("%s kWh_th of heat unserved a year (%.1f %% of the heat load, above the ledger's tolerance of %.1f %%): "+
		"its costs leave that heat out and the ledger ranks it conventional; give it the heat capacity it lacks",
		formatQty(d.UnservedHeatKWhThPerYear), 100*h.UnservedShare, 100*m.opt.Ledger.UnservedToleranceShare)
}

// shedLoadWarning says that d (today's park, or a design with no target:
// no stage row bounds its unserved load) leaves more of its electric load
// unserved than the ledger tolerates, as shedHeatWarning says of heat;
// "" when it does not. Its costs leave that load out, as every design's
// do (unserved load is reported, never costed). The warning names what
// the plan's value of lost load would have priced it at (the LP's
// penalty, not counted: package documentation, "Today's park short of
// capacity"). Of today's park (Target "") it adds that the designs of the
// stages serve all of their load but the tolerance, so the cost per tCO2e
// avoided against it compares designs that serve the load with a park
// that sheds it; no figure is measured against any other design (a plan
// for conventional, or the evaluation without a target of a design that
// misses its stage over the full series).
func (m *Model) shedLoadWarning(d *Design) string {
	e, tol := d.Report.Energy, m.opt.Ledger.UnservedToleranceShare
	if !(e.Load > 0) || !(e.Unserved/e.Load > tol) {
		return ""
	}
	cur := ""
	if m.ccosts != nil && m.ccosts.Currency != "" {
		cur = " " + m.ccosts.Currency
	}
	against := ""
	if d.Target == "" {
		against = ", so the cost per tCO2e avoided against it compares designs that serve the load with a park that sheds it"
	}
	return fmt.Sprintf("%s kWh of load unserved a year (%s %% of the load, above the ledger's tolerance of %.1f %%): "+
		"its costs leave that load out (%s%s a year at the plan's value of lost load, %s%s/kWh, a penalty not counted) and the ledger ranks it conventional%s; "+
		"give it the grid connection, storage or generation it lacks",
		formatQty(d.UnservedKWhPerYear), sharePct(e.Unserved/e.Load), 100*tol,
		formatQty(d.UnservedKWhPerYear*m.opt.ValueOfLostLoadPerKWh), cur, formatQty(m.opt.ValueOfLostLoadPerKWh), cur, against)
}

// sharePct is fraction f in per cent, to two decimals below 10 % (a
// shed of 0.23 % against a tolerance of 0.1 %), to one above.
func sharePct(f float64) string {
	v := 100 * f
	if v < 10 {
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// schedule writes the plan's dispatch onto the calendar for design park p.
func (m *Model) schedule(x []float64, p *model.Park) (*dispatch.Schedule, error) {
	s, err := dispatch.NewSchedule(p, m.cal.profiles(p))
	if err != nil {
		return nil, fmt.Errorf("plan: design schedule: %w", err)
	}
	// The minimum of each store (the batteries, then the thermal stores,
	// as m.stores lists them): the Blocks hold the contents above it.
	stores := m.stores
	minKWh := make([]float64, len(stores))
	for j, st := range stores {
		minKWh[j] = st.minimum(p)
		_, initial := st.states(s)
		*initial = clean(x[m.startCol(j)]) + minKWh[j]
	}
	for k := range m.segs {
		blk := m.segs[k].blk
		for _, mb := range m.segs[k].members {
			if m.segs[k].stretched {
				if err := m.stretch(x, s, k, mb, minKWh); err != nil {
					return nil, err
				}
				continue
			}
			if err := blk.Extract(x, s, mb.start, 0, mb.len, minKWh); err != nil {
				return nil, fmt.Errorf("plan: design schedule: %w", err)
			}
			if !m.reps {
				continue
			}
			// The real content: the period's start content decayed, plus
			// the representative's intra-period state (Kotzur).
			for j, st := range stores {
				states, _ := st.states(s)
				e := x[m.col.inter[j][mb.period]]
				for t := range mb.len {
					e *= st.retention
					states[mb.start+t] = clean(e+x[st.soc(blk, t)]) + minKWh[j]
				}
			}
		}
	}
	return s, nil
}

// stretch writes slice k's one LP step onto every calendar step of member
// mb: the same powers throughout, and each store's content following its
// recursion step by step from the slice's start, a ΔE/L part of the
// slice's change added at each (the link row counts the same, sliceGain),
// so that the schedule obeys the park's physics at the calendar's step.
func (m *Model) stretch(x []float64, s *dispatch.Schedule, k int, mb member, minKWh []float64) error {
	blk := m.segs[k].blk
	for t := range mb.len {
		if err := blk.Extract(x, s, mb.start+t, 0, 1, minKWh); err != nil {
			return fmt.Errorf("plan: design schedule: %w", err)
		}
	}
	for j, st := range m.stores {
		states, _ := st.states(s)
		e, d := x[m.col.inter[j][mb.period]], x[st.soc(blk, 0)]/float64(mb.len)
		for t := range mb.len {
			e = st.retention*e + d
			states[mb.start+t] = clean(e) + minKWh[j]
		}
	}
	return nil
}

// money fills the design's costs and quantities per year.
func (m *Model) money(d *Design, add []float64, offsets, certs float64) {
	rate := m.ccosts.DiscountRatePerYear
	for i, cd := range m.cands {
		tc := techCosts(m.ccosts, cd.tech)
		a := Addition{Tech: cd.tech, Asset: cd.name, Pooled: m.pooledNames(cd), Unit: cd.tech.Unit(), Added: add[i],
			Existing: m.existing(cd)}
		a.Investment, a.CapitalPerYear, a.FixedOMPerYear = tc.CostOfAdding(add[i], rate)
		a.Incentives = tc.IncentiveOf(add[i])
		a.Total = a.Existing + a.Added
		a.Units, _ = m.wholeUnits(i, add[i])
		a.UnitSize = m.unitSize(i)
		d.Additions = append(d.Additions, a)
		d.Investment += a.Investment
		d.Incentives += a.Incentives
		d.CapitalPerYear += a.CapitalPerYear
		d.FixedOMPerYear += a.FixedOMPerYear
	}
	// The ledger has the energy cost (fuel and heat included) and the
	// wear of the schedule (settled and expanded onto the calendar), not
	// the import and export apart.
	s, h, k := d.Schedule, d.Schedule.Step.Hours(), m.annual
	for t := range s.Len {
		d.ImportCostPerYear += s.ImportKW[t] * s.ImportPricePerKWh[t] * h * k
		d.ExportRevenuePerYear += s.ExportKW[t] * s.ExportPricePerKWh[t] * h * k
	}
	led := &m.opt.Ledger
	if h := d.Report.Heat; h != nil {
		d.FuelCostPerYear, d.PurchasedHeatCostPerYear = h.FuelCost*k, h.PurchasedHeatCost*k
		d.CHPVariableOMCostPerYear = h.CHPVariableOMCost * k
	}
	d.EnergyCostPerYear = d.Report.EnergyCost * k
	d.WearCostPerYear = d.Report.WearCost * k
	d.DemandChargePerYear = d.Report.DemandChargeCost * k
	d.OperatingCostPerYear = d.EnergyCostPerYear + d.DemandChargePerYear + d.WearCostPerYear
	d.OffsetsBoughtTCO2ePerYear = offsets * k
	d.OffsetCostPerYear = offsets * led.OffsetPricePerTCO2e * k
	d.CertificatesBoughtMWhPerYear = certs * k
	d.CertificateCostPerYear = certs * led.CertificatePricePerMWh * k
	d.TotalCostPerYear = d.CapitalPerYear + d.FixedOMPerYear + d.OperatingCostPerYear + d.OffsetCostPerYear + d.CertificateCostPerYear
	d.ResidualTCO2ePerYear = d.Report.ResidualKgCO2e / 1000 * k
	d.NetResidualTCO2ePerYear = d.ResidualTCO2ePerYear - d.OffsetsBoughtTCO2ePerYear
	d.CarbonCostPerYear = m.opt.CarbonPricePerTCO2e * d.ResidualTCO2ePerYear
	d.UnservedKWhPerYear = d.Report.UnservedKWh * k
	if h := d.Report.Heat; h != nil {
		d.UnservedHeatKWhThPerYear = h.UnservedKWhTh * k
	}
}

// techTotals are p's capacities in the order of Techs(); the grid's is
// its import limit (+Inf when unlimited).
func techTotals(p *model.Park) [numTechs]float64 {
	t, ht := p.Totals(), p.HeatTotals()
	return [numTechs]float64{t.PVKWp, t.WindKW, t.BatteryKWh, t.BatteryPowerKW, ht.HeatPumpKWTh, ht.StorageKWhTh, ht.ElectricBoilerKWTh, ht.CHPKW, ht.FuelBoilerKWTh,
		p.Grid.ImportLimitKW}
}

// priced reports whether a design's capacity of t beyond today's is
// priced and bounded by costs: every technology, except the grid
// connection when it is no candidate — its import limit is then the
// park's own to set (a sweep varies it freely, as it did before the grid
// was a candidate), not an addition.
func priced(costs *model.CapacityCosts, t Tech) bool {
	return t != TechGrid || costs.Grid.Candidate()
}

// existing is today's capacity of a candidate: its asset and the arrays
// pooled with it.
func (m *Model) existing(cd candidate) float64 {
	switch cd.tech {
	case TechPV:
		kWp := m.park.PV[cd.asset].CapacityKWp
		for _, j := range cd.pooled {
			kWp += m.park.PV[j].CapacityKWp
		}
		return kWp
	case TechWind:
		kW := m.park.Wind[cd.asset].CapacityKW
		for _, j := range cd.pooled {
			kW += m.park.Wind[j].CapacityKW
		}
		return kW
	case TechBatteryEnergy:
		return m.park.Batteries[cd.asset].EnergyKWh
	case TechHeatPump:
		return m.park.HeatPumps[cd.asset].CapacityKWTh
	case TechThermalStorage:
		return m.park.ThermalStorage[cd.asset].EnergyKWhTh
	case TechElectricBoiler:
		return m.park.ElectricBoilers[cd.asset].CapacityKWTh
	case TechCHP:
		return m.park.CHP[cd.asset].CapacityKW
	case TechFuelBoiler:
		return m.park.FuelBoilers[cd.asset].CapacityKWTh
	case TechGrid:
		return m.park.Grid.ImportLimitKW
	}
	b := m.park.Batteries[cd.asset]
	return max(b.MaxChargeKW, b.MaxDischargeKW)
}

// pooledNames names the arrays pooled with a candidate's asset (nil:
// none).
func (m *Model) pooledNames(cd candidate) []string {
	var names []string
	for _, j := range cd.pooled {
		switch cd.tech {
		case TechPV:
			names = append(names, m.park.PV[j].Name)
		case TechWind:
			names = append(names, m.park.Wind[j].Name)
		}
	}
	return names
}

// clean rounds solver noise: values within 1e-9 of zero become zero.
func clean(v float64) float64 {
	if math.Abs(v) < 1e-9 {
		return 0
	}
	return v
}

// AddedCost is what a design adds to today's park, per technology, and
// what that costs a year.
type AddedCost struct {
	// Added[t] is the capacity added of Techs()[t], in its Tech.Unit.
	Added [numTechs]float64
	// Investment is Σ added × capital cost (up front, not annualised,
	// gross), Incentives Σ added × capital × capital_incentive_fraction,
	// CapitalPerYear the annuity of their difference.
	Investment     float64
	Incentives     float64
	CapitalPerYear float64
	FixedOMPerYear float64
}

// CostOfAdding prices the capacity design has beyond today's park at
// today's economics: per technology, the design's total less today's
// (never below 0) × capital net of incentives × CRF + fixed O&M. It is
// how a design swept by hand (a park with other capacities, dispatched by
// package dispatch) is priced on the same terms as a planned one; for a
// planned design it equals the Design's Investment, Incentives,
// CapitalPerYear and FixedOMPerYear. today needs an
// economics object; an addition beyond a technology's bound is an error
// naming it, and so is one that is not whole units of a technology whose
// economics give a unit size ([CheckWholeUnits]).
func CostOfAdding(today, design *model.Park) (*AddedCost, error) {
	if today == nil || design == nil {
		return nil, inputErr("park", nil, "today's park and the design are needed")
	}
	costs, err := today.CapacityCosts()
	if err != nil {
		return nil, err
	}
	h, w := techTotals(today), techTotals(design)
	if err := checkWholeUnits(today, costs, h, w); err != nil {
		return nil, err
	}
	out := &AddedCost{}
	for _, t := range Techs() {
		if !priced(costs, t) {
			continue
		}
		add := math.Max(w[t]-h[t], 0)
		tc := techCosts(costs, t)
		if add > tc.MaxAdded()*(1+1e-9)+1e-9 {
			return nil, inputErr(t.key(), tc.MaxTotal, fmt.Sprintf("the design has %s %s of %s, more than this bound", formatQty(w[t]), t.Unit(), t))
		}
		out.Added[t] = add
		if add == 0 {
			continue // a technology that is not a candidate has no lifetime
		}
		inv, capital, om := tc.CostOfAdding(add, costs.DiscountRatePerYear)
		out.Investment += inv
		out.Incentives += tc.IncentiveOf(add)
		out.CapitalPerYear += capital
		out.FixedOMPerYear += om
	}
	return out, nil
}

// CheckWholeUnits refuses a design that adds to today's park what no
// purchase of whole units gives: for each technology whose economics
// give a unit size (economics.wind.unit_kw, …; model.TechCosts.UnitSize),
// the design's total less today's (never below 0) must be a whole number
// of units, and a battery whose energy and power both have a size must
// add as many blocks of each. It is refused rather than costed as the
// units it would need (⌈added / size⌉): a design's cost must be that of
// the capacity it is dispatched with — 750 kW against 500 kW turbines
// would pay for 1,000 kW and run 750 — and [Model.Evaluate] refuses such
// a design too. The error is an [*InputError] naming the unit size's key,
// the size, the addition and the whole amounts either side of it (one per
// technology refused, joined; find them with errors.As). A nil park is an
// *InputError too; today's park without economics, or with economics
// that do not resolve ([model.Park.CapacityCosts]), is the model's error.
// All unwrap to [model.ErrInvalid]. A design without whole-unit keys in
// today's economics is never refused.
// CostOfAdding calls it; [WholeUnits] checks many designs against one
// park.
func CheckWholeUnits(today, design *model.Park) error {
	if design == nil {
		return inputErr("park", nil, "today's park and the design are needed")
	}
	check, err := WholeUnits(today)
	if err != nil {
		return err
	}
	return check(design)
}

// WholeUnits is [CheckWholeUnits] of designs against today's park, its
// economics resolved once: the sweep checks each combination's park with
// it. Its errors (a nil or unresolved today's park) and those of the
// function it returns (a nil design, a design refused) are
// CheckWholeUnits'. Today's totals are read now: change today's park
// afterwards and call WholeUnits again.
func WholeUnits(today *model.Park) (func(design *model.Park) error, error) {
	if today == nil {
		return nil, inputErr("park", nil, "today's park and the design are needed")
	}
	costs, err := today.CapacityCosts()
	if err != nil {
		return nil, err
	}
	h := techTotals(today)
	return func(design *model.Park) error {
		if design == nil {
			return inputErr("park", nil, "today's park and the design are needed")
		}
		return checkWholeUnits(today, costs, h, techTotals(design))
	}, nil
}

// checkWholeUnits is CheckWholeUnits of a design of totals w against
// today's totals h, under costs; each error is placed at its unit key in
// today's park file, when it was read from one.
func checkWholeUnits(today *model.Park, costs *model.CapacityCosts, h, w [numTechs]float64) error {
	var units [numTechs]float64
	var errs []error
	for _, t := range Techs() {
		size := techCosts(costs, t).UnitSize
		if size == 0 || !priced(costs, t) {
			continue
		}
		add := math.Max(w[t]-h[t], 0)
		n := add / size
		units[t] = math.Round(n)
		if isWhole(n) {
			continue
		}
		errs = append(errs, unitErr(today, t, size, fmt.Sprintf(
			"the design adds %s %s of %s (%s against today's %s), %.4g units of %s %s: whole units only, e.g. %s",
			qty0(add), t.Unit(), t, qty0(w[t]), qty0(h[t]), n, qty0(size), t.Unit(), wholeTotals(t, size, h[t], n))))
	}
	e, p := techCosts(costs, TechBatteryEnergy).UnitSize, techCosts(costs, TechBatteryPower).UnitSize
	if len(errs) == 0 && e > 0 && p > 0 && units[TechBatteryEnergy] != units[TechBatteryPower] {
		errs = append(errs, unitErr(today, TechBatteryPower, p, fmt.Sprintf(
			"the design adds %g battery blocks of %s kWh (%s) but %g of %s kW: a block brings both",
			units[TechBatteryEnergy], formatQty(e), TechBatteryEnergy.unitKey(), units[TechBatteryPower], formatQty(p))))
	}
	return errors.Join(errs...)
}

// qty0 is formatQty, but 0 as "0".
func qty0(v float64) string {
	if v == 0 {
		return "0"
	}
	return formatQty(v)
}

// wholeTotals suggests the whole-unit designs either side of n units of
// size added to today's total hKW of t: as totals, which a park's
// capacity and a sweep's --vary take, with the units each adds
// ("1,500 or 3,500 kW of wind in all (0 or 1 unit added)").
func wholeTotals(t Tech, size, h, n float64) string {
	lo, hi := math.Floor(n), math.Ceil(n)
	units := "units"
	if hi == 1 {
		units = "unit"
	}
	return fmt.Sprintf("%s or %s %s of %s in all (%g or %g %s added)",
		qty0(h+lo*size), qty0(h+hi*size), t.Unit(), t, lo, hi, units)
}

// unitErr is a whole-units problem of technology t's unit size, placed at
// its key in today's park file when it was read from one.
func unitErr(today *model.Park, t Tech, size float64, reason string) *InputError {
	e := inputErr(t.unitKey(), size, reason)
	e.File, e.Line, e.Col = today.KeyPosition(t.unitKey())
	return e
}

// ledgerNotThePark says which stage thresholds of led (Options.Ledger,
// which the plan sizes by) differ from those the ledger judges park p's
// designs by (led.ForPark(p): its stage_thresholds), as the tail of
// [ErrNotReached]'s message, or "" where none does. A Go study that plans
// with plan.DefaultOptions() a park whose stage_thresholds are stricter
// meets it (QA H, session 39).
func ledgerNotThePark(led dispatch.LedgerConfig, p *model.Park) string {
	park := led.ForPark(p)
	var diffs []string
	for _, f := range []struct {
		key           string
		sized, judged float64
	}{
		{"clean_share_min_fraction", led.CleanShareMin, park.CleanShareMin},
		{"carbon_tco2_per_tce_max", led.CarbonPerTceMax, park.CarbonPerTceMax},
		{"carbon_tco2_per_tce_max_large", led.CarbonPerTceMaxLarge, park.CarbonPerTceMaxLarge},
		{"large_park_tce_per_year", led.LargeParkTcePerYear, park.LargeParkTcePerYear},
		{"kgce_per_kwh", led.KgcePerKWh, park.KgcePerKWh},
		{"low_carbon_renewable_share_min_fraction", led.LowCarbonRenewableShareMin, park.LowCarbonRenewableShareMin},
		{"low_carbon_reduction_min_fraction", led.LowCarbonReductionMin, park.LowCarbonReductionMin},
		{"unserved_tolerance_fraction", led.UnservedToleranceShare, park.UnservedToleranceShare},
	} {
		if f.sized != f.judged {
			diffs = append(diffs, fmt.Sprintf("%s %g, the park's %g", f.key, f.sized, f.judged))
		}
	}
	if len(diffs) == 0 {
		return ""
	}
	return "; Options.Ledger's stage thresholds are not the park's stage_thresholds (" + strings.Join(diffs, "; ") +
		"), which the ledger judges by: apply dispatch.LedgerConfig.ForPark to Options.Ledger"
}
