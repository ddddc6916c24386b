package plan

import (
	"fmt"
	"math"
	"sync"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
)

// FrontierPoint is the cheapest design whose annual residual is at most
// EpsilonTCO2ePerYear.
type FrontierPoint struct {
	// EpsilonTCO2ePerYear is the bound on the residual (negative
	// accounting rates counted as 0, as in every stage row) the point was
	// solved with; where the ledger's sum of the design's residual comes
	// out above it by rounding or the solver's tolerance (at most the
	// hair below), it is raised to that residual, so that
	// Design.ResidualTCO2ePerYear ≤ EpsilonTCO2ePerYear holds but for a
	// design the ledger settled (Design.AtOnceIntervals > 0: a battery
	// charged and discharged at once), whose residual may be above by
	// more; `zeropark plan frontier --out` writes no park for such a point.
	// The last point's bound is the least residual plus a hair (1e-7 of
	// the frontier's span, at least 1e-7 tCO2e over the period) that the
	// solver's tolerance might otherwise refuse: where the least residual
	// is 0 its design may keep that hair of residual (0.01 kgCO2e over
	// two weeks of the texas2012 demo), and the ledger, which grants
	// zero-carbon only to a residual fully offset, ranks it
	// near-zero-carbon unless the offsets held cover it.
	EpsilonTCO2ePerYear float64
	// Design is the cheapest design within it; its Stage is what the
	// ledger grants (with the offsets held, none bought). Its Park, as a
	// stage's design's, requires the clean share in its stage_thresholds
	// where the plan does and the park file does not (Design.Park), and is
	// judged so: `zeropark run` of it (`plan frontier --out` writes it as
	// park-point-K.json) judges it by the same ledger.
	Design *Design
	// MarginalCostPerTCO2e is the marginal abatement cost at the point,
	// in the park's currency per tCO2e: what the cheapest design's cost
	// a year rises by per tCO2e a year the bound tightens. It is −d, d
	// the reduced cost of the residual column at the point's optimum
	// (the shadow price of its upper bound ε; lp.Result.ReducedCost,
	// d = c − Aᵀy, ≤ 0 at an upper bound that binds). The objective is
	// money over the period and the residual tCO2e over the period, so
	// the period-to-year factor cancels. It is the derivative of the
	// LP's objective ("The LP" in the package documentation), which is
	// the point's total cost but for: import priced at max(price, 0)
	// where the ledger pays a negative price; the dispatch's tie-breaks
	// (at least 1e-4 a kWh imported or exported, 1e-4 a kWh through a
	// battery, 5e-5 a kWh of PV and wind taken:
	// about 0.3 per tCO2e less where a kWh of PV displaces a kWh imported
	// at 0.5 kg/kWh, TestFrontierMarginalCostHand); the value of lost load
	// on unserved load, within the frontier's cap; and with Valued storage
	// the credit for the energy left stored. A settled schedule's figures
	// (Design.AtOnceIntervals) are not the LP's either. 0 is a real 0:
	// the bound does not bind. Between points it is bounded by the
	// secants of the LP's optimum (convexity: the secant from the point
	// before ≤ it ≤ the secant to the next); at a kink, where the design
	// changes, it is one value between the slopes on either side
	// (TestFrontierMarginalCost). nil at either end of the frontier and
	// where no dual is defined. Point 0, the cheapest design, is solved
	// with no bound on the residual (its ε is that design's residual; a
	// bound put there binds with any dual between 0 and the slope towards
	// point 1, so none describes it). The last point, the least residual,
	// sits at the edge of what the bounds reach (ε a hair above it): its
	// dual is the slope of the frontier's last hair, any value at or above
	// the secant from the point before, the cost of the last tonnes any
	// design can still abate rather than an abatement cost of the design
	// (plan/doc.go, "Cost–carbon frontier", has a measured case). A design in whole units (a
	// mixed-integer program has no duals: lp.Result.ReducedCost NaN) and a
	// solver that gives no reduced costs have none at any point.
	MarginalCostPerTCO2e *float64
}

// Frontier is the cost–carbon frontier: total cost per year against the
// residual, from the cheapest design with no target down to the least
// residual any design within the candidates' bounds reaches.
type Frontier struct {
	Points []FrontierPoint
	// Today is today's park, nothing added (to mark on a plot).
	Today *Design
	// MinResidualTCO2ePerYear is the least residual the solver reaches
	// (negative rates as 0; solver noise within 1e-9 tCO2e of 0 reported
	// as 0, never −0), within its tolerance; the last point's bound sits a
	// hair above it (FrontierPoint.EpsilonTCO2ePerYear).
	MinResidualTCO2ePerYear float64
	// Reduction describes the representative periods (nil: the full
	// series).
	Reduction *Reduction
}

// Frontier traces the cost–carbon frontier by the ε-constraint method on
// the annual residual, over points evenly spaced residual bounds (0 means
// Options.FrontierPoints; at least 2): the first is the residual of the
// cheapest design with no stage target, the last the least residual the
// solver reaches with every candidate up to its bound, within its
// tolerance (a hair above it: see FrontierPoint). Every point limits
// unserved load to the ledger's tolerance and the least residual and every
// point after the first to the least unserved load any design within the
// bounds leaves, none where all of it can be served (frontierLeast): the
// frontier buys carbon by building and operating, never by shedding load,
// whose value of lost load a point's total leaves out. Every point changes only the
// residual column's bound, so each hot-starts from the one before it on
// its instance; the least residual, far from any cost optimum, starts
// cold (coldFor). With one solver
// instance (the default, Options.Solvers 0 or 1) the points follow one
// another from the top; with two (Options.Solvers = 2) one finds the
// cheapest design and walks down to the middle, the other finds the least
// residual and walks up to it. Cost is non-increasing and convex in the
// bound (the value function of a parametric LP's right-hand side).
func (m *Model) Frontier(points int) (*Frontier, error) {
	if points == 0 {
		points = m.opt.FrontierPoints
	}
	if points < 2 || points > MaxFrontierPoints {
		return nil, inputErr("points", points, fmt.Sprintf("must be in [2, %d]", MaxFrontierPoints))
	}
	if p := m.opt.CarbonPricePerTCO2e; p > 0 {
		// Priced, a point would stop short of its bound wherever the price
		// beats the cost of the last tCO2e: no longer the least cost at it.
		return nil, inputErr("Options.CarbonPricePerTCO2e", p, "the frontier trades cost against carbon itself "+
			"(its marginal cost is the carbon price at each point): plan it with no carbon price")
	}
	free := pointQuestion(math.NaN(), nil)
	// shed bounds the unserved load of the least residual and of every
	// point after the first (frontierLeast); set by lowest.
	var shed *shedCap
	// top and bottom are the residuals (period tCO2e) of the cheapest
	// design and of the least residual; each instance needs both before
	// its first point.
	var top, bottom float64
	var first *Design
	var today *Design
	designs := make([]*Design, points)
	// macs[i] is point i's marginal abatement cost (nil for point 0; the
	// last point's is dropped).
	macs := make([]*float64, points)
	// hair is how far above the least residual the last bound sits (period
	// tCO2e): the solver's tolerance might otherwise refuse the least
	// residual itself.
	hair := func() float64 { return 1e-7 * math.Max(1, math.Abs(top-bottom)) }
	epsilon := func(i int) float64 {
		floor := bottom + hair()
		return top + (floor-top)*float64(i)/float64(points-1)
	}
	point := func(m *Model, i int) error {
		m.working(fmt.Sprintf("frontier point %d of 0–%d", i, points-1))
		defer m.tick()
		var err error
		if designs[i], macs[i], err = m.solvePoint(epsilon(i), shed); err != nil && designs[i] == nil {
			return fmt.Errorf("plan: frontier point %d (residual ≤ %g tCO2e a year): %w", i, epsilon(i)*m.annual, err)
		}
		return err
	}
	lowest := func(m *Model) error {
		m.working("the least residual")
		defer m.tick()
		r, limit, err := m.frontierLeast(free)
		if infeasible(err) {
			return m.diagnose(dispatch.Conventional, nil)
		}
		if err == nil {
			// The column is ≥ 0; the solver may return −0 or −1e-12.
			bottom, shed = max(clean(r.X[m.col.resid]), 0), limit
		}
		return err
	}
	cheapest := func(m *Model) error {
		m.working(fmt.Sprintf("frontier point 0 of 0–%d, the cheapest design", points-1))
		defer m.tick()
		t0 := m.solveTime
		r, err := m.solve(free)
		if err != nil {
			return err
		}
		top = r.X[m.col.resid]
		d, err := m.pointDesign(r.X)
		first = m.timed(d, t0)
		return err
	}
	// The least residual, the cheapest design, the other points and
	// today's park.
	m.startProgress(FrontierSolves(points))
	defer m.endProgress()
	var err error
	if m.frontierSolvers() == 1 {
		// The least residual first, then the cheapest design (the first
		// point); the points then step down from it. Today's park,
		// capacities fixed, last.
		err = m.concurrently(func(m *Model) error {
			if err := lowest(m); err != nil {
				return err
			}
			if err := cheapest(m); err != nil {
				return err
			}
			for i := 1; i < points; i++ {
				if err := point(m, i); err != nil {
					return err
				}
			}
			var err error
			m.working("today's park")
			today, err = m.Today()
			m.tick()
			return err
		})
	} else {
		// Both ends at once, then each instance walks its half of the
		// points from its end: the cheapest design's down to the middle,
		// the least residual's up to it (on the demo's full year this beat
		// both walking down, the second from two thirds of the way: 62 s
		// against 70 s). Today's park on the first.
		half := (points + 1) / 2
		var ends sync.WaitGroup // both ends found (or failed)
		ends.Add(2)
		var endErr [2]error
		walk := func(m *Model, k int, end func(*Model) error, from, to, step int) error {
			endErr[k] = end(m)
			ends.Done()
			ends.Wait()
			if endErr[0] != nil || endErr[1] != nil {
				return endErr[k]
			}
			for i := from; i != to; i += step {
				if err := point(m, i); err != nil {
					return err
				}
			}
			return nil
		}
		err = m.concurrently(
			func(m *Model) error {
				if err := walk(m, 0, cheapest, 1, half, 1); err != nil {
					return err
				}
				var err error
				m.working("today's park")
				today, err = m.Today()
				m.tick()
				return err
			},
			func(m *Model) error { return walk(m, 1, lowest, points-1, half-1, -1) },
		)
	}
	if err != nil {
		return nil, err
	}
	f := &Frontier{MinResidualTCO2ePerYear: bottom * m.annual, Reduction: m.red, Today: today}
	designs[0] = first
	// The least residual's dual is the slope at the edge of what is
	// reachable, not an abatement cost (FrontierPoint.MarginalCostPerTCO2e).
	macs[points-1] = nil
	for i, d := range designs {
		f.Points = append(f.Points, FrontierPoint{EpsilonTCO2ePerYear: reported(epsilon(i)*m.annual, d, hair()*m.annual), Design: d,
			MarginalCostPerTCO2e: macs[i]})
	}
	return f, nil
}

// reported is the bound a frontier point reports (tCO2e a year): the bound
// used, raised to design d's residual where the ledger's sum exceeds it by
// no more than tol (rounding, the solver's tolerance). A larger excess is
// left to show.
func reported(usedTCO2ePerYear float64, d *Design, tolTCO2ePerYear float64) float64 {
	if r := d.ResidualTCO2ePerYear; r > usedTCO2ePerYear && r <= usedTCO2ePerYear+tolTCO2ePerYear {
		return r
	}
	return usedTCO2ePerYear
}

// solvePoint solves a frontier point, the cheapest design with the
// residual at most epsilon and unserved load within shed
// (pointQuestion), timed, with its marginal abatement cost
// (FrontierPoint.MarginalCostPerTCO2e). An error from the ledger's
// judgement comes with the design; a solver error without.
func (m *Model) solvePoint(epsilon float64, shed *shedCap) (*Design, *float64, error) {
	t0 := m.solveTime
	r, err := m.solve(pointQuestion(epsilon, shed))
	if err != nil {
		return nil, nil, err
	}
	// Read first: r is the solver's until its next solve.
	mac := m.marginalCostOf(r, m.col.resid)
	d, err := m.pointDesign(r.X)
	return m.timed(d, t0), mac, err
}

// pointQuestion is a frontier point's question: the cheapest design with
// the residual at most epsilon (tCO2e over the period; NaN for no bound)
// and unserved load within the ledger's tolerance and within shed (nil:
// the tolerance alone, the cheapest design's question).
func pointQuestion(epsilon float64, shed *shedCap) question {
	return question{stage: dispatch.Conventional, gate: true, epsilon: epsilon, shed: shed}
}

// shedCap bounds unserved load (kWh over the period) and unserved heat
// (kWh_th) below the ledger's gate (question.shed).
type shedCap struct{ kWh, kWhTh float64 }

// shedLimit is a shedCap's bound on one carrier, leastKWh the least
// unserved energy reachable (kWh or kWh_th over the period, of a load of
// loadKWh). Where that least is not 0 the bound is the least and a hair,
// 1e-7 of the load: the solver's tolerance on the least it reported (0.1
// kWh on a six-week park of 1.15 GWh). Where it is 0 (the solver's −0 or
// 1e-12 too: clean), as where the heat must go short but all of the
// electric load can be served, the bound is 0 and no hair: a hair there
// bought the residual's own hair of a frontier with nothing to build by
// shedding at the peak (5 of 1,989,250 a year cheaper).
func shedLimit(leastKWh, loadKWh float64) float64 {
	if clean(leastKWh) <= 0 {
		return 0
	}
	return leastKWh + 1e-7*math.Max(1, loadKWh)
}

// frontierLeast is the frontier's least residual, question q's (the
// cheapest design's, with the unserved-load gate) minimising the residual
// instead of cost, with no more unserved load and heat than the least any
// design within the bounds leaves: none, where every design can serve all
// of it (one solve, as before), else the least reachable (two solves
// more: that least, then the residual). The ledger tolerates unserved load
// up to a share of the load, and the LP prices it at the value of lost
// load, which a point's total leaves out: a frontier free to shed load
// within the tolerance reached a lower residual by shedding (10,000 kWh a
// year, 5.3 tCO2e, on a six-week hourly park) and, on a park with no
// candidate, costs that fell as the bound tightened. It returns the cap
// for the points too.
func (m *Model) frontierLeast(q question) (*lp.Result, *shedCap, error) {
	limit := &shedCap{}
	low := m.leastResidual(q)
	low.shed = limit
	r, err := m.solve(low)
	if !infeasible(err) {
		return r, limit, err
	}
	// Some load cannot be served (a grid import limit, say): the least
	// unserved load and heat within the gate (infeasible: the gate cannot
	// be met, which the caller diagnoses).
	if limit, err = m.leastShed(q); err != nil {
		return nil, nil, err
	}
	low.shed = limit
	r, err = m.solve(low)
	return r, limit, err
}

// leastShed is the least unserved load and heat question q's bounds
// leave (within the ledger's gate; q's own shed cap and objective
// ignored), as the shedCap that holds a frontier point to it: one solve,
// minimising the unserved energy. Infeasible when not even the gate can
// be met.
func (m *Model) leastShed(q question) (*shedCap, error) {
	c := &m.col
	least := q
	least.far, least.shed = true, nil
	unserved := map[int]float64{c.unsE: 1}
	if c.unsH >= 0 {
		unserved[c.unsH] = 1
	}
	least.objective = m.vec(unserved)
	u, err := m.solve(least)
	if err != nil {
		return nil, err
	}
	limit := &shedCap{kWh: shedLimit(u.X[c.unsE], m.k.loadKWh)}
	if c.unsH >= 0 {
		limit.kWhTh = shedLimit(u.X[c.unsH], m.k.heatLoadKWhTh)
	}
	return limit, nil
}
