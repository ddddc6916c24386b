package results_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// shadowRoadmap is sampleRoadmap with low-carbon's shadow carbon price
// (near-zero is out of reach; today's has none) and its clean-share
// price, its checks run at that price (--carbon-price shadow).
func shadowRoadmap() *results.Roadmap {
	rm := sampleRoadmap()
	rm.ChecksAtShadowPrice = true
	r := &rm.Rows[1]
	r.ShadowCarbonPricePerTCO2e, r.ShadowCleanSharePricePerMWh = ptr(279.6125), ptr(0.0)
	for i := range r.Checks {
		r.Checks[i].CarbonPricePerTCO2e = 279.6125
	}
	return rm
}

// The shadow prices read back from roadmap.csv and roadmap.json as
// written: a number, a real 0, and none (nil, an empty cell or null).
func TestShadowPricesRoundTrip(t *testing.T) {
	rm := shadowRoadmap()
	checkRoadmapCSVRoundTrip(t, rm)
	checkRoadmapJSONRoundTrip(t, rm)
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	assert.Contains(t, b.String(), `"shadow_carbon_price_per_tco2e": 279.6125`)
	assert.Contains(t, b.String(), `"shadow_clean_share_price_per_mwh": 0`)
	assert.Contains(t, b.String(), `"shadow_carbon_price_per_tco2e": null`, "today's park: none")
	assert.Contains(t, b.String(), `"checks_at_shadow_carbon_price": true`)
}

// A roadmap.csv written before the shadow prices (without both columns)
// reads as rows whose prices are not known; one with only one of them
// is refused, naming the other.
func TestShadowPricesOptional(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, shadowRoadmap()))
	old, err := results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(),
		"shadow_carbon_price_per_tco2e", "shadow_clean_share_price_per_mwh")), "roadmap.csv")
	require.NoError(t, err)
	require.Len(t, old, 3)
	for _, r := range old {
		assert.Nil(t, r.ShadowCarbonPricePerTCO2e, r.Target)
		assert.Nil(t, r.ShadowCleanSharePricePerMWh, r.Target)
	}
	assert.Equal(t, 592691.4129169136, old[1].TotalCostPerYear, "the other cells as written")
	_, err = results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), "shadow_clean_share_price_per_mwh")), "roadmap.csv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "shadow_clean_share_price_per_mwh")

	// The files written before unserved heat, by an older zeropark.
	for _, name := range []string{"testdata/roadmap-before-unserved-heat.csv", "testdata/roadmap-before-unserved-heat.json"} {
		f, err := os.Open(name)
		require.NoError(t, err)
		var rows []results.RoadmapRow
		if strings.HasSuffix(name, ".csv") {
			rows, err = results.ReadRoadmapCSV(f, name)
		} else {
			var rm *results.Roadmap
			if rm, err = results.ReadRoadmapJSON(f, name); err == nil {
				rows = rm.Rows
				assert.False(t, rm.ChecksAtShadowPrice)
			}
		}
		f.Close()
		require.NoError(t, err, name)
		require.NotEmpty(t, rows)
		for _, r := range rows {
			assert.Nil(t, r.ShadowCarbonPricePerTCO2e, "%s %s", name, r.Target)
		}
	}
}

// The printed roadmap: the shadow carbon price beside the cost per tCO2e
// avoided (n/a for today's park), the clean share's under the table, and
// with --carbon-price shadow the checks' price in a column of its own and
// the footers saying so.
func TestWriteRoadmapShadowPrices(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, shadowRoadmap()))
	out := b.String()
	const costs, checks = "What it costs a year", "Does each design hold its stage in operation?"
	row := tableRow(t, out, costs, "today's park")
	assert.Equal(t, "n/a", row[len(row)-1], "%q", row)
	row = tableRow(t, out, costs, "low-carbon")
	assert.Equal(t, "279.6", row[len(row)-1], "%q", row)
	assert.Contains(t, out, "The clean share's shadow price (USD/MWh not clean): low-carbon 0.")
	row = tableRow(t, out, checks, "low-carbon")
	assert.Equal(t, "279.6", row[len(row)-1], "%q", row)
	assert.Contains(t, out, "at carbon price (USD/tCO2e)")
	assert.Contains(t, out, "--carbon-price shadow prices carbon in each design's operation checks")
	assert.Contains(t, out, "cost with carbon at each design's shadow carbon price (--carbon-price shadow")
	assert.NotContains(t, out, "80.5", "no single price")

	// A miss under perfect foresight at the shadow price: the advice says
	// what the price leaves out.
	rm := shadowRoadmap()
	rm.Rows[1].Checks[0].Holds = false
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "least cost at the design's shadow carbon price")
	assert.NotContains(t, b.String(), "or with a higher --carbon-price")

	// Without it: one price for every check, no column.
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, sampleRoadmap()))
	assert.NotContains(t, b.String(), "at carbon price (")
	assert.NotContains(t, b.String(), "shadow carbon price (", "no design has one: no footnote")
}
