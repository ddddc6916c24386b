package plots

import (
	"image/color"
	"math"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone names, on a machine without a zone database

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/zeropark/zeropark/dispatch"
)

// The week plot's time axis names the offset the window is in, not the
// schedule's first: a summer week of a Berlin schedule that starts in
// January reads +02:00; a window through the fall-back names the change;
// a fixed offset has no zone name.
func TestZoneLabel(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	s := &dispatch.Schedule{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, berlin), Step: time.Hour, Len: 365 * 24}
	win := func(from time.Time, days int) window {
		i0 := int(from.Sub(s.Start) / s.Step)
		return window{s: s, i0: i0, i1: i0 + days*24, loc: berlin}
	}
	assert.Equal(t, "local time, Europe/Berlin (UTC+01:00)", zoneLabel(win(s.Start, 7)))
	assert.Equal(t, "local time, Europe/Berlin (UTC+02:00)", zoneLabel(win(time.Date(2026, 7, 6, 0, 0, 0, 0, berlin), 7)))
	assert.Equal(t, "local time, Europe/Berlin (UTC+02:00; +01:00 from Sun 25 Oct 02:00)",
		zoneLabel(win(time.Date(2026, 10, 22, 0, 0, 0, 0, berlin), 7)))
	assert.Equal(t, "local time, Europe/Berlin (UTC+01:00, +02:00)", zoneLabel(win(s.Start, 364)))

	fixed := time.FixedZone("", -6*3600)
	f := &dispatch.Schedule{Start: time.Date(2023, 6, 5, 0, 0, 0, 0, fixed), Step: 15 * time.Minute, Len: 96}
	assert.Equal(t, "local time (UTC-06:00)", zoneLabel(window{s: f, i0: 0, i1: 96, loc: fixed}))
}

// The week's window is 7 calendar days on the schedule's clock: from
// New York's midnight of Sun 12 Mar 2023, the spring-forward day, 167
// hourly intervals, the last starting Sat 18 Mar 23:00 local (plots QA:
// 168 of them ran to Sun 19 Mar 00:00, an hour into the eighth day);
// from Sun 5 Nov, the fall-back, 169.
func TestSelectWindowCalendarDays(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	s := &dispatch.Schedule{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, ny), Step: time.Hour, Len: 365 * 24}
	for _, tc := range []struct {
		from time.Time
		n    int
	}{{time.Date(2023, 3, 12, 0, 0, 0, 0, ny), 167}, {time.Date(2023, 11, 5, 0, 0, 0, 0, ny), 169}, {time.Date(2023, 6, 4, 0, 0, 0, 0, ny), 168}} {
		w, err := selectWindow(s, tc.from, 7)
		require.NoError(t, err)
		assert.Equal(t, tc.n, w.n(), tc.from.String())
		assert.True(t, s.Time(w.i0).Equal(tc.from), "starts at the local midnight")
		last := s.Time(w.i1 - 1).In(ny)
		assert.Equal(t, "Sat 23:00", last.Format("Mon 15:04"), "the last interval starts in the seventh day's last hour")
	}
}

// A day or two drawn labels its 6-hour ticks with the clock time beside
// the midnights' dates: one day had "Thu 1 Jun" and "Fri 2 Jun" alone,
// and 06:00 could not be told from 18:00 (QA K, 2026-12-05). A week keeps
// the dates alone, and an upper panel no labels.
func TestTimeAxisLabelsHoursOfShortWindows(t *testing.T) {
	fixed := time.FixedZone("", -5*3600)
	s := &dispatch.Schedule{Start: time.Date(2023, 6, 1, 0, 0, 0, 0, fixed), Step: time.Hour, Len: 10 * 24}
	labels := func(days int, labelled bool) []string {
		p := plot.New()
		timeAxis(p, window{s: s, i0: 0, i1: days * 24, loc: fixed}, labelled)
		var ls []string
		for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			if tk.Label != "" {
				ls = append(ls, tk.Label)
			}
		}
		return ls
	}
	assert.Equal(t, []string{"Thu 1 Jun", "06:00", "12:00", "18:00", "Fri 2 Jun"}, labels(1, true))
	assert.Equal(t, []string{"Thu 1 Jun", "06:00", "12:00", "18:00", "Fri 2 Jun", "06:00", "12:00", "18:00", "Sat 3 Jun"},
		labels(2, true))
	assert.Equal(t, []string{"Thu 1 Jun", "Fri 2 Jun", "Sat 3 Jun", "Sun 4 Jun", "Mon 5 Jun", "Tue 6 Jun", "Wed 7 Jun", "Thu 8 Jun"},
		labels(7, true))
	assert.Empty(t, labels(1, false))
}

// legendName keeps a name the week's legend strip holds and cuts a longer
// one with "…" to the strip's width.
func TestLegendName(t *testing.T) {
	leg := newLegend()
	avail := weekLegendW - vg.Points(8) - leg.ThumbnailWidth - leg.TextStyle.Rectangle(" ").Max.X
	assert.Equal(t, "stored, Battery", legendName(&leg, "stored, Battery"))
	got := legendName(&leg, "stored, Main lithium-ion battery container at the north substation")
	assert.True(t, strings.HasPrefix(got, "stored, Main lithium"), got)
	assert.True(t, strings.HasSuffix(got, "…"), got)
	assert.LessOrEqual(t, leg.TextStyle.Width(got), avail)
}

// The stored-energy lines of four batteries differ: four greens made the
// first and the fourth look the same (QA K, 2026-12-05). Every pair is
// apart by 60 or more in RGB (0–255 a channel).
func TestBatteryColoursDiffer(t *testing.T) {
	for i := range 4 {
		for j := i + 1; j < 4; j++ {
			a, b := color.NRGBAModel.Convert(batteryColour(i)).(color.NRGBA), color.NRGBAModel.Convert(batteryColour(j)).(color.NRGBA)
			d := math.Sqrt(math.Pow(float64(a.R)-float64(b.R), 2) + math.Pow(float64(a.G)-float64(b.G), 2) + math.Pow(float64(a.B)-float64(b.B), 2))
			assert.GreaterOrEqual(t, d, 60.0, "batteries %d and %d: %v and %v", i+1, j+1, a, b)
		}
	}
}

// A window without emissions draws its emissions axis from 0 to 1, not
// from −1 to 1 (QA K, 2026-12-05); one with emissions keeps its range.
func TestEmissionsAxisWithoutEmissions(t *testing.T) {
	fixed := time.FixedZone("", -6*3600)
	s := &dispatch.Schedule{Start: time.Date(2023, 3, 25, 0, 0, 0, 0, fixed), Step: time.Hour, Len: 24,
		EmissionsKgCO2e: make([]float64, 24)}
	w := window{s: s, i0: 0, i1: 24, loc: fixed}
	pn, err := emissionsPanel(w, 0)
	require.NoError(t, err)
	lo, hi := pn.plot.Y.Min, pn.plot.Y.Max
	assert.Equal(t, 0.0, lo)
	assert.Equal(t, 1.0, hi)
	s.EmissionsKgCO2e[5] = 250
	pn, err = emissionsPanel(w, 250)
	require.NoError(t, err)
	assert.Equal(t, 0.0, pn.plot.Y.Min)
	assert.Equal(t, 250.0, pn.plot.Y.Max)
}
