package forecast_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

func choicePark() (*model.Park, *model.Profiles) {
	p := &model.Park{
		Name:  "choices",
		Loads: []model.Load{{Name: "office", Column: "a"}, {Name: "hotel", Column: "b"}},
		PV:    []model.PVArray{{Name: "roof", CapacityKWp: 100, AvailabilityColumn: "pv"}},
		Grid:  model.Grid{ImportLimitKW: 100, DispatchCarbon: model.CarbonSignal{Column: "co2"}},
	}
	n := 48
	prof := &model.Profiles{Start: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n,
		LoadKW: [][]float64{make([]float64, n), make([]float64, n)}, PVAvailKW: [][]float64{make([]float64, n)},
		WindAvailKW: [][]float64{}, DispatchKgCO2ePerKWh: make([]float64, n)}
	return p, prof
}

func TestApplyChoices(t *testing.T) {
	p, prof := choicePark()
	var asked []string
	provided := func(column string) (model.Forecaster, error) {
		asked = append(asked, column)
		if column != "co2_da" {
			return nil, errors.New("no such forecast")
		}
		return forecast.Persistence{}, nil
	}
	fs, err := forecast.ChosenSet(p, nil, prof, nil, []forecast.Choice{
		{Kind: "load", Method: "seasonal-day"},
		{Kind: "load", Asset: "hotel", Method: "persistence"}, // later choices win
		{Kind: "carbon", Method: "provided", Column: "co2_da"},
	}, provided)
	require.NoError(t, err)
	assert.Equal(t, forecast.SeasonalNaive{Period: 24 * time.Hour}, fs.Load[0])
	assert.Equal(t, forecast.Persistence{}, fs.Load[1])
	assert.Equal(t, forecast.Persistence{}, fs.Carbon)
	assert.Equal(t, []string{"co2_da"}, asked, "the hook is asked for the provided column")
	assert.IsType(t, &forecast.Regression{}, fs.PV[0], "the default kept for an array without weather")

	for _, tc := range []struct {
		c        forecast.Choice
		provided forecast.ProvidedFunc
		why      string
	}{
		{forecast.Choice{Kind: "carbon", Method: "provided", Column: "x"}, provided, "no such forecast"},
		{forecast.Choice{Kind: "carbon", Method: "provided", Column: "x"}, nil, "no provided forecasts"},
		{forecast.Choice{Kind: "load", Asset: "shop", Method: "persistence"}, nil, `no load named "shop" (have "office", "hotel")`},
		{forecast.Choice{Kind: "wind", Method: "persistence"}, nil, "the park has no wind"},
		{forecast.Choice{Kind: "pv", Method: "clearsky-persistence"}, nil, "weather"},
		{forecast.Choice{Kind: "heat", Method: "persistence"}, nil, "the park has no heat"},
		{forecast.Choice{Kind: "steam", Method: "persistence"}, nil, `series "steam"`},
	} {
		fs, err := forecast.DefaultSet(p, nil, prof)
		require.NoError(t, err)
		err = forecast.ApplyChoices(fs, p, prof, nil, []forecast.Choice{tc.c}, tc.provided)
		assert.ErrorIs(t, err, forecast.ErrChoice, tc.c.String())
		assert.ErrorContains(t, err, tc.why, tc.c.String())
	}
}

func TestParseChoice(t *testing.T) {
	for spec, want := range map[string]forecast.Choice{
		"carbon=provided:co2_da":   {Kind: "carbon", Method: "provided", Column: "co2_da"},
		"load:office = regression": {Kind: "load", Asset: "office", Method: "regression"},
	} {
		got, err := forecast.ParseChoice(spec)
		require.NoError(t, err, spec)
		assert.Equal(t, want, got, spec)
	}
	_, err := forecast.ParseChoice("load=" + strings.Repeat("x", 5000))
	require.ErrorIs(t, err, forecast.ErrChoice)
	assert.Less(t, len(err.Error()), 400, "a long spec is not echoed whole")
}

// A controller and a simulated run read the same --forecast syntax.
func ExampleParseChoice() {
	for _, spec := range []string{"carbon=provided:co2_day_ahead", "wind:Turbine 1=regression", "load=tomorrow"} {
		c, err := forecast.ParseChoice(spec)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("kind %s, asset %q, method %s, column %q\n", c.Kind, c.Asset, c.Method, c.Column)
	}
	// Output:
	// kind carbon, asset "", method provided, column "co2_day_ahead"
	// kind wind, asset "Turbine 1", method regression, column ""
	// forecast: bad forecaster choice: "load=tomorrow": unknown method "tomorrow" (have persistence, seasonal-day, seasonal-week, clearsky-persistence, holt-winters, holt-winters-day, regression, regression-day, provided:COLUMN)
}
