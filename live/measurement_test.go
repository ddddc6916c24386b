package live_test

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// smallPark is a park with two tenants, one PV array, a battery and a
// carbon column, hourly, for the measurement tests.
func smallPark() *model.Park {
	return &model.Park{
		Name:  "small",
		Loads: []model.Load{{Name: "office", Column: "a"}, {Name: "shop", Column: "b"}},
		PV:    []model.PVArray{{Name: "roof", CapacityKWp: 200, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{{Name: "bat", EnergyKWh: 400, MaxChargeKW: 100, MaxDischargeKW: 100,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 1000, ExportLimitKW: 100,
			DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average},
			ImportPrice:    &model.Price{PerKWh: 0.2, TimeOfUse: []model.TOUPeriod{{FromHour: 17, ToHour: 21, PerKWh: 0.4}}}},
	}
}

var t0 = time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("", 3600))

func newSmall(t *testing.T) *live.Controller { t.Helper(); return newControllerOf(t, smallPark()) }

// newControllerOf is a Controller of park p on the small park's hourly
// clock, with a 6-hour horizon.
func newControllerOf(t *testing.T, p *model.Park) *live.Controller {
	t.Helper()
	cfg := live.DefaultConfig(t0, time.Hour)
	cfg.Dispatch.Horizon = 6 * time.Hour
	c, err := live.New(p, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// at is interval k's start.
func at(k int) time.Time { return t0.Add(time.Duration(k) * time.Hour) }

func meas(k int, office, shop, roof, co2 float64) live.Measurement {
	return live.Measurement{Start: at(k), LoadKW: map[string]float64{"office": office, "shop": shop},
		PVAvailableKW: map[string]float64{"roof": roof}, DispatchKgCO2ePerKWh: live.Value(co2)}
}

// Missing, duplicated and late values: a missing one stands in as the
// last value when its interval closes, and is settled so; a duplicate
// replaces the first (the last sent wins); a late one replaces its
// stand-in and those after it; all counted.
func TestMissingDuplicateLate(t *testing.T) {
	c := newSmall(t)
	_, err := c.Measure(meas(0, 100, 50, 0, 0.5), meas(1, 110, 50, 0, 0.5))
	require.NoError(t, err)
	_, err = c.Step(at(2))
	require.NoError(t, err)

	// Interval 2: the office twice (the second wins), the shop missing.
	m := meas(2, 120, 0, 10, 0.5)
	delete(m.LoadKW, "shop")
	res, err := c.Measure(m)
	require.NoError(t, err)
	assert.Equal(t, live.MeasureResult{Values: 3}, res)
	res, err = c.Measure(live.Measurement{Start: at(2), LoadKW: map[string]float64{"office": 130}})
	require.NoError(t, err)
	assert.Equal(t, live.MeasureResult{Values: 1, Duplicates: 1}, res)

	// Interval 3: nothing at all.
	_, err = c.Step(at(3))
	require.NoError(t, err)
	_, err = c.Step(at(4))
	require.NoError(t, err)
	s, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, 2, s.Len)
	assert.Equal(t, 130+50.0, s.LoadKW[0], "interval 2: the office's last value sent, the shop's stand-in (its last value, 50)")
	assert.Equal(t, 130+50.0, s.LoadKW[1], "interval 3: both stand in")
	assert.Equal(t, 10.0, s.PVAvailKW[0][1])

	// The shop's interval 2 comes late: it replaces the stand-ins of 2
	// and 3; the settlement stays as made.
	res, err = c.Measure(live.Measurement{Start: at(2), LoadKW: map[string]float64{"shop": 70}})
	require.NoError(t, err)
	assert.Equal(t, live.MeasureResult{Values: 1, Late: 1, Settled: 1}, res, "interval 2 is settled: the ledger keeps it")
	counts := map[string]live.SeriesCounts{}
	for _, sc := range c.Metrics().Series {
		counts[sc.Series] = sc
	}
	assert.Equal(t, live.SeriesCounts{Series: "load:office", Measured: 4, Duplicates: 1, Filled: 1}, counts["load:office"])
	assert.Equal(t, live.SeriesCounts{Series: "load:shop", Measured: 3, Late: 1, Filled: 2}, counts["load:shop"])
	assert.Equal(t, 1, counts["dispatch_carbon"].Filled, "interval 3, closed by the step of 4")

	s2, err := c.Settled()
	require.NoError(t, err)
	assert.Equal(t, s.LoadKW, s2.LoadKW, "settled intervals are not redone")
}

// A measured state of charge at the end of an interval is where the next
// plan starts; the drift from the settled state is reported.
func TestMeasuredSoC(t *testing.T) {
	c := newSmall(t)
	_, err := c.Step(at(0))
	require.NoError(t, err)
	m := meas(0, 100, 50, 0, 0.5)
	m.SoCKWh = map[string]float64{"bat": 321}
	_, err = c.Measure(m)
	require.NoError(t, err)
	d, err := c.Step(at(1))
	require.NoError(t, err)
	assert.Equal(t, 321.0, d.Batteries[0].StartSoCKWh)
	s, err := c.Settled()
	require.NoError(t, err)
	bm := c.Metrics().Batteries[0]
	assert.Equal(t, 1, bm.Applied)
	assert.InDelta(t, 321-s.SoCKWh[0][0], bm.DriftKWh, 1e-9)

	// A reading beyond [min, max] but within 5 %: clamped by the plan,
	// counted, warned.
	m = meas(1, 100, 50, 0, 0.5)
	m.SoCKWh = map[string]float64{"bat": 370}
	_, err = c.Measure(m)
	require.NoError(t, err)
	d, err = c.Step(at(2))
	require.NoError(t, err)
	assert.Equal(t, 360.0, d.Batteries[0].StartSoCKWh)
	assert.Equal(t, 1, d.SoCClamped)
	assert.NotEmpty(t, d.Warnings)

	// Too late to be used: interval 0 ended two plans ago.
	m = live.Measurement{Start: at(0), SoCKWh: map[string]float64{"bat": 200}}
	res, err := c.Measure(m)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Late)
}

// A state of charge sent as a percentage of the battery's energy_kwh is
// the same state in kWh: 80.25 % of 400 kWh is 321 kWh, where the next
// plan starts, as soc_kwh 321 starts it (TestMeasuredSoC).
func TestMeasuredSoCPercent(t *testing.T) {
	c := newSmall(t)
	_, err := c.Step(at(0))
	require.NoError(t, err)
	m := meas(0, 100, 50, 0, 0.5)
	m.SoCPercent = map[string]float64{"bat": 80.25}
	res, err := c.Measure(m)
	require.NoError(t, err)
	assert.Equal(t, 1, c.Metrics().Batteries[0].Measured, "counted as a state of charge: %+v", res)
	d, err := c.Step(at(1))
	require.NoError(t, err)
	assert.InDelta(t, 321, d.Batteries[0].StartSoCKWh, 1e-9)
}

// Bad measurements are refused, each naming the measurement, asset,
// field, value and reason, all at once; nothing of the batch is merged.
func TestBadMeasurements(t *testing.T) {
	c := newSmall(t)
	_, err := c.Step(at(0))
	require.NoError(t, err)
	before := c.Metrics()
	good := meas(0, 100, 50, 0, 0.5)
	for _, tc := range []struct {
		name         string
		m            live.Measurement
		asset, field string
		why          string
	}{
		{"unknown load", live.Measurement{Start: at(0), LoadKW: map[string]float64{"hotel": 1}}, "measurement", "load_kw", `(have "office", "shop")`},
		{"NaN", live.Measurement{Start: at(0), LoadKW: map[string]float64{"office": math.NaN()}}, `load "office"`, "load_kw", "not a finite number"},
		{"negative", live.Measurement{Start: at(0), LoadKW: map[string]float64{"shop": -3}}, `load "shop"`, "load_kw", "≥ 0"},
		{"PV in W", live.Measurement{Start: at(0), PVAvailableKW: map[string]float64{"roof": 150000}}, `pv "roof"`, "pv_available_kw", "above 300 kW"},
		// 3 × (1,000 import + 1.5 × 200 PV + 100 battery) = 4,200 kW.
		{"load in W", live.Measurement{Start: at(0), LoadKW: map[string]float64{"office": 100e3}}, `load "office"`, "load_kw",
			"load_kw = 100000: above 4200 kW, 3 × all the park can supply at once (import limit 1000 + PV 300 + wind 0 + batteries 100 kW): a value in W"},
		{"average carbon below 0", live.Measurement{Start: at(0), DispatchKgCO2ePerKWh: live.Value(-0.1)}, "grid", "dispatch_kgco2e_per_kwh", "≥ 0"},
		{"carbon in g/kWh", live.Measurement{Start: at(0), DispatchKgCO2ePerKWh: live.Value(530)}, "grid", "dispatch_kgco2e_per_kwh",
			"dispatch_kgco2e_per_kwh = 530: must be at most 3 kgCO2e/kWh in magnitude: is it in g/kWh? divide by 1000"},
		{"price set by the park", live.Measurement{Start: at(0), ImportPricePerKWh: live.Value(0.3)}, "grid", "import_price_per_kwh", "time-of-use"},
		{"accounting is the signal", live.Measurement{Start: at(0), AccountingKgCO2ePerKWh: live.Value(0.3)}, "grid", "accounting_kgco2e_per_kwh", "no accounting factor"},
		{"SoC in Wh", live.Measurement{Start: at(0), SoCKWh: map[string]float64{"bat": 200000}}, `battery "bat"`, "soc_kwh", "wrong unit"},
		{"unknown battery", live.Measurement{Start: at(0), SoCKWh: map[string]float64{"b2": 1}}, "measurement", "soc_kwh", `(have "bat")`},
		{"SoC percent above 105", live.Measurement{Start: at(0), SoCPercent: map[string]float64{"bat": 250}}, `battery "bat"`, "soc_percent", "kWh sent as a percentage?"},
		{"SoC percent NaN", live.Measurement{Start: at(0), SoCPercent: map[string]float64{"bat": math.NaN()}}, `battery "bat"`, "soc_percent", "outside [0, 100] %"},
		{"SoC percent below -5", live.Measurement{Start: at(0), SoCPercent: map[string]float64{"bat": -6}}, `battery "bat"`, "soc_percent", "outside [0, 100] %"},
		{"SoC in both units", live.Measurement{Start: at(0), SoCKWh: map[string]float64{"bat": 200}, SoCPercent: map[string]float64{"bat": 50}},
			`battery "bat"`, "soc_percent", "sent with soc_kwh 200 too: send one of the two"},
		{"SoC percent of an unknown battery", live.Measurement{Start: at(0), SoCPercent: map[string]float64{"b2": 1}}, "measurement", "soc_percent", `(have "bat")`},
		{"unknown forecast", live.Measurement{Start: at(0), Forecasts: map[string]float64{"co2_da": 1}}, "measurement", "forecasts", "no provided forecast"},
		{"off the grid", live.Measurement{Start: at(0).Add(time.Minute)}, "measurement", "start", "not on the Controller's grid"},
		// The value as sent, its fraction of a second too (QA, 2026-12-04:
		// it was cut off, and the time shown looked on the grid).
		{"half a second off", live.Measurement{Start: at(1).Add(500 * time.Millisecond)}, "measurement", "start", at(1).Add(500 * time.Millisecond).Format(time.RFC3339Nano)},
		{"before the start", live.Measurement{Start: at(-1)}, "measurement", "start", "before the Controller's start"},
		{"no start", live.Measurement{}, "measurement", "start", "start: missing: every measurement needs the start"},
		{"too far ahead", live.Measurement{Start: at(24 * 9)}, "measurement", "start", "too far ahead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Measure(good, tc.m)
			require.Error(t, err)
			assert.ErrorIs(t, err, live.ErrMeasurement)
			assert.ErrorIs(t, err, model.ErrInvalid)
			var me *live.MeasurementError
			require.True(t, errors.As(err, &me))
			assert.Equal(t, 1, me.Index, "the second of the batch")
			assert.Equal(t, tc.asset, me.Err.Asset)
			assert.Equal(t, tc.field, me.Err.Field)
			assert.Contains(t, err.Error(), tc.why)
			assert.True(t, strings.HasPrefix(err.Error(), "live: measurement[1] "), err.Error())
		})
	}
	_, err = c.Measure(live.Measurement{Start: at(0), LoadKW: map[string]float64{"office": -1, "shop": math.Inf(1)}})
	assert.Len(t, err.(interface{ Unwrap() []error }).Unwrap(), 2, "every problem is reported")
	assert.Equal(t, before, c.Metrics(), "nothing of a refused batch is merged")
}

// A batch with a problem in every value lists the first live.MaxProblems
// and counts the rest in one more error, so that refusing 300,000 bad
// values costs what refusing a hundred does (QA, December 2026: a 3.5 MB
// body of unknown load names made the server allocate 1 GB and answer
// 166 MB of problems).
func TestProblemsCapped(t *testing.T) {
	c := newSmall(t)
	_, err := c.Step(at(0))
	require.NoError(t, err)
	const n = 5000
	ms := make([]live.Measurement, n)
	for i := range ms {
		ms[i] = live.Measurement{Start: at(0), LoadKW: map[string]float64{"office": -1}}
	}
	err = c.Check(ms...)
	require.Error(t, err)
	assert.ErrorIs(t, err, live.ErrMeasurement)
	errs := err.(interface{ Unwrap() []error }).Unwrap()
	require.Len(t, errs, live.MaxProblems+1)
	var me *live.MeasurementError
	require.ErrorAs(t, errs[live.MaxProblems-1], &me)
	assert.Equal(t, live.MaxProblems-1, me.Index)
	last := errs[live.MaxProblems]
	assert.ErrorIs(t, last, live.ErrMeasurement)
	assert.EqualError(t, last, fmt.Sprintf("live: measurement refused: and %d more problems, not listed (the first 100 are)", n-live.MaxProblems))
	assert.Less(t, len(err.Error()), 200*live.MaxProblems)

	ms = ms[:live.MaxProblems]
	errs = c.Check(ms...).(interface{ Unwrap() []error }).Unwrap()
	assert.Len(t, errs, live.MaxProblems, "exactly the cap: no count")
}

// A value sent for an interval the ledger has settled is counted as
// settled: it reaches the history, not the ledger (whose load stays what
// was settled: 100 + 50 kW over the hour, not the 400 + 50 sent after).
func TestMeasureSettled(t *testing.T) {
	c := newSmall(t)
	_, err := c.Step(at(0))
	require.NoError(t, err)
	res, err := c.Measure(meas(0, 100, 50, 0, 0.5))
	require.NoError(t, err)
	assert.Equal(t, 0, res.Settled, "interval 0 is being executed")
	_, err = c.Step(at(1)) // settles interval 0
	require.NoError(t, err)
	r, err := c.Ledger()
	require.NoError(t, err)
	require.InDelta(t, 150, r.Energy.Load, 1e-9)

	late := meas(0, 400, 50, 0, 0.5)
	late.SoCKWh = map[string]float64{"bat": 190}
	res, err = c.Measure(late, meas(1, 100, 50, 0, 0.5))
	require.NoError(t, err)
	assert.Equal(t, 5, res.Settled, "office, shop, roof, co2 and the state of charge of interval 0; none of interval 1")
	assert.Equal(t, 4, res.Duplicates)
	r, err = c.Ledger()
	require.NoError(t, err)
	assert.InDelta(t, 150, r.Energy.Load, 1e-9, "the ledger keeps its settlement")
}

// The bound on a load is all the park can supply at once, × 3: a load at
// it is taken (a park short of power measures more load than it can
// serve), one just above it is refused; an unlimited import has no bound.
func TestLoadBound(t *testing.T) {
	c := newSmall(t)
	// 3 × (1,000 + 1.5 × 200 + 100) = 4,200 kW.
	_, err := c.Measure(live.Measurement{Start: at(0), LoadKW: map[string]float64{"office": 4200, "shop": 1500}})
	require.NoError(t, err)
	_, err = c.Measure(live.Measurement{Start: at(1), LoadKW: map[string]float64{"office": 4200.001}})
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.ErrorContains(t, err, "above 4200 kW")

	p := smallPark()
	p.Grid.ImportLimitKW = model.Unlimited
	cfg := live.DefaultConfig(t0, time.Hour)
	cfg.Dispatch.Horizon = 6 * time.Hour
	u, err := live.New(p, cfg)
	require.NoError(t, err)
	defer u.Close()
	_, err = u.Measure(live.Measurement{Start: at(0), LoadKW: map[string]float64{"office": 1e8}})
	require.NoError(t, err)
}

// A Step for an interval already planned is refused; intervals nobody
// planned (the Controller was down) settle with the battery idle.
func TestStepOrderAndSkips(t *testing.T) {
	c := newSmall(t)
	for k := range 3 {
		_, err := c.Measure(meas(k, 100, 50, 20, 0.5))
		require.NoError(t, err)
	}
	_, err := c.Step(at(1))
	require.NoError(t, err)
	_, err = c.Step(at(1))
	assert.ErrorIs(t, err, live.ErrNotNext)
	_, err = c.Step(at(0))
	assert.ErrorIs(t, err, live.ErrNotNext)
	d, err := c.Step(at(5))
	require.NoError(t, err)
	assert.True(t, d.Start.Equal(at(5)))
	// The decision says so in its warnings, not only in its counts (QA,
	// 2026-12-04).
	require.Equal(t, 3, d.SkippedIntervals)
	assert.True(t, slices.ContainsFunc(d.Warnings, func(w string) bool {
		return strings.HasPrefix(w, "3 interval(s) since the last one planned settled without a plan (3h0m0s)")
	}), "%q", d.Warnings)
	assert.True(t, c.Next().Equal(at(6)))
	s, err := c.Settled()
	require.NoError(t, err)
	require.Equal(t, 4, s.Len, "1 planned, 2–4 skipped")
	for k := 1; k < 4; k++ {
		assert.Zero(t, s.ChargeKW[0][k]+s.DischargeKW[0][k], "idle while skipped")
		assert.InDelta(t, 0, s.BalanceErrorKW(k), 1e-9)
	}
	assert.Equal(t, 3, c.Metrics().Skipped)
}

// The time-of-use import price is known ahead from the park file, in the
// Controller's clock, and the plan sees it.
func TestKnownPrices(t *testing.T) {
	c := newSmall(t)
	d, err := c.Step(at(15))
	require.NoError(t, err)
	assert.Equal(t, []float64{0.2, 0.2, 0.4, 0.4, 0.4, 0.4}, d.Plan.ImportPricePerKWh)
}

// Measure and the readers may be called while Step runs: the lock keeps
// them apart; Check and CheckAcross, which take no lock, read only what a
// Step publishes (run with -race to see it).
func TestConcurrentUse(t *testing.T) {
	c := newSmall(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for k := range 48 {
			_ = c.Check(meas(k, 100+float64(k), 50, 20, 0.5))
			_ = c.CheckAcross(at(k), meas(k, 100+float64(k), 50, 20, 0.5))
			_, _ = c.Measure(meas(k, 100+float64(k), 50, 20, 0.5))
			_ = c.Metrics()
			_ = c.Last()
		}
	}()
	for k := range 48 {
		_, err := c.Step(at(k))
		require.NoError(t, err)
	}
	<-done
	_, err := c.Ledger()
	require.NoError(t, err)
}

// The ledger is dispatch.Account of the settled intervals: import ×
// factor × Δt summed is its residual.
func TestLedger(t *testing.T) {
	c := newSmall(t)
	_, err := c.Ledger()
	assert.ErrorIs(t, err, live.ErrNothingSettled)
	for k := range 30 {
		_, err := c.Measure(meas(k, 100, 50, 80*math.Max(0, math.Sin(math.Pi*float64(k%24-6)/12)), 0.4+0.1*float64(k%3)))
		require.NoError(t, err)
		_, err = c.Step(at(k + 1))
		require.NoError(t, err)
	}
	s, err := c.Settled()
	require.NoError(t, err)
	require.NoError(t, s.Check(smallPark()), "settled intervals obey the park's physics")
	r, err := c.Ledger()
	require.NoError(t, err)
	sum := 0.0
	for k := range s.Len {
		sum += s.ImportKW[k] * s.AccountingKgCO2ePerKWh[k]
	}
	assert.InDelta(t, sum, r.ResidualKgCO2e, 1e-9*sum)
	assert.Equal(t, dispatch.RollingHorizon, r.Policy)
}

// History beyond Config.History goes in whole weeks, four weeks at a
// time, with the settled intervals before it; the forecasters' axis (the
// clear-sky series of a year) is renewed before it runs out. A saved and
// loaded Controller keeps both.
func TestTrimAndRenew(t *testing.T) {
	cfg := smallConfig()
	cfg.History = 7 * 24 * time.Hour
	c, err := live.New(smallPark(), cfg)
	require.NoError(t, err)
	defer c.Close()
	const week = 7 * 24
	first := 365*24 - 10 // the default axis is a year: renewed within ten steps
	_, err = c.Step(at(first))
	require.NoError(t, err, "the first step may be anywhere: all before it stands in")
	for k := first; k < first+30; k++ {
		_, err := c.Measure(meas(k, 100, 50, 20, 0.5))
		require.NoError(t, err)
		_, err = c.Step(at(k + 1))
		require.NoError(t, err, "step %d", k+1)
	}
	m := c.Metrics()
	from := m.HistoryFrom.Sub(t0) / time.Hour
	assert.Zero(t, int(from)%week, "whole weeks are dropped")
	assert.LessOrEqual(t, int((at(first+31).Sub(m.HistoryFrom))/time.Hour), week+4*week, "at most History + four weeks kept")
	assert.GreaterOrEqual(t, int((at(first+31).Sub(m.HistoryFrom))/time.Hour), week, "at least History kept")
	s, err := c.Settled()
	require.NoError(t, err)
	assert.Equal(t, 30, s.Len, "the settled intervals are all within the history kept")

	path := filepath.Join(t.TempDir(), "state")
	require.NoError(t, c.Save(path))
	d, err := live.Load(path, smallPark(), cfg)
	require.NoError(t, err)
	defer d.Close()
	for k := first + 30; k < first+40; k++ {
		for _, x := range []*live.Controller{c, d} {
			_, err := x.Measure(meas(k, 100, 50, 20, 0.5))
			require.NoError(t, err)
		}
		dc, err := c.Step(at(k + 1))
		require.NoError(t, err)
		dd, err := d.Step(at(k + 1))
		require.NoError(t, err)
		require.InDelta(t, dc.ImportKW, dd.ImportKW, 1e-8)
	}
	assert.Equal(t, c.Metrics().HistoryFrom, d.Metrics().HistoryFrom)
}

// NumSeries is the length of Metrics' Series without building them: the
// small park keeps two loads, one PV array and four signals.
func TestNumSeries(t *testing.T) {
	c := newSmall(t)
	assert.Equal(t, len(c.Metrics().Series), c.NumSeries())
	assert.Equal(t, 2+1+4, c.NumSeries())
}
