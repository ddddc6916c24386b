package plots_test

import (
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// `zeropark plot frontier --in frontier.csv` draws points a planner may
// have edited by hand, beside the roadmap.json's designs: any finite
// residuals and costs (drawn from the seed at the scale given, some
// negative, repeated or out of order, with or without a full-series
// evaluation) either draw or are refused as bad input (plots.ErrInput),
// never a panic inside the plotting library caught on the way out.
func FuzzFrontierFigure(f *testing.F) {
	f.Add(uint64(1), uint8(11), 4000.0, 1e6, true)
	f.Add(uint64(2), uint8(2), 0.0, 0.0, false)
	f.Add(uint64(3), uint8(1), 1e300, -1e300, true)
	f.Add(uint64(4), uint8(30), 5e-324, 1e-300, false)
	f.Fuzz(func(t *testing.T, seed uint64, n uint8, residualScale, costScale float64, full bool) {
		if math.IsNaN(residualScale) || math.IsInf(residualScale, 0) || math.IsNaN(costScale) || math.IsInf(costScale, 0) {
			return // the CSV reader gives finite numbers only
		}
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		pick := func(scale float64) float64 {
			switch rng.IntN(6) {
			case 0:
				return 0
			case 1:
				return -scale * rng.Float64()
			}
			return scale * rng.Float64()
		}
		rows := make([]results.FrontierRow, int(n)%40)
		for i := range rows {
			r := &rows[i]
			r.Point = i
			r.ResidualTCO2ePerYear, r.EpsilonTCO2ePerYear = pick(residualScale), pick(residualScale)
			r.CapitalPerYear, r.FixedOMPerYear, r.OperatingCostPerYear = pick(costScale), pick(costScale), pick(costScale)
			r.TotalCostPerYear = r.CapitalPerYear + r.FixedOMPerYear + r.OperatingCostPerYear
			if full && rng.IntN(2) == 0 {
				res, tot := pick(residualScale), pick(costScale)
				r.Full = &results.FullSeries{ResidualTCO2ePerYear: &res, TotalCostPerYear: tot}
			}
		}
		rm, err := results.ReadRoadmapJSON(strings.NewReader(oldRoadmapJSON), "roadmap.json")
		if err != nil {
			t.Fatal(err)
		}
		opt := &plots.FrontierOptions{Park: rm.Park, Currency: rm.Currency, Thresholds: plots.FrontierThresholdsOf(rm), PeriodHours: rm.PeriodHours()}
		fig, err := plots.CostCarbonFrontier(rows, plots.FrontierMarkers(rm), opt)
		if err == nil {
			_, err = fig.WriteTo(io.Discard, plots.SVG)
		}
		if err != nil && !errors.Is(err, plots.ErrInput) {
			t.Fatalf("not an input error: %v", err)
		}
	})
}
