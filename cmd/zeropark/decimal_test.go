package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Whole-number flags are decimal: 010 is ten hours, not eight (the flag
// package read a leading 0 as octal), and 0x10, 1_0 or 1e1 are refused
// with exit 2, naming the flag; a value beyond the type is out of range.
func TestIntFlagsDecimal(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	sum := runSummary(t, "--park", park, "--series", series, "--policy", "perfect", "--limit-hours", "010")
	assert.Equal(t, 10, sum.Steps, "010 is ten")
	for _, v := range []string{"0x10", "0o10", "1_0", "1e1", "10.0", " 10"} {
		code, _, errOut := cli(t, "run", "--park", park, "--series", series, "--limit-hours", v)
		require.Equal(t, exitBadInput, code, v)
		assert.Contains(t, errOut, "for flag --limit-hours: not a whole number in decimal", v)
	}
	code, _, errOut := cli(t, "plan", "frontier", "--points", "99999999999999999999")
	require.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "for flag --points: out of range")
	code, _, errOut = cli(t, "serve", "--max-body-bytes", "0x100")
	require.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "for flag --max-body-bytes: not a whole number in decimal")
}
