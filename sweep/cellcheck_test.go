package sweep

import (
	"context"
	"os"
	"path/filepath"
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
