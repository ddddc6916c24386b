package results_test

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// rfc3339Time is a time as zeropark writes it in JSON.
var rfc3339Time = regexp.MustCompile(`"([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9:.]+)(Z|[+-][0-9]{2}:[0-9]{2})"`)

// lowerTimes writes every time of a JSON document with RFC 3339's
// lower-case t and z (RFC 3339 §5.6), as another tool may.
func lowerTimes(t *testing.T, b []byte) []byte {
	t.Helper()
	out := rfc3339Time.ReplaceAll(b, []byte(`"${1}t${2}${3}"`))
	out = bytes.ReplaceAll(out, []byte(`Z"`), []byte(`z"`))
	require.NotEqual(t, string(b), string(out), "the document has times")
	return out
}

// The readers of zeropark's JSON files take a time written with RFC 3339's
// lower-case t and z as every other timestamp reader does (QA s37 M12's
// rest, session 38: roadmap.json's start and summary.json's were refused
// as "cannot parse" by time.Time's decoding); the instant read is the
// one written in capitals.
func TestJSONReadersTakeLowerCaseTimes(t *testing.T) {
	rm := sampleRoadmap()
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	got, err := results.ReadRoadmapJSON(bytes.NewReader(lowerTimes(t, b.Bytes())), "roadmap.json")
	require.NoError(t, err)
	assert.True(t, rm.Start.Equal(got.Start) && rm.End.Equal(got.End), "%v %v", got.Start, got.End)

	start := time.Date(2023, 1, 12, 13, 0, 0, 0, time.UTC)
	sum := results.NewSummary("p", time.Hour, "", dispatch.Report{Start: start, End: start.Add(24 * time.Hour)})
	b.Reset()
	require.NoError(t, results.WriteSummaryJSON(&b, sum))
	back, err := results.ReadSummaryJSON(bytes.NewReader(lowerTimes(t, b.Bytes())), "summary.json")
	require.NoError(t, err)
	assert.True(t, back.Start.Equal(start) && back.End.Equal(start.Add(24*time.Hour)), "%v %v", back.Start, back.End)

	// Written wrong otherwise, still refused, at its line.
	bad := bytes.Replace(lowerTimes(t, b.Bytes()), []byte(`"2023-01-12t13:00:00z"`), []byte(`"2023-01-12t13:00z"`), 1)
	_, err = results.ReadSummaryJSON(bytes.NewReader(bad), "summary.json")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"2023-01-12t13:00z"`, "named as written")
	assert.Regexp(t, `summary.json:[0-9]+: `, err.Error(), "at its line")
}
