package forecast_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
)

// The two packages share one error type and sentinel: an error of the PV
// model reached through a method ("weather-pv") and one of
// physics.Derive match forecast's names, and a method's own error matches
// physics' names, so callers need one errors.Is and one errors.As.
func TestErrorsSharedWithPhysics(t *testing.T) {
	set := &model.SeriesSet{Start: t0, Step: time.Hour, Len: 3, Names: []string{"ghi", "dni", "dhi"},
		Columns: map[string][]float64{"ghi": {0, 100, 0}, "dni": {0, math.NaN(), 0}, "dhi": {0, 50, 0}}}
	w := model.PVWeather{LatitudeDeg: 35, LongitudeDeg: -100, TiltDeg: 30, AzimuthDeg: 180,
		GHIColumn: "ghi", DNIColumn: "dni", DHIColumn: "dhi"}

	_, err := forecast.NewWeatherPV(w, 100, set)
	require.Error(t, err)
	assert.ErrorIs(t, err, forecast.ErrInvalid)
	var ie *forecast.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "dni", ie.Column)
	assert.Equal(t, 1, ie.Row)

	park := &model.Park{PV: []model.PVArray{{Name: "pv", CapacityKWp: 100, Weather: &w}}}
	err = physics.Derive(park, set)
	assert.ErrorIs(t, err, forecast.ErrInvalid)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "pv", ie.Asset)

	_, err = forecast.NewWeatherPV(w, -1, set)
	assert.ErrorIs(t, err, physics.ErrInvalid)
	var pe *physics.InputError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "capacity_kwp", pe.Field)
}
