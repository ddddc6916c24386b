package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteReplacesWhole(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	require.NoError(t, WriteFile(p, []byte("old")))
	require.NoError(t, WriteFile(p, []byte("new content")))
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "new content", string(b))
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")
}

func TestFailedWriteKeepsOld(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	require.NoError(t, WriteFile(p, []byte("old")))
	boom := errors.New("boom")
	err := Write(p, func(w io.Writer) error {
		_, _ = w.Write([]byte("half"))
		return boom
	})
	require.ErrorIs(t, err, boom)
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "old", string(b))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "temporary file removed")
}

func TestMissingDirectory(t *testing.T) {
	assert.Error(t, WriteFile(filepath.Join(t.TempDir(), "no", "such", "f"), nil))
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "results.csv")
	require.NoError(t, WriteFile(p, []byte("kept")))
	for _, name := range []string{".results.csv.tmp-123", ".results.csv.tmp-abc"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("torn"), 0o644))
	}
	// Not ours: another file's temporaries, look-alikes, a directory.
	others := []string{".other.csv.tmp-1", "results.csv.tmp-1", ".results.csv.tmp", "notes.txt"}
	for _, name := range others {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), nil, 0o644))
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, ".results.csv.tmp-dir"), 0o755))
	removed, err := RemoveStale(p)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{".results.csv.tmp-123", ".results.csv.tmp-abc"}, removed)
	var left []string
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range es {
		left = append(left, e.Name())
	}
	assert.ElementsMatch(t, append([]string{"results.csv", ".results.csv.tmp-dir"}, others...), left)
}
