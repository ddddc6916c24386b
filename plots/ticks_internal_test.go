package plots

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"

	"github.com/zeropark/zeropark/results"
)

// labelledRange is the lowest and highest labelled tick of ts.
func labelledRange(ts []plot.Tick) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, t := range ts {
		if t.Label != "" {
			lo, hi = math.Min(lo, t.Value), math.Max(hi, t.Value)
		}
	}
	return lo, hi
}

// The frontier's cost axis has a labelled tick at or below its cheapest
// point and one at or above its dearest (plots QA: the Texas frontier's
// lowest label was 1,000,000, its cheapest points at 663,363 and
// 668,150).
func TestFrontierCostAxisBracketsPoints(t *testing.T) {
	costs := []float64{663_362.88, 668_150.41, 690_222.37, 778_315.34, 1_056_218.83, 2_987_074.45}
	resid := []float64{3634.7, 2907.8, 2180.8, 1453.9, 726.9, 0.0004}
	var rows []results.FrontierRow
	for i := range costs {
		rows = append(rows, results.FrontierRow{Point: i, ResidualTCO2ePerYear: resid[i], TotalCostPerYear: costs[i]})
	}
	for _, marks := range [][]FrontierMarker{nil, {{Label: "today's park", Today: true, ResidualTCO2ePerYear: 4100, TotalCostPerYear: 640_000}}} {
		ff, _, err := newFrontierFigure(rows, marks, nil)
		require.NoError(t, err)
		y := ff.p.Y
		lo, hi := labelledRange(y.Tick.Marker.Ticks(y.Min, y.Max))
		least := costs[0]
		if len(marks) > 0 {
			least = marks[0].TotalCostPerYear
		}
		assert.LessOrEqual(t, lo, least, "a label at or below the cheapest point (axis %v to %v)", y.Min, y.Max)
		assert.GreaterOrEqual(t, hi, costs[len(costs)-1], "a label at or above the dearest point")
		assert.GreaterOrEqual(t, lo, y.Min)
		assert.LessOrEqual(t, hi, y.Max)
	}
}
