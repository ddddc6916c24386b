package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

func init() {
	register(&command{
		name:    "run",
		summary: "dispatch a park under one policy; write intervals.csv and summary.json",
		run:     runRun,
	})
}

// runOutputHooks add files that `run --out` writes beside intervals.csv and
// summary.json, atomically with them. Other files of this package append to
// it in their init.
//
// HOOK(plot): plot_cmd.go appends a function returning the week plot here,
// e.g. scenario.OutputFile{Name: "week.svg", Write: …}.
var runOutputHooks []func(s *scenario.Scenario, res *dispatch.Result) []scenario.OutputFile

func runRun(e *env, args []string) error {
	var sf scenarioFlags
	var policy, out string
	var asJSON bool
	f := newFlagSet(e, "run", "zeropark run --park FILE --series FILE [--policy mpc|perfect|self|grid] [--out DIR] [flags]", `
Dispatches the park over its series' period under one policy. With --out,
writes DIR/intervals.csv (one row per interval: timestamp, load_kw, per PV
array pv:<name>_available_kw and pv:<name>_kw, per wind turbine
wind:<name>_available_kw and wind:<name>_kw, per battery
battery:<name>_charge_kw, battery:<name>_discharge_kw and
battery:<name>_soc_kwh, then import_kw, export_kw, unserved_kw,
curtailed_kw, dispatch_kgco2e_per_kwh, grid_kgco2e_per_kwh (the accounting
factor) and emissions_kgco2e) and DIR/summary.json (energy totals in kWh,
baseline/residual/avoided kgCO2e, offsets, certificates, stage, KPIs, solve
statistics, park, policy, horizon, input files and zeropark_version, the
build stamp of zeropark --version), DIR/tenants.csv (per
tenant: load_kwh, unserved_kwh, baseline_kgco2e, residual_kgco2e,
kgco2e_per_kwh, offsets_needed_tco2e: each interval's carbon shared by the
energy each tenant drew; renewable_kwh, renewable_share: the on-site
renewable content of its energy, traced the same way), DIR/tenant_intervals.csv (per interval, each
tenant's <name>_kw and <name>_kgco2e) and DIR/attribution.json (the
totals, plus the carbon still stored in the batteries and exported). The files appear together,
only once the run succeeded: an existing DIR is replaced whole, in one step,
so it never holds new files beside an earlier run's, and what an
interrupted run left beside it is cleared. DIR may hold only zeropark's run
files: a file of yours there (or a subdirectory) is never removed; the run
is refused naming it (exit 2). Without --out, prints the report.
--demo NAME may replace --park and --series.`)
	sf.add(f)
	policyFlag(f, &policy)
	f.StringVar(&out, "out", "", "write intervals.csv and summary.json into `DIR` (created if missing; not a file)")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON instead of the report (without --out)")
	if err := f.parse(args); err != nil {
		return err
	}
	pol, err := parsePolicy(policy)
	if err != nil {
		return err
	}
	if sf.park == "" && sf.series == "" && sf.demo == "" {
		f.usage(e.stderr)
		return badInputf("name the park: --park FILE --series FILE, or --demo NAME")
	}
	if out != "" {
		if err := checkOutDir("--out", out); err != nil {
			return err
		}
	}
	s, cfg, err := sf.prepare()
	if err != nil {
		return err
	}
	update, finish := e.progress("run", string(pol), "intervals")
	cfg.Progress = update
	start := time.Now()
	res, err := s.Run(pol, cfg)
	wall := time.Since(start)
	finish()
	if err != nil {
		return err
	}
	sum := sf.summary(s, res, cfg, wall)
	if out == "" && asJSON {
		return scenario.WriteSummaryJSON(e.stdout, sum)
	}
	extra, att, err := scenario.AttributionFiles(s, res)
	if err != nil {
		return err
	}
	if out == "" {
		printReport(e.stdout, sum, &cfg, att, sf.pricesFrom)
		return nil
	}
	for _, h := range runOutputHooks {
		extra = append(extra, h(s, res)...)
	}
	if err := scenario.WriteRun(out, s.Park, res.Schedule, sum, extra...); err != nil {
		if errors.Is(err, scenario.ErrOutput) {
			return badInput(fmt.Errorf("--out: %w", err))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d intervals) and %s", filepath.Join(out, scenario.IntervalsFile), res.Schedule.Len,
		filepath.Join(out, scenario.SummaryFile))
	for _, x := range extra {
		fmt.Fprintf(e.stdout, ", %s", filepath.Join(out, x.Name))
	}
	fmt.Fprintf(e.stdout, "\n%s: stage %s, residual %s tCO2e, offsets needed %s tCO2e\n",
		dispatch.Policies().Title(pol), sum.Stage, grouped(sum.ResidualKgCO2e/1000, 1), grouped(sum.OffsetsNeededTCO2e, 1))
	return nil
}
