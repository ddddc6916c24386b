// Package atomicfile writes files so that a reader sees either the old
// content or the complete new one, never a part: the data go to a temporary
// file in the same directory, which is synced, made world-readable (0644;
// os.CreateTemp makes 0600) and renamed over the target. Every single-file
// output of zeropark — park and series files, plots, sweep results,
// BENCHMARKS.md — is written through it; the set of files of `run --out`
// is replaced as one by internal/atomicdir.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Write writes path through write. On any error the temporary file is
// removed and path is left as it was. An error of the file system on the
// temporary file names path, not the temporary file, which no longer
// exists when the user looks ("open out/week.png: permission denied", not
// "open out/.week.png.tmp-3564233458: …"; QA, 2026-12-05), and still
// unwraps to its cause (fs.ErrPermission, a full disk's errno).
//
// A path that exists and is not a regular file (a device such as
// /dev/full, a pipe, a directory; a symbolic link to one) is refused
// before anything is written: the rename would replace it, a device node
// with a file when run as root (QA, session 39: live.Controller.Save to
// /dev/full did).
func Write(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if fi, serr := os.Stat(path); serr == nil && !fi.Mode().IsRegular() {
		return &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w (%s): it would be replaced, as the file is written beside it and renamed over it; give a file path", ErrNotRegular, kind(fi.Mode()))}
	}
	defer func() { err = named(err, path) }()
	tmp, err := os.CreateTemp(dir, TempPrefix(path)+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // best effort: not every file system syncs directories
		d.Close()
	}
	return nil
}

// ErrNotRegular is what [Write] returns (in an *fs.PathError) for a path
// that exists and is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// kind names what a file of mode m is, for ErrNotRegular.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a file"
}

// named is err with a path error on one of path's temporary files told
// of path ("write out/s.csv: no space left on device"), the rest of its
// message and what it unwraps to as they are; any other error as it is.
func named(err error, path string) error {
	var pe *fs.PathError
	if err == nil || !errors.As(err, &pe) || !strings.HasPrefix(filepath.Base(pe.Path), TempPrefix(path)) {
		return err
	}
	return &renamedError{err: err, msg: strings.ReplaceAll(err.Error(), pe.Path, path)}
}

// renamedError is err, its message msg.
type renamedError struct {
	err error
	msg string
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }

// WriteFile writes data to path atomically.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// TempPrefix is how the names of path's temporary files begin:
// ".<name>.tmp-" in path's directory (a random suffix follows).
func TempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// RemoveStale removes the temporary files an interrupted [Write] of path
// left in its directory (".<name>.tmp-*"; nothing else). Call it only
// while no other process can be writing path (holding its lock, see
// internal/filelock): their temporary file would go too. It returns the
// names removed.
func RemoveStale(path string) ([]string, error) {
	dir := filepath.Dir(path)
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	prefix := TempPrefix(path)
	var removed []string
	for _, e := range es {
		if !strings.HasPrefix(e.Name(), prefix) || e.IsDir() {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !os.IsNotExist(err) {
			return removed, err
		}
		removed = append(removed, e.Name())
	}
	return removed, nil
}
