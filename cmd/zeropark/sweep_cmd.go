package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
	"github.com/zeropark/zeropark/sweep"
)

// sweepCmd is `zeropark sweep`.
var sweepCmd = &command{
	name:    "sweep",
	summary: "dispatch every combination of varied parameters in parallel into a resumable CSV; `sweep merge` joins shards",
	run:     runSweep,
}

// listFlag is a repeatable string flag (--vary, --capex, --forecast).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, " ") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// sweepBadInput marks the sweep package's specification and file errors
// (sweep.ErrFile is results.ErrFile) as bad input (exit 2).
func sweepBadInput(err error) error {
	if errors.Is(err, sweep.ErrSpec) || errors.Is(err, sweep.ErrFile) || errors.Is(err, sweep.ErrConflict) ||
		errors.Is(err, sweep.ErrLocked) || errors.Is(err, sweep.ErrIncomplete) {
		return badInput(err)
	}
	return err
}

const sweepAbout = `
Dispatches every combination of the --vary parameters (the first varies
slowest) on all cores and appends one CSV row per combination to --out:
combination, the parameters, the scenario's design totals (design_…) and
every KPI of summary.json (energy_<key>_kwh, baseline/residual/avoided
kgCO2e, offsets_needed_tco2e, certificates_mwh, costs, stage, shares, solve
counts), then the costs per year (below). Every column is listed, with its
unit, at the end of this help. A name says its unit: _kwh, _kw, _tco2e, …;
_fraction is 0–1 (never per cent); _count a whole number; _per_period and
_per_year are money in the park file's currency (its economics.currency)
over the simulated period or per year. An unlimited grid limit is written
"unlimited" in the parameter and design columns (a word no spreadsheet
takes for 0; README.md says how pandas and R read it). A file written with
the older names (energy_cost, self_sufficiency, steps, "+Inf", …) is read
under the new ones: resuming or merging it rewrites it with the new header.

--vary PATH=START:STOP:STEP (STOP included when on the grid) or PATH=A,B,C.
Paths: battery.energy_kwh, battery.max_charge_kw, battery.max_discharge_kw,
battery.power_kw (both), pv.capacity_kwp, wind.capacity_kw, load.scale (a
multiplier of the electric loads), grid.import_limit_kw,
grid.export_limit_kw ("unlimited" allowed), policy.horizon_h (with --policy
mpc or mpc-perfect); on a park with heat heat_pump.capacity_kw_th,
electric_boiler.capacity_kw_th, fuel_boiler.capacity_kw_th,
thermal_storage.energy_kwh_th, thermal_storage.max_charge_kw_th,
thermal_storage.max_discharge_kw_th and heat_load.scale (a multiplier of the
heat loads). A path sets the TOTAL over the assets of its kind, split in
proportion to their capacities in the park file (equally if those are 0);
pv[Rooftop PV].capacity_kwp sets one asset. A battery of 0 kWh is removed
from that scenario. What a row adds beyond the park file's capacities is
priced by its economics, the heat side's included (a thermal store's power
comes with its energy, unpriced, as in zeropark plan).

The grid connection, where economics.grid_connection makes it a candidate (a
bound economics.grid_connection.max_total_kw > 0), is on zeropark plan's
terms: a row's connection is the larger of its import limit and the park
file's, the kW above the park file's priced as the plan prices them (a
varied import above the bound is refused). A connection carries its rating
both ways: where the park file's export limit equals its import limit and
--vary sets grid.import_limit_kw but not grid.export_limit_kw, each row's
export limit rises with its import limit, as the plan's design park does (an
export limit below the import limit, or unlimited, stays). A varied
grid.export_limit_kw stands as given up to the row's connection or the park
file's export limit; beyond both it is refused before anything runs (exit
2), naming the bound when it is beyond that too. The design_grid_… columns
hold the limits each row ran with. Without the candidate both limits are the
park's own to set, at no cost.

Interrupt (Ctrl-C) and re-run the same command to resume: finished rows are
kept, a torn last line is dropped, and only the missing combinations run.
At the end the file is rewritten in combination order (--sorted), and the
cheapest scenario reaching each stage is printed. Every row ends its KPIs
with the costs per year, priced as zeropark plan prices a design:
operating_cost_per_year (energy + demand charge + battery wear; no offsets
or certificates) and purchases_per_year (offsets for the residual beyond
the offsets held, plus certificates for the clean share's shortfall beyond
those held when --require-clean-share: what takes the row to zero-carbon
when it can get there; the ledger's offsets or certificates for all
import are alternatives, never both bought); with
the park file's "economics" also capital_per_year, fixed_om_per_year (what
the combination adds beyond the park file's capacities, annualised),
total_cost_per_year (capital + fixed O&M + operating + purchases, whatever
the row's stage) and each stage's cost as zeropark plan prices it:
cost_to_low_carbon_per_year (no purchases), cost_to_near_zero_carbon_per_year
(+ a required clean share's certificates), cost_to_zero_carbon_per_year (+
the residual's offsets beyond those held), empty where the row cannot get
there by buying (core indicator missed, load shed). "Cheapest" ranks each
stage on its cost and counts a row that reaches it by buying; with
--carbon-price P, on cost + P × the row's residual (before offsets, a year
with economics), as zeropark plan --carbon-price sizes designs. Unlike
plan's, a sweep's price also dispatches every row at least cost + P × its
carbon (--objective cost), not carbon first: each row's residual is that
dispatch's, which at a low price is above the carbon-first one, so a design
may reach a lower stage than without the price. Without
economics, --capex PATH=RATE (currency per unit per year, e.g.
battery.energy_kwh=25, pv.capacity_kwp=60) makes cost = operating + the
stage's purchases over the period plus the capex rates × the design totals
pro rata; without either, "cheapest" ignores what the equipment costs.
A period shorter than a week is warned of: the _per_year figures scale it.
--capex with economics is refused (exit 2): the file and plot sweep
--colour total_cost_per_year rank by the economics, and one sweep must not
name two cheapest designs.
Offsets and certificates held (--offsets-held, --certificates-held, or the
park file's "market") and the prices apply to every scenario alike.

Progress: a bar when stderr is a terminal; otherwise (a log file, a
Kubernetes pod) a line every 5 s with the scenarios done, their total and
the ETA (ZEROPARK_PROGRESS=30s sets the interval, =off silences it).

Every row ends with combination_count, the sweep's fingerprint
(park_sha256, series_sha256, settings_sha256: the park, the series, and
the policy, --horizon, --forecast, prices and the --vary ranges) and
zeropark_version. A resume made from other inputs is refused, naming what
changed (exit 2); a file written before fingerprints existed is resumed
only with --force-resume. One sweep at a time writes a file: a second
into it (or a merge) fails at once naming the process that holds it
(exit 2).

Across machines: --shard i/n runs the combinations k with k mod n = i
(--shard auto/n reads i from JOB_COMPLETION_INDEX, as a Kubernetes Indexed
Job sets it); then join the outputs with
  zeropark sweep merge -o results.csv results-0.csv results-1.csv …`

// sweepColumnsHelp closes sweep --help with the results file's columns.
func sweepColumnsHelp() string {
	return "\n\nThe columns of the results file, in order:\n" + results.ColumnsText(results.SweepColumnDocs(), "  ")
}

// sweepFlags are the flags of `zeropark sweep` beyond the scenario's.
type sweepFlags struct {
	vary, capex                  listFlag
	out, policy, shard           string
	workers                      int
	sorted, timings, forceResume bool
}

func (sw *sweepFlags) add(f *flagSet) {
	f.Var(&sw.vary, "vary", "parameter `PATH=RANGE` to vary (repeatable): START:STOP:STEP or A,B,C")
	f.Var(&sw.capex, "capex", "annualised capital cost `PATH=RATE` in currency per unit per year, for a park without\neconomics (repeatable; paths: "+strings.Join(results.CapexPaths(), ", ")+")")
	f.StringVar(&sw.out, "out", "", "results CSV `FILE` (appended to and resumed; required; in a directory that exists)")
	policyFlag(f, &sw.policy)
	f.IntVar(&sw.workers, "workers", runtime.NumCPU(), "scenarios run at once (`N`)")
	f.StringVar(&sw.shard, "shard", "", "run only shard `I/N` of the combinations (k mod N = I); auto/N reads I from "+sweep.ShardIndexEnv)
	f.BoolVar(&sw.sorted, "sorted", true, "rewrite the finished file in combination order (--sorted=false keeps completion order)")
	f.BoolVar(&sw.timings, "timings", false, "add wall-clock solve-time columns (the file then differs from run to run)")
	f.BoolVar(&sw.forceResume, "force-resume", false, "resume a results file that has no fingerprint (written before zeropark recorded one),\ntrusting that it was made from these inputs")
}

// sweepSpec is what the sweep flags ask for, read and checked.
type sweepSpec struct {
	space  *sweep.Space
	capex  results.Capex
	shard  sweep.Shard
	policy dispatch.Policy
}

// spec reads the sweep flags: --out, --vary, --capex, --shard, --workers
// and --policy, in this order, each problem bad input naming the flag.
func (sw *sweepFlags) spec() (sweepSpec, error) {
	var sp sweepSpec
	if sw.out == "" {
		return sp, badInputf("--out FILE is required")
	}
	if err := checkOutFile("--out", sw.out); err != nil {
		return sp, err
	}
	var axes []sweep.Axis
	for _, v := range sw.vary {
		a, err := sweep.ParseVary(v)
		if err != nil {
			return sp, badInput(fmt.Errorf("--vary: %w", err))
		}
		axes = append(axes, a)
	}
	if len(axes) == 0 {
		return sp, badInputf("give at least one --vary PATH=RANGE (paths: %s)", strings.Join(sweep.Paths(), ", "))
	}
	var err error
	if sp.space, err = sweep.NewSpace(axes...); err != nil {
		return sp, badInput(fmt.Errorf("--vary: %w", err))
	}
	if sp.capex, err = parseCapex(sw.capex); err != nil {
		return sp, err
	}
	if sw.shard != "" {
		if sp.shard, err = sweep.ParseShard(sw.shard, os.Getenv); err != nil {
			return sp, badInput(fmt.Errorf("--shard: %w", err))
		}
	}
	if sw.workers < 1 || sw.workers > sweep.MaxWorkers {
		return sp, badInputf("--workers %d: must be in [1, %d] (more than the cores only queue; a sweep runs no more than its combinations at once)", sw.workers, sweep.MaxWorkers)
	}
	sp.policy, err = parsePolicy(sw.policy)
	return sp, err
}

// parseCapex reads the --capex flags.
func parseCapex(specs []string) (results.Capex, error) {
	capex := results.Capex{}
	for _, c := range specs {
		if err := capex.Add(c); err != nil {
			return nil, badInput(fmt.Errorf("--capex: %w", err))
		}
	}
	return capex, nil
}

func runSweep(e *env, args []string) error {
	if len(args) > 0 && args[0] == "merge" {
		return e.subcommand("sweep merge", func() error { return runSweepMerge(e, args[1:]) })
	}
	var (
		sf scenarioFlags
		sw sweepFlags
	)
	f := newFlagSet(e, "sweep",
		"zeropark sweep (--demo NAME | --park FILE --series FILE) --vary PATH=RANGE [--vary …] --out FILE [flags]\n  zeropark sweep merge -o FILE IN.csv [IN.csv …]",
		sweepAbout+sweepColumnsHelp())
	sf.add(f)
	sw.add(f)
	if err := f.parse(args); err != nil {
		return err
	}
	sp, err := sw.spec()
	if err != nil {
		return err
	}
	for _, w := range idleFlags(f, sp.policy) {
		fmt.Fprintf(e.stderr, "zeropark sweep: warning: %s\n", w)
	}
	sc, cfg, err := sf.prepare()
	if err != nil {
		return err
	}
	if err := sp.space.CheckPeriod(sc.Park, sc.Profiles.Step, sc.Profiles.Len); err != nil {
		return badInput(fmt.Errorf("--vary (%s): %w", sf.options().Inputs(sc.Name), err))
	}
	if len(sp.capex) > 0 && sc.Park.Economics != nil {
		return capexWithEconomics(parkName(sf.options(), sc.Name))
	}
	if w := results.ShortPeriodScaling(sc.Series.Step.Hours() * float64(sc.Series.Len)); w != "" {
		fmt.Fprintf(e.stderr, "zeropark sweep: warning: the _per_year columns: %s; sweep over weeks or more (the full series, --limit-hours 168 or more)\n", w)
	}
	st, err := runSweepInterruptibly(e, sc, sp, sw, cfg)
	if err != nil {
		if st.Interrupted {
			return err // it says how many rows were written and to re-run
		}
		return sweepBadInput(err)
	}
	fmt.Fprintf(e.stdout, "%s: %d already in %s%s, %d run now\n\n", sweepScope(sp, st), st.Skipped, sw.out, foreignRows(st), st.Done)
	if sp.shard.Count > 1 {
		return printCheapest(e, sw.out, sp.capex, "Cheapest within this shard only (merge the shards for the whole sweep):")
	}
	return printCheapest(e, sw.out, sp.capex, "")
}

// capexWithEconomics refuses --capex for a sweep priced by economics
// (named by what): the file's total_cost_per_year charges capital on what
// each design adds (the existing capacity sunk), --capex on the design
// totals, so the printed cheapest and the file's (plot sweep --colour
// total_cost_per_year) could name different designs.
func capexWithEconomics(what string) error {
	return badInputf("--capex: %s has economics, which price every row (total_cost_per_year: capital and fixed O&M of what each design adds, today's capacity sunk) and rank \"cheapest\"; "+
		"--capex would rank by another basis (rates on the design totals) than the file and plot sweep --colour total_cost_per_year: "+
		"drop --capex (change the economics' capital costs to price the equipment otherwise), or sweep a park file without economics to rank by --capex rates", what)
}

// parkName names the park of a scenario for a message: its file, or the
// demo.
func parkName(o scenario.Options, demo string) string {
	if o.ParkFile != "" {
		return "the park file " + o.ParkFile
	}
	return fmt.Sprintf("demo %q's park", demo)
}

// runSweepInterruptibly runs the sweep with progress. The first Ctrl-C (or
// SIGTERM) stops handing out work and lets the running scenarios finish
// and be written; a second one kills the process, and the file stays
// usable (at most a torn last line, dropped on resume).
func runSweepInterruptibly(e *env, sc *scenario.Scenario, sp sweepSpec, sw sweepFlags, cfg dispatch.Config) (sweep.Stats, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	stop := func() { signal.Stop(sigs) }
	defer stop()
	var (
		finished atomic.Bool
		code     atomic.Int32 // the exit code the signal received asks for
		// draining notes the progress of the interrupt: set by Start,
		// read by the signal's goroutine.
		draining progressNote
	)
	go func() {
		select {
		case sig := <-sigs:
			code.Store(int32(signalExitCode(sig)))
			cancel()
		case <-ctx.Done():
			return
		}
		stop()
		if !finished.Load() {
			fmt.Fprintln(e.stderr, "\nzeropark sweep: interrupted: finishing the running scenarios (interrupt again to abandon them)")
			// The progress lines say so from now on, without the ETA of
			// scenarios that will not start (QA N6, session 39).
			draining.note("interrupted: finishing the running scenarios")
		}
	}()
	// The progress clock starts when the scenarios do (Start), not
	// before the file is resumed and every combination's park checked:
	// counting those seconds as the first scenarios' made the first ETA
	// of a 100,000-combination sweep 52 h for a run of 3 (QA N, session
	// 39). Start is called before any scenario runs, so before Progress.
	var update func(done, total int)
	finish := func() {}
	progress := func(done, total int) {
		if update != nil {
			update(done, total)
		}
	}
	st, err := sweep.Run(ctx, sc, sp.space, sw.out, sweep.Options{
		Policy: sp.policy, Config: &cfg, Workers: sw.workers, Shard: sp.shard,
		Unsorted: !sw.sorted, Timings: sw.timings, Progress: progress,
		ForceResume: sw.forceResume, Warn: func(msg string) { fmt.Fprintln(e.stderr, "zeropark sweep: warning:", msg) },
		// Said before the run too, so that an interrupted run (or a file
		// watched while it runs) shows what it was doing.
		Start: func(st sweep.Stats) {
			fmt.Fprintf(e.stdout, "%s: %d already in %s%s, %d to run\n", sweepScope(sp, st), st.Skipped, sw.out, foreignRows(st), st.Owned-st.Skipped)
			var note func(string)
			update, note, finish = e.progressNoted("sweep", "sweep", "scenarios", evenSteps, sw.workers)
			draining.mu.Lock()
			draining.set = note
			draining.mu.Unlock()
		},
	})
	finished.Store(true)
	finish()
	var ie *sweep.InterruptedError
	if c := int(code.Load()); c != 0 && errors.As(err, &ie) {
		// README: 130 and 143 a command stopped by SIGINT or SIGTERM,
		// sweep's included (QA session 34: it exited 1).
		err = &signalExitError{err: err, code: c}
	}
	return st, err
}

// sweepScope names what a sweep run covers: its combinations, or its
// shard's.
func sweepScope(sp sweepSpec, st sweep.Stats) string {
	if sp.shard.Count > 1 {
		return fmt.Sprintf("shard %s: %d of %d combinations", sp.shard, st.Owned, st.Combinations)
	}
	return fmt.Sprintf("%d combinations", st.Combinations)
}

// printCheapest prints the cheapest scenario reaching each stage in the
// results file out, under a note when one is given. A table the
// cheapest query cannot use is bad input.
func printCheapest(e *env, out string, capex results.Capex, note string) error {
	tab, err := results.ReadTable(out)
	if err != nil {
		return err
	}
	if len(tab.Rows) == 0 {
		// Nothing ran (header-only shards merged): a table of stages "not
		// reached by any scenario" and a note on --capex would misread
		// the file (QA, 2026-12-04).
		_, err := fmt.Fprintf(e.stdout, "%s has no rows: nothing to rank.\n", out)
		return e.printed(err)
	}
	picks, err := results.Cheapest(tab, capex)
	if err != nil {
		return sweepBadInput(err)
	}
	if note != "" {
		fmt.Fprintln(e.stdout, note)
	}
	return e.printed(results.WriteCheapest(e.stdout, tab, picks, capex))
}

func runSweepMerge(e *env, args []string) error {
	var (
		out             string
		capexs          listFlag
		requireComplete bool
	)
	f := newFlagSet(e, "sweep merge", "zeropark sweep merge -o FILE [--require-complete] [--capex PATH=RATE …] IN.csv [IN.csv …]", `
Joins the results files of a sharded sweep (or of interrupted runs) into
one, written atomically in combination order: the headers must match, every
cell must be what zeropark writes in its column (a number, true or false, a
stage, …; else exit 2 naming the file, line, column and value), every row
must carry the same fingerprint (made from the same park, series and
settings), rows equal but for zeropark_version are kept once, and two
different rows for one combination are an error (exit 2). Combinations of
the sweep that no file holds are listed in a warning, or are an error (exit
2, nothing written) with --require-complete. FILE may be one of the inputs;
an existing FILE that is not is replaced only when nothing of it is lost (an
earlier merge of the same shards), else refused (exit 2: not a sweep's
results, another sweep's, or combinations the inputs lack). Then prints the
cheapest scenario reaching each stage, as sweep does, headed by what it
covers when combinations are missing. --capex is refused (exit 2) for files
priced by a park's economics, as in sweep.`)
	f.StringVar(&out, "o", "", "merged results `FILE` (required)")
	f.StringVar(&out, "out", "", "same as -o")
	f.Var(&capexs, "capex", "annualised capital cost `PATH=RATE` for the cheapest table, for files without economics (repeatable)")
	f.BoolVar(&requireComplete, "require-complete", false, "fail (exit 2, nothing written) when combinations are missing")
	if err := f.parseWithArgs(args); err != nil {
		return err
	}
	if err := flagAmongInputs(f, args); err != nil {
		return err
	}
	switch {
	case out == "":
		return badInputf("-o FILE is required")
	case f.NArg() == 0:
		return badInputf("no input files to merge")
	}
	if err := checkOutFile("-o", out); err != nil {
		return err
	}
	var missing []error
	for _, in := range f.Args() {
		missing = append(missing, inputFileProblem("input", in))
	}
	if err := errors.Join(missing...); err != nil {
		return badInput(err)
	}
	capex, err := parseCapex(capexs)
	if err != nil {
		return err
	}
	if len(capex) > 0 {
		if in, ok := pricedByEconomics(f.Args()); ok {
			return capexWithEconomics(in + " (its rows' total_cost_per_year)")
		}
	}
	ms, err := sweep.MergeFiles(out, f.Args(), sweep.MergeOptions{RequireComplete: requireComplete})
	for _, d := range ms.Duplicates {
		fmt.Fprintf(e.stderr, "zeropark sweep merge: warning: %s: its rows are merged once (another file meant?)\n", d)
	}
	if err != nil {
		return sweepBadInput(err)
	}
	switch {
	case len(ms.Missing) > 0:
		fmt.Fprintf(e.stderr, "zeropark sweep merge: warning: %s (run their shards, or --require-complete to make this an error)\n",
			sweep.MissingText(ms.Missing, ms.Combinations))
	case ms.Rows == 0:
		fmt.Fprintf(e.stderr, "zeropark sweep merge: warning: the files hold no rows (shards that ran nothing?): the sweep's combinations are all missing, and how many there are is not known\n")
	case ms.Combinations == 0:
		fmt.Fprintf(e.stderr, "zeropark sweep merge: warning: the files have no %s (written before zeropark recorded it): cannot tell whether combinations are missing\n", results.ColCombinationCount)
	}
	if len(ms.RowsByBuild) > 1 {
		// As a resume warns of rows of another build (QA S3, session 37):
		// the figures may come from different code.
		fmt.Fprintf(e.stderr, "zeropark sweep merge: warning: %s mixes rows of %d builds of zeropark: %s (each row's zeropark_version says which)\n",
			out, len(ms.RowsByBuild), sweep.BuildsText(ms.RowsByBuild))
	}
	fmt.Fprintf(e.stdout, "merged %s: %s → %s\n\n", count(f.NArg(), "file", "files"), count(ms.Rows, "row", "rows"), out)
	return printCheapest(e, out, capex, mergedScope(ms))
}

// mergedScope is the note over the cheapest table of a merge: empty when
// the merged file holds the whole sweep, else what it covers, so that the
// caveat stands beside the answer (stdout) as well as in the warning.
// flagAmongInputs refuses one of merge's own flags given after the input
// files: Go's flag package stops at the first file, so "merge -o all.csv
// a.csv --require-complete" would read the flag as a file and say "no such
// file". After a "--" every argument is a file, as the flag package has it.
func flagAmongInputs(f *flagSet, args []string) error {
	if first := len(args) - f.NArg(); first > 0 && args[first-1] == "--" {
		return nil
	}
	for _, a := range f.Args() {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name != "" && f.Lookup(name) != nil {
			f.shortUsage(f.e.stderr)
			return badInputf("flag %s after the input files: give the flags before them (%s -o FILE [flags] IN.csv …)", model.Quote(a), f.command())
		}
	}
	return nil
}

func mergedScope(ms sweep.MergeStats) string {
	switch {
	case len(ms.Missing) > 0:
		return fmt.Sprintf("Cheapest among the %d of %d combinations merged only (%d missing: merge their shards for the whole sweep):",
			ms.Combinations-len(ms.Missing), ms.Combinations, len(ms.Missing))
	case ms.Combinations == 0 && ms.Rows > 0:
		return fmt.Sprintf("Cheapest among the %s merged (the files do not say how many combinations the sweep has):", count(ms.Rows, "row", "rows"))
	}
	return ""
}

// pricedByEconomics returns the first of the results files ins whose rows
// carry total_cost_per_year (a sweep of a park with economics). A file
// that cannot be read is left to the merge to report.
func pricedByEconomics(ins []string) (string, bool) {
	for _, in := range ins {
		tab, err := results.ReadTable(in)
		if err != nil {
			continue
		}
		j := tab.Col(results.ColTotalCostPerYear)
		if j < 0 {
			continue
		}
		for _, r := range tab.Rows {
			if j < len(r.Fields) && strings.TrimSpace(r.Fields[j]) != "" {
				return in, true
			}
		}
	}
	return "", false
}

// foreignRows says how many rows of the results file belong to other
// shards, "" for none: a resume into another shard's file (a wrong index
// typed on the second machine) said "0 already in" and added its rows
// beside them without a word (QA N7, session 39).
func foreignRows(st sweep.Stats) string {
	if st.Foreign == 0 {
		return ""
	}
	return fmt.Sprintf(" (and %d of other shards)", st.Foreign)
}

// progressNote holds a progress note function that one goroutine sets
// and another calls.
type progressNote struct {
	mu  sync.Mutex
	set func(string)
}

// note calls the function set, if any.
func (n *progressNote) note(s string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.set != nil {
		n.set(s)
	}
}
