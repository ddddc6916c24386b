package physics

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// A 0 given for the weather settings whose 0 is a value is 0, not the
// default: no DC losses, a black ground, no temperature derating, the sun
// at the timestamp, no shear.
func TestWeatherZerosAreZeros(t *testing.T) {
	w := clearWeather()
	site := Site{LatitudeDeg: w.LatitudeDeg, LongitudeDeg: w.LongitudeDeg, ElevationM: w.ElevationM}
	set := clearSkySet(site, time.June, 3, 20)
	base, err := PVAvailability(w, set)
	require.NoError(t, err)

	// Losses: more DC, hour by hour (up to the inverter's clipping).
	w.LossesFraction = model.Float(0)
	lossless, err := PVAvailability(w, set)
	require.NoError(t, err)
	w.LossesFraction = model.Float(DefaultLossesFraction)
	explicit, err := PVAvailability(w, set)
	require.NoError(t, err)
	assert.Equal(t, base, explicit, "the default given is the default")
	for i := range base {
		require.GreaterOrEqual(t, lossless[i], base[i], "hour %d", i)
	}
	assert.Greater(t, sum(lossless), 1.05*sum(base), "0 losses yield more than 14 % losses")

	// Albedo 0: less than the default's 0.2 on a tilted array (ground
	// reflection gone), never more.
	w = clearWeather()
	w.Albedo = model.Float(0)
	black, err := PVAvailability(w, set)
	require.NoError(t, err)
	w = clearWeather()
	def, err := PVAvailability(w, set)
	require.NoError(t, err)
	assert.Less(t, sum(black), sum(def))

	// Temperature coefficient 0: at 20 °C air the cells run hot, so no
	// derating yields more.
	w.TempCoeffPerC = model.Float(0)
	cool, err := PVAvailability(w, set)
	require.NoError(t, err)
	assert.Greater(t, sum(cool), sum(def))

	// Sun offset 0 (the timestamp) is not half the step (the default): the
	// output shifts; 30 minutes on an hourly series is the default.
	w = clearWeather()
	w.SunOffsetMinutes = model.Float(0)
	atStamp, err := PVAvailability(w, set)
	require.NoError(t, err)
	assert.NotEqual(t, def, atStamp)
	w.SunOffsetMinutes = model.Float(30)
	half, err := PVAvailability(w, set)
	require.NoError(t, err)
	assert.Equal(t, def, half)

	// Shear 0: the measured speed at the hub, whatever the heights.
	ww := model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 100, ShearExponent: model.Float(0), Curve: sampleCurve}
	v, err := WindAvailability(ww, windSet([]float64{4, 7}, nil, nil))
	require.NoError(t, err)
	assert.InDelta(t, CurveKWPerKW(sampleCurve, 4), v[0], 1e-12)
	assert.InDelta(t, CurveKWPerKW(sampleCurve, 7), v[1], 1e-12)
	ww.ShearExponent = nil
	v, err = WindAvailability(ww, windSet([]float64{4}, nil, nil))
	require.NoError(t, err)
	assert.InDelta(t, CurveKWPerKW(sampleCurve, 4*math.Pow(10, 1.0/7)), v[0], 1e-12, "nil: the 1/7 law")
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}
