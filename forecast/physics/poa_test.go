package physics

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func cosd(x float64) float64 { return math.Cos(x * deg) }

// TestPOAHorizontalEqualsGHI: on a horizontal plane both sky models give
// beam + sky = GHI for consistent (clear-sky) inputs, and no ground term.
func TestPOAHorizontalEqualsGHI(t *testing.T) {
	site := Site{LatitudeDeg: 36.1, LongitudeDeg: -79.95, ElevationM: 273}
	start := time.Date(2023, 3, 1, 10, 0, 0, 0, time.UTC)
	n := 0
	for h := range 24 * 200 {
		sun := SunPosition(start.Add(time.Duration(h)*97*time.Minute), site, DefaultDeltaTSeconds)
		if sun.ZenithDeg > 88 {
			continue
		}
		cs := ClearSkyIneichen(sun.ZenithDeg, site.ElevationM, 3, ExtraterrestrialNormalWM2(sun.EarthSunDistanceAU))
		for _, sky := range []SkyModel{Isotropic, HayDavies} {
			poa := PlaneOfArray(sun, cs.GHIWM2, cs.DNIWM2, cs.DHIWM2, 0, 180, 0.2, sky)
			assert.InDelta(t, cs.GHIWM2, poa.GlobalWM2(), 1e-6*math.Max(1, cs.GHIWM2), "sky=%s sun=%+v", sky, sun)
			assert.Zero(t, poa.GroundWM2)
			assert.InDelta(t, sun.ZenithDeg, poa.AOIDeg, 1e-6)
		}
		n++
	}
	assert.Greater(t, n, 1000)
}

func TestAngleOfIncidence(t *testing.T) {
	cases := []struct {
		name                  string
		zen, az, tilt, surfAz float64
		want                  float64
	}{
		{"facing the sun", 40, 200, 40, 200, 0},
		{"facing the sun, vertical", 90, 90, 90, 90, 0},
		{"horizontal", 33, 123, 0, 180, 33},
		{"sun behind the panel", 60, 0, 30, 180, 90}, // cos θ = 0.5·0.866 − 0.866·0.5 = 0
		{"edge-on east-west", 0, 180, 90, 90, 90},    // sun at zenith, vertical panel
		{"tilted 30 toward a sun at 30", 30, 180, 60, 180, 30},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.InDelta(t, c.want, AngleOfIncidenceDeg(c.zen, c.az, c.tilt, c.surfAz), 1e-6)
		})
	}
}

func TestPOAComponents(t *testing.T) {
	sun := SunPos{ZenithDeg: 30, AzimuthDeg: 180, EarthSunDistanceAU: 1}
	// Panel facing the sun: beam = DNI; isotropic sky = DHI(1+cos β)/2;
	// ground = GHI·ρ(1−cos β)/2.
	p := PlaneOfArray(sun, 800, 700, 200, 30, 180, 0.25, Isotropic)
	assert.InDelta(t, 700, p.BeamWM2, 1e-9)
	assert.InDelta(t, 200*(1+cosd(30))/2, p.SkyDiffuseWM2, 1e-9)
	assert.InDelta(t, 800*0.25*(1-cosd(30))/2, p.GroundWM2, 1e-9)
	// Hay–Davies puts the circumsolar share Ai = DNI/I0 in the beam
	// direction: Rb = 1/cos 30° here, so more than isotropic.
	hd := PlaneOfArray(sun, 800, 700, 200, 30, 180, 0.25, HayDavies)
	ai := 700 / SolarConstantWM2
	assert.InDelta(t, 200*((1-ai)*(1+cosd(30))/2+ai/cosd(30)), hd.SkyDiffuseWM2, 1e-9)
	// Sun down: no beam, Hay–Davies reduces to isotropic.
	night := SunPos{ZenithDeg: 95, AzimuthDeg: 270, EarthSunDistanceAU: 1}
	a := PlaneOfArray(night, 20, 0, 20, 30, 180, 0.2, HayDavies)
	b := PlaneOfArray(night, 20, 0, 20, 30, 180, 0.2, Isotropic)
	assert.Zero(t, a.BeamWM2)
	assert.Equal(t, a, b)
}

func TestIAMASHRAE(t *testing.T) {
	assert.InDelta(t, 1, IAMASHRAE(0, ASHRAEIAMB0), 1e-12)
	assert.InDelta(t, 0.95, IAMASHRAE(60, ASHRAEIAMB0), 1e-12) // 1 − 0.05·(2 − 1)
	assert.Zero(t, IAMASHRAE(88, ASHRAEIAMB0))                 // beyond 1/cos θ = 21
	assert.Zero(t, IAMASHRAE(120, ASHRAEIAMB0))
	prev := 1.0
	for a := 0.0; a < 90; a++ {
		v := IAMASHRAE(a, ASHRAEIAMB0)
		assert.LessOrEqual(t, v, prev)
		prev = v
	}
}

// The SPA report's example (Reda & Andreas, NREL/TP-560-34302, Table A5.1):
// topocentric zenith 50.11162°, azimuth 194.34024°, a surface tilted 30°
// and rotated 10° east of south (azimuth 170°) sees the sun at an
// incidence angle of 25.18700°.
func TestAngleOfIncidenceSPAReport(t *testing.T) {
	assert.InDelta(t, 25.18700, AngleOfIncidenceDeg(50.11162, 194.34024, 30, 170), 1e-4)
}
