package results_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// valueRoadmap is investmentRoadmap with a 30 % incentive on the
// low-carbon design's 1,348,190 (404,457 back), its simple payback of
// 943,733 over the 150,794.00 it saves a year (today's 618,460.01 of
// operating cost less its 451,389 + 16,277.01: 6.26 years), and an NPV
// and discounted payback over 25 years.
func valueRoadmap() *results.Roadmap {
	rm := investmentRoadmap()
	rm.AnalysisYears = 25
	rm.Rows[0].Incentives = ptr(0.0)
	r := &rm.Rows[1]
	r.Incentives = ptr(404457.0)
	r.SimplePaybackYears = ptr(943733.0 / 150794.0)
	r.NetPresentValue, r.DiscountedPaybackYears = ptr(876543.4), ptr(8.25)
	r.Additions[0].Investment, r.Additions[0].Incentives = 1348190, 404457
	return rm
}

// The incentives, the NPV and the discounted payback read back as
// written from both files; a file written before them reads them as not
// known; the npv and its payback come together (an empty payback says
// "not within the period" only beside an npv), the incentives alone.
func TestValueColumns(t *testing.T) {
	rm := valueRoadmap()
	checkRoadmapCSVRoundTrip(t, rm)
	checkRoadmapJSONRoundTrip(t, rm)

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	cols := results.RoadmapColumns()
	i := strings.Index(strings.Join(cols, ","), "simple_payback_years,incentives,npv,discounted_payback_years,warnings")
	assert.Positive(t, i, "after the payback, before warnings: %v", cols)

	old, err := results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), "incentives", "npv", "discounted_payback_years")), "roadmap.csv")
	require.NoError(t, err)
	for _, r := range old {
		assert.Nil(t, r.Incentives, r.Target)
		assert.Nil(t, r.NetPresentValue, r.Target)
		assert.Nil(t, r.DiscountedPaybackYears, r.Target)
	}
	_, err = results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), "incentives")), "roadmap.csv")
	require.NoError(t, err, "incentives alone may be missing")
	for _, drop := range []string{"npv", "discounted_payback_years"} {
		_, err = results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), drop)), "roadmap.csv")
		require.Error(t, err, drop)
		assert.Contains(t, err.Error(), drop)
	}
}

// The report: with incentives the additions table gains their column and
// the footnote divides the net investment; a section values each design
// against today's park, the saving a year worked out from the rows.
func TestValueReport(t *testing.T) {
	rm := valueRoadmap()
	var out bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&out, rm))
	text := out.String()
	assert.Regexp(t, `investment USD +incentives +simple payback`, text)
	assert.Regexp(t, `1,348,190 +404,457 +6\.3 years`, text)
	assert.Contains(t, text, "(investment − incentives) / (operating cost + fixed O&M saved a year")
	assert.Contains(t, text, "The capital cost annualised is net of the incentives")
	assert.Contains(t, text, "What each design is worth against today's park over 25 years at 6.24 % a year (USD)")
	assert.Regexp(t, `low-carbon +150,794 +876,543 +8\.2 years`, text)
	assert.Regexp(t, `near-zero-carbon +— +— +out of reach`, text)
	assert.NotRegexp(t, `today's park +[0-9-]+ +[0-9-]+ +(never|—)\n`, text, "today's park is the reference, not a row")

	rm.Rows[1].DiscountedPaybackYears = nil
	out.Reset()
	require.NoError(t, results.WriteRoadmap(&out, rm))
	assert.Regexp(t, `low-carbon +150,794 +876,543 +never`, out.String())

	// No incentive anywhere: the additions table as before.
	rm.Rows[1].Incentives = ptr(0.0)
	out.Reset()
	require.NoError(t, results.WriteRoadmap(&out, rm))
	assert.NotRegexp(t, `investment USD +incentives`, out.String())
	assert.NotContains(t, out.String(), "(investment − incentives)")
	assert.NotContains(t, out.String(), "annualised is net of the incentives")
	assert.Regexp(t, `investment USD +simple payback`, out.String())

	// A roadmap written before the NPV: no such section.
	out.Reset()
	require.NoError(t, results.WriteRoadmap(&out, investmentRoadmap()))
	assert.NotContains(t, out.String(), "worth against today's park")
}

// frontier.csv carries each point's incentives beside its investment; a
// file written before the column reads them as not known.
func TestFrontierIncentives(t *testing.T) {
	rows := []results.FrontierRow{{Point: 0, Stage: "low-carbon", Investment: ptr(0.0), Incentives: ptr(0.0)},
		{Point: 1, Stage: "near-zero-carbon", Investment: ptr(15456800.0), Incentives: ptr(4637040.0)}}
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	back, err := results.ReadFrontierCSV(strings.NewReader(b.String()), "frontier.csv")
	require.NoError(t, err)
	require.Len(t, back, 2)
	require.NotNil(t, back[1].Incentives)
	assert.Equal(t, 4637040.0, *back[1].Incentives)
	old, err := results.ReadFrontierCSV(strings.NewReader(dropCSVColumns(t, b.String(), "incentives")), "frontier.csv")
	require.NoError(t, err)
	for _, r := range old {
		assert.Nil(t, r.Incentives, r.Point)
		assert.NotNil(t, r.Investment, r.Point)
	}
}
