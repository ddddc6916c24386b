package scenario

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
)

// A full-series evaluation settled below the target the full-series LP
// reached says why (the full_series_unreachable cell); one that reaches
// it, or today's park (no target), says nothing.
func TestSettledBelowTarget(t *testing.T) {
	below := &plan.Design{Target: dispatch.NearZeroCarbon, Stage: dispatch.LowCarbon, AtOnceIntervals: 7}
	below.Report.StageBasis.StageLimitedBy = "carbon per unit energy 0.31 tCO2/tce"
	for _, tc := range []struct {
		name   string
		target dispatch.Stage
		e      *plan.Design
		want   string
	}{
		{"below", dispatch.NearZeroCarbon, below, "over the full series the cheapest operation reaching near-zero-carbon charged and discharged a battery at once in 7 intervals; " +
			"settled so that a battery can run it, it is low-carbon, limited by carbon per unit energy 0.31 tCO2/tce"},
		{"reaches", dispatch.LowCarbon, below, ""},
		{"above", dispatch.Conventional, below, ""},
		{"today", dispatch.Conventional, &plan.Design{Stage: dispatch.Conventional}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, settledBelowTarget(tc.target, tc.e))
		})
	}
}
