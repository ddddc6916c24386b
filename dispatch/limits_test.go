package dispatch

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

func TestHorizonSteps(t *testing.T) {
	for _, c := range []struct {
		horizon, step time.Duration
		want          int
		err           error
		says          []string
	}{
		{24 * time.Hour, time.Hour, 24, nil, nil},
		{24 * time.Hour, 15 * time.Minute, 96, nil, nil},
		{time.Hour, time.Hour, 1, nil, nil},
		{MaxHorizonSteps * time.Hour, time.Hour, MaxHorizonSteps, nil, nil},
		{90 * time.Minute, time.Hour, 0, ErrConfig, []string{"1h30m0s", "1h0m0s steps", "1.5 steps", "1h0m0s or 2h0m0s"}},
		{30 * time.Minute, time.Hour, 0, ErrConfig, []string{"30m0s", "0.5 steps", "e.g. 1h0m0s"}},
		{(MaxHorizonSteps + 1) * time.Hour, time.Hour, 0, ErrTooLarge, []string{"10001 steps", "at most 10000h0m0s", "coarser"}},
		{20000 * time.Hour, time.Hour, 0, ErrTooLarge, []string{"20000h0m0s", "20000 steps"}},
		{24 * time.Hour, time.Second, 0, ErrTooLarge, []string{"86400 steps of 1s", "at most 2h46m40s"}},
		{0, time.Hour, 0, ErrConfig, []string{"positive"}},
		{-time.Hour, time.Hour, 0, ErrConfig, []string{"positive"}},
		{time.Hour, 0, 0, ErrInput, []string{"step"}},
	} {
		name := fmt.Sprintf("%v at %v", c.horizon, c.step)
		got, err := HorizonSteps(c.horizon, c.step)
		if c.err == nil {
			require.NoError(t, err, name)
			assert.Equal(t, c.want, got, name)
			continue
		}
		require.ErrorIs(t, err, c.err, name)
		for _, s := range c.says {
			assert.ErrorContains(t, err, s, name)
		}
	}
}

// New refuses a horizon that is not a whole number of steps; Run caps a
// horizon longer than the period at the period and says so, and the capped
// run is the run with a horizon of exactly the period.
func TestRunCapsHorizonAtPeriod(t *testing.T) {
	p, pr := benchPark(12)
	cfg := DefaultConfig()
	cfg.Horizon = 90 * time.Minute
	_, err := New(p, time.Hour, cfg)
	require.ErrorIs(t, err, ErrConfig)
	_, err = Run(p, pr, cfg)
	require.ErrorIs(t, err, ErrConfig)

	cfg.Horizon = 48 * time.Hour
	capped, err := Run(p, pr, cfg)
	require.NoError(t, err)
	assert.Equal(t, 12, capped.Report.Solve.HorizonSteps)
	assert.True(t, capped.Report.Solve.HorizonCapped)

	cfg.Horizon = 12 * time.Hour
	exact, err := Run(p, pr, cfg)
	require.NoError(t, err)
	assert.Equal(t, 12, exact.Report.Solve.HorizonSteps)
	assert.False(t, exact.Report.Solve.HorizonCapped)
	assert.InDelta(t, exact.Report.AdjustedResidualKgCO2e, capped.Report.AdjustedResidualKgCO2e, 1e-6*exact.Report.BaselineKgCO2e)

	cfg.Horizon = 6 * time.Hour
	short, err := Run(p, pr, cfg)
	require.NoError(t, err)
	assert.Equal(t, 6, short.Report.Solve.HorizonSteps)
	assert.False(t, short.Report.Solve.HorizonCapped)

	perfect, err := PerfectForesight(p, pr, cfg)
	require.NoError(t, err)
	assert.Equal(t, 12, perfect.Report.Solve.HorizonSteps)
}

// manyBatteries is a park of one load and n batteries: 6n + 4 non-zeros a
// step, so an LP over the limit needs few steps.
func manyBatteries(n int) *model.Park {
	p := &model.Park{Name: "many", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(1000, 0)}
	for b := range n {
		p.Batteries = append(p.Batteries, battery(fmt.Sprintf("b%d", b), 100, 50))
	}
	return p
}

// The estimate is the LP the layout builds, counted independently.
func TestEstimateLPMatchesBuild(t *testing.T) {
	for _, c := range []struct{ pv, wind, bat, h int }{{0, 0, 0, 1}, {1, 1, 1, 24}, {2, 0, 3, 7}, {0, 3, 2, 96}} {
		p := &model.Park{Name: "x", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(1000, 0)}
		for i := range c.pv {
			p.PV = append(p.PV, model.PVArray{Name: fmt.Sprintf("pv%d", i), CapacityKWp: 10, AvailabilityColumn: "a"})
		}
		for i := range c.wind {
			p.Wind = append(p.Wind, model.WindTurbine{Name: fmt.Sprintf("w%d", i), CapacityKW: 10, AvailabilityColumn: "a"})
		}
		for i := range c.bat {
			p.Batteries = append(p.Batteries, battery(fmt.Sprintf("b%d", i), 100, 50))
		}
		l := newLayout(p, c.h, 1, true)
		prob, err := l.build(p)
		require.NoError(t, err)
		got := EstimateLP(p, c.h)
		assert.Equal(t, int64(prob.NumCols), got.Columns, "%+v", c)
		assert.Equal(t, int64(prob.NumRows()), got.Rows, "%+v", c)
		assert.Equal(t, int64(len(prob.Value)), got.NonZeros, "%+v", c)
		assert.Equal(t, got.NonZeros*LPBytesPerNonZero, got.Bytes)
	}
}

// An LP beyond MaxLPBytes is refused before it is built, with the estimate
// and how to shrink it.
func TestTooLargeLP(t *testing.T) {
	// Perfect foresight: 100 batteries → 604 non-zeros a step; 15,000
	// steps → 9.06 million, 9.06 GB > 8 GiB.
	p := manyBatteries(100)
	n := 15_000
	pr := profiles(p, [][]float64{constant(n, 10)}, nil, nil, nil)
	require.Greater(t, EstimateLP(p, n).Bytes, MaxLPBytes)
	_, err := PerfectForesight(p, pr, DefaultConfig())
	require.ErrorIs(t, err, ErrTooLarge)
	for _, s := range []string{"perfect foresight over 15000 steps", "9060000 non-zeros", "limit 8.0 GiB", "coarser series step", "rolling horizon"} {
		assert.ErrorContains(t, err, s)
	}
	// The same park's rolling horizon of 24 steps is small.
	cfg := DefaultConfig()
	cfg.Horizon = 24 * time.Hour
	d, err := New(p, time.Hour, cfg)
	require.NoError(t, err)
	d.Close()

	// The rolling horizon: 150 batteries × 10,000 steps = 9.04 million.
	p = manyBatteries(150)
	cfg.Horizon = MaxHorizonSteps * time.Hour
	_, err = New(p, time.Hour, cfg)
	require.ErrorIs(t, err, ErrTooLarge)
	assert.ErrorContains(t, err, "shorten the horizon")
	err = Preflight(p, 2*MaxHorizonSteps, time.Hour, cfg, RollingHorizon)
	require.ErrorIs(t, err, ErrTooLarge)
}

// withMemoryLimit sets the Go soft memory limit (one of the budgets
// sysmem reads) for the rest of the test.
func withMemoryLimit(t *testing.T, bytes int64) {
	prev := debug.SetMemoryLimit(bytes)
	t.Cleanup(func() { debug.SetMemoryLimit(prev) })
}

// A run whose footprint exceeds the memory available is refused with the
// estimate and the budget, before it allocates.
func TestFootprintCheck(t *testing.T) {
	withMemoryLimit(t, 1<<30) // 1 GiB: above what the test holds
	small := Footprint{SolverBytes: memoryCheckFloor - 1}
	require.NoError(t, small.Check(), "below the floor nothing is read")
	big := Footprint{ProfilesBytes: 1 << 30, SolverBytes: 1 << 30}
	err := big.Check()
	require.ErrorIs(t, err, ErrMemory)
	for _, s := range []string{"needs about 2.0 GiB", "profiles 1.0 GiB", "solver 1.0 GiB", "available"} {
		assert.ErrorContains(t, err, s)
	}
	assert.NotContains(t, err.Error(), "attribution", "parts of 0 bytes are left out")

	// Perfect foresight of 100 batteries over 4,000 steps: an LP of 2.4
	// million non-zeros, about 2.4 GB by the estimate.
	p := manyBatteries(100)
	pr := profiles(p, [][]float64{constant(4000, 10)}, nil, nil, nil)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = PerfectForesight(p, pr, DefaultConfig())
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, ErrMemory)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(10<<20), "refused before building the LP")
	require.ErrorIs(t, Preflight(p, 4000, time.Hour, DefaultConfig(), Perfect), ErrMemory)
}

// The schedule part of the footprint is what a rule-based run allocates
// (cross-checked against the Go allocator), and attribution keeps no
// tenants × intervals table.
func TestFootprintMatchesAllocation(t *testing.T) {
	p, pr := benchPark(20_000)
	est := EstimateFootprint(p, pr.Len, 0, GridOnlyPolicy)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := GridOnly(p, pr, DefaultConfig())
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	got := float64(after.TotalAlloc - before.TotalAlloc)
	assert.InDelta(t, float64(est.SchedulesBytes), got, 0.1*float64(est.SchedulesBytes), "schedule estimate vs allocation")

	// 1,000 tenants over 2,000 intervals: a table would be 16 MB.
	const tenants, n = 1000, 2000
	q := &model.Park{Name: "tenants", Grid: grid(1e6, 0)}
	loads := make([][]float64, tenants)
	for i := range loads {
		q.Loads = append(q.Loads, model.Load{Name: fmt.Sprintf("t%d", i), Column: "c"})
		loads[i] = constant(n, float64(1+i%7))
	}
	qr := profiles(q, loads, nil, nil, nil)
	res, err := GridOnly(q, qr, DefaultConfig())
	require.NoError(t, err)
	runtime.ReadMemStats(&before)
	a, err := Attribute(q, qr, res)
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	fa := EstimateFootprint(q, n, 0)
	assert.LessOrEqual(t, after.TotalAlloc-before.TotalAlloc, uint64(fa.AttributionBytes), "attribution within its estimate")
	assert.Less(t, fa.AttributionBytes, int64(tenants*n*8/10))
	// Interval values still add up: grid-only residual = load × factor.
	sum := 0.0
	for k := range a.Intervals() {
		sum += a.IntervalKgCO2e(3, k)
	}
	assert.InDelta(t, 4*0.5*n, sum, 1e-6) // tenant 3 draws 4 kW at 0.5 kgCO2e/kWh
}

// A park of 10,000 tenants on a tiny series dispatches under every policy
// without trouble: nothing per tenant grows beyond its series.
func TestTenThousandLoads(t *testing.T) {
	const tenants, n = 10_000, 48
	p, small := benchPark(n)
	loads := make([][]float64, tenants)
	p.Loads = p.Loads[:0]
	for i := range loads {
		p.Loads = append(p.Loads, model.Load{Name: fmt.Sprintf("tenant %05d", i), Column: "c"})
		loads[i] = make([]float64, n)
		for k := range n {
			loads[i][k] = small.TotalLoadKW(k) / tenants
		}
	}
	pr := profiles(p, loads, small.PVAvailKW, small.WindAvailKW, small.DispatchKgCO2ePerKWh)
	cfg := DefaultConfig()
	cfg.Forecasts = &model.ForecastSet{Load: make([]model.Forecaster, tenants)}
	for i := range cfg.Forecasts.Load {
		cfg.Forecasts.Load[i] = lastValue{}
	}
	require.NoError(t, Preflight(p, n, time.Hour, cfg, Policies().Names()...))
	for _, pol := range Policies().Names() {
		res, err := RunPolicy(pol, p, pr, cfg)
		require.NoError(t, err, pol)
		require.NoError(t, res.Schedule.Check(p), pol)
		a, err := Attribute(p, pr, res)
		require.NoError(t, err, pol)
		require.Len(t, a.Tenants, tenants)
		sum := a.StoredChangeKgCO2e + a.ExportedKgCO2e
		for _, ts := range a.Tenants {
			sum += ts.ResidualKgCO2e
		}
		assert.InDelta(t, res.Report.ResidualKgCO2e, sum, 1e-6*(1+res.Report.BaselineKgCO2e), "%s: carbon conserved", pol)
	}
}

// lastValue forecasts the last observed value (0 with no history).
type lastValue struct{}

func (lastValue) Forecast(h model.Series, out []float64) error {
	v := 0.0
	if len(h.Values) > 0 {
		v = h.Values[len(h.Values)-1]
	}
	for k := range out {
		out[k] = v
	}
	return nil
}

func TestBytesText(t *testing.T) {
	for _, c := range []struct {
		b    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1536, "1.5 KiB"}, {8 << 30, "8.0 GiB"}, {3 << 40, "3.0 TiB"}} {
		assert.Equal(t, c.want, bytesText(c.b))
	}
	assert.True(t, errors.Is(fmt.Errorf("x: %w", ErrTooLarge), ErrTooLarge))
}

// A horizon longer than the period is capped at it before the bound on
// its length (time QA, 2026-12-04: two minutes of 1 s data were refused
// a 24 h horizon of 86,400 steps that the run cuts to 120).
func TestPeriodHorizonSteps(t *testing.T) {
	_, err := HorizonSteps(24*time.Hour, time.Second)
	require.ErrorIs(t, err, ErrTooLarge)
	n, err := PeriodHorizonSteps(24*time.Hour, time.Second, 120)
	require.NoError(t, err)
	assert.Equal(t, 120, n)
	_, err = PeriodHorizonSteps(24*time.Hour, time.Second, 20000)
	require.ErrorIs(t, err, ErrTooLarge, "a period longer than the bound")
	n, err = PeriodHorizonSteps(24*time.Hour, time.Hour, 0)
	require.NoError(t, err)
	assert.Equal(t, 24, n, "0: no period")
	_, err = PeriodHorizonSteps(90*time.Minute, time.Hour, 120)
	require.ErrorIs(t, err, ErrConfig, "not whole steps, capped or not")
	require.NoError(t, Preflight(&model.Park{}, 120, time.Second, Config{Horizon: 24 * time.Hour}, RollingHorizon))
}
