package physics

import (
	"math"
	"time"
)

// Site is an observer on the Earth's surface for [SunPosition].
type Site struct {
	// LatitudeDeg is geodetic latitude, north positive, in [-90, 90].
	LatitudeDeg float64
	// LongitudeDeg is east positive, in [-180, 180].
	LongitudeDeg float64
	// ElevationM is the height above mean sea level in metres.
	ElevationM float64
	// PressureHPa and TemperatureC are the local (annual mean) surface
	// pressure and air temperature that set the atmospheric refraction.
	PressureHPa  float64
	TemperatureC float64
}

// SunPos is the apparent position of the sun seen from a Site.
type SunPos struct {
	// ZenithDeg is the topocentric zenith angle including refraction, in
	// [0, 180]; ElevationDeg = 90 − ZenithDeg.
	ZenithDeg    float64
	ElevationDeg float64
	// AzimuthDeg is measured eastward from north (navigators' convention:
	// 90 east, 180 south), in [0, 360).
	AzimuthDeg float64
	// DeclinationDeg is the topocentric declination, HourAngleDeg the
	// topocentric local hour angle (0 at transit, positive westward) in
	// [0, 360).
	DeclinationDeg float64
	HourAngleDeg   float64
	// EarthSunDistanceAU is the Earth radius vector R in astronomical units.
	EarthSunDistanceAU float64
}

// DefaultDeltaTSeconds is ΔT = TT − UT used when none is known: 69 s is
// close to the observed value for 2015–2025 (IERS Bulletin A); an error of a
// few seconds moves the sun by about 0.001°.
const DefaultDeltaTSeconds = 69.0

// Standard atmosphere values used when a Site gives none.
const (
	StandardPressureHPa  = 1013.25
	StandardTemperatureC = 15.0
)

// Constants of SPA (Reda & Andreas 2004): mean solar radius and mean
// refraction at the horizon, both in degrees; used to decide whether the
// refraction correction applies.
const (
	spaSunRadiusDeg        = 0.26667
	spaHorizonRefractDeg   = 0.5667
	julianDayUnixEpoch     = 2440587.5
	julianDayJ2000         = 2451545.0
	secondsPerDay          = 86400.0
	deg                    = math.Pi / 180
	earthFlatteningFactor  = 0.99664719 // 1 − f of the Earth ellipsoid
	earthEquatorialRadiusM = 6378140.0
)

// SunPosition computes the topocentric solar zenith and azimuth with the
// Solar Position Algorithm of Reda & Andreas, "Solar Position Algorithm for
// Solar Radiation Applications", NREL/TP-560-34302 (2004, revised 2008),
// stated uncertainty ±0.0003° for years −2000..6000.
//
// Steps (equation numbers of the report): Julian day from UTC and Julian
// ephemeris day JDE = JD + ΔT/86400 (ΔT in seconds, [DefaultDeltaTSeconds]
// if unknown); Earth heliocentric longitude L, latitude B and radius R from
// the VSOP87 periodic terms; geocentric longitude Θ = L + 180° and latitude
// β = −B; nutation Δψ, Δε from the 63-term IAU 1980 series; true obliquity
// ε = ε0 + Δε; aberration Δτ = −20.4898″/R; apparent longitude
// λ = Θ + Δψ + Δτ; apparent sidereal time ν; geocentric right ascension α and
// declination δ; local hour angle H = ν + longitude − α; parallax with
// ξ = 8.794″/R on the ellipsoid at the site's elevation giving α′, δ′, H′;
// topocentric elevation e0 and the refraction
// Δe = (P/1010)(283/(273+T))·1.02/(60·tan(e0 + 10.3/(e0 + 5.11))) applied
// while the sun is within the refraction limit of the horizon
// (e0 ≥ −(0.26667° + 0.5667°)); zenith θ = 90° − e0 − Δe; azimuth
// Φ = atan2(sin H′, cos H′ sin φ − tan δ′ cos φ) + 180°.
//
// t may carry any time zone; it is converted to UTC. A Site with zero
// pressure takes [StandardPressureHPa] (temperature is taken as given).
func SunPosition(t time.Time, s Site, deltaTSeconds float64) SunPos {
	jd := julianDay(t)
	g := geocentricSun(jd, deltaTSeconds)
	return g.topocentric(s)
}

// julianDay is the Julian day of t (UT), from the Unix epoch JD 2440587.5.
func julianDay(t time.Time) float64 {
	u := t.UTC()
	return julianDayUnixEpoch + float64(u.Unix())/secondsPerDay + float64(u.Nanosecond())/1e9/secondsPerDay
}

// geoSun holds the site-independent part of SPA for one instant.
type geoSun struct {
	alphaDeg, deltaDeg float64 // geocentric right ascension and declination
	nuDeg              float64 // apparent sidereal time at Greenwich
	radiusAU           float64
}

func seriesSum(terms []periodicTerm, jme float64) float64 {
	s := 0.0
	for _, p := range terms {
		s += p.a * math.Cos(p.b+p.c*jme)
	}
	return s
}

// polySeries evaluates Σ_i x_i·jme^i / 1e8 (Horner).
func polySeries(jme float64, xs ...float64) float64 {
	v := 0.0
	for i := len(xs) - 1; i >= 0; i-- {
		v = v*jme + xs[i]
	}
	return v / 1e8
}

func limitDeg(a float64) float64 {
	a = math.Mod(a, 360)
	if a < 0 {
		a += 360
	}
	return a
}

func geocentricSun(jd, deltaTSeconds float64) geoSun {
	jde := jd + deltaTSeconds/secondsPerDay
	jc := (jd - julianDayJ2000) / 36525
	jce := (jde - julianDayJ2000) / 36525
	jme := jce / 10

	// Earth heliocentric coordinates (radians, AU).
	lRad := polySeries(jme,
		seriesSum(termsL0[:], jme), seriesSum(termsL1[:], jme), seriesSum(termsL2[:], jme),
		seriesSum(termsL3[:], jme), seriesSum(termsL4[:], jme), seriesSum(termsL5[:], jme))
	bRad := polySeries(jme, seriesSum(termsB0[:], jme), seriesSum(termsB1[:], jme))
	r := polySeries(jme,
		seriesSum(termsR0[:], jme), seriesSum(termsR1[:], jme), seriesSum(termsR2[:], jme),
		seriesSum(termsR3[:], jme), seriesSum(termsR4[:], jme))

	theta := limitDeg(lRad/deg + 180) // geocentric longitude
	beta := -bRad / deg               // geocentric latitude

	// Fundamental arguments of the nutation (degrees).
	jce2, jce3 := jce*jce, jce*jce*jce
	x := [5]float64{
		297.85036 + 445267.111480*jce - 0.0019142*jce2 + jce3/189474, // Moon mean elongation
		357.52772 + 35999.050340*jce - 0.0001603*jce2 - jce3/300000,  // Sun mean anomaly
		134.96298 + 477198.867398*jce + 0.0086972*jce2 + jce3/56250,  // Moon mean anomaly
		93.27191 + 483202.017538*jce - 0.0036825*jce2 + jce3/327270,  // Moon argument of latitude
		125.04452 - 1934.136261*jce + 0.0020708*jce2 + jce3/450000,   // Moon ascending node
	}
	var dPsi, dEps float64
	for i := range nutationTerms {
		n := &nutationTerms[i]
		arg := 0.0
		for j, y := range n.y {
			if y != 0 {
				arg += float64(y) * x[j]
			}
		}
		s, c := math.Sincos(arg * deg)
		dPsi += (n.a + n.b*jce) * s
		dEps += (n.c + n.d*jce) * c
	}
	dPsi /= 36e6 // 0.0001″ → degrees
	dEps /= 36e6

	// Mean obliquity of the ecliptic (arcseconds), Laskar's polynomial in
	// U = JME/10.
	u := jme / 10
	eps0 := 84381.448 + u*(-4680.93+u*(-1.55+u*(1999.25+u*(-51.38+u*(-249.67+
		u*(-39.05+u*(7.12+u*(27.87+u*(5.79+u*2.45)))))))))
	eps := eps0/3600 + dEps

	dTau := -20.4898 / (3600 * r) // aberration (degrees)
	lambda := theta + dPsi + dTau

	nu0 := limitDeg(280.46061837 + 360.98564736629*(jd-julianDayJ2000) +
		jc*jc*(0.000387933-jc/38710000))
	nu := nu0 + dPsi*math.Cos(eps*deg)

	sinL, cosL := math.Sincos(lambda * deg)
	sinE, cosE := math.Sincos(eps * deg)
	sinB, cosB := math.Sincos(beta * deg)
	alpha := limitDeg(math.Atan2(sinL*cosE-sinB/cosB*sinE, cosL) / deg)
	delta := math.Asin(sinB*cosE+cosB*sinE*sinL) / deg
	return geoSun{alphaDeg: alpha, deltaDeg: delta, nuDeg: nu, radiusAU: r}
}

func (g geoSun) topocentric(s Site) SunPos {
	p := s.PressureHPa
	if p == 0 {
		p = StandardPressureHPa
	}
	h := limitDeg(g.nuDeg + s.LongitudeDeg - g.alphaDeg) // local hour angle

	// Parallax (equatorial horizontal parallax ξ in degrees).
	xi := 8.794 / (3600 * g.radiusAU)
	phi := s.LatitudeDeg * deg
	sinPhi, cosPhi := math.Sincos(phi)
	uu := math.Atan(earthFlatteningFactor * math.Tan(phi))
	sinU, cosU := math.Sincos(uu)
	xx := cosU + s.ElevationM/earthEquatorialRadiusM*cosPhi
	yy := earthFlatteningFactor*sinU + s.ElevationM/earthEquatorialRadiusM*sinPhi

	sinXi := math.Sin(xi * deg)
	sinH, cosH := math.Sincos(h * deg)
	sinD, cosD := math.Sincos(g.deltaDeg * deg)
	dAlpha := math.Atan2(-xx*sinXi*sinH, cosD-xx*sinXi*cosH) // radians
	deltaP := math.Atan2((sinD-yy*sinXi)*math.Cos(dAlpha), cosD-xx*sinXi*cosH)
	hP := h*deg - dAlpha

	sinDP, cosDP := math.Sincos(deltaP)
	sinHP, cosHP := math.Sincos(hP)
	e0 := math.Asin(sinPhi*sinDP+cosPhi*cosDP*cosHP) / deg

	var dE float64
	if e0 >= -(spaSunRadiusDeg + spaHorizonRefractDeg) {
		dE = p / 1010 * 283 / (273 + s.TemperatureC) * 1.02 /
			(60 * math.Tan((e0+10.3/(e0+5.11))*deg))
	}
	e := e0 + dE
	gamma := math.Atan2(sinHP, cosHP*sinPhi-sinDP/cosDP*cosPhi) / deg
	return SunPos{
		ZenithDeg:          90 - e,
		ElevationDeg:       e,
		AzimuthDeg:         limitDeg(gamma + 180),
		DeclinationDeg:     deltaP / deg,
		HourAngleDeg:       limitDeg(hP / deg),
		EarthSunDistanceAU: g.radiusAU,
	}
}

// DeltaTSeconds estimates ΔT = TT − UT in seconds for a decimal year with the
// polynomials of Espenak & Meeus, "Five Millennium Canon of Solar Eclipses"
// (NASA/TP-2006-214141), for 1986–2150; outside that range it returns
// [DefaultDeltaTSeconds]. (The 2005–2050 branch,
// 62.92 + 0.32217·t + 0.005589·t² with t = year − 2000, overestimates the
// observed ΔT after 2015 by up to ~5 s; harmless for energy modelling.)
func DeltaTSeconds(year float64) float64 {
	switch {
	case year >= 1986 && year < 2005:
		t := year - 2000
		return 63.86 + t*(0.3345+t*(-0.060374+t*(0.0017275+t*(0.000651814+t*0.00002373599))))
	case year >= 2005 && year < 2050:
		t := year - 2000
		return 62.92 + t*(0.32217+t*0.005589)
	case year >= 2050 && year <= 2150:
		u := (year - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-year)
	}
	return DefaultDeltaTSeconds
}

// SolarConstantWM2 is the total solar irradiance at 1 AU, 1361.1 W/m²
// (Gueymard, "A reevaluation of the solar constant based on a 42-year total
// solar irradiance time series", Solar Energy 168, 2018).
const SolarConstantWM2 = 1361.1

// ExtraterrestrialNormalWM2 is the irradiance on a plane normal to the sun's
// rays at the top of the atmosphere, I0 = SolarConstantWM2 / R² (W/m²), with R
// the Earth–sun distance in AU (the eccentricity factor is 1/R²; take R from
// [SunPos.EarthSunDistanceAU]).
func ExtraterrestrialNormalWM2(earthSunDistanceAU float64) float64 {
	return SolarConstantWM2 / (earthSunDistanceAU * earthSunDistanceAU)
}

// RelativeAirMass is the relative optical air mass of Kasten & Young,
// "Revised optical air mass tables and approximation formula", Applied
// Optics 28(22), 1989: AM = 1 / (cos z + 0.50572·(96.07995° − z)^−1.6364), z
// the (apparent) zenith angle in degrees. It is 1 at the zenith, ≈38 at the
// horizon, and +Inf for z ≥ 90° (sun below the horizon: no direct path).
func RelativeAirMass(zenithDeg float64) float64 {
	if zenithDeg >= 90 || math.IsNaN(zenithDeg) {
		return math.Inf(1)
	}
	z := math.Max(zenithDeg, 0)
	return 1 / (math.Cos(z*deg) + 0.50572*math.Pow(96.07995-z, -1.6364))
}

// AbsoluteAirMass scales the relative air mass to the site pressure:
// AM_abs = AM_rel · P / 1013.25 hPa.
func AbsoluteAirMass(relative, pressureHPa float64) float64 {
	return relative * pressureHPa / StandardPressureHPa
}

// PressureAtElevationHPa is the standard-atmosphere surface pressure at an
// elevation h in metres: P = 1013.25·(1 − 2.25577e-5·h)^5.25588 hPa (ISO 2533
// troposphere), used when a site gives no pressure.
func PressureAtElevationHPa(elevationM float64) float64 {
	return StandardPressureHPa * math.Pow(1-2.25577e-5*elevationM, 5.25588)
}

// SunPositions computes [SunPosition] for many instants at once. The
// site-independent part of SPA (right ascension, declination, nutation in
// sidereal time, Earth–sun distance) is evaluated exactly at 0 h UT of each
// day and interpolated with the three-point Lagrange formula, as SPA itself
// does for sunrise and sunset (NREL/TP-560-34302, A.2); the sidereal time
// polynomial, parallax, refraction and azimuth are evaluated exactly at each
// instant. Against the direct algorithm the difference stays below 1e-5° in
// zenith and 1e-4° in azimuth (see the tests), and a year of hourly
// positions costs about 1/7 of the direct calls.
func SunPositions(times []time.Time, s Site, deltaTSeconds float64) []SunPos {
	out := make([]SunPos, len(times))
	tr := newSunTracker(deltaTSeconds)
	for i, t := range times {
		out[i] = tr.at(t, s)
	}
	return out
}

// sunTracker caches geocentric positions at 0 h UT day nodes.
type sunTracker struct {
	deltaT float64
	nodes  map[int64]geoNode
}

// geoNode is geoSun with ν stored as its nutation part Δψ·cos ε, which is
// smooth; the fast sidereal rotation is recomputed exactly per instant.
type geoNode struct {
	alphaDeg, deltaDeg, nutDeg, radiusAU float64
}

func newSunTracker(deltaT float64) *sunTracker {
	return &sunTracker{deltaT: deltaT, nodes: make(map[int64]geoNode, 400)}
}

func meanSiderealDeg(jd float64) float64 {
	jc := (jd - julianDayJ2000) / 36525
	return limitDeg(280.46061837 + 360.98564736629*(jd-julianDayJ2000) +
		jc*jc*(0.000387933-jc/38710000))
}

func (tr *sunTracker) node(day int64) geoNode {
	if n, ok := tr.nodes[day]; ok {
		return n
	}
	jd := float64(day) + 0.5 // 0 h UT
	g := geocentricSun(jd, tr.deltaT)
	nut := g.nuDeg - meanSiderealDeg(jd)
	n := geoNode{alphaDeg: g.alphaDeg, deltaDeg: g.deltaDeg, nutDeg: nut, radiusAU: g.radiusAU}
	tr.nodes[day] = n
	return n
}

// unwrapNear returns a + k·360 closest to ref.
func unwrapNear(a, ref float64) float64 {
	return a - 360*math.Round((a-ref)/360)
}

func (tr *sunTracker) at(t time.Time, s Site) SunPos {
	jd := julianDay(t)
	day := int64(math.Round(jd - 0.5)) // nearest 0 h UT node: JD = day + 0.5
	f := jd - (float64(day) + 0.5)     // in [-0.5, 0.5]
	a, b, c := tr.node(day-1), tr.node(day), tr.node(day+1)
	// Lagrange weights on nodes −1, 0, +1.
	wm, w0, wp := f*(f-1)/2, (1-f)*(1+f), f*(f+1)/2
	lag := func(x, y, z float64) float64 { return wm*x + w0*y + wp*z }
	alpha := limitDeg(lag(unwrapNear(a.alphaDeg, b.alphaDeg), b.alphaDeg, unwrapNear(c.alphaDeg, b.alphaDeg)))
	g := geoSun{
		alphaDeg: alpha,
		deltaDeg: lag(a.deltaDeg, b.deltaDeg, c.deltaDeg),
		nuDeg:    meanSiderealDeg(jd) + lag(a.nutDeg, b.nutDeg, c.nutDeg),
		radiusAU: lag(a.radiusAU, b.radiusAU, c.radiusAU),
	}
	return g.topocentric(s)
}
