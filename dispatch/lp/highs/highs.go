// Package highs is the HiGHS backend for [lp.Solver], through the cgo binding
// github.com/bartolsthoorn/gohighs v0.1.1, which bundles a static HiGHS 1.12
// for linux and darwin on amd64 and arm64.
//
// HiGHS is a dual-simplex LP solver: after [Solver.SetColBounds] or
// [Solver.SetCosts] the next [Solver.Solve] starts from the previous optimal
// basis, which is what makes re-solving the dispatch LP every interval cheap.
//
// Where cgo or the bundled library is missing (CGO_ENABLED=0, or another
// OS/architecture) the package still builds with the same API, and
// [Backend.NewSolver] returns an error that unwraps to [lp.ErrUnavailable].
package highs

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// ErrInvalidOptions is returned for Options that cannot be applied.
var ErrInvalidOptions = errors.New("highs: invalid options")

// Methods accepted in [Options.Method]; they are HiGHS's "solver" option.
const (
	MethodSimplex = "simplex" // dual simplex; hot-starts from the last basis
	MethodIPM     = "ipm"     // interior point with crossover
	MethodChoose  = "choose"  // let HiGHS pick
)

// Options configure each solver instance. The zero value means the defaults
// listed per field.
type Options struct {
	// TimeLimitSeconds bounds one Solve in wall-clock seconds; 0 = no limit.
	// A solve that hits it returns lp.ErrTimeLimit.
	TimeLimitSeconds float64
	// Threads is HiGHS's "threads" option; 0 means 1, since callers run
	// many solvers in parallel. HiGHS keeps one thread pool per process, so
	// give every instance the same value.
	Threads int
	// Output turns HiGHS's log on standard output on; off by default.
	Output bool
	// Method is HiGHS's "solver" option; "" means MethodSimplex. A model
	// with integer columns (lp.Problem.Integer) is solved by HiGHS's
	// branch and cut whatever the method (its LPs by simplex).
	Method string
	// MIPGap is the relative gap at which a mixed-integer solve stops
	// (HiGHS's mip_rel_gap): |primal − dual bound| / |primal| ≤ MIPGap;
	// 0 means DefaultMIPGap. It matters only for models with integer
	// columns.
	MIPGap float64
	// Extra sets further HiGHS options by name (HiGHS's option reference:
	// https://ergo-code.github.io/HiGHS/stable/options/definitions/), after
	// the fields above; each value a bool, int, float64 or string, the
	// option's own type (an int is accepted for a float option, and HiGHS
	// parses a string for any option, as in its options file). An unknown
	// name or a value of the wrong type is an error wrapping
	// [ErrInvalidOptions] when the solver is made.
	Extra map[string]any
}

// DefaultMIPGap is the relative gap of a mixed-integer solve when
// Options.MIPGap is 0: HiGHS's own default, 1e-4 (0.01 % of the
// objective), spelled out so that the answer does not move with HiGHS's
// version.
const DefaultMIPGap = 1e-4

// DefaultOptions returns the options the zero value stands for, spelled out.
func DefaultOptions() Options {
	return Options{Threads: 1, Method: MethodSimplex, MIPGap: DefaultMIPGap}
}

// Validate reports every field that cannot be applied, each wrapping
// [ErrInvalidOptions].
func (o Options) Validate() error {
	var errs []error
	if math.IsNaN(o.TimeLimitSeconds) || o.TimeLimitSeconds < 0 || math.IsInf(o.TimeLimitSeconds, 0) {
		errs = append(errs, fmt.Errorf("%w: TimeLimitSeconds = %v: want a finite value ≥ 0 (0 = no limit)", ErrInvalidOptions, o.TimeLimitSeconds))
	}
	if !(o.MIPGap >= 0 && o.MIPGap < 1) {
		errs = append(errs, fmt.Errorf("%w: MIPGap = %v: want a fraction in [0, 1) (0 = %g)", ErrInvalidOptions, o.MIPGap, DefaultMIPGap))
	}
	if o.Threads < 0 {
		errs = append(errs, fmt.Errorf("%w: Threads = %d: want ≥ 0 (0 = 1 thread)", ErrInvalidOptions, o.Threads))
	}
	switch o.Method {
	case "", MethodSimplex, MethodIPM, MethodChoose:
	default:
		errs = append(errs, fmt.Errorf("%w: Method = %q: want %q, %q or %q", ErrInvalidOptions, o.Method, MethodSimplex, MethodIPM, MethodChoose))
	}
	for _, name := range slices.Sorted(maps.Keys(o.Extra)) {
		if err := checkOption(name, o.Extra[name]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// checkOption checks what can be checked without HiGHS: a name, and a
// value of one of HiGHS's option types (a float finite).
func checkOption(name string, v any) error {
	if name == "" {
		return fmt.Errorf("%w: Extra: an option with no name", ErrInvalidOptions)
	}
	switch x := v.(type) {
	case bool, int, string:
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: Extra[%q] = %v: want a finite number", ErrInvalidOptions, name, x)
		}
	default:
		return fmt.Errorf("%w: Extra[%q] = %v (%T): want a bool, int, float64 or string", ErrInvalidOptions, name, v, v)
	}
	return nil
}

// withDefaults fills zero fields.
func (o Options) withDefaults() Options {
	if o.Threads == 0 {
		o.Threads = 1
	}
	if o.Method == "" {
		o.Method = MethodSimplex
	}
	if o.MIPGap == 0 {
		o.MIPGap = DefaultMIPGap
	}
	return o
}

// Backend makes HiGHS solver instances with its Options. The zero value
// uses the defaults.
type Backend struct {
	Options
}

// New returns a Backend with options o.
func New(o Options) Backend { return Backend{Options: o} }

// Name returns "highs".
func (Backend) Name() string { return "highs" }

// NewSolver returns a new HiGHS instance as an [lp.Solver].
func (b Backend) NewSolver() (lp.Solver, error) {
	s, err := NewSolver(b.Options)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Basis is a simplex basis of a loaded model: HiGHS's status of each
// column and row. [Solver.Basis] saves it; [Solver.SetBasis] puts it back.
type Basis struct{ col, row []int32 }

// MethodSetter is implemented by solvers whose method can change between
// solves and whose basis can be dropped (*Solver): a caller that solves
// one model many times may solve it first by interior point, hot-start
// dual simplex from its basis for small changes, and start cold again for
// large ones.
type MethodSetter interface {
	SetMethod(method string) error
	ClearBasis() error
}

var (
	_ lp.Backend     = Backend{}
	_ lp.Solver      = (*Solver)(nil)
	_ lp.CoeffSetter = (*Solver)(nil)
	_ MethodSetter   = (*Solver)(nil)

	_ lp.IntegralitySetter = (*Solver)(nil)
)
