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
