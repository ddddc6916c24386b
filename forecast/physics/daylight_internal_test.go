package physics

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// TestDaylightCheckShifts measures the daylight check on the real hourly
// weather of both demos with the array's longitude moved by 15° for each
// hour of clock error (the sun computed an hour earlier or later, as a
// clock off by that hour would give): the share of sunny hours with the
// sun below −5°, the irradiance's centre against the computed solar noon,
// and the yield against the true longitude's. The true clock passes, a
// clock 2 h or more off is refused, and the centre is found within
// 0.35 h of the shift.
func TestDaylightCheckShifts(t *testing.T) {
	for _, c := range []struct {
		file     string
		lat, lon float64
	}{{"greensboro", 36.100, -79.950}, {"texas2012", 35.21, -101.94}} {
		set := readWeather(t, c.file)
		w := model.PVWeather{LatitudeDeg: c.lat, LongitudeDeg: c.lon, TiltDeg: 30, AzimuthDeg: 180,
			GHIColumn: "ghi_w_m2", DNIColumn: "dni_w_m2", DHIColumn: "dhi_w_m2"}
		yield := func(v []float64) float64 {
			s := 0.0
			for _, x := range v {
				s += x
			}
			return s
		}
		base, clock0, err := pvSeries("", w, set)
		require.NoError(t, err)
		y0 := yield(base)
		assert.Empty(t, clock0.mismatch(w, 0), "%s: the true clock passes", c.file)
		for _, h := range []float64{-12, -6, -3, -2, -1, 0, 1, 2, 3, 6, 12} {
			ws := w
			// A clock h hours fast puts the computed sun h hours ahead:
			// as if the array were 15·h degrees east.
			ws.LongitudeDeg = c.lon + 15*h
			switch {
			case ws.LongitudeDeg > 180:
				ws.LongitudeDeg -= 360
			case ws.LongitudeDeg < -180:
				ws.LongitudeDeg += 360
			}
			v, clock, err := pvSeries("", ws, set)
			require.NoError(t, err)
			share := float64(clock.below) / float64(clock.sunny)
			t.Logf("%s: clock %+3.0f h: %5.1f %% of %d sunny hours below −5°, centre %+5.1f h, yield %5.1f %%",
				c.file, h, 100*share, clock.sunny, clock.centreHours(), 100*yield(v)/y0)
			refused := clock.mismatch(ws, 0) != ""
			switch {
			case math.Abs(h) >= 2:
				assert.True(t, refused, "%s: clock %+g h must be refused", c.file, h)
				assert.Less(t, yield(v)/y0, 0.95, "%s: a refused clock loses more than 5 %% of the yield", c.file)
			default:
				assert.False(t, refused, "%s: clock %+g h passes", c.file, h)
			}
			// The centre: with the sun computed h hours ahead, the
			// irradiance is centred h hours after the computed solar noon
			// (±12 h: either sign).
			if math.Abs(h) < 12 {
				assert.InDelta(t, h, clock.centreHours(), 0.35, "%s: clock %+g h", c.file, h)
			} else {
				assert.InDelta(t, 12, math.Abs(clock.centreHours()), 0.35, "%s: clock %+g h", c.file, h)
			}
		}
	}
}

// TestDaylightMismatchMessage: the error names the array, its place, the
// counts and the centre, and too few sunny intervals say nothing.
func TestDaylightMismatchMessage(t *testing.T) {
	set := readWeather(t, "texas2012")
	w := model.PVWeather{LatitudeDeg: 35.21, LongitudeDeg: -101.94, GHIColumn: "ghi_w_m2", DNIColumn: "dni_w_m2", DHIColumn: "dhi_w_m2", TiltDeg: 30, AzimuthDeg: 180}
	w.LongitudeDeg += 60 // 4 h east: the sun computed 4 h ahead of the weather's
	_, err := pvAvailability("Roof", w, set)
	require.Error(t, err)
	for _, s := range []string{`asset "Roof"`, "latitude_deg, longitude_deg", `column "ghi_w_m2"`, "value 35.21, -41.94", "intervals with GHI above 50 W/m²", "below the horizon", "4.0 h after", "UTC offsets"} {
		assert.Contains(t, err.Error(), s)
	}
	// By hand: the Texas series is at −06:00; at longitude −41.94 the sun
	// is highest at 12:00 − 6 h + 41.94/15 h = 08:48 on that clock, and
	// the irradiance (Amarillo's, at about 12:48) centred about 4 h later.
	assert.Contains(t, err.Error(), "UTC offset -06:00")
	assert.Contains(t, err.Error(), "highest about 08:48 on the series' clock, while the weather's irradiance is centred about 12:4", "12:48 and the centre within a few minutes")
	assert.Equal(t, "23:30", clockTime(-0.5))
	assert.Equal(t, "00:15", clockTime(24.25))
	assert.Equal(t, "+05:30", utcOffset(19800))
	var d daylight
	for range DaylightCheckMinSunny - 1 {
		d.add(500, SunPos{ElevationDeg: -30})
	}
	assert.Empty(t, d.mismatch(w, 0), "fewer than DaylightCheckMinSunny sunny intervals tell nothing")
	d.add(500, SunPos{ElevationDeg: -30})
	assert.NotEmpty(t, d.mismatch(w, 0))
}
