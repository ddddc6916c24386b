// Package sysmem says how much memory this process may still take, so that
// zeropark can refuse a run that would not fit with a message instead of
// dying with the Go runtime's out-of-memory dump.
package sysmem

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// Available is a memory budget in bytes and where it comes from.
type Available struct {
	Bytes int64
	// Source names the limit that set Bytes: "cgroup memory.max",
	// "MemAvailable (/proc/meminfo)", "GOMEMLIMIT" or, when none can be
	// read, "unknown" (then Known is false and Bytes is 0).
	Source string
	Known  bool
}

// Paths read by [Query]; variables so tests can point them at fixtures.
var (
	cgroupV2Max     = "/sys/fs/cgroup/memory.max"
	cgroupV2Current = "/sys/fs/cgroup/memory.current"
	cgroupV1Max     = "/sys/fs/cgroup/memory/memory.limit_in_bytes"
	cgroupV1Usage   = "/sys/fs/cgroup/memory/memory.usage_in_bytes"
	meminfo         = "/proc/meminfo"
)

// Query returns the smallest of the budgets it can read: the cgroup's limit
// less its current usage (cgroup v2 memory.max and memory.current, or v1
// memory.limit_in_bytes and memory.usage_in_bytes), MemAvailable from
// /proc/meminfo, and the Go soft memory limit (GOMEMLIMIT or
// debug.SetMemoryLimit) less the memory the Go runtime already holds. On a
// system where none of them can be read (not Linux, a sandbox without
// /proc) the result is not Known: callers then skip their check.
func Query() Available {
	best := Available{Source: "unknown"}
	consider := func(b int64, src string) {
		if b < 0 {
			b = 0
		}
		if !best.Known || b < best.Bytes {
			best = Available{Bytes: b, Source: src, Known: true}
		}
	}
	if lim, ok := readLimit(cgroupV2Max); ok {
		used, _ := readLimit(cgroupV2Current)
		consider(lim-used, "cgroup memory.max")
	} else if lim, ok := readLimit(cgroupV1Max); ok {
		used, _ := readLimit(cgroupV1Usage)
		consider(lim-used, "cgroup memory.limit_in_bytes")
	}
	if avail, ok := memAvailable(meminfo); ok {
		consider(avail, "MemAvailable (/proc/meminfo)")
	}
	if lim := debug.SetMemoryLimit(-1); lim < math.MaxInt64 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		consider(lim-int64(ms.Sys-ms.HeapReleased), "GOMEMLIMIT")
	}
	return best
}

// readLimit reads a cgroup file holding a byte count; "max" (no limit), a
// missing file and v1's "no limit" value (near MaxInt64) are not a limit.
func readLimit(path string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	s := strings.TrimSpace(string(b))
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 || v >= math.MaxInt64/2 {
		return 0, false
	}
	return v, true
}

// memAvailable reads the MemAvailable line of a meminfo file (in kB).
func memAvailable(path string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemAvailable:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || kb < 0 {
				return 0, false
			}
			return kb * 1024, true
		}
	}
	return 0, false
}
