package periods_test

import (
	"testing"

	"github.com/zeropark/zeropark/plan/periods"
)

// BenchmarkAggregate: the demo year (8760 hourly steps, 8 series) into 12
// representative weeks and 12 representative days, rescaled, with the
// mean NRMSE over the series reported as a domain figure.
func BenchmarkAggregate(b *testing.B) {
	d := loadDemo(b)
	for _, c := range []struct {
		name  string
		steps int
	}{{"weeks=12", 168}, {"days=12", 24}} {
		b.Run(c.name, func(b *testing.B) {
			cfg := periods.Config{PeriodSteps: c.steps, Periods: 12, Rescale: true}
			b.ReportAllocs()
			var agg *periods.Aggregation
			for b.Loop() {
				var err error
				if agg, err = periods.Aggregate(d.series, d.step, cfg); err != nil {
					b.Fatal(err)
				}
			}
			errs, err := agg.Errors(d.series)
			if err != nil {
				b.Fatal(err)
			}
			mean := 0.0
			for _, e := range errs {
				mean += e.NRMSE / float64(len(errs))
			}
			b.ReportMetric(100*mean, "NRMSE%")
			b.ReportMetric(float64(len(agg.Reps)), "reps")
		})
	}
}
