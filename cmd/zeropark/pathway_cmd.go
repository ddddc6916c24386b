package main

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// pathwayAbout is the description of `zeropark plan pathway --help`.
func pathwayAbout() string {
	return `Plan what to build when: milestone by milestone with myopic foresight, each
milestone the cheapest design reaching its stage on the park the milestone
before it built (what was built is existing capacity, sunk), with that
year's grid carbon factors (dispatch signal and accounting factor × (1 −
decline)^(year − base year)) and capital costs (× (1 − decline)^(year − base
year)). Fixed O&M, energy, fuel, offset and certificate prices stay as the
park file gives them; one weather and load year is repeated at every
milestone, every electric and heat load × (1 + growth)^(year − base year)
with --load-growth; nothing retires. --carbon-price P sizes each milestone
at an internal carbon price, P in the base year × (1 + growth)^(year − base
year) with --carbon-price-growth: its design minimises its total + that
price × its residual (today's park is operated at it); the costs and the
present value stay what is paid, the carbon at the price apart
(pathway.csv's carbon_cost_per_year).

The table gives, per milestone, what it adds, what is built in all, the
step's investment (gross) and incentives at that year's prices, and the cost
a year of the pathway at that milestone = this step (its annuity and fixed
O&M) + earlier steps (theirs) + operation (energy, fuel, demand charges,
wear, offsets and certificates, net of export revenue: below zero when
exports earn more). A milestone out of reach ends the pathway, with why:
what binds (on a park with heat, whether the grid import or the heat side),
on the park as built by the milestone before it.

--base-year defaults to the park's economics.cost_year (required when the
park file has none); --milestones defaults to low-carbon at base+1,
near-zero-carbon at base+4, zero-carbon at base+9. Years from ` + strconv.Itoa(results.PathwayFirstYear) + ` to
` + strconv.Itoa(results.PathwayLastYear) + `. With --periods (and --period-length) or --slices each milestone is
solved over the reduced model only, and every cost, residual and the
present value are the reduced model's (no full-series evaluation: plan
gives one and its cost error, the pathway does not).

Each milestone is sized and judged against the park file's stage_thresholds
(or zeropark's defaults); where the park file's stage_thresholds_by_year
stages them, against those with the keys of the last entry of a year at or
before the milestone's laid over them, which its park-YEAR.json carries as
its stage_thresholds (README: "Thresholds staged by year").

Unless --no-check, each milestone's design is re-run through the dispatch
over the series at its year's grid and loads, under perfect foresight and
the rolling horizon with forecasts (--horizon, --forecast and --objective
set how), and the table says whether it holds its stage and by what
margin, as zeropark plan says of its designs (pathway.csv: perfect_… and
mpc_… columns). --margin auto plans the pathway again until it finds the
least margin (on a grid of 0.01) at which every milestone holds, one
margin for all as each is built on the one before (zeropark plan --help
says how it searches), with a table of the rounds (pathway.json:
margin_search).

Below the table: the pathway's present value over economics.analysis_years
(default 25) from the base year + 1 at economics.discount_rate: each year
pays the cost a year of the milestone in force (today's park's before the
first), discounted to the base year, against today's park kept as it is; and
the same years as cash flows (each step's capital paid as its year begins,
renewed at the end of its life, the life left at the period's end credited).

--out DIR writes pathway.csv and pathway.json, pathway.png and pathway.svg
(one figure: above, what is built in all of each technology by year;
below, the cost a year of the pathway beside today's park kept as it is,
the present values in the caption; 'zeropark plot pathway --in DIR' draws
it again from pathway.json) and park-YEAR.json, each milestone's park, ready for zeropark run:
its year's capital costs, the park file's own grid carbon signals (not the
year's), its market holding the offsets and certificates held and bought for
the period.

pathway.csv's columns, in order:
` + results.ColumnsText(results.PathwayColumnDocs(), "    ")
}

// pathwayFlags are the flags of `zeropark plan pathway` beyond the
// scenario's.
type pathwayFlags struct {
	milestones           string
	baseYear             int
	gridDecline, capDecl float64
	loadGrowth           float64
	// carbonGrowth is --carbon-price-growth: plan.Trends.CarbonPriceGrowthPerYear.
	carbonGrowth         float64
	margin               float64
	periods, slices      int
	periodLength         time.Duration
	out                  string
	baseYearSet, msGiven bool
	// noCheck is --no-check: no milestone re-run through the dispatch.
	noCheck bool
	// marginAuto is --margin auto: the least margin at which every
	// milestone holds in operation, searched for (pathwayMarginSearch).
	marginAuto bool
}

func runPathway(e *env, args []string) error {
	var (
		sf scenarioFlags
		pf pathwayFlags
	)
	f := newFlagSet(e, "plan pathway", "zeropark plan pathway [--demo NAME | --park FILE --series FILE] [--milestones 2027:low-carbon,2030:near-zero-carbon,...] "+
		"[--base-year Y] [--grid-carbon-decline F] [--capital-decline F] [--load-growth F] [--periods N | --slices N] [--out DIR]", pathwayAbout())
	sf.add(f)
	f.StringVar(&pf.milestones, "milestones", "", "`LIST` of YEAR:STAGE, comma-separated, years increasing, stages never falling\n"+
		"(default: low-carbon at base+1, near-zero-carbon at base+4, zero-carbon at base+9)")
	f.IntVar(&pf.baseYear, "base-year", 0, "`YEAR` the park file's figures are of (default: economics.cost_year)")
	f.Float64Var(&pf.gridDecline, "grid-carbon-decline", 0, "grid carbon factors fall by this `FRACTION` a year, in [0, 1)")
	f.Float64Var(&pf.capDecl, "capital-decline", 0, "capital costs fall by this `FRACTION` a year, in [0, 1)")
	f.Float64Var(&pf.carbonGrowth, "carbon-price-growth", 0, fmt.Sprintf("with --carbon-price, the price changes by this `FRACTION` a year from the base year's, in [%g, %g]",
		-plan.MaxCarbonPriceGrowth, plan.MaxCarbonPriceGrowth))
	f.Float64Var(&pf.loadGrowth, "load-growth", 0, fmt.Sprintf("every load grows by this `FRACTION` a year (negative: falls), in [%g, %g]", -plan.MaxLoadGrowth, plan.MaxLoadGrowth))
	f.Var(&marginFlag{v: &pf.margin, auto: &pf.marginAuto}, "margin", fmt.Sprintf("size against stricter targets: every stage limit × (1 − `FRACTION`), in [0, %g]; or %s: the least\n"+
		"margin (to 0.01) at which every milestone holds in operation, found by planning again", plan.MaxMargin, autoMarginName))
	f.IntVar(&pf.periods, "periods", 0, "solve each milestone over `N` representative periods, days by default (0: the full series)")
	f.DurationVar(&pf.periodLength, "period-length", plan.DefaultPeriodLength, "`LENGTH` of a representative period with --periods: 24h for typical days, 168h for typical weeks")
	f.IntVar(&pf.slices, "slices", 0, "solve each milestone over the full series cut into `N` chronological slices (0: none)")
	f.StringVar(&pf.out, "out", "", "write pathway.csv, pathway.json, pathway.png, pathway.svg and park-YEAR.json into `DIR` (created if missing)")
	f.BoolVar(&pf.noCheck, "no-check", false, "skip re-running each milestone's design through the dispatch at its year's grid")
	if err := f.parse(args); err != nil {
		return err
	}
	periodLengthSet := false
	f.Visit(func(fl *flag.Flag) {
		pf.baseYearSet = pf.baseYearSet || fl.Name == "base-year"
		pf.msGiven = pf.msGiven || fl.Name == "milestones"
		periodLengthSet = periodLengthSet || fl.Name == "period-length"
	})
	if w := noCheckIdle(f, pf.noCheck, "horizon", "forecast", "objective"); w != "" {
		fmt.Fprintf(e.stderr, "zeropark plan pathway: warning: %s\n", w)
		// Idle (a warning comes only with --no-check), so not held against
		// --carbon-price either, which sizes the milestones whatever the
		// objective (QA, 2026-12-04: the warning, then "--carbon-price 100
		// needs --objective cost").
		sf.objective = ""
	}
	if err := checkPeriodLength(pf.periodLength, periodLengthSet, pf.periods); err != nil {
		return err
	}
	switch {
	case pf.marginAuto && pf.noCheck:
		return badInputf("--margin %s searches for the margin at which the milestones hold in operation, which --no-check does not run", autoMarginName)
	case !(pf.margin >= 0 && pf.margin <= plan.MaxMargin):
		return badInputf("--margin %g: must be in [0, %g] (a fraction: 0.1 is 10 %%)", pf.margin, plan.MaxMargin)
	case !(pf.gridDecline >= 0 && pf.gridDecline < 1):
		return badInputf("--grid-carbon-decline %g: must be in [0, 1) (a fraction a year: 0.04 is 4 %% a year)", pf.gridDecline)
	case !(pf.capDecl >= 0 && pf.capDecl < 1):
		return badInputf("--capital-decline %g: must be in [0, 1) (a fraction a year: 0.02 is 2 %% a year)", pf.capDecl)
	case !(pf.carbonGrowth >= -plan.MaxCarbonPriceGrowth && pf.carbonGrowth <= plan.MaxCarbonPriceGrowth):
		return badInputf("--carbon-price-growth %g: must be in [%g, %g] (a fraction a year: 0.05 is 5 %% a year)", pf.carbonGrowth, -plan.MaxCarbonPriceGrowth, plan.MaxCarbonPriceGrowth)
	case pf.carbonGrowth != 0 && !(sf.carbonPrice.v > 0):
		return badInputf("--carbon-price-growth %g: needs --carbon-price, the base year's price it grows from", pf.carbonGrowth)
	case !(pf.loadGrowth >= -plan.MaxLoadGrowth && pf.loadGrowth <= plan.MaxLoadGrowth):
		return badInputf("--load-growth %g: must be in [%g, %g] (a fraction a year: 0.03 is 3 %% a year)", pf.loadGrowth, -plan.MaxLoadGrowth, plan.MaxLoadGrowth)
	case pf.periods < 0:
		return badInputf("--periods %d: must be ≥ 0 (0: the full series)", pf.periods)
	case pf.slices < 0:
		return badInputf("--slices %d: must be ≥ 0 (0: none)", pf.slices)
	case pf.periods > 0 && pf.slices > 0:
		return badInputf("--periods %d and --slices %d: one or the other", pf.periods, pf.slices)
	case pf.baseYearSet && (pf.baseYear < results.PathwayFirstYear || pf.baseYear > results.PathwayLastYear):
		return badInputf("--base-year %d: must be from %d to %d", pf.baseYear, results.PathwayFirstYear, results.PathwayLastYear)
	}
	var ms []plan.Milestone
	if pf.msGiven {
		var err error
		if ms, err = parseMilestones(pf.milestones); err != nil {
			return err
		}
	}
	if pf.out != "" {
		if err := checkOutDir("--out", pf.out); err != nil {
			return err
		}
		if err := results.CheckPathwayDir(pf.out); err != nil {
			return outDirError(pf.out, err)
		}
	}
	s, cfg, err := sf.prepare()
	if err != nil {
		return err
	}
	inputs := sf.options().Inputs(s.Name)
	costs, err := s.Park.CapacityCosts()
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", inputs, err))
	}
	if !pf.baseYearSet {
		if costs.CostYear == 0 {
			return badInputf("--base-year: needed (%s): the park file's economics give no cost_year, the year its figures are of", inputs)
		}
		pf.baseYear = costs.CostYear
		// economics.cost_year may be 1900–2200; a pathway's years are
		// those --base-year takes (a base year of 1995 wrote
		// park-1996.json, which the next run into the same --out refused
		// as not its own).
		if pf.baseYear < results.PathwayFirstYear || pf.baseYear > results.PathwayLastYear {
			return badInputf("--base-year: needed (%s): the park file's economics.cost_year %d is outside %d to %d, the years a pathway runs over",
				inputs, pf.baseYear, results.PathwayFirstYear, results.PathwayLastYear)
		}
	}
	if !pf.msGiven {
		y := pf.baseYear
		ms = []plan.Milestone{{Year: y + 1, Target: dispatch.LowCarbon}, {Year: y + 4, Target: dispatch.NearZeroCarbon}, {Year: y + 9, Target: dispatch.ZeroCarbon}}
	}
	tr := plan.Trends{BaseYear: pf.baseYear, GridCarbonDeclinePerYear: pf.gridDecline, CapitalCostDeclinePerYear: pf.capDecl,
		LoadGrowthPerYear: pf.loadGrowth, CarbonPriceGrowthPerYear: pf.carbonGrowth}
	for _, m := range ms {
		if m.Year > results.PathwayLastYear {
			if !pf.msGiven { // not the user's --milestones: the defaults from the base year
				return badInputf("--milestones: needed: the default milestones (base year %d + 1, 4 and 9 years) run to %d, past %d",
					pf.baseYear, ms[len(ms)-1].Year, results.PathwayLastYear)
			}
			return badInputf("--milestones: year %d: must be from %d to %d", m.Year, results.PathwayFirstYear, results.PathwayLastYear)
		}
	}
	if err := plan.CheckPathway(ms, tr); err != nil {
		var ie *plan.InputError
		if errors.As(err, &ie) && strings.HasSuffix(ie.Field, ".Year") {
			return badInputf("--milestones %s (--base-year %d): year %v: %s", pf.milestones, pf.baseYear, ie.Value, ie.Reason)
		}
		var i int
		if errors.As(err, &ie) && strings.HasSuffix(ie.Field, ".Target") {
			// The flag's words, not the Go field's (milestones[1].Target).
			if _, serr := fmt.Sscanf(ie.Field, "milestones[%d]", &i); serr == nil && i >= 0 && i < len(ms) {
				return badInputf("--milestones %s: %d:%s: %s", pf.milestones, ms[i].Year, ms[i].Target, ie.Reason)
			}
		}
		return badInputf("--milestones %s: %v", pf.milestones, err)
	}
	if err := checkPathwayCarbonPrices(cfg.CarbonPricePerTCO2e, tr, ms); err != nil {
		return err
	}
	opt := scenario.PlanOptions(cfg)
	opt.Margin, opt.Periods, opt.Slices = pf.margin, pf.periods, pf.slices
	opt.CarbonPricePerTCO2e = cfg.CarbonPricePerTCO2e // --carbon-price: the base year's
	// --require-clean-share stands over every stage_thresholds_by_year
	// entry, also where the park file's stage_thresholds requires it too.
	opt.RequireCleanShare = sf.requireCleanShare
	if pf.periods > 0 {
		opt.PeriodLength = pf.periodLength
	}
	var (
		res *plan.PathwayResult
		pw  *results.Pathway
	)
	if pf.marginAuto {
		res, pw, err = pathwayMarginSearch(e, s, cfg, opt, ms, tr, inputs, costs.Currency)
	} else {
		res, pw, err = planPathwayOnce(e, s, cfg, opt, ms, tr, inputs, costs.Currency, pf.noCheck, "")
	}
	if err != nil {
		return err
	}
	// The inputs' digests once, on the pathway kept (a search's rounds
	// share them).
	if pw.Digests, err = s.Digests(); err != nil {
		return err
	}
	if warn := results.ShortPeriodScaling(pw.PeriodHours()); warn != "" {
		fmt.Fprintf(e.stderr, "zeropark plan pathway: warning: %s\n", warn)
	}
	for _, r := range pw.Rows {
		for _, w := range r.Warnings {
			fmt.Fprintf(e.stderr, "zeropark plan pathway: warning: %d %s: %s\n", r.Year, r.Target, w)
		}
	}
	if pf.out == "" {
		return e.printed(results.WritePathwayTable(e.stdout, pw))
	}
	// The files first, then the table (as plan: a reader that stops early,
	// pathway --out DIR | head, still finds them), printed whether or not
	// they could be written.
	parks := map[int]*model.Park{}
	names := []string{results.PathwayCSVFile, results.PathwayJSONFile}
	var figures []results.OutputFile
	if slices.ContainsFunc(pw.Rows, func(r results.PathwayRow) bool { return r.Unreachable == "" }) {
		// PNG and SVG, as plan frontier writes frontier.png and
		// frontier.svg: the SVG for a slide, drawn once for both.
		names = append(names, results.PathwayPNGFile, results.PathwaySVGFile)
		figures = figureFiles(results.PathwayPNGFile, results.PathwaySVGFile, func() (*plots.Figure, error) {
			fig, err := plots.PathwayFigure(pw)
			if err != nil {
				return nil, fmt.Errorf("%s and %s: %w", results.PathwayPNGFile, results.PathwaySVGFile, err)
			}
			return fig, nil
		})
	}
	for _, st := range res.Steps {
		if st.Design != nil {
			// Named after its milestone, as a roadmap's design parks are
			// after their stage: each kept today's name, and the runs of
			// two milestones' parks read alike (QA P4, session 39).
			parks[st.Year] = namedDesignPark(st.Design, fmt.Sprintf("%d %s design", st.Year, st.Design.Target))
			names = append(names, results.PathwayParkFile(st.Year))
		}
	}
	werr := results.WritePathway(pf.out, pw, parks, figures...)
	if errors.Is(werr, results.ErrOutput) {
		werr = badInput(fmt.Errorf("--out: %w", werr))
	}
	if err := results.WritePathwayTable(e.stdout, pw); err != nil {
		return errors.Join(werr, e.printed(err))
	}
	if werr != nil {
		return werr
	}
	fmt.Fprintf(e.stdout, "\nwrote into %s: %s\n", pf.out, strings.Join(names, ", "))
	// A milestone's park keeps the park file's grid carbon (QA,
	// 2026-12-04: park-2036.json re-run as written missed the stage the
	// pathway planned for at 2036's grid): say so, with each year's factor.
	var scaled []string
	for _, st := range res.Steps {
		if st.Design != nil && st.GridCarbonFactor != 1 {
			scaled = append(scaled, fmt.Sprintf("%d × %s", st.Year, results.Significant(st.GridCarbonFactor, 3)))
		}
	}
	if len(scaled) > 0 {
		fmt.Fprintf(e.stdout, "  park-YEAR.json keep the park file's grid carbon signals: zeropark run on one runs the base year's grid, "+
			"not the one its milestone was planned for; scale its series' carbon columns (and constants) by the year's "+
			"grid_carbon_factor (pathway.csv: %s) to re-run the milestone.\n", strings.Join(scaled, ", "))
	}
	return nil
}

// planPathwayOnce plans the pathway at opt and, unless noCheck, re-runs
// each milestone's design (checkMilestones); round, when not empty, is
// said before what the progress notes (a margin search's round).
func planPathwayOnce(e *env, s *scenario.Scenario, cfg dispatch.Config, opt plan.Options, ms []plan.Milestone, tr plan.Trends,
	inputs, currency string, noCheck bool, round string) (*plan.PathwayResult, *results.Pathway, error) {
	update, note, end := e.progressNoted("plan pathway", "planning", "milestones", unevenSteps, 1)
	if update != nil {
		update(0, len(ms))
		opt.Progress = update
		opt.Working = func(_ int, what string) {
			if what != "" && round != "" {
				what = round + ": " + what
			}
			note(what)
		}
	}
	res, err := plan.Pathway(s.Park, s.Series, opt, ms, tr)
	end()
	if err != nil {
		if errors.Is(err, plan.ErrInvalid) || errors.Is(err, model.ErrInvalid) {
			return nil, nil, badInput(fmt.Errorf("%s: %w", inputs, err))
		}
		return nil, nil, err
	}
	pw := scenario.PathwayReport(res, opt, s.Park.Name, currency, len(ms))
	if !noCheck {
		if err := checkMilestones(e, s, cfg, res, pw, round); err != nil {
			return nil, nil, err
		}
	}
	return res, pw, nil
}

// pathwayMarginSearch is plan pathway --margin auto: the pathway planned
// and checked round after round at the margin scenario.NextMargin asks
// for, one search for every milestone (each built on the one before, as
// a staged roadmap's stages), and the pathway of the round
// scenario.KeepMargins keeps, its MarginSearch every round.
func pathwayMarginSearch(e *env, s *scenario.Scenario, cfg dispatch.Config, opt plan.Options, ms []plan.Milestone, tr plan.Trends,
	inputs, currency string) (*plan.PathwayResult, *results.Pathway, error) {
	var (
		rounds  []results.MarginRound
		ress    []*plan.PathwayResult
		pws     []*results.Pathway
		reached []string
	)
	for {
		m, ok := scenario.NextMargin(rounds, true)
		if !ok {
			break
		}
		opt.Margin = m
		res, pw, err := planPathwayOnce(e, s, cfg, opt, ms, tr, inputs, currency, false, fmt.Sprintf("margin %s (round %d)", marginText(m), len(rounds)+1))
		if err != nil {
			return nil, nil, err
		}
		if len(rounds) == 0 {
			reached = results.PathwayReached(pw)
		}
		rounds, ress, pws = append(rounds, results.PathwayMarginRoundOf(pw, reached)), append(ress, res), append(pws, pw)
	}
	k := 0
	if keep := scenario.KeepMargins(rounds, true); len(keep) > 0 {
		k = keep[0]
	}
	pws[k].MarginSearch = rounds
	return ress[k], pws[k], nil
}

// checkMilestones re-runs each milestone's design through the dispatch at
// its year's grid and loads (scenario.Scenario.CheckMilestone), under
// perfect foresight and the rolling horizon with forecasts, and records
// the checks in its row of pw.
func checkMilestones(e *env, s *scenario.Scenario, cfg dispatch.Config, res *plan.PathwayResult, pw *results.Pathway, round string) error {
	update, note, end := e.progressNoted("plan pathway", "checking", "milestones", unevenSteps, 1)
	defer end()
	if round != "" {
		round += ": "
	}
	for i := range res.Steps {
		st := &res.Steps[i]
		note(fmt.Sprintf("%sthe %d milestone's design", round, st.Year))
		checks, err := s.CheckMilestone(st, cfg)
		if err != nil {
			return fmt.Errorf("operation check of the %d %s milestone: %w", st.Year, st.Target, err)
		}
		pw.Rows[i].Checks = checks
		note("")
		if update != nil {
			update(i+1, len(res.Steps))
		}
	}
	return nil
}

// checkPathwayCarbonPrices refuses a --carbon-price that, grown by
// --carbon-price-growth, exceeds what the plan takes (model.MaxMagnitude
// a tCO2e) at some milestone, naming both flags, the year and the price,
// before anything is solved.
func checkPathwayCarbonPrices(price float64, tr plan.Trends, ms []plan.Milestone) error {
	growth := tr.CarbonPriceGrowthPerYear
	for _, m := range ms {
		n := m.Year - tr.BaseYear
		p := tr.CarbonPriceAt(price, m.Year)
		switch {
		case p <= model.MaxMagnitude:
		case growth == 0:
			return badInputf("--carbon-price %s: must be at most %s a tCO2e", model.Num(price), model.Num(model.MaxMagnitude))
		default:
			return badInputf("--carbon-price %g --carbon-price-growth %g: %d's price, %g × (1 + %g)^%d = %.4g a tCO2e, is above %g",
				price, growth, m.Year, price, growth, n, p, model.MaxMagnitude)
		}
	}
	return nil
}

// parseMilestones reads --milestones: YEAR:STAGE, comma-separated.
func parseMilestones(v string) ([]plan.Milestone, error) {
	var ms []plan.Milestone
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		ys, st, ok := strings.Cut(item, ":")
		y, err := strconv.Atoi(strings.TrimSpace(ys))
		if !ok || err != nil {
			return nil, badInputf("--milestones %s: %s is not YEAR:STAGE (e.g. 2030:near-zero-carbon)", model.Quote(v), model.Quote(item))
		}
		stage := dispatch.Stage(strings.TrimSpace(st))
		if stage.Rank() < 0 {
			return nil, badInputf("--milestones %s: stage %s: want one of %s", model.Quote(v), model.Quote(string(stage)), stageNames())
		}
		if y < results.PathwayFirstYear || y > results.PathwayLastYear {
			return nil, badInputf("--milestones %s: year %d: must be from %d to %d", model.Quote(v), y, results.PathwayFirstYear, results.PathwayLastYear)
		}
		ms = append(ms, plan.Milestone{Year: y, Target: stage})
	}
	return ms, nil
}

// stageNames are the stages, "conventional, low-carbon, …".
func stageNames() string {
	var s []string
	for _, st := range dispatch.Stages() {
		s = append(s, string(st))
	}
	return strings.Join(s, ", ")
}
