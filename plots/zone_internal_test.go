package plots

import (
	"testing"
	"time"
	_ "time/tzdata" // the zone names, on a machine without a zone database

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
