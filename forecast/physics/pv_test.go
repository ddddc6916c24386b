package physics

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/model"
)

func TestCellTemperature(t *testing.T) {
	// SAPM by hand: 1000·e^(−3.56 − 0.075) + 25 = 51.39 °C module,
	// + 3 °C to the cell.
	assert.InDelta(t, 54.39, CellTemperatureC(1000, 25, 1), 0.01)
	assert.Equal(t, 10.0, CellTemperatureC(0, 10, 3))
	// Cross-check with the NOCT rule T_c = T_a + (NOCT − 20)/800·E at the
	// NOCT conditions (800 W/m², 20 °C, 1 m/s): typical NOCT 45–48 °C.
	noct := CellTemperatureC(800, 20, 1)
	assert.Greater(t, noct, 43.0)
	assert.Less(t, noct, 50.0)
	assert.Less(t, CellTemperatureC(800, 20, 5), noct) // wind cools
}

func TestPVWattsDCAC(t *testing.T) {
	// DC at STC is 1 kW/kWp; −0.37 %/°C.
	assert.InDelta(t, 1, PVWattsDCKWPerKWp(1000, 25, DefaultTempCoeffPerC), 1e-12)
	assert.InDelta(t, 0.5*(1-0.0037*20), PVWattsDCKWPerKWp(500, 45, DefaultTempCoeffPerC), 1e-12)
	assert.Zero(t, PVWattsDCKWPerKWp(0, 25, DefaultTempCoeffPerC))

	// At rated DC input (ζ = 1) the efficiency is η_nom.
	pdc0 := 1 / DefaultDCACRatio / DefaultInverterEfficiency
	assert.InDelta(t, pdc0*DefaultInverterEfficiency, PVWattsACKWPerKWp(pdc0, DefaultInverterEfficiency, DefaultDCACRatio), 1e-9)
	// Part load: lower efficiency at 10 % load than at 50 %.
	eff := func(pdc float64) float64 {
		return PVWattsACKWPerKWp(pdc, DefaultInverterEfficiency, DefaultDCACRatio) / pdc
	}
	assert.Less(t, eff(0.1*pdc0), eff(0.5*pdc0))
	assert.Less(t, eff(0.5*pdc0), DefaultInverterEfficiency+0.005)
	// Clipped at the AC rating, never negative.
	for _, dcac := range []float64{1, 1.2, 1.5} {
		pac0 := 1 / dcac
		for pdc := 0.0; pdc <= 2; pdc += 0.001 {
			ac := PVWattsACKWPerKWp(pdc, DefaultInverterEfficiency, dcac)
			require.GreaterOrEqual(t, ac, 0.0)
			require.LessOrEqual(t, ac, pac0+1e-12)
			require.LessOrEqual(t, ac, pdc)
		}
		assert.Equal(t, pac0, PVWattsACKWPerKWp(2, DefaultInverterEfficiency, dcac))
	}
	assert.Zero(t, PVWattsACKWPerKWp(1e-6, DefaultInverterEfficiency, DefaultDCACRatio))
}

// clearSkySet is hourly clear-sky weather (Ineichen–Perez, TL 2.5) for days
// days from the first of month 2023 at a site (UTC−5 timestamps, row =
// [h, h+1)), columns ghi, dni, dhi, temp, wind.
func clearSkySet(site Site, month time.Month, days int, tempC float64) *model.SeriesSet {
	start := time.Date(2023, month, 1, 0, 0, 0, 0, time.FixedZone("EST", -5*3600))
	n := 24 * days
	set := &model.SeriesSet{Start: start, Step: time.Hour, Len: n, Columns: map[string][]float64{}}
	cols := map[string][]float64{}
	for _, c := range []string{"ghi", "dni", "dhi", "temp", "wind"} {
		cols[c] = make([]float64, n)
		set.Names = append(set.Names, c)
	}
	for i := range n {
		sun := SunPosition(set.Time(i).Add(30*time.Minute), site, DefaultDeltaTSeconds)
		cs := ClearSkyIneichen(sun.ZenithDeg, site.ElevationM, 2.5, ExtraterrestrialNormalWM2(sun.EarthSunDistanceAU))
		cols["ghi"][i], cols["dni"][i], cols["dhi"][i] = cs.GHIWM2, cs.DNIWM2, cs.DHIWM2
		cols["temp"][i], cols["wind"][i] = tempC, 2
	}
	set.Columns = cols
	return set
}

func clearWeather() model.PVWeather {
	return model.PVWeather{LatitudeDeg: 36.1, LongitudeDeg: -79.95, ElevationM: 273, TiltDeg: 30, AzimuthDeg: 180,
		GHIColumn: "ghi", DNIColumn: "dni", DHIColumn: "dhi", TempColumn: "temp", WindSpeedColumn: "wind"}
}

func TestPVAvailabilityNightAndClipping(t *testing.T) {
	w := clearWeather()
	site := Site{LatitudeDeg: w.LatitudeDeg, LongitudeDeg: w.LongitudeDeg, ElevationM: w.ElevationM}
	set := clearSkySet(site, time.January, 365, -10) // cold and clear: DC near nameplate
	for _, dcac := range []float64{1.2, 1.6} {
		w.DCACRatio = dcac
		v, err := PVAvailability(w, set)
		require.NoError(t, err)
		require.Len(t, v, set.Len)
		clipped := 0
		for i, x := range v {
			if set.Columns["ghi"][i] == 0 {
				require.Zero(t, x, "night row %d", i) // night: zero
			}
			require.GreaterOrEqual(t, x, 0.0)
			require.LessOrEqual(t, x, 1/dcac+1e-12) // never above the inverter rating
			if x == 1/dcac {
				clipped++
			}
			h := set.Time(i).Hour()
			if h < 4 || h > 20 { // local standard time: always dark at 36°N
				require.Zero(t, x)
			}
		}
		assert.Positive(t, clipped, "dcac %g: a cold clear year clips", dcac)
	}
}

func TestPVAvailabilityHorizontalCrossCheck(t *testing.T) {
	// Independent path: a horizontal array sees GHI, so the AC output must
	// follow the hand chain from GHI with the same temperature and loss
	// models, within the beam cover loss (ASHRAE IAM; < 4 % in June).
	w := clearWeather()
	w.TiltDeg = 0
	site := Site{LatitudeDeg: w.LatitudeDeg, LongitudeDeg: w.LongitudeDeg, ElevationM: w.ElevationM}
	set := clearSkySet(site, time.June, 5, 20)
	v, err := PVAvailability(w, set)
	require.NoError(t, err)
	var got, want float64
	for i := range v {
		g := set.Columns["ghi"][i]
		dc := PVWattsDCKWPerKWp(g, CellTemperatureC(g, 20, 2), DefaultTempCoeffPerC) * (1 - DefaultLossesFraction)
		want += PVWattsACKWPerKWp(dc, DefaultInverterEfficiency, DefaultDCACRatio)
		got += v[i]
	}
	assert.InEpsilon(t, want, got, 0.04)
	assert.Less(t, got, want) // the IAM only removes energy
}

func TestPVAvailabilityErrors(t *testing.T) {
	site := Site{LatitudeDeg: 36.1, LongitudeDeg: -79.95}
	good := clearSkySet(site, time.January, 2, 20)
	withNaN := clearSkySet(site, time.January, 2, 20)
	withNaN.Columns["dni"][30] = math.NaN()
	// Weather in another unit, refused as a park file's is (QA H,
	// session 39: kelvin gave PV 0 at noon, without a word).
	kelvin := clearSkySet(site, time.January, 2, 20+273.15)
	kJ := clearSkySet(site, time.January, 2, 20)
	kJ.Columns["ghi"][12] = 3600
	cases := []struct {
		name  string
		edit  func(*model.PVWeather)
		set   *model.SeriesSet
		wants []string
	}{
		{"missing column", func(w *model.PVWeather) { w.DHIColumn = "nope" }, good, []string{"dhi_column_w_m2", `"nope"`}},
		{"empty column name", func(w *model.PVWeather) { w.GHIColumn = "" }, good, []string{"ghi_column_w_m2", "empty"}},
		{"NaN value", func(*model.PVWeather) {}, withNaN, []string{"dni_column_w_m2", "row 30", "NaN"}},
		{"tilt", func(w *model.PVWeather) { w.TiltDeg = 120 }, good, []string{"tilt_deg", "120"}},
		{"latitude", func(w *model.PVWeather) { w.LatitudeDeg = math.Inf(1) }, good, []string{"latitude_deg", "+Inf"}},
		{"losses", func(w *model.PVWeather) { w.LossesFraction = model.Float(1.5) }, good, []string{"losses_fraction", "1.5"}},
		{"sky model", func(w *model.PVWeather) { w.SkyModel = "perez" }, good, []string{"sky_model", "perez"}},
		{"temp coefficient", func(w *model.PVWeather) { w.TempCoeffPerC = model.Float(0.01) }, good, []string{"temp_coeff_per_c"}},
		{"temperature in kelvin", func(*model.PVWeather) {}, kelvin, []string{"temp_column_c", "row 0", "is it in kelvin?"}},
		{"irradiance per hour in kJ/m²", func(*model.PVWeather) {}, kJ, []string{"ghi_column_w_m2", "row 12", "kJ/m² an hour"}},
		{"nil set", func(*model.PVWeather) {}, nil, []string{"nil"}},
		{"zero step", func(*model.PVWeather) {}, &model.SeriesSet{Len: 1}, []string{"step"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := clearWeather()
			c.edit(&w)
			_, err := PVAvailability(w, c.set)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.ErrorIs(t, err, model.ErrInvalid)
			// Data problems are *InputError; parameter problems come from
			// the one set of rules in package model (*model.FieldError).
			var ie *InputError
			var fe *model.FieldError
			assert.True(t, errors.As(err, &ie) || errors.As(err, &fe), "typed error: %v", err)
			for _, s := range c.wants {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
	// Every bad field is reported at once.
	w := clearWeather()
	w.TiltDeg, w.AzimuthDeg, w.Albedo = -1, 400, model.Float(2)
	_, err := PVAvailability(w, good)
	for _, f := range []string{"tilt_deg", "azimuth_deg", "albedo"} {
		assert.Contains(t, err.Error(), f)
	}
}

// readWeather returns the real hourly weather embedded with a demo park
// (package demo: TMY3 Greensboro NC, NSRDB 2012 Amarillo TX; both in local
// standard time, labelled as calendar 2023, see demo/data/README.md).
func readWeather(t testing.TB, demoName string) *model.SeriesSet {
	t.Helper()
	_, set, err := demo.Load(demoName)
	require.NoError(t, err)
	return set
}

// TestAnnualYield runs the model on a year of real hourly weather for a
// south-facing array at 30° tilt with the PVWatts defaults (DC/AC 1.2,
// 14 % losses, η 0.96) and checks the specific AC yield against bands for
// fixed-tilt PVWatts-style systems in these climates: Greensboro NC
// 1300–1550 and Amarillo TX 1650–1900 kWh/kWp·yr. Where the bands come
// from, honestly: they are the project's estimate — the sites' annual
// plane-of-array resource (≈ 1,700–1,800 and ≈ 2,250–2,400 kWh/m² at this
// tilt) times the performance-ratio range of such systems — not figures
// read off the PVWatts calculator, which could not be reached from here.
// The lower Greensboro edge allows for Hay–Davies giving 1–3 % less tilted
// irradiance than PVWatts's Perez model. The second, independent check is
// that very ratio: AC yield over plane-of-array insolation (kWh/m² at
// 1 kW/m², computed here by the same geometry without losses) must be a
// PVWatts-like 0.74–0.86.
//
// Timestamps: both files are local standard time and row h is the hour
// [h, h+1) (TMY3 hour-ending labels; NSRDB h:30 centred values), so the
// sun is taken at the interval midpoint (the default). The NSRDB year 2012
// has no Feb 29; the demo lays both on the non-leap calendar of 2023.
func TestAnnualYield(t *testing.T) {
	cases := []struct {
		file     string
		lat, lon float64
		elevM    float64
		lo, hi   float64
	}{
		{"greensboro", 36.100, -79.950, 273, 1300, 1550},
		{"texas2012", 35.21, -101.94, 1102, 1650, 1900},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			set := readWeather(t, c.file)
			require.Equal(t, 8760, set.Len)
			w := model.PVWeather{LatitudeDeg: c.lat, LongitudeDeg: c.lon, ElevationM: c.elevM, TiltDeg: 30, AzimuthDeg: 180,
				GHIColumn: "ghi_w_m2", DNIColumn: "dni_w_m2", DHIColumn: "dhi_w_m2",
				TempColumn: "temp_c", WindSpeedColumn: "wind_speed_m_s"}
			v, err := PVAvailability(w, set)
			require.NoError(t, err)
			yield := 0.0
			for _, x := range v {
				yield += model.EnergyKWh(x, set.Step) // kWh per kWp
			}
			assert.GreaterOrEqual(t, yield, c.lo)
			assert.LessOrEqual(t, yield, c.hi)

			// Plane-of-array insolation by the same geometry, no losses.
			site := Site{LatitudeDeg: c.lat, LongitudeDeg: c.lon, ElevationM: c.elevM, PressureHPa: PressureAtElevationHPa(c.elevM), TemperatureC: 15}
			var poaKWh float64
			for i := range set.Len {
				sun := SunPosition(set.Time(i).Add(30*time.Minute), site, DefaultDeltaTSeconds)
				p := PlaneOfArray(sun, set.Columns["ghi_w_m2"][i], set.Columns["dni_w_m2"][i], set.Columns["dhi_w_m2"][i], 30, 180, DefaultAlbedo, HayDavies)
				poaKWh += p.GlobalWM2() / 1000
			}
			pr := yield / poaKWh
			t.Logf("%s: %.0f kWh_AC/kWp·yr, POA %.0f kWh/m²·yr, PR %.3f", c.file, yield, poaKWh, pr)
			assert.Greater(t, pr, 0.74)
			assert.Less(t, pr, 0.86)
		})
	}
}

func BenchmarkPVAvailability(b *testing.B) {
	set := readWeather(b, "greensboro")
	w := model.PVWeather{LatitudeDeg: 36.1, LongitudeDeg: -79.95, ElevationM: 273, TiltDeg: 30, AzimuthDeg: 180,
		GHIColumn: "ghi_w_m2", DNIColumn: "dni_w_m2", DHIColumn: "dhi_w_m2", TempColumn: "temp_c", WindSpeedColumn: "wind_speed_m_s"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PVAvailability(w, set); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(set.Len), "rows")
}

func BenchmarkSunPosition(b *testing.B) {
	b.Run("direct", func(b *testing.B) {
		tt := spaExampleTime
		for b.Loop() {
			SunPosition(tt, spaExampleSite, 67)
			tt = tt.Add(time.Hour)
		}
	})
	b.Run("batch/rows=8760", func(b *testing.B) {
		times := make([]time.Time, 8760)
		for i := range times {
			times[i] = spaExampleTime.Add(time.Duration(i) * time.Hour)
		}
		b.ReportAllocs()
		for b.Loop() {
			SunPositions(times, spaExampleSite, 67)
		}
	})
}
