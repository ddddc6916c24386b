package dispatch_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
)

// The quantiles by hand: 1, 2, …, 100 ms in a shuffled order. Nearest
// rank: the median is the 50th smallest (50 ms), the 99th percentile the
// 99th (99 ms); the total 5050 ms. A finite run's quantiles are over all
// its solves: it sets no window and no longest solve (a SolveTally's).
func TestSummariseSolvesByHand(t *testing.T) {
	times := make([]time.Duration, 100)
	for i := range times {
		times[i] = time.Duration(i+1) * time.Millisecond
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(times), func(i, j int) { times[i], times[j] = times[j], times[i] })
	given := slices.Clone(times)
	st := dispatch.SummariseSolves(times, 7)
	assert.Equal(t, given, times, "times is not changed")
	assert.Equal(t, 100, st.Steps)
	assert.Equal(t, 100, st.Solves)
	assert.Zero(t, st.QuantileSolves)
	assert.Zero(t, st.MaxMS)
	assert.Equal(t, 7, st.Iterations)
	assert.InDelta(t, 5.050, st.TotalS, 1e-12)
	assert.InDelta(t, 50.0, st.P50MS, 0)
	assert.InDelta(t, 99.0, st.P99MS, 0)
	assert.Equal(t, dispatch.SolveStats{Repaired: map[string]int{}}, dispatch.SummariseSolves(nil, 0))
}

// A SolveTally holds at most its window of solve times however many it is
// given (counted after every Add), its quantiles are those SummariseSolves
// computes over the same window — the most recent solves — and its count,
// total, longest and iterations are over all of them.
func TestSolveTallyWindow(t *testing.T) {
	for _, c := range []struct{ window, solves int }{
		{1, 0}, {1, 1}, {1, 5},
		{7, 3}, {7, 7}, {7, 8}, {7, 50},
		{64, 63}, {64, 1000},
		{dispatch.SolveWindow, 3*dispatch.SolveWindow + 17},
	} {
		t.Run(fmt.Sprintf("window=%d/solves=%d", c.window, c.solves), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(c.window), uint64(c.solves)))
			tally := dispatch.NewSolveTally(c.window)
			var all []time.Duration
			iters := 0
			for i := range c.solves {
				d := time.Duration(rng.IntN(50_000_000)) // up to 50 ms, in ns
				all = append(all, d)
				iters += i % 13
				tally.Add(d, i%13)
				require.LessOrEqual(t, tally.Held(), c.window, "after %d solves", i+1)
			}
			recent := all[max(0, len(all)-c.window):]
			require.Equal(t, len(recent), tally.Held())
			require.Equal(t, append([]time.Duration{}, recent...), tally.Recent(), "the most recent, oldest first")
			want := dispatch.SummariseSolves(recent, 0)
			whole := dispatch.SummariseSolves(all, iters)
			got := tally.Stats()
			assert.Equal(t, c.solves, got.Steps)
			assert.Equal(t, c.solves, got.Solves)
			assert.Equal(t, len(recent), got.QuantileSolves)
			assert.Equal(t, want.P50MS, got.P50MS, "the median of the window, exactly")
			assert.Equal(t, want.P99MS, got.P99MS, "the 99th percentile of the window, exactly")
			longest := time.Duration(0)
			if len(all) > 0 {
				longest = slices.Max(all)
			}
			assert.InDelta(t, float64(longest)/1e6, got.MaxMS, 0, "the longest of all, ms")
			assert.Equal(t, iters, got.Iterations)
			assert.InDelta(t, whole.TotalS, got.TotalS, 1e-9)
			assert.Equal(t, got, tally.Stats(), "Stats changes nothing")
		})
	}
}

// Add allocates nothing, whether the window is filling or full: a live
// controller's Step stays at its allocations however long it runs.
func TestSolveTallyAddAllocs(t *testing.T) {
	tally := dispatch.NewSolveTally(100)
	d := time.Duration(0)
	add := func() { d += time.Microsecond; tally.Add(d, 3) }
	assert.Zero(t, testing.AllocsPerRun(50, add), "filling")
	assert.Zero(t, testing.AllocsPerRun(500, add), "full")
	assert.Equal(t, 100, tally.Held())
}

// A window below 1 is the default, SolveWindow.
func TestSolveTallyDefaultWindow(t *testing.T) {
	tally := dispatch.NewSolveTally(0)
	assert.Zero(t, tally.Stats().QuantileSolves, "an empty tally's quantiles cover nothing")
	for range dispatch.SolveWindow + 1 {
		tally.Add(time.Millisecond, 1)
	}
	assert.Equal(t, dispatch.SolveWindow, tally.Held())
	assert.Equal(t, dispatch.SolveWindow+1, tally.Stats().Solves)
}

// A tally of the last 4 solves: the count, total and longest are of all
// six, the median and 99th percentile of 3, 4, 5 and 6 ms.
func ExampleSolveTally() {
	tally := dispatch.NewSolveTally(4)
	for _, ms := range []int{9, 1, 3, 4, 5, 6} {
		tally.Add(time.Duration(ms)*time.Millisecond, 10)
	}
	st := tally.Stats()
	fmt.Printf("%d solves, %.3f s, longest %g ms, %d iterations\n", st.Solves, st.TotalS, st.MaxMS, st.Iterations)
	fmt.Printf("last %d: p50 %g ms, p99 %g ms\n", st.QuantileSolves, st.P50MS, st.P99MS)
	// Output:
	// 6 solves, 0.028 s, longest 9 ms, 60 iterations
	// last 4: p50 4 ms, p99 6 ms
}
