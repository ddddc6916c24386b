package dispatch_test

import (
	"fmt"

	"github.com/zeropark/zeropark/dispatch"
)

// Gap's shares are fractions of the perfect-foresight lower bound (the
// storage-adjusted residual, kgCO2e), nil where the bound is 0 or below:
// 12 kgCO2e of forecast error over a 400 kgCO2e bound is 3 %, and over a
// park that perfect foresight brings to zero carbon it is no share at all.
func ExampleGap_shares() {
	run := func(adjustedKgCO2e float64) *dispatch.Result {
		return &dispatch.Result{Report: dispatch.Report{AdjustedResidualKgCO2e: adjustedKgCO2e}}
	}
	share := func(v *float64) string {
		if v == nil {
			return "n/a"
		}
		return fmt.Sprintf("%.1f %%", 100**v)
	}
	for _, bound := range []float64{400, 0} {
		g := dispatch.Gap(run(bound+20), run(bound+8), run(bound))
		fmt.Printf("bound %3.0f kgCO2e: forecast error %.0f kgCO2e (%s), horizon %.0f kgCO2e (%s)\n",
			bound, g.ForecastErrorKgCO2e, share(g.ForecastErrorShare), g.HorizonKgCO2e, share(g.HorizonShare))
	}
	// Output:
	// bound 400 kgCO2e: forecast error 12 kgCO2e (3.0 %), horizon 8 kgCO2e (2.0 %)
	// bound   0 kgCO2e: forecast error 12 kgCO2e (n/a), horizon 8 kgCO2e (n/a)
}
