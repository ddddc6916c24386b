package physics

import "math"

// SkyModel selects the transposition of sky diffuse irradiance to a tilted
// plane.
type SkyModel string

const (
	// Isotropic: E_sky = DHI·(1 + cos β)/2 (Liu & Jordan 1963).
	Isotropic SkyModel = "isotropic"
	// HayDavies adds circumsolar brightening (Hay & Davies 1980,
	// "Calculation of the solar radiation incident on an inclined surface",
	// Proc. First Canadian Solar Radiation Data Workshop):
	// E_sky = DHI·((1 − Ai)·(1 + cos β)/2 + Ai·Rb), anisotropy index
	// Ai = DNI/I0, Rb = max(cos θ, 0)/max(cos z, cos 89°). The default.
	HayDavies SkyModel = "haydavies"
)

// DefaultAlbedo is the ground reflectance used when none is given (0.2,
// grass/generic ground, the PVWatts v5 default).
const DefaultAlbedo = 0.2

// AngleOfIncidenceDeg is the angle between the sun's rays and the normal of a
// plane tilted tiltDeg from horizontal, facing surfaceAzimuthDeg (clockwise
// from north), for the sun at zenithDeg/sunAzimuthDeg:
//
//	cos θ = cos z·cos β + sin z·sin β·cos(γs − γ)
//
// (Duffie & Beckman, Solar Engineering of Thermal Processes, eq. 1.6.3).
// Result in degrees, [0, 180].
func AngleOfIncidenceDeg(zenithDeg, sunAzimuthDeg, tiltDeg, surfaceAzimuthDeg float64) float64 {
	return math.Acos(cosAOI(zenithDeg, sunAzimuthDeg, tiltDeg, surfaceAzimuthDeg)) / deg
}

func cosAOI(zenithDeg, sunAzimuthDeg, tiltDeg, surfaceAzimuthDeg float64) float64 {
	sz, cz := math.Sincos(zenithDeg * deg)
	sb, cb := math.Sincos(tiltDeg * deg)
	c := cz*cb + sz*sb*math.Cos((sunAzimuthDeg-surfaceAzimuthDeg)*deg)
	return math.Max(-1, math.Min(1, c))
}

// ASHRAEIAMB0 is the ASHRAE incidence-angle-modifier coefficient for a
// glass-covered module (b0 = 0.05; Souka & Safwat 1966, ASHRAE Standard 93).
const ASHRAEIAMB0 = 0.05

// IAMASHRAE is the ASHRAE incidence angle modifier
// IAM = 1 − b0·(1/cos θ − 1), clipped to [0, 1] (zero from θ ≈ 87.3° for
// b0 = 0.05 and beyond 90°): the fraction of beam irradiance transmitted
// through the module cover relative to normal incidence.
func IAMASHRAE(aoiDeg, b0 float64) float64 {
	if aoiDeg >= 90 {
		return 0
	}
	c := math.Cos(aoiDeg * deg)
	return math.Max(0, math.Min(1, 1-b0*(1/c-1)))
}

// POA is the irradiance on the plane of array, in W/m², by component.
type POA struct {
	BeamWM2, SkyDiffuseWM2, GroundWM2 float64
	// AOIDeg is the beam angle of incidence in degrees.
	AOIDeg float64
}

// GlobalWM2 is the total plane-of-array irradiance before cover losses.
func (p POA) GlobalWM2() float64 { return p.BeamWM2 + p.SkyDiffuseWM2 + p.GroundWM2 }

// PlaneOfArray transposes horizontal irradiance (ghi, dni, dhi in W/m²) to a
// plane of tilt tiltDeg facing surfaceAzimuthDeg, for the sun at sun:
//
//	beam   = DNI·max(cos θ, 0)
//	sky    = isotropic or Hay–Davies (see [SkyModel]); I0 for Hay–Davies
//	         from sun.EarthSunDistanceAU
//	ground = GHI·albedo·(1 − cos β)/2
//
// With the sun below the horizon the beam is zero and Hay–Davies falls back
// to isotropic (Ai = 0). An empty sky model means [HayDavies]. On a
// horizontal plane beam + sky = DNI·cos z + DHI, i.e. GHI for consistent
// inputs.
func PlaneOfArray(sun SunPos, ghi, dni, dhi, tiltDeg, surfaceAzimuthDeg, albedo float64, sky SkyModel) POA {
	cosT := cosAOI(sun.ZenithDeg, sun.AzimuthDeg, tiltDeg, surfaceAzimuthDeg)
	cosB := math.Cos(tiltDeg * deg)
	cosZ := math.Cos(sun.ZenithDeg * deg)
	up := sun.ZenithDeg < 90

	var beam float64
	if up {
		beam = dni * math.Max(cosT, 0)
	}
	iso := (1 + cosB) / 2
	skyD := dhi * iso
	if sky != Isotropic && up && dni > 0 {
		i0 := ExtraterrestrialNormalWM2(sun.EarthSunDistanceAU)
		ai := math.Min(dni/i0, 1)
		rb := math.Max(cosT, 0) / math.Max(cosZ, math.Cos(89*deg))
		skyD = dhi * ((1-ai)*iso + ai*rb)
	}
	return POA{
		BeamWM2:       beam,
		SkyDiffuseWM2: skyD,
		GroundWM2:     ghi * albedo * (1 - cosB) / 2,
		AOIDeg:        math.Acos(cosT) / deg,
	}
}
