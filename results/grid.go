package results

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
)

// GridQuery asks a sweep table for one KPI over two of its parameters.
type GridQuery struct {
	// X and Y are the parameter columns across and up (--vary paths).
	X, Y string
	// KPI is the column of the cells; "" means offsets_needed_tco2e.
	KPI string
	// Fix holds values for varied parameters other than the two axes.
	// Every such parameter not in Fix is held at its value in the row
	// with the lowest KPI among the rows that match Fix (ties: the first
	// row), so the grid is the slice through the best combination: the
	// lowest-offset one by default, the cheapest with KPI
	// total_cost_per_year.
	Fix map[string]float64
	// Policy keeps only the rows of that policy; needed when the table
	// holds several.
	Policy string
}

// Grid is a KPI over two parameters of a sweep, the others held fixed:
// cell (c, r) is at X value Xs[c], Y value Ys[r] (ascending; +Inf, an
// unlimited grid limit, last). A combination without a row has a NaN
// value and no stage.
type Grid struct {
	X, Y, KPI, Policy string
	Xs, Ys            []float64
	Values            [][]float64 // [c][r]
	Stages            [][]dispatch.Stage
	// Sheds marks the cells whose row leaves more of the load unserved
	// than the ledger's tolerance ([RowSheds]): ranked for no stage, so
	// never Cheapest, however cheap (QA, 2026-12-05: a picture passed
	// over the cheaper cell beside its mark without a word).
	Sheds [][]bool
	// Held are the values the other parameters were held at because they
	// were not in the query's Fix (chosen through the best row).
	Held map[string]float64
	// Fixed are the query's Fix: with Held, where the grid slices the
	// sweep (both empty when only two parameters vary).
	Fixed map[string]float64
	// Cheapest marks, for each stage some cell reaches (as it is or by
	// buying: [RowStageCosts]), the cell of least cost at that stage (its
	// cost_to_… column; ties: the lower combination, as [Cheapest]);
	// empty when the rows have no costs (a park without economics). It
	// ranks the grid's cells only: see CheapestCell.SweepWide and
	// Elsewhere for the whole sweep.
	Cheapest []CheapestCell
	// StageCosts: Cheapest ranks on each stage's cost (the file's
	// cost_to_… columns); false for a file written before them, ranked on
	// total_cost_per_year ([Table.StageCosts]).
	StageCosts bool
	// Elsewhere are, for the stages whose cheapest row of the whole sweep
	// (of the policy, whatever Fix and Held) lies outside this slice,
	// that row; empty when the grid is the whole sweep.
	Elsewhere []SweepCheapest
	// OffsetsHeldTCO2e are the offsets held over the period, which
	// offsets_needed_tco2e is beyond; NaN when the file has no
	// offsets_held_tco2e column or the cells' rows differ (0 is none).
	OffsetsHeldTCO2e float64
	// PeriodH is the simulated period (step_count × step_minutes) the
	// offsets and the _per_period costs are over, hours; NaN when the file
	// does not say or the cells' rows differ (0 too in a Grid built by
	// hand).
	PeriodH float64
	// Currency is the file's money unit ([Table.Currency]): "" when the
	// file does not say (no economics, or written before the column).
	Currency string
	// CarbonPricePerTCO2e is the sweep's carbon price (its
	// carbon_price_per_tco2e), at which Cheapest ranks each cell's cost +
	// the carbon a year; 0 without one, NaN when the file has no such
	// column or the cells' rows differ.
	CarbonPricePerTCO2e float64
	// CannotReach marks, when KPI is a stage's column (cost_to_…, a
	// stage's purchases: [StageOfColumn] names the stage, in
	// CannotReachStage), the cells whose row cannot reach that stage, so
	// has no value there (Values NaN, as a cell without a row): a map of
	// cost_to_near_zero_carbon_per_year draws them as such, not as
	// holes (QA session 37, S8: the sweep was refused). nil for another
	// KPI.
	CannotReach      [][]bool
	CannotReachStage dispatch.Stage
}

// StageOfColumn is the stage whose cost or purchases a sweep column
// gives (cost_to_<stage>_per_year, near_zero_carbon_… and
// zero_carbon_… purchases): its cell is empty where the row cannot
// reach that stage. false for any other column.
func StageOfColumn(name string) (dispatch.Stage, bool) {
	switch CurrentName(name) {
	case ColCostToLowCarbonPerYear:
		return dispatch.LowCarbon, true
	case ColCostToNearZeroCarbonPerYear, ColNearZeroCertificatesMWhPerYear, ColNearZeroPurchasesPerYear:
		return dispatch.NearZeroCarbon, true
	case ColCostToZeroCarbonPerYear, ColZeroOffsetsTCO2ePerYear, ColZeroPurchasesPerYear:
		return dispatch.ZeroCarbon, true
	}
	return "", false
}

// Unreached reports whether the cell at column c, row r has a row that
// cannot reach CannotReachStage (false for a grid built without it).
func (g *Grid) Unreached(c, r int) bool {
	return c >= 0 && c < len(g.CannotReach) && r >= 0 && r < len(g.CannotReach[c]) && g.CannotReach[c][r]
}

// AnyUnreached reports whether some cell's row cannot reach
// CannotReachStage.
func (g *Grid) AnyUnreached() bool {
	for c := range g.CannotReach {
		if slices.Contains(g.CannotReach[c], true) {
			return true
		}
	}
	return false
}

// CheapestCell is the cheapest cell of a [Grid] reaching Stage: column C,
// row R, its cost per year at Stage, and whether its row is also the
// cheapest of the whole sweep reaching Stage (SweepWide; a cost tie with
// a row elsewhere counts).
type CheapestCell struct {
	Stage dispatch.Stage
	C, R  int
	// TotalCostPerYear is the cell's cost at Stage (its cost_to_…
	// column; capital + fixed O&M + operating for conventional).
	TotalCostPerYear float64
	// CarbonCostPerYear is the cell's carbon at the sweep's carbon price
	// (its carbon_price_per_tco2e × residual a year, 0 without one): not
	// paid, but ranked on with the cost, as [Cheapest] ranks.
	CarbonCostPerYear float64
	SweepWide         bool
	// Buys is what the cell's row buys per year to reach Stage.
	Buys StageBuy
}

// SweepCheapest is the cheapest row of a whole sweep reaching Stage (or a
// better one) when it lies outside a [Grid]'s slice: its combination,
// parameter values and total cost per year.
type SweepCheapest struct {
	Stage            dispatch.Stage
	Combination      int
	Params           map[string]float64
	TotalCostPerYear float64 // at Stage, as CheapestCell's
	Buys             StageBuy
}

// Missing reports whether some cell has no row (a cell whose row cannot
// reach the KPI's stage, [Grid.Unreached], has one).
func (g *Grid) Missing() bool {
	for c, col := range g.Values {
		for r, v := range col {
			if math.IsNaN(v) && !g.Unreached(c, r) {
				return true
			}
		}
	}
	return false
}

// Range is the least and greatest value of the cells that have a row.
func (g *Grid) Range() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, col := range g.Values {
		for _, v := range col {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi
}

// colOffsetsHeldTCO2e is the sweep's offsets_held_tco2e KPI column.
const colOffsetsHeldTCO2e = "offsets_held_tco2e"

// point is one row of the table as the grid sees it.
type point struct {
	params map[string]float64
	value  float64
	stage  dispatch.Stage
	policy string
	// costs are the row's cost per year at each stage of
	// dispatch.Stages() ([RowStageCosts] with the park's economics), NaN
	// where it cannot reach the stage or has no costs; buys what it buys
	// to reach each.
	costs       [4]float64
	buys        [4]StageBuy
	carbon      float64 // the carbon a year at the sweep's carbon price ([rowCarbonCost]), ranked on with costs
	combination int
	sheds       bool // [RowSheds]: ranked for no stage
	// unreached: the KPI is a stage's column ([StageOfColumn]) and the
	// row cannot reach that stage: value is NaN.
	unreached bool
	// heldTCO2e is offsets_held_tco2e, periodH step_count × step_minutes
	// / 60 and price carbon_price_per_tco2e, NaN when the file has no such
	// column.
	heldTCO2e, periodH, price float64
}

// Grid answers q: the rows of q.Policy (the table must hold one policy if
// it is ""), those matching q.Fix, the rest of the parameters held through
// the best row, placed on a grid of every X and Y value found, in
// ascending order: an unlimited grid limit (+Inf, written [Unlimited])
// comes last on its axis. Parameter values are compared with a relative
// tolerance of 1e-9. A parameter the table does not vary, an axis value
// of -Inf, rows of several policies
// without q.Policy, or two rows on one cell are an [ErrQuery]; a value
// that does not parse, a non-finite KPI or an unknown stage a
// [*FileError]. A KPI that is a stage's column ([StageOfColumn]) is empty
// where the row cannot reach the stage: that cell is marked
// ([Grid.CannotReach]), its value NaN, and never the row the other
// parameters are held through while one has a value; every cell so is an
// [ErrQuery], and a row without costs at all (total_cost_per_year empty:
// no economics) a [*FileError].
func (t *Table) Grid(q GridQuery) (*Grid, error) {
	if q.KPI == "" {
		q.KPI = ColOffsetsNeededTCO2e
	}
	q.KPI = CurrentName(q.KPI)
	if err := t.checkQuery(q); err != nil {
		return nil, err
	}
	pts, err := t.points(q)
	if err != nil {
		return nil, err
	}
	sel, err := selectRows(pts, q)
	if err != nil {
		return nil, err
	}
	held := holdRest(sel, t.Params(), q)
	fixed := make(map[string]float64, len(q.Fix)+len(held))
	for k, v := range q.Fix {
		fixed[k] = v
	}
	for k, v := range held {
		fixed[k] = v
	}
	var slice []point
	for _, p := range sel {
		if matches(p, fixed) {
			slice = append(slice, p)
		}
	}
	g, err := place(slice, q)
	if g != nil {
		g.StageCosts = t.StageCosts()
	}
	if err != nil {
		return nil, err
	}
	if lo, _ := g.Range(); g.AnyUnreached() && math.IsInf(lo, 1) {
		// Every cell's row misses the stage: nothing to colour.
		return nil, queryErr("%s: no combination drawn reaches %s, even by buying, so no cell has a value; colour by %s",
			q.KPI, g.CannotReachStage, ColTotalCostPerYear)
	}
	g.Held, g.Fixed, g.Currency = held, q.Fix, t.Currency()
	g.OffsetsHeldTCO2e, g.PeriodH = common(slice, func(p point) float64 { return p.heldTCO2e }), common(slice, func(p point) float64 { return p.periodH })
	g.CarbonPricePerTCO2e = common(slice, func(p point) float64 { return p.price })
	markSweepWide(g, pts, slice, q.Policy)
	return g, nil
}

// Currency is the ISO 4217 code every row's currency cell holds: "" when
// the file has no such column (written before it), a row's is empty (a
// park without economics) or two rows differ (which a sweep's
// fingerprint, the park's hash, rules out for one sweep's rows).
func (t *Table) Currency() string {
	c := t.Col(ColCurrency)
	if c < 0 || len(t.Rows) == 0 {
		return ""
	}
	cur := strings.TrimSpace(t.Rows[0].Fields[c])
	for _, r := range t.Rows[1:] {
		if strings.TrimSpace(r.Fields[c]) != cur {
			return ""
		}
	}
	return cur
}

// common is the value get gives every point of pts, NaN when they differ.
func common(pts []point, get func(point) float64) float64 {
	v := get(pts[0])
	for _, p := range pts[1:] {
		if !sameValue(get(p), v) {
			return math.NaN()
		}
	}
	return v
}

// markSweepWide compares g's cheapest cells with the cheapest rows of the
// whole sweep (pts of policy): a cell whose cost equals the sweep's least
// for its stage is SweepWide; a stage whose sweep-wide cheapest lies
// outside the slice is listed in g.Elsewhere.
func markSweepWide(g *Grid, pts, slice []point, policy string) {
	inSlice := map[int]bool{}
	for _, p := range slice {
		inSlice[p.combination] = true
	}
	for s, st := range dispatch.Stages() {
		best := -1
		for i, p := range pts {
			if (policy != "" && p.policy != policy) || math.IsNaN(p.costs[s]) {
				continue
			}
			if best < 0 || ranksFirst(p.costs[s]+p.carbon, p.combination, pts[best].costs[s]+pts[best].carbon, pts[best].combination) {
				best = i
			}
		}
		if best < 0 {
			continue
		}
		b := pts[best]
		k := slices.IndexFunc(g.Cheapest, func(c CheapestCell) bool { return c.Stage == st })
		switch {
		case k >= 0 && g.Cheapest[k].TotalCostPerYear+g.Cheapest[k].CarbonCostPerYear <= b.costs[s]+b.carbon:
			g.Cheapest[k].SweepWide = true
		case !inSlice[b.combination]:
			g.Elsewhere = append(g.Elsewhere, SweepCheapest{Stage: st, Combination: b.combination, Params: b.params,
				TotalCostPerYear: b.costs[s], Buys: b.buys[s]})
		}
	}
}

// checkQuery refuses axes and fixed parameters the table does not vary.
func (t *Table) checkQuery(q GridQuery) error {
	if len(t.Rows) == 0 {
		return queryErr("no sweep rows")
	}
	if q.X == "" || q.Y == "" || q.X == q.Y {
		return queryErr("x parameter %q and y parameter %q: need two different parameters", q.X, q.Y)
	}
	names := t.Params()
	varied := strings.Join(names, ", ")
	for _, p := range []string{q.X, q.Y} {
		if !slices.Contains(names, p) {
			return queryErr("parameter %q is not in the sweep rows (varied: %s)", p, varied)
		}
	}
	if t.Col(q.KPI) < 0 && q.KPI != ColOffsetsNeededTCO2e {
		// A column asked for by name (plot sweep --colour) that the
		// file lacks is the question's fault, not the file's (planner's
		// QA, 2026-12-04: --colour cost was "required column missing").
		return queryErr("colour column %q is not in the sweep rows; %s", q.KPI, t.columnsLike(q.KPI))
	}
	if _, err := t.column(q.KPI); err != nil {
		return err
	}
	for k := range q.Fix {
		if k == q.X || k == q.Y {
			return queryErr("fix %s: it is an axis of the map", k)
		}
		if !slices.Contains(names, k) {
			return queryErr("fix %s: not a varied parameter (varied: %s)", k, varied)
		}
	}
	return nil
}

// columnsLike names the table's result columns whose names hold name
// (at most eight), or, when none does, some to choose from.
func (t *Table) columnsLike(name string) string {
	kpis := t.Header[1+len(t.Params()):]
	var like []string
	for _, h := range kpis {
		if strings.Contains(h, strings.ToLower(name)) {
			like = append(like, h)
		}
	}
	if len(like) == 0 {
		return fmt.Sprintf("the file has %d result columns, e.g. %s, %s (zeropark sweep --help lists them with their units)",
			len(kpis), ColOffsetsNeededTCO2e, ColTotalCostPerYear)
	}
	more := ""
	if len(like) > 8 {
		like, more = like[:8], fmt.Sprintf(" and %d more", len(like)-8)
	}
	return "columns with that in their name: " + strings.Join(like, ", ") + more
}

// points reads every row: its parameters (the axes finite), KPI (finite),
// stage and policy.
func (t *Table) points(q GridQuery) ([]point, error) {
	pts := make([]point, 0, len(t.Rows))
	names := t.Params()
	polCol, costCol := t.Col(ColPolicy), t.Col(ColTotalCostPerYear)
	heldCol, stepsCol, minutesCol := t.Col(colOffsetsHeldTCO2e), t.Col(ColSteps), t.Col(ColStepMinutes)
	priceCol := t.Col(ColCarbonPrice)
	stageCosts := t.StageCosts()
	for i, r := range t.Rows {
		vs, err := t.ParamValues(r)
		if err != nil {
			return nil, err
		}
		p := point{params: make(map[string]float64, len(names)), costs: [4]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()},
			combination: r.Combination, heldTCO2e: math.NaN(), periodH: math.NaN(), price: math.NaN()}
		if priceCol >= 0 {
			if p.price, err = t.Float(r, ColCarbonPrice); err != nil {
				return nil, err
			}
		}
		if heldCol >= 0 {
			if p.heldTCO2e, err = t.Float(r, colOffsetsHeldTCO2e); err != nil {
				return nil, err
			}
		}
		if stepsCol >= 0 && minutesCol >= 0 {
			if p.periodH, err = t.rowHours(r); err != nil {
				return nil, err
			}
		}
		if p.stage, err = t.Stage(r); err != nil {
			return nil, err
		}
		switch {
		case costCol < 0 || strings.TrimSpace(r.Fields[costCol]) == "":
			// No economics: no costs.
		case !stageCosts:
			// Written before each stage was priced: total_cost_per_year
			// at the stages the row's holdings give it, as then (none
			// for a row shedding load: RowStageCosts).
			total, err := t.Float(r, ColTotalCostPerYear)
			if err != nil {
				return nil, err
			}
			sheds, err := RowSheds(t, r)
			if err != nil {
				return nil, err
			}
			for i := 0; i <= p.stage.Rank() && !sheds; i++ {
				p.costs[i] = total
			}
		default:
			sc, err := RowStageCosts(t, r, nil)
			if err != nil {
				return nil, err
			}
			for i, c := range sc {
				if c.Reaches {
					p.costs[i], p.buys[i] = c.Costs.Total, c.Buys
				}
			}
		}
		if costCol >= 0 && strings.TrimSpace(r.Fields[costCol]) != "" {
			// The carbon at the sweep's price, ranked on with the costs.
			if p.carbon, err = rowCarbonCost(t, r, true); err != nil {
				return nil, err
			}
		}
		for j, n := range names {
			p.params[n] = vs[j]
		}
		for _, a := range []string{q.X, q.Y} {
			if v := p.params[a]; math.IsInf(v, -1) {
				return nil, queryErr("row %d: %s = %v: must be finite or %s to place on an axis", i+1, a, v, Unlimited)
			}
		}
		_, stageKPI := StageOfColumn(q.KPI)
		if j := t.Col(q.KPI); j >= 0 && strings.TrimSpace(r.Fields[j]) == "" && stageKPI {
			if costCol >= 0 && strings.TrimSpace(r.Fields[costCol]) == "" {
				// No economics: no row has a cost to any stage.
				return nil, &FileError{File: r.File, Line: r.Line, Column: q.KPI, Reason: fmt.Sprintf(
					"empty: combination %d has no costs (the park has no economics), so the grid has no value there; "+
						"colour by a column the sweep has, such as %s", r.Combination, ColOffsetsNeededTCO2e)}
			}
			// The row cannot reach the stage, even by buying: a cell
			// drawn as such (Grid.CannotReach).
			p.value, p.unreached = math.NaN(), true
		} else if p.value, err = t.Float(r, q.KPI); err != nil {
			return nil, err
		}
		if !p.unreached && !finite(p.value) {
			return nil, &FileError{File: r.File, Line: r.Line, Column: q.KPI, Value: r.Fields[t.Col(q.KPI)], Reason: "not a finite number"}
		}
		if polCol >= 0 {
			p.policy = strings.TrimSpace(r.Fields[polCol])
		}
		if p.sheds, err = RowSheds(t, r); err != nil {
			return nil, err
		}
		pts = append(pts, p)
	}
	return pts, nil
}

// selectRows keeps the points of q.Policy that match q.Fix; the rows
// kept must be of one policy.
func selectRows(pts []point, q GridQuery) ([]point, error) {
	var sel []point
	policies := map[string]bool{}
	for _, p := range pts {
		if q.Policy != "" && p.policy != q.Policy {
			continue
		}
		policies[p.policy] = true
		if matches(p, q.Fix) {
			sel = append(sel, p)
		}
	}
	if len(policies) > 1 {
		ps := make([]string, 0, len(policies))
		for p := range policies {
			ps = append(ps, fmt.Sprintf("%q", p))
		}
		sort.Strings(ps)
		return nil, queryErr("rows of several policies (%s): choose one", strings.Join(ps, ", "))
	}
	if len(sel) == 0 {
		return nil, noRowErr(pts, q)
	}
	return sel, nil
}

// noRowErr says why no row of pts matches q: no row of q.Policy, a --fix
// value that is not among the swept values of its parameter ("wind.capacity_kw
// = 2000 is not among the swept values 1500, 2500"), or fixed values each
// swept but never together.
func noRowErr(pts []point, q GridQuery) error {
	var ofPolicy []point
	for _, p := range pts {
		if q.Policy == "" || p.policy == q.Policy {
			ofPolicy = append(ofPolicy, p)
		}
	}
	if len(ofPolicy) == 0 {
		var held []string
		for _, p := range pts {
			if s := strconv.Quote(p.policy); !slices.Contains(held, s) {
				held = append(held, s)
			}
		}
		return queryErr("no rows of policy %q (the file holds %s)", q.Policy, strings.Join(held, ", "))
	}
	keys := make([]string, 0, len(q.Fix))
	for k := range q.Fix {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		var swept []float64
		for _, p := range ofPolicy {
			swept = append(swept, p.params[k])
		}
		sort.Float64s(swept)
		swept = slices.CompactFunc(swept, sameValue)
		if !slices.ContainsFunc(swept, func(v float64) bool { return sameValue(v, q.Fix[k]) }) {
			vs := make([]string, len(swept))
			for j, v := range swept {
				vs[j] = FormatLimit(v)
			}
			return queryErr("%s = %s is not among the swept values %s", k, FormatLimit(q.Fix[k]), strings.Join(vs, ", "))
		}
		parts[i] = k + " = " + FormatLimit(q.Fix[k])
	}
	return queryErr("no row has %s together", strings.Join(parts, " and "))
}

// holdRest returns the values of the parameters neither on an axis nor in
// q.Fix in the point of least value (the first of equals).
func holdRest(sel []point, names []string, q GridQuery) map[string]float64 {
	best := 0
	for i, p := range sel {
		// A row with no value (it cannot reach the KPI's stage) is never
		// the best while one has a value.
		if !math.IsNaN(p.value) && (math.IsNaN(sel[best].value) || p.value < sel[best].value) {
			best = i
		}
	}
	held := map[string]float64{}
	for _, k := range names {
		if _, fixed := q.Fix[k]; k != q.X && k != q.Y && !fixed {
			held[k] = sel[best].params[k]
		}
	}
	return held
}

// matches reports whether p has the values of fixed.
func matches(p point, fixed map[string]float64) bool {
	for k, v := range fixed {
		if got, ok := p.params[k]; !ok || !sameValue(got, v) {
			return false
		}
	}
	return true
}

// sameValue compares parameter values as written and read back (shortest
// decimal form), with a relative tolerance for values computed elsewhere.
// An unlimited value (+Inf) equals only itself: the tolerance, infinite
// too, would make it equal every number.
func sameValue(a, b float64) bool {
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// place puts the points on a grid of every X and Y value among them.
func place(pts []point, q GridQuery) (*Grid, error) {
	g := &Grid{X: q.X, Y: q.Y, KPI: q.KPI, Policy: q.Policy}
	for _, p := range pts {
		g.Xs = append(g.Xs, p.params[q.X])
		g.Ys = append(g.Ys, p.params[q.Y])
	}
	uniq := func(v []float64) []float64 {
		sort.Float64s(v)
		return slices.CompactFunc(v, sameValue)
	}
	g.Xs, g.Ys = uniq(g.Xs), uniq(g.Ys)
	g.Values = make([][]float64, len(g.Xs))
	g.Stages = make([][]dispatch.Stage, len(g.Xs))
	g.Sheds = make([][]bool, len(g.Xs))
	st, stageKPI := StageOfColumn(q.KPI)
	if stageKPI {
		g.CannotReach, g.CannotReachStage = make([][]bool, len(g.Xs)), st
	}
	filled := make([][]bool, len(g.Xs))
	costs := make([][][4]float64, len(g.Xs))
	carbon := make([][]float64, len(g.Xs))
	buys := make([][][4]StageBuy, len(g.Xs))
	combs := make([][]int, len(g.Xs))
	for c := range g.Xs {
		costs[c] = make([][4]float64, len(g.Ys))
		carbon[c] = make([]float64, len(g.Ys))
		buys[c] = make([][4]StageBuy, len(g.Ys))
		combs[c] = make([]int, len(g.Ys))
		g.Values[c] = make([]float64, len(g.Ys))
		g.Stages[c] = make([]dispatch.Stage, len(g.Ys))
		g.Sheds[c] = make([]bool, len(g.Ys))
		filled[c] = make([]bool, len(g.Ys))
		if stageKPI {
			g.CannotReach[c] = make([]bool, len(g.Ys))
		}
		for r := range g.Ys {
			g.Values[c][r] = math.NaN()
		}
	}
	find := func(vs []float64, v float64) int {
		return slices.IndexFunc(vs, func(u float64) bool { return sameValue(u, v) })
	}
	for _, p := range pts {
		c, r := find(g.Xs, p.params[q.X]), find(g.Ys, p.params[q.Y])
		if filled[c][r] {
			return nil, queryErr("two rows at %s = %s, %s = %s (a parameter that varies is missing from the rows, or rows repeat)",
				q.X, FormatLimit(g.Xs[c]), q.Y, FormatLimit(g.Ys[r]))
		}
		filled[c][r] = true
		g.Values[c][r] = p.value
		if p.unreached {
			g.CannotReach[c][r] = true
		}
		g.Stages[c][r], g.Sheds[c][r] = p.stage, p.sheds
		costs[c][r], carbon[c][r], buys[c][r], combs[c][r] = p.costs, p.carbon, p.buys, p.combination
	}
	g.Cheapest = cheapestCells(g, costs, carbon, buys, combs)
	return g, nil
}

// Shed reports whether the cell at column c, row r sheds load beyond the
// tolerance (Sheds; false for a grid built without it).
func (g *Grid) Shed(c, r int) bool {
	return c >= 0 && c < len(g.Sheds) && r >= 0 && r < len(g.Sheds[c]) && g.Sheds[c][r]
}

// AnySheds reports whether some cell sheds load beyond the tolerance.
func (g *Grid) AnySheds() bool {
	for c := range g.Sheds {
		if slices.Contains(g.Sheds[c], true) {
			return true
		}
	}
	return false
}

// cheapestCells finds, for each stage, the cell of least cost (+ its
// carbon at the sweep's carbon price) among those reaching it or a better
// one; cells without a cost (NaN) or without a row take no part.
// Ties go to the lower combination (combs), as in [Cheapest], so the
// marks and the printed table name the same row.
func cheapestCells(g *Grid, costs [][][4]float64, carbon [][]float64, buys [][][4]StageBuy, combs [][]int) []CheapestCell {
	var out []CheapestCell
	for s, st := range dispatch.Stages() {
		best := CheapestCell{Stage: st, C: -1, TotalCostPerYear: math.Inf(1)}
		for c := range g.Xs {
			for r := range g.Ys {
				v := costs[c][r][s]
				// A cell whose row cannot reach the colour column's stage
				// has no value but may be the cheapest for another.
				if math.IsNaN(v) || math.IsNaN(g.Values[c][r]) && !g.Unreached(c, r) {
					continue
				}
				if best.C < 0 || ranksFirst(v+carbon[c][r], combs[c][r], best.TotalCostPerYear+best.CarbonCostPerYear, combs[best.C][best.R]) {
					best.C, best.R, best.TotalCostPerYear, best.CarbonCostPerYear, best.Buys = c, r, v, carbon[c][r], buys[c][r][s]
				}
			}
		}
		if best.C >= 0 {
			out = append(out, best)
		}
	}
	return out
}
