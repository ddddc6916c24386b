package plan_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProgress: Options.Progress hears a roadmap and a frontier start at
// 0 of their solves, count up one at a time, never from two goroutines at
// once, and end at done = total, on one solver instance and two, also
// when the road stops at a stage out of reach.
func TestProgress(t *testing.T) {
	for _, short := range []bool{false, true} {
		for _, n := range []int{1, 2} {
			t.Run(fmt.Sprintf("short=%t/solvers=%d", short, n), func(t *testing.T) {
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
				opt.Solvers, opt.FrontierPoints = n, 4
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
				m := newModel(t, p, set, opt)
				rm, err := m.Roadmap()
				require.NoError(t, err)
				if short {
					require.Nil(t, rm.Stages[1], "near-zero out of reach")
				}
				checkProgress(t, calls, 4, short)
				calls = nil
				_, err = m.Frontier(0)
				require.NoError(t, err)
				checkProgress(t, calls, 4+2, false)
				assert.False(t, overlapped, "calls overlapped")
			})
		}
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
