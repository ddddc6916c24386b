package sysmem

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixtures points the paths at files in a temporary directory (absent
// when the content is "") and restores them after the test.
func fixtures(t *testing.T, v2max, v2cur, v1max, v1use, mi string) {
	t.Helper()
	dir := t.TempDir()
	old := []string{cgroupV2Max, cgroupV2Current, cgroupV1Max, cgroupV1Usage, meminfo}
	t.Cleanup(func() {
		cgroupV2Max, cgroupV2Current, cgroupV1Max, cgroupV1Usage, meminfo = old[0], old[1], old[2], old[3], old[4]
	})
	put := func(name, content string) string {
		p := filepath.Join(dir, name)
		if content != "" {
			require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		}
		return p
	}
	cgroupV2Max, cgroupV2Current = put("v2max", v2max), put("v2cur", v2cur)
	cgroupV1Max, cgroupV1Usage = put("v1max", v1max), put("v1use", v1use)
	meminfo = put("meminfo", mi)
}

const meminfoText = "MemTotal:       24684000 kB\nMemFree:        23000000 kB\nMemAvailable:   20000000 kB\n"

func TestQuery(t *testing.T) {
	for _, c := range []struct {
		name                           string
		v2max, v2cur, v1max, v1use, mi string
		want                           Available
	}{
		{"cgroup v2 below meminfo", "1073741824\n", "73741824\n", "", "", meminfoText,
			Available{Bytes: 1<<30 - 73741824, Source: "cgroup memory.max", Known: true}},
		{"cgroup v2 unlimited", "max\n", "5", "", "", meminfoText,
			Available{Bytes: 20000000 * 1024, Source: "MemAvailable (/proc/meminfo)", Known: true}},
		{"cgroup v1", "", "", "2147483648", "1073741824", meminfoText,
			Available{Bytes: 1 << 30, Source: "cgroup memory.limit_in_bytes", Known: true}},
		{"cgroup v1 no limit", "", "", "9223372036854771712", "1", meminfoText,
			Available{Bytes: 20000000 * 1024, Source: "MemAvailable (/proc/meminfo)", Known: true}},
		{"usage above limit is zero, not negative", "100", "200", "", "", "",
			Available{Bytes: 0, Source: "cgroup memory.max", Known: true}},
		{"nothing readable", "", "", "", "", "",
			Available{Source: "unknown"}},
		{"meminfo without MemAvailable", "", "", "", "", "MemTotal: 5 kB\n",
			Available{Source: "unknown"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fixtures(t, c.v2max, c.v2cur, c.v1max, c.v1use, c.mi)
			assert.Equal(t, c.want, Query())
		})
	}
}

func TestQueryGoMemLimit(t *testing.T) {
	fixtures(t, "", "", "", "", meminfoText)
	prev := debug.SetMemoryLimit(1 << 40) // 1 TiB: above MemAvailable, not chosen
	defer debug.SetMemoryLimit(prev)
	assert.Equal(t, "MemAvailable (/proc/meminfo)", Query().Source)
	debug.SetMemoryLimit(64 << 20)
	a := Query()
	require.True(t, a.Known)
	assert.Equal(t, "GOMEMLIMIT", a.Source)
	assert.Less(t, a.Bytes, int64(64<<20), "the memory the runtime already holds is taken off")
}
