// Package physics turns weather into the availability of a park's
// renewable assets: kW per kWp for PV arrays and kW per kW rated for wind
// turbines, one value per interval of a [model.SeriesSet]. It holds the
// physical models only; the forecasting methods that use them (clear-sky
// index persistence, PV from a weather forecast) are in package forecast,
// which imports this one and never the reverse.
//
// Physical chain for PV (the equations of PVWatts v5, Dobos,
// NREL/TP-6A20-62641, 2014, with Sandia's cell temperature in place of
// v5's NOCT model, and the temperature coefficient and DC/AC ratio
// defaults of later PVWatts versions: see [DefaultTempCoeffPerC]):
//
//   - [SunPosition]: the NREL Solar Position Algorithm (Reda & Andreas,
//     NREL/TP-560-34302), ±0.0003°; [SunPositions] interpolates its
//     geocentric part between days for series (< 1e-5° zenith difference).
//   - [ClearSkyIneichen] / [ClearSkyGHI] (Ineichen & Perez 2002, constant
//     Linke turbidity) and [ClearSkyHaurwitzGHI] as a cross-check;
//     [RelativeAirMass] (Kasten & Young 1989); [ExtraterrestrialNormalWM2].
//   - [PlaneOfArray]: beam, isotropic or Hay–Davies sky diffuse, ground
//     reflection; [IAMASHRAE] cover loss on the beam.
//   - [CellTemperatureC] (Sandia SAPM), [PVWattsDCKWPerKWp] with the
//     temperature coefficient and DC losses, [PVWattsACKWPerKWp] with the
//     PVWatts part-load inverter curve and AC clipping at 1/DCACRatio.
//
// [ClearSkyPVKW] runs the same chain under the Ineichen clear sky: an
// array's clear-sky power in kW, known in advance for any period.
//
// Wind: [HubHeightSpeedMS] (power law), [DensityCorrectedSpeedMS]
// (IEC 61400-12-1) with [AirDensityKgM3], then a tabulated
// ([CurveKWPerKW]) or generic cubic ([GenericCurveKWPerKW]) power curve.
//
// [PVAvailability] and [WindAvailability] run the chains over a series set
// for one asset's [model.PVWeather] or [model.WindWeather]; [Derive] does it
// for every weather-driven asset of a park and stores the result under
// [model.DerivedColumn]. Input errors are [*InputError] values that name the
// asset, field, column, row and value and unwrap to [ErrInvalid] and
// [model.ErrInvalid]; nothing panics on user data. Package forecast shares
// the error type and the sentinel (forecast.InputError, forecast.ErrInvalid),
// so their messages start "forecast: " too.
//
// Angles are in degrees, azimuths clockwise from north (180 = south),
// irradiance in W/m², temperatures in °C, pressures in hPa, wind in m/s.
// Series timestamps are absolute instants (any zone); the sun is placed at
// timestamp + SunOffsetMinutes, by default the middle of the interval.
package physics
