package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// limitSweep varies the export limit to "unlimited" (the fixture's
// import limit is unlimited in every design).
var limitSweep = []string{"grid.export_limit_kw=0,500,unlimited", "battery.energy_kwh=0,1000"}

// asOlderZeropark writes a results file as zeropark wrote it before the
// columns carried their units: the old names and "+Inf" for unlimited.
func asOlderZeropark(t *testing.T, data []byte) []byte {
	t.Helper()
	head, rows, ok := strings.Cut(string(data), "\n")
	require.True(t, ok)
	cols := strings.Split(head, ",")
	renamed := 0
	for i, c := range cols {
		for _, r := range results.SweepRenames() {
			if c == r.New {
				cols[i] = r.Old
				renamed++
			}
		}
	}
	require.Len(t, results.SweepRenames(), renamed, "every renamed column is in the header")
	rows = strings.ReplaceAll(rows, results.Unlimited, "+Inf")
	return []byte(strings.Join(cols, ",") + "\n" + rows)
}

// A sweep writes an unlimited limit as "unlimited", in the parameter and
// the design columns, and resumes its own file (the word compares equal
// to the value the sweep makes).
func TestSweepWritesUnlimited(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, limitSweep...)
	data := runToFile(t, sc, sp, Options{Workers: 2})
	assert.NotContains(t, string(data), "Inf")
	tab, err := results.ParseTable(data, "r.csv")
	require.NoError(t, err)
	require.Len(t, tab.Rows, 6)
	for _, r := range tab.Rows {
		exp, err := tab.Float(r, "grid.export_limit_kw")
		require.NoError(t, err)
		design, err := tab.Float(r, "design_grid_export_limit_kw")
		require.NoError(t, err)
		assert.Equal(t, exp, design, "the design takes the varied limit")
		imp, _ := tab.Text(r, "design_grid_import_limit_kw")
		assert.Equal(t, results.Unlimited, imp, "the fixture's import limit")
	}
	exp, _ := tab.Text(tab.Rows[5], "grid.export_limit_kw")
	assert.Equal(t, results.Unlimited, exp)

	// Resumed with its last row torn off: only that row runs again.
	path := writeTemp(t, data[:len(data)-10])
	st, err := Run(context.Background(), sc, sp, path, Options{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, 5, st.Skipped)
	assert.Equal(t, 1, st.Done)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(got))
}

// A file an older zeropark wrote (old column names, "+Inf") resumes: its
// rows are kept, not run again, and the file is rewritten in the
// current form, the same bytes a fresh sweep writes. Merged with a shard
// in the current form, it gives that file too.
func TestResumeAndMergeOldHeader(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, limitSweep...)
	data := runToFile(t, sc, sp, Options{Workers: 2})
	old := asOlderZeropark(t, data)
	require.Contains(t, string(old), ",self_sufficiency,")
	require.Contains(t, string(old), "+Inf")

	// The old file without its last row: five kept, one run.
	lines := strings.SplitAfter(string(old), "\n")
	path := writeTemp(t, []byte(strings.Join(lines[:len(lines)-2], "")))
	st, err := Run(context.Background(), sc, sp, path, Options{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, 5, st.Skipped)
	assert.Equal(t, 1, st.Done)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(got), "rewritten with the new header and \"unlimited\"")

	// Unsorted (no final rewrite), the resume itself upgrades the file
	// before it appends: no file mixes two forms.
	path = writeTemp(t, []byte(strings.Join(lines[:len(lines)-2], "")))
	_, err = Run(context.Background(), sc, sp, path, Options{Workers: 1, Unsorted: true})
	require.NoError(t, err)
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(got), "the last combination is appended last anyway")

	// A resume with nothing to run upgrades the file too.
	path = writeTemp(t, old)
	st, err = Run(context.Background(), sc, sp, path, Options{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, 6, st.Skipped)
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(got))

	// Shards: the even rows in the old form, the odd in the new.
	even, odd := []string{lines[0]}, []string{strings.SplitAfter(string(data), "\n")[0]}
	newLines := strings.SplitAfter(string(data), "\n")
	for k := 1; k < len(lines)-1; k++ {
		if (k-1)%2 == 0 {
			even = append(even, lines[k])
		} else {
			odd = append(odd, newLines[k])
		}
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	require.NoError(t, os.WriteFile(a, []byte(strings.Join(even, "")), 0o644))
	require.NoError(t, os.WriteFile(b, []byte(strings.Join(odd, "")), 0o644))
	merged := filepath.Join(dir, "m.csv")
	ms, err := MergeFiles(merged, []string{a, b}, MergeOptions{RequireComplete: true})
	require.NoError(t, err)
	assert.Equal(t, 6, ms.Rows)
	got, err = os.ReadFile(merged)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(got))
}

// The parameter values a sweep reads back from its "unlimited" cells are
// the values it varied: +Inf, so the resume check compares like with
// like.
func TestUnlimitedParameterValue(t *testing.T) {
	sp := mustSpace(t, limitSweep...)
	v := sp.Values(4) // odometer: export limit slowest
	assert.True(t, math.IsInf(v[0], 1))
	assert.Equal(t, []string{"4", results.Unlimited, "0"}, results.SweepKeyFields(4, v, results.Design{})[:3])
}

// An old-form file (old names, "+Inf") ending in a torn line keeps the
// resume guards: made from another period it is refused and left byte
// for byte as it was (neither upgraded nor cut); without its fingerprint
// columns it is refused unless forced, and forced it is adopted and
// rewritten in the current form.
func TestOldHeaderGuards(t *testing.T) {
	sc := fixture(t, fixtureSteps)
	sp := mustSpace(t, limitSweep...)
	data := runToFile(t, sc, sp, Options{Workers: 2, Stamp: "zeropark test"})
	old := asOlderZeropark(t, data)
	torn := old[:len(old)-10]

	path := writeTemp(t, torn)
	_, err := Run(context.Background(), fixture(t, fixtureSteps-24), sp, path, Options{Workers: 1, Stamp: "zeropark test"})
	require.ErrorIs(t, err, ErrFingerprint)
	assert.ErrorContains(t, err, "period changed")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(torn), string(got), "a refused file is left as it was")

	// The old form before fingerprints: the closing columns cut off.
	recs, err := csv.NewReader(bytes.NewReader(old)).ReadAll()
	require.NoError(t, err)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, r := range recs {
		require.NoError(t, w.Write(r[:len(r)-len(results.ClosingColumns)]))
	}
	w.Flush()
	legacy := b.Bytes()
	require.Contains(t, string(legacy), ",self_sufficiency,")
	path = writeTemp(t, legacy[:len(legacy)-10])
	_, err = Run(context.Background(), sc, sp, path, Options{Workers: 1, Stamp: "zeropark test"})
	require.ErrorIs(t, err, ErrFingerprint)
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(legacy[:len(legacy)-10]), string(got), "a refused file is left as it was")

	st, err := Run(context.Background(), sc, sp, path, Options{Workers: 1, Stamp: "zeropark test", ForceResume: true, Warn: func(string) {}})
	require.NoError(t, err)
	assert.Equal(t, 5, st.Skipped, "five whole rows adopted")
	assert.Equal(t, 1, st.Done, "the torn one run again")
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	// The file a fresh sweep writes, but for the adopted rows' build.
	want, err := results.ParseTable(data, "want")
	require.NoError(t, err)
	tab, err := results.ParseTable(got, "got")
	require.NoError(t, err)
	assert.False(t, tab.Upgraded(), "written in the current form")
	assert.Equal(t, want.Header, tab.Header)
	require.Len(t, tab.Rows, 6)
	for i, r := range tab.Rows {
		wf := slices.Clone(want.Rows[i].Fields)
		if i < 5 {
			wf[len(wf)-1] = "" // adopted: build unrecorded
		}
		assert.Equal(t, wf, r.Fields, "row %d", i)
	}
}
