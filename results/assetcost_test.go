package results_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// A varied park that takes 200 kWp from one PV array and gives 700 to
// another builds 700 kWp: AnnualCostsOfVaried prices each asset apart, by
// hand here (700 × 1,000 × CRF(5 %, 25) + 700 × 20), where the totals
// alone price the net 500 (QA S5, session 37: a sweep row cutting one
// array and raising another was priced for the net). Where no asset is
// cut, the two agree bit for bit; an asset the base lacks is added whole.
func TestAnnualCostsOfVariedPricesEachAsset(t *testing.T) {
	base, prof := mustProfiles(t, 24)
	// The schedule gives the operating cost alone, the same for every park
	// priced here.
	res := run(t, base, prof, dispatch.Perfect, false)
	base.PV = append(base.PV, model.PVArray{Name: "Ground PV", CapacityKWp: 100, AvailabilityColumn: "pv_kw_per_kwp"})
	costs := &model.CapacityCosts{Currency: "USD", DiscountRatePerYear: 0.05,
		PV: model.TechCosts{CapitalPerUnit: 1000, FixedOMPerUnitYear: 20, LifetimeYears: 25, Existing: 400, MaxTotal: 5000}}
	costs.BatteryEnergy.Existing, costs.BatteryPower.Existing = 200, 60
	led := dispatch.DefaultLedgerConfig()
	g := math.Pow(1.05, 25)
	crf := 0.05 * g / (g - 1)

	varied := base.Clone()
	varied.PV[0].CapacityKWp, varied.PV[1].CapacityKWp = 100, 800 // rooftop 300 → 100, ground 100 → 800
	net, err := results.AnnualCostsOf(costs, led, varied, res.Schedule, &res.Report)
	require.NoError(t, err)
	relClose(t, 500*1000*crf, net.CapitalPerYear, "the totals alone: the net 500 kWp")
	each, err := results.AnnualCostsOfVaried(costs, led, base, varied, res.Schedule, &res.Report)
	require.NoError(t, err)
	relClose(t, 700*1000, each.Investment, "investment: 700 kWp built")
	relClose(t, 700*1000*crf, each.CapitalPerYear, "capital")
	relClose(t, 700*20, each.FixedOMPerYear, "fixed O&M")
	relClose(t, each.CapitalPerYear+each.FixedOMPerYear+each.OperatingCostPerYear+each.PurchasesPerYear, each.TotalCostPerYear, "total")

	grown := base.Clone()
	grown.PV[0].CapacityKWp, grown.PV[1].CapacityKWp = 350, 450
	a, err := results.AnnualCostsOf(costs, led, grown, res.Schedule, &res.Report)
	require.NoError(t, err)
	b, err := results.AnnualCostsOfVaried(costs, led, base, grown, res.Schedule, &res.Report)
	require.NoError(t, err)
	assert.Equal(t, a, b, "no asset cut: the totals' figures, bit for bit")

	added := base.Clone()
	added.PV = append(added.PV, model.PVArray{Name: "Carport", CapacityKWp: 50, AvailabilityColumn: "pv_kw_per_kwp"})
	added.PV[0].CapacityKWp = 250
	c, err := results.AnnualCostsOfVaried(costs, led, base, added, res.Schedule, &res.Report)
	require.NoError(t, err)
	relClose(t, 50*1000, c.Investment, "a new array is added whole; the cut one saves nothing")
}
