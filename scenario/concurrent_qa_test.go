package scenario_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// TestVariantsRunConcurrently runs eight variants of one scenario (each
// its own battery size) from eight goroutines, each under two policies,
// and checks each against the same variant run alone: Variant and Run
// are documented safe from several goroutines (run under -race).
func TestVariantsRunConcurrently(t *testing.T) {
	s, cfg, err := scenario.Open(scenario.Options{Demo: "texas2012", LimitHours: 48, Horizon: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	pols := []dispatch.Policy{dispatch.RollingHorizon, dispatch.PerfectInformation}
	variant := func(i int) *scenario.Scenario {
		p := s.Park.Clone()
		for b := range p.Batteries {
			p.Batteries[b].EnergyKWh *= float64(i+1) / 4
		}
		prof, err := model.Resolve(p, s.Series)
		if err != nil {
			t.Error(err)
			return nil
		}
		return s.Variant(fmt.Sprint("v", i), p, prof)
	}
	const n = 8
	got := make([][]float64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := variant(i)
			if v == nil {
				return
			}
			for _, pol := range pols {
				r, err := v.Run(pol, cfg)
				if err != nil {
					t.Error(err)
					return
				}
				got[i] = append(got[i], r.Report.ResidualKgCO2e)
			}
		}()
	}
	wg.Wait()
	for _, i := range []int{0, n - 1} {
		v := variant(i)
		for k, pol := range pols {
			r, err := v.Run(pol, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(got[i]) <= k || got[i][k] != r.Report.ResidualKgCO2e {
				t.Errorf("variant %d %s: concurrent %v, alone %v", i, pol, got[i], r.Report.ResidualKgCO2e)
			}
		}
	}
}
