//go:build linux || darwin || freebsd || netbsd || openbsd

package benchmarks

import (
	"runtime"
	"syscall"
	"time"
)

// PeakRSSKB is the peak resident set size of this process in KiB (Go heap
// and C allocations of the solver alike), from getrusage(2); 0 when unknown.
func PeakRSSKB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	kb := int64(ru.Maxrss)
	if runtime.GOOS == "darwin" {
		kb /= 1024 // darwin reports bytes
	}
	return kb
}

// ProcessCPU is the CPU time (user + system, all threads) this process has
// used so far, from getrusage(2); 0 when unknown.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
