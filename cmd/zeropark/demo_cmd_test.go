package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/model"
)

func TestDemoWritesFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	code, out, errOut := cli(t, "demo", "--out", dir, "--name", "all")
	require.Equal(t, exitOK, code, errOut)
	for _, n := range demo.Names() {
		pj, sc, err := demo.Files(n)
		require.NoError(t, err)
		gotPark, err := os.ReadFile(filepath.Join(dir, n+".park.json"))
		require.NoError(t, err)
		gotSeries, err := os.ReadFile(filepath.Join(dir, n+".csv"))
		require.NoError(t, err)
		// The embedded park, with the schema named first.
		assert.Equal(t, "{\n  \"$schema\": \"park.schema.json\",\n"+string(pj[2:]), string(gotPark))
		assert.Equal(t, sc, gotSeries)
		code, _, errOut := cli(t, "validate", "--park", filepath.Join(dir, n+".park.json"), "--series", filepath.Join(dir, n+".csv"))
		assert.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "zeropark run --park "+filepath.Join(dir, n+".park.json")+" --series "+filepath.Join(dir, n+".csv"))
	}

	schema, err := os.ReadFile(filepath.Join(dir, model.ParkSchemaFile))
	require.NoError(t, err)
	assert.Equal(t, model.ParkSchema(), schema)

	one := t.TempDir()
	code, _, _ = cli(t, "demo", "--out", one)
	require.Equal(t, exitOK, code)
	es, err := os.ReadDir(one)
	require.NoError(t, err)
	assert.Len(t, es, 3, "the default demo only, and the schema")
}

func TestDemoBadInput(t *testing.T) {
	code, _, errOut := cli(t, "demo")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--out DIR is required")
	dir := t.TempDir()
	code, _, errOut = cli(t, "demo", "--out", dir, "--name", "atlantis")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, `"atlantis"`)
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, es)
}

func TestShellQuote(t *testing.T) {
	assert.Equal(t, "a/b-c.json", shellQuote("a/b-c.json"))
	assert.Equal(t, "'my dir/x'", shellQuote("my dir/x"))
	assert.Equal(t, `'it'\''s'`, shellQuote("it's"))
	assert.Equal(t, "''", shellQuote(""))
}
