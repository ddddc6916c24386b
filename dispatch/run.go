package dispatch

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Result is one policy's dispatch of a period and its ledger.
type Result struct {
	Policy   Policy
	Schedule *Schedule
	Report   Report
}

// SolveStats summarises the LP solves of a run and what the run had to
// repair or cap to make them.
type SolveStats struct {
	// Steps are the intervals dispatched (a live tally's: the steps solved),
	// Solves the LPs solved (0 for the rule-based policies), TotalS their time
	// in seconds, P50MS and P99MS the median and 99th-percentile solve in ms,
	// and Iterations the simplex iterations of all of them.
	Steps      int     `json:"steps"`
	Solves     int     `json:"solves"`
	TotalS     float64 `json:"solve_time_total_s"`
	P50MS      float64 `json:"solve_time_p50_ms"`
	P99MS      float64 `json:"solve_time_p99_ms"`
	Iterations int     `json:"simplex_iterations"`
	// QuantileSolves and MaxMS are a [SolveTally]'s (a live controller's,
	// which may step for years): how many of the most recent solves P50MS
	// and P99MS are over (at most SolveWindow), and the longest solve of
	// all. A finite run's quantiles are over all its solves; it leaves
	// both 0, absent from the JSON (and from summary.json and the sweep
	// columns, which stay as they were).
	QuantileSolves int     `json:"solve_time_quantile_solves,omitempty"`
	MaxMS          float64 `json:"solve_time_max_ms,omitempty"`
	// HorizonSteps is the look-ahead each LP covered, in steps: the
	// rolling horizon's (HorizonCapped when cfg.Horizon was longer than
	// the period and was cut to it), the period's for perfect foresight,
	// 0 for the rule-based policies.
	HorizonSteps  int  `json:"horizon_steps"`
	HorizonCapped bool `json:"horizon_capped"`
	// Repaired counts, per forecast series ("load:NAME", "pv:NAME",
	// "wind:NAME", "dispatch_carbon", "import_price", "export_price"), the
	// values the dispatch replaced because they were not usable (see
	// Dispatcher.Step); series without repairs are left out. Forecasts
	// clipped to what is physically possible are not repairs: see
	// SeriesForecast.Clipped.
	Repaired map[string]int `json:"repaired"`
	// SoCClamped counts measured states of charge outside [min, max]
	// that were clamped (see Dispatcher.Step).
	SoCClamped int `json:"soc_clamped"`
	// SettledIntervals is, for perfect foresight, how many intervals of
	// its schedule were settled rather than kept as the LP planned them:
	// from the first interval where the LP charged and discharged a
	// battery at once to the end of the period (see PerfectForesight).
	// When it is above 0 the schedule is a feasible plan, not the lower
	// bound of what the LP minimises. 0 for every other run, absent from
	// the JSON then (summary.json stays as it was).
	SettledIntervals int `json:"settled_intervals,omitempty"`
}

// RepairedTotal is the number of repaired values over all series.
func (s SolveStats) RepairedTotal() int {
	n := 0
	for _, v := range s.Repaired {
		n += v
	}
	return n
}

// repairTally adds up a run's per-step repair and clamp counts.
type repairTally struct {
	names    []string
	repaired []int
	clamped  int
}

func (r *repairTally) add(p *Plan) {
	if r.repaired == nil {
		r.names, r.repaired = p.SeriesNames, make([]int, len(p.Repaired))
	}
	for k, v := range p.Repaired {
		r.repaired[k] += v
	}
	r.clamped += p.SoCClamped
}

// into writes the counts into s: only series with repairs appear.
func (r *repairTally) into(s *SolveStats) {
	s.Repaired = map[string]int{}
	for k, v := range r.repaired {
		if v > 0 {
			s.Repaired[r.names[k]] = v
		}
	}
	s.SoCClamped = r.clamped
}

// newStats summarises the per-step solve times; it sorts times in place.
func newStats(steps int, times []time.Duration, iters int, tally *repairTally) SolveStats {
	s := SolveStats{Steps: steps, Solves: len(times), Iterations: iters}
	tally.into(&s)
	var total time.Duration
	for _, t := range times {
		total += t
	}
	s.TotalS = total.Seconds()
	slices.Sort(times)
	s.P50MS, s.P99MS = quantileMS(times, 0.50), quantileMS(times, 0.99)
	return s
}

// quantileMS is the f-quantile (nearest rank) of sorted, in ms; 0 when
// sorted is empty.
func quantileMS(sorted []time.Duration, f float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(f*float64(len(sorted)))) - 1
	return ms(sorted[max(i, 0)])
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// SolveWindow is how many of the most recent solve times a [SolveTally]
// keeps for its quantiles: 4096 (32 KiB). Its 99th percentile rests on
// the 41 slowest of them, enough to be stable; the window spans 42 days
// of 15-minute steps (14 of 5-minute ones, 170 of hourly ones), recent
// enough to show a solver that got slower this month; and sorting a copy
// of it for a ledger costs about a tenth of a millisecond, whatever the
// run's length.
const SolveWindow = 4096

// SolveTally keeps the solve statistics of a run with no end — a live
// controller stepping for years — in fixed memory: the count, total time,
// longest solve and simplex iterations of every solve, and the times of
// the most recent ones (a ring of n) for the median and the 99th
// percentile, which [SolveTally.Stats] computes exactly over that window
// (SolveStats.QuantileSolves says how many). Add never allocates. A
// SolveTally is not safe for concurrent use.
type SolveTally struct {
	ring       []time.Duration // the most recent min(solves, n) times; once full, ring[next] is the oldest
	next       int
	solves     int
	total, max time.Duration
	iterations int
	sorted     []time.Duration // Stats' scratch, as long as ring
}

// NewSolveTally makes a SolveTally whose quantiles cover the last n
// solves (n < 1: SolveWindow).
func NewSolveTally(n int) *SolveTally {
	if n < 1 {
		n = SolveWindow
	}
	return &SolveTally{ring: make([]time.Duration, 0, n)}
}

// Add counts a solve that took d and iterations simplex iterations.
func (t *SolveTally) Add(d time.Duration, iterations int) {
	t.solves++
	t.total += d
	t.max = max(t.max, d)
	t.iterations += iterations
	if len(t.ring) < cap(t.ring) {
		t.ring = append(t.ring, d) // within the capacity made by NewSolveTally
		return
	}
	t.ring[t.next] = d
	t.next = (t.next + 1) % len(t.ring)
}

// Held is how many solve times the tally holds: never more than its n.
func (t *SolveTally) Held() int { return len(t.ring) }

// Stats is the SolveStats of the solves added: Steps and Solves count
// them all, as do TotalS, MaxMS and Iterations; P50MS and P99MS are over
// the most recent QuantileSolves of them. Repaired is empty, the horizon
// 0: they are the caller's.
func (t *SolveTally) Stats() SolveStats {
	t.sorted = append(t.sorted[:0], t.ring...)
	slices.Sort(t.sorted)
	return SolveStats{Steps: t.solves, Solves: t.solves, TotalS: t.total.Seconds(), Iterations: t.iterations,
		MaxMS: ms(t.max), QuantileSolves: len(t.sorted), P50MS: quantileMS(t.sorted, 0.50), P99MS: quantileMS(t.sorted, 0.99),
		Repaired: map[string]int{}}
}

func checkRun(p *model.Park, prof *model.Profiles, cfg *Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if p == nil || prof == nil {
		return fmt.Errorf("%w: nil park or profiles", ErrInput)
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInput, err)
	}
	return checkProfiles(p, prof)
}

// checkFootprint refuses a run of policy pol over prof that would not fit
// in memory; the profiles are already held, so they are not counted.
func checkFootprint(p *model.Park, prof *model.Profiles, horizonSteps int, pol Policy, forecasts bool) error {
	f := EstimateFootprint(p, prof.Len, horizonSteps, pol)
	f.ProfilesBytes, f.AttributionBytes = 0, 0
	if !forecasts {
		f.ForecastBytes = 0
	}
	return f.Check()
}

// periodSchedule allocates the schedule of a whole period with its inputs
// copied in and every battery at its configured initial state of charge.
func periodSchedule(p *model.Park, prof *model.Profiles) *Schedule {
	s := newSchedule(p, prof.Len)
	s.copyInputs(prof, 0)
	for b, bat := range p.Batteries {
		s.InitialSoCKWh[b] = bat.InitialSoCKWh()
	}
	for k, ts := range p.ThermalStorage {
		s.InitialHeatSoCKWhTh[k] = ts.InitialSoCKWhTh()
	}
	return s
}

// studyEndValues is the value of a kWh left in each battery (then of a
// kWh_th in each thermal store) at the end of the study, in the units of
// the objective: under CarbonFirst the ledger's storage value (kgCO2e per
// kWh, [ledgerStorageValues]); under Cost η_dis × the period's mean
// import price (negative prices as 0) plus the carbon price × that storage
// value (currency per kWh), and for a thermal store the cheapest heat
// source's mean price per kWh_th plus the carbon price × its storage value.
func studyEndValues(p *model.Park, prof *model.Profiles, cfg *Config) []float64 {
	v := ledgerStorageValues(p, prof, cfg.Ledger)
	if cfg.EffectiveObjective() != Cost {
		return v
	}
	price := 0.0
	if prof.ImportPricePerKWh != nil {
		for _, x := range prof.ImportPricePerKWh[:prof.Len] {
			price += math.Max(x, 0)
		}
		price /= float64(prof.Len)
	}
	for b, bat := range p.Batteries {
		v[b] = bat.DischargeEfficiency*price + cfg.CarbonPricePerTCO2e/1000*v[b]
	}
	if len(p.ThermalStorage) > 0 {
		heatPrice := heatStorageValue(p, periodHeatInputs(prof), true)
		for k := range p.ThermalStorage {
			i := len(p.Batteries) + k
			v[i] = heatPrice + cfg.CarbonPricePerTCO2e/1000*v[i]
		}
	}
	return v
}

// ledgerStorageValues is the ledger's storage value of each battery, then
// each thermal store, over the period of prof ([Account]): what a kWh
// (kWh_th) left at the end of the study is worth.
func ledgerStorageValues(p *model.Park, prof *model.Profiles, cfg LedgerConfig) []float64 {
	m := mean(prof.AccountingKgCO2ePerKWh[:prof.Len])
	v := make([]float64, len(p.Batteries), len(p.Batteries)+len(p.ThermalStorage))
	for b, bat := range p.Batteries {
		v[b] = storageValue(bat, m, cfg)
	}
	if len(p.ThermalStorage) > 0 {
		heat := heatStorageValue(p, periodHeatInputs(prof), false)
		for range p.ThermalStorage {
			v = append(v, heat)
		}
	}
	return v
}

// finish wraps a settled schedule as a policy's result with its ledger.
func finish(pol Policy, p *model.Park, s *Schedule, cfg *Config, stats SolveStats) *Result {
	res := &Result{Policy: pol, Schedule: s}
	res.Report = account(p, s, cfg.Ledger)
	res.Report.Policy = pol
	res.Report.Solve = stats
	if pol == GridOnlyPolicy || pol == SelfConsumptionPolicy {
		// A rule follows a fixed order whatever the objective (by carbon
		// where it chooses: the heat merit order, heatPrices.carbon): no
		// cost objective to report, nor
		// a carbon price it saw (QA, 2026-12-04: the report said
		// "objective cost: … + 100 USD per tCO2e" under --policy grid).
		return res
	}
	res.Report.Objective = cfg.EffectiveObjective()
	if res.Report.Objective == Cost {
		res.Report.CarbonPricePerTCO2e = cfg.CarbonPricePerTCO2e
	}
	return res
}

// Reaccount is r's run judged by ledger cfg for park p: r's schedule
// accounted afresh ([Account]) and what the run set beside its ledger —
// the policy, the solve statistics, the objective and carbon price it ran
// under, the forecasts' errors — kept. p is the park r ran, or one the
// dispatch cannot tell from it: another market (the offsets and
// certificates held, which the ledger reads and the dispatch does not).
// The schedule is shared, not copied.
func (r *Result) Reaccount(p *model.Park, cfg LedgerConfig) (*Result, error) {
	rep, err := Account(p, r.Schedule, cfg)
	if err != nil {
		return nil, err
	}
	rep.Policy, rep.Solve, rep.Objective = r.Report.Policy, r.Report.Solve, r.Report.Objective
	rep.CarbonPricePerTCO2e, rep.Forecasts = r.Report.CarbonPricePerTCO2e, r.Report.Forecasts
	return &Result{Policy: r.Policy, Schedule: r.Schedule, Report: rep}, nil
}

// Run dispatches the period under the rolling horizon: every interval t it
// plans the next cfg.Horizon, commits the first interval, settles it
// against the actual profiles (see settle) and carries the real state of
// charge forward. One solver instance serves the whole run.
//
// The look-ahead is [HorizonSteps](cfg.Horizon, prof.Step), capped at the
// period's length (SolveStats.HorizonSteps and HorizonCapped say so). The
// profiles are checked once: a missing, short, NaN, infinite, negative
// (powers) or implausibly large value is an error ([ValueError], unwrapping
// to ErrInput), never a NaN total. An LP beyond MaxLPBytes is
// [ErrTooLarge], a run that would not fit in memory [ErrMemory].
//
// The plan sees forecasts: for each series with a forecaster in
// cfg.Forecasts, the forecaster's prediction of [t, t+H) from the actual
// values of [0, t); series without one (or a nil cfg.Forecasts) are seen
// perfectly. Forecast errors per series and lead are reported in
// Report.Forecasts. Run holds cfg.Forecasts while it runs: a set another
// run holds (a Run in another goroutine, a Rolling not yet closed) is
// refused with ErrConfig, never shared.
func Run(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if err := checkRun(p, prof, &cfg); err != nil {
		return nil, err
	}
	// Capped at the period: a look-ahead past it sees only padding.
	h, err := PeriodHorizonSteps(cfg.Horizon, prof.Step, prof.Len)
	if err != nil {
		return nil, err
	}
	if err := EstimateLP(p, h).check("the rolling horizon", shrinkRolling); err != nil {
		return nil, err
	}
	if err := checkFootprint(p, prof, h, RollingHorizon, cfg.Forecasts != nil); err != nil {
		return nil, err
	}
	r, err := newRolling(p, prof.Step, h, cfg)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := r.SetEnd(prof.Start.Add(time.Duration(prof.Len)*prof.Step), studyEndValues(p, prof, &cfg)); err != nil {
		return nil, err
	}
	s := periodSchedule(p, prof)
	times := make([]time.Duration, 0, prof.Len)
	iters := 0
	var tally repairTally
	for t := 0; t < prof.Len; t++ {
		plan, err := r.Plan(prof, t)
		if err != nil {
			return nil, err
		}
		times = append(times, plan.SolveTime)
		iters += plan.Iterations
		tally.add(plan)
		// The actual period is known: every lead is scored at once.
		r.ScoreForecasts(prof, t, r.Horizon())
		one, err := r.Settle(prof, t)
		if err != nil {
			return nil, err
		}
		s.setRow(t, one, 0)
		if cfg.Progress != nil {
			cfg.Progress(t+1, prof.Len)
		}
	}
	stats := newStats(prof.Len, times, iters, &tally)
	stats.HorizonSteps, stats.HorizonCapped = h, cfg.Horizon > time.Duration(h)*prof.Step
	res := finish(RollingHorizon, p, s, &cfg, stats)
	res.Report.Forecasts = r.Forecasts()
	return res, nil
}

// PerfectForesight solves one LP over the whole period with the same
// constraints, objective and terminal value as each rolling-horizon step:
// no policy that sees the same data can emit less (the lower bound). A
// plan that charges and discharges a battery at once (burning a CHP's
// electricity nothing else takes) is settled from that interval on, so
// the schedule is one the park can carry out (realise): that schedule is
// a feasible plan, no longer the bound, and SolveStats.SettledIntervals
// says how many intervals were settled (0: the LP's plan, the bound). The
// profiles are checked as in Run; an LP beyond MaxLPBytes (a year of
// 1-second steps is 31.5 million steps) is [ErrTooLarge], saying how to
// shrink it.
func PerfectForesight(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if err := checkRun(p, prof, &cfg); err != nil {
		return nil, err
	}
	if err := EstimateLP(p, prof.Len).check("perfect foresight", shrinkPerfect); err != nil {
		return nil, err
	}
	if err := checkFootprint(p, prof, 0, Perfect, false); err != nil {
		return nil, err
	}
	d, err := newDispatcher(p, prof.Step, prof.Len, cfg)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	d.endValue = studyEndValues(p, prof, &cfg)
	d.periodStart, d.periodLen = prof.Start, prof.Len
	plan, err := d.Step(InitialState(p), prof)
	if err != nil {
		return nil, err
	}
	s := periodSchedule(p, prof)
	for i := range s.PVKW {
		copy(s.PVKW[i], plan.PVKW[i])
	}
	for j := range s.WindKW {
		copy(s.WindKW[j], plan.WindKW[j])
	}
	for b := range s.ChargeKW {
		copy(s.ChargeKW[b], plan.ChargeKW[b])
		copy(s.DischargeKW[b], plan.DischargeKW[b])
		copy(s.SoCKWh[b], plan.SoCKWh[b])
	}
	copy(s.ImportKW, plan.ImportKW)
	copy(s.ExportKW, plan.ExportKW)
	copy(s.UnservedKW, plan.UnservedKW)
	copy(s.CurtailedKW, plan.CurtailedKW)
	s.fillEmissions()
	if s.HeatLoadKWTh != nil {
		copy(s.UnservedHeatKWTh, plan.UnservedHeatKWTh)
		src := plan.heatTables()
		for q, vs := range s.heatTables() {
			for i := range vs {
				copy(vs[i], src[q][i])
			}
		}
		s.fillHeatEmissions(p)
	}
	first := realise(p, s, plan)
	if cfg.Progress != nil {
		cfg.Progress(prof.Len, prof.Len)
	}
	var tally repairTally
	tally.add(plan)
	stats := newStats(prof.Len, []time.Duration{plan.SolveTime}, plan.Iterations, &tally)
	stats.HorizonSteps = prof.Len
	if first >= 0 {
		stats.SettledIntervals = prof.Len - first
	}
	return finish(Perfect, p, s, &cfg, stats), nil
}

// realise makes the perfect-foresight schedule s one a park can carry
// out. The LP may charge and discharge a battery at once, burning in the
// round trip's losses power nothing else takes (a CHP's electricity
// behind a grid that exports nothing, the heat load needing the CHP); a
// battery does one or the other. From the first interval where the plan
// does both, every interval is settled against the plan, the actual data
// being the plan's own (as Run settles a rolling plan): the two flows are
// netted, and CHP electricity the battery can no longer take brings the
// CHP down, its heat made up by the other heat sources or left unserved
// (doc.go, "Rolling horizon and settlement"). The intervals before are
// the LP's; a plan that never does both is kept as it is. It returns the
// first interval settled (-1: none).
func realise(p *model.Park, s *Schedule, plan *Plan) (first int) {
	first, _ = bothAtOnce(&plan.Schedule)
	if first >= 0 {
		settleFrom(p, s, plan, first)
	}
	return first
}

// settleFrom settles s against plan from interval first to the end, the
// plan's own data being the actuals (realise).
func settleFrom(p *model.Park, s *Schedule, plan *Plan, first int) {
	// A copy of the plan keeps what settle weighs its levers by (the
	// objective, the carbon price, the values of stored energy); its
	// schedule is one interval, row t of the plan's.
	one := *plan
	one.Schedule = *newSchedule(p, 1)
	one.Step = s.Step
	sc := newSettleScratch(p)
	for t := first; t < s.Len; t++ {
		one.Start = s.Time(t)
		one.setRow(0, &plan.Schedule, t)
		settle(p, s, t, &one, sc)
	}
}

// Realise makes s, a schedule an LP planned over a whole period for park
// p with the period's data in it, one the park can carry out, as
// PerfectForesight does its own (realise): from the first interval where
// the plan charges and discharges a battery at once (burning a CHP's
// electricity that nothing else takes in the round trip's losses), every
// interval is settled against the plan with the schedule's data as the
// actuals, so the CHP comes down and the heat it no longer makes is made
// up by the other heat sources or left unserved. The settlement ranks
// its levers under obj (carbonPricePerTCO2e as Config has it) and values
// stored energy at 0: a plan over the whole period has no use for it
// beyond. It returns the first interval settled and the number of
// intervals in which the plan does both; -1 and 0 leave s as it was.
// Package plan realises its design schedules with it.
func Realise(p *model.Park, s *Schedule, obj Objective, carbonPricePerTCO2e float64) (first, atOnce int) {
	first, atOnce = bothAtOnce(s)
	if first < 0 {
		return first, 0 // no copy of a schedule that needs nothing
	}
	plan := &Plan{Schedule: *s.Clone(), objective: obj, carbonPerKg: carbonPricePerTCO2e / 1000}
	settleFrom(p, s, plan, first)
	return first, atOnce
}

// bothAtOnce is the first interval in which schedule s charges and
// discharges a battery at once (beyond checkTolKW; -1: none) and the
// number of such intervals.
func bothAtOnce(s *Schedule) (first, n int) {
	first = -1
	for t := 0; t < s.Len; t++ {
		for b := range s.ChargeKW {
			if math.Min(s.ChargeKW[b][t], s.DischargeKW[b][t]) > checkTolKW {
				if first < 0 {
					first = t
				}
				n++
				break
			}
		}
	}
	return first, n
}

// GridOnly is business as usual: the park's PV and wind are not used and
// its batteries idle (their self-discharge still runs, and the ledger
// books it as battery losses and in the storage adjustment), and every
// kWh of load comes from the grid, up to the import limit; the rest is
// unserved. With heat it is grid and conventional heat only: the heat
// pumps, CHP and renewable-fuel boilers do not run and the thermal stores
// idle (their standing loss runs), and the heat load is served by the
// fossil-fuel boilers, the heat bought and the electric boilers on the
// import limit left, the lowest in carbon per kWh_th under the accounting
// factor first; the rest goes unserved. Where it serves all the load, its
// residual equals the baseline on a park without heat, and is at least
// the baseline with heat (the baseline prices all the heat at the
// cleanest conventional source whatever its capacity; equal where that
// source's capacity suffices). Unserved load or heat emits nothing, so a
// park short of import or conventional heat capacity is below the
// baseline, and the stage says conventional.
func GridOnly(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if err := checkRun(p, prof, &cfg); err != nil {
		return nil, err
	}
	if err := checkFootprint(p, prof, 0, GridOnlyPolicy, false); err != nil {
		return nil, err
	}
	s := periodSchedule(p, prof)
	h := prof.Step.Hours()
	sc := newSettleScratch(p)
	for t := 0; t < prof.Len; t++ {
		// Grid-only has no PV or wind: report them as not available.
		for i := range s.PVAvailKW {
			s.PVAvailKW[i][t] = 0
		}
		for j := range s.WindAvailKW {
			s.WindAvailKW[j][t] = 0
		}
		for b, bat := range p.Batteries {
			_, _, decayed := socBounds(bat, s.SoCBefore(b, t), h)
			s.SoCKWh[b][t] = decayed
		}
		s.ImportKW[t] = math.Min(s.LoadKW[t], p.Grid.ImportLimitKW)
		s.UnservedKW[t] = s.LoadKW[t] - s.ImportKW[t]
		if s.HeatLoadKWTh != nil {
			boilersOnly(p, s, t, sc)
			s.ImportKW[t] += s.ConvertersKW(t)
		}
	}
	s.fillEmissions()
	return finish(GridOnlyPolicy, p, s, &cfg, SolveStats{Steps: prof.Len, Repaired: map[string]int{}}), nil
}

// SelfConsumption is the rule-based baseline: PV and wind serve the load
// first; a surplus charges the batteries (in park order, within power and
// state-of-charge limits), then is exported up to the limit, then
// curtailed; a deficit is met by discharging the batteries, then by
// import up to the limit, then left unserved. The batteries never charge
// from the grid. With heat, heat comes first: a renewable
// surplus runs the heat pumps (then the electric boilers) for the heat
// load and then to charge the thermal stores; the heat load left is met by
// discharging the stores, then by the heat sources in a fixed merit order,
// the cheapest in carbon first (heat pumps and electric boilers on grid
// power at the period's mean dispatch signal, negative hours as 0 — a rule
// does not see an hour's signal before the hour —, fuel boilers, purchased
// heat, CHP net of the import its electricity displaces), then left
// unserved. The stores never charge from anything but the surplus. CHP
// electricity beyond what the load, the batteries, export up to the limit
// and curtailment take brings the CHP down, its heat made up by the other
// sources in the same order, else unserved.
func SelfConsumption(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if err := checkRun(p, prof, &cfg); err != nil {
		return nil, err
	}
	if err := checkFootprint(p, prof, 0, GridOnlyPolicy, false); err != nil {
		return nil, err
	}
	s := periodSchedule(p, prof)
	h := prof.Step.Hours()
	sc := newSettleScratch(p)
	gridKg := 0.0 // the merit order's kgCO2e per kWh of grid electricity
	for _, g := range prof.DispatchKgCO2ePerKWh[:prof.Len] {
		gridKg += math.Max(g, 0) / float64(prof.Len)
	}
	for t := 0; t < prof.Len; t++ {
		gen := 0.0
		for i := range s.PVKW {
			s.PVKW[i][t] = s.PVAvailKW[i][t]
			gen += s.PVKW[i][t]
		}
		for j := range s.WindKW {
			s.WindKW[j][t] = s.WindAvailKW[j][t]
			gen += s.WindKW[j][t]
		}
		net := gen - s.LoadKW[t] // > 0 surplus
		if s.HeatLoadKWTh != nil {
			net = selfHeat(p, s, t, net, gridKg, sc)
		}
		for b, bat := range p.Batteries {
			if net > 0 {
				v := math.Min(net, math.Min(bat.MaxChargeKW, chargeRoom(bat, s, b, t, h)))
				s.ChargeKW[b][t] = v
				net -= v
			} else if net < 0 {
				v := math.Min(-net, math.Min(bat.MaxDischargeKW, dischargeRoom(bat, s, b, t, h)))
				s.DischargeKW[b][t] = v
				net += v
			}
			clampBattery(bat, s, b, t, h)
		}
		if net > 0 {
			s.ExportKW[t] = math.Min(net, p.Grid.ExportLimitKW)
			// What curtailment cannot take is the CHP's electricity: the
			// CHP comes down (shedCHP).
			extra := curtail(s, t, net-s.ExportKW[t])
			s.CurtailedKW[t] = net - s.ExportKW[t] - extra
			if s.HeatLoadKWTh != nil {
				shedCHP(p, s, t, sc, extra, h)
			}
		} else if net < 0 {
			s.ImportKW[t] = math.Min(-net, p.Grid.ImportLimitKW)
			s.UnservedKW[t] = -net - s.ImportKW[t]
		}
		if s.HeatLoadKWTh != nil {
			shedConverters(p, s, t, sc, h)
		}
	}
	s.fillEmissions()
	return finish(SelfConsumptionPolicy, p, s, &cfg, SolveStats{Steps: prof.Len, Repaired: map[string]int{}}), nil
}

// profileView is a reusable window on profiles: like Profiles.Slice, but
// without allocating on every interval of a run.
type profileView struct {
	p                            model.Profiles
	load, pv, windRows           [][]float64
	heat, cop, phCarbon, phPrice [][]float64
}

func (v *profileView) set(src *model.Profiles, from, to int) {
	cut := func(x []float64) []float64 {
		if x == nil {
			return nil
		}
		return x[from:to:to]
	}
	rows := func(dst *[][]float64, srcRows [][]float64) [][]float64 {
		if len(*dst) != len(srcRows) {
			*dst = make([][]float64, len(srcRows))
		}
		for i, r := range srcRows {
			(*dst)[i] = cut(r)
		}
		return *dst
	}
	v.p = model.Profiles{
		Start:                  src.Start.Add(time.Duration(from) * src.Step),
		Step:                   src.Step,
		Len:                    to - from,
		LoadKW:                 rows(&v.load, src.LoadKW),
		PVAvailKW:              rows(&v.pv, src.PVAvailKW),
		WindAvailKW:            rows(&v.windRows, src.WindAvailKW),
		DispatchKgCO2ePerKWh:   cut(src.DispatchKgCO2ePerKWh),
		AccountingKgCO2ePerKWh: cut(src.AccountingKgCO2ePerKWh),
		ImportPricePerKWh:      cut(src.ImportPricePerKWh),
		ExportPricePerKWh:      cut(src.ExportPricePerKWh),
	}
	if src.HeatLoadKWTh != nil || src.HeatPumpCOP != nil || src.PurchasedHeatKgCO2ePerKWhTh != nil {
		v.p.HeatLoadKWTh = rows(&v.heat, src.HeatLoadKWTh)
		v.p.HeatPumpCOP = rows(&v.cop, src.HeatPumpCOP)
		v.p.PurchasedHeatKgCO2ePerKWhTh = rows(&v.phCarbon, src.PurchasedHeatKgCO2ePerKWhTh)
		v.p.PurchasedHeatPricePerKWhTh = rows(&v.phPrice, src.PurchasedHeatPricePerKWhTh)
	}
}
