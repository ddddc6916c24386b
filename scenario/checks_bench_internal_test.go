package scenario

import (
	"testing"
	"time"

	"github.com/zeropark/zeropark/plan"
)

// BenchmarkRoadmapChecks re-runs a roadmap's three designs through the
// dispatch as `zeropark plan` does (Scenario.CheckOperation in stage
// order, perfect foresight and the rolling horizon each), on four weeks
// of the Texas demo: reuse=true as the command runs, the zero-carbon
// design judged on near-zero's runs; reuse=false with nothing kept, every
// design run (the reference).
func BenchmarkRoadmapChecks(b *testing.B) {
	s, cfg, err := Open(Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 672})
	if err != nil {
		b.Fatal(err)
	}
	m, err := plan.New(s.Park, s.Series, PlanOptions(cfg))
	if err != nil {
		b.Fatal(err)
	}
	rm, err := m.Roadmap()
	m.Close()
	if err != nil {
		b.Fatal(err)
	}
	for _, reuse := range []bool{true, false} {
		name := "reuse=true"
		if !reuse {
			name = "reuse=false"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				s.checked = nil
				if reuse {
					s.checked = &checkMemo{}
				}
				for _, d := range rm.Stages {
					if d == nil {
						b.Fatal("a stage out of reach")
					}
					if _, err := s.CheckOperation(d.Park, d.Target, cfg); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
