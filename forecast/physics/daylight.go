package physics

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/model"
)

// Daylight check: does the weather's sun shine when the sun computed for
// the array's place and the series' clock is up?
//
// A PV array's latitude and longitude and the series' timestamps (with
// their UTC offsets) decide where [SunPosition] puts the sun; the GHI,
// DNI and DHI columns say when it shone. When the two disagree — the
// weather station's longitude kept while the timestamps were restamped
// in another zone, a series in local time read as UTC, an array's
// longitude with its sign lost — the beam falls on a sun below the
// horizon or far from where it was, and the yield drops without any
// other sign: QA found PV at 1,315 MWh a year instead of 5,260 for the
// Amarillo weather stamped at +08:00 with the station's own longitude.
//
// The check counts the sunny intervals (GHI above [DaylightCheckGHIWM2])
// and, of them, those whose computed sun is more than
// [DaylightCheckBelowDeg] below the horizon, where no irradiance can be
// (the margin keeps sunrise and sunset hours, and the hour-beginning or
// hour-ending convention of the data, out of it). Above
// [DaylightCheckMaxShare] of at least [DaylightCheckMinSunny] sunny
// intervals, the derivation is refused, with the GHI-weighted mean of
// the computed hour angle: how far from the computed solar noon the
// weather's irradiance is centred.
//
// Measured on both demos' real hourly weather (Greensboro NC TMY3 and
// Amarillo TX NSRDB 2012; the sun at each hour's midpoint), with the
// array's longitude moved 15° for each hour of clock error (the same as
// a clock that far off): the share of sunny hours with the sun below
// −5°, the irradiance's centre against the computed solar noon, and the
// yield against the true clock's (TestDaylightCheckShifts logs and
// asserts them; 2026-12-02):
//
//	clock error   below −5° (−h / +h)             centre*  yield (−h / +h)
//	              Greensboro     Amarillo                  Greensboro     Amarillo
//	0 h           0.0 %          0.0 %            0.0 h    100 %          100 %
//	1 h           0.5 / 0.5 %    1.5 / 1.4 %      ±1.0 h   98.5 / 98.1 %  98.4 / 97.8 %
//	2 h           8.7 / 8.3 %    9.3 / 10.0 %     ±2.0 h   94.0 / 93.2 %  93.0 / 92.1 %
//	3 h           18.0 / 17.6 %  18.3 / 19.1 %    ±3.0 h   87.3 / 86.2 %  84.8 / 83.9 %
//	6 h           45.9 / 45.6 %  45.6 / 46.4 %    ±6.0 h   62.3 / 60.8 %  53.7 / 53.1 %
//	12 h          88.1 %         87.5 %           12.0 h   38.9 %         22.6 %
//
// (* of the sign of the clock error: a clock h hours fast centres the
// irradiance h hours after the computed solar noon.)
//
// A share of 5 % lets a clock an hour off through (its yield 2 % low:
// within what an hour-ending series read as hour-beginning, or a
// station some degrees from the array, may honestly be) and stops one
// 2 hours or more off, 6 % or more of the yield lost.
const (
	DaylightCheckGHIWM2   = 50
	DaylightCheckBelowDeg = -5
	DaylightCheckMaxShare = 0.05
	DaylightCheckMinSunny = 48
)

// daylight gathers the check's counts over one array's derivation.
type daylight struct {
	sunny, below int
	// sinW, cosW: the GHI-weighted sums of the hour angle's sine and
	// cosine (a circular mean: hour angles wrap at 360°).
	sinW, cosW float64
}

// add counts an interval of GHI g (W/m²) whose computed sun is sun.
func (d *daylight) add(g float64, sun SunPos) {
	if !(g > DaylightCheckGHIWM2) {
		return
	}
	d.sunny++
	if sun.ElevationDeg < DaylightCheckBelowDeg {
		d.below++
	}
	ha := sun.HourAngleDeg * math.Pi / 180
	d.sinW += g * math.Sin(ha)
	d.cosW += g * math.Cos(ha)
}

// centreHours is the GHI-weighted circular mean of the computed hour
// angle, in hours (15° an hour), in (−12, 12]: positive when the
// weather's irradiance is centred after the computed solar noon.
func (d *daylight) centreHours() float64 {
	h := math.Atan2(d.sinW, d.cosW) * 180 / math.Pi / 15
	if h <= -12 {
		h += 24
	}
	return h
}

// mismatch is why array w's weather does not match its place and clock,
// or "" when it does (or when too few sunny intervals tell). offsetSec is
// the series' UTC offset (its first timestamp's), for the clock times the
// message gives: the sun's highest at longitude L is about 12:00 +
// (offset/15° − L)/15° h on the series' clock (the equation of time, within
// ±16 minutes, left out), and the irradiance is centred centreHours
// after it.
func (d *daylight) mismatch(w model.PVWeather, offsetSec int) string {
	if d.sunny < DaylightCheckMinSunny {
		return ""
	}
	share := float64(d.below) / float64(d.sunny)
	if share <= DaylightCheckMaxShare {
		return ""
	}
	c := d.centreHours()
	when := "after"
	if c < 0 {
		when = "before"
	}
	offH := float64(offsetSec) / 3600
	noon := 12 + offH - w.LongitudeDeg/15
	return fmt.Sprintf("the weather does not match the array's place and the series' clock: in %d of %d intervals with GHI above %d W/m² (%.0f %%) "+
		"the sun computed at latitude %g, longitude %g for the series' timestamps (UTC offset %s) is more than %d° below the horizon: "+
		"at that longitude the sun is highest about %s on the series' clock, while the weather's irradiance is centred about %s, "+
		"%.1f h %s; check the array's longitude (east positive) and latitude, and the series' UTC offsets "+
		"(timestamps in local time need their offset, e.g. 2023-01-01T00:00:00+08:00; a station's longitude goes with its own zone)",
		d.below, d.sunny, DaylightCheckGHIWM2, 100*share, w.LatitudeDeg, w.LongitudeDeg, utcOffset(offsetSec), -DaylightCheckBelowDeg,
		clockTime(noon), clockTime(noon+c), math.Abs(c), when)
}

// clockTime writes hours h (any real number) as a time of day, HH:MM.
func clockTime(h float64) string {
	m := int(math.Round(h*60)) % (24 * 60)
	if m < 0 {
		m += 24 * 60
	}
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// utcOffset writes an offset in seconds as ±HH:MM.
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d:%02d", sign, sec/3600, sec/60%60)
}
