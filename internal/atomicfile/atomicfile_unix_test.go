//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A path that is not a regular file is refused, not replaced: as root,
// live.Controller.Save("/dev/full") renamed a state file over the device
// (QA, session 39). A named pipe stands in for the device here (mkfifo
// needs no root); a link to it and a directory are refused too.
func TestWriteRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(fifo, link))
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	for path, what := range map[string]string{fifo: "a named pipe", link: "a named pipe", sub: "a directory"} {
		err := WriteFile(path, []byte("state"))
		require.ErrorIs(t, err, ErrNotRegular, path)
		assert.Contains(t, err.Error(), "write "+path+": not a regular file ("+what+")")
	}
	st, err := os.Lstat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&fs.ModeNamedPipe, "the pipe is still a pipe")
	st, err = os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&fs.ModeSymlink, "the link is still a link")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "no temporary file left")
}
