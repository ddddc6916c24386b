package results_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// TestPathwayTableSaysWhyNoPresentValue: a pathway that stops at an
// unreachable milestone has no Value; the table says so instead of
// leaving the present value out silently (the --help promises one).
func TestPathwayTableSaysWhyNoPresentValue(t *testing.T) {
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 2, Rows: []results.PathwayRow{
		{Year: 2026, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, CostPerYear: 100},
		{Year: 2030, Target: dispatch.ZeroCarbon, Unreachable: "plan: zero-carbon is out of reach: offsets cost too much"},
	}}
	var b bytes.Buffer
	require.NoError(t, results.WritePathwayTable(&b, pw))
	assert.Contains(t, b.String(), "1 of 2 milestones planned; no present value")
	assert.NotContains(t, b.String(), "Present value over")
}
