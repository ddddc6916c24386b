package dispatch

import (
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin for the DST cases, whatever the machine has

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// The share of a calendar month a series covers, worked out by hand: the
// hours of the series' intervals that start in the month over the month's
// hours (real hours: March 2024 in Berlin has 743, October 745).
func TestMonthShare(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	cases := []struct {
		name  string
		start time.Time
		step  time.Duration
		n     int
		at    time.Time
		want  float64
	}{
		{"Jan 30-31 2024 of a 5-day series", utc(2024, 1, 30, 0), time.Hour, 120, utc(2024, 1, 30, 0), 48.0 / 744},
		{"Feb 1-3 2024 (leap year)", utc(2024, 1, 30, 0), time.Hour, 120, utc(2024, 2, 10, 0), 72.0 / 696},
		{"Feb 2023 has 28 days", utc(2023, 2, 1, 0), time.Hour, 24, utc(2023, 2, 1, 0), 24.0 / 672},
		{"a whole month is 1 exactly", utc(2023, 6, 1, 0), time.Hour, 720, utc(2023, 6, 15, 0), 1},
		{"a whole year's July is 1", utc(2023, 1, 1, 0), 15 * time.Minute, 4 * 8760, utc(2023, 7, 4, 0), 1},
		{"a month the series misses is 0", utc(2023, 6, 1, 0), time.Hour, 720, utc(2023, 7, 1, 0), 0},
		{"a month before the series is 0", utc(2023, 6, 1, 0), time.Hour, 720, utc(2023, 5, 31, 23), 0},
		{"an interval belongs to the month it starts in", utc(2023, 6, 30, 20), 3 * time.Hour, 2, utc(2023, 6, 1, 0), 6.0 / 720},
		{"a long step is at most the month", utc(2023, 6, 1, 0), 31 * 24 * time.Hour, 1, utc(2023, 6, 1, 0), 1},
		{"whole March in Berlin (743 h) is 1", time.Date(2024, 3, 1, 0, 0, 0, 0, berlin), time.Hour, 743, time.Date(2024, 3, 20, 0, 0, 0, 0, berlin), 1},
		{"Berlin, Mar 30-31 (47 h) of 743", time.Date(2024, 3, 30, 0, 0, 0, 0, berlin), time.Hour, 72, time.Date(2024, 3, 30, 0, 0, 0, 0, berlin), 47.0 / 743},
		{"Berlin, Apr 1 (25 h) of 720", time.Date(2024, 3, 30, 0, 0, 0, 0, berlin), time.Hour, 72, time.Date(2024, 4, 1, 0, 0, 0, 0, berlin), 25.0 / 720},
		{"Berlin, Oct 27 (25 h) of 745", time.Date(2024, 10, 27, 0, 0, 0, 0, berlin), time.Hour, 25, time.Date(2024, 10, 27, 0, 0, 0, 0, berlin), 25.0 / 745},
		{"the month is the series' clock's", time.Date(2023, 7, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600)), time.Hour, 24, utc(2023, 6, 30, 20), 24.0 / 744},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := MonthShare(c.start, c.step, c.n, c.at)
			if c.want == 1 || c.want == 0 {
				assert.Equal(t, c.want, got)
			} else {
				assert.InDelta(t, c.want, got, 1e-15)
			}
		})
	}
	assert.Equal(t, []float64{48.0 / 744, 72.0 / 696}, MonthShares(utc(2024, 1, 30, 0), time.Hour, 120))
	assert.Nil(t, MonthShares(utc(2024, 1, 30, 0), time.Hour, 0))
	assert.Zero(t, MonthShare(utc(2024, 1, 30, 0), 0, 10, utc(2024, 1, 30, 0)))
}

// flatPark is a grid-only park with a flat load of loadKW and a demand
// charge of ratePerKWMonth, hourly over n hours from start.
func flatPark(start time.Time, n int, loadKW, ratePerKWMonth float64) (*model.Park, *model.Profiles) {
	p := &model.Park{Name: "flat", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(model.Unlimited, 0)}
	p.Grid.DemandChargePerKWMonth = ratePerKWMonth
	pr := profiles(p, [][]float64{constant(n, loadKW)}, nil, nil, nil)
	pr.Start = start
	return p, pr
}

// QA's case: a flat 450 kW import over five days, 30 January to 3
// February 2024 (hourly, 120 h), at 10 per kW-month. January is covered
// 48 h of 744 = 2/31, February (29 days) 72 h of 696 = 3/29, so the
// charge is 10 × 450 × (2/31 + 3/29) = 290.32 + 465.52 = 755.84, not
// 10 × 450 × 2 = 9,000 (two whole months); every policy pays it.
func TestHandDemandChargePartialMonths(t *testing.T) {
	p, pr := flatPark(time.Date(2024, 1, 30, 0, 0, 0, 0, time.UTC), 120, 450, 10)
	want := 10 * 450 * (2.0/31 + 3.0/29)
	for _, obj := range []Objective{CarbonFirst, Cost} {
		cfg := DefaultConfig()
		cfg.Objective = obj
		cfg.Horizon = 12 * time.Hour
		for pol, res := range runAll(t, p, pr, cfg) {
			r := res.Report
			assert.InDelta(t, want, r.DemandChargeCost, 1e-9, "%s %s", obj, pol)
			require.Len(t, r.MonthlyPeakImportKW, 2, "%s %s", obj, pol)
			assert.Equal(t, "2024-01", r.MonthlyPeakImportKW[0].Month)
			assert.InDelta(t, 2.0/31, r.MonthlyPeakImportKW[0].Share, 1e-15)
			assert.InDelta(t, 450*10*2.0/31, r.MonthlyPeakImportKW[0].Charge, 1e-9)
			assert.Equal(t, "2024-02", r.MonthlyPeakImportKW[1].Month)
			assert.InDelta(t, 3.0/29, r.MonthlyPeakImportKW[1].Share, 1e-15)
		}
	}
	// Over whole months the share is 1 and the charge the peak × the rate:
	// January and February 2024, 744 + 696 h.
	p, pr = flatPark(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 744+696, 450, 10)
	res, err := GridOnly(p, pr, DefaultConfig())
	require.NoError(t, err)
	assert.Equal(t, 2*450*10.0, res.Report.DemandChargeCost)
	for _, mp := range res.Report.MonthlyPeakImportKW {
		assert.Equal(t, 1.0, mp.Share, mp.Month)
	}
}

// The ledger's months follow the series' clock through a DST change:
// Berlin, hourly from 30 March 2024 00:00 for 72 h. March 31 has 23 h, so
// March holds 47 intervals of its 743 h and April 25 of its 720 h; a flat
// 100 kW at 10 per kW-month costs 1000 × (47/743 + 25/720) = 63.26 +
// 34.72 = 97.98.
func TestDemandChargeDSTMonths(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	p, pr := flatPark(time.Date(2024, 3, 30, 0, 0, 0, 0, berlin), 72, 100, 10)
	for _, pol := range []Policy{GridOnlyPolicy, Perfect, PerfectInformation} {
		cfg := DefaultConfig()
		cfg.Horizon = 6 * time.Hour
		res, err := RunPolicy(pol, p, pr, cfg)
		require.NoError(t, err, pol)
		r := res.Report
		require.Len(t, r.MonthlyPeakImportKW, 2, pol)
		assert.Equal(t, "2024-03", r.MonthlyPeakImportKW[0].Month, pol)
		assert.InDelta(t, 47.0/743, r.MonthlyPeakImportKW[0].Share, 1e-15, pol)
		assert.InDelta(t, 25.0/720, r.MonthlyPeakImportKW[1].Share, 1e-15, pol)
		assert.InDelta(t, 1000*(47.0/743+25.0/720), r.DemandChargeCost, 1e-9, pol)
	}
}

// The dispatch LP prices a month's peak as the ledger does: at the rate ×
// the month's share of the study period.
//
// One June day (24 h of 720: share 1/30), load 100 kW but 300 kW at hour
// 12, price 0.1 throughout, carbon price 0; an empty battery of 200 kWh,
// 100 kW, η 1, wear 1 per kWh through it. Shaving 1 kW at hour 12 takes a
// kWh in and out: 2 of wear (the energy costs the same at any hour) for
// 20/30 = 0.67 of demand charge, so neither perfect foresight nor the
// rolling horizon shaves, and the charge is 300 × 20/30 = 200. Were the
// month's charge its full rate, 20 > 2 would pay for shaving 100 kW. A
// Dispatcher without a study period (live operation, where the utility
// bills the whole month) does shave; so does perfect foresight over the
// whole of June, where the share is 1.
func TestDispatchPricesTheMonthsShare(t *testing.T) {
	mk := func(n int) (*model.Park, *model.Profiles) {
		bat := model.Battery{Name: "b", EnergyKWh: 200, MaxChargeKW: 100, MaxDischargeKW: 100,
			ChargeEfficiency: 1, DischargeEfficiency: 1, MaxSoCFraction: 1, WearCostPerKWh: 1}
		p := &model.Park{Name: "share", Loads: []model.Load{{Name: "l", Column: "l"}},
			Batteries: []model.Battery{bat}, Grid: grid(model.Unlimited, 0)}
		p.Grid.DemandChargePerKWMonth = 20
		load := constant(n, 100)
		load[12] = 300
		pr := profiles(p, [][]float64{load}, nil, nil, nil)
		for i := range pr.ImportPricePerKWh {
			pr.ImportPricePerKWh[i] = 0.1
		}
		return p, pr
	}
	cfg := DefaultConfig()
	cfg.Objective = Cost
	cfg.Horizon = 6 * time.Hour
	p, pr := mk(24)
	for _, pol := range []Policy{Perfect, PerfectInformation} {
		res, err := RunPolicy(pol, p, pr, cfg)
		require.NoError(t, err, pol)
		checkInvariants(t, p, res.Schedule)
		assert.InDelta(t, 300, res.Schedule.ImportKW[12], 1e-6, pol)
		assert.InDelta(t, 300*20.0/30, res.Report.DemandChargeCost, 1e-6, pol)
	}
	live := cfg
	live.Horizon = 24 * time.Hour // the window sees the spike
	d, err := New(p, pr.Step, live)
	require.NoError(t, err)
	defer d.Close()
	plan, err := d.Step(InitialState(p), pr)
	require.NoError(t, err)
	assert.InDelta(t, 200, plan.ImportKW[12], 1e-6, "live: the whole month's rate")

	p, pr = mk(720)
	res, err := PerfectForesight(p, pr, cfg)
	require.NoError(t, err)
	assert.InDelta(t, 200, res.Schedule.ImportKW[12], 1e-6, "all of June: share 1")
	assert.InDelta(t, 200*20.0, res.Report.DemandChargeCost, 1e-6)
}

// A Rolling with a study end keeps the study period it started with when
// the data it is given later start further on (a live controller drops
// the oldest weeks of its history): the study is one June day, 24 h of
// 720, so June's share is 24/720 in every window, whatever the data's
// start; taken from the trimmed data (from 06:00) it would be 18/720.
func TestRollingKeepsItsStudyPeriod(t *testing.T) {
	start := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
	p, pr := flatPark(start, 24, 100, 20)
	cfg := DefaultConfig()
	cfg.Horizon = 6 * time.Hour
	r, err := NewRolling(p, pr.Step, cfg)
	require.NoError(t, err)
	defer r.Close()
	require.NoError(t, r.SetEnd(start.Add(24*time.Hour), StudyEndValues(p, pr, cfg)))
	want := 24.0 / 720
	_, err = r.Plan(pr, 0)
	require.NoError(t, err)
	assert.InDelta(t, want, r.d.win.monthShare[0], 1e-15, "the whole data")
	trimmed := pr.Slice(6, 24)
	require.Equal(t, start.Add(6*time.Hour), trimmed.Start)
	_, err = r.Plan(trimmed, 0)
	require.NoError(t, err)
	assert.InDelta(t, want, r.d.win.monthShare[0], 1e-15, "the data from 06:00")
	// A new SetEnd starts a new study: from the data of its first Plan.
	require.NoError(t, r.SetEnd(start.Add(24*time.Hour), StudyEndValues(p, pr, cfg)))
	_, err = r.Plan(trimmed, 0)
	require.NoError(t, err)
	assert.InDelta(t, 18.0/720, r.d.win.monthShare[0], 1e-15, "a study from 06:00")
}

// A series file stamped in Chicago's clock (CST from January, CDT from 12
// March) splits October from November at the row stamped
// 2023-11-01T00:00:00-05:00, as the file says. Read in the first row's
// offset (−06:00), as the reader did before, the split fell an hour later.
// November is as long as the file's clock makes it: 720 hours when the file
// ends before the change back on the 5th (the last offset holds after the
// last row), 721 when the file holds the change.
func TestMonthSharesOfASeriesStampedInDST(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	require.NoError(t, err)
	from := time.Date(2023, 1, 1, 0, 0, 0, 0, chicago)
	for _, c := range []struct {
		last      time.Time // the last row
		nov       int       // rows in November
		novHours  float64   // November's length in the series' clock
		oldShares bool      // check the fixed −06:00 reading too
	}{
		{time.Date(2023, 11, 1, 5, 0, 0, 0, chicago), 6, 720, true},
		{time.Date(2023, 11, 6, 0, 0, 0, 0, chicago), 5*24 + 1 + 1, 721, false},
	} {
		var b strings.Builder
		b.WriteString("timestamp,l\n")
		var ts []string
		for at := from; !at.After(c.last); at = at.Add(time.Hour) {
			ts = append(ts, at.Format(time.RFC3339))
			fmt.Fprintf(&b, "%s,0\n", ts[len(ts)-1])
		}
		s, err := model.ReadSeriesCSV(strings.NewReader(b.String()), "chicago.csv")
		require.NoError(t, err)
		n := s.Len
		require.Equal(t, "2023-11-01T00:00:00-05:00", ts[n-c.nov])
		share := func(start time.Time, k int) float64 { return MonthShare(start, s.Step, n, s.Time(k)) }
		assert.Equal(t, 1.0, share(s.Start, n-c.nov-1), "2023-10-31T23:00:00-05:00: October, covered whole")
		for k := n - c.nov; k < n; k++ {
			assert.InDelta(t, float64(c.nov)/c.novHours, share(s.Start, k), 1e-15, "%s: %d of November's %v hours", ts[k], c.nov, c.novHours)
		}
		assert.Equal(t, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, float64(c.nov) / c.novHours}, MonthShares(s.Start, s.Step, n))
		if c.oldShares {
			old := s.Start.In(time.FixedZone("", -6*3600))
			assert.Equal(t, 1.0, share(old, n-c.nov), "00:00 CDT is 23:00 October 31 at −06:00")
			assert.InDelta(t, float64(c.nov-1)/720, share(old, n-1), 1e-15)
		}
	}
}
