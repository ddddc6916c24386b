package sweep

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/scenario"
)

// benchAxes is the sweep of the example command (9 battery sizes ×
// 5 PV sizes = 45 scenarios), each dispatched for one week of the
// texas2012 demo from 1 June (MPC, 24 h horizon).
var benchAxes = []string{"battery.energy_kwh=0:8000:1000", "pv.capacity_kwp=1000:5000:1000"}

func benchScenario(t testing.TB) (*scenario.Scenario, *Space) {
	return demoSlice(t, "texas2012", 151*24, 7*24), mustSpace(t, benchAxes...)
}

// childEnv names the results file a child process of
// BenchmarkSweepScaling writes (see TestBenchChild).
const childEnv = "ZEROPARK_SWEEP_BENCH_CHILD"

// TestBenchChild is not a test: BenchmarkSweepScaling starts this test
// binary twice at once with childEnv set, and each copy runs the benchmark
// sweep with one worker. It is skipped otherwise.
func TestBenchChild(t *testing.T) {
	out := os.Getenv(childEnv)
	if out == "" {
		t.Skip("run by BenchmarkSweepScaling")
	}
	sc, sp := benchScenario(t)
	_, err := Run(context.Background(), sc, sp, out, Options{Workers: 1})
	require.NoError(t, err)
}

// BenchmarkSweepScaling runs the benchmark sweep (benchAxes) with 1 and
// with 2 workers, alternating, and reports:
//   - speedup: time(1 worker) / time(2 workers); the target is ≥ 1.7 on
//     2 cores;
//   - pair-speedup, the reference for what the machine allows: two
//     separate processes each run the 1-worker sweep at the same time, and
//     the figure is 2 × time(1 worker) / time(both). It shares nothing in
//     the process, so speedup well below it would point at the code, and
//     both well below 2 at the machine (shared caches, memory bandwidth,
//     neighbours on the host);
//   - scenarios/s at 2 workers;
//   - heap-MB/worker: the peak Go heap in use during a 2-worker run above
//     the heap before it (runtime.MemStats.HeapInuse), divided by 2;
//     HiGHS allocates in C, outside that figure, so
//   - rss-MB/worker: the same with the resident set size from
//     /proc/self/status (Linux only; 0 elsewhere) counts it too.
func BenchmarkSweepScaling(b *testing.B) {
	sc, sp := benchScenario(b)
	dir := b.TempDir()
	run := func(workers int, name string) time.Duration {
		start := time.Now()
		_, err := Run(context.Background(), sc, sp, filepath.Join(dir, name), Options{Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	pair := func(i int) time.Duration {
		cmds := make([]*exec.Cmd, 2)
		outs := make([]bytes.Buffer, 2)
		start := time.Now()
		for j := range cmds {
			c := exec.Command(os.Args[0], "-test.run=^TestBenchChild$", "-test.count=1")
			c.Env = append(os.Environ(), childEnv+"="+filepath.Join(dir, fmt.Sprintf("pair-%d-%d.csv", i, j)))
			c.Stdout, c.Stderr = &outs[j], &outs[j]
			if err := c.Start(); err != nil {
				b.Fatal(err)
			}
			cmds[j] = c
		}
		for j, c := range cmds {
			if err := c.Wait(); err != nil {
				b.Fatalf("child %d: %v\n%s", j, err, outs[j].String())
			}
		}
		return time.Since(start)
	}
	var t1, t2, tp time.Duration
	var peak, rssPeak uint64
	for i := 0; b.Loop(); i++ {
		t1 += run(1, "w1-"+strconv.Itoa(i)+".csv")
		// Timed 2-worker run without the memory sampler: ReadMemStats
		// stops the world and would slow the workers it measures.
		t2 += run(2, "w2-"+strconv.Itoa(i)+".csv")
		tp += pair(i)

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
	b.ReportMetric(2*float64(t1)/float64(tp), "pair-speedup")
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

// BenchmarkCheckParks: the up-front check of every combination's park on
// the texas2012 demo, 10,000 combinations (100 PV × 100 battery values).
func BenchmarkCheckParks(b *testing.B) {
	p, _, err := demo.Load("texas2012")
	require.NoError(b, err)
	sp := mustSpace(b, "pv.capacity_kwp=0:7920:80", "battery.energy_kwh=0:39600:400")
	require.Equal(b, 10000, sp.Len())
	b.ReportAllocs()
	for b.Loop() {
		require.NoError(b, sp.checkParks(p))
	}
}
