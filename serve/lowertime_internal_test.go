package serve

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A snapshot's header and a log line written with RFC 3339's lower-case
// t and z (a file edited or written by another tool) read as in capitals,
// as every timestamp reader does (QA s37 M12's rest, session 38).
func TestSnapshotAndLogTakeLowerCaseTimes(t *testing.T) {
	saved := time.Date(2026, 12, 5, 20, 0, 0, 0, time.UTC)
	head, err := encodeSnapshotHeader(snapshotHeader{Version: snapshotVersion, Seq: 3, Zone: "UTC", SavedAt: saved, LastStepWall: saved})
	require.NoError(t, err)
	lower := bytes.ReplaceAll(head, []byte("2026-12-05T20:00:00Z"), []byte("2026-12-05t20:00:00z"))
	require.NotEqual(t, string(head), string(lower))
	h, _, err := decodeSnapshotHeader(lower)
	require.NoError(t, err)
	assert.True(t, h.SavedAt.Equal(saved) && h.LastStepWall.Equal(saved))

	line, err := encodeLine(&Record{Seq: 1, Op: OpStep, At: saved, Wall: saved})
	require.NoError(t, err)
	payload := bytes.ReplaceAll(line[9:len(line)-1], []byte("2026-12-05T20:00:00Z"), []byte("2026-12-05t20:00:00z"))
	r, err := decodeLine(fmt.Appendf(nil, "%08x %s", crc32.ChecksumIEEE(payload), payload))
	require.NoError(t, err)
	assert.True(t, r.At.Equal(saved) && r.Wall.Equal(saved))
}

// A time refused for another fault (no seconds) is quoted as written,
// lower case and all, not as the reader put it in capitals (note38 §3).
func TestSnapshotAndLogQuoteRefusedTimeAsWritten(t *testing.T) {
	saved := time.Date(2026, 12, 5, 20, 0, 0, 0, time.UTC)
	head, err := encodeSnapshotHeader(snapshotHeader{Version: snapshotVersion, Seq: 3, Zone: "UTC", SavedAt: saved, LastStepWall: saved})
	require.NoError(t, err)
	bad := bytes.Replace(head, []byte("2026-12-05T20:00:00Z"), []byte("2026-12-05t20:00z"), 1)
	require.NotEqual(t, string(head), string(bad))
	_, _, err = decodeSnapshotHeader(bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"2026-12-05t20:00z"`)
	assert.Contains(t, err.Error(), `cannot parse "z"`)
	assert.NotContains(t, err.Error(), "2026-12-05T20:00Z")

	line, err := encodeLine(&Record{Seq: 1, Op: OpStep, At: saved, Wall: saved})
	require.NoError(t, err)
	payload := bytes.Replace(line[9:len(line)-1], []byte("2026-12-05T20:00:00Z"), []byte("2026-12-05t20:00z"), 1)
	_, err = decodeLine(fmt.Appendf(nil, "%08x %s", crc32.ChecksumIEEE(payload), payload))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"2026-12-05t20:00z"`)
	assert.NotContains(t, err.Error(), "2026-12-05T20:00Z")
}
