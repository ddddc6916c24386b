package physics

import (
	"time"

	"github.com/zeropark/zeropark/model"
)

// ClearSkyPVKW is a PV array's clear-sky available power in kW for n
// intervals from start at step step: the Ineichen–Perez clear-sky GHI, DNI
// and DHI ([ClearSkyIneichen], Linke turbidity linkeTurbidity, ≤ 0 for
// [DefaultLinkeTurbidity]) at the sun position [PVAvailability] uses (the
// interval midpoint, or SunOffsetMinutes), run through the same PVWatts
// chain with the default ambient temperature and wind, times capacityKWp.
// Only w's site, orientation and system parameters are used; its column
// names are ignored. The result is deterministic, so it is known in
// advance for any period.
func ClearSkyPVKW(w model.PVWeather, capacityKWp, linkeTurbidity float64, start time.Time, step time.Duration, n int) ([]float64, error) {
	if isBad(capacityKWp) || capacityKWp < 0 {
		return nil, fieldErr("", "capacity_kwp", capacityKWp, "capacity must be non-negative and finite")
	}
	if step <= 0 {
		return nil, fieldErr("", "step", step, "step must be positive")
	}
	if n < 0 {
		return nil, fieldErr("", "len", n, "length must not be negative")
	}
	p, err := resolvePV("", w)
	if err != nil {
		return nil, err
	}
	offset := time.Duration(p.sunOffsetMinute * float64(time.Minute))
	if p.halfStep {
		offset = step / 2
	}
	times := make([]time.Time, n)
	for i := range times {
		times[i] = start.Add(time.Duration(i)*step + offset)
	}
	site := p.site
	site.TemperatureC = DefaultAmbientC
	sun := SunPositions(times, site, DeltaTSeconds(decimalYear(start)))
	ghi, dni, dhi := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, s := range sun {
		cs := ClearSkyIneichen(s.ZenithDeg, w.ElevationM, linkeTurbidity, ExtraterrestrialNormalWM2(s.EarthSunDistanceAU))
		ghi[i], dni[i], dhi[i] = cs.GHIWM2, cs.DNIWM2, cs.DHIWM2
	}
	set := &model.SeriesSet{Start: start, Step: step, Len: n, Names: []string{"ghi", "dni", "dhi"},
		Columns: map[string][]float64{"ghi": ghi, "dni": dni, "dhi": dhi}}
	cw := w
	cw.GHIColumn, cw.DNIColumn, cw.DHIColumn = "ghi", "dni", "dhi"
	cw.TempColumn, cw.WindSpeedColumn = "", ""
	out, err := PVAvailability(cw, set)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] *= capacityKWp
	}
	return out, nil
}
