package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// plotCmd is `zeropark plot`.
var plotCmd = &command{
	name:    "plot",
	summary: "draw a week of dispatch (plot week), a sweep heat map (plot sweep), a plan's roadmap (plot roadmap), its frontier (plot frontier) or a pathway (plot pathway) as PNG or SVG",
	run:     runPlot,
}

// weekFiles are week.png and week.svg for `run --out` (runFiles): the 7
// days around the day of largest battery throughput (plots.BusiestWeek).
// The figure is drawn once for both files.
func weekFiles(s *scenario.Scenario, res *dispatch.Result) []results.OutputFile {
	return figureFiles(results.WeekPNGFile, results.WeekSVGFile, func() (*plots.Figure, error) {
		from := plots.BusiestWeek(res.Schedule, 7)
		return plots.DispatchWeek(s.Park, res.Schedule, from, 7, weekOptions(res.Policy))
	})
}

// figureFiles are a figure's PNG and SVG files; draw runs once, when the
// first of them is written.
func figureFiles(png, svg string, draw func() (*plots.Figure, error)) []results.OutputFile {
	var (
		once sync.Once
		fig  *plots.Figure
		err  error
	)
	file := func(name string, format plots.Format) results.OutputFile {
		return results.OutputFile{Name: name, Write: func(w io.Writer) error {
			once.Do(func() { fig, err = draw() })
			if err != nil {
				return err
			}
			_, err := fig.WriteTo(w, format)
			return err
		}}
	}
	return []results.OutputFile{file(png, plots.PNG), file(svg, plots.SVG)}
}

// weekOptions name policy pol in the week plot's title.
func weekOptions(pol dispatch.Policy) *plots.WeekOptions {
	return &plots.WeekOptions{Policy: pol, PolicyTitle: dispatch.Policies().Title(pol)}
}

const plotUsage = `Usage:
  zeropark plot week  [--demo NAME | --park FILE --series FILE] [--policy mpc]
                      [--from DATE] [--days 7] --out FILE.png|FILE.svg
  zeropark plot sweep --in RESULTS.csv --x PATH --y PATH [--fix PATH=VALUE]...
                      [--policy P] [--colour COLUMN] --out FILE.png|FILE.svg
  zeropark plot roadmap --in DIR/roadmap.json|DIR --out FILE.png|FILE.svg
  zeropark plot frontier --in DIR/frontier.csv|DIR --out FILE.png|FILE.svg
  zeropark plot pathway --in DIR/pathway.json|DIR --out FILE.png|FILE.svg

plot week dispatches the chosen days (plus a day before and a day after, so
the batteries start and end the week as they would in a longer run) and
draws four panels: the supply stack in kW (PV, wind, battery discharge,
grid import above zero; battery charge and export below; the load as a
line; curtailment pale), stored energy in kWh, grid carbon intensity in
kgCO2e/kWh and emissions per interval in kgCO2e. A park with heat gets a
heat panel too (the heat sources stacked in kW_th, the thermal stores'
charge below, the heat load as a line) and the heat stored in kWh_th, and
its emissions by source.

plot sweep reads a results file of 'zeropark sweep' and draws the offsets
needed (tCO2e; --colour total_cost_per_year: the cost per year) over two
varied parameters, each cell marked with its stage, the cheapest cell
reaching each stage outlined when the file holds costs.

plot roadmap reads roadmap.json of 'zeropark plan --out' and draws each
design (today's park, low-carbon, near-zero-carbon, zero-carbon) as a
stacked bar of its annual cost: capital, fixed O&M, operating (below zero
when negative), offsets and certificates bought, the net total marked;
under each bar what it adds and its residual tCO2e a year.

plot frontier reads frontier.csv of 'zeropark plan frontier --out' and the
roadmap.json beside it, and draws the cost-carbon frontier as plan frontier
does: total cost a year against the residual, stage regions shaded, today's
park and each roadmap design marked.

plot pathway reads pathway.json of 'zeropark plan pathway --out' and draws
the pathway as plan pathway does: what is built in all of each technology
by year, above the cost a year of the pathway beside today's park kept as
it is.

The format follows the extension of --out. 'zeropark plot week --help',
'zeropark plot sweep --help', 'zeropark plot roadmap --help',
'zeropark plot frontier --help' and 'zeropark plot pathway --help' list
the flags.
`

func runPlot(e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, plotUsage)
		return badInputf("name what to plot: week, sweep, roadmap, frontier or pathway")
	}
	switch args[0] {
	case "week":
		return runPlotWeek(e, args[1:])
	case "sweep":
		return runPlotSweep(e, args[1:])
	case "roadmap":
		return runPlotRoadmap(e, args[1:])
	case "frontier":
		return runPlotFrontier(e, args[1:])
	case "pathway":
		return runPlotPathway(e, args[1:])
	case "-h", "--help", "-help", "help":
		fmt.Fprint(e.stdout, plotUsage)
		return errHelpShown
	}
	fmt.Fprint(e.stderr, plotUsage)
	return badInputf("unknown plot %s: want week, sweep, roadmap, frontier or pathway", model.Quote(args[0]))
}

// checkOut rejects an --out whose extension names no image format, that
// is a directory or whose directory does not exist.
func checkOut(out string) error {
	if out == "" {
		return badInputf("--out FILE.png or FILE.svg is required")
	}
	if _, err := plots.FormatOf(out); err != nil {
		return badInputf("--out %s: want a .png or .svg file name", out)
	}
	return checkOutFile("--out", out)
}

func runPlotWeek(e *env, args []string) error {
	var sf scenarioFlags
	var policy, from, out string
	var days int
	f := newFlagSet(e, "plot week", "zeropark plot week [--demo NAME | --park FILE --series FILE] [--policy mpc] [--from DATE] [--days 7] --out FILE.png|FILE.svg", `
Dispatches the days drawn with a day before them and a day after (where the
series has them, so that the batteries enter and leave the days drawn as a
longer run would) under one policy, and draws the days from --from on:
supply stack (kW), stored energy (kWh), grid carbon intensity (kgCO2e/kWh)
and emissions per interval (kgCO2e). Without --from, the week centred on
the day with the largest renewable surplus (Σ max(PV + wind available −
load, 0), kWh) is drawn. The days are calendar days on the series' clock:
from local midnight of --from to local midnight --days later, so a week
across a clock change is 167 or 169 h. --demo NAME may replace --park and
--series (the default demo when none is named).`)
	sf.add(f)
	policyFlag(f, &policy)
	f.StringVar(&from, "from", "", "first day drawn, `DATE` as 2006-01-02 (in the series' time zone) or RFC 3339")
	f.IntVar(&days, "days", 7, "number of `DAYS` drawn, at most "+strconv.Itoa(maxWeekDays))
	f.StringVar(&out, "out", "", "image `FILE` to write: .png (1200 × 900 px; 1200 × 1250 for a park with heat) or .svg, in a directory that exists")
	if err := f.parse(args); err != nil {
		return err
	}
	pol, err := parsePolicy(policy)
	if err != nil {
		return err
	}
	for _, w := range idleFlags(f, pol) {
		fmt.Fprintf(e.stderr, "zeropark plot week: warning: %s\n", w)
	}
	if days < 1 {
		return badInputf("--days %d: must be at least 1", days)
	}
	if days > maxWeekDays {
		return badInputf("--days %d: must be at most %d (each interval is drawn: beyond a month the days' ticks and bars fuse; draw a longer period a month at a time)", days, maxWeekDays)
	}
	if err := checkOut(out); err != nil {
		return err
	}
	s, cfg, err := sf.prepare()
	if err != nil {
		return err
	}
	start, i0, i1, err := weekPeriod(s.Profiles, from, days)
	if err != nil {
		return err
	}
	update, finish := e.progress("plot week", string(pol), "intervals", evenSteps)
	cfg.Progress = update
	// Through the scenario, so mpc plans with forecasts as `run` does.
	res, err := s.Slice(i0, i1).Run(pol, cfg)
	finish()
	if err != nil {
		return fmt.Errorf("%s: %w", pol, err)
	}
	err = plots.SaveDispatchWeek(out, s.Park, res.Schedule, start, days, weekOptions(pol))
	if errors.Is(err, plots.ErrInput) {
		return badInput(err)
	}
	if err != nil {
		return err
	}
	// What the series covers of the days asked: the figure draws no more
	// (QA, December 2026: 5 days drawn, "7 days" said).
	end := s.Profiles.Start.Add(time.Duration(s.Profiles.Len) * s.Profiles.Step)
	// Calendar days on the series' clock: 167 or 169 h for a week across
	// a change of the clock (plots QA: a week from a spring-forward day
	// ran to 01:00 of the eighth day).
	asked := plots.WindowEnd(start, days)
	drawnFrom, drawnTo := start, asked
	if drawnFrom.Before(s.Profiles.Start) {
		drawnFrom = s.Profiles.Start
	}
	if drawnTo.After(end) {
		drawnTo = end
	}
	if drawnTo.Sub(drawnFrom) < asked.Sub(start) {
		fmt.Fprintf(e.stderr, "zeropark plot week: warning: the series covers %s h of the %d days asked, %s to %s\n",
			results.FormatNumber(drawnTo.Sub(drawnFrom).Hours()), days, drawnFrom.Format(time.RFC3339), drawnTo.Format(time.RFC3339))
	}
	// On the series' clock, as the figure's axis (--from in UTC was
	// printed in UTC: "13:30" for 07:30 on the axis; QA, 2026-12-04).
	loc := s.Profiles.Start.Location()
	fmt.Fprintf(e.stdout, "wrote %s (%s dispatch, %s, %s to %s)\n", out, pol, s.Park.Name,
		drawnFrom.In(loc).Format("2006-01-02 15:04"), drawnTo.In(loc).Format("2006-01-02 15:04"))
	return nil
}

// maxWeekDays is the most days plot week draws: every interval is a bar,
// and 400 days' ticks fused into black bars (QA, 2026-12-04).
const maxWeekDays = 31

// weekPeriod is the first day drawn — --from, or else that of the week
// centred on the day of largest renewable surplus (plots.SurplusWeek) — and the intervals [i0, i1) of prof
// to dispatch: from a day before it, so that the batteries enter the drawn
// days in a state a longer run would have left them in, to a day after
// the last day drawn, so that they leave it as a longer run would. A
// period outside the series is bad input.
func weekPeriod(prof *model.Profiles, from string, days int) (start time.Time, i0, i1 int, err error) {
	end := prof.Start.Add(time.Duration(prof.Len) * prof.Step)
	if from == "" {
		start = plots.SurplusWeek(prof, days)
	} else if start, err = parseDay(from, prof.Start.Location()); err != nil {
		return start, 0, 0, badInputf("--from %s: %v", model.Quote(from), err)
	}
	stop := plots.WindowEnd(start, days)
	if !start.Before(end) || !stop.After(prof.Start) {
		return start, 0, 0, badInputf("--from %s --days %d: outside the series period %s to %s", start.Format("2006-01-02"), days,
			prof.Start.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	if off := (start.Sub(prof.Start)%prof.Step + prof.Step) % prof.Step; off != 0 {
		// Mid-interval: the figure starts at an interval, so it drew
		// from the next one while the message said --from (QA,
		// 2026-12-04: 07:30 drawn from 08:00).
		loc := prof.Start.Location()
		return start, 0, 0, badInputf("--from %s: not the start of an interval of the series (steps of %v from %s): give %s or %s",
			model.Quote(from), prof.Step, prof.Start.Format(time.RFC3339), start.Add(-off).In(loc).Format(time.RFC3339),
			start.Add(prof.Step-off).In(loc).Format(time.RFC3339))
	}
	index := func(t time.Time) int {
		d := t.Sub(prof.Start)
		if d <= 0 {
			return 0
		}
		return min(int((d+prof.Step-1)/prof.Step), prof.Len)
	}
	// A day after too, where the series has it: the last hours drawn are
	// then planned as a longer run plans them, not as the end of a period
	// (new-user QA, 2026-12-04: the battery charged 480 kW in the last hour
	// drawn, which the year's run did not).
	i0, i1 = index(start.AddDate(0, 0, -1)), index(stop.AddDate(0, 0, 1))
	if i1 <= i0 {
		return start, 0, 0, badInputf("--from %s --days %d: no intervals of the series fall in that period", start.Format("2006-01-02"), days)
	}
	return start, i0, i1, nil
}

// parseDay reads a date (midnight in loc) or an RFC 3339 time.
func parseDay(v string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	t, err := model.ParseRFC3339(v)
	if err != nil {
		return time.Time{}, errors.New("want a date as 2006-01-02 or an RFC 3339 time")
	}
	return t, nil
}

// fixFlags collects repeated --fix PATH=VALUE.
type fixFlags map[string]float64

func (f fixFlags) String() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + results.FormatLimit(f[k])
	}
	return strings.Join(parts, ",")
}

func (f fixFlags) Set(v string) error {
	name, val, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("%q: want PATH=VALUE, e.g. grid.import_limit_kw=500", v)
	}
	x, err := results.ParseLimit(val)
	if err != nil {
		return fmt.Errorf("%q: value %q is not a number (or %s)", v, val, results.Unlimited)
	}
	f[name] = x
	return nil
}

func runPlotSweep(e *env, args []string) error {
	var in, x, y, policy, out, colour string
	fix := fixFlags{}
	f := newFlagSet(e, "plot sweep", "zeropark plot sweep --in RESULTS.csv --x PATH --y PATH [--fix PATH=VALUE]... [--policy P] [--colour COLUMN] --out FILE.png|FILE.svg", `
Draws the residual to offset (offsets_needed_tco2e, tCO2e, colour: beyond
the offsets held, over the sweep's simulated period — a year's only when
it is a year; the colour bar and title say which; buying them reaches net
zero only where near-zero-carbon's indicators are met, and the title says
when no cell can) over two parameters of a
sweep results file, one cell per combination, marked with its stage (Z zero-carbon, N near-zero-carbon, L low-carbon, C conventional)
and with thick lines where the stage changes. Parameter columns are the
--vary paths: the columns between `+results.ColCombination+` and the first design
column; the file must also hold `+results.ColOffsetsNeededTCO2e+` and `+results.ColStage+`.
When more than two parameters vary, each other one is held at its --fix
value, or else at its value in the combination with the lowest value of
the --colour column: the lowest offsets by default, the cheapest with
--colour `+results.ColTotalCostPerYear+` (the title says which, marking --fix
values "(--fix)"). --colour `+results.ColTotalCostPerYear+` (or any numeric
column) colours by that column instead; --colour a stage's cost
(`+results.ColCostToNearZeroCarbonPerYear+` and the like) or purchases
draws the rows that cannot reach that stage, whose cell there is empty, as
grey hatched cells reading "cannot reach", the legend naming the stage. When the file holds costs per
year (a park with economics), the cheapest cell reaching each stage (by
that stage's cost, cost_to_…: a row that reaches it by buying offsets or
certificates counts, and the legend says what it buys) is
outlined and labelled "cheapest for" and the stages it reaches, each at
its cost a year (that stage's cost_to_…, the figure it was chosen on and
the cheapest table's, whatever --colour shows under the stage letter;
when the cell is too small for that, the legend names them and the
cell's x and y). When other parameters vary, that is the cheapest of the slice drawn:
a cell that is not also the cheapest of the whole sweep reads "cheapest in
slice for", the legend names the slice's values, and lists the sweep's
cheapest rows that lie outside it (combination, cost, parameter values).
An unlimited grid limit ("unlimited" in the file) is its own cell at the
end of its axis, labelled so; --fix
grid.export_limit_kw=unlimited holds it. A --colour column may be named
as an older zeropark named it (self_sufficiency for
self_sufficiency_fraction), and a file with the older names reads as one
with the new.`)
	f.StringVar(&in, "in", "", "sweep results `FILE` (CSV)")
	f.StringVar(&x, "x", "", "parameter `PATH` across, e.g. battery.energy_kwh")
	f.StringVar(&y, "y", "", "parameter `PATH` up, e.g. pv.capacity_kwp")
	f.Var(fix, "fix", "hold another varied parameter at a value: `PATH=VALUE` (repeatable)")
	f.StringVar(&policy, "policy", "", "the `POLICY` the file was swept under: a sweep file holds one, so another gives no rows")
	f.StringVar(&colour, "colour", results.ColOffsetsNeededTCO2e, "`COLUMN` that colours the cells, e.g. "+results.ColTotalCostPerYear)
	f.StringVar(&out, "out", "", "image `FILE` to write: .png (1000 × 800 px) or .svg, in a directory that exists")
	if err := f.parse(args); err != nil {
		return err
	}
	if in == "" || x == "" || y == "" {
		f.usage(e.stderr)
		return badInputf("--in, --x and --y are required")
	}
	if err := checkOut(out); err != nil {
		return err
	}
	if err := checkInputFile("--in", in); err != nil {
		return err
	}
	tab, err := results.ReadTable(in)
	if err != nil {
		return badInput(err)
	}
	g, err := tab.Grid(results.GridQuery{X: x, Y: y, KPI: colour, Fix: fix, Policy: policy})
	if fe := (*results.FileError)(nil); errors.As(err, &fe) && fe.Column == colour && fe.Line > 1 &&
		(fe.Value == "" || !results.IsNumberColumn(colour) && !slices.Contains(tab.Params(), colour)) {
		// The file is sound; the flag asked for a column that is not a
		// number on every row (QA, 2026-12-04: "unusable file" for
		// --colour stage, or a cost column a sweep without economics
		// leaves empty).
		if _, stage := results.StageOfColumn(colour); stage && fe.Value == "" {
			// A row that cannot reach the stage is drawn as such (QA S8,
			// session 37); one without costs at all is a sweep of a park
			// without economics.
			return badInputf("--colour %s: %s line %d has it empty, and no total_cost_per_year either: the sweep has no costs "+
				"(its park has no economics); colour by a column of numbers it has, such as %s", colour, fe.File, fe.Line, results.ColOffsetsNeededTCO2e)
		}
		return badInputf("--colour %s: %s line %d has %q there, not a number: colour by a column of numbers "+
			"(the stages are marked in the cells whatever colours them; zeropark sweep --help lists the columns)", colour, fe.File, fe.Line, fe.Value)
	}
	if errors.Is(err, results.ErrFile) {
		return badInput(err)
	}
	if held, total := sweepCoverage(tab); held < total {
		// A shard, or a sweep not finished: its cells and its cheapest
		// marks are of these rows only (QA, 2026-12-04: a shard of 4 of 12
		// drew "4 of 4 cells" and "cheapest for any stage").
		fmt.Fprintf(e.stderr, "zeropark plot sweep: warning: %s holds %d of the sweep's %d combinations (a shard, or a sweep not finished): "+
			"the cells and the cheapest marks are of those only; zeropark sweep merge joins the shards\n", in, held, total)
	}
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", in, err))
	}
	if err := plots.SaveSweepHeatmap(out, g, nil); err != nil {
		if errors.Is(err, plots.ErrInput) {
			return badInput(fmt.Errorf("%s: %w", in, err))
		}
		return err
	}
	// The cells drawn, of the file's rows: a slice of a larger sweep
	// draws fewer (QA, December 2026: "16 rows" said of 8 cells), and a
	// cell without a row is drawn as "no run".
	drawn, cells, unreached := 0, len(g.Xs)*len(g.Ys), 0
	for c, col := range g.Values {
		for r, v := range col {
			switch {
			case g.Unreached(c, r):
				drawn++
				unreached++
			case !math.IsNaN(v):
				drawn++
			}
		}
	}
	cannot := ""
	if unreached > 0 {
		// Drawn hatched, "cannot reach": no cost to the stage (QA S8,
		// session 37).
		cannot = fmt.Sprintf(", %d of them cannot reach %s", unreached, g.CannotReachStage)
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d of %d cells with a row%s, from the %d rows of %s)\n", out, drawn, cells, cannot, len(tab.Rows), in)
	return nil
}

func runPlotRoadmap(e *env, args []string) error {
	var in, out string
	f := newFlagSet(e, "plot roadmap", "zeropark plot roadmap --in DIR/roadmap.json|DIR --out FILE.png|FILE.svg", `
Draws the roadmap of 'zeropark plan --out DIR' (its roadmap.json): one
stacked bar per design (today's park, then each stage) of its annual cost
in the file's currency a year, the parts as the file states them —
capital, fixed O&M, operating (drawn below zero when negative: export
revenue above what the park buys), offsets bought, certificates bought —
and a black line with a ring at the net total (total_cost_per_year),
its figure above the bar. Under each bar: what the design adds (kWp PV,
kW wind, kWh / kW battery, kW_th heat pump, kWh_th heat store; whole
units as count × size, "+3 × 500 kW wind") and its residual emissions in
tCO2e a year; a design that buys offsets, how many (and those held) and
its residual net of the offsets bought and held; a design with warnings
has "!" after its name and each
warning as a footnote below the plot. A stage out of reach is a hatched
grey band over the plot's whole height (it has no cost) marked "out of
reach", explained in the legend and the caption. A design whose parts do not add up to
its total_cost_per_year (within `+results.FormatNumber(plots.RoadmapSumTolerance)+` + 1e-6 of the parts' magnitude) is
refused, the file left unwritten.`)
	f.StringVar(&in, "in", "", "roadmap.json `FILE` of a plan, or the plan's output DIR holding it")
	f.StringVar(&out, "out", "", "image `FILE` to write: .png (1200 × 800 px) or .svg, in a directory that exists")
	in, err := parseInOut(e, f, args, &in, &out, results.RoadmapJSONFile)
	if err != nil {
		return err
	}
	rm, err := readRoadmapJSON(in)
	if err != nil {
		return err
	}
	if err := plots.SaveRoadmapCosts(out, rm, nil); err != nil {
		if errors.Is(err, plots.ErrInput) {
			return badInput(fmt.Errorf("%s: %w", in, err))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d designs of %s)\n", out, len(rm.Rows), in)
	return nil
}

func runPlotFrontier(e *env, args []string) error {
	var in, out string
	f := newFlagSet(e, "plot frontier", "zeropark plot frontier --in DIR/frontier.csv|DIR --out FILE.png|FILE.svg", `
Draws the cost-carbon frontier of 'zeropark plan frontier --out DIR' again,
from its frontier.csv and the roadmap.json beside it (the park's name, its
currency, today's park and the roadmap's designs, the stage thresholds): the
figure plan frontier wrote, as PNG or SVG, or of a frontier.csv edited since.
A roadmap.json written before its stage thresholds (baseline_tco2e_per_year,
low_carbon_reduction_min_fraction) shades the stages at the points instead,
with a warning.`)
	f.StringVar(&in, "in", "", "frontier.csv `FILE` of a plan frontier, or its output DIR holding it")
	f.StringVar(&out, "out", "", "image `FILE` to write: .png (1000 × 700 px) or .svg, in a directory that exists")
	in, err := parseInOut(e, f, args, &in, &out, results.FrontierCSVFile)
	if err != nil {
		return err
	}
	rows, err := readFrontierCSV(in)
	if err != nil {
		return err
	}
	beside := filepath.Join(filepath.Dir(in), results.RoadmapJSONFile)
	if err := inputFileProblem("--in", beside); err != nil {
		return badInputf("%s: the roadmap.json beside %s is needed (the park, its currency, today's park and the designs: "+
			"plan frontier --out writes both)", beside, in)
	}
	rm, err := readRoadmapJSON(beside)
	if err != nil {
		return err
	}
	if err := frontierOfPlan(rows, rm, in, beside); err != nil {
		return err
	}
	if w := frontierMismatch(rows, rm); w != "" {
		fmt.Fprintf(e.stderr, "zeropark plot frontier: warning: %s and %s: %s\n", in, beside, w)
	}
	noRing := 0
	for _, r := range rows {
		if r.Full != nil && r.Full.ResidualTCO2ePerYear == nil {
			noRing++
		}
	}
	if noRing > 0 {
		// The figure draws a ring only where the residual is known.
		fmt.Fprintf(e.stderr, "zeropark plot frontier: warning: %s: %d of %d points give a full-series evaluation without its residual "+
			"(full_series_residual_tco2e_per_year empty, or a file written before it): no ring drawn for them\n", in, noRing, len(rows))
	}
	if plots.FrontierThresholdsOf(rm) == nil {
		fmt.Fprintf(e.stderr, "zeropark plot frontier: warning: %s gives no stage thresholds (written before "+
			"baseline_tco2e_per_year): the stages are shaded at the points, not at the ledger's thresholds\n", beside)
	}
	fig, err := frontierFigure(rows, rm) // plan frontier's own drawing
	if err == nil {
		err = fig.Save(out)
	}
	if err != nil {
		if errors.Is(err, plots.ErrInput) {
			return badInput(fmt.Errorf("%s: %w", in, err))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d points of %s)\n", out, len(rows), in)
	return nil
}

func runPlotPathway(e *env, args []string) error {
	var in, out string
	f := newFlagSet(e, "plot pathway", "zeropark plot pathway --in DIR/pathway.json|DIR --out FILE.png|FILE.svg", `
Draws the pathway of 'zeropark plan pathway --out DIR' again, from its
pathway.json: the figure plan pathway wrote (pathway.png, pathway.svg), as
PNG or SVG, or of a pathway.json edited since. Above, what is built in all
of each technology by year, a step at each milestone (today's park before
the first); below, the cost a year of the pathway in the file's currency
beside today's park kept as it is (dashed), each milestone marked, the
present values in the caption. A milestone that fails an operation check
is labelled in red with "!" and "(misses it in operation)", one with
warnings has the "!", and a footnote below says each; a milestone out of
reach, which ends the pathway, is a red line. A pathway whose first
milestone is out of reach has nothing to draw and is refused, as is a
file that is not a pathway.json; the picture at --out is then left as it
was.

Example:
  zeropark plan pathway --demo texas2012 --periods 4 --out pw
  zeropark plot pathway --in pw --out pathway.svg`)
	f.StringVar(&in, "in", "", "pathway.json `FILE` of a plan pathway, or its output DIR holding it")
	f.StringVar(&out, "out", "", "image `FILE` to write: .png (1200 × 800 px) or .svg, in a directory that exists")
	in, err := parseInOut(e, f, args, &in, &out, results.PathwayJSONFile)
	if err != nil {
		return err
	}
	pw, err := readPathwayFile(in)
	if err != nil {
		return err
	}
	if err := plots.SavePathway(out, pw); err != nil {
		if errors.Is(err, plots.ErrInput) {
			return badInput(fmt.Errorf("%s: %w", in, err))
		}
		return err
	}
	planned := 0
	for _, r := range pw.Rows {
		if r.Unreachable == "" {
			planned++
		}
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d of %d milestones planned, of %s)\n", out, planned, max(pw.Milestones, len(pw.Rows)), in)
	return nil
}

// readPathwayFile reads the pathway.json at path; a file that is not
// one (bad JSON, unknown keys, no milestones) is bad input.
func readPathwayFile(path string) (*results.Pathway, error) {
	return readResultsJSON(path, results.ReadPathwayJSON, "the pathway.json of zeropark plan pathway --out")
}

// frontierOfPlan refuses frontier rows (of file in) and roadmap rm (of
// file beside) whose digests say they are of two parks or two series:
// the figure would shade one plan's stages and mark its designs over the
// other's points. Files written before the digests say nothing, and
// frontierMismatch's load check is all there is. A point whose currency
// (frontier.csv's, empty in a file written before it) is not the
// roadmap's is refused too: the axes would name the roadmap's.
func frontierOfPlan(rows []results.FrontierRow, rm *results.Roadmap, in, beside string) error {
	for _, r := range rows {
		if r.Currency != "" && rm.Currency != "" && r.Currency != rm.Currency {
			return badInputf("%s and %s are of two plans: point %d's money is in %s, the roadmap's in %s: "+
				"draw a frontier.csv beside the roadmap.json that plan frontier --out wrote with it",
				in, beside, r.Point, r.Currency, rm.Currency)
		}
		parts := r.Digests.Differ(rm.Digests)
		if len(parts) == 0 {
			continue
		}
		return badInputf("%s and %s are of two plans: point %d's %s SHA-256 is not the roadmap's (%s): "+
			"draw a frontier.csv beside the roadmap.json that plan frontier --out wrote with it",
			in, beside, r.Point, strings.Join(parts, " and "), digestPairs(parts, r.Digests, rm.Digests))
	}
	return nil
}

// digestPairs shows the differing digests of parts, shortened: "park
// 1a2b3c4d… against 5e6f7a8b…".
func digestPairs(parts []string, a, b results.Digests) string {
	short := func(s string) string { return s[:min(len(s), 12)] + "…" }
	var out []string
	for _, p := range parts {
		x, y := a.ParkSHA256, b.ParkSHA256
		if p == results.PartSeries {
			x, y = a.SeriesSHA256, b.SeriesSHA256
		}
		out = append(out, fmt.Sprintf("%s %s against %s", p, short(x), short(y)))
	}
	return strings.Join(out, "; ")
}

// frontierMismatch says why frontier rows and roadmap rm look like two
// parks' ("" when they do not, or when the files do not say): the load
// the frontier's points serve a year against today's park's, more than
// 10 % apart (a design serves its load within the ledger's tolerance; QA,
// 2026-12-04: a heat park's frontier.csv was drawn beside the Texas
// demo's roadmap.json in silence).
func frontierMismatch(rows []results.FrontierRow, rm *results.Roadmap) string {
	if len(rm.Rows) == 0 || rm.Rows[0].Energy == nil {
		return ""
	}
	today := rm.Rows[0].Energy.LoadServedKWhPerYear
	for _, r := range rows {
		if r.Energy == nil || !(today > 0) {
			continue
		}
		if got := r.Energy.LoadServedKWhPerYear; math.Abs(got-today) > 0.1*today {
			return fmt.Sprintf("point %d serves %s kWh of load a year, today's park %s: are they of one plan?",
				r.Point, results.Grouped(got, 0), results.Grouped(today, 0))
		}
	}
	return ""
}

// readFrontierCSV reads the frontier.csv at path; a file that is not one
// is bad input.
func readFrontierCSV(path string) ([]results.FrontierRow, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, badInput(err)
	}
	defer fh.Close()
	rows, err := results.ReadFrontierCSV(fh, path)
	if err != nil {
		return nil, badInput(fmt.Errorf("%w (want the frontier.csv of zeropark plan frontier --out)", err))
	}
	return rows, nil
}

// parseInOut parses args into f and checks what plot roadmap, plot
// frontier and plot pathway read and write: --in (*in, required; a directory means its
// file named file) and --out (*out, the image). It returns the file to
// read.
func parseInOut(e *env, f *flagSet, args []string, in, out *string, file string) (string, error) {
	if err := f.parse(args); err != nil {
		return "", err
	}
	if *in == "" {
		f.usage(e.stderr)
		return "", badInputf("--in DIR/%s or DIR is required", file)
	}
	if err := checkOut(*out); err != nil {
		return "", err
	}
	path := *in
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, file)
	}
	return path, checkInputFile("--in", path)
}

// readRoadmapJSON reads the roadmap.json at path; a file that is not
// one (bad JSON, unknown keys) is bad input.
func readRoadmapJSON(path string) (*results.Roadmap, error) {
	return readResultsJSON(path, results.ReadRoadmapJSON, "the roadmap.json of zeropark plan --out")
}

// readResultsJSON opens path and reads it with read (one of package
// results' JSON readers); its errors are bad input, a reader's saying
// which file was wanted.
func readResultsJSON[T any](path string, read func(io.Reader, string) (*T, error), want string) (*T, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, badInput(err)
	}
	defer fh.Close()
	v, err := read(fh, path)
	if err != nil {
		return nil, badInput(fmt.Errorf("%w (want %s)", err, want))
	}
	return v, nil
}

// sweepCoverage is how many of its sweep's combinations a sweep table
// holds (distinct combination numbers) and how many the sweep has (its
// combination_count); both 0 for a table without the count (written
// before it, or not a sweep's).
func sweepCoverage(tab *results.Table) (held, total int) {
	if len(tab.Rows) == 0 {
		return 0, 0
	}
	fp, _, ok := tab.Fingerprint(tab.Rows[0])
	if !ok || fp.Combinations <= 0 {
		return 0, 0
	}
	seen := map[int]bool{}
	for _, r := range tab.Rows {
		seen[r.Combination] = true
	}
	return len(seen), fp.Combinations
}
