package plots

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every font an SVG names falls back to Arial (Liberation Sans's metrics),
// Helvetica and any sans-serif: gonum's SVG named Liberation Sans alone,
// and a viewer without it drew the titles in a wider serif, off the right
// edge (QA, 2026-12-04). The PNG, drawn with the embedded font, is not
// concerned.
func TestSVGFontsFallBack(t *testing.T) {
	fig, err := CostCarbonFrontier(unitsFrontier(), FrontierMarkers(unitsRoadmap()), &FrontierOptions{Currency: "USD"})
	require.NoError(t, err)
	var b bytes.Buffer
	n, err := fig.WriteTo(&b, SVG)
	require.NoError(t, err)
	assert.Equal(t, int64(b.Len()), n, "the bytes written are counted")
	families := regexp.MustCompile(`font-family:[^;"]*`).FindAllString(b.String(), -1)
	require.NotEmpty(t, families)
	for _, f := range families {
		assert.Equal(t, "font-family:Liberation Sans,Arial,Helvetica,sans-serif", f)
	}
	assert.Equal(t, []byte("a font-family:Liberation Sans,Arial,Helvetica,sans-serif; b font-family:Liberation Serif;"),
		svgFontFallback([]byte("a font-family:Liberation Sans; b font-family:Liberation Serif;")), "only Liberation Sans alone")
}
