package plan_test

import (
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// demoEconomics is what the tests give the Texas demo park, which has
// no economics object: REopt's USD defaults for costs, and bounds
// generous enough for zero-carbon on the Texas year (PV to 12 MWp, wind to
// 9 MW, batteries to 60 MWh and 12 MW). These are test fixtures; the
// lead decides what the demo file gets.
func demoEconomics() *model.Economics {
	return &model.Economics{
		Currency: "USD",
		PV:       &model.PVEconomics{MaxTotalKWp: 12000},
		Wind:     &model.WindEconomics{MaxTotalKW: 9000},
		Battery:  &model.BatteryEconomics{MaxTotalKWh: 60000, MaxTotalKW: 12000},
	}
}

// demoOffsetPrice and demoCertificatePrice are the README's illustrative
// prices (USD per tCO2e and per MWh).
const (
	demoOffsetPrice      = 15
	demoCertificatePrice = 5
)

// loadDemo is the Texas demo park with the test economics and its year of
// hourly series, weather-driven availability derived.
func loadDemo(tb testing.TB) (*model.Park, *model.SeriesSet) {
	tb.Helper()
	park, set, err := demoInputs()
	require.NoError(tb, err)
	return park, set
}

func demoInputs() (*model.Park, *model.SeriesSet, error) {
	park, set, err := demo.Load(demo.Default)
	if err != nil {
		return nil, nil, err
	}
	if err := physics.Derive(park, set); err != nil {
		return nil, nil, err
	}
	park.Economics = demoEconomics()
	return park, set, nil
}

// demoOptions are the plan options the demo tests use: default
// thresholds, the README's prices.
func demoOptions() plan.Options {
	o := plan.DefaultOptions()
	o.Ledger.OffsetPricePerTCO2e = demoOffsetPrice
	o.Ledger.CertificatePricePerMWh = demoCertificatePrice
	return o
}

// TestDemoRoadmap plans the Texas demo's roadmap over the full year (a
// minute or two; set PLAN_DEMO=1, PLAN_PERIODS=K for representative days):
// every stage reached, the costs never falling, and no battery charging
// and discharging at once (which would inflate consumption, see the
// package documentation). Run with -v for the table.
func TestDemoRoadmap(t *testing.T) {
	if os.Getenv("PLAN_DEMO") == "" {
		t.Skip("set PLAN_DEMO=1: the demo's full-year roadmap takes a minute or more")
	}
	park, set := loadDemo(t)
	opt := demoOptions()
	if v := os.Getenv("PLAN_PERIODS"); v != "" {
		var err error
		opt.Periods, err = strconv.Atoi(v)
		require.NoError(t, err)
	}
	m, err := plan.New(park, set, opt)
	require.NoError(t, err)
	defer m.Close()
	rm, err := m.Roadmap()
	require.NoError(t, err)
	prev := 0.0
	for i, d := range append([]*plan.Design{rm.Today}, rm.Stages...) {
		require.NotNil(t, d, "stage %d: %v", i, rm.Unreachable)
		b := d.Report.StageBasis
		t.Logf("%-17s %-17s total %9.0f capital %9.0f O&M %8.0f energy %9.0f demand %6.0f offsets %6.1f t certificates %6.1f MWh residual %7.1f t (%.1f s)",
			d.Target, d.Stage, d.TotalCostPerYear, d.CapitalPerYear, d.FixedOMPerYear, d.EnergyCostPerYear, d.DemandChargePerYear,
			d.OffsetsBoughtTCO2ePerYear, d.CertificatesBoughtMWhPerYear, d.ResidualTCO2ePerYear, d.SolveSeconds)
		for _, a := range d.Additions {
			if a.Added > 0 {
				t.Logf("    + %.0f %s %s (%s)", a.Added, a.Unit, a.Tech, a.Asset)
			}
		}
		t.Logf("    carbon %.3f tCO2/tce, clean share %.3f, reduction %.3f, renewable share %.3f", b.CarbonPerTce,
			b.CleanShare, b.ReductionVsBaseline, d.Report.RenewableShare)
		if i == 0 {
			continue
		}
		assert.GreaterOrEqual(t, d.Stage.Rank(), d.Target.Rank())
		assert.GreaterOrEqual(t, d.TotalCostPerYear, prev*(1-1e-9), "%s", d.Target)
		prev = d.TotalCostPerYear
		s := d.Schedule
		for k := range s.Len {
			for b := range s.ChargeKW {
				assert.LessOrEqual(t, math.Min(s.ChargeKW[b][k], s.DischargeKW[b][k]), 1e-6, "%s: step %d", d.Target, k)
			}
		}
	}
}
