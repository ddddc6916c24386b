package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// reportCmd is `zeropark report`.
var reportCmd = &command{
	name:    "report",
	summary: "dispatch a park for its period under five policies and print its net-zero report (the default)",
	run:     runReport,
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
	requireCleanShare  bool
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
	// illustrative defaults, the park file, or the flags.
	pricesFrom results.PricesFrom
	// step, when set, resamples the series before anything is derived
	// from them (scenario.Options.Step).
	step stepFlag
	// flags is the command's flag set (add sets it): prepare's warnings
	// go to its stderr under its name.
	flags *flagSet
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

// given is the value when the flag was given, else nil.
func (o *optFloat) given() *float64 {
	if !o.set {
		return nil
	}
	v := o.v
	return &v
}

func (o *optFloat) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if errors.Is(err, strconv.ErrRange) {
		return errors.New("value out of range") // as the flag package says it of --margin 1e400
	}
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
	sf.flags = f
	f.StringVar(&sf.demo, "demo", "", "embedded demo park to use: "+strings.Join(demo.Names(), " or ")+
		"\n(default "+demo.Default+" when neither --demo nor --park is given)")
	f.StringVar(&sf.park, "park", "", "park JSON `FILE` (with --series) instead of a demo")
	f.StringVar(&sf.series, "series", "", "series CSV `FILE` holding the park's columns")
	f.Var(&sf.step, "step", "resample the series to this `STEP` before dispatching (e.g. 15m; default: the series' own\n"+
		"step): averaged to a longer step, held at a shorter one, so loads keep their energy and\n"+
		"carbon, prices and weather stay what was published for each interval; must divide an hour")
	f.DurationVar(&sf.horizon, "horizon", 24*time.Hour, "look-ahead of the rolling horizon (e.g. 24h, 48h): a whole number of\n"+
		"series steps, at most "+strconv.Itoa(dispatch.MaxHorizonSteps)+" of them; capped at the period")
	// The prices print no "(default …)": the flag's value applies only
	// when given; else the park file's, else the illustrative default.
	f.Var(&sf.offsetPrice, "offset-price",
		"carbon offset `PRICE` per tCO2e, in your currency. When given, it overrides the park file's\n"+
			"market.offset_price_per_tco2e; when not, the file's price applies, and if the file has none,\n"+
			strconv.Itoa(defaultOffsetPricePerTCO2e)+" (an illustrative figure, not a quote)")
	f.Var(&sf.certificatePrice, "certificate-price",
		"green-electricity certificate `PRICE` per MWh, in your currency. When given, it overrides the\n"+
			"park file's market.certificate_price_per_mwh; when not, the file's price applies, and if the\n"+
			"file has none, "+strconv.Itoa(defaultCertificatePricePerMWh)+" (an illustrative figure, not a quote)")
	f.Var(&sf.offsetsHeld, "offsets-held",
		"carbon offsets the park holds, `TCO2E`, against the period dispatched: the residual they\ncover needs none bought, and zero-carbon needs all of it covered (overrides the park\nfile's market.offsets_held_tco2e)")
	f.Var(&sf.certificatesHeld, "certificates-held",
		"green-electricity certificates the park holds, `MWH`: they count in the clean-energy share\nup to the grid import (overrides the park file's market.certificates_held_mwh)")
	f.Var(&sf.forecasts, "forecast", "replace a default forecaster of the rolling horizon (repeatable): `SERIES=METHOD`.\n"+
		"SERIES: carbon, load, pv, wind, heat (every asset of the kind; heat: the heat loads) or KIND:NAME (one asset).\n"+
		"METHOD: "+strings.Join(forecastMethods(), ", ")+",\n"+
		"or provided:COLUMN, a ready-made forecast in the series file (e.g. carbon=provided:co2_day_ahead)")
	f.StringVar(&sf.objective, "objective", "", "what the LP minimises: `carbon` (carbon first, then cost: the default) or cost\n"+
		"(energy + demand charges + wear + carbon price × carbon, in the park's currency)")
	f.Var(&sf.carbonPrice, "carbon-price", "carbon `PRICE` per tCO2e in the cost objective (0 by default; a price above 0\nimplies --objective cost): how much cost the dispatch may spend to save carbon")
	f.IntVar(&sf.limitHours, "limit-hours", 0, "use only the first `N` hours of the series (0: all of it), for a quick look")
	f.BoolVar(&sf.requireCleanShare, "require-clean-share", false, "make the clean-energy share (≥ 90 %, a guiding indicator of the\n"+
		"notice) a condition of near-zero-carbon and zero-carbon beside the core indicator (by default it is reported only)")
}

// options are the scenario options the flags ask for: a market flag
// given overrides the park file, one left out does not.
func (sf *scenarioFlags) options() scenario.Options {
	return scenario.Options{
		Demo: sf.demo, ParkFile: sf.park, SeriesFile: sf.series,
		Horizon: sf.horizon, Step: sf.step.d, LimitHours: sf.limitHours, Forecasts: sf.forecasts,
		RequireCleanShare: sf.requireCleanShare,
		Objective:         sf.objective, CarbonPricePerTCO2e: sf.carbonPrice.v,
		OffsetPricePerTCO2e: sf.offsetPrice.given(), CertificatePricePerMWh: sf.certificatePrice.given(),
		OffsetsHeldTCO2e: sf.offsetsHeld.given(), CertificatesHeldMWh: sf.certificatesHeld.given(),
		DefaultOffsetPricePerTCO2e:    defaultOffsetPricePerTCO2e,
		DefaultCertificatePricePerMWh: defaultCertificatePricePerMWh,
	}
}

// prepare loads the study the flags choose (scenario.Open) and its
// dispatch configuration: what every dispatching command starts with.
// Between checking the options and reading the files, it checks that the
// paths given are files, so that the message names the flag.
func (sf *scenarioFlags) prepare() (*scenario.Scenario, dispatch.Config, error) {
	o := sf.options()
	if err := o.Validate(); err != nil {
		return nil, dispatch.Config{}, badInput(err)
	}
	if o.ParkFile != "" {
		if err := errors.Join(inputFileProblem("--park", o.ParkFile), inputFileProblem("--series", o.SeriesFile)); err != nil {
			return nil, dispatch.Config{}, badInput(err)
		}
	}
	s, cfg, err := scenario.Open(o)
	if errors.Is(err, scenario.ErrOptions) {
		return nil, cfg, badInput(err)
	}
	if err != nil {
		return nil, cfg, err
	}
	sf.pricesFrom = sf.pricesSource(s.Park.Market)
	if sf.flags != nil {
		if warn := sf.illustrativePricesWarning(s.Park); warn != "" {
			fmt.Fprintf(sf.flags.e.stderr, "zeropark %s: warning: %s\n", sf.flags.Name(), warn)
		}
		for _, d := range append(s.Park.Doubts(s.Series), thresholdDoubts(s.Park)...) {
			fmt.Fprintf(sf.flags.e.stderr, "zeropark %s: warning: %s\n", sf.flags.Name(), d)
		}
		// A staged file's later years are not what any command but plan
		// pathway judges by: said, once, here, where every command that
		// dispatches or plans opens its park.
		if name := sf.flags.Name(); len(s.Park.StageThresholdsByYear) > 0 && name != "plan pathway" {
			what := "judges the stage"
			if strings.HasPrefix(name, "plan") {
				what = "sizes every design"
			}
			fmt.Fprintf(sf.flags.e.stderr, "zeropark %s: note: the park file's stage_thresholds_by_year is read by zeropark plan pathway only "+
				"(each milestone's year picks its entry); %s %s by stage_thresholds alone\n", name, name, what)
		}
	}
	if n := scenario.LimitSteps(sf.limitHours, s.Profiles.Step); sf.limitHours > 0 && s.Profiles.Len < n && sf.flags != nil {
		// Said, not left to be assumed: the run is shorter than asked.
		fmt.Fprintf(sf.flags.e.stderr, "zeropark %s: warning: --limit-hours %d: the series holds only %s h, all of it used\n",
			sf.flags.Name(), sf.limitHours, results.HoursText(float64(s.Profiles.Len)*s.Profiles.Step.Hours()))
	}
	return s, cfg, nil
}

// illustrativePricesWarning is the warning for a park whose offset or
// certificate price (or both) is the illustrative default, given neither
// by a flag nor by the park file's market, in a currency other than US
// dollars, whose order the defaults have: a CNY plan bought offsets at
// 15 CNY a tonne, where CCER trades at several times that, and said only
// "offsets at 15.00 CNY/tCO2e" (QA G, session 39). A park that sets one
// price and not the other is warned of the other. "" otherwise (a USD
// report says "prices are illustrative" itself).
func (sf *scenarioFlags) illustrativePricesWarning(p *model.Park) string {
	if p.Economics == nil || p.Economics.Currency == "" || p.Economics.Currency == model.DefaultCurrency {
		return ""
	}
	m := p.Market
	cur := p.Economics.Currency
	var what, flags, keys []string
	if !sf.offsetPrice.set && (m == nil || m.OffsetPricePerTCO2e == nil) {
		what = append(what, fmt.Sprintf("%d %s per tCO2e for offsets", defaultOffsetPricePerTCO2e, cur))
		flags, keys = append(flags, "--offset-price"), append(keys, "market.offset_price_per_tco2e")
	}
	if !sf.certificatePrice.set && (m == nil || m.CertificatePricePerMWh == nil) {
		what = append(what, fmt.Sprintf("%d %s per MWh for certificates", defaultCertificatePricePerMWh, cur))
		flags, keys = append(flags, "--certificate-price"), append(keys, "market.certificate_price_per_mwh")
	}
	if len(what) == 0 {
		return ""
	}
	return fmt.Sprintf("neither the park file's market nor %s gives a price: the illustrative %s are used, figures of the order "+
		"of US dollars, not %s quotes; set %s in the park file", strings.Join(flags, " or "), strings.Join(what, " and "), cur, strings.Join(keys, " and "))
}

// pricesSource says where the ledger's prices came from, for the report:
// the flags, else the park file's market m, else the illustrative
// defaults.
func (sf *scenarioFlags) pricesSource(m *model.Market) results.PricesFrom {
	switch {
	case sf.offsetPrice.set || sf.certificatePrice.set:
		return results.PricesFlags
	case m != nil && (m.OffsetPricePerTCO2e != nil || m.CertificatePricePerMWh != nil):
		return results.PricesParkFile
	}
	return results.PricesIllustrative
}

// forecastMethods are the methods --forecast accepts.
func forecastMethods() []string {
	var m []string
	for _, n := range forecast.ChoiceMethods() {
		if n != forecast.MethodProvided { // listed apart, with its column
			m = append(m, n)
		}
	}
	return m
}

// summary is the summary of r with the inputs named and their digests.
func (sf *scenarioFlags) summary(s *scenario.Scenario, r *dispatch.Result, cfg dispatch.Config, wall time.Duration) (results.Summary, error) {
	sum, err := s.Summary(r, cfg)
	if err != nil {
		return results.Summary{}, err
	}
	if sf.park != "" {
		sum.ParkFile, sum.SeriesFile = sf.park, sf.series
	} else {
		sum.Demo = s.Name
	}
	sum.RunTimeS = wall.Seconds()
	return sum, nil
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
	// Uneven: the policies' intervals cost from microseconds (grid-only)
	// to milliseconds (the rolling horizon), so an ETA extrapolated from
	// the first ones was 2–4 times short (QA, 2026-12-04).
	update, finish := e.progress("report", "dispatching", fmt.Sprintf("intervals of %d policies", len(pols)), unevenSteps)
	cfg.Progress = update
	runs, walls, err := scenario.CompareTimed(s, cfg, pols)
	finish()
	if err != nil {
		return err
	}
	sums := make([]results.Summary, len(runs))
	mpc := 0
	for i, r := range runs {
		if sums[i], err = sf.summary(s, r, cfg, walls[i]); err != nil {
			return err
		}
		if r.Policy == dispatch.RollingHorizon {
			mpc = i
		}
	}
	if asJSON {
		return e.printed(results.WriteSummariesJSON(e.stdout, sums))
	}
	att, err := dispatch.Attribute(s.Park, s.Profiles, runs[mpc])
	if err != nil {
		return err
	}
	opt := sf.reportOptions(&cfg)
	if err := results.WriteReport(e.stdout, sums[mpc], att, opt); err != nil {
		return e.printed(err)
	}
	if err := results.WriteComparison(e.stdout, sums, opt); err != nil {
		return e.printed(err)
	}
	by := map[dispatch.Policy]*dispatch.Result{}
	for _, r := range runs {
		by[r.Policy] = r
	}
	choices := make([]string, len(s.Forecasts))
	for i, c := range s.Forecasts {
		choices[i] = c.String()
	}
	return e.printed(results.WriteForecastCost(e.stdout, results.ForecastRuns{WithForecasts: by[dispatch.RollingHorizon],
		PerfectInformation: by[dispatch.PerfectInformation], PerfectForesight: by[dispatch.Perfect],
		Choices: choices, Horizon: cfg.Horizon}))
}

// printed is err from writing to e.stdout, or nil when it is the error
// standard output already holds: realMain reports that one once, as a
// failure to write standard output.
func (e *env) printed(err error) error {
	if out, ok := e.stdout.(*stickyWriter); ok && out.err != nil && errors.Is(err, out.err) {
		return nil
	}
	return err
}

// reportOptions are what the text report needs of the flags and cfg.
func (sf *scenarioFlags) reportOptions(cfg *dispatch.Config) results.ReportOptions {
	return results.ReportOptions{Ledger: cfg.Ledger, PricesFrom: sf.pricesFrom, PolicyTitle: dispatch.Policies().Title}
}
