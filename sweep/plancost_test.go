package sweep

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// planPark is two days of a park with a flat 100 kW load, PV that gives
// 0.5 kW per kWp from 08:00 to 16:00 and a clean grid (0.02 kgCO2e/kWh,
// 0.10 USD/kWh, no export): the core indicator holds with any import, so
// zero-carbon with the clean share required takes certificates for the
// share's shortfall as well as offsets. PV up to 1 MWp and a battery up
// to 3 MWh and 300 kW are candidates (today: none of either).
func planPark() (*model.Park, *model.SeriesSet) {
	n := 48
	load, pv := make([]float64, n), make([]float64, n)
	for t := range n {
		load[t] = 100
		if h := t % 24; h >= 8 && h < 16 {
			pv[t] = 0.5
		}
	}
	set := &model.SeriesSet{Start: time.Date(2023, 6, 5, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n}
	_ = set.SetColumn("load_kw", load)
	_ = set.SetColumn("pv_kw_per_kwp", pv)
	zero := 0.0
	p := &model.Park{Name: "plan cost",
		Loads: []model.Load{{Name: "tenants", Column: "load_kw"}},
		PV:    []model.PVArray{{Name: "roof", AvailabilityColumn: "pv_kw_per_kwp"}},
		Batteries: []model.Battery{{Name: "battery", ChargeEfficiency: 0.95, DischargeEfficiency: 0.95,
			MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 1000, ExportLimitKW: 0, DispatchCarbon: model.CarbonSignal{KgCO2ePerKWh: 0.02},
			ImportPrice: &model.Price{PerKWh: 0.10}},
		Economics: &model.Economics{Currency: "USD", DiscountRatePerYear: &zero,
			PV:      &model.PVEconomics{MaxTotalKWp: 1000},
			Battery: &model.BatteryEconomics{MaxTotalKWh: 3000, MaxTotalKW: 300}}}
	return p, set
}

// A design planned for zero-carbon, priced the sweep's way, costs what
// the plan says: capital and purchases as plan prices them — the sweep's
// purchases are offsets for the residual beyond those held plus
// certificates for the clean share's shortfall beyond those held — once
// on the plan's own schedule (exact but for the plan's 1e-6 margin on
// the stage rows) and once swept (the sweep dispatches the design anew
// with perfect foresight, carbon first then cost, so its operation and
// residual differ a little from the plan's cost-first dispatch).
func TestSweepPricesAPlannedDesignAsPlanDoes(t *testing.T) {
	p, set := planPark()
	led := dispatch.DefaultLedgerConfig()
	led.RequireCleanShare = true
	led.OffsetPricePerTCO2e, led.CertificatePricePerMWh = 30, 2
	led.OffsetsHeldTCO2e, led.CertificatesHeldMWh = 0.01, 0.5
	opt := plan.DefaultOptions()
	opt.Ledger = led
	m, err := plan.New(p, set, opt)
	require.NoError(t, err)
	defer m.Close()
	d, err := m.Plan(dispatch.ZeroCarbon)
	require.NoError(t, err)
	require.Positive(t, d.OffsetCostPerYear, "the plan buys offsets")
	require.Positive(t, d.CertificateCostPerYear, "the plan buys certificates")
	require.Positive(t, d.CapitalPerYear, "the plan adds capacity")
	costs, err := p.CapacityCosts()
	require.NoError(t, err)
	rel := func(want, got, tol float64, what string) {
		t.Helper()
		assert.InDelta(t, want, got, tol*math.Max(math.Abs(want), 1), "%s: want %v, got %v", what, want, got)
	}

	// The plan's own schedule, judged with the holdings alone (not what
	// the plan bought): the same capital, operation and purchases.
	rep, err := dispatch.Account(d.Park, d.Schedule, led)
	require.NoError(t, err)
	c, err := results.AnnualCostsOf(costs, led, d.Park, d.Schedule, &rep)
	require.NoError(t, err)
	rel(d.CapitalPerYear+d.FixedOMPerYear, c.CapitalPerYear+c.FixedOMPerYear, 1e-9, "capital")
	// The investment up front as the plan and plan.CostOfAdding price it
	// (package results keeps its own copy of the sum: it may not import
	// plan).
	require.Positive(t, d.Investment)
	rel(d.Investment, c.Investment, 1e-9, "investment")
	added, err := plan.CostOfAdding(p, d.Park)
	require.NoError(t, err)
	rel(added.Investment, c.Investment, 1e-12, "investment as CostOfAdding")
	rel(added.CapitalPerYear, c.CapitalPerYear, 1e-12, "capital as CostOfAdding")
	rel(added.FixedOMPerYear, c.FixedOMPerYear, 1e-12, "fixed O&M as CostOfAdding")
	rel(d.OperatingCostPerYear, c.OperatingCostPerYear, 1e-9, "operating")
	rel(d.OffsetsBoughtTCO2ePerYear, c.Purchases.OffsetsTCO2e, 1e-4, "offsets")
	rel(d.CertificatesBoughtMWhPerYear, c.Purchases.CertificatesMWh, 1e-4, "certificates")
	rel(d.OffsetCostPerYear+d.CertificateCostPerYear, c.PurchasesPerYear, 1e-4, "purchases")
	rel(d.TotalCostPerYear, c.TotalCostPerYear, 1e-4, "total")
	// The ledger's certificates for all import, the offsets' alternative,
	// are not in it.
	assert.Less(t, c.PurchasesPerYear, (rep.OffsetCost+rep.CertificateCost)/d.Years)

	// Swept: the park file's capacities varied to the design's.
	tot := d.Park.Totals()
	sc, err := scenario.New("plan cost", p, set)
	require.NoError(t, err)
	sp := mustSpace(t, "pv.capacity_kwp="+results.FormatNumber(tot.PVKWp), "battery.energy_kwh="+results.FormatNumber(tot.BatteryKWh),
		"battery.power_kw="+results.FormatNumber(tot.BatteryPowerKW))
	cfg := dispatch.DefaultConfig()
	cfg.Ledger = led
	out := filepath.Join(t.TempDir(), "sweep.csv")
	_, err = Run(context.Background(), sc, sp, out, Options{Policy: dispatch.Perfect, Config: &cfg, Workers: 1})
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	require.Len(t, tab.Rows, 1)
	get := func(col string) float64 {
		v, err := tab.Float(tab.Rows[0], col)
		require.NoError(t, err, col)
		return v
	}
	rel(d.CapitalPerYear+d.FixedOMPerYear, get(results.ColCapitalPerYear)+get(results.ColFixedOMPerYear), 1e-9, "swept capital")
	rel(d.Investment, get(results.ColInvestment), 1e-9, "swept investment")
	// 2 %: the sweep's own dispatch may differ from the plan's (same
	// capacities, another objective); on this park they coincide.
	t.Logf("plan: operating %.2f purchases %.2f (offsets %.4f t, certificates %.3f MWh); swept: operating %.2f purchases %.2f",
		d.OperatingCostPerYear, d.OffsetCostPerYear+d.CertificateCostPerYear, d.OffsetsBoughtTCO2ePerYear, d.CertificatesBoughtMWhPerYear,
		get(results.ColOperatingCostPerYear), get(results.ColPurchasesPerYear))
	rel(d.OperatingCostPerYear, get(results.ColOperatingCostPerYear), 0.02, "swept operating")
	rel(d.OffsetCostPerYear+d.CertificateCostPerYear, get(results.ColPurchasesPerYear), 0.02, "swept purchases")
	rel(d.TotalCostPerYear, get(results.ColTotalCostPerYear), 0.02, "swept total")
}
