package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Flags that contradict each other are refused; a flag that does nothing
// under the policy or options given is run with a warning naming it
// (CLI QA, 2026-12-04: all were accepted in silence), and a flag left at
// its default says nothing.
func TestIdleAndContradictoryFlags(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	in := []string{"--park", park, "--series", series}

	code, _, errOut := cli(t, append([]string{"run", "--json", "--out", filepath.Join(t.TempDir(), "r")}, in...)...)
	require.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--json with --out")
	assert.Contains(t, errOut, "give one of them")

	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"run", "--policy", "perfect", "--horizon", "12h", "--forecast", "carbon=persistence"},
			[]string{"zeropark run: warning: --forecast does nothing under --policy perfect", "zeropark run: warning: --horizon does nothing under --policy perfect"}},
		{[]string{"run", "--policy", "grid", "--horizon", "12h"}, []string{"--horizon does nothing under --policy grid"}},
		{[]string{"run", "--policy", "mpc-perfect", "--forecast", "load=persistence"}, []string{"--forecast does nothing under --policy mpc-perfect"}},
		{[]string{"run", "--policy", "self", "--objective", "cost", "--carbon-price", "100"},
			[]string{"--objective does nothing under --policy self: the rule follows a fixed order", "--carbon-price does nothing under --policy self"}},
		{[]string{"run", "--policy", "perfect", "--limit-hours", "100"}, []string{"zeropark run: warning: --limit-hours 100: the series holds only 24 h, all of it used"}},
		// Beyond what a time.Duration holds: all of it, not one step.
		{[]string{"run", "--policy", "perfect", "--limit-hours", "3000000"}, []string{"--limit-hours 3000000: the series holds only 24 h, all of it used"}},
	} {
		code, stdout, errOut := cli(t, append(c.args, in...)...)
		require.Equal(t, exitOK, code, "%v: %s", c.args, errOut)
		for _, w := range c.want {
			assert.Contains(t, errOut, w, c.args)
		}
		assert.Equal(t, len(c.want), strings.Count(errOut, "warning:"), "%v: %s", c.args, errOut)
		assert.NotContains(t, stdout, "warning: --", c.args)
	}
	// Used, or left at their defaults: no warning.
	for _, args := range [][]string{
		{"run", "--policy", "mpc", "--horizon", "12h", "--forecast", "carbon=persistence"},
		{"run", "--policy", "mpc-perfect", "--horizon", "12h"},
		{"run", "--policy", "perfect", "--limit-hours", "24"},
		{"run", "--policy", "perfect"},
		{"run", "--policy", "perfect", "--objective", "cost", "--carbon-price", "100"},
	} {
		code, _, errOut := cli(t, append(args, in...)...)
		require.Equal(t, exitOK, code, "%v: %s", args, errOut)
		assert.NotContains(t, errOut, "warning", args)
	}

	out := filepath.Join(t.TempDir(), "s.csv")
	code, _, errOut = cli(t, append([]string{"sweep", "--vary", "pv.capacity_kwp=100,200", "--policy", "self", "--horizon", "12h", "--out", out}, in...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark sweep: warning: --horizon does nothing under --policy self")

	code, _, errOut = cli(t, append([]string{"plot", "week", "--policy", "perfect", "--forecast", "carbon=persistence", "--days", "1",
		"--out", filepath.Join(t.TempDir(), "w.svg")}, in...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark plot week: warning: --forecast does nothing under --policy perfect")

	pp, ps := writeInputs(t, planPark, testSeries)
	code, _, errOut = cli(t, "plan", "--park", pp, "--series", ps, "--no-check", "--forecast", "carbon=persistence")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark plan: warning: --forecast does nothing with --no-check")
	code, _, errOut = cli(t, "plan", "--park", pp, "--series", ps, "--no-check", "--mip-gap", "0.01")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark plan: warning: --mip-gap does nothing: the park's economics buy no whole units")
	code, _, errOut = cli(t, "plan", "--park", pp, "--series", ps, "--no-check")
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, errOut, "mip-gap")
	code, _, errOut = cli(t, "plan", "pathway", "--park", pp, "--series", ps, "--base-year", "2026", "--milestones", "2027:low-carbon",
		"--no-check", "--objective", "cost")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark plan pathway: warning: --objective does nothing with --no-check")
	// Idle, it is not held against --carbon-price, which sizes the
	// milestones whatever the objective.
	code, _, errOut = cli(t, "plan", "pathway", "--park", pp, "--series", ps, "--base-year", "2026", "--milestones", "2027:low-carbon",
		"--no-check", "--objective", "carbon", "--carbon-price", "100")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "--objective does nothing with --no-check")
	code, _, errOut = cli(t, "plan", "--park", pp, "--series", ps, "--no-check", "--objective", "cost")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "zeropark plan: warning: --objective does nothing with --no-check")
}
