package atomicdir

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps tmp and dir in one renamex_np(RENAME_SWAP). It returns
// false, nil where the file system does not offer it.
func exchange(tmp, dir string) (bool, error) {
	err := unix.RenamexNp(tmp, dir, unix.RENAME_SWAP)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.ENOTSUP), errors.Is(err, unix.EINVAL):
		return false, nil
	}
	return false, &os.LinkError{Op: "renamex_np RENAME_SWAP", Old: tmp, New: dir, Err: err}
}
