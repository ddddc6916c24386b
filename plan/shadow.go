package plan

import (
	"math"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
)

// shadowPrices reads from r, the optimum of question q, the design's
// shadow carbon price (Design.ShadowCarbonPricePerTCO2e) and, where q's
// stage requires the clean share, the clean-share row's
// (Design.ShadowCleanSharePricePerMWh): nil, nil for a question with no
// stage rows (today's park, no target) or another objective, and where r
// has no finite dual for the row.
//
// The row defining R reads R − E = 0 (E the weighted carbon of import,
// fuel and heat bought, tCO2e over the period; totalRows). Allowing δ
// tCO2e more residual is its right-hand side at −δ (R = E − δ in every
// stage row), so the cost over the period falls by y·δ, y its dual
// (lp.Result.RowDual, ∂cost/∂rhs): the price is y, in money per tCO2e
// (the objective is money over the period, R tCO2e over the period: the
// period-to-year factor cancels, as for the frontier's
// MarginalCostPerTCO2e). The clean-share row is in kWh over the period
// with the non-clean energy on its left: δ kWh more allowed moves its
// right-hand side by +δ, the cost by y·δ ≤ 0, so the price per MWh is
// −1000·y.
//
// Both are the money's alone: the objective also holds the dispatch's
// tie-breaks (dispatch.Block.TieCosts, a few hundredths of a cent per
// kWh), whose share of the duals (moneyDuals) is taken out. Left in, a
// tonne allowed more was priced τ + τ_r = 1.5e-4 per kWh of import it
// frees too low: 358.44 against the arithmetic's 362.19 per tCO2e on a
// PV-only park on a 0.04 kgCO2e/kWh grid (planner's QA, 2026-12-04).
func (m *Model) shadowPrices(r *lp.Result, q question) (carbon, cleanShare *float64) {
	if q.objective != nil || q.today || q.stage.Rank() < dispatch.LowCarbon.Rank() || r == nil {
		return nil, nil
	}
	duals := m.moneyDuals(r)
	carbon = dualPrice(duals, m.col.residRow, 1)
	if carbon == nil {
		return nil, nil
	}
	// R at its floor 0 (nothing imported at a positive factor, no fuel)
	// is degenerate: the row's dual then also carries the price of R's
	// lower bound, which is no carbon limit (a design on a park that
	// emits nothing read −76.4 USD per tCO2e, planner's QA, 2026-12-05).
	// There R's reduced cost d_R = c_R − y − Σ a·y_stage is that bound's
	// price (≥ 0); adding it leaves c_R − Σ a·y_stage, the stage rows'
	// (and a carbon price's) sum. Elsewhere d_R is 0 (R basic) or the
	// price of R's upper bound, low-carbon's emissions limit (≤ 0), which
	// belongs to the price and stays.
	if c := m.col.resid; atFloor(r, c) {
		if d := m.moneyReducedCost(r, c); d > 0 && !math.IsInf(d, 0) {
			carbon = dualPrice([]float64{*carbon + d}, 0, 1)
		}
	}
	if m.opt.Ledger.RequireCleanShare && q.stage.Rank() >= dispatch.NearZeroCarbon.Rank() {
		cleanShare = dualPrice(duals, m.col.cleanRow, -1000)
		if m.col.sCleanHeat >= 0 && cleanShare != nil {
			// A MWh more allowed not clean loosens both rows (stageRows).
			if h := dualPrice(duals, m.col.cleanHeatRow, -1000); h != nil {
				cleanShare = dualPrice([]float64{*cleanShare + *h}, 0, 1)
			}
		}
	}
	return carbon, cleanShare
}

// moneyDuals are r's row duals less the tie-breaks' share of them: the
// duals the basis of r gives the tie-break costs alone
// (lp.BasisDuals.DualsFor), subtracted, duals being linear in the costs
// at a fixed basis. r.RowDual as it is where the solver cannot price
// other costs at its basis (another backend, a mixed-integer solve).
// Called right after r's solve, while the solver holds its basis.
func (m *Model) moneyDuals(r *lp.Result) []float64 {
	tie := m.tieShare(len(r.RowDual))
	if tie == nil {
		return r.RowDual
	}
	out := make([]float64, len(tie.dual))
	for i := range out {
		out[i] = r.RowDual[i] - tie.dual[i]
	}
	return out
}

// marginalCostOf is −d, d the reduced cost of column col in r less the
// tie-breaks' share of it (moneyReducedCost, as moneyDuals takes theirs
// out of the row duals): the cost per unit that loosening col's upper
// bound saves, money per tCO2e for the residual column
// (FrontierPoint.MarginalCostPerTCO2e), solver noise read as dualPrice
// reads it. nil when r has no finite reduced cost for col (a
// mixed-integer program's are NaN; a solver may give none). Called right
// after r's solve.
func (m *Model) marginalCostOf(r *lp.Result, col int) *float64 {
	if r == nil || col < 0 || col >= len(r.ReducedCost) {
		return nil
	}
	// col at its floor 0 (a residual of nothing): a positive reduced cost
	// is that lower bound's price, not the upper bound's, which does not
	// bind (a frontier on a park whose cheapest design emits nothing read
	// −5.4 USD per tCO2e, planner's QA, 2026-12-05).
	d := m.moneyReducedCost(r, col)
	if d > 0 && atFloor(r, col) {
		d = 0
	}
	return dualPrice([]float64{d}, 0, -1)
}

// atFloor reports whether column col sits at its lower bound 0 in r
// (within 1e-9). There a positive reduced cost is that bound's price, and
// a dual read there (the residual's row in shadowPrices, the residual's
// reduced cost in marginalCostOf) carries it beside any limit's: both
// take it out.
func atFloor(r *lp.Result, col int) bool {
	return r != nil && col >= 0 && col < len(r.X) && col < len(r.ReducedCost) && r.X[col] <= 1e-9
}

// moneyReducedCost is r's reduced cost of column col less the
// tie-breaks' share of it, c_T[col] − Aᵀ_col·y_T (the tie-break costs c_T
// and their duals y_T at r's basis: tieShare); r's own where the solver
// cannot say. Called right after r's solve.
func (m *Model) moneyReducedCost(r *lp.Result, col int) float64 {
	d := r.ReducedCost[col]
	tie := m.tieShare(len(r.RowDual))
	if tie == nil {
		return d
	}
	d -= tie.cost[col]
	p := m.prob
	for i := 0; i < p.NumRows(); i++ {
		for k := p.Start[i]; k < p.Start[i+1]; k++ {
			if p.Index[k] == col {
				d += p.Value[k] * tie.dual[i]
			}
		}
	}
	return d
}

// tieShare is the tie-break costs of m's Blocks (weighted as m.costs
// weighs them) and the row duals the solver's basis gives them, for a
// solve of rows rows; nil where the solver cannot say (lp.BasisDuals),
// for a mixed-integer solve, or where the solver's rows are not m's
// problem's.
func (m *Model) tieShare(rows int) *tieCosts {
	bd, ok := m.solver.(lp.BasisDuals)
	if !ok || m.integral || rows != m.prob.NumRows() {
		return nil
	}
	c := m.tieCostVector()
	y, err := bd.DualsFor(c)
	if err != nil || len(y) != rows {
		return nil
	}
	return &tieCosts{cost: c, dual: y}
}

// tieCostVector is the tie-break part of m's objective, per column: the
// Blocks' (dispatch.Block.TieCosts) weighted as m.costs weighs them; the
// plan's own columns (capacities, peaks, offsets, certificates) have none.
func (m *Model) tieCostVector() []float64 {
	c := make([]float64, m.prob.NumCols)
	cfg := m.dispatchConfig()
	for k := range m.segs {
		m.segs[k].blk.TieCosts(c, &cfg, m.segs[k].weight)
	}
	return c
}

// tieCosts are the tie-break costs of a Model's columns and their duals
// at a basis (Model.tieShare).
type tieCosts struct{ cost, dual []float64 }

// dualPrice is scale × duals[i], a price read from a solve's duals — the
// shadow prices' (moneyDuals) and the frontier's marginal cost
// (marginalCostOf) — that cannot be negative (a looser limit never costs
// more): solver noise within 1e-9 of 0, or below 0 by less than 1e-6
// (money per tCO2e or MWh), as 0, never −0; a larger negative is left to
// show. nil when duals has no finite value at i (a mixed-integer
// program's are NaN; a solver may give none).
func dualPrice(duals []float64, i int, scale float64) *float64 {
	if i < 0 || i >= len(duals) || math.IsNaN(duals[i]) || math.IsInf(duals[i], 0) {
		return nil
	}
	v := clean(scale * duals[i])
	if v < 0 && v > -1e-6 {
		v = 0
	}
	return &v
}
