package plots_test

import (
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// `zeropark plot sweep` draws a grid of a sweep file a planner may have
// merged or edited: axes of any finite values (drawn from the seed at the
// scales given, some negative or repeated), any offsets, any stages, some
// cells missing, either draw or are refused as bad input (plots.ErrInput),
// never a panic inside the plotting library caught on the way out.
func FuzzSweepHeatmap(f *testing.F) {
	f.Add(uint64(1), uint8(5), uint8(5), 8000.0, 3000.0, 900.0)
	f.Add(uint64(2), uint8(1), uint8(1), 0.0, 0.0, 0.0)
	f.Add(uint64(3), uint8(2), uint8(40), 1e300, 5e-324, -1e300)
	f.Add(uint64(4), uint8(12), uint8(3), 1e-9, 1e15, 1e-300)
	f.Fuzz(func(t *testing.T, seed uint64, nx, ny uint8, xScale, yScale, offScale float64) {
		for _, v := range []float64{xScale, yScale, offScale} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return // the CSV reader gives finite numbers only
			}
		}
		rng := rand.New(rand.NewPCG(seed, seed+1))
		axis := func(n uint8, scale float64) []float64 {
			vs := make([]float64, 1+int(n)%30)
			for i := range vs {
				switch rng.IntN(5) {
				case 0:
					vs[i] = -scale * rng.Float64()
				case 1:
					vs[i] = float64(i) * scale
				default:
					vs[i] = scale * rng.Float64()
				}
			}
			return vs
		}
		stages := []string{"conventional", "low-carbon", "near-zero-carbon", "zero-carbon"}
		var rows [][]float64
		var offsets []float64
		var st []string
		for _, x := range axis(nx, xScale) {
			for _, y := range axis(ny, yScale) {
				if rng.IntN(8) == 0 {
					continue // a combination missing
				}
				rows = append(rows, []float64{x, y})
				offsets = append(offsets, offScale*(rng.Float64()-0.2))
				st = append(st, stages[rng.IntN(len(stages))])
			}
		}
		if len(rows) == 0 {
			return
		}
		tab := sweepTable(t, []string{"a.x_kw", "b.y_kw"}, rows, offsets, st)
		g, err := tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw"})
		if err != nil {
			return // the query's error (two rows for one cell): results' fuzz checks those
		}
		fig, err := plots.SweepHeatmap(g, nil)
		if err == nil {
			_, err = fig.WriteTo(io.Discard, plots.SVG)
		}
		if err != nil && !errors.Is(err, plots.ErrInput) {
			t.Fatalf("not an input error: %v", err)
		}
	})
}
