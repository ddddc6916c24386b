package plan

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
)

// Today is today's park with nothing added: its cost-optimal dispatch
// over the period and nothing bought, the reference a roadmap's costs and
// avoided carbon are measured against. Its Target is "".
func (m *Model) Today() (*Design, error) {
	t0 := m.solveTime
	r, err := m.solve(question{today: true, epsilon: math.NaN()})
	if err != nil {
		return nil, err
	}
	d, err := m.design(r.X, "")
	return m.timed(d, t0), err
}

// timed sets d's solve time to the solver time since t0.
func (m *Model) timed(d *Design, t0 time.Duration) *Design {
	if d != nil {
		d.SolveSeconds = (m.solveTime - t0).Seconds()
	}
	return d
}

// Plan is the cheapest design that reaches stage: the added capacities,
// offsets and certificates that minimise the total cost per year with the
// stage's indicators as constraints (package documentation, "Stage
// rows"). dispatch.Conventional asks for the cheapest design with no
// target. Low-carbon is reached by a reduction of the emissions or by a
// renewable share of the electricity used: both are solved and the cheaper
// kept. A stage no design within the candidates' bounds reaches is an
// [*UnreachableError] naming the indicator that binds and the best value
// reachable. The design's schedule is judged by the ledger before it is
// returned.
func (m *Model) Plan(stage dispatch.Stage) (*Design, error) { return m.planAtLeast(stage, nil) }

// planAtLeast is Plan with every added capacity at least atLeast's (one
// per candidate; nil: no lower bound), a staged roadmap's stage
// (Options.Staged). A stage out of reach is diagnosed without those
// bounds.
func (m *Model) planAtLeast(stage dispatch.Stage, atLeast []float64) (*Design, error) {
	if stage.Rank() < 0 {
		return nil, inputErr("stage", string(stage), fmt.Sprintf("want one of %q", dispatch.Stages()))
	}
	t0 := m.solveTime
	best, err := m.cheapest(question{stage: stage, atLeast: atLeast, epsilon: math.NaN()})
	if err != nil {
		return nil, err
	}
	if best == nil {
		return nil, m.diagnose(stage, nil)
	}
	return m.timed(best, t0), nil
}

// cheapest solves q (for low-carbon, each of its two variants; for
// near-zero and zero-carbon on a split Model, each of its two bands) and
// returns the cheapest design the ledger grants q's stage (a settled
// design that falls below it only when no variant reaches it: better);
// nil, nil when every variant is infeasible. A design of bandBelow the
// ledger does not grant (its settled consumption crossed the line) is
// passed over for the other band's, which holds on either side.
func (m *Model) cheapest(q question) (*Design, error) {
	type variant struct{ low, band int }
	vs := []variant{{lowReduction, bandAny}}
	switch {
	case q.stage == dispatch.LowCarbon:
		vs = append(vs, variant{lowRenewable, bandAny})
	case q.stage.Rank() >= dispatch.NearZeroCarbon.Rank() && m.split():
		vs = append(vs, variant{lowReduction, bandBelow})
		if m.last.band == bandBelow {
			// Zero-carbon after near-zero: the band just solved first,
			// whose optimum it hot-starts from (hotStart).
			vs[0], vs[1] = vs[1], vs[0]
		}
	}
	var best *Design
	var missed error
	for _, v := range vs {
		q.low, q.band = v.low, v.band
		r, err := m.solve(q)
		if infeasible(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		carbon, cleanShare := m.shadowPrices(r, q) // read first: r is the solver's until its next solve
		d, err := m.design(r.X, q.stage)
		if errors.Is(err, ErrNotReached) && v.band == bandBelow {
			missed = err
			continue
		}
		if err != nil {
			return nil, err
		}
		d.ShadowCarbonPricePerTCO2e, d.ShadowCleanSharePricePerMWh = carbon, cleanShare
		if best == nil || better(d, best) {
			best = d
		}
	}
	if best == nil && missed != nil {
		return nil, missed
	}
	return best, nil
}

// better reports whether design d is to be kept over best: it reaches
// its target where best does not (a settled schedule may fall below it:
// Design.AtOnceIntervals), else it costs less (with a carbon price, its
// cost and carbon at that price: PricedCostPerYear).
func better(d, best *Design) bool {
	reach := func(d *Design) bool { return d.Stage.Reaches(d.Target) }
	if reach(d) != reach(best) {
		return reach(d)
	}
	return d.PricedCostPerYear() < best.PricedCostPerYear()
}

// Evaluate solves the cheapest operation of design d's capacities over
// this Model's period for d's target (the capacities fixed at d's,
// offsets and certificates still bought as needed). On a full-series
// Model it measures a design sized on representative periods against
// the full series: the difference in TotalCostPerYear is the reduced
// model's cost error, and an [*UnreachableError] says the design does not
// reach its stage over the full series. d must come from a Model of the
// same park and economics.
func (m *Model) Evaluate(d *Design) (*Design, error) { return m.evaluate(d, true) }

// EvaluateUndiagnosed is [Model.Evaluate] without the diagnosis of a
// design that misses its target: its [*UnreachableError] has only Stage
// and Bounds (Undiagnosed), found by the one solve that proves no
// operation of those capacities reaches the target. The diagnosis asks
// several more questions of the whole LP (the least unserved load, the
// least residual, the best carbon per unit energy by Dinkelbach's
// rounds): cheap on an hourly year, more than ten minutes on a
// 15-minute one.
func (m *Model) EvaluateUndiagnosed(d *Design) (*Design, error) { return m.evaluate(d, false) }

func (m *Model) evaluate(d *Design, diagnose bool) (*Design, error) {
	fixed, err := m.fixedOf(d)
	if err != nil {
		return nil, err
	}
	t0 := m.solveTime
	best, err := m.cheapest(question{stage: d.Target, fixed: fixed, epsilon: math.NaN()})
	if err != nil {
		return nil, err
	}
	if best == nil {
		if !diagnose {
			return nil, &UnreachableError{Stage: d.Target, Bounds: m.bounds(fixed), Undiagnosed: true}
		}
		return nil, m.diagnose(d.Target, fixed)
	}
	return m.timed(best, t0), nil
}

// fixedOf are design d's additions, one per candidate of this Model,
// checked against the candidates (the same assets and technologies, whole
// units where they are bought so, within the bounds): the capacities an
// evaluation fixes.
func (m *Model) fixedOf(d *Design) ([]float64, error) {
	if d == nil || len(d.Additions) != len(m.cands) {
		return nil, inputErr("design", nil, "not a design of this park's candidates")
	}
	fixed := make([]float64, len(m.cands))
	for i, cd := range m.cands {
		a := d.Additions[i]
		if a.Tech != cd.tech || a.Asset != cd.name {
			return nil, inputErr("design", a.Asset, "not a design of this park's candidates")
		}
		if err := m.checkWhole(i, a); err != nil {
			return nil, err
		}
		lim := techCosts(m.ccosts, cd.tech).MaxAdded()
		if !(a.Added >= 0 && a.Added <= lim*(1+1e-9)) {
			return nil, inputErr("design.Additions["+a.Asset+"].Added", a.Added,
				fmt.Sprintf("must be in [0, %g] %s, what %s may add", lim, a.Unit, cd.tech.key()))
		}
		fixed[i] = math.Min(a.Added, lim)
	}
	return fixed, nil
}

// EvaluatePoint solves the cheapest operation of design d's capacities
// over this Model's period with the residual at most epsilonPerYear
// tCO2e a year (NaN: no bound) and unserved load within the ledger's
// tolerance — with a bound, as the frontier's bounded points, no more
// than the least those capacities must leave —, offsets and certificates bought as the point's question
// buys them (none: a frontier point has no stage to buy): a frontier
// point's design ([FrontierPoint].Design, sized over representative
// periods or slices) measured over the full series at its own bound, as
// [Model.Evaluate] measures a roadmap's design at its stage. The
// difference in TotalCostPerYear is the reduced model's cost error at
// the point. When no operation of those capacities keeps the residual
// within the bound over this period the error is an [*OverBoundError]
// (unwrapping to [ErrOverBound]: the reduced model's design does not reach
// its point over the full series) with the least residual they do reach,
// one solve more (three where some load cannot be served at all: the
// least those capacities must leave, the point again, its least residual).
// Where they cannot keep unserved load within the ledger's tolerance at
// all, the error's Unserved says how close they come, and the design
// returned beside it is their cheapest operation without the tolerance
// or the bound.
// d must come from a Model of the same park and economics.
func (m *Model) EvaluatePoint(d *Design, epsilonPerYear float64) (*Design, error) {
	if !math.IsNaN(epsilonPerYear) && !(epsilonPerYear >= 0 && !math.IsInf(epsilonPerYear, 0)) {
		return nil, inputErr("epsilon", epsilonPerYear, "must be a residual ≥ 0 tCO2e a year, or NaN for no bound")
	}
	fixed, err := m.fixedOf(d)
	if err != nil {
		return nil, err
	}
	t0 := m.solveTime
	q := pointQuestion(epsilonPerYear/m.annual, nil)
	q.fixed = fixed
	if !math.IsNaN(epsilonPerYear) {
		// As the frontier's bounded points: no load left unserved beyond
		// the least these capacities must leave (frontierLeast), else the
		// bound is held by shedding, at a value of lost load the total
		// leaves out (QA, 2026-12-04: Texas over 504 slices, a point "held"
		// by leaving 4,131 kWh a year unserved).
		q.shed = &shedCap{}
	}
	answer := func(r *lp.Result, err error) (*Design, error) {
		if err != nil {
			return nil, err
		}
		out, err := m.pointDesign(r.X) // judged as the point was
		return m.timed(out, t0), err
	}
	r, err := m.solve(q)
	if !infeasible(err) {
		return answer(r, err)
	}
	oe := &OverBoundError{EpsilonTCO2ePerYear: epsilonPerYear, LeastTCO2ePerYear: math.NaN(), Bounds: m.bounds(fixed)}
	// gateMiss: not even the ledger's tolerance of unserved load can be
	// kept (QA, 2026-12-04: a frontier over an import limit the full
	// series cannot serve failed as "the residual at most NaN"). How
	// close the capacities come, and their cheapest operation without
	// the tolerance or a bound, load shed at the value of lost load,
	// beside the error (the design's warnings say what it sheds).
	gateMiss := func() (*Design, error) {
		open := q
		open.gate, open.shed, open.epsilon = false, nil, math.NaN()
		limit, err := m.leastShed(open)
		if err != nil {
			return nil, err
		}
		oe.Unserved = m.unservedText(limit)
		d, err := answer(m.solve(open))
		if err != nil {
			return nil, err
		}
		return d, oe
	}
	if q.shed == nil {
		return gateMiss() // no bound: only the gate can fail
	}
	// How far off: the least residual these capacities reach, serving
	// all the load (one solve: the common miss, as before the cap).
	least := func(shed *shedCap) error {
		lq := m.leastResidual(pointQuestion(math.NaN(), shed))
		lq.fixed = fixed
		lr, lerr := m.solve(lq)
		if lerr == nil {
			oe.LeastTCO2ePerYear = max(lr.X[m.col.resid], 0) * m.annual
		}
		return lerr
	}
	if lerr := least(q.shed); !infeasible(lerr) {
		return nil, oe
	}
	// Some load these capacities cannot serve at all: the least they must
	// leave is allowed, and the point asked again (two solves more).
	free := q
	free.epsilon = math.NaN()
	limit, serr := m.leastShed(free)
	if serr != nil {
		if infeasible(serr) {
			return gateMiss()
		}
		return nil, serr
	}
	q.shed = limit
	if r, err = m.solve(q); !infeasible(err) {
		return answer(r, err)
	}
	_ = least(limit) // NaN in oe when that fails too
	return nil, oe
}

// unservedText says how little load (and heat) limit leaves unserved,
// as shares against the ledger's tolerance (a shedCap of leastShed's,
// its hair included).
func (m *Model) unservedText(limit *shedCap) string {
	tol := 100 * m.opt.Ledger.UnservedToleranceShare * m.opt.limitFactor()
	var parts []string
	if m.k.loadKWh > 0 && limit.kWh > 0 {
		parts = append(parts, fmt.Sprintf("%.3g %% of the load", 100*limit.kWh/m.k.loadKWh))
	}
	if m.col.unsH >= 0 && m.k.heatLoadKWhTh > 0 && limit.kWhTh > 0 {
		parts = append(parts, fmt.Sprintf("%.3g %% of the heat load", 100*limit.kWhTh/m.k.heatLoadKWhTh))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("unserved load above %.3g %% of the load", tol)
	}
	return fmt.Sprintf("at best %s unserved, against %.3g %%", strings.Join(parts, " and "), tol)
}

// bounds describes the capacities a diagnosis allows: every candidate
// technology at most its bound, the others at today's capacity ("no PV"
// for none; on a pathway's milestone, the capacity "built by" the
// milestone before, Model.builtBy).
func (m *Model) bounds(fixed []float64) string {
	today := techTotals(m.park)
	names := []string{"PV", "wind", "battery energy", "battery power", "heat pump", "thermal storage", "electric boiler", "CHP", "fuel boiler",
		"grid import limit"}
	var parts []string
	for _, t := range Techs() {
		if (t == TechHeatPump || t == TechThermalStorage || t == TechElectricBoiler || t == TechCHP || t == TechFuelBoiler) &&
			!m.park.HasHeat() {
			continue
		}
		if !priced(m.ccosts, t) {
			continue // the grid when no candidate, not a lever: the message names the plan's levers
		}
		tc := techCosts(m.ccosts, t)
		switch {
		case fixed != nil:
			sum := today[t]
			for i, cd := range m.cands {
				if cd.tech == t {
					sum += fixed[i]
				}
			}
			parts = append(parts, fmt.Sprintf("%s %s %s", names[t], formatQty(sum), t.Unit()))
		case tc.Candidate():
			parts = append(parts, fmt.Sprintf("%s up to %s %s (its bound)", names[t], formatQty(tc.MaxTotal), t.Unit()))
		case today[t] == 0:
			parts = append(parts, "no "+names[t]) // not "at today's 0.0 kW"
		case m.builtBy != 0: // a pathway's milestone: the park as built by then
			parts = append(parts, fmt.Sprintf("%s at the %s %s built by %d", names[t], formatQty(today[t]), t.Unit(), m.builtBy))
		default:
			parts = append(parts, fmt.Sprintf("%s at today's %s %s", names[t], formatQty(today[t]), t.Unit()))
		}
	}
	return joinList(parts)
}

// formatQty prints a capacity with thousands separators and no decimals
// (one decimal under 10).
func formatQty(v float64) string {
	if math.Abs(v) < 10 {
		return fmt.Sprintf("%.1f", v)
	}
	s := fmt.Sprintf("%.0f", math.Abs(v))
	out := ""
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out += ","
		}
		out += string(c)
	}
	if v < 0 {
		out = "-" + out
	}
	return out
}

// joinList joins "a", "b" and "c" as "a, b and c".
func joinList(p []string) string {
	switch len(p) {
	case 0:
		return ""
	case 1:
		return p[0]
	}
	out := p[0]
	for _, s := range p[1 : len(p)-1] {
		out += ", " + s
	}
	return out + " and " + p[len(p)-1]
}

// fork is a Model that shares m's LP (read only from here on) and answers
// questions on a solver instance of its own, while m answers others: its
// first solve starts cold. Its solves count in m's statistics once
// joined.
func (m *Model) fork() (*Model, error) {
	f := *m
	p := *m.prob
	p.ColLo, p.ColHi, p.Cost = slices.Clone(p.ColLo), slices.Clone(p.ColHi), slices.Clone(p.Cost)
	f.prob = &p
	var err error
	if f.solver, err = m.backend.NewSolver(); err != nil {
		return nil, fmt.Errorf("plan: %s solver: %w", m.backend.Name(), err)
	}
	n := p.NumCols
	f.curLo, f.curHi, f.curCost = make([]float64, n), make([]float64, n), make([]float64, n)
	f.lo, f.hi = make([]float64, n), make([]float64, n)
	f.loaded, f.lastRank, f.solves, f.solveTime = false, -1, 0, 0
	f.last, f.primal, f.forkSolves, f.forkTime = question{}, false, 0, 0
	f.integral, f.node = p.IsMIP(), nil           // as its solver loads it
	f.nodeBases, f.nodeBasesFor = nil, question{} // bases of m's instance's searches are m's
	// Its own objective and regimes (reprice writes both): the fork's
	// first question starts from the guess's prices, as every question
	// does.
	f.segs = slices.Clone(m.segs)
	for k := range f.segs {
		f.segs[k].blk = m.segs[k].blk.Fork()
	}
	f.cost, f.repriced = slices.Clone(m.cost), true
	return &f, nil
}

// concurrently runs the job lists at once, the first on m and each other
// on a fork of m (Options.Working's instance: the list's index), every
// list in its order (so that each solve hot-starts from the one before it
// on the same instance), and returns their errors joined. The callers
// make one list when they run on one instance (Model.solvers,
// Model.frontierSolvers). Which instance answers which question is fixed,
// so the answers do not depend on timing.
func (m *Model) concurrently(lists ...func(*Model) error) error {
	m.instances = max(m.instances, len(lists))
	if len(lists) == 1 {
		return lists[0](m)
	}
	errs := make([]error, len(lists))
	forks := make([]*Model, len(lists))
	var wg sync.WaitGroup
	for i := 1; i < len(lists); i++ {
		f, err := m.fork()
		if err != nil {
			for _, f := range forks[1:i] {
				f.Close()
			}
			return err
		}
		f.inst = i
		forks[i] = f
	}
	for i := 1; i < len(lists); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = lists[i](forks[i])
		}()
	}
	errs[0] = lists[0](m)
	wg.Wait()
	// Stats sums solver time over the instances (not wall time).
	for _, f := range forks[1:] {
		m.addSolves(f)
		// What the fork's solves took (warmNearZero runs on one instance).
		m.warmPath = max(m.warmPath, f.warmPath)
		m.oneRowFallbacks += f.oneRowFallbacks
		f.Close()
	}
	return errors.Join(errs...)
}
