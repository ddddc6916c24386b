package live_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// wearDemandPark is exportingPark with a battery wear cost (0.02 a kWh
// of throughput) and a demand charge (8 per kW-month).
func wearDemandPark() *model.Park {
	p := exportingPark()
	p.Batteries[0].WearCostPerKWh = 0.02
	p.Grid.DemandChargePerKWMonth = 8
	return p
}

// The money since the first start over 700 hourly intervals from 4 March
// (t0) into April, with a save and load on the way: it is
// dispatch.Account's over the same schedule (energy cost, wear, demand
// charge, each month's peak), the wear is not 0, and the demand charge is
// the test's own sum of each month's peak × the rate × the share of the
// month covered (March from the 4th: 672 h of 744; April: 28 h of 720).
func TestSinceStartWearAndDemandCharge(t *testing.T) {
	cfg := smallConfig()
	c, err := live.New(wearDemandPark(), cfg)
	require.NoError(t, err)
	defer func() { c.Close() }()
	var all whole
	const last, reload = 701, 400
	for k := range last {
		stepSunny(t, c, k, k+1)
		if k == 0 {
			continue
		}
		s, err := c.Settled()
		require.NoError(t, err)
		all.addLast(t, s, at(k-1))
		if k == reload {
			var buf bytes.Buffer
			require.NoError(t, c.Encode(&buf))
			c.Close()
			c, err = live.Decode(&buf, wearDemandPark(), cfg)
			require.NoError(t, err)
		}
	}
	require.Equal(t, 700, all.s.Len)
	ss, err := c.SinceStart()
	require.NoError(t, err)
	r, err := dispatch.Account(wearDemandPark(), all.s, cfg.Dispatch.Ledger)
	require.NoError(t, err)

	require.Positive(t, r.WearCost, "the battery cycled")
	near(t, r.EnergyCost, ss.EnergyCost, "energy cost")
	near(t, r.WearCost, ss.WearCost, "wear cost")
	near(t, r.DemandChargeCost, ss.DemandChargeCost, "demand charge")
	near(t, r.EnergyCost+r.DemandChargeCost+r.WearCost, ss.OperatingCost, "operating cost")
	assert.Equal(t, all.s.Len, ss.WearDemandSettledIntervals)
	assert.True(t, ss.WearDemandFrom.Equal(at(0)))
	require.Len(t, ss.MonthlyPeakImportKW, len(r.MonthlyPeakImportKW))
	for i, want := range r.MonthlyPeakImportKW {
		got := ss.MonthlyPeakImportKW[i]
		assert.Equal(t, want.Month, got.Month)
		near(t, want.PeakImportKW, got.PeakImportKW, want.Month+" peak")
		near(t, want.Share, got.Share, want.Month+" share")
		near(t, want.Charge, got.Charge, want.Month+" charge")
	}

	// By hand: March is intervals 0 to 671 (4 March 00:00 to 1 April
	// 00:00 at UTC+1), April the rest.
	h, wear := all.s.Step.Hours(), 0.0
	peak := map[string]float64{}
	for i := range all.s.Len {
		month := at(i).Format("2006-01")
		peak[month] = max(peak[month], all.s.ImportKW[i])
		wear += 0.02 * (all.s.ChargeKW[0][i] + all.s.DischargeKW[0][i]) * h
	}
	require.Len(t, peak, 2, "across a month boundary")
	require.True(t, at(672).Equal(time.Date(2024, 4, 1, 0, 0, 0, 0, t0.Location())))
	hand := 8 * (peak["2024-03"]*672/744 + peak["2024-04"]*28/720)
	near(t, hand, ss.DemandChargeCost, "demand charge by hand")
	near(t, wear, ss.WearCost, "wear by hand")
	assert.Equal(t, []string{"2024-03", "2024-04"}, []string{ss.MonthlyPeakImportKW[0].Month, ss.MonthlyPeakImportKW[1].Month})

	// A version-2 file (maps as maps, no wear or demand kept) loads: the
	// energy and money since start are the file's, the wear and demand
	// charge rebuilt from the settled intervals it holds (all of them:
	// no trim yet), so the same.
	var old bytes.Buffer
	require.NoError(t, live.EncodeVersion2(c, &old))
	d, err := live.Decode(&old, wearDemandPark(), cfg)
	require.NoError(t, err)
	defer d.Close()
	got, err := d.SinceStart()
	require.NoError(t, err)
	near(t, ss.EnergyCost, got.EnergyCost, "energy cost after a version-2 load")
	near(t, ss.WearCost, got.WearCost, "wear rebuilt")
	near(t, ss.DemandChargeCost, got.DemandChargeCost, "demand charge rebuilt")
	assert.Equal(t, ss.WearDemandSettledIntervals, got.WearDemandSettledIntervals)
	assert.Equal(t, live.ForecasterStates(c), live.ForecasterStates(d), "the forecasters' states, read from maps")

	// Saved twice, the same bytes; loaded, the same totals.
	var one, two bytes.Buffer
	require.NoError(t, d.Encode(&one))
	require.NoError(t, d.Encode(&two))
	assert.Equal(t, one.Bytes(), two.Bytes())
	e, err := live.Decode(&one, wearDemandPark(), cfg)
	require.NoError(t, err)
	defer e.Close()
	again, err := e.SinceStart()
	require.NoError(t, err)
	assert.Equal(t, got, again)
}
