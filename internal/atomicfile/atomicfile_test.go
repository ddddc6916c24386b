package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
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

// A file system error on the temporary file names the file asked for, not
// the temporary one, and still unwraps to its cause.
func TestWriteErrorNamesThePath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.png")
	cause := &fs.PathError{Op: "write", Path: filepath.Join(dir, TempPrefix(path)+"123"), Err: syscall.ENOSPC}
	err := Write(path, func(io.Writer) error { return fmt.Errorf("drawing: %w", cause) })
	require.Error(t, err)
	assert.Equal(t, "drawing: write "+path+": no space left on device", err.Error())
	assert.ErrorIs(t, err, syscall.ENOSPC)
	// Another error is left as it is.
	other := errors.New("the figure has no data")
	assert.Equal(t, other, Write(path, func(io.Writer) error { return other }))
	// A directory that does not exist: the path, not a temporary name.
	err = WriteFile(filepath.Join(dir, "missing", "x.csv"), nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), ".tmp-")
	assert.Contains(t, err.Error(), filepath.Join(dir, "missing", "x.csv"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}
