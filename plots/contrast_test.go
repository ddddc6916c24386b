package plots_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// svgTextFills draws f as SVG and returns each text element's content
// with its fill colour ("#000000", SVG's default, when it sets none).
func svgTextFills(t *testing.T, f *plots.Figure) map[string][]string {
	t.Helper()
	var buf bytes.Buffer
	_, err := f.WriteTo(&buf, plots.SVG)
	require.NoError(t, err)
	fills := map[string][]string{}
	dec := xml.NewDecoder(&buf)
	fill, inText := "", false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		switch v := tok.(type) {
		case xml.StartElement:
			if inText = v.Name.Local == "text"; inText {
				fill = "#000000"
				for _, a := range v.Attr {
					for _, decl := range strings.Split(a.Value, ";") {
						if c, ok := strings.CutPrefix(strings.TrimSpace(decl), "fill:"); ok && a.Name.Local == "style" {
							fill = strings.ToUpper(c)
						}
					}
				}
			}
		case xml.CharData:
			if inText {
				fills[string(v)] = append(fills[string(v)], fill)
			}
		case xml.EndElement:
			inText = false
		}
	}
	return fills
}

// On the darkest cell of a rendered map every text — the stage letter,
// the value and the "cheapest for" label — is white; on the pale cells
// black, and so is the label on a pale cheapest cell. Offsets from 0.1
// to 0.7 tCO2e are the case where the colour map refused its own maximum
// and the darkest cell's text came out black.
func TestSweepHeatmapDarkCellTextWhite(t *testing.T) {
	csv := "combination,a.x_kw,b.y_kw,policy,offsets_needed_tco2e,stage,total_cost_per_year\n" +
		"0,0,0,mpc,0.1,low-carbon,2000\n" +
		"1,10,0,mpc,0.1,low-carbon,2100\n" +
		"2,0,10,mpc,0.1,low-carbon,2200\n" +
		"3,10,10,mpc,0.7,conventional,1000\n"
	tab, err := results.ParseTable([]byte(csv), "s.csv")
	require.NoError(t, err)
	g, err := tab.Grid(results.GridQuery{X: "a.x_kw", Y: "b.y_kw"})
	require.NoError(t, err)
	require.NotEmpty(t, g.Cheapest, "the dark cell is outlined and labelled")
	f, err := plots.SweepHeatmap(g, nil)
	require.NoError(t, err)
	fills := svgTextFills(t, f)

	const white, black = "#FFFFFF", "#000000"
	assert.Equal(t, []string{white}, fills["0.700"], "the dark cell's value")
	assert.Equal(t, []string{white}, fills["C"], "the dark cell's stage letter")
	// The pale cells' values (and the colour bar's tick at 0.1, on paper).
	assert.NotContains(t, fills["0.100"], white, "the pale cells' values")
	assert.GreaterOrEqual(t, len(fills["0.100"]), 3)
	assert.Equal(t, []string{black, black, black}, fills["L"], "the pale cells' stage letters")
	// The dark cell is the cheapest reaching conventional ("any stage"), the pale
	// (0, 0) the cheapest reaching low-carbon: one label on each.
	var label []string
	for txt, fs := range fills {
		switch {
		case strings.Contains(txt, "any stage") && strings.HasPrefix(txt, "cheapest"):
			label = append(label, txt)
			assert.Equal(t, []string{white}, fs, "dark cell's label %q", txt)
		case strings.Contains(txt, "low-carbon") && strings.HasPrefix(txt, "cheapest"):
			label = append(label, txt)
			assert.Equal(t, []string{black}, fs, "pale cell's label %q", txt)
		}
	}
	assert.Len(t, label, 2, "both cheapest labels drawn, each on one line: %v", fills)
	assert.NotEmpty(t, label, "the cheapest label is drawn in the cell")
}
