package plots_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// exampleRoadmap is today's park and one design whose operating cost is
// negative: 795,000 + 146,000 − 97,000 = 844,000 a year.
func exampleRoadmap() *results.Roadmap {
	return &results.Roadmap{Park: "demo", Currency: "USD", Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.Conventional, OperatingCostPerYear: 507_900, TotalCostPerYear: 507_900, ResidualTCO2ePerYear: 3336},
		{Target: "near-zero-carbon", Stage: dispatch.NearZeroCarbon, Added: results.Capacities{PVKWp: 2150, WindKW: 1369},
			CapitalPerYear: 795_000, FixedOMPerYear: 146_000, OperatingCostPerYear: -97_000, TotalCostPerYear: 844_000, ResidualTCO2ePerYear: 319},
		{Target: "zero-carbon", Unreachable: "no design within the candidates' bounds"},
	}}
}

func ExampleRoadmapBars() {
	bars, err := plots.RoadmapBars(exampleRoadmap())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range bars {
		if b.Unreachable != "" {
			fmt.Println(b.Target, "out of reach")
			continue
		}
		fmt.Println(b.Target, "net", b.TotalCostPerYear, b.Adds)
		for _, pt := range b.Parts {
			if pt.CostPerYear != 0 {
				fmt.Printf("  %s %g to %g\n", pt.Name, pt.BottomPerYear, pt.TopPerYear)
			}
		}
	}
	// Output:
	// today net 507900 []
	//   operating 0 to 507900
	// near-zero-carbon net 844000 [+2,150 kWp PV +1,369 kW wind]
	//   capital 0 to 795000
	//   fixed O&M 795000 to 941000
	//   operating -97000 to 0
	// zero-carbon out of reach
}

func ExampleSaveRoadmapCosts() {
	dir, err := os.MkdirTemp("", "roadmap")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	err = plots.SaveRoadmapCosts(filepath.Join(dir, "roadmap.svg"), exampleRoadmap(), nil)
	fmt.Println(err)
	// Output:
	// <nil>
}
