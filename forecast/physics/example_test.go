package physics_test

import (
	"fmt"
	"time"

	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
)

// The worked example of the SPA report (NREL/TP-560-34302).
func ExampleSunPosition() {
	t := time.Date(2003, 10, 17, 12, 30, 30, 0, time.FixedZone("MST", -7*3600))
	site := physics.Site{LatitudeDeg: 39.742476, LongitudeDeg: -105.1786, ElevationM: 1830.14,
		PressureHPa: 820, TemperatureC: 11}
	p := physics.SunPosition(t, site, 67)
	fmt.Printf("zenith %.5f°, azimuth %.5f°\n", p.ZenithDeg, p.AzimuthDeg)
	// Output: zenith 50.11162°, azimuth 194.34024°
}

func ExampleSunPositions() {
	site := physics.Site{LatitudeDeg: 36.1, LongitudeDeg: -79.95, ElevationM: 273}
	est := time.FixedZone("EST", -5*3600)
	var times []time.Time
	for h := 6; h <= 18; h += 3 {
		times = append(times, time.Date(2023, 6, 21, h, 0, 0, 0, est))
	}
	for i, p := range physics.SunPositions(times, site, physics.DeltaTSeconds(2023.5)) {
		fmt.Printf("%s elevation %5.1f° azimuth %5.1f°\n", times[i].Format("15:04"), p.ElevationDeg, p.AzimuthDeg)
	}
	// Output:
	// 06:00 elevation   9.6° azimuth  67.8°
	// 09:00 elevation  45.0° azimuth  91.9°
	// 12:00 elevation  76.5° azimuth 158.3°
	// 15:00 elevation  53.7° azimuth 260.8°
	// 18:00 elevation  17.8° azimuth 286.5°
}

func ExampleClearSkyGHI() {
	site := physics.Site{LatitudeDeg: 35, LongitudeDeg: -100, ElevationM: 300}
	noon := time.Date(2023, 6, 21, 18, 40, 0, 0, time.UTC) // ≈ local solar noon
	sun := physics.SunPosition(noon, site, physics.DefaultDeltaTSeconds)
	fmt.Printf("Ineichen–Perez %.0f W/m², Haurwitz %.0f W/m²\n",
		physics.ClearSkyGHI(sun, site.ElevationM, 3), physics.ClearSkyHaurwitzGHI(sun.ZenithDeg))
	// Output:
	// Ineichen–Perez 1005 W/m², Haurwitz 1013 W/m²
}

func ExamplePlaneOfArray() {
	sun := physics.SunPos{ZenithDeg: 30, AzimuthDeg: 160, EarthSunDistanceAU: 1}
	poa := physics.PlaneOfArray(sun, 850, 800, 157, 30, 180, physics.DefaultAlbedo, physics.HayDavies)
	fmt.Printf("AOI %.1f°: beam %.0f + sky %.0f + ground %.0f = %.0f W/m²\n",
		poa.AOIDeg, poa.BeamWM2, poa.SkyDiffuseWM2, poa.GroundWM2, poa.GlobalWM2())
	fmt.Printf("cover transmits %.3f of the beam\n", physics.IAMASHRAE(poa.AOIDeg, physics.ASHRAEIAMB0))
	// Output:
	// AOI 10.0°: beam 788 + sky 165 + ground 11 = 965 W/m²
	// cover transmits 0.999 of the beam
}

func ExampleAngleOfIncidenceDeg() {
	fmt.Printf("%.1f°\n", physics.AngleOfIncidenceDeg(40, 200, 40, 200)) // facing the sun
	fmt.Printf("%.1f°\n", physics.AngleOfIncidenceDeg(33, 123, 0, 180))  // horizontal: the zenith
	// Output:
	// 0.0°
	// 33.0°
}

func ExampleRelativeAirMass() {
	am := physics.RelativeAirMass(60)
	fmt.Printf("AM %.3f, at 1102 m %.3f\n", am, physics.AbsoluteAirMass(am, physics.PressureAtElevationHPa(1102)))
	// Output:
	// AM 1.994, at 1102 m 1.747
}

func ExampleCellTemperatureC() {
	fmt.Printf("%.1f °C\n", physics.CellTemperatureC(1000, 25, 1))
	// Output: 54.4 °C
}

func ExamplePVWattsACKWPerKWp() {
	for _, pdc := range []float64{0.1, 0.5, 0.9} {
		fmt.Printf("DC %.1f → AC %.3f kW/kWp\n", pdc, physics.PVWattsACKWPerKWp(pdc, 0.96, 1.2))
	}
	// Output:
	// DC 0.1 → AC 0.093 kW/kWp
	// DC 0.5 → AC 0.481 kW/kWp
	// DC 0.9 → AC 0.833 kW/kWp
}

// A PV array derived from two hours of weather (the second at noon in June).
func ExamplePVAvailability() {
	set := &model.SeriesSet{
		Start: time.Date(2023, 6, 21, 0, 0, 0, 0, time.FixedZone("EST", -5*3600)),
		Step:  12 * time.Hour, Len: 2,
		Columns: map[string][]float64{
			"ghi": {0, 900}, "dni": {0, 800}, "dhi": {0, 150}, "t": {18, 30},
		},
	}
	w := model.PVWeather{LatitudeDeg: 36.1, LongitudeDeg: -79.95, ElevationM: 273, TiltDeg: 30, AzimuthDeg: 180,
		GHIColumn: "ghi", DNIColumn: "dni", DHIColumn: "dhi", TempColumn: "t", SunOffsetMinutes: model.Float(30)}
	v, err := physics.PVAvailability(w, set)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.3f %.3f kW/kWp\n", v[0], v[1])
	w.DNIColumn = "dni_w_m2"
	_, err = physics.PVAvailability(w, set)
	fmt.Println(err)
	// Output:
	// 0.000 0.669 kW/kWp
	// forecast: field dni_column_w_m2, column "dni_w_m2": no such column in the series
}

func ExampleWindAvailability() {
	set := &model.SeriesSet{
		Start: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: 4,
		Columns: map[string][]float64{"ws10": {2, 5, 8, 20}},
	}
	w := model.WindWeather{SpeedColumn: "ws10", MeasurementHeightM: 10, HubHeightM: 80}
	v, err := physics.WindAvailability(w, set)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.3f\n", v)
	// Output:
	// [0.000 0.163 0.718 0.000]
}

func ExampleGenericCurveKWPerKW() {
	for _, v := range []float64{2, 7.5, 12, 25} {
		fmt.Printf("%4.1f m/s → %.3f kW/kW\n", v, physics.GenericCurveKWPerKW(v, 3, 12, 25))
	}
	// Output:
	// 2.0 m/s → 0.000 kW/kW
	//  7.5 m/s → 0.232 kW/kW
	// 12.0 m/s → 1.000 kW/kW
	// 25.0 m/s → 0.000 kW/kW
}

func ExampleCurveKWPerKW() {
	curve := []model.CurvePoint{{SpeedMS: 3, KWPerKW: 0}, {SpeedMS: 8, KWPerKW: 0.45}, {SpeedMS: 12, KWPerKW: 1}, {SpeedMS: 25, KWPerKW: 1}}
	fmt.Println(physics.ValidateCurve(curve))
	fmt.Printf("%.3f %.3f %.3f\n", physics.CurveKWPerKW(curve, 6), physics.CurveKWPerKW(curve, 10), physics.CurveKWPerKW(curve, 26))
	// Output:
	// <nil>
	// 0.270 0.725 0.000
}

func ExampleDensityCorrectedSpeedMS() {
	rho := physics.AirDensityKgM3(879.5, 16) // 80 m above Amarillo, TX
	fmt.Printf("ρ %.3f kg/m³: 10 m/s acts as %.2f m/s; 10 m → 80 m: %.2f m/s\n",
		rho, physics.DensityCorrectedSpeedMS(10, rho), physics.HubHeightSpeedMS(10, 10, 80, physics.DefaultShearExponent))
	// Output:
	// ρ 1.060 kg/m³: 10 m/s acts as 9.53 m/s; 10 m → 80 m: 13.46 m/s
}

func ExampleDerive() {
	set := &model.SeriesSet{
		Start: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: 3,
		Names:   []string{"ws"},
		Columns: map[string][]float64{"ws": {4, 9, 14}},
	}
	park := &model.Park{Wind: []model.WindTurbine{{Name: "wt1", CapacityKW: 2000,
		Weather: &model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 80, HubHeightM: 80}}}}
	if err := physics.Derive(park, set); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(set.Names)
	fmt.Printf("%.3f\n", set.Columns[model.DerivedColumn("wind", "wt1")])
	// Output:
	// [ws derived:wind:wt1]
	// [0.022 0.413 1.000]
}

func ExampleDeltaTSeconds() {
	fmt.Printf("%.1f s\n", physics.DeltaTSeconds(2000))
	// Output: 63.9 s
}

func ExampleExtraterrestrialNormalWM2() {
	jan := physics.SunPosition(time.Date(2023, 1, 4, 12, 0, 0, 0, time.UTC), physics.Site{}, 69)
	jul := physics.SunPosition(time.Date(2023, 7, 6, 12, 0, 0, 0, time.UTC), physics.Site{}, 69)
	fmt.Printf("perihelion %.0f W/m², aphelion %.0f W/m²\n",
		physics.ExtraterrestrialNormalWM2(jan.EarthSunDistanceAU), physics.ExtraterrestrialNormalWM2(jul.EarthSunDistanceAU))
	// Output:
	// perihelion 1408 W/m², aphelion 1317 W/m²
}
