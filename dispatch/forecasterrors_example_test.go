package dispatch_test

import (
	"fmt"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
)

// Forecast errors of a rolling-horizon run (Report.Forecasts): the tenant's
// load is flat, so persistence forecasts it exactly and its skill against
// persistence is not defined (nil: 1 − 0/0), not 0; PV's persistence is
// the reference itself, skill 0. NMAE is a fraction of the mean |actual|.
func ExampleLeadStats() {
	p, pr := examplePark()
	for t := range pr.LoadKW[0] {
		pr.LoadKW[0][t] = 120 // flat, kW
	}
	cfg := dispatch.DefaultConfig()
	cfg.Forecasts = &model.ForecastSet{
		Load: []model.Forecaster{forecast.Persistence{}},
		PV:   []model.Forecaster{forecast.Persistence{}},
	}
	res, err := dispatch.Run(p, pr, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	show := func(v *float64) string {
		if v == nil {
			return "n/a"
		}
		return fmt.Sprintf("%.3f", *v)
	}
	for _, f := range res.Report.Forecasts {
		s := f.Overall
		fmt.Printf("%s (%s): MAE %.1f, nMAE %s, skill %s\n", f.Series, f.Unit, s.MAE, show(s.NMAE), show(s.Skill))
	}
	// Output:
	// load:tenant (kW): MAE 0.0, nMAE 0.000, skill n/a
	// pv:roof (kW): MAE 163.9, nMAE 1.277, skill 0.000
}
