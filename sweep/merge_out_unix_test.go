//go:build unix

package sweep

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Merge's out, as Run's: through a symbolic link the merge is written to
// the link's target, the link kept; a named pipe (or a device) is refused.
// Before (QA X, session 38), the rename replaced the link with a file and
// left its target as it was, and `sweep merge -o /dev/full`, run as root,
// replaced the device with a file.
func TestMergeOutThroughLinkOrDevice(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("testdata", "merge_seed.csv"))
	require.NoError(t, err)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	require.NoError(t, os.WriteFile(in, seed, 0o644))

	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink("target.csv", link))
	_, err = Merge(link, in)
	require.NoError(t, err)
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink, "the link is kept")
	b, err := os.ReadFile(filepath.Join(dir, "target.csv"))
	require.NoError(t, err)
	want, err := os.ReadFile(link)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(b))
	assert.NotEmpty(t, b)

	fifo := filepath.Join(dir, "fifo.csv")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	_, err = Merge(fifo, in)
	require.ErrorIs(t, err, ErrSpec)
	assert.Contains(t, err.Error(), "a named pipe: a merge writes its file beside it and renames it over it")
	fi, err = os.Lstat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeNamedPipe, "the pipe is left as it was")
}
