package plan

import (
	"math"

	"github.com/zeropark/zeropark/dispatch"
)

// PlanAtLeast is planAtLeast: stage's cheapest design with every added
// capacity at least atLeast's (a staged roadmap's question).
func PlanAtLeast(m *Model, stage dispatch.Stage, atLeast []float64) (*Design, error) {
	return m.planAtLeast(stage, atLeast)
}

// AtLeastBounds writes the bounds of stage's question with the lower
// bounds atLeast (setBounds) and returns, per candidate, those of its
// addition and of its count of whole units (NaN without a unit size).
func AtLeastBounds(m *Model, stage dispatch.Stage, atLeast []float64) (addLo, addHi, countLo, countHi []float64) {
	m.setBounds(question{stage: stage, atLeast: atLeast, epsilon: math.NaN()})
	for i, col := range m.col.add {
		addLo, addHi = append(addLo, m.lo[col]), append(addHi, m.hi[col])
		lo, hi := math.NaN(), math.NaN()
		if n := m.col.unit[i]; n >= 0 {
			lo, hi = m.lo[n], m.hi[n]
		}
		countLo, countHi = append(countLo, lo), append(countHi, hi)
	}
	return addLo, addHi, countLo, countHi
}

// StepInvestments is stepInvestments.
func StepInvestments(stages []*Design) { stepInvestments(stages) }
