package physics

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

func TestGenericCurve(t *testing.T) {
	cases := []struct{ v, want float64 }{
		{0, 0}, {2.99, 0}, {3, 0}, {12, 1}, {20, 1}, {24.99, 1}, {25, 0}, {30, 0},
		{7.5, (7.5*7.5*7.5 - 27) / (1728 - 27)},
	}
	for _, c := range cases {
		assert.InDelta(t, c.want, GenericCurveKWPerKW(c.v, 3, 12, 25), 1e-12, "v=%g", c.v)
	}
	prev := 0.0
	for v := 0.0; v <= 12; v += 0.01 {
		p := GenericCurveKWPerKW(v, 3, 12, 25)
		require.GreaterOrEqual(t, p, prev, "monotone up to rated, v=%g", v)
		prev = p
	}
}

// sampleCurve is a normalised 2 MW-class curve (shape of the IEC 61400-12
// measured curves published for such machines).
var sampleCurve = []model.CurvePoint{
	{SpeedMS: 3, KWPerKW: 0}, {SpeedMS: 4, KWPerKW: 0.04}, {SpeedMS: 6, KWPerKW: 0.18},
	{SpeedMS: 8, KWPerKW: 0.45}, {SpeedMS: 10, KWPerKW: 0.8}, {SpeedMS: 12, KWPerKW: 1},
	{SpeedMS: 25, KWPerKW: 1},
}

func TestTabulatedCurve(t *testing.T) {
	require.NoError(t, ValidateCurve(sampleCurve))
	cases := []struct{ v, want float64 }{
		{0, 0}, {2.5, 0}, {3, 0}, {3.5, 0.02}, {7, 0.315}, {12, 1}, {20, 1}, {25, 1}, {25.01, 0}, {40, 0},
	}
	for _, c := range cases {
		assert.InDelta(t, c.want, CurveKWPerKW(sampleCurve, c.v), 1e-12, "v=%g", c.v)
	}
	prev := 0.0
	for v := 0.0; v <= 12; v += 0.01 {
		p := CurveKWPerKW(sampleCurve, v)
		require.GreaterOrEqual(t, p, prev, "v=%g", v)
		prev = p
	}
	bad := []struct {
		name  string
		curve []model.CurvePoint
		want  string
	}{
		{"one point", sampleCurve[:1], "at least 2 points"},
		{"not increasing", []model.CurvePoint{{SpeedMS: 5}, {SpeedMS: 4, KWPerKW: 1}}, "power_curve[1].speed_m_s"},
		{"above one", []model.CurvePoint{{SpeedMS: 3}, {SpeedMS: 4, KWPerKW: 1.2}}, "power_curve[1].kw_per_kw"},
		{"NaN", []model.CurvePoint{{SpeedMS: math.NaN()}, {SpeedMS: 4, KWPerKW: 1}}, "power_curve[0].speed_m_s"},
	}
	for _, c := range bad {
		err := ValidateCurve(c.curve)
		require.Error(t, err, c.name)
		assert.ErrorIs(t, err, ErrInvalid)
		assert.Contains(t, err.Error(), c.want)
	}
}

func TestHubHeightAndDensity(t *testing.T) {
	// Power law by hand: 10 m → 80 m with α = 1/7: 8^(1/7) = 1.345900.
	assert.InDelta(t, 5*1.345900, HubHeightSpeedMS(5, 10, 80, 1.0/7), 1e-5)
	assert.Equal(t, 7.0, HubHeightSpeedMS(7, 80, 80, 0.3))
	// ISA sea level: 1013.25 hPa, 15 °C → 1.225 kg/m³.
	assert.InDelta(t, 1.225, AirDensityKgM3(1013.25, 15), 1e-3)
	// Amarillo hub height (0.868 atm ≈ 879.5 hPa, 16 °C): ρ ≈ 1.06.
	rho := AirDensityKgM3(879.5, 16)
	assert.InDelta(t, 1.060, rho, 0.005)
	// Thin air lowers the equivalent speed, dense air raises it.
	assert.Less(t, DensityCorrectedSpeedMS(8, rho), 8.0)
	assert.InDelta(t, 8*math.Cbrt(rho/1.225), DensityCorrectedSpeedMS(8, rho), 1e-12)
	assert.Greater(t, DensityCorrectedSpeedMS(8, AirDensityKgM3(1030, -20)), 8.0)
}

func windSet(speeds, temps, pres []float64) *model.SeriesSet {
	set := &model.SeriesSet{Start: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: len(speeds),
		Names: []string{"ws"}, Columns: map[string][]float64{"ws": speeds}}
	if temps != nil {
		set.Names = append(set.Names, "t", "p")
		set.Columns["t"], set.Columns["p"] = temps, pres
	}
	return set
}

func TestWindAvailability(t *testing.T) {
	speeds := []float64{0, 2, 5, 8, 11, 15, 24, 30}
	w := model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 80, HubHeightM: 80}
	v, err := WindAvailability(w, windSet(speeds, nil, nil))
	require.NoError(t, err)
	for i, s := range speeds {
		assert.InDelta(t, GenericCurveKWPerKW(s, DefaultCutInMS, DefaultRatedMS, DefaultCutOutMS), v[i], 1e-12)
	}
	assert.Zero(t, v[0])
	assert.Zero(t, v[7]) // above cut-out

	// Hub 100 m from 10 m measurements with α 0.2 scales speed by 10^0.2.
	w2 := model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 100, ShearExponent: model.Float(0.2), Curve: sampleCurve}
	v2, err := WindAvailability(w2, windSet([]float64{4}, nil, nil))
	require.NoError(t, err)
	assert.InDelta(t, CurveKWPerKW(sampleCurve, 4*math.Pow(10, 0.2)), v2[0], 1e-12)

	// Density: a high, warm site yields less than the reference curve.
	w3 := model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 80, HubHeightM: 80, TempColumn: "t", PressureColumn: "p"}
	s := []float64{6, 8, 10}
	thin, err := WindAvailability(w3, windSet(s, []float64{30, 30, 30}, []float64{870, 870, 870}))
	require.NoError(t, err)
	ref, err := WindAvailability(w3, windSet(s, []float64{15, 15, 15}, []float64{1013.25, 1013.25, 1013.25}))
	require.NoError(t, err)
	for i := range s {
		assert.Less(t, thin[i], ref[i])
		assert.InDelta(t, GenericCurveKWPerKW(s[i], 3, 12, 25), ref[i], 2e-3) // ρ = 1.225: no change
	}
}

func TestWindAvailabilityErrors(t *testing.T) {
	ok := windSet([]float64{5, 6}, []float64{10, 10}, []float64{1000, 1000})
	cases := []struct {
		name string
		w    model.WindWeather
		set  *model.SeriesSet
		want []string
	}{
		{"no heights", model.WindWeather{SpeedColumn: "ws"}, ok, []string{"measurement_height_m", "hub_height_m"}},
		{"missing column", model.WindWeather{SpeedColumn: "x", MeasurementHeightM: 10, HubHeightM: 80}, ok, []string{"speed_column_m_s", `"x"`}},
		{"one density column", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80, TempColumn: "t"}, ok, []string{"pressure_column_hpa", "temp_column_c"}},
		{"negative speed", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80}, windSet([]float64{1, -2}, nil, nil), []string{"row 1", "-2"}},
		{"NaN speed", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80}, windSet([]float64{math.NaN()}, nil, nil), []string{"row 0", "NaN"}},
		{"zero pressure", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80, TempColumn: "t", PressureColumn: "p"}, windSet([]float64{5}, []float64{10}, []float64{0}), []string{"pressure_column_hpa", "must be in [300, 1100] hPa"}},
		// A column in another unit is refused as a park file's is, the
		// unit named (QA H, session 39: atm gave no wind, kelvin too).
		{"pressure in atm", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80, TempColumn: "t", PressureColumn: "p"}, windSet([]float64{5}, []float64{10}, []float64{0.977}), []string{"row 0", "is it in atm?"}},
		{"temperature in kelvin", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80, TempColumn: "t", PressureColumn: "p"}, windSet([]float64{5}, []float64{283.15}, []float64{1000}), []string{"temp_column_c", "is it in kelvin?"}},
		{"speed in km/h", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80}, windSet([]float64{300}, nil, nil), []string{"speed_column_m_s", "is it in km/h?"}},
		{"bad generic curve", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80, CutInMS: 15}, ok, []string{"cut_in_m_s"}},
		{"bad table", model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 10, HubHeightM: 80, Curve: sampleCurve[:1]}, ok, []string{"power_curve"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := WindAvailability(c.w, c.set)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.ErrorIs(t, err, model.ErrInvalid)
			for _, s := range c.want {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
}
