package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// zeropark plan --staged: the header says so, the additions table has
// the step investment column, roadmap.json has staged: true and each
// stage's step (its investment less the stage before's), and so has
// roadmap.csv (results.StagedRows); without the flag none of them. plan
// frontier --staged is refused.
func TestPlanStaged(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--no-check", "--staged", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "\nStaged    each stage builds on the design before it (--staged)\n")
	assert.Contains(t, stdout, "step investment")
	rows, rm := readPlanDir(t, out)
	assert.True(t, rm.Staged)
	require.Len(t, rm.Rows, 4)
	// roadmap.csv carries the steps too: read back, it is staged.
	assert.True(t, results.StagedRows(rows), "roadmap.csv says it was staged")
	require.Len(t, rows, 4)
	for i, r := range rows {
		assert.Equal(t, rm.Rows[i].StepInvestment, r.StepInvestment, r.Target)
	}
	assert.Nil(t, rm.Rows[0].StepInvestment, "today's park has no step")
	prev := 0.0
	for _, r := range rm.Rows[1:] {
		if r.Unreachable != "" {
			break
		}
		require.NotNil(t, r.StepInvestment, r.Target)
		require.NotNil(t, r.Investment, r.Target)
		assert.InDelta(t, *r.Investment-prev, *r.StepInvestment, 1e-6*(1+*r.Investment), r.Target)
		prev = *r.Investment
	}

	plain := filepath.Join(t.TempDir(), "plain")
	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--no-check", "--out", plain)
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, stdout, "Staged ")
	assert.NotContains(t, stdout, "step investment")
	rows, rm = readPlanDir(t, plain)
	assert.False(t, rm.Staged)
	assert.False(t, results.StagedRows(rows))

	code, stdout, errOut = cli(t, "plan", "frontier", "--park", park, "--series", series, "--staged")
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Empty(t, stdout)
	assert.Equal(t, "zeropark plan frontier: --staged applies to the roadmap (zeropark plan), not to plan frontier\n", errOut)
	const flagHelp = "build each stage on the design before it"
	_, help, _ := cli(t, "plan", "--help")
	assert.Contains(t, help, flagHelp)
	_, help, _ = cli(t, "plan", "frontier", "--help")
	assert.False(t, strings.Contains(help, flagHelp), "plan frontier --help does not offer it")
}
