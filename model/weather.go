package model

// PVWeather derives a PV array's availability (kW per kWp) from weather
// columns through the PVWatts-style model of package forecast/physics.
// Zero-valued optional fields take the defaults documented there.
type PVWeather struct {
	// LatitudeDeg and LongitudeDeg place the array, in degrees (north
	// and east positive); ElevationM is its height above sea level in m.
	LatitudeDeg  float64 `json:"latitude_deg"`
	LongitudeDeg float64 `json:"longitude_deg"`
	ElevationM   float64 `json:"elevation_m,omitempty"`
	// TiltDeg is the tilt from horizontal; AzimuthDeg the direction the
	// panels face, clockwise from north (180 = south).
	TiltDeg    float64 `json:"tilt_deg"`
	AzimuthDeg float64 `json:"azimuth_deg"`

	// GHIColumn, DNIColumn and DHIColumn name the series columns of the
	// global horizontal, direct normal and diffuse horizontal irradiance,
	// W/m².
	GHIColumn string `json:"ghi_column_w_m2"`
	DNIColumn string `json:"dni_column_w_m2"`
	DHIColumn string `json:"dhi_column_w_m2"`
	// TempColumn (air temperature, °C) and WindSpeedColumn (m/s) name the
	// columns the cell temperature is modelled from.
	TempColumn      string `json:"temp_column_c,omitempty"`
	WindSpeedColumn string `json:"wind_speed_column_m_s,omitempty"`

	// SunOffsetMinutes is where inside each interval the sun position is
	// taken, in minutes after the timestamp; left out for half the step
	// (the interval mean), 0 for the timestamp itself (instantaneous
	// data).
	//
	// (In Go: the four fields that are pointers — this one,
	// TempCoeffPerC, LossesFraction and Albedo — are those whose 0 is a
	// value a study may mean: nil is the default, [Float](0) is 0. The
	// park file's key left out is nil, a written 0 is 0.)
	SunOffsetMinutes *float64 `json:"sun_offset_minutes,omitempty"`
	// TempCoeffPerC is the power temperature coefficient in 1/°C
	// (negative or 0; nil for the default).
	TempCoeffPerC *float64 `json:"temp_coeff_per_c,omitempty"`
	// LossesFraction is the DC system loss (soiling, wiring, mismatch…);
	// nil for the default.
	LossesFraction *float64 `json:"losses_fraction,omitempty"`
	// InverterEfficiency is the nominal inverter efficiency (0..1]; the
	// default when left out (in Go, 0).
	InverterEfficiency float64 `json:"inverter_efficiency,omitempty"`
	// DCACRatio is DC capacity over inverter AC capacity (clipping); the
	// default when left out (in Go, 0).
	DCACRatio float64 `json:"dc_ac_ratio,omitempty"`
	// Albedo is the ground reflectance; nil for the default.
	Albedo *float64 `json:"albedo,omitempty"`
	// SkyModel is "isotropic" or "haydavies" (default).
	SkyModel string `json:"sky_model,omitempty"`
}

// CurvePoint is one point of a wind power curve: output in kW per kW rated
// at a hub-height wind speed in m/s.
type CurvePoint struct {
	// SpeedMS is the hub-height wind speed in m/s, increasing along the
	// curve; KWPerKW the output at it in kW per kW rated, in [0, 1].
	SpeedMS float64 `json:"speed_m_s"`
	KWPerKW float64 `json:"kw_per_kw"`
}

// WindWeather derives a turbine's availability (kW per kW rated) from a
// wind-speed column through a power curve (package forecast/physics).
type WindWeather struct {
	// SpeedColumn names the series column of the measured wind speed,
	// m/s.
	SpeedColumn string `json:"speed_column_m_s"`
	// MeasurementHeightM is the height of SpeedColumn; HubHeightM the
	// turbine's hub. The speed is extrapolated by the power law with
	// ShearExponent (1/7 when left out; 0 for none: the measured speed
	// at the hub; in Go, nil and [Float](0)).
	MeasurementHeightM float64  `json:"measurement_height_m"`
	HubHeightM         float64  `json:"hub_height_m"`
	ShearExponent      *float64 `json:"shear_exponent,omitempty"`
	// TempColumn (°C) and PressureColumn (hPa), when both set, correct
	// for air density relative to 1.225 kg/m³.
	TempColumn     string `json:"temp_column_c,omitempty"`
	PressureColumn string `json:"pressure_column_hpa,omitempty"`
	// Curve is a tabulated power curve, 0 below its first speed and above
	// its last (end it at the cut-out speed); when empty, the generic curve
	// from CutInMS, RatedMS and CutOutMS is used (they shape it alone:
	// Validate refuses them beside a Curve).
	Curve []CurvePoint `json:"power_curve,omitempty"`
	// CutInMS, RatedMS and CutOutMS shape the generic curve, in m/s at
	// the hub: no output below the cut-in speed, the rated output from
	// the rated speed to the cut-out speed, none above it.
	CutInMS  float64 `json:"cut_in_m_s,omitempty"`
	RatedMS  float64 `json:"rated_m_s,omitempty"`
	CutOutMS float64 `json:"cut_out_m_s,omitempty"`
}

// Defaults of the wind weather model, used where a field is zero.
const (
	// DefaultShearExponent is the 1/7 power law for open, neutral
	// conditions (Peterson & Hennessey, J. Appl. Meteorology 17, 1978).
	DefaultShearExponent = 1.0 / 7
	// DefaultCutInMS, DefaultRatedMS and DefaultCutOutMS describe a generic
	// utility-scale turbine (hub-height m/s; typical of IEC 61400-1 class
	// II machines such as 2–3 MW, 90–110 m rotors).
	DefaultCutInMS  = 3.0
	DefaultRatedMS  = 12.0
	DefaultCutOutMS = 25.0
)

// Shear is the shear exponent used: ShearExponent, or
// DefaultShearExponent when it is nil.
func (w WindWeather) Shear() float64 { return ValueOr(w.ShearExponent, DefaultShearExponent) }

// Float is a pointer to v, for the optional fields whose 0 is a value
// ([PVWeather.LossesFraction], [WindWeather.ShearExponent], …).
func Float(v float64) *float64 { return &v }

// ValueOr is *v, or def when v is nil.
func ValueOr(v *float64, def float64) float64 {
	if v == nil {
		return def
	}
	return *v
}

// GenericSpeedsMS are the cut-in, rated and cut-out speeds of the generic
// curve, with the defaults where the fields are 0.
func (w WindWeather) GenericSpeedsMS() (cutIn, rated, cutOut float64) {
	return orDefault(w.CutInMS, DefaultCutInMS), orDefault(w.RatedMS, DefaultRatedMS), orDefault(w.CutOutMS, DefaultCutOutMS)
}
