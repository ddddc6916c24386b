package scenario_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// The search `zeropark plan --margin auto` runs, from Go: the first four
// weeks of the texas2012 demo, a roadmap planned at each margin
// NextMargin asks for and its designs re-run (CheckOperation), until each
// stage's search is over; KeepMargins then says which round each stage's
// design is from (ComposeRoadmap builds the roadmap of them).
func ExampleNextMargin() {
	s, cfg, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 672})
	if err != nil {
		fmt.Println(err)
		return
	}
	var (
		rounds  []results.MarginRound
		reached []string
		tried   []string
	)
	for {
		margin, ok := scenario.NextMargin(rounds, false)
		if !ok {
			break
		}
		opt := scenario.PlanOptions(cfg)
		opt.Margin = margin
		m, err := plan.New(s.Park, s.Series, opt)
		if err != nil {
			fmt.Println(err)
			return
		}
		rm, err := m.Roadmap()
		stats := m.Stats()
		m.Close()
		if err != nil {
			fmt.Println(err)
			return
		}
		out := scenario.RoadmapResult(rm, opt, nil, stats)
		for i, d := range rm.Stages {
			if d == nil {
				continue
			}
			if out.Rows[1+i].Checks, err = s.CheckOperation(d.Park, d.Target, cfg); err != nil {
				fmt.Println(err)
				return
			}
		}
		if reached == nil {
			reached = results.Reached(out)
		}
		rounds = append(rounds, results.MarginRoundOf(out, reached))
		tried = append(tried, fmt.Sprint(margin))
	}
	fmt.Println("margins tried:", strings.Join(tried, ", "))
	for j, k := range scenario.KeepMargins(rounds, false) {
		fmt.Printf("%s: sized at %v\n", rounds[0].Stages[j].Stage, rounds[k].Margin)
	}
	// Output:
	// margins tried: 0, 0.17, 0.2, 0.19, 0.21
	// low-carbon: sized at 0
	// near-zero-carbon: sized at 0.2
	// zero-carbon: sized at 0.21
}
