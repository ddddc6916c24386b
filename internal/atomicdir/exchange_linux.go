package atomicdir

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps tmp and dir in one renameat2(RENAME_EXCHANGE). It returns
// false, nil where the kernel or the file system does not offer it.
func exchange(tmp, dir string) (bool, error) {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.EOPNOTSUPP):
		return false, nil
	}
	return false, &os.LinkError{Op: "renameat2 RENAME_EXCHANGE", Old: tmp, New: dir, Err: err}
}
