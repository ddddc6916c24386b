// Package procs holds the one runtime setting zeropark changes for its
// concurrent, cgo-bound work (sweeps and policy comparisons).
package procs

import "runtime"

// Raise sets GOMAXPROCS to at least n and returns a func restoring it.
//
// Why: each worker spends most of its time inside HiGHS (cgo). While a
// goroutine is in a cgo call the runtime hands its P to another thread;
// when the call returns it must get a P back. With as many Ps as workers
// (GOMAXPROCS = cores) that hand-back is where two workers on two cores
// lost a third of their throughput: measured on 2 vCPUs, 16 two-week
// dispatches on two goroutines ran 1.28–1.42× faster than on one at
// GOMAXPROCS=2, and 1.87–1.88× at GOMAXPROCS=4, while two separate
// processes reach 2×. Spare Ps cost nothing when idle.
func Raise(n int) (restore func()) {
	prev := runtime.GOMAXPROCS(0)
	if prev >= n {
		return func() {}
	}
	runtime.GOMAXPROCS(n)
	return func() { runtime.GOMAXPROCS(prev) }
}

// Concurrent callers may restore out of order; only the number of Ps is
// affected, never correctness.
