package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plots"
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
	indent := len(rows[0]) - len(strings.TrimLeft(rows[0], " "))
	for _, r := range rows[1:] {
		assert.Equal(t, width, uniseg.StringWidth(strings.TrimRight(r, " ")), "%q against the heading %q", r, rows[0])
		// The names start where the heading's does (QA G, session 39: the
		// name was padded to 24 code points, not columns, so the table,
		// aligned right, set the Latin names four columns in).
		assert.Equal(t, indent, len(r)-len(strings.TrimLeft(r, " ")), "%q against the heading %q", r, rows[0])
	}

	// So do the forecasters' table of the report and its series names.
	code, out, errOut = cli(t, "report", "--park", p, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	lines = strings.Split(out, "\n")
	var fc []string
	for i, l := range lines {
		if strings.Contains(l, "series") && strings.Contains(l, "skill vs persistence") {
			fc = lines[i : i+3] // the heading and the two tenants' loads
			break
		}
	}
	require.Len(t, fc, 3, out)
	require.Contains(t, fc[1]+fc[2], "一号厂房")
	indent = len(fc[0]) - len(strings.TrimLeft(fc[0], " "))
	for _, r := range fc[1:] {
		assert.Equal(t, indent, len(r)-len(strings.TrimLeft(r, " ")), "%q against the heading %q", r, fc[0])
	}
}

// A ZEROPARK_FONT that is no font is said as the command starts, naming
// the variable and the file, and the command goes on (QA T5, session 37).
func TestBadUserFontWarns(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "not-a-font.ttf")
	require.NoError(t, os.WriteFile(bad, []byte("hello"), 0o644))
	t.Setenv(plots.FontEnv, bad)
	park, series := writeInputs(t, testPark, testSeries)
	code, _, errOut := cli(t, "validate", "--park", park, "--series", series)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark validate: warning: ZEROPARK_FONT="+bad+": not a TrueType or OpenType font")
	assert.Contains(t, errOut, "the figures use Liberation Sans")
}
