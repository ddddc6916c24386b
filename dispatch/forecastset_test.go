package dispatch

import (
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// gate is persistence whose first forecast waits until release is
// closed: the run that holds the set stays inside it until the test lets
// it go. Later forecasts, from any run, pass (without the hold both runs
// would go through and the test fail, not hang).
type gate struct {
	entered atomic.Bool
	release chan struct{}
}

func (g *gate) Forecast(h model.Series, out []float64) error {
	if g.entered.CompareAndSwap(false, true) {
		<-g.release
	}
	return persistence{}.Forecast(h, out)
}

func forecastSetPark(t *testing.T) (*model.Park, *model.Profiles, Config) {
	t.Helper()
	p, pr := randomPark(rand.New(rand.NewPCG(3, 11)), 36, 3, false)
	cfg := DefaultConfig()
	cfg.Horizon = 8 * time.Hour
	return p, pr, cfg
}

// Two runs in two goroutines with one set: exactly one is refused, and
// the other comes out as the same run alone.
func TestRunRefusesForecastSetInUse(t *testing.T) {
	p, pr, cfg := forecastSetPark(t)
	g := &gate{release: make(chan struct{})}
	cfg.Forecasts = &model.ForecastSet{Carbon: g}

	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 2)
	for range 2 {
		go func() {
			res, err := Run(p, pr, cfg)
			done <- outcome{res, err}
		}()
	}
	// The run that took the set waits in the gate, so the first to
	// finish is the one refused; only then is the gate opened.
	first := <-done
	close(g.release)
	second := <-done

	require.ErrorIs(t, first.err, ErrConfig)
	assert.Contains(t, first.err.Error(), "in use by another run")
	assert.Nil(t, first.res)
	require.NoError(t, second.err)

	// The set was released: it serves the same run again, sequentially,
	// with the same numbers (persistence keeps no state across runs).
	alone := cfg
	alone.Forecasts = &model.ForecastSet{Carbon: persistence{}}
	again, err := Run(p, pr, alone)
	require.NoError(t, err)
	assert.Equal(t, again.Schedule, second.res.Schedule)
	_, err = Run(p, pr, cfg)
	require.NoError(t, err, "a set is free again once its run ended")
}

func TestRollingHoldsForecastSetUntilClose(t *testing.T) {
	p, pr, cfg := forecastSetPark(t)
	cfg.Forecasts = &model.ForecastSet{Carbon: persistence{}}

	r, err := NewRolling(p, pr.Step, cfg)
	require.NoError(t, err)
	_, err = NewRolling(p, pr.Step, cfg)
	require.ErrorIs(t, err, ErrConfig, "a second Rolling on a held set")
	_, err = Run(p, pr, cfg)
	require.ErrorIs(t, err, ErrConfig, "a Run on a set a Rolling holds")

	require.NoError(t, r.Close())
	require.NoError(t, r.Close(), "Close twice")
	r2, err := NewRolling(p, pr.Step, cfg)
	require.NoError(t, err, "a closed Rolling's set is free")
	require.NoError(t, r2.Close())
	_, err = Run(p, pr, cfg)
	require.NoError(t, err)

	// A Rolling that could not be made does not keep the set.
	bad := cfg
	bad.Forecasts = &model.ForecastSet{Load: make([]model.Forecaster, len(p.Loads)+1)}
	_, err = NewRolling(p, pr.Step, bad)
	require.ErrorIs(t, err, ErrConfig)
	require.True(t, free(bad.Forecasts), "a refused shape leaves the set free")
}

// free reports whether fs is free: whether it could be taken (the hold is
// released at once).
func free(fs *model.ForecastSet) bool {
	h, ok := fs.Acquire()
	h.Release()
	return ok
}

// A hold is a token: closing a Rolling twice, after another run took its
// old set, leaves that run's hold alone.
func TestStaleReleaseKeepsAnotherRunsHold(t *testing.T) {
	p, pr, cfg := forecastSetPark(t)
	cfg.Forecasts = &model.ForecastSet{Carbon: persistence{}}
	r, err := NewRolling(p, pr.Step, cfg)
	require.NoError(t, err)
	require.NoError(t, r.Close())
	r2, err := NewRolling(p, pr.Step, cfg)
	require.NoError(t, err)
	defer r2.Close()
	require.NoError(t, r.Close(), "Close again")
	assert.False(t, free(cfg.Forecasts), "r2 still holds the set")
	_, err = Run(p, pr, cfg)
	assert.ErrorIs(t, err, ErrConfig, "a Run on the set r2 holds")
}

func TestSetForecastsMovesTheHold(t *testing.T) {
	p, pr, cfg := forecastSetPark(t)
	a := &model.ForecastSet{Carbon: persistence{}}
	b := &model.ForecastSet{Carbon: persistence{}}
	cfg.Forecasts = a
	r, err := NewRolling(p, pr.Step, cfg)
	require.NoError(t, err)
	defer r.Close()

	require.NoError(t, r.SetForecasts(a), "its own set again")
	require.False(t, free(a), "still held")
	require.NoError(t, r.SetForecasts(b))
	require.True(t, free(a), "the old set is released")
	require.False(t, free(b), "the new set is held")

	// A set another run holds is refused and the Rolling keeps b.
	c := &model.ForecastSet{Carbon: persistence{}}
	hc, ok := c.Acquire()
	require.True(t, ok)
	require.ErrorIs(t, r.SetForecasts(c), ErrConfig)
	require.False(t, free(b), "b still held")
	require.False(t, free(c), "c still held by its run")
	require.True(t, hc.Release())

	// A set of the wrong shape is refused and left free.
	d := &model.ForecastSet{Load: []model.Forecaster{persistence{}}}
	require.ErrorIs(t, r.SetForecasts(d), ErrConfig)
	require.True(t, free(d), "a refused set is not held")

	require.NoError(t, r.Close())
	require.True(t, free(b), "Close releases the set of the last SetForecasts")

	// A closed Rolling takes no set: nothing would release it.
	e := &model.ForecastSet{Carbon: persistence{}}
	require.ErrorIs(t, r.SetForecasts(e), ErrConfig)
	require.True(t, free(e), "a closed Rolling does not hold a set")
}
