package main

import (
	"strings"
	"testing"

	"github.com/rivo/uniseg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A report's tenants table stays aligned with a tenant named in Chinese:
// each row's figures end in the same terminal column as the heading's,
// each Chinese character taking two (QA T, session 37: the table counted
// one, so the row of "一号厂房" ran four columns short).
func TestReportAlignsWideNames(t *testing.T) {
	park := strings.Replace(testPark, `"loads": [{"name": "office", "column_kw": "load_kw"}]`,
		`"loads": [{"name": "一号厂房", "column_kw": "load_kw"}, {"name": "office", "column_kw": "load_kw", "scale": 0.5}]`, 1)
	p, series := writeInputs(t, park, testSeries)
	code, out, errOut := cli(t, "run", "--park", p, "--series", series, "--policy", "perfect")
	require.Equal(t, exitOK, code, errOut)
	var rows []string
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.Contains(l, "tenant") && strings.Contains(l, "load MWh") {
			rows = lines[i : i+3] // the heading and the two tenants
			break
		}
	}
	require.Len(t, rows, 3, out)
	require.Contains(t, rows[1]+rows[2], "一号厂房")
	width := uniseg.StringWidth(strings.TrimRight(rows[0], " "))
	for _, r := range rows[1:] {
		assert.Equal(t, width, uniseg.StringWidth(strings.TrimRight(r, " ")), "%q against the heading %q", r, rows[0])
	}
}
