package live_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// A state of charge read a little below 0 (within Check's 5 % of the
// energy: a meter's error) settles as an empty battery, and an idle
// battery below its minimum loses nothing to self-discharge. Before, the
// reading of −10 kWh was settled as is, and self-discharge, acting on the
// energy above the minimum (40 kWh here), made the idle battery gain 0.5 %
// of 50 kWh an hour (QA, December 2026).
func TestSoCBelowEmpty(t *testing.T) {
	p := smallPark()
	p.Batteries[0].SelfDischargePerHour = 0.005
	c := newControllerOf(t, p)
	_, err := c.Step(at(0))
	require.NoError(t, err)
	m := meas(0, 100, 50, 0, 0.5)
	m.SoCKWh = map[string]float64{"bat": -10}
	_, err = c.Measure(m)
	require.NoError(t, err, "within 5 % of [0, 400] kWh")
	_, err = c.Step(at(1))
	require.NoError(t, err)
	// Skipped intervals settle idle: nothing below the minimum decays, or grows.
	_, err = c.Step(at(12))
	require.NoError(t, err)
	s, err := c.Settled()
	require.NoError(t, err)
	t.Log(s.SoCKWh[0])
	for k := 2; k < 12; k++ {
		assert.GreaterOrEqual(t, s.SoCKWh[0][k], 0.0, "interval %d", k)
		assert.LessOrEqual(t, s.SoCKWh[0][k], s.SoCKWh[0][k-1]+1e-9, "interval %d: an idle battery never gains", k)
	}
}

// A grid carbon signal never measured stands in as 0 kgCO2e/kWh, which
// would book every import as clean: with no value sent before them, the
// intervals settled so are counted, each Decision that settles one warns,
// and the ledger grants no stage above conventional while any is kept
// (QA, December 2026: a park on grid power alone, its carbon feed down
// from the start, was rated zero-carbon). A value sent later ends it for
// the intervals after it.
func TestCarbonNeverMeasured(t *testing.T) {
	c := newSmall(t)
	_, err := c.Step(at(0))
	require.NoError(t, err)
	for k := range 4 {
		m := meas(k, 100, 50, 0, 0)
		m.DispatchKgCO2ePerKWh = nil
		_, err := c.Measure(m)
		require.NoError(t, err)
	}
	d, err := c.Step(at(4))
	require.NoError(t, err)
	require.NotEmpty(t, d.Warnings)
	assert.Contains(t, d.Warnings[len(d.Warnings)-1], "4 interval(s) settled with no grid carbon value measured yet")
	r, err := c.Ledger()
	require.NoError(t, err)
	assert.Zero(t, r.ResidualKgCO2e, "the stand-in's figure")
	assert.Equal(t, dispatch.Conventional, r.Stage)
	assert.False(t, r.StageBasis.IndicatorsMet)
	assert.Contains(t, r.StageBasis.StageLimitedBy, "never measured before 4 of the 4 intervals settled")

	// Measured from interval 4 on: those intervals count as measured, the
	// first four stay stand-ins of 0.
	for k := 4; k < 8; k++ {
		_, err := c.Measure(meas(k, 100, 50, 0, 0.5))
		require.NoError(t, err)
	}
	d, err = c.Step(at(8))
	require.NoError(t, err)
	for _, w := range d.Warnings {
		assert.NotContains(t, w, "no grid carbon value")
	}
	r, err = c.Ledger()
	require.NoError(t, err)
	s, err := c.Settled()
	require.NoError(t, err)
	want := 0.0
	for k := 4; k < 8; k++ {
		want += 0.5 * s.ImportKW[k] // an hour each
	}
	assert.InDelta(t, want, r.ResidualKgCO2e, 1e-6, "the intervals measured at 0.5, the first four at 0")
	assert.Contains(t, r.StageBasis.StageLimitedBy, "never measured before 4 of the 8 intervals settled")

	// Measured from the start: nothing of it.
	c2 := newSmall(t)
	_, err = c2.Step(at(0))
	require.NoError(t, err)
	_, err = c2.Measure(meas(0, 100, 50, 0, 0.5), meas(1, 100, 50, 0, 0.5))
	require.NoError(t, err)
	_, err = c2.Step(at(2))
	require.NoError(t, err)
	r, err = c2.Ledger()
	require.NoError(t, err)
	assert.NotContains(t, r.StageBasis.StageLimitedBy, "never measured")
}

// The first Step settles nothing: the intervals before it are history.
// Its Decision warned all the same that they were "settled with no grid
// carbon value measured yet", and took a state of charge measured before
// it, which differs from the park file's initial one as any first reading
// does, for a jump its flows could not reach ("a BMS recalibration?"),
// counted in Jumps and the drift (QA, session 31: the README's serve
// example drew both on its first batch, with the ledger at 0 intervals).
// The Step after it still warns of the interval it settles so.
func TestFirstStepSettlesNothing(t *testing.T) {
	c := newSmall(t)
	m := meas(3, 100, 50, 0, 0)
	m.DispatchKgCO2ePerKWh = nil
	m.SoCKWh = map[string]float64{"bat": 100} // the park file's initial state is 200 kWh
	_, err := c.Measure(m)
	require.NoError(t, err)
	d, err := c.Step(at(4))
	require.NoError(t, err)
	for _, w := range d.Warnings {
		assert.NotContains(t, w, "settled with no grid carbon value")
		assert.NotContains(t, w, "its flows can reach")
	}
	assert.Equal(t, 100.0, d.Batteries[0].StartSoCKWh, "the measured state is where the plan starts")
	mt := c.Metrics()
	assert.Zero(t, mt.Batteries[0].Jumps)
	assert.Zero(t, mt.Batteries[0].DriftKWh)
	r, err := c.Ledger()
	if err == nil {
		assert.Zero(t, r.Steps, "nothing settled")
	}

	// Interval 4 settles with no carbon value either: that one is warned of.
	m = meas(4, 100, 50, 0, 0)
	m.DispatchKgCO2ePerKWh = nil
	_, err = c.Measure(m)
	require.NoError(t, err)
	d, err = c.Step(at(5))
	require.NoError(t, err)
	require.NotEmpty(t, d.Warnings)
	assert.Contains(t, d.Warnings[len(d.Warnings)-1], "1 interval(s) settled with no grid carbon value measured yet")
}

// A provided forecast is checked as the series it forecasts is: a carbon
// forecast in g/kWh (450 for 0.45) was accepted and planned with as 450
// kgCO2e/kWh, which prices import above lost load, so the plan shed the
// load it could not meet from the park (QA, session 31: the demo park
// served with carbon=provided:co2_da planned up to 1,241 kW unserved), where
// the measured signal of the same value is refused; a negative load
// forecast likewise.
func TestProvidedForecastBounds(t *testing.T) {
	carbon, err := forecast.ParseChoice("carbon=provided:co2_da")
	require.NoError(t, err)
	load, err := forecast.ParseChoice("load:office=provided:office_da")
	require.NoError(t, err)
	cfg := live.DefaultConfig(t0, time.Hour)
	cfg.Dispatch.Horizon = 6 * time.Hour
	cfg.Forecasts = []forecast.Choice{carbon, load}
	c, err := live.New(smallPark(), cfg)
	require.NoError(t, err)
	defer c.Close()

	_, err = c.Measure(live.Measurement{Start: at(1), Forecasts: map[string]float64{"co2_da": 450, "office_da": -20}})
	require.Error(t, err)
	var fe *model.FieldError
	require.True(t, errors.As(err, &fe))
	assert.Contains(t, err.Error(), "forecasts.co2_da = 450: "+model.GridCarbonTooLarge)
	assert.Contains(t, err.Error(), "forecasts.office_da = -20: a power forecast must be ≥ 0")

	// In range, and a marginal carbon forecast may be negative.
	_, err = c.Measure(live.Measurement{Start: at(1), Forecasts: map[string]float64{"co2_da": -0.2, "office_da": 120}})
	require.NoError(t, err)
}

// A provided forecast short of the horizon is used where it was sent, and
// persistence of the last value stands in for the intervals it does not
// cover; the Decision says so. Before, it was not used at all (the
// forecaster failed and the plan forecast the series by persistence over
// the whole horizon), and nothing said so (QA, session 31: a day-ahead
// carbon forecast covering 90 of the 96 intervals planned with the last
// measured value throughout).
func TestProvidedForecastShortWarned(t *testing.T) {
	carbon, err := forecast.ParseChoice("carbon=provided:co2_da")
	require.NoError(t, err)
	cfg := live.DefaultConfig(t0, time.Hour)
	cfg.Dispatch.Horizon = 6 * time.Hour
	cfg.Forecasts = []forecast.Choice{carbon}
	c, err := live.New(smallPark(), cfg)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Measure(meas(0, 100, 50, 0, 0.5), meas(1, 100, 50, 0, 0.5))
	require.NoError(t, err)
	for k := 2; k < 6; k++ { // 4 of the 6 intervals from 2
		_, err = c.Measure(live.Measurement{Start: at(k), Forecasts: map[string]float64{"co2_da": 0.1}})
		require.NoError(t, err)
	}
	d, err := c.Step(at(2))
	require.NoError(t, err)
	assert.Equal(t, []float64{0.1, 0.1, 0.1, 0.1, 0.5, 0.5}, d.Plan.DispatchKgCO2ePerKWh,
		"the forecast sent, then the last measured value held")
	require.NotEmpty(t, d.Warnings)
	assert.Equal(t, `provided forecast "co2_da" has no value for 2 of the horizon's 6 intervals (the first `+at(6).Format(time.RFC3339)+
		`): the last value, 0.5, stands in for those (persistence), the values sent are used; send its values for every interval before `+
		at(8).Format(time.RFC3339), d.Warnings[len(d.Warnings)-1])
	found := false
	for _, f := range c.Metrics().Forecasts {
		if strings.Contains(f.Series, "carbon") {
			found = true
			assert.Zero(t, f.Fallbacks, "%s: not a fallback, the values sent were used", f.Series)
		}
	}
	assert.True(t, found, "the carbon signal's forecast is counted")

	_, err = c.Measure(meas(2, 100, 50, 0, 0.5))
	require.NoError(t, err)
	for k := 6; k < 9; k++ {
		_, err = c.Measure(live.Measurement{Start: at(k), Forecasts: map[string]float64{"co2_da": 0.1}})
		require.NoError(t, err)
	}
	d, err = c.Step(at(3))
	require.NoError(t, err)
	assert.Equal(t, 0.1, d.Plan.DispatchKgCO2ePerKWh[0], "the forecast sent")
	for _, w := range d.Warnings {
		assert.NotContains(t, w, "provided forecast")
	}
}

// A map of many names is checked for a name given twice in linear time:
// each name was compared with every one before it, so one object of
// 100,000 names (1.2 MB, within the server's 8 MiB bodies) took 20 s of
// CPU to refuse, and one of 8 MiB minutes (QA, session 31). A name given
// twice is still found at its second mention, and names differing in
// case are still two names. Linear, not quadratic: four times the names
// take at most ten times as long (sixteen, quadratic; the best of three
// runs of each, timed in the same run: a ratio, not a time limit).
func TestDecodeManyNamesLinear(t *testing.T) {
	const n = 200_000
	body := func(n int, last string) string {
		var b strings.Builder
		b.WriteString(`{"start":"2024-03-04T10:00:00+01:00","load_kw":{`)
		for i := range n {
			fmt.Fprintf(&b, `"k%d":1,`, i)
		}
		b.WriteString(`"` + last + `":2}}`)
		return b.String()
	}
	best := func(s string) time.Duration {
		var least time.Duration
		for range 3 {
			began := time.Now()
			_, err := live.DecodeMeasurements(strings.NewReader(s))
			took := time.Since(began)
			require.ErrorIs(t, err, live.ErrMeasurement)
			assert.Contains(t, err.Error(), `key "k12345" given twice`)
			if least == 0 || took < least {
				least = took
			}
		}
		return least
	}
	small, large := best(body(n/4, "k12345")), best(body(n, "k12345"))
	assert.Less(t, float64(large)/float64(small), 10.0, "%v for %d names against %v for %d: quadratic (84 s for 200,000 before)", large, n, small, n/4)

	ms, err := live.DecodeMeasurements(strings.NewReader(body(n, "K123456")))
	require.NoError(t, err)
	assert.Len(t, ms[0].LoadKW, n+1)
}

// A first step long after the last value measured plans on values held
// across the gap, which the forecasters read as measured: the Decision
// says so (an EMS reads it, not the server's log). A history that starts
// empty has nothing held, and no such warning.
func TestFirstStepAfterGapWarns(t *testing.T) {
	gapWarning := func(d *live.Decision) string {
		for _, w := range d.Warnings {
			if strings.Contains(w, "were held at the last value measured before them") {
				return w
			}
		}
		return ""
	}
	c := newSmall(t)
	for k := range 4 {
		_, err := c.Measure(meas(k, 100, 50, 10, 0.5))
		require.NoError(t, err)
	}
	d, err := c.Step(at(30))
	require.NoError(t, err)
	w := gapWarning(d)
	require.NotEmpty(t, w, "%q", d.Warnings)
	assert.Contains(t, w, "104 value(s) before this interval", "4 series measured × 26 intervals")
	assert.Contains(t, w, "a gap in the history of 26 interval(s), 26h0m0s")

	// Measured up to the step: nothing held, no warning; nor on a history
	// that starts empty.
	c = newSmall(t)
	for k := range 4 {
		_, err := c.Measure(meas(k, 100, 50, 10, 0.5))
		require.NoError(t, err)
	}
	d, err = c.Step(at(4))
	require.NoError(t, err)
	assert.Empty(t, gapWarning(d), "%q", d.Warnings)
	d, err = newSmall(t).Step(at(20))
	require.NoError(t, err)
	assert.Empty(t, gapWarning(d), "%q", d.Warnings)
}

// A state of charge sent as a fraction in soc_percent (0.389 for 38.9 %)
// reads as a hundredth of the battery's state: the jump's warning says
// what 100 times it would be.
func TestSoCPercentAsFractionHinted(t *testing.T) {
	// The state the flows reach, from a twin that measures none.
	twin := newSmall(t)
	_, err := twin.Step(at(0))
	require.NoError(t, err)
	_, err = twin.Measure(meas(0, 100, 50, 0, 0.5))
	require.NoError(t, err)
	_, err = twin.Step(at(1))
	require.NoError(t, err)
	st, err := twin.Settled()
	require.NoError(t, err)
	reach := st.SoCKWh[0][0]

	c := newSmall(t)
	_, err = c.Step(at(0))
	require.NoError(t, err)
	m := meas(0, 100, 50, 0, 0.5)
	m.SoCPercent = map[string]float64{"bat": reach / 400} // the state reached, as a fraction of the 400 kWh
	_, err = c.Measure(m)
	require.NoError(t, err)
	d, err := c.Step(at(1))
	require.NoError(t, err)
	var hint string
	for _, w := range d.Warnings {
		if strings.Contains(w, "was it a fraction (0–1)? soc_percent is 0–100") {
			hint = w
		}
	}
	require.NotEmpty(t, hint, "%q", d.Warnings)
	assert.Contains(t, hint, "100 times it, ")
}

// A series no meter has ever reported stands in as 0 — for its history,
// its forecast and the intervals it settles — so a tenant's meter missing
// from every batch planned and settled as 0 kW, halving the ledger's load
// with nothing in the Decision (EMS QA, 2026-12-05). Each Decision names
// such series until a value arrives; a series measured once is held, not
// named.
func TestNeverMeasuredWarned(t *testing.T) {
	c := newSmall(t)
	never := func(d *live.Decision) string {
		for _, w := range d.Warnings {
			if strings.HasPrefix(w, "never measured: ") {
				return w
			}
		}
		return ""
	}
	for k := range 4 {
		m := meas(k, 100, 50, 20, 0.5)
		delete(m.LoadKW, "shop")
		_, err := c.Measure(m)
		require.NoError(t, err)
	}
	d, err := c.Step(at(4))
	require.NoError(t, err)
	assert.Equal(t, `never measured: load "shop" (no value sent, seeded or set before this interval): 0 stands in for their history, `+
		`their forecast and the intervals they settle, so the plan and the ledger count none of it; send load_kw`, never(d))
	_, err = c.Measure(meas(4, 100, 50, 20, 0.5))
	require.NoError(t, err)
	d, err = c.Step(at(5))
	require.NoError(t, err)
	assert.Empty(t, never(d), "%q", d.Warnings)
	_, err = c.Measure(live.Measurement{Start: at(5), LoadKW: map[string]float64{"office": 100}})
	require.NoError(t, err)
	d, err = c.Step(at(7)) // shop and roof held from interval 4, not never measured
	require.NoError(t, err)
	assert.Empty(t, never(d), "%q", d.Warnings)

	// A first Step with no history at all names every series, the grid
	// carbon signal among them (no interval settles yet to warn of it).
	c = newSmall(t)
	d, err = c.Step(at(0))
	require.NoError(t, err)
	assert.Contains(t, never(d), `load "office", load "shop", pv "roof", grid dispatch_kgco2e_per_kwh (`)
}

// A Step at an interval before the first one planned is refused as out
// of order, without saying it "was planned already" alone: it never was
// (EMS QA, 2026-12-05: POST /step at 12:00 on a server whose first step
// was 12:15).
func TestStepBeforeFirstNotCalledPlanned(t *testing.T) {
	c := newSmall(t)
	_, err := c.Step(at(3))
	require.NoError(t, err)
	_, err = c.Step(at(1))
	require.ErrorIs(t, err, live.ErrNotNext)
	assert.EqualError(t, err, "live: not the next interval: "+at(1).Format(time.RFC3339)+" is before the next interval to plan, "+
		at(4).Format(time.RFC3339)+": it was planned already, or is history before the first interval planned")
}

// A body that starts with a UTF-8 byte-order mark decodes, and the offset
// of an error is the body's as sent, leading whitespace counted (EMS QA,
// 2026-12-05: a BOM was refused as "invalid character 'ï'", and after ten
// newlines an error was placed ten bytes early).
func TestDecodeBOMAndOffsets(t *testing.T) {
	ms, err := live.DecodeMeasurements(strings.NewReader("\uFEFF" + `{"start":"2024-01-01T00:00:00Z","load_kw":{"office":3}}`))
	require.NoError(t, err)
	require.Len(t, ms, 1)
	assert.Equal(t, 3.0, ms[0].LoadKW["office"])
	_, err = live.DecodeMeasurements(strings.NewReader("\n\t \uFEFF" + `[{"start":"2024-01-01T00:00:00Z"}]`))
	require.Error(t, err, "a BOM is read at the start only")

	body := strings.Repeat("\n", 10) + `{"start":"2024-01-01T00:00:00Z","load_kw":{"office":7x}}`
	_, err = live.DecodeMeasurements(strings.NewReader(body))
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("offset %d: invalid character 'x'", strings.Index(body, "x")+1))
	body = "  " + `{"start": `
	_, err = live.DecodeMeasurements(strings.NewReader(body))
	assert.ErrorContains(t, err, fmt.Sprintf("offset %d (the end of the body)", len(body)))
	_, err = live.DecodeMeasurements(strings.NewReader(" \n "))
	assert.ErrorContains(t, err, "no measurements")
	ms, err = live.DecodeMeasurements(strings.NewReader(" [ {\"start\":\"2024-01-01T00:00:00Z\"} ] \n"))
	require.NoError(t, err)
	assert.Len(t, ms, 1)
}
