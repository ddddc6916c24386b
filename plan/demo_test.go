package plan_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
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
	park, set, err := demo.Load(demo.Default)
	require.NoError(tb, err)
	require.NoError(tb, physics.Derive(park, set))
	park.Economics = demoEconomics()
	return park, set
}

// demoOptions are the plan options the demo tests use: default
// thresholds, the README's prices.
func demoOptions() plan.Options {
	o := plan.DefaultOptions()
	o.Ledger.OffsetPricePerTCO2e = demoOffsetPrice
	o.Ledger.CertificatePricePerMWh = demoCertificatePrice
	return o
}

// TestDemoExplore prints the demo's roadmap (run with -v; it is slow).
func TestDemoExplore(t *testing.T) {
	if os.Getenv("PLAN_EXPLORE") == "" {
		t.Skip("set PLAN_EXPLORE=1: a full-year roadmap of the demo, a minute or more")
	}
	park, set := loadDemo(t)
	opt := demoOptions()
	opt.Method = os.Getenv("PLAN_METHOD")
	if os.Getenv("PLAN_OUTPUT") != "" {
		opt.Backend = highs.New(highs.Options{Output: true, Method: opt.Method})
	}
	if v := os.Getenv("PLAN_PERIODS"); v != "" {
		opt.Periods, _ = strconv.Atoi(v)
	}
	t0 := time.Now()
	m, err := plan.New(park, set, opt)
	require.NoError(t, err)
	defer m.Close()
	t.Logf("build %v", time.Since(t0))
	for _, st := range []dispatch.Stage{"", dispatch.LowCarbon, dispatch.NearZeroCarbon, dispatch.ZeroCarbon} {
		t0 := time.Now()
		var err error
		if st == "" {
			_, err = m.Today()
		} else {
			_, err = m.Plan(st)
		}
		t.Logf("%s: %v (%v)", st, time.Since(t0), err)
	}
	rm, err := m.Roadmap()
	require.NoError(t, err)
	show := func(d *plan.Design) {
		t.Logf("%-18s stage %-16s total %12.0f cap %10.0f om %9.0f energy %10.0f demand %8.0f offsets %8.1f t certs %8.1f MWh resid %8.1f t",
			d.Target, d.Stage, d.TotalCostPerYear, d.CapitalPerYear, d.FixedOMPerYear, d.EnergyCostPerYear, d.DemandChargePerYear,
			d.OffsetsBoughtTCO2ePerYear, d.CertificatesBoughtMWhPerYear, d.ResidualTCO2ePerYear)
		for _, a := range d.Additions {
			if a.Added > 0 {
				t.Logf("    %s %s +%.0f %s", a.Tech, a.Asset, a.Added, a.Unit)
			}
		}
		t.Logf("    carbon/tce %.3f clean %.3f reduction %.3f renewable %.3f", d.Report.StageBasis.CarbonPerTce,
			d.Report.StageBasis.CleanShare, d.Report.StageBasis.ReductionVsBaseline, d.Report.RenewableShare)
	}
	show(rm.Today)
	for i, d := range rm.Stages {
		if d == nil {
			t.Logf("%v", rm.Unreachable[i])
			continue
		}
		show(d)
	}
	st := m.Stats()
	t.Logf("%d solves, %.1f s, %d columns, %d rows", st.Solves, st.Seconds, st.Columns, st.Rows)
	_ = dispatch.ZeroCarbon
}
