package forecast_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// TestMeasureColdStart prints the skill of the Texas demo's default load,
// PV and wind forecasters started fresh at hour 1 (as a new controller is),
// one 24-step forecast every hour, clipped as the dispatch clips them
// (≥ 0, wind ≤ its rating), over the first week, the first four weeks
// and the year (set ZEROPARK_MEASURE=1). With ZEROPARK_DUMP=FILE it also
// writes every forecast value, float64 little-endian in origin order per
// series, so two builds can be compared bit for bit.
func TestMeasureColdStart(t *testing.T) {
	// Windows of target hours from the start.
	windows := [...]struct {
		name     string
		from, to int
		origin   bool // from, to are origins (history lengths), not targets
	}{{"first week", 0, 168, false}, {"days 8–15", 168, 360, false}, {"first 4 weeks", 0, 4 * 168, false},
		{"year", 0, math.MaxInt, false},
		{"origins 25–73", 25, 74, true}, {"origins 74–191", 74, 192, true}, {"origins 192–360", 192, 361, true}}
	if os.Getenv("ZEROPARK_MEASURE") == "" {
		t.Skip("set ZEROPARK_MEASURE=1 to measure the default forecasters from a cold start")
	}
	type series struct {
		measuredSeries
		stats [len(windows)]model.ErrorStats
	}
	var all []*series
	for _, m := range defaultSeries(t, "texas2012") {
		all = append(all, &series{measuredSeries: m})
	}
	var err error
	var dump *os.File
	if p := os.Getenv("ZEROPARK_DUMP"); p != "" {
		dump, err = os.Create(p)
		require.NoError(t, err)
		defer func() { require.NoError(t, dump.Close()) }()
	}
	const horizon = 24
	out := make([]float64, horizon)
	var buf [8]byte
	for _, s := range all {
		s.coldStart(t, out, func(o int, out []float64) {
			for k, v := range out {
				if dump != nil {
					binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
					_, err := dump.Write(buf[:])
					require.NoError(t, err)
				}
				v = s.clip(v)
				for w, win := range windows {
					at := o + k
					if win.origin {
						at = o
					}
					if at >= win.from && at < win.to {
						s.stats[w].Add(v, s.s.Values[o+k], s.s.Values[o-1])
					}
				}
			}
		})
	}
	fmt.Printf("| series | window | MAE kW | bias kW | nMAE | skill |\n|---|---|---|---|---|---|\n")
	for _, kind := range []string{"load", "pv", "wind"} {
		for w, win := range windows {
			var m model.ErrorStats
			for _, s := range all {
				if s.kind == kind {
					m.Merge(s.stats[w])
				}
			}
			fmt.Printf("| %s | %s | %.1f | %+.1f | %.3f | %+.3f |\n", kind, win.name, m.MAE(), m.Bias(), m.NMAE(), m.Skill())
		}
	}
}
