package main

import (
	"os"
	"path/filepath"
	"strings"
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

// TestDemoKeepsEditedFiles: writing a demo again into a directory where
// its park file was edited (as the help invites) is refused, exit 2,
// naming the file, and nothing is written, --name all's other demos
// included; files equal to the demo's are written again (QA N, session
// 37: the edits were replaced without a word).
func TestDemoKeepsEditedFiles(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	code, _, errOut = cli(t, "demo", "--out", dir)
	require.Equal(t, exitOK, code, "the demo's own files are written again: %s", errOut)

	park := filepath.Join(dir, demo.Default+".park.json")
	data, err := os.ReadFile(park)
	require.NoError(t, err)
	edited := []byte(strings.Replace(string(data), `"scale": 1`, `"scale": 2`, 1))
	require.NotEqual(t, data, edited)
	require.NoError(t, os.WriteFile(park, edited, 0o644))
	code, _, errOut = cli(t, "demo", "--out", dir, "--name", "all")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, park)
	assert.Contains(t, errOut, "nothing written")
	got, err := os.ReadFile(park)
	require.NoError(t, err)
	assert.Equal(t, edited, got, "the edits are kept")
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, es, 3, "no other demo written beside it")
}

func TestShellQuote(t *testing.T) {
	assert.Equal(t, "a/b-c.json", shellQuote("a/b-c.json"))
	assert.Equal(t, "'my dir/x'", shellQuote("my dir/x"))
	assert.Equal(t, `'it'\''s'`, shellQuote("it's"))
	assert.Equal(t, "''", shellQuote(""))
}
