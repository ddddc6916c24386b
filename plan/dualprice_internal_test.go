package plan

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// The prices read from a solve's duals — the shadow prices' (dualPrice,
// scale × a row's dual) and the frontier's marginal abatement cost
// (marginalCostOf, −the residual column's reduced cost; here on a Model
// whose solver cannot price the tie-breaks apart, so the reduced cost as
// it is) — are prices of a
// limit that a looser bound never makes dearer: each reads solver noise
// on the wrong side of 0 (by less than 1e-6) as 0, never −0, leaves a
// larger negative to show, and has no value where the dual is NaN, ±Inf
// or missing.
func TestDualPricesFloorNoise(t *testing.T) {
	duals := []float64{5e-8, -2e-7, 3e-3, -3e-3, 0, math.NaN(), math.Inf(1)}
	r := &lp.Result{RowDual: duals, ReducedCost: duals}
	m := &Model{}
	for _, tc := range []struct {
		name  string
		price func(i int) *float64
		sign  float64 // the price is sign × the dual
	}{
		{"marginalCostOf", func(i int) *float64 { return m.marginalCostOf(r, i) }, -1},
		{"dualPrice", func(i int) *float64 { return dualPrice(r.RowDual, i, 1) }, 1},
	} {
		for i, y := range duals {
			got := tc.price(i)
			want := tc.sign * y
			switch {
			case math.IsNaN(y) || math.IsInf(y, 0):
				assert.Nil(t, got, "%s: dual %g", tc.name, y)
				continue
			case want < 0 && want > -1e-6:
				want = 0
			}
			require.NotNil(t, got, "%s: dual %g", tc.name, y)
			assert.Equal(t, want, *got, "%s: dual %g", tc.name, y)
			assert.False(t, math.Signbit(*got) && *got == 0, "%s: dual %g reads −0", tc.name, y)
		}
		assert.Nil(t, tc.price(len(duals)), "%s: a dual beyond the result's", tc.name)
	}
	assert.Nil(t, m.marginalCostOf(nil, 0))
}
