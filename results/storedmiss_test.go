package results_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// A failed check blames the energy the run banked only when it could
// have covered at least half the miss (OperationCheck.StoredShareOfMiss).
func TestWriteRoadmapStoredBlame(t *testing.T) {
	for _, c := range []struct {
		share float64
		blame string // the share of the miss printed; "": no blame
	}{{0, ""}, {0.2, ""}, {0.5, "50.0 %"}, {0.8, "80.0 %"}} {
		rm := sampleRoadmap()
		found := false
		for i := range rm.Rows {
			for j := range rm.Rows[i].Checks {
				if ch := &rm.Rows[i].Checks[j]; !ch.Holds && ch.Policy == dispatch.RollingHorizon {
					ch.StoredChangeKWh, ch.StoredShareOfMiss, found = 7007, c.share, true
				}
			}
		}
		require.True(t, found, "the sample has a failed check")
		var b bytes.Buffer
		require.NoError(t, results.WriteRoadmap(&b, rm))
		if c.blame != "" {
			assert.Contains(t, b.String(), "7,007 kWh more stored than it started")
			assert.Contains(t, b.String(), "up to "+c.blame+" of the miss")
		} else {
			assert.NotContains(t, b.String(), "more stored", "share %v", c.share)
		}
	}
}
