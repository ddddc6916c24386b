package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
)

// logSeeds are log lines of every op, and some damage.
func logSeeds(f *testing.F) [][]byte {
	f.Helper()
	var lines [][]byte
	for _, r := range []*Record{
		{Seq: 1, Op: OpMeasure, Measurements: []live.Measurement{meter(0), {Start: at(1), SoCKWh: map[string]float64{"bat": 200}}}},
		{Seq: 2, Op: OpStep, At: at(1)},
		{Seq: 3, Op: OpStep, At: at(2), Failed: true, Before: 2},
		{Seq: 4, Op: OpRestart, From: 3},
	} {
		line, err := encodeLine(r)
		if err != nil {
			f.Fatal(err)
		}
		lines = append(lines, line)
	}
	return lines
}

// decodeLine never panics; a line it accepts is one record, which encodes
// back to a line it decodes to the same line again (the log's format is
// its own fixed point); a flipped byte in a good line is caught. With
// withCRC the input is a record's JSON and gets its checksum, so that the
// fuzzer reaches the record decoder.
func FuzzDecodeLine(f *testing.F) {
	for _, line := range logSeeds(f) {
		f.Add(line[:len(line)-1], false)
		f.Add(line[:len(line)/2], false)
		f.Add(line[9:len(line)-1], true)
	}
	for _, s := range []string{"", "00000000 {}", "zzzzzzzz {}", "00000000{}", `4c6c1e4a {"seq":1,"op":"measure"}`, "00000000 " + strings.Repeat("[", 100)} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, line []byte, withCRC bool) {
		if withCRC {
			line = append(fmt.Appendf(nil, "%08x ", crc32.ChecksumIEEE(line)), line...)
		}
		r, err := decodeLine(line)
		if err != nil {
			return
		}
		again, err := encodeLine(r)
		require.NoError(t, err)
		r2, err := decodeLine(again[:len(again)-1])
		require.NoError(t, err, "%s", again)
		twice, err := encodeLine(r2)
		require.NoError(t, err)
		require.Equal(t, string(again), string(twice))
		for _, i := range []int{9, (9 + len(again)) / 2, len(again) - 2} { // in the JSON
			bad := bytes.Clone(again[:len(again)-1])
			bad[i] ^= 0x20
			if _, err := decodeLine(bad); err == nil {
				// Even a flip that keeps the JSON valid (a letter's
				// case in a name) is caught: the checksum is of the
				// bytes.
				t.Fatalf("flipping byte %d went unnoticed: %s", i, bad)
			}
		}
	})
}

// parseSegment (ReadLog's reader) never panics; what it reads is whole
// lines: a torn tail cut off leaves a segment that reads the same
// records and no tail, and damage followed by a good line is refused.
func FuzzParseSegment(f *testing.F) {
	lines := logSeeds(f)
	all := bytes.Join(lines, nil)
	f.Add(all, true)
	f.Add(append(bytes.Clone(all), lines[0][:10]...), true)
	f.Add(append(bytes.Clone(lines[0][:10]), all...), false)
	f.Add([]byte("\n\n"), true)
	f.Add([]byte{}, false)
	sg := segment{path: "wal-1.jsonl", first: 1}
	f.Fuzz(func(t *testing.T, data []byte, last bool) {
		recs, torn, err := parseSegment(sg, data, last)
		if err != nil {
			require.ErrorIs(t, err, ErrState)
			return
		}
		for _, r := range recs {
			require.GreaterOrEqual(t, r.Seq, sg.first)
		}
		whole := data
		if torn >= 0 {
			require.True(t, last, "only the last segment may end torn")
			require.LessOrEqual(t, torn, len(data))
			whole = data[:torn]
		}
		again, torn2, err := parseSegment(sg, whole, last)
		require.NoError(t, err)
		require.Equal(t, -1, torn2)
		require.Len(t, again, len(recs))
		if len(recs) > 0 && torn < 0 && len(data) > 0 {
			// A damaged first line before these good ones is refused.
			_, _, err := parseSegment(sg, append([]byte("00000000 x\n"), data...), last)
			require.ErrorIs(t, err, ErrState)
		}
	})
}

// decodeSnapshotHeader never panics; a header it accepts encodes back to
// the same bytes' meaning, and its clock (zoneOf) has the saved offset at
// the start.
func FuzzSnapshotHeader(f *testing.F) {
	for _, h := range []snapshotHeader{
		{Version: snapshotVersion, Seq: 7, StartUnixNS: t0.UnixNano(), Zone: "", OffsetS: 3600, SavedAt: t0.UTC()},
		{Version: snapshotVersion, Seq: 0, StartUnixNS: 0, Zone: "Europe/Berlin", OffsetS: 3600},
		{Version: snapshotVersion, Zone: "Local"}, {Version: snapshotVersion, Zone: "UTC", OffsetS: 5},
		{Version: 2, Zone: "../../etc/passwd"},
	} {
		head, err := encodeSnapshotHeader(h)
		require.NoError(f, err)
		f.Add(append(head, "state"...))
	}
	f.Add([]byte(snapshotMagic))
	f.Add([]byte(snapshotMagic + "{}\n"))
	f.Add([]byte(snapshotMagic + `{"version":1} {}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, state, err := decodeSnapshotHeader(data)
		if err != nil {
			return
		}
		require.Equal(t, snapshotVersion, h.Version)
		require.True(t, bytes.HasSuffix(data, state))
		head, err := encodeSnapshotHeader(h)
		require.NoError(t, err)
		h2, rest, err := decodeSnapshotHeader(append(head, state...))
		require.NoError(t, err)
		require.Equal(t, state, rest)
		require.Equal(t, h.Seq, h2.Seq)
		require.Equal(t, h.StartUnixNS, h2.StartUnixNS)
		require.Equal(t, h.Zone, h2.Zone)
		require.Equal(t, h.OffsetS, h2.OffsetS)
		require.True(t, h.SavedAt.Equal(h2.SavedAt))
		_, off := time.Unix(0, h.StartUnixNS).In(zoneOf(h, nil)).Zone()
		require.Equal(t, h.OffsetS, off, "the clock keeps the saved offset")
	})
}

// decodeStepRequest (POST /step's body) never panics; what it accepts is
// no body or one object with at most "at", which encodes back to the same
// instant.
func FuzzStepRequest(f *testing.F) {
	for _, s := range []string{"", " \n", `{}`, `{"at":"2024-03-04T00:15:00+01:00"}`, `{"at":null}`, `{"at":"yesterday"}`,
		`{"when":"2024-03-04T00:15:00+01:00"}`, `{"at":"2024-03-04T00:15:00Z"} {}`, `[]`, `null`, `{"at":"2024-03-04T00:15:00.5Z"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := decodeStepRequest(data)
		if err != nil {
			msg := err.Error()
			if !strings.Contains(msg, "not an RFC 3339 time with its UTC offset") {
				assert.Contains(t, msg, `step: want {"at": "RFC 3339 time"} or no body`)
			}
			assert.NotContains(t, msg, "2006-01-02", "never Go's layout string")
			return
		}
		if req.At == nil {
			return
		}
		again, err := json.Marshal(req)
		if err != nil {
			return // a year outside [0, 9999] decodes but does not encode
		}
		back, err := decodeStepRequest(again)
		require.NoError(t, err, "%s", again)
		require.NotNil(t, back.At)
		require.True(t, req.At.Equal(back.At.Time))
	})
}

// tokenProblem (Config.Token and the token file) accepts exactly tokens
// of at least MinTokenBytes visible ASCII bytes.
func FuzzTokenProblem(f *testing.F) {
	for _, s := range []string{"", testToken, testToken + " ", "short", strings.Repeat("é", 20), "0123456789abcdef\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		why := tokenProblem(tok)
		visible := !strings.ContainsFunc(tok, func(r rune) bool { return r <= ' ' || r > '~' })
		require.Equal(t, len(tok) >= MinTokenBytes && visible, why == "", "%q: %s", tok, why)
	})
}
