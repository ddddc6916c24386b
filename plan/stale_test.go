package plan_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// A plan on a series whose PV availability was derived before the array's
// weather settings were edited in place is refused (model.ErrStale); it
// used to size on the old orientation's availability in silence (QA,
// 2026-12-04). Derived again, the plan is built.
func TestNewRefusesStaleDerivedAvailability(t *testing.T) {
	park, set := loadDemo(t)
	var w *model.PVWeather
	for i := range park.PV {
		if park.PV[i].Weather != nil {
			w = park.PV[i].Weather
			break
		}
	}
	require.NotNil(t, w, "the demo has a weather-driven PV array")
	w.TiltDeg, w.AzimuthDeg = 80, 0
	opt := demoOptions()
	opt.Slices = 40
	_, err := plan.New(park, set, opt)
	require.ErrorIs(t, err, model.ErrStale)
	assert.Contains(t, err.Error(), "derive again")

	require.NoError(t, physics.Derive(park, set))
	m, err := plan.New(park, set, opt)
	require.NoError(t, err)
	m.Close()
}
