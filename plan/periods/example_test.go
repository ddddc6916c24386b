package periods_test

import (
	"fmt"
	"time"

	"github.com/zeropark/zeropark/plan/periods"
)

// sixDays is six days of load (kW, three 8-hour steps a day): three
// working days, two idle days and one peak day.
var sixDays = []float64{
	10, 50, 20, // Mon
	11, 52, 21, // Tue
	5, 6, 5, // Sat
	12, 90, 25, // peak
	5, 5, 6, // Sun
	10, 51, 19, // Wed
}

// sixDays into three representative days, the peak day kept.
func ExampleAggregate() {
	load := sixDays
	cfg := periods.Config{PeriodSteps: 3, Periods: 3, Rescale: false,
		Extremes: []periods.Extreme{{Series: "load_kw", Kind: periods.PeakMax}}}
	agg, err := periods.Aggregate([]periods.Series{{Name: "load_kw", Values: load}}, 8*time.Hour, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, r := range agg.Reps {
		fmt.Printf("rep %d: day %d (%s) weight %d stands for days %v: %v kW\n",
			k, r.Period, r.Kind, r.Weight, agg.Members(k), r.Values[0])
	}
	fmt.Println("sigma:", agg.Sigma)
	// Output:
	// rep 0: day 0 (typical) weight 3 stands for days [0 1 5]: [10 50 20] kW
	// rep 1: day 2 (typical) weight 2 stands for days [2 4]: [5 6 5] kW
	// rep 2: day 3 (extreme) weight 1 stands for days [3]: [12 90 25] kW
	// sigma: [0 0 1 2 1 0]
}

// Config.Refine lets a model choose which member stands for each cluster.
// Here the model cares about the load above 40 kW (say, what a 40 kW
// connection cannot serve), summed over the steps: the working days'
// medoid, Monday, has 10 kW of it where the three working days have 33
// between them; Wednesday has 11, and three Wednesdays match exactly.
func ExampleConfig_refine() {
	load := sixDays
	above := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += max(0, x-40)
		}
		return s
	}
	series := []periods.Series{{Name: "load_kw", Values: load}}
	cfg := periods.Config{PeriodSteps: 3, Periods: 3,
		Extremes: []periods.Extreme{{Series: "load_kw", Kind: periods.PeakMax}}}
	cfg.Refine = func(a *periods.Aggregation) float64 {
		got, err := a.ExpandSeries(0)
		if err != nil {
			return 1e300
		}
		d := above(got) - above(load)
		return d * d
	}
	agg, err := periods.Aggregate(series, 8*time.Hour, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, r := range agg.Reps {
		fmt.Printf("rep %d: day %d (%s) weight %d: %v kW\n", k, r.Period, r.Kind, r.Weight, r.Values[0])
	}
	// Output:
	// rep 0: day 2 (typical) weight 2: [5 6 5] kW
	// rep 1: day 3 (extreme) weight 1: [12 90 25] kW
	// rep 2: day 5 (typical) weight 3: [10 51 19] kW
}

// The data a planner needs for one storage's inter-period rows.
func ExampleAggregation_StorageLinking() {
	soc := []float64{1, 2, 1, 2, 3, 1, 2, 1, 2}
	agg, err := periods.Aggregate([]periods.Series{{Name: "x", Values: soc}}, time.Hour,
		periods.Config{PeriodSteps: 2, Periods: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := agg.StorageLinking(0.01) // loses 1 % of its energy an hour
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sigma:", l.Sigma)
	fmt.Println("period steps:", l.Steps)
	fmt.Printf("retention: %.4f\n", l.Retention)
	// Output:
	// sigma: [0 0 1 1 2]
	// period steps: [2 2 2 2 1]
	// retention: [1.0000 0.9900 0.9801]
}

// Expand writes a per-representative result (here a battery's charge, kW)
// back onto the calendar, for reporting.
func ExampleAggregation_Expand() {
	load := []float64{1, 2, 5, 6, 1, 2}
	agg, err := periods.Aggregate([]periods.Series{{Name: "load_kw", Values: load}}, time.Hour,
		periods.Config{PeriodSteps: 2, Periods: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	chargeKW := [][]float64{{0, 3}, {4, 0}} // one value per representative step
	full, err := agg.Expand(chargeKW)
	fmt.Println(full, err)
	// Output:
	// [0 3 4 0 0 3] <nil>
}

// Errors states how far the represented series is from the original. Here
// day (1, 3) is represented by (1, 2): one step off by 1 kW in 8, so the
// RMSE is √(1/8) = 0.354 kW, 7.07 % of the 5 kW range, and the total is
// 20 kWh instead of 21 (−4.76 %).
func ExampleAggregation_Errors() {
	series := []periods.Series{{Name: "load_kw", Values: []float64{1, 2, 1, 3, 5, 6, 1, 2}}}
	agg, err := periods.Aggregate(series, time.Hour, periods.Config{PeriodSteps: 2, Periods: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	errs, err := agg.Errors(series)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(errs[0])
	// Output:
	// load_kw: RMSE 0.3536 (7.07 % of range), duration-curve RMSE 0.3536, total -4.762 %
}

// Represent cuts a series that was not clustered on (a price) at the
// representatives' periods.
func ExampleAggregation_Represent() {
	load := []float64{1, 2, 5, 6, 1, 2}
	price := []float64{0.10, 0.20, 0.30, 0.40, 0.11, 0.21}
	agg, err := periods.Aggregate([]periods.Series{{Name: "load_kw", Values: load}}, time.Hour,
		periods.Config{PeriodSteps: 2, Periods: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	reps, err := agg.Represent(price)
	fmt.Println(reps, err)
	// Output:
	// [[0.1 0.2] [0.3 0.4]] <nil>
}

func ExampleDefaultConfig() {
	cfg := periods.DefaultConfig(time.Hour)
	fmt.Println(cfg.PeriodSteps, cfg.Periods, cfg.Rescale)
	days, err := periods.StepsPer(24*time.Hour, 15*time.Minute)
	fmt.Println(days, err)
	// Output:
	// 168 12 true
	// 96 <nil>
}

func ExampleConfig_Validate() {
	err := periods.Config{PeriodSteps: 24, Periods: 0}.Validate()
	fmt.Println(err)
	// Output:
	// periods: Periods = 0: must be positive
}

// Two days of load and PV in four-hour steps, cut into five chronological
// slices, each day starting one (a cut at step 6). Every slice becomes one
// LP step as long as the slice, with the slice's mean values.
func ExampleSlices() {
	load := []float64{40, 40, 90, 95, 60, 40, 40, 42, 60, 60, 58, 41} // kW
	pv := []float64{0, 0, 0.6, 0.7, 0.1, 0, 0, 0, 0.2, 0.2, 0.1, 0}   // kW per kWp
	series := []periods.Series{{Name: "load_kw", Values: load}, {Name: "pv_kw_per_kwp", Values: pv}}
	starts, err := periods.Slices(series, 5, []int{6})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, a := range starts {
		b := len(load)
		if i+1 < len(starts) {
			b = starts[i+1]
		}
		meanLoadKW, meanPV := 0.0, 0.0
		for t := a; t < b; t++ {
			meanLoadKW += load[t] / float64(b-a)
			meanPV += pv[t] / float64(b-a)
		}
		fmt.Printf("steps %2d–%2d (%2d h): load %5.1f kW, pv %.2f kW/kWp\n", a, b-1, 4*(b-a), meanLoadKW, meanPV)
	}
	// Output:
	// steps  0– 1 ( 8 h): load  40.0 kW, pv 0.00 kW/kWp
	// steps  2– 3 ( 8 h): load  92.5 kW, pv 0.65 kW/kWp
	// steps  4– 5 ( 8 h): load  50.0 kW, pv 0.05 kW/kWp
	// steps  6– 7 ( 8 h): load  41.0 kW, pv 0.00 kW/kWp
	// steps  8–11 (16 h): load  54.8 kW, pv 0.12 kW/kWp
}
