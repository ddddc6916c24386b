package plots_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// frontierData is a small frontier (as results.ReadFrontierCSV reads
// frontier.csv) and today's park and one design to mark on it.
func frontierData() ([]results.FrontierRow, []plots.FrontierMarker) {
	rows := []results.FrontierRow{
		{Point: 0, ResidualTCO2ePerYear: 4351, TotalCostPerYear: 659_705, Stage: dispatch.LowCarbon},
		{Point: 1, ResidualTCO2ePerYear: 2000, TotalCostPerYear: 720_000, Stage: dispatch.LowCarbon},
		{Point: 2, ResidualTCO2ePerYear: 348, TotalCostPerYear: 1_353_446, Stage: dispatch.NearZeroCarbon},
	}
	marks := []plots.FrontierMarker{
		{Label: "today's park", ResidualTCO2ePerYear: 4351, TotalCostPerYear: 659_705, Today: true},
		{Label: "near-zero-carbon design", ResidualTCO2ePerYear: 348, TotalCostPerYear: 1_353_446, Stage: dispatch.NearZeroCarbon},
	}
	return rows, marks
}

func ExampleCostCarbonFrontier() {
	rows, marks := frontierData()
	fig, err := plots.CostCarbonFrontier(rows, marks, &plots.FrontierOptions{Park: "demo", Currency: "USD"})
	if err != nil {
		fmt.Println(err)
		return
	}
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, plots.SVG)
	fmt.Println(err, strings.Contains(svg.String(), "total cost per year (USD)"), strings.Contains(svg.String(), "near-zero-carbon design"))

	_, err = plots.CostCarbonFrontier(nil, marks, nil)
	fmt.Println(err)
	// Output:
	// <nil> true true
	// plots: invalid input: no frontier points to draw
}

func ExampleSaveCostCarbonFrontier() {
	rows, marks := frontierData()
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	err := plots.SaveCostCarbonFrontier(filepath.Join(dir, "frontier.png"), rows, marks, nil)
	fmt.Println(err)
	// Output: <nil>
}

func ExampleUnitLines() {
	turbines, blocks := 3.0, 2.0
	fmt.Println(plots.UnitLines(
		results.Capacities{PVKWp: 4500, WindKW: 1500, BatteryKWh: 2000, BatteryKW: 1000},
		results.UnitCounts{Wind: &turbines, BatteryEnergy: &blocks, BatteryPower: &blocks}))
	// Output: [3 × 500 kW wind 2 × 1,000 kWh / 500 kW battery]
}

func ExampleFrontierMarkers() {
	rm := &results.Roadmap{Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.LowCarbon, TotalCostPerYear: 670_000, ResidualTCO2ePerYear: 4400},
		// 350 t of offsets at 15 a tonne on top of 1,410,000.
		{Target: "zero-carbon", Stage: dispatch.ZeroCarbon, TotalCostPerYear: 1_415_250, ResidualTCO2ePerYear: 350,
			OffsetsBoughtTCO2ePerYear: 350, OffsetCostPerYear: 5250},
	}}
	for _, m := range plots.FrontierMarkers(rm) {
		fmt.Printf("%s: residual %v t, net %v t, total %v, bought %v\n", m.Label, m.ResidualTCO2ePerYear,
			m.ResidualTCO2ePerYear-m.OffsetsBoughtTCO2ePerYear, m.TotalCostPerYear, m.BoughtCostPerYear)
	}
	// Output:
	// today's park: residual 4400 t, net 4400 t, total 670000, bought 0
	// zero-carbon design + 350 t offsets: residual 350 t, net 0 t, total 1.41525e+06, bought 5250
}
