package plots

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/results"
)

// A roadmap planned over a reduction says under its bars that they are the
// reduced model's costs, and gives each design's total over the full
// series with the bar's error against it; a design that misses its stage
// over the full series has no error, and a roadmap over the full series no
// such lines.
func TestReductionCaption(t *testing.T) {
	rm := &results.Roadmap{Currency: "USD", Reduction: &results.RoadmapReduction{Periods: 12, PeriodLengthHours: 168},
		Rows: []results.RoadmapRow{
			{Target: results.TodayTarget, Full: &results.FullSeries{TotalCostPerYear: 660859, CostError: ptr(0)}},
			{Target: "low-carbon", Full: &results.FullSeries{TotalCostPerYear: 642078.4, CostError: ptr(-0.0123)}},
			{Target: "near-zero-carbon", Full: &results.FullSeries{TotalCostPerYear: 1.6e6, Unreachable: "carbon per unit energy 0.24 > 0.2"}},
			{Target: "zero-carbon", Unreachable: "out of reach"},
		}}
	assert.Equal(t, "Planned over 12 representative periods of 168 h: the bars are the reduced model's costs."+
		" Over the full series, a year: today's park 660,859 USD (bar +0.0 %); low-carbon 642,078 USD (bar -1.2 %);"+
		" near-zero-carbon 1,600,000 USD (misses its stage there: the totals do not compare).", reductionCaption(rm))

	// A cost error that rounds to 0 reads +0.0, never -0.0; the remainder
	// a period length leaves (8,760 h = 52 × 168 h + 24 h) is named.
	rm.Rows[1].Full.CostError = ptr(-0.0003)
	rm.Steps, rm.StepMinutes = 8760, 60
	rm.Reduction.Kinds = []string{"typical", "extreme", "remainder"}
	got := reductionCaption(rm)
	assert.Contains(t, got, "Planned over 12 representative periods of 168 h and the 24 h remainder: the bars")
	assert.Contains(t, got, "low-carbon 642,078 USD (bar +0.0 %)")
	assert.NotContains(t, got, "-0.0")

	rm.Reduction = &results.RoadmapReduction{Slices: 2016}
	assert.True(t, strings.HasPrefix(reductionCaption(rm), "Planned over 2,016 chronological slices: the bars are the reduced model's costs. Over"))

	rm.Reduction = nil
	assert.Empty(t, reductionCaption(rm))
}

// A roadmap sized at a margin says so in its caption: each design's after
// a --margin auto search, the one margin otherwise, nothing without.
func TestMarginCaption(t *testing.T) {
	rm := &results.Roadmap{Rows: []results.RoadmapRow{{Target: results.TodayTarget}, {Target: "low-carbon"}, {Target: "near-zero-carbon"}}}
	assert.Empty(t, marginCaption(rm))
	rm.Margin = 0.1
	assert.Equal(t, "Every stage's limits tightened by 10 % before sizing (--margin), room for what operation misses.", marginCaption(rm))
	m0, m18 := 0.0, 0.18
	rm.Rows[1].SizedMargin, rm.Rows[2].SizedMargin = &m0, &m18
	rm.Margin, rm.MarginSearch = 0.18, []results.MarginRound{
		{Margin: 0, Stages: []results.StageRound{{Stage: "low-carbon", Holds: true, Kept: true}, {Stage: "near-zero-carbon"}}},
		{Margin: 0.18, Stages: []results.StageRound{{Stage: "low-carbon", Holds: true}, {Stage: "near-zero-carbon", Holds: true, Kept: true}}}}
	assert.Equal(t, "Each design sized at the least margin at which it held its stage in operation (--margin auto; every limit of its stage × (1 − margin)): "+
		"low-carbon 0.0 %, near-zero-carbon 18.0 %.", marginCaption(rm))
	// near-zero-carbon held at no margin tried: its design is the closest
	// round's, not one at which it held (QA S, session 37).
	rm.MarginSearch[1].Stages[1].Holds = false
	assert.Equal(t, "Each design sized at the least margin at which it held its stage in operation or, where no margin tried held it, the closest "+
		"(--margin auto, see the margin search; every limit of its stage × (1 − margin)): low-carbon 0.0 %, near-zero-carbon 18.0 %.", marginCaption(rm))
	rm.MarginSearch = nil // given per stage (--margin STAGE=F,…)
	assert.Equal(t, "Each design sized at its stage's own margin (--margin STAGE=F,…; every limit of its stage × (1 − margin)): "+
		"low-carbon 0.0 %, near-zero-carbon 18.0 %.", marginCaption(rm))
}
