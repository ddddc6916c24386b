package live

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// Controller is the rolling horizon of package dispatch run live, one
// interval at a time, from measurements: it keeps the history of what was
// measured ([Controller.Measure]), forecasts each series from it with the
// forecasters dispatch.Run would use (forecast.DefaultSet and the
// --forecast choices), and every interval ([Controller.Step]) settles the
// interval that ended against what was measured and plans the next one
// through dispatch.Rolling — the code dispatch.Run runs, so replaying a
// period's measurements through a Controller gives Run's schedule exactly.
// Its state saves to a file and loads from it ([Controller.Save],
// [Load]), so a restart resumes where it stopped.
//
// A Controller is safe for concurrent use: every method takes one lock,
// so a server may call Measure from request handlers while a ticker calls
// Step (a Measure waits while a Step solves, a millisecond or so) — all
// but [Controller.Check] and [Controller.CheckAcross], which never wait.
// Saving holds the lock only to copy the state ([Controller.State]), not
// to encode it.
type Controller struct {
	mu   sync.Mutex
	park *model.Park
	// parkSum is parkSHA256(park), computed once (parkDigests): the state
	// file's check that it is loaded for the same park.
	parkSum [sha256.Size]byte
	// parkParts are parkPartsOf(park), computed once: saved beside
	// parkSum so that a state refused for another park says what changed.
	parkParts []parkPart
	cfg       Config
	cat       []series
	sig       int // index of the first signal in cat
	// heat and cop are the indices of the first heat load and the first
	// heat pump's COP in cat (for a park with heat).
	heat, cop int
	// names of the assets, for matching measurements; provided the
	// columns of the provided forecasts, and providedKind the series each
	// forecasts (its values are checked as the series':
	// model.ProvidedForecastProblem).
	names        struct{ load, pv, wind, battery, heatLoad, heatPump, store []string }
	provided     []string
	providedKind map[string]string
	// providedMisses says, for this Step, which provided forecasts were
	// short of the horizon (their series forecast by persistence instead).
	providedMisses []string
	// win is the span of intervals Measure accepts, republished whenever
	// it moves (see publish), for Check, which takes no lock.
	win   atomic.Pointer[window]
	r     *dispatch.Rolling
	fs    *model.ForecastSet
	hist  history
	steps int // horizon
	// axisStart and axisLen (absolute intervals) are the time axis the
	// forecasters were made on.
	axisStart, axisLen int
	endIdx             int // the End's interval, or −1
	started            bool
	next               int          // the next interval to plan
	closed             int          // the first interval not closed
	soc                []socReading // per battery, then per thermal store
	endSoCKWh          []float64    // per battery, then per thermal store (kWh_th): scratch of measuredSoC
	last               *Decision
	socWarnings        []string           // checkJump's warnings for the Step under way
	ledger             *dispatch.Schedule // settled intervals, from ledgerBase
	ledgerBase         int
	// since are the totals of every interval settled since the first
	// start, which trims do not touch (SinceStart).
	since sinceTotals
	// rates are the fuel prices and the CHP units' variable O&M, for the
	// money since the first start (sinceTotals.addMoney).
	rates  moneyRates
	counts counts
	// solves are the solves of the Steps this process made (since it
	// started or loaded its state): the live ledger's SolveStats, in
	// fixed memory however long it runs (the quantiles cover the last
	// dispatch.SolveWindow). Not saved with the state.
	solves *dispatch.SolveTally
}

// socReading is a battery's latest measured state of charge (kWh), or a
// thermal store's content (kWh_th), at the end of interval K.
type socReading struct {
	K     int
	KWh   float64
	Valid bool
}

// counts are the Controller's tallies (see Metrics).
type counts struct {
	Steps, Skipped                    int
	Measured, Duplicates, Late, Fills []int // per catalogue series
	SoCMeasured, SoCDuplicates        []int // per battery, then per thermal store
	SoCLate, SoCApplied               []int
	SoCDriftKWh                       []float64
	// SoCJumps counts, per battery, the measured states of charge further
	// from the settled state than SoCJumpSlackFraction of its energy (nil
	// in a state saved before them: restore makes them).
	SoCJumps   []int
	Repaired   map[string]int
	SoCClamped int
}

// New makes a Controller for park p. The battery states start at the
// park's initial states of charge, until a measured one replaces them.
func New(p *model.Park, cfg Config) (*Controller, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, fmt.Errorf("%w: nil park", ErrConfig)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	steps, err := dispatch.HorizonSteps(cfg.Dispatch.Horizon, cfg.Step)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	c := &Controller{park: p, cfg: cfg, cat: catalogue(p), steps: steps, endIdx: -1,
		solves: dispatch.NewSolveTally(dispatch.SolveWindow), since: sinceTotals{FirstStart: true, Money: true, WearDemand: true}}
	c.parkSum, c.parkParts = parkDigests(p)
	for _, f := range dispatch.ResolveFuels(p) { // the order dispatch.Account prices them in
		c.rates.fuelPricePerKWhLHV = append(c.rates.fuelPricePerKWhLHV, f.PricePerKWhLHV)
	}
	for _, u := range p.CHP {
		c.rates.chpVOMPerKWh = append(c.rates.chpVOMPerKWh, u.VariableOMPerKWh)
	}
	c.sig = len(p.Loads) + len(p.PV) + len(p.Wind)
	c.heat = c.sig + numSignals
	c.cop = c.heat + len(p.HeatLoads)
	for _, l := range p.Loads {
		c.names.load = append(c.names.load, l.Name)
	}
	for _, a := range p.PV {
		c.names.pv = append(c.names.pv, a.Name)
	}
	for _, w := range p.Wind {
		c.names.wind = append(c.names.wind, w.Name)
	}
	for _, b := range p.Batteries {
		c.names.battery = append(c.names.battery, b.Name)
	}
	for _, h := range p.HeatLoads {
		c.names.heatLoad = append(c.names.heatLoad, h.Name)
	}
	for _, h := range p.HeatPumps {
		c.names.heatPump = append(c.names.heatPump, h.Name)
	}
	for _, ts := range p.ThermalStorage {
		c.names.store = append(c.names.store, ts.Name)
	}
	c.providedKind = map[string]string{}
	for _, ch := range cfg.Forecasts {
		if ch.Method != forecast.MethodProvided {
			continue
		}
		if indexOf(c.provided, ch.Column) < 0 {
			c.provided = append(c.provided, ch.Column)
		}
		c.providedKind[ch.Column] = ch.Kind
	}
	c.hist = newHistory(c.cat, c.provided)
	c.view()
	c.soc = make([]socReading, c.stores())
	c.endSoCKWh = make([]float64, c.stores())
	c.counts = newCounts(len(c.cat), c.stores())
	c.axisLen = int(forecastAxis / cfg.Step)
	if !cfg.End.IsZero() {
		c.endIdx = int(cfg.End.Sub(cfg.Start) / cfg.Step)
		c.axisLen = c.endIdx // the axis dispatch.Run's forecasters get
	}
	if c.fs, err = c.forecasters(c.axisStart, c.axisLen); err != nil {
		return nil, err
	}
	dc := cfg.Dispatch
	dc.Forecasts, dc.Progress = c.fs, nil
	if c.r, err = dispatch.NewRolling(p, cfg.Step, dc); err != nil {
		return nil, err
	}
	if c.endIdx >= 0 {
		if err := c.r.SetEnd(cfg.End, cfg.EndValues); err != nil {
			c.r.Close()
			// Named as a field, with where the values come from (QA E,
			// session 39: "0 end values for 1 batteries" named neither).
			return nil, fmt.Errorf("%w: EndValues: %w (one per battery, then per thermal store, as dispatch.StudyEndValues gives them)", ErrConfig, err)
		}
	}
	c.publish()
	return c, nil
}

// stores counts the batteries and thermal stores, whose measured states
// are kept alike (c.soc).
func (c *Controller) stores() int { return len(c.park.Batteries) + len(c.park.ThermalStorage) }

// view points the history's profiles at its rows (after they grew, moved
// or were replaced).
func (c *Controller) view() { c.hist.view(c.park, c.cat, c.sig, c.cfg.Start, c.cfg.Step) }

func newCounts(nSeries, nBat int) counts {
	return counts{Measured: make([]int, nSeries), Duplicates: make([]int, nSeries), Late: make([]int, nSeries), Fills: make([]int, nSeries),
		SoCMeasured: make([]int, nBat), SoCDuplicates: make([]int, nBat), SoCLate: make([]int, nBat), SoCApplied: make([]int, nBat),
		SoCDriftKWh: make([]float64, nBat), SoCJumps: make([]int, nBat), Repaired: map[string]int{}}
}

// forecasters makes the forecaster set on the axis of axisLen intervals
// from interval axisStart.
func (c *Controller) forecasters(axisStart, axisLen int) (*model.ForecastSet, error) {
	axis := &model.Profiles{Start: c.time(axisStart), Step: c.cfg.Step, Len: axisLen}
	if c.cfg.ForecastSet != nil {
		fs, err := c.cfg.ForecastSet(axis)
		if err != nil {
			return nil, fmt.Errorf("live: forecasters: %w", err)
		}
		return fs, nil
	}
	fs, err := forecast.ChosenSet(c.park, nil, axis, nil, c.cfg.Forecasts, func(column string) (model.Forecaster, error) {
		return &providedForecast{h: &c.hist, column: column, misses: &c.providedMisses}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("live: forecasters: %w", err)
	}
	return fs, nil
}

// Close releases the solver instance.
func (c *Controller) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.r.Close()
}

// time is the start of absolute interval k.
func (c *Controller) time(k int) time.Time { return c.cfg.Start.Add(time.Duration(k) * c.cfg.Step) }

// MaxSpan bounds how far after the Controller's start an interval may
// lie: 100 years (365-day), far beyond any history or step ahead, and far
// below the 292 years past which time.Time's differences saturate.
const MaxSpan = 100 * 365 * 24 * time.Hour

// index is the absolute interval starting at t.
func (c *Controller) index(t time.Time) (int, error) {
	if t.IsZero() {
		return 0, errors.New("must be set")
	}
	d := t.Sub(c.cfg.Start)
	switch {
	case d < 0:
		return 0, fmt.Errorf("before the Controller's start %s", c.cfg.Start.Format(time.RFC3339))
	case d >= MaxSpan:
		// Past it the difference saturates (292 years) and would read as
		// off the grid (QA, December 2026: the year 2400 did).
		return 0, fmt.Errorf("%.0f years or more after the Controller's start %s: a wrong year?", MaxSpan.Hours()/24/365, c.cfg.Start.Format(time.RFC3339))
	case d%c.cfg.Step != 0:
		return 0, fmt.Errorf("not on the Controller's grid (%s + k × %v)", c.cfg.Start.Format(time.RFC3339), c.cfg.Step)
	}
	return int(d / c.cfg.Step), nil
}

// window is where the Controller stands, as far as the span of intervals
// Measure accepts goes: the first interval of the history kept, the next
// interval to plan and whether a Step planned one yet.
type window struct {
	base, next int
	started    bool
}

// publish stores the Controller's window for Check; c.mu is held (or the
// Controller is not shared yet). Every change of hist.base, next or
// started is followed by a publish before c.mu is released.
func (c *Controller) publish() {
	c.win.Store(&window{base: c.hist.base, next: c.next, started: c.started})
}

// ahead is how far past the next interval to plan a measurement may be:
// MinMeasureAhead or a horizon, whichever is longer, in intervals.
func (c *Controller) ahead() int { return max(c.steps, int(MinMeasureAhead/c.cfg.Step)) }

// aheadLimit is the first interval a measurement may not be of, in w: a
// week or a horizon, whichever is longer, past the next interval to plan
// (before the first Step, past the history a Controller keeps).
func (c *Controller) aheadLimit(w window) int {
	if !w.started {
		return w.base + c.cfg.historySteps() + c.ahead()
	}
	return w.next + c.ahead()
}

// span is the intervals [from, before) Measure accepts in w.
func (c *Controller) span(w window) (from, before int) { return w.base, c.aheadLimit(w) }

// Measure merges measurements into the history. They may come in any
// order: a value fills its interval wherever it is; a value sent again for
// the same interval replaces the earlier one (the last sent wins; counted
// as a duplicate); a value of an interval the Controller has already
// closed with a stand-in (see Step) replaces the stand-in (counted as
// late) — the forecasters see it from the next Step on (they refit on a
// history that changed), the interval's settlement stays as it was made.
// A state of charge (or a thermal store's content) is the one the
// interval ended with; the Step that plans the next interval settles the
// battery's (the store's) flows to reach it (see Step) and starts from
// it, and it is ignored after that (counted as late).
//
// The whole batch is checked first, against the park: an unknown asset, a
// value that is not finite, a negative power (heat too), a PV or wind
// value above 1.5 × the installed capacity, a load (a heat load) above
// LoadSupplyFactor × all the power (heat) the park can supply at once, a
// signal beyond
// model.MaxSignal, a state of charge outside the battery (a content
// outside the thermal store) by more than 5 % of its energy, a heat
// pump's source temperature outside [-100, 200] °C or COP outside [0.01,
// 20] (or the pump's model's best COP, if higher), both for one pump, a
// signal or COP the park file already sets, an interval off the grid,
// older than the history kept or too far ahead: each is a [*MeasurementError] naming the
// measurement, the asset, the field, the value and why, all joined, and
// nothing of the batch is merged.
func (c *Controller) Measure(ms ...Measurement) (MeasureResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	from, before := c.span(window{base: c.hist.base, next: c.next, started: c.started})
	if err := c.checkBatch(ms, from, before); err != nil {
		return MeasureResult{}, err
	}
	var res MeasureResult
	for i := range ms {
		c.merge(&ms[i], &res)
	}
	c.view()
	return res, nil
}

// Check checks a batch as [Controller.Measure] does — against the park,
// and against the span of intervals the Controller accepts — and returns
// the error Measure would, without merging anything and without taking
// the Controller's lock: it never waits for a Step in progress, and reads
// the span as the last Step that finished left it. Measure accepts a
// batch Check accepts until the next Step begins (that Step may trim the
// history kept; see [Controller.CheckAcross]).
func (c *Controller) Check(ms ...Measurement) error {
	from, before := c.span(*c.win.Load())
	return c.checkBatch(ms, from, before)
}

// CheckAcross is [Controller.Check] against the intervals accepted both
// now and after a Step at at, whether that Step succeeds or fails: a batch
// it accepts, Measure accepts before that Step and after it (until the
// next one). A Step may narrow the span — it trims the history kept past
// Config.History, and the first Step bounds how far ahead a measurement
// may be by the interval it plans — so a batch arriving while a Step runs
// can be checked here without waiting for it. A refusal names the
// narrower span: for the span after the Step, call Check once it is done.
func (c *Controller) CheckAcross(at time.Time, ms ...Measurement) error {
	w := *c.win.Load()
	from, before := c.span(w)
	if k, err := c.index(at); err == nil && (!w.started || k >= w.next) { // else the Step changes nothing
		from = max(from, w.base+c.trimBy(w.base, k))
		before = min(before, k+c.ahead())
	}
	return c.checkBatch(ms, from, before)
}

// checkBatch checks every measurement of ms against the park and the span
// [from, before), joining what is wrong. It reads nothing a Step changes.
func (c *Controller) checkBatch(ms []Measurement, from, before int) error {
	var errs problems
	for i := range ms {
		c.check(i, &ms[i], from, before, &errs)
	}
	return errs.err()
}

// merge puts a checked measurement into the history.
func (c *Controller) merge(m *Measurement, res *MeasureResult) {
	k, _ := c.index(m.Start)
	c.hist.grow(k + 1)
	settled := 0
	if c.ledger != nil && k >= c.ledgerBase && k < c.ledgerBase+c.ledger.Len {
		settled = 1
	}
	put := func(s int, v float64) {
		dup, late := c.hist.set(s, k, v, c.closed)
		res.Values++
		res.Settled += settled
		c.counts.Measured[s]++
		if dup {
			res.Duplicates++
			c.counts.Duplicates[s]++
		}
		if late {
			res.Late++
			c.counts.Late[s]++
		}
	}
	nL, nP := len(c.park.Loads), len(c.park.PV)
	for name, v := range m.LoadKW {
		put(indexOf(c.names.load, name), v)
	}
	for name, v := range m.PVAvailableKW {
		put(nL+indexOf(c.names.pv, name), v)
	}
	for name, v := range m.WindAvailableKW {
		put(nL+nP+indexOf(c.names.wind, name), v)
	}
	for j, v := range m.signals() {
		if v != nil {
			put(c.sig+j, *v)
		}
	}
	if c.cat[c.sig+sigAccounting].alias >= 0 && k < c.hist.base+c.hist.n {
		c.hist.sync(c.cat, k, k+1)
	}
	for name, v := range m.SoCKWh {
		c.mergeSoC(indexOf(c.names.battery, name), k, v, res)
		res.Settled += settled
	}
	for name, v := range m.SoCPercent {
		b := indexOf(c.names.battery, name)
		c.mergeSoC(b, k, percentKWh(c.park.Batteries[b], v), res)
		res.Settled += settled
	}
	if m.hasHeat() {
		for name, v := range m.HeatLoadKWTh {
			put(c.heat+indexOf(c.names.heatLoad, name), v)
		}
		for name, v := range m.HeatPumpSourceTempC {
			j := indexOf(c.names.heatPump, name)
			put(c.cop+j, c.cat[c.cop+j].cop.COPAt(v)) // as model.Resolve turns the temperature column into COPs
		}
		for name, v := range m.HeatPumpCOP {
			put(c.cop+indexOf(c.names.heatPump, name), v)
		}
		for name, v := range m.HeatSoCKWhTh {
			c.mergeSoC(len(c.park.Batteries)+indexOf(c.names.store, name), k, v, res)
			res.Settled += settled
		}
	}
	for col, v := range m.Forecasts {
		row := k - c.hist.base
		vals := c.hist.provided[col]
		res.Values++
		if vals[row] == vals[row] { // not NaN: sent before
			res.Duplicates++
		}
		vals[row] = v
	}
}

// mergeSoC keeps a measured state of store b (a battery, then a thermal
// store: see c.soc) at the end of interval k.
func (c *Controller) mergeSoC(b, k int, v float64, res *MeasureResult) {
	res.Values++
	c.counts.SoCMeasured[b]++
	r := &c.soc[b]
	switch {
	case r.Valid && r.K == k:
		res.Duplicates++
		c.counts.SoCDuplicates[b]++
	case c.started && k+1 < c.next:
		// The interval it ends was settled and the next planned.
		res.Late++
		c.counts.SoCLate[b]++
		return
	case r.Valid && r.K > k:
		return // an older reading than the one kept
	}
	*r = socReading{K: k, KWh: v, Valid: true}
}

// Clock is the Controller's clock: the location of its Config.Start (a
// named zone, a series' offsets or a fixed offset), by which time-of-use
// hours and calendar months are read. A Controller restored from a state
// has the state's clock.
func (c *Controller) Clock() *time.Location { return c.cfg.Start.Location() }

// Next is the next interval Step plans (the zero time before the first
// Step, which may start anywhere on the grid).
func (c *Controller) Next() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started {
		return time.Time{}
	}
	return c.time(c.next)
}

// Step plans the interval starting at at, which must be on the grid and
// not before [Controller.Next]; the first Step may be anywhere (the
// history before it is only history). In order it
//
//  1. closes the intervals before at: a value not measured stands in as
//     the series' last value (persistence; counted per series in
//     Metrics, and replaced if it arrives late);
//  2. settles the interval planned by the previous Step against what was
//     measured (dispatch.Rolling.Settle: the battery follows its plan
//     within its limits, surprises go to the grid or the battery by the
//     plan's own value of stored energy, and a surplus charges a battery
//     with room before it is exported, the plan's export included: send
//     the states of charge when the site carries out the export setpoint)
//     and adds it to the ledger;
//     intervals no Step planned (the Controller was down) settle with the
//     batteries idle (counted: Decision.SkippedIntervals). A battery whose
//     state of charge at the end of the interval was measured settles
//     with the flows that take it there instead — its setpoints if they
//     do, else the charge or discharge that does, within its power limits
//     (dispatch.Rolling.SetMeasuredSoC) — and the rest of the balance
//     goes to the grid, the renewables and the other batteries; what its
//     power limits cannot explain is the ledger's SoC correction, not
//     losses. A thermal store whose content was measured settles alike
//     (dispatch.Rolling.SetMeasuredHeatSoC: the heat sources meet the
//     rest of the heat balance), what its limits cannot explain being
//     the heat ledger's store correction, not standing losses;
//  3. starts from a battery's measured state of charge at the end of the
//     previous interval where one was sent (the settled one otherwise);
//  4. forecasts every series with a forecaster from its history and
//     reads the others (prices, the accounting factor) ahead, then plans
//     the horizon (dispatch.Rolling.Plan).
//
// It returns the setpoints of the interval and the plan behind them.
// An error leaves the settlements made and nothing planned; Step may be
// called again for the same interval.
func (c *Controller) Step(at time.Time) (*Decision, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer c.publish() // a failed Step may have settled, trimmed or started
	began := time.Now()
	k, err := c.index(at)
	if err != nil {
		return nil, fmt.Errorf("live: step at %s: %v", at.Format(time.RFC3339), err)
	}
	if c.started && k < c.next {
		// Not "planned already" alone: an interval before the first Step
		// was never planned (EMS QA, 2026-12-05), it is history.
		return nil, fmt.Errorf("%w: %s is before the next interval to plan, %s: it was planned already, or is history before the first interval planned",
			ErrNotNext, at.Format(time.RFC3339), c.time(c.next).Format(time.RFC3339))
	}
	if c.endIdx >= 0 && k >= c.endIdx {
		return nil, fmt.Errorf("%w: %s is at or after the End %s", ErrNotNext, at.Format(time.RFC3339), c.cfg.End.Format(time.RFC3339))
	}
	if k < c.hist.base {
		return nil, fmt.Errorf("%w: %s is before the history kept", ErrNotNext, at.Format(time.RFC3339))
	}
	fills, skipped := sum(c.counts.Fills), c.counts.Skipped
	// first: nothing was settled before, and this Step settles nothing:
	// the intervals it closes are history, and the battery states are
	// the park file's, so a reading differs from them as any first one.
	first := !c.started
	unknownCarbon, filled, gap := 0, 0, 0
	if k > c.closed {
		c.hist.close(c.cat, c.closed, k, c.time, c.counts.Fills)
		if !first {
			unknownCarbon = c.countUnknown(c.closed, k)
		}
		filled, gap = c.countFilled(c.closed, k)
		c.closed = k
		c.view()
	}
	if err := c.settle(k); err != nil {
		return nil, err
	}
	c.started, c.next = true, k
	c.socWarnings = c.socWarnings[:0]
	if err := c.applySoC(k, first); err != nil {
		return nil, err
	}
	if err := c.trimAndRenew(k); err != nil {
		return nil, err
	}
	end := k + c.steps
	if c.endIdx >= 0 {
		end = min(end, c.endIdx)
	}
	c.hist.ahead(c.cat, k, end, c.time)
	c.view()
	c.providedMisses = c.providedMisses[:0]
	plan, err := c.r.Plan(&c.hist.prof, k-c.hist.base)
	if err != nil {
		return nil, fmt.Errorf("live: step at %s: %w", at.Format(time.RFC3339), err)
	}
	c.next = k + 1
	c.counts.Steps++
	for i, v := range plan.Repaired {
		if v > 0 {
			c.counts.Repaired[plan.SeriesNames[i]] += v
		}
	}
	c.counts.SoCClamped += plan.SoCClamped
	c.solves.Add(plan.SolveTime, plan.Iterations)
	c.last = c.decide(plan, began)
	c.last.Warnings = append(c.last.Warnings, c.socWarnings...)
	c.last.Warnings = append(c.last.Warnings, c.providedMisses...)
	c.last.SkippedIntervals, c.last.StandIns = c.counts.Skipped-skipped, sum(c.counts.Fills)-fills
	if n := c.last.SkippedIntervals; n > 0 {
		// QA, 2026-12-04: a step ten years ahead settled a million idle
		// intervals into the ledger with nothing in Warnings.
		c.last.Warnings = append(c.last.Warnings, fmt.Sprintf("%d interval(s) since the last one planned settled without a plan "+
			"(%s): batteries idle, values not measured held at their last (%d stood in this step, these intervals' among them); they stay in the ledger", n,
			(time.Duration(n)*c.cfg.Step).String(), c.last.StandIns))
	} else if gap > 1 {
		// More than an interval's values held from an earlier measurement
		// with nothing skipped: a gap in the history before this step (a
		// seeded series that ends long before the first step), which the
		// forecasters read as measured. An EMS reads the Decision, not the
		// log (EMS QA, 2026-12-05: a first step three years after its seed
		// planned on 2023's values held, with no warning here). Values
		// never measured at all (a history that starts empty) are not
		// held, and not counted.
		c.last.Warnings = append(c.last.Warnings, fmt.Sprintf("%d value(s) before this interval that nothing measured were held at the last "+
			"value measured before them (a gap in the history of %d interval(s), %s): the forecasters read them as measured, "+
			"so the forecasts may be those values held; send the recent history, or step from the first interval measured", filled,
			gap, (time.Duration(gap)*c.cfg.Step).String()))
	}
	if w := c.neverMeasured(k, first); w != "" {
		c.last.Warnings = append(c.last.Warnings, w)
	}
	if unknownCarbon > 0 {
		c.last.Warnings = append(c.last.Warnings, fmt.Sprintf("%d interval(s) settled with no grid carbon value measured yet: "+
			"0 kgCO2e/kWh stands in, so their import counts as free of carbon and the ledger grants no stage on them; "+
			"send dispatch_kgco2e_per_kwh (or seed the history)", unknownCarbon))
	}
	return c.last, nil
}

// countFilled counts the values of the intervals [from, to) the history
// stood in for with the last value measured before them (not those with
// nothing before them: history's unknown), and the intervals with any.
func (c *Controller) countFilled(from, to int) (values, intervals int) {
	for k := from; k < to; k++ {
		r := k - c.hist.base
		if r < 0 || r >= c.hist.n {
			continue
		}
		n := 0
		for s := range c.cat {
			if c.cat[s].alias < 0 && c.hist.flag[s][r] == filled {
				n++
			}
		}
		if n > 0 {
			values, intervals = values+n, intervals+1
		}
	}
	return values, intervals
}

// neverMeasured names, for a Decision's warnings, the series with no
// value measured, seeded or set before interval k, nor sent for k
// (history's unknown, or no history at all): 0 stands in for their
// history, their forecast and the intervals they settle, so a meter
// that has never reported plans and settles as 0 (EMS QA, 2026-12-05: a
// tenant's meter missing from every batch halved the ledger's load with
// no warning). The grid carbon signals have their own warning once
// intervals settle (countUnknown), so they are named here on the first
// Step only. "" when every series has a value.
func (c *Controller) neverMeasured(k int, first bool) string {
	r := k - 1 - c.hist.base
	var assets, fields []string
	cop := false
	for s := range c.cat {
		cs := &c.cat[s]
		if cs.alias >= 0 || cs.known != nil || (!first && (s == c.sig+sigCarbon || s == c.sig+sigAccounting)) {
			continue
		}
		if r >= 0 && r < c.hist.n && c.hist.flag[s][r] != unknown {
			continue
		}
		if a := r + 1; a >= 0 && a < c.hist.n && c.hist.flag[s][a] == measured {
			continue // sent ahead for k, as a signal or a COP may be
		}
		asset, field := cs.asset, cs.field
		if asset == "grid" {
			asset += " " + field // the signals and prices share the asset
		}
		if cs.cop != nil {
			field, cop = "heat_pump_source_temp_c (or heat_pump_cop)", true
		}
		assets = append(assets, asset)
		if !slices.Contains(fields, field) {
			fields = append(fields, field)
		}
	}
	if len(assets) == 0 {
		return ""
	}
	named := assets
	if len(named) > 4 {
		named = append(named[:4:4], fmt.Sprintf("%d more", len(assets)-4))
	}
	standIn, counted := "0 stands in", "none of it"
	if cop {
		standIn = "0 (a heat pump's COP: 1, the least its model gives) stands in"
		counted = "none of it (a heat pump as no better than an electric heater)"
	}
	return fmt.Sprintf("never measured: %s (no value sent, seeded or set before this interval): %s for their history, "+
		"their forecast and the intervals they settle, so the plan and the ledger count %s; send %s",
		strings.Join(named, ", "), standIn, counted, strings.Join(fields, ", "))
}

// countUnknown counts the intervals [from, to) whose dispatch signal or
// accounting factor the history stood in for with nothing before it
// (history's unknown).
func (c *Controller) countUnknown(from, to int) int {
	n := 0
	for k := from; k < to; k++ {
		r := k - c.hist.base
		if r >= 0 && r < c.hist.n && (c.hist.flag[c.sig+sigCarbon][r] == unknown || c.hist.flag[c.sig+sigAccounting][r] == unknown) {
			n++
		}
	}
	return n
}

func sum(v []int) int {
	n := 0
	for _, x := range v {
		n += x
	}
	return n
}

// settle settles the interval planned last, then the intervals up to k
// no Step planned.
func (c *Controller) settle(k int) error {
	if !c.started {
		return nil
	}
	if at, ok := c.r.Pending(); ok {
		t, err := c.index(at)
		if err != nil || t < c.hist.base || t >= k {
			return fmt.Errorf("live: the pending plan of %s cannot be settled before %s", at.Format(time.RFC3339), c.time(k).Format(time.RFC3339))
		}
		c.r.ScoreForecasts(&c.hist.prof, t-c.hist.base, 1)
		if err := c.measuredSoC(t); err != nil {
			return err
		}
		one, err := c.r.Settle(&c.hist.prof, t-c.hist.base)
		if err != nil {
			return fmt.Errorf("live: settling %s: %w", at.Format(time.RFC3339), err)
		}
		c.addToLedger(t, one)
		c.next = t + 1
	}
	for t := c.next; t < k; t++ {
		if err := c.measuredSoC(t); err != nil {
			return err
		}
		one, err := c.r.Skip(&c.hist.prof, t-c.hist.base)
		if err != nil {
			return fmt.Errorf("live: settling unplanned %s: %w", c.time(t).Format(time.RFC3339), err)
		}
		c.addToLedger(t, one)
		c.counts.Skipped++
		c.next = t + 1
	}
	return nil
}

// measuredSoC gives the Rolling the batteries' states of charge and the
// thermal stores' contents measured at the end of interval t, which its
// settlement follows (dispatch.Rolling.SetMeasuredSoC and
// SetMeasuredHeatSoC): a store that did what its meter says settles with
// the flows that take it there, not with the plan's and the surprises
// the balance would have sent it.
func (c *Controller) measuredSoC(t int) error {
	end := c.endSoCKWh
	for b := range end {
		end[b] = math.NaN()
		if r := c.soc[b]; r.Valid && r.K == t {
			end[b] = r.KWh // dispatch takes it within [0, energy]
		}
	}
	nb := len(c.park.Batteries)
	err := c.r.SetMeasuredSoC(end[:nb])
	if err == nil {
		err = c.r.SetMeasuredHeatSoC(end[nb:])
	}
	if err != nil {
		return fmt.Errorf("live: settling %s: %w", c.time(t).Format(time.RFC3339), err)
	}
	return nil
}

// applySoC starts interval k from the states of charge (and thermal
// stores' contents) measured at the end of interval k−1; on the first
// Step (first), with no settled state to drift or jump from, it neither
// warns nor counts a jump or a drift.
func (c *Controller) applySoC(k int, first bool) error {
	st := c.r.State()
	got := false
	nb := len(c.park.Batteries)
	for b, r := range c.soc {
		if !r.Valid || r.K != k-1 {
			continue
		}
		var state *float64 // kWh, or kWh_th for a thermal store
		if b < nb {
			state = &st.SoCKWh[b]
		} else {
			state = &st.HeatSoCKWhTh[b-nb]
		}
		switch {
		case first:
		case b < nb:
			c.counts.SoCDriftKWh[b] = r.KWh - *state
			c.checkJump(b, k-1, r.KWh, *state)
		default:
			c.counts.SoCDriftKWh[b] = r.KWh - *state
			c.checkHeatJump(b, k-1, r.KWh, *state)
		}
		*state = r.KWh // SetState takes it within [0, energy]
		c.counts.SoCApplied[b]++
		got = true
	}
	if !got {
		return nil
	}
	return c.r.SetState(st)
}

// SoCJumpSlackFraction is how far, as a fraction of a battery's energy,
// a measured state of charge may lie from the state its settled flows
// reach before the Controller warns of it: the settlement already takes
// the battery's flows as far towards the reading as its power limits
// allow, so what is left is a BMS recalibration, a wrong unit or a failed
// reading.
const SoCJumpSlackFraction = 0.05

// checkJump warns (into the next Decision's Warnings) and counts
// (Metrics' SoCCounts.Jumps) when battery b's state measured at the end of
// interval t, v kWh, lies further than SoCJumpSlackFraction of its energy
// from settled, the state its settled flows reach there. It is accepted
// all the same: the measurement is the battery's state. Where v read as a
// percentage of the energy would lie within the slack, the warning says
// to send it as soc_percent.
func (c *Controller) checkJump(b, t int, v, settled float64) {
	bat := c.park.Batteries[b]
	slack := SoCJumpSlackFraction * bat.EnergyKWh
	if math.Abs(v-settled) <= slack {
		return
	}
	c.counts.SoCJumps[b]++
	msg := fmt.Sprintf("battery %s: the state of charge measured at the end of the interval from %s, %.4g kWh, is %.4g kWh from the %.4g kWh its flows can reach "+
		"within their power limits (more than %g %% of its %g kWh): accepted as the battery's state (a BMS recalibration?)",
		model.Quote(bat.Name), c.time(t).Format(time.RFC3339), v, v-settled, settled, 100*SoCJumpSlackFraction, bat.EnergyKWh)
	if pct := percentKWh(bat, v); v >= 0 && v <= 100 && math.Abs(pct-settled) <= slack {
		msg += fmt.Sprintf("; read as a percentage it would be %.4g kWh, within reach: if the BMS sends a percentage, send it as soc_percent", pct)
	} else if f := 100 * v; v >= 0 && v <= bat.EnergyKWh/100 && math.Abs(f-settled) <= slack {
		// A BMS fraction (0.389 for 38.9 %) sent as soc_percent reads as
		// a hundredth of the state (EMS QA, 2026-12-05: no hint was given).
		msg += fmt.Sprintf("; 100 times it, %.4g kWh, would be within reach: if it came as soc_percent, was it a fraction (0–1)? soc_percent is 0–100", f)
	}
	c.socWarnings = append(c.socWarnings, msg)
}

// checkHeatJump is checkJump for thermal store b − (number of batteries):
// its content measured at the end of interval t, v kWh_th, against the
// settled content (QA, 2026-12-04: a store's jump was clamped and
// accepted with no warning and no count, where a battery's is warned of).
func (c *Controller) checkHeatJump(b, t int, v, settled float64) {
	ts := c.park.ThermalStorage[b-len(c.park.Batteries)]
	slack := SoCJumpSlackFraction * ts.EnergyKWhTh
	if math.Abs(v-settled) <= slack {
		return
	}
	c.counts.SoCJumps[b]++
	c.socWarnings = append(c.socWarnings, fmt.Sprintf("thermal store %s: the content measured at the end of the interval from %s, %.4g kWh_th, is %.4g kWh_th "+
		"from the %.4g kWh_th its flows can reach within their power limits (more than %g %% of its %g kWh_th): accepted as the store's content "+
		"(within [0, %g kWh_th]; a sensor recalibrated, or heat put in or drawn by something else?)",
		model.Quote(ts.Name), c.time(t).Format(time.RFC3339), v, v-settled, settled, 100*SoCJumpSlackFraction, ts.EnergyKWhTh, ts.EnergyKWhTh))
}

// trimAndRenew drops history beyond Config.History (whole weeks, every
// four weeks) and remakes the forecasters when their axis runs out.
func (c *Controller) trimAndRenew(k int) error {
	if d := c.trimBy(c.hist.base, k); d > 0 {
		c.hist.trim(d)
		c.trimLedger()
		c.view()
	}
	if c.endIdx < 0 && k+c.steps > c.axisStart+c.axisLen {
		fs, err := c.forecasters(k, c.axisLen)
		if err != nil {
			return err
		}
		if err := c.r.SetForecasts(fs); err != nil {
			return fmt.Errorf("live: renewing the forecasters: %w", err)
		}
		c.fs, c.axisStart = fs, k
	}
	return nil
}

// trimBy is how many intervals of history a Step at k trims when the
// history kept starts at base (at most: never more than the rows kept):
// what is beyond Config.History, in whole weeks, once it exceeds four
// weeks.
func (c *Controller) trimBy(base, k int) int {
	keep, chunk := c.cfg.historySteps(), int(trimChunk/c.cfg.Step)
	d := k - base - keep
	if d <= chunk {
		return 0
	}
	return d - d%int(7*24*time.Hour/c.cfg.Step)
}

// Settle settles the interval planned last against what was measured for
// it, without planning another: Step does this itself, so Settle is for
// the last interval of a replay with an End (or a park being switched
// off). Nothing pending is not an error.
func (c *Controller) Settle() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer c.publish()
	at, ok := c.r.Pending()
	if !ok {
		return nil
	}
	k, err := c.index(at)
	if err != nil {
		return err
	}
	if k+1 > c.closed {
		c.hist.close(c.cat, c.closed, k+1, c.time, c.counts.Fills)
		c.closed = k + 1
		c.view()
	}
	return c.settle(k + 1)
}
