package plan

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/dispatch"
)

// FrontierPoint is the cheapest design whose annual residual is at most
// EpsilonTCO2ePerYear.
type FrontierPoint struct {
	// EpsilonTCO2ePerYear is the bound on the residual (negative
	// accounting rates counted as 0, as in every stage row).
	EpsilonTCO2ePerYear float64
	// Design is the cheapest design within it; its Stage is what the
	// ledger grants (with the offsets held, none bought).
	Design *Design
}

// Frontier is the cost–carbon frontier: total cost per year against the
// residual, from the cheapest design with no target down to the least
// residual any design within the candidates' bounds reaches.
type Frontier struct {
	Points []FrontierPoint
	// Today is today's park, nothing added (to mark on a plot).
	Today *Design
	// MinResidualTCO2ePerYear is the least residual reachable (negative
	// rates as 0), the frontier's last point.
	MinResidualTCO2ePerYear float64
	// Reduction describes the representative periods (nil: the full
	// series).
	Reduction *Reduction
}

// Frontier traces the cost–carbon frontier by the ε-constraint method on
// the annual residual, over points evenly spaced residual bounds (0 means
// Options.FrontierPoints; at least 2): the first is the residual of the
// cheapest design with no stage target, the last the least residual
// reachable with every candidate up to its bound. Every point limits
// unserved load to the ledger's tolerance. All solves share one solver
// instance and change only the residual column's bound, so each
// hot-starts from the last. Cost is non-decreasing and convex in the bound
// (the value function of a parametric LP's right-hand side).
func (m *Model) Frontier(points int) (*Frontier, error) {
	if points == 0 {
		points = m.opt.FrontierPoints
	}
	if points < 2 || points > MaxFrontierPoints {
		return nil, inputErr("points", points, fmt.Sprintf("must be in [2, %d]", MaxFrontierPoints))
	}
	today, err := m.Today()
	if err != nil {
		return nil, err
	}
	free := question{stage: dispatch.Conventional, gate: true, epsilon: math.NaN()}
	r, err := m.solve(free)
	if infeasible(err) {
		return nil, m.unreachable(dispatch.Conventional)
	}
	if err != nil {
		return nil, err
	}
	top := r.X[m.col.resid]
	low := free
	low.objective = m.vec(map[int]float64{m.col.resid: 1})
	if r, err = m.solve(low); err != nil {
		return nil, err
	}
	bottom := r.X[m.col.resid]
	f := &Frontier{Today: today, MinResidualTCO2ePerYear: bottom * m.annual, Reduction: m.red}
	// The last bound sits a hair above the least residual, which the
	// solver's tolerance might otherwise refuse.
	floor := bottom + 1e-7*math.Max(1, math.Abs(top-bottom))
	for i := range points {
		eps := top + (floor-top)*float64(i)/float64(points-1)
		q := free
		q.epsilon = eps
		r, err := m.solve(q)
		if err != nil {
			return nil, fmt.Errorf("plan: frontier point %d (residual ≤ %g tCO2e a year): %w", i, eps*m.annual, err)
		}
		d, err := m.design(r.X, "")
		if err != nil {
			return nil, err
		}
		f.Points = append(f.Points, FrontierPoint{EpsilonTCO2ePerYear: eps * m.annual, Design: d})
	}
	return f, nil
}
