// Package atomicdir replaces the whole content of an output directory at
// once: a reader, or a crash at any instant, finds the complete old set of
// files or the complete new one, never new files beside old ones.
//
// [Replace] writes every file into a fresh sibling directory
// ".<name>.tmp-*" (same parent, so same file system), syncs the files and
// the directory, and then swaps it with the target:
//
//   - on Linux with one renameat2(RENAME_EXCHANGE), atomic, after which the
//     temporary name holds the old set, which is then removed;
//   - elsewhere (or where the file system refuses the exchange) with two
//     renames: the target to ".<name>.old-*", the new set to the target.
//     A crash between them leaves no target; the next Replace into the
//     same place puts the old set back before it starts.
//
// A target that does not exist yet is created by one rename. Everything
// happens under an exclusive lock on ".<name>.lock" beside the target
// (package filelock; a second writer waits), and under that lock the
// leftovers of interrupted earlier writes — ".<name>.tmp-*" and
// ".<name>.old-*" beside the target — are cleared first.
//
// A user's file is never removed. The set's own files are the names being
// written plus the known names the caller gives (files an earlier write
// may have held that this one does not); with the temporary files of
// their atomic writes (".<file>.tmp-*"), they are the only entries removed
// from an old set. An existing target holding anything else (a user's
// notes, a subdirectory) is left as it is: [Check] refuses it with a
// [*ForeignError] before a caller does its work, and [Replace] writes the
// new set beside it instead, as a visible "<name>.new-<time>", and returns
// the ForeignError naming that (Kept), so that a file put there while a
// long run worked costs the run nothing; anything else found later still,
// in an old set or a leftover (put there while the swap ran), is kept:
// that directory is renamed to a visible "<name>.previous-<time>" beside
// the target instead of being removed.
package atomicdir

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zeropark/zeropark/internal/atomicfile"
	"github.com/zeropark/zeropark/internal/filelock"
)

// inFlight are the Replaces under way, for [Abandon]: their temporary
// directories (a new set being written) and their locks. The mutex also
// covers each Replace's swap, so that Abandon finds a target either as it
// was or with the whole new set in place.
var inFlight = struct {
	sync.Mutex
	tmps  map[string]bool
	locks map[*filelock.Lock]bool
}{tmps: map[string]bool{}, locks: map[*filelock.Lock]bool{}}

// Abandon removes the temporary directories of the Replaces under way in
// this process and lets go of their locks, leaving each target directory
// as it was or, where the swap was done, with its whole new set: what a
// process stopped by a signal calls before it exits, so that it leaves no
// ".<name>.tmp-*" or ".<name>.lock" beside an --out directory (QA K,
// 2026-12-05). It never returns the package to use: a Replace still
// running, or started after it, blocks, so call it only just before
// os.Exit.
func Abandon() {
	inFlight.Lock() // held until the process exits
	for t := range inFlight.tmps {
		// A file may still be being written into t (its writer runs on):
		// t is moved to a name nothing writes to first, so that no new
		// file lands in it, and removed until nothing is left (a file
		// created the instant before the move makes one RemoveAll fail).
		gone := t + ".abandoned"
		if os.Rename(t, gone) == nil {
			t = gone
		}
		for range 100 {
			if os.RemoveAll(t) == nil {
				break
			}
		}
	}
	for l := range inFlight.locks {
		l.Unlock()
	}
}

// track notes k (a Replace's temporary directory or lock) in set, one of
// inFlight's, for Abandon; the func returned forgets it.
func track[K comparable](set map[K]bool, k K) (forget func()) {
	inFlight.Lock()
	defer inFlight.Unlock()
	set[k] = true
	return func() {
		inFlight.Lock()
		defer inFlight.Unlock()
		delete(set, k)
	}
}

// Sentinels.
var (
	// ErrForeign: the target holds entries that are not part of the set.
	ErrForeign = errors.New("directory holds files that are not among these outputs")
	// ErrNotDir: the target exists and is not a directory.
	ErrNotDir = errors.New("exists and is not a directory")
	// ErrName: a file name is empty, not plain (has a directory part) or
	// given twice, or a file has no writer.
	ErrName = errors.New("bad output file name")
	// ErrReadOnly: the target exists and its files cannot be removed.
	ErrReadOnly = errors.New("directory is read-only")
)

// ReadOnlyError says that Dir, the target, is a directory this process
// may not remove entries from: its old set could not go, so nothing is
// written (QA, December 2026: the new set was installed, the old one
// stranded beside it, and the command failed, again at every run).
type ReadOnlyError struct {
	Dir  string
	Mode fs.FileMode
}

func (e *ReadOnlyError) Error() string { return e.Dir + ": " + e.Reason() }

// Reason is the message without the directory, as [ForeignError.Reason].
func (e *ReadOnlyError) Reason() string {
	return fmt.Sprintf("%v (mode %04o): its files cannot be replaced; make it writable (chmod u+w) or choose another directory",
		ErrReadOnly, e.Mode.Perm())
}

func (e *ReadOnlyError) Unwrap() error { return ErrReadOnly }

// ForeignError names what an existing target holds beyond the set.
type ForeignError struct {
	Dir   string
	Names []string // sorted; directories end in "/"
	// Kept is where [Replace] wrote the new set instead, a visible
	// "<dir>.new-<time>" beside Dir; "" from [Check], which writes
	// nothing.
	Kept string
}

func (e *ForeignError) Error() string { return e.Dir + ": " + e.Reason() }

// Reason is the message without the directory, for a caller that names
// it itself (a CLI: "--out D: …").
func (e *ForeignError) Reason() string {
	names := e.Names
	more := ""
	if len(names) > 8 {
		names, more = names[:8], fmt.Sprintf(" and %d more", len(e.Names)-8)
	}
	kept := ""
	if e.Kept != "" {
		kept = "; these files were written to " + e.Kept + " instead, " + filepath.Base(e.Dir) + " left as it was"
	}
	return fmt.Sprintf("%v: %s%s (remove or move them, or choose another directory: the whole directory is replaced)%s",
		ErrForeign, strings.Join(names, ", "), more, kept)
}

func (e *ForeignError) Unwrap() error { return ErrForeign }

// NotDirError says that Dir, the target, exists and is not a directory.
type NotDirError struct {
	Dir string
}

func (e *NotDirError) Error() string { return e.Dir + ": " + e.Reason() }

// Reason is the message without the directory, as [ForeignError.Reason].
func (e *NotDirError) Reason() string { return ErrNotDir.Error() }

func (e *NotDirError) Unwrap() error { return ErrNotDir }

// File is one file of the set: a plain name and what writes it.
type File struct {
	Name  string
	Write func(w io.Writer) error
}

// Name patterns of the leftovers beside target dir.
func tmpPrefix(dir string) string { return "." + filepath.Base(dir) + ".tmp-" }
func oldPrefix(dir string) string { return "." + filepath.Base(dir) + ".old-" }

// Check reports whether [Replace] could replace dir with a set of files
// called names (written now or known): nil when dir does not exist or
// holds nothing but such files (and the temporary files of their atomic
// writes); a [*ForeignError] otherwise; a [*NotDirError] (unwrapping to
// [ErrNotDir]) when dir is something else than a directory; a
// [*ReadOnlyError] (unwrapping to [ErrReadOnly]) when it holds files this
// process may not remove; an error unwrapping to [ErrName] for a dir
// Replace refuses by its name: ".", "..", the root, or the working
// directory or one holding it (which replacing would remove).
func Check(dir string, names []string) error {
	dir, err := target(dir)
	if err != nil {
		return err
	}
	_, _, err = inspect(dir, names)
	return err
}

// inspect returns whether dir exists and its permission bits, or why it
// cannot be replaced.
func inspect(dir string, names []string) (exists bool, perm fs.FileMode, err error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, 0, nil
	case err != nil:
		return false, 0, err
	case !st.IsDir():
		return false, 0, &NotDirError{Dir: dir}
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		return false, 0, err
	}
	var foreign []string
	for _, e := range es {
		if !ours(e.Name(), names) || e.IsDir() {
			n := e.Name()
			if e.IsDir() {
				n += "/"
			}
			foreign = append(foreign, n)
		}
	}
	if len(foreign) > 0 {
		slices.Sort(foreign)
		return true, 0, &ForeignError{Dir: dir, Names: foreign}
	}
	if len(es) > 0 && !writable(dir) {
		// Its files could not be removed once the new set is in place.
		return true, 0, &ReadOnlyError{Dir: dir, Mode: st.Mode()}
	}
	return true, st.Mode().Perm(), nil
}

// ours reports whether an entry called name belongs to a set of files
// called names: one of them, or the temporary file of an atomic write of
// one of them (an older zeropark wrote into the directory that way).
func ours(name string, names []string) bool {
	for _, n := range names {
		if name == n || strings.HasPrefix(name, atomicfile.TempPrefix(n)) {
			return true
		}
	}
	return false
}

func checkFiles(files []File) ([]string, error) {
	names := make([]string, 0, len(files))
	for _, f := range files {
		if f.Name == "" || f.Name != filepath.Base(f.Name) || f.Name == "." || f.Name == ".." ||
			slices.Contains(names, f.Name) || f.Write == nil {
			return nil, fmt.Errorf("%w %q: must be a plain, unique file name with a writer", ErrName, f.Name)
		}
		names = append(names, f.Name)
	}
	return names, nil
}

// Replace makes files the whole content of directory dir (created, with
// its parents, if missing), as described in the package documentation.
// known names further files an earlier Replace into dir may have written
// (e.g. a plot this run does not draw): found in the old set, they go
// with it instead of being refused as foreign. On error dir is as it was.
// Errors about dir itself are a [*ForeignError] or a [*NotDirError], about
// the files unwrap to [ErrName]; a failing writer's error is returned naming the file.
func Replace(dir string, files []File, known ...string) (err error) {
	written, err := checkFiles(files)
	if err != nil {
		return err
	}
	names := written
	for _, n := range known {
		if n != "" && n == filepath.Base(n) && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	dir, err = target(dir)
	if err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	lk, err := filelock.Wait(filelock.Path(dir))
	if err != nil {
		return err
	}
	forgetLock := track(inFlight.locks, lk)
	defer func() {
		forgetLock()
		err = errors.Join(err, lk.Unlock())
	}()
	if err := recoverLeftovers(dir, names); err != nil {
		return err
	}
	exists, perm, err := inspect(dir, names)
	var foreign *ForeignError
	switch {
	case errors.As(err, &foreign):
		// Files of a user's in dir: it stays as it is, and the new set
		// goes beside it, visible, rather than being lost (QA,
		// 2026-12-04: a file dropped into --out while a run worked threw
		// the run away; a command checks dir before its work, so this is
		// what changed since).
		perm = 0o755
	case err != nil:
		return err
	case !exists:
		perm = 0o755
	}
	tmp, err := os.MkdirTemp(parent, tmpPrefix(dir)+"*")
	if err != nil {
		return err
	}
	made := tmp
	forgetTmp := track(inFlight.tmps, made)
	defer func() {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		forgetTmp()
	}()
	for _, f := range files {
		if err := writeFile(filepath.Join(tmp, f.Name), f.Write); err != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, f.Name), err)
		}
	}
	if err := os.Chmod(tmp, perm); err != nil { // MkdirTemp makes 0700
		return err
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	// The set is whole: from here to the end, Abandon waits (the swap and
	// the old set's removal are quick).
	inFlight.Lock()
	defer inFlight.Unlock()
	delete(inFlight.tmps, made)
	if foreign != nil {
		kept := dir + ".new-" + time.Now().UTC().Format("20060102T150405.000000000Z")
		if err := os.Rename(tmp, kept); err != nil {
			return errors.Join(foreign, err)
		}
		tmp = ""
		foreign.Kept = kept
		if err := syncDir(parent); err != nil {
			return errors.Join(foreign, err)
		}
		return foreign
	}
	if !exists {
		if err := os.Rename(tmp, dir); err != nil {
			return err
		}
		tmp = ""
		return syncDir(parent)
	}
	old, err := swap(tmp, dir)
	if err != nil {
		return err
	}
	tmp = ""
	if err := syncDir(parent); err != nil {
		return err
	}
	return discard(old, dir, names)
}

// target is dir cleaned, or what it links to when it is a symbolic link
// (the link stays; the directory it names is replaced).
func target(dir string) (string, error) {
	dir = filepath.Clean(dir)
	if b := filepath.Base(dir); b == "." || b == ".." || b == string(filepath.Separator) {
		return "", fmt.Errorf("%w: output directory %q: name a directory, not %q", ErrName, dir, b)
	}
	// The set replaces dir by renames: the process's working directory
	// (a shell's, given as "$PWD") would be left a removed directory.
	if abs, err := filepath.Abs(dir); err == nil {
		if wd, err := os.Getwd(); err == nil && (wd == abs || strings.HasPrefix(wd, abs+string(filepath.Separator))) {
			return "", fmt.Errorf("%w: output directory %q: it holds the current directory, which replacing it would remove: name a directory of its own", ErrName, dir)
		}
	}
	st, err := os.Lstat(dir)
	if err != nil || st.Mode()&fs.ModeSymlink == 0 {
		return dir, nil
	}
	return filepath.EvalSymlinks(dir)
}

// writeFile writes a file of the new set: created 0644 (whatever the
// umask), flushed and synced.
func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	return f.Sync()
}

// syncDir makes a directory's entries durable; best effort where the file
// system cannot sync directories.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	_ = d.Sync()
	return d.Close()
}

// swap puts the complete new set at tmp in place of dir and returns where
// the old set now is. It exchanges the two atomically where it can and
// falls back to [swapByRenames].
var swap = func(tmp, dir string) (string, error) {
	ok, err := exchange(tmp, dir)
	if ok || err != nil {
		return tmp, err
	}
	return swapByRenames(tmp, dir)
}

// swapByRenames moves dir aside to ".<name>.old-*" and tmp to dir. Between
// the two renames there is no dir; a crash there is repaired by
// [recoverLeftovers].
func swapByRenames(tmp, dir string) (string, error) {
	old := filepath.Join(filepath.Dir(dir), oldPrefix(dir)+strconv.FormatInt(time.Now().UnixNano(), 36))
	if err := os.Rename(dir, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return "", fmt.Errorf("%w; and putting the old set back from %s: %w", err, old, rerr)
		}
		return "", err
	}
	return old, nil
}

// recoverLeftovers clears what interrupted Replaces left beside dir (the
// lock is held) with [discard]: temporary directories (a new set never
// swapped in, or an old set swapped out) go; an old set moved aside by
// [swapByRenames] goes too when dir exists, and is put back as dir when
// the crash came between the two renames.
func recoverLeftovers(dir string, names []string) error {
	parent := filepath.Dir(dir)
	es, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	var olds []string
	for _, e := range es {
		switch n := e.Name(); {
		case strings.HasPrefix(n, tmpPrefix(dir)):
			if err := discard(filepath.Join(parent, n), dir, names); err != nil {
				return err
			}
		case strings.HasPrefix(n, oldPrefix(dir)):
			olds = append(olds, n)
		}
	}
	if len(olds) == 0 {
		return nil
	}
	slices.Sort(olds) // base-36 nanoseconds of equal length: the last is the newest
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		newest := olds[len(olds)-1]
		if err := os.Rename(filepath.Join(parent, newest), dir); err != nil {
			return fmt.Errorf("putting back the previous output %s: %w", filepath.Join(parent, newest), err)
		}
		olds = olds[:len(olds)-1]
	}
	for _, n := range olds {
		if err := discard(filepath.Join(parent, n), dir, names); err != nil {
			return err
		}
	}
	return syncDir(parent)
}

// discard removes old, a set swapped out of dir or a leftover beside it:
// the files called names and their temporaries, then the directory.
// Anything else found there (a file a user put into dir after [inspect]
// looked) is kept: the directory is renamed to a visible
// "<dir>.previous-<time>" beside dir instead. A leftover that is not a
// directory (only a directory is ever made under these names) is left
// alone.
func discard(old, dir string, names []string) error {
	st, err := os.Lstat(old)
	if err != nil || !st.IsDir() {
		return err
	}
	es, err := os.ReadDir(old)
	if err != nil {
		return err
	}
	kept := false
	for _, e := range es {
		if e.IsDir() || !ours(e.Name(), names) {
			kept = true
			continue
		}
		if err := os.Remove(filepath.Join(old, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if kept {
		return os.Rename(old, dir+".previous-"+time.Now().UTC().Format("20060102T150405.000000000Z"))
	}
	return os.Remove(old)
}
