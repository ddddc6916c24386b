package plots_test

import (
	"bytes"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// oldRoadmapJSON is a roadmap.json as the first zeropark to write one did
// (b36a59c): no heat, fuel, storage_end or require_clean_share keys, no
// heat capacities, and a stage out of reach written with zero figures.
// Its near-zero design's operating cost is negative (exports earn more
// than the park buys). By hand: low-carbon 90,000 + 16,000 + 390,000 + 0
// + 1,500 = 497,500; near-zero 795,000 + 146,000 − 97,000 + 0 + 0 =
// 844,000.
const oldRoadmapJSON = `{
  "park": "old park",
  "currency": "EUR",
  "discount_rate_per_year": 0.07,
  "designs": [
    {"target": "today", "stage": "conventional",
     "added": {"pv_kwp": 0, "wind_kw": 0, "battery_kwh": 0, "battery_kw": 0},
     "total": {"pv_kwp": 100, "wind_kw": 0, "battery_kwh": 0, "battery_kw": 0},
     "capital_per_year": 0, "fixed_om_per_year": 0, "energy_cost_per_year": 500000,
     "demand_charge_per_year": 7900, "wear_cost_per_year": 0, "operating_cost_per_year": 507900,
     "offsets_bought_tco2e_per_year": 0, "offset_cost_per_year": 0,
     "certificates_bought_mwh_per_year": 0, "certificate_cost_per_year": 0,
     "total_cost_per_year": 507900, "residual_tco2e_per_year": 3336.3,
     "net_residual_tco2e_per_year": 3336.3, "unserved_kwh_per_year": 0, "cost_per_tco2e_avoided": null},
    {"target": "low-carbon", "stage": "low-carbon",
     "added": {"pv_kwp": 0, "wind_kw": 396.5, "battery_kwh": 0, "battery_kw": 0},
     "total": {"pv_kwp": 100, "wind_kw": 396.5, "battery_kwh": 0, "battery_kw": 0},
     "capital_per_year": 90000, "fixed_om_per_year": 16000, "energy_cost_per_year": 390000,
     "demand_charge_per_year": 0, "wear_cost_per_year": 0, "operating_cost_per_year": 390000,
     "offsets_bought_tco2e_per_year": 0, "offset_cost_per_year": 0,
     "certificates_bought_mwh_per_year": 30, "certificate_cost_per_year": 1500,
     "total_cost_per_year": 497500, "residual_tco2e_per_year": 2749.5,
     "net_residual_tco2e_per_year": 2749.5, "unserved_kwh_per_year": 0, "cost_per_tco2e_avoided": null},
    {"target": "near-zero-carbon", "stage": "near-zero-carbon",
     "added": {"pv_kwp": 2150.08, "wind_kw": 1368.6, "battery_kwh": 6103.4, "battery_kw": 310.54},
     "total": {"pv_kwp": 2250.08, "wind_kw": 1368.6, "battery_kwh": 6103.4, "battery_kw": 310.54},
     "capital_per_year": 795000, "fixed_om_per_year": 146000, "energy_cost_per_year": -97000,
     "demand_charge_per_year": 0, "wear_cost_per_year": 0, "operating_cost_per_year": -97000,
     "offsets_bought_tco2e_per_year": 0, "offset_cost_per_year": 0,
     "certificates_bought_mwh_per_year": 0, "certificate_cost_per_year": 0,
     "total_cost_per_year": 844000, "residual_tco2e_per_year": 319.2,
     "net_residual_tco2e_per_year": 319.2, "unserved_kwh_per_year": 0, "cost_per_tco2e_avoided": 1000},
    {"target": "zero-carbon", "stage": "", "unreachable": "no design within the bounds",
     "added": {"pv_kwp": 0, "wind_kw": 0, "battery_kwh": 0, "battery_kw": 0},
     "total": {"pv_kwp": 0, "wind_kw": 0, "battery_kwh": 0, "battery_kw": 0},
     "capital_per_year": 0, "fixed_om_per_year": 0, "energy_cost_per_year": 0,
     "demand_charge_per_year": 0, "wear_cost_per_year": 0, "operating_cost_per_year": 0,
     "offsets_bought_tco2e_per_year": 0, "offset_cost_per_year": 0,
     "certificates_bought_mwh_per_year": 0, "certificate_cost_per_year": 0,
     "total_cost_per_year": 0, "residual_tco2e_per_year": 0,
     "net_residual_tco2e_per_year": 0, "unserved_kwh_per_year": 0, "cost_per_tco2e_avoided": null}
  ],
  "solves": 5, "solve_seconds": 1.5, "lp_columns": 100, "lp_rows": 50
}
`

// readRoadmap reads a roadmap.json text as the CLI does.
func readRoadmap(t *testing.T, text string) *results.Roadmap {
	t.Helper()
	rm, err := results.ReadRoadmapJSON(strings.NewReader(text), "roadmap.json")
	require.NoError(t, err)
	return rm
}

// partsOf are a row's parts as roadmap.json states them, in stacking
// order.
func partsOf(r *results.RoadmapRow) []float64 {
	return []float64{r.CapitalPerYear, r.FixedOMPerYear, r.OperatingCostPerYear, r.OffsetCostPerYear, r.CertificateCostPerYear}
}

// checkStack checks that bar b stacks the parts of row r: each segment
// as tall as its part, on the side of zero its sign says, the segments
// of each side touching from zero out; the signed heights add up to the
// net marker, which is the row's total.
func checkStack(t *testing.T, r *results.RoadmapRow, b plots.RoadmapBar) {
	t.Helper()
	want := partsOf(r)
	require.Len(t, b.Parts, len(want), r.Target)
	up, down, signed := 0.0, 0.0, 0.0
	for i, pt := range b.Parts {
		assert.Equal(t, want[i], pt.CostPerYear, "%s %s", r.Target, pt.Name)
		assert.InDelta(t, math.Abs(want[i]), pt.TopPerYear-pt.BottomPerYear, 1e-9*(1+math.Abs(want[i])), "%s %s height", r.Target, pt.Name)
		if want[i] >= 0 {
			assert.InDelta(t, up, pt.BottomPerYear, 1e-6, "%s %s sits on the segment below", r.Target, pt.Name)
			up = pt.TopPerYear
			signed += pt.TopPerYear - pt.BottomPerYear
		} else {
			assert.InDelta(t, down, pt.TopPerYear, 1e-6, "%s %s hangs from the segment above", r.Target, pt.Name)
			down = pt.BottomPerYear
			signed -= pt.TopPerYear - pt.BottomPerYear
		}
	}
	assert.Equal(t, r.TotalCostPerYear, b.TotalCostPerYear, "%s net marker", r.Target)
	assert.InDelta(t, b.TotalCostPerYear, signed, 1e-6*(1+math.Abs(signed)), "%s: segments add up to the net marker", r.Target)
}

func TestRoadmapBarsFromOldFile(t *testing.T) {
	rm := readRoadmap(t, oldRoadmapJSON)
	bars, err := plots.RoadmapBars(rm)
	require.NoError(t, err)
	require.Len(t, bars, 4)
	for i := range 3 {
		checkStack(t, &rm.Rows[i], bars[i])
	}
	// By hand (oldRoadmapJSON): near-zero's capital 0 → 795,000, fixed
	// O&M above it to 941,000, operating hanging below zero to −97,000.
	nz := bars[2].Parts
	assert.Equal(t, [2]float64{0, 795000}, [2]float64{nz[0].BottomPerYear, nz[0].TopPerYear})
	assert.Equal(t, [2]float64{795000, 941000}, [2]float64{nz[1].BottomPerYear, nz[1].TopPerYear})
	assert.Equal(t, [2]float64{-97000, 0}, [2]float64{nz[2].BottomPerYear, nz[2].TopPerYear})
	assert.Equal(t, 844000.0, bars[2].TotalCostPerYear)
	assert.Equal(t, []string{"+2,150 kWp PV", "+1,369 kW wind", "+6,103 kWh / 311 kW battery"}, bars[2].Adds)
	assert.Equal(t, []string{"+396 kW wind"}, bars[1].Adds, "396.5 rounds half to even in strconv: 396")
	assert.Empty(t, bars[0].Adds)

	// The stage out of reach: no parts, no net marker, whatever zeros
	// the old file wrote for it.
	assert.Equal(t, "no design within the bounds", bars[3].Unreachable)
	assert.Nil(t, bars[3].Parts)
	assert.Zero(t, bars[3].TotalCostPerYear)

	fig, err := plots.RoadmapCosts(rm, nil)
	require.NoError(t, err)
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, plots.SVG)
	require.NoError(t, err)
	for _, s := range []string{"out of reach", "annual cost (EUR a year)", "net 844,000 EUR", "+6,103 kWh / 311 kW battery", "residual 3,336 tCO2e a year", "today&#39;s park", "nothing added", "certificates bought"} {
		assert.Contains(t, svg.String(), s)
	}
	assert.NotContains(t, svg.String(), "offsets bought", "no design buys offsets: the legend leaves them out")
}

// TestRoadmapBarsRandom stacks seeded random rows, parts of either sign,
// written by results.WriteRoadmapJSON and read back.
func TestRoadmapBarsRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for trial := range 50 {
		rm := &results.Roadmap{Park: "random", Currency: "USD"}
		for _, target := range []string{results.TodayTarget, "low-carbon", "near-zero-carbon", "zero-carbon"} {
			r := results.RoadmapRow{Target: target, Stage: dispatch.LowCarbon,
				CapitalPerYear: rng.Float64() * 1e6, FixedOMPerYear: rng.Float64() * 1e5,
				OperatingCostPerYear: (rng.Float64() - 0.5) * 1e6, OffsetCostPerYear: rng.Float64() * 1e4,
				CertificateCostPerYear: rng.Float64() * 1e4, ResidualTCO2ePerYear: rng.Float64() * 1e3}
			if rng.Intn(5) == 0 {
				r.CapitalPerYear = 0
			}
			r.TotalCostPerYear = r.CapitalPerYear + r.FixedOMPerYear + r.OperatingCostPerYear + r.OffsetCostPerYear + r.CertificateCostPerYear
			rm.Rows = append(rm.Rows, r)
		}
		var buf bytes.Buffer
		require.NoError(t, results.WriteRoadmapJSON(&buf, rm))
		back := readRoadmap(t, buf.String())
		bars, err := plots.RoadmapBars(back)
		require.NoError(t, err, "trial %d", trial)
		for i := range back.Rows {
			checkStack(t, &back.Rows[i], bars[i])
		}
	}
}

func TestRoadmapBarsRefused(t *testing.T) {
	offBy := strings.Replace(oldRoadmapJSON, `"total_cost_per_year": 844000`, `"total_cost_per_year": 845000`, 1)
	rounded := strings.Replace(oldRoadmapJSON, `"total_cost_per_year": 844000`, `"total_cost_per_year": 844000.04`, 1)
	_, err := plots.RoadmapBars(readRoadmap(t, rounded))
	assert.NoError(t, err, "a total 4 cents off the parts (rounding) is within RoadmapSumTolerance")

	for _, c := range []struct {
		name string
		rm   *results.Roadmap
		want []string
	}{
		{"parts do not add up", readRoadmap(t, offBy), []string{"design near-zero-carbon", "capital 795000 + fixed O&M 146000 + operating -97000 + offsets bought 0 + certificates bought 0 = 844000", "the total is 845000"}},
		{"no designs", readRoadmap(t, `{"park": "p", "currency": "USD"}`), []string{"not a roadmap: no designs"}},
		{"nil", nil, []string{"no designs"}},
		{"no target", &results.Roadmap{Rows: []results.RoadmapRow{{}}}, []string{"without a target"}},
		{"not finite", &results.Roadmap{Rows: []results.RoadmapRow{{Target: "today", CapitalPerYear: math.NaN()}}}, []string{"design today: capital NaN"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := plots.RoadmapBars(c.rm)
			require.ErrorIs(t, err, plots.ErrInput)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			_, err = plots.RoadmapCosts(c.rm, nil)
			assert.ErrorIs(t, err, plots.ErrInput)
		})
	}
}

// TestSaveRoadmapCostsAtomic: a roadmap that cannot be drawn leaves the
// file there before as it was, and no temporary file beside it; one that
// can replaces it whole.
func TestSaveRoadmapCostsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "roadmap.png")
	require.NoError(t, os.WriteFile(path, []byte("the picture before"), 0o644))
	bad := readRoadmap(t, strings.Replace(oldRoadmapJSON, `"total_cost_per_year": 497500`, `"total_cost_per_year": 1`, 1))
	require.ErrorIs(t, plots.SaveRoadmapCosts(path, bad, nil), plots.ErrInput)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "the picture before", string(data))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	require.NoError(t, plots.SaveRoadmapCosts(path, readRoadmap(t, oldRoadmapJSON), &plots.RoadmapOptions{WidthIn: 10, HeightIn: 7}))
	data, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, []byte("\x89PNG")), "a PNG replaced the file")
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1)

	assert.ErrorIs(t, plots.SaveRoadmapCosts(filepath.Join(dir, "r.gif"), readRoadmap(t, oldRoadmapJSON), nil), plots.ErrInput)
}

// Bug fix (F5): the zero-carbon slot read "residual 349 tCO2e a year" like
// near-zero's, its offsets too thin a slice to see; its caption now says
// what it buys and the net, as frontier.png's label does.
func TestRoadmapCaptionSaysWhatIsBought(t *testing.T) {
	const residualTCO2e, boughtTCO2e = 348.7367130, 348.7370617 // the bought a hair above (QA F4)
	const offsetPerT = 15.0
	rm := &results.Roadmap{Park: "hand", Currency: "USD", Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.Conventional, OperatingCostPerYear: 900000, TotalCostPerYear: 900000,
			ResidualTCO2ePerYear: 4000, NetResidualTCO2ePerYear: 4000},
		{Target: "near-zero-carbon", Stage: dispatch.NearZeroCarbon, CapitalPerYear: 700000, OperatingCostPerYear: 100000,
			TotalCostPerYear: 800000, ResidualTCO2ePerYear: residualTCO2e, NetResidualTCO2ePerYear: residualTCO2e},
		{Target: "zero-carbon", Stage: dispatch.ZeroCarbon, CapitalPerYear: 700000, OperatingCostPerYear: 100000,
			OffsetsBoughtTCO2ePerYear: boughtTCO2e, OffsetCostPerYear: offsetPerT * boughtTCO2e,
			CertificatesBoughtMWhPerYear: 40, CertificateCostPerYear: 200,
			TotalCostPerYear: 800000 + offsetPerT*boughtTCO2e + 200, ResidualTCO2ePerYear: residualTCO2e,
			NetResidualTCO2ePerYear: residualTCO2e - boughtTCO2e},
	}}
	bars, err := plots.RoadmapBars(rm)
	require.NoError(t, err)
	require.Len(t, bars, 3)
	assert.InDelta(t, boughtTCO2e, bars[2].OffsetsBoughtTCO2ePerYear, 1e-12)
	assert.InDelta(t, residualTCO2e-bars[2].OffsetsBoughtTCO2ePerYear, bars[2].NetResidualTCO2ePerYear, 1e-9, "net = residual − bought")
	assert.Zero(t, bars[1].OffsetsBoughtTCO2ePerYear)

	fig, err := plots.RoadmapCosts(rm, nil)
	require.NoError(t, err)
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, plots.SVG)
	require.NoError(t, err)
	out := svg.String()
	// −0.00035 t net rounds to 0, not "-0"
	assert.Contains(t, out, ">+ 349 t offsets bought<")
	assert.Contains(t, out, ">net of offsets 0 tCO2e a year<")
	assert.NotContains(t, out, "net of offsets -0")
	assert.Contains(t, out, "+ 40 MWh certificates bought")
	assert.Equal(t, 1, strings.Count(out, "net of offsets"), "near-zero buys nothing and says nothing")
}

// With offsets held, a zero-carbon design's caption nets them out too:
// residual 323.6 t a year, 167.2 t bought, 6 t held over two weeks
// (6 × 8760 / 336 = 156.4 t a year): "+ 167 t offsets bought, 156 t held"
// and "net of offsets 0 tCO2e a year", where residual − bought alone (roadmap.csv's
// net_residual_tco2e_per_year, unchanged) would read 156 for a design the
// ledger grants zero-carbon. Offsets held with no period to scale them by
// are refused.
func TestRoadmapCaptionNetsOffsetsHeld(t *testing.T) {
	const residual, held = 323.6, 6.0
	heldPerYear := held * 8760 / 336
	bought := residual - heldPerYear
	rm := &results.Roadmap{Park: "hand", Currency: "USD", PlanPeriod: results.PlanPeriod{Steps: 336, StepMinutes: 60}, OffsetsHeldTCO2e: held, Rows: []results.RoadmapRow{
		{Target: results.TodayTarget, Stage: dispatch.LowCarbon, OperatingCostPerYear: 660000, TotalCostPerYear: 660000,
			ResidualTCO2ePerYear: 4162, NetResidualTCO2ePerYear: 4162},
		{Target: "zero-carbon", Stage: dispatch.ZeroCarbon, CapitalPerYear: 1e6, OffsetsBoughtTCO2ePerYear: bought,
			OffsetCostPerYear: 15 * bought, TotalCostPerYear: 1e6 + 15*bought, ResidualTCO2ePerYear: residual,
			NetResidualTCO2ePerYear: residual - bought},
	}}
	bars, err := plots.RoadmapBars(rm)
	require.NoError(t, err)
	assert.InDelta(t, 156.43, bars[1].OffsetsHeldTCO2ePerYear, 0.01)
	assert.InDelta(t, heldPerYear, bars[1].NetResidualTCO2ePerYear, 1e-9, "the file's net: residual − bought")
	fig, err := plots.RoadmapCosts(rm, nil)
	require.NoError(t, err)
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, plots.SVG)
	require.NoError(t, err)
	assert.Contains(t, svg.String(), ">+ 167 t offsets bought, 156 t held<")
	assert.Contains(t, svg.String(), ">net of offsets 0 tCO2e a year<")
	assert.NotContains(t, svg.String(), "156 tCO2e")

	rm.Steps = 0
	_, err = plots.RoadmapBars(rm)
	require.ErrorIs(t, err, plots.ErrInput)
	assert.Contains(t, err.Error(), "offsets_held_tco2e 6 over 0 steps")
}

// TestRoadmapLegendNetOfIncentives: a design with incentives makes the
// capital part's legend say it is net of them; without, it says capital.
func TestRoadmapLegendNetOfIncentives(t *testing.T) {
	svgOf := func(rm *results.Roadmap) string {
		fig, err := plots.RoadmapCosts(rm, nil)
		require.NoError(t, err)
		var svg bytes.Buffer
		_, err = fig.WriteTo(&svg, plots.SVG)
		require.NoError(t, err)
		return svg.String()
	}
	rm := readRoadmap(t, oldRoadmapJSON)
	assert.NotContains(t, svgOf(rm), "net of incentives", "the old file has no incentives")
	back := 120000.0
	rm.Rows[2].Incentives = &back
	bars, err := plots.RoadmapBars(rm)
	require.NoError(t, err)
	assert.Equal(t, back, bars[2].Incentives)
	assert.Contains(t, svgOf(rm), "capital, net of incentives")
}
