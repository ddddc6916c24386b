package plan_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
)

// A design's park shares nothing with the park given to New or with
// another design: editing its economics, prices or weather leaves them
// alone (QA, 2026-12-04: Design.Park held the caller's Economics, price
// and weather pointers).
func TestDesignParkIsOwnCopy(t *testing.T) {
	f := randomFixture(rand.New(rand.NewPCG(3, 4)), 48)
	p, set := f.build(t)
	require.NotNil(t, p.Economics)
	require.NotNil(t, p.Grid.ImportPrice)
	bound := p.Economics.PV.MaxTotalKWp
	price := p.Grid.ImportPrice.PerKWh
	m := newModel(t, p, set, plan.DefaultOptions())
	today, err := m.Today()
	require.NoError(t, err)
	d, err := m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	for _, dp := range []*plan.Design{today, d} {
		dp.Park.Economics.PV.MaxTotalKWp = bound + 1
		dp.Park.Grid.ImportPrice.PerKWh = price + 1
		dp.Park.PV[0].CapacityKWp++
	}
	assert.Equal(t, bound, p.Economics.PV.MaxTotalKWp)
	assert.Equal(t, price, p.Grid.ImportPrice.PerKWh)
	d2, err := m.Plan(dispatch.LowCarbon)
	require.NoError(t, err)
	assert.Equal(t, bound, d2.Park.Economics.PV.MaxTotalKWp, "a new design from the Model's own park")
	assert.Equal(t, price, d2.Park.Grid.ImportPrice.PerKWh)
}
