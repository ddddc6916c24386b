// EMS loop: how an energy-management system calls zeropark every interval.
// The "measurements" and "forecasts" here come from the demo data; a real
// EMS reads its battery management system and its forecast services.
//
//	go run ./examples/ems
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

func main() {
	s, err := scenario.Demo("")
	if err != nil {
		log.Fatal(err)
	}
	d, err := dispatch.New(s.Park, s.Profiles.Step, dispatch.DefaultConfig())
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()

	state := dispatch.InitialState(s.Park)
	start := 24 * 180 // a day in late June
	for t := start; t < start+24; t++ {
		// Forecasts for the next 24 h; here the demo's own series.
		fc := s.Profiles.Slice(t, min(t+d.Horizon(), s.Profiles.Len))
		began := time.Now()
		plan, err := d.Step(state, fc)
		if err != nil {
			log.Fatal(err)
		}
		took := time.Since(began)
		// Send interval 0 to the inverters; then "measure" the state of
		// every battery (here: as planned).
		var pv, wind, ch, dis, soc float64
		for b := range state.SoCKWh {
			state.SoCKWh[b] = plan.SoCKWh[b][0]
			ch, dis, soc = ch+plan.ChargeKW[b][0], dis+plan.DischargeKW[b][0], soc+plan.SoCKWh[b][0]
		}
		for i := range plan.PVKW {
			pv += plan.PVKW[i][0]
		}
		for j := range plan.WindKW {
			wind += plan.WindKW[j][0]
		}
		fmt.Printf("%s  PV %6.0f  wind %6.0f  charge %5.0f  discharge %5.0f  import %6.0f kW  stored %5.0f kWh  (%v)\n",
			plan.Start.Format("Jan 02 15:04"), pv, wind,
			ch, dis, plan.ImportKW[0], soc, took.Round(10*time.Microsecond))
	}
}
