package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unwrapped is help text s with its line breaks and indents made single
// spaces: what a test of a sentence in the help compares, wherever the
// help's width breaks it.
func unwrapped(s string) string { return strings.Join(strings.Fields(s), " ") }

// Every command's --help fits 80 columns (a tab to the next multiple of
// 8): plan's had lines of 715 characters, its columns' descriptions
// among them.
func TestHelpWidth(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"run", "--help"}, {"report", "--help"}, {"sweep", "--help"},
		{"sweep", "merge", "--help"}, {"plan", "--help"}, {"plan", "frontier", "--help"}, {"plan", "pathway", "--help"},
		{"validate", "--help"}, {"forecast", "--help"}, {"plot", "--help"}, {"plot", "week", "--help"},
		{"plot", "sweep", "--help"}, {"plot", "roadmap", "--help"}, {"plot", "frontier", "--help"}, {"serve", "--help"}, {"demo", "--help"}} {
		code, out, errOut := cli(t, args...)
		text := out + errOut
		require.Equal(t, 0, code, "%v: %s", args, text)
		require.NotEmpty(t, text, args)
		for i, line := range strings.Split(text, "\n") {
			assert.LessOrEqual(t, columns(line), helpWidth, "%v, line %d: %q", args, i+1, line)
		}
	}
}

// wrapHelp breaks at spaces, continuations under the text: a column's
// description, a flag's help after its tab, a bullet's text; a word wider
// than the room stays whole, and short lines are kept as they are.
func TestWrapHelp(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"short line", 16, "short line"},
		{"  name    one two three four", 20, "  name    one two\n          three four"},
		{"    \tone two three four five", 22, "    \tone two three\n    \tfour five"},
		{"  - one two three four", 16, "  - one two\n    three four"},
		{"one two three four", 16, "one two three\nfour"},
		{"  averyveryverylongword x", 16, "  averyveryverylongword\n  x"},
		{"a\n\nb", 16, "a\n\nb"},
		{"  zeropark run --a --b", 16, "  zeropark run\n      --a --b"},
		// A line over the width takes its paragraph's plain lines along
		// (QA D6, session 38: a line reading "Not" alone in plan --help);
		// one within it, a bullet, a column, a synopsis and a blank line
		// stop it.
		{"one two three four\nfive six\nseven", 16, "one two three\nfour five six\nseven"},
		{"one two\nthree", 16, "one two\nthree"},
		{"one two three four\n- five", 16, "one two three\nfour\n- five"},
		{"one two three four\n\nfive", 16, "one two three\nfour\n\nfive"},
		{"  one two three four\n  zeropark x", 16, "  one two three\n  four\n  zeropark x"},
		{"  one two three four\n    five", 16, "  one two three\n  four\n    five"},
	} {
		assert.Equal(t, c.want, wrapHelp(c.in, c.width), "%q", c.in)
	}
	assert.Equal(t, 8, columns("    \t"))
	assert.Equal(t, 3, columns("é×−"))
}

// A flag's help joins the lines that break a sentence and keeps those
// after a full stop or a colon.
func TestJoinBroken(t *testing.T) {
	assert.Equal(t, "one two three", joinBroken("one two\nthree"))
	assert.Equal(t, "one.\nTwo: x three", joinBroken("one.\nTwo: x\nthree"))
	assert.Equal(t, "a:\nb", joinBroken("a:\nb"))
}
