package physics

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

func TestDerive(t *testing.T) {
	site := Site{LatitudeDeg: 36.1, LongitudeDeg: -79.95, ElevationM: 273}
	set := clearSkySet(site, time.June, 2, 20)
	set.Columns["ws"] = make([]float64, set.Len)
	set.Columns["given"] = make([]float64, set.Len)
	for i := range set.Len {
		set.Columns["ws"][i] = float64(i % 20)
	}
	set.Names = append(set.Names, "ws", "given")
	w := clearWeather()
	park := &model.Park{
		PV: []model.PVArray{
			{Name: "roof", CapacityKWp: 100, Weather: &w},
			{Name: "measured", CapacityKWp: 50, AvailabilityColumn: "given"},
		},
		Wind: []model.WindTurbine{
			{Name: "wt", CapacityKW: 2000, Weather: &model.WindWeather{SpeedColumn: "ws", MeasurementHeightM: 80, HubHeightM: 80}},
		},
	}
	names := len(set.Names)
	require.NoError(t, Derive(park, set))
	pvCol, windCol := model.DerivedColumn("pv", "roof"), model.DerivedColumn("wind", "wt")
	assert.Equal(t, []string{pvCol, windCol}, set.Names[names:])
	want, err := PVAvailability(w, set)
	require.NoError(t, err)
	assert.Equal(t, want, set.Columns[pvCol])
	assert.NotContains(t, set.Columns, model.DerivedColumn("pv", "measured"))
	assert.Equal(t, 1.0, set.Columns[windCol][15])
	assert.Empty(t, park.PV[0].AvailabilityColumn, "the park is not modified")

	// Running again replaces the columns without duplicating names.
	require.NoError(t, Derive(park, set))
	assert.Len(t, set.Names, names+2)
}

func TestDeriveErrorsNameAssets(t *testing.T) {
	set := clearSkySet(Site{LatitudeDeg: 36.1, LongitudeDeg: -79.95}, time.June, 1, 20)
	badPV := clearWeather()
	badPV.DNIColumn = "missing"
	park := &model.Park{
		PV:   []model.PVArray{{Name: "east", Weather: &badPV}},
		Wind: []model.WindTurbine{{Name: "north", Weather: &model.WindWeather{SpeedColumn: "ws"}}},
	}
	err := Derive(park, set)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	for _, s := range []string{`asset "east"`, "dni_column_w_m2", `wind "north"`, "hub_height_m"} {
		assert.Contains(t, err.Error(), s)
	}
	assert.ErrorIs(t, Derive(nil, set), ErrInvalid)
	assert.ErrorIs(t, Derive(park, nil), ErrInvalid)
}
