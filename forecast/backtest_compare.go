package forecast

import (
	"errors"
	"fmt"

	"github.com/zeropark/zeropark/model"
)

// Comparison is one method's backtest in [Compare].
type Comparison struct {
	Method string
	Result *BacktestResult
}

// Compare backtests each of methods (made fresh by [New] from in) on s with
// the same origins. Methods that in cannot build ([Inputs.Applicable]) are
// skipped; nil methods means every method of [Methods]. Errors of
// individual methods are joined; the others are still returned.
func Compare(methods []string, in Inputs, s model.Series, horizon, from, every int) ([]Comparison, error) {
	if methods == nil {
		methods = Methods()
	}
	var out []Comparison
	var errs []error
	for _, m := range methods {
		if !in.Applicable(m) {
			if _, err := New(m, Inputs{}); errors.Is(err, ErrUnknownMethod) {
				errs = append(errs, err)
			}
			continue
		}
		f, err := New(m, in)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", m, err))
			continue
		}
		r, err := Backtest(f, s, horizon, from, every)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", m, err))
			continue
		}
		out = append(out, Comparison{Method: m, Result: r})
	}
	return out, errors.Join(errs...)
}
