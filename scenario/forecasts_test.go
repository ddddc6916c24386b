package scenario_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

func TestParseForecastChoice(t *testing.T) {
	for spec, want := range map[string]scenario.ForecastChoice{
		"carbon=provided:co2_da":       {Kind: "carbon", Method: "provided", Column: "co2_da"},
		"load=seasonal-week":           {Kind: "load", Method: "seasonal-week"},
		"wind:Turbine 1=regression":    {Kind: "wind", Asset: "Turbine 1", Method: "regression"},
		"pv:Roof=clearsky-persistence": {Kind: "pv", Asset: "Roof", Method: "clearsky-persistence"},
	} {
		got, err := scenario.ParseForecastChoice(spec)
		require.NoError(t, err, spec)
		assert.Equal(t, want, got, spec)
		assert.Equal(t, spec, got.String(), "String reads back")
	}
	for spec, why := range map[string]string{
		"carbon":                    "want SERIES=METHOD",
		"sun=persistence":           `series "sun"`,
		"carbon:x=persistence":      "carbon has no assets",
		"carbon=provided":           "provided needs the forecast's column",
		"load=persistence:col":      "only provided takes a column",
		"pv=weather-pv":             "only the Go API",
		"carbon=crystal-ball":       `unknown method "crystal-ball"`,
		"load=clearsky-persistence": "forecasts PV only",
	} {
		_, err := scenario.ParseForecastChoice(spec)
		assert.ErrorIs(t, err, scenario.ErrForecastChoice, spec)
		assert.ErrorContains(t, err, why, spec)
	}
}

func TestSetForecastsChecksAgainstTheScenario(t *testing.T) {
	s := mustFixture(t, 48)
	good := []scenario.ForecastChoice{{Kind: "load", Method: "seasonal-day"}}
	require.NoError(t, s.SetForecasts(good))
	for _, c := range []scenario.ForecastChoice{
		{Kind: "carbon", Method: "provided", Column: "nope"},
		{Kind: "load", Asset: "warehouse", Method: "persistence"},
		{Kind: "wind", Method: "persistence"},                  // the fixture has no wind
		{Kind: "pv", Method: "clearsky-persistence"},           // its array has no weather
		{Kind: "load", Method: "clearsky-persistence"},         // built in Go, not parsed: PV only
		{Kind: "carbon", Method: "persistence", Column: "co2"}, // a column without provided
		{Kind: "carbon", Asset: "x", Method: "persistence"},
		{Kind: "heat", Method: "persistence"},
	} {
		err := s.SetForecasts([]scenario.ForecastChoice{c})
		assert.ErrorIs(t, err, scenario.ErrForecastChoice, c.String())
		assert.Equal(t, good, s.Forecasts, "unchanged on error: %s", c)
	}
}

// clearsky-persistence on a weather-driven array (the demo's) builds the
// same forecaster as the default for that array: same forecasts.
func TestClearSkyChoiceOnWeatherArray(t *testing.T) {
	s, err := scenario.Demo("texas2012")
	require.NoError(t, err)
	s.Profiles = s.Profiles.Slice(24*150, 24*160)
	s.Series = s.Series.Slice(24*150, 24*160)
	def, err := s.ForecastSet()
	require.NoError(t, err)
	require.NoError(t, s.SetForecasts([]scenario.ForecastChoice{{Kind: "pv", Method: "seasonal-day"},
		{Kind: "pv", Asset: s.Park.PV[0].Name, Method: "clearsky-persistence"}}))
	fs, err := s.ForecastSet()
	require.NoError(t, err)
	hist := model.Series{Start: s.Profiles.Start, Step: s.Profiles.Step, Values: s.Profiles.PVAvailKW[0][:24*7+9]}
	want, got := make([]float64, 24), make([]float64, 24)
	require.NoError(t, def.PV[0].Forecast(hist, want))
	require.NoError(t, fs.PV[0].Forecast(hist, got))
	assert.Equal(t, want, got)
	// The other array kept the seasonal-day choice: yesterday's values.
	hist1 := model.Series{Start: hist.Start, Step: hist.Step, Values: s.Profiles.PVAvailKW[1][:24*7+9]}
	require.NoError(t, fs.PV[1].Forecast(hist1, got))
	assert.Equal(t, s.Profiles.PVAvailKW[1][24*6+9:24*7+9], got)
}

// A provided forecast that is the actual series is perfect information:
// the rolling horizon with carbon=provided:<the signal's own column> must
// plan exactly as with the carbon series seen perfectly (a nil forecaster)
// and every other series on its default.
func TestProvidedActualCarbonIsPerfectInformation(t *testing.T) {
	s := mustFixture(t, 72)
	require.NoError(t, s.SetForecasts([]scenario.ForecastChoice{{Kind: "carbon", Method: "provided", Column: "co2"}}))
	cfg := dispatch.DefaultConfig()
	cfg.Horizon = 12 * time.Hour
	got, err := s.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)

	s.Forecasts = nil
	fs, err := s.ForecastSet()
	require.NoError(t, err)
	fs.Carbon = nil // perfect information for the carbon signal only
	cfg.Forecasts = fs
	want, err := s.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)

	assert.Equal(t, want.Schedule.ImportKW, got.Schedule.ImportKW)
	assert.Equal(t, want.Schedule.SoCKWh, got.Schedule.SoCKWh)
	assert.Equal(t, want.Report.ResidualKgCO2e, got.Report.ResidualKgCO2e)

	// And the choice changed something: the default (persistence) plans
	// differently on this signal.
	cfg.Forecasts = nil // s.Forecasts is nil too: the defaults
	def, err := s.Run(dispatch.RollingHorizon, cfg)
	require.NoError(t, err)
	assert.NotEqual(t, def.Schedule.ImportKW, got.Schedule.ImportKW)
}

// ParseForecastChoice never panics, and what it accepts reads back from
// its String form.
func FuzzParseForecastChoice(f *testing.F) {
	for _, s := range []string{"carbon=provided:co2", "load=seasonal-week", "pv:Roof A=clearsky-persistence",
		"wind:=regression", "=", "carbon==x", "load:a:b=persistence", "carbon=provided::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		c, err := scenario.ParseForecastChoice(spec)
		if err != nil {
			require.ErrorIs(t, err, scenario.ErrForecastChoice)
			return
		}
		again, err := scenario.ParseForecastChoice(c.String())
		require.NoError(t, err, "String of an accepted choice: %q", c.String())
		require.Equal(t, c, again)
	})
}

func TestScenarioSlice(t *testing.T) {
	s := mustFixture(t, 48)
	require.NoError(t, s.SetForecasts([]scenario.ForecastChoice{{Kind: "load", Method: "seasonal-day"}}))
	c := s.Slice(10, 34)
	assert.Equal(t, 24, c.Profiles.Len)
	assert.Equal(t, 24, c.Series.Len)
	assert.True(t, c.Series.Start.Equal(c.Profiles.Start))
	assert.True(t, s.Profiles.Start.Add(10*time.Hour).Equal(c.Profiles.Start))
	assert.Equal(t, s.Forecasts, c.Forecasts)
	assert.Equal(t, 48, s.Profiles.Len, "the original is unchanged")
	assert.Equal(t, 8, s.Slice(40, 99).Profiles.Len, "clamped to the period")
}

// A provided column is checked as the series it forecasts: a carbon
// forecast in g/kWh (which would price import above lost load and shed
// it) and a negative power forecast are refused, naming the column, the
// interval and why; the scenario keeps its choices.
func TestProvidedColumnChecked(t *testing.T) {
	s := mustFixture(t, 48)
	co2 := s.Series.Columns["co2"]
	g := make([]float64, len(co2))
	for i := range g {
		g[i] = 1000 * co2[i]
	}
	require.NoError(t, s.Series.SetColumn("co2_g", g))
	neg := make([]float64, len(co2))
	neg[5] = -1
	require.NoError(t, s.Series.SetColumn("load_da", neg))

	err := s.SetForecasts([]scenario.ForecastChoice{{Kind: "carbon", Method: "provided", Column: "co2_g"}})
	require.ErrorIs(t, err, scenario.ErrForecastChoice)
	assert.Contains(t, err.Error(), `carbon=provided:co2_g: column "co2_g", interval 0 (`)
	assert.Contains(t, err.Error(), "must be at most 3 kgCO2e/kWh in magnitude: is it in g/kWh? divide by 1000")
	assert.Nil(t, s.Forecasts)

	err = s.SetForecasts([]scenario.ForecastChoice{{Kind: "load", Method: "provided", Column: "load_da"}})
	require.ErrorIs(t, err, scenario.ErrForecastChoice)
	assert.Contains(t, err.Error(), `column "load_da", interval 5 (`)
	assert.Contains(t, err.Error(), "value -1: a power forecast must be ≥ 0")

	// In kg/kWh, and a power of 0, it is taken.
	require.NoError(t, s.SetForecasts([]scenario.ForecastChoice{{Kind: "carbon", Method: "provided", Column: "co2"}}))
	neg[5] = 0
	require.NoError(t, s.SetForecasts([]scenario.ForecastChoice{{Kind: "load", Method: "provided", Column: "load_da"}}))
}
