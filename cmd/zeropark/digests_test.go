package main

import (
	"bytes"
	"crypto/sha256"
	gocsv "encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// summary.json, roadmap.json and pathway.json carry the SHA-256 digests
// of the park and the series, the same as a sweep's rows for the same
// files: the park's is that of the park as parsed, re-marshalled (checked
// here by hashing it apart), blind to the file's layout; the series' is
// that of the period run (--limit-hours changes it).
func TestDigestsInEveryOutput(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	park, series := filepath.Join(dir, "texas2012.park.json"), filepath.Join(dir, "texas2012.csv")

	digestsOf := func(args ...string) results.Digests {
		t.Helper()
		code, stdout, errOut := cli(t, args...)
		require.Equal(t, exitOK, code, errOut)
		var d results.Digests
		require.NoError(t, json.Unmarshal([]byte(stdout), &d))
		return d
	}
	run := digestsOf("run", "--park", park, "--series", series, "--limit-hours", "48", "--policy", "grid", "--json")

	p, err := model.LoadPark(park)
	require.NoError(t, err)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	assert.Equal(t, hex.EncodeToString(sum[:]), run.ParkSHA256)
	require.Len(t, run.SeriesSHA256, 64)

	// The file's layout does not count.
	var tree any
	require.NoError(t, json.Unmarshal(mustRead(t, park), &tree))
	compact, err := json.Marshal(tree)
	require.NoError(t, err)
	park2 := filepath.Join(dir, "compact.park.json")
	require.NoError(t, os.WriteFile(park2, compact, 0o644))
	assert.Equal(t, run, digestsOf("run", "--park", park2, "--series", series, "--limit-hours", "48", "--policy", "grid", "--json"))

	// Another period: the same park, another series digest.
	longer := digestsOf("run", "--park", park, "--series", series, "--limit-hours", "72", "--policy", "grid", "--json")
	assert.Equal(t, run.ParkSHA256, longer.ParkSHA256)
	assert.NotEqual(t, run.SeriesSHA256, longer.SeriesSHA256)

	// A sweep's rows over the same files say the same.
	out := filepath.Join(dir, "sweep.csv")
	code, _, errOut = cli(t, "sweep", "--park", park, "--series", series, "--limit-hours", "48", "--policy", "grid",
		"--vary", "battery.energy_kwh=4000", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	recs, err := gocsv.NewReader(bytes.NewReader(mustRead(t, out))).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, run.ParkSHA256, recs[1][slices.Index(recs[0], results.ColParkSHA256)])
	assert.Equal(t, run.SeriesSHA256, recs[1][slices.Index(recs[0], results.ColSeriesSHA256)])

	// A plan's roadmap.json, and a pathway's pathway.json.
	planDir := filepath.Join(dir, "plan")
	code, _, errOut = cli(t, "plan", "--park", park, "--series", series, "--limit-hours", "48", "--no-check", "--out", planDir)
	require.Equal(t, exitOK, code, errOut)
	var rm results.Digests
	require.NoError(t, json.Unmarshal(mustRead(t, filepath.Join(planDir, results.RoadmapJSONFile)), &rm))
	assert.Equal(t, run, rm)
	pwDir := filepath.Join(dir, "pathway")
	code, _, errOut = cli(t, "plan", "pathway", "--park", park, "--series", series, "--limit-hours", "48", "--no-check",
		"--milestones", "2030:low-carbon", "--base-year", "2026", "--out", pwDir)
	require.Equal(t, exitOK, code, errOut)
	var pw results.Digests
	require.NoError(t, json.Unmarshal(mustRead(t, filepath.Join(pwDir, results.PathwayJSONFile)), &pw))
	assert.Equal(t, run, pw)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}
