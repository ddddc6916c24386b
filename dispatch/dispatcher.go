package dispatch

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/model"
)

// State is what an energy-management system measures before an interval:
// the state of charge of each battery, in kWh, in the park's battery order,
// the content of each thermal store, and, for a park with a demand charge,
// the month's running peak.
type State struct {
	SoCKWh []float64
	// HeatSoCKWhTh is each thermal store's content, kWh_th, in the park's
	// order (nil for a park without thermal storage).
	HeatSoCKWhTh []float64
	// MonthPeakImportKW is the highest import (kW, the mean of an
	// interval) so far in the calendar month of the first interval to
	// plan: the demand charge already incurred, which the plan pays for
	// only by raising it. 0 at the start of a month; ignored when the
	// first interval starts a month or the park has no demand charge.
	MonthPeakImportKW float64
}

// InitialState is the park's configured initial state of charge.
func InitialState(p *model.Park) State {
	s := State{SoCKWh: make([]float64, len(p.Batteries))}
	for b, bat := range p.Batteries {
		s.SoCKWh[b] = bat.InitialSoCKWh()
	}
	if n := len(p.ThermalStorage); n > 0 {
		s.HeatSoCKWhTh = make([]float64, n)
		for k, ts := range p.ThermalStorage {
			s.HeatSoCKWhTh[k] = ts.InitialSoCKWhTh()
		}
	}
	return s
}

// Plan is the optimal dispatch of one horizon. Interval 0 is the one to
// commit now; the rest is the plan that made it optimal.
type Plan struct {
	Schedule
	// Repaired counts, per forecast series, the values Step replaced
	// because they were not usable (see Dispatcher.Step); SeriesNames[k]
	// names series k ("load:NAME", "pv:NAME", "wind:NAME",
	// "dispatch_carbon", "import_price", "export_price"). Warnings says
	// which values, for the first few.
	Repaired    []int
	SeriesNames []string
	// SoCClamped counts the batteries whose measured state of charge was
	// outside [min, max] and was clamped to the nearer bound.
	SoCClamped int
	Warnings   []string
	// SoCValueKgCO2ePerKWh is, per battery, the carbon one more kWh in
	// store at the start of the interval would save over the horizon (the
	// first pass's shadow price, ≥ 0); settlement uses it to decide
	// whether a surprise is better met from the battery or the grid.
	SoCValueKgCO2ePerKWh []float64
	// SoCValuePerKWh is the same in the Cost objective, in currency per
	// kWh (zero under CarbonFirst, as SoCValueKgCO2ePerKWh is under Cost).
	SoCValuePerKWh []float64
	// HeatSoCValueKgCO2ePerKWhTh and HeatSoCValuePerKWhTh are the same
	// per thermal store, per kWh_th (nil without thermal storage).
	HeatSoCValueKgCO2ePerKWhTh []float64
	HeatSoCValuePerKWhTh       []float64
	// SolveTime is the wall time of this step's solves; Iterations their
	// simplex iterations.
	SolveTime  time.Duration
	Iterations int

	// objective and carbonPerKg (currency per kgCO2e) are what the plan
	// was made for: settlement weighs its levers in the same units.
	objective   Objective
	carbonPerKg float64
}

// RepairedTotal is the number of forecast values Step replaced, over all
// series.
func (p *Plan) RepairedTotal() int {
	n := 0
	for _, r := range p.Repaired {
		n += r
	}
	return n
}

// Dispatcher solves the dispatch LP for one park, one step length and one
// horizon, keeping its solver instance between calls: the first Step loads
// the model, every later Step changes bounds and costs and hot-starts.
// A Dispatcher is not safe for concurrent use; use one per goroutine (a
// second goroutine's Step or Close while one runs returns [ErrConcurrentUse]).
type Dispatcher struct {
	// busy is set while a Step or Close runs (ErrConcurrentUse).
	busy   atomic.Bool
	park   *model.Park
	cfg    Config
	step   time.Duration
	lay    layout
	solver lp.Solver
	prob   *lp.Problem

	lo, hi       []float64 // wanted bounds
	curLo, curHi []float64 // bounds the solver holds
	cost1, cost2 []float64
	x1, x2       []float64 // x2: the second pass's last solution while another round is solved
	// regimeSolves counts the solves that priced a pass again by regime
	// (maxRegimeRounds), for tests and benchmarks.
	regimeSolves int
	win          window
	soc0         []float64
	tsoc0        []float64 // kWh_th, the thermal stores' contents
	peak0        float64   // kW, the running peak (demand charge)
	// terminal is the value of stored energy per battery, then per
	// thermal store (see terminalValues).
	terminal []float64
	// cop keeps the heat pumps' COP coefficients (see doc.go, "Heat").
	cop copCoefs
	// endValue, when set, is the value of stored energy per battery (then
	// per thermal store) where
	// the window ends the study period: the ledger's storage value (set by
	// Run and PerfectForesight), so the LP optimises what the
	// storage-adjusted residual measures; in the objective's units
	// (kgCO2e or currency per kWh, see studyEndValues).
	endValue []float64
	// periodStart and periodLen are the study period, n intervals of the
	// step from periodStart (set by PerfectForesight, and by Rolling.Plan
	// after Rolling.SetEnd, as Run does; zero in live operation): the
	// demand charge of a month the period covers in part is prorated on
	// its share ([MonthShare]); without a period every month is charged
	// in full, as the utility bills it.
	periodStart time.Time
	periodLen   int
	// carbonHigh is the highest usable dispatch signal seen so far: the
	// last resort for a window without one (see fillCarbon).
	carbonHigh float64
	// acct is the window's accounting factor, repaired (fillAccounting).
	acct   []float64
	plan   Plan
	loaded bool
}

// New makes a Dispatcher for park p at the given step. The horizon,
// cfg.Horizon, must be a whole number of steps, at most MaxHorizonSteps
// ([HorizonSteps]); the LP it makes must stay within MaxLPBytes (else
// [ErrTooLarge]) and fit in memory (else [ErrMemory]).
func New(p *model.Park, step time.Duration, cfg Config) (*Dispatcher, error) {
	h, err := checkRolling(p, step, cfg)
	if err != nil {
		return nil, err
	}
	return newDispatcher(p, step, h, cfg)
}

// checkRolling checks what [New] and [NewRolling] are given: the config,
// the park, the horizon against the step, and the LP's size and memory.
// It returns the horizon in steps.
func checkRolling(p *model.Park, step time.Duration, cfg Config) (int, error) {
	if err := cfg.Validate(); err != nil {
		return 0, err
	}
	if p == nil {
		return 0, fmt.Errorf("%w: nil park", ErrInput)
	}
	if err := p.Validate(); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrInput, err)
	}
	h, err := HorizonSteps(cfg.Horizon, step)
	if err != nil {
		return 0, err
	}
	size := EstimateLP(p, h)
	if err := size.check("the rolling horizon", shrinkRolling); err != nil {
		return 0, err
	}
	if err := (Footprint{SolverBytes: size.Bytes}).Check(); err != nil {
		return 0, err
	}
	return h, nil
}

// newDispatcher makes a Dispatcher of h steps; the caller has checked the
// sizes.
func newDispatcher(p *model.Park, step time.Duration, h int, cfg Config) (*Dispatcher, error) {
	backend := cfg.Backend
	if backend == nil {
		backend = highs.Backend{}
	}
	solver, err := backend.NewSolver()
	if err != nil {
		return nil, fmt.Errorf("dispatch: %s solver: %w", backend.Name(), err)
	}
	d := &Dispatcher{park: p, cfg: cfg, step: step, solver: solver}
	d.lay = newLayout(p, h, step.Hours(), true)
	if d.prob, err = d.lay.build(p); err != nil {
		solver.Close()
		return nil, fmt.Errorf("dispatch: building the LP: %w", err)
	}
	n := d.lay.numCols()
	d.lo, d.hi, d.curLo, d.curHi = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	d.cost1, d.cost2, d.x1, d.x2 = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	d.soc0 = make([]float64, len(p.Batteries))
	d.tsoc0 = make([]float64, len(p.ThermalStorage))
	d.terminal = make([]float64, len(p.Batteries)+len(p.ThermalStorage))
	d.win = window{
		loadKW:      make([]float64, h),
		pvKW:        rows(len(p.PV), h),
		windKW:      rows(len(p.Wind), h),
		carbon:      make([]float64, h),
		importPrice: make([]float64, h),
		exportPrice: make([]float64, h),
		monthStart:  make([]bool, h),
		monthShare:  make([]float64, h),
		regime:      make([]int8, h),
	}
	if d.lay.heat {
		d.win.heatKW = make([]float64, h)
		d.win.cop = rows(len(p.HeatPumps), h)
		d.win.phCarbon, d.win.phPrice = rows(len(p.PurchasedHeat), h), rows(len(p.PurchasedHeat), h)
		d.cop = newCOPCoefs(&d.lay, d.prob, solver)
	}
	d.acct = make([]float64, h)
	d.plan.Schedule = *newSchedule(p, h)
	d.plan.SoCValueKgCO2ePerKWh = make([]float64, len(p.Batteries))
	d.plan.SeriesNames = seriesNames(p)
	d.plan.Repaired = make([]int, len(d.plan.SeriesNames))
	d.plan.SoCValuePerKWh = make([]float64, len(p.Batteries))
	if nTS := len(p.ThermalStorage); nTS > 0 {
		d.plan.HeatSoCValueKgCO2ePerKWhTh, d.plan.HeatSoCValuePerKWhTh = make([]float64, nTS), make([]float64, nTS)
	}
	d.plan.objective, d.plan.carbonPerKg = cfg.EffectiveObjective(), cfg.CarbonPricePerTCO2e/1000
	return d, nil
}

// Forecast series in the order of Plan.Repaired: loads, PV arrays and
// turbines in park order, then the signals, then (with heat) the heat
// loads, the heat pumps' COPs and the purchased heat's factors and
// prices, and last the accounting factor.
const (
	seriesCarbon      = "dispatch_carbon"
	seriesImportPrice = "import_price"
	seriesExportPrice = "export_price"
	numSignals        = 3
	// seriesAccounting, the accounting factor, is the last series (after
	// the heat's), so that the others keep their places.
	seriesAccounting = "accounting_carbon"
)

// seriesNames names the forecast series of p in the order of Plan.Repaired.
func seriesNames(p *model.Park) []string {
	names := make([]string, 0, len(p.Loads)+len(p.PV)+len(p.Wind)+numSignals)
	for _, l := range p.Loads {
		names = append(names, "load:"+l.Name)
	}
	for _, a := range p.PV {
		names = append(names, "pv:"+a.Name)
	}
	for _, w := range p.Wind {
		names = append(names, "wind:"+w.Name)
	}
	names = append(names, seriesCarbon, seriesImportPrice, seriesExportPrice)
	for _, h := range p.HeatLoads {
		names = append(names, "heat:"+h.Name)
	}
	for _, h := range p.HeatPumps {
		names = append(names, "cop:"+h.Name)
	}
	for _, h := range p.PurchasedHeat {
		names = append(names, "purchased_heat_carbon:"+h.Name)
	}
	for _, h := range p.PurchasedHeat {
		names = append(names, "purchased_heat_price:"+h.Name)
	}
	return append(names, seriesAccounting)
}

// Horizon is the number of steps each plan covers.
func (d *Dispatcher) Horizon() int { return d.lay.h }

// Close releases the solver instance. Called while a Step runs on
// another goroutine it returns [ErrConcurrentUse] and closes nothing.
func (d *Dispatcher) Close() error {
	if !d.busy.CompareAndSwap(false, true) {
		return ErrConcurrentUse
	}
	defer d.busy.Store(false)
	return d.solver.Close()
}

// Step plans the next horizon from state s and forecasts f (the first
// Horizon() intervals of f are used; a shorter f leaves the rest of the
// horizon idle, as at the end of a period). It returns the plan; the plan
// is owned by the Dispatcher and valid until the next call.
//
// A measured state of charge outside the battery's [min, max] is clamped
// to the nearer bound, counted in Plan.SoCClamped and warned about (a
// battery management system's estimate drifts by a few per cent); one
// outside [0, energy] by more than 5 % of the energy, NaN or infinite is an
// error: a wrong unit or a failed reading cannot be guessed.
//
// Forecast values that are NaN, infinite, negative (powers) or beyond
// model's bounds are replaced so that a plan can still be made, and
// counted per series in Plan.Repaired: a load by the previous good value of
// the same tenant (at the start of the window its first good one, 0 with
// none), availability by 0 (assume no
// renewable), prices by the previous good value (0 at the start), and the
// dispatch signal never by something cleaner than the data: the previous
// good value in the window, else the window's highest good value, else the
// highest this Dispatcher has seen, never below 0; the accounting factor
// likewise, else the dispatch signal (series "accounting_carbon", the
// last). A forecast series shorter than it claims is an error.
//
// A Dispatcher is not safe for concurrent use: a Step (or Close) called
// while another goroutine's Step runs returns [ErrConcurrentUse] at once.
func (d *Dispatcher) Step(s State, f *model.Profiles) (*Plan, error) {
	if !d.busy.CompareAndSwap(false, true) {
		return nil, ErrConcurrentUse
	}
	defer d.busy.Store(false)
	p := d.park
	if len(s.SoCKWh) != len(p.Batteries) {
		return nil, fmt.Errorf("%w: state has %d states of charge, park has %d batteries", ErrInput, len(s.SoCKWh), len(p.Batteries))
	}
	for b, v := range s.SoCKWh {
		if err := checkSoC(p.Batteries[b], v); err != nil {
			return nil, err
		}
	}
	if err := checkHeatState(p, s.HeatSoCKWhTh); err != nil {
		return nil, err
	}
	if v := s.MonthPeakImportKW; !(v >= 0 && v <= maxPowerOrEnergy) {
		return nil, fmt.Errorf("%w: month_peak_import_kw = %s: must be in [0, %s]", ErrInput, model.Num(v), model.Num(maxPowerOrEnergy))
	}
	d.peak0 = s.MonthPeakImportKW
	if f == nil || f.Len < 1 {
		return nil, fmt.Errorf("%w: empty forecast", ErrInput)
	}
	if f.Step != d.step {
		return nil, fmt.Errorf("%w: forecast step %v, dispatcher step %v", ErrInput, f.Step, d.step)
	}
	if err := checkShape(p, f, "forecast"); err != nil {
		return nil, err
	}
	if err := checkHeatShape(p, f, "forecast"); err != nil {
		return nil, err
	}
	if err := checkLengths(f, min(f.Len, d.lay.h)); err != nil {
		return nil, err
	}
	d.plan.Warnings = d.plan.Warnings[:0]
	clear(d.plan.Repaired)
	d.clampSoC(s.SoCKWh)
	d.clampHeatSoC(s.HeatSoCKWhTh)
	d.fillWindow(f)
	if d.lay.demand {
		d.fillMonths(f.Start)
	}
	d.terminalValues()
	start := time.Now()
	x, iters, err := d.solve()
	d.plan.SolveTime = time.Since(start)
	d.plan.Iterations = iters
	if err != nil {
		return nil, fmt.Errorf("dispatch: step %s: %w", f.Start.Format(time.RFC3339), err)
	}
	d.extract(x, f)
	return &d.plan, nil
}

// A measured state of charge may stray outside [0, energy] by
// socMarginFraction of the energy (at least socMarginKWh) before it is
// refused; strays of up to socRoundingKWh outside [min, max] are rounding
// (a settled run's state) and are clamped without a count or warning.
const (
	socMarginFraction = 0.05
	socMarginKWh      = 1e-6
	socRoundingKWh    = 1e-6
)

// checkSoC refuses a state of charge that cannot be a reading of bat.
func checkSoC(bat model.Battery, v float64) error {
	e := bat.EnergyKWh
	m := max(socMarginFraction*e, socMarginKWh)
	if math.IsNaN(v) {
		return fmt.Errorf("%w: battery %q: soc_kwh is NaN: a failed reading, not a state of charge", ErrInput, bat.Name)
	}
	if !(v >= -m && v <= e+m) {
		return fmt.Errorf("%w: battery %q: soc_kwh = %v: outside [0, %g] kWh by more than %g kWh (5 %% of its energy): "+
			"a wrong unit or a failed reading, not a state of charge", ErrInput, bat.Name, v, e, m)
	}
	return nil
}

// clampSoC sets the initial states of charge from the measured ones,
// clamped to [min, max] (checkSoC has passed).
func (d *Dispatcher) clampSoC(soc []float64) {
	d.plan.SoCClamped = 0
	for b, v := range soc {
		bat := d.park.Batteries[b]
		lo, hi := bat.MinSoCKWh(), bat.MaxSoCKWh()
		c := min(max(v, lo), hi)
		if v < lo-socRoundingKWh || v > hi+socRoundingKWh {
			d.plan.SoCClamped++
			// "starting", not "measured": a Rolling's start is the state
			// it settled, which a reading outside [0, energy] reaches only
			// clamped (storable) — serve's first warning read "measured
			// 0 kWh" for a reading of −100 (EMS QA, 2026-12-04).
			d.warn("battery %q: starting state of charge %v kWh outside [%g, %g] kWh, clamped to %g", bat.Name, v, lo, hi, c)
		}
		d.soc0[b] = c
	}
}

// Values beyond model's bounds are corrupt data, not physics: they are
// repaired (forecasts) or refused (states) before they reach the LP, whose
// solver reads anything above 1e20 as infinite. The same bounds make park
// validation refuse them.
const (
	maxPowerOrEnergy = model.MaxMagnitude // kW or kWh
	maxSignal        = model.MaxSignal    // kgCO2e/kWh or currency/kWh
)

// checkLengths reports a forecast whose series are shorter than the n
// steps it claims (a hand-built Profiles); nil prices and a nil accounting
// factor are allowed, a nil dispatch signal is not.
func checkLengths(f *model.Profiles, n int) error {
	short := func(what string, i int, v []float64, nilOK bool) error {
		if (v == nil && nilOK) || len(v) >= n {
			return nil
		}
		if i >= 0 {
			what = fmt.Sprintf("%s[%d]", what, i)
		}
		return fmt.Errorf("%w: forecast %s has %d values, %d needed", ErrInput, what, len(v), n)
	}
	for i, v := range f.LoadKW {
		if err := short("LoadKW", i, v, false); err != nil {
			return err
		}
	}
	for i, v := range f.PVAvailKW {
		if err := short("PVAvailKW", i, v, false); err != nil {
			return err
		}
	}
	for i, v := range f.WindAvailKW {
		if err := short("WindAvailKW", i, v, false); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		name  string
		v     []float64
		nilOK bool
	}{
		{"DispatchKgCO2ePerKWh", f.DispatchKgCO2ePerKWh, false},
		{"AccountingKgCO2ePerKWh", f.AccountingKgCO2ePerKWh, true},
		{"ImportPricePerKWh", f.ImportPricePerKWh, true},
		{"ExportPricePerKWh", f.ExportPricePerKWh, true},
	} {
		if err := short(c.name, -1, c.v, c.nilOK); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		name string
		vs   [][]float64
	}{
		{"HeatLoadKWTh", f.HeatLoadKWTh}, {"HeatPumpCOP", f.HeatPumpCOP},
		{"PurchasedHeatKgCO2ePerKWhTh", f.PurchasedHeatKgCO2ePerKWhTh}, {"PurchasedHeatPricePerKWhTh", f.PurchasedHeatPricePerKWhTh},
	} {
		for i, v := range c.vs {
			if err := short(c.name, i, v, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// sumPower adds the window's first values of every series into sum
// (which the caller has zeroed), a value that is not a power replaced by
// the series' last good one (at the start of the window its first good
// one, 0 when it has none) and counted as a repair of series k, k+1, …;
// it returns the index after the last series.
func (d *Dispatcher) sumPower(k int, series [][]float64, sum []float64, f *model.Profiles) int {
	w := &d.win
	for _, l := range series {
		last, haveLast := 0.0, false
		for t := 0; t < w.active; t++ {
			v := l[t]
			if !goodPower(v) {
				if !haveLast {
					// QA, 2026-12-04: a bad first value was taken as 0 kW,
					// half the park's load planned away.
					if last = firstOf(l[t+1:w.active], goodPower); math.IsNaN(last) {
						last = 0
					}
				}
				d.repair(k, t, f, v, last)
				v = last
			}
			last, haveLast = v, true
			sum[t] += v
		}
		k++
	}
	return k
}

// fillWindow copies and sanitises the first H values of f, counting
// repairs per series in d.plan.Repaired.
func (d *Dispatcher) fillWindow(f *model.Profiles) {
	w := &d.win
	w.active = min(f.Len, d.lay.h)
	for t := 0; t < w.active; t++ {
		w.loadKW[t] = 0
	}
	k := d.sumPower(0, f.LoadKW, w.loadKW, f) // series index in Plan.Repaired
	for i, a := range f.PVAvailKW {
		d.fillAvailability(k, a, w.pvKW[i], f)
		k++
	}
	for j, a := range f.WindAvailKW {
		d.fillAvailability(k, a, w.windKW[j], f)
		k++
	}
	d.fillCarbon(k, f)
	d.fillPrice(k+1, f.ImportPricePerKWh, w.importPrice, f)
	d.fillPrice(k+2, f.ExportPricePerKWh, w.exportPrice, f)
	if d.lay.heat {
		d.fillHeatWindow(k+numSignals, f)
	}
	d.fillAccounting(len(d.plan.SeriesNames)-1, f)
}

// fillAccounting copies the accounting factor of f's window into d.acct,
// where f has none the dispatch signal as repaired; a bad value is
// replaced as the dispatch signal's are (fillSignal), its last resort the
// dispatch signal at that step, and counted as series k (QA, 2026-12-04:
// a NaN reached the plan's emissions unrepaired and uncounted).
func (d *Dispatcher) fillAccounting(k int, f *model.Profiles) {
	w := &d.win
	if f.AccountingKgCO2ePerKWh == nil {
		copy(d.acct[:w.active], w.carbon[:w.active])
		return
	}
	d.fillSignal(k, f, f.AccountingKgCO2ePerKWh, d.acct, math.Inf(-1), func(t int) float64 { return w.carbon[t] })
}

// fillSignal copies src's window into dst, a value that is not a signal
// (NaN, infinite, beyond model's bounds) replaced by the previous good
// value in the window, else the window's highest good value, else
// lastResort(t), never below floor, and counted as a repair of series k.
// The window is searched ahead once: none ahead of t is none ahead of
// t+1 either.
func (d *Dispatcher) fillSignal(k int, f *model.Profiles, src, dst []float64, floor float64, lastResort func(t int) float64) {
	last, haveLast, noneAhead := 0.0, false, false
	for t := 0; t < d.win.active; t++ {
		v := src[t]
		if goodSignal(v) {
			dst[t], last, haveLast = v, v, true
			continue
		}
		if !haveLast && !noneAhead {
			if h := extremeOf(src[t+1:d.win.active], goodSignal, true); math.IsNaN(h) {
				noneAhead = true
			} else {
				last, haveLast = h, true
			}
		}
		by := last
		if !haveLast {
			by = lastResort(t)
		}
		by = max(by, floor)
		d.repair(k, t, f, v, by)
		dst[t] = by
	}
}

// goodPower: a power forecast the LP can take (finite, ≥ 0, within
// model's bounds); goodSignal: a signal or price (finite, within bounds,
// may be negative).
func goodPower(v float64) bool  { return v >= 0 && v <= maxPowerOrEnergy }
func goodSignal(v float64) bool { return v >= -maxSignal && v <= maxSignal }

// repair counts a replaced value of series k at window step t and warns.
// The message is built only here, so the hot path does not allocate.
func (d *Dispatcher) repair(k, t int, f *model.Profiles, v, by float64) {
	d.plan.Repaired[k]++
	if len(d.plan.Warnings) < maxWarnings {
		d.warn("%s at %s: value %v replaced by %v", d.plan.SeriesNames[k],
			f.Start.Add(time.Duration(t)*f.Step).Format(time.RFC3339), v, by)
	}
}

// fillAvailability copies a PV or wind availability; a bad value is taken
// as 0 (no renewable).
func (d *Dispatcher) fillAvailability(k int, src, dst []float64, f *model.Profiles) {
	for t := 0; t < d.win.active; t++ {
		v := src[t]
		if !goodPower(v) {
			d.repair(k, t, f, v, 0)
			v = 0
		}
		dst[t] = v
	}
}

// fillPrice copies a price (nil: 0); a bad value takes the previous good
// one (0 at the start).
func (d *Dispatcher) fillPrice(k int, src, dst []float64, f *model.Profiles) {
	last := 0.0
	for t := 0; t < d.win.active; t++ {
		v := 0.0
		if src != nil {
			v = src[t]
		}
		if !goodSignal(v) {
			d.repair(k, t, f, v, last)
			v = last
		}
		dst[t], last = v, v
	}
}

// fillCarbon copies the dispatch signal. A bad value (NaN, ±Inf, beyond
// model's bounds) must not make the grid look cleaner than the data say:
// it takes the previous good value in the window, else the window's
// highest good value, else the highest good value this Dispatcher has
// seen in earlier windows, else 0 — and never less than 0.
func (d *Dispatcher) fillCarbon(k int, f *model.Profiles) {
	w, src := &d.win, f.DispatchKgCO2ePerKWh
	for _, v := range src[:w.active] {
		if goodSignal(v) {
			d.carbonHigh = max(d.carbonHigh, v)
		}
	}
	// The last resort, the highest seen, applies only to a window with no
	// good value, so it need not wait for this window's to be seen.
	d.fillSignal(k, f, src, w.carbon, 0, func(int) float64 { return d.carbonHigh })
}

// maxWarnings caps Plan.Warnings: the counts are in Plan.Repaired and
// Plan.SoCClamped.
const maxWarnings = 8

// warn records a warning on the plan, up to maxWarnings.
func (d *Dispatcher) warn(format string, args ...any) {
	if len(d.plan.Warnings) < maxWarnings {
		d.plan.Warnings = append(d.plan.Warnings, fmt.Sprintf(format, args...))
	}
}

// fillMonths marks the steps of the window that start a calendar month,
// in the clock of start (the series' offset), and sets each step's month's
// share of the study period ([MonthShare]; 1 without a period). An
// interval belongs to the month its start falls in.
func (d *Dispatcher) fillMonths(start time.Time) {
	w := &d.win
	next := monthAfter(start)
	w.monthStart[0] = start.Equal(monthOf(start))
	// Once per month the window touches, not per step.
	share := d.monthShare(start)
	w.monthShare[0] = share
	for t := 1; t < d.lay.h; t++ {
		w.monthStart[t], w.monthShare[t] = false, 0
		if t >= w.active {
			continue
		}
		if at := start.Add(time.Duration(t) * d.step); !at.Before(next) {
			w.monthStart[t] = true
			next = monthAfter(at)
			share = d.monthShare(at)
		}
		w.monthShare[t] = share
	}
}

// monthShare is the share of at's calendar month the study period covers,
// 1 without a study period.
func (d *Dispatcher) monthShare(at time.Time) float64 {
	if d.periodLen == 0 {
		return 1
	}
	return MonthShare(d.periodStart, d.step, d.periodLen, at)
}

// monthOf is the first instant of t's calendar month, in t's location.
func monthOf(t time.Time) time.Time {
	y, m, _ := t.Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
}

// monthAfter is the first instant of the calendar month after t's.
func monthAfter(t time.Time) time.Time {
	y, m, _ := t.Date()
	return time.Date(y, m+1, 1, 0, 0, 0, 0, t.Location())
}

// MonthShare is the share of the calendar month of at (in at's clock)
// that a series of n intervals of length step from start covers: Σ over
// the series' intervals that start in the month of Δt, over the month's
// length (the real duration, so a DST month or February counts as long as
// it is), at most 1. A month the series covers whole has share 1 exactly;
// a month it does not touch, 0. The demand charge of a month is the rate ×
// the month's peak import × this share, in the ledger, the dispatch LP and
// the plan alike (see doc.go, "The demand charge").
func MonthShare(start time.Time, step time.Duration, n int, at time.Time) float64 {
	if step <= 0 || n <= 0 {
		return 0
	}
	ms := monthOf(at.In(start.Location()))
	me := monthAfter(ms)
	// Intervals k ∈ [first, last) start in [ms, me).
	first := min(max(ceilSteps(ms.Sub(start), step), 0), n)
	last := min(max(ceilSteps(me.Sub(start), step), 0), n)
	if last <= first {
		return 0
	}
	covered := time.Duration(last-first) * step
	return math.Min(1, float64(covered)/float64(me.Sub(ms)))
}

// ceilSteps is the least k with k·step ≥ d (step > 0).
func ceilSteps(d, step time.Duration) int {
	k := d / step
	if d%step != 0 && d > 0 {
		k++
	}
	return int(k)
}

// MonthShares are [MonthShare] of each calendar month a series of n
// intervals of step from start touches, in order from the month of start
// (months[0]), in the clock of start.
func MonthShares(start time.Time, step time.Duration, n int) []float64 {
	if step <= 0 || n <= 0 {
		return nil
	}
	var out []float64
	last := start.Add(time.Duration(n-1) * step)
	for ms := monthOf(start); !ms.After(last); ms = monthAfter(ms) {
		out = append(out, MonthShare(start, step, n, ms))
	}
	return out
}

// terminalValues sets the value of a kWh left in each battery at the end
// of the horizon (see [TerminalValue]), in the objective's units: under
// CarbonFirst η_dis × the lowest non-negative dispatch signal in the
// horizon (kgCO2e per kWh); under Cost η_dis × the lowest cost of a kWh
// imported, max(price, 0) + carbon price × max(signal, 0) (currency per
// kWh); where the window ends the study period, d.endValue.
func (d *Dispatcher) terminalValues() {
	cost := d.cfg.EffectiveObjective() == Cost
	perKg := d.cfg.CarbonPricePerTCO2e / 1000
	low := 0.0
	for t := 0; t < d.win.active; t++ {
		g := kWhCost(math.Max(d.win.carbon[t], 0), d.win.importPrice[t], cost, perKg)
		if t == 0 || g < low {
			low = g
		}
	}
	for b, bat := range d.park.Batteries {
		switch {
		case d.cfg.Terminal != TerminalValue:
			d.terminal[b] = 0
		case d.endValue != nil:
			d.terminal[b] = d.endValue[b]
		default:
			d.terminal[b] = bat.DischargeEfficiency * low
		}
	}
	if len(d.park.ThermalStorage) == 0 {
		return
	}
	// A kWh_th left in a store saves at least what the cheapest heat
	// source of the horizon would cost to make it again (doc.go, "Heat").
	heat := cheapestHeat(d.park, &d.lay, &d.win, cost, perKg)
	for k := range d.park.ThermalStorage {
		i := len(d.park.Batteries) + k
		switch {
		case d.cfg.Terminal != TerminalValue:
			d.terminal[i] = 0
		case d.endValue != nil:
			d.terminal[i] = d.endValue[i]
		default:
			d.terminal[i] = heat
		}
	}
}

// pushBounds sends the bounds that differ from what the solver holds: one
// call covering the span from the first to the last changed column. HiGHS
// pays a fixed cost per bounds change call that grows with the model, so
// one call over a span with unchanged columns in it beats a call per run of
// changed columns (measured: per-run calls took 22 % of a sweep's solver
// time).
func (d *Dispatcher) pushBounds(lo, hi []float64) error {
	first, last := -1, -1
	for c := range lo {
		if !d.loaded || lo[c] != d.curLo[c] || hi[c] != d.curHi[c] {
			if first < 0 {
				first = c
			}
			last = c
		}
	}
	if first < 0 {
		return nil
	}
	if err := d.solver.SetColBounds(first, lo[first:last+1], hi[first:last+1]); err != nil {
		return err
	}
	copy(d.curLo[first:last+1], lo[first:last+1])
	copy(d.curHi[first:last+1], hi[first:last+1])
	return nil
}

// solve runs the solve the objective asks for — lexicographic carbon then
// cost, or one pass of cost — and returns the chosen primal values.
// coldSolve loads the current first-pass bounds and costs as a new model
// (no basis kept) and solves it.
func (d *Dispatcher) coldSolve() (*lp.Result, error) {
	copy(d.prob.ColLo, d.lo)
	copy(d.prob.ColHi, d.hi)
	copy(d.prob.Cost, d.cost1)
	if err := d.solver.Load(d.prob); err != nil {
		return nil, err
	}
	copy(d.curLo, d.lo)
	copy(d.curHi, d.hi)
	return d.solver.Solve()
}

func (d *Dispatcher) solve() (x []float64, iters int, err error) {
	p, l, w := d.park, d.lay, &d.win
	l.bounds(p, w, d.soc0, d.tsoc0, d.peak0, d.lo, d.hi)
	cost := d.cfg.EffectiveObjective() == Cost
	w.resetRegimes() // each window starts from the guess (doc.go, "Where export pays more")
	if cost {
		l.costCosts(p, w, &d.cfg, d.terminal, d.cost1)
	} else {
		l.carbonCosts(p, w, &d.cfg, d.terminal, d.cost1)
	}
	if d.lay.nHP > 0 && d.cop.set(w, d.loaded) {
		d.loaded = false // the solver cannot change them: load the model again
	}
	if !d.loaded {
		copy(d.prob.ColLo, d.lo)
		copy(d.prob.ColHi, d.hi)
		copy(d.prob.Cost, d.cost1)
		if err := d.solver.Load(d.prob); err != nil {
			return nil, 0, err
		}
		copy(d.curLo, d.lo)
		copy(d.curHi, d.hi)
		d.loaded = true
	} else {
		if err := d.pushBounds(d.lo, d.hi); err != nil {
			return nil, 0, err
		}
		if err := d.solver.SetCosts(0, d.cost1); err != nil {
			return nil, 0, err
		}
	}
	r, err := d.hotSolve()
	if err != nil {
		return nil, 0, err
	}
	iters = r.Iterations
	if cost && w.anyConcave(true) {
		// Price the intervals where export pays more than import again
		// by the regime this solve chose, until it stops changing.
		for range maxRegimeRounds {
			if l.readRegimes(w, r.X, true) == 0 {
				break
			}
			l.costCosts(p, w, &d.cfg, d.terminal, d.cost1)
			if err := d.solver.SetCosts(0, d.cost1); err != nil {
				return nil, 0, err
			}
			if r, err = d.hotSolve(); err != nil {
				return nil, 0, err
			}
			iters += r.Iterations
			d.regimeSolves++
		}
	}
	copy(d.x1, r.X)
	for b := range d.park.Batteries {
		// The reduced cost of a fixed column is the objective's rate of
		// change with its value: minus the value of stored energy.
		v := -r.ReducedCost[d.lay.soc0(b)]
		if math.IsNaN(v) {
			v = d.terminal[b]
		}
		v = math.Max(v, 0)
		if cost {
			d.plan.SoCValueKgCO2ePerKWh[b], d.plan.SoCValuePerKWh[b] = 0, v
		} else {
			d.plan.SoCValueKgCO2ePerKWh[b], d.plan.SoCValuePerKWh[b] = v, 0
		}
	}
	for k := range d.park.ThermalStorage {
		v := -r.ReducedCost[d.lay.tsoc0(k)]
		if math.IsNaN(v) {
			v = d.terminal[len(d.park.Batteries)+k]
		}
		v = math.Max(v, 0)
		if cost {
			d.plan.HeatSoCValueKgCO2ePerKWhTh[k], d.plan.HeatSoCValuePerKWhTh[k] = 0, v
		} else {
			d.plan.HeatSoCValueKgCO2ePerKWhTh[k], d.plan.HeatSoCValuePerKWhTh[k] = v, 0
		}
	}
	obj1 := dot(d.cost1, d.x1)
	if d.cfg.SinglePass || cost {
		return d.x1, iters, nil
	}
	// Second pass on the optimal face of the first: by complementary
	// slackness (every row is an equality), a feasible x is optimal for
	// the first objective iff x_j sits at its bound wherever the first
	// pass's reduced cost d_j ≠ 0. Fixing those columns keeps carbon.
	lo2, hi2 := d.prob.ColLo, d.prob.ColHi // scratch: the problem was loaded
	copy(lo2, d.lo)
	copy(hi2, d.hi)
	for j, dj := range r.ReducedCost {
		if dj > dualFixTol || dj < -dualFixTol {
			v := math.Min(math.Max(d.x1[j], d.lo[j]), d.hi[j])
			lo2[j], hi2[j] = v, v
		}
	}
	if err := d.pushBounds(lo2, hi2); err != nil {
		return nil, 0, err
	}
	// Where export pays more than import, the pass is priced again by the
	// regime it chose, as the first pass of Cost is (maxRegimeRounds).
	var x2 []float64
	concave2 := w.anyConcave(false)
	for rounds := 0; ; rounds++ {
		l.secondCosts(p, w, &d.cfg, d.cost2)
		if err := d.solver.SetCosts(0, d.cost2); err != nil {
			return nil, 0, err
		}
		r2, err := d.solver.Solve()
		if err != nil {
			// The last plan stands; a failed tie-break is not worth
			// losing the interval for.
			if errors.Is(err, lp.ErrUnavailable) {
				return nil, 0, err
			}
			if x2 == nil {
				d.warn("second pass failed, first-pass plan kept: %v", err)
				return d.x1, iters, nil
			}
			d.warn("second pass priced again by regime failed, its previous plan kept: %v", err)
			break
		}
		iters += r2.Iterations
		if rounds > 0 {
			d.regimeSolves++
		}
		x2 = r2.X
		if rounds == maxRegimeRounds || !concave2 || l.readRegimes(w, x2, false) == 0 {
			break
		}
		// Another round: keep this plan, which the next solve overwrites,
		// in case that one fails.
		copy(d.x2, x2)
		x2 = d.x2
	}
	if obj := dot(d.cost1, x2); obj > obj1+carbonSlackRel*math.Max(1, math.Abs(obj1))+1e-7 {
		d.warn("second pass raised carbon objective %.9g → %.9g; first-pass plan kept", obj1, obj)
		return d.x1, iters, nil
	}
	return x2, iters, nil
}

// maxRegimeRounds caps the solves of one pass priced again by the regime
// the last solve chose (doc.go, "Where export pays more"): each lowers
// the pass's true cost or leaves it, and a regime that still changes
// after them is left as the last solve priced it.
var maxRegimeRounds = 8 // a variable so that a test can switch the rounds off

// hotSolve solves the model as the solver holds it, hot-started from the
// last basis. HiGHS can end a hot-started solve with model status
// Unknown after an earlier run left its simplex state poor (seen once in
// 200 random parks, after a failed second pass). The first pass's LP is
// always feasible: it is loaded again and solved from scratch once.
func (d *Dispatcher) hotSolve() (*lp.Result, error) {
	r, err := d.solver.Solve()
	if errors.Is(err, lp.ErrSolver) {
		d.warn("solver failed on a hot start, solved again cold: %v", err)
		r, err = d.coldSolve()
	}
	return r, err
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// clean rounds solver noise: values within 1e-9 of zero become zero.
func clean(v float64) float64 {
	if math.Abs(v) < 1e-9 {
		return 0
	}
	return v
}

// extract writes the active steps of x into the plan.
func (d *Dispatcher) extract(x []float64, f *model.Profiles) {
	l, w, s := d.lay, &d.win, &d.plan.Schedule
	s.Start, s.Step = f.Start, f.Step
	s.setLen(w.active)
	for t := 0; t < w.active; t++ {
		s.LoadKW[t] = w.loadKW[t]
		curtailed := 0.0
		for i := range s.PVKW {
			s.PVAvailKW[i][t] = w.pvKW[i][t]
			s.PVKW[i][t] = clean(x[l.pv(t, i)])
			curtailed += w.pvKW[i][t] - s.PVKW[i][t]
		}
		for j := range s.WindKW {
			s.WindAvailKW[j][t] = w.windKW[j][t]
			s.WindKW[j][t] = clean(x[l.wind(t, j)])
			curtailed += w.windKW[j][t] - s.WindKW[j][t]
		}
		for b := range s.ChargeKW {
			s.ChargeKW[b][t] = clean(x[l.ch(t, b)])
			s.DischargeKW[b][t] = clean(x[l.dis(t, b)])
			s.SoCKWh[b][t] = clean(x[l.soc(t, b)])
		}
		s.ImportKW[t] = clean(x[l.imp(t)])
		s.ExportKW[t] = clean(x[l.exp(t)])
		s.UnservedKW[t] = clean(x[l.uns(t)])
		s.CurtailedKW[t] = clean(curtailed)
	}
	copy(s.InitialSoCKWh, d.soc0)
	copy(s.DispatchKgCO2ePerKWh, w.carbon[:w.active])
	copy(s.AccountingKgCO2ePerKWh, d.acct[:w.active])
	copy(s.ImportPricePerKWh, w.importPrice[:w.active])
	copy(s.ExportPricePerKWh, w.exportPrice[:w.active])
	s.fillEmissions()
	if l.heat {
		d.extractHeat(x)
	}
}
