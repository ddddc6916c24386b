package plan_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// TestHeatParkRefused: the plan's stage rows count electricity only, so
// a park with heat (here a gas boiler serving a heat load, with
// economics) is refused with an error naming the park and its heat side,
// unwrapping to ErrUnsupported and ErrInvalid (exit code 2). Before the
// refusal New accepted it: the solve priced the gas but its stage rows
// ignored the gas's carbon and consumption (a wrong "out of reach"), and
// the design's schedule failed on missing heat series.
func TestHeatParkRefused(t *testing.T) {
	p, set := heatDay(t, 0.05, 0.10, 0.04, nil)
	_, err := plan.New(p, set, plan.DefaultOptions())
	require.Error(t, err)
	assert.ErrorIs(t, err, plan.ErrUnsupported)
	assert.ErrorIs(t, err, plan.ErrInvalid)
	assert.ErrorIs(t, err, model.ErrInvalid)
	var ie *plan.InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, `park "fixture"`, ie.Field)
	assert.Contains(t, err.Error(), "1 heat loads and 1 fuel boilers")
	assert.Contains(t, err.Error(), "heat")
}
