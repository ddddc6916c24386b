package forecast_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// measuredSeries is one load, PV or wind series of a demo with its default
// forecaster (forecast.DefaultSet) and the ceiling the dispatch clips its
// forecasts to, kW (+Inf for a load): what the measurement harnesses
// (TestMeasureColdStart, TestMeasureLeads) forecast.
type measuredSeries struct {
	kind string // "load", "pv" or "wind"
	f    model.Forecaster
	s    model.Series
	hiKW float64
}

// defaultSeries are demo's load, PV and wind series, in that order, each
// with a fresh default forecaster.
func defaultSeries(t testing.TB, demo string) []measuredSeries {
	sc, err := scenario.Demo(demo)
	require.NoError(t, err)
	pr := sc.Profiles
	fs, err := forecast.DefaultSet(sc.Park, sc.Series, pr)
	require.NoError(t, err)
	ser := func(v []float64) model.Series { return model.Series{Start: pr.Start, Step: pr.Step, Values: v} }
	var out []measuredSeries
	for i := range fs.Load {
		out = append(out, measuredSeries{"load", fs.Load[i], ser(pr.LoadKW[i]), math.Inf(1)})
	}
	for i := range fs.PV {
		out = append(out, measuredSeries{"pv", fs.PV[i], ser(pr.PVAvailKW[i]), sc.Park.PV[i].CapacityKWp * model.MaxAvailabilityPerKW})
	}
	for i := range fs.Wind {
		out = append(out, measuredSeries{"wind", fs.Wind[i], ser(pr.WindAvailKW[i]), sc.Park.Wind[i].CapacityKW})
	}
	return out
}

// clip is v as the dispatch clips a forecast: ≥ 0 and ≤ hiKW.
func (m measuredSeries) clip(v float64) float64 { return math.Min(math.Max(v, 0), m.hiKW) }

// coldStart forecasts m from a cold start as the rolling horizon does: one
// forecast of len(out) steps at every origin o from 1 (history [0, o))
// while its targets are in the series, fn seeing each unclipped.
func (m measuredSeries) coldStart(t testing.TB, out []float64, fn func(o int, out []float64)) {
	v := m.s.Values
	for o := 1; o+len(out) <= len(v); o++ {
		h := m.s
		h.Values = v[:o:o]
		require.NoError(t, m.f.Forecast(h, out))
		fn(o, out)
	}
}
