package dispatch

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// oracle "forecasts" by reading the actual series it was given: the
// perfect forecaster.
type oracle struct{ actual []float64 }

func (o oracle) Forecast(h model.Series, out []float64) error {
	copy(out, o.actual[len(h.Values):])
	return nil
}

// persistence repeats the last observed value (0 before any).
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

// failing always errs: the run must fall back and go on.
type failing struct{}

func (failing) Forecast(model.Series, []float64) error { return errors.New("service down") }

func allOf(p *model.Park, pr *model.Profiles, f func([]float64) model.Forecaster) *model.ForecastSet {
	fs := &model.ForecastSet{Carbon: f(pr.DispatchKgCO2ePerKWh)}
	for i := range p.Loads {
		fs.Load = append(fs.Load, f(pr.LoadKW[i]))
	}
	for i := range p.PV {
		fs.PV = append(fs.PV, f(pr.PVAvailKW[i]))
	}
	for j := range p.Wind {
		fs.Wind = append(fs.Wind, f(pr.WindAvailKW[j]))
	}
	for i := range p.HeatLoads {
		fs.Heat = append(fs.Heat, f(pr.HeatLoadKWTh[i]))
	}
	return fs
}

func TestPerfectForecasterEqualsPerfectInformation(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		p, pr := randomPark(rng, 36, 3, false)
		cfg := DefaultConfig()
		cfg.Horizon = 8 * time.Hour
		want, err := Run(p, pr, cfg)
		require.NoError(t, err)
		cfg.Forecasts = allOf(p, pr, func(a []float64) model.Forecaster { return oracle{a} })
		got, err := Run(p, pr, cfg)
		require.NoError(t, err)
		// Exactly equal, not within a tolerance: the same LPs are solved.
		require.Equal(t, want.Schedule, got.Schedule, "seed %d", seed)
		for _, f := range got.Report.Forecasts {
			assert.Zero(t, f.Overall.MAE, f.Series)
			assert.InDelta(t, 1, f.Overall.Skill, 1e-12, f.Series)
		}
	}
}

func TestForecastRunsKeepInvariants(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 13))
		p, pr := randomPark(rng, 48, 3, seed%3 == 0)
		cfg := DefaultConfig()
		cfg.Horizon = 12 * time.Hour
		cfg.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
		res, err := Run(p, pr, cfg)
		require.NoError(t, err)
		checkInvariants(t, p, res.Schedule)
		// The settled run sees the actual data, not the forecasts.
		for i := 0; i < pr.Len; i++ {
			require.InDelta(t, pr.TotalLoadKW(i), res.Schedule.LoadKW[i], 1e-9)
		}
		require.Len(t, res.Report.Forecasts, len(p.Loads)+len(p.PV)+len(p.Wind)+1)
		for _, f := range res.Report.Forecasts {
			// Persistence against itself: skill exactly 0 at every lead.
			for _, l := range f.PerLead {
				if l.N > 0 && l.RMSE > 0 {
					require.InDelta(t, 0, l.Skill, 1e-12, "%s lead %d", f.Series, l.Lead)
				}
			}
		}
	}
}

func TestFailingForecasterFallsBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	p, pr := randomPark(rng, 24, 2, false)
	cfg := DefaultConfig()
	cfg.Forecasts = &model.ForecastSet{Carbon: failing{}}
	res, err := Run(p, pr, cfg)
	require.NoError(t, err)
	checkInvariants(t, p, res.Schedule)
	require.Len(t, res.Report.Forecasts, 1)
	assert.Equal(t, pr.Len, res.Report.Forecasts[0].Fallbacks)
}

func TestForecastSetShapeChecked(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	p, pr := randomPark(rng, 12, 2, false)
	cfg := DefaultConfig()
	cfg.Forecasts = &model.ForecastSet{Load: make([]model.Forecaster, len(p.Loads)+1)}
	_, err := Run(p, pr, cfg)
	require.ErrorIs(t, err, ErrConfig)
}
