package live_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// Check answers what Measure answers, word for word, on good and bad
// batches, before the first Step and after some; it merges nothing.
func TestCheckIsMeasuresCheck(t *testing.T) {
	c := newSmall(t)
	bad := meas(3, -1, 50, 1e6, 0.5)
	bad.LoadKW["canteen"] = 2
	batches := map[string][]live.Measurement{
		"good":          {meas(0, 100, 50, 0, 0.5), meas(1, 110, 50, 0, 0.5)},
		"bad values":    {meas(2, 100, 50, 0, 0.5), bad},
		"off the grid":  {{Start: at(4).Add(time.Minute), LoadKW: map[string]float64{"office": 1}}},
		"before start":  {{Start: at(-1), LoadKW: map[string]float64{"office": 1}}},
		"too far ahead": {{Start: at(60 * 24 * 7), LoadKW: map[string]float64{"office": 1}}},
		"a week ahead":  {{Start: at(30 + 24*7), LoadKW: map[string]float64{"office": 1}}},
		"forecasts":     {{Start: at(5), Forecasts: map[string]float64{"co2_da": 0.3}}},
		"soc":           {{Start: at(5), SoCKWh: map[string]float64{"bat": -300, "cell": 1}}},
		"no start":      {{LoadKW: map[string]float64{"office": 1}}},
	}
	compare := func(when string) {
		for name, ms := range batches {
			before := c.Metrics()
			checkErr := c.Check(ms...)
			assert.Equal(t, before, c.Metrics(), "%s, %s: Check merged nothing", when, name)
			_, measureErr := c.Measure(ms...)
			if measureErr == nil {
				assert.NoError(t, checkErr, "%s, %s", when, name)
				continue
			}
			require.Error(t, checkErr, "%s, %s: Measure refused it: %v", when, name, measureErr)
			// The problems of one measurement come in map order.
			assert.ElementsMatch(t, strings.Split(measureErr.Error(), "\n"), strings.Split(checkErr.Error(), "\n"), "%s, %s", when, name)
			assert.ErrorIs(t, checkErr, live.ErrMeasurement)
			assert.ErrorIs(t, checkErr, model.ErrInvalid)
		}
	}
	compare("before the first step")
	for k := 20; k < 30; k++ {
		_, err := c.Step(at(k))
		require.NoError(t, err)
	}
	compare("after ten steps")
	assert.ErrorContains(t, c.Check(batches["a week ahead"]...), "too far ahead", "the span moved with the steps")
}

// hookSet is a forecaster set of persistence forecasters whose carbon
// forecaster calls hook first: code run inside a Step, which holds the
// Controller's lock.
func hookSet(hook func() error) func(*model.Profiles) (*model.ForecastSet, error) {
	return func(*model.Profiles) (*model.ForecastSet, error) {
		p := smallPark()
		fs := &model.ForecastSet{Carbon: hookForecaster{hook}}
		for range p.Loads {
			fs.Load = append(fs.Load, forecast.Persistence{})
		}
		for range p.PV {
			fs.PV = append(fs.PV, forecast.Persistence{})
		}
		return fs, nil
	}
}

type hookForecaster struct{ hook func() error }

func (f hookForecaster) Forecast(h model.Series, out []float64) error {
	if err := f.hook(); err != nil {
		return err
	}
	return forecast.Persistence{}.Forecast(h, out)
}

// Check and CheckAcross never wait for the Controller's lock: called from
// inside a Step (a forecaster the Step runs), they answer, as the span
// stood before that Step (a lock would deadlock here).
func TestCheckDuringStep(t *testing.T) {
	var c *live.Controller
	var inside []error
	cfg := smallConfig()
	cfg.ForecastSet = hookSet(func() error {
		inside = append(inside, c.Check(meas(300, 1, 1, 1, 0.5)), c.CheckAcross(at(100), meas(300, 1, 1, 1, 0.5)))
		return nil
	})
	c, err := live.New(smallPark(), cfg)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Step(at(100))
	require.NoError(t, err)
	require.NotEmpty(t, inside)
	assert.NoError(t, inside[0], "before the first Step a year of history may be sent")
	assert.ErrorContains(t, inside[1], "too far ahead", "after a first Step at 100, a week past it")
	assert.ErrorContains(t, c.Check(meas(300, 1, 1, 1, 0.5)), "too far ahead", "the span as the Step left it")
}

// span is the intervals in [lo, hi) check accepts a measurement of (they
// are contiguous: the test fails if not).
func span(t *testing.T, check func(live.Measurement) error, lo, hi int) (from, before int) {
	t.Helper()
	from, before = hi, hi
	for k := lo; k < hi; k++ {
		ok := check(meas(k, 1, 1, 1, 0.5)) == nil
		switch {
		case ok && from == hi:
			from = k
		case !ok && from < hi && before == hi:
			before = k
		case ok && before < hi:
			t.Fatalf("the span accepted is not contiguous: %d…%d, then %d", from, before, k)
		}
	}
	return from, before
}

// CheckAcross accepts only what Measure accepts both before the Step it
// is given and after it, whether the Step succeeds or fails: the first
// Step (it bounds how far ahead), Steps that trim the history kept, a Step
// out of order, Steps that fail after settling and trimming (renewing the
// forecasters, due a year after the start, fails).
func TestCheckAcross(t *testing.T) {
	const week, year = 7 * 24, 365 * 24
	for _, tc := range []struct {
		name    string
		history time.Duration
		measure int   // intervals [0, measure) are measured first
		steps   []int // Steps made first
		at      int   // the Step checked across
		fail    bool  // making its forecasters fails (after settling and trimming)
	}{
		{name: "first step", measure: 48, at: 100},
		{name: "first step, no history", at: 0},
		{name: "first step far out", measure: 24, at: 3 * week},
		{name: "a step after others", measure: 48, steps: []int{40, 41}, at: 42},
		{name: "a step that skips", measure: 48, steps: []int{40}, at: 60},
		{name: "a step out of order", measure: 48, steps: []int{40, 41}, at: 30},
		{name: "a trimming first step", history: time.Hour * week, measure: 10, at: 6 * week},
		{name: "a trimming step", history: time.Hour * week, measure: 10, steps: []int{week + 2}, at: 6 * week},
		{name: "a failing step", history: time.Hour * week, measure: 10, steps: []int{week + 2}, at: year - 2, fail: true},
		{name: "a failing first step", measure: 48, at: year - 2, fail: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failing := false
			cfg := smallConfig()
			cfg.History = tc.history
			cfg.ForecastSet = func(axis *model.Profiles) (*model.ForecastSet, error) {
				if failing {
					return nil, errors.New("the forecasters failed")
				}
				return hookSet(func() error { return nil })(axis)
			}
			c, err := live.New(smallPark(), cfg)
			require.NoError(t, err)
			defer c.Close()
			for k := range tc.measure {
				_, err := c.Measure(meas(k, 100, 50, 20*math.Max(0, math.Sin(float64(k)/4)), 0.5))
				require.NoError(t, err)
			}
			for _, k := range tc.steps {
				_, err := c.Step(at(k))
				require.NoError(t, err)
			}
			lo, hi := -10, year+2*week
			check := func(m live.Measurement) error { return c.Check(m) }
			across := func(m live.Measurement) error { return c.CheckAcross(at(tc.at), m) }
			b0, e0 := span(t, check, lo, hi)
			ba, ea := span(t, across, lo, hi)
			failing = tc.fail
			_, err = c.Step(at(tc.at))
			if tc.fail {
				require.ErrorContains(t, err, "the forecasters failed")
			}
			b1, e1 := span(t, check, lo, hi)
			t.Logf("before [%d, %d), across [%d, %d), after [%d, %d) (step: %v)", b0, e0, ba, ea, b1, e1, err)
			lo1, hi1 := max(b0, b1), min(e0, e1) // what Measure accepts before and after
			if lo1 >= hi1 {
				assert.GreaterOrEqual(t, ba, ea, "nothing is accepted both before and after the Step: CheckAcross accepts nothing")
				return
			}
			require.Less(t, ba, ea, "CheckAcross accepts something")
			assert.GreaterOrEqual(t, ba, lo1, "no older than Measure accepts before and after")
			assert.LessOrEqual(t, ea, hi1, "no further ahead than Measure accepts before and after")
			assert.LessOrEqual(t, hi1-lo1-(ea-ba), 1, "and at most one interval less (the Step's outcome)")
			_, err = c.Measure(meas(ba, 1, 1, 1, 0.5), meas(ea-1, 1, 1, 1, 0.5))
			assert.NoError(t, err, "the ends of the span CheckAcross accepts are accepted after the Step")
		})
	}
}
