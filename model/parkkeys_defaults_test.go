package model_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
)

// The defaults ParkKeys documents are the ones the code applies.
func TestParkKeysDefaultsMatchTheCode(t *testing.T) {
	defaults := map[string]string{} // "object.key" → default text
	for _, r := range model.ParkKeys() {
		for _, o := range r.Optional {
			defaults[r.Object+"."+o.Key] = o.Default
		}
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for key, want := range map[string]string{
		"pv[].weather.temp_column_c":         g(physics.DefaultAmbientC) + " °C",
		"pv[].weather.wind_speed_column_m_s": g(physics.DefaultWindSpeedMS) + " m/s",
		"pv[].weather.temp_coeff_per_c":      g(physics.DefaultTempCoeffPerC),
		"pv[].weather.losses_fraction":       g(physics.DefaultLossesFraction),
		"pv[].weather.inverter_efficiency":   g(physics.DefaultInverterEfficiency),
		"pv[].weather.dc_ac_ratio":           g(physics.DefaultDCACRatio),
		"pv[].weather.albedo":                g(physics.DefaultAlbedo),
		"pv[].weather.sky_model":             strconv.Quote(string(physics.HayDavies)),
		"wind[].weather.cut_in_m_s":          g(model.DefaultCutInMS),
		"wind[].weather.rated_m_s":           g(model.DefaultRatedMS),
		"wind[].weather.cut_out_m_s":         g(model.DefaultCutOutMS),
		"purchased_heat[].kgco2e_per_kwh_th": g(model.DefaultPurchasedHeatKgCO2ePerKWhTh),
		"purchased_heat[].kgce_per_kwh_th":   g(model.DefaultHeatKgcePerKWhTh),
	} {
		d, ok := defaults[key]
		require.True(t, ok, key)
		assert.True(t, strings.HasPrefix(d, want) || strings.Contains(d, " "+want), "%s: documented %q, code uses %s", key, d, want)
	}
	assert.InDelta(t, 1.0/7, model.DefaultShearExponent, 1e-15, "documented as 1/7")

	// The heat pump's capital is REopt's per-ton figure over kW_th per
	// ton, unrounded; the table shows the derivation, not a rounded
	// number the code does not use.
	assert.Equal(t, 4050/3.51685, model.DefaultHeatPumpCapitalPerKWTh)
	hp := defaults["economics.heat_pump.capital_per_kw_th"]
	assert.True(t, strings.HasPrefix(hp, "4050 USD per ton of heating ÷ 3.51685 kW_th per ton ≈ 1151.6"), hp)
}
