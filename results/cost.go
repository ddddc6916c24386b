package results

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/textcol"
	"github.com/zeropark/zeropark/model"
)

// HoursPerYear annualises: capex over a period of h hours is
// rate × quantity × h / HoursPerYear.
const HoursPerYear = 8760

// ErrCapex: a capex rate cannot be used (unknown path, bad rate).
var ErrCapex = errors.New("results: invalid capex")

// CapexError says which capex specification is wrong and why; it unwraps
// to [ErrCapex].
type CapexError struct {
	Spec   string // as given, e.g. "pv.capacity_kwp=lots"
	Reason string
}

func (e *CapexError) Error() string {
	return fmt.Sprintf("results: capex %s: %s", quote(e.Spec), e.Reason)
}

// Unwrap returns [ErrCapex].
func (e *CapexError) Unwrap() error { return ErrCapex }

// Capex maps a design quantity's path (one of [CapexPaths]) to its
// annualised capital cost in currency per unit per year (e.g.
// "battery.energy_kwh" → 25 per kWh per year). Without capex, "cheapest"
// compares operating costs only and ignores what the equipment costs.
type Capex map[string]float64

// CapexPaths lists the paths capex may be given for: totals over the
// scenario's assets as in the design columns ([DesignColumn];
// battery.power_kw is Σ max(charge, discharge) kW).
func CapexPaths() []string {
	return []string{
		"battery.energy_kwh", "battery.max_charge_kw", "battery.max_discharge_kw", "battery.power_kw",
		"pv.capacity_kwp", "wind.capacity_kw", "grid.import_limit_kw", "grid.export_limit_kw",
	}
}

// Add parses "path=rate" (rate finite, ≥ 0 and at most
// [model.MaxMagnitude], currency per unit per year) into c. Errors are
// [*CapexError].
func (c Capex) Add(spec string) error {
	bad := func(why string) error { return &CapexError{Spec: spec, Reason: why} }
	p, v, ok := strings.Cut(spec, "=")
	p = strings.TrimSpace(p)
	if !ok {
		return bad("want path=rate, e.g. pv.capacity_kwp=60 (currency per kWp per year)")
	}
	if !slices.Contains(CapexPaths(), p) {
		return bad(fmt.Sprintf("capex path %s: want one of %s", quote(p), strings.Join(CapexPaths(), ", ")))
	}
	rate, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || !(rate >= 0 && rate <= model.MaxMagnitude) {
		return bad(fmt.Sprintf("rate %s must be a finite number ≥ 0 and at most %s", quote(v), model.Num(model.MaxMagnitude)))
	}
	if _, dup := c[p]; dup {
		return bad("capex for " + p + " given twice")
	}
	c[p] = rate
	return nil
}

// Purchases are what a dispatched period still has to buy, beyond the
// offsets and certificates held, to be zero-carbon on the ledger's terms
// (package dispatch, "Stage"): offsets for the residual beyond the offsets
// held, and — only when the ledger requires the clean share — the green
// certificates that lift the clean share to its minimum beyond the
// certificates held. This is what package plan buys for a zero-carbon
// design (a near-zero-carbon design buys the certificates alone). The
// ledger's own certificates_mwh (all grid import beyond the certificates
// held) is the alternative to the offsets, not an addition to them, so it
// is not bought here. Purchases mend neither the core indicator nor
// unserved load: a period that misses either is not zero-carbon whatever
// it buys.
type Purchases struct {
	// OffsetsTCO2e = residual − offsets held, ≥ 0 (the ledger's
	// offsets_needed_tco2e).
	OffsetsTCO2e float64
	// CertificatesMWh = (clean-share minimum − clean share) × consumption,
	// in MWh of electricity (consumption tce / kgce per kWh with heat),
	// ≥ 0 and at most the import the certificates held leave uncovered;
	// 0 when the ledger does not require the clean share.
	CertificatesMWh float64
	// OffsetCost and CertificateCost are those at the ledger's prices.
	OffsetCost      float64
	CertificateCost float64
}

// Cost is OffsetCost + CertificateCost.
func (p Purchases) Cost() float64 { return p.OffsetCost + p.CertificateCost }

// PurchasesOf is what the period of report r, made with ledger settings
// led (its holdings are r's; led gives the prices and the kgce per kWh),
// still has to buy to be zero-carbon ([Purchases]).
func PurchasesOf(r *dispatch.Report, led dispatch.LedgerConfig) Purchases {
	var p Purchases
	p.OffsetsTCO2e = math.Max(r.ResidualKgCO2e/1000-r.OffsetsHeldTCO2e, 0)
	// Certificates count up to the import (the ledger's rule), so no more
	// helps.
	need, room := certificatesNeeded(r, led)
	p.CertificatesMWh = math.Min(need, room)
	p.OffsetCost = p.OffsetsTCO2e * led.OffsetPricePerTCO2e
	p.CertificateCost = p.CertificatesMWh * led.CertificatePricePerMWh
	return p
}

// certificatesNeeded are the green certificates (MWh) that lift the
// required clean share of r's period (made with ledger settings led) to
// its minimum, and the room the import leaves for them beyond those
// already counted (certificates count up to the import); need is 0 when
// the share is not required, is met, or nothing is consumed. A MWh of
// certificates adds KgcePerKWh tce of clean energy (every carrier's
// consumption is in tce, so with heat too).
func certificatesNeeded(r *dispatch.Report, led dispatch.LedgerConfig) (need, room float64) {
	b := &r.StageBasis
	room = math.Max(r.Energy.Import/1000-b.CertificatesCountedMWh, 0)
	if b.CleanShareRequired && b.CleanShare < b.CleanShareMin && b.ConsumptionTce > 0 && led.KgcePerKWh > 0 {
		need = (b.CleanShareMin - b.CleanShare) * b.ConsumptionTce / led.KgcePerKWh
	}
	return need, room
}

// AnnualCosts are a design's costs per year with its park's economics —
// the economics the capacity planner (package plan) prices designs with:
// what the design adds beyond the park file's capacities (existing
// capacity is sunk) annualised, and its operation over the period scaled
// to a year. Money is in the park's currency.
type AnnualCosts struct {
	// Economics: the park has economics, so Investment, CapitalPerYear,
	// FixedOMPerYear and TotalCostPerYear are computed; without, they are
	// 0 and the sweep leaves their cells empty.
	Economics bool
	// Currency is the economics' ISO 4217 code ("" without economics):
	// every money figure's.
	Currency string
	// Investment = Σ added × capital cost: the capital the design needs
	// up front, not annualised, gross of incentives
	// (plan.AddedCost.Investment and plan.Design.Investment on the same
	// terms).
	Investment float64
	// CapitalPerYear = Σ added × capital cost × (1 − the technology's
	// capital_incentive_fraction) × CRF(discount rate, lifetime);
	// FixedOMPerYear = Σ added × fixed O&M.
	CapitalPerYear float64
	FixedOMPerYear float64
	// OperatingCostPerYear = energy cost (imports less exports, plus fuel
	// and heat bought) + demand charge + battery wear: no offsets, no
	// certificates (plan's operating_cost_per_year).
	OperatingCostPerYear float64
	// Purchases per year ([PurchasesOf] × 8760 h / the period's hours),
	// and PurchasesPerYear = their cost.
	Purchases        Purchases
	PurchasesPerYear float64
	// TotalCostPerYear = capital + fixed O&M + operating + purchases,
	// whatever stage the design reaches: what it costs a year run as a
	// zero-carbon park only when it can be one (its core indicator met,
	// the clean share closable, no load shed: Stages). A stage's cost is
	// [AnnualCosts.CostTo].
	TotalCostPerYear float64
	// Stages are what the design buys per year to reach each stage
	// ([StagePurchasesOf] × 8760 h / the period's hours).
	Stages StagePurchases
}

// periodHours is the length of the period r accounts, h: the scale of
// its period figures to a year is HoursPerYear / periodHours(r).
func periodHours(r *dispatch.Report) float64 { return float64(r.Steps) * r.StepMinutes / 60 }

// AnnualCostsOf prices design park p, dispatched as schedule s with
// report r under ledger settings led, with costs, the economics of the
// park it was made from (model.Park.CapacityCosts of the park file: its
// Existing capacities are what costs nothing); nil costs (a park without
// economics) leaves capital, fixed O&M and total at 0. Each technology's
// addition is p's total less the existing one, 0 when p has less;
// an addition beyond a candidate's bound is priced alike (a sweep never
// gets one: a varied park with more of a technology than its economics'
// max_total_… is refused when the sweep builds it), and a technology the
// economics give no costs for costs nothing. Period figures are scaled by 8760 h / the period's hours;
// the energy cost, demand charge and battery wear are r's (r.WearCost:
// the ledger's throughput × wear cost, so r must be s's ledger for p).
func AnnualCostsOf(costs *model.CapacityCosts, led dispatch.LedgerConfig, p *model.Park, s *dispatch.Schedule, r *dispatch.Report) (AnnualCosts, error) {
	return AnnualCostsOfVaried(costs, led, nil, p, s, r)
}

// AnnualCostsOfVaried is [AnnualCostsOf] of park p varied from park base
// (a sweep's row: base is the park file costs come from), each asset
// priced apart: what an asset has beyond base's asset of its name (all of
// it where base has none) is added, and an asset cut below base's saves
// nothing, its capacity sunk. So a row that takes 500 kWp from one PV
// array and gives 1,500 to another builds 1,500 kWp, where the totals
// alone (AnnualCostsOf, nil base) would price the net 1,000 (QA S5,
// session 37). Where no asset falls below base's, as in every plan's
// design, the two agree.
func AnnualCostsOfVaried(costs *model.CapacityCosts, led dispatch.LedgerConfig, base, p *model.Park, s *dispatch.Schedule, r *dispatch.Report) (AnnualCosts, error) {
	var c AnnualCosts
	if p == nil || s == nil || r == nil {
		return c, fmt.Errorf("%w: annual costs need the park, its schedule and report", ErrOutput)
	}
	hours := periodHours(r)
	if !(hours > 0) {
		return c, fmt.Errorf("%w: annual costs of a period of %v h", ErrOutput, hours)
	}
	perYear := HoursPerYear / hours
	if costs != nil {
		c.Economics, c.Currency = true, costs.Currency
		tot, heat := p.Totals(), p.HeatTotals()
		have := capacities{tot.PVKWp, tot.WindKW, tot.BatteryKWh, tot.BatteryPowerKW,
			heat.HeatPumpKWTh, heat.StorageKWhTh, heat.ElectricBoilerKWTh, heat.CHPKW, heat.FuelBoilerKWTh, p.Grid.ImportLimitKW}
		if base != nil {
			// Where an asset was cut, each technology's existing capacity
			// and what its assets add one by one (the grid, one
			// connection, as it is); elsewhere the total, as before, bit
			// for bit.
			techs := techCosts(costs)
			added, shrunk := assetAdditions(base, p)
			for i := range added {
				if shrunk[i] {
					have[i] = techs[i].Existing + added[i]
				}
			}
		}
		c.Investment, c.CapitalPerYear, c.FixedOMPerYear = addedCosts(costs, have)
	}
	if len(s.ChargeKW) < len(p.Batteries) || len(s.DischargeKW) < len(p.Batteries) {
		return c, fmt.Errorf("%w: schedule has %d batteries, the park %d", ErrOutput, len(s.ChargeKW), len(p.Batteries))
	}
	// The ledger's wear cost (dispatch.Report.WearCost): throughput × each
	// battery's wear cost per kWh, over the period.
	c.OperatingCostPerYear = (r.EnergyCost + r.DemandChargeCost + r.WearCost) * perYear
	pu := PurchasesOf(r, led)
	c.Purchases = Purchases{OffsetsTCO2e: pu.OffsetsTCO2e * perYear, CertificatesMWh: pu.CertificatesMWh * perYear,
		OffsetCost: pu.OffsetCost * perYear, CertificateCost: pu.CertificateCost * perYear}
	c.PurchasesPerYear = c.Purchases.Cost()
	c.Stages = StagePurchasesOf(r, led).scaled(perYear)
	if c.Economics {
		c.TotalCostPerYear = c.CapitalPerYear + c.FixedOMPerYear + c.OperatingCostPerYear + c.PurchasesPerYear
	}
	return c, nil
}

// assetAdditions is, technology by technology in [capacities]' order
// (the grid left out), the sum over p's assets, in p's order, of what each
// has beyond base's asset of the same name: all of it where base has
// none, nothing where it has less; shrunk says where one of base's assets
// has less in p, or none (elsewhere the sum is p's total less base's).
func assetAdditions(base, p *model.Park) (added [9]float64, shrunk [9]bool) {
	type asset struct {
		name string
		v    float64
	}
	caps := func(q *model.Park) (m [9][]asset) {
		for _, a := range q.PV {
			m[0] = append(m[0], asset{a.Name, a.CapacityKWp})
		}
		for _, a := range q.Wind {
			m[1] = append(m[1], asset{a.Name, a.CapacityKW})
		}
		for _, b := range q.Batteries {
			m[2] = append(m[2], asset{b.Name, b.EnergyKWh})
			m[3] = append(m[3], asset{b.Name, max(b.MaxChargeKW, b.MaxDischargeKW)})
		}
		for _, h := range q.HeatPumps {
			m[4] = append(m[4], asset{h.Name, h.CapacityKWTh})
		}
		for _, t := range q.ThermalStorage {
			m[5] = append(m[5], asset{t.Name, t.EnergyKWhTh})
		}
		for _, b := range q.ElectricBoilers {
			m[6] = append(m[6], asset{b.Name, b.CapacityKWTh})
		}
		for _, c := range q.CHP {
			m[7] = append(m[7], asset{c.Name, c.CapacityKW})
		}
		for _, b := range q.FuelBoilers {
			m[8] = append(m[8], asset{b.Name, b.CapacityKWTh})
		}
		return m
	}
	have, was := caps(p), caps(base)
	for i := range added {
		now := make(map[string]float64, len(have[i]))
		for _, a := range have[i] {
			now[a.name] = a.v
		}
		before := make(map[string]float64, len(was[i]))
		for _, a := range was[i] {
			before[a.name] = a.v
			if v, ok := now[a.name]; !ok || v < a.v {
				shrunk[i] = true
			}
		}
		for _, a := range have[i] {
			if d := a.v - before[a.name]; d > 0 {
				added[i] += d
			}
		}
	}
	return added, shrunk
}

// capacities are a design's totals in the order of [addedCosts]: PV kWp,
// wind kW, battery kWh, battery power kW (Σ max(charge, discharge)), heat
// pump kW_th, thermal storage kWh_th, electric boiler kW_th, CHP kW, fuel
// boiler kW_th and the grid's import limit kW.
type capacities [10]float64

// addedCosts prices what a design of capacities have adds beyond the
// economics' existing ones (each technology's total less the existing,
// nothing when it has less; the grid only where it is a candidate):
// investment = Σ added × capital cost (gross), capital a year = Σ added ×
// capital cost net of incentives × CRF(discount rate, lifetime), fixed O&M
// a year = Σ added × fixed O&M, each technology's [model.TechCosts.CostOfAdding] (package results
// may not import plan; sweep/plancost_test.go checks the two agree). [AnnualCostsOf] and
// [Table.AddInvestment] share it, so a rebuilt cell is the one a new row
// gets, bit for bit.
func addedCosts(costs *model.CapacityCosts, have capacities) (investment, capitalPerYear, fixedOMPerYear float64) {
	for i, tc := range techCosts(costs) {
		added := have[i] - tc.Existing
		if !(added > 0) { // nothing added (NaN: an unlimited grid that is no candidate)
			continue
		}
		inv, capYr, om := tc.CostOfAdding(added, costs.DiscountRatePerYear)
		investment += inv
		capitalPerYear += capYr
		fixedOMPerYear += om
	}
	return investment, capitalPerYear, fixedOMPerYear
}

// techCosts are costs' technologies in [capacities]' order.
func techCosts(costs *model.CapacityCosts) [10]model.TechCosts {
	return [10]model.TechCosts{costs.PV, costs.Wind, costs.BatteryEnergy, costs.BatteryPower, costs.HeatPump, costs.ThermalStorage,
		costs.ElectricBoiler, costs.CHP, costs.FuelBoiler, gridCosts(costs)}
}

// gridCosts are the grid connection's costs where it is a candidate
// (economics.grid_connection): a varied park's import limit above today's
// is then priced as the plan prices it. Otherwise the limit is the park's
// own to set, priced at nothing (a zero TechCosts: no addition).
func gridCosts(c *model.CapacityCosts) model.TechCosts {
	if !c.Grid.Candidate() {
		return model.TechCosts{Existing: math.Inf(1)}
	}
	return c.Grid
}

// Costs of one row, in the park's currency over the simulated period, or
// per year when PerYear.
type Costs struct {
	// Operating = energy + demand charge + battery wear
	// (operating_cost_per_year; over the period, its share of a year): no
	// offsets, no certificates.
	Operating float64
	// Purchases = the offsets and certificates still to buy to take the
	// row to zero-carbon ([Purchases]; purchases_per_year, or over the
	// period its share of a year) from [RowCosts]; from [RowStageCosts],
	// what the row buys to reach that stage ([StagePurchases]).
	Purchases float64
	// Capex = Σ rate × design quantity × period hours / 8760; per year,
	// capital_per_year + fixed_om_per_year.
	Capex float64
	// Total = Operating + Purchases + Capex (per year,
	// total_cost_per_year).
	Total float64
	// PerYear: the costs are the row's cost columns (the park's
	// economics), per year.
	PerYear bool
}

// economicsCosts reads the row's cost columns; ok is false when the
// table has none or the row's are empty (a park without economics).
func economicsCosts(t *Table, r Row) (c Costs, ok bool, err error) {
	j := t.Col(ColTotalCostPerYear)
	if j < 0 || j >= len(r.Fields) || strings.TrimSpace(r.Fields[j]) == "" {
		return c, false, nil
	}
	if c.Total, err = t.Float(r, ColTotalCostPerYear); err != nil {
		return c, false, err
	}
	for _, name := range []string{ColCapitalPerYear, ColFixedOMPerYear} {
		v, err := t.Float(r, name)
		if err != nil {
			return c, false, err
		}
		c.Capex += v
	}
	if c.Operating, err = t.Float(r, ColOperatingCostPerYear); err != nil {
		return c, false, err
	}
	if c.Purchases, err = purchasesPerYear(t, r); err != nil {
		return c, false, err
	}
	c.PerYear = true
	return c, true, nil
}

// purchasesPerYear reads purchases_per_year; a file written before the
// column existed is refused: its total_cost_per_year counted the offsets
// and the certificates for all import both.
func purchasesPerYear(t *Table, r Row) (float64, error) {
	if _, err := t.column(ColPurchasesPerYear); err != nil {
		if fe := (*FileError)(nil); errors.As(err, &fe) {
			fe.Reason += " (a file written before zeropark priced purchases apart, when its costs counted offsets and certificates both: re-run the sweep)"
		}
		return 0, err
	}
	return t.Float(r, ColPurchasesPerYear)
}

// rowHours is row r's simulated period, step_count × step_minutes /
// 60, hours.
func (t *Table) rowHours(r Row) (float64, error) {
	steps, err := t.Float(r, ColSteps)
	if err != nil {
		return 0, err
	}
	mins, err := t.Float(r, ColStepMinutes)
	if err != nil {
		return 0, err
	}
	return steps * mins / 60, nil
}

// RowCosts computes the costs of row r of t: without capex, the row's
// costs per year with the park's economics (total_cost_per_year) when
// the row has them; otherwise operating cost + purchases + capex over the
// period (operating_cost_per_year and purchases_per_year × the period's
// share of a year).
func RowCosts(t *Table, r Row, capex Capex) (Costs, error) {
	if len(capex) == 0 {
		if c, ok, err := economicsCosts(t, r); ok || err != nil {
			return c, err
		}
	}
	var c Costs
	hours, err := t.rowHours(r)
	if err != nil {
		return c, err
	}
	years := hours / HoursPerYear
	op, err := t.Float(r, ColOperatingCostPerYear)
	if err != nil {
		return c, err
	}
	pu, err := purchasesPerYear(t, r)
	if err != nil {
		return c, err
	}
	c.Operating, c.Purchases = op*years, pu*years
	for _, p := range CapexPaths() { // fixed order: same sum every time
		rate, ok := capex[p]
		if !ok || rate == 0 {
			continue
		}
		q, err := t.Float(r, DesignColumn(p))
		if err != nil {
			return c, err
		}
		c.Capex += rate * q * years
	}
	c.Total = c.Operating + c.Purchases + c.Capex
	return c, nil
}

// stageCols are the columns of each stage's cost per year, in
// dispatch.Stages() order ("" for conventional, which buys nothing and is
// capital + fixed O&M + operating).
var stageCols = [4]string{"", ColCostToLowCarbonPerYear, ColCostToNearZeroCarbonPerYear, ColCostToZeroCarbonPerYear}

// olderStageFile explains a missing stage column: the file was written
// before zeropark priced each stage.
const olderStageFile = " (a file written before zeropark priced each stage apart, when \"cheapest\" ranked every row with the offsets for its whole residual: " +
	"run the sweep command that wrote it again, which resumes it and adds the columns)"

// optFloat reads column name of row r: ok is false for an empty cell (a
// stage the row cannot reach). A missing column is an error that says
// the file is older than the column.
func optFloat(t *Table, r Row, name string) (v float64, ok bool, err error) {
	j, err := t.column(name)
	if err != nil {
		if fe := (*FileError)(nil); errors.As(err, &fe) {
			fe.Reason += olderStageFile
		}
		return 0, false, err
	}
	if strings.TrimSpace(r.Fields[j]) == "" {
		return 0, false, nil
	}
	v, err = r.float(t, j)
	return v, err == nil, err
}

// StageCosts reports whether the file has the columns of each stage's
// purchases (zero_carbon_purchases_per_year and the others, added on
// 2026-12-02); an older file has not, and its rows are ranked on
// total_cost_per_year at the stage their holdings give them
// ([RowStageCosts]).
func (t *Table) StageCosts() bool { return t.Col(ColZeroPurchasesPerYear) >= 0 }

// StageBuy is what a row buys per year to reach a stage, read from its
// file: money, and the certificates (MWh) and offsets (tCO2e) it is for.
type StageBuy struct {
	Cost            float64
	CertificatesMWh float64
	OffsetsTCO2e    float64
}

// rowStageBuy reads what row r (of stage own) buys per year to reach st,
// and whether it reaches st at all ([StagePurchases.Cost]).
func rowStageBuy(t *Table, r Row, st, own dispatch.Stage) (b StageBuy, ok bool, err error) {
	if st.Rank() <= own.Rank() && st.Rank() < dispatch.NearZeroCarbon.Rank() {
		return b, true, nil // conventional, or low-carbon as it is
	}
	if b.Cost, ok, err = optFloat(t, r, ColNearZeroPurchasesPerYear); !ok || err != nil {
		return StageBuy{}, false, err
	}
	if b.CertificatesMWh, _, err = optFloat(t, r, ColNearZeroCertificatesMWhPerYear); err != nil {
		return StageBuy{}, false, err
	}
	if st != dispatch.ZeroCarbon {
		return b, true, nil
	}
	if b.Cost, ok, err = optFloat(t, r, ColZeroPurchasesPerYear); !ok || err != nil {
		return StageBuy{}, false, err
	}
	b.OffsetsTCO2e, _, err = optFloat(t, r, ColZeroOffsetsTCO2ePerYear)
	return b, err == nil, err
}

// StageCost is what a row costs run at one stage ([RowStageCosts]).
type StageCost struct {
	// Reaches: the row reaches the stage, as it is or by buying; the
	// rest is zero when it does not.
	Reaches bool
	// Costs are the row's costs with Purchases (and so Total) what it
	// buys to reach the stage.
	Costs Costs
	// Buys are those purchases per year, with the certificates and
	// offsets they are for.
	Buys StageBuy
}

// RowStageCosts computes the costs of row r of t at each stage of
// dispatch.Stages() by the rule of package plan ([StagePurchases]):
// capital + fixed O&M + operating (or, without economics or with capex,
// operating + capex over the period as [RowCosts]) plus what the row
// buys to reach the stage — nothing for low-carbon, the clean share's
// certificates for near-zero-carbon, those and the residual's offsets for
// zero-carbon. A stage the row cannot reach by buying has Reaches false.
// With economics and no capex, Total is the file's cost_to_… column. A
// file written before those columns ([Table.StageCosts] false) reads as
// "cheapest" read it then: the row reaches only the stages its holdings
// give it, each at [RowCosts]' total (purchases for zero-carbon
// included). A row that leaves more of its load unserved than the
// ledger's tolerance ([RowSheds]) reaches no stage here, conventional
// included: the ledger rates it conventional, but load shed costs the
// sweep nothing, so such a row was the "cheapest" design of all (QA,
// 2026-12-04: an import limit of 500 kW shedding 22 % of the load).
func RowStageCosts(t *Table, r Row, capex Capex) ([4]StageCost, error) {
	var out [4]StageCost
	c, err := RowCosts(t, r, capex)
	if err != nil {
		return out, err
	}
	if sheds, err := RowSheds(t, r); err != nil || sheds {
		return out, err
	}
	own, err := t.Stage(r)
	if err != nil {
		return out, err
	}
	if !t.StageCosts() {
		for i := 0; i <= own.Rank(); i++ {
			out[i] = StageCost{Reaches: true, Costs: c}
		}
		return out, nil
	}
	scale := 1.0 // purchases per year to the costs' basis
	if !c.PerYear {
		hours, err := t.rowHours(r)
		if err != nil {
			return out, err
		}
		scale = hours / HoursPerYear
	}
	base := c.Operating + c.Capex
	for i, st := range dispatch.Stages() {
		b, ok, err := rowStageBuy(t, r, st, own)
		if err != nil {
			return out, err
		}
		if !ok {
			continue
		}
		sc := StageCost{Reaches: true, Buys: b, Costs: c}
		sc.Costs.Purchases = b.Cost * scale
		sc.Costs.Total = base + sc.Costs.Purchases
		if c.PerYear && stageCols[i] != "" {
			v, ok, err := optFloat(t, r, stageCols[i])
			if err != nil {
				return out, err
			}
			if !ok {
				return out, &FileError{File: r.File, Line: r.Line, Column: stageCols[i],
					Reason: "empty, but the row's purchase columns say it reaches " + string(st)}
			}
			sc.Costs.Total = v
		}
		out[i] = sc
	}
	return out, nil
}

// RowSheds reports whether row r of t leaves more of its load unserved
// than the ledger tolerates (unserved_share_fraction above
// unserved_tolerance_share_fraction: with heat, the larger of the load's
// and the heat load's shares), the rule by which the ledger rates it
// conventional. false for a file without those columns.
func RowSheds(t *Table, r Row) (bool, error) {
	if t.Col(ColUnservedShare) < 0 || t.Col(ColUnservedTolerance) < 0 {
		return false, nil
	}
	share, ok, err := optFloat(t, r, ColUnservedShare)
	if err != nil || !ok {
		return false, err
	}
	tol, ok, err := optFloat(t, r, ColUnservedTolerance)
	if err != nil || !ok {
		return false, err
	}
	return share > tol, nil
}

// shedRows counts the rows of t that [RowSheds].
func shedRows(t *Table) (int, error) {
	n := 0
	for _, r := range t.Rows {
		sheds, err := RowSheds(t, r)
		if err != nil {
			return 0, err
		}
		if sheds {
			n++
		}
	}
	return n, nil
}

// Pick is the cheapest row that reaches a stage (or a better one).
type Pick struct {
	Stage dispatch.Stage // the stage asked for
	Found bool
	Row   Row
	// Reached is the row's own stage, with the holdings alone; below
	// Stage when it reaches Stage by buying (Buys).
	Reached dispatch.Stage
	// Costs are the row's at Stage: Purchases what it buys to reach it.
	Costs Costs
	// CarbonCost is the row's carbon at the sweep's internal carbon
	// price (rowCarbonCost), on the basis of Costs: not paid and not in
	// Costs.Total, but ranked on with it, as zeropark plan --carbon-price
	// sizes its designs. 0 without a price.
	CarbonCost float64
	// Buys are those purchases per year.
	Buys               StageBuy
	OffsetsNeededTCO2e float64
}

// rowCarbonCost is row r's carbon at the carbon price the sweep ran at
// (its carbon_price_per_tco2e, 0 under the carbon objective): the price
// × residual_kgco2e / 1000 (what the dispatch still emits, before any
// offsets), scaled to a year when perYear, else over the period. A file
// written before the price column has no price: 0.
func rowCarbonCost(t *Table, r Row, perYear bool) (float64, error) {
	if t.Col(ColCarbonPrice) < 0 {
		return 0, nil
	}
	price, ok, err := optFloat(t, r, ColCarbonPrice)
	if err != nil || !ok || price == 0 {
		return 0, err
	}
	resid, err := t.Float(r, ColResidualKgCO2e)
	if err != nil {
		return 0, err
	}
	v := price * resid / 1000
	if perYear {
		hours, err := t.rowHours(r)
		if err != nil {
			return 0, err
		}
		if hours <= 0 {
			return 0, &FileError{File: r.File, Line: r.Line, Column: ColSteps, Reason: "no hours simulated, so no carbon a year"}
		}
		v *= HoursPerYear / hours
	}
	return v, nil
}

// ranksFirst says whether a design of cost key (cost + carbon cost) and
// combination comb ranks before the best so far: cheaper, or as cheap
// with the lower combination. [Cheapest] and plot sweep's marks (Grid)
// rank alike, so the table and the marks name the same row.
func ranksFirst(key float64, comb int, best float64, bestComb int) bool {
	return key < best || (key == best && comb < bestComb)
}

// Cheapest returns, for each stage from conventional to zero-carbon, the
// row of least cost at that stage ([RowStageCosts]: with the park's
// economics and no capex the file's cost_to_… column) among those that
// reach it, as they are or by buying what package plan buys for it:
// nothing for low-carbon, the clean share's certificates for
// near-zero-carbon, those and the residual's offsets for zero-carbon. So
// the picks rank as the plan's roadmap prices its designs, and a row
// that is near-zero-carbon with its holdings competes for zero-carbon at
// the price of its offsets. Ties go to the lower combination.
func Cheapest(t *Table, capex Capex) ([]Pick, error) {
	for _, name := range []string{ColStage, ColOffsetsNeededTCO2e} {
		if _, err := t.column(name); err != nil {
			return nil, err
		}
	}
	stages := dispatch.Stages()
	picks := make([]Pick, len(stages))
	for i, s := range stages {
		picks[i].Stage = s
	}
	for _, r := range t.Rows {
		st, err := t.Stage(r)
		if err != nil {
			return nil, err
		}
		sc, err := RowStageCosts(t, r, capex)
		if err != nil {
			return nil, err
		}
		off, err := t.Float(r, ColOffsetsNeededTCO2e)
		if err != nil {
			return nil, err
		}
		for i := range picks {
			c := sc[i]
			if !c.Reaches {
				continue
			}
			cc, err := rowCarbonCost(t, r, c.Costs.PerYear)
			if err != nil {
				return nil, err
			}
			p := &picks[i]
			if !p.Found || ranksFirst(c.Costs.Total+cc, r.Combination, p.Costs.Total+p.CarbonCost, p.Row.Combination) {
				*p = Pick{Stage: p.Stage, Found: true, Row: r, Reached: st, Costs: c.Costs, CarbonCost: cc, Buys: c.Buys, OffsetsNeededTCO2e: off}
			}
		}
	}
	return picks, nil
}

// buysText says what a pick buys to reach its stage: "by buying 12.5
// tCO2e of offsets and 30 MWh of certificates a year", "" when nothing.
func buysText(p Pick) string {
	var parts []string
	if p.Buys.OffsetsTCO2e > 0 {
		parts = append(parts, Grouped(p.Buys.OffsetsTCO2e, 1)+" tCO2e of offsets")
	}
	if p.Buys.CertificatesMWh > 0 {
		parts = append(parts, Grouped(p.Buys.CertificatesMWh, 1)+" MWh of certificates")
	}
	if len(parts) == 0 {
		return ""
	}
	return "by buying " + strings.Join(parts, " and ") + " a year"
}

// WriteCheapest prints picks as a table: stage asked for, combination, the
// parameters, the row's own stage, its costs at the stage asked for and
// what it buys to reach it.
func WriteCheapest(w io.Writer, t *Table, picks []Pick, capex Capex) error {
	ew := &errWriter{w: w}
	params := t.Params()
	tw := textcol.NewWriter(ew, false)
	perYear := slices.ContainsFunc(picks, func(p Pick) bool { return p.Found && p.Costs.PerYear })
	// Costs a year are whole money units, as plan prints them; a period's
	// (a sweep without economics, maybe a week) keep the cents.
	money := func(v float64) string { return Grouped(v, 2) }
	if perYear {
		money = func(v float64) string { return Grouped(v, 0) }
	}
	// The investment up front, beside the costs a year, where the file
	// has it (economics, and written since the column).
	invest := perYear && t.Col(ColInvestment) >= 0
	investHead := ""
	if invest {
		investHead = "investment\t"
	}
	// The carbon at the sweep's carbon price, where it ranks the picks.
	priced := slices.ContainsFunc(picks, func(p Pick) bool { return p.Found && p.CarbonCost != 0 })
	carbonHead := ""
	if priced {
		carbonHead = "carbon cost\t"
	}
	fmt.Fprintf(tw, "cheapest reaching\tcombination\t%s\tstage\tcost\tcapex\toperating\tpurchases\t%s%sbuys\n", strings.Join(params, "\t"), carbonHead, investHead)
	for _, p := range picks {
		if !p.Found {
			// One empty cell per parameter, then the note in the stage column.
			fmt.Fprintf(tw, "%s\t—\t%snot reached by any scenario, even by buying\n", p.Stage, strings.Repeat("\t", len(params)))
			continue
		}
		vs := make([]string, len(params))
		for i, f := range p.Row.Fields[1 : 1+len(params)] {
			vs[i] = paramText(f)
		}
		buys := buysText(p)
		switch {
		case !t.StageCosts() && p.Costs.Purchases != 0:
			buys = "zero-carbon's" // an older file: purchases are for zero-carbon (the note says)
		case buys == "":
			buys = "—"
		}
		investCell := ""
		if invest {
			v, ok, err := optFloat(t, p.Row, ColInvestment)
			if err != nil {
				return err
			}
			investCell = "—\t"
			if ok {
				investCell = money(v) + "\t"
			}
		}
		carbonCell := ""
		if priced {
			carbonCell = money(p.CarbonCost) + "\t"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s%s%s\n", p.Stage, p.Row.Combination,
			strings.Join(vs, "\t"), p.Reached, money(p.Costs.Total), money(p.Costs.Capex), money(p.Costs.Operating), money(p.Costs.Purchases), carbonCell, investCell, buys)
	}
	tw.Flush()
	switch {
	case perYear:
		fmt.Fprintln(ew, "Costs are per year with the park's economics: cost = capex + operating + purchases (the file's cost_to_… columns);")
		fmt.Fprintln(ew, "capex = capital + fixed O&M of what each design adds to the park file's capacities;")
		if invest {
			fmt.Fprintln(ew, "investment = the capital cost of what it adds, paid up front, not per year (capex holds its annuity);")
		}
	case len(capex) == 0:
		fmt.Fprintln(ew, "Costs are operating + purchases over the period; no --capex given, so \"cheapest\" ignores what the equipment costs;")
	default:
		fmt.Fprintln(ew, "Costs are operating + purchases + capex (annualised rates × design totals × period/8760 h) over the period;")
	}
	fmt.Fprintln(ew, "operating = energy + demand charge + battery wear; purchases are what zeropark plan buys for the stage: nothing for")
	fmt.Fprintln(ew, "low-carbon, certificates for a required clean share's shortfall for near-zero-carbon, and those plus offsets for the")
	fmt.Fprintln(ew, "residual beyond the offsets held for zero-carbon, which only a design meeting near-zero-carbon's core indicator can buy;")
	fmt.Fprintln(ew, "\"stage\" is the design's own with the holdings alone.")
	if priced {
		fmt.Fprintln(ew, "With the sweep's carbon price, designs rank on cost + carbon cost, as zeropark plan --carbon-price sizes them:")
		fmt.Fprintln(ew, "carbon cost = the price × residual_kgco2e / 1000 (before offsets), not paid and not in cost.")
	}
	shed, err := shedRows(t)
	if err != nil {
		return err
	}
	if shed > 0 {
		fmt.Fprintf(ew, "%s of %s combinations leave more of the load unserved than the ledger tolerates (%s above %s):\n",
			Grouped(float64(shed), 0), Grouped(float64(len(t.Rows)), 0), ColUnservedShare, ColUnservedTolerance)
		fmt.Fprintln(ew, "load shed costs nothing here, so they are ranked for no stage, conventional included.")
	}
	if !t.StageCosts() {
		fmt.Fprintln(ew, "This file was written before zeropark priced each stage (it has no "+ColZeroPurchasesPerYear+"): each design is ranked")
		fmt.Fprintln(ew, "only at the stages its holdings reach, on its total with the purchases for zero-carbon (\"zero-carbon's\"), as then; run the sweep")
		fmt.Fprintln(ew, "command that wrote it again to resume it with the new columns.")
	}
	for _, p := range picks {
		if !p.Found {
			continue
		}
		if hours, err := t.rowHours(p.Row); err == nil && perYear {
			if w := ShortPeriodScaling(hours); w != "" {
				fmt.Fprintf(ew, "Warning: %s.\n", w)
			}
		}
		break
	}
	return ew.err
}

// paramText is a sweep parameter value as the cheapest table prints it:
// from 100 up to whole units with thousands separators ("2,044" for the
// file's 2044.0470529323384), below to 3 significant digits (an
// efficiency of 0.95 stays 0.95), "unlimited" as it is; a cell that does
// not parse as it is. The file keeps full precision.
func paramText(field string) string {
	v, err := ParseLimit(field)
	switch {
	case err != nil || math.IsInf(v, 0):
		return strings.TrimSpace(field)
	case math.Abs(v) >= 99.5:
		return Grouped(v, 0)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// errWriter passes writes to w until one fails, then keeps that error and
// refuses the rest, so the report functions can print freely and return
// the first error once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
