package plots_test

import (
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// `zeropark plot roadmap --in roadmap.json` draws a file a planner may
// have edited by hand: any bytes either read as a roadmap or give a file
// error, and a roadmap read either draws or is refused as bad input
// (plots.ErrInput: exit 2 naming the file), never a panic inside the
// plotting library caught on the way out (an error that names no
// input).
func FuzzRoadmapFigure(f *testing.F) {
	f.Add(oldRoadmapJSON)
	f.Add(strings.Replace(oldRoadmapJSON, `"capital_per_year": 795000`, `"capital_per_year": 1e308`, 1))
	f.Add(strings.Replace(oldRoadmapJSON, `"total_cost_per_year": 844000`, `"total_cost_per_year": -844000`, 1))
	f.Add(strings.Replace(oldRoadmapJSON, `"wind_kw": 1368.6`, `"wind_kw": -1368.6`, 2))
	f.Add(`{"designs": []}`)
	f.Add(`{"designs": [{"target": "today"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		rm, err := results.ReadRoadmapJSON(strings.NewReader(in), "roadmap.json")
		if err != nil {
			if !errors.Is(err, results.ErrFile) {
				t.Fatalf("read: %v does not unwrap to results.ErrFile", err)
			}
			return
		}
		fig, err := plots.RoadmapCosts(rm, nil)
		if err == nil {
			_, err = fig.WriteTo(io.Discard, plots.SVG)
		}
		if err != nil && !errors.Is(err, plots.ErrInput) {
			t.Fatalf("not an input error: %v", err)
		}
	})
}

// The same with the numbers fuzzed in a roadmap that reads: one design's
// costs, capacities and residual set to any finite values (a hand edit
// that keeps the JSON valid), the parts made to add up to the total so
// that the drawing itself is reached, or left not adding up.
func FuzzRoadmapFigureNumbers(f *testing.F) {
	f.Add(uint8(2), 795000.0, 146000.0, -97000.0, 0.0, 2150.08, 1368.6, 6103.4, 319.2, true)
	f.Add(uint8(1), 1e308, 1e308, -1e308, 1e300, 1e-300, -5.0, 0.0, -1.0, true)
	f.Add(uint8(0), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, false)
	f.Add(uint8(3), 5e-324, -5e-324, 1e15, 1e15, 1e9, 1e9, 1e9, 1e12, true)
	f.Fuzz(func(t *testing.T, row uint8, capital, om, operating, offsets, pv, wind, battery, residual float64, addUp bool) {
		for _, v := range []float64{capital, om, operating, offsets, pv, wind, battery, residual} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return // JSON has no such number: the reader never gives one
			}
		}
		rm, err := results.ReadRoadmapJSON(strings.NewReader(oldRoadmapJSON), "roadmap.json")
		if err != nil {
			t.Fatal(err)
		}
		r := &rm.Rows[int(row)%len(rm.Rows)]
		r.CapitalPerYear, r.FixedOMPerYear, r.OperatingCostPerYear, r.EnergyCostPerYear = capital, om, operating, operating
		r.DemandChargePerYear, r.WearCostPerYear = 0, 0
		r.OffsetCostPerYear, r.OffsetsBoughtTCO2ePerYear = offsets, offsets/15
		r.CertificateCostPerYear, r.CertificatesBoughtMWhPerYear = 0, 0
		r.Added.PVKWp, r.Added.WindKW, r.Added.BatteryKWh = pv, wind, battery
		r.ResidualTCO2ePerYear, r.NetResidualTCO2ePerYear = residual, residual
		r.TotalCostPerYear = capital + om + operating + offsets
		if !addUp {
			r.TotalCostPerYear += 1000
		}
		fig, err := plots.RoadmapCosts(rm, nil)
		if err == nil {
			_, err = fig.WriteTo(io.Discard, plots.SVG)
		}
		if err != nil && !errors.Is(err, plots.ErrInput) {
			t.Fatalf("not an input error: %v", err)
		}
	})
}
