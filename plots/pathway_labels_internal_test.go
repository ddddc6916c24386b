package plots

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// TestPathwayLabelsDoNotOverlap: milestones two years apart on a 25-year
// axis (2026 low-carbon, 2028 near-zero-carbon, 2030 zero-carbon) drew
// their labels over one another at the foot of the cost panel (QA S,
// session 37); now each label's box clears every other's, and the last
// one stays left of the legend.
func TestPathwayLabelsDoNotOverlap(t *testing.T) {
	pw := &results.Pathway{Park: "test park", Currency: "USD", BaseYear: 2024, Milestones: 3,
		Rows: []results.PathwayRow{
			{Year: 2026, Target: "low-carbon", CostPerYear: 500, TodayCostPerYear: 500, Total: results.Capacities{PVKWp: 2000}},
			{Year: 2028, Target: "near-zero-carbon", CostPerYear: 700, TodayCostPerYear: 520, Total: results.Capacities{PVKWp: 4500}},
			{Year: 2030, Target: "zero-carbon", CostPerYear: 720, TodayCostPerYear: 540, Total: results.Capacities{PVKWp: 4600}},
			{Year: 2049, Target: "zero-carbon", CostPerYear: 720, TodayCostPerYear: 540, Total: results.Capacities{PVKWp: 4600}},
		},
		Value: &results.PathwayValue{DiscountRatePerYear: 0.0624, AnalysisYears: 25, FirstYear: 2025, LastYear: 2049}}
	fig, err := PathwayFigure(pw)
	require.NoError(t, err)
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, SVG)
	require.NoError(t, err)
	re := regexp.MustCompile(`<text x="([-0-9.]+)" y="([-0-9.]+)"[^>]*\n?[^>]*>(20\d\d [a-z-]+)</text>`)
	type box struct{ x0, x1, y0, y1 float64 }
	boxes := map[string]box{}
	sty := textStyle(9)
	for _, m := range re.FindAllStringSubmatch(svg.String(), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		boxes[m[3]] = box{x, x + float64(sty.Width(m[3])), y, y + float64(sty.Height(m[3]))}
	}
	names := []string{"2026 low-carbon", "2028 near-zero-carbon", "2030 zero-carbon", "2049 zero-carbon"}
	for _, n := range names {
		require.Contains(t, boxes, n, "label %q drawn", n)
	}
	for i, a := range names {
		for _, b := range names[i+1:] {
			p, q := boxes[a], boxes[b]
			overlap := p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1
			require.False(t, overlap, "%q at %+v and %q at %+v overlap", a, p, b, q)
		}
	}
	leg := regexp.MustCompile(`<text x="([-0-9.]+)"[^>]*\n?[^>]*>the pathway</text>`).FindStringSubmatch(svg.String())
	require.NotNil(t, leg)
	legX, _ := strconv.ParseFloat(leg[1], 64)
	require.Less(t, boxes["2049 zero-carbon"].x1, legX, "the last label stays left of the legend")
}
