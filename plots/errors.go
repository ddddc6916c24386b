package plots

import (
	"errors"
	"fmt"
)

// ErrInput: the data or arguments handed in cannot be plotted (empty
// period, a grid without cells, unknown file format…).
var ErrInput = errors.New("plots: invalid input")

// inputErr formats an error that unwraps to ErrInput.
func inputErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInput}, args...)...)
}
