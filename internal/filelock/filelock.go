// Package filelock keeps two zeropark processes from writing the same output
// at once. A writer takes an exclusive advisory lock on a lock file beside
// its output (".<name>.lock", [Path]) for as long as it writes; a second
// writer asking with [TryLock] fails at once with a [*LockedError] naming
// the file and the holder's process id, instead of interleaving its rows
// with the first's.
//
// On unix systems the lock is flock(2): the kernel drops it when the holder
// dies, however it dies, so a crash never leaves a stale lock. The holder
// removes the lock file when it lets go. Elsewhere the lock file is created
// exclusively (O_EXCL) and removed on Unlock; a process killed while holding
// it leaves the file behind, and the error says to remove it once no
// zeropark is running.
package filelock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked is the sentinel of [LockedError].
var ErrLocked = errors.New("locked by another process")

// LockedError says another process holds the lock.
type LockedError struct {
	// Path is the lock file.
	Path string
	// PID is the holder's process id as it recorded it; 0 when unknown.
	PID int
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "process " + strconv.Itoa(e.PID)
	}
	msg := fmt.Sprintf("%s holds the lock %s", who, e.Path)
	if staleLocks {
		msg += " (if no zeropark is running, the lock is stale: remove it)"
	}
	return msg
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// Path is the lock file that guards target: ".<name>.lock" in target's
// directory. It is a separate file because outputs are replaced by rename,
// which would leave a lock held on the target itself on a file no longer
// at that path.
func Path(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".lock")
}

// Lock is a held lock; Unlock releases it.
type Lock struct {
	f    *os.File
	path string
}

// TryLock takes the lock file at path (created if missing) or, when another
// process holds it, returns a [*LockedError] at once.
func TryLock(path string) (*Lock, error) { return lock(path, false) }

// Wait takes the lock file at path, waiting while another process holds
// it. (Where only the O_EXCL fallback exists it does not wait: it is
// TryLock.)
func Wait(path string) (*Lock, error) { return lock(path, true) }

// Unlock removes the lock file and releases the lock. A nil Lock is a no-op.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlock(l)
	l.f = nil
	return err
}

// removeLockFile removes path; a file already gone is not an error.
func removeLockFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// writePID records the holder in the lock file, for the error a second
// process gets. Best effort: the lock holds without it.
func writePID(f *os.File) {
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
}

// readPID is the process id recorded in the lock file at path, 0 when
// unreadable.
func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
