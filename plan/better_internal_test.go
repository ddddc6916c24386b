package plan

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
)

// Between the low-carbon variants a design that reaches its target beats
// a cheaper one settled below it; between two alike, the cheaper wins.
func TestBetterKeepsTheDesignReachingItsTarget(t *testing.T) {
	lc := dispatch.LowCarbon
	reach := func(costPerYear float64) *Design {
		return &Design{Target: lc, Stage: lc, TotalCostPerYear: costPerYear}
	}
	below := func(costPerYear float64) *Design {
		return &Design{Target: lc, Stage: dispatch.Conventional, TotalCostPerYear: costPerYear, AtOnceIntervals: 2}
	}
	for _, c := range []struct {
		name    string
		d, best *Design
		want    bool
	}{
		{"dearer reaching over cheaper below", reach(200), below(100), true},
		{"cheaper below not over dearer reaching", below(100), reach(200), false},
		{"cheaper of two reaching", reach(100), reach(200), true},
		{"dearer of two reaching", reach(200), reach(100), false},
		{"cheaper of two below", below(100), below(200), true},
		{"equal cost keeps the first", reach(100), reach(100), false},
	} {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, better(c.d, c.best)) })
	}
}
