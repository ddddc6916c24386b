package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	require.NoError(t, writeSnapshot(dir, 7, ss.Start, []byte("{}\n"), time.Unix(0, 0)))
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
