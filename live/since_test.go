package live_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// whole is every interval settled, gathered one at a time as the test
// steps (the Controller's ledger keeps a rolling window of them): an
// electricity-only Schedule that dispatch.Account totals, the oracle for
// SinceStart independent of its running sums.
type whole struct{ s *dispatch.Schedule }

// addLast appends the last interval of the settled intervals s, which
// must start at want (the interval the Step just settled).
func (w *whole) addLast(t *testing.T, s *dispatch.Schedule, want time.Time) {
	t.Helper()
	i := s.Len - 1
	require.True(t, s.Time(i).Equal(want), "the last settled interval starts at %s, want %s", s.Time(i), want)
	w.add(t, s, i)
}

// add appends interval i of the settled intervals s.
func (w *whole) add(t *testing.T, s *dispatch.Schedule, i int) {
	t.Helper()
	require.Nil(t, s.HeatLoadKWTh, "whole gathers the electricity side only")
	if w.s == nil {
		w.s = &dispatch.Schedule{Start: s.Time(i), Step: s.Step, InitialSoCKWh: make([]float64, len(s.SoCKWh))}
		for b := range s.SoCKWh {
			w.s.InitialSoCKWh[b] = s.SoCBefore(b, i)
		}
		n := func(rows [][]float64) [][]float64 { return make([][]float64, len(rows)) }
		w.s.PVAvailKW, w.s.PVKW, w.s.WindAvailKW, w.s.WindKW = n(s.PVAvailKW), n(s.PVKW), n(s.WindAvailKW), n(s.WindKW)
		w.s.ChargeKW, w.s.DischargeKW, w.s.SoCKWh = n(s.ChargeKW), n(s.DischargeKW), n(s.SoCKWh)
	}
	d := w.s
	d.Len++
	for _, f := range []struct{ dst, src *[]float64 }{
		{&d.LoadKW, &s.LoadKW}, {&d.ImportKW, &s.ImportKW}, {&d.ExportKW, &s.ExportKW}, {&d.UnservedKW, &s.UnservedKW},
		{&d.CurtailedKW, &s.CurtailedKW}, {&d.DispatchKgCO2ePerKWh, &s.DispatchKgCO2ePerKWh},
		{&d.AccountingKgCO2ePerKWh, &s.AccountingKgCO2ePerKWh}, {&d.ImportPricePerKWh, &s.ImportPricePerKWh},
		{&d.ExportPricePerKWh, &s.ExportPricePerKWh}, {&d.EmissionsKgCO2e, &s.EmissionsKgCO2e},
	} {
		*f.dst = append(*f.dst, (*f.src)[i])
	}
	for _, f := range []struct{ dst, src [][]float64 }{
		{d.PVAvailKW, s.PVAvailKW}, {d.PVKW, s.PVKW}, {d.WindAvailKW, s.WindAvailKW}, {d.WindKW, s.WindKW},
		{d.ChargeKW, s.ChargeKW}, {d.DischargeKW, s.DischargeKW}, {d.SoCKWh, s.SoCKWh},
	} {
		for a := range f.dst {
			f.dst[a] = append(f.dst[a], f.src[a][i])
		}
	}
}

// near asserts got ≈ want to 1e-9 relative (sums of the same terms in
// another order).
func near(t *testing.T, want, got float64, what string) {
	t.Helper()
	assert.InDelta(t, want, got, 1e-9*math.Max(1, math.Abs(want)), what)
}

// assertEqual asserts the totals since start are dispatch.Account's over
// every interval gathered.
func (w *whole) assertEqual(t *testing.T, ss live.SinceStart, what string) {
	t.Helper()
	r, err := dispatch.Account(smallPark(), w.s, smallConfig().Dispatch.Ledger)
	require.NoError(t, err, what)
	e := r.Energy
	assert.Equal(t, r.Steps, ss.SettledIntervals, what+": intervals")
	assert.True(t, r.Start.Equal(ss.From), what+": from %s, want %s", ss.From, r.Start)
	assert.True(t, r.End.Equal(ss.To), what+": to %s, want %s", ss.To, r.End)
	near(t, e.Load, ss.LoadKWh, what+": load")
	near(t, e.Unserved, ss.UnservedKWh, what+": unserved")
	near(t, e.Served, ss.ServedKWh, what+": served")
	near(t, e.Import, ss.ImportKWh, what+": import")
	near(t, e.Export, ss.ExportKWh, what+": export")
	near(t, e.PV, ss.PVKWh, what+": pv")
	near(t, e.Wind, ss.WindKWh, what+": wind")
	near(t, e.Curtailed, ss.CurtailedKWh, what+": curtailed")
	near(t, e.Charge, ss.ChargeKWh, what+": charge")
	near(t, e.Discharge, ss.DischargeKWh, what+": discharge")
	near(t, r.ResidualKgCO2e, ss.GridKgCO2e, what+": grid kgCO2e (no heat)")
	near(t, r.ResidualKgCO2e, ss.ResidualKgCO2e, what+": residual")
	near(t, r.OffsetsNeededTCO2e, ss.OffsetsNeededTCO2e, what+": offsets needed")
	// Money: the test's own sums, interval by interval, and the ledger's
	// energy cost over the same intervals.
	imp, exp := w.money()
	near(t, imp, ss.ImportCost, what+": import cost")
	near(t, exp, ss.ExportRevenue, what+": export revenue")
	near(t, imp-exp, ss.EnergyCost, what+": energy cost")
	near(t, r.EnergyCost, ss.EnergyCost, what+": the ledger's energy cost")
	assert.Equal(t, ss.SettledIntervals, ss.MoneySettledIntervals, what+": money intervals")
	assert.True(t, ss.MoneyFrom.Equal(ss.From), what+": money from %s, want %s", ss.MoneyFrom, ss.From)
}

// money is the import cost and the export revenue of the intervals
// gathered: Σ kW × price × h.
func (w *whole) money() (importCost, exportRevenue float64) {
	h := w.s.Step.Hours()
	for i := range w.s.Len {
		importCost += w.s.ImportKW[i] * w.s.ImportPricePerKWh[i] * h
		exportRevenue += w.s.ExportKW[i] * w.s.ExportPricePerKWh[i] * h
	}
	return importCost, exportRevenue
}

// Through several trims of a week's history kept, the totals since the
// first start are the sums over every interval settled (the test's own,
// interval by interval), while the ledger's are over the intervals kept;
// a save and load in the middle keeps them; they balance.
func TestSinceStartThroughTrims(t *testing.T) {
	cfg := smallConfig()
	cfg.History = 7 * 24 * time.Hour
	c, err := live.New(smallPark(), cfg)
	require.NoError(t, err)
	defer func() { c.Close() }()

	_, err = c.SinceStart()
	require.ErrorIs(t, err, live.ErrNothingSettled)

	// First trim at 841 (a week kept plus four weeks' chunk), then every
	// four weeks: 1513, 2185.
	const last, reload = 2200, 1200
	var all whole
	perInterval := map[time.Time]float64{} // load kWh of each interval settled, for the dropped ones
	trims := 0
	keptFrom := time.Time{}
	for k := range last {
		stepThrough(t, c, k, k+1)
		if k == 0 {
			continue // nothing settled yet
		}
		s, err := c.Settled()
		require.NoError(t, err)
		all.addLast(t, s, at(k-1))
		perInterval[at(k-1)] = s.LoadKW[s.Len-1] * s.Step.Hours()
		if !s.Start.Equal(keptFrom) {
			if !keptFrom.IsZero() {
				trims++
			}
			keptFrom = s.Start
		}
		if k == reload {
			before, err := c.SinceStart()
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, c.Encode(&buf))
			c.Close()
			c, err = live.Decode(&buf, smallPark(), cfg)
			require.NoError(t, err)
			after, err := c.SinceStart()
			require.NoError(t, err)
			assert.Equal(t, before, after, "a save and load keeps the totals")
		}
	}
	require.Equal(t, 3, trims, "the ledger's window moved three times")

	ss, err := c.SinceStart()
	require.NoError(t, err)
	all.assertEqual(t, ss, "since start")
	assert.True(t, ss.SinceFirstStart)
	assert.True(t, ss.From.Equal(at(0)), "from the first interval settled: %s", ss.From)
	assert.True(t, ss.LastInterval.Equal(at(last-2)), "the last settled: %s", ss.LastInterval)
	assert.True(t, ss.To.Equal(at(last-1)), "to its end: %s", ss.To)
	assert.Nil(t, ss.Heat)
	// Energy balance of the bus over all of them.
	near(t, ss.ImportKWh-ss.ExportKWh+ss.PVKWh+ss.WindKWh+ss.DischargeKWh-ss.ChargeKWh, ss.ServedKWh, "balance")

	// The window: the report over the settled intervals kept, whose load
	// is the total since start less the intervals the trims dropped.
	r, err := c.Ledger()
	require.NoError(t, err)
	s, err := c.Settled()
	require.NoError(t, err)
	dropped := 0.0
	for start, kWh := range perInterval {
		if start.Before(s.Start) {
			dropped += kWh
		}
	}
	require.Positive(t, dropped)
	near(t, ss.LoadKWh-dropped, r.Energy.Load, "window load = since start − dropped")
	assert.Equal(t, s.Len, r.Steps)
	assert.Less(t, r.Steps, ss.SettledIntervals)
	assert.Less(t, r.ResidualKgCO2e, ss.ResidualKgCO2e, "the window's residual is part of the whole")
}

// The heat side: before any trim the totals since the first start are the
// report's over the same intervals (heat load, unserved heat, fuel burnt,
// the residual over both carriers).
func TestSinceStartHeat(t *testing.T) {
	c := newSmallHeat(t)
	stepHeatThrough(t, c, 0, 60)
	ss, err := c.SinceStart()
	require.NoError(t, err)
	r, err := c.Ledger()
	require.NoError(t, err)
	require.NotNil(t, ss.Heat)
	require.NotNil(t, r.Heat)
	assert.Equal(t, r.Steps, ss.SettledIntervals)
	near(t, r.Heat.LoadKWhTh, ss.Heat.LoadKWhTh, "heat load")
	near(t, r.Heat.UnservedKWhTh, ss.Heat.UnservedKWhTh, "unserved heat")
	fuelKWh := 0.0
	for _, u := range r.Heat.Fuels {
		fuelKWh += u.KWhLHV
	}
	require.Positive(t, fuelKWh, "the gas boiler burnt something")
	near(t, fuelKWh, ss.Heat.FuelKWhLHV, "fuel")
	near(t, r.Heat.FuelKgCO2e, ss.Heat.FuelKgCO2e, "fuel kgCO2e")
	near(t, r.Heat.PurchasedHeatKgCO2e, ss.Heat.PurchasedHeatKgCO2e, "purchased heat kgCO2e")
	near(t, r.Heat.GridKgCO2e, ss.GridKgCO2e, "grid kgCO2e")
	near(t, r.ResidualKgCO2e, ss.ResidualKgCO2e, "residual")
	near(t, r.OffsetsNeededTCO2e, ss.OffsetsNeededTCO2e, "offsets needed")
	near(t, r.Energy.Load, ss.LoadKWh, "load")
	near(t, r.Energy.Import, ss.ImportKWh, "import")
	// Money over both carriers: the report's energy cost holds the fuel
	// and the heat bought.
	near(t, r.Heat.FuelCost, ss.Heat.FuelCost, "fuel cost")
	near(t, r.Heat.PurchasedHeatCost, ss.Heat.PurchasedHeatCost, "purchased heat cost")
	near(t, r.EnergyCost, ss.EnergyCost, "energy cost")
	near(t, ss.ImportCost-ss.ExportRevenue+ss.Heat.FuelCost+ss.Heat.PurchasedHeatCost, ss.EnergyCost, "its parts")
}

// A state saved by the version-1 build (testdata/state-v1-small-100h.bin:
// the code of main at b282292, smallPark, smallConfig with a week of
// history kept, stepThrough 0 to 100, Save) loads: its totals start from
// the settled intervals it holds, say so, and grow from there through a
// trim; saved again, it is of this build's version (3).
func TestSinceStartFromVersion1(t *testing.T) {
	data, err := os.ReadFile("testdata/state-v1-small-100h.bin")
	require.NoError(t, err)
	magic := len("zeropark controller state\n")
	require.Equal(t, uint32(1), binary.BigEndian.Uint32(data[magic:]), "the file is of version 1")

	cfg := smallConfig()
	cfg.History = 7 * 24 * time.Hour
	c, err := live.Decode(bytes.NewReader(data), smallPark(), cfg)
	require.NoError(t, err)
	defer c.Close()
	assert.Zero(t, c.Metrics().Batteries[0].Jumps, "a state saved before the SoC jumps were counted restores with none")

	ss, err := c.SinceStart()
	require.NoError(t, err)
	r, err := c.Ledger()
	require.NoError(t, err)
	assert.False(t, ss.SinceFirstStart, "counted from the state's intervals, not from the first start")
	assert.True(t, ss.From.Equal(r.Start), "from %s, the ledger held from %s", ss.From, r.Start)
	assert.Equal(t, 99, r.Steps, "intervals 0 to 98 settled")
	assert.Equal(t, r.Steps, ss.SettledIntervals)
	near(t, r.Energy.Load, ss.LoadKWh, "load")
	near(t, r.Energy.Import, ss.ImportKWh, "import")
	near(t, r.ResidualKgCO2e, ss.ResidualKgCO2e, "residual")

	// On through the first trim (841): the totals go on from the file's
	// intervals, all of which the ledger holds now.
	held, err := c.Settled()
	require.NoError(t, err)
	var all whole
	for i := range held.Len {
		all.add(t, held, i)
	}
	for k := 100; k < 850; k++ {
		stepThrough(t, c, k, k+1)
		s, err := c.Settled()
		require.NoError(t, err)
		all.addLast(t, s, at(k-1))
	}
	s, err := c.Settled()
	require.NoError(t, err)
	require.True(t, s.Start.After(at(0)), "the history was trimmed")
	ss, err = c.SinceStart()
	require.NoError(t, err)
	all.assertEqual(t, ss, "after a version-1 load")
	assert.True(t, ss.From.Equal(at(0)))

	var buf bytes.Buffer
	require.NoError(t, c.Encode(&buf))
	assert.Equal(t, uint32(3), binary.BigEndian.Uint32(buf.Bytes()[magic:]))
	d, err := live.Decode(&buf, smallPark(), cfg)
	require.NoError(t, err)
	defer d.Close()
	again, err := d.SinceStart()
	require.NoError(t, err)
	assert.Equal(t, ss, again)
}

// A version-1 state saved before any interval settled (it holds no
// ledger) counted nothing yet: the totals after it are since the first
// start, and say so. (Regression: since_first_start was false.)
func TestSinceStartFromVersion1NothingSettled(t *testing.T) {
	c := newSmall(t)
	stepThrough(t, c, 0, 1) // planned interval 0, settled none
	_, err := c.SinceStart()
	require.ErrorIs(t, err, live.ErrNothingSettled)
	var buf bytes.Buffer
	require.NoError(t, live.EncodeVersion1(c, &buf))
	require.Equal(t, uint32(1), binary.BigEndian.Uint32(buf.Bytes()[len("zeropark controller state\n"):]))
	d, err := live.Decode(&buf, smallPark(), smallConfig())
	require.NoError(t, err)
	defer d.Close()
	stepThrough(t, d, 1, 11)
	ss, err := d.SinceStart()
	require.NoError(t, err)
	assert.True(t, ss.SinceFirstStart)
	assert.Equal(t, 10, ss.SettledIntervals, "intervals 0 to 9")
	assert.True(t, ss.From.Equal(at(0)), "from %s", ss.From)
}

// A state file whose totals since the start cannot be the Controller's
// (fewer intervals than the ledger it holds, a load total that is not a
// number or below zero beyond the solver's noise) is refused with
// ErrState naming them; totals within the noise load.
func TestSinceStartRefusesBadTotals(t *testing.T) {
	c := newSmall(t)
	stepThrough(t, c, 0, 30)
	ss, err := c.SinceStart()
	require.NoError(t, err)
	var good bytes.Buffer
	require.NoError(t, live.EncodeAlteredSince(c, &good, func(*live.SinceTotals) {}))
	d, err := live.Decode(&good, smallPark(), smallConfig())
	require.NoError(t, err, "the totals as they are load")
	d.Close()
	for _, tc := range []struct {
		name      string
		intervals int
		loadKWh   float64
		why       string
	}{
		{"fewer than kept", ss.SettledIntervals - 1, ss.LoadKWh, "do not cover the 29 settled intervals kept"},
		{"negative count", -1, ss.LoadKWh, "-1 intervals"},
		{"NaN load", ss.SettledIntervals, math.NaN(), "an energy total of NaN kWh"},
		{"negative load", ss.SettledIntervals, -5, "an energy total of -5 kWh"},
	} {
		var buf bytes.Buffer
		require.NoError(t, live.EncodeAlteredSince(c, &buf, func(st *live.SinceTotals) { st.Intervals, st.LoadKWh = tc.intervals, tc.loadKWh }))
		_, err := live.Decode(&buf, smallPark(), smallConfig())
		require.ErrorIs(t, err, live.ErrState, tc.name)
		assert.Contains(t, err.Error(), tc.why, tc.name)
	}

	// The solver's noise: a settled flow a hair below zero in an
	// interval (dispatch's Schedule.Check allows 1e-6 kW) sums to a total
	// a hair below zero, which the Controller saved itself and must load:
	// 29 one-hour intervals allow −2.9e-5 kWh. (Regression: any total
	// below zero was refused.)
	for _, tc := range []struct {
		unservedKWh float64
		ok          bool
	}{{-1e-9, true}, {-2.8e-5, true}, {-3e-5, false}} {
		var buf bytes.Buffer
		require.NoError(t, live.EncodeAlteredSince(c, &buf, func(st *live.SinceTotals) { st.UnservedKWh = tc.unservedKWh }))
		d, err := live.Decode(&buf, smallPark(), smallConfig())
		if tc.ok {
			require.NoError(t, err, "%g kWh unserved", tc.unservedKWh)
			d.Close()
		} else {
			require.ErrorIs(t, err, live.ErrState, "%g kWh unserved", tc.unservedKWh)
		}
	}
}

// exportingPark is smallPark paid for what it exports (0.05 a kWh), so
// that the export revenue is not 0.
func exportingPark() *model.Park {
	p := smallPark()
	p.Grid.ExportPrice = &model.Price{PerKWh: 0.05}
	return p
}

// stepSunny is stepThrough with up to 200 kW of PV at noon against some
// 60 kW of load: the battery fills and the surplus is exported.
func stepSunny(t *testing.T, c *live.Controller, from, to int) {
	t.Helper()
	for k := from; k < to; k++ {
		_, err := c.Step(at(k))
		require.NoError(t, err, "step %d", k)
		f := float64(k%24) / 24
		_, err = c.Measure(meas(k, 40+20*f, 20+5*f, 800*f*(1-f), 0.3+0.4*f))
		require.NoError(t, err, "measure %d", k)
	}
}

// The money since the first start through a trim and a save and load:
// the import cost and export revenue are the test's own sums over every
// interval settled, not the window's. A version-2 state saved before the
// money was kept (its money fields zero and unset, as gob decodes a file
// without them) loads with the money rebuilt from the settled intervals
// it holds — MoneyFrom the window's start, later than From, the energy
// untouched — and goes on from there.
func TestSinceStartMoneyThroughTrimsAndOlderFiles(t *testing.T) {
	cfg := smallConfig()
	cfg.History = 7 * 24 * time.Hour
	c, err := live.New(exportingPark(), cfg)
	require.NoError(t, err)
	defer func() { c.Close() }()
	var all whole
	const last, reload = 900, 500 // the first trim at 841
	for k := range last {
		stepSunny(t, c, k, k+1)
		if k == 0 {
			continue
		}
		s, err := c.Settled()
		require.NoError(t, err)
		all.addLast(t, s, at(k-1))
		if k == reload {
			var buf bytes.Buffer
			require.NoError(t, c.Encode(&buf))
			c.Close()
			c, err = live.Decode(&buf, exportingPark(), cfg)
			require.NoError(t, err)
		}
	}
	ss, err := c.SinceStart()
	require.NoError(t, err)
	win, err := c.Settled()
	require.NoError(t, err)
	require.True(t, win.Start.After(ss.From), "the window was trimmed")
	imp, exp := all.money()
	require.Positive(t, exp, "the park exported at a price")
	near(t, imp, ss.ImportCost, "import cost since start")
	near(t, exp, ss.ExportRevenue, "export revenue since start")
	near(t, imp-exp, ss.EnergyCost, "energy cost since start")
	// The window's energy cost is the whole's less the intervals the trim
	// dropped.
	report, err := c.Ledger()
	require.NoError(t, err)
	dropped := 0.0
	for i := range all.s.Len {
		if all.s.Time(i).Before(win.Start) {
			h := all.s.Step.Hours()
			dropped += (all.s.ImportKW[i]*all.s.ImportPricePerKWh[i] - all.s.ExportKW[i]*all.s.ExportPricePerKWh[i]) * h
		}
	}
	require.NotZero(t, dropped)
	near(t, ss.EnergyCost-dropped, report.EnergyCost, "window = since start − dropped")

	// An older version-2 file: no money kept.
	var old bytes.Buffer
	require.NoError(t, live.EncodeAlteredSince(c, &old, func(st *live.SinceTotals) {
		st.Money, st.MoneyIntervals, st.MoneyFromK = false, 0, 0
		st.ImportCost, st.ExportRevenue, st.FuelCost, st.PurchasedHeatCost = 0, 0, 0, 0
	}))
	d, err := live.Decode(&old, exportingPark(), cfg)
	require.NoError(t, err)
	defer d.Close()
	got, err := d.SinceStart()
	require.NoError(t, err)
	near(t, ss.LoadKWh, got.LoadKWh, "the energy since start is the file's")
	assert.Equal(t, ss.SettledIntervals, got.SettledIntervals)
	assert.True(t, got.MoneyFrom.Equal(win.Start), "money from the window's start %s: %s", win.Start, got.MoneyFrom)
	assert.Equal(t, win.Len, got.MoneySettledIntervals)
	near(t, report.EnergyCost, got.EnergyCost, "the money rebuilt is the window's")
	wi, we := 0.0, 0.0
	for i := range win.Len {
		wi += win.ImportKW[i] * win.ImportPricePerKWh[i] * win.Step.Hours()
		we += win.ExportKW[i] * win.ExportPricePerKWh[i] * win.Step.Hours()
	}
	near(t, wi, got.ImportCost, "import cost rebuilt")
	near(t, we, got.ExportRevenue, "export revenue rebuilt")
	// On from there: each interval settled adds to it.
	stepSunny(t, d, last, last+5)
	s, err := d.Settled()
	require.NoError(t, err)
	for i := s.Len - 5; i < s.Len; i++ {
		wi += s.ImportKW[i] * s.ImportPricePerKWh[i] * s.Step.Hours()
		we += s.ExportKW[i] * s.ExportPricePerKWh[i] * s.Step.Hours()
	}
	after, err := d.SinceStart()
	require.NoError(t, err)
	assert.Equal(t, win.Len+5, after.MoneySettledIntervals)
	near(t, wi, after.ImportCost, "import cost after")
	near(t, we, after.ExportRevenue, "export revenue after")
	// Saved again, the money is kept as it stands.
	var buf bytes.Buffer
	require.NoError(t, d.Encode(&buf))
	e, err := live.Decode(&buf, exportingPark(), cfg)
	require.NoError(t, err)
	defer e.Close()
	again, err := e.SinceStart()
	require.NoError(t, err)
	assert.Equal(t, after, again)

	// A money total that is not a number, money (or wear and demand) over
	// more intervals than were counted, or monthly peaks out of order, is
	// refused.
	for why, alter := range map[string]func(*live.SinceTotals){
		"a money total of NaN":         func(st *live.SinceTotals) { st.ImportCost = math.NaN() },
		"money over 1000000 intervals": func(st *live.SinceTotals) { st.MoneyIntervals = 1000000 },
		"a wear cost of NaN":           func(st *live.SinceTotals) { st.WearCost = math.NaN() },
		"is out of order":              func(st *live.SinceTotals) { st.Peaks = append(st.Peaks, st.Peaks[0]) },
		"wear and demand over 1000000": func(st *live.SinceTotals) { st.WearDemandIntervals = 1000000 },
	} {
		var bad bytes.Buffer
		require.NoError(t, live.EncodeAlteredSince(e, &bad, alter))
		_, err := live.Decode(&bad, exportingPark(), cfg)
		require.ErrorIs(t, err, live.ErrState, why)
		assert.Contains(t, err.Error(), why)
	}
}

// A CHP unit's variable O&M is in the money since the first start as it
// is in the report's energy cost (dispatch.HeatReport.CHPVariableOMCost):
// each unit's electricity × its rate.
func TestSinceStartCHPVariableOM(t *testing.T) {
	p := smallHeatPark()
	p.CHP = []model.CHP{{Name: "engine", CapacityKW: 40, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.45,
		Fuel: "natural_gas", VariableOMPerKWh: 0.02}}
	c, err := live.New(p, smallConfig())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	stepHeatThrough(t, c, 0, 60)
	ss, err := c.SinceStart()
	require.NoError(t, err)
	r, err := c.Ledger()
	require.NoError(t, err)
	require.NotNil(t, ss.Heat)
	require.NotNil(t, r.Heat)
	require.Positive(t, r.Heat.CHPVariableOMCost, "the engine ran")
	near(t, r.Heat.CHPVariableOMCost, ss.Heat.CHPVariableOMCost, "CHP variable O&M")
	near(t, r.Heat.CHPElectricityKWh*0.02, ss.Heat.CHPVariableOMCost, "electricity × rate")
	near(t, r.EnergyCost, ss.EnergyCost, "energy cost")
}

// A CHP unit with a heat dump, running for its electricity behind a grid
// too small for the load: the heat it dumps since the first start is the
// ledger's (dispatch.HeatReport.CHPDumpedKWhTh), each decision's setpoint
// says how much of its heat to reject, and a unit without a dump has no
// such setpoint.
func TestSinceStartCHPDumpedHeat(t *testing.T) {
	p := smallHeatPark()
	p.Grid.ImportLimitKW = 1
	p.CHP = []model.CHP{{Name: "engine", CapacityKW: 120, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.45,
		Fuel: "natural_gas", HeatDumpKWTh: 60}, {Name: "heat-led", CapacityKW: 10, ElectricEfficiencyLHV: 0.35,
		ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas"}}
	c, err := live.New(p, smallConfig())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	stepHeatThrough(t, c, 0, 60)
	ss, err := c.SinceStart()
	require.NoError(t, err)
	r, err := c.Ledger()
	require.NoError(t, err)
	require.Positive(t, r.Heat.CHPDumpedKWhTh, "the engine dumped heat")
	near(t, r.Heat.CHPDumpedKWhTh, ss.Heat.CHPDumpedKWhTh, "heat dumped")
	d := c.Last()
	require.NotNil(t, d)
	require.Len(t, d.Heat.CHP, 2)
	require.NotNil(t, d.Heat.CHP[0].HeatDumpKWTh)
	assert.GreaterOrEqual(t, *d.Heat.CHP[0].HeatDumpKWTh, 0.0)
	assert.LessOrEqual(t, *d.Heat.CHP[0].HeatDumpKWTh, d.Heat.CHP[0].HeatKWTh+1e-9)
	assert.Nil(t, d.Heat.CHP[1].HeatDumpKWTh, "no dump, no dump setpoint")
}
