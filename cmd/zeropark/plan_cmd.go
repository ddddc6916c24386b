package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// planCmd is `zeropark plan`.
var planCmd = &command{
	name:    "plan",
	summary: "size PV, wind, batteries, heat pumps, thermal stores, electric and fuel boilers, CHP and the grid connection for each stage at least cost (roadmap); `plan frontier` traces cost against carbon; `plan pathway` says what to build when",
	run:     runPlan,
}

// planAbout is the description of `zeropark plan --help`; the column lists
// come from package results, which writes the files.
func planAbout(frontier bool) string {
	head := `
Solves the cheapest design for each stage — low-carbon, near-zero-carbon,
zero-carbon — over the park's period: what to add of PV, wind, battery
energy and battery power, and on a park with heat of heat pumps, thermal
stores, electric and fuel boilers and CHP (within the bounds of the park
file's "economics"), how far to raise the grid connection's import limit
(economics.grid_connection: capital_per_kw is required, there is no
default; the export limit rises with it when it equals the import limit;
the design's park file carries the raised limits), what to buy of offsets
and certificates (at --offset-price and --certificate-price), each
design's capital, fixed O&M and operating cost per year, and its cost per
tCO2e avoided against today's park; beside them each design's
investment up front, the incentives it gets back (a technology's
capital_incentive_fraction; the capital a year is of the net figure), its
simple payback, and its NPV and discounted payback against today's park
over economics.analysis_years (25 by default) at the discount rate. A
stage no design within the bounds reaches is marked with why (what binds,
the best value reachable against the threshold); the other stages are
still solved and the command exits 0.
Economics left out of the park file take NREL REopt.jl's defaults (USD
only).

--carbon-price P (a number) is an internal carbon price: every design then
minimises its total cost + P × its residual tCO2e (the stages' limits still
apply), so a design may cut carbon below its stage's limit where that costs
less than P a tCO2e; the cost table's footer gives each design's carbon at
P, which the totals (what is paid) leave out, and the checks below run at
least cost with P (with --objective carbon they run carbon first instead,
the price in the designs only). Without it carbon enters the designs only
as the stages' limits. plan frontier takes no price: it traces cost
against carbon itself.

Each design's park is then re-run through the dispatch — perfect foresight,
and the rolling horizon planning with forecasts (--horizon, --forecast,
--objective and --carbon-price apply to these re-runs; --horizon,
--forecast and --objective to them only) — and the table says whether the
stage still holds and by what margin (1 − value/limit of its tightest
condition); the report says what caused a miss (forecasts, the cost
objective, the dispatch's own operation). A design that
fails in operation was sized to the limit: --margin 0.1 sizes every stage
against limits 10 % stricter, the offsets' cover included (zero-carbon buys
offsets for its residual / 0.9: its net residual can come out below zero).
--margin auto searches for that margin, stage by stage: it plans the
roadmap at 0, re-runs its designs, and plans again at the margin a
first-order estimate from a stage's worst miss gives, then between the
largest margin that missed and the least that held, on a grid of 0.01,
until the two are 0.01 apart (at most 8 rounds, each a whole plan and its
checks); each stage's design is the one at the least margin at which it
held (or the closest), one margin for all with --staged; a table lists
the rounds (roadmap.json: margin_search, each design's sized_margin_fraction). Not
with plan frontier or --no-check. --margin STAGE=F,… gives each stage its
own margin (near-zero-carbon=0.18,zero-carbon=0.18; a stage not named: 0),
one plan per distinct margin, each stage's design from its own (a margin
found over --slices need not hold over the full series: the checks say).
--no-check skips the re-runs. A second table says what each run costs to
operate a year against the plan's operating cost: the plan's is its own
least-cost operation, a run carbon first (the default --objective) may pay
other demand charges; --objective cost runs the checks at least cost (the
footer names the objective the checks ran with). --carbon-price shadow
(implying --objective cost) runs each design's checks at least cost with
its own shadow carbon price — the marginal cost of its stage's carbon
limit, the table's last column — the carbon price at which least-cost
operation should respect the stage's carbon rows; the checks table shows
the price each ran with. It needs designs with duals: not with whole
units (unit_… keys), nor --objective carbon, nor --no-check. The dispatch
prices the carbon of grid import at its dispatch signal, the plan's
limit the accounting factor: where the park gives both
(grid.accounting_carbon) the price falls on other carbon than the limit's.

Every figure is per year, the period's × 8760 h / its hours: a period
shorter than a week (--limit-hours 24, a short series) is planned, with a
warning on standard error and in the heading that the year is scaled from
it.

--storage-end says what the plan does with the energy batteries and
thermal stores hold at the ends of the period: cyclic (the default) ends
each with what it started with, valued starts each at its
initial_soc_fraction and credits what is left at the end, as the dispatch
does. Use valued on a short series (weeks), where the energy a design may
bank or draw down weighs, and for checks that start where the park starts.

--periods N solves over N representative periods instead of the full series
(the full series stays the default and the reference): typical days by
default, linked across the calendar so that batteries and thermal stores
still carry energy from one day to the next; on a park with heat the heat
load, the heat pumps' COPs and purchased heat are represented too.
--period-length sets another length (168h for typical weeks). The report
states how well the representatives reproduce each series and each design's
cost over the full series (plan.Model.Evaluate), the reduced model's cost
error (none for a design that misses its stage there: the report says why it
misses). Typical weeks depend on where the calendar is cut: on the demos,
starting them a day or more later moved 12 weeks' near-zero cost by up to 17
% (plan/doc.go). --slices N keeps the calendar instead and merges adjacent
steps that are alike into N slices, each one LP step: calm, dark spells stay
where they fall, so the near-zero stages' costs come out closer (2016 slices
of an hourly year, 12 weeks' LP steps: within 1.5 % on the demos; scale N
with the series' length: 2016 slices of two years are half as fine); the
report and the files say the same as for --periods.
--offsets-held and --certificates-held count against the period planned;
zero-carbon needs the residual offset, by offsets held or bought.

Where the plan's LP charged and discharged a battery at once (burning a
CHP's electricity that the grid does not take, or a surplus, in the round
trip's losses) no battery can run its schedule: the design is settled as
the dispatch settles a plan, every figure is the settled schedule's, and
a line "warning: <design>: …" under the tables (and on stderr) says so
(with the heat left unserved, and the stage when it falls below the
target); roadmap.json and roadmap.csv (frontier.csv for a frontier point)
hold the same words.
So does today's park when it lacks the heat capacity for its heat load
and leaves more heat unserved than the ledger tolerates: no cost counts
that heat. Likewise for electric load today's park sheds beyond the
tolerance (behind a grid.import_limit_kw below its peak): the warning
gives the kWh a year, the share of the load and what the value of lost
load would price it at (not counted: a penalty, not a cost), and wherever
today's park sheds any load a line under the cost table says that per
tCO2e avoided compares each design with a park that does not serve it.

Whole units: the economics' unit_… keys (wind.unit_kw for a turbine's
rating, battery.unit_kwh and battery.unit_kw for a block that brings both,
pv.unit_kwp, heat_pump.unit_kw_th, thermal_storage.unit_kwh_th,
electric_boiler.unit_kw_th, chp.unit_kw, fuel_boiler.unit_kw_th,
grid_connection.unit_kw for a transformer step) make the plan add whole
units, n × unit: a mixed-integer program, solved by branch and bound over
the plan's LP (each node hot-started from the last) to within --mip-gap of
the best whole design. The tables show each count beside the capacity
("4,000 (2 units)"), roadmap.csv in add_wind_units and its neighbours.
Whole units over the full year are many times slower than over --slices
2016 (timings: plan-units in benchmarks/BENCHMARKS.md, the full year in
plan/doc.go's "Whole units"): plan a full year with whole units over
--slices 2016 first (on the Texas demo it chose the full year's whole
units, at a cost 5 % above the full year's).`
	if frontier {
		// The frontier first: it is what a reader of plan frontier --help
		// came for; the roadmap it solves too, and its flags, follow.
		head = `
Traces the cost–carbon frontier by the ε-constraint method on the annual
residual: --points bounds evenly spaced from the residual of the cheapest
design with no target down to the least residual reachable, each solve
warm-started from the last. It prints the points and, with --out, writes
frontier.csv and frontier.png / frontier.svg: total cost per year against
residual tCO2e, the points as dots joined by dashes (the frontier is
convex: between two points it lies on or below the dashes, so a design
sized between them may be marked below), the background shaded by stage
(edges at the ledger's thresholds on the residual: low-carbon's reduction
against the baseline, zero-carbon's offsets held; near-zero's at the
largest residual granted it), today's park and each roadmap design marked
at its net residual (less the offsets it buys) and total cost — a design
that buys also before it buys, a ring joined by a dotted arrow — with its
whole units ("3 × 500 kW wind") under its label, and a red "!" and a
footnote for each warning of a design or point. With --out it writes
each point's design too, park-point-K.json (K the point), as plan writes
park-<stage>.json: today's park with the point's capacities added, named
after the point and its residual bound, ready for zeropark run (none for a
point whose design, settled, keeps the residual above its bound);
frontier.csv's design_park_file names it. zeropark run --policy perfect
--objective cost of point 0 gives its operating cost, residual and stage
(plan with --storage-end valued for the run's storage ends); at a point
whose bound binds, the run, which does not know the bound, may emit more.

It solves the roadmap first, as zeropark plan does, and takes every flag of
zeropark plan; what follows is plan's description.
` + head
	}
	return head + `

With --out DIR, writes into DIR at once (an existing DIR is replaced whole;
a file of yours there is never removed: the write is refused, exit 2):
  roadmap.csv, one row per design (today's park first; money in the park
  file's currency, economics.currency, as roadmap.json's "currency" says):
` + results.ColumnsText(results.RoadmapColumnDocs(), "    ") + `  roadmap.json: the same with the per-asset additions, the operation
  checks' figures and how they ran (objective, carbon price, horizon,
  forecasters) and operating costs, and what the plan was solved from
  (margin, prices, holdings, require_clean_share, storage_end,
  analysis_years; staged and each design's step_investment with --staged);
  roadmap.png: each design's annual cost as a stacked bar (capital, fixed
  O&M, operating, offsets, certificates; the net total marked), as
  'zeropark plot roadmap' draws it;
  park-<stage>.json: each design's park, ready for zeropark run (its market
  holds the offsets and certificates held and bought for the period); none
  for a design settled below its stage;
  with plan frontier, frontier.csv (money in the same currency):
` + results.ColumnsText(results.FrontierColumnDocs(), "    ") + `  park-point-K.json, each point's park (as park-<stage>.json); and
  frontier.png, frontier.svg.
'zeropark plot roadmap --in DIR --out FILE.svg' draws roadmap.png again
from roadmap.json, as SVG or at another name.
Without --park, the embedded demo park is planned (its economics: see
demo/data/README.md).`
}

// planFlags are the flags of `zeropark plan` beyond the scenario's.
type planFlags struct {
	margin       float64
	periods      int
	slices       int
	periodLength time.Duration
	// periodLengthSet: --period-length was given (it needs --periods);
	// pointsSet: --points was (it needs plan frontier); mipGapSet:
	// --mip-gap was (it does nothing without whole units).
	periodLengthSet, pointsSet, mipGapSet bool
	points                                int
	out                                   string
	method                                string
	solvers                               int
	// mipGap is --mip-gap: plan.Options.MIPGap.
	mipGap  float64
	noCheck bool
	// shadowPrice is --carbon-price shadow: each design's checks at least
	// cost with its own shadow carbon price (shadowPriceFlag).
	shadowPrice bool
	// designPrice is --carbon-price P with --objective carbon: P sizes
	// the designs, and the checks run carbon first, without it (the
	// dispatch's carbon first has no price).
	designPrice float64
	asJSON      bool
	// storageEnd is --storage-end: plan.Cyclic's or plan.Valued's name.
	storageEnd string
	// staged is --staged: plan.Options.Staged (the roadmap only).
	staged bool
	// marginAuto is --margin auto: the least margin at which each stage's
	// design holds in operation, searched for (planStudy.autoMargin).
	marginAuto bool
	// stageMargins is --margin STAGE=F,…: each stage's own margin
	// (planStudy.stageMargins); nil otherwise.
	stageMargins map[dispatch.Stage]float64
}

// shadowPriceName is the --carbon-price value that runs each design's
// operation checks at its own shadow carbon price.
const shadowPriceName = "shadow"

// shadowPriceFlag is --carbon-price under plan: a price in the currency
// per tCO2e, as under run and sweep (into price), or shadowPriceName,
// which sets shadow: each design's checks at least cost with the design's
// plan.Design.ShadowCarbonPricePerTCO2e.
type shadowPriceFlag struct {
	price  *optFloat
	shadow *bool
}

func (s *shadowPriceFlag) String() string {
	switch {
	case s == nil || s.price == nil || s.shadow == nil:
		return "0" // the flag package's zero value, for the default
	case *s.shadow:
		return shadowPriceName
	}
	return s.price.String()
}

func (s *shadowPriceFlag) Set(v string) error {
	if strings.TrimSpace(v) == shadowPriceName {
		*s.shadow, s.price.v, s.price.set = true, 0, false
		return nil
	}
	*s.shadow = false
	if err := s.price.Set(v); err != nil {
		return fmt.Errorf("not a number nor %s", shadowPriceName)
	}
	return nil
}

// storageEnds are the choices of --storage-end.
var storageEnds = []plan.StorageEnd{plan.Cyclic, plan.Valued}

// storage is --storage-end as a plan.StorageEnd; ok false for a value
// that is none of storageEnds.
func (pf *planFlags) storage() (s plan.StorageEnd, ok bool) {
	for _, s := range storageEnds {
		if pf.storageEnd == s.String() {
			return s, true
		}
	}
	return plan.Cyclic, false
}

// storageEndNames are the choices of --storage-end, "a or b".
func storageEndNames() string {
	names := make([]string, len(storageEnds))
	for i, s := range storageEnds {
		names[i] = s.String()
	}
	return strings.Join(names, " or ")
}

func (pf *planFlags) add(f *flagSet, frontier bool) {
	f.Var(&marginFlag{v: &pf.margin, auto: &pf.marginAuto, stages: &pf.stageMargins}, "margin", fmt.Sprintf("size against stricter targets: every stage limit × (1 − `FRACTION`), in [0, %g]; or %s: the least\n"+
		"margin (to 0.01) at which each stage's design holds in operation, found by planning again; or a margin per\n"+
		"stage, STAGE=F,… (%s; a stage not named: 0), one plan per margin (the roadmap only)", plan.MaxMargin, autoMarginName, roadmapStageNames()))
	f.IntVar(&pf.periods, "periods", 0, "solve over `N` representative periods instead of the full series (0: the full series);\n"+
		"representative days by default, see --period-length")
	f.IntVar(&pf.slices, "slices", 0, "solve over the full series cut into `N` chronological slices instead (adjacent hours alike merged,\n"+
		"the calendar kept; 0: none; not with --periods); 2016 are as many LP steps as 12 weeks")
	f.DurationVar(&pf.periodLength, "period-length", plan.DefaultPeriodLength, "`LENGTH` of a representative period with --periods: 24h for typical days, 168h for\n"+
		"typical weeks; a whole number of series steps, at most the series' length (not a whole number of days:\n"+
		"allowed, with a note that it cuts the daily cycle)")
	f.IntVar(&pf.points, "points", plan.DefaultFrontierPoints, fmt.Sprintf("`N` points of the frontier, in [2, %d]", plan.MaxFrontierPoints))
	if !frontier {
		// Parsed only to say it needs plan frontier (check), in one line
		// rather than the whole usage of an unknown flag.
		f.hide("points")
	}
	f.StringVar(&pf.out, "out", "", "write roadmap.csv, roadmap.json, roadmap.png and the design parks into `DIR` (created if missing)")
	f.BoolVar(&pf.noCheck, "no-check", false, "skip re-running each design through the dispatch")
	f.StringVar(&pf.method, "method", "", "HiGHS `METHOD` of the first solve: "+highs.MethodIPM+", "+highs.MethodSimplex+" or "+highs.MethodChoose+
		" (default "+plan.DefaultMethod+"; later solves hot-start dual simplex)")
	f.IntVar(&pf.solvers, "solvers", 0, "`N` HiGHS instances solving at once, in [0, 2], each with its own copy of the LP (0: two for a\n"+
		"full-year roadmap when the machine has two cores or more, else one)")
	f.Float64Var(&pf.mipGap, "mip-gap", 0, fmt.Sprintf("with whole units (economics unit_… keys): stop within this relative `GAP` of the best whole design,\n"+
		"in [0, 1) (0: %g)", highs.DefaultMIPGap))
	f.BoolVar(&pf.asJSON, "json", false, "print roadmap.json instead of the tables")
	f.StringVar(&pf.storageEnd, "storage-end", plan.Cyclic.String(), "`END` of the period for batteries and thermal stores: "+storageEndNames()+"; cyclic ends each with\n"+
		"what it started with (a free choice), valued starts each at initial_soc_fraction and credits what is\n"+
		"left at the end, as the dispatch does: on a short series, for checks that start where the park starts")
	f.BoolVar(&pf.staged, "staged", false, "build each stage on the design before it: near-zero-carbon adds at least what low-carbon's\n"+
		"design adds, zero-carbon at least what near-zero's adds (each stage's cheapest design on its own\n"+
		"may have less of a technology than the stage before); the additions table gets a step investment\n"+
		"column, roadmap.csv and roadmap.json each design's step_investment (the roadmap only)")
	if frontier {
		f.hide("staged")
	}
}

// check refuses flags out of range before anything is read.
func (pf *planFlags) check(frontier bool) error {
	if err := checkPeriodLength(pf.periodLength, pf.periodLengthSet, pf.periods); err != nil {
		return err
	}
	switch {
	case !(pf.margin >= 0 && pf.margin <= plan.MaxMargin):
		return badInputf("--margin %g: must be in [0, %g] (a fraction: 0.1 is 10 %%)", pf.margin, plan.MaxMargin)
	case pf.solvers < 0 || pf.solvers > plan.MaxSolvers:
		return badInputf("--solvers %d: must be in [0, %d] (0: chosen by the LP's size and the cores)", pf.solvers, plan.MaxSolvers)
	case pf.periods < 0:
		return badInputf("--periods %d: must be ≥ 0 (0: the full series)", pf.periods)
	case !(pf.mipGap >= 0 && pf.mipGap < 1):
		return badInputf("--mip-gap %g: must be in [0, 1) (a fraction: 0.001 is 0.1 %%; 0: %g)", pf.mipGap, highs.DefaultMIPGap)
	case pf.stageMargins != nil && frontier:
		return badInputf("--margin %s: a margin per stage applies to the roadmap (zeropark plan); plan frontier takes a number", stageMarginsText(pf.stageMargins))
	case pf.stageMargins != nil && pf.staged:
		return badInputf("--margin %s: with --staged each stage builds on the design before it, planned at one margin; give one number or auto", stageMarginsText(pf.stageMargins))
	case pf.marginAuto && frontier:
		return badInputf("--margin %s applies to the roadmap (zeropark plan), whose designs are re-run; plan frontier takes a number", autoMarginName)
	case pf.marginAuto && pf.noCheck:
		return badInputf("--margin %s searches for the margin at which the designs hold in operation, which --no-check does not run", autoMarginName)
	case pf.staged && frontier:
		return badInputf("--staged applies to the roadmap (zeropark plan), not to plan frontier")
	case pf.asJSON && frontier:
		// It printed roadmap.json alone, the frontier dropped (QA N4,
		// session 37): the frontier has no JSON, its points are frontier.csv.
		return badInputf("--json prints roadmap.json, which holds no frontier: give plan frontier --out DIR for frontier.csv " +
			"(and the roadmap's roadmap.json beside it), or zeropark plan --json for the roadmap alone")
	case pf.pointsSet && !frontier:
		return badInputf("--points %d: needs zeropark plan frontier (the roadmap has no points)", pf.points)
	case frontier && (pf.points < 2 || pf.points > plan.MaxFrontierPoints):
		return badInputf("--points %d: must be in [2, %d]", pf.points, plan.MaxFrontierPoints)
	case pf.shadowPrice && pf.noCheck:
		return badInputf("--carbon-price %s prices the operation checks, which --no-check skips", shadowPriceName)
	}
	if _, ok := pf.storage(); !ok {
		return badInputf("--storage-end %s: want %s", model.Quote(pf.storageEnd), storageEndNames())
	}
	if err := (highs.Options{Method: pf.method}).Validate(); err != nil {
		return badInputf("--method %s: want %s, %s or %s", model.Quote(pf.method), highs.MethodIPM, highs.MethodSimplex, highs.MethodChoose)
	}
	if pf.out == "" {
		return nil
	}
	if err := checkOutDir("--out", pf.out); err != nil {
		return err
	}
	// A file of the user's in --out is refused now, not after the solves.
	if err := results.CheckPlanDir(pf.out); err != nil {
		return outDirError(pf.out, err)
	}
	return nil
}

// options are the plan options of the study opened with cfg.
func (pf *planFlags) options(cfg dispatch.Config) plan.Options {
	o := scenario.PlanOptions(cfg)
	o.Margin, o.Periods, o.PeriodLength, o.Method, o.Solvers = pf.margin, pf.periods, pf.periodLength, pf.method, pf.solvers
	o.Slices, o.MIPGap, o.Staged = pf.slices, pf.mipGap, pf.staged
	o.Storage, _ = pf.storage() // checked by check
	switch {
	case pf.designPrice > 0: // --objective carbon: the checks have none
		o.CarbonPricePerTCO2e = pf.designPrice
	case !pf.shadowPrice:
		// A price given prices the designs as it prices the checks.
		o.CarbonPricePerTCO2e = cfg.CarbonPricePerTCO2e
	}
	if pf.points > 0 {
		o.FrontierPoints = pf.points
	}
	return o
}

// planFlagNames names the flag behind each plan.Options field.
var planFlagNames = map[string]string{
	"Options.Margin": "--margin", "Options.Periods": "--periods", "Options.PeriodLength": "--period-length", "Options.Slices": "--slices",
	"Options.FrontierPoints": "--points", "Options.Method": "--method", "Options.Solvers": "--solvers",
	"Options.Storage": "--storage-end", "Options.MIPGap": "--mip-gap", "Options.CarbonPricePerTCO2e": "--carbon-price",
}

// planInputError rewords a plan.InputError about an option as the flag
// that set it, naming the inputs.
func (st *planStudy) planInputError(err error) error {
	inputs := st.inputs
	var ie *plan.InputError
	if errors.As(err, &ie) {
		if flag, ok := planFlagNames[ie.Field]; ok {
			return badInputf("%s %v (%s): %s", flag, ie.Value, inputs, ie.Reason)
		}
	}
	if errors.Is(err, plan.ErrInvalid) || errors.Is(err, model.ErrInvalid) {
		return badInput(fmt.Errorf("%s: %w", inputs, err))
	}
	return err
}

func runPlan(e *env, args []string) error {
	switch {
	case len(args) > 0 && args[0] == "pathway":
		return e.subcommand("plan pathway", func() error { return runPathway(e, args[1:]) })
	case len(args) > 0 && args[0] == "frontier":
		return e.subcommand("plan frontier", func() error { return runPlanOrFrontier(e, args[1:], true) })
	}
	return runPlanOrFrontier(e, args, false)
}

// runPlanOrFrontier is `zeropark plan`, or with frontier `zeropark plan
// frontier`: they share their flags.
func runPlanOrFrontier(e *env, args []string, frontier bool) error {
	var (
		sf scenarioFlags
		pf planFlags
	)
	name, synopsis := "plan", "zeropark plan [--demo NAME | --park FILE --series FILE] [--margin F] [--periods N [--period-length D] | --slices N] [--out DIR] [flags]\n  zeropark plan frontier [the same flags] [--points N]\n  zeropark plan pathway [--milestones YEAR:STAGE,...] [--base-year Y] [--grid-carbon-decline F] [--capital-decline F] (see plan pathway --help)"
	if frontier {
		name, synopsis = "plan frontier", "zeropark plan frontier [--demo NAME | --park FILE --series FILE] [--points N] [--out DIR] [flags]"
	}
	f := newFlagSet(e, name, synopsis, planAbout(frontier))
	sf.add(f)
	if cp := f.Lookup("carbon-price"); cp != nil {
		// The flag is run's and sweep's too; under plan a number prices the
		// designs as well as the checks, and "shadow" is taken too.
		cp.Usage += ";\nunder plan, the designs too (each minimises its total cost + PRICE × its residual), or " + shadowPriceName +
			": each design's\nchecks at its own shadow carbon price (implies --objective cost), the designs priced at none"
		cp.Value = &shadowPriceFlag{price: &sf.carbonPrice, shadow: &pf.shadowPrice}
	}
	pf.add(f, frontier)
	if err := f.parse(args); err != nil {
		return err
	}
	if pf.shadowPrice {
		switch sf.objective {
		case "carbon":
			return badInputf("--carbon-price %s needs --objective cost: it runs each design's checks at least cost with the design's "+
				"shadow carbon price, and carbon first has no carbon price", shadowPriceName)
		case "":
			sf.objective = "cost"
		}
	}
	f.Visit(func(fl *flag.Flag) {
		pf.periodLengthSet = pf.periodLengthSet || fl.Name == "period-length"
		pf.pointsSet = pf.pointsSet || fl.Name == "points"
		pf.mipGapSet = pf.mipGapSet || fl.Name == "mip-gap"
	})
	if err := pf.check(frontier); err != nil {
		return err
	}
	// --objective too: with --carbon-price P the designs are sized at P
	// under either objective (below: carbon first leaves the checks
	// unpriced, cost prices them), so it sets only how the checks run
	// (QA, 2026-12-04: no warning, and the output byte for byte the same).
	if w := noCheckIdle(f, pf.noCheck, "horizon", "forecast", "objective"); w != "" {
		fmt.Fprintf(e.stderr, "zeropark %s: warning: %s\n", name, w)
	}
	if p := sf.carbonPrice.v; !frontier && !pf.shadowPrice && sf.objective == "carbon" && p > 0 {
		// The price sizes the designs; carbon first checks them unpriced.
		pf.designPrice, sf.carbonPrice = p, optFloat{}
	}
	if p := sf.carbonPrice.v; frontier && p > 0 {
		return badInputf("--carbon-price %g: plan frontier traces cost against carbon itself (its marginal cost per tCO2e at each point is "+
			"the carbon price that point answers); a price sizes the roadmap's designs (zeropark plan --carbon-price %g)", p, p)
	}
	s, cfg, err := sf.prepare()
	if err != nil {
		return err
	}
	st := &planStudy{e: e, s: s, cfg: cfg, sf: &sf, pf: &pf, frontier: frontier, name: name, inputs: sf.options().Inputs(s.Name)}
	return st.run()
}

// planStudy is one run of `zeropark plan`: the study, its flags and what
// has been solved so far.
type planStudy struct {
	e        *env
	s        *scenario.Scenario
	cfg      dispatch.Config
	sf       *scenarioFlags
	pf       *planFlags
	frontier bool
	name     string // the command's: "plan" or "plan frontier"
	inputs   string

	opt   plan.Options
	costs *model.CapacityCosts
	m     *plan.Model
	rm    *plan.Roadmap
	out   *results.Roadmap
	front []results.FrontierRow
	// fr is the frontier front was made from (nil: no frontier).
	fr *plan.Frontier
	// steps are one roadmap's progress steps (run sets them).
	steps roadmapSteps
	// full is the full-series Model of a frontier traced over
	// representative periods or slices (fullSeries makes it, run closes
	// it): its points are measured over it after the roadmap's designs.
	full *plan.Model
}

func (st *planStudy) run() error {
	costs, err := st.s.Park.CapacityCosts()
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", st.inputs, err))
	}
	st.costs, st.opt = costs, st.pf.options(st.cfg)
	// The caller's own requirement (already in the ledger): roadmap.json
	// and the Ledger line say the flag was given beside the file's.
	st.opt.RequireCleanShare = st.sf.requireCleanShare
	// Steps: the roadmap's solves (today's park and each stage; with
	// --staged each stage's staged step too: plan.RoadmapSolves), then
	// with --periods or --slices each design's evaluation over the full
	// series (fullSeries: today's park and one per stage), then per stage
	// its checks (or nothing), then the frontier's solves (its points,
	// the least residual and today's park). --margin auto repeats the
	// roadmap's steps each round.
	roadmap, checks, evals := plan.RoadmapSolves(st.opt.Staged), len(plan.RoadmapStages()), 0
	if st.reduced() {
		evals = 1 + len(plan.RoadmapStages())
	}
	st.steps = roadmapSteps{roadmap: roadmap, evals: evals, checks: checks}
	steps := roadmap + evals + checks
	if st.frontier {
		steps += plan.FrontierSolves(st.pf.points)
		if st.reduced() {
			steps += st.pf.points // each point over the full series
		}
	}
	cmd := "plan"
	if st.frontier {
		cmd = "plan frontier" // as its interrupt and errors name it (QA S, session 37: "zeropark plan: planning …")
	}
	update, note, end := st.e.progressNoted(cmd, "planning", "steps", unevenSteps, 1)
	if update == nil {
		update = func(int, int) {}
	}
	finish := sync.OnceFunc(end) // at the end, or on an early return
	defer finish()
	base := 0 // steps before the running solve's job
	st.opt.Progress = func(done, _ int) { update(base+done, steps) }
	st.opt.Working = workingNotes(note)
	defer func() {
		st.m.Close() // nil-safe; a margin search closes each round's
		if st.full != nil {
			st.full.Close()
		}
	}()
	var fullStats, stats plan.SolveStats
	switch {
	case st.pf.marginAuto:
		if fullStats, stats, err = st.autoMargin(update, note); err != nil {
			return err
		}
	case st.pf.stageMargins != nil:
		if fullStats, stats, err = st.stageMargins(update, note); err != nil {
			return err
		}
	default:
		if fullStats, err = st.roadmapRound(true, func(i int) { update(i, steps) }, note); err != nil {
			return err
		}
	}
	// The inputs once, on the roadmap kept (a search's rounds share them).
	if err := st.nameInputs(); err != nil {
		return err
	}
	if st.frontier {
		base = roadmap + evals + checks
		f, err := st.m.Frontier(st.pf.points)
		if err != nil {
			return st.planInputError(err)
		}
		st.fr, st.front = f, scenario.FrontierRows(f)
		for i := range st.front {
			st.front[i].Digests, st.front[i].Currency = st.out.Digests, st.out.Currency
		}
		if st.full != nil {
			base = roadmap + evals + checks + plan.FrontierSolves(st.pf.points)
			note("evaluating the frontier's points over the full series")
			fs, err := scenario.FrontierFullSeries(st.full, f, func(i int) { update(base+i+1, steps) })
			if err != nil {
				return fmt.Errorf("%s: evaluating the frontier's points over the full series: %w", st.inputs, err)
			}
			for i := range st.front {
				st.front[i].Full = fs[i]
			}
		}
	}
	// The designs' warnings (today's park shedding load or heat, a
	// settled schedule, a stage lost over the full series…) go to stderr
	// too, as the short-period one does: stdout may be a file nobody reads
	// to the end.
	for _, w := range results.RoadmapWarnings(st.out) {
		fmt.Fprintf(st.e.stderr, "zeropark %s: warning: %s\n", st.name, w)
	}
	if st.m != nil {
		stats = st.m.Stats() // the frontier's solves too
	}
	st.out.Solves, st.out.SolveSeconds = stats.Solves, stats.Seconds
	if r := st.out.Reduction; r != nil {
		r.FullSeriesSolves, r.FullSeriesSolveSeconds, r.FullSeriesColumns = fullStats.Solves, fullStats.Seconds, fullStats.Columns
	}
	finish()
	return st.write()
}

// roadmapSteps are the progress steps of one roadmap: its solves, the
// full-series evaluations of a reduced model's designs and the checks.
type roadmapSteps struct{ roadmap, evals, checks int }

func (r roadmapSteps) total() int { return r.roadmap + r.evals + r.checks }

// roadmapRound plans the roadmap at st.opt into st.m (which the caller
// closes), st.rm and st.out: the Model, its roadmap, with --periods or
// --slices each design over the full series, and the operation checks;
// done(i) after the i-th of its st.steps, note as it goes. first: the
// study's first round, which notes what concerns every round (a long
// series, a period length cutting the day). It returns the full-series
// Model's solve statistics.
func (st *planStudy) roadmapRound(first bool, done func(i int), note func(string)) (plan.SolveStats, error) {
	var err error
	if st.m, err = plan.New(st.s.Park, st.s.Series, st.opt); err != nil {
		return plan.SolveStats{}, st.planInputError(err)
	}
	if n := st.s.Series.Len; first && !st.reduced() && n > longSeriesSteps {
		fmt.Fprintf(st.e.stderr, "zeropark %s: note: %s steps over the full series: a multi-year or sub-hourly series planned in full "+
			"takes many times a year's time (README, \"Planning: what to build and buy\", its timings); --slices N (about 2016 for a year's length) "+
			"plans it within a per cent or two in seconds to minutes, the full series to decide\n", st.name, results.Grouped(float64(n), 0))
	}
	if l := st.opt.PeriodLength; first && st.opt.Periods > 0 && l%(24*time.Hour) != 0 {
		fmt.Fprintf(st.e.stderr, "zeropark %s: note: --period-length %v is not a whole number of days: the representative periods start "+
			"at different hours of the day and are clustered without regard to the hour, so a period stands for others a few hours "+
			"out of phase with it (nights for mornings); the reduced model may be far off (its full-series evaluation says how far) — "+
			"24h or 168h keep the day whole\n", st.name, l)
	}
	keys := st.m.UnitKeys() // known only now: whether the economics buy whole units
	if first && st.pf.mipGapSet && keys == "" {
		fmt.Fprintf(st.e.stderr, "zeropark %s: warning: --mip-gap does nothing: the park's economics buy no whole units (no unit_… key), "+
			"so the plan is an LP, solved to optimality\n", st.name)
	}
	if st.pf.shadowPrice && keys != "" {
		return plan.SolveStats{}, badInputf("--carbon-price %s (%s): the park's economics buy whole units (%s), a mixed-integer program, "+
			"whose designs have no shadow carbon price; give the checks a price in %s/tCO2e instead", shadowPriceName, st.inputs, keys, st.costs.Currency)
	}
	if st.rm, err = st.m.Roadmap(); err != nil {
		return plan.SolveStats{}, st.planInputError(err)
	}
	st.out = scenario.RoadmapResult(st.rm, st.opt, st.costs, st.m.Stats())
	if warn := results.ShortPeriodWarning(st.out); first && warn != "" {
		fmt.Fprintf(st.e.stderr, "zeropark %s: warning: %s\n", st.name, warn)
	}
	if st.reduced() {
		note("evaluating the designs over the full series")
	}
	fullStats, err := st.fullSeries(func(i int) { done(st.steps.roadmap + i + 1) })
	if err != nil {
		return plan.SolveStats{}, err
	}
	if err := st.checks(note, func(i int) { done(st.steps.roadmap + st.steps.evals + i) }); err != nil {
		return plan.SolveStats{}, err
	}
	note("")
	return fullStats, nil
}

// nameInputs records the park and its files (or demo) in the roadmap,
// with their digests.
func (st *planStudy) nameInputs() error {
	st.out.Park = st.s.Park.Name
	if st.sf.park != "" {
		st.out.ParkFile, st.out.SeriesFile = st.sf.park, st.sf.series
	} else {
		st.out.Demo = st.s.Name
	}
	st.out.ZeroparkVersion = buildinfo.Stamp()
	var err error
	st.out.Digests, err = st.s.Digests()
	return err
}

// designs are the roadmap's designs, today's park first, in the order of
// the roadmap's rows; nil for a stage out of reach.
func (st *planStudy) designs() []*plan.Design {
	return append([]*plan.Design{st.rm.Today}, st.rm.Stages...)
}

// fullDiagnoseMaxColumns is the largest full-series LP (columns) on which
// fullSeries diagnoses a design that misses its stage (how close the best
// operation comes: plan.Model.Evaluate); on a larger one it says only
// what the cheapest operation reaches (plan.Model.EvaluateUndiagnosed).
// An hourly year is about 88,000 columns (the Texas demo), and its
// diagnosis takes seconds; on a 15-minute year (350,420 columns) the
// diagnosis of one near-zero design ran more than nine minutes without
// finishing, where the whole plan over the full series takes seven
// (2026-12-02, by hand on the 2-vCPU machine).
const fullDiagnoseMaxColumns = 200_000

// longSeriesSteps: a full-series plan of more steps than a leap year's
// hours gets a note that slices are the quick look (README, "Planning:
// what to build and buy", has the measured times). A variable so that a test can
// lower it.
var longSeriesSteps = 8784

// reduced reports whether the plan is solved over representative periods
// or chronological slices (then fullSeries evaluates its designs).
func (st *planStudy) reduced() bool { return st.opt.Periods > 0 || st.opt.Slices > 0 }

// fullSeries evaluates each design over the full series when the plan was
// solved over representative periods or chronological slices, calling
// done(i) after the i-th design (today's park first, then the stages'),
// and returns the full-series Model's solve statistics.
func (st *planStudy) fullSeries(done func(i int)) (plan.SolveStats, error) {
	if !st.reduced() {
		return plan.SolveStats{}, nil
	}
	o := st.opt
	o.Periods, o.Slices, o.Progress, o.Working = 0, 0, nil, nil
	full, err := plan.New(st.s.Park, st.s.Series, o)
	if err != nil {
		return plan.SolveStats{}, st.planInputError(fmt.Errorf("the full series, for the reduced model's error: %w", err))
	}
	if st.frontier {
		// Kept for the frontier's points (run closes it).
		st.full = full
	} else {
		defer full.Close()
	}
	diagnose := full.Stats().Columns <= fullDiagnoseMaxColumns
	fs, err := scenario.FullSeriesResults(full, st.designs(), diagnose, done)
	if err != nil {
		return plan.SolveStats{}, fmt.Errorf("%s: evaluating the designs over the full series: %w", st.inputs, err)
	}
	for i, f := range fs {
		st.out.Rows[i].Full = f
	}
	return full.Stats(), nil
}

// checkOperation runs the operation checks of one design (a variable so
// that a test can count them).
var checkOperation = (*scenario.Scenario).CheckOperation

// checks re-runs every stage's design through the dispatch, unless
// --no-check, telling note which it runs; done(i) after the i-th stage. A
// roadmap plans one design for each stage and names it by its Target; an
// entry whose Target is another row's stage (the low-carbon entry that is
// near-zero's design, plan.Roadmap.Stages) is that design, a copy: it is
// not re-run, its row gets the checks of the first row holding the
// design, a copy.
func (st *planStudy) checks(note func(string), done func(i int)) error {
	st.out.ChecksAtShadowPrice = st.pf.shadowPrice
	stages := plan.RoadmapStages()
	checked := map[dispatch.Stage]int{} // design (by Target) → the row holding its checks
	for i, d := range st.rm.Stages {
		if d != nil && !st.pf.noCheck {
			if j, ok := checked[d.Target]; ok {
				st.out.Rows[1+i].Checks = slices.Clone(st.out.Rows[j].Checks)
				done(1 + i)
				continue
			}
			cfg := st.cfg
			if st.pf.shadowPrice {
				p := d.ShadowCarbonPricePerTCO2e
				if p == nil {
					return fmt.Errorf("--carbon-price %s: %s has no shadow carbon price (the solver gave no duals)", shadowPriceName, rowDesignName(stages[i], d))
				}
				cfg.Objective, cfg.CarbonPricePerTCO2e = dispatch.Cost, *p
			}
			note(fmt.Sprintf("checking %s in operation", rowDesignName(stages[i], d)))
			checks, err := checkOperation(st.s, d.Park, d.Target, cfg)
			if err != nil {
				return fmt.Errorf("operation check of %s: %w", rowDesignName(stages[i], d), err)
			}
			st.out.Rows[1+i].Checks = checks
			checked[d.Target] = 1 + i
			note("")
		}
		done(1 + i)
	}
	return nil
}

// workingNotes is a plan.Options.Working that keeps what each solver
// instance works on (one LP can take minutes) and notes them all, joined
// by "and" ("" when every instance is idle). plan calls it under one
// lock, never twice at once.
func workingNotes(note func(string)) func(instance int, what string) {
	var working [plan.MaxSolvers]string
	return func(instance int, what string) {
		working[instance] = what
		note(joinNonEmpty(working[:], " and "))
	}
}

// joinNonEmpty joins the strings of parts that are not empty with sep.
func joinNonEmpty(parts []string, sep string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// rowDesignName names the design d of the roadmap's row for stage: "the
// near-zero-carbon design", or, where the row holds a design planned for
// another stage, "the low-carbon row (the near-zero-carbon design)".
func rowDesignName(stage dispatch.Stage, d *plan.Design) string {
	if d.Target == stage {
		return fmt.Sprintf("the %s design", d.Target)
	}
	return fmt.Sprintf("the %s row (the %s design)", stage, d.Target)
}

// write writes --out, then prints the roadmap (and frontier) and what
// was written. The files come first, so that a reader of the tables that
// stops early (plan --out DIR | head, which ends the process at its next
// write) still finds them; the tables are printed whether or not they
// could be written, and a failure to write is returned after them.
func (st *planStudy) write() error {
	e := st.e
	var out results.PlanOutput
	var werr error
	if st.pf.out != "" {
		out = results.PlanOutput{Roadmap: st.out, Parks: st.designParks(), Frontier: st.front, PointParks: st.pointParks(),
			Figures: []results.OutputFile{roadmapPNGFile(st.out)}}
		if st.front != nil {
			out.Figures = append(out.Figures, frontierFiles(st.front, st.out)...)
		}
		if werr = results.WritePlan(st.pf.out, out); errors.Is(werr, results.ErrOutput) {
			werr = badInput(fmt.Errorf("--out: %w", werr))
		}
	}
	if err := st.print(); err != nil {
		return errors.Join(werr, err)
	}
	if st.pf.out == "" || werr != nil {
		return werr
	}
	names := []string{results.RoadmapCSVFile, results.RoadmapJSONFile, results.RoadmapPNGFile}
	for _, s := range plan.RoadmapStages() {
		if out.Parks[s] != nil {
			names = append(names, results.DesignParkFile(s))
		}
	}
	if st.front != nil {
		names = append(names, results.FrontierCSVFile)
		if n := pointParkNames(st.front, out.PointParks); n != "" {
			names = append(names, n)
		}
		names = append(names, results.FrontierPNGFile, results.FrontierSVGFile)
	}
	w := e.stderr
	if !st.pf.asJSON {
		w = e.stdout
	}
	fmt.Fprintf(w, "\nwrote into %s: %s\n", st.pf.out, strings.Join(names, ", "))
	if note := periodMarketNote(st.out, out.Parks, out.PointParks); note != "" {
		fmt.Fprintln(w, note)
	}
	return nil
}

// pointParkNames names the point parks written, parks by point, in the
// order of the frontier's rows: each file, or, where every point from 0
// has one and there are more than three, the first and the last
// ("park-point-0.json … park-point-10.json"); "" for none.
func pointParkNames(rows []results.FrontierRow, parks map[int]*model.Park) string {
	var names []string
	for _, r := range rows {
		if parks[r.Point] != nil {
			names = append(names, results.FrontierPointParkFile(r.Point))
		}
	}
	if n := len(names); n > 3 && n == len(rows) && rows[0].Point == 0 && rows[n-1].Point == n-1 {
		return names[0] + " … " + names[n-1]
	}
	return strings.Join(names, ", ")
}

// print prints the roadmap (and frontier), as a table or as JSON.
func (st *planStudy) print() error {
	e := st.e
	if st.pf.asJSON {
		return e.printed(results.WriteRoadmapJSON(e.stdout, st.out))
	}
	if err := results.WriteRoadmap(e.stdout, st.out); err != nil {
		return e.printed(err)
	}
	if st.front != nil {
		if err := results.WriteFrontier(e.stdout, st.front, st.out.Currency, st.out.Heat); err != nil {
			return e.printed(err)
		}
	}
	return nil
}

// periodMarketNote says, when a design park's market holds offsets or
// certificates and the period is not one year of 8760 h, that they are
// the period's (held and bought: the tables' a year × the period's
// years), so that the park re-run over one year of a two-year series, or
// over a year after a plan of weeks, is not judged with twice or a
// twelfth of what it needs; "" otherwise.
func periodMarketNote(rm *results.Roadmap, parks map[dispatch.Stage]*model.Park, pointParks map[int]*model.Park) string {
	hours := rm.PeriodHours()
	if !(hours > 0) || math.Abs(hours-results.HoursPerYear) < 1e-9 {
		return ""
	}
	holds := func(p *model.Park) bool {
		return p != nil && p.Market != nil && (p.Market.OffsetsHeldTCO2e > 0 || p.Market.CertificatesHeldMWh > 0)
	}
	var holding []string
	for _, s := range plan.RoadmapStages() {
		if holds(parks[s]) {
			holding = append(holding, results.DesignParkFile(s))
		}
	}
	// A frontier point buys nothing; its park holds what the park
	// planned holds (for the period, as a stage's does).
	points, one := 0, 0
	for k, p := range pointParks {
		if holds(p) {
			points, one = points+1, k
		}
	}
	switch points {
	case 0:
	case 1:
		holding = append(holding, results.FrontierPointParkFile(one))
	default:
		holding = append(holding, "the frontier points' park-point-K.json")
	}
	if len(holding) == 0 {
		return ""
	}
	verb := "holds in its market"
	if len(holding) > 1 || points > 1 {
		verb = "hold in their markets"
	}
	return fmt.Sprintf("  %s %s the offsets and certificates (held and bought) for the period planned, %s h "+
		"(%s years; the tables are per year): re-run over the same series and period",
		strings.Join(holding, ", "), verb, results.Grouped(hours, 0), strconv.FormatFloat(hours/results.HoursPerYear, 'g', 4, 64))
}

// designParks are the parks of the stages solved, each under its
// roadmap stage and named after the stage its design was planned for
// (near-zero-carbon's where low-carbon's entry is near-zero's design:
// plan.Roadmap). A design whose settled schedule falls below its target
// (its warnings say so) has none: park-<stage>.json would claim a stage
// the park does not reach.
func (st *planStudy) designParks() map[dispatch.Stage]*model.Park {
	parks := map[dispatch.Stage]*model.Park{}
	stages := plan.RoadmapStages()
	for i, d := range st.rm.Stages {
		if d == nil || !d.Stage.Reaches(d.Target) {
			continue
		}
		parks[stages[i]] = namedDesignPark(d, fmt.Sprintf("%s design", d.Target))
	}
	return parks
}

// namedDesignPark is a copy of design d's park named "<today's park> —
// what": designParkBase's name, so that a design park planned again is
// named after its new design alone.
func namedDesignPark(d *plan.Design, what string) *model.Park {
	p := *d.Park
	p.Name = fmt.Sprintf("%s — %s", designParkBase(p.Name), what)
	return &p
}

// pointParks are the parks of the frontier's points by point, as
// designParks makes the stages': each named after its point and its
// residual bound ("… — frontier point 3 (residual ≤ 834.7 tCO2e a
// year)"; point 0, solved with no bound, "… — frontier point 0 (the
// cheapest design, no bound on the residual)"), the clean share carried
// as the frontier judged it (plan.FrontierPoint.Design). A point whose
// design was settled (a battery charged and discharged at once: its
// warnings say so) with its residual above the point's bound has none, as
// a stage's design settled below its stage has none: park-point-K.json
// would stand for a bound its park does not keep. nil without a
// frontier.
func (st *planStudy) pointParks() map[int]*model.Park {
	if st.fr == nil {
		return nil
	}
	parks := map[int]*model.Park{}
	for i, pt := range st.fr.Points {
		d := pt.Design
		if d == nil || i > 0 && d.AtOnceIntervals > 0 && d.ResidualTCO2ePerYear > pt.EpsilonTCO2ePerYear {
			continue
		}
		what := fmt.Sprintf("frontier point %d (residual ≤ %s tCO2e a year)", i, results.GroupedNonZero(pt.EpsilonTCO2ePerYear, 1))
		if i == 0 {
			what = "frontier point 0 (the cheapest design, no bound on the residual)"
		}
		parks[i] = namedDesignPark(d, what)
	}
	return parks
}

// designParkBase is name without the " — <stage> design" a plan gave it
// (" — <year> <stage> design" a pathway): planned again, a design park is
// named after its new design, not after both ("… — zero-carbon design —
// zero-carbon design", QA P, session 39).
func designParkBase(name string) string {
	// A frontier point's: " — frontier point 3 (residual ≤ …)".
	if i := strings.LastIndex(name, " — frontier point "); i >= 0 && strings.HasSuffix(name, ")") {
		return name[:i]
	}
	for _, s := range dispatch.Stages() {
		base, ok := strings.CutSuffix(name, fmt.Sprintf(" %s design", s))
		if !ok {
			continue
		}
		if b, ok := strings.CutSuffix(base, " —"); ok {
			return b
		}
		// A pathway's milestone: " — 2030 near-zero-carbon design".
		if i := strings.LastIndex(base, " — "); i >= 0 {
			if y := base[i+len(" — "):]; len(y) == 4 && strings.Trim(y, "0123456789") == "" {
				return base[:i]
			}
		}
	}
	return name
}

// roadmapPNGFile is roadmap.png: the roadmap's designs as stacked bars
// of their annual cost, as 'zeropark plot roadmap' draws them from
// roadmap.json.
func roadmapPNGFile(rm *results.Roadmap) results.OutputFile {
	return results.OutputFile{Name: results.RoadmapPNGFile, Write: func(w io.Writer) error {
		fig, err := plots.RoadmapCosts(rm, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", results.RoadmapPNGFile, err)
		}
		_, err = fig.WriteTo(w, plots.PNG)
		return err
	}}
}

// frontierFiles are frontier.png and frontier.svg of frontier rows
// beside roadmap rm, drawn once for both.
func frontierFiles(rows []results.FrontierRow, rm *results.Roadmap) []results.OutputFile {
	return figureFiles(results.FrontierPNGFile, results.FrontierSVGFile, func() (*plots.Figure, error) {
		return frontierFigure(rows, rm)
	})
}

// frontierFigure draws frontier rows beside roadmap rm: its designs
// marked (plots.FrontierMarkers), its park and currency named, the stage
// regions at its thresholds (plots.FrontierThresholdsOf; at the points
// where it gives none), its period in the caption when shorter than a
// year: what plan frontier writes and plot frontier re-draws from the
// files.
func frontierFigure(rows []results.FrontierRow, rm *results.Roadmap) (*plots.Figure, error) {
	opt := &plots.FrontierOptions{Park: rm.Park, Currency: rm.Currency, Thresholds: plots.FrontierThresholdsOf(rm), PeriodHours: rm.PeriodHours()}
	return plots.CostCarbonFrontier(rows, plots.FrontierMarkers(rm), opt)
}

// checkPeriodLength refuses a --period-length that is not positive, or
// given (set) without --periods: the checks plan, plan frontier and plan
// pathway share.
func checkPeriodLength(length time.Duration, set bool, periods int) error {
	switch {
	case length <= 0:
		return badInputf("--period-length %v: must be positive (e.g. 24h, 168h)", length)
	case set && periods == 0:
		return badInputf("--period-length %v: needs --periods N (it is the length of a representative period)", length)
	}
	return nil
}
