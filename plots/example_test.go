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
	"github.com/zeropark/zeropark/results"
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
	opts := &plots.WeekOptions{Policy: res.Policy, PolicyTitle: dispatch.Policies().Title(res.Policy)}
	fig, err := plots.DispatchWeek(sc.Park, res.Schedule, from, 2, opts)
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

// demoGrid is a 3 × 3 grid of offsets over battery energy and PV
// capacity, asked of a sweep results table.
func demoGrid() (*results.Grid, error) {
	var b strings.Builder
	b.WriteString("combination,battery.energy_kwh,pv.capacity_kwp,design_pv_capacity_kwp,policy,offsets_needed_tco2e,stage\n")
	k := 0
	for _, e := range []float64{0, 2000, 4000} {
		for _, pv := range []float64{500, 1000, 2000} {
			off := max(1000-0.1*e-0.4*pv, 0)
			stage := "low-carbon"
			if off == 0 {
				stage = "zero-carbon"
			}
			fmt.Fprintf(&b, "%d,%g,%g,%g,mpc,%g,%s\n", k, e, pv, pv, off, stage)
			k++
		}
	}
	tab, err := results.ParseTable([]byte(b.String()), "sweep.csv")
	if err != nil {
		return nil, err
	}
	return tab.Grid(results.GridQuery{X: "battery.energy_kwh", Y: "pv.capacity_kwp"})
}

func ExampleFigure_Save() {
	g, err := demoGrid()
	if err != nil {
		fmt.Println(err)
		return
	}
	fig, err := plots.SweepHeatmap(g, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	fmt.Println(fig.Save(filepath.Join(dir, "heat.svg")), fig.Save(filepath.Join(dir, "heat.gif")) != nil)
	// Through a symbolic link, the target is written and the link kept.
	link := filepath.Join(dir, "link.svg")
	_ = os.Symlink("target.svg", link)
	_ = os.WriteFile(filepath.Join(dir, "target.svg"), []byte("old"), 0o644)
	fmt.Println(fig.Save(link))
	fi, _ := os.Lstat(link)
	b, _ := os.ReadFile(filepath.Join(dir, "target.svg"))
	fmt.Println(fi.Mode()&os.ModeSymlink != 0, bytes.HasPrefix(b, []byte("<?xml")) || bytes.Contains(b[:min(len(b), 200)], []byte("<svg")))
	// Output:
	// <nil> true
	// <nil>
	// true true
}

func ExampleSweepHeatmap() {
	g, err := demoGrid()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g.Xs, g.Ys, g.Values[2][2], g.Stages[2][2])
	fig, err := plots.SweepHeatmap(g, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, plots.SVG)
	fmt.Println(err, strings.Contains(svg.String(), "offsets beyond held (tCO2e)"))

	_, err = plots.SweepHeatmap(&results.Grid{}, nil)
	fmt.Println(err)
	// Output:
	// [0 2000 4000] [500 1000 2000] 0 zero-carbon
	// <nil> true
	// plots: invalid input: no cells to draw
}

func ExampleSaveSweepHeatmap() {
	g, err := demoGrid()
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	err = plots.SaveSweepHeatmap(filepath.Join(dir, "heat.png"), g, nil)
	fmt.Println(err)
	// Output: <nil>
}
