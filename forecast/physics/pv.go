package physics

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Defaults of the PV model, applied to zero-valued fields of
// [model.PVWeather]. Source unless noted: Dobos, "PVWatts Version 5 Manual",
// NREL/TP-6A20-62641 (2014); the temperature coefficient and the DC/AC
// ratio are later PVWatts versions' (noted on each).
const (
	// DefaultTempCoeffPerC is the power temperature coefficient of a
	// "standard" crystalline-silicon module (−0.37 %/°C): PVWatts
	// Versions 7 and 8's (NREL's SAM Simulation Core, cmod_pvwattsv8,
	// module type "standard"), not Version 5's −0.47 %/°C, which older
	// modules justified.
	DefaultTempCoeffPerC = -0.0037
	// DefaultLossesFraction is the PVWatts default total DC system loss
	// (soiling, shading, snow, mismatch, wiring, connections, LID,
	// nameplate, age, availability): 14 %.
	DefaultLossesFraction = 0.14
	// DefaultInverterEfficiency is the nominal inverter efficiency η_nom.
	DefaultInverterEfficiency = 0.96
	// DefaultDCACRatio is the array DC rating over the inverter AC rating:
	// 1.2, the PVWatts calculator's default since Version 6 (Version 5's
	// compute module defaulted to 1.1).
	DefaultDCACRatio = 1.2
	// DefaultAmbientC and DefaultWindSpeedMS stand in for a missing
	// temperature or wind column (°C, m/s); 1 m/s is a low, conservative
	// wind for the cell temperature.
	DefaultAmbientC    = 20.0
	DefaultWindSpeedMS = 1.0
)

// PVWatts inverter part-load curve reference efficiency, η_ref (Dobos 2014,
// eq. 10): the value of the curve polynomial at full load.
const pvwattsEtaRef = 0.9637

// Sandia open-rack glass/cell/polymer-sheet coefficients of the SAPM cell
// temperature model (King, Boyson & Kratochvil, "Photovoltaic Array
// Performance Model", SAND2004-3535, Table 1): a, b (s/m), ΔT (°C).
const (
	SAPMOpenRackA       = -3.56
	SAPMOpenRackB       = -0.075
	SAPMOpenRackDeltaTC = 3.0
)

// CellTemperatureC is the SAPM cell temperature (SAND2004-3535, eqs. 11–12)
// for an open-rack glass/polymer module:
//
//	T_module = E·exp(a + b·WS) + T_amb
//	T_cell   = T_module + E/1000·ΔT
//
// E is the plane-of-array irradiance (W/m²), T_amb the air temperature (°C),
// WS the wind speed at 10 m (m/s), with the SAPMOpenRack… coefficients.
func CellTemperatureC(poaWM2, ambientC, windSpeedMS float64) float64 {
	tm := poaWM2*math.Exp(SAPMOpenRackA+SAPMOpenRackB*windSpeedMS) + ambientC
	return tm + poaWM2/1000*SAPMOpenRackDeltaTC
}

// PVWattsDCKWPerKWp is the PVWatts v5 DC output per kWp of nameplate
// (Dobos 2014, eq. 8): P_dc = E_tr/1000 · (1 + γ·(T_cell − 25)), with E_tr
// the cover-transmitted plane-of-array irradiance in W/m², γ in 1/°C and
// T_cell in °C; kW per kWp, before system losses. Negative results are 0.
func PVWattsDCKWPerKWp(transmittedWM2, cellTempC, tempCoeffPerC float64) float64 {
	return math.Max(0, transmittedWM2/1000*(1+tempCoeffPerC*(cellTempC-25)))
}

// PVWattsACKWPerKWp is the PVWatts v5 inverter model (Dobos 2014, eqs.
// 9–11) per kWp of DC nameplate, pdc being the DC power after losses in kW
// per kWp:
//
//	P_ac0 = 1/DCACRatio                  (AC rating per kWp DC)
//	P_dc0 = P_ac0/η_nom                  (DC input at rated AC output)
//	ζ     = pdc/P_dc0
//	η     = η_nom/η_ref·(−0.0162·ζ − 0.0059/ζ + 0.9858),  η_ref = 0.9637
//	P_ac  = min(η·pdc, P_ac0), never negative
//
// so the output is clipped at the inverter's AC rating, 1/DCACRatio kW per
// kWp.
func PVWattsACKWPerKWp(pdcKWPerKWp, inverterEfficiency, dcACRatio float64) float64 {
	if pdcKWPerKWp <= 0 {
		return 0
	}
	pac0 := 1 / dcACRatio
	pdc0 := pac0 / inverterEfficiency
	z := pdcKWPerKWp / pdc0
	eta := inverterEfficiency / pvwattsEtaRef * (-0.0162*z - 0.0059/z + 0.9858)
	return math.Max(0, math.Min(eta*pdcKWPerKWp, pac0))
}

// pvParams are the resolved (defaulted and checked) model parameters.
type pvParams struct {
	site          Site
	tilt, azimuth float64
	gamma, losses float64
	etaNom, dcac  float64
	albedo        float64
	sky           SkyModel
	// sunOffsetMinute is where in each interval the sun is taken, unless
	// halfStep: then at half the series' step.
	sunOffsetMinute float64
	halfStep        bool
}

func resolvePV(asset string, w model.PVWeather) (pvParams, error) {
	// The parameter rules live in package model; here only the defaults.
	if err := w.Validate(assetName("pv", asset)); err != nil {
		return pvParams{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	p := pvParams{
		site: Site{LatitudeDeg: w.LatitudeDeg, LongitudeDeg: w.LongitudeDeg, ElevationM: w.ElevationM,
			PressureHPa: PressureAtElevationHPa(w.ElevationM), TemperatureC: DefaultAmbientC},
		tilt: w.TiltDeg, azimuth: w.AzimuthDeg,
		gamma: model.ValueOr(w.TempCoeffPerC, DefaultTempCoeffPerC), losses: model.ValueOr(w.LossesFraction, DefaultLossesFraction),
		etaNom: orDefault(w.InverterEfficiency, DefaultInverterEfficiency), dcac: orDefault(w.DCACRatio, DefaultDCACRatio),
		albedo: model.ValueOr(w.Albedo, DefaultAlbedo), sky: HayDavies,
		sunOffsetMinute: model.ValueOr(w.SunOffsetMinutes, 0), halfStep: w.SunOffsetMinutes == nil,
	}
	if SkyModel(w.SkyModel) == Isotropic {
		p.sky = Isotropic
	}
	return p, nil
}

// assetName is how package model names an asset in its messages.
func assetName(kind, name string) string {
	if name == "" {
		return kind
	}
	return fmt.Sprintf("%s %q", kind, name)
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func isBad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// PVAvailability computes a PV array's available AC output in kW per kWp of
// DC nameplate for every row of set, with the PVWatts v5 chain (Dobos,
// NREL/TP-6A20-62641, 2014):
//
//  1. sun position by SPA ([SunPositions]) at t + SunOffsetMinutes (nil:
//     half the step, the interval midpoint; 0: t itself), pressure from
//     the elevation, the row's air temperature for refraction;
//  2. plane-of-array irradiance ([PlaneOfArray]) from the GHI, DNI and DHI
//     columns (W/m²; small negative sensor values are read as 0), sky model
//     SkyModel, albedo Albedo;
//  3. cover loss: the beam is multiplied by the ASHRAE modifier [IAMASHRAE]
//     with b0 = 0.05 (PVWatts v5 also corrects the beam only);
//  4. cell temperature [CellTemperatureC] from the TempColumn and
//     WindSpeedColumn (or [DefaultAmbientC], [DefaultWindSpeedMS]);
//  5. DC power [PVWattsDCKWPerKWp] × (1 − LossesFraction);
//  6. AC power [PVWattsACKWPerKWp], clipped at 1/DCACRatio.
//
// Optional fields left nil (the pointers) or 0 (InverterEfficiency,
// DCACRatio, SkyModel "") take the Default… constants of this package; a
// pointer to 0 is 0 (model.Float(0): no losses, no albedo, …).
// Rows whose sun-position instant is before sunrise (the first hour of the
// day, for hourly data) keep their diffuse irradiance but lose the beam.
// Every value is checked as a park file's weather columns are
// ([model.WeatherValueRule]: irradiance in [0, 2000] W/m², air
// temperature in °C, wind speed in m/s), so a column in another unit is
// an error that names the unit it may be in, not a yield of 0.
// Errors are [*InputError] values naming the field, column, row and value.
func PVAvailability(w model.PVWeather, set *model.SeriesSet) ([]float64, error) {
	return pvAvailability("", w, set)
}

func pvAvailability(asset string, w model.PVWeather, set *model.SeriesSet) ([]float64, error) {
	out, clock, err := pvSeries(asset, w, set)
	if err != nil {
		return nil, err
	}
	_, off := set.Time(0).Zone()
	if reason := clock.mismatch(w, off); reason != "" {
		return nil, &InputError{Asset: asset, Field: "latitude_deg, longitude_deg", Column: w.GHIColumn, Row: -1,
			Value: fmt.Sprintf("%g, %g", w.LatitudeDeg, w.LongitudeDeg), Reason: reason}
	}
	return out, nil
}

// pvSeries is [PVAvailability]'s series before the daylight check, with
// that check's counts.
func pvSeries(asset string, w model.PVWeather, set *model.SeriesSet) ([]float64, daylight, error) {
	var clock daylight
	p, err := resolvePV(asset, w)
	if err != nil {
		return nil, clock, err
	}
	if err := checkSet(asset, set); err != nil {
		return nil, clock, err
	}
	var errs []error
	get := func(field, name string, optional bool) []float64 {
		if optional && name == "" {
			return nil
		}
		v, err := column(asset, field, name, set)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	ghi := get("ghi_column_w_m2", w.GHIColumn, false)
	dni := get("dni_column_w_m2", w.DNIColumn, false)
	dhi := get("dhi_column_w_m2", w.DHIColumn, false)
	temp := get("temp_column_c", w.TempColumn, true)
	wind := get("wind_speed_column_m_s", w.WindSpeedColumn, true)
	if err := errors.Join(errs...); err != nil {
		return nil, clock, err
	}
	offset := time.Duration(p.sunOffsetMinute * float64(time.Minute))
	if p.halfStep {
		offset = set.Step / 2
	}
	tr := newSunTracker(DeltaTSeconds(decimalYear(set.Start)))
	iamB0 := ASHRAEIAMB0
	out := make([]float64, set.Len)
	for i := range out {
		g, b, d := math.Max(ghi[i], 0), math.Max(dni[i], 0), math.Max(dhi[i], 0)
		if g == 0 && b == 0 && d == 0 {
			continue // night: skip the sun position
		}
		tAmb, ws := DefaultAmbientC, DefaultWindSpeedMS
		if temp != nil {
			tAmb = temp[i]
		}
		if wind != nil {
			ws = math.Max(wind[i], 0)
		}
		site := p.site
		site.TemperatureC = tAmb
		sun := tr.at(set.Time(i).Add(offset), site)
		clock.add(g, sun)
		poa := PlaneOfArray(sun, g, b, d, p.tilt, p.azimuth, p.albedo, p.sky)
		transmitted := poa.BeamWM2*IAMASHRAE(poa.AOIDeg, iamB0) + poa.SkyDiffuseWM2 + poa.GroundWM2
		tc := CellTemperatureC(poa.GlobalWM2(), tAmb, ws)
		dc := PVWattsDCKWPerKWp(transmitted, tc, p.gamma) * (1 - p.losses)
		out[i] = PVWattsACKWPerKWp(dc, p.etaNom, p.dcac)
	}
	return out, clock, nil
}

// decimalYear is the year of t as a fraction (for ΔT).
func decimalYear(t time.Time) float64 {
	u := t.UTC()
	start := time.Date(u.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	return float64(u.Year()) + float64(u.Sub(start))/float64(end.Sub(start))
}
