package results_test

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// fixturePark is a small park — two tenants, one PV array, one battery,
// an export limit that forces curtailment at noon — with names that need
// slugging.
func fixturePark() *model.Park {
	return &model.Park{
		Name: "fixture park",
		Loads: []model.Load{{Name: "Office A", Column: "office_kw"},
			{Name: "Café #2", Column: "cafe_kw"}},
		PV: []model.PVArray{{Name: "Rooftop PV", CapacityKWp: 300, AvailabilityColumn: "pv_kw_per_kwp"}},
		Batteries: []model.Battery{{Name: "B1", EnergyKWh: 200, MaxChargeKW: 60, MaxDischargeKW: 60,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9,
			InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 500, ExportLimitKW: 20,
			DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average, Source: "test"}},
	}
}

// fixtureProfiles are n hourly intervals of daily shapes, in UTC+8.
func fixtureProfiles(n int) (*model.Park, *model.Profiles, error) {
	p := fixturePark()
	set := &model.SeriesSet{
		Start: time.Date(2024, 6, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600)),
		Step:  time.Hour, Len: n,
		Names: []string{"office_kw", "cafe_kw", "pv_kw_per_kwp", "co2"},
		Columns: map[string][]float64{"office_kw": make([]float64, n), "cafe_kw": make([]float64, n),
			"pv_kw_per_kwp": make([]float64, n), "co2": make([]float64, n)},
	}
	for i := 0; i < n; i++ {
		h := float64(i % 24)
		set.Columns["office_kw"][i] = 70 + 40*math.Sin(2*math.Pi*(h-8)/24)
		set.Columns["cafe_kw"][i] = 30 + 20*math.Sin(2*math.Pi*(h-18)/24)
		set.Columns["pv_kw_per_kwp"][i] = math.Max(0, math.Sin(math.Pi*(h-6)/12))
		set.Columns["co2"][i] = 0.5 + 0.2*math.Cos(2*math.Pi*(h-19)/24)
	}
	if err := p.Validate(); err != nil {
		return nil, nil, err
	}
	prof, err := model.Resolve(p, set)
	return p, prof, err
}

func mustProfiles(t testing.TB, n int) (*model.Park, *model.Profiles) {
	t.Helper()
	p, prof, err := fixtureProfiles(n)
	require.NoError(t, err)
	return p, prof
}

// persistence forecasts every interval ahead as the last one observed.
type persistence struct{}

func (persistence) Forecast(h model.Series, out []float64) error {
	last := 0.0
	if n := len(h.Values); n > 0 {
		last = h.Values[n-1]
	}
	for i := range out {
		out[i] = last
	}
	return nil
}

// forecasts plans every series of p with persistence.
func forecasts(p *model.Park) *model.ForecastSet {
	fs := &model.ForecastSet{Carbon: persistence{}}
	for range p.Loads {
		fs.Load = append(fs.Load, persistence{})
	}
	for range p.PV {
		fs.PV = append(fs.PV, persistence{})
	}
	for range p.Wind {
		fs.Wind = append(fs.Wind, persistence{})
	}
	return fs
}

// run dispatches the fixture under pol (the rolling horizon with
// persistence forecasts when withForecasts).
func run(t testing.TB, p *model.Park, prof *model.Profiles, pol dispatch.Policy, withForecasts bool) *dispatch.Result {
	t.Helper()
	return runWith(t, p, prof, pol, withForecasts, dispatch.DefaultConfig())
}

// runWith is run with configuration cfg.
func runWith(t testing.TB, p *model.Park, prof *model.Profiles, pol dispatch.Policy, withForecasts bool, cfg dispatch.Config) *dispatch.Result {
	t.Helper()
	switch {
	case withForecasts:
		cfg.Forecasts = forecasts(p)
	case pol == dispatch.RollingHorizon:
		// A set with no forecasters plans every series on its actual
		// values: the rolling horizon with perfect information, under
		// the label mpc the golden report was made with.
		cfg.Forecasts = &model.ForecastSet{}
	}
	res, err := dispatch.RunPolicy(pol, p, prof, cfg)
	require.NoError(t, err)
	return res
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func relClose(t *testing.T, want, got float64, what string) {
	t.Helper()
	assert.InDelta(t, want, got, 1e-6*math.Max(1, math.Abs(want)), what)
}

func writeFile(path, data string) error { return os.WriteFile(path, []byte(data), 0o644) }
