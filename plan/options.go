package plan

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/model"
)

// StorageEnd says how the plan treats the energy stored at the start and
// end of the period.
type StorageEnd int

const (
	// Cyclic (default): every battery ends the period with the energy it
	// started with, and that energy is a decision. A design then pays for
	// all the energy it uses; a sizing over one year, or over weeks that
	// stand for one, must not start from free stored energy.
	Cyclic StorageEnd = iota
	// Valued: every battery starts at its initial state of charge (a
	// fraction of its total energy, added energy included) and the energy
	// left at the end is credited as [dispatch.PerfectForesight] credits
	// it under the Cost objective. With every capacity fixed, the plan is
	// then the cost-optimal perfect-foresight dispatch.
	Valued
)

func (s StorageEnd) String() string {
	switch s {
	case Cyclic:
		return "cyclic"
	case Valued:
		return "valued"
	}
	return fmt.Sprintf("StorageEnd(%d)", int(s))
}

// Defaults of [Options].
const (
	// DefaultFrontierPoints is the number of points of a cost–carbon
	// frontier (the default).
	DefaultFrontierPoints = 11
	// DefaultPeriodLength is the length of a representative period:
	// typical days, linked across the year by Kotzur's storage rows. On
	// the Texas demo 24 to 84 typical days put every roadmap stage within
	// 2.7 % of the full year's cost (36 days 0.8 %), where 12 typical
	// weeks were off by 4.1 %: a week's representative fixes the order of
	// its days, a day's does not (see the package documentation).
	DefaultPeriodLength = 24 * time.Hour
	// DefaultMethod is the HiGHS method of a Model's first solve; later
	// solves hot-start simplex from its basis. Chosen by measurement
	// (see the package documentation, "Solver").
	DefaultMethod = highs.MethodIPM
	// MaxMargin bounds Options.Margin: a margin of 1 would leave no carbon
	// at all.
	MaxMargin = 0.9
	// MaxFrontierPoints bounds the frontier (each point is a solve).
	MaxFrontierPoints = 1000
)

// Options configure a planning [Model]. Start from [DefaultOptions].
type Options struct {
	// Ledger holds the stage thresholds (the same the ledger judges
	// with), the offsets and certificates already held and their prices
	// (currency per tCO2e and per MWh). Apply what the park file sets of
	// it (its stage_thresholds and market) with
	// dispatch.LedgerConfig.ForPark, as for a dispatch.
	Ledger dispatch.LedgerConfig
	// RequireCleanShare is the caller's own requirement of the clean
	// share (zeropark's --require-clean-share: the user's word for the
	// run), which stands over whatever the park file's thresholds say:
	// with it [New] takes Ledger.RequireCleanShare as true, and
	// [Pathway] keeps the requirement at every milestone, also where a
	// stage_thresholds_by_year entry says require_clean_share false (as
	// where the park file's stage_thresholds requires it too). Without it,
	// Pathway takes a requirement in Ledger that the park file's
	// stage_thresholds does not make for the caller's own all the same.
	RequireCleanShare bool
	// ValueOfLostLoadPerKWh prices unserved energy (currency per kWh): a
	// penalty, not a cost, as in the dispatch's Cost objective.
	ValueOfLostLoadPerKWh float64
	// CarbonPricePerTCO2e, above 0, is an internal carbon price in the
	// plan's objective: every design then minimises its total cost +
	// this price × its residual (tCO2e, the residual row's R: grid import
	// at the accounting factor, negative rates as 0, and with heat the
	// fuels burnt and the heat bought at their factors), the stages'
	// limits still applying. Design.CarbonCostPerYear is that term, apart
	// from TotalCostPerYear, which stays what is paid. 0 (the default):
	// carbon enters the designs only as the stages' limits. Not with
	// [Model.Frontier], which trades cost against carbon itself. At most
	// model.MaxMagnitude. See the package documentation, "A carbon price
	// in the design".
	CarbonPricePerTCO2e float64
	// Margin sizes against stricter targets: every limit on what a stage
	// allows (carbon per unit energy, the share of energy that is not
	// clean, emissions against the baseline, the grid's share of the
	// served load, unserved load, residual against offsets) is multiplied
	// by 1 − Margin. 0.1 leaves a design 10 % below each limit, room for
	// the rolling horizon's forecast errors. In [0, MaxMargin].
	Margin float64
	// Periods is the number of representative periods (0: the full
	// series, the default and the reference). See the package
	// documentation, "Representative periods"; Slices holds better on
	// near-zero.
	Periods int
	// Slices > 0 plans over the full series cut into that many
	// chronological slices instead (Pineda & Morales 2018): adjacent steps
	// alike in every series (and in the load less a probe design's
	// renewables) are merged, each slice is one step of the LP
	// as long as the slice with every series' mean over it, and the year
	// stays in calendar order, so the calm, dark spells that size
	// near-zero's storage and wind are kept where they fall. Calendar
	// months (and each month's peak-load step, with a demand charge) are
	// never merged across. 0 (the default): no slicing. Not with Periods.
	// See the package documentation, "Chronological slices".
	Slices int
	// PeriodLength is the length of a representative period (default
	// [DefaultPeriodLength]); a whole number of series steps.
	PeriodLength time.Duration
	// Storage is the treatment of stored energy at the ends of the
	// period (default Cyclic).
	Storage StorageEnd
	// FrontierPoints is the default number of points of
	// [Model.Frontier] (default [DefaultFrontierPoints]); at least 2.
	FrontierPoints int
	// Backend makes the solver; nil means HiGHS, whose first solve uses
	// Method.
	Backend lp.Backend
	// Method is HiGHS's method for the first solve of a Model ("" means
	// DefaultMethod); later solves hot-start simplex from its basis.
	// Ignored with a Backend.
	Method string
	// MIPGap is the relative gap at which a plan with whole units
	// (economics unit_… keys: a mixed-integer program) stops: its cost is
	// within MIPGap of the best any whole units reach. 0 means
	// highs.DefaultMIPGap (1e-4, 0.01 %); in [0, 1). Ignored with a
	// Backend and without units.
	MIPGap float64
	// HiGHSMIP solves a plan with whole units by HiGHS's own
	// branch and cut (the counts integer columns, lp.Problem.Integer)
	// instead of the plan's branch and bound over hot-started LPs (the
	// default; package documentation, "Whole units"). With a Backend
	// that solves no integer columns (the gonum oracle) New returns an
	// error wrapping lp.ErrNoIntegers.
	HiGHSMIP bool
	// Solvers is the number of solver instances [Model.Roadmap] and
	// [Model.Frontier] run at once (at most 2 are used), each holding its
	// own copy of the LP (70–100 MB more over a full hourly year) and
	// taking a core; 1 solves everything in turn on the Model's instance.
	// 0 (the default) picks, for a roadmap, 2 on a Model of
	// AutoSolversMinColumns columns or more, or one whose near-zero is
	// warm-started (NoWarmStart), when GOMAXPROCS is 2 or more,
	// else 1: the warm-started near-zero chain then runs beside today's
	// park and low-carbon (BENCHMARKS.md: plan-roadmap-ipm against
	// plan-roadmap-one-solver); and 1 for a frontier, whose two halves on
	// two instances took as long as on one (package documentation,
	// "Solver"). Which instance answers which question is fixed, so the
	// answers do not depend on timing.
	Solvers int
	// NoWarmStart turns off the warm start of a large roadmap's
	// near-zero-carbon solve from a design sized over 12 typical weeks
	// (full series), 12 typical days (12 typical weeks, 84 typical days)
	// or half as many slices (500 slices or more) (package documentation,
	// "Solver"): near-zero then starts cold.
	NoWarmStart bool
	// Staged makes [Model.Roadmap] build each stage on the design before
	// it: near-zero-carbon adds at least what low-carbon's design adds,
	// candidate by candidate, and zero-carbon at least what near-zero's
	// adds, so that the road can be built in order (package
	// documentation, "Staged roadmap"). Default false: each stage's
	// cheapest design on its own. Ignored by [Model.Frontier] and
	// [Model.Plan].
	Staged bool
	// Progress, when set, is called as [Model.Roadmap] and
	// [Model.Frontier] go: with 0 and the number of solves to come when
	// one starts ([RoadmapSolves], [FrontierSolves]), then after each
	// (today's park, each stage, a staged roadmap's staged steps, each
	// frontier point and end), and with done = total when it returns.
	// [Pathway] calls it after each milestone instead (total: the
	// milestones).
	// Calls never overlap, but with two solver instances they come from
	// two goroutines.
	Progress func(done, total int)
	// Working, when set, is called as [Model.Roadmap] and [Model.Frontier]
	// start each of the questions Progress counts, with what the solver
	// instance (0, or 1 with two: Options.Solvers) works on now: "today's
	// park", a stage's name ("near-zero-carbon"), "near-zero-carbon's warm
	// start", "frontier point 3 of 0–10", "the least residual" — and with
	// "" when the question is done, before Progress counts it (so the
	// last call of each instance is ""). One LP can take minutes on a
	// long series, with Progress standing still meanwhile: this says which.
	// Calls never overlap (Progress's lock), but come from two goroutines
	// with two instances. [Pathway] reports each milestone instead ("the
	// 2030 milestone, near-zero-carbon"), on instance 0.
	Working func(instance int, what string)
}

// MaxSolvers is the most solver instances [Model.Roadmap] and
// [Model.Frontier] use (Options.Solvers): more are not an error in Go,
// but only two are used.
const MaxSolvers = 2

// AutoSolversMinColumns is the smallest Model for which Options.Solvers
// = 0 runs two solver instances: below it (representative periods, short
// series) the questions take seconds and a second copy of the LP is not
// worth its memory, unless near-zero is warm-started (12 typical weeks:
// its chain then runs beside today's park and low-carbon, 2.5 s against
// 2.8 s on one instance).
const AutoSolversMinColumns = 50000

// solvers is Options.Solvers with 0 resolved for m's roadmap
// (Options.Solvers).
func (m *Model) solvers() int {
	if m.opt.Solvers > 0 {
		return m.opt.Solvers
	}
	if runtime.GOMAXPROCS(0) >= 2 && m.prob != nil && (m.prob.NumCols >= AutoSolversMinColumns || m.col.pin != nil) {
		return 2
	}
	return 1
}

// frontierSolvers is Options.Solvers with 0 resolved for m's frontier:
// one instance (Options.Solvers).
func (m *Model) frontierSolvers() int { return max(1, m.opt.Solvers) }

// DefaultOptions returns the documented defaults: the ledger's default
// thresholds, no holdings, no prices for offsets and certificates (set
// them: at price 0 they are free), the dispatch's value of lost load, the
// full series, cyclic storage, 11 frontier points.
func DefaultOptions() Options {
	return Options{
		Ledger:                dispatch.DefaultLedgerConfig(),
		ValueOfLostLoadPerKWh: dispatch.DefaultValueOfLostLoadPerKWh,
		PeriodLength:          DefaultPeriodLength,
		FrontierPoints:        DefaultFrontierPoints,
	}
}

// Validate reports every field out of range, each an [*InputError]
// naming the field and value.
func (o *Options) Validate() error {
	var errs []error
	bad := func(field string, v any, why string) { errs = append(errs, inputErr("Options."+field, v, why)) }
	if !(o.Margin >= 0 && o.Margin <= MaxMargin) {
		bad("Margin", o.Margin, fmt.Sprintf("must be in [0, %g]: the fraction by which every stage limit is tightened", MaxMargin))
	}
	if p := o.CarbonPricePerTCO2e; !(p >= 0) || p > model.MaxMagnitude {
		bad("CarbonPricePerTCO2e", p, "must be finite, ≥ 0 and at most "+model.Num(model.MaxMagnitude)+" (0: no carbon price)")
	}
	if o.Periods < 0 {
		bad("Periods", o.Periods, "must be ≥ 0 (0: the full series)")
	}
	if o.Slices < 0 {
		bad("Slices", o.Slices, "must be ≥ 0 (0: no chronological slices)")
	}
	if o.Slices > 0 && o.Periods > 0 {
		bad("Slices", o.Slices, fmt.Sprintf("cannot be used with %d representative periods: slices keep the calendar, representative periods replace it", o.Periods))
	}
	if o.PeriodLength <= 0 {
		bad("PeriodLength", o.PeriodLength, "must be positive")
	}
	if o.Storage != Cyclic && o.Storage != Valued {
		bad("Storage", int(o.Storage), "unknown storage treatment")
	}
	if o.Solvers < 0 {
		bad("Solvers", o.Solvers, "must be ≥ 0 (0: two on a large Model with two cores or more, else one)")
	}
	if o.FrontierPoints < 2 || o.FrontierPoints > MaxFrontierPoints {
		bad("FrontierPoints", o.FrontierPoints, fmt.Sprintf("must be in [2, %d]", MaxFrontierPoints))
	}
	if v := o.ValueOfLostLoadPerKWh; !(v > 0) || v > model.MaxSignal {
		bad("ValueOfLostLoadPerKWh", v, "must be positive and at most "+model.Num(model.MaxSignal))
	}
	if err := (highs.Options{Method: o.Method}).Validate(); err != nil {
		bad("Method", o.Method, err.Error())
	}
	if !(o.MIPGap >= 0 && o.MIPGap < 1) {
		bad("MIPGap", o.MIPGap, fmt.Sprintf("must be a fraction in [0, 1) (0: %g)", highs.DefaultMIPGap))
	}
	// The ledger's own checks, through a dispatch config that holds it.
	cfg := dispatch.DefaultConfig()
	cfg.Ledger = o.Ledger
	if err := cfg.Validate(); err != nil {
		errs = append(errs, &InputError{Field: "Options.Ledger", Reason: err.Error(), Err: err})
	}
	return errors.Join(errs...)
}

// safety tightens every stage row by this fraction of its limit, so that
// the solver's feasibility tolerance (1e-7) cannot tip the ledger's
// judgement of a schedule that meets a limit exactly.
const safety = 1e-6

// limitFactor is what every "at most" limit of a stage is multiplied by
// in the LP: 1 − Margin, and the safety.
func (o *Options) limitFactor() float64 { return (1 - o.Margin) * (1 - safety) }
