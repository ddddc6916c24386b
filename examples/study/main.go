// Study script: how much does battery size buy? Dispatch the demo park with
// batteries from 0.5 to 16 MWh (2 h of power each) under perfect foresight and
// print the residual and the stage — a reproducible study in a few lines.
//
//	go run ./examples/study
package main

import (
	"fmt"
	"log"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

func main() {
	s, err := scenario.Demo("texas2012")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("battery_kwh,residual_tco2e,adjusted_residual_tco2e,renewable_share,stage")
	for _, kwh := range []float64{500, 2000, 4000, 8000, 16000} {
		b := &s.Park.Batteries[0]
		b.EnergyKWh, b.MaxChargeKW, b.MaxDischargeKW = kwh, kwh/2, kwh/2
		res, err := s.Run(dispatch.Perfect, dispatch.DefaultConfig())
		if err != nil {
			log.Fatal(err)
		}
		r := res.Report
		fmt.Printf("%.0f,%.1f,%.1f,%.4f,%s\n", kwh, r.ResidualKgCO2e/1000, r.AdjustedResidualKgCO2e/1000, r.RenewableShare, r.Stage)
	}
}
