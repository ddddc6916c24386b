package physics

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// pvlib's reference case for its Ineichen–Perez implementation
// (pvlib/tests/test_clearsky.py, test_ineichen_nans: apparent zenith 10°,
// absolute air mass 1, Linke turbidity 3, elevation 0, I0 1370 W/m²).
func TestIneichenAgainstPvlib(t *testing.T) {
	cs := ineichen(math.Cos(10*deg), 1, 0, 3, 1370)
	assert.InDelta(t, 1042.72590228, cs.GHIWM2, 1e-6)
	assert.InDelta(t, 946.35279683, cs.DNIWM2, 1e-6)
	assert.InDelta(t, 110.75033088, cs.DHIWM2, 1e-6)
}
