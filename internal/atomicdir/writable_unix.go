//go:build unix

package atomicdir

import "golang.org/x/sys/unix"

// writable reports whether this process may add and remove entries of
// directory dir (access(2) with W_OK: the owner, group and other bits as
// they apply to it, root included).
var writable = func(dir string) bool { return unix.Access(dir, unix.W_OK) == nil }
