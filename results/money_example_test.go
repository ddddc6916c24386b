package results_test

import (
	"fmt"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// A day's money, per day and per year (× 8760 h / 24 h = × 365).
func ExampleMoneyOf() {
	r := dispatch.Report{EnergyCost: 100, DemandChargeCost: 20, WearCost: 5, OffsetCost: 15, CertificateCost: 4}
	r.Steps, r.StepMinutes = 24, 60
	m := results.MoneyOf(&r)
	fmt.Printf("operating %.0f over the day, %.0f per year\n", m.OperatingCost, m.OperatingCostPerYear)
	fmt.Printf("energy %.0f + demand charge %.0f + wear %.0f per year\n", m.EnergyCostPerYear, m.DemandChargeCostPerYear, m.WearCostPerYear)
	fmt.Printf("offsets %.0f, or certificates %.0f, per year\n", m.OffsetCostPerYear, m.CertificateCostPerYear)

	// An empty period has no year to scale to.
	empty := results.MoneyOf(&dispatch.Report{EnergyCost: 100})
	fmt.Printf("empty period: operating %.0f, per year %.0f\n", empty.OperatingCost, empty.OperatingCostPerYear)
	// Output:
	// operating 125 over the day, 45625 per year
	// energy 36500 + demand charge 7300 + wear 1825 per year
	// offsets 5475, or certificates 1460, per year
	// empty period: operating 100, per year 0
}
