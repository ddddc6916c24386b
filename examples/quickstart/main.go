// Quickstart: load the embedded demo park, dispatch a year under the
// rolling horizon and print the net-zero figures.
//
//	go run ./examples/quickstart
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
	res, err := s.Run(dispatch.RollingHorizon, dispatch.DefaultConfig())
	if err != nil {
		log.Fatal(err)
	}
	r := res.Report
	fmt.Printf("%s: %s\n", s.Park.Name, r.Stage)
	fmt.Printf("baseline %.0f t, residual %.0f t, avoided %.0f t CO2e\n",
		r.BaselineKgCO2e/1000, r.ResidualKgCO2e/1000, r.AvoidedKgCO2e/1000)
	fmt.Printf("offsets needed %.0f tCO2e, or %.0f MWh of green certificates\n",
		r.OffsetsNeededTCO2e, r.CertificatesMWh)
	fmt.Printf("renewable share %.1f %%, self-sufficiency %.1f %%\n", 100*r.RenewableShare, 100*r.SelfSufficiency)
}
