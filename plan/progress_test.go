package plan_test

import (
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plan"
)

// TestProgress: Options.Progress hears a roadmap and a frontier start at
// 0 of their solves, count up one at a time, never from two goroutines at
// once, and end at done = total, on one solver instance and two, staged
// or not (a staged roadmap counts two steps more, near-zero's and
// zero-carbon's staged steps: on this nested park neither solves, yet
// each is counted), also when the road stops at a stage out of reach.
func TestProgress(t *testing.T) {
	for _, c := range []struct {
		short, staged bool
		n             int
	}{{false, false, 1}, {false, false, 2}, {true, false, 1}, {true, false, 2}, {false, true, 1}, {false, true, 2}, {true, true, 2}} {
		short, staged, n := c.short, c.staged, c.n
		total := 4 // today's park and three stages
		if staged {
			total += 2
		}
		t.Run(fmt.Sprintf("short=%t/staged=%t/solvers=%d", short, staged, n), func(t *testing.T) {
			seed := uint64(1)
			if short {
				seed = 3
			}
			p, set, opt := weekPark(t, seed)
			if short {
				// Too little wind and storage for near-zero (as in
				// TestSolversAgree).
				p.Economics.Wind.MaxTotalKW = 10
				p.Economics.PV.MaxTotalKWp = 300
				p.Economics.Battery.MaxTotalKWh = 250
			}
			opt.Solvers, opt.FrontierPoints, opt.Staged = n, 4, staged
			var calls [][2]int
			var inside atomic.Int32
			overlapped := false
			opt.Progress = func(done, total int) {
				if inside.Add(1) != 1 {
					overlapped = true
				}
				calls = append(calls, [2]int{done, total})
				inside.Add(-1)
			}
			// Options.Working: what each instance works on, in order.
			var work [plan.MaxSolvers][]string
			opt.Working = func(instance int, what string) {
				if inside.Add(1) != 1 {
					overlapped = true
				}
				work[instance] = append(work[instance], what)
				inside.Add(-1)
			}
			m := newModel(t, p, set, opt)
			rm, err := m.Roadmap()
			require.NoError(t, err)
			if short {
				require.Nil(t, rm.Stages[1], "near-zero out of reach")
			}
			checkProgress(t, calls, total, short)
			assert.Equal(t, total, plan.RoadmapSolves(staged))
			road := []string{"today's park", "low-carbon", "near-zero-carbon", "zero-carbon"}
			if short {
				road = road[:3] // the road stops at near-zero
			}
			checkWorking(t, work[:n], road)
			calls, work = nil, [plan.MaxSolvers][]string{}
			_, err = m.Frontier(0)
			require.NoError(t, err)
			checkProgress(t, calls, 4+2, false)
			checkWorking(t, work[:n], []string{"the least residual", "frontier point 0 of 0–3, the cheapest design",
				"frontier point 1 of 0–3", "frontier point 2 of 0–3", "frontier point 3 of 0–3", "today's park"})
			assert.False(t, overlapped, "calls overlapped")
		})
	}
}

// checkWorking: each instance's reports end with "" (nothing more to
// do), and every question of want is reported once over the instances;
// on one instance in want's order (a staged roadmap's staged steps may
// come between them; two instances walk a frontier from both ends).
func checkWorking(t *testing.T, work [][]string, want []string) {
	t.Helper()
	seen := map[string]int{}
	for k, w := range work {
		require.NotEmpty(t, w, "instance %d reported nothing", k)
		assert.Equal(t, "", w[len(w)-1], "instance %d: last report", k)
		last := -1
		for _, what := range w[:len(w)-1] {
			seen[what]++
			if i := slices.Index(want, what); i >= 0 && len(work) == 1 {
				assert.Greater(t, i, last, "instance %d: %q out of order in %q", k, what, w)
				last = i
			}
		}
	}
	for _, what := range want {
		assert.Equal(t, 1, seen[what], "%q reported once in %q", what, work)
	}
}

// checkProgress: calls start at (0, total), count up by one (or jump to
// the end when skipped is set) and end at (total, total).
func checkProgress(t *testing.T, calls [][2]int, total int, skipped bool) {
	t.Helper()
	require.NotEmpty(t, calls)
	assert.Equal(t, [2]int{0, total}, calls[0], "first call")
	assert.Equal(t, [2]int{total, total}, calls[len(calls)-1], "last call")
	for i := 1; i < len(calls); i++ {
		step := calls[i][0] - calls[i-1][0]
		assert.Equal(t, total, calls[i][1], "call %d: total", i)
		if !(step == 1 || (skipped && i == len(calls)-1 && step > 1)) {
			t.Errorf("call %d: done %d after %d", i, calls[i][0], calls[i-1][0])
		}
	}
	if !skipped {
		assert.Len(t, calls, total+1, "one call per solve and the start")
	}
}

// TestProgressStagedResolves: where a staged roadmap solves a stage again
// (unnestedPark: near-zero's own design drops low-carbon's PV), the count
// still ends at the total announced at the start, one step at a time,
// and the solves of that re-solve come between the independent roadmap's
// last tick and near-zero's staged step's.
func TestProgressStagedResolves(t *testing.T) {
	p, set, opt := unnestedPark(t)
	opt.Staged, opt.Solvers = true, 1
	var m *plan.Model
	var calls [][2]int
	var solves []int // m's solves at each call
	opt.Progress = func(done, total int) {
		calls = append(calls, [2]int{done, total})
		solves = append(solves, m.Stats().Solves)
	}
	m = newModel(t, p, set, opt)
	rm, err := m.Roadmap()
	require.NoError(t, err)
	require.NotNil(t, rm.Stages[1])
	const total = 6 // today, three stages, two staged steps
	checkProgress(t, calls, total, false)
	require.Len(t, solves, total+1)
	assert.Greater(t, solves[5], solves[4], "near-zero solved again between its staged step's tick and the one before")
	assert.Greater(t, rm.Stages[1].Added(plan.TechPV), 100.0, "the case it claims: near-zero keeps low-carbon's PV")
}
