package live_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// BenchmarkController measures what the Controller costs beyond the LP at
// 96 steps (the Texas demo resampled to 15 minutes, a 24-hour horizon),
// from the fourth week on (the regression has fitted). Every iteration
// runs the same interval three ways, each timed on its own, so that the
// ratios compare like with like on a machine whose load drifts:
//
//   - step: dispatch.Dispatcher.Step alone on the actual data's window
//     (no forecasting, no settlement) — the LP, BenchmarkStep's work;
//   - rolling: dispatch.Rolling with the default forecasters — forecasting,
//     Step and settlement, what dispatch.Run does per interval;
//   - controller: Measure of the interval that ended and Step of the next,
//     which plans exactly what rolling plans (same forecasters, same
//     history) plus what package live adds: merging, closing the history,
//     the values ahead, the decision and its copy of the plan.
//
// Reported: each one's ms per interval, controller/rolling (package
// live's overhead) and controller/step (forecasting and settlement
// included). The regression refits every week (672 intervals): run with
// -benchtime 2000x or more to average over refits. ns/op is the sum of
// the three.
func BenchmarkController(b *testing.B) {
	sc, err := scenario.DemoAt("texas2012", 15*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	p, prof := sc.Park, sc.Profiles
	cfg := dispatch.DefaultConfig() // 24 h: 96 steps
	h, err := dispatch.HorizonSteps(cfg.Horizon, prof.Step)
	if err != nil || h != 96 {
		b.Fatalf("horizon %d steps (%v)", h, err)
	}
	from, last := 4*7*h, prof.Len-h
	b.Run("horizon=96", func(b *testing.B) {
		b.ReportAllocs()
		var w worlds
		w.start(b, p, prof, sc.Series, cfg, from)
		defer w.close()
		var stepNs, rollingNs, controllerNs int64
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if w.k == last {
				b.StopTimer()
				w.close()
				w.start(b, p, prof, sc.Series, cfg, from)
				b.StartTimer()
			}
			k := w.k
			t0 := time.Now()
			plan, err := w.d.Step(w.st, prof.Slice(k, k+h))
			if err != nil {
				b.Fatal(err)
			}
			w.st.SoCKWh[0] = plan.SoCKWh[0][0]
			t1 := time.Now()
			w.rollingInterval(b, prof, k)
			t2 := time.Now()
			w.controllerInterval(b, p, prof, k)
			t3 := time.Now()
			stepNs += t1.Sub(t0).Nanoseconds()
			rollingNs += t2.Sub(t1).Nanoseconds()
			controllerNs += t3.Sub(t2).Nanoseconds()
			w.k++
		}
		n := float64(b.N)
		b.ReportMetric(float64(stepNs)/n/1e6, "step-ms")
		b.ReportMetric(float64(rollingNs)/n/1e6, "rolling-ms")
		b.ReportMetric(float64(controllerNs)/n/1e6, "controller-ms")
		b.ReportMetric(float64(controllerNs)/float64(rollingNs), "controller/rolling")
		b.ReportMetric(float64(controllerNs)/float64(stepNs), "controller/step")
	})
}

// worlds are the three ways of running the benchmark's intervals.
type worlds struct {
	d  *dispatch.Dispatcher
	st dispatch.State
	r  *dispatch.Rolling
	c  *live.Controller
	k  int
}

// start makes the three, each ready to plan interval from: the
// controller has measured the history before it, and interval from−1 is
// planned and settled everywhere (the regression's first fit is not
// timed).
func (w *worlds) start(b *testing.B, p *model.Park, prof *model.Profiles, set *model.SeriesSet, cfg dispatch.Config, from int) {
	var err error
	if w.d, err = dispatch.New(p, prof.Step, cfg); err != nil {
		b.Fatal(err)
	}
	w.st = dispatch.InitialState(p)
	rc := cfg
	if rc.Forecasts, err = forecast.DefaultSet(p, set, prof); err != nil {
		b.Fatal(err)
	}
	if w.r, err = dispatch.NewRolling(p, prof.Step, rc); err != nil {
		b.Fatal(err)
	}
	if w.c, err = live.New(p, live.Config{Dispatch: cfg, Start: prof.Start, Step: prof.Step}); err != nil {
		b.Fatal(err)
	}
	for k := 0; k < from-1; k++ {
		if _, err := w.c.Measure(measurement(p, prof, k)); err != nil {
			b.Fatal(err)
		}
	}
	w.rollingInterval(b, prof, from-1)
	w.controllerInterval(b, p, prof, from-1)
	w.k = from
}

func (w *worlds) rollingInterval(b *testing.B, prof *model.Profiles, k int) {
	if _, err := w.r.Plan(prof, k); err != nil {
		b.Fatal(err)
	}
	w.r.ScoreForecasts(prof, k, 1)
	if _, err := w.r.Settle(prof, k); err != nil {
		b.Fatal(err)
	}
}

func (w *worlds) controllerInterval(b *testing.B, p *model.Park, prof *model.Profiles, k int) {
	if _, err := w.c.Step(prof.Start.Add(time.Duration(k) * prof.Step)); err != nil {
		b.Fatal(err)
	}
	if _, err := w.c.Measure(measurement(p, prof, k)); err != nil {
		b.Fatal(err)
	}
}

func (w *worlds) close() {
	w.d.Close()
	w.r.Close()
	w.c.Close()
}

// BenchmarkEncodeLock measures how long saving holds the Controller's
// lock (what a Step or Measure arriving meanwhile waits) with a year of
// 15-minute history and settled intervals (the Texas demo's park, its
// history and ledger grown to a year after a day's Steps): held-old-ms
// as Encode was (the park digested, the snapshot gob-encoded under the
// lock), held-new-ms as it is (the snapshot copied under the lock,
// encoded after). Each iteration runs both, alternately first, so that
// the two see the same machine load. encode-ms is the whole Encode
// (copy, gob, checksum), state-MB its size.
func BenchmarkEncodeLock(b *testing.B) {
	sc, err := scenario.DemoAt("texas2012", 15*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	p, prof := sc.Park, sc.Profiles
	c, err := live.New(p, live.Config{Dispatch: dispatch.DefaultConfig(), Start: prof.Start, Step: prof.Step})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	for k := range 96 {
		if _, err := c.Step(prof.Start.Add(time.Duration(k) * prof.Step)); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Measure(measurement(p, prof, k)); err != nil {
			b.Fatal(err)
		}
	}
	year := int(365 * 24 * time.Hour / prof.Step)
	live.Inflate(c, year)
	b.Run("history=35040", func(b *testing.B) {
		b.ReportAllocs()
		var oldNs, newNs, encNs int64
		var size int
		for i := 0; i < b.N; i++ {
			for j := range 2 {
				var held time.Duration
				var err error
				if (i+j)%2 == 0 {
					held, err = live.HoldOld(c)
					oldNs += held.Nanoseconds()
				} else {
					held, err = live.HoldNew(c)
					newNs += held.Nanoseconds()
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			var buf bytes.Buffer
			t0 := time.Now()
			if err := c.Encode(&buf); err != nil {
				b.Fatal(err)
			}
			encNs += time.Since(t0).Nanoseconds()
			size = buf.Len()
		}
		n := float64(b.N)
		b.ReportMetric(float64(oldNs)/n/1e6, "held-old-ms")
		b.ReportMetric(float64(newNs)/n/1e6, "held-new-ms")
		b.ReportMetric(float64(encNs)/n/1e6, "encode-ms")
		b.ReportMetric(float64(size)/1e6, "state-MB")
	})
}

// BenchmarkMetricsPerStep measures Controller.Metrics against a
// controller interval (Measure and Step, BenchmarkController's
// "controller") on the same Texas demo at 15 minutes, in one run: the
// ratio metrics/step is what calling Metrics on every step would add
// (serve did, to count the series, until NumSeries). Reported: each one's
// µs and the ratio.
func BenchmarkMetricsPerStep(b *testing.B) {
	sc, err := scenario.DemoAt("texas2012", 15*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	p, prof := sc.Park, sc.Profiles
	var w worlds
	w.start(b, p, prof, sc.Series, dispatch.DefaultConfig(), 4*7*96)
	defer w.close()
	b.ReportAllocs()
	var metricsNs, stepNs int64
	n := 0
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		n += len(w.c.Metrics().Series)
		t1 := time.Now()
		w.controllerInterval(b, p, prof, w.k)
		w.k++
		metricsNs += t1.Sub(t0).Nanoseconds()
		stepNs += time.Since(t1).Nanoseconds()
	}
	if n != b.N*w.c.NumSeries() {
		b.Fatalf("Metrics counted %d series over %d calls, NumSeries %d", n, b.N, w.c.NumSeries())
	}
	b.ReportMetric(float64(metricsNs)/float64(b.N)/1e3, "metrics-µs")
	b.ReportMetric(float64(stepNs)/float64(b.N)/1e3, "step-µs")
	b.ReportMetric(float64(metricsNs)/float64(stepNs), "metrics/step")
}
