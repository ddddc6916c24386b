package sweep

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
)

// Resuming over another period (another --limit-hours: a series of
// another length) names the period and both step counts, not just "the
// series changed".
func TestResumeNamesChangedPeriod(t *testing.T) {
	out := partialSweep(t, fixture(t, fixtureSteps), Options{})
	shorter := fixtureSteps - 24
	_, err := Run(context.Background(), fixture(t, shorter), mustSpace(t, smallSweep...), out, Options{Workers: 1})
	require.ErrorIs(t, err, ErrFingerprint)
	var fe *FingerprintError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, fixtureSteps, fe.HaveSteps)
	assert.Equal(t, shorter, fe.WantSteps)
	assert.Contains(t, err.Error(), "the period changed")
	assert.Contains(t, err.Error(), "--limit-hours")
	assert.NotContains(t, err.Error(), "the series changed")
	assert.Contains(t, err.Error(), "use another --out")

	// Without the step counts (unknown), both causes are named.
	fe = &FingerprintError{File: "r.csv", Line: 2, Rows: 1, Parts: []string{"series"}}
	assert.Contains(t, fe.Error(), "the series or its period (--limit-hours) changed")
}

// Resuming with another policy is one line for the whole file, naming the
// file's policy and the one asked for, with the advice.
func TestResumeOtherPolicyOneLine(t *testing.T) {
	out := partialSweep(t, fixture(t, fixtureSteps), Options{Policy: dispatch.SelfConsumptionPolicy})
	_, err := Run(context.Background(), fixture(t, fixtureSteps), mustSpace(t, smallSweep...), out,
		Options{Workers: 1, Policy: dispatch.GridOnlyPolicy})
	require.ErrorIs(t, err, ErrFile)
	msg := err.Error()
	assert.NotContains(t, msg, "\n")
	assert.Contains(t, msg, out+":2:")
	assert.Contains(t, msg, `policy "`+string(dispatch.SelfConsumptionPolicy)+`"`)
	assert.Contains(t, msg, `asks for "`+string(dispatch.GridOnlyPolicy)+`"`)
	assert.Contains(t, msg, "use another --out")
	assert.Equal(t, 1, strings.Count(msg, "written with policy"))
}

// An interrupted sweep says how many rows it wrote, without the
// context's text, and still unwraps to context.Canceled.
func TestInterruptedText(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows := 0
	_, err := Run(ctx, fixture(t, fixtureSteps), mustSpace(t, smallSweep...), out, Options{Workers: 1, OnRow: func(int) {
		if rows++; rows == 1 {
			cancel()
		}
	}})
	require.ErrorIs(t, err, context.Canceled)
	var ie *InterruptedError
	require.ErrorAs(t, err, &ie)
	assert.NotContains(t, err.Error(), "context canceled")
	assert.Contains(t, err.Error(), "rows written")
	data, rerr := os.ReadFile(out)
	require.NoError(t, rerr)
	assert.Equal(t, ie.Written, strings.Count(string(data), "\n")-1, "rows in the file, below the header")
}

// Start is told the counts before any combination runs.
func TestStartCallback(t *testing.T) {
	out := partialSweep(t, fixture(t, fixtureSteps), Options{})
	var atStart *Stats
	ran := 0
	st, err := Run(context.Background(), fixture(t, fixtureSteps), mustSpace(t, smallSweep...), out, Options{Workers: 1,
		Start: func(s Stats) { atStart = &s },
		OnRow: func(int) {
			ran++
		}})
	require.NoError(t, err)
	require.NotNil(t, atStart)
	assert.Equal(t, st.Skipped, atStart.Skipped)
	assert.Equal(t, 0, atStart.Done, "called before any row ran")
	assert.Equal(t, ran, atStart.Owned-atStart.Skipped)
}

// A merge names a file given twice, and a header mismatch names the first
// column that differs instead of printing both headers.
func TestMergeDuplicatesAndHeaderDiff(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	_, err := Run(context.Background(), fixture(t, fixtureSteps), mustSpace(t, smallSweep...), a, Options{Workers: 1})
	require.NoError(t, err)
	st, err := MergeFiles(filepath.Join(dir, "m.csv"), []string{a, a}, MergeOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{a + " is given twice"}, st.Duplicates)
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink(a, link))
	st, err = MergeFiles(filepath.Join(dir, "m.csv"), []string{a, link}, MergeOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{link + " is the same file as " + a}, st.Duplicates)

	data, err := os.ReadFile(a)
	require.NoError(t, err)
	header, rest, _ := strings.Cut(string(data), "\n")
	cols := strings.Split(header, ",")
	renamed := cols[2]
	cols[2] = "renamed_kw"
	b := filepath.Join(dir, "b.csv")
	require.NoError(t, os.WriteFile(b, []byte(strings.Join(cols, ",")+"\n"+rest), 0o644))
	_, err = MergeFiles(filepath.Join(dir, "m2.csv"), []string{a, b}, MergeOptions{})
	require.True(t, errors.Is(err, ErrFile), "%v", err)
	assert.Contains(t, err.Error(), `column 3 is "renamed_kw", `+a+` has "`+renamed+`" there`)
	assert.NotContains(t, err.Error(), "\n")
}

func TestHeaderDiff(t *testing.T) {
	for _, tc := range []struct {
		have, want []string
		text       string
	}{
		{[]string{"a", "b"}, []string{"a", "c"}, `column 2 is "b", f has "c" there`},
		{[]string{"a", "b", "x"}, []string{"a", "b"}, `column 3 "x" is extra (3 columns, f has 2)`},
		{[]string{"a"}, []string{"a", "b"}, `column 2 "b" is missing (1 columns, f has 2)`},
	} {
		assert.Equal(t, tc.text, headerDiff(tc.have, tc.want, "f"))
	}
}
