package plan

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
)

// TestPrimalFor: primal simplex hot-starts zero-carbon right after
// near-zero-carbon with every capacity free, and a stage right after the
// same stage pinned (warmNearZero), and nothing else (package
// documentation, "Solver").
func TestPrimalFor(t *testing.T) {
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
		name       string
		solves     int
		last, q    question
		wantPrimal bool
	}{
		{"zero after near", 1, near, zero, true},
		{"first solve", 0, near, zero, false},
		{"near after zero", 1, zero, near, false},
		{"zero after zero", 1, zero, zero, false},
		{"zero after low", 1, question{stage: dispatch.LowCarbon, epsilon: nan}, zero, false},
		{"zero with capacities fixed", 1, near, fixedZero, false},
		{"zero of today's park", 1, near, todayZero, false},
		{"zero with a residual bound", 1, near, boundedZero, false},
		{"a diagnosis", 1, near, diagnosis, false},
		{"after a diagnosis", 1, diagnosis, zero, false},
		{"gate differs", 1, gatedNear, zero, false},
		{"near after near pinned", 1, pinnedNear, near, true},
		{"zero after near pinned", 1, pinnedNear, zero, false},
		{"low's other variant after low pinned", 1, pinnedLow, question{stage: dispatch.LowCarbon, epsilon: nan, low: lowRenewable}, false},
		{"pinned after pinned", 1, pinnedNear, pinnedNear, false},
		{"near with capacities fixed after near pinned", 1, pinnedNear, question{stage: dispatch.NearZeroCarbon, epsilon: nan, fixed: []float64{1}}, false},
		{"frontier point", 1, question{stage: dispatch.Conventional, gate: true, epsilon: 2}, question{stage: dispatch.Conventional, gate: true, epsilon: 1}, false},
	} {
		m := &Model{solves: c.solves, last: c.last}
		assert.Equal(t, c.wantPrimal, m.primalFor(c.q), c.name)
	}
}
