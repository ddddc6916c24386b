package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// plan pathway --out writes the pathway's figure as pathway.png and
// pathway.svg (as plan frontier writes frontier.png and frontier.svg), and
// plot pathway draws it again from pathway.json, byte for byte, as PNG or
// SVG: the milestone planned (2027 low-carbon on the day's test park)
// and the one out of reach that ends the pathway (2030 near-zero-carbon,
// TestPlanPathwayUnreachable).
func TestPlotPathway(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	dir := filepath.Join(t.TempDir(), "pw")
	code, stdout, errOut := cli(t, "plan", "pathway", "--park", park, "--series", series, "--base-year", "2026",
		"--milestones", "2027:low-carbon,2030:near-zero-carbon", "--no-check", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "wrote into "+dir+": pathway.csv, pathway.json, pathway.png, pathway.svg, park-2027.json")
	checkImage(t, filepath.Join(dir, results.PathwayPNGFile), 1200, 800)
	checkImage(t, filepath.Join(dir, results.PathwaySVGFile), 0, 0, "test park", "2027 low-carbon", "2030 near-zero-carbon: out of reach")

	for _, c := range []struct{ in, file string }{
		{dir, results.PathwaySVGFile},
		{filepath.Join(dir, results.PathwayJSONFile), results.PathwayPNGFile},
	} {
		out := filepath.Join(t.TempDir(), "again"+filepath.Ext(c.file))
		code, stdout, errOut := cli(t, "plot", "pathway", "--in", c.in, "--out", out)
		require.Equal(t, exitOK, code, errOut)
		assert.Empty(t, errOut)
		assert.Equal(t, "wrote "+out+" (1 of 2 milestones planned, of "+filepath.Join(dir, results.PathwayJSONFile)+")\n", stdout)
		want, err := os.ReadFile(filepath.Join(dir, c.file))
		require.NoError(t, err)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "plan pathway's %s differs from plot pathway's", c.file)
	}

	// Bad input: exit 2, a message naming the file and why, the picture
	// at --out as it was and nothing beside it.
	bad := t.TempDir()
	var rm bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&rm, plotRoadmap()))
	pwJSON, err := os.ReadFile(filepath.Join(dir, results.PathwayJSONFile))
	require.NoError(t, err)
	// The first milestone out of reach: nothing planned, nothing to draw
	// (plan pathway writes no figure then).
	none := strings.Replace(string(pwJSON), `"year": 2027`, `"year": 2027, "unreachable": "low-carbon is out of reach: no design"`, 1)
	require.NotEqual(t, string(pwJSON), none)
	files := map[string]string{
		"roadmap.json": rm.String(),
		"empty.json":   "",
		"none.json":    none,
		"broken.json":  `{"rows": [`,
		"late.json":    strings.Replace(string(pwJSON), `"year": 2030`, `"year": 2020`, 1),
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(bad, name), []byte(text), 0o644))
	}
	want := "want the pathway.json of zeropark plan pathway --out"
	for _, c := range []struct {
		name string
		in   string
		want []string
	}{
		{"a roadmap.json", filepath.Join(bad, "roadmap.json"), []string{"roadmap.json:", `key "designs"`, "the file is roadmap.json, another file zeropark writes", want}},
		{"empty file", filepath.Join(bad, "empty.json"), []string{"empty.json:1: empty file: no JSON object", want}},
		{"missing file", filepath.Join(bad, "nope.json"), []string{"--in " + filepath.Join(bad, "nope.json") + ": no such file"}},
		{"dir without pathway", t.TempDir(), []string{"pathway.json: no such file"}},
		{"broken json", filepath.Join(bad, "broken.json"), []string{"broken.json:1: the file ends inside its JSON object: cut short?", want}},
		{"years out of order", filepath.Join(bad, "late.json"), []string{"late.json", `key "rows[1].year": value "2020": must be after the row before's, 2027`}},
		{"nothing planned", filepath.Join(bad, "none.json"), []string{"none.json", "no milestone planned: nothing to draw"}},
	} {
		t.Run(c.name, func(t *testing.T) { plotRefused(t, "pathway", c.in, c.want) })
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no in", []string{"--out", "p.png"}, "--in DIR/pathway.json or DIR is required"},
		{"no out", []string{"--in", dir}, "--out FILE.png or FILE.svg is required"},
		{"unknown extension", []string{"--in", dir, "--out", filepath.Join(bad, "p.pdf")}, "--out " + filepath.Join(bad, "p.pdf") + ": want a .png or .svg file name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, errOut := cli(t, append([]string{"plot", "pathway"}, c.args...)...)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, stdout)
			assert.Contains(t, errOut, c.want)
		})
	}
	_, err = os.Stat(filepath.Join(bad, "p.pdf"))
	assert.True(t, os.IsNotExist(err), "nothing written for an unknown extension")

	code, stdout, _ = cli(t, "plot", "pathway", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "zeropark plot pathway --in DIR/pathway.json|DIR --out FILE.png|FILE.svg")
	assert.Contains(t, stdout, "Example:\n  zeropark plan pathway --demo texas2012 --periods 4 --out pw\n  zeropark plot pathway --in pw --out pathway.svg")
	code, stdout, _ = cli(t, "plot", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "zeropark plot pathway --in DIR/pathway.json|DIR")
}
