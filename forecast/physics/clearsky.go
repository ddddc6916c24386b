package physics

import "math"

// DefaultLinkeTurbidity is the Linke turbidity used when none is given: 3,
// a typical rural mid-latitude value (Ineichen & Perez 2002 use 2–7).
const DefaultLinkeTurbidity = 3.0

// ClearSky is the clear-sky irradiance: global horizontal, direct normal
// and diffuse horizontal, all in W/m².
type ClearSky struct {
	GHIWM2, DNIWM2, DHIWM2 float64
}

// ClearSkyIneichen is the clear-sky model of Ineichen & Perez, "A new
// airmass independent formulation for the Linke turbidity coefficient",
// Solar Energy 73(3), 2002, with a constant Linke turbidity TL (≤ 0 takes
// [DefaultLinkeTurbidity]):
//
//	fh1 = exp(−h/8000), fh2 = exp(−h/1250)       (h elevation in m)
//	cg1 = 5.09e-5·h + 0.868, cg2 = 3.92e-5·h + 0.0387
//	GHI = cg1·I0·cos z·exp(−cg2·AM·(fh1 + fh2·(TL − 1)))
//	DNI = min(b·I0·exp(−0.09·AM·(TL − 1)), GHI·(1 − (0.1 − 0.2·e^−TL)/(0.1 + 0.882/fh1))/cos z)
//	      with b = 0.664 + 0.163/fh1
//	DHI = GHI − DNI·cos z
//
// where z is the zenith angle (degrees), I0 the extraterrestrial normal
// irradiance in W/m² ([ExtraterrestrialNormalWM2]) and AM the
// pressure-corrected Kasten–Young air mass at the standard pressure of the
// elevation. Everything is zero when the sun is at or below the horizon.
func ClearSkyIneichen(zenithDeg, elevationM, linkeTurbidity, extraterrestrialWM2 float64) ClearSky {
	if zenithDeg >= 90 || math.IsNaN(zenithDeg) {
		return ClearSky{}
	}
	tl := linkeTurbidity
	if tl <= 0 {
		tl = DefaultLinkeTurbidity
	}
	am := AbsoluteAirMass(RelativeAirMass(zenithDeg), PressureAtElevationHPa(elevationM))
	return ineichen(math.Cos(zenithDeg*deg), am, elevationM, tl, extraterrestrialWM2)
}

// ineichen is the model of [ClearSkyIneichen] given cos z, the absolute
// air mass am, the elevation h (m), the Linke turbidity tl and I0 (W/m²).
func ineichen(cosZ, am, h, tl, i0 float64) ClearSky {
	fh1 := math.Exp(-h / 8000)
	fh2 := math.Exp(-h / 1250)
	cg1 := 5.09e-5*h + 0.868
	cg2 := 3.92e-5*h + 0.0387
	ghi := math.Max(cg1*i0*cosZ*math.Exp(-cg2*am*(fh1+fh2*(tl-1))), 0)
	b := 0.664 + 0.163/fh1
	dni := b * i0 * math.Exp(-0.09*am*(tl-1))
	if cosZ > 0 {
		limit := ghi * (1 - (0.1-0.2*math.Exp(-tl))/(0.1+0.882/fh1)) / cosZ
		dni = math.Min(dni, math.Max(limit, 0))
	}
	dni = math.Max(dni, 0)
	dhi := math.Max(ghi-dni*cosZ, 0)
	return ClearSky{GHIWM2: ghi, DNIWM2: dni, DHIWM2: dhi}
}

// ClearSkyGHI is the Ineichen–Perez clear-sky global horizontal irradiance
// in W/m² for the sun position p at a site elevationM metres high, with
// Linke turbidity linkeTurbidity (≤ 0: [DefaultLinkeTurbidity]); see
// [ClearSkyIneichen].
func ClearSkyGHI(p SunPos, elevationM, linkeTurbidity float64) float64 {
	return ClearSkyIneichen(p.ZenithDeg, elevationM, linkeTurbidity,
		ExtraterrestrialNormalWM2(p.EarthSunDistanceAU)).GHIWM2
}

// ClearSkyHaurwitzGHI is the clear-sky model of Haurwitz (1945, "Insolation
// in relation to cloudiness and cloud density", J. Meteorology 2), as
// evaluated by Reno, Hansen & Stein, SAND2012-2389:
// GHI = 1098·cos z·exp(−0.059/cos z) W/m², zero with the sun down. It needs
// no atmospheric input and serves as an independent cross-check.
func ClearSkyHaurwitzGHI(zenithDeg float64) float64 {
	if zenithDeg >= 90 || math.IsNaN(zenithDeg) {
		return 0
	}
	c := math.Cos(zenithDeg * deg)
	return 1098 * c * math.Exp(-0.059/c)
}
