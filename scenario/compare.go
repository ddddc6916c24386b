package scenario

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/procs"
)

// Compare dispatches scenario s under each policy in pols (names in its
// [Scenario.Catalogue], as [Scenario.Run] takes them) concurrently (one
// goroutine per policy; every dispatch makes its own solver instance, so
// nothing is shared but the read-only park and profiles) and returns the
// results in the order of pols. Errors of all policies are joined; on error
// no results are returned.
//
// cfg.Forecasts, when set, plans the one run that plans with forecasts
// ("mpc"): forecasters keep state, so a set serves one run at a time, and
// two such runs with a non-nil cfg.Forecasts are an error (ErrConfig); with
// it nil each gets its own, as [Scenario.Run] makes them.
//
// cfg.Progress, when set, is called with the combined progress of all
// policies — done and total counted in intervals, total = len(pols) ×
// intervals — from one goroutine at a time; a policy that does not report
// progress (self, grid) counts as done when it finishes.
func Compare(s *Scenario, cfg dispatch.Config, pols []dispatch.Policy) ([]*dispatch.Result, error) {
	res, _, err := CompareTimed(s, cfg, pols)
	return res, err
}

// CompareTimed is [Compare] that also returns each policy's wall time.
func CompareTimed(s *Scenario, cfg dispatch.Config, pols []dispatch.Policy) ([]*dispatch.Result, []time.Duration, error) {
	if err := s.preflight(cfg, pols); err != nil {
		return nil, nil, err
	}
	n := s.Profiles.Len
	results := make([]*dispatch.Result, len(pols))
	walls := make([]time.Duration, len(pols))
	errs := make([]error, len(pols))

	var mu sync.Mutex
	done := make([]int, len(pols))
	report := cfg.Progress
	progress := func(i, d int) {
		if report == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done[i] = max(done[i], d)
		sum := 0
		for _, v := range done {
			sum += v
		}
		report(sum, n*len(pols))
	}

	defer procs.Raise(2 * len(pols))()
	var wg sync.WaitGroup
	for i, pol := range pols {
		c := cfg
		c.Progress = func(d, _ int) { progress(i, d) }
		wg.Go(func() {
			start := time.Now()
			results[i], errs[i] = s.Run(pol, c)
			walls[i] = time.Since(start)
			if errs[i] == nil {
				progress(i, n)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	return results, walls, nil
}

// preflight checks once, before any policy starts, what each would refuse
// on its own ([dispatch.Preflight]: horizon, LP sizes, the memory of all
// of them at once), so a bad horizon is one error, not one per policy.
func (s *Scenario) preflight(cfg dispatch.Config, pols []dispatch.Policy) error {
	if err := s.fresh(); err != nil {
		return err
	}
	if err := dispatch.Preflight(s.Park, s.Profiles.Len, s.Profiles.Step, cfg, pols...); err != nil {
		return fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	// Forecasters keep state (their fit, their cursor into the history):
	// one set planning two runs at once races, and both runs' forecasts,
	// hence their numbers, come out wrong and differ from run to run.
	if cfg.Forecasts != nil {
		var sharing []string
		cat := s.Catalogue()
		for _, pol := range pols {
			if e, ok := cat.Lookup(pol); ok && e.UsesForecasts {
				sharing = append(sharing, string(pol))
			}
		}
		if len(sharing) > 1 {
			return fmt.Errorf("scenario %q: %w: Forecasts is one set of forecasters, which keep state, and %d runs (%s) would plan with it at once; leave it nil, so that each run gets its own (Scenario.ForecastSet)",
				s.Name, dispatch.ErrConfig, len(sharing), strings.Join(sharing, ", "))
		}
	}
	return nil
}
