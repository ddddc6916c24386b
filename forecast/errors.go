package forecast

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/forecast/physics"
)

// ErrInvalid is the sentinel every input error of this package unwraps to.
// It is [physics.ErrInvalid]: the methods and the physical models they call
// (the clear-sky and weather-driven PV forecasts run [physics.PVAvailability])
// report bad input alike, so one errors.Is matches both.
var ErrInvalid = physics.ErrInvalid

// InputError names a bad parameter or series value; it is
// [physics.InputError] (re-declared here as os declares fs.ErrNotExist), so
// an errors.As with either name catches the errors of both packages. It
// unwraps to [ErrInvalid] and [model.ErrInvalid].
type InputError = physics.InputError

// fieldErr is an InputError about a parameter (no column, no row).
func fieldErr(asset, field string, value any, reason string) error {
	return &InputError{Asset: asset, Field: field, Row: -1, Value: fmt.Sprint(value), Reason: reason}
}

func isBad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
