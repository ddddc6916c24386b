package plots_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/scenario"
)

// demoRun dispatches the first days of June of the default demo park with
// the rule-based self-consumption policy (no LP solver needed).
func demoRun(days int) (*scenario.Scenario, *dispatch.Result) {
	sc, err := scenario.Demo("")
	if err != nil {
		panic(err)
	}
	i0 := 24 * 151 // 1 June 2023, 00:00 local
	res, err := dispatch.SelfConsumption(sc.Park, sc.Profiles.Slice(i0, i0+24*days), dispatch.DefaultConfig())
	if err != nil {
		panic(err)
	}
	return sc, res
}

func ExampleDispatchWeek() {
	sc, res := demoRun(3)
	from := res.Schedule.Start.Add(24 * time.Hour) // the first day only warms the battery up
	fig, err := plots.DispatchWeek(sc.Park, res.Schedule, from, 2, &plots.WeekOptions{Policy: res.Policy})
	if err != nil {
		fmt.Println(err)
		return
	}
	var svg bytes.Buffer
	if _, err := fig.WriteTo(&svg, plots.SVG); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(svg.String(), "self-consumption (self) dispatch, Fri 2 Jun 2023 – Sat 3 Jun 2023"))

	// A period the schedule does not cover is an error, not a blank figure.
	_, err = plots.DispatchWeek(sc.Park, res.Schedule, from.AddDate(0, 1, 0), 7, nil)
	fmt.Println(errors.Is(err, plots.ErrInput))
	// Output:
	// true
	// true
}

func ExampleSaveDispatchWeek() {
	sc, res := demoRun(2)
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "june.png")
	err := plots.SaveDispatchWeek(path, sc.Park, res.Schedule, res.Schedule.Start, 2, nil)
	st, _ := os.Stat(path)
	fmt.Println(err, st.Size() > 10000)
	// Output: <nil> true
}

func ExampleBusiestWeek() {
	_, res := demoRun(10)
	from := plots.BusiestWeek(res.Schedule, 7)
	// A local midnight inside the schedule, with 7 days after it.
	fmt.Println(from.Hour(), !from.Before(res.Schedule.Start), !from.AddDate(0, 0, 7).After(res.Schedule.Time(res.Schedule.Len)))
	// Output: 0 true true
}

func ExampleFormatOf() {
	for _, p := range []string{"week.png", "heat.SVG", "week.pdf"} {
		f, err := plots.FormatOf(p)
		fmt.Printf("%q %v\n", f, err != nil)
	}
	// Output:
	// "png" false
	// "svg" false
	// "" true
}

func ExampleFigure_Save() {
	rows := []plots.SweepPoint{
		{Params: map[string]float64{"battery.energy_kwh": 0, "pv.capacity_kwp": 500}, OffsetsNeededTCO2e: 900, Stage: "conventional"},
		{Params: map[string]float64{"battery.energy_kwh": 1000, "pv.capacity_kwp": 500}, OffsetsNeededTCO2e: 600, Stage: "low-carbon"},
	}
	fig, err := plots.SweepHeatmap(rows, "battery.energy_kwh", "pv.capacity_kwp", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	fmt.Println(fig.Save(filepath.Join(dir, "heat.svg")), fig.Save(filepath.Join(dir, "heat.gif")) != nil)
	// Output: <nil> true
}

func ExampleReadSweepCSV() {
	in := `combination,battery.energy_kwh,pv.capacity_kwp,offsets_needed_tco2e,stage
0,0,500,900,conventional
1,1000,500,600,low-carbon
`
	rows, err := plots.ReadSweepCSV(strings.NewReader(in))
	fmt.Println(err)
	for _, r := range rows {
		fmt.Println(r.Params["battery.energy_kwh"], r.Params["pv.capacity_kwp"], r.OffsetsNeededTCO2e, r.Stage)
	}
	_, err = plots.ReadSweepCSV(strings.NewReader(in + "2,2000,500,lots,low-carbon\n"))
	fmt.Println(err)
	// Output:
	// <nil>
	// 0 500 900 conventional
	// 1000 500 600 low-carbon
	// plots: sweep CSV: line 4: column "offsets_needed_tco2e": value "lots": not a finite number
}

func ExampleSweepHeatmap() {
	var rows []plots.SweepPoint
	for _, e := range []float64{0, 2000, 4000} {
		for _, pv := range []float64{500, 1000, 2000} {
			off := max(1000-0.1*e-0.4*pv, 0)
			stage := "low-carbon"
			if off == 0 {
				stage = "zero-carbon"
			}
			rows = append(rows, plots.SweepPoint{
				Params:             map[string]float64{"battery.energy_kwh": e, "pv.capacity_kwp": pv},
				OffsetsNeededTCO2e: off, Stage: stage})
		}
	}
	fig, err := plots.SweepHeatmap(rows, "battery.energy_kwh", "pv.capacity_kwp", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, plots.SVG)
	fmt.Println(err, strings.Contains(svg.String(), "offsets needed (tCO2e)"))

	_, err = plots.SweepHeatmap(rows, "battery.energy_kwh", "wind.capacity_kw", nil)
	fmt.Println(err)
	// Output:
	// <nil> true
	// plots: invalid input: parameter "wind.capacity_kw" is not in the sweep rows (varied: battery.energy_kwh, pv.capacity_kwp)
}

func ExampleSaveSweepHeatmap() {
	rows := []plots.SweepPoint{
		{Params: map[string]float64{"battery.energy_kwh": 0, "pv.capacity_kwp": 500}, OffsetsNeededTCO2e: 900, Stage: "conventional"},
		{Params: map[string]float64{"battery.energy_kwh": 1000, "pv.capacity_kwp": 500}, OffsetsNeededTCO2e: 600, Stage: "low-carbon"},
	}
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	err := plots.SaveSweepHeatmap(filepath.Join(dir, "heat.png"), rows, "battery.energy_kwh", "pv.capacity_kwp", nil)
	fmt.Println(err)
	// Output: <nil>
}
