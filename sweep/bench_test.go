package sweep

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSweepScaling runs the same sixteen week-long demo scenarios (one
// week of the texas2012 demo from 1 June, MPC with a 24 h horizon) with 1
// and with 2 workers and reports:
//   - speedup: time(1 worker) / time(2 workers), the target is ≥ 1.7 on
//     2 cores;
//   - scenarios/s at 2 workers;
//   - heap-MB/worker: the peak Go heap in use during the 2-worker run
//     above the heap before it (runtime.MemStats.HeapInuse), divided by 2;
//     HiGHS allocates in C, outside that figure, so
//   - rss-MB/worker: the same with the resident set size from
//     /proc/self/status (Linux only; 0 elsewhere) counts it too.
func BenchmarkSweepScaling(b *testing.B) {
	sc := demoSlice(b, "texas2012", 151*24, 7*24)
	sp := mustSpace(b, "battery.energy_kwh=1000,2000,3000,4000,5000,6000,7000,8000", "pv.capacity_kwp=1500,4000")
	dir := b.TempDir()
	run := func(workers int, name string) time.Duration {
		start := time.Now()
		_, err := Run(context.Background(), sc, sp, filepath.Join(dir, name), Options{Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var t1, t2 time.Duration
	var peak, rssPeak uint64
	for i := 0; b.Loop(); i++ {
		t1 += run(1, "w1-"+strconv.Itoa(i)+".csv")
		// Timed 2-worker run without the memory sampler: ReadMemStats
		// stops the world and would slow the workers it measures.
		t2 += run(2, "w2-"+strconv.Itoa(i)+".csv")

		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base, rss0 := ms.HeapInuse, rssBytes()
		var top, rssTop atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					var m runtime.MemStats
					runtime.ReadMemStats(&m)
					if m.HeapInuse > base && m.HeapInuse-base > top.Load() {
						top.Store(m.HeapInuse - base)
					}
					if r := rssBytes(); r > rss0 && r-rss0 > rssTop.Load() {
						rssTop.Store(r - rss0)
					}
				}
			}
		})
		run(2, "w2m-"+strconv.Itoa(i)+".csv")
		close(stop)
		wg.Wait()
		peak = max(peak, top.Load())
		rssPeak = max(rssPeak, rssTop.Load())
	}
	b.ReportMetric(float64(t1)/float64(t2), "speedup")
	b.ReportMetric(float64(sp.Len()*b.N)/t2.Seconds(), "scenarios/s")
	b.ReportMetric(float64(peak)/2/1e6, "heap-MB/worker")
	b.ReportMetric(float64(rssPeak)/2/1e6, "rss-MB/worker")
}

// rssBytes is the resident set size from /proc/self/status, or 0.
func rssBytes() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}
