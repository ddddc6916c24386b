package model

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolve(t *testing.T) {
	p, s := validPark(), validSeries()
	p.Grid.AccountingCarbon = &CarbonSignal{KgCO2ePerKWh: 0.5703, Kind: Average}
	p.Grid.ImportPrice = &Price{PerKWh: 0.12}
	pr, err := Resolve(p, s)
	require.NoError(t, err)
	assert.Equal(t, s.Start, pr.Start)
	assert.Equal(t, time.Hour, pr.Step)
	assert.Equal(t, 4, pr.Len)

	// Independent check: recompute each profile point by point.
	for i := range 4 {
		assert.InDelta(t, s.Columns["load_kw"][i], pr.LoadKW[0][i], 1e-12) // scale 0 → 1
		assert.InDelta(t, 2*s.Columns["office_kw"][i], pr.LoadKW[1][i], 1e-12)
		assert.InDelta(t, 500*s.Columns["pv_kw_per_kwp"][i], pr.PVAvailKW[0][i], 1e-9)
		assert.InDelta(t, 100*s.Columns["derived:pv:carport"][i], pr.PVAvailKW[1][i], 1e-9)
		assert.InDelta(t, 2000*s.Columns["wind_kw_per_kw"][i], pr.WindAvailKW[0][i], 1e-9)
		assert.InDelta(t, 100*s.Columns["derived:wind:mast"][i], pr.WindAvailKW[1][i], 1e-9)
		assert.InDelta(t, s.Columns["carbon"][i], pr.DispatchKgCO2ePerKWh[i], 1e-12)
		assert.InDelta(t, 0.5703, pr.AccountingKgCO2ePerKWh[i], 1e-12)
		assert.InDelta(t, 0.12, pr.ImportPricePerKWh[i], 1e-12)
		assert.InDelta(t, 0, pr.ExportPricePerKWh[i], 0)
		assert.InDelta(t, s.Columns["load_kw"][i]+2*s.Columns["office_kw"][i], pr.TotalLoadKW(i), 1e-9)
	}

	// Profiles are copies: changing them leaves the series alone.
	pr.LoadKW[0][0] = -1
	pr.DispatchKgCO2ePerKWh[0] = 99
	assert.Equal(t, 100.0, s.Columns["load_kw"][0])
	assert.Equal(t, 0.5, s.Columns["carbon"][0])
}

func TestResolveAccountingDefaultsToDispatch(t *testing.T) {
	p, s := validPark(), validSeries()
	p.Grid.DispatchCarbon = CarbonSignal{KgCO2ePerKWh: 0.4}
	pr, err := Resolve(p, s)
	require.NoError(t, err)
	assert.Equal(t, []float64{0.4, 0.4, 0.4, 0.4}, pr.DispatchKgCO2ePerKWh)
	assert.Same(t, &pr.DispatchKgCO2ePerKWh[0], &pr.AccountingKgCO2ePerKWh[0], "same slice")
	assert.Equal(t, make([]float64, 4), pr.ImportPricePerKWh)
}

func TestResolveNeedsDerivedColumns(t *testing.T) {
	p, s := validPark(), validSeries()
	for _, c := range []string{DerivedColumn("pv", "carport"), DerivedColumn("wind", "mast")} {
		delete(s.Columns, c)
		s.Names = removeName(s.Names, c)
	}
	_, err := Resolve(p, s)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrNotDerived)
	assert.Contains(t, err.Error(), `pv "carport": no column "derived:pv:carport"`)
	assert.Contains(t, err.Error(), `wind "mast": no column "derived:wind:mast"`)
	assert.Contains(t, err.Error(), "physics.Derive")
}

func TestResolveValidates(t *testing.T) {
	p, s := validPark(), validSeries()
	s.Columns["pv_kw_per_kwp"][1] = -0.5
	_, err := Resolve(p, s)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "value -0.5")
}

func TestDerivedColumn(t *testing.T) {
	assert.Equal(t, "derived:pv:roof", DerivedColumn("pv", "roof"))
	assert.Equal(t, "derived:wind:w 1", DerivedColumn("wind", "w 1"))
}

func TestProfilesSlice(t *testing.T) {
	pr, err := Resolve(validPark(), validSeries())
	require.NoError(t, err)
	sub := pr.Slice(1, 3)
	assert.Equal(t, 2, sub.Len)
	assert.Equal(t, pr.Start.Add(time.Hour), sub.Start)
	assert.Equal(t, pr.LoadKW[1][1:3], sub.LoadKW[1])
	assert.Equal(t, pr.WindAvailKW[0][1:3], sub.WindAvailKW[0])
	assert.Same(t, &sub.DispatchKgCO2ePerKWh[0], &sub.AccountingKgCO2ePerKWh[0], "still the same slice")
	assert.InDelta(t, pr.TotalLoadKW(2), sub.TotalLoadKW(1), 0)
	// A view, not a copy.
	sub.PVAvailKW[0][0] = 42
	assert.Equal(t, 42.0, pr.PVAvailKW[0][1])
	// Appending to the view cannot overwrite the parent.
	_ = append(sub.DispatchKgCO2ePerKWh, 7)
	assert.NotEqual(t, 7.0, pr.DispatchKgCO2ePerKWh[3])
	assert.Equal(t, 0, pr.Slice(4, 4).Len)
	assert.Panics(t, func() { pr.Slice(2, 5) })
	assert.Panics(t, func() { pr.Slice(3, 2) })
}

func TestSeriesSetSlice(t *testing.T) {
	s := validSeries()
	sub := s.Slice(2, 4)
	require.NoError(t, sub.Validate())
	assert.Equal(t, 2, sub.Len)
	assert.Equal(t, s.Time(2), sub.Start)
	assert.Equal(t, []float64{130, 90}, sub.Columns["load_kw"])
	require.NoError(t, sub.SetColumn("extra", []float64{1, 2}))
	_, ok := s.Columns["extra"]
	assert.False(t, ok, "adding to the slice leaves the parent alone")
	assert.Len(t, s.Names, len(sub.Names)-1)
	assert.Panics(t, func() { s.Slice(-1, 2) })
}

func TestSetColumn(t *testing.T) {
	s := validSeries()
	n := len(s.Names)
	require.NoError(t, s.SetColumn("ghi", []float64{1, 1, 1, 1}))
	assert.Len(t, s.Names, n, "replacing keeps the order")
	assert.ErrorIs(t, s.SetColumn("short", []float64{1}), ErrInvalid)
	assert.ErrorIs(t, s.SetColumn("", []float64{1, 2, 3, 4}), ErrInvalid)
}

func TestEnergyKWh(t *testing.T) {
	tests := []struct {
		kw   float64
		step time.Duration
		want float64
	}{
		{100, time.Hour, 100},
		{100, 15 * time.Minute, 25},
		{-40, 30 * time.Minute, -20},
		{0, time.Hour, 0},
	}
	for _, tc := range tests {
		assert.InDelta(t, tc.want, EnergyKWh(tc.kw, tc.step), 1e-12)
	}
	assert.True(t, math.IsInf(Unlimited, 1))
}
