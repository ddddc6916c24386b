package results_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// stageReport is a period by hand: residual 50 t, 20 t of offsets held,
// 1000 tce consumed, 2000 MWh imported, the core indicator met.
func stageReport(st dispatch.Stage) *dispatch.Report {
	return &dispatch.Report{Stage: st, ResidualKgCO2e: 50000, OffsetsHeldTCO2e: 20, Energy: dispatch.EnergyKWh{Import: 2e6},
		StageBasis: dispatch.StageBasis{CoreMet: true, ConsumptionTce: 1000, UnservedToleranceShare: 0.001,
			CleanShare: 0.8, CleanShareMin: 0.9, CleanShareMet: false}}
}

// Hand cases of what each stage buys (offset price 30, certificate price
// 2, 0.1229 kgce per kWh).
func TestStagePurchasesByHand(t *testing.T) {
	led := dispatch.DefaultLedgerConfig()
	led.OffsetPricePerTCO2e, led.CertificatePricePerMWh = 30, 2

	// Near-zero with its holdings: zero-carbon = near-zero + (R − H) ×
	// price = (50 − 20) × 30 = 900.
	r := stageReport(dispatch.NearZeroCarbon)
	s := results.StagePurchasesOf(r, led)
	for _, st := range dispatch.Stages()[:3] {
		v, ok := s.Cost(st)
		assert.True(t, ok, st)
		assert.Zero(t, v, st)
	}
	v, ok := s.Cost(dispatch.ZeroCarbon)
	require.True(t, ok)
	assert.InDelta(t, 900, v, 1e-9)
	assert.InDelta(t, 30, s.OffsetsTCO2e, 1e-12)

	// The clean share required and short by 0.1 of 1000 tce: 100 tce /
	// 0.1229 kgce per kWh = 813.67 MWh of certificates (< the 2000 MWh
	// imported), at 2 each; zero-carbon adds the offsets.
	r = stageReport(dispatch.LowCarbon)
	r.StageBasis.CleanShareRequired = true
	s = results.StagePurchasesOf(r, led)
	certs := 100 / led.KgcePerKWh / 1000 * 1000 // tce / (kgce/kWh) = MWh
	assert.InDelta(t, certs, s.CertificatesMWh, 1e-9)
	v, ok = s.Cost(dispatch.LowCarbon)
	assert.True(t, ok)
	assert.Zero(t, v, "a low-carbon row's cost to low-carbon buys nothing")
	v, ok = s.Cost(dispatch.NearZeroCarbon)
	assert.True(t, ok)
	assert.InDelta(t, 2*certs, v, 1e-9)
	v, ok = s.Cost(dispatch.ZeroCarbon)
	assert.True(t, ok)
	assert.InDelta(t, 2*certs+900, v, 1e-9)

	// The same with 80 MWh imported: certificates cannot close the share.
	r.Energy.Import = 80e3
	s = results.StagePurchasesOf(r, led)
	_, ok = s.Cost(dispatch.NearZeroCarbon)
	assert.False(t, ok)
	_, ok = s.Cost(dispatch.ZeroCarbon)
	assert.False(t, ok)

	// The core indicator missed: no zero-carbon cost whatever the offsets.
	r = stageReport(dispatch.LowCarbon)
	r.StageBasis.CoreMet = false
	s = results.StagePurchasesOf(r, led)
	_, ok = s.Cost(dispatch.ZeroCarbon)
	assert.False(t, ok)
	_, ok = s.Cost(dispatch.NearZeroCarbon)
	assert.False(t, ok)
	_, ok = s.Cost(dispatch.LowCarbon)
	assert.True(t, ok)

	// Load shed beyond the tolerance: conventional only.
	r = stageReport(dispatch.Conventional)
	r.StageBasis.UnservedShare = 0.01
	s = results.StagePurchasesOf(r, led)
	assert.Equal(t, [4]bool{true, false, false, false}, s.Reaches)

	// Conventional only for the clean share: low-carbon through
	// near-zero, at its certificates.
	r = stageReport(dispatch.Conventional)
	r.StageBasis.CleanShareRequired = true
	s = results.StagePurchasesOf(r, led)
	v, ok = s.Cost(dispatch.LowCarbon)
	assert.True(t, ok)
	assert.InDelta(t, 2*certs, v, 1e-9)
}

// A row's cells: cost_to_zero = cost_to_near + zero's offsets, and a
// row that cannot reach a stage has empty cells, never 0.
func TestStageCostCells(t *testing.T) {
	led := dispatch.DefaultLedgerConfig()
	led.OffsetPricePerTCO2e = 30
	header := results.SweepHeader(nil, false)
	cell := func(rep *dispatch.Report, name string) string {
		c := &results.AnnualCosts{Economics: true, CapitalPerYear: 100, FixedOMPerYear: 10, OperatingCostPerYear: 1000,
			Stages: results.StagePurchasesOf(rep, led)}
		rep.Policy, rep.Steps, rep.StepMinutes = dispatch.Perfect, 8760, 60
		f := results.SweepFields(results.SweepRow{Report: rep, Costs: c}, false)
		for i, h := range header {
			if h == name {
				return f[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	near := stageReport(dispatch.NearZeroCarbon)
	assert.Equal(t, "1110", cell(near, results.ColCostToLowCarbonPerYear))
	assert.Equal(t, "1110", cell(near, results.ColCostToNearZeroCarbonPerYear))
	assert.Equal(t, "2010", cell(near, results.ColCostToZeroCarbonPerYear), "1110 + (50 − 20) t × 30")
	assert.Equal(t, "30", cell(near, results.ColZeroOffsetsTCO2ePerYear))
	missed := stageReport(dispatch.LowCarbon)
	missed.StageBasis.CoreMet = false
	assert.Equal(t, "1110", cell(missed, results.ColCostToLowCarbonPerYear))
	assert.Empty(t, cell(missed, results.ColCostToNearZeroCarbonPerYear))
	assert.Empty(t, cell(missed, results.ColCostToZeroCarbonPerYear))
	assert.Empty(t, cell(missed, results.ColZeroPurchasesPerYear))
	assert.Equal(t, "0", cell(missed, results.ColFuelCost), "no heat: 0, as roadmap.csv")
}

// A heat map coloured by a stage's cost places a row that does not reach
// the stage as such (Grid.CannotReach; QA session 37, S8: the sweep was
// refused): no value, a row all the same, never the best row a slice is
// held through. Every cell out of reach is a query error, as is a row
// without costs (a park without economics), which names the row.
func TestGridStageCostColumnEmptyCell(t *testing.T) {
	tab, err := results.ParseTable([]byte(`combination,a.x_kw,b.y_kw,stage,offsets_needed_tco2e,cost_to_zero_carbon_per_year
0,0,0,low-carbon,10,
1,10,0,near-zero-carbon,5,1200
`), "s.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", KPI: results.ColCostToZeroCarbonPerYear})
	require.NoError(t, err)
	assert.Equal(t, dispatch.ZeroCarbon, g.CannotReachStage)
	assert.True(t, g.Unreached(0, 0))
	assert.True(t, math.IsNaN(g.Values[0][0]))
	assert.Equal(t, dispatch.LowCarbon, g.Stages[0][0], "the row's own stage is kept")
	assert.False(t, g.Unreached(1, 0))
	assert.Equal(t, 1200.0, g.Values[1][0])
	assert.True(t, g.AnyUnreached())
	assert.False(t, g.Missing(), "a cell out of reach has a row")
	lo, hi := g.Range()
	assert.Equal(t, [2]float64{1200, 1200}, [2]float64{lo, hi})

	// The cheapest cell for a stage the row reaches may be one that cannot
	// reach the colour column's: it is ranked all the same.
	costed, err := results.ParseTable([]byte(`combination,a.x_kw,b.y_kw,stage,offsets_needed_tco2e,total_cost_per_year,cost_to_zero_carbon_per_year
0,0,0,low-carbon,10,900,
1,10,0,near-zero-carbon,5,1200,1200
`), "c.csv")
	require.NoError(t, err)
	g, err = costed.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", KPI: results.ColCostToZeroCarbonPerYear})
	require.NoError(t, err)
	require.True(t, g.Unreached(0, 0))
	var low *results.CheapestCell
	for i := range g.Cheapest {
		if g.Cheapest[i].Stage == dispatch.LowCarbon {
			low = &g.Cheapest[i]
		}
	}
	require.NotNil(t, low, "%+v", g.Cheapest)
	assert.Equal(t, [2]int{0, 0}, [2]int{low.C, low.R}, "low-carbon's cheapest: the cell out of zero-carbon's reach")
	assert.Equal(t, 900.0, low.TotalCostPerYear)

	// Another KPI: nothing marked.
	g, err = tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw"})
	require.NoError(t, err)
	assert.Nil(t, g.CannotReach)
	assert.False(t, g.AnyUnreached())

	// A third parameter held through the best row: the one that reaches
	// the stage, though the other comes first.
	tab3, err := results.ParseTable([]byte(`combination,a.x_kw,b.y_kw,c.z_kw,stage,offsets_needed_tco2e,cost_to_zero_carbon_per_year
0,0,0,0,low-carbon,10,
1,0,0,5,near-zero-carbon,5,1200
`), "s3.csv")
	require.NoError(t, err)
	g, err = tab3.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", KPI: results.ColCostToZeroCarbonPerYear})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"c.z_kw": 5}, g.Held)
	assert.Equal(t, 1200.0, g.Values[0][0])

	// No cell reaches the stage: nothing to colour.
	none, err := results.ParseTable([]byte(`combination,a.x_kw,b.y_kw,stage,offsets_needed_tco2e,cost_to_zero_carbon_per_year
0,0,0,low-carbon,10,
1,10,0,low-carbon,5,
`), "n.csv")
	require.NoError(t, err)
	_, err = none.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", KPI: results.ColCostToZeroCarbonPerYear})
	require.ErrorIs(t, err, results.ErrQuery)
	assert.ErrorContains(t, err, "no combination drawn reaches zero-carbon, even by buying")
	assert.ErrorContains(t, err, "colour by total_cost_per_year")

	// No economics (total_cost_per_year empty): the row is named.
	noEcon, err := results.ParseTable([]byte(`combination,a.x_kw,b.y_kw,stage,offsets_needed_tco2e,total_cost_per_year,cost_to_zero_carbon_per_year
0,0,0,low-carbon,10,,
`), "e.csv")
	require.NoError(t, err)
	_, err = noEcon.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw", KPI: results.ColCostToZeroCarbonPerYear})
	require.ErrorIs(t, err, results.ErrFile)
	assert.ErrorContains(t, err, "e.csv:2")
	assert.ErrorContains(t, err, "combination 0 has no costs (the park has no economics)")
}
