package dispatch

import (
	"slices"
	"time"
)

// Test-only views of run.go's solve statistics, for package dispatch_test.

// SummariseSolves is the SolveStats of steps whose solves took times
// (one entry per step) and iterations in all: the total, the median and
// the 99th percentile of all of them, as a run reports them (newStats).
// times is not changed.
func SummariseSolves(times []time.Duration, iterations int) SolveStats {
	return newStats(len(times), slices.Clone(times), iterations, &repairTally{})
}

// Recent is a copy of the solve times the quantiles cover, oldest first.
func (t *SolveTally) Recent() []time.Duration {
	return append(slices.Clone(t.ring[t.next:]), t.ring[:t.next]...)
}
