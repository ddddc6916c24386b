//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package benchmarks

import "time"

// PeakRSSKB is unknown on this system: it returns 0.
func PeakRSSKB() int64 { return 0 }

// ProcessCPU is unknown on this system: it returns 0.
func ProcessCPU() time.Duration { return 0 }
