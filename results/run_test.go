package results_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/atomicdir"
	"github.com/zeropark/zeropark/results"
)

// entries lists dir's file names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteRun(t *testing.T) {
	p, prof := mustProfiles(t, 24)
	res := run(t, p, prof, dispatch.SelfConsumptionPolicy, false)
	summary := summaryOf(t, res, "")
	note := results.OutputFile{Name: "note.txt", Write: func(w io.Writer) error {
		_, err := io.WriteString(w, "hello\n")
		return err
	}}
	failing := results.OutputFile{Name: "plot.svg", Write: func(w io.Writer) error {
		_, _ = io.WriteString(w, "<svg")
		return errors.New("plot broke")
	}}

	t.Run("new dir", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, results.WriteRun(dir, p, res.Schedule, summary, note))
		assert.ElementsMatch(t, []string{"intervals.csv", "summary.json", "note.txt"}, entries(t, dir))
		assert.Equal(t, []string{"out"}, entries(t, parent), "no temporary directory left")
		data, err := os.ReadFile(filepath.Join(dir, "intervals.csv"))
		require.NoError(t, err)
		assert.Equal(t, 25, strings.Count(string(data), "\n"))
	})
	t.Run("every file reads back", func(t *testing.T) {
		a, err := dispatch.Attribute(p, prof, res)
		require.NoError(t, err)
		dir := filepath.Join(t.TempDir(), "out")
		require.NoError(t, results.WriteRun(dir, p, res.Schedule, summary, results.AttributionFiles(prof, a)...))
		assert.ElementsMatch(t, results.RunFiles[:5], entries(t, dir))
		open := func(name string) io.Reader {
			f, err := os.Open(filepath.Join(dir, name))
			require.NoError(t, err)
			t.Cleanup(func() { f.Close() })
			return f
		}
		iv, err := results.ReadIntervalsCSV(open(results.IntervalsFile), results.IntervalsFile)
		require.NoError(t, err)
		back, err := results.ReadSummaryJSON(open(results.SummaryFile), results.SummaryFile)
		require.NoError(t, err)
		relClose(t, back.ResidualKgCO2e, sum(iv.Column(results.ColEmissionsKgCO2e)), "summary and intervals agree")
		tenants, err := results.ReadTenantsCSV(open(results.TenantsFile), results.TenantsFile)
		require.NoError(t, err)
		assert.Len(t, tenants, 2)
		ti, err := results.ReadTenantIntervalsCSV(open(results.TenantIntervalsFile), results.TenantIntervalsFile)
		require.NoError(t, err)
		assert.Len(t, ti.Time, 24)
		_, err = results.ReadAttributionJSON(open(results.AttributionFile), results.AttributionFile)
		require.NoError(t, err)
	})
	t.Run("existing dir replaced whole", func(t *testing.T) {
		// An earlier run's tenants.csv and plot must not stay beside this
		// run's intervals.csv and summary.json.
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, os.Mkdir(dir, 0o755))
		for _, name := range []string{"intervals.csv", "summary.json", "tenants.csv", "week.png"} {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o644))
		}
		require.NoError(t, results.WriteRun(dir, p, res.Schedule, summary))
		assert.ElementsMatch(t, []string{"intervals.csv", "summary.json"}, entries(t, dir))
		data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
		require.NoError(t, err)
		assert.Contains(t, string(data), `"policy": "self"`)
		assert.Equal(t, []string{"out"}, entries(t, parent))
	})
	t.Run("existing dir with a user's file refused", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, os.Mkdir(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "summary.json"), []byte("old"), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644))
		werr := results.WriteRun(dir, p, res.Schedule, summary)
		require.ErrorIs(t, werr, results.ErrOutput)
		assert.Contains(t, werr.Error(), "keep.txt")
		assert.ElementsMatch(t, []string{"summary.json", "keep.txt"}, entries(t, dir))
		data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
		require.NoError(t, err)
		assert.Equal(t, "old", string(data))
		// The run's files are kept beside it, not lost.
		es := entries(t, parent)
		require.Len(t, es, 2)
		assert.Equal(t, "out", es[0])
		assert.Contains(t, werr.Error(), "these files were written to "+filepath.Join(parent, es[1])+" instead")
		assert.Contains(t, entries(t, filepath.Join(parent, es[1])), "summary.json")
	})
	t.Run("failure leaves nothing", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		err := results.WriteRun(dir, p, res.Schedule, summary, note, failing)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "plot broke")
		assert.Empty(t, entries(t, parent))
	})
	t.Run("failure keeps existing dir untouched", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, os.Mkdir(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "summary.json"), []byte("old"), 0o644))
		require.Error(t, results.WriteRun(dir, p, res.Schedule, summary, failing))
		assert.Equal(t, []string{"summary.json"}, entries(t, dir))
		data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
		require.NoError(t, err)
		assert.Equal(t, "old", string(data))
		assert.Equal(t, []string{"out"}, entries(t, parent))
	})
	for _, name := range []string{"", "a/b.svg", "..", "summary.json"} {
		t.Run("bad extra name "+name, func(t *testing.T) {
			parent := t.TempDir()
			err := results.WriteRun(filepath.Join(parent, "out"), p, res.Schedule, summary, results.OutputFile{Name: name, Write: note.Write})
			assert.ErrorIs(t, err, results.ErrOutput)
			assert.Empty(t, entries(t, parent))
		})
	}
	t.Run("dir is a file", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		require.NoError(t, os.WriteFile(dir, []byte("x"), 0o644))
		assert.ErrorIs(t, results.WriteRun(dir, p, res.Schedule, summary), results.ErrOutput)
		assert.Equal(t, []string{"out"}, entries(t, parent))
	})
}

func ExampleWriteRun() {
	p, prof, err := fixtureProfiles(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := dispatch.DefaultConfig()
	res, err := dispatch.SelfConsumption(p, prof, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := dispatch.Attribute(p, prof, res)
	if err != nil {
		fmt.Println(err)
		return
	}
	parent, err := os.MkdirTemp("", "zeropark-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(parent)
	dir := filepath.Join(parent, "run")
	sum := results.NewSummary(p.Name, cfg.Horizon, "", res.Report)
	if err := results.WriteRun(dir, p, res.Schedule, sum, results.AttributionFiles(prof, a)...); err != nil {
		fmt.Println(err)
		return
	}
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		fmt.Println(e.Name())
	}
	// Output:
	// attribution.json
	// intervals.csv
	// summary.json
	// tenant_intervals.csv
	// tenants.csv
}

// TestCheckRunDirError: a directory that cannot take the run is a
// *DirError naming it, whose Reason leaves the directory out (the CLI
// names it after the flag) and which unwraps to ErrOutput and atomicdir's
// sentinel.
func TestCheckRunDirError(t *testing.T) {
	tests := []struct {
		name     string
		make     func(t *testing.T, dir string)
		sentinel error
		reason   string
	}{
		{"user's file", func(t *testing.T, dir string) {
			require.NoError(t, os.Mkdir(dir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "keep.txt"), nil, 0o644))
		}, atomicdir.ErrForeign, "keep.txt"},
		{"not a directory", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(dir, nil, 0o644))
		}, atomicdir.ErrNotDir, "exists and is not a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			tc.make(t, dir)
			err := results.CheckRunDir(dir)
			require.ErrorIs(t, err, results.ErrOutput)
			require.ErrorIs(t, err, tc.sentinel)
			var de *results.DirError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, dir, de.Dir)
			assert.Contains(t, de.What, results.IntervalsFile)
			assert.Contains(t, err.Error(), dir)
			assert.Contains(t, de.Reason(), tc.reason)
			assert.Contains(t, de.Reason(), de.What)
			assert.NotContains(t, de.Reason(), dir)
			assert.Equal(t, strings.Replace(err.Error(), dir+": ", "", 1), de.Reason(), "the same text less the directory")
		})
	}
}
