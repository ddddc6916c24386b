//go:build unix

package filelock

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// staleLocks: flock(2) dies with its holder.
const staleLocks = false

func lock(path string, wait bool) (*Lock, error) {
	how := unix.LOCK_EX
	if !wait {
		how |= unix.LOCK_NB
	}
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := flock(f, how); err != nil {
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, &LockedError{Path: path, PID: readPID(path)}
			}
			return nil, &os.PathError{Op: "flock", Path: path, Err: err}
		}
		// The previous holder removes the file before it lets go: if we
		// locked a file no longer at path, another process may be locking
		// a new one there, so start over on that.
		same, err := isAt(f, path)
		if err != nil {
			f.Close()
			return nil, err
		}
		if same {
			writePID(f)
			return &Lock{f: f, path: path}, nil
		}
		f.Close()
	}
}

func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

// isAt reports whether the open file f is still the file at path.
func isAt(f *os.File, path string) (bool, error) {
	fst, err := f.Stat()
	if err != nil {
		return false, fmt.Errorf("filelock: %w", err)
	}
	pst, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("filelock: %w", err)
	}
	return os.SameFile(fst, pst), nil
}

// unlock removes the file before letting go, so a process that locks it
// next finds it gone from path and starts over on a new one (see lock).
func unlock(l *Lock) error {
	return errors.Join(removeLockFile(l.path), flock(l.f, unix.LOCK_UN), l.f.Close())
}
