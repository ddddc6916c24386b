package sweep

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// TestWrittenRowsPassCellCheck: every row a sweep writes passes the
// cell check a merge and a resume make — on every demo (economics,
// heat), on a park without economics, under each kind of policy, with
// the timing columns and unlimited grid limits.
func TestWrittenRowsPassCellCheck(t *testing.T) {
	type run struct {
		name   string
		policy dispatch.Policy
		vary   []string
	}
	runs := []run{
		{"fixture", dispatch.RollingHorizon, []string{"battery.energy_kwh=0,1000", "grid.import_limit_kw=300,unlimited"}},
		{"fixture", dispatch.GridOnlyPolicy, []string{"pv.capacity_kwp=0,2000"}},
	}
	for _, name := range demo.Names() {
		runs = append(runs, run{name, dispatch.Perfect, []string{"pv.capacity_kwp=0,3000", "load.scale=0.5,1"}})
	}
	for _, r := range runs {
		t.Run(r.name+"/"+string(r.policy), func(t *testing.T) {
			sc := fixture(t, 48)
			if r.name != "fixture" {
				sc = demoSlice(t, r.name, 24*150, 48)
			}
			out := filepath.Join(t.TempDir(), "r.csv")
			_, err := Run(context.Background(), sc, mustSpace(t, r.vary...), out, Options{Policy: r.policy, Workers: 2, Timings: true})
			require.NoError(t, err)
			tab, err := results.ReadTable(out)
			require.NoError(t, err)
			require.NotEmpty(t, tab.Rows)
			assert.NoError(t, tab.CheckCells(0))
		})
	}
}

// TestMergeRefusesBadCells: a cell a merge copies without reading is
// checked first; the error names the input's line, column and value, and
// nothing is written.
func TestMergeRefusesBadCells(t *testing.T) {
	sc := fixture(t, 24)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	_, err := Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0,500,1000"), in, Options{Workers: 2})
	require.NoError(t, err)
	good, err := os.ReadFile(in)
	require.NoError(t, err)
	tab, err := results.ReadTable(in)
	require.NoError(t, err)

	for _, c := range []struct {
		row    int
		column string
		value  string
		why    string
	}{
		{0, "energy_load_kwh", "abc", "not a number"},
		{1, "residual_kgco2e", "NaN", "not a finite number"},
		{2, "design_pv_capacity_kwp", "-1e5", "below 0"},
		{0, "energy_load_kwh", "-1e5", "below 0"},
		{1, results.ColStage, "", "empty"},
		{2, "indicators_met", "yes", "neither true nor false"},
		{0, results.ColSteps, "24.5", "not a whole number"},
		{1, "start", "June", "not an RFC 3339 time"},
		{2, "objective", "price", "unknown objective"},
		{0, "pv.capacity_kwp", "lots", "not a number"},
		// Three capital letters, but no ISO 4217 code (the park file's
		// check, model.IsCurrencyCode, is the cells' too).
		{1, results.ColCurrency, "RMB", "not an ISO 4217 code"},
		// A heat column is always written (0 without heat); a stage's cost
		// may be empty (TestWrittenRowsPassCellCheck's rows without economics).
		{2, results.ColHeatLoadKWhTh, "", "empty, and this column is always written"},
	} {
		t.Run(c.column+"="+c.value, func(t *testing.T) {
			j := tab.Col(c.column)
			require.GreaterOrEqual(t, j, 0, c.column)
			bad := *tab
			bad.Rows = append([]results.Row(nil), tab.Rows...)
			r := &bad.Rows[c.row]
			r.Fields = append([]string(nil), r.Fields...)
			r.Fields[j] = c.value
			require.NoError(t, os.WriteFile(in, results.EncodeTable(bad.Header, bad.Rows), 0o644))
			out := filepath.Join(dir, "out-"+c.column+".csv")

			_, err := MergeFiles(out, []string{in}, MergeOptions{})
			require.ErrorIs(t, err, ErrFile)
			msg := err.Error()
			for _, want := range []string{in + ":" + strconv.Itoa(r.Line), `column "` + c.column + `"`, c.why} {
				assert.Contains(t, msg, want)
			}
			if c.value != "" {
				assert.Contains(t, msg, `value "`+c.value+`"`)
			}
			assert.NoFileExists(t, out, "nothing is written")

			// A resume of that file refuses it too, and leaves it as it was.
			before, err := os.ReadFile(in)
			require.NoError(t, err)
			_, err = Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0,500,1000"), in, Options{Workers: 1})
			require.ErrorIs(t, err, results.ErrFile)
			assert.Contains(t, err.Error(), c.why)
			after, err := os.ReadFile(in)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after))
		})
	}

	// The file as written merges, and so does a cell of a column this
	// zeropark does not know (a newer one's), empty or not.
	require.NoError(t, os.WriteFile(in, good, 0o644))
	_, err = MergeFiles(filepath.Join(dir, "out.csv"), []string{in}, MergeOptions{})
	require.NoError(t, err)
	newer := strings.Replace(string(good), "\n", ",future_column\n", 1)
	newer = strings.ReplaceAll(newer, "\n", ",\n")
	newer = strings.Replace(newer, ",future_column,\n", ",future_column\n", 1)
	require.NoError(t, os.WriteFile(in, []byte(newer), 0o644))
	newTab, err := results.ReadTable(in)
	require.NoError(t, err)
	assert.NoError(t, newTab.CheckCells(0))
}

// TestCheckCellsCapsItsErrors: a file broken throughout is named by its
// first bad cells and a count, not a line each.
func TestCheckCellsCapsItsErrors(t *testing.T) {
	sc := fixture(t, 24)
	in := filepath.Join(t.TempDir(), "in.csv")
	_, err := Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0:2000:100"), in, Options{Workers: 2})
	require.NoError(t, err)
	tab, err := results.ReadTable(in)
	require.NoError(t, err)
	j := tab.Col("energy_load_kwh")
	for i := range tab.Rows {
		tab.Rows[i].Fields[j] = "x"
	}
	err = tab.CheckCells(3)
	require.Error(t, err)
	assert.Equal(t, 4, strings.Count(err.Error(), "\n")+1, err.Error())
	assert.Contains(t, err.Error(), "18 more cells like these")
}

// `sweep merge -o FILE` never overwrites what the merge would lose: a
// file that is not a sweep's results, another sweep's, or this sweep's
// holding combinations the inputs do not. An earlier merge of the same
// shards, an empty file or one of the inputs is replaced (QA,
// 2026-12-04: -o notes.csv replaced a series, exit 0).
func TestMergeRefusesToOverwrite(t *testing.T) {
	sc := fixture(t, 24)
	dir := t.TempDir()
	sp := mustSpace(t, "pv.capacity_kwp=0,500,1000,1500")
	var shards []string
	for i := range 2 {
		in := filepath.Join(dir, "shard-"+strconv.Itoa(i)+".csv")
		_, err := Run(context.Background(), sc, sp, in, Options{Workers: 1, Shard: Shard{Index: i, Count: 2}})
		require.NoError(t, err)
		shards = append(shards, in)
	}
	other := filepath.Join(dir, "other.csv")
	_, err := Run(context.Background(), sc, mustSpace(t, "battery.energy_kwh=0,1000"), other, Options{Workers: 1})
	require.NoError(t, err)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	full := filepath.Join(dir, "all.csv")
	_, err = MergeFiles(full, shards, MergeOptions{})
	require.NoError(t, err)
	fullData, err := os.ReadFile(full)
	require.NoError(t, err)

	for _, c := range []struct {
		name, out, why string
	}{
		{"a series", write("series.csv", "timestamp,load_kw\n2024-01-01T00:00:00Z,5\n"), "exists and is not a sweep results file"},
		{"notes", write("notes.txt", "my important notes\n"), "exists and is not a sweep results file"},
		{"another sweep", other, `exists and holds another sweep's results (header differs from the inputs': column 2 is "battery.energy_kwh", the inputs' header has "pv.capacity_kwp" there)`},
		{"this sweep, more rows", full, "exists and holds 2 combinations of this sweep the inputs do not (the first: 1)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, err := os.ReadFile(c.out)
			require.NoError(t, err)
			_, err = MergeFiles(c.out, shards[:1], MergeOptions{})
			require.ErrorIs(t, err, ErrFile)
			assert.Contains(t, err.Error(), c.out)
			assert.Contains(t, err.Error(), c.why)
			after, err := os.ReadFile(c.out)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "left as it was")
		})
	}
	// Replaced: an earlier merge of the same shards, an empty file.
	_, err = MergeFiles(full, shards, MergeOptions{})
	require.NoError(t, err)
	got, err := os.ReadFile(full)
	require.NoError(t, err)
	assert.Equal(t, string(fullData), string(got))
	_, err = MergeFiles(write("empty.csv", ""), shards, MergeOptions{})
	assert.NoError(t, err)
}

// policy.horizon_h is refused under a policy that uses no look-ahead:
// every row would be the same run labelled with a horizon it did not use
// (QA, 2026-12-04). The rolling horizons take it.
func TestHorizonAxisNeedsARollingPolicy(t *testing.T) {
	sc := fixture(t, 24)
	sp := mustSpace(t, "policy.horizon_h=6,12")
	for _, pol := range []dispatch.Policy{dispatch.Perfect, dispatch.SelfConsumptionPolicy, dispatch.GridOnlyPolicy} {
		out := filepath.Join(t.TempDir(), "r.csv")
		_, err := Run(context.Background(), sc, sp, out, Options{Policy: pol, Workers: 1})
		require.ErrorIs(t, err, ErrSpec, pol)
		assert.Contains(t, err.Error(), "which --policy "+string(pol)+" does not use", pol)
		assert.NoFileExists(t, out)
	}
	for _, pol := range []dispatch.Policy{dispatch.RollingHorizon, dispatch.PerfectInformation} {
		_, err := Run(context.Background(), sc, sp, filepath.Join(t.TempDir(), "r.csv"), Options{Policy: pol, Workers: 1})
		assert.NoError(t, err, pol)
	}
}

// Workers beyond the combinations are not started: a million on two runs
// them as two (CLI QA, 2026-12-04: --workers 100000 exhausted the
// process's threads).
func TestWorkersCappedAtCombinations(t *testing.T) {
	sc := fixture(t, 24)
	out := filepath.Join(t.TempDir(), "sweep.csv")
	before := runtime.GOMAXPROCS(0)
	st, err := Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0,500"), out, Options{Policy: "grid", Workers: 1_000_000})
	require.NoError(t, err)
	assert.Equal(t, 2, st.Done)
	assert.Equal(t, before, runtime.GOMAXPROCS(0), "restored")
}

// The results file through a symbolic link is the link's target, written
// and rewritten there with the link kept; a device or a directory is
// refused (CLI QA, 2026-12-04: --out /dev/stdout, run as root, replaced
// the device's link with a file).
func TestResultsThroughLink(t *testing.T) {
	sc := fixture(t, 24)
	dir := t.TempDir()
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink("target.csv", link))
	_, err := Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0,500"), link, Options{Policy: "grid", Workers: 2})
	require.NoError(t, err)
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink, "the link is kept")
	b, err := os.ReadFile(filepath.Join(dir, "target.csv"))
	require.NoError(t, err)
	assert.Equal(t, 3, strings.Count(string(b), "\n"), "header and two rows in the target")

	for _, bad := range []string{os.DevNull, dir} {
		_, err = Run(context.Background(), sc, mustSpace(t, "pv.capacity_kwp=0,500"), bad, Options{Policy: "grid", Workers: 2})
		require.ErrorIs(t, err, ErrSpec, bad)
		assert.Contains(t, err.Error(), "a sweep appends to a file and rewrites it in place")
	}
}
