package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
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
	horizon, from, every                         time.Duration
	all                                          bool
}

func runForecast(e *env, args []string) error {
	var o forecastOpts
	fl := newFlagSet(e, "forecast",
		"zeropark forecast (--series FILE | --demo NAME) --column NAME [--method M | --all] [flags]",
		`Backtests a forecasting method by rolling origin: a forecast of --horizon every --every,
from --from on, scored against the actual values and against persistence (skill =
1 − RMSE/RMSE_persistence); prints one row per lead, or with --all one row per method.
With --demo, the PV columns derived:pv:<array> also allow clearsky-persistence.`)
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
	if err := fl.parse(args); err != nil {
		return err
	}
	if err := checkForecastMethod(fl, o); err != nil {
		return err
	}
	s, in, err := forecastInputs(o)
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
		printForecastComparison(e.stdout, o, cmp, h, s.Step)
		return nil
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
	printForecastBacktest(e.stdout, o, r, s.Step)
	return nil
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
func forecastInputs(o forecastOpts) (model.Series, forecast.Inputs, error) {
	var in forecast.Inputs
	if o.column == "" {
		return model.Series{}, in, badInput(errors.New("--column is required"))
	}
	var set *model.SeriesSet
	var park *model.Park
	switch {
	case o.series != "" && o.demo != "":
		return model.Series{}, in, badInput(errors.New("give --series or --demo, not both"))
	case o.series != "":
		if err := checkInputFile("--series", o.series); err != nil {
			return model.Series{}, in, err
		}
		var err error
		if set, err = model.LoadSeries(o.series); err != nil {
			return model.Series{}, in, badInput(err)
		}
	case o.demo != "":
		sc, err := scenario.Demo(o.demo)
		if err != nil {
			return model.Series{}, in, badInput(err)
		}
		set, park = sc.Series, sc.Park
	default:
		return model.Series{}, in, badInput(errors.New("give --series FILE or --demo NAME"))
	}
	s, ok := set.Column(o.column)
	if !ok {
		return model.Series{}, in, badInput(fmt.Errorf("--column: %s: no column %s (have %s)", seriesName(o), model.Quote(o.column), quoteNames(set.Names)))
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
		return s, in, err
	}
	if in.Provided, err = col("provided", o.provided); err != nil {
		return s, in, err
	}
	if park != nil {
		for _, a := range park.PV {
			if a.Weather == nil || model.DerivedColumn("pv", a.Name) != o.column {
				continue
			}
			cs, err := physics.ClearSkyPVKW(*a.Weather, 1, 0, set.Start, set.Step, set.Len)
			if err != nil {
				return s, in, err
			}
			in.ClearSky = &model.Series{Start: set.Start, Step: set.Step, Values: cs}
		}
	}
	return s, in, nil
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

func printForecastBacktest(w io.Writer, o forecastOpts, r *forecast.BacktestResult, step time.Duration) {
	fmt.Fprintf(w, "method %s, column %q: %d forecasts, horizon %s, from %s, every %s\n",
		o.method, o.column, r.Origins, o.horizon, o.from, o.every)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "lead\tMAE\tRMSE\tnMAE\tbias\tskill\t")
	row := func(lead string, s *model.ErrorStats) {
		fmt.Fprintf(tw, "%s\t%.4g\t%.4g\t%.3f\t%+.3g\t%+.3f\t\n", lead, s.MAE(), s.RMSE(), s.NMAE(), s.Bias(), s.Skill())
	}
	for k := range r.Lead {
		row(leadLabel(k, step), &r.Lead[k])
	}
	row("all", &r.Overall)
	tw.Flush()
}

func printForecastComparison(w io.Writer, o forecastOpts, cmp []forecast.Comparison, h int, step time.Duration) {
	fmt.Fprintf(w, "column %q: horizon %s, from %s, every %s\n", o.column, o.horizon, o.from, o.every)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	// Skill 1, 6 and 24 h ahead, in steps of the series.
	var leads []int
	hdr := "method\tMAE\tRMSE\tnMAE\tbias\tskill\t"
	for _, hours := range []int{1, 6, 24} {
		if l := int(time.Duration(hours) * time.Hour / step); l >= 1 && l <= h {
			leads = append(leads, l)
			hdr += fmt.Sprintf("skill@%dh\t", hours)
		}
	}
	fmt.Fprintln(tw, hdr)
	for _, c := range cmp {
		s := &c.Result.Overall
		fmt.Fprintf(tw, "%s\t%.4g\t%.4g\t%.3f\t%+.3g\t%+.3f\t", c.Method, s.MAE(), s.RMSE(), s.NMAE(), s.Bias(), s.Skill())
		for _, l := range leads {
			fmt.Fprintf(tw, "%+.3f\t", c.Result.Skill(l))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}
