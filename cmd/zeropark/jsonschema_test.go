package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/internal/schematest"
	"github.com/zeropark/zeropark/results"
)

// outputSchema compiles results/schemas' schema of the JSON file name.
func outputSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join("..", "..", "results", "schemas", strings.TrimSuffix(name, ".json")+".schema.json")
	return schematest.Compile(t, path, mustRead(t, path))
}

// assertSchema checks the JSON document data against schema s.
func assertSchema(t *testing.T, s *jsonschema.Schema, data []byte, what string) {
	t.Helper()
	assert.NoError(t, schematest.Validate(t, s, data), what)
}

// The JSON files the commands write pass the schemas in results/schemas
// (generated from the types that write them, as json-keys.md is): a run
// of the heat demo under the rolling horizon (forecast errors, heat) and
// under perfect foresight, report --json's five summaries, a plan's
// roadmap.json, a pathway's pathway.json and a forecast's backtest.json.
func TestJSONOutputsMatchTheirSchemas(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir, "--name", "all")
	require.Equal(t, exitOK, code, errOut)
	heatPark, heatSeries := filepath.Join(dir, "greensboro-heat.park.json"), filepath.Join(dir, "greensboro-heat.csv")
	park, series := filepath.Join(dir, "texas2012.park.json"), filepath.Join(dir, "texas2012.csv")

	summary, attribution := outputSchema(t, results.SummaryFile), outputSchema(t, results.AttributionFile)
	for _, policy := range []string{"mpc", "perfect"} {
		out := filepath.Join(dir, "run-"+policy)
		code, _, errOut := cli(t, "run", "--park", heatPark, "--series", heatSeries, "--limit-hours", "48", "--policy", policy, "--out", out)
		require.Equal(t, exitOK, code, errOut)
		assertSchema(t, summary, mustRead(t, filepath.Join(out, results.SummaryFile)), policy+": summary.json")
		assertSchema(t, attribution, mustRead(t, filepath.Join(out, results.AttributionFile)), policy+": attribution.json")
	}
	code, stdout, errOut := cli(t, "report", "--park", park, "--series", series, "--limit-hours", "48", "--json")
	require.Equal(t, exitOK, code, errOut)
	var reports []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(stdout), &reports))
	require.Len(t, reports, 5)
	for _, r := range reports {
		assertSchema(t, summary, r, "report --json")
	}

	planDir := filepath.Join(dir, "plan")
	code, _, errOut = cli(t, "plan", "--park", heatPark, "--series", heatSeries, "--limit-hours", "48", "--out", planDir)
	require.Equal(t, exitOK, code, errOut)
	assertSchema(t, outputSchema(t, results.RoadmapJSONFile), mustRead(t, filepath.Join(planDir, results.RoadmapJSONFile)), "roadmap.json")

	pwDir := filepath.Join(dir, "pathway")
	code, _, errOut = cli(t, "plan", "pathway", "--park", park, "--series", series, "--limit-hours", "48", "--no-check",
		"--milestones", "2028:low-carbon,2030:near-zero-carbon", "--base-year", "2026", "--out", pwDir)
	require.Equal(t, exitOK, code, errOut)
	assertSchema(t, outputSchema(t, results.PathwayJSONFile), mustRead(t, filepath.Join(pwDir, results.PathwayJSONFile)), "pathway.json")

	fcDir := filepath.Join(dir, "forecast")
	code, _, errOut = cli(t, "forecast", "--series", series, "--column", "large_office_kw", "--all", "--from", "72h", "--horizon", "6h",
		"--every", "24h", "--out", fcDir)
	require.Equal(t, exitOK, code, errOut)
	data, err := os.ReadFile(filepath.Join(fcDir, results.BacktestJSONFile))
	require.NoError(t, err)
	assertSchema(t, outputSchema(t, results.BacktestJSONFile), data, "backtest.json")
}
