// Study script: how good must a carbon forecast be before the rolling
// horizon beats the rule? The demo park is dispatched for its year with the
// carbon signal "forecast" as the actual signal plus synthetic errors of
// growing size, given to the plan through a provided column exactly as a
// grid operator's day-ahead forecast would be (--forecast
// carbon=provided:COLUMN on the command line).
//
// The errors are an AR(1) process (lag-1 correlation rho per interval,
// stationary standard deviation sigma, fixed seed), so they persist for
// hours like real forecast errors. One column holds one forecast per
// target interval, so the error does not grow with the lead time: a
// simplification, stated. Compare the rows with self-consumption (the
// rule, no forecast needed) and mpc (default forecasters: persistence for
// carbon); sigma 0 is the carbon signal exact, every other series still
// forecast (mpc-perfect, which knows every series, is lower still).
// A park whose ledger counts another factor than the dispatch signal
// (greensboro: a constant accounting factor beside AVERT marginal rates)
// gets two more columns, the signal's carbon and its change against the
// rule: the forecast can only improve what the LP minimises, and under the
// accounting factor a better signal forecast may do worse.
//
//	go run ./examples/forecastvalue [-demo greensboro | -park FILE -series FILE] [-rho 0.9]
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"text/tabwriter"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

func main() {
	name := flag.String("demo", "texas2012", "embedded demo park")
	park := flag.String("park", "", "park JSON file (with -series) instead of the demo")
	series := flag.String("series", "", "series CSV file for -park")
	rho := flag.Float64("rho", 0.9, "lag-1 correlation of the forecast errors per interval")
	flag.Parse()
	if !(*rho >= 0 && *rho < 1) {
		log.Fatalf("-rho %v: want 0 ≤ rho < 1", *rho)
	}
	var (
		s   *scenario.Scenario
		err error
	)
	if *park != "" || *series != "" {
		s, err = scenario.Load(*park, *series)
		*name = *park
	} else {
		s, err = scenario.Demo(*name)
	}
	if err != nil {
		log.Fatal(err)
	}
	col := s.Park.Grid.DispatchCarbon.Column
	actual, ok := s.Series.Column(col)
	if !ok {
		log.Fatalf("demo %s has a constant carbon signal: nothing to forecast", *name)
	}
	mean, sd := meanSD(actual.Values)
	fmt.Printf("%s: carbon signal %q, mean %.3f, standard deviation %.3f kgCO2e/kWh; errors AR(1), rho %.2f\n\n",
		*name, col, mean, sd, *rho)

	cfg := dispatch.DefaultConfig()
	// A row per run; the table is printed once all have run, so that a
	// park whose ledger counts another factor than the dispatch signal
	// (greensboro: a constant accounting factor) gets the signal's carbon
	// beside the ledger's: a forecast of the signal can only improve that.
	var rows []row
	differ := false
	run := func(label string, pol dispatch.Policy, choices []scenario.ForecastChoice, sigma, rmse float64) {
		v := s.Variant(s.Name, s.Park, s.Profiles)
		if err := v.SetForecasts(choices); err != nil {
			log.Fatal(err)
		}
		res, err := v.Run(pol, cfg)
		if err != nil {
			log.Fatal(err)
		}
		r := row{label: label, sig: "—", rm: "—", adjusted: res.Report.AdjustedResidualKgCO2e / 1000,
			signal: res.Report.DispatchSignalKgCO2e / 1000}
		if sigma >= 0 {
			r.sig, r.rm = fmt.Sprintf("%.3f", sigma), fmt.Sprintf("%.3f", rmse)
		}
		differ = differ || res.Report.SignalsDiffer
		rows = append(rows, r)
	}
	run("rule (self-consumption)", dispatch.SelfConsumptionPolicy, nil, -1, 0)
	run("mpc, default forecasters", dispatch.RollingHorizon, nil, -1, 0)
	for i, sigma := range []float64{0, 0.025, 0.05, 0.1, 0.2, 0.3} {
		fc := noisy(actual.Values, sigma, *rho, uint64(i+1))
		name := fmt.Sprintf("co2_forecast_sd_%.3f", sigma)
		if err := s.Series.SetColumn(name, fc); err != nil {
			log.Fatal(err)
		}
		rmse := 0.0
		for t := range fc {
			rmse += (fc[t] - actual.Values[t]) * (fc[t] - actual.Values[t])
		}
		rmse = math.Sqrt(rmse / float64(len(fc)))
		run("mpc, provided forecast", dispatch.RollingHorizon,
			[]scenario.ForecastChoice{{Kind: "carbon", Method: "provided", Column: name}}, sigma, rmse)
	}
	writeTable(os.Stdout, col, rows, differ)
}

// noisy is x plus AR(1) errors e[t] = rho·e[t−1] + sqrt(1−rho²)·sigma·z[t],
// z standard normal from a fixed seed (stationary standard deviation sigma).
func noisy(x []float64, sigma, rho float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 2026))
	out := make([]float64, len(x))
	e := sigma * rng.NormFloat64()
	k := math.Sqrt(1 - rho*rho)
	for t, v := range x {
		if t > 0 {
			e = rho*e + k*sigma*rng.NormFloat64()
		}
		out[t] = v + e
	}
	return out
}

func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)))
}

// row is one run of the table: the ledger's adjusted residual and the
// dispatch signal's carbon, tCO2e over the period.
type row struct {
	label, sig, rm   string
	adjusted, signal float64
}

// writeTable prints the rows against the first (the rule); when differ,
// the park's ledger counts another factor than the dispatch signal col,
// and the signal's carbon gets two columns and a note of its own.
func writeTable(w io.Writer, col string, rows []row, differ bool) {
	vs := func(v, rule float64, first bool) string {
		if first {
			return "—"
		}
		return fmt.Sprintf("%+.1f %%", 100*(v/rule-1))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "planned with\terror sd kgCO2e/kWh\tforecast RMSE\tadjusted residual tCO2e\tvs rule\t"
	if differ {
		head += "dispatch signal tCO2e\tvs rule\t"
	}
	fmt.Fprintln(tw, head)
	for i, r := range rows {
		line := fmt.Sprintf("%s\t%s\t%s\t%.1f\t%s\t", r.label, r.sig, r.rm, r.adjusted, vs(r.adjusted, rows[0].adjusted, i == 0))
		if differ {
			line += fmt.Sprintf("%.1f\t%s\t", r.signal, vs(r.signal, rows[0].signal, i == 0))
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	if differ {
		fmt.Fprintf(w, "\nThe park's ledger counts another factor than the dispatch signal %q (its grid.accounting_carbon):\n"+
			"the adjusted residual is under that factor, while the LP minimises, and the forecasts forecast, the\n"+
			"signal. Its carbon (import × signal, not storage-adjusted) is the last two columns.\n", col)
	}
}
