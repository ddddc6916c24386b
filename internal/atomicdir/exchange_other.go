//go:build !linux && !darwin

package atomicdir

// exchange is not offered here: [swap] falls back to two renames.
func exchange(tmp, dir string) (bool, error) { return false, nil }
