package atomicdir

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// text is a file of the set holding s.
func text(name, s string) File {
	return File{Name: name, Write: func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}}
}

// failing writes half a file and fails.
func failing(name string) File {
	return File{Name: name, Write: func(w io.Writer) error {
		_, _ = io.WriteString(w, "half a")
		return errors.New("disk on fire")
	}}
}

// set is generation gen of a set of files a, b, c: each holds its name
// and gen, so a mixed directory shows.
func set(gen int, names ...string) []File {
	if len(names) == 0 {
		names = []string{"a.csv", "b.json", "c.csv"}
	}
	var fs []File
	for _, n := range names {
		fs = append(fs, text(n, fmt.Sprintf("%s gen %d\n", n, gen)))
	}
	return fs
}

// contents maps each entry of dir to its content ("/" for a directory).
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	m := map[string]string{}
	for _, e := range es {
		if e.IsDir() {
			m[e.Name()] = "/"
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		m[e.Name()] = string(b)
	}
	return m
}

// want is what contents returns for generation gen of set(gen, names...).
func want(gen int, names ...string) map[string]string {
	m := map[string]string{}
	for _, f := range set(gen, names...) {
		m[f.Name] = fmt.Sprintf("%s gen %d\n", f.Name, gen)
	}
	return m
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestReplaceCreates(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "p", "q")
	dir := filepath.Join(parent, "out")
	require.NoError(t, Replace(dir, set(1)))
	assert.Equal(t, want(1), contents(t, dir))
	assert.Equal(t, []string{"out"}, entries(t, parent), "no temporary directory or lock file left")
	st, err := os.Stat(dir)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, fs.FileMode(0o755), st.Mode().Perm())
		fst, err := os.Stat(filepath.Join(dir, "a.csv"))
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o644), fst.Mode().Perm())
	}
}

// The whole set is replaced: a file the old set had and the new one does
// not (a known name) goes with it, so old and new never sit side by side.
func TestReplaceSwapsTheWholeSet(t *testing.T) {
	for _, tc := range []struct {
		name string
		swap func(tmp, dir string) (string, error)
	}{
		{"default", swap},
		{"two renames", swapByRenames},
	} {
		t.Run(tc.name, func(t *testing.T) {
			saved := swap
			t.Cleanup(func() { swap = saved })
			swap = tc.swap
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			require.NoError(t, Replace(dir, set(1, "a.csv", "b.json", "c.csv", "week.png")))
			if runtime.GOOS != "windows" {
				require.NoError(t, os.Chmod(dir, 0o750))
			}
			// An atomic write of a file into the directory by an older
			// zeropark left its temporary file: it is part of the set.
			require.NoError(t, os.WriteFile(filepath.Join(dir, ".a.csv.tmp-123"), []byte("torn"), 0o644))
			require.NoError(t, Replace(dir, set(2), "week.png"))
			assert.Equal(t, want(2), contents(t, dir))
			assert.Equal(t, []string{"out"}, entries(t, parent))
			if runtime.GOOS != "windows" {
				st, err := os.Stat(dir)
				require.NoError(t, err)
				assert.Equal(t, fs.FileMode(0o750), st.Mode().Perm(), "the directory keeps its permissions")
			}
		})
	}
}

func TestExchangeOnLinux(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("renameat2 is Linux's")
	}
	parent := t.TempDir()
	a, b := filepath.Join(parent, "a"), filepath.Join(parent, "b")
	require.NoError(t, os.Mkdir(a, 0o755))
	require.NoError(t, os.Mkdir(b, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(a, "f"), []byte("A"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(b, "f"), []byte("B"), 0o644))
	ok, err := exchange(a, b)
	require.NoError(t, err)
	if !ok {
		t.Skip("this file system does not offer RENAME_EXCHANGE")
	}
	got, err := os.ReadFile(filepath.Join(b, "f"))
	require.NoError(t, err)
	assert.Equal(t, "A", string(got), "swapped in one step")
	got, err = os.ReadFile(filepath.Join(a, "f"))
	require.NoError(t, err)
	assert.Equal(t, "B", string(got))
	_, err = exchange(a, filepath.Join(parent, "missing"))
	assert.Error(t, err, "exchange needs both")
}

// A writer failing midway leaves the old set as it was and nothing beside it.
func TestFailedWriteKeepsTheOldSet(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	require.NoError(t, Replace(dir, set(1)))
	files := set(2)
	files[1] = failing("b.json")
	err := Replace(dir, files)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk on fire")
	assert.Contains(t, err.Error(), filepath.Join(dir, "b.json"), "names the file")
	assert.Equal(t, want(1), contents(t, dir))
	assert.Equal(t, []string{"out"}, entries(t, parent))

	// The same into a new directory: it is not created.
	err = Replace(filepath.Join(parent, "new"), []File{failing("x")})
	require.Error(t, err)
	assert.Equal(t, []string{"out"}, entries(t, parent))
}

// A user's file in the target is never removed: the write is refused
// before anything is written, naming the file.
func TestForeignFilesRefused(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	require.NoError(t, Replace(dir, set(1)))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "a.csv.d"), 0o755))
	before := contents(t, dir)

	written := false
	files := append(set(2), File{Name: "d", Write: func(io.Writer) error { written = true; return nil }})
	err := Replace(dir, files)
	require.ErrorIs(t, err, ErrForeign)
	var fe *ForeignError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []string{"a.csv.d/", "notes.txt"}, fe.Names)
	assert.Equal(t, dir, fe.Dir)
	assert.Contains(t, err.Error(), "notes.txt")
	assert.Equal(t, dir+": "+fe.Reason(), err.Error())
	assert.Contains(t, fe.Reason(), "notes.txt")
	var checked *ForeignError
	require.ErrorAs(t, Check(dir, []string{"a.csv"}), &checked)
	assert.NotContains(t, checked.Reason(), dir, "the caller names the directory")
	assert.Empty(t, checked.Kept, "Check writes nothing")
	// The user's directory stays as it was; the new set is kept beside it,
	// visible, not lost (QA, 2026-12-04: a file dropped into --out while
	// a run worked threw the run away).
	assert.True(t, written)
	assert.Equal(t, before, contents(t, dir))
	require.NotEmpty(t, fe.Kept)
	assert.Equal(t, []string{"out", filepath.Base(fe.Kept)}, entries(t, parent))
	assert.Regexp(t, `^out\.new-\d{8}T\d{6}\.\d{9}Z$`, filepath.Base(fe.Kept))
	kept := want(2)
	kept["d"] = ""
	assert.Equal(t, kept, contents(t, fe.Kept))
	assert.Contains(t, fe.Reason(), "these files were written to "+fe.Kept+" instead, out left as it was")
	require.NoError(t, os.RemoveAll(fe.Kept))
	assert.ErrorIs(t, Check(dir, []string{"a.csv", "b.json", "c.csv"}), ErrForeign)
	assert.ErrorIs(t, Check(dir, []string{"a.csv", "b.json", "c.csv", "notes.txt", "a.csv.d"}), ErrForeign,
		"a directory is never part of the set")

	// A directory named like a file of the set is foreign too.
	dir2 := filepath.Join(parent, "out2")
	require.NoError(t, os.MkdirAll(filepath.Join(dir2, "a.csv"), 0o755))
	require.ErrorIs(t, Replace(dir2, set(1)), ErrForeign)
}

func TestCheck(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	assert.NoError(t, Check(dir, []string{"a.csv"}), "a missing directory can be made")
	require.NoError(t, Replace(dir, set(1)))
	assert.NoError(t, Check(dir, []string{"a.csv", "b.json", "c.csv"}))
	assert.ErrorIs(t, Check(dir, []string{"a.csv", "b.json"}), ErrForeign)
	file := filepath.Join(parent, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	assert.ErrorIs(t, Check(file, nil), ErrNotDir)
}

func TestReplaceNotADirectory(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "out")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	err := Replace(file+string(filepath.Separator), set(1))
	require.ErrorIs(t, err, ErrNotDir)
	var nd *NotDirError
	require.ErrorAs(t, err, &nd)
	assert.Equal(t, file, nd.Dir, "the cleaned path")
	assert.Equal(t, file+": "+nd.Reason(), err.Error())
	assert.NotContains(t, nd.Reason(), file)
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "x", string(b))
	assert.Equal(t, []string{"out"}, entries(t, parent))
}

func TestReplaceBadNames(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	for _, files := range [][]File{
		{text("", "x")},
		{text("a/b", "x")},
		{text("..", "x")},
		{text("a", "x"), text("a", "y")},
		{{Name: "a"}},
	} {
		assert.ErrorIs(t, Replace(dir, files), ErrName, "%v", files)
	}
	for _, d := range []string{".", "..", string(filepath.Separator)} {
		assert.ErrorIs(t, Replace(d, set(1)), ErrName, d)
		// Check refuses them too, before a command does its work (QA,
		// 2026-12-04: --out . ran 35 s, then was refused).
		assert.ErrorIs(t, Check(d, []string{"a.csv"}), ErrName, d)
	}
	assert.Empty(t, entries(t, parent))
}

// The working directory, or one holding it, is refused by name: replaced
// by renames, it would leave the process (a shell that gave "$PWD") in a
// removed directory.
func TestReplaceRefusesTheWorkingDirectory(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	require.NoError(t, Replace(dir, set(1)))
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	t.Chdir(sub)
	for _, d := range []string{dir, sub, filepath.Join("..", "sub")} {
		assert.ErrorIs(t, Check(d, []string{"a.csv"}), ErrName, d)
		err := Replace(d, set(2))
		require.ErrorIs(t, err, ErrName, d)
		assert.Contains(t, err.Error(), "holds the current directory")
	}
	b, err := os.ReadFile(filepath.Join(dir, "a.csv"))
	require.NoError(t, err)
	assert.Equal(t, "a.csv gen 1\n", string(b), "the old set stays")
	other := filepath.Join(parent, "other")
	assert.NoError(t, Replace(other, set(1)), "a directory beside it is fine")
}

// A symbolic link to the output directory stays a link; the directory it
// names gets the new set.
func TestReplaceThroughSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	parent := t.TempDir()
	real := filepath.Join(parent, "real")
	link := filepath.Join(parent, "link")
	require.NoError(t, Replace(real, set(1)))
	require.NoError(t, os.Symlink("real", link))
	require.NoError(t, Replace(link, set(2)))
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&fs.ModeSymlink, "still a link")
	assert.Equal(t, want(2), contents(t, real))
	assert.ElementsMatch(t, []string{"real", "link"}, entries(t, parent))
}

// What a crash at any point of an earlier Replace leaves beside the
// target is cleared by the next Replace into the same place; a user's
// file found in a leftover is kept in a visible directory.
func TestLeftoversCleared(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	require.NoError(t, Replace(dir, set(1)))
	mk := func(name string, files map[string]string) {
		require.NoError(t, os.Mkdir(filepath.Join(parent, name), 0o700))
		for n, c := range files {
			require.NoError(t, os.WriteFile(filepath.Join(parent, name, n), []byte(c), 0o644))
		}
	}
	// A new set being written, a swapped-out old set, an old set moved
	// aside by the two-rename fallback, and a swapped-out old set into
	// which a user had just put a file.
	mk(".out.tmp-111", map[string]string{"a.csv": "gen 9", "b.json": "half"})
	mk(".out.tmp-222", map[string]string{"a.csv": "gen 0", "b.json": "gen 0", "c.csv": "gen 0"})
	mk(".out.old-0000000000001", map[string]string{"a.csv": "gen 0"})
	mk(".out.tmp-333", map[string]string{"a.csv": "gen 0", "mine.txt": "keep me"})
	// Not ours: another directory's leftovers, a file under our pattern.
	mk(".other.tmp-1", map[string]string{"a.csv": "x"})
	require.NoError(t, os.WriteFile(filepath.Join(parent, ".out.tmp-file"), []byte("x"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(parent, "keep.txt"), []byte("x"), 0o644))

	require.NoError(t, Replace(dir, set(2)))
	assert.Equal(t, want(2), contents(t, dir))
	var previous string
	for _, n := range entries(t, parent) {
		if strings.HasPrefix(n, "out.previous-") {
			previous = n
		}
	}
	require.NotEmpty(t, previous, "the leftover holding a user's file is kept, visibly")
	assert.Equal(t, map[string]string{"mine.txt": "keep me"}, contents(t, filepath.Join(parent, previous)))
	assert.ElementsMatch(t, []string{"out", previous, ".other.tmp-1", ".out.tmp-file", "keep.txt"}, entries(t, parent))
}

// A crash between the two renames of the fallback leaves no target: the
// next Replace puts the old set back first, so a failing one leaves the
// old set in place.
func TestCrashBetweenRenamesRecovered(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	require.NoError(t, Replace(dir, set(1)))
	require.NoError(t, os.Rename(dir, filepath.Join(parent, ".out.old-0000000000002")))
	require.NoError(t, os.Mkdir(filepath.Join(parent, ".out.old-0000000000001"), 0o755)) // an older one
	require.NoError(t, os.Mkdir(filepath.Join(parent, ".out.tmp-9"), 0o700))             // the new set, never swapped in
	require.NoError(t, os.WriteFile(filepath.Join(parent, ".out.tmp-9", "a.csv"), []byte("gen 2"), 0o644))

	require.Error(t, Replace(dir, []File{failing("a.csv")}))
	assert.Equal(t, want(1), contents(t, dir), "the newest old set is back")
	assert.Equal(t, []string{"out"}, entries(t, parent))
}

// Replaces into one directory from several goroutines are serialised by
// the lock: every one succeeds and the directory ends as one whole set.
func TestConcurrentReplaces(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	const n = 8
	errs := make(chan error, n)
	for g := range n {
		go func() { errs <- Replace(dir, set(g)) }()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	got := contents(t, dir)
	gen := -1
	for g := range n {
		if maps := want(g); fmt.Sprint(maps) == fmt.Sprint(got) {
			gen = g
		}
	}
	assert.NotEqual(t, -1, gen, "one whole generation, not a mix: %v", got)
	assert.Equal(t, []string{"out"}, entries(t, parent))
}

// A read-only target is refused before anything is written, naming its
// mode: its old set could not be removed once the new one was in place
// (QA, 2026-12-04: the new set went in, the old one stayed beside it as
// ".out.tmp-*", and the command failed — at every run after). As root,
// whom access(2) lets write anywhere, the check is simulated.
func TestReadOnlyTargetRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("directory permissions are POSIX")
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	require.NoError(t, Replace(dir, set(1)))
	require.NoError(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() == 0 {
		saved := writable
		t.Cleanup(func() { writable = saved })
		writable = func(d string) bool { return d != dir }
	}
	for _, err := range []error{Check(dir, []string{"a.csv", "b.json", "c.csv"}), Replace(dir, set(2))} {
		var ro *ReadOnlyError
		require.ErrorAs(t, err, &ro)
		require.ErrorIs(t, err, ErrReadOnly)
		assert.Contains(t, err.Error(), "out: directory is read-only (mode 0555): its files cannot be replaced; make it writable (chmod u+w)")
	}
	assert.Equal(t, want(1), contents(t, dir), "the old set stays")
	assert.Equal(t, []string{"out"}, entries(t, parent), "nothing left beside it")

	// An empty read-only directory has nothing to remove: the new set goes
	// in by the parent's rename.
	empty := filepath.Join(parent, "empty")
	require.NoError(t, os.Mkdir(empty, 0o555))
	t.Cleanup(func() { os.Chmod(empty, 0o755) })
	require.NoError(t, Replace(empty, set(1)))
	assert.Equal(t, want(1), contents(t, empty))

	require.NoError(t, os.Chmod(dir, 0o755))
	if os.Geteuid() == 0 {
		writable = func(string) bool { return true }
	}
	require.NoError(t, Replace(dir, set(2)))
	assert.Equal(t, want(2), contents(t, dir))
}
