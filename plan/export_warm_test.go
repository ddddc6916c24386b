package plan

import (
	"errors"
	"math"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
)

// ForceWarmStart makes Roadmap warm-start near-zero on any Model, from a
// design over periods typical periods of length; the returned function
// restores the defaults.
func ForceWarmStart(periods int, length time.Duration) (restore func()) {
	p, l, c := warmPeriods, warmLength, warmMinColumns
	rp, rl, rc := warmRepsPeriods, warmRepsLength, warmRepsMinColumns
	warmPeriods, warmLength, warmMinColumns = periods, length, 0
	warmRepsPeriods, warmRepsLength, warmRepsMinColumns = periods, length, 0
	return func() {
		warmPeriods, warmLength, warmMinColumns = p, l, c
		warmRepsPeriods, warmRepsLength, warmRepsMinColumns = rp, rl, rc
	}
}

// ForceWarmSlices makes Models over at least min chronological slices
// warm-start from half as many; the returned function restores the
// default.
func ForceWarmSlices(min int) (restore func()) {
	old := warmSlicesMin
	warmSlicesMin = min
	return func() { warmSlicesMin = old }
}

// Pinned solves m for stage with the added capacities pinned at pin
// (pinRows) and returns the additions, then stage with the pins free:
// its additions, and whether that solve hot-started primal simplex.
func Pinned(m *Model, stage dispatch.Stage, pin []float64) (pinned, free []float64, primal bool, err error) {
	if m.col.pin == nil {
		return nil, nil, false, errors.New("plan: the Model has no pin rows")
	}
	r, err := m.solve(question{stage: stage, pin: pin, epsilon: math.NaN()})
	if err != nil {
		return nil, nil, false, err
	}
	pinned = m.additions(r.X)
	r, err = m.solve(question{stage: stage, epsilon: math.NaN()})
	if err != nil {
		return nil, nil, false, err
	}
	return pinned, m.additions(r.X), m.primal, nil
}

// SolvePoint solves one frontier point on m, as Frontier asks it: the
// cheapest design whose annual residual is at most epsilon tCO2e (NaN: no
// bound), shedding no load (Frontier's cap where every design can serve
// all of it, as on the demos). On a fresh Model it is a cold solve.
func SolvePoint(m *Model, epsilonTCO2ePerYear float64) (*Design, error) {
	d, _, err := m.solvePoint(epsilonTCO2ePerYear/m.annual, &shedCap{})
	return d, err
}

// PointObjective solves one frontier point on m as [SolvePoint] does and
// returns the LP's optimal objective a year (money over the period × the
// period-to-year factor) and the point's marginal abatement cost, money
// per tCO2e (nil when the solve gives no dual): the objective is what the
// dual is the derivative of.
func PointObjective(m *Model, epsilonTCO2ePerYear float64) (perYear float64, mac *float64, err error) {
	r, err := m.solve(pointQuestion(epsilonTCO2ePerYear/m.annual, &shedCap{}))
	if err != nil {
		return 0, nil, err
	}
	return m.moneyObjective(r) * m.annual, m.marginalCostOf(r, m.col.resid), nil
}

// moneyObjective is r's objective less its tie-breaks (tieCostVector ·
// r.X): the money the prices read from the duals are the derivatives of.
func (m *Model) moneyObjective(r *lp.Result) float64 {
	v := r.Objective
	for j, c := range m.tieCostVector() {
		v -= c * r.X[j]
	}
	return v
}

// FrontierShedCap is the cap on unserved load (kWh over the period) and
// heat (kWh_th) Frontier puts on its least residual and every point after
// the first.
func FrontierShedCap(m *Model) (kWh, kWhTh float64, err error) {
	_, c, err := m.frontierLeast(pointQuestion(math.NaN(), nil))
	if err != nil {
		return 0, 0, err
	}
	return c.kWh, c.kWhTh, nil
}

// ForceOneRowFallback caps solveOneRow's dual simplex at no iteration, so
// that it falls back to primal simplex; the returned function restores it.
func ForceOneRowFallback() (restore func()) {
	n := oneRowIterations
	oneRowIterations = 0
	return func() { oneRowIterations = n }
}

// ForceFlatFallback caps solveFlat's unperturbed dual simplex at one
// iteration, so that it puts the perturbation back and goes on; the
// returned function restores it.
func ForceFlatFallback() (restore func()) {
	n := flatIterations
	flatIterations = 1
	return func() { flatIterations = n }
}

// FlatSolves is how many of m's solves went through solveFlat and how
// many of those fell back to the perturbation.
func FlatSolves(m *Model) (solves, fallbacks int) { return m.flatSolves, m.flatFallbacks }

// OneRowFallbacks is how often m's solveOneRow fell back to primal simplex.
func OneRowFallbacks(m *Model) int { return m.oneRowFallbacks }

// WarmPath is the start Roadmap's warm start gave near-zero: "cold",
// "pinned" (near-zero's rows) or "pinned-low" (low-carbon's rows).
func WarmPath(m *Model) string {
	return [...]string{warmNone: "cold", warmPinned: "pinned", warmPinnedLow: "pinned-low"}[m.warmPath]
}

// Calendar is m's series on the calendar, every period carrying its
// representative's values (the series themselves on a full-series Model):
// the total load (kW), the accounting factor (kgCO2e/kWh), the import
// price (currency/kWh; nil without one) and each PV array's and turbine's
// availability per unit.
func Calendar(m *Model) (load, factor, importPrice []float64, pv, wind [][]float64) {
	return m.cal.loadKW, m.cal.accounting, m.cal.importPrice, m.cal.unitPV, m.cal.unitWind
}
