package results_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// investmentRoadmap is sampleRoadmap with investments: today's park 0
// (no payback), the low-carbon design 1,348,190 paying back in 11.86
// years (near-zero is out of reach: no figures).
func investmentRoadmap() *results.Roadmap {
	rm := sampleRoadmap()
	rm.Rows[0].Investment = ptr(0.0)
	rm.Rows[1].Investment, rm.Rows[1].SimplePaybackYears = ptr(1348190.0), ptr(11.8604)
	return rm
}

// The investment and its payback read back as written from both files,
// are refused one without the other in roadmap.csv (an empty payback
// means "never pays back" only beside an investment), read as not known
// from a file written before them, and print as the additions table's
// last two columns.
func TestInvestmentColumns(t *testing.T) {
	rm := investmentRoadmap()
	checkRoadmapCSVRoundTrip(t, rm)
	checkRoadmapJSONRoundTrip(t, rm)

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	old, err := results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), "investment", "simple_payback_years")), "roadmap.csv")
	require.NoError(t, err)
	for _, r := range old {
		assert.Nil(t, r.Investment, r.Target)
		assert.Nil(t, r.SimplePaybackYears, r.Target)
	}
	_, err = results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), "simple_payback_years")), "roadmap.csv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "simple_payback_years")

	var out bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&out, rm))
	text := out.String()
	assert.Contains(t, text, "investment "+rm.Currency)
	assert.Contains(t, text, "1,348,190")
	assert.Contains(t, text, "11.9 years")
	assert.NotRegexp(t, `[0-9] +never`, text)
	rm.Rows[1].SimplePaybackYears = nil
	out.Reset()
	require.NoError(t, results.WriteRoadmap(&out, rm))
	assert.Regexp(t, `1,348,190 +never`, out.String(), "invests, saves nothing")

	out.Reset()
	require.NoError(t, results.WriteRoadmap(&out, sampleRoadmap()))
	assert.NotContains(t, out.String(), "simple payback", "no investment figures, no columns")
}
