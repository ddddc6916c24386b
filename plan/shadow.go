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
func (m *Model) shadowPrices(r *lp.Result, q question) (carbon, cleanShare *float64) {
	if q.objective != nil || q.today || q.stage.Rank() < dispatch.LowCarbon.Rank() {
		return nil, nil
	}
	carbon = rowDual(r, m.col.residRow, 1)
	if carbon == nil {
		return nil, nil
	}
	if m.opt.Ledger.RequireCleanShare && q.stage.Rank() >= dispatch.NearZeroCarbon.Rank() {
		cleanShare = rowDual(r, m.col.cleanRow, -1000)
	}
	return carbon, cleanShare
}

// rowDual is scale × row's dual in r (dualPrice): nil when r has no
// finite dual for row.
func rowDual(r *lp.Result, row int, scale float64) *float64 {
	if r == nil {
		return nil
	}
	return dualPrice(r.RowDual, row, scale)
}

// dualPrice is scale × duals[i], a price read from a solve's duals — the
// shadow prices' (rowDual) and the frontier's marginal cost
// (marginalCost) — that cannot be negative (a looser limit never costs
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
