package serve

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// A server started on a series whose UTC offsets follow daylight saving
// gets back that series' clock after a restart, when it is configured
// with it again: its snapshot names the clock "series offsets", which no
// zone database loads, and the old fallback — a fixed offset, the one at
// the start — read every summer interval an hour off (time-of-use hours,
// months).
func TestSnapshotKeepsASeriesClock(t *testing.T) {
	csv := "timestamp,load_kw\n" +
		"2023-03-12T00:00:00-06:00,1\n2023-03-12T01:00:00-06:00,1\n" +
		"2023-03-12T03:00:00-05:00,1\n2023-03-12T04:00:00-05:00,1\n"
	ss, err := model.ReadSeriesCSV(strings.NewReader(csv), "series.csv")
	require.NoError(t, err)
	loc := ss.Start.Location()
	require.NotEqual(t, "UTC", loc.String())

	dir := t.TempDir()
	require.NoError(t, writeSnapshot(dir, 7, ss.Start, []byte("{}\n"), time.Unix(0, 0), time.Time{}))
	data, err := os.ReadFile(filepath.Join(dir, snapshotFile))
	require.NoError(t, err)
	h, _, err := decodeSnapshotHeader(data)
	require.NoError(t, err)
	assert.Equal(t, loc.String(), h.Zone)
	assert.Equal(t, -6*3600, h.OffsetS)

	summer := ss.Time(2) // 03:00 local, after the change to −05:00
	got := summer.In(zoneOf(h, loc))
	assert.Equal(t, "2023-03-12T03:00:00-05:00", got.Format(time.RFC3339), "the configured series clock")
	assert.Equal(t, "2023-03-12T02:00:00-06:00", summer.In(zoneOf(h, nil)).Format(time.RFC3339),
		"without it, the fixed offset at the start (as before)")

	// A configured clock of another name, or the same name with another
	// offset at the start, is not taken for the saved one.
	assert.NotSame(t, loc, zoneOf(h, time.FixedZone("series offsets", -5*3600)))
	other := h
	other.Zone = "Europe/Berlin"
	assert.NotSame(t, loc, zoneOf(other, loc))
}

// A server on Berlin's clock runs through the night its clocks fall back
// (2026-10-25, 03:00 CEST → 02:00 CET), interval by interval in the
// measured mode: the plans' intervals follow one another 15 minutes apart
// in absolute time, the hour from 02:00 comes twice, first at +02:00 and
// then at +01:00, and a time-of-use price for 02:00–03:00 prices both,
// eight intervals, and no other. The ledger counts every interval once.
func TestServeThroughFallBack(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	start := time.Date(2026, 10, 24, 22, 0, 0, 0, berlin) // two hours before the night
	atB := func(k int) time.Time { return start.Add(time.Duration(k) * step) }
	read := func(k int) live.Measurement {
		m := meter(k)
		m.Start = atB(k)
		return m
	}
	p := smallPark()
	p.Grid.ImportPrice = &model.Price{PerKWh: 0.2, TimeOfUse: []model.TOUPeriod{{FromHour: 2, ToHour: 3, PerKWh: 1}}}
	lc := live.DefaultConfig(start.Add(-seedDays*24*time.Hour), step)
	lc.Dispatch.Horizon = 6 * time.Hour
	cfg := DefaultConfig(lc, t.TempDir())
	cfg.Mode, cfg.Token = Measured, testToken
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	for k := -96 * seedDays; k < 0; k++ {
		cfg.Seed = append(cfg.Seed, read(k))
	}
	s, hs := openPark(t, p, cfg)
	defer s.Close()
	c := hs.Client()

	const steps = 4 * 8 // to 05:00 CET, eight absolute hours on
	var starts []string
	for k := range steps {
		code, body := call(t, c, http.MethodPost, hs.URL+"/measurements", read(k), testToken)
		require.Equal(t, http.StatusOK, code, "%s", body)
		code, body = call(t, c, http.MethodGet, hs.URL+"/plan", nil, "")
		require.Equal(t, http.StatusOK, code)
		var pv PlanView
		require.NoError(t, json.Unmarshal(body, &pv))
		require.True(t, pv.Decision.Start.Equal(atB(k+1)), "step %d: %s", k, pv.Decision.Start)
		starts = append(starts, pv.Decision.Start.In(berlin).Format("15:04-07:00"))
		if k == 7 { // planning from midnight CEST: the horizon holds the whole night
			require.Len(t, pv.Plan.IntervalStart, 24)
			peak := 0
			for i, at := range pv.Plan.IntervalStart {
				require.True(t, at.Equal(atB(k+1+i)), "interval %d", i)
				want := 0.2
				if at.In(berlin).Hour() == 2 {
					want, peak = 1, peak+1
				}
				assert.Equal(t, want, pv.Plan.ImportPricePerKWh[i], "interval %d at %s", i, at.In(berlin).Format(time.RFC3339))
			}
			assert.Equal(t, 8, peak, "02:00–03:00 comes twice")
		}
	}
	assert.Equal(t, []string{"02:00+02:00", "02:45+02:00", "02:00+01:00", "02:45+01:00", "03:00+01:00"},
		[]string{starts[15], starts[18], starts[19], starts[22], starts[23]})

	code, body := call(t, c, http.MethodGet, hs.URL+"/ledger", nil, "")
	require.Equal(t, http.StatusOK, code)
	var lv LedgerView
	require.NoError(t, json.Unmarshal(body, &lv))
	assert.Equal(t, steps-1, lv.SettledIntervals)
	require.NotNil(t, lv.From)
	require.NotNil(t, lv.To)
	assert.Equal(t, time.Duration(steps-1)*step, lv.To.Sub(*lv.From), "absolute time, not wall-clock hours")
}
