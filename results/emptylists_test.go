package results_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// The JSON files write an empty list as [], never null (QA, 2026-12-05:
// a plan over chronological slices wrote roadmap.json's "weights": null
// and "kinds": null, which a JSON tool reads as "not known"): the
// reduction's lists, a margin search round's stages (a search whose first
// round reached no stage), the designs, a pathway's rows and an
// attribution's tenants. The values written are not changed.
func TestJSONEmptyListsNotNull(t *testing.T) {
	rm := sampleRoadmap()
	rm.Reduction = &results.RoadmapReduction{Slices: 4, Representatives: 4} // slices: no weights, no kinds, no errors
	rm.MarginSearch = []results.MarginRound{{Margin: 0.1}}
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	for _, want := range []string{`"weights": []`, `"kinds": []`, `"series_errors": []`, `"stages": []`} {
		assert.Contains(t, b.String(), want)
	}
	assert.Nil(t, rm.Reduction.Weights, "the roadmap is not changed")
	assert.Nil(t, rm.MarginSearch[0].Stages)
	back, err := results.ReadRoadmapJSON(&b, "roadmap.json")
	require.NoError(t, err)
	assert.Empty(t, back.Reduction.Weights)
	assert.Equal(t, 4, back.Reduction.Slices)

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, &results.Roadmap{}))
	assert.Contains(t, b.String(), `"designs": []`)

	b.Reset()
	require.NoError(t, results.WritePathwayJSON(&b, &results.Pathway{MarginSearch: []results.MarginRound{{Margin: 0.2}}}))
	assert.Contains(t, b.String(), `"rows": []`)
	assert.Contains(t, b.String(), `"stages": []`)
	assert.Error(t, results.WritePathwayJSON(&b, nil))

	b.Reset()
	require.NoError(t, results.WriteAttributionJSON(&b, &dispatch.Attribution{}))
	assert.Contains(t, b.String(), `"tenants": []`)
	assert.NotContains(t, b.String(), `"tenants": null`)
	assert.Error(t, results.WriteAttributionJSON(&b, nil))
}
