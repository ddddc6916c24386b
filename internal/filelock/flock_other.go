//go:build !unix

package filelock

import (
	"errors"
	"os"
)

// staleLocks: a lock file outlives a killed holder here.
const staleLocks = true

// lock creates path exclusively; it cannot wait for a holder (a stale file
// would make it wait forever), so wait is ignored.
func lock(path string, wait bool) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, &LockedError{Path: path, PID: readPID(path)}
	}
	if err != nil {
		return nil, err
	}
	writePID(f)
	return &Lock{f: f, path: path}, nil
}

// unlock closes the file first: an open file cannot be removed everywhere.
func unlock(l *Lock) error {
	return errors.Join(l.f.Close(), removeLockFile(l.path))
}
