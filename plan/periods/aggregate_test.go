package periods_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan/periods"
)

// concat joins periods into one series.
func concat(ps ...[]float64) []float64 {
	var out []float64
	for _, p := range ps {
		out = append(out, p...)
	}
	return out
}

// TestIdenticalPairs: periods A B A B (T = 3, two series) into K = 2 give
// A and B exactly, each with weight 2, and σ = 0 1 0 1, with or without
// rescaling.
func TestIdenticalPairs(t *testing.T) {
	a1, b1 := []float64{1, 5, 2}, []float64{7, 0, 3}
	a2, b2 := []float64{10, 10, 20}, []float64{0, 30, 0}
	series := []periods.Series{
		{Name: "load_kw", Values: concat(a1, b1, a1, b1)},
		{Name: "pv_kw_per_kwp", Values: concat(a2, b2, a2, b2)},
	}
	for _, rescale := range []bool{false, true} {
		agg, err := periods.Aggregate(series, time.Hour, periods.Config{PeriodSteps: 3, Periods: 2, Rescale: rescale})
		require.NoError(t, err)
		require.NoError(t, agg.Check())
		require.Len(t, agg.Reps, 2)
		assert.Equal(t, []int{0, 1, 0, 1}, agg.Sigma)
		for k, want := range [][][]float64{{a1, a2}, {b1, b2}} {
			r := agg.Reps[k]
			assert.Equal(t, k, r.Period, "medoid of identical periods: the first")
			assert.Equal(t, 2, r.Weight)
			assert.Equal(t, periods.KindTypical, r.Kind)
			assert.Equal(t, want, r.Values)
			assert.Equal(t, []int{k, k + 2}, agg.Members(k))
		}
		for s := range series {
			got, err := agg.ExpandSeries(s)
			require.NoError(t, err)
			assert.Equal(t, series[s].Values, got)
		}
	}
}

func randomSeries(rng *rand.Rand, nSeries, steps int) []periods.Series {
	out := make([]periods.Series, nSeries)
	for s := range out {
		v := make([]float64, steps)
		for t := range v {
			v[t] = 100*rng.Float64() - 20*float64(s)
		}
		out[s] = periods.Series{Name: string(rune('a' + s)), Values: v}
	}
	return out
}

// TestKEqualsN: as many representatives as full periods reproduce the
// series: σ is the identity, every weight 1, every error 0, with and
// without a remainder.
func TestKEqualsN(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, steps := range []int{40, 43} {
		series := randomSeries(rng, 3, steps)
		agg, err := periods.Aggregate(series, 15*time.Minute, periods.Config{PeriodSteps: 4, Periods: 10, Rescale: true})
		require.NoError(t, err)
		require.NoError(t, agg.Check())
		n := (steps + 3) / 4
		require.Len(t, agg.Reps, n)
		for i := range n {
			assert.Equal(t, i, agg.Sigma[i])
			assert.Equal(t, i, agg.Reps[i].Period)
			assert.Equal(t, 1, agg.Reps[i].Weight)
		}
		errs, err := agg.Errors(series)
		require.NoError(t, err)
		for _, e := range errs {
			assert.Zero(t, e.RMSE, e.Name)
			assert.Zero(t, e.DurationRMSE, e.Name)
			assert.Equal(t, e.Total, e.TotalAggregated, e.Name)
		}
	}
}

// TestRemainder: 10 steps in periods of 3 are 3 full periods and one of
// 1 step, kept as its own representative on top of K.
func TestRemainder(t *testing.T) {
	v := []float64{0, 0, 0, 1, 1, 1, 0, 0, 0.5, 9}
	agg, err := periods.Aggregate([]periods.Series{{Name: "x", Values: v}}, time.Hour, periods.Config{PeriodSteps: 3, Periods: 1})
	require.NoError(t, err)
	require.NoError(t, agg.Check())
	require.Len(t, agg.Reps, 2)
	last := agg.Reps[1]
	assert.Equal(t, periods.KindRemainder, last.Kind)
	assert.Equal(t, 3, last.Period)
	assert.Equal(t, 1, last.Steps)
	assert.Equal(t, 1, last.Weight)
	assert.Equal(t, [][]float64{{9}}, last.Values)
	assert.Equal(t, []int{0, 0, 0, 1}, agg.Sigma)
	assert.Equal(t, 3, agg.Reps[0].Weight)
	// the medoid of (0,0,0), (1,1,1), (0,0,0.5) (÷ 9 normalised, which does
	// not change the order): distance sums √3 + 0.5 = 2.23, √3 + 1.5 = 3.23,
	// 0.5 + 1.5 = 2 (hand): period 2
	assert.Equal(t, 2, agg.Reps[0].Period)
	got, err := agg.ExpandSeries(0)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0, 0.5, 0, 0, 0.5, 0, 0, 0.5, 9}, got)
	assert.Equal(t, 1, agg.PeriodLen(3))
	assert.Equal(t, 9, agg.PeriodStart(3))
}

// TestExtremesKept: the peak-load period and the least windy period are
// kept whole with weight 1, counted in K; a peak in the remainder adds
// nothing; two extremes in one period add one representative.
func TestExtremesKept(t *testing.T) {
	load := []float64{1, 1, 2, 2, 9, 2, 1, 1, 2, 1, 1, 3}
	wind := []float64{5, 5, 5, 4, 4, 4, 6, 6, 6, 6, 0.1, 0.1}
	series := []periods.Series{{Name: "load_kw", Values: load}, {Name: "wind_kw_per_kw", Values: wind}}
	cfg := periods.Config{PeriodSteps: 2, Periods: 3, Extremes: []periods.Extreme{
		{Series: "load_kw", Kind: periods.PeakMax},        // step 4: period 2
		{Series: "wind_kw_per_kw", Kind: periods.MeanMin}, // period 5
		{Series: "load_kw", Kind: periods.MeanMax},        // period 2 again: (9+2)
	}}
	agg, err := periods.Aggregate(series, time.Hour, cfg)
	require.NoError(t, err)
	require.NoError(t, agg.Check())
	require.Len(t, agg.Reps, 3)
	var kept []int
	for k, r := range agg.Reps {
		if r.Kind == periods.KindExtreme {
			kept = append(kept, r.Period)
			assert.Equal(t, 1, r.Weight)
			assert.Equal(t, []int{r.Period}, agg.Members(k))
			assert.Equal(t, load[2*r.Period:2*r.Period+2], r.Values[0])
		}
	}
	assert.Equal(t, []int{2, 5}, kept)
	assert.Equal(t, 4, agg.Reps[0].Weight, "the other four periods share the one typical period")

	// a peak in the remainder: already exact, nothing added
	series[0].Values = append(slices.Clone(load), 50)
	series[1].Values = append(slices.Clone(wind), 5)
	cfg.Extremes = []periods.Extreme{{Series: "load_kw", Kind: periods.PeakMax}}
	cfg.KeepPeriods = []int{1}
	cfg.Periods = 2
	agg, err = periods.Aggregate(series, time.Hour, cfg)
	require.NoError(t, err)
	require.NoError(t, agg.Check())
	kinds := []periods.Kind{}
	for _, r := range agg.Reps {
		kinds = append(kinds, r.Kind)
	}
	assert.Equal(t, []periods.Kind{periods.KindTypical, periods.KindExtreme, periods.KindRemainder}, kinds)
	assert.Equal(t, 1, agg.Reps[1].Period)
}

// TestRescaledTotals: rescaled, Σ_k Weight_k Σ_t value equals each series'
// total (summed here from Reps, not through Errors), and values stay
// within the series' range.
func TestRescaledTotals(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	series := randomSeries(rng, 4, 24*30+5)
	agg, err := periods.Aggregate(series, time.Hour, periods.Config{PeriodSteps: 24, Periods: 4, Rescale: true})
	require.NoError(t, err)
	require.NoError(t, agg.Check())
	for s, ser := range series {
		want, got := 0.0, 0.0
		for _, x := range ser.Values {
			want += x
		}
		for _, r := range agg.Reps {
			for _, x := range r.Values[s] {
				got += float64(r.Weight) * x
				assert.GreaterOrEqual(t, x, slices.Min(ser.Values))
				assert.LessOrEqual(t, x, slices.Max(ser.Values))
			}
		}
		// rescaling works in normalised units: tolerance 1e-6 of Σ(x − min)
		tol := 1e-6 * (want - float64(len(ser.Values))*slices.Min(ser.Values))
		assert.InDelta(t, want, got, tol, ser.Name)
	}
	// without rescaling the totals are off: the check above can fail
	plain, err := periods.Aggregate(series, time.Hour, periods.Config{PeriodSteps: 24, Periods: 4})
	require.NoError(t, err)
	errs, err := plain.Errors(series)
	require.NoError(t, err)
	assert.Greater(t, math.Abs(errs[0].TotalRelError), 1e-4)
}

// TestDeterministic: the same input gives the same result, and equal
// periods tie-break by index: five equal periods into K = 2 join 0–1,
// then 0–2, then 0–3, leaving period 4 alone.
func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	series := randomSeries(rng, 3, 24*50)
	cfg := periods.Config{PeriodSteps: 24, Periods: 7, Rescale: true,
		Extremes: []periods.Extreme{{Series: "b", Kind: periods.PeakMin}}}
	a1, err := periods.Aggregate(series, time.Hour, cfg)
	require.NoError(t, err)
	a2, err := periods.Aggregate(series, time.Hour, cfg)
	require.NoError(t, err)
	assert.Equal(t, a1, a2)

	flat := []periods.Series{{Name: "x", Values: slices.Repeat([]float64{1, 2}, 5)}}
	agg, err := periods.Aggregate(flat, time.Hour, periods.Config{PeriodSteps: 2, Periods: 2})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 0, 0, 1}, agg.Sigma)
	assert.Equal(t, 0, agg.Reps[0].Period)
	assert.Equal(t, 4, agg.Reps[0].Weight)
	assert.Equal(t, 4, agg.Reps[1].Period)
}

// TestSeriesErrorsHand: periods (0,0) and (2,2) into K = 1: the medoid is
// period 0 (tie), the expansion 0 0 0 0, so RMSE = √((4+4)/4) = √2, range 2,
// total 4 against 0.
func TestSeriesErrorsHand(t *testing.T) {
	series := []periods.Series{{Name: "x", Values: []float64{0, 0, 2, 2}}}
	agg, err := periods.Aggregate(series, time.Hour, periods.Config{PeriodSteps: 2, Periods: 1})
	require.NoError(t, err)
	errs, err := agg.Errors(series)
	require.NoError(t, err)
	require.Len(t, errs, 1)
	e := errs[0]
	assert.InDelta(t, math.Sqrt2, e.RMSE, 1e-15)
	assert.InDelta(t, math.Sqrt2/2, e.NRMSE, 1e-15)
	assert.InDelta(t, math.Sqrt2, e.DurationRMSE, 1e-15)
	assert.Equal(t, 4.0, e.Total)
	assert.Equal(t, 0.0, e.TotalAggregated)
	assert.Equal(t, -1.0, e.TotalRelError)

	_, err = agg.Errors([]periods.Series{{Name: "y", Values: []float64{0, 0, 2, 2}}})
	assert.ErrorIs(t, err, periods.ErrInvalid)
	_, err = agg.Errors(nil)
	assert.ErrorIs(t, err, periods.ErrInvalid)
}

func TestStorageLinking(t *testing.T) {
	series := []periods.Series{{Name: "x", Values: []float64{1, 2, 3, 4, 5, 6, 7}}}
	agg, err := periods.Aggregate(series, 30*time.Minute, periods.Config{PeriodSteps: 3, Periods: 1})
	require.NoError(t, err)
	l, err := agg.StorageLinking(0.02)
	require.NoError(t, err)
	assert.Equal(t, agg.Sigma, l.Sigma)
	assert.Equal(t, []int{3, 3, 1}, l.Steps)
	require.Len(t, l.Retention, 4)
	assert.Equal(t, 1.0, l.Retention[0])
	for tt := 1; tt <= 3; tt++ {
		// half-hour steps: t steps are t/2 hours of 2 %/h loss
		assert.InDelta(t, math.Pow(0.98, float64(tt)/2), l.Retention[tt], 1e-15)
		assert.InDelta(t, l.Retention[tt-1]*l.Retention[1], l.Retention[tt], 1e-15)
	}
	l.Sigma[0] = 99
	assert.NotEqual(t, 99, agg.Sigma[0], "Linking holds a copy")
	for _, bad := range []float64{-0.1, 1, math.NaN(), math.Inf(1)} {
		_, err := agg.StorageLinking(bad)
		assert.ErrorIs(t, err, periods.ErrInvalid, bad)
	}
}

func TestExpandAndRepresent(t *testing.T) {
	series := []periods.Series{{Name: "x", Values: []float64{1, 1, 5, 5, 1, 1, 7}}}
	agg, err := periods.Aggregate(series, time.Hour, periods.Config{PeriodSteps: 2, Periods: 2})
	require.NoError(t, err)
	require.Equal(t, []int{0, 1, 0, 2}, agg.Sigma)
	got, err := agg.Expand([][]float64{{10, 11}, {20, 21}, {30}})
	require.NoError(t, err)
	assert.Equal(t, []float64{10, 11, 20, 21, 10, 11, 30}, got)

	price := []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}
	reps, err := agg.Represent(price)
	require.NoError(t, err)
	assert.Equal(t, [][]float64{{0.1, 0.2}, {0.3, 0.4}, {0.7}}, reps)

	for _, bad := range [][][]float64{nil, {{1, 2}, {3, 4}}, {{1}, {2, 3}, {4}}, {{1, 2}, {3, 4}, {5, 6}}} {
		_, err := agg.Expand(bad)
		assert.ErrorIs(t, err, periods.ErrInvalid)
	}
	_, err = agg.Represent(price[:6])
	assert.ErrorIs(t, err, periods.ErrInvalid)
	_, err = agg.ExpandSeries(1)
	assert.ErrorIs(t, err, periods.ErrInvalid)
}

func TestCheckFindsInconsistency(t *testing.T) {
	series := []periods.Series{{Name: "x", Values: []float64{1, 1, 5, 5, 1, 1}}}
	fresh := func() *periods.Aggregation {
		agg, err := periods.Aggregate(series, time.Hour, periods.Config{PeriodSteps: 2, Periods: 2})
		require.NoError(t, err)
		require.NoError(t, agg.Check())
		return agg
	}
	for name, spoil := range map[string]func(a *periods.Aggregation){
		"weight":       func(a *periods.Aggregation) { a.Reps[0].Weight = 3 },
		"sigma range":  func(a *periods.Aggregation) { a.Sigma[1] = 5 },
		"sigma length": func(a *periods.Aggregation) { a.Sigma = a.Sigma[:2] },
		"period":       func(a *periods.Aggregation) { a.Reps[0].Period = 1 },
		"values":       func(a *periods.Aggregation) { a.Reps[1].Values[0] = a.Reps[1].Values[0][:1] },
		"steps":        func(a *periods.Aggregation) { a.PeriodSteps = 0 },
	} {
		a := fresh()
		spoil(a)
		assert.ErrorIs(t, a.Check(), periods.ErrInvalid, name)
	}
}

func TestInputErrors(t *testing.T) {
	ok := func() []periods.Series {
		return []periods.Series{
			{Name: "load_kw", Values: []float64{1, 2, 3, 4, 5, 6, 7, 8}},
			{Name: "pv", Values: []float64{0, 1, 0, 1, 0, 1, 0, 1}},
		}
	}
	cfg := periods.Config{PeriodSteps: 2, Periods: 2}
	for _, tc := range []struct {
		name   string
		series func() []periods.Series
		step   time.Duration
		cfg    func(c *periods.Config)
		field  string
	}{
		{"K zero", ok, time.Hour, func(c *periods.Config) { c.Periods = 0 }, "Periods"},
		{"K negative", ok, time.Hour, func(c *periods.Config) { c.Periods = -1 }, "Periods"},
		{"K above N", ok, time.Hour, func(c *periods.Config) { c.Periods = 5 }, "Periods"},
		{"period steps zero", ok, time.Hour, func(c *periods.Config) { c.PeriodSteps = 0 }, "PeriodSteps"},
		{"period longer than series", ok, time.Hour, func(c *periods.Config) { c.PeriodSteps = 9 }, "PeriodSteps"},
		{"too many periods", func() []periods.Series {
			return []periods.Series{{Name: "x", Values: make([]float64, periods.MaxInputPeriods+1)}}
		}, time.Hour, func(c *periods.Config) { c.PeriodSteps = 1 }, "PeriodSteps"},
		{"step zero", ok, 0, func(*periods.Config) {}, "step"},
		{"no series", func() []periods.Series { return nil }, time.Hour, func(*periods.Config) {}, "series"},
		{"lengths differ", func() []periods.Series { s := ok(); s[1].Values = s[1].Values[:7]; return s }, time.Hour, func(*periods.Config) {}, "Values"},
		{"empty series", func() []periods.Series { s := ok(); s[0].Values, s[1].Values = nil, nil; return s }, time.Hour, func(*periods.Config) {}, "Values"},
		{"NaN", func() []periods.Series { s := ok(); s[1].Values[3] = math.NaN(); return s }, time.Hour, func(*periods.Config) {}, "Values"},
		{"Inf", func() []periods.Series { s := ok(); s[0].Values[0] = math.Inf(-1); return s }, time.Hour, func(*periods.Config) {}, "Values"},
		{"negative weight", func() []periods.Series { s := ok(); s[0].Weight = -1; return s }, time.Hour, func(*periods.Config) {}, "Weight"},
		{"NaN weight", func() []periods.Series { s := ok(); s[0].Weight = math.NaN(); return s }, time.Hour, func(*periods.Config) {}, "Weight"},
		{"empty name", func() []periods.Series { s := ok(); s[0].Name = ""; return s }, time.Hour, func(*periods.Config) {}, "Name"},
		{"duplicate name", func() []periods.Series { s := ok(); s[1].Name = "load_kw"; return s }, time.Hour, func(*periods.Config) {}, "Name"},
		{"unknown extreme series", ok, time.Hour, func(c *periods.Config) {
			c.Extremes = []periods.Extreme{{Series: "wind", Kind: periods.PeakMax}}
		}, "Extremes"},
		{"unknown extreme kind", ok, time.Hour, func(c *periods.Config) {
			c.Extremes = []periods.Extreme{{Series: "pv", Kind: 0}}
		}, "Extremes"},
		{"keep period negative", ok, time.Hour, func(c *periods.Config) { c.KeepPeriods = []int{-1} }, "KeepPeriods"},
		{"keep period beyond", ok, time.Hour, func(c *periods.Config) { c.KeepPeriods = []int{4} }, "KeepPeriods"},
		{"more kept than K", ok, time.Hour, func(c *periods.Config) { c.KeepPeriods = []int{0, 1, 2} }, "Periods"},
		{"kept leave no cluster", ok, time.Hour, func(c *periods.Config) { c.KeepPeriods = []int{0, 1} }, "Periods"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			tc.cfg(&c)
			agg, err := periods.Aggregate(tc.series(), tc.step, c)
			require.Error(t, err)
			assert.Nil(t, agg)
			assert.ErrorIs(t, err, periods.ErrInvalid)
			assert.ErrorIs(t, err, model.ErrInvalid)
			var ie *periods.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tc.field, ie.Field, err.Error())
		})
	}
}

// TestInputErrorsAllAtOnce: several problems come back together, each
// naming its series.
func TestInputErrorsAllAtOnce(t *testing.T) {
	_, err := periods.Aggregate([]periods.Series{
		{Name: "a", Values: []float64{1, math.NaN()}},
		{Name: "b", Values: []float64{1}, Weight: -2},
	}, time.Hour, periods.Config{PeriodSteps: 1, Periods: 1})
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `series "a": Values[1] = NaN`)
	assert.Contains(t, msg, `series "b": Weight = -2`)
	assert.Contains(t, msg, `series "b": Values = 1: has a different length from series "a" (2 steps)`)
	var ie *periods.InputError
	assert.True(t, errors.As(err, &ie))
}

func TestStepsPerAndDefault(t *testing.T) {
	n, err := periods.StepsPer(24*time.Hour, 15*time.Minute)
	require.NoError(t, err)
	assert.Equal(t, 96, n)
	for _, c := range [][2]time.Duration{{24 * time.Hour, 7 * time.Hour}, {24 * time.Hour, 0}, {0, time.Hour}} {
		_, err := periods.StepsPer(c[0], c[1])
		assert.ErrorIs(t, err, periods.ErrInvalid)
	}
	cfg := periods.DefaultConfig(time.Hour)
	assert.Equal(t, 168, cfg.PeriodSteps)
	assert.Equal(t, 12, cfg.Periods)
	assert.Equal(t, periods.DefaultRescale, cfg.Rescale)
	require.NoError(t, cfg.Validate())
	assert.ErrorIs(t, periods.DefaultConfig(5*time.Hour).Validate(), periods.ErrInvalid)
}

// TestExtremeKinds: each kind picks its period (periods of 2 steps; K = 2,
// so one typical period and the extreme); ties go to the earliest period.
func TestExtremeKinds(t *testing.T) {
	v := []float64{3, 3, 0, 9, 2, 2, -1, 5, 4, 4, 9, 0}
	// per period: max 3 9 2 5 4 9, min 3 0 2 -1 4 0, sum 6 9 4 4 8 9
	for _, c := range []struct {
		kind periods.ExtremeKind
		want int
	}{{periods.PeakMax, 1}, {periods.PeakMin, 3}, {periods.MeanMax, 1}, {periods.MeanMin, 2}} {
		agg, err := periods.Aggregate([]periods.Series{{Name: "x", Values: v}}, time.Hour, periods.Config{
			PeriodSteps: 2, Periods: 2, Extremes: []periods.Extreme{{Series: "x", Kind: c.kind}}})
		require.NoError(t, err, c.kind)
		var got []int
		for _, r := range agg.Reps {
			if r.Kind == periods.KindExtreme {
				got = append(got, r.Period)
			}
		}
		assert.Equal(t, []int{c.want}, got, c.kind.String())
	}
}

// TestClusterTotals: with RescaleClusters (medoids scaled per cluster) or
// Centroids, every typical representative's weighted sum equals the sum
// over the periods it stands for, series by series, and values stay within
// each series' range; the global rescale alone keeps only the overall
// totals, so the same check fails for it (the check can fail).
func TestClusterTotals(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	series := randomSeries(rng, 3, 24*40)
	clusterErr := func(cfg periods.Config) float64 {
		agg, err := periods.Aggregate(series, time.Hour, cfg)
		require.NoError(t, err)
		require.NoError(t, agg.Check())
		worst := 0.0
		for s, ser := range series {
			lo, hi := slices.Min(ser.Values), slices.Max(ser.Values)
			for k, r := range agg.Reps {
				want := 0.0
				for _, i := range agg.Members(k) {
					for _, x := range ser.Values[agg.PeriodStart(i) : agg.PeriodStart(i)+agg.PeriodLen(i)] {
						want += x - lo
					}
				}
				got := 0.0
				for _, x := range r.Values[s] {
					got += float64(r.Weight) * (x - lo)
					assert.GreaterOrEqual(t, x, lo)
					assert.LessOrEqual(t, x, hi)
				}
				worst = max(worst, math.Abs(got-want)/want)
			}
		}
		return worst
	}
	base := periods.Config{PeriodSteps: 24, Periods: 6, Rescale: true}
	for _, c := range []struct {
		name   string
		change func(*periods.Config)
	}{
		{"medoids scaled per cluster", func(c *periods.Config) { c.RescaleClusters = true }},
		{"centroids", func(c *periods.Config) { c.Centroids = true }},
	} {
		cfg := base
		c.change(&cfg)
		assert.Less(t, clusterErr(cfg), 1e-5, c.name)
	}
	assert.Greater(t, clusterErr(base), 1e-3, "global rescaling moves energy between clusters")
}
