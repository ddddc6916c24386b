package plan

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/dispatch"
)

// StageObjective solves stage on m (low-carbon by its emissions row) with
// loosenTCO2ePerYear more residual allowed in every stage row — the row
// defining R at −δ (shadow.go) — and returns the LP's objective a year and
// the shadow carbon price read from that solve. The row is put back after.
func StageObjective(m *Model, stage dispatch.Stage, loosenTCO2ePerYear float64) (perYear float64, price *float64, err error) {
	rs, ok := m.solver.(interface {
		SetRowBounds(first int, lo, hi []float64) error
	})
	if !ok {
		return 0, nil, fmt.Errorf("%s: no SetRowBounds", m.backend.Name())
	}
	row, rhs := m.col.residRow, -loosenTCO2ePerYear/m.annual
	if !m.loaded { // loaded at the first solve, with these bounds
		m.prob.RowLo[row], m.prob.RowHi[row] = rhs, rhs
		defer func() { m.prob.RowLo[row], m.prob.RowHi[row] = 0, 0 }()
	} else if err := rs.SetRowBounds(row, []float64{rhs}, []float64{rhs}); err != nil {
		return 0, nil, err
	}
	defer func() { _ = rs.SetRowBounds(row, []float64{0}, []float64{0}) }()
	q := question{stage: stage, low: lowReduction, epsilon: math.NaN()}
	r, err := m.solve(q)
	if err != nil {
		return 0, nil, err
	}
	price, _ = m.shadowPrices(r, q)
	return m.moneyObjective(r) * m.annual, price, nil
}

// LimitFactor is g, the factor on every stage limit (Options.Margin and
// the plan's safety).
func LimitFactor(o Options) float64 { return o.limitFactor() }

// ShadowParts solves stage on m (low-carbon by its emissions row) and
// returns its shadow carbon price and the parts of it each stage row
// gives, from the reduced costs of R and of the rows' slack columns (a
// slack s with coefficient −1 in its row alone has d = y): low-carbon's
// emissions row (R's upper bound, −d_R), near-zero's core row (−1000·y,
// R's coefficient there 1000) and zero-carbon's offsets row (−y).
func ShadowParts(m *Model, stage dispatch.Stage) (price, low, core, zero float64, err error) {
	q := question{stage: stage, low: lowReduction, epsilon: math.NaN()}
	r, err := m.solve(q)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	p, _ := m.shadowPrices(r, q)
	if p == nil {
		return 0, 0, 0, 0, fmt.Errorf("no shadow price")
	}
	d := func(col int) float64 { return m.moneyReducedCost(r, col) }
	return *p, -d(m.col.resid), -1000 * d(m.col.sCore), -d(m.col.sZero), nil
}

// ConsumptionFloorTce is the least consumption over the period, tce, of
// any operation m's stage rows allow (Model.consumptionFloorTce).
func ConsumptionFloorTce(m *Model) float64 { return m.consumptionFloorTce() }
