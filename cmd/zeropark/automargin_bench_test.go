package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/zeropark/zeropark/results"
)

// BenchmarkPlanMarginAuto is `zeropark plan --slices 2016 --margin auto`
// on the Texas demo (ns/op), against `zeropark plan --slices 2016` timed
// just before in the same process (the reference): x-plan is the search's
// wall time over the plain plan's, rounds how many roadmaps it planned,
// near-zero-margin the margin near-zero's design was kept at.
func BenchmarkPlanMarginAuto(b *testing.B) {
	args := []string{"plan", "--slices", "2016", "--json"}
	run := func(extra ...string) (time.Duration, results.Roadmap) {
		start := time.Now()
		var out, errb bytes.Buffer
		code := realMain(&env{stdout: &out, stderr: &errb, progressEvery: -1}, append(append([]string{}, args...), extra...))
		d := time.Since(start)
		if code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
		var rm results.Roadmap
		if err := json.Unmarshal(out.Bytes(), &rm); err != nil {
			b.Fatal(err)
		}
		return d, rm
	}
	for b.Loop() {
		b.StopTimer()
		plain, _ := run()
		b.StartTimer()
		auto, rm := run("--margin", "auto")
		b.StopTimer()
		b.ReportMetric(auto.Seconds()/plain.Seconds(), "x-plan")
		b.ReportMetric(float64(len(rm.MarginSearch)), "rounds")
		if len(rm.Rows) > 2 && rm.Rows[2].SizedMargin != nil {
			b.ReportMetric(*rm.Rows[2].SizedMargin, "near-zero-margin")
		}
		b.StartTimer()
	}
}
