package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

func init() {
	register(&command{
		name:    "report",
		summary: "dispatch a park for its period under five policies and print its net-zero report (the default)",
		run:     runReport,
	})
}

// Illustrative default prices (currency per unit): round figures of the
// order of voluntary carbon offsets and of green-electricity certificates,
// for showing the arithmetic, not market quotes.
const (
	defaultOffsetPricePerTCO2e    = 15
	defaultCertificatePricePerMWh = 5
)

// scenarioFlags choose the park and period a command dispatches, and the
// dispatch settings shared by report and run.
type scenarioFlags struct {
	demo, park, series string
	horizon            time.Duration
	limitHours         int
	offsetPrice        optFloat
	certificatePrice   optFloat
	offsetsHeld        optFloat
	certificatesHeld   optFloat
	forecasts          listFlag
	// objective is "", "carbon" or "cost"; carbonPrice prices carbon in
	// the cost objective (a price > 0 implies it).
	objective   string
	carbonPrice optFloat
	// pricesFrom says where the ledger's prices came from, for the report:
	// "illustrative" defaults, the park file, or the flags.
	pricesFrom string
	// step, when set, resamples the series before anything is derived
	// from them (scenario.Resampled).
	step stepFlag
}

// optFloat is a float64 flag that remembers whether it was given, so a
// flag given overrides the park file and one left out does not.
type optFloat struct {
	v   float64
	set bool
}

func (o *optFloat) String() string {
	if o == nil {
		return "0"
	}
	return strconv.FormatFloat(o.v, 'g', -1, 64)
}

func (o *optFloat) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return errors.New("not a number")
	}
	o.v, o.set = v, true
	return nil
}

// stepFlag is --step: a duration whose unset value prints as nothing.
type stepFlag struct{ d time.Duration }

func (s *stepFlag) String() string {
	if s == nil || s.d == 0 {
		return ""
	}
	return s.d.String()
}

func (s *stepFlag) Set(v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		return errors.New("not a duration (e.g. 15m)")
	}
	s.d = d
	return nil
}

func (sf *scenarioFlags) add(f *flagSet) {
	f.StringVar(&sf.demo, "demo", "", "embedded demo park to use: "+strings.Join(demo.Names(), " or ")+
		"\n(default "+demo.Default+" when neither --demo nor --park is given)")
	f.StringVar(&sf.park, "park", "", "park JSON `FILE` (with --series) instead of a demo")
	f.StringVar(&sf.series, "series", "", "series CSV `FILE` holding the park's columns")
	f.Var(&sf.step, "step", "resample the series to this `STEP` before dispatching (e.g. 15m; default: the series' own\n"+
		"step): averaged to a longer step, held at a shorter one, so loads keep their energy and\n"+
		"carbon, prices and weather stay what was published for each interval; must divide an hour")
	f.DurationVar(&sf.horizon, "horizon", 24*time.Hour, "look-ahead of the rolling horizon (e.g. 24h, 48h): a whole number of\n"+
		"series steps, at most "+strconv.Itoa(dispatch.MaxHorizonSteps)+" of them; capped at the period")
	sf.offsetPrice.v, sf.certificatePrice.v = defaultOffsetPricePerTCO2e, defaultCertificatePricePerMWh
	f.Var(&sf.offsetPrice, "offset-price",
		"carbon offset `PRICE` per tCO2e, in your currency (the default is illustrative;\noverrides the park file's market.offset_price_per_tco2e)")
	f.Var(&sf.certificatePrice, "certificate-price",
		"green-electricity certificate `PRICE` per MWh (the default is illustrative;\noverrides the park file's market.certificate_price_per_mwh)")
	f.Var(&sf.offsetsHeld, "offsets-held",
		"carbon offsets the park holds, `TCO2E`, against the period dispatched: the residual they\ncover needs none bought, and zero-carbon needs all of it covered (overrides the park\nfile's market.offsets_held_tco2e)")
	f.Var(&sf.certificatesHeld, "certificates-held",
		"green-electricity certificates the park holds, `MWH`: they count in the clean-energy share\nup to the grid import (overrides the park file's market.certificates_held_mwh)")
	f.Var(&sf.forecasts, "forecast", "replace a default forecaster of the rolling horizon (repeatable): `SERIES=METHOD`.\n"+
		"SERIES: carbon, load, pv, wind (every asset of the kind) or KIND:NAME (one asset).\n"+
		"METHOD: "+strings.Join(forecastMethods(), ", ")+",\n"+
		"or provided:COLUMN, a ready-made forecast in the series file (e.g. carbon=provided:co2_day_ahead)")
	f.StringVar(&sf.objective, "objective", "", "what the LP minimises: `carbon` (carbon first, then cost: the default) or cost\n"+
		"(energy + demand charges + wear + carbon price × carbon, in the park's currency)")
	f.Var(&sf.carbonPrice, "carbon-price", "carbon `PRICE` per tCO2e in the cost objective (0 by default; a price above 0\nimplies --objective cost): how much cost the dispatch may spend to save carbon")
	// Hidden: dispatch only the first N hours (tests, quick looks).
	f.IntVar(&sf.limitHours, "limit-hours", 0, "dispatch only the first `N` hours")
	f.hide("limit-hours")
}

// marketFlags are the flags that override the park file's market, with
// the ledger field each sets.
func (sf *scenarioFlags) marketFlags() []struct {
	flag  string
	o     *optFloat
	field func(c *dispatch.LedgerConfig) *float64
} {
	return []struct {
		flag  string
		o     *optFloat
		field func(c *dispatch.LedgerConfig) *float64
	}{
		{"--offset-price", &sf.offsetPrice, func(c *dispatch.LedgerConfig) *float64 { return &c.OffsetPricePerTCO2e }},
		{"--certificate-price", &sf.certificatePrice, func(c *dispatch.LedgerConfig) *float64 { return &c.CertificatePricePerMWh }},
		{"--offsets-held", &sf.offsetsHeld, func(c *dispatch.LedgerConfig) *float64 { return &c.OffsetsHeldTCO2e }},
		{"--certificates-held", &sf.certificatesHeld, func(c *dispatch.LedgerConfig) *float64 { return &c.CertificatesHeldMWh }},
	}
}

// config is the dispatch configuration the flags ask for (before the park
// file's market is applied: see prepare).
func (sf *scenarioFlags) config() (dispatch.Config, error) {
	cfg := dispatch.DefaultConfig()
	if sf.horizon <= 0 {
		return cfg, badInputf("--horizon %v: must be positive", sf.horizon)
	}
	for _, m := range sf.marketFlags() {
		if v := m.o.v; !(v >= 0) || math.IsInf(v, 0) {
			return cfg, badInputf("%s %v: must be finite and ≥ 0", m.flag, v)
		}
	}
	if v := sf.carbonPrice.v; !(v >= 0) || math.IsInf(v, 0) {
		return cfg, badInputf("--carbon-price %v: must be finite and ≥ 0", v)
	}
	switch sf.objective {
	case "", "cost":
	case "carbon":
		if sf.carbonPrice.v > 0 {
			return cfg, badInputf("--carbon-price %v needs --objective cost: a carbon price weighs carbon against cost", sf.carbonPrice.v)
		}
	default:
		return cfg, badInputf("--objective %s: want carbon or cost", model.Quote(sf.objective))
	}
	if sf.objective == "cost" {
		cfg.Objective = dispatch.Cost
	}
	cfg.CarbonPricePerTCO2e = sf.carbonPrice.v
	cfg.Horizon = sf.horizon
	cfg.Ledger.OffsetPricePerTCO2e = sf.offsetPrice.v
	cfg.Ledger.CertificatePricePerMWh = sf.certificatePrice.v
	return cfg, nil
}

// market applies the park file's market to cfg, then the market flags
// given (a flag given overrides the file), and notes where the prices
// came from.
func (sf *scenarioFlags) market(cfg *dispatch.Config, m *model.Market) {
	cfg.Ledger = cfg.Ledger.WithMarket(m)
	for _, f := range sf.marketFlags() {
		if f.o.set {
			*f.field(&cfg.Ledger) = f.o.v
		}
	}
	sf.pricesFrom = "illustrative"
	if m != nil && (m.OffsetPricePerTCO2e != nil || m.CertificatePricePerMWh != nil) {
		sf.pricesFrom = "park file"
	}
	if sf.offsetPrice.set || sf.certificatePrice.set {
		sf.pricesFrom = "flags"
	}
}

// prepare is config then load, then the park file's market and the market
// flags: what every dispatching command starts with.
func (sf *scenarioFlags) prepare() (*scenario.Scenario, dispatch.Config, error) {
	cfg, err := sf.config()
	if err != nil {
		return nil, cfg, err
	}
	s, err := sf.load()
	if err != nil {
		return nil, cfg, err
	}
	sf.market(&cfg, s.Park.Market)
	return s, cfg, nil
}

// load reads the scenario the flags name: a user park and series, or an
// embedded demo (the default demo when nothing is named).
func (sf *scenarioFlags) load() (*scenario.Scenario, error) {
	var (
		s   *scenario.Scenario
		err error
	)
	if st := sf.step.d; st < 0 || st > time.Hour || (st > 0 && time.Hour%st != 0) {
		return nil, badInputf("--step %v: must be positive and divide an hour (e.g. 30m, 15m, 5m)", st)
	}
	switch {
	case sf.demo != "" && (sf.park != "" || sf.series != ""):
		return nil, badInputf("--demo and --park/--series exclude each other")
	case sf.park != "" && sf.series == "":
		return nil, badInputf("--park %s needs --series FILE", sf.park)
	case sf.series != "" && sf.park == "":
		return nil, badInputf("--series %s needs --park FILE", sf.series)
	case sf.park != "":
		if err := errors.Join(inputFileProblem("--park", sf.park), inputFileProblem("--series", sf.series)); err != nil {
			return nil, badInput(err)
		}
		s, err = scenario.LoadAt(sf.park, sf.series, sf.step.d)
	default:
		s, err = scenario.DemoAt(sf.demo, sf.step.d)
		if errors.Is(err, demo.ErrUnknown) {
			err = badInput(err)
		}
	}
	if err != nil {
		return nil, err
	}
	if sf.limitHours < 0 {
		return nil, badInputf("--limit-hours %d: must be ≥ 0", sf.limitHours)
	}
	if _, err := dispatch.HorizonSteps(sf.horizon, s.Profiles.Step); err != nil {
		// Checked here, where the series' step is known, so the message
		// names the flag rather than the Go field.
		return nil, badInputf("--horizon %v: %s", sf.horizon, strings.TrimPrefix(errText(err), "Horizon = "+sf.horizon.String()+" "))
	}
	if sf.limitHours > 0 {
		n := int(time.Duration(sf.limitHours) * time.Hour / s.Profiles.Step)
		n = min(max(n, 1), s.Profiles.Len)
		s = s.Slice(0, n)
	}
	var choices []scenario.ForecastChoice
	for _, spec := range sf.forecasts {
		c, err := scenario.ParseForecastChoice(spec)
		if err != nil {
			return nil, badInput(fmt.Errorf("--forecast: %w", err))
		}
		choices = append(choices, c)
	}
	if err := s.SetForecasts(choices); err != nil {
		if errors.Is(err, scenario.ErrForecastChoice) {
			// Checked against the park's assets and the series' columns.
			err = badInput(fmt.Errorf("--forecast (%s): %w", sf.inputs(s), err))
		}
		return nil, err
	}
	return s, nil
}

// inputs names the files the scenario came from ("park.json, series.csv"),
// or the demo, for messages.
func (sf *scenarioFlags) inputs(s *scenario.Scenario) string {
	if sf.park != "" {
		return sf.park + ", " + sf.series
	}
	return fmt.Sprintf("demo %q", s.Name)
}

// errText is err's message without its package prefixes ("dispatch:
// invalid config: ").
func errText(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": Horizon = "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// forecastMethods are the methods --forecast accepts.
func forecastMethods() []string {
	var m []string
	for _, n := range forecast.Methods() {
		if n != forecast.MethodWeatherPV && n != forecast.MethodProvided {
			m = append(m, n)
		}
	}
	return m
}

// summary is the summary of r with the inputs named.
func (sf *scenarioFlags) summary(s *scenario.Scenario, r *dispatch.Result, cfg dispatch.Config, wall time.Duration) scenario.Summary {
	sum := scenario.NewSummary(s, r, cfg)
	if sf.park != "" {
		sum.ParkFile, sum.SeriesFile = sf.park, sf.series
	} else {
		sum.Demo = s.Name
	}
	sum.RunTimeS = wall.Seconds()
	return sum
}

func runReport(e *env, args []string) error {
	var sf scenarioFlags
	var asJSON bool
	f := newFlagSet(e, "report", "zeropark [report] [--demo NAME | --park FILE --series FILE] [flags]", `
Dispatches the park for its whole period under five policies — grid-only
(business as usual), rule-based self-consumption, the rolling horizon (the
LP re-solved every interval) planning with forecasts, the same with perfect
information, and perfect foresight (one LP over the period, the lower
bound) — and prints the net-zero report of the rolling horizon with
forecasts, a table comparing the five, what the forecast errors cost in
carbon and how each forecaster did. Without --park, the embedded demo park
is used.`)
	sf.add(f)
	f.BoolVar(&asJSON, "json", false, "print the five policies' summaries as a JSON array instead")
	if err := f.parse(args); err != nil {
		return err
	}
	s, cfg, err := sf.prepare()
	if err != nil {
		return err
	}
	pols := dispatch.Policies().Names()
	update, finish := e.progress("report", "dispatching", fmt.Sprintf("intervals of %d policies", len(pols)))
	cfg.Progress = update
	results, walls, err := scenario.CompareTimed(s, cfg, pols)
	finish()
	if err != nil {
		return err
	}
	sums := make([]scenario.Summary, len(results))
	mpc := 0
	for i, r := range results {
		sums[i] = sf.summary(s, r, cfg, walls[i])
		if r.Policy == dispatch.RollingHorizon {
			mpc = i
		}
	}
	if asJSON {
		b, err := json.MarshalIndent(sums, "", "  ")
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(append(b, '\n'))
		return err
	}
	att, err := dispatch.Attribute(s.Park, s.Profiles, results[mpc])
	if err != nil {
		return err
	}
	printReport(e.stdout, sums[mpc], &cfg, att, sf.pricesFrom)
	printComparison(e.stdout, sums)
	by := map[dispatch.Policy]*dispatch.Result{}
	for _, r := range results {
		by[r.Policy] = r
	}
	printForecasts(e.stdout, by[dispatch.RollingHorizon], by[dispatch.PerfectInformation], by[dispatch.Perfect], s.Forecasts, cfg.Horizon)
	return nil
}

// grouped formats v with prec decimals and thin groups of three digits
// ("12,345.6").
func grouped(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return s
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + frac
}

// num is grouped(v, prec) right-aligned in 10 characters, so that numbers
// line up in left-aligned tables.
func num(v float64, prec int) string { return fmt.Sprintf("%10s", grouped(v, prec)) }

// seconds formats a wall time given in seconds for tables.
func seconds(s float64) string {
	switch {
	case s < 0.001:
		return "< 1 ms"
	case s < 1:
		return fmt.Sprintf("%.0f ms", 1000*s)
	}
	return fmt.Sprintf("%.2f s", s)
}

func pct(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) + " %" }

// printReport writes the readable net-zero report of one run, with its
// tenants' shares when att is given and the park has more than one.
// pricesFrom is scenarioFlags.pricesFrom.
func printReport(w io.Writer, sum scenario.Summary, cfg *dispatch.Config, att *dispatch.Attribution, pricesFrom string) {
	r := &sum.Report
	fmt.Fprintf(w, "zeropark net-zero report — %s\n", sum.Park)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if sum.Demo != "" {
		fmt.Fprintf(tw, "  input\tembedded demo %q\n", sum.Demo)
	} else {
		fmt.Fprintf(tw, "  input\t%s, %s\n", sum.ParkFile, sum.SeriesFile)
	}
	fmt.Fprintf(tw, "  period\t%s to %s: %d intervals of %g min\n",
		r.Start.Format(time.RFC3339), r.End.Format(time.RFC3339), r.Steps, r.StepMinutes)
	pol := dispatch.Policies().Title(r.Policy) + " (" + string(r.Policy) + ")"
	if r.Policy == dispatch.RollingHorizon {
		pol += fmt.Sprintf(", look-ahead %g h", sum.HorizonHours)
		if r.Solve.HorizonCapped {
			pol += fmt.Sprintf(", capped at the period's %d intervals", r.Solve.HorizonSteps)
		}
	}
	fmt.Fprintf(tw, "  policy\t%s\n", pol)
	if r.Objective == dispatch.Cost {
		fmt.Fprintf(tw, "  objective\tcost: energy + demand charges + wear + %g per tCO2e of dispatch carbon\n", r.CarbonPricePerTCO2e)
	}
	tw.Flush()

	printStage(w, r, cfg)
	fmt.Fprintln(w, "\nEmissions, location-based (accounting factor)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	t := func(kg float64) string { return num(kg/1000, 1) }
	fmt.Fprintf(tw, "  baseline: all load from the grid\t%s tCO2e\n", t(r.BaselineKgCO2e))
	fmt.Fprintf(tw, "  residual after dispatch\t%s tCO2e\n", t(r.ResidualKgCO2e))
	fmt.Fprintf(tw, "  avoided\t%s tCO2e\n", t(r.AvoidedKgCO2e))
	fmt.Fprintf(tw, "  storage-adjusted residual\t%s tCO2e\n", t(r.AdjustedResidualKgCO2e))
	tw.Flush()
	fmt.Fprintf(w, "  (storage adjustment: stored energy drawn down over the period × %.3f kgCO2e/kWh)\n", r.StorageValueKgCO2ePerKWh)

	fmt.Fprintln(w, "\nTo reach net zero")
	if r.OffsetsHeldTCO2e > 0 || r.CertificatesHeldMWh > 0 {
		fmt.Fprintf(w, "  held against this period: %s tCO2e of offsets, %s MWh of certificates\n",
			grouped(r.OffsetsHeldTCO2e, 1), grouped(r.CertificatesHeldMWh, 1))
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  offsets needed\t%s tCO2e\tcosting %s at %g per tCO2e\n",
		grouped(r.OffsetsNeededTCO2e, 1), grouped(r.OffsetCost, 0), cfg.Ledger.OffsetPricePerTCO2e)
	fmt.Fprintf(tw, "  or green certificates\t%s MWh\tcosting %s at %g per MWh (for the residual grid import)\n",
		grouped(r.CertificatesMWh, 1), grouped(r.CertificateCost, 0), cfg.Ledger.CertificatePricePerMWh)
	tw.Flush()
	switch pricesFrom {
	case "park file":
		fmt.Fprintln(w, "  prices from the park file's market")
	case "flags":
		fmt.Fprintln(w, "  prices as given by --offset-price and --certificate-price")
	default:
		fmt.Fprintln(w, "  prices are illustrative: set --offset-price and --certificate-price (or the park file's market)")
	}
	if att != nil && len(att.Tenants) > 1 {
		printTenants(w, att)
	}

	fmt.Fprintln(w, "\nEnergy")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	en := &r.Energy
	for _, row := range []struct {
		name string
		kwh  float64
	}{
		{"load", en.Load}, {"PV", en.PV}, {"wind", en.Wind}, {"curtailed", en.Curtailed},
		{"grid import", en.Import}, {"grid export", en.Export}, {"battery losses", en.BatteryLosses},
		{"unserved", en.Unserved}, {"consumption", en.Consumption},
	} {
		fmt.Fprintf(tw, "  %s\t%s MWh\n", row.name, num(row.kwh/1000, 1))
	}
	tw.Flush()
	fmt.Fprintln(w, "  consumption = grid import + renewable − export (GB/T 2589), so battery losses are consumed")
	if r.Objective == dispatch.Cost || len(r.MonthlyPeakImportKW) > 0 {
		fmt.Fprintf(w, "  energy cost %s (at each interval's price, export netted)", grouped(r.EnergyCost, 0))
		if len(r.MonthlyPeakImportKW) > 0 {
			fmt.Fprintf(w, "; demand charge %s over %d month(s)", grouped(r.DemandChargeCost, 0), len(r.MonthlyPeakImportKW))
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintln(w, "\nKPIs")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  renewable share\t%s\t(renewable content of the served load, traced through the batteries)\n", pct(r.RenewableShare))
	fmt.Fprintf(tw, "  self-sufficiency\t%s\t(served load not imported / served load)\n", pct(r.SelfSufficiency))
	fmt.Fprintf(tw, "  self-consumption\t%s\t(renewable used on site / renewable generated)\n", pct(r.SelfConsumption))
	fmt.Fprintf(tw, "  curtailment share\t%s\t(curtailed / renewable available)\n", pct(r.CurtailmentShare))
	fmt.Fprintf(tw, "  unserved\t%s kWh\n", grouped(r.UnservedKWh, 1))
	tw.Flush()

	fmt.Fprintln(w, "\nCarbon signals")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  dispatch (minimised)\t%s\n", r.DispatchSignal)
	fmt.Fprintf(tw, "  accounting (reported)\t%s\n", r.AccountingSignal)
	tw.Flush()

	if r.Solve.Solves > 0 {
		fmt.Fprintf(w, "\nSolves: %d LPs, %d simplex iterations, %.2f s in the solver (per solve p50 %.2f ms, p99 %.2f ms)\n",
			r.Solve.Solves, r.Solve.Iterations, r.Solve.TotalS, r.Solve.P50MS, r.Solve.P99MS)
	}
	printRepairs(w, r.Solve)
}

// printRepairs lists, one line per series, the forecast values the
// dispatch replaced because they were not usable, and the measured states
// of charge it clamped; nothing when there were none.
func printRepairs(w io.Writer, st dispatch.SolveStats) {
	if len(st.Repaired) == 0 && st.SoCClamped == 0 {
		return
	}
	fmt.Fprintln(w, "\nRepairs: forecast values replaced because they were NaN, infinite, negative or implausibly large")
	names := make([]string, 0, len(st.Repaired))
	for n := range st.Repaired {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, n := range names {
		fmt.Fprintf(tw, "  %s\t%s values\n", n, grouped(float64(st.Repaired[n]), 0))
	}
	if st.SoCClamped > 0 {
		fmt.Fprintf(tw, "  state of charge clamped to [min, max]\t%s times\n", grouped(float64(st.SoCClamped), 0))
	}
	tw.Flush()
}

// printStage writes the stage and what it was judged on: the notice's
// core indicator, its guiding indicators (the four outside energy supply
// not assessed), the low-carbon test, the unserved-load gate and why the
// park is not a stage higher.
func printStage(w io.Writer, r *dispatch.Report, cfg *dispatch.Config) {
	b := &r.StageBasis
	fmt.Fprintf(w, "\nStage: %s\n", r.Stage)
	if b.StageLimitedBy != "" {
		fmt.Fprintf(w, "  not higher: %s\n", b.StageLimitedBy)
	}
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "not met"
	}
	row := func(name, value, ok, target string) {
		fmt.Fprintf(w, "    %-36s %-15s %-8s %s\n", name, value, ok, target)
	}
	fmt.Fprintln(w, "  core indicator (decides the stage):")
	row("carbon per energy consumed", fmt.Sprintf("%.3f tCO2/tce", b.CarbonPerTce), met(b.CoreMet),
		fmt.Sprintf("≤ %.2f for a park of %s tce a year", b.CarbonPerTceMax, grouped(b.ConsumptionTcePerYear, 0)))
	fmt.Fprintln(w, "  guiding indicators:")
	for i, g := range b.Guiding {
		switch {
		case g.Value == nil:
			row(g.Name, "not assessed", "", g.Threshold)
		case i == 0 && !b.CleanShareRequired:
			row(g.Name, pct(*g.Value), met(g.Met), g.Threshold+" (reported, not required)")
		default:
			row(g.Name, pct(*g.Value), met(g.Met), g.Threshold+" (required)")
		}
	}
	fmt.Fprintln(w, "  low-carbon (either):")
	row("renewable share of served load", pct(r.RenewableShare), met(r.RenewableShare >= cfg.Ledger.LowCarbonRenewableShareMin),
		"≥ "+pct(cfg.Ledger.LowCarbonRenewableShareMin))
	row("reduction vs baseline", pct(b.ReductionVsBaseline), met(b.ReductionVsBaseline >= cfg.Ledger.LowCarbonReductionMin),
		"≥ "+pct(cfg.Ledger.LowCarbonReductionMin))
	fmt.Fprintln(w, "  any stage above conventional:")
	row("unserved load", pct(b.UnservedShare), met(b.UnservedShare <= b.UnservedToleranceShare), "≤ "+pct(b.UnservedToleranceShare))
	fmt.Fprintf(w, "  consumption %s MWh = %s tce (GB/T 2589); clean share = (renewable − export + certificates) / consumption\n",
		grouped(r.Energy.Consumption/1000, 1), grouped(b.ConsumptionTce, 1))
	fmt.Fprintf(w, "  basis: %s\n", b.Sources)
	if r.SignalsDiffer {
		fmt.Fprintln(w, "  warning: the LP minimises the dispatch signal, not the accounting factor this report counts")
		fmt.Fprintln(w, "  (see Carbon signals): its dispatch is optimal for the signal and may emit more in the ledger")
	}
}

// printTenants writes each tenant's share of the residual and the
// renewable content of its energy.
func printTenants(w io.Writer, a *dispatch.Attribution) {
	fmt.Fprintln(w, "\nTenants: who the residual belongs to (each interval's carbon shared by the energy drawn)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  tenant                  \tload MWh\tresidual tCO2e\tkgCO2e/kWh\trenewable\toffsets tCO2e\t")
	for _, t := range a.Tenants {
		fmt.Fprintf(tw, "  %-24s\t%s\t%s\t%.3f\t%s\t%s\t\n", t.Name, grouped(t.LoadKWh/1000, 1),
			grouped(t.ResidualKgCO2e/1000, 1), t.KgCO2ePerKWh, pct(t.RenewableShare), grouped(t.OffsetsNeededTCO2e, 1))
	}
	tw.Flush()
	fmt.Fprintf(w, "  tenants + change in carbon stored in the batteries (%s tCO2e) + carbon exported (%s tCO2e) = residual\n",
		grouped(a.StoredChangeKgCO2e/1000, 1), grouped(a.ExportedKgCO2e/1000, 1))
	fmt.Fprintln(w, "  renewable: the on-site renewable content of the energy each tenant was served, traced the same way")
}

// printComparison writes the table comparing policies on the same period,
// and names the effect when a baseline ends lower in the ledger than a
// policy that plans with the LP.
func printComparison(w io.Writer, sums []scenario.Summary) {
	fmt.Fprintln(w, "\nPolicies compared (same park, same period)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  policy                \tresidual tCO2e\tstorage-adj. tCO2e\trenewable share\toffsets tCO2e\tstage\trun time\t")
	for _, s := range sums {
		fmt.Fprintf(tw, "  %-22s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", dispatch.Policies().Title(s.Policy),
			grouped(s.ResidualKgCO2e/1000, 1), grouped(s.AdjustedResidualKgCO2e/1000, 1),
			pct(s.RenewableShare), grouped(s.OffsetsNeededTCO2e, 1), s.Stage, seconds(s.RunTimeS))
	}
	tw.Flush()
	fmt.Fprintln(w, "  storage-adj.: residual plus the stored energy drawn down, so policies ending with")
	differ := slices.ContainsFunc(sums, func(s scenario.Summary) bool { return s.SignalsDiffer })
	if differ {
		fmt.Fprintln(w, "  different states of charge compare fairly; perfect foresight is the lower bound of what")
		fmt.Fprintln(w, "  the LP minimises (the dispatch signal), not of these figures (the accounting factor).")
	} else {
		fmt.Fprintln(w, "  different states of charge compare fairly; perfect foresight is the lower bound.")
	}
	for _, line := range comparisonNotes(sums, differ) {
		fmt.Fprintln(w, "  "+line)
	}
}

// comparisonNotes names the effect when a baseline (grid-only or
// self-consumption) has a lower storage-adjusted residual in the ledger
// than a policy that plans with the LP: the LP minimised the dispatch
// signal, not the accounting factor (differ), or, with one signal, the
// rolling horizon planned on forecasts, or negative rates, which the LP
// counts as zero, are credit in the ledger.
func comparisonNotes(sums []scenario.Summary, differ bool) []string {
	best, bestName := math.Inf(1), ""
	for _, s := range sums {
		if (s.Policy == dispatch.GridOnlyPolicy || s.Policy == dispatch.SelfConsumptionPolicy) && s.AdjustedResidualKgCO2e < best {
			best, bestName = s.AdjustedResidualKgCO2e, dispatch.Policies().Title(s.Policy)
		}
	}
	var beaten []string
	forecastsOnly := true
	for _, s := range sums {
		if s.Policy == dispatch.GridOnlyPolicy || s.Policy == dispatch.SelfConsumptionPolicy {
			continue
		}
		if s.AdjustedResidualKgCO2e > best+1e-6*(1+math.Abs(best)) {
			beaten = append(beaten, dispatch.Policies().Title(s.Policy))
			forecastsOnly = forecastsOnly && s.Policy == dispatch.RollingHorizon
		}
	}
	if len(beaten) == 0 {
		return nil
	}
	head := fmt.Sprintf("note: %s emits less in the ledger than %s:", bestName, strings.Join(beaten, ", "))
	switch {
	case differ:
		return []string{head, "the LP minimised the dispatch signal (e.g. marginal rates), not the accounting factor",
			"the ledger counts, so a rule that ignores both can end lower in the ledger."}
	case forecastsOnly:
		return []string{head, "the rolling horizon planned on forecasts (see what the forecasts cost below)."}
	}
	return []string{head, "the LP counts negative dispatch rates as zero, the ledger as credit, and the rolling",
		"horizon values stored energy at the horizon's end by its own rule."}
}

// printForecasts shows what forecast errors cost: the rolling horizon with
// forecasts against the same with perfect information and against perfect
// foresight (storage-adjusted residual), and how each forecaster did.
func printForecasts(w io.Writer, withFc, perfectInfo, perfect *dispatch.Result, choices []scenario.ForecastChoice, horizon time.Duration) {
	if withFc == nil || perfect == nil {
		return
	}
	g := dispatch.Gap(withFc, perfectInfo, perfect)
	fmt.Fprintln(w, "\nWhat the forecasts cost (storage-adjusted residual)")
	fmt.Fprintf(w, "  forecast error   %s tCO2e  (%s of the perfect-foresight lower bound): rolling horizon with\n", grouped(g.ForecastErrorKgCO2e/1000, 1), pct(g.ForecastErrorShare))
	fmt.Fprintln(w, "                   forecasts minus the same with perfect information")
	if perfectInfo != nil {
		fmt.Fprintf(w, "  finite horizon   %s tCO2e  (%s): perfect information minus perfect foresight\n", grouped(g.HorizonKgCO2e/1000, 1), pct(g.HorizonShare))
	}
	fc := withFc.Report.Forecasts
	if len(fc) == 0 {
		return
	}
	step := withFc.Schedule.Step
	fmt.Fprintf(w, "\nForecasters used by the rolling horizon (all leads of the %g h horizon)\n", horizon.Hours())
	methods := "  methods: the defaults (forecast/doc_forecasting.md)"
	for i, c := range choices {
		if i == 0 {
			methods += ", except "
		} else {
			methods += "; "
		}
		methods += c.String()
	}
	fmt.Fprintln(w, methods)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  series                          \tunit\tMAE\tRMSE\tnMAE\tbias\tskill vs persistence\tskill at 1 h\t")
	for _, f := range fc {
		lead1 := 0.0 // one hour ahead: lead hourSteps
		if hourSteps := int(time.Hour / step); hourSteps >= 1 && hourSteps <= len(f.PerLead) {
			lead1 = f.PerLead[hourSteps-1].Skill
		}
		o := f.Overall
		fmt.Fprintf(tw, "  %-32s\t%s\t%.3g\t%.3g\t%.3f\t%+.3g\t%+.3f\t%+.3f\t\n", f.Series, f.Unit, o.MAE, o.RMSE, o.NMAE, o.Bias, o.Skill, lead1)
	}
	tw.Flush()
}
