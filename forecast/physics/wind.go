package physics

import (
	"errors"
	"fmt"
	"math"

	"github.com/zeropark/zeropark/model"
)

// Defaults of the wind model, applied to zero-valued fields of
// [model.WindWeather]; they live in package model with its rules.
const (
	DefaultShearExponent = model.DefaultShearExponent
	DefaultCutInMS       = model.DefaultCutInMS
	DefaultRatedMS       = model.DefaultRatedMS
	DefaultCutOutMS      = model.DefaultCutOutMS
)

// ReferenceAirDensityKgM3 is the standard sea-level air density to which
// power curves are referred (IEC 61400-12-1).
const ReferenceAirDensityKgM3 = 1.225

// DryAirGasConstantJPerKgK is the specific gas constant of dry air.
const DryAirGasConstantJPerKgK = 287.05

// HubHeightSpeedMS extrapolates a wind speed measured at measurementHeightM
// to hubHeightM with the power law v_hub = v·(h_hub/h_meas)^α (α: shear
// exponent, dimensionless; heights in m, speeds in m/s).
func HubHeightSpeedMS(speedMS, measurementHeightM, hubHeightM, shearExponent float64) float64 {
	return speedMS * math.Pow(hubHeightM/measurementHeightM, shearExponent)
}

// AirDensityKgM3 is the dry-air density from the ideal gas law,
// ρ = p/(R·T), with p in hPa (×100 → Pa), T = temperatureC + 273.15 K and
// R = 287.05 J/(kg·K).
func AirDensityKgM3(pressureHPa, temperatureC float64) float64 {
	return pressureHPa * 100 / (DryAirGasConstantJPerKgK * (temperatureC + 273.15))
}

// DensityCorrectedSpeedMS normalises a wind speed to the reference density
// for a power curve measured at 1.225 kg/m³, as IEC 61400-12-1 does for
// pitch-regulated turbines: v_n = v·(ρ/1.225)^(1/3). Thin (warm, high) air
// gives a lower equivalent speed and so less power.
func DensityCorrectedSpeedMS(speedMS, densityKgM3 float64) float64 {
	return speedMS * math.Cbrt(densityKgM3/ReferenceAirDensityKgM3)
}

// GenericCurveKWPerKW is a generic power curve in kW per kW rated: 0 below
// cutInMS, (v³ − v_in³)/(v_r³ − v_in³) from cut-in to ratedMS (power grows
// with the cube of speed), 1 from rated up to cutOutMS and 0 at or above
// cut-out. Speeds in m/s; requires 0 ≤ cutIn < rated < cutOut.
func GenericCurveKWPerKW(speedMS, cutInMS, ratedMS, cutOutMS float64) float64 {
	switch {
	case speedMS < cutInMS || speedMS >= cutOutMS:
		return 0
	case speedMS >= ratedMS:
		return 1
	}
	ci3 := cutInMS * cutInMS * cutInMS
	return (speedMS*speedMS*speedMS - ci3) / (ratedMS*ratedMS*ratedMS - ci3)
}

// CurveKWPerKW interpolates a tabulated power curve linearly in speed. Below
// the first point and above the last the output is 0 (below cut-in and
// beyond cut-out). The curve must have speeds strictly increasing (see
// [ValidateCurve]).
func CurveKWPerKW(curve []model.CurvePoint, speedMS float64) float64 {
	n := len(curve)
	if n == 0 || speedMS < curve[0].SpeedMS || speedMS > curve[n-1].SpeedMS {
		return 0
	}
	// Binary search for the segment [k−1, k] holding speedMS.
	lo, hi := 0, n-1
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if curve[m].SpeedMS <= speedMS {
			lo = m
		} else {
			hi = m
		}
	}
	a, b := curve[lo], curve[hi]
	if b.SpeedMS == a.SpeedMS {
		return a.KWPerKW
	}
	f := (speedMS - a.SpeedMS) / (b.SpeedMS - a.SpeedMS)
	return a.KWPerKW + f*(b.KWPerKW-a.KWPerKW)
}

// ValidateCurve checks a tabulated power curve: at least two points, finite
// speeds ≥ 0 strictly increasing, outputs in [0, 1] kW per kW (the rules of
// [model.ValidateCurve]).
func ValidateCurve(curve []model.CurvePoint) error {
	if err := model.ValidateCurve(curve); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}

// WindAvailability computes a turbine's available output in kW per kW rated
// for every row of set: the SpeedColumn (m/s at MeasurementHeightM) is
// extrapolated to HubHeightM by [HubHeightSpeedMS] (ShearExponent; nil: 1/7);
// when TempColumn (°C) and PressureColumn (hPa) are both set it is
// normalised by [DensityCorrectedSpeedMS] with the [AirDensityKgM3] of the
// row; then it goes through the tabulated Curve ([CurveKWPerKW]) or, when
// that is empty, the [GenericCurveKWPerKW] with CutInMS, RatedMS, CutOutMS
// (zero values: DefaultCutInMS, DefaultRatedMS, DefaultCutOutMS).
// Every value is checked as a park file's weather columns are
// ([model.WeatherValueRule]: speed in m/s, temperature in °C, pressure
// in hPa), so a column in another unit is an error that names the unit it
// may be in.
// Errors are [*InputError] values naming the field, column, row and value.
func WindAvailability(w model.WindWeather, set *model.SeriesSet) ([]float64, error) {
	return windAvailability("", w, set)
}

func windAvailability(asset string, w model.WindWeather, set *model.SeriesSet) ([]float64, error) {
	// The parameter rules live in package model; here only the defaults.
	if err := w.Validate(assetName("wind", asset)); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	var errs []error
	alpha := w.Shear()
	cutIn, rated, cutOut := w.GenericSpeedsMS()
	if err := checkSet(asset, set); err != nil {
		return nil, err
	}
	speed, err := column(asset, "speed_column_m_s", w.SpeedColumn, set)
	if err != nil {
		return nil, err
	}
	var temp, pres []float64
	if w.TempColumn != "" {
		temp, err = column(asset, "temp_column_c", w.TempColumn, set)
		errs = append(errs, err)
		pres, err = column(asset, "pressure_column_hpa", w.PressureColumn, set)
		errs = append(errs, err)
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
	}
	shear := math.Pow(w.HubHeightM/w.MeasurementHeightM, alpha)
	out := make([]float64, set.Len)
	for i, v := range speed {
		if v < 0 {
			return nil, &InputError{Asset: asset, Field: "speed_column_m_s", Column: w.SpeedColumn, Row: i,
				Time: set.Time(i), Value: fmt.Sprint(v), Reason: "wind speed must be ≥ 0"}
		}
		v *= shear
		if temp != nil {
			if pres[i] <= 0 || temp[i] <= -273.15 {
				return nil, &InputError{Asset: asset, Field: "pressure_column_hpa/temp_column_c",
					Column: w.PressureColumn + "/" + w.TempColumn, Row: i, Time: set.Time(i),
					Value: fmt.Sprintf("%g hPa, %g °C", pres[i], temp[i]), Reason: "no positive air density"}
			}
			v = DensityCorrectedSpeedMS(v, AirDensityKgM3(pres[i], temp[i]))
		}
		if len(w.Curve) > 0 {
			out[i] = CurveKWPerKW(w.Curve, v)
		} else {
			out[i] = GenericCurveKWPerKW(v, cutIn, rated, cutOut)
		}
	}
	return out, nil
}
