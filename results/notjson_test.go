package results_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// A JSON reader given a file that is no JSON says what it starts with,
// and names another file zeropark writes when it is one (a roadmap.csv
// given for the roadmap.json beside it), not the decoder's "invalid
// character 'a' in literal true".
func TestReadJSONOfNotJSON(t *testing.T) {
	var csv bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&csv, sampleRoadmap()))
	_, err := results.ReadRoadmapJSON(&csv, "plan/roadmap.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Equal(t, "results: unusable file: plan/roadmap.csv:1: not JSON: its first line is the header of roadmap.csv, another file zeropark writes", err.Error())

	_, err = results.ReadRoadmapJSON(strings.NewReader("\ufeff  hello, world: this is a text file that goes on and on\n{}"), "notes.txt")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Equal(t, `results: unusable file: notes.txt:1: not JSON: it starts with "hello, world: this is a text file that g…"`, err.Error())

	// An empty file, or one of white space alone, is said to be empty,
	// not "EOF" (QA K, 2026-12-05).
	for _, empty := range []string{"", " \n\ufeff\r\n"} {
		_, err = results.ReadRoadmapJSON(strings.NewReader(empty), "roadmap.json")
		require.ErrorIs(t, err, results.ErrFile)
		assert.Equal(t, "results: unusable file: roadmap.json:1: empty file: no JSON object", err.Error())
	}

	// Leading white space before the object is JSON still.
	_, err = results.ReadRoadmapJSON(strings.NewReader("\n  {\"park\": \"p\"}"), "roadmap.json")
	assert.NoError(t, err)
}

// A rate the user gives is printed with every digit it has (up to 0.0001
// %), not rounded as a share is.
func TestRate(t *testing.T) {
	for v, want := range map[float64]string{0.0624: "6.24 %", 0.07: "7 %", 0.05625: "5.625 %", 0: "0 %", 0.123456789: "12.3457 %"} {
		assert.Equal(t, want, results.Rate(v), "%g", v)
	}
	assert.Equal(t, "6.2 %", results.Percent(0.0624), "a share stays at one decimal")
}
