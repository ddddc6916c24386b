package sweep

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzMergeFiles feeds `sweep merge` (and `plot sweep`'s reader,
// results.ParseTable under it) two arbitrary input files: it must never
// panic, and a refused merge must leave no output file behind.
func FuzzMergeFiles(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "merge_seed.csv"))
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(seed, []byte("\n"))
	f.Add(seed, seed)
	if len(lines) >= 3 {
		first := append(append([]byte{}, lines[0]...), lines[1]...)
		second := append(append([]byte{}, lines[0]...), lines[2]...)
		f.Add(first, second)
		f.Add(first, lines[0])
		f.Add(seed[:len(seed)/2], seed)
		f.Add(bytes.Replace(seed, []byte(","), []byte(";"), 3), seed)
	}
	f.Add([]byte(""), []byte("combination\n"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		dir := t.TempDir()
		pa, pb := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
		out := filepath.Join(dir, "out.csv")
		if err := os.WriteFile(pa, a, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(pb, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := MergeFiles(out, []string{pa, pb}, MergeOptions{})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			if _, serr := os.Stat(out); serr == nil {
				t.Fatalf("refused merge (%v) left %s behind", err, out)
			}
			return
		}
		if _, err := os.Stat(out); err != nil {
			t.Fatalf("merge succeeded without writing out: %v", err)
		}
	})
}
