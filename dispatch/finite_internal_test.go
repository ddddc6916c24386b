package dispatch

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// allFinite finds a NaN or an infinity at any position of any length (the
// four sums and the tail), and takes the largest finite values as finite.
func TestAllFinite(t *testing.T) {
	for n := range 10 {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.MaxFloat64 * float64(1-2*(i%2))
		}
		assert.True(t, allFinite(x), "n %d", n)
		for i := range n {
			for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				y := append([]float64(nil), x...)
				y[i] = bad
				assert.False(t, allFinite(y), "n %d, %v at %d", n, bad, i)
			}
		}
	}
}
