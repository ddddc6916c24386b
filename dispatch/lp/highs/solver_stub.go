//go:build !(cgo && (linux || darwin) && (amd64 || arm64))

package highs

import (
	"fmt"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// Available reports whether this build links HiGHS.
const Available = false

// errUnavailable says why and how to get HiGHS.
var errUnavailable = fmt.Errorf("highs: %w: this binary was built without HiGHS; "+
	"build with CGO_ENABLED=1 and a C compiler (gcc) on linux/darwin amd64/arm64; "+
	"gohighs bundles a static HiGHS 1.12", lp.ErrUnavailable)

// Solver is the stand-in for the HiGHS instance in builds without cgo; it
// cannot be created, and its methods return lp.ErrUnavailable.
type Solver struct{}

// NewSolver returns an error that unwraps to [lp.ErrUnavailable] (after
// checking o, so option errors show up in any build).
func NewSolver(o Options) (*Solver, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return nil, errUnavailable
}

// Load returns lp.ErrUnavailable.
func (*Solver) Load(*lp.Problem) error { return errUnavailable }

// SetColBounds returns lp.ErrUnavailable.
func (*Solver) SetColBounds(int, []float64, []float64) error { return errUnavailable }

// SetCosts returns lp.ErrUnavailable.
func (*Solver) SetCosts(int, []float64) error { return errUnavailable }

// SetRowBounds returns lp.ErrUnavailable.
func (*Solver) SetRowBounds(int, []float64, []float64) error { return errUnavailable }

// SetCoeff returns lp.ErrUnavailable.
func (*Solver) SetCoeff(int, int, float64) error { return errUnavailable }

// Solve returns lp.ErrUnavailable.
func (*Solver) Solve() (*lp.Result, error) { return nil, errUnavailable }

// SetMethod checks the method and returns lp.ErrUnavailable.
func (*Solver) SetMethod(method string) error {
	if err := (Options{Method: method}).Validate(); err != nil {
		return err
	}
	return errUnavailable
}

// SetOption checks the option and returns lp.ErrUnavailable.
func (*Solver) SetOption(name string, v any) error {
	if err := checkOption(name, v); err != nil {
		return err
	}
	return errUnavailable
}

// ClearBasis returns lp.ErrUnavailable.
func (*Solver) ClearBasis() error { return errUnavailable }

// Close does nothing.
func (*Solver) Close() error { return nil }

// Basis returns lp.ErrUnavailable.
func (*Solver) Basis() (*Basis, error) { return nil, errUnavailable }

// SetBasis returns lp.ErrUnavailable.
func (*Solver) SetBasis(*Basis) error { return errUnavailable }

// SetIntegrality returns lp.ErrUnavailable.
func (*Solver) SetIntegrality(int, []bool) error { return errUnavailable }

// DualsFor returns lp.ErrUnavailable.
func (*Solver) DualsFor([]float64) ([]float64, error) { return nil, errUnavailable }
