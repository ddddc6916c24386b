package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// runCmd is `zeropark run`.
var runCmd = &command{
	name:    "run",
	summary: "dispatch a park under one policy; write intervals.csv and summary.json",
	run:     runRun,
}

// runAbout is the description of `zeropark run --help`; the column lists
// come from package results, which writes the files.
func runAbout() string {
	return `
Dispatches the park over its series' period under one policy. Without
--out, prints the report (--json: the summary). With --out, writes into DIR:

  intervals.csv, one row per interval (per-asset columns repeat per asset;
  <slug> is the asset's name in snake_case, see the README):
` + results.ColumnsText(results.IntervalColumnDocs(), "    ") + `
  and for a park with heat, after those (heat in kW_th, fuel in kW of LHV):
` + results.ColumnsText(results.HeatIntervalColumnDocs(), "    ") + `
  summary.json: energy totals in kWh, baseline/residual/avoided kgCO2e,
  offsets, certificates, stage, KPIs, solve statistics, park, policy,
  horizon, input files, currency (the park file's economics.currency,
  absent without economics) and zeropark_version (the build stamp of
  zeropark --version); for a park with heat, its heat section (heat
  served by source, fuel by type, emissions by source);

  tenants.csv, one row per tenant:
` + results.ColumnsText(results.TenantColumnDocs(), "    ") + `
  and for a park with heat:
` + results.ColumnsText(results.HeatTenantColumnDocs(), "    ") + `
  tenant_intervals.csv, one row per interval:
` + results.ColumnsText(results.TenantIntervalColumnDocs(), "    ") + `
  attribution.json: the totals, plus the carbon still stored in the
  batteries and exported; and week.png, week.svg (the busiest week).

Numbers are the shortest decimal that reads back exactly, never in
exponent notation. The files appear together, only once the run
succeeded: an existing DIR is replaced whole, in one step, so it never
holds new files beside an earlier run's, and what an interrupted run left
beside it is cleared. DIR may hold only zeropark's run files: a file of
yours there (or a subdirectory) is never removed; the run is refused
naming it (exit 2). --demo NAME may replace --park and --series.`
}

func runRun(e *env, args []string) error {
	var sf scenarioFlags
	var policy, out string
	var asJSON bool
	f := newFlagSet(e, "run", "zeropark run [--demo NAME | --park FILE --series FILE] [--policy mpc|mpc-perfect|perfect|self|grid] [--out DIR] [flags]", runAbout())
	sf.add(f)
	policyFlag(f, &policy)
	f.StringVar(&out, "out", "", "write intervals.csv and summary.json into `DIR` (created if missing; not a file; holding nothing but an earlier run's files, checked before the run)")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON instead of the report (without --out)")
	if err := f.parse(args); err != nil {
		return err
	}
	pol, err := parsePolicy(policy)
	if err != nil {
		return err
	}
	if asJSON && out != "" {
		return badInputf("--json with --out %s: --json prints the summary on stdout instead of the report; with --out the summary "+
			"is DIR/summary.json: give one of them", out)
	}
	for _, w := range idleFlags(f, pol) {
		fmt.Fprintf(e.stderr, "zeropark run: warning: %s\n", w)
	}
	// Neither --demo nor --park: the default demo, as --demo's help says
	// and every other command takes it (QA, December 2026: run refused).
	if out != "" {
		if err := checkOutDir("--out", out); err != nil {
			return err
		}
		// A file of the user's in --out is refused now, not after the
		// run (a year at 15 minutes takes minutes).
		if err := results.CheckRunDir(out); err != nil {
			return outDirError(out, err)
		}
	}
	s, cfg, err := sf.prepare()
	if err != nil {
		return err
	}
	update, finish := e.progress("run", string(pol), "intervals", evenSteps)
	cfg.Progress = update
	start := time.Now()
	res, err := s.Run(pol, cfg)
	wall := time.Since(start)
	finish()
	if err != nil {
		return err
	}
	sum, err := sf.summary(s, res, cfg, wall)
	if err != nil {
		return err
	}
	if out == "" && asJSON {
		return e.printed(results.WriteSummaryJSON(e.stdout, sum))
	}
	att, err := dispatch.Attribute(s.Park, s.Profiles, res)
	if err != nil {
		return fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	if out == "" {
		return e.printed(results.WriteReport(e.stdout, sum, att, sf.reportOptions(&cfg)))
	}
	extra := runFiles(s, res, att)
	if e.extraRunFiles != nil {
		extra = append(extra, e.extraRunFiles(s, res)...)
	}
	return writeRunDir(e, out, s, res, sum, extra)
}

// idleFlags are warnings for the flags given to run that policy pol does
// not use: --forecast (only the rolling horizon with forecasts, mpc,
// plans with forecasts) and --horizon (only the rolling horizons, mpc and
// mpc-perfect, look ahead; perfect foresight sees the whole period);
// --objective and --carbon-price under the rules (grid, self), which
// follow fixed orders whatever the objective. A flag left at its default
// says nothing.
func idleFlags(f *flagSet, pol dispatch.Policy) []string {
	var out []string
	f.Visit(func(fl *flag.Flag) {
		switch {
		case fl.Name == "forecast" && pol != dispatch.RollingHorizon:
			out = append(out, fmt.Sprintf("--forecast does nothing under --policy %s: only the rolling horizon with forecasts (mpc) plans with forecasts", pol))
		case fl.Name == "horizon" && pol != dispatch.RollingHorizon && pol != dispatch.PerfectInformation:
			out = append(out, fmt.Sprintf("--horizon does nothing under --policy %s: only the rolling horizons (mpc, mpc-perfect) look ahead", pol))
		case (fl.Name == "objective" || fl.Name == "carbon-price") && (pol == dispatch.GridOnlyPolicy || pol == dispatch.SelfConsumptionPolicy):
			out = append(out, fmt.Sprintf("--%s does nothing under --policy %s: the rule follows a fixed order, by carbon where it chooses, whatever the objective (only the LP policies mpc, mpc-perfect and perfect weigh cost)", fl.Name, pol))
		}
	})
	return out
}

// noCheckIdle is the warning for the flags of names given with
// --no-check (noCheck), which set only how the skipped operation checks
// run (plan's and pathway's); "" when there is none.
func noCheckIdle(f *flagSet, noCheck bool, names ...string) string {
	var given []string
	f.Visit(func(fl *flag.Flag) {
		if noCheck && slices.Contains(names, fl.Name) {
			given = append(given, "--"+fl.Name)
		}
	})
	if len(given) == 0 {
		return ""
	}
	return strings.Join(given, ", ") + " does nothing with --no-check: it sets how the operation checks run"
}

// runFiles are the files `run --out` writes beside intervals.csv and
// summary.json: the tenants' attribution and the week plot.
func runFiles(s *scenario.Scenario, res *dispatch.Result, att *dispatch.Attribution) []results.OutputFile {
	return append(results.AttributionFiles(s.Profiles, att), weekFiles(s, res)...)
}

// writeRunDir writes the run's files into directory out, all at once
// (results.WriteRun), and says what it wrote.
func writeRunDir(e *env, out string, s *scenario.Scenario, res *dispatch.Result, sum results.Summary, extra []results.OutputFile) error {
	if err := results.WriteRun(out, s.Park, res.Schedule, sum, extra...); err != nil {
		if errors.Is(err, results.ErrOutput) {
			return badInput(fmt.Errorf("--out: %w", err))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d intervals) and %s", filepath.Join(out, results.IntervalsFile), res.Schedule.Len,
		filepath.Join(out, results.SummaryFile))
	for _, x := range extra {
		fmt.Fprintf(e.stdout, ", %s", filepath.Join(out, x.Name))
	}
	fmt.Fprintf(e.stdout, "\n%s: stage %s, residual %s tCO2e, offsets needed %s tCO2e\n",
		dispatch.Policies().Title(res.Policy), sum.Stage, results.Grouped(sum.ResidualKgCO2e/1000, 1), results.Grouped(sum.OffsetsNeededTCO2e, 1))
	return nil
}
