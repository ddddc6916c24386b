package atomicdir_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/internal/atomicdir"
)

// abandonChild, set in a child process's environment, names the
// directory it replaces and abandons.
const abandonChild = "ATOMICDIR_ABANDON_CHILD"

// A process that abandons a Replace midway (as zeropark does on SIGINT or
// SIGTERM) leaves the old set as it was and nothing beside it: no
// temporary directory, no lock file. Abandon never lets the package go,
// so the Replace runs in a child process (this test binary again).
func TestAbandonLeavesNothing(t *testing.T) {
	if dir := os.Getenv(abandonChild); dir != "" {
		started := make(chan struct{})
		go atomicdir.Replace(dir, []atomicdir.File{
			{Name: "a.csv", Write: func(w io.Writer) error { _, err := io.WriteString(w, "new a"); return err }},
			{Name: "b.csv", Write: func(io.Writer) error { close(started); select {} }}, // never ends
		})
		<-started
		atomicdir.Abandon()
		os.Exit(0)
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	require.NoError(t, atomicdir.Replace(dir, []atomicdir.File{
		{Name: "a.csv", Write: func(w io.Writer) error { _, err := io.WriteString(w, "old a"); return err }},
		{Name: "b.csv", Write: func(w io.Writer) error { _, err := io.WriteString(w, "old b"); return err }},
	}))
	cmd := exec.Command(os.Args[0], "-test.run", "^TestAbandonLeavesNothing$")
	cmd.Env = append(os.Environ(), abandonChild+"="+dir)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	es, err := os.ReadDir(parent)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"out"}, names, "nothing beside the output directory")
	a, err := os.ReadFile(filepath.Join(dir, "a.csv"))
	require.NoError(t, err)
	assert.Equal(t, "old a", string(a))
}
