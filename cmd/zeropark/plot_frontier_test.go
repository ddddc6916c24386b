package main

import (
	"bytes"
	gocsv "encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// plot frontier re-draws what plan frontier wrote from its frontier.csv
// and the roadmap.json beside it, byte for byte (one drawing of one
// frontier: the same markers, thresholds and full-series rings); an older
// roadmap.json without the stage thresholds draws with a warning; a
// missing roadmap.json or a file that is no frontier is bad input, the
// picture at --out left as it was.
func TestPlotFrontier(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "front")
	code, _, errOut := cli(t, "plan", "frontier", "--demo", "texas2012", "--limit-hours", "672", "--slices", "168", "--points", "3",
		"--offsets-held", "50", "--no-check", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	raw, err := os.ReadFile(filepath.Join(dir, results.RoadmapJSONFile))
	require.NoError(t, err)
	var keys map[string]any
	require.NoError(t, json.Unmarshal(raw, &keys))
	assert.Positive(t, keys["baseline_tco2e_per_year"], "roadmap.json gives the thresholds")
	assert.Equal(t, 0.3, keys["low_carbon_reduction_min_fraction"])
	// The baseline against today's park's own figures, another route:
	// residual / (1 − its reduction against the baseline).
	today := keys["designs"].([]any)[0].(map[string]any)
	red := today["indicators"].(map[string]any)["reduction_vs_baseline"].(float64)
	require.Less(t, red, 1.0)
	assert.InDelta(t, today["residual_tco2e_per_year"].(float64)/(1-red), keys["baseline_tco2e_per_year"].(float64),
		1e-9*keys["baseline_tco2e_per_year"].(float64))

	for _, c := range []struct{ in, file string }{{dir, results.FrontierSVGFile}, {filepath.Join(dir, results.FrontierCSVFile), results.FrontierPNGFile}} {
		out := filepath.Join(t.TempDir(), "again"+filepath.Ext(c.file))
		code, stdout, errOut := cli(t, "plot", "frontier", "--in", c.in, "--out", out)
		require.Equal(t, exitOK, code, errOut)
		assert.Empty(t, errOut)
		assert.Contains(t, stdout, "wrote "+out+" (3 points of "+filepath.Join(dir, results.FrontierCSVFile)+")")
		want, err := os.ReadFile(filepath.Join(dir, c.file))
		require.NoError(t, err)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "plan frontier's %s differs from plot frontier's", c.file)
	}
	svg, err := os.ReadFile(filepath.Join(dir, results.FrontierSVGFile))
	require.NoError(t, err)
	assert.Contains(t, string(svg), "over the full series", "the sliced frontier's rings are in both")
	assert.Contains(t, string(svg), ">Every figure is a year scaled from 672 h (× 13).", "the period planned, roadmap.json's, in both")
	// plot roadmap draws plan's roadmap.png again, its period's note too.
	again := filepath.Join(t.TempDir(), "roadmap.png")
	code, _, errOut = cli(t, "plot", "roadmap", "--in", dir, "--out", again)
	require.Equal(t, exitOK, code, errOut)
	want, err := os.ReadFile(filepath.Join(dir, results.RoadmapPNGFile))
	require.NoError(t, err)
	got, err := os.ReadFile(again)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "plan's roadmap.png differs from plot roadmap's")
	againSVG := filepath.Join(t.TempDir(), "roadmap.svg")
	code, _, errOut = cli(t, "plot", "roadmap", "--in", dir, "--out", againSVG)
	require.Equal(t, exitOK, code, errOut)
	checkImage(t, againSVG, 0, 0, ">Every figure is a year scaled from 672 h (× 13).")

	// A roadmap.json written before the thresholds: drawn, shaded at the
	// points, said so.
	old := t.TempDir()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	delete(m, "baseline_tco2e_per_year")
	delete(m, "low_carbon_reduction_min_fraction")
	oldJSON, err := json.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(old, results.RoadmapJSONFile), oldJSON, 0o644))
	csv, err := os.ReadFile(filepath.Join(dir, results.FrontierCSVFile))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(old, results.FrontierCSVFile), csv, 0o644))
	out := filepath.Join(old, "old.svg")
	code, _, errOut = cli(t, "plot", "frontier", "--in", old, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "warning: "+filepath.Join(old, results.RoadmapJSONFile)+" gives no stage thresholds")
	checkImage(t, out, 0, 0, "Cost–carbon frontier")

	// Beside another park's roadmap.json (today's load twice the
	// frontier's): drawn, with a warning.
	other := t.TempDir()
	var om map[string]any
	require.NoError(t, json.Unmarshal(raw, &om))
	energy := om["designs"].([]any)[0].(map[string]any)["energy"].(map[string]any)
	energy["load_served_kwh_per_year"] = 2 * energy["load_served_kwh_per_year"].(float64)
	otherJSON, err := json.Marshal(om)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(other, results.RoadmapJSONFile), otherJSON, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(other, results.FrontierCSVFile), csv, 0o644))
	code, _, errOut = cli(t, "plot", "frontier", "--in", other, "--out", filepath.Join(other, "o.svg"))
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "kWh of load a year, today's park")
	assert.Contains(t, errOut, "are they of one plan?")

	// The digests tie the two files: roadmap.json's are every point's.
	rows, err := results.ReadFrontierCSV(bytes.NewReader(csv), "frontier.csv")
	require.NoError(t, err)
	require.Len(t, keys["park_sha256"], 64)
	require.Len(t, keys["series_sha256"], 64)
	for _, r := range rows {
		assert.Equal(t, results.Digests{ParkSHA256: keys["park_sha256"].(string), SeriesSHA256: keys["series_sha256"].(string)}, r.Digests)
		assert.Equal(t, "USD", r.Currency, "frontier.csv names roadmap.json's currency on every point")
	}
	assert.Equal(t, "USD", keys["currency"])
	// Beside a roadmap.json of another park (its digest differs): refused,
	// nothing drawn. Without digests (a file written before): drawn.
	for _, c := range []struct {
		name  string
		edit  func(m map[string]any)
		code  int
		wants []string
	}{
		{"another park", func(m map[string]any) { m["park_sha256"] = strings.Repeat("0", 64) },
			exitBadInput, []string{"are of two plans: point 0's park SHA-256 is not the roadmap's (park ", " against 000000000000…)"}},
		{"another series", func(m map[string]any) { m["series_sha256"] = strings.Repeat("f", 64) },
			exitBadInput, []string{"point 0's series SHA-256", "series ", " against ffffffffffff…"}},
		{"written before the digests", func(m map[string]any) { delete(m, "park_sha256"); delete(m, "series_sha256") }, exitOK, nil},
		{"another currency", func(m map[string]any) { m["currency"] = "EUR" },
			exitBadInput, []string{"are of two plans: point 0's money is in USD, the roadmap's in EUR"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := t.TempDir()
			var m map[string]any
			require.NoError(t, json.Unmarshal(raw, &m))
			c.edit(m)
			b, err := json.Marshal(m)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(d, results.RoadmapJSONFile), b, 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(d, results.FrontierCSVFile), csv, 0o644))
			out := filepath.Join(d, "f.svg")
			code, _, errOut := cli(t, "plot", "frontier", "--in", d, "--out", out)
			require.Equal(t, c.code, code, errOut)
			for _, w := range c.wants {
				assert.Contains(t, errOut, w)
			}
			_, err = os.Stat(out)
			assert.Equal(t, c.code == exitOK, err == nil, "a picture only when drawn")
		})
	}

	// A frontier.csv written before full_series_residual_tco2e_per_year:
	// drawn without rings, said so.
	noRes := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(noRes, results.RoadmapJSONFile), raw, 0o644))
	recs, err := gocsv.NewReader(bytes.NewReader(csv)).ReadAll()
	require.NoError(t, err)
	k := slices.Index(recs[0], "full_series_residual_tco2e_per_year")
	require.GreaterOrEqual(t, k, 0)
	var cut bytes.Buffer
	cw := gocsv.NewWriter(&cut)
	for _, rec := range recs {
		require.NoError(t, cw.Write(slices.Delete(rec, k, k+1)))
	}
	cw.Flush()
	require.NoError(t, os.WriteFile(filepath.Join(noRes, results.FrontierCSVFile), cut.Bytes(), 0o644))
	code, _, errOut = cli(t, "plot", "frontier", "--in", noRes, "--out", filepath.Join(noRes, "n.svg"))
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "3 of 3 points give a full-series evaluation without its residual")

	// Bad input: exit 2, the picture at --out as it was.
	alone := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(alone, results.FrontierCSVFile), csv, 0o644))
	notCSV := filepath.Join(alone, "summary.csv")
	require.NoError(t, os.WriteFile(notCSV, []byte("policy,park\nmpc,p\n"), 0o644))
	for _, c := range []struct {
		name string
		in   string
		want []string
	}{
		{"no roadmap.json beside", alone, []string{"roadmap.json beside", "plan frontier --out writes both"}},
		{"not a frontier", notCSV, []string{"summary.csv", "want the frontier.csv of zeropark plan frontier --out"}},
		{"missing", filepath.Join(alone, "nope.csv"), []string{"nope.csv"}},
	} {
		t.Run(c.name, func(t *testing.T) { plotRefused(t, "frontier", c.in, c.want) })
	}
	code, _, errOut = cli(t, "plot", "frontier", "--out", filepath.Join(t.TempDir(), "f.png"))
	assert.Equal(t, exitBadInput, code)
	assert.True(t, strings.Contains(errOut, "--in DIR/frontier.csv or DIR is required"), errOut)
}
