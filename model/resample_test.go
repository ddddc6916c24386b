package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// energyKWh is Σ kW × Δt of a power series.
func energyKWh(s Series) float64 {
	e := 0.0
	for _, v := range s.Values {
		e += EnergyKWh(v, s.Step)
	}
	return e
}

// Resampling keeps the energy of a power series, every way: coarser
// (mean), finer held and finer interpolated, and every longer interval's
// energy, not only the total. Random, PV-like (zeros at night) series.
func TestResampleConservesEnergy(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.FixedZone("", -6*3600))
	for trial := range 50 {
		n := 24 * (1 + rng.IntN(10))
		v := make([]float64, n)
		for i := range v {
			h := float64(i % 24)
			v[i] = math.Max(0, 800*math.Sin(math.Pi*(h-6)/12)) * rng.Float64()
			if trial%2 == 1 {
				v[i] = 300 + 200*rng.Float64() // a load
			}
		}
		hourly := Series{Start: start, Step: time.Hour, Values: v}
		for _, step := range []time.Duration{15 * time.Minute, 5 * time.Minute, 30 * time.Minute} {
			for _, r := range []Refine{Hold, Linear} {
				fine, err := Resample(hourly, step, r)
				require.NoError(t, err)
				require.Equal(t, n*int(time.Hour/step), fine.Len())
				assert.InDelta(t, energyKWh(hourly), energyKWh(fine), 1e-9*energyKWh(hourly), "%v %v", step, r)
				k := int(time.Hour / step)
				for i, x := range v {
					hourE := 0.0
					for _, y := range fine.Values[i*k : (i+1)*k] {
						require.GreaterOrEqual(t, y, 0.0, "a power stays ≥ 0")
						hourE += EnergyKWh(y, step)
					}
					require.InDelta(t, EnergyKWh(x, time.Hour), hourE, 1e-9*math.Max(1, x), "hour %d %v %v", i, step, r)
				}
				back, err := Resample(fine, time.Hour, Hold)
				require.NoError(t, err)
				for i := range v {
					require.InDelta(t, v[i], back.Values[i], 1e-9*math.Max(1, v[i]), "refined then coarsened is the original")
				}
			}
		}
		for _, step := range []time.Duration{2 * time.Hour, 24 * time.Hour} {
			coarse, err := Resample(hourly, step, Hold)
			require.NoError(t, err)
			assert.InDelta(t, energyKWh(hourly), energyKWh(coarse), 1e-9*energyKWh(hourly))
		}
	}
}

func TestResampleValues(t *testing.T) {
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	s := Series{Start: start, Step: time.Hour, Values: []float64{0, 4, 8, 8}}
	for _, tc := range []struct {
		step time.Duration
		r    Refine
		want []float64
	}{
		{2 * time.Hour, Hold, []float64{2, 8}},
		{30 * time.Minute, Hold, []float64{0, 0, 4, 4, 8, 8, 8, 8}},
		// Midpoint interpolation, then each hour shifted back to its mean;
		// the first hour would go below 0 and is held.
		{30 * time.Minute, Linear, []float64{0, 0, 3, 5, 7.5, 8.5, 8, 8}},
		{time.Hour, Linear, []float64{0, 4, 8, 8}},
	} {
		got, err := Resample(s, tc.step, tc.r)
		require.NoError(t, err)
		assert.InDeltaSlice(t, tc.want, got.Values, 1e-12, "%v %v", tc.step, tc.r)
		assert.Equal(t, tc.step, got.Step)
		assert.True(t, got.Start.Equal(start))
	}
}

func TestResampleErrors(t *testing.T) {
	s := Series{Start: time.Now(), Step: time.Hour, Values: make([]float64, 5)}
	for step, why := range map[time.Duration]string{
		0:                "must be positive",
		45 * time.Minute: "neither divides",
		90 * time.Minute: "neither divides",
		2 * time.Hour:    "not a whole number of 2h0m0s steps (1 left over)",
	} {
		_, err := Resample(s, step, Hold)
		assert.ErrorIs(t, err, ErrInvalid, "%v", step)
		assert.ErrorContains(t, err, why, "%v", step)
		var fe *FieldError
		require.True(t, errors.As(err, &fe))
		assert.Equal(t, "step", fe.Field)
	}
}

// A set read from a file resamples every column and keeps where each row
// came from.
func TestResampleSet(t *testing.T) {
	set, err := ReadSeriesCSV(strings.NewReader("timestamp,load,price\n"+
		"2023-01-01T00:00:00Z,10,0.1\n2023-01-01T01:00:00Z,20,0.2\n"+
		"2023-01-01T02:00:00Z,30,0.3\n2023-01-01T03:00:00Z,40,0.4\n"), "s.csv")
	require.NoError(t, err)
	fine, err := ResampleSet(set, 15*time.Minute, func(c string) Refine {
		if c == "load" {
			return Linear
		}
		return Hold
	})
	require.NoError(t, err)
	require.NoError(t, fine.Validate())
	assert.Equal(t, 16, fine.Len)
	assert.Equal(t, []string{"load", "price"}, fine.Names)
	assert.Equal(t, []float64{0.1, 0.1, 0.1, 0.1, 0.2}, fine.Columns["price"][:5], "a signal is held")
	assert.Equal(t, 2, fine.Line(0))
	assert.Equal(t, 3, fine.Line(4))
	assert.Equal(t, "s.csv", fine.File)
	coarse, err := ResampleSet(set, 2*time.Hour, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{15, 35}, coarse.Columns["load"])
	assert.Equal(t, []int{2, 4}, coarse.Lines)

	_, err = ResampleSet(set, 3*time.Hour, nil)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorContains(t, err, "not a whole number of 3h0m0s steps")
}

func ExampleResample() {
	hourly := Series{Start: time.Date(2023, 6, 1, 12, 0, 0, 0, time.UTC), Step: time.Hour, Values: []float64{400, 800}}
	quarters, _ := Resample(hourly, 15*time.Minute, Hold)
	fmt.Println(quarters.Values)
	smooth, _ := Resample(hourly, 15*time.Minute, Linear)
	fmt.Println(smooth.Values)
	back, _ := Resample(smooth, time.Hour, Hold)
	fmt.Println(back.Values)
	// Output:
	// [400 400 400 400 800 800 800 800]
	// [350 350 400 500 700 800 850 850]
	// [400 800]
}

func ExampleResampleSet() {
	set, err := ReadSeriesCSV(strings.NewReader("timestamp,load_kw,co2\n"+
		"2023-06-01T12:00:00Z,400,0.5\n2023-06-01T13:00:00Z,800,0.4\n"), "hourly.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	quarters, err := ResampleSet(set, 15*time.Minute, func(column string) Refine {
		if column == "load_kw" {
			return Linear // a power: smooth, energy kept
		}
		return Hold // a signal: as published
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(quarters.Len, quarters.Columns["load_kw"], quarters.Columns["co2"])
	_, err = ResampleSet(set, 45*time.Minute, nil)
	fmt.Println(err)
	// Output:
	// 8 [350 350 400 500 700 800 850 850] [0.5 0.5 0.5 0.5 0.4 0.4 0.4 0.4]
	// model: series: step = 45m0s: neither divides the series' step 1h0m0s: resampling would split intervals
}

// Resampling to a step so short that the series would grow past
// MaxResampledIntervals is refused, naming the step (QA, 2026-12-04:
// --step 1ns panicked in make, 1ms ran out of memory).
func TestResampleTooFine(t *testing.T) {
	s := &SeriesSet{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: 8760}
	require.NoError(t, s.SetColumn("l", make([]float64, 8760)))
	for _, step := range []time.Duration{time.Nanosecond, time.Millisecond, time.Second} {
		_, err := ResampleSet(s, step, nil)
		var fe *FieldError
		require.ErrorAs(t, err, &fe, "%v", step)
		assert.Equal(t, "step", fe.Field)
		assert.Contains(t, fe.Reason, "more than the 1051200 resampling makes")
	}
	got, err := ResampleSet(s, time.Minute, nil)
	require.NoError(t, err)
	assert.Equal(t, 525_600, got.Len)
}
