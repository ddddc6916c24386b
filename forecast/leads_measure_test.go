package forecast_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/zeropark/zeropark/model"
)

// TestMeasureLeads prints the skill of each demo's default load, PV and
// wind forecasters at leads 1, 2, 6 and 24 h and over all 24 (set
// ZEROPARK_MEASURE=1): one 24-step forecast every hour from hour 1 (a cold
// start, as the rolling horizon runs), clipped as the dispatch clips them
// (≥ 0, PV and wind ≤ their rating); skill = 1 − RMSE/RMSE of persistence
// on the same targets; "lowest" is the lowest skill over the 24 leads.
func TestMeasureLeads(t *testing.T) {
	if os.Getenv("ZEROPARK_MEASURE") == "" {
		t.Skip("set ZEROPARK_MEASURE=1 to measure the default forecasters per lead")
	}
	const horizon = 24
	leads := []int{1, 2, 6, 24}
	fmt.Printf("| demo | series | skill@1h | skill@2h | skill@6h | skill@24h | lowest (lead) | skill | MAE kW |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, demo := range []string{"texas2012", "greensboro"} {
		stats := map[string]*[horizon]model.ErrorStats{}
		out := make([]float64, horizon)
		for _, s := range defaultSeries(t, demo) {
			st := stats[s.kind]
			if st == nil {
				st = new([horizon]model.ErrorStats)
				stats[s.kind] = st
			}
			s.coldStart(t, out, func(o int, out []float64) {
				for k, v := range out {
					st[k].Add(s.clip(v), s.s.Values[o+k], s.s.Values[o-1])
				}
			})
		}
		for _, kind := range []string{"load", "pv", "wind"} {
			st := stats[kind]
			var m model.ErrorStats
			for _, l := range st {
				m.Merge(l)
			}
			fmt.Printf("| %s | %s |", demo, kind)
			for _, l := range leads {
				fmt.Printf(" %+.3f |", st[l-1].Skill())
			}
			low := 0
			for k := range st {
				if st[k].Skill() < st[low].Skill() {
					low = k
				}
			}
			fmt.Printf(" %+.3f (%d h) | %+.3f | %.1f |\n", st[low].Skill(), low+1, m.Skill(), m.MAE())
		}
	}
}
