package plan

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
)

// TestHotStart: primal simplex hot-starts zero-carbon right after
// near-zero-carbon with every capacity free, and a stage right after the
// same stage pinned (warmNearZero), and nothing else; zero-carbon after
// near-zero takes solveOneRow on a solver whose basis can be put back
// (package documentation, "Solver").
func TestHotStart(t *testing.T) {
	nan := math.NaN()
	near := question{stage: dispatch.NearZeroCarbon, epsilon: nan}
	zero := question{stage: dispatch.ZeroCarbon, epsilon: nan}
	fixedZero := zero
	fixedZero.fixed = []float64{1}
	todayZero := zero
	todayZero.today = true
	boundedZero := zero
	boundedZero.epsilon = 1
	diagnosis := zero
	diagnosis.objective = []float64{1}
	gatedNear := near
	gatedNear.gate = true
	pinnedNear := near
	pinnedNear.pin = []float64{1}
	pinnedLow := question{stage: dispatch.LowCarbon, epsilon: nan, pin: []float64{1}}
	for _, c := range []struct {
		name    string
		solves  int
		last, q question
		want    hotMethod
	}{
		{"zero after near", 1, near, zero, hotPrimal},
		{"first solve", 0, near, zero, hotDual},
		{"near after zero", 1, zero, near, hotDual},
		{"zero after zero", 1, zero, zero, hotDual},
		{"zero after low", 1, question{stage: dispatch.LowCarbon, epsilon: nan}, zero, hotDual},
		{"zero with capacities fixed", 1, near, fixedZero, hotDual},
		{"zero of today's park", 1, near, todayZero, hotDual},
		{"zero with a residual bound", 1, near, boundedZero, hotDual},
		{"a diagnosis", 1, near, diagnosis, hotDual},
		{"after a diagnosis", 1, diagnosis, zero, hotDual},
		{"gate differs", 1, gatedNear, zero, hotDual},
		{"near after near pinned", 1, pinnedNear, near, hotPrimal},
		{"zero after near pinned", 1, pinnedNear, zero, hotDual},
		{"low's other variant after low pinned", 1, pinnedLow, question{stage: dispatch.LowCarbon, epsilon: nan, low: lowRenewable}, hotDual},
		{"pinned after pinned", 1, pinnedNear, pinnedNear, hotDual},
		{"near with capacities fixed after near pinned", 1, pinnedNear, question{stage: dispatch.NearZeroCarbon, epsilon: nan, fixed: []float64{1}}, hotDual},
		{"frontier point", 1, question{stage: dispatch.Conventional, gate: true, epsilon: 2}, question{stage: dispatch.Conventional, gate: true, epsilon: 1}, hotDual},
	} {
		m := &Model{solves: c.solves, last: c.last}
		assert.Equal(t, c.want, m.hotStart(c.q), c.name)
		// On a solver whose basis can be put back only zero-carbon after
		// near-zero changes: one dual pivot first.
		m.solver = fakeBasisSolver{}
		want := c.want
		if c.name == "zero after near" {
			want = hotOneRow
		}
		assert.Equal(t, want, m.hotStart(c.q), "%s, basis solver", c.name)
	}
}

// TestColdFor: on a large Model a question starts cold with every
// capacity held, when near-zero's rows switch on, and when it is far (the
// least residual); other diagnostic objectives hot-start, and a small
// Model never starts cold (package documentation, "Solver").
func TestColdFor(t *testing.T) {
	nan := math.NaN()
	low := question{stage: dispatch.LowCarbon, epsilon: nan}
	near := question{stage: dispatch.NearZeroCarbon, epsilon: nan}
	today := question{stage: dispatch.Conventional, epsilon: nan, today: true}
	unserved := question{stage: dispatch.Conventional, epsilon: nan, objective: []float64{1}}
	residual := question{stage: dispatch.Conventional, gate: true, epsilon: nan, objective: []float64{2}, far: true}
	ratio := question{stage: dispatch.Conventional, gate: true, epsilon: nan, objective: []float64{3}}
	point := question{stage: dispatch.Conventional, gate: true, epsilon: 1}
	// A fixed design's diagnosis (Evaluate): every capacity held.
	fixed := []float64{1}
	evaluated := question{stage: dispatch.NearZeroCarbon, epsilon: nan, fixed: fixed}
	fixedUnserved := question{stage: dispatch.Conventional, epsilon: nan, objective: []float64{1}, fixed: fixed}
	fixedRatio := question{stage: dispatch.Conventional, gate: true, epsilon: nan, objective: []float64{3}, fixed: fixed}
	fixedRound := fixedRatio
	fixedRound.again = true
	for _, c := range []struct {
		name     string
		cols     int
		lastRank int
		last, q  question
		want     bool
	}{
		{"today's park", coldMinColumns, -1, low, today, true},
		{"near after low", coldMinColumns, dispatch.LowCarbon.Rank(), low, near, true},
		{"near after near", coldMinColumns, dispatch.NearZeroCarbon.Rank(), near, near, false},
		{"low after today", coldMinColumns, dispatch.Conventional.Rank(), today, low, false},
		{"the least unserved load after near", coldMinColumns, dispatch.NearZeroCarbon.Rank(), near, unserved, false},
		{"the least residual after the least unserved load", coldMinColumns, dispatch.NearZeroCarbon.Rank(), unserved, residual, true},
		{"the least residual after low", coldMinColumns, dispatch.LowCarbon.Rank(), low, residual, true},
		{"a ratio's round after the least residual", coldMinColumns, dispatch.NearZeroCarbon.Rank(), residual, ratio, false},
		{"a frontier point after the least residual", coldMinColumns, dispatch.Conventional.Rank(), residual, point, false},
		{"a small Model", coldMinColumns - 1, dispatch.NearZeroCarbon.Rank(), unserved, residual, false},
		{"a fixed design's least unserved load after its evaluation", coldMinColumns, dispatch.NearZeroCarbon.Rank(), evaluated, fixedUnserved, true},
		{"a fixed design's ratio, first round", coldMinColumns, dispatch.Conventional.Rank(), fixedUnserved, fixedRatio, true},
		{"a fixed design's ratio, later rounds", coldMinColumns, dispatch.Conventional.Rank(), fixedRatio, fixedRound, false},
		{"a ratio's later round, capacities free", coldMinColumns, dispatch.Conventional.Rank(), ratio, func() question { q := ratio; q.again = true; return q }(), false},
	} {
		m := &Model{prob: &lp.Problem{NumCols: c.cols}, lastRank: c.lastRank, last: c.last}
		assert.Equal(t, c.want, m.coldFor(c.q), c.name)
	}
}

// TestLeastResidualFar: the least residual is far (starts cold) with the
// capacities free, not with them held, and minimises the residual column
// alone.
func TestLeastResidualFar(t *testing.T) {
	m := &Model{cost: make([]float64, 3), col: columns{resid: 1}}
	nan := math.NaN()
	for _, c := range []struct {
		name string
		q    question
		far  bool
	}{
		{"free", question{stage: dispatch.Conventional, gate: true, epsilon: nan}, true},
		{"fixed", question{stage: dispatch.Conventional, epsilon: nan, fixed: []float64{1}}, false},
		{"today's park", question{stage: dispatch.Conventional, epsilon: nan, today: true}, false},
	} {
		q := m.leastResidual(c.q)
		assert.Equal(t, c.far, q.far, c.name)
		assert.Equal(t, []float64{0, 1, 0}, q.objective, c.name)
		assert.Equal(t, c.q.gate, q.gate, c.name)
	}
}

// fakeBasisSolver is an lp.Solver with basis access, for hotStart's
// type check; it solves nothing.
type fakeBasisSolver struct{ lp.Solver }

func (fakeBasisSolver) Basis() (*highs.Basis, error) { return nil, nil }
func (fakeBasisSolver) SetBasis(*highs.Basis) error  { return nil }
func (fakeBasisSolver) SetOption(string, any) error  { return nil }
