package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/internal/textcol"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// forecastCmd is `zeropark forecast`.
var forecastCmd = &command{
	name:    "forecast",
	summary: "backtest forecasting methods on a series column (MAE, RMSE, skill per lead)",
	run:     runForecast,
}

// forecastOpts are the flags of `zeropark forecast`.
type forecastOpts struct {
	series, demo, column, method, temp, provided string
	out, unit                                    string
	horizon, from, every                         time.Duration
	all                                          bool
}

func runForecast(e *env, args []string) error {
	var o forecastOpts
	fl := newFlagSet(e, "forecast",
		"zeropark forecast (--series FILE | --demo NAME) --column NAME [--method M | --all] [flags]",
		`Backtests a forecasting method by rolling origin: a forecast of --horizon
every --every, from --from on, scored against the actual values and against
persistence (skill = 1 − RMSE/RMSE_persistence); prints one row per lead, or
with --all one row per method. With --demo, the PV columns
derived:pv:<array> also allow clearsky-persistence.

Metrics, with e = forecast − actual over every scored value:
  MAE    mean |e|, in the column's unit
  RMSE   sqrt(mean e²), in the column's unit
  nMAE   MAE / mean |actual| (dimensionless); n/a (not defined) where every
         actual is 0, as on a windless wind column or a zero load (empty in
         --out's CSV, null in its JSON)
  bias   mean e, in the column's unit: positive over-forecasts, negative
         under-forecasts
  skill  1 − RMSE / RMSE of persistence (the last observed value) on the same
         targets: 0 persistence, 1 perfect, negative worse than persistence;
         n/a (not defined) where persistence is exact, as on a flat column
         (an empty cell in --out's CSV, null in its JSON)
The unit is the park's for a --demo column (kW for loads, kW/kWp for a PV
availability, kgCO2e/kWh for the carbon signal); a --series column's is not
known unless --unit names it.

--out DIR writes `+results.BacktestCSVFile+` and `+results.BacktestJSONFile+` (one row per method and lead,
and an "all" row per method), all at once; a DIR holding other files is
refused. Columns (<unit>: kw, kgco2e_per_kwh…, series_unit when not known):
`+results.ColumnsText(results.BacktestColumnDocs(), "  "))
	fl.StringVar(&o.series, "series", "", "series CSV `FILE` (header timestamp,<columns…>)")
	fl.StringVar(&o.demo, "demo", "", "use the embedded demo `NAME` instead of --series (its derived columns included)")
	fl.StringVar(&o.column, "column", "", "the column `NAME` to forecast")
	// ChoiceMethods: weather-pv needs a weather forecast set, which only
	// the Go API can give, so the command line does not offer it.
	fl.StringVar(&o.method, "method", forecast.MethodPersistence, "forecasting `METHOD`: "+strings.Join(forecast.ChoiceMethods(), ", ")+
		" (clearsky-persistence: a --demo derived:pv:<array> column; provided: needs --provided NAME; weather-pv is Go API only)")
	fl.BoolVar(&o.all, "all", false, "compare every applicable method (one row each); excludes --method")
	fl.DurationVar(&o.horizon, "horizon", 24*time.Hour, "forecast horizon")
	fl.DurationVar(&o.from, "from", 168*time.Hour, "history before the first forecast")
	fl.DurationVar(&o.every, "every", time.Hour, "time between forecasts")
	fl.StringVar(&o.temp, "temp", "", "temperature column `NAME` (°C) for regression, read as a perfect temperature forecast")
	fl.StringVar(&o.provided, "provided", "", "column `NAME` holding a ready-made forecast for method provided")
	fl.StringVar(&o.out, "out", "", "write "+results.BacktestCSVFile+" and "+results.BacktestJSONFile+" into `DIR` (created if missing; not a file; holding nothing but an earlier backtest's files, checked before the backtest)")
	fl.StringVar(&o.unit, "unit", "", "the column's `UNIT` (kW, kgCO2e/kWh…) for the table and the files; default: the park's for a --demo column, else not known")
	if err := fl.parse(args); err != nil {
		return err
	}
	if err := checkForecastMethod(fl, o); err != nil {
		return err
	}
	if o.out != "" {
		if err := checkOutDir("--out", o.out); err != nil {
			return err
		}
		// Refused now, not after the backtest has run and printed.
		if err := results.CheckBacktestDir(o.out); err != nil {
			return outDirError(o.out, err)
		}
	}
	s, in, unit, err := forecastInputs(o)
	if err != nil {
		return err
	}
	h, from, every, err := forecastSteps(o, s)
	if err != nil {
		return err
	}
	if o.all {
		cmp, err := forecast.Compare(nil, in, s, h, from, every)
		if err != nil {
			return err
		}
		printForecastComparison(e.stdout, o, unit, cmp, h, s.Step)
		return writeBacktest(e, o, unit, s.Step, cmp)
	}
	if !in.Applicable(o.method) {
		if _, err := forecast.New(o.method, forecast.Inputs{}); errors.Is(err, forecast.ErrUnknownMethod) {
			return badInput(fmt.Errorf("--method: %w", err))
		}
		return badInput(fmt.Errorf("--method %s: needs inputs that --column %s of %s does not have (see --help)", o.method, o.column, seriesName(o)))
	}
	f, err := forecast.New(o.method, in)
	if err != nil {
		return badInput(fmt.Errorf("--method: %w", err))
	}
	r, err := forecast.Backtest(f, s, h, from, every)
	if err != nil {
		return err
	}
	printForecastBacktest(e.stdout, o, unit, r, s.Step)
	return writeBacktest(e, o, unit, s.Step, []forecast.Comparison{{Method: o.method, Result: r}})
}

// writeBacktest writes the rows of cmp into --out (results.WriteBacktest),
// if given, and says what it wrote.
func writeBacktest(e *env, o forecastOpts, unit string, step time.Duration, cmp []forecast.Comparison) error {
	if o.out == "" {
		return nil
	}
	b := backtestRows(o, unit, step, cmp)
	if err := results.WriteBacktest(o.out, b); err != nil {
		if errors.Is(err, results.ErrOutput) {
			return badInput(fmt.Errorf("--out: %w", err))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d rows) and %s\n", filepath.Join(o.out, results.BacktestCSVFile), len(b.Rows),
		filepath.Join(o.out, results.BacktestJSONFile))
	return nil
}

// backtestRows are the rows the table prints, per method and lead and
// over all leads, as results.Backtest.
func backtestRows(o forecastOpts, unit string, step time.Duration, cmp []forecast.Comparison) *results.Backtest {
	b := &results.Backtest{Column: o.column, Unit: unit, StepMinutes: step.Minutes(),
		HorizonH: o.horizon.Hours(), FromH: o.from.Hours(), EveryH: o.every.Hours()}
	row := func(method, lead string, leadH float64, origins int, s *model.ErrorStats) results.BacktestRow {
		return results.BacktestRow{Method: method, Lead: lead, LeadH: leadH, Origins: origins,
			MAE: s.MAE(), RMSE: s.RMSE(), NMAE: s.NMAE(), Bias: s.Bias(), Skill: s.Skill()}
	}
	for _, c := range cmp {
		r := c.Result
		for k := range r.Lead {
			b.Rows = append(b.Rows, row(c.Method, strconv.Itoa(k+1), (time.Duration(k+1)*step).Hours(), r.Origins, &r.Lead[k]))
		}
		b.Rows = append(b.Rows, row(c.Method, results.BacktestAllLeads, math.NaN(), r.Origins, &r.Overall))
	}
	return b
}

// unitLabel is unit for a table's header, "series unit" when not known.
func unitLabel(unit string) string {
	if unit == "" {
		return "series unit"
	}
	return unit
}

// columnUnit is the unit of series column name as park p reads it ("" when
// p does not read it, or p is nil).
func columnUnit(p *model.Park, name string) string {
	if p == nil {
		return ""
	}
	for _, l := range p.Loads {
		if l.Column == name {
			return "kW"
		}
	}
	for _, a := range p.PV {
		if a.AvailabilityColumn == name || model.DerivedColumn("pv", a.Name) == name {
			return "kW/kWp"
		}
	}
	for _, a := range p.Wind {
		if a.AvailabilityColumn == name || model.DerivedColumn("wind", a.Name) == name {
			return "kW/kW"
		}
	}
	for _, h := range p.HeatLoads {
		if h.Column == name {
			return "kW_th"
		}
	}
	if p.Grid.DispatchCarbon.Column == name || p.Grid.AccountingCarbon != nil && p.Grid.AccountingCarbon.Column == name {
		return "kgCO2e/kWh"
	}
	return ""
}

// checkForecastMethod refuses what no series can make work: --method
// beside --all, weather-pv (Go API only) and provided without --provided.
func checkForecastMethod(fl *flagSet, o forecastOpts) error {
	methodSet := false
	fl.Visit(func(f *flag.Flag) { methodSet = methodSet || f.Name == "method" })
	switch {
	case o.all && methodSet:
		return badInput(errors.New("--method and --all exclude each other: --all compares every applicable method"))
	case o.all:
		return nil
	case o.method == forecast.MethodWeatherPV:
		return badInput(errors.New("--method weather-pv needs a weather forecast set, which only the Go API can give (forecast.Inputs); " +
			"the command line offers " + strings.Join(forecast.ChoiceMethods(), ", ")))
	case o.method == forecast.MethodProvided && o.provided == "":
		return badInput(errors.New("--method provided: --provided NAME is required (the column holding the ready-made forecast)"))
	}
	return nil
}

// forecastSteps are --horizon, --from and --every in steps of series s.
func forecastSteps(o forecastOpts, s model.Series) (h, from, every int, err error) {
	steps := func(name string, d time.Duration) (int, error) {
		if d <= 0 || d%s.Step != 0 {
			return 0, badInput(fmt.Errorf("--%s %s must be a positive multiple of the step %s of %s", name, d, s.Step, seriesName(o)))
		}
		return int(d / s.Step), nil
	}
	if h, err = steps("horizon", o.horizon); err != nil {
		return
	}
	if from, err = steps("from", o.from); err != nil {
		return
	}
	if every, err = steps("every", o.every); err != nil {
		return
	}
	if from+h > s.Len() {
		err = badInput(fmt.Errorf("--from %s plus --horizon %s exceed %s (%d steps of %s)", o.from, o.horizon, seriesName(o), s.Len(), s.Step))
	}
	return
}

// forecastInputs loads the series and builds the exogenous inputs.
// unit is --unit, or the park's unit of a --demo column ("" when not known).
func forecastInputs(o forecastOpts) (s model.Series, in forecast.Inputs, unit string, err error) {
	s, in, park, err := forecastSeries(o)
	if err != nil {
		return s, in, "", err
	}
	unit = o.unit
	if unit == "" {
		unit = columnUnit(park, o.column)
	}
	return s, in, unit, nil
}

// forecastSeries loads the series and builds the exogenous inputs; park
// is the --demo's (nil for --series).
func forecastSeries(o forecastOpts) (model.Series, forecast.Inputs, *model.Park, error) {
	var in forecast.Inputs
	if o.column == "" {
		return model.Series{}, in, nil, badInput(errors.New("--column is required"))
	}
	var set *model.SeriesSet
	var park *model.Park
	switch {
	case o.series != "" && o.demo != "":
		return model.Series{}, in, nil, badInput(errors.New("give --series or --demo, not both"))
	case o.series != "":
		if err := checkInputFile("--series", o.series); err != nil {
			return model.Series{}, in, nil, err
		}
		var err error
		if set, err = model.LoadSeries(o.series); err != nil {
			return model.Series{}, in, nil, badInput(err)
		}
	case o.demo != "":
		sc, err := scenario.Demo(o.demo)
		if err != nil {
			return model.Series{}, in, nil, badInput(err)
		}
		set, park = sc.Series, sc.Park
	default:
		return model.Series{}, in, nil, badInput(errors.New("give --series FILE or --demo NAME"))
	}
	s, ok := set.Column(o.column)
	if !ok {
		return model.Series{}, in, nil, badInput(fmt.Errorf("--column: %s: no column %s (have %s)", seriesName(o), model.Quote(o.column), quoteNames(set.Names)))
	}
	col := func(flagName, name string) (*model.Series, error) {
		if name == "" {
			return nil, nil
		}
		c, ok := set.Column(name)
		if !ok {
			return nil, badInput(fmt.Errorf("--%s: %s: no column %q", flagName, seriesName(o), name))
		}
		return &c, nil
	}
	var err error
	if in.TemperatureC, err = col("temp", o.temp); err != nil {
		return s, in, nil, err
	}
	if in.Provided, err = col("provided", o.provided); err != nil {
		return s, in, nil, err
	}
	if park != nil {
		for _, a := range park.PV {
			if a.Weather == nil || model.DerivedColumn("pv", a.Name) != o.column {
				continue
			}
			cs, err := physics.ClearSkyPVKW(*a.Weather, 1, 0, set.Start, set.Step, forecast.ClearSkySteps(set.Len, set.Step))
			if err != nil {
				return s, in, nil, err
			}
			in.ClearSky = &model.Series{Start: set.Start, Step: set.Step, Values: cs}
		}
	}
	return s, in, park, nil
}

// quoteNames lists column names of a series file for a message: the
// first 8, each cut as model.Quote cuts it, so that the message stays
// short whatever the file holds.
func quoteNames(names []string) string {
	const most = 8
	q := make([]string, 0, most+1)
	for i, n := range names {
		if i == most {
			q = append(q, fmt.Sprintf("… %d more", len(names)-most))
			break
		}
		q = append(q, model.Quote(n))
	}
	return strings.Join(q, ", ")
}

// seriesName names the series the options read, for messages: the file,
// or the demo.
func seriesName(o forecastOpts) string {
	if o.series != "" {
		return o.series
	}
	return fmt.Sprintf("demo %q", o.demo)
}

// leadLabel is how far ahead lead k+1 (in steps of step) looks.
func leadLabel(k int, step time.Duration) string {
	d := time.Duration(k+1) * step
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", d/time.Hour)
	}
	return fmt.Sprintf("%g min", d.Minutes())
}

func printForecastBacktest(w io.Writer, o forecastOpts, unit string, r *forecast.BacktestResult, step time.Duration) {
	fmt.Fprintf(w, "method %s, column %q: %d forecasts, horizon %s, from %s, every %s\n",
		o.method, o.column, r.Origins, o.horizon, o.from, o.every)
	tw := textcol.NewWriter(w, true)
	u := unitLabel(unit)
	fmt.Fprintf(tw, "lead\tMAE %[1]s\tRMSE %[1]s\tnMAE\tbias %[1]s\tskill\t\n", u)
	row := func(lead string, s *model.ErrorStats) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", lead, results.Significant(s.MAE(), 4), results.Significant(s.RMSE(), 4),
			results.FormatNMAE(s.NMAE()), results.SignedSignificant(s.Bias(), 3), results.FormatSkill(s.Skill()))
	}
	for k := range r.Lead {
		row(leadLabel(k, step), &r.Lead[k])
	}
	row("all", &r.Overall)
	tw.Flush()
}

func printForecastComparison(w io.Writer, o forecastOpts, unit string, cmp []forecast.Comparison, h int, step time.Duration) {
	fmt.Fprintf(w, "column %q: horizon %s, from %s, every %s\n", o.column, o.horizon, o.from, o.every)
	tw := textcol.NewWriter(w, true)
	// Skill 1, 6 and 24 h ahead, in steps of the series.
	var leads []int
	hdr := fmt.Sprintf("method\tMAE %[1]s\tRMSE %[1]s\tnMAE\tbias %[1]s\tskill\t", unitLabel(unit))
	for _, hours := range []int{1, 6, 24} {
		if l := int(time.Duration(hours) * time.Hour / step); l >= 1 && l <= h {
			leads = append(leads, l)
			hdr += fmt.Sprintf("skill@%dh\t", hours)
		}
	}
	fmt.Fprintln(tw, hdr)
	for _, c := range cmp {
		s := &c.Result.Overall
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t", c.Method, results.Significant(s.MAE(), 4), results.Significant(s.RMSE(), 4),
			results.FormatNMAE(s.NMAE()), results.SignedSignificant(s.Bias(), 3), results.FormatSkill(s.Skill()))
		for _, l := range leads {
			fmt.Fprintf(tw, "%s\t", results.FormatSkill(c.Result.Skill(l)))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}
