package plan

import (
	"fmt"
	"math"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
)

// ratio is a linear-fractional indicator N(x)/D(x) over the LP's columns:
// N = n·x + n0 and D = d·x + d0, with D > 0 on every plan (consumption,
// served load).
type ratio struct {
	n, d   []float64
	n0, d0 float64
}

func (q *ratio) eval(x []float64) (num, den float64) {
	num, den = q.n0, q.d0
	for j, v := range q.n {
		num += v * x[j]
	}
	for j, v := range q.d {
		den += v * x[j]
	}
	return num, den
}

// Dinkelbach's method stops when the ratio moves by less than this
// (relative), or after dinkelbachRounds solves.
const (
	dinkelbachTol    = 1e-6
	dinkelbachRounds = 20
)

// minRatio is the least value of q over the plans question q0 allows
// (Dinkelbach 1967: minimise N − λ·D and set λ to the ratio at the
// optimum until it stops moving; each round hot-starts from the last).
func (m *Model) minRatio(q0 question, q ratio) (float64, error) {
	v, _, err := m.minRatioAt(q0, q)
	return v, err
}

// minRatioAt is minRatio with the columns of the plan that reaches it.
func (m *Model) minRatioAt(q0 question, q ratio) (float64, []float64, error) {
	obj := make([]float64, len(m.cost))
	lambda := math.NaN()
	var x []float64
	for range dinkelbachRounds {
		l := lambda
		if math.IsNaN(l) {
			l = 0
		}
		for j := range obj {
			obj[j] = q.n[j] - l*q.d[j]
		}
		q0.objective = obj
		r, err := m.solve(q0)
		q0.again, q0.far = true, false // the next rounds hot-start from this one
		if err != nil {
			return math.NaN(), nil, err
		}
		num, den := q.eval(r.X)
		next := num / den
		x = append(x[:0], r.X...) // the next solve may reuse r.X
		if !math.IsNaN(lambda) && math.Abs(next-lambda) <= dinkelbachTol*math.Max(1, math.Abs(lambda)) {
			return next, x, nil
		}
		lambda = next
	}
	return lambda, x, nil
}

// leastResidual is question q minimising the residual instead of cost.
// With the capacities free its optimum lies far from any cost optimum,
// so it starts cold (question.far).
func (m *Model) leastResidual(q question) question {
	q.objective = m.vec(map[int]float64{m.col.resid: 1})
	q.far = !q.held()
	return q
}

// vec is a cost vector with the given entries.
func (m *Model) vec(entries map[int]float64) []float64 {
	v := make([]float64, len(m.cost))
	for j, x := range entries {
		v[j] += x
	}
	return v
}

// diagnosis is one indicator checked alone: its best value and whether
// that meets the stage's threshold.
type diagnosis struct {
	indicator       string
	best, threshold float64
	unit            string
	atMost          bool
}

func (g diagnosis) met() bool {
	if g.atMost {
		return g.best <= g.threshold
	}
	return g.best >= g.threshold
}

func (g diagnosis) text() string {
	op := "≥"
	if g.atMost {
		op = "≤"
	}
	return fmt.Sprintf("%s is at best %s %s against %s %s %s", g.indicator, formatFigure(g.best), g.unit, op, formatFigure(g.threshold), unitHead(g.unit))
}

// unitHead is the unit of a figure without what it is of ("% of the heat
// load" → "%"), written after a threshold: "7.8 % of the heat load
// against ≤ 0.2 %", where "≤ 0.2" read as a fraction would be 20 % (QA N,
// session 37).
func unitHead(unit string) string {
	head, _, _ := strings.Cut(unit, " ")
	return head
}

// diagnose explains why stage is out of reach, with the added capacities
// fixed at fixed (nil: every candidate up to its bound). It checks the
// stage's indicators one at a time, each with the others off (the
// unserved-load gate on, except for itself): the first that cannot be met
// is the one that binds; when each can be met alone the error says they
// cannot be met together.
func (m *Model) diagnose(stage dispatch.Stage, fixed []float64) error {
	led, c := &m.opt.Ledger, &m.col
	mg := 1 - m.opt.Margin
	var found []diagnosis
	var sides *CarbonSides
	var large [3]float64 // the best operation's tce a year, the large-park line, its limit (UnreachableError)
	check := func(g diagnosis) {
		if !g.met() {
			found = append(found, g)
		}
	}
	// Unserved load, alone: the least unserved energy.
	base := question{stage: dispatch.Conventional, fixed: fixed, epsilon: math.NaN()}
	q := base
	q.objective = m.vec(map[int]float64{c.unsE: 1})
	r, err := m.solve(q)
	if err != nil {
		return err
	}
	check(diagnosis{"unserved load", 100 * r.X[c.unsE] / m.k.loadKWh, 100 * led.UnservedToleranceShare * mg, "% of the load", true})
	if c.unsH >= 0 && m.k.heatLoadKWhTh > 0 {
		// Heat, alone: the least unserved heat (the gate holds both
		// shares, so the questions below would be infeasible without it).
		q.objective = m.vec(map[int]float64{c.unsH: 1})
		r, err = m.solve(q)
		if err != nil {
			return err
		}
		check(diagnosis{"unserved heat", 100 * r.X[c.unsH] / m.k.heatLoadKWhTh, 100 * led.UnservedToleranceShare * mg, "% of the heat load", true})
	}
	gated := base
	gated.gate = true
	if len(found) == 0 && stage.Rank() < dispatch.NearZeroCarbon.Rank() {
		// Low-carbon's indicators are not near-zero's (the ledger grants
		// near-zero without them: package documentation, "Stage rows").
		if err := m.diagnoseLow(stage, gated, check); err != nil {
			return err
		}
	}
	if len(found) == 0 && stage.Rank() >= dispatch.NearZeroCarbon.Rank() {
		// The core indicator: the least carbon per unit energy.
		den := map[int]float64{} // the consumption, kgce
		for _, t := range c.consumption(led.KgcePerKWh, 1) {
			den[t.col] = t.v
		}
		core0 := ratio{n: m.vec(map[int]float64{c.resid: 1000}), d: m.vec(den)}
		// Its first round (λ = 0) is the least residual, far from any
		// cost optimum: cold, as leastResidual's (the rounds after it
		// hot). Low-carbon's least residual, which it followed when
		// near-zero's rows included low-carbon's, no longer warms it up:
		// hot from the least unserved heat's basis the greensboro-heat
		// demo's 12-week plan (`zeropark plan --demo greensboro-heat
		// --periods 12 --period-length 168h --no-check`, near-zero out of
		// reach) took 27–30 s of user time against 18–20 s before, cold
		// 19–20 s (by hand, 2 shared cores, 2026-12-02).
		core := gated
		core.far = !core.held()
		best, bx, err := m.minRatioAt(core, core0)
		if err != nil {
			return err
		}
		_, kgce := core0.eval(bx)
		tce := kgce / 1000 * m.annual // the best operation's consumption, tce a year
		planned := m.carbonPerTceMax()
		limit := planned
		if m.split() {
			// The large parks' limit is the stricter: the ledger's limit
			// for the best operation's own consumption.
			limit = led.CarbonPerTceMaxAt(tce)
		}
		g := diagnosis{dispatch.IndicatorCarbonPerTce, best, limit * mg, "tCO2/tce", true}
		check(g)
		if !g.met() && planned < led.CarbonPerTceMaxLarge && tce >= led.LargeParkTcePerYear {
			large = [3]float64{tce, led.LargeParkTcePerYear, led.CarbonPerTceMaxLarge * mg}
		}
		if !g.met() && c.heatKgce >= 0 {
			// On a park with heat, which side binds: the grid import's
			// carbon or the heat side's (package documentation,
			// "Unreachable stages").
			if sides, err = m.carbonSides(core, core0, bx, g.threshold); err != nil {
				return err
			}
		}
	}
	e := &UnreachableError{Stage: stage, Bounds: m.bounds(fixed), Sides: sides}
	if len(found) > 0 && found[0].indicator == dispatch.IndicatorCarbonPerTce {
		e.BestTcePerYear, e.LargeParkLineTcePerYear, e.LargeParkThreshold = large[0], large[1], large[2]
	}
	if len(found) == 0 {
		e.Jointly = true
		return e
	}
	g := found[0]
	e.Indicator, e.Best, e.Threshold, e.Unit, e.AtMost = g.indicator, g.best, g.threshold, g.unit, g.atMost
	for _, o := range found[1:] {
		e.Also = append(e.Also, o.text())
	}
	return e
}

// diagnoseLow checks low-carbon's indicators with unserved load at the
// gate: the reduction against the baseline (the least residual) and, for
// low-carbon itself, which either suffices, the renewable share of the
// served load. check records what is out of reach.
func (m *Model) diagnoseLow(stage dispatch.Stage, gated question, check func(diagnosis)) error {
	led, mg := &m.opt.Ledger, 1-m.opt.Margin
	r, err := m.solve(m.leastResidual(gated))
	if err != nil {
		return err
	}
	reduction := diagnosis{"the reduction of emissions against the business-as-usual baseline", 100 * (1 - 1000*r.X[m.col.resid]/m.k.baselineKg),
		100 * (1 - (1-led.LowCarbonReductionMin)*mg), "%", false}
	if stage != dispatch.LowCarbon {
		check(reduction)
		return nil
	}
	share, err := m.bestRenewableShare(gated)
	if err != nil {
		return err
	}
	// The row's conservative share counts the energy stored at the start
	// (and CHP electricity) as grid energy besides the import, so it may
	// fall a little below 0 where little is used; a share is never below
	// 0 (QA, December 2026: "at best -83.9 %", when it counted the heat
	// pumps' import against the electric load alone).
	renewable := diagnosis{"the renewable share of the electricity used (grid energy and energy stored at the start counted as grid)",
		100 * math.Max(share, 0), 100 * (1 - (1-led.LowCarbonRenewableShareMin)*mg), "%", false}
	if !reduction.met() && !renewable.met() {
		check(reduction)
		check(renewable)
	}
	return nil
}

// bestRenewableShare is the highest conservative renewable share of the
// electricity used the plans of q allow: 1 − (import + energy stored at
// the start) / (served load + the heat converters' draw), the bound the
// low-carbon row holds.
func (m *Model) bestRenewableShare(q question) (float64, error) {
	c := &m.col
	num := map[int]float64{c.impE: 1}
	if c.chpE >= 0 {
		num[c.chpE] = 1 // CHP electricity is traced as grid origin
	}
	for bi, bat := range m.park.Batteries {
		num[m.startCol(bi)] += 1
		if ci := m.candOf(TechBatteryEnergy, bi); ci >= 0 {
			num[c.add[ci]] += bat.MinSoCFraction
		}
	}
	den := map[int]float64{c.unsE: -1}
	if c.convE >= 0 {
		den[c.convE] = 1
	}
	r := ratio{n: m.vec(num), n0: m.k.minKWh, d: m.vec(den), d0: m.k.loadKWh}
	v, err := m.minRatio(q, r)
	return 1 - v, err
}

// heatCarbonVec is the heat side's carbon over the period, kgCO2e, as a
// vector over the columns: the fuel burnt and the heat bought
// (heatCarbon's terms, weighted as the totals are).
func (m *Model) heatCarbonVec() []float64 {
	v := make([]float64, len(m.cost))
	for k := range m.segs {
		w, dt := m.segs[k].weight, m.segs[k].prof.Step.Hours()
		for t := range m.segs[k].blk.Steps() {
			m.heatCarbon(k, t, func(c int, x float64) { v[c] += 1000 * w * dt * x })
		}
	}
	return v
}

// carbonSides splits the carbon per unit energy of ratio q (the core
// indicator's, out of reach), whose best plan over question core is bx,
// between the grid import and the heat side: each one's carbon over the
// consumption at bx, and each one's least alone (Dinkelbach over core,
// the other's carbon not counted), against threshold, the diagnosis'.
func (m *Model) carbonSides(core question, q ratio, bx []float64, threshold float64) (*CarbonSides, error) {
	heat := ratio{n: m.heatCarbonVec(), d: q.d}
	grid := ratio{n: append([]float64(nil), q.n...), d: q.d}
	for j, v := range heat.n {
		grid.n[j] -= v // 1000·R is the grid import's carbon plus the heat side's
	}
	s := &CarbonSides{ThresholdTCO2PerTce: threshold}
	hn, den := heat.eval(bx)
	gn, _ := grid.eval(bx)
	s.GridTCO2PerTceAtBest, s.HeatTCO2PerTceAtBest = gn/den, hn/den
	var err error
	if s.GridBestTCO2PerTce, err = m.minRatio(core, grid); err != nil {
		return nil, err
	}
	if s.HeatBestTCO2PerTce, err = m.minRatio(core, heat); err != nil {
		return nil, err
	}
	for _, v := range []*float64{&s.GridTCO2PerTceAtBest, &s.HeatTCO2PerTceAtBest, &s.GridBestTCO2PerTce, &s.HeatBestTCO2PerTce} {
		if math.Abs(*v) < 1e-9 {
			*v = 0 // rounding's, not carbon: no "1.5e-16" in the message
		}
	}
	return s, nil
}
