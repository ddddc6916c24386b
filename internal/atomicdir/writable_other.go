//go:build !unix

package atomicdir

import "os"

// writable reports whether directory dir's owner may write it: where
// access(2) is not offered, the owner's write bit stands for it.
var writable = func(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.Mode().Perm()&0o200 != 0
}
